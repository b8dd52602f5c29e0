//! Compiles the knowledge data files (src/knowledge/data/*.toml) into typed
//! Rust tables, so start-up pays nothing to read them. The build fails when a
//! row is malformed, cites an unknown source or lacks a checked date.
//! `FROMLINT_KNOWLEDGE_CHECKED` is set to the oldest checked date (the
//! `--version` text).

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use toml::{Table, Value};

const DATA: &str = "src/knowledge/data";

fn main() {
    println!("cargo:rerun-if-changed={DATA}");
    let load = |name: &str| -> Table {
        let path = Path::new(DATA).join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        text.parse().unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    let mut g = Gen::default();
    g.sources(&load("sources.toml"));
    g.releases(&load("releases.toml"));
    g.families(&load("families.toml"));
    g.published(&load("published.toml"));
    g.wheels(&load("wheels.toml"));
    g.npm(&load("npm.toml"));
    g.mirrors(&load("mirrors.toml"));
    for (file, key) in &g.cited {
        for key in key.split(", ") {
            assert!(g.keys.contains(key), "{file}: unknown source key `{key}`");
        }
    }
    let oldest = g.oldest.clone().expect("no checked dates");
    writeln!(g.out, "pub const OLDEST_CHECKED: &str = {oldest:?};").unwrap();
    println!("cargo:rustc-env=FROMLINT_KNOWLEDGE_CHECKED={oldest}");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("knowledge.rs");
    std::fs::write(out, g.out).unwrap();
}

#[derive(Default)]
struct Gen {
    out: String,
    keys: BTreeSet<String>,
    cited: Vec<(String, String)>,
    oldest: Option<String>,
}

fn s<'a>(t: &'a Table, k: &str, ctx: &str) -> &'a str {
    t.get(k)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("{ctx}: `{k}` must be a string"))
}

fn opt<'a>(t: &'a Table, k: &str) -> Option<&'a str> {
    t.get(k).and_then(Value::as_str)
}

fn strs(t: &Table, k: &str) -> Vec<String> {
    t.get(k)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|v| v.as_str().expect("a list of strings").to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn pairs(t: &Table, k: &str) -> String {
    let items: Vec<String> = t
        .get(k)
        .and_then(Value::as_table)
        .map(|m| {
            m.iter()
                .map(|(a, v)| format!("({a:?}, {:?})", v.as_str().expect("a string value")))
                .collect()
        })
        .unwrap_or_default();
    format!("&[{}]", items.join(", "))
}

fn list(items: &[String]) -> String {
    format!(
        "&[{}]",
        items
            .iter()
            .map(|i| format!("{i:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

fn date(text: &str, ctx: &str) -> String {
    let parts: Vec<&str> = text.split('-').collect();
    let ok = parts.len() == 3
        && parts[0].len() == 4
        && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()));
    assert!(ok, "{ctx}: `{text}` is not a YYYY-MM-DD date");
    let n = |p: &str| p.trim_start_matches('0').parse::<u32>().unwrap_or(0);
    let (m, d) = (n(parts[1]), n(parts[2]));
    assert!(
        (1..=12).contains(&m) && (1..=31).contains(&d),
        "{ctx}: bad date `{text}`"
    );
    format!("Date {{ year: {}, month: {m}, day: {d} }}", n(parts[0]))
}

impl Gen {
    /// The source and checked date of a row, falling back to its table's.
    fn provenance(&mut self, file: &str, row: &Table, parent: Option<&Table>, ctx: &str) -> String {
        let get = |k: &str| opt(row, k).or_else(|| parent.and_then(|p| opt(p, k)));
        let source = get("source").unwrap_or_else(|| panic!("{file} {ctx}: no source"));
        let checked = get("checked").unwrap_or_else(|| panic!("{file} {ctx}: no checked date"));
        self.cited
            .push((format!("{file} {ctx}"), source.to_string()));
        let d = date(checked, ctx);
        if self.oldest.as_deref().is_none_or(|o| checked < o) {
            self.oldest = Some(checked.to_string());
        }
        format!("source: {source:?}, checked: {d}")
    }

    fn sources(&mut self, t: &Table) {
        let mut rows = String::new();
        for (key, v) in t {
            let row = v.as_table().expect("sources: a table per key");
            let reference = s(row, "reference", key);
            let checked = date(s(row, "checked", key), key);
            self.keys.insert(key.to_string());
            writeln!(
                rows,
                "    Source {{ key: {key:?}, reference: {reference:?}, checked: {checked} }},"
            )
            .unwrap();
        }
        writeln!(self.out, "pub const SOURCES: &[Source] = &[\n{rows}];").unwrap();
    }

    fn releases(&mut self, t: &Table) {
        let mut products = String::new();
        for (product, v) in t {
            let p = v.as_table().expect("releases: a table per product");
            let distro = match s(p, "kind", product) {
                "distro" => true,
                "runtime" => false,
                other => panic!("{product}: unknown kind `{other}`"),
            };
            let mut cycles = String::new();
            for c in p.get("cycles").and_then(Value::as_array).expect("cycles") {
                let c = c.as_table().expect("a cycle table");
                let name = s(c, "cycle", product);
                let ctx = format!("{product} {name}");
                // `eol = "unconfirmed"`: no source confirms the end; an
                // `expected` date may say when it is likely. Lints never act
                // on it.
                let eol = match s(c, "eol", &ctx) {
                    "ended" => "Eol::Ended".to_string(),
                    "open" => "Eol::Open".to_string(),
                    "unconfirmed" => match opt(c, "expected") {
                        Some(d) => format!("Eol::Unconfirmed(Some({}))", date(d, &ctx)),
                        None => "Eol::Unconfirmed(None)".to_string(),
                    },
                    d => format!("Eol::On({})", date(d, &ctx)),
                };
                let (released, by) = match (opt(c, "released"), opt(c, "released_by")) {
                    (Some(d), None) => (format!("Some({})", date(d, &ctx)), false),
                    (None, Some(d)) => (format!("Some({})", date(d, &ctx)), true),
                    (None, None) => ("None".into(), false),
                    _ => panic!("{ctx}: both released and released_by"),
                };
                let lts = match c.get("lts") {
                    None => "Lts::No".to_string(),
                    Some(Value::Boolean(true)) => "Lts::Always".to_string(),
                    Some(Value::String(d)) => format!("Lts::Since({})", date(d, &ctx)),
                    Some(_) => panic!("{ctx}: lts is a date or true"),
                };
                // `latest`: the newest point release of a line whose older
                // point releases get no more updates (Oracle Linux).
                let latest = opt(c, "latest").unwrap_or("");
                if !latest.is_empty() {
                    assert!(
                        latest.starts_with(&format!("{name}.")),
                        "{ctx}: latest `{latest}` is not a point release of the line"
                    );
                }
                let prov = self.provenance("releases.toml", c, Some(p), &ctx);
                writeln!(
                    cycles,
                    "        Cycle {{ product: {product:?}, cycle: {name:?}, codename: {:?}, released: {released}, released_by: {by}, lts: {lts}, eol: {eol}, latest: {latest:?}, {prov} }},",
                    opt(c, "codename").unwrap_or("")
                )
                .unwrap();
            }
            writeln!(
                products,
                "    Product {{ key: {product:?}, name: {:?}, distro: {distro}, judge: {}, cycles: &[\n{cycles}    ] }},",
                s(p, "name", product),
                p.get("judge").and_then(Value::as_bool).unwrap_or(true)
            )
            .unwrap();
        }
        writeln!(
            self.out,
            "pub const PRODUCTS: &[Product] = &[\n{products}];"
        )
        .unwrap();
        for (product, name) in [("debian", "DEBIAN_SUITES"), ("ubuntu", "UBUNTU_SUITES")] {
            let codenames: Vec<String> = t
                .get(product)
                .and_then(|p| p.get("cycles"))
                .and_then(Value::as_array)
                .map(|cycles| {
                    cycles
                        .iter()
                        .filter_map(|c| c.get("codename").and_then(Value::as_str))
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            writeln!(
                self.out,
                "pub const {name}: &[&str] = {};",
                list(&codenames)
            )
            .unwrap();
        }
    }

    fn families(&mut self, t: &Table) {
        let mut rows = String::new();
        for (name, v) in t {
            if name == "cadence" {
                continue;
            }
            let f = v.as_table().expect("families: a table per family");
            let kind = match s(f, "kind", name).split_once(':') {
                Some(("runtime", product)) => format!("Kind::Runtime({product:?})"),
                Some(("distro", d)) => format!(
                    "Kind::Distro(Distro::{})",
                    match d {
                        "debian" => "Debian",
                        "ubuntu" => "Ubuntu",
                        "alpine" => "Alpine",
                        "amazonlinux" => "AmazonLinux",
                        "oraclelinux" => "OracleLinux",
                        "sles" => "Sles",
                        "rhel" => "Rhel",
                        other => panic!("{name}: unknown distro `{other}`"),
                    }
                ),
                _ => panic!("{name}: kind is runtime:<product> or distro:<name>"),
            };
            let slim = match s(f, "slim", name) {
                "slim-before-suite" => "SlimBeforeSuite",
                "slim-after-suite" => "SlimAfterSuite",
                "suite-slim" => "SuiteSlim",
                "replace" => "Replace",
                "toolchain" => "Toolchain",
                "jre" => "Jre",
                "not-full" => "NotFull",
                other => panic!("{name}: unknown slim style `{other}`"),
            };
            let current = match s(f, "current", name) {
                "newest" => "Newest",
                "lts" => "Lts",
                "cadence" => "Cadence",
                other => panic!("{name}: unknown current policy `{other}`"),
            };
            let mb = |k: &str| match f.get(k) {
                Some(Value::Float(x)) => format!("Some({x:?})"),
                Some(Value::Integer(x)) => format!("Some({x}.0)"),
                None => "None".into(),
                Some(_) => panic!("{name}: {k} is a number"),
            };
            let prov = self.provenance("families.toml", f, None, name);
            // `images = ["aspnet", "sdk"]`: one family per image under the
            // repository prefix `name`, sharing every other field.
            let images = strs(f, "images");
            let mut names: Vec<String> = if images.is_empty() {
                vec![name.clone()]
            } else {
                images.iter().map(|i| format!("{name}/{i}")).collect()
            };
            // `also`: other registries publishing the same images under
            // another name (`ghcr.io/oracle/oraclelinux`).
            names.extend(strs(f, "also"));
            for name in &names {
                writeln!(
                rows,
                "    Family {{ name: {name:?}, kind: {kind}, slim: SlimStyle::{slim}, current: Current::{current}, full_mb: {}, slim_mb: {}, alpine_mb: {}, aliases: {}, words: {}, unjudged: {}, maintained: {}, jre: {}, suites: {}, alpine: {:?}, alpine_dash: {}, alpine_slim: {}, default_alpine: {}, package_manager: {:?}, {prov} }},",
                mb("full_mb"),
                mb("slim_mb"),
                mb("alpine_mb"),
                pairs(f, "aliases"),
                list(&strs(f, "words")),
                list(&strs(f, "unjudged")),
                list(&strs(f, "maintained")),
                list(&strs(f, "jre")),
                pairs(f, "suites"),
                opt(f, "alpine"),
                f.get("alpine_dash").and_then(Value::as_bool).unwrap_or(false),
                f.get("alpine_slim").and_then(Value::as_bool).unwrap_or(false),
                f.get("default_alpine").and_then(Value::as_bool).unwrap_or(false),
                opt(f, "package_manager"),
            )
            .unwrap();
            }
        }
        writeln!(self.out, "pub const FAMILIES: &[Family] = &[\n{rows}];").unwrap();
        let mut cadences = String::new();
        if let Some(c) = t.get("cadence").and_then(Value::as_table) {
            for (product, v) in c {
                let c = v.as_table().expect("a cadence table");
                let every = c
                    .get("every_days")
                    .and_then(Value::as_integer)
                    .expect("every_days");
                let prov = self.provenance("families.toml", c, None, product);
                writeln!(
                    cadences,
                    "    Cadence {{ product: {product:?}, anchor: {:?}, released: {}, every_days: {every}, {prov} }},",
                    s(c, "anchor", product),
                    date(s(c, "released", product), product)
                )
                .unwrap();
            }
        }
        writeln!(
            self.out,
            "pub const CADENCES: &[Cadence] = &[\n{cadences}];"
        )
        .unwrap();
    }

    fn published(&mut self, t: &Table) {
        let mut rows = String::new();
        for l in t.get("line").and_then(Value::as_array).expect("[[line]]") {
            let l = l.as_table().expect("a line table");
            let family = s(l, "family", "line");
            let line = s(l, "line", family);
            let ctx = format!("{family} {line}");
            let prov = self.provenance("published.toml", l, None, &ctx);
            writeln!(
                rows,
                "    Published {{ family: {family:?}, line: {line:?}, suites: {}, alpine: {}, complete: {}, {prov} }},",
                list(&strs(l, "suites")),
                list(&strs(l, "alpine")),
                l.get("complete").and_then(Value::as_bool).unwrap_or(false)
            )
            .unwrap();
        }
        writeln!(self.out, "pub const PUBLISHED: &[Published] = &[\n{rows}];").unwrap();
        let mut distros = String::new();
        for (family, v) in t
            .get("distros")
            .and_then(Value::as_table)
            .expect("[distros]")
        {
            let names: Vec<String> = v
                .as_array()
                .expect("a list")
                .iter()
                .map(|n| n.as_str().expect("a distro name").to_string())
                .collect();
            writeln!(distros, "    ({family:?}, {}),", list(&names)).unwrap();
        }
        writeln!(
            self.out,
            "pub const FAMILY_DISTROS: &[(&str, &[&str])] = &[\n{distros}];"
        )
        .unwrap();
    }

    fn wheels(&mut self, t: &Table) {
        let mut rows = String::new();
        for p in t
            .get("package")
            .and_then(Value::as_array)
            .expect("[[package]]")
        {
            let p = p.as_table().expect("a package table");
            let name = s(p, "name", "package");
            let arch = |k: &str| -> String {
                let m = p
                    .get(k)
                    .and_then(Value::as_table)
                    .unwrap_or_else(|| panic!("{name}: no {k}"));
                let items: Vec<String> = m
                    .iter()
                    .map(|(py, v)| {
                        let v = v.as_str().expect("a threshold");
                        let (first, last) = match v {
                            "none" => ("", ""),
                            v => v.split_once("..").unwrap_or((v, "")),
                        };
                        format!("({py:?}, {first:?}, {last:?})")
                    })
                    .collect();
                format!("&[{}]", items.join(", "))
            };
            let (x, a) = (arch("x86_64"), arch("aarch64"));
            let prov = self.provenance("wheels.toml", p, None, name);
            writeln!(
                rows,
                "    MuslWheels {{ package: {name:?}, has_sdist: {}, alternative: {:?}, alternative_python: {:?}, latest: {:?}, x86_64: {x}, aarch64: {a}, {prov} }},",
                p.get("sdist").and_then(Value::as_bool).expect("sdist"),
                opt(p, "alternative").unwrap_or(""),
                opt(p, "alternative_python").unwrap_or(""),
                s(p, "latest", name),
            )
            .unwrap();
        }
        writeln!(
            self.out,
            "pub const MUSL_WHEELS: &[MuslWheels] = &[\n{rows}];"
        )
        .unwrap();
    }

    fn npm(&mut self, t: &Table) {
        let mut rows = String::new();
        for m in t
            .get("module")
            .and_then(Value::as_array)
            .expect("[[module]]")
        {
            let m = m.as_table().expect("a module table");
            let name = s(m, "package", "module");
            let musl = match s(m, "musl", name) {
                "prebuilt" => "Musl::Prebuilt".to_string(),
                "source-before" => format!(
                    "Musl::SourceBefore({}, {:?})",
                    m.get("major").and_then(Value::as_integer).expect("major"),
                    s(m, "deps", name)
                ),
                "deprecated" => format!("Musl::Deprecated({:?})", s(m, "replacement", name)),
                other => panic!("{name}: unknown musl `{other}`"),
            };
            let prov = self.provenance("npm.toml", m, None, name);
            writeln!(
                rows,
                "    NativeModule {{ package: {name:?}, musl: {musl}, {prov} }},"
            )
            .unwrap();
        }
        writeln!(
            self.out,
            "pub const NATIVE_MODULES: &[NativeModule] = &[\n{rows}];"
        )
        .unwrap();
    }

    fn mirrors(&mut self, t: &Table) {
        let mut rows = String::new();
        for m in t
            .get("mirror")
            .and_then(Value::as_array)
            .expect("[[mirror]]")
        {
            let m = m.as_table().expect("a mirror table");
            let prefix = s(m, "prefix", "mirror");
            let prov = self.provenance("mirrors.toml", m, None, prefix);
            writeln!(rows, "    Mirror {{ prefix: {prefix:?}, {prov} }},").unwrap();
        }
        writeln!(self.out, "pub const MIRRORS: &[Mirror] = &[\n{rows}];").unwrap();
        let mut derived = String::new();
        for d in t
            .get("derived")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            let d = d.as_table().expect("a derived table");
            let image = s(d, "image", "derived");
            let prov = self.provenance("mirrors.toml", d, None, image);
            writeln!(
                derived,
                "    Derived {{ image: {image:?}, marker: {:?}, official: {:?}, prefix: {:?}, {prov} }},",
                s(d, "marker", image),
                s(d, "official", image),
                opt(d, "prefix").unwrap_or(""),
            )
            .unwrap();
        }
        writeln!(self.out, "pub const DERIVED: &[Derived] = &[\n{derived}];").unwrap();
    }
}
