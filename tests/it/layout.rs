//! Every screen, in every state, at the six panel sizes, with real-world long content (a
//! 60-character room name, 100-character subjects, 40-character organizers, a 9-character
//! device code, a 12-hour clock), laid out by Slint and read back as geometry: each primary
//! action must lie wholly inside the window and inside every element around it, and no text may
//! reach out of an element that holds it. Geometry comes from Slint's testing API
//! (`ElementHandle`: type names, accessible roles and labels, absolute positions and sizes), not
//! from pixels.
//!
//! `ROOMSIGN_LAYOUT_PNG=DIR` also writes each screen to `DIR/<screen>-<W>x<H>.png`.

use std::ops::ControlFlow;

use chrono::Duration;
use i_slint_backend_testing::{AccessibleRole, ElementHandle, ElementRoot};
use roomsign::core::door_language::DoorLanguage;
use roomsign::core::free_rooms::{FreeRoom, FreeRoomView};
use roomsign::core::labels::{self, AdminRow, Progress};
use roomsign::core::rooms::RoomChoice;
use roomsign::core::state::{Schedule, UnknownReason};
use roomsign::core::view::{panel_view, result_words, ActionResult, ClockFormat, ViewSettings};
use roomsign::core::words::TapRefusal;
use roomsign::core::{
    Booking, CheckIns, Language, Link, Locale, PairingPrompt, Policy, Room, ShowAs, Snapshot,
    Source,
};
use roomsign::ui::{adapter, headless::Headless, Screen};

use crate::support::at;

pub const ROOM: &str = "Northbridge Conference Suite, West Wing Innovation Hub 14.12";
pub const SUBJECT: &str =
    "Quarterly planning review for the facilities and workplace experience team with all regional leads 2";
pub const ORGANIZER: &str = "Alexandra Montgomery-Fitzgerald, Finance";
pub const CODE: &str = "FQK5HW3LA";

pub const SIZES: [(u32, u32); 6] = [
    (800, 480),
    (1024, 600),
    (1280, 800),
    (1920, 1080),
    (480, 800),
    (600, 1024),
];

fn meeting(n: u32, start: &str, end: &str, made_here: bool) -> Booking {
    Booking {
        id: format!("m{n}"),
        subject: format!("{}{n}", &SUBJECT[..SUBJECT.len() - 1]),
        organizer: Some(ORGANIZER.to_owned()),
        start: at(start),
        end: at(end),
        all_day: false,
        private: false,
        show_as: ShowAs::Busy,
        cancelled: false,
        made_here,
    }
}

fn snapshot(bookings: Vec<Booking>) -> Snapshot {
    Snapshot {
        link: Link::Demo,
        room: Room {
            name: ROOM.to_owned(),
            mailbox: None,
        },
        schedule: Schedule::Known(
            bookings,
            roomsign::core::Window::new(
                "2026-11-23T00:00:00Z".parse().expect("an instant"),
                "2026-11-24T00:00:00Z".parse().expect("an instant"),
            ),
        ),
        checked_in: CheckIns::new(),
        check_in_ways: Default::default(),
        released: Vec::new(),
        source: Source::Cache,
        last_sync: Some(at("09:00")),
        offline_since: None,
        trouble: None,
    }
}

/// Later meetings, so the agenda has rows to keep.
fn later() -> Vec<Booking> {
    vec![
        meeting(2, "11:00", "11:30", false),
        meeting(3, "13:00", "14:00", true),
        meeting(4, "15:00", "16:30", false),
    ]
}

thread_local! {
    /// The language the screens are laid out in (each size's test runs all four in turn).
    static LOCALE: std::cell::RefCell<Locale> = std::cell::RefCell::new(Locale::default());
}

fn locale() -> Locale {
    LOCALE.with(|l| l.borrow().clone())
}

/// English on the longer 12-hour clock; the other languages as their locale writes times.
fn settings() -> ViewSettings {
    let locale = locale();
    ViewSettings {
        clock: if locale.language == Language::English {
            ClockFormat::H12
        } else {
            locale.default_clock()
        },
        locale,
        ..ViewSettings::default()
    }
}

fn check_in_policy() -> Policy {
    let mut policy = Policy::default();
    policy.checkin.enabled = true;
    policy
}

/// One screen of the fixture: how to show it, and the actions it must offer whole.
struct Case {
    name: &'static str,
    show: fn(&Headless),
    actions: Vec<String>,
}

fn home(headless: &Headless, now: &str, bookings: Vec<Booking>, policy: &Policy) {
    let mut all = bookings;
    all.extend(later());
    let view = panel_view(at(now), &snapshot(all), policy, &settings());
    adapter::show_view(headless.app(), &view);
    adapter::show_screen(headless.app(), Screen::Home);
}

fn home_free(h: &Headless) {
    home(h, "09:20", vec![], &Policy::default());
}

fn home_soon(h: &Headless) {
    home(
        h,
        "09:22",
        vec![meeting(1, "09:30", "10:00", false)],
        &Policy::default(),
    );
}

fn home_busy(h: &Headless) {
    home(
        h,
        "09:20",
        vec![meeting(1, "09:00", "10:00", false)],
        &Policy::default(),
    );
}

fn home_booked(h: &Headless) {
    home(
        h,
        "09:20",
        vec![meeting(1, "09:00", "10:00", true)],
        &Policy::default(),
    );
}

fn home_check_in(h: &Headless) {
    home(
        h,
        "09:03",
        vec![meeting(1, "09:00", "10:00", false)],
        &check_in_policy(),
    );
}

fn home_check_in_early(h: &Headless) {
    home(
        h,
        "08:57",
        vec![meeting(1, "09:00", "10:00", false)],
        &check_in_policy(),
    );
}

fn home_unknown(h: &Headless) {
    let mut s = snapshot(vec![]);
    s.schedule = Schedule::Unknown(UnknownReason::NeverSynced);
    s.last_sync = None;
    s.offline_since = Some(at("09:00"));
    let view = panel_view(at("09:20"), &s, &Policy::default(), &settings());
    adapter::show_view(h.app(), &view);
    adapter::show_screen(h.app(), Screen::Home);
}

fn offline_view() -> roomsign::core::view::PanelView {
    let mut bookings = vec![meeting(1, "09:30", "10:00", false)];
    bookings.extend(later());
    let mut s = snapshot(bookings);
    s.last_sync = Some(at("08:00") - Duration::hours(13));
    s.offline_since = Some(at("08:00") - Duration::hours(13));
    panel_view(at("09:22"), &s, &Policy::default(), &settings())
}

fn home_offline(h: &Headless) {
    adapter::show_view(h.app(), &offline_view());
    adapter::show_screen(h.app(), Screen::Home);
}

fn book(h: &Headless) {
    home(
        h,
        "09:20",
        vec![meeting(1, "10:10", "10:40", false)],
        &Policy::default(),
    );
    adapter::show_screen(h.app(), Screen::Book);
}

fn confirm(h: &Headless) {
    book(h);
    adapter::select_minutes(h.app(), 30);
}

fn booking(h: &Headless) {
    book(h);
    adapter::show_progress(
        h.app(),
        &labels::progress_words(Progress::Book, settings().language()),
    );
}

fn result_ok(h: &Headless) {
    book(h);
    let words = result_words(&ActionResult::Booked { end: at("09:50") }, &settings());
    adapter::show_result(h.app(), &words);
}

fn result_failed(h: &Headless) {
    book(h);
    let refusal = TapRefusal::NotBooked(
        "error sending request for url (https://graph.microsoft.com/v1.0/users/room-4.12@contoso.onmicrosoft.com/events): Connection refused (os error 111). Check room.mailbox in the configuration.".to_owned(),
    );
    let words = result_words(&ActionResult::from(refusal), &settings());
    adapter::show_result(h.app(), &words);
}

fn free_rooms(h: &Headless) {
    home_busy(h);
    // Worded by the core in the language under test, one free until a time, the rest all day.
    let found: Vec<FreeRoom> = (1..=6)
        .map(|n| FreeRoom {
            room: RoomChoice {
                email: format!("room{n}@contoso.com"),
                name: format!("{}{n}", &ROOM[..ROOM.len() - 1]),
                building: Some("Northbridge Campus Building 1".to_owned()),
                floor: Some("14".to_owned()),
                capacity: Some(12),
            },
            free_until: (n == 1).then(|| at("11:00")),
            minutes: 60,
        })
        .collect();
    let rows: Vec<FreeRoomView> =
        roomsign::core::free_rooms::free_room_views(at("09:20"), &found, &settings());
    adapter::show_free_rooms(h.app(), &rows, "");
}

fn pairing(h: &Headless) {
    let mut s = snapshot(vec![]);
    s.link = Link::Pairing(PairingPrompt {
        user_code: CODE.to_owned(),
        verification_uri: "https://microsoft.com/devicelogin".to_owned(),
        qr_target: "https://microsoft.com/devicelogin".to_owned(),
        expires_at: at("09:35"),
        note: None,
    });
    let view = panel_view(at("09:20"), &s, &Policy::default(), &settings());
    adapter::show_view(h.app(), &view);
}

fn problem(h: &Headless) {
    home_free(h);
    adapter::show_problem(
        h.app(),
        "Cannot read the room's calendar",
        "Microsoft 365 refused to show the calendar of northbridge-conference-suite-west-wing-innovation-hub-14.12@contoso.onmicrosoft.com: the account the panel signed in with has no access to this mailbox (ErrorAccessDenied).",
        "Give the panel's account access to the room's calendar in Exchange (Add-MailboxFolderPermission), or set room.mailbox in /etc/roomsign/config.toml to a room it can read; the panel tries again by itself.",
    );
}

fn rooms(h: &Headless) {
    let mut s = snapshot(vec![]);
    s.link = Link::ChooseRoom {
        rooms: (1..=12)
            .map(|n| RoomChoice {
                email: format!("room{n}@contoso.com"),
                name: format!("{}{n}", &ROOM[..ROOM.len() - 1]),
                building: Some("Northbridge Campus Building 1".to_owned()),
                floor: Some("14".to_owned()),
                capacity: Some(12),
            })
            .collect(),
    };
    let view = panel_view(at("09:20"), &s, &Policy::default(), &settings());
    adapter::show_view(h.app(), &view);
}

fn pin(h: &Headless) {
    home_free(h);
    adapter::show_screen(h.app(), Screen::Pin);
}

fn admin(h: &Headless) {
    home_free(h);
    // The core's rows in the language under test, with long values.
    let mut s = snapshot(vec![]);
    s.room.mailbox = Some(
        "northbridge-conference-suite-west-wing-innovation-hub-14.12@contoso.onmicrosoft.com"
            .to_owned(),
    );
    let facts = labels::AdminFacts {
        version: "0.1.0".to_owned(),
        token_until: Some(Some(at("23:59"))),
        lights: "rpi: GPIO 17, 27, 22 — pin 22 cannot be opened: Permission denied (os error 13)"
            .to_owned(),
        addresses: Some("192.168.100.200 (eth0), fe80::1234:5678:9abc:def0 (wlan0)".to_owned()),
        config: "/etc/roomsign/config.toml + /etc/roomsign/config.d/10-fleet.toml".to_owned(),
        state_dir: "/var/lib/roomsign".to_owned(),
        certificate: None,
        check_in: Some(roomsign::core::ReleaseMode::Panel),
        last_problem: None,
    };
    let mut rows = labels::admin_rows(&s, &settings(), &facts);
    rows.push(AdminRow {
        label: "Microsoft 365".to_owned(),
        value: "cannot reach Microsoft 365: error sending request for url (https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token): Connection refused (os error 111)".to_owned(),
    });
    adapter::show_admin(h.app(), &rows, true);
}

/// The confirm sheet over the booked Home: End now.
fn ask_end_now(h: &Headless) {
    home_booked(h);
    adapter::show_confirm(
        h.app(),
        &labels::confirm_words(&labels::Confirm::EndNow, settings().language()),
    );
}

/// The confirm sheet before booking another room with a long name.
fn ask_book_room(h: &Headless) {
    home_busy(h);
    let what = labels::Confirm::BookRoom {
        name: ROOM.to_owned(),
        minutes: 60,
    };
    adapter::show_confirm(
        h.app(),
        &labels::confirm_words(&what, settings().language()),
    );
}

/// The confirm sheet before Unpair, over the admin screen.
fn ask_unpair(h: &Headless) {
    admin(h);
    adapter::show_confirm(
        h.app(),
        &labels::confirm_words(&labels::Confirm::Unpair, settings().language()),
    );
}

fn cases() -> Vec<Case> {
    let l = &labels::labels(settings().language());
    let end = labels::confirm_words(&labels::Confirm::EndNow, settings().language());
    let unpair = labels::confirm_words(&labels::Confirm::Unpair, settings().language());
    let book_room = labels::confirm_words(
        &labels::Confirm::BookRoom {
            name: ROOM.to_owned(),
            minutes: 60,
        },
        settings().language(),
    );
    let offline = offline_view().actions.book_unavailable;
    assert!(
        !offline.is_empty(),
        "offline, Book now says why it cannot book"
    );
    let book_30 = labels::book_minutes_label(30, settings().language());
    let case = |name, show, actions: &[&str]| Case {
        name,
        show,
        actions: actions.iter().map(|a| (*a).to_owned()).collect(),
    };
    vec![
        case("home-free", home_free, &[&l.book_now]),
        case("home-soon", home_soon, &[&l.book_now]),
        case("home-busy", home_busy, &[&l.find_room]),
        case("home-booked", home_booked, &[&l.end_now]),
        case("home-check-in", home_check_in, &[&l.check_in]),
        case("home-check-in-early", home_check_in_early, &[&l.check_in]),
        case("home-unknown", home_unknown, &[]),
        case("home-offline", home_offline, &[&offline]),
        case("book", book, &[&l.cancel]),
        case("confirm", confirm, &[&l.cancel, &book_30]),
        case("booking", booking, &[]),
        case("result-ok", result_ok, &[&l.done]),
        case("result-failed", result_failed, &[&l.done]),
        case("free-rooms", free_rooms, &[&l.back]),
        case("pairing", pairing, &[]),
        case("problem", problem, &[]),
        case("rooms", rooms, &[]),
        case("pin", pin, &[&l.pin_ok]),
        case("admin", admin, &[&l.close]),
        case("ask-end-now", ask_end_now, &[&end.yes, &end.no]),
        case(
            "ask-book-room",
            ask_book_room,
            &[&book_room.yes, &book_room.no],
        ),
        case("ask-unpair", ask_unpair, &[&unpair.yes, &unpair.no]),
    ]
}

#[derive(Clone, Copy, Debug)]
struct Rect {
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
}

impl Rect {
    fn of(e: &ElementHandle) -> Rect {
        let p = e.absolute_position();
        let s = e.size();
        Rect {
            x0: p.x,
            y0: p.y,
            x1: p.x + s.width,
            y1: p.y + s.height,
        }
    }

    /// Half a pixel of slack for rounding in the layout.
    fn holds(&self, other: &Rect, vertically: bool) -> bool {
        const SLACK: f32 = 0.5;
        let across = other.x0 >= self.x0 - SLACK && other.x1 <= self.x1 + SLACK;
        let down = other.y0 >= self.y0 - SLACK && other.y1 <= self.y1 + SLACK;
        across && (down || !vertically)
    }
}

fn describe(e: &ElementHandle) -> String {
    let name = e.type_name().map(|s| s.to_string()).unwrap_or_default();
    let id = e.id().map(|s| s.to_string()).unwrap_or_default();
    let label = e
        .accessible_label()
        .map(|s| s.chars().take(40).collect::<String>())
        .unwrap_or_default();
    let r = Rect::of(e);
    format!(
        "{name} {id} \"{label}\" at ({:.0},{:.0})-({:.0},{:.0})",
        r.x0, r.y0, r.x1, r.y1
    )
}

fn is_text(e: &ElementHandle) -> bool {
    e.type_name().is_some_and(|t| t == "Text")
}

fn is_button(e: &ElementHandle) -> bool {
    e.accessible_role() == Some(AccessibleRole::Button)
}

fn is_flickable(e: &ElementHandle) -> bool {
    e.type_name().is_some_and(|t| t == "Flickable")
        || e.bases().is_some_and(|mut b| b.any(|t| t == "Flickable"))
}

fn descendants(e: &ElementHandle) -> Vec<ElementHandle> {
    let mut all = Vec::new();
    e.visit_descendants(|d| {
        all.push(d);
        ControlFlow::<()>::Continue(())
    });
    all
}

/// What is wrong with the screen on show: actions not whole, text out of its holder.
fn check(headless: &Headless, case: &Case) -> Vec<String> {
    let (w, h) = headless.size();
    let window = Rect {
        x0: 0.0,
        y0: 0.0,
        x1: w as f32,
        y1: h as f32,
    };
    let root = headless.app().root_element();
    let all = descendants(&root);
    let mut wrong = Vec::new();

    // Inside a scrolling list, rows may run on below (the list scrolls), never sideways.
    let mut scrolled: Vec<Rect> = Vec::new();
    for e in all.iter().filter(|e| is_flickable(e)) {
        scrolled.extend(descendants(e).iter().map(Rect::of));
    }
    let in_flickable = |r: &Rect| {
        scrolled
            .iter()
            .any(|s| s.x0 == r.x0 && s.y0 == r.y0 && s.x1 == r.x1 && s.y1 == r.y1)
    };

    for e in all.iter().filter(|e| is_text(e) || is_button(e)) {
        let r = Rect::of(e);
        if r.x1 - r.x0 < 0.5 || r.y1 - r.y0 < 0.5 {
            continue;
        }
        if !window.holds(&r, !in_flickable(&r)) {
            wrong.push(format!("outside the window: {}", describe(e)));
        }
        if is_button(e) && r.y1 - r.y0 < 47.5 {
            wrong.push(format!("a touch target under 48 px: {}", describe(e)));
        }
    }
    for holder in &all {
        if is_flickable(holder) {
            continue;
        }
        let outer = Rect::of(holder);
        for e in descendants(holder)
            .iter()
            .filter(|e| is_text(e) || is_button(e))
        {
            let r = Rect::of(e);
            if r.x1 - r.x0 < 0.5 || r.y1 - r.y0 < 0.5 {
                continue;
            }
            if !outer.holds(&r, !in_flickable(&r)) {
                wrong.push(format!(
                    "{} reaches out of {}",
                    describe(e),
                    describe(holder)
                ));
            }
        }
    }
    for action in &case.actions {
        match ElementHandle::find_by_accessible_label(headless.app(), action).next() {
            None => wrong.push(format!("the action \"{action}\" is not on screen")),
            Some(e) => {
                let r = Rect::of(&e);
                if !window.holds(&r, true) || r.y1 - r.y0 < 47.5 {
                    wrong.push(format!("the action is not whole: {}", describe(&e)));
                }
            }
        }
    }
    wrong.sort();
    wrong.dedup();
    wrong
        .into_iter()
        .map(|s| format!("{} at {w}x{h}: {s}", case.name))
        .collect()
}

fn check_size(width: u32, height: u32) {
    assert_eq!(ROOM.chars().count(), 60);
    assert_eq!(SUBJECT.chars().count(), 100);
    assert_eq!(ORGANIZER.chars().count(), 40);
    assert_eq!(CODE.chars().count(), 9);
    let headless = Headless::new(width, height).expect("off-screen renderer");
    let dump = std::env::var_os("ROOMSIGN_LAYOUT_PNG").map(std::path::PathBuf::from);
    let mut wrong = Vec::new();
    let all: Vec<Locale> = Language::ALL
        .into_iter()
        .map(|l| Locale {
            language: l,
            region: None,
        })
        .collect();
    for locale in &all {
        LOCALE.with(|l| *l.borrow_mut() = locale.clone());
        // Every language's words, with all four language buttons on Home.
        let door = DoorLanguage::new(locale.clone(), &all);
        adapter::show_languages(headless.app(), &door.chips());
        let code = locale.language.code();
        for case in cases() {
            adapter::show_screen(headless.app(), Screen::Home);
            (case.show)(&headless);
            let frame = headless.render();
            if let Some(dir) = &dump {
                let path = dir.join(format!("{}-{code}-{width}x{height}.png", case.name));
                roomsign::ui::headless::write_png(&frame, &path).expect("write the PNG");
            }
            wrong.extend(
                check(&headless, &case)
                    .into_iter()
                    .map(|w| format!("[{code}] {w}")),
            );
        }
    }
    assert!(
        wrong.is_empty(),
        "{} layout faults:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn every_screen_holds_at_800x480() {
    check_size(800, 480);
}

#[test]
fn every_screen_holds_at_1024x600() {
    check_size(1024, 600);
}

#[test]
fn every_screen_holds_at_1280x800() {
    check_size(1280, 800);
}

#[test]
fn every_screen_holds_at_1920x1080() {
    check_size(1920, 1080);
}

#[test]
fn every_screen_holds_at_480x800() {
    check_size(480, 800);
}

#[test]
fn every_screen_holds_at_600x1024() {
    check_size(600, 1024);
}

/// The layout test sees what it should: the whole fixture at the six sizes, real geometry.
#[test]
fn the_layout_check_reads_real_geometry() {
    assert_eq!(SIZES.len(), 6);
    let headless = Headless::new(800, 480).expect("off-screen renderer");
    home_free(&headless);
    headless.render();
    let book = ElementHandle::find_by_accessible_label(
        headless.app(),
        &labels::labels(settings().language()).book_now,
    )
    .next()
    .expect("Book now is found by its label");
    let r = Rect::of(&book);
    assert!(
        r.x1 - r.x0 > 48.0 && r.y1 - r.y0 >= 48.0,
        "{}",
        describe(&book)
    );
    assert!(
        descendants(&headless.app().root_element())
            .iter()
            .any(is_text),
        "text elements are seen with their type names"
    );
}

/// "Booking…" moves while the room is asked (a 30 s wait must not look frozen), and nothing
/// animates before or after: Slint's animation driver is asked, not the pixels.
#[test]
fn only_a_wait_animates() {
    use slint::ComponentHandle;
    let headless = Headless::new(800, 480).expect("off-screen renderer");
    let animating = |h: &Headless| {
        h.render();
        h.render();
        h.app().window().has_active_animations()
    };
    home_free(&headless);
    assert!(!animating(&headless), "Home stands still");
    book(&headless);
    assert!(!animating(&headless), "the Book sheet stands still");
    booking(&headless);
    assert!(animating(&headless), "Booking… moves while it waits");
    result_ok(&headless);
    assert!(!animating(&headless), "the result stands still");
}

/// Portrait shows the date under the time, and a 60-character room name stays in the top bar
/// (two smaller lines; that it keeps its end is seen in the screenshots).
#[test]
fn portrait_shows_the_date_and_a_long_name_stays_in_the_bar() {
    let headless = Headless::new(480, 800).expect("off-screen renderer");
    for (w, h) in [(480, 800), (600, 1024), (800, 480)] {
        headless.resize(w, h);
        home_free(&headless);
        headless.render();
        let date = ElementHandle::find_by_accessible_label(headless.app(), "Monday 23 November")
            .next()
            .unwrap_or_else(|| panic!("the date at {w}x{h}"));
        let r = Rect::of(&date);
        assert!(
            r.x1 <= w as f32 && r.y1 <= h as f32 && r.x1 > r.x0,
            "{}",
            describe(&date)
        );
        let name = ElementHandle::find_by_accessible_label(headless.app(), ROOM)
            .next()
            .unwrap_or_else(|| panic!("the room name at {w}x{h}"));
        let r = Rect::of(&name);
        assert!(r.y1 <= h as f32 * 0.13, "{}", describe(&name));
    }
}
