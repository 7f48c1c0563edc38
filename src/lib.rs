//! Roomsign: the meeting-room door display. See ARCHITECTURE.md for the map.
//!
//! The layers, from the outside in: `app` (the command line and the wiring), `ui` (the screens),
//! `engine` (the one writer of the snapshot), `calendar` and `microsoft` (the room's calendar and
//! Microsoft 365), `device` (lights, backlight, systemd, signals), and the leaves every layer may
//! use (`clock`, `config`, `limits`, `persist`, `secret`, `state_dir`). The functional core is a
//! crate of its own.

/// The functional core, its own crate (`crates/core`) so that its purity is the compiler's to check.
pub use roomsign_core as core;

pub mod app;
pub mod calendar;
pub mod clock;
pub mod config;
pub mod device;
pub mod engine;
pub mod limits;
pub mod metrics;
pub mod microsoft;
pub mod persist;
pub mod secret;
pub mod state_dir;
pub mod ui;

#[cfg(test)]
mod tidy;
