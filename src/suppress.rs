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

/// The pragmas of one file, indexed for lookups by position.
#[derive(Debug, Default)]
pub struct Suppressions {
    pragmas: Vec<Pragma>,
    /// Spans of the instructions (grown to take in the pragmas above them),
    /// in source order, and the pragmas scoped to each.
    instructions: Vec<(Span, Vec<usize>)>,
    /// Covered spans of stage pragmas, sorted by start.
    stages: Vec<(Span, usize)>,
    global: Vec<usize>,
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
            return this;
        }
        this.instructions = file.instructions.iter().map(|i| (i.span, vec![])).collect();
        let comment_lines: std::collections::HashSet<usize> = file
            .comments
            .iter()
            .filter(|c| !c.inside_instruction)
            .map(|c| c.line as usize)
            .collect();
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
            let mut line = comment.line as usize + 1;
            while comment_lines.contains(&line) {
                line += 1;
            }
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
            this.push(Pragma {
                tool: parsed.tool,
                scope: parsed.scope,
                comment: comment.span,
                ids: parsed.ids,
                reason: parsed.reason,
                covers,
                line: line_of(source, comment.span),
            });
            if let Some(target) = target {
                let entry = &mut this.instructions[target];
                entry.0 = Span::new(entry.0.start().min(covers.start()), entry.0.end());
                entry.1.push(index);
            }
        }
        this.stages.sort_by_key(|(span, _)| span.start());
        this
    }

    fn push(&mut self, pragma: Pragma) {
        let index = self.pragmas.len();
        match pragma.scope {
            Scope::File => self.global.push(index),
            Scope::Stage => self.stages.push((pragma.covers, index)),
            Scope::Instruction => {}
        }
        self.pragmas.push(pragma);
    }

    pub fn pragmas(&self) -> &[Pragma] {
        &self.pragmas
    }

    /// Drops the findings a pragma suppresses and records which pragma ids
    /// were used.
    pub fn filter(&mut self, diagnostics: Box<[Diagnostic]>) -> Box<[Diagnostic]> {
        if self.pragmas.is_empty() {
            return diagnostics;
        }
        let mut diagnostics = diagnostics.into_vec();
        diagnostics.retain(|d| !self.suppress(d));
        // Kept in place when nothing was dropped (the vector is full).
        crate::exact::slice(diagnostics)
    }

    /// Whether a pragma covers `d`; marks every id that does.
    fn suppress(&mut self, d: &Diagnostic) -> bool {
        let offset = d.span().start();
        let mut candidates: Vec<usize> = self.global.clone();
        let at = self
            .instructions
            .partition_point(|(span, _)| span.start() <= offset);
        if let Some((span, pragmas)) = at.checked_sub(1).map(|i| &self.instructions[i])
            && offset <= span.end()
        {
            candidates.extend(pragmas);
        }
        let stages_before = self
            .stages
            .partition_point(|(span, _)| span.start() <= offset);
        candidates.extend(
            self.stages[..stages_before]
                .iter()
                .filter(|(span, _)| offset <= span.end())
                .map(|(_, index)| *index),
        );
        let mut suppressed = false;
        for index in candidates {
            for id in &mut self.pragmas[index].ids {
                let code_matches = id.code.is_none() || id.code.as_deref() == d.code();
                if code_matches && id.lints.iter().any(|lint| lint.id == d.lint()) {
                    id.used = true;
                    suppressed = true;
                }
            }
        }
        suppressed
    }
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

/// Whether a `# fromlint ignore=` selector other than an id (an alias, a
/// group, a prefix) names `lint`.
fn fromlint_selects(lint: &Lint, id: &str) -> bool {
    crate::lints::by_id(id).is_none()
        && crate::lints::select(id).is_some_and(|lints| lints.iter().any(|l| l.id == lint.id))
}

fn lints_named_in(registry: &[&'static Lint], tool: Tool, id: &str) -> Vec<&'static Lint> {
    registry
        .iter()
        .copied()
        .filter(|lint| match tool {
            Tool::Fromlint => lint.id == id || fromlint_selects(lint, id),
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
