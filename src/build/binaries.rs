//! Go and Rust binaries built in a stage: where they are written and
//! whether they link a C library dynamically.

use super::env::{join, variable, workdir};
use super::{Command, Run, Runs, packages};
use crate::knowledge::Libc;
use crate::model::{Model, Stage};
use crate::shell::Word;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Go,
    Rust,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Linkage {
    Static,
    Dynamic(Libc),
}

/// A binary a COPY takes from a build stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binary {
    pub lang: Lang,
    pub linkage: Linkage,
    /// Built against musl (an Alpine toolchain or a `-musl` target).
    pub musl: bool,
    /// Why we think so, for messages (`built without CGO_ENABLED=0 on
    /// golang:1.22, which has gcc`).
    pub reason: String,
}

/// The value of `name` for a command: a `NAME=value` prefix, an earlier
/// `export NAME=value` in the same RUN, or ENV/ARG.
fn var(model: &Model, stage: &Stage, run: &Run, command: &Command, name: &str) -> Option<String> {
    let assignment = |w: &Word| {
        w.text
            .split_once('=')
            .filter(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
    };
    let prefix = command
        .words()
        .iter()
        .take_while(|w| crate::pip::is_assignment(&w.text) || w.text == "env");
    if let Some(v) = prefix.filter_map(assignment).last() {
        return Some(v);
    }
    let before = run
        .commands
        .iter()
        .take_while(|c| !std::ptr::eq(*c, command))
        .filter(|c| {
            c.words()
                .first()
                .is_some_and(|w| w.text == "export" || crate::pip::is_assignment(&w.text))
        })
        .flat_map(|c| c.words().iter().filter_map(assignment))
        .last();
    before.or_else(|| variable(model, stage, run.index, name))
}

/// Whether the stage or a stage it builds on installs one of `packages`.
fn installs_any(model: &Model, stage: &Stage, names: &[&str]) -> bool {
    model.commands_in_chain(stage).any(|c| {
        packages::install(c.program()).is_some_and(|i| {
            i.packages
                .iter()
                .any(|p| names.contains(&packages::package_name(&p.text)))
        })
    })
}

fn option<'w>(args: &'w [Word], name: &str) -> Option<&'w str> {
    let prefix = format!("{name}=");
    args.iter().enumerate().find_map(|(i, w)| {
        if w.text == name {
            args.get(i + 1).map(|v| v.text.as_str())
        } else {
            w.text.strip_prefix(&prefix)
        }
    })
}

/// The binaries the stages of `chain` copy in from the build stages that
/// build them: the COPY, its source path and what was built there.
pub fn copied_binaries<'m>(
    runs: &'m Runs<'m>,
    chain: &[&'m Stage],
) -> Vec<(&'m crate::model::CopyFrom, &'m str, Binary)> {
    let model = runs.model();
    let mut out = Vec::new();
    for stage in chain {
        for copy in &stage.copies_from {
            let Some(from) = copy.stage.map(|i| &model.stages[i]) else {
                continue;
            };
            for source in &copy.sources {
                if let Some(binary) = copied_binary(runs, from, source) {
                    out.push((copy, source.as_str(), binary));
                }
            }
        }
    }
    out
}

/// The binary at `path` (a COPY --from source) if `stage` builds it.
pub fn copied_binary<'m>(runs: &'m Runs<'m>, stage: &'m Stage, path: &str) -> Option<Binary> {
    let model = runs.model();
    let path = join("/", path);
    for s in model.chain(stage) {
        for run in runs.of(s) {
            for command in run.commands {
                let words = command.program();
                let found = match words {
                    [go, verb, args @ ..]
                        if go.text == "go" && matches!(verb.text.as_str(), "build" | "install") =>
                    {
                        go_binary(model, s, run, command, verb.text == "install", args, &path)
                    }
                    [cargo, verb, args @ ..]
                        if cargo.text == "cargo"
                            && matches!(verb.text.as_str(), "build" | "install") =>
                    {
                        rust_binary(model, s, run, command, args, &path)
                    }
                    _ => None,
                };
                if found.is_some() {
                    return found;
                }
            }
        }
    }
    None
}

fn go_binary(
    model: &Model,
    stage: &Stage,
    run: &Run,
    command: &Command,
    install: bool,
    args: &[Word],
    path: &str,
) -> Option<Binary> {
    let dir = workdir(model, stage, run.index);
    let matches = if install {
        let bin = var(model, stage, run, command, "GOBIN").unwrap_or_else(|| "/go/bin".into());
        path.starts_with(&format!("{bin}/")) || path == bin
    } else {
        let output = option(args, "-o")?;
        let output = match (&dir, output.starts_with('/')) {
            (_, true) => output.to_string(),
            (Some(dir), false) => join(dir, output),
            (None, false) => return None,
        };
        output == path || output.starts_with(&format!("{path}/"))
    };
    if !matches {
        return None;
    }
    let linkage = |linkage, reason: &str| {
        Some(Binary {
            lang: Lang::Go,
            linkage,
            musl: linkage == Linkage::Dynamic(Libc::Musl),
            reason: reason.to_string(),
        })
    };
    if var(model, stage, run, command, "CGO_ENABLED").as_deref() == Some("0") {
        return linkage(Linkage::Static, "built with `CGO_ENABLED=0`");
    }
    let flags: Vec<&str> = args.iter().map(|w| w.text.as_str()).collect();
    let text = flags.join(" ");
    if text.contains("-static") || text.contains("netgo") {
        return linkage(Linkage::Static, "linked with `-static` or the `netgo` tag");
    }
    let described = model.describe(stage)?;
    if described.official.map(|f| f.name) != Some("golang") {
        return None;
    }
    let image = match model.origin(stage) {
        crate::model::Origin::Image(image) => image.without_digest().to_string(),
        _ => return None,
    };
    if described.libc == Some(Libc::Musl) {
        if installs_any(model, stage, &["gcc", "build-base", "musl-dev", "clang"]) {
            return linkage(
                Linkage::Dynamic(Libc::Musl),
                &format!("built with cgo on `{image}` after installing a C compiler"),
            );
        }
        return linkage(Linkage::Static, "built without a C compiler, so cgo is off");
    }
    linkage(
        Linkage::Dynamic(Libc::Glibc),
        &format!(
            "built without `CGO_ENABLED=0` on `{image}`, which has gcc, so a binary using `net` or `os/user` links glibc dynamically"
        ),
    )
}

fn rust_binary(
    model: &Model,
    stage: &Stage,
    run: &Run,
    command: &Command,
    args: &[Word],
    path: &str,
) -> Option<Binary> {
    let command_target = option(args, "--target")
        .map(str::to_string)
        .or_else(|| var(model, stage, run, command, "CARGO_BUILD_TARGET"));
    let target = if let Some(rest) = path.split("/target/").nth(1) {
        let first = rest.split('/').next().unwrap_or("");
        if matches!(first, "release" | "debug") {
            if command_target.is_some() {
                return None;
            }
            None
        } else {
            if command_target.as_deref().is_some_and(|t| t != first) {
                return None;
            }
            Some(first.to_string())
        }
    } else if path.starts_with("/usr/local/cargo/bin/") || path.contains("/.cargo/bin/") {
        command_target
    } else {
        return None;
    };
    let rustflags = var(model, stage, run, command, "RUSTFLAGS").unwrap_or_default();
    let crt_static = rustflags.contains("crt-static")
        || model.source.contains("crt-static")
        || model.context().mentions(".cargo/config", "crt-static");
    let linkage = |linkage, musl, reason: &str| {
        Some(Binary {
            lang: Lang::Rust,
            linkage,
            musl,
            reason: reason.to_string(),
        })
    };
    let packaged = installs_any(model, stage, &["rust", "cargo"]);
    let musl = match target.as_deref() {
        Some(t) if t.contains("musl") => true,
        Some(t) if t.contains("gnu") => false,
        Some(_) => return None,
        None => match model.describe(stage)?.libc? {
            Libc::Musl => true,
            Libc::Glibc => false,
            Libc::None => return None,
        },
    };
    if musl && packaged && model.describe(stage)?.libc == Some(Libc::Musl) {
        return linkage(
            Linkage::Dynamic(Libc::Musl),
            true,
            "built with Alpine's packaged Rust, which links musl dynamically",
        );
    }
    if musl {
        return linkage(
            Linkage::Static,
            true,
            "built for a musl target, static by default",
        );
    }
    if crt_static {
        return linkage(Linkage::Static, false, "built with `crt-static`");
    }
    linkage(
        Linkage::Dynamic(Libc::Glibc),
        false,
        "built for a `-gnu` target without `crt-static`, so it links glibc dynamically",
    )
}
