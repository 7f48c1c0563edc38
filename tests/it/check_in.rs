//! Check-in shared by every panel of a room through Exchange, against the stand-in: two panels
//! (two state directories, one room), through the command line and the live engine. A check-in
//! at one is seen at the other within one poll; a no-show is released once; Exchange's own
//! auto-release is left to Exchange and shown on both; app-only sign-in records the marker alone.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use fake_microsoft::{event, FakeMicrosoft};
use roomsign::calendar::graph::GraphCalendar;
use roomsign::calendar::CalendarSource;
use roomsign::clock::Clock;
use roomsign::config::Config;
use roomsign::core::view::{panel_view, ViewSettings};
use roomsign::core::{CheckInPolicy, CheckInWay, Policy, ReleaseMode, Room, Snapshot};
use roomsign::engine::{cached_snapshot, spawn, EngineEvent, EngineHandle, EngineSettings};
use roomsign::microsoft::link::Microsoft;
use serde_json::Value;

use crate::support::{at, stderr, stdout, ManualClock, Sandbox};

const ROOM: &str = "room-4.12@contoso.com";

/// The iCalUId the stand-in gives the room's meeting `m1`.
const M1_ICAL: &str = "040000008200E00074C5B7101A82E008000000m1";

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
}

fn policy(release: ReleaseMode) -> Policy {
    Policy {
        checkin: CheckInPolicy {
            enabled: true,
            release,
            ..CheckInPolicy::default()
        },
        ..Policy::default()
    }
}

/// One panel of the room: its own state directory, paired with the stand-in, its engine on a
/// clock the test moves.
struct Panel {
    dir: tempfile::TempDir,
    clock: Arc<ManualClock>,
    handle: EngineHandle,
    events: std::sync::mpsc::Receiver<EngineEvent>,
}

impl Panel {
    fn start(fake: &FakeMicrosoft, release: ReleaseMode, now: &str) -> Panel {
        let dir = tempfile::tempdir().unwrap();
        fake.pair_state_dir(dir.path());
        let clock = Arc::new(ManualClock(Mutex::new(at(now))));
        let config = Config::parse(&fake.config_table(), Path::new("t.toml")).unwrap();
        let ms = Microsoft::new(config.microsoft.unwrap(), dir.path(), Some(ROOM.to_owned()));
        let cal: Arc<dyn CalendarSource> = Arc::new(GraphCalendar::new(
            Arc::new(ms),
            clock.clone(),
            chrono_tz::UTC,
            StdDuration::from_secs(1),
        ));
        let settings = settings(release, dir.path());
        let initial = cached_snapshot(cal.as_ref(), settings.room.clone());
        let (tx, events) = std::sync::mpsc::channel();
        let handle = spawn(
            Some(cal),
            None,
            clock.clone(),
            settings,
            initial,
            move |n| {
                let _ = tx.send(n);
            },
        )
        .unwrap();
        Panel {
            dir,
            clock,
            handle,
            events,
        }
    }

    /// Waits up to 10 s for the snapshot to be as `ok` says.
    fn wait_for(&self, what: &str, ok: &dyn Fn(&Snapshot) -> bool) -> Snapshot {
        let deadline = std::time::Instant::now() + StdDuration::from_secs(10);
        while std::time::Instant::now() < deadline {
            let snapshot = self.handle.snapshot();
            if ok(&snapshot) {
                return snapshot;
            }
            let _ = self.events.recv_timeout(StdDuration::from_millis(100));
        }
        panic!("{what}: {:?}", self.handle.snapshot());
    }

    /// The Home screen's headline and the line under it, and whether it offers to book.
    fn home(&self, release: ReleaseMode) -> (String, String, bool) {
        let view = panel_view(
            self.clock.now(),
            &self.handle.snapshot(),
            &policy(release),
            &ViewSettings::default(),
        );
        (
            view.headline,
            view.subline,
            view.actions.book && view.actions.take_room,
        )
    }
}

fn settings(release: ReleaseMode, dir: &Path) -> EngineSettings {
    EngineSettings {
        room: Room {
            name: "Room 4.12".to_owned(),
            mailbox: Some(ROOM.to_owned()),
        },
        policy: policy(release),
        tz: chrono_tz::UTC,
        booking_subject: "Booked at the door".to_owned(),
        allow_end_early: true,
        allow_extend: true,
        poll_every: StdDuration::from_secs(1),
        state_dir: Some(dir.to_owned()),
    }
}

fn has_m1(s: &Snapshot) -> bool {
    s.bookings().iter().any(|b| b.id == "m1")
}

fn run_json(s: &Sandbox, args: &[&str]) -> (bool, Value) {
    let out = s.roomsign(args);
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("JSON: {}{}", stdout(&out), stderr(&out)));
    (out.status.success(), v)
}

/// A panel's configuration and state directory for the command line, check-in on.
fn cli_panel(s: &Sandbox, fake: &FakeMicrosoft, release: &str) -> (String, String) {
    let (config, state) = fake.paired_room(s.dir.path(), ROOM);
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str(&format!(
        "\n[checkin]\nenabled = true\nrelease = \"{release}\"\n"
    ));
    std::fs::write(&config, text).unwrap();
    (config, state)
}

#[test]
fn a_check_in_at_one_panel_is_seen_at_the_other_within_one_poll_and_holds_the_room() {
    let fake = FakeMicrosoft::start();
    room_day(&fake);
    // Panel B runs; panel A is the command line beside the other door.
    let b = Panel::start(&fake, ReleaseMode::Panel, "09:03");
    b.wait_for("B reads the meeting", &has_m1);
    assert_eq!(b.home(ReleaseMode::Panel).0, "Check in?");

    let s = Sandbox::new();
    let (config, state) = cli_panel(&s, &fake, "panel");
    let args = [
        "check-in",
        "--json",
        "--config",
        config.as_str(),
        "--state-dir",
        state.as_str(),
        "--now",
        "2026-11-23T09:03:00Z",
    ];
    let (ok, v) = run_json(&s, &args);
    assert!(ok, "exit 0 when recorded: {v}");
    assert_eq!(v["outcome"], "checked_in");
    assert_eq!(v["event_id"], "m1");
    assert_eq!(
        (v["marker"].clone(), v["exchange"].clone()),
        (Value::Bool(true), Value::Bool(true))
    );

    // Delegated sign-in: Exchange's check-in API got the event's iCalUId, "verified".
    let claims = fake.with(|st| st.check_ins.clone());
    assert_eq!(claims.len(), 1, "{claims:?}");
    assert_eq!(claims[0].0, ROOM);
    assert_eq!(claims[0].1["calendarEventId"], M1_ICAL);
    assert_eq!(claims[0].1["checkInMethod"], "verified");
    // And the marker on the room's copy, which every panel reads in its delta round.
    let copy = fake
        .room_events(ROOM)
        .into_iter()
        .find(|e| e["id"] == "m1")
        .unwrap();
    assert_eq!(copy["categories"], serde_json::json!(["Checked in 09:03"]));

    // B sees it within one poll (1 s here), by the way it came.
    let seen = b.wait_for("B sees the check-in", &|s| s.checked_in.contains("m1"));
    assert_eq!(seen.check_in_way("m1"), Some(CheckInWay::AnotherPanel));
    assert_eq!(b.home(ReleaseMode::Panel).0, "Busy");

    // Past the release time B releases nothing: the meeting was checked in.
    b.clock.set(at("09:12"));
    std::thread::sleep(StdDuration::from_millis(2500));
    assert!(fake.with(|st| st.declines.is_empty()), "not released");
    assert!(has_m1(&b.handle.snapshot()));

    // status --json says so per meeting, and by which way.
    let (_, status) = run_json(
        &s,
        &[
            "status",
            "--json",
            "--config",
            config.as_str(),
            "--state-dir",
            state.as_str(),
            "--now",
            "2026-11-23T09:12:00Z",
        ],
    );
    assert_eq!(status["state"], "busy", "{status}");
    assert_eq!(status["current"]["checked_in"], "this_panel", "{status}");
    assert_eq!(status["release_mode"], "panel");

    // Nothing left to check in to: exit status says so.
    let (ok, v) = run_json(&s, &args);
    assert!(!ok);
    assert_eq!(v["outcome"], "nothing_to_check_in", "{v}");
    drop(b.dir);
}

#[test]
fn a_no_show_is_released_once_by_two_panels_and_both_say_why() {
    let fake = FakeMicrosoft::start();
    room_day(&fake);
    let a = Panel::start(&fake, ReleaseMode::Panel, "09:05");
    let b = Panel::start(&fake, ReleaseMode::Panel, "09:05");
    a.wait_for("A reads the meeting", &has_m1);
    b.wait_for("B reads the meeting", &has_m1);
    // Nobody came: past the release time on both.
    a.clock.set(at("09:11"));
    b.clock.set(at("09:11"));
    a.wait_for("A sees it released", &|s| {
        !has_m1(s) && !s.released.is_empty()
    });
    b.wait_for("B sees it released", &|s| {
        !has_m1(s) && !s.released.is_empty()
    });
    std::thread::sleep(StdDuration::from_millis(2500));
    let declines = fake.with(|st| st.declines.clone());
    assert_eq!(declines.len(), 1, "one decline, one notice: {declines:?}");
    assert_eq!(declines[0].1, "m1");
    // The other panel looked at the room's copy first and found it gone (two declines in the
    // same instant both reach Exchange, which takes only the first: the copy is gone then).
    for p in [&a, &b] {
        let (headline, subline, book) = p.home(ReleaseMode::Panel);
        assert_eq!(headline, "Free");
        assert_eq!(subline, "Released at 09:11 \u{2014} nobody checked in");
        assert!(book, "Take the room: a door booking");
    }
    // status --json beside each panel says it was released, when, and by whom.
    let s = Sandbox::new();
    let config = s.file(
        "config.toml",
        &format!(
            "[room]\nname = \"Room 4.12\"\nmailbox = \"{ROOM}\"\n\n{}\n[checkin]\nenabled = true\n",
            fake.config_table()
        ),
    );
    let mut by = Vec::new();
    for p in [&a, &b] {
        let (_, v) = run_json(
            &s,
            &[
                "status",
                "--json",
                "--config",
                config.to_str().unwrap(),
                "--state-dir",
                p.dir.path().to_str().unwrap(),
                "--now",
                "2026-11-23T09:12:00Z",
            ],
        );
        assert_eq!(v["state"], "free", "{v}");
        let released = v["released"].as_array().expect("released").clone();
        assert_eq!(released.len(), 1, "{v}");
        assert_eq!(released[0]["subject"], "Planning");
        assert_eq!(released[0]["released_at"], "2026-11-23T09:11:00Z");
        by.push(released[0]["released_by"].as_str().unwrap().to_owned());
    }
    by.sort();
    assert_eq!(by, ["elsewhere", "this_panel"]);
}

#[test]
fn in_exchange_mode_the_panels_never_release_and_show_exchange_s_release() {
    let fake = FakeMicrosoft::start();
    room_day(&fake);
    // The room releases no-shows itself 10 minutes after the start, as Exchange does.
    fake.auto_release(ROOM, 10);
    fake.set_now(at("09:05"));
    let a = Panel::start(&fake, ReleaseMode::Exchange, "09:05");
    let b = Panel::start(&fake, ReleaseMode::Exchange, "09:05");
    a.wait_for("A reads the meeting", &has_m1);
    b.wait_for("B reads the meeting", &has_m1);

    // Past the panel's own release time, before Exchange's: still the meeting's.
    fake.set_now(at("09:09"));
    a.clock.set(at("09:10"));
    b.clock.set(at("09:10"));
    std::thread::sleep(StdDuration::from_millis(2500));
    assert!(has_m1(&a.handle.snapshot()) && has_m1(&b.handle.snapshot()));
    assert_eq!(a.home(ReleaseMode::Exchange).0, "Check in?");

    // Exchange releases it.
    fake.set_now(at("09:11"));
    a.clock.set(at("09:11"));
    b.clock.set(at("09:11"));
    for p in [&a, &b] {
        p.wait_for("the release is seen", &|s| {
            !has_m1(s) && !s.released.is_empty()
        });
        let (headline, subline, book) = p.home(ReleaseMode::Exchange);
        assert_eq!(headline, "Free");
        assert_eq!(subline, "Released at 09:11 \u{2014} nobody checked in");
        assert!(book, "Take the room: a door booking");
    }
    std::thread::sleep(StdDuration::from_millis(1500));
    assert!(
        fake.requests("/decline").is_empty(),
        "the panels never decline"
    );
    assert_eq!(fake.with(|st| st.auto_releases.len()), 1, "released once");
}

#[test]
fn a_delegated_check_in_keeps_exchange_from_releasing_the_meeting() {
    let fake = FakeMicrosoft::start();
    room_day(&fake);
    fake.auto_release(ROOM, 10);
    fake.set_now(at("09:03"));
    let a = Panel::start(&fake, ReleaseMode::Exchange, "09:03");
    a.wait_for("A reads the meeting", &has_m1);
    a.handle.send(roomsign::engine::Command::CheckIn);
    a.wait_for("checked in", &|s| s.checked_in.contains("m1"));
    fake.set_now(at("09:30"));
    a.clock.set(at("09:30"));
    std::thread::sleep(StdDuration::from_millis(2500));
    assert!(fake.with(|st| st.auto_releases.is_empty()));
    assert!(has_m1(&a.handle.snapshot()));
    assert_eq!(a.home(ReleaseMode::Exchange).0, "Busy");
}

#[test]
fn an_app_only_check_in_is_recorded_by_the_marker_alone() {
    let fake = FakeMicrosoft::start();
    room_day(&fake);
    let s = Sandbox::new();
    let secret = s.file("client-secret", "s3cr3t-value~from-entra\n");
    std::fs::set_permissions(&secret, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    let config = s.file(
        "config.toml",
        &format!(
            "[room]\nname = \"Room 4.12\"\nmailbox = \"{ROOM}\"\n\n{}auth = \"client-secret\"\nclient_secret_file = \"{}\"\nbooking_account = \"roomsign@contoso.com\"\n\n[checkin]\nenabled = true\n",
            fake.config_table(),
            secret.display()
        ),
    );
    let state = s.path("state");
    let (ok, v) = run_json(
        &s,
        &[
            "check-in",
            "--json",
            "--config",
            config.to_str().unwrap(),
            "--state-dir",
            state.to_str().unwrap(),
            "--now",
            "2026-11-23T09:02:00Z",
        ],
    );
    if !ok {
        let (_, st) = run_json(
            &s,
            &[
                "status",
                "--json",
                "--config",
                config.to_str().unwrap(),
                "--state-dir",
                state.to_str().unwrap(),
                "--now",
                "2026-11-23T09:02:00Z",
            ],
        );
        panic!("{v}\n{st}");
    }
    assert_eq!(v["marker"], true);
    assert_eq!(v["exchange"], false);
    assert!(
        fake.requests("/checkIns").is_empty(),
        "nothing calls the check-in API app-only"
    );
    let copy = fake
        .room_events(ROOM)
        .into_iter()
        .find(|e| e["id"] == "m1")
        .unwrap();
    assert_eq!(copy["categories"], serde_json::json!(["Checked in 09:02"]));
}

#[test]
fn a_check_in_made_in_exchange_by_another_device_is_seen_as_exchange_s() {
    let fake = FakeMicrosoft::start();
    room_day(&fake);
    let a = Panel::start(&fake, ReleaseMode::Exchange, "09:02");
    a.wait_for("A reads the meeting", &has_m1);
    assert_eq!(a.home(ReleaseMode::Exchange).0, "Check in?");
    // A Teams panel or Outlook checks in through the API.
    fake.with(|st| {
        st.check_ins.push((
            ROOM.to_owned(),
            serde_json::json!({ "calendarEventId": M1_ICAL, "checkInMethod": "verified" }),
        ))
    });
    let seen = a.wait_for("A sees it", &|s| s.checked_in.contains("m1"));
    assert_eq!(seen.check_in_way("m1"), Some(CheckInWay::Exchange));
    assert_eq!(a.home(ReleaseMode::Exchange).0, "Busy");
}
