//! The report of a batch (`--rapport FILE.json`, and its short form on stderr): documents
//! per région and format, warnings per code and gravité, failures per code with their
//! files, and the doublons.
//!
//! Doublons are files that hold one restitution more than once: identical files (same
//! `sha256`), and the same restitution in two formats (same région, dates, atelier and
//! animateurs, e.g. a DOCX and its PDF export). The two relations are joined: a DOCX, its
//! PDF and a copy of the DOCX are one group of three. Each group names the file to keep:
//! a document before an error line, then a DOCX before an ODT before a PDF, then the
//! first by `fichier`.
//!
//! The builder keeps a few short fields per line, not the documents.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;
use serde_json::Value;

use super::tables::{LineKind, line_kind};

/// How many doublon groups the short form names.
const GROUPS_NAMED: usize = 10;

/// The batch report, as written to `--rapport`.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Report {
    /// Documents (lines that are a document).
    pub documents: usize,
    /// Error lines (files that yield no document).
    pub echecs: usize,
    /// Documents counted by région and source format.
    pub documents_par_region_et_format: Vec<RegionFormat>,
    /// Warnings counted by code.
    pub avertissements_par_code: Vec<WarningCount>,
    /// Error lines counted by code.
    pub echecs_par_code: Vec<FailureCount>,
    /// Groups of files that hold the same restitution.
    pub doublons: Vec<DuplicateGroup>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RegionFormat {
    pub region_academique: Option<String>,
    pub format: Option<String>,
    pub documents: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct WarningCount {
    pub code: String,
    pub gravite: Option<String>,
    pub avertissements: usize,
    /// Documents with at least one such warning.
    pub documents: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FailureCount {
    pub code: String,
    pub fichiers: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DuplicateGroup {
    /// The file to keep (the one `--sans-doublons` writes to the tables).
    pub garder: String,
    /// Every file of the group, the one to keep first.
    pub fichiers: Vec<DuplicateFile>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DuplicateFile {
    pub fichier: String,
    pub format: Option<String>,
    pub sha256: Option<String>,
    /// Why it is a doublon of the file to keep: `fichier_identique` (same `sha256`) or
    /// `meme_restitution`; `null` for the file to keep.
    pub raison: Option<&'static str>,
}

/// What the report keeps of one line.
#[derive(Debug, Clone)]
struct Entry {
    fichier: String,
    format: Option<String>,
    sha256: Option<String>,
    is_document: bool,
    /// Région, dates, atelier and animateurs, normalized; `None` when too little is
    /// known to tell two restitutions apart.
    restitution: Option<String>,
}

/// Collects lines in output order and makes the [`Report`].
#[derive(Debug, Default)]
pub struct ReportBuilder {
    entries: Vec<Entry>,
    by_region_format: BTreeMap<(Option<String>, Option<String>), usize>,
    /// (code, gravité) → (warnings, documents).
    warnings: BTreeMap<(String, Option<String>), (usize, usize)>,
    failures: BTreeMap<String, Vec<String>>,
}

impl ReportBuilder {
    /// Count one output line; a line that is neither a document nor an error is ignored.
    pub fn add(&mut self, line: &Value) {
        let Some(kind) = line_kind(line) else { return };
        let text = |pointer: &str| {
            line.pointer(pointer)
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        let entry = Entry {
            fichier: text("/source/fichier").unwrap_or_default(),
            format: text("/source/format"),
            sha256: text("/source/sha256"),
            is_document: kind == LineKind::Document,
            restitution: (kind == LineKind::Document)
                .then(|| restitution_key(line))
                .flatten(),
        };
        match kind {
            LineKind::Document => {
                *self
                    .by_region_format
                    .entry((text("/region_academique"), entry.format.clone()))
                    .or_default() += 1;
                self.count_warnings(line);
            }
            LineKind::Error => {
                let code = text("/erreur/code").unwrap_or_default();
                self.failures
                    .entry(code)
                    .or_default()
                    .push(entry.fichier.clone());
            }
        }
        self.entries.push(entry);
    }

    fn count_warnings(&mut self, doc: &Value) {
        let mut seen = BTreeSet::new();
        for warning in doc["avertissements"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            let code = warning["code"].as_str().unwrap_or_default().to_string();
            let gravite = warning["gravite"].as_str().map(str::to_string);
            let counts = self
                .warnings
                .entry((code.clone(), gravite.clone()))
                .or_default();
            counts.0 += 1;
            if seen.insert((code, gravite)) {
                counts.1 += 1;
            }
        }
    }

    /// The report of every line added.
    pub fn report(&self) -> Report {
        Report {
            documents: self.entries.iter().filter(|e| e.is_document).count(),
            echecs: self.entries.iter().filter(|e| !e.is_document).count(),
            documents_par_region_et_format: self
                .by_region_format
                .iter()
                .map(|((region, format), n)| RegionFormat {
                    region_academique: region.clone(),
                    format: format.clone(),
                    documents: *n,
                })
                .collect(),
            avertissements_par_code: self
                .warnings
                .iter()
                .map(|((code, gravite), (n, docs))| WarningCount {
                    code: code.clone(),
                    gravite: gravite.clone(),
                    avertissements: *n,
                    documents: *docs,
                })
                .collect(),
            echecs_par_code: self
                .failures
                .iter()
                .map(|(code, fichiers)| FailureCount {
                    code: code.clone(),
                    fichiers: fichiers.clone(),
                })
                .collect(),
            doublons: self.duplicate_groups(),
        }
    }

    /// The groups of doublons, by the file to keep.
    fn duplicate_groups(&self) -> Vec<DuplicateGroup> {
        let mut groups = UnionFind::new(self.entries.len());
        let mut first_of: HashMap<(u8, &str), usize> = HashMap::new();
        for (index, entry) in self.entries.iter().enumerate() {
            let keys = [
                entry.sha256.as_deref().map(|s| (0, s)),
                entry.restitution.as_deref().map(|r| (1, r)),
            ];
            for key in keys.into_iter().flatten() {
                let first = *first_of.entry(key).or_insert(index);
                groups.join(first, index);
            }
        }
        let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for index in 0..self.entries.len() {
            members.entry(groups.root(index)).or_default().push(index);
        }
        let mut result: Vec<DuplicateGroup> = members
            .into_values()
            .filter(|m| m.len() > 1)
            .map(|m| self.group(m))
            .collect();
        result.sort_by(|a, b| a.garder.cmp(&b.garder));
        result
    }

    fn group(&self, mut members: Vec<usize>) -> DuplicateGroup {
        members.sort_by_key(|&i| {
            let e = &self.entries[i];
            (
                !e.is_document,
                format_rank(e.format.as_deref()),
                e.fichier.clone(),
            )
        });
        let keep = &self.entries[members[0]];
        let fichiers = members
            .iter()
            .enumerate()
            .map(|(position, &i)| {
                let e = &self.entries[i];
                let raison = match position {
                    0 => None,
                    _ if e.sha256.is_some() && e.sha256 == keep.sha256 => Some("fichier_identique"),
                    _ => Some("meme_restitution"),
                };
                DuplicateFile {
                    fichier: e.fichier.clone(),
                    format: e.format.clone(),
                    sha256: e.sha256.clone(),
                    raison,
                }
            })
            .collect();
        DuplicateGroup {
            garder: keep.fichier.clone(),
            fichiers,
        }
    }
}

/// Which format of a restitution to keep first: the DOCX, from which a PDF is exported.
fn format_rank(format: Option<&str>) -> u8 {
    match format {
        Some("docx") => 0,
        Some("odt") => 1,
        Some("pdf") => 2,
        _ => 3,
    }
}

/// Région, dates, atelier and animateurs of a document, in one normalized text; `None`
/// without a région or without any of the others (empty forms are not doublons).
fn restitution_key(doc: &Value) -> Option<String> {
    let region = normalized(doc["region_academique"].as_str()?);
    let list = |value: &Value| -> String {
        value
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(normalized)
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .unwrap_or_default()
    };
    let dates = list(&doc["session"]["dates"]);
    let atelier = doc["session"]["atelier"]
        .as_str()
        .map(normalized)
        .unwrap_or_default();
    let animateurs = list(&doc["animateurs"]["noms"]);
    if region.is_empty() || (dates.is_empty() && atelier.is_empty() && animateurs.is_empty()) {
        return None;
    }
    Some([region, dates, atelier, animateurs].join("\u{1f}"))
}

/// Lower case, words separated by one space: what differs between a DOCX and its PDF.
fn normalized(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Groups of indexes, joined two at a time.
struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    fn new(len: usize) -> Self {
        UnionFind {
            parent: (0..len).collect(),
        }
    }

    fn root(&mut self, mut index: usize) -> usize {
        while self.parent[index] != index {
            self.parent[index] = self.parent[self.parent[index]];
            index = self.parent[index];
        }
        index
    }

    fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.root(a), self.root(b));
        // The smaller index stays the root: groups come out in output order.
        if a != b {
            self.parent[a.max(b)] = a.min(b);
        }
    }
}

impl Report {
    /// The files `--sans-doublons` leaves out: every doublon but the one to keep.
    pub fn left_out(&self) -> BTreeSet<String> {
        self.doublons
            .iter()
            .flat_map(|g| g.fichiers.iter().skip(1).map(|f| f.fichier.clone()))
            .collect()
    }

    /// The short form printed on stderr at the end of a batch (French).
    pub fn render_short(&self) -> String {
        let mut out = String::from("rapport :\n  documents par région et format : ");
        let per_region: Vec<String> = self
            .documents_par_region_et_format
            .iter()
            .map(|r| {
                let region = r.region_academique.as_deref().unwrap_or("(sans région)");
                format!(
                    "{region} {} {}",
                    r.format.as_deref().unwrap_or("?"),
                    r.documents
                )
            })
            .collect();
        out.push_str(if per_region.is_empty() { "aucun" } else { "" });
        out.push_str(&per_region.join(", "));
        let files: usize = self.doublons.iter().map(|g| g.fichiers.len()).sum();
        out.push_str(&format!(
            "\n  doublons : {} groupe(s), {files} fichier(s)\n",
            self.doublons.len()
        ));
        for group in self.doublons.iter().take(GROUPS_NAMED) {
            let others: Vec<&str> = group
                .fichiers
                .iter()
                .skip(1)
                .map(|f| f.fichier.as_str())
                .collect();
            out.push_str(&format!(
                "    garder {} ; doublons : {}\n",
                group.garder,
                others.join(", ")
            ));
        }
        if self.doublons.len() > GROUPS_NAMED {
            out.push_str(&format!(
                "    … et {} autres groupes (voir --rapport)\n",
                self.doublons.len() - GROUPS_NAMED
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(fichier: &str, format: &str, sha: &str, region: &str, atelier: &str) -> Value {
        json!({
            "schema_version": "1.1",
            "source": {"fichier": fichier, "format": format, "sha256": sha},
            "region_academique": region,
            "session": {"dates": ["2020-10-12"], "atelier": atelier},
            "animateurs": {"noms": ["A B"]},
            "avertissements": [
                {"code": "champ_non_rempli", "gravite": "information"},
                {"code": "champ_non_rempli", "gravite": "information"}
            ]
        })
    }

    #[test]
    fn a_docx_its_pdf_and_a_copy_are_one_group_keeping_the_docx() {
        let mut builder = ReportBuilder::default();
        builder.add(&doc("b/copie.docx", "docx", "s1", "Corse", "Atelier"));
        builder.add(&doc("a/atelier.pdf", "pdf", "s2", "Corse", "atelier "));
        builder.add(&doc("c/atelier.docx", "docx", "s1", "Corse", "Atelier"));
        builder.add(&doc("d/autre.docx", "docx", "s3", "Corse", "Autre"));
        let report = builder.report();
        assert_eq!(report.doublons.len(), 1, "{report:?}");
        let group = &report.doublons[0];
        assert_eq!(group.garder, "b/copie.docx");
        let reasons: Vec<_> = group
            .fichiers
            .iter()
            .map(|f| (f.fichier.as_str(), f.raison))
            .collect();
        assert_eq!(
            reasons,
            [
                ("b/copie.docx", None),
                ("c/atelier.docx", Some("fichier_identique")),
                ("a/atelier.pdf", Some("meme_restitution"))
            ]
        );
        assert_eq!(
            report.left_out(),
            BTreeSet::from(["c/atelier.docx".to_string(), "a/atelier.pdf".to_string()])
        );
        assert_eq!(report.avertissements_par_code[0].avertissements, 8);
        assert_eq!(report.avertissements_par_code[0].documents, 4);
    }

    #[test]
    fn empty_forms_are_not_doublons() {
        let mut builder = ReportBuilder::default();
        for (i, sha) in ["s1", "s2"].iter().enumerate() {
            builder.add(&json!({"schema_version": "1.1", "source": {"fichier": format!("{i}.docx"), "sha256": sha},
                "region_academique": null, "session": {"dates": [], "atelier": null}, "animateurs": {"noms": []}}));
        }
        assert!(builder.report().doublons.is_empty());
    }

    #[test]
    fn failures_are_listed_by_code_with_their_files() {
        let mut builder = ReportBuilder::default();
        builder.add(&json!({"source": {"fichier": "x.odt", "sha256": null}, "erreur": {"code": "format_non_pris_en_charge"}}));
        let report = builder.report();
        assert_eq!(report.echecs, 1);
        assert_eq!(report.echecs_par_code[0].fichiers, ["x.odt"]);
        assert!(report.render_short().contains("doublons : 0 groupe(s)"));
    }
}
