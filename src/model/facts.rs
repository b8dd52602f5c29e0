//! The per-stage facts of the semantic pass: ARG and ENV values, the working
//! directory, the user, the shell, ENTRYPOINT and CMD, HEALTHCHECK, EXPOSE,
//! LABELs and files written by `COPY <<EOF`. Each is computed once, in
//! instruction order, and inherited through `FROM <stage>` by copying the
//! parent's end state (not by re-reading the parent), so the pass is linear.

use std::collections::HashMap;
use std::sync::Arc;

use super::instructions::Definitions;
use super::{Base, GlobalArg, ImageRef};
use crate::span::Span;
use crate::syntax::{Form, Instruction, Keyword, ShellWord};

/// A command of ENTRYPOINT, CMD or HEALTHCHECK CMD.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageCommand {
    /// Index of the instruction that set it.
    pub instruction: usize,
    /// Exec form (`["a", "b"]`), or shell form run by the stage's shell.
    pub exec: bool,
    /// The exec-form arguments, or the shell-form text as one element.
    pub args: Vec<String>,
}

impl ImageCommand {
    /// The words of the program it starts, after `sh -c`, `exec` and other
    /// wrappers: what a process listing would show as the main program.
    pub fn program(&self) -> Vec<String> {
        let words: Vec<String> = if self.exec {
            self.args.clone()
        } else {
            shell_words(self.args.first().map_or("", String::as_str))
        };
        unwrap(words, 0)
    }

    /// Whether the command is empty (`CMD []`, `CMD ""`).
    pub fn is_empty(&self) -> bool {
        self.args.iter().all(|a| a.trim().is_empty())
    }
}

/// The first simple command of a shell-form script, wrappers resolved.
fn shell_words(script: &str) -> Vec<String> {
    let tree = crate::shell::parse_script(script);
    let mut first = None;
    crate::shell::walk::commands(&tree.body, Default::default(), &mut |command, place| {
        if first.is_none() && !place.nested && !command.arguments().is_empty() {
            first = Some(
                command
                    .program()
                    .iter()
                    .map(|w| w.text.to_string())
                    .collect(),
            );
        }
    });
    first.unwrap_or_default()
}

/// Skips wrappers of an exec-form command (`tini --`, `gosu app`, `sh -c`).
fn unwrap(words: Vec<String>, depth: usize) -> Vec<String> {
    let shell_words_of = |w: &[String]| -> Vec<crate::shell::Word> {
        w.iter()
            .map(|t| crate::shell::Word::synthetic(t.clone(), Span::default()))
            .collect()
    };
    let resolved = crate::shell::resolve(&shell_words_of(&words));
    if let Some(script) = resolved.script
        && depth < 4
    {
        return unwrap(shell_words(&words[script]), depth + 1);
    }
    words.into_iter().skip(resolved.program).collect()
}

/// The HEALTHCHECK in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Healthcheck {
    /// `HEALTHCHECK NONE`.
    None,
    Cmd(ImageCommand),
}

/// A variable definition (ARG or ENV) inside a stage.
#[derive(Debug, Clone)]
struct VarDef {
    instruction: usize,
    /// `None` when the value needs a build argument or an unknown variable.
    value: Option<String>,
    /// ENV (inherited by stages built on this one) rather than ARG.
    env: bool,
}

/// A file a `COPY <<EOF` / `ADD <<EOF` writes into the image.
#[derive(Debug, Clone)]
pub struct HeredocFile {
    pub instruction: usize,
    /// Absolute path in the image.
    pub path: String,
    /// The heredoc body in the Dockerfile.
    pub body: Span,
}

/// The facts of one stage, with its own instructions' changes and the
/// state inherited from the stage it builds on.
#[derive(Debug, Clone, Default)]
pub struct StageFacts {
    vars: HashMap<String, Vec<VarDef>>,
    /// ENV values inherited from the stage this one builds on.
    inherited_env: Option<Arc<EnvLayer>>,
    /// ENV values at the end of the stage, for stages built on it.
    env_end: Option<Arc<EnvLayer>>,
    /// WORKDIR after each WORKDIR instruction (`None`: not known).
    workdirs: Vec<(usize, Option<String>)>,
    workdir_start: Option<String>,
    /// USER after each USER instruction.
    users: Vec<(usize, String)>,
    inherited_user: Option<String>,
    /// The USER in force at the end of the stage and where it was set.
    pub user: Option<(usize, String)>,
    /// Whether RUN scripts are POSIX shell: no `SHELL` naming another
    /// program (powershell, cmd) and not a Windows image.
    shells: Vec<(usize, bool)>,
    posix_start: bool,
    /// The program (basename) of each `SHELL` instruction, in order.
    shell_programs: Vec<(usize, String)>,
    /// The `SHELL` program inherited from the stage this one builds on.
    shell_program_start: Option<String>,
    pub entrypoint: Option<Box<ImageCommand>>,
    pub cmd: Option<Box<ImageCommand>>,
    pub healthcheck: Option<Box<(usize, Healthcheck)>>,
    /// Whether the stage or one it builds on has `ONBUILD` triggers.
    pub onbuild: bool,
    /// Where this stage's pairs are in the model's table of `ENV` and
    /// `LABEL` pairs (see [`super::Model::labels`]): kept once, not copied.
    pub(super) pairs: std::ops::Range<usize>,
    /// Files written by COPY/ADD heredocs, this stage's and inherited
    /// (shared with the parent until this stage writes one).
    pub heredoc_files: Arc<Vec<HeredocFile>>,
}

/// ENV values as layers shared between a stage and those built on it: a
/// stage adds a layer only when it sets ENV, and a deep stack of layers is
/// flattened, so lookups stay short and long `FROM <stage>` chains do not
/// copy every variable into every stage.
#[derive(Debug, Default)]
struct EnvLayer {
    values: HashMap<String, Option<String>>,
    below: Option<Arc<EnvLayer>>,
    depth: usize,
}

/// How many layers a lookup may cross before they are flattened.
const MAX_LAYERS: usize = 32;

impl EnvLayer {
    fn get(&self, name: &str) -> Option<&Option<String>> {
        let mut layer = Some(self);
        while let Some(l) = layer {
            if let Some(v) = l.values.get(name) {
                return Some(v);
            }
            layer = l.below.as_deref();
        }
        None
    }

    fn push(
        below: Option<Arc<EnvLayer>>,
        values: HashMap<String, Option<String>>,
    ) -> Arc<EnvLayer> {
        let depth = below.as_ref().map_or(0, |b| b.depth + 1);
        if depth < MAX_LAYERS {
            return Arc::new(EnvLayer {
                values,
                below,
                depth,
            });
        }
        let mut flat = HashMap::new();
        let mut layer = below.as_deref();
        while let Some(l) = layer {
            for (k, v) in &l.values {
                flat.entry(k.clone()).or_insert_with(|| v.clone());
            }
            layer = l.below.as_deref();
        }
        flat.extend(values);
        Arc::new(EnvLayer {
            values: flat,
            below: None,
            depth: 0,
        })
    }
}

impl StageFacts {
    /// The value of variable `name` before instruction `before`: ENV and
    /// ARG of this stage, then ENV inherited. `None` when unset or unknown.
    pub fn variable(&self, before: usize, name: &str) -> Option<&str> {
        if let Some(defs) = self.vars.get(name) {
            let n = defs.partition_point(|d| d.instruction < before);
            if n > 0 {
                return defs[n - 1].value.as_deref();
            }
        }
        self.inherited_env
            .as_ref()
            .and_then(|env| env.get(name))
            .and_then(|v| v.as_deref())
    }

    /// Whether `name` is in the environment the stage hands on to images
    /// and stages built on it (ENV, its own or inherited; not ARG).
    pub fn exported(&self, name: &str) -> bool {
        self.env_end
            .as_ref()
            .is_some_and(|env| env.get(name).is_some())
    }

    /// Whether `name` is set by ENV or ARG before `before` (known or not).
    pub fn is_set(&self, before: usize, name: &str) -> bool {
        self.vars
            .get(name)
            .is_some_and(|defs| defs.first().is_some_and(|d| d.instruction < before))
            || self
                .inherited_env
                .as_ref()
                .is_some_and(|env| env.get(name).is_some())
    }

    /// The absolute working directory before instruction `before`.
    pub fn workdir(&self, before: usize) -> Option<&str> {
        let n = self.workdirs.partition_point(|(i, _)| *i < before);
        match n {
            0 => self.workdir_start.as_deref(),
            _ => self.workdirs[n - 1].1.as_deref(),
        }
    }

    /// The user in force before instruction `before`, if any USER set one.
    pub fn user_at(&self, before: usize) -> Option<&str> {
        let n = self.users.partition_point(|(i, _)| *i < before);
        match n {
            0 => self.inherited_user.as_deref(),
            _ => Some(self.users[n - 1].1.as_str()),
        }
    }

    /// Every variable name the stage defines (ENV and ARG, its own and
    /// inherited ENV), in no particular order: for "did you mean".
    pub fn defined_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.vars.keys().map(String::as_str).collect();
        let mut layer = self.inherited_env.as_deref();
        while let Some(l) = layer {
            names.extend(l.values.keys().map(String::as_str));
            layer = l.below.as_deref();
        }
        names
    }

    /// The `USER` instructions of this stage and the user each sets.
    pub fn user_instructions(&self) -> &[(usize, String)] {
        &self.users
    }

    /// Whether the stage has a `SHELL` instruction of its own.
    pub fn sets_shell(&self) -> bool {
        !self.shells.is_empty()
    }

    /// Whether RUN at `index` runs a POSIX shell.
    pub fn posix_shell(&self, index: usize) -> bool {
        let n = self.shells.partition_point(|(i, _)| *i < index);
        match n {
            0 => self.posix_start,
            _ => self.shells[n - 1].1,
        }
    }

    /// The program (basename) the last `SHELL` before `index` names, this
    /// stage's or inherited; `None` when no `SHELL` set one (`/bin/sh`).
    pub fn shell_program(&self, index: usize) -> Option<&str> {
        let n = self.shell_programs.partition_point(|(i, _)| *i < index);
        match n {
            0 => self.shell_program_start.as_deref(),
            _ => Some(self.shell_programs[n - 1].1.as_str()),
        }
    }

    /// The file a heredoc wrote at `path` before instruction `before`.
    pub fn heredoc_file(&self, before: usize, path: &str) -> Option<&HeredocFile> {
        self.heredoc_files
            .iter()
            .rev()
            .find(|f| f.instruction < before && f.path == path)
    }
}

/// Computes the facts of `stage` from its instructions and the facts of
/// the stage it builds on.
pub(super) fn compute(
    instructions: &[Instruction],
    base: &Base,
    platform: Option<&str>,
    body: &[usize],
    parent: Option<&StageFacts>,
    global_args: &[GlobalArg],
    definitions: &Definitions,
) -> StageFacts {
    let mut facts = match parent {
        Some(p) => StageFacts {
            inherited_env: p.env_end.clone(),
            workdir_start: p.workdir_end(),
            inherited_user: p.user.as_ref().map(|(_, u)| u.clone()),
            user: p.user.clone(),
            posix_start: p.posix_end(),
            shell_program_start: p.shell_program(usize::MAX).map(str::to_string),
            entrypoint: p.entrypoint.clone(),
            cmd: p.cmd.clone(),
            healthcheck: p.healthcheck.clone(),
            onbuild: p.onbuild,
            heredoc_files: p.heredoc_files.clone(),
            ..StageFacts::default()
        },
        None => StageFacts {
            workdir_start: match base {
                Base::Image(image) => image_workdir(image),
                _ => Some("/".to_string()),
            },
            posix_start: !windows(base, platform),
            ..StageFacts::default()
        },
    };
    let mut cmd_set = false;
    for &index in body {
        let instruction = &instructions[index];
        match instruction.kind {
            Keyword::Arg => {
                for (name, value) in assignments(instruction, definitions.of(index), true) {
                    let value = match value {
                        Some(v) => expand(&v, |n| facts.variable(index, n).map(str::to_string)),
                        // `ARG NAME` brings a global default into the stage.
                        None => global_args
                            .iter()
                            .rev()
                            .find(|a| a.name == name)
                            .and_then(|a| a.default.clone()),
                    };
                    facts.define(name, index, value, false);
                }
            }
            Keyword::Env => {
                for (name, value) in assignments(instruction, definitions.of(index), false) {
                    let value = value
                        .and_then(|v| expand(&v, |n| facts.variable(index, n).map(str::to_string)));
                    facts.define(name, index, value, true);
                }
            }
            Keyword::Workdir => {
                let path = unquote(instruction.args_text().trim());
                let dir = if path.contains('$') {
                    expand(&path, |n| facts.variable(index, n).map(str::to_string))
                } else {
                    Some(path)
                };
                let current = facts.workdir(index).map(str::to_string);
                let next = match dir {
                    Some(d) if d.starts_with('/') => Some(crate::build::env::join("/", &d)),
                    Some(d) => current.map(|c| crate::build::env::join(&c, &d)),
                    None => None,
                };
                facts.workdirs.push((index, next));
            }
            Keyword::User => {
                let user = instruction.args_text().trim().to_string();
                facts.users.push((index, user.clone()));
                facts.user = Some((index, user));
            }
            Keyword::Shell => {
                let posix = match &instruction.form {
                    Form::Exec(args) => args.first().is_some_and(|p| crate::shell::is_shell(p)),
                    Form::Shell => false,
                };
                facts.shells.push((index, posix));
                if let Form::Exec(args) = &instruction.form
                    && let Some(program) = args.first()
                {
                    let name = crate::shell::basename(program).to_string();
                    facts.shell_programs.push((index, name));
                }
            }
            Keyword::Entrypoint => {
                facts.entrypoint = Some(Box::new(image_command(index, instruction)));
                // BuildKit resets a CMD not set in this stage.
                if !cmd_set {
                    facts.cmd = None;
                }
            }
            Keyword::Cmd => {
                facts.cmd = Some(Box::new(image_command(index, instruction)));
                cmd_set = true;
            }
            Keyword::Healthcheck => {
                if let Some(check) = healthcheck(index, instruction) {
                    facts.healthcheck = Some(Box::new((index, check)));
                }
            }
            Keyword::Onbuild => facts.onbuild = true,
            Keyword::Copy | Keyword::Add if !instruction.heredocs.is_empty() => {
                let (_, dest) = super::copy_paths(instruction);
                let Some(dest) = dest else { continue };
                let Some(dir) = facts.workdir(index).map(str::to_string) else {
                    continue;
                };
                let dest = crate::build::env::join(&dir, &dest);
                let into_dir = instruction.heredocs.len() > 1
                    || super::copy_paths(instruction)
                        .1
                        .is_some_and(|d| d.ends_with('/'));
                for heredoc in &instruction.heredocs {
                    let path = if into_dir {
                        crate::build::env::join(&dest, &heredoc.name)
                    } else {
                        dest.clone()
                    };
                    Arc::make_mut(&mut facts.heredoc_files).push(HeredocFile {
                        instruction: index,
                        path,
                        body: heredoc.body,
                    });
                }
            }
            _ => {}
        }
    }
    facts.env_end = facts.env_at_end();
    facts
}

impl StageFacts {
    fn define(&mut self, name: String, instruction: usize, value: Option<String>, env: bool) {
        self.vars.entry(name).or_default().push(VarDef {
            instruction,
            value,
            env,
        });
    }

    fn env_at_end(&self) -> Option<Arc<EnvLayer>> {
        let own: HashMap<String, Option<String>> = self
            .vars
            .iter()
            .filter_map(|(name, defs)| {
                let def = defs.iter().rev().find(|d| d.env)?;
                Some((name.clone(), def.value.clone()))
            })
            .collect();
        if own.is_empty() {
            return self.inherited_env.clone();
        }
        Some(EnvLayer::push(self.inherited_env.clone(), own))
    }

    fn workdir_end(&self) -> Option<String> {
        match self.workdirs.last() {
            Some((_, dir)) => dir.clone(),
            None => self.workdir_start.clone(),
        }
    }

    fn posix_end(&self) -> bool {
        self.shells.last().map_or(self.posix_start, |&(_, p)| p)
    }
}

/// Where an image starts: `/` for official images, `/go` for `golang`;
/// unknown for other images (their WORKDIR is their own).
fn image_workdir(image: &ImageRef) -> Option<String> {
    match image.official_name() {
        Some("golang") => Some("/go".into()),
        Some(_) => Some("/".into()),
        None => None,
    }
}

fn windows(base: &Base, platform: Option<&str>) -> bool {
    if platform.is_some_and(|p| p.to_ascii_lowercase().starts_with("windows")) {
        return true;
    }
    match base {
        Base::Image(image) => {
            let name = image.full_name().to_ascii_lowercase();
            name.contains("windows")
                || name.contains("nanoserver")
                || name.contains("servercore")
                || image
                    .tag_text()
                    .is_some_and(|t| t.contains("nanoserver") || t.contains("windowsservercore"))
        }
        _ => false,
    }
}

pub(super) fn image_command(index: usize, instruction: &Instruction) -> ImageCommand {
    match &instruction.form {
        Form::Exec(args) => ImageCommand {
            instruction: index,
            exec: true,
            args: args.to_vec(),
        },
        Form::Shell => ImageCommand {
            instruction: index,
            exec: false,
            args: vec![instruction.args_text().to_string()],
        },
    }
}

/// What a HEALTHCHECK instruction sets; `None` for an unknown type word.
pub fn healthcheck(index: usize, instruction: &Instruction) -> Option<Healthcheck> {
    let (kind, rest) = split_first_word(instruction.args_text());
    if kind.eq_ignore_ascii_case("none") {
        Some(Healthcheck::None)
    } else if kind.eq_ignore_ascii_case("cmd") {
        Some(Healthcheck::Cmd(healthcheck_command(index, rest)))
    } else {
        None
    }
}

/// BuildKit's HEALTHCHECK CMD: a JSON array is the exec form; anything else
/// (`['/hc']` included) is a shell command.
fn healthcheck_command(index: usize, rest: &str) -> ImageCommand {
    match serde_json::from_str::<Vec<String>>(rest.trim()) {
        Ok(args) if rest.trim_start().starts_with('[') => ImageCommand {
            instruction: index,
            exec: true,
            args,
        },
        _ => ImageCommand {
            instruction: index,
            exec: false,
            args: vec![rest.to_string()],
        },
    }
}

/// The type word of HEALTHCHECK (`CMD`, `NONE`, after the flags) and the rest.
fn split_first_word(text: &str) -> (&str, &str) {
    let text = text.trim_start();
    let end = text
        .find(|c: char| c.is_ascii_whitespace())
        .unwrap_or(text.len());
    (&text[..end], text[end..].trim_start())
}

/// `NAME=value` pairs of ARG, ENV and LABEL (and legacy `ENV NAME value`),
/// values unquoted. ARG names without a value give `None`.
fn assignments(
    instruction: &Instruction,
    words: &[ShellWord],
    arg: bool,
) -> Vec<(String, Option<String>)> {
    if !arg
        && instruction.kind == Keyword::Env
        && words.len() >= 2
        && !words[0].raw.text.contains('=')
    {
        let rest: Vec<&str> = words[1..].iter().map(|w| w.raw.text.as_str()).collect();
        return vec![(
            words[0].raw.text.to_string(),
            Some(unquote(&rest.join(" "))),
        )];
    }
    words
        .iter()
        .filter_map(|w| match w.raw.text.split_once('=') {
            Some((k, v)) => Some((k.to_string(), Some(unquote(v)))),
            None if arg => Some((w.raw.text.to_string(), None)),
            None => None,
        })
        .collect()
}

/// Removes shell quotes and escapes (`"a b"` → `a b`, `a\ b` → `a b`).
pub fn unquote(value: &str) -> String {
    // Most values hold no quote or escape: one copy instead of a push per
    // character.
    if !value.bytes().any(|b| matches!(b, b'"' | b'\'' | b'\\')) {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len());
    let mut quote = None;
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if q == c => quote = None,
            (Some('\''), _) => out.push(c),
            (_, '\\') => out.extend(chars.next()),
            _ => out.push(c),
        }
    }
    out
}

/// Substitutes `$NAME`, `${NAME}`, `${NAME:-word}` and `${NAME:+word}`;
/// `None` when a variable's value is not known.
pub fn expand(text: &str, lookup: impl Fn(&str) -> Option<String>) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(dollar) = rest.find('$') {
        out.push_str(&rest[..dollar]);
        let after = &rest[dollar + 1..];
        let is_name = |c: char| c.is_ascii_alphanumeric() || c == '_';
        if let Some(braced) = after.strip_prefix('{') {
            let close = braced.find('}')?;
            let inner = &braced[..close];
            let name_len = inner.find(|c| !is_name(c)).unwrap_or(inner.len());
            let (name, op) = inner.split_at(name_len);
            let value = lookup(name);
            let substituted = match (op.get(..2), value) {
                (None, v) if op.is_empty() => v?,
                (Some(":-"), Some(v)) if !v.is_empty() => v,
                (Some(":-"), _) => op[2..].to_string(),
                (Some(":+"), Some(v)) if !v.is_empty() => op[2..].to_string(),
                (Some(":+"), _) => String::new(),
                _ => return None,
            };
            out.push_str(&substituted);
            rest = &braced[close + 1..];
        } else {
            let len = after.find(|c| !is_name(c)).unwrap_or(after.len());
            if len == 0 {
                out.push('$');
                rest = after;
                continue;
            }
            out.push_str(&lookup(&after[..len])?);
            rest = &after[len..];
        }
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use crate::model::Model;
    use crate::syntax::parse;

    fn model(source: &str) -> Model<'_> {
        Model::new(source, parse(source))
    }

    #[test]
    fn variables_follow_buildkit_scopes() {
        let source = "ARG V=1\nFROM alpine AS a\nARG V\nENV E=$V/x A=${V:-no}\nARG LOCAL=l\nRUN x\nENV LATE=1\nFROM a\nRUN y\n";
        let m = model(source);
        let (a, b) = (&m.stages[0].facts, &m.stages[1].facts);
        // Instruction indices: 0 ARG, 1 FROM, 2 ARG, 3 ENV, 4 ARG, 5 RUN, 6 ENV, 7 FROM, 8 RUN.
        assert_eq!(a.variable(5, "V"), Some("1"));
        assert_eq!(a.variable(5, "E"), Some("1/x"));
        assert_eq!(a.variable(5, "A"), Some("1"));
        assert_eq!(a.variable(5, "LATE"), None);
        assert!(!a.is_set(5, "LATE"));
        // ENV is inherited through `FROM a`; ARG is not.
        assert_eq!(b.variable(8, "E"), Some("1/x"));
        assert_eq!(b.variable(8, "LATE"), Some("1"));
        assert_eq!(b.variable(8, "LOCAL"), None);
    }

    #[test]
    fn workdir_user_and_commands_follow_docker_rules() {
        let source = "FROM python:3 AS a\nWORKDIR app\nWORKDIR ../srv/./x\nUSER app\nCMD [\"python\", \"-m\", \"http.server\"]\n\
            FROM a\nENTRYPOINT [\"tini\", \"--\", \"gunicorn\"]\nRUN z\n";
        let m = model(source);
        let (a, b) = (&m.stages[0].facts, &m.stages[1].facts);
        assert_eq!(a.workdir(2), Some("/app"));
        assert_eq!(a.workdir(3), Some("/srv/x"));
        assert_eq!(b.workdir(7), Some("/srv/x"));
        assert_eq!(b.user_at(7), Some("app"));
        // The inherited CMD is reset by the ENTRYPOINT of the later stage.
        assert!(a.cmd.is_some() && b.cmd.is_none());
        assert_eq!(b.entrypoint.as_ref().unwrap().program(), ["gunicorn"]);
    }

    #[test]
    fn heredoc_files_and_shells() {
        let source = "FROM alpine\nWORKDIR /app\nCOPY <<EOF req.txt\nflask\nEOF\nSHELL [\"pwsh\", \"-c\"]\nRUN Get-Item x\n";
        let m = model(source);
        let facts = &m.stages[0].facts;
        let file = facts.heredoc_file(9, "/app/req.txt").unwrap();
        assert_eq!(m.heredoc_text(file), "flask\n");
        assert!(facts.posix_shell(2) && !facts.posix_shell(4));
        // A RUN under a non-POSIX SHELL is opaque: no commands.
        assert!(m.run_scripts(4)[0].tree.is_opaque());
        assert!(m.run_commands(4).is_empty());
    }
}
