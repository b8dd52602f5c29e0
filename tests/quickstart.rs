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
/// it names exists, and the seven formats are the CLI's.
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
        "JSON",
        "SARIF",
        "GNU",
        "GitHub",
        "Checkstyle",
        "GitLab",
    ];
    assert!(release.contains("Seven output formats"));
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
