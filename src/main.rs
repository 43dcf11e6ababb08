//! The `restitution` command line: a thin layer over the library.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use restitution::batch;
use restitution::export::csv::{CsvTee, CsvWriter};
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

const BATCH_HELP: &str = "\
Output: one line of JSON per candidate document, sorted by source.fichier (compared as
strings), byte-identical whatever --jobs: the document of docs/SPEC.md (compact), or
  {\"source\": {\"fichier\", \"format\", \"sha256\", \"octets\", \"pages\"}, \"erreur\": {\"code\", \"message\"}}
for a file that yields no document (codes as for `convert`).

Candidates: files named .docx .pdf .doc .odt .rtf (any case), and files whose content is
DOCX or PDF. Other files are skipped (counted, no line). source.fichier is the path
relative to the folder given, the path as given for a file, and ARCHIVE!/inner/path for
a zip member (nested archives are not opened; members over 100 MB and archives of more
than 100,000 entries get a trop_volumineux line).

A progress bar is drawn on stderr when it is a terminal; a summary (converted, with
warnings by code, failed by code, skipped) is always printed on stderr at the end.

Exit codes: 0 every candidate converted; 1 at least one failed (or the output could not
be written); 2 usage error (bad option, a PATH that does not exist); 130 interrupted
(Ctrl-C: stopped between documents, temporary files removed, -o and --csv not written).";
const EXPORT_HELP: &str = "\
Files written: documents.csv, participants.csv, retex.csv, diagnostic.csv,
projections.csv, plan_action.csv, propositions.csv, avertissements.csv, erreurs.csv.
Every row starts with the document's fichier and sha256. A list cell joins its items
with ` | `; a null is an empty cell; index columns count from 0, as in JSON paths.

Exit codes: 0 written; 1 the input could not be read or written (nothing replaced);
2 usage error.";

/// The limits of `restitution::Limits`, as flags (defaults: the library's).
#[derive(Args, Debug)]
#[command(next_help_heading = "Limits (exceeding one gives trop_volumineux, naming it)")]
struct LimitArgs {
    /// Largest input file, or archive member once inflated, in MB.
    #[arg(long, value_name = "MB", default_value_t = 100)]
    max_input_mb: u64,
    /// Most bytes inflated from one zip entry of a DOCX, in MB.
    #[arg(long, value_name = "MB", default_value_t = 256)]
    max_inflated_mb: u64,
    /// Largest inflated / compressed size of a DOCX zip entry (zip bombs; entries
    /// inflating to under 1 MB are never refused for it).
    #[arg(long, value_name = "N", default_value_t = 200)]
    max_zip_ratio: u64,
    /// Most entries in a DOCX archive.
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    max_zip_entries: usize,
    /// Most entries in a .zip archive given to batch.
    #[arg(long, value_name = "N", default_value_t = 100_000)]
    max_archive_entries: u64,
    /// Deepest XML element nesting in a DOCX part (nested tables count).
    #[arg(long, value_name = "N", default_value_t = 512)]
    max_xml_depth: usize,
    /// Most pages of a PDF.
    #[arg(long, value_name = "N", default_value_t = 2_000)]
    max_pdf_pages: usize,
    /// Most objects of a PDF.
    #[arg(long, value_name = "N", default_value_t = 1_000_000)]
    max_pdf_objects: usize,
    /// Largest decoded PDF stream (page content, XObject, font CMap), in MB.
    #[arg(long, value_name = "MB", default_value_t = 64)]
    max_stream_mb: u64,
    /// Deepest nesting of PDF Form XObjects.
    #[arg(long, value_name = "N", default_value_t = 8)]
    max_xobject_depth: usize,
}

impl LimitArgs {
    fn limits(&self) -> restitution::Limits {
        const MB: u64 = 1024 * 1024;
        restitution::Limits {
            max_input_bytes: self.max_input_mb.saturating_mul(MB),
            max_inflated_bytes: self.max_inflated_mb.saturating_mul(MB),
            max_zip_ratio: self.max_zip_ratio,
            max_zip_entries: self.max_zip_entries,
            max_archive_entries: self.max_archive_entries,
            max_xml_depth: self.max_xml_depth,
            max_pdf_pages: self.max_pdf_pages,
            max_pdf_objects: self.max_pdf_objects,
            max_stream_bytes: usize::try_from(self.max_stream_mb.saturating_mul(MB)).unwrap_or(usize::MAX),
            max_xobject_depth: self.max_xobject_depth,
            // The limits without a flag yet keep their defaults.
            ..restitution::Limits::default()
        }
    }
}

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
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Convert many forms (files, folders, zip archives) to JSON Lines, in parallel.
    #[command(after_help = BATCH_HELP)]
    Batch {
        /// Files, folders (walked recursively, symbolic links inside not followed), .zip
        /// archives (read in place), or `-` to read such paths from stdin, one per line.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Write the JSON Lines to this file (written whole, then renamed) instead of
        /// stdout.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Worker threads (default: one per core).
        #[arg(short, long, value_parser = clap::value_parser!(u32).range(1..1025))]
        jobs: Option<u32>,
        /// Also write one pretty JSON file per document under DIR, mirroring the input
        /// tree (NAME.json, or NAME.error.json for a file that yields no document). The
        /// JSON Lines then go only to -o, when given.
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
        /// With --out-dir: skip the documents whose NAME.json already holds the same
        /// source.sha256 (their line is taken from that file).
        #[arg(long, requires = "out_dir")]
        incremental: bool,
        /// Also write the flat CSV tables of `export --csv` into DIR.
        #[arg(long, value_name = "DIR")]
        csv: Option<PathBuf>,
        /// With --csv: UTF-8 with a BOM, `;` separators, CRLF (French-locale spreadsheets).
        #[arg(long, requires = "csv")]
        excel: bool,
        #[command(flatten)]
        limits: LimitArgs,
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
        Command::Convert { file, output, compact, limits } => convert(&file, output.as_deref(), compact, &limits.limits()),
        Command::Batch { paths, output, jobs, out_dir, incremental, csv, excel, limits } => {
            let interrupt = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
            let flag = interrupt.clone();
            // Ctrl-C: the batch stops between documents, removes its temporary files and
            // exits 130. (Without a handler, it would die with them on disk.)
            if let Err(e) = ctrlc::set_handler(move || flag.store(true, std::sync::atomic::Ordering::Relaxed)) {
                eprintln!("note: interruption non gérée ({e})");
            }
            let options = batch::Options {
                jobs: jobs.unwrap_or(0) as usize,
                out_dir,
                incremental,
                limits: limits.limits(),
                interrupt,
            };
            let csv = csv.map(|dir| (dir, excel));
            run_batch(&paths, output.as_deref(), &options, csv.as_ref())
        }
        Command::Export { csv, input, excel } => export(&csv, &input, excel),
        Command::Schema => schema(),
        Command::Model { file } => model(&file),
    }
}

fn read_input(file: &std::path::Path, limits: &restitution::Limits) -> Result<Vec<u8>, ConvertError> {
    let unreadable = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound => ConvertError::unreadable("fichier introuvable"),
        _ => ConvertError::unreadable(format!("lecture impossible : {e}")),
    };
    // Refuse an oversized file before reading it into memory.
    let size = std::fs::metadata(file).map_err(unreadable)?.len();
    if size > limits.max_input_bytes {
        return Err(restitution::input_too_large(size, limits));
    }
    std::fs::read(file).map_err(unreadable)
}

fn report(file: &std::path::Path, err: &ConvertError) -> ExitCode {
    eprintln!("error[{}]: {}: {}", err.code, file.display(), err.message);
    ExitCode::from(1)
}

fn convert(file: &std::path::Path, output: Option<&std::path::Path>, compact: bool, limits: &restitution::Limits) -> ExitCode {
    let name = file.to_string_lossy();
    let result = read_input(file, limits).and_then(|bytes| restitution::convert_with(&name, &bytes, limits));
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
    if is_special(path) {
        return std::fs::OpenOptions::new().write(true).open(path).and_then(|mut f| f.write_all(bytes));
    }
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    let tmp = dir.join(format!(".{}.tmp-{}", path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default(), std::process::id()));
    let result = std::fs::write(&tmp, bytes).and_then(|_| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

fn run_batch(
    paths: &[PathBuf],
    output: Option<&std::path::Path>,
    options: &batch::Options,
    csv: Option<&(PathBuf, bool)>,
) -> ExitCode {
    let mut expanded = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            for line in std::io::stdin().lock().lines() {
                match line {
                    Ok(line) if !line.trim().is_empty() => expanded.push(PathBuf::from(line.trim_end_matches('\r'))),
                    Ok(_) => {}
                    Err(e) => {
                        eprintln!("error: lecture de l'entrée standard impossible : {e}");
                        return ExitCode::from(2);
                    }
                }
            }
        } else {
            expanded.push(path.clone());
        }
    }
    // An --out-dir that cannot be made (a path under a regular file, a read-only place)
    // stops the batch before anything is converted.
    if let Some(dir) = &options.out_dir
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        eprintln!("error: --out-dir {} : création impossible ({e})", dir.display());
        return ExitCode::from(1);
    }
    let listing = match batch::list(&expanded, &options.limits) {
        Ok(listing) => listing,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    for note in &listing.notes {
        eprintln!("note: {note}");
    }
    let bar = progress_bar(listing.items.len() as u64);
    let tick = || {
        if let Some(bar) = &bar {
            bar.inc(1);
        }
    };
    let run = |out: &mut dyn Write| run_with_csv(out, csv, &listing.items, options, &tick);
    let result = match output {
        Some(path) => write_batch_file(path, &run),
        None if options.out_dir.is_some() => run(&mut std::io::sink()),
        None => {
            let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
            run(&mut stdout)
        }
    };
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    match result {
        Ok(mut summary) => {
            summary.skipped += listing.skipped;
            eprint!("{}", summary.render());
            if summary.failed_total() > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
        }
        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {
            eprintln!("error: interrompu (Ctrl-C) : les documents déjà écrits sont complets, aucun fichier temporaire ne reste");
            ExitCode::from(130)
        }
        Err(e) => {
            eprintln!("error: écriture de la sortie impossible : {e}");
            ExitCode::from(1)
        }
    }
}

/// `-o FILE`: the lines go to a temporary file beside FILE, renamed once complete.
/// Run the batch into `out`, feeding each line to the CSV tables too when asked.
fn run_with_csv(
    out: &mut dyn Write,
    csv: Option<&(PathBuf, bool)>,
    items: &[batch::Item],
    options: &batch::Options,
    tick: &dyn Fn(),
) -> std::io::Result<batch::Summary> {
    let Some((dir, excel)) = csv else { return batch::run(items, options, out, tick) };
    let tables = CsvWriter::new(dir, *excel).map_err(std::io::Error::other)?;
    let mut tee = CsvTee::new(out, tables);
    let summary = batch::run(items, options, &mut tee, tick)?;
    tee.finish().map_err(std::io::Error::other)?;
    Ok(summary)
}

/// The JSON Lines file of a batch: written to a temporary file, renamed when whole.
fn write_batch_file(
    path: &std::path::Path,
    run: &dyn Fn(&mut dyn Write) -> std::io::Result<batch::Summary>,
) -> std::io::Result<batch::Summary> {
    if is_special(path) {
        let mut out = std::io::BufWriter::new(std::fs::OpenOptions::new().write(true).open(path)?);
        return run(&mut out);
    }
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = std::fs::File::create(&tmp).and_then(|file| {
        let mut out = std::io::BufWriter::new(file);
        let summary = run(&mut out)?;
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&tmp, path)?;
        Ok(summary)
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// An existing output that is not a regular file (`/dev/null`, a pipe): written in
/// place, never replaced by a rename.
fn is_special(path: &std::path::Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_file())
}

/// A progress bar on stderr, only when stderr is a terminal.
fn progress_bar(len: u64) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(len);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} documents, {elapsed} (reste {eta})") {
        bar.set_style(style);
    }
    Some(bar)
}

fn model(file: &std::path::Path) -> ExitCode {
    let result = read_input(file, &restitution::Limits::default()).and_then(|bytes| {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_flags_default_to_the_library_limits() {
        for args in [&["restitution", "convert", "x"][..], &["restitution", "batch", "x"][..]] {
            let limits = match Cli::parse_from(args).command {
                Command::Convert { limits, .. } | Command::Batch { limits, .. } => limits.limits(),
                _ => unreachable!(),
            };
            assert_eq!(limits, restitution::Limits::default());
        }
    }
}
