//! "Find a free room": which rooms are offered, in which order, for how long, and the words
//! on the Free rooms screen.

use chrono::{DateTime, Duration, TimeZone, Utc};
use proptest::prelude::*;
use roomsign_core::free_rooms::{
    free_room_views, free_rooms, free_rooms_note, window_end, Availability, FreeRoom, Interval,
    Lookup,
};
use roomsign_core::rooms::RoomChoice;
use roomsign_core::view::{ClockFormat, ViewSettings};
use roomsign_core::Language;

/// H:M on Monday 2026-11-23, UTC.
fn monday(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, h, m, 0).unwrap()
}

fn room(name: &str, building: Option<&str>, floor: Option<&str>) -> RoomChoice {
    RoomChoice {
        email: format!("{}@contoso.com", name.to_lowercase().replace(' ', "-")),
        name: name.to_owned(),
        building: building.map(str::to_owned),
        floor: floor.map(str::to_owned),
        capacity: Some(8),
    }
}

/// (hour, minute) on 23 November 2026, UTC.
type Hm = (u32, u32);

fn avail(room: RoomChoice, busy: &[(Hm, Hm)]) -> Availability {
    Availability {
        room,
        busy: busy
            .iter()
            .map(|&((h1, m1), (h2, m2))| (monday(h1, m1), monday(h2, m2)))
            .collect(),
    }
}

fn names(list: &[FreeRoom]) -> Vec<&str> {
    list.iter().map(|r| r.room.name.as_str()).collect()
}

const HALF_HOUR: i64 = 30;

fn find(here: Option<&RoomChoice>, rooms: &[Availability]) -> Vec<FreeRoom> {
    free_rooms(
        monday(9, 0),
        here,
        rooms,
        monday(23, 59) + Duration::minutes(1),
        Duration::minutes(HALF_HOUR),
    )
}

#[test]
fn only_rooms_free_now_for_half_an_hour_are_offered() {
    let rooms = [
        avail(room("Busy now", None, None), &[((8, 30), (9, 30))]),
        avail(room("Busy at ten past", None, None), &[((9, 10), (10, 0))]),
        avail(room("Free half an hour", None, None), &[((9, 30), (10, 0))]),
        avail(room("Just freed", None, None), &[((8, 0), (9, 0))]),
        avail(room("Empty", None, None), &[]),
    ];
    let found = find(None, &rooms);
    assert_eq!(names(&found), ["Empty", "Just freed", "Free half an hour"]);
    assert_eq!(found[0].free_until, None);
    assert_eq!(found[2].free_until, Some(monday(9, 30)));
}

#[test]
fn the_offer_is_the_free_time_up_to_an_hour_in_quarters() {
    let rooms = [
        avail(room("Forty", None, None), &[((9, 40), (10, 0))]),
        avail(room("Fifty nine", None, None), &[((9, 59), (10, 0))]),
        avail(room("Two hours", None, None), &[((11, 0), (12, 0))]),
        avail(room("Thirty", None, None), &[((9, 30), (12, 0))]),
    ];
    let found = find(None, &rooms);
    let offers: Vec<(&str, i64)> = found
        .iter()
        .map(|r| (r.room.name.as_str(), r.minutes))
        .collect();
    assert_eq!(
        offers,
        [
            ("Two hours", 60),
            ("Fifty nine", 45),
            ("Forty", 30),
            ("Thirty", 30)
        ]
    );
}

#[test]
fn a_clock_between_minutes_never_offers_more_than_is_free() {
    // 09:00:40 until 09:45 is 44 min 20 s: 30 min, not 45.
    let now = monday(9, 0) + Duration::seconds(40);
    let rooms = [avail(room("Aurora", None, None), &[((9, 45), (10, 0))])];
    let found = free_rooms(now, None, &rooms, monday(18, 0), Duration::minutes(30));
    assert_eq!(found[0].minutes, 30);
}

#[test]
fn nearest_rooms_come_first_then_those_free_longest_then_by_name() {
    let here = room("Here", Some("Building 1"), Some("4"));
    let rooms = [
        avail(room("Other building", Some("Building 2"), Some("4")), &[]),
        avail(room("Same building", Some("Building 1"), Some("2")), &[]),
        avail(
            room("Same floor, short", Some("Building 1"), Some("4")),
            &[((10, 0), (11, 0))],
        ),
        avail(room("Same floor, b", Some("building 1"), Some("4")), &[]),
        avail(room("same floor, a", Some("Building 1"), Some("4")), &[]),
        avail(room("No building", None, Some("4")), &[]),
        avail(here.clone(), &[]),
    ];
    let found = find(Some(&here), &rooms);
    assert_eq!(
        names(&found),
        [
            "same floor, a",
            "Same floor, b",
            "Same floor, short",
            "Same building",
            "No building",
            "Other building",
        ]
    );
}

#[test]
fn the_panels_own_room_is_never_offered_whatever_the_case_of_its_address() {
    let here = room("Here", Some("B"), Some("1"));
    let mut again = here.clone();
    again.email = again.email.to_uppercase();
    let found = find(Some(&here), &[avail(again, &[]), avail(here.clone(), &[])]);
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn a_room_listed_twice_is_offered_once() {
    let a = room("Aurora", None, None);
    let found = find(
        None,
        &[avail(a.clone(), &[]), avail(a, &[((9, 0), (10, 0))])],
    );
    assert_eq!(names(&found), ["Aurora"]);
}

#[test]
fn late_in_the_evening_the_window_still_spans_the_longest_offer() {
    let now = monday(23, 40);
    let end = window_end(now, chrono_tz::Tz::UTC);
    assert_eq!(end, now + Duration::minutes(60));
    let found = free_rooms(
        now,
        None,
        &[avail(room("Aurora", None, None), &[])],
        end,
        Duration::minutes(30),
    );
    assert_eq!(found[0].minutes, 60);
    // In the morning, the window is the rest of the day (in the display's zone).
    let berlin = chrono_tz::Europe::Berlin;
    assert_eq!(window_end(monday(9, 0), berlin), monday(23, 0));
}

#[test]
fn each_row_reads_free_until_a_time_or_for_the_rest_of_the_day() {
    let settings = ViewSettings {
        tz: chrono_tz::Europe::Berlin,
        ..ViewSettings::default()
    };
    let rooms = [
        avail(
            RoomChoice {
                capacity: Some(8),
                ..room("Aurora", Some("Building 1"), Some("4"))
            },
            &[((13, 0), (14, 0))],
        ),
        avail(room("Cedar", None, None), &[]),
    ];
    let found = free_rooms(
        monday(12, 0),
        None,
        &rooms,
        window_end(monday(12, 0), settings.tz),
        Duration::minutes(30),
    );
    let rows = free_room_views(monday(12, 0), &found, &settings);
    assert_eq!(rows[0].name, "Cedar");
    assert_eq!(rows[0].free, "Free for the rest of the day");
    assert_eq!(rows[0].details, "8\u{a0}seats");
    assert_eq!(rows[0].button, "Book 60 min");
    assert_eq!(
        rows[1].free, "Free until 14:00",
        "13:00 UTC is 14:00 in Berlin"
    );
    assert_eq!(rows[1].details, "Building 1 · Floor\u{a0}4 · 8\u{a0}seats");
    assert_eq!(rows[1].button, "Book 60 min");
    assert_eq!(rows[1].minutes, 60);
    assert_eq!(rows[1].email, "aurora@contoso.com");

    let twelve = ViewSettings {
        clock: ClockFormat::H12,
        ..settings
    };
    let rows = free_room_views(monday(12, 0), &found, &twelve);
    assert_eq!(rows[1].free, "Free until 2:00 pm");
}

#[test]
fn a_meeting_after_midnight_reads_as_free_for_the_rest_of_the_day() {
    let now = monday(23, 40);
    let rooms = [Availability {
        room: room("Aurora", None, None),
        busy: vec![(
            monday(23, 40) + Duration::minutes(50),
            monday(23, 59) + Duration::hours(2),
        )],
    }];
    let found = free_rooms(
        now,
        None,
        &rooms,
        now + Duration::hours(1),
        Duration::minutes(30),
    );
    assert_eq!(found[0].minutes, 45);
    let rows = free_room_views(now, &found, &ViewSettings::default());
    assert_eq!(rows[0].free, "Free for the rest of the day");
}

#[test]
fn the_note_says_what_is_going_on() {
    let half = Duration::minutes(30);
    assert_eq!(
        free_rooms_note(Lookup::Looking, half, Language::English),
        "Looking for free rooms…"
    );
    assert_eq!(
        free_rooms_note(Lookup::Found(&[]), half, Language::English),
        "No other room is free for 30 minutes now."
    );
    let one = find(None, &[avail(room("Aurora", None, None), &[])]);
    assert_eq!(
        free_rooms_note(Lookup::Found(&one), half, Language::English),
        ""
    );
    assert_eq!(
        free_rooms_note(Lookup::Failed, half, Language::English),
        "Other rooms can't be looked up right now. Try again in a minute."
    );
}

#[test]
fn a_room_for_one_comes_after_the_rooms_for_a_group_even_when_nearer() {
    let here = room("Here", Some("Building 1"), Some("4"));
    let mut booth = room("Booth 4.01", Some("Building 1"), Some("4"));
    booth.capacity = Some(1);
    let mut unknown = room("Annex", Some("Building 2"), None);
    unknown.capacity = None;
    let far = room("Boardroom", Some("Building 2"), Some("1"));
    let found = find(
        Some(&here),
        &[avail(booth, &[]), avail(far, &[]), avail(unknown, &[])],
    );
    assert_eq!(names(&found), ["Annex", "Boardroom", "Booth 4.01"]);
}

// Properties over random directories and calendars.

const BUILDINGS: [Option<&str>; 3] = [Some("Building 1"), Some("Building 2"), None];
const FLOORS: [Option<&str>; 3] = [Some("1"), Some("4"), None];

fn directory_room() -> impl Strategy<Value = RoomChoice> {
    (0usize..12, 0usize..3, 0usize..3).prop_map(|(n, b, f)| RoomChoice {
        email: format!("room-{n}@contoso.com"),
        name: format!("Room {n}"),
        building: BUILDINGS[b].map(str::to_owned),
        floor: FLOORS[f].map(str::to_owned),
        capacity: Some(4),
    })
}

/// Busy intervals in whole minutes from 08:00, up to 4 h long (some empty or reversed).
fn busy() -> impl Strategy<Value = Vec<Interval>> {
    prop::collection::vec((0i64..600, -10i64..240), 0..5).prop_map(|v| {
        v.into_iter()
            .map(|(s, len)| {
                let start = monday(8, 0) + Duration::minutes(s);
                (start, start + Duration::minutes(len))
            })
            .collect()
    })
}

fn case() -> impl Strategy<Value = (DateTime<Utc>, Option<RoomChoice>, Vec<Availability>, i64)> {
    (
        0i64..600 * 60,
        prop::option::of(directory_room()),
        prop::collection::vec(
            (directory_room(), busy()).prop_map(|(room, busy)| Availability { room, busy }),
            0..10,
        ),
        prop::sample::select(vec![15i64, 30, 45]),
    )
        .prop_map(|(secs, here, rooms, min)| {
            (monday(8, 0) + Duration::seconds(secs), here, rooms, min)
        })
}

fn rank(room: &RoomChoice, here: Option<&RoomChoice>) -> u8 {
    let same = |a: &Option<String>, b: &Option<String>| {
        a.is_some() && a.as_deref().map(str::to_lowercase) == b.as_deref().map(str::to_lowercase)
    };
    match here {
        Some(h) if same(&room.building, &h.building) && same(&room.floor, &h.floor) => 0,
        Some(h) if same(&room.building, &h.building) => 1,
        _ => 2,
    }
}

proptest! {
    #[test]
    fn every_offered_room_is_free_from_now_for_the_whole_offer((now, here, rooms, min) in case()) {
        let end = monday(20, 0);
        let found = free_rooms(now, here.as_ref(), &rooms, end, Duration::minutes(min));
        for f in &found {
            let offer_end = now + Duration::minutes(f.minutes);
            // The first listing of the room is the one offered; it has nothing in the offer.
            let first = rooms.iter().find(|a| a.room.email == f.room.email).unwrap();
            let clash = first.busy.iter().any(|(s, e)| s < e && *s < offer_end && *e > now);
            prop_assert!(!clash, "{} is taken during the offer: {:?}", f.room.name, first.busy);
            prop_assert!(here.as_ref().is_none_or(|h| h.email != f.room.email));
            prop_assert!(f.minutes >= min && f.minutes <= 60 && f.minutes % 15 == 0);
            let free_to = f.free_until.unwrap_or(end);
            prop_assert!(free_to - now >= Duration::minutes(min));
            prop_assert!(offer_end <= free_to);
            // free_until is exactly the next start of a meeting of that room.
            let next = first.busy.iter().filter(|(s, e)| s < e && *e > now && *s < end).map(|(s, _)| *s).min();
            prop_assert_eq!(f.free_until, next);
        }
    }

    #[test]
    fn a_room_free_long_enough_is_never_left_out((now, here, rooms, min) in case()) {
        let end = monday(20, 0);
        let found = free_rooms(now, here.as_ref(), &rooms, end, Duration::minutes(min));
        let mut seen = std::collections::HashSet::new();
        for a in &rooms {
            if !seen.insert(a.room.email.clone()) {
                continue;
            }
            let own = here.as_ref().is_some_and(|h| h.email == a.room.email);
            let clear = !a.busy.iter().any(|(s, e)| s < e && *s < now + Duration::minutes(min) && *e > now);
            let listed = found.iter().filter(|f| f.room.email == a.room.email).count();
            prop_assert_eq!(listed, usize::from(clear && !own), "{}", a.room.name);
        }
    }

    #[test]
    fn nearer_rooms_come_first_and_then_those_free_longer((now, here, rooms, min) in case()) {
        let end = monday(20, 0);
        let found = free_rooms(now, here.as_ref(), &rooms, end, Duration::minutes(min));
        for pair in found.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            let (ra, rb) = (rank(&a.room, here.as_ref()), rank(&b.room, here.as_ref()));
            prop_assert!(ra <= rb, "{} before {}", a.room.name, b.room.name);
            if ra == rb {
                prop_assert!(a.free_until.unwrap_or(end) >= b.free_until.unwrap_or(end));
            }
        }
    }
}
