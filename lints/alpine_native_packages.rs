use super::Context;
use crate::knowledge::{MuslWheels, current_tag, musl_wheels};
use crate::model::{ImageRef, Stage};
use crate::pip::{Requirement, install_requirements};
use crate::shell::commands;

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
    /// aarch64 wheel.
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
        tags: ["build", "performance"],
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    for stage in &model.stages {
        let Some((root, image)) = model.root_image(stage) else {
            continue;
        };
        if !is_alpine(image) {
            continue;
        }
        let arm = is_arm(stage) || is_arm(root);
        for (_, script) in model.scripts(stage) {
            for command in commands(script.text) {
                for requirement in install_requirements(&command) {
                    let Some(wheels) = musl_wheels(&requirement.name) else {
                        continue;
                    };
                    let Some(problem) = problem(wheels, &requirement, arm) else {
                        continue;
                    };
                    let (name_start, name_end) = requirement.word.range(0, requirement.name_end);
                    let diagnostic = cx.report(
                        script.span(name_start, name_end),
                        format!("`{}` {problem} on Alpine (musl)", requirement.word.text),
                    );
                    diagnostic
                        .label("no musl wheel")
                        .help(help(wheels, arm, image))
                        .secondary(image.span, "Alpine base");
                }
            }
        }
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

/// Why the requirement will not install from a wheel, if it will not.
fn problem(wheels: &MuslWheels, requirement: &Requirement, arm: bool) -> Option<String> {
    let first = if arm {
        wheels.first_aarch64
    } else {
        wheels.first_x86_64
    };
    match first {
        None if !wheels.has_sdist => {
            Some("has no musllinux wheel and no source distribution, so pip fails".into())
        }
        None => Some("has no musllinux wheel, so pip compiles it from source".into()),
        Some(first) if requirement.only_older_than(first) => Some(format!(
            "is pinned below {first}, its first musllinux wheel{}, so pip compiles it from source",
            if arm { " for aarch64" } else { "" }
        )),
        Some(_) => None,
    }
}

fn help(wheels: &MuslWheels, arm: bool, image: &ImageRef) -> String {
    let slim = slim_suggestion(image);
    let first = if arm {
        wheels.first_aarch64
    } else {
        wheels.first_x86_64
    };
    match (wheels.alternative, first) {
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

/// `python:3.12-alpine3.20` → `python:3.12-slim`; other images → a python slim tag.
fn slim_suggestion(image: &ImageRef) -> String {
    match (image.official_name(), image.tag_text()) {
        (Some("python"), Some(tag)) => {
            let version: Vec<&str> = tag
                .split('-')
                .take_while(|w| !w.starts_with("alpine"))
                .collect();
            if version.is_empty() {
                "python:slim".into()
            } else {
                format!("python:{}-slim", version.join("-"))
            }
        }
        _ => format!("python:{}-slim", current_tag("python").unwrap_or("3")),
    }
}
