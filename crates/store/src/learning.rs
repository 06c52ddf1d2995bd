//! What courses and calendar feeds need from storage: each officer's quiz answers, the secret
//! (hashed, revocable) calendar tokens, and the plans officers saved with `/plan`. Written once
//! in `engine_learning.rs`, compiled per engine like `engine.rs`.
use super::{Store, StoreError, User};
use chrono::{DateTime, NaiveDate, Utc};
use clinic_core::cases::UserId;
use serde::{Deserialize, Serialize};
use std::future::Future;

type Res<T> = Result<T, StoreError>;

/// One answered quiz question of a course.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuizAnswer {
    pub lesson: usize,
    pub quiz: usize,
    pub correct: bool,
}

/// One person's answers in one course, with their unit, for coordinators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourseProgress {
    pub user: UserId,
    pub unit: String,
    pub course: String,
    pub answered: usize,
    pub correct: usize,
}

/// A plan as `/plan` computed it, kept for the officer's calendar feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedPlan {
    pub method: String,
    pub method_name: String,
    /// Satang.
    pub amount: i64,
    pub steps: Vec<SavedStep>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedStep {
    pub id: String,
    pub name: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub basis: String,
}

pub trait Learning: Store {
    /// Keep an answer unless that question was answered before; true if kept now.
    fn record_answer(
        &self,
        user: UserId,
        course: &str,
        answer: QuizAnswer,
        chosen: usize,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Res<bool>> + Send;
    /// A person's answers in a course, in course order.
    fn course_answers(
        &self,
        user: UserId,
        course: &str,
    ) -> impl Future<Output = Res<Vec<QuizAnswer>>> + Send;
    /// Everyone's answers per course, with their unit (officers with a unit only).
    fn course_progress(&self) -> impl Future<Output = Res<Vec<CourseProgress>>> + Send;

    /// Keep the hash of a new calendar token for `user`.
    fn add_calendar_token(
        &self,
        user: UserId,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Res<()>> + Send;
    /// Revoke every live token of `user`; how many were live.
    fn revoke_calendar_tokens(
        &self,
        user: UserId,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Res<u64>> + Send;
    /// The owner of a live token, by its hash.
    fn calendar_owner(&self, token_hash: &str) -> impl Future<Output = Res<Option<User>>> + Send;

    /// Keep `plan` as the user's plan of its method (replacing the previous one).
    fn save_plan(
        &self,
        user: UserId,
        plan: &SavedPlan,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Res<()>> + Send;
    fn saved_plans(&self, user: UserId) -> impl Future<Output = Res<Vec<SavedPlan>>> + Send;
}
