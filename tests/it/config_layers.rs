//! Configuration in layers: `config.d/*.toml` beside the configuration file, merged over it in
//! name order; errors name the file and line that set the key; `roomsign config --show` prints
//! the merged result with where each value came from, the PIN redacted.

use roomsign::config::{Config, Layers};

use crate::support::{stderr, stdout, Sandbox};

fn layered(s: &Sandbox) -> std::path::PathBuf {
    std::fs::create_dir_all(s.path("config.d")).expect("config.d");
    let base = s.file(
        "config.toml",
        "[room]\nname = \"Room 4.01\"\n\n[display]\nsoon_minutes = 10\nclock = \"24h\"\n\n[admin]\npin = \"4821\"\n",
    );
    s.file(
        "config.d/10-fleet.toml",
        "[display]\nsoon_minutes = 15\nshow_organizer = false\n\n[metrics]\nlisten = \"0.0.0.0:9464\"\n",
    );
    s.file("config.d/20-room.toml", "[display]\nsoon_minutes = 5\n");
    // Not .toml, or hidden: not read.
    s.file("config.d/30-notes.txt", "this is not toml [");
    s.file("config.d/.40-editor.toml", "[display]\nsoon_minutes = 59\n");
    base
}

#[test]
fn drop_ins_merge_over_the_file_in_name_order() {
    let s = Sandbox::new();
    let base = layered(&s);
    let layers = Layers::read(&base).expect("layers");
    assert_eq!(
        layers.config.display.soon_minutes.0, 5,
        "the last file wins"
    );
    assert!(!layers.config.display.show_organizer, "a fleet-wide key");
    assert_eq!(
        layers.config.room.name.as_deref(),
        Some("Room 4.01"),
        "kept from the base"
    );
    assert_eq!(layers.config.metrics.listen.map(|l| l.0.port()), Some(9464));
    assert_eq!(layers.files.len(), 3);
    assert_eq!(
        layers.sources.get("display.soon_minutes"),
        Some(&s.path("config.d/20-room.toml"))
    );
    assert_eq!(layers.sources.get("room.name"), Some(&base));
    // Config::read, which every command uses, reads the layers too.
    assert_eq!(
        Config::read(&base).expect("config").display.soon_minutes.0,
        5
    );
}

#[test]
fn an_error_in_a_drop_in_names_that_file_its_line_and_key() {
    let s = Sandbox::new();
    let base = layered(&s);
    s.file(
        "config.d/25-bad.toml",
        "# per-room\n[booking]\nmax_minutes = 60\n\n[display]\nsoon_minutes = \"ten\"\n",
    );
    let err = Layers::read(&base).expect_err("a wrong value");
    assert_eq!(err.path, s.path("config.d/25-bad.toml"), "{err}");
    assert_eq!(err.line, Some(6), "{err}");
    assert_eq!(err.key.as_deref(), Some("display.soon_minutes"), "{err}");

    // A rule that spans keys set in two files points at the file that set the key to change.
    std::fs::remove_file(s.path("config.d/25-bad.toml")).expect("rm");
    s.file("config.d/26-min.toml", "[booking]\n\nmin_minutes = 90\n");
    let err = Layers::read(&base).expect_err("min over max");
    assert_eq!(err.path, s.path("config.d/26-min.toml"), "{err}");
    assert_eq!(err.line, Some(3), "{err}");

    // A syntax error in a drop-in: its own file and line.
    std::fs::remove_file(s.path("config.d/26-min.toml")).expect("rm");
    s.file("config.d/27-broken.toml", "[display]\nclock = \n");
    let err = Layers::read(&base).expect_err("syntax");
    assert_eq!(err.path, s.path("config.d/27-broken.toml"), "{err}");
    assert_eq!(err.line, Some(2), "{err}");

    // An unknown key in a drop-in.
    std::fs::remove_file(s.path("config.d/27-broken.toml")).expect("rm");
    s.file("config.d/28-typo.toml", "[display]\n\nsoon_minute = 3\n");
    let err = Layers::read(&base).expect_err("unknown key");
    assert_eq!(err.path, s.path("config.d/28-typo.toml"), "{err}");
    assert_eq!(err.line, Some(3), "{err}");
    assert!(err.to_string().contains("soon_minute"), "{err}");
}

#[test]
fn config_show_prints_each_value_with_its_file_and_no_pin() {
    let s = Sandbox::new();
    let base = layered(&s);
    let out = s.roomsign(&["--config", &base.to_string_lossy(), "config", "--show"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let line = |key: &str| {
        text.lines()
            .find(|l| l.starts_with(&format!("{key} = ")))
            .unwrap_or_else(|| panic!("{key} in:\n{text}"))
            .to_owned()
    };
    assert!(
        line("soon_minutes").starts_with("soon_minutes = 5  # "),
        "{text}"
    );
    assert!(line("soon_minutes").ends_with("20-room.toml"), "{text}");
    assert!(line("show_organizer").ends_with("10-fleet.toml"), "{text}");
    assert!(line("name").ends_with("config.toml"), "{text}");
    assert!(line("pin").contains("[redacted]"), "{text}");
    assert!(!text.contains("4821"), "the PIN never printed:\n{text}");
    assert!(text.contains("[metrics]"), "{text}");

    // A broken drop-in: exit status 2 and the file named.
    s.file("config.d/50-bad.toml", "[display]\nsoon_minutes = -3\n");
    let out = s.roomsign(&["--config", &base.to_string_lossy(), "config", "--show"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("50-bad.toml:2"), "{}", stderr(&out));
}
