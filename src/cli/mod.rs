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

pub fn failed() -> ExitCode {
    ExitCode::from(EXIT_FAILED)
}

pub fn usage_error() -> ExitCode {
    ExitCode::from(EXIT_USAGE)
}

pub fn interrupted() -> ExitCode {
    ExitCode::from(EXIT_INTERRUPTED)
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
pub fn report_interrupted() -> ExitCode {
    error(
        "interrompu (Ctrl-C ou signal d'arrêt) : les documents déjà écrits sont complets, aucun fichier temporaire ne reste",
    );
    interrupted()
}
