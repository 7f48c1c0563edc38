//! The room's languages: `[display] language` and `languages`, the system locale as default,
//! `--language`, `status --json`'s `language`, and the language buttons in the live panel (a real
//! window on Xvfb, tapped through the X test extension): a pick shows at once, a touch keeps it,
//! and a minute without one brings the room's own language back.

use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use roomsign::config::{locale_from_env, Config};
use roomsign::core::view::ClockFormat;
use roomsign::core::{Language, Locale};
use x11rb::connection::Connection;
use x11rb::protocol::xproto::{ConnectionExt as _, ImageFormat};
use x11rb::protocol::xtest::ConnectionExt as _;

use crate::service::Xvfb;
use crate::support::{stderr, stdout, Sandbox};

fn parse(text: &str) -> Result<Config, String> {
    Config::parse(text, Path::new("/etc/roomsign/config.toml")).map_err(|e| e.to_string())
}

fn locale(tag: &str) -> Locale {
    Locale::parse(tag).expect("a language the panel speaks")
}

#[test]
fn the_rooms_language_comes_from_language_then_languages_then_the_system_then_english() {
    let none = parse("").expect("empty config");
    assert_eq!(none.language(None), Locale::default());
    assert_eq!(none.language(None).language, Language::English);
    assert_eq!(none.language(Some(locale("fr_FR.UTF-8"))), locale("fr-FR"));
    let listed = parse("[display]\nlanguages = [\"es\", \"en\"]\n").expect("config");
    assert_eq!(listed.language(Some(locale("fr"))), locale("es"));
    let both =
        parse("[display]\nlanguage = \"en\"\nlanguages = [\"es\", \"en\"]\n").expect("config");
    assert_eq!(both.language(Some(locale("fr"))), locale("en"));
    let one = parse("[display]\nlanguage = \"de-AT\"\n").expect("config");
    assert_eq!(one.language(Some(locale("fr"))), locale("de-AT"));
    // The buttons: none for one language; the room's own first when the list lacks it.
    assert!(one.door_language(None).chips().is_empty());
    let codes: Vec<String> = listed
        .door_language(None)
        .chips()
        .into_iter()
        .map(|c| c.code)
        .collect();
    assert_eq!(codes, ["ES", "EN"]);
}

#[test]
fn the_system_locale_is_read_as_posix_orders_it_and_c_means_none() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
    };
    assert_eq!(
        locale_from_env(env(&[("LANG", "de_DE.UTF-8")])),
        Some(locale("de-DE"))
    );
    assert_eq!(
        locale_from_env(env(&[
            ("LANG", "de_DE.UTF-8"),
            ("LC_MESSAGES", "es_ES.UTF-8")
        ])),
        Some(locale("es-ES"))
    );
    assert_eq!(
        locale_from_env(env(&[("LANG", "de_DE.UTF-8"), ("LC_ALL", "fr_CA.UTF-8")])),
        Some(locale("fr-CA"))
    );
    // LC_ALL wins even when the panel does not speak it: then the default, English.
    assert_eq!(
        locale_from_env(env(&[("LANG", "de_DE.UTF-8"), ("LC_ALL", "C")])),
        None
    );
    assert_eq!(locale_from_env(env(&[("LANG", "C.UTF-8")])), None);
    assert_eq!(locale_from_env(env(&[("LANG", "it_IT.UTF-8")])), None);
    assert_eq!(locale_from_env(env(&[("LANG", ""), ("LC_ALL", "")])), None);
    assert_eq!(locale_from_env(env(&[])), None);
}

#[test]
fn the_clock_follows_the_language_unless_it_is_set() {
    let view = |text: &str| {
        parse(text)
            .expect("config")
            .view_settings(chrono_tz::Tz::UTC, None)
    };
    assert_eq!(
        view("[display]\nlanguage = \"en-US\"\n").clock,
        ClockFormat::H12
    );
    assert_eq!(
        view("[display]\nlanguage = \"de\"\n").clock,
        ClockFormat::H24
    );
    assert_eq!(
        view("[display]\nlanguage = \"de\"\nclock = \"12h\"\n").clock,
        ClockFormat::H12
    );
    assert_eq!(
        view("[display]\nlanguage = \"en-US\"\nclock = \"24h\"\n").clock,
        ClockFormat::H24
    );
    assert_eq!(view("[display]\nlanguage = \"fr\"\n").locale, locale("fr"));
}

#[test]
fn a_wrong_language_names_the_file_the_line_and_the_key() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "[display]\nlanguage = \"it\"\n",
            "config.toml:2:",
            "\"it\" is not a language the panel speaks",
        ),
        (
            "[display]\nlanguage = \"klingon-nonsense-tag\"\n",
            "config.toml:2:",
            "not a language the panel speaks",
        ),
        (
            "[display]\nlanguages = [\"de\", \"en\", \"de\"]\n",
            "config.toml:2:",
            "\"de\" is listed twice",
        ),
        (
            "[display]\nlanguages = [\"de\", \"en\", \"fr\", \"es\", \"en-US\"]\n",
            "config.toml:2:",
            "at most 4",
        ),
        (
            "[display]\nlanguages = [\"de\", \"en\"]\nlanguage = \"fr\"\n",
            "config.toml:3:",
            "\"fr\" is not among languages = [\"de\", \"en\"]",
        ),
        (
            "[display]\nlanguage = 7\n",
            "config.toml:2:",
            "display.language",
        ),
    ];
    for (text, place, words) in cases {
        let err = parse(text).expect_err(text);
        assert!(
            err.contains("/etc/roomsign/config.toml"),
            "names the file: {err}"
        );
        assert!(err.contains(place), "names {place}: {err}");
        assert!(err.contains(words), "says {words:?}: {err}");
        assert!(err.contains("display"), "names the table: {err}");
    }
}

#[test]
fn status_json_says_the_language_and_stays_english() {
    let s = Sandbox::new();
    let config = s.file("config.toml", "[display]\nlanguage = \"de-AT\"\n");
    let out = s.roomsign(&[
        "--config",
        config.to_str().expect("path"),
        "--demo",
        "--now",
        "2026-11-23T09:20:00Z",
        "status",
        "--json",
    ]);
    assert!(out.status.success(), "status: {}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(json["language"], "de-AT");
    assert_eq!(json["state"], "busy", "the state's name stays English");
    // --language wins over the configuration, and a wrong one is a usage error.
    let out = s.roomsign(&["--language", "es", "--demo", "status", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(json["language"], "es");
    let out = s.roomsign(&["--language", "xx", "--demo", "status"]);
    assert_eq!(out.status.code(), Some(2), "usage error: {}", stderr(&out));
    assert!(stderr(&out).contains("not a language the panel speaks"));
    // No configuration, no locale the panel speaks: English.
    let out = s
        .command(&["--demo", "status", "--json"])
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .expect("run roomsign");
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(json["language"], "en");
    let out = s
        .command(&["--demo", "status", "--json"])
        .env("LANG", "fr_FR.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .expect("run roomsign");
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(
        json["language"], "fr-FR",
        "the system locale is the default"
    );
}

/// The X server's screen, RGB per pixel.
struct Screen {
    conn: x11rb::rust_connection::RustConnection,
    root: u32,
    width: u16,
    height: u16,
}

impl Screen {
    fn open(display: &str) -> Screen {
        let (conn, n) = x11rb::connect(Some(display)).expect("connect to Xvfb");
        let screen = &conn.setup().roots[n];
        let (root, width, height) = (screen.root, screen.width_in_pixels, screen.height_in_pixels);
        Screen {
            conn,
            root,
            width,
            height,
        }
    }

    fn grab(&self) -> Vec<[u8; 3]> {
        let image = self
            .conn
            .get_image(
                ImageFormat::Z_PIXMAP,
                self.root,
                0,
                0,
                self.width,
                self.height,
                !0,
            )
            .expect("get_image")
            .reply()
            .expect("the screen's pixels");
        // 24-bit depth: 4 bytes a pixel, blue first.
        image
            .data
            .chunks_exact(4)
            .map(|p| [p[2], p[1], p[0]])
            .collect()
    }

    fn tap(&self, x: i16, y: i16) {
        let c = &self.conn;
        c.xtest_fake_input(6, 0, 0, self.root, x, y, 0)
            .expect("move");
        c.xtest_fake_input(4, 1, 0, self.root, 0, 0, 0)
            .expect("press");
        c.xtest_fake_input(5, 1, 0, self.root, 0, 0, 0)
            .expect("release");
        c.flush().expect("flush");
    }

    fn at(&self, frame: &[[u8; 3]], x: usize, y: usize) -> [u8; 3] {
        frame[y * usize::from(self.width) + x]
    }
}

/// The filled (shown) button's colour, the theme's text colour.
const FILLED: [u8; 3] = [0xf4, 0xf6, 0xf9];

/// Waits until the screen shows something and stays still for a moment.
fn settled(screen: &Screen, limit: Duration) -> Vec<[u8; 3]> {
    let deadline = Instant::now() + limit;
    let mut last = screen.grab();
    while Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(300));
        let now = screen.grab();
        if now == last && now.iter().any(|p| *p != [0, 0, 0]) {
            return now;
        }
        last = now;
    }
    last
}

fn differing(a: &[[u8; 3]], b: &[[u8; 3]]) -> usize {
    a.iter().zip(b).filter(|(p, q)| p != q).count()
}

fn stop(mut child: Child) -> String {
    let _ = child.kill();
    stderr(&child.wait_with_output().expect("output"))
}

#[test]
fn a_language_picked_at_the_door_shows_at_once_lasts_while_touched_and_falls_back_after_a_minute() {
    let Some(x) = Xvfb::start() else { return };
    let s = Sandbox::new();
    let config = s.file(
        "config.toml",
        "[display]\nlanguage = \"de\"\nlanguages = [\"de\", \"en\"]\n",
    );
    let child = s
        .command(&[
            "--config",
            config.to_str().expect("path"),
            "--demo",
            "--now",
            "2026-11-23T09:20:00Z",
            "--fullscreen",
        ])
        .env("DISPLAY", &x.display)
        .env_remove("WAYLAND_DISPLAY")
        .env("SLINT_BACKEND", "winit")
        .env("ROOMSIGN_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run roomsign");
    let screen = Screen::open(&x.display);
    assert_eq!((screen.width, screen.height), (800, 480));
    let german = settled(&screen, Duration::from_secs(30));
    // Two buttons bottom right at 800x480: DE (shown, filled) then EN.
    let (de, en) = ((705, 441), (762, 441));
    let filled = |frame: &[[u8; 3]], (x, y): (usize, usize)| screen.at(frame, x - 18, y) == FILLED;
    if !filled(&german, de) || filled(&german, en) {
        panic!(
            "the language buttons are not where this test taps (DE filled at {de:?}, EN at {en:?}): {}",
            stop(child)
        );
    }

    let tapped = Instant::now();
    screen.tap(en.0 as i16, en.1 as i16);
    std::thread::sleep(Duration::from_millis(800));
    let english = settled(&screen, Duration::from_secs(10));
    assert!(
        filled(&english, en) && !filled(&english, de),
        "after the tap EN is the filled button"
    );
    let changed = differing(&german, &english);
    assert!(
        changed > 2000,
        "the words changed with the language: {changed} pixels differ"
    );

    // A touch on Home (on the state card, no button) 40 s in keeps English for another minute.
    std::thread::sleep(Duration::from_secs(40).saturating_sub(tapped.elapsed()));
    screen.tap(300, 200);
    let touched = Instant::now();
    std::thread::sleep(Duration::from_secs(30));
    let still = settled(&screen, Duration::from_secs(5));
    assert!(
        tapped.elapsed() > Duration::from_secs(65),
        "past the minute since the pick"
    );
    assert_eq!(
        differing(&english, &still),
        0,
        "still English {:?} after the pick, {:?} after the last touch",
        tapped.elapsed(),
        touched.elapsed()
    );

    // A minute after the last touch: the room's own language, as it was.
    std::thread::sleep(Duration::from_secs(63).saturating_sub(touched.elapsed()));
    let back = settled(&screen, Duration::from_secs(10));
    let log = stop(child);
    assert_eq!(
        differing(&german, &back),
        0,
        "German again a minute after the last touch ({:?}); log: {log}",
        touched.elapsed()
    );
    assert!(log.contains("language picked at the door"), "logged: {log}");
    assert!(
        log.contains("back to the room's own language"),
        "logged: {log}"
    );
}

#[test]
fn the_command_line_stays_english_whatever_the_rooms_language() {
    let s = Sandbox::new();
    let run = |language: &str, command: &str| {
        let out = s.roomsign(&[
            "--language",
            language,
            "--demo",
            "--now",
            "2026-11-23T09:20:00Z",
            command,
        ]);
        (out.status.code(), stdout(&out))
    };
    for command in ["status", "doctor"] {
        let english = run("en", command);
        assert!(english.1.contains("Busy"), "{command}: {}", english.1);
        for language in ["de", "fr", "es"] {
            assert_eq!(
                run(language, command),
                english,
                "`{command}` with --language {language}"
            );
        }
    }
}
