//! The configuration file (TOML): where it is looked for, what it may say, and errors that name
//! the file, line and key and say what to write instead.

use std::fmt;
use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveTime};
use chrono_tz::Tz;
use serde::{de, Deserialize, Deserializer};
use toml::Spanned;

use crate::core::display::Privacy;
use crate::core::lights::{
    Colour, Dimming, LightMap, LightSettings, OfflineHint, Palette, Pattern, Rule,
};
use crate::core::view::{ClockFormat, ViewSettings};
use crate::core::{CheckInPolicy, Policy};
use crate::device::lights::driver::{Driver, PinWiring};

/// Where the system-wide configuration lives on a device.
pub const SYSTEM_CONFIG: &str = "/etc/roomsign/config.toml";
/// Environment variable naming a configuration file.
pub const CONFIG_ENV: &str = "ROOMSIGN_CONFIG";
/// A configuration file is a few KiB; anything over this is not one.
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// A whole number within `MIN..=MAX`, checked while reading so the error points at its line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bounded<const MIN: i64, const MAX: i64>(pub i64);

impl<'de, const MIN: i64, const MAX: i64> Deserialize<'de> for Bounded<MIN, MAX> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let n = i64::deserialize(d)?;
        if (MIN..=MAX).contains(&n) {
            Ok(Bounded(n))
        } else {
            Err(de::Error::custom(format!(
                "{n} is out of range: expected a whole number from {MIN} to {MAX}"
            )))
        }
    }
}

/// An IANA time-zone name such as "Europe/Berlin".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ZoneName(pub Tz);

impl<'de> Deserialize<'de> for ZoneName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        name.parse::<Tz>().map(ZoneName).map_err(|_| {
            de::Error::custom(format!(
                "unknown time zone \"{name}\": use an IANA name such as \"Europe/Berlin\" or \"America/New_York\""
            ))
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Deserialize)]
pub enum ClockSetting {
    #[default]
    #[serde(rename = "24h")]
    H24,
    #[serde(rename = "12h")]
    H12,
}

/// The whole configuration file. Every key is optional; no file at all means the demo room.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Fullscreen, no window decorations, problems shown on screen instead of exiting.
    pub kiosk: bool,
    pub room: RoomConfig,
    pub display: DisplayConfig,
    pub booking: BookingConfig,
    pub checkin: CheckInConfig,
    /// Microsoft 365; absent: the demo room.
    pub microsoft: Option<MicrosoftConfig>,
    pub admin: AdminConfig,
    /// The occupancy lights; absent: none.
    pub leds: LedsConfig,
    /// The Prometheus endpoint; absent: off, no port opened.
    pub metrics: MetricsConfig,
}

/// The `[metrics]` table: `/metrics` for Prometheus.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MetricsConfig {
    /// Address and port to serve `/metrics` on, e.g. "0.0.0.0:9464"; absent: off.
    pub listen: Option<ListenAddress>,
    /// A file holding the token scrapes must send (`Authorization: Bearer …`).
    pub bearer_token_file: Option<PathBuf>,
}

/// An address and port to listen on, such as "0.0.0.0:9464" or "[::1]:9464".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListenAddress(pub std::net::SocketAddr);

impl<'de> Deserialize<'de> for ListenAddress {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.trim().parse().map(ListenAddress).map_err(|_| {
            de::Error::custom(format!(
                "\"{text}\" is not an address and port: write e.g. \"0.0.0.0:9464\" (every interface) or \"127.0.0.1:9464\" (this machine only)"
            ))
        })
    }
}

/// How Roomsign signs in to Microsoft 365.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AuthMode {
    /// Delegated: a system account signs in once on a phone (device-code flow).
    #[default]
    DeviceCode,
    /// App-only: the app's own client secret (client-credentials flow).
    ClientSecret,
    /// App-only: a client assertion signed with the app's certificate (client-credentials
    /// flow); Microsoft's recommended app-only credential.
    Certificate,
}

impl AuthMode {
    /// App-only (no pairing; bookings in `booking_account`'s calendar).
    pub fn is_app_only(self) -> bool {
        matches!(self, AuthMode::ClientSecret | AuthMode::Certificate)
    }
}

/// The `[microsoft]` table.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MicrosoftConfig {
    /// Tenant GUID or domain (e.g. "contoso.onmicrosoft.com").
    pub tenant: String,
    /// The app registration's Application (client) ID.
    pub client_id: String,
    #[serde(default)]
    pub auth: AuthMode,
    /// auth = "client-secret": file holding the secret (not world-readable).
    pub client_secret_file: Option<PathBuf>,
    /// auth = "certificate": the app's certificate (.cer or PEM), as uploaded in Entra ID.
    pub certificate_file: Option<PathBuf>,
    /// auth = "certificate": the certificate's private key (PEM, not world-readable).
    pub private_key_file: Option<PathBuf>,
    /// App-only: whose calendar holds the bookings made at the door.
    pub booking_account: Option<String>,
    /// Delegated scopes requested at sign-in.
    #[serde(default = "default_scopes")]
    pub scopes: Vec<String>,
    #[serde(default = "default_authority")]
    pub authority_url: String,
    #[serde(default = "default_graph")]
    pub graph_url: String,
    /// Seconds between reads of the room's calendar (each usually one small delta request).
    #[serde(default = "default_poll_seconds")]
    pub poll_seconds: Bounded<5, 3600>,
}

fn default_poll_seconds() -> Bounded<5, 3600> {
    Bounded(10)
}

/// Scopes asked for at device-code sign-in.
pub const DEFAULT_SCOPES: [&str; 7] = [
    "offline_access",
    "openid",
    "profile",
    "User.Read",
    "Calendars.ReadWrite",
    "Calendars.ReadWrite.Shared",
    "Place.Read.All",
];

fn default_scopes() -> Vec<String> {
    DEFAULT_SCOPES.iter().map(|s| (*s).to_owned()).collect()
}

fn default_authority() -> String {
    "https://login.microsoftonline.com".to_owned()
}

fn default_graph() -> String {
    "https://graph.microsoft.com/v1.0".to_owned()
}

/// The `[admin]` table: the hidden admin screen.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AdminConfig {
    /// PIN asked after a 5 s press on the room name; no PIN: the admin screen is off.
    pub pin: Option<PinCode>,
}

/// A 4 to 12 digit PIN.
#[derive(Clone, PartialEq, Eq)]
pub struct PinCode(pub crate::secret::Secret);

impl fmt::Debug for PinCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PinCode([redacted])")
    }
}

impl<'de> Deserialize<'de> for PinCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let pin = String::deserialize(d)?;
        if (4..=12).contains(&pin.len()) && pin.chars().all(|c| c.is_ascii_digit()) {
            Ok(PinCode(crate::secret::Secret::new(pin)))
        } else {
            Err(de::Error::custom(
                "a PIN is 4 to 12 digits, written as a string, e.g. pin = \"4821\"",
            ))
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RoomConfig {
    /// Shown in the top bar; else the calendar's name for the room.
    pub name: Option<String>,
    /// The room's mailbox address in Microsoft 365.
    pub mailbox: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DisplayConfig {
    /// IANA zone for times on screen; default: the system's.
    pub timezone: Option<ZoneName>,
    pub clock: ClockSetting,
    pub show_subject: bool,
    pub show_organizer: bool,
    /// A meeting within this many minutes makes the room "starting soon".
    pub soon_minutes: Bounded<1, 120>,
    /// Offline for longer than this: the notice says the schedule may be out of date.
    pub stale_after_hours: Bounded<1, 720>,
    /// Which windowing backend shows the panel (`$SLINT_BACKEND` wins when set).
    pub backend: BackendSetting,
    /// When the screen is lit, e.g. "07:00-19:00" in the display zone; none: always.
    pub on_hours: Option<HoursSetting>,
    /// Backlight in percent outside `on_hours`; 0 switches it off.
    pub off_brightness: Bounded<0, 100>,
}

/// `[display] backend`: where the panel is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BackendSetting {
    /// linuxkms when no X11 or Wayland session is there, else winit.
    #[default]
    Auto,
    /// A window in an X11 or Wayland session.
    Winit,
    /// Straight to the display (DRM/KMS or the framebuffer), touch through libinput.
    Linuxkms,
}

/// A span of the day such as "07:00-19:00" (it may run over midnight).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HoursSetting {
    pub from: NaiveTime,
    pub to: NaiveTime,
}

impl<'de> Deserialize<'de> for HoursSetting {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        let time = |t: &str| NaiveTime::parse_from_str(t.trim(), "%H:%M").ok();
        text.split_once('-')
            .and_then(|(a, b)| Some(HoursSetting { from: time(a)?, to: time(b)? }))
            .ok_or_else(|| {
                de::Error::custom(format!(
                    "\"{text}\" is not a span of hours: write two 24-hour times joined by a dash, such as \"07:00-19:00\""
                ))
            })
    }
}

impl Default for DisplayConfig {
    fn default() -> Self {
        DisplayConfig {
            timezone: None,
            clock: ClockSetting::H24,
            show_subject: true,
            show_organizer: true,
            soon_minutes: Bounded(10),
            stale_after_hours: Bounded(12),
            backend: BackendSetting::Auto,
            on_hours: None,
            off_brightness: Bounded(0),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BookingConfig {
    /// Subject of bookings made at the door.
    pub subject: String,
    pub min_minutes: Bounded<1, 60>,
    pub max_minutes: Bounded<5, 1440>,
    pub allow_end_early: bool,
    pub allow_extend: bool,
}

impl Default for BookingConfig {
    fn default() -> Self {
        BookingConfig {
            subject: "Booked at the door".to_owned(),
            min_minutes: Bounded(5),
            max_minutes: Bounded(120),
            allow_end_early: true,
            allow_extend: true,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CheckInConfig {
    pub enabled: bool,
    pub before_minutes: Bounded<0, 60>,
    pub release_after_minutes: Bounded<1, 120>,
    pub exempt_over_minutes: Bounded<15, 1440>,
    /// Who releases meetings nobody checked in to: "panel", "exchange" or "off".
    pub release: ReleaseSetting,
}

/// `[checkin] release`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReleaseSetting {
    /// The panel declines no-shows on the room's copy (the organizer is told).
    #[default]
    Panel,
    /// Exchange releases them (`Set-CalendarProcessing -EnableAutoRelease $true`).
    Exchange,
    /// Nobody releases them.
    Off,
}

impl Default for CheckInConfig {
    fn default() -> Self {
        CheckInConfig {
            enabled: false,
            before_minutes: Bounded(5),
            release_after_minutes: Bounded(10),
            exempt_over_minutes: Bounded(240),
            release: ReleaseSetting::Panel,
        }
    }
}

/// A time of day such as "20:00".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeOfDay(pub NaiveTime);

impl<'de> Deserialize<'de> for TimeOfDay {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        NaiveTime::parse_from_str(text.trim(), "%H:%M")
            .map(TimeOfDay)
            .map_err(|_| {
                de::Error::custom(format!(
                    "\"{text}\" is not a time of day: write hours and minutes, 24-hour, such as \"20:00\""
                ))
            })
    }
}

/// Which lights are wired.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DriverSetting {
    /// No lights.
    #[default]
    None,
    /// LEDs on the Raspberry Pi's GPIO header.
    Rppal,
}

/// A BCM GPIO number on the 40-pin header.
pub type BcmPin = Bounded<0, 27>;

/// A light-map row written as "colour [pattern]": "green", "amber pulse".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleSetting(pub Rule);

fn colour_names() -> String {
    Colour::ALL.map(Colour::name).join(", ")
}

fn pattern_names() -> String {
    Pattern::ALL.map(Pattern::name).join(", ")
}

impl<'de> Deserialize<'de> for RuleSetting {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        let words: Vec<&str> = text.split_whitespace().collect();
        let expected = || {
            format!(
                "expected a colour ({}) and optionally a pattern ({}), such as \"amber pulse\"",
                colour_names(),
                pattern_names()
            )
        };
        let (colour, pattern) = match words.as_slice() {
            [colour] => (*colour, "steady"),
            [colour, pattern] => (*colour, *pattern),
            _ => return Err(de::Error::custom(format!("\"{text}\": {}", expected()))),
        };
        let colour = Colour::from_name(colour).ok_or_else(|| {
            de::Error::custom(format!("unknown colour \"{colour}\": {}", expected()))
        })?;
        let pattern = Pattern::from_name(pattern).ok_or_else(|| {
            de::Error::custom(format!("unknown pattern \"{pattern}\": {}", expected()))
        })?;
        Ok(RuleSetting(Rule::new(colour, pattern)))
    }
}

/// A pattern on its own: "quick".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PatternSetting(pub Pattern);

impl<'de> Deserialize<'de> for PatternSetting {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Pattern::from_name(text.trim())
            .map(PatternSetting)
            .ok_or_else(|| {
                de::Error::custom(format!(
                    "unknown pattern \"{text}\": expected one of {}",
                    pattern_names()
                ))
            })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OfflineHintSetting {
    #[default]
    None,
    Dim,
    Blink,
}

/// `[leds.map]`: which light shows each state.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LightMapConfig {
    pub free: RuleSetting,
    pub starting_soon: RuleSetting,
    pub busy: RuleSetting,
    pub awaiting_check_in: RuleSetting,
    pub unknown: RuleSetting,
    pub booking: PatternSetting,
    pub offline: OfflineHintSetting,
}

impl Default for LightMapConfig {
    fn default() -> Self {
        let map = LightMap::default();
        LightMapConfig {
            free: RuleSetting(map.free),
            starting_soon: RuleSetting(map.starting_soon),
            busy: RuleSetting(map.busy),
            awaiting_check_in: RuleSetting(map.awaiting_check_in),
            unknown: RuleSetting(map.unknown),
            booking: PatternSetting(map.booking),
            offline: OfflineHintSetting::None,
        }
    }
}

/// Red, green and blue in percent.
pub type ChannelSetting = [Bounded<0, 100>; 3];

/// `[leds.colours]`: each colour as red, green and blue in percent.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PaletteConfig {
    pub green: ChannelSetting,
    pub amber: ChannelSetting,
    pub red: ChannelSetting,
    pub blue: ChannelSetting,
    pub white: ChannelSetting,
}

fn channel_setting(rgb: [u8; 3]) -> ChannelSetting {
    rgb.map(|c| Bounded(i64::from(c)))
}

fn channels(setting: &ChannelSetting) -> [u8; 3] {
    setting.map(|c| u8::try_from(c.0.clamp(0, 100)).unwrap_or(100))
}

impl Default for PaletteConfig {
    fn default() -> Self {
        let p = Palette::default();
        PaletteConfig {
            green: channel_setting(p.green),
            amber: channel_setting(p.amber),
            red: channel_setting(p.red),
            blue: channel_setting(p.blue),
            white: channel_setting(p.white),
        }
    }
}

/// `[leds]`: the occupancy lights. No table means no lights.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LedsConfig {
    pub driver: Option<Spanned<DriverSetting>>,
    /// BCM numbers of the red, green and (optional) blue LEDs.
    pub red: Option<Spanned<BcmPin>>,
    pub green: Option<Spanned<BcmPin>>,
    pub blue: Option<Spanned<BcmPin>>,
    /// The LEDs light when the pin is low (common-anode LEDs, low-side drivers).
    pub active_low: bool,
    /// Hardware PWM on the pins that have it (BCM 12, 13, 18, 19; needs the pwm overlay).
    pub hardware_pwm: bool,
    /// PWM frequency in hertz.
    pub pwm_hz: Bounded<50, 10_000>,
    /// Brightness in percent by day ...
    pub brightness: Bounded<0, 100>,
    /// ... and from `night_start` to `night_end`.
    pub night_brightness: Bounded<0, 100>,
    pub night_start: TimeOfDay,
    pub night_end: TimeOfDay,
    pub map: LightMapConfig,
    pub colours: PaletteConfig,
}

impl Default for LedsConfig {
    fn default() -> Self {
        let dimming = Dimming::default();
        LedsConfig {
            driver: None,
            red: None,
            green: None,
            blue: None,
            active_low: false,
            hardware_pwm: false,
            pwm_hz: Bounded(200),
            brightness: Bounded(i64::from(dimming.day)),
            night_brightness: Bounded(i64::from(dimming.night)),
            night_start: TimeOfDay(dimming.night_start),
            night_end: TimeOfDay(dimming.night_end),
            map: LightMapConfig::default(),
            colours: PaletteConfig::default(),
        }
    }
}

fn percent(b: Bounded<0, 100>) -> u8 {
    u8::try_from(b.0.clamp(0, 100)).unwrap_or(100)
}

fn pin(p: &Spanned<BcmPin>) -> u8 {
    u8::try_from(p.get_ref().0.clamp(0, 27)).unwrap_or(0)
}

impl LedsConfig {
    fn driver_setting(&self) -> DriverSetting {
        self.driver
            .as_ref()
            .map_or(DriverSetting::None, |d| *d.get_ref())
    }

    /// What the lights show (pure settings for the core).
    pub fn light_settings(&self) -> LightSettings {
        let m = &self.map;
        LightSettings {
            map: LightMap {
                free: m.free.0,
                starting_soon: m.starting_soon.0,
                busy: m.busy.0,
                awaiting_check_in: m.awaiting_check_in.0,
                unknown: m.unknown.0,
                booking: m.booking.0,
                offline: match m.offline {
                    OfflineHintSetting::None => OfflineHint::None,
                    OfflineHintSetting::Dim => OfflineHint::Dim,
                    OfflineHintSetting::Blink => OfflineHint::Blink,
                },
            },
            palette: Palette {
                green: channels(&self.colours.green),
                amber: channels(&self.colours.amber),
                red: channels(&self.colours.red),
                blue: channels(&self.colours.blue),
                white: channels(&self.colours.white),
            },
            dimming: Dimming {
                day: percent(self.brightness),
                night: percent(self.night_brightness),
                night_start: self.night_start.0,
                night_end: self.night_end.0,
            },
        }
    }

    /// Which driver and pins (checked by [`LedsConfig::check`] when the file was read).
    pub fn driver(&self) -> Driver {
        match (self.driver_setting(), &self.red, &self.green) {
            (DriverSetting::Rppal, Some(red), Some(green)) => Driver::Rppal(PinWiring {
                red: pin(red),
                green: pin(green),
                blue: self.blue.as_ref().map(pin),
                active_low: self.active_low,
                hardware_pwm: self.hardware_pwm,
                pwm_hz: u32::try_from(self.pwm_hz.0).unwrap_or(200),
            }),
            _ => Driver::None,
        }
    }

    /// Rules that span keys: the rppal driver needs red and green pins; no pin twice.
    fn check(&self, text: &str, path: &Path) -> Result<(), ConfigError> {
        if let Some(driver) = &self.driver {
            if *driver.get_ref() == DriverSetting::Rppal {
                for (name, given) in [("red", &self.red), ("green", &self.green)] {
                    if given.is_none() {
                        return Err(ConfigError::at(
                            text,
                            path,
                            driver.span().start,
                            format!("leds.{name}"),
                            format!(
                                "driver = \"rppal\" needs the BCM number of the {name} LED: add `{name} = N` to [leds] (see config.example.toml)"
                            ),
                        ));
                    }
                }
            }
        }
        let pins = [
            ("red", &self.red),
            ("green", &self.green),
            ("blue", &self.blue),
        ];
        for (i, (name, p)) in pins.iter().enumerate() {
            let Some(p) = p else { continue };
            let earlier = pins[..i]
                .iter()
                .find(|(_, q)| q.as_ref().is_some_and(|q| pin(q) == pin(p)));
            if let Some((other, _)) = earlier {
                return Err(ConfigError::at(
                    text,
                    path,
                    p.span().start,
                    format!("leds.{name}"),
                    format!(
                        "BCM {} is already the {other} LED's pin: each colour needs its own pin",
                        pin(p)
                    ),
                ));
            }
        }
        Ok(())
    }
}

impl Config {
    /// The room rules for the core.
    pub fn policy(&self) -> Policy {
        Policy {
            soon: Duration::minutes(self.display.soon_minutes.0),
            min_booking: Duration::minutes(self.booking.min_minutes.0),
            max_booking: Duration::minutes(self.booking.max_minutes.0),
            checkin: CheckInPolicy {
                enabled: self.checkin.enabled,
                before: Duration::minutes(self.checkin.before_minutes.0),
                release_after: Duration::minutes(self.checkin.release_after_minutes.0),
                exempt_over: Duration::minutes(self.checkin.exempt_over_minutes.0),
                release: match self.checkin.release {
                    ReleaseSetting::Panel => crate::core::ReleaseMode::Panel,
                    ReleaseSetting::Exchange => crate::core::ReleaseMode::Exchange,
                    ReleaseSetting::Off => crate::core::ReleaseMode::Off,
                },
            },
        }
    }

    /// How times and meetings are shown; `system_zone` is used when no zone is configured.
    pub fn view_settings(&self, system_zone: Tz) -> ViewSettings {
        ViewSettings {
            tz: self.display.timezone.map_or(system_zone, |z| z.0),
            clock: match self.display.clock {
                ClockSetting::H24 => ClockFormat::H24,
                ClockSetting::H12 => ClockFormat::H12,
            },
            privacy: Privacy {
                show_subject: self.display.show_subject,
                show_organizer: self.display.show_organizer,
            },
            stale_after: Duration::hours(self.display.stale_after_hours.0),
            lights: self.leds.light_settings(),
            locale: Default::default(),
        }
    }

    /// The screen's hours from `[display] on_hours` and `off_brightness`; none: always lit.
    pub fn screen_hours(&self) -> Option<crate::core::screen_hours::ScreenHours> {
        self.display
            .on_hours
            .map(|h| crate::core::screen_hours::ScreenHours {
                on: h.from,
                off: h.to,
                off_brightness: percent(self.display.off_brightness),
            })
    }

    /// Parses a configuration; `path` is only used in error messages.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let config: Config =
            toml::from_str(text).map_err(|e| ConfigError::from_toml(&e, text, path))?;
        config.check(text, path)?;
        config.leds.check(text, path)?;
        Ok(config)
    }

    /// Rules that span keys, with the line of the key to change.
    fn check(&self, text: &str, path: &Path) -> Result<(), ConfigError> {
        let fail_in = |table: &str, key: &str, message: String| {
            let line = line_of(text, table, key);
            Err(ConfigError {
                path: path.to_owned(),
                line,
                column: line.map(|_| 1),
                key: Some(format!("{table}.{key}")),
                message,
            })
        };
        let (min, max) = (self.booking.min_minutes.0, self.booking.max_minutes.0);
        if min > max {
            // Point at max_minutes when it is written, else at min_minutes.
            let key = if key_line(text, "booking", "max_minutes").is_some() {
                "max_minutes"
            } else {
                "min_minutes"
            };
            return fail_in(
                "booking",
                key,
                format!(
                    "min_minutes ({min}) is more than max_minutes ({max}): no booking could be made at the door; make max_minutes at least min_minutes"
                ),
            );
        }
        if let Some(hours) = &self.display.on_hours {
            if hours.from == hours.to {
                return fail_in(
                    "display",
                    "on_hours",
                    format!(
                        "\"{}-{}\" starts and ends at the same time, so it is no span of hours: for a screen that is always lit, remove on_hours",
                        hours.from.format("%H:%M"),
                        hours.to.format("%H:%M")
                    ),
                );
            }
        }
        let Some(ms) = &self.microsoft else {
            return Ok(());
        };
        let fail = |key: &str, message: String| fail_in("microsoft", key, message);
        if ms.scopes.iter().all(|s| s.trim().is_empty()) {
            return fail(
                "scopes",
                format!(
                    "no scopes: sign-in needs at least {}; remove scopes to use them all",
                    DEFAULT_SCOPES.join(" ")
                ),
            );
        }
        if ms.tenant.trim().is_empty() {
            return fail(
                "tenant",
                "empty: write the tenant's domain (contoso.onmicrosoft.com) or its GUID".to_owned(),
            );
        }
        if !is_guid(&ms.client_id) {
            return fail(
                "client_id",
                format!(
                    "\"{}\" is not an Application (client) ID: copy the GUID from the app registration's Overview page in Entra ID",
                    ms.client_id
                ),
            );
        }
        for (key, url) in [
            ("authority_url", &ms.authority_url),
            ("graph_url", &ms.graph_url),
        ] {
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                return fail(key, format!("\"{url}\" is not an http(s) URL"));
            }
        }
        if ms.auth == AuthMode::ClientSecret {
            if ms.client_secret_file.is_none() {
                return fail(
                    "auth",
                    "auth = \"client-secret\" needs client_secret_file = \"/etc/roomsign/client-secret\" (a file readable only by Roomsign)".to_owned(),
                );
            }
            if ms.booking_account.is_none() {
                return fail(
                    "auth",
                    "auth = \"client-secret\" needs booking_account = \"roomsign@contoso.com\": the account whose calendar holds bookings made at the door".to_owned(),
                );
            }
        }
        if ms.auth == AuthMode::Certificate {
            if ms.certificate_file.is_none() || ms.private_key_file.is_none() {
                return fail(
                    "auth",
                    "auth = \"certificate\" needs certificate_file = \"/etc/roomsign/roomsign.cer\" and private_key_file = \"/etc/roomsign/roomsign.key\" (made by `roomsign cert new`)".to_owned(),
                );
            }
            if ms.booking_account.is_none() {
                return fail(
                    "auth",
                    "auth = \"certificate\" needs booking_account = \"roomsign@contoso.com\": the account whose calendar holds bookings made at the door".to_owned(),
                );
            }
        }
        Ok(())
    }

    /// Reads and parses the file at `path` (at most [`MAX_CONFIG_BYTES`]) with the drop-in
    /// files of `config.d/` beside it merged over it ([`Layers`]).
    pub fn read(path: &Path) -> Result<Config, ConfigError> {
        Layers::read(path).map(|layers| layers.config)
    }

    /// The file's bytes as text: UTF-8, or an error naming the line, column and byte offset
    /// of the first byte that is not.
    pub fn text(bytes: Vec<u8>, path: &Path) -> Result<String, ConfigError> {
        String::from_utf8(bytes).map_err(|e| {
            let offset = e.utf8_error().valid_up_to();
            let before = &e.as_bytes()[..offset];
            let line = before.iter().filter(|b| **b == b'\n').count() + 1;
            let line_start = before
                .iter()
                .rposition(|b| *b == b'\n')
                .map_or(0, |i| i + 1);
            ConfigError {
                path: path.to_owned(),
                line: Some(line),
                column: Some(offset - line_start + 1),
                key: None,
                message: format!(
                    "byte {offset} is not UTF-8 text: save the file as UTF-8 (a Latin-1 or UTF-16 editor setting does this)"
                ),
            }
        })
    }
}

/// The folder of drop-in files beside a configuration file: `config.d/`.
pub const DROP_IN_DIR: &str = "config.d";
/// Drop-in files read at most; more is not a configuration but a mistake.
pub const MAX_DROP_INS: usize = 64;

/// The configuration as read from its layers: `config.toml`, then every `config.d/*.toml`
/// beside it in name order, each key taken from the last file that sets it.
#[derive(Clone, Debug, PartialEq)]
pub struct Layers {
    pub config: Config,
    /// The files read, in order.
    pub files: Vec<PathBuf>,
    /// The merged table, as one file would say it.
    pub merged: toml::Table,
    /// Which file each key (`table.key`) came from.
    pub sources: std::collections::BTreeMap<String, PathBuf>,
}

/// Reads `path`'s bytes as text: at most [`MAX_CONFIG_BYTES`], UTF-8.
fn read_text(path: &Path) -> Result<String, ConfigError> {
    use std::io::Read;
    let error = |message: String| ConfigError {
        path: path.to_owned(),
        line: None,
        column: None,
        key: None,
        message,
    };
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_CONFIG_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| error(format!("cannot read the configuration file: {e}")))?;
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return Err(error(format!(
            "the file is over {} KiB: this is not a Roomsign configuration (see config.example.toml)",
            MAX_CONFIG_BYTES / 1024
        )));
    }
    Config::text(bytes, path)
}

/// The drop-in files beside `path` (`config.d/*.toml`), in name order.
pub fn drop_ins(path: &Path) -> Result<Vec<PathBuf>, ConfigError> {
    let dir = path
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join(DROP_IN_DIR);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(ConfigError {
                path: dir,
                line: None,
                column: None,
                key: None,
                message: format!("cannot read the folder of drop-in files: {e}"),
            })
        }
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "toml")
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                && p.is_file()
        })
        .take(MAX_DROP_INS + 1)
        .collect();
    if files.len() > MAX_DROP_INS {
        return Err(ConfigError {
            path: dir,
            line: None,
            column: None,
            key: None,
            message: format!(
                "more than {MAX_DROP_INS} .toml files: keep fleet-wide and per-room settings in a few files"
            ),
        });
    }
    files.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    Ok(files)
}

/// Folds `layer` (read from `file`) into `into`: tables merge key by key, any other value
/// replaces the one before.
fn merge(
    into: &mut toml::Table,
    layer: toml::Table,
    file: &Path,
    prefix: &str,
    sources: &mut std::collections::BTreeMap<String, PathBuf>,
) {
    for (key, value) in layer {
        let full = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match (into.get_mut(&key), value) {
            (Some(toml::Value::Table(old)), toml::Value::Table(new)) => {
                merge(old, new, file, &full, sources);
            }
            (_, value) => {
                // A value that replaces a table drops the table's sources.
                sources.retain(|k, _| !k.starts_with(&format!("{full}.")));
                if let toml::Value::Table(table) = &value {
                    record(table, file, &full, sources);
                }
                sources.insert(full, file.to_owned());
                into.insert(key, value);
            }
        }
    }
}

fn record(
    table: &toml::Table,
    file: &Path,
    prefix: &str,
    sources: &mut std::collections::BTreeMap<String, PathBuf>,
) {
    for (key, value) in table {
        let full = format!("{prefix}.{key}");
        if let toml::Value::Table(inner) = value {
            record(inner, file, &full, sources);
        }
        sources.insert(full, file.to_owned());
    }
}

impl Layers {
    /// Reads `path` and the drop-in files beside it. Without drop-ins this is [`Config::read`];
    /// with them, an error names the file that set the key, and its line.
    pub fn read(path: &Path) -> Result<Layers, ConfigError> {
        let extra = drop_ins(path)?;
        let base_text = read_text(path)?;
        if extra.is_empty() {
            let config = Config::parse(&base_text, path)?;
            let merged = parse_table(&base_text, path)?;
            let mut sources = std::collections::BTreeMap::new();
            record_top(&merged, path, &mut sources);
            return Ok(Layers {
                config,
                files: vec![path.to_owned()],
                merged,
                sources,
            });
        }
        let mut texts = vec![(path.to_owned(), base_text)];
        for file in &extra {
            texts.push((file.clone(), read_text(file)?));
        }
        let mut merged = toml::Table::new();
        let mut sources = std::collections::BTreeMap::new();
        for (file, text) in &texts {
            let layer = parse_table(text, file)?;
            merge(&mut merged, layer, file, "", &mut sources);
        }
        let together = toml::to_string(&merged).map_err(|e| ConfigError {
            path: path.to_owned(),
            line: None,
            column: None,
            key: None,
            message: format!("cannot merge the drop-in files: {e}"),
        })?;
        let config =
            Config::parse(&together, path).map_err(|e| blame(e, &texts, &sources, path))?;
        Ok(Layers {
            config,
            files: texts.into_iter().map(|(f, _)| f).collect(),
            merged,
            sources,
        })
    }

    /// The merged configuration as TOML, each value followed by the file it came from;
    /// secrets (the admin PIN) redacted.
    pub fn show(&self) -> String {
        let mut out = String::new();
        out.push_str("# files, in order:\n");
        for f in &self.files {
            out.push_str(&format!("#   {}\n", f.display()));
        }
        self.show_table(&self.merged, "", &mut out);
        out
    }

    fn show_table(&self, table: &toml::Table, prefix: &str, out: &mut String) {
        let (tables, values): (Vec<_>, Vec<_>) = table
            .iter()
            .partition(|(_, v)| matches!(v, toml::Value::Table(_)));
        if !prefix.is_empty() && !values.is_empty() {
            out.push_str(&format!("\n[{prefix}]\n"));
        }
        for (key, value) in values {
            let full = if prefix.is_empty() {
                key.clone()
            } else {
                format!("{prefix}.{key}")
            };
            let shown = if is_secret(&full) {
                "\"[redacted]\"".to_owned()
            } else {
                value.to_string()
            };
            let from = self
                .sources
                .get(&full)
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            out.push_str(&format!("{key} = {shown}  # {from}\n"));
        }
        for (key, value) in tables {
            if let toml::Value::Table(inner) = value {
                let full = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                self.show_table(inner, &full, out);
            }
        }
    }
}

/// Keys whose values are secrets (never printed): the admin PIN, and any key named like a
/// secret or token that is not a file's path.
fn is_secret(key: &str) -> bool {
    let last = key.rsplit('.').next().unwrap_or(key);
    key == "admin.pin"
        || ((last.contains("secret") || last.contains("token") || last.contains("password"))
            && !last.ends_with("_file"))
}

fn record_top(
    table: &toml::Table,
    file: &Path,
    sources: &mut std::collections::BTreeMap<String, PathBuf>,
) {
    for (key, value) in table {
        if let toml::Value::Table(inner) = value {
            record(inner, file, key, sources);
        }
        sources.insert(key.clone(), file.to_owned());
    }
}

/// One file as a TOML table, or its syntax error with file, line and key.
fn parse_table(text: &str, path: &Path) -> Result<toml::Table, ConfigError> {
    toml::from_str::<toml::Table>(text).map_err(|e| ConfigError::from_toml(&e, text, path))
}

/// An error found in the merged configuration, pointed at the file and line that set its key
/// (or the table's, or the first file when no file sets it).
fn blame(
    error: ConfigError,
    texts: &[(PathBuf, String)],
    sources: &std::collections::BTreeMap<String, PathBuf>,
    first: &Path,
) -> ConfigError {
    let Some(key) = error.key.clone() else {
        return ConfigError {
            path: first.to_owned(),
            line: None,
            column: None,
            ..error
        };
    };
    let (table, last) = key.rsplit_once('.').unwrap_or(("", key.as_str()));
    let file = sources
        .get(&key)
        .or_else(|| sources.get(table))
        .map(PathBuf::as_path)
        .unwrap_or(first);
    let text = texts
        .iter()
        .find(|(f, _)| f == file)
        .map_or("", |(_, t)| t.as_str());
    let line = if table.is_empty() {
        text.lines()
            .position(|l| {
                l.split_once('=')
                    .is_some_and(|(k, _)| k.trim().trim_matches('"') == last)
            })
            .map(|n| n + 1)
    } else {
        line_of(text, table, last)
    };
    ConfigError {
        path: file.to_owned(),
        line,
        column: line.map(|_| 1),
        ..error
    }
}

/// The line of `key` in `[table]`, or of the table header, or none.
fn line_of(text: &str, table: &str, key: &str) -> Option<usize> {
    key_line(text, table, key).or_else(|| table_line(text, table))
}

fn in_table<'a>(
    text: &'a str,
    table: &'a str,
) -> impl Iterator<Item = (usize, bool, &'a str)> + 'a {
    let mut inside = false;
    text.lines().enumerate().map(move |(n, line)| {
        let l = line.trim();
        let header = l.starts_with('[');
        if header {
            inside = l.trim_matches(|c| c == '[' || c == ']').trim() == table;
        }
        (n + 1, header && inside, if inside { l } else { "" })
    })
}

/// The line of `[table]`'s header.
fn table_line(text: &str, table: &str) -> Option<usize> {
    in_table(text, table).find_map(|(n, header, _)| header.then_some(n))
}

/// The line where `key` is written in `[table]`.
fn key_line(text: &str, table: &str, key: &str) -> Option<usize> {
    in_table(text, table).find_map(|(n, header, l)| {
        (!header
            && l.split_once('=')
                .is_some_and(|(k, _)| k.trim().trim_matches('"') == key))
        .then_some(n)
    })
}

fn is_guid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.chars().all(|c| c.is_ascii_hexdigit()))
}

/// The time zone of this machine (`TZ`, /etc/localtime), or UTC when it cannot be told.
pub fn system_zone() -> Tz {
    iana_time_zone::get_timezone()
        .ok()
        .and_then(|name| name.parse().ok())
        .unwrap_or(Tz::UTC)
}

/// Where the configuration was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigOrigin {
    /// This file.
    File(PathBuf),
    /// No file anywhere: built-in defaults (the demo room).
    Defaults,
}

impl fmt::Display for ConfigOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigOrigin::File(path) => write!(f, "{}", path.display()),
            ConfigOrigin::Defaults => write!(f, "built-in defaults (no configuration file)"),
        }
    }
}

/// Finds the configuration file: `--config`, then `$ROOMSIGN_CONFIG`, then
/// /etc/roomsign/config.toml, then the user's config directory. A file named by the flag or
/// the variable must exist; the others are optional.
pub fn locate(
    flag: Option<&Path>,
    env: Option<&str>,
    user_dir: Option<&Path>,
) -> Result<ConfigOrigin, ConfigError> {
    let named = flag.map(|p| (p.to_owned(), "--config")).or_else(|| {
        env.filter(|v| !v.is_empty())
            .map(|v| (PathBuf::from(v), CONFIG_ENV))
    });
    if let Some((path, by)) = named {
        if path.is_file() {
            return Ok(ConfigOrigin::File(path));
        }
        return Err(ConfigError {
            path,
            line: None,
            column: None,
            key: None,
            message: format!(
                "no configuration file here (named by {by}): create it from config.example.toml, or drop {by} to run the demo room"
            ),
        });
    }
    let system = PathBuf::from(SYSTEM_CONFIG);
    if system.is_file() {
        return Ok(ConfigOrigin::File(system));
    }
    if let Some(user) = user_dir.map(|d| d.join("config.toml")) {
        if user.is_file() {
            return Ok(ConfigOrigin::File(user));
        }
    }
    Ok(ConfigOrigin::Defaults)
}

/// A configuration problem, with where it is and what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// The key concerned, as `table.key`.
    pub key: Option<String>,
    pub message: String,
}

impl std::error::Error for ConfigError {}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": ")?;
        if let Some(key) = &self.key {
            if !self.message.contains(&format!("`{key}`")) {
                write!(f, "key `{key}`: ")?;
            }
        }
        write!(f, "{}", self.message)
    }
}

/// The largest char boundary of `text` at or before `offset`.
fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Line and column (both from 1) of byte `offset` in `text`.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, column)
}

impl ConfigError {
    /// A problem found after parsing, at byte `offset` of the file, about `key`.
    fn at(text: &str, path: &Path, offset: usize, key: String, message: String) -> ConfigError {
        let (line, column) = position(text, offset);
        ConfigError {
            path: path.to_owned(),
            line: Some(line),
            column: Some(column),
            key: Some(key),
            message,
        }
    }

    fn from_toml(err: &toml::de::Error, text: &str, path: &Path) -> ConfigError {
        let message = friendly(err.message());
        let Some(span) = err.span() else {
            return ConfigError {
                path: path.to_owned(),
                line: None,
                column: None,
                key: None,
                message,
            };
        };
        let (line, column) = position(text, span.start);
        let before = &text[..floor_char_boundary(text, span.start)];
        let line_text = text.lines().nth(line - 1).unwrap_or("");
        let table = before.lines().rev().find_map(|l| {
            let l = l.trim();
            (l.starts_with('[') && l.ends_with(']'))
                .then(|| l.trim_matches(|c| c == '[' || c == ']').trim().to_owned())
        });
        let key = line_text
            .split_once('=')
            .map(|(k, _)| k.trim().trim_matches('"').to_owned())
            .filter(|k| !k.is_empty() && !k.starts_with('['))
            .map(|k| match &table {
                Some(t) => format!("{t}.{k}"),
                None => k,
            });
        // Name an unknown key with its table: `display.foo`, not just `foo`.
        let message = match &key {
            Some(full) if full.contains('.') => {
                let last = full.rsplit('.').next().unwrap_or(full);
                message.replacen(&format!("`{last}`"), &format!("`{full}`"), 1)
            }
            _ => message,
        };
        ConfigError {
            path: path.to_owned(),
            line: Some(line),
            column: Some(column),
            key,
            message,
        }
    }
}

/// Serde speaks of fields and variants; the file speaks of keys and values.
fn friendly(message: &str) -> String {
    let message = message.trim();
    if message.is_empty() {
        return "this is not valid TOML (a stray character?): compare with config.example.toml"
            .to_owned();
    }
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let (name, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let expected = expected.trim_start_matches("one of ").replace('`', "");
        return if expected.is_empty() {
            format!("unknown key {name}: remove it")
        } else {
            format!("unknown key {name}: remove it, or use one of: {expected}")
        };
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let (value, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return format!(
            "unknown value {value}: expected {}",
            expected.trim_start_matches("one of ").replace('`', "\"")
        );
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        return format!("wrong kind of value: {rest}");
    }
    message.to_owned()
}
