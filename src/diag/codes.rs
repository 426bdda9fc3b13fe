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

    ConditionSyntax = ("TL0301", Error, "a rule condition cannot be read",
        "The `when:` condition (or a `{...}` placeholder in an action text) breaks the rule language's grammar at the location shown. Conditions combine tests such as `gap >= 2`, `rating(overall) in [C, D]`, `level between 1 and 2` or `level is missing` with `and`, `or` and `not`.");
    UnknownFact = ("TL0302", Error, "a rule names an unknown fact or function",
        "The name is not a fact rules can test (see docs/facts.md). The help line suggests the closest one.");
    FactOutOfScope = ("TL0303", Error, "a fact is not available in this rule set's scope",
        "Competency facts (`gap`, `level`, `required`, ...) exist only in rule sets with `scope: competency`, which are evaluated once per (employee, competency) pair.");
    TypeMismatch = ("TL0304", Error, "values of incompatible types are compared or combined",
        "A test compares a fact with a value of another type (a number with text, a rating with a number of months), uses arithmetic on text, uses a non-condition as a condition, or passes a wrong argument to a function.");
    UnknownRatingValue = ("TL0305", Error, "a rating label is not on the scale in use",
        "Ratings are compared by their position on the scale the project's `ratings:` names for them. The label must be one of that scale's labels.");
    UnknownGoalTemplate = ("TL0306", Error, "a goal template id is not defined",
        "`rating(goal: ID)` names goals by their goal template; the id must be a goal template of the model.");
    UnknownValue = ("TL0307", Error, "a value is not one the fact can take",
        "A category, dialogue guide or priority name that the model or the rule set does not define.");
    TooManyRows = ("TL0308", Error, "a condition expands into too many decision-table rows",
        "Each `or` branch of a condition becomes one row of the decision table. A condition whose `and`s of `or`s multiply beyond the limit is refused; split the rule into several rules.");
    UnreachableRow = ("TL0320", Warning, "a rule can never match",
        "Its condition contradicts itself (for example `gap >= 3 and gap < 2`), so no input ever satisfies it.");
    ShadowedRow = ("TL0321", Warning, "a rule is hidden by an earlier rule",
        "Under `hit_policy: first`, every input this rule matches is already matched by an earlier rule, so it never wins.");
    OverlappingRows = ("TL0322", Error, "two rules match the same input",
        "Under `hit_policy: unique` at most one rule may match any input, and under `any` overlapping rules must agree on their actions. The example input matches both.");
    IdenticalRows = ("TL0323", Warning, "two rules have the same condition",
        "Two rows of the decision table test exactly the same thing. Merge them or make them differ.");
    SubsumedRow = ("TL0324", Warning, "a rule is covered by another with the same actions",
        "Every input this rule matches is matched by another rule with the same actions, so it adds nothing.");
    CoverageGap = ("TL0325", Error, "an input matches no rule of a complete rule set",
        "The rule set declares `complete: true`, but the example input matches none of its rules.");
    NoActions = ("TL0326", Warning, "a rule has no actions",
        "A rule without `then:` actions can fire but changes nothing in a plan.");
    DisabledRuleReferenced = ("TL0327", Warning, "a disabled rule is referenced",
        "A rule test names a rule that has `enabled: false`; the rule never fires while disabled.");
    RuleTestFailed = ("TL0330", Error, "a rule test failed",
        "A test in the rules' `tests/` folder expected a rule or action that did not fire, or one that fired but must not.");
    UnknownRule = ("TL0331", Error, "a rule or rule set id is not defined",
        "A rule test names a rule or rule set that no rule file defines.");
    EvaluationError = ("TL0340", Error, "a rule set could not be evaluated for some input",
        "The hit policy was violated at run time (several rules matched under `unique`, or matching rules disagreed under `any`) or a fact had a value of the wrong type. The result for that input is not used.");

    SourcesNotFound = ("TL0401", Error, "the data folder has no `sources.yaml`",
        "Review exports are read as `sources.yaml` in the data folder (the project's `paths.data`) describes them. Create it; `talentloop demo-data` writes a complete example.");
    NoMatchingFile = ("TL0402", Error, "no file matches a source's pattern",
        "A source in `sources.yaml` names files (a glob, with `{cycle}` for the cycle folder) that do not exist. Check the pattern, or mark the source `required: false` when the export is optional.");
    MissingColumn = ("TL0403", Error, "a mapped column is missing from a file",
        "`sources.yaml` maps a field to a column that the file's header row does not have. The help line suggests the closest header; check `header_row` when the header is not on the first row.");
    UnreadableEncoding = ("TL0404", Error, "a data file is not in its declared encoding",
        "The bytes at the location are not valid in the encoding `sources.yaml` declares for the file (utf-8 by default). Excel on Chinese Windows saves CSV as GB18030: declare `encoding: gb18030`.");
    UnreadableFile = ("TL0405", Error, "a data file cannot be parsed",
        "The file is not a well-formed CSV, XLSX workbook, JSON document or xAPI statement list, or the named sheet does not exist. The message gives the parser's reason.");
    UnlistedCycleFolder = ("TL0406", Warning, "a cycle folder is not listed in the project file",
        "The data folder holds one folder per review cycle, and the project file's `cycles` orders them. A folder that `cycles` does not list is not read; add the cycle to `cycles` or move the folder away.");
    CycleDatesUnknown = ("TL0407", Error, "a cycle's dates are unknown",
        "Learning records, tenure and requirement changes need each cycle's start and end. Names such as `2025H2`, `2025Q3` or `2025` give them; for other names add `cycles: {NAME: {start: ..., end: ...}}` to `sources.yaml`.");
    UnknownMappedId = ("TL0408", Error, "a value mapping names an id the model does not define",
        "A `values` mapping in `sources.yaml` turns an export's label into a role, competency, resource, goal template or rating label; the target must exist in the org model.");
    InvalidPattern = ("TL0409", Error, "a file pattern or date format is invalid",
        "`files` is a glob relative to the data folder (`*`, `**`, `?`, `[abc]`, and `{cycle}` for the cycle folder); `date_format` uses strftime fields such as `%Y-%m-%d`.");

    UnresolvedPerson = ("TL0420", Warning, "a record names a person no id or alias resolves",
        "Every record must resolve to one talent ID (统一人才ID) through the people export's talent ids, emails and aliases. The record is skipped and listed in the data-quality report; add the id as an alias of the right person.");
    AmbiguousAlias = ("TL0421", Error, "an alias points at two people",
        "Two people in the people export share an email or alias, so records using it cannot be attributed. Both rows are shown; the alias is not used until one of them is corrected.");
    DuplicatePerson = ("TL0422", Warning, "a person appears twice",
        "Two rows of the people export have the same talent ID in one cycle. The second row is skipped.");
    UnknownDataRole = ("TL0423", Warning, "a role in the data is not in the model",
        "The people export names a role that neither the model's role ids nor the source's `values.role` mapping knows. The row is skipped; add a mapping from the export's label to a role id.");
    UnknownDataCompetency = ("TL0424", Warning, "a competency in the data is not in the model",
        "A review item or goal names a competency that neither the model nor the source's `values.competency` mapping knows. The row is skipped.");
    UnknownDataResource = ("TL0425", Warning, "a learning record names an unknown resource",
        "A learning record's resource matches no resource id, title or `xapi_activity` in the catalog. The record is skipped and counted as unmatched in the report.");
    UnknownDataGoalTemplate = ("TL0426", Warning, "a goal names an unknown goal template",
        "A goal's template is not among the model's goal templates. The goal is kept without a template, so the competencies it needs are unknown.");
    RatingNotOnScale = ("TL0427", Warning, "a rating is not on its scale",
        "The rating is not a label of the rating scale the project file names for this kind of rating (`ratings` in `talentloop.yaml`), nor mapped to one by the source's `values.rating`. The row is skipped.");
    UnknownManager = ("TL0428", Warning, "a manager does not exist",
        "The manager id resolves to nobody in the people export. The person is kept without a manager.");
    ManagerCycle = ("TL0429", Warning, "managers form a cycle",
        "Following managers from this person leads back to them. The manager link shown is dropped so that the manager tree stays a tree.");
    InvalidDataDate = ("TL0430", Warning, "a date cannot be read",
        "The cell does not match the source's `date_format` (by default `%Y-%m-%d`, also accepting `%Y/%m/%d` and ISO timestamps). The row is skipped.");
    FutureDate = ("TL0431", Warning, "a date is in the future",
        "A record is dated after today (or after `--as-of`). The row is skipped.");
    BeforeHire = ("TL0432", Warning, "a record is dated before the person was hired",
        "A review, learning record or dialogue is dated before the person's hire date. The row is skipped.");
    NegativeHours = ("TL0433", Warning, "learning hours are negative",
        "Hours must be zero or more. The record is skipped.");
    InvalidNumber = ("TL0434", Warning, "a number cannot be read",
        "A score, weight or number of hours is not a number. The row is skipped.");
    MissingValue = ("TL0435", Warning, "a required value is empty",
        "The cell of a field every record needs (such as the employee) is empty. The row is skipped.");
    UnknownDataCycle = ("TL0436", Warning, "a record names a cycle the project does not list",
        "The cycle column holds a cycle that is not in the project file's `cycles`, or it disagrees with the cycle folder the file is in. The row is skipped.");
    UnknownStatus = ("TL0437", Warning, "a status or kind is not recognised",
        "A learning status (enrolled, in_progress, completed, passed, failed), action status (open, in_progress, done, cancelled) or review item kind (overall, goal, competency) is not one of the known values, nor mapped to one by the source's `values`. The row is skipped.");
    DuplicateReview = ("TL0438", Warning, "an item is rated twice in one cycle",
        "The same person, cycle and review item appear in two rows. The second row is skipped.");
    InvalidStatement = ("TL0439", Warning, "an xAPI statement lacks a field",
        "An xAPI statement needs an actor with `mbox` or `account`, a verb id, an object id and a timestamp. The statement is skipped.");

    TemplateSyntax = ("TL0601", Error, "a portal template cannot be compiled",
        "A template of the portal (a default in `site-templates/` or the org's override of the same name in `paths.templates`) breaks minijinja's syntax at the location shown: an unclosed `{% block %}`, a misspelt tag, an unknown filter. Nothing is written until every template compiles.");
    TemplateRender = ("TL0602", Error, "a portal template failed while rendering a page",
        "Rendering stopped at the location shown. Templates run with strict undefined values, so a misspelt field (`page.nmae`) or a missing message key fails the build instead of printing a blank. The message names the page; the previous site is left as it was.");
    MissingSecret = ("TL0603", Error, "personal pages need a secret",
        "Employee and team pages live at paths derived from the talent id with a keyed hash (HMAC-SHA256), so nobody can guess another person's page. Set `TALENTLOOP_SECRET` (at least 16 bytes, from your CI's secret store) or, for sample data only, pass `--demo`.");
    ForeignOutput = ("TL0604", Error, "the output folder was not written by talentloop",
        "talentloop replaces its output folder (the portal of `build`, the plans of `plan`) whole on every run, so it refuses a folder that exists, is not empty and does not carry its marker (`.talentloop-site` or `.talentloop-plans`): it never deletes a folder it did not create. Choose another `--out` or move the folder away.");
    OutputWrite = ("TL0605", Error, "the portal or the plans could not be written",
        "A file or folder of the portal or of the plans, their staging folder or the access manifest could not be written; the message gives the operating system's reason. The previous output is left as it was.");
    UnusedTemplateFile = ("TL0606", Warning, "a file in the templates folder is not used",
        "The org's templates folder holds templates (`*.html` at the top), assets (`assets/*`, copied to the site's `assets/`) and message catalogs (`messages/<locale>.yaml`). Other files are ignored.");
    UnknownMessage = ("TL0607", Warning, "a message catalog names an unknown key or locale",
        "An org's `messages/<locale>.yaml` overrides single messages of the portal; its keys must be keys of the default catalog (the help line suggests the closest) or start with `org_` (the org's own messages, for its own templates), and its locale one talentloop ships (`zh-CN`, `en`).");
    InvalidCatalog = ("TL0608", Error, "a message catalog cannot be read",
        "A message catalog must be a YAML map of message keys to texts.");
}
