//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF
//! viewers. One run; `tool.driver.rules` lists every lint of the registry
//! (so `ruleIndex` is stable between runs whatever was selected), with its
//! documentation as help. Paths are relative to `%SRCROOT%`, the working
//! directory; columns count Unicode code points. Findings suppressed by a
//! pragma never reach a reporter (GitHub ignores SARIF `suppressions`).
//! Only fixes that may be applied (safe or unsafe) become SARIF `fixes`;
//! display-only ones need a decision or data fromlint does not have.

use std::io::Write;
use std::path::Path;

use serde_json::{Value, json};

use super::{FileError, FileReport, Locator, fingerprints};
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::lints::{ALL, Lint};
use crate::span::Position;

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// The key of fromlint's own entry in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "fromlint/v1";
/// GitHub's limit for description texts.
const DESCRIPTION_LIMIT: usize = 1024;

/// Renders the run; `root` is the directory `%SRCROOT%` stands for.
/// Results are serialized one file at a time, straight into the output, so
/// memory grows with the output text, not with a tree of JSON values.
pub fn render(reports: &[FileReport], errors: &[FileError], root: Option<&Path>) -> String {
    let mut out = Vec::new();
    let write = |out: &mut Vec<u8>| {
        let mut log = LogWriter::begin(root, out)?;
        for report in reports {
            log.file(report, out)?;
        }
        log.end(errors, out)
    };
    write(&mut out).expect("writing to memory does not fail");
    String::from_utf8(out).expect("JSON text is UTF-8")
}

/// The SARIF log written as it goes: its head, then each file's results
/// (the CLI writes a file's as soon as the files before it are done, so a
/// run over many files holds a few files' findings, not all), then the
/// invocation, which says whether every file could be read, and the tool
/// with its rules. Pretty-printed like `serde_json`; the run's keys in
/// that order (results before the invocation, which is known only at the
/// end).
pub struct LogWriter {
    results: super::Elements,
}

/// Indentation of a result: inside the log, its runs, the run, the results.
const RESULT_INDENT: &str = "        ";

impl LogWriter {
    /// Writes the head, up to the opening of the results.
    pub fn begin(root: Option<&Path>, out: &mut (impl Write + ?Sized)) -> std::io::Result<Self> {
        write!(
            out,
            "{{\n  \"$schema\": \"{SCHEMA}\",\n  \"runs\": [\n    {{\n      \"columnKind\": \"unicodeCodePoints\",\n"
        )?;
        if let Some(root) = root {
            out.write_all(b"      \"originalUriBaseIds\": ")?;
            let uris = json!({ "%SRCROOT%": { "uri": directory_uri(root) } });
            super::write_indented(&uris, "      ", out)?;
            out.write_all(b",\n")?;
        }
        out.write_all(b"      \"results\": [")?;
        Ok(LogWriter {
            results: super::Elements::new(),
        })
    }

    /// Writes the results of one file.
    pub fn file(
        &mut self,
        report: &FileReport,
        out: &mut (impl Write + ?Sized),
    ) -> std::io::Result<()> {
        for result in file_results(report) {
            out.write_all(self.results.separator())?;
            out.write_all(RESULT_INDENT.as_bytes())?;
            super::write_indented(&result, RESULT_INDENT, out)?;
        }
        Ok(())
    }

    /// The results of one file, as [`LogWriter::file`] writes them after
    /// an earlier result (each one preceded by `,\n`): a piece a worker
    /// renders while the others lint, for [`LogWriter::piece`].
    pub fn piece(report: &FileReport) -> String {
        let mut piece = Vec::new();
        let mut writer = LogWriter {
            results: super::Elements::continuing(),
        };
        writer
            .file(report, &mut piece)
            .expect("writing to memory does not fail");
        String::from_utf8(piece).expect("JSON text is UTF-8")
    }

    /// Writes a piece made by [`LogWriter::piece`].
    pub fn write_piece(
        &mut self,
        piece: &str,
        out: &mut (impl Write + ?Sized),
    ) -> std::io::Result<()> {
        self.results.write_piece(piece, out)
    }

    /// Writes the rest: the end of the results, the invocation with the
    /// files that could not be read, and the tool.
    pub fn end(self, errors: &[FileError], out: &mut (impl Write + ?Sized)) -> std::io::Result<()> {
        out.write_all(if self.results.is_empty() {
            b"]"
        } else {
            b"\n      ]"
        })?;
        let notifications: Vec<Value> = errors
            .iter()
            .map(|e| {
                json!({
                    "level": "error",
                    "message": { "text": e.message },
                    "locations": [{ "physicalLocation": { "artifactLocation": artifact(&e.path) } }],
                })
            })
            .collect();
        let invocations = json!([{
            "executionSuccessful": errors.is_empty(),
            "toolExecutionNotifications": notifications,
        }]);
        out.write_all(b",\n      \"invocations\": ")?;
        super::write_indented(&invocations, "      ", out)?;
        let tool = json!({
            "driver": {
                "name": "fromlint",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": ALL.iter().map(|lint| rule(lint)).collect::<Vec<_>>(),
            }
        });
        out.write_all(b",\n      \"tool\": ")?;
        super::write_indented(&tool, "      ", out)?;
        out.write_all(b"\n    }\n  ],\n  \"version\": \"2.1.0\"\n}\n")
    }
}

/// The SARIF results of one file, each built when the writer asks for it:
/// only one result's tree of values is alive at a time (a file can have
/// tens of thousands of findings).
fn file_results(report: &FileReport) -> impl Iterator<Item = Value> + '_ {
    let locator = Locator::new(&report.source);
    let prints = fingerprints(report);
    report
        .diagnostics
        .iter()
        .zip(prints)
        .map(move |(d, fingerprint)| result(report, &locator, d, fingerprint))
}

/// The SARIF result of one finding.
fn result(report: &FileReport, locator: &Locator, d: &Diagnostic, fingerprint: String) -> Value {
    let mut result = json!({
        "ruleId": d.lint(),
        "ruleIndex": ALL.iter().position(|l| l.id == d.lint()),
        "level": level(d.severity()),
        "message": { "text": d.message() },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": artifact(&report.path),
                "region": region(locator.range(d.span())),
            }
        }],
        "partialFingerprints": { FINGERPRINT_KEY: fingerprint },
    });
    // A finer code within the rule (ShellCheck's `SC2086`).
    if let Some(code) = d.code() {
        result["properties"] = json!({ "code": code });
    }
    if let Some(fix) = d
        .fix()
        .as_ref()
        .filter(|f| f.applicability >= Applicability::Unsafe)
    {
        let replacements: Vec<Value> = fix
            .edits
            .iter()
            .map(|edit| {
                let mut replacement = json!({ "deletedRegion": region(locator.range(edit.span)) });
                if !edit.replacement.is_empty() {
                    replacement["insertedContent"] = json!({ "text": edit.replacement });
                }
                replacement
            })
            .collect();
        result["fixes"] = json!([{
            "description": { "text": fix.title },
            "artifactChanges": [{
                "artifactLocation": artifact(&report.path),
                "replacements": replacements,
            }],
            "properties": { "applicability": fix.applicability.as_str() },
        }]);
    }
    result
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A rule's metadata, from the lint's documentation.
fn rule(lint: &Lint) -> Value {
    let markdown = lint.markdown();
    let why = lint.section("Why is this bad?").unwrap_or_default();
    let mut rule = json!({
        "id": lint.id,
        "shortDescription": { "text": limit(&lint.summary()) },
        "fullDescription": { "text": limit(&why), "markdown": limit(&why) },
        "help": { "text": markdown, "markdown": markdown },
        "helpUri": format!("{}/blob/main/docs/lints/{}.md", env!("CARGO_PKG_REPOSITORY"), lint.id),
        "defaultConfiguration": { "level": level(lint.severity) },
        "properties": {
            "tags": lint.tags,
            "group": lint.group.as_str(),
            "stability": lint.stability.as_str(),
            "defaultEnabled": lint.default && lint.stability == crate::lints::Stability::Stable,
            "problem.severity": match lint.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "recommendation",
            },
        },
    });
    // SARIF wants `name` to differ from `id`; a one-word id (`sudo`) only
    // differs in case, so it goes without a name.
    let name = pascal_case(lint.id);
    if !name.eq_ignore_ascii_case(lint.id) {
        rule["name"] = json!(name);
    }
    rule
}

/// `latest-tag` → `LatestTag`.
fn pascal_case(id: &str) -> String {
    id.split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// At most 1024 characters, cut after a sentence when it is longer.
fn limit(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= DESCRIPTION_LIMIT {
        return flat;
    }
    let cut: String = flat.chars().take(DESCRIPTION_LIMIT).collect();
    match cut.rfind(". ") {
        Some(end) => cut[..=end].to_string(),
        None => cut.chars().take(DESCRIPTION_LIMIT - 1).collect::<String>() + "…",
    }
}

fn artifact(path: &str) -> Value {
    json!({ "uri": uri_path(path), "uriBaseId": "%SRCROOT%" })
}

fn region((start, end): (Position, Position)) -> Value {
    json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
    })
}

/// A relative path as a URI reference: `/` separators, reserved and
/// non-ASCII bytes percent-encoded.
fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.replace('\\', "/").bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            other => out += &format!("%{other:02X}"),
        }
    }
    out
}

/// `file:///abs/dir/` for a directory (the trailing slash matters).
fn directory_uri(dir: &Path) -> String {
    let mut uri = format!("file://{}", uri_path(&dir.to_string_lossy()));
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_uris_and_limits() {
        assert_eq!(
            pascal_case("distroless-without-builder"),
            "DistrolessWithoutBuilder"
        );
        assert_eq!(uri_path("svc/my app/Dockerfile"), "svc/my%20app/Dockerfile");
        assert_eq!(directory_uri(Path::new("/w/repo")), "file:///w/repo/");
        let long = "A sentence. ".repeat(200);
        let cut = limit(&long);
        assert!(cut.chars().count() <= DESCRIPTION_LIMIT && cut.ends_with('.'));
        assert_eq!(limit("short  text"), "short text");
    }
}
