//! The lights as the panel shares them: one [`Output`] for the controller and whoever switches
//! them off at exit.

use std::sync::{Arc, Mutex, MutexGuard};

use super::driver::{Lights, LightsHealth};
use super::none;
use crate::core::lights::Levels;

/// The lights as shared by the controller and whoever switches them off at exit (the main
/// thread, a signal). Once switched off for good, nothing lights them again.
pub struct Output {
    inner: Mutex<OutputState>,
}

struct OutputState {
    lights: Box<dyn Lights>,
    health: LightsHealth,
    shown: Option<Levels>,
    off_for_good: bool,
    /// The admin screen's lights test drives the lights; the controller's levels wait.
    testing: bool,
    /// What the controller last asked for (shown again when a test ends).
    wanted: Option<Levels>,
}

impl Output {
    /// Lights that work (so far).
    pub fn new(lights: Box<dyn Lights>, driver: &'static str) -> Arc<Output> {
        let health = LightsHealth {
            driver,
            working: true,
            detail: lights.describe(),
            warning: None,
        };
        Arc::new(Output {
            inner: Mutex::new(OutputState {
                lights,
                health,
                shown: None,
                off_for_good: false,
                testing: false,
                wanted: None,
            }),
        })
    }

    /// No lights, with this health (not configured, or failed to start).
    pub fn without_lights(health: LightsHealth) -> Arc<Output> {
        Arc::new(Output {
            inner: Mutex::new(OutputState {
                lights: Box::new(none::NoLights),
                health,
                shown: None,
                off_for_good: false,
                testing: false,
                wanted: None,
            }),
        })
    }

    fn state(&self) -> MutexGuard<'_, OutputState> {
        // A driver that panicked must not take the panel with it.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Drives `levels` unless they are already shown, the lights are off for good or being
    /// tested. A failure is logged once and kept in the health; the next change tries again.
    pub fn show(&self, levels: Levels) {
        let mut state = self.state();
        state.wanted = Some(levels);
        if !state.testing {
            drive(&mut state, levels);
        }
    }

    /// The lights test: drives `levels` whatever the controller asks, until [`Output::end_test`].
    pub fn test_show(&self, levels: Levels) {
        let mut state = self.state();
        state.testing = true;
        drive(&mut state, levels);
    }

    /// Ends the lights test: the lights show what the controller last asked for (off when it
    /// asked for nothing yet).
    pub fn end_test(&self) {
        let mut state = self.state();
        if !state.testing {
            return;
        }
        state.testing = false;
        let wanted = state.wanted.unwrap_or(Levels::OFF);
        drive(&mut state, wanted);
    }

    /// Switches the lights off and keeps them off (exit, SIGTERM).
    pub fn switch_off(&self) {
        let mut state = self.state();
        if state.off_for_good {
            return;
        }
        state.off_for_good = true;
        if let Err(err) = state.lights.show(Levels::OFF) {
            tracing::warn!("lights: could not switch them off: {err}");
        }
        state.shown = Some(Levels::OFF);
    }

    pub fn health(&self) -> LightsHealth {
        self.state().health.clone()
    }
}

/// Drives `levels` unless they are already shown or the lights are off for good. A failure is
/// logged once and kept in the health; the next change tries again.
fn drive(state: &mut OutputState, levels: Levels) {
    if state.off_for_good || state.shown == Some(levels) {
        return;
    }
    match state.lights.show(levels) {
        Ok(()) => {
            state.shown = Some(levels);
            if state.health.warning.is_some() && state.health.working {
                tracing::info!("the lights work again");
                state.health.warning = None;
            }
        }
        Err(err) => {
            state.shown = None;
            if state.health.warning.is_none() {
                tracing::warn!("lights: {err}");
            }
            state.health.warning = Some(err.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::device::lights::recording::RecordingLights;

    #[test]
    fn a_lights_test_holds_the_controller_off_and_gives_the_lights_back() {
        let (lights, seen) = RecordingLights::new();
        let output = Output::new(Box::new(lights), "recording");
        let green = Levels {
            green: 1000,
            ..Levels::OFF
        };
        let red = Levels {
            red: 1000,
            ..Levels::OFF
        };
        let blue = Levels {
            blue: 1000,
            ..Levels::OFF
        };
        output.show(green);
        output.test_show(red);
        assert_eq!(seen.last(), Some(red));
        // The controller moves on meanwhile: kept aside, not shown.
        output.show(blue);
        assert_eq!(seen.last(), Some(red));
        output.end_test();
        assert_eq!(seen.last(), Some(blue), "the room's light again");
        output.show(green);
        assert_eq!(seen.last(), Some(green));
        // Off for good stays off, test or not.
        output.switch_off();
        output.test_show(red);
        assert_eq!(seen.last(), Some(Levels::OFF));
    }
}
