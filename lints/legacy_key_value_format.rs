use super::Context;
use crate::diagnostic::{Applicability, Edit};
use crate::syntax::Keyword;

declare_lint! {
    /// Flags `ENV` and `LABEL` in the legacy space-separated form
    /// (`ENV NAME value`).
    ///
    /// ## Why is this bad?
    /// The legacy form sets exactly one variable to the whole rest of the
    /// line, spaces included: `ENV A 1 B 2` sets `A` to `1 B 2`, a common
    /// surprise. BuildKit reports it (`LegacyKeyValueFormat`) and may drop
    /// it; `NAME=value` is unambiguous.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.22
    /// ENV APP_HOME /app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.22
    /// ENV APP_HOME=/app
    /// ```
    ///
    /// ## Fix
    /// Safe when the value is on one line without quotes or escapes:
    /// `NAME=value`, or `NAME="value with spaces"`.
    pub static LEGACY_KEY_VALUE_FORMAT = {
        id: "legacy-key-value-format",
        severity: Warning,
        fix: Safe,
        group: Style,
        buildkit: "LegacyKeyValueFormat",
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    for instruction in &model.file.instructions {
        let instruction = instruction.effective();
        if !matches!(instruction.kind, Keyword::Env | Keyword::Label) {
            continue;
        }
        let words = instruction.shell_words(model.file.escape);
        let Some(first) = words.first() else { continue };
        if first.raw.text.contains('=') {
            continue;
        }
        let name = instruction.keyword.text.to_ascii_uppercase();
        let key = &first.raw.text;
        let diagnostic = cx.report(
            first.raw.span,
            format!("`{name} {key} …` uses the legacy form: the rest of the line is one value"),
        );
        diagnostic
            .label("no `=`")
            .help(format!("write `{name} {key}=value`"));
        let Some(last) = words.last().filter(|_| words.len() >= 2) else {
            continue;
        };
        let value_span = crate::span::Span::new(words[1].raw.span.start, last.raw.span.end);
        let Some(value) = model.source.get(value_span.start..value_span.end) else {
            continue;
        };
        let plain = instruction.start_line == instruction.end_line
            && !value.contains(['"', '\'', '\\', '`', '\n'])
            && !key.contains(['"', '\'', '\\']);
        if plain {
            let value = if value.contains([' ', '\t']) {
                format!("\"{value}\"")
            } else {
                value.to_string()
            };
            diagnostic.fix(
                Applicability::Safe,
                "use `key=value`",
                vec![Edit::replace(
                    first.raw.span.cover(value_span),
                    format!("{key}={value}"),
                )],
            );
        }
    }
}
