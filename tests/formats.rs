//! Golden tests of the output formats: the Dockerfiles in tests/formats/
//! (linted with tests/formats/fromlint.toml) rendered in every
//! machine-readable format and compared with tests/formats/expected.<format>.
//! `BLESS=1 cargo test --test formats` rewrites them. The external
//! validators (SARIF schema, SARIF Multitool) run in tests/external/.

use std::fs;
use std::path::Path;

use fromlint::check::check_source;
use fromlint::config::settings_from_toml;
use fromlint::report::{self, FileError, FileReport};

fn reports() -> Vec<FileReport> {
    let settings =
        settings_from_toml(&fs::read_to_string("tests/formats/fromlint.toml").unwrap()).unwrap();
    let mut paths: Vec<_> = fs::read_dir("tests/formats")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "Dockerfile"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let source = fs::read_to_string(&path).unwrap();
            // `odd.Dockerfile` is reported under a name with characters
            // the formats must escape (not a file name: Windows forbids `:`).
            let name = path.file_name().unwrap().to_str().unwrap();
            let name = name.replace("odd", "odd,na:me");
            FileReport {
                path: format!("svc/{name}"),
                diagnostics: check_source(&source, &settings),
                source,
            }
        })
        .collect()
}

fn compare(format: &str, actual: &str) {
    let path = format!("tests/formats/expected.{format}");
    if std::env::var_os("BLESS").is_some() {
        fs::write(&path, actual).unwrap();
        return;
    }
    let expected = fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{path} is missing (run with BLESS=1 to create it)"));
    assert!(
        expected == actual,
        "{path} differs\n--- expected\n{expected}\n--- actual\n{actual}"
    );
}

#[test]
fn gnu() {
    let out = report::gnu::render(&reports());
    for line in out.lines() {
        // path:line:col: severity: message [lint-id]
        let (location, rest) = line.split_once(": ").unwrap();
        let parts: Vec<&str> = location.rsplitn(3, ':').collect();
        assert!(
            parts[0].parse::<usize>().is_ok() && parts[1].parse::<usize>().is_ok(),
            "{line}"
        );
        let (severity, message) = rest.split_once(": ").unwrap();
        assert!(["error", "warning", "info"].contains(&severity), "{line}");
        assert!(message.ends_with(']') && message.contains(" ["), "{line}");
    }
    compare("gnu", &out);
}

#[test]
fn github() {
    let out = report::github::render(&reports());
    for line in out.lines() {
        let (command, message) = line[2..].split_once("::").unwrap();
        assert!(!message.contains('\n') && !message.contains('\r'), "{line}");
        let (level, properties) = command.split_once(' ').unwrap();
        assert!(["error", "warning", "notice"].contains(&level), "{line}");
        let keys: Vec<&str> = properties
            .split(',')
            .map(|p| p.split_once('=').unwrap().0)
            .collect();
        assert_eq!(
            keys,
            ["file", "line", "col", "endLine", "endColumn", "title"],
            "{line}"
        );
    }
    assert!(out.contains("file=svc/odd%2Cna%3Ame.Dockerfile,"), "{out}");
    compare("github", &out);
}

#[test]
fn checkstyle() {
    let out = report::checkstyle::render(&reports());
    assert!(
        out.contains("<file name=\"svc/odd,na:me.Dockerfile\">"),
        "{out}"
    );
    assert_eq!(
        out.matches("<file ").count(),
        out.matches("</file>").count()
    );
    compare("checkstyle", &out);
}

#[test]
fn gitlab() {
    let out = report::gitlab::render(&reports());
    let issues: serde_json::Value = serde_json::from_str(&out).unwrap();
    let issues = issues.as_array().unwrap();
    let mut prints: Vec<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    prints.sort();
    prints.dedup();
    assert_eq!(prints.len(), issues.len(), "fingerprints are unique");
    for issue in issues {
        assert!(
            ["info", "minor", "major", "critical", "blocker"]
                .contains(&issue["severity"].as_str().unwrap())
        );
        assert!(
            issue["location"]["positions"]["begin"]["line"]
                .as_u64()
                .unwrap()
                >= 1
        );
    }
    compare("gitlab", &out);
}

#[test]
fn sarif() {
    let errors = [FileError {
        path: "svc/broken.Dockerfile".into(),
        message: "binary file (contains NUL bytes), not a Dockerfile".into(),
    }];
    let out = report::sarif::render(&reports(), &errors, Some(Path::new("/src/repo")));
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let run = &doc["runs"][0];
    assert_eq!(
        run["originalUriBaseIds"]["%SRCROOT%"]["uri"],
        "file:///src/repo/"
    );
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), fromlint::lints::ALL.len());
    for result in run["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
    compare("sarif", &out);
}
