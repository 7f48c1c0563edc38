//! The Home screen and Book sheet as words (PanelView), the status report and the light colour.
//! Words are checked against DESIGN.md's "States" table and "Words" section.

use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::{America, Europe, Tz};
use roomsign_core::display::Privacy;
use roomsign_core::lights::{Colour, LightMap};
use roomsign_core::report::report;
use roomsign_core::view::{
    clock_range, clock_time, local_day, panel_view, preselected, result_words, span_words,
    ActionResult, Actions, Chip, ClockFormat, PanelView, Tone, ViewSettings,
};
use roomsign_core::words::{Decline, TapRefusal};
use roomsign_core::Language;
use roomsign_core::{
    room_state, Booking, CheckInPolicy, CheckIns, Policy, Room, RoomState, Schedule, ShowAs,
    Snapshot, Source, UnknownReason, Window,
};
use serde_json::{json, Value};

use crate::{at, t};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn mtg(id: &str, subject: &str, start: DateTime<Utc>, end: DateTime<Utc>) -> Booking {
    Booking {
        id: id.to_owned(),
        subject: subject.to_owned(),
        organizer: Some("Maria Garcia".to_owned()),
        start,
        end,
        all_day: false,
        private: false,
        show_as: ShowAs::Busy,
        cancelled: false,
        made_here: false,
    }
}

fn m(id: &str, start: &str, end: &str) -> Booking {
    mtg(id, &format!("Meeting {id}"), t(start), t(end))
}

fn named(id: &str, subject: &str, start: &str, end: &str) -> Booking {
    mtg(id, subject, t(start), t(end))
}

fn own(b: Booking) -> Booking {
    Booking {
        made_here: true,
        ..b
    }
}

fn private(b: Booking) -> Booking {
    Booking { private: true, ..b }
}

fn cancelled(b: Booking) -> Booking {
    Booking {
        cancelled: true,
        ..b
    }
}

fn free_show(b: Booking) -> Booking {
    Booking {
        show_as: ShowAs::Free,
        ..b
    }
}

fn all_day(b: Booking) -> Booking {
    Booking { all_day: true, ..b }
}

fn snap(bookings: Vec<Booking>) -> Snapshot {
    Snapshot {
        link: roomsign_core::Link::Demo,
        room: Room {
            name: "Aurora".to_owned(),
            mailbox: Some("aurora@example.com".to_owned()),
        },
        // Read for the weeks around the days these tests look at.
        schedule: Schedule::Known(
            bookings,
            Window::new(at("2026-03-01T00:00:00Z"), at("2026-03-20T00:00:00Z")),
        ),
        checked_in: CheckIns::new(),
        check_in_ways: Default::default(),
        released: Vec::new(),
        source: Source::Graph,
        last_sync: None,
        offline_since: None,
        trouble: None,
    }
}

fn unknown_snap(reason: UnknownReason) -> Snapshot {
    Snapshot {
        link: roomsign_core::Link::Demo,
        schedule: Schedule::Unknown(reason),
        ..snap(vec![])
    }
}

fn checkin() -> Policy {
    Policy {
        checkin: CheckInPolicy {
            enabled: true,
            ..CheckInPolicy::default()
        },
        ..Policy::default()
    }
}

fn utc() -> ViewSettings {
    ViewSettings::default()
}

fn zone(tz: Tz) -> ViewSettings {
    ViewSettings {
        tz,
        ..ViewSettings::default()
    }
}

fn h12() -> ViewSettings {
    ViewSettings {
        clock: ClockFormat::H12,
        ..ViewSettings::default()
    }
}

fn berlin() -> ViewSettings {
    zone(Europe::Berlin)
}

fn local(tz: Tz, y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    tz.with_ymd_and_hms(y, mo, d, h, mi, 0)
        .unwrap()
        .with_timezone(&Utc)
}

/// One screen to check: the calendar, the clock, the rules and the display settings.
struct Screen {
    what: &'static str,
    now: DateTime<Utc>,
    snapshot: Snapshot,
    policy: Policy,
    settings: ViewSettings,
}

fn screen(what: &'static str, now: DateTime<Utc>, bookings: Vec<Booking>) -> Screen {
    Screen {
        what,
        now,
        snapshot: snap(bookings),
        policy: Policy::default(),
        settings: utc(),
    }
}

impl Screen {
    fn policy(self, policy: Policy) -> Screen {
        Screen { policy, ..self }
    }
    fn settings(self, settings: ViewSettings) -> Screen {
        Screen { settings, ..self }
    }
    fn snapshot(self, snapshot: Snapshot) -> Screen {
        Screen { snapshot, ..self }
    }
    fn view(&self) -> PanelView {
        panel_view(self.now, &self.snapshot, &self.policy, &self.settings)
    }
}

// ---------------------------------------------------------------------------------------------
// Headline and sub-line
// ---------------------------------------------------------------------------------------------

#[test]
fn headline_and_subline_per_state() {
    // (screen, tone, headline, tail, full headline, sub-line)
    let cases: Vec<(Screen, Tone, &str, &str, &str, &str)> = vec![
        (
            screen(
                "free until the next meeting",
                t("12:00"),
                vec![m("a", "14:00", "15:00")],
            ),
            Tone::Free,
            "Free",
            "",
            "Free",
            "until 14:00",
        ),
        (
            screen(
                "free, nothing ahead",
                t("12:00"),
                vec![m("a", "09:00", "10:00")],
            ),
            Tone::Free,
            "Free",
            "",
            "Free",
            "for the rest of the day",
        ),
        (
            screen(
                "free, next meeting tomorrow",
                t("12:00"),
                vec![mtg(
                    "a",
                    "Tomorrow",
                    at("2026-03-11T08:00:00Z"),
                    at("2026-03-11T09:00:00Z"),
                )],
            ),
            Tone::Free,
            "Free",
            "",
            "Free",
            "for the rest of the day",
        ),
        (
            screen(
                "free, next meeting at 23:30 UTC: still today in UTC",
                t("12:00"),
                vec![m("a", "23:30", "23:45")],
            ),
            Tone::Free,
            "Free",
            "",
            "Free",
            "until 23:30",
        ),
        (
            screen(
                "free in Berlin: local time of the next meeting",
                t("12:00"),
                vec![m("a", "13:00", "14:00")],
            )
            .settings(berlin()),
            Tone::Free,
            "Free",
            "",
            "Free",
            "until 14:00",
        ),
        (
            screen(
                "free in Berlin, next at 23:30 local: today",
                t("12:00"),
                vec![m("a", "22:30", "22:45")],
            )
            .settings(berlin()),
            Tone::Free,
            "Free",
            "",
            "Free",
            "until 23:30",
        ),
        (
            screen(
                "free in Berlin, next at 00:30 local tomorrow: rest of the day",
                t("12:00"),
                vec![m("a", "23:30", "23:45")],
            )
            .settings(berlin()),
            Tone::Free,
            "Free",
            "",
            "Free",
            "for the rest of the day",
        ),
        (
            screen(
                "starting soon",
                t("13:52"),
                vec![named("a", "Design review", "14:00", "15:00")],
            ),
            Tone::Soon,
            "Free",
            "starting soon",
            "Free — starting soon",
            "Design review at 14:00",
        ),
        (
            screen(
                "starting soon, private meeting",
                t("13:52"),
                vec![private(named("a", "Salary review", "14:00", "15:00"))],
            ),
            Tone::Soon,
            "Free",
            "starting soon",
            "Free — starting soon",
            "Private meeting at 14:00",
        ),
        (
            screen(
                "starting soon, subject hidden by the switch",
                t("13:52"),
                vec![named("a", "Layoffs", "14:00", "15:00")],
            )
            .settings(ViewSettings {
                privacy: Privacy {
                    show_subject: false,
                    show_organizer: true,
                },
                ..utc()
            }),
            Tone::Soon,
            "Free",
            "starting soon",
            "Free — starting soon",
            "Booked at 14:00",
        ),
        (
            screen(
                "busy until the end of the back-to-back block",
                t("14:30"),
                vec![m("a", "14:00", "15:00"), m("b", "15:00", "15:30")],
            ),
            Tone::Busy,
            "Busy",
            "",
            "Busy",
            "until 15:30",
        ),
        (
            screen("busy in Berlin", t("14:30"), vec![m("a", "14:00", "15:00")]).settings(berlin()),
            Tone::Busy,
            "Busy",
            "",
            "Busy",
            "until 16:00",
        ),
        (
            screen(
                "busy past midnight: the day is named",
                t("23:30"),
                vec![mtg("late", "Late", t("23:00"), at("2026-03-11T01:00:00Z"))],
            ),
            Tone::Busy,
            "Busy",
            "",
            "Busy",
            "until Wed 01:00",
        ),
        (
            screen(
                "check-in open after the start",
                t("14:03"),
                vec![m("a", "14:00", "15:00")],
            )
            .policy(checkin()),
            Tone::CheckIn,
            "Check in?",
            "",
            "Check in?",
            "Released at 14:10 if nobody checks in",
        ),
        (
            screen(
                "check-in open before the start",
                t("13:56"),
                vec![m("a", "14:00", "15:00")],
            )
            .policy(checkin()),
            Tone::CheckIn,
            "Check in?",
            "",
            "Check in?",
            "Released at 14:10 if nobody checks in",
        ),
        (
            screen(
                "check-in in Berlin",
                t("14:03"),
                vec![m("a", "14:00", "15:00")],
            )
            .policy(checkin())
            .settings(berlin()),
            Tone::CheckIn,
            "Check in?",
            "",
            "Check in?",
            "Released at 15:10 if nobody checks in",
        ),
        (
            screen(
                "12 h clock: free",
                t("09:00"),
                vec![m("a", "14:00", "15:00")],
            )
            .settings(h12()),
            Tone::Free,
            "Free",
            "",
            "Free",
            "until 2:00 pm",
        ),
        (
            screen(
                "12 h clock: free until morning",
                t("09:00"),
                vec![m("a", "09:30", "10:00")],
            )
            .settings(h12()),
            Tone::Free,
            "Free",
            "",
            "Free",
            "until 9:30 am",
        ),
        (
            screen(
                "12 h clock: starting soon",
                t("13:55"),
                vec![named("a", "Design review", "14:00", "15:00")],
            )
            .settings(h12()),
            Tone::Soon,
            "Free",
            "starting soon",
            "Free — starting soon",
            "Design review at 2:00 pm",
        ),
        (
            screen(
                "12 h clock: busy",
                t("14:30"),
                vec![m("a", "14:00", "15:00"), m("b", "15:00", "15:30")],
            )
            .settings(h12()),
            Tone::Busy,
            "Busy",
            "",
            "Busy",
            "until 3:30 pm",
        ),
        (
            screen(
                "12 h clock: check-in",
                t("14:03"),
                vec![m("a", "14:00", "15:00")],
            )
            .policy(checkin())
            .settings(h12()),
            Tone::CheckIn,
            "Check in?",
            "",
            "Check in?",
            "Released at 2:10 pm if nobody checks in",
        ),
    ];
    for (s, tone, headline, tail, full, subline) in cases {
        let v = s.view();
        assert_eq!(v.tone, tone, "{}: tone", s.what);
        assert_eq!(v.headline, headline, "{}: headline", s.what);
        assert_eq!(v.headline_tail, tail, "{}: headline tail", s.what);
        assert_eq!(v.full_headline(), full, "{}: full headline", s.what);
        assert_eq!(v.subline, subline, "{}: sub-line", s.what);
        assert_eq!(v.room_name, "Aurora", "{}: room name", s.what);
    }
}

#[test]
fn unknown_state_says_why_in_words_and_offers_nothing() {
    let cases = [
        (
            "never synced",
            UnknownReason::NeverSynced,
            "Waiting for the room's calendar",
        ),
        (
            "clock not set",
            UnknownReason::ClockNotSynchronised,
            "Waiting for the clock to be set",
        ),
    ];
    for (what, reason, subline) in cases {
        let v = panel_view(t("10:00"), &unknown_snap(reason), &checkin(), &utc());
        assert_eq!(v.tone, Tone::Unknown, "{what}: tone");
        assert_eq!(v.subline, subline, "{what}: the reason in words");
        assert!(
            v.headline != "Free" && v.headline != "Busy",
            "{what}: must not claim free or busy, got {:?}",
            v.headline
        );
        assert_eq!(v.actions, Actions::default(), "{what}: no buttons");
        assert!(v.chips.is_empty(), "{what}: no chips");
        assert!(v.current.is_none(), "{what}: no meeting card");
        assert!(v.agenda.is_empty(), "{what}: no agenda");
        assert_eq!(
            v.agenda_empty, "The schedule is not known yet",
            "{what}: the empty agenda must not claim a free day"
        );
    }
}

#[test]
fn top_bar_hides_a_clock_that_is_not_set() {
    // (what, snapshot, clock, date)
    let cases: Vec<(&str, Snapshot, &str, &str)> = vec![
        (
            "clock not synchronised: no time, no date",
            unknown_snap(UnknownReason::ClockNotSynchronised),
            "--:--",
            "",
        ),
        (
            "never synced but the clock is fine: time and date shown",
            unknown_snap(UnknownReason::NeverSynced),
            "14:05",
            "Tuesday 10 March",
        ),
        (
            "known schedule: time and date shown",
            snap(vec![]),
            "14:05",
            "Tuesday 10 March",
        ),
    ];
    for (what, snapshot, clock, date) in cases {
        let v = panel_view(t("14:05"), &snapshot, &Policy::default(), &utc());
        assert_eq!(v.clock, clock, "{what}: clock");
        assert_eq!(v.date, date, "{what}: date");
    }
}

#[test]
fn empty_agenda_words() {
    let cases: Vec<(Screen, usize, &str)> = vec![
        (
            screen(
                "nothing left today",
                t("18:00"),
                vec![m("a", "09:00", "10:00")],
            ),
            0,
            "Nothing else today",
        ),
        (
            screen("meetings ahead", t("08:00"), vec![m("a", "09:00", "10:00")]),
            1,
            "Nothing else today",
        ),
        (
            screen("unknown schedule", t("08:00"), vec![])
                .snapshot(unknown_snap(UnknownReason::NeverSynced)),
            0,
            "The schedule is not known yet",
        ),
    ];
    for (s, rows, words) in cases {
        let v = s.view();
        assert_eq!(v.agenda.len(), rows, "{}: rows", s.what);
        assert_eq!(v.agenda_empty, words, "{}: empty-agenda words", s.what);
    }
}

#[test]
fn top_bar_clock_and_date() {
    let cases: Vec<(&str, DateTime<Utc>, ViewSettings, &str, &str)> = vec![
        (
            "UTC afternoon",
            t("14:05"),
            utc(),
            "14:05",
            "Tuesday 10 March",
        ),
        (
            "UTC early morning",
            t("07:09"),
            utc(),
            "07:09",
            "Tuesday 10 March",
        ),
        (
            "Berlin after local midnight: next day",
            t("23:30"),
            berlin(),
            "00:30",
            "Wednesday 11 March",
        ),
        (
            "12 h clock afternoon",
            t("14:05"),
            h12(),
            "2:05 pm",
            "Tuesday 10 March",
        ),
        (
            "12 h clock after midnight",
            t("00:30"),
            h12(),
            "12:30 am",
            "Tuesday 10 March",
        ),
        (
            "12 h clock at noon",
            t("12:00"),
            h12(),
            "12:00 pm",
            "Tuesday 10 March",
        ),
        (
            "New York (UTC-4 after its DST switch on 8 March)",
            t("14:05"),
            zone(America::New_York),
            "10:05",
            "Tuesday 10 March",
        ),
    ];
    for (what, now, settings, clock, date) in cases {
        let v = panel_view(now, &snap(vec![]), &Policy::default(), &settings);
        assert_eq!(v.clock, clock, "{what}: clock");
        assert_eq!(v.date, date, "{what}: date");
    }
}

// ---------------------------------------------------------------------------------------------
// Meeting card
// ---------------------------------------------------------------------------------------------

#[test]
fn meeting_card() {
    // (what, now, booking, settings, subject, organizer, time range, progress, remaining)
    type Row = (
        &'static str,
        DateTime<Utc>,
        Booking,
        ViewSettings,
        &'static str,
        Option<&'static str>,
        &'static str,
        f32,
        &'static str,
    );
    let design = || named("a", "Design review", "14:00", "15:00");
    let cases: Vec<Row> = vec![
        (
            "a quarter through",
            t("14:15"),
            design(),
            utc(),
            "Design review",
            Some("Maria Garcia"),
            "14:00–15:00",
            0.25,
            "45 min left",
        ),
        (
            "at the start",
            t("14:00"),
            design(),
            utc(),
            "Design review",
            Some("Maria Garcia"),
            "14:00–15:00",
            0.0,
            "1 h left",
        ),
        (
            "30 s before the end: still 1 min left",
            t("14:59:30"),
            design(),
            utc(),
            "Design review",
            Some("Maria Garcia"),
            "14:00–15:00",
            59.5 / 60.0,
            "1 min left",
        ),
        (
            "59 s before the end: 1 min left (rounded up)",
            t("14:59:01"),
            design(),
            utc(),
            "Design review",
            Some("Maria Garcia"),
            "14:00–15:00",
            (59.0 * 60.0 + 1.0) / 3600.0,
            "1 min left",
        ),
        (
            "half a minute in: 30 min left of 30",
            t("14:00:30"),
            named("a", "Stand-up", "14:00", "14:30"),
            utc(),
            "Stand-up",
            Some("Maria Garcia"),
            "14:00–14:30",
            30.0 / 1800.0,
            "30 min left",
        ),
        (
            "hours and minutes",
            t("09:00"),
            named("a", "Workshop", "09:00", "11:10"),
            utc(),
            "Workshop",
            Some("Maria Garcia"),
            "09:00–11:10",
            0.0,
            "2 h 10 min left",
        ),
        (
            "whole hours",
            t("09:00"),
            named("a", "Workshop", "09:00", "11:00"),
            utc(),
            "Workshop",
            Some("Maria Garcia"),
            "09:00–11:00",
            0.0,
            "2 h left",
        ),
        (
            "private meeting",
            t("14:30"),
            private(design()),
            utc(),
            "Private meeting",
            None,
            "14:00–15:00",
            0.5,
            "30 min left",
        ),
        (
            "subject = organizer: shown once",
            t("14:30"),
            named("a", "Maria Garcia", "14:00", "15:00"),
            utc(),
            "Maria Garcia",
            None,
            "14:00–15:00",
            0.5,
            "30 min left",
        ),
        (
            "Berlin local times",
            t("14:30"),
            design(),
            berlin(),
            "Design review",
            Some("Maria Garcia"),
            "15:00–16:00",
            0.5,
            "30 min left",
        ),
        (
            "12 h clock",
            t("14:30"),
            design(),
            h12(),
            "Design review",
            Some("Maria Garcia"),
            "2:00–3:00 pm",
            0.5,
            "30 min left",
        ),
        (
            "crossing midnight",
            t("23:30"),
            mtg("late", "Late call", t("23:00"), at("2026-03-11T01:00:00Z")),
            utc(),
            "Late call",
            Some("Maria Garcia"),
            "23:00–01:00",
            0.25,
            "1 h 30 min left",
        ),
        (
            "all-day event",
            t("12:00"),
            all_day(mtg(
                "day",
                "Offsite",
                at("2026-03-10T00:00:00Z"),
                at("2026-03-11T00:00:00Z"),
            )),
            utc(),
            "Offsite",
            Some("Maria Garcia"),
            "All day",
            0.5,
            "12 h left",
        ),
        (
            "a multi-day event covering today reads all day",
            t("12:00"),
            mtg(
                "conf",
                "Conference",
                at("2026-03-09T08:00:00Z"),
                at("2026-03-12T17:00:00Z"),
            ),
            utc(),
            "Conference",
            Some("Maria Garcia"),
            "All day",
            (28.0 * 3600.0) / (81.0 * 3600.0),
            "53 h left",
        ),
    ];
    for (what, now, booking, settings, subject, organizer, range, progress, remaining) in cases {
        let b = booking.clone();
        let v = panel_view(now, &snap(vec![booking]), &Policy::default(), &settings);
        let card = v
            .current
            .unwrap_or_else(|| panic!("{what}: a meeting is on, the card must show"));
        assert_eq!(card.subject, subject, "{what}: subject");
        assert_eq!(card.organizer.as_deref(), organizer, "{what}: organizer");
        assert_eq!(card.time_range, range, "{what}: time range");
        assert!(
            (card.progress - progress).abs() < 1e-4,
            "{what}: progress {} (want {progress})",
            card.progress
        );
        assert_eq!(card.remaining, remaining, "{what}: remaining");
        assert_eq!(card.private, b.private, "{what}: private flag");
        assert!(
            (0.0..=1.0).contains(&card.progress),
            "{what}: progress in range"
        );
    }
}

#[test]
fn meeting_card_only_while_a_meeting_is_on() {
    let cases: Vec<(Screen, bool)> = vec![
        (
            screen("free: no card", t("12:00"), vec![m("a", "14:00", "15:00")]),
            false,
        ),
        (
            screen(
                "starting soon: no card",
                t("13:55"),
                vec![m("a", "14:00", "15:00")],
            ),
            false,
        ),
        (
            screen("busy: card", t("14:10"), vec![m("a", "14:00", "15:00")]),
            true,
        ),
        (
            screen(
                "check-in before the start: the card says which meeting",
                t("13:57"),
                vec![m("a", "14:00", "15:00")],
            )
            .policy(checkin()),
            true,
        ),
        (
            screen(
                "check-in after the start: card",
                t("14:03"),
                vec![m("a", "14:00", "15:00")],
            )
            .policy(checkin()),
            true,
        ),
        (
            screen(
                "released no-show: no card",
                t("14:10"),
                vec![m("a", "14:00", "15:00")],
            )
            .policy(checkin()),
            false,
        ),
    ];
    for (s, has_card) in cases {
        assert_eq!(s.view().current.is_some(), has_card, "{}", s.what);
    }
}

// ---------------------------------------------------------------------------------------------
// Agenda and notes
// ---------------------------------------------------------------------------------------------

#[test]
fn agenda_is_the_rest_of_todays_occupying_meetings_in_order() {
    let messy_day = || {
        vec![
            named("late", "Retro", "17:00", "18:00"),
            cancelled(named("gone", "Lunch & learn", "12:30", "13:00")),
            named("now", "Planning", "11:30", "12:15"),
            free_show(named("fyi", "FYI block", "13:00", "13:30")),
            named("past", "Stand-up", "09:00", "09:15"),
            mtg(
                "tomorrow",
                "Tomorrow's review",
                at("2026-03-11T09:00:00Z"),
                at("2026-03-11T10:00:00Z"),
            ),
            Booking {
                show_as: ShowAs::Tentative,
                ..named("maybe", "1:1 Alex / Sam", "15:30", "16:00")
            },
            private(named("secret", "Salary review", "14:00", "15:00")),
            own(named("mine", "Quick sync", "12:15", "12:30")),
        ]
    };
    // (screen, [(time range, subject, organizer, booked here)])
    type Row<'a> = (&'a str, &'a str, Option<&'a str>, bool);
    let cases: Vec<(Screen, Vec<Row<'static>>)> = vec![
        (
            screen("a messy day, seen at noon", t("12:00"), messy_day()),
            vec![
                ("12:15–12:30", "Quick sync", Some("Maria Garcia"), true),
                ("14:00–15:00", "Private meeting", None, false),
                ("15:30–16:00", "1:1 Alex / Sam", Some("Maria Garcia"), false),
                ("17:00–18:00", "Retro", Some("Maria Garcia"), false),
            ],
        ),
        (
            screen("the same day in the evening", t("17:30"), messy_day()),
            vec![],
        ),
        (
            screen(
                "a meeting starting exactly now is the current one, not in the agenda",
                t("14:00"),
                messy_day(),
            ),
            vec![
                ("15:30–16:00", "1:1 Alex / Sam", Some("Maria Garcia"), false),
                ("17:00–18:00", "Retro", Some("Maria Garcia"), false),
            ],
        ),
        (
            screen(
                "organizer hidden by the switch",
                t("16:30"),
                vec![named("late", "Retro", "17:00", "18:00")],
            )
            .settings(ViewSettings {
                privacy: Privacy {
                    show_subject: true,
                    show_organizer: false,
                },
                ..utc()
            }),
            vec![("17:00–18:00", "Retro", None, false)],
        ),
        (
            screen(
                "Berlin: 23:30 local is today, 00:30 local is tomorrow",
                t("12:00"),
                vec![
                    named("tomorrow", "Night shift", "23:30", "23:45"),
                    named("tonight", "Late call", "22:30", "22:45"),
                ],
            )
            .settings(berlin()),
            vec![("23:30–23:45", "Late call", Some("Maria Garcia"), false)],
        ),
        (
            screen(
                "UTC: both late meetings are today",
                t("12:00"),
                vec![
                    named("tomorrow", "Night shift", "23:30", "23:45"),
                    named("tonight", "Late call", "22:30", "22:45"),
                ],
            ),
            vec![
                ("22:30–22:45", "Late call", Some("Maria Garcia"), false),
                ("23:30–23:45", "Night shift", Some("Maria Garcia"), false),
            ],
        ),
        (
            screen(
                "Berlin spring-forward day (23 h): 23:30 CEST is today, 00:30 is not",
                local(Europe::Berlin, 2026, 3, 29, 10, 0),
                vec![
                    mtg(
                        "next",
                        "Monday early",
                        local(Europe::Berlin, 2026, 3, 30, 0, 30),
                        local(Europe::Berlin, 2026, 3, 30, 1, 0),
                    ),
                    mtg(
                        "late",
                        "Sunday late",
                        local(Europe::Berlin, 2026, 3, 29, 23, 30),
                        local(Europe::Berlin, 2026, 3, 29, 23, 45),
                    ),
                ],
            )
            .settings(berlin()),
            vec![("23:30–23:45", "Sunday late", Some("Maria Garcia"), false)],
        ),
        (
            screen(
                "Berlin fall-back day (25 h): 23:30 CET is still today",
                local(Europe::Berlin, 2026, 10, 25, 10, 0),
                vec![mtg(
                    "late",
                    "Sunday late",
                    local(Europe::Berlin, 2026, 10, 25, 23, 30),
                    local(Europe::Berlin, 2026, 10, 25, 23, 45),
                )],
            )
            .settings(berlin()),
            vec![("23:30–23:45", "Sunday late", Some("Maria Garcia"), false)],
        ),
    ];
    for (s, want) in cases {
        let v = s.view();
        let got: Vec<Row<'_>> = v
            .agenda
            .iter()
            .map(|r| {
                (
                    r.time_range.as_str(),
                    r.subject.as_str(),
                    r.organizer.as_deref(),
                    r.booked_here,
                )
            })
            .collect();
        assert_eq!(got, want, "{}: agenda {:?}", s.what, v.agenda);
        // The status report lists the same meetings.
        let r = report(s.now, &s.snapshot, &s.policy, &s.settings);
        let upcoming: Vec<&str> = r.upcoming.iter().map(|u| u.subject.as_str()).collect();
        let agenda: Vec<&str> = v.agenda.iter().map(|a| a.subject.as_str()).collect();
        assert_eq!(upcoming, agenda, "{}: report and screen agree", s.what);
    }
}

#[test]
fn all_day_notes() {
    let whole = |b: Booking| {
        all_day(Booking {
            start: at("2026-03-10T00:00:00Z"),
            end: at("2026-03-11T00:00:00Z"),
            ..b
        })
    };
    let berlin_day = |b: Booking, d: u32| {
        all_day(Booking {
            start: local(Europe::Berlin, 2026, 3, d, 0, 0),
            end: local(Europe::Berlin, 2026, 3, d + 1, 0, 0),
            ..b
        })
    };
    let cleaning = || free_show(named("note", "Window cleaning", "00:00", "00:01"));
    let cases: Vec<(Screen, Vec<&str>)> = vec![
        (
            screen(
                "an all-day show-as-free event is a note",
                t("12:00"),
                vec![whole(cleaning())],
            ),
            vec!["Window cleaning"],
        ),
        (
            screen(
                "a cancelled all-day note is not shown",
                t("12:00"),
                vec![cancelled(whole(cleaning()))],
            ),
            vec![],
        ),
        (
            screen(
                "an all-day busy event is a meeting, not a note",
                t("12:00"),
                vec![whole(named("off", "Offsite", "00:00", "00:01"))],
            ),
            vec![],
        ),
        (
            screen(
                "a show-as-free event that is not all-day is not a note",
                t("12:00"),
                vec![cleaning()],
            ),
            vec![],
        ),
        (
            screen(
                "yesterday's note is gone",
                at("2026-03-11T08:00:00Z"),
                vec![whole(cleaning())],
            ),
            vec![],
        ),
        (
            screen(
                "a private note reads 'Private meeting'",
                t("12:00"),
                vec![private(whole(cleaning()))],
            ),
            vec!["Private meeting"],
        ),
        (
            screen(
                "Berlin: the local day's note shows late in the local evening",
                at("2026-03-10T22:30:00Z"),
                vec![berlin_day(cleaning(), 10)],
            )
            .settings(berlin()),
            vec!["Window cleaning"],
        ),
        (
            screen(
                "Berlin: after local midnight the previous day's note is gone",
                at("2026-03-10T23:30:00Z"),
                vec![berlin_day(cleaning(), 10)],
            )
            .settings(berlin()),
            vec![],
        ),
    ];
    for (s, want) in cases {
        let v = s.view();
        assert_eq!(v.notes, want, "{}", s.what);
        if !want.is_empty() {
            assert_eq!(
                v.tone,
                Tone::Free,
                "{}: a note leaves the room free",
                s.what
            );
            assert!(v.current.is_none(), "{}: a note is not a meeting", s.what);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Actions and chips
// ---------------------------------------------------------------------------------------------

fn acts(book: bool, check_in: bool, end_early: bool, extend: &[i64]) -> Actions {
    Actions {
        book,
        check_in,
        end_early,
        extend: extend.to_vec(),
        find_room: false,
        ..Actions::default()
    }
}

/// Busy with someone else's meeting: the one thing to offer is another room.
fn find_room() -> Actions {
    Actions {
        find_room: true,
        ..Actions::default()
    }
}

#[test]
fn actions_by_state() {
    let mine = || own(m("mine", "14:00", "15:00"));
    let cases: Vec<(Screen, Actions)> = vec![
        (
            screen("free: book", t("12:00"), vec![]),
            acts(true, false, false, &[]),
        ),
        (
            screen(
                "free, a meeting in 20 min: book (15 min fits)",
                t("13:40"),
                vec![m("a", "14:00", "15:00")],
            ),
            acts(true, false, false, &[]),
        ),
        (
            screen(
                "starting soon in 8 min: book (until the meeting)",
                t("13:52"),
                vec![m("a", "14:00", "15:00")],
            ),
            acts(true, false, false, &[]),
        ),
        (
            screen(
                "starting soon in 3 min: nothing fits, no book button",
                t("13:57"),
                vec![m("a", "14:00", "15:00")],
            ),
            acts(false, false, false, &[]),
        ),
        (
            screen(
                "busy, someone else's meeting: find a free room",
                t("14:30"),
                vec![m("a", "14:00", "15:00")],
            ),
            find_room(),
        ),
        (
            screen(
                "busy, own meeting, nothing after: end early, extend 15/30",
                t("14:30"),
                vec![mine()],
            ),
            acts(false, false, true, &[15, 30]),
        ),
        (
            screen(
                "own meeting, next meeting 30 min after: both extensions fit",
                t("14:30"),
                vec![mine(), m("b", "15:30", "16:00")],
            ),
            acts(false, false, true, &[15, 30]),
        ),
        (
            screen(
                "own meeting, next meeting 29 min after: only 15",
                t("14:30"),
                vec![mine(), m("b", "15:29", "16:00")],
            ),
            acts(false, false, true, &[15]),
        ),
        (
            screen(
                "own meeting, next meeting 15 min after: only 15",
                t("14:30"),
                vec![mine(), m("b", "15:15", "16:00")],
            ),
            acts(false, false, true, &[15]),
        ),
        (
            screen(
                "own meeting, next meeting 14 min after: no extension",
                t("14:30"),
                vec![mine(), m("b", "15:14", "16:00")],
            ),
            acts(false, false, true, &[]),
        ),
        (
            screen(
                "own meeting, next meeting back to back: no extension",
                t("14:30"),
                vec![mine(), m("b", "15:00", "16:00")],
            ),
            acts(false, false, true, &[]),
        ),
        (
            screen(
                "own meeting, a cancelled meeting right after does not block extending",
                t("14:30"),
                vec![mine(), cancelled(m("b", "15:00", "16:00"))],
            ),
            acts(false, false, true, &[15, 30]),
        ),
        (
            screen(
                "own meeting, a show-as-free event right after does not block extending",
                t("14:30"),
                vec![mine(), free_show(m("b", "15:00", "16:00"))],
            ),
            acts(false, false, true, &[15, 30]),
        ),
        (
            screen(
                "own meeting overlapped by another running past its end: the other one is on",
                t("14:50"),
                vec![mine(), m("b", "14:45", "15:45")],
            ),
            find_room(),
        ),
        (
            screen(
                "own meeting inside a longer one: no extension",
                t("14:30"),
                vec![m("long", "13:00", "16:00"), mine()],
            ),
            acts(false, false, true, &[]),
        ),
        (
            screen(
                "own meeting with a short one inside it that ends earlier: both extensions",
                t("14:30"),
                vec![mine(), m("inner", "14:10", "14:20")],
            ),
            acts(false, false, true, &[15, 30]),
        ),
        (
            screen(
                "check-in open: check in only",
                t("14:03"),
                vec![m("a", "14:00", "15:00")],
            )
            .policy(checkin()),
            acts(false, true, false, &[]),
        ),
        (
            screen(
                "check-in open before the start: check in only",
                t("13:56"),
                vec![m("a", "14:00", "15:00")],
            )
            .policy(checkin()),
            acts(false, true, false, &[]),
        ),
        (
            screen("unknown: nothing", t("12:00"), vec![])
                .snapshot(unknown_snap(UnknownReason::NeverSynced)),
            acts(false, false, false, &[]),
        ),
    ];
    for (s, want) in cases {
        let v = s.view();
        assert_eq!(v.actions, want, "{}", s.what);
        assert_eq!(
            v.actions.book,
            v.chips.iter().any(|c| c.available),
            "{}: the book button shows exactly when a chip can be tapped",
            s.what
        );
    }
}

#[test]
fn chip_words() {
    // (screen, [(label, detail, minutes, available)])
    type C = (&'static str, &'static str, i64, bool);
    let cases: Vec<(Screen, Vec<C>)> = vec![
        (
            screen("nothing ahead", t("10:00"), vec![]),
            vec![
                ("15 min", "until 10:15", 15, true),
                ("30 min", "until 10:30", 30, true),
                ("45 min", "until 10:45", 45, true),
                ("60 min", "until 11:00", 60, true),
            ],
        ),
        (
            screen(
                "meeting at 10:40",
                t("10:00:20"),
                vec![m("a", "10:40", "11:00")],
            ),
            vec![
                ("15 min", "until 10:15", 15, true),
                ("30 min", "until 10:30", 30, true),
                ("45 min", "Meeting at 10:40", 45, false),
                ("60 min", "Meeting at 10:40", 60, false),
                ("Until 10:40", "40 min", 40, true),
            ],
        ),
        (
            screen(
                "meeting in 1 h 10 min",
                t("10:00"),
                vec![m("a", "11:10", "12:00")],
            ),
            vec![
                ("15 min", "until 10:15", 15, true),
                ("30 min", "until 10:30", 30, true),
                ("45 min", "until 10:45", 45, true),
                ("60 min", "until 11:00", 60, true),
                ("Until 11:10", "1 h 10 min", 70, true),
            ],
        ),
        (
            screen(
                "meeting in 3 h: over the 2 h limit",
                t("10:00"),
                vec![m("a", "13:00", "14:00")],
            ),
            vec![
                ("15 min", "until 10:15", 15, true),
                ("30 min", "until 10:30", 30, true),
                ("45 min", "until 10:45", 45, true),
                ("60 min", "until 11:00", 60, true),
                ("Until 13:00", "Over the 2 h limit", 180, false),
            ],
        ),
        (
            screen("limit of 30 min", t("10:00"), vec![]).policy(Policy {
                max_booking: Duration::minutes(30),
                ..Policy::default()
            }),
            vec![
                ("15 min", "until 10:15", 15, true),
                ("30 min", "until 10:30", 30, true),
                ("45 min", "Over the 30 min limit", 45, false),
                ("60 min", "Over the 30 min limit", 60, false),
            ],
        ),
        (
            screen(
                "meeting in 3 min: too short",
                t("10:00"),
                vec![m("a", "10:03", "11:00")],
            ),
            vec![
                ("15 min", "Meeting at 10:03", 15, false),
                ("30 min", "Meeting at 10:03", 30, false),
                ("45 min", "Meeting at 10:03", 45, false),
                ("60 min", "Meeting at 10:03", 60, false),
                ("Until 10:03", "Under 5 min", 3, false),
            ],
        ),
        (
            screen("12 h clock", t("10:00"), vec![m("a", "10:40", "11:00")]).settings(h12()),
            vec![
                ("15 min", "until 10:15 am", 15, true),
                ("30 min", "until 10:30 am", 30, true),
                ("45 min", "Meeting at 10:40 am", 45, false),
                ("60 min", "Meeting at 10:40 am", 60, false),
                ("Until 10:40 am", "40 min", 40, true),
            ],
        ),
        (
            screen("Berlin", t("10:00"), vec![m("a", "10:40", "11:00")]).settings(berlin()),
            vec![
                ("15 min", "until 11:15", 15, true),
                ("30 min", "until 11:30", 30, true),
                ("45 min", "Meeting at 11:40", 45, false),
                ("60 min", "Meeting at 11:40", 60, false),
                ("Until 11:40", "40 min", 40, true),
            ],
        ),
        (
            screen("busy: no chips", t("10:50"), vec![m("a", "10:40", "11:00")]),
            vec![],
        ),
    ];
    for (s, want) in cases {
        let v = s.view();
        let got: Vec<(String, String, i64, bool)> = v
            .chips
            .iter()
            .map(|c| (c.label.clone(), c.detail.clone(), c.minutes, c.available))
            .collect();
        let want: Vec<(String, String, i64, bool)> = want
            .into_iter()
            .map(|(l, d, n, a)| (l.to_owned(), d.to_owned(), n, a))
            .collect();
        assert_eq!(got, want, "{}", s.what);
    }
}

// ---------------------------------------------------------------------------------------------
// Offline notice and result words
// ---------------------------------------------------------------------------------------------

#[test]
fn offline_notice() {
    // (what, now, last sync, offline since, settings, expected (text, strong))
    type Row = (
        &'static str,
        DateTime<Utc>,
        Option<DateTime<Utc>>,
        Option<DateTime<Utc>>,
        ViewSettings,
        Option<(&'static str, bool)>,
    );
    let cases: Vec<Row> = vec![
        (
            "online: no notice",
            t("11:00"),
            Some(t("10:59")),
            None,
            utc(),
            None,
        ),
        (
            "online with an old sync: no notice",
            t("23:00"),
            Some(t("01:00")),
            None,
            utc(),
            None,
        ),
        (
            "offline for a while: normal notice",
            t("11:00"),
            Some(t("10:40")),
            Some(t("10:42")),
            utc(),
            Some((
                "Offline since 10:42 — showing the last known schedule",
                false,
            )),
        ),
        (
            "offline, Berlin local time",
            t("11:00"),
            Some(t("10:40")),
            Some(t("10:42")),
            berlin(),
            Some((
                "Offline since 11:42 — showing the last known schedule",
                false,
            )),
        ),
        (
            "offline, 12 h clock",
            t("11:00"),
            Some(t("10:40")),
            Some(t("10:42")),
            h12(),
            Some((
                "Offline since 10:42 am — showing the last known schedule",
                false,
            )),
        ),
        (
            "last sync exactly 12 h ago: not yet stale",
            t("22:40"),
            Some(t("10:40")),
            Some(t("10:42")),
            utc(),
            Some((
                "Offline since 10:42 — showing the last known schedule",
                false,
            )),
        ),
        (
            "last sync 12 h 1 s ago: stronger 'may be out of date'",
            t("22:40:01"),
            Some(t("10:40")),
            Some(t("10:42")),
            utc(),
            Some((
                "Offline since 10:42 — this schedule may be out of date",
                true,
            )),
        ),
        (
            "offline and never synced: strong",
            t("11:00"),
            None,
            Some(t("10:42")),
            utc(),
            Some((
                "Offline since 10:42 — this schedule may be out of date",
                true,
            )),
        ),
        (
            "offline since an earlier day this week: weekday and time",
            at("2026-03-11T08:00:00Z"),
            Some(at("2026-03-09T10:40:00Z")),
            Some(at("2026-03-09T10:42:00Z")),
            utc(),
            Some((
                "Offline since Mon 10:42 — this schedule may be out of date",
                true,
            )),
        ),
        (
            "offline since yesterday evening: not mistaken for today",
            at("2026-03-11T08:00:00Z"),
            Some(at("2026-03-10T20:20:00Z")),
            Some(at("2026-03-10T20:20:00Z")),
            utc(),
            Some((
                "Offline since Tue 20:20 — showing the last known schedule",
                false,
            )),
        ),
        (
            "offline for more than a week: the date",
            at("2026-03-11T08:00:00Z"),
            Some(at("2026-03-01T10:40:00Z")),
            Some(at("2026-03-01T10:42:00Z")),
            utc(),
            Some((
                "Offline since Sun, 1 Mar — this schedule may be out of date",
                true,
            )),
        ),
        (
            "stale_after of 1 h",
            t("11:41"),
            Some(t("10:40")),
            Some(t("10:42")),
            ViewSettings {
                stale_after: Duration::hours(1),
                ..utc()
            },
            Some((
                "Offline since 10:42 — this schedule may be out of date",
                true,
            )),
        ),
    ];
    for (what, now, last_sync, offline_since, settings, want) in cases {
        let snapshot = Snapshot {
            link: roomsign_core::Link::Demo,
            last_sync,
            offline_since,
            ..snap(vec![m("a", "14:00", "15:00")])
        };
        let v = panel_view(now, &snapshot, &Policy::default(), &settings);
        let got = v.notice.as_ref().map(|n| (n.text.as_str(), n.strong));
        assert_eq!(got, want, "{what}");
    }
}

#[test]
fn refused_calendar_access_is_not_offline_and_its_fix_names_the_account_and_the_room() {
    let fix = "Give the signed-in account access (Add-MailboxFolderPermission {room}:\\Calendar -User {account} -AccessRights Reviewer).";
    let mut snapshot = Snapshot {
        link: roomsign_core::Link::SignedIn {
            account: Some("panel@contoso.com".to_owned()),
            unsaved: false,
        },
        last_sync: Some(t("10:40")),
        offline_since: Some(t("10:42")),
        trouble: Some(roomsign_core::SyncTrouble {
            words: format!("Microsoft 365 refused (403 ErrorAccessDenied): {fix}"),
            refused: true,
        }),
        ..snap(vec![m("a", "14:00", "15:00")])
    };
    snapshot.room.mailbox = Some("room-4.12@contoso.com".to_owned());
    let v = panel_view(t("11:00"), &snapshot, &Policy::default(), &utc());
    let notice = v.notice.expect("a notice");
    assert!(notice.refused, "its own icon, not offline");
    assert!(notice
        .text
        .starts_with("Calendar access refused since 10:42"));
    let problem = roomsign_core::report::problem(t("11:00"), &snapshot, &Policy::default(), &utc())
        .expect("a problem");
    assert_eq!(problem.code, "calendar_refused");
    assert!(
        problem
            .fix
            .contains("room-4.12@contoso.com:\\Calendar -User panel@contoso.com"),
        "{}",
        problem.fix
    );
    assert!(!problem.fix.contains('<') && !problem.fix.contains("{room}"));
    // Nothing cached: the Problem screen says it, filled in the same way.
    snapshot.schedule =
        roomsign_core::state::Schedule::Unknown(roomsign_core::state::UnknownReason::NeverSynced);
    let v = panel_view(t("11:00"), &snapshot, &Policy::default(), &utc());
    let p = v.problem.expect("the Problem screen");
    assert!(p.refused);
    assert!(p.body.contains("-User panel@contoso.com"), "{}", p.body);
    // Offline is not refused.
    snapshot.trouble = Some(roomsign_core::SyncTrouble {
        words: "cannot reach Microsoft Graph".to_owned(),
        refused: false,
    });
    snapshot.schedule = snap(vec![]).schedule;
    let v = panel_view(t("11:00"), &snapshot, &Policy::default(), &utc());
    assert!(!v.notice.expect("a notice").refused);
}

#[test]
fn result_words_table() {
    // (what, result, settings, title, body, ok)
    let cases: Vec<(&str, ActionResult, ViewSettings, &str, &str, bool)> = vec![
        (
            "booked",
            ActionResult::Booked { end: t("11:30") },
            utc(),
            "Booked until 11:30",
            "The room is yours. Enjoy your meeting.",
            true,
        ),
        (
            "booked, Berlin",
            ActionResult::Booked { end: t("11:30") },
            berlin(),
            "Booked until 12:30",
            "The room is yours. Enjoy your meeting.",
            true,
        ),
        (
            "booked, 12 h clock",
            ActionResult::Booked { end: t("13:30") },
            h12(),
            "Booked until 1:30 pm",
            "The room is yours. Enjoy your meeting.",
            true,
        ),
        (
            "declined",
            ActionResult::Declined {
                reason: Decline::BookedFirst,
            },
            utc(),
            "The room declined: someone booked it first",
            "Nothing was booked. Pick another time.",
            false,
        ),
        (
            "pending",
            ActionResult::Pending,
            utc(),
            "Waiting for the room to confirm",
            "This can take a minute; the screen updates by itself.",
            true,
        ),
        (
            "ended",
            ActionResult::Ended,
            utc(),
            "Meeting ended",
            "The room is free again. Thank you!",
            true,
        ),
        (
            "extended",
            ActionResult::Extended { end: t("16:15") },
            utc(),
            "Extended until 16:15",
            "",
            true,
        ),
        (
            "change declined",
            ActionResult::ChangeDeclined {
                reason: Decline::BookedFrom(t("16:00"), chrono_tz::UTC),
            },
            utc(),
            "The room declined the change: the room is booked from 16:00",
            "Your booking is unchanged.",
            false,
        ),
        (
            "checked in",
            ActionResult::CheckedIn,
            utc(),
            "Checked in",
            "The room is held for your meeting.",
            true,
        ),
        (
            "failed: one plain sentence, nothing more",
            ActionResult::Failed {
                refusal: TapRefusal::NotBooked("connection refused".to_owned()),
            },
            utc(),
            "Couldn't book — the room's calendar can't be reached. Try again in a minute.",
            "",
            false,
        ),
    ];
    for (what, result, settings, title, body, ok) in cases {
        let w = result_words(&result, &settings);
        assert_eq!(w.title, title, "{what}: title");
        assert_eq!(w.body, body, "{what}: body");
        assert_eq!(w.ok, ok, "{what}: ok");
    }
}

// ---------------------------------------------------------------------------------------------
// Status report and lights
// ---------------------------------------------------------------------------------------------

#[test]
fn lights_per_state() {
    let b = m("a", "14:00", "15:00");
    let cases: Vec<(&str, RoomState, Colour, &str)> = vec![
        (
            "free",
            RoomState::Free { until: None },
            Colour::Green,
            "green",
        ),
        (
            "starting soon",
            RoomState::StartingSoon { meeting: b.clone() },
            Colour::Amber,
            "amber",
        ),
        (
            "busy",
            RoomState::Busy {
                meeting: b.clone(),
                until: t("15:00"),
            },
            Colour::Red,
            "red",
        ),
        (
            "awaiting check-in",
            RoomState::AwaitingCheckIn {
                meeting: b.clone(),
                release_at: t("14:10"),
            },
            Colour::Amber,
            "amber",
        ),
        (
            "unknown",
            RoomState::Unknown {
                reason: UnknownReason::NeverSynced,
            },
            Colour::Off,
            "off",
        ),
    ];
    for (what, state, light, name) in cases {
        let colour = LightMap::default().rule(&state).colour;
        assert_eq!(colour, light, "{what}");
        assert_eq!(colour.name(), name, "{what}: name");
    }
}

#[test]
fn report_per_state() {
    // (screen, state name, until, current subject, upcoming subjects, led)
    type Row = (
        Screen,
        &'static str,
        Option<DateTime<Utc>>,
        Option<&'static str>,
        Vec<&'static str>,
        &'static str,
    );
    let day = || {
        vec![
            named("a", "Design review", "14:00", "15:00"),
            named("b", "Customer call", "15:00", "15:30"),
            named("c", "Retro", "17:00", "18:00"),
        ]
    };
    let cases: Vec<Row> = vec![
        (
            screen("free", t("12:00"), day()),
            "free",
            Some(t("14:00")),
            None,
            vec!["Design review", "Customer call", "Retro"],
            "green",
        ),
        (
            screen("free, nothing ahead", t("19:00"), day()),
            "free",
            None,
            None,
            vec![],
            "green",
        ),
        (
            screen("starting soon", t("13:55"), day()),
            "starting_soon",
            Some(t("14:00")),
            None,
            vec!["Design review", "Customer call", "Retro"],
            "amber",
        ),
        (
            screen("busy", t("14:30"), day()),
            "busy",
            Some(t("15:30")),
            Some("Design review"),
            vec!["Customer call", "Retro"],
            "red",
        ),
        (
            screen("awaiting check-in", t("14:05"), day()).policy(checkin()),
            "awaiting_check_in",
            Some(t("14:10")),
            Some("Design review"),
            vec!["Customer call", "Retro"],
            "amber",
        ),
        (
            screen("unknown", t("14:30"), vec![])
                .snapshot(unknown_snap(UnknownReason::ClockNotSynchronised)),
            "unknown",
            None,
            None,
            vec![],
            "off",
        ),
    ];
    for (s, name, until, current, upcoming, led) in cases {
        let r = report(s.now, &s.snapshot, &s.policy, &s.settings);
        let state = room_state(
            s.now,
            &s.snapshot.schedule,
            &s.policy,
            &s.snapshot.checked_in,
        );
        assert_eq!(r.state, name, "{}: state", s.what);
        assert_eq!(r.until, until, "{}: until", s.what);
        assert_eq!(
            r.current.as_ref().map(|c| c.subject.as_str()),
            current,
            "{}: current",
            s.what
        );
        assert_eq!(
            r.upcoming
                .iter()
                .map(|u| u.subject.as_str())
                .collect::<Vec<_>>(),
            upcoming,
            "{}: upcoming",
            s.what
        );
        assert_eq!(r.led, led, "{}: led", s.what);
        assert_eq!(
            r.led,
            LightMap::default().rule(&state).colour.name(),
            "{}: led = light",
            s.what
        );
        assert_eq!(r.room.name, "Aurora", "{}: room", s.what);
        assert_eq!(r.now, s.now, "{}: now", s.what);
    }
}

#[test]
fn report_serialises_times_as_utc_with_z() {
    let snapshot = Snapshot {
        link: roomsign_core::Link::Demo,
        last_sync: Some(at("2026-03-10T14:20:05Z")),
        offline_since: Some(at("2026-03-10T14:25:00Z")),
        source: Source::Cache,
        ..snap(vec![
            own(named("a", "Design review", "14:00", "15:00")),
            named("b", "Customer call", "15:00", "15:30"),
            private(named("c", "Salary review", "16:00", "16:30")),
        ])
    };
    // A non-UTC display zone must not leak into the machine-readable times.
    for settings in [utc(), berlin(), zone(America::New_York)] {
        let r = report(t("14:30:15"), &snapshot, &Policy::default(), &settings);
        let v: Value = serde_json::to_value(&r).unwrap();
        let what = format!("tz {:?}", settings.tz);
        assert_eq!(v["now"], json!("2026-03-10T14:30:15Z"), "{what}: now");
        assert_eq!(v["until"], json!("2026-03-10T15:30:00Z"), "{what}: until");
        assert_eq!(v["last_sync"], json!("2026-03-10T14:20:05Z"), "{what}");
        assert_eq!(v["offline_since"], json!("2026-03-10T14:25:00Z"), "{what}");
        assert_eq!(v["state"], json!("busy"), "{what}");
        assert_eq!(v["led"], json!("red"), "{what}");
        assert_eq!(v["source"], json!("cache"), "{what}");
        assert_eq!(v["room"]["name"], json!("Aurora"), "{what}");
        assert_eq!(
            v["current"],
            json!({
                "subject": "Design review",
                "organizer": "Maria Garcia",
                "start": "2026-03-10T14:00:00Z",
                "end": "2026-03-10T15:00:00Z",
                "private": false,
                "all_day": false,
                "booked_here": true,
                "checked_in": null,
            }),
            "{what}: current"
        );
        assert_eq!(
            v["upcoming"],
            json!([
                {
                    "subject": "Customer call",
                    "organizer": "Maria Garcia",
                    "start": "2026-03-10T15:00:00Z",
                    "end": "2026-03-10T15:30:00Z",
                    "private": false,
                    "all_day": false,
                    "booked_here": false,
                    "checked_in": null,
                },
                {
                    "subject": "Private meeting",
                    "organizer": null,
                    "start": "2026-03-10T16:00:00Z",
                    "end": "2026-03-10T16:30:00Z",
                    "private": true,
                    "all_day": false,
                    "booked_here": false,
                    "checked_in": null,
                },
            ]),
            "{what}: upcoming (privacy applied)"
        );
    }
}

#[test]
fn report_serialises_missing_times_as_null() {
    let cases: Vec<(&str, Snapshot, &str, &str)> = vec![
        (
            "never synced",
            unknown_snap(UnknownReason::NeverSynced),
            "unknown",
            "off",
        ),
        ("free, nothing ahead", snap(vec![]), "free", "green"),
    ];
    for (what, snapshot, state, led) in cases {
        let v = serde_json::to_value(report(t("10:00"), &snapshot, &Policy::default(), &utc()))
            .unwrap();
        assert_eq!(v["state"], json!(state), "{what}");
        assert_eq!(v["led"], json!(led), "{what}");
        assert_eq!(v["until"], Value::Null, "{what}: until");
        assert_eq!(v["last_sync"], Value::Null, "{what}: last_sync");
        assert_eq!(v["offline_since"], Value::Null, "{what}: offline_since");
        assert_eq!(v["current"], Value::Null, "{what}: current");
        assert_eq!(v["upcoming"], json!([]), "{what}: upcoming");
        assert_eq!(v["source"], json!("graph"), "{what}: source");
    }
}

#[test]
fn source_names() {
    for (source, name) in [
        (Source::Demo, "demo"),
        (Source::Graph, "graph"),
        (Source::Cache, "cache"),
        (Source::Nothing, "none"),
    ] {
        let snapshot = Snapshot {
            link: roomsign_core::Link::Demo,
            source,
            ..snap(vec![])
        };
        assert_eq!(
            report(t("10:00"), &snapshot, &Policy::default(), &utc()).source,
            name,
            "{source:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Building blocks: local day, clock, spans
// ---------------------------------------------------------------------------------------------

#[test]
fn local_day_table() {
    // (what, now, zone, day start, day end, hours long)
    type Row = (
        &'static str,
        DateTime<Utc>,
        Tz,
        &'static str,
        &'static str,
        i64,
    );
    let cases: Vec<Row> = vec![
        (
            "UTC",
            t("14:00"),
            Tz::UTC,
            "2026-03-10T00:00:00Z",
            "2026-03-11T00:00:00Z",
            24,
        ),
        (
            "Berlin, ordinary winter day",
            t("14:00"),
            Europe::Berlin,
            "2026-03-09T23:00:00Z",
            "2026-03-10T23:00:00Z",
            24,
        ),
        (
            "Berlin, just after local midnight (still 23:xx UTC)",
            t("23:30"),
            Europe::Berlin,
            "2026-03-10T23:00:00Z",
            "2026-03-11T23:00:00Z",
            24,
        ),
        (
            "Berlin, spring forward 2026-03-29: 23 h",
            at("2026-03-29T10:00:00Z"),
            Europe::Berlin,
            "2026-03-28T23:00:00Z",
            "2026-03-29T22:00:00Z",
            23,
        ),
        (
            "Berlin, spring forward, in the first hour of the day",
            at("2026-03-28T23:30:00Z"),
            Europe::Berlin,
            "2026-03-28T23:00:00Z",
            "2026-03-29T22:00:00Z",
            23,
        ),
        (
            "Berlin, fall back 2026-10-25: 25 h",
            at("2026-10-25T12:00:00Z"),
            Europe::Berlin,
            "2026-10-24T22:00:00Z",
            "2026-10-25T23:00:00Z",
            25,
        ),
        (
            "New York, spring forward 2026-03-08: 23 h",
            at("2026-03-08T16:00:00Z"),
            America::New_York,
            "2026-03-08T05:00:00Z",
            "2026-03-09T04:00:00Z",
            23,
        ),
        (
            "Santiago, DST starts at midnight 2026-09-06: the day starts at 01:00",
            at("2026-09-06T15:00:00Z"),
            America::Santiago,
            "2026-09-06T04:00:00Z",
            "2026-09-07T03:00:00Z",
            23,
        ),
    ];
    for (what, now, tz, start, end, hours) in cases {
        let (s, e) = local_day(now, tz);
        assert_eq!(s, at(start), "{what}: start");
        assert_eq!(e, at(end), "{what}: end");
        assert_eq!((e - s).num_hours(), hours, "{what}: length");
        assert!(s <= now && now < e, "{what}: the day contains now");
    }
}

#[test]
fn clock_time_table() {
    let cases: Vec<(&str, DateTime<Utc>, ViewSettings, &str)> = vec![
        ("24 h", t("14:05"), utc(), "14:05"),
        ("24 h keeps the leading zero", t("09:05"), utc(), "09:05"),
        ("24 h midnight", t("00:00"), utc(), "00:00"),
        ("12 h afternoon", t("14:05"), h12(), "2:05 pm"),
        (
            "12 h morning, no leading zero",
            t("09:05"),
            h12(),
            "9:05 am",
        ),
        ("12 h midnight", t("00:00"), h12(), "12:00 am"),
        ("12 h noon", t("12:00"), h12(), "12:00 pm"),
        ("Berlin winter (UTC+1)", t("14:05"), berlin(), "15:05"),
        (
            "Berlin summer (UTC+2)",
            at("2026-07-01T14:05:00Z"),
            berlin(),
            "16:05",
        ),
        ("seconds are not shown", t("14:05:59"), utc(), "14:05"),
    ];
    for (what, now, settings, want) in cases {
        assert_eq!(clock_time(now, &settings), want, "{what}");
    }
}

#[test]
fn span_words_table() {
    let cases = [
        ("zero", 0, "0 min"),
        ("minutes", 25, "25 min"),
        ("59 min", 59, "59 min"),
        ("one hour", 60, "1 h"),
        ("hour and minutes", 70, "1 h 10 min"),
        ("two hours five", 125, "2 h 5 min"),
        ("negative is never shown", -5, "0 min"),
    ];
    for (what, minutes, want) in cases {
        assert_eq!(span_words(minutes, Language::English), want, "{what}");
    }
}

// ---------------------------------------------------------------------------------------------
// Words that fit a door: time ranges, the preselected duration, offline buttons, check-in
// ---------------------------------------------------------------------------------------------

#[test]
fn a_12_hour_range_says_am_or_pm_once_when_both_ends_share_it() {
    let cases = [
        ("10:00", "10:30", h12(), "10:00–10:30 am"),
        ("11:30", "12:30", h12(), "11:30 am–12:30 pm"),
        ("14:00", "15:00", h12(), "2:00–3:00 pm"),
        ("10:00", "10:30", utc(), "10:00–10:30"),
    ];
    for (start, end, settings, want) in cases {
        assert_eq!(clock_range(t(start), t(end), &settings), want);
    }
}

fn chip(minutes: i64, available: bool) -> Chip {
    Chip {
        label: format!("{minutes} min"),
        detail: String::new(),
        minutes,
        available,
    }
}

#[test]
fn the_book_sheet_opens_with_30_minutes_or_the_longest_that_fits() {
    let all = [
        chip(15, true),
        chip(30, true),
        chip(45, true),
        chip(60, true),
    ];
    assert_eq!(preselected(&all), Some(30));
    let short = [
        chip(15, true),
        chip(20, true),
        chip(30, false),
        chip(60, false),
    ];
    assert_eq!(preselected(&short), Some(20));
    let long_only = [chip(30, false), chip(45, true), chip(60, true)];
    assert_eq!(preselected(&long_only), Some(45));
    assert_eq!(preselected(&[chip(30, false)]), None);
    // A free room with the hour ahead free: 30 minutes is chosen.
    let v = screen("free", t("12:00"), vec![m("a", "14:00", "15:00")]).view();
    assert_eq!(preselected(&v.chips), Some(30));
}

#[test]
fn offline_book_and_find_a_room_say_why_they_cannot_work() {
    let mut free = snap(vec![m("a", "14:00", "15:00")]);
    free.offline_since = Some(t("11:30"));
    let v = screen("free, offline", t("12:00"), vec![])
        .snapshot(free)
        .view();
    assert!(v.actions.book);
    assert_eq!(v.actions.book_unavailable, "Offline — can't book now");
    let mut busy = snap(vec![m("a", "11:00", "13:00")]);
    busy.offline_since = Some(t("11:30"));
    let v = screen("busy, offline", t("12:00"), vec![])
        .snapshot(busy)
        .view();
    assert!(v.actions.find_room);
    assert_eq!(
        v.actions.find_room_unavailable,
        "Offline — can't search now"
    );
    let online = screen("free, online", t("12:00"), vec![m("a", "14:00", "15:00")]).view();
    assert_eq!(online.actions.book_unavailable, "");
    assert_eq!(online.actions.find_room_unavailable, "");
}

#[test]
fn check_in_before_the_start_shows_which_meeting_it_is() {
    let v = screen("check-in early", t("13:57"), vec![m("a", "14:00", "15:00")])
        .policy(checkin())
        .view();
    assert_eq!(v.headline, "Check in?");
    let card = v.current.expect("the meeting's card");
    assert_eq!(card.subject, m("a", "14:00", "15:00").subject);
    assert_eq!(card.time_range, "14:00–15:00");
    assert_eq!(card.remaining, "starts in 3 min");
    assert_eq!(card.progress, 0.0);
}
