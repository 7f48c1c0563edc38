//! Property tests: for random calendars, clocks, policies and display settings, the state, the
//! offers, the report and the screen keep the promises DESIGN.md makes.
//!
//! Calendars: up to 10 events starting anywhere in a 2-day window, 0–300 min long, with random
//! show-as, cancelled, private, all-day and booked-here flags, and random check-ins. Event times
//! are whole minutes (as calendars keep them); the clock has second precision.

use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::{America, Asia, Australia, Europe, Tz};
use proptest::prelude::*;
use roomsign_core::display::Privacy;
use roomsign_core::lights::{Colour, LightMap, LightSettings};
use roomsign_core::offers::{booking_start, offers, OfferKind};
use roomsign_core::report::report;
use roomsign_core::state::{holds_room, needs_check_in};
use roomsign_core::view::{local_day, panel_view, ClockFormat, Tone, ViewSettings};
use roomsign_core::{
    room_state, Booking, CheckInPolicy, CheckIns, Policy, Room, RoomState, Schedule, ShowAs,
    Snapshot, Source, UnknownReason,
};

use crate::read_at;

const WINDOW_MINUTES: i64 = 2 * 24 * 60;

fn base() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 28, 0, 0, 0).unwrap()
}

fn show_as() -> impl Strategy<Value = ShowAs> {
    prop_oneof![
        4 => Just(ShowAs::Busy),
        1 => Just(ShowAs::Tentative),
        1 => Just(ShowAs::Free),
        1 => Just(ShowAs::Oof),
        1 => Just(ShowAs::WorkingElsewhere),
        1 => Just(ShowAs::Unknown),
    ]
}

/// One random event (the id is assigned by position) and whether someone checked in to it.
fn event() -> impl Strategy<Value = (Booking, bool)> {
    (
        0..WINDOW_MINUTES,
        0i64..=300,
        show_as(),
        prop::bool::weighted(0.15),
        prop::bool::weighted(0.2),
        prop::bool::weighted(0.1),
        prop::bool::weighted(0.2),
        prop::bool::weighted(0.3),
        prop::sample::select(vec![
            "Design review",
            "",
            "   ",
            "Ada Lovelace",
            "ada lovelace",
            "Weekly planning",
        ]),
        prop::option::of(prop::sample::select(vec!["Ada Lovelace", " ", "Chen Wei"])),
    )
        .prop_map(
            |(
                start,
                minutes,
                show_as,
                cancelled,
                private,
                all_day,
                made_here,
                checked,
                subject,
                organizer,
            )| {
                let mut start = base() + Duration::minutes(start);
                let mut end = start + Duration::minutes(minutes);
                if all_day {
                    // All-day events span whole (UTC) days.
                    start = base() + Duration::days((start - base()).num_days());
                    end = start + Duration::days(1 + minutes / 200);
                }
                (
                    Booking {
                        id: String::new(),
                        subject: subject.to_owned(),
                        organizer: organizer.map(str::to_owned),
                        start,
                        end,
                        all_day,
                        private,
                        show_as,
                        cancelled,
                        made_here,
                    },
                    checked,
                )
            },
        )
}

fn calendar() -> impl Strategy<Value = (Vec<Booking>, CheckIns)> {
    prop::collection::vec(event(), 0..10).prop_map(|events| {
        let mut checked_in = CheckIns::new();
        let bookings = events
            .into_iter()
            .enumerate()
            .map(|(i, (mut b, checked))| {
                b.id = format!("evt-{i}");
                if checked {
                    checked_in.insert(b.id.clone());
                }
                b
            })
            .collect();
        (bookings, checked_in)
    })
}

/// A random instant from an hour before the window to five hours after it, to the second.
fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    (-3600i64..(WINDOW_MINUTES * 60 + 5 * 3600)).prop_map(|s| base() + Duration::seconds(s))
}

/// A calendar and a clock; half of the time the clock is placed near the start or the end of
/// one of the events (to the second, or on a whole minute) so that the thresholds are exercised.
fn scene() -> impl Strategy<Value = (Vec<Booking>, CheckIns, DateTime<Utc>)> {
    (
        calendar(),
        instant(),
        any::<prop::sample::Index>(),
        prop_oneof![-1500i64..=1500, (-25i64..=25).prop_map(|m| m * 60)],
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |((bookings, checked_in), now, pick, offset, near, at_end)| {
                let now = match bookings.get(pick.index(bookings.len().max(1))) {
                    Some(b) if near => {
                        (if at_end { b.end } else { b.start }) + Duration::seconds(offset)
                    }
                    _ => now,
                };
                (bookings, checked_in, now)
            },
        )
}

fn policy() -> impl Strategy<Value = Policy> {
    (
        0i64..=30,
        1i64..=15,
        prop_oneof![
            Just(15i64),
            Just(30),
            Just(45),
            Just(60),
            Just(120),
            5i64..=240
        ],
        any::<bool>(),
        0i64..=15,
        1i64..=30,
        30i64..=300,
    )
        .prop_map(
            |(soon, min, max, enabled, before, release, exempt)| Policy {
                soon: Duration::minutes(soon),
                min_booking: Duration::minutes(min),
                max_booking: Duration::minutes(max),
                checkin: CheckInPolicy {
                    enabled,
                    before: Duration::minutes(before),
                    release_after: Duration::minutes(release),
                    exempt_over: Duration::minutes(exempt),
                    ..CheckInPolicy::default()
                },
            },
        )
}

fn settings() -> impl Strategy<Value = ViewSettings> {
    (
        prop::sample::select(vec![
            Tz::UTC,
            Europe::Berlin,
            America::New_York,
            America::Santiago,
            Asia::Kolkata,
            Australia::Lord_Howe,
        ]),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        1i64..=48,
    )
        .prop_map(
            |(tz, h12, show_subject, show_organizer, stale)| ViewSettings {
                tz,
                clock: if h12 {
                    ClockFormat::H12
                } else {
                    ClockFormat::H24
                },
                privacy: Privacy {
                    show_subject,
                    show_organizer,
                },
                stale_after: Duration::hours(stale),
                lights: LightSettings::default(),
                locale: Default::default(),
            },
        )
}

fn held<'a>(
    bookings: &'a [Booking],
    now: DateTime<Utc>,
    policy: &Policy,
    checked_in: &CheckIns,
) -> Vec<&'a Booking> {
    bookings
        .iter()
        .filter(|b| holds_room(b, now, policy, checked_in))
        .collect()
}

/// Whether the check-in rules make `b` wait for a check-in at `now`.
fn waits_for_check_in(
    b: &Booking,
    now: DateTime<Utc>,
    policy: &Policy,
    checked_in: &CheckIns,
) -> bool {
    needs_check_in(b, policy)
        && !checked_in.contains(&b.id)
        && now >= b.start - policy.checkin.before
}

fn state_of(
    now: DateTime<Utc>,
    bookings: &[Booking],
    policy: &Policy,
    checked_in: &CheckIns,
) -> RoomState {
    room_state(
        now,
        &Schedule::Known(bookings.to_vec(), read_at(now)),
        policy,
        checked_in,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    /// The state is total and each variant's promise holds.
    #[test]
    fn state_keeps_its_promises(
        (bookings, checked_in, now) in scene(),
        policy in policy(),
    ) {
        let state = state_of(now, &bookings, &policy, &checked_in);
        let holding = held(&bookings, now, &policy, &checked_in);
        let on_now: Vec<&&Booking> = holding.iter().filter(|b| b.is_on_at(now)).collect();
        let first_ahead = holding.iter().filter(|b| b.start > now).map(|b| b.start).min();

        match &state {
            RoomState::Free { until: Some(until) } => {
                prop_assert!(on_now.is_empty(), "free, but {:?} is on", on_now);
                prop_assert!(*until > now);
                prop_assert!(
                    holding.iter().any(|b| b.start == *until),
                    "free until {until}, but no meeting holding the room starts then"
                );
                prop_assert!(
                    !holding.iter().any(|b| b.start > now && b.start < *until),
                    "a meeting holding the room starts before 'until' {until}"
                );
                prop_assert!(*until - now > policy.soon, "within 'soon' must be starting soon");
            }
            RoomState::Free { until: None } => {
                prop_assert!(on_now.is_empty(), "free, but {:?} is on", on_now);
                prop_assert_eq!(first_ahead, None, "free for good, but a meeting is ahead");
            }
            RoomState::StartingSoon { meeting } => {
                prop_assert!(on_now.is_empty(), "starting soon, but {:?} is on", on_now);
                prop_assert!(holds_room(meeting, now, &policy, &checked_in));
                prop_assert!(meeting.start > now);
                prop_assert!(meeting.start - now <= policy.soon, "starts after the threshold");
                prop_assert_eq!(Some(meeting.start), first_ahead, "not the next meeting");
                prop_assert!(!waits_for_check_in(meeting, now, &policy, &checked_in));
            }
            RoomState::Busy { meeting, until } => {
                prop_assert!(meeting.is_on_at(now), "busy with a meeting that is not on");
                prop_assert!(holds_room(meeting, now, &policy, &checked_in));
                prop_assert!(*until > now);
                prop_assert!(*until >= meeting.end);
                prop_assert!(!waits_for_check_in(meeting, now, &policy, &checked_in));
                // `until` is the end of the block: not inside any meeting holding the room...
                prop_assert!(
                    !holding.iter().any(|b| b.start <= *until && *until < b.end),
                    "busy until {until}, but a meeting holding the room is on then"
                );
                // ...and the block has no gap between now and `until`.
                let mut covered = now;
                while covered < *until {
                    let reach = holding
                        .iter()
                        .filter(|b| b.start <= covered && covered < b.end)
                        .map(|b| b.end)
                        .max();
                    prop_assert!(reach.is_some(), "gap at {covered} before 'until' {until}");
                    covered = reach.unwrap();
                }
                prop_assert_eq!(covered, *until);
            }
            RoomState::AwaitingCheckIn { meeting, release_at } => {
                prop_assert!(holds_room(meeting, now, &policy, &checked_in));
                prop_assert!(waits_for_check_in(meeting, now, &policy, &checked_in));
                prop_assert_eq!(*release_at, meeting.start + policy.checkin.release_after);
                prop_assert!(now < *release_at, "awaiting past the release");
                if !meeting.is_on_at(now) {
                    prop_assert!(on_now.is_empty(), "another meeting is on: {:?}", on_now);
                    prop_assert_eq!(Some(meeting.start), first_ahead, "not the next meeting");
                }
            }
            RoomState::Unknown { .. } => prop_assert!(false, "a known schedule is never unknown"),
        }
    }

    /// Every chip that can be tapped fits: no meeting holding the room overlaps it, it is within
    /// the policy's limits, and it starts now (to the minute). Every fixed chip that would fit is
    /// offered.
    #[test]
    fn offers_only_what_fits(
        (bookings, checked_in, now) in scene(),
        policy in policy(),
    ) {
        let state = state_of(now, &bookings, &policy, &checked_in);
        let chips = offers(now, &state, &bookings, &policy, &checked_in);
        let holding = held(&bookings, now, &policy, &checked_in);
        let overlaps = |s: DateTime<Utc>, e: DateTime<Utc>| {
            holding.iter().any(|b| b.start < e && s < b.end)
        };

        if !matches!(state, RoomState::Free { .. } | RoomState::StartingSoon { .. }) {
            prop_assert!(chips.is_empty(), "{} room offers chips", state.name());
            return Ok(());
        }
        let fixed: Vec<i64> = chips
            .iter()
            .filter(|o| o.kind == OfferKind::Fixed)
            .map(|o| o.minutes)
            .collect();
        prop_assert_eq!(fixed, vec![15, 30, 45, 60]);
        let until_chips = chips.iter().filter(|o| o.kind == OfferKind::UntilNext).count();
        let ahead = holding.iter().any(|b| b.start > now);
        prop_assert_eq!(until_chips, usize::from(ahead), "'until' chip iff a meeting is ahead");

        for o in &chips {
            prop_assert_eq!(o.start, booking_start(now));
            prop_assert!(o.start <= now && now - o.start < Duration::minutes(1));
            if o.is_available() {
                prop_assert!(o.end > o.start, "empty booking offered: {:?}", o);
                prop_assert!(!overlaps(o.start, o.end), "offer overlaps a meeting: {:?}", o);
                prop_assert!(o.end - o.start <= policy.max_booking, "over the limit: {:?}", o);
                prop_assert!(o.end - o.start >= policy.min_booking, "under the minimum: {:?}", o);
                prop_assert_eq!(o.end - o.start, Duration::minutes(o.minutes));
            }
            if o.kind == OfferKind::Fixed {
                prop_assert_eq!(o.end - o.start, Duration::minutes(o.minutes));
                let fits = !overlaps(o.start, o.end)
                    && Duration::minutes(o.minutes) <= policy.max_booking;
                prop_assert_eq!(o.is_available(), fits, "fixed chip {:?}", o);
            }
        }
    }

    /// A schedule says nothing of the time outside the window it was read for: any instant past
    /// it (or before it) is unknown, with nothing offered, however empty the calendar; inside
    /// it the state is the calendar's.
    #[test]
    fn outside_the_window_read_nothing_is_known(
        (bookings, checked_in, now) in scene(),
        policy in policy(),
        read_before in -(30i64 * 24 * 60)..=(30 * 24 * 60),
    ) {
        let read = read_at(now - Duration::minutes(read_before));
        let schedule = Schedule::Known(bookings.clone(), read);
        let state = room_state(now, &schedule, &policy, &checked_in);
        if read.contains(now) {
            prop_assert_eq!(state, state_of(now, &bookings, &policy, &checked_in));
        } else {
            prop_assert_eq!(&state, &RoomState::Unknown { reason: UnknownReason::BeyondWindow });
            prop_assert!(offers(now, &state, &bookings, &policy, &checked_in).is_empty());
        }
    }

    /// The report and the lights say the same as the state.
    #[test]
    fn report_and_lights_agree_with_the_state(
        (bookings, checked_in, now) in scene(),
        policy in policy(),
        settings in settings(),
    ) {
        let snapshot = Snapshot {
            link: roomsign_core::Link::Demo,
            room: Room { name: "Aurora".to_owned(), mailbox: None },
            schedule: Schedule::Known(bookings.clone(), read_at(now)),
            checked_in: checked_in.clone(),
            check_in_ways: Default::default(),
            released: Vec::new(),
            source: Source::Graph,
            last_sync: Some(now - Duration::minutes(3)),
            offline_since: None,
            trouble: None,
        };
        let state = state_of(now, &bookings, &policy, &checked_in);
        let r = report(now, &snapshot, &policy, &settings);
        prop_assert_eq!(r.state, state.name());
        prop_assert_eq!(r.until, state.until());
        let want = match &state {
            RoomState::Free { .. } => Colour::Green,
            RoomState::StartingSoon { .. } | RoomState::AwaitingCheckIn { .. } => Colour::Amber,
            RoomState::Busy { .. } => Colour::Red,
            RoomState::Unknown { .. } => Colour::Off,
        };
        prop_assert_eq!(LightMap::default().rule(&state).colour, want);
        prop_assert_eq!(r.led, want.name());
        if let RoomState::Busy { meeting, .. } = &state {
            let current = r.current.as_ref();
            prop_assert!(current.is_some(), "busy without a current meeting in the report");
            prop_assert_eq!(current.unwrap().start, meeting.start);
        }
        if matches!(state, RoomState::Free { .. } | RoomState::StartingSoon { .. }) {
            prop_assert!(r.current.is_none(), "free with a current meeting in the report");
        }
        // Private meetings never leak, whatever the switches.
        for m in r.current.iter().chain(r.upcoming.iter()) {
            if m.private {
                prop_assert_eq!(m.subject.as_str(), "Private meeting");
                prop_assert_eq!(m.organizer.as_deref(), None);
            }
            if !settings.privacy.show_organizer {
                prop_assert_eq!(m.organizer.as_deref(), None);
            }
        }
        let json = serde_json::to_value(&r).unwrap();
        let now_text = json["now"].as_str().unwrap().to_owned();
        prop_assert!(now_text.ends_with('Z'), "now not in UTC: {}", now_text);
    }

    /// The screen never panics, and it agrees with the state it shows.
    #[test]
    fn panel_view_is_total_and_consistent(
        (bookings, checked_in, now) in scene(),
        policy in policy(),
        settings in settings(),
        offline in prop::option::of(0i64..=(3 * 24 * 60)),
    ) {
        let snapshot = Snapshot {
            link: roomsign_core::Link::Demo,
            room: Room { name: "Aurora".to_owned(), mailbox: None },
            schedule: Schedule::Known(
                bookings.clone(),
                read_at(offline.map_or(now, |m| now - Duration::minutes(m + 1))),
            ),
            checked_in: checked_in.clone(),
            check_in_ways: Default::default(),
            released: Vec::new(),
            source: Source::Cache,
            last_sync: offline.map(|m| now - Duration::minutes(m + 1)),
            offline_since: offline.map(|m| now - Duration::minutes(m)),
            trouble: None,
        };
        let state = room_state(now, &snapshot.schedule, &policy, &checked_in);
        let v = panel_view(now, &snapshot, &policy, &settings);

        let tone = match &state {
            RoomState::Free { .. } => Tone::Free,
            RoomState::StartingSoon { .. } => Tone::Soon,
            RoomState::Busy { .. } => Tone::Busy,
            RoomState::AwaitingCheckIn { .. } => Tone::CheckIn,
            RoomState::Unknown { .. } => Tone::Unknown,
        };
        prop_assert_eq!(v.tone, tone);
        prop_assert!(!v.headline.is_empty() && !v.subline.is_empty(), "words missing: {:?}", v);
        prop_assert_eq!(v.actions.book, v.chips.iter().any(|c| c.available));
        prop_assert_eq!(v.actions.check_in, tone == Tone::CheckIn);
        let on_now = match &state {
            RoomState::Busy { .. } => true,
            // Before the start too: the card says which meeting awaits check-in.
            RoomState::AwaitingCheckIn { .. } => true,
            _ => false,
        };
        prop_assert_eq!(v.current.is_some(), on_now, "meeting card");
        if let Some(card) = &v.current {
            prop_assert!((0.0..=1.0).contains(&card.progress));
            prop_assert!(card.remaining.ends_with(" left") || card.remaining.starts_with("starts in "));
        }
        if v.actions.end_early || !v.actions.extend.is_empty() {
            match &state {
                RoomState::Busy { meeting, .. } => prop_assert!(meeting.made_here),
                other => prop_assert!(false, "end early / extend in state {}", other.name()),
            }
        }
        prop_assert!(v.actions.extend.iter().all(|m| *m == 15 || *m == 30));

        // The agenda: the rest of today's meetings that hold the room, in order.
        let (_, day_end) = local_day(now, settings.tz);
        let holding = held(&bookings, now, &policy, &checked_in);
        let mut want: Vec<&Booking> = holding
            .into_iter()
            .filter(|b| b.start > now && b.start < day_end)
            .collect();
        want.sort_by_key(|b| (b.start, b.end));
        prop_assert_eq!(v.agenda.len(), want.len(), "agenda {:?}", v.agenda);
        for (row, b) in v.agenda.iter().zip(&want) {
            prop_assert_eq!(row.booked_here, b.made_here);
            if b.private {
                prop_assert_eq!(row.subject.as_str(), "Private meeting");
                prop_assert_eq!(row.organizer.as_deref(), None);
            }
            if !settings.privacy.show_organizer {
                prop_assert_eq!(row.organizer.as_deref(), None);
                let name = b.organizer.as_deref().map(str::trim).unwrap_or_default();
                if !name.is_empty() && b.subject.trim().to_lowercase() == name.to_lowercase() {
                    prop_assert!(
                        row.subject.to_lowercase() != name.to_lowercase(),
                        "hidden organizer leaked through the subject: {:?}", row
                    );
                }
            }
        }

        prop_assert_eq!(v.notice.is_some(), offline.is_some(), "offline notice");
        if let (Some(n), Some(m)) = (&v.notice, offline) {
            // The last sync was m + 1 minutes ago.
            prop_assert_eq!(n.strong, Duration::minutes(m + 1) > settings.stale_after);
        }
    }

    /// An unknown schedule is unknown whatever the clock and the policy, offers nothing and
    /// turns the lights off.
    #[test]
    fn unknown_schedule_is_always_unknown(
        now in instant(),
        policy in policy(),
        settings in settings(),
        clock in any::<bool>(),
    ) {
        let reason = if clock {
            UnknownReason::ClockNotSynchronised
        } else {
            UnknownReason::NeverSynced
        };
        let snapshot = Snapshot {
            link: roomsign_core::Link::Demo,
            schedule: Schedule::Unknown(reason.clone()),
            ..Snapshot::unknown(Room { name: "Aurora".to_owned(), mailbox: None }, Source::Graph)
        };
        let state = room_state(now, &snapshot.schedule, &policy, &snapshot.checked_in);
        prop_assert_eq!(&state, &RoomState::Unknown { reason });
        prop_assert!(offers(now, &state, &[], &policy, &snapshot.checked_in).is_empty());
        prop_assert_eq!(LightMap::default().rule(&state).colour, Colour::Off);
        let v = panel_view(now, &snapshot, &policy, &settings);
        prop_assert_eq!(v.tone, Tone::Unknown);
        prop_assert!(v.chips.is_empty() && !v.actions.book && v.current.is_none());
    }

    /// The order the calendar lists its events in never changes what the panel shows.
    #[test]
    fn event_order_does_not_matter(
        (bookings, checked_in, now) in scene(),
        policy in policy(),
    ) {
        // Identical start and end make "the" current meeting ambiguous; skip those calendars.
        let mut spans: Vec<_> = bookings.iter().map(|b| (b.start, b.end)).collect();
        spans.sort();
        spans.dedup();
        prop_assume!(spans.len() == bookings.len());
        let mut reversed = bookings.clone();
        reversed.reverse();
        prop_assert_eq!(
            state_of(now, &bookings, &policy, &checked_in),
            state_of(now, &reversed, &policy, &checked_in)
        );
    }
}
