//! Hostile input against the real binary: files, names and editors that try
//! to crash, hang, leak or inject, and what fromlint does instead.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn fromlint_env(args: &[&str], dir: &Path, env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_fromlint"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("FROMLINT_FORMAT")
        .env("NO_COLOR", "1");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("runs")
}

fn fromlint(args: &[&str], dir: &Path) -> Output {
    fromlint_env(args, dir, &[])
}

/// Every `--format`.
const FORMATS: [&str; 7] = [
    "human",
    "json",
    "sarif",
    "gnu",
    "github",
    "checkstyle",
    "gitlab",
];

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `RUN echo <65,530 × a> && apt-get update && apt-get install -y gcc`: the
/// findings start past column 65,535, which the terminal renderer's column
/// arithmetic could not hold.
fn far_right() -> String {
    format!(
        "FROM python:3.12\nRUN echo {} && apt-get update && apt-get install -y gcc\n",
        "a".repeat(65_530)
    )
}

#[test]
fn findings_past_column_65535_render_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("Dockerfile"), far_right()).unwrap();
    for format in FORMATS {
        let out = fromlint(&["--format", format, "Dockerfile"], dir.path());
        assert_eq!(
            out.status.code(),
            Some(1),
            "{format}: {}",
            text(&out.stderr)
        );
        assert!(
            text(&out.stdout).contains("apt-lists-not-cleaned"),
            "{format}"
        );
    }
    let human = text(&fromlint(&["Dockerfile"], dir.path()).stdout);
    // The header counts characters like the other formats; the line is cut
    // to a window around the finding instead of printed whole.
    assert!(human.contains("[Dockerfile:2:65552]"), "{human}");
    assert!(human.lines().all(|line| line.chars().count() < 1_000));
}

#[test]
fn fix_then_report_a_finding_past_column_65535() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("Dockerfile"), far_right()).unwrap();
    let out = fromlint(&["--fix", "Dockerfile"], dir.path());
    assert_ne!(out.status.code(), Some(101), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Fixed"), "{}", text(&out.stdout));
}

#[test]
fn the_human_header_counts_characters() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("Dockerfile"),
        "FROM debian:13\nRUN echo ééééé && apt-get update\n",
    )
    .unwrap();
    let json = fromlint(&["--format", "json", "Dockerfile"], dir.path());
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let human = text(&fromlint(&["Dockerfile"], dir.path()).stdout);
    assert!(human.contains("[Dockerfile:2:27]"), "{human}");
    for finding in json["diagnostics"].as_array().unwrap() {
        let start = &finding["range"]["start"];
        let header = format!("[Dockerfile:{}:{}]", start["line"], start["column"]);
        assert!(human.contains(&header), "{header} not in\n{human}");
    }
}

/// Terminal escapes, bidi overrides and other controls from a Dockerfile
/// (and from its name) never reach the output raw.
#[test]
fn control_characters_are_escaped_in_every_text_format() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = "FROM python:3.12\u{1b}]0;PWNED\u{7}\nFROM alpine\u{202e}:3\u{9b}31m\nRUN echo \u{1b}[2J\r\n";
    fs::write(dir.path().join("Dockerfile"), hostile).unwrap();
    fs::write(dir.path().join("x\u{1b}[31m.Dockerfile"), hostile).unwrap();
    for format in ["human", "gnu", "github", "checkstyle"] {
        let out = fromlint(&["--format", format, "."], dir.path());
        let stdout = text(&out.stdout);
        assert!(!stdout.is_empty(), "{format}");
        for bad in ['\u{1b}', '\u{7}', '\u{202e}', '\u{9b}', '\r'] {
            assert!(!stdout.contains(bad), "{format} printed {bad:?}:\n{stdout}");
        }
        assert!(stdout.contains("\\u{1b}"), "{format}:\n{stdout}");
        assert!(!text(&out.stderr).contains('\u{1b}'), "{format}");
    }
}

/// A reporter bug on one file costs that file only: the other files'
/// findings are printed and the exit code says something went wrong.
#[test]
fn a_reporter_crash_on_one_file_keeps_the_others() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.Dockerfile"), "FROM aaaimage\n").unwrap();
    fs::write(dir.path().join("b.Dockerfile"), "FROM bbbimage\n").unwrap();
    for format in FORMATS {
        let out = fromlint_env(
            &["--format", format, "a.Dockerfile", "b.Dockerfile"],
            dir.path(),
            &[("FROMLINT_TEST_CRASH_REPORTER", "a.Dockerfile")],
        );
        assert_eq!(out.status.code(), Some(2), "{format}");
        let stdout = text(&out.stdout);
        assert!(stdout.contains("bbbimage"), "{format}: {stdout}");
        assert!(!stdout.contains("aaaimage"), "{format}: {stdout}");
        assert!(
            text(&out.stderr).contains("a.Dockerfile: internal error"),
            "{format}"
        );
    }
}
