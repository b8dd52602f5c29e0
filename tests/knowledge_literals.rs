//! Base-image facts live in `src/knowledge/data`: no code outside
//! `src/knowledge` spells a distribution release (a Debian or Ubuntu
//! codename from the release table, or a `-debian13` style suffix) in a
//! string literal, so "current" values are derived from the tables and not
//! written twice. Comments, documentation and tests may name them.

use std::fs;
use std::path::Path;

fn codenames() -> Vec<String> {
    let table = fs::read_to_string("src/knowledge/data/releases.toml").unwrap();
    table
        .split("codename = \"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|c| c.len() > 3)
        .map(str::to_string)
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The string literals of a line of code (comments skipped).
fn literals(line: &str) -> Vec<&str> {
    let code = line.trim_start();
    if code.starts_with("//") {
        return Vec::new();
    }
    let code = code.split(" //").next().unwrap_or(code);
    code.split('"').skip(1).step_by(2).collect()
}

#[test]
fn no_release_literals_outside_the_knowledge_folder() {
    let names = codenames();
    assert!(names.iter().any(|n| n == "trixie"), "codenames read");
    let mut files = Vec::new();
    rust_files(Path::new("src"), &mut files);
    rust_files(Path::new("lints"), &mut files);
    let mut found = Vec::new();
    for file in files {
        if file.starts_with("src/knowledge") {
            continue;
        }
        let text = fs::read_to_string(&file).unwrap();
        // Unit tests at the end of a file may name releases.
        let code = text.split("#[cfg(test)]").next().unwrap_or(&text);
        for (n, line) in code.lines().enumerate() {
            for literal in literals(line) {
                let words: Vec<&str> = literal
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .collect();
                let named = words.iter().any(|w| names.iter().any(|n| n == w))
                    || words.iter().any(|w| {
                        w.strip_prefix("debian")
                            .is_some_and(|v| v.parse::<u32>().is_ok())
                    });
                if named {
                    found.push(format!("{}:{}: \"{literal}\"", file.display(), n + 1));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "release literals outside src/knowledge (derive them from the knowledge tables):\n{}",
        found.join("\n")
    );
}
