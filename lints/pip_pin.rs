use super::Context;
use crate::pip::{install_requirements, pip_install};

declare_lint! {
    /// Flags requirements in `pip install` without a version constraint
    /// (`flask` rather than `flask==3.1.1`), and version-control URLs
    /// without a ref (`git+https://…/repo.git` rather than `…@v1.2`).
    ///
    /// ## Why is this bad?
    /// Without a version, a rebuild installs whatever PyPI has that day,
    /// and a new major release can break the image without any change to
    /// the Dockerfile. Any version clause counts (`==`, `~=`, `>=`, `<`),
    /// and so does a constraints file (`-c constraints.txt`) or a direct
    /// reference (`name @ https://…`). Local paths, archives and wheels,
    /// requirement files and packages from variables are not judged. Unlike
    /// hadolint, the packages named beside `-r requirements.txt` are still
    /// checked. In the opt-in `pinning` group.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// RUN pip install --no-cache-dir flask
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// RUN pip install --no-cache-dir flask==3.1.1
    /// ```
    ///
    /// ## Fix
    /// None: the version to pin is yours to choose.
    pub static PIP_PIN = {
        id: "pip-pin",
        severity: Warning,
        fix: None,
        group: Pinning,
        default: false,
        hadolint: "DL3013",
        check: check,
    }
}

const ARCHIVES: &[&str] = &[".whl", ".tar.gz", ".tgz", ".zip", ".tar.bz2", ".egg"];

fn check(cx: &mut Context) {
    let model = cx.model;
    for stage in &model.stages {
        for run in cx.runs.commands_in(stage) {
            let Some(install) = pip_install(run.words()) else {
                continue;
            };
            let constrained = install.args.iter().any(|w| {
                matches!(w.text.as_str(), "-c" | "--constraint")
                    || w.text.starts_with("--constraint=")
            });
            if constrained {
                continue;
            }
            for requirement in install_requirements(run.words()) {
                let text = &requirement.word.text;
                if !requirement.clauses.is_empty()
                    || ARCHIVES.iter().any(|ext| text.ends_with(ext))
                    || text.contains('@')
                {
                    continue;
                }
                cx.report(
                    requirement.word.span(),
                    format!("`{text}` is installed without a version"),
                )
                .label("unpinned")
                .help(format!("pin it: `{}==<version>`", requirement.name));
            }
            for word in install.args.iter().filter(|w| is_unpinned_vcs(&w.text)) {
                cx.report(
                    word.span(),
                    format!("`{}` is installed from a branch head", word.text),
                )
                .label("no ref")
                .help("pin a tag or commit: `…@<tag>`");
            }
        }
    }
}

/// `git+https://host/org/repo.git` without `@ref` after the repository path.
fn is_unpinned_vcs(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once("://") else {
        return false;
    };
    if !["git+", "hg+", "svn+", "bzr+"]
        .iter()
        .any(|p| scheme.starts_with(p))
        || text.contains('$')
    {
        return false;
    }
    let rest = rest.split('#').next().unwrap_or(rest);
    let path = rest.split_once('/').map_or("", |(_, path)| path);
    !path.contains('@')
}
