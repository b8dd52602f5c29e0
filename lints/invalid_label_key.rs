use super::Context;
use crate::syntax::Keyword;

declare_lint! {
    /// Flags `LABEL` keys that break Docker's key format: lowercase letters,
    /// digits, `.` and `-`, starting and ending with a letter, no doubled
    /// separators, and not in the namespaces Docker reserves
    /// (`com.docker.*`, `io.docker.*`, `org.dockerproject.*`).
    ///
    /// ## Why is this bad?
    /// Tools that read labels (registries, scanners, `docker image ls
    /// --filter`) expect reverse-DNS keys; odd keys are easy to mistype in a
    /// filter and the reserved namespaces are Docker's own. Keys from
    /// variables are not judged.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.22
    /// LABEL Version=1.0
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.22
    /// LABEL org.opencontainers.image.version=1.0
    /// ```
    ///
    /// ## Fix
    /// None: renaming a label changes what consumers find.
    pub static INVALID_LABEL_KEY = {
        id: "invalid-label-key",
        severity: Info,
        fix: None,
        group: Style,
        hadolint: "DL3048",
        check: check,
    }
}

/// Why `key` is not a valid label key, if it is not.
fn problem(key: &str) -> Option<&'static str> {
    const RESERVED: [&str; 3] = ["com.docker.", "io.docker.", "org.dockerproject."];
    if RESERVED.iter().any(|r| key.starts_with(r)) {
        return Some("is in a namespace Docker reserves");
    }
    if !key
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
    {
        return Some("has characters other than lowercase letters, digits, `.` and `-`");
    }
    let first = key.bytes().next()?;
    let last = key.bytes().last()?;
    if !first.is_ascii_lowercase() || !last.is_ascii_alphanumeric() {
        return Some("does not start with a letter and end with a letter or digit");
    }
    if key.contains("..") || key.contains("--") || key.contains(".-") || key.contains("-.") {
        return Some("has consecutive separators");
    }
    None
}

fn check(cx: &mut Context) {
    let model = cx.model;
    for instruction in &model.file.instructions {
        let instruction = instruction.effective();
        if instruction.kind != Keyword::Label {
            continue;
        }
        let words = instruction.shell_words(model.file.escape);
        let legacy = words.first().is_some_and(|w| !w.raw.text.contains('='));
        let keys: Vec<&crate::syntax::ShellWord> = if legacy {
            words.first().into_iter().collect()
        } else {
            words.iter().collect()
        };
        for word in keys {
            let raw = word.raw.text.split('=').next().unwrap_or_default();
            let key = raw.trim_matches('"');
            if key.contains('$') || key.is_empty() {
                continue;
            }
            if let Some(problem) = problem(key) {
                cx.report(word.raw.span, format!("label key `{key}` {problem}"))
                    .label("invalid label key")
                    .help("use reverse-DNS keys such as `org.opencontainers.image.version`");
            }
        }
    }
}
