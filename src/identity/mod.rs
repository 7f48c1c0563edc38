//! Who Roomsign is to Microsoft 365: a delegated sign-in kept fresh with rotating refresh
//! tokens (paired by device code), or the app's own client secret. Both give Graph an access
//! token through the [`Identity`] trait.

pub mod oauth;
pub mod pairing;
pub mod store;

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};

use crate::calendar::BoxFuture;
use crate::clock::Clock;
use crate::secret::Secret;
use oauth::{AuthError, OAuthClient, Tokens};
use store::{Account, StoredSignIn, TokenStore};

/// Tokens are refreshed this long before they expire.
pub const REFRESH_AHEAD: Duration = Duration::minutes(5);

/// A source of access tokens for Graph.
pub trait Identity: Send + Sync {
    /// A token valid for at least a few minutes; refreshed first if needed, one refresh at a
    /// time however many callers ask.
    fn token(&self) -> BoxFuture<'_, Result<Secret, AuthError>>;
    /// Graph refused `rejected` (401): a fresh token, unless another caller already got one.
    fn renew(&self, rejected: Secret) -> BoxFuture<'_, Result<Secret, AuthError>>;
    /// When the current access token expires, if one is held.
    fn expires_at(&self) -> Option<DateTime<Utc>>;
}

/// The delegated sign-in of the room's system account.
pub struct DeviceCodeIdentity {
    oauth: OAuthClient,
    scopes: Vec<String>,
    store: Arc<dyn TokenStore>,
    clock: Arc<dyn Clock>,
    current: tokio::sync::Mutex<StoredSignIn>,
    expiry: std::sync::Mutex<Option<DateTime<Utc>>>,
}

impl DeviceCodeIdentity {
    /// From the stored sign-in; `None` when the panel is not paired with this tenant and app.
    pub fn from_store(
        oauth: OAuthClient,
        scopes: Vec<String>,
        store: Arc<dyn TokenStore>,
        clock: Arc<dyn Clock>,
    ) -> Option<DeviceCodeIdentity> {
        let stored = store.load()?;
        if stored.tenant != oauth.tenant() || stored.client_id != oauth.client_id() {
            tracing::warn!(
                "the stored sign-in belongs to another tenant or app registration; the panel needs pairing"
            );
            return None;
        }
        let expiry = stored.expires_at;
        Some(DeviceCodeIdentity {
            oauth,
            scopes,
            store,
            clock,
            current: tokio::sync::Mutex::new(stored),
            expiry: std::sync::Mutex::new(expiry),
        })
    }

    /// Who signed in.
    pub async fn account(&self) -> Option<Account> {
        self.current.lock().await.account.clone()
    }

    /// Refreshes while holding the lock; stores the rotated refresh token before using it.
    async fn refresh_locked(&self, current: &mut StoredSignIn) -> Result<Secret, AuthError> {
        let now = self.clock.now();
        let mut result = self
            .oauth
            .refresh(&current.refresh_token, &self.scopes, now)
            .await;
        if matches!(result, Err(AuthError::InvalidGrant(_))) {
            // Another process on this panel (`roomsign doctor` beside the running panel) may
            // have rotated the refresh token: take the stored one and try once more before
            // calling the sign-in revoked.
            if let Some(stored) = self
                .store
                .load()
                .filter(|s| s.refresh_token != current.refresh_token)
            {
                tracing::info!(
                    "the refresh token was rotated by another process; using the stored one"
                );
                *current = stored;
                result = self
                    .oauth
                    .refresh(&current.refresh_token, &self.scopes, now)
                    .await;
            }
        }
        let tokens = match result {
            Ok(tokens) => tokens,
            Err(err @ AuthError::InvalidGrant(_)) => {
                // The sign-in is gone for good: forget it, so the panel asks to pair again.
                if let Err(e) = self.store.clear() {
                    tracing::warn!("cannot remove the revoked sign-in: {e}");
                }
                return Err(err);
            }
            Err(err) => return Err(err),
        };
        let Tokens {
            access_token,
            refresh_token,
            expires_at,
        } = tokens;
        let mut next = current.clone();
        if let Some(rotated) = refresh_token {
            next.refresh_token = rotated;
        }
        next.access_token = Some(access_token.clone());
        next.expires_at = Some(expires_at);
        if let Err(e) = self.store.save(&next) {
            // Keep going with the new tokens in memory; the next refresh tries to store again.
            tracing::error!("cannot store the refreshed sign-in: {e}");
        }
        *current = next;
        if let Ok(mut expiry) = self.expiry.lock() {
            *expiry = Some(expires_at);
        }
        tracing::info!(expires_at = %expires_at, "access token refreshed");
        Ok(access_token)
    }
}

impl Identity for DeviceCodeIdentity {
    fn token(&self) -> BoxFuture<'_, Result<Secret, AuthError>> {
        Box::pin(async move {
            let mut current = self.current.lock().await;
            let fresh = current
                .expires_at
                .is_some_and(|t| t - REFRESH_AHEAD > self.clock.now());
            match (&current.access_token, fresh) {
                (Some(token), true) => Ok(token.clone()),
                _ => self.refresh_locked(&mut current).await,
            }
        })
    }

    fn renew(&self, rejected: Secret) -> BoxFuture<'_, Result<Secret, AuthError>> {
        Box::pin(async move {
            let mut current = self.current.lock().await;
            match &current.access_token {
                Some(token) if *token != rejected => Ok(token.clone()),
                _ => self.refresh_locked(&mut current).await,
            }
        })
    }

    fn expires_at(&self) -> Option<DateTime<Utc>> {
        self.expiry.lock().ok().and_then(|e| *e)
    }
}

/// App-only access with the app registration's client secret.
pub struct ClientSecretIdentity {
    oauth: OAuthClient,
    secret: Secret,
    clock: Arc<dyn Clock>,
    current: tokio::sync::Mutex<Option<Tokens>>,
    expiry: std::sync::Mutex<Option<DateTime<Utc>>>,
}

impl ClientSecretIdentity {
    /// Reads the secret from `path`, which must not be readable by every user.
    pub fn from_file(
        oauth: OAuthClient,
        path: &std::path::Path,
        clock: Arc<dyn Clock>,
    ) -> Result<ClientSecretIdentity, AuthError> {
        let secret = read_secret_file(path)?;
        Ok(ClientSecretIdentity {
            oauth,
            secret,
            clock,
            current: tokio::sync::Mutex::new(None),
            expiry: std::sync::Mutex::new(None),
        })
    }
}

/// The most a client secret file may hold (Entra ID's secrets are 40 characters).
const SECRET_FILE_BYTES: u64 = 64 * 1024;

/// What is wrong, though not refused, with a client secret file's mode: readable or writable by
/// its group (the secret is shared with every member). `None` when only its owner can read it
/// (or it cannot be looked at: reading it says why).
pub fn secret_file_warning(path: &std::path::Path) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).ok()?.permissions().mode();
    (mode & 0o077 != 0 && mode & 0o007 == 0).then(|| {
        format!(
            "the client secret file {} is readable by its group (mode {:o}): run `chmod 600 {}` unless every member of the group may hold the secret",
            path.display(),
            mode & 0o777,
            path.display()
        )
    })
}

/// Reads a client secret file: it must be a regular file, hold the secret, and not be
/// world-readable; one readable by its group is used with a warning ([`secret_file_warning`]).
pub fn read_secret_file(path: &std::path::Path) -> Result<Secret, AuthError> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    use std::os::unix::fs::PermissionsExt;
    let cannot = |e: &dyn std::fmt::Display| {
        AuthError::Secret(format!(
            "cannot read the client secret file {}: {e}",
            path.display()
        ))
    };
    // Followed if a symlink (an admin may link it from a secrets mount), but only a regular
    // file is read, and a FIFO cannot hang the open.
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(path)
        .map_err(|e| cannot(&e))?;
    let meta = file.metadata().map_err(|e| cannot(&e))?;
    if !meta.file_type().is_file() {
        return Err(cannot(&"not a regular file"));
    }
    if meta.permissions().mode() & 0o004 != 0 {
        return Err(AuthError::Secret(format!(
            "the client secret file {} is readable by every user of this machine: run `chmod 600 {}` (and `chown roomsign` if the service runs as roomsign)",
            path.display(),
            path.display()
        )));
    }
    if let Some(warning) = secret_file_warning(path) {
        tracing::warn!("{warning}");
    }
    let mut bytes = Vec::new();
    file.take(SECRET_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| cannot(&e))?;
    if bytes.len() as u64 > SECRET_FILE_BYTES {
        return Err(AuthError::Secret(format!(
            "the client secret file {} is larger than {SECRET_FILE_BYTES} bytes: it should hold only the secret's value from Entra ID",
            path.display()
        )));
    }
    let text = String::from_utf8(bytes).map_err(|_| {
        AuthError::Secret(format!(
            "the client secret file {} is not text: paste the secret's value from Entra ID into it",
            path.display()
        ))
    })?;
    let secret = text.trim();
    if secret.is_empty() {
        return Err(AuthError::Secret(format!(
            "the client secret file {} is empty: paste the secret's value from Entra ID into it",
            path.display()
        )));
    }
    Ok(Secret::new(secret))
}

impl ClientSecretIdentity {
    async fn fetch_locked(&self, current: &mut Option<Tokens>) -> Result<Secret, AuthError> {
        let tokens = self
            .oauth
            .client_credentials(&self.secret, self.clock.now())
            .await?;
        let token = tokens.access_token.clone();
        if let Ok(mut expiry) = self.expiry.lock() {
            *expiry = Some(tokens.expires_at);
        }
        *current = Some(tokens);
        Ok(token)
    }
}

impl Identity for ClientSecretIdentity {
    fn token(&self) -> BoxFuture<'_, Result<Secret, AuthError>> {
        Box::pin(async move {
            let mut current = self.current.lock().await;
            match &*current {
                Some(t) if t.expires_at - REFRESH_AHEAD > self.clock.now() => {
                    Ok(t.access_token.clone())
                }
                _ => self.fetch_locked(&mut current).await,
            }
        })
    }

    fn renew(&self, rejected: Secret) -> BoxFuture<'_, Result<Secret, AuthError>> {
        Box::pin(async move {
            let mut current = self.current.lock().await;
            match &*current {
                Some(t) if t.access_token != rejected => Ok(t.access_token.clone()),
                _ => self.fetch_locked(&mut current).await,
            }
        })
    }

    fn expires_at(&self) -> Option<DateTime<Utc>> {
        self.expiry.lock().ok().and_then(|e| *e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn secret_with_mode(dir: &std::path::Path, mode: u32) -> std::path::PathBuf {
        let path = dir.join(format!("secret-{mode:o}"));
        std::fs::write(&path, "s3cr3t-value\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        path
    }

    #[test]
    fn a_group_readable_secret_is_used_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        for mode in [0o640, 0o660, 0o620] {
            let path = secret_with_mode(dir.path(), mode);
            assert!(read_secret_file(&path).is_ok());
            let warning = secret_file_warning(&path).expect("a warning");
            assert!(warning.contains("group") && warning.contains("chmod 600"));
        }
        let own = secret_with_mode(dir.path(), 0o600);
        assert!(read_secret_file(&own).is_ok());
        assert_eq!(secret_file_warning(&own), None);
        let everyone = secret_with_mode(dir.path(), 0o644);
        assert!(read_secret_file(&everyone).is_err());
    }

    #[test]
    fn a_secret_that_is_no_regular_file_or_too_large_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        assert!(read_secret_file(&fifo).is_err());
        let big = dir.path().join("big");
        std::fs::File::create(&big)
            .unwrap()
            .set_len(1 << 30)
            .unwrap();
        std::fs::set_permissions(&big, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert!(read_secret_file(&big).is_err());
    }
}
