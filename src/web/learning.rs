//! `/learning`: course progress by unit and the courses units are suggested, the same figures
//! as the weekly summary's learning lines. Coordinators and admins only.
use super::views::{Frame, LearningPage, LearningRow, render};
use super::{WebError, WebState};
use crate::course_progress::{SUGGEST_WINDOW_DAYS, learning_report};
use crate::store::{Learning, Oversight, Spending};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;

pub async fn learning<S: Oversight + Spending + Learning>(
    State(state): State<WebState<S>>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let session = super::spending::supervisor(&state, &headers).await?;
    let report = learning_report(&state.store, &state.courses, chrono::Utc::now()).await?;
    let rows = report
        .units
        .iter()
        .map(|u| LearningRow {
            unit: u.unit.clone(),
            title: u.title.clone(),
            started: u.started,
            completed: u.completed,
            score: u
                .score_percent()
                .map_or_else(|| "-".to_owned(), |s| format!("{s}%")),
        })
        .collect();
    render(&LearningPage {
        frame: Frame::new("บทเรียนของหน่วยงาน", Some(&session)),
        rows,
        suggestions: report.suggestions,
        window_days: SUGGEST_WINDOW_DAYS,
    })
}
