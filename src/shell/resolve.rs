//! Command resolution: the program a simple command really runs behind
//! wrappers (`sudo`, `env VAR=…`, `xargs`, `nice`, `time`, `exec`,
//! `command`, `nohup`, `timeout`, `stdbuf`, `gosu`), and the script string
//! of `sh -c '…'`, `bash -c "…"`, `su -c '…'` and `env -S '…'`.

use super::ast::{Resolution, Script, SimpleCommand, Word};
use super::parser::is_assignment;
use super::walk;

/// What a command runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resolved {
    /// Index in the command's words of the program it runs (a wrapper
    /// given no command is its own program).
    pub program: usize,
    /// Index of the word holding a script the program runs (`sh -c`).
    pub script: Option<usize>,
}

/// The last path component: `/usr/bin/pip3` → `pip3`.
pub fn basename(path: &str) -> &str {
    // A byte loop: names are short, and this runs for every word a lint
    // looks at.
    match path.bytes().rposition(|b| b == b'/') {
        Some(slash) => &path[slash + 1..],
        None => path,
    }
}

/// Whether `program` (a path or name) is a POSIX-like shell.
pub fn is_shell(program: &str) -> bool {
    matches!(
        basename(program),
        "sh" | "bash" | "dash" | "ash" | "zsh" | "ksh" | "mksh"
    )
}

/// Skips the options of a wrapper from `i`: words starting with `-`, the
/// values of `with_value` options, up to `--`.
fn skip_options(words: &[Word], mut i: usize, with_value: &[&str]) -> usize {
    while let Some(word) = words.get(i) {
        let text = word.text.as_str();
        if text == "--" {
            return i + 1;
        }
        if !text.starts_with('-') || text == "-" {
            return i;
        }
        i += if with_value.contains(&text) { 2 } else { 1 };
    }
    i
}

fn skip_assignments(words: &[Word], mut i: usize) -> usize {
    while words.get(i).is_some_and(is_assignment) {
        i += 1;
    }
    i
}

/// Resolves the program of `words` (assignments included).
pub fn resolve(words: &[Word]) -> Resolved {
    let mut i = skip_assignments(words, 0);
    // Each wrapper consumes at least one word, so this ends.
    loop {
        let Some(word) = words.get(i) else {
            return Resolved {
                program: i.min(words.len().saturating_sub(1)),
                script: None,
            };
        };
        let here = Resolved {
            program: i,
            script: None,
        };
        let Some(name) = word.value().map(basename) else {
            return here;
        };
        let next = match name {
            "sudo" => {
                let j = skip_options(
                    words,
                    i + 1,
                    &["-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "-T"],
                );
                skip_assignments(words, j)
            }
            "env" => {
                let mut j = i + 1;
                while let Some(w) = words.get(j) {
                    match w.text.as_str() {
                        "-S" | "--split-string" => {
                            return Resolved {
                                program: i,
                                script: (j + 1 < words.len()).then_some(j + 1),
                            };
                        }
                        "-u" | "--unset" | "-C" | "--chdir" => j += 2,
                        "--" => {
                            j += 1;
                            break;
                        }
                        t if t.starts_with('-') && t != "-" => j += 1,
                        _ if is_assignment(w) => j += 1,
                        _ => break,
                    }
                }
                j
            }
            "xargs" => skip_options(
                words,
                i + 1,
                &["-I", "-n", "-P", "-L", "-s", "-d", "-E", "-a", "-e"],
            ),
            "nice" => skip_options(words, i + 1, &["-n"]),
            "time" => skip_options(words, i + 1, &["-f", "-o"]),
            "exec" => skip_options(words, i + 1, &["-a"]),
            "command" => {
                if words
                    .get(i + 1)
                    .is_some_and(|w| matches!(w.text.as_str(), "-v" | "-V"))
                {
                    return here;
                }
                skip_options(words, i + 1, &[])
            }
            "nohup" | "chronic" => i + 1,
            "stdbuf" => skip_options(words, i + 1, &["-i", "-o", "-e"]),
            "ionice" => skip_options(words, i + 1, &["-c", "-n", "-p"]),
            "timeout" => skip_options(words, i + 1, &["-s", "-k", "--signal", "--kill-after"]) + 1,
            "gosu" | "su-exec" => i + 2,
            "tini" | "dumb-init" => skip_options(words, i + 1, &["-s", "-p", "-e"]),
            "su" => {
                let script = words[i + 1..]
                    .iter()
                    .position(|w| w.text == "-c" || w.text == "--command")
                    .map(|k| i + 1 + k + 1)
                    .filter(|&k| k < words.len());
                return Resolved { program: i, script };
            }
            _ if is_shell(name) => return shell_script(words, i),
            _ => return here,
        };
        if next >= words.len() {
            return here;
        }
        i = next;
    }
}

/// `sh [-e] -c 'script' [name args…]`: the script word.
fn shell_script(words: &[Word], i: usize) -> Resolved {
    let mut command = false;
    let mut j = i + 1;
    while let Some(w) = words.get(j) {
        let text = w.text.as_str();
        if text == "--" {
            j += 1;
            break;
        }
        if text == "-o" || text == "+o" {
            j += 2;
            continue;
        }
        if let Some(flags) = text.strip_prefix('-').or_else(|| text.strip_prefix('+')) {
            if flags.is_empty() {
                j += 1;
                break;
            }
            if !flags.starts_with('-') && flags.contains('c') {
                command = true;
            }
            j += 1;
            continue;
        }
        break;
    }
    Resolved {
        program: i,
        script: (command && j < words.len()).then_some(j),
    }
}

impl Resolution {
    /// What a command of `words` runs, compacted; worked out once, when the
    /// parser completes the command.
    pub(super) fn of(words: &[Word]) -> Resolution {
        let Resolved { program, script } = resolve(words);
        let compact = |i: usize| u32::try_from(i).ok().filter(|&i| i != u32::MAX);
        // A command of four billion words cannot be read: resolve it as
        // empty rather than wrongly.
        match (compact(program), script.map(compact)) {
            (Some(program), None) => Resolution {
                program,
                script: u32::MAX,
            },
            (Some(program), Some(Some(script))) => Resolution { program, script },
            _ => Resolution::default(),
        }
    }
}

impl SimpleCommand {
    /// What this command runs.
    pub fn resolve(&self) -> Resolved {
        let Resolution { program, script } = self.resolution();
        Resolved {
            program: program as usize,
            script: (script != u32::MAX).then_some(script as usize),
        }
    }

    /// The program and its arguments, wrappers and assignments skipped.
    pub fn program(&self) -> &[Word] {
        let resolved = self.resolve();
        self.words.get(resolved.program..).unwrap_or_default()
    }

    /// Whether the command is a shell that reads its script from standard
    /// input: no `-c`, no script file operand (`bash`, `sh -e`, `bash -s x`).
    pub fn is_shell_reading_stdin(&self) -> bool {
        let resolved = self.resolve();
        let Some(program) = self.words.get(resolved.program) else {
            return false;
        };
        if resolved.script.is_some() || !program.value().is_some_and(is_shell) {
            return false;
        }
        let rest = &self.words[resolved.program + 1..];
        let mut operands = rest
            .iter()
            .skip_while(|w| w.text.starts_with('-') || w.text.starts_with('+'));
        let reads_stdin = rest.iter().any(|w| {
            w.text
                .strip_prefix('-')
                .is_some_and(|f| !f.starts_with('-') && f.contains('s'))
        });
        reads_stdin || operands.next().is_none()
    }
}

/// How deep scripts inside scripts (`sh -c "sh -c '…'"`, heredocs fed to
/// a shell) are followed.
pub const MAX_SCRIPT_DEPTH: usize = 8;

/// Parses the script strings of `sh -c '…'` and the like inside `script`,
/// with offsets mapped back through the quoting of the word that carries
/// them.
pub fn nest(script: &mut Script) {
    nest_at(script, 0);
}

fn nest_at(script: &mut Script, depth: usize) {
    if depth >= MAX_SCRIPT_DEPTH {
        return;
    }
    walk::simple_commands_mut(&mut script.body, &mut |command| {
        if command.nested().is_some() {
            return;
        }
        let Some(index) = command.resolve().script else {
            return;
        };
        let word = &command.words[index];
        let mut inner = super::parser::parse(&word.text);
        inner.remap(word);
        nest_at(&mut inner, depth + 1);
        command.set_nested(inner);
    });
}
