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
    with_stdin_in(Path::new("."), args, input)
}

/// Runs the binary in `dir` with `input` on standard input.
fn with_stdin_in(dir: &Path, args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fromlint"))
        .args(args)
        .current_dir(dir)
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
    assert_eq!(d["fix"]["edits"][0]["replacement"], "3.12-slim-trixie");
    assert_eq!(d["fix"]["edits"][0]["start"], 12);
    assert!(d["fix"]["title"].is_string());
    assert_eq!(d["label"], "final image base");
    assert!(d["labels"].as_array().unwrap().is_empty());
}

/// Secondary labels the human output shows are in the JSON too.
#[test]
fn json_output_has_the_secondary_labels() {
    let out = with_stdin(
        &["--format", "json", "-"],
        b"ARG TAG=latest\nFROM python:${TAG}\nCMD [\"python\", \"app.py\"]\n",
    );
    let doc = json(&out);
    let d = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["lint"] == "latest-tag")
        .expect("latest-tag reported");
    let label = &d["labels"][0];
    assert!(label["message"].is_string(), "{d}");
    assert_eq!(label["span"]["start"], 8);
    assert_eq!(label["range"]["start"]["line"], 1);
}

#[test]
fn human_output_without_a_terminal_has_no_colour() {
    let out = with_stdin(&["-"], b"FROM python:3.12\nCMD [\"python\", \"app.py\"]\n");
    let stdout = text(&out.stdout);
    assert!(!stdout.contains('\u{1b}'), "{stdout}");
    assert!(stdout.contains("full-distro-base"));
    assert!(stdout.contains("Checked 1 file in "), "{stdout}");
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

/// A scratch repository: `.git` marks its root for configuration lookup.
fn repo(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join(".git")).unwrap();
    for (path, body) in files {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, body).unwrap();
    }
    dir
}

fn lints_of(output: &Output) -> Vec<(String, String)> {
    json(output)["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["lint"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn configuration_is_found_per_directory_and_overridden_per_file() {
    let dir = repo(&[
        (
            "fromlint.toml",
            "ignore = [\"missing-digest\"]\n[severity]\nlatest-tag = \"error\"\n\n[[overrides]]\nfiles = [\"legacy/**\"]\nignore = [\"latest-tag\"]\n",
        ),
        ("Dockerfile", "FROM node:latest\n"),
        (
            "legacy/old/Dockerfile",
            "FROM node:latest\nCMD [\"node\", \"server.js\"]\n",
        ),
        ("team/.fromlint.toml", "select = [\"missing-digest\"]\n"),
        ("team/Dockerfile", "FROM node:24-slim\n"),
    ]);
    let out = fromlint(&["--format", "json"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let found = lints_of(&out);
    let has = |path: &str, lint: &str| found.contains(&(path.to_string(), lint.to_string()));
    assert!(has("Dockerfile", "latest-tag"));
    assert!(!has("legacy/old/Dockerfile", "latest-tag"), "{found:?}");
    assert!(
        has("legacy/old/Dockerfile", "full-distro-base"),
        "{found:?}"
    );
    assert!(
        has("team/Dockerfile", "missing-digest"),
        "nearest file wins"
    );
    assert_eq!(
        found.iter().filter(|(p, _)| p == "team/Dockerfile").count(),
        1
    );
    let severity = json(&out)["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["lint"] == "latest-tag")
        .unwrap()["severity"]
        .clone();
    assert_eq!(severity, "error");

    // --isolated ignores every file; --config picks one.
    let isolated = lints_of(&fromlint(
        &["--format", "json", "--isolated", "legacy"],
        dir.path(),
    ));
    assert!(
        isolated.iter().any(|(_, l)| l == "latest-tag"),
        "{isolated:?}"
    );
    let explicit = lints_of(&fromlint(
        &[
            "--format",
            "json",
            "--config",
            "team/.fromlint.toml",
            "Dockerfile",
        ],
        dir.path(),
    ));
    assert!(
        explicit.iter().all(|(_, l)| l == "missing-digest"),
        "{explicit:?}"
    );
}

#[test]
fn stdin_uses_the_configuration_of_its_name() {
    let dir = repo(&[("svc/fromlint.toml", "select = [\"latest-tag\"]\n")]);
    let out = with_stdin_in(
        dir.path(),
        &[
            "--format",
            "json",
            "--stdin-filename",
            "svc/Dockerfile",
            "-",
        ],
        b"FROM node:latest\n",
    );
    let found = lints_of(&out);
    assert_eq!(
        found,
        [("svc/Dockerfile".to_string(), "latest-tag".to_string())]
    );
}

#[test]
fn a_bad_configuration_is_an_error_with_its_location() {
    let dir = repo(&[
        (
            "fromlint.toml",
            "select = [\"latest-tag\"]\nignore = [\"lates-tag\"]\n",
        ),
        ("Dockerfile", "FROM node:latest\n"),
    ]);
    let out = fromlint(&[], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("unknown lint `lates-tag`"), "{stderr}");
    assert!(stderr.contains("fromlint.toml:2:11"), "{stderr}");
    assert!(text(&out.stdout).is_empty(), "nothing is linted");

    // Several mistakes: all of them in one run, each with its place and
    // a suggestion.
    let dir = repo(&[
        (
            "fromlint.toml",
            "selct = [\"latest-tag\"]\nignore = [\"lates-tag\"]\n[severity]\nfull-distro-bse = \"off\"\n",
        ),
        ("Dockerfile", "FROM node:latest\n"),
    ]);
    let out = fromlint(&[], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    for expected in [
        "unknown key `selct` (did you mean `select`?)",
        "[fromlint.toml:1:1]",
        "unknown lint `lates-tag` (did you mean `latest-tag`?)",
        "[fromlint.toml:2:11]",
        "unknown lint `full-distro-bse` (did you mean `full-distro-base`?)",
        "[fromlint.toml:4:1]",
        "3 mistakes in fromlint.toml",
    ] {
        assert!(stderr.contains(expected), "{expected}: {stderr}");
    }

    let dir = repo(&[
        (
            ".hadolint.yaml",
            "ignored:\n  - DL3007\nfailure_threshold: error\n",
        ),
        ("Dockerfile", "FROM node:latest\n"),
    ]);
    let out = fromlint(&[], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("failure_threshold"), "{stderr}");
    assert!(stderr.contains(".hadolint.yaml:3:1"), "{stderr}");
}

#[test]
fn hadolint_configuration_is_read_when_there_is_no_fromlint_one() {
    let dir = repo(&[
        (
            ".hadolint.yaml",
            "ignored: [DL3007, DL3008]\ntrustedRegistries:\n  - docker.io\nfailure-threshold: error\n",
        ),
        ("Dockerfile", "FROM node:latest\nFROM quay.io/a/b:1\n"),
    ]);
    let out = fromlint(&["--format", "json"], dir.path());
    let found = lints_of(&out);
    assert!(!found.iter().any(|(_, l)| l == "latest-tag"), "{found:?}");
    assert!(
        found.iter().any(|(_, l)| l == "untrusted-registry"),
        "{found:?}"
    );
    // untrusted-registry is an error: the threshold is met.
    assert_eq!(out.status.code(), Some(1));
    fs::write(
        dir.path().join("Dockerfile"),
        "FROM node:latest\nCMD [\"node\", \"server.js\"]\n",
    )
    .unwrap();
    let out = fromlint(&["--format", "json"], dir.path());
    assert!(!lints_of(&out).is_empty());
    assert_eq!(out.status.code(), Some(0), "warnings are below `error`");
}

#[test]
fn command_line_flags_beat_the_file() {
    let dir = repo(&[
        ("fromlint.toml", "failure-threshold = \"error\"\n"),
        (
            "Dockerfile",
            "# fromlint ignore=latest-tag\nFROM node:latest\nCMD [\"node\", \"server.js\"]\n",
        ),
    ]);
    let run = |args: &[&str]| fromlint(args, dir.path());
    assert_eq!(run(&[]).status.code(), Some(0), "only warnings and info");
    assert_eq!(
        run(&["--failure-threshold", "warning"]).status.code(),
        Some(1)
    );
    assert_eq!(
        run(&["--failure-threshold", "warning", "--exit-zero"])
            .status
            .code(),
        Some(0)
    );
    let selected = lints_of(&run(&["--format", "json", "--select", "latest-tag"]));
    assert!(
        selected.is_empty(),
        "the pragma suppresses it: {selected:?}"
    );
    let no_pragmas = lints_of(&run(&[
        "--format",
        "json",
        "--select",
        "latest-tag,unused-suppression",
        "--no-inline-config",
    ]));
    assert_eq!(no_pragmas.len(), 1);
    assert_eq!(no_pragmas[0].1, "latest-tag");
    let ignored = lints_of(&run(&[
        "--format",
        "json",
        "--ignore",
        "full-distro-base",
        "--ignore",
        "missing-digest,unused-suppression,runs-as-root",
    ]));
    assert!(ignored.is_empty(), "{ignored:?}");
    let bad = run(&["--select", "latest"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad.stderr).contains("did you mean `latest-tag`"));
}

#[test]
fn machine_formats_use_paths_relative_to_the_working_directory() {
    let dir = repo(&[("svc/Dockerfile", "FROM node:latest\n")]);
    let absolute = dir.path().join("svc/Dockerfile");
    let absolute = absolute.to_str().unwrap();
    let sarif = fromlint(&["--format", "sarif", absolute], dir.path());
    let doc = json(&sarif);
    let location = &doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "svc/Dockerfile");
    let gnu = text(&fromlint(&["--format", "gnu", "svc/Dockerfile"], dir.path()).stdout);
    assert!(gnu.starts_with("svc/Dockerfile:1:"), "{gnu}");
    let github = Command::new(env!("CARGO_BIN_EXE_fromlint"))
        .args([absolute])
        .current_dir(dir.path())
        .env("FROMLINT_FORMAT", "github")
        .output()
        .unwrap();
    assert!(text(&github.stdout).contains("::warning file=svc/Dockerfile,line=1,"));
}
