use super::Context;
use crate::build::{Run, packages};
use crate::knowledge::is_build_tool;

declare_lint! {
    /// Flags compilers and `-dev` packages installed in the final stage and
    /// kept there.
    ///
    /// ## Why is this bad?
    /// `build-essential`, `gcc`, `build-base`, `musl-dev`, `python3-dev`,
    /// `cargo` and header packages are needed to compile, not to run. Kept in
    /// the final image they add tens to hundreds of MB, CVEs, and a compiler
    /// for anyone who gets a shell in the container. Build in a builder stage
    /// and copy the result, or remove them in the same `RUN` that installed
    /// them: `apk add --virtual .build-deps … && … && apk del .build-deps`,
    /// or `apt-get purge -y --auto-remove …`, which is not reported. Removing
    /// them in a later `RUN` does not shrink the image (the layer keeps
    /// them), so that is reported.
    ///
    /// Tools installed but never used to build anything in the Dockerfile
    /// (no compiler, `make`, `pip install`, `npm install`… at or after the
    /// install) are taken to be used by the application at run time and
    /// are not reported; neither are tools listed in a variable the image
    /// keeps in its environment (`ENV PHPIZE_DEPS …` then
    /// `apt-get install $PHPIZE_DEPS`: the official `php` image keeps them
    /// so that images built on it can compile extensions). Only application images are judged: the final image must have a
    /// `CMD` or `ENTRYPOINT` that is not just a shell or a bare interpreter
    /// (`python3`, `node`), and no `ONBUILD`. Toolchain, CI and base images,
    /// whose purpose is to compile or be built on, are left alone.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev \
    ///  && pip install --no-cache-dir psycopg2 && rm -rf /var/lib/apt/lists/*
    /// CMD ["python", "-m", "app"]
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim AS build
    /// RUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev
    /// RUN pip wheel --wheel-dir /wheels psycopg2
    ///
    /// FROM python:3.12-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*
    /// COPY --from=build /wheels /wheels
    /// RUN pip install --no-cache-dir /wheels/*.whl
    /// CMD ["python", "-m", "app"]
    /// ```
    ///
    /// ## Fix
    /// No automatic fix: which runtime libraries replace the `-dev` packages
    /// (`libpq-dev` → `libpq5`) is yours to choose.
    pub static BUILD_TOOLS_IN_FINAL_STAGE = {
        id: "build-tools-in-final-stage",
        severity: Warning,
        fix: None,
        group: Size,
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    let Some(last) = crate::build::application_stage(model) else {
        return;
    };
    let all = cx.runs.chain(last);
    for (position, run) in all.iter().enumerate() {
        {
            // Tools installed but never used to build anything here are
            // there for the application to use at run time.
            if !all[position..].iter().any(|run| builds(run)) {
                continue;
            }
            let (removed, everything) = removals(run);
            for command in run.commands {
                let Some(install) = command.install() else {
                    continue;
                };
                if everything
                    || install
                        .virtual_name
                        .is_some_and(|v| removed.iter().any(|r| r == v))
                {
                    continue;
                }
                let kept: Vec<_> = install
                    .packages
                    .iter()
                    .filter(|p| {
                        is_build_tool(&p.text)
                            && !removed.iter().any(|r| r == packages::package_name(&p.text))
                            && !handed_on(run, command, p)
                    })
                    .collect();
                let (Some(first), Some(last_word)) = (kept.first(), kept.last()) else {
                    continue;
                };
                let span = command.span_of(first).cover(command.span_of(last_word));
                let names: Vec<String> = kept.iter().map(|w| format!("`{}`", w.text)).collect();
                let (subject, verb) = match names.len() {
                    1 => (names[0].clone(), "stays"),
                    _ => (names.join(", "), "stay"),
                };
                // Removed by a later RUN: the layer that added them still
                // ships, so the image is no smaller.
                // `apt-mark auto '.*'` then `purge --auto-remove` in a later
                // RUN that first saved `apt-mark showmanual` removes only
                // what that RUN installed (the official images' pattern).
                let removed_later = all[position + 1..].iter().any(|later| {
                    let (removed, everything) = removals(later);
                    (everything && !later.mentions("showmanual"))
                        || install
                            .virtual_name
                            .is_some_and(|v| removed.iter().any(|r| r == v))
                        || kept
                            .iter()
                            .all(|p| removed.iter().any(|r| r == packages::package_name(&p.text)))
                });
                let message = if removed_later {
                    format!(
                        "{subject} {verb} in the final image's layers: removing build tools in a later RUN does not make the image smaller"
                    )
                } else {
                    format!(
                        "{subject} {verb} in the final image: compilers and headers are only needed to build"
                    )
                };
                cx.report(span, message)
                    .label("build tools kept")
                    .help(
                        "build in a builder stage and copy the result, or remove them in the same RUN \
                         (`apk add --virtual .build-deps … && apk del .build-deps`, `apt-get purge -y --auto-remove …`)",
                    );
            }
        }
    }
}

/// Whether package word `package` comes from a variable the stage keeps in
/// its environment (`apt-get install $PHPIZE_DEPS` with `ENV PHPIZE_DEPS`):
/// the list is handed on to images built on this one, which install the
/// same tools to build their own extensions (the official `php` image
/// keeps them for `docker-php-ext-install`), so keeping them is the point.
fn handed_on(run: &Run, command: &crate::build::Command, package: &crate::shell::Word) -> bool {
    if package.is_written() {
        return false;
    }
    let facts = &run.stage.facts;
    command
        .command
        .words
        .iter()
        .filter(|w| w.span() == package.span())
        .flat_map(|w| w.parameters())
        .any(|name| facts.exported(name))
}

/// Commands that compile or install packages with native code.
const BUILDERS: &[&str] = &[
    "make",
    "cmake",
    "configure",
    "./configure",
    "gcc",
    "cc",
    "g++",
    "clang",
    "cargo",
    "go",
    "gem",
    "bundle",
    "cpanm",
    "npm",
    "yarn",
    "pnpm",
    "node-gyp",
    "mvn",
    "gradle",
    "meson",
    "ninja",
];

/// Whether a RUN builds something: a compiler or build tool, `pip
/// install`, or `setup.py`.
fn builds(run: &Run) -> bool {
    run.commands.iter().any(|c| {
        let words = c.program();
        words
            .first()
            .is_some_and(|w| BUILDERS.contains(&crate::pip::basename(&w.text)))
            || c.pip_install().is_some()
            || words.iter().any(|w| w.text.ends_with("setup.py"))
    })
}

/// Package names removed in the RUN, and whether it removes everything
/// marked automatic after `apt-mark auto` (the official images' pattern).
fn removals(run: &Run) -> (Vec<String>, bool) {
    let mut names = Vec::new();
    let mut auto = false;
    for command in run.commands {
        if let Some((removed, is_auto)) = packages::removal(command.program()) {
            names.extend(removed);
            auto |= is_auto;
        }
    }
    (names, auto && run.mentions("apt-mark"))
}
