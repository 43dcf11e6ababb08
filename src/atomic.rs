//! The one way every output file is written: into a temporary file created in the
//! target's folder with a random name and `O_EXCL` (so a planted symbolic link or a
//! guessed name is never followed), synced, then renamed over the target. An output is
//! therefore complete or absent, never half written; a temporary file is removed when
//! the write fails or is abandoned.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

/// Run `write` into a temporary file beside `path`, renamed over `path` once `write`
/// succeeded and the data is on disk; removed otherwise. This is how `convert -o`, the
/// `batch` lines, the `--out-dir` files, the report and the review page are written
/// (the CSV tables and the workbook use [`Staged`] and `temporary_path_beside`).
///
/// An existing output that is a device (`-o /dev/null`), or a link or pipe in the
/// system's own folders `/dev` and `/proc` (`-o /dev/stdout`, piped or redirected to a
/// file, `-o >(gzip > x.gz)`, which names `/dev/fd/63`), is written in place, never
/// replaced by a rename (run as root, a rename would put a file where `/dev/stdout`
/// was); a regular file there (`/dev/shm/x.json`) is written like any other; anything
/// else that is not a regular file (a pipe planted in `--out-dir`, whose opening would
/// wait for a reader) is replaced like a file. An error
/// of the file itself (not one `write` returns) keeps its kind and says, in French,
/// which file and what to do.
pub fn write_atomically<T>(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<T>,
) -> io::Result<T> {
    let file_error = |e: io::Error| io::Error::new(e.kind(), write_failure(path, &e));
    if is_device(path) || in_system_folder(path) {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(file_error)?;
        let mut out = BufWriter::new(file);
        let done = write(&mut out)?;
        out.flush()?;
        return Ok(done);
    }
    let mut staged = Staged::new(path).map_err(file_error)?;
    let done = write(&mut staged)?;
    staged.commit().map_err(file_error)?;
    Ok(done)
}

/// What a person reads when an output cannot be written, and what to do about it.
pub fn write_failure(path: &Path, e: &io::Error) -> String {
    format!(
        "impossible d'écrire {} : {} ; vérifiez que son dossier existe et vous est ouvert en écriture, ou choisissez un autre emplacement",
        path.display(),
        crate::error::io_reason(e)
    )
}

/// One output being written (through `Write`) to its temporary file; nothing of `path`
/// changes before `commit`. Dropped uncommitted, the temporary file is removed.
pub struct Staged {
    path: PathBuf,
    out: BufWriter<NamedTempFile>,
}

impl Staged {
    /// A temporary file for `path` in its folder, which must exist.
    pub fn new(path: &Path) -> io::Result<Staged> {
        let tmp = temporary_file_beside(path)?;
        Ok(Staged {
            path: path.to_path_buf(),
            out: BufWriter::new(tmp),
        })
    }

    /// The final path, where `commit` puts the file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flush and sync the data: after this, only the rename is left.
    fn sync(&mut self) -> io::Result<()> {
        self.out.flush()?;
        self.out.get_ref().as_file().sync_all()
    }

    /// Rename the temporary file over `path`.
    pub fn commit(mut self) -> io::Result<()> {
        self.sync()?;
        let tmp = self.out.into_inner().map_err(|e| e.into_error())?;
        tmp.persist(&self.path).map(drop).map_err(|e| e.error)
    }
}

/// Commit several outputs together: every one is synced, and no target is a folder,
/// before the first is renamed, so a failure leaves all the previous files in place.
pub fn commit_all(mut staged: Vec<Staged>) -> io::Result<()> {
    for one in &mut staged {
        one.sync()?;
        if std::fs::symlink_metadata(&one.path).is_ok_and(|m| m.is_dir()) {
            return Err(io::Error::new(
                io::ErrorKind::IsADirectory,
                format!("{} est un dossier", one.path.display()),
            ));
        }
    }
    staged.into_iter().try_for_each(Staged::commit)
}

impl Write for Staged {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.out.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// An empty temporary file beside `path` (random name, created exclusively), for a
/// writer that saves by path; removed when dropped unless persisted onto `path`.
pub fn temporary_path_beside(path: &Path) -> io::Result<tempfile::TempPath> {
    Ok(temporary_file_beside(path)?.into_temp_path())
}

/// A new temporary file in `path`'s folder. Its mode is what the umask leaves of 0666,
/// as for any file a program creates (tempfile's own default, 0600, would make every
/// output private whatever the umask).
fn temporary_file_beside(path: &Path) -> io::Result<NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".restitution-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(folder_of(path))
}

/// Whether `path` is a character or block device.
#[cfg(unix)]
fn is_device(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::metadata(path).is_ok_and(|m| {
        let kind = m.file_type();
        kind.is_char_device() || kind.is_block_device()
    })
}

/// Whether `path` is a link or special file in the system's own folders (`/dev/stdout`,
/// `/dev/fd/N`, `/proc/self/fd/N`): the system's, to write into, never to replace.
#[cfg(unix)]
fn in_system_folder(path: &Path) -> bool {
    (path.starts_with("/dev") || path.starts_with("/proc"))
        && std::fs::symlink_metadata(path).is_ok_and(|m| !m.is_file())
}

#[cfg(not(unix))]
fn in_system_folder(_: &Path) -> bool {
    false
}

#[cfg(not(unix))]
fn is_device(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("restitution-atomic-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch");
        dir
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary_file() {
        let dir = scratch("failed");
        let path = dir.join("out.json");
        std::fs::write(&path, "old").expect("write");
        let failed = write_atomically(&path, |out| {
            out.write_all(b"half")?;
            Err::<(), _>(io::Error::other("stop"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "old");
        assert_eq!(
            std::fs::read_dir(&dir).expect("dir").count(),
            1,
            "temporary file left"
        );
        write_atomically(&path, |out| out.write_all(b"new")).expect("write");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "new");
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// The mode a file created by the standard library gets here: 0666 less the umask.
    #[cfg(unix)]
    #[test]
    fn outputs_get_the_mode_the_umask_gives_not_a_private_one() {
        use std::os::unix::fs::PermissionsExt;
        let dir = scratch("mode");
        let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
        let plain = dir.join("plain");
        std::fs::File::create(&plain).expect("create");
        let written = dir.join("written.json");
        write_atomically(&written, |out| out.write_all(b"{}")).expect("write");
        let staged = dir.join("staged.csv");
        let mut one = Staged::new(&staged).expect("staged");
        one.write_all(b"a").expect("write");
        one.commit().expect("commit");
        let kept = temporary_path_beside(&dir.join("book.xlsx")).expect("tmp");
        assert_eq!(mode(&written), mode(&plain));
        assert_eq!(mode(&staged), mode(&plain));
        assert_eq!(mode(&kept), mode(&plain));
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A regular file in /dev (tmpfs /dev/shm) is written whole, like any file: a second,
    /// shorter output leaves nothing of the first.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_regular_file_in_dev_shm_is_replaced_whole() {
        let shm = Path::new("/dev/shm");
        if !shm.is_dir() {
            return;
        }
        let path = shm.join(format!("restitution-atomic-{}.json", std::process::id()));
        write_atomically(&path, |out| out.write_all(b"long first output")).expect("write");
        write_atomically(&path, |out| out.write_all(b"short")).expect("write");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "short");
        let _ = std::fs::remove_file(&path);
    }

    #[test]
    fn a_special_file_is_written_in_place() {
        let null = Path::new("/dev/null");
        if null.exists() {
            write_atomically(null, |out| out.write_all(b"x")).expect("write");
            assert!(!std::fs::metadata(null).expect("meta").is_file());
        }
    }

    #[test]
    fn commit_all_replaces_nothing_when_one_target_is_a_folder() {
        let dir = scratch("all");
        std::fs::write(dir.join("a.csv"), "old").expect("write");
        std::fs::create_dir(dir.join("b.csv")).expect("dir");
        let mut staged: Vec<Staged> = ["a.csv", "b.csv"]
            .iter()
            .map(|n| Staged::new(&dir.join(n)).expect("staged"))
            .collect();
        for one in &mut staged {
            one.write_all(b"new").expect("write");
        }
        assert!(commit_all(staged).is_err());
        assert_eq!(
            std::fs::read_to_string(dir.join("a.csv")).expect("read"),
            "old"
        );
        assert_eq!(
            std::fs::read_dir(&dir).expect("dir").count(),
            2,
            "temporary files left"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
