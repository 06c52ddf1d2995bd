//! `/spending`: the executive brief on the dashboard — the same figures as `/brief` in chat,
//! and its chart at `/spending.png`. Coordinators and admins only, like `/brief`.
use super::views::{Frame, SpendingPage, render};
use super::{WebError, WebState, session};
use crate::jobs::latest_brief;
use crate::lang::Lang;
use crate::spending::{chart_png, messages};
use crate::store::{Oversight, Session, Spending};
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};

pub(super) async fn supervisor<S: Oversight>(
    state: &WebState<S>,
    headers: &HeaderMap,
) -> Result<Session, WebError> {
    let session = session(state, headers).await?;
    if !session.user.role.supervises() {
        return Err(WebError::Forbidden(
            "สรุปผู้บริหารสำหรับผู้ประสานงานและผู้ดูแลระบบ".into(),
        ));
    }
    Ok(session)
}

pub async fn spending<S: Oversight + Spending>(
    State(state): State<WebState<S>>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let session = supervisor(&state, &headers).await?;
    let brief = latest_brief(&state.store).await?;
    render(&SpendingPage {
        frame: Frame::new("การเบิกจ่ายเทียบเป้าหมาย", Some(&session)),
        as_of: brief
            .as_ref()
            .map(|b| crate::thai::format_thai_date_short(b.as_of))
            .unwrap_or_default(),
        brief: brief.as_ref(),
        caption: messages::chart_caption(Lang::Th),
        no_snapshot: messages::no_snapshot(Lang::Th),
    })
}

pub async fn spending_png<S: Oversight + Spending>(
    State(state): State<WebState<S>>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    supervisor(&state, &headers).await?;
    let brief = latest_brief(&state.store)
        .await?
        .ok_or(WebError::NotFound)?;
    Ok(([(header::CONTENT_TYPE, "image/png")], chart_png(&brief)).into_response())
}
