//! Environment variables (`ENV`, `ARG` defaults) and the working directory
//! in force at an instruction, as the semantic pass computed them.

use crate::model::{Model, Stage};

/// The value of `name` in force before instruction `before` (ENV, and ARG
/// in the stage), from the semantic pass. `None` when unset or unknown.
pub fn variable(_model: &Model, stage: &Stage, before: usize, name: &str) -> Option<String> {
    stage.facts.variable(before, name).map(str::to_string)
}

/// The absolute working directory before instruction `before`, when every
/// WORKDIR on the way is known. Images start in `/`, `golang` in `/go`.
pub fn workdir(_model: &Model, stage: &Stage, before: usize) -> Option<String> {
    stage.facts.workdir(before).map(str::to_string)
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
