//! The screen's backlight, through Linux's sysfs class `backlight` (the official Raspberry Pi
//! display, many DSI panels and laptops have one; HDMI screens usually do not). Brightness is
//! written as a share of `max_brightness`; "off" uses `bl_power` where the driver has it, so
//! the panel powers down instead of showing black at minimum light.
//!
//! The sysfs root is a parameter so tests run against a directory of their own.

use std::io;
use std::path::{Path, PathBuf};

/// Where sysfs is mounted.
pub const SYSFS: &str = "/sys";
/// Environment variable that moves the sysfs root (tests of the whole program).
pub const SYSFS_ENV: &str = "ROOMSIGN_SYSFS";

/// `bl_power` values (the framebuffer blanking levels).
const POWER_ON: &str = "0";
const POWER_DOWN: &str = "4";

/// One backlight device, e.g. /sys/class/backlight/10-0045.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Backlight {
    dir: PathBuf,
    max: u32,
}

impl Backlight {
    /// The first backlight (by name) under `sysfs_root`/class/backlight; `None` when there is
    /// none (an HDMI screen, a desktop).
    pub fn find(sysfs_root: &Path) -> io::Result<Option<Backlight>> {
        let class = sysfs_root.join("class/backlight");
        let mut names = match std::fs::read_dir(&class) {
            Ok(entries) => entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .collect::<Vec<_>>(),
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(err) => return Err(err),
        };
        names.sort();
        for dir in names {
            match read_number(&dir.join("max_brightness")) {
                Ok(max) if max > 0 => return Ok(Some(Backlight { dir, max })),
                _ => continue,
            }
        }
        Ok(None)
    }

    /// The backlight from the real sysfs, or the root named by `$ROOMSIGN_SYSFS`.
    pub fn find_on_this_machine() -> io::Result<Option<Backlight>> {
        let root = std::env::var_os(SYSFS_ENV).map_or_else(|| PathBuf::from(SYSFS), PathBuf::from);
        Backlight::find(&root)
    }

    /// The device's directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Sets the light to `percent` of full; 0 switches the backlight off.
    pub fn set(&self, percent: u8) -> io::Result<()> {
        let power = self.dir.join("bl_power");
        let has_power = power.exists();
        if percent == 0 {
            if has_power {
                return write(&power, POWER_DOWN);
            }
            return write(&self.dir.join("brightness"), "0");
        }
        let level = (u64::from(self.max) * u64::from(percent.min(100)) / 100).max(1);
        write(&self.dir.join("brightness"), &level.to_string())?;
        if has_power {
            write(&power, POWER_ON)?;
        }
        Ok(())
    }
}

fn read_number(path: &Path) -> io::Result<u32> {
    std::fs::read_to_string(path)?.trim().parse().map_err(|e| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("{}: {e}", path.display()),
        )
    })
}

fn write(path: &Path, value: &str) -> io::Result<()> {
    std::fs::write(path, value)
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fake(root: &Path, name: &str, max: u32, with_power: bool) -> PathBuf {
        let dir = root.join("class/backlight").join(name);
        std::fs::create_dir_all(&dir).expect("dir");
        std::fs::write(dir.join("max_brightness"), format!("{max}\n")).expect("max");
        std::fs::write(dir.join("brightness"), format!("{max}\n")).expect("brightness");
        if with_power {
            std::fs::write(dir.join("bl_power"), "0\n").expect("power");
        }
        dir
    }

    fn read(path: PathBuf) -> String {
        std::fs::read_to_string(path)
            .expect("read")
            .trim()
            .to_owned()
    }

    #[test]
    fn no_backlight_class_means_none() {
        let root = tempfile::tempdir().expect("dir");
        assert_eq!(Backlight::find(root.path()).expect("find"), None);
    }

    #[test]
    fn off_powers_down_and_on_restores_full_light() {
        let root = tempfile::tempdir().expect("dir");
        let dir = fake(root.path(), "10-0045", 255, true);
        let light = Backlight::find(root.path())
            .expect("find")
            .expect("a backlight");
        assert_eq!(light.dir(), dir);
        light.set(0).expect("off");
        assert_eq!(read(dir.join("bl_power")), "4");
        assert_eq!(read(dir.join("brightness")), "255", "level kept for waking");
        light.set(100).expect("on");
        assert_eq!(read(dir.join("bl_power")), "0");
        assert_eq!(read(dir.join("brightness")), "255");
    }

    #[test]
    fn dimming_is_a_share_of_max_and_never_zero() {
        let root = tempfile::tempdir().expect("dir");
        let dir = fake(root.path(), "rpi_backlight", 255, false);
        let light = Backlight::find(root.path())
            .expect("find")
            .expect("a backlight");
        light.set(30).expect("dim");
        assert_eq!(read(dir.join("brightness")), "76");
        light.set(1).expect("dimmest");
        assert_eq!(read(dir.join("brightness")), "2");
        // Without bl_power, off is brightness 0.
        light.set(0).expect("off");
        assert_eq!(read(dir.join("brightness")), "0");
        assert!(!dir.join("bl_power").exists());
    }

    #[test]
    fn the_first_usable_device_by_name_is_chosen() {
        let root = tempfile::tempdir().expect("dir");
        let broken = root.path().join("class/backlight/a-broken");
        std::fs::create_dir_all(&broken).expect("dir");
        let second = fake(root.path(), "b-panel", 100, false);
        fake(root.path(), "c-other", 100, false);
        let light = Backlight::find(root.path())
            .expect("find")
            .expect("a backlight");
        assert_eq!(light.dir(), second);
    }

    #[test]
    fn a_write_that_fails_names_the_file() {
        let root = tempfile::tempdir().expect("dir");
        let dir = fake(root.path(), "panel", 100, false);
        let light = Backlight::find(root.path())
            .expect("find")
            .expect("a backlight");
        std::fs::remove_dir_all(&dir).expect("unplug");
        let err = light.set(50).expect_err("gone");
        assert!(err.to_string().contains("brightness"), "{err}");
    }
}
