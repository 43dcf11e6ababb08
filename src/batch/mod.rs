//! Batch conversion: many files, folders and zip archives to JSON Lines, in parallel,
//! in a stable order.
//!
//! - `inputs` lists the candidates (paths only), sorted by `source.fichier`, leaving
//!   aside what `filter` says is not one; `names` makes every name readable and distinct.
//! - `run` converts them on a rayon pool and hands the results back in order, through
//!   a bounded reorder window.
//! - `outdir` places the per-document files of `--out-dir`; `cache` decides which of them
//!   `--incremental` may reuse.
//! - this module converts one item (a panic becomes an `erreur_interne` line), writes
//!   the optional per-document files of `--out-dir`, and counts the summary.
//!
//! Every candidate yields one line: the SPEC document (compact JSON), or an error line
//! `{"source": {...}, "erreur": {"code": ..., "message": ...}}`.

mod cache;
mod filter;
mod inputs;
mod names;
mod outdir;
pub(crate) mod run;

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::FileKind;
use crate::error::{Cause, ConvertError, ErrorCode};
use crate::output::{ErrorLine, ErrorSource, Gravite, Restitution, SourceFormat, WarningCode};

use cache::{Index, IndexUpdate};
use outdir::Target;

pub use filter::SkipReason;
pub use inputs::{Candidate, Listing, MAX_PATH_BYTES, PathError, Skipped, list};

/// How a batch runs.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Worker threads; `0` means one per core.
    pub jobs: usize,
    /// Also write one pretty JSON file per document under this folder.
    pub out_dir: Option<PathBuf>,
    /// With `out_dir`: do not convert a document whose `.json` file can be trusted to
    /// hold its conversion (see `cache`); its line is taken from that file.
    pub incremental: bool,
    /// Convert every document, even with `incremental`.
    pub force: bool,
    /// Globs: only the candidates matching one of them (empty: all).
    pub include: Vec<String>,
    /// Globs: the entries matching one of them are left aside.
    pub exclude: Vec<String>,
    /// Take hidden files and folders (names starting with `.`) too.
    pub hidden: bool,
    /// Say where every value was read (`provenance`, SPEC "Nothing lost").
    pub provenance: bool,
    /// The limits every document is read and converted within.
    pub limits: crate::Limits,
    /// Set (by a Ctrl-C handler) to stop the batch: no document is written after it is
    /// seen, and `run` returns an error of kind `Interrupted`.
    pub interrupt: Arc<AtomicBool>,
}

impl Options {
    fn reuses_outputs(&self) -> bool {
        self.incremental && !self.force
    }

    /// Worker threads to run: `jobs`, or one per core.
    pub fn threads(&self) -> usize {
        if self.jobs > 0 {
            self.jobs
        } else {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
        }
    }
}

/// What became of one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Converted; the warning codes of its `avertissements`.
    Converted {
        /// Warning codes, one per warning.
        warnings: Vec<String>,
    },
    /// Left as it was (`incremental`): its output file already matched.
    Unchanged {
        /// Warning codes, one per warning.
        warnings: Vec<String>,
    },
    /// No document: the error code.
    Failed(ErrorCode),
    /// Not a document after all (a ZIP that holds no Word document): no line.
    Skipped,
}

/// One item done: its output line (without the newline) and what became of it.
#[derive(Debug, Clone)]
pub struct Processed {
    /// The JSON line (a document or an error line); `None` when skipped.
    pub line: Option<String>,
    /// What became of the item.
    pub outcome: Outcome,
    /// What became of its `--out-dir` file, for the index of `--incremental`.
    pub index: Option<IndexUpdate>,
}

/// How many failed files the summary names unless asked for all of them.
pub const FAILURES_NAMED: usize = 20;

/// The counts printed at the end of a batch, and the files that failed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Documents converted (including those left unchanged).
    pub converted: usize,
    /// Of which left unchanged by `incremental`.
    pub unchanged: usize,
    /// Documents with at least one warning a person should look at (`a_verifier`).
    pub to_check: usize,
    /// Warnings, by code.
    pub warnings: BTreeMap<String, usize>,
    /// Files that yield no document, by error code.
    pub failed: BTreeMap<String, usize>,
    /// The files that yield no document, with their error code, in output order.
    pub failures: Vec<(String, ErrorCode)>,
    /// Files that are not documents.
    pub skipped: usize,
}

impl Summary {
    /// Files that yield no document, all codes together.
    pub fn failed_total(&self) -> usize {
        self.failed.values().sum()
    }

    fn count(&mut self, fichier: &str, outcome: &Outcome) {
        match outcome {
            Outcome::Converted { warnings } | Outcome::Unchanged { warnings } => {
                self.converted += 1;
                if matches!(outcome, Outcome::Unchanged { .. }) {
                    self.unchanged += 1;
                }
                if warnings
                    .iter()
                    .any(|code| gravite(code) == Some(Gravite::AVerifier))
                {
                    self.to_check += 1;
                }
                for code in warnings {
                    *self.warnings.entry(code.clone()).or_default() += 1;
                }
            }
            Outcome::Failed(code) => {
                *self.failed.entry(code.as_str().to_string()).or_default() += 1;
                self.failures.push((fichier.to_string(), *code));
            }
            Outcome::Skipped => self.skipped += 1,
        }
    }

    /// The summary as printed on stderr: the counts, then the files that failed (the
    /// first `FAILURES_NAMED` of them, or all with `all_failures`).
    pub fn render(&self, all_failures: bool) -> String {
        let mut out = format!("convertis : {}", self.converted);
        if self.unchanged > 0 {
            out.push_str(&format!(" (dont {} inchangés)", self.unchanged));
        }
        out.push_str(&format!("\nà vérifier : {}", self.to_check));
        let to_check = self.warnings_of(Gravite::AVerifier);
        if !to_check.is_empty() {
            out.push_str(&format!(" ({to_check})"));
        }
        let information = self.warnings_of(Gravite::Information);
        if !information.is_empty() {
            out.push_str(&format!("\npour information : {information}"));
        }
        out.push_str(&format!("\nen échec : {}", self.failed_total()));
        if !self.failed.is_empty() {
            out.push_str(&format!(" ({})", by_code(self.failed.iter())));
        }
        out.push_str(&format!("\nignorés : {}\n", self.skipped));
        out.push_str(&self.failure_list(all_failures));
        out
    }

    /// `code n, …` over the warnings of one gravity; empty when there are none.
    fn warnings_of(&self, wanted: Gravite) -> String {
        by_code(
            self.warnings
                .iter()
                .filter(|(code, _)| gravite(code) == Some(wanted)),
        )
    }

    fn failure_list(&self, all: bool) -> String {
        if self.failures.is_empty() {
            return String::new();
        }
        let shown = if all {
            self.failures.len()
        } else {
            self.failures.len().min(FAILURES_NAMED)
        };
        let mut out = String::from("fichiers en échec :\n");
        for (fichier, code) in &self.failures[..shown] {
            out.push_str(&format!("  {} : {code}", crate::error::one_line(fichier)));
            if let Some(hint) = crate::error::hint(fichier, *code) {
                out.push_str(&format!(" ({hint})"));
            }
            out.push('\n');
        }
        let hidden = self.failures.len() - shown;
        if hidden > 0 {
            out.push_str(&format!(
                "  … et {hidden} autres (--verbose pour tous les nommer)\n"
            ));
        }
        out
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(false))
    }
}

fn by_code<'a>(counts: impl Iterator<Item = (&'a String, &'a usize)>) -> String {
    counts
        .map(|(code, n)| format!("{code} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The SPEC's gravity of a warning code (as written in the JSON).
fn gravite(code: &str) -> Option<Gravite> {
    serde_json::from_value::<WarningCode>(serde_json::Value::from(code))
        .ok()
        .map(WarningCode::gravite)
}

/// Convert `items` (sorted by `fichier`) and write one line per document to `out`, in
/// the items' order. `progress` is called once per item, in order. Only a failure to
/// write `out` is an error; a file that yields no document is an error line.
pub fn run(
    items: &[Candidate],
    options: &Options,
    out: &mut dyn Write,
    progress: &dyn Fn(),
) -> io::Result<Summary> {
    let threads = options.threads();
    let targets = out_targets(items, options);
    let jobs: Vec<(&Candidate, Option<&Target>)> = items
        .iter()
        .enumerate()
        .map(|(i, item)| (item, targets.get(i)))
        .collect();
    let trusted = options
        .out_dir
        .as_deref()
        .map(|dir| Index::load(dir, &options.limits))
        .unwrap_or_default();
    let mut index = trusted.clone();
    let mut summary = Summary::default();
    let result = run::ordered(
        &jobs,
        threads,
        (threads * 4).max(16),
        |(item, target)| {
            (
                item.fichier.clone(),
                process(item, *target, &trusted, options),
            )
        },
        |(fichier, done)| {
            if options.interrupt.load(Ordering::Relaxed) {
                return Err(io::Error::other(Interrupted));
            }
            if let Some(line) = &done.line {
                out.write_all(line.as_bytes())?;
                out.write_all(b"\n")?;
            }
            if let Some(update) = &done.index {
                index.apply(update);
            }
            summary.count(&fichier, &done.outcome);
            progress();
            Ok(())
        },
    );
    if options.out_dir.is_some() {
        // The index is a cache: a failure to save it only costs conversions next time.
        let _ = index.save();
    }
    result?;
    out.flush()?;
    Ok(summary)
}

/// With `--out-dir`, where each item's file goes (see `outdir::targets`).
pub fn out_targets(items: &[Candidate], options: &Options) -> Vec<Target> {
    let Some(dir) = &options.out_dir else {
        return Vec::new();
    };
    let fichiers: Vec<&str> = items.iter().map(|item| item.fichier.as_str()).collect();
    outdir::targets(dir, &fichiers)
}

/// Convert one item (its `--out-dir` file at `target`). Never panics: a panic (of the
/// converter, or while reading an archive member) is an `erreur_interne` line.
pub fn process(
    item: &Candidate,
    target: Option<&Target>,
    trusted: &Index,
    options: &Options,
) -> Processed {
    match guarded(|| Ok(process_unguarded(item, target, trusted, options))) {
        Ok(done) => done,
        Err(error) => failure(item, target, None, None, None, &error),
    }
}

fn process_unguarded(
    item: &Candidate,
    target: Option<&Target>,
    trusted: &Index,
    options: &Options,
) -> Processed {
    if options.interrupt.load(Ordering::Relaxed) {
        // Not read nor written: `run` stops at this item.
        return Processed {
            line: None,
            outcome: Outcome::Skipped,
            index: None,
        };
    }
    let bytes = match item.read(&options.limits) {
        Ok(bytes) => bytes,
        Err(unread) => return failure(item, target, None, unread.octets, None, &unread.error),
    };
    if item.is_probe() && !holds_text_document(&bytes) {
        return Processed {
            line: None,
            outcome: Outcome::Skipped,
            index: None,
        };
    }
    let sha256 = crate::sha256_hex(&bytes);
    if options.reuses_outputs()
        && let Some(target) = target
        && let Some(doc) = trusted.reuse(target, &item.fichier, &sha256, options.provenance)
    {
        let line = crate::to_json(&doc, false);
        let index = trusted_update(target, trusted);
        return Processed {
            line: Some(line),
            outcome: Outcome::Unchanged {
                warnings: warning_codes(&doc),
            },
            index,
        };
    }
    match guarded(|| {
        crate::convert_traced(&item.fichier, &bytes, &options.limits, options.provenance)
    }) {
        Ok(doc) => converted(item, target, &bytes, doc),
        Err(error) => failure(
            item,
            target,
            Some(&bytes),
            Some(bytes.len() as u64),
            Some(sha256),
            &error,
        ),
    }
}

/// A reused file stays in the index as it was.
fn trusted_update(target: &Target, trusted: &Index) -> Option<IndexUpdate> {
    trusted
        .recorded(&target.rel)
        .map(|sha256| IndexUpdate::Written {
            rel: target.rel.clone(),
            sha256: sha256.to_string(),
        })
}

/// The line of a converted document; with `--out-dir`, its file written too.
fn converted(
    item: &Candidate,
    target: Option<&Target>,
    bytes: &[u8],
    doc: Restitution,
) -> Processed {
    let warnings = warning_codes(&doc);
    let mut index = None;
    if let Some(target) = target {
        let pretty = with_newline(crate::to_json(&doc, true));
        if let Err(e) = write_out_file(&target.json, &pretty) {
            let error = write_error(&target.json, e);
            return failure(
                item,
                Some(target),
                Some(bytes),
                Some(bytes.len() as u64),
                None,
                &error,
            );
        }
        remove_if_present(&target.error);
        index = Some(IndexUpdate::Written {
            rel: target.rel.clone(),
            sha256: crate::sha256_hex(pretty.as_bytes()),
        });
    }
    Processed {
        line: Some(crate::to_json(&doc, false)),
        outcome: Outcome::Converted { warnings },
        index,
    }
}

/// A ZIP found without a document extension is taken for a document only if it holds a
/// Word main part or an OpenDocument text (`content.xml`, text mimetype); spreadsheets,
/// presentations and other archives are skipped.
fn holds_text_document(bytes: &[u8]) -> bool {
    crate::reader::holds_word_document(bytes) || crate::odt::holds_text_document(bytes)
}

fn warning_codes(doc: &Restitution) -> Vec<String> {
    doc.avertissements
        .iter()
        .filter_map(|w| serde_json::to_value(w.code).ok())
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect()
}

/// The error line for `item`; with `--out-dir`, also written as `NAME.error.json`.
fn failure(
    item: &Candidate,
    target: Option<&Target>,
    bytes: Option<&[u8]>,
    octets: Option<u64>,
    sha256: Option<String>,
    error: &ConvertError,
) -> Processed {
    // The format the content shows, unless the error is precisely that it shows none.
    let format = match (bytes.map(crate::reader::file_kind), error.code) {
        (_, ErrorCode::FormatNonPrisEnCharge) => None,
        (Some(Ok(FileKind::Docx)), _) => Some(SourceFormat::Docx),
        (Some(Ok(FileKind::Odt)), _) => Some(SourceFormat::Odt),
        (Some(Ok(FileKind::Pdf)), _) => Some(SourceFormat::Pdf),
        _ => None,
    };
    let source = ErrorSource {
        fichier: item.fichier.clone(),
        format,
        sha256: sha256.or_else(|| bytes.map(crate::sha256_hex)),
        octets,
        pages: None,
    };
    let line = ErrorLine::new(source, error);
    let compact = serde_json::to_string(&line).unwrap_or_default();
    let mut index = None;
    if let Some(target) = target {
        let pretty = serde_json::to_string_pretty(&line).unwrap_or_default();
        // The error file is a report: if it cannot be written, the line still says why
        // the document failed, which matters more.
        if write_out_file(&target.error, &with_newline(pretty)).is_ok() {
            remove_if_present(&target.json);
            index = Some(IndexUpdate::Removed {
                rel: target.rel.clone(),
            });
        }
    }
    Processed {
        line: Some(compact),
        outcome: Outcome::Failed(error.code),
        index,
    }
}

fn write_error(target: &Path, e: io::Error) -> ConvertError {
    ConvertError::of(Cause::Write {
        path: target.to_path_buf(),
    })
    .with_source(e)
}

fn with_newline(mut text: String) -> String {
    text.push('\n');
    text
}

/// A run stopped by a trapped signal (Ctrl-C, SIGTERM) through `Options::interrupt`: the
/// error `run` returns then carries this, told apart from a failed write by
/// [`Interrupted::is`] (`io::ErrorKind::Interrupted` is retried by readers and writers).
#[derive(Debug, Clone, Copy, thiserror::Error)]
#[error("interrompu")]
pub struct Interrupted;

impl Interrupted {
    /// Whether `e` is a stop rather than a failure.
    pub fn is(e: &io::Error) -> bool {
        e.get_ref().is_some_and(|inner| inner.is::<Interrupted>())
    }
}

fn remove_if_present(path: &Path) {
    let _ = std::fs::remove_file(path);
}

/// Write a file of `--out-dir` whole or not at all, its folders created first (the
/// tree mirrors the inputs').
fn write_out_file(path: &Path, text: &str) -> io::Result<()> {
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    crate::atomic::write_atomically(path, |out| out.write_all(text.as_bytes()))
}

thread_local! {
    /// Set while this thread runs a guarded conversion: its panics are reported in
    /// the error line, not printed.
    static GUARDED: Cell<bool> = const { Cell::new(false) };
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Run `f`; a panic becomes an `erreur_interne` error whose message says where. The
/// panic hook is wrapped once per process so that panics inside a guarded call print
/// nothing; every other panic still goes to the previous hook.
pub fn guarded<T>(f: impl FnOnce() -> Result<T, ConvertError>) -> Result<T, ConvertError> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if GUARDED.with(Cell::get) {
                let location = info
                    .location()
                    .map(|l| format!(" ({}:{})", l.file(), l.line()))
                    .unwrap_or_default();
                LAST_PANIC.with(|last| {
                    *last.borrow_mut() =
                        Some(format!("{}{location}", panic_message(info.payload())))
                });
            } else {
                previous(info);
            }
        }));
    });
    let was = GUARDED.with(|g| g.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(was));
    result.unwrap_or_else(|payload| {
        let what = LAST_PANIC
            .with(|last| last.borrow_mut().take())
            .unwrap_or_else(|| panic_message(&*payload));
        Err(ConvertError::of(Cause::Internal { what }))
    })
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panique".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_internal_error() {
        let result: Result<(), ConvertError> = guarded(|| panic!("boom {}", 42));
        let err = result.expect_err("an error");
        assert_eq!(err.code, ErrorCode::ErreurInterne);
        assert!(err.message().contains("boom 42"), "{}", err.message());
        assert!(err.message().contains("batch/mod.rs"), "{}", err.message());
        assert_eq!(guarded(|| Ok(3)), Ok(3));
    }

    #[test]
    fn summary_counts_by_code_and_names_the_failures() {
        let mut s = Summary::default();
        s.count(
            "a.docx",
            &Outcome::Converted {
                warnings: vec!["champ_non_rempli".into(), "champ_non_rempli".into()],
            },
        );
        s.count("b.docx", &Outcome::Converted { warnings: vec![] });
        s.count(
            "c.pdf",
            &Outcome::Converted {
                warnings: vec!["case_indecise".into(), "champ_non_rempli".into()],
            },
        );
        s.count("d.odt", &Outcome::Failed(ErrorCode::FormatNonPrisEnCharge));
        s.count("e.txt", &Outcome::Skipped);
        assert_eq!(s.converted, 3);
        assert_eq!(s.to_check, 1, "only c.pdf has a warning to check");
        assert_eq!(s.warnings["champ_non_rempli"], 3);
        assert_eq!(s.failed_total(), 1);
        let text = s.to_string();
        assert!(text.starts_with("convertis : 3\nà vérifier : 1 (case_indecise 1)\npour information : champ_non_rempli 3\n"), "{text}");
        assert!(
            text.contains("\nen échec : 1 (format_non_pris_en_charge 1)\nignorés : 1\n"),
            "{text}"
        );
        assert!(text.contains("fichiers en échec :\n  d.odt : format_non_pris_en_charge (ouvrez-le dans LibreOffice"), "{text}");
    }

    #[test]
    fn summary_names_the_first_failures_or_all() {
        let mut s = Summary::default();
        for i in 0..FAILURES_NAMED + 5 {
            s.count(
                &format!("f{i:02}.pdf"),
                &Outcome::Failed(ErrorCode::FichierIllisible),
            );
        }
        let short = s.render(false);
        assert!(short.contains("  f19.pdf : fichier_illisible\n"), "{short}");
        assert!(!short.contains("f20.pdf"), "{short}");
        assert!(short.contains("… et 5 autres"), "{short}");
        let all = s.render(true);
        assert!(all.contains("  f24.pdf : fichier_illisible\n"), "{all}");
        assert!(!all.contains("autres"), "{all}");
    }
}
