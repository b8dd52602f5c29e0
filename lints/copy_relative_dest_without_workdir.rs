use super::Context;
use crate::model::Base;
use crate::syntax::{Form, Keyword};

declare_lint! {
    /// Flags `COPY` to a relative destination in a stage where no `WORKDIR`
    /// has been set (in the stage or a stage it builds on).
    ///
    /// ## Why is this bad?
    /// A relative destination is relative to the working directory, which
    /// then comes from the base image: `/` for most, something else for
    /// others, and it can change when the base image does. Set `WORKDIR`, or
    /// write an absolute destination.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.14-slim
    /// COPY . app/
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.14-slim
    /// WORKDIR /app
    /// COPY . .
    /// ```
    ///
    /// ## Fix
    /// None: choose the working directory.
    pub static COPY_RELATIVE_DEST_WITHOUT_WORKDIR = {
        id: "copy-relative-dest-without-workdir",
        severity: Warning,
        fix: None,
        group: Correctness,
        hadolint: "DL3045",
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    // Whether each stage or one it builds on sets a WORKDIR (a parent comes
    // before its children), so a long chain of stages is read once.
    let mut sets_workdir: Vec<bool> = Vec::with_capacity(model.stages.len());
    for stage in &model.stages {
        let inherited = match stage.base {
            Base::Stage(parent) => sets_workdir.get(parent).copied().unwrap_or(false),
            _ => false,
        };
        let own = stage
            .body
            .iter()
            .any(|&i| model.instruction(i).kind == Keyword::Workdir);
        sets_workdir.push(inherited || own);
        if inherited {
            continue;
        }
        for &index in &stage.body {
            let instruction = model.instruction(index);
            if instruction.kind == Keyword::Workdir {
                break;
            }
            if instruction.kind != Keyword::Copy {
                continue;
            }
            let (_, Some(dest)) = crate::model::copy_paths(instruction) else {
                continue;
            };
            let path = dest.trim_matches(|c| c == '"' || c == '\'');
            let windows = path.len() >= 2 && path.as_bytes()[1] == b':';
            if path.starts_with(['/', '$', '\\', '~']) || windows || path.is_empty() {
                continue;
            }
            let span = match instruction.form {
                Form::Shell => instruction.words().last().map(|w| w.span),
                Form::Exec(_) => None,
            };
            cx.report(
                span.unwrap_or(instruction.args.span),
                format!("`{dest}` is relative, and no WORKDIR is set in this stage"),
            )
            .label("relative destination")
            .help("set `WORKDIR` first, or use an absolute destination");
        }
    }
}
