//! What a stage's instructions do, read from the model: RUN commands, OS
//! package installs, environment and working directory, binaries built and
//! language packages installed. Lints share these readings; none of it
//! carries facts about images (those are in `knowledge`).

pub mod binaries;
pub mod context;
pub mod env;
pub mod packages;
pub mod python;

use crate::model::{Model, Script, Stage};
use crate::shell::Word;
use crate::syntax::Instruction;

/// One RUN instruction of a stage, split into simple commands.
pub struct Run<'m> {
    pub index: usize,
    pub instruction: &'m Instruction,
    pub commands: Vec<Command<'m>>,
}

/// A simple command with the script it came from (for spans).
pub struct Command<'m> {
    pub script: Script<'m>,
    pub words: &'m [Word],
}

impl Command<'_> {
    /// Source span of a word.
    pub fn span_of(&self, word: &Word) -> crate::span::Span {
        let (start, end) = word.range(0, word.text.len());
        self.script.span(start, end)
    }

    /// The command without `sudo`, `env` and `NAME=value` prefixes.
    pub fn program(&self) -> &[Word] {
        crate::pip::skip_prefixes(self.words)
    }
}

impl Run<'_> {
    /// Whether a `--mount=type=cache` of this RUN covers `path`: its target
    /// contains `path`, or is a directory above it.
    pub fn caches(&self, path: &str) -> bool {
        self.instruction
            .effective()
            .flags
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

    /// Whether any command of the RUN mentions `text`.
    pub fn mentions(&self, text: &str) -> bool {
        self.commands
            .iter()
            .any(|c| c.words.iter().any(|w| w.text.contains(text)))
    }
}

/// The RUN instructions of one stage (not the stages it builds on).
pub fn runs<'m>(model: &'m Model, stage: &'m Stage) -> Vec<Run<'m>> {
    stage
        .body
        .iter()
        .filter_map(|&index| {
            let instruction = model.instruction(index);
            let scripts = Script::of_run(instruction, model.source);
            if scripts.is_empty() {
                return None;
            }
            let commands = scripts
                .into_iter()
                .zip(model.commands(index))
                .flat_map(|(script, commands)| {
                    commands.iter().map(move |words| Command {
                        script: script.clone(),
                        words,
                    })
                })
                .collect();
            Some(Run {
                index,
                instruction,
                commands,
            })
        })
        .collect()
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
    use crate::syntax::Keyword;
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
    let mut entry: Option<Vec<String>> = None;
    let mut cmd: Option<Vec<String>> = None;
    for stage in model.chain(last).into_iter().rev() {
        for &i in &stage.body {
            let instruction = model.instruction(i);
            if instruction.kind == Keyword::Onbuild {
                return false;
            }
            let words = instruction.command_words();
            match instruction.kind {
                Keyword::Entrypoint => entry = Some(words),
                Keyword::Cmd => cmd = Some(words),
                _ => {}
            }
        }
    }
    let command = match (cmd, entry) {
        (Some(cmd), _) if !cmd.is_empty() => cmd,
        // An entrypoint script alone passes on whatever command it is given.
        (_, Some(entry)) if entry.len() == 1 && entry[0].contains("entrypoint") => return false,
        (_, Some(entry)) if !entry.is_empty() => entry,
        _ => return false,
    };
    // `perl5.40.1`, `python3.12`, `pypy3` → `perl`, `python`, `pypy`.
    let program = crate::pip::basename(&command[0])
        .trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
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
