//! The model lints read: stages, their resolved base images, global ARGs,
//! `COPY --from` edges and RUN scripts, all with spans into the source.

pub mod budget;
mod context;
pub mod dockerignore;
mod expand;
pub mod facts;
mod image_ref;
mod instructions;
mod scripts;
mod vars;

pub use context::{BuildContext, normalize};
pub use expand::{End, Expanded};
pub use facts::{Healthcheck, HeredocFile, ImageCommand, StageFacts};
pub use image_ref::{ImageRef, Part, Retag};
pub use instructions::{
    CopyOperands, ExposedPort, KeyValue, LegacyPair, PlatformFlag, PlatformKind, WorkdirPath,
    copy_operands,
};
pub use scripts::{RunCommand, RunScript, ScriptText};
pub use vars::{
    BUILTIN_ARGS, SuggestionBudget, VarRef, builtin_sample, is_builtin, refs_in, suggest,
};

use crate::grouped::Grouped;
use crate::span::Span;
use crate::syntax::{Dockerfile, Form, Instruction, Keyword, Token};
use expand::{Value, expand};
use std::borrow::Cow;

/// In [`Model::stage_of`]'s table: an instruction before the first `FROM`.
const NO_STAGE: u32 = u32::MAX;

/// The stage of instruction `index` in [`Model::stage_of`]'s table.
fn stage_index(table: &[u32], index: usize) -> Option<usize> {
    table
        .get(index)
        .filter(|&&stage| stage != NO_STAGE)
        .map(|&stage| stage as usize)
}

/// An `ARG` declared before the first `FROM`.
#[derive(Debug, Clone)]
pub struct GlobalArg {
    pub name: String,
    /// The default after expansion and quote removal.
    pub default: Option<String>,
    /// Source span of the default as written.
    pub default_span: Option<Span>,
}

/// A `FROM` image expanded with the default build arguments.
#[derive(Debug, Clone)]
pub struct DefaultBase {
    /// The expanded reference.
    pub text: String,
    /// The image word as written.
    pub span: Span,
    /// What is wrong with it (`is empty`, `is not a valid image
    /// reference`), if anything.
    pub problem: Option<String>,
}

/// What a stage is built on.
#[derive(Debug, Clone)]
pub enum Base {
    Scratch,
    /// An earlier stage, by index.
    Stage(usize),
    Image(Box<ImageRef>),
    /// Built from variables whose value needs build arguments.
    Unresolved,
    /// `FROM` without an image.
    Missing,
}

/// Where a stage's file system comes from, following `FROM <stage>`.
#[derive(Debug, Clone, Copy)]
pub enum Origin<'m> {
    Scratch,
    Image(&'m ImageRef),
    /// Built from a build argument, or a `FROM` without an image.
    Unknown,
}

/// A `COPY --from=…` into a stage.
#[derive(Debug, Clone)]
pub struct CopyFrom {
    /// The earlier stage copied from, or `None` for an external image.
    pub stage: Option<usize>,
    /// The external image, when written literally.
    pub image: Option<Box<ImageRef>>,
    pub span: Span,
    /// The span of the stage name or image as written, when the flag has
    /// no quotes, escapes or continuations.
    pub value_span: Option<Span>,
    /// Index of the COPY instruction.
    pub instruction: usize,
    /// Source paths and destination as written.
    pub sources: Vec<String>,
    pub dest: Option<String>,
}

/// A `RUN --mount=…,from=…`: the RUN reads an earlier stage's (or an
/// image's) files, so the stage graph has an edge there like `COPY --from`.
#[derive(Debug, Clone)]
pub struct MountFrom {
    /// The earlier stage mounted, or `None` for an external image.
    pub stage: Option<usize>,
    /// The external image, when written literally.
    pub image: Option<Box<ImageRef>>,
    /// The `--mount` flag.
    pub span: Span,
    /// The span of the `from=` value, when written exactly.
    pub value_span: Option<Span>,
    /// Index of the RUN instruction.
    pub instruction: usize,
}

/// One build stage: a `FROM` and the instructions up to the next one.
#[derive(Debug, Clone)]
pub struct Stage {
    pub index: usize,
    /// The `AS name` alias.
    pub name: Option<Token>,
    /// Index of the `FROM` instruction.
    pub from: usize,
    /// Span of the image word in the `FROM`.
    pub base_span: Span,
    pub base: Base,
    pub platform: Option<String>,
    /// The `--platform` flag of the `FROM`.
    pub platform_flag: Option<Box<PlatformFlag>>,
    /// Indices of the stage's other instructions.
    pub body: Vec<usize>,
    pub copies_from: Vec<CopyFrom>,
    /// `RUN --mount=from=` edges out of this stage.
    pub mounts_from: Vec<MountFrom>,
    /// The stage whose `FROM` names the image this one ultimately builds on.
    pub root: Option<usize>,
    /// The first stage of the chain this one builds on (itself when it
    /// builds on an image or `scratch`).
    pub first: usize,
    /// What the semantic pass found: variables, working directory, user,
    /// shell, ENTRYPOINT/CMD, HEALTHCHECK, EXPOSE, LABELs.
    pub facts: StageFacts,
    /// Whether the final image is built on this stage (it is the last
    /// stage or one the last builds on).
    pub in_final_image: bool,
}

/// A Dockerfile with its stages resolved.
#[derive(Debug)]
pub struct Model<'s> {
    pub source: &'s str,
    pub file: Dockerfile<'s>,
    pub global_args: Vec<GlobalArg>,
    /// The index of the last global ARG of each name.
    global_last: std::collections::HashMap<String, usize>,
    pub stages: Vec<Stage>,
    /// Build-context files read for the lints (empty without a file system),
    /// set once after the model is built (see [`Model::set_context`]).
    context: std::cell::OnceCell<BuildContext>,
    /// The ports of every `EXPOSE` (`ONBUILD EXPOSE` included), in order.
    ports: Vec<ExposedPort>,
    /// The pairs of every `ENV` and `LABEL` (`ONBUILD` ones included).
    pairs: Vec<KeyValue>,
    /// `ENV`/`LABEL` instructions in the legacy `KEY value` form.
    legacy_pairs: Vec<(usize, LegacyPair)>,
    /// The shell trees of each instruction (none but for RUN).
    scripts: Grouped<RunScript>,
    /// The stage of each instruction (`None` before the first FROM).
    /// (`NO_STAGE`, in 4 bytes rather than an `Option<usize>`'s 16.)
    stage_of: Vec<u32>,
    /// The first stage of each name (lowercase).
    first_named: std::collections::HashMap<String, usize>,
    /// The words of each ARG and ENV.
    definitions: instructions::Definitions,
    /// What is left of the file's budget of derived text, for what is
    /// derived after the model (the commands of RUN instructions).
    budget: budget::Budget,
    /// Whether each RUN asked about chooses its package manager
    /// ([`crate::build::chooses_package_manager`]), remembered: lints ask
    /// for each command of a RUN and the answer reads the whole RUN, so a
    /// RUN of thousands of foreign `apt-get install`s took quadratic time.
    chooses_package_manager: std::cell::RefCell<std::collections::HashMap<usize, bool>>,
}

impl<'s> Model<'s> {
    pub fn new(source: &'s str, file: Dockerfile<'s>) -> Model<'s> {
        let definitions = instructions::Definitions::new(&file.instructions, file.escape);
        let budget = budget::Budget::for_input(source.len());
        let (global_args, global_last) = global_args(&file, &definitions, &budget);
        let globals = Globals {
            args: &global_args,
            last: &global_last,
        };
        // One `Stage` per `FROM`, at its exact size: grown by doubling, the
        // table kept up to half its size spare and, while moved, both blocks.
        let froms = file.instructions.iter();
        let froms = froms.filter(|i| i.kind == Keyword::From).count();
        let mut stages: Vec<Stage> = Vec::with_capacity(froms);
        let mut names = StageNames::default();
        for (index, instruction) in file.instructions.iter().enumerate() {
            if instruction.kind == Keyword::From {
                let context = (&names, globals, file.escape, &budget);
                let mut stage = new_stage(stages.len(), index, instruction, context);
                (stage.root, stage.first) = match stage.base {
                    Base::Image(_) => (Some(stage.index), stage.index),
                    Base::Stage(parent) => (stages[parent].root, stages[parent].first),
                    _ => (None, stage.index),
                };
                names.add(&stage);
                stages.push(stage);
            } else if let Some(stage) = stages.last_mut() {
                stage.body.push(index);
            }
        }
        let mut names = StageNames::default();
        for stage in &mut stages {
            // Grown one instruction at a time: kept at its exact size.
            stage.body = crate::exact::slice(std::mem::take(&mut stage.body)).into_vec();
            // Exact sizes: a stage has few and they are kept to the end.
            stage.copies_from = crate::exact::slice(copies_from(&file, stage, &names)).into_vec();
            stage.mounts_from = crate::exact::slice(mounts_from(&file, stage, &names)).into_vec();
            stage.platform_flag =
                instructions::platform_flag(&file.instructions[stage.from], source).map(Box::new);
            names.add(stage);
        }
        let mut ports = Vec::new();
        let mut pairs = Vec::new();
        let mut legacy_pairs = Vec::new();
        for (index, instruction) in file.instructions.iter().enumerate() {
            ports.extend(instructions::exposed_ports(index, instruction));
            let (found, legacy) =
                instructions::key_values(index, instruction, &definitions, file.escape, source);
            pairs.extend(found);
            legacy_pairs.extend(legacy.map(|l| (index, l)));
        }
        // Sized to what the file has (a file of LABEL lines is mostly these).
        ports.shrink_to_fit();
        pairs.shrink_to_fit();
        legacy_pairs.shrink_to_fit();
        let mut stage_of = vec![NO_STAGE; file.instructions.len()];
        // Most RUNs have one script.
        let runs = file.instructions.iter();
        let runs = runs.filter(|i| i.effective().kind == Keyword::Run).count();
        let mut scripts = Grouped::with_capacity(file.instructions.len(), runs);
        for i in 0..stages.len() {
            let parent = match stages[i].base {
                Base::Stage(p) => Some(&stages[p].facts),
                _ => None,
            };
            let stage = &stages[i];
            let facts = facts::compute(
                &file.instructions,
                &stage.base,
                stage.platform.as_deref(),
                &stage.body,
                parent,
                facts::FileWide {
                    global_args: globals,
                    definitions: &definitions,
                    budget: &budget,
                },
            );
            for &index in &stage.body {
                stage_of[index] = i as u32;
                let posix = facts.posix_shell(index);
                // Stage bodies come in instruction order.
                scripts.push(
                    index,
                    scripts::parse_run(&file.instructions[index], source, posix),
                );
            }
            stages[i].facts = facts;
        }
        let scripts = scripts.finish(file.instructions.len());
        // A stage's instructions are contiguous, and so are their pairs.
        for (i, pair) in pairs.iter().enumerate() {
            if let Some(stage) = stage_index(&stage_of, pair.instruction()) {
                // 32 bits: there are fewer pairs than bytes of input.
                let i = i as u32;
                let range = &mut stages[stage].facts.pairs;
                if range.start == range.end {
                    *range = i..i + 1;
                } else {
                    range.end = i + 1;
                }
            }
        }
        let mut first_named = std::collections::HashMap::new();
        for stage in &stages {
            if let Some(name) = &stage.name {
                first_named
                    .entry(name.text.to_ascii_lowercase())
                    .or_insert(stage.index);
            }
        }
        let mut final_chain = stages.last().map(|s| s.index);
        while let Some(i) = final_chain {
            if stages[i].in_final_image {
                break;
            }
            stages[i].in_final_image = true;
            final_chain = match stages[i].base {
                Base::Stage(p) => Some(p),
                _ => None,
            };
        }
        Model {
            source,
            file,
            global_args,
            global_last,
            stages,
            context: std::cell::OnceCell::new(),
            ports,
            pairs,
            legacy_pairs,
            scripts,
            stage_of,
            first_named,
            definitions,
            budget,
            chooses_package_manager: Default::default(),
        }
    }

    /// The remembered answer of `answer` about RUN `index` (see the field
    /// `chooses_package_manager`), asked once.
    pub(crate) fn chooses_package_manager(
        &self,
        index: usize,
        answer: impl FnOnce() -> bool,
    ) -> bool {
        if let Some(&known) = self.chooses_package_manager.borrow().get(&index) {
            return known;
        }
        let known = answer();
        self.chooses_package_manager
            .borrow_mut()
            .insert(index, known);
        known
    }

    /// Every image reference of the file: stage bases, `COPY --from`
    /// images and `RUN --mount=from=` images, in that order.
    pub fn image_refs(&self) -> impl Iterator<Item = (ImageUse, &ImageRef)> {
        // Read from the stages' edges, stage by stage (not copied into a
        // table of their own).
        let others = self.stages.iter().flat_map(|stage| {
            let copies = stage.copies_from.iter().filter_map(|copy| {
                let image = copy.image.as_deref()?;
                Some((ImageUse::CopyFrom(copy.instruction), image))
            });
            let mounts = stage.mounts_from.iter().filter_map(|mount| {
                let image = mount.image.as_deref()?;
                Some((ImageUse::MountFrom(mount.instruction), image))
            });
            copies.chain(mounts)
        });
        self.images()
            .map(|(stage, image)| (ImageUse::Base(stage.index), image))
            .chain(others)
    }

    /// The ports of every `EXPOSE`, in source order.
    pub fn exposed_ports(&self) -> &[ExposedPort] {
        &self.ports
    }

    /// The `KEY=value` pairs of every `ENV` and `LABEL`, in source order.
    pub fn key_values(&self) -> &[KeyValue] {
        &self.pairs
    }

    /// The `LABEL` pairs (quotes removed) of one stage, legacy `LABEL key
    /// value` included; not those of `ONBUILD LABEL`.
    pub fn labels<'m>(&'m self, stage: &Stage) -> impl Iterator<Item = &'m KeyValue> + 'm {
        self.pairs
            .get(stage.facts.pairs.start as usize..stage.facts.pairs.end as usize)
            .unwrap_or_default()
            .iter()
            .filter(|p| self.file.instructions[p.instruction()].kind == Keyword::Label)
    }

    /// The `ENV` and `LABEL` instructions written in the legacy `KEY value`
    /// form, by instruction index.
    pub fn legacy_pairs(&self) -> &[(usize, LegacyPair)] {
        &self.legacy_pairs
    }

    /// The variables BuildKit expands in instruction `index` (ENV, LABEL,
    /// ARG, COPY, ADD, WORKDIR, USER, VOLUME, EXPOSE, STOPSIGNAL and the
    /// flags of COPY/ADD/RUN; not those the shell expands).
    pub fn expanded_refs(&self, index: usize) -> Vec<VarRef> {
        self.file
            .instructions
            .get(index)
            .map(|i| vars::expanded_refs(i, self.file.escape))
            .unwrap_or_default()
    }

    /// The variables a stage's `FROM` names, in the image and `--platform`.
    pub fn from_refs(&self, stage: &Stage) -> Vec<VarRef> {
        vars::from_refs(self.instruction(stage.from), self.file.escape)
    }

    /// What a stage's `FROM` image becomes with no build arguments given:
    /// global ARG defaults substituted (declared without one: empty), the
    /// platform arguments set to a sample platform. `None` when the image
    /// names no variable (or cannot be expanded at all).
    pub fn default_base(&self, stage: &Stage) -> Option<DefaultBase> {
        let instruction = self.instruction(stage.from);
        let word = instruction.words().into_iter().next()?;
        if !word.text.contains('$') {
            return None;
        }
        let start = words_offset(instruction, instruction.args_offset());
        let lookup = |name: &str| {
            let value = match self.global_arg(name) {
                Some(arg) => arg.default.as_deref().unwrap_or(""),
                None => vars::builtin_sample(name).unwrap_or(""),
            };
            Value::Set(value)
        };
        let end = start + word.text.len();
        let limit = word.text.len().saturating_add(budget::MAX_VALUE);
        let expanded = expand(
            &instruction.line,
            start,
            end,
            self.file.escape,
            limit,
            lookup,
        )?;
        let text = expanded.text.clone();
        let problem = if text.is_empty() {
            Some("is empty".to_string())
        } else if text.eq_ignore_ascii_case("scratch")
            || self
                .first_stage_named(&text)
                .is_some_and(|first| first < stage.index)
        {
            None
        } else {
            match ImageRef::parse(&expanded) {
                None => Some("is not an image reference".to_string()),
                Some(image) => image
                    .syntax_error()
                    .map(|_| "is not a valid image reference".to_string()),
            }
        };
        Some(DefaultBase {
            text,
            span: word.span,
            problem,
        })
    }

    /// The blank lines BuildKit skips inside each instruction's
    /// continuation, with the instruction's index.
    /// The span of each takes its line break, so removing it removes the
    /// line.
    pub fn empty_continuation_lines(&self) -> Vec<(usize, Span)> {
        let instructions = &self.file.instructions;
        self.file
            .empty_continuation_lines
            .iter()
            .filter_map(|line| {
                let i = instructions.partition_point(|i| i.span.start() <= line.start());
                let rest = self.source.get(line.end()..).unwrap_or("");
                let newline = if rest.starts_with("\r\n") {
                    2
                } else {
                    usize::from(rest.starts_with(['\n', '\r']))
                };
                Some((
                    i.checked_sub(1)?,
                    Span::new(line.start(), line.end() + newline),
                ))
            })
            .collect()
    }

    /// The names an `ARG` instruction declares (empty for others).
    pub fn arg_names(&self, index: usize) -> Vec<String> {
        let Some(instruction) = self.file.instructions.get(index) else {
            return Vec::new();
        };
        if instruction.kind != Keyword::Arg {
            return Vec::new();
        }
        self.definitions
            .of(index)
            .iter()
            .map(|w| {
                let raw = &w.raw.text;
                raw.split_once('=')
                    .map_or(raw.as_str(), |(k, _)| k)
                    .to_string()
            })
            .collect()
    }

    /// The words of an `ARG` or `ENV` (the one an `ONBUILD` wraps
    /// included), split as BuildKit splits them, quotes kept; empty for
    /// other instructions.
    pub fn definition_words(&self, index: usize) -> &[crate::syntax::ShellWord] {
        self.definitions.of(index)
    }

    /// The text of a comment of this file (after `#`, blanks around it
    /// left out).
    pub fn comment_text(&self, comment: &crate::syntax::Comment) -> &'s str {
        comment.text(self.source)
    }

    /// The comments on 0-based physical line `line` (found by binary
    /// search: the comments are in source order).
    pub fn comments_on_line(&self, line: usize) -> &[crate::syntax::Comment] {
        let comments = &self.file.comments;
        let first = comments.partition_point(|c| (c.line as usize) < line);
        let end = first + comments[first..].partition_point(|c| c.line as usize == line);
        &comments[first..end]
    }

    /// The whole-line comment directly above instruction `index` (no blank
    /// line between), if any.
    pub fn comment_above(&self, index: usize) -> Option<&crate::syntax::Comment> {
        let line = self
            .file
            .instructions
            .get(index)?
            .start_line
            .checked_sub(2)?;
        let comments = &self.file.comments;
        let at = comments.partition_point(|c| c.line < line);
        comments
            .get(at)
            .filter(|c| c.line == line && !c.inside_instruction)
    }

    /// The path of the `WORKDIR` at `index`.
    pub fn workdir_path(&self, index: usize) -> Option<WorkdirPath> {
        instructions::workdir_path(self.file.instructions.get(index)?)
    }

    /// The text of the `MAINTAINER` at `index`.
    pub fn maintainer(&self, index: usize) -> Option<Cow<'s, str>> {
        instructions::maintainer(self.file.instructions.get(index)?)
    }

    /// The stages that use `stage`'s result: built `FROM` it, copying
    /// from it, or mounting it in a RUN.
    pub fn users_of(&self, stage: &Stage) -> impl Iterator<Item = &Stage> {
        let index = stage.index;
        self.stages.iter().filter(move |s| {
            matches!(s.base, Base::Stage(p) if p == index)
                || s.copies_from.iter().any(|c| c.stage == Some(index))
                || s.mounts_from.iter().any(|m| m.stage == Some(index))
        })
    }

    /// Whether a stage's result is used: it is in the final image, or
    /// another stage builds on, copies from or mounts it. Other stages are
    /// built only with `--target`.
    pub fn is_used(&self, stage: &Stage) -> bool {
        stage.in_final_image || self.users_of(stage).next().is_some()
    }

    /// Whether a stage is a builder: not in the final image, but copied or
    /// mounted from (directly, or through stages built on it) by a stage
    /// that is used.
    pub fn is_builder(&self, stage: &Stage) -> bool {
        !stage.in_final_image && self.is_used(stage)
    }

    /// The HEALTHCHECK instruction `index` sets (BuildKit's reading: the
    /// type word is case-insensitive, and only a JSON array is exec form).
    pub fn healthcheck(&self, index: usize) -> Option<Healthcheck> {
        let instruction = self.file.instructions.get(index)?;
        (instruction.kind == Keyword::Healthcheck)
            .then(|| facts::healthcheck(index, instruction))?
    }

    /// The command a CMD or ENTRYPOINT instruction sets.
    pub fn image_command(&self, index: usize) -> Option<ImageCommand> {
        let instruction = self.file.instructions.get(index)?;
        matches!(instruction.kind, Keyword::Cmd | Keyword::Entrypoint)
            .then(|| facts::image_command(index, instruction))
    }

    /// The words of a shell-form CMD or ENTRYPOINT that has no shell syntax
    /// (no expansion, quoting, operator, redirect, glob or assignment), so
    /// the exec form with these words runs the same program.
    pub fn as_exec_form(&self, index: usize) -> Option<Vec<String>> {
        let instruction = self.file.instructions.get(index)?;
        if !matches!(instruction.kind, Keyword::Cmd | Keyword::Entrypoint)
            || instruction.form != Form::Shell
        {
            return None;
        }
        scripts::plain_words(&instruction.args_text())
    }

    /// The text of a file a `COPY <<EOF` wrote.
    pub fn heredoc_text(&self, file: &HeredocFile) -> &str {
        self.source
            .get(file.body.start()..file.body.end())
            .unwrap_or("")
    }

    /// The stage instruction `index` belongs to.
    pub fn stage_of(&self, index: usize) -> Option<&Stage> {
        stage_index(&self.stage_of, index).map(|i| &self.stages[i])
    }

    /// The shell trees of instruction `index` (a RUN's command line or its
    /// own heredoc; empty for other instructions and exec form).
    pub fn run_scripts(&self, index: usize) -> &[RunScript] {
        self.scripts.get(index)
    }

    /// hadolint's `# hadolint shell=NAME` comments (outside instructions):
    /// where each is and the shell it names, in source order.
    pub fn shell_pragmas(&self) -> Vec<(usize, &str)> {
        self.file
            .comments
            .iter()
            .filter(|c| !c.inside_instruction)
            .filter_map(|c| {
                let rest = self.comment_text(c).strip_prefix("hadolint")?;
                let name = rest.trim_start().strip_prefix("shell")?.trim_start();
                let name = name.strip_prefix('=')?.split_whitespace().next()?;
                Some((c.span.start(), name))
            })
            .collect()
    }

    /// The shell scripts of RUN instruction `index` as text, each with its
    /// map back to the Dockerfile, for checkers that read scripts as text
    /// (ShellCheck): the command line (continuations joined; its heredoc
    /// bodies are data, left empty), the RUN's own heredoc script, and
    /// heredocs fed to a shell. Empty for exec form and non-POSIX shells.
    pub fn run_script_texts(&self, index: usize) -> Vec<ScriptText> {
        let Some(stage) = self.stage_of(index) else {
            return Vec::new();
        };
        scripts::run_texts(
            self.instruction(index),
            self.run_scripts(index),
            self.source,
            stage.facts.posix_shell(index),
        )
    }

    /// The simple commands RUN instruction `index` executes, in source
    /// order: nested ones (`sh -c '…'`, `$(…)`) and those of heredoc
    /// scripts included; data heredocs are not scripts.
    pub fn run_commands(&self, index: usize) -> Vec<RunCommand<'_>> {
        let mut out = Vec::new();
        let Some(stage) = stage_index(&self.stage_of, index) else {
            return out;
        };
        scripts::for_each_command(self.run_scripts(index), &mut |command, place| {
            out.push(RunCommand {
                instruction: index,
                stage,
                command,
                place,
            })
        });
        out
    }

    /// How many commands [`Model::run_commands`] lists for instruction
    /// `index` (counted without listing them).
    pub fn run_command_count(&self, index: usize) -> usize {
        let mut count = 0;
        if stage_index(&self.stage_of, index).is_some() {
            scripts::for_each_command(self.run_scripts(index), &mut |_, _| count += 1);
        }
        count
    }

    /// The commands the RUN instructions of `stage` execute (not those of
    /// the stages it builds on).
    pub fn commands_in<'m>(&'m self, stage: &'m Stage) -> impl Iterator<Item = RunCommand<'m>> {
        stage.body.iter().flat_map(|&i| self.run_commands(i))
    }

    /// The commands that ran to build `stage`: those of the stages it
    /// builds on first, then its own.
    pub fn commands_in_chain<'m>(
        &'m self,
        stage: &'m Stage,
    ) -> impl Iterator<Item = RunCommand<'m>> {
        self.chain(stage)
            .into_iter()
            .rev()
            .flat_map(|s| self.commands_in(s))
    }

    /// The commands that ran to build the final image.
    pub fn final_image_commands(&self) -> impl Iterator<Item = RunCommand<'_>> {
        self.final_stage()
            .into_iter()
            .flat_map(|s| self.commands_in_chain(s))
    }

    /// Where a new instruction goes so that it takes effect right before
    /// instruction `index`: the start of the comment lines directly above
    /// it (pragmas stay with the instruction they name), and the
    /// instruction's indentation. `None` when something other than
    /// indentation precedes it on its line.
    pub fn insertion_before(&self, index: usize) -> Option<(usize, &str)> {
        let instruction = self.file.instructions.get(index)?;
        let start = instruction.span.start();
        let line_start = |offset: usize| {
            self.source
                .get(..offset)
                .and_then(|text| text.rfind('\n'))
                .map_or(0, |i| i + 1)
        };
        let first = line_start(start);
        let indent = self.source.get(first..start)?;
        if !indent.chars().all(|c| c == ' ' || c == '\t') {
            return None;
        }
        let mut at = first;
        // `start_line` is 1-based, comment lines 0-based.
        let mut line = (instruction.start_line as usize).saturating_sub(1);
        while line > 0 {
            let Some(comment) = self
                .comments_on_line(line - 1)
                .iter()
                .find(|c| !c.inside_instruction)
            else {
                break;
            };
            at = line_start(comment.span.start());
            line -= 1;
        }
        Some((at, indent))
    }

    pub fn instruction(&self, index: usize) -> &Instruction<'s> {
        &self.file.instructions[index]
    }

    /// The stage `docker build` produces without `--target`: the last one.
    pub fn final_stage(&self) -> Option<&Stage> {
        self.stages.last()
    }

    /// The image a stage ultimately builds on, following `FROM <stage>`.
    pub fn root_image(&self, stage: &Stage) -> Option<(&Stage, &ImageRef)> {
        let root = &self.stages[stage.root?];
        match &root.base {
            Base::Image(image) => Some((root, image)),
            _ => None,
        }
    }

    /// Build-context files read for the lints (empty without a file system
    /// or before [`Model::set_context`]).
    pub fn context(&self) -> &BuildContext {
        static EMPTY: BuildContext = BuildContext::new();
        self.context.get().unwrap_or(&EMPTY)
    }

    /// Sets the build-context files, once (later calls are ignored): read
    /// after the model is built, while its RUN commands may already be
    /// borrowed ([`crate::build::Runs`]).
    pub fn set_context(&self, context: BuildContext) {
        let _ = self.context.set(context);
    }

    /// The stage and the stages it builds on, nearest first.
    pub fn chain<'m>(&'m self, stage: &'m Stage) -> Vec<&'m Stage> {
        let mut chain = vec![stage];
        while let Some(Base::Stage(parent)) = chain.last().map(|s| &s.base) {
            chain.push(&self.stages[*parent]);
        }
        chain
    }

    /// Where a stage's file system starts: `scratch`, an image, or unknown.
    pub fn origin<'m>(&'m self, stage: &'m Stage) -> Origin<'m> {
        match &self.stages[stage.first].base {
            Base::Scratch => Origin::Scratch,
            Base::Image(image) => Origin::Image(image),
            _ => Origin::Unknown,
        }
    }

    /// What the knowledge base says about the image a stage builds on.
    pub fn describe<'m>(&'m self, stage: &'m Stage) -> Option<&'m crate::knowledge::Description> {
        match self.origin(stage) {
            Origin::Image(image) => Some(image.describe()),
            _ => None,
        }
    }

    /// Whether the stage is the final one or one it builds on.
    pub fn in_final_image(&self, stage: &Stage) -> bool {
        stage.in_final_image
    }

    /// Every stage built directly on a valid image reference (not
    /// `scratch`, not a stage, not a placeholder such as `REPLACE-ME`).
    pub fn images(&self) -> impl Iterator<Item = (&Stage, &ImageRef)> {
        self.all_images()
            .filter(|(_, image)| image.invalid_reason().is_none())
    }

    /// Every stage built directly on an image reference, valid or not.
    pub fn all_images(&self) -> impl Iterator<Item = (&Stage, &ImageRef)> {
        self.stages.iter().filter_map(|stage| match &stage.base {
            Base::Image(image) => Some((stage, image.as_ref())),
            _ => None,
        })
    }

    /// What is left of the file's budget of derived text (see
    /// [`budget`]), for the words of RUN commands.
    pub fn budget(&self) -> &budget::Budget {
        &self.budget
    }

    /// The first stage named `name` (compared case-insensitively, as
    /// BuildKit compares stage names), by index.
    pub fn first_stage_named(&self, name: &str) -> Option<usize> {
        self.first_named.get(&name.to_ascii_lowercase()).copied()
    }

    /// The global ARG an image reference took `name` from.
    pub fn global_arg(&self, name: &str) -> Option<&GlobalArg> {
        Globals {
            args: &self.global_args,
            last: &self.global_last,
        }
        .get(name)
    }
}

/// The global ARGs, with the last of each name indexed: each name read
/// (a FROM's variables, a stage's `ARG NAME`, another global default)
/// searched them all, so 16,000 global ARGs redeclared in a stage took 0.5 s.
#[derive(Clone, Copy)]
pub(super) struct Globals<'a> {
    pub args: &'a [GlobalArg],
    pub last: &'a std::collections::HashMap<String, usize>,
}

impl<'a> Globals<'a> {
    /// The last global ARG named `name`.
    pub fn get(&self, name: &str) -> Option<&'a GlobalArg> {
        self.last.get(name).map(|&i| &self.args[i])
    }
}

/// Global ARG defaults (Docker's rule: only ARGs before the first FROM are
/// visible in FROM lines), each expanded against the ones before it.
fn global_args(
    file: &Dockerfile,
    definitions: &instructions::Definitions,
    budget: &budget::Budget,
) -> (Vec<GlobalArg>, std::collections::HashMap<String, usize>) {
    let mut args: Vec<GlobalArg> = Vec::new();
    let mut last = std::collections::HashMap::new();
    let preamble = file
        .instructions
        .iter()
        .enumerate()
        .take_while(|(_, i)| i.kind != Keyword::From);
    for (index, instruction) in preamble.filter(|(_, i)| i.kind == Keyword::Arg) {
        for word in definitions.of(index) {
            let raw = &word.raw.text;
            let (name, default) = match raw.split_once('=') {
                Some((name, _)) => {
                    let value_start = word.offset + name.len() + 1;
                    let value_end = word.offset + raw.len();
                    let line = &instruction.line;
                    let written = value_end - value_start;
                    let limit = budget.limit(written);
                    let globals = Globals {
                        args: &args,
                        last: &last,
                    };
                    let value = expand(line, value_start, value_end, file.escape, limit, |n| {
                        lookup(globals, n)
                    })
                    .and_then(|e| budget.keep(written, facts::unquote(&e.text)));
                    let span = instruction.line.source_span(value_start, value_end);
                    (name, value.map(|v| (v, span)))
                }
                None => (raw.as_str(), None),
            };
            last.insert(name.to_string(), args.len());
            args.push(GlobalArg {
                name: name.to_string(),
                default: default.as_ref().map(|(v, _)| v.clone()),
                default_span: default.map(|(_, span)| span),
            });
        }
    }
    (args, last)
}

fn lookup<'a>(globals: Globals<'a>, name: &str) -> Value<'a> {
    match globals.get(name) {
        Some(GlobalArg {
            default: Some(v), ..
        }) => Value::Set(v),
        _ => Value::Unknown,
    }
}

/// What a `FROM` is read against: the stages before it, the global ARGs,
/// the escape character and the file's budget of derived text.
type FromContext<'a> = (&'a StageNames, Globals<'a>, char, &'a budget::Budget);

fn new_stage(
    index: usize,
    from: usize,
    instruction: &Instruction,
    (earlier, globals, escape, budget): FromContext,
) -> Stage {
    let words = instruction.words();
    let name =
        (words.len() == 3 && words[1].text.eq_ignore_ascii_case("as")).then(|| words[2].clone());
    let platform = instruction.flag("platform").and_then(|f| f.value.clone());
    let Some(word) = words.first() else {
        return Stage {
            index,
            name,
            from,
            base_span: instruction.keyword().span,
            base: Base::Missing,
            platform,
            platform_flag: None,
            body: Vec::new(),
            copies_from: Vec::new(),
            mounts_from: Vec::new(),
            root: None,
            first: index,
            facts: StageFacts::default(),
            in_final_image: false,
        };
    };
    let start = words_offset(instruction, instruction.args_offset());
    let written = word.text.len();
    let limit = budget.limit(written);
    // The reference is kept (and parsed into parts): charged twice.
    let expanded = expand(
        &instruction.line,
        start,
        start + written,
        escape,
        limit,
        |n| lookup(globals, n),
    )
    .filter(|e| e.vars.is_empty() || budget.spend(2 * e.text.len()));
    let base = match expanded {
        None => Base::Unresolved,
        Some(e) if e.text.eq_ignore_ascii_case("scratch") => Base::Scratch,
        // BuildKit matches the expanded name against stage names first, so
        // `FROM base-${T}` can name a stage.
        Some(e) => match earlier.find(&e.text) {
            Some(stage) => Base::Stage(stage),
            _ => ImageRef::parse(&e).map_or(Base::Missing, |image| Base::Image(Box::new(image))),
        },
    };
    Stage {
        index,
        name,
        from,
        base_span: word.span,
        base,
        platform,
        platform_flag: None,
        body: Vec::new(),
        copies_from: Vec::new(),
        mounts_from: Vec::new(),
        root: None,
        first: index,
        facts: StageFacts::default(),
        in_final_image: false,
    }
}

/// Logical offset of the first argument word (after leading separators).
/// Reads the rest of the line as a slice: borrowed, not rebuilt, when it
/// lies in one piece.
fn words_offset(instruction: &Instruction, args_start: usize) -> usize {
    let rest = instruction.line.slice(args_start, instruction.line.len());
    args_start + (rest.len() - rest.trim_start().len())
}

/// Stage names seen so far (case-insensitive; a later stage with the same
/// name shadows an earlier one) and how many stages there are.
#[derive(Default)]
struct StageNames {
    by_name: std::collections::HashMap<String, usize>,
    count: usize,
}

impl StageNames {
    fn add(&mut self, stage: &Stage) {
        if let Some(name) = &stage.name {
            self.by_name
                .insert(name.text.to_ascii_lowercase(), stage.index);
        }
        self.count = stage.index + 1;
    }

    fn find(&self, reference: &str) -> Option<usize> {
        self.by_name.get(&reference.to_ascii_lowercase()).copied()
    }
}

fn copies_from(file: &Dockerfile, stage: &Stage, earlier: &StageNames) -> Vec<CopyFrom> {
    stage
        .body
        .iter()
        .map(|&i| (i, file.instructions[i].effective()))
        .filter(|(_, i)| i.kind == Keyword::Copy)
        .filter_map(|(index, i)| {
            let flag = i.flag("from")?;
            let value = flag.value.as_deref().unwrap_or("");
            let by_index = value.parse::<usize>().ok().filter(|&n| n < earlier.count);
            let (sources, dest) = copy_paths(i);
            let stage = by_index.or_else(|| earlier.find(value));
            Some(CopyFrom {
                stage,
                image: if stage.is_none() {
                    flag_image(flag, value)
                } else {
                    None
                },
                span: flag.span,
                value_span: instructions::flag_value_span(flag, value),
                instruction: index,
                sources,
                dest,
            })
        })
        .collect()
}

/// The image a `--from=` flag (or a `from=` key of `--mount`) names when
/// it is written literally: not a stage index, not built from variables,
/// not quoted or escaped (so its spans are exact).
fn flag_image(flag: &crate::syntax::Flag, value: &str) -> Option<Box<ImageRef>> {
    let plain = !value.is_empty()
        && !value.bytes().all(|b| b.is_ascii_digit())
        && !value.contains(['$', '"', '\'', '\\'])
        && flag.span.len() == flag.text.len();
    if !plain {
        return None;
    }
    let at = flag.text.find(value)?;
    ImageRef::parse(&Expanded::literal(value, flag.span.start() + at)).map(Box::new)
}

/// How a Dockerfile uses an image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageUse {
    /// The base of stage (index).
    Base(usize),
    /// `COPY --from=<image>` at instruction (index).
    CopyFrom(usize),
    /// `RUN --mount=from=<image>` at instruction (index).
    MountFrom(usize),
}

/// The `RUN --mount=…,from=…` edges of a stage: earlier stages (by name
/// or index, as `COPY --from` names them) and literal images.
fn mounts_from(file: &Dockerfile, stage: &Stage, earlier: &StageNames) -> Vec<MountFrom> {
    let mut out = Vec::new();
    for &index in &stage.body {
        let run = file.instructions[index].effective();
        if run.kind != Keyword::Run {
            continue;
        }
        for flag in run.flags().iter().filter(|f| f.name == "mount") {
            let Some(value) = flag.value.as_deref() else {
                continue;
            };
            let Some(from) = value.split(',').find_map(|kv| kv.strip_prefix("from=")) else {
                continue;
            };
            let by_index = from.parse::<usize>().ok().filter(|&n| n < earlier.count);
            let stage = by_index.or_else(|| earlier.find(from));
            out.push(MountFrom {
                stage,
                image: stage.is_none().then(|| flag_image(flag, from)).flatten(),
                span: flag.span,
                value_span: instructions::flag_value_span(flag, from),
                instruction: index,
            });
        }
    }
    out
}

/// Source paths and destination of a COPY or ADD (shell or exec form).
pub fn copy_paths(instruction: &Instruction) -> (Vec<String>, Option<String>) {
    let operands = copy_operands(instruction);
    (operands.sources, operands.dest)
}

/// True when the instruction's arguments are in exec (JSON) form.
pub fn is_exec_form(instruction: &Instruction) -> bool {
    matches!(instruction.form, Form::Exec(_))
}
