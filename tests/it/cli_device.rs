//! The device side of the command line: `[display]` keys for the backend and the screen hours,
//! and what a panel with no display says.

use crate::support::{stderr, Sandbox};

#[test]
fn screen_hours_and_backend_errors_name_the_line_and_what_to_write() {
    let s = Sandbox::new();
    let cases = [
        (
            "[display]\nclock = \"24h\"\non_hours = \"7-19\"\n",
            ":3:",
            "display.on_hours",
            "\"07:00-19:00\"",
        ),
        (
            "[display]\non_hours = \"07:00-25:00\"\n",
            ":2:",
            "display.on_hours",
            "two 24-hour times",
        ),
        (
            "[display]\noff_brightness = 150\n",
            ":2:",
            "display.off_brightness",
            "from 0 to 100",
        ),
        (
            "[display]\nbackend = \"x11\"\n",
            ":2:",
            "display.backend",
            "\"auto\", \"winit\", \"linuxkms\"",
        ),
    ];
    for (text, line, key, hint) in cases {
        let config = s.file("case.toml", text);
        let out = s.roomsign(&["status", "--config", config.to_str().unwrap()]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "exit 2 for {text:?}: {err}");
        assert!(
            err.contains(&format!("case.toml{line}")),
            "line for {text:?}: {err}"
        );
        assert!(err.contains(key), "key for {text:?}: {err}");
        assert!(err.contains(hint), "hint for {text:?}: {err}");
    }
}

#[test]
fn screen_hours_over_midnight_and_a_backend_are_accepted() {
    let s = Sandbox::new();
    let config = s.file(
        "ok.toml",
        "[display]\nbackend = \"linuxkms\"\non_hours = \"22:00-06:00\"\noff_brightness = 20\n",
    );
    let out = s.roomsign(&[
        "status",
        "--json",
        "--demo",
        "--now",
        "2026-11-23T09:00:00Z",
        "--config",
        config.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn no_display_device_is_one_clear_line_and_exit_1() {
    if std::path::Path::new("/dev/dri").exists() || std::path::Path::new("/dev/fb0").exists() {
        eprintln!("\n!!! SKIPPED: this machine has /dev/dri or /dev/fb0, so the panel may find a display !!!\n");
        return;
    }
    let s = Sandbox::new();
    let out = s
        .command(&["--demo", "--now", "2026-11-23T09:00:00Z"])
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env("SLINT_BACKEND", "linuxkms-software")
        .output()
        .expect("run roomsign");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(err.starts_with("roomsign: no display found"), "{err}");
    for needle in ["/dev/dri", "/dev/fb0", "connected", "SLINT_BACKEND=winit"] {
        assert!(err.contains(needle), "{needle}: {err}");
    }
    assert!(!err.to_lowercase().contains("egl"), "no EGL talk: {err}");
}
