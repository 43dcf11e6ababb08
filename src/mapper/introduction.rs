//! The introduction table: région, session, format, animateurs, participants.
//!
//! The table is read row by row: the label in the first column (a vertically merged
//! label covers every row it spans) says what the other cells hold. A table split in
//! two, or rows added or removed, read the same.

use super::content::{Labelled, labelled_boxes, leading_checkbox};
use super::labels::{
    contains_phrase, match_label, starts_with_phrase, strip_interleaved_label, strip_label,
    unabbreviated,
};
use super::{Trace, Warnings};
use crate::model::{Paragraph, Table};
use crate::normalize::numbers::{CountValue, parse_count};
use crate::normalize::{dates, names, text};
use crate::output::{
    Animateurs, Format, FormatValue, PARTICIPANT_CATEGORIES, Participant, Session, WarningCode,
};

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

// Each list holds the label's forms, longest first: the whole label is removed from a
// value that repeats it ("Animateurs de la session : …").
const REGION: &[&str] = &[
    "nom de la region academique",
    "region academique",
    "nom de la region",
    "academie",
];
const SESSION: &[&str] = &[
    "date s et lieu x de la session",
    "dates et lieux de la session",
    "date et lieu de la session",
    "date s et lieu x",
    "dates et lieux",
    "date et lieu",
    "date s",
    "lieu x de la session",
];
const FORMAT: &[&str] = &["format de la session", "format"];
const ANIMATEURS: &[&str] = &[
    "animateurs de la session",
    "animateur de la session",
    "animatrices de la session",
    "animateurs",
    "animateur",
    "animatrices",
    "animation",
];

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
    // A label that starts the text is that label, whatever the value after it says
    // ("Animateurs : Jeanne Roux (DRANE, région académique)").
    let starting = [
        (RowLabel::Region, REGION),
        (RowLabel::Session, SESSION),
        (RowLabel::Format, FORMAT),
        (RowLabel::Animateurs, ANIMATEURS),
    ]
    .into_iter()
    .find(|(_, forms)| starts_with_phrase(folded, forms))
    .map(|(label, _)| label);
    if starting.is_some() && !starts_with_phrase(folded, &["participants"]) {
        return starting;
    }
    if contains_phrase(folded, &["participants a la session"])
        || starts_with_phrase(folded, &["participants"])
    {
        Some(RowLabel::Participants)
    } else if contains_phrase(folded, REGION) {
        Some(RowLabel::Region)
    } else if contains_phrase(folded, SESSION)
        || (folded.contains("date") && folded.contains("session"))
    {
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

/// How many of the introduction's distinct labels the document shows, in its tables or
/// as paragraphs of their own (a table the reader could not see as one), and one more
/// when at least three participant categories stand beside boxes.
pub fn evidence(tables: &[&Table], paragraphs: &[&Paragraph]) -> usize {
    let rows = logical_rows(tables);
    let short_paragraphs = paragraphs.iter().filter_map(|p| {
        let (lead, words) = super::labels::lead(&p.text());
        (words <= LABEL_WORDS).then(|| row_label(&lead)).flatten()
    });
    let mut labels: Vec<RowLabel> = rows
        .iter()
        .filter_map(|r| r.label)
        .chain(short_paragraphs)
        .collect();
    labels.sort_by_key(|l| *l as u8);
    labels.dedup();
    let boxed_categories = rows
        .iter()
        .flat_map(|r| labelled_boxes(&r.values))
        .chain(labelled_boxes(paragraphs))
        .filter(|l| l.boxed && category_of(&text::fold(&l.label)).is_some())
        .count();
    labels.len() + usize::from(boxed_categories >= 3)
}

/// A paragraph this short may be a label of the introduction (with its value after it).
const LABEL_WORDS: usize = 12;

fn category_of(folded: &str) -> Option<usize> {
    MATCH_ORDER.into_iter().find(|i| {
        CATEGORY_WORDS
            .get(*i)
            .is_some_and(|words| contains_phrase(folded, words))
    })
}

/// A row of the table as the mapper sees it: its label and the paragraphs of the other
/// cells starting in that row.
struct LogicalRow<'a> {
    label: Option<RowLabel>,
    values: Vec<&'a Paragraph>,
    /// The paragraphs of the label cell that hold nothing but the label (however it was
    /// retyped): the form's text, not text a person added.
    labels: Vec<&'a Paragraph>,
}

/// The printed forms of a row's label (the participants' label ends the row's forms).
fn label_forms(label: RowLabel) -> &'static [&'static str] {
    match label {
        RowLabel::Region => REGION,
        RowLabel::Session => SESSION,
        RowLabel::Format => FORMAT,
        RowLabel::Animateurs => ANIMATEURS,
        RowLabel::Participants => &["participants a la session", "participants"],
    }
}

/// Does `p` hold only `label` (with punctuation around it: "Nom de la région ?")?
fn only_label(p: &Paragraph, label: RowLabel) -> bool {
    let t = p.text();
    strip_label(t.trim(), label_forms(label))
        .is_some_and(|rest| !rest.chars().any(char::is_alphanumeric))
}

/// The rows of the introduction's tables. A row whose first cell is empty continues the
/// row above (a label merged over several rows, however the producer drew the merge); a
/// label cell that also holds the value (`Nom de la Région académique : Corse`) gives it
/// when the rest of the row is empty.
fn logical_rows<'a>(tables: &[&'a Table]) -> Vec<LogicalRow<'a>> {
    let mut rows = Vec::new();
    for table in tables {
        let mut previous: Option<RowLabel> = None;
        // The label of the row above when that row held nothing else: its value may be
        // on the next row, the label moved to the cell above it.
        let mut bare: Option<RowLabel> = None;
        for (r, row) in table.rows.iter().enumerate() {
            let label_cell = table.cell_at(r, 0).map(|(_, c)| c);
            let label_text = label_cell
                .map(|c| text::fold(&c.text()))
                .unwrap_or_default();
            // The label cell's own instruction on a row of its own ("Cocher la case
            // correspondante") continues the row above too.
            let found = row_label(&label_text);
            let moved_above = found.is_none()
                && !label_text.is_empty()
                && !super::template::is_form_text(&label_text)
                && bare.is_some();
            let label = match found {
                None if label_text.is_empty() || super::template::is_form_text(&label_text) => {
                    previous
                }
                None if moved_above => bare,
                found => found,
            };
            previous = label;
            // A box in the label column on a row that continues a label is a value moved
            // left (rows laid out without the label's row span: "☒ Chercheurs" first).
            let boxed_under_label = found.is_none()
                && label_cell.is_some_and(|c| {
                    c.paragraphs()
                        .iter()
                        .any(|p| p.checkboxes().next().is_some() || leading_checkbox(p).is_some())
                });
            let mut values: Vec<&Paragraph> = Vec::new();
            for cell in &row.cells {
                if !(cell.col == 0 && label.is_some()) || boxed_under_label || moved_above {
                    values.extend(cell.paragraphs());
                }
            }
            let row_empty = values
                .iter()
                .all(|p| p.text().trim().is_empty() && p.checkboxes().next().is_none());
            let labels: Vec<&Paragraph> = match found {
                Some(l) => label_cell
                    .map(|c| c.paragraphs())
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|p| only_label(p, l))
                    .collect(),
                None => Vec::new(),
            };
            bare = found.filter(|_| {
                row_empty
                    && label_cell.is_some_and(|c| {
                        c.paragraphs().iter().all(|p| {
                            p.text().trim().is_empty()
                                || labels.iter().any(|l| std::ptr::eq(*l, *p))
                        })
                    })
            });
            if row_empty && label.is_some() && row.cells.first().is_some_and(|c| c.col == 0) {
                values = row.cells[0].paragraphs();
            }
            rows.push(LogicalRow {
                label,
                values,
                labels,
            });
        }
    }
    rows
}

pub fn read<'a>(
    tables: &[&'a Table],
    after_tables: &[&'a Paragraph],
    paragraphs: &[&'a Paragraph],
    scanned: bool,
    trace: &mut Trace<'a>,
    warnings: &mut Warnings,
) -> Introduction {
    // Without a table (a reader that saw none, a form retyped as paragraphs), the
    // paragraphs after each label are its row.
    let mut rows = if tables.is_empty() {
        paragraph_rows(paragraphs)
    } else {
        let mut rows = logical_rows(tables);
        // A label outside the tables (rows the reader saw as paragraphs, around rows it
        // saw as a table) still gives its row.
        let outside: Vec<LogicalRow<'a>> = paragraph_rows(paragraphs)
            .into_iter()
            .filter(|p| p.label.is_some() && !rows.iter().any(|r| r.label == p.label))
            .collect();
        rows.splice(0..0, outside);
        rows
    };
    for row in &rows {
        trace.take_all(&row.labels);
    }
    // The paragraphs between the table and the next part continue its last row.
    if let Some(last) = rows.last_mut() {
        last.values.extend(
            after_tables
                .iter()
                .copied()
                .take_while(|p| !starts_next_part(p)),
        );
    }
    let values_of = |label: RowLabel| -> Option<Vec<&'a Paragraph>> {
        let found: Vec<&Paragraph> = rows
            .iter()
            .filter(|r| r.label == Some(label))
            .flat_map(|r| r.values.iter().copied())
            .collect();
        let present = rows.iter().any(|r| r.label == Some(label));
        present.then_some(found)
    };

    let region = read_region(
        values_of(RowLabel::Region).or_else(|| labelled_paragraphs(paragraphs, REGION)),
        trace,
        warnings,
    );
    let session = read_session(
        values_of(RowLabel::Session).or_else(|| labelled_paragraphs(paragraphs, SESSION)),
        trace,
        warnings,
    );
    let format = read_format(&rows, scanned, trace, warnings);
    let animateurs = read_animateurs(
        values_of(RowLabel::Animateurs).or_else(|| labelled_paragraphs(paragraphs, ANIMATEURS)),
        trace,
        warnings,
    );
    let participants = read_participants(&rows, !rows.is_empty(), scanned, trace, warnings);
    let counts: Vec<u64> = participants
        .iter()
        .filter_map(|p| p.nombre_participants)
        .collect();
    let total_participants = if counts.is_empty() {
        None
    } else {
        Some(counts.iter().sum())
    };
    Introduction {
        region,
        session,
        format,
        animateurs,
        participants,
        total_participants,
    }
}

/// The labels that start an introduction row written as paragraphs. The région's is the
/// form's full label: the cover's "RÉGION ACADÉMIQUE X" is not it.
const PARAGRAPH_LABELS: &[(RowLabel, &[&str])] = &[
    (
        RowLabel::Region,
        &["nom de la region academique", "nom de la region"],
    ),
    (RowLabel::Session, SESSION),
    (RowLabel::Format, FORMAT),
    (RowLabel::Animateurs, ANIMATEURS),
    (RowLabel::Participants, &["participants a la session"]),
];

/// Where the introduction written as paragraphs ends: the next part's heading.
const AFTER_INTRODUCTION: &[&str] = &[
    "retour d experience",
    "retours d experience",
    "retex",
    "diagnostic",
];

/// Does `p` open the part after the introduction ("1. Retour d'expérience", a heading)?
fn starts_next_part(p: &Paragraph) -> bool {
    let (lead, _) = super::labels::lead(&p.text());
    let numbered = lead
        .split_once(' ')
        .filter(|(n, _)| n.chars().all(|c| c.is_ascii_digit()))
        .map(|(_, rest)| rest);
    AFTER_INTRODUCTION
        .iter()
        .any(|h| lead.starts_with(h) || numbered.is_some_and(|l| l.starts_with(h)))
}

/// The introduction's rows from paragraphs: each paragraph that starts with a label
/// opens a row (holding the label's own paragraph when a value follows the label on it),
/// the paragraphs after it are its values, up to the next part of the form.
fn paragraph_rows<'a>(paragraphs: &[&'a Paragraph]) -> Vec<LogicalRow<'a>> {
    let mut rows: Vec<LogicalRow<'a>> = Vec::new();
    for p in paragraphs {
        let t = p.text();
        if !rows.is_empty() && starts_next_part(p) {
            break;
        }
        match match_label(t.trim(), PARAGRAPH_LABELS) {
            Some((label, rest)) => {
                let (values, labels) = if rest.chars().any(char::is_alphanumeric) {
                    (vec![*p], Vec::new())
                } else {
                    (Vec::new(), vec![*p])
                };
                rows.push(LogicalRow {
                    label: Some(label),
                    values,
                    labels,
                });
            }
            None => {
                if let Some(row) = rows.last_mut() {
                    row.values.push(p);
                }
            }
        }
    }
    rows
}

/// Without a table: a paragraph "Label : value" (or the label alone, the value in the
/// next paragraph). The form's full label is preferred to a shorter form of it (the
/// cover's "RÉGION ACADÉMIQUE X" is not the introduction's "Nom de la Région académique").
fn labelled_paragraphs<'a>(
    paragraphs: &[&'a Paragraph],
    labels: &[&str],
) -> Option<Vec<&'a Paragraph>> {
    labels.iter().find_map(|label| {
        let starting = paragraphs.iter().enumerate().find_map(|(i, p)| {
            let t = p.text();
            let rest = strip_label(t.trim(), &[label])?;
            if !rest.trim().is_empty() {
                return Some(vec![*p]);
            }
            paragraphs.get(i + 1).map(|n| vec![*p, *n])
        });
        starting.or_else(|| {
            let interleaved = paragraphs.iter().find(|p| {
                strip_interleaved_label(&p.text(), &[label]).is_some_and(|r| !r.is_empty())
            })?;
            Some(vec![*interleaved])
        })
    })
}

/// The texts of value paragraphs, each with a label repeated at its start removed
/// (written before the value, or interleaved with it).
fn value_parts(values: &[&Paragraph], labels: &[&str]) -> Vec<String> {
    values
        .iter()
        .map(|p| {
            let t = p.text();
            let without = |label: &&str| {
                strip_label(t.trim(), &[label])
                    .map(str::to_string)
                    .or_else(|| strip_interleaved_label(&t, &[label]))
            };
            labels.iter().find_map(without).unwrap_or(t.clone())
        })
        .collect()
}

/// The value paragraphs as one cleaned text.
fn value_text(values: &[&Paragraph], labels: &[&str]) -> String {
    text::clean(&value_parts(values, labels).join(" "))
}

/// The paragraphs that hold some of the value (not only the label or white space).
fn holding<'a>(values: &[&'a Paragraph], labels: &[&str]) -> Vec<&'a Paragraph> {
    values
        .iter()
        .copied()
        .filter(|p| !value_text(&[p], labels).is_empty())
        .collect()
}

fn read_region<'a>(
    values: Option<Vec<&'a Paragraph>>,
    trace: &mut Trace<'a>,
    warnings: &mut Warnings,
) -> Option<String> {
    let Some(values) = values else {
        warnings.add(
            WarningCode::SectionAbsente,
            "region_academique",
            "ligne « Nom de la Région académique » introuvable",
        );
        return None;
    };
    let value = value_text(&values, REGION);
    trace.take_all(&values);
    if value.is_empty() || text::is_placeholder(&value) {
        warnings.add(
            WarningCode::ChampNonRempli,
            "region_academique",
            "région académique non renseignée",
        );
        return None;
    }
    trace.leaf("region_academique", &holding(&values, REGION));
    Some(value)
}

fn read_session<'a>(
    values: Option<Vec<&'a Paragraph>>,
    trace: &mut Trace<'a>,
    warnings: &mut Warnings,
) -> Session {
    let Some(values) = values else {
        warnings.add(
            WarningCode::SectionAbsente,
            "session",
            "ligne « Date(s) et lieu(x) de la session » introuvable",
        );
        return Session::default();
    };
    let texte = value_text(&values, SESSION);
    trace.take_all(&values);
    if texte.is_empty() || text::is_placeholder(&texte) {
        warnings.add(
            WarningCode::ChampNonRempli,
            "session.texte",
            "date et lieu de la session non renseignés",
        );
        return Session::default();
    }
    let from = holding(&values, SESSION);
    trace.leaf("session.texte", &from);
    let atelier = values
        .iter()
        .find_map(|p| atelier(&p.text()).map(|a| (a, *p)));
    if let Some((_, p)) = &atelier {
        trace.leaf("session.atelier", &[p]);
    }
    let year = document_year(&texte);
    let (dates, deduced) = dates::parse_dates(&texte, Some(year));
    if deduced {
        warnings.add(
            WarningCode::AnneeDeduite,
            "session.dates",
            format!("année {year} déduite du document"),
        );
    }
    for i in 0..dates.len() {
        trace.leaf(format!("session.dates[{i}]"), &from);
    }
    Session {
        texte: Some(texte),
        dates,
        atelier: atelier.map(|(a, _)| a),
    }
}

/// `session.atelier` (SPEC): the text after the label `Atelier :` (any case, any space
/// or none before the colon) up to the end of its line; the word without that colon is
/// not the label.
fn atelier(paragraph_text: &str) -> Option<String> {
    paragraph_text.split('\n').find_map(|line| {
        // ASCII lower case keeps byte offsets (`to_lowercase` does not: `İ` grows).
        let lower = line.to_ascii_lowercase();
        lower.match_indices("atelier").find_map(|(at, _)| {
            let starts_word = line[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            let after =
                line[at + "atelier".len()..].trim_start_matches(|c: char| c.is_whitespace());
            let value = after.strip_prefix([':', '：'])?;
            let value = text::clean(value);
            (starts_word && !value.is_empty() && !text::is_placeholder(&value)).then_some(value)
        })
    })
}

/// The year a date without one belongs to: a year written in the same text, else 2020,
/// the year of the États généraux (the form's cover says "Octobre 2020").
fn document_year(s: &str) -> i32 {
    static YEAR: std::sync::LazyLock<regex_lite::Regex> = std::sync::LazyLock::new(|| {
        regex_lite::Regex::new(r"(?:^|[^0-9])((?:19|20)[0-9]{2})(?:$|[^0-9])")
            .unwrap_or_else(|_| unreachable!("constant regex"))
    });
    YEAR.captures(s)
        .and_then(|c| c.get(1))
        .and_then(|m| m.as_str().parse().ok())
        .unwrap_or(2020)
}

fn read_format<'a>(
    rows: &[LogicalRow<'a>],
    scanned: bool,
    trace: &mut Trace<'a>,
    warnings: &mut Warnings,
) -> Format {
    let mut format = Format::default();
    let in_format_rows: Vec<&Paragraph> = rows
        .iter()
        .filter(|r| r.label == Some(RowLabel::Format))
        .flat_map(|r| r.values.iter().copied())
        .collect();
    let candidates: Vec<&Paragraph> = if in_format_rows.is_empty() {
        rows.iter().flat_map(|r| r.values.iter().copied()).collect()
    } else {
        in_format_rows
    };
    // An option written without any box is unchecked when another option of the group
    // is marked (a typed X beside one label); not on a scan, where it may be a box the
    // pixels did not show (undecided, so a person looks).
    let mut options: Vec<(usize, Labelled<'a>)> = Vec::new();
    for option in labelled_boxes(&candidates) {
        let f = text::fold(&option.label);
        let slot = if f.starts_with("presentiel") {
            0
        } else if f.starts_with("distanciel") {
            1
        } else if f.starts_with("les 2") || f.starts_with("les deux") || f.starts_with("hybride") {
            2
        } else {
            continue;
        };
        if !options.iter().any(|(s, _)| *s == slot) {
            options.push((slot, option));
        }
    }
    let group_marked = options.iter().any(|(_, o)| o.boxed && o.state.is_some());
    for (slot, option) in &options {
        let state = if !option.boxed && group_marked && !scanned {
            Some(false)
        } else {
            option.state
        };
        let (field, champ) = match slot {
            0 => (&mut format.presentiel, "format.presentiel"),
            1 => (&mut format.distanciel, "format.distanciel"),
            _ => (&mut format.les_deux, "format.les_deux"),
        };
        *field = state;
        trace.take(option.label_from);
        match option.box_from {
            Some((p, index)) => trace.checkbox(champ, p, index),
            None => trace.leaf(champ, &[option.label_from]),
        }
        if state.is_none() {
            warnings.add(WarningCode::CaseIndecise, champ, "case à cocher illisible");
        }
    }
    let (p, d, b) = (
        format.presentiel == Some(true),
        format.distanciel == Some(true),
        format.les_deux == Some(true),
    );
    format.valeur = match (p, d, b) {
        (_, _, true) | (true, true, _) => Some(FormatValue::Hybride),
        (true, false, false) => Some(FormatValue::Presentiel),
        (false, true, false) => Some(FormatValue::Distanciel),
        _ => None,
    };
    // The value comes from the boxes that are checked.
    let checked: Vec<&Labelled> = options
        .iter()
        .map(|(_, o)| o)
        .filter(|o| o.state == Some(true))
        .collect();
    if let Some(first) = checked.first() {
        match first.box_from {
            Some((p, index)) => trace.checkbox("format.valeur", p, index),
            None => trace.leaf("format.valeur", &[first.label_from]),
        }
    }
    format
}

fn read_animateurs<'a>(
    values: Option<Vec<&'a Paragraph>>,
    trace: &mut Trace<'a>,
    warnings: &mut Warnings,
) -> Animateurs {
    let Some(values) = values else {
        warnings.add(
            WarningCode::SectionAbsente,
            "animateurs",
            "ligne « Animateurs de la session » introuvable",
        );
        return Animateurs::default();
    };
    let raw = value_parts(&values, ANIMATEURS);
    let texte = text::clean(&raw.join(" "));
    trace.take_all(&values);
    if texte.is_empty() || text::is_placeholder(&texte) {
        warnings.add(
            WarningCode::ChampNonRempli,
            "animateurs.texte",
            "animateurs non renseignés",
        );
        return Animateurs::default();
    }
    let from = holding(&values, ANIMATEURS);
    trace.leaf("animateurs.texte", &from);
    // Paragraphs are separate names too: split on line breaks between them.
    let noms = names::split_names(&raw.join("\n"));
    for i in 0..noms.len() {
        trace.leaf(format!("animateurs.noms[{i}]"), &from);
    }
    Animateurs {
        texte: Some(texte),
        noms,
    }
}

#[derive(Default)]
struct CategoryRead<'a> {
    libelle: Option<String>,
    coche: Option<bool>,
    /// The label was written without any box.
    boxless: bool,
    label_from: Option<&'a Paragraph>,
    box_from: Option<(&'a Paragraph, usize)>,
    participants: Option<(String, &'a Paragraph)>,
    etablissements: Option<(String, &'a Paragraph)>,
}

/// The two counts a participant category has.
#[derive(Clone, Copy)]
enum Count {
    Participants,
    Etablissements,
}

const COUNT_PARTICIPANTS: &[&str] = &[
    "nombre de participants",
    "nb de participants",
    "nombre participants",
    "participants",
];
const COUNT_ETABLISSEMENTS: &[&str] = &[
    "nombre d etablissements representes",
    "nombre d etablissements",
    "nb d etablissements",
    "etablissements representes",
];

/// Punctuation that joins a category to its counts on one line.
const LABEL_JOINERS: &[char] = &[' ', '–', '—', '-', ':', ';', ','];

fn read_participants<'a>(
    rows: &[LogicalRow<'a>],
    has_table: bool,
    scanned: bool,
    trace: &mut Trace<'a>,
    warnings: &mut Warnings,
) -> Vec<Participant> {
    let mut found: Vec<CategoryRead> = (0..PARTICIPANT_CATEGORIES.len())
        .map(|_| CategoryRead::default())
        .collect();
    // The category a count belongs to: the last one read, in this row or above it (a
    // count on a row of its own).
    let mut current: Option<usize> = None;
    for row in rows {
        // A count label read without its value ("Nombre d'établissements :" at the end of
        // a line, the number wrapped onto the next one): the count it waits for. The
        // wrapped number is in the label's row (its cell's next line), never below.
        let mut awaiting: Option<Count> = None;
        if !matches!(row.label, Some(RowLabel::Participants) | None) {
            current = None;
            continue;
        }
        for labelled in labelled_boxes(&row.values) {
            let from = labelled.label_from;
            for (k, segment) in split_counts(&labelled.label).into_iter().enumerate() {
                let f = text::fold(segment);
                let count_label = strip_label(segment.trim(), COUNT_ETABLISSEMENTS)
                    .map(|rest| (Count::Etablissements, rest))
                    .or_else(|| {
                        (f.split(' ').next().map(unabbreviated) == Some("nombre"))
                            .then(|| strip_label(segment.trim(), COUNT_PARTICIPANTS))
                            .flatten()
                            .map(|rest| (Count::Participants, rest))
                    });
                if let Some((count, rest)) = count_label {
                    awaiting = None;
                    if let Some(c) = current.and_then(|i| found.get_mut(i)) {
                        let slot = match count {
                            Count::Participants => &mut c.participants,
                            Count::Etablissements => &mut c.etablissements,
                        };
                        if slot.is_none() {
                            *slot = Some((rest.to_string(), from));
                            if !rest.chars().any(char::is_alphanumeric) {
                                awaiting = Some(count);
                            }
                        }
                        trace.take(from);
                    }
                    continue;
                }
                if f.split(' ').next().map(unabbreviated) == Some("nombre") {
                    // A count label of neither kind: not a category either.
                    awaiting = None;
                    continue;
                }
                let boxed = k == 0 && labelled.boxed;
                // Only a line that reads as a count is the number the label waits for
                // (text after the introduction table is not).
                if let Some(count) = awaiting.take()
                    && !boxed
                    && category_of(&f).is_none()
                    && !matches!(
                        parse_count(segment),
                        CountValue::Unreadable | CountValue::Empty
                    )
                    && let Some(c) = current.and_then(|i| found.get_mut(i))
                {
                    let slot = match count {
                        Count::Participants => &mut c.participants,
                        Count::Etablissements => &mut c.etablissements,
                    };
                    *slot = Some((segment.trim().to_string(), from));
                    trace.take(from);
                    continue;
                }
                // Only the text before the first count is the category's, with its box.
                // "Chercheurs – Nombre de participants : 2": the dash joins, it is no part
                // of the category.
                let label = text::clean(segment)
                    .trim_end_matches(LABEL_JOINERS)
                    .to_string();
                if let Some(i) = category_of(&text::fold(&label))
                    && let Some(c) = found.get_mut(i)
                    && c.libelle.is_none()
                {
                    c.libelle = Some(label);
                    c.boxless = !boxed;
                    c.coche = if boxed { labelled.state } else { None };
                    c.label_from = Some(from);
                    c.box_from = if boxed { labelled.box_from } else { None };
                    trace.take(from);
                    current = Some(i);
                }
            }
        }
    }

    let group_marked = found.iter().any(|c| !c.boxless && c.coche.is_some());
    let mut out = Vec::with_capacity(PARTICIPANT_CATEGORIES.len());
    // Where the counts that make `total_participants` were read.
    let mut counted: Vec<&Paragraph> = Vec::new();
    for (i, (code, read)) in PARTICIPANT_CATEGORIES
        .iter()
        .copied()
        .zip(found)
        .enumerate()
    {
        let champ = format!("participants[{i}]");
        if read.libelle.is_none() && has_table {
            warnings.add(
                WarningCode::SectionAbsente,
                &champ,
                format!("catégorie « {code} » introuvable"),
            );
        }
        // As for the format's options: a scan's label without a box stays undecided.
        let coche = if read.boxless && group_marked && !scanned {
            Some(false)
        } else {
            read.coche
        };
        if read.libelle.is_some() && coche.is_none() {
            warnings.add(
                WarningCode::CaseIndecise,
                format!("{champ}.coche"),
                "case à cocher illisible",
            );
        }
        let participants = count(
            read.participants.as_ref(),
            &format!("{champ}.nombre_participants"),
            coche,
            trace,
            warnings,
        );
        let etablissements = count(
            read.etablissements.as_ref(),
            &format!("{champ}.nombre_etablissements"),
            coche,
            trace,
            warnings,
        );
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
        if let Some(from) = read.label_from {
            trace.leaf(format!("{champ}.categorie"), &[from]);
            trace.leaf(format!("{champ}.libelle"), &[from]);
            match read.box_from {
                Some((p, index)) => trace.checkbox(format!("{champ}.coche"), p, index),
                None => trace.leaf(format!("{champ}.coche"), &[from]),
            }
        }
        if participants.is_some()
            && let Some((_, from)) = &read.participants
        {
            counted.push(*from);
        }
        out.push(Participant {
            categorie: code.to_string(),
            libelle: read.libelle,
            coche,
            nombre_participants: participants,
            nombre_etablissements: etablissements,
        });
    }
    trace.leaf("total_participants", &counted);
    out
}

/// A count beside a category. Placeholders are silent (the coche check reports a
/// checked box left without a count).
fn count<'a>(
    raw: Option<&(String, &'a Paragraph)>,
    champ: &str,
    coche: Option<bool>,
    trace: &mut Trace<'a>,
    warnings: &mut Warnings,
) -> Option<u64> {
    let (raw, from) = raw?;
    let shown = text::clean(raw);
    let value = match parse_count(&shown) {
        CountValue::Exact(n) => Some(n),
        CountValue::Approximate(n) => {
            warnings.add(
                WarningCode::NombreApproximatif,
                champ,
                format!("« {shown} » : nombre approximatif"),
            );
            Some(n)
        }
        CountValue::Unreadable => {
            if coche != Some(false) {
                warnings.add(
                    WarningCode::NombreIllisible,
                    champ,
                    format!("« {shown} » n'est pas un nombre"),
                );
            }
            None
        }
        CountValue::Empty | CountValue::Placeholder => None,
    };
    if value.is_some() {
        trace.leaf(champ, &[from]);
    }
    value
}

/// How a count's label starts ("Nombre de participants", "Nb d'établissements", "Nbre
/// d'établissements"), in ASCII lower case.
const COUNT_LABEL_STARTS: &[&str] = &["nombre d", "nb d", "nbre d", "nbr d"];

/// A label's text cut where a "Nombre d…" label starts, so that a count written on the
/// same line as the category (or two counts on one line) is read apart.
fn split_counts(t: &str) -> Vec<&str> {
    // ASCII lower case keeps byte offsets, so the cuts are offsets into `t` too.
    let lower = t.to_ascii_lowercase();
    let mut cuts: Vec<usize> = COUNT_LABEL_STARTS
        .iter()
        .flat_map(|start| lower.match_indices(start).map(|(i, _)| i))
        .filter(|i| *i > 0 && !lower.as_bytes()[i - 1].is_ascii_alphanumeric())
        .collect();
    cuts.sort_unstable();
    let mut out = Vec::with_capacity(cuts.len() + 1);
    let mut start = 0;
    for cut in cuts {
        out.push(&t[start..cut]);
        start = cut;
    }
    out.push(&t[start..]);
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
        let segments = split_counts("İİİİİİ Nombre de participants : 12");
        assert_eq!(segments.len(), 2);
        assert_eq!(segments[1], "Nombre de participants : 12");
    }

    #[test]
    fn atelier_after_growing_lower_case() {
        let p = para("İİİİİİİİ le 5 octobre 2020, atelier : 3");
        let session = read_session(
            Some(vec![&p]),
            &mut Trace::default(),
            &mut Warnings::default(),
        );
        assert_eq!(session.atelier.as_deref(), Some("3"));
    }

    /// SPEC 1.1: the label is `Atelier :` with or without a space (of any kind) before
    /// the colon, up to the end of its line; the word alone is not the label.
    #[test]
    fn atelier_is_the_text_after_its_label() {
        assert_eq!(
            atelier("Atelier : Les partenariats").as_deref(),
            Some("Les partenariats")
        );
        assert_eq!(
            atelier("12 octobre, ATELIER\u{a0}: Inclusion\nsalle 3").as_deref(),
            Some("Inclusion")
        );
        assert_eq!(
            atelier("atelier: Gouvernance").as_deref(),
            Some("Gouvernance")
        );
        assert_eq!(
            atelier("depuis l'atelier Canopé de Caen, Atelier : Données").as_deref(),
            Some("Données")
        );
        assert_eq!(atelier("depuis l'atelier Canopé de Caen"), None);
        assert_eq!(atelier("3 ateliers de bassin"), None);
        assert_eq!(atelier("Atelier : à compléter"), None);
    }
}
