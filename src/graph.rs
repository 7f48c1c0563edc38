//! Microsoft Graph over HTTPS: one client for every call, with the access token from the
//! [`Identity`], one token renewal and retry on 401, and Graph's error bodies in words with the
//! setting to fix.

use std::sync::Arc;
use std::time::Duration as StdDuration;

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
    #[error("Microsoft Graph is throttling requests; retry after {0} s")]
    Throttled(u64),
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
    match status.as_u16() {
        429 | 503 if retry_after.is_some() => GraphError::Throttled(retry_after.unwrap_or(30)),
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

/// GETs `url` with `token`; the status, Retry-After and body.
async fn get_raw(
    http: &reqwest::Client,
    url: &str,
    token: &Secret,
) -> Result<(reqwest::StatusCode, Option<u64>, String), GraphError> {
    let response = http
        .get(url)
        .bearer_auth(token.expose())
        .header("Prefer", "outlook.timezone=\"UTC\"")
        .send()
        .await
        .map_err(|e| GraphError::Unreachable {
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
        url: url.to_owned(),
        detail: describe(&e),
    })?;
    Ok((status, retry_after, body))
}

fn parse<T: DeserializeOwned>(url: &str, body: &str) -> Result<T, GraphError> {
    serde_json::from_str(body).map_err(|e| GraphError::Protocol {
        url: url.split('?').next().unwrap_or(url).to_owned(),
        detail: e.to_string(),
    })
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

    /// GET `path` (relative to the Graph base URL, or a full `@odata.nextLink`). A 401 renews
    /// the token once and retries once.
    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, GraphError> {
        let url = if path.starts_with("http") {
            path.to_owned()
        } else {
            format!("{}{path}", self.base)
        };
        let token = self.identity.token().await?;
        let (mut status, mut retry_after, mut body) = get_raw(&self.http, &url, &token).await?;
        if status == reqwest::StatusCode::UNAUTHORIZED {
            tracing::info!("Graph refused the access token; renewing it once");
            let renewed = self.identity.renew(token).await?;
            (status, retry_after, body) = get_raw(&self.http, &url, &renewed).await?;
        }
        if !status.is_success() {
            return Err(error_for(&url, status, retry_after, &body));
        }
        parse(&url, &body)
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
