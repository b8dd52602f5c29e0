use super::Context;

declare_lint! {
    /// Reports lines that BuildKit cannot parse or would reject when building.
    ///
    /// ## Why is this bad?
    /// `docker build` stops at the first of these: an unknown instruction
    /// (often a continuation line that lost its trailing `\`), an instruction
    /// without its arguments, an unterminated heredoc, a JSON array with
    /// non-string elements, an image reference Docker rejects
    /// (`FROM REPLACE-ME`: repository names are lowercase). fromlint
    /// reports each one and keeps linting the rest of the file.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN apt-get update && apt-get install -y
    ///     curl
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN apt-get update && apt-get install -y \
    ///     curl
    /// ```
    ///
    /// ## Fix
    /// No automatic fix: the intent of a broken line is not knowable.
    pub static PARSE_ERROR = {
        id: "parse-error",
        severity: Error,
        fix: None,
        group: Correctness,
        hadolint: ["DL1000", "DL3061"],
        tags: ["syntax"],
        check: check,
    }
}

fn check(cx: &mut Context) {
    for error in &cx.model.file.errors {
        let diagnostic = cx.report(error.span, error.message.clone());
        if let Some(help) = &error.help {
            diagnostic.help(help.clone());
        }
    }
    for (_, image) in cx.model.all_images() {
        if let Some(reason) = image.invalid_reason() {
            cx.report(image.span, reason)
                .label("invalid reference")
                .help("`docker build` stops with \"invalid reference format\": write a real image reference");
        }
    }
}
