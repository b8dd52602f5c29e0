use super::Context;
use crate::diagnostic::{Applicability, Edit};

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
            let Some(workdir) = model.workdir_path(index).filter(|w| w.is_relative()) else {
                continue;
            };
            let path = &workdir.path;
            let diagnostic = cx.report(
                workdir.span,
                format!("`WORKDIR {path}` is relative to the previous working directory"),
            );
            diagnostic
                .label("relative path")
                .help("use an absolute path");
            let absolute = stage.facts.workdir(index + 1).filter(|_| !workdir.quoted);
            if let Some(absolute) = absolute {
                diagnostic.fix(
                    Applicability::Safe,
                    format!("write `{absolute}`"),
                    vec![Edit::replace(workdir.span, absolute)],
                );
            }
        }
    }
}
