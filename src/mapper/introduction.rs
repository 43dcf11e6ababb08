//! The introduction table: région, session, format, animateurs, participants.
//!
//! The table is read row by row: the label in the first column (a vertically merged
//! label covers every row it spans) says what the other cells hold. A table split in
//! two, or rows added or removed, read the same.

use super::content::{checkbox_segments, leading_checkbox};
use super::labels::{contains_phrase, strip_label};
use super::Warnings;
use crate::model::{Paragraph, Table};
use crate::normalize::numbers::{CountValue, parse_count};
use crate::normalize::{dates, names, text};
use crate::output::{PARTICIPANT_CATEGORIES, Animateurs, Format, FormatValue, Participant, Session, WarningCode};

pub struct Introduction {
    pub region: Option<String>,
    pub session: Session,
    pub format: Format,
    pub animateurs: Animateurs,
    pub participants: Vec<Participant>,
    pub total_participants: Option<u64>,
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum RowLabel {
    Region,
    Session,
    Format,
    Animateurs,
    Participants,
}

const REGION: &[&str] = &["region academique", "nom de la region", "academie"];
const SESSION: &[&str] = &["date s et lieu x", "dates et lieux", "date et lieu", "date s", "lieu x de la session"];
const FORMAT: &[&str] = &["format de la session", "format"];
const ANIMATEURS: &[&str] = &["animateurs", "animateur", "animatrices", "animation"];

/// The words that recognize each participant category's label, in the form's order
/// (the order of `output::PARTICIPANT_CATEGORIES`, which holds their codes).
const CATEGORY_WORDS: [&[&str]; 9] = [
    &["premier degre", "1er degre", "primaire"],
    &["second degre", "2nd degre", "seconde degre", "secondaire"],
    &["representants academiques", "representant academique"],
    &["usagers"],
    &["associations", "collectifs"],
    &["elus", "collectivites"],
    &["chercheurs", "chercheur", "recherche"],
    &["operateurs", "operateur"],
    &["edtech", "ed tech"],
];

/// The order labels are tried in: "Élus, cadres et représentants d'association…" must
/// not read as "Associations".
const MATCH_ORDER: [usize; 9] = [0, 1, 2, 3, 5, 4, 6, 7, 8];

fn row_label(folded: &str) -> Option<RowLabel> {
    if folded.is_empty() {
        return None;
    }
    if contains_phrase(folded, &["participants a la session"]) || folded.starts_with("participants") {
        Some(RowLabel::Participants)
    } else if contains_phrase(folded, REGION) {
        Some(RowLabel::Region)
    } else if contains_phrase(folded, SESSION) || (folded.contains("date") && folded.contains("session")) {
        Some(RowLabel::Session)
    } else if contains_phrase(folded, FORMAT) && !folded.contains("presentiel") {
        Some(RowLabel::Format)
    } else if contains_phrase(folded, ANIMATEURS) && folded.split(' ').count() <= 6 {
        Some(RowLabel::Animateurs)
    } else {
        None
    }
}

/// Is this the introduction table (or a part of it)?
pub fn is_introduction(table: &Table) -> bool {
    let mut labels = 0;
    let mut categories = 0;
    for row in &table.rows {
        if let Some(first) = row.cells.first()
            && first.col == 0
            && row_label(&text::fold(&first.text())).is_some()
        {
            labels += 1;
        }
        for cell in &row.cells {
            for p in cell.paragraphs() {
                if let Some((_, label)) = leading_checkbox(p)
                    && category_of(&text::fold(&label)).is_some()
                {
                    categories += 1;
                }
            }
        }
    }
    labels >= 2 || categories >= 3
}

fn category_of(folded: &str) -> Option<usize> {
    MATCH_ORDER.into_iter().find(|i| CATEGORY_WORDS.get(*i).is_some_and(|words| contains_phrase(folded, words)))
}

/// A row of the table as the mapper sees it: its label and the paragraphs of the other
/// cells starting in that row.
struct LogicalRow<'a> {
    label: Option<RowLabel>,
    values: Vec<&'a Paragraph>,
}

fn logical_rows<'a>(tables: &[&'a Table]) -> Vec<LogicalRow<'a>> {
    let mut rows = Vec::new();
    for table in tables {
        for (r, row) in table.rows.iter().enumerate() {
            let label_cell = table.cell_at(r, 0);
            let label = label_cell.and_then(|(_, c)| row_label(&text::fold(&c.text())));
            let mut values = Vec::new();
            for cell in &row.cells {
                let is_label = cell.col == 0 && label.is_some();
                if !is_label {
                    values.extend(cell.paragraphs());
                }
            }
            rows.push(LogicalRow { label, values });
        }
    }
    rows
}

pub fn read(tables: &[&Table], paragraphs: &[&Paragraph], warnings: &mut Warnings) -> Introduction {
    let rows = logical_rows(tables);
    let values_of = |label: RowLabel| -> Option<Vec<&Paragraph>> {
        let found: Vec<&Paragraph> =
            rows.iter().filter(|r| r.label == Some(label)).flat_map(|r| r.values.iter().copied()).collect();
        let present = rows.iter().any(|r| r.label == Some(label));
        present.then_some(found)
    };

    let region = read_region(values_of(RowLabel::Region).or_else(|| labelled_paragraphs(paragraphs, REGION)), warnings);
    let session = read_session(values_of(RowLabel::Session).or_else(|| labelled_paragraphs(paragraphs, SESSION)), warnings);
    let format = read_format(&rows, warnings);
    let animateurs =
        read_animateurs(values_of(RowLabel::Animateurs).or_else(|| labelled_paragraphs(paragraphs, ANIMATEURS)), warnings);
    let participants = read_participants(&rows, !tables.is_empty(), warnings);
    let counts: Vec<u64> = participants.iter().filter_map(|p| p.nombre_participants).collect();
    let total_participants = if counts.is_empty() { None } else { Some(counts.iter().sum()) };
    Introduction { region, session, format, animateurs, participants, total_participants }
}

/// Without a table: a paragraph "Label : value" (or the label alone, the value in the
/// next paragraph).
fn labelled_paragraphs<'a>(paragraphs: &[&'a Paragraph], labels: &[&str]) -> Option<Vec<&'a Paragraph>> {
    for (i, p) in paragraphs.iter().enumerate() {
        let t = p.text();
        if let Some(rest) = strip_label(t.trim(), labels) {
            if !rest.trim().is_empty() {
                return Some(vec![*p]);
            }
            return paragraphs.get(i + 1).map(|n| vec![*n]);
        }
    }
    None
}

/// The texts of value paragraphs, each with a label repeated at its start removed.
fn value_parts(values: &[&Paragraph], labels: &[&str]) -> Vec<String> {
    values
        .iter()
        .map(|p| {
            let t = p.text();
            strip_label(t.trim(), labels).map(str::to_string).unwrap_or(t)
        })
        .collect()
}

/// The value paragraphs as one cleaned text.
fn value_text(values: &[&Paragraph], labels: &[&str]) -> String {
    text::clean(&value_parts(values, labels).join(" "))
}

fn read_region(values: Option<Vec<&Paragraph>>, warnings: &mut Warnings) -> Option<String> {
    let Some(values) = values else {
        warnings.add(WarningCode::SectionAbsente, "region_academique", "ligne « Nom de la Région académique » introuvable");
        return None;
    };
    let value = value_text(&values, REGION);
    if value.is_empty() || text::is_placeholder(&value) {
        warnings.add(WarningCode::ChampNonRempli, "region_academique", "région académique non renseignée");
        return None;
    }
    Some(value)
}

fn read_session(values: Option<Vec<&Paragraph>>, warnings: &mut Warnings) -> Session {
    let Some(values) = values else {
        warnings.add(WarningCode::SectionAbsente, "session", "ligne « Date(s) et lieu(x) de la session » introuvable");
        return Session::default();
    };
    let texte = value_text(&values, SESSION);
    if texte.is_empty() || text::is_placeholder(&texte) {
        warnings.add(WarningCode::ChampNonRempli, "session.texte", "date et lieu de la session non renseignés");
        return Session::default();
    }
    let atelier = values.iter().find_map(|p| {
        let t = p.text();
        // ASCII lower case keeps byte offsets (`to_lowercase` does not: `İ` grows), so
        // `at` is an offset into `t` too.
        let lower = t.to_ascii_lowercase();
        let at = lower.find("atelier")?;
        let rest = strip_label(&t[at..], &["atelier"])?;
        let value = text::clean(rest);
        (!value.is_empty() && !text::is_placeholder(&value)).then_some(value)
    });
    let year = document_year(&texte);
    let (dates, deduced) = dates::parse_dates(&texte, Some(year));
    if deduced {
        warnings.add(WarningCode::AnneeDeduite, "session.dates", format!("année {year} déduite du document"));
    }
    Session { texte: Some(texte), dates, atelier }
}

/// The year a date without one belongs to: a year written in the same text, else 2020,
/// the year of the États généraux (the form's cover says "Octobre 2020").
fn document_year(s: &str) -> i32 {
    static YEAR: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?:^|[^0-9])((?:19|20)[0-9]{2})(?:$|[^0-9])").unwrap_or_else(|_| unreachable!("constant regex"))
    });
    YEAR.captures(s).and_then(|c| c.get(1)).and_then(|m| m.as_str().parse().ok()).unwrap_or(2020)
}

fn read_format(rows: &[LogicalRow<'_>], warnings: &mut Warnings) -> Format {
    let mut format = Format::default();
    let in_format_rows: Vec<&Paragraph> =
        rows.iter().filter(|r| r.label == Some(RowLabel::Format)).flat_map(|r| r.values.iter().copied()).collect();
    let candidates: Vec<&Paragraph> = if in_format_rows.is_empty() {
        rows.iter().flat_map(|r| r.values.iter().copied()).collect()
    } else {
        in_format_rows
    };
    // (slot, state, had a box): an option written without any box is unchecked when
    // another option of the group is marked (a typed X beside one label).
    let mut options: Vec<(usize, Option<bool>, bool)> = Vec::new();
    let segments = candidates.iter().flat_map(|p| checkbox_segments(p));
    for (boxed, whole) in segments {
        let (state, label, boxed) = match boxed {
            Some((state, label)) => (state, label, true),
            None => (None, whole, false),
        };
        let f = text::fold(&label);
        let slot = if f.starts_with("presentiel") {
            0
        } else if f.starts_with("distanciel") {
            1
        } else if f.starts_with("les 2") || f.starts_with("les deux") || f.starts_with("hybride") {
            2
        } else {
            continue;
        };
        if !options.iter().any(|(s, _, _)| *s == slot) {
            options.push((slot, state, boxed));
        }
    }
    let group_marked = options.iter().any(|(_, state, boxed)| *boxed && state.is_some());
    for (slot, state, boxed) in options {
        let state = if !boxed && group_marked { Some(false) } else { state };
        let (field, champ) = match slot {
            0 => (&mut format.presentiel, "format.presentiel"),
            1 => (&mut format.distanciel, "format.distanciel"),
            _ => (&mut format.les_deux, "format.les_deux"),
        };
        *field = state;
        if state.is_none() {
            warnings.add(WarningCode::CaseIndecise, champ, "case à cocher illisible");
        }
    }
    let (p, d, b) =
        (format.presentiel == Some(true), format.distanciel == Some(true), format.les_deux == Some(true));
    format.valeur = match (p, d, b) {
        (_, _, true) | (true, true, _) => Some(FormatValue::Hybride),
        (true, false, false) => Some(FormatValue::Presentiel),
        (false, true, false) => Some(FormatValue::Distanciel),
        _ => None,
    };
    format
}

fn read_animateurs(values: Option<Vec<&Paragraph>>, warnings: &mut Warnings) -> Animateurs {
    let Some(values) = values else {
        warnings.add(WarningCode::SectionAbsente, "animateurs", "ligne « Animateurs de la session » introuvable");
        return Animateurs::default();
    };
    let raw = value_parts(&values, ANIMATEURS);
    let texte = text::clean(&raw.join(" "));
    if texte.is_empty() || text::is_placeholder(&texte) {
        warnings.add(WarningCode::ChampNonRempli, "animateurs.texte", "animateurs non renseignés");
        return Animateurs::default();
    }
    // Paragraphs are separate names too: split on line breaks between them.
    let noms = names::split_names(&raw.join("\n"));
    Animateurs { texte: Some(texte), noms }
}

#[derive(Default)]
struct CategoryRead {
    libelle: Option<String>,
    coche: Option<bool>,
    /// The label was written without any box.
    boxless: bool,
    participants: Option<String>,
    etablissements: Option<String>,
}

const COUNT_PARTICIPANTS: &[&str] = &["nombre de participants", "nb de participants", "nombre participants", "participants"];
const COUNT_ETABLISSEMENTS: &[&str] = &[
    "nombre d etablissements representes",
    "nombre d etablissements",
    "nb d etablissements",
    "etablissements representes",
];

fn read_participants(rows: &[LogicalRow<'_>], has_table: bool, warnings: &mut Warnings) -> Vec<Participant> {
    let mut found: Vec<CategoryRead> = (0..PARTICIPANT_CATEGORIES.len()).map(|_| CategoryRead::default()).collect();
    for row in rows {
        if !matches!(row.label, Some(RowLabel::Participants) | None) {
            continue;
        }
        let mut current: Option<usize> = None;
        for p in &row.values {
            for segment in split_counts(p) {
                let seg_text = segment.text();
                let f = text::fold(&seg_text);
                if let Some(rest) = strip_label(seg_text.trim(), COUNT_ETABLISSEMENTS) {
                    if let Some(c) = current.and_then(|i| found.get_mut(i)) {
                        c.etablissements.get_or_insert_with(|| rest.to_string());
                    }
                    continue;
                }
                if f.starts_with("nombre") || f.starts_with("nb ") {
                    if let Some(rest) = strip_label(seg_text.trim(), COUNT_PARTICIPANTS)
                        && let Some(c) = current.and_then(|i| found.get_mut(i))
                    {
                        c.participants.get_or_insert_with(|| rest.to_string());
                    }
                    continue;
                }
                let boxed = leading_checkbox(&segment);
                let label = boxed.as_ref().map(|(_, l)| l.clone()).unwrap_or_else(|| text::clean(&seg_text));
                if let Some(i) = category_of(&text::fold(&label))
                    && let Some(c) = found.get_mut(i)
                    && c.libelle.is_none()
                {
                    c.libelle = Some(label);
                    c.boxless = boxed.is_none();
                    c.coche = boxed.and_then(|(s, _)| s);
                    current = Some(i);
                }
            }
        }
    }

    let group_marked = found.iter().any(|c| !c.boxless && c.coche.is_some());
    let mut out = Vec::with_capacity(PARTICIPANT_CATEGORIES.len());
    for (i, (code, read)) in PARTICIPANT_CATEGORIES.iter().copied().zip(found).enumerate() {
        let champ = format!("participants[{i}]");
        if read.libelle.is_none() && has_table {
            warnings.add(WarningCode::SectionAbsente, &champ, format!("catégorie « {code} » introuvable"));
        }
        let coche = if read.boxless && group_marked { Some(false) } else { read.coche };
        if read.libelle.is_some() && coche.is_none() {
            warnings.add(WarningCode::CaseIndecise, format!("{champ}.coche"), "case à cocher illisible");
        }
        let participants = count(read.participants.as_deref(), &format!("{champ}.nombre_participants"), coche, warnings);
        let etablissements =
            count(read.etablissements.as_deref(), &format!("{champ}.nombre_etablissements"), coche, warnings);
        let has_count = participants.is_some() || etablissements.is_some();
        match coche {
            Some(false) if has_count => warnings.add(
                WarningCode::CocheIncoherente,
                format!("{champ}.coche"),
                "un nombre est indiqué mais la case n'est pas cochée",
            ),
            Some(true) if !has_count => warnings.add(
                WarningCode::CocheIncoherente,
                format!("{champ}.coche"),
                "la case est cochée mais aucun nombre n'est indiqué",
            ),
            _ => {}
        }
        out.push(Participant {
            categorie: code.to_string(),
            libelle: read.libelle,
            coche,
            nombre_participants: participants,
            nombre_etablissements: etablissements,
        });
    }
    out
}

/// A count beside a category. Placeholders are silent (the coche check reports a
/// checked box left without a count).
fn count(raw: Option<&str>, champ: &str, coche: Option<bool>, warnings: &mut Warnings) -> Option<u64> {
    let raw = raw?;
    let shown = text::clean(raw);
    match parse_count(&shown) {
        CountValue::Exact(n) => Some(n),
        CountValue::Approximate(n) => {
            warnings.add(WarningCode::NombreApproximatif, champ, format!("« {shown} » : nombre approximatif"));
            Some(n)
        }
        CountValue::Unreadable => {
            if coche != Some(false) {
                warnings.add(WarningCode::NombreIllisible, champ, format!("« {shown} » n'est pas un nombre"));
            }
            None
        }
        CountValue::Empty | CountValue::Placeholder => None,
    }
}

/// A paragraph cut where a "Nombre d…" label starts, so that a count written on the same
/// line as the category (or two counts on one line) is read apart.
fn split_counts(p: &Paragraph) -> Vec<Paragraph> {
    let t = p.text();
    // ASCII lower case keeps byte offsets, so the cuts are offsets into `t` too.
    let lower = t.to_ascii_lowercase();
    let mut cuts: Vec<usize> = lower.match_indices("nombre d").map(|(i, _)| i).filter(|i| *i > 0).collect();
    cuts.extend(lower.match_indices("nb d").map(|(i, _)| i).filter(|i| *i > 0));
    cuts.sort_unstable();
    if cuts.is_empty() {
        return vec![p.clone()];
    }
    // The first segment keeps the paragraph's inline checkbox; the others are text.
    let mut out = Vec::new();
    let mut first = p.clone();
    let head = &t[..cuts[0]];
    first.inlines.retain(|i| !matches!(i, crate::model::Inline::Text { .. } | crate::model::Inline::Choice { .. }));
    first.push_text(head, false);
    out.push(first);
    for (k, start) in cuts.iter().enumerate() {
        let end = cuts.get(k + 1).copied().unwrap_or(t.len());
        let mut seg = Paragraph { origin: p.origin.clone(), ..Paragraph::default() };
        seg.push_text(&t[*start..end], false);
        out.push(seg);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(t: &str) -> Paragraph {
        let mut p = Paragraph::default();
        p.push_text(t, false);
        p
    }

    /// Letters whose lower case is longer in UTF-8 (`İ` → `i̇`) must not shift the cuts.
    #[test]
    fn counts_after_growing_lower_case() {
        let p = para("İİİİİİ Nombre de participants : 12");
        let segments = split_counts(&p);
        assert_eq!(segments.len(), 2);
        assert_eq!(segments[1].text(), "Nombre de participants : 12");
    }

    #[test]
    fn atelier_after_growing_lower_case() {
        let p = para("İİİİİİİİ le 5 octobre 2020, atelier 3");
        let session = read_session(Some(vec![&p]), &mut Warnings::default());
        assert_eq!(session.atelier.as_deref(), Some("3"));
    }
}
