//! The stable diagnostic codes. A code never changes meaning once released;
//! `docs/diagnostics.md` is generated from this table.

use serde::Serialize;

/// How bad a problem is. Errors fail `check`; warnings only with `--deny-warnings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $name:ident = ($id:literal, $sev:ident, $title:literal, $explain:literal); )*) => {
        /// A stable diagnostic code such as `TL0102`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $( $(#[$doc])* $name, )* }

        impl Code {
            /// Every code, in numeric order.
            pub const ALL: &'static [Code] = &[ $( Code::$name, )* ];

            /// The code as users see it, e.g. `TL0102`.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$name => $id, )* }
            }

            pub fn default_severity(self) -> Severity {
                match self { $( Code::$name => Severity::$sev, )* }
            }

            /// A one-line title for the reference page.
            pub fn title(self) -> &'static str {
                match self { $( Code::$name => $title, )* }
            }

            /// What the code means and how to fix it, for the reference page.
            pub fn explanation(self) -> &'static str {
                match self { $( Code::$name => $explain, )* }
            }
        }
    };
}

codes! {
    Io = ("TL0001", Error, "a file or folder could not be read",
        "talentloop could not open or read a file or folder it needs. The message names the path and the operating system's reason. Check that the path in `talentloop.yaml` is right and that the file is readable.");
    InvalidUtf8 = ("TL0002", Error, "a file is not valid UTF-8",
        "Model, rule and project files must be saved as UTF-8 (with or without a byte-order mark). The location points at the first byte that is not UTF-8. Re-save the file as UTF-8 in your editor; files exported from Excel are often GB18030 or GBK.");
    YamlSyntax = ("TL0003", Error, "the file is not valid YAML",
        "The YAML parser stopped at the location shown: an unclosed bracket or quote, a tab used for indentation, or an indentation that does not line up. Fix the syntax there; the rest of that file is not checked until it parses.");
    DuplicateKey = ("TL0004", Error, "a key appears twice in the same mapping",
        "YAML silently keeps only one of two equal keys in most tools; talentloop refuses the file instead, so that no setting is lost without notice. Remove or rename one of them.");
    WrongType = ("TL0005", Error, "a value has the wrong type",
        "The value at the location is not of the kind the field expects, for example text where a number is needed, or a word that is not one of the allowed choices. The message says what was expected.");
    UnknownField = ("TL0006", Error, "a field is not known",
        "The key is not a field of this kind of entry. It is often a typing mistake: the help line suggests the closest known field. Unknown fields are refused so that a misspelt setting is never silently ignored.");
    MissingField = ("TL0007", Error, "a required field is missing",
        "The entry at the location lacks a field that every entry of its kind must have, such as `id`. Add it.");
    TooLarge = ("TL0008", Error, "a file is too large or nested too deeply",
        "Model and rule files are limited in size and nesting depth so that a mistaken or hostile file cannot exhaust memory. Split a large catalog into several files under the models folder.");
    ProjectNotFound = ("TL0009", Error, "no project file was found",
        "`talentloop` looks for `talentloop.yaml` in the folder given with `--project` (by default the current folder). Run `talentloop init DIR` to create one.");
    EmptyFile = ("TL0010", Warning, "a model file is empty",
        "The file holds no entries (only comments or nothing). It is harmless but often a sign of a file saved by mistake.");
    NoModelFiles = ("TL0011", Error, "the models folder holds no model files",
        "The folder named by `paths.models` in the project file does not exist or has no `.yaml` files. Check the path, which is relative to the project file.");

    DuplicateId = ("TL0101", Error, "an id is defined twice",
        "Every competency, role, role family, resource, scale, goal template, dialogue guide and mentor needs an id that is unique among its kind across all model files. Both places are shown; rename or remove one.");
    UnknownCompetency = ("TL0102", Error, "a competency id is not defined",
        "A role requirement, key task, resource target, mentor, goal template or scale mapping names a competency that no model file defines. The help line suggests the closest defined id.");
    UnknownRole = ("TL0103", Error, "a role id is not defined",
        "`extends` (or another reference) names a role that no model file defines.");
    UnknownResource = ("TL0104", Error, "a learning resource id is not defined",
        "A prerequisite names a learning resource that is not in the catalog.");
    UnknownScale = ("TL0105", Error, "a scale id is not defined",
        "A competency's `scale`, the project's `default_proficiency_scale` or one of the project's `ratings` names a scale that no model file defines.");
    UnknownRoleFamily = ("TL0106", Error, "a role family id is not defined",
        "A role's `family` names a role family that no model file defines.");
    LevelOutsideScale = ("TL0107", Error, "a level is outside the proficiency scale",
        "Levels must lie on the competency's proficiency scale (by default 1 to 5). The message shows the scale's range.");
    RequiredAboveScale = ("TL0108", Error, "a role requires more than the scale's top level",
        "A required level cannot exceed the highest level of the competency's scale: nobody could ever meet it.");
    ExtendsCycle = ("TL0109", Error, "roles extend each other in a cycle",
        "`extends` must form a tree: a role cannot inherit, directly or through others, from itself. The cycle is printed.");
    PrerequisiteCycle = ("TL0110", Error, "learning resources require each other in a cycle",
        "Prerequisites must not loop: nobody could ever start any resource in the cycle. The cycle is printed.");
    MissingIndicator = ("TL0111", Error, "a level has no behavioural indicator",
        "Every level of a competency's scale needs at least one behavioural indicator (行为指标), because development points quote the next level's indicators as the concrete thing to work on.");
    ZeroCapacity = ("TL0112", Error, "a mentor has no capacity",
        "A mentor with `capacity: 0` can never be assigned. Give a positive capacity or remove the mentor.");
    MissingDefaultLocale = ("TL0113", Error, "a name is missing in the default locale",
        "Names, titles and questions that people read must exist in the project's `default_locale`, since pages fall back to it.");
    UnknownLocale = ("TL0114", Error, "a locale is not supported",
        "Texts may be given per locale; the locale keys must be among the project's `locales` (talentloop ships `zh-CN` and `en`).");
    InvalidLevelRange = ("TL0115", Error, "a level range is empty",
        "A learning resource's target moves someone `from` one level `to` a higher one; `to` must be greater than `from`.");
    UnknownRatingLabel = ("TL0116", Error, "a rating label is not on its scale",
        "A rating scale's `to_level` mapping names a label that is not in the scale's `labels`.");
    DuplicateRank = ("TL0117", Error, "two roles share a rank in one family",
        "Within a role family each rank holds one role, so that the next role on the ladder is well defined.");
    InvalidDate = ("TL0118", Error, "a date is not valid",
        "Dates are written `YYYY-MM-DD`, for example `2027-01-01`.");
    DuplicateLabel = ("TL0119", Error, "a rating label appears twice in a scale",
        "Each label of a rating scale must be distinct, since ratings are compared by their position on the scale.");
    EmptyScale = ("TL0120", Error, "a scale has no levels or labels",
        "A proficiency scale needs at least one level and a rating scale at least one label.");

    NoResourceForGap = ("TL0201", Warning, "nothing in the catalog can close a required level",
        "No learning resource targets this competency up to the required level, so a person below it would get no learning recommendation. Add a resource whose `to` reaches the level, or accept that this gap is closed by other means.");
    UnusedResource = ("TL0202", Warning, "a learning resource is never needed",
        "No role or goal template requires the competencies this resource targets, and no other resource lists it as a prerequisite.");
    UnusedScale = ("TL0203", Warning, "a scale is never used",
        "A rating scale that the project's `ratings` do not name, or a proficiency scale that no competency uses, has no effect.");
    RankGap = ("TL0204", Warning, "a role family skips a rank",
        "Ranks in a role family are expected to be consecutive (1, 2, 3, ...); a gap makes the ladder's next step unclear.");
    LoweredRequirement = ("TL0205", Warning, "a role lowers a requirement it inherits",
        "A role that `extends` another is expected to keep or raise the inherited required levels. Lowering one is allowed but usually a mistake.");
    TaskCompetencyNotRequired = ("TL0206", Warning, "a key task needs a competency the role does not require",
        "A key task links to a competency that is not among the role's requirements, so gaps on it are never computed for this role.");
}
