//! What of a meeting the panel may show: privacy masking and Exchange's subject quirks.

use super::language::Language;
use super::Booking;
use crate::tr;

/// The privacy switches of `[display]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Privacy {
    pub show_subject: bool,
    pub show_organizer: bool,
}

impl Default for Privacy {
    fn default() -> Self {
        Privacy {
            show_subject: true,
            show_organizer: true,
        }
    }
}

/// Subject shown for a private or confidential meeting: "Private meeting".
fn private_subject(language: Language) -> String {
    tr!(language, "subject-private")
}

/// Subject shown when there is none to show: "Booked".
fn booked_subject(language: Language) -> String {
    tr!(language, "subject-booked")
}

/// A meeting as the panel shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shown {
    pub subject: String,
    pub organizer: Option<String>,
    pub private: bool,
}

/// Applies the display rules:
/// - private or confidential: "Private meeting", no organizer, whatever the switches say;
/// - an empty subject, or a hidden one: "Booked";
/// - a subject equal to the organizer's name (Exchange's `AddOrganizerToSubject` with
///   `DeleteSubject`) is shown once, as the subject;
/// - a hidden organizer never leaks through the subject.
///
/// The words of the panel's own ("Private meeting", "Booked") are in `language`.
pub fn shown(booking: &Booking, privacy: Privacy, language: Language) -> Shown {
    if booking.private {
        return Shown {
            subject: private_subject(language),
            organizer: None,
            private: true,
        };
    }
    let organizer = booking
        .organizer
        .as_deref()
        .map(str::trim)
        .filter(|name| !name.is_empty());
    let subject = booking.subject.trim();
    let subject_is_organizer = organizer
        .is_some_and(|name| !subject.is_empty() && name.to_lowercase() == subject.to_lowercase());

    if subject_is_organizer {
        return if privacy.show_organizer {
            Shown {
                subject: organizer.unwrap_or_default().to_owned(),
                organizer: None,
                private: false,
            }
        } else {
            Shown {
                subject: booked_subject(language),
                organizer: None,
                private: false,
            }
        };
    }
    let subject = if privacy.show_subject && !subject.is_empty() {
        subject.to_owned()
    } else {
        booked_subject(language)
    };
    Shown {
        subject,
        organizer: organizer
            .filter(|_| privacy.show_organizer)
            .map(str::to_owned),
        private: false,
    }
}
