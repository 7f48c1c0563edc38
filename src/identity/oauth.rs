//! The Microsoft identity platform's OAuth 2.0 endpoints, as Roomsign uses them: device
//! authorization (RFC 8628), token refresh, and client credentials.
//!
//! Written against Microsoft's documented request and response shapes rather than a generic
//! OAuth client, because the pairing screen needs each poll's outcome as it happens (pending,
//! slow_down, declined, expired) and Microsoft's error bodies (`error`, `error_description`,
//! `error_codes`) are acted on by their `error` field.

use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;

use crate::secret::Secret;

/// The device-code grant type.
pub const DEVICE_CODE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

/// Where and as whom Roomsign signs in.
#[derive(Clone, Debug)]
pub struct OAuthClient {
    http: reqwest::Client,
    /// e.g. https://login.microsoftonline.com (no trailing slash)
    authority_url: String,
    tenant: String,
    client_id: String,
}

/// Why signing in or refreshing failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// The sign-in service could not be reached (network, DNS, TLS, timeout, 5xx).
    #[error("cannot reach Microsoft's sign-in service at {url}: {detail}")]
    Unreachable { url: String, detail: String },
    /// `temporarily_unavailable`: try again later.
    #[error("Microsoft's sign-in service is temporarily unavailable: {0}")]
    TemporarilyUnavailable(String),
    /// `invalid_grant`: the refresh token is expired or revoked; pair the panel again.
    #[error("the panel's sign-in has expired or was revoked; pair it again ({0})")]
    InvalidGrant(String),
    /// `invalid_client`: wrong or expired client secret, or public client flows not allowed.
    #[error("{0}")]
    InvalidClient(String),
    /// Not paired (no stored sign-in).
    #[error(
        "this panel is not paired with Microsoft 365: run `roomsign pair` or pair at the panel"
    )]
    NotPaired,
    /// The client secret file cannot be used.
    #[error("{0}")]
    Secret(String),
    /// Any other error the service named.
    #[error("sign-in failed: {error}: {description}")]
    Other { error: String, description: String },
    /// An answer that is not what the protocol says.
    #[error("unexpected answer from {url}: {detail}")]
    Protocol { url: String, detail: String },
}

impl AuthError {
    /// Whether trying again later can help (network trouble), as opposed to needing a person.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            AuthError::Unreachable { .. } | AuthError::TemporarilyUnavailable(_)
        )
    }
}

/// Microsoft's error body.
#[derive(Clone, Debug, Deserialize)]
pub struct ErrorBody {
    pub error: String,
    #[serde(default)]
    pub error_description: String,
}

impl ErrorBody {
    /// The first line of the description (the rest is trace and correlation ids).
    pub fn short_description(&self) -> String {
        self.error_description
            .lines()
            .next()
            .unwrap_or("")
            .trim()
            .to_owned()
    }

    fn into_auth_error(self) -> AuthError {
        let description = self.short_description();
        match self.error.as_str() {
            "invalid_grant" => AuthError::InvalidGrant(description),
            "invalid_client" | "unauthorized_client" => AuthError::InvalidClient(description),
            "temporarily_unavailable" => AuthError::TemporarilyUnavailable(description),
            _ => AuthError::Other {
                error: self.error,
                description,
            },
        }
    }
}

/// A device code to show to the person pairing the panel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceCode {
    /// Sent back when polling; never shown.
    pub device_code: Secret,
    /// What the person types on their phone, e.g. "ABCD-EFGH" (shown large).
    pub user_code: String,
    /// Where they type it (the QR code carries this, or the complete URI when sent).
    pub verification_uri: String,
    pub verification_uri_complete: Option<String>,
    pub expires_at: DateTime<Utc>,
    /// Wait at least this long between polls.
    pub interval: StdDuration,
}

impl DeviceCode {
    /// What the QR code carries.
    pub fn qr_target(&self) -> &str {
        self.verification_uri_complete
            .as_deref()
            .unwrap_or(&self.verification_uri)
    }
}

#[derive(Deserialize)]
struct DeviceCodeBody {
    device_code: String,
    user_code: String,
    verification_uri: String,
    #[serde(default)]
    verification_uri_complete: Option<String>,
    expires_in: u64,
    #[serde(default)]
    interval: Option<u64>,
}

/// Tokens from a successful grant or refresh.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tokens {
    pub access_token: Secret,
    /// Present for delegated grants with `offline_access`; a new one on every refresh.
    pub refresh_token: Option<Secret>,
    pub expires_at: DateTime<Utc>,
}

#[derive(Deserialize)]
struct TokenBody {
    access_token: String,
    #[serde(default)]
    refresh_token: Option<String>,
    expires_in: NumberOrString,
}

/// Microsoft sends `expires_in` as a number; some proxies and older endpoints as a string.
#[derive(Deserialize)]
#[serde(untagged)]
enum NumberOrString {
    Number(i64),
    Text(String),
}

impl NumberOrString {
    fn seconds(&self) -> Option<i64> {
        match self {
            NumberOrString::Number(n) => Some(*n),
            NumberOrString::Text(s) => s.trim().parse().ok(),
        }
    }
}

/// One poll of the token endpoint during device-code sign-in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Poll {
    /// Nobody has finished signing in yet.
    Pending,
    /// Polling too fast: wait 5 s longer from now on.
    SlowDown,
    /// The person declined the sign-in.
    Declined,
    /// The code expired (15 min): get a new one.
    Expired,
    /// The device code was not recognised.
    BadCode,
    Granted(Tokens),
}

impl OAuthClient {
    pub fn new(
        http: reqwest::Client,
        authority_url: &str,
        tenant: &str,
        client_id: &str,
    ) -> OAuthClient {
        OAuthClient {
            http,
            authority_url: authority_url.trim_end_matches('/').to_owned(),
            tenant: tenant.to_owned(),
            client_id: client_id.to_owned(),
        }
    }

    pub fn tenant(&self) -> &str {
        &self.tenant
    }

    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    fn url(&self, endpoint: &str) -> String {
        format!(
            "{}/{}/oauth2/v2.0/{endpoint}",
            self.authority_url, self.tenant
        )
    }

    async fn post(
        &self,
        endpoint: &str,
        form: &[(&str, &str)],
    ) -> Result<(reqwest::StatusCode, String), AuthError> {
        let url = self.url(endpoint);
        let response =
            self.http
                .post(&url)
                .form(form)
                .send()
                .await
                .map_err(|e| AuthError::Unreachable {
                    url: url.clone(),
                    detail: describe(&e),
                })?;
        let status = response.status();
        let body = response.text().await.map_err(|e| AuthError::Unreachable {
            url: url.clone(),
            detail: describe(&e),
        })?;
        if status.is_server_error() && serde_json::from_str::<ErrorBody>(&body).is_err() {
            return Err(AuthError::Unreachable {
                url,
                detail: format!("HTTP {status}"),
            });
        }
        Ok((status, body))
    }

    fn error_from(&self, endpoint: &str, status: reqwest::StatusCode, body: &str) -> AuthError {
        match serde_json::from_str::<ErrorBody>(body) {
            Ok(e) => e.into_auth_error(),
            Err(_) => AuthError::Protocol {
                url: self.url(endpoint),
                detail: format!("HTTP {status} without an OAuth error body"),
            },
        }
    }

    fn tokens_from(
        &self,
        endpoint: &str,
        body: &str,
        now: DateTime<Utc>,
    ) -> Result<Tokens, AuthError> {
        let parsed: TokenBody = serde_json::from_str(body).map_err(|e| AuthError::Protocol {
            url: self.url(endpoint),
            detail: format!("token response: {e}"),
        })?;
        let seconds = parsed
            .expires_in
            .seconds()
            .filter(|s| *s > 0)
            .ok_or_else(|| AuthError::Protocol {
                url: self.url(endpoint),
                detail: "token response without a usable expires_in".to_owned(),
            })?;
        Ok(Tokens {
            access_token: Secret::new(parsed.access_token),
            refresh_token: parsed.refresh_token.map(Secret::new),
            expires_at: now + Duration::seconds(seconds),
        })
    }

    /// Starts device-code sign-in.
    pub async fn device_code(
        &self,
        scopes: &[String],
        now: DateTime<Utc>,
    ) -> Result<DeviceCode, AuthError> {
        let scope = scopes.join(" ");
        let (status, body) = self
            .post(
                "devicecode",
                &[("client_id", self.client_id.as_str()), ("scope", &scope)],
            )
            .await?;
        if !status.is_success() {
            return Err(self.error_from("devicecode", status, &body));
        }
        let parsed: DeviceCodeBody =
            serde_json::from_str(&body).map_err(|e| AuthError::Protocol {
                url: self.url("devicecode"),
                detail: format!("device code response: {e}"),
            })?;
        Ok(DeviceCode {
            device_code: Secret::new(parsed.device_code),
            user_code: parsed.user_code,
            verification_uri: parsed.verification_uri,
            verification_uri_complete: parsed.verification_uri_complete,
            expires_at: now + Duration::seconds(parsed.expires_in.min(86_400) as i64),
            interval: StdDuration::from_secs(parsed.interval.unwrap_or(5)),
        })
    }

    /// Polls once for the device code's tokens.
    pub async fn poll(&self, code: &DeviceCode, now: DateTime<Utc>) -> Result<Poll, AuthError> {
        let (status, body) = self
            .post(
                "token",
                &[
                    ("grant_type", DEVICE_CODE_GRANT),
                    ("client_id", self.client_id.as_str()),
                    ("device_code", code.device_code.expose()),
                ],
            )
            .await?;
        if status.is_success() {
            return self.tokens_from("token", &body, now).map(Poll::Granted);
        }
        match serde_json::from_str::<ErrorBody>(&body) {
            Ok(e) => match e.error.as_str() {
                "authorization_pending" => Ok(Poll::Pending),
                "slow_down" => Ok(Poll::SlowDown),
                "authorization_declined" | "access_denied" => Ok(Poll::Declined),
                "expired_token" => Ok(Poll::Expired),
                "bad_verification_code" => Ok(Poll::BadCode),
                _ => Err(e.into_auth_error()),
            },
            Err(_) => Err(self.error_from("token", status, &body)),
        }
    }

    /// Trades a refresh token for new tokens (the refresh token rotates).
    pub async fn refresh(
        &self,
        refresh_token: &Secret,
        scopes: &[String],
        now: DateTime<Utc>,
    ) -> Result<Tokens, AuthError> {
        let scope = scopes.join(" ");
        let (status, body) = self
            .post(
                "token",
                &[
                    ("grant_type", "refresh_token"),
                    ("client_id", self.client_id.as_str()),
                    ("refresh_token", refresh_token.expose()),
                    ("scope", &scope),
                ],
            )
            .await?;
        if !status.is_success() {
            return Err(self.error_from("token", status, &body));
        }
        self.tokens_from("token", &body, now)
    }

    /// App-only tokens for Graph with the app's client secret.
    pub async fn client_credentials(
        &self,
        secret: &Secret,
        now: DateTime<Utc>,
    ) -> Result<Tokens, AuthError> {
        let (status, body) = self
            .post(
                "token",
                &[
                    ("grant_type", "client_credentials"),
                    ("client_id", self.client_id.as_str()),
                    ("client_secret", secret.expose()),
                    ("scope", "https://graph.microsoft.com/.default"),
                ],
            )
            .await?;
        if !status.is_success() {
            return Err(match self.error_from("token", status, &body) {
                AuthError::InvalidClient(d) => AuthError::InvalidClient(format!(
                    "Microsoft 365 refused the app's client secret: it is wrong or expired. Create a new secret for the app registration in Entra ID (Certificates & secrets) and put it in the client_secret_file ({d})"
                )),
                other => other,
            });
        }
        self.tokens_from("token", &body, now)
    }
}

/// An HTTP error in words, without the URL's query (which could carry a code).
pub fn describe(err: &reqwest::Error) -> String {
    let kind = if err.is_timeout() {
        "timed out"
    } else if err.is_connect() {
        "connection failed"
    } else if err.is_decode() {
        "unreadable answer"
    } else {
        "request failed"
    };
    let mut source = std::error::Error::source(err);
    let mut detail = String::new();
    while let Some(s) = source {
        detail = s.to_string();
        source = s.source();
    }
    if detail.is_empty() {
        kind.to_owned()
    } else {
        format!("{kind} ({detail})")
    }
}
