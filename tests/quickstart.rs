//! The first ten minutes of a new user: the build profiles the Quick start
//! and the shipped binaries use, the README's sample output, and version
//! strings in the docs kept in step with Cargo.toml.

use std::fs;

fn read(path: &str) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn manifest() -> toml::Table {
    read("Cargo.toml").parse().expect("Cargo.toml is TOML")
}

/// `release` compiles quickly (no fat LTO, default codegen units), `dist`
/// is the optimised, stripped profile for shipped binaries; both unwind.
#[test]
fn release_builds_fast_and_dist_is_for_shipping() {
    let manifest = manifest();
    let profiles = manifest["profile"].as_table().expect("[profile.*]");
    let release = profiles["release"].as_table().expect("[profile.release]");
    assert!(
        !matches!(release.get("lto"), Some(toml::Value::Boolean(true)))
            && !matches!(release.get("lto"), Some(toml::Value::String(s)) if s == "fat" || s == "thin"),
        "the release profile must not use LTO: {release:?}"
    );
    assert!(
        release.get("codegen-units").is_none(),
        "the release profile keeps the default codegen units"
    );
    assert_eq!(release["panic"].as_str(), Some("unwind"));

    let dist = profiles["dist"].as_table().expect("[profile.dist]");
    assert_eq!(dist["inherits"].as_str(), Some("release"));
    assert_eq!(dist["lto"].as_str(), Some("fat"));
    assert_eq!(dist["codegen-units"].as_integer(), Some(1));
    assert_eq!(dist["strip"].as_bool(), Some(true));
    assert_eq!(
        dist["panic"].as_str(),
        Some("unwind"),
        "see the comment in Cargo.toml"
    );
}

/// The static build, the container image and the wheel use `dist`.
#[test]
fn shipped_binaries_use_the_dist_profile() {
    let dockerfile = read("Dockerfile");
    assert!(
        dockerfile.contains("cargo build --profile dist --locked"),
        "{dockerfile}"
    );
    assert!(dockerfile.contains("target/dist/fromlint"), "{dockerfile}");
    let static_build = read("tests/release/static.sh");
    assert!(static_build.contains("--profile dist"), "{static_build}");
    assert!(!static_build.contains("--release"), "{static_build}");
}

/// The static build: when the musl target cannot be installed, it says it
/// skipped locally and fails under CI=true (a `rustup` stand-in that fails
/// takes the place of the real one).
#[test]
fn the_static_build_fails_under_ci_without_the_musl_target() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let rustup = dir.path().join("rustup");
    fs::write(&rustup, "#!/bin/sh\nexit 1\n").unwrap();
    fs::set_permissions(&rustup, fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!("{}:/usr/bin:/bin", dir.path().display());
    let run = |ci: &str| {
        std::process::Command::new("bash")
            .arg("tests/release/static.sh")
            .env("PATH", &path)
            .env("CI", ci)
            .output()
            .unwrap()
    };
    let local = run("");
    assert_eq!(local.status.code(), Some(0), "{local:?}");
    assert!(
        String::from_utf8_lossy(&local.stdout).contains("static: skipped"),
        "{local:?}"
    );
    let ci = run("true");
    assert_eq!(ci.status.code(), Some(1), "{ci:?}");
    assert!(
        String::from_utf8_lossy(&ci.stderr).contains("under CI=true this fails"),
        "{ci:?}"
    );
}

fn version() -> String {
    manifest()["package"]["version"]
        .as_str()
        .expect("package.version")
        .to_string()
}

/// Files whose snippets users copy.
const SNIPPET_FILES: [&str; 9] = [
    "README.md",
    "CHANGELOG.md",
    "docs/ci.md",
    "docs/getting-started.md",
    "action.yml",
    ".pre-commit-hooks.yaml",
    "pre-commit-mirror/.pre-commit-hooks.yaml",
    "pre-commit-mirror/pyproject.toml",
    "pre-commit-mirror/README.md",
];

/// Every `fromlint==X` pin and every "version = X" of the mirror is
/// Cargo.toml's version; no snippet names a release tag, since none is
/// tagged (`@v…`, `rev: v…`): they say how to pin a commit instead.
#[test]
fn version_strings_follow_cargo_toml_and_no_tag_is_promised() {
    let version = version();
    let mut pins = 0;
    for path in SNIPPET_FILES {
        let text = read(path);
        for (i, _) in text.match_indices("fromlint==") {
            let pinned: String = text[i + "fromlint==".len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '-')
                .collect();
            // `fromlint==$version` in action.yml is read from Cargo.toml.
            if text[i..].starts_with("fromlint==$version") {
                continue;
            }
            assert_eq!(pinned, version, "{path}: fromlint=={pinned}");
            pins += 1;
        }
        for promise in ["fromlint/fromlint@v", "rev: v", "fromlint-pre-commit@v"] {
            assert!(
                !text.contains(promise),
                "{path} promises a tag (`{promise}…`) that does not exist"
            );
        }
    }
    assert!(pins >= 3, "the docs and the mirror pin the wheel ({pins})");
    let mirror: toml::Table = read("pre-commit-mirror/pyproject.toml").parse().unwrap();
    assert_eq!(
        mirror["project"]["version"].as_str(),
        Some(version.as_str())
    );
    assert_eq!(
        mirror["project"]["dependencies"].as_array().unwrap()[0].as_str(),
        Some(format!("fromlint=={version}").as_str())
    );
    // The action reads its version from its own Cargo.toml.
    let action = read("action.yml");
    assert!(
        action.contains(r#"sed -n 's/^version = "\(.*\)"$/\1/p' "$GITHUB_ACTION_PATH/Cargo.toml""#),
        "{action}"
    );
    let changelog = read("CHANGELOG.md");
    assert!(
        changelog.contains(&format!("## {version} — unreleased")),
        "CHANGELOG.md names the version of Cargo.toml as unreleased"
    );
}

fn hooks(path: &str) -> Vec<serde_json::Value> {
    serde_saphyr::from_str(&read(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The wheel-based hook of the mirror is the `language: rust` hook with
/// another language: same id, entry, files and options.
#[test]
fn the_mirror_hook_is_the_rust_hook_installed_from_the_wheel() {
    let rust = hooks(".pre-commit-hooks.yaml");
    let python = hooks("pre-commit-mirror/.pre-commit-hooks.yaml");
    assert_eq!(rust.len(), 1);
    assert_eq!(python.len(), 1);
    let (mut rust, mut python) = (rust[0].clone(), python[0].clone());
    assert_eq!(rust["language"], "rust");
    assert_eq!(python["language"], "python");
    rust["language"] = serde_json::Value::Null;
    python["language"] = serde_json::Value::Null;
    assert_eq!(rust, python);
}

/// CHANGELOG.md describes what exists: the lint count it gives is the
/// registry's at least as of this release, every lint id and hadolint code
/// it names exists, and the eight formats are the CLI's.
#[test]
fn the_changelog_describes_what_exists() {
    let changelog = read("CHANGELOG.md");
    let release = changelog.split("\n## ").nth(1).expect("a release section");
    let count: usize = release
        .split(" lints (")
        .next()
        .and_then(|head| head.rsplit(['\n', ' ']).next())
        .and_then(|n| n.parse().ok())
        .expect("`N lints (` in the release section");
    assert!(
        count <= fromlint::lints::ALL.len() && count >= 25,
        "CHANGELOG.md says {count} lints; the registry has {}",
        fromlint::lints::ALL.len()
    );
    for (i, _) in release.match_indices("`DL") {
        let code = &release[i + 1..i + 7];
        assert!(
            fromlint::lints::ALL
                .iter()
                .any(|l| l.hadolint.contains(&code)),
            "CHANGELOG.md names {code}, which no lint honours"
        );
    }
    let formats = [
        "human",
        "concise",
        "JSON",
        "SARIF",
        "GNU",
        "GitHub",
        "Checkstyle",
        "GitLab",
    ];
    assert!(release.contains("Eight output formats"));
    for format in formats {
        assert!(release.contains(format), "{format}");
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_fromlint"))
        .args(["--format", "no-such-format"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let possible = stderr
        .split("possible values: ")
        .nth(1)
        .expect("clap lists the formats");
    assert_eq!(
        possible.lines().next().unwrap().split(", ").count(),
        formats.len(),
        "{possible}"
    );
}

/// Replaces the run time in a summary line (`Checked 1 file in 3ms:`).
fn without_time(text: &str) -> String {
    text.lines()
        .map(
            |line| match (line.strip_prefix("Checked "), line.split_once(" in ")) {
                (Some(_), Some((head, rest))) => match rest.split_once(':') {
                    Some((_, tail)) => format!("{head} in <time>:{tail}"),
                    None => line.to_string(),
                },
                _ => line.to_string(),
            },
        )
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every `<!-- output: ARGS -->` block of README.md is what `fromlint ARGS`
/// prints (at 80 columns, without colour, on the day the tests pin), but
/// for the run time of the summary line. `BLESS=1` rewrites the blocks.
#[test]
fn readme_sample_output_is_what_the_command_prints() {
    const MARK: &str = "<!-- output: fromlint ";
    let readme = read("README.md");
    let mut updated = String::new();
    let mut rest = readme.as_str();
    let mut failures = Vec::new();
    let mut samples = 0;
    while let Some(at) = rest.find(MARK) {
        let (before, from_mark) = rest.split_at(at);
        updated += before;
        let (mark_line, after_mark) = from_mark.split_once('\n').expect("a line");
        let args: Vec<&str> = mark_line[MARK.len()..]
            .trim_end_matches("-->")
            .split_whitespace()
            .collect();
        let body = after_mark
            .strip_prefix("```text\n")
            .unwrap_or_else(|| panic!("```text after {mark_line}"));
        let (shown, after_block) = body.split_once("```\n").expect("the block ends");
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_fromlint"))
            .args(&args)
            .env("NO_COLOR", "1")
            .env("COLUMNS", "80")
            .env("FROMLINT_TODAY", "2026-11-23")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}: findings, so exit 1");
        let printed = String::from_utf8(out.stdout).unwrap();
        if without_time(&printed) != without_time(shown) {
            failures.push(format!(
                "README.md: `fromlint {}` prints\n{printed}\nnot\n{shown}",
                args.join(" ")
            ));
        }
        updated += &format!("{mark_line}\n```text\n{printed}```\n");
        rest = after_block;
        samples += 1;
    }
    updated += rest;
    assert!(samples >= 2, "README.md has its sample outputs");
    if std::env::var_os("BLESS").is_some() {
        fs::write("README.md", updated).unwrap();
        return;
    }
    assert!(
        failures.is_empty(),
        "{} (BLESS=1 rewrites them)",
        failures.join("\n")
    );
    // The quick start's command is the last sample's, and the README says
    // what its exit status means.
    let quick_start = readme
        .split("## Quick start")
        .nth(1)
        .expect("a Quick start");
    assert!(
        quick_start
            .contains("cargo run --release -- fixtures/full-distro-base/python-full.Dockerfile")
    );
    assert!(
        quick_start
            .contains("<!-- output: fromlint fixtures/full-distro-base/python-full.Dockerfile -->")
    );
    assert!(quick_start.contains("exit status 1 means"), "{quick_start}");
}

fn fromlint(args: &[&str], dir: &std::path::Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_fromlint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("FROMLINT_TODAY", "2026-11-23")
        .output()
        .unwrap()
}

/// The README's completion and manual lines, run as written in a fresh
/// home directory with fromlint in a `bin` directory on PATH: the
/// directories are created, and `man` finds the page without MANPATH.
#[test]
fn readme_install_lines_work_in_a_fresh_home() {
    let readme = read("README.md");
    let block = readme
        .split("<!-- completions:start -->\n```sh\n")
        .nth(1)
        .and_then(|rest| rest.split("```\n<!-- completions:end -->").next())
        .expect("the completions block");
    let Some(man) = fromlint::prerequisite::find_program("man") else {
        fromlint::prerequisite::missing("the README's install lines", "man");
        return;
    };
    let home = tempfile::tempdir().unwrap();
    let bin = home.path().join(".cargo/bin");
    fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_fromlint"), bin.join("fromlint")).unwrap();
    // `man fromlint` only has to find the page here: `man -w` prints where.
    let script = block.replace("\nman fromlint\n", "\nman -w fromlint\n");
    assert_ne!(script, block, "the block ends with `man fromlint`");
    let out = std::process::Command::new("bash")
        .args(["-eo", "pipefail", "-c", &script])
        .env_clear()
        .env("HOME", home.path())
        .env(
            "PATH",
            format!(
                "{}:{}:/usr/bin:/bin",
                bin.display(),
                man.parent().unwrap().display()
            ),
        )
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{out:?}");
    let completion = home
        .path()
        .join(".local/share/bash-completion/completions/fromlint");
    assert!(
        read(completion.to_str().unwrap()).contains("_fromlint"),
        "the bash completion script was written"
    );
    let page = home.path().join(".cargo/share/man/man1/fromlint.1");
    assert!(page.is_file(), "{stdout}");
    assert!(
        stdout.trim_end().ends_with("share/man/man1/fromlint.1"),
        "man finds the page beside the binary's bin directory: {stdout}"
    );
}

/// Flags that cannot go together get one sentence saying which to drop,
/// not clap's usage error.
#[test]
fn conflicting_flags_say_which_to_drop() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("Dockerfile"), "FROM node:latest\n").unwrap();
    for (args, expected) in [
        (
            &["--statistics", "--diff"][..],
            "drop --diff to get the counts, or --statistics to get the diff",
        ),
        (
            &["--diff", "--fix"][..],
            "drop --diff to fix the files, or --fix to see the diff",
        ),
        (
            &["--config", "x.toml", "--isolated"][..],
            "drop --isolated to use that file, or --config to use none",
        ),
        (
            &["--statistics", "--format", "json"][..],
            "drop --format json (or use --format human), or drop --statistics to get the findings as json",
        ),
    ] {
        let out = fromlint(args, dir.path());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "one sentence: {stderr}");
        assert!(!stderr.contains("Usage:"), "{stderr}");
    }
}

/// `--format concise`: a line per finding with the fix marker, then the
/// summary; `--quiet` leaves the summary out.
#[test]
fn concise_format_prints_a_line_per_finding() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("Dockerfile"),
        "FROM python:3.12\nWORKDIR /app\nCOPY . .\nCMD [\"python\", \"app.py\"]\n",
    )
    .unwrap();
    let out = fromlint(&["--format", "concise", "Dockerfile"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    let (summary, findings) = lines.split_last().unwrap();
    assert!(summary.starts_with("Checked 1 file in "), "{stdout}");
    let json = fromlint(&["--format", "json", "Dockerfile"], dir.path());
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let diagnostics = doc["diagnostics"].as_array().unwrap();
    assert_eq!(findings.len(), diagnostics.len(), "{stdout}");
    for (line, d) in findings.iter().zip(diagnostics) {
        let safe = d["fix"]["applicability"] == "safe";
        let expected = format!(
            "Dockerfile:{}:{}: {}{} {}",
            d["range"]["start"]["line"],
            d["range"]["start"]["column"],
            d["lint"].as_str().unwrap(),
            if safe { " [*]" } else { "" },
            d["message"].as_str().unwrap()
        );
        assert_eq!(*line, expected);
    }
    let unsafe_marked = fromlint(
        &["--format", "concise", "--unsafe-fixes", "Dockerfile"],
        dir.path(),
    );
    let marked =
        |o: &std::process::Output| String::from_utf8_lossy(&o.stdout).matches("[*]").count();
    assert!(
        marked(&unsafe_marked) > marked(&out),
        "full-distro-base's unsafe fix is marked with --unsafe-fixes"
    );
    let quiet = fromlint(&["--format", "concise", "-q", "Dockerfile"], dir.path());
    assert_eq!(
        String::from_utf8_lossy(&quiet.stdout).lines().count(),
        findings.len()
    );
}
