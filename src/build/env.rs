//! Environment variables (`ENV`, `ARG` defaults) and the working directory
//! in force at an instruction, following `FROM <stage>` chains.

use crate::model::{Model, Origin, Stage};
use crate::syntax::Keyword;

/// `(name, value)` pairs set by ENV and ARG (with a default) in the stage
/// and the stages it builds on, before instruction `before`.
pub fn variables(model: &Model, stage: &Stage, before: usize) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut chain = model.chain(stage);
    chain.reverse();
    for s in chain {
        for &index in s.body.iter().filter(|&&i| i < before) {
            let instruction = model.instruction(index);
            if !matches!(instruction.kind, Keyword::Env | Keyword::Arg) {
                continue;
            }
            let words = instruction.shell_words(model.file.escape);
            let pairs: Vec<(String, String)> = if instruction.kind == Keyword::Env
                && words.len() >= 2
                && !words[0].raw.text.contains('=')
            {
                // Legacy `ENV NAME value with spaces`.
                let rest: Vec<&str> = words[1..].iter().map(|w| w.raw.text.as_str()).collect();
                vec![(words[0].raw.text.clone(), unquote(&rest.join(" ")))]
            } else {
                words
                    .iter()
                    .filter_map(|w| w.raw.text.split_once('='))
                    .map(|(k, v)| (k.to_string(), unquote(v)))
                    .collect()
            };
            out.extend(pairs);
        }
    }
    out
}

/// The value of `name` in force before instruction `before`.
pub fn variable(model: &Model, stage: &Stage, before: usize, name: &str) -> Option<String> {
    variables(model, stage, before)
        .into_iter()
        .rev()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

fn unquote(value: &str) -> String {
    value.trim_matches(|c| c == '"' || c == '\'').to_string()
}

/// The absolute working directory before instruction `before`, when every
/// WORKDIR on the way is literal. Images start in `/`, `golang` in `/go`.
pub fn workdir(model: &Model, stage: &Stage, before: usize) -> Option<String> {
    let start = match model.origin(stage) {
        Origin::Image(image) if image.official_name() == Some("golang") => "/go",
        Origin::Image(image) if image.official_name().is_none() => {
            return workdir_known(model, stage, before, None);
        }
        _ => "/",
    };
    workdir_known(model, stage, before, Some(start.to_string()))
}

fn workdir_known(
    model: &Model,
    stage: &Stage,
    before: usize,
    start: Option<String>,
) -> Option<String> {
    let mut dir = start;
    let mut chain = model.chain(stage);
    chain.reverse();
    for s in chain {
        for &index in s.body.iter().filter(|&&i| i < before) {
            let instruction = model.instruction(index);
            if instruction.kind != Keyword::Workdir {
                continue;
            }
            let path = instruction.args.text.trim().trim_matches('"').to_string();
            if path.contains('$') {
                return None;
            }
            dir = if path.starts_with('/') {
                Some(path)
            } else {
                dir.map(|d| join(&d, &path))
            };
        }
    }
    dir
}

/// `dir` joined with a relative `path`, normalized (`.` and `..`).
pub fn join(dir: &str, path: &str) -> String {
    let mut parts: Vec<&str> = if path.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|p| !p.is_empty()).collect()
    };
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    format!("/{}", parts.join("/"))
}
