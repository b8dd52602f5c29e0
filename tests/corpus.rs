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
            .filter(|d| d.lint == "parse-error" && d.label.as_deref() != Some("invalid reference"))
            .map(|d| d.message)
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
