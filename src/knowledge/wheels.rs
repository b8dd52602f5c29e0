//! musllinux wheel availability on PyPI (checked 2026-11-23 [PYPI]):
//! the first release with a musllinux wheel per architecture, `None` when no
//! release has one, and whether an sdist exists (without one, pip fails).
//! Latest releases' CPython coverage: numpy 2.5.5 and scipy 1.18.1 musl
//! wheels cover cp312–cp315, pyyaml 6.0.3 cp38–cp314, h5py 3.16.0
//! cp310–cp314; cryptography and bcrypt ship abi3 wheels.

#[derive(Debug, Clone, Copy)]
pub struct MuslWheels {
    /// Normalized project name (lowercase, `-` separators).
    pub package: &'static str,
    pub first_x86_64: Option<&'static str>,
    pub first_aarch64: Option<&'static str>,
    /// Without an sdist and a musl wheel, `pip install` fails outright.
    pub has_sdist: bool,
    /// A drop-in replacement with musl wheels, if there is one (besides
    /// moving to a glibc base, which always works).
    pub alternative: &'static str,
    /// The newest CPython (`3.14`) the latest release ships musl wheels
    /// for, when recorded; newer Pythons compile from source. `None` also
    /// for abi3 wheels, which cover every newer Python.
    pub python_max: Option<&'static str>,
    pub source: &'static str,
}

const fn row(
    package: &'static str,
    first_x86_64: Option<&'static str>,
    first_aarch64: Option<&'static str>,
    has_sdist: bool,
    alternative: &'static str,
) -> MuslWheels {
    MuslWheels {
        package,
        first_x86_64,
        first_aarch64,
        has_sdist,
        alternative,
        python_max: None,
        source: "PYPI",
    }
}

pub const MUSL_WHEELS: &[MuslWheels] = &[
    MuslWheels {
        python_max: Some("3.15"),
        ..row("numpy", Some("1.25.0"), Some("1.26.2"), true, "")
    },
    row("pandas", Some("2.1.0"), Some("2.2.0"), true, ""),
    MuslWheels {
        python_max: Some("3.15"),
        ..row("scipy", Some("1.11.0"), Some("1.15.2"), true, "")
    },
    row("scikit-learn", None, None, true, ""),
    row("matplotlib", Some("3.8.0"), None, true, ""),
    row("pillow", Some("9.1.0"), Some("9.4.0"), true, ""),
    row("lxml", Some("4.6.4"), Some("4.9.1"), true, ""),
    row("cryptography", Some("3.4.8"), Some("3.4.8"), true, ""),
    MuslWheels {
        source: "PYPI, PSYCOPG2-DOCS",
        ..row(
            "psycopg2",
            None,
            None,
            true,
            "`psycopg2-binary` (musllinux wheels since 2.9.3) or `psycopg[binary]`",
        )
    },
    row("psycopg2-binary", Some("2.9.3"), Some("2.9.3"), true, ""),
    row("psycopg-binary", Some("3.0.3"), Some("3.0.3"), false, ""),
    MuslWheels {
        source: "PYPI, MYSQLCLIENT-README",
        ..row(
            "mysqlclient",
            None,
            None,
            true,
            "the pure-Python `PyMySQL`, or a `-slim` base",
        )
    },
    row("grpcio", Some("1.45.0"), Some("1.71.0"), true, ""),
    row("pyarrow", Some("20.0.0"), Some("20.0.0"), true, ""),
    row("orjson", Some("3.6.7"), Some("3.7.3"), true, ""),
    row("pydantic-core", Some("0.1.0"), Some("0.1.0"), true, ""),
    row("uvloop", Some("0.17.0"), Some("0.17.0"), true, ""),
    row("gevent", Some("21.12.0"), Some("23.7.0"), true, ""),
    MuslWheels {
        python_max: Some("3.14"),
        ..row("pyyaml", Some("6.0.1"), Some("6.0.2"), true, "")
    },
    row("regex", Some("2021.11.10"), Some("2021.11.10"), true, ""),
    row("bcrypt", Some("3.2.0"), Some("3.2.1"), true, ""),
    row("cffi", Some("1.15.1"), Some("1.17.0"), true, ""),
    row("torch", None, None, false, ""),
    row("tensorflow", None, None, false, ""),
    row("opencv-python", None, None, true, ""),
    row("opencv-python-headless", None, None, true, ""),
    row("shapely", Some("2.1.0"), Some("2.1.0"), true, ""),
    MuslWheels {
        python_max: Some("3.14"),
        ..row("h5py", Some("3.15.0"), Some("3.15.0"), true, "")
    },
    row("numba", None, None, true, ""),
    row("llvmlite", None, None, true, ""),
    row("confluent-kafka", None, None, true, ""),
];

/// Looks a package up by any spelling of its name (PEP 503 normalization).
pub fn musl_wheels(name: &str) -> Option<&'static MuslWheels> {
    let normalized: String = name
        .chars()
        .map(|c| {
            if c == '_' || c == '.' {
                '-'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    MUSL_WHEELS.iter().find(|w| w.package == normalized)
}
