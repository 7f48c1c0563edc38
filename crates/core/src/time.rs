//! Wall-clock time in a zone: the instant a local time happens, the bounds of a local day. One
//! rule for local times that do not exist or happen twice, for the whole panel.

use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// The instant a wall-clock time on `date` happens in `tz`. A time in a DST gap (e.g. 02:30
/// when clocks jump to 03:00, or midnight in some zones) moves on by the hour skipped; an
/// ambiguous one takes the earlier instant.
pub fn local_instant(tz: Tz, date: chrono::NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    let naive = date.and_time(time);
    tz.from_local_datetime(&naive)
        .earliest()
        .or_else(|| {
            tz.from_local_datetime(&(naive + Duration::hours(1)))
                .earliest()
        })
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&naive))
}

/// Start and end of the local day that contains `now`, as UTC instants.
pub fn local_day(now: DateTime<Utc>, tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
    let date = now.with_timezone(&tz).date_naive();
    let next = date.succ_opt().unwrap_or(date);
    (
        local_instant(tz, date, NaiveTime::MIN),
        local_instant(tz, next, NaiveTime::MIN),
    )
}

/// 24-hour ("14:00") or 12-hour ("2:00 PM") clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ClockFormat {
    #[default]
    H24,
    H12,
}
