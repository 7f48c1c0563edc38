//! The UI as a projection: Slint screens (ui/*.slint) filled from the core's [`PanelView`]
//! through one global a page (`adapter`), on a real window ([`panel`]) or off screen ([`headless`]).
//!
//! [`PanelView`]: crate::core::view::PanelView

pub mod adapter;
pub mod backend;
pub mod headless;
pub mod kiosk;
pub mod panel;

#[allow(clippy::all, clippy::pedantic, missing_docs, unused_qualifications)]
mod generated {
    slint::include_modules!();
}

pub use generated::{
    AdminAdapter, AdminRowVm, AgendaRowVm, AppWindow, BookAdapter, ChipVm, ConfirmAdapter,
    ExtendVm, FreeRoomVm, FreeRoomsAdapter, HomeAdapter, LanguageVm, MeetingVm, PairingAdapter,
    PinAdapter, ProblemAdapter, RoomRowVm, RoomsAdapter, Screen, ShellAdapter, Theme,
};
// The pages' `Tone` is Slint's mirror of the core's `view::Tone`, known to the adapter alone:
// the program has one tone.

#[cfg(test)]
mod tests {
    /// Every property a page declares (its getter's Rust name, `get_room_name(`).
    fn getters(slint: &str) -> Vec<String> {
        slint
            .lines()
            .filter_map(|line| {
                let line = line.trim();
                let rest = ["in property <", "in-out property <", "out property <"]
                    .iter()
                    .find_map(|p| line.strip_prefix(p))?;
                let (_, name) = rest.split_once("> ")?;
                let name = name.split([':', ';']).next()?.trim();
                Some(format!("get_{}(", name.replace('-', "_")))
            })
            .collect()
    }

    /// Rust decides what shows: it writes the pages' globals and never reads one back.
    #[test]
    fn rust_never_reads_the_screens_state_back() {
        let pages = [
            include_str!("../../ui/shell.slint"),
            include_str!("../../ui/pages/home.slint"),
            include_str!("../../ui/pages/book-sheet.slint"),
            include_str!("../../ui/pages/problem.slint"),
            include_str!("../../ui/pages/pairing.slint"),
            include_str!("../../ui/pages/admin.slint"),
            include_str!("../../ui/pages/rooms.slint"),
            include_str!("../../ui/pages/free-rooms.slint"),
            include_str!("../../ui/widgets/confirm.slint"),
        ];
        let getters: Vec<String> = pages.iter().flat_map(|p| getters(p)).collect();
        assert!(getters.contains(&"get_screen(".to_owned()));
        assert!(getters.contains(&"get_query(".to_owned()));
        assert!(getters.len() > 50, "{getters:?}");
        let rust = [
            ("src/ui/adapter.rs", include_str!("adapter.rs")),
            ("src/ui/panel.rs", include_str!("panel.rs")),
            ("src/ui/headless.rs", include_str!("headless.rs")),
            ("src/ui/kiosk.rs", include_str!("kiosk.rs")),
            ("src/ui/backend.rs", include_str!("backend.rs")),
            ("src/app/cli.rs", include_str!("../app/cli.rs")),
        ];
        for (path, source) in rust {
            // Tests may look at what was pushed.
            let code = source.split("#[cfg(test)]").next().unwrap_or(source);
            for getter in &getters {
                assert!(
                    !code.contains(getter.as_str()),
                    "{path} reads {getter}) back from Slint"
                );
            }
        }
    }
}
