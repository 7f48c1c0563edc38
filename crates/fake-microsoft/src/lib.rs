//! A stand-in for Microsoft's identity platform and Graph on 127.0.0.1, speaking real HTTP with
//! Microsoft's response shapes and error bodies. Tests script it; `cargo run --example
//! fake_microsoft` starts it by hand for a manual run of the real code path.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What the token endpoint answers to polls of one device code, in order; the last repeats.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PollAnswer {
    Pending,
    SlowDown,
    Declined,
    Expired,
    Grant,
}

#[derive(Debug)]
pub struct State {
    pub tenant: String,
    pub client_id: String,
    pub client_secret: String,
    /// Certificates uploaded for the app (DER): a client assertion signed with one's key is
    /// accepted while it is valid.
    pub certificates: Vec<Vec<u8>>,
    /// The token endpoint's URL, a client assertion's audience.
    pub token_url: String,
    /// Answers for each new device code, in order of issue.
    pub scripts: VecDeque<Vec<PollAnswer>>,
    /// The answers left for each issued device code.
    pub codes: HashMap<String, VecDeque<PollAnswer>>,
    pub device_interval: u64,
    pub device_expires_in: u64,
    pub access_expires_in: i64,
    /// Refresh tokens that still work (rotation removes the old one).
    pub refresh_tokens: Vec<String>,
    pub access_tokens: Vec<String>,
    /// Every secret value this server handed out or accepted: no log may contain one.
    pub secrets: Vec<String>,
    /// The next Graph calls answer 401 whatever the token (revocation).
    pub graph_401s: u32,
    pub requests: Vec<Request>,
    pub counter: u64,
    pub user: (String, String),
    /// Refresh answers `temporarily_unavailable` this many times first.
    pub refresh_unavailable: u32,
    /// Fields laid over every device code answer (a hostile or broken service's values).
    pub device_answer: serde_json::Map<String, serde_json::Value>,
    /// While set, every refresh and client-credentials request is refused this way.
    pub token_refusal: Option<TokenRefusal>,
    /// While set, every device code request is refused this way (a tenant that blocks the flow).
    pub device_code_refusal: Option<TokenRefusal>,
    /// While set, every device code poll is refused this way (a policy met at sign-in).
    pub poll_refusal: Option<TokenRefusal>,
    /// Delay before answering a refresh (to make concurrent callers overlap).
    pub refresh_delay: Duration,
    /// Room calendars by mailbox (lower case).
    pub calendars: HashMap<String, RoomCalendar>,
    /// Delta tokens issued before this version answer 410 `syncStateNotFound`.
    pub delta_valid_from: u64,
    /// `calendarView/delta` answers 400, as for a mailbox where delta is refused.
    pub delta_refused: bool,
    /// Page size when the client does not ask for one.
    pub page_size: usize,
    /// What the next calendar requests meet, in order (one fault per request).
    pub faults: VecDeque<Fault>,
    /// Calendar requests in flight now, and the most seen at once.
    pub in_flight: usize,
    pub most_in_flight: usize,
    /// The server refuses connections (as if it were down) while set.
    pub down: bool,
    /// Events in the booking account's calendar (door bookings), by id.
    pub owner_events: BTreeMap<String, OwnerEvent>,
    /// How the rooms' booking attendant answers, and after how long.
    pub attendant: Attendant,
    pub attendant_delay: Duration,
    /// Rooms' copies declined through `/users/{room}/events/{id}/decline`: (room, id, comment).
    pub declines: Vec<(String, String, String)>,
    /// What the next requests to `/events` meet, in order.
    pub event_faults: VecDeque<Fault>,
    /// Times the attendant finds taken that no calendar read shows yet (someone else booked
    /// a moment ago): (room, start, end) as "2026-11-23T10:00".
    pub unseen_bookings: Vec<(String, String, String)>,
    /// Added to every answer, as a network round trip.
    pub round_trip: Duration,
    /// Every page of the Places directory carries this `@odata.nextLink` (`{base}` as for
    /// [`Fault::NextLink`]) instead of its own.
    pub places_next_link: Option<String>,
    /// Access tokens issued to the app itself (client credentials): app-only.
    pub app_tokens: Vec<String>,
    /// Check-ins recorded through `POST /places/{room}/checkIns`: (room, the `checkInClaim`).
    pub check_ins: Vec<(String, serde_json::Value)>,
    /// The stand-in's time for the rooms' own auto-release (`None`: no auto-release runs).
    pub now: Option<chrono::DateTime<chrono::Utc>>,
    /// Rooms that release no-shows themselves, as Exchange does with `EnableAutoRelease`:
    /// mailbox (lower case) → minutes after the start (`PostReservationMaxClaimTimeInMinutes`).
    pub auto_release: HashMap<String, i64>,
    /// Meetings the rooms released themselves (room, event id): one notice to the organizer each.
    pub auto_releases: Vec<(String, String)>,
}

/// A room's booking attendant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attendant {
    /// Accepts when the room is free, declines on a conflict (Exchange's default).
    Auto,
    /// Never answers (the request waits for a delegate).
    Silent,
}

/// A door booking in the booking account's calendar.
#[derive(Debug, Clone)]
pub struct OwnerEvent {
    pub json: serde_json::Value,
    pub room: String,
    /// When the attendant answers (None: it has).
    pub answer_at: Option<Instant>,
    /// The room's copy in its calendar, once accepted.
    pub room_copy: Option<String>,
    /// Single-value extended properties set at creation (`{id, value}`): kept, returned only
    /// with `$expand`, matched by `$filter`, as Graph does.
    pub extended: Vec<serde_json::Value>,
}

/// A room's calendar: every event with the version that last changed it.
#[derive(Debug, Default)]
pub struct RoomCalendar {
    pub events: BTreeMap<String, StoredEvent>,
    pub version: u64,
}

#[derive(Debug, Clone)]
pub struct StoredEvent {
    pub json: serde_json::Value,
    pub changed: u64,
    pub deleted: bool,
}

/// How the token endpoint refuses a refresh or an app token, as the identity platform does.
#[derive(Clone, Debug)]
pub struct TokenRefusal {
    pub status: u16,
    pub body: String,
    pub retry_after: Option<String>,
}

impl TokenRefusal {
    /// An OAuth error body with Microsoft's fields: `error`, `error_description` (AADSTS text,
    /// trace and correlation ids), `error_codes`, `timestamp`, `trace_id`, `correlation_id`.
    pub fn oauth(status: u16, error: &str, aadsts: u32, text: &str) -> TokenRefusal {
        TokenRefusal {
            status,
            body: oauth_error(error, aadsts, text),
            retry_after: None,
        }
    }

    /// Conditional Access asks for multi-factor authentication (AADSTS50076).
    pub fn mfa() -> TokenRefusal {
        TokenRefusal::oauth(
            400,
            "interaction_required",
            50076,
            "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '00000003-0000-0000-c000-000000000000'.",
        )
    }

    /// A Conditional Access policy blocks the sign-in (AADSTS53003).
    pub fn blocked() -> TokenRefusal {
        TokenRefusal::oauth(
            400,
            "invalid_grant",
            53003,
            "Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.",
        )
    }

    /// Security defaults block the device code flow (AADSTS530035), as every tenant made since
    /// July 2026 does.
    pub fn device_code_blocked() -> TokenRefusal {
        TokenRefusal::oauth(
            400,
            "invalid_request",
            530035,
            "Access has been blocked by security defaults. This is due to the request using legacy auth or being deemed unsafe by security defaults policies.",
        )
    }

    /// A refresh of a device-code sign-in after a policy blocking the flow came into force
    /// (AADSTS530036, "protocol tracked").
    pub fn protocol_tracked() -> TokenRefusal {
        TokenRefusal::oauth(
            400,
            "invalid_grant",
            530036,
            "The refresh token is invalid due to authentication flow checks.",
        )
    }

    /// A refresh token unused for 90 days (AADSTS700082).
    pub fn unused_too_long() -> TokenRefusal {
        TokenRefusal::oauth(
            400,
            "invalid_grant",
            700082,
            "The refresh token has expired due to inactivity. The token was issued on 2026-05-01T09:00:00.0000000Z and was inactive for 90.00:00:00.",
        )
    }

    /// The password changed or the sessions were revoked (AADSTS50173).
    pub fn password_changed() -> TokenRefusal {
        TokenRefusal::oauth(
            400,
            "invalid_grant",
            50173,
            "The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.",
        )
    }

    /// A sign-in frequency policy (AADSTS70043).
    pub fn sign_in_frequency() -> TokenRefusal {
        TokenRefusal::oauth(
            400,
            "invalid_grant",
            70043,
            "The refresh token has expired or is invalid due to sign-in frequency checks by conditional access.",
        )
    }

    /// Consent missing for the app's permissions (AADSTS65001).
    pub fn consent_missing() -> TokenRefusal {
        TokenRefusal::oauth(
            400,
            "invalid_grant",
            65001,
            "The user or administrator has not consented to use the application. Send an interactive authorization request for this user and resource.",
        )
    }

    /// The room account is disabled (AADSTS50057).
    pub fn account_disabled() -> TokenRefusal {
        TokenRefusal::oauth(400, "invalid_grant", 50057, "The user account is disabled.")
    }

    /// 429 with `Retry-After`.
    pub fn throttled(retry_after: &str) -> TokenRefusal {
        TokenRefusal {
            status: 429,
            body: oauth_error(
                "temporarily_unavailable",
                50196,
                "The server terminated an operation because it encountered a client request loop.",
            ),
            retry_after: Some(retry_after.to_owned()),
        }
    }

    /// A 400 from something in the way that does not speak OAuth.
    pub fn not_oauth() -> TokenRefusal {
        TokenRefusal {
            status: 400,
            body: "<html><body><h1>Request blocked by the proxy</h1></body></html>".to_owned(),
            retry_after: None,
        }
    }
}

/// A fault for one calendar request.
#[derive(Debug, Clone)]
pub enum Fault {
    /// Answer this HTTP status with a Graph error body, and Retry-After if given.
    Status {
        status: u16,
        retry_after: Option<u64>,
        code: String,
        message: String,
    },
    /// Wait this long, then answer normally.
    Slow(Duration),
    /// Answer 200 with a body that is not JSON.
    Malformed,
    /// Answer 200 with JSON of the wrong shape.
    WrongShape,
    /// Close the connection without answering.
    Hangup,
    /// Answer this HTTP status with a Graph error body and this `Retry-After` header, as sent.
    RetryAfter { status: u16, header: String },
    /// Answer 200 with an empty page whose `@odata.nextLink` is this (`{base}` stands for the
    /// server's own `http://127.0.0.1:port`, `{self}` for the URL of the request itself).
    NextLink(String),
    /// Answer 200 with an empty last page whose `@odata.deltaLink` is this (`{base}` as above).
    DeltaLink(String),
    /// Answer 307 with this `Location` (`{base}` as above).
    Redirect(String),
    /// Answer 200 with a body of this many bytes (a page with a long run of spaces in it), with
    /// its Content-Length when `declared`, else streamed until the connection closes.
    Huge { bytes: usize, declared: bool },
}

/// A request as the server saw it.
#[derive(Clone, Debug)]
pub struct Request {
    pub method: String,
    pub path: String,
    /// Path and query, as sent.
    pub target: String,
    pub prefer: Option<String>,
    pub form: HashMap<String, String>,
    pub authorization: Option<String>,
    pub at: Instant,
}

pub struct FakeMicrosoft {
    pub base: String,
    pub state: Arc<Mutex<State>>,
}

impl FakeMicrosoft {
    pub fn start() -> FakeMicrosoft {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let state = Arc::new(Mutex::new(State {
            tenant: "contoso.onmicrosoft.com".to_owned(),
            client_id: "11111111-2222-3333-4444-555555555555".to_owned(),
            client_secret: "s3cr3t-value~from-entra".to_owned(),
            certificates: Vec::new(),
            token_url: format!("{base}/contoso.onmicrosoft.com/oauth2/v2.0/token"),
            scripts: VecDeque::new(),
            codes: HashMap::new(),
            device_interval: 1,
            device_expires_in: 900,
            access_expires_in: 3900,
            refresh_tokens: Vec::new(),
            access_tokens: Vec::new(),
            secrets: vec!["s3cr3t-value~from-entra".to_owned()],
            graph_401s: 0,
            requests: Vec::new(),
            counter: 0,
            user: ("roomsign@contoso.com".to_owned(), "Room Sign".to_owned()),
            refresh_unavailable: 0,
            token_refusal: None,
            device_code_refusal: None,
            poll_refusal: None,
            device_answer: serde_json::Map::new(),
            refresh_delay: Duration::ZERO,
            calendars: HashMap::new(),
            delta_valid_from: 0,
            delta_refused: false,
            page_size: 10,
            faults: VecDeque::new(),
            in_flight: 0,
            most_in_flight: 0,
            down: false,
            owner_events: BTreeMap::new(),
            attendant: Attendant::Auto,
            attendant_delay: Duration::from_millis(300),
            declines: Vec::new(),
            event_faults: VecDeque::new(),
            unseen_bookings: Vec::new(),
            round_trip: Duration::ZERO,
            places_next_link: None,
            app_tokens: Vec::new(),
            check_ins: Vec::new(),
            now: None,
            auto_release: HashMap::new(),
            auto_releases: Vec::new(),
        }));
        let shared = state.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                if shared.lock().expect("state").down {
                    // Reset at once: like a server that is not there.
                    drop(stream);
                    continue;
                }
                let shared = shared.clone();
                std::thread::spawn(move || {
                    let _ = serve(stream, &shared);
                });
            }
        });
        FakeMicrosoft { base, state }
    }

    pub fn authority_url(&self) -> String {
        self.base.clone()
    }

    pub fn graph_url(&self) -> String {
        format!("{}/v1.0", self.base)
    }

    pub fn with<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        f(&mut self.state.lock().expect("state"))
    }

    /// The next device code gets these answers.
    pub fn script(&self, answers: Vec<PollAnswer>) {
        self.with(|s| s.scripts.push_back(answers));
    }

    /// A valid refresh token, as if the panel had been paired.
    pub fn issue_refresh_token(&self) -> String {
        self.with(|s| {
            s.counter += 1;
            let t = format!(
                "rt-{}-{:x}",
                s.counter,
                0x9e37_79b9_u64.wrapping_mul(s.counter)
            );
            s.refresh_tokens.push(t.clone());
            s.secrets.push(t.clone());
            t
        })
    }

    pub fn requests(&self, path_part: &str) -> Vec<Request> {
        self.with(|s| {
            s.requests
                .iter()
                .filter(|r| r.path.contains(path_part))
                .cloned()
                .collect()
        })
    }

    /// Requests for a token by refresh token or client secret (refused ones too).
    pub fn token_requests(&self) -> usize {
        self.requests("/token")
            .iter()
            .filter(|r| {
                matches!(
                    r.form.get("grant_type").map(String::as_str),
                    Some("refresh_token") | Some("client_credentials")
                )
            })
            .count()
    }

    pub fn refreshes(&self) -> usize {
        self.requests("/token")
            .iter()
            .filter(|r| r.form.get("grant_type").map(String::as_str) == Some("refresh_token"))
            .count()
    }

    pub fn secrets(&self) -> Vec<String> {
        self.with(|s| s.secrets.clone())
    }

    /// A config file's [microsoft] table pointing at this server.
    pub fn config_table(&self) -> String {
        self.with(|s| {
            format!(
                "[microsoft]\ntenant = \"{}\"\nclient_id = \"{}\"\nauthority_url = \"{}\"\ngraph_url = \"{}/v1.0\"\n",
                s.tenant, s.client_id, self.base, self.base
            )
        })
    }
}

fn decode(s: &str) -> String {
    let s = s.replace('+', " ");
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn respond(
    stream: &mut TcpStream,
    status: u16,
    body: &str,
    extra: &[(&str, String)],
) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        429 => "Too Many Requests",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        410 => "Gone",
        503 => "Service Unavailable",
        _ => "Status",
    };
    let mut head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (k, v) in extra {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body.as_bytes())?;
    stream.flush()
}

fn oauth_error(error: &str, aadsts: u32, text: &str) -> String {
    serde_json::json!({
        "error": error,
        "error_description": format!("AADSTS{aadsts}: {text}\r\nTrace ID: 0000\r\nCorrelation ID: 1111\r\nTimestamp: 2026-11-23 09:00:00Z"),
        "error_codes": [aadsts],
        "timestamp": "2026-11-23 09:00:00Z",
        "trace_id": "0000",
        "correlation_id": "1111"
    })
    .to_string()
}

/// Checks a client assertion as the identity platform does: the certificate named by
/// `x5t#S256` is one uploaded for the app and still valid, the RS256 signature verifies with its
/// public key, `aud` is the token endpoint, `iss` and `sub` the client id, `nbf`/`exp` hold
/// now and the lifetime is at most ten minutes. `Err((status, body))` as Microsoft answers.
fn check_assertion(s: &State, assertion: &str) -> Result<(), (u16, String)> {
    use jsonwebtoken::{Algorithm, DecodingKey, Validation};
    let malformed = || {
        (
            401,
            oauth_error(
                "invalid_client",
                50027,
                "JWT token is invalid or malformed.",
            ),
        )
    };
    let header = jsonwebtoken::decode_header(assertion).map_err(|_| malformed())?;
    if !matches!(header.alg, Algorithm::RS256 | Algorithm::PS256) {
        return Err(malformed());
    }
    let wanted = header.x5t_s256.ok_or_else(malformed)?;
    let certificate = s.certificates.iter().find(|der| {
        let digest = sha256(der);
        base64url(&digest) == wanted
    });
    let Some(der) = certificate else {
        return Err((
            401,
            oauth_error(
                "invalid_client",
                700027,
                "The certificate with identifier used to sign the client assertion is not registered on application.",
            ),
        ));
    };
    let Ok((_, cert)) = x509_parser::parse_x509_certificate(der) else {
        return Err(malformed());
    };
    let now = chrono::Utc::now().timestamp();
    if cert.validity().not_after.timestamp() <= now {
        return Err((
            401,
            oauth_error(
                "invalid_client",
                700027,
                "Client assertion contains an invalid signature. [Reason - The key used is expired.]",
            ),
        ));
    }
    let key = DecodingKey::from_rsa_der(&cert.public_key().subject_public_key.data);
    let mut validation = Validation::new(header.alg);
    validation.set_audience(&[s.token_url.as_str()]);
    validation.set_issuer(&[s.client_id.as_str()]);
    validation.sub = Some(s.client_id.clone());
    validation.set_required_spec_claims(&["exp", "nbf", "aud", "iss", "sub"]);
    validation.validate_nbf = true;
    validation.leeway = 60;
    match jsonwebtoken::decode::<serde_json::Value>(assertion, &key, &validation) {
        Ok(data) => {
            let claim = |k: &str| data.claims.get(k).and_then(serde_json::Value::as_i64);
            match (claim("nbf"), claim("exp"), data.claims.get("jti")) {
                (Some(nbf), Some(exp), Some(_)) if exp - nbf <= 600 => Ok(()),
                _ => Err((
                    401,
                    oauth_error(
                        "invalid_client",
                        700024,
                        "Client assertion is not within its valid time range.",
                    ),
                )),
            }
        }
        Err(err) => Err(match err.kind() {
            jsonwebtoken::errors::ErrorKind::InvalidSignature => (
                401,
                oauth_error(
                    "invalid_client",
                    700027,
                    "Client assertion contains an invalid signature.",
                ),
            ),
            jsonwebtoken::errors::ErrorKind::ExpiredSignature
            | jsonwebtoken::errors::ErrorKind::ImmatureSignature => (
                401,
                oauth_error(
                    "invalid_client",
                    700024,
                    "Client assertion is not within its valid time range.",
                ),
            ),
            jsonwebtoken::errors::ErrorKind::InvalidAudience => (
                401,
                oauth_error(
                    "invalid_client",
                    700212,
                    "No matching federated identity record found for presented assertion audience.",
                ),
            ),
            _ => malformed(),
        }),
    }
}

fn sha256(bytes: &[u8]) -> Vec<u8> {
    ring::digest::digest(&ring::digest::SHA256, bytes)
        .as_ref()
        .to_vec()
}

fn base64url(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn graph_error(code: &str, message: &str) -> String {
    serde_json::json!({ "error": { "code": code, "message": message, "innerError": { "request-id": "r", "date": "2026-11-23T09:00:00" } } }).to_string()
}

fn serve(mut stream: TcpStream, shared: &Arc<Mutex<State>>) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_owned();
    let target = parts.next().unwrap_or("").to_owned();
    let mut length = 0usize;
    let mut authorization = None;
    let mut prefer = None;
    loop {
        let mut header = String::new();
        reader.read_line(&mut header)?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((k, v)) = header.split_once(':') {
            match k.trim().to_ascii_lowercase().as_str() {
                "content-length" => length = v.trim().parse().unwrap_or(0),
                "authorization" => authorization = Some(v.trim().to_owned()),
                "prefer" => prefer = Some(v.trim().to_owned()),
                _ => {}
            }
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let body = String::from_utf8_lossy(&body).into_owned();
    let form: HashMap<String, String> = body
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (decode(k), decode(v)))
        .collect();
    let path = target.split('?').next().unwrap_or("").to_owned();
    let request = Request {
        method: method.clone(),
        path: path.clone(),
        target: target.clone(),
        prefer: prefer.clone(),
        form: form.clone(),
        authorization: authorization.clone(),
        at: Instant::now(),
    };
    let round_trip = {
        let mut s = shared.lock().expect("state");
        s.requests.push(request);
        s.round_trip
    };
    if !round_trip.is_zero() {
        std::thread::sleep(round_trip);
    }

    let tenant = shared.lock().expect("state").tenant.clone();
    let oauth = format!("/{tenant}/oauth2/v2.0/");
    if method == "POST" && path == format!("{oauth}devicecode") {
        let mut s = shared.lock().expect("state");
        if let Some(refusal) = s.device_code_refusal.clone() {
            drop(s);
            return respond(&mut stream, refusal.status, &refusal.body, &[]);
        }
        if form.get("client_id") != Some(&s.client_id) {
            let body = oauth_error(
                "invalid_client",
                700016,
                "Application with identifier was not found in the directory.",
            );
            drop(s);
            return respond(&mut stream, 400, &body, &[]);
        }
        s.counter += 1;
        let n = s.counter;
        let device_code = format!("dc-{n}-GAQABAAEAAAD");
        let user_code = format!("AB{n:02}CDEF");
        let script = s
            .scripts
            .pop_front()
            .unwrap_or_else(|| vec![PollAnswer::Pending, PollAnswer::Grant]);
        s.codes.insert(device_code.clone(), script.into());
        s.secrets.push(device_code.clone());
        let mut body = serde_json::json!({
            "user_code": user_code,
            "device_code": device_code,
            "verification_uri": "https://microsoft.com/devicelogin",
            "expires_in": s.device_expires_in,
            "interval": s.device_interval,
            "message": format!("To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code {user_code} to authenticate.")
        });
        if let Some(fields) = body.as_object_mut() {
            for (k, v) in &s.device_answer {
                fields.insert(k.clone(), v.clone());
            }
        }
        let body = body.to_string();
        drop(s);
        return respond(&mut stream, 200, &body, &[]);
    }
    if method == "POST" && path == format!("{oauth}token") {
        let grant = form.get("grant_type").cloned().unwrap_or_default();
        let delay = shared.lock().expect("state").refresh_delay;
        if grant == "refresh_token" && !delay.is_zero() {
            std::thread::sleep(delay);
        }
        let mut s = shared.lock().expect("state");
        if grant == "refresh_token" || grant == "client_credentials" {
            if let Some(refusal) = s.token_refusal.clone() {
                drop(s);
                let extra: Vec<(&str, String)> = refusal
                    .retry_after
                    .map(|r| ("Retry-After", r))
                    .into_iter()
                    .collect();
                return respond(&mut stream, refusal.status, &refusal.body, &extra);
            }
        }
        let issue = |s: &mut State, refresh: bool| {
            s.counter += 1;
            let n = s.counter;
            let access = format!("eyJ0eXAiOiJKV1QiLCJub25jZSI6-at-{n}");
            s.access_tokens.push(access.clone());
            s.secrets.push(access.clone());
            if !refresh {
                s.app_tokens.push(access.clone());
            }
            let mut body = serde_json::json!({
                "token_type": "Bearer",
                "scope": "Calendars.ReadWrite Calendars.ReadWrite.Shared Place.Read.All User.Read profile openid",
                "expires_in": s.access_expires_in,
                "ext_expires_in": s.access_expires_in,
                "access_token": access,
            });
            if refresh {
                let rt = format!("0.AQkA-rt-{n}-{:x}", 0x85eb_ca6b_u64.wrapping_mul(n));
                s.refresh_tokens.push(rt.clone());
                s.secrets.push(rt.clone());
                body["refresh_token"] = serde_json::Value::String(rt);
                body["id_token"] = serde_json::Value::String(format!("eyJ-id-{n}"));
            }
            body.to_string()
        };
        let (status, body) = match grant.as_str() {
            "urn:ietf:params:oauth:grant-type:device_code" if s.poll_refusal.is_some() => {
                let refusal = s.poll_refusal.clone().expect("checked");
                (refusal.status, refusal.body)
            }
            "urn:ietf:params:oauth:grant-type:device_code" => {
                let code = form.get("device_code").cloned().unwrap_or_default();
                match s.codes.get_mut(&code) {
                    None => (
                        400,
                        oauth_error(
                            "bad_verification_code",
                            70019,
                            "Verification code not recognized.",
                        ),
                    ),
                    Some(answers) => {
                        let answer = if answers.len() > 1 {
                            answers.pop_front()
                        } else {
                            answers.front().cloned()
                        };
                        match answer.unwrap_or(PollAnswer::Pending) {
                            PollAnswer::Pending => (400, oauth_error("authorization_pending", 70016, "OAuth 2.0 device flow error. Authorization is pending. Continue polling.")),
                            PollAnswer::SlowDown => (400, oauth_error("slow_down", 70016, "Polling too fast.")),
                            PollAnswer::Declined => (400, oauth_error("authorization_declined", 70020, "The end user denied the authorization request.")),
                            PollAnswer::Expired => (400, oauth_error("expired_token", 70020, "The provided value for the input parameter 'device_code' is not valid. This device code has expired.")),
                            PollAnswer::Grant => {
                                s.codes.remove(&code);
                                (200, issue(&mut s, true))
                            }
                        }
                    }
                }
            }
            "refresh_token" => {
                let rt = form.get("refresh_token").cloned().unwrap_or_default();
                if s.refresh_unavailable > 0 {
                    s.refresh_unavailable -= 1;
                    (
                        503,
                        oauth_error(
                            "temporarily_unavailable",
                            50011,
                            "The service is temporarily unavailable.",
                        ),
                    )
                } else if let Some(i) = s.refresh_tokens.iter().position(|t| *t == rt) {
                    s.refresh_tokens.remove(i); // rotation: the old one stops working
                    (200, issue(&mut s, true))
                } else {
                    (400, oauth_error("invalid_grant", 70008, "The provided authorization code or refresh token has expired due to inactivity."))
                }
            }
            "client_credentials" if form.contains_key("client_assertion") => {
                let assertion = form.get("client_assertion").cloned().unwrap_or_default();
                s.secrets.push(assertion.clone());
                if form.get("client_assertion_type").map(String::as_str)
                    != Some("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                {
                    (400, oauth_error("invalid_request", 90014, "The request body must contain the following parameter: 'client_assertion_type'."))
                } else {
                    match check_assertion(&s, &assertion) {
                        Ok(()) => (200, issue(&mut s, false)),
                        Err(refusal) => refusal,
                    }
                }
            }
            "client_credentials" => {
                if form.get("client_secret") == Some(&s.client_secret) {
                    (200, issue(&mut s, false))
                } else {
                    (401, oauth_error("invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID."))
                }
            }
            _ => (
                400,
                oauth_error(
                    "unsupported_grant_type",
                    70003,
                    "The app requested an unsupported grant type.",
                ),
            ),
        };
        drop(s);
        return respond(&mut stream, status, &body, &[]);
    }
    if path.starts_with("/v1.0/") {
        let mut s = shared.lock().expect("state");
        let token = authorization
            .as_deref()
            .and_then(|a| a.strip_prefix("Bearer "))
            .unwrap_or("");
        if s.graph_401s > 0 {
            s.graph_401s -= 1;
            drop(s);
            return respond(
                &mut stream,
                401,
                &graph_error(
                    "InvalidAuthenticationToken",
                    "Access token has expired or is not yet valid.",
                ),
                &[],
            );
        }
        if !s.access_tokens.iter().any(|t| t == token) {
            drop(s);
            return respond(
                &mut stream,
                401,
                &graph_error(
                    "InvalidAuthenticationToken",
                    "Access token validation failure. Invalid audience.",
                ),
                &[],
            );
        }
        if path == "/v1.0/places/microsoft.graph.room" {
            let second = target.contains("skip=");
            let base = format!(
                "http://{}",
                stream
                    .local_addr()
                    .map(|a| a.to_string())
                    .unwrap_or_default()
            );
            let forced = s
                .places_next_link
                .as_ref()
                .map(|l| l.replace("{base}", &base));
            let mut body = if second {
                serde_json::json!({
                    "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#places/microsoft.graph.room",
                    "value": [
                        { "id": "3", "emailAddress": "board@contoso.com", "displayName": "Board room", "building": "Building 2", "floorNumber": 1, "capacity": 20 },
                        { "id": "4", "emailAddress": null, "displayName": "Phone booth (no mailbox)", "building": "Building 1" }
                    ]
                })
            } else {
                serde_json::json!({
                    "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#places/microsoft.graph.room",
                    "@odata.nextLink": format!("{base}/v1.0/places/microsoft.graph.room?$top=100&$skip=100"),
                    "value": [
                        { "id": "1", "emailAddress": "room-4.12@contoso.com", "displayName": "Room 4.12", "building": "Building 1", "floorNumber": 4, "floorLabel": "4", "capacity": 8 },
                        { "id": "2", "emailAddress": "room-2.01@contoso.com", "displayName": "Room 2.01", "building": "Building 1", "floorNumber": 2, "capacity": 4 }
                    ]
                })
            };
            if let Some(link) = forced {
                body["@odata.nextLink"] = serde_json::Value::String(link);
            }
            drop(s);
            return respond(&mut stream, 200, &body.to_string(), &[]);
        }
        if let Some((place, claim)) = path
            .strip_prefix("/v1.0/places/")
            .and_then(|p| p.split_once("/checkIns"))
        {
            let place = decode(place).to_lowercase();
            // As Microsoft documents it: delegated Calendars.ReadWrite only, no application
            // permission.
            if s.app_tokens.iter().any(|t| t == token) {
                drop(s);
                return respond(
                    &mut stream,
                    403,
                    &graph_error(
                        "Forbidden",
                        "Application permissions are not supported for this API.",
                    ),
                    &[],
                );
            }
            let (status, answer) = if method == "POST" && claim.is_empty() {
                let asked: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
                match (
                    asked["calendarEventId"].as_str(),
                    asked["checkInMethod"].as_str(),
                ) {
                    (Some(id), Some(how)) => {
                        let claim = serde_json::json!({
                            "@odata.type": "#microsoft.graph.checkInClaim",
                            "calendarEventId": id,
                            "checkInMethod": how,
                            "createdDateTime": s.now.map(|n| n.to_rfc3339()).unwrap_or_default(),
                        });
                        s.check_ins.push((place, claim.clone()));
                        (201, claim.to_string())
                    }
                    _ => (
                        400,
                        graph_error("BadRequest", "calendarEventId is required."),
                    ),
                }
            } else if method == "GET" {
                let id = decode(claim.trim_start_matches('/'));
                match s
                    .check_ins
                    .iter()
                    .find(|(p, c)| *p == place && c["calendarEventId"].as_str() == Some(&id))
                {
                    Some((_, c)) => (200, c.to_string()),
                    None => (
                        404,
                        graph_error("ErrorItemNotFound", "The check-in was not found."),
                    ),
                }
            } else {
                (405, graph_error("BadRequest", "Unsupported method."))
            };
            drop(s);
            return respond(&mut stream, status, &answer, &[]);
        }
        if let Some(address) = path
            .strip_prefix("/v1.0/places/")
            .filter(|a| a.contains('@'))
        {
            let name = match address {
                "room-4.12@contoso.com" => "Room 4.12",
                "board@contoso.com" => "Board room",
                _ => {
                    drop(s);
                    return respond(
                        &mut stream,
                        404,
                        &graph_error(
                            "ErrorItemNotFound",
                            "The specified object was not found in the store.",
                        ),
                        &[],
                    );
                }
            };
            let body = serde_json::json!({ "id": "1", "emailAddress": address, "displayName": name, "capacity": 8 }).to_string();
            drop(s);
            return respond(&mut stream, 200, &body, &[]);
        }
        if let Some(user) = path
            .strip_prefix("/v1.0/users/")
            .and_then(|p| p.strip_suffix("/calendar"))
        {
            let known = user.eq_ignore_ascii_case(&s.user.0) || user.starts_with("room-");
            drop(s);
            return if known {
                let body = serde_json::json!({ "id": "AAMkCalendar", "name": "Calendar", "canEdit": true, "owner": { "name": user, "address": user } });
                respond(&mut stream, 200, &body.to_string(), &[])
            } else {
                respond(
                    &mut stream,
                    404,
                    &graph_error(
                        "ErrorInvalidUser",
                        &format!("The requested user '{user}' is invalid."),
                    ),
                    &[],
                )
            };
        }
        settle(&mut s);
        auto_release(&mut s);
        if path.contains("/events") {
            drop(s);
            return serve_events(&mut stream, shared, &method, &target, &body);
        }
        if path.contains("/calendarView") {
            drop(s);
            return serve_calendar(&mut stream, shared, &target, prefer.as_deref());
        }
        if method == "POST" && path.ends_with("/calendar/getSchedule") {
            drop(s);
            return serve_schedule(&mut stream, shared, &body);
        }
        if path == "/v1.0/me" {
            let body = serde_json::json!({
                "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users/$entity",
                "businessPhones": [],
                "displayName": s.user.1,
                "mail": s.user.0,
                "userPrincipalName": s.user.0,
                "id": "6e7b768e-07e2-4810-8459-485f84f8f204"
            })
            .to_string();
            drop(s);
            return respond(&mut stream, 200, &body, &[]);
        }
        drop(s);
        return respond(
            &mut stream,
            404,
            &graph_error("ResourceNotFound", "Resource not found for the segment."),
            &[],
        );
    }
    respond(&mut stream, 404, "{}", &[])
}

/// A Graph event as the room's calendar holds it, in Graph's own shape (times in UTC with
/// seven fractional digits, as `Prefer: outlook.timezone="UTC"` gives them).
/// `start` and `end` are "2026-11-23T09:00" in UTC.
pub fn event(
    id: &str,
    subject: &str,
    organizer: &str,
    start: &str,
    end: &str,
) -> serde_json::Value {
    let address = format!("{}@contoso.com", organizer.to_lowercase().replace(' ', "."));
    let mut head = serde_json::json!({
        "@odata.etag": format!("W/\"DwAAABYAAAB{id}\""),
        "id": id,
        "createdDateTime": "2026-11-20T10:00:00.1234567Z",
        "lastModifiedDateTime": "2026-11-20T10:00:00.1234567Z",
        "changeKey": format!("DwAAABYAAAB{id}"),
        "categories": [],
        "transactionId": null,
        "originalStartTimeZone": "W. Europe Standard Time",
        "originalEndTimeZone": "W. Europe Standard Time",
        "iCalUId": format!("040000008200E00074C5B7101A82E008000000{id}"),
        "reminderMinutesBeforeStart": 15,
        "isReminderOn": false,
        "hasAttachments": false,
        "subject": subject,
        "bodyPreview": "",
        "importance": "normal",
        "sensitivity": "normal",
        "isAllDay": false,
        "isCancelled": false,
        "isOrganizer": false,
    });
    let tail = serde_json::json!({
        "responseRequested": true,
        "seriesMasterId": null,
        "showAs": "busy",
        "type": "singleInstance",
        "webLink": format!("https://outlook.office365.com/owa/?itemid={id}"),
        "onlineMeetingUrl": null,
        "isOnlineMeeting": false,
        "onlineMeetingProvider": "unknown",
        "allowNewTimeProposals": true,
        "isDraft": false,
        "hideAttendees": false,
        "responseStatus": { "response": "accepted", "time": "2026-11-20T10:00:05.0000000Z" },
        "body": { "contentType": "html", "content": "" },
        "start": { "dateTime": format!("{start}:00.0000000"), "timeZone": "UTC" },
        "end": { "dateTime": format!("{end}:00.0000000"), "timeZone": "UTC" },
        "location": { "displayName": "Room 4.12", "locationType": "conferenceRoom", "uniqueId": "room-4.12@contoso.com", "uniqueIdType": "directory" },
        "locations": [],
        "recurrence": null,
        "attendees": [],
        "organizer": { "emailAddress": { "name": organizer, "address": address } }
    });
    if let (Some(h), serde_json::Value::Object(t)) = (head.as_object_mut(), tail) {
        h.extend(t);
    }
    head
}

/// Changes fields of an event: `with(event(..), &[("showAs", json!("free"))])`.
pub fn with(
    mut event: serde_json::Value,
    fields: &[(&str, serde_json::Value)],
) -> serde_json::Value {
    for (k, v) in fields {
        event[*k] = v.clone();
    }
    event
}

impl FakeMicrosoft {
    /// Adds or changes an event in `room`'s calendar (as if someone did it in Outlook).
    pub fn put_event(&self, room: &str, event: serde_json::Value) {
        self.with(|s| {
            let cal = s.calendars.entry(room.to_lowercase()).or_default();
            cal.version += 1;
            let id = event["id"].as_str().expect("event id").to_owned();
            cal.events.insert(
                id,
                StoredEvent {
                    json: event,
                    changed: cal.version,
                    deleted: false,
                },
            );
        });
    }

    /// Deletes an event from `room`'s calendar.
    pub fn delete_event(&self, room: &str, id: &str) {
        self.with(|s| {
            let cal = s.calendars.entry(room.to_lowercase()).or_default();
            cal.version += 1;
            let v = cal.version;
            if let Some(e) = cal.events.get_mut(id) {
                e.deleted = true;
                e.changed = v;
            }
        });
    }

    /// The next calendar requests meet these faults, one each.
    pub fn fault(&self, faults: Vec<Fault>) {
        self.with(|s| s.faults.extend(faults));
    }

    /// Calendar requests (calendarView and its delta) seen so far.
    pub fn calendar_requests(&self) -> Vec<Request> {
        self.requests("/calendarView")
    }

    /// In `dir`: a configuration for Room 4.12 (`room`) on this server and a paired state
    /// directory; their paths.
    pub fn paired_room(&self, dir: &std::path::Path, room: &str) -> (String, String) {
        let config = dir.join("config.toml");
        std::fs::write(
            &config,
            format!(
                "[room]\nname = \"Room 4.12\"\nmailbox = \"{room}\"\n\n{}",
                self.config_table()
            ),
        )
        .expect("write the configuration");
        let state = dir.join("state");
        self.pair_state_dir(&state);
        (config.display().to_string(), state.display().to_string())
    }

    /// A state directory holding a paired sign-in for this server (as after `roomsign pair`).
    pub fn pair_state_dir(&self, dir: &std::path::Path) {
        use roomsign::microsoft::identity::store::{
            FileTokenStore, StoredSignIn, TokenStore, SIGN_IN_VERSION,
        };
        std::fs::create_dir_all(dir).expect("state dir");
        let refresh = self.issue_refresh_token();
        let (tenant, client_id, user) =
            self.with(|s| (s.tenant.clone(), s.client_id.clone(), s.user.clone()));
        FileTokenStore::new(dir)
            .save(&StoredSignIn {
                version: SIGN_IN_VERSION,
                tenant,
                client_id,
                account: Some(roomsign::microsoft::identity::store::Account {
                    username: user.0,
                    display_name: Some(user.1),
                }),
                refresh_token: roomsign::secret::Secret::new(refresh),
                access_token: None,
                expires_at: None,
                paired_at: chrono::Utc::now(),
                refreshed_at: None,
            })
            .expect("store the sign-in");
    }
}

fn query_value(target: &str, key: &str) -> Option<String> {
    let query = target.split_once('?')?.1;
    query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| decode(k) == key)
        .map(|(_, v)| decode(v))
}

fn parse_utc(text: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&chrono::Utc))
        .or_else(|_| {
            chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f").map(|n| n.and_utc())
        })
        .unwrap_or_else(|_| panic!("a time the fake cannot read: {text}"))
}

fn overlaps(
    event: &serde_json::Value,
    from: chrono::DateTime<chrono::Utc>,
    to: chrono::DateTime<chrono::Utc>,
) -> bool {
    let start = parse_utc(event["start"]["dateTime"].as_str().unwrap_or_default());
    let end = parse_utc(event["end"]["dateTime"].as_str().unwrap_or_default());
    start < to && end > from
}

/// calendarView, calendarView/delta (initial, paged with $skiptoken, then $deltatoken), with the
/// scripted faults.
fn serve_calendar(
    stream: &mut TcpStream,
    shared: &Arc<Mutex<State>>,
    target: &str,
    prefer: Option<&str>,
) -> std::io::Result<()> {
    let fault = {
        let mut s = shared.lock().expect("state");
        s.in_flight += 1;
        s.most_in_flight = s.most_in_flight.max(s.in_flight);
        s.faults.pop_front()
    };
    let result = serve_calendar_inner(stream, shared, target, prefer, fault);
    shared.lock().expect("state").in_flight -= 1;
    result
}

fn serve_calendar_inner(
    stream: &mut TcpStream,
    shared: &Arc<Mutex<State>>,
    target: &str,
    prefer: Option<&str>,
    fault: Option<Fault>,
) -> std::io::Result<()> {
    match fault {
        Some(Fault::Status {
            status,
            retry_after,
            code,
            message,
        }) => {
            let extra: Vec<(&str, String)> = retry_after
                .map(|r| ("Retry-After", r.to_string()))
                .into_iter()
                .collect();
            return respond(stream, status, &graph_error(&code, &message), &extra);
        }
        Some(Fault::Slow(d)) => std::thread::sleep(d),
        Some(Fault::Malformed) => {
            return respond(stream, 200, "{\"value\": [ {\"id\": \"x\", ", &[])
        }
        Some(Fault::WrongShape) => {
            return respond(stream, 200, "{\"value\": {\"surprise\": true}}", &[])
        }
        Some(Fault::Hangup) => return Ok(()),
        Some(Fault::RetryAfter { status, header }) => {
            return respond(
                stream,
                status,
                &graph_error("ApplicationThrottled", "Too many requests."),
                &[("Retry-After", header)],
            );
        }
        Some(Fault::NextLink(link)) => {
            let base = own_base(stream);
            let link = link
                .replace("{self}", &format!("{base}{target}"))
                .replace("{base}", &base);
            let body = serde_json::json!({ "value": [], "@odata.nextLink": link });
            return respond(stream, 200, &body.to_string(), &[]);
        }
        Some(Fault::DeltaLink(link)) => {
            let link = link.replace("{base}", &own_base(stream));
            let body = serde_json::json!({ "value": [], "@odata.deltaLink": link });
            return respond(stream, 200, &body.to_string(), &[]);
        }
        Some(Fault::Huge { bytes, declared }) => return respond_huge(stream, bytes, declared),
        Some(Fault::Redirect(location)) => {
            let location = location.replace("{base}", &own_base(stream));
            return respond(stream, 307, "", &[("Location", location)]);
        }
        None => {}
    }
    let path = target.split('?').next().unwrap_or("");
    let room = path
        .strip_prefix("/v1.0/users/")
        .and_then(|r| r.split('/').next())
        .map(|r| decode(r).to_lowercase())
        .unwrap_or_default();
    let is_delta = path.ends_with("/calendarView/delta");
    let mut s = shared.lock().expect("state");
    if is_delta && s.delta_refused {
        drop(s);
        return respond(
            stream,
            400,
            &graph_error(
                "ErrorInvalidRequest",
                "Delta queries are not supported for this mailbox.",
            ),
            &[],
        );
    }
    if !s.calendars.contains_key(&room) && !room.starts_with("room-") {
        drop(s);
        return respond(
            stream,
            404,
            &graph_error(
                "ErrorInvalidUser",
                &format!("The requested user '{room}' is invalid."),
            ),
            &[],
        );
    }
    let page_size = prefer
        .and_then(|p| {
            p.split(',').find_map(|v| {
                v.trim()
                    .strip_prefix("odata.maxpagesize=")
                    .map(str::to_owned)
            })
        })
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(s.page_size)
        .min(s.page_size);
    let base = format!(
        "http://{}",
        stream
            .local_addr()
            .map(|a| a.to_string())
            .unwrap_or_default()
    );
    let delta_valid_from = s.delta_valid_from;
    let cal = s.calendars.entry(room.clone()).or_default();
    let version = cal.version;
    // What this request lists: (kind, since, from, to, offset).
    let (since, from, to, offset) = if let Some(token) = query_value(target, "$deltatoken") {
        let parts: Vec<&str> = token.split('.').collect();
        let since: u64 = parts[1].parse().unwrap_or(0);
        if since < delta_valid_from {
            drop(s);
            return respond(
                stream,
                410,
                &graph_error(
                    "syncStateNotFound",
                    "The sync state generation is not found. Please re-sync.",
                ),
                &[],
            );
        }
        (
            Some(since),
            parts[2].parse::<i64>().unwrap(),
            parts[3].parse::<i64>().unwrap(),
            0usize,
        )
    } else if let Some(token) = query_value(target, "$skiptoken") {
        let parts: Vec<&str> = token.split('.').collect();
        let since: Option<u64> = parts[1].parse().ok().filter(|_| parts[0] == "d");
        (
            since,
            parts[2].parse::<i64>().unwrap(),
            parts[3].parse::<i64>().unwrap(),
            parts[4].parse().unwrap(),
        )
    } else {
        let from =
            parse_utc(&query_value(target, "startDateTime").expect("startDateTime")).timestamp();
        let to = parse_utc(&query_value(target, "endDateTime").expect("endDateTime")).timestamp();
        let skip = query_value(target, "$skip")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        (None, from, to, skip)
    };
    let (from_t, to_t) = (
        chrono::DateTime::from_timestamp(from, 0).unwrap(),
        chrono::DateTime::from_timestamp(to, 0).unwrap(),
    );
    let mut items: Vec<serde_json::Value> = Vec::new();
    let mut sorted: Vec<&StoredEvent> = cal.events.values().collect();
    sorted.sort_by_key(|e| {
        e.json["start"]["dateTime"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    });
    for e in sorted {
        match since {
            None => {
                if !e.deleted && overlaps(&e.json, from_t, to_t) {
                    items.push(e.json.clone());
                }
            }
            Some(since) if e.changed > since => {
                if e.deleted || !overlaps(&e.json, from_t, to_t) {
                    items.push(serde_json::json!({ "@odata.type": "#microsoft.graph.event", "id": e.json["id"], "@removed": { "reason": "deleted" } }));
                } else {
                    items.push(e.json.clone());
                }
            }
            Some(_) => {}
        }
    }
    drop(s);
    let page: Vec<serde_json::Value> = items.iter().skip(offset).take(page_size).cloned().collect();
    let more = offset + page_size < items.len();
    let mut body = serde_json::json!({
        "@odata.context": format!("https://graph.microsoft.com/v1.0/$metadata#Collection(event)"),
        "value": page,
    });
    let room_path = format!("{base}/v1.0/users/{room}");
    if is_delta {
        let kind_since = since
            .map(|v| v.to_string())
            .unwrap_or_else(|| "-".to_owned());
        if more {
            body["@odata.nextLink"] = serde_json::Value::String(format!(
                "{room_path}/calendarView/delta?$skiptoken={}.{kind_since}.{from}.{to}.{}",
                if since.is_some() { "d" } else { "i" },
                offset + page_size
            ));
        } else {
            body["@odata.deltaLink"] = serde_json::Value::String(format!(
                "{room_path}/calendarView/delta?$deltatoken=t.{version}.{from}.{to}"
            ));
        }
    } else if more {
        body["@odata.nextLink"] = serde_json::Value::String(format!(
            "{room_path}/calendarView?startDateTime={}&endDateTime={}&$top={page_size}&$skip={}",
            from_t.format("%Y-%m-%dT%H:%M:%SZ"),
            to_t.format("%Y-%m-%dT%H:%M:%SZ"),
            offset + page_size
        ));
    }
    respond(stream, 200, &body.to_string(), &[])
}

/// `http://127.0.0.1:port` of this server.
fn own_base(stream: &TcpStream) -> String {
    format!(
        "http://{}",
        stream
            .local_addr()
            .map(|a| a.to_string())
            .unwrap_or_default()
    )
}

/// A 200 page of `bytes` bytes, written a chunk at a time (never held in memory whole); a
/// client that stops reading ends it.
fn respond_huge(stream: &mut TcpStream, bytes: usize, declared: bool) -> std::io::Result<()> {
    let mut head =
        "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n"
            .to_owned();
    if declared {
        head.push_str(&format!("Content-Length: {bytes}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    let (open, close) = (b"{\"value\": [", b"]}");
    stream.write_all(open)?;
    let chunk = [b' '; 64 * 1024];
    let mut left = bytes.saturating_sub(open.len() + close.len());
    while left > 0 {
        let n = left.min(chunk.len());
        stream.write_all(&chunk[..n])?;
        left -= n;
    }
    stream.write_all(close)?;
    stream.flush()
}

/// A second server on another port of 127.0.0.1 (another origin), answering every request
/// with an empty last page, and recording each request's `Authorization` header.
pub struct Elsewhere {
    pub base: String,
    pub seen: Arc<Mutex<Vec<Option<String>>>>,
}

impl Elsewhere {
    pub fn start() -> Elsewhere {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let seen: Arc<Mutex<Vec<Option<String>>>> = Arc::default();
        let record = seen.clone();
        let own = base.clone();
        std::thread::spawn(move || {
            for mut stream in listener.incoming().flatten() {
                let mut reader = match stream.try_clone() {
                    Ok(s) => BufReader::new(s),
                    Err(_) => continue,
                };
                let mut authorization = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
                        break;
                    }
                    if let Some((k, v)) = line.split_once(':') {
                        if k.trim().eq_ignore_ascii_case("authorization") {
                            authorization = Some(v.trim().to_owned());
                        }
                    }
                }
                record.lock().expect("seen").push(authorization);
                let body = serde_json::json!({
                    "value": [],
                    "@odata.deltaLink": format!("{own}/v1.0/delta?$deltatoken=elsewhere"),
                });
                let _ = respond(&mut stream, 200, &body.to_string(), &[]);
            }
        });
        Elsewhere { base, seen }
    }

    /// The requests that reached this server.
    pub fn requests(&self) -> usize {
        self.seen.lock().expect("seen").len()
    }

    /// Whether any of them carried an `Authorization` header.
    pub fn got_a_token(&self) -> bool {
        self.seen.lock().expect("seen").iter().any(Option::is_some)
    }
}

fn event_range(
    event: &serde_json::Value,
) -> (chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>) {
    (
        parse_utc(event["start"]["dateTime"].as_str().unwrap_or_default()),
        parse_utc(event["end"]["dateTime"].as_str().unwrap_or_default()),
    )
}

/// The room's booking attendant answers every door booking whose time has come: accepted (and a
/// copy put in the room's calendar) when the room is free, declined on a conflict.
fn settle(s: &mut State) {
    if s.attendant == Attendant::Silent {
        return;
    }
    let now = Instant::now();
    let due: Vec<String> = s
        .owner_events
        .iter()
        .filter(|(_, e)| e.answer_at.is_some_and(|t| t <= now))
        .map(|(id, _)| id.clone())
        .collect();
    for id in due {
        let mut event = s.owner_events.remove(&id).expect("due event");
        event.answer_at = None;
        let (start, end) = event_range(&event.json);
        let cal = s.calendars.entry(event.room.clone()).or_default();
        let conflict = cal.events.values().any(|e| {
            !e.deleted
                && Some(e.json["id"].as_str().unwrap_or_default()) != event.room_copy.as_deref()
                && e.json["showAs"].as_str() != Some("free")
                && e.json["isCancelled"].as_bool() != Some(true)
                && {
                    let (s2, e2) = event_range(&e.json);
                    s2 < end && e2 > start
                }
        });
        let unseen = s.unseen_bookings.iter().any(|(room, s2, e2)| {
            *room == event.room
                && parse_utc(&format!("{s2}:00")) < end
                && parse_utc(&format!("{e2}:00")) > start
        });
        let conflict = conflict || unseen;
        let response = if conflict { "declined" } else { "accepted" };
        if let Some(attendees) = event.json["attendees"].as_array_mut() {
            for a in attendees {
                if a["emailAddress"]["address"].as_str().map(str::to_lowercase)
                    == Some(event.room.clone())
                {
                    a["status"] =
                        serde_json::json!({ "response": response, "time": "2026-11-23T09:00:00Z" });
                }
            }
        }
        cal.version += 1;
        let version = cal.version;
        if conflict {
            if let Some(copy) = event.room_copy.take() {
                if let Some(stored) = cal.events.get_mut(&copy) {
                    stored.deleted = true;
                    stored.changed = version;
                }
            }
        } else {
            let copy_id = event
                .room_copy
                .clone()
                .unwrap_or_else(|| format!("AAMkRoomCopy-{id}"));
            let organizer = s.user.clone();
            let mut copy = super_event_copy(&event.json, &copy_id, &organizer);
            copy["responseStatus"] = serde_json::json!({ "response": "accepted" });
            cal.events.insert(
                copy_id.clone(),
                StoredEvent {
                    json: copy,
                    changed: version,
                    deleted: false,
                },
            );
            event.room_copy = Some(copy_id);
        }
        s.owner_events.insert(id, event);
    }
}

/// Rooms with auto-release set release every meeting nobody checked in to (through the check-in
/// API: Exchange knows nothing of a panel's category) once its claim time is over, as Exchange
/// does: the room's copy is removed and the organizer told once.
fn auto_release(s: &mut State) {
    let Some(now) = s.now else {
        return;
    };
    let rooms: Vec<(String, i64)> = s
        .auto_release
        .iter()
        .map(|(r, m)| (r.clone(), *m))
        .collect();
    for (room, minutes) in rooms {
        let claimed: Vec<String> = s
            .check_ins
            .iter()
            .filter(|(p, _)| *p == room)
            .filter_map(|(_, c)| c["calendarEventId"].as_str().map(str::to_owned))
            .collect();
        let cal = s.calendars.entry(room.clone()).or_default();
        let due: Vec<String> = cal
            .events
            .iter()
            .filter(|(_, e)| {
                let (start, end) = event_range(&e.json);
                !e.deleted
                    && e.json["isCancelled"].as_bool() != Some(true)
                    && e.json["showAs"].as_str() != Some("free")
                    && e.json["isAllDay"].as_bool() != Some(true)
                    && start + chrono::Duration::minutes(minutes) <= now
                    && now < end
                    && !e.json["iCalUId"]
                        .as_str()
                        .is_some_and(|i| claimed.iter().any(|c| c == i))
            })
            .map(|(id, _)| id.clone())
            .collect();
        for id in due {
            cal.version += 1;
            let version = cal.version;
            if let Some(e) = cal.events.get_mut(&id) {
                e.deleted = true;
                e.changed = version;
            }
            s.auto_releases.push((room.clone(), id));
        }
    }
}

/// The room's copy of a door booking: same times, subject and iCalUId; the booking account as
/// organizer.
fn super_event_copy(
    ours: &serde_json::Value,
    id: &str,
    organizer: &(String, String),
) -> serde_json::Value {
    let start = ours["start"]["dateTime"].as_str().unwrap_or_default();
    let end = ours["end"]["dateTime"].as_str().unwrap_or_default();
    let mut copy = event(
        id,
        ours["subject"].as_str().unwrap_or_default(),
        &organizer.1,
        &start[..16],
        &end[..16],
    );
    copy["iCalUId"] = ours["iCalUId"].clone();
    copy["organizer"] =
        serde_json::json!({ "emailAddress": { "name": organizer.1, "address": organizer.0 } });
    copy
}

/// `/me/events`, `/users/{account}/events`: create (with transactionId), get, patch, delete; and
/// `/users/{room}/events/{id}/decline` on a room's copy.
fn serve_events(
    stream: &mut TcpStream,
    shared: &Arc<Mutex<State>>,
    method: &str,
    target: &str,
    body: &str,
) -> std::io::Result<()> {
    let path = target.split('?').next().unwrap_or("");
    let fault = shared.lock().expect("state").event_faults.pop_front();
    if let Some(Fault::Status {
        status,
        retry_after,
        code,
        message,
    }) = &fault
    {
        let extra: Vec<(&str, String)> = retry_after
            .map(|r| ("Retry-After", r.to_string()))
            .into_iter()
            .collect();
        return respond(stream, *status, &graph_error(code, message), &extra);
    }
    let not_found = |stream: &mut TcpStream| {
        respond(
            stream,
            404,
            &graph_error(
                "ErrorItemNotFound",
                "The specified object was not found in the store.",
            ),
            &[],
        )
    };
    let rest = path.split("/events").nth(1).unwrap_or("");
    let answer = {
        let mut s = shared.lock().expect("state");
        if let Some(decline) = rest.strip_suffix("/decline") {
            let id = decline.trim_start_matches('/').to_owned();
            let room = path
                .strip_prefix("/v1.0/users/")
                .and_then(|r| r.split('/').next())
                .map(|r| decode(r).to_lowercase())
                .unwrap_or_default();
            let comment = serde_json::from_str::<serde_json::Value>(body)
                .ok()
                .and_then(|v| v["comment"].as_str().map(str::to_owned))
                .unwrap_or_default();
            let cal = s.calendars.entry(room.clone()).or_default();
            cal.version += 1;
            let version = cal.version;
            match cal.events.get_mut(&id) {
                Some(e) if !e.deleted => {
                    e.deleted = true;
                    e.changed = version;
                    s.declines.push((room, id, comment));
                    Some((202, String::new()))
                }
                _ => None,
            }
        } else if method == "GET" && rest.is_empty() {
            // A list of the booking account's events, filtered by an extended property (and the
            // end of the event) as `$filter=singleValueExtendedProperties/Any(ep: ep/id eq '…'
            // and ep/value eq '…') and end/dateTime ge '…'` asks.
            let filter = query_value(target, "$filter").unwrap_or_default();
            let quoted = |key: &str| {
                let start = filter.find(key)? + key.len();
                let rest = filter[start..].strip_prefix('\'')?;
                Some(rest[..rest.find('\'')?].to_owned())
            };
            let (id, value) = (quoted("ep/id eq "), quoted("ep/value eq "));
            let since = quoted("end/dateTime ge ").map(|t| parse_utc(&t));
            let value: Vec<serde_json::Value> = s
                .owner_events
                .values()
                .filter(|e| {
                    !filter.contains("singleValueExtendedProperties")
                        // As Graph documents it: the id's name matched with its case, the
                        // value without.
                        || e.extended.iter().any(|p| {
                            p["id"].as_str() == id.as_deref()
                                && p["value"].as_str().is_some_and(|v| {
                                    value.as_deref().is_some_and(|w| v.eq_ignore_ascii_case(w))
                                })
                        })
                })
                .filter(|e| since.is_none_or(|t| event_range(&e.json).1 >= t))
                .map(|e| e.json.clone())
                .collect();
            Some((200, serde_json::json!({ "value": value }).to_string()))
        } else if method == "POST" && rest.is_empty() {
            let mut new: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
            let extended = new
                .as_object_mut()
                .and_then(|o| o.remove("singleValueExtendedProperties"))
                .and_then(|v| v.as_array().cloned())
                .unwrap_or_default();
            let tx = new["transactionId"].as_str().map(str::to_owned);
            let existing = tx.as_ref().and_then(|tx| {
                s.owner_events
                    .values()
                    .find(|e| e.json["transactionId"].as_str() == Some(tx.as_str()))
                    .map(|e| e.json.clone())
            });
            if let Some(existing) = existing {
                Some((201, existing.to_string()))
            } else {
                s.counter += 1;
                let id = format!("AAMkOwn-{}", s.counter);
                let room = new["attendees"][0]["emailAddress"]["address"]
                    .as_str()
                    .unwrap_or_default()
                    .to_lowercase();
                new["id"] = serde_json::json!(id);
                new["iCalUId"] =
                    serde_json::json!(format!("040000008200E00074C5B7101A82E0080000000{id}"));
                new["isCancelled"] = serde_json::json!(false);
                new["isOrganizer"] = serde_json::json!(true);
                new["organizer"] = serde_json::json!({ "emailAddress": { "name": s.user.1, "address": s.user.0 } });
                if let Some(attendees) = new["attendees"].as_array_mut() {
                    for a in attendees {
                        a["status"] = serde_json::json!({ "response": "none", "time": "0001-01-01T00:00:00Z" });
                    }
                }
                let answer_at = Some(Instant::now() + s.attendant_delay);
                s.owner_events.insert(
                    id,
                    OwnerEvent {
                        json: new.clone(),
                        room,
                        answer_at,
                        room_copy: None,
                        extended,
                    },
                );
                Some((201, new.to_string()))
            }
        } else if let Some(answer) = room_copy(&mut s, method, path, rest, body) {
            Some(answer)
        } else {
            let id = rest.trim_start_matches('/').to_owned();
            let delay = s.attendant_delay;
            match (method, s.owner_events.get_mut(&id)) {
                ("GET", Some(e)) => {
                    let mut json = e.json.clone();
                    let expand = query_value(target, "$expand").unwrap_or_default();
                    if expand.starts_with("singleValueExtendedProperties") {
                        let asked: Vec<serde_json::Value> = e
                            .extended
                            .iter()
                            .filter(|p| {
                                expand
                                    .to_lowercase()
                                    .contains(&p["id"].as_str().unwrap_or_default().to_lowercase())
                            })
                            .cloned()
                            .collect();
                        json["singleValueExtendedProperties"] = serde_json::json!(asked);
                    }
                    Some((200, json.to_string()))
                }
                ("PATCH", Some(e)) => {
                    let change: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
                    for key in ["start", "end", "subject"] {
                        if !change[key].is_null() {
                            e.json[key] = change[key].clone();
                        }
                    }
                    // A new time is a new question for the room.
                    if let Some(attendees) = e.json["attendees"].as_array_mut() {
                        for a in attendees {
                            a["status"] = serde_json::json!({ "response": "none", "time": "0001-01-01T00:00:00Z" });
                        }
                    }
                    e.answer_at = Some(Instant::now() + delay);
                    Some((200, e.json.to_string()))
                }
                ("DELETE", Some(_)) => {
                    let gone = s.owner_events.remove(&id).expect("event");
                    if let Some(copy) = gone.room_copy {
                        let cal = s.calendars.entry(gone.room).or_default();
                        cal.version += 1;
                        let version = cal.version;
                        if let Some(stored) = cal.events.get_mut(&copy) {
                            stored.deleted = true;
                            stored.changed = version;
                        }
                    }
                    Some((204, String::new()))
                }
                _ => None,
            }
        }
    };
    match (fault, answer) {
        (Some(Fault::Slow(d)), Some((status, body))) => {
            // Done, but the answer comes late (the client may have given up and retried).
            std::thread::sleep(d);
            respond(stream, status, &body, &[])
        }
        (Some(Fault::Hangup), Some(_)) => Ok(()),
        (_, Some((status, body))) => respond(stream, status, &body, &[]),
        (_, None) => not_found(stream),
    }
}

/// `GET` and `PATCH` (categories only) of an event in a room's calendar, as
/// `/users/{room}/events/{id}`; `None` when the path names no room copy.
fn room_copy(
    s: &mut State,
    method: &str,
    path: &str,
    rest: &str,
    body: &str,
) -> Option<(u16, String)> {
    let room = path
        .strip_prefix("/v1.0/users/")
        .and_then(|r| r.split('/').next())
        .map(|r| decode(r).to_lowercase())?;
    let id = rest.trim_start_matches('/').to_owned();
    if s.owner_events.contains_key(&id) {
        return None;
    }
    let cal = s.calendars.get_mut(&room)?;
    if cal.events.get(&id).is_none_or(|e| e.deleted) {
        return None;
    }
    match method {
        "GET" => cal.events.get(&id).map(|e| (200, e.json.to_string())),
        "PATCH" => {
            let change: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
            cal.version += 1;
            let version = cal.version;
            let event = cal.events.get_mut(&id)?;
            if let Some(categories) = change.get("categories") {
                event.json["categories"] = categories.clone();
                event.changed = version;
            }
            Some((200, event.json.to_string()))
        }
        _ => None,
    }
}

impl FakeMicrosoft {
    /// Sets the stand-in's time (for the rooms' auto-release).
    pub fn set_now(&self, now: chrono::DateTime<chrono::Utc>) {
        self.with(|s| s.now = Some(now));
    }

    /// Makes `room` release no-shows itself `minutes` after their start, as Exchange does.
    pub fn auto_release(&self, room: &str, minutes: i64) {
        self.with(|s| {
            s.auto_release.insert(room.to_lowercase(), minutes);
        });
    }

    /// The door bookings in the booking account's calendar.
    pub fn owner_events(&self) -> Vec<OwnerEvent> {
        self.with(|s| s.owner_events.values().cloned().collect())
    }

    /// The room's events as its calendar holds them now (not deleted).
    pub fn room_events(&self, room: &str) -> Vec<serde_json::Value> {
        self.with(|s| {
            settle(s);
            s.calendars
                .get(&room.to_lowercase())
                .map(|c| {
                    c.events
                        .values()
                        .filter(|e| !e.deleted)
                        .map(|e| e.json.clone())
                        .collect()
                })
                .unwrap_or_default()
        })
    }
}

/// `getSchedule` takes at most this many addresses a request.
pub const SCHEDULES_PER_REQUEST: usize = 20;

/// Graph's `availabilityView` digit for a `showAs` value.
fn availability_digit(status: &str) -> u8 {
    match status {
        "free" => 0,
        "tentative" => 1,
        "oof" => 3,
        "workingElsewhere" => 4,
        _ => 2,
    }
}

/// One room's `scheduleInformation` for `[from, to)` in slots of `interval` minutes, from its
/// calendar: the items (cancelled and deleted events left out) and the availability digits.
fn schedule_information(
    calendar: &RoomCalendar,
    address: &str,
    from: chrono::DateTime<chrono::Utc>,
    to: chrono::DateTime<chrono::Utc>,
    interval: i64,
) -> serde_json::Value {
    let mut events: Vec<&serde_json::Value> = calendar
        .events
        .values()
        .filter(|e| !e.deleted && e.json["isCancelled"] != true && overlaps(&e.json, from, to))
        .map(|e| &e.json)
        .collect();
    events.sort_by_key(|e| {
        e["start"]["dateTime"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    });
    let span = |e: &serde_json::Value| {
        (
            parse_utc(e["start"]["dateTime"].as_str().unwrap_or_default()),
            parse_utc(e["end"]["dateTime"].as_str().unwrap_or_default()),
        )
    };
    let mut view = String::new();
    let mut slot = from;
    while slot < to {
        let next = slot + chrono::Duration::minutes(interval);
        let digit = events
            .iter()
            .filter(|e| {
                let (start, end) = span(e);
                start < next && end > slot
            })
            .map(|e| availability_digit(e["showAs"].as_str().unwrap_or("busy")))
            .max()
            .unwrap_or(0);
        view.push(char::from(b'0' + digit));
        slot = next;
    }
    let items: Vec<serde_json::Value> = events
        .iter()
        .map(|e| {
            let private = matches!(
                e["sensitivity"].as_str(),
                Some("private") | Some("confidential")
            );
            let mut item = serde_json::json!({
                "isPrivate": private,
                "status": e["showAs"].as_str().unwrap_or("busy"),
                "start": e["start"],
                "end": e["end"],
            });
            if !private {
                item["subject"] = e["subject"].clone();
                item["location"] = e["location"]["displayName"].clone();
            }
            item
        })
        .collect();
    serde_json::json!({
        "scheduleId": address,
        "availabilityView": view,
        "scheduleItems": items,
        "workingHours": {
            "daysOfWeek": ["monday", "tuesday", "wednesday", "thursday", "friday"],
            "startTime": "08:00:00.0000000",
            "endTime": "18:00:00.0000000",
            "timeZone": { "name": "UTC" }
        }
    })
}

/// `POST …/calendar/getSchedule`: each asked room's free/busy from its calendar, an `error` for
/// an address that is not a room here, and 400 for more than twenty addresses.
fn serve_schedule(
    stream: &mut TcpStream,
    shared: &Arc<Mutex<State>>,
    body: &str,
) -> std::io::Result<()> {
    let request: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
    let schedules: Vec<String> = request["schedules"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let time = |key: &str| {
        let value = &request[key];
        (value["timeZone"] == "UTC")
            .then(|| value["dateTime"].as_str())
            .flatten()
            .map(parse_utc)
    };
    let (Some(from), Some(to)) = (time("startTime"), time("endTime")) else {
        let error = graph_error(
            "ErrorInvalidParameter",
            "startTime and endTime must be dateTimeTimeZone values (this stand-in reads UTC).",
        );
        return respond(stream, 400, &error, &[]);
    };
    if schedules.is_empty() || schedules.len() > SCHEDULES_PER_REQUEST {
        let error = graph_error(
            "ErrorInvalidParameter",
            &format!(
                "schedules must hold 1 to {SCHEDULES_PER_REQUEST} addresses, not {}.",
                schedules.len()
            ),
        );
        return respond(stream, 400, &error, &[]);
    }
    let interval = request["availabilityViewInterval"].as_i64().unwrap_or(30);
    let s = shared.lock().expect("state");
    let empty = RoomCalendar::default();
    let value: Vec<serde_json::Value> = schedules
        .iter()
        .map(|address| {
            let key = address.to_lowercase();
            match s.calendars.get(&key) {
                Some(calendar) => schedule_information(calendar, address, from, to, interval),
                None if key.starts_with("room-") => {
                    schedule_information(&empty, address, from, to, interval)
                }
                None => serde_json::json!({
                    "scheduleId": address,
                    "availabilityView": "",
                    "scheduleItems": [],
                    "error": {
                        "message": format!("The requested user '{address}' is invalid."),
                        "responseCode": "ErrorMailRecipientNotFound"
                    }
                }),
            }
        })
        .collect();
    drop(s);
    let answer = serde_json::json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#Collection(microsoft.graph.scheduleInformation)",
        "value": value,
    });
    respond(stream, 200, &answer.to_string(), &[])
}
