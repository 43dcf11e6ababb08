//! The `restitution` command line: a thin layer over the library. Everything it prints
//! for people is in French (clap's own words too: see `cli::french`); inputs, outputs
//! and exit statuses follow one policy for every command (see `cli::files`).

mod cli;

/// The allocator of the binary (see the `cli` feature in Cargo.toml: glibc's malloc took
/// a fifth of a conversion's instructions).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use cli::{Exit, Failure, Outcome};

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use cli::files;
use restitution::batch;
use restitution::error::{ConvertError, hint, one_line};
use restitution::export::{self, CsvOptions, ExportTee, Exporter, Targets};
use restitution::internals::{write_atomically, write_failure};

/// The exit statuses, as listed in every `--help` and in the README.
macro_rules! exit_codes {
    () => {
        "Codes de sortie (les mêmes pour toutes les commandes) :
  0    tout a été converti ou écrit ; aussi quand le lecteur de la sortie s'arrête (… | head)
  1    au moins un fichier n'a donné aucun document, ou une entrée ou une sortie n'a pas pu
       être lue ou écrite (rien n'est alors remplacé)
  2    ligne de commande incorrecte : option inconnue, argument manquant, valeur invalide
  130  interrompu par Ctrl-C (batch, review)"
    };
}

/// The error codes of a file that yields no document (SPEC "Errors").
macro_rules! error_codes {
    () => {
        "Codes d'erreur (convert écrit « error[CODE]: FICHIER: message » sur la sortie d'erreur) :
  format_non_pris_en_charge  ni DOCX, ni ODT, ni PDF, quelle que soit l'extension
  fichier_illisible          fichier introuvable, endommagé ou tronqué
  chiffre                    le PDF demande un mot de passe
  sans_texte                 PDF scanné sans texte : une reconnaissance de caractères est nécessaire
  pas_une_restitution        document lisible, mais ce n'est pas ce formulaire
  trop_volumineux            une limite est dépassée (voir les options « Limites »)
  erreur_interne             défaut du convertisseur lui-même"
    };
}

/// How every command treats its inputs.
macro_rules! inputs {
    () => {
        "Entrées : « - » désigne l'entrée standard. Un fichier introuvable ou illisible est
l'échec de ce fichier (code de sortie 1 ; pour un document, l'erreur fichier_illisible),
jamais une erreur de ligne de commande."
    };
}

const AFTER_HELP: &str = concat!(
    "Sortie : un document JSON par formulaire, décrit dans docs/SPEC.md (clés toujours
présentes, dans un ordre fixe ; les doutes sont listés dans « avertissements », avec un
code stable).

",
    inputs!(),
    "\n\n",
    exit_codes!(),
    "\n\n",
    error_codes!()
);

const CONVERT_HELP: &str = concat!(
    "Le document s'affiche sur la sortie standard, indenté ; avec -o, il est écrit dans un
fichier temporaire puis renommé (jamais à moitié écrit). source.fichier est le chemin tel
que donné (« - » pour l'entrée standard). Un dossier ou une archive .zip se convertit avec
« restitution batch ».

",
    inputs!(),
    "\n\n",
    exit_codes!(),
    "\n\n",
    error_codes!()
);

const BATCH_HELP: &str = concat!(
    "Sortie : une ligne JSON par document candidat, triées par source.fichier (comparés comme
du texte), identiques octet pour octet quel que soit --jobs : le document de docs/SPEC.md
(compact), ou, pour un fichier qui ne donne aucun document,
  {\"source\": {\"fichier\", \"format\", \"sha256\", \"octets\", \"pages\"}, \"erreur\": {\"code\", \"message\"}}
(codes d'erreur comme pour convert).

Candidats : les fichiers .docx .pdf .doc .odt .rtf (majuscules ou minuscules) et ceux dont
le contenu est DOCX, ODT ou PDF ; les autres fichiers sont ignorés (comptés, sans ligne).
source.fichier est le chemin relatif au dossier donné (avec plusieurs CHEMIN, précédé du
nom du dossier), le chemin tel que donné pour un fichier, et ARCHIVE!/chemin/interne pour
un membre d'archive zip ; deux documents de même nom sont numérotés, jamais écartés. Les
fichiers parasites (__MACOSX, ._*, ~$*, .~lock.*#, Thumbs.db, desktop.ini) et cachés sont
ignorés (voir --verbose, --hidden) (une archive dans une
archive n'est pas ouverte ; un membre de plus de 100 Mo ou une archive de plus de 100 000
entrées donne une ligne trop_volumineux, de même qu'un membre qui se décompresse en plus de
--max-zip-ratio fois sa taille compressée ; une archive de plus de 65 535 membres sans ZIP64
donne une ligne d'erreur à son nom, qui dit combien de membres ne sont pas lus). Un chemin qui
n'est ni un fichier ordinaire ni un dossier (tube, périphérique) donne une ligne d'erreur.

Sur la sortie d'erreur : une barre de progression si c'est un terminal, puis toujours un
bilan (convertis, à vérifier, en échec par code, ignorés) et les fichiers en échec (les 20
premiers), et avec --rapport ou --sans-doublons un résumé du rapport (documents par
région et format, doublons). Ctrl-C (ou le signal SIGTERM) arrête le lot entre deux
documents : les fichiers temporaires sont effacés, -o, --csv, --xlsx et --rapport ne sont
pas écrits, la base --sqlite reste telle qu'elle était. Une sortie (-o, un tableau de
--csv, --xlsx, --sqlite, --rapport, un fichier de --out-dir) qui est aussi une entrée est
refusée, avant que rien ne soit écrit.

Doublons : fichiers identiques (même sha256) ou même restitution sous deux formes (même
région, dates, atelier et animateurs : un DOCX et son PDF). Chaque groupe nomme le fichier
à garder (le DOCX d'abord) ; --sans-doublons n'écrit que lui dans les tableaux.

",
    inputs!(),
    "
Une liste lue avec « - » donne une ligne d'erreur à chaque chemin introuvable, et le lot
continue.

",
    exit_codes!()
);

const EXPORT_HELP: &str = concat!(
    "Tableaux écrits (fichiers CSV, feuilles du classeur, tables de la base) : documents,
participants, retex, diagnostic, projections, plan_action, propositions, avertissements,
textes_non_repris, erreurs. Chaque ligne commence par le fichier, le sha256 et la
region_academique du document. Une cellule de liste joint ses éléments par « | » ; null
donne une cellule vide ; les colonnes index comptent à partir de 0, comme les chemins
JSON. Rien n'est remplacé avant que toute l'entrée soit lue ; la base SQLite est écrite
en une transaction, et les lignes d'un fichier déjà présent y remplacent les siennes. Un
tableau qui serait écrit sur l'entrée est refusé.
Vues de la base : participants_par_region, avertissements_par_code, propositions_phares.

",
    inputs!(),
    "\n\n",
    exit_codes!()
);

const REVIEW_HELP: &str = concat!(
    "Écrit un seul fichier HTML autonome (styles, script et images inclus ; il ne fait
aucune requête réseau et s'ouvre hors ligne dans tout navigateur récent) : un index, puis
une section par document, celles à vérifier d'abord (avertissements « à vérifier », texte
non repris, fichier sans document). Chaque section montre les champs disposés comme dans
le formulaire (cases comme des cases, champs vides visiblement vides), chaque avertissement
à son champ, le texte non repris en surbrillance, et à côté le document : pour un PDF,
chaque page redessinée d'après ce que le lecteur a vu, la zone de chaque valeur entourée ;
pour un DOCX ou un ODT, ses paragraphes et tableaux, le texte de chaque valeur surligné.
Pointer une valeur éclaire sa zone, et inversement ; un clic fait défiler jusqu'à l'autre.

CHEMIN : les mêmes formes que pour batch (fichiers, dossiers, archives .zip, --include,
--exclude, --hidden). Le fichier est écrit dans un fichier temporaire puis renommé.

",
    inputs!(),
    "\n\n",
    exit_codes!()
);

/// The tables written from the JSON lines: by `export`, and by `batch` as it goes.
#[derive(Args, Debug)]
#[command(group = clap::ArgGroup::new("tableaux").multiple(true).args(["csv", "xlsx", "sqlite"]))]
struct TableArgs {
    /// Écrire les tableaux CSV dans DOSSIER (créé s'il manque ; ses fichiers de même nom
    /// sont remplacés une fois toutes les lignes écrites)
    #[arg(long, value_name = "DOSSIER")]
    csv: Option<PathBuf>,
    /// Avec --csv : UTF-8 avec BOM, séparateur « ; », fins de ligne CRLF (tableurs en français)
    #[arg(long, requires = "csv")]
    excel: bool,
    /// Avec --csv : garder les cellules telles quelles, même celles qui commencent par
    /// = + - @ (par défaut, elles sont précédées d'une apostrophe pour qu'aucun tableur
    /// ne les exécute comme formules)
    #[arg(long, requires = "csv")]
    csv_brut: bool,
    /// Écrire les mêmes tableaux dans un classeur Excel (une feuille par tableau, cellules
    /// typées : nombres, booléens, dates), remplacé une fois toutes les lignes écrites
    #[arg(long, value_name = "FICHIER.xlsx")]
    xlsx: Option<PathBuf>,
    /// Écrire les mêmes tableaux dans une base SQLite (clés, index et vues) ; les lignes
    /// d'un fichier déjà présent dans la base remplacent les siennes ; tout est écrit en
    /// une transaction
    #[arg(long, value_name = "FICHIER")]
    sqlite: Option<PathBuf>,
    /// N'écrire dans les tableaux qu'un fichier par groupe de doublons (fichiers identiques,
    /// ou même restitution en deux formats) : celui à garder, le DOCX d'abord
    #[arg(long)]
    sans_doublons: bool,
}

impl TableArgs {
    fn targets(&self) -> Targets {
        Targets {
            csv: self.csv.clone().map(|dir| {
                (
                    dir,
                    CsvOptions {
                        excel: self.excel,
                        raw: self.csv_brut,
                    },
                )
            }),
            xlsx: self.xlsx.clone(),
            sqlite: self.sqlite.clone(),
            sans_doublons: self.sans_doublons,
        }
    }
}

/// The limits of `restitution::Limits`, as flags (defaults: the library's).
#[derive(Args, Debug)]
#[command(next_help_heading = cli::french::HEADING_LIMITS)]
struct LimitArgs {
    /// Taille maximale d'un fichier, ou d'un membre d'archive une fois décompressé, en Mo
    #[arg(long, value_name = "Mo", default_value_t = 100)]
    max_input_mb: u64,
    /// Octets décompressés au plus d'une entrée zip d'un DOCX, en Mo
    #[arg(long, value_name = "Mo", default_value_t = 256)]
    max_inflated_mb: u64,
    /// Rapport maximal taille décompressée / compressée d'une entrée zip d'un DOCX ou d'un
    /// membre d'archive .zip (bombes zip ; une entrée de moins de 1 Mo décompressée n'est
    /// jamais refusée pour cela)
    #[arg(long, value_name = "N", default_value_t = 200)]
    max_zip_ratio: u64,
    /// Nombre maximal d'entrées d'une archive DOCX
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    max_zip_entries: usize,
    /// Nombre maximal d'entrées d'une archive .zip donnée à batch
    #[arg(long, value_name = "N", default_value_t = 100_000)]
    max_archive_entries: u64,
    /// Profondeur maximale d'imbrication XML d'une partie d'un DOCX (les tableaux
    /// imbriqués comptent)
    #[arg(long, value_name = "N", default_value_t = 512)]
    max_xml_depth: usize,
    /// Nombre maximal de pages d'un PDF
    #[arg(long, value_name = "N", default_value_t = 2_000)]
    max_pdf_pages: usize,
    /// Nombre maximal d'objets d'un PDF
    #[arg(long, value_name = "N", default_value_t = 1_000_000)]
    max_pdf_objects: usize,
    /// Taille maximale d'un flux PDF décodé (contenu de page, XObject, CMap de police), en Mo
    #[arg(long, value_name = "Mo", default_value_t = 64)]
    max_stream_mb: u64,
    /// Profondeur maximale d'imbrication des Form XObjects d'un PDF
    #[arg(long, value_name = "N", default_value_t = 8)]
    max_xobject_depth: usize,
    /// Octets décodés au plus pour tous les flux d'un PDF, en Mo, comptés à chaque lecture
    /// (un flux partagé par 2 000 pages compte 2 000 fois)
    #[arg(long, value_name = "Mo", default_value_t = 256)]
    max_decoded_mb: u64,
    /// Nombre maximal d'opérations de dessin interprétées pour un PDF (un Form XObject
    /// dessiné de nouveau compte de nouveau)
    #[arg(long, value_name = "N", default_value_t = 10_000_000)]
    max_operations: u64,
    /// Nombre maximal de valeurs (nombres, noms, chaînes, éléments de tableau) d'une
    /// opération de dessin ou d'un objet d'un flux d'objets d'un PDF (quatre fois plus pour
    /// tous les flux d'objets ensemble)
    #[arg(long, value_name = "N", default_value_t = 1_000_000)]
    max_pdf_values: usize,
    /// Nombre maximal de caractères d'une page d'un PDF
    #[arg(long, value_name = "N", default_value_t = 200_000)]
    max_glyphs_per_page: usize,
    /// Nombre maximal de caractères d'un PDF
    #[arg(long, value_name = "N", default_value_t = 1_000_000)]
    max_glyphs: usize,
    /// Nombre maximal de polices chargées pour un PDF
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    max_fonts: usize,
    /// Nombre maximal d'entrées des tables de caractères (CMap) des polices d'un PDF
    #[arg(long, value_name = "N", default_value_t = 1_000_000)]
    max_cmap_entries: usize,
    /// Nombre maximal d'opérations de Form XObjects gardées en mémoire pour être redessinées
    /// sans être relues
    #[arg(long, value_name = "N", default_value_t = 2_000_000)]
    max_cached_operations: usize,
    /// Nombre maximal de paragraphes et de tableaux d'un DOCX
    #[arg(long, value_name = "N", default_value_t = 200_000)]
    max_blocks: usize,
    /// Profondeur maximale des tableaux imbriqués d'un DOCX (et des champs, et des
    /// contrôles de contenu, ouverts à la fois)
    #[arg(long, value_name = "N", default_value_t = 32)]
    max_table_depth: usize,
    /// Nombre maximal de pixels d'une image d'un PDF, et d'une page scannée lue par OCR, en
    /// millions
    #[arg(long, value_name = "N", default_value_t = 100)]
    max_image_mpx: u64,
}

impl LimitArgs {
    /// The limits, with OCR of scanned PDFs on or off (`--sans-ocr`).
    fn with_ocr(&self, ocr: bool) -> restitution::Limits {
        restitution::Limits {
            ocr,
            ..self.limits()
        }
    }

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
            max_stream_bytes: usize::try_from(self.max_stream_mb.saturating_mul(MB))
                .unwrap_or(usize::MAX),
            max_xobject_depth: self.max_xobject_depth,
            max_decoded_bytes: self.max_decoded_mb.saturating_mul(MB),
            max_operations: self.max_operations,
            max_pdf_values: self.max_pdf_values,
            max_glyphs_per_page: self.max_glyphs_per_page,
            max_glyphs: self.max_glyphs,
            max_fonts: self.max_fonts,
            max_cmap_entries: self.max_cmap_entries,
            max_cached_operations: self.max_cached_operations,
            max_blocks: self.max_blocks,
            max_table_depth: self.max_table_depth,
            max_image_pixels: self.max_image_mpx.saturating_mul(1_000_000),
            ocr: true,
        }
    }
}

#[derive(Parser)]
#[command(
    name = "restitution",
    version,
    about = "Convertit les formulaires « Restitution » remplis (États généraux du numérique territorialisés, 2020), DOCX, ODT ou PDF, en JSON normalisé.",
    override_usage = "restitution COMMANDE [options]",
    after_help = AFTER_HELP
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Convertir un formulaire DOCX, ODT ou PDF en JSON (indenté, sur la sortie standard).
    #[command(override_usage = "restitution convert [options] FICHIER", after_help = CONVERT_HELP)]
    Convert {
        /// Le formulaire : un fichier .docx ou .pdf (le format est lu dans le contenu), ou « - »
        /// pour le lire sur l'entrée standard
        #[arg(value_name = "FICHIER")]
        file: PathBuf,
        /// Écrire le JSON dans ce fichier plutôt que sur la sortie standard (écrit en entier,
        /// ou pas du tout)
        #[arg(short, long, value_name = "SORTIE")]
        output: Option<PathBuf>,
        /// Le JSON sur une seule ligne plutôt qu'indenté
        #[arg(long)]
        compact: bool,
        /// Dire d'où vient chaque valeur : page, zone (en points depuis le coin haut gauche
        /// de la page) et chemin dans le document, dans « provenance »
        #[arg(long)]
        provenance: bool,
        /// Ne pas lire les PDF scannés par reconnaissance de caractères (Tesseract) : ils
        /// donnent alors l'erreur sans_texte
        #[arg(long)]
        sans_ocr: bool,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Convertir de nombreux formulaires (fichiers, dossiers, archives zip) en JSON Lines, en parallèle.
    #[command(override_usage = "restitution batch [options] CHEMIN...", after_help = BATCH_HELP)]
    Batch {
        /// Fichiers, dossiers (parcourus récursivement, sans suivre les liens symboliques
        /// qu'ils contiennent), archives .zip (lues sur place), ou « - » pour lire de tels
        /// chemins sur l'entrée standard, un par ligne
        #[arg(required = true, value_name = "CHEMIN")]
        paths: Vec<PathBuf>,
        /// Écrire les lignes JSON dans ce fichier (écrit en entier, puis renommé) plutôt
        /// que sur la sortie standard
        #[arg(short, long, value_name = "SORTIE")]
        output: Option<PathBuf>,
        /// Nombre de fils de calcul (par défaut : un par cœur)
        #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..1025))]
        jobs: Option<u32>,
        /// Écrire aussi un fichier JSON indenté par document dans DOSSIER, à l'image de
        /// l'arborescence d'entrée (NOM.json, ou NOM.error.json pour un fichier qui ne donne
        /// aucun document) ; les lignes JSON ne vont alors qu'à -o, s'il est donné
        #[arg(long, value_name = "DOSSIER")]
        out_dir: Option<PathBuf>,
        /// Avec --out-dir : ne pas reconvertir un document dont le NOM.json est digne de
        /// confiance (écrit par ce convertisseur, non modifié depuis, même source.sha256,
        /// même source.fichier, mêmes --sans-ocr et limites) : sa ligne est reprise de ce
        /// fichier
        #[arg(long, requires = "out_dir")]
        incremental: bool,
        /// Avec --out-dir : reconvertit tous les documents, même avec --incremental.
        #[arg(long, requires = "out_dir")]
        force: bool,
        /// Ne prend que les documents dont le chemin (source.fichier), un dossier ou le nom
        /// correspond à ce motif (glob, sans casse ; répétable).
        #[arg(long, value_name = "GLOB")]
        include: Vec<String>,
        /// Écarte les fichiers et dossiers dont le chemin ou le nom correspond à ce motif
        /// (glob, sans casse ; répétable).
        #[arg(long, value_name = "GLOB")]
        exclude: Vec<String>,
        /// Prend aussi les fichiers et dossiers cachés (nom commençant par « . »).
        #[arg(long)]
        hidden: bool,
        /// Liste sur stderr chaque entrée ignorée, avec la raison, et tous les fichiers en échec.
        #[arg(short, long)]
        verbose: bool,
        /// Dire d'où vient chaque valeur de chaque document (« provenance », comme pour convert)
        #[arg(long)]
        provenance: bool,
        #[command(flatten)]
        tables: TableArgs,
        /// Écrire le rapport du lot dans ce fichier JSON : documents par région et format,
        /// avertissements par code et gravité, échecs par code avec leurs fichiers, doublons ;
        /// un résumé s'affiche aussi sur la sortie d'erreur
        #[arg(long, value_name = "FICHIER.json")]
        rapport: Option<PathBuf>,
        /// Ne pas lire les PDF scannés par reconnaissance de caractères (Tesseract) : ils
        /// donnent alors l'erreur sans_texte (avec l'OCR, les pages d'un lot sont lues en
        /// parallèle dans la limite de --jobs)
        #[arg(long)]
        sans_ocr: bool,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Écrire des tableaux à plat (documents, retex, diagnostic, …) à partir de lignes JSON : fichiers CSV, classeur Excel, base SQLite.
    #[command(
        override_usage = "restitution export [--csv DOSSIER] [--xlsx FICHIER] [--sqlite FICHIER] [options] ENTRÉE",
        after_help = EXPORT_HELP
    )]
    Export {
        /// Les lignes JSON : un document ou une ligne d'erreur par ligne (« - » pour
        /// l'entrée standard)
        #[arg(value_name = "ENTRÉE")]
        input: PathBuf,
        #[command(flatten)]
        tables: TableArgs,
    },
    /// Écrire une page HTML de revue : chaque valeur à côté de l'endroit du document où elle a été lue.
    #[command(
        override_usage = "restitution review [options] CHEMIN... -o REVUE.html",
        after_help = REVIEW_HELP
    )]
    Review {
        /// Fichiers, dossiers ou archives .zip, comme pour batch
        #[arg(required = true, value_name = "CHEMIN")]
        paths: Vec<PathBuf>,
        /// La page HTML à écrire
        #[arg(short, long, value_name = "REVUE.html", required = true)]
        output: PathBuf,
        /// Nombre de fils de calcul (par défaut : un par cœur)
        #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..1025))]
        jobs: Option<u32>,
        /// Ne prend que les documents dont le chemin, un dossier ou le nom correspond à ce
        /// motif (glob, sans casse ; répétable).
        #[arg(long, value_name = "GLOB")]
        include: Vec<String>,
        /// Écarte les fichiers et dossiers dont le chemin ou le nom correspond à ce motif
        /// (glob, sans casse ; répétable).
        #[arg(long, value_name = "GLOB")]
        exclude: Vec<String>,
        /// Prend aussi les fichiers et dossiers cachés (nom commençant par « . »).
        #[arg(long)]
        hidden: bool,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Afficher le schéma JSON (draft 2020-12) d'une ligne de sortie : un document ou une ligne d'erreur.
    #[command(override_usage = "restitution schema")]
    Schema,
    /// Afficher le modèle neutre qu'un lecteur construit (pour déboguer les lecteurs).
    #[command(hide = true, override_usage = "restitution model FICHIER")]
    Model {
        #[arg(value_name = "FICHIER")]
        file: PathBuf,
        #[command(flatten)]
        limits: LimitArgs,
    },
}

/// The command tree, in French. `export` needs at least one table output (`batch` writes
/// its lines anyway).
fn command() -> clap::Command {
    cli::french::command(Cli::command()).mut_subcommand("export", |export| {
        export.mut_group("tableaux", |g| g.required(true))
    })
}

/// Parse the command line; a usage error is printed in French and ends the process.
fn parse() -> Result<Cli, Failure> {
    let command = command();
    let parsed = command
        .clone()
        .try_get_matches()
        .and_then(|matches| Cli::from_arg_matches(&matches));
    parsed.map_err(|err| match cli::french::usage_error(&err, &command) {
        Some(text) => {
            cli::to_stderr(&text);
            Failure::Printed(Exit::Usage)
        }
        None => {
            // Help and version: clap prints them (to stdout, or stderr for a bare
            // `restitution`) and knows their status.
            let _ = err.print();
            Failure::Printed(Exit::Clap(err.exit_code().clamp(0, 255) as u8))
        }
    })
}

fn main() -> ExitCode {
    cli::finish(run())
}

/// Run the command the line asks for; `cli::finish` prints what is left to say and
/// picks the exit status.
fn run() -> Outcome {
    let cli = parse()?;
    match cli.command {
        Command::Convert {
            file,
            output,
            compact,
            provenance,
            sans_ocr,
            limits,
        } => {
            // Stopped, it writes nothing (the conversion itself is bounded by the limits).
            let stop = cli::trap_stop_signals("la conversion");
            let code = convert(
                &file,
                output.as_deref(),
                compact,
                provenance,
                &limits.with_ocr(!sans_ocr),
                &stop,
            );
            if cli::stopped(&stop) {
                return Err(Failure::Interrupted(cli::LEFT_COMPLETE));
            }
            code
        }
        Command::Batch {
            paths,
            output,
            jobs,
            out_dir,
            incremental,
            force,
            include,
            exclude,
            hidden,
            verbose,
            provenance,
            tables,
            rapport,
            sans_ocr,
            limits,
        } => {
            // The batch stops between documents.
            let interrupt = cli::trap_stop_signals("le lot");
            let options = batch::Options {
                jobs: jobs.unwrap_or(0) as usize,
                out_dir,
                incremental,
                force,
                include,
                exclude,
                hidden,
                provenance,
                limits: limits.with_ocr(!sans_ocr),
                interrupt,
            };
            let exports = BatchExports {
                targets: tables.targets(),
                report: rapport,
            };
            run_batch(&paths, output.as_deref(), &options, &exports, verbose)
        }
        Command::Export { input, tables } => {
            // Stopped, it stops reading lines and replaces no table.
            let stop = cli::trap_stop_signals("l'export");
            let code = export(&input, &tables.targets(), &stop);
            if cli::stopped(&stop) {
                return Err(Failure::Interrupted(cli::LEFT_COMPLETE));
            }
            code
        }
        Command::Review {
            paths,
            output,
            jobs,
            include,
            exclude,
            hidden,
            limits,
        } => {
            // As for batch: a stop signal stops between documents and leaves no
            // temporary file.
            let interrupt = cli::trap_stop_signals("la revue");
            let options = batch::Options {
                jobs: jobs.unwrap_or(0) as usize,
                include,
                exclude,
                hidden,
                provenance: true,
                interrupt,
                limits: limits.limits(),
                ..batch::Options::default()
            };
            run_review(&paths, &output, &options)
        }
        Command::Schema => schema(),
        Command::Model { file, limits } => model(&file, &limits.limits()),
    }
}

/// A file that yields no document: `error[CODE]: FILE: message`, one line on stderr (the
/// SPEC's form), with what to do when its name tells.
fn report(file: &Path, err: &ConvertError) -> Outcome {
    let mut message = err.to_string();
    // The library's message already says what to do for some of them (an old .doc).
    if let Some(hint) = hint(&file.to_string_lossy(), err.code)
        && !message.contains("enregistrez")
    {
        message.push_str(&format!(" ; {hint}"));
    }
    let file = file.to_string_lossy();
    cli::to_stderr(&format!(
        "error[{}]: {}: {}\n",
        err.code,
        one_line(&file),
        one_line(&message)
    ));
    Ok(Exit::Failed)
}

fn convert(
    file: &Path,
    output: Option<&Path>,
    compact: bool,
    provenance: bool,
    limits: &restitution::Limits,
    stop: &std::sync::atomic::AtomicBool,
) -> Outcome {
    if files::is_stdin(file)
        && let Some(problem) =
            files::terminal_stdin("le document", "restitution convert - < formulaire.docx")
    {
        return Err(Failure::Usage(problem));
    }
    if let Some((path, input)) = files::replaced_input(output, [file]) {
        return Err(Failure::Failed(files::replaces_input_error(path, input)));
    }
    let name = file.to_string_lossy();
    let result = files::read_document(file, limits)
        .and_then(|bytes| restitution::convert_traced(&name, &bytes, limits, provenance));
    let doc = match result {
        Ok(doc) => doc,
        Err(err) => return report(file, &err),
    };
    if cli::stopped(stop) {
        return Err(Failure::Interrupted(cli::LEFT_COMPLETE));
    }
    let mut json = restitution::to_json(&doc, !compact);
    json.push('\n');
    match output {
        None => files::to_stdout(json.as_bytes()).map_err(Failure::Stdout)?,
        // The error already names the file and says what to do.
        Some(path) => write_atomically(path, |out| out.write_all(json.as_bytes()))
            .map_err(|e| Failure::Failed(e.to_string()))?,
    }
    Ok(Exit::Success)
}

/// The paths of a batch (or a review), with `-` replaced by the lines of stdin;
/// `example` shows how to give them (the command's own name).
fn expand_paths(paths: &[PathBuf], example: &str) -> Result<Vec<PathBuf>, Failure> {
    let mut expanded = Vec::new();
    for path in paths {
        if !files::is_stdin(path) {
            expanded.push(path.clone());
            continue;
        }
        if let Some(problem) = files::terminal_stdin("une liste de chemins", example) {
            return Err(Failure::Usage(problem));
        }
        let listed = files::path_list(&mut std::io::stdin().lock(), batch::MAX_PATH_BYTES)
            .map_err(|e| {
                Failure::Failed(format!(
                    "lecture de la liste de chemins impossible : {}",
                    restitution::error::io_reason(&e)
                ))
            })?;
        expanded.extend(listed);
    }
    Ok(expanded)
}

fn run_batch(
    paths: &[PathBuf],
    output: Option<&Path>,
    options: &batch::Options,
    exports: &BatchExports,
    verbose: bool,
) -> Outcome {
    let expanded = expand_paths(paths, "find . -name '*.pdf' | restitution batch -")?;
    // An --out-dir that cannot be made (a path under a regular file, a read-only place)
    // stops the batch before anything is converted.
    if let Some(dir) = &options.out_dir
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        return Err(Failure::Failed(format!(
            "--out-dir : {}",
            write_failure(dir, &e)
        )));
    }
    // Paths that cannot be used get their error lines: only a glob that cannot be read
    // stops the batch, a usage error.
    let listing = batch::list(&expanded, options).map_err(|e| Failure::Usage(e.to_string()))?;
    for note in &listing.notes {
        cli::note(note);
    }
    // Every file the batch writes: -o, the tables, the report, the out-dir's documents.
    let mut outputs: Vec<PathBuf> = output.into_iter().map(Path::to_path_buf).collect();
    outputs.extend(exports.targets.files());
    outputs.extend(exports.report.clone());
    if options.out_dir.is_some() {
        for target in batch::out_targets(&listing.items, options) {
            outputs.extend([target.json, target.error]);
        }
    }
    if let Some((path, input)) = files::replaced_input(
        outputs.iter().map(PathBuf::as_path),
        listing.items.iter().filter_map(batch::Candidate::path),
    ) {
        return Err(Failure::Failed(files::replaces_input_error(path, input)));
    }
    if verbose {
        for skipped in &listing.skipped {
            cli::to_stderr(&format!("ignoré : {}\n", one_line(&skipped.to_string())));
        }
    }
    let bar = progress_bar(listing.items.len() as u64);
    let tick = || {
        if let Some(bar) = &bar {
            bar.inc(1);
        }
    };
    let run = |out: &mut dyn Write| run_with_exports(out, exports, &listing.items, options, &tick);
    let result = match output {
        Some(path) => write_atomically(path, run),
        None if options.out_dir.is_some() => run(&mut std::io::sink()),
        None => run(&mut std::io::BufWriter::new(std::io::stdout().lock())),
    };
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    match result {
        Ok((mut summary, report)) => {
            summary.skipped += listing.skipped.len();
            cli::to_stderr(&summary.render(verbose));
            if let Some(report) = report {
                cli::to_stderr(&report.render_short());
            }
            Ok(if summary.failed_total() > 0 {
                Exit::Failed
            } else {
                Exit::Success
            })
        }
        Err(e) if batch::Interrupted::is(&e) => Err(Failure::Interrupted(cli::LEFT_COMPLETE)),
        // A system error writing the lines: to stdout (its reader may just have stopped,
        // `| head`), or to -o. The errors of a file name it already.
        Err(e) if e.raw_os_error().is_some() && output.is_none() && options.out_dir.is_none() => {
            Err(Failure::Stdout(e))
        }
        Err(e) if e.raw_os_error().is_some() => Err(Failure::Failed(format!(
            "écriture de la sortie impossible : {}",
            restitution::error::io_reason(&e)
        ))),
        Err(e) => Err(Failure::Failed(e.to_string())),
    }
}

/// What a batch writes besides its lines: tables, and the report.
struct BatchExports {
    targets: Targets,
    report: Option<PathBuf>,
}

impl BatchExports {
    fn wanted(&self) -> bool {
        self.targets.writes_tables() || self.report.is_some()
    }
}

/// Run the batch into `out`, feeding each line to the tables and the report too when
/// asked; the report is returned when it was asked for (or doublons were left out).
fn run_with_exports(
    out: &mut dyn Write,
    exports: &BatchExports,
    items: &[batch::Candidate],
    options: &batch::Options,
    tick: &dyn Fn(),
) -> std::io::Result<(batch::Summary, Option<export::Report>)> {
    if !exports.wanted() {
        return Ok((batch::run(items, options, out, tick)?, None));
    }
    let exporter = Exporter::new(&exports.targets).map_err(std::io::Error::other)?;
    let mut tee = ExportTee::new(out, exporter);
    let summary = batch::run(items, options, &mut tee, tick)?;
    let finished = tee.finish().map_err(std::io::Error::other)?;
    if let Some(path) = &exports.report {
        let mut json =
            serde_json::to_string_pretty(&finished.report).map_err(std::io::Error::other)?;
        json.push('\n');
        write_atomically(path, |out| out.write_all(json.as_bytes()))
            .map_err(|e| std::io::Error::other(format!("--rapport : {e}")))?;
    }
    let shown = exports.report.is_some() || exports.targets.sans_doublons;
    Ok((summary, shown.then_some(finished.report)))
}

/// A progress bar on stderr, only when stderr is a terminal.
fn progress_bar(len: u64) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(len);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{bar:40} {pos}/{len} documents, depuis {elapsed} (reste {eta})",
    ) {
        bar.set_style(style);
    }
    Some(bar)
}

/// `review`: list the inputs as `batch` does, then write the page.
fn run_review(paths: &[PathBuf], output: &Path, options: &batch::Options) -> Outcome {
    let expanded = expand_paths(
        paths,
        "find . -name '*.pdf' | restitution review - -o revue.html",
    )?;
    let listing = batch::list(&expanded, options).map_err(|e| Failure::Usage(e.to_string()))?;
    for note in &listing.notes {
        cli::note(note);
    }
    if let Some((output, input)) = files::replaced_input(
        [output],
        listing.items.iter().filter_map(batch::Candidate::path),
    ) {
        return Err(Failure::Failed(files::replaces_input_error(output, input)));
    }
    let written = write_atomically(output, |out| {
        restitution::review::write(&listing.items, options, out)
    });
    match written {
        Ok(summary) => {
            cli::note(format!(
                "{} : {} document(s), dont {} à vérifier ; {} fichier(s) sans document",
                output.display(),
                summary.documents,
                summary.to_check,
                summary.failed
            ));
            Ok(if summary.failed > 0 {
                Exit::Failed
            } else {
                Exit::Success
            })
        }
        Err(e) if batch::Interrupted::is(&e) => {
            Err(Failure::Interrupted("la page n'est pas écrite"))
        }
        Err(e) => Err(Failure::Failed(e.to_string())),
    }
}

fn model(file: &Path, limits: &restitution::Limits) -> Outcome {
    let result = files::read_document(file, limits)
        .and_then(|bytes| Ok(restitution::internals::read_model(&bytes, limits)?.1));
    let outline = match result {
        Ok(doc) => restitution::internals::model::outline(&doc),
        Err(err) => return report(file, &err),
    };
    files::to_stdout(outline.as_bytes()).map_err(Failure::Stdout)?;
    Ok(Exit::Success)
}

fn schema() -> Outcome {
    let text =
        serde_json::to_string_pretty(&restitution::output::json_schema()).unwrap_or_default();
    files::to_stdout(format!("{text}\n").as_bytes()).map_err(Failure::Stdout)?;
    Ok(Exit::Success)
}

fn export(input: &Path, targets: &Targets, stop: &std::sync::atomic::AtomicBool) -> Outcome {
    let tables = targets.files();
    if let Some((path, input)) = files::replaced_input(tables.iter().map(PathBuf::as_path), [input])
    {
        return Err(Failure::Failed(files::replaces_input_error(path, input)));
    }
    let result = if files::is_stdin(input) {
        if let Some(problem) = files::terminal_stdin(
            "les lignes JSON",
            "restitution export --csv tableaux - < lot.jsonl",
        ) {
            return Err(Failure::Usage(problem));
        }
        export::export_jsonl(
            files::Stoppable::new(
                files::LineLimited::new(std::io::stdin().lock(), files::MAX_JSON_LINE_BYTES),
                stop,
            ),
            targets,
        )
    } else {
        match std::fs::File::open(input) {
            Ok(file) => export::export_jsonl(
                files::Stoppable::new(
                    files::LineLimited::new(
                        std::io::BufReader::new(file),
                        files::MAX_JSON_LINE_BYTES,
                    ),
                    stop,
                ),
                targets,
            ),
            Err(e) => {
                return Err(Failure::Failed(format!(
                    "{} : {}",
                    input.display(),
                    restitution::error::input_unreadable(e)
                )));
            }
        }
    };
    match result {
        Ok(finished) => {
            let summary = finished.summary;
            cli::note(format!(
                "{} document(s) et {} ligne(s) d'erreur écrits dans les tableaux",
                summary.documents, summary.errors
            ));
            if targets.sans_doublons {
                cli::to_stderr(&finished.report.render_short());
            }
            Ok(Exit::Success)
        }
        Err(_) if cli::stopped(stop) => Err(Failure::Interrupted(cli::LEFT_COMPLETE)),
        Err(e) => Err(Failure::Failed(format!(
            "{} : {e} ; aucun tableau n'a été remplacé",
            input.display()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_from(args: &[&str]) -> Cli {
        let matches = command().try_get_matches_from(args).expect("parses");
        Cli::from_arg_matches(&matches).expect("parses")
    }

    #[test]
    fn limit_flags_default_to_the_library_limits() {
        for args in [
            &["restitution", "convert", "x"][..],
            &["restitution", "batch", "x"][..],
        ] {
            let limits = match parse_from(args).command {
                Command::Convert { limits, .. } | Command::Batch { limits, .. } => limits.limits(),
                _ => unreachable!(),
            };
            assert_eq!(limits, restitution::Limits::default());
        }
    }

    #[test]
    fn the_french_command_tree_is_valid() {
        command().debug_assert();
    }
}
