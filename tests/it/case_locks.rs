//! Turns from different chats race on the same cases (PostgreSQL, where they really run side
//! by side): two coordinators merge two cases into each other while the officer writes on one
//! and an expert claims the other. Every transaction locks its cases in ascending id order,
//! so none deadlocks; each turn's messages are written exactly once or, refused, not at all.
use crate::support::{Cast, cast, monday_morning, on_postgres, open_treasury_case};
use clinic::cases::{Actor, Case, CaseRef, Command, Event};
use clinic::store::{DeskStore, NewOutbox, PgStore, Store, StoreError};
use serde_json::json;

const ROUNDS: usize = 1_000;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn turns_racing_on_one_case_from_different_chats_never_deadlock() {
    on_postgres(|store| async move {
        let c = cast(&store).await;
        for round in 0..ROUNDS {
            race(&store, &c, round).await;
        }
    })
    .await;
}

/// One turn as the desk runs it: the case change with its notice, then the turn's own
/// reply, committed together.
async fn turn(
    store: PgStore,
    actor: Actor,
    case_ref: CaseRef,
    command: Command,
    mark: String,
) -> Result<(), StoreError> {
    let unit = store.begin_unit().await?;
    let message = |mark: &str| NewOutbox {
        chat_id: actor.user.0,
        payload: json!({ "text": mark }),
        case_ref: None,
    };
    let notice = message(&mark);
    let changed = unit
        .act(
            &actor,
            &case_ref,
            command,
            monday_morning(),
            move |_: &Case, _: &[Event]| vec![notice],
        )
        .await;
    if let Err(e) = changed {
        unit.rollback_unit().await?;
        return Err(e);
    }
    unit.enqueue(vec![message(&mark)], monday_morning()).await?;
    unit.commit_unit().await
}

async fn race(store: &PgStore, c: &Cast, round: usize) {
    let a = open_treasury_case(store, c, "เรื่องแรก").await.case_ref;
    let b = open_treasury_case(store, c, "เรื่องซ้ำ").await.case_ref;
    let turns = [
        (
            c.coordinator.clone(),
            a.clone(),
            Command::Merge { into: b.clone() },
        ),
        (
            c.admin.clone(),
            b.clone(),
            Command::Merge { into: a.clone() },
        ),
        (
            c.officer.clone(),
            a.clone(),
            Command::Reply {
                text: "ขอเพิ่มเติมครับ".into(),
            },
        ),
        (c.treasury_expert.clone(), b.clone(), Command::Claim),
    ];
    let tasks: Vec<_> = turns
        .into_iter()
        .enumerate()
        .map(|(i, (actor, case_ref, command))| {
            let mark = format!("round {round} turn {i}");
            tokio::spawn(turn(store.clone(), actor, case_ref, command, mark))
        })
        .collect();
    let mut done = Vec::new();
    for (i, task) in tasks.into_iter().enumerate() {
        match task.await.expect("task") {
            Ok(()) => done.push(i),
            // A merged case refuses what comes after; anything else (a deadlock) fails.
            Err(StoreError::Refused(_)) => {}
            Err(e) => panic!("round {round}, turn {i}: {e}"),
        }
    }
    let merges = done.iter().filter(|i| **i < 2).count();
    assert_eq!(merges, 1, "round {round}: exactly one merge wins: {done:?}");
    for i in 0..4 {
        let mark = format!("round {round} turn {i}");
        let rows: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE payload->>'text' = $1")
                .bind(&mark)
                .fetch_one(store.pool())
                .await
                .expect("count");
        let expected = if done.contains(&i) { 2 } else { 0 };
        assert_eq!(rows, expected, "{mark}: its notice and reply, once");
    }
}
