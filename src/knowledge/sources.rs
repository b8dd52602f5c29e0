//! Where each fact comes from. Keys are cited by the tables in this module.

/// The date the facts below were last checked.
pub const CHECKED: &str = "2026-11-23";

pub struct Source {
    pub key: &'static str,
    pub reference: &'static str,
}

pub const SOURCES: &[Source] = &[
    Source {
        key: "RI-py-full",
        reference: "docker-library/repo-info repos/python/remote/3.14-trixie.md",
    },
    Source {
        key: "RI-py-slim",
        reference: "docker-library/repo-info repos/python/remote/3.14-slim-trixie.md",
    },
    Source {
        key: "RI-node-full",
        reference: "docker-library/repo-info repos/node/remote/24-bookworm.md",
    },
    Source {
        key: "RI-node-slim",
        reference: "docker-library/repo-info repos/node/remote/24-bookworm-slim.md",
    },
    Source {
        key: "RI-go-full",
        reference: "docker-library/repo-info repos/golang/remote/1.26-trixie.md",
    },
    Source {
        key: "RI-rust-slim",
        reference: "docker-library/repo-info repos/rust/remote/1-slim-trixie.md",
    },
    Source {
        key: "OI-library",
        reference: "docker-library/official-images library/<image> (tags and variants)",
    },
    Source {
        key: "DOCS-variants",
        reference: "docker-library/docs .template-helpers/variant*.md",
    },
    Source {
        key: "PHP-FROM",
        reference: "docker-library/php Dockerfiles (Debian variants FROM debian:<suite>-slim)",
    },
    Source {
        key: "DL-README",
        reference: "GoogleContainerTools/distroless README.md",
    },
    Source {
        key: "CG-TIPS",
        reference: "https://edu.chainguard.dev/chainguard/containers/migration/migration-tips/",
    },
    Source {
        key: "UBI-DOCS",
        reference: "Red Hat RHEL 9 'Building, running, and managing containers', ch. 2",
    },
    Source {
        key: "PYPI",
        reference: "https://pypi.org/simple/<name>/ (PEP 691 JSON), wheel tags checked 2026-11-23",
    },
    Source {
        key: "PSYCOPG2-DOCS",
        reference: "psycopg2 2.9.13 doc/src/install.rst",
    },
    Source {
        key: "MYSQLCLIENT-README",
        reference: "mysqlclient 2.3.1 README.md",
    },
];
