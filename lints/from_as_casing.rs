use super::Context;
use crate::diagnostic::{Applicability, Edit};

declare_lint! {
    /// Flags a `FROM … AS name` whose `AS` is cased differently from its
    /// `FROM` (`FROM image as name`, `from image AS name`).
    ///
    /// ## Why is this bad?
    /// Mixed casing within one instruction is inconsistent and hard to scan;
    /// BuildKit reports it as `FromAsCasing`.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.25 as build
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.25 AS build
    /// ```
    ///
    /// ## Fix
    /// Safe: `AS` takes the case of `FROM`.
    pub static FROM_AS_CASING = {
        id: "from-as-casing",
        severity: Warning,
        fix: Safe,
        group: Style,
        buildkit: "FromAsCasing",
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    for stage in &model.stages {
        let instruction = model.instruction(stage.from);
        let words = instruction.words();
        let (Some(keyword), true) = (words.get(1), stage.name.is_some()) else {
            continue;
        };
        let from = &instruction.keyword().text;
        let upper = from.chars().all(|c| c.is_ascii_uppercase());
        let lower = from.chars().all(|c| c.is_ascii_lowercase());
        let wanted = if upper {
            "AS"
        } else if lower {
            "as"
        } else {
            continue;
        };
        if keyword.text == wanted {
            continue;
        }
        cx.report(
            keyword.span,
            format!("`{}` is not cased like `{from}`", keyword.text),
        )
        .label("inconsistent casing")
        .help(format!("write `{wanted}`"))
        .fix(
            Applicability::Safe,
            format!("write `{wanted}`"),
            vec![Edit::replace(keyword.span, wanted)],
        );
    }
}
