//! The room's state as a pure function of the clock, the calendar and the policy.
//!
//! Every test is a table of cases: (what the case is about, the calendar and the clock, the
//! state the panel must show). Times are on Tuesday 2026-03-10 (UTC) unless a case says
//! otherwise; the state itself does not depend on the display's time zone.

use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::Europe::Berlin;
use roomsign_core::state::{block_end, current_meeting, holding, needs_check_in, next_meeting};
use roomsign_core::{
    room_state, Booking, CheckInPolicy, CheckIns, Policy, RoomState, Schedule, ShowAs,
    UnknownReason,
};

use crate::{at, read_at, t};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// A plain busy meeting; its subject is its id.
fn mtg(id: &str, start: DateTime<Utc>, end: DateTime<Utc>) -> Booking {
    Booking {
        id: id.to_owned(),
        subject: format!("Meeting {id}"),
        organizer: Some("Ada Lovelace".to_owned()),
        start,
        end,
        all_day: false,
        private: false,
        show_as: ShowAs::Busy,
        cancelled: false,
        made_here: false,
    }
}

fn m(id: &str, start: &str, end: &str) -> Booking {
    mtg(id, t(start), t(end))
}

fn show_as(b: Booking, show_as: ShowAs) -> Booking {
    Booking { show_as, ..b }
}

fn cancelled(b: Booking) -> Booking {
    Booking {
        cancelled: true,
        ..b
    }
}

fn all_day(b: Booking) -> Booking {
    Booking { all_day: true, ..b }
}

fn made_here(b: Booking) -> Booking {
    Booking {
        made_here: true,
        ..b
    }
}

/// Check-in on with the defaults: opens 5 min before, released 10 min after the start, meetings
/// over 240 min exempt.
fn checkin_policy() -> Policy {
    Policy {
        checkin: CheckInPolicy {
            enabled: true,
            ..CheckInPolicy::default()
        },
        ..Policy::default()
    }
}

fn ids(list: &[&str]) -> CheckIns {
    list.iter().map(|s| s.to_string()).collect()
}

/// The state reduced to what the screen shows: which meeting, and the instants.
#[derive(Debug, PartialEq, Eq)]
enum Want {
    Free(Option<DateTime<Utc>>),
    Soon(&'static str),
    Busy(&'static str, DateTime<Utc>),
    Await(&'static str, DateTime<Utc>),
    Unknown(UnknownReason),
}

fn describe(state: &RoomState) -> String {
    match state {
        RoomState::Free { until } => format!("Free until {until:?}"),
        RoomState::StartingSoon { meeting } => format!("StartingSoon {}", meeting.id),
        RoomState::Busy { meeting, until } => format!("Busy {} until {until}", meeting.id),
        RoomState::AwaitingCheckIn {
            meeting,
            release_at,
        } => format!("AwaitingCheckIn {} release {release_at}", meeting.id),
        RoomState::Unknown { reason } => format!("Unknown {reason:?}"),
    }
}

fn matches(state: &RoomState, want: &Want) -> bool {
    match (state, want) {
        (RoomState::Free { until }, Want::Free(w)) => until == w,
        (RoomState::StartingSoon { meeting }, Want::Soon(id)) => meeting.id == *id,
        (RoomState::Busy { meeting, until }, Want::Busy(id, w)) => meeting.id == *id && until == w,
        (
            RoomState::AwaitingCheckIn {
                meeting,
                release_at,
            },
            Want::Await(id, w),
        ) => meeting.id == *id && release_at == w,
        (RoomState::Unknown { reason }, Want::Unknown(w)) => reason == w,
        _ => false,
    }
}

struct Case {
    what: &'static str,
    now: DateTime<Utc>,
    bookings: Vec<Booking>,
    policy: Policy,
    checked_in: CheckIns,
    want: Want,
}

fn case(what: &'static str, now: DateTime<Utc>, bookings: Vec<Booking>, want: Want) -> Case {
    Case {
        what,
        now,
        bookings,
        policy: Policy::default(),
        checked_in: CheckIns::new(),
        want,
    }
}

fn run(cases: Vec<Case>) {
    for c in cases {
        let state = room_state(
            c.now,
            &Schedule::Known(c.bookings.clone(), read_at(c.now)),
            &c.policy,
            &c.checked_in,
        );
        assert!(
            matches(&state, &c.want),
            "{}: expected {:?}, got {}",
            c.what,
            c.want,
            describe(&state)
        );
        // The order the calendar lists the events in must never matter.
        let mut reversed = c.bookings.clone();
        reversed.reverse();
        let again = room_state(
            c.now,
            &Schedule::Known(reversed, read_at(c.now)),
            &c.policy,
            &c.checked_in,
        );
        assert_eq!(
            again, state,
            "{}: the state changed when the calendar listed the events in reverse order",
            c.what
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Free, starting soon, busy
// ---------------------------------------------------------------------------------------------

#[test]
fn free_and_starting_soon() {
    run(vec![
        case("empty calendar", t("12:00"), vec![], Want::Free(None)),
        case(
            "next meeting at 14:00",
            t("12:00"),
            vec![m("a", "14:00", "15:00")],
            Want::Free(Some(t("14:00"))),
        ),
        case(
            "only past meetings: free for the rest",
            t("12:00"),
            vec![m("a", "09:00", "10:00"), m("b", "10:30", "11:59")],
            Want::Free(None),
        ),
        case(
            "a meeting's end is exclusive: free at the very instant it ends",
            t("12:00"),
            vec![m("a", "11:00", "12:00")],
            Want::Free(None),
        ),
        case(
            "past meeting then a later one: free until the later one",
            t("12:00"),
            vec![m("a", "09:00", "10:00"), m("b", "16:00", "17:00")],
            Want::Free(Some(t("16:00"))),
        ),
        case(
            "until is the earliest of several later meetings",
            t("12:00"),
            vec![
                m("c", "17:00", "18:00"),
                m("a", "13:00", "13:30"),
                m("b", "15:00", "16:00"),
            ],
            Want::Free(Some(t("13:00"))),
        ),
        case(
            "exactly 10 min before the start: starting soon",
            t("13:50"),
            vec![m("a", "14:00", "15:00")],
            Want::Soon("a"),
        ),
        case(
            "10 min 1 s before the start: still plain free",
            t("13:49:59"),
            vec![m("a", "14:00", "15:00")],
            Want::Free(Some(t("14:00"))),
        ),
        case(
            "1 s before the start: starting soon",
            t("13:59:59"),
            vec![m("a", "14:00", "15:00")],
            Want::Soon("a"),
        ),
        case(
            "at the start instant: busy",
            t("14:00"),
            vec![m("a", "14:00", "15:00")],
            Want::Busy("a", t("15:00")),
        ),
        case(
            "1 s before the end: still busy",
            t("14:59:59"),
            vec![m("a", "14:00", "15:00")],
            Want::Busy("a", t("15:00")),
        ),
        case(
            "starting soon names the first of two close meetings",
            t("13:55"),
            vec![m("b", "14:05", "15:00"), m("a", "14:00", "14:05")],
            Want::Soon("a"),
        ),
    ]);
}

#[test]
fn soon_threshold_follows_the_policy() {
    let five = Policy {
        soon: Duration::minutes(5),
        ..Policy::default()
    };
    let zero = Policy {
        soon: Duration::zero(),
        ..Policy::default()
    };
    let meeting = || vec![m("a", "14:00", "15:00")];
    run(vec![
        Case {
            policy: five.clone(),
            ..case(
                "soon = 5 min, 6 min before: free",
                t("13:54"),
                meeting(),
                Want::Free(Some(t("14:00"))),
            )
        },
        Case {
            policy: five,
            ..case(
                "soon = 5 min, 5 min before: starting soon",
                t("13:55"),
                meeting(),
                Want::Soon("a"),
            )
        },
        Case {
            policy: zero,
            ..case(
                "soon = 0: never starting soon, free until the start",
                t("13:59:59"),
                meeting(),
                Want::Free(Some(t("14:00"))),
            )
        },
    ]);
}

#[test]
fn which_events_take_the_room() {
    let now = t("14:30");
    let on = || m("a", "14:00", "15:00");
    let ahead = || m("a", "16:00", "17:00");
    run(vec![
        case(
            "busy meeting on now",
            now,
            vec![on()],
            Want::Busy("a", t("15:00")),
        ),
        case(
            "tentative occupies",
            now,
            vec![show_as(on(), ShowAs::Tentative)],
            Want::Busy("a", t("15:00")),
        ),
        case(
            "out of office occupies",
            now,
            vec![show_as(on(), ShowAs::Oof)],
            Want::Busy("a", t("15:00")),
        ),
        case(
            "working elsewhere occupies",
            now,
            vec![show_as(on(), ShowAs::WorkingElsewhere)],
            Want::Busy("a", t("15:00")),
        ),
        case(
            "unknown show-as occupies",
            now,
            vec![show_as(on(), ShowAs::Unknown)],
            Want::Busy("a", t("15:00")),
        ),
        case(
            "show-as-free never occupies",
            now,
            vec![show_as(on(), ShowAs::Free)],
            Want::Free(None),
        ),
        case(
            "cancelled never occupies",
            now,
            vec![cancelled(on())],
            Want::Free(None),
        ),
        case(
            "cancelled tentative never occupies",
            now,
            vec![cancelled(show_as(on(), ShowAs::Tentative))],
            Want::Free(None),
        ),
        case(
            "a cancelled meeting ahead is not the 'until'",
            now,
            vec![cancelled(ahead()), m("b", "18:00", "19:00")],
            Want::Free(Some(t("18:00"))),
        ),
        case(
            "a show-as-free meeting ahead is not the 'until'",
            now,
            vec![show_as(ahead(), ShowAs::Free)],
            Want::Free(None),
        ),
        case(
            "a cancelled meeting ahead is never 'starting soon'",
            t("15:55"),
            vec![cancelled(ahead())],
            Want::Free(None),
        ),
        case(
            "a tentative meeting ahead is the 'until'",
            now,
            vec![show_as(ahead(), ShowAs::Tentative)],
            Want::Free(Some(t("16:00"))),
        ),
        case(
            "zero-length event does not take the room",
            now,
            vec![m("a", "14:30", "14:30")],
            Want::Free(None),
        ),
        case(
            "event ending before it starts does not take the room",
            now,
            vec![m("a", "15:00", "14:00")],
            Want::Free(None),
        ),
        case(
            "a cancelled meeting overlapping a real one: the real one shows",
            now,
            vec![
                cancelled(m("x", "14:15", "16:00")),
                m("a", "14:00", "15:00"),
            ],
            Want::Busy("a", t("15:00")),
        ),
    ]);
}

#[test]
fn back_to_back_blocks() {
    run(vec![
        case(
            "touching meetings merge: busy until the end of the second",
            t("14:30"),
            vec![m("a", "14:00", "15:00"), m("b", "15:00", "15:30")],
            Want::Busy("a", t("15:30")),
        ),
        case(
            "overlapping meetings merge",
            t("14:10"),
            vec![m("a", "14:00", "15:00"), m("b", "14:45", "16:00")],
            Want::Busy("a", t("16:00")),
        ),
        case(
            "a 1 minute gap does not merge",
            t("14:30"),
            vec![m("a", "14:00", "15:00"), m("b", "15:01", "16:00")],
            Want::Busy("a", t("15:00")),
        ),
        case(
            "a 1 second gap does not merge",
            t("14:30"),
            vec![
                m("a", "14:00", "15:00"),
                mtg("b", t("15:00:01"), t("16:00")),
            ],
            Want::Busy("a", t("15:00")),
        ),
        case(
            "a chain of three touching meetings is one block",
            t("14:30"),
            vec![
                m("c", "16:00", "16:30"),
                m("a", "14:00", "15:00"),
                m("b", "15:00", "16:00"),
            ],
            Want::Busy("a", t("16:30")),
        ),
        case(
            "a short meeting inside a long one: the block ends with the long one",
            t("14:30"),
            vec![m("long", "14:00", "17:00"), m("short", "15:00", "15:30")],
            Want::Busy("long", t("17:00")),
        ),
        case(
            "inside two overlapping meetings the later-started one is the current",
            t("15:10"),
            vec![m("long", "14:00", "17:00"), m("short", "15:00", "15:30")],
            Want::Busy("short", t("17:00")),
        ),
        case(
            "a long meeting that started earlier extends the block of a short one",
            t("15:10"),
            vec![m("short", "15:00", "15:30"), m("long", "09:00", "18:00")],
            Want::Busy("short", t("18:00")),
        ),
        case(
            "a cancelled meeting in between breaks the block",
            t("14:30"),
            vec![
                m("a", "14:00", "15:00"),
                cancelled(m("x", "15:00", "16:00")),
                m("b", "16:00", "17:00"),
            ],
            Want::Busy("a", t("15:00")),
        ),
        case(
            "a show-as-free meeting in between breaks the block",
            t("14:30"),
            vec![
                m("a", "14:00", "15:00"),
                show_as(m("x", "15:00", "16:00"), ShowAs::Free),
                m("b", "16:00", "17:00"),
            ],
            Want::Busy("a", t("15:00")),
        ),
        case(
            "a tentative meeting in between keeps the block",
            t("14:30"),
            vec![
                m("a", "14:00", "15:00"),
                show_as(m("x", "15:00", "16:00"), ShowAs::Tentative),
                m("b", "16:00", "17:00"),
            ],
            Want::Busy("a", t("17:00")),
        ),
        case(
            "meetings before now that ended do not extend the block",
            t("14:30"),
            vec![m("old", "13:00", "14:00"), m("a", "14:00", "15:00")],
            Want::Busy("a", t("15:00")),
        ),
    ]);
}

#[test]
fn midnight_and_all_day() {
    let day = |d: &str| at(&format!("{d}T00:00:00Z"));
    run(vec![
        case(
            "a meeting crossing midnight is busy before midnight, until its end next day",
            at("2026-03-10T23:30:00Z"),
            vec![mtg(
                "late",
                at("2026-03-10T23:00:00Z"),
                at("2026-03-11T00:30:00Z"),
            )],
            Want::Busy("late", at("2026-03-11T00:30:00Z")),
        ),
        case(
            "a meeting crossing midnight is busy after midnight",
            at("2026-03-11T00:15:00Z"),
            vec![mtg(
                "late",
                at("2026-03-10T23:00:00Z"),
                at("2026-03-11T00:30:00Z"),
            )],
            Want::Busy("late", at("2026-03-11T00:30:00Z")),
        ),
        case(
            "a back-to-back block across midnight ends after midnight",
            at("2026-03-10T23:30:00Z"),
            vec![
                mtg(
                    "late",
                    at("2026-03-10T23:00:00Z"),
                    at("2026-03-11T00:30:00Z"),
                ),
                mtg(
                    "later",
                    at("2026-03-11T00:30:00Z"),
                    at("2026-03-11T01:00:00Z"),
                ),
            ],
            Want::Busy("late", at("2026-03-11T01:00:00Z")),
        ),
        case(
            "free late in the evening until tomorrow's first meeting",
            at("2026-03-10T22:00:00Z"),
            vec![mtg(
                "tomorrow",
                at("2026-03-11T08:00:00Z"),
                at("2026-03-11T09:00:00Z"),
            )],
            Want::Free(Some(at("2026-03-11T08:00:00Z"))),
        ),
        case(
            "a meeting crossing Berlin's midnight (23:30–00:30 CET) is busy at 00:10 CET",
            Berlin
                .with_ymd_and_hms(2026, 3, 11, 0, 10, 0)
                .unwrap()
                .with_timezone(&Utc),
            vec![mtg(
                "berlin",
                Berlin
                    .with_ymd_and_hms(2026, 3, 10, 23, 30, 0)
                    .unwrap()
                    .with_timezone(&Utc),
                Berlin
                    .with_ymd_and_hms(2026, 3, 11, 0, 30, 0)
                    .unwrap()
                    .with_timezone(&Utc),
            )],
            Want::Busy("berlin", at("2026-03-10T23:30:00Z")),
        ),
        case(
            "a meeting over Berlin's spring-forward hour (01:30–03:30 local, 1 h long)",
            at("2026-03-29T01:15:00Z"),
            vec![mtg(
                "dst",
                Berlin
                    .with_ymd_and_hms(2026, 3, 29, 1, 30, 0)
                    .unwrap()
                    .with_timezone(&Utc),
                Berlin
                    .with_ymd_and_hms(2026, 3, 29, 3, 30, 0)
                    .unwrap()
                    .with_timezone(&Utc),
            )],
            Want::Busy("dst", at("2026-03-29T01:30:00Z")),
        ),
        case(
            "an all-day busy event holds the room all day",
            t("12:00"),
            vec![all_day(mtg("allday", day("2026-03-10"), day("2026-03-11")))],
            Want::Busy("allday", day("2026-03-11")),
        ),
        case(
            "an all-day busy event holds the room at its first instant",
            day("2026-03-10"),
            vec![all_day(mtg("allday", day("2026-03-10"), day("2026-03-11")))],
            Want::Busy("allday", day("2026-03-11")),
        ),
        case(
            "yesterday's all-day event is over at midnight",
            day("2026-03-11"),
            vec![all_day(mtg("allday", day("2026-03-10"), day("2026-03-11")))],
            Want::Free(None),
        ),
        case(
            "an all-day show-as-free event (a note) leaves the room free",
            t("12:00"),
            vec![
                all_day(show_as(
                    mtg("note", day("2026-03-10"), day("2026-03-11")),
                    ShowAs::Free,
                )),
                m("a", "15:00", "16:00"),
            ],
            Want::Free(Some(t("15:00"))),
        ),
        case(
            "an all-day event and tomorrow's early meeting touching it form one block",
            t("12:00"),
            vec![
                all_day(mtg("allday", day("2026-03-10"), day("2026-03-11"))),
                mtg("early", day("2026-03-11"), at("2026-03-11T01:00:00Z")),
            ],
            Want::Busy("allday", at("2026-03-11T01:00:00Z")),
        ),
        case(
            "a meeting during an all-day event is the current one; block ends with the day",
            t("12:10"),
            vec![
                all_day(mtg("allday", day("2026-03-10"), day("2026-03-11"))),
                m("a", "12:00", "13:00"),
            ],
            Want::Busy("a", day("2026-03-11")),
        ),
    ]);
}

#[test]
fn unknown_schedule() {
    let cases = [
        (
            "never synced",
            UnknownReason::NeverSynced,
            Want::Unknown(UnknownReason::NeverSynced),
        ),
        (
            "clock not synchronised",
            UnknownReason::ClockNotSynchronised,
            Want::Unknown(UnknownReason::ClockNotSynchronised),
        ),
    ];
    for (what, reason, want) in cases {
        for policy in [Policy::default(), checkin_policy()] {
            let state = room_state(
                t("14:30"),
                &Schedule::Unknown(reason.clone()),
                &policy,
                &ids(&["a"]),
            );
            assert!(
                matches(&state, &want),
                "{what}: expected {want:?}, got {}",
                describe(&state)
            );
            assert_eq!(state.name(), "unknown", "{what}: machine name");
            assert_eq!(state.until(), None, "{what}: an unknown state has no end");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Check-in and auto-release
// ---------------------------------------------------------------------------------------------

#[test]
fn check_in_window_and_release() {
    let with = |what, now, bookings, checked: &[&str], want| Case {
        policy: checkin_policy(),
        checked_in: ids(checked),
        ..case(what, now, bookings, want)
    };
    let a = || m("a", "14:00", "15:00");
    run(vec![
        with(
            "11 min before: free (check-in not open yet)",
            t("13:49"),
            vec![a()],
            &[],
            Want::Free(Some(t("14:00"))),
        ),
        with(
            "5 min 1 s before: starting soon (check-in not open yet)",
            t("13:54:59"),
            vec![a()],
            &[],
            Want::Soon("a"),
        ),
        with(
            "exactly 5 min before: check-in opens",
            t("13:55"),
            vec![a()],
            &[],
            Want::Await("a", t("14:10")),
        ),
        with(
            "at the start: awaiting check-in",
            t("14:00"),
            vec![a()],
            &[],
            Want::Await("a", t("14:10")),
        ),
        with(
            "1 s before the release: still awaiting",
            t("14:09:59"),
            vec![a()],
            &[],
            Want::Await("a", t("14:10")),
        ),
        with(
            "at the release: nobody came, the room is free",
            t("14:10"),
            vec![a()],
            &[],
            Want::Free(None),
        ),
        with(
            "well after the release: still free",
            t("14:45"),
            vec![a()],
            &[],
            Want::Free(None),
        ),
        with(
            "released, the next meeting is 20 min away: free until it",
            t("14:10"),
            vec![a(), m("b", "14:30", "15:30")],
            &[],
            Want::Free(Some(t("14:30"))),
        ),
        with(
            "released, the next meeting is 8 min away: starting soon",
            t("14:10"),
            vec![a(), m("b", "14:18", "15:00")],
            &[],
            Want::Soon("b"),
        ),
        with(
            "released, the next meeting is 5 min away: its check-in is open",
            t("14:10"),
            vec![a(), m("b", "14:15", "15:00")],
            &[],
            Want::Await("b", t("14:25")),
        ),
        with(
            "checked in after the start: busy",
            t("14:02"),
            vec![a()],
            &["a"],
            Want::Busy("a", t("15:00")),
        ),
        with(
            "checked in: still busy after the release time",
            t("14:30"),
            vec![a()],
            &["a"],
            Want::Busy("a", t("15:00")),
        ),
        with(
            "checked in before the start: starting soon, not awaiting",
            t("13:57"),
            vec![a()],
            &["a"],
            Want::Soon("a"),
        ),
        with(
            "a check-in for another meeting does not count",
            t("14:30"),
            vec![a()],
            &["b"],
            Want::Free(None),
        ),
        with(
            "exempt: a meeting over 240 min needs no check-in",
            t("14:30"),
            vec![m("long", "14:00", "18:01")],
            &[],
            Want::Busy("long", t("18:01")),
        ),
        with(
            "exactly 240 min still needs a check-in (released)",
            t("14:10"),
            vec![m("four", "14:00", "18:00")],
            &[],
            Want::Free(None),
        ),
        with(
            "exempt: an all-day meeting needs no check-in",
            t("14:30"),
            vec![all_day(mtg(
                "allday",
                at("2026-03-10T00:00:00Z"),
                at("2026-03-11T00:00:00Z"),
            ))],
            &[],
            Want::Busy("allday", at("2026-03-11T00:00:00Z")),
        ),
        with(
            "exempt: a meeting booked at this panel needs no check-in",
            t("14:30"),
            vec![made_here(a())],
            &[],
            Want::Busy("a", t("15:00")),
        ),
        with(
            "exempt: a meeting booked here is starting soon, not awaiting, before its start",
            t("13:57"),
            vec![made_here(a())],
            &[],
            Want::Soon("a"),
        ),
        with(
            "a cancelled meeting never asks for a check-in",
            t("14:00"),
            vec![cancelled(a())],
            &[],
            Want::Free(None),
        ),
        with(
            "a show-as-free meeting never asks for a check-in",
            t("14:00"),
            vec![show_as(a(), ShowAs::Free)],
            &[],
            Want::Free(None),
        ),
        with(
            "own meeting then a no-show meeting: busy until the end of both, as seen now",
            t("13:57"),
            vec![made_here(m("own", "13:00", "14:00")), a()],
            &[],
            Want::Busy("own", t("15:00")),
        ),
        with(
            "own meeting then a no-show meeting: at 14:00 the second asks for check-in",
            t("14:00"),
            vec![made_here(m("own", "13:00", "14:00")), a()],
            &[],
            Want::Await("a", t("14:10")),
        ),
        with(
            "a no-show meeting released in the middle of a block no longer extends it",
            t("14:20"),
            vec![a(), made_here(m("own", "14:15", "14:30"))],
            &[],
            Want::Busy("own", t("14:30")),
        ),
    ]);

    // Check-in off (the default): the same meeting stays busy past the release time.
    run(vec![case(
        "check-in disabled: no release",
        t("14:30"),
        vec![a()],
        Want::Busy("a", t("15:00")),
    )]);
}

#[test]
fn check_in_timings_follow_the_policy() {
    let policy = Policy {
        checkin: CheckInPolicy {
            enabled: true,
            before: Duration::minutes(15),
            release_after: Duration::minutes(20),
            exempt_over: Duration::minutes(30),
            ..CheckInPolicy::default()
        },
        ..Policy::default()
    };
    let with = |what, now, bookings, want| Case {
        policy: policy.clone(),
        ..case(what, now, bookings, want)
    };
    run(vec![
        with(
            "before = 15 min: check-in opens 15 min before (ahead of 'soon')",
            t("13:45"),
            vec![m("a", "14:00", "14:30")],
            Want::Await("a", t("14:20")),
        ),
        with(
            "release_after = 20 min: still awaiting at 14:19",
            t("14:19"),
            vec![m("a", "14:00", "14:30")],
            Want::Await("a", t("14:20")),
        ),
        with(
            "release_after = 20 min: released at 14:20",
            t("14:20"),
            vec![m("a", "14:00", "14:30")],
            Want::Free(None),
        ),
        with(
            "exempt_over = 30 min: a 31 min meeting is exempt",
            t("14:25"),
            vec![m("a", "14:00", "14:31")],
            Want::Busy("a", t("14:31")),
        ),
    ]);
}

#[test]
fn state_names_and_end_instants() {
    let policy = checkin_policy();
    let none = CheckIns::new();
    // (what, now, calendar, state name, until)
    type Row = (
        &'static str,
        DateTime<Utc>,
        Vec<Booking>,
        &'static str,
        Option<DateTime<Utc>>,
    );
    let cases: Vec<Row> = vec![
        ("free, nothing ahead", t("09:00"), vec![], "free", None),
        (
            "free until the next start",
            t("09:00"),
            vec![m("a", "10:00", "11:00")],
            "free",
            Some(t("10:00")),
        ),
        (
            "starting soon ends when the meeting starts",
            t("09:52"),
            vec![m("a", "10:00", "11:00")],
            "starting_soon",
            Some(t("10:00")),
        ),
        (
            "busy ends at the end of the block",
            t("10:20"),
            vec![
                made_here(m("a", "10:00", "11:00")),
                m("b", "11:00", "11:45"),
            ],
            "busy",
            Some(t("11:45")),
        ),
        (
            "awaiting check-in ends at the release",
            t("10:02"),
            vec![m("a", "10:00", "11:00")],
            "awaiting_check_in",
            Some(t("10:10")),
        ),
        (
            "awaiting check-in of a meeting shorter than the grace ends with the meeting",
            t("10:02"),
            vec![m("a", "10:00", "10:05")],
            "awaiting_check_in",
            Some(t("10:05")),
        ),
    ];
    for (what, now, bookings, name, until) in cases {
        let state = room_state(
            now,
            &Schedule::Known(bookings, read_at(now)),
            &policy,
            &none,
        );
        assert_eq!(state.name(), name, "{what}: state name");
        assert_eq!(state.until(), until, "{what}: until");
    }
}

// ---------------------------------------------------------------------------------------------
// The building blocks the screen also uses
// ---------------------------------------------------------------------------------------------

#[test]
fn current_and_next_meeting() {
    let policy = Policy::default();
    let none = CheckIns::new();
    let bookings = vec![
        m("late", "16:00", "17:00"),
        cancelled(m("gone", "14:30", "15:30")),
        m("long", "13:00", "16:00"),
        m("short", "14:00", "14:30"),
        show_as(m("free", "15:00", "15:15"), ShowAs::Free),
    ];
    // (what, now, current meeting, next meeting)
    type Row = (
        &'static str,
        DateTime<Utc>,
        Option<&'static str>,
        Option<&'static str>,
    );
    let cases: Vec<Row> = vec![
        ("before everything", t("12:00"), None, Some("long")),
        (
            "in the long meeting only",
            t("13:30"),
            Some("long"),
            Some("short"),
        ),
        (
            "short started last: it is current",
            t("14:10"),
            Some("short"),
            Some("late"),
        ),
        (
            "cancelled and show-as-free are skipped",
            t("15:05"),
            Some("long"),
            Some("late"),
        ),
        ("last meeting", t("16:30"), Some("late"), None),
        ("after everything", t("17:00"), None, None),
    ];
    for (what, now, current, next) in cases {
        assert_eq!(
            current_meeting(&bookings, now, &policy, &none).map(|b| b.id.as_str()),
            current,
            "{what}: current meeting"
        );
        assert_eq!(
            next_meeting(&bookings, now, &policy, &none).map(|b| b.id.as_str()),
            next,
            "{what}: next meeting"
        );
    }
}

#[test]
fn holding_is_sorted_and_filtered() {
    let policy = checkin_policy();
    let bookings = vec![
        m("c", "16:00", "17:00"),
        cancelled(m("x", "09:00", "10:00")),
        m("b2", "14:00", "15:00"),
        m("b1", "14:00", "14:30"),
        m("noshow", "11:00", "12:00"),
        made_here(m("own", "12:00", "13:00")),
    ];
    let cases: Vec<(&str, CheckIns, Vec<&str>)> = vec![
        (
            "nobody checked in: the no-show is released, cancelled dropped",
            CheckIns::new(),
            vec!["own", "b1", "b2", "c"],
        ),
        (
            "checked in to the 11:00 meeting: it keeps the room",
            ids(&["noshow"]),
            vec!["noshow", "own", "b1", "b2", "c"],
        ),
    ];
    for (what, checked, want) in cases {
        let got: Vec<&str> = holding(&bookings, t("13:30"), &policy, &checked)
            .into_iter()
            .map(|b| b.id.as_str())
            .collect();
        assert_eq!(got, want, "{what}");
    }
}

#[test]
fn block_end_table() {
    let a = m("a", "10:00", "11:00");
    let b = m("b", "11:00", "12:00");
    let c = m("c", "12:30", "13:00");
    let d = m("d", "10:30", "12:45");
    // (what, meetings holding the room, instant, block end)
    type Row<'a> = (&'static str, Vec<&'a Booking>, DateTime<Utc>, DateTime<Utc>);
    let cases: Vec<Row> = vec![
        ("inside a lone meeting", vec![&a], t("10:15"), t("11:00")),
        (
            "touching meetings merge",
            vec![&a, &b],
            t("10:15"),
            t("12:00"),
        ),
        (
            "a gap stops the block",
            vec![&a, &b, &c],
            t("10:15"),
            t("12:00"),
        ),
        (
            "an overlap bridges the gap",
            vec![&a, &d, &b, &c],
            t("10:15"),
            t("13:00"),
        ),
        (
            "outside every meeting: the instant itself",
            vec![&a, &b],
            t("12:10"),
            t("12:10"),
        ),
    ];
    for (what, held, at, want) in cases {
        assert_eq!(block_end(&held, at), want, "{what}");
    }
}

#[test]
fn needs_check_in_table() {
    let on = checkin_policy();
    let off = Policy::default();
    let cases: Vec<(&str, Booking, &Policy, bool)> = vec![
        ("check-in off", m("a", "10:00", "11:00"), &off, false),
        ("ordinary meeting", m("a", "10:00", "11:00"), &on, true),
        (
            "booked here",
            made_here(m("a", "10:00", "11:00")),
            &on,
            false,
        ),
        ("all day", all_day(m("a", "00:00", "23:59")), &on, false),
        ("exactly 240 min", m("a", "10:00", "14:00"), &on, true),
        ("241 min", m("a", "10:00", "14:01"), &on, false),
    ];
    for (what, booking, policy, want) in cases {
        assert_eq!(needs_check_in(&booking, policy), want, "{what}");
    }
}

#[test]
fn outside_the_window_read_the_state_is_unknown() {
    let window = roomsign_core::Window::new(t("00:00"), t("00:00") + Duration::days(2));
    let free_day = Schedule::Known(vec![], window);
    let busy_day = Schedule::Known(vec![m("a", "09:00", "10:00")], window);
    let none = CheckIns::new();
    let policy = Policy::default();
    let beyond = RoomState::Unknown {
        reason: UnknownReason::BeyondWindow,
    };
    let cases: Vec<(&str, DateTime<Utc>, &Schedule, RoomState)> = vec![
        (
            "inside, nothing booked",
            t("12:00"),
            &free_day,
            RoomState::Free { until: None },
        ),
        (
            "the last instant of the window",
            t("00:00") + Duration::days(2) - Duration::seconds(1),
            &free_day,
            RoomState::Free { until: None },
        ),
        (
            "the window's end",
            t("00:00") + Duration::days(2),
            &free_day,
            beyond.clone(),
        ),
        (
            "51 h after a read at 09:00",
            t("09:00") + Duration::hours(51),
            &free_day,
            beyond.clone(),
        ),
        (
            "a week later",
            t("12:00") + Duration::days(7),
            &busy_day,
            beyond.clone(),
        ),
        (
            "before the window (clock set back)",
            t("09:30") - Duration::days(1),
            &busy_day,
            beyond.clone(),
        ),
    ];
    for (what, now, schedule, want) in cases {
        assert_eq!(room_state(now, schedule, &policy, &none), want, "{what}");
    }
}
