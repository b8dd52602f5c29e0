//! Reading files and finding Dockerfiles in directories.

use std::fmt;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

/// Why a file could not be linted.
#[derive(Debug)]
pub enum InputError {
    Io(std::io::Error),
    Binary,
    NotUtf8 { offset: usize },
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Io(error) => write!(f, "{error}"),
            InputError::Binary => write!(f, "not a text file (it contains NUL bytes)"),
            InputError::NotUtf8 { offset } => {
                write!(f, "not valid UTF-8 (first bad byte at offset {offset})")
            }
        }
    }
}

/// Decodes file bytes: UTF-8 text without NUL bytes.
pub fn decode(bytes: Vec<u8>) -> Result<String, InputError> {
    if bytes.contains(&0) {
        return Err(InputError::Binary);
    }
    String::from_utf8(bytes).map_err(|e| InputError::NotUtf8 {
        offset: e.utf8_error().valid_up_to(),
    })
}

pub fn read(path: &Path) -> Result<String, InputError> {
    decode(std::fs::read(path).map_err(InputError::Io)?)
}

/// Reads build-context files for a Dockerfile: paths are relative to the
/// Dockerfile's directory (the usual `docker build .` layout). Missing,
/// unreadable, binary or large (over 1 MiB) files read as absent.
pub fn context_reader(dockerfile: &Path) -> impl Fn(&str) -> Option<String> + use<> {
    let dir = dockerfile
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    move |relative: &str| {
        let path = dir.join(crate::model::normalize(relative));
        let metadata = std::fs::metadata(&path).ok()?;
        if !metadata.is_file() || metadata.len() > 1 << 20 {
            return None;
        }
        read(&path).ok()
    }
}

/// File names fromlint lints when it searches a directory.
const DOCKERFILE_GLOBS: &[&str] = &[
    "Dockerfile",
    "Containerfile",
    "Dockerfile.*",
    "Containerfile.*",
    "*.Dockerfile",
    "*.dockerfile",
];

fn dockerfile_names() -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for pattern in DOCKERFILE_GLOBS {
        builder.add(Glob::new(pattern).expect("valid glob"));
    }
    builder.build().expect("valid glob set")
}

/// Whether a file name is one fromlint looks for in directories.
pub fn is_dockerfile_name(name: &str, names: &GlobSet) -> bool {
    // `Dockerfile.dockerignore` is the per-Dockerfile ignore file, not a Dockerfile.
    names.is_match(name) && !name.ends_with(".dockerignore")
}

/// Dockerfiles under `dir`, honouring `.gitignore` files, sorted by path.
pub fn discover(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let names = dockerfile_names();
    let mut found = Vec::new();
    let walker = ignore::WalkBuilder::new(dir).require_git(false).build();
    for entry in walker {
        let entry = entry.map_err(|e| e.to_string())?;
        let is_file = entry
            .file_type()
            .is_some_and(|t| t.is_file() || t.is_symlink());
        if is_file
            && entry
                .file_name()
                .to_str()
                .is_some_and(|n| is_dockerfile_name(n, &names))
        {
            found.push(entry.into_path());
        }
    }
    found.sort();
    Ok(found)
}

/// The files named by command-line paths: files as given (`-` included),
/// directories searched. Errors are printed naming the path; the flag says
/// whether there were any.
pub fn expand_paths(paths: &[PathBuf]) -> (Vec<PathBuf>, bool) {
    let mut failed = false;
    let mut files = Vec::new();
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    for path in paths {
        if path.as_os_str() != "-" && path.is_dir() {
            match discover(path) {
                Ok(found) => files.extend(found),
                Err(error) => {
                    eprintln!("fromlint: error: {}: {error}", path.display());
                    failed = true;
                }
            }
        } else {
            files.push(path.clone());
        }
    }
    (files, failed)
}

/// A path as the user should see it: without a leading `./`.
pub fn display_path(path: &Path) -> String {
    path.strip_prefix(".").unwrap_or(path).display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dockerfile_names_match() {
        let names = dockerfile_names();
        for yes in [
            "Dockerfile",
            "Containerfile",
            "Dockerfile.prod",
            "api.Dockerfile",
            "x.dockerfile",
        ] {
            assert!(is_dockerfile_name(yes, &names), "{yes}");
        }
        for no in [
            "Dockerfile.dockerignore",
            "README.md",
            "dockerfile.txt",
            "Makefile",
        ] {
            assert!(!is_dockerfile_name(no, &names), "{no}");
        }
    }

    #[test]
    fn rejects_binary_and_invalid_utf8() {
        assert!(matches!(decode(vec![b'F', 0, 1]), Err(InputError::Binary)));
        assert!(matches!(
            decode(vec![b'F', 0xff]),
            Err(InputError::NotUtf8 { offset: 1 })
        ));
        assert_eq!(decode(b"FROM x".to_vec()).unwrap(), "FROM x");
    }
}
