//! The dashboard over HTTP on both engines: login links (forged, expired, reused), session
//! cookies, CSRF on forms, agency boundaries, exports and metrics.
use crate::on_both_engines;
use crate::support::{agency, cast, monday_morning};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::{Duration, Utc};
use clinic::sessions;
use clinic::store::{DeskStore, Oversight, Question, Spending, no_messages};
use clinic::timeline::Calendar;
use clinic::web::{WebState, router};
use std::sync::Arc;
use tower::ServiceExt;

pub(crate) struct Reply {
    pub status: StatusCode,
    pub cookie: Option<String>,
    pub body: String,
}

pub(crate) async fn call(
    app: &axum::Router,
    method: &str,
    uri: &str,
    cookie: Option<&str>,
    form: Option<&str>,
) -> Reply {
    let mut request = Request::builder().method(method).uri(uri);
    if let Some(c) = cookie {
        request = request.header(header::COOKIE, c);
    }
    let body = match form {
        Some(f) => {
            request = request.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
            Body::from(f.to_owned())
        }
        None => Body::empty(),
    };
    let response = app
        .clone()
        .oneshot(request.body(body).expect("request"))
        .await
        .expect("response");
    let status = response.status();
    let cookie = response
        .headers()
        .get(header::SET_COOKIE)
        .map(|v| v.to_str().expect("ascii").to_owned());
    let bytes = axum::body::to_bytes(response.into_body(), 10 << 20)
        .await
        .expect("body");
    Reply {
        status,
        cookie,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// Log in with a fresh link; the `name=value` cookie to send back.
pub(crate) async fn log_in<S: Oversight>(
    store: &S,
    app: &axum::Router,
    user: clinic::cases::UserId,
) -> String {
    let token = sessions::issue_login_token(store, user, Utc::now())
        .await
        .expect("token");
    let reply = call(app, "POST", "/login", None, Some(&format!("token={token}"))).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let set = reply.cookie.expect("a session cookie");
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Strict"),
        "{set}"
    );
    set.split(';').next().expect("pair").to_owned()
}

fn csrf_of(page: &str) -> String {
    let at = page.find("name=\"csrf\" value=\"").expect("a csrf field") + 19;
    page[at..at + 64].to_owned()
}

async fn the_dashboard_lets_staff_in_by_link_and_keeps_agencies_apart<S: DeskStore>(store: S) {
    let c = cast(&store).await;
    let treasury = store
        .open_case(
            &c.officer,
            &agency("treasury"),
            "ค่าปรับงานก่อสร้างล่าช้า",
            monday_morning(),
            no_messages,
        )
        .await
        .expect("open");
    let highways = store
        .open_case(
            &c.officer,
            &agency("highways"),
            "แบบถนนคอนกรีต",
            monday_morning(),
            no_messages,
        )
        .await
        .expect("open");
    let state = WebState::new(store.clone(), Arc::new(Calendar::default()))
        .await
        .expect("state");
    let app = router(state);

    assert_eq!(call(&app, "GET", "/healthz", None, None).await.body, "ok");
    assert_eq!(
        call(&app, "GET", "/cases", None, None).await.status,
        StatusCode::UNAUTHORIZED
    );

    // A forged, an expired and a reused link are refused.
    let token = sessions::issue_login_token(&store, c.coordinator.user, Utc::now())
        .await
        .expect("token");
    let mut forged = token.clone();
    let last = forged.pop().expect("char");
    forged.push(if last == '0' { '1' } else { '0' });
    assert_eq!(
        call(
            &app,
            "POST",
            "/login",
            None,
            Some(&format!("token={forged}"))
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    let other_user = token.replacen(
        &c.coordinator.user.0.to_string(),
        &c.admin.user.0.to_string(),
        1,
    );
    assert_eq!(
        call(
            &app,
            "POST",
            "/login",
            None,
            Some(&format!("token={other_user}"))
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    let old =
        sessions::issue_login_token(&store, c.coordinator.user, Utc::now() - Duration::hours(1))
            .await
            .expect("token");
    assert_eq!(
        call(&app, "POST", "/login", None, Some(&format!("token={old}")))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        call(&app, "POST", "/login", None, Some("token=garbage"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        call(
            &app,
            "POST",
            "/login",
            None,
            Some(&format!("token={token}"))
        )
        .await
        .status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        call(
            &app,
            "POST",
            "/login",
            None,
            Some(&format!("token={token}"))
        )
        .await
        .status,
        StatusCode::FORBIDDEN,
        "used once"
    );
    // Officers have no dashboard: no link is issued for them, and a link alone is not enough.
    let officer_link = sessions::issue_login_token(&store, c.officer.user, Utc::now()).await;
    assert!(officer_link.is_err());
    let unknown =
        sessions::issue_login_token(&store, clinic::cases::UserId(4242), Utc::now()).await;
    assert!(unknown.is_err());

    // A coordinator sees everything, filters, reads a log, adds a note with its CSRF token.
    let coordinator = log_in(&store, &app, c.coordinator.user).await;
    let list = call(&app, "GET", "/cases", Some(&coordinator), None).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(
        list.body.contains(&treasury.case_ref.to_string())
            && list.body.contains(&highways.case_ref.to_string())
    );
    let filtered = call(
        &app,
        "GET",
        "/cases?agency=highways&status=&q=",
        Some(&coordinator),
        None,
    )
    .await;
    assert!(
        !filtered.body.contains(&treasury.case_ref.to_string())
            && filtered.body.contains("แบบถนนคอนกรีต")
    );
    let searched = call(
        &app,
        "GET",
        "/cases?q=%E0%B8%84%E0%B9%88%E0%B8%B2%E0%B8%9B%E0%B8%A3%E0%B8%B1%E0%B8%9A",
        Some(&coordinator),
        None,
    )
    .await;
    assert!(
        searched.body.contains(&treasury.case_ref.to_string()) && !searched.body.contains("แบบถนน")
    );
    let overdue = call(&app, "GET", "/cases?overdue=1", Some(&coordinator), None).await;
    assert!(
        overdue.body.contains("เกินกำหนด"),
        "opened on 5 Jan 2026, long overdue"
    );
    let page = call(
        &app,
        "GET",
        &format!("/cases/{}", treasury.case_ref),
        Some(&coordinator),
        None,
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("5 ม.ค. 2569 09:00"), "Buddhist-era time");
    let csrf = csrf_of(&page.body);
    let note_uri = format!("/cases/{}/note", treasury.case_ref);
    let missing = call(
        &app,
        "POST",
        &note_uri,
        Some(&coordinator),
        Some("text=%E0%B8%94%E0%B9%88%E0%B8%A7%E0%B8%99"),
    )
    .await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN, "no CSRF token");
    let wrong = call(
        &app,
        "POST",
        &note_uri,
        Some(&coordinator),
        Some(&format!("csrf={}&text=x", "0".repeat(64))),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN, "wrong CSRF token");
    let noted = call(
        &app,
        "POST",
        &note_uri,
        Some(&coordinator),
        Some(&format!(
            "csrf={csrf}&text=%E0%B8%94%E0%B9%88%E0%B8%A7%E0%B8%99"
        )),
    )
    .await;
    assert_eq!(noted.status, StatusCode::SEE_OTHER);
    let log = call(
        &app,
        "GET",
        &format!("/cases/{}", treasury.case_ref),
        Some(&coordinator),
        None,
    )
    .await;
    assert!(log.body.contains("บันทึกภายใน: ด่วน"), "{}", log.body);

    let csv = call(&app, "GET", "/export.csv", Some(&coordinator), None).await;
    assert!(csv.body.starts_with("\u{feff}ref,status,agency") && csv.body.contains("แบบถนนคอนกรีต"));
    let xlsx = call(&app, "GET", "/export.xlsx", Some(&coordinator), None).await;
    assert!(xlsx.body.starts_with("PK"), "a zip file");
    for page in ["/charts", "/gaps"] {
        let reply = call(&app, "GET", page, Some(&coordinator), None).await;
        assert_eq!(reply.status, StatusCode::OK, "{page}");
    }
    assert!(
        call(&app, "GET", "/charts", Some(&coordinator), None)
            .await
            .body
            .contains("<svg")
    );

    // An expert sees their agency only: another agency's case is 403, also for notes.
    let expert = log_in(&store, &app, c.highways_expert.user).await;
    let theirs = call(
        &app,
        "GET",
        &format!("/cases/{}", highways.case_ref),
        Some(&expert),
        None,
    )
    .await;
    assert_eq!(theirs.status, StatusCode::OK);
    let csrf = csrf_of(&theirs.body);
    let other = call(
        &app,
        "GET",
        &format!("/cases/{}", treasury.case_ref),
        Some(&expert),
        None,
    )
    .await;
    assert_eq!(other.status, StatusCode::FORBIDDEN);
    let note = call(
        &app,
        "POST",
        &note_uri,
        Some(&expert),
        Some(&format!("csrf={csrf}&text=x")),
    )
    .await;
    assert_eq!(note.status, StatusCode::FORBIDDEN);
    let list = call(&app, "GET", "/cases?agency=treasury", Some(&expert), None).await;
    assert!(!list.body.contains(&treasury.case_ref.to_string()));
    let csv = call(&app, "GET", "/export.csv", Some(&expert), None).await;
    assert!(!csv.body.contains(&treasury.case_ref.to_string()));

    // Logging out ends the session server-side.
    let out = call(
        &app,
        "POST",
        "/logout",
        Some(&expert),
        Some(&format!("csrf={csrf}")),
    )
    .await;
    assert_eq!(out.status, StatusCode::OK);
    assert_eq!(
        call(&app, "GET", "/cases", Some(&expert), None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );

    let metrics = call(&app, "GET", "/metrics", None, None).await.body;
    for series in [
        "clinic_updates_handled_total",
        "clinic_answers_total",
        "clinic_handoffs_total",
        "clinic_outbox_depth",
        "clinic_sla_breaches_total",
    ] {
        assert!(metrics.contains(series), "{series} in {metrics}");
    }
    assert!(
        metrics
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .all(|l| l.starts_with("clinic_"))
    );
}

on_both_engines!(the_dashboard_lets_staff_in_by_link_and_keeps_agencies_apart);

/// The cast, and the dashboard over their store.
async fn staffed_dashboard<S: DeskStore>(store: &S) -> (crate::support::Cast, axum::Router) {
    let c = cast(store).await;
    let state = WebState::new(store.clone(), Arc::new(Calendar::default()))
        .await
        .expect("state");
    (c, router(state))
}

on_both_engines!(a_case_text_that_looks_like_a_formula_reaches_the_csv_as_text);

async fn a_case_text_that_looks_like_a_formula_reaches_the_csv_as_text<S>(store: S)
where
    S: DeskStore,
{
    let (c, app) = staffed_dashboard(&store).await;
    let formulas = [
        "=HYPERLINK(\"http://evil.example\",\"ดูสัญญา\")",
        "+66 81 234 5678",
        "-2+3",
        "@SUM(A1:A9)",
        "\t=1+1",
    ];
    for text in formulas {
        store
            .open_case(
                &c.officer,
                &agency("treasury"),
                text,
                monday_morning(),
                no_messages,
            )
            .await
            .expect("open");
    }
    let coordinator = log_in(&store, &app, c.coordinator.user).await;
    let csv = call(&app, "GET", "/export.csv", Some(&coordinator), None).await;
    let mut reader =
        ::csv::ReaderBuilder::new().from_reader(csv.body.trim_start_matches('\u{feff}').as_bytes());
    let subjects: Vec<String> = reader
        .records()
        .map(|r| r.expect("a CSV record")[5].to_owned())
        .collect();
    assert_eq!(subjects.len(), formulas.len());
    for (subject, text) in subjects.iter().zip(formulas) {
        // The desk trims a subject, tab included.
        assert_eq!(
            *subject,
            format!("'{}", text.trim()),
            "a formula reached the CSV"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_answers_503_when_the_database_is_down() {
    crate::support::on_sqlite(|store| async move {
        let (_c, app) = staffed_dashboard(&store).await;
        assert_eq!(call(&app, "GET", "/healthz", None, None).await.body, "ok");
        store.pool().close().await;
        let down = call(&app, "GET", "/healthz", None, None).await;
        assert_eq!(
            down.status,
            StatusCode::SERVICE_UNAVAILABLE,
            "{}",
            down.body
        );
    })
    .await;
}

on_both_engines!(a_dashboard_note_passes_the_same_gate_as_the_chat);

async fn a_dashboard_note_passes_the_same_gate_as_the_chat<S: DeskStore>(store: S) {
    let (c, app) = staffed_dashboard(&store).await;
    let case = store
        .open_case(
            &c.officer,
            &agency("treasury"),
            "ค่าปรับ",
            monday_morning(),
            no_messages,
        )
        .await
        .expect("open");
    let coordinator = log_in(&store, &app, c.coordinator.user).await;
    let page = format!("/cases/{}", case.case_ref);
    let csrf = csrf_of(
        &call(&app, "GET", &page, Some(&coordinator), None)
            .await
            .body,
    );
    let uri = format!("{page}/note");
    let ten_kb = "ก".repeat(10_000);
    let bidi = "ตรวจแล้ว%E2%80%AEคืนเงิน";
    for (text, why) in [(ten_kb.as_str(), "ยาว"), (bidi, "อักขระควบคุม")]
    {
        let form = format!("csrf={csrf}&text={text}");
        let refused = call(&app, "POST", &uri, Some(&coordinator), Some(&form)).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
        assert!(refused.body.contains(why), "{}", refused.body);
    }
    let log = store.events(&c.admin, &case.case_ref).await.expect("log");
    assert_eq!(log.len(), 1, "nothing but the opening: {log:?}");
}

on_both_engines!(over_https_the_session_cookie_is_secure_and_every_page_sets_security_headers);

async fn over_https_the_session_cookie_is_secure_and_every_page_sets_security_headers<S>(store: S)
where
    S: DeskStore,
{
    let c = cast(&store).await;
    let state = WebState::new(store.clone(), Arc::new(Calendar::default()))
        .await
        .expect("state");
    let https = router(state.clone().served_at("https://clinic.example.go.th"));
    let token = sessions::issue_login_token(&store, c.coordinator.user, Utc::now())
        .await
        .expect("token");
    let login = call(
        &https,
        "POST",
        "/login",
        None,
        Some(&format!("token={token}")),
    )
    .await;
    assert!(
        login
            .cookie
            .as_deref()
            .is_some_and(|c| c.contains("; Secure")),
        "{:?}",
        login.cookie
    );
    let plain = router(state.served_at("http://127.0.0.1:8080"));
    let cookie = log_in(&store, &plain, c.coordinator.user).await;
    for page in ["/healthz", "/cases", "/login?token=x"] {
        let response = plain
            .clone()
            .oneshot(
                Request::get(page)
                    .header(header::COOKIE, &cookie)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        let h = response.headers();
        assert!(
            h["content-security-policy"]
                .to_str()
                .unwrap()
                .contains("frame-ancestors 'none'"),
            "{page}"
        );
        assert_eq!(h["x-frame-options"], "DENY", "{page}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{page}");
        assert_eq!(h["referrer-policy"], "no-referrer", "{page}");
    }
}

/// A question the officer asked yesterday that the knowledge base could not answer.
fn unanswered(c: &crate::support::Cast, text: &str, agency: &str) -> Question {
    Question {
        user: Some(c.officer.user),
        asked_at: Utc::now() - Duration::days(1),
        text: text.into(),
        entry_id: None,
        confidence: 0.1,
        answered: false,
        agency: Some(agency.into()),
    }
}

on_both_engines!(an_expert_sees_the_knowledge_gaps_of_their_own_agency_only);

async fn an_expert_sees_the_knowledge_gaps_of_their_own_agency_only<S>(store: S)
where
    S: DeskStore,
{
    let (c, app) = staffed_dashboard(&store).await;
    for (text, agency) in [
        ("ค่าปรับรายวันงานจ้างเหมาคิดอย่างไร", "treasury"),
        ("ถนนลาดยางแตกร้าวหลังรับมอบ", "highways"),
    ] {
        store
            .log_question(&unanswered(&c, text, agency))
            .await
            .expect("log");
    }
    let expert = log_in(&store, &app, c.highways_expert.user).await;
    let page = call(&app, "GET", "/gaps", Some(&expert), None).await;
    assert!(page.body.contains("ถนนลาดยางแตกร้าว"), "{}", page.body);
    assert!(
        !page.body.contains("ค่าปรับรายวัน"),
        "another agency's question leaked: {}",
        page.body
    );
    let coordinator = log_in(&store, &app, c.coordinator.user).await;
    let all = call(&app, "GET", "/gaps", Some(&coordinator), None).await;
    assert!(all.body.contains("ถนนลาดยางแตกร้าว") && all.body.contains("ค่าปรับรายวัน"));
}

/// What a hostile user types wherever the dashboard will show it.
const HOSTILE: &str = "<script>alert(1)</script>";

/// The text a browser shows for `body`'s markup-free parts: character references read back.
fn as_shown(body: &str) -> String {
    [
        ("&#60;", "<"),
        ("&lt;", "<"),
        ("&#62;", ">"),
        ("&gt;", ">"),
        ("&#34;", "\""),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&#38;", "&"),
        ("&amp;", "&"),
    ]
    .iter()
    .fold(body.to_owned(), |text, (reference, c)| {
        text.replace(reference, c)
    })
}

on_both_engines!(a_hostile_text_is_shown_as_text_on_every_page_that_shows_it);

/// A user's name, a case subject, a note, a question and a unit name, each
/// `<script>alert(1)</script>` and stored through the store, are shown on every page that shows
/// them — as text, never as markup.
async fn a_hostile_text_is_shown_as_text_on_every_page_that_shows_it<S>(store: S)
where
    S: DeskStore + Spending,
{
    use crate::spending::{PUBLIC_WORKS, SEPTEMBER_CSV, fixture, import_report};
    let (c, app) = staffed_dashboard(&store).await;
    let now = monday_morning();
    store
        .register_officer(clinic::cases::UserId(801), HOSTILE, HOSTILE, now)
        .await
        .expect("register");
    store
        .set_role(
            &c.admin,
            clinic::cases::UserId(801),
            clinic::cases::Role::Coordinator,
        )
        .await
        .expect("promote");
    let case = store
        .open_case(&c.officer, &agency("treasury"), HOSTILE, now, no_messages)
        .await
        .expect("open");
    store
        .act(
            &c.coordinator,
            &case.case_ref,
            clinic::cases::Command::Note {
                text: HOSTILE.into(),
            },
            now,
            no_messages,
        )
        .await
        .expect("note");
    store
        .log_question(&unanswered(&c, HOSTILE, "treasury"))
        .await
        .expect("log");
    let report = std::fs::read_to_string(fixture(SEPTEMBER_CSV))
        .expect("fixture")
        .replace(PUBLIC_WORKS, HOSTILE);
    import_report(&store, "hostile.csv", report.as_bytes()).await;

    let hostile = log_in(&store, &app, clinic::cases::UserId(801)).await;
    let typed = "%3Cscript%3Ealert(1)%3C%2Fscript%3E";
    // Each page, and how many times it shows the text at least: the menu shows the user's
    // name on every page of a logged-in user.
    for (page, times) in [
        ("/cases".to_owned(), 2),
        (format!("/cases?q={typed}"), 3),
        (format!("/cases/{}", case.case_ref), 3),
        ("/charts".to_owned(), 1),
        ("/gaps".to_owned(), 3),
        ("/spending".to_owned(), 2),
        (format!("/cases?status={typed}"), 1),
    ] {
        let reply = call(&app, "GET", &page, Some(&hostile), None).await;
        assert!(
            !reply.body.contains("<script"),
            "{page} shows markup: {}",
            reply.body
        );
        let shown = as_shown(&reply.body).matches(HOSTILE).count();
        assert!(
            shown >= times,
            "{page} shows the text {shown} times, not {times}: {}",
            reply.body
        );
    }
}
