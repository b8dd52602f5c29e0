use super::Context;

declare_lint! {
    /// Flags `EXPOSE` ports outside 0–65535, and ranges that run backwards.
    ///
    /// ## Why is this bad?
    /// A TCP or UDP port is a 16-bit number; the build fails or the port is
    /// silently wrong.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.29
    /// EXPOSE 80800
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM nginx:1.29
    /// EXPOSE 8080
    /// ```
    ///
    /// ## Fix
    /// None: the intended port is yours to write.
    pub static INVALID_PORT = {
        id: "invalid-port",
        severity: Error,
        fix: None,
        group: Correctness,
        hadolint: "DL3011",
        check: check,
    }
}

fn check(cx: &mut Context) {
    for port in cx.model.exposed_ports() {
        if port.port.contains('$') || port.port.is_empty() {
            continue;
        }
        let bad = match port.numbers().as_slice() {
            [Some(n)] => *n > 65535,
            [Some(a), Some(b)] => *a > 65535 || *b > 65535 || a > b,
            _ => false,
        };
        if bad {
            cx.report(
                port.span,
                format!("`{}` is not a valid port or port range", port.port),
            )
            .label("out of range")
            .help("ports range from 0 to 65535");
        }
    }
}
