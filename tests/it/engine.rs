//! The engine against the demo room: taps become bookings, changes and check-ins, the snapshot
//! follows, and a failing calendar never wipes the schedule.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use roomsign::app::block_on;
use roomsign::calendar::demo::DemoCalendar;
use roomsign::calendar::{BookingRequest, BoxFuture, CalendarError, CalendarSource, Outcome};
use roomsign::clock::FixedClock;
use roomsign::core::state::{room_state, RoomState};
use roomsign::core::view::ActionResult;
use roomsign::core::{Booking, Policy, Snapshot, Source};
use roomsign::engine::{self, carry_out, sync_once, Command, EngineEvent, EngineSettings};

use crate::support::{at, engine_settings};

fn settings(policy: Policy) -> EngineSettings {
    engine_settings(policy, chrono_tz::Tz::UTC)
}

fn demo() -> DemoCalendar {
    DemoCalendar::new(chrono_tz::Tz::UTC, StdDuration::ZERO)
}

/// Carries out `command` at `now` and re-reads the calendar, as the engine does.
fn tap(
    calendar: &dyn CalendarSource,
    settings: &EngineSettings,
    now: DateTime<Utc>,
    snapshot: &mut Snapshot,
    command: Command,
) -> Option<ActionResult> {
    let result = block_on(carry_out(calendar, settings, now, snapshot, command));
    *snapshot = block_on(sync_once(calendar, settings, now, Some(snapshot)));
    result
}

fn state(snapshot: &Snapshot, now: DateTime<Utc>, settings: &EngineSettings) -> RoomState {
    room_state(
        now,
        &snapshot.schedule,
        &settings.policy,
        &snapshot.checked_in,
    )
}

#[test]
fn booking_now_holds_the_room_until_the_chosen_end() {
    let cal = demo();
    let s = settings(Policy::default());
    let now = at("12:20");
    let mut snap = block_on(sync_once(&cal, &s, now, None));
    assert!(matches!(state(&snap, now, &s), RoomState::Free { .. }));

    let result = tap(&cal, &s, now, &mut snap, Command::Book { minutes: 30 });
    assert_eq!(result, Some(ActionResult::Booked { end: at("12:50") }));
    match state(&snap, now, &s) {
        RoomState::Busy { meeting, until } => {
            assert!(meeting.made_here, "the booking is known as made here");
            assert_eq!(meeting.subject, "Booked at the door");
            assert_eq!((meeting.start, until), (at("12:20"), at("12:50")));
        }
        other => panic!("expected busy, got {other:?}"),
    }

    // A second booking now: the room is no longer free, nothing is booked twice.
    let again = tap(
        &cal,
        &s,
        at("12:21"),
        &mut snap,
        Command::Book { minutes: 15 },
    );
    assert!(
        matches!(again, Some(ActionResult::Failed { .. })),
        "{again:?}"
    );
    let own: Vec<&Booking> = snap.bookings().iter().filter(|b| b.made_here).collect();
    assert_eq!(own.len(), 1, "exactly one door booking");
}

#[test]
fn a_duration_that_does_not_fit_is_refused_before_asking_the_room() {
    let cal = demo();
    let s = settings(Policy::default());
    let now = at("12:20");
    let mut snap = block_on(sync_once(&cal, &s, now, None));
    // 45 min would run into the 13:00 design review.
    let result = tap(&cal, &s, now, &mut snap, Command::Book { minutes: 45 });
    assert!(
        matches!(result, Some(ActionResult::Failed { .. })),
        "{result:?}"
    );
    assert!(
        snap.bookings().iter().all(|b| !b.made_here),
        "nothing booked"
    );
    // "Until 13:00" (40 min) fits.
    let result = tap(&cal, &s, now, &mut snap, Command::Book { minutes: 40 });
    assert_eq!(result, Some(ActionResult::Booked { end: at("13:00") }));
}

#[test]
fn the_demo_room_declines_overlaps_and_honours_transaction_ids() {
    let cal = demo();
    let request = |start: &str, end: &str, tx: &str| BookingRequest {
        subject: "Door".to_owned(),
        room: None,
        room_name: "Demo room".to_owned(),
        start: at(start),
        end: at(end),
        transaction_id: tx.to_owned(),
    };
    let declined = block_on(cal.book(request("13:30", "13:45", "a"))).expect("answer");
    assert!(
        matches!(
            &declined,
            Outcome::Declined(roomsign::core::words::Decline::BookedFirst)
        ),
        "{declined:?}"
    );
    let first = block_on(cal.book(request("12:10", "12:40", "b"))).expect("answer");
    let retry = block_on(cal.book(request("12:10", "12:40", "b"))).expect("answer");
    match (first, retry) {
        (Outcome::Accepted(a), Outcome::Accepted(b)) => assert_eq!(a.id, b.id, "one event"),
        other => panic!("expected two acceptances of one event, got {other:?}"),
    }
    let read = block_on(cal.read(at("00:00"), at("23:59"))).expect("read");
    assert_eq!(read.iter().filter(|b| b.made_here).count(), 1);
}

#[test]
fn own_bookings_can_be_extended_when_free_after_and_ended_early() {
    let cal = demo();
    let s = settings(Policy::default());
    let mut snap = block_on(sync_once(&cal, &s, at("17:40"), None));
    let booked = tap(
        &cal,
        &s,
        at("17:40"),
        &mut snap,
        Command::Book { minutes: 30 },
    );
    assert_eq!(booked, Some(ActionResult::Booked { end: at("18:10") }));

    let extended = tap(
        &cal,
        &s,
        at("17:50"),
        &mut snap,
        Command::Extend { minutes: 15 },
    );
    assert_eq!(extended, Some(ActionResult::Extended { end: at("18:25") }));
    assert!(matches!(
        state(&snap, at("18:20"), &s),
        RoomState::Busy { until, .. } if until == at("18:25")
    ));

    let ended = tap(&cal, &s, at("18:02"), &mut snap, Command::EndEarly);
    assert_eq!(ended, Some(ActionResult::Ended));
    assert!(
        matches!(state(&snap, at("18:02"), &s), RoomState::Free { .. }),
        "the room is free again at once"
    );
}

#[test]
fn extending_into_the_next_meeting_is_declined_and_changes_nothing() {
    let cal = demo();
    let s = settings(Policy::default());
    let mut snap = block_on(sync_once(&cal, &s, at("12:20"), None));
    tap(
        &cal,
        &s,
        at("12:20"),
        &mut snap,
        Command::Book { minutes: 30 },
    );
    let result = tap(
        &cal,
        &s,
        at("12:30"),
        &mut snap,
        Command::Extend { minutes: 15 },
    );
    assert!(
        matches!(result, Some(ActionResult::ChangeDeclined { .. })),
        "{result:?}"
    );
    assert!(matches!(
        state(&snap, at("12:30"), &s),
        RoomState::Busy { until, .. } if until == at("12:50")
    ));
}

#[test]
fn meetings_organised_by_others_cannot_be_changed_at_the_door() {
    let cal = demo();
    let s = settings(Policy::default());
    let now = at("09:20");
    let mut snap = block_on(sync_once(&cal, &s, now, None));
    for command in [Command::EndEarly, Command::Extend { minutes: 15 }] {
        let result = tap(&cal, &s, now, &mut snap, command.clone());
        assert!(
            matches!(result, Some(ActionResult::Failed { .. })),
            "{command:?} → {result:?}"
        );
    }
    assert!(matches!(
        state(&snap, now, &s),
        RoomState::Busy { until, .. } if until == at("10:30")
    ));
}

#[test]
fn switched_off_actions_are_refused() {
    let cal = demo();
    let mut s = settings(Policy::default());
    s.allow_end_early = false;
    s.allow_extend = false;
    let mut snap = block_on(sync_once(&cal, &s, at("17:40"), None));
    tap(
        &cal,
        &s,
        at("17:40"),
        &mut snap,
        Command::Book { minutes: 30 },
    );
    for command in [Command::EndEarly, Command::Extend { minutes: 15 }] {
        let result = tap(&cal, &s, at("17:45"), &mut snap, command);
        assert!(
            matches!(&result, Some(ActionResult::Failed { refusal }) if refusal.words(roomsign::core::Language::English).contains("switched off")),
            "{result:?}"
        );
    }
}

#[test]
fn checking_in_keeps_the_meeting_and_no_check_in_releases_it() {
    let cal = demo();
    let mut policy = Policy::default();
    policy.checkin.enabled = true;
    let s = settings(policy);
    let mut snap = block_on(sync_once(&cal, &s, at("09:03"), None));
    assert!(matches!(
        state(&snap, at("09:03"), &s),
        RoomState::AwaitingCheckIn { .. }
    ));
    // Without a check-in the 09:00 meeting is released at 09:10.
    assert!(matches!(
        state(&snap, at("09:11"), &s),
        RoomState::Free { .. }
    ));

    let result = tap(&cal, &s, at("09:03"), &mut snap, Command::CheckIn);
    assert_eq!(result, Some(ActionResult::CheckedIn));
    assert!(matches!(
        state(&snap, at("09:11"), &s),
        RoomState::Busy { .. }
    ));
    // Nothing to check in to when nothing awaits it.
    let result = tap(&cal, &s, at("09:30"), &mut snap, Command::CheckIn);
    assert!(matches!(result, Some(ActionResult::Failed { .. })));
}

/// A calendar that can be switched off, as a network can.
struct Flaky {
    inner: DemoCalendar,
    down: AtomicBool,
}

impl CalendarSource for Flaky {
    fn source(&self) -> Source {
        Source::Graph
    }
    fn read(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> BoxFuture<'_, Result<Vec<Booking>, CalendarError>> {
        if self.down.load(Ordering::SeqCst) {
            Box::pin(async { Err(CalendarError::Unreachable("network is down".to_owned())) })
        } else {
            self.inner.read(from, to)
        }
    }
    fn book(&self, request: BookingRequest) -> BoxFuture<'_, Result<Outcome, CalendarError>> {
        self.inner.book(request)
    }
    fn change_end(
        &self,
        id: String,
        end: DateTime<Utc>,
    ) -> BoxFuture<'_, Result<Outcome, CalendarError>> {
        self.inner.change_end(id, end)
    }
    fn release(&self, id: String, comment: String) -> BoxFuture<'_, Result<(), CalendarError>> {
        self.inner.release(id, comment)
    }
    fn free_rooms(
        &self,
        now: DateTime<Utc>,
    ) -> BoxFuture<'_, Result<Vec<roomsign::core::free_rooms::FreeRoom>, CalendarError>> {
        self.inner.free_rooms(now)
    }
}

#[test]
fn a_failed_read_keeps_the_schedule_and_says_since_when_it_is_offline() {
    let cal = Flaky {
        inner: demo(),
        down: AtomicBool::new(false),
    };
    let s = settings(Policy::default());
    let good = block_on(sync_once(&cal, &s, at("09:00"), None));
    assert_eq!(good.last_sync, Some(at("09:00")));

    cal.down.store(true, Ordering::SeqCst);
    let offline = block_on(sync_once(&cal, &s, at("09:05"), Some(&good)));
    assert_eq!(offline.schedule, good.schedule, "schedule kept");
    assert_eq!(offline.offline_since, Some(at("09:05")));
    assert_eq!(offline.last_sync, Some(at("09:00")));
    let later = block_on(sync_once(&cal, &s, at("09:30"), Some(&offline)));
    assert_eq!(
        later.offline_since,
        Some(at("09:05")),
        "since the first failure"
    );
    // The state keeps following the local clock on the cached schedule.
    assert!(matches!(
        state(&later, at("10:40"), &s),
        RoomState::Free { .. }
    ));

    cal.down.store(false, Ordering::SeqCst);
    let back = block_on(sync_once(&cal, &s, at("09:31"), Some(&later)));
    assert_eq!(back.offline_since, None, "back online");
    assert_eq!(back.last_sync, Some(at("09:31")));

    // Never synced and offline: the state is unknown, not "free".
    cal.down.store(true, Ordering::SeqCst);
    let never = block_on(sync_once(&cal, &s, at("09:00"), None));
    assert!(matches!(
        state(&never, at("09:00"), &s),
        RoomState::Unknown { .. }
    ));
}

/// Offline for longer than the window last read (51 h after a read at 09:00, on a day that was
/// never read): the room is unknown, nothing is offered, the lights are not green, and `status`
/// names the problem.
#[test]
fn offline_past_the_window_read_the_room_is_unknown_not_free() {
    use roomsign::core::lights::{room_light, Colour, LightSettings};
    use roomsign::core::view::{panel_view, Tone, ViewSettings};
    use roomsign::core::UnknownReason;
    let cal = Flaky {
        inner: demo(),
        down: AtomicBool::new(false),
    };
    let s = settings(Policy::default());
    let good = block_on(sync_once(&cal, &s, at("09:00"), None));
    cal.down.store(true, Ordering::SeqCst);
    let offline = block_on(sync_once(&cal, &s, at("09:05"), Some(&good)));
    // Tomorrow evening is still inside the window read (today and tomorrow).
    let tomorrow = at("21:00") + Duration::days(1);
    assert!(!matches!(
        state(&offline, tomorrow, &s),
        RoomState::Unknown { .. }
    ));
    let later = at("09:00") + Duration::hours(51);
    let offline = block_on(sync_once(&cal, &s, later, Some(&offline)));
    assert_eq!(
        state(&offline, later, &s),
        RoomState::Unknown {
            reason: UnknownReason::BeyondWindow
        }
    );
    let view_settings = ViewSettings::default();
    let view = panel_view(later, &offline, &s.policy, &view_settings);
    assert_eq!(view.tone, Tone::Unknown);
    assert_eq!(view.headline, "Unknown");
    assert!(
        view.subline.starts_with("No schedule for today") && view.subline.contains("Mon 09:05"),
        "{}",
        view.subline
    );
    assert!(!view.actions.book && view.chips.iter().all(|c| !c.available));
    let light = room_light(
        later,
        &offline,
        &s.policy,
        chrono_tz::Tz::UTC,
        &LightSettings::default(),
        false,
    );
    assert_ne!(light.colour, Colour::Green);
    assert_eq!(light.colour, Colour::Off);
}

#[test]
fn the_engine_thread_books_and_announces_the_result() {
    let calendar: Arc<dyn CalendarSource> = Arc::new(demo());
    let s = settings(Policy::default());
    let now = at("12:20");
    let first = block_on(sync_once(calendar.as_ref(), &s, now, None));
    let (tx, rx) = mpsc::channel();
    let handle = engine::spawn(
        Some(calendar),
        None,
        Arc::new(FixedClock(now)),
        s.clone(),
        first,
        move |notice| {
            let _ = tx.send(notice);
        },
    )
    .expect("engine thread");
    assert!(handle.send(Command::Book { minutes: 15 }));
    let deadline = std::time::Instant::now() + StdDuration::from_secs(10);
    let mut result = None;
    while result.is_none() && std::time::Instant::now() < deadline {
        if let Ok(EngineEvent::Done(r)) = rx.recv_timeout(StdDuration::from_millis(100)) {
            result = Some(r);
        }
    }
    assert_eq!(result, Some(ActionResult::Booked { end: at("12:35") }));
    let snapshot = handle.snapshot();
    assert!(matches!(
        state(&snapshot, now, &s),
        RoomState::Busy { until, .. } if until == now + Duration::minutes(15)
    ));
}

#[test]
fn an_engine_started_after_the_first_frame_waits_for_the_signal() {
    let calendar: Arc<dyn CalendarSource> = Arc::new(demo());
    let s = settings(Policy::default());
    let now = at("12:20");
    let first = block_on(sync_once(calendar.as_ref(), &s, now, None));
    let (start, started) = mpsc::channel();
    let (tx, rx) = mpsc::channel();
    let handle = engine::spawn_after(
        Some(started),
        Some(calendar),
        None,
        Arc::new(FixedClock(now)),
        s.clone(),
        first,
        move |notice| {
            let _ = tx.send(notice);
        },
    )
    .expect("engine thread");
    assert!(handle.send(Command::Book { minutes: 15 }));
    // The tap waits in the queue until the first frame is on screen.
    assert!(rx.recv_timeout(StdDuration::from_millis(500)).is_err());
    start.send(()).expect("the engine thread waits");
    let deadline = std::time::Instant::now() + StdDuration::from_secs(10);
    let mut result = None;
    while result.is_none() && std::time::Instant::now() < deadline {
        if let Ok(EngineEvent::Done(r)) = rx.recv_timeout(StdDuration::from_millis(100)) {
            result = Some(r);
        }
    }
    assert_eq!(result, Some(ActionResult::Booked { end: at("12:35") }));
}

#[test]
fn in_the_demo_someone_books_in_outlook_first_and_the_room_declines() {
    let cal = demo();
    let s = settings(Policy::default());
    let now = at("14:50");
    let mut snap = block_on(sync_once(&cal, &s, now, None));
    assert!(
        !snap.bookings().iter().any(|b| b.subject == "Sprint demo"),
        "the panel has not seen it yet"
    );
    let result = tap(&cal, &s, now, &mut snap, Command::Book { minutes: 30 });
    assert_eq!(
        result,
        Some(ActionResult::Declined {
            reason: roomsign::core::words::Decline::BookedFirst
        })
    );
    let seen = snap
        .bookings()
        .iter()
        .find(|b| b.subject == "Sprint demo")
        .expect("after the decline the meeting shows, as after a sync");
    assert_eq!((seen.start, seen.end), (at("15:10"), at("15:25")));
    // 15 minutes still fit before it.
    let result = tap(&cal, &s, now, &mut snap, Command::Book { minutes: 15 });
    assert_eq!(result, Some(ActionResult::Booked { end: at("15:05") }));
}

#[test]
fn find_a_free_room_lists_the_neighbours_and_books_one() {
    let calendar = Arc::new(demo());
    let s = settings(Policy::default());
    let now = at("09:20");
    let first = block_on(sync_once(calendar.as_ref(), &s, now, None));
    let (tx, rx) = mpsc::channel();
    let handle = engine::spawn(
        Some(calendar),
        None,
        Arc::new(FixedClock(now)),
        s,
        first,
        move |n| {
            let _ = tx.send(n);
        },
    )
    .expect("engine");
    assert!(handle.send(Command::FindRooms));
    let rooms = loop {
        match rx
            .recv_timeout(StdDuration::from_secs(5))
            .expect("an answer")
        {
            EngineEvent::FreeRooms(rooms) => break rooms.expect("rooms"),
            _ => continue,
        }
    };
    assert!(!rooms.is_empty(), "the demo's neighbours");
    assert!(rooms.iter().all(|r| r.minutes >= 30));
    let pick = &rooms[0];
    assert!(handle.send(Command::BookRoom {
        email: pick.room.email.clone(),
        name: pick.room.name.clone(),
        minutes: pick.minutes,
    }));
    let result = loop {
        match rx
            .recv_timeout(StdDuration::from_secs(5))
            .expect("a result")
        {
            EngineEvent::Done(result) => break result,
            _ => continue,
        }
    };
    assert_eq!(
        result,
        ActionResult::BookedRoom {
            room: pick.room.name.clone(),
            end: now + Duration::minutes(pick.minutes)
        }
    );
}
