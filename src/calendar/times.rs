//! Graph's `dateTimeTimeZone` (a wall-clock time and the name of its zone) read as an instant,
//! for calendar events, free/busy times and door bookings alike.

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::Deserialize;

use crate::limits;

/// Graph's `dateTimeTimeZone`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DateTimeTimeZone {
    pub date_time: String,
    #[serde(default)]
    pub time_zone: Option<String>,
}

/// Parses Graph's `dateTimeTimeZone`: `2026-11-23T09:00:00.0000000` (seven fractional digits,
/// no offset) in the named zone (IANA, Windows or UTC); an offset in the text wins. The instant
/// is brought into [`limits::EARLIEST_INSTANT`, `limits::LATEST_INSTANT`] (year 2000 to 2200), so
/// nothing downstream can overflow adding minutes or taking differences.
pub fn parse_date_time(value: &DateTimeTimeZone) -> Result<DateTime<Utc>, String> {
    let text = value.date_time.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Ok(limits::instant(at.with_timezone(&Utc)));
    }
    let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M"))
        .map_err(|e| format!("cannot read the time {text:?}: {e}"))?;
    let zone_name = value.time_zone.as_deref().unwrap_or("UTC");
    let zone = super::zones::zone(zone_name)
        .ok_or_else(|| format!("unknown time zone {zone_name:?} (for {text})"))?;
    Ok(limits::instant(local_to_utc(zone, naive)))
}

/// A wall-clock time in `zone` as an instant: in a gap (spring forward) the time after it, in
/// an overlap (fall back) the earlier one.
fn local_to_utc(zone: Tz, naive: NaiveDateTime) -> DateTime<Utc> {
    match zone.from_local_datetime(&naive) {
        chrono::LocalResult::Single(t) => t.with_timezone(&Utc),
        chrono::LocalResult::Ambiguous(early, _) => early.with_timezone(&Utc),
        chrono::LocalResult::None => (1..=4)
            .find_map(|h| {
                zone.from_local_datetime(
                    &naive.checked_add_signed(chrono::Duration::minutes(30 * h))?,
                )
                .earliest()
            })
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| Utc.from_utc_datetime(&naive)),
    }
}
