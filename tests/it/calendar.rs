//! Calendar feeds: `/calendar` gives a secret address; the dashboard's server serves the feed
//! at `/calendar/<token>.ics`, parsed here with the `icalendar` crate. On both engines.
use crate::desk::{EXPERT, OFFICER, Play, TREASURY_GROUP, text_to};
use crate::on_both_engines;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use clinic::store::DeskStore;
use clinic::timeline::Calendar;
use clinic::web::{WebState, router};
use icalendar::Component;
use std::str::FromStr;
use std::sync::Arc;
use tower::ServiceExt;

on_both_engines!(
    a_feed_follows_plans_and_claimed_cases_and_refuses_revoked_or_forged_tokens,
    forgetting_an_officer_deletes_their_answers_feed_addresses_and_plans,
);

async fn forgetting_an_officer_deletes_their_answers_feed_addresses_and_plans<S>(store: S)
where
    S: DeskStore,
{
    use clinic::store::QuizAnswer;
    let mut play = Play::new(store.clone()).await;
    play.cast().await;
    play.say(OFFICER, OFFICER, "/plan อีบิด 2.5 ล้าน เริ่ม 5 ม.ค. 69")
        .await;
    let address = play.say(OFFICER, OFFICER, "/calendar").await;
    let token = token_in(&text_to(&address, OFFICER));
    let officer = clinic::cases::UserId(OFFICER);
    let answer = QuizAnswer {
        lesson: 0,
        quiz: 0,
        correct: true,
    };
    let kept = store
        .record_answer(officer, "new-supply-officer", answer, 0, play.now)
        .await
        .unwrap();
    assert!(kept);
    assert_eq!(store.saved_plans(officer).await.unwrap().len(), 1);
    let admin = clinic::cases::UserId(crate::desk::ADMIN);
    store
        .forget_user(officer, admin, "[ลบแล้ว]", play.now)
        .await
        .unwrap();
    let hash = clinic::sessions::calendar_token_hash(&token);
    assert!(store.calendar_owner(&hash).await.unwrap().is_none());
    assert!(store.saved_plans(officer).await.unwrap().is_empty());
    let answers = store
        .course_answers(officer, "new-supply-officer")
        .await
        .unwrap();
    assert!(answers.is_empty());
}

/// The token in the address the bot sent.
fn token_in(text: &str) -> String {
    let at = text.find("/calendar/").expect("an address") + "/calendar/".len();
    text[at..at + 64].to_owned()
}

async fn get(app: &axum::Router, path: &str) -> (StatusCode, String) {
    let response = app
        .clone()
        .oneshot(Request::get(path).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 22)
        .await
        .unwrap();
    (status, String::from_utf8(bytes.to_vec()).unwrap())
}

/// The feed parsed: (uid, start, summary, description) of every event.
fn events(ics: &str) -> Vec<(String, String, String, String)> {
    let calendar = icalendar::Calendar::from_str(ics).expect("the feed parses as iCalendar");
    let mut events: Vec<_> = calendar
        .events()
        .map(|e| {
            (
                e.get_uid().unwrap_or_default().to_owned(),
                format!("{:?}", e.get_start()),
                e.get_summary().unwrap_or_default().to_owned(),
                e.get_description().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    events.sort();
    events
}

async fn a_feed_follows_plans_and_claimed_cases_and_refuses_revoked_or_forged_tokens<S>(store: S)
where
    S: DeskStore,
{
    let mut play = Play::new(store.clone()).await;
    play.cast().await;
    let state = WebState::new(store.clone(), Arc::new(Calendar::default()))
        .await
        .unwrap()
        .served_at("https://clinic.example.go.th");
    let app = router(state);

    // An officer saves a plan and asks for the feed.
    let planned = play
        .say(OFFICER, OFFICER, "/plan อีบิด 2.5 ล้าน เริ่ม 5 ม.ค. 69")
        .await;
    assert!(text_to(&planned, OFFICER).contains("บันทึกแผนนี้ในปฏิทิน"));
    let address = play.say(OFFICER, OFFICER, "/calendar").await;
    let text = text_to(&address, OFFICER);
    // The desk's `web_url` (here the default) is where the feed is served.
    assert!(text.contains("http://127.0.0.1:8080/calendar/"), "{text}");
    let token = token_in(&text);
    let (status, ics) = get(&app, &format!("/calendar/{token}.ics")).await;
    assert_eq!(status, StatusCode::OK);
    let first = events(&ics);
    assert!(first.len() >= 5, "every step of the plan: {first:?}");
    for (uid, _, summary, description) in &first {
        assert!(uid.starts_with("plan-e-bidding-"), "{uid}");
        assert!(summary.contains("ประกวดราคาอิเล็กทรอนิกส์"), "{summary}");
        assert!(description.contains("ข้อกฎหมาย: "), "{description}");
    }
    // The token is stored hashed: the database never holds it.
    assert!(store.calendar_owner(&token).await.unwrap().is_none());
    let hash = clinic::sessions::calendar_token_hash(&token);
    assert!(store.calendar_owner(&hash).await.unwrap().is_some());

    // The same method planned again from another day: the feed follows.
    play.say(OFFICER, OFFICER, "/plan อีบิด 2.5 ล้าน เริ่ม 2 ก.พ. 69")
        .await;
    let (_, ics) = get(&app, &format!("/calendar/{token}.ics")).await;
    let moved = events(&ics);
    assert_eq!(moved.len(), first.len());
    assert_ne!(moved, first, "the changed plan is in the feed");

    // An expert's claimed case is in their feed with its SLA times, until it is resolved.
    let (case_ref, _) = play.handoff_to_treasury().await;
    play.press(EXPERT, TREASURY_GROUP, &format!("claim:{case_ref}"))
        .await;
    let address = play.say(EXPERT, EXPERT, "/calendar").await;
    let expert_token = token_in(&text_to(&address, EXPERT));
    let (_, ics) = get(&app, &format!("/calendar/{expert_token}.ics")).await;
    let claimed = events(&ics);
    assert!(
        claimed.iter().any(|(uid, _, summary, description)| uid
            .starts_with(&format!("case-{case_ref}-"))
            && summary.contains(&case_ref.to_string())
            && description.contains(&format!("/cases/{case_ref}"))),
        "{claimed:?}"
    );
    play.say(
        EXPERT,
        TREASURY_GROUP,
        &format!("/resolve {case_ref} บอกเลิกสัญญาได้"),
    )
    .await;
    let (_, ics) = get(&app, &format!("/calendar/{expert_token}.ics")).await;
    assert!(
        !events(&ics)
            .iter()
            .any(|(uid, ..)| uid.starts_with("case-")),
        "a resolved case leaves the feed"
    );

    // Forged, malformed and revoked tokens all get the same 404.
    let forged = "0123456789abcdef".repeat(4);
    assert_eq!(
        get(&app, &format!("/calendar/{forged}.ics")).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, "/calendar/../../etc.ics").await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, &format!("/calendar/{token}")).await.0,
        StatusCode::NOT_FOUND
    );
    let revoked = play.say(OFFICER, OFFICER, "/calendar off").await;
    assert!(text_to(&revoked, OFFICER).contains("ยกเลิกลิงก์ปฏิทินแล้ว (1"));
    assert_eq!(
        get(&app, &format!("/calendar/{token}.ics")).await.0,
        StatusCode::NOT_FOUND
    );
    // A new address replaces the old one.
    let again = play.say(EXPERT, EXPERT, "/calendar").await;
    let newer = token_in(&text_to(&again, EXPERT));
    assert_eq!(
        get(&app, &format!("/calendar/{newer}.ics")).await.0,
        StatusCode::OK
    );
    assert_eq!(
        get(&app, &format!("/calendar/{expert_token}.ics")).await.0,
        StatusCode::NOT_FOUND
    );
}
