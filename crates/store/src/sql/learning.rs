//! `Learning`, written once and compiled per engine (see `mod.rs`).
use super::EngineStore;
use super::cases::{UserRow, user_from_row};
use super::instant;
use crate::learning::{CourseProgress, Learning, QuizAnswer, SavedPlan};
use crate::{StoreError, User};
use chrono::{DateTime, Utc};
use clinic_core::cases::UserId;
use sqlx::types::Json;

type Res<T> = Result<T, StoreError>;

fn index(n: i64) -> Res<usize> {
    usize::try_from(n).map_err(|_| StoreError::Corrupt(format!("quiz position {n}")))
}

fn position(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl Learning for EngineStore {
    async fn record_answer(
        &self,
        user: UserId,
        course: &str,
        answer: QuizAnswer,
        chosen: usize,
        now: DateTime<Utc>,
    ) -> Res<bool> {
        let done = sqlx::query(
            "INSERT INTO quiz_answers (user_id, course, lesson, quiz, chosen, correct, answered_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (user_id, course, lesson, quiz) DO NOTHING",
        )
        .bind(user.0)
        .bind(course)
        .bind(position(answer.lesson))
        .bind(position(answer.quiz))
        .bind(position(chosen))
        .bind(answer.correct)
        .bind(instant(now))
        .execute(&mut *self.conn().await?)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn course_answers(&self, user: UserId, course: &str) -> Res<Vec<QuizAnswer>> {
        let rows: Vec<(i64, i64, bool)> = sqlx::query_as(
            "SELECT lesson, quiz, correct FROM quiz_answers WHERE user_id = $1 AND course = $2 \
             ORDER BY lesson, quiz",
        )
        .bind(user.0)
        .bind(course)
        .fetch_all(&mut *self.conn().await?)
        .await?;
        rows.into_iter()
            .map(|(lesson, quiz, correct)| {
                Ok(QuizAnswer {
                    lesson: index(lesson)?,
                    quiz: index(quiz)?,
                    correct,
                })
            })
            .collect()
    }

    async fn course_progress(&self) -> Res<Vec<CourseProgress>> {
        let rows: Vec<(i64, String, String, i64, i64)> = sqlx::query_as(
            "SELECT u.id, u.unit, a.course, COUNT(*), \
             SUM(CASE WHEN a.correct THEN 1 ELSE 0 END) \
             FROM quiz_answers a JOIN users u ON u.id = a.user_id \
             WHERE u.unit <> '' GROUP BY u.id, u.unit, a.course ORDER BY u.unit, a.course, u.id",
        )
        .fetch_all(&mut *self.conn().await?)
        .await?;
        rows.into_iter()
            .map(|(user, unit, course, answered, correct)| {
                Ok(CourseProgress {
                    user: UserId(user),
                    unit,
                    course,
                    answered: index(answered)?,
                    correct: index(correct)?,
                })
            })
            .collect()
    }

    async fn add_calendar_token(
        &self,
        user: UserId,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Res<()> {
        sqlx::query(
            "INSERT INTO calendar_tokens (user_id, token_hash, created_at) VALUES ($1, $2, $3)",
        )
        .bind(user.0)
        .bind(token_hash)
        .bind(instant(now))
        .execute(&mut *self.conn().await?)
        .await?;
        Ok(())
    }

    async fn revoke_calendar_tokens(&self, user: UserId, now: DateTime<Utc>) -> Res<u64> {
        let done = sqlx::query(
            "UPDATE calendar_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
        )
        .bind(instant(now))
        .bind(user.0)
        .execute(&mut *self.conn().await?)
        .await?;
        Ok(done.rows_affected())
    }

    async fn calendar_owner(&self, token_hash: &str) -> Res<Option<User>> {
        let row: Option<UserRow> = sqlx::query_as(
            "SELECT u.id, u.name, u.unit, u.role, u.agency, u.created_at FROM calendar_tokens t \
             JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1 AND t.revoked_at IS NULL",
        )
        .bind(token_hash)
        .fetch_optional(&mut *self.conn().await?)
        .await?;
        row.map(user_from_row).transpose()
    }

    async fn save_plan(&self, user: UserId, plan: &SavedPlan, now: DateTime<Utc>) -> Res<()> {
        sqlx::query(
            "INSERT INTO saved_plans (user_id, method, plan, saved_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (user_id, method) DO UPDATE SET plan = $3, saved_at = $4",
        )
        .bind(user.0)
        .bind(&plan.method)
        .bind(Json(plan))
        .bind(instant(now))
        .execute(&mut *self.conn().await?)
        .await?;
        Ok(())
    }

    async fn saved_plans(&self, user: UserId) -> Res<Vec<SavedPlan>> {
        let rows: Vec<(Json<SavedPlan>,)> =
            sqlx::query_as("SELECT plan FROM saved_plans WHERE user_id = $1 ORDER BY method")
                .bind(user.0)
                .fetch_all(&mut *self.conn().await?)
                .await?;
        Ok(rows.into_iter().map(|(Json(plan),)| plan).collect())
    }
}
