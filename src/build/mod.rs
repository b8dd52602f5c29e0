//! What a stage's instructions do, read from the model: RUN commands, OS
//! package installs, environment and working directory, binaries built and
//! language packages installed. Lints share these readings; none of it
//! carries facts about images (those are in `knowledge`).

pub mod binaries;
pub mod context;
pub mod env;
pub mod packages;
pub mod python;
mod runs;

pub use runs::Runs;

use crate::model::budget::Budget;
use std::borrow::Cow;

use crate::model::{Model, RunCommand, Stage};
use crate::shell::{PartKind, Place, Quote, SimpleCommand, Word};
use crate::syntax::Instruction;

/// One RUN instruction of a stage and the simple commands it executes.
pub struct Run<'m> {
    /// The stage the RUN is in.
    pub stage: &'m Stage,
    pub index: usize,
    pub instruction: &'m Instruction<'m>,
    pub commands: &'m [Command<'m>],
}

/// A simple command of a RUN, its words with ENV/ARG values substituted
/// where the model knows them (`pip install $PKGS`).
///
/// One for each of a file's commands, all kept to the end of linting, so
/// compact (24 bytes): the RUN instruction and stage are the table's to
/// know ([`Runs::commands`]), the program's index is 32 bits (an input is
/// at most 64 MiB), the substituted words, which few commands have, are
/// behind one thin pointer, and where a package manager's or pip's
/// subcommand is is found again when asked, for the few commands that
/// run one.
pub struct Command<'m> {
    pub command: &'m SimpleCommand,
    /// The words with variables substituted, when any were (else the
    /// command's own words are read): see [`Command::words`].
    expanded: Option<Box<Box<[Word]>>>,
    /// Index in `words` of the program (see [`crate::shell::resolve`]).
    program: u32,
    /// What the program is, found once for every lint that asks.
    kind: ProgramKind,
    pub place: Place,
}

const _: () = assert!(size_of::<Command>() == 24);

/// What kind of program a [`Command`] runs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ProgramKind {
    Other,
    /// A package manager with a subcommand ([`packages::subcommand`]).
    Package,
    /// pip with a subcommand ([`crate::pip::locate`]).
    Pip,
}

impl Command<'_> {
    /// Source span of a word's value.
    pub fn span_of(&self, word: &Word) -> crate::span::Span {
        word.value_span()
    }

    /// The words, assignments first; a word whose variables were
    /// substituted points at the span of the word as written.
    pub fn words(&self) -> &[Word] {
        match &self.expanded {
            Some(words) => words,
            None => &self.command.words,
        }
    }

    /// The command without `sudo`, `env` and `NAME=value` prefixes.
    pub fn program(&self) -> &[Word] {
        self.words()
            .get(self.program as usize..)
            .unwrap_or_default()
    }

    /// The `NAME=value` words before the program (`env` ones included).
    pub fn assignments(&self) -> impl Iterator<Item = &Word> {
        let words = self.words();
        words[..(self.program as usize).min(words.len())]
            .iter()
            .filter(|w| crate::shell::is_assignment(w))
    }

    /// The package manager and the index in [`Command::program`] of its
    /// subcommand (see [`packages::subcommand`]).
    pub fn package_subcommand(&self) -> Option<(packages::Manager, usize)> {
        (self.kind == ProgramKind::Package)
            .then(|| packages::subcommand(self.program()))
            .flatten()
    }

    /// The OS package install the command performs (see
    /// [`packages::install`]).
    pub fn install(&self) -> Option<packages::Install<'_>> {
        let (manager, verb) = self.package_subcommand()?;
        packages::install_at(self.program(), manager, verb)
    }

    /// The command as a pip `sub` command (see
    /// [`crate::pip::pip_subcommand`]).
    pub fn pip(&self, sub: &str) -> Option<crate::pip::PipInstall<'_>> {
        if self.kind != ProgramKind::Pip {
            return None;
        }
        crate::pip::pip_subcommand(self.program(), sub)
    }

    /// The command as `pip install` (see [`crate::pip::pip_install`]).
    pub fn pip_install(&self) -> Option<crate::pip::PipInstall<'_>> {
        self.pip("install")
    }
}

/// The words of `command` with the variables `lookup` knows substituted:
/// an unquoted `$PKGS` splits into its words (as the shell does), a word
/// with a variable among other text becomes one word. Borrowed when
/// nothing changes. A substituted word is charged to the file's `budget`
/// of derived text; past it, the word is left as written.
pub fn expand_words<'m, 'v>(
    command: &'m SimpleCommand,
    lookup: &dyn Fn(&str) -> Option<&'v str>,
    budget: &Budget,
) -> Cow<'m, [Word]> {
    let expandable = |w: &Word| w.parameters().any(|name| lookup(name).is_some());
    if !command.words.iter().any(expandable) {
        return Cow::Borrowed(&command.words);
    }
    let mut out = Vec::with_capacity(command.words.len());
    for word in &command.words {
        if !expandable(word) {
            out.push(word.clone());
            continue;
        }
        // Only `$NAME` and `${NAME}`: other forms are left as written.
        let mut text = String::new();
        let mut split = false;
        let mut ok = true;
        let limit = budget.limit(word.text.len());
        for part in word.parts().iter() {
            let raw = &word.text[part.start()..part.end()];
            let plain = word
                .parameter_name(part)
                .filter(|name| plain_reference(raw, name));
            match (part.kind, plain) {
                (PartKind::Parameter, Some(name)) => match lookup(name) {
                    Some(value) if text.len() + value.len() <= limit => {
                        split |= part.quote == Quote::None;
                        text.push_str(value);
                    }
                    _ => ok = false,
                },
                (PartKind::Literal, _) => text.push_str(raw),
                _ => ok = false,
            }
            if !ok {
                break;
            }
        }
        if !ok || !budget.spend(text.len()) {
            out.push(word.clone());
        } else if split {
            out.extend(
                text.split_whitespace()
                    .map(|t| Word::synthetic(t.to_string(), word.span())),
            );
        } else {
            out.push(Word::synthetic(text, word.span()));
        }
    }
    Cow::Owned(out)
}

/// Whether `raw` is `$name` or `${name}`.
fn plain_reference(raw: &str, name: &str) -> bool {
    raw.strip_prefix('$').is_some_and(|rest| {
        rest == name || rest.strip_prefix('{').and_then(|r| r.strip_suffix('}')) == Some(name)
    })
}

impl<'m> Command<'m> {
    /// The command as the model lists it, in RUN `instruction` of `stage`.
    pub fn run(&self, instruction: usize, stage: usize) -> RunCommand<'m> {
        RunCommand {
            instruction,
            stage,
            command: self.command,
            place: self.place,
        }
    }

    fn new(model: &'m Model, run: RunCommand<'m>) -> Command<'m> {
        let facts = &model.stages[run.stage].facts;
        let lookup = |name: &str| facts.variable(run.instruction, name);
        let words = expand_words(run.command, &lookup, model.budget());
        let program = match &words {
            Cow::Borrowed(_) => run.command.resolve().program,
            Cow::Owned(words) => crate::shell::resolve(words).program,
        };
        let words_of_program = words.get(program..).unwrap_or_default();
        let kind = if packages::subcommand(words_of_program).is_some() {
            ProgramKind::Package
        } else if crate::pip::locate(words_of_program).is_some() {
            ProgramKind::Pip
        } else {
            ProgramKind::Other
        };
        Command {
            command: run.command,
            place: run.place,
            expanded: match words {
                Cow::Borrowed(_) => None,
                Cow::Owned(words) => Some(Box::new(crate::exact::slice(words))),
            },
            program: program as u32,
            kind,
        }
    }
}

impl Run<'_> {
    /// Whether a `--mount=type=cache` of this RUN covers `path`: its target
    /// contains `path`, or is a directory above it.
    pub fn caches(&self, path: &str) -> bool {
        self.instruction
            .effective()
            .flags()
            .iter()
            .filter(|f| f.name == "mount")
            .filter_map(|f| f.value.as_deref())
            .any(|v| {
                v.split(',').any(|kv| kv == "type=cache")
                    && v.split(',').any(|kv| {
                        kv.split_once('=').is_some_and(|(k, target)| {
                            let target = target.trim_end_matches('/');
                            matches!(k, "target" | "dst" | "destination")
                                && (target.contains(path)
                                    || path.starts_with(&format!("{target}/")))
                        })
                    })
            })
    }

    /// Where a command appended to the RUN goes (` && cleanup`): the end of
    /// the command the RUN line ends with. `None` for heredocs (the script
    /// is not on the RUN line), RUNs fromlint could not read as one script
    /// and RUNs that end in a comment.
    pub fn append_point(&self, model: &Model) -> Option<usize> {
        match model.run_scripts(self.index) {
            [script] if !script.heredoc && self.instruction.effective().heredocs().is_empty() => {
                let last = script.tree.body.last_command()?;
                let words = last.words.iter().map(|w| w.span().end());
                let end = words
                    .chain(last.redirects().iter().map(|r| r.span.end()))
                    .max()
                    .unwrap_or(last.span.end());
                // Not into a comment that ends the line (`… # note`).
                let rest = model.source.get(end..self.instruction.span.end())?;
                (!rest.contains('#')).then_some(end)
            }
            _ => None,
        }
    }

    /// Whether any command of the RUN mentions `text`.
    pub fn mentions(&self, text: &str) -> bool {
        self.commands
            .iter()
            .any(|c| c.words().iter().any(|w| w.text.contains(text)))
    }
}

/// When `program` is a package manager (`apt-get`, `apk`, `dnf`…) other
/// than the one of the image `stage` starts from, that image's manager
/// (`apk` for an Alpine base): the command cannot run there. `None` when
/// it fits, the base is unknown, or the RUN (instruction `index`) chooses
/// its manager at build time (see [`chooses_package_manager`]).
pub fn foreign_package_manager(
    model: &Model,
    stage: &Stage,
    index: usize,
    program: &str,
) -> Option<&'static str> {
    let used = packages::manager_of(program)?;
    let known = model.describe(stage)?.package_manager?;
    (packages::manager_of(known)? != used && !chooses_package_manager(model, index))
        .then_some(known)
}

/// Whether a RUN is written for several distributions: it runs more than
/// one package manager, or probes for one (`command -v apk`, `which`,
/// `[ -x /sbin/apk ]`, `/etc/os-release`). Remembered per RUN.
pub fn chooses_package_manager(model: &Model, index: usize) -> bool {
    model.chooses_package_manager(index, || reads_package_managers(model, index))
}

/// [`chooses_package_manager`], read from the RUN's commands.
fn reads_package_managers(model: &Model, index: usize) -> bool {
    const PROBES: &[&str] = &[
        "command",
        "which",
        "type",
        "hash",
        "/etc/os-release",
        "/etc/alpine-release",
        "/etc/debian_version",
        "/etc/redhat-release",
    ];
    let commands = model.run_commands(index);
    let mut managers = commands
        .iter()
        .filter_map(|c| c.words().first())
        .filter_map(|w| packages::manager_of(&w.text));
    let first = managers.next();
    let several = managers.any(|m| Some(m) != first);
    several
        || commands.iter().any(|c| {
            let words = c.words();
            words.iter().any(|w| PROBES.contains(&w.text.as_str()))
                || words
                    .first()
                    .is_some_and(|w| matches!(w.text.as_str(), "[" | "test"))
                    && words
                        .iter()
                        .any(|w| matches!(w.text.as_str(), "-x" | "-f" | "-e"))
        })
}

/// The final stage, when the image it builds starts an application (see
/// [`runs_an_application`]); lints about what ships use it.
pub fn application_stage<'m>(model: &'m Model) -> Option<&'m Stage> {
    model.final_stage().filter(|_| runs_an_application(model))
}

/// Whether the final image starts an application: its command (the last
/// `CMD`, or `ENTRYPOINT` without one) exists and is not only a shell or a
/// bare interpreter or build tool (`python3`, `node`, `gradle`) or a
/// keep-alive (`sleep infinity`), and it has no `ONBUILD` triggers.
/// Base and tool images, meant to be built on or run with a command of the
/// user's choosing, fail this test.
pub fn runs_an_application(model: &Model) -> bool {
    const BARE: &[&str] = &[
        "bash",
        "sh",
        "zsh",
        "ash",
        "dash",
        "python",
        "pypy",
        "jython",
        "node",
        "irb",
        "ruby",
        "perl",
        "php",
        "jshell",
        "ghci",
        "iex",
        "erl",
        "pwsh",
        "powershell",
        "cmd",
        "gradle",
        "mvn",
        "make",
        "cmake",
        "cargo",
        "go",
        "gcc",
        "ant",
        "sbt",
        "julia",
        "R",
        "ghc",
        "swift",
        "dotnet",
    ];
    let Some(last) = model.final_stage() else {
        return false;
    };
    if last.facts.onbuild {
        return false;
    }
    let Some(command) = final_command(model) else {
        return false;
    };
    if command.passes_on {
        return false;
    }
    let command = command.words;
    // `perl5.40.1`, `python3.12`, `pypy3` → `perl`, `python`, `pypy`.
    let Some(first) = command.first() else {
        return false;
    };
    let program =
        crate::pip::basename(first).trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    let only_flags = command[1..].iter().all(|a| a.starts_with('-'));
    // `tool --help`, `go version`: the image only describes itself.
    let informational = command.len() > 1
        && command[1..].iter().all(|a| {
            matches!(
                a.as_str(),
                "version" | "--version" | "-v" | "help" | "--help" | "-h"
            )
        });
    if informational {
        return false;
    }
    // `sleep infinity` and `tail -f /dev/null` keep development containers alive.
    let shell_or_idle = matches!(program, "bash" | "sh" | "zsh" | "ash" | "sleep" | "tail");
    !(shell_or_idle || BARE.contains(&program) && only_flags)
}

/// What the final image runs: the one reading of ENTRYPOINT and CMD that
/// every lint uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinalCommand {
    /// The main program and its arguments, wrappers (`tini --`, `gosu
    /// user`, `exec`, `sh -c`) skipped, and a shell running a script file
    /// (`bash start.sh`) read as the script.
    pub words: Vec<String>,
    /// Only a wrapper that runs whatever command it is given
    /// (`ENTRYPOINT ["tini", "--"]` without a CMD).
    pub passes_on: bool,
}

impl FinalCommand {
    /// The program's name (basename).
    pub fn program(&self) -> Option<&str> {
        self.words.first().map(|p| crate::pip::basename(p))
    }

    /// Whether the program is `java` (`java -jar app.jar`, `java -cp …`):
    /// a Java runtime, not a JDK, runs it.
    pub fn runs_java(&self) -> bool {
        self.program() == Some("java")
    }
}

/// A shell given a script file (`bash start.sh`, `sh -e run.sh x`) runs that
/// script: its words from the script on. `None` for a shell with no
/// operand (interactive, or reading standard input) and for other programs.
fn shell_script(words: &[String]) -> Option<Vec<String>> {
    let first = words.first()?;
    if !crate::shell::is_shell(first) {
        return None;
    }
    // Options that take a value (`-o pipefail`, `+O extglob`).
    let mut i = 1;
    while let Some(word) = words.get(i) {
        match word.as_str() {
            "--" => {
                i += 1;
                break;
            }
            "-o" | "+o" | "-O" | "+O" | "--rcfile" | "--init-file" => i += 2,
            "-" | "-s" | "-i" => return None,
            w if w.starts_with('-') || w.starts_with('+') => i += 1,
            _ => break,
        }
    }
    let rest = words.get(i..).filter(|r| !r.is_empty())?;
    Some(rest.to_vec())
}

/// `words` with a shell running a script file read as the script.
fn through_shell(words: Vec<String>) -> Vec<String> {
    shell_script(&words).unwrap_or(words)
}

/// The final image's command by Docker's rules (the semantic pass applies
/// them: a later ENTRYPOINT resets an inherited CMD, both inherit through
/// `FROM <stage>`). An entrypoint script, `tini` or `dumb-init` hands over
/// to the CMD, so the CMD's program is the main one; otherwise the
/// ENTRYPOINT's is. An entrypoint script with no CMD gets no arguments
/// (Docker clears the inherited CMD when ENTRYPOINT is set), so the script
/// is the application; only a bare wrapper (`tini --`) with no CMD passes
/// on a command the user gives.
pub fn final_command(model: &Model) -> Option<FinalCommand> {
    let facts = &model.final_stage()?.facts;
    let entry = facts.entrypoint.as_ref().filter(|e| !e.is_empty());
    let cmd = facts.cmd.as_ref().filter(|c| !c.is_empty());
    let entry_words = entry.map(|e| through_shell(e.program()));
    let cmd_words = cmd.map(|c| through_shell(c.program()));
    let script = |words: &[String]| {
        words.len() == 1 && {
            let name = crate::pip::basename(&words[0]);
            name.contains("entrypoint") || name.ends_with(".sh")
        }
    };
    match (entry_words, cmd_words) {
        (Some(words), Some(cmd)) if words.is_empty() || script(&words) => Some(FinalCommand {
            words: cmd,
            passes_on: false,
        }),
        (Some(words), None) => Some(FinalCommand {
            passes_on: words.is_empty() || script(&words) && !ships_more_than(model, &words[0]),
            words,
        }),
        (Some(mut words), Some(_)) => {
            // An exec-form ENTRYPOINT gets the exec-form CMD as arguments.
            if let Some(cmd) = cmd.filter(|c| c.exec && entry.is_some_and(|e| e.exec)) {
                words.extend(cmd.args.iter().cloned());
            }
            Some(FinalCommand {
                words,
                passes_on: false,
            })
        }
        (None, Some(words)) => Some(FinalCommand {
            words,
            passes_on: false,
        }),
        (None, None) => None,
    }
}

/// Whether the final image's stages copy in anything besides `script`
/// (application files, a build's output): an entrypoint script with no CMD
/// in an image that ships nothing else is a base image's hand-over (the
/// Temurin images' `__cacert_entrypoint.sh`), not an application.
fn ships_more_than(model: &Model, script: &str) -> bool {
    let Some(last) = model.final_stage() else {
        return false;
    };
    let name = crate::pip::basename(script);
    model.chain(last).iter().any(|stage| {
        stage.body.iter().any(|&i| {
            let instruction = model.instruction(i).effective();
            matches!(
                instruction.kind,
                crate::syntax::Keyword::Copy | crate::syntax::Keyword::Add
            ) && {
                let (sources, dest) = crate::model::copy_paths(instruction);
                let is_script =
                    |path: &str| crate::pip::basename(path.trim_end_matches('/')) == name;
                !dest.as_deref().is_some_and(is_script) && !sources.iter().all(|s| is_script(s))
            }
        })
    })
}

/// Whether the final image runs only Java code it was given: its command is
/// `java` and no RUN of its stages builds Java (`mvn`, `./gradlew`,
/// `javac`…), so a Java runtime (a JRE) is all it needs.
pub fn runs_only_java<'m>(runs: &'m Runs<'m>) -> bool {
    let model = runs.model();
    const BUILDERS: &[&str] = &[
        "mvn",
        "mvnw",
        "gradle",
        "gradlew",
        "javac",
        "ant",
        "sbt",
        "lein",
        "jlink",
        "jar",
        "native-image",
        "kotlinc",
        "scalac",
    ];
    final_command(model).is_some_and(|c| c.runs_java())
        && !runs.final_image().iter().any(|run| {
            run.commands.iter().any(|c| {
                c.program()
                    .first()
                    .is_some_and(|w| BUILDERS.contains(&crate::pip::basename(&w.text)))
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        text.split(' ').map(str::to_string).collect()
    }

    #[test]
    fn a_shell_with_a_script_file_runs_the_script() {
        assert_eq!(
            shell_script(&words("bash start.sh")),
            Some(words("start.sh"))
        );
        assert_eq!(
            shell_script(&words("/bin/sh -e -o pipefail run.sh --port 80")),
            Some(words("run.sh --port 80"))
        );
        assert_eq!(shell_script(&words("bash -l")), None);
        assert_eq!(shell_script(&words("sh -s x")), None);
        assert_eq!(shell_script(&words("python app.py")), None);
    }
}
