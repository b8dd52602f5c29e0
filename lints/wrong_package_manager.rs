use super::Context;

declare_lint! {
    /// Flags a package manager command that does not exist on the stage's
    /// base image: `apt-get`/`apt` on Alpine, `apk` on Debian or Ubuntu,
    /// `yum`/`dnf`/`microdnf` on either.
    ///
    /// ## Why is this bad?
    /// Each distribution ships its own package manager: Alpine has `apk`,
    /// Debian and Ubuntu `apt-get`, Red Hat's family `dnf`/`microdnf`
    /// (`yum` on older releases). On `python:3.6-alpine`, `apt-get install`
    /// stops the build with `apt-get: not found`, usually after the base
    /// image was switched from a Debian tag to an Alpine one (or back) and
    /// the install line was not. Package names differ too (`libpq-dev` is
    /// `postgresql-dev` on Alpine), so the whole line needs rewriting.
    ///
    /// Reported once per RUN, and its commands are left to this lint:
    /// the apt and apk lints (`--no-install-recommends`, cache and
    /// version pinning) do not also judge it. Only when the base image is
    /// known, and not in a RUN written for several distributions (one that
    /// runs more than one package manager, or checks for one with
    /// `command -v`, `which`, `[ -x …`, or reads `/etc/os-release`).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.13-alpine
    /// RUN apt-get update && apt-get install -y libpq-dev
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.13-alpine
    /// RUN apk add --no-cache libpq-dev
    /// ```
    ///
    /// ## Fix
    /// None: package names and options differ between managers; rewrite
    /// the install for the base's manager, or go back to a base that has
    /// the one you wrote (`python:3.13-slim` for `apt-get`).
    pub static WRONG_PACKAGE_MANAGER = {
        id: "wrong-package-manager",
        severity: Error,
        fix: None,
        group: Correctness,
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    for stage in &model.stages {
        for run in cx.runs.of(stage) {
            for command in run.commands {
                let Some(program) = command.program().first() else {
                    continue;
                };
                let Some(own) =
                    crate::build::foreign_package_manager(model, stage, run.index, &program.text)
                else {
                    continue;
                };
                let base = model
                    .root_image(stage)
                    .map(|(_, image)| format!("`{}`", image.without_digest()))
                    .unwrap_or_else(|| "the base image".into());
                cx.report(
                    command.span_of(program),
                    format!(
                        "`{}` is not the package manager of {base}, which has `{own}`: the build fails here",
                        program.text
                    ),
                )
                .label("wrong package manager for this base")
                .help(format!(
                    "rewrite the install for `{own}` (package names differ), or use a base image that has `{}`",
                    program.text
                ));
                // One finding per RUN: `apt-get update && apt-get install`
                // fails once.
                break;
            }
        }
    }
}
