//! Arbitrary bytes as a language-server client's message stream, after a
//! valid `initialize` so that the document handlers are reached. The server
//! must answer or skip every frame and return; any panic is a bug.
#![no_main]

use std::io::Cursor;

use libfuzzer_sys::fuzz_target;

const INITIALIZE: &str =
    r#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"capabilities":{}}}"#;

fuzz_target!(|data: &[u8]| {
    let mut input =
        format!("Content-Length: {}\r\n\r\n{INITIALIZE}", INITIALIZE.len()).into_bytes();
    input.extend_from_slice(data);
    let mut output = Vec::new();
    let code = fromlint::server::serve_streams(Cursor::new(input), &mut output);
    assert!(code == 0 || code == 2);
});
