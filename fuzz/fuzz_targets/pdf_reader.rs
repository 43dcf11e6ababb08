//! The PDF reader alone (lopdf, content interpretation, layout, tables).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = restitution::internals::read_pdf(data);
});
