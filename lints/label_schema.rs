use std::collections::BTreeMap;

use super::Context;

declare_lint! {
    /// Checks the final image's labels against a schema configured under
    /// `[lints.label-schema]`: required labels, their formats, and (with
    /// `strict`) no others. Does nothing until configured.
    ///
    /// ## Why is this bad?
    /// Registries, scanners and inventories find an image's source,
    /// version, license and owner in its labels; a missing or malformed one
    /// breaks that silently. hadolint checks the same schema per stage
    /// (`DL3049` missing, `DL3050` superfluous, `DL3051` empty, `DL3052`
    /// URL, `DL3053` RFC 3339 time, `DL3054` SPDX, `DL3055` Git hash,
    /// `DL3056` semantic version, `DL3058` e-mail); fromlint judges only the
    /// stages the final image is built from, since labels of builder stages
    /// are not shipped, and counts labels inherited from those stages.
    /// Values from variables are not format-checked.
    ///
    /// ## Example
    /// ```toml
    /// [lints.label-schema]
    /// required = { "org.opencontainers.image.source" = "url" }
    /// ```
    ///
    /// ```dockerfile
    /// FROM alpine:3.22
    /// LABEL org.opencontainers.image.source="github.com/org/repo"
    /// ```
    ///
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.22
    /// LABEL org.opencontainers.image.source="https://github.com/org/repo"
    /// ```
    ///
    /// ## Fix
    /// None: the values are yours.
    pub static LABEL_SCHEMA = {
        id: "label-schema",
        severity: Warning,
        fix: None,
        group: Policy,
        hadolint: ["DL3049", "DL3050", "DL3051", "DL3052", "DL3053", "DL3054", "DL3055", "DL3056", "DL3058"],
        options: LabelSchema,
        check: check,
    }
}

/// The format a label's value must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LabelFormat {
    /// Any non-empty text.
    Text,
    /// An `http(s)://` or other `scheme://host` URL.
    Url,
    /// A semantic version (`1.2.3`, `1.2.3-rc.1+build`).
    Semver,
    /// A Git commit hash (7 to 40 hex digits).
    Hash,
    /// An RFC 3339 date and time (`2026-11-30T12:00:00Z`).
    Rfc3339,
    /// An SPDX license expression (`MIT`, `Apache-2.0 OR MIT`).
    Spdx,
    /// An e-mail address.
    Email,
}

declare_options! {
    /// Options of `label-schema`.
    pub struct LabelSchema {
        /// Labels the final image must carry, each with its format: `text`, `url`, `semver`, `hash`, `rfc3339`, `spdx` or `email`.
        pub required: BTreeMap<String, LabelFormat>,
        /// Also report labels that `required` does not list.
        pub strict: bool,
    }
}

impl LabelFormat {
    fn as_str(self) -> &'static str {
        match self {
            LabelFormat::Text => "text",
            LabelFormat::Url => "a URL",
            LabelFormat::Semver => "a semantic version",
            LabelFormat::Hash => "a Git commit hash",
            LabelFormat::Rfc3339 => "an RFC 3339 date and time",
            LabelFormat::Spdx => "an SPDX license expression",
            LabelFormat::Email => "an e-mail address",
        }
    }

    fn accepts(self, value: &str) -> bool {
        match self {
            LabelFormat::Text => true,
            LabelFormat::Url => url(value),
            LabelFormat::Semver => semver(value),
            LabelFormat::Hash => {
                (7..=40).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_hexdigit())
            }
            LabelFormat::Rfc3339 => rfc3339(value),
            LabelFormat::Spdx => spdx(value),
            LabelFormat::Email => email(value),
        }
    }
}

fn url(value: &str) -> bool {
    let Some((scheme, rest)) = value.split_once("://") else {
        return false;
    };
    !scheme.is_empty()
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
        && rest
            .split(['/', '?', '#'])
            .next()
            .is_some_and(|host| !host.is_empty() && !host.contains(char::is_whitespace))
}

fn number(part: &str) -> bool {
    !part.is_empty()
        && part.bytes().all(|b| b.is_ascii_digit())
        && (part == "0" || !part.starts_with('0'))
}

fn semver(value: &str) -> bool {
    let (core, build) = value.split_once('+').unwrap_or((value, ""));
    let (core, pre) = core.split_once('-').unwrap_or((core, ""));
    let ident = |s: &str| {
        s.split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
    };
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| number(p))
        && (pre.is_empty() || ident(pre))
        && (build.is_empty() || ident(build))
        && !value.ends_with(['-', '+'])
}

fn rfc3339(value: &str) -> bool {
    let bytes = value.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes
            .get(range)
            .is_some_and(|s| s.iter().all(u8::is_ascii_digit))
    };
    if value.len() < 20
        || !(digits(0..4) && bytes[4] == b'-' && digits(5..7) && bytes[7] == b'-' && digits(8..10))
        || !matches!(bytes[10], b'T' | b't' | b' ')
        || !(digits(11..13)
            && bytes[13] == b':'
            && digits(14..16)
            && bytes[16] == b':'
            && digits(17..19))
    {
        return false;
    }
    let mut rest = &value[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let n = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &fraction[n..];
    }
    match rest.as_bytes() {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => [h1, h2, m1, m2].iter().all(|b| b.is_ascii_digit()),
        _ => false,
    }
}

/// An SPDX expression's syntax: license ids (`LicenseRef-…` included)
/// joined by `AND`/`OR`, `WITH` an exception, in parentheses.
fn spdx(value: &str) -> bool {
    let tokens = spdx_tokens(value);
    let mut depth = 0i32;
    let mut expect_id = true;
    for token in &tokens {
        match *token {
            "(" if expect_id => depth += 1,
            ")" if !expect_id => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            "AND" | "OR" | "WITH" if !expect_id => expect_id = true,
            id if expect_id => {
                let id = id.strip_suffix('+').unwrap_or(id);
                if id.is_empty()
                    || !id
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
                {
                    return false;
                }
                expect_id = false;
            }
            _ => return false,
        }
    }
    !tokens.is_empty() && depth == 0 && !expect_id
}

/// The tokens of an SPDX expression: parentheses, and runs of other
/// characters between blanks.
fn spdx_tokens(value: &str) -> Vec<&str> {
    let mut tokens = Vec::new();
    let mut start = None;
    for (i, c) in value.char_indices() {
        let separator = c.is_whitespace() || c == '(' || c == ')';
        if separator && let Some(s) = start.take() {
            tokens.push(&value[s..i]);
        }
        if c == '(' || c == ')' {
            tokens.push(&value[i..i + 1]);
        } else if !separator && start.is_none() {
            start = Some(i);
        }
    }
    tokens.extend(start.map(|s| &value[s..]));
    tokens
}

fn email(value: &str) -> bool {
    let Some((local, domain)) = value.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && !local.contains(char::is_whitespace)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && domain
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
}

fn check(cx: &mut Context) {
    let Some(schema) = cx.options::<LabelSchema>() else {
        return;
    };
    let model = cx.model;
    let Some(last) = model.final_stage() else {
        return;
    };
    // The labels of the final image, inherited ones first.
    let labels: Vec<(&str, &str, crate::span::Span)> = model
        .chain(last)
        .into_iter()
        .rev()
        .flat_map(|stage| model.labels(stage))
        .map(|l| (l.key.as_str(), l.value.as_str(), l.span()))
        .collect();
    for (key, value, span) in &labels {
        match schema.required.get(*key) {
            Some(_) if value.is_empty() => {
                cx.report(*span, format!("label `{key}` is empty"))
                    .label("empty value")
                    .help("give the label a value, or remove it");
            }
            Some(format) if !value.contains('$') && !format.accepts(value) => {
                cx.report(*span, format!("label `{key}` is not {}", format.as_str()))
                    .label(format!("`{value}`"))
                    .help(format!("the schema wants {}", format.as_str()));
            }
            None if schema.strict => {
                cx.report(*span, format!("label `{key}` is not in the schema"))
                    .label("superfluous label")
                    .help("remove it, or add it to `[lints.label-schema] required`");
            }
            _ => {}
        }
    }
    let from = model.instruction(last.from).keyword().span;
    for key in schema.required.keys() {
        if !labels.iter().any(|(k, _, _)| k == key) {
            cx.report(from, format!("the final image has no `{key}` label"))
                .label("final stage")
                .help(format!("add `LABEL {key}=…`"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert!(semver("1.2.3") && semver("1.0.0-rc.1+b5") && !semver("1.2") && !semver("01.2.3"));
        assert!(rfc3339("2026-11-30T12:00:00Z") && rfc3339("2026-11-30T12:00:00.5+01:00"));
        assert!(!rfc3339("2026-11-30") && !rfc3339("2026-11-30T12:00:00"));
        assert!(
            spdx("MIT") && spdx("(Apache-2.0 OR MIT) AND GPL-2.0+ WITH Classpath-exception-2.0")
        );
        assert!(!spdx("MIT OR") && !spdx("(MIT") && !spdx("MIT/BSD"));
        assert!(url("https://github.com/x") && !url("github.com/x") && !url("https://"));
        assert!(email("a@b.io") && !email("a@b") && !email("a b@c.io"));
        assert!(LabelFormat::Hash.accepts("4bcff63") && !LabelFormat::Hash.accepts("xyz1234"));
    }
}
