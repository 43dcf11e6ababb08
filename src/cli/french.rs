//! clap in French. clap writes its own words in English ("Usage:", "Options:", "Print
//! help", "[default: …]", its error messages); every one of them is replaced here, for
//! every command at once: a help template, our own `-h/--help` and `-V/--version`, French
//! headings, defaults written into the help text, and usage errors rebuilt from
//! `clap::Error`'s kind and context.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

/// The help page of every command. (clap's default writes `{usage-heading}`, "Usage:".)
const TEMPLATE: &str = "{about-with-newline}\nUtilisation : {usage}\n\n{all-args}{after-help}";

/// Headings end with a space: clap appends the colon, French typography wants
/// "Options :".
pub const HEADING_ARGUMENTS: &str = "Arguments ";
pub const HEADING_OPTIONS: &str = "Options ";
pub const HEADING_COMMANDS: &str = "Commandes ";
pub const HEADING_LIMITS: &str = "Limites (en dépasser une donne trop_volumineux, qui la nomme) ";

/// The command tree with every word clap would print in English replaced.
pub fn command(cmd: Command) -> Command {
    let cmd = translate(cmd).disable_version_flag(true).arg(
        Arg::new("version")
            .short('V')
            .long("version")
            .action(ArgAction::Version)
            .help("Afficher la version")
            .help_heading(HEADING_OPTIONS),
    );
    cmd.disable_help_subcommand(true)
        .subcommand_help_heading(HEADING_COMMANDS)
        .subcommand_value_name("COMMANDE")
}

/// French template, headings, help flag and defaults for `cmd` and its subcommands.
fn translate(cmd: Command) -> Command {
    cmd.help_template(TEMPLATE)
        .disable_help_flag(true)
        .mut_args(|arg| default_in_help(with_heading(arg)))
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("Afficher cette aide")
                .help_heading(HEADING_OPTIONS),
        )
        .mut_subcommands(translate)
}

fn with_heading(arg: Arg) -> Arg {
    match (arg.get_help_heading(), arg.is_positional()) {
        (Some(_), _) => arg,
        (None, true) => arg.help_heading(HEADING_ARGUMENTS),
        (None, false) => arg.help_heading(HEADING_OPTIONS),
    }
}

/// clap shows a default as "[default: 100]": written into the help text instead.
fn default_in_help(arg: Arg) -> Arg {
    let defaults = arg.get_default_values();
    let shown =
        arg.get_action().takes_values() && !arg.is_hide_default_value_set() && !defaults.is_empty();
    if !shown {
        return arg;
    }
    let value = defaults
        .iter()
        .map(|v| v.to_string_lossy())
        .collect::<Vec<_>>()
        .join(", ");
    let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
    let help = format!("{} (par défaut : {value})", help.trim_end_matches('.'));
    arg.help(help).hide_default_value(true)
}

/// What to print for a usage error (or for help and version, which clap also reports
/// as errors): `None` when clap's own output is already right (help, version).
pub fn usage_error(err: &clap::Error, command: &Command) -> Option<String> {
    if matches!(
        err.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        return None;
    }
    let usage = context(err, ContextKind::Usage)
        .map(|u| u.trim().trim_start_matches("Usage:").trim().to_string());
    let mut text = format!("erreur : {}\n", sentence(err));
    if let Some(suggestion) = suggestion(err) {
        text.push_str(&format!("  {suggestion}\n"));
    }
    text.push('\n');
    if let Some(usage) = usage {
        text.push_str(&format!("Utilisation : {usage}\n"));
    }
    text.push_str(&format!("Aide : {} --help\n", command_path(command)));
    Some(text)
}

/// `restitution` and the subcommand the arguments name, if any: where to find help.
fn command_path(command: &Command) -> String {
    let name = command.get_name();
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().find_map(|arg| command.find_subcommand(arg)) {
        Some(sub) => format!("{name} {}", sub.get_name()),
        None => name.to_string(),
    }
}

/// The error itself, in one French sentence.
fn sentence(err: &clap::Error) -> String {
    let arg = || context(err, ContextKind::InvalidArg).unwrap_or_default();
    let value = || context(err, ContextKind::InvalidValue).unwrap_or_default();
    match err.kind() {
        ErrorKind::UnknownArgument => format!("option ou argument inattendu « {} »", arg()),
        ErrorKind::InvalidSubcommand => {
            format!(
                "commande inconnue « {} » (commandes : convert, batch, export, schema)",
                context(err, ContextKind::InvalidSubcommand).unwrap_or_default()
            )
        }
        ErrorKind::MissingSubcommand => {
            "commande manquante : convert, batch, export ou schema".to_string()
        }
        ErrorKind::MissingRequiredArgument => format!("argument obligatoire manquant : {}", arg()),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            format!(
                "valeur « {} » invalide pour {} : {}",
                value(),
                arg(),
                expected(&arg())
            )
        }
        ErrorKind::NoEquals => format!("{} attend sa valeur après un signe « = »", arg()),
        ErrorKind::TooManyValues => format!("valeur en trop « {} » pour {}", value(), arg()),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("nombre de valeurs incorrect pour {}", arg())
        }
        ErrorKind::ArgumentConflict => {
            format!(
                "{} ne peut pas s'employer avec {}",
                arg(),
                context(err, ContextKind::PriorArg).unwrap_or_default()
            )
        }
        ErrorKind::InvalidUtf8 => "un argument n'est pas du texte UTF-8 valide".to_string(),
        _ => "ligne de commande incorrecte".to_string(),
    }
}

/// What a value must be. Every option that takes a checked value takes a whole number;
/// `--jobs` within a range.
fn expected(arg: &str) -> &'static str {
    if arg.starts_with("--jobs") || arg.starts_with("-j") {
        "un nombre entier de 1 à 1024 est attendu"
    } else {
        "un nombre entier positif est attendu"
    }
}

/// clap's "did you mean" suggestion, when it has one.
fn suggestion(err: &clap::Error) -> Option<String> {
    [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ]
    .into_iter()
    .find_map(|kind| context(err, kind))
    .map(|s| format!("vouliez-vous dire « {s} » ?"))
}

fn context(err: &clap::Error, kind: ContextKind) -> Option<String> {
    match err.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(list) => Some(list.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}
