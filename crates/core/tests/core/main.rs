//! The functional core's tables and properties, in one test binary that needs nothing but the
//! core: no Slint, no tokio, no HTTP.

mod diagnostics;
mod display;
mod free_rooms;
mod language;
mod lights;
mod offers;
mod pin;
mod properties;
mod rooms;
mod state;
mod view;

use chrono::{DateTime, Duration, Utc};
use roomsign_core::view::local_day;
use roomsign_core::Window;

/// "14:00" or "14:00:30" on Tuesday 2026-03-10, UTC: the day of the tables.
pub fn t(hm: &str) -> DateTime<Utc> {
    let full = if hm.len() == 5 {
        format!("2026-03-10T{hm}:00Z")
    } else {
        format!("2026-03-10T{hm}Z")
    };
    full.parse().unwrap()
}

/// A full RFC 3339 instant.
pub fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

/// The window the panel reads when it syncs at `at` (today and tomorrow, UTC): the engine's
/// `sync_window`, from the start of today to the end of tomorrow in the display zone.
pub fn read_at(at: DateTime<Utc>) -> Window {
    let tz = chrono_tz::Tz::UTC;
    let (today, tomorrow) = local_day(at, tz);
    let (_, day_after) = local_day(tomorrow + Duration::hours(1), tz);
    Window::new(today, day_after)
}
