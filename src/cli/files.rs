//! One policy for inputs and outputs, the same in every command:
//! - `-` as an input is stdin; a terminal there is a usage error (nothing would come);
//! - an input that cannot be read is that input's failure, in French, with a coded
//!   error for a document (`convert`, a `batch` line);
//! - an output file is written whole or not at all (temporary file, then rename);
//! - a reader that stops reading stdout (`… | head`) ends the command quietly, status 0.

use std::io::{self, IsTerminal, Read, Write};
use std::path::Path;

use restitution::atomic::Staged;
use restitution::error::{input_unreadable, io_reason, ConvertError};
use restitution::Limits;

/// Whether a path given on the command line means stdin.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// `-` given while stdin is a terminal: the command would wait for input nobody sends.
/// `what` says what the command reads there; `example` shows a redirection.
pub fn terminal_stdin(what: &str, example: &str) -> Option<String> {
    io::stdin().is_terminal().then(|| {
        format!("« - » lit {what} sur l'entrée standard, qui est ici le terminal : redirigez-la, par exemple « {example} »")
    })
}

/// The bytes of one document: the file `path`, or stdin for `-`, within the size limit.
pub fn read_document(path: &Path, limits: &Limits) -> Result<Vec<u8>, ConvertError> {
    if is_stdin(path) {
        return read_bounded(io::stdin().lock(), limits);
    }
    let meta = std::fs::metadata(path).map_err(|e| input_unreadable(&e))?;
    if meta.is_dir() {
        return Err(ConvertError::unreadable(format!(
            "c'est un dossier : pour convertir les formulaires qu'il contient, utilisez « restitution batch {} »",
            path.display()
        )));
    }
    // Refuse an oversized file before reading it into memory.
    if meta.len() > limits.max_input_bytes {
        return Err(restitution::input_too_large(meta.len(), limits));
    }
    let file = std::fs::File::open(path).map_err(|e| input_unreadable(&e))?;
    read_bounded(file, limits)
}

/// Read at most one byte more than the limit: enough to know it is exceeded.
fn read_bounded(reader: impl Read, limits: &Limits) -> Result<Vec<u8>, ConvertError> {
    let mut bytes = Vec::new();
    reader
        .take(limits.max_input_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| input_unreadable(&e))?;
    if bytes.len() as u64 > limits.max_input_bytes {
        return Err(restitution::input_too_large(bytes.len() as u64, limits));
    }
    Ok(bytes)
}

/// Whether a write failed because the reader of a pipe went away (`… | head`): the
/// reader's choice, not a failure.
pub fn closed_pipe(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::BrokenPipe
}

/// Write `bytes` to stdout; a closed pipe counts as done.
pub fn to_stdout(bytes: &[u8]) -> io::Result<()> {
    let mut stdout = io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if closed_pipe(&e) => Ok(()),
        other => other,
    }
}

/// What a person reads when an output cannot be written, and what to do about it.
pub fn write_failure(path: &Path, e: &io::Error) -> String {
    format!(
        "impossible d'écrire {} : {} ; vérifiez que son dossier existe et vous est ouvert en écriture, ou choisissez un autre emplacement",
        path.display(),
        io_reason(e)
    )
}

/// Write to a temporary file beside `path`, then rename: never a half-written output.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_file_with(path, &mut |out| out.write_all(bytes))
}

/// Run `write` into a temporary file beside `path` (see `restitution::atomic`), renamed
/// over `path` once `write` succeeded and the data is on disk; removed otherwise. An
/// existing output that is not a regular file (`/dev/null`, a pipe) is written in place.
/// An error of the file itself (not of `write`) says which file and what to do, in
/// French.
pub fn write_file_with<T>(path: &Path, write: &mut dyn FnMut(&mut dyn Write) -> io::Result<T>) -> io::Result<T> {
    let file_error = |e: io::Error| io::Error::new(e.kind(), write_failure(path, &e));
    if is_special(path) {
        let file = std::fs::OpenOptions::new().write(true).open(path).map_err(file_error)?;
        let mut out = io::BufWriter::new(file);
        let done = write(&mut out)?;
        out.flush()?;
        return Ok(done);
    }
    let mut staged = Staged::new(path).map_err(file_error)?;
    let done = write(staged.writer())?;
    staged.commit().map_err(file_error)?;
    Ok(done)
}

/// An existing output that is not a regular file (`/dev/null`, a pipe): written in
/// place, never replaced by a rename.
fn is_special(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_file())
}
