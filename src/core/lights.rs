//! The colour the occupancy lights show for a room state.

use super::state::RoomState;

/// A colour of the LED bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Light {
    Green,
    Amber,
    Red,
    Off,
}

impl Light {
    pub fn name(self) -> &'static str {
        match self {
            Light::Green => "green",
            Light::Amber => "amber",
            Light::Red => "red",
            Light::Off => "off",
        }
    }
}

/// Free → green; starting soon and awaiting check-in → amber; busy → red; unknown → off (the
/// panel cannot vouch for the room, so the corridor should not be told anything).
pub fn light_for(state: &RoomState) -> Light {
    match state {
        RoomState::Free { .. } => Light::Green,
        RoomState::StartingSoon { .. } | RoomState::AwaitingCheckIn { .. } => Light::Amber,
        RoomState::Busy { .. } => Light::Red,
        RoomState::Unknown { .. } => Light::Off,
    }
}
