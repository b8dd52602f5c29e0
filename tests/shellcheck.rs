//! The `shellcheck` lint end to end: with Debian's real `shellcheck` (the
//! tests that need it are skipped, with a message, where it is not
//! installed, unless `FROMLINT_REQUIRE_SHELLCHECK` is set, as `.ci/run`
//! does), and with stand-in programs on `PATH` that hang, flood or print
//! nonsense, to prove the subprocess is bounded.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use fromlint::check::check_source;
use fromlint::lints::{SHELLCHECK_LINT, Settings};

/// Whether the real shellcheck can be used; says so when it cannot.
fn real_shellcheck(test: &str) -> bool {
    match fromlint::shellcheck::version() {
        Ok(_) => true,
        Err(error) => {
            assert!(
                std::env::var_os("FROMLINT_REQUIRE_SHELLCHECK").is_none(),
                "{test}: FROMLINT_REQUIRE_SHELLCHECK is set but shellcheck cannot run: {error}"
            );
            eprintln!("SKIPPED {test}: `shellcheck` is not installed ({error})");
            false
        }
    }
}

fn fromlint(dir: &Path, path: Option<&str>, args: &[&str], stdin: &str) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_fromlint"));
    command.current_dir(dir).args(args);
    if let Some(path) = path {
        command.env("PATH", path);
    }
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    // fromlint may exit before reading its input (exit 2 when `shellcheck`
    // is missing): a broken pipe here is no failure.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `(line, column, end line, end column, code)` of each finding of the
/// JSON output.
fn positions(json: &str) -> Vec<(u64, u64, u64, u64, String)> {
    let document: serde_json::Value = serde_json::from_str(json).unwrap();
    document["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["lint"] == "shellcheck")
        .map(|d| {
            let range = &d["range"];
            (
                range["start"]["line"].as_u64().unwrap(),
                range["start"]["column"].as_u64().unwrap(),
                range["end"]["line"].as_u64().unwrap(),
                range["end"]["column"].as_u64().unwrap(),
                d["code"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

const MAPPED: &str = "FROM debian:bookworm-slim
ARG name=x
RUN echo \"$name\" && \\
    echo $one \\
\t  $two && \\
# a comment between continuation lines
    cd /tmp; echo é $three
RUN <<EOF
set -e
echo $four
EOF
";

#[test]
fn spans_map_to_the_exact_text_across_continuations_and_heredocs() {
    if !real_shellcheck("spans_map_…") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = fromlint(
        dir.path(),
        None,
        &[
            "--isolated",
            "--select",
            "shellcheck",
            "--format",
            "json",
            "-",
        ],
        MAPPED,
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let found = positions(&text(&out.stdout));
    let at = |line, column, end, code: &str| {
        let code = code.to_string();
        found
            .iter()
            .any(|f| (f.0, f.1, f.3, &f.4) == (line, column, end, &code) && f.2 == line)
    };
    // `$one` on line 4, `$two` after a tab on line 5, `$three` after a
    // comment line and a two-byte character on line 7, `$four` in the
    // heredoc: each unquoted, each unassigned.
    for (line, column, end) in [(4, 10, 14), (5, 4, 8), (7, 21, 27), (10, 6, 11)] {
        assert!(
            at(line, column, end, "SC2086"),
            "{line}:{column}: {found:?}"
        );
        assert!(
            at(line, column, end, "SC2154"),
            "{line}:{column}: {found:?}"
        );
    }
    // `cd /tmp;` unchecked.
    assert!(at(7, 5, 12, "SC2164"), "{found:?}");
    // The blanks the continuation joins, from line 4 to line 5.
    assert!(
        found.contains(&(4, 5, 5, 8, "SC2291".to_string())),
        "{found:?}"
    );
    // `$name` is an ARG of the stage: quoted and assigned, nothing said.
    assert!(!found.iter().any(|f| f.0 == 3), "{found:?}");
    assert_eq!(found.len(), 10, "{found:?}");
}

#[test]
fn codes_are_suppressed_one_by_one_and_reported_in_sarif() {
    if !real_shellcheck("codes_are_suppressed_…") {
        return;
    }
    let source = "FROM alpine:3.22
# fromlint ignore=SC2086
RUN echo $x
# hadolint ignore=SC2154,SC2086
RUN echo $y
RUN echo $z
";
    let mut settings = Settings::only(&[SHELLCHECK_LINT]);
    settings.today = fromlint::date::Date::parse("2026-11-23").unwrap();
    let found: Vec<(usize, String)> = check_source(source, &settings)
        .iter()
        .map(|d| {
            (
                source[..d.span().start()].lines().count(),
                d.code().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (3, "SC2154".to_string()),
            (6, "SC2154".to_string()),
            (6, "SC2086".to_string())
        ]
    );
    let dir = tempfile::tempdir().unwrap();
    let out = fromlint(
        dir.path(),
        None,
        &["--isolated", "--shellcheck", "--format", "sarif", "-"],
        source,
    );
    let sarif: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    let codes: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["ruleId"] == "shellcheck")
        .map(|r| r["properties"]["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["SC2154", "SC2154", "SC2086"]);
}

#[test]
fn configuration_disables_codes_and_hadolint_yaml_too() {
    if !real_shellcheck("configuration_disables_…") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let source = "FROM alpine:3.22\nRUN echo $x\n";
    fs::write(
        dir.path().join("fromlint.toml"),
        "shellcheck = true\nselect = [\"shellcheck\"]\n[lints.shellcheck]\ndisable = [\"SC2154\"]\n",
    )
    .unwrap();
    fs::write(dir.path().join("Dockerfile"), source).unwrap();
    let out = fromlint(dir.path(), None, &["--format", "concise", "Dockerfile"], "");
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("SC2086") && !stdout.contains("SC2154"),
        "{stdout}"
    );

    let yaml = tempfile::tempdir().unwrap();
    fs::write(yaml.path().join(".hadolint.yaml"), "ignored: [SC2086]\n").unwrap();
    fs::write(yaml.path().join("Dockerfile"), source).unwrap();
    let out = fromlint(
        yaml.path(),
        None,
        &[
            "--select",
            "shellcheck",
            "--format",
            "concise",
            "Dockerfile",
        ],
        "",
    );
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("SC2154") && !stdout.contains("SC2086"),
        "{stdout}"
    );
}

#[test]
fn hostile_scripts_never_panic_and_spans_stay_in_the_file() {
    if !real_shellcheck("hostile_scripts_…") {
        return;
    }
    let long = format!("FROM alpine\nRUN echo {}\n", "$x ".repeat(2_000));
    let cases = [
        "FROM alpine\nRUN echo \"unterminated $x\n",
        "FROM alpine\r\nRUN echo $x \\\r\n  $y\r\n",
        "FROM alpine\nRUN <<EOF\n",
        "FROM alpine\nRUN cat <<A <<B\nbody\nA\nB\n",
        "FROM alpine\nRUN echo \u{0}\u{7f}\u{202e} $ÿ é\u{1F600} $x\n",
        "FROM alpine\nRUN \\\n\\\n\\\n",
        "FROM alpine\nRUN bash <<EOF\n[[ $x == \nEOF\n",
        "FROM alpine\nRUN $(\n",
        long.as_str(),
    ];
    let settings = Settings::only(&[SHELLCHECK_LINT]);
    for source in cases {
        for d in check_source(source, &settings) {
            assert!(
                d.span().start() <= d.span().end()
                    && d.span().end() <= source.len()
                    && source.is_char_boundary(d.span().start())
                    && source.is_char_boundary(d.span().end()),
                "{source:?}: {d:?}"
            );
        }
    }
}

/// A directory holding a stand-in `shellcheck` that answers `--version`
/// like the real one and otherwise runs `body`.
fn stand_in(body: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shellcheck");
    let script = format!(
        "#!/bin/sh\nif [ \"$1\" = --version ]; then echo 'version: 0.9.0'; exit 0; fi\n{body}\n"
    );
    fs::write(&path, script).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

/// `PATH` with the stand-in first and the system's tools after it.
fn path_with(dir: &Path) -> String {
    format!("{}:/usr/bin:/bin", dir.display())
}

#[test]
fn a_missing_shellcheck_is_an_error_with_how_to_install_it() {
    let empty = tempfile::tempdir().unwrap();
    let out = fromlint(
        empty.path(),
        Some(&empty.path().display().to_string()),
        &["--isolated", "--shellcheck", "-"],
        "FROM alpine:3.22\nRUN echo $x\n",
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("needs the `shellcheck` program")
            && stderr.contains("apt-get install shellcheck"),
        "{stderr}"
    );
    // Without the lint asked for, nothing needs it.
    let out = fromlint(
        empty.path(),
        Some(&empty.path().display().to_string()),
        &["--isolated", "--select", "all", "-"],
        "FROM alpine:3.22\nRUN echo $x\n",
    );
    assert_ne!(out.status.code(), Some(2), "{}", text(&out.stderr));
}

#[test]
fn a_hanging_shellcheck_is_stopped_at_the_time_limit() {
    let fake = stand_in("exec sleep 60");
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("fromlint.toml"),
        "shellcheck = true\nselect = [\"shellcheck\"]\n[lints.shellcheck]\ntimeout = 1\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("Dockerfile"),
        "FROM alpine:3.22\nRUN echo hung\n",
    )
    .unwrap();
    let started = std::time::Instant::now();
    let out = fromlint(
        dir.path(),
        Some(&path_with(fake.path())),
        &["--format", "concise", "Dockerfile"],
        "",
    );
    // Generous: the limit is one second; a hang would be a minute.
    assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("not checked") && stdout.contains("did not finish within 1 s"),
        "{stdout}{}",
        text(&out.stderr)
    );
}

#[test]
fn flooding_or_garbled_output_is_a_finding_not_a_crash() {
    for (body, expected) in [
        (
            "cat >/dev/null; head -c 20000000 /dev/zero; exit 1",
            "more than 8 MiB",
        ),
        (
            "cat >/dev/null; echo '{not json'; exit 1",
            "unreadable output",
        ),
        (
            "cat >/dev/null; echo 'bad option' >&2; exit 4",
            "exit status 4: bad option",
        ),
        ("exit 0", "unreadable output"),
    ] {
        let fake = stand_in(body);
        let dir = tempfile::tempdir().unwrap();
        let out = fromlint(
            dir.path(),
            Some(&path_with(fake.path())),
            &[
                "--isolated",
                "--shellcheck",
                "--select",
                "shellcheck",
                "--format",
                "concise",
                "-",
            ],
            "FROM alpine:3.22\nRUN echo one\n",
        );
        let stdout = text(&out.stdout);
        assert!(
            stdout.contains("not checked") && stdout.contains(expected),
            "{body}: {stdout}{}",
            text(&out.stderr)
        );
        assert_eq!(out.status.code(), Some(1), "{body}");
    }
}
