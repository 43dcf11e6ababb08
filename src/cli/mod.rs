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

pub fn failed() -> Exit {
    Exit::Failed
}

pub fn usage_error() -> Exit {
    Exit::Usage
}

pub fn interrupted() -> Exit {
    Exit::Interrupted
}

/// Print one line on stderr for a person: `erreur : …` (control characters escaped).
pub fn error(message: impl std::fmt::Display) {
    eprintln!("erreur : {}", one_line(&message.to_string()));
}

/// Print one line on stderr for a person: `note : …` (control characters escaped).
pub fn note(message: impl std::fmt::Display) {
    eprintln!("note : {}", one_line(&message.to_string()));
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

/// The message and status of a command stopped by a signal.
pub fn report_interrupted() -> Exit {
    error(
        "interrompu (Ctrl-C ou signal d'arrêt) : les documents déjà écrits sont complets, aucun fichier temporaire ne reste",
    );
    interrupted()
}
