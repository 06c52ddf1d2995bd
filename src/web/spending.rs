//! `/spending`: the executive brief on the dashboard — the same figures as `/brief` in chat,
//! and its chart at `/spending.png`. Coordinators and admins only, like `/brief`.
use super::html::{esc, page};
use super::{WebError, WebState, session};
use crate::lang::Lang;
use crate::oversight::latest_brief;
use crate::spending::{Brief, chart_png, messages};
use crate::store::{Oversight, Session, Spending};
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{Html, IntoResponse, Response};

async fn supervisor<S: Oversight>(
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

fn body(brief: &Brief) -> String {
    let mut html = format!(
        "<p>ปีงบประมาณ {} ข้อมูล ณ {}</p><table><tr><th>งบประมาณ</th><th>ได้รับจัดสรร</th>\
         <th>เบิกจ่าย</th><th>ร้อยละ</th><th>เป้าหมาย</th><th>ผูกพัน</th></tr>",
        brief.fiscal_year_be,
        crate::thai::format_thai_date_short(brief.as_of)
    );
    for b in &brief.budgets {
        let class = if b.behind() { " class=\"overdue\"" } else { "" };
        html += &format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td{class}>{}%</td><td>{}%</td><td>{}</td></tr>",
            b.label_th(),
            b.allocated,
            b.disbursed,
            b.disbursed_percent,
            b.target,
            b.committed
        );
    }
    html += &format!(
        "</table><h2>หน่วยงานที่ห่างเป้ามากที่สุด ({} จาก {} หน่วยต่ำกว่าเป้า)</h2>\
         <table><tr><th>#</th><th>หน่วยงาน</th><th>ขาด</th><th>ร้อยละเบิกจ่าย</th></tr>",
        brief.lagging_units, brief.units
    );
    for (i, unit) in brief.behind.iter().enumerate() {
        html += &format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}%</td></tr>",
            i + 1,
            esc(&unit.unit),
            unit.gap,
            unit.disbursed_percent
        );
    }
    html += &format!(
        "</table><p>เรื่องที่ยังไม่ปิด {} เรื่อง · ลงพื้นที่ที่ยังไม่ปิด {} แห่ง</p>\
         <img src=\"/spending.png\" alt=\"แผนภูมิการเบิกจ่าย\" style=\"max-width:100%\">\
         <p class=\"muted\">{}</p>",
        brief.open_cases,
        brief.open_visits,
        esc(&messages::chart_caption(Lang::Th))
    );
    html
}

pub async fn spending<S: Oversight + Spending>(
    State(state): State<WebState<S>>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let session = supervisor(&state, &headers).await?;
    let content = match latest_brief(&state.store).await? {
        Some(brief) => body(&brief),
        None => format!("<p>{}</p>", esc(&messages::no_snapshot(Lang::Th))),
    };
    Ok(Html(page("การเบิกจ่ายเทียบเป้าหมาย", Some(&session), &content)).into_response())
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
