//! Where the panel's sign-in is kept: a file in the state directory, mode 0600, replaced
//! atomically (temp file, fsync, rename, fsync of the directory), so a power cut leaves either
//! the old sign-in or the new one, never half a file. A file that cannot be read or parsed
//! means "not paired", never a crash.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

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

/// The file store: `<state dir>/sign-in.json`.
#[derive(Clone, Debug)]
pub struct FileTokenStore {
    path: PathBuf,
}

/// File name of the sign-in in the state directory.
pub const SIGN_IN_FILE: &str = "sign-in.json";

impl FileTokenStore {
    pub fn new(state_dir: &Path) -> FileTokenStore {
        FileTokenStore {
            path: state_dir.join(SIGN_IN_FILE),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Writes `bytes` to `path` atomically with mode 0600.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&temp, path)?;
        // Make the rename itself durable.
        std::fs::File::open(dir)?.sync_all()
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

impl TokenStore for FileTokenStore {
    fn load(&self) -> Option<StoredSignIn> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
            Err(e) => {
                tracing::warn!(path = %self.path.display(), "cannot read the stored sign-in ({e}); treating the panel as not paired");
                return None;
            }
        };
        match serde_json::from_str::<StoredSignIn>(&text) {
            Ok(s) if s.version == SIGN_IN_VERSION && !s.refresh_token.is_empty() => Some(s),
            Ok(_) => {
                tracing::warn!(path = %self.path.display(), "the stored sign-in is of another format; treating the panel as not paired");
                None
            }
            Err(e) => {
                // serde_json's message names a position, never the content.
                tracing::warn!(path = %self.path.display(), "the stored sign-in is damaged ({e}); treating the panel as not paired");
                None
            }
        }
    }

    fn save(&self, sign_in: &StoredSignIn) -> std::io::Result<()> {
        let bytes = serde_json::to_vec_pretty(sign_in).map_err(std::io::Error::other)?;
        write_atomically(&self.path, &bytes)
    }

    fn clear(&self) -> std::io::Result<()> {
        match std::fs::remove_file(&self.path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
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
