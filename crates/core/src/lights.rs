//! What the occupancy lights show: for the room's state and the panel's overlays, a colour, a
//! pattern and a brightness ([`Light`]); and for an instant of that pattern, the level of each
//! LED channel ([`Levels`]). The light controller (`src/lights/`) drives the LEDs from these and
//! `status` reports them, so the corridor, the screen and `status` cannot disagree.

use std::time::Duration as StdDuration;

use chrono::{DateTime, NaiveTime, Utc};
use chrono_tz::Tz;

use super::language::Language;
use super::snapshot::Snapshot;
use super::state::{next_state_change, room_state, RoomState, Schedule, UnknownReason};
use super::Policy;
use crate::tr;

/// A colour of the LED bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Colour {
    Green,
    Amber,
    Red,
    Blue,
    White,
    Off,
}

impl Colour {
    /// Every colour, in the order `roomsign leds test` shows them.
    pub const ALL: [Colour; 6] = [
        Colour::Green,
        Colour::Amber,
        Colour::Red,
        Colour::Blue,
        Colour::White,
        Colour::Off,
    ];

    /// Stable name, as the configuration and `status --json` spell it.
    pub fn name(self) -> &'static str {
        match self {
            Colour::Green => "green",
            Colour::Amber => "amber",
            Colour::Red => "red",
            Colour::Blue => "blue",
            Colour::White => "white",
            Colour::Off => "off",
        }
    }

    pub fn from_name(name: &str) -> Option<Colour> {
        Colour::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// How a light moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Pattern {
    /// On, unchanging: needs no wake-ups.
    Steady,
    /// Slow breathing (2.4 s): "check in?".
    Pulse,
    /// Slow blink, 1 s on and 1 s off: a fault.
    Blink,
    /// Quick breathing (0.6 s): a tap is being carried out.
    Quick,
}

impl Pattern {
    pub const ALL: [Pattern; 4] = [
        Pattern::Steady,
        Pattern::Pulse,
        Pattern::Blink,
        Pattern::Quick,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Pattern::Steady => "steady",
            Pattern::Pulse => "pulse",
            Pattern::Blink => "blink",
            Pattern::Quick => "quick",
        }
    }

    pub fn from_name(name: &str) -> Option<Pattern> {
        Pattern::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// One cycle of a pulse.
pub const PULSE_PERIOD: StdDuration = StdDuration::from_millis(2400);
/// One cycle of a quick pulse.
pub const QUICK_PERIOD: StdDuration = StdDuration::from_millis(600);
/// A blink is on for this long, then off for as long.
pub const BLINK_HALF: StdDuration = StdDuration::from_millis(1000);
/// Pulses are redrawn this often (25 per second: smooth to the eye, a few wake-ups a second,
/// and only while pulsing).
pub const PULSE_FRAME: StdDuration = StdDuration::from_millis(40);
/// The dimmest point of a pulse, in thousandths of its full level (never quite dark, so a
/// pulsing light is not mistaken for a blinking one).
pub const PULSE_FLOOR: u32 = 150;

/// A colour and a pattern: one row of the light map.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    pub colour: Colour,
    pub pattern: Pattern,
}

impl Rule {
    pub const fn new(colour: Colour, pattern: Pattern) -> Rule {
        Rule { colour, pattern }
    }

    pub const fn steady(colour: Colour) -> Rule {
        Rule::new(colour, Pattern::Steady)
    }
}

/// What the lights add while the panel is offline. The schedule is still known, so they keep
/// the state's colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum OfflineHint {
    /// Nothing: the screen says it is offline.
    #[default]
    None,
    /// Half the brightness.
    Dim,
    /// A steady colour blinks slowly instead.
    Blink,
}

impl OfflineHint {
    pub fn name(self) -> &'static str {
        match self {
            OfflineHint::None => "none",
            OfflineHint::Dim => "dim",
            OfflineHint::Blink => "blink",
        }
    }
}

/// Which light shows each state (the configuration's `[leds.map]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LightMap {
    pub free: Rule,
    pub starting_soon: Rule,
    pub busy: Rule,
    pub awaiting_check_in: Rule,
    /// No schedule, or a clock that cannot be right. Off by default: a room the panel cannot
    /// vouch for must not look free or busy from down the corridor. A wired blue LED makes
    /// `blue blink` a good fault signal.
    pub unknown: Rule,
    /// While a tap is carried out (booking, check-in, end, extend): the state's colour moves
    /// in this pattern.
    pub booking: Pattern,
    pub offline: OfflineHint,
}

impl Default for LightMap {
    fn default() -> Self {
        LightMap {
            free: Rule::steady(Colour::Green),
            starting_soon: Rule::steady(Colour::Amber),
            busy: Rule::steady(Colour::Red),
            awaiting_check_in: Rule::new(Colour::Amber, Pattern::Pulse),
            unknown: Rule::steady(Colour::Off),
            booking: Pattern::Quick,
            offline: OfflineHint::None,
        }
    }
}

impl LightMap {
    /// The row for `state`.
    pub fn rule(&self, state: &RoomState) -> Rule {
        match state {
            RoomState::Free { .. } => self.free,
            RoomState::StartingSoon { .. } => self.starting_soon,
            RoomState::Busy { .. } => self.busy,
            RoomState::AwaitingCheckIn { .. } => self.awaiting_check_in,
            RoomState::Unknown { .. } => self.unknown,
        }
    }
}

/// Each colour as the brightness of the red, green and blue channels, in percent (the
/// configuration's `[leds.colours]`). Balances LEDs of different strength and mixes amber.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Palette {
    pub green: [u8; 3],
    pub amber: [u8; 3],
    pub red: [u8; 3],
    pub blue: [u8; 3],
    pub white: [u8; 3],
}

impl Default for Palette {
    fn default() -> Self {
        Palette {
            green: [0, 100, 0],
            // Red and green mixed by PWM: a warm amber on common RGB LEDs.
            amber: [100, 30, 0],
            red: [100, 0, 0],
            blue: [0, 0, 100],
            white: [100, 100, 100],
        }
    }
}

impl Palette {
    /// Red, green and blue in percent for `colour`.
    pub fn channels(&self, colour: Colour) -> [u8; 3] {
        match colour {
            Colour::Green => self.green,
            Colour::Amber => self.amber,
            Colour::Red => self.red,
            Colour::Blue => self.blue,
            Colour::White => self.white,
            Colour::Off => [0, 0, 0],
        }
    }
}

/// Brightness by time of day: `day` percent, and `night` percent from `night_start` to
/// `night_end` local time (the window may run over midnight; equal times mean no night).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dimming {
    pub day: u8,
    pub night: u8,
    pub night_start: NaiveTime,
    pub night_end: NaiveTime,
}

impl Default for Dimming {
    fn default() -> Self {
        Dimming {
            day: 100,
            night: 30,
            night_start: NaiveTime::from_hms_opt(20, 0, 0).unwrap_or(NaiveTime::MIN),
            night_end: NaiveTime::from_hms_opt(7, 0, 0).unwrap_or(NaiveTime::MIN),
        }
    }
}

impl Dimming {
    /// Whether `local` (a wall-clock time) is in the night window.
    pub fn is_night(&self, local: NaiveTime) -> bool {
        let (start, end) = (self.night_start, self.night_end);
        if start < end {
            start <= local && local < end
        } else if start > end {
            local >= start || local < end
        } else {
            false
        }
    }

    /// Brightness in percent at `local`.
    pub fn brightness_at(&self, local: NaiveTime) -> u8 {
        if self.is_night(local) {
            self.night
        } else {
            self.day
        }
    }

    /// The next instant after `now` at which the brightness changes, if it ever does.
    pub fn next_change(&self, now: DateTime<Utc>, tz: Tz) -> Option<DateTime<Utc>> {
        if self.night_start == self.night_end || self.day == self.night {
            return None;
        }
        let today = now.with_timezone(&tz).date_naive();
        let mut days = today
            .pred_opt()
            .into_iter()
            .chain([today])
            .collect::<Vec<_>>();
        days.extend(today.succ_opt());
        days.extend(today.succ_opt().and_then(|d| d.succ_opt()));
        days.into_iter()
            .flat_map(|d| [d.and_time(self.night_start), d.and_time(self.night_end)])
            // A boundary in a DST gap happens when the clock jumps past it.
            .map(|naive| crate::time::local_instant(tz, naive.date(), naive.time()))
            .filter(|t| *t > now)
            .min()
    }
}

/// Everything that decides what the lights show besides the room: the map, the colours, the
/// brightness by time of day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct LightSettings {
    pub map: LightMap,
    pub palette: Palette,
    pub dimming: Dimming,
}

/// What is going on besides the room's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Overlays {
    /// A tap (booking, check-in, end, extend) is being carried out.
    pub acting: bool,
    /// The last calendar read failed; the schedule shown is the last known one.
    pub offline: bool,
}

/// What the lights show: a colour in a pattern at a brightness.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Light {
    pub colour: Colour,
    pub pattern: Pattern,
    /// Percent of the colour's full level.
    pub brightness: u8,
}

impl Light {
    /// All LEDs dark.
    pub const OFF: Light = Light {
        colour: Colour::Off,
        pattern: Pattern::Steady,
        brightness: 0,
    };

    pub fn is_off(&self) -> bool {
        self.colour == Colour::Off
    }
}

/// The light for `state` with `overlays` at the wall-clock time `local`.
pub fn light(
    state: &RoomState,
    overlays: Overlays,
    local: NaiveTime,
    settings: &LightSettings,
) -> Light {
    let rule = settings.map.rule(state);
    let mut pattern = rule.pattern;
    // A clock that is not set cannot tell night from day.
    let clock_unset = matches!(
        state,
        RoomState::Unknown {
            reason: UnknownReason::ClockNotSynchronised
        }
    );
    let mut brightness = if clock_unset {
        settings.dimming.day
    } else {
        settings.dimming.brightness_at(local)
    };
    let known = !matches!(state, RoomState::Unknown { .. });
    if overlays.offline && known {
        match settings.map.offline {
            OfflineHint::None => {}
            OfflineHint::Dim => brightness = brightness.div_ceil(2),
            OfflineHint::Blink if pattern == Pattern::Steady => pattern = Pattern::Blink,
            OfflineHint::Blink => {}
        }
    }
    if overlays.acting && known {
        pattern = settings.map.booking;
    }
    // Whatever the map says, a light that cannot be seen is off: `status` must not report a
    // colour nobody sees.
    let dark = settings.palette.channels(rule.colour) == [0, 0, 0];
    if rule.colour == Colour::Off || brightness == 0 || dark {
        return Light::OFF;
    }
    Light {
        colour: rule.colour,
        pattern,
        brightness,
    }
}

/// The light the room shows at `now`: the state as the screen computes it, with the offline
/// overlay from the snapshot, at the brightness of the hour in `tz`.
pub fn room_light(
    now: DateTime<Utc>,
    snapshot: &Snapshot,
    policy: &Policy,
    tz: Tz,
    settings: &LightSettings,
    acting: bool,
) -> Light {
    let state = room_state(now, &snapshot.schedule, policy, &snapshot.checked_in);
    let overlays = Overlays {
        acting,
        offline: snapshot.offline_since.is_some(),
    };
    light(&state, overlays, now.with_timezone(&tz).time(), settings)
}

/// The next instant after `now` at which the room's light can change by itself (the state or
/// the brightness of the hour); `None` when nothing ahead changes it. Snapshots and taps
/// change it too; patterns move on their own ([`next_frame`]).
pub fn next_light_change(
    now: DateTime<Utc>,
    schedule: &Schedule,
    policy: &Policy,
    dimming: &Dimming,
    tz: Tz,
) -> Option<DateTime<Utc>> {
    [
        next_state_change(now, schedule, policy),
        dimming.next_change(now, tz),
    ]
    .into_iter()
    .flatten()
    .min()
}

/// The drive level of each LED channel in thousandths: 0 dark, 1000 fully on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Hash)]
pub struct Levels {
    pub red: u16,
    pub green: u16,
    pub blue: u16,
}

impl Levels {
    pub const OFF: Levels = Levels {
        red: 0,
        green: 0,
        blue: 0,
    };

    pub fn is_off(&self) -> bool {
        *self == Levels::OFF
    }
}

fn millis(d: StdDuration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// How far through its cycle a pattern is, `phase` after it started, in thousandths of full.
pub fn pattern_level(pattern: Pattern, phase: StdDuration) -> u32 {
    let wave = |period: StdDuration| {
        let period = millis(period).max(1);
        let t = (millis(phase) % period) as f64 / period as f64;
        // Starts at full (the change is seen at once), breathes down to the floor and back.
        let up = (1.0 + (std::f64::consts::TAU * t).cos()) / 2.0;
        (f64::from(PULSE_FLOOR) + f64::from(1000 - PULSE_FLOOR) * up).round() as u32
    };
    match pattern {
        Pattern::Steady => 1000,
        Pattern::Blink => {
            let half = millis(BLINK_HALF).max(1);
            if (millis(phase) / half).is_multiple_of(2) {
                1000
            } else {
                0
            }
        }
        Pattern::Pulse => wave(PULSE_PERIOD),
        Pattern::Quick => wave(QUICK_PERIOD),
    }
}

/// The channel levels of `light`, `phase` after its pattern started.
pub fn levels(light: &Light, palette: &Palette, phase: StdDuration) -> Levels {
    if light.is_off() {
        return Levels::OFF;
    }
    let factor = pattern_level(light.pattern, phase);
    let [r, g, b] = palette.channels(light.colour);
    let level = |percent: u8| {
        let thousandths =
            u32::from(percent.min(100)) * u32::from(light.brightness.min(100)) * factor / 10_000;
        thousandths.min(1000) as u16
    };
    Levels {
        red: level(r),
        green: level(g),
        blue: level(b),
    }
}

/// How long after `phase` the pattern's output next changes; `None` for a steady light (it
/// needs no wake-ups).
pub fn next_frame(light: &Light, phase: StdDuration) -> Option<StdDuration> {
    if light.is_off() {
        return None;
    }
    let step = |every: StdDuration| {
        let every = millis(every).max(1);
        StdDuration::from_millis(every - millis(phase) % every)
    };
    match light.pattern {
        Pattern::Steady => None,
        Pattern::Blink => Some(step(BLINK_HALF)),
        Pattern::Pulse | Pattern::Quick => Some(step(PULSE_FRAME)),
    }
}

/// One step of `roomsign leds test`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestStep {
    /// What should be lit, in words: "amber at 50 %".
    pub what: String,
    pub show: TestShow,
}

/// What a test step drives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TestShow {
    /// These channel levels, unchanging (one LED alone).
    Levels(Levels),
    /// This light, with its pattern.
    Light(Light),
}

/// Every step of the installer's test: each LED alone, every colour at every brightness the
/// panel uses, each state as the map shows it, then off. `blue` says whether a blue LED is
/// wired (blue alone is skipped without one).
pub fn test_steps(settings: &LightSettings, blue: bool, language: Language) -> Vec<TestStep> {
    let mut steps = Vec::new();
    let alone = [
        (
            Colour::Red,
            Levels {
                red: 1000,
                ..Levels::OFF
            },
        ),
        (
            Colour::Green,
            Levels {
                green: 1000,
                ..Levels::OFF
            },
        ),
        (
            Colour::Blue,
            Levels {
                blue: 1000,
                ..Levels::OFF
            },
        ),
    ];
    for (colour, lv) in alone {
        if colour == Colour::Blue && !blue {
            continue;
        }
        steps.push(TestStep {
            what: tr!(
                language,
                "led-alone",
                colour = colour_words(colour, language)
            ),
            show: TestShow::Levels(lv),
        });
    }
    let dimming = settings.dimming;
    let mut brightnesses = vec![100, 50, dimming.day, dimming.night, 10];
    brightnesses.retain(|b| *b > 0);
    brightnesses.sort_unstable_by(|a, b| b.cmp(a));
    brightnesses.dedup();
    for colour in Colour::ALL {
        let channels = settings.palette.channels(colour);
        if colour == Colour::Off || (channels[0] == 0 && channels[1] == 0 && !blue) {
            continue; // nothing to see (blue with no blue LED)
        }
        for &brightness in &brightnesses {
            steps.push(TestStep {
                what: describe(
                    &Light {
                        colour,
                        pattern: Pattern::Steady,
                        brightness,
                    },
                    language,
                ),
                show: TestShow::Light(Light {
                    colour,
                    pattern: Pattern::Steady,
                    brightness,
                }),
            });
        }
    }
    let map = settings.map;
    let free = tr!(language, "headline-free");
    let rows = [
        (free.clone(), map.free),
        (
            format!("{free} — {}", tr!(language, "headline-starting-soon")),
            map.starting_soon,
        ),
        (tr!(language, "headline-busy"), map.busy),
        (tr!(language, "headline-check-in"), map.awaiting_check_in),
        (tr!(language, "headline-unknown"), map.unknown),
    ];
    let day = dimming.day;
    for (state, rule) in rows {
        let light = if rule.colour == Colour::Off || day == 0 {
            Light::OFF
        } else {
            Light {
                colour: rule.colour,
                pattern: rule.pattern,
                brightness: day,
            }
        };
        steps.push(TestStep {
            what: tr!(
                language,
                "led-state",
                state = state,
                light = describe(&light, language)
            ),
            show: TestShow::Light(light),
        });
    }
    let busy = Light {
        colour: map.busy.colour,
        pattern: map.booking,
        brightness: day,
    };
    if !busy.is_off() && day > 0 {
        steps.push(TestStep {
            what: tr!(language, "led-booking", light = describe(&busy, language)),
            show: TestShow::Light(busy),
        });
    }
    steps.push(TestStep {
        what: tr!(language, "led-all-off"),
        show: TestShow::Light(Light::OFF),
    });
    steps
}

/// "amber, pulsing at 100 %", "off".
pub fn describe(light: &Light, language: Language) -> String {
    if light.is_off() {
        return tr!(language, "led-off");
    }
    let colour = colour_words(light.colour, language);
    let brightness = light.brightness;
    match light.pattern {
        Pattern::Steady => tr!(
            language,
            "led-steady",
            colour = colour,
            brightness = brightness
        ),
        Pattern::Pulse => tr!(
            language,
            "led-pulse",
            colour = colour,
            brightness = brightness
        ),
        Pattern::Blink => tr!(
            language,
            "led-blink",
            colour = colour,
            brightness = brightness
        ),
        Pattern::Quick => tr!(
            language,
            "led-quick",
            colour = colour,
            brightness = brightness
        ),
    }
}

/// A colour's name in words ("amber", "Bernstein").
pub fn colour_words(colour: Colour, language: Language) -> String {
    match colour {
        Colour::Green => tr!(language, "colour-green"),
        Colour::Amber => tr!(language, "colour-amber"),
        Colour::Red => tr!(language, "colour-red"),
        Colour::Blue => tr!(language, "colour-blue"),
        Colour::White => tr!(language, "colour-white"),
        Colour::Off => tr!(language, "led-off"),
    }
}
