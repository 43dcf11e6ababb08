//! What the mapper read and where from: the paragraphs that fields took (what no field
//! took is reported as `texte_non_repris`, SPEC "Nothing lost"), and the place of every
//! leaf value (`provenance`).

use std::collections::{HashMap, HashSet};

use super::template;
use crate::model::{Block, Document, Origin, Paragraph};
use crate::normalize::text;
use crate::output::{Origine, Provenance, UnplacedText};

/// Where one leaf value was read.
enum Source<'a> {
    /// The text of these paragraphs.
    Text(Vec<&'a Paragraph>),
    /// The `index`-th box of a paragraph (`Paragraph::box_zones`).
    Checkbox(&'a Paragraph, usize),
}

/// Side of the square given to a box typed as a letter (`X Présentiel`), in points: about
/// one line of text.
const TYPED_MARK_SIDE: f32 = 14.0;

/// Longest name of a région académique, in words, as the cover prints it.
const COVER_NAME_WORDS: usize = 6;

#[derive(Default)]
pub struct Trace<'a> {
    /// Paragraphs a field read: its value, or its placeholder left as the form had it.
    taken: HashSet<*const Paragraph>,
    /// Leaf paths and their sources, in the order the fields were read.
    leaves: Vec<(String, Source<'a>)>,
}

impl<'a> Trace<'a> {
    /// A paragraph that a field read (or recognized as the field left empty).
    pub fn take(&mut self, p: &'a Paragraph) {
        self.taken.insert(p as *const Paragraph);
    }

    pub fn take_all(&mut self, ps: &[&'a Paragraph]) {
        ps.iter().for_each(|p| self.take(p));
    }

    /// A leaf value at `path`, read from the text of `from`.
    pub fn leaf(&mut self, path: impl Into<String>, from: &[&'a Paragraph]) {
        if from.is_empty() {
            return;
        }
        self.take_all(from);
        self.leaves.push((path.into(), Source::Text(from.to_vec())));
    }

    /// A checkbox at `path`: the `index`-th box of `p`.
    pub fn checkbox(&mut self, path: impl Into<String>, p: &'a Paragraph, index: usize) {
        self.take(p);
        self.leaves.push((path.into(), Source::Checkbox(p, index)));
    }

    /// `provenance`: every recorded leaf with its ORIGINE, in field order, the paths kept
    /// only where `keep` says the value is not null.
    pub fn provenance(&self, places: &Places, keep: impl Fn(&str) -> bool) -> Provenance {
        let mut out = Vec::new();
        for (path, source) in &self.leaves {
            if !keep(path) || out.iter().any(|(p, _)| p == path) {
                continue;
            }
            let origine = match source {
                Source::Text(ps) => places.origine_of_text(ps),
                Source::Checkbox(p, index) => places.origine_of_box(p, *index),
            };
            out.push((path.clone(), origine));
        }
        Provenance(out)
    }

    /// `texte_non_repris`: the words of every paragraph no field took that are not the
    /// form's own text, in document order.
    pub fn unplaced(&self, places: &Places, also_form: impl Fn(&str) -> bool) -> Vec<UnplacedText> {
        let mut out = Vec::new();
        let mut after_region_heading = false;
        for p in &places.order {
            let t = p.text();
            if t.trim().is_empty() {
                continue;
            }
            // The cover names the région under its "RÉGION ACADÉMIQUE" heading.
            let cover_region = std::mem::replace(
                &mut after_region_heading,
                text::fold(&t) == "region academique",
            );
            if self.taken.contains(&(*p as *const Paragraph))
                || (cover_region && t.split_whitespace().count() <= COVER_NAME_WORDS)
            {
                continue;
            }
            for texte in template::added_text(&t) {
                if !also_form(&texte) {
                    out.push(UnplacedText {
                        texte,
                        origine: places.origine_of_text(&[p]),
                    });
                }
            }
        }
        out
    }
}

/// Every paragraph of the document in reading order with its `chemin`, a readable place
/// in the model's structure (`tableau 3 › ligne 2 › colonne 4 › paragraphe 1`), the
/// same whatever the format.
pub struct Places<'a> {
    /// Paragraphs in reading order, and their `chemin` at the same index.
    order: Vec<&'a Paragraph>,
    chemins: Vec<String>,
    index: HashMap<*const Paragraph, usize>,
}

impl<'a> Places<'a> {
    pub fn of(document: &'a Document) -> Self {
        let mut places = Places {
            order: Vec::new(),
            chemins: Vec::new(),
            index: HashMap::new(),
        };
        let mut tables = 0;
        places.walk(&document.blocks, "", &mut tables);
        for (n, p) in document.notes.iter().enumerate() {
            places
                .index
                .insert(p as *const Paragraph, places.order.len());
            places.order.push(p);
            places
                .chemins
                .push(format!("notes et commentaires › paragraphe {}", n + 1));
        }
        places
    }

    fn walk(&mut self, blocks: &'a [Block], prefix: &str, tables: &mut usize) {
        let mut paragraphs = 0;
        for block in blocks {
            match block {
                Block::Paragraph(p) => {
                    paragraphs += 1;
                    let chemin = format!("{prefix}paragraphe {paragraphs}");
                    self.index.insert(p as *const Paragraph, self.order.len());
                    self.order.push(p);
                    self.chemins.push(chemin);
                }
                Block::Table(t) => {
                    *tables += 1;
                    let table = *tables;
                    for (r, row) in t.rows.iter().enumerate() {
                        for cell in &row.cells {
                            let inner = format!(
                                "{prefix}tableau {table} › ligne {} › colonne {} › ",
                                r + 1,
                                cell.col + 1
                            );
                            self.walk(&cell.blocks, &inner, tables);
                        }
                    }
                }
            }
        }
    }

    /// Every paragraph in reading order with its `chemin` (what `Origine::chemin` says).
    pub fn paragraphs(&self) -> impl Iterator<Item = (&'a Paragraph, &str)> + '_ {
        self.order
            .iter()
            .copied()
            .zip(self.chemins.iter().map(String::as_str))
    }

    fn chemin(&self, p: &Paragraph) -> String {
        self.index
            .get(&(p as *const Paragraph))
            .and_then(|i| self.chemins.get(*i))
            .cloned()
            .unwrap_or_default()
    }

    /// The place of text read from `ps`: the first paragraph's page, the box around those
    /// of its paragraphs on that page.
    fn origine_of_text(&self, ps: &[&Paragraph]) -> Origine {
        let chemin = ps.first().map(|p| self.chemin(p)).unwrap_or_default();
        let mut page = None;
        let mut zone: Option<[f32; 4]> = None;
        for p in ps {
            if let Origin::Pdf { page: n, bbox } = &p.origin {
                if page.is_some_and(|first| first != *n) {
                    continue;
                }
                page = Some(*n);
                zone = Some(match zone {
                    Some(z) => [
                        z[0].min(bbox[0]),
                        z[1].min(bbox[1]),
                        z[2].max(bbox[2]),
                        z[3].max(bbox[3]),
                    ],
                    None => *bbox,
                });
            }
        }
        Origine {
            page,
            zone: zone.map(rounded),
            chemin,
        }
    }

    /// The place of a paragraph's `index`-th box: its own rectangle where the reader gave
    /// one, else the paragraph's.
    fn origine_of_box(&self, p: &Paragraph, index: usize) -> Origine {
        let mut origine = self.origine_of_text(&[p]);
        origine.zone = match (&p.origin, p.box_zones.get(index)) {
            (Origin::Pdf { .. }, Some(zone)) => Some(rounded(*zone)),
            // A mark typed as text (an X before the label) starts the paragraph: the
            // square at the start of its first line.
            (Origin::Pdf { bbox, .. }, None) => {
                let side = (bbox[3] - bbox[1])
                    .min(bbox[2] - bbox[0])
                    .min(TYPED_MARK_SIDE);
                Some(rounded([bbox[0], bbox[1], bbox[0] + side, bbox[1] + side]))
            }
            _ => origine.zone,
        };
        origine
    }
}

/// A zone in points rounded to 0.1 (SPEC `ORIGINE`).
fn rounded(zone: [f32; 4]) -> [f64; 4] {
    zone.map(|v| (f64::from(v) * 10.0).round() / 10.0)
}

/// The same text, compared loosely (folded), for the cover's région name.
pub fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (text::fold(a), text::fold(b));
    !a.is_empty() && a == b
}
