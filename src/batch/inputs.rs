//! What a batch converts: the candidates found under the PATHs given (files, folders
//! walked recursively, zip archives read in place), each with the name that goes into
//! `source.fichier`, distinct and sorted. What `filter` leaves aside (junk, hidden,
//! globs) and what is not a document are listed as skipped. Only names and places are
//! listed here; the bytes are read later, one document at a time, by the worker that
//! converts it.

use std::borrow::Cow;
use std::collections::HashSet;
use std::ffi::OsStr;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::FileKind;
use crate::error::{Cause, ConvertError};
use crate::limits::{Limits, exceeded};

use super::filter::{Filter, SkipReason};
use super::names::{self, display_name};
use super::outdir;

/// Extensions (compared without case) that make a file a candidate whatever its content.
pub const DOCUMENT_EXTENSIONS: [&str; 5] = ["docx", "pdf", "doc", "odt", "rtf"];

/// Bytes read from a file whose extension says nothing, to judge its content.
const SNIFF_BYTES: u64 = 1024;

/// The longest PATH taken (a stdin list line is read up to one byte more): real paths
/// are a few KiB at most.
pub const MAX_PATH_BYTES: usize = 64 * 1024;

/// Characters of an unusable PATH kept in its `fichier`.
const SHORT_NAME_CHARS: usize = 120;

/// Inflated sizes up to this are never refused for their compression ratio (a page of
/// spaces compresses well), as for the entries of a DOCX.
const RATIO_FREE_BYTES: u64 = 1024 * 1024;

/// One candidate document: its `source.fichier` and where its bytes are.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// What its `source.fichier` will be: the path as given, or `archive.zip/member`.
    pub fichier: String,
    origin: Origin,
    /// A ZIP without a document extension: a candidate only if it holds a Word document
    /// or an OpenDocument text (checked once its bytes are read; otherwise it is counted
    /// as skipped).
    probe: bool,
}

#[derive(Clone)]
enum Origin {
    File(PathBuf),
    Member {
        archive: Arc<Archive>,
        index: usize,
    },
    Memory(Arc<[u8]>),
    /// Refused before reading (an archive too large or unreadable, a member too large).
    Refused {
        error: ConvertError,
        octets: Option<u64>,
    },
}

impl std::fmt::Debug for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::File(path) => write!(f, "File({})", path.display()),
            Origin::Member { archive, index } => {
                write!(f, "Member({}, {index})", archive.path.display())
            }
            Origin::Memory(bytes) => write!(f, "Memory({} bytes)", bytes.len()),
            Origin::Refused { error, .. } => write!(f, "Refused({})", error.code),
        }
    }
}

/// An opened zip archive; its central directory is parsed once and shared.
struct Archive {
    path: PathBuf,
    zip: zip::ZipArchive<SharedFile>,
}

/// Why the bytes of an item are not available.
pub struct Unread {
    pub error: ConvertError,
    /// The size, when known without reading.
    pub octets: Option<u64>,
}

impl Candidate {
    /// A document already in memory (benchmarks, library callers).
    pub fn in_memory(fichier: impl Into<String>, bytes: impl Into<Arc<[u8]>>) -> Candidate {
        Candidate {
            fichier: fichier.into(),
            origin: Origin::Memory(bytes.into()),
            probe: false,
        }
    }

    fn file(fichier: String, path: PathBuf, probe: bool) -> Candidate {
        Candidate {
            fichier,
            origin: Origin::File(path),
            probe,
        }
    }

    fn refused(fichier: String, error: ConvertError, octets: Option<u64>) -> Candidate {
        Candidate {
            fichier,
            origin: Origin::Refused { error, octets },
            probe: false,
        }
    }

    /// The file its bytes are read from: the file itself, or the archive that holds it.
    pub fn path(&self) -> Option<&Path> {
        match &self.origin {
            Origin::File(path) => Some(path),
            Origin::Member { archive, .. } => Some(&archive.path),
            Origin::Memory(_) | Origin::Refused { .. } => None,
        }
    }

    /// Whether the item is a candidate only if its bytes turn out to be a Word document or
    /// an OpenDocument text.
    pub fn is_probe(&self) -> bool {
        self.probe
    }

    /// The document's bytes, bounded by `limits.max_input_bytes`.
    pub fn read(&self, limits: &Limits) -> Result<Cow<'_, [u8]>, Unread> {
        match &self.origin {
            Origin::Memory(bytes) => Ok(Cow::Borrowed(bytes)),
            Origin::Refused { error, octets } => Err(Unread {
                error: error.clone(),
                octets: *octets,
            }),
            Origin::File(path) => read_file(path, limits).map(Cow::Owned),
            Origin::Member { archive, index } => {
                read_member(archive, *index, limits).map(Cow::Owned)
            }
        }
    }
}

fn read_file(path: &Path, limits: &Limits) -> Result<Vec<u8>, Unread> {
    let max = limits.max_input_bytes;
    let unreadable = |e: io::Error| Unread {
        error: crate::error::input_unreadable(e),
        octets: None,
    };
    // Not a regular file any more (a folder, a pipe that would block the open, a
    // device): refused before opening it.
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if !meta.is_file() {
        return Err(Unread {
            error: not_a_regular_file(),
            octets: None,
        });
    }
    let file = File::open(path).map_err(unreadable)?;
    let size = file.metadata().map_err(unreadable)?.len();
    if size > max {
        return Err(Unread {
            error: crate::reader::input_too_large(size, limits),
            octets: Some(size),
        });
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > max {
        return Err(Unread {
            error: crate::reader::input_too_large(bytes.len() as u64, limits),
            octets: None,
        });
    }
    Ok(bytes)
}

fn read_member(archive: &Archive, index: usize, limits: &Limits) -> Result<Vec<u8>, Unread> {
    fn unreadable(e: impl std::error::Error + Send + Sync + 'static) -> Unread {
        Unread {
            error: ConvertError::of(Cause::BrokenMember).with_source(e),
            octets: None,
        }
    }
    let mut zip = archive.zip.clone();
    let entry = zip.by_index(index).map_err(unreadable)?;
    let (declared, compressed) = (entry.size(), entry.compressed_size());
    let cap = member_cap(compressed, limits);
    let mut bytes = Vec::with_capacity(declared.min(cap) as usize);
    entry
        .take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > cap {
        return Err(Unread {
            error: too_large_member(compressed, limits),
            octets: None,
        });
    }
    Ok(bytes)
}

/// The most bytes a member of `compressed` bytes may inflate to: the size limit of a
/// file, and the compression ratio limit of the entries of a DOCX (zip bombs).
fn member_cap(compressed: u64, limits: &Limits) -> u64 {
    limits.max_input_bytes.min(ratio_cap(compressed, limits))
}

fn ratio_cap(compressed: u64, limits: &Limits) -> u64 {
    compressed
        .max(1)
        .saturating_mul(limits.max_zip_ratio)
        .max(RATIO_FREE_BYTES)
}

fn too_large_member(compressed: u64, limits: &Limits) -> ConvertError {
    let by_ratio = ratio_cap(compressed, limits);
    if by_ratio < limits.max_input_bytes {
        return exceeded(
            format!(
                "membre d'archive de plus de {by_ratio} octets une fois décompressé ({compressed} compressés)"
            ),
            format!(
                "{} fois la taille compressée (taux de compression)",
                limits.max_zip_ratio
            ),
            "max-zip-ratio",
        );
    }
    exceeded(
        format!(
            "membre d'archive de plus de {} octets une fois décompressé",
            limits.max_input_bytes
        ),
        format!("{} octets (taille d'un fichier)", limits.max_input_bytes),
        "max-input-mb",
    )
}

fn too_many_entries(entries: u64, limits: &Limits) -> ConvertError {
    exceeded(
        format!("archive de {entries} entrées"),
        format!(
            "{} entrées (entrées d'une archive)",
            limits.max_archive_entries
        ),
        "max-archive-entries",
    )
}

/// The candidates of a batch, sorted by `fichier`, and what was left aside.
#[derive(Debug, Default)]
pub struct Listing {
    /// The documents to convert, in output order.
    pub items: Vec<Candidate>,
    /// The entries that got no line: not documents, junk, hidden, filtered out, links,
    /// nested archives. A folder left aside whole is one entry.
    pub skipped: Vec<Skipped>,
    /// Things worth a line on stderr (unreadable folders, renamed candidates, files of
    /// `--out-dir` that no candidate writes any more).
    pub notes: Vec<String>,
}

/// One entry left aside, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Named as its `source.fichier` would be; a folder ends with `/`.
    pub fichier: String,
    /// Why it got no line.
    pub reason: SkipReason,
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} : {}", self.fichier, self.reason.label())
    }
}

/// A `--include` or `--exclude` pattern that cannot be read: a usage error, before
/// anything is converted. (A PATH that cannot be used gets its own error line.)
#[derive(Debug, thiserror::Error)]
pub enum PathError {
    /// One pattern does not compile.
    #[error("{flag} {glob}: motif invalide ({source})")]
    Glob {
        /// `--include` or `--exclude`.
        flag: String,
        /// The pattern as written.
        glob: String,
        /// What globset says.
        source: globset::Error,
    },
    /// The patterns of one flag do not compile together.
    #[error("{flag}: motifs invalides ({source})")]
    Globs {
        /// `--include` or `--exclude`.
        flag: String,
        /// What globset says.
        source: globset::Error,
    },
}

/// How many stale `--out-dir` files are named on stderr; the rest are counted.
const STALE_NOTES_SHOWN: usize = 20;

/// List the candidates under `paths`: files, folders (recursive, sorted, symbolic links
/// inside them not followed) and `.zip` archives, less what `options`' filter leaves
/// aside. Sorted by `fichier`, every one distinct: with several PATHs, a folder's
/// candidates are named after it (`Corse/x.docx`, a second folder named `Corse` giving
/// `Corse (2)/…`); two candidates that still share a name are numbered (`x (2).docx`).
pub fn list(paths: &[PathBuf], options: &super::Options) -> Result<Listing, PathError> {
    let filter = Filter::new(&options.include, &options.exclude, options.hidden)?;
    let mut lister = Lister {
        filter,
        limits: &options.limits,
        listing: Listing::default(),
    };
    for root in roots(paths, &mut lister.listing.notes)? {
        match root {
            Root::Folder { path, prefix } => lister.walk(&path, &prefix),
            Root::File { path, fichier } => lister.add_file(&path, fichier, true),
            Root::Unusable { fichier, error } => lister
                .listing
                .items
                .push(Candidate::refused(fichier, error, None)),
        }
    }
    let mut listing = lister.listing;
    give_distinct_names(&mut listing);
    if let Some(dir) = &options.out_dir {
        note_stale_outputs(dir, &mut listing);
    }
    Ok(listing)
}

/// A PATH given: a folder and the prefix of its candidates' names, a file and its name,
/// or a path that cannot be used (its error line).
enum Root {
    Folder {
        path: PathBuf,
        prefix: String,
    },
    File {
        path: PathBuf,
        fichier: String,
    },
    Unusable {
        fichier: String,
        error: ConvertError,
    },
}

/// The PATHs as roots. One folder alone names its candidates relative to itself; with
/// several PATHs, each folder's own name leads (as in tar and zip), numbered if two
/// folders share it.
fn roots(paths: &[PathBuf], notes: &mut Vec<String>) -> Result<Vec<Root>, PathError> {
    let several = paths.len() > 1;
    let mut roots = Vec::new();
    for path in paths {
        // A path that cannot be used gets its error line; the others are still converted.
        if let Some(error) = too_long(path) {
            roots.push(Root::Unusable {
                fichier: short_display_name(path),
                error,
            });
            continue;
        }
        let meta = match std::fs::metadata(path) {
            Ok(meta) => meta,
            Err(e) => {
                roots.push(Root::Unusable {
                    fichier: display_name(path.as_os_str()),
                    error: crate::error::input_unreadable(e),
                });
                continue;
            }
        };
        if let Some(error) = unusable_root(&meta) {
            roots.push(Root::Unusable {
                fichier: display_name(path.as_os_str()),
                error,
            });
            continue;
        }
        roots.push(if !meta.is_dir() {
            Root::File {
                path: path.clone(),
                fichier: display_name(path.as_os_str()),
            }
        } else if several {
            Root::Folder {
                path: path.clone(),
                prefix: own_name(path),
            }
        } else {
            Root::Folder {
                path: path.clone(),
                prefix: String::new(),
            }
        });
    }
    let prefixes: Vec<&str> = roots
        .iter()
        .filter_map(|root| match root {
            Root::Folder { prefix, .. } if !prefix.is_empty() => Some(prefix.as_str()),
            _ => None,
        })
        .collect();
    let mut renames = names::distinct(&prefixes).into_iter();
    for root in &mut roots {
        if let Root::Folder { path, prefix } = root
            && !prefix.is_empty()
            && let Some(Some(new)) = renames.next()
        {
            notes.push(format!("{} : nommé « {new} » dans source.fichier, un autre dossier donné s'appelant aussi « {prefix} »", path.display()));
            *prefix = new;
        }
    }
    Ok(roots)
}

/// A path longer than any real one: a line of a stdin list that is not a path.
fn too_long(path: &Path) -> Option<ConvertError> {
    let len = path.as_os_str().len();
    (len > MAX_PATH_BYTES).then(|| {
        ConvertError::of(Cause::PathTooLong {
            bytes: len,
            max: MAX_PATH_BYTES,
        })
    })
}

/// Whether a PATH that exists is neither a folder nor a regular file: a pipe would block
/// the open, a device never end.
fn unusable_root(meta: &std::fs::Metadata) -> Option<ConvertError> {
    (!meta.is_dir() && !meta.is_file()).then(not_a_regular_file)
}

fn not_a_regular_file() -> ConvertError {
    ConvertError::of(Cause::NotARegularFile)
}

/// A PATH as its `fichier`, cut after `SHORT_NAME_CHARS` characters.
fn short_display_name(path: &Path) -> String {
    let name = display_name(path.as_os_str());
    match name.char_indices().nth(SHORT_NAME_CHARS) {
        Some((end, _)) => format!("{}…", &name[..end]),
        None => name,
    }
}

/// A folder's own name (`.` and `..` are named after the folder they stand for).
fn own_name(path: &Path) -> String {
    let own = path.file_name().map(OsStr::to_os_string);
    let own = own.or_else(|| {
        std::fs::canonicalize(path)
            .ok()?
            .file_name()
            .map(OsStr::to_os_string)
    });
    own.map(|name| display_name(&name))
        .unwrap_or_else(|| "racine".to_string())
}

/// Sort by `fichier` and number the later of equal names (in the order listed), so that
/// every candidate keeps its line.
fn give_distinct_names(listing: &mut Listing) {
    listing.items.sort_by(|a, b| a.fichier.cmp(&b.fichier));
    let names: Vec<&str> = listing
        .items
        .iter()
        .map(|item| item.fichier.as_str())
        .collect();
    let renames = names::distinct(&names);
    for (item, rename) in listing.items.iter_mut().zip(renames) {
        if let Some(new) = rename {
            listing.notes.push(format!(
                "{} : même nom qu'un autre document, nommé « {new} » dans source.fichier",
                item.fichier
            ));
            item.fichier = new;
        }
    }
    listing.items.sort_by(|a, b| a.fichier.cmp(&b.fichier));
}

/// `--out-dir` files that no candidate writes any more are named on stderr and left in
/// place: the folder may hold the results of other batches.
fn note_stale_outputs(dir: &Path, listing: &mut Listing) {
    let fichiers: Vec<&str> = listing
        .items
        .iter()
        .map(|item| item.fichier.as_str())
        .collect();
    let stale = outdir::stale(dir, &outdir::targets(dir, &fichiers));
    for path in stale.iter().take(STALE_NOTES_SHOWN) {
        listing.notes.push(format!("{} : aucun document de ce lot ne l'écrit (entrée disparue ou renommée ?), laissé en place", path.display()));
    }
    if stale.len() > STALE_NOTES_SHOWN {
        listing.notes.push(format!(
            "… et {} autres fichiers de --out-dir dans ce cas",
            stale.len() - STALE_NOTES_SHOWN
        ));
    }
}

/// The listing under way.
struct Lister<'a> {
    filter: Filter,
    limits: &'a Limits,
    listing: Listing,
}

impl Lister<'_> {
    fn skip(&mut self, fichier: String, reason: SkipReason) {
        self.listing.skipped.push(Skipped { fichier, reason });
    }

    /// Walk a folder; names are relative to the batch root, `/`-separated.
    fn walk(&mut self, dir: &Path, prefix: &str) {
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => {
                self.listing
                    .notes
                    .push(format!("{}: dossier illisible ({e})", dir.display()));
                return;
            }
        };
        let mut entries: Vec<_> = entries.flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = display_name(&entry.file_name());
            let fichier = if prefix.is_empty() {
                name
            } else {
                format!("{prefix}/{name}")
            };
            // `DirEntry::file_type` does not follow symbolic links.
            match entry.file_type() {
                Ok(t) if t.is_dir() => match self.filter.folder(&fichier) {
                    Some(reason) => self.skip(format!("{fichier}/"), reason),
                    None => self.walk(&entry.path(), &fichier),
                },
                Ok(t) if t.is_file() => self.add_file(&entry.path(), fichier, false),
                Ok(t) if t.is_symlink() => self.skip(fichier, SkipReason::SymbolicLink),
                _ => self.skip(fichier, SkipReason::NotADocument),
            }
        }
    }

    /// A file found in a folder, or `given` as a PATH.
    fn add_file(&mut self, path: &Path, fichier: String, given: bool) {
        if let Some(reason) = self.filter.file(&fichier, given) {
            return self.skip(fichier, reason);
        }
        if is_zip_name(&fichier) {
            return self.add_archive(path, fichier);
        }
        if !self.filter.included(&fichier) {
            return self.skip(fichier, SkipReason::NotIncluded);
        }
        if has_document_extension(&fichier) {
            self.listing
                .items
                .push(Candidate::file(fichier, path.to_path_buf(), false));
            return;
        }
        let mut head = Vec::new();
        let read = File::open(path).and_then(|f| f.take(SNIFF_BYTES).read_to_end(&mut head));
        match (read, judge(&head)) {
            (Ok(_), Content::Document) => {
                self.listing
                    .items
                    .push(Candidate::file(fichier, path.to_path_buf(), false))
            }
            (Ok(_), Content::MaybeWord) => {
                self.listing
                    .items
                    .push(Candidate::file(fichier, path.to_path_buf(), true))
            }
            _ => self.skip(fichier, SkipReason::NotADocument),
        }
    }

    /// List an archive's members as `archive.zip!/inner/path`. An archive that cannot be
    /// opened, or has too many entries, becomes one error item named after the archive.
    fn add_archive(&mut self, path: &Path, name: String) {
        let (zip, lost) = match open_archive(path, self.limits) {
            Ok(opened) => opened,
            Err((error, octets)) => {
                self.listing
                    .items
                    .push(Candidate::refused(name, error, octets));
                return;
            }
        };
        // Members the zip reader cannot see still get a line: the archive's own.
        if let Some(error) = lost {
            self.listing
                .items
                .push(Candidate::refused(name.clone(), error, None));
        }
        let archive = Arc::new(Archive {
            path: path.to_path_buf(),
            zip,
        });
        let mut zip = archive.zip.clone();
        // A folder left aside counts once, however many members it holds.
        let mut skipped_folders = HashSet::new();
        for index in 0..zip.len() {
            let Ok(entry) = zip.by_index_data(index) else {
                self.skip(format!("{name}!/#{index}"), SkipReason::UnreadableEntry);
                continue;
            };
            if entry.is_dir() {
                continue;
            }
            let inner = match entry.name() {
                Ok(inner) => names::escaped(inner.as_bytes()),
                Err(_) => names::escaped(entry.name_raw()),
            };
            let inner = inner.replace('\\', "/");
            let fichier = format!("{name}!/{}", inner.trim_start_matches('/'));
            let (symlink, encrypted) = (entry.is_symlink(), entry.encrypted());
            let (declared, compressed) = (entry.size(), entry.compressed_size());
            if let Some((folder, reason)) = self.skipped_member_folder(&fichier, &name) {
                if skipped_folders.insert(folder.clone()) {
                    self.skip(format!("{folder}/"), reason);
                }
                continue;
            }
            let member = Member {
                index,
                fichier,
                symlink,
                encrypted,
                declared,
                compressed,
            };
            self.add_member(&archive, &mut zip, member);
        }
    }

    /// The first folder of an archive member that the filter leaves aside, and why.
    fn skipped_member_folder(&self, fichier: &str, archive: &str) -> Option<(String, SkipReason)> {
        let inner = &fichier[archive.len() + 2..];
        let mut folder = format!("{archive}!");
        let parts: Vec<&str> = inner.split('/').collect();
        for part in &parts[..parts.len() - 1] {
            folder.push('/');
            folder.push_str(part);
            if let Some(reason) = self.filter.folder(&folder) {
                return Some((folder, reason));
            }
        }
        None
    }

    fn add_member(
        &mut self,
        archive: &Arc<Archive>,
        zip: &mut zip::ZipArchive<SharedFile>,
        member: Member,
    ) {
        let Member {
            index,
            fichier,
            symlink,
            encrypted,
            declared,
            compressed,
        } = member;
        if let Some(reason) = self.filter.file(&fichier, false) {
            return self.skip(fichier, reason);
        }
        if symlink {
            return self.skip(fichier, SkipReason::SymbolicLink);
        }
        if is_zip_name(&fichier) {
            return self.skip(fichier, SkipReason::NestedArchive);
        }
        if !self.filter.included(&fichier) {
            return self.skip(fichier, SkipReason::NotIncluded);
        }
        let probe = if has_document_extension(&fichier) {
            false
        } else {
            match member_head(zip, index).map(|head| judge(&head)) {
                Some(Content::Document) => false,
                Some(Content::MaybeWord) => true,
                _ => return self.skip(fichier, SkipReason::NotADocument),
            }
        };
        let item = if encrypted {
            Candidate::refused(
                fichier,
                ConvertError::of(Cause::EncryptedMember),
                Some(declared),
            )
        } else if declared > member_cap(compressed, self.limits) {
            Candidate::refused(
                fichier,
                too_large_member(compressed, self.limits),
                Some(declared),
            )
        } else {
            Candidate {
                fichier,
                origin: Origin::Member {
                    archive: archive.clone(),
                    index,
                },
                probe,
            }
        };
        self.listing.items.push(item);
    }
}

/// What the central directory says of one archive member.
struct Member {
    index: usize,
    fichier: String,
    symlink: bool,
    encrypted: bool,
    declared: u64,
    compressed: u64,
}

fn extension(name: &str) -> Option<String> {
    let base = name.rsplit('/').next().unwrap_or(name);
    base.rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
}

fn has_document_extension(name: &str) -> bool {
    extension(name).is_some_and(|ext| DOCUMENT_EXTENSIONS.contains(&ext.as_str()))
}

fn is_zip_name(name: &str) -> bool {
    extension(name).as_deref() == Some("zip")
}

/// What the first bytes say: a document, maybe a document (a ZIP), or neither.
#[derive(Debug, PartialEq, Eq)]
enum Content {
    Document,
    MaybeWord,
    Other,
}

fn judge(head: &[u8]) -> Content {
    match crate::sniff(head) {
        Ok(FileKind::Pdf | FileKind::Odt) => Content::Document,
        Ok(FileKind::Docx) => Content::MaybeWord,
        Err(_) => Content::Other,
    }
}

/// An archive opened, and the error of the members it loses.
type OpenedArchive = (zip::ZipArchive<SharedFile>, Option<ConvertError>);
/// The error line of an archive refused whole, and its size when known.
type RefusedArchive = (ConvertError, Option<u64>);

/// Open a zip archive within the limits, with the error of the members it loses (see
/// `counted_entries`); the error (and size) of its one error line otherwise.
fn open_archive(path: &Path, limits: &Limits) -> Result<OpenedArchive, RefusedArchive> {
    let opened = File::open(path).and_then(|f| {
        let size = f.metadata()?.len();
        Ok((SharedFile::new(f), size))
    });
    let (file, size) = opened.map_err(|e| (crate::error::input_unreadable(e), None))?;
    if let Ok(Some(entries)) = declared_entries(&file, size)
        && entries > limits.max_archive_entries
    {
        return Err((too_many_entries(entries, limits), Some(size)));
    }
    let counted = counted_entries(&file, size, limits.max_archive_entries)
        .ok()
        .flatten();
    if let Some(entries) = counted
        && entries > limits.max_archive_entries
    {
        return Err((too_many_entries(entries, limits), Some(size)));
    }
    let zip = zip::ZipArchive::new(file).map_err(|e| {
        (
            ConvertError::of(Cause::BrokenBatchArchive).with_source(e),
            Some(size),
        )
    })?;
    if zip.len() as u64 > limits.max_archive_entries {
        return Err((too_many_entries(zip.len() as u64, limits), Some(size)));
    }
    let lost = counted
        .filter(|&n| n > zip.len() as u64)
        .map(|n| lost_members(n, zip.len() as u64));
    Ok((zip, lost))
}

fn lost_members(counted: u64, listed: u64) -> ConvertError {
    ConvertError::of(Cause::LostMembers { counted, listed })
}

fn member_head(zip: &mut zip::ZipArchive<SharedFile>, index: usize) -> Option<Vec<u8>> {
    let entry = zip.by_index(index).ok()?;
    let mut head = Vec::new();
    entry.take(SNIFF_BYTES).read_to_end(&mut head).ok()?;
    Some(head)
}

/// The end of central directory record: the archive's last bytes (`tail`), where the
/// record starts in them, and where `tail` starts in the file. `None` when not found.
struct EndRecord {
    tail: Vec<u8>,
    at: usize,
    tail_start: u64,
}

impl EndRecord {
    fn find(file: &SharedFile, size: u64) -> io::Result<Option<EndRecord>> {
        const EOCD: &[u8] = b"PK\x05\x06";
        let tail_len = size.min(22 + 65_535);
        let tail_start = size - tail_len;
        let tail = file.read_exact_at_vec(tail_start, tail_len as usize)?;
        let at = tail
            .windows(4)
            .rposition(|w| w == EOCD)
            .filter(|at| at + 22 <= tail.len());
        Ok(at.map(|at| EndRecord {
            tail,
            at,
            tail_start,
        }))
    }

    fn field(&self, from: usize, to: usize) -> u64 {
        self.tail[self.at + from..self.at + to]
            .iter()
            .rev()
            .fold(0, |n, b| (n << 8) | u64::from(*b))
    }

    /// Whether a ZIP64 locator precedes the record.
    fn has_zip64_locator(&self) -> bool {
        self.at >= 20 && &self.tail[self.at - 20..self.at - 16] == b"PK\x06\x07"
    }
}

/// The entry count an archive declares in its end of central directory record (zip64
/// included), read before the central directory itself so that a huge archive is
/// refused without parsing it. `None` when the record is not found.
fn declared_entries(file: &SharedFile, size: u64) -> io::Result<Option<u64>> {
    let Some(end) = EndRecord::find(file, size)? else {
        return Ok(None);
    };
    let count = end.field(10, 12);
    if count != 0xFFFF || !end.has_zip64_locator() {
        return Ok(Some(count));
    }
    let at = end.at;
    let mut offset = [0u8; 8];
    offset.copy_from_slice(&end.tail[at - 12..at - 4]);
    let record = file.read_exact_at_vec(u64::from_le_bytes(offset), 56)?;
    if !record.starts_with(b"PK\x06\x06") {
        return Ok(Some(count));
    }
    let mut total = [0u8; 8];
    total.copy_from_slice(&record[32..40]);
    Ok(Some(u64::from_le_bytes(total)))
}

/// How many headers the central directory of an archive without ZIP64 really holds,
/// counted up to one more than `stop_after`. Its 16-bit count wraps past 65,535 entries
/// (70,000 members declare 4,464) and a zip reader then sees only that many; walking
/// the directory, which ends where the end record starts, does not. `None` for a ZIP64
/// archive (its count is 64-bit) or when the record is not found.
fn counted_entries(file: &SharedFile, size: u64, stop_after: u64) -> io::Result<Option<u64>> {
    const HEADER: usize = 46;
    let Some(end) = EndRecord::find(file, size)? else {
        return Ok(None);
    };
    let directory_size = end.field(12, 16);
    if end.has_zip64_locator() || directory_size == 0xFFFF_FFFF {
        return Ok(None);
    }
    let directory_end = end.tail_start + end.at as u64;
    let Some(mut pos) = directory_end.checked_sub(directory_size) else {
        return Ok(None);
    };
    let mut reader = io::BufReader::new(file.clone());
    reader.seek(SeekFrom::Start(pos))?;
    let mut header = [0u8; HEADER];
    let mut count = 0;
    while pos + HEADER as u64 <= directory_end && count <= stop_after {
        reader.read_exact(&mut header)?;
        if &header[..4] != b"PK\x01\x02" {
            break;
        }
        let variable: u64 = [28, 30, 32]
            .iter()
            .map(|&i| u64::from(u16::from_le_bytes([header[i], header[i + 1]])))
            .sum();
        reader.seek_relative(variable as i64)?;
        pos += HEADER as u64 + variable;
        count += 1;
    }
    Ok(Some(count))
}

/// A file handle that many threads read at once, each clone with its own position
/// (positioned reads, no shared cursor), so that one parsed zip directory serves every
/// worker.
#[derive(Clone)]
struct SharedFile {
    file: Arc<File>,
    pos: u64,
}

impl SharedFile {
    fn new(file: File) -> Self {
        SharedFile {
            file: Arc::new(file),
            pos: 0,
        }
    }

    fn read_at(&self, buf: &mut [u8], offset: u64) -> io::Result<usize> {
        #[cfg(unix)]
        {
            std::os::unix::fs::FileExt::read_at(&*self.file, buf, offset)
        }
        #[cfg(windows)]
        {
            std::os::windows::fs::FileExt::seek_read(&*self.file, buf, offset)
        }
    }

    fn read_exact_at_vec(&self, offset: u64, len: usize) -> io::Result<Vec<u8>> {
        let mut buf = vec![0; len];
        let mut done = 0;
        while done < len {
            match self.read_at(&mut buf[done..], offset + done as u64)? {
                0 => return Err(io::ErrorKind::UnexpectedEof.into()),
                n => done += n,
            }
        }
        Ok(buf)
    }

    fn len(&self) -> io::Result<u64> {
        Ok(self.file.metadata()?.len())
    }
}

impl Read for SharedFile {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.read_at(buf, self.pos)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for SharedFile {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let target = match to {
            SeekFrom::Start(n) => Some(n),
            SeekFrom::End(d) => self.len()?.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        self.pos = target
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "position négative"))?;
        Ok(self.pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_are_compared_without_case() {
        assert!(has_document_extension("a/B.DOCX"));
        assert!(has_document_extension("x.Pdf"));
        assert!(has_document_extension("x.rtf"));
        assert!(!has_document_extension("x.txt"));
        assert!(!has_document_extension("docx"));
        assert!(!has_document_extension("dir.pdf/readme"));
        assert!(is_zip_name("archive.ZIP"));
    }

    #[test]
    fn an_archive_declaring_too_many_entries_is_refused_unparsed() {
        // A zip64 end of central directory record declaring 200,000 entries, its
        // locator, and the classic record that defers to it (0xFFFF).
        let mut bytes = b"PK\x06\x06".to_vec();
        bytes.resize(56, 0);
        bytes[32..40].copy_from_slice(&200_000u64.to_le_bytes());
        bytes.extend_from_slice(b"PK\x06\x07\0\0\0\0");
        bytes.extend_from_slice(&0u64.to_le_bytes());
        bytes.extend_from_slice(&1u32.to_le_bytes());
        let mut eocd = b"PK\x05\x06".to_vec();
        eocd.resize(22, 0);
        eocd[8..12].copy_from_slice(&[0xFF; 4]);
        bytes.extend_from_slice(&eocd);
        let path =
            std::env::temp_dir().join(format!("restitution-huge-{}.zip", std::process::id()));
        std::fs::write(&path, &bytes).expect("write");
        let listing = list(
            std::slice::from_ref(&path),
            &super::super::Options::default(),
        );
        let _ = std::fs::remove_file(&path);
        let listing = listing.expect("listed");
        assert_eq!(listing.items.len(), 1);
        let unread = listing.items[0]
            .read(&Limits::default())
            .expect_err("refused");
        assert_eq!(unread.error.code, crate::error::ErrorCode::TropVolumineux);
        assert!(
            unread.error.message().contains("200000"),
            "{}",
            unread.error.message()
        );
    }

    #[test]
    fn content_is_judged_from_the_first_bytes() {
        assert_eq!(judge(b"%PDF-1.7\n"), Content::Document);
        assert_eq!(judge(b"PK\x03\x04rest"), Content::MaybeWord);
        assert_eq!(judge(b"\x89PNG\r\n"), Content::Other);
        assert_eq!(judge(b""), Content::Other);
    }
}
