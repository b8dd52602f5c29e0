//! Files of the build context that lints may read (requirement files,
//! `pyproject.toml`, `package.json`), loaded before linting by whoever has
//! a file system. Empty when linting text alone (an editor buffer).

use std::collections::BTreeMap;

/// Context files by path relative to the context root (no leading `./`).
#[derive(Debug, Clone, Default)]
pub struct BuildContext {
    files: BTreeMap<String, String>,
}

impl BuildContext {
    pub const fn new() -> BuildContext {
        BuildContext {
            files: BTreeMap::new(),
        }
    }

    pub fn insert(&mut self, path: &str, text: String) {
        self.files.insert(normalize(path), text);
    }

    pub fn get(&self, path: &str) -> Option<&str> {
        self.files.get(&normalize(path)).map(String::as_str)
    }

    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(&normalize(path))
    }

    /// The ignore file `docker build` applies: `<Dockerfile>.dockerignore`
    /// beside the Dockerfile when there is one, else the context's
    /// `.dockerignore`.
    pub fn dockerignore(&self) -> Option<super::dockerignore::DockerIgnore> {
        use super::dockerignore::{DOCKERFILE_IGNORE, DockerIgnore};
        if let Some(text) = self.files.get(DOCKERFILE_IGNORE) {
            return Some(DockerIgnore::parse("the Dockerfile's .dockerignore", text));
        }
        let text = self.files.get(".dockerignore")?;
        Some(DockerIgnore::parse(".dockerignore", text))
    }

    /// Whether a loaded file whose path starts with `prefix` contains `needle`.
    pub fn mentions(&self, prefix: &str, needle: &str) -> bool {
        self.files
            .iter()
            .any(|(path, text)| path.starts_with(prefix) && text.contains(needle))
    }
}

/// `./a/../b//c` → `b/c`.
pub fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    parts.join("/")
}
