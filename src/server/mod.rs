//! `fromlint server`: a language server over stdio. It runs the same engine
//! as the command line on the editor's unsaved text, publishes findings,
//! offers the lints' fixes and suppression pragmas as quick fixes, and shows
//! what fromlint knows about a base image on hover.

mod actions;
mod convert;
mod hover;
mod transport;

use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeConfiguration, DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument,
    DidOpenTextDocument, DidSaveTextDocument, Exit, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{CodeActionRequest, HoverRequest, Initialize, Request as _, Shutdown};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CodeDescription,
    DiagnosticRelatedInformation, DiagnosticSeverity, HoverProviderCapability, Location,
    NumberOrString, PublishDiagnosticsParams, ServerCapabilities, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri,
};
use serde_json::Value;

use crate::check::check_unless_cancelled;
use crate::config::{self, Resolver};
use crate::diagnostic::{Diagnostic, Severity};
use crate::lints::{self, Settings};
use convert::Text;
use transport::Frame;

/// How long the server waits after an edit for the next one before it
/// lints. Edits already queued are always applied before a lint starts, at
/// most one lint runs per document, and a lint of text that has changed
/// since stops at its next checkpoint, so the wait only spares starting
/// lints that would be stopped at once in a burst that arrives in pieces.
pub const DEBOUNCE: Duration = Duration::from_millis(2);

/// Serves on stdin/stdout until the client exits or goes away.
pub fn run() -> i32 {
    let stdout = std::io::stdout();
    serve_streams(std::io::BufReader::new(std::io::stdin()), stdout.lock())
}

/// Serves the messages read from `input`, writing to `output`, until an
/// `exit` or the end of the input; returns the exit code. (The command
/// uses stdio; the fuzz target and property tests use byte buffers.)
pub fn serve_streams(input: impl BufRead + Send + 'static, output: impl Write) -> i32 {
    let (events, receiver) = mpsc::channel();
    let reader = events.clone();
    std::thread::spawn(move || {
        let mut input = input;
        read_frames(&mut input, &reader);
    });
    Server::new(Box::new(output), events).serve(&receiver)
}

/// Reads frames until the input ends, and says so.
fn read_frames(input: &mut impl BufRead, events: &Sender<Event>) {
    let mut log = |line: &str| eprintln!("fromlint server: {line}");
    loop {
        match transport::read(input, &mut log) {
            Ok(Some(frame)) => {
                if events.send(Event::Frame(frame)).is_err() {
                    return;
                }
            }
            Ok(None) | Err(_) => {
                let _ = events.send(Event::Closed);
                return;
            }
        }
    }
}

/// What the server's loop reacts to.
enum Event {
    Frame(Frame),
    /// The client's input ended.
    Closed,
    /// A lint ended: the diagnostics of one generation of a document, or
    /// `None` when it stopped early because the text changed.
    Linted {
        uri: Uri,
        generation: u64,
        version: i32,
        diagnostics: Option<Vec<lsp_types::Diagnostic>>,
    },
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

/// An open document: the editor's current text.
struct Document {
    text: String,
    version: i32,
    /// Counts the document's changes; a lint's result is published only if
    /// no change came after the text it linted.
    generation: u64,
    /// The newest generation, shared with the lint in flight, which stops
    /// at its next checkpoint once this is not the generation it lints.
    latest: Arc<AtomicU64>,
    /// When the next lint is due, if one is.
    due: Option<Instant>,
    /// The generation being linted, while a lint is in flight: at most one
    /// per document, so stale lints never compete with the newest text's.
    linting: Option<u64>,
}

/// Generations are numbered across documents, so a lint of a closed
/// document is never taken for one of a document reopened under its URI.
fn next_generation() -> u64 {
    static GENERATIONS: AtomicU64 = AtomicU64::new(0);
    GENERATIONS.fetch_add(1, Ordering::Relaxed) + 1
}

impl Document {
    fn new(text: String, version: i32) -> Document {
        let generation = next_generation();
        Document {
            text,
            version,
            generation,
            latest: Arc::new(AtomicU64::new(generation)),
            due: Some(Instant::now()),
            linting: None,
        }
    }

    /// The text changed (or what it is linted with): a lint in flight is
    /// stopped, and the new text is linted at `due`.
    fn changed(&mut self, due: Instant) {
        self.generation = next_generation();
        self.latest.store(self.generation, Ordering::Relaxed);
        self.due = Some(due);
    }
}

/// Why the server stopped: the client's `exit`, after a `shutdown` or not.
struct Stop(i32);

struct Server<'o> {
    output: Box<dyn Write + 'o>,
    /// Where lint workers send their results.
    events: Sender<Event>,
    documents: HashMap<Uri, Document>,
    /// Finds each document's `fromlint.toml` the way the command line does.
    resolver: Option<Resolver>,
    initialized: bool,
    shut_down: bool,
    /// The versions whose lints were started, in order (for the tests).
    #[cfg(test)]
    started: Vec<i32>,
}

fn new_resolver() -> Option<Resolver> {
    Resolver::new(config::Cli::default(), None, false)
        .inspect_err(|error| eprintln!("fromlint server: {}", error.render(false)))
        .ok()
}

/// Logs a problem with one message; the server goes on.
fn log(text: &str) {
    eprintln!("fromlint server: {}", crate::report::escape_controls(text));
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

impl<'o> Server<'o> {
    fn new(output: Box<dyn Write + 'o>, events: Sender<Event>) -> Server<'o> {
        Server {
            output,
            events,
            documents: HashMap::new(),
            resolver: None,
            initialized: false,
            shut_down: false,
            #[cfg(test)]
            started: Vec::new(),
        }
    }
}

impl Server<'_> {
    fn serve(&mut self, events: &Receiver<Event>) -> i32 {
        loop {
            let event = match self.next_due() {
                Some(due) => {
                    match events.recv_timeout(due.saturating_duration_since(Instant::now())) {
                        Ok(event) => Some(event),
                        Err(RecvTimeoutError::Timeout) => None,
                        Err(RecvTimeoutError::Disconnected) => return crate::cli::EXIT_CLEAN,
                    }
                }
                None => match events.recv() {
                    Ok(event) => Some(event),
                    Err(_) => return crate::cli::EXIT_CLEAN,
                },
            };
            if let Err(Stop(code)) = self.event(event) {
                return code;
            }
            // Everything already received is handled before a lint starts:
            // a burst of edits that has arrived is linted once, at its end.
            while let Ok(event) = events.try_recv() {
                if let Err(Stop(code)) = self.event(Some(event)) {
                    return code;
                }
            }
            self.start_due_lints();
        }
    }

    /// Handles one event (`None`: a lint's due time came).
    fn event(&mut self, event: Option<Event>) -> Result<(), Stop> {
        match event {
            Some(Event::Frame(frame)) => self.frame(frame),
            Some(Event::Closed) => Err(Stop(crate::cli::EXIT_CLEAN)),
            Some(Event::Linted {
                uri,
                generation,
                version,
                diagnostics,
            }) => {
                let Some(document) = self.documents.get_mut(&uri) else {
                    return Ok(());
                };
                if document.linting == Some(generation) {
                    document.linting = None;
                }
                // A lint that stopped early, or of text that has changed
                // since, publishes nothing: the newest text is linted next.
                match diagnostics {
                    Some(diagnostics) if document.generation == generation => {
                        self.send_diagnostics(uri, diagnostics, Some(version))
                    }
                    _ => Ok(()),
                }
            }
            None => Ok(()),
        }
    }

    /// The earliest time a lint that can start is due (a document with a
    /// lint in flight waits for it to end).
    fn next_due(&self) -> Option<Instant> {
        self.documents
            .values()
            .filter(|d| d.linting.is_none())
            .filter_map(|d| d.due)
            .min()
    }

    fn frame(&mut self, frame: Frame) -> Result<(), Stop> {
        match frame {
            Frame::Invalid { id, code, message } => {
                self.send(transport::error_response(id, code, &message))
            }
            Frame::Message(Message::Request(request)) => self.request(request),
            Frame::Message(Message::Notification(notification)) => {
                if notification.method == Exit::METHOD {
                    return Err(Stop(if self.shut_down {
                        crate::cli::EXIT_CLEAN
                    } else {
                        log("exit before shutdown");
                        crate::cli::EXIT_ERROR
                    }));
                }
                if self.initialized {
                    let method = notification.method.clone();
                    if let Err(error) = self.notification(notification) {
                        log(&format!("ignored `{method}`: {error}"));
                    }
                }
                Ok(())
            }
            Frame::Message(Message::Response(_)) => Ok(()),
        }
    }

    fn send(&mut self, message: Value) -> Result<(), Stop> {
        // The client is gone when its output is: nothing left to serve.
        transport::write(&mut self.output, &message).map_err(|_| Stop(crate::cli::EXIT_CLEAN))
    }

    fn respond(&mut self, response: Response) -> Result<(), Stop> {
        let mut message = serde_json::to_value(&response).unwrap_or(Value::Null);
        if let Value::Object(map) = &mut message {
            map.insert("jsonrpc".into(), "2.0".into());
        }
        self.send(message)
    }

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

    /// Answers a request: its result, or the JSON-RPC error for a request
    /// out of order, with invalid params or that fromlint does not handle.
    fn request(&mut self, request: Request) -> Result<(), Stop> {
        let id = request.id.clone();
        let error =
            |code: ErrorCode, message: String| Response::new_err(id.clone(), code as i32, message);
        let response = match request.method.as_str() {
            _ if self.shut_down => error(
                ErrorCode::InvalidRequest,
                "the server is shutting down".into(),
            ),
            Initialize::METHOD if self.initialized => {
                error(ErrorCode::InvalidRequest, "already initialized".into())
            }
            Initialize::METHOD => {
                self.initialized = true;
                self.resolver = new_resolver();
                let result = serde_json::json!({
                    "capabilities": capabilities(),
                    "serverInfo": { "name": "fromlint", "version": env!("CARGO_PKG_VERSION") },
                });
                Response::new_ok(id.clone(), result)
            }
            _ if !self.initialized => error(
                ErrorCode::ServerNotInitialized,
                "the server is not initialized".into(),
            ),
            // Clients may send `shutdown` twice (Neovim does on exit).
            Shutdown::METHOD => {
                self.shut_down = true;
                Response::new_ok(id.clone(), ())
            }
            _ => match self.answer(&request) {
                Ok(response) => response,
                Err(message) => {
                    log(&format!("`{}`: {message}", request.method));
                    error(ErrorCode::InvalidParams, message)
                }
            },
        };
        self.respond(response)
    }

    /// The response to a request about a document; `Err` for invalid params.
    fn answer(&mut self, request: &Request) -> std::result::Result<Response, String> {
        let id: RequestId = request.id.clone();
        let params = |request: &Request| request.params.clone();
        let invalid = |error: serde_json::Error| format!("invalid params: {error}");
        Ok(match request.method.as_str() {
            CodeActionRequest::METHOD => {
                let params: lsp_types::CodeActionParams =
                    serde_json::from_value(params(request)).map_err(invalid)?;
                let settings = self.settings_for(file_path(&params.text_document.uri).as_deref());
                let result = self
                    .documents
                    .get(&params.text_document.uri)
                    .filter(|doc| readable(&doc.text))
                    .map(|doc| actions::code_actions(&params, &doc.text, &settings));
                Response::new_ok(id, result)
            }
            HoverRequest::METHOD => {
                let params: lsp_types::HoverParams =
                    serde_json::from_value(params(request)).map_err(invalid)?;
                let position = params.text_document_position_params;
                let result = self
                    .documents
                    .get(&position.text_document.uri)
                    .filter(|doc| readable(&doc.text))
                    .and_then(|doc| hover::hover(&doc.text, position.position));
                Response::new_ok(id, result)
            }
            method => Response::new_err(
                id,
                ErrorCode::MethodNotFound as i32,
                format!("fromlint does not handle `{method}`"),
            ),
        })
    }

    /// Handles a notification; `Err` (logged, then ignored) for invalid params.
    fn notification(&mut self, notification: Notification) -> std::result::Result<(), String> {
        let invalid = |error: serde_json::Error| format!("invalid params: {error}");
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let params: lsp_types::DidOpenTextDocumentParams =
                    serde_json::from_value(notification.params).map_err(invalid)?;
                let document = params.text_document;
                let reopened = self
                    .documents
                    .insert(document.uri, Document::new(document.text, document.version));
                if let Some(old) = reopened {
                    old.latest.store(u64::MAX, Ordering::Relaxed);
                }
            }
            DidChangeTextDocument::METHOD => {
                let params: lsp_types::DidChangeTextDocumentParams =
                    serde_json::from_value(notification.params).map_err(invalid)?;
                let uri = params.text_document.uri;
                if let Some(document) = self.documents.get_mut(&uri) {
                    for change in params.content_changes {
                        apply_change(&mut document.text, change);
                    }
                    document.version = params.text_document.version;
                    document.changed(Instant::now() + DEBOUNCE);
                }
            }
            DidSaveTextDocument::METHOD => {
                let params: lsp_types::DidSaveTextDocumentParams =
                    serde_json::from_value(notification.params).map_err(invalid)?;
                let uri = params.text_document.uri;
                if let Some(document) = self.documents.get_mut(&uri) {
                    if let Some(text) = params.text {
                        document.text = text;
                    }
                    document.changed(Instant::now());
                }
            }
            DidCloseTextDocument::METHOD => {
                let params: lsp_types::DidCloseTextDocumentParams =
                    serde_json::from_value(notification.params).map_err(invalid)?;
                if let Some(closed) = self.documents.remove(&params.text_document.uri) {
                    closed.latest.store(u64::MAX, Ordering::Relaxed);
                }
                self.send_diagnostics(params.text_document.uri, Vec::new(), None)
                    .map_err(|_| "the client is gone".to_string())?;
            }
            // fromlint.toml may have changed: forget what was read, re-lint.
            DidChangeConfiguration::METHOD | DidChangeWatchedFiles::METHOD => {
                self.resolver = new_resolver();
                let now = Instant::now();
                for document in self.documents.values_mut() {
                    document.changed(now);
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Starts a lint, on its own thread, for every document whose lint is
    /// due and that has none in flight (a lint of older text is stopping:
    /// the newest text is linted when it has).
    fn start_due_lints(&mut self) {
        let now = Instant::now();
        let due: Vec<Uri> = self
            .documents
            .iter()
            .filter(|(_, d)| d.linting.is_none() && d.due.is_some_and(|due| due <= now))
            .map(|(uri, _)| uri.clone())
            .collect();
        for uri in due {
            let path = file_path(&uri);
            let settings = self.settings_for(path.as_deref());
            let Some(document) = self.documents.get_mut(&uri) else {
                continue;
            };
            document.due = None;
            document.linting = Some(document.generation);
            let text = document.text.clone();
            let (generation, version) = (document.generation, document.version);
            let latest = Arc::clone(&document.latest);
            #[cfg(test)]
            self.started.push(version);
            let events = self.events.clone();
            let worker = std::thread::Builder::new().spawn(move || {
                let stale = || latest.load(Ordering::Relaxed) != generation;
                // The end of the lint is always reported, even after a bug,
                // or the document would wait for it for ever.
                let diagnostics = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    lint(&uri, path.as_deref(), &text, &settings, &stale)
                }))
                .unwrap_or(None);
                let _ = events.send(Event::Linted {
                    uri,
                    generation,
                    version,
                    diagnostics,
                });
            });
            if let Err(error) = worker {
                log(&format!("could not start a lint: {error}"));
                if let Some(document) = self
                    .documents
                    .values_mut()
                    .find(|d| d.linting == Some(generation))
                {
                    // Tried again a little later.
                    document.linting = None;
                    document.due = Some(Instant::now() + Duration::from_millis(100));
                }
            }
        }
    }

    fn send_diagnostics(
        &mut self,
        uri: Uri,
        diagnostics: Vec<lsp_types::Diagnostic>,
        version: Option<i32>,
    ) -> Result<(), Stop> {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        let notification = Notification::new(PublishDiagnostics::METHOD.to_string(), params);
        let mut message = serde_json::to_value(&notification).unwrap_or(Value::Null);
        if let Value::Object(map) = &mut message {
            map.insert("jsonrpc".into(), "2.0".into());
        }
        self.send(message)
    }
}

/// Whether a document is within the limits the command line keeps to
/// (`input::MAX_LINES`); a longer one is neither linted nor parsed.
fn readable(text: &str) -> bool {
    crate::input::check_lines(text.as_bytes()).is_ok()
}

/// The diagnostics of a document's text, as the editor sees them; `None`
/// when `stale` said the text changed before the lint was done.
fn lint(
    uri: &Uri,
    path: Option<&Path>,
    text: &str,
    settings: &Settings,
    stale: &dyn Fn() -> bool,
) -> Option<Vec<lsp_types::Diagnostic>> {
    if let Err(error) = crate::input::check_lines(text.as_bytes()) {
        // Said where the editor shows it, at the top of the document.
        return Some(vec![lsp_types::Diagnostic {
            severity: Some(DiagnosticSeverity::WARNING),
            source: Some("fromlint".into()),
            message: format!("not linted: {error}"),
            ..lsp_types::Diagnostic::default()
        }]);
    }
    let context = path.map(crate::input::context_reader);
    let no_context = |_: &str| None;
    let read: &dyn Fn(&str) -> Option<String> = match &context {
        Some(reader) => reader,
        None => &no_context,
    };
    // A bug on one document must not take the editor's server down.
    let found = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        check_unless_cancelled(text, settings, read, stale)
    }))
    .unwrap_or_else(|_| {
        log(&format!("internal error while linting {}", uri.as_str()));
        Some(Vec::new())
    })?;
    let converter = Text::new(text);
    Some(found.iter().map(|d| to_lsp(d, &converter, uri)).collect())
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
    let severity = match d.severity() {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    };
    let message = match d.help() {
        Some(help) => format!("{}\nhelp: {help}", d.message()),
        None => d.message().to_string(),
    };
    let related: Vec<DiagnosticRelatedInformation> = d
        .labels()
        .iter()
        .map(|label| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), text.range(label.span)),
            message: label.message.clone(),
        })
        .collect();
    let href = lints::by_id(d.lint()).and_then(|lint| lint.docs_url().parse().ok());
    lsp_types::Diagnostic {
        range: text.range(d.span()),
        severity: Some(severity),
        code: Some(NumberOrString::String(d.lint().to_string())),
        code_description: href.map(|href| CodeDescription { href }),
        source: Some("fromlint".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..lsp_types::Diagnostic::default()
    }
}

#[cfg(test)]
mod tests;
