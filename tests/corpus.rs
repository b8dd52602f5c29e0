//! Robustness on real files: every Dockerfile of the shared corpus (when it
//! is present beside the repository) lints without a panic and without a
//! single parse error, since all of them build with BuildKit.

use std::fs;
use std::path::Path;

use fromlint::check::check_source;
use fromlint::lints::Settings;

#[test]
fn corpus_lints_without_parse_errors() {
    let dir = Path::new("../shared/corpus/files");
    let Ok(entries) = fs::read_dir(dir) else {
        eprintln!("corpus not found at {}; skipping", dir.display());
        return;
    };
    let mut files = 0;
    let mut failures = Vec::new();
    for entry in entries {
        let path = entry.unwrap().path();
        let source = fs::read_to_string(&path).unwrap();
        let errors: Vec<String> = check_source(&source, &Settings::default())
            .into_iter()
            .filter(|d| d.lint == "parse-error")
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
