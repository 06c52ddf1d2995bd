//! The knowledge base as shipped: every file valid, every quoted duration equal to
//! `timelines.toml`, and `clinic kb check` failing with `file:line: message` on a broken copy.

use std::path::{Path, PathBuf};
use std::process::Command;

use clinic::knowledge::{self, KnowledgeBase, check_durations};
use clinic::timeline::Rules;

fn knowledge_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge")
}

#[test]
fn every_quoted_duration_agrees_with_timelines_toml() {
    let kb = KnowledgeBase::load(&knowledge_dir()).unwrap();
    let rules = Rules::load(&knowledge_dir()).unwrap();
    let claims: usize = kb.entries.iter().map(|e| e.durations.len()).sum();
    assert!(
        claims >= 10,
        "entries should declare the durations they quote ({claims})"
    );
    let faults = check_durations(&kb.entries, &rules);
    assert!(faults.is_empty(), "{faults:#?}");
}

#[test]
fn a_wrong_duration_is_caught() {
    let kb = KnowledgeBase::load(&knowledge_dir()).unwrap();
    let rules = Rules::load(&knowledge_dir()).unwrap();
    let mut entries = kb.entries.clone();
    let entry = entries
        .iter_mut()
        .find(|e| e.durations.iter().any(|d| d.step == "e-bidding/appeal"))
        .expect("an entry quotes the appeal period");
    for d in &mut entry.durations {
        d.days += 1;
    }
    let faults = check_durations(&entries, &rules);
    assert!(
        faults
            .iter()
            .any(|f| f.message.contains("timelines.toml says")),
        "{faults:#?}"
    );
}

#[test]
fn the_shipped_knowledge_base_passes_kb_check_and_meets_its_coverage() {
    assert!(knowledge::check(&knowledge_dir()).is_empty());
    let out = Command::new(env!("CARGO_BIN_EXE_clinic"))
        .args(["kb", "check"])
        .env("CLINIC_KNOWLEDGE", knowledge_dir())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let kb = KnowledgeBase::load(&knowledge_dir()).unwrap();
    let stats = knowledge::stats(&kb.entries);
    assert!(stats.entries >= 150, "{} entries", stats.entries);
    assert_eq!(stats.with_citations, stats.entries);
    assert!(stats.english >= 20, "{} English entries", stats.english);
    let groups = knowledge::Synonyms::load(&knowledge_dir().join("synonyms.toml")).unwrap();
    assert!(
        groups.groups.len() >= 80,
        "{} synonym groups",
        groups.groups.len()
    );
}

#[test]
fn kb_check_reports_faults_with_file_and_line_and_fails() {
    let dir = crate::support::knowledge_copy();
    let broken = dir.path().join("entries/methods/specific-method-limit.md");
    let text = std::fs::read_to_string(&broken).unwrap();
    std::fs::write(&broken, text.replace("verified = true", "verified = yes")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_clinic"))
        .args(["kb", "check"])
        .env("CLINIC_KNOWLEDGE", dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = text
        .lines()
        .position(|l| l.starts_with("verified"))
        .unwrap()
        + 1;
    assert!(
        stderr.contains(&format!("specific-method-limit.md:{line}:")),
        "{stderr}"
    );
}

fn advisor() -> clinic::desk::Advisor {
    clinic::desk::Advisor::load(&knowledge_dir()).unwrap()
}

fn day() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap()
}

#[test]
fn every_provision_cited_in_the_knowledge_base_can_be_looked_up() {
    use clinic::knowledge::basis::{Law, provisions_in_basis};
    let advisor = advisor();
    let provisions: Vec<_> = advisor.answerer.basis.provisions().copied().collect();
    assert!(
        provisions.len() >= 40,
        "the index should know the provisions the entries cite ({})",
        provisions.len()
    );
    for p in provisions {
        let question = match p.law {
            Law::ProcurementAct => format!("มาตรา {} ว่าไง", p.number),
            Law::ProcurementRegulation => format!("ข้อ {} คืออะไร", p.number),
            Law::BudgetProceduresAct => format!("ม.{} พ.ร.บ.วิธีการงบประมาณ ว่ายังไง", p.number),
            Law::Circular => format!("ว {}", p.number),
        };
        let answer = advisor.ask(&question, day());
        let entry = answer
            .entry_id
            .as_deref()
            .and_then(|id| advisor.answerer.entry(id));
        let cites = entry.is_some_and(|e| {
            e.citations
                .iter()
                .any(|c| provisions_in_basis(&c.basis).contains(&p))
        });
        assert!(
            answer.answered && cites,
            "{question:?} should list an entry citing it, got {answer:?}"
        );
    }
}

#[test]
fn looking_up_clause_162_shows_the_fine_rates_whole_not_cut_at_a_decimal_point() {
    let answer = advisor().ask("ข้อ 162 ว่าไง", day());
    assert!(answer.answered);
    let text = answer.answer.unwrap_or_default();
    assert!(
        text.contains("0.01") && text.contains("0.25"),
        "the rates should be shown whole: {text}"
    );
}

#[test]
fn a_provision_nothing_cites_is_said_to_be_unknown_not_invented() {
    let answer = advisor().ask("มาตรา 199 ว่าไง", day());
    assert!(!answer.answered);
    assert_eq!(answer.entry_id, None);
    let text = answer.answer.unwrap_or_default();
    assert!(
        text.contains("มาตรา 199") && text.contains("ยังไม่มี"),
        "{text}"
    );
    assert_eq!(answer.handoff_agency.as_deref(), Some("treasury"));
}

#[test]
fn looking_up_section_66_lists_the_entries_that_cite_it_in_their_own_words() {
    let answer = advisor().ask("มาตรา 66 ว่าไง", day());
    assert!(answer.answered);
    let text = answer.answer.unwrap_or_default();
    assert!(text.contains("ไม่ใช่ตัวบท"), "{text}");
    assert!(
        answer.citations.iter().all(|c| c.contains("66")),
        "{:?}",
        answer.citations
    );
}

/// The whole text an officer can read of an entry: title, answer, details and legal basis.
fn readable(kb: &KnowledgeBase, id: &str) -> (String, Vec<String>) {
    let e = kb
        .entries
        .iter()
        .find(|e| e.id.as_str() == id)
        .unwrap_or_else(|| panic!("entry {id} exists"));
    (
        format!("{}\n{}\n{}", e.title, e.short_answer, e.details),
        e.citations.iter().map(|c| c.basis.clone()).collect(),
    )
}

#[test]
fn the_facts_a_source_reading_found_wrong_stay_corrected() {
    let kb = KnowledgeBase::load(&knowledge_dir()).unwrap();
    // Act s.4: three tiers of median-price sources, not a strict order of six.
    for id in ["median-price-source-order", "median-price-definition"] {
        let (text, _) = readable(&kb, id);
        assert!(
            text.contains("3 ชั้น") && !text.contains("ลำดับก่อนหลัง 6"),
            "{id}: {text}"
        );
    }
    let (text, _) = readable(&kb, "median-price-definition-en");
    assert!(
        text.contains("three tiers") && !text.contains("fixed order"),
        "{text}"
    );
    // Act s.56(1): eight grounds (ก)–(ซ), the last set by ministerial regulation.
    let (text, basis) = readable(&kb, "selection-grounds");
    assert!(text.contains("8 อนุ") && !text.contains("7 กลุ่ม"), "{text}");
    assert!(basis.iter().any(|b| b.contains("(ก)–(ซ)")), "{basis:?}");
    // Act s.56(2)(ซ) is one of the specific method's grounds.
    let (text, _) = readable(&kb, "specific-grounds");
    assert!(text.contains("(ซ)") && text.contains("กฎกระทรวง"), "{text}");
    // Reg 57(3) lists "proceed" among the head's options after bidding, but it is no
    // licence to contract for more money than the agency has.
    let (text, _) = readable(&kb, "median-price-above-budget");
    assert!(
        text.contains("ข้อ 57 (3)") && text.contains("ไม่ใช่การอนุญาตให้ทำสัญญาเกินเงินที่มี"),
        "{text}"
    );
    // Publication minima may be shortened under a cited exception.
    for id in [
        "timeline-calculator",
        "ebidding-over-2m-slow",
        "working-days-counting",
    ] {
        let (text, _) = readable(&kb, id);
        assert!(
            text.contains("ข้อยกเว้น") && !text.contains("ย่นไม่ได้"),
            "{id}: {text}"
        );
    }
    let (text, _) = readable(&kb, "working-days-counting-en");
    assert!(
        text.contains("exception") && !text.contains("never shortened"),
        "{text}"
    );
    // The invite-three rule is in the definition of the selection method (s.55(2)).
    let (text, basis) = readable(&kb, "selection-invite-three");
    assert!(basis.iter().all(|b| !b.contains("มาตรา 56")), "{basis:?}");
    assert!(text.contains("55 (2)"), "{text}");
    // A dissenting inspector's note is Reg 175(7); s.100 only delegates.
    let (_, basis) = readable(&kb, "inspection-committee-duties");
    assert!(basis.iter().any(|b| b.contains("175")), "{basis:?}");
    // The fiscal year is not defined in BPA s.43 (that section is about withdrawal and carry-over).
    for id in ["fiscal-quarters", "budget-withdraw-within-fiscal-year"] {
        let (_, basis) = readable(&kb, id);
        assert!(
            basis
                .iter()
                .filter(|b| b.contains("1 ตุลาคม"))
                .all(|b| !b.contains("มาตรา 43")),
            "{id}: {basis:?}"
        );
    }
    // The bid day is Reg 43 para 3, not clause 48.
    let (_, basis) = readable(&kb, "e-bidding-bid-day");
    assert!(
        basis.iter().any(|b| b.contains("ข้อ 43 วรรคสาม"))
            && basis.iter().all(|b| !b.contains("ข้อ 48")),
        "{basis:?}"
    );
}

#[test]
fn every_change_names_entries_reviewed_since_it() {
    let dir = knowledge_dir();
    let kb = KnowledgeBase::load(&dir).unwrap();
    let changes = knowledge::load_changes(&dir.join("changes.toml")).unwrap();
    assert!(changes.len() >= 3, "{changes:?}");
    assert!(knowledge::check_changes(&dir.join("changes.toml"), &changes, &kb.entries).is_empty());
    // An entry reviewed before a change it is affected by must be read again.
    let mut stale = kb.entries.clone();
    let appeal = stale
        .iter_mut()
        .find(|e| e.id.as_str() == "appeal-period")
        .expect("appeal-period exists");
    appeal.reviewed_on = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let faults = knowledge::check_changes(&dir.join("changes.toml"), &changes, &stale);
    assert!(
        faults
            .iter()
            .any(|f| f.message.contains("mr-2568-no-appeal")),
        "{faults:?}"
    );
}

/// `clinic` with `args` on a copy of the knowledge folder that `break_it` spoiled.
fn on_broken_copy(break_it: impl Fn(&Path), args: &[&str]) -> std::process::Output {
    let dir = crate::support::knowledge_copy();
    break_it(dir.path());
    Command::new(env!("CARGO_BIN_EXE_clinic"))
        .args(args)
        .env("CLINIC_KNOWLEDGE", dir.path())
        .env("TELOXIDE_TOKEN", "123:TEST")
        .env("TELOXIDE_API_URL", "http://127.0.0.1:9")
        .env("DATABASE_URL", "sqlite::memory:")
        .env("CLINIC_WEB_ADDR", "127.0.0.1:0")
        .output()
        .unwrap()
}

fn append(path: &Path, text: &str) {
    let mut old = std::fs::read_to_string(path).unwrap();
    old += text;
    std::fs::write(path, old).unwrap();
}

/// Spoils a copy of the knowledge folder.
type Breakage = fn(&Path);

#[test]
fn ask_and_run_refuse_to_start_on_a_broken_knowledge_file_naming_file_and_line() {
    let breakages: [(&str, Breakage); 3] = [
        ("timelines.toml:", |dir| {
            append(&dir.join("timelines.toml"), "\n[[methods]]\ncode = \n")
        }),
        ("2026.toml:", |dir| {
            append(
                &dir.join("holidays/2026.toml"),
                "\n[[holidays]]\ndate = 2026-13-40\n",
            )
        }),
        ("specific-method-limit.md:", |dir| {
            let entry = dir.join("entries/methods/specific-method-limit.md");
            let text = std::fs::read_to_string(&entry).unwrap();
            let spoiled = text
                .lines()
                .map(|l| {
                    if l.starts_with("agency") {
                        "agency = \"nowhere\""
                    } else {
                        l
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
            std::fs::write(&entry, spoiled).unwrap();
        }),
    ];
    for (file, break_it) in breakages {
        for args in [&["ask", "วิธีเฉพาะเจาะจงซื้อได้ไม่เกินเท่าไหร่"][..], &["run"][..]]
        {
            let out = on_broken_copy(break_it, args);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                !out.status.success(),
                "{args:?} started with a broken {file}"
            );
            let named = stderr.lines().any(|l| {
                l.contains(file)
                    && l.split(file)
                        .nth(1)
                        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
            });
            assert!(named, "{args:?}: no `{file}LINE: …` in {stderr}");
        }
    }
}

#[test]
fn kb_check_reports_an_entry_fault_once() {
    let out = on_broken_copy(
        |dir| {
            let entry = dir.join("entries/methods/specific-method-limit.md");
            let text = std::fs::read_to_string(&entry).unwrap();
            std::fs::write(&entry, text.replace("verified = true", "verified = yes")).unwrap();
        },
        &["kb", "check"],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    let reports = stderr
        .lines()
        .filter(|l| l.contains("specific-method-limit.md"))
        .count();
    assert_eq!(reports, 1, "{stderr}");
}

#[test]
fn an_officer_reads_every_detail_of_a_short_entry_not_only_the_lines_sharing_their_words() {
    let advisor = advisor();
    let answer = advisor.ask("ตรวจรับงานจ้างก่อสร้าง 3 วันทำการ นับจากวันไหน", day());
    assert!(answer.answered, "{answer:?}");
    assert_eq!(
        answer.entry_id.as_deref(),
        Some("construction-inspection-3wd")
    );
    let text = answer.answer.unwrap_or_default();
    // The worked count and the note on Labour Day share no word with the question.
    assert!(
        text.contains("วันทำการที่ 1 คือวันที่ 16") && text.contains("วันแรงงาน"),
        "{text}"
    );
}
