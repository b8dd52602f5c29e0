use super::Context;
use crate::syntax::Keyword;

declare_lint! {
    /// Flags an `ENV` value that uses a variable set earlier in the same
    /// `ENV` instruction (`ENV A=1 B=$A`).
    ///
    /// ## Why is this bad?
    /// All values of one `ENV` are expanded before any of them is set, so
    /// `$A` is the value from before the instruction (usually empty), not
    /// the one just written. Referring to a variable's own previous value
    /// (`ENV PATH=/x:$PATH`) is fine and not reported; neither is a
    /// variable the same `ENV` re-exports from an earlier `ARG` or `ENV`
    /// (`ARG OS=ubuntu` then `ENV OS=$OS DIR=/opt/$OS`): `$OS` expands to the
    /// earlier value, which is the value the `ENV` gives it.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.22
    /// ENV APP_HOME=/app APP_BIN=$APP_HOME/bin
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.22
    /// ENV APP_HOME=/app
    /// ENV APP_BIN=$APP_HOME/bin
    /// ```
    ///
    /// ## Fix
    /// None: split the instruction where the dependency is.
    pub static ENV_SELF_REFERENCE = {
        id: "env-self-reference",
        severity: Error,
        fix: None,
        group: Correctness,
        hadolint: "DL3044",
        check: check,
    }
}

/// Names of the `$NAME` and `${NAME…}` references in a value (single-quoted
/// parts excluded).
fn references(value: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let bytes = value.as_bytes();
    let mut i = 0;
    let mut single = false;
    while i < bytes.len() {
        match bytes[i] {
            b'\'' => single = !single,
            b'\\' => i += 1,
            b'$' if !single => {
                let start = i + 1 + usize::from(bytes.get(i + 1) == Some(&b'{'));
                let end = start
                    + value[start..]
                        .bytes()
                        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
                        .count();
                if end > start {
                    names.push(&value[start..end]);
                }
                i = end.max(i + 1);
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    names
}

fn check(cx: &mut Context) {
    let model = cx.model;
    for (index, instruction) in model.file.instructions.iter().enumerate() {
        let instruction = instruction.effective();
        if instruction.kind != Keyword::Env {
            continue;
        }
        let facts = model.stage_of(index).map(|stage| &stage.facts);
        // The names this ENV set so far, each with whether one of its
        // values is other than the name's current value (looked up, not
        // searched: an ENV of thousands of pairs was quadratic).
        let mut defined: std::collections::HashMap<&str, bool> = Default::default();
        let words = model.definition_words(index);
        for word in words {
            let Some((name, value)) = word.raw.text.split_once('=') else {
                break;
            };
            // `ENV X=$X Y=$X/bin` after `ARG X=…`: `$X` still expands to the
            // ARG's value, which is the value this ENV gives it.
            let same_value = |used: &str, new: &str| {
                let new = new.trim_matches('"');
                (new == format!("${used}") || new == format!("${{{used}}}"))
                    && facts.is_some_and(|f| f.is_set(index, used))
            };
            if let Some(used) = references(value)
                .into_iter()
                .find(|r| *r != name && defined.get(r).copied().unwrap_or(false))
            {
                cx.report(
                    word.raw.span,
                    format!("`${used}` is expanded before this `ENV` sets it"),
                )
                .label("set in the same ENV")
                .help(format!("set `{used}` in an earlier `ENV`"));
            }
            let changes = !same_value(name, value);
            *defined.entry(name).or_default() |= changes;
        }
    }
}
