//! Check-in recorded in Exchange, so every panel of a room agrees and a replaced panel forgets
//! nothing.
//!
//! - The marker: a category on the room's copy of the event, `Checked in 10:02`. A category,
//!   not a single-value extended property (as door bookings carry), because the panels read the
//!   room with `calendarView/delta`, which takes no `$expand`: an extended property never
//!   arrives in a delta round, while `categories` comes with every event. So a check-in at one
//!   panel is in the next delta round of every other panel of the room, in every auth mode.
//! - Exchange's own check-in (`POST /places/{room}/checkIns`, a `checkInClaim` with the event's
//!   `iCalUId` and method `verified`: a device bound to the place): with a delegated sign-in
//!   only, as Microsoft supports no application permission for it. It is what keeps Exchange's
//!   auto-release (`EnableAutoRelease`) from releasing the meeting.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::microsoft::client::{Graph, GraphError};

/// The words every marker begins with.
pub const MARKER_PREFIX: &str = "Checked in";

/// The marker for a check-in at `at`, in the display zone: "Checked in 10:02".
pub fn marker(at: DateTime<Utc>, tz: Tz) -> String {
    format!("{MARKER_PREFIX} {}", at.with_timezone(&tz).format("%H:%M"))
}

/// Whether an event's categories (as Graph sends them: any JSON) carry the marker.
pub fn is_marked(categories: &serde_json::Value) -> bool {
    categories
        .as_array()
        .is_some_and(|all| all.iter().filter_map(|c| c.as_str()).any(is_marker))
}

fn is_marker(category: &str) -> bool {
    category.starts_with(MARKER_PREFIX)
}

/// The room's copy as the check-in and the release look at it.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct RoomCopy {
    #[serde(default)]
    categories: serde_json::Value,
    #[serde(default)]
    is_cancelled: Option<bool>,
}

/// What the room's copy of a meeting says now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CopyNow {
    /// Gone or cancelled: released (or cancelled) already.
    Gone,
    /// Someone checked in (another panel's marker).
    CheckedIn,
    /// Still there, nobody checked in.
    Open,
}

/// Reads the room's copy of a meeting now (one request).
pub async fn copy_now(graph: &Graph, room: &str, event_id: &str) -> Result<CopyNow, GraphError> {
    let path = format!("/users/{room}/events/{event_id}?$select=categories,isCancelled");
    match graph.get::<RoomCopy>(&path).await {
        Ok(copy) if copy.is_cancelled == Some(true) => Ok(CopyNow::Gone),
        Ok(copy) if is_marked(&copy.categories) => Ok(CopyNow::CheckedIn),
        Ok(_) => Ok(CopyNow::Open),
        Err(GraphError::NotFound { .. }) => Ok(CopyNow::Gone),
        Err(err) => Err(err),
    }
}

/// Puts the marker on the room's copy of a meeting, keeping its other categories (a copy
/// already marked is left as it is). Two requests: read the categories, write them.
pub async fn mark(
    graph: &Graph,
    room: &str,
    event_id: &str,
    marker: &str,
) -> Result<(), GraphError> {
    let path = format!("/users/{room}/events/{event_id}?$select=categories,isCancelled");
    let copy: RoomCopy = graph.get(&path).await?;
    if is_marked(&copy.categories) {
        return Ok(());
    }
    let mut categories: Vec<String> = copy
        .categories
        .as_array()
        .map(|all| {
            all.iter()
                .filter_map(|c| c.as_str())
                .take(crate::limits::MAX_CATEGORIES)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    categories.push(marker.to_owned());
    let body = serde_json::json!({ "categories": categories });
    graph
        .send_json(
            reqwest::Method::PATCH,
            &format!("/users/{room}/events/{event_id}"),
            Some(&body),
        )
        .await
        .map(|_| ())
}

/// Records the check-in in Exchange (`verified`: a device bound to the room), by the event's
/// `iCalUId`. Delegated sign-in only.
pub async fn claim(graph: &Graph, room: &str, ical_uid: &str) -> Result<(), GraphError> {
    let body = serde_json::json!({ "calendarEventId": ical_uid, "checkInMethod": "verified" });
    graph
        .send_json(
            reqwest::Method::POST,
            &format!("/places/{room}/checkIns"),
            Some(&body),
        )
        .await
        .map(|_| ())
}

/// Whether Exchange holds a check-in to the meeting with this `iCalUId` (one request; none is
/// a 404).
pub async fn claimed(graph: &Graph, room: &str, ical_uid: &str) -> Result<bool, GraphError> {
    let id: String = ical_uid
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    match graph
        .get::<serde_json::Value>(&format!("/places/{room}/checkIns/{id}"))
        .await
    {
        Ok(_) => Ok(true),
        Err(GraphError::NotFound { .. }) => Ok(false),
        Err(err) => Err(err),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_marker_is_a_category_read_back_from_any_json() {
        let at = Utc.with_ymd_and_hms(2026, 11, 23, 9, 2, 0).unwrap();
        let m = marker(at, chrono_tz::Europe::Berlin);
        assert_eq!(m, "Checked in 10:02");
        assert!(is_marked(&serde_json::json!(["Red category", m])));
        assert!(!is_marked(&serde_json::json!(["Red category"])));
        assert!(!is_marked(&serde_json::json!("Checked in 10:02")));
        assert!(!is_marked(&serde_json::json!([1, null, {}])));
        assert!(!is_marked(&serde_json::Value::Null));
    }
}
