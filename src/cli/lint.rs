//! The default command: collect files, lint them in parallel, print the
//! findings and choose the exit code.

use std::io::{IsTerminal, Read};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{Cli, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, Format, print};
use crate::check::check_with_context;
use crate::diagnostic::Applicability;
use crate::input::{self, InputError};
use crate::lints::Settings;
use crate::report::{self, FileReport};
use crate::{atomic, fix};

/// Something to lint: a file on disk or standard input.
enum Target {
    File(PathBuf),
    Stdin,
}

/// What to do with fixes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum FixMode {
    Report,
    Apply(Applicability),
    Diff(Applicability),
}

/// Lints the paths on the command line and prints the findings.
pub(super) fn run(cli: &Cli) -> i32 {
    let (targets, mut failed) = collect_targets(&cli.paths);
    if targets.is_empty() && !failed {
        eprintln!("fromlint: warning: no Dockerfiles found");
    }
    let min = if cli.unsafe_fixes {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    let mode = match (cli.fix, cli.diff) {
        (true, _) => FixMode::Apply(min),
        (_, true) => FixMode::Diff(min),
        _ => FixMode::Report,
    };

    let settings = Settings::default();
    let stdin_name = cli.stdin_filename.as_deref();
    let mut linted = Vec::new();
    for result in lint_all(&targets, stdin_name, &settings, mode) {
        match result {
            Ok(file) => linted.push(file),
            Err((path, error)) => {
                eprintln!("fromlint: error: {path}: {error}");
                failed = true;
            }
        }
    }

    let fixed: usize = linted.iter().map(|f| f.fixed).sum();
    let output: String = match mode {
        FixMode::Diff(_) => {
            eprintln!("Would fix {fixed} problem{}.", plural(fixed));
            linted.iter().map(|f| f.diff.as_str()).collect()
        }
        FixMode::Apply(_) if targets.iter().any(|t| matches!(t, Target::Stdin)) => {
            eprintln!("Fixed {fixed} problem{}.", plural(fixed));
            linted.iter().map(|f| f.report.source.as_str()).collect()
        }
        _ => {
            let reports: Vec<FileReport> = linted.into_iter().map(|f| f.report).collect();
            let findings = reports.iter().any(|r| !r.diagnostics.is_empty());
            let output = match cli.format {
                Format::Json => report::json::render(&reports),
                Format::Human => human_output(&reports, fixed),
            };
            return finish(print(&output), failed, findings);
        }
    };
    let changed = fixed > 0 && matches!(mode, FixMode::Diff(_));
    let remaining = matches!(mode, FixMode::Apply(_))
        && linted.iter().any(|f| !f.report.diagnostics.is_empty());
    finish(print(&output), failed, changed || remaining)
}

fn finish(printed: i32, failed: bool, findings: bool) -> i32 {
    if failed || printed != EXIT_CLEAN {
        EXIT_ERROR
    } else if findings {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// The files to lint; `-` is standard input.
fn collect_targets(paths: &[PathBuf]) -> (Vec<Target>, bool) {
    let (files, failed) = input::expand_paths(paths);
    let targets = files
        .into_iter()
        .map(|path| {
            if path.as_os_str() == "-" {
                Target::Stdin
            } else {
                Target::File(path)
            }
        })
        .collect();
    (targets, failed)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn human_output(reports: &[FileReport], fixed: usize) -> String {
    if reports.is_empty() {
        return String::new();
    }
    let color = std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let width = terminal_width();
    let mut out: String = reports
        .iter()
        .map(|r| report::human::render(r, color, width))
        .collect();
    if fixed > 0 {
        out += &format!("Fixed {fixed} problem{}. ", plural(fixed));
    }
    out += &report::human::summary(reports);
    out.push('\n');
    out
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100)
}

/// One linted file: what to report, and what fixing did to it.
struct Linted {
    /// Findings against the final text (`report.source`).
    report: FileReport,
    fixed: usize,
    /// A unified diff of the fixes, in `--diff` mode.
    diff: String,
}

/// Why a target could not be linted (or fixed).
type Failure = (String, Box<dyn std::fmt::Display + Send>);
type Outcome = Result<Linted, Failure>;

/// Lints every target, in parallel, keeping the input order.
fn lint_all(
    targets: &[Target],
    stdin_name: Option<&str>,
    settings: &Settings,
    mode: FixMode,
) -> Vec<Outcome> {
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(targets.len())
        .max(1);
    let mut slots: Vec<Option<Outcome>> = (0..targets.len()).map(|_| None).collect();
    let chunks: Vec<Vec<(usize, Outcome)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(target) = targets.get(i) else { break };
                        done.push((i, lint_target(target, stdin_name, settings, mode)));
                    }
                    done
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("lint worker panicked"))
            .collect()
    });
    for (i, outcome) in chunks.into_iter().flatten() {
        slots[i] = Some(outcome);
    }
    slots.into_iter().flatten().collect()
}

fn failure(path: &str, error: impl std::fmt::Display + Send + 'static) -> Failure {
    (path.to_string(), Box::new(error))
}

fn lint_target(
    target: &Target,
    stdin_name: Option<&str>,
    settings: &Settings,
    mode: FixMode,
) -> Outcome {
    let (path, source, dockerfile) = match target {
        Target::File(path) => {
            let shown = input::display_path(path);
            let source = input::read(path).map_err(|e| failure(&shown, e))?;
            (shown, source, Some(path.as_path()))
        }
        Target::Stdin => {
            let name = stdin_name.unwrap_or("-").to_string();
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| failure(&name, InputError::Io(e)))?;
            let source = input::decode(bytes).map_err(|e| failure(&name, e))?;
            (name, source, None)
        }
    };
    // Build-context files (requirements.txt…) are read relative to the Dockerfile.
    let no_context = |_: &str| None;
    let file_context = dockerfile.map(input::context_reader);
    let read: &dyn Fn(&str) -> Option<String> = match &file_context {
        Some(reader) => reader,
        None => &no_context,
    };
    let (FixMode::Apply(min) | FixMode::Diff(min)) = mode else {
        let diagnostics = check_with_context(&source, settings, read);
        return Ok(Linted {
            report: FileReport {
                path,
                source,
                diagnostics,
            },
            fixed: 0,
            diff: String::new(),
        });
    };
    let outcome = fix::fix_source(&source, settings, read, min).map_err(|e| failure(&path, e))?;
    let diff = match mode {
        FixMode::Diff(_) => crate::diff::unified(&path, &source, &outcome.text),
        _ => String::new(),
    };
    if let (FixMode::Apply(_), Target::File(file)) = (mode, target)
        && outcome.applied > 0
    {
        atomic::replace(file, &source, &outcome.text).map_err(|e| failure(&path, e))?;
    }
    Ok(Linted {
        report: FileReport {
            path,
            source: outcome.text,
            diagnostics: outcome.diagnostics,
        },
        fixed: outcome.applied,
        diff,
    })
}
