//! `thai::parse_money` on any text: never panics, finds only positive amounts, and every amount
//! it finds reads back to itself from its own display ("2,500,000 บาท").
#![no_main]

use clinic::thai::parse_money;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Some(amount) = parse_money(text) {
        assert!(amount.satang() > 0, "{text:?} gave {}", amount.satang());
        let shown = amount.to_string();
        assert_eq!(parse_money(&shown), Some(amount), "{text:?} shown as {shown:?}");
    }
});
