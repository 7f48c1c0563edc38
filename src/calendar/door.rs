//! Bookings made at the door, through Exchange: the event is created in the system user's
//! calendar with the room as location and as a `resource` attendee, and counts only once the
//! room's booking attendant has accepted it — so two panels, or a panel and Outlook, can never
//! double-book. Never written straight into the room's calendar (that skips the conflict check).
//!
//! The panel knows its own bookings from the calendar itself: every event made here carries a
//! marker Exchange keeps with it, a single-value extended property ([`MARKER_ID`], invisible to
//! people) whose value is the room's address, and the booking account is its organizer. The room's
//! copy of an event is matched to ours by `iCalUId`. `door-bookings.json` in the state directory is
//! a cache of the same list, kept in memory too: a full disk or a lost file costs one look-up in
//! the booking account's calendar ([`find_marked`]), never the panel's End now or +15 min.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::microsoft::client::{Graph, GraphError};
use crate::persist;

/// File in the state directory listing the events made at this panel.
pub const DOOR_BOOKINGS_FILE: &str = persist::DOOR_BOOKINGS.name;

/// The marker on every event made at a door panel: a String property in the PublicStrings
/// property set, named `roomsign.door`; its value is the room's address (lower case).
pub const MARKER_ID: &str = "String {00020329-0000-0000-C000-000000000046} Name roomsign.door";

/// How long a booking waits for the room's answer before it says "Waiting for the room to
/// confirm" (the check goes on in the background).
pub const ANSWER_WAIT: StdDuration = StdDuration::from_secs(30);

/// An event this panel made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DoorBooking {
    /// The event's id in the booking account's calendar.
    pub event_id: String,
    /// The same for every copy of the meeting (ours, the room's).
    pub ical_uid: String,
    /// The room's mailbox.
    pub room: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// The events made here: in memory, with `door-bookings.json` as their cache on disk (read again
/// at every look, so a booking made by `roomsign book` beside the panel is known at once).
pub struct DoorBookings {
    dir: PathBuf,
    known: Mutex<Vec<DoorBooking>>,
}

impl DoorBookings {
    pub fn new(state_dir: &Path) -> DoorBookings {
        DoorBookings {
            dir: state_dir.to_owned(),
            known: Mutex::new(Vec::new()),
        }
    }

    fn on_disk(&self) -> Vec<DoorBooking> {
        let mut all: Vec<DoorBooking> =
            persist::load(&self.dir, persist::DOOR_BOOKINGS, |_: &Vec<DoorBooking>| {
                true
            })
            .unwrap_or_default();
        // Times from a file are brought into the range an event may have.
        for b in &mut all {
            b.start = crate::limits::instant(b.start);
            b.end = crate::limits::instant(b.end);
        }
        all
    }

    /// Every door booking known, in memory or on disk.
    pub fn load(&self) -> Vec<DoorBooking> {
        let mut all = self.known.lock().map(|k| k.clone()).unwrap_or_default();
        for b in self.on_disk() {
            if !all.iter().any(|k| k.event_id == b.event_id) {
                all.push(b);
            }
        }
        all
    }

    fn keep(&self, all: Vec<DoorBooking>) {
        if let Ok(mut known) = self.known.lock() {
            known.clone_from(&all);
        }
        if let Err(err) = persist::save(&self.dir, persist::DOOR_BOOKINGS, &all) {
            tracing::warn!(
                "cannot keep the door bookings in {}: {err}; they are kept in memory and found again in the calendar",
                self.dir.join(DOOR_BOOKINGS_FILE).display()
            );
        }
    }

    /// Adds or replaces (by event id) one booking; drops those that ended over a day ago.
    pub fn put(&self, booking: DoorBooking, now: DateTime<Utc>) {
        let mut all = self.load();
        all.retain(|b| b.event_id != booking.event_id && b.end > now - chrono::Duration::days(1));
        all.push(booking);
        self.keep(all);
    }

    /// Adds the bookings found in the calendar that were not known; whether any was new.
    pub fn learn(&self, found: Vec<DoorBooking>, now: DateTime<Utc>) -> bool {
        let mut all = self.load();
        let before = all.len();
        for b in found {
            if !all.iter().any(|k| k.event_id == b.event_id) {
                all.push(b);
            }
        }
        if all.len() == before {
            return false;
        }
        all.retain(|b| b.end > now - chrono::Duration::days(1));
        self.keep(all);
        true
    }

    pub fn remove(&self, event_id: &str) {
        let mut all = self.load();
        all.retain(|b| b.event_id != event_id);
        self.keep(all);
    }
}

/// How the room answered an event it was invited to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoomAnswer {
    Accepted,
    Declined,
    /// Not yet (none, notResponded, tentativelyAccepted while a delegate decides).
    Undecided,
    /// The event is gone (deleted elsewhere).
    Gone,
}

/// Graph's time for a request body: UTC wall-clock time, zone "UTC".
pub fn graph_time(at: DateTime<Utc>) -> serde_json::Value {
    serde_json::json!({
        "dateTime": at.format("%Y-%m-%dT%H:%M:%S").to_string(),
        "timeZone": "UTC",
    })
}

/// The body of a door booking's event.
pub fn new_event(
    subject: &str,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    room: &str,
    room_name: &str,
    transaction_id: &str,
) -> serde_json::Value {
    serde_json::json!({
        "subject": subject,
        "body": { "contentType": "text", "content": format!("Booked at the door panel of {room_name}.") },
        "start": graph_time(start),
        "end": graph_time(end),
        "location": { "displayName": room_name, "locationEmailAddress": room, "locationType": "conferenceRoom" },
        "attendees": [ {
            "type": "resource",
            "emailAddress": { "address": room, "name": room_name }
        } ],
        "showAs": "busy",
        "isReminderOn": false,
        "responseRequested": true,
        "transactionId": transaction_id,
        "singleValueExtendedProperties": [ { "id": MARKER_ID, "value": room.to_lowercase() } ],
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Created {
    id: String,
    #[serde(rename = "iCalUId")]
    ical_uid: Option<String>,
}

/// Creates the event; a request that fails on the way (timeout, 5xx) is sent again with the same
/// `transactionId`, which Exchange uses to make one event of both.
pub async fn create(
    graph: &Graph,
    owner: &str,
    body: &serde_json::Value,
) -> Result<(String, String), GraphError> {
    let path = format!("{owner}/events");
    let mut pause = StdDuration::from_millis(500);
    let mut attempt = 0;
    loop {
        attempt += 1;
        match graph
            .send_json(reqwest::Method::POST, &path, Some(body))
            .await
        {
            Ok(text) => {
                let created: Created =
                    serde_json::from_str(&text).map_err(|e| GraphError::Protocol {
                        url: path.clone(),
                        detail: e.to_string(),
                    })?;
                let ical = created.ical_uid.unwrap_or_else(|| created.id.clone());
                return Ok((created.id, ical));
            }
            Err(err) if attempt < 3 && err.is_transient() => {
                tracing::warn!("creating the booking failed ({err}); sending it again");
                let wait = match &err {
                    GraphError::Throttled(s) => StdDuration::from_secs(*s),
                    _ => pause,
                };
                tokio::time::sleep(wait).await;
                pause *= 2;
            }
            Err(err) => return Err(err),
        }
    }
}

#[derive(Deserialize)]
struct Attendee {
    #[serde(rename = "emailAddress")]
    email_address: Option<Address>,
    status: Option<Status>,
}

#[derive(Deserialize)]
struct Address {
    address: Option<String>,
}

#[derive(Deserialize)]
struct Status {
    response: Option<String>,
}

#[derive(Deserialize)]
struct EventAttendees {
    #[serde(default)]
    attendees: Vec<Attendee>,
    #[serde(rename = "isCancelled", default)]
    is_cancelled: bool,
}

/// The room's answer to our event, read once.
pub async fn room_answer(
    graph: &Graph,
    owner: &str,
    event_id: &str,
    room: &str,
) -> Result<RoomAnswer, GraphError> {
    let path = format!("{owner}/events/{event_id}?$select=attendees,isCancelled");
    let event: EventAttendees = match graph.get(&path).await {
        Ok(e) => e,
        Err(GraphError::NotFound { .. }) => return Ok(RoomAnswer::Gone),
        Err(err) => return Err(err),
    };
    if event.is_cancelled {
        return Ok(RoomAnswer::Gone);
    }
    let response = event
        .attendees
        .iter()
        .find(|a| {
            a.email_address
                .as_ref()
                .and_then(|e| e.address.as_deref())
                .is_some_and(|a| a.eq_ignore_ascii_case(room))
        })
        .and_then(|a| a.status.as_ref())
        .and_then(|s| s.response.as_deref())
        .unwrap_or("none");
    Ok(match response {
        "accepted" | "organizer" => RoomAnswer::Accepted,
        "declined" => RoomAnswer::Declined,
        _ => RoomAnswer::Undecided,
    })
}

/// Reads the room's answer again and again (after 0.25 s, then half as long again each time, at
/// most every second: a person waits at the door) until it decides or `wait` has passed (then
/// `Undecided`).
pub async fn await_answer(
    graph: &Graph,
    owner: &str,
    event_id: &str,
    room: &str,
    wait: StdDuration,
) -> Result<RoomAnswer, GraphError> {
    let started = tokio::time::Instant::now();
    let mut pause = StdDuration::from_millis(250);
    loop {
        match room_answer(graph, owner, event_id, room).await {
            Ok(RoomAnswer::Undecided) => {}
            Ok(answer) => return Ok(answer),
            Err(err) if err.is_transient() => {
                tracing::debug!("reading the room's answer failed: {err}; trying again");
            }
            Err(err) => return Err(err),
        }
        if started.elapsed() + pause > wait {
            return Ok(RoomAnswer::Undecided);
        }
        tokio::time::sleep(pause).await;
        pause = pause.mul_f64(1.5).min(StdDuration::from_secs(1));
    }
}

/// Moves the end of our event.
pub async fn set_end(
    graph: &Graph,
    owner: &str,
    event_id: &str,
    end: DateTime<Utc>,
) -> Result<(), GraphError> {
    let body = serde_json::json!({ "end": graph_time(end) });
    graph
        .send_json(
            reqwest::Method::PATCH,
            &format!("{owner}/events/{event_id}"),
            Some(&body),
        )
        .await
        .map(|_| ())
}

/// Deletes our event (the room is sent a cancellation).
pub async fn delete(graph: &Graph, owner: &str, event_id: &str) -> Result<(), GraphError> {
    match graph
        .send_json(
            reqwest::Method::DELETE,
            &format!("{owner}/events/{event_id}"),
            None,
        )
        .await
    {
        Ok(_) | Err(GraphError::NotFound { .. }) => Ok(()),
        Err(err) => Err(err),
    }
}

/// Declines the room's copy of a meeting nobody checked in to: the organizer is told, and the
/// room is free again.
pub async fn release(
    graph: &Graph,
    room: &str,
    room_event_id: &str,
    comment: &str,
) -> Result<(), GraphError> {
    let body = serde_json::json!({ "comment": comment, "sendResponse": true });
    graph
        .send_json(
            reqwest::Method::POST,
            &format!("/users/{room}/events/{room_event_id}/decline"),
            Some(&body),
        )
        .await
        .map(|_| ())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Marked {
    id: String,
    #[serde(rename = "iCalUId")]
    ical_uid: Option<String>,
    start: Option<super::times::DateTimeTimeZone>,
    end: Option<super::times::DateTimeTimeZone>,
    is_organizer: Option<bool>,
    #[serde(default)]
    is_cancelled: bool,
}

#[derive(Deserialize)]
struct MarkedPage {
    #[serde(default)]
    value: Vec<Marked>,
}

/// The query for the events made at a door panel for `room` that end at `since` or later.
pub fn marked_query(owner: &str, room: &str, since: DateTime<Utc>) -> String {
    // OData doubles a quote inside a string; what would end the query's value is escaped.
    let room: String = room
        .to_lowercase()
        .replace('\'', "''")
        .chars()
        .map(|c| match c {
            '%' | '&' | '#' | '+' => format!("%{:02X}", c as u32),
            c => c.to_string(),
        })
        .collect();
    format!(
        "{owner}/events?$filter=singleValueExtendedProperties/Any(ep: ep/id eq '{MARKER_ID}' and ep/value eq '{room}') and end/dateTime ge '{}'&$select=id,iCalUId,start,end,isOrganizer,isCancelled&$top=100",
        since.format("%Y-%m-%dT%H:%M:%S")
    )
}

/// The door bookings for `room` in the booking account's calendar (found by the marker, the
/// account their organizer), ending at `since` or later: one request.
pub async fn find_marked(
    graph: &Graph,
    owner: &str,
    room: &str,
    since: DateTime<Utc>,
) -> Result<Vec<DoorBooking>, GraphError> {
    let page: MarkedPage = graph.get(&marked_query(owner, room, since)).await?;
    let time = |t: &Option<super::times::DateTimeTimeZone>| {
        t.as_ref()
            .and_then(|t| super::times::parse_date_time(t).ok())
            .map(crate::limits::instant)
    };
    Ok(page
        .value
        .into_iter()
        .filter(|e| e.is_organizer != Some(false) && !e.is_cancelled)
        .filter_map(|e| {
            Some(DoorBooking {
                start: time(&e.start)?,
                end: time(&e.end)?,
                ical_uid: e.ical_uid.filter(|i| !i.is_empty())?,
                event_id: e.id,
                room: room.to_lowercase(),
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_marker_query_keeps_any_address_inside_its_value() {
        let since = chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 11, 23, 0, 0, 0).unwrap();
        let q = marked_query("/me", "O'Brien&Co#1+x%@Contoso.com", since);
        assert!(
            q.contains("ep/value eq 'o''brien%26co%231%2Bx%25@contoso.com')"),
            "{q}"
        );
        assert!(q.contains("end/dateTime ge '2026-11-23T00:00:00'"));
        assert_eq!(
            q.matches('&').count(),
            2,
            "only $filter, $select and $top: {q}"
        );
    }
}
