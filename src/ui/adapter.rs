//! Copies view-models into the Slint adapter global. No decisions here: what to show was
//! decided by the core.

use slint::{ComponentHandle, ModelRc, SharedString, VecModel};

use super::{
    AdminRowVm, AgendaRowVm, AppWindow, ChipVm, MeetingVm, PanelAdapter, RoomRowVm, Screen, Theme,
    Tone,
};
use crate::core::view::{PanelView, ResultWords, Tone as CoreTone};

fn model<T: Clone + 'static>(items: Vec<T>) -> ModelRc<T> {
    ModelRc::new(VecModel::from(items))
}

fn text(s: &str) -> SharedString {
    SharedString::from(s)
}

/// Shows `view` on the Home screen (and in the Book sheet's chips).
pub fn show_view(app: &AppWindow, view: &PanelView) {
    let a = app.global::<PanelAdapter>();
    a.set_room_name(text(&view.room_name));
    a.set_clock(text(&view.clock));
    a.set_date(text(&view.date));
    a.set_tone(match view.tone {
        CoreTone::Free => Tone::Free,
        CoreTone::Soon => Tone::Soon,
        CoreTone::Busy => Tone::Busy,
        CoreTone::CheckIn => Tone::CheckIn,
        CoreTone::Unknown => Tone::Unknown,
    });
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
    a.set_notes(model(view.notes.iter().map(|n| text(n)).collect()));
    a.set_can_book(view.actions.book);
    a.set_can_check_in(view.actions.check_in);
    a.set_can_end_early(view.actions.end_early);
    a.set_can_find_room(view.actions.find_room);
    a.set_extend_options(model(
        view.actions.extend.iter().map(|&m| m as i32).collect(),
    ));
    a.set_chips(model(
        view.chips
            .iter()
            .map(|c| ChipVm {
                label: text(&c.label),
                detail: text(&c.detail),
                minutes: c.minutes as i32,
                available: c.available,
            })
            .collect(),
    ));
    a.set_book_title(text(&format!(
        "Book {} from {}",
        view.room_name, view.clock
    )));
    show_pairing(app, view);
    match &view.notice {
        Some(n) => {
            a.set_notice(text(&n.text));
            a.set_notice_strong(n.strong);
        }
        None => {
            a.set_notice(SharedString::new());
            a.set_notice_strong(false);
        }
    }
}

/// Fills the Pairing screen (and switches to it, or away from it once paired).
fn show_pairing(app: &AppWindow, view: &PanelView) {
    let a = app.global::<PanelAdapter>();
    if let Some(rooms) = &view.rooms {
        show_rooms(app, rooms, a.get_room_query().as_str());
        a.set_screen(Screen::Rooms);
        return;
    }
    match (&view.pairing, &view.problem) {
        (_, Some(problem)) => {
            show_problem(app, &problem.title, &problem.body, &problem.fix);
        }
        (Some(p), None) => {
            if a.get_pairing_code().as_str() != p.code {
                a.set_pairing_qr(qr_image(&p.qr_target));
            }
            a.set_pairing_code(text(&p.code));
            a.set_pairing_url(text(&p.url));
            a.set_pairing_renew(text(&p.renew_in));
            a.set_pairing_note(text(&p.note));
            a.set_screen(Screen::Pairing);
        }
        (None, None) => {
            if matches!(
                a.get_screen(),
                Screen::Pairing | Screen::Problem | Screen::Rooms
            ) {
                a.set_screen(Screen::Home);
            }
        }
    }
}

/// Fills the Room picker with the rooms matching `query`.
pub fn show_rooms(app: &AppWindow, rooms: &[crate::core::rooms::RoomChoice], query: &str) {
    let a = app.global::<PanelAdapter>();
    a.set_room_total(rooms.len() as i32);
    a.set_room_rows(model(
        crate::core::rooms::matching(rooms, query)
            .into_iter()
            .map(|r| RoomRowVm {
                email: text(&r.email),
                name: text(&r.name),
                details: text(&r.details()),
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

/// Shows the admin screen with these rows.
pub fn show_admin(app: &AppWindow, rows: &[(String, String)], can_pair: bool) {
    let a = app.global::<PanelAdapter>();
    a.set_admin_rows(model(
        rows.iter()
            .map(|(label, value)| AdminRowVm {
                label: text(label),
                value: text(value),
            })
            .collect(),
    ));
    a.set_admin_can_pair(can_pair);
    a.set_screen(Screen::Admin);
}

/// Switches between Home, the Book sheet's steps and the problem screen.
pub fn show_screen(app: &AppWindow, screen: Screen) {
    let a = app.global::<PanelAdapter>();
    if screen == Screen::Book {
        a.set_selected_minutes(-1);
    }
    a.set_screen(screen);
}

/// The current screen.
pub fn screen(app: &AppWindow) -> Screen {
    app.global::<PanelAdapter>().get_screen()
}

/// Marks a duration chip as chosen (as a tap on it does).
pub fn select_minutes(app: &AppWindow, minutes: i64) {
    app.global::<PanelAdapter>()
        .set_selected_minutes(minutes as i32);
}

/// Shows the progress step ("Booking…") in the sheet.
pub fn show_progress(app: &AppWindow, text: &str) {
    let a = app.global::<PanelAdapter>();
    a.set_progress_text(SharedString::from(text));
    a.set_screen(Screen::Booking);
}

/// Shows an action's result in the sheet.
pub fn show_result(app: &AppWindow, words: &ResultWords) {
    let a = app.global::<PanelAdapter>();
    a.set_result_title(text(&words.title));
    a.set_result_body(text(&words.body));
    a.set_result_ok(words.ok);
    a.set_screen(Screen::Result);
}

/// Shows a problem an installer must fix, instead of the Home screen.
pub fn show_problem(app: &AppWindow, title: &str, body: &str, fix: &str) {
    let a = app.global::<PanelAdapter>();
    a.set_problem_title(text(title));
    a.set_problem_body(text(body));
    a.set_problem_fix(text(fix));
    a.set_screen(Screen::Problem);
}

/// Tells the theme how large the screen is (type and spacing scale with it).
pub fn set_screen_size(app: &AppWindow, width: u32, height: u32) {
    let t = app.global::<Theme>();
    t.set_screen_width(width as f32);
    t.set_screen_height(height as f32);
}

/// Shows the Free rooms sheet with these rooms (nearest first) and its note ("Looking for free
/// rooms…", none free, a failure; empty while rooms are listed).
pub fn show_free_rooms(
    app: &AppWindow,
    rooms: &[crate::core::free_rooms::FreeRoomView],
    note: &str,
) {
    let a = app.global::<PanelAdapter>();
    a.set_free_rooms(model(
        rooms
            .iter()
            .map(|r| super::FreeRoomVm {
                email: text(&r.email),
                name: text(&r.name),
                free: text(&r.free),
                details: text(&r.details),
                minutes: r.minutes as i32,
                button: text(&r.button),
            })
            .collect(),
    ));
    a.set_free_rooms_note(text(note));
    a.set_screen(Screen::FreeRooms);
}
