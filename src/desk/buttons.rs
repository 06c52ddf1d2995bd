//! Button presses. The data is untrusted: each press is checked again — questions against their
//! asker, case actions through `cases::decide` in the store — so a forged press changes nothing.
use super::dialogue::Dialogue;
use super::service::{Desk, Res, Turn};
use crate::cases::Command;
use crate::conversation::callback::Callback;
use crate::store::DeskStore;

impl<S: DeskStore> Desk<S> {
    pub(super) async fn button(
        &self,
        t: &mut Turn<'_>,
        callback: Callback,
        dialogue: Option<Dialogue>,
    ) -> Res<()> {
        let Some(actor) = t.actor() else {
            t.reply(t.say.not_registered());
            return Ok(());
        };
        match callback {
            Callback::Feedback { question, helpful } => {
                if self.own_question(t, question).await?.is_some() {
                    self.store.question_feedback(question, helpful).await?;
                    t.reply(t.say.thanks_feedback(helpful));
                }
            }
            Callback::Details { question } => {
                if let Some(q) = self.own_question(t, question).await? {
                    let entry = q
                        .entry_id
                        .as_deref()
                        .and_then(|id| self.advisor.answerer.entry(id));
                    match entry {
                        Some(entry) => t.reply(t.say.details(entry)),
                        None => t.reply(t.say.stale_button()),
                    }
                }
            }
            Callback::Entry { entry } => match self.advisor.answerer.entry(entry.as_str()) {
                Some(entry) if entry.is_valid_on(t.today()) => t.reply(t.say.entry_answer(entry)),
                _ => t.reply(t.say.stale_button()),
            },
            Callback::Clarify { question, option } => {
                self.answer_choice(t, question, option).await?;
            }
            Callback::Handoff { question } => {
                if let Some(q) = self.own_question(t, question).await? {
                    self.draft_case(t, &q.text).await?;
                }
            }
            Callback::OpenAt { agency } => self.open_drafted(t, &agency, dialogue).await?,
            Callback::Claim { case_ref } => {
                self.act(t, &actor, &case_ref, Command::Claim, None, None)
                    .await?;
            }
            Callback::Confirm { case_ref } => {
                self.act(t, &actor, &case_ref, Command::Confirm, None, None)
                    .await?;
            }
            Callback::Reopen { case_ref } => {
                let reason = t.say.reopen_reason();
                self.act(t, &actor, &case_ref, Command::Reopen { reason }, None, None)
                    .await?;
            }
            Callback::Rate { case_ref, stars } => {
                self.act(t, &actor, &case_ref, Command::Rate { stars }, None, None)
                    .await?;
            }
            Callback::Show { case_ref } => self.show_case(t, &case_ref).await?,
            Callback::PlanMethod { method } => self.plan_method(t, &method).await?,
            Callback::Course { course } => self.learn_course(t, &course).await?,
            Callback::QuizAnswer {
                course,
                lesson,
                quiz,
                option,
            } => {
                self.learn_answer(t, &course, (lesson, quiz, option))
                    .await?;
            }
        }
        Ok(())
    }
}
