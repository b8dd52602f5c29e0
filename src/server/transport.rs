//! The language server's framing: `Content-Length` headers and a JSON body,
//! read defensively. A message over [`MAX_MESSAGE`] bytes, a header without
//! a usable length, bytes that are not a message, malformed JSON or a JSON
//! value that is not a JSON-RPC message never stop the server: they are
//! logged on stderr, skipped (or answered with the JSON-RPC error), and the
//! next message is served. Nothing is allocated from what a header claims.

use std::io::{self, BufRead, Read, Write};

use lsp_server::Message;
use serde_json::{Value, json};

/// The largest message accepted, in bytes (64 MiB); see docs/limits.md.
pub const MAX_MESSAGE: u64 = 64 << 20;
/// The longest header line read before it is taken for garbage.
const MAX_HEADER_LINE: u64 = 8 << 10;

/// JSON-RPC error codes the transport answers with.
pub const PARSE_ERROR: i32 = -32700;
pub const INVALID_REQUEST: i32 = -32600;

/// What one read produced.
#[derive(Debug)]
pub enum Frame {
    Message(Message),
    /// A body that is not a JSON-RPC message: it is answered with this
    /// error (`id` is null when the request's id could not be read).
    Invalid {
        id: Value,
        code: i32,
        message: String,
    },
}

/// Reads the next frame; `None` at the end of the input. Problems that do
/// not end the input are logged through `log` and skipped.
pub fn read(input: &mut impl BufRead, log: &mut dyn FnMut(&str)) -> io::Result<Option<Frame>> {
    let Some(length) = read_headers(input, log)? else {
        return Ok(None);
    };
    // Grows with the bytes that actually arrive, never to more than the cap.
    let mut body = Vec::new();
    input.by_ref().take(length).read_to_end(&mut body)?;
    if (body.len() as u64) < length {
        log("the input ended inside a message");
        return Ok(None);
    }
    Ok(Some(parse(&body, log)))
}

/// Reads header lines up to the empty one and returns the body's length.
/// Lines that are not headers, and headers without a usable length, are
/// skipped up to the next `Content-Length` line.
fn read_headers(input: &mut impl BufRead, log: &mut dyn FnMut(&str)) -> io::Result<Option<u64>> {
    let mut length: Option<u64> = None;
    // Whether bytes are being skipped until the next `Content-Length`.
    let mut skipping = false;
    let mut skipped = 0u64;
    let mut line = Vec::new();
    loop {
        line.clear();
        let read = input
            .by_ref()
            .take(MAX_HEADER_LINE)
            .read_until(b'\n', &mut line)?;
        if read == 0 {
            if skipped > 0 {
                log(&format!("skipped {skipped} bytes that were not a message"));
            }
            return Ok(None);
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        let header = find_content_length(text);
        if skipping {
            match header {
                Some(start) => {
                    if skipped > 0 {
                        log(&format!("skipped {skipped} bytes that were not a message"));
                    }
                    skipped = 0;
                    length = content_length(&text[start..], log);
                    skipping = length.is_none();
                }
                None => skipped += read as u64,
            }
            continue;
        }
        if text.is_empty() {
            match length {
                Some(length) => return Ok(Some(length)),
                None => {
                    log("a message without a usable Content-Length header; skipped");
                    skipping = true;
                    continue;
                }
            }
        }
        match text.split_once(':') {
            Some((name, _)) if name.eq_ignore_ascii_case("content-length") => {
                length = content_length(text, log);
                skipping = length.is_none();
            }
            // Content-Type and unknown headers are ignored.
            Some((name, _)) if is_token(name) => {}
            _ => {
                log("a line that is not a message header; skipping to the next message");
                skipping = true;
                skipped = read as u64;
                length = None;
            }
        }
    }
}

/// Where a `Content-Length:` header starts in a line, if anywhere.
fn find_content_length(line: &str) -> Option<usize> {
    let lower = line.to_ascii_lowercase();
    lower.find("content-length:")
}

/// The value of a `Content-Length: n` header, or `None` (logged) when it is
/// not a number or over [`MAX_MESSAGE`].
fn content_length(header: &str, log: &mut dyn FnMut(&str)) -> Option<u64> {
    let value = header.split_once(':').map_or("", |(_, v)| v.trim());
    match value.parse::<u64>() {
        Ok(n) if n <= MAX_MESSAGE => Some(n),
        Ok(n) => {
            log(&format!(
                "a message of {n} bytes is over the limit of {MAX_MESSAGE} bytes; skipped"
            ));
            None
        }
        Err(_) => {
            log(&format!(
                "invalid Content-Length `{}`; skipped",
                value.escape_debug()
            ));
            None
        }
    }
}

fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
}

/// A body as a JSON-RPC message, or the error to answer it with.
fn parse(body: &[u8], log: &mut dyn FnMut(&str)) -> Frame {
    let value: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(error) => {
            log(&format!("a message that is not JSON: {error}"));
            return Frame::Invalid {
                id: Value::Null,
                code: PARSE_ERROR,
                message: format!("not JSON: {error}"),
            };
        }
    };
    let id = match value.get("id") {
        Some(id @ (Value::Number(_) | Value::String(_))) => id.clone(),
        _ => Value::Null,
    };
    let is_object = value.is_object();
    match serde_json::from_value::<Message>(value) {
        Ok(message) if is_object => Frame::Message(message),
        result => {
            let error = result
                .err()
                .map_or("not an object".to_string(), |e| e.to_string());
            log(&format!("a message that is not JSON-RPC: {error}"));
            Frame::Invalid {
                id,
                code: INVALID_REQUEST,
                message: format!("not a JSON-RPC request, response or notification: {error}"),
            }
        }
    }
}

/// Writes one message with its header.
pub fn write(output: &mut impl Write, message: &Value) -> io::Result<()> {
    let text = message.to_string();
    write!(output, "Content-Length: {}\r\n\r\n{text}", text.len())?;
    output.flush()
}

/// The JSON-RPC error answer to an invalid frame.
pub fn error_response(id: Value, code: i32, message: &str) -> Value {
    json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code, "message": message } })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &[u8]) -> (Vec<Frame>, Vec<String>) {
        let mut reader = io::BufReader::new(input);
        let mut logs = Vec::new();
        let mut frames = Vec::new();
        while let Some(frame) = read(&mut reader, &mut |l| logs.push(l.to_string())).unwrap() {
            frames.push(frame);
        }
        (frames, logs)
    }

    fn framed(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    const EXIT: &str = r#"{"jsonrpc":"2.0","method":"exit"}"#;

    #[test]
    fn reads_messages_after_every_kind_of_garbage() {
        let input = [
            framed("{not json"),
            framed(r#"{"foo":1}"#),
            framed(r#"[1,2]"#),
            "Content-Length: -5\r\n\r\n{}".to_string(),
            "Content-Type: x\r\n\r\n{\"a\":1}\n".to_string(),
            "Content-Length: 100000000000\r\n\r\n".to_string(),
            "garbage line\n".to_string(),
            framed(EXIT),
        ]
        .concat();
        let (frames, logs) = frames(input.as_bytes());
        let codes: Vec<i32> = frames
            .iter()
            .filter_map(|f| match f {
                Frame::Invalid { code, .. } => Some(*code),
                Frame::Message(_) => None,
            })
            .collect();
        assert_eq!(codes, [PARSE_ERROR, INVALID_REQUEST, INVALID_REQUEST]);
        assert!(
            matches!(frames.last(), Some(Frame::Message(Message::Notification(n))) if n.method == "exit"),
            "{frames:?}"
        );
        assert!(
            logs.iter().any(|l| l.contains("over the limit")),
            "{logs:?}"
        );
        assert!(
            logs.iter().any(|l| l.contains("invalid Content-Length")),
            "{logs:?}"
        );
    }

    #[test]
    fn a_huge_length_allocates_nothing_and_ends_cleanly() {
        let (frames, logs) = frames(b"Content-Length: 8000000000\r\n\r\n{}");
        assert!(frames.is_empty());
        assert!(logs[0].contains("over the limit"), "{logs:?}");
    }

    #[test]
    fn keeps_the_request_id_of_an_invalid_request() {
        let (frames, _) = frames(framed(r#"{"id":7,"method":5}"#).as_bytes());
        assert!(
            matches!(&frames[0], Frame::Invalid { id, code: INVALID_REQUEST, .. } if id == 7),
            "{frames:?}"
        );
    }
}
