//! The yardstick for the panel's weight: the smallest Slint app that does what a door display
//! must, one screen in the room's state colour with a clock that turns over each minute. Same
//! Slint version, features and release profile as the panel; `scripts/bench` runs it beside
//! Roomsign and a kiosk browser (BENCHMARKS.md).
//!
//! ```sh
//! cargo build --release --example minimal_clock && target/release/examples/minimal_clock
//! ```

use std::time::{Duration, SystemTime, UNIX_EPOCH};

slint::slint! {
    export component MinimalClock inherits Window {
        in property <string> time: "--:--";
        title: "minimal clock";
        preferred-width: 800px;
        preferred-height: 480px;
        background: #c42b2b;
        VerticalLayout {
            alignment: center;
            Text {
                text: "Busy";
                color: #f4f6f9;
                font-size: 64px;
                horizontal-alignment: center;
            }
            Text {
                text: root.time;
                color: #f4f6f9;
                font-size: 32px;
                horizontal-alignment: center;
            }
        }
    }
}

/// The time of day in UTC as "HH:MM", and how long until the minute turns over.
fn now() -> (String, Duration) {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let label = format!("{:02}:{:02}", secs / 3600 % 24, secs / 60 % 60);
    (label, Duration::from_secs(60 - secs % 60))
}

fn tick(weak: slint::Weak<MinimalClock>) {
    let (label, wait) = now();
    if let Some(window) = weak.upgrade() {
        window.set_time(label.into());
    }
    slint::Timer::single_shot(wait, move || tick(weak));
}

fn main() -> Result<(), slint::PlatformError> {
    let window = MinimalClock::new()?;
    tick(window.as_weak());
    window.run()
}
