//! `fromlint pin` against a scripted registry on loopback: the Bearer-token
//! flow, Basic auth, where credentials may go, the GET fallback and digest
//! verification, timeouts and size caps, redirects, and the check, update
//! and diff modes. Each server stops when its test ends (or after 60 s).
//! The real-registry test is tests/registry/run.sh.

use std::collections::HashMap;
use std::fs;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";
const D1: &str = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
const D2: &str = "sha256:2222222222222222222222222222222222222222222222222222222222222222";

#[derive(Debug, Clone)]
struct Request {
    method: String,
    /// Path and query.
    target: String,
    headers: HashMap<String, String>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

fn reply(status: u16, headers: &[(&str, &str)], body: impl Into<Vec<u8>>) -> Reply {
    Reply {
        status,
        headers: headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        body: body.into(),
    }
}

fn manifest(digest: &str) -> Reply {
    reply(
        200,
        &[
            ("Docker-Content-Digest", digest),
            ("Content-Type", OCI_INDEX),
        ],
        "",
    )
}

/// What the handler decides: a reply, a reply after a pause, or to hang
/// (for timeouts).
enum Action {
    Send(Reply),
    After(Duration, Reply),
    Hang,
}

type Handler = dyn Fn(&Request, u16) -> Action + Send + Sync;

/// A one-thread-per-connection HTTP/1.1 server answering from a handler.
struct Server {
    port: u16,
    log: Arc<Mutex<Vec<Request>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    fn start(handler: impl Fn(&Request, u16) -> Action + Send + Sync + 'static) -> Server {
        Server::start_on(TcpListener::bind("127.0.0.1:0").unwrap(), handler)
    }

    fn start_on(
        listener: TcpListener,
        handler: impl Fn(&Request, u16) -> Action + Send + Sync + 'static,
    ) -> Server {
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let log = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let handler: Arc<Handler> = Arc::new(handler);
        let (log2, stop2) = (log.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(60);
            while !stop2.load(Ordering::Relaxed) && Instant::now() < deadline {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let (handler, log, stop) = (handler.clone(), log2.clone(), stop2.clone());
                        std::thread::spawn(move || serve(stream, port, &*handler, &log, &stop));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Server {
            port,
            log,
            stop,
            thread: Some(thread),
        }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn requests(&self) -> Vec<Request> {
        self.log.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn serve(
    mut stream: TcpStream,
    port: u16,
    handler: &Handler,
    log: &Mutex<Vec<Request>>,
    stop: &AtomicBool,
) {
    stream.set_nonblocking(false).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    // Keep-alive: answer requests on this connection until it closes.
    loop {
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            match stream.read(&mut byte) {
                // A TLS handshake: answer as a plain HTTP server would.
                Ok(1) if head.is_empty() && byte[0] == 0x16 => {
                    let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\n\r\n");
                    return;
                }
                Ok(1) => head.push(byte[0]),
                _ => return,
            }
        }
        let text = String::from_utf8_lossy(&head);
        let mut lines = text.split("\r\n");
        let mut first = lines.next().unwrap_or_default().split(' ');
        let method = first.next().unwrap_or_default().to_string();
        let target = first.next().unwrap_or_default().to_string();
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        let request = Request {
            method,
            target,
            headers,
        };
        log.lock().unwrap().push(request.clone());
        let reply = match handler(&request, port) {
            Action::Send(reply) => reply,
            Action::After(pause, reply) => {
                let until = Instant::now() + pause;
                while Instant::now() < until {
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
                reply
            }
            Action::Hang => {
                let until = Instant::now() + Duration::from_secs(10);
                while Instant::now() < until && !stop.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(20));
                }
                return;
            }
        };
        let mut out = format!("HTTP/1.1 {} X\r\n", reply.status);
        for (k, v) in &reply.headers {
            out += &format!("{k}: {v}\r\n");
        }
        out += &format!("Content-Length: {}\r\n\r\n", reply.body.len());
        let mut bytes = out.into_bytes();
        if request.method != "HEAD" {
            bytes.extend(&reply.body);
        }
        if stream.write_all(&bytes).is_err() {
            return;
        }
    }
}

fn sha256(bytes: &[u8]) -> String {
    // The crate under test hashes with ring too; compare against a value
    // computed independently with sha256sum where possible.
    let out = Command::new("sha256sum")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            child.stdin.take().unwrap().write_all(bytes)?;
            child.wait_with_output()
        })
        .expect("sha256sum runs");
    let text = String::from_utf8(out.stdout).unwrap();
    format!("sha256:{}", text.split_whitespace().next().unwrap())
}

/// `fromlint pin ARGS` in `dir` with a Docker config directory of its own,
/// no proxy and no CA bundle from the environment.
fn pin_command(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_fromlint"));
    command
        .arg("pin")
        .args(args)
        .current_dir(dir)
        .env("DOCKER_CONFIG", dir.join("docker-config"))
        .env("HOME", dir);
    for var in [
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
        "SSL_CERT_FILE",
    ] {
        command.env_remove(var);
    }
    command
}

/// Runs `fromlint pin ARGS` in `dir` (see [`pin_command`]).
fn pin(dir: &Path, args: &[&str]) -> Output {
    pin_command(dir, args).output().expect("runs")
}

/// Runs `fromlint pin ARGS` in `dir` with `input` on standard input.
fn pin_stdin(dir: &Path, args: &[&str], input: &str) -> Output {
    let mut child = pin_command(dir, args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("runs");
    // A run that refuses its arguments exits before it reads its input:
    // the pipe is then closed, which is not the test's failure.
    let written = child.stdin.take().unwrap().write_all(input.as_bytes());
    if let Err(error) = written {
        assert_eq!(error.kind(), std::io::ErrorKind::BrokenPipe, "{error}");
    }
    child.wait_with_output().expect("runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn docker_config(dir: &Path, auths: &str) {
    fs::create_dir_all(dir.join("docker-config")).unwrap();
    fs::write(
        dir.join("docker-config/config.json"),
        format!(r#"{{"auths": {{{auths}}}}}"#),
    )
    .unwrap();
}

fn mirror(server: &Server) -> String {
    format!("--registry-mirror=docker.io={}", server.url())
}

#[test]
fn anonymous_token_flow_pins_each_distinct_reference_once() {
    let server = Server::start(|req, port| {
        if req.target.starts_with("/token?") {
            let expected =
                "/token?service=fake-registry&scope=repository%3Alibrary%2Fpython%3Apull";
            return Action::Send(if req.target == expected {
                reply(200, &[], r#"{"token":"tok-1","expires_in":300}"#)
            } else {
                reply(400, &[], "")
            });
        }
        if req.target == "/v2/library/python/manifests/3.12-slim" {
            if req.header("authorization") == Some("Bearer tok-1") {
                return Action::Send(manifest(D1));
            }
            let challenge = format!(
                r#"Bearer realm="http://127.0.0.1:{port}/token",service="fake-registry",scope="repository:library/python:pull""#
            );
            return Action::Send(reply(
                401,
                &[("WWW-Authenticate", &challenge)],
                r#"{"errors":[{"code":"UNAUTHORIZED"}]}"#,
            ));
        }
        Action::Send(reply(404, &[], ""))
    });
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("Dockerfile"),
        "ARG TAG=3.12-slim\nFROM python:${TAG} AS a\nFROM python:3.12-slim\nFROM a\nFROM scratch\n",
    )
    .unwrap();
    let out = pin(dir.path(), &[&mirror(&server), "Dockerfile"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        fs::read_to_string(dir.path().join("Dockerfile")).unwrap(),
        format!(
            "ARG TAG=3.12-slim@{D1}\nFROM python:${{TAG}} AS a\nFROM python:3.12-slim@{D1}\nFROM a\nFROM scratch\n"
        )
    );
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("(index) in the default of ARG TAG on line 1"),
        "{stdout}"
    );
    assert!(stdout.ends_with("2 pinned\n"), "{stdout}");

    let requests = server.requests();
    let manifests: Vec<_> = requests
        .iter()
        .filter(|r| r.target.contains("/manifests/"))
        .collect();
    let tokens: Vec<_> = requests
        .iter()
        .filter(|r| r.target.starts_with("/token"))
        .collect();
    assert_eq!(manifests.len(), 2, "one 401, one authorized: {requests:?}");
    assert_eq!(tokens.len(), 1);
    assert!(manifests.iter().all(|r| r.method == "HEAD"));
    assert_eq!(tokens[0].header("authorization"), None, "anonymous");
    let accept = manifests[0].header("accept").unwrap();
    for media_type in [
        "application/vnd.oci.image.index.v1+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.v2+json",
    ] {
        assert!(accept.contains(media_type), "{accept}");
    }
}

#[test]
fn credentials_go_to_their_registry_and_a_token_service_on_it_only() {
    // Repository `near` names a realm on this host; `far` one on another
    // name for it (`localhost`), which is not where the credentials belong.
    let server = Server::start(|req, port| {
        let host = req.header("host").unwrap_or_default().to_string();
        if req.target.starts_with("/token") {
            return Action::Send(reply(200, &[], r#"{"access_token":"tok"}"#));
        }
        if req.header("authorization") == Some("Bearer tok") {
            return Action::Send(manifest(D2));
        }
        let realm_host = if req.target.starts_with("/v2/library/near/") {
            format!("127.0.0.1:{port}")
        } else {
            format!("localhost:{port}")
        };
        let challenge = format!(r#"Bearer realm="http://{realm_host}/token",service="s""#);
        let _ = host;
        Action::Send(reply(401, &[("WWW-Authenticate", &challenge)], ""))
    });
    let dir = tempfile::tempdir().unwrap();
    docker_config(
        dir.path(),
        &format!(
            r#""127.0.0.1:{}": {{"username": "alice", "password": "pw-alice-9"}},
               "https://index.docker.io/v1/": {{"auth": "aHViOmh1Yi1wYXNzd29yZA=="}}"#,
            server.port
        ),
    );
    fs::write(dir.path().join("Dockerfile"), "FROM near:1\nFROM far:1\n").unwrap();
    let out = pin(dir.path(), &[&mirror(&server), "Dockerfile"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let requests = server.requests();
    let token_auth = |repo: &str| {
        requests
            .iter()
            .find(|r| r.target.starts_with("/token") && r.target.contains(repo))
            .map(|r| r.header("authorization").map(str::to_string))
            .expect("token requested")
    };
    // alice:pw-alice-9
    assert_eq!(
        token_auth("near").as_deref(),
        Some("Basic YWxpY2U6cHctYWxpY2UtOQ==")
    );
    assert_eq!(token_auth("far"), None);
    // Docker Hub's credentials never go to the mirror.
    assert!(
        requests.iter().all(|r| r
            .header("authorization")
            .is_none_or(|a| !a.contains("aHViOmh1Yi1wYXNzd29yZA"))),
        "{requests:?}"
    );
    let all = text(&out.stdout) + &text(&out.stderr);
    assert!(
        !all.contains("pw-alice-9") && !all.contains("YWxpY2U6"),
        "{all}"
    );
}

#[test]
fn basic_auth_with_and_without_credentials() {
    let server = Server::start(|req, _| {
        if req.header("authorization") == Some("Basic Ym9iOnNlY3JldC1ib2I=") {
            Action::Send(manifest(D1))
        } else {
            Action::Send(reply(
                401,
                &[("WWW-Authenticate", r#"Basic realm="Registry Realm""#)],
                "",
            ))
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("Dockerfile");
    let reference = format!("FROM 127.0.0.1:{}/team/app:2.0\n", server.port);
    fs::write(&file, &reference).unwrap();

    let out = pin(dir.path(), &["Dockerfile"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("needs a user name and password"),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), reference);

    docker_config(
        dir.path(),
        &format!(
            r#""http://127.0.0.1:{}/v2/": {{"auth": "Ym9iOnNlY3JldC1ib2I="}}"#,
            server.port
        ),
    );
    let out = pin(dir.path(), &["Dockerfile"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        format!("FROM 127.0.0.1:{}/team/app:2.0@{D1}\n", server.port)
    );
    assert!(!text(&out.stdout).contains("secret-bob"));

    // Wrong credentials: a clear 401, without the password.
    docker_config(
        dir.path(),
        &format!(
            r#""127.0.0.1:{}": {{"username": "bob", "password": "wrong-pw"}}"#,
            server.port
        ),
    );
    fs::write(&file, &reference).unwrap();
    let out = pin(dir.path(), &["Dockerfile"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("access denied (HTTP 401)"), "{stderr}");
    assert!(!stderr.contains("wrong-pw"), "{stderr}");
}

#[test]
fn missing_digest_header_falls_back_to_get_and_verifies_the_body() {
    let body = format!(r#"{{"schemaVersion":2,"mediaType":"{OCI_INDEX}","manifests":[]}}"#);
    let body2 = body.clone();
    let server = Server::start(move |req, _| {
        let head = req.method == "HEAD";
        Action::Send(match req.target.as_str() {
            // No header on HEAD or GET: the body's hash is the digest.
            "/v2/library/plain/manifests/1" if head => {
                reply(200, &[("Content-Type", OCI_INDEX)], "")
            }
            "/v2/library/plain/manifests/1" => {
                reply(200, &[("Content-Type", OCI_INDEX)], body2.clone())
            }
            // A GET whose header disagrees with its body.
            "/v2/library/liar/manifests/1" if head => reply(405, &[], ""),
            "/v2/library/liar/manifests/1" => reply(
                200,
                &[("Content-Type", OCI_INDEX), ("Docker-Content-Digest", D2)],
                body2.clone(),
            ),
            // A schema 1 manifest has no digest anyone can pull by.
            "/v2/library/old/manifests/1" => reply(
                200,
                &[(
                    "Content-Type",
                    "application/vnd.docker.distribution.manifest.v1+prettyjws",
                )],
                "{}",
            ),
            _ => reply(404, &[], r#"{"errors":[{"code":"MANIFEST_UNKNOWN"}]}"#),
        })
    });
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("Dockerfile"),
        "FROM plain:1\nFROM liar:1\nFROM old:1\nFROM gone:1\n",
    )
    .unwrap();
    let out = pin(dir.path(), &[&mirror(&server), "Dockerfile"]);
    assert_eq!(out.status.code(), Some(2));
    let expected = sha256(body.as_bytes());
    assert_eq!(
        fs::read_to_string(dir.path().join("Dockerfile")).unwrap(),
        format!("FROM plain:1@{expected}\nFROM liar:1\nFROM old:1\nFROM gone:1\n")
    );
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "claims digest {D2} but its manifest hashes to {expected}"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("not an image index or manifest"),
        "{stderr}"
    );
    assert!(
        stderr
            .contains("Dockerfile:4:6: `gone:1`: not found: no tag `1` in docker.io/library/gone"),
        "{stderr}"
    );
    let gets = server
        .requests()
        .iter()
        .filter(|r| r.method == "GET" && r.target.contains("/plain/"))
        .count();
    assert_eq!(gets, 1);
}

#[test]
fn timeouts_and_oversized_replies_fail_only_their_reference() {
    let server = Server::start(|req, _| match req.target.as_str() {
        "/v2/library/slow/manifests/1" => Action::Hang,
        "/v2/library/huge/manifests/1" if req.method == "HEAD" => {
            Action::Send(reply(200, &[("Content-Type", OCI_INDEX)], ""))
        }
        "/v2/library/huge/manifests/1" => Action::Send(reply(
            200,
            &[("Content-Type", OCI_INDEX)],
            vec![b' '; 5 << 20],
        )),
        "/v2/library/fine/manifests/1" => Action::Send(manifest(D1)),
        _ => Action::Send(reply(404, &[], "")),
    });
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("Dockerfile"),
        "FROM slow:1\nFROM huge:1\nFROM fine:1\n",
    )
    .unwrap();
    let started = Instant::now();
    let out = pin(dir.path(), &[&mirror(&server), "--timeout=1", "Dockerfile"]);
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("`slow:1`: timed out talking to 127.0.0.1"),
        "{stderr}"
    );
    assert!(
        stderr.contains("`huge:1`: response larger than 4194304 bytes"),
        "{stderr}"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("Dockerfile")).unwrap(),
        format!("FROM slow:1\nFROM huge:1\nFROM fine:1@{D1}\n")
    );
    assert!(text(&out.stdout).ends_with("1 pinned, 2 failed\n"));
}

#[test]
fn standard_input_is_pinned_to_standard_output() {
    let server = Server::start(|req, _| match req.target.as_str() {
        "/v2/library/python/manifests/3.12" => Action::Send(manifest(D1)),
        _ => Action::Send(reply(404, &[], "")),
    });
    let dir = tempfile::tempdir().unwrap();
    let source = "FROM python:3.12\nRUN true\n";
    let out = pin_stdin(dir.path(), &[&mirror(&server), "-"], source);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        format!("FROM python:3.12@{D1}\nRUN true\n")
    );
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("-:1:6: pinned `python:3.12`") && stderr.ends_with("1 pinned\n"),
        "{stderr}"
    );
    // Nothing to pin: the text passes through unchanged.
    let out = pin_stdin(dir.path(), &[&mirror(&server), "-"], "FROM scratch\n");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), "FROM scratch\n");
    // --check and --diff read standard input too, and write nothing else.
    let out = pin_stdin(dir.path(), &[&mirror(&server), "--check", "-"], source);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).contains("-:1:6: `python:3.12` is not pinned"),
        "{}",
        text(&out.stdout)
    );
    let out = pin_stdin(dir.path(), &[&mirror(&server), "--diff", "-"], source);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).contains(&format!("+FROM python:3.12@{D1}")),
        "{}",
        text(&out.stdout)
    );
    // With other files it would mix them on stdout: refused.
    fs::write(dir.path().join("Dockerfile"), source).unwrap();
    let out = pin_stdin(dir.path(), &[&mirror(&server), "-", "Dockerfile"], source);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("pin other files in a separate run"));
    assert_eq!(
        fs::read_to_string(dir.path().join("Dockerfile")).unwrap(),
        source
    );
    // Standard input is held to the same rules as a file.
    let out = pin_stdin(dir.path(), &["-"], "\u{0}\u{0}\u{0}");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("fromlint: error: -: "),
        "{}",
        text(&out.stderr)
    );
}

/// Writes `docker-credential-test` into `dir/bin`: it logs its argument and
/// standard input to `dir/helper.log`, then acts as `behaviour` says.
fn credential_helper(dir: &Path, behaviour: &str) -> String {
    use std::os::unix::fs::PermissionsExt;
    let bin = dir.join("bin");
    fs::create_dir_all(&bin).unwrap();
    let script = bin.join("docker-credential-test");
    let log = dir.join("helper.log");
    fs::write(
        &script,
        format!(
            "#!/bin/sh\nserver=$(cat)\necho \"$1 $server\" >> '{}'\n{behaviour}\n",
            log.display()
        ),
    )
    .unwrap();
    fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
    format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

#[test]
fn credential_helpers_are_asked_once_with_the_registry_on_stdin() {
    // bob:secret-bob, from the helper only.
    let server = Server::start(|req, _| {
        if req.header("authorization") == Some("Basic Ym9iOnNlY3JldC1ib2I=") {
            Action::Send(manifest(D1))
        } else {
            Action::Send(reply(401, &[("WWW-Authenticate", "Basic realm=r")], ""))
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let registry = format!("127.0.0.1:{}", server.port);
    let reference = format!("FROM {registry}/team/app:2.0\nFROM {registry}/team/api:2.0\n");
    let file = dir.path().join("Dockerfile");
    let run = |config: &str, behaviour: &str, timeout: &str| {
        fs::write(&file, &reference).unwrap();
        fs::create_dir_all(dir.path().join("docker-config")).unwrap();
        fs::write(dir.path().join("docker-config/config.json"), config).unwrap();
        let _ = fs::remove_file(dir.path().join("helper.log"));
        let path = credential_helper(dir.path(), behaviour);
        let started = Instant::now();
        let out = pin_command(dir.path(), &["--timeout", timeout, "Dockerfile"])
            .env("PATH", path)
            .output()
            .unwrap();
        let log = fs::read_to_string(dir.path().join("helper.log")).unwrap_or_default();
        let all = text(&out.stdout) + &text(&out.stderr);
        assert!(
            !all.contains("secret-bob") && !all.contains("Ym9i"),
            "{all}"
        );
        (out, log, started.elapsed())
    };
    let answer = r#"printf '{"ServerURL":"%s","Username":"bob","Secret":"secret-bob"}' "$server""#;

    // credHelpers names the registry's helper: asked once for both images.
    let helpers = format!(r#"{{"credHelpers": {{"{registry}": "test"}}, "credsStore": "absent"}}"#);
    let (out, log, _) = run(&helpers, answer, "5");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(log, format!("get {registry}\n"));
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        format!("FROM {registry}/team/app:2.0@{D1}\nFROM {registry}/team/api:2.0@{D1}\n")
    );

    // credsStore serves every registry without a helper of its own.
    let (out, log, _) = run(r#"{"credsStore": "test"}"#, answer, "5");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(log, format!("get {registry}\n"));

    // "Not found" is no error: the `auths` entry is used instead, or the
    // registry's 401 is reported, naming the helper.
    let not_found = "echo 'credentials not found in native keychain'; exit 1";
    let with_auths = format!(
        r#"{{"credsStore": "test", "auths": {{"{registry}": {{"auth": "Ym9iOnNlY3JldC1ib2I="}}}}}}"#
    );
    let (out, _, _) = run(&with_auths, not_found, "5");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let (out, _, _) = run(r#"{"credsStore": "test"}"#, not_found, "5");
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("neither the Docker config nor its credential helper has one"),
        "{stderr}"
    );
    assert!(!stderr.contains("warning"), "{stderr}");

    // A helper that fails, floods, hangs or is missing: a warning that never
    // quotes it, and the run goes on (and ends) without its credentials.
    let cases = [
        (
            "echo 'secret-bob leaked'; exit 3",
            "docker-credential-test get failed",
        ),
        (
            "head -c 1000000 /dev/zero | tr '\\0' a; printf secret-bob",
            "wrote more than 64 KiB",
        ),
        ("printf 'secret-bob'", "not the JSON of the helper protocol"),
        ("exec sleep 20", "did not answer within 2 s"),
    ];
    for (behaviour, warning) in cases {
        let (out, _, elapsed) = run(r#"{"credsStore": "test"}"#, behaviour, "2");
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{behaviour}: {stderr}");
        assert!(stderr.contains(warning), "{behaviour}: {stderr}");
        assert_eq!(stderr.matches("warning").count(), 1, "{stderr}");
        assert!(elapsed < Duration::from_secs(8), "{behaviour}: {elapsed:?}");
    }
    let (out, _, _) = run(r#"{"credsStore": "absent"}"#, answer, "2");
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("docker-credential-absent is not on PATH"),
        "{stderr}"
    );
}

/// A registry that answers every request after 1.5 s with a redirect to
/// the next hop: each exchange stays under `--timeout 2`, the chain does not.
fn slow_redirect_chain() -> Server {
    Server::start(|req, _| {
        let hop = req
            .target
            .rsplit_once("/hop")
            .and_then(|(_, n)| n.parse::<u32>().ok())
            .unwrap_or(0);
        let location = format!(
            "{}/hop{}",
            req.target.split("/hop").next().unwrap(),
            hop + 1
        );
        Action::After(
            Duration::from_millis(1500),
            reply(307, &[("Location", location.as_str())], ""),
        )
    })
}

#[test]
fn one_deadline_per_reference_covers_every_redirect_hop() {
    let server = slow_redirect_chain();
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("Dockerfile"), "FROM slow:1\n").unwrap();
    let started = Instant::now();
    let out = pin(
        dir.path(),
        &[&mirror(&server), "--timeout", "2", "Dockerfile"],
    );
    let elapsed = started.elapsed();
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    // Six hops of 1.5 s each took 9 s before; the deadline stops it at 2 s.
    assert!(
        elapsed < Duration::from_millis(3500),
        "{elapsed:?}: {stderr}"
    );
    assert!(
        stderr.contains("`slow:1`: timed out talking to 127.0.0.1") && stderr.contains("--timeout"),
        "{stderr}"
    );
    let hops = server.requests().len();
    assert!((1..=2).contains(&hops), "{hops} requests");
}

#[test]
fn one_deadline_for_the_whole_run() {
    let server = slow_redirect_chain();
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("Dockerfile"),
        "FROM a:1\nFROM b:1\nFROM c:1\nFROM d:1\n",
    )
    .unwrap();
    let started = Instant::now();
    let out = pin(
        dir.path(),
        &[
            &mirror(&server),
            "--timeout=2",
            "--total-timeout=3",
            "--jobs=1",
            "Dockerfile",
        ],
    );
    let elapsed = started.elapsed();
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    // One at a time, four references would take 8 s; the run stops at 3 s.
    assert!(
        elapsed < Duration::from_millis(4500),
        "{elapsed:?}: {stderr}"
    );
    assert!(
        stderr.contains("`d:1`: not resolved: the run's 3 s ran out (--total-timeout)"),
        "{stderr}"
    );
    assert!(
        text(&out.stdout).ends_with("4 failed\n"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn redirects_drop_credentials_for_other_hosts() {
    let server = Server::start(|req, port| {
        let host = req.header("host").unwrap_or_default();
        if host.starts_with("localhost") {
            return Action::Send(manifest(D2));
        }
        if req.header("authorization").is_none() {
            return Action::Send(reply(401, &[("WWW-Authenticate", "Basic realm=r")], ""));
        }
        let location = format!("http://localhost:{port}{}", req.target);
        Action::Send(reply(307, &[("Location", &location)], ""))
    });
    let dir = tempfile::tempdir().unwrap();
    docker_config(
        dir.path(),
        &format!(r#""127.0.0.1:{}": {{"auth": "dTpw"}}"#, server.port),
    );
    fs::write(dir.path().join("Dockerfile"), "FROM app:1\n").unwrap();
    let out = pin(dir.path(), &[&mirror(&server), "Dockerfile"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let requests = server.requests();
    let redirected = requests
        .iter()
        .find(|r| {
            r.header("host")
                .unwrap_or_default()
                .starts_with("localhost")
        })
        .expect("redirect followed");
    assert_eq!(redirected.header("authorization"), None);
    assert!(
        fs::read_to_string(dir.path().join("Dockerfile"))
            .unwrap()
            .contains(D2)
    );
}

/// Listens on `address` (port 80 needs root); another run of this test
/// may hold it for a moment, so a busy port is tried again for 20 s.
fn listen_on(address: &str) -> std::io::Result<TcpListener> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        match TcpListener::bind(address) {
            Err(error)
                if error.kind() == std::io::ErrorKind::AddrInUse && Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(100));
            }
            result => return result,
        }
    }
}

/// The issue's case: with `--insecure-registry 127.0.1`, the Basic
/// credentials of the registry at 127.127.0.1 went to a token realm at
/// `127.0.1` (which resolves to 127.0.0.1), as if `127.0.1` were a parent
/// domain of the registry. Both listen on the default port, as the defect
/// needed: port 80 of two loopback addresses (root, as in CI).
#[test]
fn credentials_for_an_ip_registry_never_go_to_an_address_it_ends_with() {
    let (registry, realm) = match (listen_on("127.127.0.1:80"), listen_on("127.0.0.1:80")) {
        (Ok(registry), Ok(realm)) => (registry, realm),
        (Err(error), _) | (_, Err(error)) => {
            fromlint::prerequisite::missing(
                "credentials_for_an_ip_registry_never_go_to_an_address_it_ends_with",
                &format!("port 80 on 127.127.0.1 and 127.0.0.1 ({error})"),
            );
            return;
        }
    };
    let registry = Server::start_on(registry, |req, _| {
        if req.target != "/v2/app/manifests/1" {
            return Action::Send(reply(404, &[], ""));
        }
        if req.header("authorization") == Some("Bearer tok") {
            return Action::Send(manifest(D1));
        }
        let challenge = r#"Bearer realm="http://127.0.1/token",service="s""#;
        Action::Send(reply(401, &[("WWW-Authenticate", challenge)], ""))
    });
    let realm = Server::start_on(realm, |req, _| {
        Action::Send(if req.target.starts_with("/token") {
            reply(200, &[], r#"{"token":"tok"}"#)
        } else {
            reply(404, &[], "")
        })
    });
    let dir = tempfile::tempdir().unwrap();
    docker_config(
        dir.path(),
        r#""127.127.0.1": {"username": "alice", "password": "pw-alice-9"}"#,
    );
    fs::write(dir.path().join("Dockerfile"), "FROM 127.127.0.1/app:1\n").unwrap();
    let out = pin(
        dir.path(),
        &["--insecure-registry", "127.0.1", "Dockerfile"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        fs::read_to_string(dir.path().join("Dockerfile")).unwrap(),
        format!("FROM 127.127.0.1/app:1@{D1}\n")
    );
    // The token came from the realm, asked for anonymously.
    let tokens = realm.requests();
    assert_eq!(tokens.len(), 1, "{tokens:?}");
    assert_eq!(tokens[0].header("host"), Some("127.0.1"));
    assert_eq!(
        tokens[0].header("authorization"),
        None,
        "127.127.0.1's credentials went to 127.0.1"
    );
    assert!(
        registry
            .requests()
            .iter()
            .any(|r| r.header("authorization") == Some("Bearer tok")),
        "{:?}",
        registry.requests()
    );
    let all = text(&out.stdout) + &text(&out.stderr);
    assert!(
        !all.contains("pw-alice-9") && !all.contains("YWxpY2U6"),
        "{all}"
    );
}

#[test]
fn check_diff_and_update() {
    let server = Server::start(|req, _| {
        Action::Send(match req.target.as_str() {
            "/v2/library/node/manifests/22" => manifest(D2),
            "/v2/library/python/manifests/3.12" => manifest(D1),
            _ => reply(404, &[], ""),
        })
    });
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("Dockerfile");
    let original = format!(
        "FROM node:22@{D1} AS build\nRUN true\n\nFROM python:3.12\nFROM ubuntu\nCOPY --from=build /a /b\n"
    );
    fs::write(&file, &original).unwrap();
    let m = mirror(&server);

    let out = pin(dir.path(), &[&m, "--check", "Dockerfile"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(&format!(
            "Dockerfile:1:6: `node:22@{D1}` is stale: the tag now points to {D2} (index)"
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "Dockerfile:4:6: `python:3.12` is not pinned; the tag points to {D1}"
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains("Dockerfile:5:6: `ubuntu` has no tag"),
        "{stdout}"
    );
    assert!(stdout.ends_with("3 not pinned or stale\n"), "{stdout}");
    assert_eq!(fs::read_to_string(&file).unwrap(), original);

    // Without --update, --diff shows only the pin; stale digests are not looked at.
    let out = pin(dir.path(), &[&m, "--diff", "Dockerfile"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        format!(
            "--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,6 +1,6 @@\n FROM node:22@{D1} AS build\n RUN true\n \n-FROM python:3.12\n+FROM python:3.12@{D1}\n FROM ubuntu\n COPY --from=build /a /b\n"
        )
    );
    assert!(text(&out.stderr).contains("already pinned"));
    assert_eq!(fs::read_to_string(&file).unwrap(), original);

    let out = pin(dir.path(), &[&m, "--update", "--diff", "Dockerfile"]);
    assert!(text(&out.stdout).contains(&format!("+FROM node:22@{D2} AS build\n")));
    assert_eq!(fs::read_to_string(&file).unwrap(), original);

    let out = pin(dir.path(), &[&m, "--update", "Dockerfile"]);
    assert_eq!(out.status.code(), Some(1), "ubuntu stays unpinned");
    let updated = original
        .replace(&format!("node:22@{D1}"), &format!("node:22@{D2}"))
        .replace("python:3.12\n", &format!("python:3.12@{D1}\n"));
    assert_eq!(fs::read_to_string(&file).unwrap(), updated);
    let stdout = text(&out.stdout);
    assert!(stdout.contains("updated `node:22@"), "{stdout}");
    assert!(
        stdout.ends_with("1 pinned, 1 updated, 1 not pinned or stale\n"),
        "{stdout}"
    );

    fs::write(&file, updated.replace("FROM ubuntu\n", "")).unwrap();
    let out = pin(dir.path(), &[&m, "--check", "Dockerfile"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert_eq!(text(&out.stdout), "2 up to date\n");
}

#[test]
fn plain_http_to_a_remote_mirror_is_refused_up_front() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("Dockerfile"), "FROM python:3.12\n").unwrap();
    let out = pin(
        dir.path(),
        &[
            "--registry-mirror",
            "docker.io=http://mirror.invalid",
            "Dockerfile",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("refusing plain HTTP to http://mirror.invalid"));
    let bad = pin(
        dir.path(),
        &["--registry-mirror", "docker.io", "Dockerfile"],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad.stderr).contains("REGISTRY=URL"));
}

#[test]
fn nothing_to_resolve_needs_no_network() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("Dockerfile"),
        format!("ARG V\nFROM python:3.12@{D1} AS a\nFROM a\nFROM scratch\nFROM img:${{V}}\n"),
    )
    .unwrap();
    // The mirror would refuse every connection: nothing may be asked.
    let out = pin(
        dir.path(),
        &[
            "--registry-mirror",
            "docker.io=http://127.0.0.1:9",
            "Dockerfile",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("skipped `img:${V}`: its value needs a build argument"),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("1 already pinned, 1 skipped\n"),
        "{stdout}"
    );
}

#[test]
fn tls_and_connection_failures_are_named() {
    // A plain-HTTP server where TLS is expected, and a closed port.
    let server = Server::start(|_, _| Action::Send(manifest(D1)));
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let closed_port = closed.local_addr().unwrap().port();
    drop(closed);
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("Dockerfile"),
        format!("FROM python:3.12\nFROM 127.0.0.1:{closed_port}/app:1\n"),
    )
    .unwrap();
    let tls_mirror = format!(
        "--registry-mirror=docker.io=https://127.0.0.1:{}",
        server.port
    );
    let out = pin(dir.path(), &[&tls_mirror, "Dockerfile"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "`python:3.12`: TLS error with 127.0.0.1:{}",
            server.port
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("cannot connect to 127.0.0.1:{closed_port}")),
        "{stderr}"
    );
}

#[test]
fn linting_never_touches_the_network() {
    // A registry for the reference, and the same server as every proxy: a
    // lint run must ask neither, and its missing-digest fix stays display-only.
    let server = Server::start(|_, _| Action::Send(manifest(D1)));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("Dockerfile");
    let source = format!(
        "FROM 127.0.0.1:{}/app:1\nFROM python:3.12-slim\n",
        server.port
    );
    fs::write(&file, &source).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_fromlint"))
        .args(["--format", "json", "Dockerfile"])
        .current_dir(dir.path())
        .env("HTTPS_PROXY", server.url())
        .env("HTTP_PROXY", server.url())
        .env("ALL_PROXY", server.url())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let fixes: Vec<_> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["lint"] == "missing-digest")
        .map(|d| d["fix"]["applicability"].clone())
        .collect();
    assert_eq!(fixes, vec!["display-only", "display-only"]);
    assert_eq!(fs::read_to_string(&file).unwrap(), source);
    std::thread::sleep(Duration::from_millis(50));
    assert!(server.requests().is_empty());
}

/// Runs `openssl` with the words of `args` in `dir`; `false` when it is not
/// installed.
fn openssl(dir: &Path, args: &str) -> bool {
    let args: Vec<&str> = args.split_whitespace().collect();
    match Command::new("openssl")
        .args(&args)
        .current_dir(dir)
        .output()
    {
        Ok(out) => {
            assert!(
                out.status.success(),
                "openssl {args:?}: {}",
                text(&out.stderr)
            );
            true
        }
        Err(_) => false,
    }
}

/// `openssl s_server`, killed when dropped.
struct TlsServer(std::process::Child);

impl Drop for TlsServer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_custom_ca_bundle_is_trusted_from_the_flag_or_ssl_cert_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A CA of our own and a certificate for 127.0.0.1 that it signed.
    let new_key = "-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes";
    let have_openssl = openssl(
        d,
        &format!(
            "req -x509 {new_key} -keyout ca.key -out ca.pem -days 2 -subj /CN=fromlint-test-CA"
        ),
    );
    if !have_openssl {
        assert_ne!(
            std::env::var("CI").as_deref(),
            Ok("true"),
            "openssl is needed for the CA bundle test"
        );
        eprintln!("skipped: openssl is not installed (under CI=true this fails)");
        return;
    }
    fs::write(
        d.join("leaf.ext"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n",
    )
    .unwrap();
    openssl(
        d,
        &format!("req {new_key} -keyout leaf.key -out leaf.csr -subj /CN=127.0.0.1"),
    );
    openssl(
        d,
        "x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out leaf.pem -days 2 \
         -extfile leaf.ext",
    );
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let _server = TlsServer(
        Command::new("openssl")
            .args([
                "s_server", "-quiet", "-www", "-cert", "leaf.pem", "-key", "leaf.key",
            ])
            .args(["-accept", &format!("127.0.0.1:{port}")])
            .current_dir(d)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "s_server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    fs::write(d.join("Dockerfile"), "FROM python:3.12\n").unwrap();
    fs::write(d.join("empty.pem"), "no certificates here\n").unwrap();
    let tls_mirror = format!("--registry-mirror=docker.io=https://127.0.0.1:{port}");
    let run = |args: &[&str], bundle: Option<&str>| {
        let mut command = pin_command(
            d,
            &[&[tls_mirror.as_str(), "--check", "--timeout=2"], args].concat(),
        );
        command.arg("Dockerfile");
        if let Some(bundle) = bundle {
            command.env("SSL_CERT_FILE", bundle);
        }
        let out = command.output().unwrap();
        text(&out.stderr)
    };
    // Without the bundle the certificate's issuer is unknown; with it, from
    // the flag or the environment, the handshake succeeds (the server then
    // answers with no manifest, so pin still fails, but not on TLS).
    let untrusted = run(&[], None);
    assert!(
        untrusted.contains("TLS error with 127.0.0.1") && untrusted.contains("UnknownIssuer"),
        "{untrusted}"
    );
    for trusted in [
        run(&["--ca-file", "ca.pem"], None),
        run(&[], Some("ca.pem")),
    ] {
        assert!(
            !trusted.contains("TLS error") && trusted.contains("`python:3.12`"),
            "{trusted}"
        );
    }
    // The flag wins over the environment.
    let flag_wins = run(&["--ca-file", "ca.pem"], Some("empty.pem"));
    assert!(!flag_wins.contains("CA bundle"), "{flag_wins}");
    // A bundle that cannot be used is a clear error, before any request.
    let missing = run(&["--ca-file", "missing.pem"], None);
    assert!(
        missing.contains("cannot read the CA bundle missing.pem")
            && missing.contains("(from --ca-file)"),
        "{missing}"
    );
    let empty = run(&[], Some("empty.pem"));
    assert!(
        empty.contains("the CA bundle empty.pem has no PEM certificates")
            && empty.contains("(from SSL_CERT_FILE)"),
        "{empty}"
    );
    let directory = run(&["--ca-file", "."], None);
    assert!(
        directory.contains("cannot read the CA bundle ."),
        "{directory}"
    );
}
