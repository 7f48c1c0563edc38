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
    AdminAdapter, AdminRowVm, AgendaRowVm, AppWindow, BookAdapter, ChipVm, ExtendVm, FreeRoomVm,
    FreeRoomsAdapter, HomeAdapter, MeetingVm, PairingAdapter, PinAdapter, ProblemAdapter,
    RoomRowVm, RoomsAdapter, Screen, ShellAdapter, Theme, Tone,
};
