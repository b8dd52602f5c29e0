use super::Context;
use crate::diagnostic::{Applicability, Edit};

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
    for (index, legacy) in model.legacy_pairs() {
        let instruction = model.instruction(*index).effective();
        let name = instruction.keyword().text.to_ascii_uppercase();
        let key = &legacy.key.text;
        let diagnostic = cx.report(
            legacy.key.span,
            format!("`{name} {key} …` uses the legacy form: the rest of the line is one value"),
        );
        diagnostic
            .label("no `=`")
            .help(format!("write `{name} {key}=value`"));
        let Some(value) = &legacy.value else { continue };
        let plain = instruction.start_line == instruction.end_line
            && !value.text.contains(['"', '\'', '\\', '`', '\n'])
            && !key.contains(['"', '\'', '\\']);
        if plain {
            let text = if value.text.contains([' ', '\t']) {
                format!("\"{}\"", value.text)
            } else {
                value.text.to_string()
            };
            diagnostic.fix(
                Applicability::Safe,
                "use `key=value`",
                vec![Edit::replace(
                    legacy.key.span.cover(value.span),
                    format!("{key}={text}"),
                )],
            );
        }
    }
}
