//! Errors: a file that yields no document. Each has a stable code (SPEC "Errors").

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The stable error codes of the SPEC ("Errors"), serialized in snake_case
/// (`sans_texte`). The variants are the SPEC's values and are documented there, not
/// here: a doc comment on a variant would turn the JSON Schema's plain `enum` into a
/// `oneOf`.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[schemars(inline)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    FormatNonPrisEnCharge,
    FichierIllisible,
    Chiffre,
    SansTexte,
    PasUneRestitution,
    TropVolumineux,
    ErreurInterne,
}

impl ErrorCode {
    /// The code as the JSON and the messages write it, e.g. `"sans_texte"`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::FormatNonPrisEnCharge => "format_non_pris_en_charge",
            ErrorCode::FichierIllisible => "fichier_illisible",
            ErrorCode::Chiffre => "chiffre",
            ErrorCode::SansTexte => "sans_texte",
            ErrorCode::PasUneRestitution => "pas_une_restitution",
            ErrorCode::TropVolumineux => "trop_volumineux",
            ErrorCode::ErreurInterne => "erreur_interne",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A library error kept as the source of a `ConvertError` (zip, quick-xml, lopdf, the
/// OS). Shared, so that an error line can be cloned.
pub type Source = std::sync::Arc<dyn std::error::Error + Send + Sync>;

/// The zipped document formats, as a message names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Package {
    /// A Word document (Office Open XML).
    Docx,
    /// An OpenDocument text.
    Odt,
}

impl Package {
    /// "le DOCX", "l'ODT": the format as the subject of a French sentence.
    fn subject(self) -> &'static str {
        match self {
            Package::Docx => "le DOCX",
            Package::Odt => "l'ODT",
        }
    }

    /// What a person re-saves the file with.
    fn resave(self) -> &'static str {
        match self {
            Package::Docx => "enregistrez-le à nouveau depuis Word ou LibreOffice",
            Package::Odt => "enregistrez-le à nouveau depuis LibreOffice",
        }
    }
}

/// What made a file yield no document: the typed context its message is written from.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Cause {
    /// A limit of `Limits` passed: what went over, the limit's value (with what it
    /// bounds) and the flag that sets it (without its `--`).
    Limit {
        /// What went over the limit, e.g. "fichier de 120000000 octets".
        what: String,
        /// The limit's value, with what it bounds.
        limit: String,
        /// The command-line flag that sets it, without its `--`.
        flag: String,
    },
    /// A file of zero bytes.
    Empty,
    /// An old binary Word document (`.doc`).
    LegacyWord,
    /// Content that is neither DOCX, ODT nor PDF.
    UnknownFormat,
    /// A ZIP archive without the main part of `Package`.
    MissingMainPart {
        /// The package format.
        package: Package,
        /// The part looked for, e.g. `word/document.xml`.
        part: String,
    },
    /// The ZIP archive of a package does not open.
    BrokenArchive {
        /// The package format.
        package: Package,
    },
    /// A part of a package that does not inflate, or whose XML is not valid (`fault`).
    BrokenPart {
        /// The package format.
        package: Package,
        /// The damaged part's name in the archive.
        part: String,
        /// How it is damaged.
        fault: PartFault,
    },
    /// An input that does not exist.
    NotFound,
    /// An input that exists but cannot be read (the `io::Error` is the source).
    Unreadable,
    /// A folder given where one document is expected.
    Folder {
        /// The folder given.
        path: std::path::PathBuf,
    },
    /// A path that is neither a folder nor a regular file (a pipe, a device).
    NotARegularFile,
    /// A PDF that asks for a password.
    Encrypted,
    /// A PDF that lopdf cannot open.
    BrokenPdf,
    /// A PDF without one page that can be read.
    NoReadablePage,
    /// A PDF whose pages' content names objects the file does not hold.
    PageContentMissing,
    /// A page's content stream that does not decode (the lopdf error is the source).
    BrokenPageContent {
        /// The page, from 1.
        page: u32,
    },
    /// A PDF whose fonts do not say which characters they draw: its text is garbage.
    GarbledText,
    /// A scanned PDF (images, no text) that OCR did not read, and why.
    UnreadScan(UnreadScan),
    /// Tesseract failed on a page image (what went wrong).
    OcrFailed {
        /// What went wrong, in French words.
        what: String,
    },
    /// A readable document in which too few of the form's labels were found.
    NotTheForm,
    /// A member of a zip archive given to `batch` that does not inflate.
    BrokenMember,
    /// An encrypted member of a zip archive given to `batch`.
    EncryptedMember,
    /// A zip archive given to `batch` that does not open.
    BrokenBatchArchive,
    /// A zip archive given to `batch` with more members than its central directory
    /// lists (a 16-bit count wrapped: over 65,535 members without ZIP64).
    LostMembers {
        /// Members found by walking the archive.
        counted: u64,
        /// Members its central directory lists.
        listed: u64,
    },
    /// A line of a stdin path list of `bytes` bytes or more, over `max`: not a path.
    PathTooLong {
        /// The line's length in bytes.
        bytes: usize,
        /// The longest line taken for a path.
        max: usize,
    },
    /// A file of `--out-dir` that could not be written.
    Write {
        /// The file that could not be written.
        path: std::path::PathBuf,
    },
    /// A defect of the converter itself (a caught panic: its message and place).
    Internal {
        /// The panic's message and place.
        what: String,
    },
}

/// Why a scanned PDF was not read by OCR.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnreadScan {
    /// OCR was turned off (`--sans-ocr`).
    OcrOff,
    /// Tesseract or its French data is not installed.
    NoTesseract,
    /// OCR ran and recognized no text.
    NothingRecognized,
}

/// How a part of a package is damaged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartFault {
    /// It does not inflate.
    Inflate,
    /// It is not UTF-8.
    NotUtf8,
    /// Its XML is not well formed.
    InvalidXml,
}

impl Cause {
    /// The error code this cause gives.
    fn code(&self) -> ErrorCode {
        match self {
            Cause::Limit { .. } => ErrorCode::TropVolumineux,
            Cause::LegacyWord | Cause::UnknownFormat | Cause::MissingMainPart { .. } => {
                ErrorCode::FormatNonPrisEnCharge
            }
            Cause::Encrypted | Cause::EncryptedMember => ErrorCode::Chiffre,
            Cause::GarbledText | Cause::UnreadScan(_) | Cause::OcrFailed { .. } => {
                ErrorCode::SansTexte
            }
            Cause::NotTheForm => ErrorCode::PasUneRestitution,
            Cause::Write { .. } | Cause::Internal { .. } => ErrorCode::ErreurInterne,
            Cause::Empty
            | Cause::BrokenArchive { .. }
            | Cause::BrokenPart { .. }
            | Cause::NotFound
            | Cause::Unreadable
            | Cause::Folder { .. }
            | Cause::NotARegularFile
            | Cause::BrokenPdf
            | Cause::NoReadablePage
            | Cause::PageContentMissing
            | Cause::BrokenPageContent { .. }
            | Cause::BrokenMember
            | Cause::BrokenBatchArchive
            | Cause::LostMembers { .. }
            | Cause::PathTooLong { .. } => ErrorCode::FichierIllisible,
        }
    }
}

/// Why a file yields no document: a stable code for programs, a typed cause (and the
/// library error behind it, `source()`), written in French by `Display` for people.
#[derive(Debug, Clone)]
pub struct ConvertError {
    /// The stable code (SPEC "Errors").
    pub code: ErrorCode,
    /// Boxed: a `Result` of a reader stays two words wide.
    detail: Box<Detail>,
}

#[derive(Debug, Clone)]
struct Detail {
    cause: Cause,
    source: Option<Source>,
}

impl Detail {
    fn of(cause: Cause) -> Box<Detail> {
        Box::new(Detail {
            cause,
            source: None,
        })
    }
}

impl ConvertError {
    /// The error of a typed cause, with the code that cause gives.
    pub fn of(cause: Cause) -> Self {
        ConvertError {
            code: cause.code(),
            detail: Detail::of(cause),
        }
    }
    /// The same error, caused by the library error `source`.
    pub fn with_source(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        self.detail.source = Some(std::sync::Arc::new(source));
        self
    }
    /// What made the file yield no document.
    pub fn cause(&self) -> &Cause {
        &self.detail.cause
    }
    /// The message for people (what `Display` writes).
    pub fn message(&self) -> String {
        self.to_string()
    }
}

/// Two errors are equal when they say the same: same code, same message.
impl PartialEq for ConvertError {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code && self.to_string() == other.to_string()
    }
}

impl Eq for ConvertError {}

impl std::error::Error for ConvertError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.detail
            .source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

impl std::fmt::Display for ConvertError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.detail.cause {
            Cause::Limit { what, limit, flag } => {
                write!(f, "{what}, au-delà de la limite de {limit} (option --{flag})")?
            }
            Cause::Empty => f.write_str("le fichier est vide")?,
            Cause::LegacyWord => f.write_str(
                "un ancien document Word (.doc) : enregistrez-le en .docx ou en PDF",
            )?,
            Cause::UnknownFormat => f.write_str("ni DOCX, ni ODT, ni PDF")?,
            Cause::MissingMainPart { package, part } => {
                let kind = match package {
                    Package::Docx => "un document Word (DOCX)",
                    Package::Odt => "un document texte OpenDocument (ODT)",
                };
                write!(f, "archive ZIP sans {part} : ce n'est pas {kind}")?
            }
            Cause::BrokenArchive { package } => write!(
                f,
                "{} est endommagé ou tronqué : son archive ZIP ne s'ouvre pas ; {}",
                package.subject(),
                package.resave()
            )?,
            Cause::BrokenPart {
                package,
                part,
                fault,
            } => {
                let fault = match fault {
                    PartFault::Inflate => "ne se décompresse pas",
                    PartFault::NotUtf8 => "n'est pas du XML UTF-8 valide",
                    PartFault::InvalidXml => "n'est pas du XML valide",
                };
                write!(
                    f,
                    "{} est endommagé : sa partie {part} {fault} ; {}",
                    package.subject(),
                    package.resave()
                )?
            }
            Cause::NotFound => {
                f.write_str("fichier introuvable : vérifiez le chemin et le nom du fichier")?
            }
            Cause::Unreadable => match self.io_source() {
                // The system's reason is the message itself here, not a parenthesis.
                Some(e) => return write!(f, "lecture impossible : {}", io_reason(e)),
                None => f.write_str("lecture impossible")?,
            },
            Cause::Folder { path } => write!(
                f,
                "c'est un dossier : pour convertir les formulaires qu'il contient, utilisez « restitution batch {} »",
                path.display()
            )?,
            Cause::NotARegularFile => {
                f.write_str("pas un fichier ordinaire (dossier, tube ou périphérique)")?
            }
            Cause::Encrypted => f.write_str("le PDF est protégé par un mot de passe")?,
            Cause::BrokenPdf => f.write_str(
                "le PDF est endommagé ou tronqué : il ne s'ouvre pas ; exportez ou téléchargez-le à nouveau",
            )?,
            Cause::NoReadablePage => f.write_str("le PDF ne contient aucune page lisible")?,
            Cause::PageContentMissing => f.write_str(
                "le contenu des pages est introuvable dans le fichier (objets manquants)",
            )?,
            Cause::BrokenPageContent { page } => write!(
                f,
                "le PDF est endommagé : le contenu de sa page {page} ne se lit pas ; exportez ou téléchargez-le à nouveau"
            )?,
            Cause::GarbledText => f.write_str(
                "le texte de ce PDF est illisible : ses polices ne disent pas quels \
                 caractères elles dessinent (c'est fréquent après un passage par PostScript ou par certains \
                 outils de réécriture de PDF) ; exportez à nouveau le PDF depuis le document d'origine, ou \
                 imprimez-le et numérisez-le pour qu'il soit lu par reconnaissance de caractères (OCR)",
            )?,
            Cause::UnreadScan(why) => write!(
                f,
                "PDF scanné sans couche texte : une reconnaissance de caractères (OCR) est nécessaire ; {}",
                match why {
                    UnreadScan::OcrOff => "elle a été désactivée (option --sans-ocr)",
                    UnreadScan::NoTesseract =>
                        "installez Tesseract et ses données françaises (apt install tesseract-ocr tesseract-ocr-fra)",
                    UnreadScan::NothingRecognized =>
                        "aucun texte n'a été reconnu dans les images des pages",
                }
            )?,
            Cause::OcrFailed { what } => write!(
                f,
                "PDF scanné : la reconnaissance de caractères (tesseract) a échoué ({what})"
            )?,
            Cause::NotTheForm => f.write_str(
                "trop peu des libellés du formulaire « Restitution » (tableau d'introduction, tableaux, fiche proposition phare) ont été trouvés",
            )?,
            Cause::BrokenMember => f.write_str("membre illisible dans l'archive")?,
            Cause::EncryptedMember => f.write_str("membre d'archive chiffré")?,
            Cause::BrokenBatchArchive => f.write_str("archive ZIP illisible")?,
            Cause::LostMembers { counted, listed } => write!(
                f,
                "archive de {counted} membres dont le répertoire n'en annonce que {listed} (plus de 65 535 membres sans ZIP64) : \
                 {} membres ne sont pas convertis ; recréez l'archive au format ZIP64, ou en plusieurs archives",
                counted.saturating_sub(*listed)
            )?,
            Cause::PathTooLong { bytes, max } => write!(
                f,
                "chemin de {bytes} octets ou plus, au-delà de {max} : ce n'est pas un chemin de fichier"
            )?,
            Cause::Write { path } => match self.io_source() {
                Some(e) => {
                    return write!(
                        f,
                        "écriture de {} impossible : {}",
                        path.display(),
                        io_reason(e)
                    );
                }
                None => write!(f, "écriture de {} impossible", path.display())?,
            },
            Cause::Internal { what } => write!(f, "erreur interne du convertisseur : {what}")?,
        }
        // The library's own words, when there are some, follow in parentheses.
        match &self.detail.source {
            Some(source) => write!(f, " ({source})"),
            None => Ok(()),
        }
    }
}

impl ConvertError {
    fn io_source(&self) -> Option<&std::io::Error> {
        self.detail
            .source
            .as_deref()?
            .downcast_ref::<std::io::Error>()
    }
}

/// The result of a conversion step.
pub type Result<T, E = ConvertError> = std::result::Result<T, E>;

/// What went wrong with a file or folder, in French words, for a message that a person
/// reads. Kinds a person can act on are named plainly; any other keeps the system's
/// text in parentheses.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let plain = match e.kind() {
        ErrorKind::NotFound => "introuvable",
        ErrorKind::PermissionDenied => "accès refusé (droits insuffisants)",
        ErrorKind::IsADirectory => "c'est un dossier",
        ErrorKind::NotADirectory => "un élément du chemin n'est pas un dossier",
        ErrorKind::StorageFull => "disque plein",
        ErrorKind::ReadOnlyFilesystem => "emplacement en lecture seule",
        ErrorKind::AlreadyExists => "existe déjà",
        _ => return format!("erreur du système ({e})"),
    };
    plain.to_string()
}

/// `fichier_illisible` for an input that cannot be opened or read, whatever the
/// command: the same words for `convert`, a `batch` path and a stdin list line.
pub fn input_unreadable(e: std::io::Error) -> ConvertError {
    match e.kind() {
        std::io::ErrorKind::NotFound => ConvertError::of(Cause::NotFound),
        _ => ConvertError::of(Cause::Unreadable).with_source(e),
    }
}

/// `text` as one line on a terminal: control characters (a newline in a file name or a
/// relationship target, an escape sequence) are written as escapes (`\n`, `\u{1b}`), so
/// that no text from a document can forge another line of our messages.
pub fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let escaped = text
        .chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect();
    std::borrow::Cow::Owned(escaped)
}

/// What a person can do about a file that yields no document, judged by its name: an
/// old or foreign word-processor format, or an archive given where one document is
/// expected. `None` when the error's own message is all there is to say.
pub fn hint(name: &str, code: ErrorCode) -> Option<&'static str> {
    if code != ErrorCode::FormatNonPrisEnCharge {
        return None;
    }
    let extension = name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase());
    match extension.as_deref()? {
        "doc" | "rtf" => {
            Some("ouvrez-le dans Word ou LibreOffice et enregistrez-le au format DOCX ou PDF")
        }
        "odt" => Some(
            "ouvrez-le dans LibreOffice et enregistrez-le à nouveau en texte OpenDocument (.odt) ou au format Word (.docx)",
        ),
        "zip" => {
            Some("pour convertir les documents d'une archive .zip, utilisez « restitution batch »")
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unread_scan_says_what_to_do() {
        let says = |why, what: &str| {
            let e = ConvertError::of(Cause::UnreadScan(why));
            assert_eq!(e.code, ErrorCode::SansTexte);
            assert!(e.to_string().contains(what), "{e}");
        };
        says(UnreadScan::OcrOff, "--sans-ocr");
        says(
            UnreadScan::NoTesseract,
            "apt install tesseract-ocr tesseract-ocr-fra",
        );
        says(UnreadScan::NothingRecognized, "aucun texte n'a été reconnu");
    }

    #[test]
    fn hints_follow_the_extension_of_an_unsupported_file() {
        assert!(
            hint("lot/Atelier.ODT", ErrorCode::FormatNonPrisEnCharge)
                .is_some_and(|h| h.contains(".docx"))
        );
        assert!(
            hint("a.zip", ErrorCode::FormatNonPrisEnCharge).is_some_and(|h| h.contains("batch"))
        );
        assert!(hint("a.doc", ErrorCode::FormatNonPrisEnCharge).is_some());
        assert_eq!(hint("a.doc", ErrorCode::FichierIllisible), None);
        assert_eq!(hint("image.png", ErrorCode::FormatNonPrisEnCharge), None);
        assert_eq!(
            hint("sans-extension", ErrorCode::FormatNonPrisEnCharge),
            None
        );
    }

    #[test]
    fn control_characters_are_escaped_in_message_lines() {
        assert_eq!(one_line("a.docx"), "a.docx");
        assert_eq!(one_line("x\nerror[chiffre]: y"), "x\\nerror[chiffre]: y");
        assert_eq!(one_line("\u{1b}[31mé\r\t"), "\\u{1b}[31mé\\r\\t");
    }

    #[test]
    fn typed_causes_give_their_code_and_french_message() {
        let limit = crate::limits::exceeded("fichier de 9 octets", "8 octets", "max-input-mb");
        assert_eq!(limit.code, ErrorCode::TropVolumineux);
        assert_eq!(
            limit.to_string(),
            "fichier de 9 octets, au-delà de la limite de 8 octets (option --max-input-mb)"
        );
        assert!(matches!(limit.cause(), Cause::Limit { flag, .. } if flag == "max-input-mb"));
        let missing = ConvertError::of(Cause::MissingMainPart {
            package: Package::Odt,
            part: "content.xml".into(),
        });
        assert_eq!(missing.code, ErrorCode::FormatNonPrisEnCharge);
        assert_eq!(
            missing.to_string(),
            "archive ZIP sans content.xml : ce n'est pas un document texte OpenDocument (ODT)"
        );
        assert_eq!(ConvertError::of(Cause::Encrypted).code, ErrorCode::Chiffre);
    }

    #[test]
    fn the_library_error_is_the_source_and_follows_in_parentheses() {
        use std::error::Error;
        let zip = std::io::Error::other("bad central directory");
        let broken = ConvertError::of(Cause::BrokenArchive {
            package: Package::Docx,
        })
        .with_source(zip);
        assert_eq!(broken.code, ErrorCode::FichierIllisible);
        assert!(
            broken
                .to_string()
                .ends_with("depuis Word ou LibreOffice (bad central directory)"),
            "{broken}"
        );
        assert_eq!(
            broken.source().map(|s| s.to_string()).as_deref(),
            Some("bad central directory")
        );
        assert!(ConvertError::of(Cause::Empty).source().is_none());
        // An unreadable input: the system's reason in French words, not twice.
        let denied = input_unreadable(std::io::Error::from(std::io::ErrorKind::PermissionDenied));
        assert_eq!(
            denied.to_string(),
            "lecture impossible : accès refusé (droits insuffisants)"
        );
        assert!(denied.source().is_some());
        // message() is what Display writes.
        assert_eq!(broken.message(), broken.to_string());
    }

    #[test]
    fn system_errors_read_in_french() {
        let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert_eq!(io_reason(&missing), "introuvable");
        let odd = std::io::Error::other("weird");
        assert_eq!(io_reason(&odd), "erreur du système (weird)");
    }
}
