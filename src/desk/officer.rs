//! The officer's side, in a private chat: registration, answers, drafting and opening a case.
use super::dialogue::Dialogue;
use super::service::{Desk, Res, Turn};
use crate::cases::{AgencyCode, Refusal, Role};
use crate::conversation::callback::Callback;
use crate::conversation::outgoing::{Button, Outgoing};
use crate::knowledge::{Answer, Clarification};
use crate::store::{DeskStore, Question, RoutingChoice};

impl<S: DeskStore> Desk<S> {
    pub(super) async fn private_text(
        &self,
        t: &mut Turn<'_>,
        text: &str,
        dialogue: Option<Dialogue>,
    ) -> Res<()> {
        match dialogue {
            Some(Dialogue::Name { question }) => {
                let name = text.trim().to_owned();
                t.reply(t.say.ask_unit(&name));
                self.set_dialogue(t, Some(Dialogue::Unit { name, question }))
                    .await
            }
            Some(Dialogue::Unit { name, question }) => {
                let user = self
                    .store
                    .register_officer(t.uid(), &name, text, t.now())
                    .await?;
                t.reply(t.say.registered(&user.name, &user.unit));
                t.user = Some(user);
                self.set_dialogue(t, None).await?;
                match question {
                    Some(q) => self.answer(t, &q).await,
                    None => Ok(()),
                }
            }
            Some(Dialogue::PlanAmount { method }) => self.plan_amount(t, &method, text).await,
            _ if t.user.is_none() => self.start_registration(t, Some(text.to_owned())).await,
            _ => match super::small_talk::small_talk(text) {
                // Thanks and greetings are not questions: searching them finds nonsense.
                Some(kind) => {
                    t.reply(t.say.small_talk(kind));
                    Ok(())
                }
                None => self.answer(t, text).await,
            },
        }
    }

    pub(super) async fn start_registration(
        &self,
        t: &mut Turn<'_>,
        question: Option<String>,
    ) -> Res<()> {
        t.reply(t.say.ask_name());
        self.set_dialogue(t, Some(Dialogue::Name { question }))
            .await
    }

    /// The knowledge answer, the question asked back, or the closest entries; logged either way.
    pub(super) async fn answer(&self, t: &mut Turn<'_>, text: &str) -> Res<()> {
        let (answer, clarification) = self.advisor.consult(text, t.today());
        let id = self.log_answer(t, text, &answer).await?;
        match clarification {
            Some(c) => self.ask_back(t, id, &c),
            None => self.reply_answer(t, id, &answer),
        }
        Ok(())
    }

    async fn log_answer(&self, t: &mut Turn<'_>, text: &str, answer: &Answer) -> Res<i64> {
        let id = self
            .store
            .log_question(&Question {
                user: t.user.as_ref().map(|u| u.id),
                asked_at: t.now(),
                text: text.to_owned(),
                entry_id: answer.entry_id.clone(),
                confidence: f64::from(answer.confidence),
                answered: answer.answered,
                agency: answer.handoff_agency.clone(),
            })
            .await?;
        t.tally.question(answer.answered);
        Ok(id)
    }

    /// One question back, a button per sibling entry, and the handoff as on any declined answer.
    fn ask_back(&self, t: &mut Turn<'_>, id: i64, clarification: &Clarification) {
        let say = t.say;
        let mut rows: Vec<Vec<Button>> = clarification
            .options
            .iter()
            .enumerate()
            .map(|(option, o)| {
                vec![Button::new(
                    say.clarify_option(o.value),
                    Callback::Clarify {
                        question: id,
                        option,
                    }
                    .encode(),
                )]
            })
            .collect();
        rows.push(vec![Button::new(
            say.button_handoff(),
            Callback::Handoff { question: id }.encode(),
        )]);
        t.reply_with(
            Outgoing::text(t.inc.chat.id, say.clarify_question(clarification.slot))
                .with_buttons(rows),
        );
    }

    /// The officer's choice among the options asked back about their question `id`: answered
    /// from the entry of that option, logged as a question of its own. The question is asked
    /// again, so a choice the knowledge no longer offers is refused as stale.
    pub(super) async fn answer_choice(&self, t: &mut Turn<'_>, id: i64, option: usize) -> Res<()> {
        let Some(q) = self.own_question(t, id).await? else {
            return Ok(());
        };
        let (_, clarification) = self.advisor.consult(&q.text, t.today());
        let chosen = clarification
            .as_ref()
            .and_then(|c| c.options.get(option))
            .and_then(|o| self.advisor.answerer.answer_chosen(&q.text, o, t.today()));
        let Some(answer) = chosen else {
            t.refuse(t.say.stale_button());
            return Ok(());
        };
        let id = self.log_answer(t, &q.text, &answer).await?;
        self.reply_answer(t, id, &answer);
        Ok(())
    }

    fn reply_answer(&self, t: &mut Turn<'_>, id: i64, answer: &Answer) {
        let say = t.say;
        let handoff = Button::new(
            say.button_handoff(),
            Callback::Handoff { question: id }.encode(),
        );
        let reply = if answer.answered {
            Outgoing::markdown(t.inc.chat.id, &say.answer(answer)).with_buttons(vec![
                vec![
                    Button::new(
                        say.button_up(),
                        Callback::Feedback {
                            question: id,
                            helpful: true,
                        }
                        .encode(),
                    ),
                    Button::new(
                        say.button_down(),
                        Callback::Feedback {
                            question: id,
                            helpful: false,
                        }
                        .encode(),
                    ),
                ],
                vec![
                    handoff,
                    Button::new(
                        say.button_details(),
                        Callback::Details { question: id }.encode(),
                    ),
                ],
            ])
        } else {
            let mut rows: Vec<Vec<Button>> = answer
                .alternatives
                .iter()
                .filter_map(|alt| {
                    let entry = crate::knowledge::EntryId::parse(&alt.entry_id)?;
                    Some(vec![Button::new(
                        alt.title.clone(),
                        Callback::Entry { entry }.encode(),
                    )])
                })
                .collect();
            rows.push(vec![handoff]);
            // A declined answer may still say why (a provision nothing cites).
            let text = answer.answer.clone().unwrap_or_else(|| say.not_sure());
            Outgoing::text(t.inc.chat.id, text).with_buttons(rows)
        };
        t.reply_with(reply);
    }

    /// A logged question, if it is the presser's own (button data is untrusted).
    pub(super) async fn own_question(&self, t: &mut Turn<'_>, id: i64) -> Res<Option<Question>> {
        match self.store.question(id).await? {
            Some(q) if q.user.is_some() && q.user == t.user.as_ref().map(|u| u.id) => Ok(Some(q)),
            _ => {
                t.refuse(t.say.refusal(&Refusal::NotYourCase));
                Ok(None)
            }
        }
    }

    /// `/case TEXT` or the handoff button: routing proposes an agency, the officer confirms
    /// it or picks another (buttons), then the case opens.
    pub(super) async fn draft_case(&self, t: &mut Turn<'_>, subject: &str) -> Res<()> {
        let Some(user) = &t.user else {
            return self.start_registration(t, None).await;
        };
        if user.role != Role::Officer {
            t.refuse(t.say.refusal(&Refusal::NotForRole {
                role: user.role,
                command: "open",
            }));
            return Ok(());
        }
        let route = self.advisor.route(subject, t.today());
        let agencies = self.store.agencies().await?;
        let find = |code: &str| agencies.iter().find(|a| a.code.as_str() == code);
        let proposed = route.agency.as_deref().and_then(find);
        // The runner-up when routing is unsure between two: first and second are asked about.
        let runner_up = route
            .alternatives
            .first()
            .filter(|_| route.unsure)
            .and_then(|alt| find(&alt.agency).map(|a| (a, alt.reason.as_deref())));
        let (text, likeliest) = match (proposed, runner_up) {
            (Some(first), Some((second, second_why))) => (
                t.say.ask_agency([
                    (first, route.reasons.first().map(String::as_str)),
                    (second, second_why),
                ]),
                vec![first, second],
            ),
            (Some(agency), None) => (t.say.propose_agency(agency, &route.reasons), vec![agency]),
            (None, _) => (t.say.choose_agency(), Vec::new()),
        };
        let unsure = likeliest.len() == 2;
        let mut ordered = likeliest.clone();
        ordered.extend(agencies.iter().filter(|a| !likeliest.contains(a)));
        let buttons = ordered
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let label = if unsure {
                    t.say.button_likely(a, (i < 2).then_some(i))
                } else {
                    t.say.button_send_to(a, Some(*a) == proposed)
                };
                vec![Button::new(
                    label,
                    Callback::OpenAt {
                        agency: a.code.clone(),
                    }
                    .encode(),
                )]
            })
            .collect();
        t.reply_with(Outgoing::text(t.inc.chat.id, text).with_buttons(buttons));
        self.set_dialogue(
            t,
            Some(Dialogue::Draft {
                subject: subject.to_owned(),
                proposed: route.agency.clone(),
                runner_up: likeliest.get(1).map(|a| a.code.to_string()),
                unsure,
            }),
        )
        .await
    }

    pub(super) async fn open_drafted(
        &self,
        t: &mut Turn<'_>,
        agency: &AgencyCode,
        dialogue: Option<Dialogue>,
    ) -> Res<()> {
        let (
            Some(Dialogue::Draft {
                subject,
                proposed,
                runner_up,
                unsure,
            }),
            Some(actor),
        ) = (dialogue, t.actor())
        else {
            t.refuse(t.say.nothing_to_open());
            return Ok(());
        };
        let case = self.open(t, &actor, agency, &subject).await?;
        // Every pick is kept: where officers overrule routing, or routing had to ask, is where
        // the vocabulary and the examples need work (`clinic kb gaps`).
        self.store
            .log_routing_choice(&RoutingChoice {
                user: t.user.as_ref().map(|u| u.id),
                chosen_at: t.now(),
                text: subject,
                proposed,
                runner_up,
                unsure,
                chosen: agency.to_string(),
                case_ref: Some(case.case_ref.to_string()),
            })
            .await?;
        self.set_dialogue(t, None).await
    }
}
