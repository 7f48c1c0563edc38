//! The Home screen and Book sheet as words and numbers: everything the UI shows, computed without
//! the UI. The Slint adapter only copies these fields; `status` prints the same facts as JSON.

use chrono::{DateTime, Datelike, Duration, Utc};
use chrono_tz::Tz;

use super::display::{shown, Privacy};
use super::lights::LightSettings;
use super::offers::{offers, Offer, OfferKind, Unavailable};
use super::snapshot::{Link, Snapshot};
use super::state::{holding, room_state, RoomState, UnknownReason};
use super::{Booking, Policy};
pub use crate::time::{local_day, local_instant};

/// 24-hour ("14:00") or 12-hour ("2:00 PM") clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ClockFormat {
    #[default]
    H24,
    H12,
}

/// How the room is shown: times and meetings on screen, and the occupancy lights.
#[derive(Clone, Debug, PartialEq)]
pub struct ViewSettings {
    pub tz: Tz,
    pub clock: ClockFormat,
    /// The language and region of every word and date on screen.
    pub locale: crate::language::Locale,
    pub privacy: Privacy,
    /// Past this since the last good sync, the offline notice says "may be out of date".
    pub stale_after: Duration,
    /// What the lights show for each state, their colours and brightness by time of day.
    pub lights: LightSettings,
}

impl Default for ViewSettings {
    fn default() -> Self {
        ViewSettings {
            tz: Tz::UTC,
            clock: ClockFormat::H24,
            locale: crate::language::Locale::default(),
            privacy: Privacy::default(),
            stale_after: Duration::hours(12),
            lights: LightSettings::default(),
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

fn pairing_view(link: &Link, now: DateTime<Utc>) -> Option<PairingView> {
    match link {
        Link::Pairing(prompt) => {
            let left = (prompt.expires_at - now).num_seconds().max(0);
            Some(PairingView {
                code: prompt.user_code.clone(),
                url: prompt.verification_uri.clone(),
                qr_target: prompt.qr_target.clone(),
                renew_in: format!("New code in {}:{:02}", left / 60, left % 60),
                // Always a line for a phone that says "blocked" (the tenant blocks device codes).
                note: if prompt.note.is_empty() {
                    super::snapshot::phone_says_blocked()
                } else {
                    format!("{} {}", prompt.note, super::snapshot::phone_says_blocked())
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
                    super::snapshot::Refusal::DeviceCodeBlocked.at_the_door(),
                    super::snapshot::phone_says_blocked()
                ),
                Some(r) => r.at_the_door().to_owned(),
                None => reason.clone(),
            },
        }),
        _ => None,
    }
}

fn problem_view(snapshot: &Snapshot) -> Option<ProblemView> {
    match &snapshot.link {
        Link::CredentialsRefused { message } => Some(ProblemView {
            title: "Microsoft 365 refuses this panel".to_owned(),
            body: message.clone(),
            fix: "Fix the app registration or its secret as described, then restart Roomsign."
                .to_owned(),
            refused: true,
        }),
        // Waiting out a 429 is no problem to show at the door; the admin sees it in `status`.
        Link::SignInRefused {
            refusal, detail, ..
        } if *refusal != super::snapshot::Refusal::Throttled => Some(ProblemView {
            title: "Microsoft 365 refuses this panel's sign-in".to_owned(),
            body: if detail.is_empty() {
                refusal.what().to_owned()
            } else {
                format!("{} ({detail})", refusal.what().trim_end_matches('.'))
            },
            fix: refusal.fix().to_owned(),
            refused: true,
        }),
        // Refused with nothing to show: a setting must change (with a schedule from earlier, the
        // panel shows it under a notice instead).
        _ => match (&snapshot.trouble, &snapshot.schedule) {
            (Some(t), super::state::Schedule::Unknown(_)) if t.refused => Some(ProblemView {
                title: "Cannot read the room's calendar".to_owned(),
                body: super::snapshot::fill_in(&t.words, snapshot),
                fix: "The panel tries again by itself; the change may take a few minutes to reach Microsoft 365.".to_owned(),
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
}

/// Formats an instant as a wall-clock time in the display zone.
pub fn clock_time(at: DateTime<Utc>, settings: &ViewSettings) -> String {
    let local = at.with_timezone(&settings.tz);
    match settings.clock {
        ClockFormat::H24 => local.format("%H:%M").to_string(),
        ClockFormat::H12 => local.format("%-I:%M %p").to_string(),
    }
}

fn time_range(b: &Booking, now: DateTime<Utc>, settings: &ViewSettings) -> String {
    let (day_start, day_end) = local_day(now, settings.tz);
    if b.all_day || (b.start <= day_start && b.end >= day_end) {
        return "All day".to_owned();
    }
    clock_range(b.start, b.end, settings)
}

/// "10:00–10:30", or on a 12-hour clock "10:00–10:30 AM" (AM or PM said once when both ends
/// share it) and "11:30 AM–12:30 PM".
pub fn clock_range(start: DateTime<Utc>, end: DateTime<Utc>, settings: &ViewSettings) -> String {
    let (from, to) = (clock_time(start, settings), clock_time(end, settings));
    if settings.clock == ClockFormat::H12 {
        let half = |at: DateTime<Utc>| at.with_timezone(&settings.tz).format("%p").to_string();
        if half(start) == half(end) {
            let bare = start
                .with_timezone(&settings.tz)
                .format("%-I:%M")
                .to_string();
            return format!("{bare}–{to}");
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
pub fn span_words(minutes: i64) -> String {
    let minutes = minutes.max(0);
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

/// "until 15:30" today; "for the rest of the day" up to midnight; "until Tue 09:00" on a later day.
fn until_words(until: DateTime<Utc>, now: DateTime<Utc>, settings: &ViewSettings) -> String {
    let (_, day_end) = local_day(now, settings.tz);
    if until == day_end {
        "for the rest of the day".to_owned()
    } else if until < day_end {
        format!("until {}", clock_time(until, settings))
    } else {
        let weekday = until.with_timezone(&settings.tz).format("%a");
        format!("until {weekday} {}", clock_time(until, settings))
    }
}

/// Whole minutes from `from` to `to`, rounded up, so "1 min left" shows until the very end.
fn minutes_ceil(from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    let secs = (to - from).num_seconds().max(0);
    (secs + 59) / 60
}

fn meeting_card(b: &Booking, now: DateTime<Utc>, settings: &ViewSettings) -> MeetingCard {
    let s = shown(b, settings.privacy);
    let total = (b.end - b.start).num_seconds().max(1) as f32;
    let done = (now - b.start).num_seconds().max(0) as f32;
    MeetingCard {
        subject: s.subject,
        organizer: s.organizer,
        time_range: time_range(b, now, settings),
        progress: (done / total).clamp(0.0, 1.0),
        remaining: if now < b.start {
            format!("starts in {}", span_words(minutes_ceil(now, b.start)))
        } else {
            format!("{} left", span_words(minutes_ceil(now, b.end)))
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
    let label = match offer.kind {
        OfferKind::Fixed => format!("{} min", offer.minutes),
        OfferKind::UntilNext => format!("Until {}", clock_time(offer.end, settings)),
    };
    let detail = match offer.unavailable {
        None => match offer.kind {
            OfferKind::Fixed => format!("until {}", clock_time(offer.end, settings)),
            OfferKind::UntilNext => span_words(offer.minutes),
        },
        Some(Unavailable::MeetingAt(at)) => format!("Meeting at {}", clock_time(at, settings)),
        Some(Unavailable::OverLimit(max)) => format!("Over the {} limit", span_words(max)),
        Some(Unavailable::TooShort(min)) => format!("Under {min} min"),
    };
    Chip {
        label,
        detail,
        minutes: offer.minutes,
        available: offer.is_available(),
    }
}

/// An earlier instant as seen from `now`: "10:42" today, "Sun 20:20" this week, "Mon 9 Mar"
/// before that.
pub fn since_words(since: DateTime<Utc>, now: DateTime<Utc>, settings: &ViewSettings) -> String {
    let (day_start, _) = local_day(now, settings.tz);
    let local_since = since.with_timezone(&settings.tz);
    if since >= day_start {
        clock_time(since, settings)
    } else if since >= day_start - Duration::days(6) {
        format!(
            "{} {}",
            local_since.format("%a"),
            clock_time(since, settings)
        )
    } else {
        local_since.format("%a %-d %b").to_string()
    }
}

/// Why the state is unknown, in the words under "Unknown".
pub fn unknown_words(
    reason: &UnknownReason,
    snapshot: &Snapshot,
    now: DateTime<Utc>,
    settings: &ViewSettings,
) -> String {
    match reason {
        UnknownReason::NeverSynced => "Waiting for the room's calendar".to_owned(),
        UnknownReason::ClockNotSynchronised => "Waiting for the clock to be set".to_owned(),
        UnknownReason::BeyondWindow => match snapshot.offline_since {
            Some(since) => format!(
                "No schedule for today \u{2014} offline since {}",
                since_words(since, now, settings)
            ),
            None => "No schedule for today yet".to_owned(),
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
    let what = if refused {
        "Calendar access refused"
    } else {
        "Offline"
    };
    Some(if stale {
        Notice {
            text: format!("{what} since {since_words} — this schedule may be out of date"),
            strong: true,
            refused,
        }
    } else {
        Notice {
            text: format!("{what} since {since_words} — showing the last known schedule"),
            strong: false,
            refused,
        }
    })
}

/// Under "Free" while the slot of a meeting released for want of a check-in lasts.
pub fn released_words(at: &str) -> String {
    format!("Released at {at} \u{2014} nobody checked in")
}

/// Under "Check in?": what happens if nobody does, by who releases no-shows (`before`: the
/// release time is still ahead).
pub fn awaiting_words(release: crate::policy::ReleaseMode, before: bool, at: &str) -> String {
    use crate::policy::ReleaseMode;
    match release {
        ReleaseMode::Panel => format!("Released at {at} if nobody checks in"),
        ReleaseMode::Exchange if before => format!("Released at {at} if nobody checks in"),
        ReleaseMode::Exchange => "Released soon if nobody checks in".to_owned(),
        ReleaseMode::Off => "Tap to say the meeting is on".to_owned(),
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
    let mut actions = Actions::default();
    let mut current = None;

    let headline_tail = match state {
        RoomState::StartingSoon { .. } => "starting soon".to_owned(),
        _ => String::new(),
    };
    let (tone, headline, subline) = match &state {
        RoomState::Free { until } => {
            let (_, day_end) = local_day(now, settings.tz);
            let sub = match until {
                Some(until) if *until < day_end => until_words(*until, now, settings),
                _ => "for the rest of the day".to_owned(),
            };
            // A late arrival reads why the room is free: its meeting was released.
            let sub = match released_now(snapshot, now, policy) {
                Some(at) => {
                    actions.take_room = true;
                    released_words(&clock_time(at, settings))
                }
                None => sub,
            };
            (Tone::Free, "Free".to_owned(), sub)
        }
        RoomState::StartingSoon { meeting } => {
            let s = shown(meeting, settings.privacy);
            (
                Tone::Soon,
                "Free".to_owned(),
                format!("{} at {}", s.subject, clock_time(meeting.start, settings)),
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
                "Busy".to_owned(),
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
                "Check in?".to_owned(),
                awaiting_words(
                    policy.checkin.release,
                    *release_at > now,
                    &clock_time(*release_at, settings),
                ),
            )
        }
        RoomState::Unknown { reason } => (
            Tone::Unknown,
            "Unknown".to_owned(),
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
            actions.book_unavailable = "Offline — can't book now".to_owned();
        }
        if actions.find_room {
            actions.find_room_unavailable = "Offline — can't search now".to_owned();
        }
    }
    let chips = offered.iter().map(|o| chip(o, settings)).collect();

    let agenda = upcoming_today(snapshot, now, policy, settings.tz)
        .into_iter()
        .map(|b| {
            let s = shown(b, settings.privacy);
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
        .map(|b| shown(b, settings.privacy).subject)
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
            format!(
                "{} {} {}",
                local_now.format("%A"),
                local_now.day(),
                local_now.format("%B")
            )
        },
        agenda_empty: if matches!(state, RoomState::Unknown { .. }) {
            "The schedule is not known yet".to_owned()
        } else {
            "Nothing else today".to_owned()
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
        pairing: pairing_view(&snapshot.link, now),
        problem: problem_view(snapshot),
        rooms: match &snapshot.link {
            Link::ChooseRoom { rooms } => Some(rooms.clone()),
            _ => None,
        },
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
    /// The room declined the booking; the reason in words ("someone booked it first").
    Declined {
        reason: String,
    },
    /// The room has not answered yet.
    Pending,
    Ended,
    Extended {
        end: DateTime<Utc>,
    },
    /// The room declined a change of an existing booking.
    ChangeDeclined {
        reason: String,
    },
    CheckedIn,
    /// The tap could not be carried out (the calendar is unreachable, the slot is gone, ...).
    Failed {
        message: String,
    },
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
    let words = |title: String, body: &str, ok: bool| ResultWords {
        title,
        body: body.to_owned(),
        ok,
    };
    match result {
        ActionResult::Booked { end } => words(
            format!("Booked until {}", clock_time(*end, settings)),
            "The room is yours. Enjoy your meeting.",
            true,
        ),
        ActionResult::BookedRoom { room, end } => words(
            format!("{room} is booked until {}", clock_time(*end, settings)),
            "The room accepted the booking. Head over: it is yours.",
            true,
        ),
        ActionResult::Declined { reason } => words(
            format!("The room declined: {reason}"),
            "Nothing was booked. Pick another time.",
            false,
        ),
        ActionResult::Pending => words(
            "Waiting for the room to confirm".to_owned(),
            "This can take a minute; the screen updates by itself.",
            true,
        ),
        ActionResult::Ended => words(
            "Meeting ended".to_owned(),
            "The room is free again. Thank you!",
            true,
        ),
        ActionResult::Extended { end } => words(
            format!("Extended until {}", clock_time(*end, settings)),
            "",
            true,
        ),
        ActionResult::ChangeDeclined { reason } => words(
            format!("The room declined the change: {reason}"),
            "Your booking is unchanged.",
            false,
        ),
        ActionResult::CheckedIn => words(
            "Checked in".to_owned(),
            "The room is held for your meeting.",
            true,
        ),
        // One plain sentence; the technical detail went to the log.
        ActionResult::Failed { message } => words(message.clone(), "", false),
    }
}
