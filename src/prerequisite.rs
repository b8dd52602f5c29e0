//! For the test suites: what a check does when something it needs (a tool
//! such as GNU `patch`, the shared corpus) is not there. Under CI
//! (`CI=true`, as `.ci/run` runs) the check fails, since CI installs
//! everything and a skipped check would pass without checking; elsewhere it
//! is skipped and says so on stderr.

/// Whether `CI` has this value in a CI run: set to anything but empty, `0`
/// or `false`.
fn is_ci(value: Option<&str>) -> bool {
    value.is_some_and(|v| !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false"))
}

/// Whether this is a CI run (see [`is_ci`]).
pub fn in_ci() -> bool {
    is_ci(std::env::var("CI").ok().as_deref())
}

/// The message for a missing prerequisite; `Err` when it must fail.
fn verdict(ci: bool, check: &str, what: &str) -> Result<String, String> {
    if ci {
        Err(format!(
            "{check}: {what} is missing, and under CI=true that fails the check"
        ))
    } else {
        Ok(format!(
            "{check}: skipped, {what} is missing (under CI=true this fails)"
        ))
    }
}

/// Reports that `what` is missing for `check`: panics under CI, otherwise
/// prints that the check is skipped. The caller returns after it.
pub fn missing(check: &str, what: &str) {
    match verdict(in_ci(), check, what) {
        Ok(skipped) => eprintln!("{skipped}"),
        Err(failure) => panic!("{failure}"),
    }
}

/// `program` on `PATH`.
pub fn find_program(program: &str) -> Option<std::path::PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(program))
        .find(|path| path.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ci_is_any_value_but_empty_zero_or_false() {
        for value in ["true", "1", "yes", "TRUE"] {
            assert!(is_ci(Some(value)), "{value}");
        }
        for value in [None, Some(""), Some("0"), Some("false"), Some("False")] {
            assert!(!is_ci(value), "{value:?}");
        }
    }

    #[test]
    fn a_missing_prerequisite_fails_only_under_ci() {
        let failure = verdict(true, "corpus", "the corpus").unwrap_err();
        assert!(failure.contains("fails the check"), "{failure}");
        let skipped = verdict(false, "corpus", "the corpus").unwrap();
        assert!(skipped.starts_with("corpus: skipped"), "{skipped}");
    }
}
