//! Which build-context files the lints want, and loading them through a
//! reader supplied by the caller (the only I/O, done before linting).

use super::env::{join, workdir};
use super::python;
use crate::model::{BuildContext, Model, Stage, copy_paths};
use crate::syntax::Keyword;

/// The context path a file at `image_path` came from: the COPY/ADD (from
/// the context, not another stage) before instruction `before` that put it
/// there. `None` when no literal COPY explains it.
pub fn context_path(
    model: &Model,
    stage: &Stage,
    before: usize,
    image_path: &str,
) -> Option<String> {
    let mut chain = model.chain(stage);
    chain.reverse();
    let mut found = None;
    for s in chain {
        for &index in s.body.iter().filter(|&&i| i < before) {
            let instruction = model.instruction(index).effective();
            if !matches!(instruction.kind, Keyword::Copy | Keyword::Add)
                || instruction.flag("from").is_some()
            {
                continue;
            }
            let (sources, Some(dest)) = copy_paths(instruction) else {
                continue;
            };
            let Some(dir) = workdir(model, s, index) else {
                continue;
            };
            let dest = join(&dir, &dest);
            for source in &sources {
                if source.contains(['*', '?', '$', '[']) || source.contains("://") {
                    continue;
                }
                let base = crate::pip::basename(source.trim_end_matches('/'));
                if image_path == dest || image_path == join(&dest, base) {
                    found = Some(source.clone());
                } else if let Some(rel) =
                    image_path.strip_prefix(&format!("{}/", dest.trim_end_matches('/')))
                {
                    found = Some(format!("{}/{rel}", source.trim_end_matches('/')));
                }
            }
        }
    }
    found.map(|p| crate::model::normalize(&p))
}

/// Loads the context files the lints use: requirement files named by
/// `pip install -r` (and the files they include), `pyproject.toml` of
/// `pip install .`, `package.json` of npm/yarn installs, and
/// `.cargo/config.toml` and the top-level `Cargo.toml` when the sources are
/// copied. `read` returns a
/// file's text by context path, or `None` (a missing file is not an error).
pub fn load<'m>(
    model: &'m Model<'m>,
    runs: &'m super::Runs<'m>,
    read: &dyn Fn(&str) -> Option<String>,
) -> BuildContext {
    let mut context = BuildContext::default();
    let mut wanted: Vec<String> = vec![
        // The allocator a Rust program registers (`musl-allocator`).
        "Cargo.toml".into(),
        ".cargo/config.toml".into(),
        ".cargo/config".into(),
        ".dockerignore".into(),
        crate::model::dockerignore::DOCKERFILE_IGNORE.into(),
    ];
    // The same lists the lints read (they do not depend on the context).
    for stage in &model.stages {
        for run in runs.of(stage) {
            for command in run.commands {
                for image_path in python::wanted_files(model, stage, run, command) {
                    wanted.extend(context_path(model, stage, run.index, &image_path));
                }
            }
        }
    }
    // Dependency manifests beside a copied directory (`COPY . /app`) say
    // whether the copied code needs installed packages.
    for stage in &model.stages {
        for &index in &stage.body {
            let instruction = model.instruction(index).effective();
            if !matches!(instruction.kind, Keyword::Copy | Keyword::Add)
                || instruction.flag("from").is_some()
            {
                continue;
            }
            let (sources, _) = copy_paths(instruction);
            for source in sources
                .iter()
                .filter(|s| s.as_str() == "." || s.ends_with('/'))
            {
                if source.contains(['*', '?', '$', '[']) || source.contains("://") {
                    continue;
                }
                wanted.extend(
                    MANIFESTS
                        .iter()
                        .map(|m| crate::model::normalize(&format!("{source}/{m}"))),
                );
            }
        }
    }
    while let Some(path) = wanted.pop() {
        if context.contains(&path) {
            continue;
        }
        let Some(text) = read(&path) else {
            continue;
        };
        if path.ends_with(".txt") || path.ends_with(".in") {
            let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
            wanted.extend(
                python::includes(&text).map(|inc| crate::model::normalize(&format!("{dir}/{inc}"))),
            );
        }
        context.insert(&path, text);
    }
    context
}

/// Files that declare a project's installed dependencies.
pub const MANIFESTS: &[&str] = &[
    "requirements.txt",
    "pyproject.toml",
    "setup.py",
    "Pipfile",
    "poetry.lock",
    "package.json",
    "Gemfile",
    "go.mod",
    "Cargo.toml",
    "pom.xml",
    "build.gradle",
    "build.gradle.kts",
    "composer.json",
];
