//! `clinic plan` run as the real binary, as an officer or an outside evaluator would.
use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use chrono::NaiveDate;
use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

fn knowledge() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("knowledge")
}

fn clinic(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clinic"))
        .arg("--knowledge")
        .arg(knowledge())
        .args(args)
        .env("RUST_BACKTRACE", "0")
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "clinic failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// One command line, split on spaces (no argument here contains one).
fn run(line: &str) -> Output {
    clinic(&line.split_whitespace().collect::<Vec<_>>())
}

fn json(line: &str) -> Value {
    serde_json::from_str(&stdout(&run(line))).unwrap()
}

fn d(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// The durations in `knowledge/timelines.toml` for e-bidding, tier 0.5–5 M, read as plain TOML
/// so this test does not trust the loader it is checking.
fn timelines_days(tier: &str) -> Vec<(String, u64)> {
    let text = std::fs::read_to_string(knowledge().join("timelines.toml")).unwrap();
    let file: toml::Table = toml::from_str(&text).unwrap();
    let methods = file["methods"].as_array().unwrap();
    let bidding = methods
        .iter()
        .find(|m| m["code"].as_str() == Some("e-bidding"))
        .unwrap();
    bidding["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let days = s
                .get("min_days_by_tier")
                .and_then(|t| t.get(tier))
                .or_else(|| s.get("default_days"))
                .or_else(|| s.get("min_days"))
                .and_then(toml::Value::as_integer)
                .unwrap();
            (s["id"].as_str().unwrap().to_string(), days as u64)
        })
        .collect()
}

#[test]
fn done_when_e_bidding_two_and_a_half_million_from_5_january_2026() {
    let plan = json("plan --method e-bidding --amount 2500000 --start 2026-01-05 --json");
    assert_eq!(plan["method"], "e-bidding");
    assert_eq!(plan["amount"], 2_500_000);
    assert_eq!(plan["start_date"], "2026-01-05");
    assert_eq!(plan["contract_date"], "2026-01-30");
    let steps = plan["steps"].as_array().unwrap();
    let durations: Vec<(String, u64)> = steps
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap().to_string(),
                s["days"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(durations, timelines_days("0.5-5m"));
    for step in steps {
        for key in [
            "id", "name", "days", "day_kind", "min_days", "start", "end", "basis",
        ] {
            assert!(step.get(key).is_some(), "step lacks {key}: {step}");
        }
        assert_eq!(step["day_kind"], "working");
        for key in ["start", "end"] {
            let date = d(step[key].as_str().unwrap());
            let weekday = date.format("%a").to_string();
            assert!(
                weekday != "Sat" && weekday != "Sun",
                "{key} {date} is a weekend"
            );
        }
    }
    // Hand-computed: draft hearing Mon 5 → Thu 8 Jan; publication Fri 9 → Fri 16 Jan; bid Mon 19;
    // winner Tue 20; appeal Wed 21 … Thu 29 Jan (7 WD); earliest signing Fri 30 Jan 2026.
    let by_id = |id: &str| steps.iter().find(|s| s["id"] == id).unwrap().clone();
    assert_eq!(by_id("publish")["start"], "2026-01-09");
    assert_eq!(by_id("publish")["end"], "2026-01-16");
    assert_eq!(by_id("bid")["start"], "2026-01-19");
    assert_eq!(by_id("appeal")["end"], "2026-01-29");
}

#[test]
fn the_backward_plan_of_its_contract_date_returns_the_same_start() {
    let forward = json("plan --method e-bidding --amount 2500000 --start 2026-01-05 --json");
    let contract = forward["contract_date"].as_str().unwrap();
    let backward = json(&format!(
        "plan --method e-bidding --amount 2,500,000 --contract {contract} --json"
    ));
    assert_eq!(backward["start_date"], "2026-01-05");
    assert_eq!(backward["contract_date"], contract);
    assert_eq!(backward["steps"], forward["steps"]);
}

#[test]
fn buddhist_era_dates_are_read_and_shown() {
    let table = stdout(&run(
        "plan --method e-bidding --amount 2500000 --start 5/1/2569",
    ));
    assert!(table.contains("จ. 5 ม.ค. 2569"), "{table}");
    assert!(table.contains("ศ. 30 ม.ค. 2569"), "{table}");
    assert!(table.contains("ระยะเวลาอุทธรณ์"), "{table}");
    assert!(table.contains("มาตรา 66"), "{table}");
}

#[test]
fn shortening_below_the_minimum_is_refused_with_the_legal_reason() {
    let output = run("plan --method e-bidding --amount 2500000 --start 2026-01-05 --days appeal=5");
    assert!(!output.status.success());
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("ต้องไม่น้อยกว่า 7 วันทำการ"), "{err}");
    assert!(err.contains("มาตรา 114"), "{err}");
    assert!(err.contains("cannot be shortened"), "{err}");
}

#[test]
fn lengthening_a_step_moves_the_contract_date() {
    let plan =
        json("plan --method e-bidding --amount 2500000 --start 2026-01-05 --days publish=7 --json");
    // Publication Fri 9 Jan + 7 WD = Tue 20 Jan; bid Wed 21; winner Thu 22; appeal to Mon 2 Feb;
    // earliest signing Tue 3 Feb 2026.
    assert_eq!(plan["contract_date"], "2026-02-03");
}

#[test]
fn an_amount_the_method_does_not_allow_is_a_clear_error() {
    let output = run("plan --method e-bidding --amount 400000 --start 2026-01-05");
    assert!(!output.status.success());
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("500,000"), "{err}");
    let zero = run("plan --method specific --amount 0 --start 2026-01-05");
    assert!(String::from_utf8_lossy(&zero.stderr).contains("มากกว่า 0"));
}

#[test]
fn csv_has_a_row_per_step_and_the_warnings() {
    let csv = stdout(&run(
        "plan --method e-market --amount 1000000 --start 2026-04-09 --csv",
    ));
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("id,name,name_en,start,end"));
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("publish,") && l.contains("2026-04-17"))
    );
    assert!(lines.iter().any(|l| l.starts_with("warning,")));
}

#[test]
fn ics_parses_with_an_icalendar_reader_one_all_day_event_per_step() {
    let text = stdout(&run(
        "plan --method e-bidding --amount 3000000 --start 2026-04-01 --ics",
    ));
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "line of {} octets: {line}", line.len());
    }
    let unfolded = icalendar::parser::unfold(&text);
    let calendar = icalendar::parser::read_calendar(&unfolded).unwrap();
    let events: Vec<_> = calendar
        .components
        .iter()
        .filter(|c| c.name.as_str() == "VEVENT")
        .collect();
    assert_eq!(events.len(), 9);
    let publish = events
        .iter()
        .find(|e| {
            e.find_prop("UID")
                .unwrap()
                .val
                .as_str()
                .contains("-publish@")
        })
        .unwrap();
    let start = publish.find_prop("DTSTART").unwrap();
    assert_eq!(start.val.as_str(), "20260408");
    assert!(
        start
            .params
            .iter()
            .any(|p| p.val.as_ref().map(|v| v.as_str()) == Some("DATE"))
    );
    // DTEND is exclusive: publication ends Mon 20 Apr, so DTEND is 21 Apr.
    assert_eq!(publish.find_prop("DTEND").unwrap().val.as_str(), "20260421");
    let description = publish
        .find_prop("DESCRIPTION")
        .unwrap()
        .val
        .as_str()
        .to_string();
    assert!(description.contains("ข้อ 48"), "{description}");
    // Escaped commas and newlines in the file read back as the original text.
    assert!(description.contains("clause 48, and CGD"), "{description}");
    assert!(description.contains('\n'), "{description}");
    assert!(unfolded.contains("clause 48\\, and CGD"));
    // Same plan, same UIDs: re-importing updates rather than duplicates.
    let again = stdout(&run(
        "plan --method e-bidding --amount 3000000 --start 2026-04-01 --ics",
    ));
    let uids = |t: &str| {
        t.lines()
            .filter(|l| l.starts_with("UID:"))
            .map(String::from)
            .collect::<Vec<_>>()
    };
    assert_eq!(uids(&text), uids(&again));
}

#[test]
fn xlsx_opens_back_with_dates_basis_and_warnings() {
    let dir = std::env::temp_dir().join(format!("clinic-plan-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("plan.xlsx");
    // The path goes in as one argument: a temp dir may contain spaces.
    let mut args: Vec<&str> = "plan --method e-bidding --amount 20000000 --start 2026-04-01 --xlsx"
        .split_whitespace()
        .collect();
    args.push(path.to_str().unwrap());
    stdout(&clinic(&args));
    let bytes = std::fs::read(&path).unwrap();
    let mut workbook: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let range = workbook.worksheet_range("แผน").unwrap();
    let cell = |row: u32, col: u32| range.get_value((row, col)).cloned().unwrap_or(Data::Empty);
    assert!(cell(0, 0).to_string().contains("วิธีประกวดราคาอิเล็กทรอนิกส์"));
    assert_eq!(cell(3, 2).to_string(), "ขั้นตอน");
    let rows: Vec<u32> = (4..13).collect();
    let appeal = rows
        .iter()
        .find(|r| cell(**r, 1) == Data::String("appeal".into()))
        .copied()
        .unwrap();
    assert_eq!(cell(appeal, 4).to_string(), "14/5/2569");
    match cell(appeal, 6) {
        Data::DateTime(dt) => assert_eq!(dt.as_datetime().unwrap().date(), d("2026-05-14")),
        other => panic!("end is not a real date: {other:?}"),
    }
    assert!(cell(appeal, 10).to_string().contains("มาตรา 117"));
    let warnings: Vec<String> = (13..25)
        .map(|r| cell(r, 0).to_string())
        .filter(|t| t.starts_with('⚠'))
        .collect();
    assert!(
        warnings.iter().any(|w| w.contains("2026-05-13")),
        "{warnings:?}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_plan_into_2027_warns_in_every_format() {
    let line = "plan --method e-bidding --amount 60000000 --start 2026-12-01";
    let with = |flag: &str| stdout(&run(&format!("{line} {flag}")));
    assert!(stdout(&run(line)).contains("2570"));
    assert!(with("--json").contains("provisional"));
    assert!(with("--csv").contains("provisional"));
    let ics = icalendar::parser::unfold(&with("--ics"));
    assert!(ics.contains("provisional"));
}
