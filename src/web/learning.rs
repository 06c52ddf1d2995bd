//! `/learning`: course progress by unit and the courses units are suggested, the same figures
//! as the weekly summary's learning lines. Coordinators and admins only.
use super::html::{esc, page};
use super::{WebError, WebState};
use crate::oversight::learning::{SUGGEST_WINDOW_DAYS, learning_report};
use crate::store::{Learning, Oversight, Spending};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};

pub async fn learning<S: Oversight + Spending + Learning>(
    State(state): State<WebState<S>>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let session = super::spending::supervisor(&state, &headers).await?;
    let report = learning_report(&state.store, &state.courses, chrono::Utc::now()).await?;
    let mut html = String::from(
        "<table><tr><th>หน่วยงาน</th><th>บทเรียน</th><th>เริ่ม (คน)</th><th>จบ (คน)</th>\
         <th>คะแนนเฉลี่ยของผู้ที่จบ</th></tr>",
    );
    for u in &report.units {
        let score = u
            .score_percent()
            .map_or_else(|| "-".to_owned(), |s| format!("{s}%"));
        html += &format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{score}</td></tr>",
            esc(&u.unit),
            esc(&u.title),
            u.started,
            u.completed
        );
    }
    html += "</table>";
    if report.units.is_empty() {
        html += "<p>ยังไม่มีเจ้าหน้าที่เริ่มบทเรียน</p>";
    }
    html += &format!("<h2>บทเรียนที่แนะนำ (จากคำถามใน {SUGGEST_WINDOW_DAYS} วัน)</h2><ul>");
    for s in &report.suggestions {
        html += &format!(
            "<li>{} — «{}» (ถาม {} ครั้ง)</li>",
            esc(&s.unit),
            esc(&s.title),
            s.asked
        );
    }
    html += "</ul>";
    Ok(Html(page("บทเรียนของหน่วยงาน", Some(&session), &html)).into_response())
}
