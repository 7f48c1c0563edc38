//! `/metrics` for Prometheus: the room's state, the link's health and the process's figures,
//! written with `prometheus-client` and served on the engine's runtime (`server`). Off unless
//! `[metrics] listen` is set; then one port is opened, and nothing else.
//!
//! The state figures are made at each scrape from the same `Report` as `status --json`, so the
//! two cannot disagree; the counters are counted where things happen (`counters`).

pub mod counters;
pub mod process;
pub mod server;

use chrono::{DateTime, Utc};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::info::Info;
use prometheus_client::registry::{Registry, Unit};

use crate::core::lights::Colour;
use crate::core::report::Report;
use crate::core::Snapshot;

/// Every room state `status --json` names.
pub const ROOM_STATES: [&str; 5] = [
    "free",
    "starting_soon",
    "busy",
    "awaiting_check_in",
    "unknown",
];

/// What a scrape shows besides the report.
#[derive(Clone, Debug, PartialEq)]
pub struct Extra {
    pub version: &'static str,
    pub target: String,
    /// When the panel's sign-in or credential runs out unless renewed: 90 days after the last
    /// use of a device-code sign-in, a certificate's expiry; `None`: not known.
    pub token_expiry: Option<DateTime<Utc>>,
    pub process: process::Figures,
}

/// The build this is: version and target.
pub fn build() -> (&'static str, String) {
    (
        env!("CARGO_PKG_VERSION"),
        format!("{}-{}", std::env::consts::ARCH, std::env::consts::OS),
    )
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct BuildLabels {
    version: String,
    target: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RoomLabels {
    room: String,
    mailbox: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StateLabel {
    state: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ColourLabel {
    colour: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CodeLabel {
    code: String,
}

fn gauge(value: i64) -> Gauge {
    let g = Gauge::default();
    g.set(value);
    g
}

fn seconds(at: Option<DateTime<Utc>>) -> i64 {
    at.map_or(0, |t| t.timestamp())
}

/// The registry of one scrape: the report's figures, the counters, the process.
pub fn registry(report: &Report, extra: &Extra) -> Registry {
    let mut root = Registry::default();
    let r = root.sub_registry_with_prefix("roomsign");
    r.register(
        "build",
        "Roomsign's version and target",
        Info::new(BuildLabels {
            version: extra.version.to_owned(),
            target: extra.target.clone(),
        }),
    );
    r.register(
        "room",
        "The room this panel shows and its mailbox",
        Info::new(RoomLabels {
            room: report.room.name.clone(),
            mailbox: report.room.mailbox.clone().unwrap_or_default(),
        }),
    );
    let states = Family::<StateLabel, Gauge>::default();
    for state in ROOM_STATES {
        states
            .get_or_create(&StateLabel { state })
            .set(i64::from(report.state == state));
    }
    r.register(
        "room_state",
        "1 for the room's state now, as status --json names it",
        states,
    );
    let colours = Family::<ColourLabel, Gauge>::default();
    for colour in Colour::ALL {
        let colour = colour.name();
        colours
            .get_or_create(&ColourLabel { colour })
            .set(i64::from(report.led == colour));
    }
    r.register(
        "light_colour",
        "1 for the colour the occupancy lights show",
        colours,
    );
    r.register_with_unit(
        "last_sync_timestamp",
        "When the room's calendar was last read (0: never)",
        Unit::Seconds,
        gauge(seconds(report.last_sync)),
    );
    r.register_with_unit(
        "offline_since_timestamp",
        "Since when the calendar cannot be read (0: online)",
        Unit::Seconds,
        gauge(seconds(report.offline_since)),
    );
    let problems = Family::<CodeLabel, Gauge>::default();
    if let Some(problem) = &report.problem {
        problems
            .get_or_create(&CodeLabel {
                code: problem.code.clone(),
            })
            .set(1);
    }
    r.register(
        "problem",
        "1 for what keeps the panel from showing its room, by the code status --json gives",
        problems,
    );
    if let Some(expiry) = extra.token_expiry {
        r.register_with_unit(
            "token_expiry_timestamp",
            "When the panel's sign-in or credential runs out unless renewed",
            Unit::Seconds,
            gauge(expiry.timestamp()),
        );
    }
    let c = counters::counters();
    r.register(
        "graph_requests",
        "Requests sent to Microsoft Graph, by operation and outcome",
        c.graph_requests.clone(),
    );
    r.register(
        "graph_throttled",
        "Graph requests answered or held back by a Retry-After",
        c.graph_throttled.clone(),
    );
    r.register(
        "token_refreshes",
        "Requests to the token endpoint for a new access token",
        c.token_refreshes.clone(),
    );
    r.register(
        "bookings",
        "Bookings made at the door, by outcome",
        c.bookings.clone(),
    );
    r.register("check_ins", "Check-ins at the door", c.check_ins.clone());
    r.register(
        "releases",
        "Meetings released because nobody checked in",
        c.releases.clone(),
    );
    process::register(&mut root, &extra.process);
    root
}

/// The text of one scrape: OpenMetrics, or Prometheus' text format.
pub fn render(report: &Report, extra: &Extra, openmetrics: bool) -> String {
    let registry = registry(report, extra);
    let mut text = String::new();
    let written = if openmetrics {
        prometheus_client::encoding::text::encode(&mut text, &registry)
    } else {
        prometheus_client::encoding::prometheus_text::encode(&mut text, &registry)
    };
    if written.is_err() {
        // Writing to a String does not fail; should the encoder refuse, say so in a comment.
        tracing::warn!("cannot encode the metrics");
        return "# the metrics could not be encoded\n".to_owned();
    }
    text
}

/// The text of a scrape of `snapshot`: `true` for OpenMetrics.
pub type Scrape = std::sync::Arc<dyn Fn(&Snapshot, bool) -> String + Send + Sync>;

/// The endpoint, bound, and what it shows.
pub struct Served {
    pub endpoint: server::Endpoint,
    pub scrape: Scrape,
}

impl Served {
    /// Serves scrapes of the snapshot `snapshot` follows (a task for the engine's runtime).
    pub fn task(
        self,
        snapshot: tokio::sync::watch::Receiver<Snapshot>,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>> {
        let scrape = self.scrape;
        self.endpoint.serve(std::sync::Arc::new(move |openmetrics| {
            let now = snapshot.borrow().clone();
            scrape(&now, openmetrics)
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::view::ViewSettings;
    use crate::core::{Policy, Room, Source};

    fn scrape(snapshot: &Snapshot, openmetrics: bool) -> String {
        let now = "2026-11-23T09:00:00Z".parse().expect("time");
        let report = crate::core::report::report(
            now,
            snapshot,
            &Policy::default(),
            &ViewSettings::default(),
        );
        let extra = Extra {
            version: "9.9.9",
            target: "x86_64-linux".to_owned(),
            token_expiry: "2027-01-01T00:00:00Z".parse().ok(),
            process: process::Figures::default(),
        };
        render(&report, &extra, openmetrics)
    }

    #[test]
    fn a_panel_not_read_yet_says_unknown_never_synced_and_its_problem_code() {
        let room = Room {
            name: "Room \"4\"\nB".to_owned(),
            mailbox: Some("room4@contoso.com".to_owned()),
        };
        let text = scrape(&Snapshot::unknown(room, Source::Nothing), false);
        let has = |line: &str| text.lines().any(|l| l == line);
        assert!(has("roomsign_room_state{state=\"unknown\"} 1"), "{text}");
        assert!(has("roomsign_room_state{state=\"free\"} 0"), "{text}");
        assert!(has("roomsign_last_sync_timestamp_seconds 0"), "{text}");
        assert!(has("roomsign_problem{code=\"not_read_yet\"} 1"), "{text}");
        assert!(
            has("roomsign_token_expiry_timestamp_seconds 1798761600"),
            "{text}"
        );
        assert!(has(
            "roomsign_build_info{version=\"9.9.9\",target=\"x86_64-linux\"} 1"
        ));
        // A room name with quotes and a line break stays one escaped label value.
        assert!(
            has("roomsign_room_info{room=\"Room \\\"4\\\"\\nB\",mailbox=\"room4@contoso.com\"} 1"),
            "{text}"
        );
        // Known outcomes are listed before the first booking.
        assert!(
            text.contains("roomsign_bookings_total{outcome=\"accepted\"} "),
            "{text}"
        );
    }

    #[test]
    fn openmetrics_ends_with_eof_and_prometheus_text_does_not() {
        let snapshot = Snapshot::unknown(
            Room {
                name: "A".to_owned(),
                mailbox: None,
            },
            Source::Demo,
        );
        assert!(scrape(&snapshot, true).trim_end().ends_with("# EOF"));
        assert!(!scrape(&snapshot, false).contains("# EOF"));
    }
}
