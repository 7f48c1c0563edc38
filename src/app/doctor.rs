//! `roomsign doctor` and `roomsign pair`: the installer's view of the panel — each check a ✓ or
//! ✗ line with the fix in words.

use crate::app::out::{say, OutputError};
use crate::app::{block_on, Setup};
use crate::config::AuthMode;
use crate::microsoft::client::{self, Graph};
use crate::microsoft::identity::oauth::http_error_words;
use crate::microsoft::identity::pairing::{account_words, Step};

/// One check's outcome.
pub struct Check {
    pub ok: bool,
    pub what: String,
    pub detail: String,
}

fn check(ok: bool, what: &str, detail: impl Into<String>) -> Check {
    Check {
        ok,
        what: what.to_owned(),
        detail: detail.into(),
    }
}

/// Runs every check that applies to this configuration, then says what the panel would show:
/// the room's state, or the problem that keeps it from showing it (the words of `status`).
pub fn checks(setup: &Setup) -> Vec<Check> {
    let mut out = connection_checks(setup);
    let app_only = setup
        .microsoft
        .as_ref()
        .map(|m| m.config.auth != AuthMode::DeviceCode);
    let (ok, words) = crate::core::words::check_in_setting(&setup.engine.policy.checkin, app_only);
    out.push(check(ok, "check-in", words));
    out.push(room_state_check(setup));
    out
}

/// The room as `status` sees it: ✓ with its state, or ✗ with the problem and its fix.
fn room_state_check(setup: &Setup) -> Check {
    let now = setup.clock.now();
    let snapshot = setup.synced_snapshot();
    let policy = &setup.engine.policy;
    match crate::core::report::problem(now, &snapshot, policy, &setup.view.in_english()) {
        Some(problem) => check(
            false,
            "room state",
            format!("{} {}", problem.what, problem.fix),
        ),
        None => {
            let english = setup.view.in_english();
            let view = crate::core::view::panel_view(now, &snapshot, policy, &english);
            check(
                true,
                "room state",
                format!(
                    "{} {} ({})",
                    view.full_headline(),
                    view.subline,
                    snapshot.source.name()
                ),
            )
        }
    }
}

fn connection_checks(setup: &Setup) -> Vec<Check> {
    let mut out = vec![check(true, "configuration", setup.origin.to_string())];
    out.push(clock_check(setup));
    let lights = crate::device::lights::probe(&setup.leds);
    out.push(check(lights.warning.is_none(), "lights", lights.summary()));
    let Some(microsoft) = &setup.microsoft else {
        out.push(check(
            true,
            "Microsoft 365",
            "not configured: this panel runs the demo room (add a [microsoft] table to connect it)",
        ));
        return out;
    };
    let config = &microsoft.config;
    out.push(reach(
        "sign-in service",
        &microsoft.http,
        &config.authority_url,
    ));
    out.push(reach("Graph service", &microsoft.http, &config.graph_url));
    let identity = match microsoft.identity(setup.clock.clone()) {
        Ok(Some(identity)) => {
            out.push(check(
                true,
                "credentials",
                match config.auth {
                    AuthMode::DeviceCode => format!(
                        "paired{}",
                        microsoft
                            .stored_account()
                            .map(|a| format!(" as {a}"))
                            .unwrap_or_default()
                    ),
                    AuthMode::ClientSecret => config
                        .client_secret_file
                        .as_deref()
                        .and_then(crate::microsoft::identity::secret_file_warning)
                        .map(|w| format!("signs in, but {w}"))
                        .unwrap_or_else(|| {
                            "client secret file readable by this user only".to_owned()
                        }),
                    AuthMode::Certificate => {
                        "certificate and private key read; the key belongs to the certificate"
                            .to_owned()
                    }
                },
            ));
            // The token-health horizon: read before the renewal below uses the sign-in.
            if config.auth == AuthMode::DeviceCode {
                if let Some(stored) = microsoft.store.load() {
                    let days = (setup.clock.now() - stored.last_used()).num_days();
                    let (ok, words) = crate::core::words::sign_in_horizon(days);
                    out.push(check(ok, "sign-in use", words));
                }
            }
            if config.auth == AuthMode::Certificate {
                if let Some(file) = &config.certificate_file {
                    out.push(certificate_check(file, setup.clock.now()));
                }
            }
            identity
        }
        Ok(None) => {
            out.push(check(
                false,
                "credentials",
                "not paired: run `roomsign pair`, or pair at the panel (scan the QR code)",
            ));
            if config.auth == AuthMode::DeviceCode {
                out.push(pairing_preflight(setup, microsoft));
            }
            return out;
        }
        Err(err) => {
            out.push(check(false, "credentials", err.to_string()));
            return out;
        }
    };
    // Delegated: renew now, so a refresh token that no longer works shows here, not at 3 am.
    let token = block_on(async {
        let token = identity.token().await?;
        match config.auth {
            AuthMode::DeviceCode => identity.renew(token).await,
            AuthMode::ClientSecret | AuthMode::Certificate => Ok(token),
        }
    });
    match token {
        Ok(_) => out.push(check(
            true,
            "token",
            format!(
                "{} access token valid until {}",
                match config.auth {
                    AuthMode::DeviceCode => "refreshed; new",
                    AuthMode::ClientSecret | AuthMode::Certificate => "app",
                },
                identity
                    .expires_at()
                    .map(|t| t.format("%H:%M UTC").to_string())
                    .unwrap_or_else(|| "?".to_owned())
            ),
        )),
        Err(err) => {
            // Told by its AADSTS number: the code, the words and the fix (the detail after).
            let refusal = err.ended_because().or_else(|| err.refusal().map(|r| r.0));
            out.push(check(
                false,
                "token",
                match refusal {
                    Some(r) => format!("{}: {} {} ({err})", r.code(), r.what(), r.fix()),
                    None => err.to_string(),
                },
            ));
            return out;
        }
    }
    let graph = Graph::new(microsoft.http.clone(), &config.graph_url, identity);
    match config.auth {
        AuthMode::DeviceCode => match block_on(client::whoami(&graph)) {
            Ok(account) => {
                let words = account_words(&account);
                out.push(check(
                    true,
                    "Microsoft Graph",
                    format!("signed in as {words}"),
                ));
                out.push(check(
                    true,
                    "booking account",
                    format!("door bookings are made in the calendar of {}", account.username),
                ));
            }
            Err(err) => out.push(check(false, "Microsoft Graph", err.to_string())),
        },
        AuthMode::ClientSecret | AuthMode::Certificate => out.push(match &config.booking_account {
            Some(account) => {
                match block_on(graph.get::<serde_json::Value>(&format!("/users/{account}/calendar"))) {
                    Ok(_) => check(
                        true,
                        "booking account",
                        format!("{account}: its calendar is reachable for door bookings"),
                    ),
                    Err(err) => check(
                        false,
                        "booking account",
                        format!("{account}: {err} (microsoft.booking_account)"),
                    ),
                }
            }
            None => check(
                false,
                "booking account",
                "auth = \"client-secret\" needs booking_account in [microsoft]: the account whose calendar holds door bookings",
            ),
        }),
    }
    out.push(room_check(setup, microsoft, &graph));
    out
}

/// Before anyone walks to the panel: asks for a device code (and never polls it, so nobody is
/// signed in) to learn whether the tenant allows the device code flow.
fn pairing_preflight(setup: &Setup, microsoft: &crate::microsoft::link::Microsoft) -> Check {
    let now = setup.clock.now();
    let room = microsoft.configured_room.as_deref();
    match block_on(microsoft.oauth.device_code(&microsoft.config.scopes, now)) {
        Ok(_) => check(
            true,
            "device code sign-in",
            crate::core::words::pairing_preflight(None, room),
        ),
        Err(err) => match err.ended_because() {
            Some(refusal) => check(
                false,
                "device code sign-in",
                format!(
                    "{}: {} ({err})",
                    refusal.code(),
                    crate::core::words::pairing_preflight(Some(refusal), room)
                ),
            ),
            None => check(false, "device code sign-in", err.to_string()),
        },
    }
}

/// The clock: set (not before this build), and synchronised where systemd-timesyncd runs.
fn clock_check(setup: &Setup) -> Check {
    let now = setup.clock.now();
    let timesyncd =
        crate::clock::timesyncd_synchronised(std::path::Path::new("/run/systemd/timesync"));
    if setup.clock.synchronised(now) && timesyncd != Some(false) {
        return check(
            true,
            "clock",
            format!(
                "{}{}",
                now.format("%Y-%m-%d %H:%M:%S UTC"),
                if timesyncd == Some(true) {
                    ", synchronised by systemd-timesyncd"
                } else {
                    ""
                }
            ),
        );
    }
    if now.timestamp() < crate::clock::build_time() {
        return check(
            false,
            "clock",
            format!(
                "{} cannot be right (it is before this program was built): let the panel reach an NTP server (timedatectl set-ntp true)",
                now.format("%Y-%m-%d %H:%M UTC")
            ),
        );
    }
    check(
        false,
        "clock",
        "systemd-timesyncd has not synchronised the clock yet, and the panel shows \"Waiting for the clock\" until it has: check that the panel reaches an NTP server (timedatectl timesync-status)",
    )
}

/// DNS, then TCP and TLS, to a service's base URL: any HTTP answer means the way is clear.
fn reach(what: &str, http: &reqwest::Client, url: &str) -> Check {
    let Some((host, port)) = host_and_port(url) else {
        return check(false, what, format!("{url} is not a URL"));
    };
    let result = block_on(async {
        let addresses = tokio::time::timeout(
            std::time::Duration::from_secs(10),
            tokio::net::lookup_host((host.as_str(), port)),
        )
        .await
        .map_err(|_| {
            format!("looking up {host} timed out: check the DNS servers (/etc/resolv.conf)")
        })?
        .map_err(|e| format!("cannot resolve {host} ({e}): check the network and the DNS servers"))?
        .count();
        http.get(url)
            .send()
            .await
            .map(|r| (addresses, r.status().as_u16()))
            .map_err(|e| {
                let tls = url.starts_with("https://");
                format!(
                    "{host} resolves but does not answer: {}{}",
                    http_error_words(&e),
                    if tls {
                        " (a TLS failure often means a wrong clock or a proxy that intercepts TLS)"
                    } else {
                        ""
                    }
                )
            })
    });
    match result {
        Ok((addresses, status)) => check(
            true,
            what,
            format!(
                "{host} resolves ({addresses} address{}) and answers{} (HTTP {status})",
                if addresses == 1 { "" } else { "es" },
                if url.starts_with("https://") {
                    " over TLS"
                } else {
                    ""
                }
            ),
        ),
        Err(words) => check(false, what, words),
    }
}

fn host_and_port(url: &str) -> Option<(String, u16)> {
    let url = reqwest::Url::parse(url).ok()?;
    Some((
        url.host_str()?.trim_matches(['[', ']']).to_owned(),
        url.port_or_known_default()?,
    ))
}

/// Read access to the room's calendar: the next hour of it.
fn room_check(
    setup: &Setup,
    microsoft: &crate::microsoft::link::Microsoft,
    graph: &Graph,
) -> Check {
    let Some(room) = microsoft.room_mailbox() else {
        return check(
            false,
            "room calendar",
            "no room chosen: pick one on the panel's Room picker, or set mailbox in [room]",
        );
    };
    let now = setup.clock.now();
    let path = format!(
        "/users/{room}/calendarView?startDateTime={}&endDateTime={}&$top=10",
        now.format("%Y-%m-%dT%H:%M:%SZ"),
        (now + chrono::Duration::hours(1)).format("%Y-%m-%dT%H:%M:%SZ")
    );
    match block_on(graph.get::<serde_json::Value>(&path)) {
        Ok(page) => {
            let n = page["value"].as_array().map_or(0, Vec::len);
            check(
                true,
                "room calendar",
                format!(
                    "{room} is readable ({n} event{} in the next hour)",
                    if n == 1 { "" } else { "s" }
                ),
            )
        }
        Err(err) => check(false, "room calendar", format!("{room}: {err}")),
    }
}

/// Prints the checks; true when all passed.
pub fn print(checks: &[Check]) -> Result<bool, OutputError> {
    let mut all = true;
    for c in checks {
        all &= c.ok;
        say!(
            "{} {:<16} {}",
            if c.ok { "✓" } else { "✗" },
            c.what,
            c.detail
        );
    }
    Ok(all)
}

/// A QR code drawn with Unicode half blocks, dark on light, with its quiet zone.
pub fn terminal_qr(target: &str) -> String {
    let Ok(code) = qrcode::QrCode::new(target.as_bytes()) else {
        return String::new();
    };
    code.render::<qrcode::render::unicode::Dense1x2>()
        .dark_color(qrcode::render::unicode::Dense1x2::Light)
        .light_color(qrcode::render::unicode::Dense1x2::Dark)
        .quiet_zone(true)
        .build()
}

/// The app's certificate: ✗ when expired; a warning within 30 days of its expiry.
fn certificate_check(file: &std::path::Path, now: chrono::DateTime<chrono::Utc>) -> Check {
    use crate::core::labels::CERTIFICATE_WARNING_DAYS;
    match crate::microsoft::identity::certificate::read_facts(file) {
        Err(err) => check(false, "certificate", err.to_string()),
        Ok(facts) => {
            let until = facts.not_after.format("%Y-%m-%d");
            let thumbprint = &facts.thumbprint_sha1;
            if facts.not_after <= now {
                check(
                    false,
                    "certificate",
                    format!("thumbprint {thumbprint} expired on {until}: make a new one with `roomsign cert new`, upload its .cer in Entra ID (App registrations → Certificates & secrets) and point certificate_file and private_key_file at it"),
                )
            } else if facts.not_after - now <= chrono::Duration::days(CERTIFICATE_WARNING_DAYS) {
                check(
                    true,
                    "certificate",
                    format!("thumbprint {thumbprint} expires on {until}, within {CERTIFICATE_WARNING_DAYS} days: make a new one with `roomsign cert new` and upload it in Entra ID before then"),
                )
            } else {
                check(
                    true,
                    "certificate",
                    format!("thumbprint {thumbprint}, valid until {until}"),
                )
            }
        }
    }
}

/// `roomsign pair`: device-code sign-in in a terminal. Ok(account) once paired.
pub fn pair_in_terminal(setup: &Setup) -> anyhow::Result<String> {
    let Some(microsoft) = &setup.microsoft else {
        anyhow::bail!(
            "there is nothing to pair: add a [microsoft] table to the configuration ({})",
            setup.origin
        );
    };
    if microsoft.config.auth.is_app_only() {
        anyhow::bail!(
            "app-only sign-in (auth = \"client-secret\" or \"certificate\") needs no pairing; `roomsign doctor` checks it"
        );
    }
    // Each line through the command line's writer: a closed or full stdout never panics (the
    // sign-in goes on, and its result is printed or reported at the end).
    let line = |args: std::fmt::Arguments| {
        let _ = crate::app::out::out_line(args);
    };
    let mut on_step = |step: Step| match step {
        Step::Code(prompt) => {
            line(format_args!(""));
            line(format_args!("To pair this panel with Microsoft 365:"));
            line(format_args!(
                "  1. Open {} (or scan the QR code)",
                prompt.verification_uri
            ));
            line(format_args!("  2. Sign in with the room's system account"));
            line(format_args!("  3. Enter the code {}", prompt.user_code));
            line(format_args!("{}", terminal_qr(&prompt.qr_target)));
            line(format_args!(
                "Waiting for the sign-in; this code works until {}.",
                prompt.expires_at.format("%H:%M UTC")
            ));
        }
        Step::Renewing => line(format_args!("The code expired; here is a new one.")),
        Step::Retrying(why) => line(format_args!("{why}; still trying…")),
        Step::SignedIn => line(format_args!("Signed in; reading the account…")),
    };
    let account = block_on(microsoft.pair(setup.clock.as_ref(), &mut on_step)).map_err(|err| {
        // Told by its AADSTS number: the code, the words and the fix before the detail.
        match &err {
            crate::microsoft::identity::pairing::PairingError::Auth(e) => match e.ended_because() {
                Some(r) => anyhow::anyhow!("{}: {} {} ({err})", r.code(), r.what(), r.fix()),
                None => err.into(),
            },
            _ => err.into(),
        }
    })?;
    Ok(account)
}
