//! One configuration file, validated: fromlint's TOML, or hadolint's YAML
//! translated to the same shape.

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

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
    /// `mirrors`: registries serving the official images under their names.
    pub mirrors: Vec<String>,
    /// False when the file turns inline pragmas off (hadolint's
    /// `disable-ignore-pragma`).
    pub inline_config: bool,
    /// hadolint's `no-fail`.
    pub exit_zero: bool,
    /// `preview = true`: preview lints run too.
    pub preview: bool,
    /// `shellcheck = true`: the `shellcheck` lint runs too.
    pub shellcheck: bool,
    /// `[lints.<id>]` tables, validated by each lint's options type.
    pub options: Vec<(&'static str, crate::lints::Options)>,
}

impl Config {
    /// Reads and validates a configuration file: `.yaml`/`.yml` as
    /// hadolint's format, anything else as fromlint's TOML.
    pub fn read(path: &Path) -> Result<Config, ConfigError> {
        let bytes = crate::input::read_bytes(path, crate::input::MAX_FILE)
            .map_err(|e| ConfigError::plain(format!("{}: {e}", path.display())))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| ConfigError::plain(format!("{}: not valid UTF-8", path.display())))?;
        let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        let yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
        if yaml {
            super::hadolint::parse(path, &text, &dir)
        } else {
            Config::parse_toml(path, &text, &dir)
        }
    }

    /// Parses fromlint's TOML format. A syntax error is reported alone;
    /// otherwise every mistake is, not only the first: unknown keys, unknown
    /// lint ids, bad values and invalid globs, each at its place in the text.
    pub fn parse_toml(path: &Path, text: &str, dir: &Path) -> Result<Config, ConfigError> {
        let checker = Checker::new(path, text);
        // After a syntax error the parser's recovery guesses, and what it
        // reports next is mostly a consequence of the first error: that one
        // is reported alone.
        let document = DeTable::parse(text).map_err(|e| {
            let span = e
                .span()
                .map_or(Span::new(0, 0), |r| Span::new(r.start, r.end));
            checker.error(span, toml_message(e.message()))
        })?;
        let mut config = Config {
            path: path.to_path_buf(),
            dir: dir.to_path_buf(),
            select: None,
            ignore: Vec::new(),
            severity: Vec::new(),
            failure_threshold: None,
            overrides: Vec::new(),
            trusted_registries: None,
            allowed_images: None,
            mirrors: Vec::new(),
            inline_config: true,
            exit_zero: false,
            preview: false,
            shellcheck: false,
            options: Vec::new(),
        };
        for (key, value) in document.get_ref() {
            let span: Span = key.span().into();
            match key.get_ref().as_ref() {
                "select" => {
                    config.select = checker.keep(
                        checker
                            .strings(key, value)
                            .and_then(|ids| checker.lints(&ids)),
                    );
                }
                "ignore" => {
                    config.ignore = checker
                        .keep(
                            checker
                                .strings(key, value)
                                .and_then(|ids| checker.lints(&ids)),
                        )
                        .unwrap_or_default();
                }
                "severity" => {
                    config.severity = checker.keep(checker.levels(key, value)).unwrap_or_default();
                }
                "failure-threshold" => {
                    config.failure_threshold = checker.keep(
                        checker
                            .string(key, value)
                            .and_then(|t| checker.threshold(&t)),
                    );
                }
                "overrides" => config.overrides = checker.overrides(key, value),
                "trusted-registries" => {
                    config.trusted_registries = checker.keep(
                        checker
                            .strings(key, value)
                            .and_then(|p| checker.globs(&p, GlobKind::Images)),
                    );
                }
                "allowed-images" => {
                    config.allowed_images = checker.keep(
                        checker
                            .strings(key, value)
                            .and_then(|p| checker.globs(&p, GlobKind::Images)),
                    );
                }
                "mirrors" => {
                    config.mirrors = checker
                        .keep(checker.strings(key, value))
                        .unwrap_or_default()
                        .into_iter()
                        .map(Spanned::into_inner)
                        .collect();
                }
                "preview" => match value.get_ref() {
                    DeValue::Boolean(b) => config.preview = *b,
                    _ => {
                        checker.keep::<()>(Err(checker.wrong_type(key, value, "a boolean")));
                    }
                },
                "shellcheck" => match value.get_ref() {
                    DeValue::Boolean(b) => config.shellcheck = *b,
                    _ => {
                        checker.keep::<()>(Err(checker.wrong_type(key, value, "a boolean")));
                    }
                },
                "lints" => config.options = checker.options(key, value),
                other => checker.unknown_key(other, span, &TOP_KEYS, "top-level keys"),
            }
        }
        checker.finish(config)
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
            mirrors: self.mirrors.clone(),
            options: self.options.clone(),
            inline_config: self.inline_config,
            ..Settings::default()
        };
        if self.shellcheck {
            super::add_lint(&mut settings, crate::lints::SHELLCHECK_LINT);
        }
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

/// The keys of a fromlint configuration file.
const TOP_KEYS: [&str; 11] = [
    "select",
    "ignore",
    "severity",
    "failure-threshold",
    "overrides",
    "trusted-registries",
    "allowed-images",
    "mirrors",
    "preview",
    "shellcheck",
    "lints",
];
/// The keys of an `[[overrides]]` table.
const OVERRIDE_KEYS: [&str; 3] = ["files", "ignore", "severity"];

/// "a" or "an" before a TOML type name.
fn article(type_name: &str) -> &'static str {
    if type_name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

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

/// Validates values of a file, turning mistakes into located errors and
/// keeping every one of them.
pub(super) struct Checker<'a> {
    pub path: &'a Path,
    pub text: &'a str,
    errors: RefCell<Vec<ConfigError>>,
}

type Value<'i> = Spanned<DeValue<'i>>;
type Key<'i> = Spanned<std::borrow::Cow<'i, str>>;

impl<'a> Checker<'a> {
    pub fn new(path: &'a Path, text: &'a str) -> Checker<'a> {
        Checker {
            path,
            text,
            errors: RefCell::new(Vec::new()),
        }
    }

    pub fn error(&self, span: Span, message: impl Into<String>) -> ConfigError {
        ConfigError::at(self.path, self.text, span, message)
    }

    /// The value, or `None` after recording the error.
    pub fn keep<T>(&self, result: Result<T, ConfigError>) -> Option<T> {
        result.map_err(|e| self.errors.borrow_mut().push(e)).ok()
    }

    /// `value`, or every mistake recorded so far.
    pub fn finish<T>(self, value: T) -> Result<T, ConfigError> {
        match ConfigError::all(self.errors.into_inner()) {
            Some(errors) => Err(errors),
            None => Ok(value),
        }
    }

    /// Records an unknown key, suggesting the nearest known one.
    fn unknown_key(&self, key: &str, span: Span, known: &[&str], what: &str) {
        let error = self
            .error(
                span,
                format!("unknown key `{key}`{}", super::did_you_mean(key, known)),
            )
            .with_label("not a configuration key")
            .with_help(format!(
                "docs/configuration.md describes every key; {what}: {}",
                known.join(", ")
            ));
        self.errors.borrow_mut().push(error);
    }

    fn wrong_type(&self, key: &Key, value: &Value, expected: &str) -> ConfigError {
        self.error(
            value.span().into(),
            format!(
                "invalid type: `{}` takes {expected}, not {} {}",
                key.get_ref(),
                article(value.get_ref().type_str()),
                value.get_ref().type_str()
            ),
        )
    }

    /// A string value.
    fn string(&self, key: &Key, value: &Value) -> Result<Spanned<String>, ConfigError> {
        match value.get_ref() {
            DeValue::String(s) => Ok(Spanned::new(value.span(), s.to_string())),
            _ => Err(self.wrong_type(key, value, "a string")),
        }
    }

    /// An array of strings; every element that is not a string is an error.
    fn strings(&self, key: &Key, value: &Value) -> Result<Vec<Spanned<String>>, ConfigError> {
        let Some(array) = value.get_ref().as_array() else {
            return Err(self.wrong_type(key, value, "an array of strings"));
        };
        let mut strings = Vec::new();
        let mut errors = Vec::new();
        for item in array.iter() {
            match self.string(key, item) {
                Ok(s) => strings.push(s),
                Err(_) => errors.push(self.wrong_type(key, item, "strings only")),
            }
        }
        match ConfigError::all(errors) {
            Some(errors) => Err(errors),
            None => Ok(strings),
        }
    }

    /// Collects the errors of `results`, or their values when there are none.
    fn gather<T>(
        results: impl IntoIterator<Item = Result<T, ConfigError>>,
    ) -> Result<Vec<T>, ConfigError> {
        let mut values = Vec::new();
        let mut errors = Vec::new();
        for result in results {
            match result {
                Ok(value) => values.push(value),
                Err(error) => errors.push(error),
            }
        }
        match ConfigError::all(errors) {
            Some(errors) => Err(errors),
            None => Ok(values),
        }
    }

    /// The lints a selector names (an id, alias, group or prefix).
    pub fn lint(&self, id: &str, span: Span) -> Result<Vec<&'static Lint>, ConfigError> {
        crate::lints::select(id).ok_or_else(|| {
            self.error(span, super::unknown_lint(id))
                .with_label("not a lint id, alias or group")
                .with_help("`fromlint rules` lists every lint")
        })
    }

    /// Every selector's lints; every unknown selector is an error.
    pub fn lints(&self, ids: &[Spanned<String>]) -> Result<Vec<&'static Lint>, ConfigError> {
        Self::gather(
            ids.iter()
                .map(|id| self.lint(id.get_ref(), id.span().into())),
        )
        .map(|lists| lists.into_iter().flatten().collect())
    }

    /// `[lints.<id>]` tables, each validated by its lint's options type;
    /// every mistake is recorded.
    fn options(&self, key: &Key, value: &Value) -> Vec<(&'static str, crate::lints::Options)> {
        let Some(table) = value.get_ref().as_table() else {
            self.keep::<()>(Err(self.wrong_type(key, value, "tables (`[lints.<id>]`)")));
            return Vec::new();
        };
        // The values again, as plain TOML for the options' deserializers.
        let Ok(plain) = toml::from_str::<toml::Table>(self.text) else {
            return Vec::new();
        };
        let mut options = Vec::new();
        for (id, table) in table {
            let span: Span = id.span().into();
            let Some(lint) = crate::lints::by_id(id.get_ref()) else {
                self.keep::<()>(Err(self
                    .error(span, super::unknown_lint(id.get_ref()))
                    .with_label("not a lint id")
                    .with_help("options belong to one lint: use its id")));
                continue;
            };
            let Some(spec) = lint.options else {
                self.keep::<()>(Err(self
                    .error(span, format!("`{}` has no options", lint.id))
                    .with_help("`fromlint rule <id>` documents a lint's options")));
                continue;
            };
            let value = plain
                .get("lints")
                .and_then(|l| l.get(id.get_ref().as_ref()))
                .cloned()
                .unwrap_or(toml::Value::Table(toml::Table::new()));
            match (spec.parse)(value) {
                Ok(parsed) => options.push((lint.id, parsed)),
                Err(message) => {
                    self.keep::<()>(Err(self.error(table.span().into(), message).with_help(
                        format!("`fromlint rule {}` documents its options", lint.id),
                    )));
                }
            }
        }
        options
    }

    /// `[[overrides]]`: an array of tables; each mistake inside is recorded.
    fn overrides(&self, key: &Key, value: &Value) -> Vec<Override> {
        let Some(array) = value.get_ref().as_array() else {
            self.keep::<()>(Err(self.wrong_type(key, value, "tables (`[[overrides]]`)")));
            return Vec::new();
        };
        let mut overrides = Vec::new();
        for item in array.iter() {
            let Some(table) = item.get_ref().as_table() else {
                self.keep::<()>(Err(self.wrong_type(key, item, "tables (`[[overrides]]`)")));
                continue;
            };
            // `files` is required; `None` inside once its mistake is recorded.
            let mut files: Option<Option<GlobList>> = None;
            let mut ignore = Some(Vec::new());
            let mut severity = Some(Vec::new());
            for (key, value) in table {
                match key.get_ref().as_ref() {
                    "files" => {
                        files = Some(self.keep(self.strings(key, value).and_then(|globs| {
                            if globs.is_empty() {
                                Err(self.error(
                                    value.span().into(),
                                    "`files` needs at least one glob pattern",
                                ))
                            } else {
                                self.globs(&globs, GlobKind::Files)
                            }
                        })));
                    }
                    "ignore" => {
                        ignore =
                            self.keep(self.strings(key, value).and_then(|ids| self.lints(&ids)));
                    }
                    "severity" => severity = self.keep(self.levels(key, value)),
                    other => self.unknown_key(
                        other,
                        key.span().into(),
                        &OVERRIDE_KEYS,
                        "keys of `[[overrides]]`",
                    ),
                }
            }
            if files.is_none() {
                self.keep::<()>(Err(self
                    .error(item.span().into(), "`[[overrides]]` needs `files`")
                    .with_help(
                        "`files = [\"legacy/**\"]` says which files the override applies to",
                    )));
            }
            if let (Some(Some(files)), Some(ignore), Some(severity)) = (files, ignore, severity) {
                overrides.push(Override {
                    files,
                    ignore,
                    severity,
                });
            }
        }
        overrides
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

    /// A `severity` table: lint id = level; every mistake is an error.
    fn levels(&self, key: &Key, value: &Value) -> Result<Vec<(&'static Lint, Level)>, ConfigError> {
        let Some(table) = value.get_ref().as_table() else {
            return Err(self.wrong_type(key, value, "a table of lint ids and severities"));
        };
        Self::gather(table.iter().map(|(id, level)| {
            let lints = self.lint(id.get_ref(), id.span().into());
            let level = self
                .string(id, level)
                .and_then(|level| self.level(level.get_ref(), level.span().into()));
            match (lints, level) {
                (Ok(lints), Ok(level)) => Ok(lints.into_iter().map(|l| (l, level)).collect()),
                (lints, level) => Err(ConfigError::all(
                    [lints.err(), level.err()].into_iter().flatten().collect(),
                )
                .expect("one of them failed")),
            }
        }))
        .map(|lists: Vec<Vec<(&'static Lint, Level)>>| lists.into_iter().flatten().collect())
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
