//! The Home screen and Book sheet as words and numbers: everything the UI shows, computed without
//! the UI. The Slint adapter only copies these fields; `status` prints the same facts as JSON.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use super::display::{shown, Privacy};
use super::language::{date_words, short_date_words, time_words, weekday_words, Language, Locale};
use super::lights::LightSettings;
use super::offers::{offers, Offer, OfferKind, Unavailable};
use super::snapshot::{Link, Snapshot};
use super::state::{holding, room_state, RoomState, UnknownReason};
use super::words::{Decline, TapRefusal};
use super::{Booking, Policy};
pub use crate::time::{local_day, local_instant, ClockFormat};
use crate::tr;

/// How the room is shown: times and meetings on screen, and the occupancy lights.
#[derive(Clone, Debug, PartialEq)]
pub struct ViewSettings {
    pub tz: Tz,
    pub clock: ClockFormat,
    pub privacy: Privacy,
    /// Past this since the last good sync, the offline notice says "may be out of date".
    pub stale_after: Duration,
    /// What the lights show for each state, their colours and brightness by time of day.
    pub lights: LightSettings,
    /// The language and region every word on the panel is made in.
    pub locale: Locale,
}

impl ViewSettings {
    /// The language the words are made in.
    pub fn language(&self) -> Language {
        self.locale.language
    }

    /// The same settings in English (for `status` and the log, which stay English).
    pub fn in_english(&self) -> ViewSettings {
        ViewSettings {
            locale: Locale::default(),
            ..self.clone()
        }
    }
}

impl Default for ViewSettings {
    fn default() -> Self {
        ViewSettings {
            tz: Tz::UTC,
            clock: ClockFormat::H24,
            privacy: Privacy::default(),
            stale_after: Duration::hours(12),
            lights: LightSettings::default(),
            locale: Locale::default(),
        }
    }
}

/// The state's look: drives colour and icon.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Free,
    Soon,
    Busy,
    CheckIn,
    Unknown,
}

/// The meeting that is on now.
#[derive(Clone, Debug, PartialEq)]
pub struct MeetingCard {
    pub subject: String,
    pub organizer: Option<String>,
    pub time_range: String,
    /// 0.0 at the start, 1.0 at the end.
    pub progress: f32,
    /// "25 min left", "1 h 10 min left".
    pub remaining: String,
    pub private: bool,
    pub booked_here: bool,
}

/// One line of the agenda.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgendaRow {
    pub time_range: String,
    pub subject: String,
    pub organizer: Option<String>,
    pub booked_here: bool,
}

/// One duration chip of the Book sheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chip {
    /// "15 min", "Until 14:00".
    pub label: String,
    /// "until 09:45" when available, else why not: "Meeting at 14:00".
    pub detail: String,
    pub minutes: i64,
    pub available: bool,
}

/// Which buttons the Home screen offers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Actions {
    pub book: bool,
    pub check_in: bool,
    pub end_early: bool,
    /// Minutes the current own booking can be extended by (15 and/or 30), empty if none.
    pub extend: Vec<i64>,
    /// Busy with someone else's meeting: "Find a free room".
    pub find_room: bool,
    /// Why Book now cannot work now, on the button (then disabled); empty when it can.
    pub book_unavailable: String,
    /// Why "Find a free room" cannot work now, on the button (then disabled); empty when it can.
    pub find_room_unavailable: String,
    /// The meeting of this slot was released for want of a check-in: Book now reads "Take the
    /// room" (the same door booking).
    pub take_room: bool,
}

/// A notice over the screen: offline, stale.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    /// Shown in a stronger style (schedule may be out of date).
    pub strong: bool,
    /// Microsoft 365 refuses the calendar (a setting to fix), rather than the panel being
    /// offline: its own icon, so nobody goes to check the network.
    pub refused: bool,
}

impl PanelView {
    /// The headline with its qualifier: "Free — starting soon".
    pub fn full_headline(&self) -> String {
        if self.headline_tail.is_empty() {
            self.headline.clone()
        } else {
            format!("{} — {}", self.headline, self.headline_tail)
        }
    }
}

/// The Pairing screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PairingView {
    /// The user code exactly as Microsoft issued it (people type what they see); empty when
    /// there is no code yet.
    pub code: String,
    /// Where to enter it.
    pub url: String,
    /// What the QR code carries; empty when there is no code.
    pub qr_target: String,
    /// "New code in 12:34".
    pub renew_in: String,
    /// Why the panel is not paired, when it was and stopped, or the code was declined.
    pub note: String,
}

/// A problem an installer must fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProblemView {
    pub title: String,
    pub body: String,
    pub fix: String,
    /// Microsoft 365 refuses access (a permission or a sign-in), not a broken configuration.
    pub refused: bool,
}

fn pairing_view(link: &Link, now: DateTime<Utc>, language: Language) -> Option<PairingView> {
    match link {
        Link::Pairing(prompt) => {
            let left = (prompt.expires_at - now).num_seconds().max(0);
            Some(PairingView {
                code: prompt.user_code.clone(),
                url: prompt.verification_uri.clone(),
                qr_target: prompt.qr_target.clone(),
                renew_in: tr!(
                    language,
                    "pairing-new-code-in",
                    left = format!("{}:{:02}", left / 60, left % 60)
                ),
                // Always a line for a phone that says "blocked" (the tenant blocks device codes).
                note: match &prompt.note {
                    None => super::snapshot::phone_says_blocked(language),
                    Some(note) => format!(
                        "{} {}",
                        note.words(language),
                        super::snapshot::phone_says_blocked(language)
                    ),
                },
            })
        }
        Link::NotPaired { reason, refusal } => Some(PairingView {
            code: String::new(),
            url: String::new(),
            qr_target: String::new(),
            renew_in: String::new(),
            // Told by its number: one plain sentence for the door (the detail is the admin's).
            note: match refusal {
                Some(super::snapshot::Refusal::DeviceCodeBlocked) => format!(
                    "{} {}",
                    super::snapshot::Refusal::DeviceCodeBlocked.at_the_door(language),
                    super::snapshot::phone_says_blocked(language)
                ),
                Some(r) => r.at_the_door(language),
                None => reason
                    .as_ref()
                    .map(|r| r.words(language))
                    .unwrap_or_default(),
            },
        }),
        _ => None,
    }
}

fn problem_view(snapshot: &Snapshot, language: Language) -> Option<ProblemView> {
    match &snapshot.link {
        Link::CredentialsRefused { message } => Some(ProblemView {
            title: tr!(language, "problem-credentials-title"),
            body: message.clone(),
            fix: tr!(language, "problem-credentials-fix"),
            refused: true,
        }),
        // Waiting out a 429 is no problem to show at the door; the admin sees it in `status`.
        Link::SignInRefused {
            refusal, detail, ..
        } if *refusal != super::snapshot::Refusal::Throttled => Some(ProblemView {
            title: tr!(language, "problem-sign-in-title"),
            body: if detail.is_empty() {
                refusal.what_in(language)
            } else {
                format!(
                    "{} ({detail})",
                    refusal.what_in(language).trim_end_matches('.')
                )
            },
            fix: refusal.fix_in(language),
            refused: true,
        }),
        // Refused with nothing to show: a setting must change (with a schedule from earlier, the
        // panel shows it under a notice instead).
        _ => match (&snapshot.trouble, &snapshot.schedule) {
            (Some(t), super::state::Schedule::Unknown(_)) if t.refused => Some(ProblemView {
                title: tr!(language, "problem-calendar-title"),
                body: super::snapshot::fill_in(&t.words, snapshot),
                fix: tr!(language, "problem-calendar-fix"),
                refused: true,
            }),
            _ => None,
        },
    }
}

/// Everything the Home screen and the Book sheet show.
#[derive(Clone, Debug, PartialEq)]
pub struct PanelView {
    pub room_name: String,
    pub clock: String,
    pub date: String,
    pub tone: Tone,
    /// The word read from three metres: "Free", "Busy", "Check in?".
    pub headline: String,
    /// A qualifier shown after the headline, smaller ("starting soon"); empty if none.
    pub headline_tail: String,
    pub subline: String,
    pub current: Option<MeetingCard>,
    pub agenda: Vec<AgendaRow>,
    /// What the agenda says when it has no rows.
    pub agenda_empty: String,
    /// All-day notes that do not take the room ("Window cleaning").
    pub notes: Vec<String>,
    pub actions: Actions,
    pub chips: Vec<Chip>,
    pub notice: Option<Notice>,
    /// Set while the panel is not paired: the Pairing screen replaces Home.
    pub pairing: Option<PairingView>,
    /// Set when an installer must fix something: the Problem screen replaces Home.
    pub problem: Option<ProblemView>,
    /// Set when the panel needs a room picked: the Room picker replaces Home.
    pub rooms: Option<Vec<super::rooms::RoomChoice>>,
    /// The language of these words (the fixed labels are [`crate::labels::labels`] of it).
    pub language: Language,
}

/// Formats an instant as a wall-clock time in the display zone.
pub fn clock_time(at: DateTime<Utc>, settings: &ViewSettings) -> String {
    time_words(at, settings.tz, settings.clock, &settings.locale)
}

fn time_range(b: &Booking, now: DateTime<Utc>, settings: &ViewSettings) -> String {
    let (day_start, day_end) = local_day(now, settings.tz);
    if b.all_day || (b.start <= day_start && b.end >= day_end) {
        return tr!(settings.language(), "all-day");
    }
    clock_range(b.start, b.end, settings)
}

/// "10:00–10:30", or on a 12-hour clock "10:00–10:30 AM" (AM or PM said once when both ends
/// share it, in every language that writes one: "10:00–10:30 a. m.") and "11:30 AM–12:30 PM".
pub fn clock_range(start: DateTime<Utc>, end: DateTime<Utc>, settings: &ViewSettings) -> String {
    let (from, to) = (clock_time(start, settings), clock_time(end, settings));
    if settings.clock == ClockFormat::H12 {
        // The day period is what stands around the digits: "PM" after them, or before them in
        // a locale that writes it first.
        let digits = |t: &str| {
            let first = t.find(|c: char| c.is_ascii_digit()).unwrap_or(0);
            let last = t
                .rfind(|c: char| c.is_ascii_digit())
                .map_or(t.len(), |i| i + 1);
            (first, last)
        };
        let ((from_first, from_last), (to_first, to_last)) = (digits(&from), digits(&to));
        let (from_before, from_after) = (&from[..from_first], &from[from_last..]);
        if !from_after.trim().is_empty() && from_after == &to[to_last..] {
            return format!("{}–{to}", from[..from_last].trim_end());
        }
        if !from_before.trim().is_empty() && from_before == &to[..to_first] {
            return format!("{from}–{}", to[to_first..].trim_start());
        }
    }
    format!("{from}–{to}")
}

/// The duration the Book sheet opens with, so booking is two taps: 30 minutes when offered,
/// else the longest duration that fits.
pub fn preselected(chips: &[Chip]) -> Option<i64> {
    let available = || chips.iter().filter(|c| c.available);
    available()
        .find(|c| c.minutes == 30)
        .or_else(|| {
            available()
                .filter(|c| c.minutes < 30)
                .max_by_key(|c| c.minutes)
        })
        .or_else(|| available().min_by_key(|c| c.minutes))
        .map(|c| c.minutes)
}

/// "25 min", "1 h", "1 h 10 min".
pub fn span_words(minutes: i64, language: Language) -> String {
    let minutes = minutes.max(0);
    match (minutes / 60, minutes % 60) {
        (0, m) => tr!(language, "span-minutes", minutes = m),
        (h, 0) => tr!(language, "span-hours", hours = h),
        (h, m) => tr!(language, "span-hours-minutes", hours = h, minutes = m),
    }
}

/// "1 minute", "2 minutes": a number of minutes spelt out, for a sentence.
pub fn minutes_words(minutes: i64, language: Language) -> String {
    tr!(language, "minutes-long", minutes = minutes)
}

/// "until 15:30" today; "for the rest of the day" up to midnight; "until Tue 09:00" on a later day.
fn until_words(until: DateTime<Utc>, now: DateTime<Utc>, settings: &ViewSettings) -> String {
    let (_, day_end) = local_day(now, settings.tz);
    let language = settings.language();
    if until == day_end {
        tr!(language, "rest-of-day")
    } else if until < day_end {
        tr!(language, "until-time", time = clock_time(until, settings))
    } else {
        let day = until.with_timezone(&settings.tz).date_naive();
        tr!(
            language,
            "until-day-time",
            weekday = weekday_words(day, &settings.locale),
            time = clock_time(until, settings)
        )
    }
}

/// Whole minutes from `from` to `to`, rounded up, so "1 min left" shows until the very end.
fn minutes_ceil(from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    let secs = (to - from).num_seconds().max(0);
    (secs + 59) / 60
}

fn meeting_card(b: &Booking, now: DateTime<Utc>, settings: &ViewSettings) -> MeetingCard {
    let s = shown(b, settings.privacy, settings.language());
    let language = settings.language();
    let total = (b.end - b.start).num_seconds().max(1) as f32;
    let done = (now - b.start).num_seconds().max(0) as f32;
    MeetingCard {
        subject: s.subject,
        organizer: s.organizer,
        time_range: time_range(b, now, settings),
        progress: (done / total).clamp(0.0, 1.0),
        remaining: if now < b.start {
            tr!(
                language,
                "starts-in",
                span = span_words(minutes_ceil(now, b.start), language)
            )
        } else {
            tr!(
                language,
                "time-left",
                span = span_words(minutes_ceil(now, b.end), language)
            )
        },
        private: s.private,
        booked_here: b.made_here,
    }
}

/// Today's meetings that hold the room and start after `now`, in order.
pub fn upcoming_today<'a>(
    snapshot: &'a Snapshot,
    now: DateTime<Utc>,
    policy: &Policy,
    tz: Tz,
) -> Vec<&'a Booking> {
    let (_, day_end) = local_day(now, tz);
    holding(snapshot.bookings(), now, policy, &snapshot.checked_in)
        .into_iter()
        .filter(|b| b.start > now && b.start < day_end)
        .collect()
}

fn chip(offer: &Offer, settings: &ViewSettings) -> Chip {
    let language = settings.language();
    let label = match offer.kind {
        OfferKind::Fixed => tr!(language, "chip-minutes", minutes = offer.minutes),
        OfferKind::UntilNext => tr!(
            language,
            "chip-until-next",
            time = clock_time(offer.end, settings)
        ),
    };
    let detail = match offer.unavailable {
        None => match offer.kind {
            OfferKind::Fixed => tr!(
                language,
                "until-time",
                time = clock_time(offer.end, settings)
            ),
            OfferKind::UntilNext => span_words(offer.minutes, language),
        },
        Some(Unavailable::MeetingAt(at)) => {
            tr!(language, "chip-meeting-at", time = clock_time(at, settings))
        }
        Some(Unavailable::OverLimit(max)) => {
            tr!(
                language,
                "chip-over-limit",
                span = span_words(max, language)
            )
        }
        Some(Unavailable::TooShort(min)) => tr!(language, "chip-under", minutes = min),
    };
    Chip {
        label,
        detail,
        minutes: offer.minutes,
        available: offer.is_available(),
    }
}

/// An earlier instant as seen from `now`: "10:42" today, "Sun 20:20" this week, "Mon, 9 Mar"
/// before that.
pub fn since_words(since: DateTime<Utc>, now: DateTime<Utc>, settings: &ViewSettings) -> String {
    let (day_start, _) = local_day(now, settings.tz);
    let local_since = since.with_timezone(&settings.tz);
    if since >= day_start {
        clock_time(since, settings)
    } else if since >= day_start - Duration::days(6) {
        tr!(
            settings.language(),
            "weekday-time",
            weekday = weekday_words(local_since.date_naive(), &settings.locale),
            time = clock_time(since, settings)
        )
    } else {
        short_date_words(local_since.date_naive(), &settings.locale)
    }
}

/// Why the state is unknown, in the words under "Unknown".
pub fn unknown_words(
    reason: &UnknownReason,
    snapshot: &Snapshot,
    now: DateTime<Utc>,
    settings: &ViewSettings,
) -> String {
    let language = settings.language();
    match reason {
        UnknownReason::NeverSynced => tr!(language, "unknown-never-synced"),
        UnknownReason::ClockNotSynchronised => tr!(language, "unknown-clock-unset"),
        UnknownReason::BeyondWindow => match snapshot.offline_since {
            Some(since) => tr!(
                language,
                "unknown-no-schedule-offline",
                since = since_words(since, now, settings)
            ),
            None => tr!(language, "unknown-no-schedule"),
        },
    }
}

fn notice(snapshot: &Snapshot, now: DateTime<Utc>, settings: &ViewSettings) -> Option<Notice> {
    let since = snapshot.offline_since?;
    let stale = snapshot
        .last_sync
        .is_none_or(|last| now - last > settings.stale_after);
    let since_words = since_words(since, now, settings);
    let refused = snapshot.trouble.as_ref().is_some_and(|t| t.refused);
    let language = settings.language();
    let text = match (refused, stale) {
        (true, true) => tr!(language, "notice-refused-stale", since = since_words),
        (true, false) => tr!(language, "notice-refused", since = since_words),
        (false, true) => tr!(language, "notice-offline-stale", since = since_words),
        (false, false) => tr!(language, "notice-offline", since = since_words),
    };
    Some(Notice {
        text,
        strong: stale,
        refused,
    })
}

/// Under "Free" while the slot of a meeting released for want of a check-in lasts.
pub fn released_words(at: &str, language: Language) -> String {
    tr!(language, "released-at", time = at)
}

/// Under "Check in?": what happens if nobody does, by who releases no-shows (`before`: the
/// release time is still ahead).
pub fn awaiting_words(
    release: crate::policy::ReleaseMode,
    before: bool,
    at: &str,
    language: Language,
) -> String {
    use crate::policy::ReleaseMode;
    match release {
        ReleaseMode::Panel => tr!(language, "awaiting-release-at", time = at),
        ReleaseMode::Exchange if before => tr!(language, "awaiting-release-at", time = at),
        ReleaseMode::Exchange => tr!(language, "awaiting-release-soon"),
        ReleaseMode::Off => tr!(language, "awaiting-no-release"),
    }
}

/// When the meeting whose slot `now` falls in was released for want of a check-in, if one was:
/// released by this panel or seen released elsewhere, or (the panel releasing) due by the clock.
pub fn released_now(
    snapshot: &Snapshot,
    now: DateTime<Utc>,
    policy: &Policy,
) -> Option<DateTime<Utc>> {
    let seen = snapshot
        .released
        .iter()
        .filter(|r| r.meeting.is_on_at(now))
        .map(|r| r.at);
    let due = snapshot
        .bookings()
        .iter()
        .filter(|b| b.occupies() && b.is_on_at(now))
        .filter(|b| super::state::is_released(b, now, policy, &snapshot.checked_in))
        .map(|b| b.start + policy.checkin.release_after);
    seen.chain(due).min()
}

/// Minutes (15, 30) by which an own meeting ending at `end` can be extended before the next
/// meeting that holds the room.
fn extensions(
    meeting: &Booking,
    snapshot: &Snapshot,
    now: DateTime<Utc>,
    policy: &Policy,
) -> Vec<i64> {
    let next_start = holding(snapshot.bookings(), now, policy, &snapshot.checked_in)
        .into_iter()
        .filter(|b| b.id != meeting.id && b.end > meeting.end)
        .map(|b| b.start.max(meeting.end))
        .min();
    [15, 30]
        .into_iter()
        .filter(|&m| next_start.is_none_or(|s| meeting.end + Duration::minutes(m) <= s))
        .collect()
}

/// The whole screen at `now`.
pub fn panel_view(
    now: DateTime<Utc>,
    snapshot: &Snapshot,
    policy: &Policy,
    settings: &ViewSettings,
) -> PanelView {
    let state = room_state(now, &snapshot.schedule, policy, &snapshot.checked_in);
    let local_now = now.with_timezone(&settings.tz);
    let language = settings.language();
    let mut actions = Actions::default();
    let mut current = None;

    let headline_tail = match state {
        RoomState::StartingSoon { .. } => tr!(language, "headline-starting-soon"),
        _ => String::new(),
    };
    let (tone, headline, subline) = match &state {
        RoomState::Free { until } => {
            let (_, day_end) = local_day(now, settings.tz);
            let sub = match until {
                Some(until) if *until < day_end => until_words(*until, now, settings),
                _ => tr!(language, "rest-of-day"),
            };
            // A late arrival reads why the room is free: its meeting was released.
            let sub = match released_now(snapshot, now, policy) {
                Some(at) => {
                    actions.take_room = true;
                    released_words(&clock_time(at, settings), language)
                }
                None => sub,
            };
            (Tone::Free, tr!(language, "headline-free"), sub)
        }
        RoomState::StartingSoon { meeting } => {
            let s = shown(meeting, settings.privacy, language);
            (
                Tone::Soon,
                tr!(language, "headline-free"),
                tr!(
                    language,
                    "soon-subject-at",
                    subject = s.subject,
                    time = clock_time(meeting.start, settings)
                ),
            )
        }
        RoomState::Busy { meeting, until } => {
            current = Some(meeting_card(meeting, now, settings));
            if meeting.made_here {
                actions.end_early = true;
                actions.extend = extensions(meeting, snapshot, now, policy);
            } else {
                actions.find_room = true;
            }
            (
                Tone::Busy,
                tr!(language, "headline-busy"),
                until_words(*until, now, settings),
            )
        }
        RoomState::AwaitingCheckIn {
            meeting,
            release_at,
        } => {
            // Before the start too: whoever checks in sees which meeting it is.
            current = Some(meeting_card(meeting, now, settings));
            actions.check_in = true;
            (
                Tone::CheckIn,
                tr!(language, "headline-check-in"),
                awaiting_words(
                    policy.checkin.release,
                    *release_at > now,
                    &clock_time(*release_at, settings),
                    language,
                ),
            )
        }
        RoomState::Unknown { reason } => (
            Tone::Unknown,
            tr!(language, "headline-unknown"),
            unknown_words(reason, snapshot, now, settings),
        ),
    };

    let offered = offers(
        now,
        &state,
        snapshot.bookings(),
        policy,
        &snapshot.checked_in,
    );
    actions.book = offered.iter().any(Offer::is_available);
    // Offline, a booking or a search cannot reach Microsoft 365: the buttons say so.
    if snapshot.offline_since.is_some() {
        if actions.book {
            actions.book_unavailable = tr!(language, "offline-cannot-book");
        }
        if actions.find_room {
            actions.find_room_unavailable = tr!(language, "offline-cannot-search");
        }
    }
    let chips = offered.iter().map(|o| chip(o, settings)).collect();

    let agenda = upcoming_today(snapshot, now, policy, settings.tz)
        .into_iter()
        .map(|b| {
            let s = shown(b, settings.privacy, language);
            AgendaRow {
                time_range: time_range(b, now, settings),
                subject: s.subject,
                organizer: s.organizer,
                booked_here: b.made_here,
            }
        })
        .collect();

    let (day_start, day_end) = local_day(now, settings.tz);
    let notes = snapshot
        .bookings()
        .iter()
        .filter(|b| b.all_day && !b.cancelled && !b.occupies())
        .filter(|b| b.start < day_end && b.end > day_start)
        .map(|b| shown(b, settings.privacy, language).subject)
        .collect();

    let clock_unset = matches!(
        state,
        RoomState::Unknown {
            reason: UnknownReason::ClockNotSynchronised
        }
    );
    PanelView {
        room_name: snapshot.room.name.clone(),
        clock: if clock_unset {
            "--:--".to_owned()
        } else {
            clock_time(now, settings)
        },
        date: if clock_unset {
            String::new()
        } else {
            date_words(local_now.date_naive(), &settings.locale)
        },
        agenda_empty: if matches!(state, RoomState::Unknown { .. }) {
            tr!(language, "agenda-unknown")
        } else {
            tr!(language, "agenda-empty")
        },
        tone,
        headline,
        headline_tail,
        subline,
        current,
        agenda,
        notes,
        actions,
        chips,
        notice: notice(snapshot, now, settings),
        pairing: pairing_view(&snapshot.link, now, language),
        problem: problem_view(snapshot, language),
        rooms: match &snapshot.link {
            Link::ChooseRoom { rooms } => Some(rooms.clone()),
            _ => None,
        },
        language,
    }
}

/// What came of a tap on the panel, for the result sheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActionResult {
    Booked {
        end: DateTime<Utc>,
    },
    /// Another room booked from "Find a free room".
    BookedRoom {
        room: String,
        end: DateTime<Utc>,
    },
    /// The room declined the booking, and why ("someone booked it first").
    Declined {
        reason: Decline,
    },
    /// The room has not answered yet.
    Pending,
    Ended,
    Extended {
        end: DateTime<Utc>,
    },
    /// The room declined a change of an existing booking.
    ChangeDeclined {
        reason: Decline,
    },
    CheckedIn,
    /// The tap could not be carried out (the calendar is unreachable, the slot is gone, ...).
    Failed {
        refusal: TapRefusal,
    },
}

impl From<TapRefusal> for ActionResult {
    fn from(refusal: TapRefusal) -> ActionResult {
        ActionResult::Failed { refusal }
    }
}

/// The result sheet's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResultWords {
    pub title: String,
    pub body: String,
    pub ok: bool,
}

/// Words for an action's result: short, plain, never a stack trace.
pub fn result_words(result: &ActionResult, settings: &ViewSettings) -> ResultWords {
    let language = settings.language();
    let words = |title: String, body: String, ok: bool| ResultWords { title, body, ok };
    match result {
        ActionResult::Booked { end } => words(
            tr!(language, "booked-until", time = clock_time(*end, settings)),
            tr!(language, "booked-body"),
            true,
        ),
        ActionResult::BookedRoom { room, end } => words(
            tr!(
                language,
                "booked-room-until",
                room = room.as_str(),
                time = clock_time(*end, settings)
            ),
            tr!(language, "booked-room-body"),
            true,
        ),
        ActionResult::Declined { reason } => words(
            tr!(
                language,
                "declined",
                reason = reason.words(&settings.locale, settings.clock)
            ),
            tr!(language, "declined-body"),
            false,
        ),
        ActionResult::Pending => words(
            tr!(language, "pending"),
            tr!(language, "pending-body"),
            true,
        ),
        ActionResult::Ended => words(tr!(language, "ended"), tr!(language, "ended-body"), true),
        ActionResult::Extended { end } => words(
            tr!(
                language,
                "extended-until",
                time = clock_time(*end, settings)
            ),
            String::new(),
            true,
        ),
        ActionResult::ChangeDeclined { reason } => words(
            tr!(
                language,
                "change-declined",
                reason = reason.words(&settings.locale, settings.clock)
            ),
            tr!(language, "change-declined-body"),
            false,
        ),
        ActionResult::CheckedIn => words(
            tr!(language, "checked-in"),
            tr!(language, "checked-in-body"),
            true,
        ),
        // One plain sentence; the technical detail went to the log.
        ActionResult::Failed { refusal } => words(refusal.words(language), String::new(), false),
    }
}
