//! Microsoft Graph over HTTPS: one client for every call, with the access token from the
//! [`Identity`], one token renewal and retry on 401, Graph's error bodies in words with the
//! setting to fix, and Outlook's limits kept per mailbox: at most four requests in flight, and
//! nothing sent while a `Retry-After` runs (at most ten minutes, whatever the server asks).
//!
//! The access token goes to the configured Graph origin only (scheme, host and port): a link
//! Graph hands back (`@odata.nextLink`, `@odata.deltaLink`) that points anywhere else is refused
//! before anything is sent. Answers are read up to [`limits::GRAPH_BODY_BYTES`], and paged
//! listings follow each link once and at most a fixed number of pages ([`Paging`]).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration as StdDuration;

use tokio::sync::Semaphore;
use tokio::time::Instant;

use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::limits;
use crate::microsoft::identity::oauth::{http_error_words, AuthError};
use crate::microsoft::identity::store::Account;
use crate::microsoft::identity::Identity;
use crate::secret::Secret;

/// The HTTP client every Microsoft call goes through: rustls, timeouts, our User-Agent.
pub fn http_client() -> reqwest::Client {
    // ring is the one TLS crypto provider compiled in; installing it twice is harmless.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .user_agent(concat!("roomsign/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(StdDuration::from_secs(10))
        .timeout(StdDuration::from_secs(30))
        // A redirect is followed only within the origin it came from: nothing of a call (its
        // path names the room, its headers may carry a token) goes anywhere else that way.
        .redirect(reqwest::redirect::Policy::custom(|attempt| {
            let same = attempt
                .previous()
                .first()
                .is_some_and(|first| first.origin() == attempt.url().origin());
            if same && attempt.previous().len() <= 10 {
                attempt.follow()
            } else {
                attempt.stop()
            }
        }))
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
    #[error("Microsoft Graph is throttling requests and asks to wait; retrying after {0} s")]
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
    /// A link from Graph that was not followed: to another origin, one already followed in the
    /// same listing, or past the most pages a listing may have. Nothing was sent for it; the
    /// listing starts again from its beginning later.
    #[error("Microsoft Graph sent a link that was not followed: {detail}")]
    Link { detail: String },
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
            | GraphError::Protocol { .. }
            | GraphError::Link { .. } => true,
            GraphError::Auth(e) => e.is_transient(),
            // A redirect that was not followed (elsewhere: a captive portal, a proxy) is the
            // network's trouble, not a setting.
            GraphError::Other { status, .. } => {
                *status >= 500 || *status == 408 || (300..400).contains(status)
            }
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
    retry_after: Option<StdDuration>,
    body: &str,
) -> GraphError {
    // Already within limits::SERVER_WAIT (1 s to 10 min).
    let retry_after = retry_after.map(|d| d.as_secs().max(1));
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
                "Exchange Online limits this app to some mailboxes (RBAC for Applications, or an older ApplicationAccessPolicy): add the room and the booking account to the scope's group and check with Test-ServicePrincipalAuthorization; changes take up to two hours.".to_owned()
            } else if code == "ErrorAccessDenied" {
                "Give the signed-in account access to the room's calendar (Add-MailboxFolderPermission {room}:\\Calendar -User {account} -AccessRights Reviewer), and check the app's Graph permissions have admin consent in Entra ID; app-only, the room must be in the app's RBAC for Applications scope (Test-ServicePrincipalAuthorization).".to_owned()
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

/// What came back: the status, the wait asked for (within [`limits::SERVER_WAIT`]) and the body.
type Answer = (reqwest::StatusCode, Option<StdDuration>, String);

/// Sends `call` with `token`; the status, Retry-After and body (at most
/// [`limits::GRAPH_BODY_BYTES`]).
async fn send_raw(
    http: &reqwest::Client,
    call: &Call<'_>,
    token: &Secret,
) -> Result<Answer, GraphError> {
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
    let sent = request.send().await;
    let answered = sent.as_ref().ok().map(|r| {
        let waits = r.headers().contains_key("Retry-After");
        (r.status().as_u16(), waits)
    });
    crate::metrics::counters::graph_request(call.method.as_str(), url, answered);
    let response = sent.map_err(|e| GraphError::Unreachable {
        url: url.split('?').next().unwrap_or(url).to_owned(),
        detail: http_error_words(&e),
    })?;
    let status = response.status();
    let retry_after = response
        .headers()
        .get("Retry-After")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| limits::retry_after(v, chrono::Utc::now()));
    let body = limits::body(response, limits::GRAPH_BODY_BYTES)
        .await
        .map_err(|e| match e {
            limits::BodyError::TooLarge { limit } => GraphError::Protocol {
                url: url.split('?').next().unwrap_or(url).to_owned(),
                detail: format!(
                    "the answer from Microsoft Graph is larger than {} MiB",
                    limit / (1024 * 1024)
                ),
            },
            limits::BodyError::Http(e) => GraphError::Unreachable {
                url: url.split('?').next().unwrap_or(url).to_owned(),
                detail: http_error_words(&e),
            },
        })?;
    Ok((status, retry_after, body))
}

/// GETs `url` with `token` (for `/me` at pairing, before the identity exists).
async fn get_raw(http: &reqwest::Client, url: &str, token: &Secret) -> Result<Answer, GraphError> {
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

/// Whether `link` may carry the access token of a client for `base`: an absolute http(s) URL
/// with the same origin (scheme, host and port, compared parsed: `graph.microsoft.com.evil.com`,
/// `graph.microsoft.com@evil.com`, another port or plain http are all elsewhere) and no user
/// name or password in it.
pub fn same_origin(base: &str, link: &str) -> bool {
    let (Ok(base), Ok(link)) = (reqwest::Url::parse(base), reqwest::Url::parse(link)) else {
        return false;
    };
    matches!(link.scheme(), "https" | "http")
        && link.username().is_empty()
        && link.password().is_none()
        && link.origin() == base.origin()
}

/// The most pages one listing of the Places directory may have (100 rooms a page).
pub const MAX_PLACES_PAGES: usize = 100;

/// The links of one paged listing: each is followed once, and at most `max_pages` pages, so a
/// `@odata.nextLink` that points to itself or goes round in a circle costs a request or two,
/// not hundreds.
pub struct Paging {
    seen: std::collections::HashSet<String>,
    max_pages: usize,
}

impl Paging {
    pub fn new(max_pages: usize) -> Paging {
        Paging {
            seen: std::collections::HashSet::new(),
            max_pages,
        }
    }

    /// Call before asking for `path` (relative to the Graph base, or a link from Graph): refused
    /// when it was followed already in this listing, or the listing has had its pages.
    pub fn visit(&mut self, graph: &Graph, path: &str) -> Result<(), GraphError> {
        let url = graph.url(path);
        let url = reqwest::Url::parse(&url).map_or(url, String::from);
        if self.seen.len() >= self.max_pages {
            return Err(GraphError::Link {
                detail: format!("a listing of more than {} pages", self.max_pages),
            });
        }
        if !self.seen.insert(url) {
            return Err(GraphError::Link {
                detail: "the next page is one already read (the pages go round in a circle)"
                    .to_owned(),
            });
        }
        Ok(())
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

    /// The URL of `path`: relative to the Graph base when it starts with `/`, else taken as a
    /// link from Graph (checked by [`Graph::check_link`] before anything is sent to it).
    fn url(&self, path: &str) -> String {
        if path.starts_with('/') {
            format!("{}{path}", self.base)
        } else {
            path.to_owned()
        }
    }

    /// Refuses a link that points away from the configured Graph origin.
    pub fn check_link(&self, link: &str) -> Result<(), GraphError> {
        if same_origin(&self.base, link) {
            return Ok(());
        }
        let elsewhere = reqwest::Url::parse(link)
            .map(|u| limits::printable(&u.origin().ascii_serialization()))
            .unwrap_or_else(|_| "a link that is not a URL".to_owned());
        Err(GraphError::Link {
            detail: format!(
                "it points to {elsewhere}, not to {}; the access token is sent only to Microsoft Graph",
                limits::printable(&self.base)
            ),
        })
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
        let body = self.get_text_with(path, prefer).await?;
        parse(&self.url(path), &body)
    }

    /// GET with extra `Prefer` values; the answer's body as text, for a caller that parses it.
    pub async fn get_text_with(&self, path: &str, prefer: &[&str]) -> Result<String, GraphError> {
        let url = self.url(path);
        let call = Call {
            method: reqwest::Method::GET,
            url: &url,
            json: None,
            prefer,
        };
        self.send(&call).await
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
        // The one place a token leaves: never to another origin.
        self.check_link(call.url)?;
        let gate = gate(&mailbox_of(call.url));
        let waiting = gate
            .not_before
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .and_then(|t| t.checked_duration_since(Instant::now()));
        if let Some(left) = waiting {
            crate::metrics::counters::graph_throttled(call.method.as_str(), call.url);
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
                *gate.not_before.lock().unwrap_or_else(|e| e.into_inner()) = Some(
                    limits::instant_after(limits::SERVER_WAIT.clamp(i128::from(seconds))),
                );
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

/// [`me`] in the shape pairing asks for (`identity::pairing::WhoAmI`): who a fresh token
/// belongs to, the error in words.
#[allow(clippy::type_complexity)]
pub fn who_am_i(
    http: reqwest::Client,
    graph_url: String,
) -> impl Fn(
    Secret,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<Account, String>> + Send>>
       + Sync {
    move |token| {
        let http = http.clone();
        let url = graph_url.clone();
        Box::pin(async move { me(&http, &url, &token).await.map_err(|e| e.to_string()) })
    }
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
    let mut paging = Paging::new(MAX_PLACES_PAGES);
    while let Some(url) = next.take() {
        paging.visit(graph, &url)?;
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
        next = page.next_link;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_goes_to_the_graph_origin_only() {
        let base = "https://graph.microsoft.com/v1.0";
        for ok in [
            "https://graph.microsoft.com/v1.0/users/x/calendarView/delta?$skiptoken=1",
            "https://GRAPH.microsoft.com:443/v1.0/me",
            "https://graph.microsoft.com/beta/me",
        ] {
            assert!(same_origin(base, ok), "{ok}");
        }
        for elsewhere in [
            "https://graph.microsoft.com.evil.com/v1.0/me",
            "https://graph.microsoft.com@evil.com/v1.0/me",
            "https://user:pw@graph.microsoft.com/v1.0/me",
            "https://graph.microsoft.com:8443/v1.0/me",
            "http://graph.microsoft.com/v1.0/me",
            "ftp://graph.microsoft.com/v1.0/me",
            "//evil.com/v1.0/me",
            "graph.microsoft.com/v1.0/me",
            "",
        ] {
            assert!(!same_origin(base, elsewhere), "{elsewhere}");
        }
        let local = "http://127.0.0.1:4000/v1.0";
        assert!(same_origin(local, "http://127.0.0.1:4000/v1.0/me"));
        assert!(!same_origin(local, "http://127.0.0.1:4001/v1.0/me"));
        assert!(!same_origin(local, "http://localhost:4000/v1.0/me"));
    }

    type Tokens<'a> =
        std::pin::Pin<Box<dyn std::future::Future<Output = Result<Secret, AuthError>> + Send + 'a>>;

    struct NoIdentity;

    impl Identity for NoIdentity {
        fn token(&self) -> Tokens<'_> {
            Box::pin(async { Err(AuthError::NotPaired) })
        }
        fn renew(&self, _: Secret) -> Tokens<'_> {
            Box::pin(async { Err(AuthError::NotPaired) })
        }
        fn expires_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
            None
        }
    }

    #[test]
    fn a_listing_follows_each_link_once_and_a_bounded_number_of_pages() {
        let graph = Graph::new(
            http_client(),
            "https://graph.microsoft.com/v1.0",
            Arc::new(NoIdentity),
        );
        let mut paging = Paging::new(3);
        paging
            .visit(&graph, "/places/microsoft.graph.room")
            .unwrap();
        // The same page as an absolute link is the same page.
        let again = paging.visit(
            &graph,
            "https://graph.microsoft.com/v1.0/places/microsoft.graph.room",
        );
        assert!(matches!(again, Err(GraphError::Link { .. })), "{again:?}");
        paging.visit(&graph, "/places?$skip=1").unwrap();
        paging.visit(&graph, "/places?$skip=2").unwrap();
        let fourth = paging.visit(&graph, "/places?$skip=3");
        assert!(matches!(fourth, Err(GraphError::Link { .. })), "{fourth:?}");
    }
}
