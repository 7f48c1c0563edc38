//! The Book sheet's duration chips: 15, 30, 45, 60 min and "until the next meeting"; only what
//! fits is available, and a disabled chip says why.

use chrono::{DateTime, Duration, Utc};
use roomsign_core::offers::{booking_start, offers, Offer, OfferKind, Unavailable};
use roomsign_core::{
    room_state, Booking, CheckInPolicy, CheckIns, Policy, RoomState, Schedule, ShowAs,
    UnknownReason,
};

use crate::{read_at, t};

fn m(id: &str, start: &str, end: &str) -> Booking {
    Booking {
        id: id.to_owned(),
        subject: format!("Meeting {id}"),
        organizer: None,
        start: t(start),
        end: t(end),
        all_day: false,
        private: false,
        show_as: ShowAs::Busy,
        cancelled: false,
        made_here: false,
    }
}

fn policy_max(minutes: i64) -> Policy {
    Policy {
        max_booking: Duration::minutes(minutes),
        ..Policy::default()
    }
}

fn checkin_policy() -> Policy {
    Policy {
        checkin: CheckInPolicy {
            enabled: true,
            ..CheckInPolicy::default()
        },
        ..Policy::default()
    }
}

/// A chip as the sheet shows it: kind, minutes, end and why it is disabled.
type Want = (OfferKind, i64, DateTime<Utc>, Option<Unavailable>);

fn fixed(minutes: i64, end: &str, why: Option<Unavailable>) -> Want {
    (OfferKind::Fixed, minutes, t(end), why)
}

fn until_next(minutes: i64, end: &str, why: Option<Unavailable>) -> Want {
    (OfferKind::UntilNext, minutes, t(end), why)
}

fn meeting_at(hm: &str) -> Option<Unavailable> {
    Some(Unavailable::MeetingAt(t(hm)))
}

/// The chips the panel offers at `now` (the state computed the way the panel does).
fn chips_at(now: DateTime<Utc>, bookings: &[Booking], policy: &Policy) -> Vec<Offer> {
    let none = CheckIns::new();
    let state = room_state(
        now,
        &Schedule::Known(bookings.to_vec(), read_at(now)),
        policy,
        &none,
    );
    offers(now, &state, bookings, policy, &none)
}

fn summary(chips: &[Offer]) -> Vec<Want> {
    chips
        .iter()
        .map(|o| (o.kind, o.minutes, o.end, o.unavailable))
        .collect()
}

#[test]
fn chips_by_what_fits() {
    let ok = None;
    // (what, now, calendar, policy, expected chips)
    type Row = (&'static str, &'static str, Vec<Booking>, Policy, Vec<Want>);
    let cases: Vec<Row> = vec![
        (
            "nothing ahead: all four fixed chips, no 'until' chip",
            "10:00",
            vec![],
            Policy::default(),
            vec![
                fixed(15, "10:15", ok),
                fixed(30, "10:30", ok),
                fixed(45, "10:45", ok),
                fixed(60, "11:00", ok),
            ],
        ),
        (
            "only past meetings: no 'until' chip",
            "10:00",
            vec![m("past", "08:00", "09:00")],
            Policy::default(),
            vec![
                fixed(15, "10:15", ok),
                fixed(30, "10:30", ok),
                fixed(45, "10:45", ok),
                fixed(60, "11:00", ok),
            ],
        ),
        (
            "meeting at 10:40: 15 and 30 fit, 45 and 60 run into it",
            "10:00",
            vec![m("a", "10:40", "11:00")],
            Policy::default(),
            vec![
                fixed(15, "10:15", ok),
                fixed(30, "10:30", ok),
                fixed(45, "10:45", meeting_at("10:40")),
                fixed(60, "11:00", meeting_at("10:40")),
                until_next(40, "10:40", ok),
            ],
        ),
        (
            "meeting at exactly 10:30: the 30 min chip ends as it starts, so it fits",
            "10:00",
            vec![m("a", "10:30", "11:00")],
            Policy::default(),
            vec![
                fixed(15, "10:15", ok),
                fixed(30, "10:30", ok),
                fixed(45, "10:45", meeting_at("10:30")),
                fixed(60, "11:00", meeting_at("10:30")),
                until_next(30, "10:30", ok),
            ],
        ),
        (
            "meeting at 10:29: the 30 min chip no longer fits",
            "10:00",
            vec![m("a", "10:29", "11:00")],
            Policy::default(),
            vec![
                fixed(15, "10:15", ok),
                fixed(30, "10:30", meeting_at("10:29")),
                fixed(45, "10:45", meeting_at("10:29")),
                fixed(60, "11:00", meeting_at("10:29")),
                until_next(29, "10:29", ok),
            ],
        ),
        (
            "starting soon, meeting in 4 min: nothing fits, 'until' is under the 5 min minimum",
            "10:00",
            vec![m("a", "10:04", "11:00")],
            Policy::default(),
            vec![
                fixed(15, "10:15", meeting_at("10:04")),
                fixed(30, "10:30", meeting_at("10:04")),
                fixed(45, "10:45", meeting_at("10:04")),
                fixed(60, "11:00", meeting_at("10:04")),
                until_next(4, "10:04", Some(Unavailable::TooShort(5))),
            ],
        ),
        (
            "starting soon, meeting in exactly 5 min: 'until' is allowed",
            "10:00",
            vec![m("a", "10:05", "11:00")],
            Policy::default(),
            vec![
                fixed(15, "10:15", meeting_at("10:05")),
                fixed(30, "10:30", meeting_at("10:05")),
                fixed(45, "10:45", meeting_at("10:05")),
                fixed(60, "11:00", meeting_at("10:05")),
                until_next(5, "10:05", ok),
            ],
        ),
        (
            "next meeting in exactly 120 min: 'until' is at the default limit, allowed",
            "10:00",
            vec![m("a", "12:00", "13:00")],
            Policy::default(),
            vec![
                fixed(15, "10:15", ok),
                fixed(30, "10:30", ok),
                fixed(45, "10:45", ok),
                fixed(60, "11:00", ok),
                until_next(120, "12:00", ok),
            ],
        ),
        (
            "next meeting in 121 min: 'until' is over the default 120 min limit",
            "10:00",
            vec![m("a", "12:01", "13:00")],
            Policy::default(),
            vec![
                fixed(15, "10:15", ok),
                fixed(30, "10:30", ok),
                fixed(45, "10:45", ok),
                fixed(60, "11:00", ok),
                until_next(121, "12:01", Some(Unavailable::OverLimit(120))),
            ],
        ),
        (
            "policy max 30, nothing ahead: 45 and 60 are over the limit",
            "10:00",
            vec![],
            policy_max(30),
            vec![
                fixed(15, "10:15", ok),
                fixed(30, "10:30", ok),
                fixed(45, "10:45", Some(Unavailable::OverLimit(30))),
                fixed(60, "11:00", Some(Unavailable::OverLimit(30))),
            ],
        ),
        (
            "policy max 30, meeting at 10:20: the limit is named before the meeting",
            "10:00",
            vec![m("a", "10:20", "11:00")],
            policy_max(30),
            vec![
                fixed(15, "10:15", ok),
                fixed(30, "10:30", meeting_at("10:20")),
                fixed(45, "10:45", Some(Unavailable::OverLimit(30))),
                fixed(60, "11:00", Some(Unavailable::OverLimit(30))),
                until_next(20, "10:20", ok),
            ],
        ),
        (
            "policy max 30, meeting at 10:40: 'until' (40 min) is over the limit",
            "10:00",
            vec![m("a", "10:40", "11:00")],
            policy_max(30),
            vec![
                fixed(15, "10:15", ok),
                fixed(30, "10:30", ok),
                fixed(45, "10:45", Some(Unavailable::OverLimit(30))),
                fixed(60, "11:00", Some(Unavailable::OverLimit(30))),
                until_next(40, "10:40", Some(Unavailable::OverLimit(30))),
            ],
        ),
        (
            "policy min 10, meeting in 8 min: 'until' is under 10 min",
            "10:00",
            vec![m("a", "10:08", "11:00")],
            Policy {
                min_booking: Duration::minutes(10),
                ..Policy::default()
            },
            vec![
                fixed(15, "10:15", meeting_at("10:08")),
                fixed(30, "10:30", meeting_at("10:08")),
                fixed(45, "10:45", meeting_at("10:08")),
                fixed(60, "11:00", meeting_at("10:08")),
                until_next(8, "10:08", Some(Unavailable::TooShort(10))),
            ],
        ),
        (
            "start is truncated to the minute: 10:07:45 books from 10:07",
            "10:07:45",
            vec![m("a", "10:40", "11:00")],
            Policy::default(),
            vec![
                fixed(15, "10:22", ok),
                fixed(30, "10:37", ok),
                fixed(45, "10:52", meeting_at("10:40")),
                fixed(60, "11:07", meeting_at("10:40")),
                until_next(33, "10:40", ok),
            ],
        ),
        (
            "a cancelled meeting ahead does not limit the chips",
            "10:00",
            vec![Booking {
                cancelled: true,
                ..m("a", "10:20", "11:00")
            }],
            Policy::default(),
            vec![
                fixed(15, "10:15", ok),
                fixed(30, "10:30", ok),
                fixed(45, "10:45", ok),
                fixed(60, "11:00", ok),
            ],
        ),
        (
            "a show-as-free meeting ahead does not limit the chips",
            "10:00",
            vec![Booking {
                show_as: ShowAs::Free,
                ..m("a", "10:20", "11:00")
            }],
            Policy::default(),
            vec![
                fixed(15, "10:15", ok),
                fixed(30, "10:30", ok),
                fixed(45, "10:45", ok),
                fixed(60, "11:00", ok),
            ],
        ),
        (
            "a tentative meeting ahead limits the chips",
            "10:00",
            vec![Booking {
                show_as: ShowAs::Tentative,
                ..m("a", "10:20", "11:00")
            }],
            Policy::default(),
            vec![
                fixed(15, "10:15", ok),
                fixed(30, "10:30", meeting_at("10:20")),
                fixed(45, "10:45", meeting_at("10:20")),
                fixed(60, "11:00", meeting_at("10:20")),
                until_next(20, "10:20", ok),
            ],
        ),
        (
            "the nearest of several meetings ahead limits the chips",
            "10:00",
            vec![m("far", "12:00", "13:00"), m("near", "10:50", "11:00")],
            Policy::default(),
            vec![
                fixed(15, "10:15", ok),
                fixed(30, "10:30", ok),
                fixed(45, "10:45", ok),
                fixed(60, "11:00", meeting_at("10:50")),
                until_next(50, "10:50", ok),
            ],
        ),
        (
            "just after a meeting ended: the room can be booked right away",
            "11:00",
            vec![m("a", "10:00", "11:00"), m("b", "11:45", "12:00")],
            Policy::default(),
            vec![
                fixed(15, "11:15", ok),
                fixed(30, "11:30", ok),
                fixed(45, "11:45", ok),
                fixed(60, "12:00", meeting_at("11:45")),
                until_next(45, "11:45", ok),
            ],
        ),
    ];
    for (what, now, bookings, policy, want) in cases {
        let got = chips_at(t(now), &bookings, &policy);
        assert_eq!(summary(&got), want, "{what}");
        for chip in &got {
            assert_eq!(
                chip.start,
                booking_start(t(now)),
                "{what}: every chip starts now, to the minute"
            );
            assert_eq!(
                chip.is_available(),
                chip.unavailable.is_none(),
                "{what}: is_available agrees with the reason"
            );
        }
    }
}

#[test]
fn released_no_show_can_be_booked_over() {
    // A meeting nobody checked in to is released 10 min after its start; the door may then book
    // the room although the calendar still lists the no-show meeting.
    let policy = checkin_policy();
    let bookings = vec![m("noshow", "10:00", "11:00"), m("next", "11:00", "12:00")];
    let cases: Vec<(&str, &str, usize)> = vec![
        (
            "during the grace period: no chips (awaiting check-in)",
            "10:05",
            0,
        ),
        (
            "after the release: chips up to the next meeting",
            "10:10",
            5,
        ),
    ];
    for (what, now, count) in cases {
        let got = chips_at(t(now), &bookings, &policy);
        assert_eq!(got.len(), count, "{what}: number of chips");
        if count > 0 {
            assert_eq!(
                summary(&got),
                vec![
                    fixed(15, "10:25", None),
                    fixed(30, "10:40", None),
                    fixed(45, "10:55", None),
                    fixed(60, "11:10", meeting_at("11:00")),
                    until_next(50, "11:00", None),
                ],
                "{what}"
            );
        }
    }
}

#[test]
fn no_chips_when_the_room_cannot_be_booked() {
    let none = CheckIns::new();
    let meeting = m("a", "10:00", "11:00");
    let bookings = vec![meeting.clone()];
    let cases: Vec<(&str, DateTime<Utc>, Policy, RoomState)> = vec![
        (
            "busy",
            t("10:30"),
            Policy::default(),
            RoomState::Busy {
                meeting: meeting.clone(),
                until: t("11:00"),
            },
        ),
        (
            "awaiting check-in after the start",
            t("10:05"),
            checkin_policy(),
            RoomState::AwaitingCheckIn {
                meeting: meeting.clone(),
                release_at: t("10:10"),
            },
        ),
        (
            "awaiting check-in before the start",
            t("09:57"),
            checkin_policy(),
            RoomState::AwaitingCheckIn {
                meeting: meeting.clone(),
                release_at: t("10:10"),
            },
        ),
        (
            "unknown: never synced",
            t("09:00"),
            Policy::default(),
            RoomState::Unknown {
                reason: UnknownReason::NeverSynced,
            },
        ),
        (
            "unknown: clock not synchronised",
            t("09:00"),
            Policy::default(),
            RoomState::Unknown {
                reason: UnknownReason::ClockNotSynchronised,
            },
        ),
    ];
    for (what, now, policy, state) in cases {
        // The state given is the one the core computes for this calendar (Unknown comes from
        // the schedule, not the bookings), so this is the panel's real situation.
        let schedule = match &state {
            RoomState::Unknown { reason } => Schedule::Unknown(reason.clone()),
            _ => Schedule::Known(bookings.clone(), read_at(now)),
        };
        assert_eq!(
            room_state(now, &schedule, &policy, &none),
            state,
            "{what}: precondition"
        );
        assert!(
            offers(now, &state, &bookings, &policy, &none).is_empty(),
            "{what}: the Book sheet must offer nothing"
        );
        assert!(
            offers(now, &state, &[], &policy, &none).is_empty(),
            "{what}: nothing even with an empty calendar"
        );
    }
}

#[test]
fn booking_start_is_truncated_to_the_minute() {
    let cases = [
        ("on the minute", "10:00:00", "10:00"),
        ("one second in", "10:00:01", "10:00"),
        ("last second of the minute", "10:00:59", "10:00"),
        ("late evening", "23:59:59", "23:59"),
    ];
    for (what, now, want) in cases {
        assert_eq!(booking_start(t(now)), t(want), "{what}");
    }
    // Sub-second precision is dropped too.
    let precise = t("10:00:59") + Duration::milliseconds(999);
    assert_eq!(booking_start(precise), t("10:00"), "milliseconds");
}

#[test]
fn chips_in_the_starting_soon_state_end_before_the_meeting() {
    // Starting soon (meeting in 8 min) the room may still be booked until the meeting.
    let bookings = vec![m("a", "10:08", "11:00")];
    let got = chips_at(t("10:00:30"), &bookings, &Policy::default());
    let available: Vec<&Offer> = got.iter().filter(|o| o.is_available()).collect();
    assert_eq!(available.len(), 1, "only the 'until' chip fits: {got:?}");
    assert_eq!(available[0].kind, OfferKind::UntilNext);
    assert_eq!(available[0].start, t("10:00"));
    assert_eq!(available[0].end, t("10:08"));
    assert_eq!(available[0].minutes, 8);
}

/// Calendars normally keep whole minutes, but an event created elsewhere (an ad-hoc meeting, an
/// API client) may end on a second. The door booking starts at the minute, so it must not start
/// before such a meeting has ended.
#[test]
fn chips_never_overlap_a_meeting_that_ended_within_the_minute() {
    let cases: Vec<(&str, &str, Vec<Booking>)> = vec![
        (
            "meeting ended 15 s ago, in the same minute",
            "10:00:45",
            vec![m("a", "09:00", "10:00:30")],
        ),
        (
            "meeting ended 1 s ago",
            "10:00:59",
            vec![m("a", "09:00", "10:00:58")],
        ),
    ];
    for (what, now, bookings) in cases {
        let chips = chips_at(t(now), &bookings, &Policy::default());
        assert!(
            !chips.is_empty(),
            "{what}: the room is free, chips are shown"
        );
        for chip in chips.iter().filter(|c| c.is_available()) {
            for b in &bookings {
                assert!(
                    !(chip.start < b.end && b.start < chip.end),
                    "{what}: available chip {:?} overlaps meeting {}–{}",
                    chip,
                    b.start,
                    b.end
                );
            }
        }
    }
}

/// The same with a next meeting that starts on a second: the "until" chip says 120 min (the
/// limit) but books 120.5 min.
#[test]
fn until_chip_never_exceeds_the_limit() {
    let bookings = vec![m("a", "12:00:30", "13:00")];
    let chips = chips_at(t("10:00:10"), &bookings, &Policy::default());
    let until = chips
        .iter()
        .find(|c| c.kind == OfferKind::UntilNext)
        .expect("a meeting is ahead: an 'until' chip is shown");
    if until.is_available() {
        assert!(
            until.end - until.start <= Duration::minutes(120),
            "available 'until' chip {until:?} is longer than the 120 min limit"
        );
        assert_eq!(
            until.end - until.start,
            Duration::minutes(until.minutes),
            "the chip books what it says"
        );
    }
}
