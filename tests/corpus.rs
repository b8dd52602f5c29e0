//! Robustness on real files: every Dockerfile of the shared corpus (when it
//! is present beside the repository) lints without a panic and without a
//! single parse error, since all of them build with BuildKit. Without the
//! corpus the tests are skipped, saying so, except under CI=true, where
//! they fail.

use std::fs;
use std::path::Path;

use fromlint::check::check_source;
use fromlint::lints::Settings;

#[test]
fn corpus_lints_without_parse_errors() {
    let dir = Path::new("../shared/corpus/files");
    let Ok(entries) = fs::read_dir(dir) else {
        fromlint::prerequisite::missing(
            "corpus_lints_without_parse_errors",
            &format!("the corpus at {}", dir.display()),
        );
        return;
    };
    let mut files = 0;
    let mut failures = Vec::new();
    for entry in entries {
        let path = entry.unwrap().path();
        let source = fs::read_to_string(&path).unwrap();
        let errors: Vec<String> = check_source(&source, &Settings::default())
            .into_iter()
            // Templates with a placeholder image (`FROM REPLACE-ME`) are
            // rightly reported as invalid references; they do not build
            // as written, but their syntax must still parse.
            .filter(|d| d.lint() == "parse-error" && d.label() != Some("invalid reference"))
            .map(|d| d.message().to_string())
            .collect();
        if !errors.is_empty() {
            failures.push(format!("{}: {}", path.display(), errors.join("; ")));
        }
        files += 1;
    }
    assert!(files > 3000, "only {files} corpus files read");
    assert!(
        failures.is_empty(),
        "{} files with parse errors:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// `--fix --unsafe-fixes` over a copy of the corpus: every file still parses
/// to the same instructions without new errors, and a second run changes
/// nothing.
#[test]
fn fixing_the_corpus_is_safe_and_idempotent() {
    let dir = Path::new("../shared/corpus/files");
    let Ok(entries) = fs::read_dir(dir) else {
        fromlint::prerequisite::missing(
            "fixing_the_corpus_is_safe_and_idempotent",
            &format!("the corpus at {}", dir.display()),
        );
        return;
    };
    let copy = tempfile::tempdir().unwrap();
    let mut originals = Vec::new();
    for entry in entries {
        let path = entry.unwrap().path();
        let target = copy.path().join(path.file_name().unwrap());
        fs::write(&target, fs::read(&path).unwrap()).unwrap(); // the corpus is read-only
        originals.push((target, fs::read_to_string(&path).unwrap()));
    }
    let paths: Vec<&Path> = originals.iter().map(|(p, _)| p.as_path()).collect();
    let run = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_fromlint"))
            .args(["--fix", "--unsafe-fixes", "--format", "json"])
            .args(&paths)
            .output()
            .unwrap()
    };
    let first = run();
    assert_ne!(
        first.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let mut changed = 0;
    let mut after_first = Vec::new();
    for (path, original) in &originals {
        let fixed = fs::read_to_string(path).unwrap();
        let (before, after) = (
            fromlint::syntax::parse(original),
            fromlint::syntax::parse(&fixed),
        );
        // Fixes keep every instruction; only `pipefail` adds one, a SHELL.
        let kept = |file: &fromlint::syntax::Dockerfile| {
            file.instructions
                .iter()
                .filter(|i| i.kind != fromlint::syntax::Keyword::Shell)
                .count()
        };
        assert_eq!(kept(&before), kept(&after), "{}", path.display());
        assert!(
            after.errors.len() <= before.errors.len(),
            "{}",
            path.display()
        );
        changed += usize::from(&fixed != original);
        after_first.push(fixed);
    }
    assert!(changed > 0, "the corpus has fixable findings");
    run();
    for ((path, _), fixed) in originals.iter().zip(&after_first) {
        assert_eq!(
            &fs::read_to_string(path).unwrap(),
            fixed,
            "second run changed {}",
            path.display()
        );
    }
}

/// No fix names a tag that does not exist: a deterministic sample of the
/// corpus (every 8th file by name) is fixed in-process with the unsafe
/// fixes, and `unknown-tag` (the knowledge's published-tags facts) finds
/// nothing in the fixed text that it did not find in the original.
#[test]
fn fixes_never_name_a_tag_that_does_not_exist() {
    use fromlint::diagnostic::Applicability;
    let dir = Path::new("../shared/corpus/files");
    let Ok(entries) = fs::read_dir(dir) else {
        fromlint::prerequisite::missing(
            "fixes_never_name_a_tag_that_does_not_exist",
            &format!("the corpus at {}", dir.display()),
        );
        return;
    };
    let mut paths: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
    paths.sort();
    let settings = Settings {
        today: fromlint::date::Date::parse("2026-11-23").unwrap(),
        ..Settings::default()
    };
    let only_unknown = Settings {
        lints: vec![fromlint::lints::by_id("unknown-tag").unwrap()],
        ..settings.clone()
    };
    let unknown = |text: &str| -> std::collections::BTreeSet<String> {
        check_source(text, &only_unknown)
            .into_iter()
            .map(|d| d.message().to_string())
            .collect()
    };
    let (mut checked, mut retagged) = (0, 0);
    let mut failures = Vec::new();
    for path in paths.iter().step_by(8) {
        let source = fs::read_to_string(path).unwrap();
        let Ok(outcome) =
            fromlint::fix::fix_source(&source, &settings, &|_| None, Applicability::Unsafe)
        else {
            continue;
        };
        checked += 1;
        let from_lines = |text: &str| -> Vec<String> {
            text.lines()
                .filter(|l| l.trim_start().to_ascii_uppercase().starts_with("FROM "))
                .map(str::to_string)
                .collect()
        };
        if from_lines(&outcome.text) == from_lines(&source) {
            continue;
        }
        retagged += 1;
        let before = unknown(&source);
        for message in unknown(&outcome.text).difference(&before) {
            failures.push(format!("{}: {message}", path.display()));
        }
    }
    assert!(checked > 400, "only {checked} corpus files fixed");
    assert!(retagged > 20, "only {retagged} files had a FROM line fixed");
    assert!(
        failures.is_empty(),
        "fixes that name tags that do not exist:\n{}",
        failures.join("\n")
    );
}
