//! Quick fixes: the lints' own fixes (safe ones preferred) and pragmas that
//! ignore a lint for one instruction or for the file.

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, TextEdit, WorkspaceEdit,
};

use super::convert::Text;
use crate::check::check_source;
use crate::diagnostic::{Applicability, Diagnostic};
use crate::lints::Settings;
use crate::span::Span;
use crate::syntax::{self, Dockerfile};

pub fn code_actions(
    params: &CodeActionParams,
    source: &str,
    settings: &Settings,
) -> Vec<CodeActionOrCommand> {
    let text = Text::new(source);
    let wanted = Span::new(
        text.offset(params.range.start),
        text.offset(params.range.end),
    );
    let file = syntax::parse(source);
    let uri = &params.text_document.uri;
    let mut actions = Vec::new();
    for diagnostic in check_source(source, settings) {
        let touches =
            diagnostic.span().start() <= wanted.end() && wanted.start() <= diagnostic.span().end();
        if !touches {
            continue;
        }
        let lsp_diagnostic = super::to_lsp(&diagnostic, &text, uri);
        let action = |title: String, edits: Vec<TextEdit>, preferred: bool| {
            CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![lsp_diagnostic.clone()]),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(uri.clone(), edits)])),
                    ..WorkspaceEdit::default()
                }),
                is_preferred: preferred.then_some(true),
                ..CodeAction::default()
            })
        };
        if let Some(fix) = diagnostic
            .fix()
            .as_ref()
            .filter(|f| f.applicability >= Applicability::Unsafe)
        {
            let edits = fix
                .edits
                .iter()
                .map(|e| TextEdit::new(text.range(e.span), e.replacement.to_string()))
                .collect();
            let title = match fix.applicability {
                Applicability::Safe => fix.title.to_string(),
                _ => format!("{} (unsafe)", fix.title),
            };
            actions.push(action(
                title,
                edits,
                fix.applicability == Applicability::Safe,
            ));
        }
        if let Some((at, pragma)) = ignore_here(&file, source, &diagnostic) {
            let edit = TextEdit::new(text.range(Span::new(at, at)), pragma);
            actions.push(action(
                format!("Ignore `{}` for this instruction", diagnostic.lint()),
                vec![edit],
                false,
            ));
        }
        let (at, pragma) = ignore_in_file(&file, source, diagnostic.lint());
        let edit = TextEdit::new(text.range(Span::new(at, at)), pragma);
        actions.push(action(
            format!("Ignore `{}` in this file", diagnostic.lint()),
            vec![edit],
            false,
        ));
    }
    actions
}

/// `# fromlint ignore=<id>` above the instruction, with its indentation and
/// the file's line ending.
fn ignore_here(
    file: &Dockerfile,
    source: &str,
    diagnostic: &Diagnostic,
) -> Option<(usize, String)> {
    let instruction = file.instructions.iter().find(|i| {
        i.span.start() <= diagnostic.span().start() && diagnostic.span().start() <= i.span.end()
    })?;
    let line_start = source[..instruction.span.start()]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let indent = &source[line_start..instruction.span.start()];
    let indent: String = indent.chars().take_while(|c| c.is_whitespace()).collect();
    let pragma = format!(
        "{indent}# fromlint ignore={}{}",
        diagnostic.lint(),
        newline(source)
    );
    Some((line_start.max(bom_len(source)), pragma))
}

/// `# fromlint global ignore=<id>` after the parser directives (a comment
/// before them would turn them into plain comments).
fn ignore_in_file(file: &Dockerfile, source: &str, id: &str) -> (usize, String) {
    let at = file.directives.last().map_or(bom_len(source), |d| {
        source[d.span.end()..]
            .find('\n')
            .map_or(source.len(), |i| d.span.end() + i + 1)
    });
    let line = format!("# fromlint global ignore={id}");
    if at == source.len() && !source.is_empty() && !source.ends_with('\n') {
        (at, format!("{}{line}", newline(source)))
    } else {
        (at, format!("{line}{}", newline(source)))
    }
}

fn newline(source: &str) -> &'static str {
    if source.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}

fn bom_len(source: &str) -> usize {
    if source.starts_with('\u{feff}') { 3 } else { 0 }
}
