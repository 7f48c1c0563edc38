//! Every number that comes from outside — a token's `expires_in`, a device code's `interval`,
//! a `Retry-After`, an event's time, a response body's length — is brought into a sane range
//! here, in one place, before any arithmetic is done with it. Nothing from the network or a file
//! can then overflow a `Duration`, a `DateTime` or an `Instant`, stall the panel for years, or
//! fill its memory.

use std::time::Duration as StdDuration;

use chrono::{DateTime, TimeZone, Utc};

/// A closed range of durations in whole seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bounds {
    pub min_secs: u64,
    pub max_secs: u64,
}

impl Bounds {
    pub const fn new(min_secs: u64, max_secs: u64) -> Bounds {
        Bounds { min_secs, max_secs }
    }

    /// `seconds` (any integer, negative included) brought into the range.
    pub fn clamp(self, seconds: i128) -> StdDuration {
        let clamped = seconds.clamp(self.min_secs as i128, self.max_secs as i128);
        StdDuration::from_secs(clamped as u64)
    }

    /// A duration brought into the range.
    pub fn clamp_duration(self, d: StdDuration) -> StdDuration {
        d.clamp(
            StdDuration::from_secs(self.min_secs),
            StdDuration::from_secs(self.max_secs),
        )
    }

    /// A number of seconds as text (as a header or a lenient JSON field sends it), brought into
    /// the range; `None` when it is not a number at all.
    pub fn parse(self, text: &str) -> Option<StdDuration> {
        let text = text.trim();
        if let Ok(n) = text.parse::<i128>() {
            return Some(self.clamp(n));
        }
        // A string of digits too long for i128 is still a (huge) number.
        let digits = text.strip_prefix('+').unwrap_or(text);
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            return Some(StdDuration::from_secs(self.max_secs));
        }
        if let Some(neg) = text.strip_prefix('-') {
            if !neg.is_empty() && neg.bytes().all(|b| b.is_ascii_digit()) {
                return Some(StdDuration::from_secs(self.min_secs));
            }
        }
        // A float ("3599.0") some proxies send.
        match text.parse::<f64>() {
            Ok(f) if f.is_finite() => Some(self.clamp(f as i128)),
            Ok(f) if f.is_nan() => None,
            Ok(f) if f > 0.0 => Some(StdDuration::from_secs(self.max_secs)),
            Ok(_) => Some(StdDuration::from_secs(self.min_secs)),
            Err(_) => None,
        }
    }
}

/// An access token's lifetime (`expires_in`): Microsoft gives 60–90 minutes; a minute at the
/// least (so a refresh is not asked at once again), a day at the most.
pub const TOKEN_LIFETIME: Bounds = Bounds::new(60, 86_400);

/// A device code's lifetime (`expires_in`, 900 s from Microsoft).
pub const DEVICE_CODE_LIFETIME: Bounds = Bounds::new(60, 3_600);

/// The pause between polls of a device code (`interval`, 5 s from Microsoft).
pub const DEVICE_CODE_INTERVAL: Bounds = Bounds::new(1, 60);

/// Any wait a server asks for (`Retry-After` on Graph or the identity platform): at least a
/// second, at most ten minutes — the panel keeps trying and stays honest meanwhile.
pub const SERVER_WAIT: Bounds = Bounds::new(1, 600);

/// A `Retry-After` header: delta-seconds or an HTTP-date (RFC 9110 §10.2.3), as a wait from
/// `now`, within [`SERVER_WAIT`]; `None` when it is neither.
pub fn retry_after(header: &str, now: DateTime<Utc>) -> Option<StdDuration> {
    if let Some(wait) = SERVER_WAIT.parse(header) {
        return Some(wait);
    }
    let at = DateTime::parse_from_rfc2822(header.trim()).ok()?;
    let seconds = (at.with_timezone(&Utc) - now).num_seconds();
    Some(SERVER_WAIT.clamp(seconds as i128))
}

/// A standard duration as a chrono one, saturating (no panic however long).
pub fn chrono_duration(d: StdDuration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX)
}

/// `at + d`, or the latest instant an event may have ([`LATEST_INSTANT`]) when that overflows.
pub fn add(at: DateTime<Utc>, d: StdDuration) -> DateTime<Utc> {
    at.checked_add_signed(chrono_duration(d))
        .unwrap_or_else(latest_instant)
        .min(latest_instant())
}

/// `Instant::now() + d` without overflow (at most a year ahead).
pub fn instant_after(d: StdDuration) -> tokio::time::Instant {
    let d = d.min(StdDuration::from_secs(365 * 86_400));
    let now = tokio::time::Instant::now();
    now.checked_add(d).unwrap_or(now)
}

/// The earliest instant an event, a sign-in or a cached time may carry: 2000-01-01.
pub const EARLIEST_INSTANT: i64 = 946_684_800;
/// The latest: 2200-01-01. Far enough for any booking window, near enough that adding a year of
/// minutes to it cannot overflow anything.
pub const LATEST_INSTANT: i64 = 7_258_118_400;

fn earliest_instant() -> DateTime<Utc> {
    Utc.timestamp_opt(EARLIEST_INSTANT, 0)
        .single()
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

fn latest_instant() -> DateTime<Utc> {
    Utc.timestamp_opt(LATEST_INSTANT, 0)
        .single()
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// An instant from outside (an event's start or end, a time in a state file) brought into
/// [`EARLIEST_INSTANT`, `LATEST_INSTANT`].
pub fn instant(at: DateTime<Utc>) -> DateTime<Utc> {
    at.clamp(earliest_instant(), latest_instant())
}

/// The most a Graph answer may carry (a page of 50 events is some 100 KiB).
/// The most categories of an event kept when the check-in marker is added to them (Outlook
/// users have a few; more is not a calendar).
pub const MAX_CATEGORIES: usize = 50;

pub const GRAPH_BODY_BYTES: usize = 8 * 1024 * 1024;
/// The most an identity platform answer may carry (tokens are a few KiB).
pub const IDENTITY_BODY_BYTES: usize = 256 * 1024;
/// The longest access or refresh token kept (Microsoft's are under 8 KiB).
pub const TOKEN_BYTES: usize = 64 * 1024;

/// Why a body was not read whole.
#[derive(Debug)]
pub enum BodyError {
    /// Bigger than `limit` bytes.
    TooLarge { limit: usize },
    /// The connection failed while reading.
    Http(reqwest::Error),
}

/// Reads a response's body as text, refusing one over `limit` bytes (by its Content-Length at
/// once, else as the bytes arrive), so a hostile or broken server cannot fill the memory.
pub async fn body(mut response: reqwest::Response, limit: usize) -> Result<String, BodyError> {
    if response.content_length().is_some_and(|n| n > limit as u64) {
        return Err(BodyError::TooLarge { limit });
    }
    let mut bytes: Vec<u8> = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Http)? {
        if bytes.len() + chunk.len() > limit {
            return Err(BodyError::TooLarge { limit });
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// `text` without terminal control characters (escape sequences, carriage returns, bells), for
/// anything from outside that is printed or shown: a user code, a URL, a name.
pub fn printable(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn waits_from_outside_stay_in_range() {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
        let secs = |h: &str| retry_after(h, now).map(|d| d.as_secs());
        assert_eq!(secs("30"), Some(30));
        assert_eq!(secs("0"), Some(1));
        assert_eq!(secs("-5"), Some(1));
        assert_eq!(secs("9223372036854775807"), Some(600));
        assert_eq!(secs("18446744073709551615"), Some(600));
        assert_eq!(secs("1000000000000"), Some(600));
        assert_eq!(
            secs("99999999999999999999999999999999999999999999"),
            Some(600)
        );
        assert_eq!(secs("Mon, 23 Nov 2026 09:02:00 GMT"), Some(120));
        assert_eq!(secs("Mon, 23 Nov 2026 08:00:00 GMT"), Some(1));
        assert_eq!(secs("soon"), None);
        assert_eq!(secs("1e300").map(|_| ()), Some(()));
    }

    #[test]
    fn instants_and_sums_saturate() {
        let far = add(Utc::now(), StdDuration::from_secs(u64::MAX));
        assert_eq!(far.timestamp(), LATEST_INSTANT);
        assert_eq!(
            instant(DateTime::<Utc>::MIN_UTC).timestamp(),
            EARLIEST_INSTANT
        );
        let _ = instant_after(StdDuration::MAX);
    }

    #[test]
    fn control_characters_are_dropped() {
        assert_eq!(printable("AB\u{1b}[2JCD\r\n\u{7}"), "AB[2JCD");
    }

    proptest! {
        #[test]
        fn any_text_parses_without_panic_and_in_range(text in ".{0,40}") {
            let now = Utc::now();
            if let Some(d) = retry_after(&text, now) {
                prop_assert!(d >= StdDuration::from_secs(1) && d <= StdDuration::from_secs(600));
            }
        }

        #[test]
        fn any_integer_clamps(n in any::<i128>()) {
            let d = TOKEN_LIFETIME.clamp(n);
            prop_assert!(d.as_secs() >= 60 && d.as_secs() <= 86_400);
        }
    }
}
