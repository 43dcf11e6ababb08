//! One policy for inputs and outputs, the same in every command:
//! - `-` as an input is stdin; a terminal there is a usage error (nothing would come);
//! - an input that cannot be read is that input's failure, in French, with a coded
//!   error for a document (`convert`, a `batch` line);
//! - an output file is written whole or not at all (`restitution::internals::write_atomically`);
//! - a reader that stops reading stdout (`… | head`) ends the command quietly, status 0
//!   (decided in `cli::finish`).

use std::io::{self, BufRead, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use restitution::Limits;
use restitution::error::{Cause, ConvertError, input_unreadable};

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
    let meta = std::fs::metadata(path).map_err(input_unreadable)?;
    if meta.is_dir() {
        return Err(ConvertError::of(Cause::Folder {
            path: path.to_path_buf(),
        }));
    }
    // Refuse an oversized file before reading it into memory.
    if meta.len() > limits.max_input_bytes {
        return Err(restitution::internals::input_too_large(meta.len(), limits));
    }
    let file = std::fs::File::open(path).map_err(input_unreadable)?;
    read_bounded(file, limits)
}

/// Read at most one byte more than the limit: enough to know it is exceeded.
fn read_bounded(reader: impl Read, limits: &Limits) -> Result<Vec<u8>, ConvertError> {
    let mut bytes = Vec::new();
    reader
        .take(limits.max_input_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(input_unreadable)?;
    if bytes.len() as u64 > limits.max_input_bytes {
        return Err(restitution::internals::input_too_large(
            bytes.len() as u64,
            limits,
        ));
    }
    Ok(bytes)
}

/// Whether a write failed because the reader of a pipe went away (`… | head`): the
/// reader's choice, not a failure.
pub fn closed_pipe(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::BrokenPipe
}

/// Write `bytes` to stdout (a closed pipe is an error here: `cli::finish` decides it is
/// none).
pub fn to_stdout(bytes: &[u8]) -> io::Result<()> {
    let mut stdout = io::stdout().lock();
    stdout.write_all(bytes).and_then(|()| stdout.flush())
}

/// The longest line `export` reads: one output line, a document with provenance is a
/// few hundred KiB.
pub const MAX_JSON_LINE_BYTES: usize = 64 * 1024 * 1024;

/// Read one line (without its `\n`) into `line`, keeping at most `max + 1` bytes of it:
/// the rest of a longer line is read and dropped, so that a line of any length costs
/// bounded memory and the next line is still found. `false` at the end of the input.
pub fn read_line_bounded(
    reader: &mut dyn BufRead,
    max: usize,
    line: &mut Vec<u8>,
) -> io::Result<bool> {
    line.clear();
    let kept = max.saturating_add(1);
    if Read::take(&mut *reader, kept as u64 + 1).read_until(b'\n', line)? == 0 {
        return Ok(false);
    }
    if line.last() == Some(&b'\n') {
        line.pop();
    } else if line.len() > kept {
        line.truncate(kept);
        reader.skip_until(b'\n')?;
    }
    Ok(true)
}

/// The paths of a stdin list, one a line (a final `\r` dropped, blank lines skipped).
/// A line longer than `max` is kept cut at `max + 1` bytes: the batch gives it an error
/// line rather than holding it whole.
pub fn path_list(reader: &mut dyn BufRead, max: usize) -> io::Result<Vec<PathBuf>> {
    let mut paths = Vec::new();
    let mut line = Vec::new();
    while read_line_bounded(reader, max, &mut line)? {
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        if !line.trim_ascii().is_empty() {
            paths.push(path_from_bytes(std::mem::take(&mut line)));
        }
    }
    Ok(paths)
}

#[cfg(unix)]
fn path_from_bytes(bytes: Vec<u8>) -> PathBuf {
    use std::os::unix::ffi::OsStringExt;
    PathBuf::from(std::ffi::OsString::from_vec(bytes))
}

#[cfg(not(unix))]
fn path_from_bytes(bytes: Vec<u8>) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(&bytes).into_owned())
}

/// A reader of lines that fails once a line passes `max` bytes, instead of growing it
/// without end (`export` fed one endless line).
pub struct LineLimited<R> {
    inner: R,
    max: usize,
    /// Bytes of the current line consumed so far.
    run: usize,
    /// The length of the slice last handed out when it ends the line.
    line_end: Option<usize>,
}

impl<R: BufRead> LineLimited<R> {
    pub fn new(inner: R, max: usize) -> Self {
        LineLimited {
            inner,
            max,
            run: 0,
            line_end: None,
        }
    }
}

impl<R: BufRead> Read for LineLimited<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = BufRead::fill_buf(self)?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        BufRead::consume(self, n);
        Ok(n)
    }
}

impl<R: BufRead> io::BufRead for LineLimited<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.run > self.max {
            let text = format!(
                "ligne de plus de {} Mio : ce n'est pas une ligne de sortie de restitution",
                self.max >> 20
            );
            return Err(io::Error::new(io::ErrorKind::InvalidData, text));
        }
        let room = self.max + 1 - self.run;
        let available = self.inner.fill_buf()?;
        let (len, line_end) = match available.iter().position(|&b| b == b'\n') {
            Some(at) if at < room => (at + 1, Some(at + 1)),
            _ => (available.len().min(room), None),
        };
        self.line_end = line_end;
        Ok(&available[..len])
    }

    fn consume(&mut self, n: usize) {
        self.run = if self.line_end == Some(n) {
            0
        } else {
            self.run + n
        };
        self.line_end = None;
        self.inner.consume(n);
    }
}

/// The first of `outputs` that is one of `inputs` (the same file, by canonical path),
/// with that input: writing there would replace an input. Inputs are looked at only when
/// an output already exists.
pub fn replaced_input<'a, 'b>(
    outputs: impl IntoIterator<Item = &'a Path>,
    inputs: impl IntoIterator<Item = &'b Path>,
) -> Option<(&'a Path, &'b Path)> {
    let existing: Vec<(PathBuf, &Path)> = outputs
        .into_iter()
        .filter_map(|output| Some((std::fs::canonicalize(output).ok()?, output)))
        .collect();
    if existing.is_empty() {
        return None;
    }
    let existing: std::collections::HashMap<PathBuf, &Path> = existing.into_iter().collect();
    inputs.into_iter().find_map(|input| {
        let output = existing.get(&std::fs::canonicalize(input).ok()?)?;
        Some((*output, input))
    })
}

/// The error of an output that is one of the inputs.
pub fn replaces_input_error(output: &Path, input: &Path) -> String {
    format!(
        "la sortie {} est aussi une entrée ({}) : elle la remplacerait ; choisissez un autre fichier de sortie",
        output.display(),
        input.display()
    )
}

/// A reader that fails once `stop` is raised (a trapped Ctrl-C or SIGTERM): what reads
/// it stops at its next read, with nothing committed.
pub struct Stoppable<'a, R> {
    inner: R,
    stop: &'a std::sync::atomic::AtomicBool,
}

impl<'a, R: BufRead> Stoppable<'a, R> {
    pub fn new(inner: R, stop: &'a std::sync::atomic::AtomicBool) -> Self {
        Stoppable { inner, stop }
    }

    fn check(&self) -> io::Result<()> {
        if super::stopped(self.stop) {
            return Err(io::Error::other(restitution::batch::Interrupted));
        }
        Ok(())
    }
}

impl<R: BufRead> Read for Stoppable<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.check()?;
        self.inner.read(buf)
    }
}

impl<R: BufRead> BufRead for Stoppable<'_, R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.check()?;
        self.inner.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        self.inner.consume(n);
    }
}
