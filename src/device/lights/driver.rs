//! The lights' outside world in types: the [`Lights`] trait every driver implements, why a
//! driver cannot work ([`LightsError`]), the configured [`Driver`] and its [`PinWiring`], and
//! what is said about the lights ([`LightsHealth`]).

use crate::core::lights::Levels;

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
