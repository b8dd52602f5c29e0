//! End-to-end test of `fromlint server`: JSON-RPC over the real binary's
//! stdio, as an editor speaks it.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::thread;
use std::time::Duration;

use serde_json::{Value, json};

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    /// The server's log: its stderr, line by line.
    log: Receiver<String>,
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_fromlint"))
            .arg("server")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("server starts");
        let stdin = child.stdin.take().unwrap();
        let stderr = BufReader::new(child.stderr.take().unwrap());
        let (log_sender, log) = channel();
        thread::spawn(move || {
            for line in stderr.lines().map_while(Result::ok) {
                // Shown with the test's output when it fails.
                eprintln!("{line}");
                if log_sender.send(line).is_err() {
                    return;
                }
            }
        });
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (sender, messages) = channel();
        thread::spawn(move || {
            loop {
                let mut length = 0;
                loop {
                    let mut header = String::new();
                    if stdout.read_line(&mut header).unwrap_or(0) == 0 {
                        return;
                    }
                    let header = header.trim();
                    if header.is_empty() {
                        break;
                    }
                    if let Some(n) = header.strip_prefix("Content-Length: ") {
                        length = n.parse().unwrap();
                    }
                }
                let mut body = vec![0; length];
                stdout.read_exact(&mut body).unwrap();
                if sender.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            messages,
            log,
        }
    }

    /// The next line the server logs that contains `what` (earlier lines
    /// are passed over): what the editor shows the user in its log.
    fn logged(&self, what: &str) -> String {
        loop {
            let line = self
                .log
                .recv_timeout(Duration::from_secs(10))
                .unwrap_or_else(|_| panic!("the server never logged `{what}`"));
            if line.contains(what) {
                return line;
            }
        }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        self.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    fn send_raw(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).unwrap();
        self.stdin.flush().unwrap();
    }

    /// A client that has initialized the server.
    fn initialized() -> Client {
        let mut client = Client::start();
        client.request(
            1,
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": {}}),
        );
        client.notify("initialized", json!({}));
        client
    }

    /// Checks the server still answers, then shuts it down cleanly.
    fn still_serving_then_exit(mut self, id: u64) {
        let unknown = self.request(id, "workspace/symbol", json!({"query": ""}));
        assert_eq!(unknown["error"]["code"], -32601);
        let shutdown = self.request(id + 1, "shutdown", Value::Null);
        assert!(shutdown["result"].is_null());
        self.notify("exit", Value::Null);
        assert!(self.child.wait().unwrap().success());
    }

    fn request(&mut self, id: u64, method: &str, params: Value) -> Value {
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let message = self.next();
            if message["id"] == id {
                return message;
            }
        }
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn next(&self) -> Value {
        self.next_within(Duration::from_secs(10))
    }

    fn next_within(&self, wait: Duration) -> Value {
        self.messages
            .recv_timeout(wait)
            .expect("the server answers")
    }

    /// The next diagnostics published for the document.
    fn diagnostics(&self) -> Vec<Value> {
        loop {
            let message = self.next();
            if message["method"] == "textDocument/publishDiagnostics" {
                return message["params"]["diagnostics"].as_array().unwrap().clone();
            }
        }
    }
}

fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

const URI: &str = "file:///work/app/Dockerfile";

#[test]
fn editor_session_end_to_end() {
    let mut client = Client::start();
    let init = client.request(
        1,
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    let capabilities = &init["result"]["capabilities"];
    assert_eq!(capabilities["hoverProvider"], true);
    assert_eq!(
        capabilities["textDocumentSync"]["change"], 2,
        "incremental sync"
    );
    assert_eq!(init["result"]["serverInfo"]["name"], "fromlint");
    client.notify("initialized", json!({}));

    let text = "FROM python:3.12-trixie\nRUN pip install --no-cache-dir flask\nUSER 65532\nCMD [\"python\", \"/app/main.py\"]\n";
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": URI, "languageId": "dockerfile", "version": 1, "text": text}}),
    );
    let diagnostics = client.diagnostics();
    assert_eq!(codes(&diagnostics), ["missing-digest", "full-distro-base"]);
    let full = &diagnostics[1];
    assert_eq!(
        full["range"],
        json!({"start": {"line": 0, "character": 12}, "end": {"line": 0, "character": 23}})
    );
    assert_eq!(full["severity"], 2);
    assert_eq!(full["source"], "fromlint");
    assert!(
        full["codeDescription"]["href"]
            .as_str()
            .unwrap()
            .ends_with("/docs/lints/full-distro-base.md")
    );

    // A half-typed line: the rest of the file is still linted.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 0}}, "text": "RUNN echo\n"}
        ]}),
    );
    let diagnostics = client.diagnostics();
    assert_eq!(
        codes(&diagnostics),
        ["missing-digest", "full-distro-base", "parse-error"]
    );
    assert_eq!(diagnostics[2]["range"]["start"]["line"], 1);

    let actions = client.request(
        2,
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": full["range"], "context": {"diagnostics": []}}),
    );
    let actions = actions["result"].as_array().unwrap().clone();
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.contains(&"use `python:3.12-slim-trixie` (unsafe)"),
        "{titles:?}"
    );
    assert!(
        titles.contains(&"Ignore `full-distro-base` for this instruction"),
        "{titles:?}"
    );
    assert!(
        titles.contains(&"Ignore `full-distro-base` in this file"),
        "{titles:?}"
    );
    let fix = actions
        .iter()
        .find(|a| a["title"] == "use `python:3.12-slim-trixie` (unsafe)")
        .unwrap();
    let edit = &fix["edit"]["changes"][URI][0];
    assert_eq!(edit["newText"], "3.12-slim-trixie");

    // Apply the returned edit the way the editor would.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 3}, "contentChanges": [
            {"range": edit["range"], "text": edit["newText"]}
        ]}),
    );
    let diagnostics = client.diagnostics();
    assert_eq!(codes(&diagnostics), ["missing-digest", "parse-error"]);

    let hover = client.request(
        3,
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": {"line": 0, "character": 8}}),
    );
    let value = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(value.contains("python:3.12-slim-trixie"), "{value}");
    assert!(value.contains("Docker Official Image"), "{value}");

    let unknown = client.request(4, "workspace/symbol", json!({"query": ""}));
    assert_eq!(unknown["error"]["code"], -32601);

    let shutdown = client.request(5, "shutdown", Value::Null);
    assert!(shutdown["result"].is_null());
    client.notify("exit", Value::Null);
    let status = client.child.wait().unwrap();
    assert!(status.success());
}

#[test]
fn a_client_that_goes_away_stops_the_server() {
    let mut client = Client::start();
    client.request(
        1,
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    drop(client.stdin);
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while client.child.try_wait().unwrap().is_none() {
        assert!(
            std::time::Instant::now() < deadline,
            "server still running after stdin closed"
        );
        thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn configuration_applies_and_reloads_when_it_changes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::write(
        dir.path().join("fromlint.toml"),
        "ignore = [\"missing-digest\"]\n",
    )
    .unwrap();
    let uri = format!("file://{}/Dockerfile", dir.path().display());
    let mut client = Client::start();
    client.request(
        1,
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    client.notify("initialized", json!({}));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "dockerfile", "version": 1, "text": "FROM node:24-slim\n"}}),
    );
    assert_eq!(codes(&client.diagnostics()), ["floating-tag"]);

    std::fs::write(
        dir.path().join("fromlint.toml"),
        "select = [\"missing-digest\"]\n",
    )
    .unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": format!("file://{}/fromlint.toml", dir.path().display()), "type": 2}]}),
    );
    assert_eq!(codes(&client.diagnostics()), ["missing-digest"]);
    client.request(2, "shutdown", Value::Null);
    client.notify("exit", Value::Null);
    assert!(client.child.wait().unwrap().success());
}

/// A document past the command line's limit of 1,000,000 lines is not
/// linted, parsed or read for hovers and code actions: one diagnostic
/// says why, and the server goes on serving.
#[test]
fn a_document_of_more_than_a_million_lines_is_not_linted() {
    let mut client = Client::initialized();
    let many = format!("FROM python\n{}", "#\n".repeat(1_000_000));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": URI, "languageId": "dockerfile", "version": 1, "text": many}}),
    );
    let diagnostics = client.diagnostics();
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(
        diagnostics[0]["message"],
        "not linted: more than the limit of 1,000,000 lines"
    );
    let position = json!({"textDocument": {"uri": URI}, "position": {"line": 0, "character": 7}});
    let hover = client.request(2, "textDocument/hover", position);
    assert!(hover["result"].is_null(), "{hover}");
    let range = json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 11}});
    let actions = client.request(
        3,
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": range, "context": {"diagnostics": []}}),
    );
    assert!(actions["result"].is_null(), "{actions}");
    // Back under the limit, it is linted again.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": "FROM python\n"}]}),
    );
    assert_eq!(codes(&client.diagnostics()), ["untagged-image"]);
    client.still_serving_then_exit(4);
}

#[test]
fn invalid_params_get_an_error_and_bad_notifications_are_ignored() {
    let mut client = Client::initialized();
    let hover = client.request(2, "textDocument/hover", json!({"foo": 1}));
    assert_eq!(hover["error"]["code"], -32602, "{hover}");
    let actions = client.request(3, "textDocument/codeAction", Value::Null);
    assert_eq!(actions["error"]["code"], -32602, "{actions}");
    // didOpen without text and didChange to line -1: ignored, and the log
    // says which notification was dropped and why.
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": URI, "languageId": "dockerfile", "version": 1}}),
    );
    assert_eq!(
        client.logged("`textDocument/didOpen`"),
        "fromlint server: ignored `textDocument/didOpen`: invalid params: missing field `text`"
    );
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": URI, "languageId": "dockerfile", "version": 1, "text": "FROM python\n"}}),
    );
    assert_eq!(codes(&client.diagnostics()), ["untagged-image"]);
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": -1, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "x"}
        ]}),
    );
    let ignored = client.logged("`textDocument/didChange`");
    assert!(
        ignored.starts_with("fromlint server: ignored `textDocument/didChange`: invalid params: ")
            && ignored.contains("-1"),
        "{ignored}"
    );
    // The document kept its text: the change was not half applied.
    let hover = client.request(
        4,
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": {"line": 0, "character": 7}}),
    );
    let value = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(value.contains("python"), "{hover}");
    client.still_serving_then_exit(5);
}

#[test]
fn malformed_frames_are_answered_or_skipped_and_the_server_goes_on() {
    let mut client = Client::initialized();
    let frame = |body: &str| format!("Content-Length: {}\r\n\r\n{body}", body.len());
    client.send_raw(frame("{\"jsonrpc\": \"2.0\", \"id\": 9, ").as_bytes());
    let parse_error = client.next();
    assert_eq!(parse_error["error"]["code"], -32700, "{parse_error}");
    assert!(parse_error["id"].is_null());
    client.send_raw(frame("{\"foo\": 1}").as_bytes());
    assert_eq!(client.next()["error"]["code"], -32600);
    client.send_raw(frame("{\"id\": 12, \"method\": 3}").as_bytes());
    let invalid = client.next();
    assert_eq!(
        (invalid["id"].clone(), invalid["error"]["code"].clone()),
        (json!(12), json!(-32600))
    );
    // No length, a negative one and a huge one: skipped up to the next message.
    client.send_raw(b"Content-Type: application/json\r\n\r\n{\"id\": 13}");
    client.send_raw(b"Content-Length: -5\r\n\r\n{}\r\n");
    client.send_raw(b"Content-Length: 100000000000\r\n\r\n{}\r\n");
    client.send_raw(b"Content-Length: 8000000000\r\n\r\n{}\r\n");
    // Each is named in the log, the oversized ones with the cap.
    client.logged("a message without a usable Content-Length header; skipped");
    client.logged("invalid Content-Length `-5`; skipped");
    for length in ["100000000000", "8000000000"] {
        assert_eq!(
            client.logged(&format!("a message of {length} bytes")),
            format!(
                "fromlint server: a message of {length} bytes is over the limit of 67108864 bytes; skipped"
            )
        );
    }
    let pid = client.child.id();
    client.still_serving_then_exit_checking(20, pid);
}

/// Peak resident memory of a running process, in KiB (Linux).
fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

impl Client {
    fn still_serving_then_exit_checking(self, id: u64, pid: u32) {
        let unknown = {
            let mut client = self;
            let answer = client.request(id, "workspace/symbol", json!({"query": ""}));
            if let Some(peak) = peak_rss_kib(pid) {
                assert!(peak < 200 * 1024, "the server grew to {peak} KiB");
            }
            (client, answer)
        };
        let (client, answer) = unknown;
        assert_eq!(answer["error"]["code"], -32601);
        client.still_serving_then_exit(id + 1);
    }
}

/// 1,000 quick edits to a 44 KB document (the figures): the server
/// lints the end of the burst, not every edit, does not make the editor wait
/// for stale lints, and what it publishes last is the final text's
/// diagnostics, never an older text's.
#[test]
fn a_burst_of_edits_is_linted_once_at_its_end() {
    let mut client = Client::initialized();
    let mut text = String::from("FROM python:3.12\n");
    while text.len() < 44_000 {
        text += "RUN echo building && make -C /src all install && echo done\n";
    }
    assert!((44_000..45_000).contains(&text.len()), "{}", text.len());
    let started = std::time::Instant::now();
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": URI, "languageId": "dockerfile", "version": 0, "text": text}}),
    );
    let opened = client.diagnostics_of_version(0, Duration::from_secs(120));
    let one_lint = started.elapsed();
    // The burst types lines at the end, one character per edit: the
    // findings change as lines are completed, so an older text's
    // diagnostics cannot pass for the final text's.
    let typed = "RUN pip install six\n".repeat(50);
    assert_eq!(typed.len(), 1000);
    let (mut line, mut character) = (text.lines().count(), 0);
    for (version, c) in (1..).zip(typed.chars()) {
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": URI, "version": version}, "contentChanges": [
                {"range": {"start": {"line": line, "character": character}, "end": {"line": line, "character": character}}, "text": c.to_string()}
            ]}),
        );
        if c == '\n' {
            (line, character) = (line + 1, 0);
        } else {
            character += 1;
        }
        // A typist's pauses: lints of texts the burst then changes start,
        // and must be stopped or go unpublished (the last one ten edits
        // before the end, in the middle of a line).
        if version % 100 == 90 {
            thread::sleep(Duration::from_millis(20));
        }
    }
    let last_edit = std::time::Instant::now();
    let mut versions = Vec::new();
    let last = loop {
        let message = client.next_within(Duration::from_secs(120));
        if message["method"] == "textDocument/publishDiagnostics" {
            versions.push(message["params"]["version"].as_i64().unwrap());
            if message["params"]["version"] == 1000 {
                break message["params"]["diagnostics"].as_array().unwrap().clone();
            }
        }
    };
    let latency = last_edit.elapsed();
    let published = versions.len();
    eprintln!(
        "one lint: {one_lint:?}; final diagnostics {latency:?} after the last edit; {published} publications"
    );
    assert!(published < 50, "{published} publications for one burst");
    assert!(
        versions.is_sorted(),
        "an older text published after a newer one: {versions:?}"
    );
    // Loose on purpose: other tests run beside this one (the bench measures
    // the latency itself); linting every edit would take 1,000 lints.
    assert!(
        latency < one_lint * 3 + std::time::Duration::from_millis(1000),
        "final diagnostics {latency:?} after the last edit (one lint takes {one_lint:?})"
    );
    // Nothing stale comes after the final text's diagnostics.
    while let Ok(message) = client.messages.recv_timeout(Duration::from_millis(300)) {
        assert_ne!(
            message["method"], "textDocument/publishDiagnostics",
            "published after the final text (version {})",
            message["params"]["version"]
        );
    }
    // They are the final text's: one pip finding per completed line, and
    // the same as the server finds when the final text is opened afresh.
    let pip_lines = typed.lines().count();
    let pip = codes(&last)
        .iter()
        .filter(|code| *code == "pip-no-cache-dir")
        .count();
    assert_eq!(pip, pip_lines, "{:?}", codes(&last));
    assert!(last != opened, "the burst changed no finding");
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": URI}}),
    );
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": URI, "languageId": "dockerfile", "version": 2000, "text": text + &typed}}),
    );
    let afresh = client.diagnostics_of_version(2000, Duration::from_secs(120));
    assert!(
        last == afresh,
        "not the final text's diagnostics: {} published, {} afresh",
        last.len(),
        afresh.len()
    );
    client.still_serving_then_exit(2);
}

impl Client {
    /// The diagnostics published for `version` of the document (others
    /// are passed over).
    fn diagnostics_of_version(&self, version: i64, wait: Duration) -> Vec<Value> {
        loop {
            let message = self.next_within(wait);
            if message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["version"] == version
            {
                return message["params"]["diagnostics"].as_array().unwrap().clone();
            }
        }
    }
}
