//! Debugging aid: print what content interpretation finds on each page.
//!
//!     cargo run --example pdf_glyphs -- FILE.pdf [--glyphs] [--paths]
//!
//! Default output: one line per word (glyphs joined while the gap to the next glyph on
//! the same baseline is under 0.15 × size), with its box — comparable with
//! `pdftotext -bbox FILE -`; then counts of paths and images and the form fields.
use restitution::internals::pdf::extract;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(file) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!("usage: pdf_glyphs FILE.pdf [--glyphs] [--paths]");
        std::process::exit(2);
    };
    let show_glyphs = args.iter().any(|a| a == "--glyphs");
    let show_paths = args.iter().any(|a| a == "--paths");
    let bytes = std::fs::read(file).expect("read file");
    let pages = match extract(&bytes) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error {}: {}", e.code, e.message());
            std::process::exit(1);
        }
    };
    for p in &pages {
        println!(
            "== page {} ({:.2} x {:.2}): {} glyphs, {} paths, {} images, {} fields",
            p.number,
            p.width,
            p.height,
            p.glyphs.len(),
            p.paths.len(),
            p.images,
            p.fields.len()
        );
        if show_glyphs {
            for g in &p.glyphs {
                println!(
                    "  {:?} [{:.2} {:.2} {:.2} {:.2}] base {:.2} size {:.2} {} sp {:.2}",
                    g.text,
                    g.bbox[0],
                    g.bbox[1],
                    g.bbox[2],
                    g.bbox[3],
                    g.baseline,
                    g.size,
                    g.font,
                    g.space_width
                );
            }
        } else {
            for (text, b) in words(&p.glyphs) {
                println!(
                    "  word [{:.2} {:.2} {:.2} {:.2}] {}",
                    b[0], b[1], b[2], b[3], text
                );
            }
        }
        let rects: usize = p.paths.iter().map(|x| x.rects.len()).sum();
        let subs: usize = p.paths.iter().map(|x| x.subpaths.len()).sum();
        println!(
            "  paths: {} ({} rects, {} subpaths; {} stroked, {} filled)",
            p.paths.len(),
            rects,
            subs,
            p.paths.iter().filter(|x| x.stroked).count(),
            p.paths.iter().filter(|x| x.filled).count()
        );
        if show_paths {
            for x in &p.paths {
                let r: Vec<String> = x
                    .rects
                    .iter()
                    .map(|r| format!("[{:.2} {:.2} {:.2} {:.2}]", r[0], r[1], r[2], r[3]))
                    .collect();
                let sp: Vec<String> = x
                    .subpaths
                    .iter()
                    .map(|s| {
                        s.iter()
                            .map(|p| format!("({:.2},{:.2})", p[0], p[1]))
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .collect();
                println!(
                    "  path {}{} w {:.2} rects {} subpaths {}",
                    if x.stroked { "S" } else { "" },
                    if x.filled { "F" } else { "" },
                    x.line_width,
                    r.join(" "),
                    sp.join(" | ")
                );
            }
        }
        for f in &p.fields {
            println!(
                "  field {:?} [{:.2} {:.2} {:.2} {:.2}] {:?}",
                f.name, f.rect[0], f.rect[1], f.rect[2], f.rect[3], f.value
            );
        }
    }
}

/// Group glyphs into words the simple way pdftotext does for one line of text.
fn words(glyphs: &[restitution::internals::pdf::Glyph]) -> Vec<(String, [f32; 4])> {
    let mut out: Vec<(String, [f32; 4])> = Vec::new();
    let mut last: Option<&restitution::internals::pdf::Glyph> = None;
    for g in glyphs {
        let join = match last {
            Some(l) => adjacent(&l.bbox, &g.bbox, 0.15 * g.size.max(1.0)),
            None => false,
        };
        match (join, out.last_mut()) {
            (true, Some((t, b))) => {
                t.push_str(&g.text);
                b[0] = b[0].min(g.bbox[0]);
                b[1] = b[1].min(g.bbox[1]);
                b[2] = b[2].max(g.bbox[2]);
                b[3] = b[3].max(g.bbox[3]);
            }
            _ => out.push((g.text.clone(), g.bbox)),
        }
        last = Some(g);
    }
    out
}

/// Boxes side by side (in any of the four reading directions): overlapping mostly on one
/// axis, with a gap under `gap` on the other.
fn adjacent(a: &[f32; 4], b: &[f32; 4], gap: f32) -> bool {
    let ov = |a0: f32, a1: f32, b0: f32, b1: f32| {
        (a1.min(b1) - a0.max(b0)) / (a1 - a0).min(b1 - b0).max(0.01)
    };
    let near = |d: f32| d > -2.0 * gap && d < gap; // kerning may overlap glyphs
    let horizontal = ov(a[1], a[3], b[1], b[3]) > 0.9 && (near(b[0] - a[2]) || near(a[0] - b[2]));
    let vertical = ov(a[0], a[2], b[0], b[2]) > 0.9 && (near(b[1] - a[3]) || near(a[1] - b[3]));
    horizontal || vertical
}
