//! The machine-readable status (`roomsign status --json`): the same facts as the screen.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Serialize, Serializer};

use super::display::shown;
use super::lights::{light, Overlays};
use super::snapshot::{Room, Snapshot};
use super::state::{current_meeting, room_state};
use super::view::{upcoming_today, ViewSettings};
use super::{Booking, Policy};

fn utc<S: Serializer>(at: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&at.to_rfc3339_opts(SecondsFormat::Secs, true))
}

fn utc_opt<S: Serializer>(at: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
    match at {
        Some(at) => utc(at, s),
        None => s.serialize_none(),
    }
}

/// A meeting as the panel shows it (privacy rules applied).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MeetingReport {
    pub subject: String,
    pub organizer: Option<String>,
    #[serde(serialize_with = "utc")]
    pub start: DateTime<Utc>,
    #[serde(serialize_with = "utc")]
    pub end: DateTime<Utc>,
    pub private: bool,
    pub all_day: bool,
    pub booked_here: bool,
}

/// The room's status at one instant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    pub room: Room,
    #[serde(serialize_with = "utc")]
    pub now: DateTime<Utc>,
    pub state: &'static str,
    #[serde(serialize_with = "utc_opt")]
    pub until: Option<DateTime<Utc>>,
    pub current: Option<MeetingReport>,
    pub upcoming: Vec<MeetingReport>,
    pub source: &'static str,
    #[serde(serialize_with = "utc_opt")]
    pub last_sync: Option<DateTime<Utc>>,
    #[serde(serialize_with = "utc_opt")]
    pub offline_since: Option<DateTime<Utc>>,
    /// Why the last read of the calendar failed, in words with the fix; null after a good one.
    pub sync_error: Option<String>,
    /// The colour the occupancy lights show: `green`, `amber`, `red`, `blue`, `white`, `off`.
    pub led: &'static str,
    /// How they move: `steady`, `pulse`, `blink`, `quick`.
    pub led_pattern: &'static str,
}

fn meeting(b: &Booking, settings: &ViewSettings) -> MeetingReport {
    let s = shown(b, settings.privacy);
    MeetingReport {
        subject: s.subject,
        organizer: s.organizer,
        start: b.start,
        end: b.end,
        private: s.private,
        all_day: b.all_day,
        booked_here: b.made_here,
    }
}

/// The report for `snapshot` at `now`.
pub fn report(
    now: DateTime<Utc>,
    snapshot: &Snapshot,
    policy: &Policy,
    settings: &ViewSettings,
) -> Report {
    let state = room_state(now, &snapshot.schedule, policy, &snapshot.checked_in);
    let overlays = Overlays {
        acting: false,
        offline: snapshot.offline_since.is_some(),
    };
    let light = light(
        &state,
        overlays,
        now.with_timezone(&settings.tz).time(),
        &settings.lights,
    );
    let current = current_meeting(snapshot.bookings(), now, policy, &snapshot.checked_in);
    Report {
        room: snapshot.room.clone(),
        now,
        state: state.name(),
        until: state.until(),
        current: current.map(|b| meeting(b, settings)),
        upcoming: upcoming_today(snapshot, now, policy, settings.tz)
            .into_iter()
            .map(|b| meeting(b, settings))
            .collect(),
        source: snapshot.source.name(),
        last_sync: snapshot.last_sync,
        offline_since: snapshot.offline_since,
        sync_error: snapshot.trouble.as_ref().map(|t| t.words.clone()),
        led: light.colour.name(),
        led_pattern: light.pattern.name(),
    }
}
