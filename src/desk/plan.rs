//! `/plan` in chat (issue 6, part 3): method by button, amount by free text, then the plan as
//! text plus ICS and XLSX documents. Starts today (Bangkok); the CLI offers more options.
use super::callback::Callback;
use super::dialogue::Dialogue;
use super::outgoing::{Attachment, Button, Outgoing};
use super::service::{Desk, Res, Turn};
use crate::store::DeskStore;
use crate::timeline::{Baht, PlanRequest, export, plan_forward};

impl<S: DeskStore> Desk<S> {
    pub(super) async fn plan_start(&self, t: &mut Turn<'_>) -> Res<()> {
        let Some(planner) = &self.advisor.planner else {
            t.reply(t.say.plan_unavailable());
            return Ok(());
        };
        let buttons = planner
            .rules
            .methods()
            .iter()
            .map(|m| {
                let label = match t.say.0 {
                    super::Lang::Th => m.name_th.clone(),
                    super::Lang::En => m.name_en.clone(),
                };
                vec![Button::new(
                    label,
                    Callback::PlanMethod {
                        method: m.code.clone(),
                    }
                    .encode(),
                )]
            })
            .collect();
        t.reply_with(
            Outgoing::text(t.inc.chat.id, t.say.plan_choose_method()).with_buttons(buttons),
        );
        Ok(())
    }

    pub(super) async fn plan_method(&self, t: &mut Turn<'_>, method: &str) -> Res<()> {
        let Some(found) = self
            .advisor
            .planner
            .as_ref()
            .and_then(|p| p.rules.method(method).ok())
        else {
            t.reply(t.say.stale_button());
            return Ok(());
        };
        let name = match t.say.0 {
            super::Lang::Th => found.name_th.clone(),
            super::Lang::En => found.name_en.clone(),
        };
        t.reply(t.say.plan_ask_amount(&name));
        self.set_dialogue(
            t,
            Some(Dialogue::PlanAmount {
                method: method.to_owned(),
            }),
        )
        .await
    }

    pub(super) async fn plan_amount(&self, t: &mut Turn<'_>, method: &str, text: &str) -> Res<()> {
        let Some(planner) = &self.advisor.planner else {
            t.reply(t.say.plan_unavailable());
            return Ok(());
        };
        let amount = crate::thai::parse_money(text)
            .and_then(|b| u64::try_from(b.satang()).ok())
            .and_then(|s| Baht::from_satang(s).ok())
            .or_else(|| Baht::parse(text).ok());
        let Some(amount) = amount else {
            t.reply(t.say.plan_bad_amount());
            return Ok(());
        };
        self.set_dialogue(t, None).await?;
        let request = PlanRequest::new(method, amount);
        let plan = match plan_forward(&planner.rules, &planner.calendar, &request, t.today()) {
            Ok(plan) => plan,
            Err(e) => {
                t.reply(t.say.plan_error(&e.to_string()));
                return Ok(());
            }
        };
        t.reply(export::table(&plan));
        let chat = t.inc.chat.id;
        let ics = export::ics(&plan, t.now().naive_utc());
        t.reply_with(Outgoing {
            attachment: Some(Attachment::File {
                name: format!("plan-{method}.ics"),
                bytes: ics.into_bytes(),
            }),
            ..Outgoing::text(chat, t.say.plan_files())
        });
        if let Ok(bytes) = export::xlsx(&plan) {
            t.reply_with(Outgoing {
                attachment: Some(Attachment::File {
                    name: format!("plan-{method}.xlsx"),
                    bytes,
                }),
                ..Outgoing::text(chat, String::new())
            });
        }
        Ok(())
    }
}
