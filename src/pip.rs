//! `pip install` invocations in shell commands, and the requirement
//! specifiers they name (a PEP 440/508 subset: name, extras, version clauses).

use std::cmp::Ordering;

use crate::shell::Word;

/// One requirement argument of `pip install`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement<'w> {
    pub word: &'w Word,
    pub name: String,
    /// Byte range of the name within `word.text`.
    pub name_end: usize,
    pub clauses: Vec<(String, String)>,
}

/// Options of `pip install` that take a value (so the next word is not a
/// requirement).
const OPTIONS_WITH_VALUE: &[&str] = &[
    "-r",
    "--requirement",
    "-c",
    "--constraint",
    "-e",
    "--editable",
    "-t",
    "--target",
    "--prefix",
    "--root",
    "--src",
    "-i",
    "--index-url",
    "--extra-index-url",
    "-f",
    "--find-links",
    "--platform",
    "--python-version",
    "--implementation",
    "--abi",
    "--only-binary",
    "--no-binary",
    "--upgrade-strategy",
    "--progress-bar",
    "--trusted-host",
    "--cache-dir",
    "--log",
    "--timeout",
    "--retries",
    "--proxy",
    "-C",
    "--config-settings",
    "--global-option",
    "--report",
    "--python",
    "--cert",
    "--client-cert",
    "--exists-action",
    "--keyring-provider",
    "--root-user-action",
    "--group",
];

/// A `pip install` command (also `pip3`, `pip3.12`, `python -m pip`,
/// `uv pip`): the `install` word and the words after it.
pub struct PipInstall<'w> {
    /// Options written before `install` (`pip --no-cache-dir install`).
    pub options: &'w [Word],
    pub install: &'w Word,
    pub args: &'w [Word],
    /// `uv pip install`, which has its own cache and options.
    pub uv: bool,
}

pub fn pip_install(command: &[Word]) -> Option<PipInstall<'_>> {
    pip_subcommand(command, "install")
}

/// A pip command running `sub` (`install`, `wheel`, `download`), read as
/// [`pip_install`] reads `install`.
pub fn pip_subcommand<'w>(command: &'w [Word], sub: &str) -> Option<PipInstall<'w>> {
    locate(command)?.read(command, sub)
}

/// Where the parts of a pip command are among its words (found once per
/// command by [`locate`], then read for any subcommand).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PipAt {
    /// The first word after the program (`pip`, `python -m pip`, `uv pip`).
    options: u32,
    /// The subcommand: the first word after it that is not an option.
    sub: u32,
    uv: bool,
}

impl PipAt {
    /// The command as a pip `sub` command, if it runs that one.
    pub fn read<'w>(self, command: &'w [Word], sub: &str) -> Option<PipInstall<'w>> {
        let (options, at) = (self.options as usize, self.sub as usize);
        (command.get(at)?.text == sub).then(|| PipInstall {
            options: &command[options..at],
            install: &command[at],
            args: &command[at + 1..],
            uv: self.uv,
        })
    }
}

/// Where the subcommand of a pip command (`pip`, `python -m pip`,
/// `uv pip`, through `sudo` and the like) is; `None` for another command.
pub fn locate(command: &[Word]) -> Option<PipAt> {
    // The program is one of the words: without a pip, python or uv among
    // them, finding it (through `sudo`, `env`…) is not needed.
    let candidate = |w: &Word| {
        let head = unversioned(&w.text);
        named(head, "pip") || named(head, "python") || w.text == "uv"
    };
    if !command.iter().any(candidate) {
        return None;
    }
    let program = command.len() - skip_prefixes(command).len();
    let words = &command[program..];
    let (skip, uv) = match words {
        [pip, ..] if is_pip(&pip.text) => (1, false),
        [python, m, pip, ..] if is_python(&python.text) && m.text == "-m" && pip.text == "pip" => {
            (3, false)
        }
        [uv, pip, ..] if uv.text == "uv" && pip.text == "pip" => (2, true),
        _ => return None,
    };
    let options = program + skip;
    let sub = options
        + command[options..]
            .iter()
            .position(|w| !w.text.starts_with('-'))?;
    Some(PipAt {
        options: u32::try_from(options).ok()?,
        sub: u32::try_from(sub).ok()?,
        uv,
    })
}

/// The values of an option in `args` (`-r x`, `--requirement=x`).
pub fn option_values<'w>(args: &'w [Word], names: &[&str]) -> Vec<&'w Word> {
    let mut out = Vec::new();
    let mut words = args.iter();
    while let Some(word) = words.next() {
        if names.contains(&word.text.as_str()) {
            out.extend(words.next());
        }
    }
    out
}

/// The requirements of a `pip install` command, or nothing for any other
/// command.
pub fn install_requirements(command: &[Word]) -> Vec<Requirement<'_>> {
    requirements_of(command, "install")
}

/// The requirements a pip `sub` command names (`pip wheel numpy`).
pub fn requirements_of<'w>(command: &'w [Word], sub: &str) -> Vec<Requirement<'w>> {
    pip_subcommand(command, sub).map_or_else(Vec::new, |pip| requirements(&pip))
}

/// The requirements a pip command names.
pub fn requirements<'w>(pip: &PipInstall<'w>) -> Vec<Requirement<'w>> {
    let mut requirements = Vec::new();
    let mut args = pip.args.iter();
    while let Some(word) = args.next() {
        if word.text.starts_with('-') {
            if OPTIONS_WITH_VALUE.contains(&word.text.as_str())
                || matches!(word.text.as_str(), "-w" | "--wheel-dir")
            {
                args.next();
            }
            continue;
        }
        requirements.extend(parse_requirement(word));
    }
    requirements
}

/// The program and its arguments: wrappers (`sudo`, `env`, `exec`,
/// `time`, `nice`, `xargs`…) and `NAME=value` prefixes skipped (see
/// [`crate::shell::resolve`]).
pub fn skip_prefixes(words: &[Word]) -> &[Word] {
    let program = crate::shell::resolve(words).program;
    words.get(program..).unwrap_or_default()
}

pub fn is_assignment(word: &str) -> bool {
    word.split_once('=').is_some_and(|(name, _)| {
        !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

pub use crate::shell::basename;

fn is_pip(word: &str) -> bool {
    versioned(word, "pip")
}

fn is_python(word: &str) -> bool {
    versioned(word, "python")
}

/// Whether the file name of `word` is `name` and a version (`pip3.12`,
/// `/usr/bin/python3`).
fn versioned(word: &str, name: &str) -> bool {
    named(unversioned(word), name)
}

/// `word` without the digits and dots it ends with. Read from the end, so
/// that a long word (a URL) is not scanned for its last `/` first.
fn unversioned(word: &str) -> &[u8] {
    let bytes = word.as_bytes();
    let end = bytes
        .iter()
        .rposition(|&b| !(b.is_ascii_digit() || b == b'.'))
        .map_or(0, |i| i + 1);
    &bytes[..end]
}

/// Whether the file name of `head` is `name`.
fn named(head: &[u8], name: &str) -> bool {
    head.strip_suffix(name.as_bytes())
        .is_some_and(|dir| dir.is_empty() || dir.ends_with(b"/"))
}

/// `name[extras] (op version, …)`; paths, URLs and wheel files are skipped.
fn parse_requirement(word: &Word) -> Option<Requirement<'_>> {
    let (name, name_end, clauses) = parse_spec(&word.text)?;
    Some(Requirement {
        word,
        name,
        name_end,
        clauses,
    })
}

/// A requirement specifier's name, the end of the name, and its version
/// clauses (operator, version).
pub type Spec = (String, usize, Vec<(String, String)>);

/// Parses a requirement specifier.
pub fn parse_spec(text: &str) -> Option<Spec> {
    if text.contains(['/', ':'])
        || text.starts_with('.')
        || text.ends_with(".whl")
        || text.contains('$')
    {
        return None;
    }
    let text = text.split(';').next().unwrap_or(text);
    let name_end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(text.len());
    if name_end == 0 {
        return None;
    }
    let after_extras = match text[name_end..].strip_prefix('[') {
        Some(rest) => rest.find(']').map(|i| &rest[i + 1..])?,
        None => &text[name_end..],
    };
    let clauses = after_extras
        .split(',')
        .filter_map(|clause| {
            let clause = clause.trim();
            let op_len = clause
                .find(|c: char| !matches!(c, '=' | '<' | '>' | '!' | '~'))
                .unwrap_or(clause.len());
            (op_len > 0).then(|| {
                (
                    clause[..op_len].to_string(),
                    clause[op_len..].trim().to_string(),
                )
            })
        })
        .collect();
    Some((text[..name_end].to_string(), name_end, clauses))
}

/// Compares dotted release numbers numerically (`1.25.0` > `1.9`); a
/// trailing `.*` or pre-release suffix is ignored.
pub fn compare_versions(a: &str, b: &str) -> Ordering {
    let parts = |v: &str| -> Vec<u64> {
        v.split('.')
            .map_while(|p| {
                let digits: String = p.chars().take_while(char::is_ascii_digit).collect();
                digits.parse().ok()
            })
            .collect()
    };
    let (a, b) = (parts(a), parts(b));
    let len = a.len().max(b.len());
    (0..len)
        .map(|i| a.get(i).unwrap_or(&0).cmp(b.get(i).unwrap_or(&0)))
        .find(|o| o.is_ne())
        .unwrap_or(Ordering::Equal)
}

impl PipInstall<'_> {
    /// Whether option `name` is given, before or after `install`.
    pub fn has_option(&self, name: &str) -> bool {
        self.options.iter().chain(self.args).any(|w| w.text == name)
    }
}

impl Requirement<'_> {
    /// True when every version the clauses allow is older than `first`.
    pub fn only_older_than(&self, first: &str) -> bool {
        only_older_than(&self.clauses, first)
    }
}

/// True when every version `clauses` allow is older than `first`.
pub fn only_older_than(clauses: &[(String, String)], first: &str) -> bool {
    {
        clauses.iter().any(|(op, version)| {
            let bare = version.trim_end_matches(".*");
            match op.as_str() {
                "==" | "===" if version.ends_with(".*") => {
                    let upper = bump(bare, bare.split('.').count());
                    compare_versions(&upper, first).is_le()
                }
                "==" | "===" => compare_versions(bare, first).is_lt(),
                "<" => compare_versions(bare, first).is_le(),
                "<=" => compare_versions(bare, first).is_lt(),
                "~=" => {
                    let segments = bare.split('.').count();
                    let upper = bump(bare, segments.saturating_sub(1).max(1));
                    compare_versions(&upper, first).is_le()
                }
                _ => false,
            }
        })
    }
}

/// The version after the first `keep` segments are exhausted: `bump("1.24", 1)` = `2`.
fn bump(version: &str, keep: usize) -> String {
    let mut segments: Vec<u64> = version
        .split('.')
        .take(keep)
        .map(|s| s.parse().unwrap_or(0))
        .collect();
    if let Some(last) = segments.last_mut() {
        *last += 1;
    }
    segments
        .iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(".")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::commands;

    fn names(script: &str) -> Vec<String> {
        commands(script)
            .iter()
            .flat_map(|c| {
                install_requirements(c)
                    .into_iter()
                    .map(|r| r.name)
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    #[test]
    fn finds_requirements_in_pip_commands() {
        assert_eq!(
            names("pip install --no-cache-dir -r req.txt numpy pandas==2.0"),
            ["numpy", "pandas"]
        );
        assert_eq!(
            names("python3 -m pip install -U 'psycopg2>=2.9'"),
            ["psycopg2"]
        );
        assert_eq!(names("pip3.12 install -i https://x y"), ["y"]);
        assert_eq!(
            names("pip download numpy && echo pip install"),
            Vec::<String>::new()
        );
        assert_eq!(
            names("pip install . ./pkg git+https://x/y.git a.whl"),
            Vec::<String>::new()
        );
    }

    fn req(text: &str) -> bool {
        let c = commands(&format!("pip install '{text}'"));
        install_requirements(&c[0])[0].only_older_than("1.25.0")
    }

    #[test]
    fn version_bounds_below_first_wheel() {
        assert!(req("numpy==1.24.3"));
        assert!(req("numpy<1.25"));
        assert!(req("numpy<=1.24.4"));
        assert!(req("numpy~=1.24.0"));
        assert!(req("numpy==1.24.*"));
        assert!(!req("numpy==1.25.0"));
        assert!(!req("numpy>=1.20"));
        assert!(!req("numpy~=1.24"));
        assert!(!req("numpy"));
    }
}
