//! The per-stage facts of the semantic pass: ARG and ENV values, the working
//! directory, the user, the shell, ENTRYPOINT and CMD, HEALTHCHECK, EXPOSE,
//! LABELs and files written by `COPY <<EOF`. Each is computed once, in
//! instruction order, and inherited through `FROM <stage>` by copying the
//! parent's end state (not by re-reading the parent), so the pass is linear.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::budget::{Budget, MAX_VALUE};
use super::instructions::Definitions;
use super::{Base, ImageRef};
use crate::span::Span;
use crate::syntax::{Form, Instruction, Keyword, ShellWord};
use crate::text::Text;

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
    name: Text,
    /// `None` when the value needs a build argument or an unknown variable.
    value: Option<Text>,
    /// Index of the instruction (32 bits: an input is at most 64 MiB).
    instruction: u32,
    /// ENV (inherited by stages built on this one) rather than ARG.
    env: bool,
}

/// A `SHELL` instruction of the stage.
#[derive(Debug, Clone)]
struct Shell {
    instruction: u32,
    /// Whether RUN scripts under it are POSIX shell.
    posix: bool,
    /// The program (basename) it names, in the exec form.
    program: Option<Arc<str>>,
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
///
/// Kept for every stage of the file, so compact: lists in blocks of their
/// exact size, instruction indices in 32 bits (an input is at most
/// 64 MiB), short texts inline ([`Text`]).
#[derive(Debug, Clone, Default)]
pub struct StageFacts {
    /// This stage's ARG and ENV definitions, sorted by name and then
    /// instruction (a map per stage kept its growth slack; lookups are two
    /// binary searches), shared with the ENV layer the stage adds.
    vars: Arc<[VarDef]>,
    /// ENV values inherited from the stage this one builds on.
    inherited_env: Option<Arc<EnvLayer>>,
    /// ENV values at the end of the stage, for stages built on it.
    env_end: Option<Arc<EnvLayer>>,
    /// WORKDIR after each WORKDIR instruction (`None`: not known).
    /// (Texts a stage inherits are shared with the stage it builds on, not
    /// copied: a chain of stages would copy a long one into each.)
    workdirs: Box<[(u32, Option<Arc<str>>)]>,
    workdir_start: Option<Arc<str>>,
    /// USER and SHELL, this stage's and inherited; `None` when neither
    /// was set (most stages: boxed, not kept inline in every stage).
    user_shell: Option<Box<UserShell>>,
    /// Whether RUN scripts are POSIX shell where the stage starts: no
    /// `SHELL` naming another program (powershell, cmd) and not a Windows
    /// image.
    posix_start: bool,
    pub entrypoint: Option<Box<ImageCommand>>,
    pub cmd: Option<Box<ImageCommand>>,
    pub healthcheck: Option<Box<(usize, Healthcheck)>>,
    /// Whether the stage or one it builds on has `ONBUILD` triggers.
    pub onbuild: bool,
    /// Where this stage's pairs are in the model's table of `ENV` and
    /// `LABEL` pairs (see [`super::Model::labels`]): kept once, not copied.
    pub(super) pairs: std::ops::Range<u32>,
    /// Files written by COPY/ADD heredocs, this stage's and inherited
    /// (shared with the parent until this stage writes one; allocated
    /// only when there is one).
    heredoc_files: Option<Arc<Vec<HeredocFile>>>,
}

/// The USER and SHELL state of a stage.
#[derive(Debug, Clone, Default)]
struct UserShell {
    /// USER after each USER instruction.
    users: Box<[(u32, Arc<str>)]>,
    /// The USER in force where the stage starts and where it was set.
    inherited_user: Option<(u32, Arc<str>)>,
    /// This stage's `SHELL` instructions, in order.
    shells: Box<[Shell]>,
    /// The `SHELL` program inherited from the stage this one builds on.
    shell_program_start: Option<Arc<str>>,
}

impl UserShell {
    /// No USER and no SHELL, here or inherited.
    fn is_empty(&self) -> bool {
        self.users.is_empty()
            && self.inherited_user.is_none()
            && self.shells.is_empty()
            && self.shell_program_start.is_none()
    }
}

/// ENV values as layers shared between a stage and those built on it: a
/// stage adds a layer only when it sets ENV, and a deep stack of layers is
/// flattened, so lookups stay short and long `FROM <stage>` chains do not
/// copy every variable into every stage.
///
/// A stack is flattened once, however many stages build on it, and the
/// copies are charged to the file's budget of derived text: flattening
/// copies every variable below, so a chain of thousands of stages with an
/// ENV each copied quadratically many (8,000 stages: 72 MB), and stages
/// built on one deep stack each copied it (2,000 of them on 10,000
/// variables: 30 s, 1.1 GB). Past the budget the stack is cut: the names
/// below the cut are taken as set to values not known, as a build argument
/// could leave them.
#[derive(Debug, Default)]
struct EnvLayer {
    /// The definitions of the stage that added the layer (its own list,
    /// not a copy of the values): a name's value is that of its last ENV
    /// definition; a name with only ARG ones is not in the layer.
    vars: Arc<[VarDef]>,
    below: Option<Arc<EnvLayer>>,
    depth: usize,
    /// The stack from this layer down, flattened into one layer (made
    /// when a stage is built on it at the depth limit).
    flat: std::sync::OnceLock<Arc<EnvLayer>>,
    /// Whether the stack was cut below this layer: names not found are
    /// set, to values not known.
    cut: bool,
}

/// How many layers a lookup may cross before they are flattened.
const MAX_LAYERS: usize = 32;

impl EnvLayer {
    fn get(&self, name: &str) -> Option<&Option<Text>> {
        static NOT_KNOWN: Option<Text> = None;
        let mut layer = Some(self);
        while let Some(l) = layer {
            if let Some(def) = defs_of(&l.vars, name).iter().rev().find(|d| d.env) {
                return Some(&def.value);
            }
            if l.cut {
                return Some(&NOT_KNOWN);
            }
            layer = l.below.as_deref();
        }
        None
    }

    /// The ENV names of this layer, each once, sorted.
    fn names(&self) -> impl Iterator<Item = &str> {
        self.vars
            .chunk_by(|a, b| a.name == b.name)
            .filter(|defs| defs.iter().any(|d| d.env))
            .map(|defs| defs[0].name.as_str())
    }

    fn push(below: Option<Arc<EnvLayer>>, vars: Arc<[VarDef]>, budget: &Budget) -> Arc<EnvLayer> {
        let below = match below {
            Some(b) if b.depth + 1 >= MAX_LAYERS => Some(b.flattened(budget).clone()),
            below => below,
        };
        let depth = below.as_ref().map_or(0, |b| b.depth + 1);
        Arc::new(EnvLayer {
            vars,
            below,
            depth,
            ..EnvLayer::default()
        })
    }

    /// This stack as one layer, made once; charged to `budget` for the
    /// definitions it copies, and cut (holding nothing) when that is past it.
    fn flattened(&self, budget: &Budget) -> &Arc<EnvLayer> {
        self.flat.get_or_init(|| {
            let mut copies = 0usize;
            let mut layer = Some(self);
            while let Some(l) = layer {
                copies = copies.saturating_add(l.vars.len());
                layer = l.below.as_deref();
            }
            if !budget.spend(copies.saturating_mul(std::mem::size_of::<VarDef>())) {
                return Arc::new(EnvLayer {
                    cut: true,
                    ..EnvLayer::default()
                });
            }
            // The upper layer's value wins.
            let mut flat = BTreeMap::new();
            let mut cut = false;
            let mut layer = Some(self);
            while let Some(l) = layer {
                for name in l.names() {
                    if !flat.contains_key(name) {
                        let value = l.get(name).cloned().flatten();
                        flat.insert(Text::from(name), value);
                    }
                }
                cut |= l.cut;
                layer = l.below.as_deref();
            }
            let vars = flat.into_iter().map(|(name, value)| VarDef {
                name,
                value,
                instruction: 0,
                env: true,
            });
            Arc::new(EnvLayer {
                vars: vars.collect(),
                cut,
                ..EnvLayer::default()
            })
        })
    }
}

/// The definitions of `name` in `vars` (sorted by name, then instruction).
fn defs_of<'v>(vars: &'v [VarDef], name: &str) -> &'v [VarDef] {
    let start = vars.partition_point(|d| d.name.as_str() < name);
    let rest = &vars[start..];
    &rest[..rest.partition_point(|d| d.name.as_str() == name)]
}

/// The entry of `list` (in instruction order) in force before instruction
/// `before`: the last one set before it.
fn last_before<T>(list: &[T], before: usize, instruction: impl Fn(&T) -> u32) -> Option<&T> {
    let n = list.partition_point(|item| (instruction(item) as usize) < before);
    n.checked_sub(1).map(|n| &list[n])
}

/// The value of a variable with definitions `defs` (in instruction order)
/// before instruction `before`: `None` if none is before it, else the
/// value (`None` inside when unknown).
fn defined_before(defs: &[VarDef], before: usize) -> Option<Option<&str>> {
    last_before(defs, before, |d| d.instruction).map(|d| d.value.as_deref())
}

impl StageFacts {
    fn users(&self) -> &[(u32, Arc<str>)] {
        self.user_shell.as_ref().map_or(&[], |s| &s.users)
    }

    fn inherited_user(&self) -> Option<&(u32, Arc<str>)> {
        self.user_shell.as_ref()?.inherited_user.as_ref()
    }

    fn shells(&self) -> &[Shell] {
        self.user_shell.as_ref().map_or(&[], |s| &s.shells)
    }

    /// The definitions of `name` in this stage, in instruction order.
    fn defs(&self, name: &str) -> &[VarDef] {
        defs_of(&self.vars, name)
    }

    /// The value of variable `name` before instruction `before`: ENV and
    /// ARG of this stage, then ENV inherited. `None` when unset or unknown.
    pub fn variable(&self, before: usize, name: &str) -> Option<&str> {
        match defined_before(self.defs(name), before) {
            Some(value) => value,
            None => inherited(&self.inherited_env, name),
        }
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
        self.defs(name)
            .first()
            .is_some_and(|d| (d.instruction as usize) < before)
            || self
                .inherited_env
                .as_ref()
                .is_some_and(|env| env.get(name).is_some())
    }

    /// The absolute working directory before instruction `before`.
    pub fn workdir(&self, before: usize) -> Option<&str> {
        match last_before(&self.workdirs, before, |w| w.0) {
            None => self.workdir_start.as_deref(),
            Some((_, dir)) => dir.as_deref(),
        }
    }

    /// The user in force before instruction `before`, if any USER set one.
    pub fn user_at(&self, before: usize) -> Option<&str> {
        last_before(self.users(), before, |u| u.0)
            .or(self.inherited_user())
            .map(|(_, user)| user.as_ref())
    }

    /// The USER in force at the end of the stage and the index of the
    /// instruction that set it (in this stage or one it builds on).
    pub fn user(&self) -> Option<(usize, &str)> {
        self.last_user()
            .map(|(index, user)| (*index as usize, user.as_ref()))
    }

    /// [`StageFacts::user`], shared for a stage that builds on this one.
    fn user_end(&self) -> Option<(u32, Arc<str>)> {
        self.last_user().cloned()
    }

    fn last_user(&self) -> Option<&(u32, Arc<str>)> {
        self.users().last().or(self.inherited_user())
    }

    /// Every variable name the stage defines (ENV and ARG, its own and
    /// inherited ENV), in no particular order: for "did you mean".
    pub fn defined_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.own_names().collect();
        let mut layer = self.inherited_env.as_deref();
        while let Some(l) = layer {
            names.extend(l.names());
            layer = l.below.as_deref();
        }
        names
    }

    /// Every variable name the stage's own ENV and ARG instructions define,
    /// each once: the names of a file are those of its stages' own
    /// (what a stage inherits, another stage defined).
    pub fn own_names(&self) -> impl Iterator<Item = &str> {
        self.vars
            .chunk_by(|a, b| a.name == b.name)
            .map(|defs| defs[0].name.as_str())
    }

    /// The `USER` instructions of this stage (their indices) and the user
    /// each sets.
    pub fn user_instructions(&self) -> impl Iterator<Item = (usize, &str)> {
        self.users()
            .iter()
            .map(|(index, user)| (*index as usize, user.as_ref()))
    }

    /// Whether the stage has a `SHELL` instruction of its own.
    pub fn sets_shell(&self) -> bool {
        !self.shells().is_empty()
    }

    /// Whether RUN at `index` runs a POSIX shell.
    pub fn posix_shell(&self, index: usize) -> bool {
        last_before(self.shells(), index, |s| s.instruction).map_or(self.posix_start, |s| s.posix)
    }

    /// The program (basename) the last `SHELL` before `index` names, this
    /// stage's or inherited; `None` when no `SHELL` set one (`/bin/sh`).
    pub fn shell_program(&self, index: usize) -> Option<&str> {
        self.shell_program_before(index)
            .map(|program| program.as_ref())
    }

    /// The `SHELL` program at the end of the stage, shared for a stage that
    /// builds on this one.
    fn shell_program_end(&self) -> Option<Arc<str>> {
        self.shell_program_before(usize::MAX).cloned()
    }

    fn shell_program_before(&self, index: usize) -> Option<&Arc<str>> {
        let shells = self.shells();
        let n = shells.partition_point(|s| (s.instruction as usize) < index);
        shells[..n]
            .iter()
            .rev()
            .find_map(|s| s.program.as_ref())
            .or_else(|| self.user_shell.as_ref()?.shell_program_start.as_ref())
    }

    /// Files written by COPY/ADD heredocs, this stage's and inherited.
    pub fn heredoc_files(&self) -> &[HeredocFile] {
        self.heredoc_files.as_deref().map_or(&[], Vec::as_slice)
    }

    /// The file a heredoc wrote at `path` before instruction `before`.
    pub fn heredoc_file(&self, before: usize, path: &str) -> Option<&HeredocFile> {
        self.heredoc_files()
            .iter()
            .rev()
            .find(|f| f.instruction < before && f.path == path)
    }
}

/// The value of `name` in an inherited environment (`None` inside when
/// unset or unknown).
fn inherited<'e>(env: &'e Option<Arc<EnvLayer>>, name: &str) -> Option<&'e str> {
    env.as_ref()
        .and_then(|env| env.get(name))
        .and_then(|v| v.as_deref())
}

/// What every stage of a file reads its facts against.
#[derive(Clone, Copy)]
pub(super) struct FileWide<'a> {
    pub global_args: super::Globals<'a>,
    pub definitions: &'a Definitions,
    /// The file's budget of derived text.
    pub budget: &'a Budget,
}

/// Computes the facts of `stage` from its instructions and the facts of
/// the stage it builds on.
pub(super) fn compute(
    instructions: &[Instruction],
    base: &Base,
    platform: Option<&str>,
    body: &[usize],
    parent: Option<&StageFacts>,
    file: FileWide,
) -> StageFacts {
    let FileWide {
        global_args,
        definitions,
        budget,
    } = file;
    let facts = match parent {
        Some(p) => StageFacts {
            inherited_env: p.env_end.clone(),
            workdir_start: p.workdir_end(),
            posix_start: p.posix_end(),
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
                _ => Some(Arc::from("/")),
            },
            posix_start: !windows(base, platform),
            ..StageFacts::default()
        },
    };
    let mut b = Builder {
        facts,
        vars: HashMap::new(),
        workdirs: Vec::new(),
        inherited_user: parent.and_then(StageFacts::user_end),
        shell_program_start: parent.and_then(StageFacts::shell_program_end),
        users: Vec::new(),
        shells: Vec::new(),
    };
    let mut cmd_set = false;
    for &index in body {
        let instruction = &instructions[index];
        // 32 bits: an input is at most 64 MiB.
        let at = index as u32;
        match instruction.kind {
            Keyword::Arg => {
                for (name, value) in assignments(instruction, definitions.of(index), true) {
                    let value = match value {
                        Some(v) => derive(budget, &v, |n| b.variable(index, n)),
                        // `ARG NAME` brings a global default into the stage.
                        None => global_args.get(&name).and_then(|a| a.default.clone()),
                    };
                    b.define(name, at, value, false);
                }
            }
            Keyword::Env => {
                for (name, value) in assignments(instruction, definitions.of(index), false) {
                    let value = value.and_then(|v| derive(budget, &v, |n| b.variable(index, n)));
                    b.define(name, at, value, true);
                }
            }
            Keyword::Workdir => {
                let path = unquote(instruction.args_text().trim());
                let written = path.len();
                let dir = if path.contains('$') {
                    derive(budget, &path, |n| b.variable(index, n))
                } else {
                    Some(path)
                };
                let next = match dir {
                    Some(d) if d.starts_with('/') => Some(crate::build::env::join("/", &d)),
                    Some(d) => b.workdir().map(|c| crate::build::env::join(c, &d)),
                    None => None,
                };
                // A relative WORKDIR lengthens the one before it: each
                // step is kept, so a chain of them is charged.
                let next = next.and_then(|n| budget.keep(written, n));
                b.workdirs.push((at, next.map(Arc::from)));
            }
            Keyword::User => {
                let user = instruction.args_text();
                b.users.push((at, Arc::from(user.trim())));
            }
            Keyword::Shell => {
                let (posix, program) = match &instruction.form {
                    Form::Exec(args) => (
                        args.first().is_some_and(|p| crate::shell::is_shell(p)),
                        args.first().map(|p| Arc::from(crate::shell::basename(p))),
                    ),
                    Form::Shell => (false, None),
                };
                b.shells.push(Shell {
                    instruction: at,
                    posix,
                    program,
                });
            }
            Keyword::Entrypoint => {
                b.facts.entrypoint = Some(Box::new(image_command(index, instruction)));
                // BuildKit resets a CMD not set in this stage.
                if !cmd_set {
                    b.facts.cmd = None;
                }
            }
            Keyword::Cmd => {
                b.facts.cmd = Some(Box::new(image_command(index, instruction)));
                cmd_set = true;
            }
            Keyword::Healthcheck => {
                if let Some(check) = healthcheck(index, instruction) {
                    b.facts.healthcheck = Some(Box::new((index, check)));
                }
            }
            Keyword::Onbuild => b.facts.onbuild = true,
            Keyword::Copy | Keyword::Add if !instruction.heredocs().is_empty() => {
                let (_, dest) = super::copy_paths(instruction);
                let Some(dest) = dest else { continue };
                let Some(dir) = b.workdir() else {
                    continue;
                };
                let Some(dest) = budget.keep(dest.len(), crate::build::env::join(dir, &dest))
                else {
                    continue;
                };
                let into_dir = instruction.heredocs().len() > 1
                    || super::copy_paths(instruction)
                        .1
                        .is_some_and(|d| d.ends_with('/'));
                for heredoc in instruction.heredocs() {
                    let path = if into_dir {
                        crate::build::env::join(&dest, &heredoc.name)
                    } else {
                        dest.clone()
                    };
                    let Some(path) = budget.keep(0, path) else {
                        continue;
                    };
                    let files = b.facts.heredoc_files.get_or_insert_default();
                    Arc::make_mut(files).push(HeredocFile {
                        instruction: index,
                        path,
                        body: heredoc.body,
                    });
                }
            }
            _ => {}
        }
    }
    b.finish(budget)
}

/// A stage's facts while its instructions are read: the lists that grow
/// are kept here and moved into the facts at their exact size at the end.
struct Builder {
    facts: StageFacts,
    /// The definitions of each name, in instruction order.
    vars: HashMap<Text, Vec<VarDef>>,
    workdirs: Vec<(u32, Option<Arc<str>>)>,
    inherited_user: Option<(u32, Arc<str>)>,
    shell_program_start: Option<Arc<str>>,
    users: Vec<(u32, Arc<str>)>,
    shells: Vec<Shell>,
}

impl Builder {
    fn define(&mut self, name: String, instruction: u32, value: Option<String>, env: bool) {
        let name = Text::from(name);
        self.vars.entry(name.clone()).or_default().push(VarDef {
            name,
            value: value.map(Text::from),
            instruction,
            env,
        });
    }

    /// [`StageFacts::variable`] for the instructions read so far.
    fn variable(&self, before: usize, name: &str) -> Option<&str> {
        match self
            .vars
            .get(name)
            .and_then(|defs| defined_before(defs, before))
        {
            Some(value) => value,
            None => inherited(&self.facts.inherited_env, name),
        }
    }

    /// The working directory after the instructions read so far.
    fn workdir(&self) -> Option<&str> {
        match self.workdirs.last() {
            Some((_, dir)) => dir.as_deref(),
            None => self.facts.workdir_start.as_deref(),
        }
    }

    fn finish(self, budget: &Budget) -> StageFacts {
        let mut facts = self.facts;
        // One block sorted by name: the names' lists one after another.
        let mut names: Vec<Vec<VarDef>> = self.vars.into_values().collect();
        names.sort_unstable_by(|a, b| a[0].name.cmp(&b[0].name));
        let mut vars = Vec::with_capacity(names.iter().map(Vec::len).sum());
        names.into_iter().for_each(|defs| vars.extend(defs));
        facts.vars = vars.into();
        facts.workdirs = crate::exact::slice(self.workdirs);
        let user_shell = UserShell {
            users: crate::exact::slice(self.users),
            inherited_user: self.inherited_user,
            shells: crate::exact::slice(self.shells),
            shell_program_start: self.shell_program_start,
        };
        facts.user_shell = (!user_shell.is_empty()).then(|| Box::new(user_shell));
        facts.env_end = facts.env_at_end(budget);
        facts
    }
}

impl StageFacts {
    fn env_at_end(&self, budget: &Budget) -> Option<Arc<EnvLayer>> {
        if !self.vars.iter().any(|d| d.env) {
            return self.inherited_env.clone();
        }
        Some(EnvLayer::push(
            self.inherited_env.clone(),
            self.vars.clone(),
            budget,
        ))
    }

    fn workdir_end(&self) -> Option<Arc<str>> {
        match self.workdirs.last() {
            Some((_, dir)) => dir.clone(),
            None => self.workdir_start.clone(),
        }
    }

    fn posix_end(&self) -> bool {
        self.shells().last().map_or(self.posix_start, |s| s.posix)
    }
}

/// Where an image starts: `/` for official images, `/go` for `golang`;
/// unknown for other images (their WORKDIR is their own).
fn image_workdir(image: &ImageRef) -> Option<Arc<str>> {
    match image.official_name() {
        Some("golang") => Some(Arc::from("/go")),
        Some(_) => Some(Arc::from("/")),
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
    let args = instruction.args_text();
    let (kind, rest) = split_first_word(&args);
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
/// The value is at most [`MAX_VALUE`] longer than `text`.
pub fn expand(text: &str, lookup: impl Fn(&str) -> Option<String>) -> Option<String> {
    expand_within(text, text.len().saturating_add(MAX_VALUE), &|name| {
        lookup(name)
    })
}

/// A value the model keeps: expanded within what is left of the file's
/// budget of derived text, and charged to it.
fn derive<'v>(
    budget: &Budget,
    text: &str,
    lookup: impl Fn(&str) -> Option<&'v str>,
) -> Option<String> {
    let value = expand_within(text, budget.limit(text.len()), &|name| {
        lookup(name).map(str::to_string)
    })?;
    budget.keep(text.len(), value)
}

/// [`expand`], `None` as soon as the value would pass `limit` bytes.
fn expand_within(
    text: &str,
    limit: usize,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Option<String> {
    let mut out = String::with_capacity(text.len().min(limit));
    let mut rest = text;
    while let Some(dollar) = rest.find('$') {
        push_within(&mut out, &rest[..dollar], limit)?;
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
            push_within(&mut out, &substituted, limit)?;
            rest = &braced[close + 1..];
        } else {
            let len = after.find(|c| !is_name(c)).unwrap_or(after.len());
            if len == 0 {
                push_within(&mut out, "$", limit)?;
                rest = after;
                continue;
            }
            push_within(&mut out, &lookup(&after[..len])?, limit)?;
            rest = &after[len..];
        }
    }
    push_within(&mut out, rest, limit)?;
    Some(out)
}

/// Appends `text` unless that takes `out` past `limit` bytes.
fn push_within(out: &mut String, text: &str, limit: usize) -> Option<()> {
    (out.len() + text.len() <= limit).then(|| out.push_str(text))
}

#[cfg(test)]
mod tests {
    use crate::model::Model;
    use crate::syntax::parse;

    fn model(source: &str) -> Model<'_> {
        Model::new(source, parse(source))
    }

    #[test]
    fn derived_values_stop_at_the_budget() {
        // Each line doubles the value: the 40th would be 2^41 bytes.
        let source = format!(
            "FROM alpine\nENV A=xx\n{}RUN x\n",
            "ENV A=$A$A\n".repeat(40)
        );
        let m = model(&source);
        let facts = &m.stages[0].facts;
        let run = m.file.instructions.len() - 1;
        // Values within the budget are kept as they are.
        assert_eq!(facts.variable(4, "A"), Some("xxxxxxxx"));
        // Past it (16 KiB more than `$A$A` at most), the value is not
        // known, and neither is anything built from it.
        assert_eq!(facts.variable(run, "A"), None);
        let kept = (2..run)
            .filter(|&i| facts.variable(i, "A").is_some())
            .count();
        // "xx" and its doublings up to 16 KiB (2^14 bytes), the last that fits.
        assert_eq!(kept, 14);

        // A chain of relative WORKDIRs: each step is charged until the
        // file's budget (1 MiB and 2 bytes a byte of input) runs out.
        let source = format!("FROM alpine\n{}RUN x\n", "WORKDIR abcdefgh\n".repeat(4_000));
        let m = model(&source);
        let facts = &m.stages[0].facts;
        let run = m.file.instructions.len() - 1;
        assert_eq!(facts.workdir(2), Some("/abcdefgh"));
        assert_eq!(facts.workdir(3), Some("/abcdefgh/abcdefgh"));
        assert_eq!(facts.workdir(run), None);
        let known = (1..=run).filter(|&i| facts.workdir(i).is_some()).count();
        assert!(
            (500..600).contains(&known),
            "{known} working directories known"
        );
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
    fn redefinitions_and_long_chains() {
        // 0 FROM, 1 ENV, 2 ENV, 3 USER, 4 SHELL, 5 RUN; then a chain of
        // stages each setting one ENV, more than the layers kept unflattened.
        let mut source = String::from(
            "FROM alpine AS s0\nENV A=1 Z=z\nENV A=2 B=$A\nUSER app\nSHELL [\"/bin/bash\", \"-c\"]\nRUN x\n",
        );
        for i in 1..=40 {
            source.push_str(&format!("FROM s{} AS s{i}\nENV N{i}=$A.{i}\n", i - 1));
        }
        let m = model(&source);
        let first = &m.stages[0].facts;
        assert_eq!(first.variable(2, "A"), Some("1"));
        assert_eq!(first.variable(3, "A"), Some("2"));
        assert_eq!(first.variable(3, "B"), Some("1"));
        assert!(first.is_set(2, "A") && !first.is_set(1, "A") && !first.is_set(9, "C"));
        assert_eq!(first.user(), Some((3, "app")));
        assert_eq!(first.shell_program(5), Some("bash"));
        let last = &m.stages[40].facts;
        assert_eq!(last.variable(usize::MAX, "N1"), Some("2.1"));
        assert_eq!(last.variable(usize::MAX, "N40"), Some("2.40"));
        assert_eq!(last.variable(usize::MAX, "Z"), Some("z"));
        assert!(last.exported("N40") && last.exported("B") && !last.exported("C"));
        assert_eq!(
            (last.user(), last.user_at(0)),
            (Some((3, "app")), Some("app"))
        );
        assert_eq!(last.shell_program(0), Some("bash"));
        assert!(!last.sets_shell() && last.user_instructions().next().is_none());
        let mut names = last.defined_names();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), 43);
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
