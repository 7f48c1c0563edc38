//! The machine-readable status (`roomsign status --json`): the same facts as the screen.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Serialize, Serializer};

use super::display::shown;
use super::lights::{light, Overlays};
use super::snapshot::{Link, Problem, Room, Snapshot};
use super::state::{
    current_meeting, is_released, room_state, ReleasedBy, RoomState, UnknownReason,
};
use super::view::{since_words, upcoming_today, ViewSettings};
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
    /// How it was checked in (`this_panel`, `another_panel`, `exchange`); null while nobody has.
    pub checked_in: Option<&'static str>,
}

/// A meeting released because nobody checked in, while its slot lasts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReleasedReport {
    #[serde(flatten)]
    pub meeting: MeetingReport,
    #[serde(serialize_with = "utc")]
    pub released_at: DateTime<Utc>,
    /// `this_panel`, or `elsewhere` (Exchange's auto-release or another panel of the room).
    pub released_by: &'static str,
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
    /// Who releases no-shows: `panel`, `exchange`, `off`; null when check-in is off.
    pub release_mode: Option<&'static str>,
    /// Meetings released for want of a check-in whose slot has not ended.
    pub released: Vec<ReleasedReport>,
    pub source: &'static str,
    #[serde(serialize_with = "utc_opt")]
    pub last_sync: Option<DateTime<Utc>>,
    #[serde(serialize_with = "utc_opt")]
    pub offline_since: Option<DateTime<Utc>>,
    /// Why the last read of the calendar failed, in words with the fix; null after a good one.
    pub sync_error: Option<String>,
    /// What keeps the panel from showing its room, and the fix; null when nothing does.
    pub problem: Option<Problem>,
    /// The colour the occupancy lights show: `green`, `amber`, `red`, `blue`, `white`, `off`.
    pub led: &'static str,
    /// How they move: `steady`, `pulse`, `blink`, `quick`.
    pub led_pattern: &'static str,
    /// The language the panel speaks to people (a BCP 47 tag: `de`, `en-US`); the report
    /// itself stays English.
    pub language: String,
}

fn meeting(b: &Booking, snapshot: &Snapshot, settings: &ViewSettings) -> MeetingReport {
    let s = shown(b, settings.privacy, crate::language::Language::English);
    MeetingReport {
        subject: s.subject,
        organizer: s.organizer,
        start: b.start,
        end: b.end,
        private: s.private,
        all_day: b.all_day,
        booked_here: b.made_here,
        checked_in: snapshot.check_in_way(&b.id).map(|w| w.name()),
    }
}

fn words(code: &str, what: impl Into<String>, fix: impl Into<String>) -> Problem {
    Problem {
        code: code.to_owned(),
        what: what.into(),
        fix: fix.into(),
    }
}

/// What keeps the panel from showing its room at `now`, for an admin (`status`, `status --json`,
/// `doctor`): the link to Microsoft 365 first, then the clock, a refused or failed read, a
/// schedule that does not reach `now`. Every unknown state has one; a known state has one only
/// while the calendar cannot be read (the panel then shows the last known schedule).
pub fn problem(
    now: DateTime<Utc>,
    snapshot: &Snapshot,
    policy: &Policy,
    settings: &ViewSettings,
) -> Option<Problem> {
    // For admins and tools: in English whatever the panel's language.
    let settings = &settings.in_english();
    if let Some(problem) = snapshot.link.problem() {
        return Some(problem);
    }
    if let Link::ChooseRoom { .. } = snapshot.link {
        return Some(words(
            "no_room",
            "No room is chosen for this panel.",
            "Pick the room on the panel's Room picker, or set mailbox in [room] of the configuration.",
        ));
    }
    let state = room_state(now, &snapshot.schedule, policy, &snapshot.checked_in);
    let trouble = snapshot.trouble.as_ref();
    let since = snapshot
        .offline_since
        .map(|at| format!(" since {}", since_words(at, now, settings)))
        .unwrap_or_default();
    match (&state, trouble) {
        (
            RoomState::Unknown {
                reason: UnknownReason::ClockNotSynchronised,
            },
            _,
        ) => Some(words(
            "clock_not_set",
            "The panel's clock is not set, so it cannot tell which meeting is on.",
            "Let the panel reach an NTP server (timedatectl set-ntp true; timedatectl timesync-status).",
        )),
        (_, Some(t)) if t.refused => Some(words(
            "calendar_refused",
            format!("Microsoft 365 refuses to let the panel read the room's calendar{since}."),
            super::snapshot::fill_in(&t.words, snapshot),
        )),
        (
            RoomState::Unknown {
                reason: UnknownReason::BeyondWindow,
            },
            _,
        ) => Some(words(
            "no_schedule_for_now",
            format!(
                "Nothing is known of the room's calendar for now: it was last read {}, and the panel is offline{since}.",
                snapshot
                    .last_sync
                    .map_or("never".to_owned(), |at| since_words(at, now, settings))
            ),
            match trouble {
                Some(t) => format!("The panel tries again by itself; {}.", super::snapshot::fill_in(&t.words, snapshot)),
                None => "The panel reads it again by itself; if this lasts, run `roomsign doctor`.".to_owned(),
            },
        )),
        (state, Some(t)) => Some(words(
            "offline",
            if matches!(state, RoomState::Unknown { .. }) {
                format!("The room's calendar cannot be read{since}, and no schedule is kept from earlier.")
            } else {
                format!("The room's calendar cannot be read{since}; the panel shows the last known schedule.")
            },
            format!(
                "The panel tries again by itself; {}.",
                super::snapshot::fill_in(&t.words, snapshot)
            ),
        )),
        (RoomState::Unknown { .. }, None) => Some(words(
            "not_read_yet",
            "The room's calendar has not been read yet.",
            "The panel reads it by itself; if this lasts, run `roomsign doctor`.",
        )),
        _ => None,
    }
}

/// The meetings released for want of a check-in whose slot lasts at `now`: those released (or
/// seen released), and a meeting this panel releases by the clock that is still in the schedule.
fn released(
    now: DateTime<Utc>,
    snapshot: &Snapshot,
    policy: &Policy,
    settings: &ViewSettings,
) -> Vec<ReleasedReport> {
    let seen = snapshot
        .released
        .iter()
        .filter(|r| r.meeting.end > now)
        .map(|r| ReleasedReport {
            meeting: meeting(&r.meeting, snapshot, settings),
            released_at: r.at,
            released_by: r.by.name(),
        });
    let due = snapshot
        .bookings()
        .iter()
        .filter(|b| b.occupies() && now < b.end)
        .filter(|b| is_released(b, now, policy, &snapshot.checked_in))
        .filter(|b| !snapshot.released.iter().any(|r| r.meeting.id == b.id))
        .map(|b| ReleasedReport {
            meeting: meeting(b, snapshot, settings),
            released_at: b.start + policy.checkin.release_after,
            released_by: ReleasedBy::ThisPanel.name(),
        });
    seen.chain(due).collect()
}

/// The report for `snapshot` at `now`.
pub fn report(
    now: DateTime<Utc>,
    snapshot: &Snapshot,
    policy: &Policy,
    settings: &ViewSettings,
) -> Report {
    let language = settings.locale.tag();
    // For admins and tools: in English whatever the panel's language.
    let settings = &settings.in_english();
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
        until: match &state {
            // Released by Exchange or by nobody: nothing ends it by the clock before its end.
            RoomState::AwaitingCheckIn { meeting, .. }
                if policy.checkin.release != crate::policy::ReleaseMode::Panel =>
            {
                Some(meeting.end)
            }
            state => state.until(),
        },
        current: current.map(|b| meeting(b, snapshot, settings)),
        upcoming: upcoming_today(snapshot, now, policy, settings.tz)
            .into_iter()
            .map(|b| meeting(b, snapshot, settings))
            .collect(),
        release_mode: policy
            .checkin
            .enabled
            .then_some(policy.checkin.release.name()),
        released: released(now, snapshot, policy, settings),
        source: snapshot.source.name(),
        last_sync: snapshot.last_sync,
        offline_since: snapshot.offline_since,
        sync_error: snapshot.trouble.as_ref().map(|t| t.words.clone()),
        problem: problem(now, snapshot, policy, settings),
        led: light.colour.name(),
        led_pattern: light.pattern.name(),
        language,
    }
}
