//! The DOCX reader alone: any bytes must give a document or an error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = restitution::internals::read_docx(data);
});
