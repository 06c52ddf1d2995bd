//! The dashboard's handlers: each reads the session, asks the store (which applies the same
//! visibility rules as the bot), and renders HTML.
use super::views::{
    CasePage, CaseRow, CasesPage, ChartsPage, Choice, ClockLine, Frame, GapsPage, LogLine,
    LoginPage, Notice, render,
};
use super::{WebError, WebState, charts, session};
use crate::case_export as export;
use crate::cases::labels::{be_time, describe_th};
use crate::cases::{AgencyCode, Case, CaseRef, Command, Role, Status, sla};
use crate::jobs::weekly_summary as weekly;
use crate::knowledge_gaps::gap_clusters;
use crate::sessions as auth;
use crate::store::{CaseFilter, Oversight, Session};
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Duration, Utc};
use serde::Deserialize;
use tracing::Instrument;

type Page = Result<Response, WebError>;

#[derive(Deserialize)]
pub struct LoginQuery {
    token: Option<String>,
}

/// The login link's page. Opening it spends nothing: chat apps fetch a link to preview it,
/// and that fetch must not use up the one-time token before the person clicks. The page's
/// button posts the token back ([`login`]).
pub async fn login_page(Query(q): Query<LoginQuery>) -> Page {
    render(&LoginPage {
        frame: Frame::new("เข้าสู่ระบบ", None),
        token: q.token.unwrap_or_default(),
    })
}

/// Redeems the login token the page posts: once, then a session cookie.
pub async fn login<S: Oversight>(
    State(state): State<WebState<S>>,
    Form(q): Form<LoginQuery>,
) -> Page {
    let now = Utc::now();
    let token = q.token.unwrap_or_default();
    let user = match auth::redeem_login_token(&state.store, &state.key, &token, now).await? {
        Ok(user) => user,
        Err(why) => {
            tracing::info!("dashboard login refused: {why:?}");
            return Err(WebError::Forbidden(
                "ลิงก์เข้าสู่ระบบไม่ถูกต้อง หมดอายุ หรือถูกใช้ไปแล้ว".into(),
            ));
        }
    };
    let account = state.store.user(user).await?.ok_or(WebError::NotLoggedIn)?;
    if account.role == Role::Officer {
        return Err(WebError::Forbidden("officers".into()));
    }
    let id = auth::start_session(&state.store, user, now).await?;
    Ok((
        StatusCode::SEE_OTHER,
        [
            (
                header::SET_COOKIE,
                auth::session_cookie(&id, auth::SESSION_SECS, state.secure_cookies),
            ),
            (header::LOCATION, "/cases".to_owned()),
        ],
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct CsrfForm {
    csrf: Option<String>,
    text: Option<String>,
}

fn check_csrf(session: &Session, form: &CsrfForm) -> Result<(), WebError> {
    match auth::csrf_ok(session, form.csrf.as_deref()) {
        true => Ok(()),
        false => Err(WebError::Forbidden("CSRF token missing or wrong".into())),
    }
}

pub async fn logout<S: Oversight>(
    State(state): State<WebState<S>>,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Page {
    let session = session(&state, &headers).await?;
    check_csrf(&session, &form)?;
    if let Some(id) = headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(auth::cookie_session)
    {
        state.store.end_session(id).await?;
    }
    let done = "ออกจากระบบแล้ว";
    let notice = Notice {
        frame: Frame::new(done, None),
        text: done.to_owned(),
    };
    Ok((
        [(
            header::SET_COOKIE,
            auth::session_cookie("", 0, state.secure_cookies),
        )],
        render(&notice)?,
    )
        .into_response())
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    agency: Option<String>,
    status: Option<String>,
    overdue: Option<String>,
    q: Option<String>,
}

fn some(text: &Option<String>) -> Option<&str> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

/// The cases the session may see, filtered as the query says.
async fn listed<S: Oversight>(
    state: &WebState<S>,
    session: &Session,
    q: &ListQuery,
) -> Result<Vec<(Case, bool)>, WebError> {
    let agency = some(&q.agency)
        .map(AgencyCode::parse)
        .transpose()
        .map_err(|e| WebError::BadRequest(e.to_string()))?;
    let status = some(&q.status)
        .map(|s| Status::parse(s).ok_or_else(|| WebError::BadRequest(s.into())))
        .transpose()?;
    let filter = CaseFilter {
        status,
        agency,
        ..CaseFilter::default()
    };
    let agencies = state.store.agencies().await?;
    let now = Utc::now();
    let text = some(&q.q).map(str::to_lowercase);
    let cases = state.store.cases(&session.user.actor(), &filter).await?;
    Ok(cases
        .into_iter()
        .filter(|c| status.is_some() || !c.status.is_final())
        .map(|c| {
            let overdue = agencies
                .iter()
                .find(|a| a.code == c.agency)
                .is_some_and(|a| sla::is_overdue(&c, a, &state.calendar, now));
            (c, overdue)
        })
        .filter(|(_, overdue)| some(&q.overdue).is_none() || *overdue)
        .filter(|(c, _)| {
            text.as_ref().is_none_or(|t| {
                c.subject.to_lowercase().contains(t)
                    || c.case_ref.to_string().to_lowercase().contains(t)
            })
        })
        .collect())
}

/// The filter's choices, the one the query names selected.
fn choices(selected: Option<&str>, values: Vec<(String, String)>) -> Vec<Choice> {
    values
        .into_iter()
        .map(|(value, label)| Choice {
            selected: selected == Some(value.as_str()),
            value,
            label,
        })
        .collect()
}

pub async fn cases<S: Oversight>(
    State(state): State<WebState<S>>,
    headers: HeaderMap,
    Query(q): Query<ListQuery>,
) -> Page {
    let session = session(&state, &headers).await?;
    let rows = listed(&state, &session, &q).await?;
    let agencies: Vec<(String, String)> = state
        .store
        .agencies()
        .await?
        .into_iter()
        .filter(|a| {
            session.user.role != Role::Expert || Some(&a.code) == session.user.agency.as_ref()
        })
        .map(|a| (a.code.to_string(), a.name_th))
        .collect();
    let statuses: Vec<(String, String)> = Status::ALL
        .iter()
        .map(|s| (s.as_str().to_owned(), s.label_th().to_owned()))
        .collect();
    render(&CasesPage {
        frame: Frame::new("เรื่องที่เปิดอยู่", Some(&session)),
        agencies: choices(some(&q.agency), agencies),
        statuses: choices(some(&q.status), statuses),
        overdue_only: some(&q.overdue).is_some(),
        q: some(&q.q).unwrap_or_default().to_owned(),
        rows: rows
            .into_iter()
            .map(|(case, overdue)| CaseRow {
                case_ref: case.case_ref.to_string(),
                agency: case.agency.to_string(),
                status: case.status.label_th(),
                opened: be_time(case.opened_at),
                subject: case.subject,
                overdue,
            })
            .collect(),
    })
}

fn parse_ref(text: &str) -> Result<CaseRef, WebError> {
    CaseRef::parse(text).map_err(|_| WebError::NotFound)
}

pub async fn case<S: Oversight>(
    State(state): State<WebState<S>>,
    headers: HeaderMap,
    Path(case_ref): Path<String>,
) -> Page {
    let session = session(&state, &headers).await?;
    let r = parse_ref(&case_ref)?;
    let actor = session.user.actor();
    let case = state.store.case(&actor, &r).await?;
    let events = state.store.events(&actor, &r).await?;
    let agencies = state.store.agencies().await?;
    let names = crate::store::names_in(&state.store, &events).await?;
    let clocks = agencies
        .iter()
        .find(|a| a.code == case.agency)
        .map(|a| sla::readings(&case, a, &state.calendar, Utc::now()))
        .unwrap_or_default();
    render(&CasePage {
        frame: Frame::new(format!("เรื่อง {}", case.case_ref), Some(&session)),
        case_ref: case.case_ref.to_string(),
        subject: case.subject.clone(),
        agency: names.agency(&case.agency),
        status: case.status.label_th(),
        opened: be_time(case.opened_at),
        clocks: clocks
            .into_iter()
            .map(|c| ClockLine {
                label: c.clock.label_th(),
                due: be_time(c.due),
                elapsed_hours: c.elapsed_secs as f64 / 3600.0,
                target_hours: c.target_secs / 3600,
                breached: c.is_breached(),
            })
            .collect(),
        log: events
            .iter()
            .map(|e| LogLine {
                at: be_time(e.at),
                by: names.person(e.by, e.role),
                text: describe_th(e, &names),
            })
            .collect(),
        note_csrf: (!case.status.is_final()).then(|| session.csrf.clone()),
    })
}

pub async fn note<S: Oversight>(
    State(state): State<WebState<S>>,
    headers: HeaderMap,
    Path(case_ref): Path<String>,
    Form(form): Form<CsrfForm>,
) -> Page {
    let session = session(&state, &headers).await?;
    check_csrf(&session, &form)?;
    let r = parse_ref(&case_ref)?;
    let text = form.text.clone().unwrap_or_default();
    // The chat's own gate: what a chat message may not carry, a note may not either.
    if let Some(unfit) = crate::desk::unfit(&text) {
        let say = crate::desk::Say(crate::lang::Lang::Th);
        return Err(WebError::BadRequest(unfit.told(say)));
    }
    let span = crate::telemetry::spans::case_change(&r, "note");
    state
        .store
        .act(
            &session.user.actor(),
            &r,
            Command::Note { text },
            Utc::now(),
            crate::store::no_messages,
        )
        .instrument(span.clone())
        .await?;
    span.in_scope(|| tracing::info!("case changed"));
    crate::telemetry::series::case_changed("note");
    Ok(Redirect::to(&format!("/cases/{r}")).into_response())
}

pub async fn charts<S: Oversight>(State(state): State<WebState<S>>, headers: HeaderMap) -> Page {
    let session = session(&state, &headers).await?;
    let now = Utc::now();
    let this_week = weekly::monday_of(sla::local_date(now));
    let first_week = this_week - Duration::weeks(7);
    let (since, _) = weekly::week_bounds(first_week);
    let visible = |agency: &AgencyCode| {
        session.user.role != Role::Expert || session.user.agency.as_ref() == Some(agency)
    };
    let logs: Vec<_> = state
        .store
        .case_logs(Some(since))
        .await?
        .into_iter()
        .filter(|l| visible(&l.case.agency))
        .collect();
    let agencies: Vec<_> = state
        .store
        .agencies()
        .await?
        .into_iter()
        .filter(|a| visible(&a.code))
        .collect();
    let mut opened = Vec::new();
    let mut claim = Vec::new();
    let mut resolve = Vec::new();
    for w in 0..8 {
        let week = first_week + Duration::weeks(w);
        let s = weekly::summarise(&logs, &[], &state.calendar, &agencies, week);
        let label = be_time(weekly::week_bounds(week).0);
        let label = label.rsplit_once(' ').map(|(d, _)| d).unwrap_or(&label);
        for a in &s.agencies {
            opened.push((format!("{label} {}", a.agency), f64::from(a.opened)));
        }
        claim.push((label.to_owned(), s.total.median_claim_hours.unwrap_or(0.0)));
        resolve.push((
            label.to_owned(),
            s.total.median_resolve_hours.unwrap_or(0.0),
        ));
    }
    let mut stars = [0u32; 5];
    for l in &logs {
        if let Some(r) = l.case.rating.filter(|r| (1..=5).contains(r)) {
            stars[usize::from(r - 1)] += 1;
        }
    }
    let ratings: Vec<(String, f64)> = (1..=5)
        .zip(stars)
        .map(|(s, n)| (format!("{s} ดาว"), f64::from(n)))
        .collect();
    render(&ChartsPage {
        frame: Frame::new("แผนภูมิ 8 สัปดาห์", Some(&session)),
        charts: vec![
            charts::bars("เรื่องที่เปิดต่อสัปดาห์ แยกหน่วยงาน", "เรื่อง", &opened),
            charts::bars("เวลารับเรื่อง (มัธยฐาน)", "ชม.", &claim),
            charts::bars("เวลาตอบข้อหารือ (มัธยฐาน)", "ชม.", &resolve),
            charts::bars("คะแนนความพึงพอใจ", "ครั้ง", &ratings),
        ],
    })
}

pub async fn gaps<S: Oversight>(State(state): State<WebState<S>>, headers: HeaderMap) -> Page {
    let session = session(&state, &headers).await?;
    let now = Utc::now();
    // An expert sees the questions of their own agency; coordinators and admins see all.
    let questions: Vec<_> = state
        .store
        .questions_between(now - Duration::days(90), now)
        .await?
        .into_iter()
        .filter(|q| {
            session.user.role != Role::Expert
                || (q.agency.is_some()
                    && q.agency.as_deref() == session.user.agency.as_ref().map(|a| a.as_str()))
        })
        .collect();
    render(&GapsPage {
        frame: Frame::new("ช่องว่างความรู้", Some(&session)),
        clusters: gap_clusters(&questions),
    })
}

/// The cases a download holds: the list page's, with the same filters.
async fn download<S: Oversight>(
    state: &WebState<S>,
    headers: &HeaderMap,
    q: &ListQuery,
) -> Result<Vec<Case>, WebError> {
    let session = session(state, headers).await?;
    let rows = listed(state, &session, q).await?;
    Ok(rows.into_iter().map(|(c, _)| c).collect())
}

fn attachment(content_type: &'static str, filename: &str, bytes: Vec<u8>) -> Response {
    let disposition = format!("attachment; filename=\"{filename}\"");
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
}

pub async fn export_csv<S: Oversight>(
    State(state): State<WebState<S>>,
    headers: HeaderMap,
    Query(q): Query<ListQuery>,
) -> Page {
    let cases = download(&state, &headers, &q).await?;
    let text = export::csv(&cases)
        .map_err(|e| WebError::BadRequest(e.to_string()))?
        .into_bytes();
    Ok(attachment("text/csv; charset=utf-8", "cases.csv", text))
}

pub async fn export_xlsx<S: Oversight>(
    State(state): State<WebState<S>>,
    headers: HeaderMap,
    Query(q): Query<ListQuery>,
) -> Page {
    let cases = download(&state, &headers, &q).await?;
    let bytes = export::xlsx(&cases).map_err(|e| WebError::BadRequest(e.to_string()))?;
    let kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    Ok(attachment(kind, "cases.xlsx", bytes))
}

/// Prometheus text format, every series `clinic_*` (`telemetry::series`). Counters are this
/// instance's, in memory since it started: behind a load balancer each instance is scraped and
/// Prometheus sums them (a restart starts them at zero, which `rate()` understands). The state
/// gauges (cases by status, outbox) are the database's, read by the sampler every 15 seconds,
/// so every instance shows the same values: aggregate those with `max`, not `sum`.
pub async fn metrics() -> Response {
    let out = crate::telemetry::recorder::render();
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], out).into_response()
}
