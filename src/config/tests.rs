use std::fs;

use super::*;

fn toml(text: &str) -> Result<Config, ConfigError> {
    Config::parse_toml(Path::new("fromlint.toml"), text, Path::new("/repo"))
}

fn ids(lints: &[&'static Lint]) -> Vec<&'static str> {
    lints.iter().map(|l| l.id).collect()
}

#[test]
fn reads_every_key() {
    let c = toml(
        r#"
select = ["untagged-image", "latest-tag", "missing-digest", "untrusted-registry"]
ignore = ["latest-tag"]
failure-threshold = "warning"
trusted-registries = ["docker.io", "*.gcr.io"]
allowed-images = ["python:*-slim*"]

[severity]
missing-digest = "warning"
untagged-image = "off"

[[overrides]]
files = ["legacy/**", "*.dev.Dockerfile"]
ignore = ["missing-digest"]
severity = { untrusted-registry = "info" }
"#,
    )
    .unwrap();
    assert_eq!(c.failure_threshold, Some(Severity::Warning));
    let base = c.settings(&[], None);
    assert_eq!(ids(&base.lints), ["missing-digest", "untrusted-registry"]);
    assert_eq!(base.severity(by("missing-digest")), Severity::Warning);
    assert!(
        base.trusted_registries
            .as_ref()
            .unwrap()
            .is_match("eu.gcr.io")
    );
    assert!(
        base.allowed_images
            .as_ref()
            .unwrap()
            .is_match("python:3.12-slim")
    );

    assert_eq!(
        c.matching_overrides(Path::new("/repo/legacy/a/Dockerfile")),
        [0]
    );
    assert_eq!(
        c.matching_overrides(Path::new("/repo/svc/api.dev.Dockerfile")),
        [0]
    );
    assert!(
        c.matching_overrides(Path::new("/repo/svc/Dockerfile"))
            .is_empty()
    );
    let legacy = c.settings(&[0], None);
    assert_eq!(ids(&legacy.lints), ["untrusted-registry"]);
    assert_eq!(legacy.severity(by("untrusted-registry")), Severity::Info);

    let cli = c.settings(&[], Some(&[by("latest-tag"), by("parse-error")]));
    assert_eq!(ids(&cli.lints), ["parse-error"], "file ignores still apply");
}

fn by(id: &str) -> &'static Lint {
    crate::lints::by_id(id).unwrap()
}

#[test]
fn mistakes_are_errors_with_their_location() {
    let cases = [
        (
            "selct = []\n",
            "fromlint.toml:1:1:",
            "unknown key `selct` (did you mean `select`?)",
        ),
        (
            "ignore = [\"latest-tag\", \"lates-tag\"]\n",
            "fromlint.toml:1:25:",
            "unknown lint `lates-tag`",
        ),
        (
            "[severity]\nlatest-tag = \"loud\"\n",
            "fromlint.toml:2:14:",
            "unknown severity `loud`",
        ),
        (
            "[severity]\nno-lint = \"off\"\n",
            "fromlint.toml:2:1:",
            "unknown lint `no-lint`",
        ),
        (
            "failure-threshold = \"off\"\n",
            "fromlint.toml:1:21:",
            "unknown failure threshold `off`",
        ),
        (
            "allowed-images = [\"python:[3\"]\n",
            "fromlint.toml:1:19:",
            "invalid glob `python:[3`",
        ),
        (
            "[[overrides]]\nfiles = []\n",
            "fromlint.toml:2:9:",
            "at least one glob",
        ),
        (
            "[[overrides]]\nfiles = [\"a/**\"]\nselect = []\n",
            "fromlint.toml:3:1:",
            "unknown key `select`",
        ),
        (
            "select = \"latest-tag\"\n",
            "fromlint.toml:1:10:",
            "invalid type",
        ),
    ];
    for (text, location, message) in cases {
        let error = toml(text).unwrap_err().to_string();
        assert!(error.starts_with(location), "{text:?}: {error}");
        assert!(error.contains(message), "{text:?}: {error}");
        assert_eq!(error.lines().count(), 1, "one mistake: {error}");
    }
}

#[test]
fn every_mistake_of_a_file_is_reported_at_once() {
    let text = "\
selct = [\"latest-tag\"]
ignore = [\"lates-tag\", \"missing-digest\", \"no-such-lint-at-all\"]
failure-threshold = \"loud\"
trusted-registries = \"docker.io\"

[severity]
latest-tga = \"error\"
full-distro-base = \"shout\"

[[overrides]]
files = [\"legacy/**\"]
ignroe = [\"latest-tag\"]

[[overrides]]
ignore = [\"latest-tag\"]
";
    let error = toml(text).unwrap_err();
    let lines: Vec<String> = error.to_string().lines().map(str::to_string).collect();
    let expected = [
        "fromlint.toml:1:1: unknown key `selct` (did you mean `select`?)",
        "fromlint.toml:2:11: unknown lint `lates-tag` (did you mean `latest-tag`?)",
        "fromlint.toml:2:42: unknown lint `no-such-lint-at-all`",
        "fromlint.toml:3:21: unknown failure threshold `loud`",
        "fromlint.toml:4:22: invalid type: `trusted-registries` takes an array of strings, not a string",
        "fromlint.toml:7:1: unknown lint `latest-tga` (did you mean `latest-tag`?)",
        "fromlint.toml:8:20: unknown severity `shout`",
        "fromlint.toml:12:1: unknown key `ignroe` (did you mean `ignore`?)",
        "fromlint.toml:14:1: `[[overrides]]` needs `files`",
    ];
    assert_eq!(lines, expected);
    let rendered = error.render(false);
    assert!(
        rendered.ends_with("9 mistakes in fromlint.toml\n"),
        "{rendered}"
    );
    assert_eq!(
        rendered.matches("fromlint::config").count(),
        9,
        "{rendered}"
    );

    // A syntax error comes alone: what the parser reports after it is
    // mostly its consequence.
    let error = toml("select = [\"latest-tag\"\nselct = 1\n").unwrap_err();
    assert_eq!(
        error.to_string(),
        "fromlint.toml:2:1: missing comma between array elements, expected `,`"
    );
}

#[test]
fn errors_render_the_source() {
    let error = toml("ignore = [\"lates-tag\"]\n").unwrap_err();
    let text = error.render(false);
    assert!(
        text.contains("unknown lint `lates-tag` (did you mean `latest-tag`?)\n"),
        "{text}"
    );
    assert!(text.contains("[fromlint.toml:1:11]"), "{text}");
    assert!(text.contains("1 │ ignore = [\"lates-tag\"]"), "{text}");
    assert!(text.contains("not a lint id"), "{text}");
}

#[test]
fn nearest_file_wins_up_to_the_repository_root() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    for sub in ["repo/.git", "repo/svc/deep", "repo/legacy", "repo/hl/x"] {
        fs::create_dir_all(dir.path().join(sub)).unwrap();
    }
    // Above the repository root: never read.
    fs::write(dir.path().join("fromlint.toml"), "bad key = 1\n").unwrap();
    fs::write(
        root.join("fromlint.toml"),
        "ignore = [\"missing-digest\"]\n",
    )
    .unwrap();
    fs::write(
        root.join("svc/.fromlint.toml"),
        "ignore = [\"latest-tag\"]\n",
    )
    .unwrap();
    fs::write(root.join("hl/.hadolint.yaml"), "ignored: [DL3007]\n").unwrap();
    let mut resolver = Resolver::new(Cli::default(), None, false).unwrap();
    let runs = |r: &Resolved, id: &str| r.settings.runs(id);

    let top = resolver.resolve(&root.join("Dockerfile")).unwrap();
    assert!(!runs(&top, "missing-digest") && runs(&top, "latest-tag"));
    let deep = resolver.resolve(&root.join("svc/deep/Dockerfile")).unwrap();
    assert!(runs(&deep, "missing-digest") && !runs(&deep, "latest-tag"));
    assert_eq!(
        deep.config.as_deref(),
        Some(root.join("svc/.fromlint.toml").as_path())
    );
    // A fromlint file anywhere up the walk beats a nearer hadolint file.
    let hl = resolver.resolve(&root.join("hl/x/Dockerfile")).unwrap();
    assert_eq!(
        hl.config.as_deref(),
        Some(root.join("fromlint.toml").as_path())
    );
    // The same directory and overrides give the very same settings.
    let again = resolver
        .resolve(&root.join("svc/deep/other.Dockerfile"))
        .unwrap();
    assert!(Arc::ptr_eq(&deep, &again));

    fs::remove_file(root.join("fromlint.toml")).unwrap();
    let mut resolver = Resolver::new(Cli::default(), None, false).unwrap();
    let hl = resolver.resolve(&root.join("hl/x/Dockerfile")).unwrap();
    assert!(!runs(&hl, "latest-tag"));
    let plain = resolver.resolve(&root.join("Dockerfile")).unwrap();
    assert!(plain.config.is_none() && runs(&plain, "missing-digest"));

    let mut isolated = Resolver::new(Cli::default(), None, true).unwrap();
    assert!(
        isolated
            .resolve(&root.join("svc/Dockerfile"))
            .unwrap()
            .config
            .is_none()
    );

    fs::write(root.join("svc/fromlint.toml"), "").unwrap();
    let mut resolver = Resolver::new(Cli::default(), None, false).unwrap();
    let error = resolver.resolve(&root.join("svc/Dockerfile")).unwrap_err();
    assert!(error.to_string().contains("keep one of them"), "{error}");
}

#[test]
fn the_command_line_beats_the_file() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join(".git")).unwrap();
    let config = dir.path().join("fromlint.toml");
    fs::write(
        &config,
        "select = [\"latest-tag\", \"missing-digest\"]\nfailure-threshold = \"error\"\n",
    )
    .unwrap();
    let cli = Cli {
        select: Some(vec![by("latest-tag"), by("untagged-image")]),
        ignore: vec![by("untagged-image")],
        failure_threshold: Some(Severity::Warning),
        exit_zero: true,
        no_inline_config: true,
        preview: false,
        shellcheck: false,
    };
    let mut resolver = Resolver::new(cli, Some(&config), false).unwrap();
    let r = resolver.resolve(Path::new("elsewhere/Dockerfile")).unwrap();
    assert_eq!(ids(&r.settings.lints), ["latest-tag"]);
    assert_eq!(r.failure_threshold, Severity::Warning);
    assert!(r.exit_zero && !r.settings.inline_config);
    let missing = Resolver::new(Cli::default(), Some(&dir.path().join("nope.toml")), false);
    assert!(missing.is_err());
}

#[test]
fn lint_lists_on_the_command_line() {
    assert_eq!(
        ids(&parse_lint_list("latest-tag, missing-digest").unwrap()),
        ["latest-tag", "missing-digest"]
    );
    assert_eq!(
        parse_lint_list("latest").unwrap_err(),
        "unknown lint `latest` (did you mean `latest-tag`?)"
    );
}

#[test]
fn parent_components_are_resolved_before_walking_up() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join(".git")).unwrap();
    fs::create_dir_all(root.join("sub")).unwrap();
    fs::write(
        root.join("sub/fromlint.toml"),
        "ignore = [\"latest-tag\"]\n",
    )
    .unwrap();
    let mut resolver = Resolver::new(Cli::default(), None, false).unwrap();
    let resolved = resolver.resolve(&root.join("sub/../Dockerfile")).unwrap();
    assert!(
        resolved.config.is_none(),
        "sub/ is not a parent of the file"
    );
}

#[test]
fn selectors_name_ids_aliases_groups_and_prefixes() {
    let names = |text: &str| ids(&parse_lint_list(text).unwrap());
    assert_eq!(names("DL3007"), ["latest-tag"]);
    assert_eq!(names("dl3007"), ["latest-tag"]);
    assert_eq!(names("MaintainerDeprecated"), ["maintainer-deprecated"]);
    assert_eq!(
        names("DL4003,DL4004"),
        ["multiple-instructions", "multiple-instructions"]
    );
    let prefix = names("DL30");
    assert!(prefix.contains(&"untagged-image") && prefix.contains(&"latest-tag"));
    assert!(!prefix.contains(&"maintainer-deprecated"));
    let style = names("style");
    assert!(style.contains(&"from-as-casing") && !style.contains(&"latest-tag"));
    // Every lint but those that run an external program (named by id only).
    assert_eq!(
        parse_lint_list("all").unwrap().len(),
        crate::lints::ALL.len() - 1
    );
    assert!(!names("all").contains(&"shellcheck"));
    assert!(!names("correctness").contains(&"shellcheck"));
    assert_eq!(names("shellcheck"), ["shellcheck"]);
    let default = names("default");
    assert!(default.contains(&"latest-tag") && !default.contains(&"cd-instead-of-workdir"));
    assert!(parse_lint_list("DL9").is_err());
    assert!(
        parse_lint_list("corectness")
            .unwrap_err()
            .contains("correctness")
    );
}

#[test]
fn opt_in_lints_run_only_when_selected() {
    let runs = |toml: &str, id: &str| settings_from_toml(toml).unwrap().runs(id);
    assert!(!runs("", "cd-instead-of-workdir"));
    assert!(runs(
        "select = [\"default\", \"DL3003\"]",
        "cd-instead-of-workdir"
    ));
    assert!(runs("select = [\"all\"]", "cd-instead-of-workdir"));
    assert!(!runs(
        "select = [\"all\"]\nignore = [\"style\"]",
        "consecutive-run"
    ));
}

#[test]
fn lint_options_are_typed() {
    let ok = settings_from_toml(
        "[lints.label-schema]\nrequired = { maintainer = \"email\" }\nstrict = true\n",
    )
    .unwrap();
    assert_eq!(ok.options.len(), 1);
    for bad in [
        "[lints.label-schema]\nrequird = {}\n",
        "[lints.label-schema]\nrequired = { a = \"colour\" }\n",
        "[lints.label-schema]\nstrict = \"yes\"\n",
        "[lints.latest-tag]\nx = 1\n",
        "[lints.nope]\n",
        "lints = 1\n",
    ] {
        assert!(settings_from_toml(bad).is_err(), "{bad}");
    }
}

#[test]
fn shellcheck_is_turned_on_by_its_key_or_flag_only() {
    let runs = |settings: &Settings| settings.runs("shellcheck");
    assert!(!runs(&settings_from_toml("select = [\"all\"]\n").unwrap()));
    assert!(runs(&settings_from_toml("shellcheck = true\n").unwrap()));
    assert!(runs(
        &settings_from_toml("select = [\"shellcheck\"]\n").unwrap()
    ));
    // The file's own `ignore` wins over its `shellcheck = true`.
    let both = "shellcheck = true\nignore = [\"shellcheck\"]\n";
    assert!(!runs(&settings_from_toml(both).unwrap()));
    // `--shellcheck` wins over the file.
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("fromlint.toml");
    std::fs::write(&config, both).unwrap();
    let cli = Cli {
        shellcheck: true,
        ..Cli::default()
    };
    let mut resolver = Resolver::new(cli, Some(&config), false).unwrap();
    let r = resolver.resolve(Path::new("Dockerfile")).unwrap();
    assert!(runs(&r.settings));
    let e = settings_from_toml("[lints.shellcheck]\ndisable = [\"DL3008\"]\n").unwrap_err();
    assert!(e.to_string().contains("not a ShellCheck code"), "{e}");
    assert!(
        settings_from_toml("[lints.shellcheck]\ndisable = [\"SC2086\", \"2154\"]\ntimeout = 5\n")
            .is_ok()
    );
}

#[test]
fn hadolint_ignored_shellcheck_codes_become_disabled() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(".hadolint.yaml");
    std::fs::write(&path, "ignored:\n  - SC2086\n  - DL3008\n").unwrap();
    let config = Config::read(&path).unwrap();
    assert!(config.options.iter().any(|(id, _)| *id == "shellcheck"));
    assert!(config.ignore.iter().any(|l| l.id == "apt-pin"));
}
