//! Running the `roomsign` binary in a clean environment: UTC, no user or system configuration
//! picked up by accident, a private state directory.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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
            .env_remove("ROOMSIGN_LOG");
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
