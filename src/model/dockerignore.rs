//! The build context's `.dockerignore`: which context paths `docker build`
//! leaves out. Patterns are matched the way BuildKit's pattern matcher
//! does: one per line (`#` comments, blank lines skipped), cleaned
//! (`./a/` is `a`), `*` and `?` within a path component, `**` across
//! components, `!` re-including what an earlier pattern excluded; the last
//! pattern that matches a path or one of its parent directories decides.

use globset::{GlobBuilder, GlobMatcher};

/// The context file BuildKit reads for a Dockerfile named `<name>`, before
/// the context's `.dockerignore`: `<name>.dockerignore` beside it. Callers
/// that read files map this key to that path.
pub const DOCKERFILE_IGNORE: &str = "<Dockerfile>.dockerignore";

/// A parsed ignore file.
#[derive(Debug, Clone)]
pub struct DockerIgnore {
    /// The file the patterns come from.
    pub file: String,
    rules: Vec<Rule>,
}

#[derive(Debug, Clone)]
struct Rule {
    /// The pattern as written (without `!`).
    pattern: String,
    exception: bool,
    matcher: GlobMatcher,
}

impl DockerIgnore {
    pub fn parse(file: &str, text: &str) -> DockerIgnore {
        let mut rules = Vec::new();
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (exception, pattern) = match line.strip_prefix('!') {
                Some(rest) => (true, rest.trim()),
                None => (false, line),
            };
            let cleaned = super::normalize(pattern);
            if cleaned.is_empty() {
                continue;
            }
            // An invalid glob excludes nothing (BuildKit fails the build).
            let Ok(glob) = GlobBuilder::new(&cleaned)
                .literal_separator(true)
                .backslash_escape(true)
                .build()
            else {
                continue;
            };
            rules.push(Rule {
                pattern: pattern.to_string(),
                exception,
                matcher: glob.compile_matcher(),
            });
        }
        DockerIgnore {
            file: file.to_string(),
            rules,
        }
    }

    /// The pattern that leaves context path `path` out of the build, if it
    /// is left out.
    pub fn excluding(&self, path: &str) -> Option<&str> {
        let path = super::normalize(path);
        if path.is_empty() {
            return None;
        }
        // The path and each directory above it.
        let prefixes: Vec<&str> = path
            .match_indices('/')
            .map(|(i, _)| &path[..i])
            .chain([path.as_str()])
            .collect();
        let mut excluded = None;
        for rule in &self.rules {
            if prefixes.iter().any(|p| rule.matcher.is_match(p)) {
                excluded = (!rule.exception).then_some(rule.pattern.as_str());
            }
        }
        excluded
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_exceptions_and_parents() {
        let ignore = DockerIgnore::parse(
            ".dockerignore",
            "# comment\n\n/secrets\n**/*.log\n*/tmp/*\nnode_modules\n!node_modules/keep\n[ab].txt\n",
        );
        assert_eq!(ignore.excluding("secrets/key.pem"), Some("/secrets"));
        assert_eq!(ignore.excluding("./a/b/c.log"), Some("**/*.log"));
        assert_eq!(ignore.excluding("x.log"), Some("**/*.log"));
        assert_eq!(ignore.excluding("src/tmp/x"), Some("*/tmp/*"));
        assert_eq!(ignore.excluding("node_modules/x"), Some("node_modules"));
        assert_eq!(ignore.excluding("node_modules/keep/y"), None);
        assert_eq!(ignore.excluding("a.txt"), Some("[ab].txt"));
        assert_eq!(ignore.excluding("src/main.rs"), None);
        assert_eq!(ignore.excluding("."), None);
        // Bad patterns are skipped, not fatal.
        let bad = DockerIgnore::parse(".dockerignore", "[\n!\nok\n");
        assert_eq!(bad.excluding("ok"), Some("ok"));
    }
}
