use super::Context;
use crate::build::python::{Package, npm_major, npm_packages, pip_packages};
use crate::knowledge::{
    Coverage, Libc, Musl, MuslWheels, compare_versions, current_tag, musl_wheels, native_module,
};
use crate::model::{ImageRef, Stage};
use crate::pip::only_older_than;

declare_lint! {
    /// Flags `pip install` of packages that have no musllinux wheel on an
    /// Alpine-based stage, so pip compiles them from source or fails.
    ///
    /// ## Why is this bad?
    /// Alpine uses musl libc, and pip can only install wheels built for it
    /// (`musllinux`). Without one, pip downloads the sdist and compiles it:
    /// the build needs `build-base` and the library headers, takes minutes
    /// (numpy, pandas, grpcio) and often fails. Some packages never publish
    /// musl wheels (psycopg2, mysqlclient, scikit-learn, numba); some have no
    /// sdist either (torch, tensorflow), so the install fails outright. Older
    /// pins of packages that do ship musl wheels today (numpy < 1.25,
    /// pandas < 2.1) hit the same wall. Pure-Python packages and versions
    /// with musl wheels are not reported. The thresholds are per
    /// architecture: a stage with `--platform=linux/arm64` uses the first
    /// aarch64 wheel. The Python version comes from the base tag: the latest
    /// pyyaml and h5py ship no musl wheels for Python 3.15, for instance.
    ///
    /// Packages listed in `requirements*.txt` (and the files they include
    /// with `-r`), `pyproject.toml` and `package.json` are read from the
    /// build context (relative to the Dockerfile) when the Dockerfile copies
    /// them in and installs them; a missing file is skipped. npm packages
    /// without musl prebuilds are reported too: `canvas` before 4.0
    /// compiles with node-gyp (cairo, pango…), and the deprecated
    /// `node-sass` and `grpc` have no musl builds (use `sass` and
    /// `@grpc/grpc-js`).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-alpine
    /// RUN pip install psycopg2 "numpy<1.25"
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// RUN pip install psycopg2-binary "numpy>=1.26"
    /// ```
    ///
    /// ## Fix
    /// No automatic fix: moving to a `-slim` base changes the package manager
    /// (`apk` → `apt`), and switching to a binary package or newer version is
    /// a dependency decision. The help names the alternative for each package.
    pub static ALPINE_NATIVE_PACKAGES = {
        id: "alpine-native-packages",
        severity: Warning,
        fix: None,
        group: Performance,
        tags: ["build", "performance"],
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    let today = cx.settings.today;
    for stage in &model.stages {
        let Some((root, image)) = model.root_image(stage) else {
            continue;
        };
        let description = image.describe();
        if !is_alpine(image) && description.libc != Some(Libc::Musl) {
            continue;
        }
        let arm = is_arm(stage) || is_arm(root);
        let python = description
            .runtime
            .as_ref()
            .filter(|(p, _)| *p == "python")
            .map(|(_, v)| v.split('.').take(2).collect::<Vec<_>>().join("."))
            .filter(|v| v.contains('.'));
        for run in cx.runs.of(stage) {
            for command in run.commands {
                for package in pip_packages(model, stage, run, command) {
                    let Some(wheels) = musl_wheels(&package.name) else {
                        continue;
                    };
                    let Some((problem, first)) =
                        problem(wheels, &package.clauses, arm, python.as_deref())
                    else {
                        continue;
                    };
                    let diagnostic = cx.report(
                        package.span,
                        format!(
                            "`{}`{} {problem} on Alpine (musl)",
                            package.written,
                            origin(&package)
                        ),
                    );
                    let stage_python = description.runtime.as_ref().map(|(_, v)| v.as_str());
                    let help = help(wheels, first, image, stage_python, today);
                    diagnostic
                        .label("no musl wheel")
                        .help(help)
                        .secondary(image.span, "Alpine base");
                }
                for package in npm_packages(model, stage, run, command) {
                    let Some((problem, help)) = npm_problem(&package) else {
                        continue;
                    };
                    cx.report(
                        package.span,
                        format!("`{}`{} {problem}", package.written, origin(&package)),
                    )
                    .label("no musl prebuild")
                    .help(help)
                    .secondary(image.span, "Alpine base");
                }
            }
        }
    }
}

fn origin(package: &Package) -> String {
    package
        .file
        .as_ref()
        .map(|f| format!(" (from `{f}`)"))
        .unwrap_or_default()
}

/// canvas before 4.x compiles with node-gyp on musl; node-sass and grpc are
/// deprecated native modules without musl builds.
fn npm_problem(package: &Package) -> Option<(String, String)> {
    let module = native_module(&package.name)?;
    match module.musl {
        Musl::Prebuilt => None,
        Musl::SourceBefore(major, deps) => {
            let version = package.clauses.first().and_then(|(_, v)| npm_major(v));
            if version.is_some_and(|v| v >= major) {
                return None;
            }
            Some((
                format!(
                    "has no musl prebuilds before {major}.0, so node-gyp compiles it on Alpine (musl)"
                ),
                format!(
                    "install the build dependencies (`apk add {deps}`), use a `-slim` (glibc) image, or move to {}@{major}",
                    package.name
                ),
            ))
        }
        Musl::Deprecated(replacement) => Some((
            "is deprecated and has no musl prebuilds, so node-gyp compiles it on Alpine (musl)"
                .to_string(),
            format!("replace it with `{replacement}`"),
        )),
    }
}

fn is_alpine(image: &ImageRef) -> bool {
    image.official_name() == Some("alpine")
        || image
            .tag_text()
            .is_some_and(|tag| tag.split('-').any(|word| word.starts_with("alpine")))
}

fn is_arm(stage: &Stage) -> bool {
    stage
        .platform
        .as_deref()
        .is_some_and(|p| p.contains("arm64") || p.contains("aarch64"))
}

/// Why the requirement will not install from a wheel, if it will not, and
/// the first release with a musl wheel for this stage's Python (to suggest).
/// Thresholds are per CPython version: with the stage's Python unknown (or
/// outside the table), the first wheel for any Python is the bar.
fn problem(
    wheels: &MuslWheels,
    clauses: &[(String, String)],
    arm: bool,
    python: Option<&str>,
) -> Option<(String, Option<&'static str>)> {
    let arch = if arm { " on aarch64" } else { "" };
    let coverage = python.and_then(|py| wheels.for_python(arm, py).map(|c| (py, c)));
    let (first, for_python) = match coverage {
        Some((py, Coverage::From { first, .. })) => (Some(first), Some(py)),
        Some((py, Coverage::Never)) if wheels.first_any(arm).is_some() => {
            return Some((
                format!(
                    "has no musllinux wheel for Python {py}{arch}, so pip compiles it from source"
                ),
                None,
            ));
        }
        _ => (wheels.first_any(arm), None),
    };
    let on = for_python
        .map(|py| format!(" for Python {py}"))
        .unwrap_or_default();
    match first {
        None if !wheels.has_sdist => Some((
            "has no musllinux wheel and no source distribution, so pip fails".into(),
            None,
        )),
        None => Some((
            "has no musllinux wheel, so pip compiles it from source".into(),
            None,
        )),
        // With the stage's Python outside the table (older than any it
        // records), no version is suggested: it may not run there.
        Some(first) if only_older_than(clauses, first) => Some((
            format!(
                "is pinned below {first}, its first musllinux wheel{on}{arch}, so pip compiles it from source"
            ),
            (python.is_none() || for_python.is_some()).then_some(first),
        )),
        Some(_) => None,
    }
}

fn help(
    wheels: &MuslWheels,
    first: Option<&str>,
    image: &ImageRef,
    python: Option<&str>,
    today: crate::date::Date,
) -> String {
    let slim = slim_suggestion(image, today);
    // An alternative that has no musl wheel for the stage's Python is not
    // one (`psycopg[binary]` on Python 2.7).
    // A bare major (`python:3-alpine`) is compared by its major only.
    let too_old = !wheels.alternative_python.is_empty()
        && python.is_some_and(|py| {
            let bar = wheels.alternative_python;
            let bar = if py.contains('.') {
                bar
            } else {
                bar.split('.').next().unwrap_or(bar)
            };
            compare_versions(py, bar).is_lt()
        });
    let alternative = if too_old { "" } else { wheels.alternative };
    match (alternative, first) {
        ("", Some(first)) => format!(
            "allow `{}>={first}`, or move this stage to `{slim}` (glibc)",
            wheels.package
        ),
        ("", None) => {
            format!("move this stage to `{slim}` (glibc), where pip installs manylinux wheels")
        }
        (alternative, _) => format!("use {alternative}, or move this stage to `{slim}` (glibc)"),
    }
}

/// The glibc tag to move the stage to, from the knowledge's suggestion
/// rules: `python:3.12-alpine3.20` → `python:3.12-slim`; an end-of-life
/// Python → the slim tag of the next supported line, never an older one
/// (`python:3.6-alpine` → `python:3.11-slim`, not `3.6-slim`); another
/// image → the current Python's slim tag.
fn slim_suggestion(image: &ImageRef, today: crate::date::Date) -> String {
    let current = || {
        format!(
            "python:{}-slim",
            current_tag("python").unwrap_or_else(|| "3".into())
        )
    };
    let Some(family) = image
        .official_name()
        .filter(|n| *n == "python")
        .and_then(crate::knowledge::family)
    else {
        return current();
    };
    let text = image.tag_text().unwrap_or("latest");
    let Some(mut tag) = crate::knowledge::parse_tag(family, text) else {
        return current();
    };
    let ended = tag
        .line(family)
        .and_then(|line| crate::knowledge::cycle("python", line))
        .is_some_and(|c| c.ended(today).is_some());
    if !ended {
        // The same line's slim variant (pre-release words kept).
        let version: Vec<&str> = text
            .split('-')
            .take_while(|w| !w.starts_with("alpine"))
            .collect();
        return if version.is_empty() || version == ["latest"] {
            "python:slim".into()
        } else {
            format!("python:{}-slim", version.join("-"))
        };
    }
    tag.alpine = None;
    tag.suite = None;
    tag.slim = true;
    match crate::knowledge::supported_tag(family, &tag, today) {
        Some(tag) => format!("python:{}", crate::knowledge::render(family, &tag)),
        None => current(),
    }
}
