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

/// Reads a client secret file: it must exist, hold the secret, and not be world-readable.
pub fn read_secret_file(path: &std::path::Path) -> Result<Secret, AuthError> {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::metadata(path).map_err(|e| {
        AuthError::Secret(format!(
            "cannot read the client secret file {}: {e}",
            path.display()
        ))
    })?;
    if meta.permissions().mode() & 0o004 != 0 {
        return Err(AuthError::Secret(format!(
            "the client secret file {} is readable by every user of this machine: run `chmod 600 {}` (and `chown roomsign` if the service runs as roomsign)",
            path.display(),
            path.display()
        )));
    }
    let text = std::fs::read_to_string(path).map_err(|e| {
        AuthError::Secret(format!(
            "cannot read the client secret file {}: {e}",
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
