//! When the screen is lit: `[display] on_hours` as a pure schedule. Outside the hours the
//! backlight goes to `off_brightness` (0: off); a tap wakes it for [`WAKE_FOR`]. The backlight
//! itself (sysfs) lives in `src/backlight.rs`.

use std::time::Duration as StdDuration;

use chrono::{DateTime, NaiveTime, Utc};
use chrono_tz::Tz;

use super::lights::Dimming;

/// How long a tap keeps the screen lit outside its hours.
pub const WAKE_FOR: StdDuration = StdDuration::from_secs(60);

/// The screen's hours: lit at full brightness from `on` to `off` local time (the window may run
/// over midnight), at `off_brightness` percent otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScreenHours {
    pub on: NaiveTime,
    pub off: NaiveTime,
    /// Percent of the panel's full brightness outside the hours; 0 switches the backlight off.
    pub off_brightness: u8,
}

impl ScreenHours {
    /// The same window arithmetic as the lights' night: the "night" is the time off.
    fn as_dimming(&self) -> Dimming {
        Dimming {
            day: 100,
            night: self.off_brightness,
            night_start: self.off,
            night_end: self.on,
        }
    }

    /// Whether the screen is in its hours at wall-clock time `local`.
    pub fn is_on(&self, local: NaiveTime) -> bool {
        !self.as_dimming().is_night(local)
    }

    /// Brightness in percent at `now` in `tz`: 100 within the hours, `off_brightness` outside.
    pub fn brightness(&self, now: DateTime<Utc>, tz: Tz) -> u8 {
        self.as_dimming()
            .brightness_at(now.with_timezone(&tz).time())
    }

    /// The next instant after `now` at which the brightness changes; `None` when it never does
    /// (equal times, or `off_brightness` 100).
    pub fn next_change(&self, now: DateTime<Utc>, tz: Tz) -> Option<DateTime<Utc>> {
        self.as_dimming().next_change(now, tz)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).expect("time")
    }

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().expect("instant")
    }

    const DAY: ScreenHours = ScreenHours {
        on: NaiveTime::from_hms_opt(7, 0, 0).unwrap(),
        off: NaiveTime::from_hms_opt(19, 0, 0).unwrap(),
        off_brightness: 0,
    };

    #[test]
    fn lit_from_on_until_off() {
        assert!(!DAY.is_on(hm(6, 59)));
        assert!(DAY.is_on(hm(7, 0)));
        assert!(DAY.is_on(hm(18, 59)));
        assert!(!DAY.is_on(hm(19, 0)));
        assert!(!DAY.is_on(hm(0, 0)));
    }

    #[test]
    fn hours_over_midnight() {
        let night_shift = ScreenHours {
            on: hm(22, 0),
            off: hm(6, 0),
            off_brightness: 20,
        };
        assert!(night_shift.is_on(hm(23, 0)));
        assert!(night_shift.is_on(hm(5, 59)));
        assert!(!night_shift.is_on(hm(12, 0)));
        assert_eq!(
            night_shift.brightness(at("2026-11-23T12:00:00Z"), Tz::UTC),
            20
        );
    }

    #[test]
    fn brightness_and_next_change_in_the_display_zone() {
        let berlin: Tz = "Europe/Berlin".parse().expect("zone");
        // 17:30 UTC is 18:30 in Berlin in November: on, off at 19:00 Berlin = 18:00 UTC.
        let now = at("2026-11-23T17:30:00Z");
        assert_eq!(DAY.brightness(now, berlin), 100);
        assert_eq!(
            DAY.next_change(now, berlin),
            Some(at("2026-11-23T18:00:00Z"))
        );
        // After 19:00 Berlin: off until 07:00 Berlin next morning.
        let later = at("2026-11-23T18:00:00Z");
        assert_eq!(DAY.brightness(later, berlin), 0);
        assert_eq!(
            DAY.next_change(later, berlin),
            Some(at("2026-11-24T06:00:00Z"))
        );
    }

    #[test]
    fn equal_times_never_change() {
        let always = ScreenHours {
            on: hm(7, 0),
            off: hm(7, 0),
            off_brightness: 0,
        };
        assert!(always.is_on(hm(3, 0)));
        assert_eq!(
            always.next_change(at("2026-11-23T17:30:00Z"), Tz::UTC),
            None
        );
    }
}
