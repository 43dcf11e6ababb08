//! The review page's HTML: the page and its index, one section per document (its
//! header, the fields laid out like the form, the warnings at their field, the unplaced
//! text) beside what the reader saw. Everything from a document is escaped: its text is
//! hostile.

use std::collections::HashMap;
use std::io::{self, Write};

use serde_json::Value;

use super::{SourceView, page_svg, source_html};
use crate::error::ConvertError;
use crate::output::{Gravite, Restitution, Warning};

const CSS: &str = include_str!("assets/review.css");
const JS: &str = include_str!("assets/review.js");

/// Nothing is fetched: no network, no file, only the inline style, script and images.
const CSP: &str =
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

/// One document's section, rendered, with what the index and the order need.
pub struct Section {
    /// An `a_verifier` warning, unplaced text, or no document at all: shown first.
    pub to_check: bool,
    pub failed: bool,
    /// The index line (an `<li>`).
    index: String,
    body: String,
}

/// Text escaped for HTML content and quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters other than line breaks and tabs are not allowed in
            // HTML text: shown as the replacement character.
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Write the whole page.
pub fn page(out: &mut dyn Write, sections: &[Section]) -> io::Result<()> {
    let documents = sections.iter().filter(|s| !s.failed).count();
    let to_check = sections.iter().filter(|s| s.to_check).count();
    write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Revue de la conversion : {documents} document(s)</title>\
         <style>{CSS}</style></head>\n<body>\n<header class=\"revue\"><h1>Revue de la conversion</h1>\
         <p>{documents} document(s), dont {to_check} à vérifier en premier (avertissements « à vérifier », texte non repris ou fichier sans document) ; {failed} fichier(s) sans document. \
         Pointer une valeur montre l'endroit où elle a été lue, et inversement. Écrit par {conv}.</p>\
         <nav class=\"index\"><h2>Index</h2><ol>",
        failed = sections.len() - documents,
        conv = escape(crate::output::CONVERTISSEUR),
    )?;
    for s in sections {
        out.write_all(s.index.as_bytes())?;
    }
    out.write_all(b"</ol></nav></header>\n<main>\n")?;
    for s in sections {
        out.write_all(s.body.as_bytes())?;
        out.write_all(b"\n")?;
    }
    write!(out, "</main>\n<script>{JS}</script>\n</body></html>\n")
}

/// The section of a file that yields no document: its error.
pub fn failure(id: usize, fichier: &str, error: &ConvertError) -> Section {
    let name = escape(fichier);
    let code = escape(&error.code.to_string());
    let message = escape(&error.message());
    Section {
        to_check: true,
        failed: true,
        index: format!(
            "<li class=\"echec\"><a href=\"#doc-{id}\">{name}</a> : aucun document ({code})</li>"
        ),
        body: format!(
            "<section class=\"document echec\" id=\"doc-{id}\"><header class=\"entete\"><h2>{name}</h2>\
             <p class=\"erreur\" data-erreur=\"{code}\"><b>Aucun document</b> ({code}) : {message}</p></header></section>"
        ),
    }
}

/// The section of one converted document.
pub fn document(id: usize, doc: &Restitution, view: &SourceView) -> Section {
    let value = serde_json::to_value(doc).unwrap_or(Value::Null);
    let a_verifier = count(&doc.avertissements, Gravite::AVerifier);
    let information = count(&doc.avertissements, Gravite::Information);
    let unplaced = doc.texte_non_repris.len();
    let to_check = a_verifier > 0 || unplaced > 0;
    let name = escape(&doc.source.fichier);
    let region = doc
        .region_academique
        .as_deref()
        .map(escape)
        .unwrap_or_else(|| "région inconnue".to_string());
    let format = text_of(&value["source"]["format"]);
    let pages = doc
        .source
        .pages
        .map(|n| format!("{n} page(s)"))
        .unwrap_or_else(|| "sans pages".to_string());
    let class = if to_check { " a-verifier" } else { "" };
    let index = format!(
        "<li class=\"{cls}\"><a href=\"#doc-{id}\">{name}</a> : {region}, {format}, {pages} ; \
         {a_verifier} à vérifier, {information} information(s), {unplaced} texte(s) non repris</li>",
        cls = class.trim(),
    );

    let mut fields = Fields::new(&doc.avertissements);
    fields.header(&value, a_verifier, information, unplaced);
    let header = std::mem::take(&mut fields.out);
    fields.unplaced(&value);
    fields.introduction(&value);
    fields.retex(&value);
    for (key, title) in [
        ("diagnostic", "Diagnostic des points forts et irritants"),
        ("projections", "Synthèse des besoins et axes d'amélioration"),
        ("plan_action", "Plan d'action"),
    ] {
        fields.grid(&value, key, title);
    }
    fields.fiches(&value);
    fields.leftover_warnings();
    let source = match view {
        SourceView::Pages(pages, pictures) => page_svg::pages(pages, pictures, doc),
        SourceView::Blocks(model) => source_html::blocks(model, doc),
    };
    let body = format!(
        "<section class=\"document{class}\" id=\"doc-{id}\">{header}<div class=\"corps\">\
         <div class=\"champs\">{fields}</div><div class=\"source\">{source}</div></div></section>",
        fields = fields.out,
    );
    Section {
        to_check,
        failed: false,
        index,
        body,
    }
}

fn count(warnings: &[Warning], gravite: Gravite) -> usize {
    warnings.iter().filter(|w| w.gravite == gravite).count()
}

/// A scalar as shown (a string as written, a number in decimal).
fn text_of(value: &Value) -> String {
    match value {
        Value::String(s) => escape(s),
        Value::Null => String::new(),
        other => escape(&other.to_string()),
    }
}

/// The label of a JSON key, as the form words it.
fn label(key: &str) -> &str {
    match key {
        "region_academique" => "Nom de la Région académique",
        "numerotation_thematiques" => "Numérotation des thématiques",
        "session" => "Date(s) et lieu(x) de la session",
        "texte" => "Texte",
        "dates" => "Dates",
        "atelier" => "Atelier",
        "animateurs" => "Animateurs de la session",
        "noms" => "Noms",
        "thematique" => "Thématique concernée",
        "numero" => "Numéro",
        "code" => "Code",
        "retex" => "RETEX",
        "irritants" => "Irritants",
        "points_forts" => "Points forts",
        "besoins" => "Besoins",
        "axes_amelioration" => "Axes d'amélioration",
        "actions" => "Actions à mener",
        "acteurs" => "Acteurs mobilisés",
        "temporalite" => "Temporalité",
        "indicateurs" => "Indicateurs et facteurs de réussite",
        "titre" => "Titre",
        "resume" => "Résumé de la mesure",
        "territoire" => "Territoire concerné",
        "referent" => "Référent du projet",
        "moyens" => "Modalités de mise en œuvre",
        "financiers" => "Moyens financiers",
        "humains" => "Moyens humains",
        "juridiques" => "Moyens juridiques",
        "difficultes" => "Difficultés principales rencontrées",
        "impacts" => "Impacts",
        "etablissements" => "Établissements concernés",
        "eleves" => "Élèves concernés",
        "parents" => "Parents concernés",
        "enseignants" => "Enseignants concernés",
        "nombre" => "Nombre",
        "efforts" => "Efforts de mise en place",
        "besoins_perennisation" => "Besoins pour pérenniser le dispositif",
        other => other,
    }
}

fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// The fields column of one document, with each warning placed once, at its field.
struct Fields<'a> {
    out: String,
    warnings: &'a [Warning],
    by_champ: HashMap<&'a str, Vec<usize>>,
    shown: Vec<bool>,
}

impl<'a> Fields<'a> {
    fn new(warnings: &'a [Warning]) -> Self {
        let mut by_champ: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, w) in warnings.iter().enumerate() {
            by_champ.entry(w.champ.as_str()).or_default().push(i);
        }
        Fields {
            out: String::new(),
            warnings,
            by_champ,
            shown: vec![false; warnings.len()],
        }
    }

    /// The warnings about `path` not shown yet.
    fn warnings_at(&mut self, path: &str) {
        let Some(indexes) = self.by_champ.get(path).cloned() else {
            return;
        };
        for i in indexes {
            if std::mem::replace(&mut self.shown[i], true) {
                continue;
            }
            self.warning(i);
        }
    }

    fn warning(&mut self, i: usize) {
        let w = &self.warnings[i];
        let code = serde_json::to_value(w.code).unwrap_or(Value::Null);
        let gravite = serde_json::to_value(w.gravite).unwrap_or(Value::Null);
        self.out.push_str(&format!(
            "<div class=\"avert {gravite}\" data-avertissement=\"{i}\" data-pour=\"{champ}\">\
             <span class=\"code\">{code}</span> <span class=\"message\">{message}</span> \
             <span class=\"pour\">({champ})</span></div>",
            gravite = text_of(&gravite),
            code = text_of(&code),
            champ = escape(&w.champ),
            message = escape(&w.message),
        ));
    }

    fn header(&mut self, v: &Value, a_verifier: usize, information: usize, unplaced: usize) {
        let src = &v["source"];
        self.out.push_str(&format!(
            "<header class=\"entete\"><h2>{name}</h2><dl class=\"resume\">\
             <dt>Fichier</dt><dd>",
            name = text_of(&src["fichier"]),
        ));
        self.leaf("source.fichier", &src["fichier"]);
        self.out.push_str("</dd><dt>Région</dt><dd>");
        match &v["region_academique"] {
            Value::Null => self.out.push_str("<span class=\"vide\"></span>"),
            region => self.out.push_str(&text_of(region)),
        }
        self.out.push_str("</dd><dt>Format</dt><dd>");
        self.leaf("source.format", &src["format"]);
        self.out.push_str("</dd><dt>Pages</dt><dd>");
        self.leaf("source.pages", &src["pages"]);
        self.out.push_str(&format!(
            "</dd><dt>Avertissements</dt><dd><span class=\"compte a_verifier\" data-gravite=\"a_verifier\">{a_verifier}</span> à vérifier, \
             <span class=\"compte information\" data-gravite=\"information\">{information}</span> information(s), \
             <span class=\"compte non-repris\">{unplaced}</span> texte(s) non repris</dd>\
             <dt>Empreinte</dt><dd class=\"petit\">"
        ));
        self.leaf("source.sha256", &src["sha256"]);
        self.out.push_str(" ; ");
        self.leaf("source.octets", &src["octets"]);
        self.out.push_str(" octets ; ");
        self.leaf("source.convertisseur", &src["convertisseur"]);
        self.out.push_str(" ; schéma ");
        self.leaf("schema_version", &v["schema_version"]);
        self.out.push_str("</dd></dl></header>");
    }

    /// One value: `null` visibly empty, a boolean as a box, text and numbers as written.
    fn leaf(&mut self, path: &str, value: &Value) {
        let champ = escape(path);
        match value {
            Value::Null => self.out.push_str(&format!(
                "<span class=\"val vide\" data-champ=\"{champ}\" data-null=\"1\"></span>"
            )),
            Value::Bool(checked) => self.out.push_str(&format!(
                "<span class=\"val case{cls}\" role=\"checkbox\" aria-checked=\"{checked}\" data-champ=\"{champ}\">{mark}</span>",
                cls = if *checked { " cochee" } else { "" },
                mark = if *checked { "✕" } else { "" },
            )),
            other => self.out.push_str(&format!(
                "<span class=\"val\" data-champ=\"{champ}\">{}</span>",
                text_of(other)
            )),
        }
        self.warnings_at(path);
    }

    /// Any value, laid out by its shape.
    fn value(&mut self, path: &str, value: &Value) {
        match value {
            Value::Array(items) => {
                self.warnings_at(path);
                if items.is_empty() {
                    self.out.push_str(&format!(
                        "<span class=\"vide liste\" data-liste=\"{}\"></span>",
                        escape(path)
                    ));
                    return;
                }
                self.out.push_str("<ul class=\"liste\">");
                for (i, item) in items.iter().enumerate() {
                    self.out.push_str("<li>");
                    self.value(&format!("{path}[{i}]"), item);
                    self.out.push_str("</li>");
                }
                self.out.push_str("</ul>");
            }
            Value::Object(map) => {
                self.warnings_at(path);
                self.out.push_str("<dl class=\"objet\">");
                for (key, item) in map {
                    self.out
                        .push_str(&format!("<dt>{}</dt><dd>", escape(label(key))));
                    self.value(&child(path, key), item);
                    self.out.push_str("</dd>");
                }
                self.out.push_str("</dl>");
            }
            scalar => self.leaf(path, scalar),
        }
    }

    fn part(&mut self, key: &str, title: &str) {
        self.out.push_str(&format!(
            "<section class=\"partie\" data-partie=\"{key}\"><h3>{title}</h3>"
        ));
    }

    fn unplaced(&mut self, v: &Value) {
        let Some(items) = v["texte_non_repris"].as_array() else {
            return;
        };
        if items.is_empty() {
            return;
        }
        self.part(
            "texte_non_repris",
            &format!("Texte non repris ({})", items.len()),
        );
        self.warnings_at("texte_non_repris");
        for (i, item) in items.iter().enumerate() {
            let origine = &item["origine"];
            let page = match origine["page"].as_u64() {
                Some(n) => format!(", page {n}"),
                None => String::new(),
            };
            self.out.push_str(&format!(
                "<div class=\"non-repris-item\"><span class=\"val non-repris\" data-champ=\"texte_non_repris[{i}].texte\">{texte}</span>\
                 <small class=\"chemin\">{chemin}{page}</small>",
                texte = text_of(&item["texte"]),
                chemin = text_of(&origine["chemin"]),
            ));
            self.warnings_at(&format!("texte_non_repris[{i}]"));
            self.warnings_at(&format!("texte_non_repris[{i}].texte"));
            self.out.push_str("</div>");
        }
        self.out.push_str("</section>");
    }

    fn row(&mut self, label: &str, path: &str, value: &Value) {
        self.out
            .push_str(&format!("<tr><th>{}</th><td>", escape(label)));
        self.value(path, value);
        self.out.push_str("</td></tr>");
    }

    fn introduction(&mut self, v: &Value) {
        self.part("introduction", "Introduction");
        self.out.push_str("<table class=\"formulaire\">");
        for key in ["region_academique", "numerotation_thematiques", "session"] {
            self.row(label(key), key, &v[key]);
        }
        // The three boxes as the form shows them, then the value they give.
        self.out.push_str("<tr><th>Format de la session</th><td>");
        self.warnings_at("format");
        for (key, text) in [
            ("presentiel", "Présentiel"),
            ("distanciel", "Distanciel"),
            ("les_deux", "Les 2"),
        ] {
            self.out.push_str("<label class=\"choix\">");
            self.leaf(&format!("format.{key}"), &v["format"][key]);
            self.out.push_str(&format!(" {text}</label> "));
        }
        self.out.push_str("<div>Valeur : ");
        self.leaf("format.valeur", &v["format"]["valeur"]);
        self.out.push_str("</div></td></tr>");
        self.row(label("animateurs"), "animateurs", &v["animateurs"]);
        self.out.push_str("</table>");

        self.out.push_str(
            "<table class=\"participants\"><thead><tr><th>Catégorie de participants</th><th>Case</th>\
             <th>Participants</th><th>Établissements représentés</th></tr></thead><tbody>",
        );
        self.warnings_at("participants");
        let empty = Vec::new();
        let participants = v["participants"].as_array().unwrap_or(&empty);
        for (i, p) in participants.iter().enumerate() {
            let path = format!("participants[{i}]");
            self.out.push_str("<tr><td>");
            self.leaf(&format!("{path}.libelle"), &p["libelle"]);
            self.out.push_str(" <small>");
            self.leaf(&format!("{path}.categorie"), &p["categorie"]);
            self.out.push_str("</small>");
            self.warnings_at(&path);
            for key in ["coche", "nombre_participants", "nombre_etablissements"] {
                self.out.push_str("</td><td>");
                self.leaf(&format!("{path}.{key}"), &p[key]);
            }
            self.out.push_str("</td></tr>");
        }
        self.out
            .push_str("</tbody><tfoot><tr><th colspan=\"2\">Total</th><td colspan=\"2\">");
        self.leaf("total_participants", &v["total_participants"]);
        self.out.push_str("</td></tr></tfoot></table></section>");
    }

    fn retex(&mut self, v: &Value) {
        self.part("retex", "RETEX");
        self.warnings_at("retex");
        let empty = Vec::new();
        let items = v["retex"].as_array().unwrap_or(&empty);
        if items.is_empty() {
            self.out
                .push_str("<span class=\"vide liste\" data-liste=\"retex\"></span>");
        }
        for (i, r) in items.iter().enumerate() {
            let path = format!("retex[{i}]");
            self.out.push_str("<div class=\"retex\">RETEX ");
            self.leaf(&format!("{path}.numero"), &r["numero"]);
            self.out.push_str(" : ");
            self.leaf(&format!("{path}.texte"), &r["texte"]);
            self.warnings_at(&path);
            self.out.push_str("</div>");
        }
        self.out.push_str("</section>");
    }

    /// One of the three tables, its columns from the SPEC's keys.
    fn grid(&mut self, v: &Value, key: &str, title: &str) {
        self.part(key, title);
        self.warnings_at(key);
        let empty = Vec::new();
        let rows = v[key].as_array().unwrap_or(&empty);
        if rows.is_empty() {
            self.out.push_str(&format!(
                "<span class=\"vide liste\" data-liste=\"{key}\"></span></section>"
            ));
            return;
        }
        self.out.push_str("<table class=\"grille\"><thead><tr>");
        let columns: Vec<String> = rows[0]
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        for column in &columns {
            self.out
                .push_str(&format!("<th>{}</th>", escape(label(column))));
        }
        self.out.push_str("</tr></thead><tbody>");
        for (i, row) in rows.iter().enumerate() {
            let path = format!("{key}[{i}]");
            self.out.push_str("<tr>");
            for (c, column) in columns.iter().enumerate() {
                self.out.push_str("<td>");
                if c == 0 {
                    self.warnings_at(&path);
                }
                self.value(&child(&path, column), &row[column.as_str()]);
                self.out.push_str("</td>");
            }
            self.out.push_str("</tr>");
        }
        self.out.push_str("</tbody></table></section>");
    }

    fn fiches(&mut self, v: &Value) {
        self.part("propositions_phares", "Propositions phares");
        self.warnings_at("propositions_phares");
        let empty = Vec::new();
        let fiches = v["propositions_phares"].as_array().unwrap_or(&empty);
        if fiches.is_empty() {
            self.out
                .push_str("<span class=\"vide liste\" data-liste=\"propositions_phares\"></span>");
        }
        for (i, fiche) in fiches.iter().enumerate() {
            self.out.push_str(&format!(
                "<div class=\"fiche\"><h4>Proposition phare {}</h4>",
                i + 1
            ));
            self.value(&format!("propositions_phares[{i}]"), fiche);
            self.out.push_str("</div>");
        }
        self.out.push_str("</section>");
    }

    /// Warnings whose field is not on the page (a section, a path the form has no
    /// place for): listed at the end, never dropped.
    fn leftover_warnings(&mut self) {
        let left: Vec<usize> = (0..self.warnings.len())
            .filter(|&i| !self.shown[i])
            .collect();
        if left.is_empty() {
            return;
        }
        self.part("autres", "Autres avertissements");
        for i in left {
            self.shown[i] = true;
            self.warning(i);
        }
        self.out.push_str("</section>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_quotes_and_controls() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\"\u{0}"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;\u{FFFD}"
        );
    }

    #[test]
    fn every_warning_is_placed_once() {
        let warnings = vec![
            Warning::new(
                crate::output::WarningCode::NombreIllisible,
                "retex[0].texte",
                "m1",
            ),
            Warning::new(crate::output::WarningCode::SectionAbsente, "ailleurs", "m2"),
        ];
        let mut fields = Fields::new(&warnings);
        let v = serde_json::json!({"retex": [{"numero": 1, "texte": "t"}]});
        fields.retex(&v);
        fields.leftover_warnings();
        assert_eq!(fields.out.matches("data-avertissement=\"0\"").count(), 1);
        assert_eq!(fields.out.matches("data-avertissement=\"1\"").count(), 1);
        let at_field = fields.out.find("data-avertissement=\"0\"").unwrap();
        assert!(at_field < fields.out.find("Autres avertissements").unwrap());
    }
}
