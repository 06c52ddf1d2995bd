//! Spending against targets, on both engines: the seed's Lampang FY2560 figures
//! reproduced from the CSV and XLSX fixtures, bad files refused whole, alerts to exactly the
//! lagging units' officers once per snapshot, one visit for a unit lagging twice, and the
//! brief checked against figures computed here from the fixture text.
use crate::dashboard::{call, log_in};
use crate::desk::{ADMIN, Play};
use crate::on_both_engines;
use crate::support::{cast, clinic_on, monday_morning};
use chrono::{Duration, NaiveDate};
use clinic::cases::{AgencyCode, CaseKind, UserId};
use clinic::conversation::Attachment;
use clinic::desk::local::deliver;
use clinic::jobs::{GroupChats, latest_brief, spending_alerts};
use clinic::spending::{
    BudgetType, CHART_HEIGHT, CHART_WIDTH, Percent, SpendingBook, chart_png, read_report,
};
use clinic::store::{DeskStore, Imported, NewSnapshot, Snapshot, Spending};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

on_both_engines!(
    csv_and_xlsx_imports_reproduce_the_seed_totals_and_a_file_is_imported_once,
    alerts_reach_exactly_the_lagging_units_officers_once_per_snapshot,
    a_unit_lagging_two_snapshots_in_a_row_gets_one_visit,
    the_brief_matches_an_independent_computation_and_is_for_supervisors_only,
    the_dashboard_page_shows_the_brief_to_supervisors_only,
);

pub(crate) const SEPTEMBER_CSV: &str = "lampang-2560-09-30.csv";
const SEPTEMBER_XLSX: &str = "lampang-2560-09-30.xlsx";
const JUNE_CSV: &str = "lampang-2560-06-30.csv";

pub(crate) const PUBLIC_WORKS: &str = "สำนักงานโยธาธิการและผังเมืองจังหวัดลำปาง";
const RURAL_ROADS: &str = "แขวงทางหลวงชนบทลำปาง";
const ENVIRONMENT: &str = "สำนักงานทรัพยากรธรรมชาติและสิ่งแวดล้อมจังหวัดลำปาง";
const COMMERCE: &str = "สำนักงานพาณิชย์จังหวัดลำปาง";

const COORDINATORS: i64 = -1009;
const PUBLIC_WORKS_GROUP: i64 = -1004;

pub(crate) fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/spending")
        .join(name)
}

fn knowledge() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge")
}

fn book() -> SpendingBook {
    SpendingBook::load(&knowledge()).expect("spending knowledge")
}

fn chats() -> GroupChats {
    GroupChats {
        agencies: HashMap::from([(
            AgencyCode::parse("public_works").unwrap(),
            PUBLIC_WORKS_GROUP,
        )]),
        coordinators: Some(COORDINATORS),
    }
}

/// What `clinic spending import` does, through the library.
async fn import<S: Spending>(store: &S, name: &str) -> Imported {
    import_report(store, name, &std::fs::read(fixture(name)).unwrap()).await
}

/// What `clinic spending import` does with a file called `name` holding `bytes`.
pub(crate) async fn import_report<S: Spending>(store: &S, name: &str, bytes: &[u8]) -> Imported {
    let report = read_report(bytes).expect("a valid report");
    let targets = book()
        .targets
        .year(report.fiscal_year_be())
        .expect("targets for the year")
        .at(report.as_of);
    let snapshot = NewSnapshot {
        fiscal_year_be: report.fiscal_year_be(),
        as_of: report.as_of,
        source_name: name.into(),
        checksum: hex::encode(Sha256::digest(bytes)),
        targets,
    };
    store
        .import_snapshot(&snapshot, &report.rows, monday_morning())
        .await
        .expect("import")
}

fn imported(outcome: Imported) -> Snapshot {
    match outcome {
        Imported::New(s) => s,
        Imported::Duplicate(s) => panic!("snapshot {} was a duplicate", s.id),
    }
}

/// The fixture text read here, independently of `spending::read_report`: unit, budget type and
/// money in satang ("1,234,567.89" → 123456789).
fn fixture_rows(name: &str) -> Vec<(String, String, i64, i64, i64)> {
    let text = std::fs::read_to_string(fixture(name)).unwrap();
    let satang = |s: &str| -> i64 { s.replace([',', '.'], "").parse().unwrap() };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    reader
        .records()
        .skip(2)
        .map(|r| {
            let r = r.unwrap();
            (
                r[0].to_owned(),
                r[1].to_owned(),
                satang(&r[2]),
                satang(&r[3]),
                satang(&r[4]),
            )
        })
        .collect()
}

async fn csv_and_xlsx_imports_reproduce_the_seed_totals_and_a_file_is_imported_once<S: Spending>(
    store: S,
) {
    let from_csv = imported(import(&store, SEPTEMBER_CSV).await);
    assert_eq!(from_csv.fiscal_year_be, 2560);
    assert_eq!(
        from_csv.as_of,
        NaiveDate::from_ymd_opt(2017, 9, 30).unwrap()
    );
    // Year end: the targets are the quarter-4 figures exactly.
    assert_eq!(
        (
            from_csv.targets.overall,
            from_csv.targets.recurrent,
            from_csv.targets.investment
        ),
        (Percent(9600), Percent(9800), Percent(8700))
    );
    let from_xlsx = imported(import(&store, SEPTEMBER_XLSX).await);
    for snapshot in [&from_csv, &from_xlsx] {
        let rows = store.snapshot_rows(snapshot.id).await.unwrap();
        let total =
            |f: fn(&clinic::spending::ReportRow) -> i64| -> i64 { rows.iter().map(f).sum() };
        assert_eq!(
            total(|r| r.allocated.satang()),
            27_450_470_000,
            "274,504,700.00"
        );
        assert_eq!(
            total(|r| r.disbursed.satang()),
            22_128_670_685,
            "221,286,706.85"
        );
        assert_eq!(total(|r| r.committed.satang()), 869_574_426, "8,695,744.26");
        let percent = clinic::spending::percent_of(
            clinic::thai::Baht::from_satang(total(|r| r.disbursed.satang())),
            clinic::thai::Baht::from_satang(total(|r| r.allocated.satang())),
        );
        assert_eq!(percent.to_string(), "80.61");
    }
    let csv_rows = store.snapshot_rows(from_csv.id).await.unwrap();
    let xlsx_rows = store.snapshot_rows(from_xlsx.id).await.unwrap();
    assert_eq!(
        csv_rows, xlsx_rows,
        "the XLSX holds the same rows as the CSV"
    );
    assert_eq!(csv_rows.len(), fixture_rows(SEPTEMBER_CSV).len());

    match import(&store, SEPTEMBER_CSV).await {
        Imported::Duplicate(earlier) => assert_eq!(earlier.id, from_csv.id),
        Imported::New(s) => panic!("the same file was imported twice as {}", s.id),
    }
    assert_eq!(store.snapshots(10).await.unwrap().len(), 2);
}

async fn register<S: DeskStore>(store: &S, id: i64, unit: &str, lang: &str) {
    store
        .register_officer(UserId(id), &format!("เจ้าหน้าที่ {id}"), unit, monday_morning())
        .await
        .unwrap();
    store
        .set_lang(UserId(id), lang, monday_morning())
        .await
        .unwrap();
}

async fn alerts_reach_exactly_the_lagging_units_officers_once_per_snapshot<S: DeskStore>(store: S) {
    let play = Play::new(store.clone()).await;
    // Officers type their unit as they like; spacing does not matter.
    register(&store, 101, "สำนักงานโยธาธิการและผังเมือง จังหวัดลำปาง", "th").await;
    register(&store, 102, RURAL_ROADS, "en").await;
    register(&store, 103, ENVIRONMENT, "th").await;
    register(&store, 104, COMMERCE, "th").await;
    register(&store, 105, "อบต.บ้านเป็ด", "th").await;
    imported(import(&store, SEPTEMBER_CSV).await);
    let book = book();
    let now = play.now;

    let run = spending_alerts(&store, &book, &chats(), now)
        .await
        .unwrap()
        .expect("a snapshot");
    assert_eq!(run.lagging_units, 8);
    assert_eq!(run.units_alerted, 3);
    assert!(run.coordinators_told);
    assert!(
        run.visits_opened.is_empty(),
        "one snapshot proposes no visit"
    );
    let sent = deliver(&store, now + Duration::days(1)).await.unwrap();
    let mut to: Vec<i64> = sent.iter().map(|d| d.out.chat_id).collect();
    to.sort_unstable();
    assert_eq!(to, vec![COORDINATORS, 101, 102, 103]);
    let text_to = |chat: i64| {
        sent.iter()
            .find(|d| d.out.chat_id == chat)
            .map(|d| d.out.text.clone())
            .unwrap()
    };
    // Public works: investment 58,700,000 × 87 % = 51,069,000 expected, 40,155,000 paid.
    let public_works = text_to(101);
    assert!(public_works.contains("ต่ำกว่าเป้าหมาย"), "{public_works}");
    assert!(
        public_works.contains("ขาดอีก 10,914,000 บาท"),
        "{public_works}"
    );
    assert!(
        public_works.contains("disbursement-obstacles-overview"),
        "{public_works}"
    );
    let rural_roads = text_to(102);
    assert!(
        rural_roads.contains("behind its disbursement target"),
        "{rural_roads}"
    );
    assert!(
        rural_roads.contains("short by 6,547,500 baht"),
        "{rural_roads}"
    );
    // The coordinators' list is ranked by gap in baht.
    let list = text_to(COORDINATORS);
    let at = |unit: &str| {
        list.find(unit)
            .unwrap_or_else(|| panic!("{unit} in {list}"))
    };
    assert!(at(PUBLIC_WORKS) < at(RURAL_ROADS));
    assert!(at(RURAL_ROADS) < at("สำนักงานการท่องเที่ยวและกีฬาจังหวัดลำปาง"));
    assert!(!list.contains(COMMERCE), "commerce met its target");

    let again = spending_alerts(&store, &book, &chats(), now + Duration::hours(1))
        .await
        .unwrap()
        .unwrap();
    assert_eq!((again.units_alerted, again.messages), (0, 0));
    assert!(!again.coordinators_told);
    assert!(
        deliver(&store, now + Duration::days(2))
            .await
            .unwrap()
            .is_empty(),
        "a second run sends nothing"
    );
}

async fn a_unit_lagging_two_snapshots_in_a_row_gets_one_visit<S: DeskStore>(store: S) {
    let play = Play::new(store.clone()).await;
    register(&store, 101, PUBLIC_WORKS, "th").await;
    register(&store, 103, ENVIRONMENT, "th").await;
    let book = book();
    let now = play.now;
    imported(import(&store, JUNE_CSV).await);
    let first = spending_alerts(&store, &book, &chats(), now)
        .await
        .unwrap()
        .unwrap();
    assert!(first.visits_opened.is_empty());
    imported(import(&store, SEPTEMBER_CSV).await);
    let second = spending_alerts(&store, &book, &chats(), now + Duration::hours(1))
        .await
        .unwrap()
        .unwrap();
    // Public works lags in June and September and has an officer: one visit. Environment lags
    // only in September. Units lagging twice with nobody registered are listed, not opened.
    assert_eq!(second.visits_opened.len(), 1, "{second:?}");
    let visit_ref = clinic::cases::CaseRef::parse(&second.visits_opened[0]).unwrap();
    let admin = clinic::cases::Actor::admin(UserId(ADMIN));
    let visit = store.case(&admin, &visit_ref).await.unwrap();
    assert_eq!(visit.kind(), CaseKind::Visit);
    assert_eq!(
        visit.agency.as_str(),
        "public_works",
        "the infrastructure subgroup's agency"
    );
    assert_eq!(visit.officer, UserId(101));
    assert_eq!(visit.visit.as_ref().unwrap().subgroup, "infrastructure");
    let sent = deliver(&store, now + Duration::days(1)).await.unwrap();
    let post = sent
        .iter()
        .find(|d| d.out.chat_id == PUBLIC_WORKS_GROUP)
        .expect("the agency group hears of the visit");
    assert!(post.out.text.contains(&second.visits_opened[0]));
    assert!(!post.out.buttons.is_empty(), "with a Claim button");
    let list = sent
        .iter()
        .filter(|d| d.out.chat_id == COORDINATORS)
        .map(|d| d.out.text.clone())
        .next_back()
        .unwrap();
    assert!(
        list.contains(&format!("เรื่อง {}", second.visits_opened[0])),
        "{list}"
    );
    assert!(
        list.contains(RURAL_ROADS) && list.contains("ยังเปิดเรื่องไม่ได้"),
        "{list}"
    );

    let third = spending_alerts(&store, &book, &chats(), now + Duration::hours(2))
        .await
        .unwrap()
        .unwrap();
    assert!(third.visits_opened.is_empty(), "one open visit per unit");
    assert_eq!(store.open_case_counts().await.unwrap(), (1, 1));
}

async fn the_brief_matches_an_independent_computation_and_is_for_supervisors_only<S: DeskStore>(
    store: S,
) {
    let mut play = Play::new(store.clone()).await;
    imported(import(&store, SEPTEMBER_CSV).await);
    let brief = latest_brief(&store).await.unwrap().expect("a brief");

    // Computed here from the CSV text: year-end targets 96 / 98 / 87 %.
    let rows = fixture_rows(SEPTEMBER_CSV);
    let target = |kind: &str| {
        if kind == "งบประจำ" {
            98
        } else {
            87
        }
    };
    let share = |satang: i64, percent: i64| (satang * percent + 50) / 100;
    let sum = |kind: Option<&str>, col: usize| -> i64 {
        rows.iter()
            .filter(|r| kind.is_none_or(|k| r.1 == k))
            .map(|r| [r.2, r.3, r.4][col])
            .sum()
    };
    let lines = [
        (None, 96, brief.budgets[0].clone()),
        (Some("งบประจำ"), 98, brief.budgets[1].clone()),
        (Some("งบลงทุน"), 87, brief.budgets[2].clone()),
    ];
    for (kind, percent, figure) in lines {
        assert_eq!(figure.allocated.satang(), sum(kind, 0), "{kind:?}");
        assert_eq!(figure.disbursed.satang(), sum(kind, 1), "{kind:?}");
        assert_eq!(figure.committed.satang(), sum(kind, 2), "{kind:?}");
        assert_eq!(figure.target, Percent(percent * 100));
        assert_eq!(figure.expected.satang(), share(sum(kind, 0), percent));
        let bp = (sum(kind, 1) * 10_000 * 2 + sum(kind, 0)) / (2 * sum(kind, 0));
        assert_eq!(figure.disbursed_percent, Percent(bp), "{kind:?}");
    }
    assert_eq!(brief.budgets[0].disbursed_percent.to_string(), "80.61");
    assert_eq!(brief.budgets[1].budget_type, Some(BudgetType::Recurrent));
    let mut gaps: BTreeMap<&str, i64> = BTreeMap::new();
    for (unit, kind, allocated, disbursed, _) in &rows {
        let short = (share(*allocated, target(kind)) - disbursed).max(0);
        *gaps.entry(unit.as_str()).or_default() += short;
    }
    let mut expected: Vec<(&str, i64)> = gaps.into_iter().filter(|(_, g)| *g > 0).collect();
    expected.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let listed: Vec<(&str, i64)> = brief
        .behind
        .iter()
        .map(|u| (u.unit.as_str(), u.gap.satang()))
        .collect();
    assert_eq!(
        listed,
        expected.iter().take(10).copied().collect::<Vec<_>>()
    );
    assert_eq!((brief.lagging_units, brief.units), (expected.len(), 13));
    assert_eq!((brief.open_cases, brief.open_visits), (0, 0));

    // The chart decodes as a PNG of the stated size.
    let png = chart_png(&brief);
    let decoder = png::Decoder::new(std::io::Cursor::new(&png));
    let reader = decoder.read_info().expect("a PNG");
    assert_eq!(
        (reader.info().width, reader.info().height),
        (CHART_WIDTH, CHART_HEIGHT)
    );

    // /brief: the admin gets the text and the chart; an officer is refused in English.
    let replies = play.say(ADMIN, ADMIN, "/brief").await;
    assert_eq!(replies.len(), 2, "{replies:?}");
    assert!(
        replies[0].out.text.contains("80.61%"),
        "{}",
        replies[0].out.text
    );
    assert!(replies[0].out.text.contains(PUBLIC_WORKS));
    match &replies[1].out.attachment {
        Some(Attachment::Image { bytes, .. }) => assert_eq!(bytes, &png),
        other => panic!("a chart image, got {other:?}"),
    }
    register(&store, 104, COMMERCE, "en").await;
    let refused = play.say(104, 104, "/brief").await;
    assert_eq!(refused.len(), 1);
    assert_eq!(
        refused[0].out.text,
        "This command is for coordinators and admins only."
    );
    assert!(refused[0].out.attachment.is_none());
}

async fn the_dashboard_page_shows_the_brief_to_supervisors_only<S: DeskStore>(store: S) {
    use axum::http::StatusCode;
    let c = cast(&store).await;
    let state = clinic::web::WebState::new(
        store.clone(),
        std::sync::Arc::new(clinic::timeline::Calendar::default()),
    )
    .await
    .unwrap();
    let app = clinic::web::router(state);
    let coordinator = log_in(&store, &app, c.coordinator.user).await;
    let empty = call(&app, "GET", "/spending", Some(&coordinator), None).await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(empty.body.contains("ยังไม่มีข้อมูลการเบิกจ่าย"));
    imported(import(&store, SEPTEMBER_CSV).await);
    let page = call(&app, "GET", "/spending", Some(&coordinator), None).await;
    assert_eq!(page.status, StatusCode::OK);
    for shown in [
        "80.61%",
        "96.00%",
        "221,286,706.85 บาท",
        PUBLIC_WORKS,
        "/spending.png",
    ] {
        assert!(page.body.contains(shown), "{shown} in {}", page.body);
    }
    let chart = call(&app, "GET", "/spending.png", Some(&coordinator), None).await;
    assert_eq!(chart.status, StatusCode::OK);
    assert!(
        page.body.contains("href=\"/spending\""),
        "the menu links the page"
    );
    let expert = log_in(&store, &app, c.treasury_expert.user).await;
    let cases = call(&app, "GET", "/cases", Some(&expert), None).await;
    assert!(
        !cases.body.contains("href=\"/spending\""),
        "not in an expert's menu"
    );
    let refused = call(&app, "GET", "/spending", Some(&expert), None).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let refused = call(&app, "GET", "/spending.png", Some(&expert), None).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[test]
fn the_cli_imports_once_and_refuses_a_bad_file_naming_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("clinic.db");
    let out = clinic_on(
        &db,
        &knowledge(),
        &[
            "spending",
            "import",
            fixture(SEPTEMBER_XLSX).to_str().unwrap(),
        ],
    );
    assert!(out.contains("80.61%"), "{out}");
    assert!(out.contains("274,504,700 บาท"), "{out}");
    assert!(out.contains("221,286,706.85 บาท"), "{out}");

    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_clinic"))
            .args(args)
            .env("DATABASE_URL", format!("sqlite://{}", db.display()))
            .env("CLINIC_KNOWLEDGE", knowledge())
            .output()
            .unwrap()
    };
    let again = run(&[
        "spending",
        "import",
        fixture(SEPTEMBER_XLSX).to_str().unwrap(),
    ]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already imported as snapshot #1"));

    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "หน่วยงาน,ประเภทงบประมาณ,งบประมาณที่ได้รับจัดสรร,เบิกจ่าย,ผูกพัน (PO),ข้อมูล ณ วันที่\n\
         สำนักงานจังหวัดลำปาง,งบประจำ,\"1,000,000.00\",\"500,000.00\",0,31/03/2560\n\
         สำนักงานเกษตรจังหวัดลำปาง,งบประจำ,\"1,000,000.00\",\"5OO,000.00\",0,31/03/2560\n\
         สำนักงานพาณิชย์จังหวัดลำปาง,งบบุคลากร,\"1,000,000.00\",\"500,000.00\",0,31/03/2560\n",
    )
    .unwrap();
    let refused = run(&["spending", "import", bad.to_str().unwrap()]);
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("แถว 3") && stderr.contains("5OO,000.00"),
        "{stderr}"
    );
    assert!(
        stderr.contains("row 4") && stderr.contains("งบบุคลากร"),
        "{stderr}"
    );
    assert!(!stderr.contains("row 2"), "{stderr}");

    let missing = dir.path().join("missing.csv");
    std::fs::write(
        &missing,
        "หน่วยงาน,ประเภทงบประมาณ,งบประมาณที่ได้รับจัดสรร,ผูกพัน (PO),ข้อมูล ณ วันที่\n\
         สำนักงานจังหวัดลำปาง,งบประจำ,\"1,000,000.00\",0,31/03/2560\n",
    )
    .unwrap();
    let refused = run(&["spending", "import", missing.to_str().unwrap()]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("«เบิกจ่าย»"));

    // Nothing of the refused files was kept: the brief is still the year-end snapshot.
    let brief = clinic_on(&db, &knowledge(), &["spending", "brief", "--json"]);
    let brief: serde_json::Value = serde_json::from_str(&brief).unwrap();
    assert_eq!(brief["as_of"], "2017-09-30");
    assert_eq!(brief["budgets"][0]["disbursed"], "221286706.85");
    assert_eq!(brief["budgets"][0]["disbursed_percent"], 80.61);
}

#[test]
fn kb_check_names_a_broken_targets_file_and_a_subgroup_agency_that_does_not_exist() {
    let knowledge = crate::support::knowledge_copy();
    let check = || {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_clinic"))
            .args(["kb", "check"])
            .env("CLINIC_KNOWLEDGE", knowledge.path())
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let targets = knowledge.path().join("targets/2565.toml");
    let shipped = std::fs::read_to_string(&targets).unwrap();
    std::fs::write(
        &targets,
        shipped.replace("overall = [30, 51, 72, 93]", "overall = [30, 51, 42, 93]"),
    )
    .unwrap();
    let (ok, stderr) = check();
    assert!(!ok);
    assert!(
        stderr.contains("2565.toml:0:") && stderr.contains("`overall` must be cumulative"),
        "{stderr}"
    );
    std::fs::write(&targets, shipped).unwrap();
    let subgroups = knowledge.path().join("subgroups.toml");
    let text = std::fs::read_to_string(&subgroups).unwrap();
    std::fs::write(
        &subgroups,
        text.replace("agency = \"public_works\"", "agency = \"irrigation\""),
    )
    .unwrap();
    let (ok, stderr) = check();
    assert!(!ok);
    assert!(
        stderr.contains("subgroup `infrastructure`: agency `irrigation` is not in agencies.toml"),
        "{stderr}"
    );
}
