//! Snapshot tests: every `fixtures/<lint-id>/<case>.Dockerfile` is linted
//! (with the settings of `<case>.toml`, a fromlint configuration file, when
//! there is one) and that lint's findings are compared with `<case>.out` (the
//! human rendering, empty when the lint must stay quiet) and, when they
//! carry fixes, with `<case>.fixed`. `# expect: <lint-id>` comments above an instruction say
//! which instructions must be flagged, so a careless re-bless cannot record a
//! false positive. `BLESS=1 cargo test` rewrites the expected files.
//!
//! Each case is its own test (libtest-mimic; `harness = false` in
//! Cargo.toml), named after its file, so a failure names its case and one
//! case runs alone: `cargo test --test fixtures -- latest-tag/arg-default`.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use fromlint::check::check_with_context;
use fromlint::config::settings_from_toml;
use fromlint::date::Date;
use fromlint::diagnostic::{Applicability, Diagnostic};
use fromlint::lints::{self, Lint, Settings};
use fromlint::report::{FileReport, human};
use fromlint::syntax;
use libtest_mimic::{Arguments, Failed, Trial};

fn fixture_cases() -> Vec<(PathBuf, &'static Lint)> {
    let mut cases = Vec::new();
    for dir in fs::read_dir("fixtures").expect("fixtures/ exists") {
        let dir = dir.unwrap().path();
        let id = dir.file_name().unwrap().to_str().unwrap().to_string();
        let lint =
            lints::by_id(&id).unwrap_or_else(|| panic!("fixtures/{id}: no lint with that id"));
        for file in fs::read_dir(&dir).unwrap() {
            let path = file.unwrap().path();
            if path.extension().is_some_and(|e| e == "Dockerfile") {
                cases.push((path, lint));
            }
        }
    }
    cases.sort_by(|a, b| a.0.cmp(&b.0));
    cases
}

/// The findings of `lint` when `source` is linted with `settings`, reading
/// build-context files beside the fixture.
fn findings_of(lint: &Lint, path: &Path, source: &str, settings: &Settings) -> Vec<Diagnostic> {
    check_with_context(source, settings, &fromlint::input::context_reader(path))
        .into_iter()
        .filter(|d| d.lint() == lint.id)
        .collect()
}

/// 1-based lines of instructions preceded by `# expect: <id>`.
fn expected_lines(source: &str, id: &str) -> BTreeSet<usize> {
    let file = syntax::parse(source);
    let marker = format!("expect: {id}");
    let annotated: BTreeSet<usize> = file
        .comments
        .iter()
        .filter(|c| c.text(source).split(';').any(|part| part.trim() == marker))
        .map(|c| c.line as usize + 1)
        .collect();
    file.instructions
        .iter()
        .filter(|i| {
            let mut line = i.start_line as usize - 1;
            while line >= 1 && file.comments.iter().any(|c| c.line as usize + 1 == line) {
                if annotated.contains(&line) {
                    return true;
                }
                line -= 1;
            }
            false
        })
        .map(|i| i.start_line as usize)
        .collect()
}

/// 1-based first lines of the instructions the findings are in; a finding
/// in the comments above an instruction (a pragma) counts for that one.
fn flagged_lines(source: &str, diagnostics: &[Diagnostic]) -> BTreeSet<usize> {
    let file = syntax::parse(source);
    diagnostics
        .iter()
        .map(|d| {
            file.instructions
                .iter()
                .find(|i| d.span().start() <= i.span.end())
                .filter(|i| {
                    let line_start = source[..d.span().start()].rfind('\n').map_or(0, |n| n + 1);
                    let between = &source[line_start.min(i.span.start())..i.span.start()];
                    let whole_lines = &between[..between.rfind('\n').map_or(0, |n| n + 1)];
                    i.span.start() <= d.span().start()
                        || whole_lines.lines().all(|l| l.trim_start().starts_with('#'))
                })
                .map_or(0, |i| i.start_line as usize)
        })
        .collect()
}

fn compare(path: &Path, actual: &str, failures: &mut Vec<String>) {
    let bless = std::env::var_os("BLESS").is_some();
    match fs::read_to_string(path) {
        Ok(expected) if expected == actual => {}
        _ if bless => fs::write(path, actual).unwrap(),
        Ok(expected) => failures.push(format!(
            "{} differs\n--- expected\n{expected}\n--- actual\n{actual}",
            path.display()
        )),
        Err(_) => failures.push(format!(
            "{} is missing (run with BLESS=1 to create it)",
            path.display()
        )),
    }
}

fn main() {
    let args = Arguments::from_args();
    let cases = fixture_cases();
    assert!(!cases.is_empty(), "no fixtures found");
    // Lints that run an external program are skipped, loudly, where it is
    // not installed (CI installs it: .ci/run).
    let missing = |program: &str| match program {
        "shellcheck" => fromlint::shellcheck::version().is_err(),
        _ => false,
    };
    let mut said = BTreeSet::new();
    let trials = cases
        .into_iter()
        .map(|(path, lint)| {
            let name = format!(
                "fixtures/{}/{}",
                lint.id,
                path.file_name().unwrap().to_str().unwrap()
            );
            let skip = lint.external.filter(|p| missing(p));
            if let Some(program) = skip
                && said.insert(program)
            {
                assert!(
                    std::env::var_os("FROMLINT_REQUIRE_SHELLCHECK").is_none(),
                    "FROMLINT_REQUIRE_SHELLCHECK is set but `{program}` cannot run"
                );
                eprintln!(
                    "SKIPPED: the fixtures of `{}` need `{program}` on PATH, which is not installed",
                    lint.id
                );
            }
            Trial::test(name.clone(), move || check_case(&name, &path, lint))
                .with_ignored_flag(skip.is_some())
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}

/// One fixture case: its `# expect` lines, its `.out` snapshot and, when
/// its findings carry fixes, its `.fixed` text.
fn check_case(name: &str, path: &Path, lint: &'static Lint) -> Result<(), Failed> {
    let mut failures = Vec::new();
    let source = fs::read_to_string(path).map_err(|e| format!("{name}: {e}"))?;
    let mut settings = match fs::read_to_string(path.with_extension("toml")) {
        Ok(text) => {
            settings_from_toml(&text).map_err(|e| format!("{name}: bad configuration: {e}"))?
        }
        Err(_) => Settings::default(),
    };
    // Lints that run an external program are never in the defaults.
    if !settings.runs(lint.id) && lint.external.is_some() {
        settings.lints.push(lint);
    }
    // End-of-life dates are judged against a fixed day, so fixtures do
    // not change as time passes.
    settings.today = Date::parse("2026-11-23").expect("valid date");
    let diagnostics = findings_of(lint, path, &source, &settings);

    let expected = expected_lines(&source, lint.id);
    let flagged = flagged_lines(&source, &diagnostics);
    if expected != flagged {
        failures.push(format!(
            "{name}: `# expect` lines {expected:?}, flagged lines {flagged:?}"
        ));
    }

    let report = FileReport {
        path: name.to_string(),
        source: source.clone(),
        diagnostics: diagnostics.clone(),
    };
    compare(
        &path.with_extension("out"),
        &human::render(&report, false, 80),
        &mut failures,
    );

    let fixed_path = path.with_extension("fixed");
    let (fixed, applied) = fromlint::fix::apply(&source, &diagnostics, Applicability::DisplayOnly);
    if applied == 0 {
        if fixed_path.exists() {
            failures.push(format!("{name}: a .fixed file but no fix"));
        }
    } else {
        compare(&fixed_path, &fixed, &mut failures);
        check_fixed(
            name,
            &source,
            &fixed,
            (lint, &settings),
            &diagnostics,
            &mut failures,
        );
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n\n").into())
    }
}

/// The fixed text parses as well as the original, and applicable (safe or
/// unsafe) fixes do not leave the finding behind or change on a second run.
fn check_fixed(
    name: &str,
    source: &str,
    fixed: &str,
    (lint, settings): (&'static Lint, &Settings),
    before: &[Diagnostic],
    failures: &mut Vec<String>,
) {
    let errors = |text: &str| syntax::parse(text).errors.len();
    if errors(fixed) > errors(source) {
        failures.push(format!("{name}: the fixed text has new parse errors"));
    }
    let (applied_text, applied) = fromlint::fix::apply(source, before, Applicability::Unsafe);
    if applied == 0 {
        return;
    }
    let after = findings_of(lint, Path::new("fixtures"), &applied_text, settings);
    let fixable_after = after
        .iter()
        .filter(|d| {
            d.fix()
                .as_ref()
                .is_some_and(|f| f.applicability >= Applicability::Unsafe)
        })
        .count();
    if fixable_after > 0 {
        failures.push(format!(
            "{name}: re-linting the fixed text still offers {fixable_after} fix(es)"
        ));
    }
    let (again, _) = fromlint::fix::apply(&applied_text, &after, Applicability::Unsafe);
    if again != applied_text {
        failures.push(format!("{name}: fixing twice is not idempotent"));
    }
}
