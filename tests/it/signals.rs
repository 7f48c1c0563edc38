//! SIGTERM (systemd stopping the panel) switches the lights off before anything else. Signal
//! handlers belong to the whole process: this is the one test that installs one.

use std::sync::mpsc;
use std::time::Duration as StdDuration;

use roomsign::core::lights::Levels;
use roomsign::device::lights::controller::LightsHandle;
use roomsign::device::lights::recording::RecordingLights;
use roomsign::device::lights::Output;
use roomsign::device::signals;

#[test]
fn sigterm_switches_the_lights_off() {
    let (lights, recording) = RecordingLights::new();
    let output = Output::new(Box::new(lights), "recording");
    output.show(Levels {
        red: 1000,
        green: 300,
        blue: 0,
    });
    let handle = LightsHandle::idle(output.clone());
    let switch = handle.switch();
    let (tx, rx) = mpsc::channel();
    signals::on_termination(move |signal| {
        switch.off();
        let _ = tx.send(signal);
    })
    .expect("signal handler");

    signal_hook::low_level::raise(signal_hook::consts::SIGTERM).expect("raise SIGTERM");
    let signal = rx
        .recv_timeout(StdDuration::from_secs(2))
        .expect("the handler ran");
    assert_eq!(signal, signal_hook::consts::SIGTERM);
    assert_eq!(recording.last(), Some(Levels::OFF));
    // Switched off for good: the controller cannot light them again.
    output.show(Levels {
        red: 1000,
        green: 0,
        blue: 0,
    });
    assert_eq!(recording.last(), Some(Levels::OFF));
    drop(handle);
}
