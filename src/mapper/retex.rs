//! The "RETEX n" paragraphs of section 1.

use std::sync::LazyLock;

use regex_lite::Regex;

use super::{Trace, Warnings, template};
use crate::model::Paragraph;
use crate::normalize::text;
use crate::output::{Retex, WarningCode};

/// "RETEX n", with its number, however it is marked: after a bullet or "▶", inside
/// quotes or brackets ("« RETEX 1 » :"), with "N°", "no" or "#" before the number.
static RETEX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^(?:[▶►•\-–] *)?(?:[«"“‘\[(] *)?(?i:retex) *(?:[nN] *°|[nN][oO°º]\.?|#)? *([0-9]{1,3})\b *(?:[»"”’\]] *)?[:.\-–—)]? *(.*)$"#)
        .unwrap_or_else(|_| unreachable!("constant regex"))
});

/// 1 when the paragraphs hold a "RETEX n" paragraph, the form's own numbering.
pub fn evidence(paragraphs: &[&Paragraph]) -> usize {
    usize::from(paragraphs.iter().any(|p| {
        let t = p.text();
        t.get(..t.len().min(40))
            .unwrap_or(&t)
            .to_lowercase()
            .contains("retex")
            && RETEX.is_match(&text::clean(&t))
    }))
}

pub fn read<'a>(
    paragraphs: &[&'a Paragraph],
    trace: &mut Trace<'a>,
    warnings: &mut Warnings,
) -> Vec<Retex> {
    let mut out = Vec::new();
    let mut unfilled = false;
    for (i, p) in paragraphs.iter().enumerate() {
        let raw = p.text();
        if !raw
            .get(..raw.len().min(40))
            .unwrap_or(&raw)
            .to_lowercase()
            .contains("retex")
        {
            continue;
        }
        let t = text::clean(&raw);
        let Some(caps) = RETEX.captures(&t) else {
            continue;
        };
        let numero = caps.get(1).and_then(|m| m.as_str().parse().ok());
        let mut texte = caps
            .get(2)
            .map(|m| m.as_str().to_string())
            .unwrap_or_default();
        let mut from = vec![*p];
        if texte.is_empty() {
            // "RETEX 1" alone on its line: the text is the next paragraph, unless that is
            // the form's own text (the next section's heading).
            if let Some(next) = paragraphs.get(i + 1) {
                let n = text::clean(&next.text());
                if !RETEX.is_match(&n) && !template::is_form_text(&n) {
                    texte = n;
                    from.push(*next);
                }
            }
        }
        trace.take(p);
        if texte.is_empty() || text::is_placeholder(&texte) {
            unfilled = true;
            continue;
        }
        let k = out.len();
        if numero.is_some() {
            trace.leaf(format!("retex[{k}].numero"), &[p]);
        }
        trace.leaf(format!("retex[{k}].texte"), &from);
        out.push(Retex { numero, texte });
    }
    if out.is_empty() {
        let heading = paragraphs
            .iter()
            .any(|p| text::fold(&p.text()).contains("retours d experience presentes"));
        if unfilled || heading {
            warnings.add(
                WarningCode::ChampNonRempli,
                "retex",
                "aucun retour d'expérience renseigné",
            );
        } else {
            warnings.add(
                WarningCode::SectionAbsente,
                "retex",
                "partie « Retours d'expérience » introuvable",
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn captures(t: &str) -> Option<(String, String)> {
        RETEX
            .captures(t)
            .map(|c| (c[1].to_string(), c[2].to_string()))
    }

    #[test]
    fn retex_label_however_it_is_marked() {
        let want = Some(("2".to_string(), "Prêt de tablettes".to_string()));
        assert_eq!(captures("RETEX 2 : Prêt de tablettes"), want);
        assert_eq!(captures("« RETEX 2 » : Prêt de tablettes"), want);
        assert_eq!(captures("\"Retex n°2\" - Prêt de tablettes"), want);
        assert_eq!(captures("[RETEX 2] Prêt de tablettes"), want);
        assert_eq!(captures("▶ retex #2. Prêt de tablettes"), want);
        assert_eq!(captures("Les RETEX 2 et 3"), None);
        assert_eq!(captures("RETEXT 2 : x"), None);
    }
}
