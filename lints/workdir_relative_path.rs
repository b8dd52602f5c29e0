use super::Context;
use crate::diagnostic::{Applicability, Edit};
use crate::syntax::Keyword;

declare_lint! {
    /// Flags a relative `WORKDIR` (`WORKDIR app`).
    ///
    /// ## Why is this bad?
    /// A relative `WORKDIR` is resolved against the previous working
    /// directory, which may come from the base image and change with it; an
    /// absolute path says where files go. BuildKit reports a relative
    /// `WORKDIR` with no absolute one before it in the stage
    /// (`WorkdirRelativePath`); hadolint reports every relative one (`DL3000`),
    /// and so does fromlint. Paths starting with a variable are not judged.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.22
    /// WORKDIR app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.22
    /// WORKDIR /app
    /// ```
    ///
    /// ## Fix
    /// Safe when the previous working directory is known (every `WORKDIR`
    /// before it is literal, and the base image's is known): the path is
    /// written out absolute.
    pub static WORKDIR_RELATIVE_PATH = {
        id: "workdir-relative-path",
        severity: Warning,
        fix: Safe,
        group: Correctness,
        hadolint: "DL3000",
        buildkit: "WorkdirRelativePath",
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    for stage in &model.stages {
        for &index in &stage.body {
            let instruction = model.instruction(index);
            if instruction.kind != Keyword::Workdir {
                continue;
            }
            let raw = instruction.args.text.trim();
            let path = raw.trim_matches(|c| c == '"' || c == '\'');
            let windows = path.len() >= 2 && path.as_bytes()[1] == b':';
            if path.is_empty() || path.starts_with(['/', '$', '\\']) || windows {
                continue;
            }
            let absolute = crate::build::env::workdir(model, stage, index + 1);
            let diagnostic = cx.report(
                instruction.args.span,
                format!("`WORKDIR {path}` is relative to the previous working directory"),
            );
            diagnostic
                .label("relative path")
                .help("use an absolute path");
            if let Some(absolute) = absolute.filter(|_| !raw.contains(['"', '\''])) {
                diagnostic.fix(
                    Applicability::Safe,
                    format!("write `{absolute}`"),
                    vec![Edit::replace(instruction.args.span, absolute)],
                );
            }
        }
    }
}
