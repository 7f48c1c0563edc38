//! The clock, injected: the system's, or one fixed instant (`--now`) for tests and screenshots.

use chrono::{DateTime, Utc};

/// Where "now" comes from.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
    /// Whether time moves on by itself (a fixed clock needs no minute ticks).
    fn ticks(&self) -> bool;
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
