//! The light controller against the recording driver on a virtual clock: it agrees with the
//! screen through whole demo days, wakes only when something can change, pulses and dims on
//! time. Also: drivers that fail never stop anything, and rppal's error on a machine without
//! GPIO. (On real threads and real time: lights_live.rs.)

use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::{Europe, Tz};
use roomsign::clock::FixedClock;
use roomsign::core::lights::{Colour, Levels, LightMap, LightSettings, OfflineHint, Pattern};
use roomsign::core::report::report;
use roomsign::core::view::{panel_view, Tone, ViewSettings};
use roomsign::core::{room_state, Policy, Snapshot};
use roomsign::device::lights::controller::{Controller, LightsHandle};
use roomsign::device::lights::recording::RecordingLights;
use roomsign::device::lights::{self, Driver, LightsError, Output, PinWiring};

use crate::support::lights::{
    checkin, colour_of, controller_settings, demo_snapshot, instant, recording_output,
};

/// The colour the issue asks for each screen state.
fn colour_for(tone: Tone) -> Colour {
    match tone {
        Tone::Free => Colour::Green,
        Tone::Soon | Tone::CheckIn => Colour::Amber,
        Tone::Busy => Colour::Red,
        Tone::Unknown => Colour::Off,
    }
}

/// Runs the controller on a virtual clock from `start`: it is woken only when it asked to be,
/// exactly then. Returns after processing every wake-up up to and including `until`.
struct Sim {
    controller: Controller,
    origin: DateTime<Utc>,
    wake: Option<DateTime<Utc>>,
    wakes: usize,
}

impl Sim {
    fn new(controller: Controller, start: DateTime<Utc>) -> Sim {
        Sim {
            controller,
            origin: start,
            wake: Some(start),
            wakes: 0,
        }
    }

    fn mono(&self, now: DateTime<Utc>) -> StdDuration {
        (now - self.origin).to_std().expect("after the origin")
    }

    /// Lets virtual time run to `until`.
    fn run_to(&mut self, until: DateTime<Utc>, snapshot: &Snapshot, acting: bool) {
        while let Some(wake) = self.wake.filter(|w| *w <= until) {
            let wait = self
                .controller
                .update(wake, self.mono(wake), snapshot, acting);
            self.wakes += 1;
            self.wake = wait.map(|d| wake + Duration::from_std(d).expect("short wait"));
        }
    }

    /// An outside event (a new snapshot, a tap) at `now`.
    fn poke(&mut self, now: DateTime<Utc>, snapshot: &Snapshot, acting: bool) {
        self.run_to(now, snapshot, acting);
        let wait = self
            .controller
            .update(now, self.mono(now), snapshot, acting);
        self.wakes += 1;
        self.wake = wait.map(|d| now + Duration::from_std(d).expect("short wait"));
    }
}

/// Steps a whole demo day minute by minute and compares the LEDs with the screen and `status`.
/// `checked_in`: the demo meetings (by their place in the day) somebody checked in to.
fn agree_through_the_day(
    policy: Policy,
    tz: Tz,
    date: &str,
    checked_in: &[usize],
) -> (usize, Vec<(Tone, usize)>) {
    let start = tz
        .from_local_datetime(&format!("{date}T00:00:00").parse().expect("date"))
        .earliest()
        .expect("midnight")
        .with_timezone(&Utc);
    let mut snapshot = demo_snapshot(start, &policy, tz);
    for n in checked_in {
        snapshot.checked_in.insert(format!("demo-{date}-{n}"));
    }
    let view = ViewSettings {
        tz,
        ..ViewSettings::default()
    };
    let (output, recording) = recording_output();
    let controller = Controller::new(output, controller_settings(&policy, tz, view.lights));
    let mut sim = Sim::new(controller, start);
    let mut seen: Vec<(Tone, usize)> = Vec::new();
    for minute in 0..(24 * 60) {
        // The screen redraws 20 ms after the turn of each minute (src/ui/panel.rs).
        let now = start + Duration::minutes(minute) + Duration::milliseconds(20);
        sim.run_to(now, &snapshot, false);
        let screen = panel_view(now, &snapshot, &policy, &view);
        let state = room_state(now, &snapshot.schedule, &policy, &snapshot.checked_in);
        let shown = recording
            .last()
            .expect("the controller has shown something");
        assert_eq!(
            colour_of(shown),
            colour_for(screen.tone),
            "at {now} the screen says {:?} ({}) but the LEDs show {shown:?}",
            screen.tone,
            state.name()
        );
        let status = report(now, &snapshot, &policy, &view);
        assert_eq!(status.led, colour_of(shown).name(), "status at {now}");
        match seen.last_mut() {
            Some((tone, n)) if *tone == screen.tone => *n += 1,
            _ => seen.push((screen.tone, 1)),
        }
    }
    (sim.wakes, seen)
}

#[test]
fn lights_agree_with_the_screen_through_a_whole_demo_day() {
    let (wakes, seen) = agree_through_the_day(Policy::default(), Tz::UTC, "2026-11-23", &[]);
    let tones: Vec<Tone> = seen.iter().map(|(t, _)| *t).collect();
    // The day passes through every state the screen has when nobody checks in.
    for tone in [Tone::Free, Tone::Soon, Tone::Busy] {
        assert!(tones.contains(&tone), "{tone:?} in {tones:?}");
    }
    // Steady colours need no wake-ups: only the state changes and the night window wake the
    // controller (the demo day has nine meetings: at most three changes each, plus the
    // night's start and end).
    assert!(
        wakes <= 9 * 3 + 3,
        "{wakes} wake-ups in a day of steady colours"
    );
}

#[test]
fn lights_agree_with_the_screen_through_a_demo_day_with_check_in() {
    // Somebody checks in to the weekly planning and the design review; nobody to the rest,
    // which are released.
    let (_, seen) = agree_through_the_day(checkin(), Tz::UTC, "2026-11-23", &[1, 5]);
    let tones: Vec<Tone> = seen.iter().map(|(t, _)| *t).collect();
    for tone in [Tone::Free, Tone::Soon, Tone::Busy, Tone::CheckIn] {
        assert!(tones.contains(&tone), "{tone:?} in {tones:?}");
    }
}

#[test]
fn lights_agree_with_the_screen_in_berlin_across_the_spring_change() {
    agree_through_the_day(checkin(), Europe::Berlin, "2026-03-29", &[1, 3]);
}

#[test]
fn a_state_change_is_shown_at_its_instant() {
    let policy = Policy::default();
    let snapshot = demo_snapshot(instant("2026-11-23T12:00:00Z"), &policy, Tz::UTC);
    let (output, recording) = recording_output();
    let mut c = Controller::new(
        output,
        controller_settings(&policy, Tz::UTC, LightSettings::default()),
    );
    // 12:49:30, free: the design review at 13:00 is "starting soon" from 12:50.
    let wait = c.update(
        instant("2026-11-23T12:49:30Z"),
        StdDuration::ZERO,
        &snapshot,
        false,
    );
    assert_eq!(colour_of(recording.last().unwrap()), Colour::Green);
    assert_eq!(wait, Some(StdDuration::from_millis(30_001)));
    c.update(
        instant("2026-11-23T12:50:00.001Z"),
        StdDuration::from_millis(30_001),
        &snapshot,
        false,
    );
    assert_eq!(colour_of(recording.last().unwrap()), Colour::Amber);
    assert_eq!(recording.all().len(), 2, "one write per change");
}

#[test]
fn awaiting_check_in_pulses_and_ticks_only_while_it_does() {
    let policy = checkin();
    // Weekly planning 09:00-10:00: check-in opens at 08:55, it is released at 09:10.
    let snapshot = demo_snapshot(instant("2026-11-23T08:00:00Z"), &policy, Tz::UTC);
    let (output, recording) = recording_output();
    let c = Controller::new(
        output,
        controller_settings(&policy, Tz::UTC, LightSettings::default()),
    );
    let start = instant("2026-11-23T08:56:00Z");
    let mut sim = Sim::new(c, start);
    sim.run_to(start + Duration::milliseconds(2400), &snapshot, false);
    let pulse: Vec<Levels> = recording.all().iter().map(|s| s.levels).collect();
    // One cycle at 25 frames a second: about 60 distinct writes, all amber, from full down
    // to the floor and back.
    assert!((55..=62).contains(&pulse.len()), "{} frames", pulse.len());
    assert!(pulse.iter().all(|l| colour_of(*l) == Colour::Amber));
    let reds: Vec<u16> = pulse.iter().map(|l| l.red).collect();
    assert_eq!(reds.iter().max(), Some(&1000));
    assert!(reds.iter().min().is_some_and(|m| *m <= 160), "{reds:?}");
    // Nobody checks in: released at 09:10, the room is free (green) and the ticking stops.
    recording.clear();
    let wakes = sim.wakes;
    sim.run_to(instant("2026-11-23T09:10:00.001Z"), &snapshot, false);
    assert_eq!(colour_of(recording.last().unwrap()), Colour::Green);
    let after_release = sim.wakes;
    sim.run_to(instant("2026-11-23T09:40:00Z"), &snapshot, false);
    assert_eq!(
        sim.wakes, after_release,
        "no wake-ups while the colour is steady"
    );
    assert!(
        after_release - wakes > 14 * 60 * 20,
        "pulsed until the release"
    );
}

#[test]
fn night_dimming_follows_local_time() {
    let policy = Policy::default();
    let tz = Europe::Berlin;
    // 19:30 Berlin is 18:30 UTC; the quarterly review ended at 17:30 local: free, green.
    let snapshot = demo_snapshot(instant("2026-11-23T18:00:00Z"), &policy, tz);
    let (output, recording) = recording_output();
    let mut c = Controller::new(
        output,
        controller_settings(&policy, tz, LightSettings::default()),
    );
    let wait = c.update(
        instant("2026-11-23T18:59:30Z"),
        StdDuration::ZERO,
        &snapshot,
        false,
    );
    assert_eq!(
        recording.last(),
        Some(Levels {
            red: 0,
            green: 1000,
            blue: 0
        })
    );
    // The controller asks to be woken at 20:00 local, not a minute later.
    assert_eq!(wait, Some(StdDuration::from_millis(30_001)));
    c.update(
        instant("2026-11-23T19:00:00.001Z"),
        StdDuration::from_millis(30_001),
        &snapshot,
        false,
    );
    assert_eq!(
        recording.last(),
        Some(Levels {
            red: 0,
            green: 300,
            blue: 0
        })
    );
    // Full brightness again at 07:00 local (06:00 UTC).
    c.update(
        instant("2026-11-24T06:00:00Z"),
        StdDuration::from_secs(3600),
        &snapshot,
        false,
    );
    assert_eq!(recording.last().map(|l| l.green), Some(1000));
}

#[test]
fn a_tap_in_flight_pulses_quickly_and_offline_keeps_the_colour() {
    let policy = Policy::default();
    let snapshot = demo_snapshot(instant("2026-11-23T12:20:00Z"), &policy, Tz::UTC);
    let settings = LightSettings {
        map: LightMap {
            offline: OfflineHint::Dim,
            ..LightMap::default()
        },
        ..LightSettings::default()
    };
    let (output, recording) = recording_output();
    let c = Controller::new(output, controller_settings(&policy, Tz::UTC, settings));
    let start = instant("2026-11-23T12:20:00Z");
    let mut sim = Sim::new(c, start);
    sim.run_to(start, &snapshot, false);
    assert_eq!(recording.all().len(), 1);
    // Booking: the green breathes every 0.6 s.
    sim.poke(start + Duration::seconds(1), &snapshot, true);
    sim.run_to(start + Duration::milliseconds(1600), &snapshot, true);
    let during: Vec<Levels> = recording.all()[1..].iter().map(|s| s.levels).collect();
    assert!(during.len() >= 14, "{} frames in 0.6 s", during.len());
    assert!(during.iter().all(|l| colour_of(*l) == Colour::Green));
    assert!(during.iter().any(|l| l.green < 200), "it dims: {during:?}");
    // The answer came: steady again.
    sim.poke(start + Duration::seconds(2), &snapshot, false);
    let n = recording.all().len();
    assert_eq!(recording.last().map(|l| l.green), Some(1000));
    sim.run_to(start + Duration::seconds(30), &snapshot, false);
    assert_eq!(recording.all().len(), n, "steady: no more writes");
    // Offline: the schedule is still known, green stays green, dimmed by the configured hint.
    let offline = Snapshot {
        offline_since: Some(start + Duration::seconds(40)),
        ..snapshot.clone()
    };
    sim.poke(start + Duration::seconds(40), &offline, false);
    assert_eq!(
        recording.last(),
        Some(Levels {
            red: 0,
            green: 500,
            blue: 0
        })
    );
}

#[test]
fn a_failing_light_never_stops_the_controller() {
    let policy = Policy::default();
    let snapshot = demo_snapshot(instant("2026-11-23T12:20:00Z"), &policy, Tz::UTC);
    let (output, recording) = recording_output();
    let mut c = Controller::new(
        output.clone(),
        controller_settings(&policy, Tz::UTC, LightSettings::default()),
    );
    assert!(output.health().working && output.health().warning.is_none());
    recording.fail_with(Some("GPIO chip gone"));
    let wait = c.update(
        instant("2026-11-23T12:20:00Z"),
        StdDuration::ZERO,
        &snapshot,
        false,
    );
    assert!(wait.is_some(), "it keeps its schedule");
    let health = output.health();
    assert_eq!(
        health.warning.as_deref(),
        Some("the lights stopped working: GPIO chip gone")
    );
    assert!(health.summary().contains("GPIO chip gone"));
    // Working again: the next update shows the light and the warning goes.
    recording.fail_with(None);
    c.update(
        instant("2026-11-23T12:21:00Z"),
        StdDuration::from_secs(60),
        &snapshot,
        false,
    );
    assert_eq!(colour_of(recording.last().unwrap()), Colour::Green);
    assert_eq!(output.health().warning, None);
}

#[test]
fn switched_off_for_good_stays_off() {
    let policy = Policy::default();
    let snapshot = demo_snapshot(instant("2026-11-23T09:20:00Z"), &policy, Tz::UTC);
    let (output, recording) = recording_output();
    let mut c = Controller::new(
        output.clone(),
        controller_settings(&policy, Tz::UTC, LightSettings::default()),
    );
    c.update(
        instant("2026-11-23T09:20:00Z"),
        StdDuration::ZERO,
        &snapshot,
        false,
    );
    assert_eq!(colour_of(recording.last().unwrap()), Colour::Red);
    output.switch_off();
    assert_eq!(recording.last(), Some(Levels::OFF));
    c.update(
        instant("2026-11-23T09:21:00Z"),
        StdDuration::from_secs(60),
        &snapshot,
        true,
    );
    assert_eq!(
        recording.last(),
        Some(Levels::OFF),
        "nothing lights them again"
    );
}

#[test]
fn dropping_the_handle_switches_the_lights_off() {
    let (lights, recording) = RecordingLights::new();
    let output = Output::new(Box::new(lights), "recording");
    output.show(Levels {
        red: 1000,
        green: 0,
        blue: 0,
    });
    let handle = LightsHandle::idle(output);
    let switch = handle.switch();
    drop(handle);
    assert_eq!(recording.last(), Some(Levels::OFF));
    switch.off(); // a late signal does no harm
    assert_eq!(recording.all().len(), 2);
}

fn wiring() -> PinWiring {
    PinWiring {
        red: 12,
        green: 13,
        blue: None,
        active_low: false,
        hardware_pwm: false,
        pwm_hz: 200,
    }
}

fn has_gpio() -> bool {
    std::path::Path::new("/dev/gpiomem").exists() || std::path::Path::new("/dev/gpiomem0").exists()
}

#[test]
fn rppal_on_a_machine_without_gpio_says_so_and_the_panel_carries_on() {
    if has_gpio() {
        eprintln!("this machine has GPIO: the no-GPIO message cannot be seen here");
        return;
    }
    let driver = Driver::Rppal(wiring());
    let err = match lights::open(&driver) {
        Ok(_) => panic!("rppal opened without GPIO"),
        Err(err) => err,
    };
    assert!(matches!(err, LightsError::NoGpio(_)), "{err:?}");
    let message = err.to_string();
    assert!(message.starts_with("no GPIO on this machine"), "{message}");
    assert!(
        message.contains("driver = \"none\""),
        "says what to do: {message}"
    );
    assert!(!message.contains('\n'), "one line: {message}");

    // `status` and `doctor` see the same without taking pins.
    let probed = lights::probe(&driver);
    assert!(!probed.working);
    assert_eq!(probed.warning.as_deref(), Some(message.as_str()));

    // The panel starts its lights anyway: no thread, the warning kept, nothing panics.
    let policy = Policy::default();
    let snapshot = demo_snapshot(instant("2026-11-23T09:20:00Z"), &policy, Tz::UTC);
    let (_snapshot_tx, snapshot_rx) = tokio::sync::watch::channel(snapshot);
    let (_acting_tx, acting_rx) = tokio::sync::watch::channel(false);
    let handle = lights::start(
        &driver,
        controller_settings(&policy, Tz::UTC, LightSettings::default()),
        Arc::new(FixedClock(instant("2026-11-23T09:20:00Z"))),
        snapshot_rx,
        acting_rx,
    );
    let health = handle.health();
    assert_eq!(health.driver, "rppal");
    assert!(!health.working);
    assert!(health.summary().contains("no GPIO on this machine"));
    handle.shutdown();
}

#[test]
fn a_permission_problem_names_the_gpio_group() {
    let message = LightsError::Permission("/dev/gpiomem".to_owned()).to_string();
    assert!(message.contains("/dev/gpiomem"), "{message}");
    assert!(message.contains("`gpio` group"), "{message}");
    assert!(message.contains("usermod -aG gpio"), "{message}");
    let message = LightsError::NoSuchPin {
        pin: 99,
        colour: "green",
    }
    .to_string();
    assert!(
        message.contains("BCM 99") && message.contains("leds.green"),
        "{message}"
    );
}

#[test]
fn no_lights_configured_is_healthy_and_silent() {
    let policy = Policy::default();
    let (_s, snapshot_rx) = tokio::sync::watch::channel(demo_snapshot(
        instant("2026-11-23T09:20:00Z"),
        &policy,
        Tz::UTC,
    ));
    let (_a, acting_rx) = tokio::sync::watch::channel(false);
    let handle = lights::start(
        &Driver::None,
        controller_settings(&policy, Tz::UTC, LightSettings::default()),
        Arc::new(FixedClock(instant("2026-11-23T09:20:00Z"))),
        snapshot_rx,
        acting_rx,
    );
    let health = handle.health();
    assert_eq!(health.driver, "none");
    assert_eq!(health.warning, None);
    assert_eq!(lights::probe(&Driver::None), health);
    handle.shutdown();
}

#[test]
fn the_default_map_is_the_issues_table() {
    let map = LightMap::default();
    assert_eq!(map.free.colour, Colour::Green);
    assert_eq!(map.starting_soon.colour, Colour::Amber);
    assert_eq!(map.busy.colour, Colour::Red);
    assert_eq!(
        (map.awaiting_check_in.colour, map.awaiting_check_in.pattern),
        (Colour::Amber, Pattern::Pulse)
    );
    assert_eq!(map.unknown.colour, Colour::Off);
    assert_eq!(map.booking, Pattern::Quick);
    assert_eq!(map.offline, OfflineHint::None);
}

#[test]
fn pin_levels_for_active_high_and_active_low_leds() {
    use roomsign::device::lights::rpi::pin_level;
    use rppal::gpio::Level;
    // (lit, active low, pin level)
    let rows = [
        (true, false, Level::High),
        (false, false, Level::Low),
        // Active low (common anode, low-side driver): lit while the pin is low.
        (true, true, Level::Low),
        (false, true, Level::High),
    ];
    for (lit, active_low, want) in rows {
        assert_eq!(
            pin_level(lit, active_low),
            want,
            "lit {lit}, active low {active_low}"
        );
    }
}

#[test]
fn hardware_pwm_channels_per_pin() {
    use roomsign::device::lights::rpi::pwm_channel;
    use rppal::pwm::Channel;
    // (BCM pin, Raspberry Pi 5, channel)
    let rows = [
        (12, false, Some(Channel::Pwm0)),
        (13, false, Some(Channel::Pwm1)),
        (18, false, Some(Channel::Pwm0)),
        (19, false, Some(Channel::Pwm1)),
        (12, true, Some(Channel::Pwm0)),
        (13, true, Some(Channel::Pwm1)),
        (18, true, Some(Channel::Pwm2)),
        (19, true, Some(Channel::Pwm3)),
        (17, false, None),
        (26, true, None),
    ];
    for (pin, pi5, want) in rows {
        assert_eq!(pwm_channel(pin, pi5), want, "BCM {pin}, Pi 5: {pi5}");
    }
}
