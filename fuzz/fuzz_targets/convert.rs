//! The whole conversion (sniffing, reading, mapping, normalizing) and its JSON text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = restitution::convert("fuzz", data) {
        let _ = restitution::to_json(&doc, true);
    }
});
