//! Property tests for `fromlint::syntax::parse`: it never panics, every span
//! it returns is a valid slice of the input, instructions come in source
//! order without overlapping, and large or deeply continued inputs parse.

use fromlint::span::Span;
use fromlint::syntax::{Dockerfile, Instruction, parse};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

/// Pieces of Dockerfile syntax that meet in the parser's trickier paths.
const FRAGMENTS: &[&str] = &[
    "FROM ",
    "RUN ",
    "COPY ",
    "ADD ",
    "ENV ",
    "ARG ",
    "LABEL ",
    "CMD ",
    "ENTRYPOINT ",
    "ONBUILD ",
    "HEALTHCHECK ",
    "SHELL ",
    "VOLUME ",
    "EXPOSE ",
    "WORKDIR ",
    "run ",
    "NONE ",
    "AS ",
    "alpine",
    "x",
    "a=b",
    "A=",
    "--mount=type=cache,target=/x ",
    "--from=build ",
    "-- ",
    " ",
    "\t",
    "\\",
    "\\\n",
    "\\ \n",
    "`",
    "`\n",
    "\\\\",
    "<<EOF",
    "<<-EOF",
    "<<'EOF'",
    "<<\"E O\"",
    "3<<A",
    "EOF",
    "\tEOF",
    "A",
    "#",
    "# escape=`\n",
    "# escape=\\\n",
    "# syntax=x\n",
    "# check=skip=all\n",
    "'",
    "\"",
    "[",
    "]",
    "[\"a\"]",
    "[\"a\", 1]",
    ",",
    "{",
    "}",
    "${x}",
    "${x:-a b}",
    "${",
    "$",
    "\n",
    "\n",
    "\n",
    "\r\n",
    "\r",
    "\u{feff}",
    "é",
    "日本",
    "😀",
    "\u{a0}",
    "\u{85}",
    "\u{b}",
    "\\u00e9",
    "\\ud800",
    "\\\"",
    "=",
    ":",
];

fn fragments() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..80).prop_map(|parts| parts.concat())
}

fn arbitrary_text() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..300).prop_map(String::from_iter)
}

/// Every span the tree holds, with a name for failure messages.
fn spans(file: &Dockerfile) -> Vec<(String, Span)> {
    let mut all = Vec::new();
    for directive in &file.directives {
        all.push((format!("directive {}", directive.name), directive.span));
        all.push((
            format!("directive {} value", directive.name),
            directive.value.span,
        ));
    }
    for comment in &file.comments {
        all.push(("comment".to_string(), comment.span));
    }
    for error in &file.errors {
        all.push((format!("error {:?}", error.message), error.span));
    }
    for (index, instruction) in file.instructions.iter().enumerate() {
        instruction_spans(&format!("instruction {index}"), instruction, &mut all);
    }
    all
}

fn instruction_spans(name: &str, instruction: &Instruction, all: &mut Vec<(String, Span)>) {
    all.push((name.to_string(), instruction.span));
    all.push((format!("{name} keyword"), instruction.keyword().span));
    all.push((format!("{name} args"), instruction.args.span));
    for flag in instruction.flags() {
        all.push((format!("{name} flag {}", flag.name), flag.span));
    }
    for heredoc in instruction.heredocs() {
        all.push((format!("{name} heredoc marker"), heredoc.marker));
        all.push((format!("{name} heredoc body"), heredoc.body));
        all.push((format!("{name} heredoc terminator"), heredoc.terminator));
    }
    for word in instruction.words() {
        all.push((format!("{name} word"), word.span));
    }
    if let Some(inner) = instruction.onbuild() {
        instruction_spans(&format!("{name} (ONBUILD)"), inner, all);
    }
}

/// The invariants every parse must satisfy.
fn check(text: &str) -> Result<(), TestCaseError> {
    let file = parse(text);
    for (name, span) in spans(&file) {
        prop_assert!(
            span.start() <= span.end() && span.end() <= text.len(),
            "{name} {span:?} is not within 0..{}",
            text.len()
        );
        prop_assert!(
            text.is_char_boundary(span.start()) && text.is_char_boundary(span.end()),
            "{name} {span:?} is not on char boundaries"
        );
    }
    for instruction in &file.instructions {
        let inside = |span: Span| {
            instruction.span.start() <= span.start() && span.end() <= instruction.span.end()
        };
        prop_assert!(
            inside(instruction.keyword().span),
            "keyword outside its instruction"
        );
        prop_assert!(
            inside(instruction.args.span),
            "arguments outside their instruction"
        );
        prop_assert!(instruction.start_line <= instruction.end_line);
    }
    for pair in file.instructions.windows(2) {
        prop_assert!(
            pair[0].span.end() <= pair[1].span.start(),
            "instructions overlap or are out of order: {:?} then {:?}",
            pair[0].span,
            pair[1].span
        );
        prop_assert!(
            pair[0].end_line < pair[1].start_line,
            "line numbers out of order"
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_strings_parse_into_valid_spans(text in arbitrary_text()) {
        check(&text)?;
    }

    #[test]
    fn dockerfile_fragments_parse_into_valid_spans(text in fragments()) {
        check(&text)?;
    }

    #[test]
    fn fragments_after_a_valid_header_parse_into_valid_spans(text in fragments()) {
        check(&format!("# syntax=docker/dockerfile:1\nFROM alpine\n{text}"))?;
    }
}

/// A deterministic pseudo-random generator (xorshift), so the large input is
/// the same on every run without storing it.
struct XorShift(u64);

impl XorShift {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// Whole statements for the large input, heredocs terminated (an
/// unterminated one would swallow the rest of the file).
const BLOCKS: &[&str] = &[
    "RUN apt-get update \\\n    && apt-get install -y curl \\\n    # a comment\n\n    && rm -rf /var/lib/apt/lists/*\n",
    "RUN --mount=type=cache,target=/root/.cache pip install -r requirements.txt\n",
    "COPY --from=build --chown=1000:1000 /src/app /usr/local/bin/app\n",
    "RUN <<EOF\nset -e\necho \"heredoc body\"\nEOF\n",
    "COPY <<-EOT /etc/motd\n\tHello\n\tEOT\n",
    "ENV A=1 B=\"two words\" C='three \\\n    words'\n",
    "LABEL org.opencontainers.image.title=\"x\" description=\"caf\u{e9} \u{65e5}\u{672c}\"\n",
    "CMD [\"python\", \"-m\", \"app\", \"\\u00e9\"]\n",
    "HEALTHCHECK --interval=5s CMD [\"curl\", \"-f\", \"http://localhost/\"]\n",
    "ONBUILD RUN echo built\n",
    "FROM python:3.12-slim AS final\r\n",
];

#[test]
fn a_five_megabyte_file_parses() {
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    let loose: Vec<&str> = FRAGMENTS
        .iter()
        .copied()
        .filter(|f| !f.contains("<<"))
        .collect();
    let mut text = String::from("FROM alpine\n");
    while text.len() < 5 * 1024 * 1024 {
        if rng.below(4) == 0 {
            for _ in 0..=rng.below(12) {
                text.push_str(loose[rng.below(loose.len())]);
            }
            text.push('\n');
        } else {
            text.push_str(BLOCKS[rng.below(BLOCKS.len())]);
        }
    }
    let file = parse(&text);
    assert!(file.instructions.len() > 50_000);
}

#[test]
fn many_heredocs_parse() {
    let terminated: String = (0..20_000)
        .map(|i| format!("RUN <<EOF{i}\necho {i}\nEOF{i}\n"))
        .collect();
    // Unterminated, each heredoc runs to the end of the file, as in BuildKit.
    let unterminated: String = (0..20_000)
        .map(|i| format!("RUN cat <<A{i} <<B{i}\n"))
        .collect();
    let source = format!("FROM alpine\n{terminated}{unterminated}");
    let file = parse(&source);
    assert_eq!(file.instructions.len(), 20_002);
    assert_eq!(file.instructions[20_001].heredocs().len(), 2);
}

#[test]
fn fifty_thousand_continuation_lines_parse() {
    let mut text = String::from("FROM alpine\nRUN echo start \\\n");
    for i in 0..50_000 {
        text.push_str(&format!("    && echo {i} \\\n"));
    }
    text.push_str("    && echo end\n");
    let file = parse(&text);
    assert_eq!(file.instructions.len(), 2);
    assert_eq!(file.instructions[1].end_line, 50_003);
}

#[test]
fn deep_nesting_parses() {
    let json = format!("CMD [{}{}]\n", "[".repeat(100_000), "]".repeat(100_000));
    let braces = format!(
        "RUN echo {}{} <<EOF\nEOF\n",
        "${a:-".repeat(100_000),
        "}".repeat(100_000)
    );
    let source = format!("FROM alpine\n{json}{braces}");
    let file = parse(&source);
    assert_eq!(file.instructions.len(), 3);
    assert_eq!(file.instructions[2].heredocs().len(), 1);
}
