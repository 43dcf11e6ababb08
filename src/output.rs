//! The output document: serde types that serialize to exactly the JSON of
//! `docs/SPEC.md`, keys in the SPEC's order, every key always present.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::{ConvertError, ErrorCode};

pub const SCHEMA_VERSION: &str = "1.1";

/// The converter and version that writes a document (`source.convertisseur`).
pub const CONVERTISSEUR: &str = concat!("restitution ", env!("CARGO_PKG_VERSION"));

/// The nine participant categories, in the form's order (SPEC "Field rules").
pub const PARTICIPANT_CATEGORIES: [&str; 9] = [
    "premier_degre",
    "second_degre",
    "representants_academiques",
    "usagers",
    "associations",
    "elus_collectivites",
    "chercheurs",
    "operateurs",
    "edtech",
];

/// A SHA-256 digest as lowercase hex.
const SHA256_PATTERN: &str = "^[0-9a-f]{64}$";
/// An ISO date, YYYY-MM-DD.
const DATE_PATTERN: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[schemars(deny_unknown_fields)]
pub struct Restitution {
    #[schemars(extend("const" = SCHEMA_VERSION))]
    pub schema_version: String,
    pub source: Source,
    pub region_academique: Option<String>,
    pub numerotation_thematiques: Option<Numbering>,
    pub session: Session,
    pub format: Format,
    pub animateurs: Animateurs,
    #[schemars(length(equal = 9))]
    pub participants: Vec<Participant>,
    pub total_participants: Option<u64>,
    pub retex: Vec<Retex>,
    pub diagnostic: Vec<DiagnosticRow>,
    pub projections: Vec<ProjectionRow>,
    pub plan_action: Vec<PlanActionRow>,
    pub propositions_phares: Vec<PropositionPhare>,
    pub texte_non_repris: Vec<UnplacedText>,
    pub avertissements: Vec<Warning>,
    pub provenance: Option<Provenance>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[schemars(deny_unknown_fields)]
pub struct Source {
    pub fichier: String,
    pub format: SourceFormat,
    #[schemars(pattern(SHA256_PATTERN))]
    pub sha256: String,
    pub octets: u64,
    pub pages: Option<u32>,
    pub convertisseur: String,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
#[schemars(inline)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    Docx,
    Pdf,
    Odt,
}

/// Which of the form's two theme numberings the document follows.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
#[schemars(inline)]
#[serde(rename_all = "lowercase")]
pub enum Numbering {
    Preambule,
    #[serde(rename = "section1")]
    Section1,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
#[schemars(deny_unknown_fields)]
pub struct Session {
    pub texte: Option<String>,
    #[schemars(inner(pattern(DATE_PATTERN)))]
    pub dates: Vec<String>,
    pub atelier: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
#[schemars(deny_unknown_fields)]
pub struct Format {
    pub presentiel: Option<bool>,
    pub distanciel: Option<bool>,
    pub les_deux: Option<bool>,
    pub valeur: Option<FormatValue>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
#[schemars(inline)]
#[serde(rename_all = "lowercase")]
pub enum FormatValue {
    Presentiel,
    Distanciel,
    Hybride,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
#[schemars(deny_unknown_fields)]
pub struct Animateurs {
    pub texte: Option<String>,
    pub noms: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[schemars(deny_unknown_fields)]
pub struct Participant {
    #[schemars(extend("enum" = PARTICIPANT_CATEGORIES))]
    pub categorie: String,
    pub libelle: Option<String>,
    pub coche: Option<bool>,
    pub nombre_participants: Option<u64>,
    pub nombre_etablissements: Option<u64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[schemars(deny_unknown_fields)]
pub struct Retex {
    pub numero: Option<u32>,
    pub texte: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[schemars(deny_unknown_fields)]
pub struct Theme {
    pub numero: Option<u32>,
    pub code: Option<ThemeCode>,
    pub texte: String,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq, Hash)]
#[schemars(inline)]
#[serde(rename_all = "snake_case")]
pub enum ThemeCode {
    EgalAcces,
    TravaillerEnsemble,
    Gouvernance,
    NumeriqueResponsable,
    EnseignerApprendre,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[schemars(deny_unknown_fields)]
pub struct DiagnosticRow {
    pub thematique: Option<Theme>,
    pub retex: Option<u32>,
    pub irritants: Vec<String>,
    pub points_forts: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[schemars(deny_unknown_fields)]
pub struct ProjectionRow {
    pub thematique: Option<Theme>,
    pub irritants: Vec<String>,
    pub besoins: Vec<String>,
    pub axes_amelioration: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[schemars(deny_unknown_fields)]
pub struct PlanActionRow {
    pub thematique: Option<Theme>,
    pub axes_amelioration: Vec<String>,
    pub actions: Vec<String>,
    pub acteurs: Vec<String>,
    pub temporalite: Vec<String>,
    pub indicateurs: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
#[schemars(deny_unknown_fields)]
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

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
#[schemars(deny_unknown_fields)]
pub struct Moyens {
    pub financiers: Option<String>,
    pub humains: Option<String>,
    pub juridiques: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
#[schemars(deny_unknown_fields)]
pub struct Impacts {
    pub etablissements: Count,
    pub eleves: Count,
    pub parents: Count,
    pub enseignants: Count,
}

/// A count with the text it was read from.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
#[schemars(deny_unknown_fields)]
pub struct Count {
    pub nombre: Option<u64>,
    pub texte: Option<String>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
#[schemars(inline)]
#[serde(rename_all = "lowercase")]
pub enum Effort {
    Faible,
    Moyen,
    Fort,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
#[schemars(inline)]
#[serde(rename_all = "snake_case")]
pub enum Timeframe {
    CourtTerme,
    MoyenTerme,
    LongTerme,
}

/// One doubt about the document: `champ` is a JSON path into the document.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[schemars(deny_unknown_fields)]
pub struct Warning {
    pub code: WarningCode,
    pub gravite: Gravite,
    pub champ: String,
    pub message: String,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq, Hash)]
#[schemars(inline)]
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
    TexteNonRepris,
    LectureOcr,
}

/// How much a warning asks of a person (SPEC `avertissements`): `a_verifier`, someone
/// should look; `information`, nothing to do.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq, Hash)]
#[schemars(inline)]
#[serde(rename_all = "snake_case")]
pub enum Gravite {
    AVerifier,
    Information,
}

impl WarningCode {
    /// The SPEC's gravity of each code.
    pub fn gravite(self) -> Gravite {
        match self {
            WarningCode::ChampNonRempli
            | WarningCode::NombreApproximatif
            | WarningCode::AnneeDeduite
            | WarningCode::SectionAbsente => Gravite::Information,
            WarningCode::NombreIllisible
            | WarningCode::ThematiqueAmbigue
            | WarningCode::ThematiqueIncoherente
            | WarningCode::CocheIncoherente
            | WarningCode::CaseIndecise
            | WarningCode::ColonneInconnue
            | WarningCode::TexteNonRepris
            | WarningCode::LectureOcr => Gravite::AVerifier,
        }
    }
}

impl Warning {
    pub fn new(code: WarningCode, champ: impl Into<String>, message: impl Into<String>) -> Self {
        Warning { code, gravite: code.gravite(), champ: champ.into(), message: message.into() }
    }
}

/// Where a piece of text or a box was read (SPEC `ORIGINE`).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[schemars(deny_unknown_fields)]
pub struct Origine {
    /// 1-based page (PDF); `null` where the format has no pages.
    pub page: Option<u32>,
    /// `[x0, y0, x1, y1]` in points from the top-left corner of the displayed page,
    /// rounded to 0.1; `null` where the format has no geometry.
    pub zone: Option<[f64; 4]>,
    /// A readable place in the document's structure, stable from run to run.
    pub chemin: String,
}

/// Text a person wrote that no field took (SPEC "Nothing lost").
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[schemars(deny_unknown_fields)]
pub struct UnplacedText {
    pub texte: String,
    pub origine: Origine,
}

/// `provenance`: the path of every non-null leaf value mapped to where it was read, in
/// document order of the fields (a JSON object).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Provenance(pub Vec<(String, Origine)>);

impl Serialize for Provenance {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (path, origine) in &self.0 {
            map.serialize_entry(path, origine)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Provenance {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries;
        impl<'de> serde::de::Visitor<'de> for Entries {
            type Value = Provenance;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object mapping field paths to origins")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Provenance, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry::<String, Origine>()? {
                    out.push(entry);
                }
                Ok(Provenance(out))
            }
        }
        deserializer.deserialize_map(Entries)
    }
}

impl JsonSchema for Provenance {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Provenance".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let origine = generator.subschema_for::<Origine>();
        schemars::json_schema!({
            "type": "object",
            "description": "The path of every non-null leaf value (same syntax as `champ`) mapped to the ORIGINE of the text or box it was read from.",
            "additionalProperties": origine,
        })
    }
}

/// A batch output line for a file that yields no document (SPEC "Errors"):
/// `{"source": {...}, "erreur": {"code": "...", "message": "..."}}`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[schemars(deny_unknown_fields)]
pub struct ErrorLine {
    pub source: ErrorSource,
    pub erreur: ErrorInfo,
}

/// The `source` of an error line: like a document's, but what could not be known is
/// `null` (the format of a file that is neither DOCX nor PDF, the digest and size of a
/// file that could not be read, the pages of anything but a readable PDF).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[schemars(deny_unknown_fields)]
pub struct ErrorSource {
    pub fichier: String,
    pub format: Option<SourceFormat>,
    #[schemars(pattern(SHA256_PATTERN))]
    pub sha256: Option<String>,
    pub octets: Option<u64>,
    pub pages: Option<u32>,
}

/// Why the file yields no document: a stable code and a message for people.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[schemars(deny_unknown_fields)]
pub struct ErrorInfo {
    pub code: ErrorCode,
    pub message: String,
}

impl ErrorLine {
    pub fn new(source: ErrorSource, error: &ConvertError) -> Self {
        ErrorLine { source, erreur: ErrorInfo { code: error.code, message: error.message.clone() } }
    }
}

/// The JSON Schema (draft 2020-12) of one output line: a document or an error line,
/// generated from the types above with their serialized form (every key required).
pub fn json_schema() -> serde_json::Value {
    let settings = schemars::generate::SchemaSettings::draft2020_12().for_serialize();
    let mut generator = settings.into_generator();
    let document = generator.subschema_for::<Restitution>();
    let error_line = generator.subschema_for::<ErrorLine>();
    let definitions = generator.take_definitions(true);
    serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "restitution output line",
        "description": format!("One JSON document of docs/SPEC.md (schema_version {SCHEMA_VERSION}), or, in batch output, an error line for a file that yields no document."),
        "oneOf": [document, error_line],
        "$defs": definitions,
    })
}
