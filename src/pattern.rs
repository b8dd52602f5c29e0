//! Lists of glob patterns from the configuration (`allowed-images`,
//! `trusted-registries`, `[[overrides]] files`), matched with globset.

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};

/// A list of globs, matched as a few sets, keeping the patterns as written.
///
/// One `GlobSet` compiles its patterns into one set of regular expressions,
/// which has a size limit: tens of thousands of patterns exceed it, and the
/// error would name no pattern. So the list is split: a set that is too large
/// is built as two halves, down to single patterns; only a pattern that is
/// too large on its own is an error, and it is named. There is no limit on
/// the number of patterns (docs/limits.md).
///
/// Shared when cloned: the settings of each combination of `[[overrides]]`
/// a run meets hold the lists, and a deep copy of compiled sets for each
/// made a long list cost its size again per combination (20,000 allowed
/// images and 100 combinations: 3.5 GB).
#[derive(Debug, Clone)]
pub struct GlobList {
    patterns: std::sync::Arc<[String]>,
    sets: std::sync::Arc<[GlobSet]>,
}

/// A pattern that is not a valid glob (or too large to compile on its own):
/// its index in the list and why.
#[derive(Debug)]
pub struct BadGlob {
    pub index: usize,
    pub error: globset::Error,
}

/// Patterns per set to begin with (well under the size limit for patterns
/// of ordinary length).
const CHUNK: usize = 2_000;

impl GlobList {
    /// Compiles `patterns`. With `paths`, `*` stops at `/` and `**` crosses
    /// directories (file paths); without, `*` matches any text (image names).
    pub fn new<S: AsRef<str>>(patterns: &[S], paths: bool) -> Result<GlobList, BadGlob> {
        let mut globs = Vec::with_capacity(patterns.len());
        for (index, pattern) in patterns.iter().enumerate() {
            let glob: Glob = GlobBuilder::new(pattern.as_ref())
                .literal_separator(paths)
                .backslash_escape(true)
                .build()
                .map_err(|error| BadGlob { index, error })?;
            globs.push(glob);
        }
        let mut sets = Vec::new();
        for (chunk, globs) in globs.chunks(CHUNK).enumerate() {
            build_sets(globs, chunk * CHUNK, &mut sets)?;
        }
        Ok(GlobList {
            patterns: patterns.iter().map(|p| p.as_ref().to_string()).collect(),
            sets: sets.into(),
        })
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.sets.iter().any(|set| set.is_match(text))
    }

    pub fn patterns(&self) -> &[String] {
        &self.patterns
    }
}

/// Builds `globs` (the patterns from index `first` on) as one set, or as
/// two halves when one set would be too large.
fn build_sets(globs: &[Glob], first: usize, sets: &mut Vec<GlobSet>) -> Result<(), BadGlob> {
    let mut builder = GlobSetBuilder::new();
    for glob in globs {
        builder.add(glob.clone());
    }
    match builder.build() {
        Ok(set) => {
            sets.push(set);
            Ok(())
        }
        Err(error) if globs.len() == 1 => Err(BadGlob {
            index: first,
            error,
        }),
        Err(_) => {
            let half = globs.len() / 2;
            build_sets(&globs[..half], first, sets)?;
            build_sets(&globs[half..], first + half, sets)
        }
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

    #[test]
    fn large_lists_are_split_into_sets_and_match_across_them() {
        let patterns: Vec<String> = (0..2 * super::CHUNK + 1)
            .map(|i| format!("registry.example/team-{i}/*"))
            .collect();
        let list = GlobList::new(&patterns, false).unwrap();
        assert_eq!(list.sets.len(), 3);
        assert!(list.is_match("registry.example/team-0/app"));
        assert!(list.is_match(&format!("registry.example/team-{}/app", 2 * super::CHUNK)));
        assert!(!list.is_match("registry.example/team-x/app"));
        let mut bad = patterns.clone();
        bad.push("a[b".into());
        assert_eq!(
            GlobList::new(&bad, false).unwrap_err().index,
            2 * super::CHUNK + 1
        );
    }
}
