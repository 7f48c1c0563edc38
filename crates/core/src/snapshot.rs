//! One picture of everything the panel knows: the room, its schedule and the health of the sync.
//! The screen, the lights and `status` all derive from the same snapshot, so they cannot disagree.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::language::Language;
use super::state::{CheckInWay, CheckIns, Released, Schedule, UnknownReason};
use crate::tr;

/// Where the schedule came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The built-in demo room.
    Demo,
    /// Read from Microsoft Graph in the last sync.
    Graph,
    /// The last good schedule, read from the state directory.
    Cache,
    /// Nothing has been read yet.
    Nothing,
}

impl Source {
    pub fn name(self) -> &'static str {
        match self {
            Source::Demo => "demo",
            Source::Graph => "graph",
            Source::Cache => "cache",
            Source::Nothing => "none",
        }
    }
}

/// The room as configured or as its calendar names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Room {
    pub name: String,
    pub mailbox: Option<String>,
}

/// A device code for pairing, as the Pairing screen shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PairingPrompt {
    /// Typed on the phone, exactly as Microsoft issued it (shown large, never regrouped).
    pub user_code: String,
    /// Where to type it.
    pub verification_uri: String,
    /// What the QR code carries.
    pub qr_target: String,
    /// When the code expires (a new one follows by itself).
    pub expires_at: DateTime<Utc>,
    /// Why the panel is pairing again, if it was paired before (e.g. the sign-in was revoked).
    pub note: Option<LinkTrouble>,
}

/// Why Microsoft's sign-in service refuses the panel: a refresh it keeps the sign-in through
/// (`Link::SignInRefused`), or one that ended the sign-in or stopped pairing (`Link::NotPaired`).
/// Told from the answer's `error` and its AADSTS numbers, never from its English text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Refusal {
    /// The tenant blocks the device code flow: security defaults (AADSTS530035), a Conditional
    /// Access policy on "Authentication flows" (53003), device-based Conditional Access
    /// (530033), or a refresh of a device-code sign-in after such a policy came into force
    /// (530036, "protocol tracked").
    DeviceCodeBlocked,
    /// Conditional Access or a per-user setting asks the room account for multi-factor
    /// authentication (AADSTS50076, 50079, 50074, 50072, 50158; `interaction_required`).
    MfaRequired,
    /// A sign-in frequency policy ended the sign-in (AADSTS70043).
    SignInFrequency,
    /// The refresh token expired: unused for 90 days (AADSTS700082), or expired (70008).
    RefreshTokenExpired,
    /// The room account's password changed or its sessions were revoked (AADSTS50173, 50133).
    PasswordChanged,
    /// Another Conditional Access policy blocks the sign-in (AADSTS53000, 53001, 530034).
    BlockedByPolicy,
    /// The app lacks consent for its permissions (AADSTS65001, 65004; `consent_required`).
    ConsentRequired,
    /// The room account is disabled, locked or its password expired (AADSTS50057, 50053,
    /// 50055, 50034).
    AccountBlocked,
    /// The account's name or password is wrong (AADSTS50126).
    WrongCredentials,
    /// The service asks the panel to wait (429, or 503 with `Retry-After`).
    Throttled,
    /// An answer that is not OAuth (a proxy's page, a garbled token).
    BadAnswer,
    /// Any other refusal.
    Other,
}

/// Where the device code exception is written up, for the screens and `doctor`.
pub const DEVICE_CODE_DOCS: &str =
    "\u{201c}Device code sign-in blocked\u{201d} in docs/microsoft-365-setup.md";

impl Refusal {
    /// From the answer's `error` and `error_codes`.
    pub fn classify(error: &str, codes: &[u64]) -> Refusal {
        for code in codes {
            match code {
                530035 | 53003 | 530033 | 530036 => return Refusal::DeviceCodeBlocked,
                50076 | 50079 | 50074 | 50072 | 50158 => return Refusal::MfaRequired,
                70043 => return Refusal::SignInFrequency,
                700082 | 70008 => return Refusal::RefreshTokenExpired,
                50173 | 50133 => return Refusal::PasswordChanged,
                53000 | 53001 | 530034 => return Refusal::BlockedByPolicy,
                65001 | 65004 => return Refusal::ConsentRequired,
                50057 | 50053 | 50055 | 50034 => return Refusal::AccountBlocked,
                50126 => return Refusal::WrongCredentials,
                _ => {}
            }
        }
        match error {
            "interaction_required" => Refusal::MfaRequired,
            "consent_required" => Refusal::ConsentRequired,
            _ => Refusal::Other,
        }
    }

    /// Stable, for scripts and alerts.
    pub fn code(self) -> &'static str {
        match self {
            Refusal::DeviceCodeBlocked => "device_code_blocked",
            Refusal::MfaRequired => "mfa_required",
            Refusal::SignInFrequency => "sign_in_frequency",
            Refusal::RefreshTokenExpired => "refresh_token_expired",
            Refusal::PasswordChanged => "password_changed",
            Refusal::BlockedByPolicy => "blocked_by_policy",
            Refusal::ConsentRequired => "consent_missing",
            Refusal::AccountBlocked => "account_blocked",
            Refusal::WrongCredentials => "wrong_credentials",
            Refusal::Throttled => "throttled",
            Refusal::BadAnswer => "bad_sign_in_answer",
            Refusal::Other => "sign_in_refused",
        }
    }

    /// What is wrong, in one sentence, in English (for `status`, `doctor` and the log).
    pub fn what(self) -> String {
        self.what_in(Language::English)
    }

    /// What is wrong, in one sentence.
    pub fn what_in(self, language: Language) -> String {
        match self {
            Refusal::DeviceCodeBlocked => tr!(language, "refusal-what-device-code-blocked"),
            Refusal::MfaRequired => tr!(language, "refusal-what-mfa-required"),
            Refusal::SignInFrequency => tr!(language, "refusal-what-sign-in-frequency"),
            Refusal::RefreshTokenExpired => tr!(language, "refusal-what-refresh-token-expired"),
            Refusal::PasswordChanged => tr!(language, "refusal-what-password-changed"),
            Refusal::BlockedByPolicy => tr!(language, "refusal-what-blocked-by-policy"),
            Refusal::ConsentRequired => tr!(language, "refusal-what-consent-required"),
            Refusal::AccountBlocked => tr!(language, "refusal-what-account-blocked"),
            Refusal::WrongCredentials => tr!(language, "refusal-what-wrong-credentials"),
            Refusal::Throttled => tr!(language, "refusal-what-throttled"),
            Refusal::BadAnswer => tr!(language, "refusal-what-bad-answer"),
            Refusal::Other => tr!(language, "refusal-what-other"),
        }
    }

    /// What the admin must change, in English (for `status`, `doctor` and the log).
    pub fn fix(self) -> String {
        self.fix_in(Language::English)
    }

    /// What the admin must change.
    pub fn fix_in(self, language: Language) -> String {
        match self {
            Refusal::DeviceCodeBlocked => tr!(language, "refusal-fix-device-code-blocked"),
            Refusal::MfaRequired => tr!(language, "refusal-fix-mfa-required"),
            Refusal::SignInFrequency => tr!(language, "refusal-fix-sign-in-frequency"),
            Refusal::RefreshTokenExpired => tr!(language, "refusal-fix-refresh-token-expired"),
            Refusal::PasswordChanged => tr!(language, "refusal-fix-password-changed"),
            Refusal::BlockedByPolicy => tr!(language, "refusal-fix-blocked-by-policy"),
            Refusal::ConsentRequired => tr!(language, "refusal-fix-consent-required"),
            Refusal::AccountBlocked => tr!(language, "refusal-fix-account-blocked"),
            Refusal::WrongCredentials => tr!(language, "refusal-fix-wrong-credentials"),
            Refusal::Throttled => tr!(language, "refusal-fix-throttled"),
            Refusal::BadAnswer => tr!(language, "refusal-fix-bad-answer"),
            Refusal::Other => tr!(language, "refusal-fix-other"),
        }
    }

    /// For someone at the door, on the Pairing screen: one plain sentence.
    pub fn at_the_door(self, language: Language) -> String {
        match self {
            Refusal::DeviceCodeBlocked => tr!(language, "refusal-door-device-code-blocked"),
            Refusal::MfaRequired | Refusal::BlockedByPolicy | Refusal::SignInFrequency => {
                tr!(language, "refusal-door-mfa-required")
            }
            Refusal::RefreshTokenExpired => tr!(language, "refusal-door-refresh-token-expired"),
            Refusal::PasswordChanged => tr!(language, "refusal-door-password-changed"),
            Refusal::ConsentRequired => tr!(language, "refusal-door-consent-required"),
            Refusal::AccountBlocked | Refusal::WrongCredentials => {
                tr!(language, "refusal-door-account-blocked")
            }
            Refusal::Throttled | Refusal::BadAnswer | Refusal::Other => {
                tr!(language, "refusal-door-throttled")
            }
        }
    }
}

/// Why the panel is not linked to its room in Microsoft 365 (the Pairing and Problem screens'
/// reason).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkTrouble {
    /// The sign-in ended (revoked, expired); the identity platform's words.
    SignInEnded(String),
    /// The person declined the sign-in on the phone.
    PairingDeclined,
    /// Pairing stopped for another reason, in words.
    PairingStopped(String),
    /// Pairing could not reach Microsoft (a network or server trouble), in words.
    PairingRetrying(String),
    /// The rooms of the Places directory could not be listed, in words.
    CannotListRooms(String),
    /// The Places directory lists no rooms for the account.
    NoRooms,
    /// Someone unpaired the panel on its admin screen.
    Unpaired,
    /// Microsoft's sign-in service refused, and its numbers say why.
    Refused(Refusal),
}

impl LinkTrouble {
    /// The sentence the screen shows.
    pub fn words(&self, language: Language) -> String {
        match self {
            LinkTrouble::SignInEnded(err) => format!("{err}."),
            LinkTrouble::PairingDeclined => tr!(language, "link-pairing-declined"),
            LinkTrouble::PairingStopped(err) => {
                tr!(language, "link-pairing-stopped", error = err.as_str())
            }
            LinkTrouble::PairingRetrying(err) => {
                tr!(language, "link-pairing-retrying", error = err.as_str())
            }
            LinkTrouble::CannotListRooms(err) => {
                tr!(language, "link-cannot-list-rooms", error = err.as_str())
            }
            LinkTrouble::Unpaired => tr!(language, "link-unpaired"),
            LinkTrouble::NoRooms => tr!(language, "link-no-rooms"),
            LinkTrouble::Refused(refusal) => refusal.what_in(language),
        }
    }
}

/// The line the Pairing screen always carries, for when the phone says the sign-in is blocked.
pub fn phone_says_blocked(language: Language) -> String {
    tr!(
        language,
        "pairing-phone-says-blocked",
        docs = DEVICE_CODE_DOCS
    )
}

/// The panel's connection to Microsoft 365.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Link {
    /// The built-in demo room: nothing to connect to.
    Demo,
    /// Signed in (delegated: as this account; app-only: `None`). `unsaved`: the renewed
    /// sign-in could not be written to the state directory (full or read-only disk); the panel
    /// works on with it in memory and tries the write again.
    SignedIn {
        account: Option<String>,
        unsaved: bool,
    },
    /// Paired, but Microsoft's sign-in service refuses to renew the sign-in; the panel keeps
    /// the sign-in and tries again by itself (not before `retry_at`).
    SignInRefused {
        refusal: Refusal,
        /// For the admin: the `error`, its AADSTS numbers and the first line of the description.
        detail: String,
        retry_at: DateTime<Utc>,
    },
    /// Waiting for someone to sign in with this code.
    Pairing(PairingPrompt),
    /// Not paired, and why, when there is a why (declined, sign-in revoked, ...). A tap starts
    /// pairing. `refusal`: what Microsoft's answer said (its AADSTS number), when it said why.
    NotPaired {
        reason: Option<LinkTrouble>,
        refusal: Option<Refusal>,
    },
    /// Microsoft 365 refuses the app's credentials; what to fix, in words.
    CredentialsRefused { message: String },
    /// Signed in, but no room is configured: pick one of these.
    ChooseRoom {
        rooms: Vec<super::rooms::RoomChoice>,
    },
}

/// Something that keeps the panel from showing its room, for an admin: `status --json`, `doctor`
/// and the admin screen. Made in the core from the snapshot, so all three say the same.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Stable, for scripts, alerts and metrics: e.g. `not_paired`, `credentials_refused`.
    pub code: String,
    /// What is wrong, in one sentence.
    pub what: String,
    /// What to do about it.
    pub fix: String,
}

impl Link {
    /// The problem the link stands for, if any (signed in and the demo are none).
    pub fn problem(&self) -> Option<Problem> {
        match self {
            Link::Demo
            | Link::SignedIn { unsaved: false, .. }
            | Link::ChooseRoom { .. } => None,
            Link::SignedIn { unsaved: true, .. } => Some(Problem {
                code: "sign_in_not_saved".to_owned(),
                what: "The renewed sign-in cannot be saved in the state directory; the panel works on with it in memory, but a restart now would start from the older sign-in on disk.".to_owned(),
                fix: "Free space on the disk or make the state directory writable for the service; the panel saves the sign-in again by itself.".to_owned(),
            }),
            Link::SignInRefused {
                refusal, detail, ..
            } => Some(Problem {
                code: refusal.code().to_owned(),
                what: if detail.is_empty() {
                    refusal.what()
                } else {
                    format!("{} ({detail})", refusal.what().trim_end_matches('.'))
                },
                fix: refusal.fix(),
            }),
            Link::Pairing(_) => Some(Problem {
                code: "pairing".to_owned(),
                what: "The panel is waiting for someone to sign in with its pairing code.".to_owned(),
                fix: "Scan the code on the panel, or run `roomsign pair`, and sign in as the room's system account.".to_owned(),
            }),
            Link::NotPaired {
                reason,
                refusal: Some(refusal),
            } => Some(Problem {
                code: refusal.code().to_owned(),
                what: match reason {
                    None => refusal.what(),
                    Some(reason) => format!(
                        "{} ({})",
                        refusal.what().trim_end_matches('.'),
                        reason.words(Language::English).trim_end_matches('.')
                    ),
                },
                fix: refusal.fix(),
            }),
            Link::NotPaired {
                reason,
                refusal: None,
            } => Some(Problem {
                code: "not_paired".to_owned(),
                what: match reason {
                    None => "The panel is not paired with Microsoft 365.".to_owned(),
                    Some(reason) => reason.words(Language::English),
                },
                fix: "Pair the panel: tap \u{201c}Get a code\u{201d} on the panel, or run `roomsign pair`.".to_owned(),
            }),
            Link::CredentialsRefused { message } => Some(Problem {
                code: "credentials_refused".to_owned(),
                what: "Microsoft 365 refuses the app's credentials.".to_owned(),
                fix: message.clone(),
            }),
        }
    }
}

/// Why the last read of the calendar failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyncTrouble {
    /// In words, with what to do.
    pub words: String,
    /// Microsoft 365 refused (a permission, a wrong mailbox): someone must fix a setting.
    /// Otherwise the panel is offline and tries again by itself.
    pub refused: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snapshot {
    pub room: Room,
    pub link: Link,
    pub schedule: Schedule,
    /// Meetings checked in to, by whatever way (see `check_in_ways`).
    pub checked_in: CheckIns,
    /// How each meeting of `checked_in` was checked in; one not named here, at this panel.
    pub check_in_ways: std::collections::BTreeMap<String, CheckInWay>,
    /// Meetings released for want of a check-in, kept until their slot ends.
    pub released: Vec<Released>,
    pub source: Source,
    pub last_sync: Option<DateTime<Utc>>,
    pub offline_since: Option<DateTime<Utc>>,
    /// Why the last read failed; `None` after a good one.
    pub trouble: Option<SyncTrouble>,
}

impl Snapshot {
    /// A snapshot for a room whose schedule has not been read yet.
    pub fn unknown(room: Room, source: Source) -> Snapshot {
        Snapshot {
            room,
            link: Link::Demo,
            schedule: Schedule::Unknown(UnknownReason::NeverSynced),
            checked_in: CheckIns::new(),
            check_in_ways: std::collections::BTreeMap::new(),
            released: Vec::new(),
            source,
            last_sync: None,
            offline_since: None,
            trouble: None,
        }
    }

    /// How `id` was checked in, if it was.
    pub fn check_in_way(&self, id: &str) -> Option<CheckInWay> {
        if !self.checked_in.contains(id) {
            return None;
        }
        Some(
            self.check_in_ways
                .get(id)
                .copied()
                .unwrap_or(CheckInWay::ThisPanel),
        )
    }

    /// The bookings, or none when the schedule is unknown.
    pub fn bookings(&self) -> &[super::Booking] {
        match &self.schedule {
            Schedule::Known(bookings, _) => bookings,
            Schedule::Unknown(_) => &[],
        }
    }
}

/// Where a fix names the account the panel signs in with ([`fill_in`] puts the account in).
pub const ACCOUNT_SLOT: &str = "{account}";
/// Where a fix names the room's mailbox ([`fill_in`] puts the address in).
pub const ROOM_SLOT: &str = "{room}";

/// A fix with the account and the room the panel knows put in its slots ([`ACCOUNT_SLOT`],
/// [`ROOM_SLOT`]); what the panel does not know stays a placeholder to fill by hand.
pub fn fill_in(text: &str, snapshot: &Snapshot) -> String {
    let account = match &snapshot.link {
        Link::SignedIn {
            account: Some(a), ..
        } => Some(a.as_str()),
        _ => None,
    };
    text.replace(ACCOUNT_SLOT, account.unwrap_or("<account>"))
        .replace(
            ROOM_SLOT,
            snapshot.room.mailbox.as_deref().unwrap_or("<room>"),
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::{panel_view, ViewSettings};
    use chrono::TimeZone;

    fn refused(refusal: Refusal) -> Snapshot {
        let mut s = Snapshot::unknown(
            Room {
                name: "Room 4.12".to_owned(),
                mailbox: Some("room-4.12@contoso.com".to_owned()),
            },
            Source::Graph,
        );
        s.link = Link::SignInRefused {
            refusal,
            detail: "interaction_required (AADSTS50076): Due to a configuration change".to_owned(),
            retry_at: Utc.with_ymd_and_hms(2026, 11, 23, 9, 5, 0).unwrap(),
        };
        s
    }

    #[test]
    fn refusals_are_told_by_their_numbers_then_their_error() {
        assert_eq!(
            Refusal::classify("invalid_grant", &[50076]),
            Refusal::MfaRequired
        );
        assert_eq!(
            Refusal::classify("invalid_grant", &[53003]),
            Refusal::DeviceCodeBlocked
        );
        assert_eq!(
            Refusal::classify("invalid_request", &[65001]),
            Refusal::ConsentRequired
        );
        assert_eq!(
            Refusal::classify("interaction_required", &[]),
            Refusal::MfaRequired
        );
        assert_eq!(Refusal::classify("x", &[1, 2]), Refusal::Other);
    }

    #[test]
    fn a_refused_sign_in_is_a_problem_with_a_stable_code_and_on_the_problem_screen() {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
        let codes: Vec<String> = [
            Refusal::DeviceCodeBlocked,
            Refusal::MfaRequired,
            Refusal::SignInFrequency,
            Refusal::RefreshTokenExpired,
            Refusal::PasswordChanged,
            Refusal::BlockedByPolicy,
            Refusal::ConsentRequired,
            Refusal::AccountBlocked,
            Refusal::WrongCredentials,
            Refusal::Throttled,
            Refusal::BadAnswer,
            Refusal::Other,
        ]
        .into_iter()
        .map(|r| {
            let snapshot = refused(r);
            let problem = snapshot.link.problem().expect("a problem");
            assert!(problem.what.contains("AADSTS50076"), "{problem:?}");
            assert!(!problem.fix.is_empty());
            let view = panel_view(
                now,
                &snapshot,
                &Default::default(),
                &ViewSettings::default(),
            );
            // Waiting out a 429 is not a problem for the door; every other refusal is.
            assert_eq!(view.problem.is_some(), r != Refusal::Throttled, "{r:?}");
            problem.code
        })
        .collect();
        assert_eq!(
            codes,
            [
                "device_code_blocked",
                "mfa_required",
                "sign_in_frequency",
                "refresh_token_expired",
                "password_changed",
                "blocked_by_policy",
                "consent_missing",
                "account_blocked",
                "wrong_credentials",
                "throttled",
                "bad_sign_in_answer",
                "sign_in_refused"
            ]
        );
        let unsaved = Link::SignedIn {
            account: None,
            unsaved: true,
        };
        assert_eq!(unsaved.problem().unwrap().code, "sign_in_not_saved");
        assert_eq!(
            Link::SignedIn {
                account: None,
                unsaved: false
            }
            .problem(),
            None
        );
    }

    #[test]
    fn each_aadsts_number_has_its_code_whatever_the_error_and_text() {
        let table: [(&str, u64, &str); 14] = [
            ("invalid_request", 530035, "device_code_blocked"),
            ("invalid_grant", 53003, "device_code_blocked"),
            ("invalid_grant", 530033, "device_code_blocked"),
            ("invalid_grant", 530036, "device_code_blocked"),
            ("invalid_grant", 50076, "mfa_required"),
            ("invalid_grant", 50079, "mfa_required"),
            ("invalid_grant", 70043, "sign_in_frequency"),
            ("invalid_grant", 700082, "refresh_token_expired"),
            ("invalid_grant", 70008, "refresh_token_expired"),
            ("invalid_grant", 50173, "password_changed"),
            ("invalid_grant", 65001, "consent_missing"),
            ("invalid_grant", 50057, "account_blocked"),
            ("invalid_grant", 50053, "account_blocked"),
            ("invalid_grant", 50126, "wrong_credentials"),
        ];
        for (error, number, code) in table {
            assert_eq!(Refusal::classify(error, &[number]).code(), code, "{number}");
        }
    }

    #[test]
    fn a_sign_in_ended_for_a_known_reason_is_not_paired_with_that_reason_s_code_and_words() {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
        let mut snapshot = refused(Refusal::Other);
        for (refusal, code) in [
            (Refusal::RefreshTokenExpired, "refresh_token_expired"),
            (Refusal::PasswordChanged, "password_changed"),
            (Refusal::DeviceCodeBlocked, "device_code_blocked"),
        ] {
            snapshot.link = Link::NotPaired {
                reason: Some(LinkTrouble::SignInEnded(
                    "invalid_grant (AADSTS700082)".to_owned(),
                )),
                refusal: Some(refusal),
            };
            let problem = snapshot.link.problem().expect("a problem");
            assert_eq!(problem.code, code);
            assert!(problem.what.contains("AADSTS700082"), "{problem:?}");
            let view = panel_view(
                now,
                &snapshot,
                &Default::default(),
                &ViewSettings::default(),
            );
            let note = view.pairing.expect("the Pairing screen").note;
            assert!(!note.contains("AADSTS"), "plain words at the door: {note}");
            assert_eq!(
                note.contains("Device code sign-in blocked"),
                refusal == Refusal::DeviceCodeBlocked,
                "{note}"
            );
        }
        snapshot.link = Link::NotPaired {
            reason: None,
            refusal: None,
        };
        assert_eq!(snapshot.link.problem().unwrap().code, "not_paired");
    }

    #[test]
    fn the_pairing_screen_always_says_what_to_do_when_the_phone_says_blocked() {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
        let mut snapshot = refused(Refusal::Other);
        snapshot.link = Link::Pairing(PairingPrompt {
            user_code: "ABCD1234".to_owned(),
            verification_uri: "https://microsoft.com/devicelogin".to_owned(),
            qr_target: "https://microsoft.com/devicelogin".to_owned(),
            expires_at: now + chrono::Duration::minutes(15),
            note: None,
        });
        let view = panel_view(
            now,
            &snapshot,
            &Default::default(),
            &ViewSettings::default(),
        );
        let note = view.pairing.expect("pairing").note;
        assert!(note.contains("blocked"), "{note}");
        assert!(note.contains("docs/microsoft-365-setup.md"), "{note}");
    }

    #[test]
    fn the_pairing_screen_shows_the_code_exactly_as_issued() {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
        for code in ["FQK5HW3UF", "ABCD1234", "AB-CD 12"] {
            let mut snapshot = refused(Refusal::Other);
            snapshot.link = Link::Pairing(PairingPrompt {
                user_code: code.to_owned(),
                verification_uri: "https://microsoft.com/devicelogin".to_owned(),
                qr_target: "https://microsoft.com/devicelogin".to_owned(),
                expires_at: now + chrono::Duration::minutes(15),
                note: None,
            });
            let view = panel_view(
                now,
                &snapshot,
                &Default::default(),
                &ViewSettings::default(),
            );
            assert_eq!(view.pairing.expect("pairing").code, code);
        }
    }
}
