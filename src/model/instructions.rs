//! Typed readings of single instructions that lints share: the ports of
//! `EXPOSE`, the `--platform` of `FROM`, the path of `WORKDIR`, the operands
//! of `COPY`/`ADD`, the pairs of `ENV`/`LABEL` and the text of `MAINTAINER`.
//! Each is read once here, with spans, so no lint splits an instruction's
//! text itself.

use crate::grouped::Grouped;
use crate::span::{Span, narrow};
use crate::syntax::{Flag, Form, Instruction, Keyword, ShellWord, Token};
use crate::text::Text;
use std::borrow::Cow;

/// The words of every `ARG` and `ENV` (`ONBUILD` ones included), split
/// once the way BuildKit splits them: the model's variables, the global
/// ARGs and the lints that read names and values all start from them. One
/// vector for the file, so a file of many definitions is not as many
/// allocations.
#[derive(Debug, Default)]
pub(super) struct Definitions {
    /// The words of each instruction.
    words: Grouped<ShellWord>,
}

impl Definitions {
    pub(super) fn new(instructions: &[Instruction], escape: char) -> Definitions {
        let mut words = Grouped::with_capacity(instructions.len(), 0);
        for (index, instruction) in instructions.iter().enumerate() {
            let instruction = instruction.effective();
            if matches!(instruction.kind, Keyword::Arg | Keyword::Env) {
                words.push(index, instruction.shell_words(escape));
            }
        }
        Definitions {
            words: words.finish(instructions.len()),
        }
    }

    /// The words of instruction `index` (empty but for ARG and ENV).
    pub(super) fn of(&self, index: usize) -> &[ShellWord] {
        self.words.get(index)
    }
}

/// One port word of `EXPOSE`, split the way BuildKit reads it
/// (`[host:]port[-end][/proto]`).
#[derive(Debug, Clone)]
pub struct ExposedPort {
    /// Index of the EXPOSE instruction (the `ONBUILD` wrapping it included).
    pub instruction: usize,
    /// The word as written.
    pub text: String,
    pub span: Span,
    /// Whether the word expands a variable anywhere.
    pub variable: bool,
    /// The host address or port before the last `:`, when there is one.
    pub host: Option<String>,
    /// The container port or range: after the last `:`, up to the first `/`.
    pub port: String,
    /// The protocol after the last `/`.
    pub proto: Option<String>,
    /// The protocol's span, when the word is written without continuation
    /// or escapes (so the span holds exactly the protocol).
    pub proto_span: Option<Span>,
}

impl ExposedPort {
    /// The numbers of the port or range (`None` for a part that is not a
    /// number).
    pub fn numbers(&self) -> Vec<Option<u64>> {
        self.port.split('-').map(|p| p.parse().ok()).collect()
    }
}

/// The ports of an EXPOSE instruction at `index`.
pub(super) fn exposed_ports(index: usize, instruction: &Instruction) -> Vec<ExposedPort> {
    let instruction = instruction.effective();
    if instruction.kind != Keyword::Expose {
        return Vec::new();
    }
    instruction
        .words()
        .into_iter()
        .map(|word| {
            let text = String::from(word.text);
            let (host, container) = match text.rsplit_once(':') {
                Some((host, port)) => (Some(host.to_string()), port),
                None => (None, text.as_str()),
            };
            let port = container.split('/').next().unwrap_or_default().to_string();
            let proto = text.rfind('/').map(|slash| text[slash + 1..].to_string());
            let exact = word.span.len() == text.len();
            let proto_span = proto
                .as_ref()
                .filter(|_| exact)
                .map(|p| Span::new(word.span.end() - p.len(), word.span.end()));
            ExposedPort {
                instruction: index,
                variable: text.contains('$'),
                host,
                port,
                proto,
                proto_span,
                span: word.span,
                text,
            }
        })
        .collect()
}

/// What a `FROM --platform=` value says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlatformKind {
    /// Exactly `$TARGETPLATFORM` (or `${TARGETPLATFORM}`): the default.
    Target,
    /// Another value naming `BUILDPLATFORM` or `TARGETPLATFORM`.
    BuildOrTarget,
    /// Another variable: fixed per build.
    Variable,
    /// A constant (`linux/amd64`).
    Constant,
}

/// The `--platform` flag of a `FROM`.
#[derive(Debug, Clone)]
pub struct PlatformFlag {
    pub value: String,
    pub kind: PlatformKind,
    /// The flag as written.
    pub span: Span,
    /// The flag and the blanks after it: what removing it deletes.
    pub removal: Span,
}

pub(super) fn platform_flag(instruction: &Instruction, source: &str) -> Option<PlatformFlag> {
    let flag = instruction.flag("platform")?;
    let value = flag.value.clone().unwrap_or_default();
    let kind = if matches!(value.as_str(), "$TARGETPLATFORM" | "${TARGETPLATFORM}") {
        PlatformKind::Target
    } else if value.contains("BUILDPLATFORM") || value.contains("TARGETPLATFORM") {
        PlatformKind::BuildOrTarget
    } else if value.contains('$') {
        PlatformKind::Variable
    } else {
        PlatformKind::Constant
    };
    let after = source.get(flag.span.end()..).unwrap_or("");
    let blanks = after.len() - after.trim_start_matches([' ', '\t']).len();
    Some(PlatformFlag {
        value,
        kind,
        span: flag.span,
        removal: Span::new(flag.span.start(), flag.span.end() + blanks),
    })
}

/// The path of a `WORKDIR`.
#[derive(Debug, Clone)]
pub struct WorkdirPath {
    /// The path with surrounding quotes removed.
    pub path: String,
    /// Whether it was written in quotes.
    pub quoted: bool,
    pub span: Span,
}

impl WorkdirPath {
    /// Whether the path is relative to the previous working directory: not
    /// absolute, not a Windows drive path, not starting with a variable.
    pub fn is_relative(&self) -> bool {
        let path = &self.path;
        let windows = path.len() >= 2 && path.as_bytes()[1] == b':';
        !(path.is_empty() || path.starts_with(['/', '$', '\\']) || windows)
    }
}

pub(super) fn workdir_path(instruction: &Instruction) -> Option<WorkdirPath> {
    if instruction.kind != Keyword::Workdir {
        return None;
    }
    let args = instruction.args_text();
    let raw = args.trim();
    Some(WorkdirPath {
        path: raw.trim_matches(['"', '\'']).to_string(),
        quoted: raw.contains(['"', '\'']),
        span: instruction.args.span,
    })
}

/// The operands of a `COPY` or `ADD`.
#[derive(Debug, Clone, Default)]
pub struct CopyOperands {
    /// Source paths as written (none for heredoc sources).
    pub sources: Vec<String>,
    pub dest: Option<String>,
    /// The destination's span in shell form, when written exactly (no
    /// continuation or escape inside it).
    pub dest_span: Option<Span>,
    /// Each source's span in shell form (as written; `None` in exec form).
    pub source_spans: Vec<Option<Span>>,
}

/// Source paths and destination of a COPY or ADD (shell or exec form).
pub fn copy_operands(instruction: &Instruction) -> CopyOperands {
    let (mut words, tokens): (Vec<String>, Vec<Token>) = match &instruction.form {
        Form::Exec(args) => (args.to_vec(), Vec::new()),
        Form::Shell => {
            let tokens = instruction.words();
            (tokens.iter().map(|t| t.text.to_string()).collect(), tokens)
        }
    };
    let dest_span = tokens
        .last()
        .filter(|t| t.span.len() == t.text.len())
        .map(|t| t.span);
    let dest = words.pop();
    if !instruction.heredocs().is_empty() {
        words.clear();
    }
    let source_spans = (0..words.len())
        .map(|i| tokens.get(i).map(|t| t.span))
        .collect();
    CopyOperands {
        sources: words,
        dest,
        dest_span,
        source_spans,
    }
}

/// A `KEY=value` pair of `ENV` or `LABEL` (or the one pair of the legacy
/// `KEY value` form).
#[derive(Debug, Clone)]
pub struct KeyValue {
    /// Key and value with quotes and escapes removed (kept inline when
    /// short: a file of LABEL lines is mostly these).
    pub key: Text,
    pub value: Text,
    /// The instruction's index in 32 bits, read through
    /// [`KeyValue::instruction`], beside the pair's word (the key's word in
    /// the legacy form, [`KeyValue::span`]): 64 bytes a pair instead of 72
    /// (inputs are at most 64 MiB, `input::MAX_FILE`).
    instruction: u32,
    span: Span,
}

impl KeyValue {
    fn new(instruction: usize, key: Text, value: Text, span: Span) -> KeyValue {
        KeyValue {
            key,
            value,
            instruction: narrow(instruction),
            span,
        }
    }

    /// Index of the instruction.
    pub fn instruction(&self) -> usize {
        self.instruction as usize
    }

    /// The pair's word (the key's word in the legacy form).
    pub fn span(&self) -> Span {
        self.span
    }
}

/// An `ENV`/`LABEL` in the legacy `KEY value` form.
#[derive(Debug, Clone)]
pub struct LegacyPair {
    /// The key as written, and its span.
    pub key: Token,
    /// The value as written in the source (continuations included) and
    /// its span; `None` when there is no value.
    pub value: Option<Token>,
}

/// The pairs of an `ENV` or `LABEL` (the wrapped one for `ONBUILD`), and
/// whether it uses the legacy form.
pub(super) fn key_values(
    index: usize,
    instruction: &Instruction,
    definitions: &Definitions,
    escape: char,
    source: &str,
) -> (Vec<KeyValue>, Option<LegacyPair>) {
    let instruction = instruction.effective();
    let label_words;
    let words = match instruction.kind {
        Keyword::Env => definitions.of(index),
        Keyword::Label => {
            label_words = instruction.shell_words(escape);
            &label_words[..]
        }
        _ => return (Vec::new(), None),
    };
    let Some(first) = words.first() else {
        return (Vec::new(), None);
    };
    if !first.raw.text.contains('=') {
        let value_span = words
            .last()
            .filter(|_| words.len() >= 2)
            .map(|last| Span::new(words[1].raw.span.start(), last.raw.span.end()));
        let value = value_span.and_then(|span| {
            Some(Token {
                text: source.get(span.start()..span.end())?.into(),
                span,
            })
        });
        let rest: Vec<&str> = words[1..].iter().map(|w| w.raw.text.as_str()).collect();
        let pair = KeyValue::new(
            index,
            unquoted(&first.raw.text),
            unquoted(&rest.join(" ")),
            first.raw.span,
        );
        let legacy = LegacyPair {
            key: first.raw.clone(),
            value,
        };
        return (vec![pair], Some(legacy));
    }
    let pairs = words
        .iter()
        .filter_map(|w| {
            let (key, value) = w.raw.text.split_once('=')?;
            Some(KeyValue::new(
                index,
                unquoted(key),
                unquoted(value),
                w.raw.span,
            ))
        })
        .collect();
    (pairs, None)
}

/// `value` with quotes and escapes removed ([`super::facts::unquote`]),
/// copied only once.
fn unquoted(value: &str) -> Text {
    if value.contains(['"', '\'', '\\']) {
        super::facts::unquote(value).into()
    } else {
        value.into()
    }
}

/// The text of a `MAINTAINER` (`None` for other instructions).
pub(super) fn maintainer<'s>(instruction: &Instruction<'s>) -> Option<Cow<'s, str>> {
    (instruction.kind == Keyword::Maintainer).then(|| match instruction.args_text() {
        Cow::Borrowed(text) => Cow::Borrowed(text.trim()),
        Cow::Owned(text) => Cow::Owned(text.trim().to_string()),
    })
}

/// The span of a `--from=` value (of `COPY --from` or a mount's `from=`)
/// when the flag is written without quotes, escapes or continuations.
pub(super) fn flag_value_span(flag: &Flag, value: &str) -> Option<Span> {
    if flag.span.len() != flag.text.len() || value.is_empty() {
        return None;
    }
    let at = flag.text.rfind(value)?;
    Some(Span::new(
        flag.span.start() + at,
        flag.span.start() + at + value.len(),
    ))
}

#[cfg(test)]
mod tests {
    use crate::model::{Model, PlatformKind};
    use crate::syntax::parse;

    fn model(source: &str) -> Model<'_> {
        Model::new(source, parse(source))
    }

    #[test]
    fn ports_split_host_port_and_protocol() {
        let m = model("FROM a\nEXPOSE 127.0.0.1:8080:80/TCP 8000-8010 $P/udp\n");
        let ports = m.exposed_ports();
        assert_eq!(ports.len(), 3);
        assert_eq!(ports[0].host.as_deref(), Some("127.0.0.1:8080"));
        assert_eq!(ports[0].port, "80");
        assert_eq!(ports[0].proto.as_deref(), Some("TCP"));
        let span = ports[0].proto_span.unwrap();
        assert_eq!(&m.source[span.start()..span.end()], "TCP");
        assert_eq!(ports[1].numbers(), [Some(8000), Some(8010)]);
        assert!(ports[2].variable && ports[2].host.is_none());
    }

    #[test]
    fn platform_flags_are_classified_once() {
        let m = model(
            "FROM --platform=$TARGETPLATFORM  a\nFROM --platform=${BUILDPLATFORM:-x} b\n\
             FROM --platform=$P c\nFROM --platform=linux/amd64 d\nFROM e\n",
        );
        let kinds: Vec<_> = m
            .stages
            .iter()
            .map(|s| s.platform_flag.as_ref().map(|f| f.kind))
            .collect();
        use PlatformKind::*;
        assert_eq!(
            kinds,
            [
                Some(Target),
                Some(BuildOrTarget),
                Some(Variable),
                Some(Constant),
                None
            ]
        );
        let removal = m.stages[0].platform_flag.as_ref().unwrap().removal;
        assert_eq!(
            &m.source[removal.start()..removal.end()],
            "--platform=$TARGETPLATFORM  "
        );
    }

    #[test]
    fn mounts_are_stage_graph_edges() {
        let m = model(
            "FROM alpine AS deps\nRUN x\nFROM alpine AS unused\nFROM alpine\n\
             RUN --mount=from=deps,target=/d y\nRUN --mount=type=bind,from=busybox:1.37 z\n",
        );
        let last = &m.stages[2];
        assert_eq!(last.mounts_from.len(), 2);
        assert_eq!(last.mounts_from[0].stage, Some(0));
        assert!(last.mounts_from[1].image.is_some());
        assert!(m.is_used(&m.stages[0]) && m.is_builder(&m.stages[0]));
        assert!(!m.is_used(&m.stages[1]) && !m.is_builder(&m.stages[1]));
        assert_eq!(m.users_of(&m.stages[0]).count(), 1);
    }

    #[test]
    fn exec_form_shell_scripts_are_parsed_with_spans() {
        let source = "FROM alpine\nRUN [\"sh\", \"-c\", \"echo \\\"a\\\" && apk add \\u0067it\"]\n";
        let m = model(source);
        let commands = m.run_commands(1);
        let names: Vec<_> = commands.iter().filter_map(|c| c.name()).collect();
        assert_eq!(names, ["echo", "apk"]);
        let git = &commands[1].args()[1];
        assert_eq!(git.text, "git");
        let span = git.value_span();
        assert_eq!(&source[span.start()..span.end()], "\\u0067it");
        // Not a shell: nothing is parsed.
        let m = model("FROM alpine\nRUN [\"echo\", \"apk add x\"]\n");
        assert!(m.run_commands(1).is_empty());
    }

    #[test]
    fn legacy_pairs_and_labels() {
        let m = model(
            "FROM a\nLABEL maintainer \"Jane Doe\"\nLABEL a=1 \"b\"=\"two words\"\nENV K=v\n",
        );
        assert_eq!(m.legacy_pairs().len(), 1);
        let labels: Vec<_> = m
            .labels(&m.stages[0])
            .map(|l| (l.key.as_str(), l.value.as_str()))
            .collect();
        assert_eq!(
            labels,
            [("maintainer", "Jane Doe"), ("a", "1"), ("b", "two words")]
        );
        assert_eq!(m.key_values().len(), 4);
    }
}
