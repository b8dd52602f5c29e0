//! Resolving a tag to a digest with the OCI distribution API: `HEAD
//! /v2/<name>/manifests/<tag>` accepting index and manifest types, the digest
//! from `Docker-Content-Digest` (or a `GET` whose body is hashed), Basic and
//! anonymous or credentialed Bearer-token authentication, mirrors, and the
//! transport rules (TLS except for loopback and `--insecure-registry` hosts,
//! timeouts, response size caps, redirects that drop credentials).

use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::Deserialize;
use ureq::tls::{Certificate, PemItem, RootCerts, TlsConfig};

use super::auth::{Credentials, may_send_to_realm, parse_challenges};
use super::reference::{DOCKER_HUB, DOCKER_HUB_HOST, ImageName, canonical_registry};
use super::url::{Scheme, Url};

pub const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";
pub const DOCKER_LIST: &str = "application/vnd.docker.distribution.manifest.list.v2+json";
pub const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
pub const DOCKER_MANIFEST: &str = "application/vnd.docker.distribution.manifest.v2+json";

/// Index types first: a registry that honours the list answers with the
/// multi-platform index, whose digest works on every platform.
const ACCEPT: &str = "application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json";

/// Largest manifest read (registries must accept manifests of 4 MiB).
pub const MAX_MANIFEST_BYTES: u64 = 4 << 20;
/// Largest token or error response read.
const MAX_SMALL_BYTES: u64 = 1 << 20;
const MAX_REDIRECTS: usize = 5;

/// `--registry-mirror REGISTRY=URL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mirror {
    /// Canonical registry name (`docker.io`, `ghcr.io`, `host:port`).
    pub registry: String,
    pub url: Url,
}

impl Mirror {
    pub fn parse(spec: &str) -> Result<Mirror, String> {
        let (registry, url) = spec.split_once('=').ok_or_else(|| {
            "expected REGISTRY=URL, e.g. docker.io=https://mirror.example".to_string()
        })?;
        let url = Url::parse(url.trim())?;
        if url.path.contains('?') {
            return Err(format!("mirror URL `{url}` must not have a query"));
        }
        Ok(Mirror {
            registry: canonical_registry(registry.trim())?,
            url,
        })
    }
}

/// How to reach registries.
#[derive(Debug, Clone)]
pub struct Options {
    pub mirrors: Vec<Mirror>,
    /// Hosts (`host` or `host:port`) that may be reached over plain HTTP.
    pub insecure: Vec<String>,
    /// Total time for one reference: every request it takes (tokens,
    /// `HEAD`, `GET`) and every redirect hop, connecting included.
    pub timeout: Duration,
    /// Total time for the run, counted from [`Resolver::new`]; a reference
    /// still unresolved when it is up fails.
    pub total_timeout: Duration,
    pub credentials: Credentials,
    /// Trusted root certificates in place of the built-in Mozilla roots
    /// (`--ca-file`, `SSL_CERT_FILE`).
    pub roots: Option<Vec<Certificate<'static>>>,
}

/// Reads a PEM bundle of CA certificates (a regular file of at most 64 MiB
/// with at least one certificate; other PEM items are skipped). Errors name
/// the file and what is wrong with it.
pub fn load_ca_bundle(path: &std::path::Path) -> Result<Vec<Certificate<'static>>, String> {
    let shown = path.display();
    let bytes = crate::input::read_bytes(path, crate::input::MAX_FILE)
        .map_err(|e| format!("cannot read the CA bundle {shown}: {e}"))?;
    let mut certificates = Vec::new();
    for item in ureq::tls::parse_pem(&bytes) {
        match item {
            Ok(PemItem::Certificate(certificate)) => certificates.push(certificate),
            Ok(_) => {}
            Err(e) => return Err(format!("the CA bundle {shown} is not valid PEM: {e}")),
        }
    }
    if certificates.is_empty() {
        return Err(format!(
            "the CA bundle {shown} has no PEM certificates (-----BEGIN CERTIFICATE-----)"
        ));
    }
    Ok(certificates)
}

/// What a tag resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// `sha256:` and 64 hex digits.
    pub digest: String,
    pub kind: ManifestKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ManifestKind {
    /// A multi-platform index (OCI index or Docker manifest list).
    Index,
    /// A single-platform image manifest.
    Manifest,
}

impl ManifestKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ManifestKind::Index => "index",
            ManifestKind::Manifest => "single-platform manifest",
        }
    }
}

/// Why a reference could not be resolved. Messages name hosts and
/// repositories, never credentials or tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResolveError {
    /// 404: no such tag (or repository).
    NotFound {
        what: String,
        code: Option<String>,
    },
    /// 401/403 after authenticating, or a challenge we cannot answer.
    Denied {
        status: u16,
        detail: String,
    },
    /// The reference's deadline (`--timeout`) passed.
    Timeout {
        host: String,
        seconds: u64,
    },
    /// The run's deadline (`--total-timeout`) passed.
    RunTimeout {
        seconds: u64,
    },
    Tls {
        host: String,
        detail: String,
    },
    Connect {
        host: String,
        detail: String,
    },
    /// Plain HTTP to a host that is neither loopback nor `--insecure-registry`.
    Insecure {
        url: String,
    },
    TooLarge {
        limit: u64,
    },
    Status {
        status: u16,
        host: String,
    },
    Protocol(String),
}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResolveError::NotFound { what, code } => {
                write!(f, "not found: {what} (HTTP 404")?;
                if let Some(code) = code {
                    write!(f, " {code}")?;
                }
                write!(f, ")")
            }
            ResolveError::Denied { status, detail } => {
                write!(f, "access denied (HTTP {status}): {detail}")
            }
            ResolveError::Timeout { host, seconds } => write!(
                f,
                "timed out talking to {host} (a reference gets {seconds} s in all, redirects \
                 included: --timeout)"
            ),
            ResolveError::RunTimeout { seconds } => write!(
                f,
                "not resolved: the run's {seconds} s ran out (--total-timeout)"
            ),
            ResolveError::Tls { host, detail } => write!(f, "TLS error with {host}: {detail}"),
            ResolveError::Connect { host, detail } => {
                write!(f, "cannot connect to {host}: {detail}")
            }
            ResolveError::Insecure { url } => write!(
                f,
                "refusing plain HTTP to {url}: only loopback hosts and hosts named with \
                 --insecure-registry are reached without TLS"
            ),
            ResolveError::TooLarge { limit } => {
                write!(f, "response larger than {limit} bytes, not read")
            }
            ResolveError::Status { status, host } => {
                write!(f, "unexpected HTTP {status} from {host}")
            }
            ResolveError::Protocol(detail) => f.write_str(detail),
        }
    }
}

/// Credentials to attach, and the one server they are for.
#[derive(Clone)]
struct Auth {
    authority: String,
    header: String,
}

struct Reply {
    status: u16,
    url: Url,
    digest: Option<String>,
    content_type: Option<String>,
    challenges: Vec<String>,
    body: Vec<u8>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Method {
    Head,
    Get,
}

/// Resolves tags; shareable between threads. Bearer tokens are cached per
/// registry, realm, service and scope for the run.
pub struct Resolver {
    options: Options,
    /// For loopback hosts: never through a proxy.
    direct: ureq::Agent,
    /// For everything else: proxies from the environment, as curl does.
    proxied: ureq::Agent,
    tokens: Mutex<HashMap<String, String>>,
    /// When the run's time is up.
    run_deadline: Instant,
}

/// When the reference being resolved must be done, and whether that is the
/// run's deadline (which comes first) or its own.
#[derive(Clone, Copy)]
struct Deadline {
    at: Instant,
    run: bool,
}

impl Resolver {
    /// Checks the mirrors against the plain-HTTP rule up front.
    pub fn new(options: Options) -> Result<Resolver, String> {
        for mirror in &options.mirrors {
            if !allowed(&options.insecure, &mirror.url) {
                return Err(ResolveError::Insecure {
                    url: mirror.url.to_string(),
                }
                .to_string());
            }
        }
        let agent = |proxy: bool| {
            let builder = ureq::Agent::config_builder()
                .http_status_as_error(false)
                .max_redirects(0)
                .max_redirects_will_error(false)
                .timeout_global(Some(options.timeout))
                .timeout_connect(Some(options.timeout.min(Duration::from_secs(10))))
                .user_agent(concat!("fromlint/", env!("CARGO_PKG_VERSION")));
            let builder = match &options.roots {
                Some(roots) => builder.tls_config(
                    TlsConfig::builder()
                        .root_certs(RootCerts::new_with_certs(roots))
                        .build(),
                ),
                None => builder,
            };
            let builder = if proxy { builder } else { builder.proxy(None) };
            builder.build().new_agent()
        };
        Ok(Resolver {
            direct: agent(false),
            proxied: agent(true),
            tokens: Mutex::new(HashMap::new()),
            run_deadline: Instant::now() + options.total_timeout,
            options,
        })
    }

    /// The base URL that serves `registry` (a mirror, Docker Hub's API host,
    /// or the registry itself over HTTPS; plain HTTP for loopback and
    /// `--insecure-registry` hosts).
    pub fn endpoint(&self, registry: &str) -> Url {
        if let Some(mirror) = self.options.mirrors.iter().find(|m| m.registry == registry) {
            return mirror.url.clone();
        }
        let authority = if registry == DOCKER_HUB {
            DOCKER_HUB_HOST
        } else {
            registry
        };
        let url = Url::parse(&format!("https://{authority}")).expect("validated registry host");
        let plain = url.is_loopback() || self.is_insecure(&url);
        if plain {
            Url {
                scheme: Scheme::Http,
                ..Url::parse(&format!("http://{authority}")).expect("validated registry host")
            }
        } else {
            url
        }
    }

    fn is_insecure(&self, url: &Url) -> bool {
        is_listed(&self.options.insecure, url)
    }

    /// The digest the tag points to: of the index for multi-platform images.
    /// All its requests share one deadline: `timeout` from now, or the
    /// run's, whichever comes first.
    pub fn resolve(&self, name: &ImageName) -> Result<Resolved, ResolveError> {
        let own = Instant::now() + self.options.timeout;
        let deadline = if self.run_deadline <= own {
            Deadline {
                at: self.run_deadline,
                run: true,
            }
        } else {
            Deadline {
                at: own,
                run: false,
            }
        };
        let url = self
            .endpoint(&name.registry)
            .with_path(&format!("/v2/{}/manifests/{}", name.repository, name.tag));
        let (head, auth) = self.fetch(Method::Head, &url, name, None, deadline)?;
        let fallback = match head.status {
            200 => {
                let kind = manifest_kind(head.content_type.as_deref(), None)?;
                match head.digest.as_deref() {
                    Some(digest) if super::reference::is_sha256_digest(digest) => {
                        return Ok(Resolved {
                            digest: digest.to_string(),
                            kind,
                        });
                    }
                    _ => true,
                }
            }
            // Registries that do not implement HEAD.
            405 | 501 => true,
            _ => false,
        };
        if !fallback {
            return Err(status_error(&head, name));
        }
        let (get, _) = self.fetch(Method::Get, &url, name, auth, deadline)?;
        if get.status != 200 {
            return Err(status_error(&get, name));
        }
        let kind = manifest_kind(get.content_type.as_deref(), Some(&get.body))?;
        let digest = format!("sha256:{}", sha256_hex(&get.body));
        if let Some(claimed) = get.digest.as_deref()
            && !matches_body(claimed, &get.body)
        {
            return Err(ResolveError::Protocol(format!(
                "{} claims digest {} but its manifest hashes to {digest}",
                get.url.authority(),
                shown(claimed)
            )));
        }
        Ok(Resolved { digest, kind })
    }

    /// Sends a request, answering one authentication challenge; returns the
    /// reply and the credentials that worked (for a follow-up request).
    fn fetch(
        &self,
        method: Method,
        url: &Url,
        name: &ImageName,
        auth: Option<Auth>,
        deadline: Deadline,
    ) -> Result<(Reply, Option<Auth>), ResolveError> {
        let reply = self.send(method, url, auth.as_ref(), MAX_MANIFEST_BYTES, deadline)?;
        if reply.status != 401 {
            return Ok((reply, auth));
        }
        let auth = self.authenticate(&reply, name, deadline)?;
        let reply = self.send(method, url, Some(&auth), MAX_MANIFEST_BYTES, deadline)?;
        if matches!(reply.status, 401 | 403) {
            let with = if auth.header.starts_with("Basic ") {
                format!("with the credentials for {}", auth.authority)
            } else {
                "with the token the registry issued".to_string()
            };
            return Err(ResolveError::Denied {
                status: reply.status,
                detail: format!(
                    "{} refused {with}; the repository may not exist or you may lack access",
                    reply.url.authority()
                ),
            });
        }
        Ok((reply, Some(auth)))
    }

    /// Answers a 401: a Bearer token from the realm (anonymous, or with this
    /// registry's credentials where they may go), or Basic credentials.
    fn authenticate(
        &self,
        reply: &Reply,
        name: &ImageName,
        deadline: Deadline,
    ) -> Result<Auth, ResolveError> {
        let registry = reply.url.authority();
        let challenges: Vec<_> = reply
            .challenges
            .iter()
            .flat_map(|h| parse_challenges(h))
            .collect();
        let credentials = self
            .options
            .credentials
            .for_authority(&registry, self.options.timeout);
        if let Some(bearer) = challenges.iter().find(|c| c.scheme == "bearer") {
            let realm = bearer.param("realm").ok_or_else(|| {
                ResolveError::Protocol(format!(
                    "{registry} sent a Bearer challenge without a realm"
                ))
            })?;
            let realm = Url::parse(realm).map_err(|e| {
                ResolveError::Protocol(format!("{registry} named a bad token realm: {e}"))
            })?;
            let default_scope = format!("repository:{}:pull", name.repository);
            let scope = bearer.param("scope").unwrap_or(&default_scope);
            let service = bearer.param("service");
            let key = format!("{registry}\n{realm}\n{service:?}\n{scope}");
            if let Some(token) = self.tokens.lock().expect("token cache").get(&key) {
                return Ok(Auth {
                    authority: registry,
                    header: format!("Bearer {token}"),
                });
            }
            let mut params = Vec::new();
            if let Some(service) = service {
                params.push(("service", service));
            }
            params.push(("scope", scope));
            let token_url = realm.with_query(&params);
            let basic = credentials
                .filter(|_| may_send_to_realm(&registry, &realm))
                .map(|basic| Auth {
                    authority: realm.authority(),
                    header: basic.header(),
                });
            let token_reply = self.send(
                Method::Get,
                &token_url,
                basic.as_ref(),
                MAX_SMALL_BYTES,
                deadline,
            )?;
            if token_reply.status != 200 {
                let how = if basic.is_some() {
                    format!("with the credentials for {registry}")
                } else {
                    "anonymously".to_string()
                };
                return Err(ResolveError::Denied {
                    status: token_reply.status,
                    detail: format!(
                        "the token service {} refused a token {how}",
                        realm.authority()
                    ),
                });
            }
            let token = parse_token(&token_reply.body).ok_or_else(|| {
                ResolveError::Protocol(format!(
                    "the token service {} sent no usable token",
                    realm.authority()
                ))
            })?;
            self.tokens
                .lock()
                .expect("token cache")
                .insert(key, token.clone());
            return Ok(Auth {
                authority: registry,
                header: format!("Bearer {token}"),
            });
        }
        if challenges.iter().any(|c| c.scheme == "basic") {
            return match credentials {
                Some(basic) => Ok(Auth {
                    authority: registry,
                    header: basic.header(),
                }),
                None => Err(ResolveError::Denied {
                    status: 401,
                    detail: format!(
                        "{registry} needs a user name and password, and {}",
                        self.none_found()
                    ),
                }),
            };
        }
        Err(ResolveError::Denied {
            status: 401,
            detail: format!(
                "{registry} asked for an authentication scheme fromlint does not speak"
            ),
        })
    }

    fn none_found(&self) -> &'static str {
        if self.options.credentials.uses_helpers() {
            "neither the Docker config nor its credential helper has one for it"
        } else {
            "the Docker config has none for it"
        }
    }

    /// One request, following up to five redirects by hand so that each
    /// target is checked against the plain-HTTP rule and credentials are
    /// attached only to the server they belong to. The body is read up to
    /// `limit` bytes (a larger one is an error). Each request gets what is
    /// left of `deadline`, no more.
    fn send(
        &self,
        method: Method,
        url: &Url,
        auth: Option<&Auth>,
        limit: u64,
        deadline: Deadline,
    ) -> Result<Reply, ResolveError> {
        let mut url = url.clone();
        for _ in 0..=MAX_REDIRECTS {
            if !allowed(&self.options.insecure, &url) {
                return Err(ResolveError::Insecure {
                    url: url.to_string(),
                });
            }
            let left = deadline.at.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(self.timed_out(deadline, &url));
            }
            let agent = if url.is_loopback() {
                &self.direct
            } else {
                &self.proxied
            };
            let target = url.to_string();
            let request = match method {
                Method::Head => agent.head(&target),
                Method::Get => agent.get(&target),
            };
            let mut request = request
                .config()
                .timeout_global(Some(left))
                .build()
                .header("Accept", ACCEPT);
            if let Some(auth) = auth.filter(|a| a.authority == url.authority()) {
                request = request.header("Authorization", &auth.header);
            }
            let response = request
                .call()
                .map_err(|e| self.transport_error(e, &url, deadline))?;
            let status = response.status().as_u16();
            let header = |name: &str| {
                response
                    .headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(|v| v.trim().to_string())
            };
            if matches!(status, 301 | 302 | 303 | 307 | 308) {
                let location = header("location").ok_or_else(|| {
                    ResolveError::Protocol(format!(
                        "{} redirected without a Location",
                        url.authority()
                    ))
                })?;
                url = url.join(&location).map_err(|e| {
                    ResolveError::Protocol(format!("{} redirected badly: {e}", url.authority()))
                })?;
                continue;
            }
            let digest = header("docker-content-digest");
            let content_type = header("content-type");
            let challenges = response
                .headers()
                .get_all("www-authenticate")
                .iter()
                .filter_map(|v| v.to_str().ok().map(str::to_string))
                .collect();
            let body = if method == Method::Get {
                response
                    .into_body()
                    .with_config()
                    .limit(limit)
                    .read_to_vec()
                    .map_err(|e| match e {
                        ureq::Error::BodyExceedsLimit(_) => ResolveError::TooLarge { limit },
                        other => self.transport_error(other, &url, deadline),
                    })?
            } else {
                Vec::new()
            };
            return Ok(Reply {
                status,
                url,
                digest,
                content_type,
                challenges,
                body,
            });
        }
        Err(ResolveError::Protocol(format!(
            "more than {MAX_REDIRECTS} redirects from {}",
            url.authority()
        )))
    }
}

/// HTTPS always; plain HTTP only to loopback and listed hosts.
fn allowed(insecure: &[String], url: &Url) -> bool {
    url.scheme == Scheme::Https || url.is_loopback() || is_listed(insecure, url)
}

fn is_listed(insecure: &[String], url: &Url) -> bool {
    let authority = url.authority();
    insecure
        .iter()
        .any(|h| h.eq_ignore_ascii_case(&authority) || h.eq_ignore_ascii_case(&url.host))
}

impl Resolver {
    /// The error for a deadline that has passed.
    fn timed_out(&self, deadline: Deadline, url: &Url) -> ResolveError {
        if deadline.run {
            ResolveError::RunTimeout {
                seconds: self.options.total_timeout.as_secs(),
            }
        } else {
            ResolveError::Timeout {
                host: url.authority(),
                seconds: self.options.timeout.as_secs(),
            }
        }
    }

    fn transport_error(&self, error: ureq::Error, url: &Url, deadline: Deadline) -> ResolveError {
        match error {
            ureq::Error::Timeout(_) => self.timed_out(deadline, url),
            ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::TimedOut => {
                self.timed_out(deadline, url)
            }
            other => transport_error(other, url),
        }
    }
}

fn transport_error(error: ureq::Error, url: &Url) -> ResolveError {
    let host = url.authority();
    match error {
        ureq::Error::Rustls(e) => ResolveError::Tls {
            host,
            detail: e.to_string(),
        },
        ureq::Error::Tls(detail) => ResolveError::Tls {
            host,
            detail: detail.to_string(),
        },
        // rustls reports handshake and certificate failures as I/O errors of
        // kind InvalidData.
        ureq::Error::Io(e)
            if url.scheme == Scheme::Https && e.kind() == std::io::ErrorKind::InvalidData =>
        {
            ResolveError::Tls {
                host,
                detail: e.to_string(),
            }
        }
        ureq::Error::HostNotFound => ResolveError::Connect {
            host,
            detail: "host not found".to_string(),
        },
        ureq::Error::Io(e) => ResolveError::Connect {
            host,
            detail: e.to_string(),
        },
        ureq::Error::ConnectionFailed => ResolveError::Connect {
            host,
            detail: "connection failed".to_string(),
        },
        other => ResolveError::Protocol(format!("HTTP error with {host}: {other}")),
    }
}

/// The error for a reply that is not a manifest.
fn status_error(reply: &Reply, name: &ImageName) -> ResolveError {
    let host = reply.url.authority();
    match reply.status {
        404 => ResolveError::NotFound {
            what: format!(
                "no tag `{}` in {}/{} at {host}",
                name.tag, name.registry, name.repository
            ),
            code: error_code(&reply.body),
        },
        401 | 403 => ResolveError::Denied {
            status: reply.status,
            detail: format!("{host} refused access to {}", name.repository),
        },
        429 => ResolveError::Status {
            status: 429,
            host: format!("{host} (rate limited; try again later or use a mirror)"),
        },
        status => ResolveError::Status { status, host },
    }
}

/// The first `errors[].code` of a distribution error body, if it is one.
fn error_code(body: &[u8]) -> Option<String> {
    #[derive(Deserialize)]
    struct Errors {
        errors: Vec<Entry>,
    }
    #[derive(Deserialize)]
    struct Entry {
        code: String,
    }
    let errors: Errors = serde_json::from_slice(body).ok()?;
    let code = errors.errors.into_iter().next()?.code;
    let plain = !code.is_empty()
        && code.len() <= 64
        && code.bytes().all(|b| b.is_ascii_uppercase() || b == b'_');
    plain.then_some(code)
}

/// Accepts the four manifest types; anything else (schema 1, HTML from a
/// captive portal…) would give a digest nobody can pull by.
fn manifest_kind(
    content_type: Option<&str>,
    body: Option<&[u8]>,
) -> Result<ManifestKind, ResolveError> {
    #[derive(Deserialize)]
    struct Head {
        #[serde(rename = "mediaType")]
        media_type: Option<String>,
        #[serde(rename = "schemaVersion")]
        schema_version: Option<u64>,
        manifests: Option<serde_json::Value>,
    }
    let media_type = content_type
        .map(|t| t.split(';').next().unwrap_or(t).trim().to_ascii_lowercase())
        .filter(|t| !t.is_empty() && t != "application/json" && t != "application/octet-stream");
    let media_type = match (media_type, body) {
        (Some(t), _) => t,
        (None, Some(body)) => {
            let head: Head = serde_json::from_slice(body)
                .map_err(|_| ResolveError::Protocol("the manifest is not JSON".to_string()))?;
            match (head.media_type, head.schema_version) {
                (Some(t), _) => t,
                (None, Some(2)) if head.manifests.is_some() => OCI_INDEX.to_string(),
                (None, Some(2)) => OCI_MANIFEST.to_string(),
                _ => String::from("a schema 1 manifest"),
            }
        }
        // A HEAD without a type: judge by the digest alone.
        (None, None) => return Ok(ManifestKind::Manifest),
    };
    match media_type.as_str() {
        OCI_INDEX | DOCKER_LIST => Ok(ManifestKind::Index),
        OCI_MANIFEST | DOCKER_MANIFEST => Ok(ManifestKind::Manifest),
        other => Err(ResolveError::Protocol(format!(
            "the registry answered with {}, not an image index or manifest",
            shown(other)
        ))),
    }
}

fn parse_token(body: &[u8]) -> Option<String> {
    #[derive(Deserialize)]
    struct TokenReply {
        token: Option<String>,
        access_token: Option<String>,
    }
    let reply: TokenReply = serde_json::from_slice(body).ok()?;
    let token = reply
        .token
        .filter(|t| !t.is_empty())
        .or(reply.access_token)?;
    let usable = !token.is_empty() && token.bytes().all(|b| b.is_ascii_graphic());
    usable.then_some(token)
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&ring::digest::SHA256, bytes)
}

fn hex(algorithm: &'static ring::digest::Algorithm, bytes: &[u8]) -> String {
    let digest = ring::digest::digest(algorithm, bytes);
    digest.as_ref().iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether a `Docker-Content-Digest` value is the digest of `body`. SHA-256
/// and SHA-512 are checked; other algorithms are not registered by OCI and
/// cannot be, so they count as a mismatch.
fn matches_body(claimed: &str, body: &[u8]) -> bool {
    match claimed.split_once(':') {
        Some(("sha256", hex_digest)) => hex_digest == hex(&ring::digest::SHA256, body),
        Some(("sha512", hex_digest)) => hex_digest == hex(&ring::digest::SHA512, body),
        _ => false,
    }
}

/// Server-provided text for a message: printable, at most 100 characters.
fn shown(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).take(100).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mirrors_parse_and_canonicalize() {
        let mirror = Mirror::parse("index.docker.io=http://127.0.0.1:5000/").unwrap();
        assert_eq!(mirror.registry, "docker.io");
        assert_eq!(mirror.url.authority(), "127.0.0.1:5000");
        assert!(Mirror::parse("docker.io").is_err());
        assert!(Mirror::parse("docker.io=127.0.0.1:5000").is_err());
        assert!(Mirror::parse("docker.io=https://m.example/?x=1").is_err());
        assert!(Mirror::parse("bad host=https://m.example").is_err());
    }

    fn resolver(mirrors: &[&str], insecure: &[&str]) -> Result<Resolver, String> {
        Resolver::new(Options {
            mirrors: mirrors.iter().map(|m| Mirror::parse(m).unwrap()).collect(),
            insecure: insecure.iter().map(|s| s.to_string()).collect(),
            timeout: Duration::from_secs(1),
            total_timeout: Duration::from_secs(10),
            credentials: Credentials::default(),
            roots: None,
        })
    }

    #[test]
    fn endpoints_and_the_plain_http_rule() {
        let r = resolver(&["ghcr.io=https://mirror.example/ghcr"], &["reg.lan:5000"]).unwrap();
        assert_eq!(
            r.endpoint("docker.io").to_string(),
            "https://registry-1.docker.io"
        );
        assert_eq!(
            r.endpoint("ghcr.io").to_string(),
            "https://mirror.example/ghcr"
        );
        assert_eq!(r.endpoint("quay.io").to_string(), "https://quay.io");
        assert_eq!(
            r.endpoint("localhost:5000").to_string(),
            "http://localhost:5000"
        );
        assert_eq!(
            r.endpoint("reg.lan:5000").to_string(),
            "http://reg.lan:5000"
        );
        assert_eq!(
            r.endpoint("reg.lan:5001").to_string(),
            "https://reg.lan:5001"
        );
        let refused = resolver(&["docker.io=http://mirror.example"], &[])
            .err()
            .unwrap();
        assert!(refused.contains("refusing plain HTTP"), "{refused}");
        assert!(resolver(&["docker.io=http://mirror.example"], &["mirror.example"]).is_ok());
        assert!(resolver(&["docker.io=http://[::1]:5000"], &[]).is_ok());
    }

    #[test]
    fn plain_http_to_a_public_host_is_refused_before_connecting() {
        let r = resolver(&[], &[]).unwrap();
        let url = Url::parse("http://registry.example/v2/").unwrap();
        let deadline = Deadline {
            at: Instant::now() + Duration::from_secs(1),
            run: false,
        };
        let error = r
            .send(Method::Head, &url, None, 10, deadline)
            .err()
            .unwrap();
        assert!(matches!(error, ResolveError::Insecure { .. }), "{error}");
    }

    #[test]
    fn manifest_kinds() {
        assert_eq!(
            manifest_kind(Some(OCI_INDEX), None),
            Ok(ManifestKind::Index)
        );
        assert_eq!(
            manifest_kind(
                Some("application/vnd.docker.distribution.manifest.list.v2+json; charset=utf-8"),
                None
            ),
            Ok(ManifestKind::Index)
        );
        assert_eq!(
            manifest_kind(Some(DOCKER_MANIFEST), None),
            Ok(ManifestKind::Manifest)
        );
        assert!(
            manifest_kind(
                Some("application/vnd.docker.distribution.manifest.v1+prettyjws"),
                None
            )
            .is_err()
        );
        assert!(manifest_kind(Some("text/html"), Some(b"<html>")).is_err());
        assert_eq!(
            manifest_kind(None, Some(br#"{"schemaVersion":2,"manifests":[]}"#)),
            Ok(ManifestKind::Index)
        );
        assert!(manifest_kind(Some("application/json"), Some(br#"{"schemaVersion":1}"#)).is_err());
    }

    #[test]
    fn tokens_and_error_codes() {
        assert_eq!(parse_token(br#"{"token":"abc"}"#).as_deref(), Some("abc"));
        assert_eq!(
            parse_token(br#"{"token":"","access_token":"xyz"}"#).as_deref(),
            Some("xyz")
        );
        assert_eq!(parse_token(br#"{"token":"a b"}"#), None);
        assert_eq!(parse_token(b"nope"), None);
        assert_eq!(
            error_code(br#"{"errors":[{"code":"MANIFEST_UNKNOWN","message":"x"}]}"#).as_deref(),
            Some("MANIFEST_UNKNOWN")
        );
        assert_eq!(error_code(br#"{"errors":[{"code":"<script>"}]}"#), None);
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        let sha256 = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        assert!(matches_body(sha256, b""));
        assert!(!matches_body(sha256, b"x"));
        let sha512 = "sha512:cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce\
                      47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e";
        assert!(matches_body(sha512, b""));
        assert!(!matches_body("md5:d41d8cd98f00b204e9800998ecf8427e", b""));
    }
}
