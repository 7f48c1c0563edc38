//! The admin PIN pad's guard: after a few wrong PINs the pad waits, longer after each further
//! wrong one, so a PIN cannot be found by trying them all at the door. Pure: the caller gives
//! the clock and whether the PIN was right.

use crate::language::Language;
use crate::tr;
use chrono::{DateTime, Duration, Utc};

/// Wrong PINs in a row that cost nothing (a typo or two).
pub const FREE_TRIES: u32 = 5;
/// The wait after the first wrong PIN past the free tries; it doubles with each further one.
pub const FIRST_WAIT_SECS: i64 = 30;
/// The longest wait.
pub const LONGEST_WAIT_SECS: i64 = 15 * 60;

/// How long the pad waits after `wrong` wrong PINs in a row; `None` while they are free.
pub fn wait_after(wrong: u32) -> Option<Duration> {
    let past = wrong.checked_sub(FREE_TRIES)?;
    // 30 s, 1 min, 2 min, ... up to 15 min; the shift is bounded so it cannot overflow.
    let secs = FIRST_WAIT_SECS
        .saturating_mul(1i64 << past.min(20))
        .min(LONGEST_WAIT_SECS);
    Some(Duration::seconds(secs))
}

/// What the pad does with an entered PIN.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PinOutcome {
    /// Right: the admin screen opens.
    Open,
    /// Wrong; `wait` is set when the pad now waits before the next try.
    Wrong { wrong: u32, wait: Option<Duration> },
    /// The pad is waiting: the PIN was not even compared.
    Waiting { left: Duration },
}

/// The pad's memory of wrong PINs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PinGuard {
    /// Wrong PINs in a row.
    pub wrong: u32,
    /// No PIN is compared before this.
    pub until: Option<DateTime<Utc>>,
}

impl PinGuard {
    /// How much longer the pad waits at `now`, if it does.
    pub fn waiting(&self, now: DateTime<Utc>) -> Option<Duration> {
        self.until.filter(|u| *u > now).map(|u| u - now)
    }

    /// Whether the pad compares a PIN at `now`; call [`PinGuard::entered`] with the result.
    pub fn accepts(&self, now: DateTime<Utc>) -> bool {
        self.waiting(now).is_none()
    }

    /// A PIN entered at `now`; `right` is whether it matched (ignored while the pad waits).
    pub fn entered(&mut self, now: DateTime<Utc>, right: bool) -> PinOutcome {
        if let Some(left) = self.waiting(now) {
            return PinOutcome::Waiting { left };
        }
        if right {
            *self = PinGuard::default();
            return PinOutcome::Open;
        }
        self.wrong = self.wrong.saturating_add(1);
        let wait = wait_after(self.wrong);
        self.until = wait.and_then(|w| now.checked_add_signed(w));
        PinOutcome::Wrong {
            wrong: self.wrong,
            wait,
        }
    }
}

/// "30 s", "2 min", "1 min 30 s": a wait in words (rounded up to the second).
pub fn wait_words(wait: Duration, language: Language) -> String {
    let secs = (wait.num_milliseconds().max(0) + 999) / 1000;
    match (secs / 60, secs % 60) {
        (0, s) => tr!(language, "wait-seconds", seconds = s),
        (m, 0) => tr!(language, "wait-minutes", minutes = m),
        (m, s) => tr!(language, "wait-minutes-seconds", minutes = m, seconds = s),
    }
}

/// What the pad says after `outcome`; empty when the admin screen opens.
pub fn pin_words(outcome: PinOutcome, language: Language) -> String {
    match outcome {
        PinOutcome::Open => String::new(),
        PinOutcome::Wrong { wait: None, .. } => tr!(language, "pin-wrong"),
        PinOutcome::Wrong { wait: Some(w), .. } | PinOutcome::Waiting { left: w } => {
            tr!(language, "pin-too-many", wait = wait_words(w, language))
        }
    }
}
