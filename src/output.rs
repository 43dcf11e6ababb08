//! The output document: serde types that serialize to exactly the JSON of
//! `docs/SPEC.md`, keys in the SPEC's order, every key always present.

use serde::Serialize;

pub const SCHEMA_VERSION: &str = "1";

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Restitution {
    pub schema_version: &'static str,
    pub source: Source,
    pub region_academique: Option<String>,
    pub numerotation_thematiques: Option<Numbering>,
    pub session: Session,
    pub format: Format,
    pub animateurs: Animateurs,
    pub participants: Vec<Participant>,
    pub total_participants: Option<u64>,
    pub retex: Vec<Retex>,
    pub diagnostic: Vec<DiagnosticRow>,
    pub projections: Vec<ProjectionRow>,
    pub plan_action: Vec<PlanActionRow>,
    pub propositions_phares: Vec<PropositionPhare>,
    pub avertissements: Vec<Warning>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Source {
    pub fichier: String,
    pub format: SourceFormat,
    pub sha256: String,
    pub octets: u64,
    pub pages: Option<u32>,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    Docx,
    Pdf,
}

/// Which of the form's two theme numberings the document follows.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Numbering {
    Preambule,
    #[serde(rename = "section1")]
    Section1,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Session {
    pub texte: Option<String>,
    pub dates: Vec<String>,
    pub atelier: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Format {
    pub presentiel: Option<bool>,
    pub distanciel: Option<bool>,
    pub les_deux: Option<bool>,
    pub valeur: Option<FormatValue>,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum FormatValue {
    Presentiel,
    Distanciel,
    Hybride,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Animateurs {
    pub texte: Option<String>,
    pub noms: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Participant {
    pub categorie: &'static str,
    pub libelle: Option<String>,
    pub coche: Option<bool>,
    pub nombre_participants: Option<u64>,
    pub nombre_etablissements: Option<u64>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Retex {
    pub numero: Option<u32>,
    pub texte: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Theme {
    pub numero: Option<u32>,
    pub code: Option<ThemeCode>,
    pub texte: String,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum ThemeCode {
    EgalAcces,
    TravaillerEnsemble,
    Gouvernance,
    NumeriqueResponsable,
    EnseignerApprendre,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DiagnosticRow {
    pub thematique: Option<Theme>,
    pub retex: Option<u32>,
    pub irritants: Vec<String>,
    pub points_forts: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ProjectionRow {
    pub thematique: Option<Theme>,
    pub irritants: Vec<String>,
    pub besoins: Vec<String>,
    pub axes_amelioration: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PlanActionRow {
    pub thematique: Option<Theme>,
    pub axes_amelioration: Vec<String>,
    pub actions: Vec<String>,
    pub acteurs: Vec<String>,
    pub temporalite: Vec<String>,
    pub indicateurs: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct PropositionPhare {
    pub titre: Option<String>,
    pub resume: Option<String>,
    pub territoire: Option<String>,
    pub referent: Option<String>,
    pub moyens: Moyens,
    pub difficultes: Vec<String>,
    pub impacts: Impacts,
    pub efforts: Option<Effort>,
    pub temporalite: Option<Timeframe>,
    pub besoins_perennisation: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Moyens {
    pub financiers: Option<String>,
    pub humains: Option<String>,
    pub juridiques: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Impacts {
    pub etablissements: Count,
    pub eleves: Count,
    pub parents: Count,
    pub enseignants: Count,
}

/// A count with the text it was read from.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Count {
    pub nombre: Option<u64>,
    pub texte: Option<String>,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Effort {
    Faible,
    Moyen,
    Fort,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Timeframe {
    CourtTerme,
    MoyenTerme,
    LongTerme,
}

/// One doubt about the document: `champ` is a JSON path into the document.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Warning {
    pub code: WarningCode,
    pub champ: String,
    pub message: String,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum WarningCode {
    ChampNonRempli,
    NombreIllisible,
    NombreApproximatif,
    AnneeDeduite,
    ThematiqueAmbigue,
    ThematiqueIncoherente,
    CocheIncoherente,
    CaseIndecise,
    SectionAbsente,
    ColonneInconnue,
}

impl Warning {
    pub fn new(code: WarningCode, champ: impl Into<String>, message: impl Into<String>) -> Self {
        Warning { code, champ: champ.into(), message: message.into() }
    }
}
