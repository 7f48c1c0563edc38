//! The demo room's neighbours, for "Find a free room" without Microsoft 365: a few rooms in two
//! buildings with a working day of meetings each, derived from the date so the same day always
//! looks the same.

use chrono::{DateTime, Datelike, Duration, NaiveTime, Utc};
use chrono_tz::Tz;

use crate::core::free_rooms::{free_rooms, window_end, Availability, FreeRoom, MIN_FREE_MINUTES};
use crate::core::rooms::RoomChoice;
use crate::core::time::local_instant;

/// Name of the demo room.
pub const DEMO_ROOM_NAME: &str = "Demo room";

/// A local time of day: (hour, minute).
type LocalTime = (u32, u32);

/// One neighbouring room and its meetings (local times).
struct Neighbour {
    name: &'static str,
    building: &'static str,
    floor: &'static str,
    seats: u32,
    busy: &'static [(LocalTime, LocalTime)],
}

const NEIGHBOURS: [Neighbour; 8] = [
    Neighbour {
        name: "Aurora",
        building: "Building 1",
        floor: "4",
        seats: 6,
        busy: &[
            ((8, 0), (9, 0)),
            ((10, 0), (11, 0)),
            ((12, 30), (13, 15)),
            ((15, 0), (16, 0)),
        ],
    },
    Neighbour {
        name: "Birch",
        building: "Building 1",
        floor: "4",
        seats: 4,
        busy: &[((9, 0), (10, 30)), ((12, 0), (12, 30)), ((14, 15), (15, 0))],
    },
    Neighbour {
        name: "Phone booth 4B",
        building: "Building 1",
        floor: "4",
        seats: 1,
        busy: &[((11, 0), (11, 30)), ((16, 0), (16, 30))],
    },
    Neighbour {
        name: "Cedar",
        building: "Building 1",
        floor: "2",
        seats: 10,
        busy: &[((9, 0), (12, 0)), ((13, 0), (17, 0))],
    },
    Neighbour {
        name: "Fjord",
        building: "Building 1",
        floor: "3",
        seats: 8,
        busy: &[((10, 30), (11, 30)), ((14, 30), (15, 0))],
    },
    Neighbour {
        name: "Harbour",
        building: "Building 2",
        floor: "1",
        seats: 12,
        busy: &[((8, 30), (9, 30)), ((17, 0), (18, 0))],
    },
    Neighbour {
        name: "Lagoon",
        building: "Building 2",
        floor: "1",
        seats: 6,
        busy: &[((9, 30), (10, 0)), ((13, 30), (14, 30))],
    },
    Neighbour {
        name: "Summit",
        building: "Building 2",
        floor: "5",
        seats: 20,
        busy: &[((11, 0), (12, 30))],
    },
];

fn choice(name: &str, building: &str, floor: &str, seats: u32) -> RoomChoice {
    RoomChoice {
        email: format!("{}@demo.invalid", name.to_lowercase().replace(' ', "-")),
        name: name.to_owned(),
        building: Some(building.to_owned()),
        floor: Some(floor.to_owned()),
        capacity: Some(seats),
    }
}

/// Where the demo room itself is: Building 1, floor 4 (so its floor's rooms come first).
pub fn demo_here() -> RoomChoice {
    choice(DEMO_ROOM_NAME, "Building 1", "4", 8)
}

/// The demo room's neighbours and their meetings on the local day of `now`. Each room's day
/// moves by 0, 15 or 30 minutes from one date to the next, so days differ but a date always
/// looks the same.
pub fn demo_free_rooms(now: DateTime<Utc>, tz: Tz) -> Vec<Availability> {
    let date = now.with_timezone(&tz).date_naive();
    let at = |(h, m): LocalTime, shift: i64| {
        local_instant(
            tz,
            date,
            NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN),
        ) + Duration::minutes(shift)
    };
    NEIGHBOURS
        .iter()
        .enumerate()
        .map(|(n, room)| {
            let shift = ((date.ordinal() as i64 + n as i64) % 3) * 15;
            Availability {
                room: choice(room.name, room.building, room.floor, room.seats),
                busy: room
                    .busy
                    .iter()
                    .map(|&(start, end)| (at(start, shift), at(end, shift)))
                    .collect(),
            }
        })
        .collect()
}

/// The demo's answer to "Find a free room" at `now`: its neighbours free for at least
/// [`MIN_FREE_MINUTES`], nearest to the demo room first.
pub fn demo_find(now: DateTime<Utc>, tz: Tz) -> Vec<FreeRoom> {
    free_rooms(
        now,
        Some(&demo_here()),
        &demo_free_rooms(now, tz),
        window_end(now, tz),
        Duration::minutes(MIN_FREE_MINUTES),
    )
}
