//! Renders the panel off screen with Slint's software renderer: no display server, no GPU.
//! Used by `roomsign screenshot`, the screenshot tests and the render benchmark.

use std::path::Path;
use std::rc::Rc;

use slint::platform::software_renderer::{MinimalSoftwareWindow, RepaintBufferType};
use slint::platform::{Platform, PlatformError, WindowAdapter};
use slint::{ComponentHandle, PhysicalSize, Rgb8Pixel, SharedPixelBuffer};

use super::{adapter, AppWindow};

struct OffScreen {
    window: Rc<MinimalSoftwareWindow>,
}

impl Platform for OffScreen {
    fn create_window_adapter(&self) -> Result<Rc<dyn WindowAdapter>, PlatformError> {
        Ok(self.window.clone())
    }
}

/// The panel's window, rendered into memory.
pub struct Headless {
    window: Rc<MinimalSoftwareWindow>,
    app: AppWindow,
}

impl Headless {
    /// Sets up the off-screen platform. Slint allows one platform per process, so this can be
    /// called once; resize the result to render other sizes.
    pub fn new(width: u32, height: u32) -> Result<Headless, PlatformError> {
        let window = MinimalSoftwareWindow::new(RepaintBufferType::NewBuffer);
        window.set_size(PhysicalSize::new(width, height));
        slint::platform::set_platform(Box::new(OffScreen {
            window: window.clone(),
        }))
        .map_err(|e| PlatformError::Other(format!("cannot set up off-screen rendering: {e}")))?;
        let app = AppWindow::new()?;
        adapter::attach(&app);
        adapter::set_screen_size(&app, width, height);
        app.show()?;
        Ok(Headless { window, app })
    }

    pub fn app(&self) -> &AppWindow {
        &self.app
    }

    pub fn size(&self) -> (u32, u32) {
        let size = self.window.size();
        (size.width, size.height)
    }

    /// Changes the size of the rendered screen.
    pub fn resize(&self, width: u32, height: u32) {
        self.window.set_size(PhysicalSize::new(width, height));
        adapter::set_screen_size(&self.app, width, height);
    }

    /// Renders one whole frame.
    pub fn render(&self) -> SharedPixelBuffer<Rgb8Pixel> {
        let (width, height) = self.size();
        let mut buffer = SharedPixelBuffer::<Rgb8Pixel>::new(width, height);
        slint::platform::update_timers_and_animations();
        self.window.request_redraw();
        self.window.draw_if_needed(|renderer| {
            renderer.render(buffer.make_mut_slice(), width as usize);
        });
        buffer
    }
}

/// Writes an RGB buffer as a PNG file.
pub fn write_png(buffer: &SharedPixelBuffer<Rgb8Pixel>, path: &Path) -> std::io::Result<()> {
    let file = std::fs::File::create(path)?;
    let mut encoder = png::Encoder::new(
        std::io::BufWriter::new(file),
        buffer.width(),
        buffer.height(),
    );
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(std::io::Error::other)?;
    writer
        .write_image_data(buffer.as_bytes())
        .map_err(std::io::Error::other)?;
    writer.finish().map_err(std::io::Error::other)
}

#[cfg(test)]
mod tests {
    use slint::ComponentHandle;

    use super::super::adapter::tests::view;
    use super::super::adapter::{screen, show_screen, show_view};
    use super::super::{BookAdapter, HomeAdapter, PairingAdapter, Screen, ShellAdapter};
    use super::Headless;
    use crate::core::labels;
    use crate::core::view::{AgendaRow, PairingView};

    /// The one test of the library that draws: Slint takes one platform a process.
    #[test]
    fn only_the_parts_that_changed_are_pushed_and_rust_keeps_the_screen() {
        use slint::Model;
        let panel = Headless::new(800, 480).expect("off-screen renderer");
        let app = panel.app();
        let mut v = view();
        v.agenda.push(AgendaRow {
            time_range: "10:00 – 11:00".to_owned(),
            subject: "Weekly planning".to_owned(),
            organizer: None,
            booked_here: false,
        });
        show_view(app, &v);
        let home = app.global::<HomeAdapter>();
        let book = app.global::<BookAdapter>();
        let agenda = home.get_agenda();
        let chips = book.get_chips();
        assert_eq!(
            home.get_book_label().as_str(),
            labels::labels(crate::core::Language::English).book_now
        );

        // The minute turns: the top bar and the Book sheet's title change, Home's models stay.
        let mut next = v.clone();
        next.clock = "09:21".to_owned();
        show_view(app, &next);
        assert_eq!(app.global::<ShellAdapter>().get_clock().as_str(), "09:21");
        assert_eq!(book.get_book_title().as_str(), "Book Room 4.12 from 09:21");
        assert!(
            home.get_agenda() == agenda,
            "the agenda is not pushed again"
        );
        assert!(
            book.get_chips() != chips,
            "the chips are pushed with the title"
        );

        // The agenda changes: it is pushed.
        next.agenda.clear();
        show_view(app, &next);
        assert!(home.get_agenda() != agenda);
        assert_eq!(home.get_agenda().row_count(), 0);

        // A sheet stays over an unchanged view; Pairing replaces it, and gives way to Home.
        show_screen(app, Screen::Book);
        show_view(app, &next);
        assert_eq!(screen(app), Screen::Book);
        next.pairing = Some(PairingView {
            code: "ABCD1234".to_owned(),
            url: "https://microsoft.com/devicelogin".to_owned(),
            qr_target: "https://microsoft.com/devicelogin".to_owned(),
            renew_in: "New code in 14:59".to_owned(),
            note: String::new(),
        });
        show_view(app, &next);
        assert_eq!(screen(app), Screen::Pairing);
        let pairing = app.global::<PairingAdapter>();
        assert_eq!(
            pairing.get_title().as_str(),
            "Room 4.12 — pair with Microsoft 365"
        );
        assert!(pairing.get_qr().size().width > 0);
        next.pairing = None;
        show_view(app, &next);
        assert_eq!(screen(app), Screen::Home);
        assert_eq!(app.global::<ShellAdapter>().get_screen(), Screen::Home);

        // Refused calendar access: the notice has its own icon, not the network's.
        next.notice = Some(crate::core::view::Notice {
            text: "Calendar access refused since 09:05 — showing the last known schedule"
                .to_owned(),
            strong: false,
            refused: true,
        });
        show_view(app, &next);
        assert!(home.get_notice_refused());

        // The confirm sheet: over the screen, in the words of what it does.
        use crate::core::labels::{confirm_words, Confirm};
        super::super::adapter::show_confirm(
            app,
            &confirm_words(&Confirm::EndNow, crate::core::Language::English),
        );
        assert_eq!(screen(app), Screen::Confirm);
        let confirm = app.global::<super::super::ConfirmAdapter>();
        assert_eq!(confirm.get_yes_label().as_str(), "End now");
        assert_eq!(confirm.get_no_label().as_str(), "Keep the meeting");
        panel.render();

        // The admin screen: rows pushed again while open, with the line under the heading.
        let row = |label: &str, value: &str| crate::core::labels::AdminRow {
            label: label.to_owned(),
            value: value.to_owned(),
        };
        super::super::adapter::show_admin(app, &[row("Version", "1")], true);
        let admin = app.global::<super::super::AdminAdapter>();
        assert_eq!(admin.get_status().as_str(), "");
        super::super::adapter::show_admin_rows(
            app,
            &[row("Version", "1"), row("Last error", &"x ".repeat(200))],
            "Reading the room's calendar…",
            false,
        );
        assert_eq!(admin.get_rows().row_count(), 2);
        assert_eq!(admin.get_status().as_str(), "Reading the room's calendar…");
        assert_eq!(screen(app), Screen::Admin);
        panel.render();
    }
}
