//! Hostile input against the real binary: files, names and editors that try
//! to crash, hang, leak or inject, and what fromlint does instead.

use std::fs;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn fromlint(args: &[&str], dir: &Path) -> Output {
    fromlint_env(args, dir, &[])
}

/// Every `--format`.
const FORMATS: [&str; 8] = [
    "human",
    "json",
    "sarif",
    "gnu",
    "github",
    "checkstyle",
    "gitlab",
    "concise",
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
    for format in ["human", "gnu", "github", "checkstyle", "concise"] {
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
    // The crash is asked for through a hook that only debug builds have.
    // `cargo test --release` builds this test and the binary it runs with
    // the same debug-assertions setting (no profile here overrides it), so
    // the test's own cfg says whether the binary has the hook.
    if !cfg!(debug_assertions) {
        eprintln!(
            "a_reporter_crash_on_one_file_keeps_the_others: skipped, a release build \
             has no FROMLINT_TEST_CRASH_REPORTER hook"
        );
        return;
    }
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

/// Runs the binary and kills it after 60 s: a hang fails the test instead
/// of blocking the suite.
fn fromlint_env(args: &[&str], dir: &Path, env: &[(&str, &str)]) -> Output {
    finish(spawn(args, dir, env, Stdio::null()), args)
}

fn spawn(args: &[&str], dir: &Path, env: &[(&str, &str)], stdin: Stdio) -> Child {
    let mut command = Command::new(env!("CARGO_BIN_EXE_fromlint"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("FROMLINT_FORMAT")
        .env("NO_COLOR", "1")
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in env {
        command.env(key, value);
    }
    command.spawn().expect("runs")
}

/// Waits for `child`, killing it after 60 s (see [`fromlint_env`]).
fn finish(mut child: Child, args: &[&str]) -> Output {
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            pipe.read_to_end(&mut bytes).unwrap();
            bytes
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("fromlint {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

/// Asserts that `output` has `needle` in it.
fn says(output: &str, needle: &str) {
    assert!(output.contains(needle), "{needle:?} not in:\n{output}");
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
}

#[cfg(unix)]
#[test]
fn symlinks_leaving_the_searched_tree_are_not_followed() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("config.json");
    fs::write(
        &secret,
        "{\"auths\": {\"r\": {\"auth\": \"c2VjcmV0OnRva2Vu\"}}}\n",
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join("app.Dockerfile"), "FROM python\n").unwrap();
    symlink(&secret, root.join("Dockerfile")).unwrap();
    symlink("/dev/zero", root.join("zero.Dockerfile")).unwrap();
    // Inside the tree: followed (its target is not a Dockerfile name, so
    // only the link finds it).
    fs::write(root.join("base.txt"), "FROM node\n").unwrap();
    symlink("base.txt", root.join("inside.Dockerfile")).unwrap();
    let out = fromlint_env(&["."], root, &[]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(
        !stdout.contains("c2VjcmV0") && !stderr.contains("c2VjcmV0"),
        "{stdout}{stderr}"
    );
    says(&stderr, "Dockerfile: not followed");
    says(&stderr, "zero.Dockerfile: not followed");
    assert!(stdout.contains("inside.Dockerfile"), "{stdout}");
    assert!(stdout.contains("app.Dockerfile"), "{stdout}");
    assert_eq!(out.status.code(), Some(1));
}

#[cfg(unix)]
#[test]
fn only_regular_files_are_read_and_never_past_the_cap() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    mkfifo(&root.join("fifo.Dockerfile"));
    symlink("/dev/zero", root.join("zero.Dockerfile")).unwrap();
    let big = fs::File::create(root.join("big.Dockerfile")).unwrap();
    big.set_len(65 << 20).unwrap();
    fs::write(root.join("ok.Dockerfile"), "FROM python\n").unwrap();
    // Named on the command line (the user's choice), each is an error that
    // says why; the good file is still linted.
    let out = fromlint_env(
        &[
            "fifo.Dockerfile",
            "zero.Dockerfile",
            "big.Dockerfile",
            "ok.Dockerfile",
        ],
        root,
        &[],
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    says(
        &stderr,
        "fifo.Dockerfile: not a regular file (it is a FIFO)",
    );
    says(
        &stderr,
        "zero.Dockerfile: not a regular file (it is a device)",
    );
    says(&stderr, "big.Dockerfile: larger than the limit of 64 MiB");
    assert!(text(&out.stdout).contains("ok.Dockerfile"));
}

/// A FIFO found by the directory search (not a symlink, so the symlink
/// rule does not stop it) is named as not a regular file without being
/// opened, so the run does not block on it; the other files are linted.
#[cfg(unix)]
#[test]
fn a_fifo_found_in_a_searched_directory_is_named_and_does_not_block() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir(root.join("d")).unwrap();
    mkfifo(&root.join("d/x.Dockerfile"));
    fs::write(root.join("d/ok.Dockerfile"), "FROM python\n").unwrap();
    let out = fromlint(&["--format", "gnu", "d"], root);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    says(&stderr, "d/x.Dockerfile: not a regular file (it is a FIFO)");
    says(&text(&out.stdout), "d/ok.Dockerfile:1:6:");
}

/// Standard input is read up to the 64 MiB cap and no further: 80 MiB piped
/// in is an error for `-` (exit 2), and the process stops reading, so the
/// writer's pipe breaks long before its end.
#[test]
fn standard_input_past_the_cap_is_an_error_and_not_read_to_its_end() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let mut child = spawn(&["-"], dir.path(), &[], Stdio::piped());
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let chunk = "RUN echo hello\n".repeat((1 << 20) / 15 + 1);
        let mut written = 0usize;
        while written < 80 << 20 && stdin.write_all(chunk.as_bytes()).is_ok() {
            written += chunk.len();
        }
        written
    });
    let out = finish(child, &["-"]);
    let written = writer.join().unwrap();
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    says(&stderr, "-: larger than the limit of 64 MiB");
    // At most the cap and a pipe's buffer were taken.
    assert!(written < 70 << 20, "{written} bytes of standard input read");
}

/// A `--config` over the 64 MiB cap is an error that names it; its size is
/// seen before anything is read (the file is sparse, 64 MiB + 1 byte).
#[test]
fn a_configuration_file_past_the_cap_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join("Dockerfile"), "FROM python\n").unwrap();
    let big = fs::File::create(root.join("big.toml")).unwrap();
    big.set_len((64 << 20) + 1).unwrap();
    let out = fromlint(&["--config", "big.toml", "Dockerfile"], root);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    says(&stderr, "big.toml: larger than the limit of 64 MiB");
    assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
}

/// `fromlint pin` reads Docker's `config.json` (here through
/// `DOCKER_CONFIG`) before anything else, network or not: a FIFO there
/// must not block the run and a file over the 64 MiB cap must not be read;
/// each is a warning that names the file, and the run goes on without
/// credentials.
#[cfg(unix)]
#[test]
fn a_docker_config_that_is_a_fifo_or_too_large_is_named_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join("Dockerfile"), "FROM scratch\n").unwrap();
    fs::create_dir(root.join("fifo")).unwrap();
    mkfifo(&root.join("fifo/config.json"));
    fs::create_dir(root.join("big")).unwrap();
    let big = fs::File::create(root.join("big/config.json")).unwrap();
    big.set_len((64 << 20) + 1).unwrap();
    for (config, why) in [
        ("fifo", "not a regular file (it is a FIFO)"),
        ("big", "larger than the limit of 64 MiB"),
    ] {
        let docker_config = root.join(config);
        let out = fromlint_env(
            &["pin", "--check", "Dockerfile"],
            root,
            &[("DOCKER_CONFIG", docker_config.to_str().unwrap())],
        );
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{config}: {stderr}");
        says(
            &stderr,
            &format!(
                "fromlint: warning: {}: {why}",
                docker_config.join("config.json").display()
            ),
        );
    }
}

#[cfg(unix)]
#[test]
fn configuration_files_are_regular_files_or_said_not_to_be() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir(root.join(".git")).unwrap();
    fs::write(root.join("Dockerfile"), "FROM python\n").unwrap();
    mkfifo(&root.join("fifo.toml"));
    let out = fromlint_env(&["--config", "fifo.toml", "Dockerfile"], root, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("not a regular file (it is a FIFO)"),
        "{}",
        text(&out.stderr)
    );
    // A fromlint.toml that is a directory, or a FIFO, is named and skipped.
    fs::create_dir(root.join("fromlint.toml")).unwrap();
    mkfifo(&root.join(".hadolint.yaml"));
    let out = fromlint_env(&["Dockerfile"], root, &[]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    says(&stderr, "fromlint.toml: ignored: it is a directory");
    says(&stderr, ".hadolint.yaml: ignored: it is a FIFO");
}

/// The 64 MiB cap alone lets a file hold 32 million two-byte lines, each
/// a few hundred bytes of model: past 1,000,000 lines a file is an error,
/// like a file past the size cap, checked before it is parsed; the other
/// files are still linted, and standard input is held to the same limit.
#[test]
fn a_file_of_more_than_a_million_lines_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let many = format!("FROM alpine:3.20\n{}", "#\n".repeat(1_000_000));
    fs::write(dir.path().join("many.Dockerfile"), &many).unwrap();
    fs::write(dir.path().join("ok.Dockerfile"), "FROM python\n").unwrap();
    let out = fromlint(
        &["--format", "concise", "many.Dockerfile", "ok.Dockerfile"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    says(
        &text(&out.stderr),
        "many.Dockerfile: more than the limit of 1,000,000 lines",
    );
    says(&text(&out.stdout), "ok.Dockerfile:1:6: untagged-image");
    // One line fewer is linted.
    let fewer = format!("FROM alpine:3.20\n{}", "#\n".repeat(999_999));
    fs::write(dir.path().join("many.Dockerfile"), fewer).unwrap();
    let out = fromlint(&["--format", "concise", "many.Dockerfile"], dir.path());
    assert_ne!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let mut child = spawn(&["-"], dir.path(), &[], Stdio::piped());
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(many.as_bytes()).unwrap();
    drop(stdin);
    let out = finish(child, &["-"]);
    assert_eq!(out.status.code(), Some(2));
    says(
        &text(&out.stderr),
        "-: more than the limit of 1,000,000 lines",
    );
}

#[test]
fn utf16_files_are_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain("FROM python\n".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    fs::write(dir.path().join("Dockerfile"), utf16).unwrap();
    let out = fromlint(&["Dockerfile"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("UTF-16; convert it to UTF-8"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn hidden_directories_are_searched_but_not_version_control() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for path in [
        ".devcontainer/Dockerfile",
        ".github/docker/Dockerfile",
        ".git/Dockerfile",
        ".hg/Dockerfile",
        "skipped/Dockerfile",
    ] {
        fs::create_dir_all(root.join(path).parent().unwrap()).unwrap();
        fs::write(root.join(path), "FROM python\n").unwrap();
    }
    fs::write(root.join(".gitignore"), "skipped/\n").unwrap();
    let out = fromlint(&["--format", "gnu", "."], root);
    let stdout = text(&out.stdout);
    let mut files: Vec<&str> = stdout
        .lines()
        .map(|l| l.split(':').next().unwrap())
        .collect();
    files.dedup();
    assert_eq!(
        files,
        [".devcontainer/Dockerfile", ".github/docker/Dockerfile"],
        "{stdout}"
    );
    let empty = tempfile::tempdir().unwrap();
    let out = fromlint(&["."], empty.path());
    assert!(
        text(&out.stderr).contains("no Dockerfiles found"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn fix_of_stdin_stands_alone_and_a_file_named_twice_is_fixed_once() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir(root.join("d")).unwrap();
    let original = "FROM python:3.12\nRUN apt-get update && apt-get install -y gcc\n";
    fs::write(root.join("d/Dockerfile"), original).unwrap();
    let out = fromlint(&["--fix", "-", "d/Dockerfile"], root);
    assert_eq!(out.status.code(), Some(2));
    says(&text(&out.stderr), "--fix with `-`");
    assert!(out.stdout.is_empty());
    assert_eq!(
        fs::read_to_string(root.join("d/Dockerfile")).unwrap(),
        original
    );

    let out = fromlint(&["--fix", "d", "d/Dockerfile"], root);
    let stderr = text(&out.stderr);
    assert!(!stderr.contains("changed on disk"), "{stderr}");
    assert_ne!(out.status.code(), Some(2), "{stderr}");
    let fixed = fs::read_to_string(root.join("d/Dockerfile")).unwrap();
    assert!(fixed.contains("rm -rf /var/lib/apt/lists/*"), "{fixed}");
    assert_eq!(fixed.matches("rm -rf").count(), 1, "{fixed}");
}

#[cfg(unix)]
#[test]
fn fix_refuses_hard_links_and_keeps_the_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let original = "FROM python:3.12\nRUN apt-get update && apt-get install -y gcc\n";
    fs::write(root.join("Dockerfile"), original).unwrap();
    fs::hard_link(root.join("Dockerfile"), root.join("copy")).unwrap();
    let out = fromlint(&["--fix", "Dockerfile"], root);
    assert_eq!(out.status.code(), Some(2));
    says(&text(&out.stderr), "2 hard links");
    assert_eq!(fs::read_to_string(root.join("copy")).unwrap(), original);
    fs::remove_file(root.join("copy")).unwrap();
    fs::set_permissions(root.join("Dockerfile"), fs::Permissions::from_mode(0o600)).unwrap();
    fromlint(&["--fix", "Dockerfile"], root);
    assert_ne!(
        fs::read_to_string(root.join("Dockerfile")).unwrap(),
        original
    );
    let mode = fs::metadata(root.join("Dockerfile"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    let names: Vec<_> = fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn nested_substitutions_are_expanded() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("Dockerfile"),
        "ARG a\nFROM ${a:-${b:-python:latest}}\n",
    )
    .unwrap();
    let out = fromlint(&["--format", "gnu", "--isolated", "Dockerfile"], dir.path());
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}{}", text(&out.stderr));
    says(&stdout, "Dockerfile:2:23: warning: `python:latest` follows");
    // `${a:+${a:+3.12}}` is `3.12` when `a` is set: pin reads the reference
    // (it failed as "`python:${a` is not a valid repository name") and says,
    // as for `${a:+3.12}`, that it does not edit such a substitution.
    fs::write(
        dir.path().join("Dockerfile"),
        "ARG a=1\nFROM python:${a:+${a:+3.12}}\n",
    )
    .unwrap();
    let out = fromlint(
        &[
            "pin",
            "--check",
            "--registry-mirror",
            "docker.io=http://127.0.0.1:9",
            "Dockerfile",
        ],
        dir.path(),
    );
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    says(
        &stdout,
        "Dockerfile:2:6: cannot pin `python:3.12`: the reference ends in a `${VAR:+word}` substitution",
    );
    assert!(!stderr.contains("error"), "{stderr}");
}

#[test]
fn thirty_thousand_allowed_images_work() {
    // One set of 30,000 patterns failed to compile, and the error blamed the
    // first (valid) pattern: "error building NFA".
    let dir = tempfile::tempdir().unwrap();
    let patterns: Vec<String> = (0..30_000)
        .map(|i| format!("\"registry.example/team-{i}/*:v*-slim\""))
        .collect();
    fs::write(
        dir.path().join("fromlint.toml"),
        format!("allowed-images = [{}]\n", patterns.join(", ")),
    )
    .unwrap();
    fs::write(
        dir.path().join("Dockerfile"),
        "FROM registry.example/team-29999/app:v1-slim\nFROM registry.example/other/app:v1-slim\n",
    )
    .unwrap();
    let out = fromlint(&["--format", "gnu", "Dockerfile"], dir.path());
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(!stderr.contains("error"), "{stderr}");
    says(
        &stdout,
        "Dockerfile:2:6: error: `registry.example/other/app:v1-slim` is not an allowed base image",
    );
    assert!(
        !stdout.contains("team-29999/app:v1-slim` is not an allowed"),
        "{stdout}"
    );
}
