use super::Context;

declare_lint! {
    /// Flags `EXPOSE` with an IP address or a host port
    /// (`EXPOSE 127.0.0.1:80`, `EXPOSE 8080:80`).
    ///
    /// ## Why is this bad?
    /// `EXPOSE` documents the container's ports; publishing to a host port
    /// or address is `docker run -p`'s job. BuildKit drops the host part
    /// with a warning (`ExposeInvalidFormat`) and plans to make it an error;
    /// hadolint cannot parse such a file at all.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.29
    /// EXPOSE 8080:80
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM nginx:1.29
    /// EXPOSE 80
    /// ```
    ///
    /// ## Fix
    /// None: keep the container port and publish with `docker run -p`.
    pub static EXPOSE_INVALID_FORMAT = {
        id: "expose-invalid-format",
        severity: Warning,
        fix: None,
        group: Correctness,
        buildkit: "ExposeInvalidFormat",
        check: check,
    }
}

fn check(cx: &mut Context) {
    for port in cx.model.exposed_ports() {
        if port.variable || port.host.is_none() {
            continue;
        }
        cx.report(
            port.span,
            format!(
                "`{}` maps a host address or port; EXPOSE takes container ports",
                port.text
            ),
        )
        .label("host part")
        .help("expose only the container port; publish it with `docker run -p`");
    }
}
