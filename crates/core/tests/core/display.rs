//! What of a meeting the panel may show: privacy switches, private meetings and Exchange's
//! habit of replacing the subject with the organizer's name.

use roomsign_core::display::{shown, Privacy, Shown};
use roomsign_core::Language;

const PRIVATE_SUBJECT: &str = "Private meeting";
const BOOKED_SUBJECT: &str = "Booked";
use roomsign_core::{Booking, ShowAs};

use crate::at;

fn booking(subject: &str, organizer: Option<&str>, private: bool) -> Booking {
    Booking {
        id: "evt-1".to_owned(),
        subject: subject.to_owned(),
        organizer: organizer.map(str::to_owned),
        start: at("2026-03-10T14:00:00Z"),
        end: at("2026-03-10T15:00:00Z"),
        all_day: false,
        private,
        show_as: ShowAs::Busy,
        cancelled: false,
        made_here: false,
    }
}

const ON: Privacy = Privacy {
    show_subject: true,
    show_organizer: true,
};
const NO_SUBJECT: Privacy = Privacy {
    show_subject: false,
    show_organizer: true,
};
const NO_ORGANIZER: Privacy = Privacy {
    show_subject: true,
    show_organizer: false,
};
const NOTHING: Privacy = Privacy {
    show_subject: false,
    show_organizer: false,
};

fn want(subject: &str, organizer: Option<&str>, private: bool) -> Shown {
    Shown {
        subject: subject.to_owned(),
        organizer: organizer.map(str::to_owned),
        private,
    }
}

struct Case {
    what: &'static str,
    subject: &'static str,
    organizer: Option<&'static str>,
    private: bool,
    privacy: Privacy,
    want: Shown,
}

fn check(cases: Vec<Case>) {
    for c in cases {
        let got = shown(
            &booking(c.subject, c.organizer, c.private),
            c.privacy,
            Language::English,
        );
        assert_eq!(got, c.want, "{}", c.what);
    }
}

#[test]
fn defaults_show_subject_and_organizer() {
    assert_eq!(
        Privacy::default(),
        ON,
        "both switches are on unless configured"
    );
    check(vec![
        Case {
            what: "ordinary meeting",
            subject: "Design review",
            organizer: Some("Ada Lovelace"),
            private: false,
            privacy: ON,
            want: want("Design review", Some("Ada Lovelace"), false),
        },
        Case {
            what: "surrounding whitespace is trimmed",
            subject: "  Design review \t",
            organizer: Some(" Ada Lovelace "),
            private: false,
            privacy: ON,
            want: want("Design review", Some("Ada Lovelace"), false),
        },
        Case {
            what: "no organizer known",
            subject: "Design review",
            organizer: None,
            private: false,
            privacy: ON,
            want: want("Design review", None, false),
        },
        Case {
            what: "a blank organizer is no organizer",
            subject: "Design review",
            organizer: Some("   "),
            private: false,
            privacy: ON,
            want: want("Design review", None, false),
        },
    ]);
}

#[test]
fn private_meetings_never_show_subject_or_organizer() {
    let switches = [
        ("switches on", ON),
        ("subject off", NO_SUBJECT),
        ("organizer off", NO_ORGANIZER),
        ("both off", NOTHING),
    ];
    let meetings = [
        (
            "ordinary private meeting",
            "Salary review",
            Some("Jordan Lee"),
        ),
        ("subject = organizer", "Jordan Lee", Some("Jordan Lee")),
        ("empty subject", "", Some("Jordan Lee")),
        ("no organizer", "Salary review", None),
    ];
    for (what, subject, organizer) in meetings {
        for (setting, privacy) in switches {
            assert_eq!(
                shown(
                    &booking(subject, organizer, true),
                    privacy,
                    Language::English
                ),
                want("Private meeting", None, true),
                "{what}, {setting}"
            );
        }
    }
    assert_eq!(PRIVATE_SUBJECT, "Private meeting");
}

#[test]
fn subject_equal_to_organizer_is_shown_once() {
    check(vec![
        Case {
            what: "exact match",
            subject: "Priya Shah",
            organizer: Some("Priya Shah"),
            private: false,
            privacy: ON,
            want: want("Priya Shah", None, false),
        },
        Case {
            what: "different case",
            subject: "priya SHAH",
            organizer: Some("Priya Shah"),
            private: false,
            privacy: ON,
            want: want("Priya Shah", None, false),
        },
        Case {
            what: "subject padded with spaces",
            subject: "  Priya Shah  ",
            organizer: Some("Priya Shah"),
            private: false,
            privacy: ON,
            want: want("Priya Shah", None, false),
        },
        Case {
            what: "organizer padded with spaces",
            subject: "Priya Shah",
            organizer: Some("  Priya Shah "),
            private: false,
            privacy: ON,
            want: want("Priya Shah", None, false),
        },
        Case {
            what: "subject switch off: the organizer's name still shown, once",
            subject: "Priya Shah",
            organizer: Some("Priya Shah"),
            private: false,
            privacy: NO_SUBJECT,
            want: want("Priya Shah", None, false),
        },
        Case {
            what: "a subject merely mentioning the organizer is a real subject",
            subject: "Priya Shah farewell",
            organizer: Some("Priya Shah"),
            private: false,
            privacy: ON,
            want: want("Priya Shah farewell", Some("Priya Shah"), false),
        },
    ]);
}

#[test]
fn empty_or_hidden_subject_reads_booked() {
    assert_eq!(BOOKED_SUBJECT, "Booked");
    check(vec![
        Case {
            what: "empty subject",
            subject: "",
            organizer: Some("Ada Lovelace"),
            private: false,
            privacy: ON,
            want: want("Booked", Some("Ada Lovelace"), false),
        },
        Case {
            what: "whitespace-only subject",
            subject: " \t  ",
            organizer: Some("Ada Lovelace"),
            private: false,
            privacy: ON,
            want: want("Booked", Some("Ada Lovelace"), false),
        },
        Case {
            what: "empty subject and no organizer",
            subject: "",
            organizer: None,
            private: false,
            privacy: ON,
            want: want("Booked", None, false),
        },
        Case {
            what: "show_subject = false hides the subject",
            subject: "Layoffs planning",
            organizer: Some("Ada Lovelace"),
            private: false,
            privacy: NO_SUBJECT,
            want: want("Booked", Some("Ada Lovelace"), false),
        },
        Case {
            what: "both switches off",
            subject: "Layoffs planning",
            organizer: Some("Ada Lovelace"),
            private: false,
            privacy: NOTHING,
            want: want("Booked", None, false),
        },
    ]);
}

#[test]
fn hidden_organizer_never_leaks() {
    check(vec![
        Case {
            what: "show_organizer = false drops the organizer",
            subject: "Design review",
            organizer: Some("Ada Lovelace"),
            private: false,
            privacy: NO_ORGANIZER,
            want: want("Design review", None, false),
        },
        Case {
            what: "subject = organizer's name must not leak it",
            subject: "Ada Lovelace",
            organizer: Some("Ada Lovelace"),
            private: false,
            privacy: NO_ORGANIZER,
            want: want("Booked", None, false),
        },
        Case {
            what: "subject = organizer's name in another case must not leak it",
            subject: "ADA LOVELACE",
            organizer: Some("Ada Lovelace"),
            private: false,
            privacy: NO_ORGANIZER,
            want: want("Booked", None, false),
        },
        Case {
            what: "subject = padded organizer's name must not leak it",
            subject: " Ada Lovelace ",
            organizer: Some("Ada Lovelace  "),
            private: false,
            privacy: NO_ORGANIZER,
            want: want("Booked", None, false),
        },
        Case {
            what: "subject = organizer's name, both switches off",
            subject: "Ada Lovelace",
            organizer: Some("Ada Lovelace"),
            private: false,
            privacy: NOTHING,
            want: want("Booked", None, false),
        },
    ]);
}

/// With a name whose non-ASCII letters differ in case between subject and organizer, the subject is not
/// recognised as the organizer's name, so it shows twice (switches on) and leaks the hidden
/// organizer (show_organizer = false).
#[test]
fn non_ascii_names_are_matched_case_insensitively() {
    check(vec![
        Case {
            what: "non-ASCII name in lower case, organizer hidden: must not leak",
            subject: "åsa öberg",
            organizer: Some("Åsa Öberg"),
            private: false,
            privacy: NO_ORGANIZER,
            want: want("Booked", None, false),
        },
        Case {
            what: "non-ASCII name in lower case, switches on: shown once",
            subject: "émile zola",
            organizer: Some("Émile Zola"),
            private: false,
            privacy: ON,
            want: want("Émile Zola", None, false),
        },
    ]);
}

#[test]
fn non_ascii_names_in_the_same_case_are_matched() {
    // The common case (Exchange copies the display name verbatim) works for any script.
    check(vec![
        Case {
            what: "identical non-ASCII name, organizer hidden: must not leak",
            subject: "Åsa Öberg",
            organizer: Some("Åsa Öberg"),
            private: false,
            privacy: NO_ORGANIZER,
            want: want("Booked", None, false),
        },
        Case {
            what: "identical non-ASCII name, switches on: shown once",
            subject: "Jürgen Müller",
            organizer: Some("Jürgen Müller"),
            private: false,
            privacy: ON,
            want: want("Jürgen Müller", None, false),
        },
    ]);
}
