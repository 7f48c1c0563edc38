//! Where the panel's sign-in is kept: `sign-in.json` in the state directory, written and read
//! by [`crate::persist`] (mode 0600, replaced atomically, never through a planted symlink, read
//! only as a regular file of bounded size), so a power cut leaves either the old sign-in or the
//! new one, never half a file. A file that cannot be read or parsed means "not paired", never a
//! crash; a failed write returns its error and leaves the stored sign-in as it was.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::persist;
use crate::secret::Secret;

/// Who signed in (from Graph's `/me`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// e.g. roomsign@contoso.com
    pub username: String,
    pub display_name: Option<String>,
}

/// A stored delegated sign-in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredSignIn {
    /// Format version of this file.
    pub version: u32,
    pub tenant: String,
    pub client_id: String,
    pub account: Option<Account>,
    pub refresh_token: Secret,
    pub access_token: Option<Secret>,
    pub expires_at: Option<DateTime<Utc>>,
    pub paired_at: DateTime<Utc>,
    /// When the refresh token was last used with success (a refresh); Microsoft ends a
    /// sign-in whose refresh token is unused for 90 days (AADSTS700082). Absent in files
    /// written before it was kept: then `paired_at` stands for it.
    #[serde(default)]
    pub refreshed_at: Option<DateTime<Utc>>,
}

impl StoredSignIn {
    /// When the sign-in was last used: its last refresh, else its pairing (within 2000–2200).
    pub fn last_used(&self) -> DateTime<Utc> {
        crate::limits::instant(
            self.refreshed_at
                .unwrap_or(self.paired_at)
                .max(self.paired_at),
        )
    }
}

/// The current file format.
pub const SIGN_IN_VERSION: u32 = 1;

/// Keeps the sign-in between runs.
pub trait TokenStore: Send + Sync {
    /// The stored sign-in; `None` when there is none or it cannot be read (logged).
    fn load(&self) -> Option<StoredSignIn>;
    /// Replaces the stored sign-in atomically.
    fn save(&self, sign_in: &StoredSignIn) -> std::io::Result<()>;
    /// Forgets the sign-in (unpair).
    fn clear(&self) -> std::io::Result<()>;
}

/// The file store: `<state dir>/sign-in.json`, through [`crate::persist`].
///
/// A sign-in that cannot be removed from disk (a read-only or failing SD card) after Microsoft
/// revoked it is forgotten in memory: the store no longer hands it out, so the panel does not
/// ask the token endpoint again and again with a refresh token it knows is dead.
#[derive(Debug)]
pub struct FileTokenStore {
    dir: PathBuf,
    path: PathBuf,
    forgotten: Mutex<Option<Secret>>,
}

/// File name of the sign-in in the state directory.
pub const SIGN_IN_FILE: &str = persist::SIGN_IN.name;

impl Clone for FileTokenStore {
    fn clone(&self) -> FileTokenStore {
        let forgotten = self
            .forgotten
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        FileTokenStore {
            dir: self.dir.clone(),
            path: self.path.clone(),
            forgotten: Mutex::new(forgotten),
        }
    }
}

impl FileTokenStore {
    pub fn new(state_dir: &Path) -> FileTokenStore {
        FileTokenStore {
            dir: state_dir.to_owned(),
            path: persist::path(state_dir, persist::SIGN_IN),
            forgotten: Mutex::new(None),
        }
    }

    /// Stops handing out a stored sign-in with this refresh token (it is still on disk).
    fn forget(&self, refresh_token: Secret) {
        *self.forgotten.lock().unwrap_or_else(|e| e.into_inner()) = Some(refresh_token);
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl TokenStore for FileTokenStore {
    fn load(&self) -> Option<StoredSignIn> {
        let stored = persist::load(&self.dir, persist::SIGN_IN, |s: &StoredSignIn| {
            s.version == SIGN_IN_VERSION && !s.refresh_token.is_empty()
        })?;
        let forgotten = self.forgotten.lock().unwrap_or_else(|e| e.into_inner());
        if forgotten.as_ref() == Some(&stored.refresh_token) {
            return None;
        }
        Some(stored)
    }

    fn save(&self, sign_in: &StoredSignIn) -> std::io::Result<()> {
        persist::save(&self.dir, persist::SIGN_IN, sign_in)?;
        *self.forgotten.lock().unwrap_or_else(|e| e.into_inner()) = None;
        Ok(())
    }

    /// Removes the sign-in and any temp file an interrupted write left (it may hold a refresh
    /// token too). When the file cannot be removed, the sign-in is forgotten in memory.
    fn clear(&self) -> std::io::Result<()> {
        persist::remove_stale(&self.dir);
        let stored = self.load();
        let removed = persist::remove(&self.dir, persist::SIGN_IN);
        if removed.is_err() {
            if let Some(stored) = stored {
                self.forget(stored.refresh_token);
            }
        }
        removed
    }
}

/// A store in memory, for tests and one-shot runs.
#[derive(Debug, Default)]
pub struct MemoryTokenStore {
    inner: Mutex<Option<StoredSignIn>>,
}

impl MemoryTokenStore {
    pub fn new(initial: Option<StoredSignIn>) -> MemoryTokenStore {
        MemoryTokenStore {
            inner: Mutex::new(initial),
        }
    }
}

impl TokenStore for MemoryTokenStore {
    fn load(&self) -> Option<StoredSignIn> {
        self.inner.lock().ok().and_then(|g| g.clone())
    }
    fn save(&self, sign_in: &StoredSignIn) -> std::io::Result<()> {
        *self
            .inner
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))? = Some(sign_in.clone());
        Ok(())
    }
    fn clear(&self) -> std::io::Result<()> {
        *self
            .inner
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))? = None;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sign_in(refresh: &str) -> StoredSignIn {
        StoredSignIn {
            version: SIGN_IN_VERSION,
            tenant: "contoso".to_owned(),
            client_id: "app".to_owned(),
            account: None,
            refresh_token: Secret::new(refresh),
            access_token: None,
            expires_at: None,
            paired_at: Utc::now(),
            refreshed_at: None,
        }
    }

    #[test]
    fn a_sign_in_that_cannot_be_removed_is_forgotten_in_memory_until_a_new_one() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileTokenStore::new(dir.path());
        store.save(&sign_in("revoked")).unwrap();
        // As a failed removal leaves it: still on disk, no longer handed out.
        store.forget(Secret::new("revoked"));
        assert!(store.path().exists());
        assert_eq!(store.load(), None);
        // A new pairing is stored and handed out again.
        store.save(&sign_in("fresh")).unwrap();
        assert_eq!(
            store.load().map(|s| s.refresh_token),
            Some(Secret::new("fresh"))
        );
    }
}
