//! `fromlint server`: a language server over stdio. It runs the same engine
//! as the command line on the editor's unsaved text, publishes findings,
//! offers the lints' fixes and suppression pragmas as quick fixes, and shows
//! what fromlint knows about a base image on hover.

mod actions;
mod convert;
mod hover;

use std::collections::HashMap;
use std::error::Error;
use std::path::{Path, PathBuf};

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeConfiguration, DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument,
    DidOpenTextDocument, DidSaveTextDocument, Exit, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{CodeActionRequest, HoverRequest, Request as _, Shutdown};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CodeDescription,
    DiagnosticRelatedInformation, DiagnosticSeverity, HoverProviderCapability, Location,
    NumberOrString, PublishDiagnosticsParams, ServerCapabilities, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri,
};

use crate::check::check_with_context;
use crate::config::{self, Resolver};
use crate::diagnostic::{Diagnostic, Severity};
use crate::lints::{self, Settings};
use convert::Text;

type Result<T> = std::result::Result<T, Box<dyn Error + Send + Sync>>;

/// Serves on stdin/stdout until the client shuts the server down or goes away.
pub fn run() -> i32 {
    let (connection, io_threads) = Connection::stdio();
    let served = serve(&connection);
    drop(connection);
    let joined = io_threads.join();
    match (served, joined) {
        (Ok(()), _) => crate::cli::EXIT_CLEAN,
        (Err(error), _) => {
            eprintln!("fromlint server: {error}");
            crate::cli::EXIT_ERROR
        }
    }
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..TextDocumentSyncOptions::default()
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    }
}

fn serve(connection: &Connection) -> Result<()> {
    let (id, _params) = connection.initialize_start()?;
    let result = serde_json::json!({
        "capabilities": capabilities(),
        "serverInfo": { "name": "fromlint", "version": env!("CARGO_PKG_VERSION") },
    });
    connection.initialize_finish(id, result)?;
    let mut server = Server {
        connection,
        documents: HashMap::new(),
        resolver: new_resolver(),
    };
    // Shutdown by hand rather than with `handle_shutdown`: clients may send
    // `shutdown` twice (Neovim does on exit), which must not be an error.
    let mut shut_down = false;
    for message in &connection.receiver {
        match message {
            Message::Request(request) if shut_down => {
                let error = Response::new_err(
                    request.id,
                    ErrorCode::InvalidRequest as i32,
                    "the server is shutting down".into(),
                );
                connection.sender.send(error.into())?;
            }
            Message::Request(request) if request.method == Shutdown::METHOD => {
                shut_down = true;
                connection
                    .sender
                    .send(Response::new_ok(request.id, ()).into())?;
            }
            Message::Request(request) => server.request(request)?,
            Message::Notification(notification) if notification.method == Exit::METHOD => {
                return if shut_down {
                    Ok(())
                } else {
                    Err("exit before shutdown".into())
                };
            }
            Message::Notification(notification) => server.notification(notification)?,
            Message::Response(_) => {}
        }
    }
    Ok(())
}

/// An open document: the editor's current text.
struct Document {
    text: String,
    version: i32,
}

struct Server<'c> {
    connection: &'c Connection,
    documents: HashMap<Uri, Document>,
    /// Finds each document's `fromlint.toml` the way the command line does.
    resolver: Option<Resolver>,
}

fn new_resolver() -> Option<Resolver> {
    Resolver::new(config::Cli::default(), None, false)
        .inspect_err(|error| eprintln!("fromlint server: {}", error.render(false)))
        .ok()
}

/// The file a `file://` URI names.
fn file_path(uri: &Uri) -> Option<PathBuf> {
    let path = uri.as_str().strip_prefix("file://")?;
    Some(PathBuf::from(percent_decode(path)))
}

/// Decodes `%XX` escapes of a URI path (spaces, non-ASCII names).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl Server<'_> {
    /// The settings of the configuration that applies to `path` (defaults
    /// for unsaved buffers, or when the configuration has an error, which is
    /// logged).
    fn settings_for(&mut self, path: Option<&Path>) -> Settings {
        let (Some(resolver), Some(path)) = (self.resolver.as_mut(), path) else {
            return Settings::default();
        };
        match resolver.resolve(path) {
            Ok(resolved) => resolved.settings.clone(),
            Err(error) => {
                eprintln!("fromlint server: {}", error.render(false));
                Settings::default()
            }
        }
    }

    fn request(&mut self, request: Request) -> Result<()> {
        let id = request.id.clone();
        let response = match request.method.as_str() {
            CodeActionRequest::METHOD => {
                let params: lsp_types::CodeActionParams = serde_json::from_value(request.params)?;
                let settings = self.settings_for(file_path(&params.text_document.uri).as_deref());
                let result = self
                    .documents
                    .get(&params.text_document.uri)
                    .map(|doc| actions::code_actions(&params, &doc.text, &settings));
                Response::new_ok(id, result)
            }
            HoverRequest::METHOD => {
                let params: lsp_types::HoverParams = serde_json::from_value(request.params)?;
                let position = params.text_document_position_params;
                let result = self
                    .documents
                    .get(&position.text_document.uri)
                    .and_then(|doc| hover::hover(&doc.text, position.position));
                Response::new_ok(id, result)
            }
            method => Response::new_err(
                id,
                ErrorCode::MethodNotFound as i32,
                format!("fromlint does not handle `{method}`"),
            ),
        };
        self.connection.sender.send(response.into())?;
        Ok(())
    }

    fn notification(&mut self, notification: Notification) -> Result<()> {
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let params: lsp_types::DidOpenTextDocumentParams =
                    serde_json::from_value(notification.params)?;
                let document = params.text_document;
                let uri = document.uri.clone();
                self.documents.insert(
                    document.uri,
                    Document {
                        text: document.text,
                        version: document.version,
                    },
                );
                self.publish(&uri)?;
            }
            DidChangeTextDocument::METHOD => {
                let params: lsp_types::DidChangeTextDocumentParams =
                    serde_json::from_value(notification.params)?;
                let uri = params.text_document.uri;
                if let Some(document) = self.documents.get_mut(&uri) {
                    for change in params.content_changes {
                        apply_change(&mut document.text, change);
                    }
                    document.version = params.text_document.version;
                    self.publish(&uri)?;
                }
            }
            DidSaveTextDocument::METHOD => {
                let params: lsp_types::DidSaveTextDocumentParams =
                    serde_json::from_value(notification.params)?;
                let uri = params.text_document.uri;
                if let (Some(text), Some(document)) = (params.text, self.documents.get_mut(&uri)) {
                    document.text = text;
                }
                self.publish(&uri)?;
            }
            DidCloseTextDocument::METHOD => {
                let params: lsp_types::DidCloseTextDocumentParams =
                    serde_json::from_value(notification.params)?;
                self.documents.remove(&params.text_document.uri);
                self.send_diagnostics(params.text_document.uri, Vec::new(), None)?;
            }
            // fromlint.toml may have changed: forget what was read, re-lint.
            DidChangeConfiguration::METHOD | DidChangeWatchedFiles::METHOD => {
                self.resolver = new_resolver();
                let uris: Vec<Uri> = self.documents.keys().cloned().collect();
                for uri in uris {
                    self.publish(&uri)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn publish(&mut self, uri: &Uri) -> Result<()> {
        let path = file_path(uri);
        let settings = self.settings_for(path.as_deref());
        let Some(document) = self.documents.get(uri) else {
            return Ok(());
        };
        let text = Text::new(&document.text);
        let context = path.as_deref().map(crate::input::context_reader);
        let no_context = |_: &str| None;
        let read: &dyn Fn(&str) -> Option<String> = match &context {
            Some(reader) => reader,
            None => &no_context,
        };
        // A bug on one document must not take the editor's server down.
        let lint = || check_with_context(&document.text, &settings, read);
        let found =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(lint)).unwrap_or_else(|_| {
                eprintln!(
                    "fromlint server: internal error while linting {}",
                    uri.as_str()
                );
                Vec::new()
            });
        let diagnostics = found.iter().map(|d| to_lsp(d, &text, uri)).collect();
        self.send_diagnostics(uri.clone(), diagnostics, Some(document.version))
    }

    fn send_diagnostics(
        &self,
        uri: Uri,
        diagnostics: Vec<lsp_types::Diagnostic>,
        version: Option<i32>,
    ) -> Result<()> {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        let notification = Notification::new(PublishDiagnostics::METHOD.to_string(), params);
        self.connection.sender.send(notification.into())?;
        Ok(())
    }
}

/// Applies one incremental (or full) change to a document's text.
fn apply_change(text: &mut String, change: lsp_types::TextDocumentContentChangeEvent) {
    match change.range {
        Some(range) => {
            let converter = Text::new(text);
            let start = converter.offset(range.start);
            let end = converter.offset(range.end).max(start);
            text.replace_range(start..end, &change.text);
        }
        None => *text = change.text,
    }
}

/// A fromlint diagnostic as the editor sees it.
fn to_lsp(d: &Diagnostic, text: &Text, uri: &Uri) -> lsp_types::Diagnostic {
    let severity = match d.severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    };
    let message = match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    };
    let related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .map(|label| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), text.range(label.span)),
            message: label.message.clone(),
        })
        .collect();
    let href = lints::by_id(d.lint).and_then(|lint| lint.docs_url().parse().ok());
    lsp_types::Diagnostic {
        range: text.range(d.span),
        severity: Some(severity),
        code: Some(NumberOrString::String(d.lint.to_string())),
        code_description: href.map(|href| CodeDescription { href }),
        source: Some("fromlint".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..lsp_types::Diagnostic::default()
    }
}
