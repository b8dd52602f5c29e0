//! The lint registry. One lint per file: its documentation (the doc comment,
//! which also feeds `fromlint rule`, the README and SARIF), its metadata and
//! its check. Add a lint by writing the file and listing it in [`ALL`].

use crate::diagnostic::{Diagnostic, Severity};
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

/// A lint's identity, documentation and check.
pub struct Lint {
    /// Kebab-case id: the public name in output, pragmas and configuration.
    pub id: &'static str,
    /// Markdown documentation, one leading space per line (from `///`).
    pub docs: &'static str,
    pub severity: Severity,
    pub fix: FixKind,
    /// The hadolint rule that checks the same thing (`DL3006`), honoured in
    /// `# hadolint` pragmas and `.hadolint.yaml`.
    pub hadolint: Option<&'static str>,
    /// The BuildKit check that covers the same thing, honoured in
    /// `# check=skip=`.
    pub buildkit: Option<&'static str>,
    /// Topics for SARIF `properties.tags` (e.g. `reproducibility`).
    pub tags: &'static [&'static str],
    pub phase: Phase,
    pub check: fn(&mut Context),
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

/// Declares a lint from its doc comment and metadata. `hadolint`,
/// `buildkit` (equivalent rules of other tools), `tags` and `phase` are
/// optional.
macro_rules! declare_lint {
    (
        $(#[doc = $doc:literal])+
        pub static $name:ident = {
            id: $id:literal,
            severity: $severity:ident,
            fix: $fix:ident,
            $(hadolint: $hadolint:literal,)?
            $(buildkit: $buildkit:literal,)?
            $(tags: [$($tag:literal),* $(,)?],)?
            $(phase: $phase:ident,)?
            check: $check:path $(,)?
        }
    ) => {
        $(#[doc = $doc])+
        pub static $name: $crate::lints::Lint = $crate::lints::Lint {
            id: $id,
            docs: concat!($($doc, "\n"),+),
            severity: $crate::diagnostic::Severity::$severity,
            fix: $crate::lints::FixKind::$fix,
            hadolint: declare_lint!(@opt $($hadolint)?),
            buildkit: declare_lint!(@opt $($buildkit)?),
            tags: &[$($($tag),*)?],
            phase: declare_lint!(@phase $($phase)?),
            check: $check,
        };
    };
    (@opt) => { None };
    (@opt $value:literal) => { Some($value) };
    (@phase) => { $crate::lints::Phase::Model };
    (@phase $phase:ident) => { $crate::lints::Phase::$phase };
}

mod alpine_glibc_shim;
mod alpine_native_packages;
mod alpine_system_python_package;
mod apk_no_cache;
mod apt_lists_not_cleaned;
mod apt_no_install_recommends;
mod build_tools_in_final_stage;
mod builder_runtime_mismatch;
mod deprecated_image;
mod disallowed_image;
mod distroless_without_builder;
mod eol_base_image;
mod floating_tag;
mod full_distro_base;
mod latest_tag;
mod missing_digest;
mod needs_shell;
mod parse_error;
mod pip_no_cache_dir;
mod runs_as_root;
mod scratch_dynamic_binary;
mod static_binary_full_base;
mod unknown_tag;
mod untagged_image;
mod untrusted_registry;
mod unused_suppression;

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
    &runs_as_root::RUNS_AS_ROOT,
    &apt_no_install_recommends::APT_NO_INSTALL_RECOMMENDS,
    &apt_lists_not_cleaned::APT_LISTS_NOT_CLEANED,
    &apk_no_cache::APK_NO_CACHE,
    &pip_no_cache_dir::PIP_NO_CACHE_DIR,
    &untrusted_registry::UNTRUSTED_REGISTRY,
    &disallowed_image::DISALLOWED_IMAGE,
    &unused_suppression::UNUSED_SUPPRESSION,
];

pub fn by_id(id: &str) -> Option<&'static Lint> {
    ALL.iter().copied().find(|lint| lint.id == id)
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
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            lints: ALL.to_vec(),
            today: crate::date::Date::today(),
            severities: Vec::new(),
            trusted_registries: None,
            allowed_images: None,
            inline_config: true,
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
    pub settings: &'m Settings,
    /// The file's suppression pragmas and which ones were used; set only
    /// for lints of [`Phase::AfterSuppressions`].
    pub suppressions: Option<&'m Suppressions>,
    lint: &'static Lint,
    diagnostics: Vec<Diagnostic>,
}

impl<'m, 's> Context<'m, 's> {
    /// Reports a finding of the running lint at `span`.
    pub fn report(&mut self, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        self.diagnostics.push(Diagnostic {
            lint: self.lint.id,
            severity: self.settings.severity(self.lint),
            message: message.into(),
            span,
            label: None,
            labels: Vec::new(),
            help: None,
            fix: None,
        });
        self.diagnostics.last_mut().expect("just pushed")
    }
}

/// Runs the configured lints of one phase over a model.
pub fn run(
    model: &Model,
    settings: &Settings,
    phase: Phase,
    suppressions: Option<&Suppressions>,
) -> Vec<Diagnostic> {
    let mut cx = Context {
        model,
        settings,
        suppressions,
        lint: ALL[0],
        diagnostics: Vec::new(),
    };
    // Facts derived from the date (Node's `lts`, Debian's stable release)
    // follow the configured "today", like the end-of-life checks.
    crate::date::with_today(settings.today, || {
        for lint in settings.lints.iter().filter(|lint| lint.phase == phase) {
            cx.lint = lint;
            (lint.check)(&mut cx);
        }
    });
    cx.diagnostics
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
        "# {}\n\nDefault severity: {}. Fix: {}.",
        lint.id,
        lint.severity.as_str(),
        lint.fix.as_str()
    );
    if let Some(code) = lint.hadolint {
        page += &format!(" hadolint equivalent: `{code}`.");
    }
    if let Some(check) = lint.buildkit {
        page += &format!(" BuildKit equivalent: `{check}`.");
    }
    page + "\n\n" + &lint.markdown()
}

/// The README's lint table, generated from the registry.
pub fn markdown_table() -> String {
    let mut table = String::from(
        "| lint | default severity | fix | what it flags |\n| --- | --- | --- | --- |\n",
    );
    for lint in ALL {
        table += &format!(
            "| `{}` | {} | {} | {} |\n",
            lint.id,
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
    let code = |value: Option<&str>| value.map_or("—".to_string(), |v| format!("`{v}`"));
    for lint in ALL
        .iter()
        .filter(|l| l.hadolint.is_some() || l.buildkit.is_some())
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
