//! Lists of glob patterns from the configuration (`allowed-images`,
//! `trusted-registries`, `[[overrides]] files`), matched with globset.

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};

/// A list of globs, matched as one set, keeping the patterns as written.
#[derive(Debug, Clone)]
pub struct GlobList {
    patterns: Vec<String>,
    set: GlobSet,
}

/// A pattern that is not a valid glob: its index in the list and why.
#[derive(Debug)]
pub struct BadGlob {
    pub index: usize,
    pub error: globset::Error,
}

impl GlobList {
    /// Compiles `patterns`. With `paths`, `*` stops at `/` and `**` crosses
    /// directories (file paths); without, `*` matches any text (image names).
    pub fn new<S: AsRef<str>>(patterns: &[S], paths: bool) -> Result<GlobList, BadGlob> {
        let mut builder = GlobSetBuilder::new();
        for (index, pattern) in patterns.iter().enumerate() {
            let glob: Glob = GlobBuilder::new(pattern.as_ref())
                .literal_separator(paths)
                .backslash_escape(true)
                .build()
                .map_err(|error| BadGlob { index, error })?;
            builder.add(glob);
        }
        let set = builder
            .build()
            .map_err(|error| BadGlob { index: 0, error })?;
        Ok(GlobList {
            patterns: patterns.iter().map(|p| p.as_ref().to_string()).collect(),
            set,
        })
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.set.is_match(text)
    }

    pub fn patterns(&self) -> &[String] {
        &self.patterns
    }
}

#[cfg(test)]
mod tests {
    use super::GlobList;

    #[test]
    fn image_and_path_globs() {
        let images = GlobList::new(&["python:*-slim*", "gcr.io/distroless/*"], false).unwrap();
        assert!(images.is_match("python:3.12-slim-bookworm"));
        assert!(images.is_match("gcr.io/distroless/static-debian12:nonroot"));
        assert!(!images.is_match("python:3.12"));
        let paths = GlobList::new(&["legacy/*"], true).unwrap();
        assert!(paths.is_match("legacy/Dockerfile"));
        assert!(!paths.is_match("legacy/a/Dockerfile"));
        let bad = GlobList::new(&["ok", "a[b"], true).unwrap_err();
        assert_eq!(bad.index, 1);
    }
}
