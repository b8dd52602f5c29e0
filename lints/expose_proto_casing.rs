use super::Context;
use crate::diagnostic::{Applicability, Edit};

declare_lint! {
    /// Flags an `EXPOSE` protocol that is not lowercase (`80/TCP`).
    ///
    /// ## Why is this bad?
    /// Protocols are `tcp`, `udp` and `sctp`; BuildKit lowercases others but
    /// warns (`ExposeProtoCasing`), and other tools reading the Dockerfile
    /// may not.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.29
    /// EXPOSE 80/TCP
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM nginx:1.29
    /// EXPOSE 80/tcp
    /// ```
    ///
    /// ## Fix
    /// Safe: the protocol is lowercased.
    pub static EXPOSE_PROTO_CASING = {
        id: "expose-proto-casing",
        severity: Warning,
        fix: Safe,
        group: Style,
        buildkit: "ExposeProtoCasing",
        check: check,
    }
}

fn check(cx: &mut Context) {
    for port in cx.model.exposed_ports() {
        let Some(proto) = &port.proto else { continue };
        if !proto.chars().any(|c| c.is_ascii_uppercase()) || proto.contains('$') {
            continue;
        }
        let lower = proto.to_ascii_lowercase();
        let diagnostic = cx.report(
            port.proto_span.unwrap_or(port.span),
            format!("protocol `{proto}` should be lowercase"),
        );
        diagnostic
            .label("uppercase")
            .help(format!("write `{lower}`"));
        if let Some(span) = port.proto_span {
            diagnostic.fix(
                Applicability::Safe,
                format!("write `{lower}`"),
                vec![Edit::replace(span, lower)],
            );
        }
    }
}
