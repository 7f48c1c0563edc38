//! The occupancy lights as an outside world. One small trait, [`Lights`], drives the LED
//! channels; its drivers are [`rpi::RppalLights`] (Raspberry Pi GPIO), [`none::NoLights`] and
//! [`recording::RecordingLights`] (for tests). The [`controller`] keeps them in step with the
//! screen. A light never stops the panel: a driver that cannot start or fails later leaves one
//! warning in [`LightsHealth`] and the panel carries on.

pub mod controller;
pub mod none;
pub mod recording;
pub mod rpi;
pub mod soft_pwm;

use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::watch;

use crate::clock::Clock;
use crate::core::lights::Levels;
use crate::core::Snapshot;
use controller::{ControllerSettings, LightsHandle};

/// LEDs that can be set to a level per channel.
pub trait Lights: Send {
    /// Drives the red, green and blue channels at `levels` (a driver without a blue LED ignores
    /// blue). Called only when the levels change.
    fn show(&mut self, levels: Levels) -> Result<(), LightsError>;

    /// How the lights are driven, in words: "red on BCM 12, green on BCM 13 (software PWM at
    /// 200 Hz)".
    fn describe(&self) -> String;
}

/// Why the lights cannot be driven, in words an installer can act on.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LightsError {
    #[error("no GPIO on this machine: {0}. The lights need a Raspberry Pi's GPIO header; to run without lights, set `driver = \"none\"` in [leds]")]
    NoGpio(String),
    #[error("no permission to use {0}: add the user Roomsign runs as to the `gpio` group (sudo usermod -aG gpio USER), then restart Roomsign")]
    Permission(String),
    #[error("BCM {pin} (leds.{colour}) is not a GPIO pin on this board: check the pin number")]
    NoSuchPin { pin: u8, colour: &'static str },
    #[error("BCM {pin} (leds.{colour}) is already in use by this program")]
    PinInUse { pin: u8, colour: &'static str },
    #[error("the lights stopped working: {0}")]
    Failed(String),
}

/// The driver and wiring from the configuration's `[leds]` table.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Driver {
    /// No lights (the default).
    #[default]
    None,
    /// LEDs on the Raspberry Pi's GPIO header.
    Rppal(PinWiring),
}

impl Driver {
    pub fn name(&self) -> &'static str {
        match self {
            Driver::None => "none",
            Driver::Rppal(_) => "rppal",
        }
    }
}

/// Where the LEDs are and how they are driven.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PinWiring {
    /// BCM GPIO numbers.
    pub red: u8,
    pub green: u8,
    pub blue: Option<u8>,
    /// An LED lights when its pin is low.
    pub active_low: bool,
    /// Use the PWM peripheral on the pins that have one.
    pub hardware_pwm: bool,
    /// PWM frequency in hertz.
    pub pwm_hz: u32,
}

impl PinWiring {
    /// "BCM 12 (red), 13 (green), 19 (blue)".
    pub fn pins(&self) -> String {
        let mut pins = format!("BCM {} (red), {} (green)", self.red, self.green);
        if let Some(blue) = self.blue {
            pins.push_str(&format!(", {blue} (blue)"));
        }
        pins
    }
}

/// What `doctor`, the admin screen and `status` say about the lights.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LightsHealth {
    /// The configured driver: "none", "rppal", "recording".
    pub driver: &'static str,
    /// Whether LEDs are being driven.
    pub working: bool,
    /// How they are driven, or why not.
    pub detail: String,
    /// What is wrong and what to do, when something is.
    pub warning: Option<String>,
}

impl LightsHealth {
    /// No lights configured.
    pub fn not_configured() -> LightsHealth {
        LightsHealth {
            driver: "none",
            working: false,
            detail: "no lights configured".to_owned(),
            warning: None,
        }
    }

    /// The lights could not start.
    pub fn failed(driver: &'static str, err: &LightsError) -> LightsHealth {
        LightsHealth {
            driver,
            working: false,
            detail: "not working".to_owned(),
            warning: Some(err.to_string()),
        }
    }

    /// One line: "driver rppal: red on BCM 12 (software PWM), ...", with the warning if any.
    pub fn summary(&self) -> String {
        match &self.warning {
            Some(warning) => format!("driver {}: {} — {warning}", self.driver, self.detail),
            None => format!("driver {}: {}", self.driver, self.detail),
        }
    }
}

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
