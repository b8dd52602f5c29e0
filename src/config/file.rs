//! One configuration file, validated: fromlint's TOML, or hadolint's YAML
//! translated to the same shape.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::error::ConfigError;
use crate::diagnostic::Severity;
use crate::lints::{Lint, Settings};
use crate::pattern::GlobList;
use crate::span::Span;

/// A severity from the configuration, or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Severity(Severity),
    Off,
}

/// `[[overrides]]`: lints ignored or re-graded for files matching `files`.
#[derive(Debug, Clone)]
pub struct Override {
    pub files: GlobList,
    pub ignore: Vec<&'static Lint>,
    pub severity: Vec<(&'static Lint, Level)>,
}

/// A validated configuration file.
#[derive(Debug, Clone)]
pub struct Config {
    pub path: PathBuf,
    /// `[[overrides]] files` globs are relative to this directory.
    pub dir: PathBuf,
    pub select: Option<Vec<&'static Lint>>,
    pub ignore: Vec<&'static Lint>,
    pub severity: Vec<(&'static Lint, Level)>,
    pub failure_threshold: Option<Severity>,
    pub overrides: Vec<Override>,
    pub trusted_registries: Option<GlobList>,
    pub allowed_images: Option<GlobList>,
    /// False when the file turns inline pragmas off (hadolint's
    /// `disable-ignore-pragma`).
    pub inline_config: bool,
    /// hadolint's `no-fail`.
    pub exit_zero: bool,
    /// `preview = true`: preview lints run too.
    pub preview: bool,
    /// `[lints.<id>]` tables, validated by each lint's options type.
    pub options: Vec<(&'static str, crate::lints::Options)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    select: Option<Vec<Spanned<String>>>,
    ignore: Option<Vec<Spanned<String>>>,
    severity: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
    failure_threshold: Option<Spanned<String>>,
    #[serde(default)]
    overrides: Vec<RawOverride>,
    trusted_registries: Option<Vec<Spanned<String>>>,
    allowed_images: Option<Vec<Spanned<String>>>,
    preview: Option<bool>,
    lints: Option<BTreeMap<Spanned<String>, Spanned<toml::Value>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawOverride {
    files: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    severity: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
}

impl Config {
    /// Reads and validates a configuration file: `.yaml`/`.yml` as
    /// hadolint's format, anything else as fromlint's TOML.
    pub fn read(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| ConfigError::plain(format!("{}: {e}", path.display())))?;
        let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        let yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
        if yaml {
            super::hadolint::parse(path, &text, &dir)
        } else {
            Config::parse_toml(path, &text, &dir)
        }
    }

    /// Parses fromlint's TOML format.
    pub fn parse_toml(path: &Path, text: &str, dir: &Path) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let span = e
                .span()
                .map_or(Span::new(0, 0), |r| Span::new(r.start, r.end));
            ConfigError::at(path, text, span, toml_message(e.message()))
                .with_help(format!("docs/configuration.md describes every key; {KEYS}"))
        })?;
        let checker = Checker { path, text };
        let mut overrides = Vec::new();
        for raw in raw.overrides {
            if raw.files.get_ref().is_empty() {
                return Err(checker.error(
                    raw.files.span().into(),
                    "`files` needs at least one glob pattern",
                ));
            }
            overrides.push(Override {
                files: checker.globs(raw.files.get_ref(), GlobKind::Files)?,
                ignore: checker.lints(&raw.ignore)?,
                severity: checker.levels(raw.severity.as_ref())?,
            });
        }
        Ok(Config {
            path: path.to_path_buf(),
            dir: dir.to_path_buf(),
            select: raw.select.map(|s| checker.lints(&s)).transpose()?,
            ignore: checker.lints(raw.ignore.as_deref().unwrap_or_default())?,
            severity: checker.levels(raw.severity.as_ref())?,
            failure_threshold: raw
                .failure_threshold
                .map(|t| checker.threshold(&t))
                .transpose()?,
            overrides,
            trusted_registries: raw
                .trusted_registries
                .map(|p| checker.globs(&p, GlobKind::Images))
                .transpose()?,
            allowed_images: raw
                .allowed_images
                .map(|p| checker.globs(&p, GlobKind::Images))
                .transpose()?,
            inline_config: true,
            exit_zero: false,
            preview: raw.preview.unwrap_or(false),
            options: checker.options(raw.lints)?,
        })
    }

    /// Indices of the overrides whose `files` match `path` (absolute).
    pub fn matching_overrides(&self, path: &Path) -> Vec<usize> {
        let relative = path.strip_prefix(&self.dir).unwrap_or(path);
        let text = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        self.overrides
            .iter()
            .enumerate()
            .filter(|(_, o)| o.files.is_match(&text))
            .map(|(index, _)| index)
            .collect()
    }

    /// The settings this file gives a file matching `overrides`; `select`
    /// replaces the file's `select` (the command line's `--select`).
    pub fn settings(&self, overrides: &[usize], select: Option<&[&'static Lint]>) -> Settings {
        let mut settings = Settings {
            lints: select
                .or(self.select.as_deref())
                .map_or_else(crate::lints::default_selection, <[_]>::to_vec),
            trusted_registries: self.trusted_registries.clone(),
            allowed_images: self.allowed_images.clone(),
            inline_config: self.inline_config,
            options: self.options.clone(),
            ..Settings::default()
        };
        apply(&mut settings, &self.ignore, &self.severity);
        for &index in overrides {
            let o = &self.overrides[index];
            apply(&mut settings, &o.ignore, &o.severity);
        }
        settings
    }
}

/// Removes ignored lints and applies severities (`off` removes too).
fn apply(settings: &mut Settings, ignore: &[&'static Lint], levels: &[(&'static Lint, Level)]) {
    for (lint, level) in levels {
        match level {
            Level::Off => settings.lints.retain(|l| l.id != lint.id),
            Level::Severity(severity) => settings.severities.push((lint.id, *severity)),
        }
    }
    settings
        .lints
        .retain(|l| !ignore.iter().any(|i| i.id == l.id));
}

const KEYS: &str = "top-level keys: select, ignore, severity, failure-threshold, overrides, trusted-registries, allowed-images, preview, lints";

/// toml's messages, made to follow our style (lowercase, no trailing period).
fn toml_message(message: &str) -> String {
    let message = message.trim().trim_end_matches('.');
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => "invalid configuration".to_string(),
    }
}

#[derive(Clone, Copy)]
pub(super) enum GlobKind {
    /// File paths: `*` stays within a directory; a pattern without `/`
    /// matches the file name in any directory.
    Files,
    /// Image references and registry hosts: `*` matches anything.
    Images,
}

/// Validates values of a file, turning mistakes into located errors.
pub(super) struct Checker<'a> {
    pub path: &'a Path,
    pub text: &'a str,
}

impl Checker<'_> {
    pub fn error(&self, span: Span, message: impl Into<String>) -> ConfigError {
        ConfigError::at(self.path, self.text, span, message)
    }

    /// The lints a selector names (an id, alias, group or prefix).
    pub fn lint(&self, id: &str, span: Span) -> Result<Vec<&'static Lint>, ConfigError> {
        crate::lints::select(id).ok_or_else(|| {
            self.error(span, super::unknown_lint(id))
                .with_label("not a lint id, alias or group")
                .with_help("`fromlint rules` lists every lint")
        })
    }

    pub fn lints(&self, ids: &[Spanned<String>]) -> Result<Vec<&'static Lint>, ConfigError> {
        let mut lints = Vec::new();
        for id in ids {
            lints.extend(self.lint(id.get_ref(), id.span().into())?);
        }
        Ok(lints)
    }

    pub fn level(&self, text: &str, span: Span) -> Result<Level, ConfigError> {
        Ok(match text {
            "error" => Level::Severity(Severity::Error),
            "warning" => Level::Severity(Severity::Warning),
            "info" => Level::Severity(Severity::Info),
            "off" => Level::Off,
            other => {
                return Err(self
                    .error(span, format!("unknown severity `{other}`"))
                    .with_help("use `error`, `warning`, `info` or `off`"));
            }
        })
    }

    fn levels(
        &self,
        table: Option<&BTreeMap<Spanned<String>, Spanned<String>>>,
    ) -> Result<Vec<(&'static Lint, Level)>, ConfigError> {
        let mut levels = Vec::new();
        for (id, level) in table.into_iter().flatten() {
            let level = self.level(level.get_ref(), level.span().into())?;
            for lint in self.lint(id.get_ref(), id.span().into())? {
                levels.push((lint, level));
            }
        }
        Ok(levels)
    }

    /// Validates `[lints.<id>]` tables against each lint's options.
    fn options(
        &self,
        tables: Option<BTreeMap<Spanned<String>, Spanned<toml::Value>>>,
    ) -> Result<Vec<(&'static str, crate::lints::Options)>, ConfigError> {
        let mut options = Vec::new();
        for (id, table) in tables.into_iter().flatten() {
            let span: Span = id.span().into();
            let lints = self.lint(id.get_ref(), span)?;
            let [lint] = lints.as_slice() else {
                return Err(self
                    .error(span, format!("`{}` names several lints", id.get_ref()))
                    .with_help("options belong to one lint: use its id"));
            };
            let Some(spec) = lint.options else {
                return Err(self
                    .error(span, format!("`{}` has no options", lint.id))
                    .with_help("`fromlint rule <id>` documents a lint's options"));
            };
            let parsed = (spec.parse)(table.get_ref().clone()).map_err(|message| {
                self.error(table.span().into(), message)
                    .with_help(format!("`fromlint rule {}` documents its options", lint.id))
            })?;
            options.push((lint.id, parsed));
        }
        Ok(options)
    }

    pub fn threshold(&self, value: &Spanned<String>) -> Result<Severity, ConfigError> {
        match self.level(value.get_ref(), value.span().into()) {
            Ok(Level::Severity(severity)) => Ok(severity),
            _ => Err(self
                .error(
                    value.span().into(),
                    format!("unknown failure threshold `{}`", value.get_ref()),
                )
                .with_help("use `error`, `warning` or `info`")),
        }
    }

    pub fn globs(
        &self,
        patterns: &[Spanned<String>],
        kind: GlobKind,
    ) -> Result<GlobList, ConfigError> {
        let texts: Vec<String> = patterns
            .iter()
            .map(|p| match kind {
                GlobKind::Files if !p.get_ref().contains('/') => format!("**/{}", p.get_ref()),
                _ => p.get_ref().clone(),
            })
            .collect();
        GlobList::new(&texts, matches!(kind, GlobKind::Files)).map_err(|bad| {
            let pattern = &patterns[bad.index];
            self.error(
                pattern.span().into(),
                format!("invalid glob `{}`", pattern.get_ref()),
            )
            .with_label(bad.error.kind().to_string())
        })
    }
}
