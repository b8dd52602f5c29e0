//! Writing a fixed file without ever losing data: the new text goes to a
//! temporary file in the same directory, is synced, and replaces the target
//! with a rename. A symlink is followed, so the link stays a link.

use std::fmt;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub enum WriteError {
    Io(std::io::Error),
    ReadOnly,
    /// The file on disk is no longer the text that was linted.
    ChangedOnDisk,
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::Io(error) => write!(f, "cannot write the fixed file: {error}"),
            WriteError::ReadOnly => write!(f, "the file is read-only; not fixed"),
            WriteError::ChangedOnDisk => write!(
                f,
                "the file changed on disk while it was being fixed; not fixed"
            ),
        }
    }
}

impl From<std::io::Error> for WriteError {
    fn from(error: std::io::Error) -> Self {
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
    let temp = temp_path(&target);
    let result = write_temp(&temp, new, metadata.permissions()).and_then(|()| {
        if fs::read(&target)? != expected.as_bytes() {
            return Err(WriteError::ChangedOnDisk);
        }
        fs::rename(&temp, &target)?;
        sync_dir(&target);
        Ok(())
    });
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

fn temp_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("Dockerfile");
    target.with_file_name(format!(".{name}.fromlint-{}.tmp", std::process::id()))
}

fn write_temp(temp: &Path, text: &str, permissions: fs::Permissions) -> Result<(), WriteError> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(temp)?;
    file.write_all(text.as_bytes())?;
    file.set_permissions(permissions)?;
    file.sync_all()?;
    Ok(())
}

/// Makes the rename durable; not every platform can open a directory.
fn sync_dir(target: &Path) {
    if let Some(dir) = target.parent()
        && let Ok(handle) = fs::File::open(dir)
    {
        let _ = handle.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            2,
            "no temporary file left"
        );
    }

    #[test]
    fn refuses_changed_and_read_only_files() {
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
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
