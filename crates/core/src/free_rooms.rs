//! "Find a free room": which other rooms are free from now for long enough, nearest first, and
//! the words for each on the Free rooms screen.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use super::language::Language;
use super::rooms::RoomChoice;
use super::view::{clock_time, local_day, ViewSettings};
use crate::tr;

/// How long a room must stay free to be offered (the "at least 30 min").
pub const MIN_FREE_MINUTES: i64 = 30;

/// The longest booking offered for another room.
pub const MAX_OFFER_MINUTES: i64 = 60;

/// Offers are whole quarters of an hour.
const STEP_MINUTES: i64 = 15;

/// A stretch of time, from start (inclusive) to end (exclusive).
pub type Interval = (DateTime<Utc>, DateTime<Utc>);

/// What a room's calendar says about the asked window: the times it is taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Availability {
    pub room: RoomChoice,
    /// Busy, tentative, out-of-office (anything but free) intervals within the window, in any
    /// order; they may overlap.
    pub busy: Vec<Interval>,
}

/// A room free from now, with the booking to offer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FreeRoom {
    pub room: RoomChoice,
    /// When its next meeting starts; `None`: free to the end of the window.
    pub free_until: Option<DateTime<Utc>>,
    /// The booking to offer: the free time up to an hour, in whole quarters of an hour.
    pub minutes: i64,
}

/// The end of the window to ask about at `now`: the end of the local day, and at least the
/// longest offer away (so a room is still found late in the evening).
pub fn window_end(now: DateTime<Utc>, tz: Tz) -> DateTime<Utc> {
    let (_, day_end) = local_day(now, tz);
    day_end.max(now + Duration::minutes(MAX_OFFER_MINUTES))
}

/// When `busy` next takes the room, from `now`: `Err(())` when taken at `now`, `Ok(None)` when
/// free to the end of the window.
fn next_busy(
    now: DateTime<Utc>,
    busy: &[Interval],
    window_end: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, ()> {
    let mut next: Option<DateTime<Utc>> = None;
    for &(start, _) in busy.iter().filter(|(s, e)| e > s && *e > now) {
        if start <= now {
            return Err(());
        }
        if start < window_end {
            next = Some(next.map_or(start, |n| n.min(start)));
        }
    }
    Ok(next)
}

/// How near a room is to `here`: 0 same building and floor, 1 same building, 2 elsewhere.
fn nearness(room: &RoomChoice, here: Option<&RoomChoice>) -> u8 {
    let same = |a: &Option<String>, b: &Option<String>| match (a.as_deref(), b.as_deref()) {
        (Some(a), Some(b)) => !a.trim().is_empty() && a.trim().eq_ignore_ascii_case(b.trim()),
        _ => false,
    };
    match here {
        Some(here) if same(&room.building, &here.building) => {
            if same(&room.floor, &here.floor) {
                0
            } else {
                1
            }
        }
        _ => 2,
    }
}

/// A room for one (a phone booth): known to seat a single person. Someone who leaves a meeting
/// room at the door is rarely alone, so such rooms come after every room for a group.
fn for_one(room: &RoomChoice) -> bool {
    room.capacity == Some(1)
}

/// The rooms free from `now` for at least `min_free` (and a quarter of an hour), except the
/// panel's own room `here`: rooms for a group before rooms for one; then same building and
/// floor first, then same building, then the rest; within each, those free longest first, then
/// by name. Each room is listed once.
pub fn free_rooms(
    now: DateTime<Utc>,
    here: Option<&RoomChoice>,
    rooms: &[Availability],
    window_end: DateTime<Utc>,
    min_free: Duration,
) -> Vec<FreeRoom> {
    let min_free = min_free.max(Duration::minutes(STEP_MINUTES));
    let mut seen = std::collections::HashSet::new();
    if let Some(here) = here {
        seen.insert(here.email.to_lowercase());
    }
    let mut out: Vec<FreeRoom> = rooms
        .iter()
        .filter(|a| seen.insert(a.room.email.to_lowercase()))
        .filter_map(|a| {
            let free_until = next_busy(now, &a.busy, window_end).ok()?;
            let free = free_until.unwrap_or(window_end) - now;
            if free < min_free {
                return None;
            }
            let minutes = free.num_minutes().min(MAX_OFFER_MINUTES) / STEP_MINUTES * STEP_MINUTES;
            Some(FreeRoom {
                room: a.room.clone(),
                free_until,
                minutes,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        for_one(&a.room)
            .cmp(&for_one(&b.room))
            .then_with(|| nearness(&a.room, here).cmp(&nearness(&b.room, here)))
            .then_with(|| {
                let until = |r: &FreeRoom| r.free_until.unwrap_or(window_end);
                until(b).cmp(&until(a))
            })
            .then_with(|| a.room.name.to_lowercase().cmp(&b.room.name.to_lowercase()))
            .then_with(|| a.room.email.cmp(&b.room.email))
    });
    out
}

/// One row of the Free rooms screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FreeRoomView {
    /// The room's address, to book it.
    pub email: String,
    pub name: String,
    /// "Free until 14:00" or "Free for the rest of the day".
    pub free: String,
    /// "Building 1 · Floor 4 · 8 seats", leaving out what is unknown.
    pub details: String,
    pub minutes: i64,
    /// "Book 30 min".
    pub button: String,
}

/// The rows of the Free rooms screen, in the order of `rooms`.
pub fn free_room_views(
    now: DateTime<Utc>,
    rooms: &[FreeRoom],
    settings: &ViewSettings,
) -> Vec<FreeRoomView> {
    let (_, day_end) = local_day(now, settings.tz);
    rooms
        .iter()
        .map(|r| FreeRoomView {
            email: r.room.email.clone(),
            name: r.room.name.clone(),
            free: match r.free_until {
                Some(until) if until < day_end => tr!(
                    settings.language(),
                    "free-room-until",
                    time = clock_time(until, settings)
                ),
                _ => tr!(settings.language(), "free-room-rest-of-day"),
            },
            details: r.room.details(settings.language()),
            minutes: r.minutes,
            button: crate::labels::book_minutes_label(r.minutes, settings.language()),
        })
        .collect()
}

/// Where the search for free rooms stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lookup<'a> {
    /// Asked, no answer yet.
    Looking,
    /// The answer: the rooms free now (perhaps none).
    Found(&'a [FreeRoom]),
    /// The rooms could not be looked up (the reason goes to the log, not the door).
    Failed,
}

/// The line above (or instead of) the list: empty while rooms are listed. One plain sentence
/// for a walk-up person: no address, no error number.
pub fn free_rooms_note(lookup: Lookup<'_>, min_free: Duration, language: Language) -> String {
    match lookup {
        Lookup::Looking => tr!(language, "free-rooms-looking"),
        Lookup::Found([]) => tr!(
            language,
            "free-rooms-none",
            duration = crate::view::minutes_words(min_free.num_minutes(), language)
        ),
        Lookup::Found(_) => String::new(),
        Lookup::Failed => tr!(language, "free-rooms-failed"),
    }
}
