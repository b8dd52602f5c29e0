//! The guides in docs/ against the code: links resolve, the configuration
//! reference names every key the parsers accept, its examples are valid,
//! and its hadolint mapping is the registry's.

use std::fs;
use std::path::{Path, PathBuf};

use fromlint::config::{Config, settings_from_toml};
use fromlint::lints::ALL;

const GUIDES: [&str; 5] = [
    "docs/README.md",
    "docs/getting-started.md",
    "docs/configuration.md",
    "docs/ci.md",
    "docs/editors.md",
];

fn read(path: &str) -> String {
    fs::read_to_string(path).unwrap_or_else(|_| panic!("{path} is missing"))
}

/// The bodies of the fenced blocks of `language` in `markdown`.
fn blocks<'a>(markdown: &'a str, language: &str) -> Vec<&'a str> {
    markdown
        .split(&format!("```{language}\n"))
        .skip(1)
        .map(|b| b.split("```").next().unwrap())
        .collect()
}

/// Targets of the Markdown links `](target)` of `markdown`.
fn links(markdown: &str) -> Vec<&str> {
    markdown
        .split("](")
        .skip(1)
        .filter_map(|rest| rest.split(')').next())
        .collect()
}

#[test]
fn links_between_the_pages_resolve() {
    for page in GUIDES.iter().chain(&["README.md"]) {
        let text = read(page);
        let dir = Path::new(page).parent().unwrap();
        for target in links(&text) {
            if target.starts_with("http") || target.starts_with('#') {
                continue;
            }
            let file = target.split('#').next().unwrap();
            let path: PathBuf = dir.join(file);
            assert!(path.exists(), "{page}: broken link to {target}");
        }
    }
    let readme = read("README.md");
    for guide in GUIDES {
        assert!(
            readme.contains(&format!("]({guide}")),
            "README.md does not link {guide}"
        );
    }
    let index = read("docs/README.md");
    for guide in &GUIDES[1..] {
        let name = Path::new(guide).file_name().unwrap().to_str().unwrap();
        assert!(
            index.contains(&format!("]({name})")),
            "docs/README.md does not list {name}"
        );
    }
}

/// The names in an error message's "expected one of `a`, `b`" or help's
/// "keys: a, b" list.
fn listed(message: &str, after: &str) -> Vec<String> {
    let list = message
        .split(after)
        .nth(1)
        .unwrap_or_else(|| panic!("no `{after}` in {message}"));
    // The renderer wraps long lines; hadolint's list ends "(format, … and
    // verbose are accepted and unused)"; an error's source follows a `╭`.
    let list = list.split_whitespace().collect::<Vec<_>>().join(" ");
    let list = list.split(" are accepted").next().unwrap();
    let list = list.split('╭').next().unwrap();
    list.replace(" (", ",")
        .replace(" and ", ",")
        .split(',')
        .filter_map(|k| k.split_whitespace().next())
        .map(|k| k.trim_matches('`').to_string())
        .filter(|k| !k.is_empty())
        .collect::<Vec<_>>()
}

#[test]
fn the_reference_documents_every_key() {
    let reference = read("docs/configuration.md");
    let top = settings_from_toml("no-such-key = 1\n")
        .unwrap_err()
        .render(false);
    let keys = listed(&top, "top-level keys: ");
    assert!(keys.len() >= 7, "{keys:?}");
    for key in &keys {
        let headings = [
            format!("### `{key}`"),
            format!("### `[{key}]`"),
            format!("### `[[{key}]]`"),
        ];
        assert!(
            headings.iter().any(|h| reference.contains(h.as_str())),
            "docs/configuration.md has no section for `{key}`"
        );
    }

    let nested = settings_from_toml("[[overrides]]\nfiles = [\"a\"]\nno-such-key = 1\n")
        .unwrap_err()
        .render(false);
    let override_keys = listed(&nested, "keys of `[[overrides]]`: ");
    assert_eq!(override_keys.len(), 3, "{nested}");
    for key in override_keys {
        assert!(
            reference.contains(&format!("| `{key}` |")),
            "the overrides table lacks `{key}`"
        );
    }

    let dir = tempfile::tempdir().unwrap();
    let yaml = dir.path().join(".hadolint.yaml");
    fs::write(&yaml, "no-such-key: 1\n").unwrap();
    let hadolint = Config::read(&yaml).unwrap_err().render(false);
    let hadolint_keys = listed(&hadolint, "hadolint's file: ");
    assert_eq!(hadolint_keys.len(), 12, "{hadolint_keys:?}");
    let section = reference
        .split("## hadolint's `.hadolint.yaml`")
        .nth(1)
        .unwrap();
    for key in hadolint_keys {
        assert!(
            section.contains(&format!("`{key}")),
            "the hadolint section does not mention `{key}`"
        );
    }
}

#[test]
fn configuration_examples_are_valid() {
    for page in [
        "docs/configuration.md",
        "docs/getting-started.md",
        "docs/ci.md",
    ] {
        for block in blocks(&read(page), "toml") {
            if let Err(error) = settings_from_toml(block) {
                panic!("{page}: {}\n{block}", error.render(false));
            }
        }
    }
}

#[test]
fn the_hadolint_table_is_the_registry() {
    let reference = read("docs/configuration.md");
    let rows: Vec<&str> = reference
        .lines()
        .filter(|l| l.starts_with("| `DL"))
        .collect();
    let mapped: Vec<(&str, &str)> = ALL
        .iter()
        .flat_map(|l| l.hadolint.iter().map(|code| (*code, l.id)))
        .collect();
    assert_eq!(rows.len(), mapped.len(), "{rows:#?}");
    for (code, id) in mapped {
        let row = format!("| `{code}` | `{id}` |");
        assert!(rows.contains(&row.as_str()), "missing row {row}");
    }
}

/// The `.hadolint.yaml` example and the `fromlint.toml` it "is read as"
/// give the same configuration.
#[test]
fn the_hadolint_example_reads_as_documented() {
    let reference = read("docs/configuration.md");
    let section = reference
        .split("## hadolint's `.hadolint.yaml`")
        .nth(1)
        .unwrap();
    let yaml = blocks(section, "yaml")[0];
    let toml = blocks(section.split("is read as").nth(1).unwrap(), "toml")[0];
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(".hadolint.yaml"), yaml).unwrap();
    fs::write(dir.path().join("fromlint.toml"), toml).unwrap();
    let from_yaml = Config::read(&dir.path().join(".hadolint.yaml")).unwrap();
    let from_toml = Config::read(&dir.path().join("fromlint.toml")).unwrap();
    let ids = |lints: &[&fromlint::lints::Lint]| lints.iter().map(|l| l.id).collect::<Vec<_>>();
    assert_eq!(ids(&from_yaml.ignore), ids(&from_toml.ignore));
    let levels = |c: &Config| {
        c.severity
            .iter()
            .map(|(l, level)| format!("{}={level:?}", l.id))
            .collect::<Vec<_>>()
    };
    assert_eq!(levels(&from_yaml), levels(&from_toml));
    assert_eq!(from_yaml.failure_threshold, from_toml.failure_threshold);
    let registries = |c: &Config| c.trusted_registries.as_ref().map(|g| g.patterns().to_vec());
    assert_eq!(registries(&from_yaml), registries(&from_toml));
    assert!(registries(&from_yaml).is_some());
}
