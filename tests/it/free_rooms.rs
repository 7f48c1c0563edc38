//! "Find a free room" through Graph, against the local stand-in: the rooms of the Places
//! directory, their free/busy from `getSchedule` in batches of twenty, rooms Graph does not know
//! left out, and the list the panel would show.

use std::path::Path;
use std::sync::Arc;

use chrono::Duration;
use fake_microsoft::{event, with, FakeMicrosoft, SCHEDULES_PER_REQUEST};
use roomsign::app::block_on;
use roomsign::calendar::availability::{availability, find_free_rooms};
use roomsign::clock::SystemClock;
use roomsign::config::Config;
use roomsign::core::free_rooms::{free_rooms, Availability, Interval};
use roomsign::core::rooms::RoomChoice;
use roomsign::microsoft::client::Graph;
use roomsign::microsoft::link::Microsoft;
use serde_json::json;

use crate::support::at;

/// A Graph client signed in to the stand-in, as a paired panel is.
fn graph_for(fake: &FakeMicrosoft, state_dir: &Path) -> Graph {
    fake.pair_state_dir(state_dir);
    let config = Config::parse(&fake.config_table(), Path::new("test.toml")).expect("config");
    let microsoft = Microsoft::new(config.microsoft.expect("[microsoft]"), state_dir, None);
    let identity = microsoft
        .identity(Arc::new(SystemClock))
        .expect("sign-in readable")
        .expect("paired");
    Graph::new(
        microsoft.http.clone(),
        &microsoft.config.graph_url,
        identity,
    )
}

fn choice(email: &str) -> RoomChoice {
    RoomChoice {
        email: email.to_owned(),
        name: email.split('@').next().unwrap_or(email).to_owned(),
        building: None,
        floor: None,
        capacity: None,
    }
}

fn busy_of<'a>(rooms: &'a [Availability], email: &str) -> &'a [Interval] {
    &rooms
        .iter()
        .find(|a| a.room.email == email)
        .unwrap_or_else(|| panic!("{email} is missing from {rooms:?}"))
        .busy
}

#[test]
fn twenty_five_rooms_are_asked_about_in_two_requests() {
    let fake = FakeMicrosoft::start();
    let dir = tempfile::tempdir().unwrap();
    let graph = graph_for(&fake, dir.path());
    let rooms: Vec<RoomChoice> = (1..=25)
        .map(|n| choice(&format!("room-{n}@contoso.com")))
        .collect();
    fake.put_event(
        "room-25@contoso.com",
        event(
            "e1",
            "Retro",
            "Chen Wei",
            "2026-11-23T09:30",
            "2026-11-23T10:00",
        ),
    );
    let found = block_on(availability(
        &graph,
        "/me",
        &rooms,
        at("09:00"),
        at("18:00"),
    ))
    .expect("getSchedule answers");
    assert_eq!(found.len(), 25, "every room answered");
    let requests = fake.requests("/calendar/getSchedule");
    assert_eq!(
        requests.len(),
        2,
        "at most {SCHEDULES_PER_REQUEST} rooms a request"
    );
    assert!(requests
        .iter()
        .all(|r| r.method == "POST" && r.path == "/v1.0/me/calendar/getSchedule"));
    // The last room came in the second batch, with its meeting.
    assert_eq!(
        busy_of(&found, "room-25@contoso.com"),
        [(at("09:30"), at("10:00"))]
    );
    assert!(busy_of(&found, "room-1@contoso.com").is_empty());
}

#[test]
fn busy_tentative_and_free_items_are_told_apart() {
    let fake = FakeMicrosoft::start();
    let dir = tempfile::tempdir().unwrap();
    let graph = graph_for(&fake, dir.path());
    let busy = "room-busy@contoso.com";
    let tentative = "room-tentative@contoso.com";
    let marked_free = "room-marked-free@contoso.com";
    let cancelled = "room-cancelled@contoso.com";
    let private = "room-private@contoso.com";
    fake.put_event(
        busy,
        event(
            "b",
            "Planning",
            "Alex Morgan",
            "2026-11-23T08:30",
            "2026-11-23T10:00",
        ),
    );
    fake.put_event(
        tentative,
        with(
            event(
                "t",
                "Maybe",
                "Sam Patel",
                "2026-11-23T09:15",
                "2026-11-23T09:45",
            ),
            &[("showAs", json!("tentative"))],
        ),
    );
    fake.put_event(
        marked_free,
        with(
            event(
                "f",
                "Heads-down",
                "Dana Kim",
                "2026-11-23T09:00",
                "2026-11-23T12:00",
            ),
            &[("showAs", json!("free"))],
        ),
    );
    fake.put_event(
        cancelled,
        with(
            event(
                "c",
                "Off",
                "Dana Kim",
                "2026-11-23T09:00",
                "2026-11-23T12:00",
            ),
            &[("isCancelled", json!(true))],
        ),
    );
    fake.put_event(
        private,
        with(
            event(
                "p",
                "Salary review",
                "Jordan Lee",
                "2026-11-23T11:00",
                "2026-11-23T12:00",
            ),
            &[("sensitivity", json!("private"))],
        ),
    );
    let rooms: Vec<RoomChoice> = [busy, tentative, marked_free, cancelled, private]
        .iter()
        .map(|e| choice(e))
        .collect();
    let found = block_on(availability(
        &graph,
        "/users/roomsign@contoso.com",
        &rooms,
        at("09:00"),
        at("18:00"),
    ))
    .expect("getSchedule answers");
    assert_eq!(
        fake.requests("/getSchedule")[0].path,
        "/v1.0/users/roomsign@contoso.com/calendar/getSchedule",
        "app-only asks as the booking account"
    );
    assert_eq!(busy_of(&found, busy), [(at("08:30"), at("10:00"))]);
    assert_eq!(busy_of(&found, tentative), [(at("09:15"), at("09:45"))]);
    assert!(
        busy_of(&found, marked_free).is_empty(),
        "free does not take a room"
    );
    assert!(
        busy_of(&found, cancelled).is_empty(),
        "nor does a cancelled meeting"
    );
    assert_eq!(busy_of(&found, private), [(at("11:00"), at("12:00"))]);

    // At 09:05, what the panel would offer.
    let offered = free_rooms(
        at("09:05"),
        None,
        &found,
        at("18:00"),
        Duration::minutes(30),
    );
    let names: Vec<(&str, i64)> = offered
        .iter()
        .map(|r| (r.room.email.as_str(), r.minutes))
        .collect();
    assert_eq!(
        names,
        [(cancelled, 60), (marked_free, 60), (private, 60)],
        "busy now and tentative in 10 min are left out"
    );
}

#[test]
fn a_room_graph_does_not_know_is_left_out_and_the_others_still_come() {
    let fake = FakeMicrosoft::start();
    let dir = tempfile::tempdir().unwrap();
    let graph = graph_for(&fake, dir.path());
    let rooms = [
        choice("room-a@contoso.com"),
        choice("nobody@contoso.com"),
        choice("room-b@contoso.com"),
    ];
    let found = block_on(availability(
        &graph,
        "/me",
        &rooms,
        at("09:00"),
        at("18:00"),
    ))
    .expect("one unknown address does not fail the search");
    let emails: Vec<&str> = found.iter().map(|a| a.room.email.as_str()).collect();
    assert_eq!(emails, ["room-a@contoso.com", "room-b@contoso.com"]);
}

#[test]
fn free_rooms_from_the_directory_exclude_this_room_and_come_nearest_first() {
    let fake = FakeMicrosoft::start();
    let dir = tempfile::tempdir().unwrap();
    let graph = graph_for(&fake, dir.path());
    // The directory: Room 4.12 (this panel, Building 1 floor 4), Room 2.01 (Building 1 floor 2)
    // and the Board room (Building 2, no calendar here: Graph answers an error for it).
    fake.put_event(
        "room-2.01@contoso.com",
        event(
            "x",
            "Standup",
            "Chen Wei",
            "2026-11-23T10:00",
            "2026-11-23T10:15",
        ),
    );
    let found = block_on(find_free_rooms(
        &graph,
        "/me",
        Some("ROOM-4.12@contoso.com"),
        at("09:10"),
        at("18:00"),
        Duration::minutes(30),
    ))
    .expect("found");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].room.name, "Room 2.01");
    assert_eq!(found[0].free_until, Some(at("10:00")));
    assert_eq!(found[0].minutes, 45);
    // This panel's room was not even asked about.
    assert_eq!(fake.requests("/getSchedule").len(), 1);
}

#[test]
fn a_refused_request_fails_the_search_in_words() {
    let fake = FakeMicrosoft::start();
    let dir = tempfile::tempdir().unwrap();
    let graph = graph_for(&fake, dir.path());
    block_on(roomsign::microsoft::client::whoami(&graph)).expect("signed in");
    // Refused even after a fresh token: as when the app lost its permission.
    fake.with(|s| s.graph_401s = 2);
    let err = block_on(availability(
        &graph,
        "/me",
        &[choice("room-a@contoso.com")],
        at("09:00"),
        at("18:00"),
    ))
    .expect_err("refused");
    assert!(!err.is_transient(), "{err:?}");
    assert!(err.to_string().contains("permissions"), "{err}");
}

// The demo room's neighbours (no Microsoft 365).

#[test]
fn the_demo_offers_a_room_at_any_time_of_a_working_day_nearest_first() {
    use roomsign::calendar::demo_rooms::{demo_find, demo_here};
    let tz = chrono_tz::Europe::Berlin;
    let here = demo_here();
    for day in 0..14 {
        let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 16 + day).unwrap();
        for quarter in 0..44 {
            let time = chrono::NaiveTime::from_hms_opt(8, 0, 0).unwrap()
                + Duration::minutes(15 * i64::from(quarter));
            let now = roomsign::core::view::local_instant(tz, date, time);
            let found = demo_find(now, tz);
            assert!(!found.is_empty(), "no demo room free at {date} {time}");
            assert!(found.iter().all(|r| r.room.email != here.email));
            assert!(found.iter().all(|r| r.minutes >= 30));
        }
    }
}

#[test]
fn a_demo_date_always_looks_the_same_and_dates_differ() {
    use roomsign::calendar::demo_rooms::{demo_find, demo_free_rooms};
    let tz = chrono_tz::UTC;
    assert_eq!(
        demo_free_rooms(at("09:20"), tz),
        demo_free_rooms(at("16:00"), tz),
        "one day, one pattern"
    );
    let next_day = at("09:20") + Duration::days(1);
    assert_ne!(
        demo_free_rooms(at("09:20"), tz),
        demo_free_rooms(next_day, tz)
    );
    // Beside the busy demo room at 09:20 on 23 November, its own floor comes first.
    let found = demo_find(at("09:20"), tz);
    assert_eq!(found[0].room.building.as_deref(), Some("Building 1"));
    assert_eq!(found[0].room.floor.as_deref(), Some("4"));
    assert!(found.len() >= 3, "{found:?}");
}

#[test]
fn a_places_directory_that_pages_in_a_circle_costs_one_request_per_page() {
    for (link, most) in [
        // The first page again: one request, then the loop is seen.
        ("{base}/v1.0/places/microsoft.graph.room?$top=100", 1),
        // Two pages pointing at each other.
        (
            "{base}/v1.0/places/microsoft.graph.room?$top=100&$skip=100",
            2,
        ),
    ] {
        let fake = FakeMicrosoft::start();
        let dir = tempfile::tempdir().unwrap();
        let graph = graph_for(&fake, dir.path());
        fake.with(|s| s.places_next_link = Some(link.to_owned()));
        let found = block_on(roomsign::microsoft::client::rooms(&graph));
        assert!(
            matches!(
                found,
                Err(roomsign::microsoft::client::GraphError::Link { .. })
            ),
            "{found:?}"
        );
        let asked = fake.requests("/places/microsoft.graph.room").len();
        assert_eq!(asked, most, "{link}");
    }
}

#[test]
fn a_places_link_to_another_origin_never_gets_the_token() {
    let fake = FakeMicrosoft::start();
    let elsewhere = fake_microsoft::Elsewhere::start();
    let dir = tempfile::tempdir().unwrap();
    let graph = graph_for(&fake, dir.path());
    let link = format!(
        "{}/v1.0/places/microsoft.graph.room?$skip=100",
        elsewhere.base
    );
    fake.with(|s| s.places_next_link = Some(link));
    let found = block_on(roomsign::microsoft::client::rooms(&graph));
    assert!(
        matches!(
            found,
            Err(roomsign::microsoft::client::GraphError::Link { .. })
        ),
        "{found:?}"
    );
    assert_eq!(elsewhere.requests(), 0, "nothing sent to another origin");
}
