//! The command line: argument parsing and dispatch to the subcommands.
//! Exit codes: 0 clean, 1 findings, 2 errors.

mod image;
mod lint;
mod manual;
mod pin;
mod progress;
mod statistics;

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum, ValueHint};

use crate::diagnostic::Severity;
use crate::input;
use crate::lints::{self, ALL};

/// `--version` output: the release and the date of the knowledge base.
const LONG_VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (knowledge checked ",
    crate::knowledge_checked!(),
    ")"
);

pub const EXIT_CLEAN: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_ERROR: i32 = 2;

#[derive(Parser)]
#[command(
    name = "fromlint",
    version,
    long_version = LONG_VERSION,
    about = "A Dockerfile linter that knows base images",
    long_about = "A Dockerfile linter that knows base images.\n\n\
        Without a subcommand, fromlint lints the PATHs (default: the current \
        directory) and reports, with the exact span, a reason and a fix, full \
        distribution images where a slim variant fits, unpinned and end-of-life \
        images, Alpine stages that compile Python packages from source, \
        distroless images nothing is copied into, and more (`fromlint rules` \
        lists them). Configuration comes from the nearest fromlint.toml, or \
        .hadolint.yaml.",
    args_conflicts_with_subcommands = true
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Option<Command>,

    /// Files or directories to lint (directories are searched for
    /// Dockerfiles, honouring .gitignore); `-` reads standard input.
    #[arg(value_name = "PATH", value_hint = ValueHint::AnyPath)]
    pub(crate) paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human, env = "FROMLINT_FORMAT")]
    pub(crate) format: Format,

    /// The file name to show for standard input (also used to find its
    /// configuration).
    #[arg(long, value_name = "NAME")]
    pub(crate) stdin_filename: Option<String>,

    /// Apply safe fixes, then report what remains (with `-`, print the fixed text).
    #[arg(long)]
    pub(crate) fix: bool,

    /// Also apply unsafe fixes (they can change what the image contains).
    #[arg(long)]
    pub(crate) unsafe_fixes: bool,

    /// Print a unified diff of what `--fix` would change, and change nothing.
    #[arg(long, conflicts_with = "fix")]
    pub(crate) diff: bool,

    /// Use this configuration file for every file (fromlint's TOML, or
    /// hadolint's YAML when it ends in .yaml/.yml) instead of searching.
    #[arg(
        long,
        value_name = "PATH",
        value_hint = ValueHint::FilePath,
        conflicts_with = "isolated"
    )]
    pub(crate) config: Option<PathBuf>,

    /// Ignore every configuration file.
    #[arg(long)]
    pub(crate) isolated: bool,

    /// Run only these lints (comma-separated selectors: lint ids, hadolint
    /// codes like `DL3008`, BuildKit checks, groups like `pinning`, prefixes
    /// like `DL30`, `all`, `default`); replaces `select` of the configuration.
    #[arg(long, value_name = "IDS", value_parser = lint_list)]
    pub(crate) select: Option<LintList>,

    /// Do not run these lints (comma-separated selectors; repeatable); added
    /// to the configuration's `ignore`.
    #[arg(long, value_name = "IDS", value_parser = lint_list)]
    pub(crate) ignore: Vec<LintList>,

    /// Exit 1 only for findings at or above this severity.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub(crate) failure_threshold: Option<Threshold>,

    /// Exit 0 even when there are findings (errors still exit 2).
    #[arg(long)]
    pub(crate) exit_zero: bool,

    /// Ignore every inline pragma (`# fromlint ignore=`, `# hadolint
    /// ignore=`, `# check=skip=`).
    #[arg(long)]
    pub(crate) no_inline_config: bool,

    /// Run preview lints too (those still being tried out).
    #[arg(long)]
    pub(crate) preview: bool,

    /// Also run ShellCheck on every RUN script (the `shellcheck` lint; needs
    /// the `shellcheck` program on PATH, else exit status 2).
    #[arg(long)]
    pub(crate) shellcheck: bool,

    /// Print only the findings: no summary line, no progress (with `--fix`,
    /// nothing but errors).
    #[arg(short, long)]
    pub(crate) quiet: bool,

    /// Print how many findings each lint has instead of the findings; `[*]`
    /// marks lints with findings `--fix` would fix.
    #[arg(long, conflicts_with = "diff")]
    pub(crate) statistics: bool,
}

/// A lint id argument: any text is accepted (an unknown id gets its own
/// message, with a suggestion), and the registry's ids are the possible
/// values that shell completions offer (`fromlint rule <TAB>`).
#[derive(Clone)]
struct LintId;

impl clap::builder::TypedValueParser for LintId {
    type Value = String;

    fn parse_ref(
        &self,
        _cmd: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        Ok(value.to_string_lossy().into_owned())
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            ALL.iter()
                .map(|lint| clap::builder::PossibleValue::new(lint.id)),
        ))
    }
}

/// Lint ids given on the command line.
#[derive(Clone, Debug)]
pub(crate) struct LintList(pub(crate) Vec<&'static lints::Lint>);

fn lint_list(text: &str) -> Result<LintList, String> {
    crate::config::parse_lint_list(text).map(LintList)
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum Threshold {
    Error,
    Warning,
    Info,
}

impl Threshold {
    pub(crate) fn severity(self) -> Severity {
        match self {
            Threshold::Error => Severity::Error,
            Threshold::Warning => Severity::Warning,
            Threshold::Info => Severity::Info,
        }
    }
}

#[derive(Subcommand)]
pub(crate) enum Command {
    /// List every lint: id, group, default severity, fix, summary.
    Rules {
        #[arg(long, value_enum, default_value_t = ImageFormat::Human)]
        format: ImageFormat,
    },
    /// Print the documentation of one lint, named by its id or by a
    /// hadolint rule or BuildKit check it covers (`DL3008`).
    Rule {
        /// The lint id, e.g. `full-distro-base`, or an alias, e.g. `DL3006`.
        #[arg(value_parser = LintId, hide_possible_values = true)]
        id: String,
    },
    /// Run the language server on stdin/stdout (for editors).
    Server,
    /// Explain an image reference from the knowledge base: family, variant,
    /// distribution, libc, shell, size, end of life, and alternatives.
    Image {
        /// An image reference, e.g. `python:3.12` or `gcr.io/distroless/static`.
        reference: String,
        #[arg(long, value_enum, default_value_t = ImageFormat::Human)]
        format: ImageFormat,
    },
    /// Print the parse tree of a Dockerfile as BuildKit's parser reports it
    /// (for debugging and the differential test).
    Parse {
        #[arg(long, value_enum, default_value_t = ParseFormat::Json)]
        format: ParseFormat,
        #[arg(value_hint = ValueHint::FilePath)]
        file: PathBuf,
    },
    /// Pin FROM images to the digests their tags resolve to in their
    /// registries (`image:tag@sha256:…`); the only command that uses the
    /// network.
    Pin(pin::PinArgs),
    /// Print a shell completion script, e.g. `fromlint completions bash`.
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), or write a page per command into a
    /// directory.
    Man {
        /// Write fromlint.1 and a fromlint-<command>.1 per subcommand here
        /// instead of printing fromlint.1.
        #[arg(long, value_name = "DIR", value_hint = ValueHint::DirPath)]
        output_dir: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// miette's rendering with source snippets
    Human,
    /// fromlint's versioned JSON document
    Json,
    /// SARIF 2.1.0 (GitHub code scanning)
    Sarif,
    /// `path:line:col: severity: message [lint-id]` (vim, Emacs)
    Gnu,
    /// GitHub Actions annotations
    Github,
    /// Checkstyle XML
    Checkstyle,
    /// GitLab Code Quality JSON
    Gitlab,
    /// One line per finding: `path:line:col: lint-id [*] message` (`[*]`:
    /// `--fix` fixes it)
    Concise,
}

/// Output of `fromlint image`.
#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum ImageFormat {
    Human,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum ParseFormat {
    Json,
}

/// Runs the command line and returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            if let Some(sentence) = conflict(&error) {
                eprintln!("fromlint: error: {sentence}");
                return EXIT_ERROR;
            }
            let _ = error.print();
            return if error.use_stderr() {
                EXIT_ERROR
            } else {
                EXIT_CLEAN
            };
        }
    };
    match cli.command {
        Some(Command::Rules { format }) => list_rules(format),
        Some(Command::Rule { id }) => show_rule(&id),
        Some(Command::Parse { file, .. }) => parse_tree(&file),
        Some(Command::Server) => crate::server::run(),
        Some(Command::Pin(args)) => pin::run(&args),
        Some(Command::Image { reference, format }) => image::run(&reference, format),
        Some(Command::Completions { shell }) => manual::completions(shell),
        Some(Command::Man { output_dir }) => manual::man(output_dir.as_deref()),
        None => lint::run(&cli),
    }
}

/// For two flags that cannot go together, one sentence saying which to
/// drop, instead of clap's usage error.
fn conflict(error: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if error.kind() != ErrorKind::ArgumentConflict {
        return None;
    }
    // `--config <PATH>` → `--config`.
    let flag = |value: &ContextValue| -> Option<String> {
        let text = match value {
            ContextValue::String(s) => s.clone(),
            ContextValue::Strings(list) => list.first()?.clone(),
            _ => return None,
        };
        Some(text.split_whitespace().next()?.to_string())
    };
    let given = flag(error.get(ContextKind::InvalidArg)?)?;
    let prior = flag(error.get(ContextKind::PriorArg)?)?;
    Some(conflict_advice(&prior, &given))
}

/// The sentence for flags `a` and `b` given together.
fn conflict_advice(a: &str, b: &str) -> String {
    let pair = |x: &str, y: &str| (a == x && b == y) || (a == y && b == x);
    if pair("--fix", "--diff") {
        "--diff shows what --fix would change without changing anything: drop --diff to fix the files, or --fix to see the diff".to_string()
    } else if pair("--statistics", "--diff") {
        "--statistics counts the findings per lint and --diff prints the fixes: drop --diff to get the counts, or --statistics to get the diff".to_string()
    } else if pair("--config", "--isolated") {
        "--isolated ignores every configuration file and --config names one: drop --isolated to use that file, or --config to use none".to_string()
    } else {
        format!("{a} and {b} cannot be used together: drop one of them")
    }
}

fn list_rules(format: ImageFormat) -> i32 {
    let mut out = String::new();
    if let ImageFormat::Json = format {
        let rules: Vec<serde_json::Value> = ALL
            .iter()
            .map(|lint| {
                serde_json::json!({
                    "id": lint.id,
                    "group": lint.group.as_str(),
                    "stability": lint.stability.as_str(),
                    "default": lint.default,
                    "severity": lint.severity.as_str(),
                    "fix": lint.fix.as_str(),
                    "summary": lint.summary(),
                    "aliases": {"hadolint": lint.hadolint, "buildkit": lint.buildkit},
                })
            })
            .collect();
        out = serde_json::to_string_pretty(&rules).unwrap_or_default() + "\n";
        return print(&out);
    }
    for lint in ALL {
        let mut aliases: Vec<&str> = lint.hadolint.to_vec();
        aliases.extend(lint.buildkit);
        out += &format!(
            "{:<32} {:<15} {:<8} {:<13} {}{}\n",
            lint.id,
            lint.group.as_str(),
            lint.severity.as_str(),
            lint.fix.as_str(),
            lint.summary(),
            if aliases.is_empty() {
                String::new()
            } else {
                format!(" [{}]", aliases.join(", "))
            }
        );
    }
    print(&out)
}

fn show_rule(id: &str) -> i32 {
    let lints = lints::by_id(id)
        .map(|lint| vec![lint])
        .or_else(|| lints::select(id).filter(|l| l.len() == 1 || !l.iter().any(|l| l.id == id)));
    match lints.as_deref() {
        Some([lint]) => print(&lints::documentation(lint)),
        Some(many)
            if !many.is_empty()
                && lints::Group::from_name(id).is_none()
                && id != "all"
                && id != "default" =>
        {
            let mut out = String::new();
            for lint in many {
                out += &lints::documentation(lint);
                out += "\n";
            }
            print(&out)
        }
        _ => {
            eprintln!(
                "fromlint: error: {} (`fromlint rules` lists every lint)",
                crate::config::unknown_lint(id)
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

/// Writes to stdout; a closed pipe is not an error worth a panic.
pub(crate) fn print(text: &str) -> i32 {
    print_with(|out| out.write_all(text.as_bytes()))
}

/// Writes to stdout with `write`, buffered; a closed pipe is not an error
/// worth a panic.
pub(crate) fn print_with(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> i32 {
    let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match write(&mut stdout).and_then(|_| stdout.flush()) {
        Ok(()) => EXIT_CLEAN,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => EXIT_CLEAN,
        Err(_) => EXIT_ERROR,
    }
}
