//! The desk's stories, told through the store API, on both engines.
use crate::on_both_engines;
use crate::support::{agency, cast, monday_morning, open_treasury_case};
use chrono::Duration;
use clinic::cases::{Actor, Command, Refusal, Status, UserId};
use clinic::store::{Store, StoreError, no_messages};

on_both_engines!(
    the_whole_journey_open_to_rating,
    a_resolved_case_can_be_reopened,
    an_officer_can_cancel_before_resolution,
    claims_by_the_wrong_people_are_refused_and_change_nothing,
    expired_used_and_unknown_invites_are_refused,
    a_duplicate_folds_into_another_case_linked_both_ways,
);

fn refusal(result: Result<clinic::cases::Case, StoreError>) -> Refusal {
    match result {
        Err(StoreError::Refused(refusal)) => refusal,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// The journey of the issue, reused by the CLI tests to make a realistic database.
pub(crate) async fn journey<S: Store>(store: &S) -> clinic::cases::CaseRef {
    let c = cast(store).await;
    let mut now = monday_morning();
    let case = open_treasury_case(store, &c, "ขอคำปรึกษาราคากลางงานซ่อมถนนลูกรัง").await;
    let r = case.case_ref.clone();
    let mut step = async |actor: &Actor, command: Command| {
        now += Duration::minutes(45);
        store
            .act(actor, &r, command, now, no_messages)
            .await
            .expect("allowed step")
            .status
    };
    assert_eq!(
        step(&c.treasury_expert, Command::Claim).await,
        Status::Claimed
    );
    let reply = Command::Reply {
        text: "งานทางควรใช้ราคากลางของกรมทางหลวง".into(),
    };
    assert_eq!(step(&c.treasury_expert, reply).await, Status::Claimed);
    let transfer = Command::Transfer {
        to: agency("highways"),
        reason: "งานทาง".into(),
    };
    assert_eq!(step(&c.treasury_expert, transfer).await, Status::Open);
    assert_eq!(
        step(&c.highways_expert, Command::Claim).await,
        Status::Claimed
    );
    let ask = Command::AskOfficer {
        text: "ขอแบบและปริมาณงาน".into(),
    };
    assert_eq!(step(&c.highways_expert, ask).await, Status::Waiting);
    let answer = Command::Reply {
        text: "แนบ BOQ แล้วครับ".into(),
    };
    assert_eq!(step(&c.officer, answer).await, Status::Claimed);
    let resolve = Command::Resolve {
        summary: "ใช้ราคากลางงานทาง ปรับ Factor F ตามไตรมาส".into(),
    };
    assert_eq!(step(&c.highways_expert, resolve).await, Status::Resolved);
    assert_eq!(step(&c.officer, Command::Confirm).await, Status::Closed);
    assert_eq!(
        step(&c.officer, Command::Rate { stars: 5 }).await,
        Status::Closed
    );
    r
}

async fn the_whole_journey_open_to_rating<S: Store>(store: S) {
    let r = journey(&store).await;
    let coordinator = store
        .user(UserId(800))
        .await
        .expect("db")
        .expect("coordinator")
        .actor();
    let case = store.case(&coordinator, &r).await.expect("case");
    assert_eq!(r.to_string(), "KK-2569-000001");
    assert_eq!((case.rating, case.agency.as_str()), (Some(5), "highways"));
    assert_eq!(
        case.paused_secs,
        45 * 60,
        "the waiting time is recorded for the SLA clock"
    );
    let events = store.events(&coordinator, &r).await.expect("log");
    let kinds: Vec<_> = events.iter().map(|e| e.what.name()).collect();
    assert_eq!(
        kinds,
        [
            "opened",
            "claimed",
            "expert_replied",
            "transferred",
            "claimed",
            "asked_officer",
            "officer_replied",
            "resolved",
            "confirmed",
            "rated"
        ]
    );
    assert_eq!(
        clinic::cases::replay(&events),
        Ok(case),
        "the log rebuilds the case row"
    );
}

async fn a_resolved_case_can_be_reopened<S: Store>(store: S) {
    let c = cast(&store).await;
    let r = open_treasury_case(&store, &c, "หลักประกันสัญญาคืนเมื่อไร")
        .await
        .case_ref;
    let now = monday_morning() + Duration::hours(1);
    let act = async |actor: &Actor, command: Command| {
        store.act(actor, &r, command, now, no_messages).await
    };
    act(&c.treasury_expert, Command::Claim)
        .await
        .expect("claim");
    act(
        &c.treasury_expert,
        Command::Resolve {
            summary: "คืนภายใน 15 วัน".into(),
        },
    )
    .await
    .expect("resolve");
    let reopened = act(
        &c.officer,
        Command::Reopen {
            reason: "ยังไม่ชัด".into(),
        },
    )
    .await
    .expect("reopen");
    assert_eq!(
        (reopened.status, reopened.owner),
        (Status::Claimed, Some(c.treasury_expert.user))
    );
    assert_eq!(
        reopened.resolved_at, None,
        "a reopened case gets a fresh resolution target"
    );
    let by_stranger = act(&c.other_officer, Command::Reopen { reason: "x".into() }).await;
    assert_eq!(refusal(by_stranger), Refusal::NotYourCase);
}

async fn an_officer_can_cancel_before_resolution<S: Store>(store: S) {
    let c = cast(&store).await;
    let r = open_treasury_case(&store, &c, "ถามผิดเรื่อง").await.case_ref;
    let now = monday_morning();
    let cancel = Command::Cancel {
        reason: "หาคำตอบได้แล้ว".into(),
    };
    let case = store
        .act(&c.officer, &r, cancel.clone(), now, no_messages)
        .await
        .expect("cancel");
    assert_eq!(case.status, Status::Cancelled);
    let again = store.act(&c.officer, &r, cancel, now, no_messages).await;
    assert!(matches!(
        refusal(again),
        Refusal::WrongState {
            status: Status::Cancelled,
            ..
        }
    ));
}

async fn claims_by_the_wrong_people_are_refused_and_change_nothing<S: Store>(store: S) {
    let c = cast(&store).await;
    let r = open_treasury_case(&store, &c, "ค่าปรับงานล่าช้า")
        .await
        .case_ref;
    let now = monday_morning();
    let by_other_agency = store
        .act(&c.highways_expert, &r, Command::Claim, now, no_messages)
        .await;
    assert_eq!(refusal(by_other_agency), Refusal::OtherAgency);
    let by_officer = store
        .act(&c.officer, &r, Command::Claim, now, no_messages)
        .await;
    assert!(matches!(refusal(by_officer), Refusal::NotForRole { .. }));
    let by_coordinator = store
        .act(&c.coordinator, &r, Command::Claim, now, no_messages)
        .await;
    assert!(matches!(
        refusal(by_coordinator),
        Refusal::NotForRole { .. }
    ));
    let case = store.case(&c.coordinator, &r).await.expect("case");
    assert_eq!(
        (case.status, case.owner, case.version),
        (Status::Open, None, 1)
    );
    assert_eq!(
        store.events(&c.coordinator, &r).await.expect("log").len(),
        1
    );
}

async fn expired_used_and_unknown_invites_are_refused<S: Store>(store: S) {
    let c = cast(&store).await;
    let now = monday_morning();
    let invite = store
        .create_invite(
            &c.coordinator,
            &agency("forestry"),
            now,
            Duration::hours(24),
        )
        .await
        .expect("invite");
    let late = now + Duration::hours(25);
    let expired = store
        .redeem_invite(UserId(401), "ป่า ไม้", &invite.code, late)
        .await;
    assert!(
        matches!(expired, Err(StoreError::Refused(Refusal::InviteExpired))),
        "{expired:?}"
    );
    let typed = invite.code.to_lowercase();
    let joined = store
        .redeem_invite(UserId(401), "ป่า ไม้", &typed, now)
        .await
        .expect("join");
    assert_eq!(joined.agency, Some(agency("forestry")));
    let reused = store
        .redeem_invite(UserId(402), "อีก คน", &invite.code, now)
        .await;
    assert!(
        matches!(reused, Err(StoreError::Refused(Refusal::InviteUsed))),
        "{reused:?}"
    );
    let unknown = store
        .redeem_invite(UserId(402), "อีก คน", "ZZZZZZZZ", now)
        .await;
    assert!(
        matches!(unknown, Err(StoreError::Refused(Refusal::InviteUnknown))),
        "{unknown:?}"
    );
    let by_expert = store
        .create_invite(
            &c.treasury_expert,
            &agency("treasury"),
            now,
            Duration::hours(1),
        )
        .await;
    assert!(matches!(
        by_expert,
        Err(StoreError::Refused(Refusal::NotForRole { .. }))
    ));
    assert_eq!(
        store.user(UserId(402)).await.expect("db"),
        None,
        "a refused join creates nobody"
    );
}

async fn a_duplicate_folds_into_another_case_linked_both_ways<S: Store>(store: S) {
    let c = cast(&store).await;
    let first = open_treasury_case(&store, &c, "e-GP ล็อกอินไม่ได้")
        .await
        .case_ref;
    let dup = open_treasury_case(&store, &c, "เข้า e-GP ไม่ได้")
        .await
        .case_ref;
    let now = monday_morning();
    let merge = Command::Merge {
        into: first.clone(),
    };
    let by_expert = store
        .act(&c.treasury_expert, &dup, merge.clone(), now, no_messages)
        .await;
    assert!(matches!(refusal(by_expert), Refusal::NotForRole { .. }));
    let merged = store
        .act(&c.coordinator, &dup, merge, now, no_messages)
        .await
        .expect("merge");
    assert_eq!(
        (merged.status, merged.merged_into.as_ref()),
        (Status::Merged, Some(&first))
    );
    let survivor = store.case(&c.coordinator, &first).await.expect("case");
    assert_eq!(survivor.merged_from, vec![dup.clone()]);
    assert_eq!(
        store
            .events(&c.officer, &dup)
            .await
            .expect("log kept")
            .len(),
        2
    );
}
