//! The admin screen's diagnostics summary: a few lines of plain text that a phone camera shows
//! when it reads the QR code beside the rows. Nothing secret goes in: no token, code, PIN or
//! key; only what the admin screen already shows to whoever knows the PIN.

use chrono::{DateTime, Duration, Utc};

use crate::report::report;
use crate::snapshot::Snapshot;
use crate::view::ViewSettings;
use crate::Policy;

/// The longest problem sentence kept; a QR code a phone reads at arm's length holds a few
/// hundred characters.
pub const MAX_PROBLEM_CHARS: usize = 160;

/// The facts the shell gathers for the summary.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DiagnosticFacts {
    pub version: String,
    /// This machine's addresses.
    pub addresses: Vec<String>,
    /// When the sign-in or credential runs out unless renewed, if known.
    pub token_horizon: Option<DateTime<Utc>>,
    /// When the panel started, if known.
    pub started: Option<DateTime<Utc>>,
}

fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        // Three dots, not "…": a QR reader that guesses the text's encoding keeps ASCII right.
        let mut kept: String = text.chars().take(max.saturating_sub(3)).collect();
        kept.push_str("...");
        kept
    }
}

/// "3 d 4 h", "5 h 12 min", "7 min".
pub fn up_words(span: Duration) -> String {
    let minutes = span.num_minutes().max(0);
    let (days, hours, mins) = (minutes / 1440, (minutes % 1440) / 60, minutes % 60);
    if days > 0 {
        format!("{days} d {hours} h")
    } else if hours > 0 {
        format!("{hours} h {mins} min")
    } else {
        format!("{mins} min")
    }
}

/// The summary at `now`, one fact a line.
pub fn summary(
    now: DateTime<Utc>,
    snapshot: &Snapshot,
    policy: &Policy,
    settings: &ViewSettings,
    facts: &DiagnosticFacts,
) -> String {
    let r = report(now, snapshot, policy, settings);
    let local = |at: DateTime<Utc>| {
        at.with_timezone(&settings.tz)
            .format("%Y-%m-%d %H:%M %Z")
            .to_string()
    };
    let mut lines = vec![format!("Roomsign {}", facts.version)];
    lines.push(match &r.room.mailbox {
        Some(mailbox) => format!("Room: {} <{}>", clip(&r.room.name, 60), clip(mailbox, 80)),
        None => format!("Room: {}", clip(&r.room.name, 60)),
    });
    lines.push(format!("State: {}", r.state));
    lines.push(match r.last_sync {
        Some(at) => format!("Last sync: {} ({} ago)", local(at), up_words(now - at)),
        None => "Last sync: never".to_owned(),
    });
    if let Some(at) = r.offline_since {
        lines.push(format!("Offline since: {}", local(at)));
    }
    lines.push(match &r.problem {
        Some(p) => format!("Problem: {} - {}", p.code, clip(&p.what, MAX_PROBLEM_CHARS)),
        None => "Problem: none".to_owned(),
    });
    lines.push(if facts.addresses.is_empty() {
        "IP: none".to_owned()
    } else {
        format!(
            "IP: {}",
            clip(
                &facts
                    .addresses
                    .iter()
                    .take(4)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" "),
                120
            )
        )
    });
    lines.push(match facts.token_horizon {
        Some(at) if at > now => format!(
            "Sign-in good until: {} ({} days)",
            at.with_timezone(&settings.tz).format("%Y-%m-%d"),
            (at - now).num_days()
        ),
        Some(at) => format!(
            "Sign-in ran out: {}",
            at.with_timezone(&settings.tz).format("%Y-%m-%d")
        ),
        None => "Sign-in horizon: not known".to_owned(),
    });
    if let Some(started) = facts.started {
        lines.push(format!("Up: {}", up_words(now - started)));
    }
    lines.join("\n")
}
