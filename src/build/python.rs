//! Python and Node packages a RUN installs: named on the command line, or
//! listed in requirement files, `pyproject.toml` or `package.json` from the
//! build context.

use super::env::{join, workdir};
use super::{Command, Run};
use crate::model::{Model, Stage};
use crate::pip::{option_values, parse_spec};
use crate::shell::Word;
use crate::span::Span;

/// A package a command installs.
#[derive(Debug, Clone)]
pub struct Package {
    pub name: String,
    /// Version clauses (`>=`, `1.25`); empty when unconstrained or unknown.
    pub clauses: Vec<(String, String)>,
    /// The source text to point at: the requirement's name, or the `-r`
    /// file / `npm ci` word that pulled it in.
    pub span: Span,
    /// The requirement as written, for messages.
    pub written: String,
    /// The context file it was listed in.
    pub file: Option<String>,
}

fn is_npm_install(words: &[Word]) -> Option<(&Word, &[Word])> {
    match words {
        [tool, verb, rest @ ..]
            if matches!(tool.text.as_str(), "npm" | "pnpm" | "yarn")
                && matches!(verb.text.as_str(), "install" | "i" | "ci" | "add") =>
        {
            Some((verb, rest))
        }
        [tool] if tool.text == "yarn" => Some((tool, &[])),
        _ => None,
    }
}

/// Image paths of the files a command reads its package list from.
pub fn wanted_files(model: &Model, stage: &Stage, run: &Run, command: &Command) -> Vec<String> {
    let words = command.program();
    let pip = command.pip_install();
    let npm = pip.is_none()
        && matches!(is_npm_install(words), Some((_, rest)) if rest.iter().all(|w| w.text.starts_with('-')));
    // The working directory only for the few commands that install.
    if pip.is_none() && !npm {
        return Vec::new();
    }
    let Some(dir) = workdir(model, stage, run.index) else {
        return Vec::new();
    };
    if let Some(pip) = pip {
        let mut out: Vec<String> = option_values(pip.args, &["-r", "--requirement"])
            .iter()
            .map(|w| join(&dir, &w.text))
            .collect();
        out.extend(
            pip.args
                .iter()
                .filter(|w| w.text == "." || w.text.starts_with("./") || w.text.starts_with(".["))
                .map(|w| {
                    join(
                        &join(&dir, w.text.split('[').next().unwrap_or(".")),
                        "pyproject.toml",
                    )
                }),
        );
        return out;
    }
    vec![join(&dir, "package.json")]
}

/// `-r other.txt` lines of a requirement file.
pub fn includes(text: &str) -> impl Iterator<Item = &str> {
    text.lines().filter_map(|line| {
        let line = line.trim();
        line.strip_prefix("-r ")
            .or_else(|| line.strip_prefix("--requirement "))
            .or_else(|| line.strip_prefix("--requirement="))
            .map(str::trim)
    })
}

fn requirement_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(|l| l.split(" #").next().unwrap_or(l).trim())
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('-'))
}

/// `[project] dependencies = [...]` and `[tool.poetry.dependencies]` names.
fn pyproject_requirements(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut section = "";
    let mut in_list = false;
    for line in text.lines() {
        let line = line.split(" #").next().unwrap_or(line).trim();
        if line.starts_with('[') && !in_list {
            section = line;
            continue;
        }
        if section == "[project]" && (in_list || line.starts_with("dependencies")) {
            let body = if in_list {
                line
            } else {
                line.split_once('[').map_or("", |(_, b)| b)
            };
            in_list = !body.contains(']');
            let body = body.split(']').next().unwrap_or(body);
            out.extend(
                body.split(',')
                    .map(|s| s.trim().trim_matches(['"', '\'']))
                    .filter(|s| !s.is_empty())
                    .map(str::to_string),
            );
        } else if section == "[tool.poetry.dependencies]"
            && let Some((name, _)) = line.split_once('=')
        {
            let name = name.trim();
            if name != "python" && !name.is_empty() {
                out.push(name.to_string());
            }
        }
    }
    out
}

fn package(spec: &str, span: Span, file: Option<&str>) -> Option<Package> {
    let (name, _, clauses) = parse_spec(spec.split(';').next().unwrap_or(spec).trim())?;
    Some(Package {
        name,
        clauses,
        span,
        written: spec.to_string(),
        file: file.map(str::to_string),
    })
}

/// The Python packages a command installs with pip: its arguments, its
/// `-r` files (and their includes) and the `pyproject.toml` of `pip install .`.
pub fn pip_packages(model: &Model, stage: &Stage, run: &Run, command: &Command) -> Vec<Package> {
    packages_of(model, stage, run, command, "install")
}

/// The packages a `pip wheel` command builds wheels of (named or in its
/// requirement files), and the directory it writes them to (`-w`).
pub fn pip_wheel_packages(
    model: &Model,
    stage: &Stage,
    run: &Run,
    command: &Command,
) -> Option<(String, Vec<Package>)> {
    let pip = command.pip("wheel")?;
    let dir = option_values(pip.args, &["-w", "--wheel-dir"])
        .first()
        .map(|w| w.text.to_string())
        .or_else(|| {
            pip.args
                .iter()
                .find_map(|w| w.text.strip_prefix("--wheel-dir=").map(str::to_string))
        })
        .unwrap_or_else(|| ".".into());
    let dir = join(
        &workdir(model, stage, run.index).unwrap_or_else(|| "/".into()),
        &dir,
    );
    Some((dir, packages_of(model, stage, run, command, "wheel")))
}

fn packages_of(
    model: &Model,
    stage: &Stage,
    run: &Run,
    command: &Command,
    sub: &str,
) -> Vec<Package> {
    let Some(pip) = command.pip(sub) else {
        return Vec::new();
    };
    let mut out: Vec<Package> = crate::pip::requirements(&pip)
        .into_iter()
        .map(|r| Package {
            name: r.name.clone(),
            clauses: r.clauses.clone(),
            span: r.word.span_of(0, r.name_end),
            written: r.word.text.to_string(),
            file: None,
        })
        .collect();
    let Some(dir) = workdir(model, stage, run.index) else {
        return out;
    };
    let files = option_values(pip.args, &["-r", "--requirement"]);
    for word in files {
        let image_path = join(&dir, &word.text);
        let span = command.span_of(word);
        // A file a `COPY <<EOF` wrote.
        if let Some(file) = stage.facts.heredoc_file(run.index, &image_path) {
            let text = model.heredoc_text(file);
            out.extend(requirement_lines(text).filter_map(|l| package(l, span, Some(&image_path))));
            continue;
        }
        let Some(path) = super::context::context_path(model, stage, run.index, &image_path) else {
            continue;
        };
        let mut queue = vec![path];
        let mut seen = Vec::new();
        while let Some(path) = queue.pop() {
            if seen.contains(&path) {
                continue;
            }
            let Some(text) = model.context().get(&path) else {
                continue;
            };
            let base = path.rsplit_once('/').map_or("", |(d, _)| d);
            queue.extend(
                includes(text).map(|inc| crate::model::normalize(&format!("{base}/{inc}"))),
            );
            out.extend(requirement_lines(text).filter_map(|l| package(l, span, Some(&path))));
            seen.push(path);
        }
    }
    for word in pip
        .args
        .iter()
        .filter(|w| w.text == "." || w.text.starts_with("./") || w.text.starts_with(".["))
    {
        let project = join(
            &join(&dir, word.text.split('[').next().unwrap_or(".")),
            "pyproject.toml",
        );
        let Some(path) = super::context::context_path(model, stage, run.index, &project) else {
            continue;
        };
        if let Some(text) = model.context().get(&path) {
            let span = command.span_of(word);
            out.extend(
                pyproject_requirements(text)
                    .iter()
                    .filter_map(|r| package(r, span, Some(&path))),
            );
        }
    }
    out
}

/// The npm packages a command installs: its arguments, or the
/// `package.json` dependencies of `npm ci`/`npm install` (dev dependencies
/// too unless `--omit=dev`/`--production`).
pub fn npm_packages(model: &Model, stage: &Stage, run: &Run, command: &Command) -> Vec<Package> {
    let Some((verb, rest)) = is_npm_install(command.program()) else {
        return Vec::new();
    };
    let named: Vec<Package> = rest
        .iter()
        .filter(|w| !w.text.starts_with('-'))
        .map(|w| {
            let (name, version) = split_npm_spec(&w.text);
            let (start, _) = w.range(0, w.text.len());
            let (_, end) = w.range(0, name.len());
            Package {
                name: name.to_string(),
                clauses: version
                    .map(|v| vec![("npm".to_string(), v.to_string())])
                    .unwrap_or_default(),
                span: Span::new(start, end),
                written: w.text.to_string(),
                file: None,
            }
        })
        .collect();
    if !named.is_empty() {
        return named;
    }
    let Some(dir) = workdir(model, stage, run.index) else {
        return Vec::new();
    };
    let Some(path) =
        super::context::context_path(model, stage, run.index, &join(&dir, "package.json"))
    else {
        return Vec::new();
    };
    let Some(json) = model
        .context()
        .get(&path)
        .and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok())
    else {
        return Vec::new();
    };
    let omit_dev = rest.iter().any(|w| {
        matches!(
            w.text.as_str(),
            "--omit=dev" | "--production" | "--prod" | "--only=production"
        )
    });
    let mut sections = vec!["dependencies", "optionalDependencies"];
    if !omit_dev {
        sections.push("devDependencies");
    }
    let span = command.span_of(verb);
    sections
        .iter()
        .filter_map(|s| json.get(s)?.as_object())
        .flat_map(|deps| deps.iter())
        .map(|(name, version)| Package {
            name: name.clone(),
            clauses: version
                .as_str()
                .map(|v| vec![("npm".to_string(), v.to_string())])
                .unwrap_or_default(),
            span,
            written: format!("{name}@{}", version.as_str().unwrap_or("*")),
            file: Some(path.clone()),
        })
        .collect()
}

/// `canvas@^3.1` → (`canvas`, `^3.1`); `@scope/pkg@1` → (`@scope/pkg`, `1`).
fn split_npm_spec(spec: &str) -> (&str, Option<&str>) {
    let at = spec
        .char_indices()
        .skip(1)
        .find(|&(_, c)| c == '@')
        .map(|(i, _)| i);
    match at {
        Some(i) => (&spec[..i], Some(&spec[i + 1..])),
        None => (spec, None),
    }
}

/// The leading major version of an npm range (`^3.1.0`, `~3`, `3.x`), if any.
pub fn npm_major(range: &str) -> Option<u64> {
    let digits: String = range
        .trim_start_matches(['^', '~', '=', 'v', '>', ' '])
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_pyproject_and_npm_specs() {
        let text = "[project]\nname = \"x\"\ndependencies = [\n  \"numpy>=1.2\",\n  'psycopg2',\n]\n[tool.x]\n";
        assert_eq!(pyproject_requirements(text), ["numpy>=1.2", "psycopg2"]);
        let text = "[tool.poetry.dependencies]\npython = \"^3.11\"\ntorch = \"^2\"\n";
        assert_eq!(pyproject_requirements(text), ["torch"]);
        assert_eq!(split_npm_spec("canvas@^3.1"), ("canvas", Some("^3.1")));
        assert_eq!(split_npm_spec("@grpc/grpc-js"), ("@grpc/grpc-js", None));
        assert_eq!(npm_major("^3.2.0"), Some(3));
        assert_eq!(npm_major("latest"), None);
    }
}
