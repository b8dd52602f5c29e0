use super::{Context, report_unpinned};

declare_lint! {
    /// Flags packages in `go install`, `go get` and `go run` without a
    /// version (`golang.org/x/tools/gopls` rather than `…/gopls@v0.19.1`)
    /// or with a moving one (`@latest`, `@master`, `@main`, `@HEAD`).
    ///
    /// ## Why is this bad?
    /// Outside a module, `go install pkg@latest` fetches whatever was
    /// tagged last, so the same Dockerfile builds a different tool
    /// tomorrow. Packages of the local module (`.`, `./cmd/...`), `.go`
    /// files and packages from variables are not judged. Unlike hadolint,
    /// the arguments of the program `go run` starts and the values of
    /// build flags (`-ldflags x`) are not read as packages, and branch
    /// names count as unpinned. In the opt-in `pinning` group.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.25
    /// RUN go install github.com/go-delve/delve/cmd/dlv@latest
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.25
    /// RUN go install github.com/go-delve/delve/cmd/dlv@v1.25.1
    /// ```
    ///
    /// ## Fix
    /// None: the version to pin is yours to choose.
    pub static GO_PIN = {
        id: "go-pin",
        severity: Warning,
        fix: None,
        group: Pinning,
        default: false,
        hadolint: "DL3062",
        check: check,
    }
}

/// Build flags that take the next word as their value.
const WITH_VALUES: &[&str] = &[
    "-ldflags",
    "-gcflags",
    "-asmflags",
    "-gccgoflags",
    "-tags",
    "-o",
    "-mod",
    "-modfile",
    "-C",
    "-exec",
    "-p",
    "-pkgdir",
    "-toolexec",
    "-overlay",
    "-buildmode",
    "-compiler",
    "-installsuffix",
    "-pgo",
    "-covermode",
    "-coverpkg",
];

fn check(cx: &mut Context) {
    let model = cx.model;
    for stage in &model.stages {
        for run in cx.runs.commands_in(stage) {
            if run.name() != Some("go") {
                continue;
            }
            let Some((verb, rest)) = run.args().split_first() else {
                continue;
            };
            if !matches!(verb.text.as_str(), "install" | "get" | "run") {
                continue;
            }
            let mut skip = false;
            for word in rest {
                let text = word.text.as_str();
                if std::mem::take(&mut skip) {
                    continue;
                }
                if text.starts_with('-') {
                    let flag = format!("-{}", text.trim_start_matches('-'));
                    skip = !text.contains('=') && WITH_VALUES.contains(&flag.as_str());
                    continue;
                }
                if is_unpinned(text) {
                    let name = text.split('@').next().unwrap_or(text);
                    report_unpinned(cx, word, format!("{name}@<version>"));
                }
                // `go run pkg args…`: the rest are the program's arguments.
                if verb.text == "run" {
                    break;
                }
            }
        }
    }
}

fn is_unpinned(package: &str) -> bool {
    if package.contains('$')
        || package.starts_with(['.', '/'])
        || package.ends_with(".go")
        || package == "all"
    {
        return false;
    }
    match package.split_once('@') {
        None => true,
        Some((_, version)) => matches!(version, "" | "latest" | "master" | "main" | "HEAD"),
    }
}
