//! One picture of everything the panel knows: the room, its schedule and the health of the sync.
//! The screen, the lights and `status` all derive from the same snapshot, so they cannot disagree.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::state::{CheckIns, Schedule, UnknownReason};

/// Where the schedule came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The built-in demo room.
    Demo,
    /// Read from Microsoft Graph in the last sync.
    Graph,
    /// The last good schedule, read from the state directory.
    Cache,
}

impl Source {
    pub fn name(self) -> &'static str {
        match self {
            Source::Demo => "demo",
            Source::Graph => "graph",
            Source::Cache => "cache",
        }
    }
}

/// The room as configured or as its calendar names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Room {
    pub name: String,
    pub mailbox: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snapshot {
    pub room: Room,
    pub schedule: Schedule,
    pub checked_in: CheckIns,
    pub source: Source,
    pub last_sync: Option<DateTime<Utc>>,
    pub offline_since: Option<DateTime<Utc>>,
}

impl Snapshot {
    /// A snapshot for a room whose schedule has not been read yet.
    pub fn unknown(room: Room, source: Source) -> Snapshot {
        Snapshot {
            room,
            schedule: Schedule::Unknown(UnknownReason::NeverSynced),
            checked_in: CheckIns::new(),
            source,
            last_sync: None,
            offline_since: None,
        }
    }

    /// The bookings, or none when the schedule is unknown.
    pub fn bookings(&self) -> &[super::Booking] {
        match &self.schedule {
            Schedule::Known(bookings) => bookings,
            Schedule::Unknown(_) => &[],
        }
    }
}
