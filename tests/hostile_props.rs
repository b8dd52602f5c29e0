//! Property tests of hostile input where `cargo test` runs them (the fuzz
//! targets in fuzz/ do the same, longer): every reporter renders arbitrary
//! diagnostics (spans out of range, inside characters, reversed; messages
//! with controls) without panicking and without printing a control
//! character raw, and the language server survives arbitrary message
//! streams, framed or not.

use std::io::Cursor;

use fromlint::diagnostic::{Applicability, Diagnostic, DiagnosticBuilder, Edit, Severity};
use fromlint::lints::ALL;
use fromlint::report::{
    self, FileReport, checkstyle, concise, github, gitlab, gnu, human, json, sarif,
};
use fromlint::span::Span;
use proptest::prelude::*;

/// Text heavy in what breaks renderers: controls, escapes, bidi overrides,
/// wide and multi-byte characters, line breaks of every kind.
fn hostile_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("FROM python:3.12\n".to_string()),
            Just("RUN apt-get update\r\n".to_string()),
            Just("\u{1b}]0;x\u{7}".to_string()),
            Just("\u{202e}".to_string()),
            Just("\u{9b}".to_string()),
            Just("\r".to_string()),
            Just("\t".to_string()),
            Just("é😀".to_string()),
            Just("\n".to_string()),
            "[a-z ]{0,12}",
            any::<String>(),
        ],
        0..24,
    )
    .prop_map(|parts| parts.concat())
}

fn span(max: usize) -> impl Strategy<Value = Span> {
    (0..max + 8, 0..max + 8).prop_map(|(start, end)| Span::new(start, end))
}

fn diagnostic(len: usize) -> impl Strategy<Value = Diagnostic> {
    (
        0..ALL.len(),
        0..3u8,
        hostile_text(),
        span(len),
        proptest::option::of(hostile_text()),
        proptest::collection::vec((span(len), hostile_text()), 0..3),
        proptest::option::of(hostile_text()),
        proptest::option::of((span(len), hostile_text())),
    )
        .prop_map(
            |(lint, severity, message, span, label, labels, help, fix)| {
                let severity =
                    [Severity::Info, Severity::Warning, Severity::Error][severity as usize];
                let mut finding = DiagnosticBuilder::new(ALL[lint].id, severity, span, message);
                finding.label = label.map(Into::into);
                finding.help = help.map(Into::into);
                for (span, message) in labels {
                    finding.secondary(span, message);
                }
                if let Some((span, replacement)) = fix {
                    finding.fix(
                        Applicability::Unsafe,
                        "t",
                        vec![Edit::replace(span, replacement)],
                    );
                }
                finding.into()
            },
        )
}

fn file_report() -> impl Strategy<Value = FileReport> {
    (hostile_text(), hostile_text()).prop_flat_map(|(source, path)| {
        let len = source.len();
        proptest::collection::vec(diagnostic(len), 0..6).prop_map(move |diagnostics| FileReport {
            path: path.clone(),
            source: source.clone(),
            diagnostics,
        })
    })
}

/// Whether text has a character that must not reach a terminal raw.
fn raw_control(text: &str) -> Option<char> {
    text.chars()
        .find(|&c| report::is_hostile_char(c) && c != '\r')
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn reporters_render_any_diagnostic(reports in proptest::collection::vec(file_report(), 1..3)) {
        for report in &reports {
            let out = human::render(report, false, 80);
            prop_assert_eq!(raw_control(&out), None, "human: {:?}", out);
        }
        for (name, out) in [
            ("gnu", gnu::render(&reports)),
            ("github", github::render(&reports)),
            ("checkstyle", checkstyle::render(&reports)),
            ("concise", concise::render(&reports, false)),
            ("concise --unsafe-fixes", concise::render(&reports, true)),
        ] {
            prop_assert_eq!(raw_control(&out), None, "{}: {:?}", name, out);
            prop_assert!(!out.contains('\r'), "{}: {:?}", name, out);
        }
        // Concise keeps each finding on its own line, whatever its text.
        let findings: usize = reports.iter().map(|r| r.diagnostics.len()).sum();
        let out = concise::render(&reports, false);
        prop_assert_eq!(out.lines().count(), findings, "{:?}", out);
        for out in [json::render(&reports), gitlab::render(&reports), sarif::render(&reports, &[], None)] {
            serde_json::from_str::<serde_json::Value>(&out).unwrap();
        }
    }

}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn the_language_server_survives_any_stream(
        messages in proptest::collection::vec(lsp_message(), 0..12),
        garbage in proptest::collection::vec(any::<u8>(), 0..64),
        framed in any::<bool>(),
    ) {
        let mut input = Vec::new();
        let initialize = r#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"capabilities":{}}}"#;
        for body in std::iter::once(initialize.to_string()).chain(messages) {
            if framed {
                input.extend(format!("Content-Length: {}\r\n\r\n{body}", body.len()).bytes());
            } else {
                input.extend(body.bytes());
            }
        }
        input.extend(garbage);
        let mut output = Vec::new();
        let code = fromlint::server::serve_streams(Cursor::new(input), &mut output);
        prop_assert!(code == 0 || code == 2);
    }
}

/// LSP messages an editor (or an attacker) might send: valid, with wrong
/// params, or not JSON-RPC at all.
fn lsp_message() -> impl Strategy<Value = String> {
    let uri = "file:///w/Dockerfile";
    prop_oneof![
        hostile_text().prop_map(move |text| serde_json::json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": uri, "languageId": "dockerfile", "version": 1, "text": text}}}).to_string()),
        (0..5u32, 0..80u32, 0..5u32, 0..80u32, hostile_text()).prop_map(move |(l1, c1, l2, c2, text)| serde_json::json!({"jsonrpc": "2.0", "method": "textDocument/didChange",
            "params": {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
                {"range": {"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}}, "text": text}]}}).to_string()),
        (0..5u32, 0..80u32).prop_map(move |(line, character)| serde_json::json!({"jsonrpc": "2.0", "id": 7, "method": "textDocument/hover",
            "params": {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}}).to_string()),
        (0..5u32, 0..80u32).prop_map(move |(line, character)| serde_json::json!({"jsonrpc": "2.0", "id": 8, "method": "textDocument/codeAction",
            "params": {"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": line, "character": character}},
            "context": {"diagnostics": []}}}).to_string()),
        Just(r#"{"jsonrpc":"2.0","id":9,"method":"textDocument/hover","params":{"foo":1}}"#.to_string()),
        Just(r#"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///w/Dockerfile","version":3},"contentChanges":[{"range":{"start":{"line":-1,"character":0},"end":{"line":0,"character":0}},"text":"x"}]}}"#.to_string()),
        Just(r#"{"jsonrpc":"2.0","id":10,"method":"shutdown"}"#.to_string()),
        Just(r#"{"jsonrpc":"2.0","method":"exit"}"#.to_string()),
        Just("Content-Length: 99999999999\r\n\r\n".to_string()),
        any::<String>(),
    ]
}
