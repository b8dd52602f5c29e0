use super::Context;
use crate::build::packages;
use crate::knowledge::Libc;

declare_lint! {
    /// Flags `apk add py3-*` in a `python:*-alpine` image, which installs
    /// the package for Alpine's Python, not the image's.
    ///
    /// ## Why is this bad?
    /// The official `python:*-alpine` images build CPython from source into
    /// `/usr/local`. `apk add py3-numpy` pulls in Alpine's own
    /// `/usr/bin/python3` (a different version with its own
    /// `site-packages`) and installs numpy there, so `import numpy` still
    /// fails in the image's `python`, and the image carries two Pythons.
    /// The maintainers: the image's Python "would know nothing about" the
    /// apk package. Install with `pip` instead (numpy, pandas and most
    /// popular packages have musllinux wheels). On `alpine:*` itself, where
    /// Alpine's Python is the only one, `py3-*` packages are right and not
    /// reported.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-alpine
    /// RUN apk add --no-cache py3-numpy
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-alpine
    /// RUN pip install --no-cache-dir numpy
    /// ```
    ///
    /// ## Fix
    /// No automatic fix: the pip package name and version are yours to
    /// choose (the help names the likely one).
    pub static ALPINE_SYSTEM_PYTHON_PACKAGE = {
        id: "alpine-system-python-package",
        severity: Warning,
        fix: None,
        group: Correctness,
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    for stage in &model.stages {
        let Some(d) = model.describe(stage) else {
            continue;
        };
        if d.official.map(|f| f.name) != Some("python") || d.libc != Some(Libc::Musl) {
            continue;
        }
        for run in cx.runs.of(stage) {
            for command in run.commands {
                let Some(install) = command.install() else {
                    continue;
                };
                for word in &install.packages {
                    let name = packages::package_name(&word.text);
                    let Some(module) = name
                        .strip_prefix("py3-")
                        .or_else(|| name.strip_prefix("py-"))
                    else {
                        continue;
                    };
                    cx.report(
                        command.span_of(word),
                        format!("`{name}` installs for Alpine's `/usr/bin/python3`, not for this image's Python in `/usr/local`"),
                    )
                    .label("Alpine's system Python")
                    .help(format!("install it with `pip install {module}` instead"));
                }
            }
        }
    }
}
