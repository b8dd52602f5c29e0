use super::Context;
use crate::diagnostic::{Applicability, Edit};

declare_lint! {
    /// Flags `MAINTAINER`, deprecated since Docker 1.13.
    ///
    /// ## Why is this bad?
    /// `MAINTAINER` sets the image's `Author` field, which tools no longer
    /// show; the OCI label `org.opencontainers.image.authors` is where
    /// registries and scanners look for who maintains an image. BuildKit
    /// warns about it and may drop it.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.22
    /// MAINTAINER Jane Doe <jane@example.com>
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.22
    /// LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
    /// ```
    ///
    /// ## Fix
    /// Safe: the instruction becomes
    /// `LABEL org.opencontainers.image.authors="…"` with the same text
    /// (quotes and backslashes escaped). Not offered when the text spans
    /// continuation lines or uses variables.
    pub static MAINTAINER_DEPRECATED = {
        id: "maintainer-deprecated",
        severity: Warning,
        fix: Safe,
        group: Style,
        hadolint: "DL4000",
        buildkit: "MaintainerDeprecated",
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    for (index, instruction) in model.file.instructions.iter().enumerate() {
        let Some(text) = model.maintainer(index) else {
            continue;
        };
        let diagnostic = cx.report(
            instruction.keyword().span,
            "`MAINTAINER` is deprecated; name the authors in a label",
        );
        diagnostic
            .label("deprecated")
            .help("use `LABEL org.opencontainers.image.authors=\"…\"`");
        let single_line = instruction.start_line == instruction.end_line;
        if single_line && !text.is_empty() && !text.contains('$') {
            let escaped = text.replace('\\', "\\\\").replace('"', "\\\"");
            let label = if instruction
                .keyword()
                .text
                .chars()
                .all(|c| c.is_ascii_lowercase())
            {
                "label"
            } else {
                "LABEL"
            };
            diagnostic.fix(
                Applicability::Safe,
                "replace with an `org.opencontainers.image.authors` label",
                vec![Edit::replace(
                    instruction.keyword().span.cover(instruction.args.span),
                    format!("{label} org.opencontainers.image.authors=\"{escaped}\""),
                )],
            );
        }
    }
}
