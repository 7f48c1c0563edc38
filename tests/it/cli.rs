//! The command line as users and scripts see it: `status`, exit codes, configuration errors.

use serde_json::Value;

use crate::support::{stderr, stdout, Sandbox};

fn status_json(sandbox: &Sandbox, extra: &[&str]) -> Value {
    let (code, v) = status_json_code(sandbox, extra);
    assert_eq!(code, Some(0), "status failed: {v}");
    v
}

/// `status --json`: its exit status and the JSON.
fn status_json_code(sandbox: &Sandbox, extra: &[&str]) -> (Option<i32>, Value) {
    let mut args = vec!["status", "--json"];
    args.extend_from_slice(extra);
    let out = sandbox.roomsign(&args);
    let v = serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| {
        panic!(
            "status --json prints one JSON object: {e}: {}",
            stderr(&out)
        )
    });
    (out.status.code(), v)
}

#[test]
fn status_json_has_every_field_for_the_demo_at_a_fixed_time() {
    let s = Sandbox::new();
    let v = status_json(&s, &["--demo", "--now", "2026-11-23T09:00:00Z"]);
    assert_eq!(v["room"]["name"], "Demo room");
    assert_eq!(v["room"]["mailbox"], Value::Null);
    assert_eq!(v["now"], "2026-11-23T09:00:00Z");
    assert_eq!(v["state"], "busy");
    // Weekly planning 09:00-10:00 runs back to back into the 10:00-10:30 meeting.
    assert_eq!(v["until"], "2026-11-23T10:30:00Z");
    assert_eq!(v["current"]["subject"], "Weekly planning");
    assert_eq!(v["current"]["organizer"], "Alex Morgan");
    assert_eq!(v["current"]["start"], "2026-11-23T09:00:00Z");
    assert_eq!(v["current"]["end"], "2026-11-23T10:00:00Z");
    assert_eq!(v["current"]["private"], false);
    assert_eq!(v["source"], "demo");
    assert_eq!(v["last_sync"], "2026-11-23T09:00:00Z");
    assert_eq!(v["offline_since"], Value::Null);
    assert_eq!(v["led"], "red");

    let upcoming = v["upcoming"].as_array().expect("upcoming is a list");
    let starts: Vec<&str> = upcoming
        .iter()
        .map(|m| m["start"].as_str().expect("start"))
        .collect();
    let mut sorted = starts.clone();
    sorted.sort();
    assert_eq!(starts, sorted, "upcoming is in order");
    assert_eq!(upcoming.len(), 6, "the rest of today's occupying meetings");
    // The cancelled lunch & learn never shows.
    assert!(upcoming.iter().all(|m| m["subject"] != "Lunch & learn"));
    // Exchange's organizer-as-subject is shown once.
    assert_eq!(upcoming[0]["subject"], "Priya Shah");
    assert_eq!(upcoming[0]["organizer"], Value::Null);
    // Private meetings are masked.
    assert_eq!(upcoming[1]["subject"], "Private meeting");
    assert_eq!(upcoming[1]["organizer"], Value::Null);
    assert_eq!(upcoming[1]["private"], true);
}

#[test]
fn status_follows_the_demo_day_through_every_state() {
    let s = Sandbox::new();
    let cases = [
        (
            "2026-11-23T12:20:00Z",
            "free",
            Some("2026-11-23T13:00:00Z"),
            "green",
        ),
        (
            "2026-11-23T12:55:00Z",
            "starting_soon",
            Some("2026-11-23T13:00:00Z"),
            "amber",
        ),
        (
            "2026-11-23T13:30:00Z",
            "busy",
            Some("2026-11-23T14:45:00Z"),
            "red",
        ),
        (
            "2026-11-23T11:15:00Z",
            "busy",
            Some("2026-11-23T12:00:00Z"),
            "red",
        ),
        // After the last meeting the room is free until tomorrow's first one.
        (
            "2026-11-23T20:00:00Z",
            "free",
            Some("2026-11-24T08:30:00Z"),
            "green",
        ),
        // A clock that was never set (a panel without RTC booting in 1970) knows nothing.
        ("1970-01-01T00:01:00Z", "unknown", None, "off"),
    ];
    for (now, state, until, led) in cases {
        let (code, v) = status_json_code(&s, &["--demo", "--now", now]);
        // Exit status 1 only when the state is unknown, with the problem named.
        if state == "unknown" {
            assert_eq!(code, Some(1), "exit status at {now}");
            assert_eq!(v["problem"]["code"], "clock_not_set", "problem at {now}");
        } else {
            assert_eq!(code, Some(0), "exit status at {now}");
            assert_eq!(v["problem"], Value::Null, "problem at {now}");
        }
        assert_eq!(v["state"], state, "state at {now}");
        assert_eq!(
            v["until"],
            until.map_or(Value::Null, Value::from),
            "until at {now}"
        );
        assert_eq!(v["led"], led, "led at {now}");
    }
}

#[test]
fn private_meeting_on_now_shows_no_subject_nor_organizer() {
    let s = Sandbox::new();
    let v = status_json(&s, &["--demo", "--now", "2026-11-23T11:15:00Z"]);
    assert_eq!(v["current"]["subject"], "Private meeting");
    assert_eq!(v["current"]["organizer"], Value::Null);
    assert_eq!(v["current"]["private"], true);
    let all = v.to_string();
    assert!(
        !all.contains("Salary review"),
        "a private subject leaked: {all}"
    );
    assert!(
        !all.contains("Jordan Lee"),
        "a private organizer leaked: {all}"
    );
}

#[test]
fn check_in_policy_from_config_puts_the_room_in_awaiting_check_in() {
    let s = Sandbox::new();
    let config = s.file("checkin.toml", "[checkin]\nenabled = true\n");
    let config = config.to_str().expect("utf-8 path");
    // Nobody checked in to the 08:30 walkthrough: released at 08:40. Weekly planning at 09:00
    // opens check-in at 08:55.
    let v = status_json(&s, &["--config", config, "--now", "2026-11-23T08:58:00Z"]);
    assert_eq!(v["state"], "awaiting_check_in");
    assert_eq!(v["led"], "amber");
    // Ten minutes after the start with no check-in, the meeting no longer holds the room.
    let v = status_json(&s, &["--config", config, "--now", "2026-11-23T09:11:00Z"]);
    assert_eq!(v["state"], "free");
    assert_eq!(v["until"], "2026-11-23T10:00:00Z");
}

#[test]
fn display_settings_from_config_change_what_status_reports() {
    let s = Sandbox::new();
    let config = s.file(
        "display.toml",
        "[room]\nname = \"Room 4.12\"\nmailbox = \"room-4.12@contoso.com\"\n\n[display]\ntimezone = \"Europe/Berlin\"\nshow_organizer = false\nsoon_minutes = 15\n",
    );
    let config = config.to_str().expect("utf-8 path");
    // 08:50Z is 09:50 in Berlin: the 09:00-10:00 (local) weekly planning is on.
    let v = status_json(&s, &["--config", config, "--now", "2026-11-23T08:50:00Z"]);
    assert_eq!(v["room"]["name"], "Room 4.12");
    assert_eq!(v["room"]["mailbox"], "room-4.12@contoso.com");
    assert_eq!(v["current"]["subject"], "Weekly planning");
    assert_eq!(v["current"]["start"], "2026-11-23T08:00:00Z");
    assert_eq!(
        v["current"]["organizer"],
        Value::Null,
        "show_organizer = false"
    );
    // Organizer-as-subject must not leak the hidden organizer either.
    assert_eq!(v["upcoming"][0]["subject"], "Booked");
    // 15-minute soon threshold: at 10:46 local the private 11:00 meeting is 14 minutes away.
    let v = status_json(&s, &["--config", config, "--now", "2026-11-23T09:46:00Z"]);
    assert_eq!(v["state"], "starting_soon");
}

#[test]
fn human_status_is_a_short_summary() {
    let s = Sandbox::new();
    let out = s.roomsign(&["status", "--demo", "--now", "2026-11-23T09:20:00Z"]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.contains("Demo room — Busy until 10:30"), "{text}");
    assert!(
        text.contains("Weekly planning (Alex Morgan), 09:00–10:00, 40 min left"),
        "{text}"
    );
    assert!(text.contains("lights: red"), "{text}");
}

#[test]
fn unknown_key_exits_2_naming_the_key_and_its_line() {
    let s = Sandbox::new();
    let config = s.file(
        "bad.toml",
        "kiosk = false\n\n[display]\nshow_subject = true\nshow_subjekt = false\n",
    );
    let out = s.roomsign(&["status", "--config", config.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "exit status 2");
    let err = stderr(&out);
    assert!(err.contains("bad.toml:5:"), "names file and line: {err}");
    assert!(err.contains("display.show_subjekt"), "names the key: {err}");
    assert!(err.contains("show_subject"), "says what is expected: {err}");
}

#[test]
fn bad_values_exit_2_with_the_line_and_what_to_write() {
    let s = Sandbox::new();
    let cases = [
        (
            "[booking]\nmax_minutes = 2\n",
            ":2:",
            "booking.max_minutes",
            "from 5 to 1440",
        ),
        (
            "[display]\ntimezone = \"Mars/Olympus\"\n",
            ":2:",
            "display.timezone",
            "IANA",
        ),
        (
            "[display]\nclock = \"25h\"\n",
            ":2:",
            "display.clock",
            "\"24h\" or \"12h\"",
        ),
        (
            "[checkin]\nenabled = \"yes\"\n",
            ":2:",
            "checkin.enabled",
            "a boolean",
        ),
        ("[display\n", ":1:", "", "expected"),
        // Rules that span keys: each value fits its range, together they make no sense.
        (
            "[booking]\nmin_minutes = 60\nmax_minutes = 30\n",
            ":3:",
            "booking.max_minutes",
            "more than max_minutes",
        ),
        (
            "[display]\non_hours = \"07:00-07:00\"\n",
            ":2:",
            "display.on_hours",
            "same time",
        ),
        (
            "[teams]\nroom = 1\n",
            ":1:",
            "teams",
            "kiosk, room, display, booking, checkin",
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
fn a_named_config_file_must_exist() {
    let s = Sandbox::new();
    let missing = s.path("nowhere.toml");
    let out = s.roomsign(&["status", "--config", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("nowhere.toml"));

    let out = s
        .command(&["status"])
        .env("ROOMSIGN_CONFIG", &missing)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("ROOMSIGN_CONFIG"), "{}", stderr(&out));
}

#[test]
fn config_is_found_through_the_environment_and_the_user_config_dir() {
    let s = Sandbox::new();
    let by_env = s.file("env.toml", "[room]\nname = \"From env\"\n");
    let out = s
        .command(&["status", "--json", "--now", "2026-11-23T09:00:00Z"])
        .env("ROOMSIGN_CONFIG", &by_env)
        .output()
        .expect("run");
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["room"]["name"], "From env");

    std::fs::create_dir_all(s.path("config-home/roomsign")).unwrap();
    s.file(
        "config-home/roomsign/config.toml",
        "[room]\nname = \"From user dir\"\n",
    );
    let v = status_json(&s, &["--now", "2026-11-23T09:00:00Z"]);
    assert_eq!(v["room"]["name"], "From user dir");
}

#[test]
fn version_and_help_name_the_program() {
    let s = Sandbox::new();
    let out = s.roomsign(&["--version"]);
    assert!(out.status.success());
    assert!(stdout(&out).starts_with(&format!("roomsign {}", env!("CARGO_PKG_VERSION"))));
    let out = s.roomsign(&["--help"]);
    for word in [
        "run",
        "status",
        "screenshot",
        "--config",
        "--state-dir",
        "--demo",
        "--now",
    ] {
        assert!(stdout(&out).contains(word), "help mentions {word}");
    }
}

#[test]
fn a_malformed_now_is_a_usage_error() {
    let s = Sandbox::new();
    let out = s.roomsign(&["status", "--now", "tomorrow at nine"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("RFC 3339"));
}

#[test]
fn microsoft_settings_are_checked_with_the_line_and_the_fix() {
    let s = Sandbox::new();
    let base = "[microsoft]\ntenant = \"contoso.onmicrosoft.com\"\n";
    let cases = [
        (
            format!("{base}client_id = \"my-app\"\n"),
            ":3:",
            "microsoft.client_id",
            "Entra ID",
        ),
        (
            format!("{base}client_id = \"11111111-2222-3333-4444-555555555555\"\nauth = \"client-secret\"\n"),
            ":4:",
            "microsoft.auth",
            "client_secret_file",
        ),
        (
            format!("{base}client_id = \"11111111-2222-3333-4444-555555555555\"\nauth = \"certificate\"\n"),
            ":4:",
            "microsoft.auth",
            "private_key_file",
        ),
        (
            format!("{base}client_id = \"11111111-2222-3333-4444-555555555555\"\nauth = \"password\"\n"),
            ":4:",
            "microsoft.auth",
            "\"device-code\", \"client-secret\", \"certificate\"",
        ),
        (
            format!("{base}client_id = \"11111111-2222-3333-4444-555555555555\"\ngraph_url = \"graph.local\"\n"),
            ":4:",
            "microsoft.graph_url",
            "not an http(s) URL",
        ),
        (
            "[microsoft]\nclient_id = \"11111111-2222-3333-4444-555555555555\"\n".to_owned(),
            ":1:",
            "tenant",
            "missing",
        ),
        ("[admin]\npin = \"12\"\n".to_owned(), ":2:", "admin.pin", "4 to 12 digits"),
        // No scopes at all: sign-in could not ask for anything.
        (
            format!("{base}client_id = \"11111111-2222-3333-4444-555555555555\"\nscopes = []\n"),
            ":4:",
            "microsoft.scopes",
            "offline_access",
        ),
    ];
    for (text, line, key, hint) in cases {
        let config = s.file("ms.toml", &text);
        let out = s.roomsign(&["status", "--config", config.to_str().unwrap()]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "exit 2 for {text:?}: {err}");
        assert!(
            err.contains(&format!("ms.toml{line}")),
            "line for {text:?}: {err}"
        );
        assert!(err.contains(key), "key for {text:?}: {err}");
        assert!(err.contains(hint), "hint for {text:?}: {err}");
    }
}

/// stdout to /dev/full: one line on stderr saying so, exit status 1, no panic.
#[test]
fn a_full_disk_on_stdout_is_one_line_and_exit_1() {
    let s = Sandbox::new();
    for args in [
        &["--demo", "status", "--json"][..],
        &["--demo", "status"][..],
        &["--demo", "doctor"][..],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let out = s.command(args).stdout(full).output().expect("run roomsign");
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(
            err.starts_with("roomsign: cannot write the output"),
            "{err}"
        );
    }
}

/// A reader that went away (`roomsign status --json | head -3`): a quiet exit.
#[test]
fn a_closed_pipe_on_stdout_ends_quietly() {
    let s = Sandbox::new();
    for args in [
        &["--demo", "status", "--json"][..],
        &["--demo", "status"][..],
        &["--demo", "doctor"][..],
    ] {
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        let out = s
            .command(args)
            .stdout(writer)
            .output()
            .expect("run roomsign");
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
        assert_eq!(err, "", "{args:?}");
    }
}

/// A file that is not UTF-8 (saved as Latin-1): the line and the byte named, exit status 2.
#[test]
fn a_file_that_is_not_utf8_names_the_line_and_byte() {
    let s = Sandbox::new();
    let path = s.path("latin1.toml");
    std::fs::write(&path, b"[room]\nname = \"Salle \xe9t\xe9\"\n").expect("write");
    let out = s.roomsign(&["status", "--config", path.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("latin1.toml:2:15:"), "{err}");
    assert!(err.contains("byte 21 is not UTF-8"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}
