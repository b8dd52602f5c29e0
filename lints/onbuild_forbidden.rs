use super::Context;
use crate::syntax::Keyword;

declare_lint! {
    /// Flags `ONBUILD ONBUILD`, `ONBUILD FROM` and `ONBUILD MAINTAINER`.
    ///
    /// ## Why is this bad?
    /// Docker refuses these triggers when the child image is built, so the
    /// base image is unusable as a base.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:24-slim
    /// ONBUILD FROM alpine:3.22
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM node:24-slim
    /// ONBUILD COPY . /app
    /// ```
    ///
    /// ## Fix
    /// None: remove the trigger.
    pub static ONBUILD_FORBIDDEN = {
        id: "onbuild-forbidden",
        severity: Error,
        fix: None,
        group: Correctness,
        hadolint: "DL3043",
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    for instruction in &model.file.instructions {
        let Some(inner) = instruction.onbuild() else {
            continue;
        };
        if matches!(
            inner.kind,
            Keyword::Onbuild | Keyword::From | Keyword::Maintainer
        ) {
            let name = inner.keyword().text.to_ascii_uppercase();
            cx.report(
                inner.keyword().span,
                format!("`ONBUILD {name}` is not allowed"),
            )
            .label("forbidden trigger")
            .help("ONBUILD cannot trigger ONBUILD, FROM or MAINTAINER");
        }
    }
}
