//! The functional core: the room's state, offers and screen contents as pure functions of the
//! clock, the calendar and the policy. No I/O, no Slint, no threads; everything here is
//! deterministic and unit- and property-tested.

pub mod booking;
pub mod diagnostics;
pub mod display;
pub mod free_rooms;
pub mod labels;
pub mod language;
pub mod lights;
pub mod offers;
pub mod pin;
pub mod policy;
pub mod report;
pub mod rooms;
pub mod screen_hours;
pub mod snapshot;
pub mod state;
pub mod time;
pub mod transition;
pub mod view;
pub mod words;

pub use booking::{Booking, ShowAs};
pub use language::{Language, Locale};
pub use policy::{CheckInPolicy, Policy, ReleaseMode};
pub use snapshot::{Link, PairingPrompt, Problem, Refusal, Room, Snapshot, Source, SyncTrouble};
pub use state::{
    room_state, CheckInWay, CheckIns, Released, ReleasedBy, RoomState, Schedule, UnknownReason,
    Window,
};
