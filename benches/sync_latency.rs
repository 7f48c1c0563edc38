//! How long an Outlook change takes to reach the panel, and how many requests the panel sends
//! to Microsoft per room-hour, measured against the local stand-in for Graph.
//!
//! The real engine runs with the real Graph calendar, the system clock and the default poll
//! interval (10 s). Every `ROOMSIGN_BENCH_EVERY_S` seconds (default 23, so changes fall at
//! every phase of the poll) a meeting is added "in Outlook"; the time until the engine's
//! snapshot holds it is one sample. Runs `ROOMSIGN_BENCH_MINUTES` minutes (default 10) and
//! prints the latency percentiles and every request to Microsoft, scaled to one hour.
//!
//! ```sh
//! cargo bench --bench sync_latency
//! ROOMSIGN_BENCH_MINUTES=60 cargo bench --bench sync_latency
//! ```

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use fake_microsoft::{event, FakeMicrosoft};
use roomsign::calendar::graph::GraphCalendar;
use roomsign::calendar::CalendarSource;
use roomsign::clock::SystemClock;
use roomsign::config::Config;
use roomsign::core::{Policy, Room};
use roomsign::engine::{cached_snapshot, spawn, EngineSettings};
use roomsign::microsoft::link::Microsoft;

const ROOM: &str = "room-4.12@contoso.com";

fn env_secs(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    // `cargo bench` passes --bench; nothing else is read from the command line.
    let minutes = env_secs("ROOMSIGN_BENCH_MINUTES", 10);
    let every = Duration::from_secs(env_secs("ROOMSIGN_BENCH_EVERY_S", 23));
    let fake = FakeMicrosoft::start();
    let dir = tempfile::tempdir().expect("temp dir");
    fake.pair_state_dir(dir.path());
    let config = Config::parse(&fake.config_table(), Path::new("bench.toml")).expect("config");
    let ms = config.microsoft.expect("[microsoft]");
    let poll_every = Duration::from_secs(ms.poll_seconds.0 as u64);
    let microsoft = Arc::new(Microsoft::new(ms, dir.path(), Some(ROOM.to_owned())));
    let calendar: Arc<dyn CalendarSource> = Arc::new(GraphCalendar::new(
        microsoft,
        Arc::new(SystemClock),
        chrono_tz::UTC,
        poll_every,
    ));
    let room = Room {
        name: "Room 4.12".to_owned(),
        mailbox: Some(ROOM.to_owned()),
    };
    let settings = EngineSettings {
        room: room.clone(),
        policy: Policy::default(),
        tz: chrono_tz::UTC,
        booking_subject: "Booked at the door".to_owned(),
        allow_end_early: true,
        allow_extend: true,
        poll_every,
        state_dir: None,
    };
    let initial = cached_snapshot(calendar.as_ref(), room);
    let (tx, rx) = std::sync::mpsc::channel();
    let engine = spawn(
        Some(calendar),
        None,
        Arc::new(SystemClock),
        settings,
        initial,
        move |_| {
            let _ = tx.send(());
        },
    )
    .expect("engine");

    let started = Instant::now();
    let end = started + Duration::from_secs(minutes * 60);
    let mut latencies = Vec::new();
    let mut n: u32 = 0;
    // Changes at fixed times (start + k·every), whenever the last one was seen, so they fall
    // at every phase of the poll.
    while started + every * (n + 1) < end {
        n += 1;
        if let Some(wait) = (started + every * n).checked_duration_since(Instant::now()) {
            std::thread::sleep(wait);
        }
        let id = format!("change{n}");
        let start = chrono::Utc::now() + chrono::Duration::hours(1);
        fake.put_event(
            ROOM,
            event(
                &id,
                "Booked in Outlook",
                "Ada Lovelace",
                &start.format("%Y-%m-%dT%H:%M").to_string(),
                &(start + chrono::Duration::minutes(30))
                    .format("%Y-%m-%dT%H:%M")
                    .to_string(),
            ),
        );
        let changed = Instant::now();
        loop {
            if engine.snapshot().bookings().iter().any(|b| b.id == id) {
                latencies.push(changed.elapsed());
                break;
            }
            if changed.elapsed() > Duration::from_secs(120) {
                panic!("change {n} never reached the panel");
            }
            let _ = rx.recv_timeout(Duration::from_millis(20));
        }
    }
    let elapsed = started.elapsed();
    let requests = fake.with(|s| s.requests.len());
    let calendar_requests = fake.calendar_requests().len();
    latencies.sort();
    let pct = |p: f64| {
        let i = ((latencies.len() as f64 - 1.0) * p).round() as usize;
        latencies[i].as_secs_f64()
    };
    let per_hour = |n: usize| n as f64 * 3600.0 / elapsed.as_secs_f64();
    println!(
        "sync_latency: {} changes over {:.1} min, poll every {} s",
        latencies.len(),
        elapsed.as_secs_f64() / 60.0,
        poll_every.as_secs()
    );
    println!(
        "  change on screen after: p50 {:.2} s, p95 {:.2} s, max {:.2} s",
        pct(0.5),
        pct(0.95),
        pct(1.0)
    );
    println!(
        "  requests to Microsoft: {requests} ({calendar_requests} to the calendar) = {:.0} per room-hour ({:.0} to the calendar)",
        per_hour(requests),
        per_hour(calendar_requests)
    );
}
