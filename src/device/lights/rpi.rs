//! LEDs on the Raspberry Pi's GPIO header through rppal (`[leds] driver = "rppal"`): one pin
//! per colour (BCM numbers), dimmed by PWM: the PWM peripheral on the pins that have one when
//! `hardware_pwm = true` (BCM 12 and 13 on every model, 18 and 19 too; an overlay must route
//! them), else our own [`SoftPwm`] (rppal's software PWM busy-waits, which would cost a door
//! sign a good part of a core all night). Fully on or off is a plain level: no PWM runs.

use ::rppal::gpio::{self, Gpio, Level, OutputPin};
use ::rppal::pwm::{Channel, Polarity, Pwm};
use ::rppal::system::{DeviceInfo, SoC};

use super::driver::{Lights, LightsError, PinWiring};
use super::soft_pwm::{PinOut, SoftPwm};
use crate::core::lights::Levels;

enum Drive {
    /// The PWM peripheral: exact, no CPU.
    Hardware(Pwm),
    /// A GPIO pin driven by the software PWM: its place among the PWM's pins.
    Software(usize),
}

/// A GPIO pin with an LED on it.
struct GpioLed {
    out: OutputPin,
    active_low: bool,
}

impl PinOut for GpioLed {
    fn set(&mut self, lit: bool) {
        self.out.write(pin_level(lit, self.active_low));
    }
}

struct Led {
    colour: &'static str,
    pin: u8,
    drive: Drive,
    level: Option<u16>,
}

/// LEDs on GPIO pins.
pub struct RppalLights {
    leds: Vec<Led>,
    /// The pins without a PWM peripheral (None when every LED has one).
    soft: Option<SoftPwm>,
    soft_levels: Vec<u16>,
    active_low: bool,
    hz: f64,
    /// Pins that wanted hardware PWM and got software PWM, and why.
    notes: Vec<String>,
}

/// What rppal's GPIO errors mean to an installer.
fn gpio_error(err: gpio::Error, pin: Option<(u8, &'static str)>) -> LightsError {
    match (err, pin) {
        (gpio::Error::UnknownModel, _) => LightsError::NoGpio(
            "it is not a Raspberry Pi (or a model too new for this version)".to_owned(),
        ),
        (gpio::Error::PermissionDenied(path), _) => LightsError::Permission(path),
        (gpio::Error::PinNotAvailable(_), Some((pin, colour))) => {
            LightsError::NoSuchPin { pin, colour }
        }
        (gpio::Error::PinUsed(_), Some((pin, colour))) => LightsError::PinInUse { pin, colour },
        (gpio::Error::Io(e), _) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            LightsError::Permission(format!("the GPIO device ({e})"))
        }
        (gpio::Error::Io(e), _) if e.kind() == std::io::ErrorKind::NotFound => {
            LightsError::NoGpio(format!("no GPIO device ({e})"))
        }
        (err, _) => LightsError::Failed(err.to_string()),
    }
}

/// The pin level that lights (or darkens) an LED: with `active_low` it lights while the pin is
/// low.
pub fn pin_level(lit: bool, active_low: bool) -> Level {
    if lit != active_low {
        Level::High
    } else {
        Level::Low
    }
}

/// The PWM channel behind BCM `pin`, if it has one (`pi5`: a Raspberry Pi 5, whose four
/// channels sit on 12, 13, 18 and 19; earlier models share two between 12/18 and 13/19).
pub fn pwm_channel(pin: u8, pi5: bool) -> Option<Channel> {
    match pin {
        12 => Some(Channel::Pwm0),
        13 => Some(Channel::Pwm1),
        18 if pi5 => Some(Channel::Pwm2),
        19 if pi5 => Some(Channel::Pwm3),
        18 => Some(Channel::Pwm0),
        19 => Some(Channel::Pwm1),
        _ => None,
    }
}

/// Checks that the GPIO can be opened, without taking any pin: the board's name, or why not.
pub fn probe() -> Result<String, LightsError> {
    Gpio::new().map_err(|e| gpio_error(e, None))?;
    Ok(DeviceInfo::new()
        .map(|d| d.model().to_string())
        .unwrap_or_else(|_| "a Raspberry Pi".to_owned()))
}

impl RppalLights {
    /// Takes the pins and switches the LEDs off.
    pub fn open(wiring: &PinWiring) -> Result<RppalLights, LightsError> {
        let gpio = Gpio::new().map_err(|e| gpio_error(e, None))?;
        let pi5 = DeviceInfo::new().is_ok_and(|d| d.soc() == SoC::Bcm2712);
        let polarity = if wiring.active_low {
            Polarity::Inverse
        } else {
            Polarity::Normal
        };
        let hz = f64::from(wiring.pwm_hz.max(1));
        let mut pins = vec![("red", wiring.red), ("green", wiring.green)];
        pins.extend(wiring.blue.map(|b| ("blue", b)));
        let mut leds = Vec::new();
        let mut soft_pins: Vec<Box<dyn PinOut>> = Vec::new();
        let mut notes = Vec::new();
        let mut channels_taken = Vec::new();
        for (colour, pin) in pins {
            let channel = pwm_channel(pin, pi5)
                .filter(|_| wiring.hardware_pwm)
                .filter(|c| !channels_taken.contains(c));
            let hardware = match channel {
                Some(channel) => match Pwm::with_frequency(channel, hz, 0.0, polarity, true) {
                    Ok(pwm) => {
                        channels_taken.push(channel);
                        Some(pwm)
                    }
                    Err(err) => {
                        notes.push(format!(
                            "BCM {pin} uses software PWM: its PWM channel is not available ({err}); route the pin to it, e.g. `dtoverlay=pwm-2chan,pin=12,func=4,pin2=13,func2=4` in /boot/firmware/config.txt"
                        ));
                        None
                    }
                },
                None if !wiring.hardware_pwm => None,
                None => {
                    notes.push(match pwm_channel(pin, pi5) {
                        None => format!("BCM {pin} has no PWM channel: software PWM"),
                        Some(_) => format!(
                            "BCM {pin} shares its PWM channel with another LED: software PWM"
                        ),
                    });
                    None
                }
            };
            let drive = match hardware {
                Some(pwm) => Drive::Hardware(pwm),
                None => {
                    let p = gpio
                        .get(pin)
                        .map_err(|e| gpio_error(e, Some((pin, colour))))?;
                    let out = if wiring.active_low {
                        p.into_output_high()
                    } else {
                        p.into_output_low()
                    };
                    soft_pins.push(Box::new(GpioLed {
                        out,
                        active_low: wiring.active_low,
                    }));
                    Drive::Software(soft_pins.len() - 1)
                }
            };
            leds.push(Led {
                colour,
                pin,
                drive,
                level: Some(0),
            });
        }
        for note in &notes {
            tracing::info!("lights: {note}");
        }
        let soft_levels = vec![0; soft_pins.len()];
        let soft = if soft_pins.is_empty() {
            None
        } else {
            let pwm = SoftPwm::start(soft_pins, wiring.pwm_hz)
                .map_err(|e| LightsError::Failed(format!("cannot start software PWM: {e}")))?;
            Some(pwm)
        };
        Ok(RppalLights {
            leds,
            soft,
            soft_levels,
            active_low: wiring.active_low,
            hz,
            notes,
        })
    }
}

impl Lights for RppalLights {
    fn show(&mut self, levels: Levels) -> Result<(), LightsError> {
        let mut first_error = None;
        for led in &mut self.leds {
            let level = match led.colour {
                "red" => levels.red,
                "green" => levels.green,
                _ => levels.blue,
            }
            .min(1000);
            match &led.drive {
                Drive::Software(i) => {
                    if let Some(l) = self.soft_levels.get_mut(*i) {
                        *l = level;
                    }
                }
                Drive::Hardware(pwm) => {
                    if led.level == Some(level) {
                        continue;
                    }
                    match pwm.set_duty_cycle(f64::from(level) / 1000.0) {
                        Ok(()) => led.level = Some(level),
                        Err(e) => {
                            led.level = None;
                            first_error.get_or_insert(LightsError::Failed(format!(
                                "BCM {} ({}): {e}",
                                led.pin, led.colour
                            )));
                        }
                    }
                }
            }
        }
        if let Some(soft) = &self.soft {
            soft.set(&self.soft_levels);
        }
        first_error.map_or(Ok(()), Err)
    }

    fn describe(&self) -> String {
        let leds: Vec<String> = self
            .leds
            .iter()
            .map(|l| {
                let how = match l.drive {
                    Drive::Hardware(_) => "hardware PWM",
                    Drive::Software(_) => "software PWM",
                };
                format!("{} on BCM {} ({how})", l.colour, l.pin)
            })
            .collect();
        let mut text = format!(
            "{} at {} Hz{}",
            leds.join(", "),
            self.hz,
            if self.active_low { ", active low" } else { "" }
        );
        for note in &self.notes {
            text.push_str("; ");
            text.push_str(note);
        }
        text
    }
}

impl Drop for RppalLights {
    fn drop(&mut self) {
        // Dark before the pins are handed back.
        let _ = self.show(Levels::OFF);
    }
}
