//! House rules every lint must follow, checked against the registry, the
//! files under lints/ and fixtures/, and the README.

use std::fs;

use fromlint::check::check_with_context;
use fromlint::config::settings_from_toml;
use fromlint::lints::{ALL, FixKind, Settings, documentation, equivalents_table, markdown_table};

#[test]
fn every_lint_file_is_registered_once() {
    let mut files: Vec<String> = fs::read_dir("lints")
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".rs") && name != "mod.rs")
        .map(|name| name.trim_end_matches(".rs").replace('_', "-"))
        .collect();
    files.sort();
    let mut ids: Vec<String> = ALL.iter().map(|l| l.id.to_string()).collect();
    ids.sort();
    assert_eq!(files, ids, "lints/*.rs and the ALL registry disagree");
    ids.dedup();
    assert_eq!(ids.len(), ALL.len(), "duplicate lint ids");
}

#[test]
fn ids_are_kebab_case() {
    for lint in ALL {
        assert!(
            lint.id.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                && !lint.id.starts_with('-'),
            "{}",
            lint.id
        );
    }
}

#[test]
fn every_lint_has_documentation_sections() {
    for lint in ALL {
        assert!(!lint.summary().is_empty(), "{}: no summary", lint.id);
        assert!(
            lint.summary().ends_with('.'),
            "{}: the summary is a sentence",
            lint.id
        );
        for section in ["Why is this bad?", "Example", "Fix"] {
            let body = lint.section(section);
            assert!(
                body.is_some_and(|b| !b.is_empty()),
                "{}: missing `## {section}`",
                lint.id
            );
        }
    }
}

/// The first ```dockerfile block of `## Example` fires the lint; the one
/// after "Use instead:" does not. A ```toml block gives the configuration
/// the example needs, a ```dockerignore block the build context's
/// `.dockerignore`.
#[test]
fn documentation_examples_behave() {
    for lint in ALL {
        if lint.external == Some("shellcheck") && fromlint::shellcheck::version().is_err() {
            assert!(
                std::env::var_os("FROMLINT_REQUIRE_SHELLCHECK").is_none(),
                "FROMLINT_REQUIRE_SHELLCHECK is set but `shellcheck` cannot run"
            );
            eprintln!(
                "SKIPPED: the example of `{}` needs `shellcheck` on PATH, which is not installed",
                lint.id
            );
            continue;
        }
        let example = lint.section("Example").unwrap();
        let settings = match example.split("```toml\n").nth(1) {
            Some(block) => settings_from_toml(block.split("```").next().unwrap())
                .unwrap_or_else(|e| panic!("{}: bad example configuration: {e}", lint.id)),
            None => Settings::default(),
        };
        let mut settings = Settings {
            today: fromlint::date::Date::parse("2026-11-23").unwrap(),
            ..settings
        };
        // Opt-in and preview lints are judged on their examples too.
        if !settings.runs(lint.id) {
            settings.lints.push(lint);
        }
        let blocks: Vec<&str> = example
            .split("```dockerfile\n")
            .skip(1)
            .map(|b| b.split("```").next().unwrap())
            .collect();
        assert_eq!(
            blocks.len(),
            2,
            "{}: expected an example and a `Use instead` block",
            lint.id
        );
        let ignore = example
            .split("```dockerignore\n")
            .nth(1)
            .map(|block| block.split("```").next().unwrap().to_string());
        let read = |path: &str| (path == ".dockerignore").then(|| ignore.clone()).flatten();
        let fires = |text: &str| {
            check_with_context(text, &settings, &read)
                .iter()
                .filter(|d| d.lint() == lint.id)
                .count()
        };
        assert!(
            fires(blocks[0]) >= 1,
            "{}: the example does not fire",
            lint.id
        );
        assert_eq!(
            fires(blocks[1]),
            0,
            "{}: the `Use instead` block fires",
            lint.id
        );
    }
}

#[test]
fn every_lint_has_firing_clean_and_fix_fixtures() {
    for lint in ALL {
        let dir = format!("fixtures/{}", lint.id);
        let entries: Vec<_> = fs::read_dir(&dir)
            .unwrap_or_else(|_| panic!("{dir} is missing"))
            .map(|e| e.unwrap().path())
            .collect();
        let outs: Vec<String> = entries
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "out"))
            .map(|p| fs::read_to_string(p).unwrap())
            .collect();
        assert!(outs.iter().any(|o| !o.is_empty()), "{dir}: no firing case");
        assert!(
            outs.iter().any(String::is_empty),
            "{dir}: no clean look-alike"
        );
        let has_fixed = entries
            .iter()
            .any(|p| p.extension().is_some_and(|e| e == "fixed"));
        assert_eq!(
            has_fixed,
            lint.fix != FixKind::None,
            "{dir}: a fix case exists exactly when the lint has fixes"
        );
    }
}

/// Every BuildKit check a lint carries as an alias is named, as
/// `# BuildKit: <Check>`, in a firing fixture of that lint: the case that
/// triggers exactly that check.
#[test]
fn buildkit_checks_have_named_fixtures() {
    for lint in ALL.iter().filter(|l| !l.buildkit.is_empty()) {
        let dir = format!("fixtures/{}", lint.id);
        let firing: String = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "Dockerfile"))
            .filter(|p| {
                fs::read_to_string(p.with_extension("out")).is_ok_and(|out| !out.is_empty())
            })
            .map(|p| fs::read_to_string(p).unwrap())
            .collect();
        for check in lint.buildkit {
            assert!(
                firing.contains(&format!("# BuildKit: {check}")),
                "{dir}: no firing case says `# BuildKit: {check}`"
            );
        }
    }
}

/// A generated section of the README between `<!-- {name}:start -->` and
/// `<!-- {name}:end -->`.
fn readme_section_is_current(name: &str, content: &str) {
    section_is_current("README.md", name, content);
}

/// A generated section of a Markdown file between `<!-- {name}:start -->`
/// and `<!-- {name}:end -->`.
fn section_is_current(file: &str, name: &str, content: &str) {
    let readme = fs::read_to_string(file).unwrap();
    let (start, end) = (
        format!("<!-- {name}:start -->\n"),
        format!("<!-- {name}:end -->"),
    );
    let from = readme
        .find(&start)
        .unwrap_or_else(|| panic!("{file} has the {name}:start marker"))
        + start.len();
    let to = readme
        .find(&end)
        .unwrap_or_else(|| panic!("{file} has the {name}:end marker"));
    if readme[from..to] != *content {
        if std::env::var_os("BLESS").is_some() {
            fs::write(
                file,
                format!("{}{content}{}", &readme[..from], &readme[to..]),
            )
            .unwrap();
        } else {
            panic!("{file} {name} table is stale; run BLESS=1 cargo test --test meta");
        }
    }
}

#[test]
fn readme_lint_table_is_current() {
    readme_section_is_current("lints", &markdown_table());
}

#[test]
fn readme_equivalents_table_is_current() {
    readme_section_is_current("equivalents", &equivalents_table());
}

/// CHANGELOG.md's release section gives the registry's lint count (`N
/// lints (`); `BLESS=1` brings it in step, as it does the README's table.
#[test]
fn changelog_lint_count_is_the_registrys() {
    let changelog = fs::read_to_string("CHANGELOG.md").unwrap();
    let release = changelog.find("\n## ").expect("a release section");
    let marker = release
        + changelog[release..]
            .find(" lints (")
            .expect("`N lints (` in the release section");
    let start = changelog[..marker]
        .rfind(|c: char| !c.is_ascii_digit())
        .map_or(0, |i| i + 1);
    let stated = &changelog[start..marker];
    let count = ALL.len().to_string();
    if stated == count {
        return;
    }
    if std::env::var_os("BLESS").is_some() {
        fs::write(
            "CHANGELOG.md",
            format!("{}{count}{}", &changelog[..start], &changelog[marker..]),
        )
        .unwrap();
    } else {
        panic!(
            "CHANGELOG.md says {stated} lints, the registry has {count}; run BLESS=1 cargo test --test meta"
        );
    }
}

#[test]
fn configuration_hadolint_table_is_current() {
    let mut table = String::from("| hadolint rule | fromlint lint |\n| --- | --- |\n");
    let mut rows: Vec<(&str, &str)> = ALL
        .iter()
        .flat_map(|l| l.hadolint.iter().map(|code| (*code, l.id)))
        .collect();
    rows.sort();
    for (code, id) in rows {
        table += &format!("| `{code}` | `{id}` |\n");
    }
    section_is_current("docs/configuration.md", "hadolint-codes", &table);
}

/// docs/lints/<id>.md is each lint's documentation (SARIF `helpUri` links
/// there), and nothing else is in docs/lints/.
#[test]
fn lint_pages_are_current() {
    let bless = std::env::var_os("BLESS").is_some();
    if bless {
        fs::create_dir_all("docs/lints").unwrap();
    }
    let mut stale = Vec::new();
    for lint in ALL {
        let path = format!("docs/lints/{}.md", lint.id);
        let page = documentation(lint);
        if fs::read_to_string(&path).ok().as_deref() != Some(page.as_str()) {
            if bless {
                fs::write(&path, page).unwrap();
            } else {
                stale.push(path);
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale lint pages (run BLESS=1 cargo test --test meta): {stale:?}"
    );
    let pages = fs::read_dir("docs/lints").unwrap().count();
    assert_eq!(pages, ALL.len(), "docs/lints/ holds a page per lint only");
}

/// Every ```toml block of the README is a valid fromlint configuration.
#[test]
fn readme_configuration_examples_are_valid() {
    let readme = fs::read_to_string("README.md").unwrap();
    let blocks: Vec<&str> = readme
        .split("```toml\n")
        .skip(1)
        .map(|b| b.split("```").next().unwrap())
        .collect();
    assert!(!blocks.is_empty());
    for block in blocks {
        if let Err(error) = settings_from_toml(block) {
            panic!("README configuration example: {error}\n{block}");
        }
    }
}

/// Lints read the model (`src/model`, `src/build`, the shell trees of
/// `src/shell`), never the source text or an instruction's raw arguments:
/// each of these would be a second, disagreeing reading of the file.
#[test]
fn lints_read_only_the_model() {
    const FORBIDDEN: &[(&str, &str)] = &[
        (".source", "the raw source text"),
        ("args_text()", "an instruction's raw arguments"),
        ("line.text()", "an instruction's joined line"),
        ("split_whitespace", "re-splitting text into words"),
        ("shell_words(", "re-splitting an instruction"),
        ("shell::commands(", "re-parsing shell text"),
        ("shell::parse", "re-parsing shell text"),
        ("std::fs", "reading files"),
    ];
    let mut offences = Vec::new();
    for entry in fs::read_dir("lints").unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        // The registry formats documentation; it is not a lint.
        if name == "mod.rs" || !name.ends_with(".rs") {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        for (number, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or(line);
            for (pattern, what) in FORBIDDEN {
                // `.source` but not `.sources`.
                let found = code.match_indices(pattern).any(|(at, _)| {
                    !code[at + pattern.len()..]
                        .starts_with(|c: char| c.is_alphanumeric() || c == '_')
                });
                if found {
                    offences.push(format!(
                        "lints/{name}:{}: reads {what} (`{pattern}`)",
                        number + 1
                    ));
                }
            }
        }
    }
    assert!(
        offences.is_empty(),
        "lints must read the model:\n{}",
        offences.join("\n")
    );
}
