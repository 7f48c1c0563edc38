//! Microsoft Graph over HTTPS: one client for every call, with the access token from the
//! [`Identity`], one token renewal and retry on 401, Graph's error bodies in words with the
//! setting to fix, and Outlook's limits kept per mailbox: at most four requests in flight, and
//! nothing sent while a `Retry-After` runs.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration as StdDuration;

use tokio::sync::Semaphore;
use tokio::time::Instant;

use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::identity::oauth::{describe, AuthError};
use crate::identity::store::Account;
use crate::identity::Identity;
use crate::secret::Secret;

/// The HTTP client every Microsoft call goes through: rustls, timeouts, our User-Agent.
pub fn http_client() -> reqwest::Client {
    // ring is the one TLS crypto provider compiled in; installing it twice is harmless.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .user_agent(concat!("roomsign/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(StdDuration::from_secs(10))
        .timeout(StdDuration::from_secs(30))
        .build()
        .unwrap_or_else(|e| {
            tracing::error!("cannot build the HTTP client with its settings: {e}");
            reqwest::Client::new()
        })
}

/// Why a Graph call failed, in words with what to do.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GraphError {
    #[error("cannot reach Microsoft Graph at {url}: {detail}")]
    Unreachable { url: String, detail: String },
    #[error(transparent)]
    Auth(#[from] AuthError),
    #[error("Microsoft Graph refused access ({code}: {message}). {fix}")]
    Denied {
        code: String,
        message: String,
        fix: String,
    },
    #[error("Microsoft Graph does not know {what} ({code}: {message}). {fix}")]
    NotFound {
        what: String,
        code: String,
        message: String,
        fix: String,
    },
    #[error("Microsoft Graph is throttling requests; retrying after {0} s")]
    Throttled(u64),
    #[error("Microsoft Graph forgot the sync state (HTTP 410); reading the whole window again")]
    SyncStateGone,
    #[error("Microsoft Graph answered HTTP {status}: {code}: {message}")]
    Other {
        status: u16,
        code: String,
        message: String,
    },
    #[error("unexpected answer from Microsoft Graph at {url}: {detail}")]
    Protocol { url: String, detail: String },
}

#[derive(Deserialize)]
struct ErrorEnvelope {
    error: ErrorDetail,
}

#[derive(Deserialize)]
struct ErrorDetail {
    #[serde(default)]
    code: String,
    #[serde(default)]
    message: String,
}

impl GraphError {
    /// Whether trying again later may work (network, throttling, Microsoft's own trouble, a
    /// garbled answer), as opposed to a setting someone must fix.
    pub fn is_transient(&self) -> bool {
        match self {
            GraphError::Unreachable { .. }
            | GraphError::Throttled(_)
            | GraphError::SyncStateGone
            | GraphError::Protocol { .. } => true,
            GraphError::Auth(e) => e.is_transient(),
            GraphError::Other { status, .. } => *status >= 500 || *status == 408,
            GraphError::Denied { .. } | GraphError::NotFound { .. } => false,
        }
    }
}

/// Graph error codes that mean the mailbox or item does not exist (whatever the HTTP status).
const NOT_FOUND_CODES: [&str; 6] = [
    "ErrorItemNotFound",
    "ErrorInvalidUser",
    "ErrorNonExistentMailbox",
    "MailboxNotEnabledForRESTAPI",
    "ResourceNotFound",
    "Request_ResourceNotFound",
];

fn error_for(
    url: &str,
    status: reqwest::StatusCode,
    retry_after: Option<u64>,
    body: &str,
) -> GraphError {
    let (code, message) = serde_json::from_str::<ErrorEnvelope>(body)
        .map(|e| (e.error.code, e.error.message))
        .unwrap_or_else(|_| (String::new(), String::new()));
    let path = url.split('?').next().unwrap_or(url).to_owned();
    if NOT_FOUND_CODES.contains(&code.as_str()) && status.as_u16() != 410 {
        return GraphError::NotFound {
            what: path,
            fix: "Check room.mailbox in the configuration: it must be the room's email address, and the room must have an Exchange Online mailbox."
                .to_owned(),
            code,
            message,
        };
    }
    match status.as_u16() {
        // Outlook's limit: wait as long as asked (5 s when it does not say).
        429 => GraphError::Throttled(retry_after.unwrap_or(5).max(1)),
        503 if retry_after.is_some() => GraphError::Throttled(retry_after.unwrap_or(5).max(1)),
        410 => GraphError::SyncStateGone,
        _ if code.eq_ignore_ascii_case("syncStateNotFound") => GraphError::SyncStateGone,
        401 | 403 => GraphError::Denied {
            fix: if message.contains("Access to OData is disabled") {
                "An ApplicationAccessPolicy in Exchange Online limits this app: add the room and the booking account to the policy's group (New-ApplicationAccessPolicy / Test-ApplicationAccessPolicy), then wait up to an hour.".to_owned()
            } else if code == "ErrorAccessDenied" {
                "Give the signed-in account access to the room's calendar (Add-MailboxFolderPermission room:\\Calendar -User <account> -AccessRights Reviewer), and check the app's Graph permissions have admin consent in Entra ID.".to_owned()
            } else {
                "Check the app's Graph permissions and admin consent in Entra ID (App registrations → API permissions).".to_owned()
            },
            code,
            message,
        },
        404 => GraphError::NotFound {
            what: path,
            fix: "Check room.mailbox in the configuration: it must be the room's email address."
                .to_owned(),
            code,
            message,
        },
        s => GraphError::Other {
            status: s,
            code,
            message,
        },
    }
}

/// One request to Graph: the method, the URL, an optional JSON body and extra `Prefer` values
/// (`outlook.timezone="UTC"` is always sent).
struct Call<'a> {
    method: reqwest::Method,
    url: &'a str,
    json: Option<&'a serde_json::Value>,
    prefer: &'a [&'a str],
}

/// Sends `call` with `token`; the status, Retry-After and body.
async fn send_raw(
    http: &reqwest::Client,
    call: &Call<'_>,
    token: &Secret,
) -> Result<(reqwest::StatusCode, Option<u64>, String), GraphError> {
    let url = call.url;
    let mut prefer = vec!["outlook.timezone=\"UTC\""];
    prefer.extend_from_slice(call.prefer);
    let mut request = http
        .request(call.method.clone(), url)
        .bearer_auth(token.expose())
        .header("Prefer", prefer.join(", "));
    if let Some(json) = call.json {
        request = request.json(json);
    }
    let response = request.send().await.map_err(|e| GraphError::Unreachable {
        url: url.split('?').next().unwrap_or(url).to_owned(),
        detail: describe(&e),
    })?;
    let status = response.status();
    let retry_after = response
        .headers()
        .get("Retry-After")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok());
    let body = response.text().await.map_err(|e| GraphError::Unreachable {
        url: url.split('?').next().unwrap_or(url).to_owned(),
        detail: describe(&e),
    })?;
    Ok((status, retry_after, body))
}

/// GETs `url` with `token` (for `/me` at pairing, before the identity exists).
async fn get_raw(
    http: &reqwest::Client,
    url: &str,
    token: &Secret,
) -> Result<(reqwest::StatusCode, Option<u64>, String), GraphError> {
    let call = Call {
        method: reqwest::Method::GET,
        url,
        json: None,
        prefer: &[],
    };
    send_raw(http, &call, token).await
}

fn parse<T: DeserializeOwned>(url: &str, body: &str) -> Result<T, GraphError> {
    serde_json::from_str(body).map_err(|e| GraphError::Protocol {
        url: url.split('?').next().unwrap_or(url).to_owned(),
        detail: e.to_string(),
    })
}

/// Outlook allows four concurrent requests per mailbox.
pub const MAX_IN_FLIGHT_PER_MAILBOX: usize = 4;

/// What is known of one mailbox's limits: the requests in flight and a running `Retry-After`.
struct Gate {
    permits: Arc<Semaphore>,
    not_before: Mutex<Option<Instant>>,
}

/// The gates of every mailbox this process talks to (all Graph clients share them).
fn gate(mailbox: &str) -> Arc<Gate> {
    static GATES: OnceLock<Mutex<HashMap<String, Arc<Gate>>>> = OnceLock::new();
    let gates = GATES.get_or_init(|| Mutex::new(HashMap::new()));
    let mut gates = gates.lock().unwrap_or_else(|e| e.into_inner());
    gates
        .entry(mailbox.to_ascii_lowercase())
        .or_insert_with(|| {
            Arc::new(Gate {
                permits: Arc::new(Semaphore::new(MAX_IN_FLIGHT_PER_MAILBOX)),
                not_before: Mutex::new(None),
            })
        })
        .clone()
}

/// The mailbox a Graph URL addresses: the segment after `/users/`, else the signed-in user;
/// with the service's host, as limits are per service.
pub fn mailbox_of(url: &str) -> String {
    let path = url.split('?').next().unwrap_or(url);
    let host = path
        .split_once("://")
        .map_or("", |(_, rest)| rest.split('/').next().unwrap_or(""));
    match path.split_once("/users/") {
        Some((_, rest)) => format!("{host} {}", rest.split('/').next().unwrap_or(rest)),
        None => format!("{host} me"),
    }
}

/// A Graph client acting as `identity`.
#[derive(Clone)]
pub struct Graph {
    http: reqwest::Client,
    base: String,
    identity: Arc<dyn Identity>,
}

impl Graph {
    pub fn new(http: reqwest::Client, base: &str, identity: Arc<dyn Identity>) -> Graph {
        Graph {
            http,
            base: base.trim_end_matches('/').to_owned(),
            identity,
        }
    }

    pub fn identity(&self) -> &Arc<dyn Identity> {
        &self.identity
    }

    fn url(&self, path: &str) -> String {
        if path.starts_with("http") {
            path.to_owned()
        } else {
            format!("{}{path}", self.base)
        }
    }

    /// GET `path` (relative to the Graph base URL, or a full `@odata.nextLink`). A 401 renews
    /// the token once and retries once.
    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, GraphError> {
        self.get_with(path, &[]).await
    }

    /// GET with extra `Prefer` values (e.g. `odata.maxpagesize=50`).
    pub async fn get_with<T: DeserializeOwned>(
        &self,
        path: &str,
        prefer: &[&str],
    ) -> Result<T, GraphError> {
        let url = self.url(path);
        let call = Call {
            method: reqwest::Method::GET,
            url: &url,
            json: None,
            prefer,
        };
        let body = self.send(&call).await?;
        parse(&url, &body)
    }

    /// Sends `method` to `path` with a JSON body; the answer's body (may be empty).
    pub async fn send_json(
        &self,
        method: reqwest::Method,
        path: &str,
        json: Option<&serde_json::Value>,
    ) -> Result<String, GraphError> {
        let url = self.url(path);
        let call = Call {
            method,
            url: &url,
            json,
            prefer: &[],
        };
        self.send(&call).await
    }

    /// Sends one call within its mailbox's limits: waits for one of the four slots; refuses at
    /// once while a `Retry-After` runs (the caller tries again later); starts one when asked.
    async fn send(&self, call: &Call<'_>) -> Result<String, GraphError> {
        let gate = gate(&mailbox_of(call.url));
        let waiting = gate
            .not_before
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .and_then(|t| t.checked_duration_since(Instant::now()));
        if let Some(left) = waiting {
            return Err(GraphError::Throttled(left.as_secs().max(1)));
        }
        let _slot =
            gate.permits
                .clone()
                .acquire_owned()
                .await
                .map_err(|_| GraphError::Unreachable {
                    url: call.url.to_owned(),
                    detail: "the client is shutting down".to_owned(),
                })?;
        let token = self.identity.token().await?;
        let (mut status, mut retry_after, mut body) = send_raw(&self.http, call, &token).await?;
        if status == reqwest::StatusCode::UNAUTHORIZED {
            tracing::info!("Graph refused the access token; renewing it once");
            let renewed = self.identity.renew(token).await?;
            (status, retry_after, body) = send_raw(&self.http, call, &renewed).await?;
        }
        if !status.is_success() {
            let err = error_for(call.url, status, retry_after, &body);
            if let GraphError::Throttled(seconds) = err {
                tracing::warn!(
                    mailbox = %mailbox_of(call.url),
                    "Graph asks to wait {seconds} s (HTTP {status})"
                );
                *gate.not_before.lock().unwrap_or_else(|e| e.into_inner()) =
                    Some(Instant::now() + StdDuration::from_secs(seconds));
            }
            return Err(err);
        }
        Ok(body)
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Me {
    user_principal_name: Option<String>,
    mail: Option<String>,
    display_name: Option<String>,
}

/// Who `token` belongs to (`GET /me`).
pub async fn me(
    http: &reqwest::Client,
    graph_url: &str,
    token: &Secret,
) -> Result<Account, GraphError> {
    let url = format!("{}/me", graph_url.trim_end_matches('/'));
    let (status, retry_after, body) = get_raw(http, &url, token).await?;
    if !status.is_success() {
        return Err(error_for(&url, status, retry_after, &body));
    }
    let me: Me = parse(&url, &body)?;
    Ok(me.into())
}

impl From<Me> for Account {
    fn from(me: Me) -> Account {
        Account {
            username: me
                .user_principal_name
                .or(me.mail)
                .unwrap_or_else(|| "(unknown account)".to_owned()),
            display_name: me.display_name,
        }
    }
}

/// Who the identity is (`GET /me`), through the renewing client.
pub async fn whoami(graph: &Graph) -> Result<Account, GraphError> {
    let me: Me = graph.get("/me").await?;
    Ok(me.into())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PlacesPage {
    value: Vec<PlaceRoom>,
    #[serde(rename = "@odata.nextLink")]
    next_link: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PlaceRoom {
    email_address: Option<String>,
    display_name: Option<String>,
    building: Option<String>,
    floor_number: Option<i64>,
    floor_label: Option<String>,
    capacity: Option<u32>,
}

/// Every room in the Places directory (`GET /places/microsoft.graph.room`, all pages), sorted
/// by building, floor and name. Rooms without an address are left out: they cannot be booked.
pub async fn rooms(graph: &Graph) -> Result<Vec<crate::core::rooms::RoomChoice>, GraphError> {
    let mut out = Vec::new();
    let mut next = Some("/places/microsoft.graph.room?$top=100".to_owned());
    let mut pages = 0;
    while let Some(url) = next.take() {
        let page: PlacesPage = graph.get(&url).await?;
        out.extend(page.value.into_iter().filter_map(|r| {
            let email = r.email_address.filter(|e| !e.is_empty())?;
            Some(crate::core::rooms::RoomChoice {
                name: r.display_name.unwrap_or_else(|| email.clone()),
                email,
                building: r.building,
                floor: r.floor_label.or(r.floor_number.map(|n| n.to_string())),
                capacity: r.capacity,
            })
        }));
        pages += 1;
        // A directory of 100,000 rooms is a bug somewhere, not a reason to loop forever.
        if pages < 1000 {
            next = page.next_link;
        }
    }
    Ok(crate::core::rooms::sorted(out))
}

/// The room's display name from the Places directory (`GET /places/{address}`).
pub async fn room_name(graph: &Graph, mailbox: &str) -> Result<String, GraphError> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Place {
        display_name: Option<String>,
    }
    let place: Place = graph.get(&format!("/places/{mailbox}")).await?;
    Ok(place.display_name.unwrap_or_else(|| mailbox.to_owned()))
}
