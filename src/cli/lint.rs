//! The default command: collect files, lint them in parallel, print the
//! findings and choose the exit code.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use std::sync::Arc;

use super::{Cli, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, Format, print};
use crate::check::check_source;
use crate::config::{self, Resolved, Resolver};
use crate::input::{self, InputError};
use crate::lints::Settings;
use crate::report::{self, FileError, FileReport};

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

    let Some(resolved) = resolve_all(cli, &targets) else {
        return EXIT_ERROR;
    };
    let results = lint_all(&targets, cli.stdin_filename.as_deref(), &resolved);
    let mut reports = Vec::new();
    let mut errors = Vec::new();
    let mut fails = false;
    for (result, resolved) in results.into_iter().zip(&resolved) {
        match result {
            Ok(report) => {
                fails |= !resolved.exit_zero
                    && report
                        .diagnostics
                        .iter()
                        .any(|d| d.severity >= resolved.failure_threshold);
                reports.push(report);
            }
            Err((path, error)) => {
                eprintln!("fromlint: error: {path}: {error}");
                errors.push(FileError {
                    path,
                    message: error.to_string(),
                });
                failed = true;
            }
        }
    }

    let cwd = std::env::current_dir().ok();
    if matches!(cli.format, Format::Sarif | Format::Github | Format::Gitlab) {
        // These paths are resolved against the repository (the working directory).
        for report in &mut reports {
            report.path = relative_to(&report.path, cwd.as_deref());
        }
        for error in &mut errors {
            error.path = relative_to(&error.path, cwd.as_deref());
        }
    }
    let output = match cli.format {
        Format::Json => report::json::render(&reports),
        Format::Human => human_output(&reports),
        Format::Sarif => report::sarif::render(&reports, &errors, cwd.as_deref()),
        Format::Gnu => report::gnu::render(&reports),
        Format::Github => report::github::render(&reports),
        Format::Checkstyle => report::checkstyle::render(&reports),
        Format::Gitlab => report::gitlab::render(&reports),
    };
    let printed = print(&output);
    if failed || printed != EXIT_CLEAN {
        EXIT_ERROR
    } else if fails {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// The settings of every target, found before linting starts (each
/// directory is looked up once); `None` after printing a configuration error.
fn resolve_all(cli: &Cli, targets: &[Target]) -> Option<Vec<Arc<Resolved>>> {
    let options = config::Cli {
        select: cli.select.as_ref().map(|list| list.0.clone()),
        ignore: cli.ignore.iter().flat_map(|list| list.0.clone()).collect(),
        failure_threshold: cli.failure_threshold.map(|t| t.severity()),
        exit_zero: cli.exit_zero,
        no_inline_config: cli.no_inline_config,
    };
    let report = |error: config::ConfigError| {
        let color = std::io::stderr().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        eprint!("{}", error.render(color));
    };
    let mut resolver = match Resolver::new(options, cli.config.as_deref(), cli.isolated) {
        Ok(resolver) => resolver,
        Err(error) => {
            report(error);
            return None;
        }
    };
    let mut all = Vec::with_capacity(targets.len());
    for target in targets {
        let path = match target {
            Target::File(path) => path.clone(),
            Target::Stdin => PathBuf::from(cli.stdin_filename.as_deref().unwrap_or("-")),
        };
        match resolver.resolve(&path) {
            Ok(resolved) => all.push(resolved),
            Err(error) => {
                report(error);
                return None;
            }
        }
    }
    Some(all)
}

/// `path` relative to `cwd` when it is an absolute path inside it.
fn relative_to(path: &str, cwd: Option<&Path>) -> String {
    match cwd.and_then(|cwd| Path::new(path).strip_prefix(cwd).ok()) {
        Some(relative) => relative.display().to_string(),
        None => path.to_string(),
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

/// Lints every target with its settings, in parallel for files, keeping
/// the input order.
fn lint_all(
    targets: &[Target],
    stdin_name: Option<&str>,
    resolved: &[Arc<Resolved>],
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
                        let settings = &resolved[i].settings;
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
    let (path, source) = match target {
        Target::File(path) => {
            let shown = display_path(path);
            (shown.clone(), input::read(path).map_err(|e| (shown, e))?)
        }
        Target::Stdin => {
            let name = stdin_name.unwrap_or("-").to_string();
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| (name.clone(), InputError::Io(e)))?;
            (name.clone(), input::decode(bytes).map_err(|e| (name, e))?)
        }
    };
    let diagnostics = check_source(&source, settings);
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
