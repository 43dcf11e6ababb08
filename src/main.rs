//! The `restitution` command line: a thin layer over the library.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use restitution::error::{ConvertError, ErrorCode};

const AFTER_HELP: &str = "\
Output: one JSON document per form, as defined in docs/SPEC.md (keys always present,
in a fixed order; doubts listed in \"avertissements\" with stable codes).

Exit codes: 0 converted; 1 the file yields no document; 2 usage error.

Error codes (printed as `error[CODE]: FILE: message` on stderr):
  format_non_pris_en_charge  not a DOCX or PDF, whatever its extension says
  fichier_illisible          corrupt or truncated file
  chiffre                    the PDF needs a password
  sans_texte                 a scanned PDF without a text layer (OCR needed)
  pas_une_restitution        a readable document that is not this form
  trop_volumineux            over the size limits
  erreur_interne             a fault of the converter itself";

const EXPORT_HELP: &str = "\
Files written: documents.csv, participants.csv, retex.csv, diagnostic.csv,
projections.csv, plan_action.csv, propositions.csv, avertissements.csv, erreurs.csv.
Every row starts with the document's fichier and sha256. A list cell joins its items
with ` | `; a null is an empty cell; index columns count from 0, as in JSON paths.

Exit codes: 0 written; 1 the input could not be read or written (nothing replaced);
2 usage error.";

#[derive(Parser)]
#[command(name = "restitution", version, about = "Turns filled-in 'Restitution' forms (États généraux du numérique territorialisés, 2020) from DOCX or PDF into normalized JSON", after_help = AFTER_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Convert one DOCX or PDF form to JSON (pretty-printed on stdout by default).
    #[command(after_help = AFTER_HELP)]
    Convert {
        /// The form: a .docx or .pdf file (the format is read from the content).
        file: PathBuf,
        /// Write the JSON to this file instead of stdout (written whole, or not at all).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// One line of JSON instead of indented JSON.
        #[arg(long)]
        compact: bool,
    },
    /// Write flat CSV tables (documents, retex, diagnostic, …) from JSON lines of documents
    /// and error lines, for spreadsheets and databases.
    #[command(after_help = EXPORT_HELP)]
    Export {
        /// The folder to write the CSV files into (created if missing; its files of the
        /// same names are replaced once the whole input is read).
        #[arg(long, value_name = "DIR")]
        csv: PathBuf,
        /// The JSON lines: one document or error line per line (`-` for stdin).
        input: PathBuf,
        /// For a French-locale spreadsheet: UTF-8 with a BOM, `;` separators, CRLF.
        #[arg(long)]
        excel: bool,
    },
    /// Print the JSON Schema (draft 2020-12) of an output line: a document or an error line.
    Schema,
    /// Print the neutral document model a reader builds (for debugging readers).
    #[command(hide = true)]
    Model { file: PathBuf },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Convert { file, output, compact } => convert(&file, output.as_deref(), compact),
        Command::Export { csv, input, excel } => export(&csv, &input, excel),
        Command::Schema => schema(),
        Command::Model { file } => model(&file),
    }
}

fn read_input(file: &std::path::Path) -> Result<Vec<u8>, ConvertError> {
    std::fs::read(file).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ConvertError::unreadable("fichier introuvable"),
        _ => ConvertError::unreadable(format!("lecture impossible : {e}")),
    })
}

fn report(file: &std::path::Path, err: &ConvertError) -> ExitCode {
    eprintln!("error[{}]: {}: {}", err.code, file.display(), err.message);
    ExitCode::from(1)
}

fn convert(file: &std::path::Path, output: Option<&std::path::Path>, compact: bool) -> ExitCode {
    let name = file.to_string_lossy();
    let result = read_input(file).and_then(|bytes| restitution::convert(&name, &bytes));
    let doc = match result {
        Ok(doc) => doc,
        Err(err) => return report(file, &err),
    };
    let mut json = restitution::to_json(&doc, !compact);
    json.push('\n');
    match output {
        None => {
            let mut stdout = std::io::stdout().lock();
            if stdout.write_all(json.as_bytes()).and_then(|_| stdout.flush()).is_err() {
                return ExitCode::from(1);
            }
        }
        Some(path) => {
            if let Err(e) = write_atomically(path, json.as_bytes()) {
                let err = ConvertError::new(ErrorCode::ErreurInterne, format!("écriture de {} impossible : {e}", path.display()));
                return report(file, &err);
            }
        }
    }
    ExitCode::SUCCESS
}

/// Write to a temporary file beside `path`, then rename: never a half-written output.
fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    let tmp = dir.join(format!(".{}.tmp-{}", path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default(), std::process::id()));
    let result = std::fs::write(&tmp, bytes).and_then(|_| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

fn model(file: &std::path::Path) -> ExitCode {
    let result = read_input(file).and_then(|bytes| {
        let doc = match restitution::sniff(&bytes)? {
            restitution::FileKind::Docx => restitution::docx::read(&bytes)?,
            restitution::FileKind::Pdf => restitution::pdf::read(&bytes)?,
        };
        Ok(doc)
    });
    match result {
        Ok(doc) => {
            print!("{}", restitution::model::outline(&doc));
            ExitCode::SUCCESS
        }
        Err(err) => report(file, &err),
    }
}

fn schema() -> ExitCode {
    let text = serde_json::to_string_pretty(&restitution::output::json_schema()).unwrap_or_default();
    let mut stdout = std::io::stdout().lock();
    match writeln!(stdout, "{text}").and_then(|_| stdout.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(1),
    }
}

fn export(dir: &std::path::Path, input: &std::path::Path, excel: bool) -> ExitCode {
    use restitution::export::csv::export_jsonl;
    let result = if input.as_os_str() == "-" {
        export_jsonl(std::io::stdin().lock(), dir, excel)
    } else {
        match std::fs::File::open(input) {
            Ok(file) => export_jsonl(std::io::BufReader::new(file), dir, excel),
            Err(e) => {
                eprintln!("error: {}: {e}", input.display());
                return ExitCode::from(1);
            }
        }
    };
    match result {
        Ok(summary) => {
            eprintln!("{} document(s), {} error line(s): CSV written to {}", summary.documents, summary.errors, dir.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {}: {e}", input.display());
            ExitCode::from(1)
        }
    }
}
