//! The admin screen's diagnostics summary (the text in its QR code): the facts an admin needs
//! on a phone, short enough for a QR code, nothing secret.

use chrono::Duration;
use roomsign_core::diagnostics::{summary, up_words, DiagnosticFacts, MAX_PROBLEM_CHARS};
use roomsign_core::view::ViewSettings;
use roomsign_core::{
    Booking, CheckIns, Link, Policy, Room, Schedule, ShowAs, Snapshot, Source, SyncTrouble, Window,
};

use crate::at;

fn snapshot() -> Snapshot {
    let start = at("2026-03-10T09:00:00Z");
    Snapshot {
        link: Link::Demo,
        room: Room {
            name: "Aurora".to_owned(),
            mailbox: Some("aurora@example.com".to_owned()),
        },
        schedule: Schedule::Known(
            vec![Booking {
                id: "m1".to_owned(),
                subject: "Board meeting about secret plans".to_owned(),
                organizer: Some("Dana".to_owned()),
                start,
                end: start + Duration::hours(1),
                all_day: false,
                private: false,
                show_as: ShowAs::Busy,
                cancelled: false,
                made_here: false,
            }],
            Window::new(at("2026-03-10T00:00:00Z"), at("2026-03-12T00:00:00Z")),
        ),
        checked_in: CheckIns::new(),
        check_in_ways: Default::default(),
        released: Vec::new(),
        source: Source::Graph,
        last_sync: Some(at("2026-03-10T09:10:00Z")),
        offline_since: None,
        trouble: None,
    }
}

fn facts() -> DiagnosticFacts {
    DiagnosticFacts {
        version: "1.2.3".to_owned(),
        addresses: vec!["192.0.2.7".to_owned(), "2001:db8::7".to_owned()],
        token_horizon: Some(at("2026-04-01T00:00:00Z")),
        started: Some(at("2026-03-07T05:00:00Z")),
    }
}

#[test]
fn the_summary_names_version_room_sync_problem_addresses_horizon_and_uptime() {
    let now = at("2026-03-10T09:12:00Z");
    let text = summary(
        now,
        &snapshot(),
        &Policy::default(),
        &ViewSettings::default(),
        &facts(),
    );
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        vec![
            "Roomsign 1.2.3",
            "Room: Aurora <aurora@example.com>",
            "State: busy",
            "Last sync: 2026-03-10 09:10 UTC (2 min ago)",
            "Problem: none",
            "IP: 192.0.2.7 2001:db8::7",
            "Sign-in good until: 2026-04-01 (21 days)",
            "Up: 3 d 4 h",
        ]
    );
    assert!(!text.contains("secret plans"), "no meeting subjects");
}

#[test]
fn an_offline_panel_says_since_when_and_its_problem_code() {
    let now = at("2026-03-10T09:40:00Z");
    let mut s = snapshot();
    s.offline_since = Some(at("2026-03-10T09:15:00Z"));
    s.trouble = Some(SyncTrouble {
        words: "Microsoft 365 cannot be reached".repeat(20),
        refused: false,
    });
    let text = summary(
        now,
        &s,
        &Policy::default(),
        &ViewSettings::default(),
        &facts(),
    );
    assert!(
        text.contains("Offline since: 2026-03-10 09:15 UTC"),
        "{text}"
    );
    let problem = text
        .lines()
        .find(|l| l.starts_with("Problem: offline - "))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(problem.chars().count() <= "Problem: offline - ".len() + MAX_PROBLEM_CHARS);
    // A QR code a phone reads at arm's length.
    assert!(text.len() < 600, "{} bytes", text.len());
}

#[test]
fn unknown_facts_are_said_so() {
    let now = at("2026-03-10T09:12:00Z");
    let mut s = snapshot();
    s.last_sync = None;
    s.room.mailbox = None;
    let text = summary(
        now,
        &s,
        &Policy::default(),
        &ViewSettings::default(),
        &DiagnosticFacts::default(),
    );
    assert!(text.contains("Room: Aurora\n"), "{text}");
    assert!(text.contains("Last sync: never"), "{text}");
    assert!(text.contains("IP: none"), "{text}");
    assert!(text.contains("Sign-in horizon: not known"), "{text}");
    assert!(!text.contains("Up:"), "{text}");
}

#[test]
fn uptime_words() {
    assert_eq!(up_words(Duration::minutes(7)), "7 min");
    assert_eq!(up_words(Duration::minutes(312)), "5 h 12 min");
    assert_eq!(up_words(Duration::hours(76)), "3 d 4 h");
    assert_eq!(up_words(Duration::minutes(-5)), "0 min");
}
