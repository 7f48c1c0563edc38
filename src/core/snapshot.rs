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
    /// Nothing has been read yet.
    Nothing,
}

impl Source {
    pub fn name(self) -> &'static str {
        match self {
            Source::Demo => "demo",
            Source::Graph => "graph",
            Source::Cache => "cache",
            Source::Nothing => "none",
        }
    }
}

/// The room as configured or as its calendar names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Room {
    pub name: String,
    pub mailbox: Option<String>,
}

/// A device code for pairing, as the Pairing screen shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PairingPrompt {
    /// Typed on the phone, e.g. "ABCD1234" (shown grouped and large).
    pub user_code: String,
    /// Where to type it.
    pub verification_uri: String,
    /// What the QR code carries.
    pub qr_target: String,
    /// When the code expires (a new one follows by itself).
    pub expires_at: DateTime<Utc>,
    /// Why the panel is pairing again, if it was paired before (e.g. the sign-in was revoked).
    pub note: String,
}

/// The panel's connection to Microsoft 365.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Link {
    /// The built-in demo room: nothing to connect to.
    Demo,
    /// Signed in (delegated: as this account; app-only: `None`).
    SignedIn { account: Option<String> },
    /// Waiting for someone to sign in with this code.
    Pairing(PairingPrompt),
    /// Not paired; why, in words (declined, sign-in revoked, ...). A tap starts pairing.
    NotPaired { reason: String },
    /// Microsoft 365 refuses the app's credentials; what to fix, in words.
    CredentialsRefused { message: String },
    /// Signed in, but no room is configured: pick one of these.
    ChooseRoom {
        rooms: Vec<super::rooms::RoomChoice>,
    },
}

/// Something that keeps the panel from showing its room, for an admin: `status --json`, `doctor`
/// and the admin screen. Made in the core from the snapshot, so all three say the same.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Stable, for scripts, alerts and metrics: e.g. `not_paired`, `credentials_refused`.
    pub code: String,
    /// What is wrong, in one sentence.
    pub what: String,
    /// What to do about it.
    pub fix: String,
}

impl Link {
    /// The problem the link stands for, if any (signed in and the demo are none).
    pub fn problem(&self) -> Option<Problem> {
        match self {
            Link::Demo | Link::SignedIn { .. } | Link::ChooseRoom { .. } => None,
            Link::Pairing(_) => Some(Problem {
                code: "pairing".to_owned(),
                what: "The panel is waiting for someone to sign in with its pairing code.".to_owned(),
                fix: "Scan the code on the panel, or run `roomsign pair`, and sign in as the room's system account.".to_owned(),
            }),
            Link::NotPaired { reason } => Some(Problem {
                code: "not_paired".to_owned(),
                what: if reason.is_empty() {
                    "The panel is not paired with Microsoft 365.".to_owned()
                } else {
                    reason.clone()
                },
                fix: "Pair the panel: tap \u{201c}Get a code\u{201d} on the panel, or run `roomsign pair`.".to_owned(),
            }),
            Link::CredentialsRefused { message } => Some(Problem {
                code: "credentials_refused".to_owned(),
                what: "Microsoft 365 refuses the app's credentials.".to_owned(),
                fix: message.clone(),
            }),
        }
    }
}

/// Why the last read of the calendar failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyncTrouble {
    /// In words, with what to do.
    pub words: String,
    /// Microsoft 365 refused (a permission, a wrong mailbox): someone must fix a setting.
    /// Otherwise the panel is offline and tries again by itself.
    pub refused: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snapshot {
    pub room: Room,
    pub link: Link,
    pub schedule: Schedule,
    pub checked_in: CheckIns,
    pub source: Source,
    pub last_sync: Option<DateTime<Utc>>,
    pub offline_since: Option<DateTime<Utc>>,
    /// Why the last read failed; `None` after a good one.
    pub trouble: Option<SyncTrouble>,
}

impl Snapshot {
    /// A snapshot for a room whose schedule has not been read yet.
    pub fn unknown(room: Room, source: Source) -> Snapshot {
        Snapshot {
            room,
            link: Link::Demo,
            schedule: Schedule::Unknown(UnknownReason::NeverSynced),
            checked_in: CheckIns::new(),
            source,
            last_sync: None,
            offline_since: None,
            trouble: None,
        }
    }

    /// The bookings, or none when the schedule is unknown.
    pub fn bookings(&self) -> &[super::Booking] {
        match &self.schedule {
            Schedule::Known(bookings, _) => bookings,
            Schedule::Unknown(_) => &[],
        }
    }
}
