//! What the command line shares between its commands: French help and usage errors
//! (`french`), one way to read inputs and write outputs (`files`), one table of exit
//! statuses.

pub mod files;
pub mod french;

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use restitution::error::one_line;

/// A file yielded no document, or an input or output could not be read or written.
pub const EXIT_FAILED: u8 = 1;
/// The command line itself is wrong (unknown option, missing argument, bad value).
pub const EXIT_USAGE: u8 = 2;
/// Ctrl-C stopped a batch.
pub const EXIT_INTERRUPTED: u8 = 130;

/// How a command ended. `main` turns it into the process's exit status, in one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Success,
    /// `EXIT_FAILED`.
    Failed,
    /// `EXIT_USAGE`.
    Usage,
    /// `EXIT_INTERRUPTED`.
    Interrupted,
    /// Help and version: the status clap gives them.
    Clap(u8),
}

impl Exit {
    /// The process's exit status.
    pub fn status(self) -> u8 {
        match self {
            Exit::Success => 0,
            Exit::Failed => EXIT_FAILED,
            Exit::Usage => EXIT_USAGE,
            Exit::Interrupted => EXIT_INTERRUPTED,
            Exit::Clap(status) => status,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit.status())
    }
}

/// Why a command stopped short of its end. `finish` prints it (or not) and picks the
/// exit status: the one place where both are decided.
#[derive(Debug)]
pub enum Failure {
    /// The command line is wrong: `erreur : MESSAGE`, status 2.
    Usage(String),
    /// An input or output could not be used: `erreur : MESSAGE`, status 1.
    Failed(String),
    /// Writing stdout failed: quiet success when its reader went away (`… | head`),
    /// otherwise `erreur : écriture sur la sortie standard impossible : …`, status 1.
    Stdout(std::io::Error),
    /// A stop signal was trapped: `erreur : interrompu … MESSAGE`, status 130.
    Interrupted(&'static str),
    /// Already printed (a clap usage error, help, version): only the status is left.
    Printed(Exit),
}

/// The end of a command: `Ok` is the status of a command that ran to its end (`Failed`
/// when a document yielded no document, each already reported on stderr).
pub type Outcome = Result<Exit, Failure>;

/// The exit status of `outcome`, after printing what a person must read about it.
pub fn finish(outcome: Outcome) -> ExitCode {
    status_of(outcome).into()
}

fn status_of(outcome: Outcome) -> Exit {
    match outcome {
        Ok(exit) => exit,
        Err(Failure::Usage(message)) => {
            error(message);
            Exit::Usage
        }
        Err(Failure::Failed(message)) => {
            error(message);
            Exit::Failed
        }
        Err(Failure::Stdout(e)) if files::closed_pipe(&e) => Exit::Success,
        Err(Failure::Stdout(e)) => {
            error(format!(
                "écriture sur la sortie standard impossible : {}",
                restitution::error::io_reason(&e)
            ));
            Exit::Failed
        }
        Err(Failure::Interrupted(what)) => {
            error(format!("interrompu (Ctrl-C ou signal d'arrêt) : {what}"));
            Exit::Interrupted
        }
        Err(Failure::Printed(exit)) => exit,
    }
}

/// Print one line on stderr for a person: `erreur : …` (control characters escaped).
pub fn error(message: impl std::fmt::Display) {
    to_stderr(&format!("erreur : {}\n", one_line(&message.to_string())));
}

/// Print one line on stderr for a person: `note : …` (control characters escaped).
pub fn note(message: impl std::fmt::Display) {
    to_stderr(&format!("note : {}\n", one_line(&message.to_string())));
}

/// Write `text` on stderr. A closed stderr (`2>&1 | head`) is not worth a panic, which
/// `eprint!` would make of it: what cannot be said is dropped, the status stays.
pub fn to_stderr(text: &str) {
    use std::io::Write as _;
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Trap Ctrl-C, SIGTERM and SIGHUP: the returned flag is raised instead of the process
/// dying with its temporary files on disk. The command stops at its next step, removes
/// them and exits 130 (`EXIT_INTERRUPTED`). `what` names what can then not be stopped
/// cleanly if the handler cannot be installed.
pub fn trap_stop_signals(what: &str) -> Arc<AtomicBool> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    if let Err(e) = ctrlc::set_handler(move || flag.store(true, Ordering::Relaxed)) {
        note(format!(
            "Ctrl-C ne pourra pas arrêter proprement {what} ({e})"
        ));
    }
    stop
}

/// Whether a stop signal was trapped.
pub fn stopped(stop: &AtomicBool) -> bool {
    stop.load(Ordering::Relaxed)
}

/// What a command stopped by a signal left: complete documents, no temporary file.
pub const LEFT_COMPLETE: &str =
    "les documents déjà écrits sont complets, aucun fichier temporaire ne reste";

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Error, ErrorKind};

    #[test]
    fn one_place_turns_each_ending_into_its_status() {
        let closed = Failure::Stdout(Error::from(ErrorKind::BrokenPipe));
        assert_eq!(status_of(Err(closed)), Exit::Success);
        let full = Failure::Stdout(Error::from(ErrorKind::StorageFull));
        assert_eq!(status_of(Err(full)).status(), EXIT_FAILED);
        assert_eq!(
            status_of(Err(Failure::Usage("x".into()))).status(),
            EXIT_USAGE
        );
        assert_eq!(
            status_of(Err(Failure::Failed("x".into()))).status(),
            EXIT_FAILED
        );
        assert_eq!(
            status_of(Err(Failure::Interrupted(LEFT_COMPLETE))).status(),
            EXIT_INTERRUPTED
        );
        assert_eq!(status_of(Ok(Exit::Failed)).status(), EXIT_FAILED);
        assert_eq!(status_of(Err(Failure::Printed(Exit::Clap(0)))).status(), 0);
    }
}
