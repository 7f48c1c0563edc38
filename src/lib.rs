//! Roomsign: the meeting-room door display. See ARCHITECTURE.md for the map.

pub mod app;
pub mod backlight;
pub mod calendar;
pub mod cli;
pub mod clock;
pub mod config;
pub mod core;
pub mod doctor;
pub mod engine;
pub mod free_rooms;
pub mod graph;
pub mod identity;
pub mod lights;
pub mod limits;
pub mod link;
pub mod persist;
pub mod secret;
pub mod service;
pub mod signals;
pub mod state_dir;
pub mod ui;
