use super::Context;
use crate::diagnostic::{Applicability, Edit};
use crate::span::Span;
use crate::suppress::{Pragma, PragmaId, Tool};

declare_lint! {
    /// Flags ids in `# fromlint` pragmas that suppress nothing.
    ///
    /// ## Why is this bad?
    /// A pragma outlives the finding it was written for: the image gets
    /// pinned, the instruction moves, the pragma stays. A stale one tells
    /// readers there is a problem where there is none, and silently hides the
    /// next real finding of that lint at that place. An id that names no lint
    /// (a typo such as `lates-tag`) never suppressed anything at all.
    ///
    /// Only fromlint's own pragmas are checked: `# hadolint ignore=` and
    /// `# check=skip=` also serve those tools. Ids of lints that do not run
    /// (not selected, ignored or `off` in the configuration) are not
    /// reported, since nothing tells whether they would suppress a finding.
    ///
    /// ## Example
    /// ```dockerfile
    /// # fromlint ignore=latest-tag
    /// FROM node:24-slim
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:24-slim
    /// ```
    ///
    /// ## Fix
    /// Safe: the id is removed from the list, or the whole comment line when
    /// none of its ids suppresses anything.
    pub static UNUSED_SUPPRESSION = {
        id: "unused-suppression",
        severity: Info,
        fix: Safe,
        group: Style,
        tags: ["maintainability"],
        phase: AfterSuppressions,
        check: check,
    }
}

fn check(cx: &mut Context) {
    let Some(suppressions) = cx.suppressions else {
        return;
    };
    for pragma in suppressions
        .pragmas()
        .iter()
        .filter(|p| p.tool == Tool::Fromlint)
    {
        // Ids that cannot be judged count as used: lints that do not run,
        // and this lint itself (its findings are filtered after it runs).
        let judged = |id: &PragmaId| match id.lints.first() {
            None => true,
            Some(lint) => lint.id != UNUSED_SUPPRESSION.id && cx.settings.runs(lint.id),
        };
        let is_unused: Vec<bool> = pragma.ids.iter().map(|id| judged(id) && !id.used).collect();
        let unused: Vec<usize> = (0..pragma.ids.len()).filter(|&i| is_unused[i]).collect();
        let whole = unused.len() == pragma.ids.len();
        // Whether a kept id follows each one, read from the end once (not
        // searched again for every unused id of a long list).
        let mut kept_after = vec![false; pragma.ids.len()];
        let mut kept = false;
        for i in (0..pragma.ids.len()).rev() {
            kept_after[i] = kept;
            kept |= !is_unused[i];
        }
        for &i in &unused {
            let id = &pragma.ids[i];
            let (message, label) = if id.lints.is_empty() {
                (
                    format!("`{}` is not a fromlint lint", id.text),
                    "unknown lint",
                )
            } else {
                (
                    format!("`{}` suppresses nothing here", id.text),
                    "nothing to suppress",
                )
            };
            let (title, edit) = if whole {
                ("remove the pragma", pragma.line)
            } else {
                (
                    "remove the unused id",
                    id_with_separator(pragma, i, kept_after[i]),
                )
            };
            let help = if id.lints.is_empty() {
                "`fromlint rules` lists the lint ids; remove the id or correct it"
            } else {
                "remove it, so it cannot hide a future finding"
            };
            cx.report(id.span, message).label(label).help(help).fix(
                Applicability::Safe,
                title,
                vec![Edit::replace(edit, "")],
            );
        }
    }
}

/// Id `i` with one separator next to it: the one after it when a kept id
/// follows (`kept_after`), else the one before it. The removals of several
/// unused ids of a list then never overlap and leave a well-formed list.
fn id_with_separator(pragma: &Pragma, i: usize, kept_after: bool) -> Span {
    let ids = &pragma.ids;
    if kept_after {
        Span::new(ids[i].span.start(), ids[i + 1].span.start())
    } else if i > 0 {
        Span::new(ids[i - 1].span.end(), ids[i].span.end())
    } else {
        ids[i].span
    }
}
