//! What a batch leaves aside by name alone, in folders and inside zip archives: the junk
//! that archives and systems leave (never a document), hidden entries (unless
//! `--hidden`), and the `--include` / `--exclude` globs.

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use super::inputs::PathError;

/// Why an entry got no line. Each is counted as skipped and listed with `--verbose`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipReason {
    /// Left by an archiver or a system: `__MACOSX/`, `._*`, `.DS_Store`, Office lock
    /// files `~$*` and LibreOffice ones `.~lock.*#`, `Thumbs.db`, `desktop.ini`.
    Junk,
    /// A name starting with `.`, without `--hidden`.
    Hidden,
    /// Matched by an `--exclude` glob.
    Excluded,
    /// Matched by none of the `--include` globs.
    NotIncluded,
    /// Neither named nor made like a document.
    NotADocument,
    /// A symbolic link inside a folder (not followed) or an archive.
    SymbolicLink,
    /// A zip archive inside a zip archive (not opened).
    NestedArchive,
    /// An archive entry whose header cannot be read.
    UnreadableEntry,
}

impl SkipReason {
    /// The reason as the user reads it.
    pub fn label(self) -> &'static str {
        match self {
            SkipReason::Junk => "fichier parasite (macOS, verrou Office, vignettes Windows)",
            SkipReason::Hidden => "caché (--hidden pour le prendre)",
            SkipReason::Excluded => "écarté par --exclude",
            SkipReason::NotIncluded => "hors des motifs --include",
            SkipReason::NotADocument => "pas un document",
            SkipReason::SymbolicLink => "lien symbolique, non suivi",
            SkipReason::NestedArchive => "archive dans une archive, non ouverte",
            SkipReason::UnreadableEntry => "entrée d'archive illisible",
        }
    }
}

/// Folder names that only archivers write.
const JUNK_FOLDERS: [&str; 1] = ["__MACOSX"];
/// File names (compared without case) that systems write beside documents.
const JUNK_FILES: [&str; 3] = ["thumbs.db", "desktop.ini", ".ds_store"];

/// The name rules and the globs of one batch.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
    hidden: bool,
}

impl Filter {
    /// Globs are compared without case, to `source.fichier` (an archive member's
    /// `a.zip!/x` read as `a.zip/x`; `*` also matches `/`) and to each of its folders
    /// and names: `--exclude brouillons` leaves aside everything under a `brouillons`
    /// folder, `--include '*.pdf'` keeps the PDF files only.
    pub fn new(include: &[String], exclude: &[String], hidden: bool) -> Result<Filter, PathError> {
        Ok(Filter {
            include: glob_set(include, "--include")?,
            exclude: glob_set(exclude, "--exclude")?,
            hidden,
        })
    }

    /// A folder met while walking, an archive, or a folder inside an archive: `None` to
    /// look inside.
    pub fn folder(&self, path: &str) -> Option<SkipReason> {
        let name = last_component(path);
        if JUNK_FOLDERS.contains(&name) {
            Some(SkipReason::Junk)
        } else if !self.hidden && is_hidden(name) {
            Some(SkipReason::Hidden)
        } else if self.excluded(path) {
            Some(SkipReason::Excluded)
        } else {
            None
        }
    }

    /// A file met while walking or in an archive, a zip archive included; `given` when
    /// the user named it (a hidden file named is taken, junk never is).
    pub fn file(&self, path: &str, given: bool) -> Option<SkipReason> {
        let name = last_component(path);
        if is_junk_file(name) {
            Some(SkipReason::Junk)
        } else if !given && !self.hidden && is_hidden(name) {
            Some(SkipReason::Hidden)
        } else if self.excluded(path) {
            Some(SkipReason::Excluded)
        } else {
            None
        }
    }

    /// Whether a candidate document is kept by the `--include` globs (all are, without).
    pub fn included(&self, path: &str) -> bool {
        self.include
            .as_ref()
            .is_none_or(|set| matches_a_part(set, path))
    }

    fn excluded(&self, path: &str) -> bool {
        self.exclude
            .as_ref()
            .is_some_and(|set| matches_a_part(set, path))
    }
}

/// Whether the path, one of its folders or one of its names matches a glob of `set`.
fn matches_a_part(set: &GlobSet, path: &str) -> bool {
    let path = as_tree(path);
    let mut prefix = String::new();
    for part in path.split('/') {
        if !prefix.is_empty() {
            prefix.push('/');
        }
        prefix.push_str(part);
        if set.is_match(part) || set.is_match(&prefix) {
            return true;
        }
    }
    false
}

fn glob_set(globs: &[String], flag: &str) -> Result<Option<GlobSet>, PathError> {
    if globs.is_empty() {
        return Ok(None);
    }
    let mut set = GlobSetBuilder::new();
    for glob in globs {
        let built = GlobBuilder::new(glob)
            .case_insensitive(true)
            .build()
            .map_err(|source| PathError::Glob {
                flag: flag.to_string(),
                glob: glob.to_string(),
                source,
            })?;
        set.add(built);
    }
    let set = set.build().map_err(|source| PathError::Globs {
        flag: flag.to_string(),
        source,
    })?;
    Ok(Some(set))
}

/// An archive member's name read as a path in a folder tree.
fn as_tree(path: &str) -> String {
    path.replace("!/", "/")
}

/// The name at the end of a `/`-separated path (a `\` is part of a name: escaped bytes
/// are written `\xE9`).
fn last_component(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn is_hidden(name: &str) -> bool {
    name.starts_with('.') && name != "." && name != ".."
}

fn is_junk_file(name: &str) -> bool {
    let apple_double = name.starts_with("._");
    let office_lock = name.starts_with("~$");
    let libreoffice_lock = name.starts_with(".~lock.") && name.ends_with('#');
    apple_double
        || office_lock
        || libreoffice_lock
        || JUNK_FILES.contains(&name.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(include: &[&str], exclude: &[&str], hidden: bool) -> Filter {
        let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        Filter::new(&strings(include), &strings(exclude), hidden).expect("valid globs")
    }

    #[test]
    fn junk_is_skipped_even_with_hidden() {
        let f = filter(&[], &[], true);
        for junk in [
            "a/._x.docx",
            "~$stitution.docx",
            "a/.~lock.x.docx#",
            "THUMBS.DB",
            "a/desktop.ini",
            ".DS_Store",
        ] {
            assert_eq!(f.file(junk, false), Some(SkipReason::Junk), "{junk}");
            assert_eq!(f.file(junk, true), Some(SkipReason::Junk), "{junk}");
        }
        assert_eq!(f.folder("lot.zip!/__MACOSX"), Some(SkipReason::Junk));
        assert_eq!(f.file("a/.x.docx", false), None);
        assert_eq!(f.file("a/x~$.docx", false), None);
        assert_eq!(
            f.file("a/._r\\xE9sum\\xE9.docx", false),
            Some(SkipReason::Junk)
        );
    }

    #[test]
    fn hidden_entries_need_hidden_unless_named() {
        let f = filter(&[], &[], false);
        assert_eq!(f.folder("a/.git"), Some(SkipReason::Hidden));
        assert_eq!(f.file("a/.brouillon.docx", false), Some(SkipReason::Hidden));
        assert_eq!(f.file(".brouillon.docx", true), None);
        assert_eq!(f.folder(".."), None);
    }

    #[test]
    fn globs_match_the_path_its_folders_and_its_name_without_case() {
        let f = filter(&["*.pdf", "Corse"], &["brouillons", "*/old/*"], false);
        assert!(f.included("a/X.PDF"));
        assert!(f.included("corse/x.docx"));
        assert!(f.included("lot.zip!/Corse/x.docx"));
        assert!(!f.included("a/x.docx"));
        assert!(filter(&[], &[], false).included("a/x.docx"));
        assert_eq!(f.folder("a/Brouillons"), Some(SkipReason::Excluded));
        assert_eq!(f.file("a/old/x.pdf", false), Some(SkipReason::Excluded));
        assert_eq!(f.file("brouillons/x.pdf", true), Some(SkipReason::Excluded));
        assert_eq!(f.folder("lot.zip!/brouillons"), Some(SkipReason::Excluded));
    }

    #[test]
    fn a_bad_glob_is_a_usage_error() {
        let err = Filter::new(&["a[".to_string()], &[], false).expect_err("invalid");
        assert!(
            matches!(&err, PathError::Glob { flag, glob, .. } if flag == "--include" && glob == "a["),
            "{err}"
        );
        assert!(
            err.to_string()
                .starts_with("--include a[: motif invalide ("),
            "{err}"
        );
    }
}
