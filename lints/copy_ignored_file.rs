use super::Context;
use crate::syntax::Keyword;

declare_lint! {
    /// Flags `COPY`/`ADD` of a context path that `.dockerignore` leaves
    /// out of the build context.
    ///
    /// ## Why is this bad?
    /// Paths matching the ignore file are never sent to the builder, so
    /// copying one fails the build with "not found" — or, for a directory
    /// partly re-included with `!`, copies less than it says. BuildKit
    /// reports it as `CopyIgnoredFile`. fromlint reads
    /// `<Dockerfile>.dockerignore` beside the Dockerfile, else the
    /// `.dockerignore` of the build context (taken to be the Dockerfile's
    /// directory), with the full pattern syntax: `*`, `?`, `[…]`, `**`
    /// and `!` exceptions, the last matching pattern deciding. Sources with
    /// variables or wildcards, URLs and `--from` copies are not judged.
    ///
    /// ## Example
    /// With this `.dockerignore`:
    /// ```dockerignore
    /// .env
    /// **/*.log
    /// ```
    ///
    /// ```dockerfile
    /// FROM alpine:3.22
    /// COPY .env /app/.env
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.22
    /// COPY config/app.env /app/.env
    /// ```
    ///
    /// ## Fix
    /// None: either the file belongs in the context (remove the pattern) or
    /// the instruction should not copy it.
    pub static COPY_IGNORED_FILE = {
        id: "copy-ignored-file",
        severity: Error,
        fix: None,
        group: Correctness,
        buildkit: "CopyIgnoredFile",
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    let Some(ignore) = model.context().dockerignore() else {
        return;
    };
    for stage in &model.stages {
        for &index in &stage.body {
            let instruction = model.instruction(index);
            if !matches!(instruction.kind, Keyword::Copy | Keyword::Add)
                || instruction.flag("from").is_some()
            {
                continue;
            }
            let operands = crate::model::copy_operands(instruction);
            for (source, span) in operands.sources.iter().zip(&operands.source_spans) {
                let judged = !source.contains(['$', '*', '?', '['])
                    && !source.contains("://")
                    && !source.starts_with("git@");
                let Some(pattern) = ignore.excluding(source).filter(|_| judged) else {
                    continue;
                };
                let name = instruction.keyword().text.to_ascii_uppercase();
                cx.report(
                    span.unwrap_or(instruction.args.span),
                    format!(
                        "`{name}` of `{source}`, which {} leaves out of the build context",
                        ignore.file
                    ),
                )
                .label(format!("excluded by `{pattern}`"))
                .help(format!(
                    "copy another path, or remove `{pattern}` from {}",
                    ignore.file
                ));
            }
        }
    }
}
