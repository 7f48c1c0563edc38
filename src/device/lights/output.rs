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
            }),
        })
    }

    fn state(&self) -> MutexGuard<'_, OutputState> {
        // A driver that panicked must not take the panel with it.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Drives `levels` unless they are already shown or the lights are off for good. A failure
    /// is logged once and kept in the health; the next change tries again.
    pub fn show(&self, levels: Levels) {
        let mut state = self.state();
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
