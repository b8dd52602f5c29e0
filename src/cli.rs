//! The command line: argument parsing, file collection, parallel linting,
//! output and exit codes (0 clean, 1 findings, 2 errors).

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use clap::{Parser, Subcommand, ValueEnum};

use crate::check::check_source;
use crate::input::{self, InputError};
use crate::lints::{self, ALL};
use crate::report::{self, FileReport};

pub const EXIT_CLEAN: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_ERROR: i32 = 2;

#[derive(Parser)]
#[command(
    name = "fromlint",
    version,
    about = "A Dockerfile linter that knows base images",
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,

    /// Files or directories to lint (directories are searched for
    /// Dockerfiles, honouring .gitignore); `-` reads standard input.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human, env = "FROMLINT_FORMAT")]
    format: Format,

    /// The file name to show for standard input.
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// List every lint: id, default severity, fix, summary.
    Rules,
    /// Print the documentation of one lint.
    Rule {
        /// The lint id, e.g. `full-distro-base`.
        id: String,
    },
    /// Print the parse tree of a Dockerfile as BuildKit's parser reports it
    /// (for debugging and the differential test).
    Parse {
        #[arg(long, value_enum, default_value_t = ParseFormat::Json)]
        format: ParseFormat,
        file: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum ParseFormat {
    Json,
}

/// Runs the command line and returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() {
                EXIT_ERROR
            } else {
                EXIT_CLEAN
            };
        }
    };
    match cli.command {
        Some(Command::Rules) => list_rules(),
        Some(Command::Rule { id }) => show_rule(&id),
        Some(Command::Parse { file, .. }) => parse_tree(&file),
        None => lint(&cli),
    }
}

fn list_rules() -> i32 {
    let mut out = String::new();
    for lint in ALL {
        out += &format!(
            "{:<28} {:<8} {:<13} {}\n",
            lint.id,
            lint.severity.as_str(),
            lint.fix.as_str(),
            lint.summary()
        );
    }
    print(&out)
}

fn show_rule(id: &str) -> i32 {
    match lints::by_id(id) {
        Some(lint) => print(&format!(
            "# {}\n\nDefault severity: {}. Fix: {}.\n\n{}",
            lint.id,
            lint.severity.as_str(),
            lint.fix.as_str(),
            lint.markdown()
        )),
        None => {
            let known: Vec<&str> = ALL.iter().map(|l| l.id).collect();
            eprintln!(
                "fromlint: error: unknown lint `{id}` (known: {})",
                known.join(", ")
            );
            EXIT_ERROR
        }
    }
}

fn parse_tree(path: &Path) -> i32 {
    match input::read(path) {
        Ok(source) => {
            let file = crate::syntax::parse(&source);
            print(&format!(
                "{}\n",
                crate::syntax::buildkit_view(&file, &source)
            ))
        }
        Err(error) => {
            eprintln!("fromlint: error: {}: {error}", path.display());
            EXIT_ERROR
        }
    }
}

/// Something to lint: a file on disk or standard input.
enum Target {
    File(PathBuf),
    Stdin,
}

fn lint(cli: &Cli) -> i32 {
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

    let results = lint_all(&targets, cli.stdin_filename.as_deref());
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
fn lint_all(targets: &[Target], stdin_name: Option<&str>) -> Vec<Outcome> {
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
                        done.push((i, lint_target(target, stdin_name)));
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

fn lint_target(target: &Target, stdin_name: Option<&str>) -> Outcome {
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
    let diagnostics = check_source(&source, ALL);
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

/// Writes to stdout; a closed pipe is not an error worth a panic.
fn print(text: &str) -> i32 {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|_| stdout.flush())
    {
        Ok(()) => EXIT_CLEAN,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => EXIT_CLEAN,
        Err(_) => EXIT_ERROR,
    }
}
