//! The functional core's tables and properties, in one test binary that needs nothing but the
//! core: no Slint, no tokio, no HTTP.

mod display;
mod free_rooms;
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

/// The window the panel reads when it syncs at `at` (today and tomorrow, UTC): the engine's
/// `sync_window`, from the start of today to the end of tomorrow in the display zone.
pub fn read_at(at: DateTime<Utc>) -> Window {
    let tz = chrono_tz::Tz::UTC;
    let (today, tomorrow) = local_day(at, tz);
    let (_, day_after) = local_day(tomorrow + Duration::hours(1), tz);
    Window::new(today, day_after)
}
