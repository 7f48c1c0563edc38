//! Benchmarks: computing the room's state and screen from a day's calendar, and rendering one
//! full frame with the software renderer at 800x480 and 1920x1080.
//!
//! `cargo bench` prints the median and 95th percentile of each. Method and latest numbers are
//! in BENCHMARKS.md.

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use roomsign::calendar::demo::DemoCalendar;
use roomsign::core::report::report;
use roomsign::core::state::{room_state, Schedule};
use roomsign::core::view::{panel_view, ViewSettings};
use roomsign::core::{CheckIns, Policy, Room, Snapshot, Source};
use roomsign::ui::{adapter, headless::Headless};

fn measure(name: &str, iterations: usize, mut f: impl FnMut()) {
    for _ in 0..iterations.div_ceil(10) {
        f(); // warm up
    }
    let mut times: Vec<Duration> = (0..iterations)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    let median = times[times.len() / 2];
    let p95 = times[times.len() * 95 / 100];
    println!(
        "{name:<44} median {:>10.3} µs   p95 {:>10.3} µs   ({iterations} runs)",
        median.as_secs_f64() * 1e6,
        p95.as_secs_f64() * 1e6
    );
}

fn demo_snapshot(now: DateTime<Utc>) -> Snapshot {
    let calendar = DemoCalendar::new(chrono_tz::Tz::UTC, Duration::ZERO);
    let date = now.date_naive();
    let mut bookings = calendar.day(date);
    bookings.extend(calendar.day(date.succ_opt().expect("a next day")));
    Snapshot {
        link: roomsign::core::Link::Demo,
        room: Room {
            name: "Demo room".to_owned(),
            mailbox: None,
        },
        schedule: Schedule::Known(bookings, {
            let (from, to) = roomsign::engine::sync_window(now, chrono_tz::Tz::UTC);
            roomsign::core::Window::new(from, to)
        }),
        checked_in: CheckIns::new(),
        check_in_ways: Default::default(),
        released: Vec::new(),
        source: Source::Demo,
        last_sync: Some(now),
        offline_since: None,
        trouble: None,
    }
}

fn main() {
    let now: DateTime<Utc> = "2026-11-23T09:20:00Z".parse().expect("a time");
    let snapshot = demo_snapshot(now);
    let policy = Policy::default();
    let settings = ViewSettings::default();

    println!("Core (demo day, {} bookings)", snapshot.bookings().len());
    measure("room_state", 10_000, || {
        black_box(room_state(
            black_box(now),
            &snapshot.schedule,
            &policy,
            &snapshot.checked_in,
        ));
    });
    measure("panel_view (whole screen's words)", 10_000, || {
        black_box(panel_view(black_box(now), &snapshot, &policy, &settings));
    });
    measure("report (status --json facts)", 10_000, || {
        black_box(report(black_box(now), &snapshot, &policy, &settings));
    });

    println!("Software render, full frame (Home, busy)");
    let panel = Headless::new(800, 480).expect("off-screen renderer");
    adapter::show_view(panel.app(), &panel_view(now, &snapshot, &policy, &settings));
    for (w, h) in [(800, 480), (1920, 1080)] {
        panel.resize(w, h);
        measure(&format!("render {w}x{h}"), 200, || {
            black_box(panel.render());
        });
    }
}
