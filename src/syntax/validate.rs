//! Checks for instructions BuildKit's parser accepts but a build rejects:
//! unknown keywords, missing or malformed arguments. They become
//! `parse-error` diagnostics while the instruction stays in the tree.

use super::{Form, Instruction, Keyword, SyntaxError};

pub(super) fn check(instruction: &Instruction, escape: char) -> Vec<SyntaxError> {
    let mut errors = Vec::new();
    check_one(instruction, escape, &mut errors);
    if let Some(inner) = &instruction.onbuild {
        match inner.kind {
            Keyword::Onbuild | Keyword::From | Keyword::Maintainer => errors.push(error(
                instruction,
                format!(
                    "`{}` is not allowed inside `ONBUILD`",
                    inner.keyword.text.to_uppercase()
                ),
                None,
            )),
            _ => check_one(inner, escape, &mut errors),
        }
    }
    errors
}

fn error(instruction: &Instruction, message: String, help: Option<&str>) -> SyntaxError {
    SyntaxError {
        message,
        span: instruction.keyword.span.cover(instruction.args.span),
        help: help.map(str::to_string),
    }
}

fn check_one(instruction: &Instruction, escape: char, errors: &mut Vec<SyntaxError>) {
    let name = instruction.keyword.text.to_uppercase();
    let exec_len = match &instruction.form {
        Form::Exec(values) => Some(values.len()),
        Form::Shell => None,
    };
    let word_count = || exec_len.unwrap_or_else(|| instruction.words().len());
    let empty = instruction.args_text().trim().is_empty() && exec_len.is_none();
    let mut push =
        |message: String, help: Option<&str>| errors.push(error(instruction, message, help));

    match instruction.kind {
        Keyword::Unknown => push(
            format!("unknown instruction `{}`", instruction.keyword.text),
            Some(
                "a line that should continue the previous instruction needs a trailing escape character",
            ),
        ),
        Keyword::From => {
            let words = instruction.words();
            let valid =
                words.len() == 1 || (words.len() == 3 && words[1].text.eq_ignore_ascii_case("as"));
            if !valid {
                push(
                    "`FROM` takes an image and an optional `AS name`".into(),
                    Some("write `FROM image[:tag] [AS name]`"),
                );
            }
        }
        Keyword::Copy | Keyword::Add if word_count() < 2 => push(
            format!("`{name}` needs at least one source and a destination"),
            None,
        ),
        Keyword::Env | Keyword::Label => check_name_values(instruction, &name, escape, &mut push),
        Keyword::Shell if exec_len.is_none() => push(
            "`SHELL` requires the JSON (exec) form".into(),
            Some("write e.g. `SHELL [\"/bin/bash\", \"-c\"]`"),
        ),
        Keyword::Healthcheck => {
            let words = instruction.words();
            match words.first().map(|w| w.text.to_ascii_uppercase()) {
                Some(t) if t == "NONE" && words.len() > 1 => {
                    push("`HEALTHCHECK NONE` takes no arguments".into(), None)
                }
                Some(t) if t == "NONE" => {}
                Some(t) if t == "CMD" && (words.len() > 1 || exec_len.is_some()) => {}
                _ => push(
                    "`HEALTHCHECK` needs `NONE` or `CMD` followed by a command".into(),
                    None,
                ),
            }
        }
        Keyword::Cmd | Keyword::Entrypoint => {}
        _ if empty => push(format!("`{name}` requires at least one argument"), None),
        _ => {}
    }
}

/// ENV and LABEL: `key=value…`, or the legacy `key value` form.
fn check_name_values(
    instruction: &Instruction,
    name: &str,
    escape: char,
    push: &mut impl FnMut(String, Option<&str>),
) {
    let words = instruction.shell_words(escape);
    let Some(first) = words.first() else {
        push(format!("`{name}` requires at least one argument"), None);
        return;
    };
    if !first.raw.text.contains('=') {
        // The legacy form splits at ASCII blanks only, unlike the words.
        if instruction.words().len() < 2 {
            push(
                format!("`{name}` must have two arguments"),
                Some("write `key=value`"),
            );
        }
        return;
    }
    if let Some(bad) = words.iter().find(|w| !w.raw.text.contains('=')) {
        push(
            format!(
                "`{name}` expects `name=value` pairs, found `{}`",
                bad.raw.text
            ),
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
                    i.keyword.text.to_uppercase()
                ),
                Some("only `ARG` may come before the first `FROM`"),
            )
        })
        .collect()
}
