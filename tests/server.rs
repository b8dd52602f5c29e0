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
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_fromlint"))
            .arg("server")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("server starts");
        let stdin = child.stdin.take().unwrap();
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
        }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
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
        self.messages
            .recv_timeout(Duration::from_secs(10))
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
