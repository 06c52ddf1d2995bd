//! Schedules computed by hand from the 2025–2026 government calendar (fact sheet §H), never by
//! the code under test. Holidays used: 2025-12-31, 2026-01-01/02, 03-03, 04-06, 04-13..15, 05-04,
//! 05-13, 06-01, 06-03, 07-28..30, 08-12, 10-13, 10-23, 12-07, 12-10, 12-31.
#![allow(clippy::unwrap_used)]
use super::*;
use crate::timeline::{Rules, check};
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn knowledge() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../knowledge")
}

fn data() -> &'static (Rules, Calendar) {
    static DATA: OnceLock<(Rules, Calendar)> = OnceLock::new();
    DATA.get_or_init(|| {
        (
            Rules::load(&knowledge()).unwrap(),
            Calendar::load(&knowledge()).unwrap(),
        )
    })
}

fn d(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn forward(method: &str, baht: u64, start: &str) -> Plan {
    let (rules, cal) = data();
    let request = PlanRequest::new(method, Baht::whole(baht).unwrap());
    plan_forward(rules, cal, &request, d(start)).unwrap()
}

/// Compares every step's (id, start, end) with the hand-written schedule.
fn assert_schedule(plan: &Plan, expected: &[(&str, &str, &str)]) {
    let actual: Vec<(String, String, String)> = plan
        .steps
        .iter()
        .map(|s| (s.id.clone(), s.start.to_string(), s.end.to_string()))
        .collect();
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(i, s, e)| (i.to_string(), s.to_string(), e.to_string()))
        .collect();
    assert_eq!(actual, expected);
    assert_eq!(plan.contract_date, plan.steps.last().unwrap().end);
}

#[test]
fn the_shipped_knowledge_files_have_no_faults() {
    assert_eq!(check(&knowledge()), Vec::<String>::new());
}

#[test]
fn worked_example_b6_three_million_across_chakri_day_and_songkran() {
    let plan = forward("e-bidding", 3_000_000, "2026-04-01");
    assert_schedule(
        &plan,
        &[
            ("tor", "2026-04-01", "2026-04-01"),
            ("request", "2026-04-01", "2026-04-01"),
            ("draft_hearing", "2026-04-01", "2026-04-07"),
            ("publish", "2026-04-08", "2026-04-20"),
            ("bid", "2026-04-21", "2026-04-21"),
            ("consider", "2026-04-21", "2026-04-22"),
            ("award", "2026-04-22", "2026-04-22"),
            ("appeal", "2026-04-22", "2026-05-01"),
            ("sign", "2026-05-05", "2026-05-05"),
        ],
    );
    let publish = plan.step("publish").unwrap();
    let skipped: Vec<String> = publish
        .holidays_skipped
        .iter()
        .map(|h| h.date.to_string())
        .collect();
    assert_eq!(skipped, ["2026-04-13", "2026-04-14", "2026-04-15"]);
    assert_eq!(
        plan.step("sign").unwrap().holidays_skipped[0].date,
        d("2026-05-04")
    );
}

#[test]
fn worked_example_b6_twenty_million_across_royal_ploughing_day() {
    let plan = forward("e-bidding", 20_000_000, "2026-04-01");
    assert_eq!(plan.tier, "10-50m");
    let publish = plan.step("publish").unwrap();
    assert_eq!((publish.days, publish.end), (12, d("2026-04-29")));
    assert_eq!(plan.step("bid").unwrap().start, d("2026-04-30"));
    assert_eq!(plan.step("award").unwrap().start, d("2026-05-01"));
    assert_eq!(plan.step("appeal").unwrap().end, d("2026-05-14"));
    assert_eq!(plan.contract_date, d("2026-05-15"));
    // 13 May 2026 (Royal Ploughing) is still unverified: the plan says so.
    assert!(plan.warnings.iter().any(|w| w.contains("2026-05-13")));
}

#[test]
fn done_when_e_bidding_two_and_a_half_million_from_5_january_2026() {
    let plan = forward("e-bidding", 2_500_000, "2026-01-05");
    assert_schedule(
        &plan,
        &[
            ("tor", "2026-01-05", "2026-01-05"),
            ("request", "2026-01-05", "2026-01-05"),
            ("draft_hearing", "2026-01-05", "2026-01-08"),
            ("publish", "2026-01-09", "2026-01-16"),
            ("bid", "2026-01-19", "2026-01-19"),
            ("consider", "2026-01-19", "2026-01-20"),
            ("award", "2026-01-20", "2026-01-20"),
            ("appeal", "2026-01-20", "2026-01-29"),
            ("sign", "2026-01-30", "2026-01-30"),
        ],
    );
}

#[test]
fn e_bidding_seven_million_across_new_year() {
    let plan = forward("e-bidding", 7_000_000, "2025-12-22");
    assert_eq!(plan.tier, "5-10m");
    assert_schedule(
        &plan,
        &[
            ("tor", "2025-12-22", "2025-12-22"),
            ("request", "2025-12-22", "2025-12-22"),
            ("draft_hearing", "2025-12-22", "2025-12-25"),
            ("publish", "2025-12-26", "2026-01-14"),
            ("bid", "2026-01-15", "2026-01-15"),
            ("consider", "2026-01-15", "2026-01-16"),
            ("award", "2026-01-16", "2026-01-16"),
            ("appeal", "2026-01-16", "2026-01-27"),
            ("sign", "2026-01-28", "2026-01-28"),
        ],
    );
    let skipped: Vec<String> = plan
        .step("publish")
        .unwrap()
        .holidays_skipped
        .iter()
        .map(|h| h.date.to_string())
        .collect();
    assert_eq!(skipped, ["2025-12-31", "2026-01-01", "2026-01-02"]);
}

#[test]
fn e_bidding_thirty_million_across_makha_bucha_and_chakri_day() {
    let plan = forward("e-bidding", 30_000_000, "2026-03-02");
    assert_schedule(
        &plan,
        &[
            ("tor", "2026-03-02", "2026-03-02"),
            ("request", "2026-03-02", "2026-03-02"),
            ("draft_hearing", "2026-03-02", "2026-03-06"),
            ("publish", "2026-03-09", "2026-03-25"),
            ("bid", "2026-03-26", "2026-03-26"),
            ("consider", "2026-03-26", "2026-03-27"),
            ("award", "2026-03-27", "2026-03-27"),
            ("appeal", "2026-03-27", "2026-04-08"),
            ("sign", "2026-04-09", "2026-04-09"),
        ],
    );
}

#[test]
fn e_bidding_sixty_million_twenty_working_days_in_june() {
    let plan = forward("e-bidding", 60_000_000, "2026-06-02");
    assert_eq!(plan.tier, "50m+");
    assert_schedule(
        &plan,
        &[
            ("tor", "2026-06-02", "2026-06-02"),
            ("request", "2026-06-02", "2026-06-02"),
            ("draft_hearing", "2026-06-02", "2026-06-08"),
            ("publish", "2026-06-09", "2026-07-07"),
            ("bid", "2026-07-08", "2026-07-08"),
            ("consider", "2026-07-08", "2026-07-09"),
            ("award", "2026-07-09", "2026-07-09"),
            ("appeal", "2026-07-09", "2026-07-20"),
            ("sign", "2026-07-21", "2026-07-21"),
        ],
    );
}

#[test]
fn e_market_rfq_one_million_across_songkran_signs_on_labour_day() {
    let plan = forward("e-market", 1_000_000, "2026-04-09");
    assert_eq!(plan.tier, "rfq");
    assert_schedule(
        &plan,
        &[
            ("tor", "2026-04-09", "2026-04-09"),
            ("request", "2026-04-09", "2026-04-09"),
            ("publish", "2026-04-09", "2026-04-17"),
            ("bid", "2026-04-20", "2026-04-20"),
            ("consider", "2026-04-20", "2026-04-21"),
            ("award", "2026-04-21", "2026-04-21"),
            ("appeal", "2026-04-21", "2026-04-30"),
            ("sign", "2026-05-01", "2026-05-01"),
        ],
    );
}

#[test]
fn e_market_e_auction_eight_million_across_mothers_day() {
    let plan = forward("e-market", 8_000_000, "2026-08-03");
    assert_eq!(plan.tier, "e-auction");
    assert_schedule(
        &plan,
        &[
            ("tor", "2026-08-03", "2026-08-03"),
            ("request", "2026-08-03", "2026-08-03"),
            ("publish", "2026-08-03", "2026-08-10"),
            ("bid", "2026-08-11", "2026-08-11"),
            ("consider", "2026-08-11", "2026-08-13"),
            ("award", "2026-08-13", "2026-08-13"),
            ("appeal", "2026-08-13", "2026-08-24"),
            ("sign", "2026-08-25", "2026-08-25"),
        ],
    );
}

#[test]
fn selection_two_million_across_chulalongkorn_day() {
    let plan = forward("selection", 2_000_000, "2026-10-19");
    assert_schedule(
        &plan,
        &[
            ("tor", "2026-10-19", "2026-10-19"),
            ("request", "2026-10-19", "2026-10-19"),
            ("bid", "2026-10-20", "2026-10-20"),
            ("consider", "2026-10-20", "2026-10-21"),
            ("award", "2026-10-21", "2026-10-21"),
            ("appeal", "2026-10-21", "2026-11-02"),
            ("sign", "2026-11-03", "2026-11-03"),
        ],
    );
    assert!(plan.warnings.iter().any(|w| w.contains("56(1)(ค)")));
}

#[test]
fn specific_method_has_no_appeal_wait_and_a_holiday_start_moves() {
    // 7 Dec 2026 is the substitute for Father's Day: the plan starts on Tue 8 Dec.
    let plan = forward("specific", 300_000, "2026-12-07");
    assert_schedule(
        &plan,
        &[
            ("request", "2026-12-08", "2026-12-08"),
            ("consider", "2026-12-08", "2026-12-08"),
            ("award", "2026-12-08", "2026-12-08"),
            ("sign", "2026-12-08", "2026-12-08"),
        ],
    );
    assert!(plan.warnings[0].contains("2026-12-08"));
    assert!(plan.step("appeal").is_none());
}

#[test]
fn specific_method_above_half_a_million_warns_about_its_grounds() {
    let plan = forward("specific", 800_000, "2026-02-02");
    assert_eq!(plan.tier, "other-grounds");
    assert!(plan.warnings.iter().any(|w| w.contains("56(2)")));
}

#[test]
fn price_quotation_one_and_a_half_million_across_the_july_holidays() {
    let plan = forward("price-quotation", 1_500_000, "2026-07-27");
    assert_schedule(
        &plan,
        &[
            ("tor", "2026-07-27", "2026-07-27"),
            ("request", "2026-07-27", "2026-07-27"),
            ("publish", "2026-07-27", "2026-08-06"),
            ("bid", "2026-08-07", "2026-08-07"),
            ("consider", "2026-08-07", "2026-08-10"),
            ("award", "2026-08-10", "2026-08-10"),
            ("appeal", "2026-08-10", "2026-08-20"),
            ("sign", "2026-08-21", "2026-08-21"),
        ],
    );
}

#[test]
fn backward_from_1_october_2026_gives_the_latest_start() {
    let (rules, cal) = data();
    let request = PlanRequest::new("e-bidding", Baht::whole(4_000_000).unwrap());
    let plan = plan_backward(rules, cal, &request, d("2026-10-01")).unwrap();
    assert_eq!(plan.start_date, d("2026-09-04"));
    assert_eq!(plan.contract_date, d("2026-10-01"));
    assert_eq!(plan.step("award").unwrap().start, d("2026-09-21"));
    assert!(!plan.warnings.iter().any(|w| w.contains("cannot fall on")));
}

#[test]
fn backward_from_a_saturday_signs_the_friday_before_and_says_so() {
    let (rules, cal) = data();
    let request = PlanRequest::new("e-bidding", Baht::whole(4_000_000).unwrap());
    let plan = plan_backward(rules, cal, &request, d("2026-10-03")).unwrap();
    assert_eq!(plan.start_date, d("2026-09-07"));
    assert_eq!(plan.contract_date, d("2026-10-02"));
    assert!(plan.warnings[0].contains("2026-10-03"));
}

#[test]
fn shortening_the_publication_below_five_working_days_is_refused_with_the_basis() {
    let (rules, cal) = data();
    let request =
        PlanRequest::new("e-bidding", Baht::whole(3_000_000).unwrap()).with_days("publish", 4);
    let err = plan_forward(rules, cal, &request, d("2026-04-01")).unwrap_err();
    let TimelineError::BelowMinimum(refusal) = &err else {
        panic!("expected a refusal, got {err}");
    };
    assert_eq!((refusal.days, refusal.min_days), (4, 5));
    let text = err.to_string();
    assert!(text.contains("ข้อ 48"), "{text}");
    assert!(text.contains("clause 48"), "{text}");
    assert!(
        text.find("ย่น").unwrap() < text.find("cannot").unwrap(),
        "Thai first: {text}"
    );
}

#[test]
fn the_publication_may_be_shorter_only_under_the_cited_fy2569_exception() {
    let (rules, cal) = data();
    let amount = Baht::whole(3_000_000).unwrap();
    let bare = PlanRequest::new("e-bidding", amount).with_days("publish", 3);
    let refusal = plan_forward(rules, cal, &bare, d("2026-04-01"))
        .unwrap_err()
        .to_string();
    assert!(
        refusal.contains("ruling-fy2569-shorter-publication"),
        "the refusal names the exception that would allow it: {refusal}"
    );

    let excepted = bare.under_exception("ruling-fy2569-shorter-publication");
    let plan = plan_forward(rules, cal, &excepted, d("2026-04-01")).unwrap();
    let publish = plan.step("publish").unwrap();
    assert_eq!(publish.days, 3);
    assert_eq!(
        publish.exception.as_deref(),
        Some("ruling-fy2569-shorter-publication")
    );
    assert!(
        plan.warnings
            .iter()
            .any(|w| w.contains("ข้อยกเว้น") && w.contains("ตรวจกับคลังจังหวัด")),
        "the plan carries the exception and its caveat: {:?}",
        plan.warnings
    );
}

#[test]
fn an_exception_does_not_open_steps_it_does_not_name() {
    let (rules, cal) = data();
    let request = PlanRequest::new("e-bidding", Baht::whole(3_000_000).unwrap())
        .with_days("appeal", 3)
        .under_exception("ruling-fy2569-shorter-publication");
    assert!(matches!(
        plan_forward(rules, cal, &request, d("2026-04-01")),
        Err(TimelineError::BelowMinimum(_))
    ));
    let unknown = PlanRequest::new("e-bidding", Baht::whole(3_000_000).unwrap())
        .under_exception("no-such-ruling");
    assert!(matches!(
        plan_forward(rules, cal, &unknown, d("2026-04-01")),
        Err(TimelineError::UnknownException { .. })
    ));
}

#[test]
fn the_appeal_period_cannot_be_shortened_but_may_be_lengthened() {
    let (rules, cal) = data();
    let amount = Baht::whole(3_000_000).unwrap();
    let short = PlanRequest::new("e-bidding", amount).with_days("appeal", 6);
    assert!(matches!(
        plan_forward(rules, cal, &short, d("2026-04-01")),
        Err(TimelineError::BelowMinimum(_))
    ));
    let long = PlanRequest::new("e-bidding", amount).with_days("appeal", 8);
    let plan = plan_forward(rules, cal, &long, d("2026-04-01")).unwrap();
    assert_eq!(plan.step("appeal").unwrap().end, d("2026-05-05"));
    assert_eq!(plan.contract_date, d("2026-05-06"));
}

#[test]
fn practice_steps_may_be_set_to_zero_or_lengthened() {
    let (rules, cal) = data();
    let amount = Baht::whole(2_500_000).unwrap();
    let request = PlanRequest::new("e-bidding", amount)
        .with_days("consider", 0)
        .with_days("tor", 5);
    let plan = plan_forward(rules, cal, &request, d("2026-01-05")).unwrap();
    assert_eq!(plan.step("tor").unwrap().end, d("2026-01-12"));
    let consider = plan.step("consider").unwrap();
    assert_eq!(consider.start, consider.end);
    assert!(
        consider
            .practice_note
            .as_deref()
            .unwrap()
            .contains("practice, not law")
    );
}

#[test]
fn amounts_outside_a_method_and_unknown_steps_are_clear_errors() {
    let (rules, cal) = data();
    let start = d("2026-01-05");
    let at_the_line = PlanRequest::new("e-bidding", Baht::whole(500_000).unwrap());
    let err = plan_forward(rules, cal, &at_the_line, start).unwrap_err();
    assert!(
        matches!(err, TimelineError::AmountOutsideMethod { .. }),
        "{err}"
    );
    let too_big = PlanRequest::new("price-quotation", Baht::whole(6_000_000).unwrap());
    assert!(plan_forward(rules, cal, &too_big, start).is_err());
    let unknown =
        PlanRequest::new("e-bidding", Baht::whole(1_000_000).unwrap()).with_days("appeals", 9);
    assert!(matches!(
        plan_forward(rules, cal, &unknown, start),
        Err(TimelineError::UnknownStep { .. })
    ));
    let no_method = PlanRequest::new("auction", Baht::whole(1_000_000).unwrap());
    assert!(matches!(
        plan_forward(rules, cal, &no_method, start),
        Err(TimelineError::UnknownMethod { .. })
    ));
}

#[test]
fn a_plan_reaching_2027_warns_that_the_list_is_provisional() {
    let plan = forward("e-bidding", 60_000_000, "2026-12-01");
    assert!(
        plan.warnings
            .iter()
            .any(|w| w.contains("2027") && w.contains("provisional"))
    );
    let plan = forward("e-bidding", 60_000_000, "2027-12-01");
    assert!(
        plan.warnings
            .iter()
            .any(|w| w.contains("no holiday list for 2028"))
    );
}

#[test]
fn winner_announced_friday_24_april_2026_appeal_ends_6_may() {
    let (rules, cal) = data();
    let request = PlanRequest::new("e-bidding", Baht::whole(3_000_000).unwrap());
    let answer = date_after(rules, cal, &request, "award", d("2026-04-24"), "appeal").unwrap();
    assert_eq!(answer.date, d("2026-05-06"));
    assert_eq!(answer.working_days, 7);
    assert_eq!(answer.holidays_skipped.len(), 1);
    assert_eq!(answer.holidays_skipped[0].date, d("2026-05-04"));
    assert!(answer.steps.last().unwrap().basis.contains("117"));
}

#[test]
fn invitation_published_8_april_2026_bid_day_is_21_april() {
    let (rules, cal) = data();
    let request = PlanRequest::new("e-bidding", Baht::whole(3_000_000).unwrap());
    let answer = date_after(rules, cal, &request, "publish", d("2026-04-08"), "bid").unwrap();
    assert_eq!(answer.date, d("2026-04-21"));
    assert_eq!(answer.working_days, 6);
    assert!(date_after(rules, cal, &request, "appeal", d("2026-04-08"), "bid").is_err());
}

/// Every method with an amount in every tier.
fn method_and_amount() -> impl Strategy<Value = (&'static str, u64)> {
    prop_oneof![
        (500_001u64..=5_000_000).prop_map(|a| ("e-bidding", a)),
        (5_000_001u64..=10_000_000).prop_map(|a| ("e-bidding", a)),
        (10_000_001u64..=50_000_000).prop_map(|a| ("e-bidding", a)),
        (50_000_001u64..=900_000_000).prop_map(|a| ("e-bidding", a)),
        (500_001u64..=5_000_000).prop_map(|a| ("e-market", a)),
        (5_000_001u64..=900_000_000).prop_map(|a| ("e-market", a)),
        (1u64..=900_000_000).prop_map(|a| ("selection", a)),
        (1u64..=900_000_000).prop_map(|a| ("specific", a)),
        (500_001u64..=5_000_000).prop_map(|a| ("price-quotation", a)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn backward_is_the_inverse_of_forward_for_working_day_starts(
        (method, baht) in method_and_amount(),
        offset in 0u64..730,
    ) {
        let (rules, cal) = data();
        let start = d("2025-01-01") + chrono::Days::new(offset);
        prop_assume!(cal.is_working_day(start));
        let request = PlanRequest::new(method, Baht::whole(baht).unwrap());
        let forward = plan_forward(rules, cal, &request, start).unwrap();
        let backward = plan_backward(rules, cal, &request, forward.contract_date).unwrap();
        prop_assert_eq!(backward.start_date, start);
        prop_assert_eq!(backward.contract_date, forward.contract_date);
    }

    #[test]
    fn every_step_lasts_at_least_its_minimum_and_steps_follow_in_order(
        (method, baht) in method_and_amount(),
        offset in 0u64..730,
    ) {
        let (rules, cal) = data();
        let start = d("2025-01-01") + chrono::Days::new(offset);
        let request = PlanRequest::new(method, Baht::whole(baht).unwrap());
        let plan = plan_forward(rules, cal, &request, start).unwrap();
        let rule_of = |id: &str| rules.method(method).unwrap().step(id).unwrap().clone();
        let mut previous_end = plan.start_date;
        for step in &plan.steps {
            prop_assert!(step.days >= step.min_days);
            prop_assert!(step.start >= previous_end && step.end >= step.start);
            prop_assert!(cal.is_working_day(step.start) && cal.is_working_day(step.end));
            let counted = match rule_of(&step.id).count {
                super::super::Counting::FromNextDay => cal.working_days_between(step.start, step.end),
                super::super::Counting::Inclusive => cal.working_days_between(step.start.pred_opt().unwrap(), step.end),
            };
            prop_assert!(counted >= step.min_days, "{} counted {} < {}", step.id, counted, step.min_days);
            previous_end = step.end;
        }
    }
}
