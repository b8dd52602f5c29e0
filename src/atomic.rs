//! Writing a fixed or pinned file without ever losing data: the new text
//! goes to a temporary file in the same directory, is synced, and replaces
//! the target with a rename, so readers see the old or the new content,
//! never a mix. A symlink is followed (the link stays a link). The policy
//! (docs/limits.md):
//! - the temporary file is created readable by its owner only (0600), gets
//!   the owner, then the mode (setuid/setgid bits included: chown clears
//!   them, so chmod comes after it) of the original, and is removed on
//!   every error path;
//! - a file with more than one hard link is refused: replacing it would
//!   leave the other names with the old text;
//! - extended attributes and ACLs are not carried over;
//! - the content is compared with what was linted right before the rename,
//!   through the path and through the original file; a write that lands on
//!   the original in between is detected after the rename and its text put
//!   back, and the fix is reported as not applied.

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub enum WriteError {
    Io(io::Error),
    ReadOnly,
    /// The file has other names (hard links) that a rename would split off.
    HardLinked(u64),
    /// The file on disk is no longer the text that was read.
    ChangedOnDisk,
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::Io(error) => write!(f, "cannot write the file: {error}"),
            WriteError::ReadOnly => write!(f, "the file is read-only; not changed"),
            WriteError::HardLinked(links) => write!(
                f,
                "the file has {links} hard links, and replacing it would leave the other \
                 names with the old text; not changed (fix a copy, or use --diff)"
            ),
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
    replace_with(path, expected, new, &|| {})
}

/// [`replace`], with a hook run between the final check and the rename
/// (tests use it to write to the file at the worst moment).
fn replace_with(
    path: &Path,
    expected: &str,
    new: &str,
    before_rename: &dyn Fn(),
) -> Result<(), WriteError> {
    let target = fs::canonicalize(path)?;
    let mut original = File::open(&target)?;
    let metadata = original.metadata()?;
    if metadata.permissions().readonly() {
        return Err(WriteError::ReadOnly);
    }
    let links = hard_links(&metadata);
    if links > 1 {
        return Err(WriteError::HardLinked(links));
    }
    let dir = target
        .parent()
        .ok_or_else(|| io::Error::other("the file has no parent directory"))?;
    let (temp_path, mut temp) = create_temp(dir, &target)?;
    let result = (|| {
        temp.write_all(new.as_bytes())?;
        keep_owner(&temp, &metadata);
        temp.set_permissions(metadata.permissions())?;
        temp.sync_all()?;
        if fs::read(&target)? != expected.as_bytes()
            || read_all(&mut original)? != expected.as_bytes()
        {
            return Err(WriteError::ChangedOnDisk);
        }
        before_rename();
        fs::rename(&temp_path, &target)?;
        sync_dir(dir);
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp_path);
        return result;
    }
    // A write that reached the original between the check and the rename
    // would be lost with it: put its text back and say so.
    let late = read_all(&mut original)?;
    if late != expected.as_bytes() {
        let (back_path, mut back) = create_temp(dir, &target)?;
        let restored = back
            .write_all(&late)
            .and_then(|()| {
                keep_owner(&back, &metadata);
                back.set_permissions(metadata.permissions())
            })
            .and_then(|()| back.sync_all())
            .and_then(|()| fs::rename(&back_path, &target));
        if restored.is_err() {
            let _ = fs::remove_file(&back_path);
        }
        restored?;
        return Err(WriteError::ChangedOnDisk);
    }
    Ok(())
}

/// The whole content of an open file, from its start.
fn read_all(file: &mut File) -> io::Result<Vec<u8>> {
    use std::io::{Read, Seek};
    file.rewind()?;
    let mut bytes = Vec::new();
    file.take(crate::input::MAX_FILE + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

#[cfg(unix)]
fn hard_links(metadata: &fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::nlink(metadata)
}

#[cfg(not(unix))]
fn hard_links(_: &fs::Metadata) -> u64 {
    1
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
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        // Private from the first byte: the original's mode comes after its
        // content is written.
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        match options.open(&candidate) {
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

    #[cfg(unix)]
    #[test]
    fn refuses_hard_links_and_keeps_special_mode_bits() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Dockerfile");
        fs::write(&path, "old").unwrap();
        fs::hard_link(&path, dir.path().join("other")).unwrap();
        assert!(matches!(
            replace(&path, "old", "new"),
            Err(WriteError::HardLinked(2))
        ));
        assert_eq!(fs::read_to_string(dir.path().join("other")).unwrap(), "old");
        fs::remove_file(dir.path().join("other")).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o2640)).unwrap();
        replace(&path, "old", "new").unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o7777;
        assert_eq!(mode, 0o2640);
        assert!(leftovers(dir.path()).is_empty());
    }

    /// A file of another owner (root fixing a user's file) keeps its owner
    /// and its setuid and setgid bits: chown clears those bits, so the
    /// mode is set after the owner.
    #[cfg(unix)]
    #[test]
    fn keeps_another_owner_and_the_setuid_and_setgid_bits() {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Dockerfile");
        fs::write(&path, "old").unwrap();
        if fs::metadata(&path).unwrap().uid() != 0 {
            crate::prerequisite::missing(
                "keeps_another_owner_and_the_setuid_and_setgid_bits",
                "root (to give a file another owner)",
            );
            return;
        }
        for mode in [0o6755, 0o4755, 0o2755] {
            fs::write(&path, "old").unwrap();
            std::os::unix::fs::chown(&path, Some(1000), Some(1000)).unwrap();
            // After the chown, which would clear the bits.
            fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
            replace(&path, "old", "new").unwrap();
            assert_eq!(fs::read_to_string(&path).unwrap(), "new");
            let metadata = fs::metadata(&path).unwrap();
            assert_eq!((metadata.uid(), metadata.gid()), (1000, 1000));
            assert_eq!(metadata.permissions().mode() & 0o7777, mode, "{mode:o}");
        }
        assert!(leftovers(dir.path()).is_empty());
    }

    /// A line appended after the content was checked, before the rename,
    /// is not lost: its text is put back and the fix is not applied.
    #[test]
    fn a_write_racing_the_rename_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Dockerfile");
        fs::write(&path, "old\n").unwrap();
        let appended = std::cell::Cell::new(false);
        let result = replace_with(&path, "old\n", "new\n", &|| {
            // After the check, before the rename: the worst moment.
            let mut file = OpenOptions::new().append(true).open(&path).unwrap();
            file.write_all(b"appended\n").unwrap();
            appended.set(true);
        });
        assert!(appended.get());
        assert!(matches!(result, Err(WriteError::ChangedOnDisk)));
        assert_eq!(fs::read_to_string(&path).unwrap(), "old\nappended\n");
        assert!(leftovers(dir.path()).is_empty());
    }

    /// The temporary file is never readable by others, even while the text
    /// of a private file is being written into it.
    #[cfg(unix)]
    #[test]
    fn the_temporary_file_is_private_from_the_start() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let (path, _file) = create_temp(dir.path(), &dir.path().join("Dockerfile")).unwrap();
        assert_eq!(fs::metadata(path).unwrap().permissions().mode() & 0o077, 0);
    }
}
