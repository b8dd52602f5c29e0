//! Unified diffs of fixed or pinned files, for `--diff`.

/// A unified diff from `old` to `new` of the file shown as `path`, with
/// three lines of context; empty when they are equal.
pub fn unified(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::unified;

    #[test]
    fn hunks_with_context() {
        let old: String = (1..=20).map(|i| format!("l{i}\n")).collect();
        let new = old.replace("l2\n", "L2\n").replace("l18\n", "L18\n");
        let diff = unified("Dockerfile", &old, &new);
        assert!(
            diff.starts_with(
                "--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,5 +1,5 @@\n l1\n-l2\n+L2\n"
            ),
            "{diff}"
        );
        assert!(
            diff.contains("@@ -15,6 +15,6 @@\n l15\n l16\n l17\n-l18\n+L18\n l19\n l20\n"),
            "{diff}"
        );
        assert_eq!(unified("x", "same", "same"), "");
    }

    #[test]
    fn marks_a_missing_final_newline() {
        let diff = unified("D", "FROM a", "FROM b");
        assert!(
            diff.contains(
                "-FROM a\n\\ No newline at end of file\n+FROM b\n\\ No newline at end of file\n"
            ),
            "{diff}"
        );
    }

    #[test]
    fn applies_with_gnu_patch() {
        let Some(patch) = crate::prerequisite::find_program("patch") else {
            crate::prerequisite::missing("applies_with_gnu_patch", "GNU patch");
            return;
        };
        let dir = tempfile::tempdir().unwrap();
        let old: String = (1..=30).map(|i| format!("line {i}\n")).collect();
        let new = old
            .replace("line 9\n", "LINE 9\n")
            .replace("line 30\n", "LINE 30");
        std::fs::write(dir.path().join("f"), &old).unwrap();
        std::fs::write(dir.path().join("p"), unified("f", &old, &new)).unwrap();
        let status = std::process::Command::new(patch)
            .args(["-p1", "-s", "-i", "p"])
            .current_dir(dir.path())
            .status()
            .unwrap();
        assert!(status.success());
        assert_eq!(std::fs::read_to_string(dir.path().join("f")).unwrap(), new);
    }
}
