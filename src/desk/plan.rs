//! `/plan` in chat: method by button, amount by free text, then the plan as
//! text plus ICS and XLSX documents. Starts today (Bangkok); the CLI offers more options.
use super::dialogue::Dialogue;
use super::service::{Desk, Res, Turn};
use crate::conversation::callback::Callback;
use crate::conversation::outgoing::{Attachment, Button, Outgoing};
use crate::store::{DeskStore, SavedPlan, SavedStep};
use crate::timeline::{Baht, PlanRequest, export, plan_forward};

/// Words after which a `/plan` line gives its start date.
const START_WORDS: &[&str] = &["เริ่ม", "start"];
/// A start further than this from today is a typo ("9999" for "2569"), not a plan — and beyond
/// the holiday lists, so its dates would be wrong anyway.
const MAX_YEARS_AWAY: i64 = 5;

/// The plan's start: the date written after "เริ่ม"/"start" (which must then be a real date), else
/// any date in the line, else today; `None` when the written date is unreadable or absurd.
fn start_date(normalized: &str, today: chrono::NaiveDate) -> Option<chrono::NaiveDate> {
    let after_word = START_WORDS
        .iter()
        .find_map(|w| normalized.find(w).map(|at| &normalized[at..]));
    let found = crate::thai::find_date(after_word.unwrap_or(normalized), today).map(|(_, d)| d);
    let date = match (found, after_word) {
        (Some(date), _) => date,
        // "เริ่ม 31 ก.พ. 69": a start was meant but is no date; never plan from today instead.
        (None, Some(_)) => return None,
        (None, None) => today,
    };
    ((date - today).num_days().abs() <= MAX_YEARS_AWAY * 366).then_some(date)
}

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
        let start = t.today();
        self.send_plan(t, &request, start).await
    }

    /// `/plan อีบิด 2.5 ล้าน เริ่ม 5 ม.ค. 69 publish=8` — method, amount, start date (default
    /// today) and steps to lengthen, in one line. A step shorter than the law allows is refused
    /// with its legal basis.
    pub(super) async fn plan_text(&self, t: &mut Turn<'_>, text: &str) -> Res<()> {
        let normalized = crate::thai::normalize(text);
        let Some(method) = super::date_question::method_in(&normalized) else {
            return self.plan_start(t).await;
        };
        let amount = crate::thai::parse_money(&normalized)
            .and_then(|b| u64::try_from(b.satang()).ok())
            .and_then(|s| Baht::from_satang(s).ok());
        let Some(amount) = amount else {
            t.reply(t.say.plan_bad_amount());
            return Ok(());
        };
        let Some(start) = start_date(&normalized, t.today()) else {
            t.reply(t.say.plan_bad_date(MAX_YEARS_AWAY));
            return Ok(());
        };
        let mut request = PlanRequest::new(method, amount);
        for word in normalized.split_whitespace() {
            if let Some((step, days)) = word.split_once('=')
                && let Ok(days) = days.parse::<u32>()
            {
                request = request.with_days(step, days);
            }
        }
        self.send_plan(t, &request, start).await
    }

    /// The plan as a table, then its ICS and XLSX as documents; a registered user's plan is
    /// kept for their calendar feed (the latest of each method).
    async fn send_plan(
        &self,
        t: &mut Turn<'_>,
        request: &PlanRequest,
        start: chrono::NaiveDate,
    ) -> Res<()> {
        let Some(planner) = &self.advisor.planner else {
            t.reply(t.say.plan_unavailable());
            return Ok(());
        };
        let method = request.method.clone();
        let plan = match plan_forward(&planner.rules, &planner.calendar, request, start) {
            Ok(plan) => plan,
            Err(e) => {
                t.reply(t.say.plan_error(&e.to_string()));
                return Ok(());
            }
        };
        if t.user.is_some() {
            self.store
                .save_plan(t.uid(), &saved(&plan), t.now())
                .await?;
        }
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
        if t.user.is_some() {
            t.reply(t.say.plan_saved_to_calendar());
        }
        Ok(())
    }
}

/// What the calendar feed keeps of a plan: each step's dates and legal basis.
fn saved(plan: &crate::timeline::Plan) -> SavedPlan {
    SavedPlan {
        method: plan.method.clone(),
        method_name: plan.method_name.clone(),
        amount: i64::try_from(plan.amount.satang()).unwrap_or(i64::MAX),
        steps: plan
            .steps
            .iter()
            .map(|s| SavedStep {
                id: s.id.clone(),
                name: s.name.clone(),
                start: s.start,
                end: s.end,
                basis: s.basis.clone(),
            })
            .collect(),
    }
}
