//! The one way every output file is written: into a temporary file created in the
//! target's folder with a random name and `O_EXCL` (so a planted symbolic link or a
//! guessed name is never followed), synced, then renamed over the target. An output is
//! therefore complete or absent, never half written; a temporary file is removed when
//! the write fails or is abandoned.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

/// Write `bytes` to `path` atomically.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_with(path, &mut |out| out.write_all(bytes))
}

/// Run `write` into a temporary file beside `path`, renamed over `path` once `write`
/// succeeded and the data is on disk; removed otherwise.
pub fn write_with<T>(
    path: &Path,
    write: &mut dyn FnMut(&mut dyn Write) -> io::Result<T>,
) -> io::Result<T> {
    let mut staged = Staged::new(path)?;
    let done = write(&mut staged)?;
    staged.commit()?;
    Ok(done)
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
        let dir = folder_of(path);
        let tmp = tempfile::Builder::new()
            .prefix(".restitution-")
            .suffix(".tmp")
            .tempfile_in(dir)?;
        Ok(Staged {
            path: path.to_path_buf(),
            out: BufWriter::new(tmp),
        })
    }

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
    let tmp = tempfile::Builder::new()
        .prefix(".restitution-")
        .suffix(".tmp")
        .tempfile_in(folder_of(path))?;
    Ok(tmp.into_temp_path())
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
        let failed = write_with(&path, &mut |out| {
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
        write_atomically(&path, b"new").expect("write");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "new");
        let _ = std::fs::remove_dir_all(&dir);
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
