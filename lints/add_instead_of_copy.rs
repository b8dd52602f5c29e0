use super::Context;
use crate::diagnostic::{Applicability, Edit};
use crate::syntax::Keyword;

declare_lint! {
    /// Flags `ADD` of local files and directories, where `COPY` does the
    /// same without surprises.
    ///
    /// ## Why is this bad?
    /// `ADD` also downloads URLs, clones Git repositories and unpacks local
    /// tar archives; a reader of `ADD file /dest` has to wonder which
    /// applies, and a file renamed to `.tar.gz` later changes what the build
    /// does. `COPY` only copies. Not reported when a source is a URL, a Git
    /// address or a tar archive (`.tar`, `.tar.gz`, `.tgz`, `.tar.bz2`,
    /// `.tar.xz`…), a variable whose name says it holds a URL
    /// (`$PACKAGE_URL`), or when `ADD`-only flags are used (hadolint also
    /// reports Git sources, which `COPY` cannot fetch, and URL variables).
    /// A source written with a variable is judged by the variable's value
    /// (`ENV JAVA_PKG=server-jre.tar.gz` then `ADD $JAVA_PKG /` unpacks an
    /// archive); when the value is not known (a build argument without a
    /// default) it is not reported, as it may be a URL or an archive.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.22
    /// ADD config.yaml /etc/app/
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.22
    /// COPY config.yaml /etc/app/
    /// ```
    ///
    /// ## Fix
    /// Safe: `ADD` becomes `COPY` (same casing).
    pub static ADD_INSTEAD_OF_COPY = {
        id: "add-instead-of-copy",
        severity: Warning,
        fix: Safe,
        group: Correctness,
        hadolint: "DL3020",
        check: check,
    }
}

const ARCHIVES: &[&str] = &[
    ".tar",
    ".tar.gz",
    ".tgz",
    ".tar.bz2",
    ".tbz",
    ".tbz2",
    ".tb2",
    ".tar.xz",
    ".txz",
    ".tar.zst",
    ".tzst",
    ".tar.lz",
    ".tar.lzma",
    ".tlz",
    ".tar.z",
    ".taz",
    ".gz",
    ".bz2",
    ".xz",
];

/// Whether `ADD` does more than copy this source (a variable whose name
/// mentions a URL is taken to hold one).
fn special(source: &str) -> bool {
    let lower = source.to_ascii_lowercase();
    let url_variable = lower.split('$').skip(1).any(|v| {
        v.split(|c: char| !c.is_ascii_alphanumeric() && c != '_' && c != '{')
            .next()
            .is_some_and(|name| name.contains("url") || name.contains("uri"))
    });
    lower.contains("://")
        || lower.starts_with("git@")
        || url_variable
        || ARCHIVES.iter().any(|ext| lower.ends_with(ext))
}

fn check(cx: &mut Context) {
    let model = cx.model;
    for (index, instruction) in model.file.instructions.iter().enumerate() {
        let instruction = instruction.effective();
        if instruction.kind != Keyword::Add || !instruction.heredocs().is_empty() {
            continue;
        }
        let (sources, _) = crate::model::copy_paths(instruction);
        // A source from a variable is judged by its value (`ENV
        // JAVA_PKG=jre.tar.gz` then `ADD $JAVA_PKG /` unpacks an archive);
        // one whose value is not known may be a URL or an archive.
        let stage = model.stage_of(index);
        let resolved = |source: &String| -> Option<String> {
            if !source.contains('$') {
                return Some(source.clone());
            }
            let facts = &stage?.facts;
            crate::model::facts::expand(source, |name| {
                facts.variable(index, name).map(str::to_string)
            })
        };
        if sources.is_empty()
            || sources
                .iter()
                .any(|s| special(s) || resolved(s).is_none_or(|v| special(&v)))
        {
            continue;
        }
        let add_only = instruction
            .flags()
            .iter()
            .any(|f| matches!(f.name.as_str(), "checksum" | "keep-git-dir" | "unpack"));
        if add_only {
            continue;
        }
        let keyword = instruction.keyword();
        let variable = sources.iter().any(|s| s.contains('$'));
        let copy = if keyword.text.chars().all(|c| c.is_ascii_lowercase()) {
            "copy"
        } else {
            "COPY"
        };
        let diagnostic = cx.report(
            keyword.span,
            "`ADD` of local files: `COPY` does the same and only that",
        );
        diagnostic
            .label("use COPY")
            .help("`ADD` is for URLs, Git repositories and archives to unpack");
        // A source from a variable may be a URL or an archive: no fix.
        if !variable {
            diagnostic.fix(
                Applicability::Safe,
                format!("use `{copy}`"),
                vec![Edit::replace(keyword.span, copy)],
            );
        }
    }
}
