use super::Context;
use crate::build::packages;
use crate::diagnostic::{Applicability, Edit};
use crate::syntax::Keyword;

declare_lint! {
    /// Flags `apt-get install` without `--no-install-recommends` in the
    /// final image (hadolint DL3015).
    ///
    /// ## Why is this bad?
    /// apt installs every package's "recommends" by default: documentation,
    /// optional tools and libraries the software works without. They often
    /// double the size of an install. Only the stages the final image is
    /// built from are checked (builder stages are not shipped), and not
    /// when the Dockerfile configures `APT::Install-Recommends` itself or a
    /// comment right above the `RUN` asks for recommends ("recommends are
    /// needed for the fonts": installing them is deliberate there).
    /// `# hadolint ignore=DL3015` suppresses this lint too.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:trixie-slim
    /// RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:trixie-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Fix
    /// Unsafe: `--no-install-recommends` is added after `install`. Something
    /// you rely on may have come in as a recommendation (`curl` recommends
    /// `ca-certificates`, without which HTTPS fails), so list it explicitly.
    /// When the install has an HTTPS client (curl, wget, git, gnupg…) or
    /// the image's RUNs fetch `https://` URLs, and no install of the image
    /// lists `ca-certificates`, the fix adds it to the same install.
    pub static APT_NO_INSTALL_RECOMMENDS = {
        id: "apt-no-install-recommends",
        severity: Info,
        fix: Unsafe,
        group: Size,
        hadolint: "DL3015",
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    let Some(last) = model.final_stage() else {
        return;
    };
    let all_runs = cx.runs.chain(last);
    // The installs to report, found first: most files have none, and what
    // exempts or shapes the findings costs more to find out.
    let mut found = Vec::new();
    for run in &all_runs {
        // `wrong-package-manager` reports an apt-get that is not there.
        if asks_for_recommends(model, run.instruction)
            || crate::build::foreign_package_manager(model, run.stage, run.index, "apt-get")
                .is_some()
        {
            continue;
        }
        for command in run.commands {
            let words = command.program();
            let Some(install) = command.install() else {
                continue;
            };
            if install.manager != packages::Manager::Apt
                || !matches!(words[0].text.as_str(), "apt-get" | "apt")
                || words.iter().any(|w| w.text == "--no-install-recommends")
            {
                continue;
            }
            found.push((command, install));
        }
    }
    if found.is_empty() || configures_recommends(cx.runs, last) {
        return;
    }
    let installs = || {
        all_runs
            .iter()
            .flat_map(|r| r.commands)
            .filter_map(|c| c.install().filter(|i| i.manager == packages::Manager::Apt))
    };
    let has_ca = installs().any(|i| {
        i.packages
            .iter()
            .any(|p| name(&p.text) == "ca-certificates")
    });
    let uses_https = all_runs.iter().any(|r| {
        r.commands
            .iter()
            .any(|c| c.words().iter().any(|w| w.text.contains("https://")))
    });
    // One install gets `ca-certificates`: the first with an HTTPS client,
    // else the first one when only later commands fetch `https://`.
    let mut ca_added = false;
    for (command, install) in found {
        let words = command.program();
        let verb = command.span_of(install.verb);
        let mut edits = vec![Edit::insert(verb.end(), " --no-install-recommends")];
        let tls_client = install
            .packages
            .iter()
            .any(|p| TLS_CLIENTS.contains(&name(&p.text)));
        let adds_ca = !has_ca && !ca_added && (tls_client || uses_https);
        ca_added |= adds_ca;
        if adds_ca && let Some(last_word) = install.args.last() {
            edits.push(Edit::insert(
                command.span_of(last_word).end(),
                " ca-certificates",
            ));
        }
        let (help, title) = if adds_ca {
            (
                "add `--no-install-recommends` and list what you need explicitly; `ca-certificates` (for HTTPS) came only as a recommendation",
                "add `--no-install-recommends` and `ca-certificates`",
            )
        } else {
            (
                "add `--no-install-recommends` and list what you need explicitly",
                "add `--no-install-recommends`",
            )
        };
        cx.report(
            verb,
            format!(
                "`{} install` also installs recommended packages",
                words[0].text
            ),
        )
        .label("installs recommends")
        .help(help)
        .fix(Applicability::Unsafe, title, edits);
    }
}

/// Whether the final image's build turns recommends off in apt's
/// configuration: a command that writes `Install-Recommends` (an `echo`
/// into `apt.conf.d`, `-o APT::Install-Recommends=false`), a file written by
/// a `COPY <<EOF` that sets it, or any file copied into `/etc/apt`.
fn configures_recommends<'m>(runs: &'m crate::build::Runs<'m>, last: &crate::model::Stage) -> bool {
    let model = runs.model();
    let mentions = |text: &str| text.contains("Install-Recommends");
    runs.final_image_commands()
        .any(|c| c.words().iter().any(|w| mentions(&w.text)))
        || last
            .facts
            .heredoc_files()
            .iter()
            .any(|f| mentions(model.heredoc_text(f)))
        || model.chain(last).iter().any(|s| {
            s.body.iter().any(|&i| {
                let instruction = model.instruction(i).effective();
                matches!(instruction.kind, Keyword::Copy | Keyword::Add)
                    && crate::model::copy_paths(instruction)
                        .1
                        .is_some_and(|d| d.starts_with("/etc/apt"))
            })
        })
}

/// Packages that talk HTTPS and get their CA bundle only as a
/// recommendation (`curl` → `ca-certificates`, `gnupg` → `dirmngr` → …).
const TLS_CLIENTS: &[&str] = &[
    "curl",
    "wget",
    "git",
    "gnupg",
    "gnupg2",
    "gpg",
    "dirmngr",
    "apt-transport-https",
    "software-properties-common",
];

/// A package word without its version or release (`curl=8.5.0-2`).
fn name(word: &str) -> &str {
    word.split(['=', '/']).next().unwrap_or(word)
}

/// A comment right above the RUN that asks for recommends ("recommends
/// are needed here"): installing them is deliberate.
fn asks_for_recommends(
    model: &crate::model::Model,
    instruction: &crate::syntax::Instruction,
) -> bool {
    let mut line = (instruction.start_line as usize).saturating_sub(1);
    while line >= 1 {
        let Some(comment) = model.comments_on_line(line - 1).first() else {
            return false;
        };
        let text = model.comment_text(comment).to_ascii_lowercase();
        // A pragma or annotation naming this lint is not such a request.
        let asks = [
            "need",
            "want",
            "keep",
            "require",
            "deliberate",
            "intentional",
            "on purpose",
        ]
        .iter()
        .any(|w| text.contains(w));
        if text.contains("recommend") && asks && !text.contains("no-install-recommends") {
            return true;
        }
        line -= 1;
    }
    false
}
