//! A stand-in for Microsoft's identity platform and Graph on 127.0.0.1, speaking real HTTP with
//! Microsoft's response shapes and error bodies. Tests script it; `cargo run --example
//! fake_microsoft` starts it by hand for a manual run of the real code path.

#![allow(dead_code)]

use std::collections::{HashMap, VecDeque};
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
    /// Delay before answering a refresh (to make concurrent callers overlap).
    pub refresh_delay: Duration,
}

/// A request as the server saw it.
#[derive(Clone, Debug)]
pub struct Request {
    pub method: String,
    pub path: String,
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
            refresh_delay: Duration::ZERO,
        }));
        let shared = state.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
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
        form: form.clone(),
        authorization: authorization.clone(),
        at: Instant::now(),
    };
    shared.lock().expect("state").requests.push(request);

    let tenant = shared.lock().expect("state").tenant.clone();
    let oauth = format!("/{tenant}/oauth2/v2.0/");
    if method == "POST" && path == format!("{oauth}devicecode") {
        let mut s = shared.lock().expect("state");
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
        let body = serde_json::json!({
            "user_code": user_code,
            "device_code": device_code,
            "verification_uri": "https://microsoft.com/devicelogin",
            "expires_in": s.device_expires_in,
            "interval": s.device_interval,
            "message": format!("To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code {user_code} to authenticate.")
        })
        .to_string();
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
        let issue = |s: &mut State, refresh: bool| {
            s.counter += 1;
            let n = s.counter;
            let access = format!("eyJ0eXAiOiJKV1QiLCJub25jZSI6-at-{n}");
            s.access_tokens.push(access.clone());
            s.secrets.push(access.clone());
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
            let body = if second {
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
            drop(s);
            return respond(&mut stream, 200, &body.to_string(), &[]);
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
