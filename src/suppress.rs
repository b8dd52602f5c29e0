//! Suppression pragmas, and which of them suppressed something.
//!
//! - `# fromlint ignore=a,b` on the comment lines directly above an
//!   instruction: that instruction.
//! - `# fromlint stage ignore=a,b` above an instruction: the whole stage it
//!   belongs to, from its `FROM` to its last instruction.
//! - `# fromlint global ignore=a,b` anywhere: the whole file.
//! - A reason may follow the ids: `# fromlint ignore=missing-digest -- why`.
//! - `# hadolint ignore=DL3006` (also `global`, `stage`) for the hadolint
//!   rules a lint declares as its equivalent.
//! - BuildKit's `# check=skip=Rule,…` (or `skip=all`): as the parser
//!   directive at the top for the whole file, or as a comment directly above
//!   an instruction for that instruction, for the lints that declare a
//!   BuildKit equivalent.
//! - A ShellCheck code (`# fromlint ignore=SC2086`, `# hadolint
//!   ignore=SC2086`): the `shellcheck` lint's findings of that code only.

use crate::diagnostic::Diagnostic;
use crate::lints::{ALL, Lint};
use crate::model::Model;
use crate::span::Span;

/// Whose pragma it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    Fromlint,
    Hadolint,
    BuildKit,
}

/// What a pragma covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Instruction,
    Stage,
    File,
}

/// One id in a pragma's list.
#[derive(Debug, Clone)]
pub struct PragmaId {
    /// As written (`missing-digest`, `DL3006`, `all`).
    pub text: String,
    /// Where it is written.
    pub span: Span,
    /// The lints it names (several for BuildKit's `all`; none when unknown).
    pub lints: Vec<&'static Lint>,
    /// The one code of those lints' findings it names (`SC2086`), if any.
    pub code: Option<String>,
    /// Whether it suppressed at least one finding.
    pub used: bool,
}

/// One suppression comment or directive.
#[derive(Debug, Clone)]
pub struct Pragma {
    pub tool: Tool,
    pub scope: Scope,
    /// The comment, from `#` to the end of its text.
    pub comment: Span,
    pub ids: Vec<PragmaId>,
    pub reason: Option<String>,
    /// The byte range whose findings it suppresses.
    pub covers: Span,
    /// The whole line of the comment, its line break included (what
    /// removing the pragma removes).
    pub line: Span,
}

/// The whole line of a comment, its line break included.
fn line_of(source: &str, comment: Span) -> Span {
    let start = source
        .get(..comment.start())
        .and_then(|s| s.rfind('\n'))
        .map_or(0, |i| i + 1);
    let end = source
        .get(comment.end()..)
        .and_then(|s| s.find('\n'))
        .map_or(source.len(), |i| comment.end() + i + 1);
    Span::new(start, end.max(start))
}

/// The pragmas of one file, indexed for lookups by lint and position.
///
/// A finding is looked up, and the ids it uses are marked, in time that
/// does not grow with the number of pragmas: a file can hold a million of
/// them, and every finding used to be compared with every id that could
/// cover it (20,000 pragma lines took 5 s; docs/limits.md).
#[derive(Debug, Default)]
pub struct Suppressions {
    pragmas: Vec<Pragma>,
    /// The byte range each pragma's ids apply to (both ends included): a
    /// file pragma the whole file, a stage pragma its stage (and the
    /// comments between the two), an instruction pragma its instruction
    /// grown to take in every pragma above it. `None` for an instruction
    /// pragma with no instruction below it.
    reach: Vec<Option<(u32, u32)>>,
    /// What each lint (and finer code) is suppressed in, without repeats:
    /// sorted by lint, code and start.
    ranges: Vec<Covered>,
    /// For each entry of `ranges`, the furthest end among the entries of
    /// its lint and code up to it: a position is covered when the last
    /// entry starting at or before it reaches it.
    reach_end: Vec<u32>,
    /// Every id by each lint it names, as (lint, pragma, id), sorted by
    /// lint: the ids a suppressed finding may have used.
    naming: Vec<(&'static str, u32, u32)>,
}

/// A range in which a lint's findings (of one code, or of any) are
/// suppressed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Covered {
    lint: &'static str,
    code: Option<Box<str>>,
    start: u32,
    end: u32,
}

impl Suppressions {
    /// Reads every pragma of the model's file.
    pub fn new(model: &Model) -> Suppressions {
        let file = &model.file;
        let source = model.source;
        let mut this = Suppressions::default();
        // The BuildKit `check` directive covers the file.
        for directive in file.directives.iter().filter(|d| d.name == "check") {
            if let Some(ids) = buildkit_skip(&directive.value.text, directive.value.span.start()) {
                this.push(Pragma {
                    tool: Tool::BuildKit,
                    scope: Scope::File,
                    comment: directive.span,
                    ids,
                    reason: None,
                    covers: Span::new(0, source.len()),
                    line: line_of(source, directive.span),
                });
            }
        }
        let parsed: Vec<(&crate::syntax::Comment, Parsed)> = file
            .comments
            .iter()
            .filter(|c| !c.inside_instruction && may_be_pragma(c.text(source)))
            .filter_map(|comment| {
                Some((
                    comment,
                    parse(comment.text(source), comment.text_span(source).start())?,
                ))
            })
            .collect();
        if parsed.is_empty() {
            this.index();
            return this;
        }
        // Each instruction's span, grown to take in the pragmas above it,
        // and the pragmas that apply to it.
        let mut instructions: Vec<(Span, Vec<usize>)> =
            file.instructions.iter().map(|i| (i.span, vec![])).collect();
        // For each comment line, the first line after its comment block,
        // found from the bottom up (walking down from each pragma was
        // quadratic in the length of a block).
        let mut comment_lines: Vec<usize> = file
            .comments
            .iter()
            .filter(|c| !c.inside_instruction)
            .map(|c| c.line as usize)
            .collect();
        comment_lines.sort_unstable();
        comment_lines.dedup();
        let mut after_block = std::collections::HashMap::with_capacity(comment_lines.len());
        for &line in comment_lines.iter().rev() {
            let next = after_block.get(&(line + 1)).copied().unwrap_or(line + 1);
            after_block.insert(line, next);
        }
        // Instructions by the 0-based line they start on, to find the one
        // below a comment block.
        let by_line: std::collections::HashMap<usize, usize> = file
            .instructions
            .iter()
            .enumerate()
            .map(|(index, i)| (i.start_line as usize - 1, index))
            .collect();
        for (comment, parsed) in parsed {
            // Skip the rest of the comment block to reach the instruction.
            let line = comment.line as usize;
            let line = after_block.get(&line).copied().unwrap_or(line + 1);
            let below = by_line.get(&line).copied();
            // A pragma also covers the comments between it and what it
            // applies to, so `ignore=unused-suppression` works on a pragma
            // below it.
            let from = comment.span.start();
            let (covers, target) = match parsed.scope {
                Scope::File => (Span::new(0, source.len()), None),
                Scope::Instruction => match below {
                    Some(index) => {
                        let span = file.instructions[index].span;
                        (Span::new(from.min(span.start()), span.end()), Some(index))
                    }
                    None => (Span::new(from, from), None),
                },
                Scope::Stage => match below.and_then(|index| stage_span(model, index)) {
                    Some(span) => (Span::new(from.min(span.start()), span.end()), None),
                    None => (Span::new(from, from), None),
                },
            };
            let index = this.pragmas.len();
            this.reach.push(match parsed.scope {
                Scope::File => Some((0, u32::MAX)),
                Scope::Stage => Some(span_reach(covers)),
                // Filled in below, once every pragma above it is known.
                Scope::Instruction => None,
            });
            this.pragmas.push(Pragma {
                tool: parsed.tool,
                scope: parsed.scope,
                comment: comment.span,
                ids: parsed.ids,
                reason: parsed.reason,
                covers,
                line: line_of(source, comment.span),
            });
            if let Some(target) = target {
                let entry = &mut instructions[target];
                entry.0 = Span::new(entry.0.start().min(covers.start()), entry.0.end());
                entry.1.push(index);
            }
        }
        for (span, pragmas) in instructions {
            for index in pragmas {
                this.reach[index] = Some(span_reach(span));
            }
        }
        this.index();
        this
    }

    /// The file-wide BuildKit directive, which applies everywhere.
    fn push(&mut self, pragma: Pragma) {
        self.reach.push(Some((0, u32::MAX)));
        self.pragmas.push(pragma);
    }

    /// Builds `ranges`, `reach_end` and `naming` from the pragmas.
    fn index(&mut self) {
        let mut ranges = Vec::new();
        let mut naming = Vec::new();
        for (p, (pragma, reach)) in self.pragmas.iter().zip(&self.reach).enumerate() {
            let Some((start, end)) = *reach else { continue };
            for (i, id) in pragma.ids.iter().enumerate() {
                for lint in &id.lints {
                    // 32 bits: a file has fewer pragmas and ids than bytes.
                    naming.push((lint.id, p as u32, i as u32));
                    ranges.push(Covered {
                        lint: lint.id,
                        code: id.code.as_deref().map(Box::from),
                        start,
                        end,
                    });
                }
            }
        }
        ranges.sort_unstable();
        ranges.dedup();
        naming.sort_unstable();
        let mut reach_end = Vec::with_capacity(ranges.len());
        for (i, covered) in ranges.iter().enumerate() {
            let same_run = i > 0 && same_key(&ranges[i - 1], covered);
            let before = if same_run { reach_end[i - 1] } else { 0 };
            reach_end.push(covered.end.max(before));
        }
        self.ranges = ranges;
        self.reach_end = reach_end;
        self.naming = naming;
    }

    pub fn pragmas(&self) -> &[Pragma] {
        &self.pragmas
    }

    /// Drops the findings a pragma suppresses and records which pragma ids
    /// were used.
    pub fn filter(&mut self, diagnostics: Box<[Diagnostic]>) -> Box<[Diagnostic]> {
        if self.ranges.is_empty() {
            return diagnostics;
        }
        let mut diagnostics = diagnostics.into_vec();
        // Where the suppressed findings are, by lint and code.
        let mut suppressed: Vec<(&'static str, Option<Box<str>>, u32)> = Vec::new();
        diagnostics.retain(|d| {
            let offset = position(d.span().start());
            let covered = self.covered(d.lint(), None, offset)
                || d.code()
                    .is_some_and(|code| self.covered(d.lint(), Some(code), offset));
            if covered {
                suppressed.push((d.lint(), d.code().map(Box::from), offset));
            }
            !covered
        });
        self.mark_used(suppressed);
        // Kept in place when nothing was dropped (the vector is full).
        crate::exact::slice(diagnostics)
    }

    /// Whether an id naming `lint` (with `code`, or any code for `None`)
    /// applies at `offset`.
    fn covered(&self, lint: &str, code: Option<&str>, offset: u32) -> bool {
        let run = run_of(&self.ranges, |c| {
            (c.lint, c.code.as_deref()).cmp(&(lint, code))
        });
        // The last entry of the run that starts at or before `offset`.
        let starting = self.ranges[run.clone()].partition_point(|c| c.start <= offset);
        starting > 0 && self.reach_end[run.start + starting - 1] >= offset
    }

    /// Marks every id that applies where a finding it names was suppressed.
    fn mark_used(&mut self, mut suppressed: Vec<(&'static str, Option<Box<str>>, u32)>) {
        if suppressed.is_empty() {
            return;
        }
        suppressed.sort_unstable();
        for run in suppressed.chunk_by(|a, b| a.0 == b.0) {
            let lint = run[0].0;
            // In `run`'s order (by code, then offset), and all sorted.
            let by_code: Vec<u32> = run.iter().map(|(_, _, offset)| *offset).collect();
            let mut any_code = by_code.clone();
            any_code.sort_unstable();
            for &(_, p, i) in &self.naming[run_of(&self.naming, |n| n.0.cmp(lint))] {
                let Some((start, end)) = self.reach[p as usize] else {
                    continue;
                };
                let id = &mut self.pragmas[p as usize].ids[i as usize];
                if id.used {
                    continue;
                }
                // An id with a code uses only the findings of that code.
                let offsets = match id.code.as_deref() {
                    None => any_code.as_slice(),
                    Some(code) => &by_code[run_of(run, |(_, c, _)| c.as_deref().cmp(&Some(code)))],
                };
                let at = offsets.partition_point(|&o| o < start);
                id.used = offsets.get(at).is_some_and(|&o| o <= end);
            }
        }
    }
}

/// The positions of `items` whose key compares equal, `key` comparing an
/// item's key with the one looked for (`items` sorted by key).
fn run_of<T>(items: &[T], key: impl Fn(&T) -> std::cmp::Ordering) -> std::ops::Range<usize> {
    let start = items.partition_point(|item| key(item).is_lt());
    start..start + items[start..].partition_point(|item| key(item).is_eq())
}

/// Whether two entries are of the same lint and code.
fn same_key(a: &Covered, b: &Covered) -> bool {
    a.lint == b.lint && a.code == b.code
}

/// A span as the inclusive range `filter` compares positions with.
fn span_reach(span: Span) -> (u32, u32) {
    (position(span.start()), position(span.end()))
}

/// An offset in 32 bits: inputs are at most 64 MiB.
fn position(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

/// From the `FROM` of the stage holding instruction `index` to its last instruction.
fn stage_span(model: &Model, index: usize) -> Option<Span> {
    let stage = model
        .stages
        .iter()
        .rev()
        .find(|stage| stage.from <= index)?;
    let last = stage.body.last().copied().unwrap_or(stage.from);
    let start = model.instruction(stage.from).span.start();
    Some(Span::new(start, model.instruction(last).span.end()))
}

struct Parsed {
    tool: Tool,
    scope: Scope,
    ids: Vec<PragmaId>,
    reason: Option<String>,
}

/// Whether a comment's text starts the way every pragma [`parse`] reads
/// does: most comments are not pragmas, and this spares parsing them.
fn may_be_pragma(text: &str) -> bool {
    ["check=", "fromlint", "hadolint"]
        .iter()
        .any(|start| text.starts_with(start))
}

/// Parses the text of a comment (after `#`; `offset` is where it starts in
/// the source) as a pragma.
fn parse(text: &str, offset: usize) -> Option<Parsed> {
    if let Some(value) = text.strip_prefix("check=") {
        // BuildKit's `# check=skip=…` above an instruction.
        let ids = buildkit_skip(value, offset + "check=".len())?;
        return Some(Parsed {
            tool: Tool::BuildKit,
            scope: Scope::Instruction,
            ids,
            reason: None,
        });
    }
    let (tool_name, rest) = text.split_once(char::is_whitespace)?;
    let tool = match tool_name {
        "fromlint" => Tool::Fromlint,
        "hadolint" => Tool::Hadolint,
        _ => return None,
    };
    let mut rest = rest.trim_start();
    let mut scope = Scope::Instruction;
    for (word, s) in [("global", Scope::File), ("stage", Scope::Stage)] {
        if let Some(after) = rest.strip_prefix(word)
            && after.starts_with(char::is_whitespace)
        {
            scope = s;
            rest = after.trim_start();
        }
    }
    let list = rest
        .strip_prefix("ignore")?
        .trim_start()
        .strip_prefix('=')?;
    let list = list.trim_start();
    let list_start = offset + (text.len() - list.len());
    // The ids: a comma-separated list; blanks are allowed around commas.
    let mut ids = Vec::new();
    let mut cursor = 0;
    let bytes = list.as_bytes();
    loop {
        while cursor < bytes.len() && bytes[cursor] == b' ' {
            cursor += 1;
        }
        let start = cursor;
        while cursor < bytes.len() && !matches!(bytes[cursor], b',' | b' ' | b'\t' | b'#') {
            cursor += 1;
        }
        if cursor > start {
            let id = &list[start..cursor];
            let code = shellcheck_code(id);
            ids.push(PragmaId {
                text: id.to_string(),
                span: Span::new(list_start + start, list_start + cursor),
                lints: match code {
                    Some(_) => vec![crate::lints::SHELLCHECK_LINT],
                    None => lints_named(tool, id),
                },
                code,
                used: false,
            });
        }
        let mut after = cursor;
        while after < bytes.len() && matches!(bytes[after], b' ' | b'\t') {
            after += 1;
        }
        if after < bytes.len() && bytes[after] == b',' {
            cursor = after + 1;
        } else {
            cursor = after;
            break;
        }
    }
    // hadolint's rationale follows a `#`; ours a `--`.
    let reason = list[cursor..]
        .trim_start_matches(['-', '#'])
        .trim()
        .to_string();
    Some(Parsed {
        tool,
        scope,
        ids,
        reason: (!reason.is_empty()).then_some(reason),
    })
}

/// The rules of `skip=` in a BuildKit check value (`skip=A,B;error=true`).
fn buildkit_skip(value: &str, offset: usize) -> Option<Vec<PragmaId>> {
    let mut part_start = 0;
    for part in value.split(';') {
        let trimmed = part.trim_start();
        let lead = part.len() - trimmed.len();
        if let Some(list) = trimmed.strip_prefix("skip=") {
            let mut start = offset + part_start + lead + "skip=".len();
            let mut ids = Vec::new();
            for rule in list.split(',') {
                let name = rule.trim();
                let at = start + (rule.len() - rule.trim_start().len());
                if !name.is_empty() {
                    ids.push(PragmaId {
                        text: name.to_string(),
                        span: Span::new(at, at + name.len()),
                        lints: lints_named(Tool::BuildKit, name),
                        code: None,
                        used: false,
                    });
                }
                start += rule.len() + 1;
            }
            return Some(ids);
        }
        part_start += part.len() + 1;
    }
    None
}

/// `SC2086` as the code of a `shellcheck` finding.
fn shellcheck_code(id: &str) -> Option<String> {
    if !id.starts_with("SC") {
        return None;
    }
    crate::lints::shellcheck_code(id).map(|code| format!("SC{code}"))
}

/// The lints a pragma id names for a tool.
fn lints_named(tool: Tool, id: &str) -> Vec<&'static Lint> {
    lints_named_in(ALL, tool, id)
}

fn lints_named_in(registry: &[&'static Lint], tool: Tool, id: &str) -> Vec<&'static Lint> {
    // Read once per id, not once per lint: a pragma may list many ids.
    let selected = match tool {
        Tool::Fromlint if crate::lints::by_id(id).is_none() => crate::lints::select(id),
        _ => None,
    };
    let selects = |lint: &Lint| {
        selected
            .as_ref()
            .is_some_and(|lints| lints.iter().any(|l| l.id == lint.id))
    };
    registry
        .iter()
        .copied()
        .filter(|lint| match tool {
            Tool::Fromlint => lint.id == id || selects(lint),
            Tool::Hadolint => lint.hadolint.contains(&id),
            Tool::BuildKit => {
                !lint.buildkit.is_empty() && (id == "all" || lint.buildkit.contains(&id))
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(p: &Parsed) -> Vec<&str> {
        p.ids.iter().map(|id| id.text.as_str()).collect()
    }

    #[test]
    fn parses_pragmas() {
        let p = parse("fromlint ignore=latest-tag,missing-digest", 0).unwrap();
        assert_eq!(p.scope, Scope::Instruction);
        assert_eq!(ids(&p), ["latest-tag", "missing-digest"]);
        assert_eq!(p.ids[1].span, Span::new(27, 41));
        assert_eq!(p.ids[1].lints[0].id, "missing-digest");
        let p = parse("fromlint global ignore=untagged-image", 0).unwrap();
        assert_eq!(p.scope, Scope::File);
        let p = parse(
            "fromlint stage ignore = a , b -- pinned by the release job",
            0,
        )
        .unwrap();
        assert_eq!(p.scope, Scope::Stage);
        assert_eq!(ids(&p), ["a", "b"]);
        assert!(p.ids[0].lints.is_empty());
        assert_eq!(p.reason.as_deref(), Some("pinned by the release job"));
        let p = parse("hadolint ignore=DL3006,DL3005 # why", 0).unwrap();
        assert_eq!(p.ids[0].lints[0].id, "untagged-image");
        assert!(p.ids[1].lints.is_empty());
        assert_eq!(p.reason.as_deref(), Some("why"));
        assert!(parse("just a comment", 0).is_none());
        assert!(parse("fromlint please ignore=x", 0).is_none());
    }

    #[test]
    fn ids_map_through_declared_equivalents() {
        static MAPPED: Lint = Lint {
            id: "mapped",
            docs: "",
            severity: crate::diagnostic::Severity::Warning,
            fix: crate::lints::FixKind::None,
            group: crate::lints::Group::Correctness,
            stability: crate::lints::Stability::Stable,
            default: true,
            hadolint: &["DL3000"],
            buildkit: &["StageNameCasing"],
            tags: &[],
            phase: crate::lints::Phase::Model,
            options: None,
            external: None,
            check: |_| {},
        };
        static PLAIN: Lint = Lint {
            hadolint: &[],
            buildkit: &[],
            id: "plain",
            ..MAPPED
        };
        let registry = [&MAPPED, &PLAIN];
        let named = |tool, id| -> Vec<&str> {
            lints_named_in(&registry, tool, id)
                .iter()
                .map(|l| l.id)
                .collect()
        };
        assert_eq!(named(Tool::BuildKit, "StageNameCasing"), ["mapped"]);
        assert_eq!(named(Tool::BuildKit, "all"), ["mapped"]);
        assert!(named(Tool::BuildKit, "JSONArgsRecommended").is_empty());
        assert_eq!(named(Tool::Hadolint, "DL3000"), ["mapped"]);
        assert_eq!(named(Tool::Fromlint, "plain"), ["plain"]);
        assert!(named(Tool::Fromlint, "DL3000").is_empty());
    }

    #[test]
    fn parses_buildkit_skip() {
        let p = parse("check=error=true;skip=Foo, Bar", 10).unwrap();
        assert_eq!(p.tool, Tool::BuildKit);
        assert_eq!(ids(&p), ["Foo", "Bar"]);
        assert_eq!(p.ids[0].span, Span::new(10 + 22, 10 + 25));
        assert_eq!(p.ids[1].span, Span::new(10 + 27, 10 + 30));
        assert!(parse("check=error=true", 0).is_none());
    }
}
