//! Docker credential helpers: `docker-credential-<name> get`, given the
//! registry's server address on standard input, answers with JSON holding
//! `Username` and `Secret` (the protocol of docker/docker-credential-helpers).
//!
//! The helper is found on `PATH`; it gets a few seconds (then it is killed),
//! its output is read up to 64 KiB, and nothing it writes is ever printed:
//! errors name the helper and what went wrong, never its output.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde::Deserialize;

use super::auth::Basic;

/// The most a helper may write to standard output.
const MAX_OUTPUT: u64 = 64 << 10;
/// What is read of its standard error (only to tell "not found").
const MAX_ERRORS: u64 = 4 << 10;

/// Whether `name` can be the `<name>` of `docker-credential-<name>`: letters,
/// digits, `-`, `_` and `.`, not starting with `.` or `-` (no paths).
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && !name.starts_with(['.', '-'])
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
}

/// Asks helper `name` for the credentials of `server` (`host[:port]`, or
/// `https://index.docker.io/v1/` for Docker Hub). `Ok(None)`: the helper has
/// none for it.
pub fn get(name: &str, server: &str, timeout: Duration) -> Result<Option<Basic>, String> {
    if !valid_name(name) {
        return Err("the helper name is not a plain name".to_string());
    }
    let program = format!("docker-credential-{name}");
    let mut child = Command::new(&program)
        .arg("get")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => format!("{program} is not on PATH"),
            _ => format!("cannot run {program}: {e}"),
        })?;
    // The address is short: it fits in the pipe even if the helper never
    // reads it. A helper that exits first closes the pipe; that is its answer.
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(server.as_bytes());
    }
    let stdout = read_capped(child.stdout.take(), MAX_OUTPUT);
    let stderr = read_capped(child.stderr.take(), MAX_ERRORS);
    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(5)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "{program} did not answer within {} s; stopped it",
                    timeout.as_secs_f64()
                ));
            }
            Err(e) => return Err(format!("waiting for {program}: {e}")),
        }
    };
    // A process the helper started may hold its pipes open: wait a little,
    // not forever.
    let grace = Duration::from_secs(1);
    let out = stdout.recv_timeout(grace).unwrap_or_default();
    let errors = stderr.recv_timeout(grace).unwrap_or_default();
    // Checked first: the helper may have died of the pipe closed on it.
    if out.len() as u64 > MAX_OUTPUT {
        return Err(format!(
            "{program} wrote more than {} KiB; ignored",
            MAX_OUTPUT >> 10
        ));
    }
    if !status.success() {
        // The protocol's answer for "none": `credentials not found in native
        // keychain` on either stream.
        let said = String::from_utf8_lossy(&out).to_ascii_lowercase()
            + &String::from_utf8_lossy(&errors).to_ascii_lowercase();
        if said.contains("credentials not found") {
            return Ok(None);
        }
        return Err(format!("{program} get failed ({status})"));
    }
    parse(&out).map_err(|why| format!("{program}: {why}"))
}

/// Reads up to `limit + 1` bytes from `pipe` on a thread of its own.
fn read_capped(pipe: Option<impl Read + Send + 'static>, limit: u64) -> mpsc::Receiver<Vec<u8>> {
    let (send, receive) = mpsc::channel();
    if let Some(pipe) = pipe {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.take(limit + 1).read_to_end(&mut bytes);
            let _ = send.send(bytes);
        });
    }
    receive
}

/// The helper's JSON answer. Messages never quote it.
fn parse(json: &[u8]) -> Result<Option<Basic>, String> {
    #[derive(Deserialize)]
    struct Answer {
        #[serde(rename = "Username", default)]
        username: String,
        #[serde(rename = "Secret", default)]
        secret: String,
    }
    let answer: Answer = serde_json::from_slice(json)
        .map_err(|_| "its answer is not the JSON of the helper protocol".to_string())?;
    if answer.username == "<token>" {
        return Err("it holds an identity token, which fromlint does not use".to_string());
    }
    if answer.username.is_empty() || answer.secret.is_empty() {
        return Ok(None);
    }
    Ok(Some(Basic::new(answer.username, answer.secret)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_answers() {
        for good in [
            "desktop",
            "osxkeychain",
            "ecr-login",
            "gcloud",
            "pass",
            "a.b_c",
        ] {
            assert!(valid_name(good), "{good}");
        }
        for bad in ["", "../x", "a/b", ".hidden", "-x", "a b", "x\n"] {
            assert!(!valid_name(bad), "{bad:?}");
        }
        assert_eq!(
            parse(br#"{"ServerURL":"ghcr.io","Username":"u","Secret":"s"}"#),
            Ok(Some(Basic::new("u", "s")))
        );
        assert_eq!(parse(br#"{"Username":"","Secret":""}"#), Ok(None));
        let token = parse(br#"{"Username":"<token>","Secret":"refresh-s3cret"}"#).unwrap_err();
        assert!(!token.contains("s3cret"), "{token}");
        let bad = parse(br#"{"Username":5,"Secret":"s3cret"}"#).unwrap_err();
        assert!(!bad.contains("s3cret"), "{bad}");
        assert!(get("../../bin/sh", "x", Duration::from_secs(1)).is_err());
    }
}
