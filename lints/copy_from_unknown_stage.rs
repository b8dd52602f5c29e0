use super::Context;

declare_lint! {
    /// Flags `COPY --from=<name>` where no earlier stage is called `<name>`
    /// and `<name>` does not look like an image (no tag, digest or
    /// registry path).
    ///
    /// ## Why is this bad?
    /// BuildKit treats an unknown name as an image and pulls it from Docker
    /// Hub: a typo, or a stage defined further down, silently copies from a
    /// stranger's image or fails with "pull access denied". Stage names are
    /// compared case-insensitively, as BuildKit does. An image meant on
    /// purpose is better written with its tag (`--from=busybox:1.37`), which
    /// also pins it.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.25 AS builder
    /// FROM scratch
    /// COPY --from=buidler /app /app
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.25 AS builder
    /// FROM scratch
    /// COPY --from=builder /app /app
    /// ```
    ///
    /// ## Fix
    /// None: fix the name, move the stage up, or tag the image.
    pub static COPY_FROM_UNKNOWN_STAGE = {
        id: "copy-from-unknown-stage",
        severity: Warning,
        fix: None,
        group: Correctness,
        hadolint: "DL3022",
        check: check,
    }
}

fn check(cx: &mut Context) {
    let model = cx.model;
    for stage in &model.stages {
        for copy in &stage.copies_from {
            if copy.stage.is_some() {
                continue;
            }
            let instruction = model.instruction(copy.instruction).effective();
            let Some(value) = instruction.flag("from").and_then(|f| f.value.as_deref()) else {
                continue;
            };
            let image_like = value.contains([':', '/', '@', '$']) || value.is_empty();
            let own = stage
                .name
                .as_ref()
                .is_some_and(|n| n.text.eq_ignore_ascii_case(value));
            if image_like || own || value.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            let later = model.stages[stage.index + 1..].iter().find(|s| {
                s.name
                    .as_ref()
                    .is_some_and(|n| n.text.eq_ignore_ascii_case(value))
            });
            let diagnostic = cx.report(
                copy.span,
                format!("no earlier stage is named `{value}`, so it is pulled as an image"),
            );
            diagnostic.label("unknown stage");
            match later {
                Some(s) => {
                    let span = s.name.as_ref().map_or(s.base_span, |n| n.span);
                    diagnostic
                        .secondary(span, "defined after the COPY")
                        .help("move that stage above this one");
                }
                None => {
                    diagnostic.help("name an earlier stage, or tag the image (`name:tag`)");
                }
            }
        }
    }
}
