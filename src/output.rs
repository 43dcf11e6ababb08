//! The output document: serde types that serialize to exactly the JSON of
//! `docs/SPEC.md`, keys in the SPEC's order, every key always present.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::{ConvertError, ErrorCode};

/// The version of the output contract this build writes (`schema_version`).
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

/// One restitution: the whole JSON document (SPEC "Document").
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[schemars(deny_unknown_fields)]
pub struct Restitution {
    /// Version of this contract (docs/SPEC.md).
    #[schemars(extend("const" = SCHEMA_VERSION))]
    pub schema_version: String,
    /// The file the document was read from.
    pub source: Source,
    /// The cell beside "Nom de la Région académique", as written.
    pub region_academique: Option<String>,
    /// Which of the form's two theme numberings the document follows (`preambule`, `section1`), or null when no cell decides.
    pub numerotation_thematiques: Option<Numbering>,
    /// "Date(s) et lieu(x) de la session".
    pub session: Session,
    /// "Format de la session": the three boxes and the value they give.
    pub format: Format,
    /// "Animateurs de la session".
    pub animateurs: Animateurs,
    /// The nine participant categories, always all nine, in the form's order.
    #[schemars(length(equal = 9))]
    pub participants: Vec<Participant>,
    /// The sum of every known `nombre_participants`, null if none.
    pub total_participants: Option<u64>,
    /// The "RETEX n" paragraphs of section 1, in order.
    pub retex: Vec<Retex>,
    /// The filled rows of the "Diagnostic des points forts et irritants" table.
    pub diagnostic: Vec<DiagnosticRow>,
    /// The filled rows of the "Synthèse des besoins & axes d'amélioration" table.
    pub projections: Vec<ProjectionRow>,
    /// The filled rows of the "Plan d'action" table.
    pub plan_action: Vec<PlanActionRow>,
    /// One object per "proposition phare" fiche (a document may hold several, or none).
    pub propositions_phares: Vec<PropositionPhare>,
    /// Every piece of text a person wrote that no field took, in document order.
    pub texte_non_repris: Vec<UnplacedText>,
    /// Every doubt, in document order.
    pub avertissements: Vec<Warning>,
    /// Null unless asked for (`--provenance`); then where every non-null leaf value was read.
    pub provenance: Option<Provenance>,
}

/// The file a document was read from (`source`).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[schemars(deny_unknown_fields)]
pub struct Source {
    /// The path as given (in a batch: relative to its root, `ARCHIVE!/inner/path` for a zip member).
    pub fichier: String,
    /// The format read from the content: `docx`, `pdf` or `odt`.
    pub format: SourceFormat,
    /// SHA-256 of the file's bytes, lowercase hex.
    #[schemars(pattern(SHA256_PATTERN))]
    pub sha256: String,
    /// Size of the file in bytes.
    pub octets: u64,
    /// Page count of a PDF; null for formats without pages.
    pub pages: Option<u32>,
    /// The converter and version that wrote the document (`restitution X.Y.Z`).
    pub convertisseur: String,
}

/// The format read from the content (`source.format`).
/// The variants are the SPEC's values, serialized as written there; they are not
/// documented one by one, which would turn the JSON Schema's plain `enum` into a `oneOf`.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
#[schemars(inline)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    Docx,
    Pdf,
    Odt,
}

/// Which of the form's two theme numberings the document follows.
/// The variants are the SPEC's values, serialized as written there; they are not
/// documented one by one, which would turn the JSON Schema's plain `enum` into a `oneOf`.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
#[schemars(inline)]
#[serde(rename_all = "lowercase")]
pub enum Numbering {
    Preambule,
    #[serde(rename = "section1")]
    Section1,
}

/// "Date(s) et lieu(x) de la session" (`session`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
#[schemars(deny_unknown_fields)]
pub struct Session {
    /// The cell as written (normalized white space).
    pub texte: Option<String>,
    /// The dates found in the text, ISO (YYYY-MM-DD), in order, without duplicates.
    #[schemars(inner(pattern(DATE_PATTERN)))]
    pub dates: Vec<String>,
    /// The text after the label `Atelier :` up to the end of its line, or null.
    pub atelier: Option<String>,
}

/// "Format de la session" (`format`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
#[schemars(deny_unknown_fields)]
pub struct Format {
    /// The "Présentiel" box: checked, unchecked, or null when it cannot be decided.
    pub presentiel: Option<bool>,
    /// The "Distanciel" box.
    pub distanciel: Option<bool>,
    /// The "Les 2" box.
    pub les_deux: Option<bool>,
    /// `presentiel`, `distanciel`, `hybride` ("Les 2", or both boxes checked), or null when none is checked.
    pub valeur: Option<FormatValue>,
}

/// What the format boxes give (`format.valeur`).
/// The variants are the SPEC's values, serialized as written there; they are not
/// documented one by one, which would turn the JSON Schema's plain `enum` into a `oneOf`.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
#[schemars(inline)]
#[serde(rename_all = "lowercase")]
pub enum FormatValue {
    Presentiel,
    Distanciel,
    Hybride,
}

/// "Animateurs de la session" (`animateurs`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
#[schemars(deny_unknown_fields)]
pub struct Animateurs {
    /// The cell as written.
    pub texte: Option<String>,
    /// The names, split on dashes, commas, semicolons, slashes, "et" and line breaks; a trailing parenthesis is not a name.
    pub noms: Vec<String>,
}

/// One of the nine participant categories (`participants[i]`).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[schemars(deny_unknown_fields)]
pub struct Participant {
    /// The category's code.
    #[schemars(extend("enum" = PARTICIPANT_CATEGORIES))]
    pub categorie: String,
    /// The category's label as printed in the document.
    pub libelle: Option<String>,
    /// The category's box: checked, unchecked, or null when it cannot be decided.
    pub coche: Option<bool>,
    /// "Nombre de participants", or null.
    pub nombre_participants: Option<u64>,
    /// "Nombre d'établissements représentés", or null (also where the form has no such line).
    pub nombre_etablissements: Option<u64>,
}

/// One "RETEX n" paragraph (`retex[i]`).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[schemars(deny_unknown_fields)]
pub struct Retex {
    /// The RETEX number as written.
    pub numero: Option<u32>,
    /// The paragraph, prefix removed.
    pub texte: String,
}

/// A "Thématique concernée" cell.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[schemars(deny_unknown_fields)]
pub struct Theme {
    /// The number as written (`N° 3`, `#3`, `Thématique 3`), or null.
    pub numero: Option<u32>,
    /// The theme, from the cell's words first, else from its number read in the document's numbering.
    pub code: Option<ThemeCode>,
    /// The cell as written.
    pub texte: String,
}

/// The five themes of the form (`thematique.code`).
/// The variants are the SPEC's values, serialized as written there; they are not
/// documented one by one, which would turn the JSON Schema's plain `enum` into a `oneOf`.
#[allow(missing_docs)]
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

/// A row of the "Diagnostic" table (`diagnostic[i]`).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[schemars(deny_unknown_fields)]
pub struct DiagnosticRow {
    /// "Thématique concernée", or null when the cell is empty.
    pub thematique: Option<Theme>,
    /// The RETEX number of the row (`▶ 1 :` → 1), or null.
    pub retex: Option<u32>,
    /// "Irritants": one item per bullet or paragraph.
    pub irritants: Vec<String>,
    /// "Points forts": one item per bullet or paragraph.
    pub points_forts: Vec<String>,
}

/// A row of the "Synthèse des besoins" table (`projections[i]`).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[schemars(deny_unknown_fields)]
pub struct ProjectionRow {
    /// "Thématique concernée", or null.
    pub thematique: Option<Theme>,
    /// "Irritants principaux".
    pub irritants: Vec<String>,
    /// "Besoin".
    pub besoins: Vec<String>,
    /// "Axes d'amélioration ou leviers".
    pub axes_amelioration: Vec<String>,
}

/// A row of the "Plan d'action" table (`plan_action[i]`).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[schemars(deny_unknown_fields)]
pub struct PlanActionRow {
    /// "Thématique concernée", or null.
    pub thematique: Option<Theme>,
    /// "Axes d'amélioration principaux (Quoi)".
    pub axes_amelioration: Vec<String>,
    /// "Actions à mener (Comment)".
    pub actions: Vec<String>,
    /// "Acteurs mobilisés".
    pub acteurs: Vec<String>,
    /// "Temporalité souhaitée pour une mise en œuvre".
    pub temporalite: Vec<String>,
    /// "Indicateurs et facteurs de réussite".
    pub indicateurs: Vec<String>,
}

/// A "proposition phare" fiche (`propositions_phares[i]`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
#[schemars(deny_unknown_fields)]
pub struct PropositionPhare {
    /// The fiche's title, or null when it is still the template's heading.
    pub titre: Option<String>,
    /// "Résumé de la mesure".
    pub resume: Option<String>,
    /// "Territoire concerné".
    pub territoire: Option<String>,
    /// "Référent du projet".
    pub referent: Option<String>,
    /// "Modalités de mise en œuvre": the three kinds of means.
    pub moyens: Moyens,
    /// "Difficultés principales rencontrées": one item per bullet or paragraph.
    pub difficultes: Vec<String>,
    /// "Impacts": the four counts.
    pub impacts: Impacts,
    /// "Efforts de mise en place": the option selected, or null.
    pub efforts: Option<Effort>,
    /// "Temporalité nécessaire": the option selected, or null.
    pub temporalite: Option<Timeframe>,
    /// "Besoins nécessaires pour pérenniser le dispositif".
    pub besoins_perennisation: Option<String>,
}

/// "Modalités de mise en œuvre" (`moyens`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
#[schemars(deny_unknown_fields)]
pub struct Moyens {
    /// "Moyens financiers".
    pub financiers: Option<String>,
    /// "Moyens humains".
    pub humains: Option<String>,
    /// "Moyens juridiques".
    pub juridiques: Option<String>,
}

/// "Impacts": the four counts (`impacts`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
#[schemars(deny_unknown_fields)]
pub struct Impacts {
    /// "Nombre d'établissements concernés".
    pub etablissements: Count,
    /// "Nombre d'élèves concernés".
    pub eleves: Count,
    /// "Nombre de parents concernés".
    pub parents: Count,
    /// "Nombre d'enseignants concernés".
    pub enseignants: Count,
}

/// A count with the text it was read from.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema, PartialEq)]
#[schemars(deny_unknown_fields)]
pub struct Count {
    /// The number read, or null when the text is not a number.
    pub nombre: Option<u64>,
    /// The text as written, or null when it was a placeholder.
    pub texte: Option<String>,
}

/// "Efforts de mise en place" (`efforts`).
/// The variants are the SPEC's values, serialized as written there; they are not
/// documented one by one, which would turn the JSON Schema's plain `enum` into a `oneOf`.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
#[schemars(inline)]
#[serde(rename_all = "lowercase")]
pub enum Effort {
    Faible,
    Moyen,
    Fort,
}

/// "Temporalité nécessaire" (`temporalite`).
/// The variants are the SPEC's values, serialized as written there; they are not
/// documented one by one, which would turn the JSON Schema's plain `enum` into a `oneOf`.
#[allow(missing_docs)]
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
    /// A stable code a program can rely on.
    pub code: WarningCode,
    /// `a_verifier` (a person should look) or `information`.
    pub gravite: Gravite,
    /// JSON path of the field concerned (`participants[6].coche`).
    pub champ: String,
    /// An explanation for people, in French.
    pub message: String,
}

/// The stable warning codes (SPEC `avertissements`).
/// The variants are the SPEC's values, serialized as written there; they are not
/// documented one by one, which would turn the JSON Schema's plain `enum` into a `oneOf`.
#[allow(missing_docs)]
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
/// The variants are the SPEC's values, serialized as written there; they are not
/// documented one by one, which would turn the JSON Schema's plain `enum` into a `oneOf`.
#[allow(missing_docs)]
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
    /// A warning with its code's gravity.
    pub fn new(code: WarningCode, champ: impl Into<String>, message: impl Into<String>) -> Self {
        Warning {
            code,
            gravite: code.gravite(),
            champ: champ.into(),
            message: message.into(),
        }
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
    /// The text, normalized as every string value.
    pub texte: String,
    /// Where it was read.
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
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Provenance, A::Error> {
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
    /// The file, as far as it could be read.
    pub source: ErrorSource,
    /// Why the file yields no document.
    pub erreur: ErrorInfo,
}

/// The `source` of an error line: like a document's, but what could not be known is
/// `null` (the format of a file that is neither DOCX nor PDF, the digest and size of a
/// file that could not be read, the pages of anything but a readable PDF).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[schemars(deny_unknown_fields)]
pub struct ErrorSource {
    /// The path as given (see the document's `source.fichier`).
    pub fichier: String,
    /// The format the content shows, or null when it shows neither.
    pub format: Option<SourceFormat>,
    /// SHA-256 of the bytes, or null when they could not be read.
    #[schemars(pattern(SHA256_PATTERN))]
    pub sha256: Option<String>,
    /// Size in bytes, or null when it could not be read.
    pub octets: Option<u64>,
    /// Page count of a readable PDF, else null.
    pub pages: Option<u32>,
}

/// Why the file yields no document: a stable code and a message for people.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema, PartialEq)]
#[schemars(deny_unknown_fields)]
pub struct ErrorInfo {
    /// A stable error code (docs/SPEC.md "Errors").
    pub code: ErrorCode,
    /// An explanation for people, in French.
    pub message: String,
}

impl ErrorLine {
    /// The line of a file that yields no document.
    pub fn new(source: ErrorSource, error: &ConvertError) -> Self {
        ErrorLine {
            source,
            erreur: ErrorInfo {
                code: error.code,
                message: error.message().clone(),
            },
        }
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
