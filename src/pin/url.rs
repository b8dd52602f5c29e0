//! The little URL handling registry access needs: mirror and token-realm
//! URLs, redirect targets, and the plain-HTTP rule. No user info, no
//! fragments: a URL with a password in it is refused rather than printed.

use std::fmt;
use std::net::IpAddr;

use super::reference::split_host_port;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    Http,
    Https,
}

impl Scheme {
    fn as_str(self) -> &'static str {
        match self {
            Scheme::Http => "http",
            Scheme::Https => "https",
        }
    }

    fn default_port(self) -> u16 {
        match self {
            Scheme::Http => 80,
            Scheme::Https => 443,
        }
    }
}

/// An absolute `http`/`https` URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url {
    pub scheme: Scheme,
    /// Lowercase host name, IPv4 address, or `[v6]` address.
    pub host: String,
    /// The port, when it is not the scheme's default.
    pub port: Option<u16>,
    /// Path and query, starting with `/` (may be empty).
    pub path: String,
}

impl Url {
    pub fn parse(text: &str) -> Result<Url, String> {
        let bad = |why: &str| format!("`{}` is not a usable URL: {why}", shown(text));
        let (scheme, rest) = match text.split_once("://") {
            Some((s, rest)) if s.eq_ignore_ascii_case("https") => (Scheme::Https, rest),
            Some((s, rest)) if s.eq_ignore_ascii_case("http") => (Scheme::Http, rest),
            _ => return Err(bad("it must start with http:// or https://")),
        };
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, path) = rest.split_at(end);
        if authority.contains('@') {
            return Err(bad("credentials in URLs are not supported"));
        }
        if path.contains('#') || path.chars().any(|c| c.is_control() || c == ' ') {
            return Err(bad("unexpected characters in the path"));
        }
        let (host, port) = split_host_port(authority).ok_or_else(|| bad("bad host"))?;
        let host = host.to_ascii_lowercase();
        let host_ok = match host.strip_prefix('[') {
            Some(inner) => inner
                .strip_suffix(']')
                .is_some_and(|ip| ip.parse::<std::net::Ipv6Addr>().is_ok()),
            None => {
                !host.is_empty()
                    && host
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
            }
        };
        if !host_ok {
            return Err(bad("bad host"));
        }
        let port = match port {
            None => None,
            Some(p) => Some(p.parse::<u16>().map_err(|_| bad("bad port"))?),
        }
        .filter(|&p| p != scheme.default_port());
        let path = if path.starts_with('?') {
            format!("/{path}")
        } else {
            path.to_string()
        };
        Ok(Url {
            scheme,
            host,
            port,
            path,
        })
    }

    /// `host[:port]`, the port only when it is not the default.
    pub fn authority(&self) -> String {
        match self.port {
            Some(port) => format!("{}:{port}", self.host),
            None => self.host.clone(),
        }
    }

    /// The URL of a redirect target: absolute, or an absolute path on the
    /// same server.
    pub fn join(&self, location: &str) -> Result<Url, String> {
        if location.starts_with('/') && !location.starts_with("//") {
            Ok(Url {
                path: location.to_string(),
                ..self.clone()
            })
        } else {
            Url::parse(location)
        }
    }

    /// This URL with `suffix` appended to the path.
    pub fn with_path(&self, suffix: &str) -> Url {
        Url {
            path: format!("{}{suffix}", self.path.trim_end_matches('/')),
            ..self.clone()
        }
    }

    /// This URL with query parameters added (percent-encoded).
    pub fn with_query(&self, params: &[(&str, &str)]) -> Url {
        let mut path = self.path.clone();
        for (key, value) in params {
            path.push(if path.contains('?') { '&' } else { '?' });
            path += &format!("{}={}", encode(key), encode(value));
        }
        Url {
            path,
            ..self.clone()
        }
    }

    pub fn is_loopback(&self) -> bool {
        is_loopback_host(&self.host)
    }
}

impl fmt::Display for Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}://{}{}",
            self.scheme.as_str(),
            self.authority(),
            self.path
        )
    }
}

/// `localhost`, `127.0.0.0/8` and `::1`.
pub fn is_loopback_host(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Percent-encoding for a query component: everything but unreserved bytes.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out += &format!("%{byte:02X}");
        }
    }
    out
}

/// A URL for an error message: user info replaced by `***`, at most 200
/// characters, no control characters.
fn shown(text: &str) -> String {
    let redacted = match text.split_once("://") {
        Some((scheme, rest)) => {
            let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
            match rest[..end].rfind('@') {
                Some(at) => format!("{scheme}://***{}", &rest[at..]),
                None => text.to_string(),
            }
        }
        None => text.to_string(),
    };
    redacted
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_mirrors_and_realms() {
        let url = Url::parse("http://127.0.0.1:5000").unwrap();
        assert_eq!(url.scheme, Scheme::Http);
        assert_eq!(url.authority(), "127.0.0.1:5000");
        assert_eq!(url.path, "");
        assert!(url.is_loopback());
        let realm = Url::parse("https://Auth.Docker.IO:443/token?x=1").unwrap();
        assert_eq!(realm.authority(), "auth.docker.io");
        assert_eq!(realm.to_string(), "https://auth.docker.io/token?x=1");
        assert!(!realm.is_loopback());
        let v6 = Url::parse("http://[::1]:8080/prefix/").unwrap();
        assert_eq!(v6.authority(), "[::1]:8080");
        assert!(v6.is_loopback());
        assert_eq!(
            v6.with_path("/v2/x").to_string(),
            "http://[::1]:8080/prefix/v2/x"
        );
        assert!(Url::parse("http://localhost").unwrap().is_loopback());
        assert!(Url::parse("http://127.9.9.9").unwrap().is_loopback());
        assert!(!Url::parse("http://128.0.0.1").unwrap().is_loopback());
    }

    #[test]
    fn refuses_what_it_cannot_handle_safely() {
        for bad in [
            "127.0.0.1:5000",
            "ftp://x",
            "https://user:secret@host/",
            "https://host:99999/",
            "https://ho st/",
            "https://host/a b",
            "https:///path",
        ] {
            let error = Url::parse(bad).unwrap_err();
            assert!(!error.contains("secret"), "{error}");
        }
    }

    #[test]
    fn joins_redirects_and_encodes_queries() {
        let base = Url::parse("https://reg.example:444/v2/a/manifests/1").unwrap();
        assert_eq!(
            base.join("/elsewhere").unwrap().to_string(),
            "https://reg.example:444/elsewhere"
        );
        assert_eq!(
            base.join("http://cdn.example/x").unwrap().to_string(),
            "http://cdn.example/x"
        );
        assert!(base.join("//cdn.example/x").is_err());
        let token = Url::parse("https://auth.example/token?a=b")
            .unwrap()
            .with_query(&[("scope", "repository:library/python:pull"), ("s", "a b")]);
        assert_eq!(
            token.to_string(),
            "https://auth.example/token?a=b&scope=repository%3Alibrary%2Fpython%3Apull&s=a%20b"
        );
    }
}
