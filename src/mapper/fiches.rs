//! The "proposition phare" fiches: each starts at its title, right above the
//! "DESCRIPTION" heading, and runs to the next fiche's title or the back cover.

use super::content::{labelled_boxes, paragraphs_items};
use super::labels::{lead, match_label, starts_with_phrase, strip_label};
use super::{Part, Trace, Warnings};
use crate::model::{Inline, Origin, Paragraph};
use crate::normalize::choices::{parse_effort, parse_timeframe};
use crate::normalize::numbers::{CountValue, parse_count};
use crate::normalize::text;
use crate::output::{Count, PropositionPhare, WarningCode};

#[derive(Clone, Copy, PartialEq, Debug)]
enum Section {
    Description,
    Modalites,
    Difficultes,
    Impacts,
    Efforts,
    Temporalite,
    Besoins,
}

const HEADINGS: &[(Section, &[&str])] = &[
    (Section::Description, &["description"]),
    (
        Section::Modalites,
        &["modalites de mise en oeuvre", "modalites"],
    ),
    (
        Section::Difficultes,
        &[
            "difficultes principales",
            "difficultes rencontrees",
            "difficultes",
        ],
    ),
    (Section::Impacts, &["impacts", "impact"]),
    (
        Section::Efforts,
        &[
            "efforts de mise en place",
            "effort de mise en place",
            "efforts",
        ],
    ),
    (
        Section::Temporalite,
        &["temporalite necessaire", "temporalite"],
    ),
    (
        Section::Besoins,
        &["besoins necessaires", "besoins pour perenniser", "besoins"],
    ),
];

#[derive(Clone, Copy, PartialEq, Debug)]
enum Label {
    Resume,
    Territoire,
    Referent,
    Financiers,
    Humains,
    Juridiques,
    Etablissements,
    Eleves,
    Parents,
    Enseignants,
}

const LABELS: &[(Label, &[&str])] = &[
    (
        Label::Resume,
        &["resume de la mesure", "resume du dispositif", "resume"],
    ),
    (
        Label::Territoire,
        &["territoire concerne", "territoires concernes", "territoire"],
    ),
    (
        Label::Referent,
        &[
            "referent du projet",
            "referente du projet",
            "referents du projet",
            "referent",
        ],
    ),
    (Label::Financiers, &["moyens financiers", "financiers"]),
    (Label::Humains, &["moyens humains", "humains"]),
    (Label::Juridiques, &["moyens juridiques", "juridiques"]),
    (
        Label::Etablissements,
        &[
            "nombre d etablissements concernes",
            "nombre d etablissements",
            "etablissements concernes",
        ],
    ),
    (
        Label::Eleves,
        &[
            "nombre d eleves concernes",
            "nombre d eleves",
            "eleves concernes",
        ],
    ),
    (
        Label::Parents,
        &[
            "nombre de parents concernes",
            "nombre de parents",
            "parents concernes",
        ],
    ),
    (
        Label::Enseignants,
        &[
            "nombre d enseignants concernes",
            "nombre d enseignants",
            "enseignants concernes",
        ],
    ),
];

/// The back cover (logos' text): where the last fiche ends.
const BACK_COVER: &[&str] = &[
    "ministere",
    "liberte egalite",
    "reseau canope",
    "banquedesterritoires",
    "banque des territoires",
    "caisse des depots",
];

/// How many of the fiche's distinct headings and labels the paragraphs show.
pub fn evidence(paragraphs: &[&Paragraph]) -> usize {
    let mut headings: Vec<Section> = Vec::new();
    let mut labels: Vec<Label> = Vec::new();
    for p in paragraphs {
        let line = Line::new(p);
        if let Some(h) = line.heading
            && !headings.contains(&h)
        {
            headings.push(h);
        }
        if let Some((l, _)) = line.label
            && !labels.contains(&l)
        {
            labels.push(l);
        }
    }
    headings.len() + labels.len()
}

/// A paragraph of the document as the fiche reader sees it: its text, and the heading
/// or label it is, worked out once.
struct Line<'a> {
    paragraph: &'a Paragraph,
    text: String,
    heading: Option<Section>,
    label: Option<(Label, String)>,
    /// The back cover, or a closing formula: the fiches end there.
    back_cover: bool,
}

impl<'a> Line<'a> {
    fn new(paragraph: &'a Paragraph) -> Self {
        let text = paragraph.text();
        let (lead_text, words) = lead(&text);
        let heading = (words <= 9)
            .then(|| {
                HEADINGS
                    .iter()
                    .find(|(_, phrases)| starts_with_phrase(&lead_text, phrases))
                    .map(|(s, _)| *s)
            })
            .flatten();
        let label = match_label(text.trim(), LABELS).map(|(l, rest)| (l, rest.to_string()));
        let back_cover =
            BACK_COVER.iter().any(|w| lead_text.starts_with(w)) || is_closing(&text, words);
        Line {
            paragraph,
            text,
            heading,
            label,
            back_cover,
        }
    }
}

/// The back cover begins its page: paragraphs above its first text on that page, down
/// from the page's top, are pieces of its pictures (a logo read by OCR as "LB"), not the
/// end of the last fiche. Only where pages are known (a PDF), and not past a heading, a
/// label or a table of the form.
fn back_cover_page(mut lines: Vec<Option<Line<'_>>>) -> Vec<Option<Line<'_>>> {
    let page = |l: &Line| match l.paragraph.origin {
        Origin::Pdf { page, .. } => Some(page),
        _ => None,
    };
    for first in 0..lines.len() {
        let Some(cover) = lines[first]
            .as_ref()
            .filter(|l| l.back_cover)
            .and_then(page)
        else {
            continue;
        };
        let mut top = first;
        for k in (0..first).rev() {
            match lines[k].as_ref() {
                Some(l) if l.text.trim().is_empty() => {}
                Some(l) if l.back_cover => break,
                Some(l) if l.heading.is_none() && l.label.is_none() && page(l) == Some(cover) => {
                    top = k;
                }
                // The page above ends here: what lies between is the cover's.
                Some(l) if page(l).is_some_and(|p| p < cover) => {
                    for line in lines[top..first].iter_mut().flatten() {
                        line.back_cover = true;
                    }
                    break;
                }
                _ => break,
            }
        }
    }
    lines
}

/// The closing formula of a signed letter, place then date ("Fait à Besançon, le 21
/// octobre 2020", "Fait le 21/10/2020"): like the back cover, it ends the last fiche;
/// what follows is no field's.
fn is_closing(text: &str, words: usize) -> bool {
    let t = text.trim_start();
    let date_after = |s: &str| s.trim_start().starts_with(|c: char| c.is_ascii_digit());
    let dated = if let Some(rest) = t.strip_prefix("Fait le ") {
        date_after(rest)
    } else if let Some(rest) = t
        .strip_prefix("Fait à ")
        .or_else(|| t.strip_prefix("Fait a "))
    {
        rest.split_once(", le ").is_some_and(|(_, d)| date_after(d))
    } else {
        false
    };
    dated && words <= CLOSING_WORDS
}

/// A closing formula is a short line: place and date.
const CLOSING_WORDS: usize = 10;

pub fn read<'a>(
    items: &[Part<'a>],
    trace: &mut Trace<'a>,
    warnings: &mut Warnings,
) -> Vec<PropositionPhare> {
    let lines: Vec<Option<Line<'a>>> = items
        .iter()
        .map(|i| match i {
            Part::Paragraph(p) => Some(Line::new(p)),
            _ => None,
        })
        .collect();
    let lines = back_cover_page(lines);
    let anchors_where = |f: &dyn Fn(&Line) -> bool| -> Vec<usize> {
        lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.as_ref().is_some_and(f))
            .map(|(k, _)| k)
            .collect()
    };
    let mut anchors = anchors_where(&|l| l.heading == Some(Section::Description));
    if anchors.is_empty() {
        anchors = anchors_where(&|l| {
            l.label
                .as_ref()
                .is_some_and(|(label, _)| *label == Label::Resume)
        });
    }
    if anchors.is_empty() {
        warnings.add(
            WarningCode::SectionAbsente,
            "propositions_phares",
            "aucune fiche « proposition phare » trouvée",
        );
        return Vec::new();
    }
    let titles: Vec<Option<usize>> = anchors.iter().map(|a| title_of(&lines, *a)).collect();
    let mut out = Vec::new();
    for (n, anchor) in anchors.iter().enumerate() {
        let end = anchors
            .get(n + 1)
            .map(|next| titles.get(n + 1).copied().flatten().unwrap_or(*next))
            .unwrap_or(lines.len());
        let fiche: Vec<&Line> = lines[*anchor..end.max(*anchor)]
            .iter()
            .flatten()
            .take_while(|l| !l.back_cover)
            .collect();
        let title = titles[n].and_then(|t| lines[t].as_ref());
        out.push(read_fiche(title, &fiche, n, trace, warnings));
    }
    out
}

/// The title of the fiche whose DESCRIPTION heading is at `anchor`: the nearest
/// non-empty paragraph above it, unless a table or another heading comes first.
///
/// A title heading left empty (a heading style, no text: the writer deleted the title, or
/// a converter lost it, as AbiWord does) with plain text above it means the title is
/// missing: that text is the end of the previous fiche, not this one's title.
fn title_of(lines: &[Option<Line>], anchor: usize) -> Option<usize> {
    let mut emptied_heading = false;
    for k in (0..anchor).rev() {
        let line = lines[k].as_ref()?;
        if line.text.trim().is_empty() {
            emptied_heading |= line.paragraph.heading_level.is_some();
            continue;
        }
        if line.heading.is_some() || line.label.is_some() || line.back_cover {
            return None;
        }
        if emptied_heading && line.paragraph.heading_level.is_none() {
            return None;
        }
        // The template's title wrapped into two paragraphs (OCR parts its lines): the
        // last line alone is no title either.
        let above = lines[..k]
            .iter()
            .rev()
            .map_while(Option::as_ref)
            .find(|l| !l.text.trim().is_empty());
        if above.is_some_and(|a| text::is_placeholder(&format!("{} {}", a.text, line.text))) {
            return None;
        }
        return Some(k);
    }
    None
}

fn read_fiche<'a>(
    title: Option<&Line<'a>>,
    lines: &[&Line<'a>],
    n: usize,
    trace: &mut Trace<'a>,
    warnings: &mut Warnings,
) -> PropositionPhare {
    let champ = |f: &str| format!("propositions_phares[{n}].{f}");
    let mut fiche = PropositionPhare::default();

    // The title.
    let title_text = title.map(|l| text::clean(&l.text)).unwrap_or_default();
    if let Some(l) = title {
        trace.take(l.paragraph);
    }
    if title_text.is_empty() {
        warnings.add(WarningCode::ChampNonRempli, champ("titre"), "titre absent");
    } else if text::is_placeholder(&title_text) {
        warnings.add(
            WarningCode::ChampNonRempli,
            champ("titre"),
            "le titre est resté celui du modèle",
        );
    } else {
        trace.leaf(
            champ("titre"),
            &title.map(|l| vec![l.paragraph]).unwrap_or_default(),
        );
        fiche.titre = Some(title_text);
    }

    // Walk the fiche: headings switch sections, labels open fields. A label written
    // alone takes the paragraphs after it as its value; a value goes on into the next
    // paragraph only where a line was wrapped (no closing punctuation, a lower-case
    // start): another paragraph there is text added outside the fields.
    let mut section = Section::Description;
    let mut fields: Vec<(Label, Vec<(String, &'a Paragraph)>)> = Vec::new();
    let mut open: Option<Label> = None;
    let mut lists: Vec<(Section, Vec<&'a Paragraph>)> = Vec::new();
    for line in lines {
        if let Some(s) = line.heading {
            section = s;
            open = None;
            trace.take(line.paragraph);
            continue;
        }
        if let Some((l, rest)) = &line.label {
            fields.push((*l, vec![(rest.clone(), line.paragraph)]));
            open = Some(*l);
            trace.take(line.paragraph);
            continue;
        }
        match section {
            Section::Difficultes | Section::Efforts | Section::Temporalite | Section::Besoins => {
                match lists.iter_mut().find(|(s, _)| *s == section) {
                    Some((_, ps)) => ps.push(line.paragraph),
                    None => lists.push((section, vec![line.paragraph])),
                }
            }
            _ => {
                let t = text::clean(&line.text);
                if t.is_empty() || text::is_placeholder(&t) {
                    continue;
                }
                let Some(l) = open else { continue };
                let Some((_, parts)) = fields.iter_mut().rev().find(|(fl, _)| *fl == l) else {
                    continue;
                };
                let so_far = text::clean(
                    &parts
                        .iter()
                        .map(|(p, _)| p.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                );
                if so_far.is_empty() || text::is_placeholder(&so_far) || continues(&so_far, &t) {
                    parts.push((t, line.paragraph));
                } else {
                    open = None;
                }
            }
        }
    }
    let section_paragraphs = |s: Section| -> Vec<&'a Paragraph> {
        lists
            .iter()
            .filter(|(x, _)| *x == s)
            .flat_map(|(_, ps)| ps.iter().copied())
            .collect()
    };
    let parts_of = |l: Label| -> Vec<(String, &'a Paragraph)> {
        fields
            .iter()
            .filter(|(fl, _)| *fl == l)
            .flat_map(|(_, p)| p.iter().cloned())
            .collect()
    };
    let value =
        |l: Label, name: &str, trace: &mut Trace<'a>, warnings: &mut Warnings| -> Option<String> {
            let parts = parts_of(l);
            let v = text::clean(
                &parts
                    .iter()
                    .map(|(t, _)| t.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
            );
            let from: Vec<&Paragraph> = parts.iter().map(|(_, p)| *p).collect();
            trace.take_all(&from);
            if v.is_empty() || text::is_placeholder(&v) {
                warnings.add(
                    WarningCode::ChampNonRempli,
                    champ(name),
                    "« à compléter » laissé tel quel",
                );
                None
            } else {
                let holding: Vec<&Paragraph> = parts
                    .iter()
                    .filter(|(t, _)| !text::clean(t).is_empty())
                    .map(|(_, p)| *p)
                    .collect();
                trace.leaf(champ(name), &holding);
                Some(v)
            }
        };
    fiche.resume = value(Label::Resume, "resume", trace, warnings);
    fiche.territoire = value(Label::Territoire, "territoire", trace, warnings);
    fiche.referent = value(Label::Referent, "referent", trace, warnings);
    fiche.moyens.financiers = value(Label::Financiers, "moyens.financiers", trace, warnings);
    fiche.moyens.humains = value(Label::Humains, "moyens.humains", trace, warnings);
    fiche.moyens.juridiques = value(Label::Juridiques, "moyens.juridiques", trace, warnings);

    let difficultes = paragraphs_items(&section_paragraphs(Section::Difficultes));
    for (j, (_, from)) in difficultes.iter().enumerate() {
        trace.leaf(champ(&format!("difficultes[{j}]")), &[from]);
    }
    fiche.difficultes = difficultes.into_iter().map(|(item, _)| item).collect();
    if fiche.difficultes.is_empty() {
        warnings.add(
            WarningCode::ChampNonRempli,
            champ("difficultes"),
            "aucune difficulté renseignée",
        );
    }

    let impact = |l: Label, name: &str, trace: &mut Trace<'a>, warnings: &mut Warnings| -> Count {
        let parts = parts_of(l);
        let raw = text::clean(
            &parts
                .iter()
                .map(|(t, _)| t.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        );
        let from: Vec<&Paragraph> = parts.iter().map(|(_, p)| *p).collect();
        trace.take_all(&from);
        let path = champ(&format!("impacts.{name}"));
        let value = count(&raw, &path, warnings);
        if value.texte.is_some() {
            trace.leaf(format!("{path}.texte"), &from);
        }
        if value.nombre.is_some() {
            trace.leaf(format!("{path}.nombre"), &from);
        }
        value
    };
    fiche.impacts.etablissements = impact(Label::Etablissements, "etablissements", trace, warnings);
    fiche.impacts.eleves = impact(Label::Eleves, "eleves", trace, warnings);
    fiche.impacts.parents = impact(Label::Parents, "parents", trace, warnings);
    fiche.impacts.enseignants = impact(Label::Enseignants, "enseignants", trace, warnings);

    fiche.efforts = choice(
        &section_paragraphs(Section::Efforts),
        parse_effort,
        &champ("efforts"),
        trace,
        warnings,
    );
    fiche.temporalite = choice(
        &section_paragraphs(Section::Temporalite),
        parse_timeframe,
        &champ("temporalite"),
        trace,
        warnings,
    );

    let besoins: Vec<(String, &Paragraph)> = section_paragraphs(Section::Besoins)
        .into_iter()
        .map(|p| (text::clean(&p.text()), p))
        .filter(|(t, _)| !t.is_empty() && !text::is_placeholder(t))
        .collect();
    if besoins.is_empty() {
        warnings.add(
            WarningCode::ChampNonRempli,
            champ("besoins_perennisation"),
            "besoins non renseignés",
        );
    } else {
        let from: Vec<&Paragraph> = besoins.iter().map(|(_, p)| *p).collect();
        trace.leaf(champ("besoins_perennisation"), &from);
        fiche.besoins_perennisation = Some(
            besoins
                .into_iter()
                .map(|(t, _)| t)
                .collect::<Vec<_>>()
                .join(" "),
        );
    }
    fiche
}

/// Does `next` carry on the text `so_far` (a line wrapped into a paragraph of its own)
/// rather than start another one?
fn continues(so_far: &str, next: &str) -> bool {
    let closed = so_far.ends_with(['.', '!', '?', '…', ':', ';', ')', '»']);
    let lower_start = next
        .chars()
        .next()
        .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit());
    !closed && lower_start
}

fn count(shown: &str, champ: &str, warnings: &mut Warnings) -> Count {
    match parse_count(shown) {
        CountValue::Exact(n) => Count {
            nombre: Some(n),
            texte: Some(shown.to_string()),
        },
        CountValue::Approximate(n) => {
            warnings.add(
                WarningCode::NombreApproximatif,
                champ,
                format!("« {shown} » : nombre approximatif"),
            );
            Count {
                nombre: Some(n),
                texte: Some(shown.to_string()),
            }
        }
        CountValue::Unreadable => {
            warnings.add(
                WarningCode::NombreIllisible,
                champ,
                format!("« {shown} » n'est pas un nombre"),
            );
            Count {
                nombre: None,
                texte: Some(shown.to_string()),
            }
        }
        CountValue::Empty | CountValue::Placeholder => {
            warnings.add(
                WarningCode::ChampNonRempli,
                champ,
                "« à compléter » laissé tel quel",
            );
            Count::default()
        }
    }
}

/// The option selected in an efforts/timeframe section: a drop-down's shown value, else a
/// checked box beside an option, else the one option written (after "A compléter", or
/// kept while the others were deleted or struck).
fn choice<'a, T: PartialEq + Copy>(
    paragraphs: &[&'a Paragraph],
    parse: fn(&str) -> Option<T>,
    champ: &str,
    trace: &mut Trace<'a>,
    warnings: &mut Warnings,
) -> Option<T> {
    // Each option found, with the paragraph (and box) it was read from.
    let mut from_dropdown: Vec<(T, &'a Paragraph, Option<usize>)> = Vec::new();
    let mut from_boxes = Vec::new();
    let mut from_text = Vec::new();
    for p in paragraphs {
        for inline in &p.inlines {
            if let Inline::Choice { shown } = inline
                && let Some(v) = parse(shown)
            {
                push_unique(&mut from_dropdown, (v, *p, None));
            }
        }
    }
    // Options with boxes, in the same paragraph or each box in the cell before its label.
    let options = labelled_boxes(paragraphs);
    let any_box = options.iter().any(|o| o.boxed);
    for option in options.iter().filter(|o| o.boxed) {
        trace.take(option.label_from);
        if option.state == Some(true)
            && let Some(v) = parse(&option.label)
            && let Some((p, index)) = option.box_from
        {
            push_unique(&mut from_boxes, (v, p, Some(index)));
        }
    }
    if !any_box {
        for p in paragraphs {
            let t = p.text();
            let t = strip_label(t.trim(), &["a completer"]).unwrap_or(&t);
            for part in t.split(['/', ',', ';', '|', '\n', '\t']) {
                if let Some(v) = parse(part) {
                    push_unique(&mut from_text, (v, *p, None));
                }
            }
        }
    }
    let values = if !from_dropdown.is_empty() {
        from_dropdown
    } else if any_box {
        from_boxes
    } else {
        from_text
    };
    values.iter().for_each(|(_, p, _)| trace.take(p));
    match values.as_slice() {
        [(one, p, index)] => {
            match index {
                Some(i) => trace.checkbox(champ, p, *i),
                None => trace.leaf(champ, &[p]),
            }
            Some(*one)
        }
        [] => {
            warnings.add(WarningCode::ChampNonRempli, champ, "aucune option choisie");
            None
        }
        _ => {
            warnings.add(
                WarningCode::CaseIndecise,
                champ,
                "plusieurs options conservées",
            );
            None
        }
    }
}

/// Adds the option unless it was already found.
fn push_unique<T: PartialEq, S>(v: &mut Vec<(T, S, Option<usize>)>, x: (T, S, Option<usize>)) {
    if !v.iter().any(|(value, _, _)| *value == x.0) {
        v.push(x);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, heading_level: Option<u8>) -> Option<Line<'static>> {
        let mut paragraph = Paragraph {
            heading_level,
            ..Paragraph::default()
        };
        paragraph.push_text(text, false);
        Some(Line::new(Box::leak(Box::new(paragraph))))
    }

    #[test]
    fn an_emptied_title_heading_leaves_the_fiche_without_title() {
        let besoins = || line("BESOINS NÉCESSAIRES POUR PÉRENNISER LE DISPOSITIF", Some(3));
        let value = || line("Inscrire le parcours au plan de formation.", None);
        let description = || line("DESCRIPTION", Some(3));
        // The title's heading is there, empty: the text above it is the previous value.
        let lost = [besoins(), value(), line("", Some(1)), description()];
        assert_eq!(title_of(&lost, 3), None);
        // A title written as a heading, an empty heading line under it: still the title.
        let kept = [
            value(),
            line("Des conseils de bassin", Some(1)),
            line("", Some(1)),
            description(),
        ];
        assert_eq!(title_of(&kept, 3), Some(1));
        // Plain text right above DESCRIPTION (a PDF has no empty headings): the title.
        let plain = [value(), line("Des conseils de bassin", None), description()];
        assert_eq!(title_of(&plain, 2), Some(1));
        // The template's title in two paragraphs, as OCR may part its lines: no title.
        let template = [
            line("TITRE DE LA PROPOSITION PHARE / DU DISPOSITIF MIS EN", None),
            line("PLACE/ DE LA PRATIQUE GÉNÉRALISABLE", None),
            description(),
        ];
        assert_eq!(title_of(&template, 2), None);
    }

    #[test]
    fn pieces_of_pictures_atop_the_back_cover_page_are_the_cover() {
        let on = |text: &str, page: u32| {
            let mut paragraph = Paragraph {
                origin: Origin::Pdf {
                    page,
                    bbox: [0.0; 4],
                },
                ..Paragraph::default()
            };
            paragraph.push_text(text, false);
            Some(Line::new(&*Box::leak(Box::new(paragraph))))
        };
        let cover = |lines: Vec<Option<Line<'static>>>| -> Vec<bool> {
            back_cover_page(lines)
                .iter()
                .map(|l| l.as_ref().is_some_and(|l| l.back_cover))
                .collect()
        };
        // "LB" (a logo) opens the cover's page, above its text.
        let value = || on("Une convention pluriannuelle.", 7);
        assert_eq!(
            cover(vec![value(), on("LB", 8), on("MINISTÈRE", 8)]),
            [false, true, true]
        );
        // The value's own page goes on to the cover: nothing more is the cover's.
        assert_eq!(
            cover(vec![value(), on("et un budget.", 7), on("MINISTÈRE", 7)]),
            [false, false, true]
        );
        // A heading between them on the page ends the walk.
        assert_eq!(
            cover(vec![
                value(),
                on("BESOINS NÉCESSAIRES", 8),
                on("LB", 8),
                on("MINISTÈRE", 8)
            ]),
            [false, false, false, true]
        );
    }

    #[test]
    fn a_closing_is_a_place_then_a_date() {
        let closing = |t: &str| is_closing(t, t.split_whitespace().count());
        assert!(closing("Fait à Besançon, le 21 octobre 2020."));
        assert!(closing("Fait le 21/10/2020"));
        // A value that starts with the same words is not one.
        assert!(!closing(
            "Fait à partir de 2021, le dispositif sera étendu."
        ));
        assert!(!closing("Fait le point sur les 3 académies"));
    }
}
