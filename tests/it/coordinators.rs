//! The coordinators' side on both engines: the SLA clock with a controllable clock, the weekly
//! summary against figures computed here from the events, and the PDPA anonymiser.
use crate::on_both_engines;
use crate::support::{Cast, RawSql, agency, cast, monday_morning};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use clinic::cases::{Case, CaseRef, Command, Event, EventKind, Status};
use clinic::jobs::weekly_summary::{summarise, weekly_summary_tick};
use clinic::jobs::{GroupChats, sla_tick, weekly_summary};
use clinic::privacy::{PLACEHOLDER, anonymise_tick};
use clinic::store::{LoggedQuestion, Oversight, Question, Store, no_messages};
use clinic::timeline::Calendar;
use std::collections::HashMap;

fn calendar() -> Calendar {
    Calendar::load(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/knowledge"
    )))
    .expect("holidays")
}

fn chats() -> GroupChats {
    GroupChats {
        agencies: HashMap::from([(agency("treasury"), -100), (agency("highways"), -300)]),
        coordinators: Some(-900),
    }
}

/// Monday 5 January 2026 (Bangkok) plus working-day offsets written as wall-clock times.
fn at(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    monday_morning()
        + Duration::days(i64::from(day) - 5)
        + Duration::hours(i64::from(hour) - 9)
        + Duration::minutes(i64::from(minute))
}

async fn act<S: Store>(
    store: &S,
    who: &clinic::cases::Actor,
    r: &CaseRef,
    c: Command,
    t: DateTime<Utc>,
) -> Case {
    store
        .act(who, r, c, t, no_messages)
        .await
        .expect("command accepted")
}

fn kinds(events: &[Event]) -> Vec<&'static str> {
    events.iter().map(|e| e.what.name()).collect()
}

async fn sla_alerts_fire_exactly_once_and_a_silent_owner_loses_the_case<S: Oversight + RawSql>(
    store: S,
) {
    let c = cast(&store).await;
    let cal = calendar();
    let chats = chats();
    // Treasury: claim within 4 working hours, first reply within 8.
    let case = store
        .open_case(
            &c.officer,
            &agency("treasury"),
            "ขอคำปรึกษาเรื่องหลักประกันสัญญา",
            at(5, 9, 0),
            no_messages,
        )
        .await
        .expect("open");
    let r = case.case_ref.clone();

    assert!(
        sla_tick(&store, &cal, &chats, at(5, 11, 0))
            .await
            .expect("tick")
            .is_empty(),
        "50 %: nothing"
    );
    let reminder = sla_tick(&store, &cal, &chats, at(5, 12, 0))
        .await
        .expect("tick");
    assert_eq!(reminder.len(), 1, "75 %: one reminder");
    for minute in [0, 10, 20] {
        assert!(
            sla_tick(&store, &cal, &chats, at(5, 12, minute))
                .await
                .expect("tick")
                .is_empty()
        );
    }
    // Two instances tick at the same moment the target is missed: one escalation in all.
    let (a, b) = tokio::join!(
        sla_tick(&store, &cal, &chats, at(5, 13, 0)),
        sla_tick(&store, &cal, &chats, at(5, 13, 0)),
    );
    assert_eq!(a.expect("a").len() + b.expect("b").len(), 1, "one breach");
    assert!(
        sla_tick(&store, &cal, &chats, at(5, 15, 0))
            .await
            .expect("tick")
            .is_empty()
    );

    // Claimed Monday 13:30: 8 working hours to the first reply end Tuesday 13:30.
    act(
        &store,
        &c.treasury_expert,
        &r,
        Command::Claim,
        at(5, 13, 30),
    )
    .await;
    assert!(
        sla_tick(&store, &cal, &chats, at(6, 9, 0))
            .await
            .expect("tick")
            .is_empty()
    );
    assert_eq!(
        sla_tick(&store, &cal, &chats, at(6, 11, 30))
            .await
            .expect("tick")
            .len(),
        1
    );
    let (a, b) = tokio::join!(
        sla_tick(&store, &cal, &chats, at(6, 13, 30)),
        sla_tick(&store, &cal, &chats, at(6, 13, 31)),
    );
    let released: Vec<_> = a.expect("a").into_iter().chain(b.expect("b")).collect();
    assert_eq!(
        released
            .iter()
            .map(|a| a.event.what.name())
            .collect::<Vec<_>>(),
        ["sla_breached", "released"]
    );
    let back = store.case(&c.coordinator, &r).await.expect("case");
    assert_eq!(
        (back.status, back.owner),
        (Status::Open, None),
        "back to the agency"
    );

    let events = store.events(&c.coordinator, &r).await.expect("log");
    assert_eq!(
        kinds(&events),
        [
            "opened",
            "sla_reminder",
            "sla_breached",
            "claimed",
            "sla_reminder",
            "sla_breached",
            "released"
        ]
    );
    // reminder → agency, breach → coordinators, reminder → agency, release → both.
    assert_eq!(store.metrics().await.expect("metrics").outbox_pending, 5);

    // While waiting on the officer the clock stops: no alert however long the wait.
    act(
        &store,
        &c.treasury_colleague,
        &r,
        Command::Claim,
        at(6, 14, 0),
    )
    .await;
    act(
        &store,
        &c.treasury_colleague,
        &r,
        Command::AskOfficer {
            text: "ขอสำเนาสัญญา".into(),
        },
        at(6, 14, 10),
    )
    .await;
    assert!(
        sla_tick(&store, &cal, &chats, at(9, 16, 0))
            .await
            .expect("tick")
            .is_empty()
    );
    // A raw UPDATE of the log is still refused (only the anonymiser may redact texts).
    assert!(
        store
            .execute_raw("UPDATE case_events SET kind = 'noted'")
            .await
            .is_err()
    );
}

/// A week of work at two agencies, plus one case from the week before.
async fn a_week_of_cases<S: Store>(store: &S, c: &Cast) -> Vec<CaseRef> {
    let open = async |subject: &str, code: &str, t| {
        store
            .open_case(&c.officer, &agency(code), subject, t, no_messages)
            .await
            .expect("open")
            .case_ref
    };
    let earlier = open(
        "เรื่องจากสัปดาห์ก่อน",
        "treasury",
        at(5, 9, 0) - Duration::days(4),
    )
    .await;
    let a = open(
        "สมชาย ใจดี โทร 081-234-5678 ถามเรื่องค่าปรับ",
        "treasury",
        at(5, 9, 0),
    )
    .await;
    let b = open("ราคากลางครุภัณฑ์", "treasury", at(5, 9, 0)).await;
    let h = open("แบบถนนลาดยาง", "highways", at(6, 9, 0)).await;
    let ex = &c.treasury_expert;
    act(store, ex, &earlier, Command::Claim, at(5, 9, 30)).await;
    act(
        store,
        ex,
        &earlier,
        Command::Reply {
            text: "กำลังตรวจสอบ".into(),
        },
        at(5, 9, 45),
    )
    .await;
    act(store, ex, &a, Command::Claim, at(5, 10, 0)).await;
    act(
        store,
        ex,
        &a,
        Command::AskOfficer {
            text: "ขอเลขที่สัญญา".into(),
        },
        at(5, 11, 0),
    )
    .await;
    act(
        store,
        &c.officer,
        &a,
        Command::Reply {
            text: "สัญญาเลขที่ 12/2569 ติดต่อสมชาย 081-234-5678".into(),
        },
        at(6, 9, 0),
    )
    .await;
    act(
        store,
        ex,
        &a,
        Command::Resolve {
            summary: "คิดค่าปรับร้อยละ 0.2 ต่อวัน".into(),
        },
        at(6, 10, 0),
    )
    .await;
    act(store, &c.officer, &a, Command::Confirm, at(6, 11, 0)).await;
    act(
        store,
        &c.officer,
        &a,
        Command::Rate { stars: 4 },
        at(6, 11, 5),
    )
    .await;
    act(
        store,
        &c.treasury_colleague,
        &b,
        Command::Claim,
        at(7, 9, 0),
    )
    .await;
    vec![earlier, a, b, h]
}

async fn the_weekly_summary_matches_the_events_and_survives_anonymisation<S: Oversight + RawSql>(
    store: S,
) {
    let c = cast(&store).await;
    let cal = calendar();
    let refs = a_week_of_cases(&store, &c).await;
    // The SLA clock runs on Friday: the highways case was never claimed (8 h target).
    let alerts = sla_tick(&store, &cal, &chats(), at(9, 12, 0))
        .await
        .expect("tick");
    assert!(alerts.iter().any(|a| a.event.what.name() == "sla_breached"));
    // Next week's events must not count.
    let resolve = Command::Resolve {
        summary: "ตอบแล้ว".into(),
    };
    act(&store, &c.treasury_expert, &refs[0], resolve, at(12, 10, 0)).await;
    for (text, answered, down) in [
        ("เบิกค่าเบี้ยเลี้ยงกรรมการได้ไหม", false, false),
        ("เบิกค่าเบี้ยเลี้ยงกรรมการได้ไหม", false, false),
        ("เบิกค่าเบี้ยเลี้ยงกรรมการได้ไหม", true, true),
        ("ซื้อรถราชการ", false, false),
        ("วิธีเฉพาะเจาะจง", true, false),
    ] {
        let id = store
            .log_question(&Question {
                user: Some(c.officer.user),
                asked_at: at(7, 10, 0),
                text: text.into(),
                entry_id: None,
                confidence: if answered { 0.9 } else { 0.1 },
                answered,
                agency: Some("treasury".into()),
            })
            .await
            .expect("log");
        if down {
            store.question_feedback(id, false).await.expect("feedback");
        }
    }

    let week = NaiveDate::from_ymd_opt(2026, 1, 5).expect("date");
    let summary = weekly_summary(&store, &cal, week).await.expect("summary");

    // Independently, from the events: counts per agency within [Mon 5, Mon 12).
    let (from, until) = (at(5, 0, 0), at(12, 0, 0));
    let mut expected: HashMap<&str, (u32, u32, u32)> = HashMap::new();
    let mut open_at_end: HashMap<String, u32> = HashMap::new();
    for r in &refs {
        let events = store.events(&c.coordinator, r).await.expect("log");
        let Some(EventKind::Opened { agency, .. }) = events.first().map(|e| &e.what) else {
            panic!()
        };
        let code = if agency.as_str() == "treasury" {
            "treasury"
        } else {
            "highways"
        };
        let in_week: Vec<_> = events
            .iter()
            .filter(|e| e.at >= from && e.at < until)
            .collect();
        let e = expected.entry(code).or_default();
        e.0 += in_week.iter().filter(|e| e.what.name() == "opened").count() as u32;
        e.1 += in_week
            .iter()
            .filter(|e| e.what.name() == "resolved")
            .count() as u32;
        e.2 += in_week
            .iter()
            .filter(|e| e.what.name() == "sla_breached")
            .count() as u32;
        let finished = events
            .iter()
            .any(|e| e.at < until && matches!(e.what.name(), "resolved" | "confirmed"));
        if !finished {
            *open_at_end.entry(code.to_owned()).or_default() += 1;
        }
    }
    for week in &summary.agencies {
        let (opened, resolved, breaches) = expected
            .get(week.agency.as_str())
            .copied()
            .unwrap_or_default();
        assert_eq!(
            (week.opened, week.resolved, week.breaches),
            (opened, resolved, breaches),
            "{}",
            week.agency
        );
        assert_eq!(
            week.open_at_end,
            open_at_end.get(&week.agency).copied().unwrap_or(0),
            "{}",
            week.agency
        );
    }
    assert_eq!(
        (
            summary.total.opened,
            summary.total.resolved,
            summary.total.open_at_end
        ),
        (3, 1, 3)
    );
    let treasury = summary
        .agencies
        .iter()
        .find(|w| w.agency == "treasury")
        .expect("treasury");
    // Claims in the week: the earlier case after 1 h (opened Thu 1 Jan; 1 and 2 Jan are
    // holidays), case A after 1 h, case B after 7.5 + 8 + 0.5 = 16 h: the median is 1 h.
    // Resolution of A: claimed Mon 10:00, resolved Tue 10:00 = 8 h, minus 6 h waiting = 2 h.
    assert_eq!(treasury.median_resolve_hours, Some(2.0));
    assert_eq!(treasury.median_claim_hours, Some(1.0));
    assert_eq!(summary.ratings.count, 1);
    assert_eq!(summary.ratings.average, Some(4.0));
    assert_eq!(summary.top_unanswered[0].text, "เบิกค่าเบี้ยเลี้ยงกรรมการได้ไหม");
    assert_eq!(summary.top_unanswered[0].count, 3);

    // Retention: only the closed case A is anonymised; every figure stays the same.
    let erased = anonymise_tick(
        &store,
        Duration::days(30),
        at(6, 11, 5) + Duration::days(31),
    )
    .await
    .expect("anonymise");
    assert_eq!(erased, 1);
    let after = weekly_summary(&store, &cal, week).await.expect("summary");
    assert_eq!(
        (&after.agencies, &after.total, &after.ratings),
        (&summary.agencies, &summary.total, &summary.ratings)
    );
    let a = store.events(&c.coordinator, &refs[1]).await.expect("log");
    let text = serde_json::to_string(&a).expect("json");
    assert!(!text.contains("สมชาย") && !text.contains("081"), "{text}");
    assert!(text.contains(PLACEHOLDER));
    assert_eq!(
        store
            .case(&c.coordinator, &refs[1])
            .await
            .expect("case")
            .subject,
        PLACEHOLDER
    );
    let untouched = store.case(&c.coordinator, &refs[2]).await.expect("case");
    assert_eq!(untouched.subject, "ราคากลางครุภัณฑ์");
    // The redaction window closed with the anonymiser's transaction: the log is sealed again.
    let rewrite = store
        .execute_raw("UPDATE case_events SET payload = payload")
        .await;
    assert!(rewrite.is_err(), "append-only after anonymising");
    let log = store.privacy_log().await.expect("log");
    assert_eq!(log.len(), 1);
    assert_eq!(
        (log[0].action.as_str(), log[0].case_ref.as_deref()),
        ("retention", Some(refs[1].to_string().as_str()))
    );

    // Forget the officer: every case of theirs erased, name gone, the figures unchanged.
    let data = clinic::privacy::export_user(&store, c.officer.user, c.admin.user, at(20, 9, 0))
        .await
        .expect("export");
    assert_eq!(data.cases.len(), 4);
    let forgotten =
        clinic::privacy::forget_user(&store, c.officer.user, c.admin.user, at(20, 9, 0))
            .await
            .expect("forget");
    assert_eq!(forgotten, 3);
    let user = store.user(c.officer.user).await.expect("db").expect("user");
    assert_eq!(user.name, PLACEHOLDER);
    let again = weekly_summary(&store, &cal, week).await.expect("summary");
    assert_eq!(
        (&again.agencies, &again.total, &again.ratings),
        (&summary.agencies, &summary.total, &summary.ratings)
    );
    let actions: Vec<_> = store
        .privacy_log()
        .await
        .expect("log")
        .into_iter()
        .map(|l| l.action)
        .collect();
    assert_eq!(
        actions,
        [
            "retention",
            "export",
            "forget",
            "forget",
            "forget",
            "forget"
        ]
    );
}

async fn the_weekly_summary_goes_to_the_coordinators_once<S: Oversight>(store: S) {
    let c = cast(&store).await;
    let cal = calendar();
    a_week_of_cases(&store, &c).await;
    let chats = chats();
    // Monday 12 January, 08:00: too early; 08:30 onwards: once, whoever ticks.
    assert!(
        weekly_summary_tick(&store, &cal, &chats, at(12, 8, 0))
            .await
            .expect("tick")
            .is_none()
    );
    let sent = weekly_summary_tick(&store, &cal, &chats, at(12, 8, 30))
        .await
        .expect("tick");
    assert_eq!(sent.expect("sent").total.opened, 3);
    assert!(
        weekly_summary_tick(&store, &cal, &chats, at(12, 9, 0))
            .await
            .expect("tick")
            .is_none()
    );
    let due = store.due_messages(at(12, 9, 0), 50).await.expect("outbox");
    let text = due
        .iter()
        .find(|m| m.chat_id == -900)
        .expect("to coordinators")
        .payload["text"]
        .to_string();
    assert!(text.contains("สรุปประจำสัปดาห์ 5 ม.ค. 2569"), "{text}");
}

#[test]
fn the_summary_of_an_empty_week_is_zero() {
    let week = NaiveDate::from_ymd_opt(2026, 1, 5).expect("date");
    let empty: Vec<LoggedQuestion> = Vec::new();
    let summary = summarise(&[], &empty, &Calendar::default(), &[], week);
    assert_eq!(summary.total.opened, 0);
    assert_eq!(summary.ratings.average, None);
}

on_both_engines!(
    sla_alerts_fire_exactly_once_and_a_silent_owner_loses_the_case,
    the_weekly_summary_matches_the_events_and_survives_anonymisation,
    the_weekly_summary_goes_to_the_coordinators_once,
);
