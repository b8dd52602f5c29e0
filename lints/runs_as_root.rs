use super::Context;
use crate::diagnostic::{Applicability, Edit};
use crate::model::{ImageRef, Origin};
use crate::syntax::Keyword;

declare_lint! {
    /// Flags a final image that runs as root: no `USER` switches to another
    /// user, or the last `USER` is root.
    ///
    /// ## Why is this bad?
    /// A process running as root in a container is root on the container's
    /// file system and one kernel or runtime bug away from root on the host.
    /// Most services need no privileges; a non-root user limits what an
    /// exploit can do. The official images (`python`, `node`, `debian`…)
    /// and distroless `:latest` run as root unless told otherwise;
    /// distroless `:nonroot` and Chainguard images do not.
    ///
    /// Only the final stage is judged (builder stages do not run in
    /// production), only when the base's default user is known (a private
    /// base image may already set one), and only for application images:
    /// an image without `CMD`/`ENTRYPOINT`, or whose command is a shell or a
    /// bare interpreter (`python3`, `node`), or with `ONBUILD`, is a base or
    /// tool image for others to build on, like the official images. Not reported when the
    /// Dockerfile uses a privilege-dropping tool (`gosu`, `su-exec`,
    /// `setpriv`, `runuser`, or a command that starts with `su`), when the command is a server that runs its
    /// workers unprivileged by itself (Apache httpd, nginx, php-fpm), when
    /// a user is created and an `ENTRYPOINT` is set (the entrypoint then
    /// switches to it, as in the official images), or when `USER` comes
    /// from a build argument.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM gcr.io/distroless/static-debian13
    /// COPY app /app
    /// ENTRYPOINT ["/app"]
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM gcr.io/distroless/static-debian13:nonroot
    /// COPY app /app
    /// ENTRYPOINT ["/app"]
    /// ```
    ///
    /// ## Fix
    /// Unsafe, for distroless: the tag becomes its `nonroot` variant
    /// (`latest` → `nonroot`, `debug` → `debug-nonroot`), user 65532; files
    /// the application writes must be writable by it. Other images need a
    /// user created and a `USER` line, which is yours to write; the help
    /// says how for the base: `adduser -S` on Alpine (BusyBox has no
    /// `useradd`), `USER node` on the Node.js images (they have that user),
    /// and `USER <name>` when the Dockerfile creates a user but never
    /// switches to it.
    pub static RUNS_AS_ROOT = {
        id: "runs-as-root",
        severity: Warning,
        fix: Unsafe,
        check: check,
    }
}

/// Servers whose master process starts as root by design and runs its
/// workers as an unprivileged user (`User`/`user` directives).
const SELF_DROPPING: &[&str] = &[
    "apache2-foreground",
    "httpd-foreground",
    "apache2",
    "httpd",
    "nginx",
    "php-fpm",
];

const DROPPERS: &[&str] = &[
    "gosu",
    "su-exec",
    "setpriv",
    "runuser",
    "s6-setuidgid",
    "chpst",
    "setuser",
];

fn check(cx: &mut Context) {
    let model = cx.model;
    let Some(last) = crate::build::application_stage(model) else {
        return;
    };
    if DROPPERS.iter().any(|d| model.source.contains(d)) {
        return;
    }
    let program = final_program(model);
    if program
        .as_deref()
        .is_some_and(|p| SELF_DROPPING.iter().any(|s| p.starts_with(s)))
        || starts_with_su(model)
    {
        return;
    }
    // A user created but never switched to, with an entrypoint: the
    // entrypoint switches (the official images' pattern).
    let created = created_user(model, last);
    let creates_user = created.is_some();
    let has_entrypoint = model
        .file
        .instructions
        .iter()
        .any(|i| i.kind == Keyword::Entrypoint);
    if creates_user && has_entrypoint {
        return;
    }
    let mut user = None;
    for stage in model.chain(last).into_iter().rev() {
        for &i in &stage.body {
            let instruction = model.instruction(i);
            if instruction.kind == Keyword::User {
                user = Some(instruction);
            }
        }
    }
    if let Some(instruction) = user {
        let text = instruction.args.text.trim();
        let name = text.split(':').next().unwrap_or(text);
        if name == "root" || name == "0" {
            cx.report(
                instruction.keyword.span.cover(instruction.args.span),
                format!("`USER {text}` is the last user of the final image, so it runs as root"),
            )
            .label("switches back to root")
            .help("switch to a non-root user after the steps that need root (e.g. `USER 10001`)");
        }
        return;
    }
    let (span, help, fix) = match model.origin(last) {
        Origin::Scratch => (
            model
                .instruction(model.chain(last).last().expect("chain").from)
                .span,
            "add `USER 65532:65532` (scratch has no `/etc/passwd`, so use numbers)".to_string(),
            None,
        ),
        Origin::Image(image) => {
            let d = image.describe();
            if d.runs_as_root != Some(true) {
                return;
            }
            let alpine =
                d.libc == Some(crate::knowledge::Libc::Musl) || d.package_manager == Some("apk");
            let help = match (&created, d.minimal.as_ref().map(|m| m.family)) {
                (_, Some("distroless")) => "use the `nonroot` tag (uid 65532)".to_string(),
                (Some(user), _) => format!(
                    "`{user}` is created but never switched to: add `USER {user}` after the steps that need root"
                ),
                _ if image.official_name() == Some("node") => {
                    "the image has a `node` user (uid 1000): add `USER node` after the steps that need root".to_string()
                }
                _ if alpine => {
                    "create an unprivileged user (`RUN adduser -S -D -u 10001 app`: BusyBox has no `useradd`) and add `USER 10001` after the steps that need root".to_string()
                }
                _ => "create an unprivileged user (`RUN useradd --system --uid 10001 app`) and add `USER 10001` after the steps that need root".to_string(),
            };
            let fix = match d.minimal.as_ref().map(|m| m.family) {
                Some("distroless") => nonroot_fix(image),
                _ => None,
            };
            (image.span, help, fix)
        }
        Origin::Unknown => return,
    };
    let diagnostic = cx.report(
        span,
        "the final image runs as root: no `USER` switches to an unprivileged user",
    );
    diagnostic.label("runs as root").help(help);
    if let Some((edit, title)) = fix {
        diagnostic.fix(Applicability::Unsafe, title, vec![edit]);
    }
}

/// The user a RUN of the final image's stages creates (`useradd … app`,
/// `adduser -S app`), if any.
fn created_user(model: &crate::model::Model, last: &crate::model::Stage) -> Option<String> {
    let mut user = None;
    for stage in model.chain(last).into_iter().rev() {
        for run in crate::build::runs(model, stage) {
            for command in &run.commands {
                let words = command.program();
                let tool = words.first().map(|w| crate::pip::basename(&w.text));
                if !matches!(tool, Some("useradd" | "adduser")) {
                    continue;
                }
                // Options taking a value: the name is the last bare word.
                let name = words[1..]
                    .iter()
                    .rev()
                    .find(|w| !w.text.starts_with('-') && !w.text.contains('$'))
                    .map(|w| w.text.clone());
                user = name.or(user);
            }
        }
    }
    user
}

/// Whether the final image's `CMD` or `ENTRYPOINT` starts with `su`
/// (`su app -c …`): it drops privileges itself.
fn starts_with_su(model: &crate::model::Model) -> bool {
    let Some(last) = model.final_stage() else {
        return false;
    };
    model.chain(last).iter().any(|stage| {
        stage.body.iter().any(|&i| {
            let instruction = model.instruction(i);
            matches!(instruction.kind, Keyword::Cmd | Keyword::Entrypoint)
                && instruction
                    .command_words()
                    .first()
                    .is_some_and(|p| crate::pip::basename(p) == "su")
        })
    })
}

/// The program the final image's command starts (basename).
fn final_program(model: &crate::model::Model) -> Option<String> {
    let last = model.final_stage()?;
    let mut program = None;
    for stage in model.chain(last).into_iter().rev() {
        for &i in &stage.body {
            let instruction = model.instruction(i);
            if instruction.kind == Keyword::Cmd {
                program = instruction.command_words().into_iter().next();
            }
        }
    }
    program.map(|p| crate::pip::basename(&p).to_string())
}

/// `distroless/x` → `x:nonroot`, `:debug` → `:debug-nonroot`.
fn nonroot_fix(image: &ImageRef) -> Option<(Edit, String)> {
    if image.digest.is_some() {
        return None;
    }
    let (edit, tag) = match &image.tag {
        None if image.repository.literal => (
            Edit::insert(image.repository.span.end, ":nonroot"),
            "nonroot".to_string(),
        ),
        Some(tag) if tag.literal && matches!(tag.text.as_str(), "latest" | "debug") => {
            let new = if tag.text == "latest" {
                "nonroot".to_string()
            } else {
                "debug-nonroot".to_string()
            };
            (Edit::replace(tag.span, new.clone()), new)
        }
        _ => return None,
    };
    Some((edit, format!("use `{}`", image.with_tag(&tag))))
}
