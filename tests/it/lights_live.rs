//! The light controller and the software PWM on real threads and real time: the controller
//! follows the engine within 100 ms of the screen, ends cleanly with the lights off, and costs
//! no CPU while a colour is steady; the PWM holds its duty cycle without busy-waiting and stops
//! when nothing dims (CPU measured from /proc). One test at a time, so timings and thread names
//! are not shared.

use std::sync::{mpsc, Arc, Mutex, MutexGuard};
use std::time::{Duration as StdDuration, Instant};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use roomsign::app::block_on;
use roomsign::calendar::demo::DemoCalendar;
use roomsign::clock::FixedClock;
use roomsign::core::lights::{Colour, Levels, LightSettings};
use roomsign::core::Policy;
use roomsign::device::lights::controller::{self, ControllerSettings, LightsHandle};
use roomsign::engine::{self, sync_once, Command, EngineEvent};

use crate::support::engine_settings;
use crate::support::lights::{
    colour_of, controller_settings, demo_snapshot, instant, recording_output,
};

/// Serialises the tests of this file.
fn one_at_a_time() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

/// The real thing: engine and controller threads, a booking tapped at 12:20.
#[test]
fn on_its_thread_the_controller_follows_the_engine_within_100_ms_of_the_screen() {
    let _serial = one_at_a_time();
    let policy = Policy::default();
    let now = instant("2026-11-23T12:20:00Z");
    let clock = Arc::new(FixedClock(now));
    let calendar = Arc::new(DemoCalendar::new(Tz::UTC, StdDuration::from_millis(400)));
    let settings = engine_settings(policy.clone(), Tz::UTC);
    let first = block_on(sync_once(calendar.as_ref(), &settings, now, None));
    let (tx, rx) = mpsc::channel();
    let engine = engine::spawn(
        Some(calendar),
        None,
        clock.clone(),
        settings,
        first,
        move |notice| {
            let _ = tx.send((Instant::now(), notice));
        },
    )
    .expect("engine");
    let (output, recording) = recording_output();
    let handle: LightsHandle = controller::spawn(
        output.clone(),
        ControllerSettings {
            ticks: false,
            ..controller_settings(&policy, Tz::UTC, LightSettings::default())
        },
        clock,
        engine.watch_snapshot(),
        engine.watch_acting(),
    )
    .expect("controller");
    let deadline = Instant::now() + StdDuration::from_secs(2);
    while recording.last().is_none() && Instant::now() < deadline {
        std::thread::sleep(StdDuration::from_millis(5));
    }
    assert_eq!(colour_of(recording.last().expect("lit")), Colour::Green);

    let tapped = Instant::now();
    assert!(engine.send(Command::Book { minutes: 30 }));
    let done = loop {
        match rx
            .recv_timeout(StdDuration::from_secs(5))
            .expect("the engine answers")
        {
            (at, EngineEvent::Done(_)) => break at,
            _ => continue,
        }
    };
    // The screen redraws on `Done`; the LEDs went red within 100 ms of it.
    std::thread::sleep(StdDuration::from_millis(150));
    let shown = recording.all();
    let red = shown
        .iter()
        .find(|s| colour_of(s.levels) == Colour::Red)
        .expect("the lights went red");
    let gap = if red.at > done {
        red.at - done
    } else {
        done - red.at
    };
    assert!(
        gap < StdDuration::from_millis(100),
        "{gap:?} between screen and LEDs"
    );
    // While the room was asked, the green pulsed quickly.
    let pulsing = shown
        .iter()
        .filter(|s| s.at > tapped && s.at < red.at && colour_of(s.levels) == Colour::Green)
        .count();
    assert!(
        pulsing >= 5,
        "{pulsing} frames of a quick pulse while booking"
    );
    assert_eq!(
        recording.last(),
        Some(Levels {
            red: 1000,
            green: 0,
            blue: 0
        }),
        "steady red once booked"
    );

    // Exit: lights off, thread ended.
    handle.shutdown();
    assert_eq!(recording.last(), Some(Levels::OFF));
    drop(engine);
}

#[test]
fn the_controller_ends_cleanly_when_the_engine_is_gone() {
    let _serial = one_at_a_time();
    let policy = Policy::default();
    let now = instant("2026-11-23T09:20:00Z");
    let snapshot = demo_snapshot(now, &policy, Tz::UTC);
    let (snapshot_tx, snapshot_rx) = tokio::sync::watch::channel(snapshot);
    let (acting_tx, acting_rx) = tokio::sync::watch::channel(false);
    let (output, recording) = recording_output();
    let handle = controller::spawn(
        output,
        controller_settings(&policy, Tz::UTC, LightSettings::default()),
        Arc::new(FixedClock(now)),
        snapshot_rx,
        acting_rx,
    )
    .expect("controller");
    std::thread::sleep(StdDuration::from_millis(100));
    drop(snapshot_tx);
    drop(acting_tx);
    // Closed channels are not listened to again: no spinning.
    let spent = cpu_over("roomsign-lights", StdDuration::from_millis(600));
    assert!(
        spent <= 1,
        "{spent} clock ticks of CPU with the engine gone"
    );
    assert_eq!(
        recording.all().len(),
        1,
        "one steady red, nothing more: {:?}",
        recording.all()
    );
    let t = Instant::now();
    handle.shutdown();
    assert!(t.elapsed() < StdDuration::from_millis(500));
    assert_eq!(recording.last(), Some(Levels::OFF));
}

/// CPU time (user + system) of the thread named `name`, in clock ticks.
fn thread_ticks(name: &str) -> Option<u64> {
    for task in std::fs::read_dir("/proc/self/task").ok()? {
        let dir = task.ok()?.path();
        let comm = std::fs::read_to_string(dir.join("comm")).ok()?;
        if comm.trim() != name {
            continue;
        }
        let stat = std::fs::read_to_string(dir.join("stat")).ok()?;
        // Fields after the command name (which ends with ')'): utime and stime are 14 and 15.
        let rest = &stat[stat.rfind(')')? + 2..];
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let utime: u64 = fields.get(11)?.parse().ok()?;
        let stime: u64 = fields.get(12)?.parse().ok()?;
        return Some(utime + stime);
    }
    None
}

fn cpu_over(name: &str, span: StdDuration) -> u64 {
    let before = thread_ticks(name).expect("the controller thread runs");
    std::thread::sleep(span);
    let after = thread_ticks(name).expect("the controller thread runs");
    after - before
}

type Running = (
    controller::LightsHandle,
    tokio::sync::watch::Sender<roomsign::core::Snapshot>,
    tokio::sync::watch::Sender<bool>,
);

fn run_at(now: &str, policy: Policy) -> Running {
    let now: DateTime<Utc> = now.parse().expect("time");
    let snapshot = demo_snapshot(now, &policy, Tz::UTC);
    let (snapshot_tx, snapshot_rx) = tokio::sync::watch::channel(snapshot);
    let (acting_tx, acting_rx) = tokio::sync::watch::channel(false);
    let (output, _recording) = recording_output();
    let handle = controller::spawn(
        output,
        controller_settings(&policy, Tz::UTC, LightSettings::default()),
        Arc::new(FixedClock(now)),
        snapshot_rx,
        acting_rx,
    )
    .expect("controller");
    (handle, snapshot_tx, acting_tx)
}

#[test]
fn a_steady_colour_costs_no_cpu_and_a_pulse_little() {
    let _serial = one_at_a_time();
    // Busy at 09:20: steady red until 10:30.
    let (handle, _snapshot, acting) = run_at("2026-11-23T09:20:00Z", Policy::default());
    std::thread::sleep(StdDuration::from_millis(100));
    let steady = cpu_over("roomsign-lights", StdDuration::from_millis(1500));
    assert!(
        steady <= 1,
        "{steady} clock ticks of CPU in 1.5 s of a steady colour"
    );

    // A tap in flight: the quick pulse redraws 25 times a second.
    acting.send_replace(true);
    let pulsing = cpu_over("roomsign-lights", StdDuration::from_millis(1500));
    // Clock ticks are 10 ms: under 15 ticks is under 10 % of one core, even in a debug build.
    assert!(
        pulsing < 15,
        "{pulsing} clock ticks of CPU in 1.5 s of pulsing"
    );

    eprintln!(
        "controller thread CPU over 1.5 s: steady {steady} ticks, quick pulse {pulsing} ticks"
    );
    // Done: steady again, and silent again.
    acting.send_replace(false);
    std::thread::sleep(StdDuration::from_millis(100));
    let after = cpu_over("roomsign-lights", StdDuration::from_millis(1500));
    assert!(after <= 1, "{after} clock ticks after the pulse stopped");
    handle.shutdown();
}

/// A pin that records when it was lit and darkened.
#[derive(Clone, Default)]
struct FakePin {
    edges: Arc<Mutex<Vec<(Instant, bool)>>>,
}

impl roomsign::device::lights::soft_pwm::PinOut for FakePin {
    fn set(&mut self, lit: bool) {
        if let Ok(mut e) = self.edges.lock() {
            e.push((Instant::now(), lit));
        }
    }
}

impl FakePin {
    fn edges(&self) -> Vec<(Instant, bool)> {
        self.edges.lock().map(|e| e.clone()).unwrap_or_default()
    }

    /// The share of `from..to` the pin was lit.
    fn lit_share(&self, from: Instant, to: Instant) -> f64 {
        let edges = self.edges();
        let mut lit_for = StdDuration::ZERO;
        let mut lit_since: Option<Instant> = None;
        let mut lit = edges
            .iter()
            .rev()
            .find(|(at, _)| *at <= from)
            .is_some_and(|e| e.1);
        if lit {
            lit_since = Some(from);
        }
        for (at, now_lit) in edges.iter().filter(|(at, _)| *at > from && *at < to) {
            match (lit, now_lit) {
                (false, true) => lit_since = Some(*at),
                (true, false) => {
                    if let Some(since) = lit_since.take() {
                        lit_for += *at - since;
                    }
                }
                _ => {}
            }
            lit = *now_lit;
        }
        if let Some(since) = lit_since.filter(|_| lit) {
            lit_for += to - since;
        }
        lit_for.as_secs_f64() / (to - from).as_secs_f64()
    }
}

#[test]
fn software_pwm_holds_its_duty_and_rests_when_nothing_dims() {
    use roomsign::device::lights::soft_pwm::{PinOut, SoftPwm};
    let pins = [FakePin::default(), FakePin::default(), FakePin::default()];
    let boxed: Vec<Box<dyn PinOut>> = pins.iter().map(|p| Box::new(p.clone()) as _).collect();
    let pwm = SoftPwm::start(boxed, 200).expect("pwm thread");
    // Amber at night: red at 30 %, green at 9 %; blue dark.
    pwm.set(&[300, 90, 0]);
    std::thread::sleep(StdDuration::from_millis(100));
    let from = Instant::now();
    std::thread::sleep(StdDuration::from_millis(500));
    let to = Instant::now();
    let red = pins[0].lit_share(from, to);
    let green = pins[1].lit_share(from, to);
    assert!((red - 0.30).abs() < 0.08, "red lit {red:.3} of the time");
    assert!(
        (green - 0.09).abs() < 0.06,
        "green lit {green:.3} of the time"
    );
    assert!(
        pins[2].edges().iter().all(|(_, lit)| !lit),
        "blue never lit"
    );
    // About 200 periods a second: two edges per period per dimmed pin.
    let periods = pins[0]
        .edges()
        .iter()
        .filter(|(at, lit)| *lit && *at >= from && *at < to)
        .count();
    assert!(
        (60..=110).contains(&periods),
        "{periods} periods in 0.5 s at 200 Hz"
    );
    // It sleeps between edges: a fraction of a core, not a busy loop.
    let spent = cpu_over("roomsign-pwm", StdDuration::from_millis(1000));
    eprintln!("software PWM thread CPU over 1 s at 200 Hz, two dimmed pins: {spent} ticks");
    // Under 25 ticks (25 % of a core) even on a loaded machine; BENCHMARKS.md has the number.
    assert!(spent < 25, "{spent} clock ticks of CPU in 1 s of PWM");

    // Red fully on, the rest off: plain levels, and the thread rests.
    pwm.set(&[1000, 0, 0]);
    std::thread::sleep(StdDuration::from_millis(50));
    let counts: Vec<usize> = pins.iter().map(|p| p.edges().len()).collect();
    std::thread::sleep(StdDuration::from_millis(300));
    let later: Vec<usize> = pins.iter().map(|p| p.edges().len()).collect();
    assert_eq!(counts, later, "no edges while nothing dims");
    assert_eq!(pins[0].edges().last().map(|e| e.1), Some(true));
    assert_eq!(pins[1].edges().last().map(|e| e.1), Some(false));
    let resting = cpu_over("roomsign-pwm", StdDuration::from_millis(500));
    assert!(resting <= 1, "{resting} clock ticks while resting");

    // Dropped: every pin dark.
    drop(pwm);
    for pin in &pins {
        assert_eq!(pin.edges().last().map(|e| e.1), Some(false));
    }
}
