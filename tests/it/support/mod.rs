//! What the integration tests share: the test day and a clock the test moves, the demo room's
//! engine settings, and running the `roomsign` binary in a clean environment (UTC, no user or
//! system configuration picked up by accident, a private state directory). The light
//! controller's helpers are in `lights`.

pub mod lights;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Mutex;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use roomsign::clock::Clock;
use roomsign::core::{Policy, Room};
use roomsign::engine::EngineSettings;

/// "HH:MM" on the test day, Monday 2026-11-23, UTC.
pub fn at(hm: &str) -> DateTime<Utc> {
    format!("2026-11-23T{hm}:00Z").parse().expect("time")
}

/// A clock the test sets and moves by hand, taken as set.
pub struct ManualClock(pub Mutex<DateTime<Utc>>);

impl ManualClock {
    pub fn set(&self, at: DateTime<Utc>) {
        *self.0.lock().unwrap() = at;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
    fn ticks(&self) -> bool {
        true
    }
}

/// The engine's settings for the demo room: bookings at the door, end early and extend allowed,
/// a read every minute, no state directory.
pub fn engine_settings(policy: Policy, tz: Tz) -> EngineSettings {
    EngineSettings {
        room: Room {
            name: "Demo room".to_owned(),
            mailbox: None,
        },
        policy,
        tz,
        booking_subject: "Booked at the door".to_owned(),
        allow_end_early: true,
        allow_extend: true,
        poll_every: StdDuration::from_secs(60),
        state_dir: None,
    }
}

pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes a file in the sandbox and returns its path.
    pub fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, text).expect("write file");
        path
    }

    /// `roomsign ARGS` with TZ=UTC and HOME in the sandbox.
    pub fn roomsign(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("run roomsign")
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_roomsign"));
        cmd.args(args)
            .env("TZ", "UTC")
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.path("config-home"))
            .env("XDG_DATA_HOME", self.path("data-home"))
            .env_remove("ROOMSIGN_CONFIG")
            .env_remove("STATE_DIRECTORY")
            .env_remove("INVOCATION_ID")
            .env_remove("ROOMSIGN_LOG")
            // The room's language defaults to the system locale: the tests' runs speak English
            // whatever the machine's locale, unless a test sets one.
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG");
        cmd
    }
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Reads a PNG into (width, height, RGB bytes).
pub fn read_png(path: &Path) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::fs::File::open(path).expect("open png"));
    let mut reader = decoder.read_info().expect("png header");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("png frame");
    buf.truncate(info.buffer_size());
    assert_eq!(info.color_type, png::ColorType::Rgb, "screenshots are RGB");
    (info.width, info.height, buf)
}
