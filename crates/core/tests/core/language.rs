//! The panel's four languages: the catalogues hold exactly the messages the code uses, every
//! word function formats in every language without a Fluent error or a raw id, and dates, times
//! and plurals read as each locale writes them.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::{Europe, Tz};
use proptest::prelude::*;
use roomsign_core::free_rooms::{free_room_views, free_rooms_note, FreeRoom, Lookup};
use roomsign_core::labels::{self, AdminFacts, Confirm, LastProblem, Progress, SyncProgress};
use roomsign_core::language::{
    date_words, has_message, short_date_words, take_errors, time_words, weekday_words, Language,
    Locale,
};
use roomsign_core::pin::{pin_words, wait_words, PinOutcome};
use roomsign_core::policy::ReleaseMode;
use roomsign_core::rooms::RoomChoice;
use roomsign_core::view::{
    clock_range, minutes_words, panel_view, result_words, since_words, span_words, ActionResult,
    ClockFormat, PanelView, ViewSettings,
};
use roomsign_core::words::{Decline, LinkTrouble, TapRefusal};
use roomsign_core::{
    Booking, CheckInPolicy, CheckIns, Link, PairingPrompt, Policy, Problem, Refusal, Room,
    Schedule, ShowAs, Snapshot, Source, SyncTrouble, UnknownReason, Window,
};

// ---------------------------------------------------------------------------------------------
// The catalogues
// ---------------------------------------------------------------------------------------------

/// A catalogue's messages: each id with its attributes and the variables it references.
fn messages(catalogue: &str) -> BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> {
    let mut all: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in catalogue.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let text = if line.starts_with(|c: char| c.is_ascii_lowercase()) {
            let (id, rest) = line.split_once('=').expect("a message is `id = text`");
            let id = id.trim().to_owned();
            assert!(!all.contains_key(&id), "{id} twice");
            all.insert(id.clone(), Default::default());
            current = Some(id);
            rest
        } else {
            line
        };
        let id = current.as_ref().expect("text belongs to a message");
        let entry = all.get_mut(id).expect("known");
        if let Some(attribute) = text.trim_start().strip_prefix('.') {
            if let Some((name, _)) = attribute.split_once('=') {
                entry.0.insert(name.trim().to_owned());
            }
        }
        let mut rest = text;
        while let Some(i) = rest.find('$') {
            rest = &rest[i + 1..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                .collect();
            entry.1.insert(name);
        }
    }
    all
}

/// The message ids the core's code asks for: the literal after `tr!(<language>,`.
fn ids_in_code() -> BTreeSet<String> {
    fn scan(dir: &std::path::Path, found: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).expect("src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                scan(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let code = std::fs::read_to_string(&path).expect("source");
                let mut rest = code.as_str();
                while let Some(i) = rest.find("tr!(") {
                    rest = &rest[i + 4..];
                    // The macro's own definition names no id.
                    let Some(comma) = rest.find(',') else { break };
                    let after = rest[comma + 1..].trim_start();
                    if let Some(literal) = after.strip_prefix('"') {
                        let id: String = literal.chars().take_while(|c| *c != '"').collect();
                        found.insert(id);
                    }
                }
            }
        }
    }
    let mut found = BTreeSet::new();
    scan(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut found,
    );
    found
}

#[test]
fn every_catalogue_parses_without_an_error() {
    for language in Language::ALL {
        if let Err((_, errors)) =
            fluent_bundle::FluentResource::try_new(language.catalogue().to_owned())
        {
            panic!("{}.ftl: {errors:?}", language.code());
        }
    }
}

#[test]
fn every_catalogue_has_exactly_the_messages_of_english() {
    let english = messages(Language::English.catalogue());
    assert!(english.len() > 150, "{} messages", english.len());
    for language in &Language::ALL[1..] {
        let other = messages(language.catalogue());
        let code = language.code();
        let missing: Vec<_> = english
            .keys()
            .filter(|id| !other.contains_key(*id))
            .collect();
        let extra: Vec<_> = other
            .keys()
            .filter(|id| !english.contains_key(*id))
            .collect();
        assert!(missing.is_empty(), "{code}.ftl misses {missing:?}");
        assert!(
            extra.is_empty(),
            "{code}.ftl has messages English has not: {extra:?}"
        );
        for (id, (attributes, variables)) in &other {
            let (en_attributes, en_variables) = &english[id];
            assert_eq!(attributes, en_attributes, "{code}: {id}'s attributes");
            assert!(
                variables.is_subset(en_variables),
                "{code}: {id} uses {variables:?}, English passes {en_variables:?}"
            );
        }
    }
}

#[test]
fn the_code_asks_for_every_english_message_and_no_other() {
    let english: BTreeSet<String> = messages(Language::English.catalogue())
        .into_keys()
        .collect();
    let used = ids_in_code();
    assert!(used.len() > 150, "{} ids found in the code", used.len());
    let unknown: Vec<_> = used.difference(&english).collect();
    let unused: Vec<_> = english.difference(&used).collect();
    assert!(
        unknown.is_empty(),
        "the code asks for {unknown:?}, not in en.ftl"
    );
    assert!(
        unused.is_empty(),
        "en.ftl has {unused:?}, which the code no longer asks for"
    );
    for language in Language::ALL {
        for id in &used {
            assert!(has_message(language, id), "{}: {id}", language.code());
        }
    }
}

#[test]
fn a_message_missing_everywhere_shows_its_id_and_is_an_error_not_a_panic() {
    let _ = take_errors();
    let words = roomsign_core::language::text(Language::German, "no-such-message", None);
    assert_eq!(words, "no-such-message");
    let errors = take_errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    // A variable not given: Fluent shows its name, and the error is kept.
    let words = roomsign_core::language::text(Language::French, "until-time", None);
    assert!(words.contains("time"), "{words}");
    assert!(!take_errors().is_empty());
}

// ---------------------------------------------------------------------------------------------
// Every word in every language
// ---------------------------------------------------------------------------------------------

fn t(hm: &str) -> DateTime<Utc> {
    format!("2026-11-23T{hm}:00Z").parse().expect("time")
}

fn meeting(id: &str, start: &str, end: &str) -> Booking {
    Booking {
        id: id.to_owned(),
        subject: format!("Meeting {id}"),
        organizer: Some("Maria Garcia".to_owned()),
        start: t(start),
        end: t(end),
        all_day: false,
        private: false,
        show_as: ShowAs::Busy,
        cancelled: false,
        made_here: false,
    }
}

fn snapshot(bookings: Vec<Booking>) -> Snapshot {
    Snapshot {
        link: Link::Demo,
        room: Room {
            name: "Aurora".to_owned(),
            mailbox: Some("aurora@example.com".to_owned()),
        },
        schedule: Schedule::Known(
            bookings,
            Window::new(
                "2026-11-22T00:00:00Z".parse().expect("time"),
                "2026-11-26T00:00:00Z".parse().expect("time"),
            ),
        ),
        checked_in: CheckIns::new(),
        check_in_ways: Default::default(),
        released: Vec::new(),
        source: Source::Graph,
        last_sync: Some(t("09:00")),
        offline_since: None,
        trouble: None,
    }
}

fn checkin(release: ReleaseMode) -> Policy {
    Policy {
        checkin: CheckInPolicy {
            enabled: true,
            release,
            ..CheckInPolicy::default()
        },
        ..Policy::default()
    }
}

fn settings(language: Language, clock: ClockFormat) -> ViewSettings {
    ViewSettings {
        tz: Europe::Berlin,
        clock,
        locale: Locale::new(language),
        ..ViewSettings::default()
    }
}

fn view_words(view: &PanelView, out: &mut Vec<String>) {
    out.extend([
        view.clock.clone(),
        view.date.clone(),
        view.full_headline(),
        view.subline.clone(),
        view.agenda_empty.clone(),
        view.actions.book_unavailable.clone(),
        view.actions.find_room_unavailable.clone(),
    ]);
    if let Some(card) = &view.current {
        out.extend([
            card.subject.clone(),
            card.time_range.clone(),
            card.remaining.clone(),
        ]);
    }
    for row in &view.agenda {
        out.extend([row.time_range.clone(), row.subject.clone()]);
    }
    out.extend(view.notes.iter().cloned());
    for chip in &view.chips {
        out.extend([chip.label.clone(), chip.detail.clone()]);
    }
    if let Some(notice) = &view.notice {
        out.push(notice.text.clone());
    }
    if let Some(p) = &view.pairing {
        out.extend([p.renew_in.clone(), p.note.clone()]);
    }
    if let Some(p) = &view.problem {
        out.extend([p.title.clone(), p.body.clone(), p.fix.clone()]);
    }
}

/// Every screen's words the core makes, in `language`.
fn all_words(language: Language, clock: ClockFormat) -> Vec<String> {
    let s = settings(language, clock);
    let mut out = Vec::new();
    let day = vec![
        meeting("a", "08:00", "09:00"),
        meeting("b", "10:00", "11:30"),
        Booking {
            made_here: true,
            ..meeting("c", "12:00", "12:30")
        },
        Booking {
            private: true,
            ..meeting("d", "14:00", "15:00")
        },
        Booking {
            all_day: true,
            show_as: ShowAs::Free,
            start: "2026-11-23T00:00:00Z".parse().expect("time"),
            end: "2026-11-24T00:00:00Z".parse().expect("time"),
            ..meeting("e", "00:00", "00:00")
        },
        meeting("f", "23:00", "23:30"),
    ];
    let plain = snapshot(day.clone());
    let policy = Policy::default();
    // Free, starting soon, busy, own meeting, private, a later day, all day.
    for now in [
        "07:00", "09:45", "09:55", "10:15", "12:10", "14:10", "15:30",
    ] {
        view_words(&panel_view(t(now), &plain, &policy, &s), &mut out);
    }
    // Check-in by every release rule, before and after the release time; a released slot.
    for release in [ReleaseMode::Panel, ReleaseMode::Exchange, ReleaseMode::Off] {
        for now in ["09:58", "10:05", "10:15"] {
            view_words(&panel_view(t(now), &plain, &checkin(release), &s), &mut out);
        }
    }
    // Offline and refused, fresh and stale; unknown for every reason.
    let mut offline = plain.clone();
    offline.offline_since = Some(t("08:30"));
    for last in [t("08:00"), "2026-11-20T08:00:00Z".parse().expect("time")] {
        offline.last_sync = Some(last);
        view_words(&panel_view(t("10:15"), &offline, &policy, &s), &mut out);
        let mut refused = offline.clone();
        refused.trouble = Some(SyncTrouble {
            words: "Graph refuses".to_owned(),
            refused: true,
        });
        view_words(&panel_view(t("10:15"), &refused, &policy, &s), &mut out);
    }
    for reason in [
        UnknownReason::NeverSynced,
        UnknownReason::ClockNotSynchronised,
        UnknownReason::BeyondWindow,
    ] {
        let mut unknown = plain.clone();
        unknown.schedule = Schedule::Unknown(reason);
        view_words(&panel_view(t("10:15"), &unknown, &policy, &s), &mut out);
        unknown.offline_since = Some("2026-11-18T08:30:00Z".parse().expect("time"));
        view_words(&panel_view(t("10:15"), &unknown, &policy, &s), &mut out);
        unknown.trouble = Some(SyncTrouble {
            words: "Graph refuses".to_owned(),
            refused: true,
        });
        view_words(&panel_view(t("10:15"), &unknown, &policy, &s), &mut out);
    }
    // Pairing, not paired for every reason, problems for every refusal.
    let mut links = vec![
        Link::Pairing(PairingPrompt {
            user_code: "FQK5HW3LA".to_owned(),
            verification_uri: "https://microsoft.com/devicelogin".to_owned(),
            qr_target: "https://microsoft.com/devicelogin".to_owned(),
            expires_at: t("10:30"),
            note: None,
        }),
        Link::NotPaired {
            reason: None,
            refusal: None,
        },
        Link::CredentialsRefused {
            message: "AADSTS7000215".to_owned(),
        },
        Link::SignedIn {
            account: Some("panel@example.com".to_owned()),
            unsaved: true,
        },
        Link::SignedIn {
            account: None,
            unsaved: false,
        },
        Link::ChooseRoom { rooms: Vec::new() },
    ];
    for trouble in link_troubles() {
        links.push(Link::NotPaired {
            reason: Some(trouble.clone()),
            refusal: None,
        });
        links.push(Link::Pairing(PairingPrompt {
            user_code: "FQK5HW3LA".to_owned(),
            verification_uri: "https://microsoft.com/devicelogin".to_owned(),
            qr_target: "https://microsoft.com/devicelogin".to_owned(),
            expires_at: t("10:30"),
            note: Some(trouble),
        }));
    }
    for refusal in ALL_REFUSALS {
        links.push(Link::NotPaired {
            reason: None,
            refusal: Some(refusal),
        });
        links.push(Link::SignInRefused {
            refusal,
            detail: "invalid_grant".to_owned(),
            retry_at: t("11:00"),
        });
        out.extend([
            refusal.what_in(language),
            refusal.fix_in(language),
            refusal.at_the_door(language),
        ]);
    }
    let facts = AdminFacts {
        version: "1.2.3".to_owned(),
        token_until: Some(Some(t("11:00"))),
        lights: "none".to_owned(),
        addresses: None,
        config: "/etc/roomsign/roomsign.toml".to_owned(),
        state_dir: "/var/lib/roomsign".to_owned(),
        certificate: None,
        check_in: Some(ReleaseMode::Panel),
        last_problem: Some(LastProblem {
            problem: Problem {
                code: "offline".to_owned(),
                what: "x".to_owned(),
                fix: "y".to_owned(),
            },
            seen: t("09:00"),
            cleared: None,
        }),
    };
    for link in links {
        let mut linked = plain.clone();
        linked.link = link;
        view_words(&panel_view(t("10:15"), &linked, &policy, &s), &mut out);
        let mut facts = facts.clone();
        for (sync, offline, cleared) in [
            (None, None, None),
            (Some(t("09:00")), Some(t("09:10")), Some(t("09:20"))),
            (None, Some(t("09:10")), None),
            (Some(t("09:00")), None, None),
        ] {
            linked.last_sync = sync;
            linked.offline_since = offline;
            if let Some(last) = facts.last_problem.as_mut() {
                last.cleared = cleared;
            }
            facts.token_until = Some(sync);
            facts.check_in = sync.map(|_| ReleaseMode::Exchange);
            for row in labels::admin_rows(&linked, &s, &facts) {
                out.extend([row.label, row.value]);
            }
        }
    }
    // Results, refusals, declines.
    let mut results = vec![
        ActionResult::Booked { end: t("10:30") },
        ActionResult::BookedRoom {
            room: "Borealis".to_owned(),
            end: t("10:30"),
        },
        ActionResult::Pending,
        ActionResult::Ended,
        ActionResult::Extended { end: t("11:00") },
        ActionResult::CheckedIn,
    ];
    for reason in [
        Decline::BookedFirst,
        Decline::NotARoom("x@example.com".to_owned()),
        Decline::BookedFrom(t("13:00"), Europe::Berlin),
        Decline::NotFreeForLonger,
    ] {
        results.push(ActionResult::Declined {
            reason: reason.clone(),
        });
        results.push(ActionResult::ChangeDeclined { reason });
    }
    for refusal in [
        TapRefusal::NoCalendar,
        TapRefusal::BookingInFlight,
        TapRefusal::SlotGone,
        TapRefusal::NothingToCheckIn,
        TapRefusal::EndEarlyOff,
        TapRefusal::ExtendOff,
        TapRefusal::NotBookedHere,
        TapRefusal::NotBooked("e".to_owned()),
        TapRefusal::NotEnded("e".to_owned()),
        TapRefusal::NotExtended("e".to_owned()),
    ] {
        results.push(refusal.into());
    }
    for result in &results {
        let words = result_words(result, &s);
        out.extend([words.title, words.body]);
    }
    for trouble in link_troubles() {
        out.push(trouble.words(language));
    }
    // Labels, confirm sheets, progress, admin lines.
    let l = labels::labels(language);
    out.extend([
        l.book_now,
        l.take_room,
        l.check_in,
        l.end_now,
        l.find_room,
        l.later_today,
        l.how_long,
        l.cancel,
        l.book,
        l.done,
        l.pin_prompt,
        l.pin_ok,
        l.sync_now,
        l.change_room,
        l.pair_again,
        l.unpair,
        l.led_test,
        l.close,
        l.which_room,
        l.search_rooms,
        l.free_rooms_now,
        l.back,
        l.sign_in_step,
        l.code_step,
        l.not_paired,
        l.get_code,
        l.language,
    ]);
    out.extend([
        labels::language_button(language),
        labels::extend_label(15, language),
        labels::book_minutes_label(30, language),
        labels::book_title("Aurora", "09:20", language),
        labels::all_day_note("Holiday", language),
        labels::admin_title("Aurora", language),
        labels::pairing_title("Aurora", language),
        labels::qr_label("https://microsoft.com/devicelogin", language),
        labels::open_step("https://microsoft.com/devicelogin", language),
        labels::search_hint(1, language),
        labels::search_hint(12, language),
        labels::no_match("4.1", language),
        labels::change_room_configured("/etc/roomsign/roomsign.toml", language),
        labels::sync_words(SyncProgress::Syncing, &s),
        labels::sync_words(SyncProgress::Done(t("09:00")), &s),
        labels::sync_words(SyncProgress::Failed(t("09:00")), &s),
        labels::led_test_words(1, 9, "red at 100 %", language),
        labels::led_test_done(true, language),
        labels::led_test_done(false, language),
        labels::lights_untestable("no lights configured", language),
    ]);
    for progress in [
        Progress::Book,
        Progress::BookRoom("Borealis"),
        Progress::CheckIn,
        Progress::EndEarly,
        Progress::Extend,
    ] {
        out.push(labels::progress_words(progress, language));
    }
    for what in [
        Confirm::EndNow,
        Confirm::PairAgain,
        Confirm::Unpair,
        Confirm::ChangeRoom,
        Confirm::BookRoom {
            name: "Borealis".to_owned(),
            minutes: 30,
        },
    ] {
        let w = labels::confirm_words(&what, language);
        out.extend([w.question, w.detail, w.yes, w.no]);
    }
    // The lights test on the admin screen.
    for step in roomsign_core::lights::test_steps(&s.lights, true, language) {
        out.push(step.what);
    }
    // Free rooms, the Room picker, the PIN pad, spans.
    let room = RoomChoice {
        email: "borealis@example.com".to_owned(),
        name: "Borealis".to_owned(),
        building: Some("B1".to_owned()),
        floor: Some("2".to_owned()),
        capacity: Some(8),
    };
    let free = [
        FreeRoom {
            room: room.clone(),
            free_until: Some(t("11:00")),
            minutes: 30,
        },
        FreeRoom {
            room: RoomChoice {
                capacity: Some(1),
                ..room.clone()
            },
            free_until: None,
            minutes: 60,
        },
    ];
    for v in free_room_views(t("10:15"), &free, &s) {
        out.extend([v.free, v.details, v.button]);
    }
    for lookup in [Lookup::Looking, Lookup::Found(&[]), Lookup::Failed] {
        out.push(free_rooms_note(lookup, Duration::minutes(30), language));
    }
    out.extend([
        pin_words(
            PinOutcome::Wrong {
                wrong: 1,
                wait: None,
            },
            language,
        ),
        pin_words(
            PinOutcome::Waiting {
                left: Duration::seconds(90),
            },
            language,
        ),
        wait_words(Duration::seconds(30), language),
        wait_words(Duration::minutes(2), language),
        span_words(25, language),
        span_words(60, language),
        span_words(70, language),
        minutes_words(1, language),
        minutes_words(2, language),
        since_words(t("08:00"), t("10:15"), &s),
        since_words(t("08:00") - Duration::days(2), t("10:15"), &s),
        since_words(t("08:00") - Duration::days(20), t("10:15"), &s),
        roomsign_core::snapshot::phone_says_blocked(language),
    ]);
    out
}

fn link_troubles() -> Vec<LinkTrouble> {
    vec![
        LinkTrouble::SignInEnded("the sign-in has expired".to_owned()),
        LinkTrouble::PairingDeclined,
        LinkTrouble::PairingStopped("expired_token".to_owned()),
        LinkTrouble::PairingRetrying("no network".to_owned()),
        LinkTrouble::CannotListRooms("403".to_owned()),
        LinkTrouble::NoRooms,
        LinkTrouble::Unpaired,
        LinkTrouble::Refused(Refusal::PasswordChanged),
    ]
}

const ALL_REFUSALS: [Refusal; 12] = [
    Refusal::DeviceCodeBlocked,
    Refusal::MfaRequired,
    Refusal::SignInFrequency,
    Refusal::RefreshTokenExpired,
    Refusal::PasswordChanged,
    Refusal::BlockedByPolicy,
    Refusal::ConsentRequired,
    Refusal::AccountBlocked,
    Refusal::WrongCredentials,
    Refusal::Throttled,
    Refusal::BadAnswer,
    Refusal::Other,
];

#[test]
fn every_word_in_every_language_formats_without_an_error_or_a_raw_id() {
    let ids: Vec<String> = messages(Language::English.catalogue())
        .into_keys()
        .collect();
    for language in Language::ALL {
        for clock in [ClockFormat::H24, ClockFormat::H12] {
            let _ = take_errors();
            let words = all_words(language, clock);
            let errors = take_errors();
            assert!(errors.is_empty(), "{language:?}: {errors:?}");
            assert!(words.len() > 400, "{} words", words.len());
            for w in &words {
                assert!(
                    !w.contains('{') && !w.contains('$') && !w.contains('}'),
                    "{language:?}: {w}"
                );
                assert!(
                    !w.contains('\u{2068}') && !w.contains('\u{2069}'),
                    "{language:?}: isolation marks in {w:?}"
                );
                // Ids with a dash: "ended" or "pending" are words too.
                let raw = ids
                    .iter()
                    .filter(|id| id.contains('-'))
                    .find(|id| w.contains(id.as_str()));
                if let Some(id) = raw {
                    panic!("{language:?}: the raw id {id} in {w:?}");
                }
            }
        }
    }
}

#[test]
fn the_other_languages_are_translated_not_english() {
    let english = all_words(Language::English, ClockFormat::H24);
    for language in &Language::ALL[1..] {
        let words = all_words(*language, ClockFormat::H24);
        assert_eq!(words.len(), english.len());
        // Names, paths and addresses are the same in every language; words are not.
        let same: BTreeSet<&String> = words
            .iter()
            .zip(&english)
            .filter(|(w, e)| w == e && !e.contains(['/', '@']))
            .filter(|(_, e)| e.chars().filter(|c| c.is_alphabetic()).count() > 12)
            .map(|(w, _)| w)
            .collect();
        assert!(same.len() < 4, "{language:?} reads as English: {same:#?}");
    }
}

#[test]
fn the_words_of_home_in_each_language() {
    let plain = snapshot(vec![meeting("b", "10:00", "11:30")]);
    let table = [
        (
            Language::English,
            "Free",
            "until 11:00",
            "Busy",
            "until 12:30",
        ),
        (Language::German, "Frei", "bis 11:00", "Belegt", "bis 12:30"),
        (
            Language::French,
            "Libre",
            "jusqu'à 11:00",
            "Occupé",
            "jusqu'à 12:30",
        ),
        (
            Language::Spanish,
            "Libre",
            "hasta las 11:00",
            "Ocupada",
            "hasta las 12:30",
        ),
    ];
    for (language, free, until, busy, busy_until) in table {
        let s = settings(language, ClockFormat::H24);
        let v = panel_view(t("07:00"), &plain, &Policy::default(), &s);
        assert_eq!((v.headline.as_str(), v.subline.as_str()), (free, until));
        let v = panel_view(t("10:15"), &plain, &Policy::default(), &s);
        assert_eq!(
            (v.headline.as_str(), v.subline.as_str()),
            (busy, busy_until)
        );
        assert_eq!(v.language, language);
    }
    assert_eq!(labels::labels(Language::German).book_now, "Jetzt buchen");
    assert_eq!(labels::labels(Language::German).check_in, "Einchecken");
    assert_eq!(labels::labels(Language::German).end_now, "Beenden");
    assert_eq!(
        labels::labels(Language::German).language,
        "Sprache: Deutsch"
    );
    assert_eq!(labels::language_button(Language::Spanish), "ES");
}

// ---------------------------------------------------------------------------------------------
// Dates, times and plurals
// ---------------------------------------------------------------------------------------------

fn locale(tag: &str) -> Locale {
    Locale::parse(tag).expect(tag)
}

#[test]
fn the_date_line_in_each_locale() {
    let monday = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    let table = [
        ("en", "Monday 23 November"),
        ("en-GB", "Monday 23 November"),
        ("en-US", "Monday, November 23"),
        ("de", "Montag, 23. November"),
        ("de-AT", "Montag, 23. November"),
        ("fr", "lundi 23 novembre"),
        ("es", "lunes, 23 de noviembre"),
    ];
    for (tag, want) in table {
        assert_eq!(date_words(monday, &locale(tag)), want, "{tag}");
    }
    let short = [
        ("en", "Mon", "Mon, 23 Nov"),
        ("de", "Mo", "Mo., 23. Nov."),
        ("fr", "lun.", "lun. 23 nov."),
        ("es", "lun", "lun, 23 nov"),
    ];
    for (tag, weekday, day) in short {
        assert_eq!(weekday_words(monday, &locale(tag)), weekday, "{tag}");
        assert_eq!(short_date_words(monday, &locale(tag)), day, "{tag}");
    }
}

#[test]
fn times_on_both_clocks_in_each_locale() {
    let at = |h, m| {
        Utc.with_ymd_and_hms(2026, 11, 23, h, m, 0)
            .single()
            .expect("time")
    };
    let utc = Tz::UTC;
    let table = [
        ("en", "14:05", "2:05 pm", "12:30 am"),
        ("en-US", "14:05", "2:05 PM", "12:30 AM"),
        ("de", "14:05", "2:05 PM", "12:30 AM"),
        ("fr", "14:05", "2:05 PM", "12:30 AM"),
        ("es", "14:05", "2:05 p. m.", "12:30 a. m."),
    ];
    for (tag, h24, h12, midnight) in table {
        let l = locale(tag);
        assert_eq!(
            time_words(at(14, 5), utc, ClockFormat::H24, &l),
            h24,
            "{tag}"
        );
        assert_eq!(
            time_words(at(14, 5), utc, ClockFormat::H12, &l),
            h12,
            "{tag}"
        );
        assert_eq!(
            time_words(at(0, 30), utc, ClockFormat::H12, &l),
            midnight,
            "{tag}"
        );
        assert_eq!(
            time_words(at(0, 30), utc, ClockFormat::H24, &l),
            "00:30",
            "{tag}"
        );
    }
    // The configured clock wins over the locale's: en-US on 24 hours, German on 12.
    assert_eq!(
        time_words(at(9, 0), Europe::Berlin, ClockFormat::H24, &locale("en-US")),
        "10:00"
    );
    // No narrow no-break space reaches the panel.
    for tag in ["en", "en-US", "de", "fr", "es"] {
        let w = time_words(at(14, 5), utc, ClockFormat::H12, &locale(tag));
        assert!(!w.contains('\u{202f}'), "{tag}: {w:?}");
    }
}

#[test]
fn a_12_hour_range_says_the_day_period_once_in_every_language() {
    let table = [
        ("en-US", "10:00–10:30 AM", "11:30 AM–12:30 PM"),
        ("en", "10:00–10:30 am", "11:30 am–12:30 pm"),
        ("de", "10:00–10:30 AM", "11:30 AM–12:30 PM"),
        ("es", "10:00–10:30 a. m.", "11:30 a. m.–12:30 p. m."),
    ];
    for (tag, same, across) in table {
        let s = ViewSettings {
            clock: ClockFormat::H12,
            locale: locale(tag),
            ..ViewSettings::default()
        };
        assert_eq!(clock_range(t("10:00"), t("10:30"), &s), same, "{tag}");
        assert_eq!(clock_range(t("11:30"), t("12:30"), &s), across, "{tag}");
        let h24 = ViewSettings {
            clock: ClockFormat::H24,
            ..s
        };
        assert_eq!(clock_range(t("10:00"), t("10:30"), &h24), "10:00–10:30");
    }
}

#[test]
fn plurals_in_each_language() {
    let table = [
        (Language::English, "1 minute", "2 minutes"),
        (Language::German, "1 Minute", "2 Minuten"),
        (Language::French, "1 minute", "2 minutes"),
        (Language::Spanish, "1 minuto", "2 minutos"),
    ];
    for (language, one, two) in table {
        assert_eq!(minutes_words(1, language), one);
        assert_eq!(minutes_words(2, language), two);
    }
    assert_eq!(
        labels::search_hint(1, Language::German),
        "Nach Name, Gebäude oder Etage suchen (1 Raum)"
    );
    assert_eq!(
        labels::search_hint(7, Language::German),
        "Nach Name, Gebäude oder Etage suchen (7 Räume)"
    );
    assert_eq!(
        free_rooms_note(Lookup::Found(&[]), Duration::minutes(1), Language::Spanish),
        "Ahora no hay otra sala libre durante 1 minuto."
    );
    assert_eq!(span_words(90, Language::German), "1 Std. 30 Min.");
    assert_eq!(span_words(90, Language::French), "1 h 30 min");
}

// ---------------------------------------------------------------------------------------------
// Locales
// ---------------------------------------------------------------------------------------------

#[test]
fn locales_from_tags_and_posix_names() {
    let table = [
        ("de", Some("de")),
        ("de-AT", Some("de-AT")),
        ("de_AT", Some("de-AT")),
        ("de_AT.UTF-8", Some("de-AT")),
        ("de_AT.utf8@euro", Some("de-AT")),
        ("DE-at", Some("de-AT")),
        ("en_US.UTF-8", Some("en-US")),
        ("fr", Some("fr")),
        ("es_ES", Some("es-ES")),
        ("C", None),
        ("C.UTF-8", None),
        ("POSIX", None),
        ("", None),
        ("it", None),
        ("zz-ZZ", None),
        ("de-", None),
        ("de-AUT", None),
        ("de-AT-x", None),
        ("de-1", None),
        ("ñ", None),
    ];
    for (text, tag) in table {
        assert_eq!(
            Locale::parse(text).map(|l| l.tag()),
            tag.map(str::to_owned),
            "{text:?}"
        );
    }
    assert_eq!(Locale::default().tag(), "en");
    assert_eq!(Locale::default().language, Language::English);
    let codes: Vec<_> = Language::ALL.iter().map(|l| l.code()).collect();
    assert_eq!(codes, ["en", "de", "fr", "es"]);
    let names: Vec<_> = Language::ALL.iter().map(|l| l.native_name()).collect();
    assert_eq!(names, ["English", "Deutsch", "Français", "Español"]);
}

#[test]
fn each_locale_has_its_clock() {
    let table = [
        ("en", ClockFormat::H24),
        ("en-US", ClockFormat::H12),
        ("en-GB", ClockFormat::H24),
        ("de", ClockFormat::H24),
        ("de-AT", ClockFormat::H24),
        ("fr", ClockFormat::H24),
        ("es", ClockFormat::H24),
        ("es-MX", ClockFormat::H12),
    ];
    for (tag, clock) in table {
        assert_eq!(locale(tag).default_clock(), clock, "{tag}");
    }
}

proptest! {
    #[test]
    fn parsing_any_text_never_panics(text in "\\PC{0,24}") {
        if let Some(l) = Locale::parse(&text) {
            prop_assert_eq!(Locale::parse(&l.tag()), Some(l));
        }
    }

    #[test]
    fn any_time_and_date_formats_in_every_locale(
        secs in 0i64..4_102_444_800,
        h12 in any::<bool>(),
        which in 0usize..6,
    ) {
        let tags = ["en", "en-US", "de-AT", "fr", "es", "es-MX"];
        let l = locale(tags[which]);
        let at = Utc.timestamp_opt(secs, 0).single().expect("instant");
        let clock = if h12 { ClockFormat::H12 } else { ClockFormat::H24 };
        let time = time_words(at, Europe::Berlin, clock, &l);
        prop_assert!(time.chars().any(|c| c.is_ascii_digit()), "{}", time);
        let date = date_words(at.date_naive(), &l);
        prop_assert!(date.chars().any(|c| c.is_alphabetic()), "{}", date);
    }
}

#[test]
fn spanish_says_la_1_and_las_3() {
    let s = |tag: &str, clock| ViewSettings {
        clock,
        locale: locale(tag),
        ..ViewSettings::default()
    };
    let booked = |end: &str, settings: &ViewSettings| {
        result_words(&ActionResult::Booked { end: t(end) }, settings).title
    };
    assert_eq!(
        booked("13:30", &s("es", ClockFormat::H12)),
        "Reservada hasta la 1:30 p. m."
    );
    assert_eq!(
        booked("15:30", &s("es", ClockFormat::H12)),
        "Reservada hasta las 3:30 p. m."
    );
    assert_eq!(
        booked("13:30", &s("es", ClockFormat::H24)),
        "Reservada hasta las 13:30"
    );
    assert_eq!(
        booked("01:30", &s("es", ClockFormat::H24)),
        "Reservada hasta la 01:30"
    );
    assert_eq!(
        booked("13:30", &s("es-MX", ClockFormat::H12)),
        "Reservada hasta la 01:30 p.m."
    );
    assert_eq!(
        booked("11:00", &s("es", ClockFormat::H24)),
        "Reservada hasta las 11:00"
    );
}
