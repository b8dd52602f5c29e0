use super::Context;
use crate::syntax::Keyword;

declare_lint! {
    /// Flags a comment directly above a named `FROM` or an `ARG` that does
    /// not start with the stage's or argument's name.
    ///
    /// ## Why is this bad?
    /// `docker build --call=outline` and `--call=targets` show the comment
    /// right above `FROM … AS name` and `ARG NAME` as its description when
    /// it starts with the name (`# build compiles the binary`). Any other
    /// comment in that place is shown as-is, or silently dropped, so
    /// either write it as a description or separate it with a blank line.
    /// BuildKit's experimental `InvalidDefinitionDescription`. fromlint
    /// does not count suppression pragmas (`# hadolint ignore=…`,
    /// `# check=skip=…`) or an empty `#` as descriptions.
    ///
    /// ## Example
    /// ```dockerfile
    /// # compile the binary
    /// FROM golang:1.25 AS build
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// # build compiles the binary
    /// FROM golang:1.25 AS build
    /// ```
    ///
    /// ## Fix
    /// None: reword the comment, or put a blank line after it.
    pub static INVALID_DEFINITION_DESCRIPTION = {
        id: "invalid-definition-description",
        severity: Info,
        fix: None,
        group: Style,
        stability: Preview,
        buildkit: "InvalidDefinitionDescription",
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    let mut stages = model.stages.iter().peekable();
    for (index, instruction) in model.file.instructions.iter().enumerate() {
        let keys: Vec<String> = match instruction.kind {
            Keyword::From => stages
                .next_if(|s| s.from == index)
                .and_then(|s| s.name.as_ref())
                .map(|n| vec![n.text.to_string()])
                .unwrap_or_default(),
            Keyword::Arg => model.arg_names(index),
            _ => Vec::new(),
        };
        let Some(comment) = model.comment_above(index) else {
            continue;
        };
        let text = model.comment_text(comment);
        let pragma = ["hadolint ", "fromlint ", "check=", "syntax=", "escape="]
            .iter()
            .any(|p| text.starts_with(p));
        if keys.is_empty() || text.is_empty() || pragma {
            continue;
        }
        let word = text.split(' ').next().unwrap_or_default();
        if keys.iter().any(|k| k == word) {
            continue;
        }
        let example = match keys.as_slice() {
            [one] => one.as_str(),
            _ => "<name>",
        };
        let what = if instruction.kind == Keyword::From {
            "build stage"
        } else {
            "build argument"
        };
        cx.report(
            comment.span,
            format!("the comment above this {what} is not a description: it does not start with `{example}`"),
        )
        .label("not a description")
        .help(format!(
            "write `# {example} <description>`, or put a blank line between the comment and the instruction"
        ));
    }
}
