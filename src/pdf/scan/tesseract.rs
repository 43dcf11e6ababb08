//! Text from a page image by the `tesseract` command (French data, TSV output): words
//! with their boxes and confidence, turned into glyphs in page points.

use std::io::Read;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use super::pixels::otsu;
use super::raster::{Gray, PIXELS_PER_POINT};
use crate::error::{Cause, ConvertError, Result};
use crate::pdf::page::Glyph;

/// The command run, looked up on `PATH`.
const PROGRAM: &str = "tesseract";
/// The font name of every glyph read by OCR (layout treats their sizes apart).
pub const OCR_FONT: &str = "OCR";
/// Language data used (Debian `tesseract-ocr-fra`).
const LANGUAGE: &str = "fra";
/// Page segmentation mode 3 (automatic, no orientation detection): columns and table
/// cells come back as blocks; 11 (sparse text) was slower (5 s a page) for no gain.
const PAGE_SEGMENTATION: &str = "3";
/// A page that takes longer than this is given up (a hung or overloaded engine).
const TIMEOUT: Duration = Duration::from_secs(120);
/// Font size from the height of a line of text: the ink from its tallest letter or
/// accent to its descenders spans about an em (Liberation Sans: "É" 0.9 above the
/// baseline, "p" 0.21 below; the page's median line, which sets the size, has both).
const SIZE_PER_LINE_HEIGHT: f32 = 1.0;
/// Which line height (a quantile: numerator, denominator) is the body text's full one.
const BODY_LINE_QUANTILE: (usize, usize) = (3, 4);
/// A word taller than this many times its line's median word height does not set the
/// line's height (a speck read into it; accents and descenders add less than this).
const TALL_WORD: f32 = 1.3;
/// "N°4" and "N°4-" as the form writes them, "N° 4" and "N° 4 -": the recognizer drops
/// the spaces around a theme's number.
fn number_sign(text: &str) -> String {
    let Some(rest) = text.strip_prefix("N°") else {
        return text.to_string();
    };
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    match &rest[digits..] {
        _ if digits == 0 => text.to_string(),
        dash @ ("-" | "–") => format!("N° {} {dash}", &rest[..digits]),
        _ => format!("N° {rest}"),
    }
}

/// The least gap between two words of a line, in ems: above what layout needs to see a
/// space (`word_gap_max_em`).
const OCR_WORD_GAP_EM: f32 = 0.3;
/// Below the baseline, as a share of the font size (descenders).
const DESCENT: f32 = 0.2;

/// Characters Tesseract reads list bullets (▶, •, ■) as.
const BULLET_READINGS: &str = ">»›•·°eo*+-–©®■▪▶►";

/// What the remains of an erased ruling or box read as: no text.
const RULING_READINGS: &str = "|_[]{}\\/";
/// ... except a slash away from any vertical ruling: the one between names
/// ("Le Goff / Kerbrat"). A ruling's remains lie within this many points of it.
const SLASH: &str = "/";
const RULING_REMAINS_PT: f32 = 3.0;
/// Punctuation a speck of dust is read as.
const SPECK_READINGS: &str = ".,:;'`·";
/// A word of punctuation alone this small (points, both ways) is a speck of dust: a
/// colon of small print is 4 pt tall, and a full stop or comma comes attached to its
/// word.
const SPECK_MAX_PT: f32 = 1.5;

/// Whether a word is a speck of dust read as punctuation.
fn is_speck(w: &Word) -> bool {
    w.text.chars().all(|c| SPECK_READINGS.contains(c))
        && w.bbox[2] - w.bbox[0] < SPECK_MAX_PT
        && w.bbox[3] - w.bbox[1] < SPECK_MAX_PT
}

/// A piece of a picture (a logo's mark) read as one or two letters comes back below this
/// confidence (0–100), alone on its line; a short word of text read so has words
/// beside it.
const PICTURE_MAX_CONFIDENCE: f32 = 40.0;
const PICTURE_MAX_LETTERS: usize = 2;

/// Whether a word is a piece of a picture read as letters ("B," for the Marianne of a
/// back cover): a letter or two, no digit (a lone count stays), unsure, and no other
/// word on its line.
fn is_picture_piece(w: &Word, words: &[Word]) -> bool {
    let letters = w.text.chars().filter(|c| c.is_alphabetic()).count();
    w.confidence < PICTURE_MAX_CONFIDENCE
        && (1..=PICTURE_MAX_LETTERS).contains(&letters)
        && !w.text.chars().any(|c| c.is_ascii_digit())
        && !words.iter().any(|o| {
            o.line == w.line && !std::ptr::eq(o, w) && o.text.chars().any(char::is_alphanumeric)
        })
}

/// A check box printed as a glyph that the pixels did not show as a square (a symbol
/// font's box drawn small, or replaced by another sign) is read as one unsure character:
/// below this confidence (0–100), first on its line, a box's size and square, with its
/// label after it ("5 Distanciel" for "¤ Distanciel"). It is no text: dropped, the
/// label is read as one without a box, which stays undecided on a scan.
const UNREAD_BOX_MAX_CONFIDENCE: f32 = 40.0;
/// Its side, in points: a box glyph of small print is 4 pt and more (a full stop or a
/// speck is less); larger boxes are found in pixels.
const UNREAD_BOX_MIN_PT: f32 = 3.5;
const UNREAD_BOX_MAX_PT: f32 = 9.0;
/// Width and height differ by at most this share: a digit or a letter is taller than
/// wide, a box is square.
const UNREAD_BOX_SQUARENESS: f32 = 0.15;

/// Whether a word is a check box glyph read as a character (see
/// `UNREAD_BOX_MAX_CONFIDENCE`): nothing just before it on its row, a word just after.
fn is_unread_box(w: &Word, words: &[Word]) -> bool {
    let (width, height) = (w.bbox[2] - w.bbox[0], w.bbox[3] - w.bbox[1]);
    let side = |v: f32| (UNREAD_BOX_MIN_PT..=UNREAD_BOX_MAX_PT).contains(&v);
    let middle = (w.bbox[1] + w.bbox[3]) / 2.0;
    let on_row = |o: &&Word| !std::ptr::eq(*o, w) && o.bbox[1] <= middle && middle <= o.bbox[3];
    let near = BULLET_GAP * height;
    w.confidence < UNREAD_BOX_MAX_CONFIDENCE
        && w.text.chars().count() == 1
        && !w.text.chars().all(|c| BULLET_READINGS.contains(c))
        && side(width)
        && side(height)
        && (width - height).abs() <= UNREAD_BOX_SQUARENESS * width.max(height)
        && !words
            .iter()
            .filter(on_row)
            .any(|o| o.bbox[2] <= w.bbox[0] + 0.5 && w.bbox[0] - o.bbox[2] < near)
        && words
            .iter()
            .filter(on_row)
            .any(|o| o.bbox[0] >= w.bbox[2] - 0.5 && o.bbox[0] - w.bbox[2] < near)
}

/// A bullet is followed by its text within this many of its (or its text's) heights.
const BULLET_GAP: f32 = 4.0;

/// Whether `tesseract` runs here and has French data (asked once per process).
pub fn available() -> bool {
    static AVAILABLE: OnceLock<bool> = OnceLock::new();
    *AVAILABLE.get_or_init(|| {
        Command::new(PROGRAM)
            .arg("--list-langs")
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .is_ok_and(|o| {
                o.status.success()
                    && String::from_utf8_lossy(&o.stdout)
                        .lines()
                        .any(|l| l.trim() == LANGUAGE)
            })
    })
}

/// A recognized word: its text, box in page points and confidence (0–100).
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub text: String,
    pub bbox: [f32; 4],
    pub confidence: f32,
    /// Which line of the page it belongs to (block, paragraph, line).
    pub line: (u32, u32, u32),
}

/// Recognize the words of a page image.
pub fn words(image: &Gray) -> Result<Vec<Word>> {
    let dir = tempfile::tempdir().map_err(failed)?;
    let png = dir.path().join("page.png");
    save(image.width, image.height, image.pixels.clone(), &png)?;
    Ok(parse_tsv(&run(&png, PAGE_SEGMENTATION)?))
}

/// Page segmentation mode 7 (a single line of text) for a group of ink read on its own.
const LINE_SEGMENTATION: &str = "7";
/// White around a group of ink read on its own, in points (a recognizer wants margins).
const GROUP_MARGIN_PT: f32 = 6.0;
/// A word read on its own is kept from this confidence on: it stands alone, with no
/// line around it to vouch for it, and specks or pieces of a logo read as letters come
/// back below it.
const GROUP_MIN_CONFIDENCE: f32 = 75.0;
/// ... but a group read as a number ("1:", "12") from this one: a lone digit with a colon
/// comes back at 50–65 even when read right, and specks and pieces of a logo are read as
/// letters or punctuation, seldom as digits (a count read so gets its `a_verifier`
/// warning in the mapper).
const GROUP_MIN_NUMBER_CONFIDENCE: f32 = 45.0;

/// Whether a word is a number, maybe followed by punctuation ("3", "12:", "4.").
fn is_number(text: &str) -> bool {
    let digits = text.trim_end_matches([':', '.', ',', ';']);
    !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
}
/// Tesseract numbers blocks from 1 and a page has far fewer: lines of groups read on
/// their own are numbered from here, apart from the page's.
const GROUP_BLOCKS: u32 = 100_000;

/// Recognize groups of ink (pixel boxes of `image`, end exclusive) that the page's
/// recognition left unread, each on its own, in one run of the recognizer; the words
/// come back in page points.
pub fn words_in(image: &Gray, groups: &[[usize; 4]]) -> Result<Vec<Word>> {
    let mut out = Vec::new();
    for (n, mut w) in read_parts(image, groups, LINE_SEGMENTATION)? {
        let least = if is_number(&w.text) {
            GROUP_MIN_NUMBER_CONFIDENCE
        } else {
            GROUP_MIN_CONFIDENCE
        };
        if w.confidence < least || !w.text.chars().any(char::is_alphanumeric) {
            continue;
        }
        // Each group's line apart from the page's and from every other group's.
        w.line.0 = GROUP_BLOCKS + n as u32;
        out.push(w);
    }
    Ok(out)
}

/// A table cell whose words the page's recognition read with less mean confidence than
/// this (0–100; clean words get 90 and more, so a mean below it has garbled words) is
/// read again on its own: with the rulings erased, lines of
/// neighbouring cells set at different heights are taken for one line and come back
/// garbled ("Thématique concernée" beside a two-line cell read as "ane ppge").
const GARBLED_CELL: f32 = 75.0;
/// Page segmentation mode 6 (a single block of text) for a cell read on its own.
const CELL_SEGMENTATION: &str = "6";
/// Lines of cells read again are numbered from here, apart from the page's and groups'.
const CELL_BLOCKS: u32 = 2_000_000_000;

/// Read again, each on its own, the table cells (pixel boxes, end exclusive) whose
/// words came back garbled, and keep the new reading where it is surer.
pub fn reread_cells(image: &Gray, cells: &[[usize; 4]], words: &mut Vec<Word>) -> Result<()> {
    let garbled = garbled_cells(cells, words);
    if garbled.is_empty() {
        return Ok(());
    }
    let parts: Vec<[usize; 4]> = garbled.iter().map(|(c, _)| *c).collect();
    let mut again: Vec<Vec<Word>> = vec![Vec::new(); parts.len()];
    for (n, w) in read_parts(image, &parts, CELL_SEGMENTATION)? {
        if let Some(list) = again.get_mut(n) {
            list.push(w);
        }
    }
    keep_surer(words, &garbled, again);
    Ok(())
}

/// Whether a word's centre lies in a cell (pixel box, end exclusive).
fn in_cell(c: &[usize; 4], w: &Word) -> bool {
    let s = PIXELS_PER_POINT;
    let (x, y) = (
        (w.bbox[0] + w.bbox[2]) / 2.0 * s,
        (w.bbox[1] + w.bbox[3]) / 2.0 * s,
    );
    c[0] as f32 <= x && x < c[2] as f32 && c[1] as f32 <= y && y < c[3] as f32
}

fn mean_confidence<'a>(words: impl Iterator<Item = &'a Word>) -> Option<f32> {
    let (sum, n) = words.fold((0.0, 0usize), |(s, n), w| (s + w.confidence, n + 1));
    (n > 0).then(|| sum / n as f32)
}

/// The cells holding words whose mean confidence is below `GARBLED_CELL`, with that
/// mean.
fn garbled_cells(cells: &[[usize; 4]], words: &[Word]) -> Vec<([usize; 4], f32)> {
    cells
        .iter()
        .filter_map(|c| {
            let m = mean_confidence(words.iter().filter(|w| in_cell(c, w)))?;
            (m < GARBLED_CELL).then_some((*c, m))
        })
        .collect()
}

/// Replace the words of each garbled cell by its new reading (`again`, in the same
/// order) where that reading is clean, and surer than the first.
fn keep_surer(words: &mut Vec<Word>, garbled: &[([usize; 4], f32)], again: Vec<Vec<Word>>) {
    for (n, ((cell, before), new)) in garbled.iter().zip(again).enumerate() {
        // Kept only when clean itself, not merely less garbled (a bold heading on a
        // shaded cell may come back as "ee").
        let Some(after) = mean_confidence(new.iter()) else {
            continue;
        };
        if after <= *before || after < GARBLED_CELL {
            continue;
        }
        words.retain(|w| !in_cell(cell, w));
        words.extend(new.into_iter().map(|mut w| {
            w.line.0 += CELL_BLOCKS + 1000 * n as u32;
            w
        }));
    }
}

/// Read parts of a page (pixel boxes of `image`, end exclusive), each on its own with
/// white around it, as single lines (or blocks, by `segmentation`), in one run of the recognizer: each word with the
/// index of its part and its box in page points.
///
/// Each part is made black and white at the page's threshold first: the recognizer
/// would otherwise find its own threshold in a small image that is mostly the white
/// margin, between that white and the paper's gray, and lose the ink's shapes ("1 :"
/// read as "ME").
fn read_parts(
    image: &Gray,
    parts: &[[usize; 4]],
    segmentation: &str,
) -> Result<Vec<(usize, Word)>> {
    let parts: Vec<[usize; 4]> = parts
        .iter()
        .map(|g| [g[0], g[1], g[2].min(image.width), g[3].min(image.height)])
        .collect();
    if parts.iter().all(|g| g[0] >= g[2] || g[1] >= g[3]) {
        return Ok(Vec::new());
    }
    let dir = tempfile::tempdir().map_err(failed)?;
    let threshold = otsu(image);
    let margin = (GROUP_MARGIN_PT * PIXELS_PER_POINT) as usize;
    let mut list = String::new();
    for (n, g) in parts.iter().enumerate() {
        let (w, h) = (
            g[2].saturating_sub(g[0]) + 2 * margin,
            g[3].saturating_sub(g[1]) + 2 * margin,
        );
        let mut pixels = vec![255u8; w * h];
        for y in g[1]..g[3] {
            if g[0] < g[2] {
                let row = &image.pixels[y * image.width + g[0]..y * image.width + g[2]];
                let at = (y - g[1] + margin) * w + margin;
                for (out, &p) in pixels[at..at + row.len()].iter_mut().zip(row) {
                    *out = if p <= threshold { 0 } else { 255 };
                }
            }
        }
        let png = dir.path().join(format!("part{n}.png"));
        save(w, h, pixels, &png)?;
        list.push_str(&png.to_string_lossy());
        list.push('\n');
    }
    let listed = dir.path().join("parts.txt");
    std::fs::write(&listed, list).map_err(failed)?;
    let tsv = run(&listed, segmentation)?;
    let s = PIXELS_PER_POINT;
    let m = margin as f32 / s;
    let mut out = Vec::new();
    for (page, mut w) in parse_tsv_pages(&tsv) {
        let Some(n) = (page as usize).checked_sub(1) else {
            continue;
        };
        let Some(g) = parts.get(n) else {
            continue;
        };
        let (dx, dy) = (g[0] as f32 / s - m, g[1] as f32 / s - m);
        w.bbox = [
            w.bbox[0] + dx,
            w.bbox[1] + dy,
            w.bbox[2] + dx,
            w.bbox[3] + dy,
        ];
        out.push((n, w));
    }
    Ok(out)
}

fn save(width: usize, height: usize, pixels: Vec<u8>, png: &std::path::Path) -> Result<()> {
    image::GrayImage::from_raw(width as u32, height as u32, pixels)
        .ok_or_else(|| failed("image de page incohérente"))?
        .save(png)
        .map_err(failed)
}

/// Run the recognizer on an image (or a list of images, one path a line) and return its
/// TSV.
fn run(input: &std::path::Path, segmentation: &str) -> Result<String> {
    let mut child = Command::new(PROGRAM)
        .arg(input)
        .arg("stdout")
        .args(["-l", LANGUAGE, "--psm", segmentation])
        .args(["--dpi", &format!("{}", (PIXELS_PER_POINT * 72.0).round())])
        .arg("tsv")
        // One thread per page: pages run in parallel within the batch's jobs.
        .env("OMP_THREAD_LIMIT", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(failed)?;
    let mut stdout = child.stdout.take().ok_or_else(|| failed("pas de sortie"))?;
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        stdout.read_to_string(&mut text).map(|_| text)
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(failed)? {
            break status;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(failed(format!(
                "plus de {} s pour une page",
                TIMEOUT.as_secs()
            )));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let text = reader
        .join()
        .map_err(|_| failed("lecture de la sortie"))?
        .map_err(failed)?;
    if !status.success() {
        return Err(failed(format!("code de sortie {status}")));
    }
    Ok(text)
}

fn failed(cause: impl std::fmt::Display) -> ConvertError {
    ConvertError::of(Cause::OcrFailed {
        what: cause.to_string(),
    })
}

/// Words (level 5 rows) of Tesseract's TSV, boxes turned into points.
pub fn parse_tsv(tsv: &str) -> Vec<Word> {
    parse_tsv_pages(tsv).into_iter().map(|(_, w)| w).collect()
}

/// Words of Tesseract's TSV with the number of the image (from 1) each was read in.
fn parse_tsv_pages(tsv: &str) -> Vec<(u32, Word)> {
    let s = PIXELS_PER_POINT;
    let mut out = Vec::new();
    for row in tsv.lines().skip(1) {
        let f: Vec<&str> = row.split('\t').collect();
        if f.len() < 12 || f[0] != "5" {
            continue;
        }
        let text = f[11].trim();
        let num = |i: usize| f[i].parse::<f32>().ok();
        let int = |i: usize| f[i].parse::<u32>().ok();
        let (Some(l), Some(t), Some(w), Some(h), Some(conf)) =
            (num(6), num(7), num(8), num(9), num(10))
        else {
            continue;
        };
        let (Some(page), Some(block), Some(par), Some(line)) = (int(1), int(2), int(3), int(4))
        else {
            continue;
        };
        if text.is_empty() || conf < 0.0 {
            continue;
        }
        out.push((
            page,
            Word {
                text: text.to_string(),
                bbox: [l / s, t / s, (l + w) / s, (t + h) / s],
                confidence: conf,
                line: (block, par, line),
            },
        ));
    }
    out
}

/// Add the ▶ bullets found in pixels (and erased before recognition) as words: each
/// joins the line of the first word after it on its row, or stands alone (an empty
/// cell's bullet), so that layout sees it as a PDF with text draws it.
pub fn add_bullets(words: &mut Vec<Word>, bullets: &[[f32; 4]]) {
    for (n, b) in bullets.iter().enumerate() {
        let h = b[3] - b[1];
        let middle = (b[1] + b[3]) / 2.0;
        let next = words
            .iter()
            .filter(|w| {
                w.bbox[1] <= middle
                    && middle <= w.bbox[3]
                    && w.bbox[0] >= b[2] - 0.5
                    && w.bbox[0] - b[2] < BULLET_GAP * h
            })
            .min_by(|a, c| a.bbox[0].total_cmp(&c.bbox[0]));
        // Tesseract numbers blocks from 1: block 0 is free for lone bullets.
        let line = next.map_or((0, 0, n as u32), |w| w.line);
        words.push(Word {
            text: "▶".to_string(),
            bbox: *b,
            confidence: 100.0,
            line,
        });
    }
}

/// Words as glyphs for layout: one glyph per word, the words of a line on one baseline
/// and of one size (the page's usual size unless the line is clearly bigger, a title),
/// so that layout sees lines and paragraphs as in a PDF with text.
///
/// `borders` are the page's vertical rulings (x, from y, to y): a word beyond one is in
/// another table cell, not before a bullet.
pub fn glyphs(words: &[Word], borders: &[(f32, f32, f32)]) -> Vec<Glyph> {
    // Lines: their words' union box; heightwise, only over words of about the line's
    // usual height (a speck of dust read into a word's box makes it taller, and the
    // line then looks like a title's).
    let mut keys: Vec<(u32, u32, u32)> = Vec::new();
    for w in words {
        if !keys.contains(&w.line) {
            keys.push(w.line);
        }
    }
    let lines: Vec<((u32, u32, u32), [f32; 4])> = keys
        .into_iter()
        .map(|k| {
            let of_line: Vec<&Word> = words.iter().filter(|w| w.line == k).collect();
            let mut heights: Vec<f32> = of_line.iter().map(|w| w.bbox[3] - w.bbox[1]).collect();
            heights.sort_by(f32::total_cmp);
            let median = heights[heights.len() / 2];
            let mut b = [
                f32::INFINITY,
                f32::INFINITY,
                f32::NEG_INFINITY,
                f32::NEG_INFINITY,
            ];
            for w in &of_line {
                b[0] = b[0].min(w.bbox[0]);
                b[2] = b[2].max(w.bbox[2]);
                if w.bbox[3] - w.bbox[1] <= TALL_WORD * median {
                    b[1] = b[1].min(w.bbox[1]);
                    b[3] = b[3].max(w.bbox[3]);
                }
            }
            (k, b)
        })
        .collect();
    // A line's baseline: the highest bottom among its full-height words (a word without
    // descenders sits on it; punctuation alone does not count).
    let baselines: Vec<f32> = lines
        .iter()
        .map(|(k, b)| {
            let height = b[3] - b[1];
            words
                .iter()
                .filter(|w| w.line == *k && w.bbox[3] - w.bbox[1] >= 0.6 * height)
                .map(|w| w.bbox[3])
                .fold(b[3], f32::min)
        })
        .collect();
    let mut heights: Vec<f32> = lines.iter().map(|(_, b)| b[3] - b[1]).collect();
    heights.sort_by(f32::total_cmp);
    let usual = heights.get(heights.len() / 2).copied().unwrap_or(10.0);
    // The body text's size: from the height of a line with both accents or ascenders
    // and descenders, which most lines of running text have (the median line has
    // fewer: a cell's "N° 4", a word without descenders).
    let body = heights
        .get(heights.len() * BODY_LINE_QUANTILE.0 / BODY_LINE_QUANTILE.1)
        .copied()
        .unwrap_or(10.0);
    let size_of = |h: f32| {
        if h > 1.4 * usual {
            (h * SIZE_PER_LINE_HEIGHT).round()
        } else {
            (body * SIZE_PER_LINE_HEIGHT).round()
        }
        .max(1.0)
    };
    // A word made only of what a recognizer reads a bullet as (▶ → ">", "»", "»-";
    // • → "e", "°"), with a word close after it on its row and none just before, is a
    // bullet.
    let row = |a: &Word, b: &Word| {
        let h = (a.bbox[3] - a.bbox[1]).max(b.bbox[3] - b.bbox[1]);
        ((a.bbox[1] + a.bbox[3]) - (b.bbox[1] + b.bbox[3])).abs() / 2.0 < 0.5 * h
    };
    let bullet = |w: &Word| {
        let h = w.bbox[3] - w.bbox[1];
        let reading = w.text.chars().count() <= 2
            && w.text.chars().all(|c| BULLET_READINGS.contains(c))
            || ["B", "D"].contains(&w.text.as_str());
        // The gap is measured in the text's height: a small round bullet read as "°" is
        // a third of it.
        reading
            && words.iter().any(|n| {
                let text_height = h.max(n.bbox[3] - n.bbox[1]);
                row(w, n)
                    && n.bbox[0] > w.bbox[2]
                    && n.bbox[0] - w.bbox[2] < BULLET_GAP * text_height
            })
            && !words.iter().any(|p| {
                let middle = (w.bbox[1] + w.bbox[3]) / 2.0;
                let walled = borders.iter().any(|&(x, from, to)| {
                    p.bbox[2] <= x && x <= w.bbox[0] && from <= middle && middle <= to
                });
                !std::ptr::eq(p, w)
                    && !walled
                    && row(w, p)
                    && p.bbox[2] <= w.bbox[0] + 0.5
                    && w.bbox[0] - p.bbox[2] < BULLET_GAP * h
            })
    };
    let kept: Vec<&Word> = words
        .iter()
        .filter(|w| {
            let middle = (w.bbox[1] + w.bbox[3]) / 2.0;
            let on_ruling = || {
                borders.iter().any(|&(x, from, to)| {
                    w.bbox[0] - RULING_REMAINS_PT <= x
                        && x <= w.bbox[2] + RULING_REMAINS_PT
                        && from <= middle
                        && middle <= to
                })
            };
            let remains = w.text.chars().all(|c| RULING_READINGS.contains(c))
                && (w.text != SLASH || on_ruling());
            !remains && !is_speck(w) && !is_picture_piece(w, words) && !is_unread_box(w, words)
        })
        .collect();
    let mut out: Vec<Glyph> = kept
        .iter()
        .map(|w| {
            let text = if bullet(w) {
                "▶".to_string()
            } else {
                number_sign(&w.text)
            };
            let (b, baseline) = lines
                .iter()
                .zip(&baselines)
                .find(|((k, _), _)| *k == w.line)
                .map_or((w.bbox, w.bbox[3]), |((_, b), &base)| (*b, base));
            let size = size_of(b[3] - b[1]);
            Glyph {
                text,
                bbox: [
                    w.bbox[0],
                    baseline - size * (1.0 - DESCENT),
                    w.bbox[2],
                    baseline + DESCENT * size,
                ],
                baseline,
                size,
                font: OCR_FONT.into(),
                space_width: 0.25 * size,
            }
        })
        .collect();
    // Two words of a line are two words: a box that runs into the next word's ("N°"
    // drawn over the "4" after it) ends a space before it, so that layout parts them.
    for i in 1..out.len() {
        if kept[i].line != kept[i - 1].line {
            continue;
        }
        let next = out[i].bbox[0];
        let before = &mut out[i - 1];
        let gap = OCR_WORD_GAP_EM * before.size;
        if next > before.bbox[0] && before.bbox[2] > next - gap {
            before.bbox[2] = (next - gap).max(before.bbox[0]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TSV: &str = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext
1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t
4\t1\t1\t1\t1\t0\t300\t400\t600\t50\t-1\t
5\t1\t1\t1\t1\t1\t300\t400\t250\t50\t96.5\tBonjour
5\t1\t1\t1\t1\t2\t600\t410\t300\t38\t88\tmadame
5\t1\t1\t1\t1\t3\t950\t410\t10\t38\t-1\t
5\t1\t1\t1\t2\t1\t300\t500\t200\t50\t91\tSuite
";

    #[test]
    fn words_come_back_in_points_with_confidence() {
        let w = parse_tsv(TSV);
        assert_eq!(w.len(), 3);
        assert_eq!(w[0].text, "Bonjour");
        assert_eq!(w[0].confidence, 96.5);
        assert!((w[0].bbox[0] - 72.0).abs() < 1e-3);
        assert!((w[0].bbox[3] - 450.0 * 72.0 / 300.0).abs() < 1e-3);
        let g = glyphs(&w, &[]);
        // Words of one line share a baseline and a size.
        assert_eq!(g[0].baseline, g[1].baseline);
        assert_eq!(g[0].size, g[1].size);
        assert!(g[2].baseline > g[0].baseline);
        // A bullet read as ">" before a word.
        let mut w = parse_tsv(TSV);
        w[0].text = ">".into();
        assert_eq!(glyphs(&w, &[])[0].text, "▶");
        assert_eq!(glyphs(&w, &[])[2].text, "Suite");
        // A small round bullet read as "°", a third of its text's height, further from
        // its text than four of its own heights.
        let mut w = parse_tsv(TSV);
        w[0].text = "°".into();
        w[0].bbox = [w[1].bbox[0] - 18.0, 100.0, w[1].bbox[0] - 15.0, 103.4];
        assert_eq!(glyphs(&w, &[])[0].text, "▶");
        // A ">" right after a word is text, unless a cell border parts them.
        let mut w = parse_tsv(TSV);
        w[1].text = ">".into();
        w[1].bbox[0] = w[0].bbox[2] + 2.0;
        w[1].bbox[2] = w[1].bbox[0] + 4.0;
        w.insert(
            2,
            Word {
                text: "Suite".into(),
                bbox: [
                    w[1].bbox[2] + 2.0,
                    w[1].bbox[1],
                    w[1].bbox[2] + 30.0,
                    w[1].bbox[3],
                ],
                ..w[1].clone()
            },
        );
        assert_eq!(glyphs(&w, &[])[1].text, ">");
        let border = (w[0].bbox[2] + 1.0, 0.0, 500.0);
        assert_eq!(glyphs(&w, &[border])[1].text, "▶");
    }

    /// A line of `n` words 10 pt apart, each `height` tall, on block `block`.
    fn line(block: u32, top: f32, height: f32, n: usize) -> Vec<Word> {
        (0..n)
            .map(|i| Word {
                text: "mot".into(),
                bbox: [10.0 * i as f32, top, 10.0 * i as f32 + 8.0, top + height],
                confidence: 95.0,
                line: (block, 1, 1),
            })
            .collect()
    }

    #[test]
    fn sizes_come_from_full_lines_and_ignore_a_speck_in_a_word() {
        // Lines of 10 pt text: with descenders (9.6 pt of ink) and without (7.5 pt).
        let mut words = Vec::new();
        for k in 0..4 {
            words.extend(line(k + 1, 20.0 * k as f32, 9.6, 3));
        }
        for k in 4..6 {
            words.extend(line(k + 1, 20.0 * k as f32, 7.5, 3));
        }
        // A line whose first word a speck made taller.
        let mut specked = line(7, 200.0, 9.6, 3);
        specked[0].bbox[1] -= 4.0;
        words.extend(specked);
        let g = glyphs(&words, &[]);
        assert!(
            g.iter().all(|g| g.size == 10.0),
            "{:?}",
            g.iter().map(|g| g.size).collect::<Vec<_>>()
        );
        // A title's line (twice as tall) keeps its own size.
        words.extend(line(8, 300.0, 19.2, 2));
        let g = glyphs(&words, &[]);
        assert_eq!(g.last().map(|g| g.size), Some(19.0));
    }

    #[test]
    fn specks_read_as_punctuation_are_dropped() {
        let mut w = parse_tsv(TSV);
        // A colon after "madame", and a speck read as one.
        let madame = w[1].clone();
        let colon = |x: f32, side: f32| Word {
            text: ":".into(),
            bbox: [x, 100.0, x + side, 100.0 + side * 3.0],
            ..madame.clone()
        };
        w.push(colon(madame.bbox[2] + 3.0, 1.7));
        w.push(colon(madame.bbox[2] + 20.0, 0.4));
        let texts: Vec<String> = glyphs(&w, &[]).into_iter().map(|g| g.text).collect();
        assert_eq!(texts, ["Bonjour", "madame", "Suite", ":"]);
    }

    /// A word of confidence `confidence` at (x, y) points, 20 × 8 pt.
    fn word(text: &str, x: f32, y: f32, confidence: f32) -> Word {
        Word {
            text: text.into(),
            bbox: [x, y, x + 20.0, y + 8.0],
            confidence,
            line: (1, 1, 1),
        }
    }

    #[test]
    fn garbled_cells_are_read_again_and_kept_where_surer() {
        let px = |pt: f32| (pt * PIXELS_PER_POINT) as usize;
        // Two cells side by side, 100 × 40 pt; a third with no words.
        let cells = [
            [px(0.0), px(0.0), px(100.0), px(40.0)],
            [px(100.0), px(0.0), px(200.0), px(40.0)],
            [px(0.0), px(40.0), px(100.0), px(80.0)],
        ];
        let mut words = vec![
            word("ane", 10.0, 10.0, 40.0),
            word("ppge", 40.0, 10.0, 60.0),
            word("Clair", 110.0, 10.0, 95.0),
        ];
        let garbled = garbled_cells(&cells, &words);
        assert_eq!(garbled, vec![(cells[0], 50.0)]);
        // A new reading still garbled is not kept.
        let mut kept = words.clone();
        keep_surer(
            &mut kept,
            &garbled,
            vec![vec![word("ee", 10.0, 10.0, 70.0)]],
        );
        assert_eq!(kept, words);
        // A clean one replaces the cell's words, on a line of its own.
        let again = vec![vec![
            word("Thématique", 10.0, 10.0, 92.0),
            word("concernée", 40.0, 10.0, 90.0),
        ]];
        keep_surer(&mut words, &garbled, again);
        let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["Clair", "Thématique", "concernée"]);
        assert!(words[1].line.0 > CELL_BLOCKS);
        assert_eq!(words[1].line, words[2].line);
    }

    #[test]
    fn pieces_of_a_picture_read_as_letters_are_dropped() {
        let mut w = parse_tsv(TSV);
        // Alone on a line of its own: "B," at 34 % is a logo's piece; "4" is a count.
        let first = w[0].clone();
        let alone = |text: &str, line: u32| Word {
            text: text.into(),
            confidence: 34.0,
            line: (9, 1, line),
            ..first.clone()
        };
        w.push(alone("B,", 1));
        w.push(alone("4", 2));
        // Beside other words, an unsure "de" is text.
        w[1].text = "de".into();
        w[1].confidence = 30.0;
        let texts: Vec<String> = glyphs(&w, &[]).into_iter().map(|g| g.text).collect();
        assert_eq!(texts, ["Bonjour", "de", "Suite", "4"]);
    }

    #[test]
    fn box_glyphs_read_as_a_character_are_dropped() {
        // "¤ Distanciel" read as "5" (37 %), a square of 4.6 pt, then its label.
        let label = word("Distanciel", 403.0, 153.6, 92.0);
        let mut glyph = word("5", 395.0, 154.6, 37.0);
        glyph.bbox = [395.0, 154.6, 399.6, 159.1];
        let texts =
            |w: &[Word]| -> Vec<String> { glyphs(w, &[]).into_iter().map(|g| g.text).collect() };
        assert_eq!(texts(&[glyph.clone(), label.clone()]), ["Distanciel"]);
        // Read surely, or as tall as a digit, or after another word, it is text.
        let sure = Word {
            confidence: 90.0,
            ..glyph.clone()
        };
        assert_eq!(texts(&[sure, label.clone()]), ["5", "Distanciel"]);
        let tall = Word {
            bbox: [395.0, 153.0, 399.6, 159.1],
            ..glyph.clone()
        };
        assert_eq!(texts(&[tall, label.clone()]), ["5", "Distanciel"]);
        let before = word("Salle", 370.0, 153.6, 95.0);
        assert_eq!(texts(&[before, glyph, label]), ["Salle", "5", "Distanciel"]);
    }

    #[test]
    fn overlapping_words_of_a_line_stay_apart() {
        // "N°" read with a box over the "4" after it.
        let mut n = word("N°", 66.7, 247.9, 90.0);
        n.bbox[2] = 84.0;
        let mut four = word("4", 78.2, 247.0, 90.0);
        four.bbox[2] = 84.7;
        let g = glyphs(&[n, four], &[]);
        assert!(g[1].bbox[0] - g[0].bbox[2] >= OCR_WORD_GAP_EM * g[0].size - 1e-3);
        assert_eq!(g[0].bbox[0], 66.7);
    }

    #[test]
    fn a_theme_number_gets_its_spaces() {
        for (read, want) in [
            ("N°4", "N° 4"),
            ("N°4-", "N° 4 -"),
            ("N°12", "N° 12"),
            ("N°", "N°"),
            ("N°a", "N°a"),
            ("N°4.", "N° 4."),
            ("Nom", "Nom"),
        ] {
            assert_eq!(number_sign(read), want, "{read}");
        }
    }

    #[test]
    fn numbers_read_alone() {
        for (text, number) in [
            ("1:", true),
            ("12", true),
            ("4.", true),
            (":", false),
            ("1a", false),
        ] {
            assert_eq!(is_number(text), number, "{text}");
        }
    }

    #[test]
    fn a_slash_is_text_away_from_rulings() {
        let mut w = parse_tsv(TSV);
        // "Bonjour / madame", and a slash on a cell's border.
        let slash = |x: f32| Word {
            text: "/".into(),
            bbox: [x, w[0].bbox[1], x + 2.0, w[0].bbox[3]],
            ..w[0].clone()
        };
        let between = slash(w[0].bbox[2] + 3.0);
        let on_border = slash(300.0);
        w.insert(1, between);
        w.push(on_border);
        let border = (301.0, 0.0, 1000.0);
        let texts: Vec<String> = glyphs(&w, &[border]).into_iter().map(|g| g.text).collect();
        assert_eq!(texts, ["Bonjour", "/", "madame", "Suite"]);
    }

    #[test]
    fn words_of_a_list_of_images_know_their_image() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext
5\t1\t1\t1\t1\t1\t0\t0\t10\t10\t95\t4
5\t2\t1\t1\t1\t1\t0\t0\t10\t10\t90\tà
";
        let w = parse_tsv_pages(tsv);
        assert_eq!(w.iter().map(|(p, _)| *p).collect::<Vec<_>>(), vec![1, 2]);
        assert_eq!(w[1].1.text, "à");
    }
}
