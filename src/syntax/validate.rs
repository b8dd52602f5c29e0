//! Checks for instructions BuildKit's parser accepts but a build rejects:
//! unknown keywords, missing or malformed arguments. They become
//! `parse-error` diagnostics while the instruction stays in the tree.

use super::words::{shell_word_texts, whitespace_words};
use std::borrow::Cow;

use super::{Form, Instruction, Keyword, SyntaxError};

/// `text` is the instruction's line's text (an ONBUILD's instruction is on
/// the same line).
pub(super) fn check(instruction: &Instruction, text: &str, escape: char) -> Vec<SyntaxError> {
    let mut errors = Vec::new();
    check_one(instruction, text, escape, &mut errors);
    if let Some(inner) = instruction.onbuild() {
        match inner.kind {
            Keyword::Onbuild | Keyword::From | Keyword::Maintainer => errors.push(error(
                instruction,
                format!(
                    "`{}` is not allowed inside `ONBUILD`",
                    inner.keyword().text.to_uppercase()
                ),
                None,
            )),
            _ => check_one(inner, text, escape, &mut errors),
        }
    }
    errors
}

fn error(instruction: &Instruction, message: String, help: Option<&'static str>) -> SyntaxError {
    SyntaxError {
        message,
        span: instruction.keyword().span.cover(instruction.args.span),
        help: help.map(Cow::Borrowed),
    }
}

// The checks look at the words' texts only, read straight from the
// arguments: every instruction is checked, and few have an error.
fn check_one(instruction: &Instruction, text: &str, escape: char, errors: &mut Vec<SyntaxError>) {
    // The keyword as the messages write it.
    let name = || instruction.keyword().text.to_uppercase();
    let exec_len = match &instruction.form {
        Form::Exec(values) => Some(values.len()),
        Form::Shell => None,
    };
    let start = instruction.args_offset();
    let args = text
        .get(start..start + instruction.args.len())
        .unwrap_or_default();
    let word_count = || exec_len.unwrap_or_else(|| whitespace_words(args).count());
    let empty = args.trim().is_empty() && exec_len.is_none();
    let mut push = |message: String, help: Option<&'static str>| {
        errors.push(error(instruction, message, help))
    };

    match instruction.kind {
        Keyword::Unknown => push(
            format!("unknown instruction `{}`", instruction.keyword().text),
            Some(
                "a line that should continue the previous instruction needs a trailing escape character",
            ),
        ),
        Keyword::From => {
            let mut words = whitespace_words(args);
            let valid = match (words.next(), words.next(), words.next(), words.next()) {
                (Some(_), None, _, _) => true,
                (Some(_), Some(as_), Some(_), None) => as_.eq_ignore_ascii_case("as"),
                _ => false,
            };
            if !valid {
                push(
                    "`FROM` takes an image and an optional `AS name`".into(),
                    Some("write `FROM image[:tag] [AS name]`"),
                );
            }
        }
        Keyword::Copy | Keyword::Add if word_count() < 2 => push(
            format!("`{}` needs at least one source and a destination", name()),
            None,
        ),
        Keyword::Env | Keyword::Label => check_name_values(args, &name, escape, &mut push),
        Keyword::Shell if exec_len.is_none() => push(
            "`SHELL` requires the JSON (exec) form".into(),
            Some("write e.g. `SHELL [\"/bin/bash\", \"-c\"]`"),
        ),
        Keyword::Healthcheck => {
            let mut words = whitespace_words(args);
            let first = words.next();
            let more = words.next().is_some();
            match first {
                Some(t) if t.eq_ignore_ascii_case("NONE") && more => {
                    push("`HEALTHCHECK NONE` takes no arguments".into(), None)
                }
                Some(t) if t.eq_ignore_ascii_case("NONE") => {}
                Some(t) if t.eq_ignore_ascii_case("CMD") && (more || exec_len.is_some()) => {}
                _ => push(
                    "`HEALTHCHECK` needs `NONE` or `CMD` followed by a command".into(),
                    None,
                ),
            }
        }
        Keyword::Cmd | Keyword::Entrypoint => {}
        _ if empty => push(format!("`{}` requires at least one argument", name()), None),
        _ => {}
    }
}

/// ENV and LABEL: `key=value…`, or the legacy `key value` form.
fn check_name_values(
    args: &str,
    name: &impl Fn() -> String,
    escape: char,
    push: &mut impl FnMut(String, Option<&'static str>),
) {
    let words = shell_word_texts(args, escape);
    let Some(first) = words.first() else {
        push(format!("`{}` requires at least one argument", name()), None);
        return;
    };
    if !first.contains('=') {
        // The legacy form splits at ASCII blanks only, unlike the words.
        if whitespace_words(args).count() < 2 {
            push(
                format!("`{}` must have two arguments", name()),
                Some("write `key=value`"),
            );
        }
        return;
    }
    if let Some(bad) = words.iter().find(|w| !w.contains('=')) {
        push(
            format!("`{}` expects `name=value` pairs, found `{bad}`", name()),
            Some("quote values that contain spaces"),
        );
    }
}

/// Only `ARG` may come before the first `FROM`.
pub(super) fn check_order(instructions: &[Instruction]) -> Vec<SyntaxError> {
    instructions
        .iter()
        .take_while(|i| i.kind != Keyword::From)
        .filter(|i| !matches!(i.kind, Keyword::Arg | Keyword::Unknown))
        .map(|i| {
            error(
                i,
                format!(
                    "`{}` before the first `FROM`",
                    i.keyword().text.to_uppercase()
                ),
                Some("only `ARG` may come before the first `FROM`"),
            )
        })
        .collect()
}
