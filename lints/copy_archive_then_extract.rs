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
        // The stage's extractions, read once when it copies an archive:
        // looked up by name for each archive (searching the later RUNs
        // for each one made a stage of thousands of archives quadratic).
        let mut extractions = None;
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
                let extractions = extractions.get_or_insert_with(|| extractions_in(model, stage));
                let Some(extract) = later_extraction(extractions, index, name) else {
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
/// The archives unpacked by `tar` commands of a stage, by name: the RUN
/// instruction and the span of its `tar`, in source order.
type Extractions = std::collections::HashMap<String, Vec<(usize, crate::span::Span)>>;

/// The first RUN after instruction `index` that unpacks archive `name`.
fn later_extraction(
    extractions: &Extractions,
    index: usize,
    name: &str,
) -> Option<crate::span::Span> {
    let runs = extractions.get(name)?;
    let after = runs.partition_point(|(instruction, _)| *instruction <= index);
    runs.get(after).map(|(_, span)| *span)
}

fn extractions_in(model: &crate::model::Model, stage: &crate::model::Stage) -> Extractions {
    let mut extractions = Extractions::new();
    let unpacked = model
        .commands_in(stage)
        .filter(|run| run.name() == Some("tar"))
        .filter_map(|run| {
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
            let name = crate::shell::basename(file?).to_string();
            (extract && members == 0).then(|| (name, run.instruction, run.program()[0].span()))
        });
    for (name, instruction, span) in unpacked {
        extractions
            .entry(name)
            .or_default()
            .push((instruction, span));
    }
    extractions
}
