//! `thai::normalize` and `Segmenter::tokenize` on any UTF-8: normalising is idempotent (it is
//! the one normal form), and tokens are never blank.
#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use clinic::thai::{Segmenter, normalize};
use libfuzzer_sys::fuzz_target;

static SEGMENTER: LazyLock<Segmenter> = LazyLock::new(|| {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../knowledge/dictionary");
    Segmenter::from_dictionary_dir(&dir).expect("the shipped dictionary loads")
});

fuzz_target!(|text: &str| {
    let once = normalize(text);
    assert_eq!(normalize(&once), once, "normalize is not idempotent on {text:?}");
    for token in SEGMENTER.tokenize(text) {
        assert!(!token.trim().is_empty(), "a blank token from {text:?}");
    }
});
