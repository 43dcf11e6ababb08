//! What a batch converts: the candidates found under the PATHs given (files, folders
//! walked recursively, zip archives read in place), each with the name that goes into
//! `source.fichier`, sorted by that name. Only names and places are listed here; the
//! bytes are read later, one document at a time, by the worker that converts it.

use std::borrow::Cow;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{ConvertError, ErrorCode};
use crate::limits::{exceeded, Limits};
use crate::FileKind;

/// Extensions (compared without case) that make a file a candidate whatever its content.
pub const DOCUMENT_EXTENSIONS: [&str; 5] = ["docx", "pdf", "doc", "odt", "rtf"];

/// Bytes read from a file whose extension says nothing, to judge its content.
const SNIFF_BYTES: u64 = 1024;

/// One candidate document: its `source.fichier` and where its bytes are.
#[derive(Debug, Clone)]
pub struct Item {
    pub fichier: String,
    origin: Origin,
    /// A ZIP without a document extension: a candidate only if it holds a Word document
    /// (checked once its bytes are read; otherwise it is counted as skipped).
    probe: bool,
}

#[derive(Clone)]
enum Origin {
    File(PathBuf),
    Member { archive: Arc<Archive>, index: usize },
    Memory(Arc<[u8]>),
    /// Refused before reading (an archive too large or unreadable, a member too large).
    Refused { error: ConvertError, octets: Option<u64> },
}

impl std::fmt::Debug for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::File(path) => write!(f, "File({})", path.display()),
            Origin::Member { archive, index } => write!(f, "Member({}, {index})", archive.path.display()),
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

impl Item {
    /// A document already in memory (benchmarks, library callers).
    pub fn in_memory(fichier: impl Into<String>, bytes: impl Into<Arc<[u8]>>) -> Item {
        Item { fichier: fichier.into(), origin: Origin::Memory(bytes.into()), probe: false }
    }

    fn file(fichier: String, path: PathBuf, probe: bool) -> Item {
        Item { fichier, origin: Origin::File(path), probe }
    }

    fn refused(fichier: String, error: ConvertError, octets: Option<u64>) -> Item {
        Item { fichier, origin: Origin::Refused { error, octets }, probe: false }
    }

    /// Whether the item is a candidate only if its bytes turn out to be a Word document.
    pub fn is_probe(&self) -> bool {
        self.probe
    }

    /// The document's bytes, bounded by `limits.max_input_bytes`.
    pub fn read(&self, limits: &Limits) -> Result<Cow<'_, [u8]>, Unread> {
        match &self.origin {
            Origin::Memory(bytes) => Ok(Cow::Borrowed(bytes)),
            Origin::Refused { error, octets } => Err(Unread { error: error.clone(), octets: *octets }),
            Origin::File(path) => read_file(path, limits).map(Cow::Owned),
            Origin::Member { archive, index } => read_member(archive, *index, limits).map(Cow::Owned),
        }
    }
}

fn read_file(path: &Path, limits: &Limits) -> Result<Vec<u8>, Unread> {
    let max = limits.max_input_bytes;
    let unreadable = |e: io::Error| Unread {
        error: match e.kind() {
            io::ErrorKind::NotFound => ConvertError::unreadable("fichier introuvable"),
            _ => ConvertError::unreadable(format!("lecture impossible : {e}")),
        },
        octets: None,
    };
    // Not a regular file any more (a folder, a pipe that would block the open, a
    // device): refused before opening it.
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if !meta.is_file() {
        return Err(Unread { error: ConvertError::unreadable("pas un fichier ordinaire (dossier, tube ou périphérique)"), octets: None });
    }
    let file = File::open(path).map_err(unreadable)?;
    let size = file.metadata().map_err(unreadable)?.len();
    if size > max {
        return Err(Unread { error: crate::input_too_large(size, limits), octets: Some(size) });
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(max.saturating_add(1)).read_to_end(&mut bytes).map_err(unreadable)?;
    if bytes.len() as u64 > max {
        return Err(Unread { error: crate::input_too_large(bytes.len() as u64, limits), octets: None });
    }
    Ok(bytes)
}

fn read_member(archive: &Archive, index: usize, limits: &Limits) -> Result<Vec<u8>, Unread> {
    let max = limits.max_input_bytes;
    let unreadable = |e: &dyn std::fmt::Display| Unread {
        error: ConvertError::unreadable(format!("membre illisible dans l'archive ({e})")),
        octets: None,
    };
    let mut zip = archive.zip.clone();
    let entry = zip.by_index(index).map_err(|e| unreadable(&e))?;
    let declared = entry.size();
    let mut bytes = Vec::with_capacity(declared.min(max) as usize);
    entry.take(max.saturating_add(1)).read_to_end(&mut bytes).map_err(|e| unreadable(&e))?;
    if bytes.len() as u64 > max {
        return Err(Unread { error: too_large_member(limits), octets: None });
    }
    Ok(bytes)
}

fn too_large_member(limits: &Limits) -> ConvertError {
    exceeded(
        format!("membre d'archive de plus de {} octets une fois décompressé", limits.max_input_bytes),
        format!("{} octets (taille d'un fichier)", limits.max_input_bytes),
        "max-input-mb",
    )
}

fn too_many_entries(entries: u64, limits: &Limits) -> ConvertError {
    exceeded(
        format!("archive de {entries} entrées"),
        format!("{} entrées (entrées d'une archive)", limits.max_archive_entries),
        "max-archive-entries",
    )
}

/// The candidates of a batch, sorted by `fichier`, and what was left aside.
#[derive(Debug, Default)]
pub struct Listing {
    pub items: Vec<Item>,
    /// Files that are not documents (and nested archives, symbolic links, duplicates).
    pub skipped: usize,
    /// Things worth a line on stderr (unreadable folders, duplicate names).
    pub notes: Vec<String>,
}

/// A PATH that cannot be used at all: a usage error, before anything is converted.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct PathError {
    pub path: String,
    pub reason: String,
}

/// List the candidates under `paths`: files, folders (recursive, sorted, symbolic links
/// inside them not followed) and `.zip` archives. Sorted by `fichier`; when two inputs
/// get the same `fichier`, the first given is kept and the others are skipped.
pub fn list(paths: &[PathBuf], limits: &Limits) -> Result<Listing, PathError> {
    let mut listing = Listing::default();
    for path in paths {
        let given = path.to_string_lossy().into_owned();
        // A path that cannot be used gets its error line; the others are still converted.
        let meta = match std::fs::metadata(path) {
            Ok(meta) => meta,
            Err(e) => {
                listing.items.push(Item::refused(given, crate::error::input_unreadable(&e), None));
                continue;
            }
        };
        if meta.is_dir() {
            walk(path, "", &mut listing, limits);
        } else {
            add_file(path, given, &mut listing, limits);
        }
    }
    listing.items.sort_by(|a, b| a.fichier.cmp(&b.fichier));
    let before = listing.items.len();
    let mut duplicates = Vec::new();
    listing.items.dedup_by(|later, kept| {
        let same = later.fichier == kept.fichier;
        if same {
            duplicates.push(later.fichier.clone());
        }
        same
    });
    listing.skipped += before - listing.items.len();
    for name in duplicates {
        listing.notes.push(format!("{name}: même nom qu'un document déjà listé, ignoré"));
    }
    Ok(listing)
}

/// Walk a folder; names are relative to the batch root, `/`-separated.
fn walk(dir: &Path, prefix: &str, listing: &mut Listing, limits: &Limits) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            listing.notes.push(format!("{}: dossier illisible ({e})", dir.display()));
            return;
        }
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let fichier = if prefix.is_empty() { name } else { format!("{prefix}/{name}") };
        // `DirEntry::file_type` does not follow symbolic links.
        match entry.file_type() {
            Ok(t) if t.is_dir() => walk(&entry.path(), &fichier, listing, limits),
            Ok(t) if t.is_file() => add_file(&entry.path(), fichier, listing, limits),
            _ => listing.skipped += 1,
        }
    }
}

fn extension(name: &str) -> Option<String> {
    let base = name.rsplit('/').next().unwrap_or(name);
    base.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase())
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
        Ok(FileKind::Pdf) => Content::Document,
        Ok(FileKind::Docx) => Content::MaybeWord,
        Err(_) => Content::Other,
    }
}

fn add_file(path: &Path, fichier: String, listing: &mut Listing, limits: &Limits) {
    if is_zip_name(&fichier) {
        add_archive(path, fichier, listing, limits);
        return;
    }
    if has_document_extension(&fichier) {
        listing.items.push(Item::file(fichier, path.to_path_buf(), false));
        return;
    }
    let mut head = Vec::new();
    let read = File::open(path).and_then(|f| f.take(SNIFF_BYTES).read_to_end(&mut head));
    match (read, judge(&head)) {
        (Ok(_), Content::Document) => listing.items.push(Item::file(fichier, path.to_path_buf(), false)),
        (Ok(_), Content::MaybeWord) => listing.items.push(Item::file(fichier, path.to_path_buf(), true)),
        _ => listing.skipped += 1,
    }
}

/// List an archive's members as `archive.zip!/inner/path`. An archive that cannot be
/// opened, or has too many entries, becomes one error item named after the archive.
fn add_archive(path: &Path, name: String, listing: &mut Listing, limits: &Limits) {
    let opened = File::open(path).and_then(|f| {
        let size = f.metadata()?.len();
        Ok((SharedFile::new(f), size))
    });
    let (file, size) = match opened {
        Ok(opened) => opened,
        Err(e) => {
            let error = ConvertError::unreadable(format!("archive illisible ({e})"));
            listing.items.push(Item::refused(name, error, None));
            return;
        }
    };
    if let Ok(Some(entries)) = declared_entries(&file, size)
        && entries > limits.max_archive_entries
    {
        let error = too_many_entries(entries, limits);
        listing.items.push(Item::refused(name, error, Some(size)));
        return;
    }
    let mut zip = match zip::ZipArchive::new(file) {
        Ok(zip) => zip,
        Err(e) => {
            let error = ConvertError::unreadable(format!("archive ZIP illisible ({e})"));
            listing.items.push(Item::refused(name, error, Some(size)));
            return;
        }
    };
    if zip.len() as u64 > limits.max_archive_entries {
        let error = too_many_entries(zip.len() as u64, limits);
        listing.items.push(Item::refused(name, error, Some(size)));
        return;
    }
    let mut members = Vec::new();
    for index in 0..zip.len() {
        let Ok(entry) = zip.by_index_data(index) else {
            listing.skipped += 1;
            continue;
        };
        if entry.is_dir() {
            continue;
        }
        let Ok(inner) = entry.name() else {
            listing.skipped += 1;
            continue;
        };
        let inner = inner.replace('\\', "/");
        let fichier = format!("{name}!/{}", inner.trim_start_matches('/'));
        let (symlink, encrypted, declared) = (entry.is_symlink(), entry.encrypted(), entry.size());
        members.push((index, fichier, symlink, encrypted, declared));
    }
    let archive = Arc::new(Archive { path: path.to_path_buf(), zip: zip.clone() });
    for (index, fichier, symlink, encrypted, declared) in members {
        // Nested archives are not opened.
        if symlink || is_zip_name(&fichier) {
            listing.skipped += 1;
            continue;
        }
        let probe = if has_document_extension(&fichier) {
            false
        } else {
            match member_head(&mut zip, index) {
                Some(head) if judge(&head) == Content::Document => false,
                Some(head) if judge(&head) == Content::MaybeWord => true,
                _ => {
                    listing.skipped += 1;
                    continue;
                }
            }
        };
        let item = if encrypted {
            Item::refused(fichier, ConvertError::new(ErrorCode::Chiffre, "membre d'archive chiffré"), Some(declared))
        } else if declared > limits.max_input_bytes {
            Item::refused(fichier, too_large_member(limits), Some(declared))
        } else {
            Item { fichier, origin: Origin::Member { archive: archive.clone(), index }, probe }
        };
        listing.items.push(item);
    }
}

fn member_head(zip: &mut zip::ZipArchive<SharedFile>, index: usize) -> Option<Vec<u8>> {
    let entry = zip.by_index(index).ok()?;
    let mut head = Vec::new();
    entry.take(SNIFF_BYTES).read_to_end(&mut head).ok()?;
    Some(head)
}

/// The entry count an archive declares in its end of central directory record (zip64
/// included), read before the central directory itself so that a huge archive is
/// refused without parsing it. `None` when the record is not found.
fn declared_entries(file: &SharedFile, size: u64) -> io::Result<Option<u64>> {
    const EOCD: &[u8] = b"PK\x05\x06";
    let tail_len = size.min(22 + 65_535);
    let tail = file.read_exact_at_vec(size - tail_len, tail_len as usize)?;
    let Some(at) = tail.windows(4).rposition(|w| w == EOCD) else { return Ok(None) };
    let Some(count) = tail.get(at + 10..at + 12) else { return Ok(None) };
    let count = u16::from_le_bytes([count[0], count[1]]);
    if count != 0xFFFF || at < 20 || &tail[at - 20..at - 16] != b"PK\x06\x07" {
        return Ok(Some(u64::from(count)));
    }
    let mut offset = [0u8; 8];
    offset.copy_from_slice(&tail[at - 12..at - 4]);
    let record = file.read_exact_at_vec(u64::from_le_bytes(offset), 56)?;
    if !record.starts_with(b"PK\x06\x06") {
        return Ok(Some(u64::from(count)));
    }
    let mut total = [0u8; 8];
    total.copy_from_slice(&record[32..40]);
    Ok(Some(u64::from_le_bytes(total)))
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
        SharedFile { file: Arc::new(file), pos: 0 }
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
        self.pos = target.ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "position négative"))?;
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
        let path = std::env::temp_dir().join(format!("restitution-huge-{}.zip", std::process::id()));
        std::fs::write(&path, &bytes).expect("write");
        let listing = list(std::slice::from_ref(&path), &Limits::default());
        let _ = std::fs::remove_file(&path);
        let listing = listing.expect("listed");
        assert_eq!(listing.items.len(), 1);
        let unread = listing.items[0].read(&Limits::default()).expect_err("refused");
        assert_eq!(unread.error.code, ErrorCode::TropVolumineux);
        assert!(unread.error.message.contains("200000"), "{}", unread.error.message);
    }

    #[test]
    fn content_is_judged_from_the_first_bytes() {
        assert_eq!(judge(b"%PDF-1.7\n"), Content::Document);
        assert_eq!(judge(b"PK\x03\x04rest"), Content::MaybeWord);
        assert_eq!(judge(b"\x89PNG\r\n"), Content::Other);
        assert_eq!(judge(b""), Content::Other);
    }
}
