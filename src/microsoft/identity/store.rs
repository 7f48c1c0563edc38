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
#[derive(Clone, Debug)]
pub struct FileTokenStore {
    dir: PathBuf,
    path: PathBuf,
}

/// File name of the sign-in in the state directory.
pub const SIGN_IN_FILE: &str = persist::SIGN_IN.name;

impl FileTokenStore {
    pub fn new(state_dir: &Path) -> FileTokenStore {
        FileTokenStore {
            dir: state_dir.to_owned(),
            path: persist::path(state_dir, persist::SIGN_IN),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl TokenStore for FileTokenStore {
    fn load(&self) -> Option<StoredSignIn> {
        persist::load(&self.dir, persist::SIGN_IN, |s: &StoredSignIn| {
            s.version == SIGN_IN_VERSION && !s.refresh_token.is_empty()
        })
    }

    fn save(&self, sign_in: &StoredSignIn) -> std::io::Result<()> {
        persist::save(&self.dir, persist::SIGN_IN, sign_in)
    }

    /// Removes the sign-in and any temp file an interrupted write left (it may hold a refresh
    /// token too).
    fn clear(&self) -> std::io::Result<()> {
        persist::remove_stale(&self.dir);
        persist::remove(&self.dir, persist::SIGN_IN)
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
