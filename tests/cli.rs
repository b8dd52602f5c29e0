//! Integration tests of the real binary: exit codes, stdin, directories, bad
//! input, output formats and subcommands.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn fromlint(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fromlint"))
        .args(args)
        .current_dir(dir)
        .env_remove("FROMLINT_FORMAT")
        .env("NO_COLOR", "1")
        .output()
        .expect("runs")
}

fn with_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fromlint"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).expect("valid JSON on stdout")
}

const CLEAN: &str = "FROM python:3.12-slim@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1\nUSER 10001\n";

#[test]
fn exit_codes_follow_findings() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("clean.Dockerfile"), CLEAN).unwrap();
    fs::write(dir.path().join("bad.Dockerfile"), "FROM python\n").unwrap();
    assert_eq!(
        fromlint(&["clean.Dockerfile"], dir.path()).status.code(),
        Some(0)
    );
    let bad = fromlint(&["bad.Dockerfile"], dir.path());
    assert_eq!(bad.status.code(), Some(1));
    assert!(text(&bad.stdout).contains("untagged-image"));
}

#[test]
fn unreadable_files_are_errors_but_others_are_still_linted() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("bad.Dockerfile"), "FROM python\n").unwrap();
    fs::write(dir.path().join("binary.Dockerfile"), b"FROM \0\x01\x02").unwrap();
    fs::write(
        dir.path().join("latin1.Dockerfile"),
        b"FROM alpine:3.24\nLABEL a=\xe9\n",
    )
    .unwrap();
    let out = fromlint(
        &[
            "missing.Dockerfile",
            "binary.Dockerfile",
            "latin1.Dockerfile",
            "bad.Dockerfile",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("missing.Dockerfile"), "{stderr}");
    assert!(
        stderr.contains("binary.Dockerfile: not a text file"),
        "{stderr}"
    );
    assert!(
        stderr.contains("latin1.Dockerfile: not valid UTF-8"),
        "{stderr}"
    );
    assert!(
        text(&out.stdout).contains("untagged-image"),
        "the readable file is still linted"
    );
}

#[test]
fn directories_are_searched_for_dockerfiles() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for (path, body) in [
        ("Dockerfile", "FROM python\n"),
        ("svc/api.Dockerfile", "FROM node\n"),
        ("svc/Containerfile", "FROM ruby\n"),
        ("svc/Dockerfile.dockerignore", "*\n"),
        ("ignored/Dockerfile", "FROM perl\n"),
        ("README.md", "FROM nothing\n"),
    ] {
        fs::create_dir_all(root.join(path).parent().unwrap()).unwrap();
        fs::write(root.join(path), body).unwrap();
    }
    fs::write(root.join(".gitignore"), "ignored/\n").unwrap();
    let out = fromlint(&["--format", "json"], root);
    assert_eq!(out.status.code(), Some(1));
    let mut paths: Vec<String> = json(&out)["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap().to_string())
        .collect();
    paths.dedup();
    assert_eq!(
        paths,
        ["Dockerfile", "svc/Containerfile", "svc/api.Dockerfile"]
    );
}

#[test]
fn stdin_is_linted_under_the_given_name() {
    let out = with_stdin(
        &[
            "--format",
            "json",
            "--stdin-filename",
            "web/Dockerfile",
            "-",
        ],
        b"FROM node:latest\n",
    );
    assert_eq!(out.status.code(), Some(1));
    let doc = json(&out);
    let diagnostics = doc["diagnostics"].as_array().unwrap();
    assert!(diagnostics.iter().all(|d| d["path"] == "web/Dockerfile"));
    assert!(diagnostics.iter().any(|d| d["lint"] == "latest-tag"));
}

#[test]
fn json_output_has_the_documented_shape() {
    let out = with_stdin(
        &["--format", "json", "-"],
        b"FROM python:3.12\nCMD [\"python\", \"app.py\"]\n",
    );
    let doc = json(&out);
    assert_eq!(doc["version"], 1);
    let d = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["lint"] == "full-distro-base")
        .expect("full-distro-base reported");
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["path"], "-");
    assert_eq!(d["span"]["start"], 12);
    assert_eq!(d["span"]["end"], 16);
    assert_eq!(d["range"]["start"]["line"], 1);
    assert_eq!(d["range"]["start"]["column"], 13);
    assert_eq!(d["range"]["end"]["column"], 17);
    assert!(d["help"].is_string());
    assert_eq!(d["fix"]["applicability"], "unsafe");
    assert_eq!(d["fix"]["edits"][0]["replacement"], "3.12-slim");
    assert_eq!(d["fix"]["edits"][0]["start"], 12);
    assert!(d["fix"]["title"].is_string());
}

#[test]
fn human_output_without_a_terminal_has_no_colour() {
    let out = with_stdin(&["-"], b"FROM python:3.12\nCMD [\"python\", \"app.py\"]\n");
    let stdout = text(&out.stdout);
    assert!(!stdout.contains('\u{1b}'), "{stdout}");
    assert!(stdout.contains("full-distro-base"));
    assert!(stdout.contains("Found "));
}

#[test]
fn a_broken_line_is_a_finding_and_linting_goes_on() {
    let out = with_stdin(
        &["--format", "json", "-"],
        b"FROM python\nRUN echo a &&\n  echo b\n",
    );
    assert_eq!(out.status.code(), Some(1));
    let lints: Vec<String> = json(&out)["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["lint"].as_str().unwrap().to_string())
        .collect();
    assert!(lints.contains(&"parse-error".to_string()));
    assert!(lints.contains(&"untagged-image".to_string()));
}

#[test]
fn rules_and_rule_document_every_lint() {
    let dir = tempfile::tempdir().unwrap();
    let list = text(&fromlint(&["rules"], dir.path()).stdout);
    for lint in fromlint::lints::ALL {
        assert!(list.contains(lint.id), "{}", lint.id);
    }
    let rule = fromlint(&["rule", "alpine-native-packages"], dir.path());
    assert_eq!(rule.status.code(), Some(0));
    assert!(text(&rule.stdout).contains("## Why is this bad?"));
    let unknown = fromlint(&["rule", "no-such-lint"], dir.path());
    assert_eq!(unknown.status.code(), Some(2));
    assert!(text(&unknown.stderr).contains("no-such-lint"));
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        fromlint(&["--format", "xml"], dir.path()).status.code(),
        Some(2)
    );
    assert_eq!(
        fromlint(&["--no-such-flag"], dir.path()).status.code(),
        Some(2)
    );
}

#[test]
fn parse_prints_the_buildkit_view() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("Dockerfile"), "FROM a\nRUN <<EOF\nx\nEOF\n").unwrap();
    let out = fromlint(&["parse", "--format", "json", "Dockerfile"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let doc = json(&out);
    assert_eq!(doc["instructions"][1]["heredocs"][0]["content"], "x\n");
    assert_eq!(doc["instructions"][1]["end_line"], 4);
}

const FULL: &str = "FROM python:3.12-trixie\r\nCOPY . /app\r\nCMD [\"python\", \"/app/main.py\"]";
const SLIM: &str =
    "FROM python:3.12-slim-trixie\r\nCOPY . /app\r\nCMD [\"python\", \"/app/main.py\"]";

#[test]
fn fix_applies_unsafe_fixes_only_when_asked_and_keeps_line_endings() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Dockerfile");
    fs::write(&path, FULL).unwrap();
    let safe_only = fromlint(&["--fix"], dir.path());
    assert_eq!(safe_only.status.code(), Some(1));
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        FULL,
        "an unsafe fix needs --unsafe-fixes"
    );

    let out = fromlint(&["--fix", "--unsafe-fixes"], dir.path());
    assert_eq!(out.status.code(), Some(1), "missing-digest remains");
    assert_eq!(fs::read_to_string(&path).unwrap(), SLIM);
    assert!(text(&out.stdout).contains("Fixed 1 problem"));

    let again = fromlint(&["--fix", "--unsafe-fixes"], dir.path());
    assert_eq!(fs::read_to_string(&path).unwrap(), SLIM);
    assert!(
        !text(&again.stdout).contains("Fixed"),
        "fixing twice changes nothing"
    );
}

#[test]
fn diff_shows_the_change_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Dockerfile");
    fs::write(&path, FULL).unwrap();
    let out = fromlint(&["--diff", "--unsafe-fixes"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let diff = text(&out.stdout);
    assert!(
        diff.contains("--- a/Dockerfile") && diff.contains("+FROM python:3.12-slim-trixie"),
        "{diff}"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), FULL);
    fs::write(&path, CLEAN).unwrap();
    assert_eq!(
        fromlint(&["--diff", "--unsafe-fixes"], dir.path())
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn fix_writes_through_symlinks_and_refuses_read_only_files() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.Dockerfile");
    fs::write(&real, FULL).unwrap();
    std::os::unix::fs::symlink(&real, dir.path().join("link.Dockerfile")).unwrap();
    let locked = dir.path().join("locked.Dockerfile");
    fs::write(&locked, FULL).unwrap();
    let mut permissions = fs::metadata(&locked).unwrap().permissions();
    permissions.set_readonly(true);
    fs::set_permissions(&locked, permissions).unwrap();

    let out = fromlint(
        &[
            "--fix",
            "--unsafe-fixes",
            "locked.Dockerfile",
            "link.Dockerfile",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("locked.Dockerfile: the file is read-only"));
    assert_eq!(
        fs::read_to_string(&locked).unwrap(),
        FULL,
        "left byte for byte"
    );
    assert!(
        fs::symlink_metadata(dir.path().join("link.Dockerfile"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        fs::read_to_string(&real)
            .unwrap()
            .starts_with("FROM python:3.12-slim")
    );
}

#[test]
fn fix_on_stdin_prints_the_fixed_text() {
    let out = with_stdin(&["--fix", "--unsafe-fixes", "-"], FULL.as_bytes());
    assert_eq!(text(&out.stdout), SLIM);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn empty_and_comment_only_files_are_clean() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("empty.Dockerfile"), "").unwrap();
    fs::write(
        dir.path().join("comments.Dockerfile"),
        "# syntax=docker/dockerfile:1\n# nothing yet\n\n",
    )
    .unwrap();
    let out = fromlint(&["empty.Dockerfile", "comments.Dockerfile"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
}

#[test]
fn a_directory_named_as_a_path_is_searched() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("Dockerfile.d")).unwrap();
    fs::write(dir.path().join("Dockerfile.d/Dockerfile"), "FROM python\n").unwrap();
    let out = fromlint(&["Dockerfile.d"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("untagged-image"));
}

#[test]
fn image_explains_a_reference() {
    let dir = tempfile::tempdir().unwrap();
    let out = fromlint(&["image", "python:3.12"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let text = text(&out.stdout);
    assert!(text.contains("debian trixie"), "{text}");
    assert!(text.contains("python:3.12-slim-trixie"), "{text}");
    let out = fromlint(
        &["image", "--format", "json", "node:24-alpine3.24"],
        dir.path(),
    );
    let value = json(&out);
    assert_eq!(value["libc"], "musl");
    assert_eq!(value["distro"], "alpine 3.24");
}

#[test]
fn version_names_the_knowledge_date() {
    let dir = tempfile::tempdir().unwrap();
    let out = fromlint(&["--version"], dir.path());
    assert!(text(&out.stdout).contains(fromlint::knowledge::CHECKED));
}
