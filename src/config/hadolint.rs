//! hadolint's `.hadolint.yaml`, read when no fromlint configuration applies.
//!
//! Rule codes are mapped through each lint's declared hadolint equivalent
//! (`Lint::hadolint`); codes of rules fromlint does not have are accepted and
//! have no effect. hadolint's severities map as `error` → error, `warning` →
//! warning, `info` and `style` → info, `ignore`/`none` → off. Keys hadolint
//! knows but fromlint has no use for (`format`, `label-schema`…) are
//! accepted; any other key is an error.

use std::path::Path;

use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_saphyr::{Location, Spanned};

use super::error::ConfigError;
use super::file::{Checker, Config, GlobKind, Level};
use crate::diagnostic::Severity;
use crate::lints::{ALL, Lint};
use crate::span::{LineIndex, Span};

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawHadolint {
    ignored: Option<Vec<Spanned<String>>>,
    #[serde(rename = "trustedRegistries")]
    trusted_registries: Option<OneOrMany>,
    failure_threshold: Option<Spanned<String>>,
    #[serde(rename = "override")]
    overrides: Option<RawOverride>,
    no_fail: Option<bool>,
    disable_ignore_pragma: Option<bool>,
    // Known to hadolint, meaningless to fromlint.
    #[serde(rename = "format")]
    _format: Option<IgnoredAny>,
    #[serde(rename = "formats")]
    _formats: Option<IgnoredAny>,
    label_schema: Option<std::collections::BTreeMap<String, String>>,
    strict_labels: Option<bool>,
    #[serde(rename = "no-color")]
    _no_color: Option<IgnoredAny>,
    #[serde(rename = "verbose")]
    _verbose: Option<IgnoredAny>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(Spanned<String>),
    Many(Vec<Spanned<String>>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOverride {
    error: Option<Vec<Spanned<String>>>,
    warning: Option<Vec<Spanned<String>>>,
    info: Option<Vec<Spanned<String>>>,
    style: Option<Vec<Spanned<String>>>,
}

pub(super) fn parse(path: &Path, text: &str, dir: &Path) -> Result<Config, ConfigError> {
    let checker = Checker::new(path, text);
    let raw: RawHadolint = if text.trim().is_empty() {
        serde_saphyr::from_str("{}")
    } else {
        serde_saphyr::from_str(text)
    }
    .map_err(|e| {
        let span = e.location().map_or(Span::new(0, 0), |l| span_of(l, text));
        checker.error(span, yaml_message(&e)).with_help(format!(
            "fromlint reads these keys of hadolint's file: {KEYS}"
        ))
    })?;
    // Every bad code is recorded; the good ones are mapped.
    let codes = |list: &Option<Vec<Spanned<String>>>| -> Vec<&'static Lint> {
        list.iter()
            .flatten()
            .filter_map(|code| checker.keep(mapped(&checker, code)))
            .flatten()
            .collect()
    };
    let mut severity = Vec::new();
    if let Some(o) = &raw.overrides {
        for (list, level) in [
            (&o.error, Level::Severity(Severity::Error)),
            (&o.warning, Level::Severity(Severity::Warning)),
            (&o.info, Level::Severity(Severity::Info)),
            (&o.style, Level::Severity(Severity::Info)),
        ] {
            severity.extend(codes(list).into_iter().map(|lint| (lint, level)));
        }
    }
    let failure_threshold = raw.failure_threshold.as_ref().and_then(|value| {
        checker.keep(match value.value.as_str() {
            "error" => Ok(Severity::Error),
            "warning" => Ok(Severity::Warning),
            // hadolint's lowest levels: any finding fails.
            "info" | "style" | "ignore" | "none" => Ok(Severity::Info),
            other => Err(checker
                .error(
                    span_of(value.referenced, text),
                    format!("unknown failure threshold `{other}`"),
                )
                .with_help(
                    "hadolint's thresholds are error, warning, info, style, ignore and none",
                )),
        })
    });
    let trusted = match &raw.trusted_registries {
        None => None,
        Some(OneOrMany::One(one)) => Some(vec![one.clone()]),
        Some(OneOrMany::Many(many)) => Some(many.clone()),
    };
    let trusted_registries = trusted
        .and_then(|list| checker.keep(checker.globs(&toml_spanned(&list, text), GlobKind::Images)));
    let ignore = codes(&raw.ignored);
    let mut options: Vec<_> = label_schema(&checker, &raw).into_iter().collect();
    options.extend(shellcheck_disable(&raw));
    checker.finish(Config {
        path: path.to_path_buf(),
        dir: dir.to_path_buf(),
        select: None,
        ignore,
        severity,
        failure_threshold,
        overrides: Vec::new(),
        trusted_registries,
        allowed_images: None,
        mirrors: Vec::new(),
        inline_config: raw.disable_ignore_pragma != Some(true),
        exit_zero: raw.no_fail == Some(true),
        preview: false,
        shellcheck: false,
        options,
    })
}

/// The ShellCheck codes of `ignored` (`SC2086`) as the `disable` option of
/// the `shellcheck` lint, which hadolint's `ignored` silences too.
fn shellcheck_disable(raw: &RawHadolint) -> Option<(&'static str, crate::lints::Options)> {
    let codes: Vec<toml::Value> = raw
        .ignored
        .iter()
        .flatten()
        .filter(|code| code.value.starts_with("SC"))
        .filter(|code| crate::lints::shellcheck_code(&code.value).is_some())
        .map(|code| toml::Value::String(code.value.clone()))
        .collect();
    if codes.is_empty() {
        return None;
    }
    let lint = crate::lints::SHELLCHECK_LINT;
    let mut table = toml::Table::new();
    table.insert("disable".into(), toml::Value::Array(codes));
    let options = (lint.options?.parse)(toml::Value::Table(table)).ok()?;
    Some((lint.id, options))
}

/// `label-schema` and `strict-labels` as the options of fromlint's
/// `label-schema` lint (hadolint's types are its formats).
fn label_schema(
    checker: &Checker,
    raw: &RawHadolint,
) -> Option<(&'static str, crate::lints::Options)> {
    if raw.label_schema.is_none() && raw.strict_labels.is_none() {
        return None;
    }
    let lint = crate::lints::by_id("label-schema")?;
    let mut table = toml::Table::new();
    let required: toml::Table = raw
        .label_schema
        .iter()
        .flatten()
        .map(|(k, v)| (k.clone(), toml::Value::String(v.clone())))
        .collect();
    table.insert("required".into(), toml::Value::Table(required));
    table.insert(
        "strict".into(),
        toml::Value::Boolean(raw.strict_labels == Some(true)),
    );
    let parsed = (lint.options?.parse)(toml::Value::Table(table));
    checker
        .keep(parsed.map_err(|message| {
            checker
                .error(Span::new(0, 0), format!("label-schema: {message}"))
                .with_help(
                    "hadolint's label types are text, url, semver, hash, rfc3339, spdx and email",
                )
        }))
        .map(|options| (lint.id, options))
}

const KEYS: &str = "ignored, trustedRegistries, failure-threshold, override, no-fail, disable-ignore-pragma, label-schema, strict-labels (format, formats, no-color and verbose are accepted and unused)";

/// The lints a hadolint rule code maps to; an error for text that is not a
/// hadolint code at all.
fn mapped(checker: &Checker, code: &Spanned<String>) -> Result<Vec<&'static Lint>, ConfigError> {
    let text = code.value.as_str();
    let well_formed = (text.starts_with("DL") || text.starts_with("SC"))
        && text.len() == 6
        && text[2..].bytes().all(|b| b.is_ascii_digit());
    if !well_formed {
        return Err(checker
            .error(
                span_of(code.referenced, checker.text),
                format!("`{text}` is not a hadolint rule code"),
            )
            .with_help("hadolint codes look like `DL3006` or `SC2086`"));
    }
    Ok(ALL
        .iter()
        .copied()
        .filter(|lint| lint.hadolint.contains(&text))
        .collect())
}

/// The byte span of a YAML location.
fn span_of(location: Location, text: &str) -> Span {
    let span = location.span();
    if let (Some(start), Some(len)) = (span.byte_offset(), span.byte_len()) {
        return Span::new(start as usize, (start + len) as usize);
    }
    // Fall back to line and column (characters).
    let line = (location.line() as usize).saturating_sub(1);
    let index = LineIndex::new(text);
    let Some(start) = (line <= index.line_of(text.len())).then(|| index.line_start(line)) else {
        return Span::new(text.len(), text.len());
    };
    let column = (location.column() as usize).saturating_sub(1);
    let offset = text[start..]
        .char_indices()
        .nth(column)
        .map_or(text.len(), |(i, _)| start + i);
    Span::new(offset, offset)
}

/// serde-saphyr's message without its own location suffix, in our style.
fn yaml_message(error: &serde_saphyr::Error) -> String {
    let text = error.to_string();
    let first = text.lines().next().unwrap_or("invalid YAML").trim();
    let first = first.split(" at line ").next().unwrap_or(first);
    let first = first.trim_end_matches('.');
    let mut chars = first.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => "invalid YAML".to_string(),
    }
}

/// YAML spanned strings as the TOML wrapper the shared checks take.
fn toml_spanned(list: &[Spanned<String>], text: &str) -> Vec<toml::Spanned<String>> {
    list.iter()
        .map(|s| {
            let span = span_of(s.referenced, text);
            toml::Spanned::new(span.start()..span.end(), s.value.clone())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> Result<Config, ConfigError> {
        parse(Path::new(".hadolint.yaml"), text, Path::new("."))
    }

    #[test]
    fn maps_the_keys_fromlint_knows() {
        let c = config(
            "ignored:\n  - DL3006\n  - DL3005\ntrustedRegistries: docker.io\nfailure-threshold: warning\noverride:\n  error:\n    - DL3007\nno-fail: true\ndisable-ignore-pragma: true\nlabel-schema:\n  author: text\n",
        )
        .unwrap();
        assert_eq!(
            c.ignore.iter().map(|l| l.id).collect::<Vec<_>>(),
            ["untagged-image"]
        );
        assert!(c.trusted_registries.unwrap().is_match("docker.io"));
        assert_eq!(c.failure_threshold, Some(Severity::Warning));
        assert_eq!(c.severity[0].0.id, "latest-tag");
        assert_eq!(c.severity[0].1, Level::Severity(Severity::Error));
        assert!(c.exit_zero);
        assert!(!c.inline_config);
        let many = config("trustedRegistries:\n  - docker.io\n  - \"*.gcr.io\"\n").unwrap();
        assert!(many.trusted_registries.unwrap().is_match("eu.gcr.io"));
        assert!(config("").is_ok());
    }

    #[test]
    fn mistakes_are_located() {
        let e = config("ignored:\n  - DL3006\nignord: []\n").unwrap_err();
        assert!(e.to_string().starts_with(".hadolint.yaml:3:"), "{e}");
        assert!(e.to_string().contains("ignord"), "{e}");
        let e = config("ignored:\n  - DL3006\n  - latest-tag\n").unwrap_err();
        assert!(e.to_string().starts_with(".hadolint.yaml:3:5:"), "{e}");
        let e = config("failure-threshold: loud\n").unwrap_err();
        assert!(e.to_string().starts_with(".hadolint.yaml:1:20:"), "{e}");
    }
}
