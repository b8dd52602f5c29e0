//! The lint registry. One lint per file: its documentation (the doc comment,
//! which also feeds `fromlint rule`, the README and SARIF), its metadata and
//! its check. Add a lint by writing the file and listing it in [`ALL`].

use crate::diagnostic::{Diagnostic, DiagnosticBuilder, Severity, Shared};
use crate::model::Model;
use crate::pattern::GlobList;
use crate::span::Span;
use crate::suppress::Suppressions;

/// The best fix a lint can offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixKind {
    None,
    DisplayOnly,
    Unsafe,
    Safe,
}

impl FixKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FixKind::None => "none",
            FixKind::DisplayOnly => "display-only",
            FixKind::Unsafe => "unsafe",
            FixKind::Safe => "safe",
        }
    }
}

/// When a lint's check runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// On the model, before suppression pragmas are applied (almost every lint).
    Model,
    /// After the other lints' findings went through the suppression pragmas;
    /// [`Context::suppressions`] is set.
    AfterSuppressions,
}

/// What kind of problem a lint finds; a selector (`select = ["pinning"]`)
/// names every lint of a group at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    /// The build fails, or the image does not do what the Dockerfile says.
    Correctness,
    /// Secrets, privileges and where images come from.
    Security,
    /// Image size: caches, recommends, full bases.
    Size,
    /// The same Dockerfile builds something different tomorrow.
    Reproducibility,
    /// Package versions pinned in package-manager commands.
    Pinning,
    /// Build speed.
    Performance,
    /// Casing, forms and conventions that do not change the image.
    Style,
    /// Rules a team configures: allowed images and registries, labels.
    Policy,
}

impl Group {
    pub const ALL: [Group; 8] = [
        Group::Correctness,
        Group::Security,
        Group::Size,
        Group::Reproducibility,
        Group::Pinning,
        Group::Performance,
        Group::Style,
        Group::Policy,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Group::Correctness => "correctness",
            Group::Security => "security",
            Group::Size => "size",
            Group::Reproducibility => "reproducibility",
            Group::Pinning => "pinning",
            Group::Performance => "performance",
            Group::Style => "style",
            Group::Policy => "policy",
        }
    }

    pub fn from_name(name: &str) -> Option<Group> {
        Group::ALL.into_iter().find(|g| g.as_str() == name)
    }
}

/// Whether a lint is settled or still being tried out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stability {
    Stable,
    /// Runs only with `--preview` or `preview = true`.
    Preview,
}

impl Stability {
    pub fn as_str(self) -> &'static str {
        match self {
            Stability::Stable => "stable",
            Stability::Preview => "preview",
        }
    }
}

/// A lint's identity, documentation and check.
pub struct Lint {
    /// Kebab-case id: the public name in output, pragmas and configuration.
    pub id: &'static str,
    /// Markdown documentation, one leading space per line (from `///`).
    pub docs: &'static str,
    pub severity: Severity,
    pub fix: FixKind,
    pub group: Group,
    pub stability: Stability,
    /// Whether the lint runs without a `select` (see `docs/lints.md` for
    /// how the default selection was decided).
    pub default: bool,
    /// The hadolint rules that check the same thing (`DL3006`), honoured in
    /// `# hadolint` pragmas, `.hadolint.yaml` and selectors.
    pub hadolint: &'static [&'static str],
    /// The BuildKit checks that cover the same thing, honoured in
    /// `# check=skip=` and selectors.
    pub buildkit: &'static [&'static str],
    /// Topics for SARIF `properties.tags` (e.g. `reproducibility`).
    pub tags: &'static [&'static str],
    pub phase: Phase,
    /// The lint's options (`[lints.<id>]` in `fromlint.toml`), if it has any.
    pub options: Option<&'static OptionsSpec>,
    /// The external program the lint runs (`shellcheck`), if any. Such a
    /// lint runs only when asked for by name (its id, or its own switch
    /// such as `--shellcheck`): never through `all`, a group, a prefix or
    /// the default selection, which stay fast and need nothing installed.
    pub external: Option<&'static str>,
    pub check: fn(&mut Context),
}

/// How a lint's options (`[lints.<id>]`) are read and documented; made by
/// [`declare_options!`] from a struct.
pub struct OptionsSpec {
    pub fields: &'static [OptionField],
    /// Validates a `[lints.<id>]` table into the options struct.
    pub parse: fn(toml::Value) -> Result<Options, String>,
}

/// One option: its key (kebab-case), Rust type and documentation.
pub struct OptionField {
    pub name: &'static str,
    pub ty: &'static str,
    pub docs: &'static str,
}

/// A lint's parsed options, read back with [`Context::options`].
#[derive(Clone)]
pub struct Options(pub std::sync::Arc<dyn std::any::Any + Send + Sync>);

impl std::fmt::Debug for Options {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Options(..)")
    }
}

impl OptionsSpec {
    /// The options as a Markdown table, from the struct's field docs.
    pub fn markdown(&self) -> String {
        let mut table = String::from("| key | type | meaning |\n| --- | --- | --- |\n");
        for field in self.fields {
            let docs: Vec<&str> = field.docs.split_whitespace().collect();
            table += &format!(
                "| `{}` | {} | {} |\n",
                field.name.replace('_', "-"),
                toml_type(&field.ty.replace(' ', "")),
                docs.join(" ")
            );
        }
        table
    }
}

/// The TOML name of an option's Rust type.
fn toml_type(ty: &str) -> String {
    match ty {
        "bool" => "boolean".to_string(),
        "String" => "string".to_string(),
        "u32" | "u64" | "usize" | "i64" => "integer".to_string(),
        _ => {
            if let Some(inner) = ty.strip_prefix("Vec<").and_then(|t| t.strip_suffix('>')) {
                format!("array of {}", toml_type(inner))
            } else if let Some(inner) = ty
                .strip_prefix("BTreeMap<String,")
                .and_then(|t| t.strip_suffix('>'))
            {
                format!("table of {}", toml_type(inner))
            } else if let Some(inner) = ty.strip_prefix("Option<").and_then(|t| t.strip_suffix('>'))
            {
                toml_type(inner)
            } else {
                // An enum of names, documented on the field.
                "string".to_string()
            }
        }
    }
}

/// Declares a lint's options: a struct whose fields are the keys of
/// `[lints.<id>]` (kebab-case), each documented by its doc comment and
/// defaulting to `Default`; unknown keys are errors.
macro_rules! declare_options {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident {
            $(
                $(#[doc = $fdoc:literal])+
                pub $field:ident: $ty:ty,
            )*
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Default, serde::Deserialize)]
        #[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
        pub struct $name {
            $($(#[doc = $fdoc])+ pub $field: $ty,)*
        }

        impl $name {
            pub const SPEC: $crate::lints::OptionsSpec = $crate::lints::OptionsSpec {
                fields: &[$($crate::lints::OptionField {
                    name: stringify!($field),
                    ty: stringify!($ty),
                    docs: concat!($($fdoc, "\n"),+),
                }),*],
                parse: |value| {
                    let options: $name = value.try_into().map_err(|e: toml::de::Error| {
                        e.message().trim().trim_end_matches('.').to_string()
                    })?;
                    Ok($crate::lints::Options(std::sync::Arc::new(options)))
                },
            };
        }
    };
}

impl Lint {
    /// The documentation as Markdown.
    pub fn markdown(&self) -> String {
        let lines: Vec<&str> = self
            .docs
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect();
        lines.join("\n").trim().to_string() + "\n"
    }

    /// The first paragraph of the documentation.
    pub fn summary(&self) -> String {
        let markdown = self.markdown();
        let paragraph = markdown.split("\n\n").next().unwrap_or_default();
        paragraph.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// Where the lint's documentation is published.
    pub fn docs_url(&self) -> String {
        format!(
            "{}/blob/main/docs/lints/{}.md",
            env!("CARGO_PKG_REPOSITORY"),
            self.id
        )
    }

    /// The body of a `## Heading` section, if present.
    pub fn section(&self, heading: &str) -> Option<String> {
        let markdown = self.markdown();
        let marker = format!("## {heading}\n");
        let start = markdown.find(&marker)? + marker.len();
        let body = &markdown[start..];
        let end = body.find("\n## ").unwrap_or(body.len());
        Some(body[..end].trim().to_string())
    }
}

/// Declares a lint from its doc comment and metadata. `group` (default
/// `correctness`), `stability` (default `Stable`), `default` (whether it
/// runs without a `select`; default `true`), `hadolint` and `buildkit`
/// (equivalent rules of other tools: one literal or a `[list]`), `tags` and
/// `phase` are optional.
macro_rules! declare_lint {
    (
        $(#[doc = $doc:literal])+
        pub static $name:ident = {
            id: $id:literal,
            severity: $severity:ident,
            fix: $fix:ident,
            $(group: $group:ident,)?
            $(stability: $stability:ident,)?
            $(default: $default:literal,)?
            $(hadolint: $hadolint:tt,)?
            $(buildkit: $buildkit:tt,)?
            $(tags: [$($tag:literal),* $(,)?],)?
            $(phase: $phase:ident,)?
            $(options: $options:ty,)?
            $(external: $external:literal,)?
            check: $check:path $(,)?
        }
    ) => {
        $(#[doc = $doc])+
        pub static $name: $crate::lints::Lint = $crate::lints::Lint {
            id: $id,
            docs: concat!($($doc, "\n"),+),
            severity: $crate::diagnostic::Severity::$severity,
            fix: $crate::lints::FixKind::$fix,
            group: declare_lint!(@group $($group)?),
            stability: declare_lint!(@stability $($stability)?),
            default: declare_lint!(@default $($default)?),
            hadolint: declare_lint!(@list $($hadolint)?),
            buildkit: declare_lint!(@list $($buildkit)?),
            tags: &[$($($tag),*)?],
            phase: declare_lint!(@phase $($phase)?),
            options: declare_lint!(@options $($options)?),
            external: declare_lint!(@external $($external)?),
            check: $check,
        };
    };
    (@list) => { &[] };
    (@list $value:literal) => { &[$value] };
    (@list [$($value:literal),* $(,)?]) => { &[$($value),*] };
    (@group) => { $crate::lints::Group::Correctness };
    (@group $group:ident) => { $crate::lints::Group::$group };
    (@stability) => { $crate::lints::Stability::Stable };
    (@stability $stability:ident) => { $crate::lints::Stability::$stability };
    (@default) => { true };
    (@default $default:literal) => { $default };
    (@options) => { None };
    (@options $options:ty) => { Some(&<$options>::SPEC) };
    (@external) => { None };
    (@external $external:literal) => { Some($external) };
    (@phase) => { $crate::lints::Phase::Model };
    (@phase $phase:ident) => { $crate::lints::Phase::$phase };
}

mod add_instead_of_copy;
mod alpine_glibc_shim;
mod alpine_native_packages;
mod alpine_system_python_package;
mod apk_no_cache;
mod apk_pin;
mod apt_instead_of_apt_get;
mod apt_lists_not_cleaned;
mod apt_no_install_recommends;
mod apt_pin;
mod build_tools_in_final_stage;
mod builder_runtime_mismatch;
mod cd_instead_of_workdir;
mod consecutive_run;
mod consistent_instruction_casing;
mod copy_archive_then_extract;
mod copy_dest_needs_slash;
mod copy_from_own_stage;
mod copy_from_unknown_stage;
mod copy_ignored_file;
mod copy_relative_dest_without_workdir;
mod copy_whole_filesystem;
mod deprecated_image;
mod disallowed_image;
mod distroless_without_builder;
mod duplicate_stage_name;
mod env_self_reference;
mod eol_base_image;
mod expose_invalid_format;
mod expose_proto_casing;
mod floating_tag;
mod from_as_casing;
mod from_platform_flag_const;
mod full_distro_base;
mod gem_pin;
mod glibc_binary_on_musl;
mod go_pin;
mod inline_ignore;
mod invalid_default_arg_in_from;
mod invalid_definition_description;
mod invalid_label_key;
mod invalid_port;
mod json_args_recommended;
mod label_schema;
mod latest_tag;
mod legacy_key_value_format;
mod maintainer_deprecated;
mod missing_assume_yes;
mod missing_digest;
mod missing_healthcheck;
mod multiple_instructions;
mod musl_allocator;
mod needs_shell;
mod no_empty_continuation;
mod non_numeric_user;
mod npm_pin;
mod onbuild_forbidden;
mod parse_error;
mod pip_no_cache_dir;
mod pip_pin;
mod pipefail;
mod pointless_command;
mod redundant_target_platform;
mod reserved_stage_name;
mod rpm_cache_not_cleaned;
mod rpm_pin;
mod runs_as_root;
mod scratch_dynamic_binary;
mod secrets_in_arg_or_env;
mod shell_symlink;
mod shellcheck;
mod stage_name_casing;
mod static_binary_full_base;
mod sudo;
mod undefined_arg_in_from;
mod undefined_var;
mod unknown_tag;
mod untagged_image;
mod untrusted_registry;
mod unused_suppression;
mod useradd_high_uid;
mod wget_and_curl;
mod wget_progress;
mod workdir_relative_path;
mod wrong_package_manager;
mod yarn_cache_not_cleaned;
mod zypper_dist_upgrade;

/// Every lint, in the order they run and are listed.
pub static ALL: &[&Lint] = &[
    &parse_error::PARSE_ERROR,
    &full_distro_base::FULL_DISTRO_BASE,
    &untagged_image::UNTAGGED_IMAGE,
    &unknown_tag::UNKNOWN_TAG,
    &latest_tag::LATEST_TAG,
    &missing_digest::MISSING_DIGEST,
    &alpine_native_packages::ALPINE_NATIVE_PACKAGES,
    &distroless_without_builder::DISTROLESS_WITHOUT_BUILDER,
    &floating_tag::FLOATING_TAG,
    &eol_base_image::EOL_BASE_IMAGE,
    &deprecated_image::DEPRECATED_IMAGE,
    &needs_shell::NEEDS_SHELL,
    &scratch_dynamic_binary::SCRATCH_DYNAMIC_BINARY,
    &static_binary_full_base::STATIC_BINARY_FULL_BASE,
    &builder_runtime_mismatch::BUILDER_RUNTIME_MISMATCH,
    &build_tools_in_final_stage::BUILD_TOOLS_IN_FINAL_STAGE,
    &alpine_system_python_package::ALPINE_SYSTEM_PYTHON_PACKAGE,
    &alpine_glibc_shim::ALPINE_GLIBC_SHIM,
    &glibc_binary_on_musl::GLIBC_BINARY_ON_MUSL,
    &musl_allocator::MUSL_ALLOCATOR,
    &runs_as_root::RUNS_AS_ROOT,
    &apt_no_install_recommends::APT_NO_INSTALL_RECOMMENDS,
    &apt_lists_not_cleaned::APT_LISTS_NOT_CLEANED,
    &apk_no_cache::APK_NO_CACHE,
    &pip_no_cache_dir::PIP_NO_CACHE_DIR,
    &rpm_cache_not_cleaned::RPM_CACHE_NOT_CLEANED,
    &yarn_cache_not_cleaned::YARN_CACHE_NOT_CLEANED,
    &untrusted_registry::UNTRUSTED_REGISTRY,
    &disallowed_image::DISALLOWED_IMAGE,
    &maintainer_deprecated::MAINTAINER_DEPRECATED,
    &stage_name_casing::STAGE_NAME_CASING,
    &from_as_casing::FROM_AS_CASING,
    &duplicate_stage_name::DUPLICATE_STAGE_NAME,
    &reserved_stage_name::RESERVED_STAGE_NAME,
    &json_args_recommended::JSON_ARGS_RECOMMENDED,
    &workdir_relative_path::WORKDIR_RELATIVE_PATH,
    &wrong_package_manager::WRONG_PACKAGE_MANAGER,
    &multiple_instructions::MULTIPLE_INSTRUCTIONS,
    &redundant_target_platform::REDUNDANT_TARGET_PLATFORM,
    &from_platform_flag_const::FROM_PLATFORM_FLAG_CONST,
    &expose_proto_casing::EXPOSE_PROTO_CASING,
    &expose_invalid_format::EXPOSE_INVALID_FORMAT,
    &invalid_port::INVALID_PORT,
    &copy_from_own_stage::COPY_FROM_OWN_STAGE,
    &copy_from_unknown_stage::COPY_FROM_UNKNOWN_STAGE,
    &copy_dest_needs_slash::COPY_DEST_NEEDS_SLASH,
    &add_instead_of_copy::ADD_INSTEAD_OF_COPY,
    &onbuild_forbidden::ONBUILD_FORBIDDEN,
    &copy_whole_filesystem::COPY_WHOLE_FILESYSTEM,
    &consecutive_run::CONSECUTIVE_RUN,
    &non_numeric_user::NON_NUMERIC_USER,
    &missing_healthcheck::MISSING_HEALTHCHECK,
    &copy_relative_dest_without_workdir::COPY_RELATIVE_DEST_WITHOUT_WORKDIR,
    &env_self_reference::ENV_SELF_REFERENCE,
    &invalid_label_key::INVALID_LABEL_KEY,
    &legacy_key_value_format::LEGACY_KEY_VALUE_FORMAT,
    &secrets_in_arg_or_env::SECRETS_IN_ARG_OR_ENV,
    &label_schema::LABEL_SCHEMA,
    &sudo::SUDO,
    &cd_instead_of_workdir::CD_INSTEAD_OF_WORKDIR,
    &wget_progress::WGET_PROGRESS,
    &wget_and_curl::WGET_AND_CURL,
    &apt_instead_of_apt_get::APT_INSTEAD_OF_APT_GET,
    &missing_assume_yes::MISSING_ASSUME_YES,
    &zypper_dist_upgrade::ZYPPER_DIST_UPGRADE,
    &apt_pin::APT_PIN,
    &apk_pin::APK_PIN,
    &rpm_pin::RPM_PIN,
    &pip_pin::PIP_PIN,
    &npm_pin::NPM_PIN,
    &gem_pin::GEM_PIN,
    &go_pin::GO_PIN,
    &pipefail::PIPEFAIL,
    &shell_symlink::SHELL_SYMLINK,
    &shellcheck::SHELLCHECK,
    &pointless_command::POINTLESS_COMMAND,
    &useradd_high_uid::USERADD_HIGH_UID,
    &copy_archive_then_extract::COPY_ARCHIVE_THEN_EXTRACT,
    &undefined_arg_in_from::UNDEFINED_ARG_IN_FROM,
    &invalid_default_arg_in_from::INVALID_DEFAULT_ARG_IN_FROM,
    &undefined_var::UNDEFINED_VAR,
    &copy_ignored_file::COPY_IGNORED_FILE,
    &no_empty_continuation::NO_EMPTY_CONTINUATION,
    &consistent_instruction_casing::CONSISTENT_INSTRUCTION_CASING,
    &invalid_definition_description::INVALID_DEFINITION_DESCRIPTION,
    &unused_suppression::UNUSED_SUPPRESSION,
    &inline_ignore::INLINE_IGNORE,
];

/// Every lint that runs inside fromlint: [`ALL`] but those that start an
/// external program, whose cost is the program's (benchmarks and scaling
/// tests measure fromlint itself).
/// Patterns from the configuration as a help text lists them: the first
/// [`LISTED_PATTERNS`] in backticks, then how many more. Every finding of
/// untrusted-registry and disallowed-image carried the whole list, so a
/// long list made each finding as long as the configuration (20,000
/// patterns and 5,000 files: a 3.9 GB report, 4 GB at the peak).
pub(crate) fn pattern_list(patterns: &[impl std::fmt::Display]) -> String {
    let mut list = patterns
        .iter()
        .take(LISTED_PATTERNS)
        .map(|p| format!("`{p}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if let Some(more) = patterns
        .len()
        .checked_sub(LISTED_PATTERNS)
        .filter(|&n| n > 0)
    {
        list += &format!(" and {more} more");
    }
    list
}

/// The configured patterns a help text lists at most.
const LISTED_PATTERNS: usize = 20;

pub fn in_process() -> Vec<&'static Lint> {
    ALL.iter()
        .copied()
        .filter(|lint| lint.external.is_none())
        .collect()
}

/// The lint that runs ShellCheck (`--shellcheck`, `shellcheck = true`).
pub static SHELLCHECK_LINT: &Lint = &shellcheck::SHELLCHECK;

/// Parses a ShellCheck code (`SC2086` or `2086`).
pub fn shellcheck_code(text: &str) -> Option<u32> {
    shellcheck::parse_code(text)
}

pub fn by_id(id: &str) -> Option<&'static Lint> {
    ALL.iter().copied().find(|lint| lint.id == id)
}

/// The lints that run when nothing is selected: every lint marked
/// `default` (preview ones only with preview on).
pub fn default_selection() -> Vec<&'static Lint> {
    ALL.iter()
        .copied()
        .filter(|lint| lint.default && lint.external.is_none())
        .collect()
}

/// The lints a selector names, in registry order: `all`, `default`, a
/// group (`pinning`), a lint id (`latest-tag`), a hadolint rule (`DL3007`)
/// or BuildKit check (`JSONArgsRecommended`) any lint carries as an alias
/// (case-insensitive), or a prefix of hadolint rule codes (`DL30`, `DL`).
/// `None` when it names nothing.
pub fn select(selector: &str) -> Option<Vec<&'static Lint>> {
    let selector = selector.trim();
    // Lints that run an external program are named only by their id.
    let matching = |pred: &dyn Fn(&Lint) -> bool| -> Option<Vec<&'static Lint>> {
        let lints: Vec<&'static Lint> = ALL
            .iter()
            .copied()
            .filter(|l| l.external.is_none() && pred(l))
            .collect();
        (!lints.is_empty()).then_some(lints)
    };
    match selector {
        "all" => return matching(&|_| true),
        "default" => return Some(default_selection()),
        _ => {}
    }
    if let Some(group) = Group::from_name(selector) {
        return Some(matching(&|l| l.group == group).unwrap_or_default());
    }
    if let Some(lint) = by_id(selector) {
        return Some(vec![lint]);
    }
    let alias = |list: &[&str]| list.iter().any(|a| a.eq_ignore_ascii_case(selector));
    if let Some(lints) = matching(&|l| alias(l.hadolint) || alias(l.buildkit)) {
        return Some(lints);
    }
    let code_prefix = selector.len() >= 2
        && selector[..2].eq_ignore_ascii_case("DL")
        && selector[2..].bytes().all(|b| b.is_ascii_digit());
    if code_prefix {
        let upper = selector.to_ascii_uppercase();
        return matching(&|l| l.hadolint.iter().any(|c| c.starts_with(&upper)));
    }
    None
}

/// Every name a selector may use, for "did you mean" suggestions.
pub fn selector_names() -> Vec<&'static str> {
    let mut names = vec!["all", "default"];
    names.extend(Group::ALL.iter().map(|g| g.as_str()));
    for lint in ALL {
        names.push(lint.id);
        names.extend(lint.hadolint);
        names.extend(lint.buildkit);
    }
    names
}

/// What a lint run needs besides the text: which lints at which severity,
/// the policy patterns, and the facts that vary between runs. The
/// configuration (`crate::config`) builds these.
#[derive(Debug, Clone)]
pub struct Settings {
    pub lints: Vec<&'static Lint>,
    /// "Today" for end-of-life checks (`FROMLINT_TODAY` pins it).
    pub today: crate::date::Date,
    /// Severities that replace a lint's default, by lint id.
    pub severities: Vec<(&'static str, Severity)>,
    /// `trusted-registries`: patterns of registry hosts images may come
    /// from; `None` when not configured.
    pub trusted_registries: Option<GlobList>,
    /// `allowed-images`: patterns of the only images allowed; `None` when
    /// not configured.
    pub allowed_images: Option<GlobList>,
    /// Whether inline pragmas (`# fromlint ignore=…` and the like) count.
    pub inline_config: bool,
    /// `mirrors`: registries (or registry/path prefixes) that serve the
    /// Docker Official Images under the same names, judged as those images.
    pub mirrors: Vec<String>,
    /// Lint options from `[lints.<id>]`, by lint id.
    pub options: Vec<(&'static str, Options)>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            lints: ALL
                .iter()
                .copied()
                .filter(|lint| lint.stability == Stability::Stable && lint.external.is_none())
                .collect(),
            today: crate::date::Date::today(),
            severities: Vec::new(),
            trusted_registries: None,
            allowed_images: None,
            inline_config: true,
            mirrors: Vec::new(),
            options: Vec::new(),
        }
    }
}

impl Settings {
    /// Default settings running only `lints`.
    pub fn only(lints: &[&'static Lint]) -> Settings {
        Settings {
            lints: lints.to_vec(),
            ..Settings::default()
        }
    }

    /// The severity `lint`'s findings get.
    pub fn severity(&self, lint: &Lint) -> Severity {
        self.severities
            .iter()
            .rev()
            .find(|(id, _)| *id == lint.id)
            .map_or(lint.severity, |(_, severity)| *severity)
    }

    /// Whether the lint with this id runs.
    pub fn runs(&self, id: &str) -> bool {
        self.lints.iter().any(|lint| lint.id == id)
    }
}

impl std::fmt::Debug for Lint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id)
    }
}

/// What a lint's check sees: the model, the settings, and a place to report findings.
pub struct Context<'m, 's> {
    pub model: &'m Model<'s>,
    /// The commands of every RUN, collected once for all the lints.
    pub runs: &'m crate::build::Runs<'m>,
    pub settings: &'m Settings,
    /// The file's suppression pragmas and which ones were used; set only
    /// for lints of [`Phase::AfterSuppressions`].
    pub suppressions: Option<&'m Suppressions>,
    lint: &'static Lint,
    /// The finding being built, kept as a [`Diagnostic`] at the next report
    /// or when its lint is done.
    building: Option<DiagnosticBuilder>,
    /// The running lint's findings.
    found: Vec<Diagnostic>,
    /// The findings of the lints done, one block of its exact size each: no
    /// vector of every finding grows by doubling, leaving slack and holding
    /// two copies while it moves.
    done: Vec<Box<[Diagnostic]>>,
    shared: Shared,
}

impl<'m, 's> Context<'m, 's> {
    /// The running lint's options from `[lints.<id>]`, when configured.
    pub fn options<T: 'static>(&self) -> Option<&'m T> {
        let settings: &'m Settings = self.settings;
        settings
            .options
            .iter()
            .rev()
            .find(|(id, _)| *id == self.lint.id)
            .and_then(|(_, options)| options.0.downcast_ref::<T>())
    }

    /// Reports a finding of the running lint at `span`.
    pub fn report(&mut self, span: Span, message: impl Into<String>) -> &mut DiagnosticBuilder {
        self.keep_built();
        self.building.insert(DiagnosticBuilder::new(
            self.lint.id,
            self.settings.severity(self.lint),
            span,
            message,
        ))
    }

    /// Keeps the finding built last, if any.
    fn keep_built(&mut self) {
        if let Some(builder) = self.building.take() {
            self.found.push(self.shared.diagnostic(builder));
        }
    }

    /// Closes the running lint's findings.
    fn lint_done(&mut self) {
        self.keep_built();
        if !self.found.is_empty() {
            let found = std::mem::take(&mut self.found);
            self.done.push(crate::exact::slice(found));
        }
    }
}

/// Runs the configured lints of one phase over a model; `None` when
/// `cancelled` (asked before each lint) says the result is no longer wanted.
/// The findings come in one block per lint that found something.
pub fn run<'m>(
    model: &'m Model<'m>,
    runs: &'m crate::build::Runs<'m>,
    settings: &'m Settings,
    phase: Phase,
    suppressions: Option<&'m Suppressions>,
    cancelled: &dyn Fn() -> bool,
) -> Option<Vec<Box<[Diagnostic]>>> {
    let mut cx = Context {
        model,
        runs,
        settings,
        suppressions,
        lint: ALL[0],
        building: None,
        found: Vec::new(),
        done: Vec::new(),
        shared: Shared::default(),
    };
    // Facts derived from the date (Node's `lts`, Debian's stable release)
    // follow the configured "today", like the end-of-life checks.
    // Configured mirrors of the official images are judged as those images.
    let complete = crate::date::with_today(settings.today, || {
        crate::knowledge::with_mirrors(&settings.mirrors, || {
            for lint in settings.lints.iter().filter(|lint| lint.phase == phase) {
                if cancelled() {
                    return false;
                }
                cx.lint = lint;
                (lint.check)(&mut cx);
                cx.lint_done();
            }
            true
        })
    });
    complete.then_some(cx.done)
}

/// Secondary labels pointing at the ARG defaults an image reference used.
fn arg_origins(model: &Model, image: &crate::model::ImageRef) -> Vec<(Span, String)> {
    image
        .vars
        .iter()
        .filter_map(|name| {
            let arg = model.global_arg(name)?;
            let span = arg.default_span?;
            let value = arg.default.as_deref()?;
            Some((span, format!("`{name}` defaults to `{value}` here")))
        })
        .collect()
}

/// A lint's documentation page: what `fromlint rule ID` prints and
/// `docs/lints/<id>.md` holds (SARIF `helpUri` points there).
pub fn documentation(lint: &Lint) -> String {
    let mut page = format!(
        "# {}\n\nDefault severity: {}. Fix: {}. Group: {}.",
        lint.id,
        lint.severity.as_str(),
        lint.fix.as_str(),
        lint.group.as_str(),
    );
    if lint.stability == Stability::Preview {
        page += " Preview: runs only with `--preview`.";
    } else if !lint.default {
        page += " Not in the default selection: turn it on with `select`.";
    }
    if !lint.hadolint.is_empty() {
        page += &format!(" hadolint equivalent: {}.", codes(lint.hadolint));
    }
    if !lint.buildkit.is_empty() {
        page += &format!(" BuildKit equivalent: {}.", codes(lint.buildkit));
    }
    page += "\n\n";
    page += &lint.markdown();
    if let Some(options) = lint.options {
        page += &format!(
            "\n## Options\n\nSet in `fromlint.toml` under `[lints.{}]`:\n\n",
            lint.id
        );
        page += &options.markdown();
    }
    page
}

/// `` `A`, `B` `` for a list of rule codes.
fn codes(list: &[&str]) -> String {
    list.iter()
        .map(|c| format!("`{c}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The README's lint table, generated from the registry.
pub fn markdown_table() -> String {
    let mut table = String::from(
        "| lint | group | default severity | fix | what it flags |\n| --- | --- | --- | --- | --- |\n",
    );
    for lint in ALL {
        let mut id = format!("`{}`", lint.id);
        if lint.stability == Stability::Preview {
            id += " (preview)";
        } else if !lint.default {
            id += " (opt-in)";
        }
        table += &format!(
            "| {id} | {} | {} | {} | {} |\n",
            lint.group.as_str(),
            lint.severity.as_str(),
            lint.fix.as_str(),
            lint.summary()
        );
    }
    table
}

/// The README's table of equivalent rules in hadolint and BuildKit,
/// generated from the registry.
pub fn equivalents_table() -> String {
    let mut table =
        String::from("| fromlint lint | hadolint rule | BuildKit check |\n| --- | --- | --- |\n");
    let code = |list: &[&str]| {
        if list.is_empty() {
            "—".to_string()
        } else {
            codes(list)
        }
    };
    for lint in ALL
        .iter()
        .filter(|l| !l.hadolint.is_empty() || !l.buildkit.is_empty())
    {
        table += &format!(
            "| `{}` | {} | {} |\n",
            lint.id,
            code(lint.hadolint),
            code(lint.buildkit)
        );
    }
    table
}

/// The operands of a package manager's `install`-like subcommand: the
/// words after the first `subcommands` word that are not options, skipping
/// the values of `options_with_values` (`-t release`).
fn package_operands<'w>(
    args: &'w [crate::shell::Word],
    subcommands: &[&str],
    options_with_values: &[&str],
) -> Vec<&'w crate::shell::Word> {
    let Some(start) = args
        .iter()
        .position(|w| w.value().is_some_and(|v| subcommands.contains(&v)))
    else {
        return Vec::new();
    };
    let mut operands = Vec::new();
    let mut skip = false;
    for word in &args[start + 1..] {
        if skip {
            skip = false;
            continue;
        }
        let text = word.text.as_str();
        if text.starts_with('-') {
            skip = options_with_values.contains(&text);
            continue;
        }
        operands.push(word);
    }
    operands
}

/// Reports a package installed without a version, with how to pin it.
fn report_unpinned(cx: &mut Context, word: &crate::shell::Word, pinned: String) {
    cx.report(
        word.span(),
        format!("`{}` is not pinned to a version", word.text),
    )
    .label("unpinned")
    .help(format!("pin it: `{pinned}`"));
}
