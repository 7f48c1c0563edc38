//! The Room picker's list: rooms from the Places directory, ordered and filtered for a
//! touch screen.

use crate::language::Language;
use crate::tr;

/// A room a panel can be assigned to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoomChoice {
    pub email: String,
    pub name: String,
    pub building: Option<String>,
    pub floor: Option<String>,
    pub capacity: Option<u32>,
}

impl RoomChoice {
    /// "Building 4 · Floor 2 · 12 seats", leaving out what is unknown; a number stays on the
    /// line of its word (no-break spaces) when a narrow screen wraps the line.
    pub fn details(&self, language: Language) -> String {
        let mut parts = Vec::new();
        if let Some(b) = self.building.as_deref().filter(|b| !b.is_empty()) {
            parts.push(b.to_owned());
        }
        if let Some(f) = self.floor.as_deref().filter(|f| !f.is_empty()) {
            parts.push(tr!(language, "room-floor", floor = f));
        }
        if let Some(c) = self.capacity.filter(|c| *c > 0) {
            parts.push(tr!(language, "room-seats", seats = c));
        }
        parts.join(" · ")
    }
}

/// Rooms by building, then floor (numerically when it is a number), then name.
pub fn sorted(mut rooms: Vec<RoomChoice>) -> Vec<RoomChoice> {
    // One entry per address, the first listed.
    let mut seen = std::collections::HashSet::new();
    rooms.retain(|r| seen.insert(r.email.to_lowercase()));
    let floor_key = |f: &Option<String>| {
        let f = f.as_deref().unwrap_or("");
        (f.parse::<i64>().unwrap_or(i64::MAX), f.to_lowercase())
    };
    rooms.sort_by(|a, b| {
        a.building
            .as_deref()
            .unwrap_or("")
            .to_lowercase()
            .cmp(&b.building.as_deref().unwrap_or("").to_lowercase())
            .then_with(|| floor_key(&a.floor).cmp(&floor_key(&b.floor)))
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    rooms
}

/// The rooms whose name, address, building or floor contain every word of `query`.
pub fn matching<'a>(rooms: &'a [RoomChoice], query: &str) -> Vec<&'a RoomChoice> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    rooms
        .iter()
        .filter(|r| {
            let hay = format!(
                "{} {} {} {}",
                r.name,
                r.email,
                r.building.as_deref().unwrap_or(""),
                r.floor.as_deref().unwrap_or("")
            )
            .to_lowercase();
            words.iter().all(|w| hay.contains(w.as_str()))
        })
        .collect()
}
