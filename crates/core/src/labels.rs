//! The fixed words of the screens — button labels, headings, prompts, the progress line of a
//! tap — and the admin page's rows. The `.slint` pages show what they are given; a language is a
//! second `Labels` value, not a search through the layouts.

use chrono::{DateTime, Utc};

use super::language::Language;
use super::snapshot::{Link, Problem, Snapshot};
use super::view::{clock_time, ViewSettings};
use crate::tr;

/// The words of buttons, headings and prompts that do not depend on the room's state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Labels {
    pub book_now: String,
    /// Book now while the slot of a released meeting lasts.
    pub take_room: String,
    pub check_in: String,
    pub end_now: String,
    pub find_room: String,
    pub later_today: String,
    pub how_long: String,
    pub cancel: String,
    pub book: String,
    pub done: String,
    pub pin_prompt: String,
    pub pin_ok: String,
    pub sync_now: String,
    pub change_room: String,
    pub pair_again: String,
    pub unpair: String,
    pub led_test: String,
    pub close: String,
    /// Under the admin screen's diagnostics QR code.
    pub diagnostics_caption: String,
    pub which_room: String,
    pub search_rooms: String,
    pub free_rooms_now: String,
    pub back: String,
    pub sign_in_step: String,
    pub code_step: String,
    pub not_paired: String,
    pub get_code: String,
    /// The language button, for a screen reader: "Language: English".
    pub language: String,
}

/// The panel's fixed words in `language`.
pub fn labels(language: Language) -> Labels {
    Labels {
        book_now: tr!(language, "label-book-now"),
        take_room: tr!(language, "label-take-room"),
        check_in: tr!(language, "label-check-in"),
        end_now: tr!(language, "label-end-now"),
        find_room: tr!(language, "label-find-room"),
        later_today: tr!(language, "label-later-today"),
        how_long: tr!(language, "label-how-long"),
        cancel: tr!(language, "label-cancel"),
        book: tr!(language, "label-book"),
        done: tr!(language, "label-done"),
        pin_prompt: tr!(language, "label-pin-prompt"),
        pin_ok: tr!(language, "label-pin-ok"),
        sync_now: tr!(language, "label-sync-now"),
        change_room: tr!(language, "label-change-room"),
        pair_again: tr!(language, "label-pair-again"),
        unpair: tr!(language, "label-unpair"),
        led_test: tr!(language, "label-led-test"),
        close: tr!(language, "label-close"),
        diagnostics_caption: tr!(language, "label-diagnostics-caption"),
        which_room: tr!(language, "label-which-room"),
        search_rooms: tr!(language, "label-search-rooms"),
        free_rooms_now: tr!(language, "label-free-rooms-now"),
        back: tr!(language, "label-back"),
        sign_in_step: tr!(language, "label-sign-in-step"),
        code_step: tr!(language, "label-code-step"),
        not_paired: tr!(language, "label-not-paired"),
        get_code: tr!(language, "label-get-code"),
        language: tr!(language, "label-language", name = language.native_name()),
    }
}

/// The language button's face: the language's own short name, "EN", "DE".
pub fn language_button(language: Language) -> String {
    language.code().to_ascii_uppercase()
}

/// A button that gives the meeting more time: "+15 min".
pub fn extend_label(minutes: i64, language: Language) -> String {
    tr!(language, "extend-minutes", minutes = minutes)
}

/// The Book sheet's confirm button once a duration is chosen: "Book 30 min".
pub fn book_minutes_label(minutes: i64, language: Language) -> String {
    tr!(language, "book-minutes", minutes = minutes)
}

/// The Book sheet's heading: "Book Room 4.12 from 09:20".
pub fn book_title(room: &str, clock: &str, language: Language) -> String {
    tr!(language, "book-title", room = room, time = clock)
}

/// An all-day event above the agenda: "All day · Holiday".
pub fn all_day_note(subject: &str, language: Language) -> String {
    tr!(language, "all-day-note", subject = subject)
}

/// The admin page's heading.
pub fn admin_title(room: &str, language: Language) -> String {
    tr!(language, "admin-title", room = room)
}

/// The Pairing page's heading.
pub fn pairing_title(room: &str, language: Language) -> String {
    tr!(language, "pairing-title", room = room)
}

/// The window's title, where a desktop shows one.
pub fn window_title(room: &str) -> String {
    format!("Roomsign — {room}")
}

/// The QR code, for a screen reader.
pub fn qr_label(url: &str, language: Language) -> String {
    tr!(language, "qr-label", url = url)
}

/// The Pairing page's first step.
pub fn open_step(url: &str, language: Language) -> String {
    tr!(language, "open-step", url = url)
}

/// The Room picker's empty search box.
pub fn search_hint(total: usize, language: Language) -> String {
    tr!(language, "search-hint", total = total)
}

/// The Room picker when no room matches.
pub fn no_match(query: &str, language: Language) -> String {
    tr!(language, "no-match", query = query)
}

/// What the sheet says while a tap is carried out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress<'a> {
    Book,
    BookRoom(&'a str),
    CheckIn,
    EndEarly,
    Extend,
}

/// A device code in groups for reading, drawn apart by spacing alone: every character kept,
/// none added ("FQK5HW3LA" → "FQK", "5HW", "3LA"; eight characters in two fours).
pub fn code_groups(code: &str) -> Vec<String> {
    let chars: Vec<char> = code.chars().filter(|c| !c.is_whitespace()).collect();
    let size = match chars.len() {
        n if n > 4 && n % 3 == 0 => 3,
        n if n > 4 && n % 4 == 0 => 4,
        _ => chars.len().max(1),
    };
    chars.chunks(size).map(|g| g.iter().collect()).collect()
}

/// The sheet's line while a tap is carried out: "Booking…".
pub fn progress_words(progress: Progress<'_>, language: Language) -> String {
    match progress {
        Progress::Book => tr!(language, "progress-book"),
        Progress::BookRoom(name) => tr!(language, "progress-book-room", room = name),
        Progress::CheckIn => tr!(language, "progress-check-in"),
        Progress::EndEarly => tr!(language, "progress-end-early"),
        Progress::Extend => tr!(language, "progress-extend"),
    }
}

/// Something that cannot be taken back, asked once before it is done.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Confirm {
    /// End the meeting booked at this panel now.
    EndNow,
    /// Sign out of Microsoft 365 and pair again at once.
    PairAgain,
    /// Sign out of Microsoft 365 and wait for someone to pair.
    Unpair,
    /// Show the Room picker to choose another room.
    ChangeRoom,
    /// Book another room (not the one at this door) from now.
    BookRoom { name: String, minutes: i64 },
}

/// The words of a confirm sheet: the question, what it does, and its two buttons.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfirmWords {
    pub question: String,
    pub detail: String,
    /// The button that does it, named by what it does.
    pub yes: String,
    /// The button that leaves everything as it is.
    pub no: String,
    /// "Yes" takes something away (a meeting, a sign-in, the room shown): it looks like a
    /// warning. Booking another room does not: it looks like booking.
    pub takes_away: bool,
}

/// What the confirm sheet says before `what` is done.
pub fn confirm_words(what: &Confirm, language: Language) -> ConfirmWords {
    let l = labels(language);
    let words = |question: String, detail: String, yes: String, no: String| ConfirmWords {
        question,
        detail,
        yes,
        no,
        takes_away: !matches!(what, Confirm::BookRoom { .. }),
    };
    match what {
        Confirm::EndNow => words(
            tr!(language, "confirm-end-now"),
            tr!(language, "confirm-end-now-detail"),
            l.end_now,
            tr!(language, "confirm-end-now-no"),
        ),
        Confirm::PairAgain => words(
            tr!(language, "confirm-pair-again"),
            tr!(language, "confirm-pair-again-detail"),
            tr!(language, "confirm-pair-again-yes"),
            l.cancel,
        ),
        Confirm::Unpair => words(
            tr!(language, "confirm-unpair"),
            tr!(language, "confirm-unpair-detail"),
            l.unpair,
            l.cancel,
        ),
        Confirm::ChangeRoom => words(
            tr!(language, "confirm-change-room"),
            tr!(language, "confirm-change-room-detail"),
            l.change_room,
            l.cancel,
        ),
        Confirm::BookRoom { name, minutes } => words(
            tr!(
                language,
                "confirm-book-room",
                room = name.as_str(),
                minutes = *minutes
            ),
            tr!(language, "confirm-book-room-detail"),
            book_minutes_label(*minutes, language),
            l.back,
        ),
    }
}

/// Why Change room cannot work on this panel: the room is set in the configuration.
pub fn change_room_configured(config: &str, language: Language) -> String {
    tr!(language, "change-room-configured", config = config)
}

/// Where the admin screen's Sync now stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyncProgress {
    /// Asked at this time; no answer yet.
    Syncing,
    /// The calendar was read at this time.
    Done(DateTime<Utc>),
    /// The read failed (the error is in the rows).
    Failed(DateTime<Utc>),
}

/// The line under the admin screen's heading while and after Sync now was tapped.
pub fn sync_words(progress: SyncProgress, view: &ViewSettings) -> String {
    let language = view.language();
    match progress {
        SyncProgress::Syncing => tr!(language, "sync-reading"),
        SyncProgress::Done(at) => tr!(language, "sync-done", time = clock_time(at, view)),
        SyncProgress::Failed(at) => tr!(language, "sync-failed", time = clock_time(at, view)),
    }
}

/// The line under the admin screen's heading while the lights are tested (`what`: the step,
/// `lights::test_steps` in the same language).
pub fn led_test_words(step: usize, steps: usize, what: &str, language: Language) -> String {
    tr!(
        language,
        "led-test-step",
        step = step,
        steps = steps,
        what = what
    )
}

/// The lights test is over (`finished`: every step shown; else the admin screen was closed).
pub fn led_test_done(finished: bool, language: Language) -> String {
    if finished {
        tr!(language, "led-test-done")
    } else {
        tr!(language, "led-test-stopped")
    }
}

/// Why the lights cannot be tested, from their health ("no lights configured").
pub fn lights_untestable(health: &str, language: Language) -> String {
    tr!(language, "led-test-impossible", health = health)
}

/// The last problem, kept up to date with the one seen `now` (`report::problem`): a new
/// problem is remembered from now, one that went away is marked cleared (and stays shown). A
/// calendar not read yet is no error once it has been read.
pub fn track_problem(
    last: Option<LastProblem>,
    now_seen: Option<Problem>,
    now: DateTime<Utc>,
) -> Option<LastProblem> {
    match (last, now_seen) {
        (Some(mut last), Some(problem))
            if last.cleared.is_none() && last.problem.code == problem.code =>
        {
            last.problem = problem;
            Some(last)
        }
        (_, Some(problem)) => Some(LastProblem {
            problem,
            seen: now,
            cleared: None,
        }),
        (Some(last), None) if last.problem.code == "not_read_yet" => None,
        (Some(mut last), None) => {
            last.cleared.get_or_insert(now);
            Some(last)
        }
        (None, None) => None,
    }
}

/// One row of the admin page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AdminRow {
    pub label: String,
    pub value: String,
}

/// What the shell finds out for the admin page besides the snapshot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AdminFacts {
    pub version: String,
    /// `None` without Microsoft 365; `Some(None)` when no token is stored.
    pub token_until: Option<Option<DateTime<Utc>>>,
    /// The lights' driver and health, as the lights report it.
    pub lights: String,
    /// This machine's addresses, when known.
    pub addresses: Option<String>,
    /// Where the configuration was read from.
    pub config: String,
    /// The state directory.
    pub state_dir: String,
    /// `auth = "certificate"`: the app's certificate, or why it cannot be read.
    pub certificate: Option<Result<CertificateFact, String>>,
    /// Who releases no-shows; `None` when check-in is off.
    pub check_in: Option<crate::policy::ReleaseMode>,
    /// The last problem the panel saw (`report::problem`), when, and whether it has cleared.
    pub last_problem: Option<LastProblem>,
}

/// The last problem that kept the panel from its room, as the panel saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LastProblem {
    pub problem: Problem,
    /// When the panel first saw it.
    pub seen: DateTime<Utc>,
    /// When it went away; `None` while it lasts.
    pub cleared: Option<DateTime<Utc>>,
}

/// The app's certificate as the admin screen shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateFact {
    /// SHA-1 thumbprint, as Entra ID shows it.
    pub thumbprint: String,
    pub not_after: DateTime<Utc>,
    /// When the facts were gathered.
    pub now: DateTime<Utc>,
}

/// How many days ahead the admin screen and `doctor` warn of a certificate's expiry.
pub const CERTIFICATE_WARNING_DAYS: i64 = 30;

/// The certificate's row: its thumbprint and expiry, with a warning 30 days ahead.
pub fn certificate_words(fact: &CertificateFact) -> String {
    let until = fact.not_after.format("%Y-%m-%d");
    let thumbprint = &fact.thumbprint;
    if fact.not_after <= fact.now {
        format!("EXPIRED on {until} ({thumbprint}): make a new one with `roomsign cert new` and upload it in Entra ID")
    } else if fact.not_after - fact.now <= chrono::Duration::days(CERTIFICATE_WARNING_DAYS) {
        format!("expires on {until}, within {CERTIFICATE_WARNING_DAYS} days ({thumbprint}): make a new one with `roomsign cert new` and upload it in Entra ID")
    } else {
        format!("valid until {until} ({thumbprint})")
    }
}

/// The admin page's rows: version, room, link, last sync, token expiry, lights, addresses.
pub fn admin_rows(snapshot: &Snapshot, view: &ViewSettings, facts: &AdminFacts) -> Vec<AdminRow> {
    let language = view.language();
    let time = |t: DateTime<Utc>| clock_time(t, view);
    let row = |label: String, value: String| AdminRow { label, value };
    let mut rows = vec![
        row(tr!(language, "admin-version"), facts.version.clone()),
        row(
            tr!(language, "admin-room"),
            match &snapshot.room.mailbox {
                Some(m) => format!("{} ({m})", snapshot.room.name),
                None => snapshot.room.name.clone(),
            },
        ),
        row(
            "Microsoft 365".to_owned(),
            match &snapshot.link {
                Link::Demo => tr!(language, "admin-link-demo"),
                Link::SignedIn { account, unsaved } => {
                    let signed_in = match account {
                        Some(a) => tr!(language, "admin-link-signed-in-as", account = a.as_str()),
                        None => tr!(language, "admin-link-signed-in-app"),
                    };
                    if *unsaved {
                        tr!(language, "admin-link-unsaved", signed_in = signed_in)
                    } else {
                        signed_in
                    }
                }
                Link::SignInRefused {
                    refusal, detail, ..
                } => format!(
                    "{} ({detail})",
                    refusal.what_in(language).trim_end_matches('.')
                ),
                Link::Pairing(_) => tr!(language, "admin-link-pairing"),
                Link::NotPaired {
                    refusal: Some(r), ..
                } => tr!(
                    language,
                    "admin-link-not-paired-because",
                    what = r.what_in(language),
                    fix = r.fix_in(language)
                ),
                Link::NotPaired { .. } => tr!(language, "admin-link-not-paired"),
                Link::CredentialsRefused { message } => message.clone(),
                Link::ChooseRoom { .. } => tr!(language, "admin-link-no-room"),
            },
        ),
        row(
            tr!(language, "admin-last-sync"),
            match (snapshot.last_sync, snapshot.offline_since) {
                (Some(at), Some(since)) => tr!(
                    language,
                    "admin-sync-failing",
                    time = time(at),
                    since = time(since)
                ),
                (None, Some(since)) => {
                    tr!(language, "admin-sync-never-failing", since = time(since))
                }
                (Some(at), None) => tr!(
                    language,
                    "admin-sync-from",
                    time = time(at),
                    source = snapshot.source.name()
                ),
                (None, None) => tr!(language, "admin-sync-not-yet"),
            },
        ),
    ];
    match &facts.last_problem {
        Some(last) => {
            let p = &last.problem;
            rows.push(row(
                tr!(language, "admin-last-error"),
                match last.cleared {
                    None => tr!(
                        language,
                        "admin-error-seen",
                        what = p.what.as_str(),
                        code = p.code.as_str(),
                        seen = time(last.seen)
                    ),
                    Some(cleared) => tr!(
                        language,
                        "admin-error-cleared",
                        what = p.what.as_str(),
                        code = p.code.as_str(),
                        seen = time(last.seen),
                        cleared = time(cleared)
                    ),
                },
            ));
            if last.cleared.is_none() {
                rows.push(row(tr!(language, "admin-fix"), p.fix.clone()));
            }
        }
        None => {
            if let Some(trouble) = &snapshot.trouble {
                rows.push(row(
                    tr!(language, "admin-sync-problem"),
                    super::snapshot::fill_in(&trouble.words, snapshot),
                ));
            }
        }
    }
    if let Some(until) = facts.token_until {
        rows.push(row(
            tr!(language, "admin-token-until"),
            match until {
                Some(t) => tr!(language, "admin-token-renewed", time = time(t)),
                None => tr!(language, "admin-no-token"),
            },
        ));
    }
    if let Some(certificate) = &facts.certificate {
        rows.push(row(
            tr!(language, "admin-certificate"),
            match certificate {
                Ok(fact) => certificate_words(fact),
                Err(why) => why.clone(),
            },
        ));
    }
    rows.push(row(
        tr!(language, "admin-check-in"),
        match facts.check_in {
            Some(release) => tr!(language, "admin-check-in-on", who = release.who()),
            None => tr!(language, "admin-check-in-off"),
        },
    ));
    rows.push(row(tr!(language, "admin-lights"), facts.lights.clone()));
    rows.push(row(
        tr!(language, "admin-ip"),
        facts
            .addresses
            .clone()
            .filter(|a| !a.is_empty())
            .unwrap_or_else(|| tr!(language, "admin-ip-unknown")),
    ));
    rows.push(row(
        tr!(language, "admin-configuration"),
        facts.config.clone(),
    ));
    rows.push(row(tr!(language, "admin-state"), facts.state_dir.clone()));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::{Room, Source, SyncTrouble};
    use chrono::TimeZone;

    fn facts() -> AdminFacts {
        AdminFacts {
            version: "1.2.3".to_owned(),
            token_until: None,
            lights: "driver none: no lights".to_owned(),
            addresses: Some("192.0.2.7".to_owned()),
            config: "/etc/roomsign/roomsign.toml".to_owned(),
            state_dir: "/var/lib/roomsign".to_owned(),
            certificate: None,
            check_in: None,
            last_problem: None,
        }
    }

    #[test]
    fn the_certificate_row_warns_thirty_days_ahead_and_says_when_expired() {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
        let fact = |days: i64| CertificateFact {
            thumbprint: "AB12".to_owned(),
            not_after: now + chrono::Duration::days(days),
            now,
        };
        assert_eq!(
            certificate_words(&fact(90)),
            "valid until 2027-02-21 (AB12)"
        );
        assert!(certificate_words(&fact(30)).contains("within 30 days"));
        assert!(certificate_words(&fact(0)).starts_with("EXPIRED on 2026-11-23"));
        let mut facts = facts();
        facts.certificate = Some(Ok(fact(-1)));
        let rows = admin_rows(&demo(), &ViewSettings::default(), &facts);
        let row = rows.iter().find(|r| r.label == "Certificate").unwrap();
        assert!(row.value.contains("roomsign cert new"), "{}", row.value);
    }

    fn demo() -> Snapshot {
        Snapshot::unknown(
            Room {
                name: "Room 4.12".to_owned(),
                mailbox: None,
            },
            Source::Demo,
        )
    }

    fn value<'a>(rows: &'a [AdminRow], label: &str) -> Option<&'a str> {
        rows.iter()
            .find(|r| r.label == label)
            .map(|r| r.value.as_str())
    }

    #[test]
    fn the_check_in_row_says_who_releases_no_shows() {
        let mut f = facts();
        let rows = admin_rows(&demo(), &ViewSettings::default(), &f);
        assert_eq!(value(&rows, "Check-in"), Some("off"));
        f.check_in = Some(crate::policy::ReleaseMode::Exchange);
        let rows = admin_rows(&demo(), &ViewSettings::default(), &f);
        assert_eq!(value(&rows, "Check-in"), Some("on; Exchange releases"));
    }

    #[test]
    fn admin_rows_of_a_demo_room_in_order() {
        let rows = admin_rows(&demo(), &ViewSettings::default(), &facts());
        let labels: Vec<&str> = rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "Version",
                "Room",
                "Microsoft 365",
                "Last sync",
                "Check-in",
                "Lights",
                "IP address",
                "Configuration",
                "State"
            ]
        );
        assert_eq!(value(&rows, "Version"), Some("1.2.3"));
        assert_eq!(value(&rows, "Room"), Some("Room 4.12"));
        assert_eq!(
            value(&rows, "Microsoft 365"),
            Some("not configured (demo room)")
        );
        assert_eq!(value(&rows, "Last sync"), Some("not yet"));
        assert_eq!(value(&rows, "IP address"), Some("192.0.2.7"));
    }

    #[test]
    fn admin_rows_of_a_failing_microsoft_room() {
        let mut s = demo();
        s.room.mailbox = Some("room-4.12@contoso.com".to_owned());
        s.link = Link::SignedIn {
            account: Some("panel@contoso.com".to_owned()),
            unsaved: true,
        };
        let at = Utc.with_ymd_and_hms(2026, 11, 23, 9, 5, 0).unwrap();
        s.last_sync = Some(at);
        s.offline_since = Some(at + chrono::Duration::minutes(10));
        s.trouble = Some(SyncTrouble {
            words: "Graph is unreachable".to_owned(),
            refused: false,
        });
        let mut f = facts();
        f.token_until = Some(Some(at + chrono::Duration::hours(1)));
        f.addresses = Some(String::new());
        let rows = admin_rows(&s, &ViewSettings::default(), &f);
        assert_eq!(
            value(&rows, "Room"),
            Some("Room 4.12 (room-4.12@contoso.com)")
        );
        assert_eq!(
            value(&rows, "Microsoft 365"),
            Some("signed in as panel@contoso.com — the renewed sign-in cannot be saved (disk full or read-only)")
        );
        assert_eq!(
            value(&rows, "Last sync"),
            Some("09:05; failing since 09:15")
        );
        assert_eq!(value(&rows, "Sync problem"), Some("Graph is unreachable"));
        assert_eq!(
            value(&rows, "Access token until"),
            Some("10:05 (renewed by itself)")
        );
        assert_eq!(value(&rows, "IP address"), Some("unknown"));
        f.token_until = Some(None);
        let rows = admin_rows(&s, &ViewSettings::default(), &f);
        assert_eq!(value(&rows, "Access token until"), Some("no token"));
    }

    #[test]
    fn the_last_error_says_when_it_was_seen_and_its_fix_while_it_lasts() {
        let at = Utc.with_ymd_and_hms(2026, 11, 23, 9, 15, 0).unwrap();
        let mut f = facts();
        f.last_problem = Some(LastProblem {
            problem: Problem {
                code: "offline".to_owned(),
                what: "The room's calendar cannot be read since 09:15.".to_owned(),
                fix: "The panel tries again by itself.".to_owned(),
            },
            seen: at,
            cleared: None,
        });
        let rows = admin_rows(&demo(), &ViewSettings::default(), &f);
        assert_eq!(
            value(&rows, "Last error"),
            Some("The room's calendar cannot be read since 09:15. (offline, seen at 09:15)")
        );
        assert_eq!(
            value(&rows, "Fix"),
            Some("The panel tries again by itself.")
        );
        if let Some(last) = f.last_problem.as_mut() {
            last.cleared = Some(at + chrono::Duration::minutes(4));
        }
        let rows = admin_rows(&demo(), &ViewSettings::default(), &f);
        assert!(value(&rows, "Last error").is_some_and(|v| v.ends_with("cleared at 09:19)")));
        assert_eq!(value(&rows, "Fix"), None);
    }

    #[test]
    fn a_problem_is_remembered_from_when_it_was_seen_until_it_clears() {
        let at = |m: u32| Utc.with_ymd_and_hms(2026, 11, 23, 9, m, 0).unwrap();
        let problem = |code: &str, what: &str| Problem {
            code: code.to_owned(),
            what: what.to_owned(),
            fix: "fix".to_owned(),
        };
        let last = track_problem(None, Some(problem("offline", "a")), at(15));
        // Still there a minute later, in new words: seen at 09:15 still.
        let last = track_problem(last, Some(problem("offline", "b")), at(16));
        let l = last.clone().unwrap();
        assert_eq!(
            (l.seen, l.cleared, l.problem.what.as_str()),
            (at(15), None, "b")
        );
        // Gone: kept, cleared at 09:20, and not cleared again later.
        let last = track_problem(last, None, at(20));
        let last = track_problem(last, None, at(25));
        assert_eq!(last.as_ref().and_then(|l| l.cleared), Some(at(20)));
        // Back: a new problem from now.
        let last = track_problem(last, Some(problem("offline", "c")), at(30));
        assert_eq!(
            last.as_ref().map(|l| (l.seen, l.cleared)),
            Some((at(30), None))
        );
        // Not read yet is no error once read.
        let last = track_problem(None, Some(problem("not_read_yet", "x")), at(0));
        assert_eq!(track_problem(last, None, at(1)), None);
    }

    #[test]
    fn every_confirm_names_what_it_does_and_a_way_back() {
        let all = [
            Confirm::EndNow,
            Confirm::PairAgain,
            Confirm::Unpair,
            Confirm::ChangeRoom,
            Confirm::BookRoom {
                name: "Room 2.01".to_owned(),
                minutes: 30,
            },
        ];
        for what in &all {
            let w = confirm_words(what, Language::English);
            assert!(w.question.ends_with('?'), "{w:?}");
            assert!(!w.detail.is_empty() && !w.yes.is_empty() && !w.no.is_empty());
            assert_ne!(w.yes, w.no);
            assert_ne!(w.yes, "OK", "the button says what it does");
        }
        let w = confirm_words(&all[4], Language::English);
        assert_eq!(w.question, "Book Room 2.01 for 30 min?");
        assert_eq!(w.yes, "Book 30 min");
        assert!(
            !w.takes_away,
            "booking another room looks like booking, not a warning"
        );
        assert!(all[..4]
            .iter()
            .all(|what| confirm_words(what, Language::English).takes_away));
        assert_eq!(
            confirm_words(&Confirm::EndNow, Language::English).yes,
            "End now"
        );
        assert!(
            change_room_configured("/etc/roomsign/roomsign.toml", Language::English)
                .contains("/etc/roomsign/roomsign.toml")
        );
    }

    #[test]
    fn sync_now_says_it_is_reading_then_when_it_read_or_failed() {
        let at = Utc.with_ymd_and_hms(2026, 11, 23, 9, 21, 0).unwrap();
        let v = ViewSettings::default();
        assert_eq!(
            sync_words(SyncProgress::Syncing, &v),
            "Reading the room's calendar…"
        );
        assert_eq!(
            sync_words(SyncProgress::Done(at), &v),
            "Read the room's calendar at 09:21."
        );
        assert!(sync_words(SyncProgress::Failed(at), &v).contains("could not be read at 09:21"));
    }

    #[test]
    fn worded_labels() {
        assert_eq!(extend_label(15, Language::English), "+15 min");
        assert_eq!(book_minutes_label(30, Language::English), "Book 30 min");
        assert_eq!(
            book_title("Room 4.12", "09:20", Language::English),
            "Book Room 4.12 from 09:20"
        );
        assert_eq!(
            all_day_note("Holiday", Language::English),
            "All day · Holiday"
        );
        assert_eq!(
            admin_title("Room 4.12", Language::English),
            "Admin — Room 4.12"
        );
        assert_eq!(
            pairing_title("Room 4.12", Language::English),
            "Room 4.12 — pair with Microsoft 365"
        );
        assert_eq!(
            open_step("https://microsoft.com/devicelogin", Language::English),
            "Scan the code, or open https://microsoft.com/devicelogin"
        );
        assert_eq!(
            search_hint(12, Language::English),
            "Search by name, building or floor (12 rooms)"
        );
        assert_eq!(no_match("4.1", Language::English), "No room matches “4.1”.");
        assert_eq!(window_title("Room 4.12"), "Roomsign — Room 4.12");
        assert_eq!(
            qr_label("https://microsoft.com/devicelogin", Language::English),
            "QR code for https://microsoft.com/devicelogin"
        );
        assert_eq!(
            progress_words(Progress::Book, Language::English),
            "Booking…"
        );
        // Device codes are grouped by spacing only: every character kept, none added.
        assert_eq!(code_groups("FQK5HW3LA"), ["FQK", "5HW", "3LA"]);
        assert_eq!(code_groups("AB12CDEF"), ["AB12", "CDEF"]);
        assert_eq!(code_groups("ABCDEFG"), ["ABCDEFG"]);
        assert_eq!(code_groups("FQK5HW3LA").concat(), "FQK5HW3LA");
        assert_eq!(
            progress_words(Progress::BookRoom("Room 2.01"), Language::English),
            "Booking Room 2.01…"
        );
        assert_eq!(
            progress_words(Progress::CheckIn, Language::English),
            "Checking in…"
        );
        assert_eq!(
            progress_words(Progress::EndEarly, Language::English),
            "Ending the meeting…"
        );
        assert_eq!(
            progress_words(Progress::Extend, Language::English),
            "Extending…"
        );
    }
}
