//! Who Roomsign is to Microsoft 365: a delegated sign-in kept fresh with rotating refresh
//! tokens (paired by device code), or the app's own client secret. Both give Graph an access
//! token through the [`Identity`] trait.

pub mod certificate;
pub mod oauth;
pub mod pairing;
pub mod store;

use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};

use crate::clock::Clock;
use crate::secret::Secret;
use oauth::{AuthError, OAuthClient, Tokens};
use store::{Account, StoredSignIn, TokenStore};

/// Tokens are refreshed this long before they expire.
pub const REFRESH_AHEAD: Duration = Duration::minutes(5);

/// The first pause after a failed token request.
pub const FIRST_TOKEN_RETRY: StdDuration = StdDuration::from_secs(5);
/// The longest pause after network trouble (the service unreachable, unavailable).
pub const LONGEST_UNREACHABLE_RETRY: StdDuration = StdDuration::from_secs(5 * 60);
/// The longest pause after a refusal someone must fix (MFA asked, a policy, a garbled answer).
pub const LONGEST_REFUSED_RETRY: StdDuration = StdDuration::from_secs(30 * 60);
/// How often a sign-in that could not be stored is written again.
pub const SAVE_RETRY: Duration = Duration::minutes(1);

/// How long the token endpoint is left alone after the `failures`-th failure in a row: from
/// [`FIRST_TOKEN_RETRY`], doubling, up to [`LONGEST_UNREACHABLE_RETRY`] or
/// [`LONGEST_REFUSED_RETRY`], stretched by up to a quarter by `jitter` (in [0, 1)) so panels
/// do not ask in step; a `Retry-After` from the service is the least.
pub fn token_backoff(failures: u32, err: &AuthError, jitter: f64) -> StdDuration {
    let cap = if err.is_transient() {
        LONGEST_UNREACHABLE_RETRY
    } else {
        LONGEST_REFUSED_RETRY
    };
    let doubling = failures.saturating_sub(1).min(16);
    let base = FIRST_TOKEN_RETRY.saturating_mul(1 << doubling);
    let jitter = if jitter.is_finite() {
        jitter.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let wait = base.mul_f64(1.0 + jitter / 4.0).min(cap);
    match err.retry_after() {
        Some(floor) => wait.max(crate::limits::SERVER_WAIT.clamp_duration(floor)),
        None => wait,
    }
}

/// A number in [0, 1) that differs between panels and between calls.
fn jitter() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    (h.finish() % 10_000) as f64 / 10_000.0
}

/// Keeps the token endpoint from being asked again too soon after a failure, whoever asks (the
/// link, a calendar read, a room list): until `retry_at` every caller gets the failure that
/// closed it, and no request is sent.
#[derive(Clone, Debug, Default)]
pub struct TokenGate {
    failures: u32,
    failed_at: Option<DateTime<Utc>>,
    retry_at: Option<DateTime<Utc>>,
    last: Option<AuthError>,
}

impl TokenGate {
    /// The failure to give instead of asking, while the gate is closed at `now` (a clock that
    /// went back before the failure opens it).
    pub fn closed(&self, now: DateTime<Utc>) -> Option<AuthError> {
        match (self.failed_at, self.retry_at) {
            (Some(failed), Some(retry)) if failed <= now && now < retry => self.last.clone(),
            _ => None,
        }
    }

    /// A request failed at `now` with `err`.
    pub fn failed(&mut self, now: DateTime<Utc>, err: &AuthError, jitter: f64) {
        self.failures = self.failures.saturating_add(1);
        let wait = token_backoff(self.failures, err, jitter);
        self.failed_at = Some(now);
        self.retry_at = Some(crate::limits::add(now, wait));
        self.last = Some(err.clone());
    }

    /// A request succeeded: the next failure starts from the first pause again.
    pub fn succeeded(&mut self) {
        *self = TokenGate::default();
    }

    /// When the next request may go, after a failure.
    pub fn retry_at(&self) -> Option<DateTime<Utc>> {
        self.retry_at
    }

    /// The failure that closed the gate last, if the last request failed.
    pub fn last_error(&self) -> Option<&AuthError> {
        self.last.as_ref()
    }
}

/// What an identity can tell about its own health, for the link to show.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Health {
    /// The last token request failed with this; none is sent before `retry_at`.
    pub failure: Option<(AuthError, DateTime<Utc>)>,
    /// The renewed sign-in could not be stored; it is kept in memory and written again.
    pub unsaved: bool,
}

/// An access token, or why there is none, once the identity has it (boxed, so identities can
/// be chosen at run time).
pub type TokenFuture<'a> =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<Secret, AuthError>> + Send + 'a>>;

/// A source of access tokens for Graph.
pub trait Identity: Send + Sync {
    /// A token valid for at least a few minutes; refreshed first if needed, one refresh at a
    /// time however many callers ask.
    fn token(&self) -> TokenFuture<'_>;
    /// Graph refused `rejected` (401): a fresh token, unless another caller already got one.
    fn renew(&self, rejected: Secret) -> TokenFuture<'_>;
    /// When the current access token expires, if one is held.
    fn expires_at(&self) -> Option<DateTime<Utc>>;
    /// The last failure (and when the next request may go), and whether the sign-in is stored.
    fn health(&self) -> Health {
        Health::default()
    }
}

fn health_of(gate: &std::sync::Mutex<TokenGate>, unsaved: bool) -> Health {
    let gate = gate.lock().unwrap_or_else(|e| e.into_inner());
    Health {
        failure: gate.last_error().cloned().zip(gate.retry_at()),
        unsaved,
    }
}

/// The delegated sign-in of the room's system account.
pub struct DeviceCodeIdentity {
    oauth: OAuthClient,
    scopes: Vec<String>,
    store: Arc<dyn TokenStore>,
    clock: Arc<dyn Clock>,
    current: tokio::sync::Mutex<StoredSignIn>,
    expiry: std::sync::Mutex<Option<DateTime<Utc>>>,
    gate: std::sync::Mutex<TokenGate>,
    /// When storing the renewed sign-in last failed (it is written again a minute later).
    unsaved_since: std::sync::Mutex<Option<DateTime<Utc>>>,
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
            gate: std::sync::Mutex::new(TokenGate::default()),
            unsaved_since: std::sync::Mutex::new(None),
        })
    }

    /// Stores `sign_in`; on failure, remembers to try again (the panel works on from memory).
    fn store(&self, sign_in: &StoredSignIn) {
        let mut unsaved = self.unsaved_since.lock().unwrap_or_else(|e| e.into_inner());
        match self.store.save(sign_in) {
            Ok(()) => {
                if unsaved.take().is_some() {
                    tracing::info!("the renewed sign-in is stored again");
                }
            }
            Err(e) => {
                if unsaved.is_none() {
                    tracing::error!(
                        "cannot store the renewed sign-in (kept in memory, written again later): {e}"
                    );
                }
                *unsaved = Some(self.clock.now());
            }
        }
    }

    /// Writes a sign-in that could not be stored again, at most every [`SAVE_RETRY`].
    fn store_again_if_due(&self, current: &StoredSignIn) {
        let due = self
            .unsaved_since
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_some_and(|at| {
                let now = self.clock.now();
                now < at || now - at >= SAVE_RETRY
            });
        if due {
            self.store(current);
        }
    }

    /// Asks the token endpoint unless a failure closed the gate; every failure closes it for a
    /// while (see [`token_backoff`]).
    async fn refresh_gated(&self, current: &mut StoredSignIn) -> Result<Secret, AuthError> {
        let now = self.clock.now();
        if let Some(err) = self
            .gate
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .closed(now)
        {
            return Err(err);
        }
        let result = self.refresh_locked(current).await;
        crate::metrics::counters::token_refresh(result.is_ok());
        let mut gate = self.gate.lock().unwrap_or_else(|e| e.into_inner());
        match &result {
            Ok(_) => gate.succeeded(),
            Err(err) => {
                // From when the answer came (a request may take its whole timeout).
                gate.failed(self.clock.now(), err, jitter());
                tracing::warn!(
                    "cannot renew the sign-in: {err}; the next try is not before {}",
                    gate.retry_at().map(|t| t.to_rfc3339()).unwrap_or_default()
                );
            }
        }
        result
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
        if matches!(result, Err(AuthError::InvalidGrant(..))) {
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
            Err(err @ AuthError::InvalidGrant(..)) => {
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
        next.refreshed_at = Some(now);
        // Keep going with the new tokens in memory when they cannot be stored; the write is
        // tried again.
        self.store(&next);
        *current = next;
        if let Ok(mut expiry) = self.expiry.lock() {
            *expiry = Some(expires_at);
        }
        tracing::info!(expires_at = %expires_at, "access token refreshed");
        Ok(access_token)
    }
}

impl Identity for DeviceCodeIdentity {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(async move {
            let mut current = self.current.lock().await;
            let fresh = current
                .expires_at
                .is_some_and(|t| t - REFRESH_AHEAD > self.clock.now());
            match (&current.access_token, fresh) {
                (Some(token), true) => {
                    self.store_again_if_due(&current);
                    Ok(token.clone())
                }
                _ => self.refresh_gated(&mut current).await,
            }
        })
    }

    fn renew(&self, rejected: Secret) -> TokenFuture<'_> {
        Box::pin(async move {
            let mut current = self.current.lock().await;
            match &current.access_token {
                Some(token) if *token != rejected => Ok(token.clone()),
                _ => self.refresh_gated(&mut current).await,
            }
        })
    }

    fn expires_at(&self) -> Option<DateTime<Utc>> {
        self.expiry.lock().ok().and_then(|e| *e)
    }

    fn health(&self) -> Health {
        let unsaved = self
            .unsaved_since
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_some();
        health_of(&self.gate, unsaved)
    }
}

/// How an app-only identity proves it is the app.
enum AppCredential {
    /// The client secret (`auth = "client-secret"`).
    Secret(Secret),
    /// A signed client assertion from the app's certificate (`auth = "certificate"`).
    Certificate(certificate::ClientCertificate),
}

/// App-only access (client-credentials flow) with the app registration's client secret or
/// certificate.
pub struct ClientSecretIdentity {
    oauth: OAuthClient,
    secret: AppCredential,
    clock: Arc<dyn Clock>,
    current: tokio::sync::Mutex<Option<Tokens>>,
    expiry: std::sync::Mutex<Option<DateTime<Utc>>>,
    gate: std::sync::Mutex<TokenGate>,
}

impl ClientSecretIdentity {
    /// Reads the secret from `path`, which must not be readable by every user.
    pub fn from_file(
        oauth: OAuthClient,
        path: &std::path::Path,
        clock: Arc<dyn Clock>,
    ) -> Result<ClientSecretIdentity, AuthError> {
        let secret = AppCredential::Secret(read_secret_file(path)?);
        Ok(ClientSecretIdentity {
            oauth,
            secret,
            clock,
            current: tokio::sync::Mutex::new(None),
            expiry: std::sync::Mutex::new(None),
            gate: std::sync::Mutex::new(TokenGate::default()),
        })
    }
}

impl ClientSecretIdentity {
    /// Reads the app's certificate and private key (`auth = "certificate"`).
    pub fn from_certificate(
        oauth: OAuthClient,
        certificate_file: &std::path::Path,
        private_key_file: &std::path::Path,
        clock: Arc<dyn Clock>,
    ) -> Result<ClientSecretIdentity, AuthError> {
        let certificate =
            certificate::ClientCertificate::from_files(certificate_file, private_key_file)?;
        Ok(ClientSecretIdentity {
            oauth,
            secret: AppCredential::Certificate(certificate),
            clock,
            current: tokio::sync::Mutex::new(None),
            expiry: std::sync::Mutex::new(None),
            gate: std::sync::Mutex::new(TokenGate::default()),
        })
    }
}

/// The most a client secret file may hold (Entra ID's secrets are 40 characters).
const SECRET_FILE_BYTES: u64 = 64 * 1024;

/// What is wrong, though not refused, with a client secret file's mode: readable or writable by
/// its group (the secret is shared with every member). `None` when only its owner can read it
/// (or it cannot be looked at: reading it says why).
/// When the panel's credential runs out unless renewed: the app's certificate at its expiry
/// (with `certificate_file`), else a device-code sign-in stored in `state_dir` 90 days after its
/// last use (Microsoft ends one unused that long); none when neither is known (a client secret,
/// nothing stored).
pub fn horizon(
    state_dir: &std::path::Path,
    certificate_file: Option<&std::path::Path>,
) -> Option<DateTime<Utc>> {
    match certificate_file {
        Some(file) => certificate::read_facts(file).ok().map(|f| f.not_after),
        None => store::FileTokenStore::new(state_dir).load().map(|stored| {
            stored.last_used() + Duration::days(crate::core::words::SIGN_IN_UNUSED_DAYS)
        }),
    }
}

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
        let now = self.clock.now();
        if let Some(err) = self
            .gate
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .closed(now)
        {
            return Err(err);
        }
        let result = match &self.secret {
            AppCredential::Secret(secret) => self.oauth.client_credentials(secret, now).await,
            AppCredential::Certificate(certificate) => {
                match certificate.assertion(self.oauth.client_id(), &self.oauth.token_url(), now) {
                    Ok(assertion) => self.oauth.client_assertion(&assertion, now).await,
                    Err(err) => Err(err),
                }
            }
        };
        crate::metrics::counters::token_refresh(result.is_ok());
        {
            let mut gate = self.gate.lock().unwrap_or_else(|e| e.into_inner());
            match &result {
                Ok(_) => gate.succeeded(),
                Err(err) => gate.failed(self.clock.now(), err, jitter()),
            }
        }
        let tokens = result?;
        let token = tokens.access_token.clone();
        if let Ok(mut expiry) = self.expiry.lock() {
            *expiry = Some(tokens.expires_at);
        }
        *current = Some(tokens);
        Ok(token)
    }
}

impl Identity for ClientSecretIdentity {
    fn token(&self) -> TokenFuture<'_> {
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

    fn renew(&self, rejected: Secret) -> TokenFuture<'_> {
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

    fn health(&self) -> Health {
        health_of(&self.gate, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn refusals() -> Vec<AuthError> {
        vec![
            AuthError::Other {
                error: "interaction_required".to_owned(),
                description: "AADSTS50076".to_owned(),
                codes: vec![50076],
            },
            AuthError::Throttled {
                status: 429,
                retry_after: Some(StdDuration::from_secs(60)),
            },
            AuthError::Throttled {
                status: 429,
                retry_after: Some(StdDuration::MAX),
            },
            AuthError::Protocol {
                url: "u".to_owned(),
                detail: "HTTP 400 without an OAuth error body".to_owned(),
            },
            AuthError::Unreachable {
                url: "u".to_owned(),
                detail: "connection failed".to_owned(),
            },
            AuthError::TemporarilyUnavailable("x".to_owned()),
        ]
    }

    #[test]
    fn a_persistent_refusal_asks_at_most_ten_times_in_ten_minutes() {
        let start = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
        for err in refusals() {
            for jitter in [0.0, 0.5, 0.9999] {
                let mut gate = TokenGate::default();
                let mut requests = 0;
                // Callers ask ten times a second, for ten minutes.
                for tenth in 0..=6000 {
                    let now = start + Duration::milliseconds(100 * tenth);
                    if gate.closed(now).is_none() {
                        requests += 1;
                        gate.failed(now, &err, jitter);
                    }
                }
                assert!(requests <= 10, "{requests} requests for {err:?}");
                assert!(requests >= 2, "it keeps trying: {err:?}");
            }
        }
    }

    #[test]
    fn the_pause_grows_to_its_cap_and_honours_retry_after() {
        let refused = &refusals()[0];
        let pauses: Vec<u64> = (1..=12)
            .map(|n| token_backoff(n, refused, 0.0).as_secs())
            .collect();
        assert_eq!(&pauses[..4], &[5, 10, 20, 40]);
        assert_eq!(*pauses.last().unwrap(), 1800);
        let unreachable = &refusals()[4];
        assert_eq!(token_backoff(30, unreachable, 0.99).as_secs(), 300);
        assert_eq!(token_backoff(u32::MAX, refused, f64::NAN).as_secs(), 1800);
        // Retry-After 60 is the least; an absurd one is capped at ten minutes.
        assert_eq!(token_backoff(1, &refusals()[1], 0.0).as_secs(), 60);
        assert_eq!(token_backoff(1, &refusals()[2], 0.0).as_secs(), 600);
    }

    #[test]
    fn the_gate_remembers_the_failure_then_opens_and_resets_on_success() {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
        let mut gate = TokenGate::default();
        assert!(gate.closed(now).is_none());
        gate.failed(now, &refusals()[0], 0.0);
        assert_eq!(
            gate.closed(now + Duration::seconds(4)),
            Some(refusals()[0].clone())
        );
        assert!(gate.closed(now + Duration::seconds(5)).is_none());
        // A clock set back does not lock the panel out.
        assert!(gate.closed(now - Duration::hours(1)).is_none());
        gate.succeeded();
        assert!(gate.closed(now).is_none());
        assert!(gate.retry_at().is_none());
    }
}

#[cfg(test)]
mod secret_file_tests {
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
