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
    /// tool image for others to build on, like the official images. An
    /// entrypoint script with no `CMD` (Docker clears an inherited `CMD`
    /// when `ENTRYPOINT` is set, so the script runs alone) is the
    /// application when the image ships anything besides the script, and a
    /// shell running a script file (`CMD bash start.sh`) runs that
    /// script. Not reported when the
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
        group: Security,
        hadolint: "DL3002",
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
    // Whether there is anything to report at all, before the costlier
    // search for privilege droppers in every command and copied path.
    let reportable = match last.facts.user() {
        Some((_, user)) => is_root(user),
        None => match model.origin(last) {
            Origin::Scratch => true,
            Origin::Image(image) => image.describe().runs_as_root == Some(true),
            Origin::Unknown => false,
        },
    };
    if !reportable {
        return;
    }
    // A privilege dropper installed, copied in or started: the entrypoint
    // switches users itself.
    let final_words = crate::build::final_command(model).map(|c| c.words);
    // Every dropper's name has an `s`: most words are ruled out by one
    // byte search instead of seven substring searches.
    let mentions_dropper =
        |text: &str| text.as_bytes().contains(&b's') && DROPPERS.iter().any(|d| text.contains(d));
    let commands: Vec<_> = cx.runs.final_image_commands().collect();
    let chain = model.chain(last);
    // Last: it splits the words of every instruction.
    let copies_dropper = || {
        chain.iter().any(|s| {
            s.body.iter().any(|&i| {
                // Only what COPY and ADD bring in: an ENV or LABEL naming a
                // dropper's path installs nothing.
                let instruction = model.instruction(i).effective();
                if !matches!(instruction.kind, Keyword::Copy | Keyword::Add) {
                    return false;
                }
                let (sources, dest) = crate::model::copy_paths(instruction);
                sources
                    .iter()
                    .chain(dest.iter())
                    .any(|p| mentions_dropper(p))
            })
        })
    };
    if commands
        .iter()
        .any(|c| c.words().iter().any(|w| mentions_dropper(&w.text)))
        || final_words.iter().flatten().any(|w| mentions_dropper(w))
        || chain.iter().any(|s| {
            [&s.facts.entrypoint, &s.facts.cmd]
                .into_iter()
                .flatten()
                .any(|c| c.args.iter().any(|a| mentions_dropper(a)))
        })
        || copies_dropper()
    {
        return;
    }
    // `su app -c …` drops privileges for the command itself.
    let starts_with_su = chain.iter().any(|s| {
        [&s.facts.entrypoint, &s.facts.cmd]
            .into_iter()
            .flatten()
            .any(|c| {
                c.program()
                    .first()
                    .is_some_and(|p| crate::pip::basename(p) == "su")
            })
    });
    if starts_with_su
        || final_words
            .as_ref()
            .and_then(|w| w.first())
            .map(|p| crate::pip::basename(p))
            .is_some_and(|p| SELF_DROPPING.iter().any(|s| p.starts_with(s)))
    {
        return;
    }
    // A user created but never switched to, with an entrypoint: the
    // entrypoint switches (the official images' pattern).
    let created = created_user(&commands);
    if created.is_some() && last.facts.entrypoint.is_some() {
        return;
    }
    // `reportable` holds: a last USER is root, an image without one runs as
    // root.
    if let Some((index, user)) = last.facts.user() {
        let instruction = model.instruction(index);
        cx.report(
            instruction.keyword().span.cover(instruction.args.span),
            format!("`USER {user}` is the last user of the final image, so it runs as root"),
        )
        .label("switches back to root")
        .help("switch to a non-root user after the steps that need root (e.g. `USER 10001`)");
        return;
    }
    let (span, help, fix) = match model.origin(last) {
        Origin::Scratch => (
            model.instruction(model.stages[last.first].from).span,
            "add `USER 65532:65532` (scratch has no `/etc/passwd`, so use numbers)".to_string(),
            None,
        ),
        Origin::Image(image) => {
            let d = image.describe();
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

/// Whether a `USER` value (`name[:group]`) is root.
fn is_root(user: &str) -> bool {
    matches!(user.split(':').next().unwrap_or(user), "root" | "0")
}

/// The user a RUN of the final image's stages creates (`useradd … app`,
/// `adduser -S app`), if any.
fn created_user(commands: &[crate::model::RunCommand]) -> Option<String> {
    commands
        .iter()
        .filter(|c| matches!(c.name(), Some("useradd" | "adduser")))
        .filter_map(|c| {
            // Options take values: the name is the last bare word.
            c.args()
                .iter()
                .rev()
                .filter_map(|w| w.value())
                .find(|w| !w.starts_with('-'))
                .map(str::to_string)
        })
        .next_back()
}

/// `distroless/x` → `x:nonroot`, `:debug` → `:debug-nonroot`.
fn nonroot_fix(image: &ImageRef) -> Option<(Edit, String)> {
    if image.digest.is_some() {
        return None;
    }
    let (edit, tag) = match &image.tag {
        None if image.repository.literal => (
            Edit::insert(image.repository.span.end(), ":nonroot"),
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
