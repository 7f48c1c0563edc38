//! Reading a Microsoft 365 room's calendar through Graph, against the local stand-in: delta
//! rounds (paging, deltaLink, @removed, 410, a new window at midnight), plain calendarView where
//! delta is refused, Outlook changes, the cache, and every fault the network can throw at the
//! panel — after each, what the panel would show.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, TimeZone, Utc};
use fake_microsoft::{event, with, FakeMicrosoft, Fault};
use roomsign::app::block_on;
use roomsign::calendar::graph::GraphCalendar;
use roomsign::calendar::{CalendarError, CalendarSource};
use roomsign::clock::Clock;
use roomsign::config::Config;
use roomsign::core::{room_state, CheckIns, Policy, Room, RoomState, Schedule, Snapshot, Source};
use roomsign::engine::{sync_checked, sync_window, EngineSettings};
use roomsign::microsoft::link::Microsoft;
use serde_json::json;

use crate::support::{at, ManualClock};

const ROOM: &str = "room-4.12@contoso.com";

/// The real time, taken as set (whatever the machine's time service says).
struct LiveClock;

impl Clock for LiveClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
    fn ticks(&self) -> bool {
        true
    }
}

struct Panel {
    fake: FakeMicrosoft,
    dir: tempfile::TempDir,
    clock: Arc<ManualClock>,
    settings: EngineSettings,
}

fn microsoft_for(fake: &FakeMicrosoft, state_dir: &Path, graph_url: Option<&str>) -> Microsoft {
    let mut table = fake.config_table();
    if let Some(url) = graph_url {
        table = table.replace(&fake.graph_url(), url);
    }
    let config = Config::parse(&table, Path::new("test.toml")).expect("config");
    Microsoft::new(
        config.microsoft.expect("[microsoft]"),
        state_dir,
        Some(ROOM.to_owned()),
    )
}

impl Panel {
    fn new() -> Panel {
        let fake = FakeMicrosoft::start();
        let dir = tempfile::tempdir().unwrap();
        fake.pair_state_dir(dir.path());
        Panel {
            fake,
            dir,
            clock: Arc::new(ManualClock(Mutex::new(at("09:10")))),
            settings: EngineSettings {
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
                state_dir: None,
            },
        }
    }

    fn calendar(&self) -> GraphCalendar {
        self.calendar_with(None, None)
    }

    fn calendar_with(
        &self,
        graph_url: Option<&str>,
        http: Option<reqwest::Client>,
    ) -> GraphCalendar {
        let mut microsoft = microsoft_for(&self.fake, self.dir.path(), graph_url);
        if let Some(http) = http {
            microsoft.http = http;
        }
        GraphCalendar::new(
            Arc::new(microsoft),
            self.clock.clone(),
            chrono_tz::UTC,
            StdDuration::from_secs(10),
        )
    }

    fn read(
        &self,
        calendar: &GraphCalendar,
    ) -> Result<Vec<roomsign::core::Booking>, CalendarError> {
        let (from, to) = sync_window(self.clock.now(), chrono_tz::UTC);
        block_on(calendar.read(from, to))
    }

    /// One poll of the panel: the snapshot after it.
    fn poll(&self, calendar: &GraphCalendar, previous: Option<&Snapshot>) -> Snapshot {
        let now = self.clock.now();
        block_on(sync_checked(calendar, &self.settings, now, true, previous))
    }

    fn state(&self, snapshot: &Snapshot) -> RoomState {
        room_state(
            self.clock.now(),
            &snapshot.schedule,
            &self.settings.policy,
            &CheckIns::new(),
        )
    }
}

fn subjects(bookings: &[roomsign::core::Booking]) -> Vec<String> {
    bookings.iter().map(|b| b.subject.clone()).collect()
}

fn day_of_meetings(fake: &FakeMicrosoft, n: usize) {
    for i in 0..n {
        let start = at("08:00") + Duration::hours(i as i64);
        fake.put_event(
            ROOM,
            event(
                &format!("ev{i}"),
                &format!("Meeting {i}"),
                "Ada Lovelace",
                &start.format("%Y-%m-%dT%H:%M").to_string(),
                &(start + Duration::minutes(45))
                    .format("%Y-%m-%dT%H:%M")
                    .to_string(),
            ),
        );
    }
}

#[test]
fn a_round_follows_every_page_then_polls_only_the_changes() {
    let p = Panel::new();
    p.fake.with(|s| s.page_size = 3);
    day_of_meetings(&p.fake, 8);
    let cal = p.calendar();
    let first = p.read(&cal).expect("first round");
    assert_eq!(first.len(), 8, "all pages read: {:?}", subjects(&first));
    let round = p.fake.calendar_requests();
    assert_eq!(round.len(), 3, "8 events at 3 a page: 3 requests");
    assert!(round[0].target.contains("/calendarView/delta?startDateTime=2026-11-23T00:00:00Z&endDateTime=2026-11-25T00:00:00Z"), "{}", round[0].target);
    let prefer = round[0].prefer.clone().unwrap_or_default();
    assert!(prefer.contains("outlook.timezone=\"UTC\""), "{prefer}");
    assert!(prefer.contains("odata.maxpagesize=50"), "{prefer}");
    assert!(round[1].target.contains("$skiptoken="));

    // Nothing changed: one request, the same schedule.
    let again = p.read(&cal).expect("delta poll");
    assert_eq!(again, first);
    let polls = p.fake.calendar_requests();
    assert_eq!(polls.len(), 4);
    assert!(
        polls[3].target.contains("$deltatoken="),
        "{}",
        polls[3].target
    );

    // Outlook: one meeting moved, one deleted, one added.
    p.fake.put_event(
        ROOM,
        event(
            "ev2",
            "Meeting 2 (moved)",
            "Ada Lovelace",
            "2026-11-23T16:00",
            "2026-11-23T16:30",
        ),
    );
    p.fake.delete_event(ROOM, "ev5");
    p.fake.put_event(
        ROOM,
        event(
            "new",
            "Walk-in review",
            "Grace Hopper",
            "2026-11-24T10:00",
            "2026-11-24T11:00",
        ),
    );
    let changed = p.read(&cal).expect("delta with changes");
    assert_eq!(
        p.fake.calendar_requests().len(),
        5,
        "the changes fit one page"
    );
    let names = subjects(&changed);
    assert!(names.contains(&"Meeting 2 (moved)".to_owned()));
    assert!(!names.contains(&"Meeting 2".to_owned()));
    assert!(!names.contains(&"Meeting 5".to_owned()), "@removed applied");
    assert!(names.contains(&"Walk-in review".to_owned()));
    assert_eq!(changed.len(), 8);
}

#[test]
fn a_forgotten_sync_state_starts_a_new_round_in_the_same_poll() {
    let p = Panel::new();
    day_of_meetings(&p.fake, 2);
    let cal = p.calendar();
    p.read(&cal).unwrap();
    p.fake.put_event(
        ROOM,
        event(
            "late",
            "Late addition",
            "Ada Lovelace",
            "2026-11-23T17:00",
            "2026-11-23T18:00",
        ),
    );
    p.fake.with(|s| s.delta_valid_from = u64::MAX);
    let after = p.read(&cal).expect("410 → full round");
    assert_eq!(after.len(), 3);
    let reqs = p.fake.calendar_requests();
    assert!(reqs[1].target.contains("$deltatoken="));
    assert!(
        reqs[2].target.contains("startDateTime="),
        "a new round: {}",
        reqs[2].target
    );
}

#[test]
fn midnight_starts_a_new_round_for_the_new_window() {
    let p = Panel::new();
    day_of_meetings(&p.fake, 2);
    p.fake.put_event(
        ROOM,
        event(
            "d3",
            "Day after tomorrow",
            "Ada Lovelace",
            "2026-11-25T09:00",
            "2026-11-25T10:00",
        ),
    );
    let cal = p.calendar();
    assert_eq!(
        p.read(&cal).unwrap().len(),
        2,
        "the window ends with tomorrow"
    );
    p.clock.set(at("09:10") + Duration::days(1));
    let next_day = p.read(&cal).unwrap();
    assert_eq!(subjects(&next_day), vec!["Day after tomorrow"]);
    let last = p.fake.calendar_requests().pop().unwrap();
    assert!(
        last.target.contains("startDateTime=2026-11-24T00:00:00Z"),
        "{}",
        last.target
    );
}

#[test]
fn where_delta_is_refused_the_window_is_read_with_calendar_view() {
    let p = Panel::new();
    p.fake.with(|s| {
        s.delta_refused = true;
        s.page_size = 2;
    });
    day_of_meetings(&p.fake, 5);
    let cal = p.calendar();
    assert_eq!(p.read(&cal).unwrap().len(), 5);
    p.fake.delete_event(ROOM, "ev0");
    assert_eq!(p.read(&cal).unwrap().len(), 4);
    let requests = p.fake.calendar_requests();
    let delta = requests
        .iter()
        .filter(|r| r.path.ends_with("/delta"))
        .count();
    assert_eq!(delta, 1, "delta is asked once, then no more");
    assert_eq!(
        requests.len() - delta,
        3 + 2,
        "5 events at 2 a page, then 4"
    );
}

#[test]
fn events_become_what_the_panel_shows() {
    let p = Panel::new();
    let fake = &p.fake;
    fake.put_event(
        ROOM,
        with(
            event(
                "priv",
                "Salary talk",
                "Ada Lovelace",
                "2026-11-23T09:00",
                "2026-11-23T10:00",
            ),
            &[("sensitivity", json!("private"))],
        ),
    );
    fake.put_event(
        ROOM,
        with(
            event(
                "free",
                "FYI: fire drill",
                "Facilities",
                "2026-11-23T10:00",
                "2026-11-23T10:30",
            ),
            &[("showAs", json!("free"))],
        ),
    );
    fake.put_event(
        ROOM,
        with(
            event(
                "gone",
                "Cancelled sync",
                "Ada Lovelace",
                "2026-11-23T11:00",
                "2026-11-23T12:00",
            ),
            &[("isCancelled", json!(true))],
        ),
    );
    fake.put_event(
        ROOM,
        with(
            event(
                "tent",
                "Maybe",
                "Ada Lovelace",
                "2026-11-23T12:00",
                "2026-11-23T12:30",
            ),
            &[("showAs", json!("tentative"))],
        ),
    );
    fake.put_event(
        ROOM,
        with(
            event(
                "allday",
                "Offsite",
                "Ada Lovelace",
                "2026-11-24T00:00",
                "2026-11-25T00:00",
            ),
            &[("isAllDay", json!(true))],
        ),
    );
    // A time in a Windows zone, as Graph sends without the UTC preference.
    fake.put_event(ROOM, with(event("win", "Berlin time", "Ada Lovelace", "2026-11-23T14:00", "2026-11-23T15:00"), &[
        ("start", json!({"dateTime": "2026-11-23T15:00:00.0000000", "timeZone": "W. Europe Standard Time"})),
        ("end", json!({"dateTime": "2026-11-23T16:00:00.0000000", "timeZone": "W. Europe Standard Time"})),
    ]));
    let cal = p.calendar();
    let bookings = p.read(&cal).unwrap();
    let by_id = |id: &str| bookings.iter().find(|b| b.id == id).cloned();
    assert!(by_id("gone").is_none(), "cancelled events are left out");
    assert!(by_id("priv").unwrap().private);
    assert!(!by_id("free").unwrap().occupies());
    assert!(by_id("tent").unwrap().occupies());
    let all_day = by_id("allday").unwrap();
    assert!(all_day.all_day);
    assert_eq!(
        all_day.start,
        Utc.with_ymd_and_hms(2026, 11, 24, 0, 0, 0).unwrap()
    );
    assert_eq!(by_id("win").unwrap().start, at("14:00"));
    assert_eq!(
        by_id("priv").unwrap().organizer.as_deref(),
        Some("Ada Lovelace")
    );
}

#[test]
fn throttling_is_waited_out_without_sending_meanwhile() {
    let p = Panel::new();
    day_of_meetings(&p.fake, 3);
    let cal = p.calendar();
    let good = p.poll(&cal, None);
    p.fake.fault(vec![Fault::Status {
        status: 429,
        retry_after: Some(2),
        code: "ApplicationThrottled".to_owned(),
        message: "Application is over its MailboxConcurrency limit.".to_owned(),
    }]);
    let throttled = p.poll(&cal, Some(&good));
    assert_eq!(throttled.schedule, good.schedule, "the schedule survives");
    assert!(throttled.offline_since.is_some());
    assert!(throttled
        .trouble
        .as_ref()
        .unwrap()
        .words
        .contains("throttl"));
    let sent = p.fake.calendar_requests().len();
    let waiting = p.poll(&cal, Some(&throttled));
    assert_eq!(
        p.fake.calendar_requests().len(),
        sent,
        "nothing sent during Retry-After"
    );
    assert_eq!(waiting.schedule, good.schedule);
    std::thread::sleep(StdDuration::from_millis(2100));
    let back = p.poll(&cal, Some(&waiting));
    assert_eq!(back.offline_since, None, "fresh again after Retry-After");
    assert_eq!(back.trouble, None);
}

#[test]
fn server_errors_back_off_from_five_seconds_and_recover() {
    let p = Panel::new();
    day_of_meetings(&p.fake, 3);
    let cal = p.calendar();
    let good = p.poll(&cal, None);
    p.fake.fault(vec![Fault::Status {
        status: 503,
        retry_after: None,
        code: "ServiceUnavailable".to_owned(),
        message: "Service unavailable.".to_owned(),
    }]);
    let failed = p.poll(&cal, Some(&good));
    assert_eq!(failed.schedule, good.schedule);
    assert!(
        !failed.trouble.as_ref().unwrap().refused,
        "a 503 is offline, not a setting"
    );
    let sent = p.fake.calendar_requests().len();
    std::thread::sleep(StdDuration::from_secs(2));
    p.poll(&cal, Some(&failed));
    assert_eq!(
        p.fake.calendar_requests().len(),
        sent,
        "no retry before 5 s"
    );
    std::thread::sleep(StdDuration::from_millis(4500));
    let back = p.poll(&cal, Some(&failed));
    assert_eq!(back.offline_since, None);
    assert_eq!(p.fake.calendar_requests().len(), sent + 1);
}

#[test]
fn garbled_answers_fail_the_round_but_never_the_schedule() {
    for fault in [Fault::Malformed, Fault::WrongShape, Fault::Hangup] {
        let p = Panel::new();
        day_of_meetings(&p.fake, 3);
        let cal = p.calendar();
        let good = p.poll(&cal, None);
        p.fake.fault(vec![fault.clone()]);
        let bad = p.poll(&cal, Some(&good));
        assert_eq!(bad.schedule, good.schedule, "{fault:?}");
        assert!(bad.offline_since.is_some(), "{fault:?}");
        assert!(
            matches!(p.state(&bad), RoomState::Busy { .. }),
            "{fault:?}: still busy from the cache"
        );
    }
}

#[test]
fn a_revoked_access_token_is_renewed_once_and_the_read_goes_on() {
    let p = Panel::new();
    day_of_meetings(&p.fake, 2);
    let cal = p.calendar();
    p.read(&cal).unwrap();
    p.fake.with(|s| s.graph_401s = 1);
    let refreshes = p.fake.refreshes();
    assert_eq!(p.read(&cal).unwrap().len(), 2);
    assert_eq!(p.fake.refreshes(), refreshes + 1);
}

#[test]
fn slow_answers_are_waited_for_and_timeouts_are_offline() {
    let p = Panel::new();
    day_of_meetings(&p.fake, 2);
    let short = reqwest::Client::builder()
        .timeout(StdDuration::from_millis(800))
        .build()
        .unwrap();
    let cal = p.calendar_with(None, Some(short));
    p.fake
        .fault(vec![Fault::Slow(StdDuration::from_millis(300))]);
    let good = p.poll(&cal, None);
    assert_eq!(good.bookings().len(), 2, "a slow answer is still an answer");
    p.fake.fault(vec![Fault::Slow(StdDuration::from_secs(3))]);
    let timed_out = p.poll(&cal, Some(&good));
    assert!(timed_out.offline_since.is_some());
    let words = timed_out.trouble.unwrap().words;
    assert!(words.contains("timed out"), "{words}");
    assert_eq!(timed_out.schedule, good.schedule);
}

#[test]
fn offline_the_cache_carries_the_panel_by_the_clock() {
    let p = Panel::new();
    day_of_meetings(&p.fake, 3);
    let cal = p.calendar();
    let good = p.poll(&cal, None);
    p.fake.with(|s| s.down = true);
    p.clock.set(at("09:40"));
    let offline = p.poll(&cal, Some(&good));
    assert_eq!(offline.offline_since, Some(at("09:40")));
    assert_eq!(offline.schedule, good.schedule, "the schedule survives");
    assert!(
        offline
            .trouble
            .as_ref()
            .unwrap()
            .words
            .contains("cannot reach"),
        "{:?}",
        offline.trouble
    );
    assert!(
        matches!(p.state(&offline), RoomState::Busy { .. }),
        "the state goes on from the cache by the clock"
    );
    p.clock.set(at("10:50"));
    let later = p.poll(&cal, Some(&offline));
    assert!(
        matches!(p.state(&later), RoomState::Free { .. }),
        "10:45 ended the 10:00 meeting: {:?}",
        p.state(&later)
    );
    // A restart while offline: the last good schedule at once, and since when it is offline.
    drop(cal);
    let again = p.calendar();
    let restarted = roomsign::engine::cached_snapshot(&again, p.settings.room.clone());
    assert_eq!(restarted.source, Source::Cache);
    assert_eq!(restarted.schedule, good.schedule);
    assert_eq!(restarted.offline_since, Some(at("09:40")));
}

#[test]
fn a_refused_connection_is_offline_not_a_setting() {
    let p = Panel::new();
    // A port nobody listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let cal = p.calendar_with(Some(&format!("http://{closed}/v1.0")), None);
    let snap = p.poll(&cal, None);
    let trouble = snap.trouble.expect("trouble");
    assert!(!trouble.refused);
    assert!(
        trouble.words.contains("connection failed"),
        "{}",
        trouble.words
    );
    assert!(
        matches!(snap.schedule, Schedule::Unknown(_)),
        "no claim without a schedule"
    );
}

#[test]
fn a_wrong_mailbox_or_missing_permission_is_a_setting_to_fix() {
    let p = Panel::new();
    let mut ms = microsoft_for(&p.fake, p.dir.path(), None);
    ms.configured_room = Some("typo@contoso.com".to_owned());
    let cal = GraphCalendar::new(
        Arc::new(ms),
        p.clock.clone(),
        chrono_tz::UTC,
        StdDuration::from_secs(10),
    );
    let snap = p.poll(&cal, None);
    let trouble = snap.trouble.expect("trouble");
    assert!(trouble.refused);
    assert!(trouble.words.contains("room.mailbox"), "{}", trouble.words);
    assert!(matches!(snap.schedule, Schedule::Unknown(_)));

    let p = Panel::new();
    p.fake.fault(vec![Fault::Status {
        status: 403,
        retry_after: None,
        code: "ErrorAccessDenied".to_owned(),
        message: "Access to OData is disabled.".to_owned(),
    }]);
    let snap = p.poll(&p.calendar(), None);
    let words = snap.trouble.expect("trouble").words;
    assert!(words.contains("ApplicationAccessPolicy"), "{words}");
}

#[test]
fn no_more_than_four_requests_reach_one_mailbox_at_once() {
    let p = Panel::new();
    day_of_meetings(&p.fake, 1);
    let ms = Arc::new(microsoft_for(&p.fake, p.dir.path(), None));
    let graph = ms.graph(p.clock.clone()).unwrap().unwrap();
    p.fake.fault(
        (0..10)
            .map(|_| Fault::Slow(StdDuration::from_millis(300)))
            .collect(),
    );
    let path = format!("/users/{ROOM}/calendarView?startDateTime=2026-11-23T00:00:00Z&endDateTime=2026-11-24T00:00:00Z");
    block_on(async {
        let calls = (0..10).map(|_| {
            let (graph, path) = (graph.clone(), path.clone());
            async move { graph.get::<serde_json::Value>(&path).await }
        });
        let results = futures_join_all(calls).await;
        assert!(results.iter().all(|r| r.is_ok()));
    });
    let most = p.fake.with(|s| s.most_in_flight);
    assert!(
        (2..=4).contains(&most),
        "at most 4 at once, and in parallel: {most}"
    );
}

/// Joins futures without another dependency.
async fn futures_join_all<F>(futures: impl Iterator<Item = F>) -> Vec<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

#[test]
fn an_outlook_change_reaches_the_running_panel_within_a_poll() {
    let p = Panel::new();
    day_of_meetings(&p.fake, 2);
    let ms = Arc::new(microsoft_for(&p.fake, p.dir.path(), None));
    let running = Running::start(&p, ms.clone());
    let wait_for = |what: &str, ok: &dyn Fn(&Snapshot) -> bool| running.wait_for(what, ok);
    wait_for("first read", &|s| s.source == Source::Graph);
    let now = Utc::now();
    let start = now - Duration::minutes(5);
    p.fake.put_event(
        ROOM,
        event(
            "now",
            "Stand-up",
            "Ada Lovelace",
            &start.format("%Y-%m-%dT%H:%M").to_string(),
            &(now + Duration::minutes(25))
                .format("%Y-%m-%dT%H:%M")
                .to_string(),
        ),
    );
    let changed = std::time::Instant::now();
    wait_for("the new meeting", &|s| {
        s.bookings().iter().any(|b| b.id == "now")
    });
    assert!(
        changed.elapsed() < StdDuration::from_secs(3),
        "within one 1 s poll: {:?}",
        changed.elapsed()
    );
    p.fake.with(|s| s.down = true);
    wait_for("offline", &|s| {
        s.offline_since.is_some() && s.bookings().iter().any(|b| b.id == "now")
    });
    // Offline for a while: the retries back off, but never past the poll interval's share.
    std::thread::sleep(StdDuration::from_secs(12));
    p.fake.with(|s| s.down = false);
    let up = std::time::Instant::now();
    wait_for("back online", &|s| s.offline_since.is_none());
    assert!(
        up.elapsed() < StdDuration::from_millis(6500),
        "fresh within the longest pause (5 s with a 1 s poll) and a poll: {:?}",
        up.elapsed()
    );
}

/// The requests the stand-in saw for the room's calendar that were not answered by a fault's
/// page (all of them: each is counted).
fn calendar_requests(p: &Panel) -> usize {
    p.fake.calendar_requests().len()
}

fn words(snapshot: &Snapshot) -> String {
    snapshot
        .trouble
        .as_ref()
        .map(|t| t.words.clone())
        .unwrap_or_default()
}

#[test]
fn a_retry_after_of_years_is_waited_ten_minutes_at_most() {
    for status in [429, 503] {
        for header in [
            "9223372036854775807",
            "18446744073709551615",
            "1000000000000",
            "99999999999999999999999999",
        ] {
            let p = Panel::new();
            day_of_meetings(&p.fake, 3);
            let cal = p.calendar();
            let good = p.poll(&cal, None);
            p.fake.fault(vec![Fault::RetryAfter {
                status,
                header: header.to_owned(),
            }]);
            let throttled = p.poll(&cal, Some(&good));
            assert_eq!(throttled.schedule, good.schedule, "{status} {header}");
            assert!(throttled.offline_since.is_some(), "{status} {header}");
            let said = words(&throttled);
            assert!(
                said.contains("asks to wait") && said.contains("600 s"),
                "{status} {header}: {said}"
            );
            // Meanwhile nothing is sent, and the panel says the same.
            let sent = calendar_requests(&p);
            let waiting = p.poll(&cal, Some(&throttled));
            assert_eq!(calendar_requests(&p), sent, "{status} {header}");
            assert_eq!(waiting.schedule, good.schedule);
            assert!(words(&waiting).contains("600 s"), "{}", words(&waiting));
        }
    }
}

#[test]
fn the_running_panel_outlives_a_retry_after_of_u64_max() {
    let p = Panel::new();
    day_of_meetings(&p.fake, 2);
    let ms = Arc::new(microsoft_for(&p.fake, p.dir.path(), None));
    let running = Running::start(&p, ms);
    let handle = &running.handle;
    let wait_for = |what: &str, ok: &dyn Fn(&Snapshot) -> bool| running.wait_for(what, ok);
    wait_for("first read", &|s| s.source == Source::Graph);
    let good = handle.snapshot();
    p.fake.fault(vec![Fault::RetryAfter {
        status: 429,
        header: u64::MAX.to_string(),
    }]);
    wait_for("offline, waiting as Microsoft asks", &|s| {
        s.offline_since.is_some() && words(s).contains("600 s")
    });
    // Still polling: nothing reaches Graph while the wait runs, and the panel keeps its
    // schedule and its words.
    let sent = calendar_requests(&p);
    std::thread::sleep(StdDuration::from_secs(2));
    assert_eq!(calendar_requests(&p), sent);
    let now = handle.snapshot();
    assert!(words(&now).contains("600 s"), "{now:?}");
    assert_eq!(now.schedule, good.schedule);
}

#[test]
fn a_next_link_to_itself_or_in_a_circle_costs_a_request_or_three() {
    let room_url = |tail: &str| format!("{{base}}/v1.0/users/{ROOM}/calendarView/delta?{tail}");
    for (links, most) in [
        (vec!["{self}".to_owned()], 1),
        (vec![room_url("$skiptoken=A"), room_url("$skiptoken=B")], 3),
    ] {
        let p = Panel::new();
        day_of_meetings(&p.fake, 2);
        // Enough for the old 500 pages a round: the same links over and over.
        p.fake.fault(
            links
                .iter()
                .cycle()
                .take(600)
                .map(|l| Fault::NextLink(l.clone()))
                .collect(),
        );
        let cal = p.calendar();
        let read = p.read(&cal);
        assert!(
            matches!(&read, Err(CalendarError::Unreachable(e)) if e.contains("circle")),
            "{read:?}"
        );
        assert_eq!(calendar_requests(&p), most, "{links:?}");
        p.fake.with(|s| s.faults.clear());
        let fresh = p.read(&p.calendar()).expect("a new round reads the room");
        assert_eq!(fresh.len(), 2);
    }
}

#[test]
fn a_delta_link_that_pages_in_a_circle_is_dropped_and_the_next_round_is_whole() {
    let p = Panel::new();
    day_of_meetings(&p.fake, 2);
    let cal = p.calendar();
    p.read(&cal).expect("first round");
    let before = calendar_requests(&p);
    p.fake
        .fault(std::iter::repeat_n(Fault::NextLink("{self}".to_owned()), 600).collect());
    let read = p.read(&cal);
    assert!(read.is_err(), "{read:?}");
    assert_eq!(
        calendar_requests(&p),
        before + 1,
        "the loop is seen at once"
    );
    p.fake.with(|s| s.faults.clear());
    // After the backoff (5 s, a little more with jitter), a whole round, not the same link.
    std::thread::sleep(StdDuration::from_millis(6400));
    let back = p.read(&cal).expect("read again");
    assert_eq!(back.len(), 2);
    let requests = p.fake.calendar_requests();
    let last = &requests[requests.len() - 1].target;
    assert!(last.contains("startDateTime="), "{last}");
}

#[test]
fn a_round_stops_after_one_hundred_pages() {
    let p = Panel::new();
    day_of_meetings(&p.fake, 2);
    // Every page links to a new one, for ever (a new URL each time).
    p.fake
        .fault(std::iter::repeat_n(Fault::NextLink("{self}&more".to_owned()), 300).collect());
    let read = p.read(&p.calendar());
    assert!(
        matches!(&read, Err(CalendarError::Unreachable(e)) if e.contains("100 pages")),
        "{read:?}"
    );
    assert_eq!(calendar_requests(&p), 100);
}

#[test]
fn next_links_to_another_origin_never_get_the_token() {
    let p = Panel::new();
    let elsewhere = fake_microsoft::Elsewhere::start();
    day_of_meetings(&p.fake, 2);
    let own = p.fake.base.trim_start_matches("http://").to_owned();
    let other = elsewhere.base.trim_start_matches("http://").to_owned();
    for link in [
        format!("http://{other}/v1.0/users/{ROOM}/calendarView/delta?$skiptoken=x"),
        // The stand-in's host and port as a user name, the other server as the host.
        format!("http://{own}@{other}/v1.0/users/{ROOM}/calendarView/delta?$skiptoken=x"),
        format!("http://{own}.{other}/v1.0/users/{ROOM}/calendarView/delta"),
    ] {
        p.fake.fault(vec![Fault::NextLink(link.clone())]);
        let read = p.read(&p.calendar());
        assert!(
            matches!(&read, Err(CalendarError::Unreachable(e)) if e.contains("not followed")),
            "{link}: {read:?}"
        );
        assert_eq!(elsewhere.requests(), 0, "{link}");
    }
    // The round starts again from scratch and reads the room.
    assert_eq!(p.read(&p.calendar()).expect("a whole round").len(), 2);
    assert!(!elsewhere.got_a_token());
}

#[test]
fn a_delta_link_to_another_origin_is_never_kept_nor_followed() {
    let p = Panel::new();
    let elsewhere = fake_microsoft::Elsewhere::start();
    day_of_meetings(&p.fake, 2);
    p.fake.fault(vec![Fault::DeltaLink(format!(
        "{}/v1.0/users/{ROOM}/calendarView/delta?$deltatoken=x",
        elsewhere.base
    ))]);
    let refused = p.read(&p.calendar());
    assert!(refused.is_err(), "{refused:?}");
    // A panel started later (from the cache) reads a whole round, then polls Graph's own link.
    let cal = p.calendar();
    assert_eq!(p.read(&cal).expect("a whole round").len(), 2);
    p.read(&cal).expect("changes");
    let requests = p.fake.calendar_requests();
    assert!(requests[requests.len() - 1].target.contains("$deltatoken="));
    assert_eq!(elsewhere.requests(), 0);
}

#[test]
fn a_cached_delta_link_to_another_origin_is_not_used() {
    let p = Panel::new();
    let elsewhere = fake_microsoft::Elsewhere::start();
    day_of_meetings(&p.fake, 2);
    p.read(&p.calendar()).expect("first round");
    let path = p.dir.path().join(roomsign::calendar::graph::CACHE_FILE);
    let mut cache: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert!(cache["round"]["delta_link"].is_string(), "{cache}");
    cache["round"]["delta_link"] = json!(format!(
        "{}/v1.0/users/{ROOM}/calendarView/delta?$deltatoken=planted",
        elsewhere.base
    ));
    std::fs::write(&path, cache.to_string()).unwrap();
    let before = calendar_requests(&p);
    let cal = p.calendar();
    assert_eq!(p.read(&cal).expect("a whole round").len(), 2);
    assert_eq!(elsewhere.requests(), 0, "the planted link was not used");
    let requests = p.fake.calendar_requests();
    assert!(requests[before].target.contains("startDateTime="));
}

#[test]
fn an_oversized_answer_is_refused_and_the_schedule_kept() {
    for declared in [true, false] {
        let p = Panel::new();
        day_of_meetings(&p.fake, 3);
        let cal = p.calendar();
        let good = p.poll(&cal, None);
        p.fake.fault(vec![Fault::Huge {
            bytes: 64 * 1024 * 1024,
            declared,
        }]);
        let refused = p.poll(&cal, Some(&good));
        assert_eq!(refused.schedule, good.schedule, "declared: {declared}");
        assert!(refused.offline_since.is_some());
        let said = words(&refused);
        assert!(
            said.contains("larger than 8 MiB"),
            "declared: {declared}: {said}"
        );
    }
}

#[test]
fn a_redirect_to_another_origin_is_not_followed() {
    let p = Panel::new();
    let elsewhere = fake_microsoft::Elsewhere::start();
    day_of_meetings(&p.fake, 2);
    p.fake.fault(vec![Fault::Redirect(format!(
        "{}/v1.0/users/{ROOM}/calendarView/delta",
        elsewhere.base
    ))]);
    let read = p.read(&p.calendar());
    assert!(
        matches!(read, Err(CalendarError::Unreachable(_))),
        "offline, not a setting: {read:?}"
    );
    assert_eq!(elsewhere.requests(), 0, "nothing went to the other origin");
    // Within Graph's own origin a redirect is followed as before.
    p.fake.fault(vec![Fault::Redirect(format!(
        "{{base}}/v1.0/users/{ROOM}/calendarView/delta?startDateTime=2026-11-23T00:00:00Z&endDateTime=2026-11-25T00:00:00Z"
    ))]);
    assert_eq!(p.read(&p.calendar()).expect("followed").len(), 2);
}

#[test]
fn the_running_panel_meets_pages_in_a_circle_with_a_few_requests_not_a_flood() {
    let p = Panel::new();
    day_of_meetings(&p.fake, 2);
    let ms = Arc::new(microsoft_for(&p.fake, p.dir.path(), None));
    let running = Running::start(&p, ms);
    let handle = &running.handle;
    let deadline = std::time::Instant::now() + StdDuration::from_secs(15);
    while handle.snapshot().source != Source::Graph {
        assert!(std::time::Instant::now() < deadline, "no first read");
        std::thread::sleep(StdDuration::from_millis(50));
    }
    // From now on every page Graph sends links to itself.
    p.fake
        .fault(std::iter::repeat_n(Fault::NextLink("{self}".to_owned()), 5000).collect());
    let before = calendar_requests(&p);
    std::thread::sleep(StdDuration::from_secs(12));
    let spent = calendar_requests(&p) - before;
    // Polls every second; a round meets the loop at its first page and backs off 5 s, 10 s, …
    assert!(spent <= 4, "{spent} requests in 12 s");
    let now = handle.snapshot();
    assert!(now.offline_since.is_some(), "{now:?}");
    assert!(words(&now).contains("circle"), "{}", words(&now));
}

/// The engine running on the panel's Graph calendar with a real clock, and what it announces.
struct Running {
    handle: roomsign::engine::EngineHandle,
    events: std::sync::mpsc::Receiver<roomsign::engine::EngineEvent>,
}

impl Running {
    fn start(p: &Panel, ms: Arc<Microsoft>) -> Running {
        let cal: Arc<dyn CalendarSource> = Arc::new(GraphCalendar::new(
            ms,
            Arc::new(LiveClock),
            chrono_tz::UTC,
            p.settings.poll_every,
        ));
        let initial = roomsign::engine::cached_snapshot(cal.as_ref(), p.settings.room.clone());
        let (tx, events) = std::sync::mpsc::channel();
        let handle = roomsign::engine::spawn(
            Some(cal),
            None,
            Arc::new(LiveClock),
            p.settings.clone(),
            initial,
            move |n| {
                let _ = tx.send(n);
            },
        )
        .unwrap();
        Running { handle, events }
    }

    /// Waits up to 15 s for the snapshot to be as `ok` says; panics with `what` otherwise.
    fn wait_for(&self, what: &str, ok: &dyn Fn(&Snapshot) -> bool) {
        let deadline = std::time::Instant::now() + StdDuration::from_secs(15);
        while std::time::Instant::now() < deadline {
            if ok(&self.handle.snapshot()) {
                return;
            }
            let _ = self.events.recv_timeout(StdDuration::from_millis(200));
        }
        panic!("{what}: {:?}", self.handle.snapshot());
    }
}
