//! Property tests of the whole pipeline on generated Dockerfile-like text:
//! the tree is lossless (every byte that is not whitespace belongs to a
//! directive, a comment or an instruction, so printing the nodes and the
//! whitespace between them gives the input back), and parse → model → every
//! lint → both reporters → the fix loop never panics.

use fromlint::check::check_source;
use fromlint::diagnostic::Applicability;
use fromlint::lints::Settings;
use fromlint::report::{FileReport, human, json};
use fromlint::span::Span;
use fromlint::syntax::parse;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

const FRAGMENTS: &[&str] = &[
    "FROM ",
    "RUN ",
    "COPY ",
    "ARG ",
    "ENV ",
    "CMD ",
    "ONBUILD ",
    "USER ",
    "HEALTHCHECK ",
    "python:3.12",
    "alpine",
    "node:latest",
    "gcr.io/distroless/static",
    "scratch",
    "@sha256:abc",
    " AS build",
    "--from=build ",
    "--platform=linux/arm64 ",
    "${PY:-3.12}",
    "$TAG",
    "pip install numpy==1.24 ",
    "apk add gcc ",
    "apt-get install -y curl ",
    "&& ",
    "<<EOF",
    "<<-EOF",
    "\nEOF\n",
    "\tEOF\n",
    "[\"a\", \"b\"]",
    "['x']",
    "# fromlint ignore=latest-tag\n",
    "# escape=`\n",
    "# syntax=x\n",
    "\\\n",
    "`\n",
    "\n",
    "\r\n",
    " ",
    "\t",
    "\u{feff}",
    "é",
    "😀",
    "\"",
    "'",
    "=",
    ":",
    "#",
    "\\",
];

fn fragments() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..60).prop_map(|parts| parts.concat())
}

/// Every byte outside the tree's nodes is whitespace (or the BOM).
fn check_lossless(text: &str) -> Result<(), TestCaseError> {
    let file = parse(text);
    let mut nodes: Vec<Span> = file.directives.iter().map(|d| d.span).collect();
    nodes.extend(file.comments.iter().map(|c| c.span));
    nodes.extend(file.instructions.iter().map(|i| i.span));
    nodes.sort();
    let mut printed = String::new();
    let mut cursor = 0;
    for span in nodes {
        let start = span.start().max(cursor);
        let gap = &text[cursor..start];
        let gap = gap.strip_prefix('\u{feff}').unwrap_or(gap);
        prop_assert!(
            gap.chars().all(char::is_whitespace),
            "bytes {cursor}..{start} ({gap:?}) belong to no node in {text:?}"
        );
        printed.push_str(&text[cursor..span.end().max(start)]);
        cursor = span.end().max(cursor);
    }
    let tail = &text[cursor..];
    prop_assert!(
        tail.strip_prefix('\u{feff}')
            .unwrap_or(tail)
            .chars()
            .all(char::is_whitespace),
        "tail {tail:?}"
    );
    printed.push_str(tail);
    prop_assert_eq!(printed, text);
    Ok(())
}

fn check_pipeline(text: &str) -> Result<(), TestCaseError> {
    let settings = Settings::default();
    let diagnostics = check_source(text, &settings);
    for d in &diagnostics {
        prop_assert!(
            d.span().end() <= text.len()
                && text.is_char_boundary(d.span().start())
                && text.is_char_boundary(d.span().end())
        );
        for edit in d.fix().iter().flat_map(|f| &f.edits) {
            prop_assert!(edit.span.end() <= text.len() && text.is_char_boundary(edit.span.start()));
        }
    }
    let report = FileReport {
        path: "Dockerfile".into(),
        source: text.to_string(),
        diagnostics,
    };
    human::render(&report, false, 80);
    json::render(std::slice::from_ref(&report));
    if let Ok(fixed) = fromlint::fix::fix_source(text, &settings, &|_| None, Applicability::Unsafe)
    {
        prop_assert!(parse(&fixed.text).errors.len() <= parse(text).errors.len());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(384))]

    #[test]
    fn the_tree_is_lossless(text in fragments()) {
        check_lossless(&text)?;
    }

    #[test]
    fn the_pipeline_never_panics(text in fragments()) {
        check_pipeline(&text)?;
    }

    #[test]
    fn arbitrary_text_never_panics(text in prop::collection::vec(any::<char>(), 0..200).prop_map(String::from_iter)) {
        check_lossless(&text)?;
        check_pipeline(&text)?;
    }
}
