//! The panel as a systemd service and a screen on a wall, on the UI thread: `READY=1` after the
//! first frame, watchdog pings from a Slint timer (a hung event loop stops them and systemd
//! restarts the panel), and the backlight following `[display] on_hours`, woken by a tap.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration as StdDuration, Instant};

use chrono_tz::Tz;
use slint::{Timer, TimerMode};

use crate::clock::Clock;
use crate::core::screen_hours::{ScreenHours, WAKE_FOR};
use crate::device::backlight::Backlight;
use crate::device::systemd::{self, Notifier};

thread_local! {
    /// The screen schedule of this (the UI) thread, reached from the input hook.
    static SCREEN: RefCell<Option<Rc<ScreenSchedule>>> = const { RefCell::new(None) };
}

/// systemd's side of the panel; dropping it stops the pings.
pub struct Service {
    notifier: Option<Rc<Notifier>>,
    _watchdog: Timer,
}

impl Service {
    /// Starts watchdog pings when systemd asked for them (`WATCHDOG_USEC`).
    pub fn start() -> Service {
        let notifier = Notifier::from_env().map(Rc::new);
        let watchdog = Timer::default();
        if let (Some(n), Some(every)) = (&notifier, systemd::watchdog_interval_from_env()) {
            let n = n.clone();
            tracing::info!(
                every_ms = every.as_millis() as u64,
                "pinging systemd's watchdog"
            );
            watchdog.start(TimerMode::Repeated, every, move || n.notify("WATCHDOG=1"));
        }
        Service {
            notifier,
            _watchdog: watchdog,
        }
    }

    /// Tells systemd the panel is up (call once the first frame is on screen).
    pub fn ready(&self, status: &str) {
        if let Some(n) = &self.notifier {
            n.notify(&format!("READY=1\n{}", systemd::status_line(status)));
        }
    }

    /// Tells systemd the panel is stopping.
    pub fn stopping(&self) {
        if let Some(n) = &self.notifier {
            n.notify("STOPPING=1");
        }
    }
}

/// The backlight on its schedule.
pub struct ScreenSchedule {
    backlight: Backlight,
    hours: ScreenHours,
    tz: Tz,
    clock: Arc<dyn Clock>,
    timer: Timer,
    /// Lit by a tap until then.
    woken_until: Cell<Option<Instant>>,
    /// The level last written (percent).
    level: Cell<Option<u8>>,
    /// A tap that woke the screen: its remaining events are not taps on the panel.
    swallowing: Cell<bool>,
    warned: Cell<bool>,
}

impl ScreenSchedule {
    /// Starts the schedule when `[display] on_hours` is set and there is a backlight.
    pub fn start(
        hours: Option<ScreenHours>,
        tz: Tz,
        clock: Arc<dyn Clock>,
    ) -> Option<Rc<ScreenSchedule>> {
        let hours = hours?;
        let backlight = match Backlight::find_on_this_machine() {
            Ok(Some(b)) => b,
            Ok(None) => {
                tracing::warn!("[display] on_hours is set, but this screen has no backlight in /sys/class/backlight to switch: it stays lit");
                return None;
            }
            Err(err) => {
                tracing::warn!("cannot look for a backlight in /sys/class/backlight ({err}): the screen stays lit");
                return None;
            }
        };
        tracing::info!(backlight = %backlight.dir().display(), "screen hours {}–{}", hours.on.format("%H:%M"), hours.off.format("%H:%M"));
        Some(ScreenSchedule::with_backlight(backlight, hours, tz, clock))
    }

    /// The schedule on `backlight`, applied at once.
    pub fn with_backlight(
        backlight: Backlight,
        hours: ScreenHours,
        tz: Tz,
        clock: Arc<dyn Clock>,
    ) -> Rc<ScreenSchedule> {
        let schedule = Rc::new(ScreenSchedule {
            backlight,
            hours,
            tz,
            clock,
            timer: Timer::default(),
            woken_until: Cell::new(None),
            level: Cell::new(None),
            swallowing: Cell::new(false),
            warned: Cell::new(false),
        });
        SCREEN.with(|s| *s.borrow_mut() = Some(schedule.clone()));
        schedule.apply();
        schedule
    }

    /// Writes the level due now and sleeps until the next change.
    fn apply(self: &Rc<Self>) {
        let now = self.clock.now();
        let woken = self
            .woken_until
            .get()
            .and_then(|until| until.checked_duration_since(Instant::now()));
        let level = if woken.is_some() {
            100
        } else {
            self.hours.brightness(now, self.tz)
        };
        if self.level.get() != Some(level) {
            match self.backlight.set(level) {
                Ok(()) => {
                    tracing::info!(percent = level, "backlight");
                    self.level.set(Some(level));
                }
                Err(err) if !self.warned.replace(true) => tracing::warn!(
                    "cannot set the backlight ({err}): the package's udev rule gives the video group write access; reboot once after installing, or check that Roomsign runs in the group video"
                ),
                Err(_) => {}
            }
        }
        let next = if self.clock.ticks() {
            self.hours
                .next_change(now, self.tz)
                .and_then(|t| (t - now).to_std().ok())
        } else {
            None
        };
        let wait = match (next, woken) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        match wait {
            Some(wait) => {
                let weak = Rc::downgrade(self);
                self.timer.start(
                    TimerMode::SingleShot,
                    wait + StdDuration::from_millis(20),
                    move || {
                        if let Some(s) = weak.upgrade() {
                            s.apply();
                        }
                    },
                );
            }
            None => self.timer.stop(),
        }
    }

    /// A touch, click or key: lights a dark or dimmed screen for a while. Returns whether the
    /// event is to be kept from the panel: the tap that wakes a dark screen presses nothing.
    pub fn on_input(self: &Rc<Self>, ends_tap: bool) -> bool {
        if self.swallowing.get() {
            if ends_tap {
                self.swallowing.set(false);
            }
            return true;
        }
        let was_dark = self.level.get() == Some(0);
        if self.level.get().is_some_and(|l| l < 100) || self.woken_until.get().is_some() {
            self.woken_until.set(Some(Instant::now() + WAKE_FOR));
            self.apply();
        }
        if was_dark && !ends_tap {
            self.swallowing.set(true);
        }
        was_dark
    }
}

/// Hook for Slint's libinput events (device build): taps on a dark screen wake it.
#[cfg(feature = "device")]
pub fn libinput_hook(event: &input::Event) -> bool {
    use input::event::{PointerEvent, TouchEvent};
    let ends_tap = match event {
        input::Event::Touch(TouchEvent::Up(_) | TouchEvent::Cancel(_)) => true,
        input::Event::Touch(_) => false,
        input::Event::Pointer(PointerEvent::Button(_)) | input::Event::Keyboard(_) => {
            // Presses and releases alternate: a press starts the swallowing, the release ends it.
            SCREEN.with(|s| s.borrow().as_ref().is_some_and(|s| s.swallowing.get()))
        }
        // Moving a mouse wakes the screen and is not a tap.
        input::Event::Pointer(_) => true,
        _ => return false,
    };
    let schedule = SCREEN.with(|s| s.borrow().clone());
    schedule.is_some_and(|s| s.on_input(ends_tap))
}

/// Forgets this thread's schedule (the panel is closing) and leaves the screen lit, so the
/// console is readable after `systemctl stop roomsign`.
pub fn stop_screen_schedule() {
    if let Some(schedule) = SCREEN.with(|s| s.borrow_mut().take()) {
        schedule.timer.stop();
        if schedule.level.get().is_some_and(|l| l < 100) {
            if let Err(err) = schedule.backlight.set(100) {
                tracing::warn!("cannot light the screen again at exit: {err}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::FixedClock;
    use chrono::NaiveTime;

    fn fake_backlight(root: &std::path::Path) -> (Backlight, std::path::PathBuf) {
        let dir = root.join("class/backlight/panel");
        std::fs::create_dir_all(&dir).expect("dir");
        std::fs::write(dir.join("max_brightness"), "255").expect("max");
        std::fs::write(dir.join("brightness"), "255").expect("brightness");
        std::fs::write(dir.join("bl_power"), "0").expect("power");
        let light = Backlight::find(root).expect("find").expect("backlight");
        (light, dir)
    }

    fn schedule_at(now: &str, root: &std::path::Path) -> (Rc<ScreenSchedule>, std::path::PathBuf) {
        let (light, dir) = fake_backlight(root);
        let hours = ScreenHours {
            on: NaiveTime::from_hms_opt(7, 0, 0).expect("time"),
            off: NaiveTime::from_hms_opt(19, 0, 0).expect("time"),
            off_brightness: 0,
        };
        let clock = Arc::new(FixedClock(now.parse().expect("instant")));
        (
            ScreenSchedule::with_backlight(light, hours, Tz::UTC, clock),
            dir,
        )
    }

    fn power(dir: &std::path::Path) -> String {
        std::fs::read_to_string(dir.join("bl_power"))
            .expect("read")
            .trim()
            .to_owned()
    }

    #[test]
    fn a_tap_on_a_dark_screen_lights_it_and_presses_nothing() {
        let root = tempfile::tempdir().expect("dir");
        let (screen, dir) = schedule_at("2026-11-23T20:00:00Z", root.path());
        assert_eq!(power(&dir), "4", "dark outside the hours");

        // Finger down, moves, up: all of it wakes the screen, none of it reaches the panel.
        assert!(screen.on_input(false), "the waking touch is swallowed");
        assert_eq!(power(&dir), "0", "lit");
        assert!(screen.on_input(false), "its motion too");
        assert!(screen.on_input(true), "and its release");

        // The next tap is a tap on the panel, and keeps the screen lit.
        assert!(!screen.on_input(false));
        assert!(!screen.on_input(true));
        assert_eq!(power(&dir), "0");
        stop_screen_schedule();
        assert_eq!(power(&dir), "0", "left lit at exit");
    }

    #[test]
    fn within_the_hours_taps_pass_through() {
        let root = tempfile::tempdir().expect("dir");
        let (screen, dir) = schedule_at("2026-11-23T10:00:00Z", root.path());
        assert_eq!(power(&dir), "0");
        assert!(!screen.on_input(false));
        assert!(!screen.on_input(true));
        stop_screen_schedule();
    }

    #[test]
    fn dark_at_exit_is_lit_again() {
        let root = tempfile::tempdir().expect("dir");
        let (_screen, dir) = schedule_at("2026-11-23T22:00:00Z", root.path());
        assert_eq!(power(&dir), "4");
        stop_screen_schedule();
        assert_eq!(power(&dir), "0");
    }
}
