//! The default command: collect files, lint them in parallel, print the
//! findings and choose the exit code.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{Cli, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, Format, print};
use crate::check::{check_source, check_with_context};
use crate::input::{self, InputError};
use crate::lints::Settings;
use crate::report::{self, FileReport};

/// Something to lint: a file on disk or standard input.
enum Target {
    File(PathBuf),
    Stdin,
}

/// Lints the paths on the command line and prints the findings.
pub(super) fn run(cli: &Cli) -> i32 {
    let mut failed = false;
    let mut targets = Vec::new();
    let paths = if cli.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        cli.paths.clone()
    };
    for path in paths {
        if path.as_os_str() == "-" {
            targets.push(Target::Stdin);
        } else if path.is_dir() {
            match input::discover(&path) {
                Ok(found) => targets.extend(found.into_iter().map(Target::File)),
                Err(error) => {
                    eprintln!("fromlint: error: {}: {error}", path.display());
                    failed = true;
                }
            }
        } else {
            targets.push(Target::File(path));
        }
    }

    let settings = Settings::default();
    let results = lint_all(&targets, cli.stdin_filename.as_deref(), &settings);
    let mut reports = Vec::new();
    for result in results {
        match result {
            Ok(report) => reports.push(report),
            Err((path, error)) => {
                eprintln!("fromlint: error: {path}: {error}");
                failed = true;
            }
        }
    }

    let output = match cli.format {
        Format::Json => report::json::render(&reports),
        Format::Human => human_output(&reports),
    };
    let printed = print(&output);
    let findings = reports.iter().any(|r| !r.diagnostics.is_empty());
    if failed || printed != EXIT_CLEAN {
        EXIT_ERROR
    } else if findings {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

fn human_output(reports: &[FileReport]) -> String {
    let color = std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let width = terminal_width();
    let mut out: String = reports
        .iter()
        .map(|r| report::human::render(r, color, width))
        .collect();
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

type Outcome = Result<FileReport, (String, InputError)>;

/// Lints every target, in parallel for files, keeping the input order.
fn lint_all(targets: &[Target], stdin_name: Option<&str>, settings: &Settings) -> Vec<Outcome> {
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
                        done.push((i, lint_target(target, stdin_name, settings)));
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

fn lint_target(target: &Target, stdin_name: Option<&str>, settings: &Settings) -> Outcome {
    let (path, source, dockerfile) = match target {
        Target::File(path) => {
            let shown = display_path(path);
            let source = input::read(path).map_err(|e| (shown.clone(), e))?;
            (shown, source, Some(path.as_path()))
        }
        Target::Stdin => {
            let name = stdin_name.unwrap_or("-").to_string();
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| (name.clone(), InputError::Io(e)))?;
            let source = input::decode(bytes).map_err(|e| (name.clone(), e))?;
            (name, source, None)
        }
    };
    let diagnostics = match dockerfile {
        Some(file) => check_with_context(&source, settings, &input::context_reader(file)),
        None => check_source(&source, settings),
    };
    Ok(FileReport {
        path,
        source,
        diagnostics,
    })
}

/// Paths as the user gave them, without a leading `./`.
fn display_path(path: &Path) -> String {
    let shown = path.strip_prefix(".").unwrap_or(path);
    shown.display().to_string()
}
