//! Property tests of the state machine: any sequence of commands by any actors.
use super::*;
use chrono::{DateTime, Duration, TimeZone, Utc};
use proptest::prelude::*;

fn code(text: &str) -> AgencyCode {
    AgencyCode::parse(text).expect("test agency code")
}

/// Two officers, two experts of the case's first agency, one of another, a coordinator, an admin.
fn cast() -> Vec<Actor> {
    vec![
        Actor::officer(UserId(1)),
        Actor::officer(UserId(2)),
        Actor::expert(UserId(11), code("treasury")),
        Actor::expert(UserId(12), code("treasury")),
        Actor::expert(UserId(21), code("highways")),
        Actor::coordinator(UserId(31)),
        Actor::admin(UserId(41)),
    ]
}

fn this_ref() -> CaseRef {
    CaseRef::parse("KK-2569-000001").expect("ref")
}

fn command() -> impl Strategy<Value = Command> {
    let text = prop::sample::select(vec!["", "  ", "ขอเอกสาร", "ok"]).prop_map(String::from);
    let agency = prop::sample::select(vec!["treasury", "highways", "forestry"]).prop_map(code);
    let actor = prop::sample::select(cast());
    let other = prop::sample::select(vec!["KK-2569-000001", "KK-2569-000002"])
        .prop_map(|r| CaseRef::parse(r).expect("ref"));
    prop_oneof![
        (agency.clone(), text.clone())
            .prop_map(|(agency, subject)| Command::Open { agency, subject }),
        Just(Command::Claim),
        Just(Command::Claim),
        text.clone().prop_map(|text| Command::Reply { text }),
        text.clone().prop_map(|text| Command::AskOfficer { text }),
        text.clone().prop_map(|text| Command::Note { text }),
        (agency, text.clone()).prop_map(|(to, reason)| Command::Transfer { to, reason }),
        text.clone()
            .prop_map(|summary| Command::Resolve { summary }),
        text.clone()
            .prop_map(|summary| Command::Resolve { summary }),
        text.clone().prop_map(|reason| Command::Reopen { reason }),
        Just(Command::Confirm),
        text.clone().prop_map(|reason| Command::Cancel { reason }),
        (0u8..7).prop_map(|stars| Command::Rate { stars }),
        actor.prop_map(|to| Command::Reassign { to }),
        text.clone().prop_map(|reason| Command::Escalate { reason }),
        text.prop_map(|reason| Command::Close { reason }),
        other.prop_map(|into| Command::Merge { into }),
    ]
}

/// Independent of `decide`: may this actor touch this case at all?
fn has_right(case: &Case, actor: &Actor) -> bool {
    match actor.role {
        Role::Officer => case.officer == actor.user,
        Role::Expert => actor.agency.as_ref() == Some(&case.agency),
        Role::Coordinator | Role::Admin | Role::System => true,
    }
}

/// Independent of `decide`: the commands each role may ever use on an existing case.
fn role_may(role: Role, command: &Command) -> bool {
    let allowed: &[&str] = match role {
        Role::Officer => &["reply", "confirm", "reopen", "cancel", "rate"],
        Role::Expert => &[
            "claim",
            "reply",
            "ask_officer",
            "note",
            "transfer",
            "resolve",
        ],
        Role::Coordinator | Role::Admin => {
            &["reassign", "transfer", "close", "escalate", "note", "merge"]
        }
        Role::System => &["sla_remind", "sla_breach", "release"],
    };
    allowed.contains(&command.name())
}

fn start_at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 5, 2, 0, 0)
        .single()
        .expect("time")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10_000, ..ProptestConfig::default() })]

    #[test]
    fn any_story_keeps_cases_valid_authorised_and_replayable(
        steps in prop::collection::vec((0usize..7, command(), 0i64..600), 0..30)
    ) {
        let actors = cast();
        let mut now = start_at();
        let open = Command::Open { agency: code("treasury"), subject: "ราคากลาง".into() };
        let mut log = decide_open(&actors[0], this_ref(), open, now).expect("officer opens");
        let mut case = replay(&log).expect("opened");
        for (who, command, minutes) in steps {
            now += Duration::minutes(minutes);
            let actor = &actors[who];
            let before = case.clone();
            let may = has_right(&before, actor) && role_may(actor.role, &command);
            match decide(&before, actor, command, now) {
                Ok(events) => {
                    prop_assert!(may, "{actor:?} changed {before:?} without the right");
                    for event in &events {
                        apply(&mut case, event);
                    }
                    log.extend(events);
                    prop_assert_eq!(case.check(), Ok(()));
                }
                Err(_) => prop_assert_eq!(&case, &before),
            }
        }
        prop_assert_eq!(replay(&log), Ok(case));
        let json = serde_json::to_string(&log).expect("events serialise");
        let back: Vec<Event> = serde_json::from_str(&json).expect("events deserialise");
        prop_assert_eq!(back, log);
    }
}

#[test]
fn the_main_story_walks_every_happy_state() {
    let [officer, _, expert, _, other_expert, coordinator, _] =
        <[Actor; 7]>::try_from(cast()).expect("seven");
    let now = start_at();
    let open = Command::Open {
        agency: code("treasury"),
        subject: "ขอคำปรึกษา".into(),
    };
    let mut case = replay(&decide_open(&officer, this_ref(), open, now).expect("open")).expect("c");
    let mut step = |actor: &Actor, command: Command| {
        let events = decide(&case, actor, command, now).expect("allowed");
        events.iter().for_each(|e| apply(&mut case, e));
        case.status
    };
    assert_eq!(step(&expert, Command::Claim), Status::Claimed);
    assert_eq!(
        step(
            &expert,
            Command::AskOfficer {
                text: "ขอ TOR".into()
            }
        ),
        Status::Waiting
    );
    assert_eq!(
        step(
            &officer,
            Command::Reply {
                text: "แนบแล้ว".into()
            }
        ),
        Status::Claimed
    );
    let to = code("highways");
    let transfer = Command::Transfer {
        to,
        reason: "งานทาง".into(),
    };
    assert_eq!(step(&coordinator, transfer), Status::Open);
    assert_eq!(step(&other_expert, Command::Claim), Status::Claimed);
    assert_eq!(
        step(
            &other_expert,
            Command::Resolve {
                summary: "ใช้ราคากลางกรมทางหลวง".into()
            }
        ),
        Status::Resolved
    );
    assert_eq!(step(&officer, Command::Confirm), Status::Closed);
    assert_eq!(step(&officer, Command::Rate { stars: 5 }), Status::Closed);
    assert_eq!(
        decide(&case, &officer, Command::Rate { stars: 4 }, now),
        Err(Refusal::AlreadyRated)
    );
}
