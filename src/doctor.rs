//! `roomsign doctor` and `roomsign pair`: the installer's view of the panel — each check a ✓ or
//! ✗ line with the fix in words.

use std::io::Write;

use crate::app::{block_on, Setup};
use crate::config::AuthMode;
use crate::engine::clock_is_plausible;
use crate::graph::{self, Graph};
use crate::identity::pairing::{account_words, Step};

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

/// Runs every check that applies to this configuration.
pub fn checks(setup: &Setup) -> Vec<Check> {
    let mut out = vec![check(true, "configuration", setup.origin.to_string())];
    let now = setup.clock.now();
    out.push(if clock_is_plausible(now) {
        check(
            true,
            "clock",
            format!("{}", now.format("%Y-%m-%d %H:%M:%S UTC")),
        )
    } else {
        check(
            false,
            "clock",
            format!(
                "{} cannot be right: let the panel reach an NTP server (timedatectl set-ntp true)",
                now.format("%Y-%m-%d %H:%M UTC")
            ),
        )
    });
    let lights = crate::lights::probe(&setup.leds);
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
                    AuthMode::ClientSecret => {
                        "client secret file readable by this user only".to_owned()
                    }
                },
            ));
            identity
        }
        Ok(None) => {
            out.push(check(
                false,
                "credentials",
                "not paired: run `roomsign pair`, or pair at the panel (scan the QR code)",
            ));
            return out;
        }
        Err(err) => {
            out.push(check(false, "credentials", err.to_string()));
            return out;
        }
    };
    match block_on(identity.token()) {
        Ok(_) => out.push(check(
            true,
            "sign-in service",
            format!(
                "{} answered; access token valid until {}",
                config.authority_url,
                identity
                    .expires_at()
                    .map(|t| t.format("%H:%M UTC").to_string())
                    .unwrap_or_else(|| "?".to_owned())
            ),
        )),
        Err(err) => {
            out.push(check(false, "sign-in service", err.to_string()));
            return out;
        }
    }
    let graph = Graph::new(microsoft.http.clone(), &config.graph_url, identity);
    match config.auth {
        AuthMode::DeviceCode => match block_on(graph::whoami(&graph)) {
            Ok(account) => out.push(check(
                true,
                "Microsoft Graph",
                format!("signed in as {}", account_words(&account)),
            )),
            Err(err) => out.push(check(false, "Microsoft Graph", err.to_string())),
        },
        AuthMode::ClientSecret => out.push(match &config.booking_account {
            Some(account) => check(true, "booking account", account.clone()),
            None => check(
                false,
                "booking account",
                "auth = \"client-secret\" needs booking_account in [microsoft]: the account whose calendar holds door bookings",
            ),
        }),
    }
    out
}

/// Prints the checks; true when all passed.
pub fn print(checks: &[Check]) -> bool {
    let mut all = true;
    for c in checks {
        all &= c.ok;
        println!(
            "{} {:<16} {}",
            if c.ok { "✓" } else { "✗" },
            c.what,
            c.detail
        );
    }
    all
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

/// `roomsign pair`: device-code sign-in in a terminal. Ok(account) once paired.
pub fn pair_in_terminal(setup: &Setup) -> anyhow::Result<String> {
    let Some(microsoft) = &setup.microsoft else {
        anyhow::bail!(
            "there is nothing to pair: add a [microsoft] table to the configuration ({})",
            setup.origin
        );
    };
    if microsoft.config.auth == AuthMode::ClientSecret {
        anyhow::bail!(
            "auth = \"client-secret\" signs in with the app's secret and needs no pairing; `roomsign doctor` checks it"
        );
    }
    let mut on_step = |step: Step| {
        match step {
            Step::Code(prompt) => {
                println!();
                println!("To pair this panel with Microsoft 365:");
                println!(
                    "  1. Open {} (or scan the QR code)",
                    prompt.verification_uri
                );
                println!("  2. Sign in with the room's system account");
                println!(
                    "  3. Enter the code {}",
                    crate::core::view::group_code(&prompt.user_code)
                );
                println!("{}", terminal_qr(&prompt.qr_target));
                println!(
                    "Waiting for the sign-in; this code works until {}.",
                    prompt.expires_at.format("%H:%M UTC")
                );
            }
            Step::Renewing => println!("The code expired; here is a new one."),
            Step::Retrying(why) => println!("{why}; still trying…"),
            Step::SignedIn => println!("Signed in; reading the account…"),
        }
        let _ = std::io::stdout().flush();
    };
    let account = block_on(microsoft.pair(setup.clock.as_ref(), &mut on_step))?;
    Ok(account)
}
