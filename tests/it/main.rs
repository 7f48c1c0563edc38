//! Roomsign's integration tests, in one binary: the engine against the demo room, the command
//! line, the screenshots, the lights on a virtual clock and on real threads, the signals, the
//! systemd protocol, and Microsoft 365 (sign-in, the room's calendar, door bookings, free rooms)
//! against the stand-in server (the `fake-microsoft` crate). The functional core's own tables
//! and properties are the core crate's tests (`crates/core/tests/core/`).

mod support;

mod certificate;
mod check_in;
mod cli;
mod cli_device;
mod cli_lights;
mod config;
mod config_layers;
mod contrast;
mod engine;
mod free_rooms;
mod graph_booking;
mod graph_calendar;
mod graph_status;
mod identity;
mod language;
mod layout;
mod lights;
mod lights_live;
mod metrics;
mod pairing_cli;
mod screenshots;
mod service;
mod signals;
mod token_store;
mod ui_headless;
