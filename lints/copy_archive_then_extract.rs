use super::Context;
use crate::syntax::Keyword;

declare_lint! {
    /// Flags a `COPY` of a local tar archive (`.tar`, `.tar.gz`, `.tgz`,
    /// `.tar.bz2`, `.tar.xz`…) that a later `RUN` of the stage unpacks with
    /// `tar -x`.
    ///
    /// ## Why is this bad?
    /// The `COPY` layer keeps the archive in the image for good, even when
    /// the `RUN` deletes it afterwards. `ADD archive.tar.gz /dest/` unpacks
    /// a local tar archive (uncompressed, gzip, bzip2 or xz) straight into
    /// the destination, in one layer and without the archive. Not reported
    /// when `tar` is asked for more than `ADD` does: `--strip-components`,
    /// `--exclude`, wildcards or a list of members (hadolint's `DL3010`
    /// reports those too), nor for `COPY --from` (`ADD` does not unpack
    /// files from another stage).
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:trixie-slim
    /// COPY app.tar.gz /tmp/
    /// RUN tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:trixie-slim
    /// ADD app.tar.gz /opt/
    /// ```
    ///
    /// ## Fix
    /// None: the destination of the unpacked files (`tar -C`) and the
    /// clean-up of the `RUN` change with it.
    pub static COPY_ARCHIVE_THEN_EXTRACT = {
        id: "copy-archive-then-extract",
        severity: Info,
        fix: None,
        group: Size,
        hadolint: "DL3010",
        check: check,
    }
}

/// The archive types `ADD` unpacks.
const ARCHIVES: &[&str] = &[
    ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz", ".txz",
];

fn check(cx: &mut Context) {
    let model = cx.model;
    for stage in &model.stages {
        for &index in &stage.body {
            let instruction = model.instruction(index);
            if instruction.kind != Keyword::Copy || instruction.flag("from").is_some() {
                continue;
            }
            let (sources, _) = crate::model::copy_paths(instruction);
            for source in &sources {
                let name = crate::shell::basename(source);
                if source.contains(['$', '*', '?'])
                    || !ARCHIVES.iter().any(|ext| name.ends_with(ext))
                {
                    continue;
                }
                let Some(extract) = later_extraction(model, stage, index, name) else {
                    continue;
                };
                cx.report(
                    instruction.keyword().span,
                    format!("`{name}` is copied, then unpacked by a later RUN"),
                )
                .label("archive kept in this layer")
                .secondary(extract, "unpacked here")
                .help(format!(
                    "`ADD {source} <dir>/` unpacks it without keeping the archive"
                ));
            }
        }
    }
}

/// The span of a `tar -x` in a RUN after `index` whose archive is `name`
/// (matched by file name), when `ADD` could do the same.
fn later_extraction(
    model: &crate::model::Model,
    stage: &crate::model::Stage,
    index: usize,
    name: &str,
) -> Option<crate::span::Span> {
    model
        .commands_in(stage)
        .filter(|run| run.instruction > index && run.name() == Some("tar"))
        .find_map(|run| {
            let args = run.args();
            let mut extract = false;
            let mut file = None;
            let mut members = 0;
            let mut i = 0;
            while i < args.len() {
                let text = args[i].text.as_str();
                if text.starts_with("--strip-components")
                    || text.starts_with("--exclude")
                    || text.starts_with("--wildcards")
                    || text.contains('*')
                {
                    return None;
                }
                if text == "--extract" || text == "--get" {
                    extract = true;
                } else if let Some(value) = text.strip_prefix("--file=") {
                    file = Some(value);
                } else if text == "--file" || text == "-f" {
                    file = args.get(i + 1).map(|w| w.text.as_str());
                    i += 1;
                } else if text.starts_with("--") {
                    // Long options with a separate value.
                    if matches!(text, "--directory" | "--use-compress-program") {
                        i += 1;
                    }
                } else if let Some(cluster) =
                    text.strip_prefix('-').or_else(|| (i == 0).then_some(text))
                {
                    // `-xzf file`, or the old style `xzf file` as the first word.
                    if cluster.chars().all(|c| c.is_ascii_alphabetic()) {
                        extract |= cluster.contains('x');
                        if cluster.ends_with('f') {
                            file = args.get(i + 1).map(|w| w.text.as_str());
                            i += 1;
                        } else if cluster.contains('C') {
                            i += 1;
                        }
                    }
                } else {
                    members += 1;
                }
                i += 1;
            }
            let matches = file.is_some_and(|f| crate::shell::basename(f) == name);
            (extract && matches && members == 0).then_some(run.program()[0].span())
        })
}
