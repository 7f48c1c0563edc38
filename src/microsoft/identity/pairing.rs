//! Pairing a panel: the device-code flow from the first code to a stored sign-in, driving
//! the Pairing screen (or the terminal) with each step as it happens.

use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};

use super::oauth::{AuthError, DeviceCode, OAuthClient, Poll};
use super::store::{Account, StoredSignIn, TokenStore, SIGN_IN_VERSION};
use crate::clock::Clock;
use crate::secret::Secret;

/// Who a fresh access token belongs to (Graph's `/me`), asked once the sign-in is granted. The
/// caller supplies it, so the identity needs no Graph client (the Graph client needs the
/// identity); the error is in words.
pub type WhoAmI<'a> = &'a (dyn Fn(
    Secret,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<Account, String>> + Send>>
         + Sync);

/// What the person pairing the panel needs to see.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prompt {
    /// Shown large, exactly as Microsoft issued it (printable).
    pub user_code: String,
    /// Where to enter it.
    pub verification_uri: String,
    /// What the QR code carries.
    pub qr_target: String,
    pub expires_at: DateTime<Utc>,
}

impl From<&DeviceCode> for Prompt {
    fn from(code: &DeviceCode) -> Prompt {
        Prompt {
            user_code: code.user_code.clone(),
            verification_uri: code.verification_uri.clone(),
            qr_target: code.qr_target().to_owned(),
            expires_at: code.expires_at,
        }
    }
}

/// A step of pairing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// A (new) code to show.
    Code(Prompt),
    /// The code expired unused; a new one is on its way.
    Renewing,
    /// Polling hit a network problem; still trying.
    Retrying(String),
    /// Signed in; reading who it is.
    SignedIn,
}

/// How pairing ended without a sign-in.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PairingError {
    #[error("the sign-in was declined on the phone; start again for a new code")]
    Declined,
    #[error("the code expired before anyone signed in")]
    Expired,
    #[error("the sign-in gave no refresh token: the `offline_access` scope is missing from [microsoft] scopes")]
    NoRefreshToken,
    #[error("signed in, but cannot read who signed in: {0}")]
    Me(String),
    #[error("cannot store the sign-in: {0}")]
    Store(String),
    #[error(transparent)]
    Auth(#[from] AuthError),
}

/// Knobs of the flow.
#[derive(Clone, Debug)]
pub struct PairingOptions {
    /// Added to the poll interval on `slow_down` (RFC 8628: 5 s).
    pub slow_down_step: StdDuration,
    /// Fetch a new code by itself when one expires (the panel does; a terminal may too).
    pub renew_expired: bool,
}

impl Default for PairingOptions {
    fn default() -> Self {
        PairingOptions {
            slow_down_step: StdDuration::from_secs(5),
            renew_expired: true,
        }
    }
}

/// Runs device-code pairing to the end: a stored sign-in with the account that signed in.
#[allow(clippy::too_many_arguments)]
pub async fn pair(
    oauth: &OAuthClient,
    scopes: &[String],
    who: WhoAmI<'_>,
    store: &dyn TokenStore,
    clock: &dyn Clock,
    options: &PairingOptions,
    on_step: &mut (dyn FnMut(Step) + Send),
) -> Result<StoredSignIn, PairingError> {
    'codes: loop {
        let code = oauth.device_code(scopes, clock.now()).await?;
        on_step(Step::Code(Prompt::from(&code)));
        let mut interval = crate::limits::DEVICE_CODE_INTERVAL.clamp_duration(code.interval);
        let mut network_backoff = interval;
        loop {
            tokio::time::sleep(interval).await;
            if clock.now() >= code.expires_at {
                if options.renew_expired {
                    on_step(Step::Renewing);
                    continue 'codes;
                }
                return Err(PairingError::Expired);
            }
            match oauth.poll(&code, clock.now()).await {
                Ok(Poll::Pending) => {}
                Ok(Poll::SlowDown) => {
                    interval = crate::limits::DEVICE_CODE_INTERVAL
                        .clamp_duration(interval.saturating_add(options.slow_down_step))
                }
                Ok(Poll::Declined) => return Err(PairingError::Declined),
                Ok(Poll::Expired) | Ok(Poll::BadCode) => {
                    if options.renew_expired {
                        on_step(Step::Renewing);
                        continue 'codes;
                    }
                    return Err(PairingError::Expired);
                }
                Ok(Poll::Granted(tokens)) => {
                    on_step(Step::SignedIn);
                    let refresh_token = tokens.refresh_token.ok_or(PairingError::NoRefreshToken)?;
                    let account = who(tokens.access_token.clone())
                        .await
                        .map_err(PairingError::Me)?;
                    let sign_in = StoredSignIn {
                        version: SIGN_IN_VERSION,
                        tenant: oauth.tenant().to_owned(),
                        client_id: oauth.client_id().to_owned(),
                        account: Some(account),
                        refresh_token,
                        access_token: Some(tokens.access_token),
                        expires_at: Some(tokens.expires_at),
                        paired_at: clock.now(),
                        refreshed_at: None,
                    };
                    store
                        .save(&sign_in)
                        .map_err(|e| PairingError::Store(e.to_string()))?;
                    return Ok(sign_in);
                }
                Err(err) if err.is_transient() => {
                    // Keep the code on screen and try again a little later.
                    on_step(Step::Retrying(err.to_string()));
                    network_backoff = (network_backoff * 2).min(StdDuration::from_secs(60));
                    // A Retry-After from the service is the least wait.
                    tokio::time::sleep(network_backoff.max(err.retry_after().unwrap_or_default()))
                        .await;
                }
                Err(err) => return Err(err.into()),
            }
        }
    }
}

/// The account in words: "Room Sign (roomsign@contoso.com)".
pub fn account_words(account: &Account) -> String {
    match &account.display_name {
        Some(name) if !name.is_empty() => format!("{name} ({})", account.username),
        _ => account.username.clone(),
    }
}
