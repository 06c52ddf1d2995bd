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
