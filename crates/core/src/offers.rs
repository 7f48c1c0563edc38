//! What may be booked at the door right now: the Book sheet's duration chips.

use chrono::{DateTime, Duration, DurationRound, Utc};

use super::state::{holding, next_meeting, CheckIns, RoomState};
use super::{Booking, Policy};

/// The fixed durations offered, in minutes.
pub const FIXED_MINUTES: [i64; 4] = [15, 30, 45, 60];

/// Which chip this is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OfferKind {
    /// One of [`FIXED_MINUTES`].
    Fixed,
    /// Up to the start of the next meeting.
    UntilNext,
}

/// Why a chip is disabled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unavailable {
    /// It would run into the meeting that starts at this instant.
    MeetingAt(DateTime<Utc>),
    /// Longer than the policy allows (the limit in minutes).
    OverLimit(i64),
    /// Shorter than the policy's minimum (the minimum in minutes).
    TooShort(i64),
}

/// One duration chip on the Book sheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Offer {
    pub kind: OfferKind,
    pub minutes: i64,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// `None` when the chip can be tapped.
    pub unavailable: Option<Unavailable>,
}

impl Offer {
    pub fn is_available(&self) -> bool {
        self.unavailable.is_none()
    }
}

/// A door booking starts now, to the minute.
pub fn booking_start(now: DateTime<Utc>) -> DateTime<Utc> {
    now.duration_trunc(Duration::minutes(1)).unwrap_or(now)
}

/// The chips to show for a room in `state` at `now`. Empty when the room cannot be booked now
/// (busy, awaiting check-in, unknown).
pub fn offers(
    now: DateTime<Utc>,
    state: &RoomState,
    bookings: &[Booking],
    policy: &Policy,
    checked_in: &CheckIns,
) -> Vec<Offer> {
    if !matches!(
        state,
        RoomState::Free { .. } | RoomState::StartingSoon { .. }
    ) {
        return Vec::new();
    }
    // Start at the minute, but never inside a meeting that ended within this minute.
    let start = holding(bookings, now, policy, checked_in)
        .into_iter()
        .map(|b| b.end)
        .filter(|&end| end <= now)
        .fold(booking_start(now), DateTime::max);
    let next = next_meeting(bookings, now, policy, checked_in);
    let gap = next.map(|b| (b.start - start).num_minutes());
    let max = policy.max_booking.num_minutes();
    let min = policy.min_booking.num_minutes();

    let mut chips: Vec<Offer> = FIXED_MINUTES
        .iter()
        .map(|&minutes| {
            let unavailable = if minutes > max {
                Some(Unavailable::OverLimit(max))
            } else if gap.is_some_and(|gap| minutes > gap) {
                next.map(|b| Unavailable::MeetingAt(b.start))
            } else {
                None
            };
            Offer {
                kind: OfferKind::Fixed,
                minutes,
                start,
                end: start + Duration::minutes(minutes),
                unavailable,
            }
        })
        .collect();

    if let Some(gap) = gap {
        let unavailable = if gap < min {
            Some(Unavailable::TooShort(min))
        } else if gap > max {
            Some(Unavailable::OverLimit(max))
        } else {
            None
        };
        // Whole minutes, so the chip books exactly what it says (a meeting may start on a
        // second).
        let minutes = gap.max(0);
        chips.push(Offer {
            kind: OfferKind::UntilNext,
            minutes,
            start,
            end: start + Duration::minutes(minutes),
            unavailable,
        });
    }
    chips
}
