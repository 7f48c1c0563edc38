//! The occupancy lights in the core: which light each state shows (the table), the
//! overlays, night dimming, the channel levels of every pattern, when the light can next change,
//! and the installer's test sequence.

use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use chrono_tz::{Europe, Tz};
use proptest::prelude::*;
use roomsign_core::lights::{
    describe, levels, light, next_frame, next_light_change, pattern_level, test_steps, Colour,
    Dimming, Levels, Light, LightMap, LightSettings, OfflineHint, Overlays, Palette, Pattern, Rule,
    TestShow, PULSE_FLOOR,
};
use roomsign_core::state::next_state_change;
use roomsign_core::{
    room_state, Booking, CheckInPolicy, CheckIns, Policy, RoomState, Schedule, ShowAs,
    UnknownReason, Window,
};

use crate::{read_at, t};

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

fn meeting(id: &str, start: DateTime<Utc>, end: DateTime<Utc>) -> Booking {
    Booking {
        id: id.to_owned(),
        subject: format!("Meeting {id}"),
        organizer: None,
        start,
        end,
        all_day: false,
        private: false,
        show_as: ShowAs::Busy,
        cancelled: false,
        made_here: false,
    }
}

fn ms(n: u64) -> StdDuration {
    StdDuration::from_millis(n)
}

const DAY: NaiveTime = match NaiveTime::from_hms_opt(12, 0, 0) {
    Some(t) => t,
    None => NaiveTime::MIN,
};

fn lit(colour: Colour, pattern: Pattern, brightness: u8) -> Light {
    Light {
        colour,
        pattern,
        brightness,
    }
}

#[test]
fn state_to_light_table() {
    let b = meeting("a", t("14:00"), t("15:00"));
    let free = RoomState::Free { until: None };
    let soon = RoomState::StartingSoon { meeting: b.clone() };
    let busy = RoomState::Busy {
        meeting: b.clone(),
        until: t("15:00"),
    };
    let check_in = RoomState::AwaitingCheckIn {
        meeting: b.clone(),
        release_at: t("14:10"),
    };
    let unknown = RoomState::Unknown {
        reason: UnknownReason::NeverSynced,
    };
    let clock_unset = RoomState::Unknown {
        reason: UnknownReason::ClockNotSynchronised,
    };
    let defaults = LightSettings::default();
    let with_map = |map: LightMap| LightSettings { map, ..defaults };
    let offline_hint = |hint: OfflineHint| {
        with_map(LightMap {
            offline: hint,
            ..LightMap::default()
        })
    };
    let error_blue = with_map(LightMap {
        unknown: Rule::new(Colour::Blue, Pattern::Blink),
        ..LightMap::default()
    });
    let dark_nights = LightSettings {
        dimming: Dimming {
            night: 0,
            ..Dimming::default()
        },
        ..defaults
    };
    let no_amber = LightSettings {
        palette: Palette {
            amber: [0, 0, 0],
            ..Palette::default()
        },
        ..defaults
    };
    let none = Overlays::default();
    let offline = Overlays {
        offline: true,
        acting: false,
    };
    let acting = Overlays {
        acting: true,
        offline: false,
    };
    use Colour::*;
    use Pattern::*;
    // (what, state, overlays, local time, settings, light)
    let rows: Vec<(&str, &RoomState, Overlays, NaiveTime, LightSettings, Light)> = vec![
        // The defaults.
        ("free", &free, none, DAY, defaults, lit(Green, Steady, 100)),
        (
            "starting soon",
            &soon,
            none,
            DAY,
            defaults,
            lit(Amber, Steady, 100),
        ),
        ("busy", &busy, none, DAY, defaults, lit(Red, Steady, 100)),
        (
            "awaiting check-in pulses",
            &check_in,
            none,
            DAY,
            defaults,
            lit(Amber, Pulse, 100),
        ),
        ("unknown is off", &unknown, none, DAY, defaults, Light::OFF),
        (
            "clock not set is off",
            &clock_unset,
            none,
            DAY,
            defaults,
            Light::OFF,
        ),
        // Booking in flight: a short pulse of the state's colour.
        (
            "free, booking",
            &free,
            acting,
            DAY,
            defaults,
            lit(Green, Quick, 100),
        ),
        (
            "busy, extending",
            &busy,
            acting,
            DAY,
            defaults,
            lit(Red, Quick, 100),
        ),
        (
            "check-in, checking in",
            &check_in,
            acting,
            DAY,
            defaults,
            lit(Amber, Quick, 100),
        ),
        (
            "unknown, acting",
            &unknown,
            acting,
            DAY,
            defaults,
            Light::OFF,
        ),
        // Offline keeps the state's colour (the schedule is still known), with the hint.
        (
            "offline, no hint",
            &busy,
            offline,
            DAY,
            defaults,
            lit(Red, Steady, 100),
        ),
        (
            "offline, dim",
            &busy,
            offline,
            DAY,
            offline_hint(OfflineHint::Dim),
            lit(Red, Steady, 50),
        ),
        (
            "offline, blink",
            &free,
            offline,
            DAY,
            offline_hint(OfflineHint::Blink),
            lit(Green, Blink, 100),
        ),
        (
            "offline, blink keeps a pulse",
            &check_in,
            offline,
            DAY,
            offline_hint(OfflineHint::Blink),
            lit(Amber, Pulse, 100),
        ),
        (
            "offline, dim at night",
            &soon,
            offline,
            hm(23, 0),
            offline_hint(OfflineHint::Dim),
            lit(Amber, Steady, 15),
        ),
        (
            "unknown offline stays off",
            &unknown,
            offline,
            DAY,
            offline_hint(OfflineHint::Blink),
            Light::OFF,
        ),
        // A configured error colour: a slow blink.
        (
            "unknown, error colour",
            &unknown,
            none,
            DAY,
            error_blue,
            lit(Blue, Blink, 100),
        ),
        (
            "clock not set, error colour",
            &clock_unset,
            none,
            DAY,
            error_blue,
            lit(Blue, Blink, 100),
        ),
        (
            "error colour at night",
            &unknown,
            none,
            hm(3, 0),
            error_blue,
            lit(Blue, Blink, 30),
        ),
        // A clock that is not set cannot tell night from day: full brightness.
        (
            "clock not set at \"night\"",
            &clock_unset,
            none,
            hm(0, 1),
            error_blue,
            lit(Blue, Blink, 100),
        ),
        // Night dimming: 20:00 to 07:00 at 30 %.
        (
            "free at 19:59",
            &free,
            none,
            hm(19, 59),
            defaults,
            lit(Green, Steady, 100),
        ),
        (
            "free at 20:00",
            &free,
            none,
            hm(20, 0),
            defaults,
            lit(Green, Steady, 30),
        ),
        (
            "busy at midnight",
            &busy,
            none,
            hm(0, 0),
            defaults,
            lit(Red, Steady, 30),
        ),
        (
            "busy at 06:59",
            &busy,
            none,
            hm(6, 59),
            defaults,
            lit(Red, Steady, 30),
        ),
        (
            "busy at 07:00",
            &busy,
            none,
            hm(7, 0),
            defaults,
            lit(Red, Steady, 100),
        ),
        // A light nobody can see is reported off.
        (
            "night brightness 0",
            &busy,
            none,
            hm(22, 0),
            dark_nights,
            Light::OFF,
        ),
        (
            "day with night brightness 0",
            &busy,
            none,
            DAY,
            dark_nights,
            lit(Red, Steady, 100),
        ),
        (
            "a colour with every channel at 0",
            &soon,
            none,
            DAY,
            no_amber,
            Light::OFF,
        ),
    ];
    for (what, state, overlays, local, settings, want) in rows {
        assert_eq!(light(state, overlays, local, &settings), want, "{what}");
    }
}

#[test]
fn the_map_is_configurable_per_state() {
    let b = meeting("a", t("14:00"), t("15:00"));
    let map = LightMap {
        free: Rule::steady(Colour::Blue),
        starting_soon: Rule::new(Colour::Green, Pattern::Blink),
        busy: Rule::new(Colour::Red, Pattern::Pulse),
        awaiting_check_in: Rule::steady(Colour::White),
        unknown: Rule::new(Colour::Amber, Pattern::Blink),
        booking: Pattern::Blink,
        offline: OfflineHint::None,
    };
    let cases = [
        (
            RoomState::Free { until: None },
            Colour::Blue,
            Pattern::Steady,
        ),
        (
            RoomState::StartingSoon { meeting: b.clone() },
            Colour::Green,
            Pattern::Blink,
        ),
        (
            RoomState::Busy {
                meeting: b.clone(),
                until: t("15:00"),
            },
            Colour::Red,
            Pattern::Pulse,
        ),
        (
            RoomState::AwaitingCheckIn {
                meeting: b.clone(),
                release_at: t("14:10"),
            },
            Colour::White,
            Pattern::Steady,
        ),
        (
            RoomState::Unknown {
                reason: UnknownReason::NeverSynced,
            },
            Colour::Amber,
            Pattern::Blink,
        ),
    ];
    for (state, colour, pattern) in cases {
        assert_eq!(map.rule(&state), Rule::new(colour, pattern), "{state:?}");
    }
}

#[test]
fn channel_levels_per_colour_and_brightness() {
    let palette = Palette::default();
    let lv = |r, g, b| Levels {
        red: r,
        green: g,
        blue: b,
    };
    let rows = [
        (lit(Colour::Green, Pattern::Steady, 100), lv(0, 1000, 0)),
        // Amber is red and green mixed by PWM.
        (lit(Colour::Amber, Pattern::Steady, 100), lv(1000, 300, 0)),
        (lit(Colour::Red, Pattern::Steady, 100), lv(1000, 0, 0)),
        (lit(Colour::Blue, Pattern::Steady, 100), lv(0, 0, 1000)),
        (
            lit(Colour::White, Pattern::Steady, 100),
            lv(1000, 1000, 1000),
        ),
        (lit(Colour::Green, Pattern::Steady, 30), lv(0, 300, 0)),
        (lit(Colour::Amber, Pattern::Steady, 30), lv(300, 90, 0)),
        (lit(Colour::Red, Pattern::Steady, 1), lv(10, 0, 0)),
        (Light::OFF, Levels::OFF),
    ];
    for (light, want) in rows {
        assert_eq!(levels(&light, &palette, ms(0)), want, "{light:?}");
        assert_eq!(
            levels(&light, &palette, ms(12_345)),
            want,
            "{light:?} later"
        );
    }
    // Per-channel brightness balances LEDs of different strength.
    let balanced = Palette {
        green: [0, 60, 0],
        amber: [100, 20, 0],
        ..Palette::default()
    };
    assert_eq!(
        levels(&lit(Colour::Green, Pattern::Steady, 100), &balanced, ms(0)),
        lv(0, 600, 0)
    );
    assert_eq!(
        levels(&lit(Colour::Amber, Pattern::Steady, 50), &balanced, ms(0)),
        lv(500, 100, 0)
    );
}

#[test]
fn patterns_over_time() {
    // (pattern, phase in ms, level in thousandths)
    let rows = [
        (Pattern::Steady, 0, 1000),
        (Pattern::Steady, 999_999, 1000),
        // A slow blink: 1 s on, 1 s off, starting on.
        (Pattern::Blink, 0, 1000),
        (Pattern::Blink, 999, 1000),
        (Pattern::Blink, 1000, 0),
        (Pattern::Blink, 1999, 0),
        (Pattern::Blink, 2000, 1000),
        // A pulse starts at full, is dimmest half way through its 2.4 s, never dark.
        (Pattern::Pulse, 0, 1000),
        (Pattern::Pulse, 1200, PULSE_FLOOR),
        (Pattern::Pulse, 600, 575),
        (Pattern::Pulse, 2400, 1000),
        // The quick pulse of a tap in flight: 0.6 s.
        (Pattern::Quick, 0, 1000),
        (Pattern::Quick, 300, PULSE_FLOOR),
        (Pattern::Quick, 600, 1000),
    ];
    for (pattern, phase, want) in rows {
        assert_eq!(
            pattern_level(pattern, ms(phase)),
            want,
            "{pattern:?} at {phase} ms"
        );
    }
    // The levels of a pulsing amber keep amber's mix all the way down.
    let amber = lit(Colour::Amber, Pattern::Pulse, 100);
    for phase in (0..2400).step_by(40) {
        let l = levels(&amber, &Palette::default(), ms(phase));
        assert!(l.red >= 150 && l.blue == 0, "{phase}: {l:?}");
        let ratio = f64::from(l.green) / f64::from(l.red);
        assert!((ratio - 0.3).abs() < 0.02, "{phase}: {l:?}");
    }
}

#[test]
fn only_moving_lights_ask_for_wake_ups() {
    let rows: [(Light, u64, Option<u64>); 9] = [
        (lit(Colour::Green, Pattern::Steady, 100), 0, None),
        (lit(Colour::Red, Pattern::Steady, 30), 5000, None),
        (Light::OFF, 0, None),
        // Off is off whatever pattern it was given.
        (lit(Colour::Off, Pattern::Blink, 100), 0, None),
        // A blink wakes only at its edges.
        (lit(Colour::Blue, Pattern::Blink, 100), 0, Some(1000)),
        (lit(Colour::Blue, Pattern::Blink, 100), 250, Some(750)),
        (lit(Colour::Blue, Pattern::Blink, 100), 1999, Some(1)),
        // Pulses redraw every 40 ms, on the frame grid.
        (lit(Colour::Amber, Pattern::Pulse, 100), 10, Some(30)),
        (lit(Colour::Green, Pattern::Quick, 100), 40, Some(40)),
    ];
    for (light, phase, want) in rows {
        assert_eq!(
            next_frame(&light, ms(phase)),
            want.map(ms),
            "{light:?} at {phase} ms"
        );
    }
}

#[test]
fn night_window_including_over_midnight() {
    let over_midnight = Dimming::default();
    let same_day = Dimming {
        night_start: hm(1, 0),
        night_end: hm(5, 30),
        ..Dimming::default()
    };
    let none = Dimming {
        night_start: hm(22, 0),
        night_end: hm(22, 0),
        ..Dimming::default()
    };
    let rows = [
        (&over_midnight, hm(19, 59), false),
        (&over_midnight, hm(20, 0), true),
        (&over_midnight, hm(23, 59), true),
        (&over_midnight, hm(0, 0), true),
        (&over_midnight, hm(6, 59), true),
        (&over_midnight, hm(7, 0), false),
        (&same_day, hm(0, 59), false),
        (&same_day, hm(1, 0), true),
        (&same_day, hm(5, 29), true),
        (&same_day, hm(5, 30), false),
        (&none, hm(22, 0), false),
        (&none, hm(3, 0), false),
    ];
    for (dimming, local, night) in rows {
        assert_eq!(dimming.is_night(local), night, "{dimming:?} at {local}");
        let want = if night { dimming.night } else { dimming.day };
        assert_eq!(dimming.brightness_at(local), want);
    }
}

#[test]
fn the_next_brightness_change_is_local_time() {
    let d = Dimming::default();
    let berlin = Europe::Berlin;
    let local = |y, mo, day, h, mi| {
        berlin
            .with_ymd_and_hms(y, mo, day, h, mi, 0)
            .unwrap()
            .with_timezone(&Utc)
    };
    // Winter: Berlin is UTC+1.
    assert_eq!(
        d.next_change(local(2026, 11, 23, 12, 0), berlin),
        Some(local(2026, 11, 23, 20, 0))
    );
    assert_eq!(
        d.next_change(local(2026, 11, 23, 20, 0), berlin),
        Some(local(2026, 11, 24, 7, 0))
    );
    assert_eq!(
        d.next_change(local(2026, 11, 24, 1, 0), berlin),
        Some(local(2026, 11, 24, 7, 0))
    );
    // Across the spring change (29 March 2026, 02:00 → 03:00), 07:00 is still 07:00 local.
    assert_eq!(
        d.next_change(local(2026, 3, 28, 21, 0), berlin),
        Some("2026-03-29T05:00:00Z".parse().unwrap())
    );
    // A boundary inside the gap happens when the clock jumps past it.
    let gap = Dimming {
        night_end: hm(2, 30),
        ..Dimming::default()
    };
    assert_eq!(
        gap.next_change(local(2026, 3, 28, 21, 0), berlin),
        Some("2026-03-29T01:30:00Z".parse().unwrap())
    );
    // No window, or the same brightness day and night: nothing ever changes.
    let flat = Dimming {
        night: 100,
        ..Dimming::default()
    };
    assert_eq!(flat.next_change(local(2026, 11, 23, 12, 0), berlin), None);
}

fn checkin() -> Policy {
    Policy {
        checkin: CheckInPolicy {
            enabled: true,
            ..CheckInPolicy::default()
        },
        ..Policy::default()
    }
}

#[test]
fn the_next_state_change_table() {
    let day = Schedule::Known(
        vec![
            meeting("a", t("13:00"), t("14:00")),
            meeting("b", t("14:00"), t("14:45")),
            Booking {
                cancelled: true,
                ..meeting("c", t("12:00"), t("12:30"))
            },
        ],
        // Read up to 23:00: from then on nothing is known.
        Window::new(t("00:00"), t("23:00")),
    );
    let unknown = Schedule::Unknown(UnknownReason::NeverSynced);
    let plain = Policy::default();
    let rows = [
        // Free until 12:50, when "starting soon" begins (10 min threshold).
        ("12:00", &day, &plain, Some("12:50")),
        ("12:50", &day, &plain, Some("13:00")),
        ("13:00", &day, &plain, Some("13:50")),
        ("13:55", &day, &plain, Some("14:00")),
        ("14:00", &day, &plain, Some("14:45")),
        // The last meeting is over; the state turns unknown where the read window ends.
        ("14:45", &day, &plain, Some("23:00")),
        ("23:00", &day, &plain, None),
        // With check-in: it opens 5 min before, the meeting is released 10 min after the start.
        ("12:00", &day, &checkin(), Some("12:50")),
        ("12:50", &day, &checkin(), Some("12:55")),
        ("12:55", &day, &checkin(), Some("13:00")),
        ("13:00", &day, &checkin(), Some("13:10")),
        ("13:10", &day, &checkin(), Some("13:50")),
        ("unknown", &unknown, &plain, None),
    ];
    for (now, schedule, policy, want) in rows {
        let at = if now == "unknown" { t("12:00") } else { t(now) };
        assert_eq!(
            next_state_change(at, schedule, policy),
            want.map(t),
            "at {now}"
        );
    }
    // The light's next change adds the night window (20:00 UTC here).
    let settings = LightSettings::default();
    assert_eq!(
        next_light_change(t("15:00"), &day, &plain, &settings.dimming, Tz::UTC),
        Some(t("20:00"))
    );
    assert_eq!(
        next_light_change(t("12:00"), &day, &plain, &settings.dimming, Tz::UTC),
        Some(t("12:50"))
    );
}

/// A random day: meetings on whole minutes within six hours, check-ins, thresholds.
fn scene() -> impl Strategy<Value = (Vec<Booking>, Policy, CheckIns)> {
    let booking = (0i64..360, 1i64..150, any::<bool>(), 0u8..10);
    (
        prop::collection::vec(booking, 0..8),
        any::<bool>(),
        1i64..30,
        0i64..15,
        1i64..20,
        prop::collection::vec(any::<bool>(), 8),
    )
        .prop_map(|(raw, checkin_on, soon, before, release, checked)| {
            let base = t("08:00");
            let bookings: Vec<Booking> = raw
                .into_iter()
                .enumerate()
                .map(|(i, (start, len, made_here, kind))| Booking {
                    made_here,
                    show_as: if kind == 0 {
                        ShowAs::Free
                    } else {
                        ShowAs::Busy
                    },
                    cancelled: kind == 1,
                    ..meeting(
                        &format!("m{i}"),
                        base + Duration::minutes(start),
                        base + Duration::minutes(start + len),
                    )
                })
                .collect();
            let checked_in = bookings
                .iter()
                .zip(checked)
                .filter(|(_, c)| *c)
                .map(|(b, _)| b.id.clone())
                .collect();
            let policy = Policy {
                soon: Duration::minutes(soon),
                checkin: CheckInPolicy {
                    enabled: checkin_on,
                    before: Duration::minutes(before),
                    release_after: Duration::minutes(release),
                    ..CheckInPolicy::default()
                },
                ..Policy::default()
            };
            (bookings, policy, checked_in)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// The controller sleeps until `next_state_change`: the state must never change before it,
    /// and every change must be announced.
    #[test]
    fn no_state_change_is_missed((bookings, policy, checked_in) in scene()) {
        let schedule = Schedule::Known(bookings, read_at(t("07:00")));
        let name = |at| room_state(at, &schedule, &policy, &checked_in).name();
        let start = t("07:00");
        for minute in 0..(9 * 60) {
            let now = start + Duration::minutes(minute);
            let next = next_state_change(now, &schedule, &policy);
            if let Some(next) = next {
                prop_assert!(next > now);
                // Unchanged right up to the announced instant.
                let before = next - Duration::seconds(1);
                if before > now {
                    prop_assert_eq!(name(before), name(now), "changed before {} (asked at {})", next, now);
                }
            }
            let later = now + Duration::minutes(1);
            if name(later) != name(now) {
                prop_assert!(next.is_some_and(|n| n <= later), "change by {} not announced at {}: {:?}", later, now, next);
            }
        }
    }
}

#[test]
fn the_installers_test_covers_every_led_colour_and_brightness() {
    let settings = LightSettings::default();
    let steps = test_steps(&settings, false, roomsign_core::Language::English);
    let words: Vec<&str> = steps.iter().map(|s| s.what.as_str()).collect();
    assert_eq!(words[0], "the red LED alone, full");
    assert_eq!(words[1], "the green LED alone, full");
    assert!(
        !words.iter().any(|w| w.contains("blue")),
        "no blue LED wired: {words:?}"
    );
    for colour in ["green", "amber", "red", "white"] {
        for brightness in [100, 50, 30, 10] {
            let want = format!("{colour} at {brightness} %");
            assert!(words.contains(&want.as_str()), "{want} in {words:?}");
        }
    }
    for state in [
        "Free: green at 100 %",
        "Free — starting soon: amber at 100 %",
        "Busy: red at 100 %",
        "Check in?: amber, pulsing at 100 %",
        "Unknown: off",
        "Booking in progress: red, pulsing quickly at 100 %",
    ] {
        assert!(words.contains(&state), "{state} in {words:?}");
    }
    assert_eq!(words.last(), Some(&"all off"));
    assert_eq!(
        steps.last().map(|s| s.show),
        Some(TestShow::Light(Light::OFF))
    );

    // With a blue LED: blue alone and blue at every brightness.
    let with_blue = test_steps(&settings, true, roomsign_core::Language::English);
    let words: Vec<&str> = with_blue.iter().map(|s| s.what.as_str()).collect();
    assert_eq!(words[2], "the blue LED alone, full");
    assert!(words.contains(&"blue at 10 %"));
    assert_eq!(
        with_blue[2].show,
        TestShow::Levels(Levels {
            red: 0,
            green: 0,
            blue: 1000
        })
    );
}

#[test]
fn lights_in_words() {
    assert_eq!(
        describe(
            &lit(Colour::Amber, Pattern::Pulse, 100),
            roomsign_core::Language::English
        ),
        "amber, pulsing at 100 %"
    );
    assert_eq!(
        describe(
            &lit(Colour::Red, Pattern::Steady, 30),
            roomsign_core::Language::English
        ),
        "red at 30 %"
    );
    assert_eq!(
        describe(
            &lit(Colour::Blue, Pattern::Blink, 100),
            roomsign_core::Language::English
        ),
        "blue, blinking at 100 %"
    );
    assert_eq!(
        describe(&Light::OFF, roomsign_core::Language::English),
        "off"
    );
    for c in Colour::ALL {
        assert_eq!(Colour::from_name(c.name()), Some(c));
    }
    for p in Pattern::ALL {
        assert_eq!(Pattern::from_name(p.name()), Some(p));
    }
}
