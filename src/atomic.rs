//! Writing a fixed or pinned file without ever losing data: the new text
//! goes to a temporary file in the same directory, is synced, and replaces
//! the target with a rename, so readers see the old or the new content,
//! never a mix. A symlink is followed (the link stays a link); permissions
//! and, when allowed, the owner are kept.

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub enum WriteError {
    Io(io::Error),
    ReadOnly,
    /// The file on disk is no longer the text that was read.
    ChangedOnDisk,
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::Io(error) => write!(f, "cannot write the file: {error}"),
            WriteError::ReadOnly => write!(f, "the file is read-only; not changed"),
            WriteError::ChangedOnDisk => {
                write!(
                    f,
                    "the file changed on disk while fromlint worked on it; not changed"
                )
            }
        }
    }
}

impl From<io::Error> for WriteError {
    fn from(error: io::Error) -> Self {
        WriteError::Io(error)
    }
}

/// Replaces the contents of `path` (or of its symlink target) with `new`,
/// provided it still holds `expected`.
pub fn replace(path: &Path, expected: &str, new: &str) -> Result<(), WriteError> {
    let target = fs::canonicalize(path)?;
    let metadata = fs::metadata(&target)?;
    if metadata.permissions().readonly() {
        return Err(WriteError::ReadOnly);
    }
    let dir = target
        .parent()
        .ok_or_else(|| io::Error::other("the file has no parent directory"))?;
    let (temp_path, mut temp) = create_temp(dir, &target)?;
    let result = (|| {
        temp.write_all(new.as_bytes())?;
        temp.set_permissions(metadata.permissions())?;
        keep_owner(&temp, &metadata);
        temp.sync_all()?;
        if fs::read(&target)? != expected.as_bytes() {
            return Err(WriteError::ChangedOnDisk);
        }
        fs::rename(&temp_path, &target)?;
        sync_dir(dir);
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp_path);
    }
    result
}

fn create_temp(dir: &Path, target: &Path) -> io::Result<(PathBuf, File)> {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut attempt = 0u32;
    loop {
        let candidate = dir.join(format!(
            ".{name}.fromlint-{}-{attempt}.tmp",
            std::process::id()
        ));
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&candidate)
        {
            Ok(file) => return Ok((candidate, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
            Err(e) => return Err(e),
        }
    }
}

/// Keeps the owner and group when we may (as root); otherwise the new file
/// is ours, as with any editor that saves by renaming.
#[cfg(unix)]
fn keep_owner(file: &File, metadata: &fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    if let Ok(current) = file.metadata()
        && (current.uid() != metadata.uid() || current.gid() != metadata.gid())
    {
        let _ = std::os::unix::fs::fchown(file, Some(metadata.uid()), Some(metadata.gid()));
    }
}

#[cfg(not(unix))]
fn keep_owner(_: &File, _: &fs::Metadata) {}

/// Makes the rename durable (best effort: not every system can sync a
/// directory).
fn sync_dir(dir: &Path) {
    if let Ok(handle) = File::open(dir) {
        let _ = handle.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".fromlint-"))
            .collect()
    }

    #[test]
    fn replaces_through_symlinks_and_keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("Dockerfile.real");
        fs::write(&real, "old").unwrap();
        fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("Dockerfile");
        std::os::unix::fs::symlink(&real, &link).unwrap();

        replace(&link, "old", "new").unwrap();
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(
            fs::metadata(&real).unwrap().permissions().mode() & 0o777,
            0o640
        );
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn refuses_changed_read_only_and_missing_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Dockerfile");
        fs::write(&path, "edited elsewhere").unwrap();
        assert!(matches!(
            replace(&path, "old", "new"),
            Err(WriteError::ChangedOnDisk)
        ));
        assert_eq!(fs::read_to_string(&path).unwrap(), "edited elsewhere");

        let mut permissions = fs::metadata(&path).unwrap().permissions();
        permissions.set_readonly(true);
        fs::set_permissions(&path, permissions).unwrap();
        assert!(matches!(
            replace(&path, "edited elsewhere", "new"),
            Err(WriteError::ReadOnly)
        ));
        assert!(replace(&dir.path().join("nope"), "", "x").is_err());
        assert!(leftovers(dir.path()).is_empty());
    }
}
