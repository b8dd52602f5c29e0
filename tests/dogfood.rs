//! fromlint's own Dockerfile passes fromlint with every lint enabled.

use fromlint::check::check_source;
use fromlint::lints::Settings;

#[test]
fn own_dockerfile_has_no_findings() {
    let source = std::fs::read_to_string("Dockerfile").expect("the repository has a Dockerfile");
    let findings: Vec<String> = check_source(&source, &Settings::default())
        .iter()
        .map(|d| format!("{}: {}", d.lint(), d.message()))
        .collect();
    assert!(findings.is_empty(), "{findings:#?}");
}
