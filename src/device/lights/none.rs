//! No lights: `[leds] driver = "none"`, the default.

use super::driver::{Lights, LightsError};
use crate::core::lights::Levels;

/// Lights that are not there.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoLights;

impl Lights for NoLights {
    fn show(&mut self, _levels: Levels) -> Result<(), LightsError> {
        Ok(())
    }

    fn describe(&self) -> String {
        "no lights configured".to_owned()
    }
}
