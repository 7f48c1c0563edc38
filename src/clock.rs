//! The clock, injected: the system's, or one fixed instant (`--now`) for tests and screenshots.

use std::path::Path;

use chrono::{DateTime, Utc};

/// Where "now" comes from.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
    /// Whether time moves on by itself (a fixed clock needs no minute ticks).
    fn ticks(&self) -> bool;
    /// Whether `now` (read from this clock) can be trusted: a panel without a real-time clock
    /// boots with a wrong time until the network sets it.
    fn synchronised(&self, now: DateTime<Utc>) -> bool {
        clock_is_plausible(now)
    }
}

/// No clock that says a time before this (2026-01-01, before this release) has been set: a panel
/// without a real-time clock boots in 1970 until the network sets the time.
pub const EARLIEST_PLAUSIBLE_NOW: i64 = 1_767_225_600;

/// Whether `now` can be a real, set time.
pub fn clock_is_plausible(now: DateTime<Utc>) -> bool {
    now.timestamp() >= EARLIEST_PLAUSIBLE_NOW
}

/// When this program was built (seconds since 1970): no clock that says an earlier time is set.
pub fn build_time() -> i64 {
    option_env!("ROOMSIGN_BUILD_TIME")
        .and_then(|t| t.parse().ok())
        .unwrap_or(EARLIEST_PLAUSIBLE_NOW)
}

/// What systemd-timesyncd says under `run_dir` (normally `/run/systemd/timesync`): `None` when
/// it does not run here (another time service may), else whether it has synchronised the clock
/// since boot (it creates `synchronized` then).
pub fn timesyncd_synchronised(run_dir: &Path) -> Option<bool> {
    if !run_dir.is_dir() {
        return None;
    }
    Some(run_dir.join("synchronized").exists())
}

/// The system clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
    fn ticks(&self) -> bool {
        true
    }
    /// Set, and — when running as a systemd service (the panel at boot, where a clock without
    /// a battery starts wrong) — synchronised by systemd-timesyncd where that runs.
    fn synchronised(&self, now: DateTime<Utc>) -> bool {
        let as_service = std::env::var_os("INVOCATION_ID").is_some();
        now.timestamp() >= build_time()
            && !(as_service
                && timesyncd_synchronised(Path::new("/run/systemd/timesync")) == Some(false))
    }
}

/// A clock that always says the same instant.
#[derive(Clone, Copy, Debug)]
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
    fn ticks(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timesyncd_is_asked_only_where_it_runs() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(timesyncd_synchronised(&dir.path().join("absent")), None);
        assert_eq!(timesyncd_synchronised(dir.path()), Some(false));
        std::fs::write(dir.path().join("synchronized"), "").unwrap();
        assert_eq!(timesyncd_synchronised(dir.path()), Some(true));
    }

    #[test]
    fn the_system_clock_is_not_trusted_before_the_build() {
        let before = DateTime::from_timestamp(build_time() - 86_400, 0).unwrap();
        assert!(!SystemClock.synchronised(before));
    }
}
