//! The "RETEX n" paragraphs of section 1.

use std::sync::LazyLock;

use regex::Regex;

use super::Warnings;
use crate::model::Paragraph;
use crate::normalize::text;
use crate::output::{Retex, WarningCode};

static RETEX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[▶►•\-–] *)?(?i:retex) *(?:[nN] *°|[nN][oO°º]\.?|#)? *([0-9]{1,3})(?-u:\b) *[:.\-–—)]? *(.*)$")
        .unwrap_or_else(|_| unreachable!("constant regex"))
});

pub fn read(paragraphs: &[&Paragraph], warnings: &mut Warnings) -> Vec<Retex> {
    let mut out = Vec::new();
    let mut unfilled = false;
    for (i, p) in paragraphs.iter().enumerate() {
        let raw = p.text();
        if !raw.get(..raw.len().min(40)).unwrap_or(&raw).to_lowercase().contains("retex") {
            continue;
        }
        let t = text::clean(&raw);
        let Some(caps) = RETEX.captures(&t) else { continue };
        let numero = caps.get(1).and_then(|m| m.as_str().parse().ok());
        let mut texte = caps.get(2).map(|m| m.as_str().to_string()).unwrap_or_default();
        if texte.is_empty() {
            // "RETEX 1" alone on its line: the text is the next paragraph.
            if let Some(next) = paragraphs.get(i + 1) {
                let n = text::clean(&next.text());
                if !RETEX.is_match(&n) {
                    texte = n;
                }
            }
        }
        if texte.is_empty() || text::is_placeholder(&texte) {
            unfilled = true;
            continue;
        }
        out.push(Retex { numero, texte });
    }
    if out.is_empty() {
        let heading = paragraphs.iter().any(|p| text::fold(&p.text()).contains("retours d experience presentes"));
        if unfilled || heading {
            warnings.add(WarningCode::ChampNonRempli, "retex", "aucun retour d'expérience renseigné");
        } else {
            warnings.add(WarningCode::SectionAbsente, "retex", "partie « Retours d'expérience » introuvable");
        }
    }
    out
}
