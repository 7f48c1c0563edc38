//! Helpers shared by the light controller's tests: the demo room's snapshot, recording
//! lights, and reading a colour back from channel levels.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use roomsign::app::block_on;
use roomsign::calendar::demo::DemoCalendar;
use roomsign::core::lights::{Colour, Levels, LightSettings};
use roomsign::core::{CheckInPolicy, Policy, Snapshot};
use roomsign::device::lights::controller::ControllerSettings;
use roomsign::device::lights::recording::{Recording, RecordingLights};
use roomsign::device::lights::Output;
use roomsign::engine::sync_once;

use super::engine_settings;

/// An instant written in full (RFC 3339).
pub fn instant(s: &str) -> DateTime<Utc> {
    s.parse().expect("time")
}

pub fn checkin() -> Policy {
    Policy {
        checkin: CheckInPolicy {
            enabled: true,
            ..CheckInPolicy::default()
        },
        ..Policy::default()
    }
}

/// The demo room's snapshot read at `now`.
pub fn demo_snapshot(now: DateTime<Utc>, policy: &Policy, tz: Tz) -> Snapshot {
    let calendar = DemoCalendar::new(tz, StdDuration::ZERO);
    block_on(sync_once(
        &calendar,
        &engine_settings(policy.clone(), tz),
        now,
        None,
    ))
}

pub fn recording_output() -> (Arc<Output>, Recording) {
    let (lights, recording) = RecordingLights::new();
    (Output::new(Box::new(lights), "recording"), recording)
}

pub fn controller_settings(policy: &Policy, tz: Tz, lights: LightSettings) -> ControllerSettings {
    ControllerSettings {
        policy: policy.clone(),
        tz,
        lights,
        ticks: true,
    }
}

/// Which colour the LEDs show, read from the channel levels alone (default palette).
pub fn colour_of(l: Levels) -> Colour {
    match (l.red > 0, l.green > 0, l.blue > 0) {
        (false, false, false) => Colour::Off,
        (true, false, false) => Colour::Red,
        (false, true, false) => Colour::Green,
        (false, false, true) => Colour::Blue,
        (true, true, false) if l.green < l.red => Colour::Amber,
        _ => Colour::White,
    }
}
