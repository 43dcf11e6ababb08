//! `--incremental`: a document's `NAME.json` stands for a new conversion only when it
//! can be trusted. The out-dir keeps an index (`.restitution-index.json`) of the SHA-256
//! of every `NAME.json` the batch wrote; a file is reused only if its bytes are still
//! those (not edited by hand since), it deserializes into the output types, and it was
//! written by this converter, in this schema version, from the same input bytes under the
//! same `fichier`, with the same settings (every field of `Limits`, OCR on or off among
//! them: a limit decides between a document and an error, and `--sans-ocr` between a
//! scan's text and `sans_texte`). Anything else is converted again.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::Limits;
use crate::output::{CONVERTISSEUR, Restitution, SCHEMA_VERSION};

use super::outdir::{INDEX_NAME, Target};

/// The largest index or `NAME.json` read: a file of the out-dir above it is not trusted.
const MAX_CACHE_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// The bytes of a regular file (not through a symbolic link) of at most
/// `MAX_CACHE_FILE_BYTES`. Anything else is not a file this batch wrote and is never
/// opened: a pipe would block the open, a device never end.
fn read_regular(path: &Path) -> Option<Vec<u8>> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_CACHE_FILE_BYTES {
        return None;
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(MAX_CACHE_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .ok()?;
    (bytes.len() as u64 <= MAX_CACHE_FILE_BYTES).then_some(bytes)
}

/// What one document did to its `NAME.json`, applied to the index in output order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexUpdate {
    /// Written (or kept) with these bytes: their SHA-256.
    Written { rel: String, sha256: String },
    /// Removed (the document failed; its report is `NAME.error.json`).
    Removed { rel: String },
}

/// What the index records of one `NAME.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Entry {
    /// The SHA-256 of the file's bytes.
    sha256: String,
    /// The settings it was converted with (`settings_key`).
    reglages: String,
}

/// The `NAME.json` files the batch wrote, by their path relative to the out-dir.
#[derive(Debug, Clone, Default)]
pub struct Index {
    path: PathBuf,
    /// The settings of this run: what a file must have been converted with to be reused,
    /// and what the files written now are recorded with.
    settings: String,
    files: BTreeMap<String, Entry>,
}

/// The settings a conversion depends on, as one short string: the SHA-256 of every
/// field of `limits` (its `Debug` text names each field and value).
fn settings_key(limits: &Limits) -> String {
    crate::sha256_hex(format!("{limits:?}").as_bytes())
}

impl Index {
    /// The index of `dir` for a run with `limits`; empty when there is none or it cannot
    /// be read (an index of an older layout included).
    pub fn load(dir: &Path, limits: &Limits) -> Index {
        let path = dir.join(INDEX_NAME);
        let files = read_regular(&path)
            .and_then(|text| serde_json::from_slice(&text).ok())
            .unwrap_or_default();
        Index {
            path,
            settings: settings_key(limits),
            files,
        }
    }

    pub fn apply(&mut self, update: &IndexUpdate) {
        match update {
            IndexUpdate::Written { rel, sha256 } => self.files.insert(
                rel.clone(),
                Entry {
                    sha256: sha256.clone(),
                    reglages: self.settings.clone(),
                },
            ),
            IndexUpdate::Removed { rel } => self.files.remove(rel),
        };
    }

    /// The SHA-256 recorded for the file `rel`.
    pub fn recorded(&self, rel: &str) -> Option<&str> {
        self.files.get(rel).map(|entry| entry.sha256.as_str())
    }

    /// Written whole or not at all; the entries of documents outside this batch are kept.
    pub fn save(&self) -> std::io::Result<()> {
        let text = serde_json::to_string_pretty(&self.files).unwrap_or_default();
        super::write_out_file(&self.path, &(text + "\n"))
    }

    /// The document in `target.json`, if it can stand for converting the input `fichier`
    /// whose bytes have this SHA-256, with (or without) `provenance` as asked.
    pub fn reuse(
        &self,
        target: &Target,
        fichier: &str,
        input_sha256: &str,
        provenance: bool,
    ) -> Option<Restitution> {
        let recorded = self.files.get(&target.rel)?;
        if recorded.reglages != self.settings {
            return None;
        }
        let bytes = read_regular(&target.json)?;
        if crate::sha256_hex(&bytes) != recorded.sha256 {
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
