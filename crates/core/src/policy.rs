//! The rules a room is run by: thresholds for "starting soon", booking limits, check-in.

use chrono::Duration;

/// Everything the state and offer computations need to know besides the calendar and the clock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    /// A meeting starting within this is "starting soon" (default 10 min).
    pub soon: Duration,
    /// Shortest booking offered at the door (default 5 min).
    pub min_booking: Duration,
    /// Longest booking offered at the door (default 120 min).
    pub max_booking: Duration,
    pub checkin: CheckInPolicy,
}

/// Check-in and auto-release of no-show meetings (off by default).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckInPolicy {
    pub enabled: bool,
    /// Check-in opens this long before the start (default 5 min).
    pub before: Duration,
    /// Nobody checked in this long after the start: the meeting is released (default 10 min).
    pub release_after: Duration,
    /// Meetings longer than this need no check-in (default 240 min).
    pub exempt_over: Duration,
    /// Who releases a meeting nobody checked in to.
    pub release: ReleaseMode,
}

/// Who releases a meeting nobody checked in to (`[checkin] release`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ReleaseMode {
    /// The panel declines the room's copy `release_after` past the start, telling the organizer.
    #[default]
    Panel,
    /// Exchange releases it (`EnableAutoRelease`): the panel only checks in, never declines.
    Exchange,
    /// Nobody releases it: check-in is only recorded.
    Off,
}

impl ReleaseMode {
    /// The configuration's word for it.
    pub fn name(self) -> &'static str {
        match self {
            ReleaseMode::Panel => "panel",
            ReleaseMode::Exchange => "exchange",
            ReleaseMode::Off => "off",
        }
    }

    /// Who releases no-shows, in a few words (the admin screen's check-in row).
    pub fn who(self) -> &'static str {
        match self {
            ReleaseMode::Panel => "the panel releases",
            ReleaseMode::Exchange => "Exchange releases",
            ReleaseMode::Off => "nobody releases",
        }
    }

    /// Who releases no-shows, in words for `doctor`.
    pub fn words(self) -> &'static str {
        match self {
            ReleaseMode::Panel => {
                "the panel releases no-shows (declines them, telling the organizer)"
            }
            ReleaseMode::Exchange => {
                "Exchange releases no-shows (auto-release); the panel only checks in"
            }
            ReleaseMode::Off => "nobody releases no-shows; check-in is only recorded",
        }
    }
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            soon: Duration::minutes(10),
            min_booking: Duration::minutes(5),
            max_booking: Duration::minutes(120),
            checkin: CheckInPolicy::default(),
        }
    }
}

impl Default for CheckInPolicy {
    fn default() -> Self {
        CheckInPolicy {
            enabled: false,
            before: Duration::minutes(5),
            release_after: Duration::minutes(10),
            exempt_over: Duration::minutes(240),
            release: ReleaseMode::Panel,
        }
    }
}
