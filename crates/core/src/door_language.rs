//! The language the panel shows: the room's own, or one a walk-up person picked at the door.
//! The room's languages are offered as small buttons on Home when there is more than one; a
//! pick lasts until the panel has gone [`FALL_BACK_AFTER`] without a touch (the shell's timer
//! says when), then the room's own language is back for the next person.

use chrono::Duration;

use crate::language::Locale;

/// A language picked at the door gives way to the room's own after this long without a touch.
pub const FALL_BACK_AFTER: Duration = Duration::seconds(60);

/// The room's languages and the one picked at the door, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DoorLanguage {
    /// In the order the buttons show them; never empty.
    offered: Vec<Locale>,
    /// The room's own language: shown when nobody picked one.
    resting: usize,
    picked: Option<usize>,
}

/// One language button on Home.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LanguageChip {
    /// The short name on the button: "DE".
    pub code: String,
    /// The language's own name, for a screen reader: "Deutsch".
    pub name: String,
    /// The language shown now.
    pub active: bool,
}

impl DoorLanguage {
    /// `resting` is the room's own language; `offered` the languages of the buttons (the
    /// resting one is added in front when missing; repeats are dropped).
    pub fn new(resting: Locale, offered: &[Locale]) -> DoorLanguage {
        let mut list: Vec<Locale> = Vec::with_capacity(offered.len() + 1);
        for locale in offered {
            if !list.contains(locale) {
                list.push(locale.clone());
            }
        }
        let resting = match list.iter().position(|l| *l == resting) {
            Some(i) => i,
            None => {
                list.insert(0, resting);
                0
            }
        };
        DoorLanguage {
            offered: list,
            resting,
            picked: None,
        }
    }

    /// The language on screen now.
    pub fn shown(&self) -> &Locale {
        let i = self.picked.unwrap_or(self.resting);
        &self.offered[i.min(self.offered.len() - 1)]
    }

    /// The room's own language.
    pub fn resting(&self) -> &Locale {
        &self.offered[self.resting]
    }

    /// Whether a language picked at the door is on screen (a fall-back is due later).
    pub fn picked(&self) -> bool {
        self.picked.is_some()
    }

    /// A tap on the `index`th button; true when the language on screen changed. Picking the
    /// room's own language ends the pick.
    pub fn pick(&mut self, index: usize) -> bool {
        if index >= self.offered.len() {
            return false;
        }
        let before = self.shown().clone();
        self.picked = (index != self.resting).then_some(index);
        *self.shown() != before
    }

    /// No touch for [`FALL_BACK_AFTER`]: back to the room's own language; true when it changed.
    pub fn fall_back(&mut self) -> bool {
        let before = self.shown().clone();
        self.picked = None;
        *self.shown() != before
    }

    /// The buttons on Home: none when the room has one language.
    pub fn chips(&self) -> Vec<LanguageChip> {
        if self.offered.len() < 2 {
            return Vec::new();
        }
        let shown = self.shown();
        self.offered
            .iter()
            .map(|l| LanguageChip {
                code: l.language.code().to_ascii_uppercase(),
                name: l.language.native_name().to_owned(),
                active: l == shown,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locale(tag: &str) -> Locale {
        Locale::parse(tag).expect("a language the panel speaks")
    }

    #[test]
    fn one_language_offers_no_buttons() {
        let door = DoorLanguage::new(locale("de"), &[]);
        assert!(door.chips().is_empty());
        assert_eq!(door.shown(), &locale("de"));
        let door = DoorLanguage::new(locale("de"), &[locale("de")]);
        assert!(door.chips().is_empty());
    }

    #[test]
    fn a_pick_shows_until_the_fall_back_then_the_rooms_own_language_returns() {
        let mut door = DoorLanguage::new(locale("de"), &[locale("de"), locale("en")]);
        let codes: Vec<_> = door
            .chips()
            .into_iter()
            .map(|c| (c.code, c.active))
            .collect();
        assert_eq!(codes, [("DE".to_owned(), true), ("EN".to_owned(), false)]);
        assert!(door.pick(1));
        assert_eq!(door.shown(), &locale("en"));
        assert!(door.picked());
        assert!(door.chips()[1].active && !door.chips()[0].active);
        assert!(!door.pick(1), "the same language again changes nothing");
        assert!(door.fall_back());
        assert_eq!(door.shown(), &locale("de"));
        assert!(!door.picked());
        assert!(!door.fall_back(), "nothing to fall back from");
    }

    #[test]
    fn picking_the_rooms_own_language_ends_the_pick_and_a_wrong_index_changes_nothing() {
        let mut door = DoorLanguage::new(locale("fr"), &[locale("en"), locale("fr"), locale("es")]);
        assert_eq!(door.resting(), &locale("fr"));
        assert!(door.pick(2));
        assert!(door.pick(1));
        assert!(!door.picked());
        assert!(!door.pick(3));
        assert!(!door.pick(usize::MAX));
        assert_eq!(door.shown(), &locale("fr"));
    }

    #[test]
    fn the_rooms_own_language_is_offered_first_when_the_list_lacks_it_and_repeats_go() {
        let door = DoorLanguage::new(locale("es"), &[locale("en"), locale("de"), locale("en")]);
        let codes: Vec<_> = door.chips().into_iter().map(|c| c.code).collect();
        assert_eq!(codes, ["ES", "EN", "DE"]);
    }
}
