//! `--incremental`: a document's `NAME.json` stands for a new conversion only when it
//! can be trusted. The out-dir keeps an index (`.restitution-index.json`) of the SHA-256
//! of every `NAME.json` the batch wrote; a file is reused only if its bytes are still
//! those (not edited by hand since), it deserializes into the output types, and it was
//! written by this converter, in this schema version, from the same input bytes under the
//! same `fichier`. Anything else is converted again.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::output::{Restitution, CONVERTISSEUR, SCHEMA_VERSION};

use super::outdir::{Target, INDEX_NAME};

/// What one document did to its `NAME.json`, applied to the index in output order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexUpdate {
    /// Written (or kept) with these bytes: their SHA-256.
    Written { rel: String, sha256: String },
    /// Removed (the document failed; its report is `NAME.error.json`).
    Removed { rel: String },
}

/// The SHA-256 of each `NAME.json` the batch wrote, by its path relative to the out-dir.
#[derive(Debug, Clone, Default)]
pub struct Index {
    path: PathBuf,
    files: BTreeMap<String, String>,
}

impl Index {
    /// The index of `dir`; empty when there is none or it cannot be read.
    pub fn load(dir: &Path) -> Index {
        let path = dir.join(INDEX_NAME);
        let files = std::fs::read(&path).ok().and_then(|text| serde_json::from_slice(&text).ok()).unwrap_or_default();
        Index { path, files }
    }

    pub fn apply(&mut self, update: &IndexUpdate) {
        match update {
            IndexUpdate::Written { rel, sha256 } => self.files.insert(rel.clone(), sha256.clone()),
            IndexUpdate::Removed { rel } => self.files.remove(rel),
        };
    }

    /// The SHA-256 recorded for the file `rel`.
    pub fn recorded(&self, rel: &str) -> Option<&str> {
        self.files.get(rel).map(String::as_str)
    }

    /// Written whole or not at all; the entries of documents outside this batch are kept.
    pub fn save(&self) -> std::io::Result<()> {
        let text = serde_json::to_string_pretty(&self.files).unwrap_or_default();
        super::write_atomically(&self.path, &(text + "\n"))
    }

    /// The document in `target.json`, if it can stand for converting the input `fichier`
    /// whose bytes have this SHA-256, with (or without) `provenance` as asked.
    pub fn reuse(&self, target: &Target, fichier: &str, input_sha256: &str, provenance: bool) -> Option<Restitution> {
        let recorded = self.files.get(&target.rel)?;
        let bytes = std::fs::read(&target.json).ok()?;
        if crate::sha256_hex(&bytes) != *recorded {
            return None;
        }
        let doc: Restitution = serde_json::from_slice(&bytes).ok()?;
        let same = doc.schema_version == SCHEMA_VERSION
            && doc.source.convertisseur == CONVERTISSEUR
            && doc.source.sha256 == input_sha256
            && doc.source.fichier == fichier
            && doc.provenance.is_some() == provenance;
        same.then_some(doc)
    }
}
