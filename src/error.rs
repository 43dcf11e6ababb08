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
        ConvertError { code, message: message.into() }
    }
    pub fn unreadable(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::FichierIllisible, message)
    }
    pub fn too_large(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::TropVolumineux, message)
    }
}

pub type Result<T, E = ConvertError> = std::result::Result<T, E>;
