//! Applying fix edits to source text.

use crate::diagnostic::{Applicability, Diagnostic, Edit};

/// Applies the edits of every fix at or above `min` applicability. Edits are
/// applied in source order; a fix whose edits overlap an earlier applied fix
/// is skipped whole (a later round can apply it). Returns the new text and
/// how many fixes were applied.
pub fn apply(source: &str, diagnostics: &[Diagnostic], min: Applicability) -> (String, usize) {
    let mut fixes: Vec<&[Edit]> = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|fix| fix.applicability >= min && !fix.edits.is_empty())
        .map(|fix| fix.edits.as_slice())
        .collect();
    fixes.sort_by_key(|edits| edits.iter().map(|e| e.span.start).min());

    let mut chosen: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    for edits in fixes {
        let overlaps = edits.iter().any(|e| {
            chosen.iter().any(|c| {
                e.span.start < c.span.end.max(c.span.start + 1)
                    && c.span.start < e.span.end.max(e.span.start + 1)
            })
        });
        if !overlaps {
            chosen.extend(edits);
            applied += 1;
        }
    }
    chosen.sort_by_key(|e| (e.span.start, e.span.end));

    let mut out = String::with_capacity(source.len());
    let mut cursor = 0;
    for edit in chosen {
        out.push_str(&source[cursor..edit.span.start]);
        out.push_str(&edit.replacement);
        cursor = edit.span.end;
    }
    out.push_str(&source[cursor..]);
    (out, applied)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Fix, Severity};
    use crate::span::Span;

    fn with_fix(start: usize, end: usize, text: &str) -> Diagnostic {
        Diagnostic {
            lint: "x",
            severity: Severity::Warning,
            message: String::new(),
            span: Span::new(start, end),
            label: None,
            labels: vec![],
            help: None,
            fix: Some(Fix {
                applicability: Applicability::Unsafe,
                title: String::new(),
                edits: vec![Edit::replace(Span::new(start, end), text)],
            }),
        }
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
