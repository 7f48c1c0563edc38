//! The panel's state files, all five of them: the sign-in (`sign-in.json`), the schedule cache
//! (`schedule.json`), the door bookings (`door-bookings.json`), the check-ins (`check-ins.json`)
//! and the room picked on the panel (`room.json`). Every read and write of them goes through
//! here, with one policy:
//!
//! - **Writes are atomic and never follow a planted name.** A new temp file is created next to
//!   the state file with `O_CREAT|O_EXCL` and a random name (`.sign-in.json.XXXXXX.tmp`), mode
//!   0600; written, fsynced, renamed over the state file (the rename replaces a symlink or FIFO
//!   found there, it never writes through it), and the directory is fsynced. A failed write
//!   leaves the old file as it was and returns the error; nothing is ever deleted because a
//!   write failed.
//! - **Reads open only regular files, and only so much.** The file is opened with `O_NOFOLLOW`
//!   and `O_NONBLOCK` (a FIFO cannot hang the open), checked with `fstat` to be a regular file,
//!   and read up to its kind's limit: a symlink, a FIFO, a device or a file over the limit is
//!   refused.
//! - **A damaged file is treated as absent.** A state file that is refused, unreadable or does
//!   not parse is logged (a warning the first time per file and process, then quietly) and read
//!   as if it were not there: not paired, no cache, no door bookings known, no check-ins, no room
//!   picked. It is not moved aside; the next good write replaces it.
//! - **Leftovers are cleaned.** Temp files left by a kill between write and rename (they may
//!   hold a refresh token) are removed when the panel opens its state directory
//!   ([`open`]) and by `roomsign unpair`; state files readable by others are set back to 0600.

use std::collections::HashSet;
use std::io::{Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::de::DeserializeOwned;
use serde::Serialize;

/// One kind of state file: its name in the state directory and the most it may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StateFile {
    pub name: &'static str,
    /// Bytes; a bigger file is refused unread.
    pub limit: u64,
}

/// The sign-in: tokens are a few KiB.
pub const SIGN_IN: StateFile = StateFile {
    name: "sign-in.json",
    limit: 256 * 1024,
};
/// The last good schedule and its delta link (two days of a busy room are some 100 KiB).
pub const SCHEDULE: StateFile = StateFile {
    name: "schedule.json",
    limit: 16 * 1024 * 1024,
};
/// The events made at this panel.
pub const DOOR_BOOKINGS: StateFile = StateFile {
    name: "door-bookings.json",
    limit: 4 * 1024 * 1024,
};
/// Check-ins and releases.
pub const CHECK_INS: StateFile = StateFile {
    name: "check-ins.json",
    limit: 4 * 1024 * 1024,
};
/// The room picked on the panel.
pub const ROOM: StateFile = StateFile {
    name: "room.json",
    limit: 64 * 1024,
};

/// Every state file.
pub const ALL: [StateFile; 5] = [SIGN_IN, SCHEDULE, DOOR_BOOKINGS, CHECK_INS, ROOM];

/// Why a state file was not read.
#[derive(Debug)]
pub enum Refused {
    /// A symlink, FIFO, socket, device or directory where a regular file belongs.
    NotRegular,
    /// Bigger than its kind's limit.
    TooLarge { limit: u64 },
    /// Opening or reading failed.
    Io(std::io::Error),
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::NotRegular => write!(f, "not a regular file"),
            Refused::TooLarge { limit } => write!(f, "larger than {limit} bytes"),
            Refused::Io(e) => write!(f, "{e}"),
        }
    }
}

/// The state file's path in `dir`.
pub fn path(dir: &Path, file: StateFile) -> PathBuf {
    dir.join(file.name)
}

/// The bytes of a state file: `Ok(None)` when there is none, `Err` when one is there but
/// refused (not a regular file, too large, unreadable).
pub fn read(dir: &Path, file: StateFile) -> Result<Option<Vec<u8>>, Refused> {
    let Some((handle, meta)) = open_regular(&path(dir, file))? else {
        return Ok(None);
    };
    if meta.len() > file.limit {
        return Err(Refused::TooLarge { limit: file.limit });
    }
    // The file may grow while it is read: never more than the limit and one byte.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    handle
        .take(file.limit + 1)
        .read_to_end(&mut bytes)
        .map_err(Refused::Io)?;
    if bytes.len() as u64 > file.limit {
        return Err(Refused::TooLarge { limit: file.limit });
    }
    Ok(Some(bytes))
}

/// Opens a state file for reading only if it is a regular file: never through a symlink
/// (`O_NOFOLLOW`), never waiting on a FIFO (`O_NONBLOCK`), checked with `fstat` on what was
/// opened. `Ok(None)` when there is none.
fn open_regular(path: &Path) -> Result<Option<(std::fs::File, std::fs::Metadata)>, Refused> {
    let opened = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(path);
    let handle = match opened {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        // O_NOFOLLOW on a symlink.
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => return Err(Refused::NotRegular),
        Err(e) => return Err(Refused::Io(e)),
    };
    let meta = handle.metadata().map_err(Refused::Io)?;
    if !meta.file_type().is_file() {
        return Err(Refused::NotRegular);
    }
    Ok(Some((handle, meta)))
}

/// Files already warned about in this process (the policy: one warning, then quiet).
static WARNED: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);

fn warn_once(path: &Path, what: &str, why: &dyn std::fmt::Display) {
    let first = WARNED
        .lock()
        .map(|mut w| w.get_or_insert_with(HashSet::new).insert(path.to_owned()))
        .unwrap_or(true);
    if first {
        tracing::warn!(path = %path.display(), "{what} ({why}); treating it as absent");
    } else {
        tracing::debug!(path = %path.display(), "{what} ({why}); treating it as absent");
    }
}

fn clear_warning(path: &Path) {
    if let Ok(mut w) = WARNED.lock() {
        if let Some(set) = w.as_mut() {
            set.remove(path);
        }
    }
}

/// A state file parsed, or `None` when it is absent or damaged (see the module's policy).
/// `valid` may refuse a file that parses but cannot be used (another format version).
pub fn load<T: DeserializeOwned>(
    dir: &Path,
    file: StateFile,
    valid: impl FnOnce(&T) -> bool,
) -> Option<T> {
    let path = path(dir, file);
    let bytes = match read(dir, file) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return None,
        Err(why) => {
            warn_once(&path, "cannot use a state file", &why);
            return None;
        }
    };
    match serde_json::from_slice::<T>(&bytes) {
        Ok(value) if valid(&value) => Some(value),
        Ok(_) => {
            warn_once(&path, "a state file is of another format", &"not used");
            None
        }
        // serde_json's message names a position, never the content.
        Err(e) => {
            warn_once(&path, "a state file is damaged", &e);
            None
        }
    }
}

/// Writes a state file atomically (see the module's policy).
pub fn write(dir: &Path, file: StateFile, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    let path = path(dir, file);
    // O_CREAT|O_EXCL with a random name: a symlink or FIFO planted in advance cannot be the
    // temp file. Removed when dropped unless persisted.
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{}.", file.name))
        .suffix(TEMP_SUFFIX)
        .permissions(std::fs::Permissions::from_mode(0o600))
        .tempfile_in(dir)?;
    temp.as_file_mut().write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist(&path).map_err(|e| e.error)?;
    clear_warning(&path);
    // Make the rename itself durable.
    std::fs::File::open(dir)?.sync_all()
}

/// Serialises `value` as JSON and writes it (see [`write`]).
pub fn save<T: Serialize>(dir: &Path, file: StateFile, value: &T) -> std::io::Result<()> {
    let bytes = serde_json::to_vec_pretty(value).map_err(std::io::Error::other)?;
    write(dir, file, &bytes)
}

/// Removes a state file; no error when it is not there.
pub fn remove(dir: &Path, file: StateFile) -> std::io::Result<()> {
    match std::fs::remove_file(path(dir, file)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

const TEMP_SUFFIX: &str = ".tmp";

/// Whether `name` is a temp file of a state file (`.sign-in.json.<anything>.tmp`).
fn is_temp(name: &str) -> bool {
    ALL.iter().any(|f| {
        name.strip_prefix('.')
            .and_then(|n| n.strip_prefix(f.name))
            .and_then(|n| n.strip_prefix('.'))
            .is_some_and(|n| n.len() > TEMP_SUFFIX.len() && n.ends_with(TEMP_SUFFIX))
    })
}

/// Removes the temp files of every state file in `dir` (left by a kill between write and
/// rename; one may hold a refresh token). Returns how many were removed.
pub fn remove_stale(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        if is_temp(name) {
            match std::fs::remove_file(entry.path()) {
                Ok(()) => {
                    removed += 1;
                    tracing::info!(
                        file = name,
                        "removed a temp file left by an interrupted write"
                    );
                }
                Err(e) => tracing::warn!(file = name, "cannot remove a stale temp file: {e}"),
            }
        }
    }
    removed
}

/// State files readable or writable by others are set back to 0600 (a copied-in
/// `sign-in.json` with 0644 would show the refresh token to every user). Symlinks and other
/// non-regular files are left alone (never read anyway). Returns the names fixed.
pub fn fix_modes(dir: &Path) -> Vec<&'static str> {
    let mut fixed = Vec::new();
    for file in ALL {
        let path = path(dir, file);
        // Only a regular file is touched, through the descriptor that was checked.
        let Ok(Some((handle, meta))) = open_regular(&path) else {
            continue;
        };
        if meta.permissions().mode() & 0o077 == 0 {
            continue;
        }
        let old = meta.permissions().mode() & 0o777;
        match handle.set_permissions(std::fs::Permissions::from_mode(0o600)) {
            Ok(()) => {
                tracing::warn!(path = %path.display(), "{} had mode {old:o}; set to 600", file.name);
                fixed.push(file.name);
            }
            Err(e) => {
                tracing::warn!(path = %path.display(), "{} has mode {old:o} and cannot be set to 600: {e}", file.name)
            }
        }
    }
    fixed
}

/// What the panel does with its state directory at start: stale temp files removed, modes
/// fixed.
pub fn open(dir: &Path) {
    remove_stale(dir);
    fix_modes(dir);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;
    use std::time::{Duration, Instant};

    fn mkfifo(path: &Path) {
        let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    }

    #[test]
    fn a_symlink_at_the_state_file_is_replaced_not_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, b"precious").unwrap();
        for file in ALL {
            symlink(&victim, path(dir.path(), file)).unwrap();
            assert!(matches!(read(dir.path(), file), Err(Refused::NotRegular)));
            write(dir.path(), file, b"{}").unwrap();
            assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
            let meta = std::fs::symlink_metadata(path(dir.path(), file)).unwrap();
            assert!(meta.file_type().is_file());
            assert_eq!(meta.permissions().mode() & 0o777, 0o600);
            assert_eq!(read(dir.path(), file).unwrap().unwrap(), b"{}");
        }
    }

    #[test]
    fn symlinks_planted_at_temp_names_are_never_written() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, b"precious").unwrap();
        // Every name the old writer would have used, and more.
        for file in ALL {
            for pid in [std::process::id(), 1, 123] {
                let _ = symlink(
                    &victim,
                    dir.path().join(format!(".{}.{pid}.tmp", file.name)),
                );
            }
            write(dir.path(), file, b"[1]").unwrap();
            assert_eq!(read(dir.path(), file).unwrap().unwrap(), b"[1]");
        }
        assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
    }

    #[test]
    fn a_fifo_is_refused_at_once() {
        let dir = tempfile::tempdir().unwrap();
        for file in ALL {
            mkfifo(&path(dir.path(), file));
            let started = Instant::now();
            assert!(matches!(read(dir.path(), file), Err(Refused::NotRegular)));
            assert!(load::<serde_json::Value>(dir.path(), file, |_| true).is_none());
            assert!(started.elapsed() < Duration::from_secs(2));
        }
    }

    #[test]
    fn huge_files_and_devices_are_refused_unread() {
        let dir = tempfile::tempdir().unwrap();
        let big = std::fs::File::create(path(dir.path(), SIGN_IN)).unwrap();
        big.set_len(1 << 30).unwrap();
        assert!(matches!(
            read(dir.path(), SIGN_IN),
            Err(Refused::TooLarge { .. })
        ));
        symlink("/dev/zero", path(dir.path(), SCHEDULE)).unwrap();
        assert!(load::<serde_json::Value>(dir.path(), SCHEDULE, |_| true).is_none());
        // A file just over the limit, and one at it.
        let over = vec![b' '; ROOM.limit as usize + 1];
        std::fs::write(path(dir.path(), ROOM), &over).unwrap();
        assert!(matches!(
            read(dir.path(), ROOM),
            Err(Refused::TooLarge { .. })
        ));
        std::fs::write(path(dir.path(), ROOM), &over[1..]).unwrap();
        assert!(read(dir.path(), ROOM).unwrap().is_some());
    }

    #[test]
    fn stale_temp_files_of_every_state_file_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        for file in ALL {
            std::fs::write(dir.path().join(format!(".{}.123.tmp", file.name)), b"x").unwrap();
            std::fs::write(dir.path().join(format!(".{}.aB3xYz.tmp", file.name)), b"x").unwrap();
            std::fs::write(path(dir.path(), file), b"{}").unwrap();
        }
        std::fs::write(dir.path().join("notes.tmp"), b"x").unwrap();
        std::fs::write(dir.path().join(".sign-in.json.tmp"), b"x").unwrap();
        assert_eq!(remove_stale(dir.path()), 10);
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left.len(), 7, "{left:?}");
        assert!(left
            .iter()
            .all(|n| !n.contains(".123.") && !n.contains("aB3")));
    }

    #[test]
    fn readable_state_files_are_set_to_0600() {
        let dir = tempfile::tempdir().unwrap();
        let sign_in = path(dir.path(), SIGN_IN);
        std::fs::write(&sign_in, b"{}").unwrap();
        std::fs::set_permissions(&sign_in, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert_eq!(fix_modes(dir.path()), vec!["sign-in.json"]);
        let mode = std::fs::metadata(&sign_in).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert!(fix_modes(dir.path()).is_empty());
    }

    #[test]
    fn a_damaged_file_is_absent_until_a_good_write_replaces_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(path(dir.path(), CHECK_INS), b"{ not json").unwrap();
        assert!(load::<serde_json::Value>(dir.path(), CHECK_INS, |_| true).is_none());
        assert!(load::<serde_json::Value>(dir.path(), CHECK_INS, |_| true).is_none());
        save(dir.path(), CHECK_INS, &serde_json::json!([2])).unwrap();
        assert_eq!(
            load::<serde_json::Value>(dir.path(), CHECK_INS, |_| true),
            Some(serde_json::json!([2]))
        );
        // A write that cannot be done (a directory where the file belongs) is an error, and
        // leaves what is there.
        let blocked = path(dir.path(), ROOM);
        std::fs::create_dir(&blocked).unwrap();
        std::fs::write(blocked.join("keep"), b"x").unwrap();
        assert!(write(dir.path(), ROOM, b"{}").is_err());
        assert!(blocked.join("keep").exists());
        assert_eq!(
            remove_stale(dir.path()),
            0,
            "no temp file left by the failed write"
        );
    }
}
