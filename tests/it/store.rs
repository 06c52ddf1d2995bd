//! Store guarantees, on both engines.
use crate::on_both_engines;
use crate::support::{RawSql, agency, cast, monday_morning, open_treasury_case};
use chrono::{Duration, TimeZone, Utc};
use clinic::cases::UserId;
use clinic::cases::{Command, Refusal, Status};
use clinic::store::{
    CaseFilter, ChatBinding, DeskStore, NewOutbox, Oversight, Question, RoutingChoice, Store,
    StoreError, no_messages,
};
use serde_json::json;

on_both_engines!(
    references_have_no_gaps_and_follow_the_bangkok_year,
    case_events_refuse_update_and_delete,
    events_and_outbox_rows_commit_together_or_not_at_all,
    outbox_hands_out_each_chats_oldest_message_first,
    an_officer_sees_only_their_own_cases_and_an_expert_their_agencys,
    updates_are_remembered_once_and_questions_are_logged,
    overdue_open_cases_are_found_from_the_agency_sla,
    the_desks_combined_reads_give_what_the_single_reads_give,
    an_officers_routing_choice_is_kept_with_the_case_it_opened,
);

async fn references_have_no_gaps_and_follow_the_bangkok_year<S: Store>(store: S) {
    let c = cast(&store).await;
    let first = open_treasury_case(&store, &c, "หนึ่ง").await.case_ref;
    let refused = store
        .open_case(
            &c.treasury_expert,
            &agency("treasury"),
            "x",
            monday_morning(),
            no_messages,
        )
        .await;
    assert!(matches!(
        refused,
        Err(StoreError::Refused(Refusal::NotForRole { .. }))
    ));
    let second = open_treasury_case(&store, &c, "สอง").await.case_ref;
    assert_eq!(
        (first.to_string(), second.to_string()),
        ("KK-2569-000001".into(), "KK-2569-000002".into())
    );
    // 31 Dec 2026 17:30 UTC is already 1 January 2027 in Bangkok: year 2570 starts at 1.
    let new_year = Utc
        .with_ymd_and_hms(2026, 12, 31, 17, 30, 0)
        .single()
        .expect("time");
    let next = store
        .open_case(
            &c.officer,
            &agency("treasury"),
            "ปีใหม่",
            new_year,
            no_messages,
        )
        .await
        .expect("open");
    assert_eq!(next.case_ref.to_string(), "KK-2570-000001");
}

async fn case_events_refuse_update_and_delete<S: Store + RawSql>(store: S) {
    let c = cast(&store).await;
    open_treasury_case(&store, &c, "บันทึกห้ามแก้").await;
    let update = store
        .execute_raw("UPDATE case_events SET kind = 'forged'")
        .await;
    assert!(
        update
            .expect_err("UPDATE must fail")
            .to_string()
            .contains("append-only")
    );
    let delete = store.execute_raw("DELETE FROM case_events").await;
    assert!(
        delete
            .expect_err("DELETE must fail")
            .to_string()
            .contains("append-only")
    );
}

async fn events_and_outbox_rows_commit_together_or_not_at_all<S: Store>(store: S) {
    let c = cast(&store).await;
    let r = open_treasury_case(&store, &c, "ขอคำปรึกษา").await.case_ref;
    let now = monday_morning();
    let tell_officer = |case: &clinic::cases::Case, events: &[clinic::cases::Event]| {
        vec![NewOutbox {
            chat_id: 101,
            payload: json!({ "text": format!("{}: {}", case.case_ref, events[0].what.name()) }),
            case_ref: Some(case.case_ref.clone()),
        }]
    };
    store
        .act(&c.treasury_expert, &r, Command::Claim, now, tell_officer)
        .await
        .expect("claim");
    let refused = store
        .act(&c.treasury_colleague, &r, Command::Claim, now, tell_officer)
        .await;
    assert!(matches!(
        refused,
        Err(StoreError::Refused(Refusal::AlreadyClaimed))
    ));
    let due = store.due_messages(now, 10).await.expect("due");
    assert_eq!(due.len(), 1, "the refused claim wrote no message");
    assert_eq!(due[0].payload, json!({ "text": "KK-2569-000001: claimed" }));
    assert_eq!(due[0].case_ref.as_deref(), Some("KK-2569-000001"));
}

async fn outbox_hands_out_each_chats_oldest_message_first<S: Store>(store: S) {
    let now = monday_morning();
    let msg = |chat_id, n| NewOutbox {
        chat_id,
        payload: json!({ "n": n }),
        case_ref: None,
    };
    store
        .enqueue(vec![msg(1, 1), msg(1, 2), msg(2, 3)], now)
        .await
        .expect("enqueue");
    let due = store.due_messages(now, 10).await.expect("due");
    let heads: Vec<_> = due
        .iter()
        .map(|m| (m.chat_id, m.payload["n"].clone()))
        .collect();
    assert_eq!(heads, [(1, json!(1)), (2, json!(3))]);
    // Chat 1's head is retried later: its second message must wait behind it.
    store
        .mark_retry(due[0].id, now + Duration::seconds(30), "429")
        .await
        .expect("retry");
    store.mark_sent(due[1].id, now).await.expect("sent");
    assert!(store.due_messages(now, 10).await.expect("due").is_empty());
    let later = store
        .due_messages(now + Duration::seconds(31), 10)
        .await
        .expect("due");
    assert_eq!(
        (
            later.len(),
            later[0].attempts,
            later[0].payload["n"].clone()
        ),
        (1, 1, json!(1))
    );
}

async fn an_officer_sees_only_their_own_cases_and_an_expert_their_agencys<S: Store>(store: S) {
    let c = cast(&store).await;
    let mine = open_treasury_case(&store, &c, "ของฉัน").await.case_ref;
    let now = monday_morning();
    store
        .open_case(
            &c.other_officer,
            &agency("highways"),
            "ของคนอื่น",
            now,
            no_messages,
        )
        .await
        .expect("open");
    let all = CaseFilter::default();
    let seen = |cases: Vec<clinic::cases::Case>| {
        cases
            .into_iter()
            .map(|c| c.case_ref.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        seen(store.cases(&c.officer, &all).await.expect("list")),
        [mine.to_string()]
    );
    assert_eq!(
        seen(store.cases(&c.treasury_expert, &all).await.expect("list")),
        [mine.to_string()]
    );
    assert_eq!(
        store.cases(&c.coordinator, &all).await.expect("list").len(),
        2
    );
    let shown = store.case(&c.other_officer, &mine).await;
    assert!(
        matches!(shown, Err(StoreError::Refused(Refusal::NotYourCase))),
        "{shown:?}"
    );
    let log = store.events(&c.other_officer, &mine).await;
    assert!(matches!(
        log,
        Err(StoreError::Refused(Refusal::NotYourCase))
    ));
    let by_agency = CaseFilter {
        agency: Some(agency("highways")),
        status: Some(Status::Open),
        ..all
    };
    assert_eq!(
        store.cases(&c.admin, &by_agency).await.expect("list").len(),
        1
    );
}

async fn updates_are_remembered_once_and_questions_are_logged<S: Store>(store: S) {
    let c = cast(&store).await;
    let now = monday_morning();
    assert!(store.remember_update(77, now).await.expect("first"));
    assert!(!store.remember_update(77, now).await.expect("again"));
    let question = Question {
        user: Some(c.officer.user),
        asked_at: now,
        text: "วงเงินเท่าไรใช้วิธีเฉพาะเจาะจงได้".into(),
        entry_id: Some("methods/specific".into()),
        confidence: 0.82,
        answered: true,
        agency: Some("treasury".into()),
    };
    let id = store.log_question(&question).await.expect("log");
    store.question_feedback(id, false).await.expect("feedback");
}

async fn an_officers_routing_choice_is_kept_with_the_case_it_opened<S: Oversight>(store: S) {
    let c = cast(&store).await;
    let now = monday_morning();
    let case = open_treasury_case(&store, &c, "ต่ออายุแบงก์การันตีงานสะพาน").await;
    let choice = RoutingChoice {
        user: Some(c.officer.user),
        chosen_at: now,
        text: "ต่ออายุแบงก์การันตีงานสะพาน".into(),
        proposed: Some("highways".into()),
        runner_up: Some("treasury".into()),
        unsure: true,
        chosen: "treasury".into(),
        case_ref: Some(case.case_ref.to_string()),
    };
    store.log_routing_choice(&choice).await.expect("log");
    let kept = store
        .routing_choices_between(now - Duration::hours(1), now + Duration::hours(1))
        .await
        .expect("read");
    assert_eq!(kept, [choice]);
}

async fn overdue_open_cases_are_found_from_the_agency_sla<S: Store>(store: S) {
    let c = cast(&store).await;
    let case = open_treasury_case(&store, &c, "ยังไม่มีใครรับ").await;
    let agencies = store.agencies().await.expect("agencies");
    let treasury = agencies
        .iter()
        .find(|a| a.code.as_str() == "treasury")
        .expect("treasury");
    let calendar = clinic::timeline::Calendar::default();
    let sla = |at| clinic::cases::sla::is_overdue(&case, treasury, &calendar, at);
    // Opened Monday 09:00; treasury claims within 4 working hours.
    assert!(!sla(monday_morning() + Duration::hours(3)));
    assert!(sla(monday_morning() + Duration::hours(5)));
}

/// Each turn reads its sender with their settings, and each case change the agencies with their
/// groups, in one statement each: the answer is what the separate reads would have said.
async fn the_desks_combined_reads_give_what_the_single_reads_give<S: DeskStore>(store: S) {
    let c = cast(&store).await;
    let now = monday_morning();
    store.set_lang(UserId(101), "en", now).await.expect("lang");
    // Someone half-way through registering has settings and no user row yet.
    let dialogue = json!({"step": "name", "question": null});
    store
        .set_dialogue(UserId(555), Some(dialogue), now)
        .await
        .expect("dialogue");
    for id in [101, 102, 555, 999] {
        let (user, settings) = store.user_and_settings(UserId(id)).await.expect("read");
        assert_eq!(user, store.user(UserId(id)).await.expect("user"), "{id}");
        assert_eq!(
            settings,
            store.settings(UserId(id)).await.expect("settings"),
            "{id}"
        );
    }

    let admin = c.admin.user;
    let expected = async || {
        let mut groups = std::collections::HashMap::new();
        let mut coordinators = None;
        for (chat, binding) in store.chat_bindings().await.expect("bindings") {
            match binding {
                ChatBinding::Agency(code) => {
                    groups.insert(code, chat);
                }
                ChatBinding::Coordinators => coordinators = Some(chat),
            }
        }
        (
            store.agencies().await.expect("agencies"),
            groups,
            coordinators,
        )
    };
    let read = async || {
        let chats = store.agency_chats().await.expect("chats");
        (chats.agencies, chats.groups, chats.coordinators)
    };
    assert_eq!(read().await, expected().await);
    let treasury = ChatBinding::Agency(agency("treasury"));
    for (chat, binding) in [
        (-1001, &treasury),
        (-1002, &ChatBinding::Agency(agency("public_works"))),
        (-1009, &ChatBinding::Coordinators),
        // Binding again moves the binding.
        (-1003, &treasury),
    ] {
        store
            .bind_chat(chat, binding, admin, now)
            .await
            .expect("bind");
        assert_eq!(read().await, expected().await, "after binding {chat}");
    }
    let (_, groups, coordinators) = read().await;
    assert_eq!(groups.get(&agency("treasury")), Some(&-1003));
    assert_eq!(coordinators, Some(-1009));
}
