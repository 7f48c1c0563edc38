//! What the room's calendar says: one [`Booking`] per event, in UTC.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// How an event marks the room's time (Graph's `showAs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShowAs {
    Free,
    Tentative,
    Busy,
    Oof,
    WorkingElsewhere,
    Unknown,
}

/// One event in the room's calendar.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Booking {
    /// The calendar's id for the event (stable across syncs).
    pub id: String,
    /// The subject as the calendar holds it (may be empty, or the organizer's name).
    pub subject: String,
    /// Display name of the organizer, when known.
    pub organizer: Option<String>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub all_day: bool,
    /// Private or confidential: never show subject nor organizer.
    pub private: bool,
    pub show_as: ShowAs,
    pub cancelled: bool,
    /// Booked at this panel (so it may be ended early or extended here).
    pub made_here: bool,
}

impl Booking {
    /// Whether the event takes the room: cancelled and show-as-free events never do, nor does an
    /// event that ends before it starts.
    pub fn occupies(&self) -> bool {
        !self.cancelled && self.show_as != ShowAs::Free && self.end > self.start
    }

    /// Whether the event is on at `now` (start inclusive, end exclusive).
    pub fn is_on_at(&self, now: DateTime<Utc>) -> bool {
        self.start <= now && now < self.end
    }

    /// Length in whole minutes.
    pub fn minutes(&self) -> i64 {
        (self.end - self.start).num_minutes()
    }
}
