use super::Context;
use crate::diagnostic::{Applicability, Edit};
use crate::syntax::Keyword;

declare_lint! {
    /// Flags `COPY`/`ADD` of several sources to a destination without a
    /// trailing `/`.
    ///
    /// ## Why is this bad?
    /// With more than one source the destination must be a directory, and
    /// Docker requires it to end in `/`; the build fails otherwise.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:24-slim
    /// COPY package.json package-lock.json /app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:24-slim
    /// COPY package.json package-lock.json /app/
    /// ```
    ///
    /// ## Fix
    /// Safe: a `/` is appended to the destination.
    pub static COPY_DEST_NEEDS_SLASH = {
        id: "copy-dest-needs-slash",
        severity: Error,
        fix: Safe,
        group: Correctness,
        hadolint: "DL3021",
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    for instruction in &model.file.instructions {
        let instruction = instruction.effective();
        if !matches!(instruction.kind, Keyword::Copy | Keyword::Add)
            || !instruction.heredocs().is_empty()
        {
            continue;
        }
        let operands = crate::model::copy_operands(instruction);
        let (sources, Some(dest)) = (&operands.sources, &operands.dest) else {
            continue;
        };
        if sources.len() < 2 || dest.ends_with('/') || dest.ends_with('\\') || dest.contains('$') {
            continue;
        }
        let diagnostic = cx.report(
            operands.dest_span.unwrap_or(instruction.args.span),
            format!(
                "`{dest}` receives {} sources but does not end in `/`",
                sources.len()
            ),
        );
        diagnostic
            .label("needs a trailing `/`")
            .help(format!("write `{dest}/`"));
        if let Some(span) = operands.dest_span {
            diagnostic.fix(
                Applicability::Safe,
                format!("write `{dest}/`"),
                vec![Edit::insert(span.end(), "/")],
            );
        }
    }
}
