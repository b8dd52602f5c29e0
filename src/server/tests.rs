//! The server's scheduling of lints, driven event by event: which versions
//! are linted and published does not depend on timing here.

use std::sync::Mutex;

use serde_json::json;

use super::*;

/// What the server wrote, shared with the test.
#[derive(Clone, Default)]
struct Output(Arc<Mutex<Vec<u8>>>);

impl Write for Output {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Output {
    /// The versions of the diagnostics published so far, in order (those
    /// of a closed document have none and are left out).
    fn published(&self) -> Vec<i64> {
        let bytes = self.0.lock().unwrap().clone();
        let mut input = std::io::BufReader::new(&bytes[..]);
        let mut versions = Vec::new();
        while let Ok(Some(frame)) = transport::read(&mut input, &mut |_| {}) {
            if let Frame::Message(Message::Notification(n)) = frame {
                assert_eq!(n.method, PublishDiagnostics::METHOD);
                versions.extend(n.params["version"].as_i64());
            }
        }
        versions
    }
}

const URI: &str = "untitled:Dockerfile";

fn notification(method: &str, params: Value) -> Event {
    Event::Frame(Frame::Message(Message::Notification(Notification::new(
        method.to_string(),
        params,
    ))))
}

fn initialize() -> Event {
    Event::Frame(Frame::Message(Message::Request(Request::new(
        RequestId::from(1),
        Initialize::METHOD.to_string(),
        json!({"capabilities": {}}),
    ))))
}

/// A document big enough that its lint is not over in an instant.
fn text() -> String {
    let mut text = String::from("FROM python:3.12\n");
    while text.len() < 44_000 {
        text += "RUN pip install flask && apt-get update && apt-get install -y gcc\n";
    }
    text
}

fn open() -> Event {
    notification(
        DidOpenTextDocument::METHOD,
        json!({"textDocument": {"uri": URI, "languageId": "dockerfile", "version": 0, "text": text()}}),
    )
}

/// Appends a character to the first line.
fn edit(version: i32) -> Event {
    notification(
        DidChangeTextDocument::METHOD,
        json!({"textDocument": {"uri": URI, "version": version}, "contentChanges": [
            {"range": {"start": {"line": 0, "character": 16}, "end": {"line": 0, "character": 16}}, "text": "#"}
        ]}),
    )
}

fn server(output: &Output) -> (Server<'static>, Receiver<Event>) {
    let (events, receiver) = mpsc::channel();
    let mut server = Server::new(Box::new(output.clone()), events);
    assert!(server.event(Some(initialize())).is_ok());
    (server, receiver)
}

/// The next lint's result, handed to the server.
fn lint_ends(server: &mut Server, receiver: &Receiver<Event>) {
    let event = receiver
        .recv_timeout(Duration::from_secs(120))
        .expect("the lint ends");
    assert!(matches!(event, Event::Linted { .. }));
    assert!(server.event(Some(event)).is_ok());
}

/// A burst of edits that has arrived is applied before any lint starts, and
/// only its last version is linted and published.
#[test]
fn a_burst_that_has_arrived_is_linted_once_at_its_end() {
    let output = Output::default();
    let (events, receiver) = mpsc::channel();
    let mut server = Server::new(Box::new(output.clone()), events.clone());
    events.send(initialize()).unwrap();
    events.send(open()).unwrap();
    for version in 1..=1000 {
        events.send(edit(version)).unwrap();
    }
    let watched = output.clone();
    let closer = std::thread::spawn(move || {
        let started = Instant::now();
        while watched.published().last() != Some(&1000) {
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "no diagnostics"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        events.send(Event::Closed).unwrap();
    });
    assert_eq!(server.serve(&receiver), crate::cli::EXIT_CLEAN);
    closer.join().unwrap();
    assert_eq!(server.started, [1000]);
    assert_eq!(output.published(), [1000]);
    assert!(
        server.documents[&URI.parse::<Uri>().unwrap()]
            .text
            .starts_with(&format!("FROM python:3.12{}\n", "#".repeat(1000)))
    );
}

/// Edits that come while a lint is in flight stop it (or drop its result),
/// start no second lint beside it, and the newest text is linted when it
/// has ended; superseded versions are never published.
#[test]
fn one_lint_in_flight_and_only_the_newest_text_is_published() {
    let output = Output::default();
    let (mut server, receiver) = server(&output);
    assert!(server.event(Some(open())).is_ok());
    server.start_due_lints();
    assert_eq!(server.started, [0]);
    for version in 1..=3 {
        assert!(server.event(Some(edit(version))).is_ok());
    }
    std::thread::sleep(DEBOUNCE * 2);
    server.start_due_lints();
    assert_eq!(server.started, [0], "a second lint beside the first");
    lint_ends(&mut server, &receiver);
    assert_eq!(output.published(), Vec::<i64>::new());
    server.start_due_lints();
    assert_eq!(server.started, [0, 3]);
    lint_ends(&mut server, &receiver);
    assert_eq!(output.published(), [3]);
    // Nothing more is due.
    server.start_due_lints();
    assert_eq!(server.started, [0, 3]);
}

/// Closing a document stops its lint; reopening it under the same URI is
/// not mistaken for the old document when the old lint ends.
#[test]
fn a_lint_of_a_closed_document_is_not_published_for_its_reopening() {
    let output = Output::default();
    let (mut server, receiver) = server(&output);
    assert!(server.event(Some(open())).is_ok());
    server.start_due_lints();
    let close = notification(
        DidCloseTextDocument::METHOD,
        json!({"textDocument": {"uri": URI}}),
    );
    assert!(server.event(Some(close)).is_ok());
    assert!(server.event(Some(open())).is_ok());
    lint_ends(&mut server, &receiver);
    assert_eq!(output.published(), Vec::<i64>::new());
    server.start_due_lints();
    assert_eq!(server.started, [0, 0]);
    lint_ends(&mut server, &receiver);
    assert_eq!(output.published(), [0]);
}
