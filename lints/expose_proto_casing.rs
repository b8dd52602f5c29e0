use super::Context;
use crate::diagnostic::{Applicability, Edit};
use crate::syntax::Keyword;

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
    let model = cx.model;
    for instruction in &model.file.instructions {
        let instruction = instruction.effective();
        if instruction.kind != Keyword::Expose {
            continue;
        }
        for word in instruction.words() {
            let Some(slash) = word.text.rfind('/') else {
                continue;
            };
            let proto = &word.text[slash + 1..];
            if !proto.chars().any(|c| c.is_ascii_uppercase()) || proto.contains('$') {
                continue;
            }
            let lower = proto.to_ascii_lowercase();
            let span = crate::span::Span::new(word.span.end - proto.len(), word.span.end);
            let exact = model.source.get(span.start..span.end) == Some(proto);
            let diagnostic = cx.report(
                if exact { span } else { word.span },
                format!("protocol `{proto}` should be lowercase"),
            );
            diagnostic
                .label("uppercase")
                .help(format!("write `{lower}`"));
            if exact {
                diagnostic.fix(
                    Applicability::Safe,
                    format!("write `{lower}`"),
                    vec![Edit::replace(span, lower)],
                );
            }
        }
    }
}
