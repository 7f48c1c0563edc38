//! The panel's hardware and its host: the occupancy lights, the backlight, systemd's notify
//! protocol and the signals that stop the panel.

pub mod backlight;
pub mod lights;
pub mod signals;
pub mod systemd;
