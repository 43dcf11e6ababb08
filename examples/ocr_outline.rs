//! Debugging aid: the outline (paragraphs, tables, cells) that layout builds from a PDF,
//! scanned ones read by OCR; with `--words`, the words OCR recognized with their boxes.
//!
//!     cargo run --example ocr_outline -- FILE.pdf [--words]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(file) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!("usage: ocr_outline FILE.pdf [--words]");
        std::process::exit(2);
    };
    let bytes = std::fs::read(file).expect("read file");
    let doc = match restitution::internals::read_pdf(&bytes) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error {}: {}", e.code, e.message());
            std::process::exit(1);
        }
    };
    if args.iter().any(|a| a == "--words") {
        for w in &doc.ocr_words {
            println!(
                "p{} [{:.1} {:.1} {:.1} {:.1}] {:.0} {}",
                w.page, w.bbox[0], w.bbox[1], w.bbox[2], w.bbox[3], w.confidence, w.text
            );
        }
    }
    print!("{}", restitution::internals::model::outline(&doc));
}
