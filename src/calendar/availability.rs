//! "Find a free room" through Microsoft Graph: the rooms of the Places directory and their
//! free/busy times from `getSchedule`, handed to the core ([`crate::core::free_rooms`]) to pick
//! and order.

use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;

use crate::calendar::times::{parse_date_time, DateTimeTimeZone};
use crate::core::free_rooms::{free_rooms, Availability, FreeRoom, Interval};
use crate::core::rooms::RoomChoice;
use crate::microsoft::client::{Graph, GraphError};

/// `getSchedule` takes at most this many addresses a request.
pub const SCHEDULES_PER_REQUEST: usize = 20;

#[derive(Deserialize)]
struct ScheduleAnswer {
    value: Vec<ScheduleInformation>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ScheduleInformation {
    schedule_id: String,
    #[serde(default)]
    schedule_items: Vec<ScheduleItem>,
    error: Option<FreeBusyError>,
}

#[derive(Deserialize)]
struct ScheduleItem {
    status: Option<String>,
    start: DateTimeTimeZone,
    end: DateTimeTimeZone,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FreeBusyError {
    #[serde(default)]
    message: String,
    #[serde(default)]
    response_code: String,
}

/// A `dateTimeTimeZone` in UTC, as `getSchedule` takes it.
fn utc_value(at: DateTime<Utc>) -> serde_json::Value {
    serde_json::json!({
        "dateTime": at.format("%Y-%m-%dT%H:%M:%S").to_string(),
        "timeZone": "UTC",
    })
}

/// The free/busy times of `rooms` within `[from, to)`, asked of `getSchedule` as
/// `schedule_owner` (`/me` when signed in as a user, `/users/{account}` app-only), at most
/// twenty rooms a request, one request after the other. Everything but "free" counts as busy,
/// as it does for the panel's own room. A room Graph answers with an error for (unknown
/// address, no access) is left out; a failed request fails the whole search.
pub async fn availability(
    graph: &Graph,
    schedule_owner: &str,
    rooms: &[RoomChoice],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Availability>, GraphError> {
    let path = format!(
        "{}/calendar/getSchedule",
        schedule_owner.trim_end_matches('/')
    );
    let mut out = Vec::with_capacity(rooms.len());
    for batch in rooms.chunks(SCHEDULES_PER_REQUEST) {
        let request = serde_json::json!({
            "schedules": batch.iter().map(|r| r.email.as_str()).collect::<Vec<_>>(),
            "startTime": utc_value(from),
            "endTime": utc_value(to),
            "availabilityViewInterval": 15,
        });
        let body = graph
            .send_json(reqwest::Method::POST, &path, Some(&request))
            .await?;
        let answer: ScheduleAnswer =
            serde_json::from_str(&body).map_err(|e| GraphError::Protocol {
                url: path.clone(),
                detail: e.to_string(),
            })?;
        for info in answer.value {
            let Some(room) = batch
                .iter()
                .find(|r| r.email.eq_ignore_ascii_case(&info.schedule_id))
            else {
                continue;
            };
            if let Some(error) = info.error {
                tracing::debug!(
                    room = %room.email,
                    "getSchedule left the room out ({}: {})",
                    error.response_code,
                    error.message
                );
                continue;
            }
            let busy = busy_times(&info.schedule_items).map_err(|detail| GraphError::Protocol {
                url: path.clone(),
                detail,
            })?;
            out.push(Availability {
                room: room.clone(),
                busy,
            });
        }
    }
    Ok(out)
}

/// The items that take the room (anything but "free"), as UTC intervals: times within the
/// years [`crate::limits::instant`] allows, an end before its start taken as the start.
fn busy_times(items: &[ScheduleItem]) -> Result<Vec<Interval>, String> {
    items
        .iter()
        .filter(|item| item.status.as_deref() != Some("free"))
        .map(|item| {
            let start = parse_date_time(&item.start)?;
            Ok((start, parse_date_time(&item.end)?.max(start)))
        })
        .collect()
}

/// The rooms of the Places directory free from `now` for at least `min_free`, nearest to the
/// panel's room (`here`, its address) first; `window_end` from
/// [`crate::core::free_rooms::window_end`].
pub async fn find_free_rooms(
    graph: &Graph,
    schedule_owner: &str,
    here: Option<&str>,
    now: DateTime<Utc>,
    window_end: DateTime<Utc>,
    min_free: Duration,
) -> Result<Vec<FreeRoom>, GraphError> {
    let directory = crate::microsoft::client::rooms(graph).await?;
    let is_here = |r: &RoomChoice| here.is_some_and(|h| r.email.eq_ignore_ascii_case(h));
    let this_room = directory.iter().find(|r| is_here(r)).cloned();
    let others: Vec<RoomChoice> = directory.into_iter().filter(|r| !is_here(r)).collect();
    let rooms = availability(graph, schedule_owner, &others, now, window_end).await?;
    Ok(free_rooms(
        now,
        this_room.as_ref(),
        &rooms,
        window_end,
        min_free,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn busy_times_from_outside_stay_in_range_and_in_order() {
        let items: Vec<ScheduleItem> = serde_json::from_value(serde_json::json!([
            { "status": "busy",
              "start": { "dateTime": "9999-12-31T23:59:59.9999999", "timeZone": "UTC" },
              "end": { "dateTime": "+262142-01-01T00:00:00", "timeZone": "UTC" } },
            { "status": "tentative",
              "start": { "dateTime": "2026-11-23T10:00:00.0000000", "timeZone": "UTC" },
              "end": { "dateTime": "2026-11-23T09:00:00.0000000", "timeZone": "UTC" } },
        ]))
        .unwrap();
        let busy = busy_times(&items).unwrap();
        assert_eq!(busy[0].0.timestamp(), crate::limits::LATEST_INSTANT);
        assert_eq!(busy[0].1.timestamp(), crate::limits::LATEST_INSTANT);
        assert_eq!(
            busy[1].0, busy[1].1,
            "an end before the start is no time at all"
        );
    }

    use chrono::TimeZone;
    use proptest::prelude::*;

    /// Microsoft's documented `getSchedule` answer, verbatim.
    fn example() -> ScheduleAnswer {
        let doc: serde_json::Value = serde_json::from_str(include_str!(
            "../../tests/data/msgraph/calendar-getschedule.json"
        ))
        .unwrap();
        serde_json::from_value(doc["response"].clone()).unwrap()
    }

    #[test]
    fn microsofts_example_reads_as_documented() {
        let answer = example();
        assert_eq!(
            answer.value[0].schedule_id,
            "adelev@contoso.onmicrosoft.com"
        );
        let busy = busy_times(&answer.value[0].schedule_items).unwrap();
        // 12:00 Pacific time on 2019-03-15 (daylight time already): 19:00 UTC.
        assert_eq!(
            busy[0].0,
            Utc.with_ymd_and_hms(2019, 3, 15, 19, 0, 0).unwrap()
        );
    }

    fn odd_time() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::sample::select(vec![
                "+262142-12-31T23:59:59",
                "-262143-01-01T00:00:00",
                "9999-12-31T23:59:59.9999999",
                "0000-01-01T00:00:00",
                "2019-03-10T02:30:00.0000000",
                "2019-03-15T12:00:00+14:00",
            ])
            .prop_map(str::to_owned),
            ".{0,30}",
        ]
    }

    fn odd_zone() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::sample::select(vec![
                "Pacific Standard Time",
                "Dateline Standard Time",
                "Line Islands Standard Time",
                "Australia/Lord_Howe",
                "UTC",
            ])
            .prop_map(str::to_owned),
            ".{0,20}",
        ]
    }

    proptest! {
        /// The documented answer with odd times and zones: busy times or an error, never a
        /// panic; times in range; the core's choice copes with them at any instant.
        #[test]
        fn mutated_schedules_never_panic(
            start in odd_time(), end in odd_time(), zone in odd_zone(),
            now in crate::limits::EARLIEST_INSTANT..=crate::limits::LATEST_INSTANT,
        ) {
            let mut answer = example();
            let item = &mut answer.value[1].schedule_items[0];
            item.start.date_time = start;
            item.end.date_time = end;
            item.end.time_zone = Some(zone);
            let Ok(busy) = busy_times(&answer.value[1].schedule_items) else {
                return Ok(());
            };
            for (from, to) in &busy {
                prop_assert!(from <= to);
                prop_assert!(from.timestamp() >= crate::limits::EARLIEST_INSTANT);
                prop_assert!(to.timestamp() <= crate::limits::LATEST_INSTANT);
            }
            let now = Utc.timestamp_opt(now, 0).unwrap();
            let room = RoomChoice {
                email: "meganb@contoso.onmicrosoft.com".to_owned(),
                name: "Megan".to_owned(),
                building: None,
                floor: None,
                capacity: None,
            };
            let rooms = [Availability { room, busy }];
            let _ = free_rooms(now, None, &rooms, now + Duration::hours(10), Duration::minutes(30));
        }
    }
}
