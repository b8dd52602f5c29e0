//! The parse tree as BuildKit's reference parser reports it (the fields of
//! the PyPI `dockerfile` package), for `fromlint parse` and the differential
//! test against BuildKit.

use serde_json::{Value, json};

use super::words::split_healthcheck;
use super::{Dockerfile, Form, Instruction, Keyword, split_whitespace};

pub fn buildkit_view(file: &Dockerfile, source: &str) -> Value {
    let instructions: Vec<Value> = file
        .instructions
        .iter()
        .map(|instruction| instruction_view(instruction, file.escape, source))
        .collect();
    json!({
        "directives": file.directives.iter().map(|d| json!({"name": d.name, "value": d.value.text})).collect::<Vec<_>>(),
        "instructions": instructions,
        "errors": file.errors.iter().map(|e| json!({"message": e.message, "start": e.span.start(), "end": e.span.end()})).collect::<Vec<_>>(),
    })
}

fn instruction_view(instruction: &Instruction, escape: char, source: &str) -> Value {
    let effective = instruction.effective();
    let mut original = instruction.line.text().to_string();
    for heredoc in instruction.heredocs() {
        original.push('\n');
        original.push_str(&source[heredoc.body.start()..heredoc.body.end()]);
        original.push_str(&heredoc.name);
    }
    if !instruction.heredocs().is_empty() {
        original.push('\n');
    }
    let heredocs: Vec<Value> = instruction
        .heredocs()
        .iter()
        .map(|h| json!({"name": h.name, "content": &source[h.body.start()..h.body.end()]}))
        .collect();
    json!({
        "cmd": none_if_empty(&instruction.keyword().text),
        "sub_cmd": instruction.onbuild().map(|inner| inner.keyword().text.clone()),
        "json": matches!(effective.form, Form::Exec(_)),
        "original": none_if_empty(&original),
        "start_line": instruction.start_line,
        "end_line": instruction.end_line,
        "flags": instruction.flags().iter().map(|f| f.text.clone()).collect::<Vec<_>>(),
        "value": value(effective, escape),
        "heredocs": heredocs,
    })
}

/// The package reports empty strings as `None`.
fn none_if_empty(text: &str) -> Value {
    if text.is_empty() {
        Value::Null
    } else {
        Value::from(text)
    }
}

/// BuildKit's node values for each instruction kind.
fn value(instruction: &Instruction, escape: char) -> Vec<String> {
    let args = &*instruction.args_text();
    let texts = |tokens: Vec<super::Token>| {
        tokens
            .into_iter()
            .map(|t| t.text.into())
            .collect::<Vec<_>>()
    };
    let whole = || {
        if args.is_empty() {
            vec![]
        } else {
            vec![args.to_string()]
        }
    };
    match (&instruction.form, instruction.kind) {
        (Form::Exec(values), Keyword::Healthcheck) => {
            let mut out = vec![split_healthcheck(args).0.to_string()];
            out.extend(values.iter().cloned());
            out
        }
        (Form::Exec(values), _) => values.to_vec(),
        (_, Keyword::From | Keyword::Expose | Keyword::Add | Keyword::Copy | Keyword::Volume) => {
            texts(instruction.words())
        }
        (_, Keyword::Arg) => instruction
            .shell_words(escape)
            .into_iter()
            .map(|w| w.raw.text.into())
            .collect(),
        (_, Keyword::Env | Keyword::Label) => name_values(instruction, escape),
        (_, Keyword::Healthcheck) => {
            let (kind, command) = split_healthcheck(args);
            [kind, command]
                .into_iter()
                .filter(|part| !part.is_empty())
                .map(str::to_string)
                .collect()
        }
        // An unknown keyword's arguments are dropped, leaving one empty value;
        // a nested `ONBUILD` is a node whose only value is empty.
        (_, Keyword::Unknown) => vec![String::new()],
        (_, Keyword::Onbuild) if !args.is_empty() => vec![String::new()],
        _ => whole(),
    }
}

fn name_values(instruction: &Instruction, escape: char) -> Vec<String> {
    let words = instruction.shell_words(escape);
    let Some(first) = words.first() else {
        return vec![];
    };
    if !first.raw.text.contains('=') {
        let parts = split_whitespace(
            &instruction.line,
            instruction.args_offset(),
            instruction.args.len(),
        );
        let Some(key) = parts.first() else {
            return vec![];
        };
        let args = instruction.args_text();
        let rest = args[key.text.len()..].trim_start_matches(super::words::is_separator);
        return vec![key.text.to_string(), rest.to_string()];
    }
    words
        .iter()
        .flat_map(|w| {
            let (k, v) = w.raw.text.split_once('=').unwrap_or((&w.raw.text, ""));
            [k.to_string(), v.to_string()]
        })
        .collect()
}
