//! Copies the core's view into the pages' globals (one global a page, as each page exports it).
//! No decisions here: what to show and in which words was decided by the core, which screen
//! shows is decided by Rust alone (Slint's `ShellAdapter.screen` is written, never read).
//!
//! Only what changed is pushed: the last pushed view is kept for the window, and a page's
//! properties are set only when its part of [`PanelView`] differs from it, so the minute tick
//! sets the clock and what moved with it, not every model.

use std::cell::RefCell;

use slint::{ComponentHandle, ModelRc, SharedString, VecModel};

use super::generated::Tone as PageTone;
use super::{
    AdminAdapter, AdminRowVm, AgendaRowVm, AppWindow, BookAdapter, ChipVm, ConfirmAdapter,
    ExtendVm, FreeRoomVm, FreeRoomsAdapter, HomeAdapter, LanguageVm, MeetingVm, PairingAdapter,
    PinAdapter, ProblemAdapter, RoomRowVm, RoomsAdapter, Screen, ShellAdapter, Theme,
};
use crate::core::free_rooms::FreeRoomView;
use crate::core::labels::{self, AdminRow, ConfirmWords, Labels};
use crate::core::rooms::RoomChoice;
use crate::core::view::{
    Actions, AgendaRow, MeetingCard, Notice, PairingView, PanelView, ResultWords, Tone,
};
use crate::core::Language;

/// What was last pushed into one window: Slint holds the pixels, Rust the facts.
struct Shown {
    /// The window these are for (its address); another window starts afresh.
    window: usize,
    screen: Screen,
    view: Option<PanelView>,
    /// The Room picker's search, as last typed (heard through its callback).
    room_query: String,
}

thread_local! {
    /// Slint's windows live on the UI thread, and so does what was pushed into them.
    static SHOWN: RefCell<Option<Shown>> = const { RefCell::new(None) };
}

fn window_id(app: &AppWindow) -> usize {
    std::ptr::from_ref(app.window()) as usize
}

/// Runs `f` on what was pushed into `app` (a window not seen before has nothing pushed).
fn with_shown<R>(app: &AppWindow, f: impl FnOnce(&mut Shown) -> R) -> R {
    SHOWN.with(|cell| {
        let mut slot = cell.borrow_mut();
        let id = window_id(app);
        let shown = match &mut *slot {
            Some(s) if s.window == id => s,
            other => other.insert(Shown {
                window: id,
                screen: Screen::Home,
                view: None,
                room_query: String::new(),
            }),
        };
        f(shown)
    })
}

fn model<T: Clone + 'static>(items: Vec<T>) -> ModelRc<T> {
    ModelRc::new(VecModel::from(items))
}

fn text(s: &str) -> SharedString {
    SharedString::from(s)
}

/// The one place the core's tone becomes the pages' (Slint's mirror of the same enum).
fn page_tone(tone: Tone) -> PageTone {
    match tone {
        Tone::Free => PageTone::Free,
        Tone::Soon => PageTone::Soon,
        Tone::Busy => PageTone::Busy,
        Tone::CheckIn => PageTone::CheckIn,
        Tone::Unknown => PageTone::Unknown,
    }
}

/// A new window: nothing pushed yet; the pages get their fixed words.
pub fn attach(app: &AppWindow) {
    SHOWN.with(|cell| cell.borrow_mut().take());
    show_labels(app, &labels::labels(Language::default()));
}

/// The language buttons on Home (none when the room has one language).
pub fn show_languages(app: &AppWindow, chips: &[crate::core::door_language::LanguageChip]) {
    let vms: Vec<LanguageVm> = chips
        .iter()
        .map(|c| LanguageVm {
            code: text(&c.code),
            name: text(&c.name),
            active: c.active,
        })
        .collect();
    app.global::<HomeAdapter>()
        .set_languages(ModelRc::new(VecModel::from(vms)));
}

/// The fixed words of every page.
pub fn show_labels(app: &AppWindow, l: &Labels) {
    let home = app.global::<HomeAdapter>();
    home.set_book_label(text(&l.book_now));
    home.set_check_in_label(text(&l.check_in));
    home.set_end_label(text(&l.end_now));
    home.set_find_room_label(text(&l.find_room));
    home.set_later_label(text(&l.later_today));
    let book = app.global::<BookAdapter>();
    book.set_question(text(&l.how_long));
    book.set_cancel_label(text(&l.cancel));
    book.set_book_label(text(&l.book));
    book.set_done_label(text(&l.done));
    let pin = app.global::<PinAdapter>();
    pin.set_prompt(text(&l.pin_prompt));
    pin.set_ok_label(text(&l.pin_ok));
    let admin = app.global::<AdminAdapter>();
    admin.set_sync_label(text(&l.sync_now));
    admin.set_change_room_label(text(&l.change_room));
    admin.set_pair_label(text(&l.pair_again));
    admin.set_unpair_label(text(&l.unpair));
    admin.set_led_test_label(text(&l.led_test));
    admin.set_close_label(text(&l.close));
    admin.set_diagnostics_caption(text(&l.diagnostics_caption));
    let rooms = app.global::<RoomsAdapter>();
    rooms.set_title(text(&l.which_room));
    rooms.set_search_label(text(&l.search_rooms));
    let free = app.global::<FreeRoomsAdapter>();
    free.set_title(text(&l.free_rooms_now));
    free.set_back_label(text(&l.back));
    let pairing = app.global::<PairingAdapter>();
    pairing.set_step_sign_in(text(&l.sign_in_step));
    pairing.set_step_code(text(&l.code_step));
    pairing.set_not_paired(text(&l.not_paired));
    pairing.set_get_code_label(text(&l.get_code));
}

/// Rust's choice of screen, told to Slint.
fn set_screen(app: &AppWindow, screen: Screen) {
    with_shown(app, |s| s.screen = screen);
    if matches!(screen, Screen::Book | Screen::Booking | Screen::Result) {
        app.global::<BookAdapter>().set_step(screen);
    }
    app.global::<ShellAdapter>().set_screen(screen);
}

/// The Home page's part of the view.
type HomePart<'a> = (
    Tone,
    &'a str,
    &'a str,
    &'a str,
    &'a Option<MeetingCard>,
    &'a [AgendaRow],
    &'a str,
    &'a [String],
    &'a Actions,
    &'a Option<Notice>,
);

fn home_part(v: &PanelView) -> HomePart<'_> {
    (
        v.tone,
        &v.headline,
        &v.headline_tail,
        &v.subline,
        &v.current,
        &v.agenda,
        &v.agenda_empty,
        &v.notes,
        &v.actions,
        &v.notice,
    )
}

/// Shows `view`: the top bar, Home, the Book sheet's chips, and the Pairing, Problem or Room
/// picker page when the view asks for one. Only the parts that changed are pushed.
pub fn show_view(app: &AppWindow, view: &PanelView) {
    // A new language: every word is pushed again.
    let last = with_shown(app, |s| s.view.take()).filter(|o| o.language == view.language);
    if last.is_none() {
        show_labels(app, &labels::labels(view.language));
    }
    let old = last.as_ref();
    let changed = |part: fn(&PanelView) -> (&str, &str, &str)| old.map(part) != Some(part(view));
    if changed(|v| (&v.room_name, &v.clock, &v.date)) {
        show_shell(app, view);
    }
    if old.map(home_part) != Some(home_part(view)) {
        show_home(app, view);
    }
    if old.map(|o| (&o.chips, &o.room_name, &o.clock))
        != Some((&view.chips, &view.room_name, &view.clock))
    {
        show_chips(app, view);
    }
    if old.map(|o| (&o.pairing, &o.room_name)) != Some((&view.pairing, &view.room_name)) {
        if let Some(p) = &view.pairing {
            show_pairing(
                app,
                p,
                &view.room_name,
                old.and_then(|o| o.pairing.as_ref()),
                view.language,
            );
        }
    }
    if old.map(|o| &o.rooms) != Some(&view.rooms) {
        if let Some(rooms) = &view.rooms {
            let query = with_shown(app, |s| s.room_query.clone());
            show_rooms(app, rooms, &query);
        }
    }
    if old.map(|o| &o.problem) != Some(&view.problem) {
        if let Some(problem) = &view.problem {
            show_problem(app, &problem.title, &problem.body, &problem.fix);
            app.global::<ProblemAdapter>().set_refused(problem.refused);
        }
    }
    let current = with_shown(app, |s| s.screen);
    let screen = screen_for(view, current);
    if screen != current || old.is_none() {
        set_screen(app, screen);
    }
    with_shown(app, |s| s.view = Some(view.clone()));
}

/// The language of the view shown last (English before the first).
pub fn shown_language(app: &AppWindow) -> Language {
    with_shown(app, |s| s.view.as_ref().map(|v| v.language)).unwrap_or_default()
}

/// Which screen a view asks for: the Room picker, a problem, Pairing replace everything; once
/// none is asked for, their page gives way to Home; other screens (sheets) stay.
pub fn screen_for(view: &PanelView, current: Screen) -> Screen {
    if view.rooms.is_some() {
        Screen::Rooms
    } else if view.problem.is_some() {
        Screen::Problem
    } else if view.pairing.is_some() {
        Screen::Pairing
    } else if matches!(current, Screen::Pairing | Screen::Problem | Screen::Rooms) {
        Screen::Home
    } else {
        current
    }
}

fn show_shell(app: &AppWindow, view: &PanelView) {
    let shell = app.global::<ShellAdapter>();
    shell.set_room_name(text(&view.room_name));
    shell.set_title(text(&labels::window_title(&view.room_name)));
    shell.set_clock(text(&view.clock));
    shell.set_date(text(&view.date));
}

fn show_home(app: &AppWindow, view: &PanelView) {
    let a = app.global::<HomeAdapter>();
    a.set_tone(page_tone(view.tone));
    a.set_headline(text(&view.headline));
    a.set_headline_tail(text(&view.headline_tail));
    a.set_subline(text(&view.subline));
    a.set_has_current(view.current.is_some());
    if let Some(card) = &view.current {
        a.set_current(MeetingVm {
            subject: text(&card.subject),
            organizer: text(card.organizer.as_deref().unwrap_or("")),
            time_range: text(&card.time_range),
            remaining: text(&card.remaining),
            progress: card.progress,
            private: card.private,
            booked_here: card.booked_here,
        });
    }
    a.set_agenda(model(
        view.agenda
            .iter()
            .map(|row| AgendaRowVm {
                time_range: text(&row.time_range),
                subject: text(&row.subject),
                organizer: text(row.organizer.as_deref().unwrap_or("")),
                booked_here: row.booked_here,
            })
            .collect(),
    ));
    a.set_agenda_empty(text(&view.agenda_empty));
    a.set_notes(model(
        view.notes
            .iter()
            .map(|n| text(&labels::all_day_note(n, view.language)))
            .collect(),
    ));
    a.set_can_book(view.actions.book);
    let l = labels::labels(view.language);
    a.set_book_label(text(if view.actions.take_room {
        &l.take_room
    } else {
        &l.book_now
    }));
    a.set_can_check_in(view.actions.check_in);
    a.set_can_end_early(view.actions.end_early);
    a.set_can_find_room(view.actions.find_room);
    a.set_book_unavailable(text(&view.actions.book_unavailable));
    a.set_find_room_unavailable(text(&view.actions.find_room_unavailable));
    a.set_extend_options(model(
        view.actions
            .extend
            .iter()
            .map(|&m| ExtendVm {
                minutes: m as i32,
                label: text(&labels::extend_label(m, view.language)),
            })
            .collect(),
    ));
    match &view.notice {
        Some(n) => {
            a.set_notice(text(&n.text));
            a.set_notice_strong(n.strong);
            a.set_notice_refused(n.refused);
        }
        None => {
            a.set_notice(SharedString::new());
            a.set_notice_strong(false);
            a.set_notice_refused(false);
        }
    }
}

fn show_chips(app: &AppWindow, view: &PanelView) {
    let a = app.global::<BookAdapter>();
    a.set_chips(model(
        view.chips
            .iter()
            .map(|c| ChipVm {
                label: text(&c.label),
                detail: text(&c.detail),
                minutes: c.minutes as i32,
                available: c.available,
                action: text(&labels::book_minutes_label(c.minutes, view.language)),
            })
            .collect(),
    ));
    a.set_book_title(text(&labels::book_title(
        &view.room_name,
        &view.clock,
        view.language,
    )));
}

/// Fills the Pairing page; the QR code is drawn again only for a new code.
fn show_pairing(
    app: &AppWindow,
    p: &PairingView,
    room: &str,
    before: Option<&PairingView>,
    language: Language,
) {
    let a = app.global::<PairingAdapter>();
    if before.map(|b| &b.qr_target) != Some(&p.qr_target) {
        a.set_qr(qr_image(&p.qr_target));
    }
    a.set_code(text(&p.code));
    a.set_code_groups(model(
        labels::code_groups(&p.code)
            .iter()
            .map(|g| text(g))
            .collect(),
    ));
    a.set_url(text(&p.url));
    a.set_renew(text(&p.renew_in));
    a.set_note(text(&p.note));
    a.set_title(text(&labels::pairing_title(room, language)));
    a.set_step_open(text(&labels::open_step(&p.url, language)));
    a.set_qr_label(text(&labels::qr_label(&p.url, language)));
}

/// Fills the Room picker with the rooms matching `query`.
pub fn show_rooms(app: &AppWindow, rooms: &[RoomChoice], query: &str) {
    with_shown(app, |s| s.room_query = query.to_owned());
    let language = shown_language(app);
    let a = app.global::<RoomsAdapter>();
    a.set_total(rooms.len() as i32);
    a.set_search_hint(text(&labels::search_hint(rooms.len(), language)));
    a.set_no_match(text(&labels::no_match(query, language)));
    a.set_rows(model(
        crate::core::rooms::matching(rooms, query)
            .into_iter()
            .map(|r| RoomRowVm {
                email: text(&r.email),
                name: text(&r.name),
                details: text(&r.details(language)),
            })
            .collect(),
    ));
}

/// A QR code as an image: one pixel a module, with the 4-module quiet zone; the screen scales
/// it up without smoothing. An empty target gives an empty image.
pub fn qr_image(target: &str) -> slint::Image {
    let Ok(code) = qrcode::QrCode::new(target.as_bytes()) else {
        return slint::Image::default();
    };
    if target.is_empty() {
        return slint::Image::default();
    }
    let modules = code.width();
    let quiet = 4;
    let side = (modules + 2 * quiet) as u32;
    let mut buffer = slint::SharedPixelBuffer::<slint::Rgb8Pixel>::new(side, side);
    let colors = code.to_colors();
    let pixels = buffer.make_mut_slice();
    for (i, pixel) in pixels.iter_mut().enumerate() {
        let (x, y) = (i % side as usize, i / side as usize);
        let dark = x >= quiet
            && y >= quiet
            && x < quiet + modules
            && y < quiet + modules
            && colors[(y - quiet) * modules + (x - quiet)] == qrcode::Color::Dark;
        let v = if dark { 0 } else { 255 };
        *pixel = slint::Rgb8Pixel { r: v, g: v, b: v };
    }
    slint::Image::from_rgb8(buffer)
}

/// Shows the admin page with these rows (and no line under its heading).
pub fn show_admin(app: &AppWindow, rows: &[AdminRow], can_pair: bool) {
    let a = app.global::<AdminAdapter>();
    let room = with_shown(app, |s| s.view.as_ref().map(|v| v.room_name.clone()));
    a.set_title(text(&labels::admin_title(
        &room.unwrap_or_default(),
        shown_language(app),
    )));
    show_admin_rows(app, rows, "", false);
    a.set_can_pair(can_pair);
    set_screen(app, Screen::Admin);
}

/// The admin page's rows and the line under its heading (what Sync now or the lights test
/// is doing; `failed`: it is about a failure), while the page is open.
pub fn show_admin_rows(app: &AppWindow, rows: &[AdminRow], line: &str, failed: bool) {
    let a = app.global::<AdminAdapter>();
    a.set_rows(model(
        rows.iter()
            .map(|r| AdminRowVm {
                label: text(&r.label),
                value: text(&r.value),
            })
            .collect(),
    ));
    a.set_status(text(line));
    a.set_status_failed(failed);
}

/// Asks before something that cannot be taken back: the confirm sheet over the screen.
pub fn show_confirm(app: &AppWindow, words: &ConfirmWords) {
    let a = app.global::<ConfirmAdapter>();
    a.set_question(text(&words.question));
    a.set_detail(text(&words.detail));
    a.set_yes_label(text(&words.yes));
    a.set_no_label(text(&words.no));
    a.set_takes_away(words.takes_away);
    set_screen(app, Screen::Confirm);
}

/// The admin screen's diagnostics QR code holding `summary`.
pub fn show_diagnostics(app: &AppWindow, summary: &str) {
    let a = app.global::<AdminAdapter>();
    a.set_diagnostics_qr(qr_image(summary));
}

/// Switches between Home, the Book sheet's steps, the PIN pad and the other pages. The Book
/// sheet opens with the core's preselected duration, so booking takes two taps.
pub fn show_screen(app: &AppWindow, screen: Screen) {
    if screen == Screen::Book {
        let chosen = with_shown(app, |s| {
            s.view
                .as_ref()
                .and_then(|v| crate::core::view::preselected(&v.chips))
        });
        match chosen {
            Some(minutes) => select_minutes(app, minutes),
            None => {
                let a = app.global::<BookAdapter>();
                a.set_selected_minutes(-1);
                a.set_selected_action(SharedString::new());
            }
        }
    }
    if screen == Screen::Pin {
        app.global::<PinAdapter>().set_entry(SharedString::new());
    }
    set_screen(app, screen);
}

/// The screen Rust last chose for this window.
pub fn screen(app: &AppWindow) -> Screen {
    with_shown(app, |s| s.screen)
}

/// Marks a duration chip as chosen (as a tap on it does).
pub fn select_minutes(app: &AppWindow, minutes: i64) {
    let a = app.global::<BookAdapter>();
    a.set_selected_minutes(minutes as i32);
    a.set_selected_action(text(&labels::book_minutes_label(
        minutes,
        shown_language(app),
    )));
}

/// Shows the progress step ("Booking…") in the sheet.
pub fn show_progress(app: &AppWindow, words: &str) {
    app.global::<BookAdapter>().set_progress_text(text(words));
    set_screen(app, Screen::Booking);
}

/// Shows an action's result in the sheet.
pub fn show_result(app: &AppWindow, words: &ResultWords) {
    let a = app.global::<BookAdapter>();
    a.set_result_title(text(&words.title));
    a.set_result_body(text(&words.body));
    a.set_result_ok(words.ok);
    set_screen(app, Screen::Result);
}

/// Shows the PIN pad's line under its title (empty: the prompt).
pub fn show_pin_error(app: &AppWindow, words: &str) {
    app.global::<PinAdapter>().set_error(text(words));
}

/// Empties the PIN pad's dots.
pub fn clear_pin(app: &AppWindow) {
    app.global::<PinAdapter>().set_entry(SharedString::new());
}

/// Shows a problem an installer must fix, instead of the Home screen.
pub fn show_problem(app: &AppWindow, title: &str, body: &str, fix: &str) {
    let a = app.global::<ProblemAdapter>();
    a.set_title(text(title));
    a.set_body(text(body));
    a.set_fix(text(fix));
    set_screen(app, Screen::Problem);
}

/// Tells the theme how large the screen is (type and spacing scale with it).
pub fn set_screen_size(app: &AppWindow, width: u32, height: u32) {
    let t = app.global::<Theme>();
    t.set_screen_width(width as f32);
    t.set_screen_height(height as f32);
}

/// Shows the Free rooms sheet with these rooms (nearest first) and its note ("Looking for free
/// rooms…", none free, a failure; empty while rooms are listed).
pub fn show_free_rooms(app: &AppWindow, rooms: &[FreeRoomView], note: &str) {
    let a = app.global::<FreeRoomsAdapter>();
    a.set_rooms(model(
        rooms
            .iter()
            .map(|r| FreeRoomVm {
                email: text(&r.email),
                name: text(&r.name),
                free: text(&r.free),
                details: text(&r.details),
                minutes: r.minutes as i32,
                button: text(&r.button),
            })
            .collect(),
    ));
    a.set_note(text(note));
    set_screen(app, Screen::FreeRooms);
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::core::view::{PairingView, ProblemView};

    /// A Free room at 09:20 with nothing on: the view the UI tests start from.
    pub(in crate::ui) fn view() -> PanelView {
        PanelView {
            room_name: "Room 4.12".to_owned(),
            clock: "09:20".to_owned(),
            date: "Monday 23 November".to_owned(),
            tone: Tone::Free,
            headline: "Free".to_owned(),
            headline_tail: String::new(),
            subline: String::new(),
            current: None,
            agenda: Vec::new(),
            agenda_empty: "Nothing else today".to_owned(),
            notes: Vec::new(),
            actions: Actions::default(),
            chips: Vec::new(),
            notice: None,
            pairing: None,
            problem: None,
            rooms: None,
            language: Default::default(),
        }
    }

    #[test]
    fn the_view_asks_for_pages_and_sheets_stay() {
        let mut v = view();
        assert_eq!(screen_for(&v, Screen::Home), Screen::Home);
        assert_eq!(screen_for(&v, Screen::Book), Screen::Book);
        assert_eq!(screen_for(&v, Screen::Admin), Screen::Admin);
        assert_eq!(screen_for(&v, Screen::Pairing), Screen::Home);
        assert_eq!(screen_for(&v, Screen::Problem), Screen::Home);
        assert_eq!(screen_for(&v, Screen::Rooms), Screen::Home);
        v.pairing = Some(PairingView {
            code: String::new(),
            url: String::new(),
            qr_target: String::new(),
            renew_in: String::new(),
            note: "not paired".to_owned(),
        });
        assert_eq!(screen_for(&v, Screen::Book), Screen::Pairing);
        v.problem = Some(ProblemView {
            title: "t".to_owned(),
            body: "b".to_owned(),
            fix: "f".to_owned(),
            refused: false,
        });
        assert_eq!(screen_for(&v, Screen::Pairing), Screen::Problem);
        v.rooms = Some(Vec::new());
        assert_eq!(screen_for(&v, Screen::Home), Screen::Rooms);
    }

    #[test]
    fn the_home_part_leaves_out_the_clock_and_the_chips() {
        let a = view();
        let mut b = a.clone();
        b.clock = "09:21".to_owned();
        b.chips.push(crate::core::view::Chip {
            label: "15 min".to_owned(),
            detail: "until 09:36".to_owned(),
            minutes: 15,
            available: true,
        });
        assert_eq!(home_part(&a), home_part(&b));
        b.subline = "Next: Weekly planning at 10:00".to_owned();
        assert_ne!(home_part(&a), home_part(&b));
    }
}
