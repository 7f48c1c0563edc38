//! Walk-up booking: how soon "Booking…" is on screen after the confirm tap, and how long until
//! the room's booking attendant has confirmed, measured against the local stand-in for Graph
//! with a simulated network round trip.
//!
//! Tap → "Booking…": what the panel's confirm tap does on the UI thread — hand the command to
//! the engine, set the progress step — then one full repaint of the screen with Slint's
//! software renderer (off screen). Tap → confirmed: `engine::book_now` from the tap to the
//! room's acceptance: create the event, then read the room's answer until it decides.
//!
//! ```sh
//! cargo bench --bench booking_latency
//! ROOMSIGN_BENCH_RTT_MS=150 ROOMSIGN_BENCH_ATTENDANT_MS=1000 cargo bench --bench booking_latency
//! ```

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use fake_microsoft::FakeMicrosoft;
use roomsign::app::block_on;
use roomsign::calendar::graph::GraphCalendar;
use roomsign::calendar::{CalendarSource, Outcome};
use roomsign::clock::Clock;
use roomsign::config::Config;
use roomsign::core::{Policy, Room};
use roomsign::engine::{book_now, cached_snapshot, spawn, sync_checked, Command, EngineSettings};
use roomsign::microsoft::link::Microsoft;
use roomsign::ui::{adapter, headless::Headless};

const ROOM: &str = "room-4.12@contoso.com";

struct StepClock(Mutex<DateTime<Utc>>);

impl Clock for StepClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().expect("clock")
    }
    fn ticks(&self) -> bool {
        true
    }
}

fn env_ms(name: &str, default: u64) -> Duration {
    Duration::from_millis(
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default),
    )
}

fn percentiles(mut samples: Vec<Duration>) -> (f64, f64, f64) {
    samples.sort();
    let at = |p: f64| samples[((samples.len() as f64 - 1.0) * p).round() as usize];
    (
        at(0.5).as_secs_f64() * 1000.0,
        at(0.95).as_secs_f64() * 1000.0,
        at(1.0).as_secs_f64() * 1000.0,
    )
}

fn settings(poll_every: Duration) -> EngineSettings {
    EngineSettings {
        room: Room {
            name: "Room 4.12".to_owned(),
            mailbox: Some(ROOM.to_owned()),
        },
        policy: Policy::default(),
        tz: chrono_tz::UTC,
        booking_subject: "Booked at the door".to_owned(),
        allow_end_early: true,
        allow_extend: true,
        poll_every,
        state_dir: None,
    }
}

fn main() {
    let rtt = env_ms("ROOMSIGN_BENCH_RTT_MS", 150);
    let attendant = env_ms("ROOMSIGN_BENCH_ATTENDANT_MS", 1000);
    let runs = 20;

    // Tap → "Booking…" frame.
    let screen = Headless::new(800, 480).expect("off-screen window");
    let fake = FakeMicrosoft::start();
    let dir = tempfile::tempdir().expect("temp dir");
    fake.pair_state_dir(dir.path());
    let config = Config::parse(&fake.config_table(), Path::new("bench.toml")).expect("config");
    let microsoft = Arc::new(Microsoft::new(
        config.microsoft.expect("[microsoft]"),
        dir.path(),
        Some(ROOM.to_owned()),
    ));
    let clock = Arc::new(StepClock(Mutex::new(
        Utc.with_ymd_and_hms(2026, 11, 23, 0, 5, 0).unwrap(),
    )));
    let poll = Duration::from_secs(3600);
    let calendar = Arc::new(GraphCalendar::new(
        microsoft.clone(),
        clock.clone(),
        chrono_tz::UTC,
        poll,
    ));
    let initial = cached_snapshot(calendar.as_ref(), settings(poll).room);
    let engine = spawn(
        Some(calendar.clone() as Arc<dyn CalendarSource>),
        None,
        clock.clone(),
        settings(poll),
        initial,
        |_| {},
    )
    .expect("engine");
    let mut to_frame = Vec::new();
    for _ in 0..runs {
        let tap = Instant::now();
        // What the confirm tap does (ui/panel.rs `send`): hand over, then show the step.
        engine.send(Command::SyncNow);
        adapter::show_progress(screen.app(), "Booking…");
        let frame = screen.render();
        to_frame.push(tap.elapsed());
        assert!(frame.width() == 800);
    }

    // The engine's reads (one per pretend tap) must not overlap what follows.
    drop(engine);
    std::thread::sleep(Duration::from_secs(2));

    // Tap → confirmed by the room, over a network with `rtt` per request.
    fake.with(|s| {
        s.round_trip = rtt;
        s.attendant_delay = attendant;
    });
    let mut confirmed = Vec::new();
    let mut requests = Vec::new();
    for i in 0..runs {
        // A free slot each time: 00:05, 00:25, 00:45, ...
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 0, 5, 0).unwrap()
            + chrono::Duration::minutes(20 * i as i64);
        *clock.0.lock().expect("clock") = now;
        let snapshot = block_on(sync_checked(
            calendar.as_ref(),
            &settings(poll),
            now,
            true,
            None,
        ));
        let before = fake.with(|s| s.requests.len());
        let tap = Instant::now();
        let outcome = block_on(book_now(
            calendar.as_ref(),
            &settings(poll),
            now,
            &snapshot,
            15,
        ));
        confirmed.push(tap.elapsed());
        requests.push(fake.with(|s| s.requests.len()) - before);
        assert!(
            matches!(outcome, Ok((_, Outcome::Accepted(_)))),
            "booking {i}: {outcome:?}"
        );
    }
    let (f50, f95, fmax) = percentiles(to_frame);
    let (c50, c95, cmax) = percentiles(confirmed);
    requests.sort();
    println!(
        "booking_latency: {runs} runs, round trip {} ms, attendant answers after {} ms",
        rtt.as_millis(),
        attendant.as_millis()
    );
    println!("  tap → \"Booking…\" frame: p50 {f50:.2} ms, p95 {f95:.2} ms, max {fmax:.2} ms");
    println!("  tap → confirmed: p50 {c50:.0} ms, p95 {c95:.0} ms, max {cmax:.0} ms");
    println!(
        "  requests per booking: {} to {} (create, then the room's answer until it decides)",
        requests[0],
        requests[requests.len() - 1]
    );
}
