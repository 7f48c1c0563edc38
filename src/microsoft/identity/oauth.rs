//! The Microsoft identity platform's OAuth 2.0 endpoints, as Roomsign uses them: device
//! authorization (RFC 8628), token refresh, and client credentials.
//!
//! Written against Microsoft's documented request and response shapes rather than a generic
//! OAuth client, because the pairing screen needs each poll's outcome as it happens (pending,
//! slow_down, declined, expired) and Microsoft's error bodies (`error`, `error_description`,
//! `error_codes`) are acted on by their `error` field.

use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};
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
    /// 429, or a 503 with `Retry-After`: the service asks the panel to wait (that long, when it
    /// says, already within [`crate::limits::SERVER_WAIT`]).
    #[error("Microsoft's sign-in service asks the panel to wait (HTTP {status})")]
    Throttled {
        status: u16,
        retry_after: Option<StdDuration>,
    },
    /// `invalid_grant`: the refresh token is expired or revoked; pair the panel again. With its
    /// AADSTS numbers, which tell why.
    #[error("the panel's sign-in has expired or was revoked; pair it again ({0})")]
    InvalidGrant(String, Vec<u64>),
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
    /// Any other error the service named, with its AADSTS numbers (`error_codes`).
    #[error("sign-in refused: {error}{}: {description}", codes_words(codes))]
    Other {
        error: String,
        description: String,
        codes: Vec<u64>,
    },
    /// An answer that is not what the protocol says.
    #[error("unexpected answer from {url}: {detail}")]
    Protocol { url: String, detail: String },
}

/// " (AADSTS50076, AADSTS50079)", or nothing without numbers.
fn codes_words(codes: &[u64]) -> String {
    if codes.is_empty() {
        String::new()
    } else {
        let list: Vec<String> = codes.iter().map(|c| format!("AADSTS{c}")).collect();
        format!(" ({})", list.join(", "))
    }
}

impl AuthError {
    /// Whether trying again later can help (network trouble), as opposed to needing a person.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            AuthError::Unreachable { .. }
                | AuthError::TemporarilyUnavailable(_)
                | AuthError::Throttled { .. }
        )
    }

    /// How long the service asked the panel to wait, if it did.
    pub fn retry_after(&self) -> Option<StdDuration> {
        match self {
            AuthError::Throttled { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// Why the service refuses to renew a sign-in it keeps, for the panel and its admin; `None`
    /// for network trouble, a revoked sign-in and a missing pairing or secret, which have their
    /// own screens.
    pub fn refusal(&self) -> Option<(crate::core::Refusal, String)> {
        use crate::core::Refusal;
        match self {
            AuthError::Throttled { status, .. } => Some((
                Refusal::Throttled,
                format!("HTTP {status} from the token endpoint"),
            )),
            AuthError::Other {
                error,
                description,
                codes,
            } => Some((
                Refusal::classify(error, codes),
                format!("{error}{}: {description}", codes_words(codes)),
            )),
            AuthError::Protocol { url, detail } => {
                Some((Refusal::BadAnswer, format!("{url}: {detail}")))
            }
            AuthError::InvalidClient(description) => {
                Some((Refusal::Other, format!("invalid_client: {description}")))
            }
            _ => None,
        }
    }

    /// Why a sign-in ended or pairing stopped, when Microsoft's numbers say (`invalid_grant`
    /// with AADSTS700082, 50173, 530036, …; a device code refused by policy): for the codes and
    /// words of the Pairing screen, `status` and `doctor`. `None` when they do not say.
    pub fn ended_because(&self) -> Option<crate::core::Refusal> {
        use crate::core::Refusal;
        let refusal = match self {
            AuthError::InvalidGrant(_, codes) => Refusal::classify("invalid_grant", codes),
            AuthError::Other { error, codes, .. } => Refusal::classify(error, codes),
            _ => return None,
        };
        (refusal != Refusal::Other).then_some(refusal)
    }
}

/// Microsoft's error body.
#[derive(Clone, Debug, Deserialize)]
pub struct ErrorBody {
    pub error: String,
    #[serde(default, deserialize_with = "lenient_text")]
    pub error_description: String,
    /// The AADSTS numbers; for the admin's words only, never acted on.
    #[serde(default, deserialize_with = "lenient_codes")]
    pub error_codes: Vec<u64>,
}

/// The longest description kept from an error body (the first line is a sentence or two).
const DESCRIPTION_CHARS: usize = 400;

fn lenient_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let value = serde_json::Value::deserialize(d)?;
    Ok(match value {
        serde_json::Value::String(s) => s,
        _ => String::new(),
    })
}

fn lenient_codes<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<u64>, D::Error> {
    let value = serde_json::Value::deserialize(d)?;
    Ok(match value {
        serde_json::Value::Array(items) => items
            .iter()
            .filter_map(serde_json::Value::as_u64)
            .take(8)
            .collect(),
        _ => Vec::new(),
    })
}

impl ErrorBody {
    /// The first line of the description (the rest is trace and correlation ids), printable
    /// and of a sane length.
    pub fn short_description(&self) -> String {
        let first = self.error_description.lines().next().unwrap_or("").trim();
        crate::limits::printable(first)
            .chars()
            .take(DESCRIPTION_CHARS)
            .collect()
    }

    fn into_auth_error(self) -> AuthError {
        let description = self.short_description();
        match self.error.as_str() {
            "invalid_grant" => AuthError::InvalidGrant(description, self.error_codes),
            "invalid_client" | "unauthorized_client" => AuthError::InvalidClient(description),
            "temporarily_unavailable" => AuthError::TemporarilyUnavailable(description),
            _ => AuthError::Other {
                error: crate::limits::printable(&self.error)
                    .chars()
                    .take(80)
                    .collect(),
                description,
                codes: self.error_codes,
            },
        }
    }
}

/// A device code to show to the person pairing the panel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceCode {
    /// Sent back when polling; never shown.
    pub device_code: Secret,
    /// What the person types on their phone, exactly as issued (shown large); printable.
    pub user_code: String,
    /// Where they type it (the QR code carries this, or the complete URI when sent): https,
    /// or the authority's own origin; printable.
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
    #[serde(default)]
    expires_in: serde_json::Value,
    #[serde(default)]
    interval: serde_json::Value,
}

/// The longest user code shown (Microsoft's are 8 or 9 characters).
pub const USER_CODE_CHARS: usize = 32;
/// The longest verification URL put in a QR code.
pub const VERIFICATION_URL_CHARS: usize = 512;

/// A number of seconds as Microsoft or a proxy sends it (integer of any size, float, or text),
/// within `bounds`; `None` when it is missing or not a number.
fn lenient_seconds(
    value: &serde_json::Value,
    bounds: crate::limits::Bounds,
) -> Option<StdDuration> {
    match value {
        serde_json::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Some(bounds.clamp(i as i128))
            } else if let Some(u) = n.as_u64() {
                Some(bounds.clamp(u as i128))
            } else {
                bounds.parse(&n.to_string())
            }
        }
        serde_json::Value::String(s) => bounds.parse(s),
        _ => None,
    }
}

/// A token as it will go into a header or a file: not empty, not absurdly long, visible
/// ASCII only (no CR/LF, no control characters).
fn usable_token(token: &str) -> bool {
    !token.is_empty()
        && token.len() <= crate::limits::TOKEN_BYTES
        && token.bytes().all(|b| b.is_ascii_graphic())
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
    /// A number from Microsoft; a string from some proxies and older endpoints; any size.
    #[serde(default)]
    expires_in: serde_json::Value,
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

    /// The token endpoint's URL (a client assertion's audience).
    pub fn token_url(&self) -> String {
        self.url("token")
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
                    detail: http_error_words(&e),
                })?;
        let status = response.status();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| crate::limits::retry_after(v, Utc::now()));
        if status.as_u16() == 429 || (status.as_u16() == 503 && retry_after.is_some()) {
            return Err(AuthError::Throttled {
                status: status.as_u16(),
                retry_after,
            });
        }
        let body = crate::limits::body(response, crate::limits::IDENTITY_BODY_BYTES)
            .await
            .map_err(|e| match e {
                crate::limits::BodyError::TooLarge { limit } => AuthError::Protocol {
                    url: url.clone(),
                    detail: format!("an answer of more than {limit} bytes"),
                },
                crate::limits::BodyError::Http(e) => AuthError::Unreachable {
                    url: url.clone(),
                    detail: http_error_words(&e),
                },
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
        let bad = |detail: &str| AuthError::Protocol {
            url: self.url(endpoint),
            detail: format!("token response {detail}"),
        };
        let lifetime = lenient_seconds(&parsed.expires_in, crate::limits::TOKEN_LIFETIME)
            .ok_or_else(|| bad("without a usable expires_in"))?;
        if !usable_token(&parsed.access_token) {
            return Err(bad("with an empty, overlong or garbled access_token"));
        }
        if parsed
            .refresh_token
            .as_deref()
            .is_some_and(|t| !usable_token(t))
        {
            return Err(bad("with an empty, overlong or garbled refresh_token"));
        }
        Ok(Tokens {
            access_token: Secret::new(parsed.access_token),
            refresh_token: parsed.refresh_token.map(Secret::new),
            expires_at: crate::limits::add(now, lifetime),
        })
    }

    /// A verification URL fit for a QR code: https (or the authority's own origin, as a test
    /// stand-in on loopback is), printable, of a sane length.
    fn verification_url(&self, text: &str) -> Result<String, AuthError> {
        let bad = |why: &str| AuthError::Protocol {
            url: self.url("devicecode"),
            detail: format!("device code response with {why}"),
        };
        let text = crate::limits::printable(text);
        if text.len() > VERIFICATION_URL_CHARS {
            return Err(bad("an overlong verification URL"));
        }
        let url =
            reqwest::Url::parse(&text).map_err(|_| bad("a verification URL that is not a URL"))?;
        let authority = reqwest::Url::parse(&self.authority_url).ok();
        let same_origin = authority.is_some_and(|a| a.origin() == url.origin());
        if url.scheme() != "https" && !same_origin {
            return Err(bad("a verification URL that is not https"));
        }
        Ok(text)
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
        self.device_code_from(&body, now)
    }

    /// A device code answer read and checked: every number clamped, the URLs fit for a QR
    /// code, the user code printable.
    fn device_code_from(&self, body: &str, now: DateTime<Utc>) -> Result<DeviceCode, AuthError> {
        let parsed: DeviceCodeBody =
            serde_json::from_str(body).map_err(|e| AuthError::Protocol {
                url: self.url("devicecode"),
                detail: format!("device code response: {e}"),
            })?;
        let bad = |detail: &str| AuthError::Protocol {
            url: self.url("devicecode"),
            detail: format!("device code response {detail}"),
        };
        let user_code = crate::limits::printable(parsed.user_code.trim());
        if user_code.is_empty() || user_code.chars().count() > USER_CODE_CHARS {
            return Err(bad("with an empty or overlong user_code"));
        }
        if !usable_token(&parsed.device_code) {
            return Err(bad("with an empty, overlong or garbled device_code"));
        }
        let lifetime = lenient_seconds(&parsed.expires_in, crate::limits::DEVICE_CODE_LIFETIME)
            .ok_or_else(|| bad("without a usable expires_in"))?;
        let interval = lenient_seconds(&parsed.interval, crate::limits::DEVICE_CODE_INTERVAL)
            .unwrap_or(StdDuration::from_secs(5));
        Ok(DeviceCode {
            device_code: Secret::new(parsed.device_code),
            user_code,
            verification_uri: self.verification_url(&parsed.verification_uri)?,
            verification_uri_complete: parsed
                .verification_uri_complete
                .as_deref()
                .map(|u| self.verification_url(u))
                .transpose()?,
            expires_at: crate::limits::add(now, lifetime),
            interval,
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
        self.app_only(
            ("client_secret", secret.expose()),
            None,
            "Microsoft 365 refused the app's client secret: it is wrong or expired. Create a new secret for the app registration in Entra ID (Certificates & secrets) and put it in the client_secret_file",
            now,
        )
        .await
    }

    /// App-only tokens for Graph with a client assertion signed with the app's certificate
    /// (RFC 7523).
    pub async fn client_assertion(
        &self,
        assertion: &Secret,
        now: DateTime<Utc>,
    ) -> Result<Tokens, AuthError> {
        self.app_only(
            ("client_assertion", assertion.expose()),
            Some((
                "client_assertion_type",
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            )),
            "Microsoft 365 refused the app's certificate: the certificate uploaded in Entra ID (App registrations → Certificates & secrets) is not this one, has expired or was removed. Upload the .cer made with `roomsign cert new` and check that certificate_file and private_key_file name it and its key",
            now,
        )
        .await
    }

    /// The client credentials grant with one credential (a secret or an assertion); a refused
    /// credential (`invalid_client`) is said in `refused`'s words.
    async fn app_only(
        &self,
        credential: (&str, &str),
        credential_type: Option<(&str, &str)>,
        refused: &str,
        now: DateTime<Utc>,
    ) -> Result<Tokens, AuthError> {
        let mut form = vec![
            ("grant_type", "client_credentials"),
            ("client_id", self.client_id.as_str()),
        ];
        form.extend(credential_type);
        form.push(credential);
        form.push(("scope", "https://graph.microsoft.com/.default"));
        let (status, body) = self.post("token", &form).await?;
        if !status.is_success() {
            return Err(match self.error_from("token", status, &body) {
                AuthError::InvalidClient(d) => AuthError::InvalidClient(format!("{refused} ({d})")),
                other => other,
            });
        }
        self.tokens_from("token", &body, now)
    }
}

/// An HTTP error in words, without the URL's query (which could carry a code).
pub fn http_error_words(err: &reqwest::Error) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn client() -> OAuthClient {
        static CLIENT: std::sync::OnceLock<OAuthClient> = std::sync::OnceLock::new();
        CLIENT
            .get_or_init(|| {
                OAuthClient::new(
                    crate::microsoft::client::http_client(),
                    "https://login.microsoftonline.com",
                    "contoso.onmicrosoft.com",
                    "app",
                )
            })
            .clone()
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap()
    }

    fn token_body(expires_in: &str) -> String {
        format!(
            r#"{{"access_token":"eyJ0.a.b","refresh_token":"0.AQ-rt","expires_in":{expires_in}}}"#
        )
    }

    fn lifetime_of(expires_in: &str) -> Result<i64, AuthError> {
        client()
            .tokens_from("token", &token_body(expires_in), now())
            .map(|t| (t.expires_at - now()).num_seconds())
    }

    #[test]
    fn a_huge_or_odd_token_lifetime_is_clamped_not_a_panic() {
        assert_eq!(lifetime_of("3599").unwrap(), 3599);
        assert_eq!(lifetime_of("\"3599\"").unwrap(), 3599);
        assert_eq!(lifetime_of("3599.0").unwrap(), 3599);
        for huge in [
            "10000000000000",
            "9007199254740992",
            "9200000000000000",
            "9.2e15",
            "1e300",
            "18446744073709551615",
            "\"99999999999999999999999999\"",
            "340282366920938463463374607431768211456000",
        ] {
            assert_eq!(lifetime_of(huge).unwrap(), 86_400, "{huge}");
        }
        assert_eq!(lifetime_of("0").unwrap(), 60);
        assert_eq!(lifetime_of("-5").unwrap(), 60);
        assert!(lifetime_of("\"soon\"").is_err());
        assert!(lifetime_of("null").is_err());
    }

    #[test]
    fn garbled_tokens_are_refused_as_a_bad_answer() {
        let c = client();
        let bad = |body: String| {
            matches!(
                c.tokens_from("token", &body, now()),
                Err(AuthError::Protocol { .. })
            )
        };
        assert!(bad(
            r#"{"access_token":"eyJ0","refresh_token":"","expires_in":3599}"#.to_owned()
        ));
        assert!(bad(
            r#"{"access_token":"","refresh_token":"rt","expires_in":3599}"#.to_owned()
        ));
        assert!(bad(
            r#"{"access_token":"eyJ0\r\nX-Evil: 1","refresh_token":"rt","expires_in":3599}"#
                .to_owned()
        ));
        assert!(bad(
            r#"{"access_token":"eyJ0","refresh_token":"rt\u001b[2J","expires_in":3599}"#.to_owned()
        ));
        let long = "a".repeat(crate::limits::TOKEN_BYTES + 1);
        assert!(bad(format!(
            r#"{{"access_token":"{long}","refresh_token":"rt","expires_in":3599}}"#
        )));
        // Absent refresh token (app-only): fine.
        assert!(c
            .tokens_from(
                "token",
                r#"{"access_token":"eyJ0","expires_in":3599}"#,
                now()
            )
            .is_ok());
    }

    fn device_body(fields: &str) -> String {
        format!(
            r#"{{"device_code":"DAQABAAEAAAD","user_code":"FQK5HW3UF","verification_uri":"https://microsoft.com/devicelogin",{fields}}}"#
        )
    }

    #[test]
    fn device_code_numbers_are_clamped() {
        let c = client();
        let code = c
            .device_code_from(
                &device_body(r#""expires_in":1000000000,"interval":1000000000"#),
                now(),
            )
            .unwrap();
        assert_eq!(code.interval, StdDuration::from_secs(60));
        assert_eq!((code.expires_at - now()).num_seconds(), 3600);
        let code = c
            .device_code_from(&device_body(r#""expires_in":"900","interval":0"#), now())
            .unwrap();
        assert_eq!(code.interval, StdDuration::from_secs(1));
        assert_eq!((code.expires_at - now()).num_seconds(), 900);
        let code = c
            .device_code_from(&device_body(r#""expires_in":1e308,"interval":-3"#), now())
            .unwrap();
        assert_eq!(code.interval, StdDuration::from_secs(1));
        assert_eq!((code.expires_at - now()).num_seconds(), 3600);
        assert_eq!(code.user_code, "FQK5HW3UF", "exactly as issued");
    }

    #[test]
    fn verification_urls_must_be_https_or_the_authority_and_codes_printable() {
        let c = client();
        let with = |uri: &str, user_code: &str| {
            c.device_code_from(
                &format!(
                    r#"{{"device_code":"D","user_code":{},"verification_uri":{},"expires_in":900}}"#,
                    serde_json::Value::String(user_code.to_owned()),
                    serde_json::Value::String(uri.to_owned())
                ),
                now(),
            )
        };
        assert!(with("https://microsoft.com/devicelogin", "ABCD1234").is_ok());
        for bad in [
            "http://evil.example/devicelogin",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "not a url",
        ] {
            assert!(
                matches!(with(bad, "ABCD1234"), Err(AuthError::Protocol { .. })),
                "{bad}"
            );
        }
        let local = OAuthClient::new(
            crate::microsoft::client::http_client(),
            "http://127.0.0.1:4000",
            "t",
            "c",
        );
        let ok = local.device_code_from(
            r#"{"device_code":"D","user_code":"AB","verification_uri":"http://127.0.0.1:4000/devicelogin","expires_in":900}"#,
            now(),
        );
        assert!(ok.is_ok(), "the authority's own origin: {ok:?}");
        let other_port = local.device_code_from(
            r#"{"device_code":"D","user_code":"AB","verification_uri":"http://127.0.0.1:4001/devicelogin","expires_in":900}"#,
            now(),
        );
        assert!(other_port.is_err());

        let code = with(
            "https://microsoft.com/device\u{1b}]8;;login",
            "AB\u{1b}[2JCD\r\n",
        )
        .unwrap();
        assert_eq!(code.user_code, "AB[2JCD");
        assert!(!code.verification_uri.contains('\u{1b}'));
        assert!(with("https://microsoft.com/devicelogin", &"A".repeat(200)).is_err());
        assert!(with("https://microsoft.com/devicelogin", "\u{7}\u{7}").is_err());
        let complete = c.device_code_from(
            &device_body(
                r#""expires_in":900,"verification_uri_complete":"http://evil.example/?code=X""#,
            ),
            now(),
        );
        assert!(complete.is_err());
    }

    #[test]
    fn error_bodies_keep_their_numbers_and_refusals_are_told_by_them() {
        let body = r#"{"error":"interaction_required","error_description":"AADSTS50076: Due to a configuration change\r\nTrace ID: 1","error_codes":[50076],"correlation_id":"c"}"#;
        let e: ErrorBody = serde_json::from_str(body).unwrap();
        let err = e.into_auth_error();
        let (refusal, detail) = err.refusal().unwrap();
        assert_eq!(refusal, crate::core::Refusal::MfaRequired);
        assert!(detail.contains("AADSTS50076"), "{detail}");
        assert!(!detail.contains("Trace ID"), "{detail}");
        let odd: ErrorBody =
            serde_json::from_str(r#"{"error":"x","error_description":5,"error_codes":"no"}"#)
                .unwrap();
        assert!(odd.error_codes.is_empty());
    }

    proptest! {
        #[test]
        fn token_answers_never_panic_and_stay_in_range(
            expires in prop_oneof![
                any::<i64>().prop_map(|n| n.to_string()),
                any::<u64>().prop_map(|n| n.to_string()),
                any::<f64>().prop_map(|f| if f.is_finite() { format!("{f:e}") } else { "1e999".to_owned() }),
                "[0-9]{1,60}".prop_map(|s| format!("\"{s}\"")),
                ".{0,20}".prop_map(|s| serde_json::Value::String(s).to_string()),
                Just("null".to_owned()),
                Just("[]".to_owned()),
            ],
            access in ".{0,40}",
            refresh in proptest::option::of(".{0,40}"),
        ) {
            let body = serde_json::json!({
                "access_token": access,
                "refresh_token": refresh,
            })
            .to_string();
            let body = format!("{},\"expires_in\":{expires}}}", body.trim_end_matches('}'));
            if let Ok(tokens) = client().tokens_from("token", &body, now()) {
                let secs = (tokens.expires_at - now()).num_seconds();
                prop_assert!((60..=86_400).contains(&secs));
                prop_assert!(tokens.access_token.expose().bytes().all(|b| b.is_ascii_graphic()));
            }
        }

        #[test]
        fn device_code_answers_never_panic_and_stay_in_range(
            expires in any::<i128>(),
            interval in prop_oneof![any::<i64>().prop_map(|n| n.to_string()), any::<f64>().prop_map(|f| if f.is_finite() { format!("{f:e}") } else { "0".to_owned() })],
            user_code in ".{0,40}",
            uri in ".{0,40}",
        ) {
            let body = format!(
                r#"{{"device_code":"D","user_code":{},"verification_uri":{},"expires_in":{expires},"interval":{interval}}}"#,
                serde_json::Value::String(user_code),
                serde_json::Value::String(uri),
            );
            if let Ok(code) = client().device_code_from(&body, now()) {
                prop_assert!(code.interval >= StdDuration::from_secs(1) && code.interval <= StdDuration::from_secs(60));
                let secs = (code.expires_at - now()).num_seconds();
                prop_assert!((60..=3600).contains(&secs));
                prop_assert!(code.verification_uri.starts_with("https:"));
                prop_assert!(!code.user_code.chars().any(char::is_control));
            }
        }

        #[test]
        fn error_answers_never_panic(body in ".{0,80}", codes in proptest::collection::vec(any::<i64>(), 0..4)) {
            let json = serde_json::json!({"error": body, "error_description": body, "error_codes": codes}).to_string();
            let c = client();
            let _ = c.error_from("token", reqwest::StatusCode::BAD_REQUEST, &json);
            let _ = c.error_from("token", reqwest::StatusCode::BAD_REQUEST, &body);
            if let Ok(e) = serde_json::from_str::<ErrorBody>(&json) {
                let err = e.into_auth_error();
                let _ = err.refusal();
                let words = err.to_string();
                prop_assert!(!words.chars().any(char::is_control), "{}", words);
            }
        }
    }
}
