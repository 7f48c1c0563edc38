//! Booking at the door through Exchange, against the local stand-in with a room booking
//! attendant: accepted, declined on a conflict the panel could not see, pending then accepted, a
//! POST retried after a timeout, a double tap, extend into a conflict, end early, release of a
//! no-show, and a restart during the check-in window.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use fake_microsoft::{event, FakeMicrosoft, Fault};
use roomsign::app::block_on;
use roomsign::calendar::graph::GraphCalendar;
use roomsign::calendar::{CalendarSource, Outcome};
use roomsign::clock::Clock;
use roomsign::config::Config;
use roomsign::core::view::ActionResult;
use roomsign::core::{CheckInPolicy, Policy, Room, Snapshot};
use roomsign::engine::{
    book_now, cached_snapshot, spawn, sync_checked, CheckInRecord, Command, EngineEvent,
    EngineHandle, EngineSettings,
};
use roomsign::microsoft::link::Microsoft;
use serde_json::Value;

use crate::support::{at, stderr, ManualClock, Sandbox};

const ROOM: &str = "room-4.12@contoso.com";

/// The room's day: a meeting 09:00–10:00 and 11:00–12:00; free between.
fn room_day(fake: &FakeMicrosoft) {
    fake.put_event(
        ROOM,
        event(
            "m1",
            "Planning",
            "Ada Lovelace",
            "2026-11-23T09:00",
            "2026-11-23T10:00",
        ),
    );
    fake.put_event(
        ROOM,
        event(
            "m2",
            "Review",
            "Alan Turing",
            "2026-11-23T11:00",
            "2026-11-23T12:00",
        ),
    );
}

struct Panel {
    fake: FakeMicrosoft,
    dir: tempfile::TempDir,
    clock: Arc<ManualClock>,
    settings: EngineSettings,
}

impl Panel {
    fn new(now: &str) -> Panel {
        let fake = FakeMicrosoft::start();
        room_day(&fake);
        let dir = tempfile::tempdir().unwrap();
        fake.pair_state_dir(dir.path());
        let settings = EngineSettings {
            room: Room {
                name: "Room 4.12".to_owned(),
                mailbox: Some(ROOM.to_owned()),
            },
            policy: Policy::default(),
            tz: chrono_tz::UTC,
            booking_subject: "Booked at the door".to_owned(),
            allow_end_early: true,
            allow_extend: true,
            poll_every: StdDuration::from_secs(1),
            state_dir: Some(dir.path().to_owned()),
        };
        Panel {
            fake,
            dir,
            clock: Arc::new(ManualClock(Mutex::new(at(now)))),
            settings,
        }
    }

    fn calendar_with(&self, http: Option<reqwest::Client>, wait: StdDuration) -> GraphCalendar {
        let config = Config::parse(&self.fake.config_table(), Path::new("t.toml")).unwrap();
        let mut ms = Microsoft::new(
            config.microsoft.unwrap(),
            self.dir.path(),
            Some(ROOM.to_owned()),
        );
        if let Some(http) = http {
            ms.http = http;
        }
        GraphCalendar::new(
            Arc::new(ms),
            self.clock.clone(),
            chrono_tz::UTC,
            StdDuration::from_secs(1),
        )
        .with_answer_wait(wait)
    }

    fn calendar(&self) -> GraphCalendar {
        self.calendar_with(None, StdDuration::from_secs(10))
    }

    fn snapshot(&self, cal: &GraphCalendar, previous: Option<&Snapshot>) -> Snapshot {
        block_on(sync_checked(
            cal,
            &self.settings,
            self.clock.now(),
            true,
            previous,
        ))
    }

    fn book(&self, cal: &GraphCalendar, minutes: i64) -> Outcome {
        let snap = self.snapshot(cal, None);
        block_on(book_now(
            cal,
            &self.settings,
            self.clock.now(),
            &snap,
            minutes,
        ))
        .expect("a booking was sent")
        .1
    }

    fn engine(
        &self,
        cal: GraphCalendar,
        initial: Option<Snapshot>,
    ) -> (EngineHandle, std::sync::mpsc::Receiver<EngineEvent>) {
        let cal: Arc<dyn CalendarSource> = Arc::new(cal);
        let initial =
            initial.unwrap_or_else(|| cached_snapshot(cal.as_ref(), self.settings.room.clone()));
        let (tx, rx) = std::sync::mpsc::channel();
        let handle = spawn(
            Some(cal),
            None,
            self.clock.clone(),
            self.settings.clone(),
            initial,
            move |n| {
                let _ = tx.send(n);
            },
        )
        .unwrap();
        (handle, rx)
    }
}

fn next_result(rx: &std::sync::mpsc::Receiver<EngineEvent>, within: StdDuration) -> ActionResult {
    let deadline = std::time::Instant::now() + within;
    while let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) {
        if let Ok(EngineEvent::Done(result)) = rx.recv_timeout(left) {
            return result;
        }
    }
    panic!("no result within {within:?}");
}

#[test]
fn an_accepted_booking_is_an_event_with_the_room_as_resource_and_shows_as_made_here() {
    let p = Panel::new("10:05");
    let cal = p.calendar();
    let outcome = p.book(&cal, 30);
    let Outcome::Accepted(booking) = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!((booking.start, booking.end), (at("10:05"), at("10:35")));
    let ours = p.fake.owner_events();
    assert_eq!(ours.len(), 1);
    let json = &ours[0].json;
    assert_eq!(json["subject"], "Booked at the door");
    assert_eq!(json["location"]["locationEmailAddress"], ROOM);
    assert_eq!(json["attendees"][0]["type"], "resource");
    assert_eq!(json["attendees"][0]["emailAddress"]["address"], ROOM);
    assert!(json["transactionId"]
        .as_str()
        .unwrap()
        .starts_with("roomsign-"));
    let posts = p.fake.requests("/v1.0/me/events");
    assert!(
        posts
            .iter()
            .all(|r| !r.path.contains(ROOM) || r.method != "POST"),
        "never written into the room's calendar"
    );
    // The room's copy comes back through the room's calendar, known as ours.
    let snap = p.snapshot(&cal, None);
    let mine: Vec<_> = snap.bookings().iter().filter(|b| b.made_here).collect();
    assert_eq!(mine.len(), 1, "{:?}", snap.bookings());
    assert_eq!(mine[0].end, at("10:35"));
}

#[test]
fn a_booking_the_room_declines_leaves_no_event_behind() {
    let p = Panel::new("10:05");
    p.fake.with(|s| {
        s.unseen_bookings.push((
            ROOM.to_owned(),
            "2026-11-23T10:20".to_owned(),
            "2026-11-23T10:50".to_owned(),
        ))
    });
    let cal = p.calendar();
    let outcome = p.book(&cal, 30);
    assert_eq!(
        outcome,
        Outcome::Declined(roomsign::core::words::Decline::BookedFirst)
    );
    assert!(
        p.fake.owner_events().is_empty(),
        "our declined event is deleted"
    );
    assert!(!p
        .fake
        .room_events(ROOM)
        .iter()
        .any(|e| e["subject"] == "Booked at the door"));
}

#[test]
fn a_room_slow_to_answer_is_pending_then_accepted() {
    let p = Panel::new("10:05");
    p.fake
        .with(|s| s.attendant_delay = StdDuration::from_millis(2500));
    let cal = p.calendar_with(None, StdDuration::from_secs(1));
    let Outcome::Pending(id) = p.book(&cal, 30) else {
        panic!("pending expected")
    };
    std::thread::sleep(StdDuration::from_millis(2000));
    let later = block_on(cal.confirm(id));
    assert!(
        matches!(later, Ok(Outcome::Accepted(ref b)) if b.end == at("10:35")),
        "{later:?}"
    );

    // On the panel: "Waiting for the room to confirm", then "Booked until 10:35" by itself.
    let p = Panel::new("10:05");
    p.fake
        .with(|s| s.attendant_delay = StdDuration::from_millis(2500));
    let (engine, rx) = p.engine(p.calendar_with(None, StdDuration::from_secs(1)), None);
    std::thread::sleep(StdDuration::from_millis(500));
    engine.send(Command::Book { minutes: 30 });
    assert_eq!(
        next_result(&rx, StdDuration::from_secs(10)),
        ActionResult::Pending
    );
    assert_eq!(
        next_result(&rx, StdDuration::from_secs(15)),
        ActionResult::Booked { end: at("10:35") }
    );
}

#[test]
fn a_post_retried_after_a_timeout_makes_one_event() {
    let p = Panel::new("10:05");
    let impatient = reqwest::Client::builder()
        .timeout(StdDuration::from_millis(700))
        .build()
        .unwrap();
    let cal = p.calendar_with(Some(impatient), StdDuration::from_secs(10));
    // The first read (with its one look-up of door bookings in the calendar) before the fault.
    p.snapshot(&cal, None);
    p.fake.with(|s| {
        s.event_faults
            .push_back(Fault::Slow(StdDuration::from_millis(1500)))
    });
    let outcome = p.book(&cal, 30);
    assert!(matches!(outcome, Outcome::Accepted(_)), "{outcome:?}");
    let posts = p
        .fake
        .requests("/v1.0/me/events")
        .into_iter()
        .filter(|r| r.method == "POST")
        .count();
    assert_eq!(posts, 2, "the POST was sent again");
    assert_eq!(
        p.fake.owner_events().len(),
        1,
        "with the same transactionId: one event"
    );
}

#[test]
fn a_double_tap_books_once() {
    let p = Panel::new("10:05");
    p.fake
        .with(|s| s.attendant_delay = StdDuration::from_millis(800));
    let (engine, rx) = p.engine(p.calendar(), None);
    std::thread::sleep(StdDuration::from_millis(500));
    engine.send(Command::Book { minutes: 30 });
    engine.send(Command::Book { minutes: 30 });
    assert_eq!(
        next_result(&rx, StdDuration::from_secs(10)),
        ActionResult::Booked { end: at("10:35") }
    );
    std::thread::sleep(StdDuration::from_millis(1500));
    assert_eq!(p.fake.owner_events().len(), 1);
}

#[test]
fn extend_into_a_conflict_is_declined_and_the_booking_stays() {
    let p = Panel::new("10:05");
    let cal = p.calendar();
    assert!(matches!(p.book(&cal, 30), Outcome::Accepted(_)));
    let snap = p.snapshot(&cal, None);
    let room_copy = snap
        .bookings()
        .iter()
        .find(|b| b.made_here)
        .unwrap()
        .id
        .clone();
    // Someone books 10:40 in Outlook; the panel has not seen it yet.
    p.fake.with(|s| {
        s.unseen_bookings.push((
            ROOM.to_owned(),
            "2026-11-23T10:40".to_owned(),
            "2026-11-23T11:00".to_owned(),
        ))
    });
    let extended = block_on(cal.change_end(room_copy.clone(), at("10:50")));
    assert!(matches!(extended, Ok(Outcome::Declined(_))), "{extended:?}");
    std::thread::sleep(StdDuration::from_millis(600));
    let ours = p.fake.owner_events();
    assert_eq!(
        ours[0].json["end"]["dateTime"], "2026-11-23T10:35:00",
        "the end is restored"
    );
    assert!(
        p.fake
            .room_events(ROOM)
            .iter()
            .any(|e| e["subject"] == "Booked at the door"),
        "the room holds the booking again"
    );

    // Extending where the room is free is accepted.
    p.fake.with(|s| s.unseen_bookings.clear());
    let snap = p.snapshot(&cal, None);
    let room_copy = snap
        .bookings()
        .iter()
        .find(|b| b.made_here)
        .unwrap()
        .id
        .clone();
    let extended = block_on(cal.change_end(room_copy, at("10:50")));
    assert!(
        matches!(extended, Ok(Outcome::Accepted(ref b)) if b.end == at("10:50")),
        "{extended:?}"
    );
}

#[test]
fn end_early_moves_the_end_to_now_and_frees_the_room() {
    let p = Panel::new("10:05");
    let (engine, rx) = p.engine(p.calendar(), None);
    std::thread::sleep(StdDuration::from_millis(500));
    engine.send(Command::Book { minutes: 30 });
    assert_eq!(
        next_result(&rx, StdDuration::from_secs(10)),
        ActionResult::Booked { end: at("10:35") }
    );
    *p.clock.0.lock().unwrap() = at("10:17");
    engine.send(Command::SyncNow);
    std::thread::sleep(StdDuration::from_millis(800));
    engine.send(Command::EndEarly);
    assert_eq!(
        next_result(&rx, StdDuration::from_secs(10)),
        ActionResult::Ended
    );
    let ours = p.fake.owner_events();
    assert_eq!(ours[0].json["end"]["dateTime"], "2026-11-23T10:17:00");
}

fn with_check_in(mut p: Panel) -> Panel {
    p.settings.policy.checkin = CheckInPolicy {
        enabled: true,
        ..CheckInPolicy::default()
    };
    p
}

#[test]
fn a_meeting_nobody_checks_in_to_is_released_by_declining_the_rooms_copy() {
    let p = with_check_in(Panel::new("09:11"));
    let (engine, _rx) = p.engine(p.calendar(), None);
    let deadline = std::time::Instant::now() + StdDuration::from_secs(10);
    while p.fake.with(|s| s.declines.is_empty()) && std::time::Instant::now() < deadline {
        std::thread::sleep(StdDuration::from_millis(100));
    }
    let declines = p.fake.with(|s| s.declines.clone());
    assert_eq!(declines.len(), 1, "released once");
    assert_eq!(declines[0].1, "m1");
    assert!(
        declines[0]
            .2
            .contains("Released at the door panel at 09:11"),
        "{}",
        declines[0].2
    );
    // The room is free again, by the calendar too.
    std::thread::sleep(StdDuration::from_millis(1500));
    assert!(!engine.snapshot().bookings().iter().any(|b| b.id == "m1"));
    let record = CheckInRecord::load(p.dir.path());
    assert!(
        record.released.contains("m1"),
        "kept, so a restart does not release it again"
    );
}

#[test]
fn a_check_in_survives_a_restart_and_the_meeting_is_not_released() {
    let p = with_check_in(Panel::new("09:03"));
    let (engine, rx) = p.engine(p.calendar(), None);
    std::thread::sleep(StdDuration::from_millis(500));
    engine.send(Command::CheckIn);
    assert_eq!(
        next_result(&rx, StdDuration::from_secs(10)),
        ActionResult::CheckedIn
    );
    drop(engine);
    assert!(CheckInRecord::load(p.dir.path()).checked_in.contains("m1"));

    // Restart at 09:12, after the release time: the check-in holds.
    *p.clock.0.lock().unwrap() = at("09:12");
    let cal = p.calendar();
    let mut initial = cached_snapshot(&cal, p.settings.room.clone());
    initial.checked_in = CheckInRecord::load(p.dir.path()).checked_in;
    let (engine, _rx) = p.engine(cal, Some(initial));
    std::thread::sleep(StdDuration::from_secs(2));
    assert!(p.fake.with(|s| s.declines.is_empty()), "not released");
    assert!(engine.snapshot().bookings().iter().any(|b| b.id == "m1"));
}

fn cli(s: &Sandbox, fake: &FakeMicrosoft) -> (String, String) {
    fake.paired_room(s.dir.path(), ROOM)
}

fn run_json(s: &Sandbox, args: &[&str]) -> (bool, Value) {
    let out = s.roomsign(args);
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("JSON: {}{}", crate::support::stdout(&out), stderr(&out)));
    (out.status.success(), v)
}

#[test]
fn roomsign_book_books_through_the_attendant_and_status_shows_it() {
    let s = Sandbox::new();
    let fake = FakeMicrosoft::start();
    room_day(&fake);
    let (config, state) = cli(&s, &fake);
    let now = "2026-11-23T10:05:00Z";
    let base = [
        "--config",
        config.as_str(),
        "--state-dir",
        state.as_str(),
        "--now",
        now,
    ];
    let (ok, v) = run_json(
        &s,
        &[&["book", "--minutes", "30", "--json"][..], &base[..]].concat(),
    );
    assert!(ok, "{v}");
    assert_eq!(v["outcome"], "accepted");
    assert_eq!(v["start"], "2026-11-23T10:05:00Z");
    assert_eq!(v["end"], "2026-11-23T10:35:00Z");
    assert!(v["event_id"].as_str().unwrap().starts_with("AAMkOwn-"));
    let (ok, status) = run_json(&s, &[&["status", "--json"][..], &base[..]].concat());
    assert!(ok);
    assert_eq!(status["state"], "busy", "{status}");
    assert_eq!(status["until"], "2026-11-23T10:35:00Z");
    assert_eq!(status["current"]["subject"], "Booked at the door");
    assert_eq!(status["current"]["booked_here"], true);

    // Someone else got 12:20–12:40 in the meantime the panel could not see: declined, nothing left.
    let later = [
        "--config",
        config.as_str(),
        "--state-dir",
        state.as_str(),
        "--now",
        "2026-11-23T12:05:00Z",
    ];
    fake.with(|st| {
        st.unseen_bookings.push((
            ROOM.to_owned(),
            "2026-11-23T12:20".to_owned(),
            "2026-11-23T12:40".to_owned(),
        ))
    });
    let before = fake.owner_events().len();
    let (ok, v) = run_json(
        &s,
        &[&["book", "--minutes", "30", "--json"][..], &later[..]].concat(),
    );
    assert!(!ok, "exit status says not booked");
    assert_eq!(v["outcome"], "declined", "{v}");
    assert_eq!(
        fake.owner_events().len(),
        before,
        "no event of ours left behind"
    );
}

#[test]
fn another_free_room_is_found_and_booked_through_its_own_attendant() {
    let p = Panel::new("10:05");
    p.fake.put_event(
        "board@contoso.com",
        event(
            "b1",
            "Board meeting",
            "Dana Kim",
            "2026-11-23T15:00",
            "2026-11-23T17:00",
        ),
    );
    let cal = p.calendar();
    let rooms = block_on(cal.free_rooms(at("10:05"))).expect("free rooms");
    assert!(
        rooms
            .iter()
            .all(|r| !r.room.email.eq_ignore_ascii_case(ROOM)),
        "never this panel's own room"
    );
    let board = rooms
        .iter()
        .find(|r| r.room.email == "board@contoso.com")
        .expect("the board room is free");
    let request = roomsign::calendar::BookingRequest {
        subject: "Booked at the door".to_owned(),
        room: Some(board.room.email.clone()),
        room_name: board.room.name.clone(),
        start: at("10:05"),
        end: at("10:05") + chrono::Duration::minutes(board.minutes),
        transaction_id: "roomsign-test-board".to_owned(),
    };
    let outcome = block_on(cal.book(request)).expect("answer");
    assert!(matches!(outcome, Outcome::Accepted(_)), "{outcome:?}");
    let ours = p.fake.owner_events();
    assert_eq!(
        ours[0].json["attendees"][0]["emailAddress"]["address"],
        "board@contoso.com"
    );
    assert_eq!(ours[0].json["location"]["displayName"], "Board room");
    assert!(p
        .fake
        .room_events("board@contoso.com")
        .iter()
        .any(|e| e["subject"] == "Booked at the door"));
}

/// The room's copy of the panel's booking in a snapshot, if the panel knows it as its own.
fn own_copy(snap: &Snapshot) -> Option<String> {
    snap.bookings()
        .iter()
        .find(|b| b.made_here)
        .map(|b| b.id.clone())
}

#[test]
fn a_door_booking_carries_a_marker_exchange_keeps_and_returns_only_when_asked() {
    let p = Panel::new("10:05");
    let cal = p.calendar();
    assert!(matches!(p.book(&cal, 30), Outcome::Accepted(_)));
    let ours = p.fake.owner_events();
    assert_eq!(ours[0].extended.len(), 1);
    assert_eq!(
        ours[0].extended[0]["id"],
        roomsign::calendar::door::MARKER_ID
    );
    assert_eq!(ours[0].extended[0]["value"], ROOM);
    assert!(
        ours[0].json.get("singleValueExtendedProperties").is_none(),
        "kept apart from the event's fields, as Exchange does"
    );
}

#[test]
fn a_lost_door_file_still_lets_the_panel_extend_and_end_its_own_booking() {
    let p = Panel::new("10:05");
    let cal = p.calendar();
    assert!(matches!(p.book(&cal, 30), Outcome::Accepted(_)));
    let snap = p.snapshot(&cal, None);
    assert!(own_copy(&snap).is_some());
    drop(cal);
    // The SD card lost the file; the panel restarts from its schedule cache.
    std::fs::remove_file(p.dir.path().join("door-bookings.json")).unwrap();
    let cal = p.calendar();
    let lookups_before = p
        .fake
        .requests("/v1.0/me/events")
        .iter()
        .filter(|r| r.method == "GET" && r.target.contains("$filter"))
        .count();
    let snap = p.snapshot(&cal, None);
    let copy = own_copy(&snap).expect("known as made here again, from the calendar");
    // A few more polls: no more look-ups.
    for _ in 0..3 {
        p.snapshot(&cal, Some(&snap));
    }
    let lookups = p
        .fake
        .requests("/v1.0/me/events")
        .iter()
        .filter(|r| r.method == "GET" && r.target.contains("$filter"))
        .count();
    assert_eq!(lookups - lookups_before, 1, "one look-up for the round");
    let extended = block_on(cal.change_end(copy.clone(), at("10:50")));
    assert!(
        matches!(extended, Ok(Outcome::Accepted(ref b)) if b.end == at("10:50")),
        "{extended:?}"
    );

    // Lost again, and asked before any read: End now looks it up itself.
    drop(cal);
    std::fs::remove_file(p.dir.path().join("door-bookings.json")).unwrap();
    let cal = p.calendar();
    *p.clock.0.lock().unwrap() = at("10:17");
    let ended = block_on(cal.change_end(copy, at("10:17")));
    assert!(
        matches!(ended, Ok(Outcome::Accepted(ref b)) if b.end == at("10:17")),
        "{ended:?}"
    );
    let ours = p.fake.owner_events();
    assert_eq!(ours[0].json["end"]["dateTime"], "2026-11-23T10:17:00");
}

#[test]
fn a_booking_that_cannot_be_written_to_disk_can_still_be_ended() {
    let p = Panel::new("10:05");
    // Nothing can be written where the door file goes (a full or read-only disk).
    std::fs::create_dir(p.dir.path().join("door-bookings.json")).unwrap();
    std::fs::write(p.dir.path().join("door-bookings.json").join("x"), "").unwrap();
    let (engine, rx) = p.engine(p.calendar(), None);
    std::thread::sleep(StdDuration::from_millis(500));
    engine.send(Command::Book { minutes: 30 });
    assert_eq!(
        next_result(&rx, StdDuration::from_secs(10)),
        ActionResult::Booked { end: at("10:35") }
    );
    *p.clock.0.lock().unwrap() = at("10:20");
    engine.send(Command::SyncNow);
    std::thread::sleep(StdDuration::from_millis(800));
    engine.send(Command::Extend { minutes: 15 });
    assert!(matches!(
        next_result(&rx, StdDuration::from_secs(10)),
        ActionResult::Extended { .. }
    ));
    drop(engine);

    // Restarted, the file still unwritable: the booking is found in the calendar.
    *p.clock.0.lock().unwrap() = at("10:25");
    let (engine, rx) = p.engine(p.calendar(), None);
    std::thread::sleep(StdDuration::from_millis(800));
    assert!(
        engine.snapshot().bookings().iter().any(|b| b.made_here),
        "known as made here after a restart"
    );
    engine.send(Command::EndEarly);
    assert_eq!(
        next_result(&rx, StdDuration::from_secs(10)),
        ActionResult::Ended
    );
    let ours = p.fake.owner_events();
    assert_eq!(ours[0].json["end"]["dateTime"], "2026-11-23T10:25:00");
}
