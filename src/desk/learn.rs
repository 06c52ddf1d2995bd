//! `/learn`: courses for staff who rotate. One lesson at a time (its entry's short answer and
//! basis, with the caveat of an unverified entry), then its quiz with buttons, the explanation
//! after each answer, and the score at the end. Progress is each answer in the store, so a
//! course resumes where it was left after any restart; the first answer to a question counts.
use super::service::{Desk, Res, Turn};
use crate::conversation::callback::Callback;
use crate::conversation::outgoing::{Button, Outgoing};
use crate::knowledge::course::quiz_basis;
use crate::knowledge::{Course, Entry};
use crate::store::{DeskStore, QuizAnswer};

/// The next question of a course: the first, in course order, without an answer.
fn next_position(course: &Course, answers: &[QuizAnswer]) -> Option<(usize, usize)> {
    course
        .positions()
        .into_iter()
        .find(|&(l, q)| !answers.iter().any(|a| a.lesson == l && a.quiz == q))
}

impl<S: DeskStore> Desk<S> {
    fn course(&self, id: &str) -> Option<&Course> {
        self.advisor.answerer.kb.courses.iter().find(|c| c.id == id)
    }

    /// The courses, each with how far the user has come.
    pub(super) async fn learn_start(&self, t: &mut Turn<'_>) -> Res<()> {
        if !t.is_private() {
            t.reply(t.say.private_only());
            return Ok(());
        }
        if t.user.is_none() {
            t.reply(t.say.not_registered());
            return Ok(());
        }
        let courses = &self.advisor.answerer.kb.courses;
        if courses.is_empty() {
            t.reply(t.say.no_courses());
            return Ok(());
        }
        let mut buttons = Vec::new();
        for course in courses {
            let answered = self.store.course_answers(t.uid(), &course.id).await?.len();
            let label = t.say.course_button(course, answered);
            let data = Callback::Course {
                course: course.id.clone(),
            }
            .encode();
            buttons.push(vec![Button::new(label, data)]);
        }
        t.reply_with(Outgoing::text(t.inc.chat.id, t.say.choose_course()).with_buttons(buttons));
        Ok(())
    }

    /// A course picked: its next lesson and question, or its score when all are answered.
    pub(super) async fn learn_course(&self, t: &mut Turn<'_>, course_id: &str) -> Res<()> {
        let Some(course) = self.course(course_id) else {
            t.reply(t.say.stale_button());
            return Ok(());
        };
        let answers = self.store.course_answers(t.uid(), &course.id).await?;
        match next_position(course, &answers) {
            Some((lesson, quiz)) => self.send_lesson_and_quiz(t, course, lesson, quiz, true),
            None => t.reply(t.say.course_done(course, &answers)),
        }
        Ok(())
    }

    /// An answer pressed: kept if it is the course's next question, then the explanation and
    /// what comes next. A press on a question answered before changes nothing.
    pub(super) async fn learn_answer(
        &self,
        t: &mut Turn<'_>,
        course_id: &str,
        (lesson, quiz, option): (usize, usize, usize),
    ) -> Res<()> {
        let Some(course) = self.course(course_id) else {
            t.reply(t.say.stale_button());
            return Ok(());
        };
        let Some(question) = course
            .quiz(lesson, quiz)
            .filter(|q| option < q.options.len())
        else {
            t.reply(t.say.stale_button());
            return Ok(());
        };
        let answers = self.store.course_answers(t.uid(), &course.id).await?;
        if answers.iter().any(|a| a.lesson == lesson && a.quiz == quiz) {
            t.reply(t.say.quiz_already_answered());
            return Ok(());
        }
        // Questions are answered in order: a button of a question not reached yet is forged.
        if next_position(course, &answers) != Some((lesson, quiz)) {
            t.reply(t.say.stale_button());
            return Ok(());
        }
        let right = question.right_option() == Some(option);
        let answer = QuizAnswer {
            lesson,
            quiz,
            correct: right,
        };
        if !self
            .store
            .record_answer(t.uid(), &course.id, answer, option, t.now())
            .await?
        {
            t.reply(t.say.quiz_already_answered());
            return Ok(());
        }
        let entry = self.lesson_entry(course, lesson);
        let basis = entry.and_then(|e| quiz_basis(question, e));
        let text = t.say.quiz_explanation(question, right, basis);
        let mut reply = Outgoing::text(t.inc.chat.id, text);
        if !right && let Some(entry) = entry {
            let read = Callback::Entry {
                entry: entry.id.clone(),
            };
            reply = reply.with_buttons(vec![vec![Button::new(
                t.say.read_entry(&entry.title),
                read.encode(),
            )]]);
        }
        t.reply_with(reply);
        let mut answers = answers;
        answers.push(answer);
        match next_position(course, &answers) {
            Some((next_lesson, next_quiz)) => {
                let new_lesson = next_lesson != lesson;
                self.send_lesson_and_quiz(t, course, next_lesson, next_quiz, new_lesson);
            }
            None => t.reply(t.say.course_done(course, &answers)),
        }
        Ok(())
    }

    fn lesson_entry(&self, course: &Course, lesson: usize) -> Option<&Entry> {
        self.advisor
            .answerer
            .entry(&course.lessons.get(lesson)?.entry)
    }

    /// The lesson's text (when `with_lesson`), then the question with one button an option.
    fn send_lesson_and_quiz(
        &self,
        t: &mut Turn<'_>,
        course: &Course,
        lesson: usize,
        quiz: usize,
        with_lesson: bool,
    ) {
        let (Some(entry), Some(question)) =
            (self.lesson_entry(course, lesson), course.quiz(lesson, quiz))
        else {
            // `kb check` and the loader refuse a lesson without its entry.
            t.reply(t.say.stale_button());
            return;
        };
        if with_lesson {
            t.reply(t.say.lesson(course, lesson, entry));
        }
        let buttons = question
            .options
            .iter()
            .enumerate()
            .map(|(option, o)| {
                let data = Callback::QuizAnswer {
                    course: course.id.clone(),
                    lesson,
                    quiz,
                    option,
                };
                vec![Button::new(o.text.clone(), data.encode())]
            })
            .collect();
        let text = t
            .say
            .quiz_question(question, quiz, course.lessons[lesson].quiz.len());
        t.reply_with(Outgoing::text(t.inc.chat.id, text).with_buttons(buttons));
    }
}
