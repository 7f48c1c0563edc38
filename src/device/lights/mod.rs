//! The occupancy lights as an outside world. One small trait, [`Lights`], drives the LED
//! channels; its drivers are [`rpi::RppalLights`] (Raspberry Pi GPIO), [`none::NoLights`] and
//! [`recording::RecordingLights`] (for tests). The [`controller`] keeps them in step with the
//! screen. A light never stops the panel: a driver that cannot start or fails later leaves one
//! warning in [`LightsHealth`] and the panel carries on.

pub mod controller;
pub mod driver;
pub mod none;
pub mod output;
pub mod recording;
pub mod rpi;
pub mod soft_pwm;

use std::sync::Arc;

use tokio::sync::watch;

use crate::clock::Clock;
use crate::core::Snapshot;
use controller::{ControllerSettings, LightsHandle};
pub use driver::{Driver, Lights, LightsError, LightsHealth, PinWiring};
pub use output::Output;

/// Opens the configured lights: the driver as a [`Lights`], or why it cannot start.
pub fn open(driver: &Driver) -> Result<Box<dyn Lights>, LightsError> {
    match driver {
        Driver::None => Ok(Box::new(none::NoLights)),
        Driver::Rppal(wiring) => Ok(Box::new(rpi::RppalLights::open(wiring)?)),
    }
}

/// Starts the panel's lights: the controller on its own thread when lights are configured and
/// open; otherwise an idle handle whose health says why. Never fails: a light must not stop the
/// panel.
pub fn start(
    driver: &Driver,
    settings: ControllerSettings,
    clock: Arc<dyn Clock>,
    snapshot: watch::Receiver<Snapshot>,
    acting: watch::Receiver<bool>,
) -> LightsHandle {
    if *driver == Driver::None {
        return LightsHandle::idle(Output::without_lights(LightsHealth::not_configured()));
    }
    let output = match open(driver) {
        Ok(lights) => Output::new(lights, driver.name()),
        Err(err) => {
            tracing::warn!("lights: {err}");
            let health = LightsHealth::failed(driver.name(), &err);
            return LightsHandle::idle(Output::without_lights(health));
        }
    };
    match controller::spawn(output.clone(), settings, clock, snapshot, acting) {
        Ok(handle) => handle,
        Err(err) => {
            tracing::warn!("lights: cannot start the controller: {err}");
            output.switch_off();
            LightsHandle::idle(output)
        }
    }
}

/// What the lights' health would be, checked without taking the pins (a running panel may
/// own them): for `status` and `doctor`.
pub fn probe(driver: &Driver) -> LightsHealth {
    match driver {
        Driver::None => LightsHealth::not_configured(),
        Driver::Rppal(wiring) => match rpi::probe() {
            Ok(board) => LightsHealth {
                driver: "rppal",
                working: true,
                detail: format!("{} on {board}", wiring.pins()),
                warning: None,
            },
            Err(err) => LightsHealth::failed("rppal", &err),
        },
    }
}
