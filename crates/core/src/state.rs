//! The room's state at an instant: a pure function of the clock, the calendar and the policy.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use super::policy::ReleaseMode;
use super::{Booking, Policy};

/// Why the panel cannot say whether the room is free.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UnknownReason {
    /// No schedule has been read yet (first start, nothing cached).
    NeverSynced,
    /// The system clock is not synchronised, so "now" cannot be trusted.
    ClockNotSynchronised,
    /// `now` lies outside the window the schedule was read for (offline past the last read):
    /// nothing is known of this time, so it is not shown as free.
    BeyondWindow,
}

/// The span of time a schedule was read for, `[from, to)`: outside it, no meeting is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

impl Window {
    pub fn new(from: DateTime<Utc>, to: DateTime<Utc>) -> Window {
        Window { from, to }
    }

    /// Whether `at` lies in the window.
    pub fn contains(&self, at: DateTime<Utc>) -> bool {
        self.from <= at && at < self.to
    }
}

/// What the panel knows of the room's calendar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Schedule {
    /// The room's bookings, as read for the window (the state is known only inside it).
    Known(Vec<Booking>, Window),
    Unknown(UnknownReason),
}

impl Schedule {
    /// The window a known schedule covers.
    pub fn window(&self) -> Option<Window> {
        match self {
            Schedule::Known(_, window) => Some(*window),
            Schedule::Unknown(_) => None,
        }
    }
}

/// The room at one instant, as the screen and the lights show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RoomState {
    /// Nothing on now; `until` is the start of the next meeting (None: nothing ahead).
    Free {
        until: Option<DateTime<Utc>>,
    },
    /// Free now, and `meeting` starts within the "soon" threshold.
    StartingSoon {
        meeting: Booking,
    },
    /// A meeting is on; `until` is the end of its back-to-back block.
    Busy {
        meeting: Booking,
        until: DateTime<Utc>,
    },
    /// Check-in is open for `meeting`; nobody has checked in; it is released at `release_at`.
    AwaitingCheckIn {
        meeting: Booking,
        release_at: DateTime<Utc>,
    },
    Unknown {
        reason: UnknownReason,
    },
}

impl RoomState {
    /// Stable machine name, as `roomsign status --json` prints it.
    pub fn name(&self) -> &'static str {
        match self {
            RoomState::Free { .. } => "free",
            RoomState::StartingSoon { .. } => "starting_soon",
            RoomState::Busy { .. } => "busy",
            RoomState::AwaitingCheckIn { .. } => "awaiting_check_in",
            RoomState::Unknown { .. } => "unknown",
        }
    }

    /// When this state ends by itself, if known.
    pub fn until(&self) -> Option<DateTime<Utc>> {
        match self {
            RoomState::Free { until } => *until,
            RoomState::StartingSoon { meeting } => Some(meeting.start),
            RoomState::Busy { until, .. } => Some(*until),
            RoomState::AwaitingCheckIn {
                meeting,
                release_at,
            } => {
                // Before the start the state ends when the meeting starts or is released,
                // whichever comes first; after it, at the release.
                Some((*release_at).min(meeting.end))
            }
            RoomState::Unknown { .. } => None,
        }
    }
}

/// Ids of meetings somebody checked in to at the panel.
pub type CheckIns = BTreeSet<String>;

/// Whether `booking` must be checked in to (when check-in is enabled at all).
pub fn needs_check_in(booking: &Booking, policy: &Policy) -> bool {
    policy.checkin.enabled
        && !booking.made_here
        && !booking.all_day
        && booking.end - booking.start <= policy.checkin.exempt_over
}

/// How a meeting was checked in, as `status --json` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckInWay {
    /// At this panel (its button, or `roomsign check-in` beside it).
    ThisPanel,
    /// At another panel of the room: its marker on the room's copy of the event.
    AnotherPanel,
    /// Recorded in Exchange (its check-in API), by another device or app.
    Exchange,
}

impl CheckInWay {
    /// Stable machine name.
    pub fn name(self) -> &'static str {
        match self {
            CheckInWay::ThisPanel => "this_panel",
            CheckInWay::AnotherPanel => "another_panel",
            CheckInWay::Exchange => "exchange",
        }
    }
}

/// Who released a meeting nobody checked in to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReleasedBy {
    /// This panel declined the room's copy.
    ThisPanel,
    /// It left the room's calendar in its check-in window with nobody checked in: Exchange's
    /// auto-release or another panel of the room.
    Elsewhere,
}

impl ReleasedBy {
    /// Stable machine name.
    pub fn name(self) -> &'static str {
        match self {
            ReleasedBy::ThisPanel => "this_panel",
            ReleasedBy::Elsewhere => "elsewhere",
        }
    }
}

/// A meeting released because nobody checked in: kept for the rest of its slot, so the panel
/// says why the room is free.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Released {
    pub meeting: Booking,
    pub at: DateTime<Utc>,
    pub by: ReleasedBy,
}

/// A meeting nobody checked in to within the grace period no longer holds the room — when the
/// panel releases no-shows. Released by Exchange (or not at all), a meeting holds the room until
/// it leaves the calendar.
pub fn is_released(
    booking: &Booking,
    now: DateTime<Utc>,
    policy: &Policy,
    checked_in: &CheckIns,
) -> bool {
    policy.checkin.release == ReleaseMode::Panel
        && needs_check_in(booking, policy)
        && !checked_in.contains(&booking.id)
        && now >= booking.start + policy.checkin.release_after
}

/// Whether `booking` holds the room as seen at `now`.
pub fn holds_room(
    booking: &Booking,
    now: DateTime<Utc>,
    policy: &Policy,
    checked_in: &CheckIns,
) -> bool {
    booking.occupies() && !is_released(booking, now, policy, checked_in)
}

/// The bookings that hold the room as seen at `now`, sorted by start then end.
pub fn holding<'a>(
    bookings: &'a [Booking],
    now: DateTime<Utc>,
    policy: &Policy,
    checked_in: &CheckIns,
) -> Vec<&'a Booking> {
    let mut held: Vec<&Booking> = bookings
        .iter()
        .filter(|b| holds_room(b, now, policy, checked_in))
        .collect();
    held.sort_by(|a, b| a.start.cmp(&b.start).then(a.end.cmp(&b.end)));
    held
}

/// The meeting on at `now`, if any: of overlapping ones, the one that started last (it is the
/// one in the room), then the one ending first.
pub fn current_meeting<'a>(
    bookings: &'a [Booking],
    now: DateTime<Utc>,
    policy: &Policy,
    checked_in: &CheckIns,
) -> Option<&'a Booking> {
    holding(bookings, now, policy, checked_in)
        .into_iter()
        .filter(|b| b.is_on_at(now))
        .max_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)))
}

/// The next meeting that holds the room and starts after `now`.
pub fn next_meeting<'a>(
    bookings: &'a [Booking],
    now: DateTime<Utc>,
    policy: &Policy,
    checked_in: &CheckIns,
) -> Option<&'a Booking> {
    holding(bookings, now, policy, checked_in)
        .into_iter()
        .find(|b| b.start > now)
}

/// End of the back-to-back block of meetings that contains `at`: meetings that overlap or touch
/// merge into one block.
pub fn block_end(held: &[&Booking], at: DateTime<Utc>) -> DateTime<Utc> {
    let mut end = at;
    for b in held {
        if b.start <= end && b.end > end {
            end = b.end;
        }
    }
    end
}

/// The room's state at `now`.
pub fn room_state(
    now: DateTime<Utc>,
    schedule: &Schedule,
    policy: &Policy,
    checked_in: &CheckIns,
) -> RoomState {
    let bookings = match schedule {
        Schedule::Known(_, window) if !window.contains(now) => {
            return RoomState::Unknown {
                reason: UnknownReason::BeyondWindow,
            }
        }
        Schedule::Known(bookings, _) => bookings,
        Schedule::Unknown(reason) => {
            return RoomState::Unknown {
                reason: reason.clone(),
            }
        }
    };
    let held = holding(bookings, now, policy, checked_in);
    let awaiting = |b: &Booking| {
        needs_check_in(b, policy)
            && !checked_in.contains(&b.id)
            && now >= b.start - policy.checkin.before
    };

    if let Some(meeting) = current_meeting(bookings, now, policy, checked_in) {
        if awaiting(meeting) {
            return RoomState::AwaitingCheckIn {
                meeting: meeting.clone(),
                release_at: meeting.start + policy.checkin.release_after,
            };
        }
        return RoomState::Busy {
            meeting: meeting.clone(),
            until: block_end(&held, now),
        };
    }

    match held.into_iter().find(|b| b.start > now) {
        Some(next) if awaiting(next) => RoomState::AwaitingCheckIn {
            meeting: next.clone(),
            release_at: next.start + policy.checkin.release_after,
        },
        Some(next) if next.start - now <= policy.soon => RoomState::StartingSoon {
            meeting: next.clone(),
        },
        Some(next) => RoomState::Free {
            until: Some(next.start),
        },
        None => RoomState::Free { until: None },
    }
}

/// The next instant after `now` at which [`room_state`] can change by itself: a meeting's
/// start, end, "starting soon" threshold, check-in opening or release, or the end of the window
/// the schedule was read for. `None` when nothing ahead can change it (or the schedule is
/// unknown: only a new snapshot can).
pub fn next_state_change(
    now: DateTime<Utc>,
    schedule: &Schedule,
    policy: &Policy,
) -> Option<DateTime<Utc>> {
    let Schedule::Known(bookings, window) = schedule else {
        return None;
    };
    if !window.contains(now) {
        // Unknown, and it stays so until a new read (or a clock set back).
        return Some(window.from).filter(|t| *t > now);
    }
    bookings
        .iter()
        .filter(|b| b.occupies())
        .flat_map(|b| {
            let mut at = vec![b.start - policy.soon, b.start, b.end];
            if needs_check_in(b, policy) {
                at.push(b.start - policy.checkin.before);
                if policy.checkin.release == ReleaseMode::Panel {
                    at.push(b.start + policy.checkin.release_after);
                }
            }
            at
        })
        .filter(|t| *t > now)
        .chain(std::iter::once(window.to))
        .min()
}
