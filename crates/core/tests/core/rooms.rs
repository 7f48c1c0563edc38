//! The Room picker's list: order, search and the words under each room.

use roomsign_core::rooms::{matching, sorted, RoomChoice};
use roomsign_core::Language;

fn room(
    email: &str,
    name: &str,
    building: Option<&str>,
    floor: Option<&str>,
    cap: Option<u32>,
) -> RoomChoice {
    RoomChoice {
        email: email.to_owned(),
        name: name.to_owned(),
        building: building.map(str::to_owned),
        floor: floor.map(str::to_owned),
        capacity: cap,
    }
}

fn directory() -> Vec<RoomChoice> {
    sorted(vec![
        room("b@x", "Board room", Some("HQ"), Some("10"), Some(20)),
        room("a@x", "Aurora", Some("HQ"), Some("2"), Some(6)),
        room("c@x", "Cedar", Some("Annex"), None, None),
        room("d@x", "Delta", Some("HQ"), Some("2"), Some(1)),
        room(
            "A@X",
            "Aurora (duplicate listing)",
            Some("HQ"),
            Some("2"),
            Some(6),
        ),
        room("e@x", "Echo", None, Some("G"), Some(4)),
    ])
}

#[test]
fn rooms_are_ordered_by_building_then_floor_number_then_name_without_duplicates() {
    let rooms = directory();
    let names: Vec<&str> = rooms.iter().map(|r| r.name.as_str()).collect();
    // No building first, then Annex, then HQ floors 2, 2, 10 (numerically, not "10" < "2").
    assert_eq!(names, ["Echo", "Cedar", "Aurora", "Delta", "Board room"]);
}

#[test]
fn search_matches_every_word_in_name_address_building_or_floor() {
    let rooms = directory();
    let cases: [(&str, &[&str]); 6] = [
        ("", &["Echo", "Cedar", "Aurora", "Delta", "Board room"]),
        ("hq", &["Aurora", "Delta", "Board room"]),
        ("HQ board", &["Board room"]),
        ("annex", &["Cedar"]),
        ("  delta  ", &["Delta"]),
        ("nowhere", &[]),
    ];
    for (query, want) in cases {
        let got: Vec<&str> = matching(&rooms, query)
            .iter()
            .map(|r| r.name.as_str())
            .collect();
        assert_eq!(got, want, "query {query:?}");
    }
}

#[test]
fn details_name_building_floor_and_seats_leaving_out_the_unknown() {
    let cases = [
        (
            room("a", "A", Some("HQ"), Some("2"), Some(6)),
            "HQ · Floor\u{a0}2 · 6\u{a0}seats",
        ),
        (
            room("a", "A", Some("HQ"), Some("2"), Some(1)),
            "HQ · Floor\u{a0}2 · 1\u{a0}seat",
        ),
        (room("a", "A", None, Some("G"), None), "Floor\u{a0}G"),
        (room("a", "A", Some(""), None, Some(0)), ""),
    ];
    for (r, want) in cases {
        assert_eq!(r.details(Language::English), want, "{r:?}");
    }
}
