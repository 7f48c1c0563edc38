//! The occupancy lights on the command line: `leds test` for installers, `led` in `status`,
//! the `[leds]` configuration and its errors.

use serde_json::Value;

use crate::support::{stderr, stdout, Sandbox};

fn status_json(sandbox: &Sandbox, extra: &[&str]) -> Value {
    let mut args = vec!["status", "--json"];
    args.extend_from_slice(extra);
    let out = sandbox.roomsign(&args);
    let v: Value =
        serde_json::from_str(&stdout(&out)).expect("status --json prints one JSON object");
    // Exit status 1 exactly when the room's state is unknown.
    let want = if v["state"] == "unknown" { 1 } else { 0 };
    assert_eq!(out.status.code(), Some(want), "{}", stderr(&out));
    v
}

const RPPAL: &str = "[leds]\ndriver = \"rppal\"\nred = 12\ngreen = 13\n";

fn has_gpio() -> bool {
    std::path::Path::new("/dev/gpiomem").exists() || std::path::Path::new("/dev/gpiomem0").exists()
}

#[test]
fn status_reports_the_led_that_matches_every_state() {
    let s = Sandbox::new();
    let checkin = s.file("checkin.toml", "[checkin]\nenabled = true\n");
    let checkin = checkin.to_str().unwrap();
    // (extra arguments, now, state, led, pattern)
    let cases: [(&[&str], &str, &str, &str, &str); 6] = [
        (
            &["--demo"],
            "2026-11-23T12:20:00Z",
            "free",
            "green",
            "steady",
        ),
        (
            &["--demo"],
            "2026-11-23T12:55:00Z",
            "starting_soon",
            "amber",
            "steady",
        ),
        (&["--demo"], "2026-11-23T13:30:00Z", "busy", "red", "steady"),
        (
            &["--config", checkin],
            "2026-11-23T08:58:00Z",
            "awaiting_check_in",
            "amber",
            "pulse",
        ),
        // A clock that was never set: unknown, and the lights are off.
        (
            &["--demo"],
            "1970-01-01T00:01:00Z",
            "unknown",
            "off",
            "steady",
        ),
        // At night (20:00-07:00) the lights are dimmed, not recoloured.
        (
            &["--demo"],
            "2026-11-23T21:00:00Z",
            "free",
            "green",
            "steady",
        ),
    ];
    for (extra, now, state, led, pattern) in cases {
        let mut args = extra.to_vec();
        args.extend(["--now", now]);
        let v = status_json(&s, &args);
        assert_eq!(v["state"], state, "state at {now}");
        assert_eq!(v["led"], led, "led at {now}");
        assert_eq!(v["led_pattern"], pattern, "pattern at {now}");
    }
}

#[test]
fn status_led_comes_from_the_configured_map() {
    let s = Sandbox::new();
    let config = s.file(
        "map.toml",
        "[leds.map]\nbusy = \"blue\"\nfree = \"white pulse\"\nunknown = \"blue blink\"\n\n[leds]\nnight_brightness = 0\n",
    );
    let config = config.to_str().unwrap();
    let cases = [
        ("2026-11-23T09:20:00Z", "busy", "blue", "steady"),
        ("2026-11-23T12:20:00Z", "free", "white", "pulse"),
        // The configured error colour blinks slowly while the room is unknown (at full
        // brightness: a clock that is not set cannot tell night from day).
        ("1970-01-01T00:01:00Z", "unknown", "blue", "blink"),
        // night_brightness = 0: dark at night, and `status` says so.
        ("2026-11-23T22:00:00Z", "free", "off", "steady"),
    ];
    for (now, state, led, pattern) in cases {
        let v = status_json(&s, &["--config", config, "--now", now]);
        assert_eq!(v["state"], state, "state at {now}");
        assert_eq!(v["led"], led, "led at {now}");
        assert_eq!(v["led_pattern"], pattern, "pattern at {now}");
    }
}

#[test]
fn status_mentions_the_lights_and_a_broken_light_is_a_warning_not_a_failure() {
    let s = Sandbox::new();
    let out = s.roomsign(&["status", "--demo", "--now", "2026-11-23T09:20:00Z"]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(
        text.contains("Lights: red at 100 % · driver none: no lights configured"),
        "{text}"
    );

    if has_gpio() {
        return;
    }
    let config = s.file("rppal.toml", RPPAL);
    let out = s.roomsign(&[
        "status",
        "--config",
        config.to_str().unwrap(),
        "--now",
        "2026-11-23T21:00:00Z",
    ]);
    assert!(
        out.status.success(),
        "status works without GPIO: {}",
        stderr(&out)
    );
    let text = stdout(&out);
    assert!(
        text.contains(
            "Lights: green at 30 % · driver rppal: not working — no GPIO on this machine"
        ),
        "{text}"
    );
}

#[test]
fn leds_test_without_gpio_explains_and_exits_non_zero() {
    if has_gpio() {
        eprintln!("this machine has GPIO: skipped");
        return;
    }
    let s = Sandbox::new();
    let config = s.file("rppal.toml", RPPAL);
    let out = s.roomsign(&["leds", "test", "--config", config.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "one clear line: {err}");
    assert!(
        err.starts_with("roomsign: lights: no GPIO on this machine"),
        "{err}"
    );
    assert!(err.contains("driver = \"none\""), "says what to do: {err}");
    assert!(err.contains("rppal.toml"), "names the configuration: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(stdout(&out).is_empty(), "nothing claims to be lit");
}

#[test]
fn leds_test_with_no_lights_lists_the_steps_and_exits_0() {
    let s = Sandbox::new();
    let config = s.file("none.toml", "[leds]\ndriver = \"none\"\n");
    for args in [
        vec!["leds", "test", "--config", config.to_str().unwrap()],
        // No configuration at all: no lights either.
        vec!["leds", "test"],
    ] {
        let out = s.roomsign(&args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        let text = stdout(&out);
        assert!(text.contains("No lights are configured"), "{text}");
        assert!(text.contains("the red LED alone, full"), "{text}");
        assert!(text.contains("amber at 50 %"), "{text}");
        assert!(
            text.contains("Check in?: amber, pulsing at 100 %"),
            "{text}"
        );
        assert!(text.trim_end().ends_with("all off"), "{text}");
    }
}

#[test]
fn leds_test_notices_pins_without_a_driver() {
    let s = Sandbox::new();
    let config = s.file("pins.toml", "[leds]\nred = 12\ngreen = 13\n");
    let out = s.roomsign(&["leds", "test", "--config", config.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout(&out).contains("add `driver = \"rppal\"`"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn leds_test_step_must_be_a_sensible_number() {
    let s = Sandbox::new();
    let out = s.roomsign(&["leds", "test", "--step", "soon"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("seconds from 0 to 60"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn leds_configuration_errors_name_the_line_and_key() {
    let s = Sandbox::new();
    // (file, line, key, hint)
    let cases = [
        (
            "[leds]\ndriver = \"rppal\"\ngreen = 13\n",
            ":2:",
            "leds.red",
            "BCM number of the red LED",
        ),
        (
            "[leds]\ndriver = \"rppal\"\nred = 12\ngreen = 12\n",
            ":4:",
            "leds.green",
            "already the red LED's pin",
        ),
        ("[leds]\nred = 40\n", ":2:", "leds.red", "from 0 to 27"),
        (
            "[leds]\ndriver = \"gpio\"\n",
            ":2:",
            "leds.driver",
            "\"none\" or \"rppal\"",
        ),
        (
            "[leds]\nnight_start = \"8pm\"\n",
            ":2:",
            "leds.night_start",
            "such as \"20:00\"",
        ),
        (
            "[leds]\nnight_brightness = 120\n",
            ":2:",
            "leds.night_brightness",
            "from 0 to 100",
        ),
        (
            "[leds]\nbrightnes = 50\n",
            ":2:",
            "leds.brightnes",
            "brightness",
        ),
        (
            "[leds.map]\nfree = \"purple\"\n",
            ":2:",
            "leds.map.free",
            "green, amber, red, blue, white, off",
        ),
        (
            "[leds.map]\nawaiting_check_in = \"amber flicker\"\n",
            ":2:",
            "leds.map.awaiting_check_in",
            "steady, pulse, blink, quick",
        ),
        (
            "[leds.map]\noffline = \"flash\"\n",
            ":2:",
            "leds.map.offline",
            "\"none\", \"dim\", \"blink\"",
        ),
        (
            "[leds.colours]\namber = [100, 30]\n",
            ":2:",
            "leds.colours.amber",
            "3",
        ),
        (
            "[leds.colours]\ngreen = [0, 101, 0]\n",
            ":2:",
            "leds.colours.green",
            "from 0 to 100",
        ),
    ];
    for (text, line, key, hint) in cases {
        let config = s.file("leds.toml", text);
        let out = s.roomsign(&["status", "--config", config.to_str().unwrap()]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "exit 2 for {text:?}: {err}");
        assert!(
            err.contains(&format!("leds.toml{line}")),
            "line for {text:?}: {err}"
        );
        assert!(err.contains(key), "key for {text:?}: {err}");
        assert!(err.contains(hint), "hint for {text:?}: {err}");
    }
}

#[test]
fn the_example_configuration_is_valid_and_means_no_lights() {
    let s = Sandbox::new();
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/config.example.toml");
    let v = status_json(&s, &["--config", example, "--now", "2026-11-23T09:20:00Z"]);
    assert_eq!(v["led"], "red");
    let out = s.roomsign(&[
        "status",
        "--config",
        example,
        "--now",
        "2026-11-23T09:20:00Z",
    ]);
    assert!(stdout(&out).contains("driver none"), "{}", stdout(&out));
}
