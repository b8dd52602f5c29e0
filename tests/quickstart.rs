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
