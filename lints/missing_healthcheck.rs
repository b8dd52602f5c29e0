use super::Context;
use crate::syntax::Keyword;

declare_lint! {
    /// Flags a service image (one that `EXPOSE`s a port) with no
    /// `HEALTHCHECK` in its final stage (or a stage it builds on).
    ///
    /// ## Why is this bad?
    /// Without a health check Docker and Swarm only know whether the process
    /// runs, not whether it serves; a hung service stays "up". Kubernetes
    /// ignores `HEALTHCHECK` (it has its own probes), which is why this lint
    /// is opt-in, as in hadolint. Only images that expose a port are
    /// judged: a command-line tool has no health to check, and base images
    /// (no `CMD` or `ENTRYPOINT` of an application) are for others to
    /// finish. hadolint reports every file without one.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.29
    /// COPY site /usr/share/nginx/html
    /// EXPOSE 80
    /// CMD ["nginx", "-g", "daemon off;"]
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM nginx:1.29
    /// COPY site /usr/share/nginx/html
    /// EXPOSE 80
    /// HEALTHCHECK CMD curl -fsS http://localhost/ || exit 1
    /// CMD ["nginx", "-g", "daemon off;"]
    /// ```
    ///
    /// ## Fix
    /// None: what "healthy" means is the application's.
    pub static MISSING_HEALTHCHECK = {
        id: "missing-healthcheck",
        severity: Info,
        fix: None,
        group: Correctness,
        default: false,
        hadolint: "DL3057",
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    let Some(last) = crate::build::application_stage(model) else {
        return;
    };
    let has = |kind: Keyword| {
        model.chain(last).iter().any(|stage| {
            stage
                .body
                .iter()
                .any(|&i| model.instruction(i).kind == kind)
        })
    };
    if has(Keyword::Expose) && !has(Keyword::Healthcheck) {
        cx.report(
            model.instruction(last.from).keyword().span,
            "the final image has no `HEALTHCHECK`",
        )
        .label("final stage")
        .help("add `HEALTHCHECK CMD <command that fails when the service is unhealthy>`");
    }
}
