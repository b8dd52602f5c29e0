//! The default command: collect files, resolve their configuration, lint
//! (and fix) them in parallel, print the findings and choose the exit code.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use super::progress::{self, Progress};
use super::{Cli, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, Format, print, statistics};
use crate::check::check_with_context;
use crate::config::{self, Resolved, Resolver};
use crate::diagnostic::Applicability;
use crate::input;
use crate::lints::Settings;
use crate::report::human::SummaryContext;
use crate::report::{self, FileError, FileReport};
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
    let started = Instant::now();
    if cli.statistics && !matches!(cli.format, Format::Human | Format::Concise) {
        let format = clap::ValueEnum::to_possible_value(&cli.format)
            .map(|v| v.get_name().to_string())
            .unwrap_or_default();
        eprintln!(
            "fromlint: error: --statistics prints a table for people: drop --format {format} (or use --format human), or drop --statistics to get the findings as {format}"
        );
        return EXIT_ERROR;
    }
    let (targets, mut failed) = collect_targets(&cli.paths);
    if targets.is_empty() && !failed && !cli.quiet {
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
    // `--fix -` prints the fixed standard input in place of findings, which
    // cannot be told apart from other files' output: it stands alone.
    if matches!(mode, FixMode::Apply(_))
        && targets.len() > 1
        && targets.iter().any(|t| matches!(t, Target::Stdin))
    {
        eprintln!(
            "fromlint: error: --fix with `-` prints the fixed standard input; \
             fix other files in a separate run"
        );
        return EXIT_ERROR;
    }
    let Some(resolved) = resolve_all(cli, &targets) else {
        return EXIT_ERROR;
    };
    // An external program asked for and missing is an error before any
    // file is linted, not findings that quietly lack its part.
    if resolved
        .iter()
        .any(|r| r.settings.runs(crate::lints::SHELLCHECK_LINT.id))
        && let Err(error) = crate::shellcheck::version()
    {
        eprintln!(
            "fromlint: error: the `shellcheck` lint needs the `{}` program: {error}\n  help: {}",
            crate::shellcheck::PROGRAM,
            crate::shellcheck::INSTALL_HINT
        );
        return EXIT_ERROR;
    }

    // Progress only for people watching a big run: never in machine
    // formats, with --quiet or when stderr is not a terminal.
    let progress = (targets.len() > progress::MIN_FILES
        && matches!(cli.format, Format::Human | Format::Concise)
        && !cli.quiet
        && std::io::stderr().is_terminal())
    .then(|| Progress::new(targets.len(), std::io::stderr(), progress::INTERVAL));
    let stdin_name = cli.stdin_filename.as_deref();
    // JSON and SARIF findings are rendered by the worker that linted the
    // file, while the others still lint, and written as soon as the files
    // before it are: a run holds a few files' findings, not all of them.
    let streamed = match cli.format {
        _ if mode != FixMode::Report => None,
        Format::Json => Some(Streamed::Json),
        Format::Sarif => Some(Streamed::Sarif),
        // The table of `--statistics` needs every finding; the progress
        // line would be drawn among the findings.
        Format::Human | Format::Concise if cli.statistics || progress.is_some() => None,
        Format::Human | Format::Concise | Format::Gnu | Format::Github => {
            Some(Streamed::Lines(LineFormat {
                format: cli.format,
                color: std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
                width: terminal_width(),
                unsafe_fixes: cli.unsafe_fixes,
            }))
        }
        Format::Checkstyle => Some(Streamed::Checkstyle),
        Format::Gitlab => Some(Streamed::Gitlab),
    };
    // SARIF's paths are relative to the repository (the working directory).
    let cwd = std::env::current_dir().ok();
    let mut stream = streamed.map(|format| Stream::begin(format, cwd.as_deref()));
    let mut linted = Vec::new();
    let mut errors = Vec::new();
    let mut fails = false;
    lint_all(
        &targets,
        stdin_name,
        &resolved,
        mode,
        progress.as_ref(),
        (streamed, cwd.as_deref()),
        |i, result| match result {
            Ok(file) => {
                let resolved = &resolved[i];
                fails |= !resolved.exit_zero
                    && file
                        .report
                        .diagnostics
                        .iter()
                        .any(|d| d.severity() >= resolved.failure_threshold);
                match &mut stream {
                    Some(stream) => stream.file(file, &mut errors),
                    None => linted.push(file),
                }
            }
            Err((path, error)) => {
                eprintln!(
                    "fromlint: error: {}: {error}",
                    report::escape_controls(&path)
                );
                errors.push(FileError {
                    path,
                    message: error.to_string(),
                });
                failed = true;
            }
        },
    );
    if let Some(progress) = progress {
        progress.finish();
    }
    if let Some(stream) = stream {
        let summary = SummaryContext {
            unsafe_fixes: cli.unsafe_fixes,
            elapsed: started.elapsed(),
        };
        let summary = (!cli.quiet).then_some(&summary);
        let (printed, crashed) = stream.end(&mut errors, cwd.as_deref(), summary);
        return exit_code(failed || crashed || printed != EXIT_CLEAN, fails);
    }

    let fixed: usize = linted.iter().map(|f| f.fixed).sum();
    let output: String = match mode {
        FixMode::Diff(_) => {
            if !cli.quiet {
                eprintln!("Would fix {fixed} problem{}.", plural(fixed));
            }
            fails = fixed > 0;
            linted.iter().map(|f| f.diff.as_str()).collect()
        }
        FixMode::Apply(_) if targets.iter().any(|t| matches!(t, Target::Stdin)) => {
            if !cli.quiet {
                eprintln!("Fixed {fixed} problem{}.", plural(fixed));
            }
            linted.iter().map(|f| f.report.source.as_str()).collect()
        }
        // `--fix --quiet`: the files are fixed; only errors are worth saying.
        FixMode::Apply(_) if cli.quiet => String::new(),
        _ => {
            let reports: Vec<FileReport> = linted.into_iter().map(|f| f.report).collect();
            let human = Human {
                quiet: cli.quiet,
                statistics: cli.statistics,
                unsafe_fixes: cli.unsafe_fixes,
                fixed,
                started,
            };
            let (output, crashed) = render_guarded(cli.format, reports, &mut errors, &human);
            failed |= crashed;
            output
        }
    };
    let printed = print(&output);
    exit_code(failed || printed != EXIT_CLEAN, fails)
}

fn exit_code(failed: bool, fails: bool) -> i32 {
    if failed {
        EXIT_ERROR
    } else if fails {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// How the human format is asked for.
struct Human {
    quiet: bool,
    statistics: bool,
    unsafe_fixes: bool,
    /// Problems `--fix` fixed.
    fixed: usize,
    started: Instant,
}

/// Names a file whose findings a reporter crashed on: on stderr, and among
/// the errors (for the formats that list them).
fn reporter_crashed(path: String, errors: &mut Vec<FileError>) {
    let message =
        "internal error: fromlint crashed printing the findings of this file (please report it)";
    eprintln!(
        "fromlint: error: {}: {message}",
        report::escape_controls(&path)
    );
    errors.push(FileError {
        path,
        message: message.to_string(),
    });
}

/// The findings in the chosen output format, even if a reporter has a bug:
/// a reporter that panics on one file costs that file's findings only. The
/// file is named on stderr (and in the formats that list errors), the other
/// files' findings are still printed, and the flag says to exit with 2.
fn render_guarded(
    format: Format,
    mut reports: Vec<FileReport>,
    errors: &mut Vec<FileError>,
    human: &Human,
) -> (String, bool) {
    let attempt = |reports: &mut [FileReport], errors: &mut [FileError]| {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            render(format, reports, errors, human)
        }))
        .ok()
    };
    if let Some(output) = attempt(&mut reports, errors) {
        return (output, false);
    }
    let mut kept = Vec::with_capacity(reports.len());
    for mut report in reports {
        if attempt(std::slice::from_mut(&mut report), &mut []).is_some() {
            kept.push(report);
        } else {
            reporter_crashed(report.path, errors);
        }
    }
    (attempt(&mut kept, errors).unwrap_or_default(), true)
}

/// The formats written file by file as the files are linted.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Streamed {
    Json,
    Sarif,
    /// A format of lines, each file's its own (human, concise, gnu, github).
    Lines(LineFormat),
    Checkstyle,
    Gitlab,
}

impl Streamed {
    /// One file's findings as a piece of the output (see [`piece`]).
    fn render(self, report: &FileReport) -> String {
        match self {
            Streamed::Json => report::json::piece(report),
            Streamed::Sarif => report::sarif::LogWriter::piece(report),
            Streamed::Lines(format) => format.render(report),
            Streamed::Checkstyle => report::checkstyle::piece(report),
            Streamed::Gitlab => report::gitlab::piece(report),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
struct LineFormat {
    format: Format,
    /// Human format only.
    color: bool,
    width: usize,
    /// Concise format only: unsafe fixes count as fixable.
    unsafe_fixes: bool,
}

impl LineFormat {
    /// One file's lines.
    fn render(self, report: &FileReport) -> String {
        let one = std::slice::from_ref(report);
        match self.format {
            Format::Human => report::human::render(report, self.color, self.width),
            Format::Concise => report::concise::render(one, self.unsafe_fixes),
            Format::Github => report::github::render(one),
            _ => report::gnu::render(one),
        }
    }

    /// Whether the human summary line closes the output.
    fn summarized(self) -> bool {
        matches!(self.format, Format::Human | Format::Concise)
    }
}

/// The JSON document or SARIF log on standard output, written file by file
/// as the files come: the pieces the workers wrote ([`piece`]), and the
/// findings of files with too many for a piece rendered straight into the
/// output. A file whose piece crashed is left out and named, as
/// [`render_guarded`] does. A closed pipe ends the writing quietly (as
/// `print_with` does).
struct Stream {
    format: Streamed,
    /// Not locked for the whole run: the workers write through it in turn.
    out: std::io::BufWriter<std::io::Stdout>,
    /// `None` once a write failed.
    writer: Option<Writer>,
    error: Option<std::io::Error>,
    crashed: bool,
}

enum Writer {
    Json(report::json::DocumentWriter),
    Sarif(report::sarif::LogWriter),
    /// With the counts of the files written, for the summary line.
    Lines(LineFormat, report::human::Tally),
    Checkstyle,
    Gitlab(report::gitlab::IssuesWriter),
}

impl Writer {
    /// Writes a file's findings rendered by [`Streamed::render`].
    fn text(
        &mut self,
        piece: String,
        report: &FileReport,
        out: &mut (impl Write + ?Sized),
    ) -> std::io::Result<()> {
        match self {
            Writer::Json(document) => document.part(report::json::Part::Piece(piece), out),
            Writer::Sarif(log) => log.write_piece(&piece, out),
            Writer::Lines(_, tally) => {
                tally.add(report);
                out.write_all(piece.as_bytes())
            }
            Writer::Checkstyle => out.write_all(piece.as_bytes()),
            Writer::Gitlab(array) => array.write_piece(&piece, out),
        }
    }
}

impl Stream {
    fn begin(format: Streamed, cwd: Option<&Path>) -> Stream {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout());
        let begun = match format {
            Streamed::Json => report::json::DocumentWriter::begin(&mut out).map(Writer::Json),
            Streamed::Sarif => report::sarif::LogWriter::begin(cwd, &mut out).map(Writer::Sarif),
            Streamed::Lines(format) => Ok(Writer::Lines(format, Default::default())),
            Streamed::Checkstyle => out
                .write_all(report::checkstyle::HEAD.as_bytes())
                .map(|()| Writer::Checkstyle),
            Streamed::Gitlab => report::gitlab::IssuesWriter::begin(&mut out).map(Writer::Gitlab),
        };
        let (writer, error) = match begun {
            Ok(writer) => (Some(writer), None),
            Err(error) => (None, Some(error)),
        };
        Stream {
            format,
            out,
            writer,
            error,
            crashed: false,
        }
    }

    fn file(&mut self, file: Linted, errors: &mut Vec<FileError>) {
        let Linted { report, piece, .. } = file;
        if matches!(piece, Piece::Crashed | Piece::NotAsked) {
            self.crashed = true;
            reporter_crashed(report.path, errors);
            return;
        }
        let Some(writer) = &mut self.writer else {
            return;
        };
        let out = &mut self.out;
        let written = match piece {
            Piece::Text(piece) => writer.text(piece, &report, out),
            // Not caught earlier: a crash here may leave the file's findings
            // half written (and the run says so, exiting with 2).
            Piece::Deferred => {
                let format = self.format;
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match writer {
                    Writer::Json(document) => document.part(report::json::Part::File(&report), out),
                    Writer::Sarif(log) => log.file(&report, out),
                    // Not deferred by [`piece`], but written all the same.
                    _ => writer.text(format.render(&report), &report, out),
                }))
                .unwrap_or_else(|_| {
                    self.crashed = true;
                    reporter_crashed(report.path.clone(), errors);
                    Ok(())
                })
            }
            Piece::Crashed | Piece::NotAsked => return,
        };
        if let Err(error) = written {
            self.writer = None;
            self.error = Some(error);
        }
    }

    /// Writes the tail (SARIF's lists the files that could not be read);
    /// the exit code of the printing, and whether a reporter crashed.
    /// `summary`: the human summary line's context, unless `--quiet`.
    fn end(
        mut self,
        errors: &mut [FileError],
        cwd: Option<&Path>,
        summary: Option<&SummaryContext>,
    ) -> (i32, bool) {
        let tail = match self.writer.take() {
            Some(Writer::Json(document)) => document.end(&mut self.out),
            Some(Writer::Checkstyle) => self.out.write_all(report::checkstyle::TAIL.as_bytes()),
            Some(Writer::Gitlab(array)) => array.end(&mut self.out),
            Some(Writer::Lines(format, tally)) => match summary {
                // As before the lines were streamed: no summary when no
                // file was read.
                Some(context) if format.summarized() && tally.files() > 0 => {
                    let line = report::human::summary_of(&tally, context);
                    writeln!(self.out, "{line}")
                }
                _ => Ok(()),
            },
            Some(Writer::Sarif(log)) => {
                for error in errors.iter_mut() {
                    error.path = relative_to(&error.path, cwd);
                }
                log.end(errors, &mut self.out)
            }
            None => Err(self
                .error
                .take()
                .unwrap_or_else(|| std::io::Error::other("the output was not written"))),
        };
        let printed = match tail.and_then(|()| self.out.flush()) {
            Ok(()) => EXIT_CLEAN,
            Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => EXIT_CLEAN,
            Err(_) => EXIT_ERROR,
        };
        (printed, self.crashed)
    }
}

/// Above this many findings a file's JSON or SARIF is not rendered into a
/// piece by its worker but written straight to the output in its turn: a
/// rendered finding takes some 700 bytes (SARIF about twice that), and a
/// piece this large costs more memory than its overlap with the other
/// files' linting saves time.
const STREAMED_FINDINGS: usize = 2048;

/// One file's findings as a piece of the output, or left to be written in
/// their turn when there are many of them.
/// (Lines, checkstyle and GitLab's issues are always rendered by the
/// worker: they are about the size of the findings themselves.)
fn piece(format: Streamed, report: &FileReport) -> Piece {
    std::panic::catch_unwind(|| {
        crash_if_asked(std::slice::from_ref(report));
        match format {
            Streamed::Json | Streamed::Sarif if report.diagnostics.len() > STREAMED_FINDINGS => {
                Piece::Deferred
            }
            _ => Piece::Text(format.render(report)),
        }
    })
    .unwrap_or(Piece::Crashed)
}

/// Debug builds only: lets the tests make a reporter crash on one file.
fn crash_if_asked(reports: &[FileReport]) {
    #[cfg(debug_assertions)]
    if let Some(path) = std::env::var_os("FROMLINT_TEST_CRASH_REPORTER")
        && reports.iter().any(|r| path == r.path.as_str())
    {
        panic!("reporter crash requested for {}", path.display());
    }
    #[cfg(not(debug_assertions))]
    let _ = reports;
}

/// The findings in the chosen output format.
fn render(
    format: Format,
    reports: &mut [FileReport],
    errors: &mut [FileError],
    human: &Human,
) -> String {
    crash_if_asked(reports);
    let cwd = std::env::current_dir().ok();
    if matches!(format, Format::Sarif | Format::Github | Format::Gitlab) {
        // These paths are resolved against the repository (the working directory).
        for report in reports.iter_mut() {
            report.path = relative_to(&report.path, cwd.as_deref());
        }
        for error in errors.iter_mut() {
            error.path = relative_to(&error.path, cwd.as_deref());
        }
    }
    match format {
        Format::Json => report::json::render(reports),
        Format::Human => human_output(reports, human, false),
        Format::Sarif => report::sarif::render(reports, errors, cwd.as_deref()),
        Format::Gnu => report::gnu::render(reports),
        Format::Github => report::github::render(reports),
        Format::Checkstyle => report::checkstyle::render(reports),
        Format::Gitlab => report::gitlab::render(reports),
        Format::Concise => human_output(reports, human, true),
    }
}

/// The files to lint; `-` is standard input. A file named twice (`d` and
/// `d/Dockerfile`, or through a symlink) is linted, and fixed, once.
fn collect_targets(paths: &[PathBuf]) -> (Vec<Target>, bool) {
    let (files, failed) = input::expand_paths(paths);
    let mut seen = std::collections::HashSet::new();
    // Each directory is resolved once, not once per file in it.
    let mut dirs = std::collections::HashMap::new();
    let targets = files
        .into_iter()
        // Canonical paths are compared as bytes: hashing a `Path` walks its
        // components, several times slower.
        .filter(|path| {
            path.as_os_str() == "-" || seen.insert(canonical(path, &mut dirs).into_os_string())
        })
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

/// `path` with symlinks resolved (as written when it cannot be): a file that
/// is not itself a symlink is its directory's canonical path (looked up in
/// `dirs` first) joined with its name.
fn canonical(
    path: &Path,
    dirs: &mut std::collections::HashMap<PathBuf, Option<PathBuf>>,
) -> PathBuf {
    let plain = std::fs::symlink_metadata(path).is_ok_and(|m| !m.file_type().is_symlink());
    if let (true, Some(parent), Some(name)) = (plain, path.parent(), path.file_name())
        && path.ends_with(name)
    {
        let dir = if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        };
        if !dirs.contains_key(dir) {
            dirs.insert(dir.to_path_buf(), std::fs::canonicalize(dir).ok());
        }
        if let Some(Some(resolved)) = dirs.get(dir) {
            return resolved.join(name);
        }
    }
    std::fs::canonicalize(path).unwrap_or(path.to_path_buf())
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
        preview: cli.preview,
        shellcheck: cli.shellcheck,
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

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The findings for people: miette's rendering, or one line each
/// (`concise`), or the statistics; then the summary line.
fn human_output(reports: &[FileReport], human: &Human, concise: bool) -> String {
    if reports.is_empty() {
        return String::new();
    }
    let mut out = if human.statistics {
        statistics::render(reports, human.unsafe_fixes)
    } else if concise {
        report::concise::render(reports, human.unsafe_fixes)
    } else {
        let color = std::io::stdout().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        let width = terminal_width();
        reports
            .iter()
            .map(|r| report::human::render(r, color, width))
            .collect()
    };
    if human.quiet {
        return out;
    }
    if human.statistics && !out.is_empty() {
        out.push('\n');
    }
    if human.fixed > 0 {
        out += &format!("Fixed {} problem{}. ", human.fixed, plural(human.fixed));
    }
    let context = SummaryContext {
        unsafe_fixes: human.unsafe_fixes,
        elapsed: human.started.elapsed(),
    };
    out += &report::human::summary(reports, &context);
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
    /// What the worker did with the findings, when the workers write the
    /// output's pieces.
    piece: Piece,
}

/// What a worker did with a file's findings for a streamed format.
enum Piece {
    NotAsked,
    Text(String),
    /// Too many to hold as a piece: written straight to the output.
    Deferred,
    /// The reporter crashed on them.
    Crashed,
}

/// Why a target could not be linted (or fixed).
type Failure = (String, Box<dyn std::fmt::Display + Send>);
type Outcome = Result<Linted, Failure>;

/// Lints every target with its settings, in parallel, and hands each
/// outcome with its target's index to `consume` in the input order, as soon
/// as the targets before it are done (so the output is written while files
/// are still linted, and a run over many files holds only the few outcomes
/// that wait for an earlier one). `consume` runs on the worker that
/// completes the run of due outcomes, under a lock: handing each outcome to
/// another thread cost a wake-up per file (a third more system time over
/// the corpus).
fn lint_all(
    targets: &[Target],
    stdin_name: Option<&str>,
    resolved: &[Arc<Resolved>],
    mode: FixMode,
    progress: Option<&Progress<std::io::Stderr>>,
    (streamed, cwd): (Option<Streamed>, Option<&Path>),
    consume: impl FnMut(usize, Outcome) + Send,
) {
    let next = AtomicUsize::new(0);
    let listings = input::Listings::new(targets.iter().filter_map(|t| match t {
        Target::File(path) => Some(path.as_path()),
        Target::Stdin => None,
    }));
    // (Asked only for several files: the answer reads cgroup files.)
    let workers = match targets.len() {
        0 | 1 => 1,
        n => std::thread::available_parallelism().map_or(1, |p| p.get().min(n)),
    };
    let lint = |i: usize| {
        let mut outcome = lint_target(
            &targets[i],
            stdin_name,
            &resolved[i].settings,
            mode,
            &listings,
        );
        if let (Some(format), Ok(file)) = (streamed, &mut outcome) {
            // These paths are resolved against the repository (the
            // working directory), as `render` does for the others.
            let relative = match format {
                Streamed::Sarif | Streamed::Gitlab => true,
                Streamed::Lines(lines) => lines.format == Format::Github,
                Streamed::Json | Streamed::Checkstyle => false,
            };
            if relative {
                file.report.path = relative_to(&file.report.path, cwd);
            }
            file.piece = piece(format, &file.report);
        }
        if let Some(progress) = progress {
            progress.tick();
        }
        outcome
    };
    // One file (an editor's run on save) is linted on this thread: starting
    // a worker costs more than the lint of a small file.
    let ordered = std::sync::Mutex::new(InOrder {
        due: 0,
        ahead: std::collections::BTreeMap::new(),
        consume,
    });
    let work = || {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= targets.len() {
                break;
            }
            let outcome = lint(i);
            // A slow reader of the output (a pager) holds the others back
            // here, instead of letting findings pile up.
            let mut ordered = ordered
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            ordered.hand_on(i, outcome);
        }
    };
    if workers == 1 {
        work();
        return;
    }
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(work);
        }
    });
}

/// Outcomes handed on in the input order (workers take targets in order,
/// so few finish ahead of their turn).
struct InOrder<F> {
    due: usize,
    ahead: std::collections::BTreeMap<usize, Outcome>,
    consume: F,
}

impl<F: FnMut(usize, Outcome)> InOrder<F> {
    fn hand_on(&mut self, i: usize, outcome: Outcome) {
        self.ahead.insert(i, outcome);
        while let Some(outcome) = self.ahead.remove(&self.due) {
            (self.consume)(self.due, outcome);
            self.due += 1;
        }
    }
}

fn failure(path: &str, error: impl std::fmt::Display + Send + 'static) -> Failure {
    (path.to_string(), Box::new(error))
}

/// A bug that panics on one file becomes an error for that file; the other
/// files are still linted (the release profile keeps unwinding for this).
fn lint_target(
    target: &Target,
    stdin_name: Option<&str>,
    settings: &Settings,
    mode: FixMode,
    listings: &input::Listings,
) -> Outcome {
    let name = || match target {
        Target::File(path) => input::display_path(path),
        Target::Stdin => stdin_name.unwrap_or("-").to_string(),
    };
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        lint_one(target, stdin_name, settings, mode, listings)
    }))
    .unwrap_or_else(|_| {
        Err(failure(
            &name(),
            "internal error: fromlint crashed on this file (please report it)",
        ))
    })
}

fn lint_one(
    target: &Target,
    stdin_name: Option<&str>,
    settings: &Settings,
    mode: FixMode,
    listings: &input::Listings,
) -> Outcome {
    let (path, source, dockerfile) = match target {
        Target::File(path) => {
            let shown = input::display_path(path);
            let source = input::read(path).map_err(|e| failure(&shown, e))?;
            crate::allocator::input_read(source.len());
            (shown, source, Some(path.as_path()))
        }
        Target::Stdin => {
            let name = stdin_name.unwrap_or("-").to_string();
            let source = input::read_stdin().map_err(|e| failure(&name, e))?;
            crate::allocator::input_read(source.len());
            (name, source, None)
        }
    };
    // Build-context files (requirements.txt…) are read relative to the Dockerfile.
    let no_context = |_: &str| None;
    let file_context = dockerfile.map(|file| input::listed_context_reader(file, listings));
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
            piece: Piece::NotAsked,
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
        piece: Piece::NotAsked,
    })
}
