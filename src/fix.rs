//! Applying fix edits to source text, round after round until the file
//! settles.

use crate::check::check_with_context;
use crate::diagnostic::{Applicability, Diagnostic, Edit};
use crate::lints::Settings;
use crate::syntax;

/// Applies the edits of every fix at or above `min` applicability. Edits are
/// applied in source order; a fix whose edits overlap an earlier applied fix
/// is skipped whole (a later round can apply it). Returns the new text and
/// how many fixes were applied.
pub fn apply(source: &str, diagnostics: &[Diagnostic], min: Applicability) -> (String, usize) {
    let mut fixes: Vec<&[Edit]> = diagnostics
        .iter()
        .filter_map(|d| d.fix())
        .filter(|fix| fix.applicability >= min && !fix.edits.is_empty())
        .map(|fix| &*fix.edits)
        .collect();
    fixes.sort_by_key(|edits| edits.iter().map(|e| e.span.start()).min());

    let mut chosen: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    for edits in fixes {
        let overlaps = edits.iter().any(|e| {
            chosen.iter().any(|c| {
                e.span.start() < c.span.end().max(c.span.start() + 1)
                    && c.span.start() < e.span.end().max(e.span.start() + 1)
            })
        });
        if !overlaps {
            chosen.extend(edits);
            applied += 1;
        }
    }
    chosen.sort_by_key(|e| (e.span.start(), e.span.end()));

    let mut out = String::with_capacity(source.len());
    let mut cursor = 0;
    for edit in chosen {
        out.push_str(&source[cursor..edit.span.start()]);
        out.push_str(&edit.replacement);
        cursor = edit.span.end();
    }
    out.push_str(&source[cursor..]);
    (out, applied)
}

/// How many apply-and-relint rounds `fix_source` runs before it stops: each
/// round applies every non-overlapping fix, so a few settle any file.
pub const MAX_ROUNDS: usize = 8;

/// The result of fixing one file.
#[derive(Debug)]
pub struct Outcome {
    pub text: String,
    /// How many fixes were applied over all rounds.
    pub applied: usize,
    /// What remains to report in `text`.
    pub diagnostics: Vec<Diagnostic>,
}

/// A fix round would have produced text that no longer parses as well as
/// the original; nothing is applied.
#[derive(Debug, PartialEq, Eq)]
pub struct BreaksParse {
    pub lints: Vec<&'static str>,
}

impl std::fmt::Display for BreaksParse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "a fix from {} would leave the file unparseable; nothing was changed",
            self.lints.join(", ")
        )
    }
}

/// Applies fixes at or above `min`, re-lints, and repeats until nothing
/// changes (at most [`MAX_ROUNDS`] rounds), like ruff. Overlapping fixes are
/// resolved by taking the earliest and retrying the rest in the next round.
pub fn fix_source(
    source: &str,
    settings: &Settings,
    read: &dyn Fn(&str) -> Option<String>,
    min: Applicability,
) -> Result<Outcome, BreaksParse> {
    let parse_errors = |text: &str| syntax::parse(text).errors.len();
    let baseline = parse_errors(source);
    let mut text = source.to_string();
    let mut applied = 0;
    let mut diagnostics = check_with_context(&text, settings, read);
    for _ in 0..MAX_ROUNDS {
        let (next, count) = apply(&text, &diagnostics, min);
        if count == 0 || next == text {
            break;
        }
        if parse_errors(&next) > baseline {
            let mut lints: Vec<&str> = diagnostics
                .iter()
                .filter(|d| d.fix().is_some_and(|f| f.applicability >= min))
                .map(|d| d.lint())
                .collect();
            lints.dedup();
            return Err(BreaksParse { lints });
        }
        text = next;
        applied += count;
        diagnostics = check_with_context(&text, settings, read);
    }
    Ok(Outcome {
        text,
        applied,
        diagnostics,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{DiagnosticBuilder, Severity};
    use crate::span::Span;

    fn with_fix(start: usize, end: usize, text: &str) -> Diagnostic {
        let span = Span::new(start, end);
        let mut finding = DiagnosticBuilder::new("x", Severity::Warning, span, "");
        finding.fix(Applicability::Unsafe, "", vec![Edit::replace(span, text)]);
        finding.into()
    }

    #[test]
    fn applies_in_order_and_skips_overlaps() {
        let source = "FROM python:3.12";
        let diagnostics = [
            with_fix(12, 16, "3.12-slim"),
            with_fix(5, 16, "x"),
            with_fix(16, 16, "@sha256:0"),
        ];
        let (out, applied) = apply(source, &diagnostics, Applicability::Unsafe);
        assert_eq!(out, "FROM x@sha256:0");
        assert_eq!(applied, 2);
        let (out, applied) = apply(source, &diagnostics, Applicability::Safe);
        assert_eq!((out.as_str(), applied), (source, 0));
    }
}
