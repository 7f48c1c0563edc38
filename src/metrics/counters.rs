//! What the panel counts as it happens: Graph requests, token renewals, bookings, check-ins and
//! releases. One set per process, so the code that does the thing counts it with one call and
//! needs no handle passed down; `/metrics` reads them (when it is on — counting costs an atomic
//! add either way). Every label value is a fixed word chosen here, never text from outside, so
//! no mailbox, token or code can reach a label.

use std::sync::OnceLock;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;

use crate::core::view::ActionResult;

/// `operation` and `outcome` of a Graph request.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    pub operation: &'static str,
    pub outcome: &'static str,
}

/// `operation` alone.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct OperationLabel {
    pub operation: &'static str,
}

/// `outcome` alone.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct OutcomeLabel {
    pub outcome: &'static str,
}

/// The process's counters.
#[derive(Debug)]
pub struct Counters {
    pub graph_requests: Family<RequestLabels, Counter>,
    pub graph_throttled: Family<OperationLabel, Counter>,
    pub token_refreshes: Family<OutcomeLabel, Counter>,
    pub bookings: Family<OutcomeLabel, Counter>,
    pub check_ins: Counter,
    pub releases: Counter,
}

impl Counters {
    /// Every counter at zero; the outcomes known beforehand are listed at zero from the start,
    /// so a rate or an increase has a series before the first event.
    fn new() -> Counters {
        let c = Counters {
            graph_requests: Family::default(),
            graph_throttled: Family::default(),
            token_refreshes: Family::default(),
            bookings: Family::default(),
            check_ins: Counter::default(),
            releases: Counter::default(),
        };
        for outcome in ["ok", "failed"] {
            let _ = c.token_refreshes.get_or_create(&OutcomeLabel { outcome });
        }
        for outcome in ["accepted", "declined", "pending", "failed"] {
            let _ = c.bookings.get_or_create(&OutcomeLabel { outcome });
        }
        c
    }
}

/// This process's counters.
pub fn counters() -> &'static Counters {
    static COUNTERS: OnceLock<Counters> = OnceLock::new();
    COUNTERS.get_or_init(Counters::new)
}

/// What a Graph request was for, from its method and URL (query and ids left out).
pub fn operation(method: &str, url: &str) -> &'static str {
    let path = url
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let has = |part: &str| path.split('/').any(|s| s == part);
    if has("calendarview") || has("delta") {
        "calendar_view"
    } else if has("getschedule") {
        "get_schedule"
    } else if has("places") || path.contains("microsoft.graph.room") {
        "places"
    } else if has("decline") {
        "release"
    } else if has("events") {
        match method {
            "POST" => "event_create",
            "PATCH" => "event_update",
            "DELETE" => "event_delete",
            _ => "event_read",
        }
    } else if path.ends_with("/me") {
        "me"
    } else if has("users") {
        "user"
    } else {
        "other"
    }
}

/// The outcome of an answered request, by its HTTP status.
pub fn outcome(status: u16, retry_after: bool) -> &'static str {
    match status {
        200..=299 => "ok",
        401 => "unauthorized",
        429 => "throttled",
        503 if retry_after => "throttled",
        400..=499 => "client_error",
        _ => "server_error",
    }
}

/// One Graph request sent: its answer's status, or `None` when none came (network).
pub fn graph_request(method: &str, url: &str, answer: Option<(u16, bool)>) {
    let operation = operation(method, url);
    let outcome = answer.map_or("network_error", |(status, retry)| outcome(status, retry));
    let c = counters();
    c.graph_requests
        .get_or_create(&RequestLabels { operation, outcome })
        .inc();
    if outcome == "throttled" {
        graph_throttled(method, url);
    }
}

/// A Graph request held back or answered with "wait" (`Retry-After`).
pub fn graph_throttled(method: &str, url: &str) {
    counters()
        .graph_throttled
        .get_or_create(&OperationLabel {
            operation: operation(method, url),
        })
        .inc();
}

/// One request to the token endpoint for a new access token.
pub fn token_refresh(ok: bool) {
    let outcome = if ok { "ok" } else { "failed" };
    counters()
        .token_refreshes
        .get_or_create(&OutcomeLabel { outcome })
        .inc();
}

/// A tap's result: a booking's outcome (`booking` true for Book now and "Find a free room"),
/// or a check-in.
pub fn tap(booking: bool, result: Option<&ActionResult>) {
    let c = counters();
    if booking {
        let outcome = match result {
            Some(ActionResult::Booked { .. } | ActionResult::BookedRoom { .. }) => "accepted",
            Some(ActionResult::Declined { .. }) => "declined",
            Some(ActionResult::Pending) => "pending",
            _ => "failed",
        };
        c.bookings.get_or_create(&OutcomeLabel { outcome }).inc();
    } else if result == Some(&ActionResult::CheckedIn) {
        c.check_ins.inc();
    }
}

/// A pending booking answered later by the room.
pub fn booking_answered(result: &ActionResult) {
    let outcome = match result {
        ActionResult::Booked { .. } | ActionResult::BookedRoom { .. } => "accepted",
        ActionResult::Declined { .. } => "declined",
        _ => return,
    };
    counters()
        .bookings
        .get_or_create(&OutcomeLabel { outcome })
        .inc();
}

/// A meeting released (declined) because nobody checked in.
pub fn release() {
    counters().releases.inc();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_are_fixed_words_whatever_the_url_says() {
        let room = "https://graph.microsoft.com/v1.0/users/room1%40contoso.com";
        assert_eq!(
            operation("GET", &format!("{room}/calendarView/delta?startDateTime=x")),
            "calendar_view"
        );
        assert_eq!(
            operation("POST", &format!("{room}/events/AAMk=/decline")),
            "release"
        );
        assert_eq!(
            operation("PATCH", &format!("{room}/events/AAMk=")),
            "event_update"
        );
        assert_eq!(operation("POST", &format!("{room}/events")), "event_create");
        assert_eq!(
            operation("POST", &format!("{room}/calendar/getSchedule")),
            "get_schedule"
        );
        assert_eq!(
            operation("GET", "https://graph.microsoft.com/v1.0/me"),
            "me"
        );
        assert_eq!(
            operation(
                "GET",
                "https://graph.microsoft.com/v1.0/places/microsoft.graph.room"
            ),
            "places"
        );
        assert_eq!(operation("GET", "https://x/secret-token-here"), "other");
    }

    #[test]
    fn outcomes_follow_the_status() {
        assert_eq!(outcome(200, false), "ok");
        assert_eq!(outcome(429, true), "throttled");
        assert_eq!(outcome(503, true), "throttled");
        assert_eq!(outcome(503, false), "server_error");
        assert_eq!(outcome(404, false), "client_error");
        assert_eq!(outcome(401, false), "unauthorized");
    }
}
