//! Button callback data is untrusted (a client can send any bytes): `Callback::parse` never
//! panics, accepts nothing longer than Telegram allows, and whatever it accepts is the one
//! canonical spelling of that callback — it encodes back to exactly the same string, so two
//! different strings never mean the same button.
#![no_main]

use clinic::desk::callback::{Callback, MAX_LEN};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Telegram hands the data over as a string; arbitrary bytes reach us lossily decoded.
    let text = String::from_utf8_lossy(data);
    if let Some(callback) = Callback::parse(&text) {
        assert!(text.len() <= MAX_LEN, "{text:?} is longer than Telegram allows");
        let encoded = callback.encode();
        assert_eq!(encoded, text, "{callback:?} parsed from a non-canonical spelling");
        assert_eq!(Callback::parse(&encoded), Some(callback));
    }
});
