//! Reading files and finding Dockerfiles in directories.

use std::fmt;
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

/// Why a file could not be linted.
#[derive(Debug)]
pub enum InputError {
    Io(std::io::Error),
    Binary,
    Utf16,
    NotUtf8 { offset: usize },
    TooManyLines,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Io(error) => write!(f, "{error}"),
            InputError::Binary => write!(f, "not a text file (it contains NUL bytes)"),
            InputError::Utf16 => write!(f, "the file is UTF-16; convert it to UTF-8"),
            InputError::TooManyLines => {
                write!(f, "more than the limit of {} lines", grouped(MAX_LINES))
            }
            InputError::NotUtf8 { offset } => {
                write!(f, "not valid UTF-8 (first bad byte at offset {offset})")
            }
        }
    }
}

/// Standard input as text, read up to [`MAX_FILE`] (more is an error).
pub fn read_stdin() -> Result<String, InputError> {
    let mut bytes = Vec::new();
    io::stdin()
        .take(MAX_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(InputError::Io)?;
    if bytes.len() as u64 > MAX_FILE {
        return Err(InputError::Io(io::Error::other(format!(
            "larger than the limit of {} MiB",
            MAX_FILE >> 20
        ))));
    }
    decode(bytes)
}

/// Decodes file bytes: UTF-8 text without NUL bytes.
pub fn decode(bytes: Vec<u8>) -> Result<String, InputError> {
    // UTF-16 without a byte order mark is told apart by its NULs, so the
    // pairwise count runs only for text that has one.
    if has_utf16_mark(&bytes) {
        return Err(InputError::Utf16);
    }
    if memchr::memchr(0, &bytes).is_some() {
        return Err(if looks_utf16(&bytes) {
            InputError::Utf16
        } else {
            InputError::Binary
        });
    }
    check_lines(&bytes)?;
    String::from_utf8(bytes).map_err(|e| InputError::NotUtf8 {
        offset: e.utf8_error().valid_up_to(),
    })
}

/// The most lines fromlint reads in one Dockerfile: 1,000,000. The largest
/// of the 3,608 files of the corpus has 379. Every line costs a few hundred
/// bytes of model (a `FROM a` line, 7 bytes, about 1.1 KB), so this bounds
/// what a file of very short lines can ask for, which the 64 MiB cap alone
/// does not (32 million lines of two bytes). See docs/limits.md.
pub const MAX_LINES: usize = 1_000_000;

/// `n` with its thousands grouped: `1,000,000`.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// `Err` for text of more than [`MAX_LINES`] lines.
pub fn check_lines(text: &[u8]) -> Result<(), InputError> {
    // A last line without a line break is a line too.
    let breaks = memchr::memchr_iter(b'\n', text).count();
    let lines = breaks + usize::from(!text.is_empty() && !text.ends_with(b"\n"));
    if lines > MAX_LINES {
        return Err(InputError::TooManyLines);
    }
    Ok(())
}

fn has_utf16_mark(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff])
}

/// A UTF-16 byte order mark, or text whose every other byte is NUL (UTF-16
/// of ASCII without a mark).
fn looks_utf16(bytes: &[u8]) -> bool {
    if has_utf16_mark(bytes) {
        return true;
    }
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 4 {
        return false;
    }
    let pairs = sample.len() / 2;
    let zero_at = |parity: usize| {
        sample
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zero_at(0), zero_at(1));
    // Nearly all NULs in one position of each pair, none in the other.
    (even * 10 >= pairs * 9 && odd == 0) || (odd * 10 >= pairs * 9 && even == 0)
}

/// The largest file fromlint reads (a Dockerfile, a configuration file, a
/// Docker `config.json`): 64 MiB. See docs/limits.md.
pub const MAX_FILE: u64 = 64 << 20;

/// The bytes of a regular file of at most `limit` bytes. A directory, FIFO,
/// device or socket (a symlink to one included) is an error that says what
/// it is, checked before opening, so a FIFO never blocks; a larger file is
/// an error too, and no more than `limit` bytes are ever read.
pub fn read_bytes(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    regular(&fs::metadata(path)?, limit)?;
    let file = File::open(path)?;
    // What was opened, in case the path changed since.
    let metadata = file.metadata()?;
    regular(&metadata, limit)?;
    // Sized from the metadata (one byte more to see the end), so a large
    // file is not read into a buffer that doubled past its size.
    let mut bytes = Vec::with_capacity(metadata.len().min(limit) as usize + 1);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(limit));
    }
    Ok(bytes)
}

fn regular(metadata: &fs::Metadata, limit: u64) -> io::Result<()> {
    let kind = file_kind(metadata);
    if kind != "file" {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("not a regular file (it is {kind})"),
        ));
    }
    if metadata.len() > limit {
        return Err(too_large(limit));
    }
    Ok(())
}

fn too_large(limit: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("larger than the limit of {} MiB", limit >> 20),
    )
}

/// What a file system entry is, in words.
pub fn file_kind(metadata: &fs::Metadata) -> &'static str {
    let kind = metadata.file_type();
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
    }
    if kind.is_dir() {
        "a directory"
    } else if kind.is_file() {
        "file"
    } else {
        "not a regular file"
    }
}

/// A Dockerfile's text: a regular file of at most [`MAX_FILE`] bytes, UTF-8.
pub fn read(path: &Path) -> Result<String, InputError> {
    decode(read_bytes(path, MAX_FILE).map_err(InputError::Io)?)
}

/// Reads build-context files for a Dockerfile: paths are relative to the
/// Dockerfile's directory (the usual `docker build .` layout). Missing,
/// unreadable, binary or large (over 1 MiB) files read as absent.
pub fn context_reader(dockerfile: &Path) -> impl Fn(&str) -> Option<String> + use<> {
    let (dir, own_ignore) = context_dir(dockerfile);
    move |relative: &str| read_context(&dir, own_ignore.as_deref(), relative, None)
}

/// [`context_reader`] for one of many Dockerfiles linted in one run: a
/// file whose first path component is not in its directory's listing (read
/// once for a directory that holds many of the Dockerfiles, see
/// [`Listings`]) is absent without asking the file system for it.
pub fn listed_context_reader<'l>(
    dockerfile: &Path,
    listings: &'l Listings,
) -> impl Fn(&str) -> Option<String> + 'l {
    let (dir, own_ignore) = context_dir(dockerfile);
    move |relative: &str| read_context(&dir, own_ignore.as_deref(), relative, Some(listings))
}

/// A Dockerfile's directory and its own ignore file
/// (`<Dockerfile>.dockerignore`).
fn context_dir(dockerfile: &Path) -> (PathBuf, Option<PathBuf>) {
    let dir = dockerfile
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let own_ignore = dockerfile.file_name().map(|name| {
        let mut name = name.to_os_string();
        name.push(".dockerignore");
        dir.join(name)
    });
    (dir, own_ignore)
}

fn read_context(
    dir: &Path,
    own_ignore: Option<&Path>,
    relative: &str,
    listings: Option<&Listings>,
) -> Option<String> {
    let path = match own_ignore {
        Some(own) if relative == crate::model::dockerignore::DOCKERFILE_IGNORE => own.to_path_buf(),
        _ => dir.join(crate::model::normalize(relative)),
    };
    if let Some(listings) = listings
        && let Ok(rest) = path.strip_prefix(dir)
        && let Some(std::path::Component::Normal(first)) = rest.components().next()
        && !listings.may_exist(dir, first)
    {
        return None;
    }
    let metadata = std::fs::metadata(&path).ok()?;
    if !metadata.is_file() || metadata.len() > 1 << 20 {
        return None;
    }
    read(&path).ok()
}

/// The names in the directories that hold many of the Dockerfiles of a run
/// (a corpus of thousands of files in one directory), each listed once and
/// only when first needed, so their build-context files are looked up in
/// memory instead of with a `stat` each (about ten per Dockerfile). A
/// directory with few of them is not listed: its files are asked for one by
/// one, as a large directory holding one Dockerfile would cost more to list.
#[derive(Default)]
pub struct Listings {
    dirs: std::collections::HashMap<PathBuf, std::sync::OnceLock<Option<ListedNames>>>,
}

/// A directory's entry names, ASCII-lowercased (a case-insensitive file
/// system finds `Requirements.txt` for `requirements.txt`: such a name is
/// kept as possibly there, and the file system has the last word).
type ListedNames = std::collections::HashSet<Vec<u8>>;

impl Listings {
    /// How many of a run's Dockerfiles a directory holds before it is listed.
    pub const MIN_FILES: usize = 8;

    /// Listings for the directories of `dockerfiles` that hold at least
    /// [`Listings::MIN_FILES`] of them.
    pub fn new<'p>(dockerfiles: impl Iterator<Item = &'p Path>) -> Listings {
        let mut counts: std::collections::HashMap<PathBuf, usize> = Default::default();
        for file in dockerfiles {
            let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
            *counts.entry(dir).or_default() += 1;
        }
        Listings {
            dirs: counts
                .into_iter()
                .filter(|(_, n)| *n >= Self::MIN_FILES)
                .map(|(dir, _)| (dir, std::sync::OnceLock::new()))
                .collect(),
        }
    }

    /// Whether `name` may be an entry of `dir`: false only when `dir` was
    /// listed and has no entry of that name.
    fn may_exist(&self, dir: &Path, name: &std::ffi::OsStr) -> bool {
        let Some(cell) = self.dirs.get(dir) else {
            return true;
        };
        let listed = cell.get_or_init(|| {
            let at = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            };
            let entries = fs::read_dir(at).ok()?;
            let mut names = ListedNames::new();
            for entry in entries {
                names.insert(
                    entry
                        .ok()?
                        .file_name()
                        .as_encoded_bytes()
                        .to_ascii_lowercase(),
                );
            }
            Some(names)
        });
        match listed {
            Some(names) => names.contains(&name.as_encoded_bytes().to_ascii_lowercase()),
            None => true,
        }
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

/// Version-control directories, never searched.
const VCS_DIRS: &[&str] = &[".git", ".hg", ".svn", ".jj", ".bzr", "_darcs", ".pijul"];

/// Dockerfiles under `dir`, honouring `.gitignore` files, sorted by path.
/// Hidden directories (`.devcontainer`, `.github`) are searched; version
/// control directories are not. A symlink is followed only when it points
/// inside `dir` (a warning names the others); symlinked directories are
/// not entered.
pub fn discover(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let names = dockerfile_names();
    let root = fs::canonicalize(dir).map_err(|e| e.to_string())?;
    let mut found = Vec::new();
    let walker = ignore::WalkBuilder::new(dir)
        .require_git(false)
        .hidden(false)
        .filter_entry(|entry| {
            !(entry.file_type().is_some_and(|t| t.is_dir())
                && entry
                    .file_name()
                    .to_str()
                    .is_some_and(|name| VCS_DIRS.contains(&name)))
        })
        .build();
    for entry in walker {
        let entry = entry.map_err(|e| e.to_string())?;
        let Some(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir()
            || !entry
                .file_name()
                .to_str()
                .is_some_and(|n| is_dockerfile_name(n, &names))
        {
            continue;
        }
        if kind.is_symlink() {
            let inside =
                fs::canonicalize(entry.path()).is_ok_and(|target| target.starts_with(&root));
            if !inside {
                eprintln!(
                    "fromlint: warning: {}: not followed: a symlink to outside {}",
                    crate::report::escape_controls(&display_path(entry.path())),
                    crate::report::escape_controls(&dir.display().to_string())
                );
                continue;
            }
        }
        found.push(entry.into_path());
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

    #[test]
    fn counts_lines_up_to_the_limit() {
        let lines = |n: usize, last: &str| format!("{}{last}", "\n".repeat(n)).into_bytes();
        assert!(check_lines(&lines(MAX_LINES, "")).is_ok());
        assert!(check_lines(&lines(MAX_LINES + 1, "")).is_err());
        // A last line without its line break counts.
        assert!(check_lines(&lines(MAX_LINES - 1, "RUN x")).is_ok());
        assert!(check_lines(&lines(MAX_LINES, "RUN x")).is_err());
        assert!(check_lines(b"").is_ok());
        let error = decode(lines(MAX_LINES + 1, "")).unwrap_err();
        assert_eq!(error.to_string(), "more than the limit of 1,000,000 lines");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }

    #[test]
    fn recognises_utf16() {
        let le: Vec<u8> = "FROM x\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let be: Vec<u8> = "FROM x\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert!(matches!(decode(le.clone()), Err(InputError::Utf16)));
        assert!(matches!(decode(be), Err(InputError::Utf16)));
        let bom = [&[0xff, 0xfe][..], &le].concat();
        assert!(matches!(decode(bom), Err(InputError::Utf16)));
    }
}
