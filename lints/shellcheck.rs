use std::time::Duration;

use super::Context;
use crate::diagnostic::Severity;
use crate::model::{BUILTIN_ARGS, Model, ScriptText, Stage};
use crate::shellcheck::{self, Error, Finding, Request};
use crate::syntax::Keyword;

declare_lint! {
    /// Runs ShellCheck on the scripts of `RUN` instructions and reports its
    /// findings (`SC2086`, `SC2164`, …) at their exact place in the
    /// Dockerfile.
    ///
    /// Off unless asked for: `--shellcheck`, `shellcheck = true` in
    /// `fromlint.toml`, or the id `shellcheck` in `select`. It needs the
    /// `shellcheck` program on `PATH` (Debian/Ubuntu: `apt-get install
    /// shellcheck`); `all`, groups and prefixes never turn it on, so they
    /// need nothing installed.
    ///
    /// ## Why is this bad?
    /// A `RUN` line is a shell script, with a shell script's bugs: unquoted
    /// expansions that split and glob, `cd` without a check, `[ $x = y ]`,
    /// bash syntax under `/bin/sh`. ShellCheck knows hundreds of them;
    /// hadolint runs it on every `RUN`, and this is the same, on fromlint's
    /// model of the file:
    ///
    /// - What is checked is what the shell runs: the command line with its
    ///   continuation lines joined, the script of `RUN <<EOF`, and a heredoc
    ///   fed to a shell (`RUN bash <<EOF`) as a script of its own. Data
    ///   heredocs (`cat <<EOF > file`) are not scripts: their bodies are
    ///   left out. A `RUN <<EOF` whose `#!` line names another program
    ///   (`python3`), exec form, and stages whose shell is not a POSIX
    ///   shell (PowerShell, or a Windows base) are not checked.
    /// - The dialect (`--shell`) is the stage's: the program of its last
    ///   `SHELL` (or of a `# hadolint shell=bash` comment after it, for the
    ///   rest of the stage), a heredoc's `#!` line or the shell it is fed
    ///   to; else `/bin/sh` of the base image as the knowledge base knows it
    ///   (`dash` on Debian and Ubuntu, BusyBox `ash` checked as `sh` on
    ///   Alpine), else `sh`. Scripts for `zsh` and other shells ShellCheck
    ///   does not know are skipped.
    /// - Variables the stage defines before the `RUN` (`ARG`, `ENV`,
    ///   inherited `ENV`) and those every build defines (the proxy and
    ///   platform arguments) are known to ShellCheck, assigned their value
    ///   when the model knows it: they are not reported as unassigned
    ///   (`SC2154`), nor as unquoted (`SC2086`) where their value cannot
    ///   split or glob (`ENV JAVA_HOME=/opt/java`), as hadolint does.
    /// - Each finding's span is the exact text ShellCheck points at, on
    ///   its own line of a continued `RUN` or of a heredoc.
    /// - Every finding is reported (hadolint keeps one per `RUN`), except
    ///   `SC1090` and `SC1091` ("not following" a sourced file such as
    ///   `/etc/os-release`): that file is in the image, where ShellCheck
    ///   cannot read it, so they say nothing about the script.
    ///
    /// The message starts with the ShellCheck code; SARIF and JSON carry
    /// it as the finding's `code`. The severity is ShellCheck's (`error`,
    /// `warning`; `info` and `style` become `info`) unless `severity`
    /// sets one for the lint. One code is silenced in one place with
    /// `# fromlint ignore=SC2086` or `# hadolint ignore=SC2086` above the
    /// instruction (also `stage` and `global`), everywhere with
    /// `disable` below (hadolint's `ignored: [SC2086]` in
    /// `.hadolint.yaml` does the same); `ignore=shellcheck` silences them
    /// all.
    ///
    /// Cost: one `shellcheck` process per script not seen before in the
    /// run (identical scripts are checked once: the results of the last
    /// 4,096 distinct scripts, at most 16 MiB of scripts and findings, are
    /// kept, the least recently used dropped first), about 20–70 ms each,
    /// several at a time: on 602 corpus files, 0.06–0.27 s per file on a
    /// shared 2-core machine, depending on its load
    /// (docs/hadolint-parity.md). The rest of
    /// fromlint takes well under a millisecond per file, so this lint is
    /// by far the slowest: it is meant for CI and pre-commit, not for
    /// every keystroke.
    ///
    /// Bounds: the script goes to ShellCheck on its standard input, with
    /// arguments passed as they are (no shell in between) and
    /// `SHELLCHECK_OPTS` and `.shellcheckrc` files not read. A script over
    /// 1 MiB is not checked; a run longer than `timeout` seconds is
    /// stopped; at most 8 MiB of output is read. Each of these, and a
    /// missing `shellcheck` when fromlint is used as a library or language
    /// server, is reported as a finding of this lint on the `RUN` (without
    /// a code) rather than silently dropped. From the command line, asking
    /// for the lint without `shellcheck` installed is an error (exit
    /// status 2) before anything is linted.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN for f in $(ls /etc/*.conf); do echo "$f"; done
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// RUN for f in /etc/*.conf; do echo "$f"; done
    /// ```
    ///
    /// ## Fix
    /// None: ShellCheck's wiki page for the code, linked in the help,
    /// explains the fix.
    pub static SHELLCHECK = {
        id: "shellcheck",
        severity: Warning,
        fix: None,
        group: Correctness,
        default: false,
        tags: ["shellcheck"],
        options: ShellcheckOptions,
        external: "shellcheck",
        check: check,
    }
}

declare_options! {
    /// Options of `shellcheck`.
    pub struct ShellcheckOptions {
        /// ShellCheck codes not to report anywhere, as `SC2086` or `2086`.
        pub disable: Vec<Code>,
        /// Seconds one script may take before ShellCheck is stopped and the
        /// `RUN` is reported as not checked (default 20).
        pub timeout: Option<u64>,
    }
}

/// ShellCheck's codes that say it did not read a sourced file (`SC1090`
/// for `. "$file"`, `SC1091` for `. /etc/os-release`): the file is in the
/// image, not beside the Dockerfile, so no `RUN` could avoid them. Never
/// reported (hadolint leaves them out too).
const NOT_IN_A_DOCKERFILE: [u32; 2] = [1090, 1091];

/// A ShellCheck code in the configuration: `SC2086` or `2086`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code(pub u32);

impl<'de> serde::Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Code, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse_code(&text).map(Code).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{text}` is not a ShellCheck code (they look like `SC2086`)"
            ))
        })
    }
}

/// `SC2086` or `2086` → 2086.
pub fn parse_code(text: &str) -> Option<u32> {
    let digits = text
        .strip_prefix("SC")
        .or_else(|| text.strip_prefix("sc"))
        .unwrap_or(text);
    let valid = (1..=5).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
    valid.then(|| digits.parse().ok()).flatten()
}

/// One script to check and where it comes from.
struct Job {
    instruction: usize,
    script: ScriptText,
    request: Request,
    /// Where the line of known variables is in the request's script (a
    /// byte offset in `script.text`) and its length.
    inserted: (usize, usize),
}

fn check(cx: &mut Context) {
    let model = cx.model;
    let options = cx.options::<ShellcheckOptions>();
    let mut exclude: Vec<u32> = options
        .map(|o| o.disable.iter().map(|c| c.0).collect())
        .unwrap_or_default();
    exclude.extend(NOT_IN_A_DOCKERFILE);
    exclude.sort_unstable();
    exclude.dedup();
    let timeout = options
        .and_then(|o| o.timeout)
        .map_or(shellcheck::DEFAULT_TIMEOUT, Duration::from_secs);
    let mut jobs = Vec::new();
    for stage in &model.stages {
        for &index in &stage.body {
            if model.instruction(index).effective().kind != Keyword::Run {
                continue;
            }
            let texts = model.run_script_texts(index);
            if texts.is_empty() {
                continue;
            }
            let stage_shell = stage_dialect(model, stage, index);
            let known = known_variables(stage, index);
            for script in texts {
                let dialect = match &script.interpreter {
                    Some(program) => dialect(program),
                    None => stage_shell,
                };
                let Some(dialect) = dialect else { continue };
                // The known variables are assigned first (after a `#!`
                // line), so ShellCheck neither reports them as unassigned
                // nor, where their value is safe, as unquoted; what it
                // says about that line is dropped.
                let original = script.text.as_str();
                let at = match original.strip_prefix("#!") {
                    Some(_) => original.find('\n').map_or(original.len(), |i| i + 1),
                    None => 0,
                };
                let mut line = String::new();
                if !known.is_empty() {
                    if at > 0 && !original[..at].ends_with('\n') {
                        line.push('\n');
                    }
                    line += &format!("export {}\n", known.join(" "));
                }
                let text = format!("{}{line}{}", &original[..at], &original[at..]);
                jobs.push(Job {
                    instruction: index,
                    inserted: (at, line.len()),
                    script,
                    request: Request {
                        script: text,
                        dialect,
                        exclude: exclude.clone(),
                        timeout,
                    },
                });
            }
        }
    }
    let results = run_all(&jobs);
    let configured = cx.settings.severities.iter().any(|(id, _)| *id == cx_id());
    for (job, result) in jobs.iter().zip(results) {
        match result {
            Ok(findings) => {
                for finding in findings.iter() {
                    report(cx, job, finding, configured);
                }
            }
            Err(error) => {
                let missing = matches!(error, Error::Missing(_));
                let span = model.instruction(job.instruction).keyword().span;
                let message = if missing {
                    "`shellcheck` is not installed: the RUN scripts of this file were not checked"
                        .to_string()
                } else {
                    format!("this script was not checked: {error}")
                };
                let diagnostic = cx.report(span, message);
                if missing {
                    diagnostic.help(shellcheck::INSTALL_HINT);
                    return;
                }
            }
        }
    }
}

fn cx_id() -> &'static str {
    SHELLCHECK.id
}

/// Reports one ShellCheck finding at its place in the Dockerfile.
fn report(cx: &mut Context, job: &Job, finding: &Finding, configured: bool) {
    let text = &job.script.text;
    let (at, len) = job.inserted;
    // An offset of the request's script → one of the script; `None` in
    // the inserted line.
    let back = |offset: usize| match offset {
        o if o < at => Some(o),
        o if o >= at + len => Some(o - len),
        _ => None,
    };
    let request = &job.request.script;
    let Some(start) = back(shellcheck::offset(request, finding.line, finding.column)) else {
        return;
    };
    let end = shellcheck::offset(request, finding.end_line, finding.end_column);
    let end = back(end).unwrap_or(start).clamp(start, text.len());
    let span = job.script.source_span(start, end);
    let code = format!("SC{}", finding.code);
    let diagnostic = cx.report(span, format!("{code}: {}", sentence(&finding.message)));
    diagnostic.help(format!("see https://www.shellcheck.net/wiki/{code}"));
    diagnostic.code = Some(code.into());
    if !configured {
        diagnostic.severity = match finding.level.as_str() {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            _ => Severity::Info,
        };
    }
}

/// ShellCheck's message in fromlint's style: lowercase first word (unless
/// it is a name in capitals) and no trailing period.
fn sentence(message: &str) -> String {
    let message = message.trim().trim_end_matches('.');
    let mut chars = message.chars();
    let first = chars.next();
    let second = chars.next();
    match (first, second) {
        (Some(a), Some(b)) if a.is_uppercase() && !b.is_uppercase() => a
            .to_lowercase()
            .chain(message[a.len_utf8()..].chars())
            .collect(),
        _ => message.to_string(),
    }
}

/// Runs the jobs, several at a time, keeping their order.
fn run_all(jobs: &[Job]) -> Vec<Result<std::sync::Arc<Vec<Finding>>, Error>> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len());
    if workers <= 1 {
        return jobs.iter().map(|j| shellcheck::check(&j.request)).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<_> = (0..jobs.len()).map(|_| None).collect();
    let done: Vec<Vec<(usize, _)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(job) = jobs.get(i) else { break };
                        done.push((i, shellcheck::check(&job.request)));
                    }
                    done
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    for (i, result) in done.into_iter().flatten() {
        results[i] = Some(result);
    }
    results
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err(Error::Failed("the check did not run".into()))))
        .collect()
}

/// ShellCheck's dialect for a shell program; `None` for shells it does
/// not know (`zsh`) and programs that are not shells.
fn dialect(program: &str) -> Option<&'static str> {
    match crate::shell::basename(program) {
        "sh" | "ash" => Some("sh"),
        "bash" => Some("bash"),
        "dash" => Some("dash"),
        "ksh" | "mksh" | "pdksh" => Some("ksh"),
        _ => None,
    }
}

/// The dialect of the RUN scripts of `stage` at instruction `index`: a
/// `# hadolint shell=` comment after the last `SHELL`, else that `SHELL`,
/// else the base image's `/bin/sh`, else `sh`.
fn stage_dialect(model: &Model, stage: &Stage, index: usize) -> Option<&'static str> {
    let run_start = model.instruction(index).span.start();
    let stage_start = model.instruction(stage.from).span.start();
    let first_from = model
        .stages
        .first()
        .map_or(0, |s| model.instruction(s.from).span.start());
    let last_shell = stage
        .body
        .iter()
        .copied()
        .rev()
        .find(|&i| i < index && model.instruction(i).kind == Keyword::Shell)
        .map(|i| model.instruction(i).span.start());
    let pragma = model
        .shell_pragmas()
        .into_iter()
        .rev()
        .find(|&(at, _)| {
            at < run_start
                && (at > stage_start || at < first_from)
                && last_shell.is_none_or(|s| at > s)
        })
        .map(|(_, shell)| shell);
    if let Some(program) = pragma {
        return dialect(program);
    }
    if let Some(program) = stage.facts.shell_program(index) {
        return dialect(program);
    }
    let sh = model.describe(stage).and_then(|d| d.sh_program());
    dialect(sh.unwrap_or("sh"))
}

/// `NAME='value'` (or `NAME=1` when the value is unknown) for each
/// variable ShellCheck should take as assigned before RUN `index`: the
/// stage's `ARG` and `ENV` (its own and inherited) and the arguments every
/// build defines; valid shell names only, sorted.
fn known_variables(stage: &Stage, index: usize) -> Vec<String> {
    let mut names: Vec<&str> = stage
        .facts
        .defined_names()
        .into_iter()
        .filter(|n| stage.facts.is_set(index, n))
        .chain(BUILTIN_ARGS.iter().copied())
        .filter(|n| is_name(n))
        .collect();
    names.sort_unstable();
    names.dedup();
    names
        .into_iter()
        .map(|name| match stage.facts.variable(index, name) {
            Some(value) => format!("{name}='{}'", value.replace('\'', "'\\''")),
            None => format!("{name}=1"),
        })
        .collect()
}

fn is_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}
