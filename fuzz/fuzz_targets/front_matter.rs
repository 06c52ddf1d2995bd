//! An entry file's text as `KnowledgeBase::load` parses it: any text is an entry or a list of
//! faults with their lines, never a panic.
#![no_main]

use std::path::Path;

use clinic::knowledge::parse_entry;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match parse_entry(Path::new("entries/topic/x-rule.md"), "topic", text) {
        Ok(entry) => assert_eq!(entry.id.as_str(), "x-rule"),
        Err(faults) => {
            assert!(!faults.is_empty(), "an empty fault list for {text:?}");
            let lines = text.lines().count().max(1);
            for fault in &faults {
                assert!(fault.line <= lines, "{fault} points past the end of {text:?}");
            }
        }
    }
});
