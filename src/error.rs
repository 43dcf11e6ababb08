//! Errors: a file that yields no document. Each has a stable code (SPEC "Errors").

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The stable error codes of the SPEC.
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

/// Why a file yields no document: a code for programs, a message for people.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ConvertError {
    pub code: ErrorCode,
    pub message: String,
}

impl ConvertError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ConvertError {
            code,
            message: message.into(),
        }
    }
    pub fn unreadable(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::FichierIllisible, message)
    }
    pub fn too_large(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::TropVolumineux, message)
    }
}

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
pub fn input_unreadable(e: &std::io::Error) -> ConvertError {
    match e.kind() {
        std::io::ErrorKind::NotFound => ConvertError::unreadable(
            "fichier introuvable : vérifiez le chemin et le nom du fichier",
        ),
        _ => ConvertError::unreadable(format!("lecture impossible : {}", io_reason(e))),
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
    fn system_errors_read_in_french() {
        let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert_eq!(io_reason(&missing), "introuvable");
        let odd = std::io::Error::other("weird");
        assert_eq!(io_reason(&odd), "erreur du système (weird)");
    }
}
