//! Registry authentication: `WWW-Authenticate` challenges, credentials from
//! Docker's `config.json`, and the rule for where a credential may go.
//!
//! A credential belongs to one registry host. It is sent to that host, and to
//! the token service the host names only when that service is on the same
//! host, on a parent domain of it (`registry.example.com` → `example.com`),
//! or is Docker Hub's own (`auth.docker.io` for `docker.io`). Credentials are
//! never printed: [`Basic`]'s `Debug` hides the password.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::Deserialize;

use super::reference::{DOCKER_HUB, DOCKER_HUB_HOST};
use super::url::Url;

/// Docker Hub's token service.
const DOCKER_HUB_AUTH: &str = "auth.docker.io";

/// One challenge of a `WWW-Authenticate` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    /// Lowercase scheme, e.g. `bearer` or `basic`.
    pub scheme: String,
    /// Parameters with lowercase names, values unquoted.
    pub params: Vec<(String, String)>,
}

impl Challenge {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Parses a `WWW-Authenticate` value (RFC 9110 §11.6.1): one or more
/// challenges, each a scheme followed by comma-separated `name=value`
/// parameters (values are tokens or quoted strings with `\` escapes) or a
/// token68. Garbage ends parsing; what was read before is kept.
pub fn parse_challenges(header: &str) -> Vec<Challenge> {
    let mut lexer = Lexer {
        rest: header.as_bytes(),
    };
    let mut challenges = Vec::new();
    loop {
        lexer.skip(|b| b == b',' || b == b' ' || b == b'\t');
        let Some(scheme) = lexer.token() else { break };
        let mut challenge = Challenge {
            scheme: scheme.to_ascii_lowercase(),
            params: Vec::new(),
        };
        loop {
            lexer.skip(|b| b == b' ' || b == b'\t');
            if challenge.params.is_empty() && lexer.token68() {
                break; // `Negotiate abc==`: a credential blob, no parameters
            }
            let saved = lexer.rest;
            let Some(name) = lexer.token() else { break };
            lexer.skip(|b| b == b' ' || b == b'\t');
            if lexer.peek() != Some(b'=') {
                lexer.rest = saved; // the next challenge's scheme
                break;
            }
            lexer.rest = &lexer.rest[1..];
            lexer.skip(|b| b == b' ' || b == b'\t');
            // Lenient: unquoted values run to the next comma or blank, so an
            // unquoted URL survives.
            let value = if lexer.peek() == Some(b'"') {
                lexer.quoted()
            } else {
                lexer.bare()
            };
            let Some(value) = value else {
                challenges.push(challenge);
                return challenges;
            };
            challenge.params.push((name.to_ascii_lowercase(), value));
            lexer.skip(|b| b == b' ' || b == b'\t');
            match lexer.peek() {
                Some(b',') => {
                    lexer.skip(|b| b == b',' || b == b' ' || b == b'\t');
                }
                None => break,
                Some(_) => {
                    challenges.push(challenge);
                    return challenges;
                }
            }
        }
        challenges.push(challenge);
    }
    challenges
}

struct Lexer<'a> {
    rest: &'a [u8],
}

impl<'a> Lexer<'a> {
    fn peek(&self) -> Option<u8> {
        self.rest.first().copied()
    }

    fn skip(&mut self, what: impl Fn(u8) -> bool) {
        while self.peek().is_some_and(&what) {
            self.rest = &self.rest[1..];
        }
    }

    /// An RFC 9110 token (tchar+).
    fn token(&mut self) -> Option<&'a str> {
        let tchar = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
        let len = self.rest.iter().take_while(|&&b| tchar(b)).count();
        if len == 0 {
            return None;
        }
        let (token, rest) = self.rest.split_at(len);
        self.rest = rest;
        std::str::from_utf8(token).ok()
    }

    /// Consumes a token68 (`abc==`) when one comes next and is followed by
    /// the end or a comma.
    fn token68(&mut self) -> bool {
        let t68 = |b: u8| b.is_ascii_alphanumeric() || b"-._~+/".contains(&b);
        let len = self.rest.iter().take_while(|&&b| t68(b)).count();
        let pad = self.rest[len..].iter().take_while(|&&b| b == b'=').count();
        let rest = &self.rest[len + pad..];
        let after = rest.iter().find(|&&b| b != b' ' && b != b'\t');
        let found = len > 0 && matches!(after, None | Some(b','));
        if found {
            self.rest = rest;
        }
        found
    }

    /// An unquoted value: up to a comma, blank or quote.
    fn bare(&mut self) -> Option<String> {
        let len = self
            .rest
            .iter()
            .take_while(|&&b| !matches!(b, b',' | b' ' | b'\t' | b'"'))
            .count();
        let (value, rest) = self.rest.split_at(len);
        self.rest = rest;
        (len > 0).then(|| String::from_utf8_lossy(value).into_owned())
    }

    /// A quoted string starting at `"`; `None` when it is not closed.
    fn quoted(&mut self) -> Option<String> {
        let mut out = Vec::new();
        let mut i = 1;
        while i < self.rest.len() {
            match self.rest[i] {
                b'\\' if i + 1 < self.rest.len() => {
                    out.push(self.rest[i + 1]);
                    i += 2;
                }
                b'"' => {
                    self.rest = &self.rest[i + 1..];
                    return String::from_utf8(out).ok();
                }
                b => {
                    out.push(b);
                    i += 1;
                }
            }
        }
        None
    }
}

/// A user name and password for HTTP Basic authentication.
#[derive(Clone, PartialEq, Eq)]
pub struct Basic {
    pub username: String,
    password: String,
}

impl Basic {
    pub fn new(username: impl Into<String>, password: impl Into<String>) -> Basic {
        Basic {
            username: username.into(),
            password: password.into(),
        }
    }

    /// The `Authorization` header value.
    pub fn header(&self) -> String {
        let pair = format!("{}:{}", self.username, self.password);
        format!("Basic {}", STANDARD.encode(pair))
    }
}

impl fmt::Debug for Basic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Basic({}, <password hidden>)", self.username)
    }
}

/// Credentials by registry (`docker.io` or `host[:port]`): those written in
/// `auths`, and the credential helpers to ask (`credHelpers` for one
/// registry, `credsStore` for all others), as the Docker CLI does.
#[derive(Debug, Clone, Default)]
pub struct Credentials {
    by_registry: BTreeMap<String, Basic>,
    /// Where they were read from, for messages.
    pub source: Option<PathBuf>,
    /// `credsStore`: the helper for every registry without its own.
    store: Option<String>,
    /// `credHelpers`: registry → helper.
    helpers: BTreeMap<String, String>,
    /// What the helpers answered, by registry, for the run (each is asked
    /// once).
    asked: Arc<Mutex<BTreeMap<String, Option<Basic>>>>,
}

/// The most a credential helper may take (less when `--timeout` is less).
pub const HELPER_TIMEOUT: Duration = Duration::from_secs(10);

/// The server address Docker gives helpers for Docker Hub.
const DOCKER_HUB_SERVER: &str = "https://index.docker.io/v1/";

#[derive(Deserialize)]
struct ConfigFile {
    #[serde(default)]
    auths: BTreeMap<String, AuthEntry>,
    #[serde(default, rename = "credsStore")]
    creds_store: Option<String>,
    #[serde(default, rename = "credHelpers")]
    cred_helpers: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct AuthEntry {
    #[serde(default)]
    auth: Option<String>,
    #[serde(default)]
    username: Option<String>,
    #[serde(default)]
    password: Option<String>,
}

impl Credentials {
    /// `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`.
    pub fn default_path() -> Option<PathBuf> {
        if let Some(dir) = std::env::var_os("DOCKER_CONFIG").filter(|d| !d.is_empty()) {
            return Some(PathBuf::from(dir).join("config.json"));
        }
        let home = std::env::var_os("HOME").filter(|h| !h.is_empty())?;
        Some(PathBuf::from(home).join(".docker").join("config.json"))
    }

    /// Reads a Docker config file; a missing file means no credentials. The
    /// error never quotes the file's content.
    pub fn load(path: &Path) -> Result<Credentials, String> {
        let bytes = match crate::input::read_bytes(path, crate::input::MAX_FILE) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Credentials::default());
            }
            Err(e) => return Err(format!("{}: {e}", path.display())),
        };
        let mut credentials = Credentials::parse(&bytes)
            .map_err(|e| format!("{}: {e}; ignoring its credentials", path.display()))?;
        credentials.source = Some(path.to_path_buf());
        Ok(credentials)
    }

    /// Parses the JSON of a Docker config file (`auths` entries with `auth`,
    /// or `username` and `password`).
    pub fn parse(json: &[u8]) -> Result<Credentials, String> {
        let config: ConfigFile = serde_json::from_slice(json).map_err(|e| {
            // serde_json's messages name positions and types, never values.
            format!("not a valid Docker config file ({e})")
        })?;
        let mut credentials = Credentials {
            store: config.creds_store.filter(|name| !name.is_empty()),
            helpers: config
                .cred_helpers
                .iter()
                .filter(|(_, name)| !name.is_empty())
                .filter_map(|(key, name)| Some((registry_of_key(key)?, name.clone())))
                .collect(),
            ..Credentials::default()
        };
        for (key, entry) in config.auths {
            let Some(registry) = registry_of_key(&key) else {
                continue;
            };
            let basic = match (&entry.auth, &entry.username, &entry.password) {
                (Some(auth), _, _) if !auth.is_empty() => decode_auth(auth),
                (_, Some(user), Some(password)) if !user.is_empty() => {
                    Some(Basic::new(user.clone(), password.clone()))
                }
                _ => None,
            };
            if let Some(basic) = basic {
                credentials.by_registry.insert(registry, basic);
            }
        }
        Ok(credentials)
    }

    pub fn is_empty(&self) -> bool {
        self.by_registry.is_empty() && self.store.is_none() && self.helpers.is_empty()
    }

    /// Whether credential helpers are configured.
    pub fn uses_helpers(&self) -> bool {
        self.store.is_some() || !self.helpers.is_empty()
    }

    /// The credential for the server at `authority` (`host[:port]` as in a
    /// URL without the default port). Docker Hub's are for its registry
    /// host only. The registry's helper (`credHelpers`, else `credsStore`)
    /// is asked first, at most once per run and for at most `timeout`; when
    /// it has none, or fails (a warning says why, never quoting it), the
    /// `auths` entry is used.
    pub fn for_authority(&self, authority: &str, timeout: Duration) -> Option<Basic> {
        let registry = registry_of_authority(authority);
        let written = self.by_registry.get(&registry).cloned();
        let written = || written;
        let Some(helper) = self.helpers.get(&registry).or(self.store.as_ref()) else {
            return written();
        };
        // Held while the helper runs, so that each registry's helper runs once.
        let mut asked = self.asked.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(answer) = asked.get(&registry) {
            return answer.clone().or_else(written);
        }
        let server = if registry == DOCKER_HUB {
            DOCKER_HUB_SERVER
        } else {
            &registry
        };
        let answer = match super::helper::get(helper, server, timeout.min(HELPER_TIMEOUT)) {
            Ok(answer) => answer,
            Err(why) => {
                eprintln!(
                    "fromlint: warning: credential helper `{}` for {registry}: {why}",
                    crate::report::escape_controls(helper)
                );
                None
            }
        };
        asked.insert(registry.clone(), answer.clone());
        answer.or_else(written)
    }

    #[cfg(test)]
    pub fn insert(&mut self, registry: &str, basic: Basic) {
        self.by_registry.insert(registry.to_string(), basic);
    }
}

/// The registry a `config.json` key names: `https://index.docker.io/v1/`,
/// `docker.io`, `localhost:5000`, `http://host:5000/v2/`.
fn registry_of_key(key: &str) -> Option<String> {
    let trimmed = key.trim();
    let without_scheme = trimmed.split_once("://").map_or(trimmed, |(_, rest)| rest);
    let authority = without_scheme.split('/').next()?.to_ascii_lowercase();
    if authority.is_empty() || authority.contains('@') {
        return None;
    }
    Some(registry_of_authority(&authority))
}

/// The registry served at `authority`: Docker Hub's hosts map to `docker.io`.
fn registry_of_authority(authority: &str) -> String {
    let lower = authority.to_ascii_lowercase();
    let lower = lower.strip_suffix(":443").unwrap_or(&lower);
    match lower {
        "docker.io" | "index.docker.io" | DOCKER_HUB_HOST => DOCKER_HUB.to_string(),
        other => other.to_string(),
    }
}

fn decode_auth(auth: &str) -> Option<Basic> {
    let bytes = STANDARD.decode(auth.trim()).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let (user, password) = text.split_once(':')?;
    (!user.is_empty()).then(|| Basic::new(user, password))
}

/// Whether a credential for the registry at `registry` (an authority) may
/// be sent to the token service `realm`.
pub fn may_send_to_realm(registry: &str, realm: &Url) -> bool {
    let realm_authority = realm.authority();
    if registry_of_authority(&realm_authority) == registry_of_authority(registry) {
        return true;
    }
    if registry_of_authority(registry) == DOCKER_HUB {
        return realm_authority == DOCKER_HUB_AUTH;
    }
    // A parent domain on the default port: `registry.gitlab.com` → `gitlab.com`,
    // matched by whole labels. IP literals (and numeric look-alikes such as
    // `127.0.1`) only ever match exactly, above.
    let registry_host = registry
        .split(':')
        .next()
        .unwrap_or(registry)
        .to_ascii_lowercase();
    let realm_host = realm.host.to_ascii_lowercase();
    realm.port.is_none()
        && !registry.contains(':')
        && realm_host.contains('.')
        && !is_address(&realm_host)
        && !is_address(&registry_host)
        && registry_host.ends_with(&format!(".{realm_host}"))
}

/// An IP literal, or a name whose last label is all digits (no top-level
/// domain is), which resolvers may read as an address (`127.0.1`).
fn is_address(host: &str) -> bool {
    host.starts_with('[')
        || host.parse::<std::net::IpAddr>().is_ok()
        || host
            .rsplit('.')
            .next()
            .is_some_and(|label| label.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bearer(params: &[(&str, &str)]) -> Challenge {
        Challenge {
            scheme: "bearer".into(),
            params: params
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    impl Credentials {
        fn for_authority_now(&self, authority: &str) -> Option<Basic> {
            self.for_authority(authority, Duration::from_secs(1))
        }
    }

    #[test]
    fn docker_hub_challenge() {
        let header = r#"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/python:pull""#;
        let challenges = parse_challenges(header);
        assert_eq!(
            challenges,
            vec![bearer(&[
                ("realm", "https://auth.docker.io/token"),
                ("service", "registry.docker.io"),
                ("scope", "repository:library/python:pull"),
            ])]
        );
        assert_eq!(challenges[0].param("service"), Some("registry.docker.io"));
    }

    #[test]
    fn several_challenges_tokens_spaces_and_escapes() {
        let header = r#"Basic realm="Registry Realm" , BEARER Realm=https://x/t, error="insufficient_scope", scope="a \"b\"",Negotiate abc=="#;
        let challenges = parse_challenges(header);
        assert_eq!(challenges.len(), 3, "{challenges:?}");
        assert_eq!(challenges[0].scheme, "basic");
        assert_eq!(challenges[0].param("realm"), Some("Registry Realm"));
        assert_eq!(challenges[1].scheme, "bearer");
        assert_eq!(challenges[1].param("realm"), Some("https://x/t"));
        assert_eq!(challenges[1].param("error"), Some("insufficient_scope"));
        assert_eq!(challenges[1].param("scope"), Some(r#"a "b""#));
        assert_eq!(challenges[2].scheme, "negotiate");
        assert!(challenges[2].params.is_empty());
    }

    #[test]
    fn broken_headers_keep_what_was_read() {
        assert!(parse_challenges("").is_empty());
        assert!(parse_challenges("  ,, ").is_empty());
        let unterminated = parse_challenges(r#"Bearer realm="https://x/t",service="oops"#);
        assert_eq!(unterminated.len(), 1);
        assert_eq!(unterminated[0].param("realm"), Some("https://x/t"));
        assert_eq!(unterminated[0].param("service"), None);
        let bare = parse_challenges("Basic");
        assert_eq!(bare[0].scheme, "basic");
    }

    #[test]
    fn docker_config_auths() {
        let json = br#"{
            "auths": {
                "https://index.docker.io/v1/": {"auth": "aHViOmh1YnBhc3M="},
                "127.0.0.1:5000": {"username": "alice", "password": "s3cret"},
                "http://LOCALHOST:5001/v2/": {"auth": "Ym9iOnB3OndpdGg6Y29sb25z"},
                "ghcr.io": {"auth": ""},
                "quay.io": {"identitytoken": "x"},
                "bad.example": {"auth": "!!!"}
            },
            "unknown": true
        }"#;
        let c = Credentials::parse(json).unwrap();
        assert!(!c.uses_helpers());
        assert_eq!(
            c.for_authority_now("registry-1.docker.io"),
            Some(Basic::new("hub", "hubpass"))
        );
        assert_eq!(
            c.for_authority_now("127.0.0.1:5000"),
            Some(Basic::new("alice", "s3cret"))
        );
        assert_eq!(
            c.for_authority_now("localhost:5001"),
            Some(Basic::new("bob", "pw:with:colons"))
        );
        for none in [
            "127.0.0.1:5001",
            "127.0.0.1",
            "ghcr.io",
            "quay.io",
            "bad.example",
            "auth.docker.io",
        ] {
            assert_eq!(c.for_authority_now(none), None, "{none}");
        }
        assert_eq!(
            Basic::new("alice", "s3cret").header(),
            "Basic YWxpY2U6czNjcmV0"
        );
        let shown = format!("{c:?}");
        assert!(
            !shown.contains("s3cret") && !shown.contains("hubpass"),
            "{shown}"
        );
    }

    #[test]
    fn helpers_by_registry_and_the_store() {
        let c = Credentials::parse(
            br#"{"credsStore": "desktop", "credHelpers": {"https://GCR.io/": "gcloud", "x.io": ""}}"#,
        )
        .unwrap();
        assert!(c.uses_helpers() && !c.is_empty());
        assert_eq!(c.store.as_deref(), Some("desktop"));
        assert_eq!(
            c.helpers.iter().collect::<Vec<_>>(),
            [(&"gcr.io".to_string(), &"gcloud".to_string())]
        );
    }

    #[test]
    fn bad_config_errors_do_not_quote_content() {
        let error = Credentials::parse(br#"{"auths": {"x": {"auth": 5, "password": "s3cret"}}}"#)
            .unwrap_err();
        assert!(!error.contains("s3cret"), "{error}");
        assert!(Credentials::parse(b"{}").unwrap().is_empty());
        let missing = Credentials::load(Path::new("/nonexistent/fromlint/config.json")).unwrap();
        assert!(missing.is_empty());
    }

    #[test]
    fn credentials_go_only_to_their_registry_and_its_token_service() {
        let url = |s: &str| Url::parse(s).unwrap();
        assert!(may_send_to_realm(
            "registry-1.docker.io",
            &url("https://auth.docker.io/token")
        ));
        assert!(may_send_to_realm("ghcr.io", &url("https://ghcr.io/token")));
        assert!(may_send_to_realm(
            "registry.gitlab.com",
            &url("https://gitlab.com/jwt/auth")
        ));
        assert!(may_send_to_realm(
            "127.0.0.1:5000",
            &url("http://127.0.0.1:5000/token")
        ));
        for (registry, realm) in [
            ("ghcr.io", "https://auth.docker.io/token"),
            ("registry-1.docker.io", "https://evil.example/token"),
            ("127.0.0.1:5000", "http://127.0.0.1:5001/token"),
            ("127.0.0.1:5000", "http://localhost:5000/token"),
            ("registry.gitlab.com", "https://gitlab.com:8443/jwt"),
            ("gitlab.com", "https://registry.gitlab.com/jwt"),
            ("reg.example.com", "https://com/token"),
            ("evil-example.com", "https://example.com/token"),
            ("127.127.0.1", "http://127.0.1/token"),
            ("10.1.2.3", "http://2.3/token"),
            ("registry.127.0.1", "http://127.0.1/token"),
        ] {
            assert!(
                !may_send_to_realm(registry, &url(realm)),
                "{registry} → {realm}"
            );
        }
    }
}
