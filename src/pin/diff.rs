//! Unified diffs of pin edits, for `--diff`. Pin edits never add or remove
//! a line break, so old and new have the same lines and the diff is a
//! line-by-line comparison grouped into hunks with three lines of context.

const CONTEXT: usize = 3;

/// A unified diff from `old` to `new` of the file shown as `path`; empty
/// when they are equal.
pub fn unified(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    let before: Vec<&str> = old.split_inclusive('\n').collect();
    let after: Vec<&str> = new.split_inclusive('\n').collect();
    let mut out = format!("--- a/{path}\n+++ b/{path}\n");
    if before.len() != after.len() {
        // Not produced by pin edits; still a correct diff, as one hunk.
        hunk(&mut out, &before, &after, 0, before.len(), after.len());
        return out;
    }
    let changed: Vec<usize> = (0..before.len())
        .filter(|&i| before[i] != after[i])
        .collect();
    let mut i = 0;
    while i < changed.len() {
        let start = changed[i].saturating_sub(CONTEXT);
        let mut last = changed[i];
        while i + 1 < changed.len() && changed[i + 1] <= last + 2 * CONTEXT + 1 {
            i += 1;
            last = changed[i];
        }
        let end = (last + CONTEXT + 1).min(before.len());
        let mut lines = Vec::new();
        for line in start..end {
            if before[line] == after[line] {
                lines.push((' ', before[line]));
            } else {
                lines.push(('-', before[line]));
                lines.push(('+', after[line]));
            }
        }
        let count = end - start;
        out += &format!("@@ -{} +{} @@\n", range(start, count), range(start, count));
        for (mark, line) in lines {
            push_line(&mut out, mark, line);
        }
        i += 1;
    }
    out
}

fn hunk(out: &mut String, before: &[&str], after: &[&str], start: usize, old: usize, new: usize) {
    *out += &format!("@@ -{} +{} @@\n", range(start, old), range(start, new));
    for line in before {
        push_line(out, '-', line);
    }
    for line in after {
        push_line(out, '+', line);
    }
}

/// `start,count` with 1-based start (`start` is 0-based); an empty range
/// names the line before it.
fn range(start: usize, count: usize) -> String {
    match count {
        1 => format!("{}", start + 1),
        0 => format!("{start},0"),
        n => format!("{},{n}", start + 1),
    }
}

fn push_line(out: &mut String, mark: char, line: &str) {
    out.push(mark);
    out.push_str(line);
    if !line.ends_with('\n') {
        out.push_str("\n\\ No newline at end of file\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hunks_with_context_and_merging() {
        let old: String = (1..=20).map(|i| format!("l{i}\n")).collect();
        let new = old
            .replace("l2\n", "L2\n")
            .replace("l5\n", "L5\n")
            .replace("l18\n", "L18\n");
        let diff = unified("Dockerfile", &old, &new);
        assert_eq!(
            diff,
            "--- a/Dockerfile\n+++ b/Dockerfile\n\
             @@ -1,8 +1,8 @@\n l1\n-l2\n+L2\n l3\n l4\n-l5\n+L5\n l6\n l7\n l8\n\
             @@ -15,6 +15,6 @@\n l15\n l16\n l17\n-l18\n+L18\n l19\n l20\n"
        );
        assert_eq!(unified("x", "same", "same"), "");
    }

    #[test]
    fn last_line_without_newline() {
        let diff = unified("D", "FROM a", "FROM b");
        assert_eq!(
            diff,
            "--- a/D\n+++ b/D\n@@ -1 +1 @@\n-FROM a\n\\ No newline at end of file\n+FROM b\n\\ No newline at end of file\n"
        );
    }

    #[test]
    fn applies_with_patch() {
        // Check the diff against GNU patch when it is installed.
        let Ok(patch) = which("patch") else { return };
        let dir = tempfile::tempdir().unwrap();
        let old: String = (1..=30).map(|i| format!("line {i}\n")).collect();
        let new = old
            .replace("line 9\n", "LINE 9\n")
            .replace("line 30\n", "LINE 30\n");
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

    fn which(program: &str) -> Result<std::path::PathBuf, ()> {
        let path = std::env::var_os("PATH").ok_or(())?;
        std::env::split_paths(&path)
            .map(|dir| dir.join(program))
            .find(|p| p.is_file())
            .ok_or(())
    }
}
