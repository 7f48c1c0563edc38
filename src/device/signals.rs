//! Termination signals (SIGTERM from systemd, SIGINT from Ctrl-C, SIGHUP): run one clean-up
//! (lights off, window closed) instead of dying on the spot with the LEDs still lit.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

/// The signals that end Roomsign.
pub const TERMINATING: [i32; 3] = [SIGTERM, SIGINT, SIGHUP];

/// Exit status after a terminating signal when the clean-up could not end the process itself
/// (128 + SIGTERM, as a shell reports it).
pub const EXIT_SIGNALLED: i32 = 128 + SIGTERM;

/// Calls `on_signal` once, on its own thread, at the first terminating signal. A second signal
/// ends the process at once.
pub fn on_termination(on_signal: impl FnOnce(i32) + Send + 'static) -> std::io::Result<()> {
    let mut signals = Signals::new(TERMINATING)?;
    std::thread::Builder::new()
        .name("roomsign-signals".to_owned())
        .spawn(move || {
            let mut on_signal = Some(on_signal);
            for signal in signals.forever() {
                match on_signal.take() {
                    Some(f) => {
                        tracing::info!(signal, "terminating");
                        f(signal);
                    }
                    None => std::process::exit(128 + signal),
                }
            }
        })?;
    Ok(())
}

/// A flag raised by the first terminating signal, for loops that check it between short steps
/// (`roomsign leds test`).
pub fn termination_flag() -> std::io::Result<Arc<AtomicBool>> {
    let flag = Arc::new(AtomicBool::new(false));
    for signal in TERMINATING {
        // A second signal, with the flag already up, ends the process at once.
        signal_hook::flag::register_conditional_shutdown(signal, 128 + signal, flag.clone())?;
        signal_hook::flag::register(signal, flag.clone())?;
    }
    Ok(flag)
}

/// Whether a terminating signal has arrived.
pub fn raised(flag: &AtomicBool) -> bool {
    flag.load(Ordering::Relaxed)
}
