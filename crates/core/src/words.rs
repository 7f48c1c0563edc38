//! The sentences made of the shell's facts: why a tap was refused or failed, why the room
//! declined, why the panel is not linked to Microsoft 365, what a released meeting says. The
//! shell says what happened (with the technical detail as data); the words are made here.

use chrono::{DateTime, Duration, Utc};

use crate::language::{time_words, Language, Locale};
use crate::time::ClockFormat;
use crate::tr;

/// Why a tap was not carried out, or did not work.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TapRefusal {
    /// The room's calendar is not read on this panel (yet).
    NoCalendar,
    /// A booking made earlier still waits for the room's answer.
    BookingInFlight,
    /// The chip tapped is no longer offered (the screen was older than the schedule).
    SlotGone,
    /// Check in, with no meeting awaiting it.
    NothingToCheckIn,
    /// End now, switched off in the configuration.
    EndEarlyOff,
    /// +15 min, switched off in the configuration.
    ExtendOff,
    /// End now or +15 min for a meeting not booked at this panel.
    NotBookedHere,
    /// The calendar failed to book; the error in words (for the log: `detail`).
    NotBooked(String),
    /// The calendar failed to end the meeting; the error in words (for the log).
    NotEnded(String),
    /// The calendar failed to extend the meeting; the error in words (for the log).
    NotExtended(String),
}

impl TapRefusal {
    /// The sentence on the result sheet.
    pub fn words(&self, language: Language) -> String {
        match self {
            TapRefusal::NoCalendar => tr!(language, "refusal-no-calendar"),
            TapRefusal::BookingInFlight => tr!(language, "refusal-booking-in-flight"),
            TapRefusal::SlotGone => tr!(language, "refusal-slot-gone"),
            TapRefusal::NothingToCheckIn => tr!(language, "refusal-nothing-to-check-in"),
            TapRefusal::EndEarlyOff => tr!(language, "refusal-end-early-off"),
            TapRefusal::ExtendOff => tr!(language, "refusal-extend-off"),
            TapRefusal::NotBookedHere => tr!(language, "refusal-not-booked-here"),
            // A walk-up reads one plain sentence; the error itself is the log's (`detail`).
            TapRefusal::NotBooked(_) => tr!(language, "refusal-not-booked"),
            TapRefusal::NotEnded(_) => tr!(language, "refusal-not-ended"),
            TapRefusal::NotExtended(_) => tr!(language, "refusal-not-extended"),
        }
    }

    /// The technical detail behind the sentence, for the log and the admin: the calendar's
    /// error; `None` when the sentence says it all.
    pub fn detail(&self) -> Option<&str> {
        match self {
            TapRefusal::NotBooked(err)
            | TapRefusal::NotEnded(err)
            | TapRefusal::NotExtended(err) => Some(err),
            _ => None,
        }
    }
}

/// Why a room declined a booking or a change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decline {
    /// Another booking took the time first.
    BookedFirst,
    /// The address booked is not one of the rooms.
    NotARoom(String),
    /// The room is booked from this time (shown in the display zone).
    BookedFrom(DateTime<Utc>, chrono_tz::Tz),
    /// The room declined a longer booking.
    NotFreeForLonger,
}

impl Decline {
    /// The reason as the result sheet shows it after "The room declined: ", in `locale` and
    /// on `clock`.
    pub fn words(&self, locale: &Locale, clock: ClockFormat) -> String {
        let language = locale.language;
        match self {
            Decline::BookedFirst => tr!(language, "decline-booked-first"),
            Decline::NotARoom(room) => tr!(language, "decline-not-a-room", room = room.as_str()),
            Decline::BookedFrom(at, tz) => tr!(
                language,
                "decline-booked-from",
                time = time_words(*at, *tz, clock, locale)
            ),
            Decline::NotFreeForLonger => tr!(language, "decline-not-free-for-longer"),
        }
    }

    /// The reason in English, for the log.
    pub fn english(&self) -> String {
        self.words(&Locale::default(), ClockFormat::H24)
    }
}

pub use crate::snapshot::LinkTrouble;

/// The comment sent with the room's decline of a meeting nobody checked in to, released at
/// `now` (shown in `tz`) after `release_after`.
pub fn release_comment(now: DateTime<Utc>, tz: chrono_tz::Tz, release_after: Duration) -> String {
    format!(
        "Released at the door panel at {}: nobody checked in within {} minutes of the start. The room is free for others now.",
        now.with_timezone(&tz).format("%H:%M"),
        release_after.num_minutes()
    )
}

/// Microsoft ends a delegated sign-in whose refresh token is unused this many days (AADSTS700082).
pub const SIGN_IN_UNUSED_DAYS: i64 = 90;

/// The sign-in's health horizon for `doctor`: whether it is well clear of Microsoft's 90 days
/// unused, and in words (a panel switched off for the summer comes back to a dead sign-in).
pub fn sign_in_horizon(days_unused: i64) -> (bool, String) {
    let days = days_unused.max(0);
    let plural = if days == 1 { "day" } else { "days" };
    if days >= SIGN_IN_UNUSED_DAYS {
        (false, format!("not used for {days} {plural}: Microsoft ends a sign-in unused for {SIGN_IN_UNUSED_DAYS} days (AADSTS700082, refresh_token_expired); if the token check fails, pair the panel again"))
    } else if days >= SIGN_IN_UNUSED_DAYS - 30 {
        (false, format!("not used for {days} {plural}: Microsoft ends it after {SIGN_IN_UNUSED_DAYS} days unused, in {} {}; keep the panel switched on and connected so it renews its sign-in", SIGN_IN_UNUSED_DAYS - days, if SIGN_IN_UNUSED_DAYS - days == 1 { "day" } else { "days" }))
    } else {
        (true, format!("last used {days} {plural} ago (Microsoft ends a sign-in unused for {SIGN_IN_UNUSED_DAYS} days; a panel that is on renews it every hour)"))
    }
}

/// `doctor`'s pre-flight for pairing: what a device code request told about the tenant.
/// `refused`: why it was refused, by its number (`None`: it was answered with a code);
/// `room`: the room account, when the configuration names it.
pub fn pairing_preflight(refused: Option<crate::snapshot::Refusal>, room: Option<&str>) -> String {
    let account = room.map_or_else(
        || "the room account".to_owned(),
        |r| format!("the room account ({r})"),
    );
    match refused {
        None => format!(
            "the tenant answers a device code request: pairing can start at the panel. If the phone then says the sign-in is blocked, a policy blocks the device code flow at sign-in: put {account} in a security group excluded from it; see {}.",
            crate::snapshot::DEVICE_CODE_DOCS
        ),
        Some(crate::snapshot::Refusal::DeviceCodeBlocked) => format!(
            "{} Put {account} in a persistent security group excluded from the block (Microsoft's exception for Teams Rooms devices: exclude the Device Registration Service too; with security defaults, a Conditional Access policy must replace them), check it in report-only mode in the sign-in logs (Authentication protocol: Device code flow), then pair; see {}.",
            crate::snapshot::Refusal::DeviceCodeBlocked.what(),
            crate::snapshot::DEVICE_CODE_DOCS
        ),
        Some(r) => format!("{} {}", r.what(), r.fix()),
    }
}

/// `doctor`'s check-in line: whether the setting works with this sign-in, and what it does.
/// `app_only`: the panel signs in as the app (the check-in API takes a delegated sign-in), `None`
/// without Microsoft 365.
pub fn check_in_setting(
    policy: &crate::policy::CheckInPolicy,
    app_only: Option<bool>,
) -> (bool, String) {
    use crate::policy::ReleaseMode;
    if !policy.enabled {
        return (true, "off (enabled = false in [checkin])".to_owned());
    }
    let what = format!(
        "release = \"{}\": {}",
        policy.release.name(),
        policy.release.words()
    );
    match (policy.release, app_only) {
        (ReleaseMode::Exchange, Some(true)) => (
            false,
            format!("{what}; but with an app-only sign-in the panel cannot record check-ins in Exchange (its check-in API takes a delegated sign-in), so Exchange releases meetings checked in at the panel: pair with auth = \"device-code\", or set release = \"panel\""),
        ),
        (ReleaseMode::Exchange, _) => (
            true,
            format!("{what}; the room needs Set-CalendarProcessing -EnableAutoRelease $true, with -PostReservationMaxClaimTimeInMinutes {} to match release_after_minutes (changes take up to 48 hours)", policy.release_after.num_minutes()),
        ),
        (ReleaseMode::Panel, _) => (
            true,
            format!("{what}; if the room also has Exchange's auto-release on (EnableAutoRelease), set release = \"exchange\" so organizers are not told twice"),
        ),
        (ReleaseMode::Off, _) => (true, what),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sign_in_horizon_warns_a_month_ahead_of_ninety_days_unused() {
        assert!(sign_in_horizon(0).0);
        assert!(sign_in_horizon(59).0);
        let (ok, words) = sign_in_horizon(75);
        assert!(!ok);
        assert!(
            words.contains("75 days") && words.contains("in 15 days"),
            "{words}"
        );
        let (ok, words) = sign_in_horizon(120);
        assert!(!ok);
        assert!(
            words.contains("120 days") && words.contains("pair the panel again"),
            "{words}"
        );
        assert!(sign_in_horizon(-3).0, "a clock set back is not a warning");
    }

    #[test]
    fn the_pairing_preflight_names_the_room_account_and_the_exception_group() {
        use crate::snapshot::Refusal;
        let blocked = pairing_preflight(Some(Refusal::DeviceCodeBlocked), Some("room@contoso.com"));
        assert!(blocked.contains("room@contoso.com"), "{blocked}");
        assert!(blocked.contains("security group"), "{blocked}");
        assert!(blocked.contains("Device code sign-in blocked"), "{blocked}");
        let allowed = pairing_preflight(None, None);
        assert!(allowed.starts_with("the tenant answers"), "{allowed}");
        assert!(pairing_preflight(Some(Refusal::ConsentRequired), None).contains("consent"));
    }
    use chrono::TimeZone;

    #[test]
    fn tap_refusals_in_words() {
        let table = [
            (
                TapRefusal::NoCalendar,
                "The room's calendar is not available on this panel yet.",
            ),
            (
                TapRefusal::BookingInFlight,
                "The last booking is still waiting for the room's answer. Try again in a moment.",
            ),
            (
                TapRefusal::SlotGone,
                "That time is no longer free. Pick another duration.",
            ),
            (
                TapRefusal::NothingToCheckIn,
                "No meeting is waiting for check-in right now.",
            ),
            (
                TapRefusal::EndEarlyOff,
                "Ending meetings early is switched off for this room.",
            ),
            (
                TapRefusal::ExtendOff,
                "Extending meetings is switched off for this room.",
            ),
            (
                TapRefusal::NotBookedHere,
                "Only a meeting booked at this panel can be changed here.",
            ),
            (
                TapRefusal::NotBooked("error sending request for url (https://graph.microsoft.com/v1.0/users/r@x/events): Connection refused (os error 111)".to_owned()),
                "Couldn't book — the room's calendar can't be reached. Try again in a minute.",
            ),
            (
                TapRefusal::NotEnded("no booking with id x in this room".to_owned()),
                "Couldn't end the meeting — the room's calendar can't be reached. Try again in a minute.",
            ),
            (
                TapRefusal::NotExtended("no booking with id x in this room".to_owned()),
                "Couldn't extend the meeting — the room's calendar can't be reached. Try again in a minute.",
            ),
        ];
        for (refusal, words) in table {
            assert_eq!(refusal.words(Language::English), words);
        }
    }

    #[test]
    fn declines_in_words() {
        let at = Utc.with_ymd_and_hms(2026, 11, 23, 9, 30, 0).unwrap();
        let table = [
            (Decline::BookedFirst, "someone booked it first"),
            (
                Decline::NotARoom("x@contoso.com".to_owned()),
                "x@contoso.com is not a room here",
            ),
            (
                Decline::BookedFrom(at, chrono_tz::Europe::Berlin),
                "the room is booked from 10:30",
            ),
            (Decline::NotFreeForLonger, "the room is not free for longer"),
        ];
        for (decline, words) in table {
            assert_eq!(decline.english(), words);
        }
    }

    #[test]
    fn link_troubles_in_words() {
        let table = [
            (
                LinkTrouble::SignInEnded("the sign-in has expired".to_owned()),
                "the sign-in has expired.",
            ),
            (
                LinkTrouble::PairingDeclined,
                "The sign-in was declined on the phone. Tap “Get a code” to try again.",
            ),
            (
                LinkTrouble::PairingStopped("the code expired".to_owned()),
                "Pairing stopped: the code expired. Tap “Get a code” to try again.",
            ),
            (
                LinkTrouble::PairingRetrying("Microsoft could not be reached".to_owned()),
                "Microsoft could not be reached. Trying again in a minute.",
            ),
            (
                LinkTrouble::CannotListRooms("403 Forbidden".to_owned()),
                "Cannot list the rooms: 403 Forbidden",
            ),
            (
                LinkTrouble::NoRooms,
                "Microsoft 365 lists no rooms for this account (Places directory). Set mailbox in [room], or give the account Place.Read.All with admin consent.",
            ),
        ];
        for (trouble, words) in table {
            assert_eq!(trouble.words(Language::English), words);
        }
    }

    #[test]
    fn a_release_in_words() {
        let at = Utc.with_ymd_and_hms(2026, 11, 23, 9, 10, 0).unwrap();
        assert_eq!(
            release_comment(at, chrono_tz::Europe::Berlin, Duration::minutes(10)),
            "Released at the door panel at 10:10: nobody checked in within 10 minutes of the start. The room is free for others now."
        );
    }

    #[test]
    fn the_check_in_setting_is_checked_against_the_sign_in() {
        use crate::policy::{CheckInPolicy, ReleaseMode};
        let on = |release| CheckInPolicy {
            enabled: true,
            release,
            ..CheckInPolicy::default()
        };
        assert!(check_in_setting(&CheckInPolicy::default(), Some(true)).0);
        let (ok, words) = check_in_setting(&on(ReleaseMode::Exchange), Some(true));
        assert!(!ok, "Exchange cannot hear of an app-only check-in: {words}");
        assert!(words.contains("device-code"), "{words}");
        let (ok, words) = check_in_setting(&on(ReleaseMode::Exchange), Some(false));
        assert!(ok);
        assert!(
            words.contains("-PostReservationMaxClaimTimeInMinutes 10")
                && words.contains("48 hours"),
            "{words}"
        );
        assert!(check_in_setting(&on(ReleaseMode::Panel), Some(true)).0);
    }
}
