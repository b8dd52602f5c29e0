//! Variable references in the instructions BuildKit expands itself (FROM,
//! ENV, LABEL, ARG, COPY, ADD, WORKDIR, USER, VOLUME, EXPOSE, STOPSIGNAL and
//! the flags of COPY/ADD/RUN), read with BuildKit's word rules: single
//! quotes keep `$` literal, the escape character escapes it, and `${NAME…}`
//! may carry a modifier (`:-`, `-`, `:+`, `+`, `:?`, `?`, `#`, `%`, `/`).
//! RUN, CMD, ENTRYPOINT and HEALTHCHECK are left to the shell.

use crate::span::Span;
use crate::syntax::{Instruction, Keyword, LogicalLine};

/// Build arguments every build defines without an `ARG`: the platform
/// arguments BuildKit sets (docs.docker.com, "Automatic platform ARGs in the
/// global scope"), the proxy arguments it predefines ("Predefined ARGs"),
/// and the `BUILDKIT_*` / `SOURCE_DATE_EPOCH` arguments it reads.
pub const BUILTIN_ARGS: &[&str] = &[
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDOSVERSION",
    "BUILDARCH",
    "BUILDVARIANT",
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETOSVERSION",
    "TARGETARCH",
    "TARGETVARIANT",
    "TARGETSTAGE",
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "FTP_PROXY",
    "ftp_proxy",
    "NO_PROXY",
    "no_proxy",
    "ALL_PROXY",
    "all_proxy",
    "BUILDKIT_CACHE_MOUNT_NS",
    "BUILDKIT_CONTEXT_KEEP_GIT_DIR",
    "BUILDKIT_INLINE_CACHE",
    "BUILDKIT_MULTI_PLATFORM",
    "BUILDKIT_SANDBOX_HOSTNAME",
    "BUILDKIT_SBOM_SCAN_CONTEXT",
    "BUILDKIT_SBOM_SCAN_STAGE",
    "SOURCE_DATE_EPOCH",
];

/// What the builtin platform arguments expand to in a check that needs a
/// value (any platform will do: the result must be valid for all).
pub fn builtin_sample(name: &str) -> Option<&'static str> {
    Some(match name {
        "BUILDPLATFORM" | "TARGETPLATFORM" => "linux/amd64",
        "BUILDOS" | "TARGETOS" => "linux",
        "BUILDARCH" | "TARGETARCH" => "amd64",
        "TARGETSTAGE" => "default",
        _ if BUILTIN_ARGS.contains(&name) => "",
        _ => return None,
    })
}

/// Whether every build defines `name` (a builtin argument, or `PATH`,
/// which BuildKit sets in every image's environment).
pub fn is_builtin(name: &str) -> bool {
    name == "PATH" || BUILTIN_ARGS.contains(&name)
}

/// A `$NAME` or `${NAME…}` in an instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VarRef {
    pub name: String,
    /// The whole reference (`${NAME:-x}`), or the flag it is in when the
    /// flag is not written plainly.
    pub span: Span,
    /// Written with a modifier that handles an unset variable (`${NAME:-x}`,
    /// `${NAME-x}`, `${NAME:+x}`, `${NAME+x}`, `${NAME:?x}`, `${NAME?x}`).
    pub guarded: bool,
}

/// The references of `text`, as byte ranges of it.
pub fn refs_in(text: &str, escape: char) -> Vec<(String, usize, usize, bool)> {
    let mut out = Vec::new();
    // Only a `$` starts a reference.
    if !text.contains('$') {
        return out;
    }
    scan(text, 0, escape, &mut out, 0);
    out
}

fn is_name(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Scans `text` from byte `at`; returns where it stopped (the end, or a
/// `}` closing an enclosing `${…}` when `depth > 0`).
fn scan(
    text: &str,
    mut at: usize,
    escape: char,
    out: &mut Vec<(String, usize, usize, bool)>,
    depth: usize,
) -> usize {
    let mut single = false;
    let mut double = false;
    // Byte by byte: every character that matters is ASCII (the parser
    // takes only `\\` or `` ` `` as the escape), and no byte of a longer
    // character is.
    let escape = u8::try_from(escape).unwrap_or(b'\\');
    let bytes = text.as_bytes();
    while let Some(&b) = bytes.get(at) {
        match b {
            b'\'' if !double => single = !single,
            b'"' if !single => double = !double,
            b'}' if depth > 0 && !single && !double => return at,
            b if b == escape && !single => {
                at += 1;
                if let Some(next) = text[at..].chars().next() {
                    at += next.len_utf8();
                }
                continue;
            }
            b'$' if !single => {
                at = dollar(text, at, escape as char, out, depth);
                continue;
            }
            _ => {}
        }
        at += 1;
    }
    text.len()
}

/// Reads the reference at the `$` at `start`; returns the offset after it.
fn dollar(
    text: &str,
    start: usize,
    escape: char,
    out: &mut Vec<(String, usize, usize, bool)>,
    depth: usize,
) -> usize {
    let rest = &text[start + 1..];
    if let Some(inner) = rest.strip_prefix('{') {
        let name_len = inner.find(|c| !is_name(c)).unwrap_or(inner.len());
        let name = &inner[..name_len];
        let after = start + 2 + name_len;
        let modifier = text[after..].chars().next();
        let guarded = match modifier {
            Some(':') => matches!(text[after + 1..].chars().next(), Some('-' | '+' | '?')),
            Some('-' | '+' | '?') => true,
            _ => false,
        };
        // The word after the modifier may name variables too.
        let end = match modifier {
            Some('}') | None => after,
            Some(_) if depth < 8 => scan(text, after, escape, out, depth + 1),
            Some(_) => text[after..].find('}').map_or(text.len(), |i| after + i),
        };
        let close = if text[end..].starts_with('}') {
            end + 1
        } else {
            end
        };
        if !name.is_empty() && !name.starts_with(|c: char| c.is_ascii_digit()) {
            out.push((name.to_string(), start, close, guarded));
        }
        return close.max(start + 1);
    }
    let name_len = rest.find(|c| !is_name(c)).unwrap_or(rest.len());
    let name = &rest[..name_len];
    if !name.is_empty() && !name.starts_with(|c: char| c.is_ascii_digit()) {
        out.push((name.to_string(), start, start + 1 + name_len, false));
    }
    start + 1 + name_len
}

/// The references in the logical range `start..end` of `line`, with
/// source spans.
pub(super) fn refs_in_line(
    line: &LogicalLine,
    start: usize,
    end: usize,
    escape: char,
) -> Vec<VarRef> {
    let text = line.text();
    let Some(text) = text.get(start..end) else {
        return Vec::new();
    };
    refs_in(text, escape)
        .into_iter()
        .map(|(name, s, e, guarded)| VarRef {
            name,
            span: line.source_span(start + s, start + e),
            guarded,
        })
        .collect()
}

/// The references in a flag's value (quotes removed), located in the flag
/// when it is written plainly, at the whole flag otherwise.
fn refs_in_flag(flag: &crate::syntax::Flag, escape: char) -> Vec<VarRef> {
    let exact = flag.span.len() == flag.text.len();
    refs_in(&flag.text, escape)
        .into_iter()
        .map(|(name, s, e, guarded)| VarRef {
            name,
            span: if exact {
                Span::new(flag.span.start() + s, flag.span.start() + e)
            } else {
                flag.span
            },
            guarded,
        })
        .collect()
}

/// The variables BuildKit expands in instruction `instruction` of a stage
/// (not `ONBUILD`, whose instruction runs in another build).
pub(super) fn expanded_refs(instruction: &Instruction, escape: char) -> Vec<VarRef> {
    let flags: &[&str] = match instruction.kind {
        Keyword::Copy | Keyword::Add => &["chown", "chmod", "checksum"],
        Keyword::Run => &["mount"],
        _ => &[],
    };
    let mut refs: Vec<VarRef> = instruction
        .flags()
        .iter()
        .filter(|f| flags.contains(&f.name.as_str()))
        .flat_map(|f| refs_in_flag(f, escape))
        .collect();
    let expands_args = matches!(
        instruction.kind,
        Keyword::Env
            | Keyword::Label
            | Keyword::Arg
            | Keyword::Copy
            | Keyword::Add
            | Keyword::Workdir
            | Keyword::User
            | Keyword::Volume
            | Keyword::Expose
            | Keyword::Stopsignal
    );
    if expands_args {
        let start = instruction.args_offset();
        refs.extend(refs_in_line(
            &instruction.line,
            start,
            start + instruction.args.len(),
            escape,
        ));
    }
    refs
}

/// The `FROM` references: the image word's and the `--platform` value's.
pub(super) fn from_refs(instruction: &Instruction, escape: char) -> Vec<VarRef> {
    let mut refs: Vec<VarRef> = instruction
        .flags()
        .iter()
        .filter(|f| f.name == "platform")
        .flat_map(|f| refs_in_flag(f, escape))
        .collect();
    if let Some(word) = instruction.words().first() {
        let start = super::words_offset(instruction, instruction.args_offset());
        refs.extend(refs_in_line(
            &instruction.line,
            start,
            start + word.text.len(),
            escape,
        ));
    }
    refs
}

/// Comparisons left for "did you mean" in one file: each name a lint makes
/// a suggestion for is compared with every name it knows, so a file of
/// thousands of unknown names against thousands of known ones stays linear.
#[derive(Debug)]
pub struct SuggestionBudget {
    left: usize,
}

impl Default for SuggestionBudget {
    fn default() -> SuggestionBudget {
        SuggestionBudget { left: 1 << 20 }
    }
}

impl SuggestionBudget {
    /// Whether any comparisons are left.
    pub fn lasts(&self) -> bool {
        self.left > 0
    }

    /// Charges `comparisons`; whether any are left after them.
    pub fn spend(&mut self, comparisons: usize) -> bool {
        self.left = self.left.saturating_sub(comparisons);
        self.lasts()
    }
}

/// The name in `known` that `name` is most likely a misspelling of: the
/// same name in another case, or the nearest by edit distance (at most a
/// third of its length).
pub fn suggest<'k>(name: &str, known: impl IntoIterator<Item = &'k str>) -> Option<&'k str> {
    let mut best: Option<(usize, &str)> = None;
    for candidate in known {
        if candidate == name {
            continue;
        }
        // The distance is at least the difference in length: skip a
        // candidate that could not be near enough, or nearer than the best.
        let least = name.chars().count().abs_diff(candidate.chars().count());
        if least * 3 > name.len().max(3) || best.is_some_and(|(d, _)| least >= d) {
            continue;
        }
        let distance = if candidate.eq_ignore_ascii_case(name) {
            0
        } else {
            strsim::damerau_levenshtein(name, candidate)
        };
        if distance * 3 <= name.len().max(3) && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_follow_buildkit_quoting() {
        let names = |text: &str| -> Vec<(String, bool)> {
            refs_in(text, '\\')
                .into_iter()
                .map(|(n, _, _, g)| (n, g))
                .collect()
        };
        assert_eq!(
            names("a=$A b='$B' c=\"$C\" \\$D ${E:-$F} ${G} $1 ${H%x}"),
            [
                ("A".to_string(), false),
                ("C".to_string(), false),
                ("F".to_string(), false),
                ("E".to_string(), true),
                ("G".to_string(), false),
                ("H".to_string(), false),
            ]
        );
        let refs = refs_in("x${A:+y}z", '\\');
        assert_eq!((refs[0].1, refs[0].2), (1, 8));
        // Unclosed and odd input does not panic.
        for text in ["${", "${A", "$", "${:}", "${A:-${B", "'$A", "é$é"] {
            let _ = refs_in(text, '\\');
        }
    }

    #[test]
    fn suggestions_are_near_misses() {
        let known = ["PATH", "APP_HOME", "VERSION"];
        assert_eq!(suggest("PAHT", known), Some("PATH"));
        assert_eq!(suggest("version", known), Some("VERSION"));
        assert_eq!(suggest("NODE_ENV", known), None);
    }
}
