//! The room's calendar in Microsoft 365, read through Graph.
//!
//! One *round* reads the window (start of today to the end of tomorrow, display zone) with
//! `calendarView/delta`, page by page, to its `@odata.deltaLink`; every poll after that asks the
//! delta link for the changes only (usually one small request). A new round starts when the
//! window moves at midnight, when the room changes, or when Graph has forgotten the sync state
//! (410). Where Graph refuses delta queries the whole window is read with plain `calendarView`.
//!
//! The last good schedule, its delta link and the sync health are cached in the state directory
//! (written atomically, only when something changed or every few minutes, to spare SD cards), so
//! a panel starts with its schedule on screen and an offline panel keeps counting from it.
//!
//! Failed reads back off: `Retry-After` when Graph gives one (ten minutes at the most); else
//! from 5 s (with jitter) doubling up to the poll interval while the service is unreachable, so
//! a panel is fresh within one poll of the network coming back, and up to 5 minutes while
//! Microsoft 365 refuses (a setting to fix) or its links go round in a circle or elsewhere (the
//! delta link is dropped then, and the next try is a whole round). A failed read never changes
//! the schedule.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use tokio::time::Instant;

use super::door::{self, DoorBooking, DoorBookings, RoomAnswer};
use super::times::{parse_date_time, DateTimeTimeZone};
use super::{BookingRequest, BoxFuture, Cached, CalendarError, CalendarSource, Outcome};
use crate::clock::Clock;
use crate::core::words::Decline;
use crate::core::{Booking, ShowAs, Source};
use crate::limits;
use crate::microsoft::client::{Graph, GraphError, Paging};
use crate::microsoft::link::Microsoft;

/// File in the state directory holding the last good schedule and the delta link.
pub const CACHE_FILE: &str = crate::persist::SCHEDULE.name;

/// Items per page asked of Graph (`Prefer: odata.maxpagesize`).
const PAGE_SIZE: u32 = 50;

/// The most pages one round may have: 100 pages of 50 is 5,000 events, far more than two days
/// of one room ever hold; a round that goes on is a loop somewhere, not a calendar.
pub const MAX_PAGES: usize = 100;

/// The cache is rewritten at least this often while reads succeed (fresh delta link and last
/// sync time), and at once when the schedule or the sync health changes.
const SAVE_EVERY: StdDuration = StdDuration::from_secs(600);

/// The first pause after a failed read.
pub const FIRST_RETRY: StdDuration = StdDuration::from_secs(5);
/// The longest pause while Microsoft 365 refuses (a permission, a wrong mailbox).
pub const LONGEST_REFUSED_READ_RETRY: StdDuration = StdDuration::from_secs(300);

/// A completed read of one window of one room's calendar.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Round {
    /// The room's mailbox, as configured.
    room: String,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    /// Where to ask for the changes since; `None` when delta queries are refused.
    delta_link: Option<String>,
    /// The room's events by id.
    events: BTreeMap<String, Booking>,
    /// Each event's `iCalUId` (the same in every copy of a meeting), by id.
    #[serde(default)]
    ical: BTreeMap<String, String>,
    /// Events whose room copy carries the check-in marker.
    #[serde(default)]
    checked: std::collections::BTreeSet<String>,
}

/// The cache file.
#[derive(Serialize, Deserialize)]
struct CacheFile {
    version: u32,
    round: Round,
    last_sync: Option<DateTime<Utc>>,
    offline_since: Option<DateTime<Utc>>,
}

#[derive(Default)]
struct SyncState {
    round: Option<Round>,
    last_sync: Option<DateTime<Utc>>,
    offline_since: Option<DateTime<Utc>>,
    /// Failed reads in a row.
    failures: u32,
    /// No request before this (backoff); the last error is repeated meanwhile.
    retry_at: Option<Instant>,
    last_error: Option<CalendarError>,
    /// When the cache was last written.
    saved_at: Option<Instant>,
    /// Graph refused `calendarView/delta` for this room: read plain `calendarView`.
    delta_refused: bool,
}

/// The room calendar of a Microsoft 365 room.
pub struct GraphCalendar {
    microsoft: Arc<Microsoft>,
    clock: Arc<dyn Clock>,
    /// The display zone: all-day events are days in this zone.
    tz: Tz,
    cache_path: PathBuf,
    state: tokio::sync::Mutex<SyncState>,
    /// The longest pause after a failure while the service is unreachable.
    longest_retry: StdDuration,
    /// The events made at this panel.
    door: DoorBookings,
    /// How long a booking waits for the room's answer before it is reported pending.
    answer_wait: StdDuration,
    /// The round (room, start of the window) whose door bookings were last looked up in the
    /// booking account's calendar: once per round, not per poll.
    door_looked_up: std::sync::Mutex<Option<(String, DateTime<Utc>)>>,
    /// Meetings the last good read found checked in (the marker on the room's copy).
    marks: std::sync::Mutex<std::collections::BTreeSet<String>>,
}

impl GraphCalendar {
    /// The room calendar, with the cache from the state directory loaded. `poll_every` is how
    /// often the panel reads it: a failing read is retried at least that often.
    pub fn new(
        microsoft: Arc<Microsoft>,
        clock: Arc<dyn Clock>,
        tz: Tz,
        poll_every: StdDuration,
    ) -> GraphCalendar {
        let cache_path = microsoft.state_dir.join(CACHE_FILE);
        let door = DoorBookings::new(&microsoft.state_dir);
        let mut state = SyncState::default();
        if let Some(mut cache) = read_cache(&microsoft.state_dir) {
            // A delta link that points away from Graph would get the token at every poll:
            // dropped, and the next read is a whole round.
            if let Some(link) = &cache.round.delta_link {
                if !crate::microsoft::client::same_origin(&microsoft.config.graph_url, link) {
                    tracing::warn!(
                        "ignoring the cached delta link: it does not point to {}",
                        microsoft.config.graph_url
                    );
                    cache.round.delta_link = None;
                }
            }
            state.round = Some(cache.round);
            state.last_sync = cache.last_sync;
            state.offline_since = cache.offline_since;
        }
        GraphCalendar {
            microsoft,
            clock,
            tz,
            cache_path,
            state: tokio::sync::Mutex::new(state),
            // A little under the poll interval, so the poll after the pause is not skipped.
            longest_retry: poll_every.mul_f64(0.9).max(FIRST_RETRY),
            door,
            answer_wait: door::ANSWER_WAIT,
            door_looked_up: std::sync::Mutex::new(None),
            marks: std::sync::Mutex::new(std::collections::BTreeSet::new()),
        }
    }

    /// The same calendar waiting `wait` for the room's answer to a booking (30 s by default).
    pub fn with_answer_wait(mut self, wait: StdDuration) -> GraphCalendar {
        self.answer_wait = wait;
        self
    }

    fn graph(&self) -> Result<Graph, CalendarError> {
        match self.microsoft.graph(self.clock.clone()) {
            Ok(Some(graph)) => Ok(graph),
            Ok(None) => Err(CalendarError::NotReady(
                "this panel is not paired with Microsoft 365".to_owned(),
            )),
            Err(err) => Err(CalendarError::NotReady(err.to_string())),
        }
    }

    async fn read_window(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Booking>, CalendarError> {
        let Some(room) = self.microsoft.room_mailbox() else {
            return Err(CalendarError::NotReady("no room is chosen yet".to_owned()));
        };
        let graph = self.graph()?;
        let mut state = self.state.lock().await;
        if let (Some(at), Some(err)) = (state.retry_at, &state.last_error) {
            if Instant::now() < at {
                return Err(err.clone());
            }
        }
        let now = self.clock.now();
        let previous = state.round.clone();
        let result = self.sync_round(&graph, &mut state, &room, from, to).await;
        match result {
            Ok(round) => {
                let changed = previous.as_ref().map(|r| &r.events) != Some(&round.events)
                    || previous.as_ref().map(|r| (&r.room, r.from, r.to))
                        != Some((&round.room, round.from, round.to));
                let was_offline = state.offline_since.is_some();
                self.recognise_door_bookings(&graph, &round).await;
                let bookings = bookings_of(&round, &self.door.load());
                if let Ok(mut marks) = self.marks.lock() {
                    marks.clone_from(&round.checked);
                }
                state.round = Some(round);
                state.last_sync = Some(now);
                state.offline_since = None;
                state.failures = 0;
                state.retry_at = None;
                state.last_error = None;
                let due = state.saved_at.is_none_or(|t| t.elapsed() >= SAVE_EVERY);
                if changed || was_offline || due {
                    self.save(&mut state);
                }
                Ok(bookings)
            }
            Err(err) => {
                if matches!(&err, GraphError::Auth(e) if !e.is_transient()) {
                    // The link notices at once and shows the Pairing screen.
                    self.microsoft.sign_in_refused.notify_one();
                }
                if matches!(err, GraphError::Link { .. }) {
                    // A link that was not followed: the next try reads the whole window again
                    // rather than the same links.
                    if let Some(round) = state.round.as_mut() {
                        round.delta_link = None;
                    }
                }
                let pause = match &err {
                    // Microsoft asks to wait: as long as it asks, within ten minutes.
                    GraphError::Throttled(seconds) => {
                        limits::SERVER_WAIT.clamp(i128::from(*seconds))
                    }
                    // Links that go round or on for ever are Graph's (or a proxy's) trouble and
                    // a round of them costs up to MAX_PAGES requests: back off as far as for a
                    // refusal, while the panel says it is offline.
                    GraphError::Link { .. } => retry_pause(
                        state.failures,
                        jitter(),
                        LONGEST_REFUSED_READ_RETRY.max(self.longest_retry),
                    ),
                    e if e.is_transient() => {
                        retry_pause(state.failures, jitter(), self.longest_retry)
                    }
                    _ => retry_pause(state.failures, jitter(), LONGEST_REFUSED_READ_RETRY),
                };
                state.failures = state.failures.saturating_add(1);
                // A token the identity could not get is paced by the identity's own gate
                // (nothing is sent while it is closed): no second backoff here, so the room is
                // read at once when the sign-in works again.
                state.retry_at = if matches!(err, GraphError::Auth(_)) {
                    None
                } else {
                    Some(limits::instant_after(pause))
                };
                let calendar_error = calendar_error(err);
                if state.failures == 1 {
                    tracing::warn!("cannot read the room's calendar: {calendar_error}");
                }
                tracing::debug!(
                    "calendar read failed {} times; next try in {} s",
                    state.failures,
                    pause.as_secs()
                );
                state.last_error = Some(calendar_error.clone());
                if state.offline_since.is_none() {
                    state.offline_since = Some(now);
                    self.save(&mut state);
                }
                Err(calendar_error)
            }
        }
    }

    /// Brings the round up to date: the changes since the delta link, or a new round.
    async fn sync_round(
        &self,
        graph: &Graph,
        state: &mut SyncState,
        room: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Round, GraphError> {
        if let Some(round) = &state.round {
            if round.room == room && round.from == from && round.to == to {
                if let Some(link) = &round.delta_link {
                    let mut events = Events {
                        bookings: round.events.clone(),
                        ical: round.ical.clone(),
                        checked: round.checked.clone(),
                    };
                    match follow(graph, link, &mut events, self.tz).await {
                        Ok(Some(delta_link)) => {
                            return Ok(Round {
                                delta_link: Some(delta_link),
                                events: events.bookings,
                                ical: events.ical,
                                checked: events.checked,
                                ..round.clone()
                            })
                        }
                        Ok(None) => return Err(no_delta_link(link)),
                        Err(GraphError::SyncStateGone) => {
                            tracing::info!("Graph forgot the sync state; reading the whole window");
                        }
                        Err(err) => return Err(err),
                    }
                }
            }
        }
        let window = format!(
            "startDateTime={}&endDateTime={}",
            from.format("%Y-%m-%dT%H:%M:%SZ"),
            to.format("%Y-%m-%dT%H:%M:%SZ")
        );
        let mailbox = path_segment(room);
        if !state.delta_refused {
            let first = format!("/users/{mailbox}/calendarView/delta?{window}");
            let mut events = Events::default();
            match follow(graph, &first, &mut events, self.tz).await {
                Ok(Some(delta_link)) => {
                    return Ok(Round {
                        room: room.to_owned(),
                        from,
                        to,
                        delta_link: Some(delta_link),
                        events: events.bookings,
                        ical: events.ical,
                        checked: events.checked,
                    })
                }
                Ok(None) => return Err(no_delta_link(&first)),
                Err(GraphError::Other { status, code, .. }) if status == 400 || status == 501 => {
                    tracing::warn!(
                        "Graph refused a delta query for this room ({status} {code}); reading the whole window at every poll"
                    );
                    state.delta_refused = true;
                }
                Err(err) => return Err(err),
            }
        }
        let first = format!("/users/{mailbox}/calendarView?{window}&$top={PAGE_SIZE}");
        let mut events = Events::default();
        follow(graph, &first, &mut events, self.tz).await?;
        Ok(Round {
            room: room.to_owned(),
            from,
            to,
            delta_link: None,
            events: events.bookings,
            ical: events.ical,
            checked: events.checked,
        })
    }

    fn save(&self, state: &mut SyncState) {
        let Some(round) = &state.round else {
            return;
        };
        let file = CacheFile {
            version: 1,
            round: round.clone(),
            last_sync: state.last_sync,
            offline_since: state.offline_since,
        };
        let written = serde_json::to_vec(&file)
            .map_err(std::io::Error::other)
            .and_then(|bytes| {
                crate::persist::write(&self.microsoft.state_dir, crate::persist::SCHEDULE, &bytes)
            });
        match written {
            Ok(()) => state.saved_at = Some(Instant::now()),
            Err(err) => tracing::warn!(
                "cannot keep the schedule in {}: {err}",
                self.cache_path.display()
            ),
        }
    }
}

impl CalendarSource for GraphCalendar {
    fn source(&self) -> Source {
        Source::Graph
    }

    fn read(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> BoxFuture<'_, Result<Vec<Booking>, CalendarError>> {
        Box::pin(self.read_window(from, to))
    }

    fn cached(&self) -> Option<Cached> {
        let room = self.microsoft.room_mailbox()?;
        let state = self.state.try_lock().ok()?;
        let round = state.round.as_ref().filter(|r| r.room == room)?;
        Some(Cached {
            bookings: bookings_of(round, &self.door.load()),
            window: crate::core::Window::new(round.from, round.to),
            last_sync: state.last_sync,
            offline_since: state.offline_since,
        })
    }

    fn book(&self, request: BookingRequest) -> BoxFuture<'_, Result<Outcome, CalendarError>> {
        Box::pin(self.book_room(request))
    }

    fn confirm(&self, id: String) -> BoxFuture<'_, Result<Outcome, CalendarError>> {
        Box::pin(self.confirm_booking(id))
    }

    fn change_end(
        &self,
        id: String,
        end: DateTime<Utc>,
    ) -> BoxFuture<'_, Result<Outcome, CalendarError>> {
        Box::pin(self.move_end(id, end))
    }

    fn free_rooms(
        &self,
        now: DateTime<Utc>,
    ) -> BoxFuture<'_, Result<Vec<crate::core::free_rooms::FreeRoom>, CalendarError>> {
        Box::pin(async move {
            use crate::core::free_rooms::{window_end, MIN_FREE_MINUTES};
            let graph = self.graph()?;
            let owner = self.owner()?;
            let here = self.microsoft.room_mailbox();
            crate::calendar::availability::find_free_rooms(
                &graph,
                &owner,
                here.as_deref(),
                now,
                window_end(now, self.tz),
                chrono::Duration::minutes(MIN_FREE_MINUTES),
            )
            .await
            .map_err(calendar_error)
        })
    }

    fn release(&self, id: String, comment: String) -> BoxFuture<'_, Result<(), CalendarError>> {
        Box::pin(async move {
            let graph = self.graph()?;
            let room = path_segment(&self.room()?);
            // Another panel of the room (or Exchange) may have released it, or someone checked
            // in there since the last read: looked at just before, so the organizer is told once.
            match super::checkin::copy_now(&graph, &room, &id)
                .await
                .map_err(calendar_error)?
            {
                super::checkin::CopyNow::Open => {}
                super::checkin::CopyNow::Gone | super::checkin::CopyNow::CheckedIn => {
                    return Err(CalendarError::NotFound(id))
                }
            }
            door::release(&graph, &room, &id, &comment)
                .await
                .map_err(calendar_error)
        })
    }

    fn check_in(
        &self,
        meeting: Booking,
        at: DateTime<Utc>,
    ) -> BoxFuture<'_, Result<super::CheckInRecorded, CalendarError>> {
        Box::pin(async move {
            let graph = self.graph()?;
            let mailbox = self.room()?;
            let room = path_segment(&mailbox);
            let mut recorded = super::CheckInRecorded::default();
            let marker = super::checkin::marker(at, self.tz);
            let mut failure = None;
            match super::checkin::mark(&graph, &room, &meeting.id, &marker).await {
                Ok(()) => recorded.marker = true,
                Err(err) => {
                    tracing::warn!("cannot mark the check-in on the room's calendar: {err}");
                    failure = Some(err);
                }
            }
            // Exchange's check-in takes a delegated sign-in only.
            if self.microsoft.config.auth == crate::config::AuthMode::DeviceCode {
                let ical = {
                    let state = self.state.lock().await;
                    state
                        .round
                        .as_ref()
                        .and_then(|r| r.ical.get(&meeting.id).cloned())
                };
                match ical {
                    Some(ical) => match super::checkin::claim(&graph, &room, &ical).await {
                        Ok(()) => recorded.exchange = true,
                        Err(err) => {
                            tracing::warn!("Exchange did not record the check-in: {err}");
                            failure.get_or_insert(err);
                        }
                    },
                    None => tracing::warn!(
                        "the meeting has no iCalUId: the check-in is not sent to Exchange"
                    ),
                }
            }
            match failure {
                Some(err) if !recorded.marker && !recorded.exchange => Err(calendar_error(err)),
                _ => Ok(recorded),
            }
        })
    }

    fn checked_in_at_exchange(
        &self,
        meeting: Booking,
    ) -> BoxFuture<'_, Result<bool, CalendarError>> {
        Box::pin(async move {
            // Exchange's check-in API takes a delegated sign-in only.
            if self.microsoft.config.auth != crate::config::AuthMode::DeviceCode {
                return Ok(false);
            }
            let graph = self.graph()?;
            let room = path_segment(&self.room()?);
            let ical = {
                let state = self.state.lock().await;
                state
                    .round
                    .as_ref()
                    .and_then(|r| r.ical.get(&meeting.id).cloned())
            };
            let Some(ical) = ical else {
                return Ok(false);
            };
            super::checkin::claimed(&graph, &room, &ical)
                .await
                .map_err(calendar_error)
        })
    }

    fn marks(&self) -> std::collections::BTreeMap<String, crate::core::CheckInWay> {
        self.marks
            .lock()
            .map(|m| {
                m.iter()
                    .map(|id| (id.clone(), crate::core::CheckInWay::AnotherPanel))
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl GraphCalendar {
    fn room(&self) -> Result<String, CalendarError> {
        self.microsoft
            .room_mailbox()
            .ok_or_else(|| CalendarError::NotReady("no room is chosen yet".to_owned()))
    }

    /// Whose calendar holds the door bookings: the signed-in account, or (app-only) the
    /// configured booking account.
    fn owner(&self) -> Result<String, CalendarError> {
        match (&self.microsoft.config.auth, &self.microsoft.config.booking_account) {
            (crate::config::AuthMode::DeviceCode, _) => Ok("/me".to_owned()),
            (
                crate::config::AuthMode::ClientSecret | crate::config::AuthMode::Certificate,
                Some(account),
            ) => Ok(format!("/users/{}", path_segment(account))),
            (crate::config::AuthMode::ClientSecret | crate::config::AuthMode::Certificate, None) => Err(CalendarError::Refused(
                "app-only sign-in needs booking_account in [microsoft]: the account whose calendar holds door bookings".to_owned(),
            )),
        }
    }

    async fn book_room(&self, request: BookingRequest) -> Result<Outcome, CalendarError> {
        let graph = self.graph()?;
        let owner = self.owner()?;
        let room = match &request.room {
            Some(other) => other.clone(),
            None => self.room()?,
        };
        let body = door::new_event(
            &request.subject,
            request.start,
            request.end,
            &room,
            &request.room_name,
            &request.transaction_id,
        );
        let (event_id, ical_uid) = door::create(&graph, &owner, &body)
            .await
            .map_err(calendar_error)?;
        tracing::info!(%room, start = %request.start, end = %request.end, "door booking sent; waiting for the room");
        let made = DoorBooking {
            event_id: event_id.clone(),
            ical_uid,
            room: room.clone(),
            start: request.start,
            end: request.end,
        };
        self.door.put(made.clone(), self.clock.now());
        let answer = door::await_answer(&graph, &owner, &event_id, &room, self.answer_wait)
            .await
            .map_err(calendar_error)?;
        self.settle(&graph, &owner, made, answer, &request.subject)
            .await
    }

    /// What the room's answer means for a door booking; a declined one is deleted.
    async fn settle(
        &self,
        graph: &Graph,
        owner: &str,
        made: DoorBooking,
        answer: RoomAnswer,
        subject: &str,
    ) -> Result<Outcome, CalendarError> {
        match answer {
            RoomAnswer::Accepted => {
                tracing::info!(room = %made.room, "the room accepted the door booking");
                Ok(Outcome::Accepted(Booking {
                    id: made.event_id,
                    subject: subject.to_owned(),
                    organizer: None,
                    start: made.start,
                    end: made.end,
                    all_day: false,
                    private: false,
                    show_as: ShowAs::Busy,
                    cancelled: false,
                    made_here: true,
                }))
            }
            RoomAnswer::Declined | RoomAnswer::Gone => {
                tracing::info!(room = %made.room, "the room declined the door booking; deleting it");
                if let Err(err) = door::delete(graph, owner, &made.event_id).await {
                    tracing::warn!("cannot delete the declined booking: {err}");
                }
                self.door.remove(&made.event_id);
                Ok(Outcome::Declined(Decline::BookedFirst))
            }
            RoomAnswer::Undecided => Ok(Outcome::Pending(made.event_id)),
        }
    }

    async fn confirm_booking(&self, event_id: String) -> Result<Outcome, CalendarError> {
        let graph = self.graph()?;
        let owner = self.owner()?;
        let made = self
            .door
            .load()
            .into_iter()
            .find(|d| d.event_id == event_id)
            .ok_or_else(|| CalendarError::NotFound(event_id.clone()))?;
        let answer = door::room_answer(&graph, &owner, &event_id, &made.room)
            .await
            .map_err(calendar_error)?;
        self.settle(&graph, &owner, made, answer, "").await
    }

    /// Looks the round's door bookings up in the booking account's calendar (by their marker)
    /// when the round is new (start, another room, midnight) and holds a meeting still to come
    /// that is not known as one: so the panel offers End now and +15 min for its own meetings
    /// after the door file was lost. At most one request a round; a failure waits for the next.
    async fn recognise_door_bookings(&self, graph: &Graph, round: &Round) {
        let key = (round.room.clone(), round.from);
        let done = self
            .door_looked_up
            .lock()
            .map(|d| d.as_ref() == Some(&key))
            .unwrap_or(true);
        if done {
            return;
        }
        let now = self.clock.now();
        let known = self.door.load();
        let unknown = round.events.values().any(|b| {
            b.end > now
                && round
                    .ical
                    .get(&b.id)
                    .is_some_and(|ical| !known.iter().any(|d| d.ical_uid == *ical))
        });
        if let Ok(mut d) = self.door_looked_up.lock() {
            *d = Some(key);
        }
        if unknown {
            self.look_up_door_bookings(graph, &round.room, round.from)
                .await;
        }
    }

    /// One look-up of the door bookings for `room` ending at `since` or later; what is found is
    /// remembered. Whether any was new.
    async fn look_up_door_bookings(&self, graph: &Graph, room: &str, since: DateTime<Utc>) -> bool {
        let Ok(owner) = self.owner() else {
            return false;
        };
        match door::find_marked(graph, &owner, room, since).await {
            Ok(found) => self.door.learn(found, self.clock.now()),
            Err(err) => {
                tracing::warn!("cannot look up the door bookings in the calendar: {err}");
                false
            }
        }
    }

    /// The door booking behind a meeting of the room's calendar (matched by `iCalUId`): from
    /// the list kept here, else looked up in the booking account's calendar.
    async fn door_booking_for(
        &self,
        graph: &Graph,
        room_event_id: &str,
    ) -> Result<DoorBooking, CalendarError> {
        let (ical, since) = {
            let state = self.state.lock().await;
            let round = state.round.as_ref();
            (
                round.and_then(|r| r.ical.get(room_event_id).cloned()),
                round.map(|r| r.from),
            )
        };
        let Some(ical) = ical else {
            return Err(CalendarError::NotFound(room_event_id.to_owned()));
        };
        let find = || self.door.load().into_iter().find(|d| d.ical_uid == ical);
        if let Some(found) = find() {
            return Ok(found);
        }
        let room = self.room()?;
        let since = since.unwrap_or_else(|| self.clock.now() - chrono::Duration::days(1));
        self.look_up_door_bookings(graph, &room, since).await;
        find().ok_or_else(|| CalendarError::NotFound(room_event_id.to_owned()))
    }

    /// Ends (now or before it starts: cancels), or extends, a meeting booked at this panel.
    async fn move_end(
        &self,
        room_event_id: String,
        end: DateTime<Utc>,
    ) -> Result<Outcome, CalendarError> {
        let graph = self.graph()?;
        let owner = self.owner()?;
        let made = self.door_booking_for(&graph, &room_event_id).await?;
        let booking = |end| Booking {
            id: room_event_id.clone(),
            subject: String::new(),
            organizer: None,
            start: made.start,
            end,
            all_day: false,
            private: false,
            show_as: ShowAs::Busy,
            cancelled: false,
            made_here: true,
        };
        if end <= made.start {
            door::delete(&graph, &owner, &made.event_id)
                .await
                .map_err(calendar_error)?;
            self.door.remove(&made.event_id);
            return Ok(Outcome::Accepted(booking(made.start)));
        }
        door::set_end(&graph, &owner, &made.event_id, end)
            .await
            .map_err(calendar_error)?;
        let now = self.clock.now();
        if end <= made.end {
            self.door.put(DoorBooking { end, ..made }, now);
            return Ok(Outcome::Accepted(booking(end)));
        }
        // Longer: the room decides again.
        let answer =
            door::await_answer(&graph, &owner, &made.event_id, &made.room, self.answer_wait)
                .await
                .map_err(calendar_error)?;
        match answer {
            RoomAnswer::Accepted => {
                self.door.put(DoorBooking { end, ..made }, now);
                Ok(Outcome::Accepted(booking(end)))
            }
            RoomAnswer::Undecided => {
                self.door.put(
                    DoorBooking {
                        end,
                        ..made.clone()
                    },
                    now,
                );
                Ok(Outcome::Pending(made.event_id))
            }
            RoomAnswer::Declined | RoomAnswer::Gone => {
                // Back to the booking the room had accepted.
                tracing::info!("the room declined the longer booking; restoring its end");
                if let Err(err) = door::set_end(&graph, &owner, &made.event_id, made.end).await {
                    tracing::warn!("cannot restore the booking's end: {err}");
                }
                Ok(Outcome::Declined(Decline::NotFreeForLonger))
            }
        }
    }
}

/// The cached schedule, if there is a usable one (a damaged one is treated as absent); every
/// time in it brought into the range an event may have ([`crate::limits::instant`]).
fn read_cache(state_dir: &std::path::Path) -> Option<CacheFile> {
    use crate::limits::instant;
    let mut cache = crate::persist::load(state_dir, crate::persist::SCHEDULE, |c: &CacheFile| {
        c.version == 1
    })?;
    let round = &mut cache.round;
    (round.from, round.to) = (instant(round.from), instant(round.to));
    for b in round.events.values_mut() {
        (b.start, b.end) = (instant(b.start), instant(b.end));
    }
    cache.last_sync = cache.last_sync.map(instant);
    cache.offline_since = cache.offline_since.map(instant);
    Some(cache)
}

/// The round's bookings, sorted, those made at this panel marked.
fn bookings_of(round: &Round, door: &[DoorBooking]) -> Vec<Booking> {
    let mut out: Vec<Booking> = round
        .events
        .values()
        .cloned()
        .map(|mut b| {
            b.made_here = round
                .ical
                .get(&b.id)
                .is_some_and(|ical| door.iter().any(|d| d.ical_uid == *ical));
            b
        })
        .collect();
    out.sort_by(|a, b| (a.start, a.end, &a.id).cmp(&(b.start, b.end, &b.id)));
    out
}

fn no_delta_link(url: &str) -> GraphError {
    GraphError::Protocol {
        url: url.split('?').next().unwrap_or(url).to_owned(),
        detail: "the last page carried no @odata.deltaLink".to_owned(),
    }
}

/// The pause before try number `failures + 1`: 5 s, 10 s, 20 s, ... up to `longest`, each
/// stretched by `jitter` (0.0 to 1.0 → up to a quarter longer, within `longest`) so that many
/// panels do not retry in step. Never under 5 s.
pub fn retry_pause(failures: u32, jitter: f64, longest: StdDuration) -> StdDuration {
    let base = FIRST_RETRY.saturating_mul(1 << failures.min(10));
    base.mul_f64(1.0 + 0.25 * jitter.clamp(0.0, 1.0))
        .min(longest)
        .max(FIRST_RETRY)
}

/// A number in [0, 1) that differs between panels and between calls.
fn jitter() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    (h.finish() % 10_000) as f64 / 10_000.0
}

fn calendar_error(err: GraphError) -> CalendarError {
    if err.is_transient() {
        CalendarError::Unreachable(err.to_string())
    } else {
        CalendarError::Refused(err.to_string())
    }
}

/// A mailbox as one URL path segment.
fn path_segment(mailbox: &str) -> String {
    let mut out = String::with_capacity(mailbox.len());
    for b in mailbox.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'@' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// One page of `calendarView` or `calendarView/delta`, as sent.
#[derive(Deserialize)]
struct Page {
    value: Vec<serde_json::Value>,
    #[serde(rename = "@odata.nextLink")]
    next_link: Option<String>,
    #[serde(rename = "@odata.deltaLink")]
    delta_link: Option<String>,
}

/// What one page says about the room's events.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// An event to show (new or changed), with its `iCalUId` if it has one.
    Event {
        booking: Booking,
        ical: Option<String>,
        /// The room's copy carries the check-in marker.
        checked_in: bool,
    },
    /// An event to forget: removed, cancelled, or a series master (its occurrences come
    /// separately).
    Gone(String),
}

/// One page of `calendarView` or `calendarView/delta`, read.
#[derive(Clone, Debug, PartialEq)]
pub struct EventPage {
    pub changes: Vec<Change>,
    pub next_link: Option<String>,
    pub delta_link: Option<String>,
}

/// Reads one page of `calendarView` or `calendarView/delta` as Graph sends it; times are in
/// [`limits::EARLIEST_INSTANT`, `limits::LATEST_INSTANT`] and no event ends before it starts.
/// Any text at all gives a page or an error, never a panic.
pub fn parse_page(body: &str, tz: Tz) -> Result<EventPage, String> {
    let page: Page =
        serde_json::from_str(body).map_err(|e| format!("a page is not as expected: {e}"))?;
    let changes = page
        .value
        .into_iter()
        .map(|item| change_of(item, tz))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(EventPage {
        changes,
        next_link: page.next_link,
        delta_link: page.delta_link,
    })
}

/// A round's events as they are read: bookings and their `iCalUId`s, by id.
#[derive(Default, Clone)]
struct Events {
    bookings: BTreeMap<String, Booking>,
    ical: BTreeMap<String, String>,
    checked: std::collections::BTreeSet<String>,
}

impl Events {
    fn apply(&mut self, change: Change) {
        match change {
            Change::Event {
                booking,
                ical,
                checked_in,
            } => {
                let id = booking.id.clone();
                if checked_in {
                    self.checked.insert(id.clone());
                } else {
                    self.checked.remove(&id);
                }
                self.bookings.insert(id.clone(), booking);
                match ical {
                    Some(ical) => self.ical.insert(id, ical),
                    None => self.ical.remove(&id),
                };
            }
            Change::Gone(id) => {
                self.checked.remove(&id);
                self.bookings.remove(&id);
                self.ical.remove(&id);
            }
        }
    }
}

/// Follows `first` through its `@odata.nextLink`s, applying each page to `events`; the
/// `@odata.deltaLink` at the end, if any. Each link is followed once, at most [`MAX_PAGES`]
/// pages, and only to Graph's own origin (a delta link elsewhere is refused, never kept).
async fn follow(
    graph: &Graph,
    first: &str,
    events: &mut Events,
    tz: Tz,
) -> Result<Option<String>, GraphError> {
    let maxpagesize = format!("odata.maxpagesize={PAGE_SIZE}");
    let mut paging = Paging::new(MAX_PAGES);
    let mut url = first.to_owned();
    loop {
        paging.visit(graph, &url)?;
        let body = graph.get_text_with(&url, &[&maxpagesize]).await?;
        let page = parse_page(&body, tz).map_err(|detail| GraphError::Protocol {
            url: url.split('?').next().unwrap_or(&url).to_owned(),
            detail,
        })?;
        for change in page.changes {
            events.apply(change);
        }
        match page.next_link {
            Some(next) => {
                graph.check_link(&next)?;
                url = next;
            }
            None => {
                if let Some(delta) = &page.delta_link {
                    graph.check_link(delta)?;
                }
                return Ok(page.delta_link);
            }
        }
    }
}

/// One item of a page: an event (added or changed) or a removal.
fn change_of(item: serde_json::Value, tz: Tz) -> Result<Change, String> {
    if item.get("@removed").is_some() {
        let id = item
            .get("id")
            .and_then(|v| v.as_str())
            .ok_or("a removed item has no id")?;
        return Ok(Change::Gone(id.to_owned()));
    }
    let event: GraphEvent =
        serde_json::from_value(item).map_err(|e| format!("an event is not as expected: {e}"))?;
    let id = event.id.clone();
    let ical = event.ical_uid.clone();
    let checked_in = super::checkin::is_marked(&event.categories);
    Ok(match booking_of(event, tz)? {
        Some(booking) => Change::Event {
            booking,
            ical,
            checked_in,
        },
        None => Change::Gone(id),
    })
}

#[derive(Deserialize)]
struct EmailAddress {
    name: Option<String>,
    address: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Recipient {
    email_address: Option<EmailAddress>,
}

/// The fields of a Graph event the panel uses.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GraphEvent {
    id: String,
    subject: Option<String>,
    organizer: Option<Recipient>,
    start: DateTimeTimeZone,
    end: DateTimeTimeZone,
    #[serde(default)]
    is_all_day: Option<bool>,
    #[serde(default)]
    is_cancelled: Option<bool>,
    show_as: Option<String>,
    sensitivity: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(rename = "iCalUId")]
    ical_uid: Option<String>,
    /// Outlook's categories (the check-in marker among them), read leniently.
    #[serde(default)]
    categories: serde_json::Value,
}

fn show_as(value: Option<&str>) -> ShowAs {
    match value.unwrap_or("busy") {
        "free" => ShowAs::Free,
        "tentative" => ShowAs::Tentative,
        "busy" => ShowAs::Busy,
        "oof" => ShowAs::Oof,
        "workingElsewhere" => ShowAs::WorkingElsewhere,
        _ => ShowAs::Unknown,
    }
}

/// The core's booking for a Graph event; `None` for what does not belong on the panel
/// (cancelled meetings, series masters).
fn booking_of(event: GraphEvent, tz: Tz) -> Result<Option<Booking>, String> {
    if event.is_cancelled == Some(true) || event.kind.as_deref() == Some("seriesMaster") {
        return Ok(None);
    }
    let all_day = event.is_all_day == Some(true);
    let (start, end) = if all_day {
        // An all-day event is a run of days wherever the panel is: its dates, as sent, are
        // days in the display zone.
        let day = |v: &DateTimeTimeZone| -> Result<DateTime<Utc>, String> {
            let date = v
                .date_time
                .get(..10)
                .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .ok_or_else(|| format!("cannot read the date {:?}", v.date_time))?;
            Ok(limits::instant(crate::core::view::local_instant(
                tz,
                date,
                chrono::NaiveTime::MIN,
            )))
        };
        (day(&event.start)?, day(&event.end)?)
    } else {
        (parse_date_time(&event.start)?, parse_date_time(&event.end)?)
    };
    // An event that ends before it starts holds the room for no time at all: kept, with its
    // end at its start, so it neither blocks the room nor makes a negative duration anywhere.
    // (Events far outside the window are harmless once their times are in range: the core
    // looks only at what overlaps the day.)
    let end = end.max(start);
    let organizer = event
        .organizer
        .and_then(|o| o.email_address)
        .and_then(|e| e.name.filter(|n| !n.trim().is_empty()).or(e.address));
    let private = matches!(
        event.sensitivity.as_deref(),
        Some("private") | Some("confidential")
    );
    Ok(Some(Booking {
        id: event.id,
        subject: event.subject.unwrap_or_default(),
        organizer,
        start,
        end,
        all_day,
        private,
        show_as: show_as(event.show_as.as_deref()),
        cancelled: false,
        made_here: false,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn dt(date_time: &str, zone: &str) -> DateTimeTimeZone {
        DateTimeTimeZone {
            date_time: date_time.to_owned(),
            time_zone: Some(zone.to_owned()),
        }
    }

    #[test]
    fn graph_times_with_seven_digits_and_no_offset() {
        let at = parse_date_time(&dt("2026-11-23T09:00:00.0000000", "UTC")).unwrap();
        assert_eq!(at, Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap());
        let at = parse_date_time(&dt(
            "2026-11-23T09:30:00.0000000",
            "W. Europe Standard Time",
        ))
        .unwrap();
        assert_eq!(at, Utc.with_ymd_and_hms(2026, 11, 23, 8, 30, 0).unwrap());
        let at = parse_date_time(&dt("2026-07-01T09:00:00.0000000", "Europe/London")).unwrap();
        assert_eq!(at, Utc.with_ymd_and_hms(2026, 7, 1, 8, 0, 0).unwrap());
        assert!(parse_date_time(&dt("2026-11-23T09:00:00.0000000", "Mars Time")).is_err());
        assert!(parse_date_time(&dt("tomorrow", "UTC")).is_err());
    }

    #[test]
    fn a_time_in_the_spring_gap_moves_past_it() {
        // 02:30 does not exist in Berlin on 2026-03-29.
        let at = parse_date_time(&dt("2026-03-29T02:30:00.0000000", "Europe/Berlin")).unwrap();
        assert_eq!(at, Utc.with_ymd_and_hms(2026, 3, 29, 1, 0, 0).unwrap());
    }

    #[test]
    fn retries_back_off_from_five_seconds_to_the_longest_pause() {
        let longest = StdDuration::from_secs(300);
        let secs = |n| retry_pause(n, 0.0, longest).as_secs();
        assert_eq!(
            [secs(0), secs(1), secs(2), secs(3), secs(6), secs(40)],
            [5, 10, 20, 40, 300, 300]
        );
        assert_eq!(retry_pause(0, 1.0, longest), StdDuration::from_millis(6250));
        // Offline with a 10 s poll: 5 s, then a little under the poll interval.
        let poll = StdDuration::from_secs(9);
        assert_eq!(retry_pause(0, 0.0, poll).as_secs(), 5);
        assert_eq!(retry_pause(3, 1.0, poll).as_secs(), 9);
        // Never under 5 s, whatever the poll interval.
        assert_eq!(retry_pause(0, 0.0, StdDuration::from_secs(1)).as_secs(), 5);
    }

    /// Microsoft's documented example of a `calendarView/delta` round (three pages and the next
    /// round's changes), verbatim.
    fn example_pages() -> Vec<serde_json::Value> {
        let doc: serde_json::Value = serde_json::from_str(include_str!(
            "../../tests/data/msgraph/delta-query-events.json"
        ))
        .unwrap();
        ["page1", "page2", "page3", "next_round"]
            .iter()
            .map(|k| doc["responses"][k].clone())
            .collect()
    }

    #[test]
    fn microsofts_example_pages_read_as_documented() {
        let pages: Vec<EventPage> = example_pages()
            .iter()
            .map(|p| parse_page(&p.to_string(), chrono_tz::UTC).unwrap())
            .collect();
        assert_eq!(pages[0].changes.len(), 2);
        assert!(pages[0]
            .next_link
            .as_deref()
            .unwrap()
            .contains("$skiptoken="));
        let Change::Event { booking, .. } = &pages[0].changes[0] else {
            panic!("{:?}", pages[0].changes[0]);
        };
        assert_eq!(booking.subject, "Plan shopping list");
        assert_eq!(
            booking.start,
            Utc.with_ymd_and_hms(2016, 12, 9, 20, 30, 0).unwrap()
        );
        assert_eq!(booking.organizer.as_deref(), Some("Samantha Booth"));
        assert!(pages[2].delta_link.is_some() && pages[2].next_link.is_none());
        let last = &pages[3].changes;
        assert!(matches!(&last[0], Change::Gone(id) if id.starts_with("AAMk")));
        assert!(
            matches!(&last[1], Change::Event { booking, .. } if booking.subject == "Attend service")
        );
    }

    #[test]
    fn event_times_from_outside_stay_in_range() {
        let page = |start: &str, end: &str, all_day: bool| {
            let body = serde_json::json!({ "value": [{
                "id": "x", "isAllDay": all_day,
                "start": { "dateTime": start, "timeZone": "UTC" },
                "end": { "dateTime": end, "timeZone": "W. Europe Standard Time" },
            }]});
            parse_page(&body.to_string(), chrono_tz::Europe::Berlin)
        };
        let times = |p: Result<EventPage, String>| match p.unwrap().changes.pop() {
            Some(Change::Event { booking, .. }) => {
                (booking.start.timestamp(), booking.end.timestamp())
            }
            other => panic!("{other:?}"),
        };
        let (lo, hi) = (limits::EARLIEST_INSTANT, limits::LATEST_INSTANT);
        assert_eq!(
            times(page(
                "+262142-01-01T00:00:00",
                "+262142-12-31T00:00:00",
                false
            )),
            (hi, hi)
        );
        assert_eq!(
            times(page(
                "9999-12-31T23:59:59.9999999",
                "9999-12-31T23:59:59",
                false
            )),
            (hi, hi)
        );
        assert_eq!(
            times(page("0001-01-01T00:00:00", "0001-01-01T01:00:00", false)),
            (lo, lo)
        );
        assert_eq!(
            times(page("9999-12-31T00:00:00", "9999-12-31T00:00:00", true)),
            (hi, hi)
        );
        // An end before its start: no time at all, at the start.
        let at = Utc
            .with_ymd_and_hms(2026, 11, 23, 10, 0, 0)
            .unwrap()
            .timestamp();
        assert_eq!(
            times(page("2026-11-23T10:00:00", "2026-11-23T09:00:00", false)),
            (at, at)
        );
    }

    use proptest::prelude::*;

    /// Values that have broken parsers of times and zones before, and plain nonsense.
    fn odd_value() -> impl Strategy<Value = serde_json::Value> {
        use serde_json::json;
        let texts = prop::sample::select(vec![
            "+262143-01-01T00:00:00",
            "-262143-01-01T00:00:00",
            "9999-12-31T23:59:59.9999999",
            "0000-01-01T00:00:00",
            "2026-03-29T02:30:00.0000000",
            "2026-10-25T02:30:00.0000000",
            "2026-11-23T09:00:00+14:00",
            "2026-11-23T09:00:00-23:59",
            "2026-11-23",
            "2026-02-30T00:00:00",
            "Dateline Standard Time",
            "Line Islands Standard Time",
            "Pacific/Kiritimati",
            "UTC",
            "seriesMaster",
            "",
        ])
        .prop_map(|t| json!(t));
        let leaf = prop_oneof![
            texts,
            ".{0,30}".prop_map(|t| json!(t)),
            any::<i64>().prop_map(|n| json!(n)),
            any::<f64>().prop_map(|f| json!(f)),
            any::<bool>().prop_map(|b| json!(b)),
            Just(serde_json::Value::Null),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
                prop::collection::btree_map(".{0,8}", inner, 0..4)
                    .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        })
    }

    /// Where in an event a mutation lands.
    const FIELDS: [&[&str]; 14] = [
        &["start", "dateTime"],
        &["end", "dateTime"],
        &["start", "timeZone"],
        &["end", "timeZone"],
        &["start"],
        &["end"],
        &["isAllDay"],
        &["id"],
        &["showAs"],
        &["type"],
        &["isCancelled"],
        &["organizer", "emailAddress"],
        &["@removed"],
        &["iCalUId"],
    ];

    fn set(value: &mut serde_json::Value, path: &[&str], to: serde_json::Value) {
        let mut at = value;
        for key in &path[..path.len() - 1] {
            if !at.is_object() {
                *at = serde_json::json!({});
            }
            at = &mut at[*key];
        }
        if !at.is_object() {
            *at = serde_json::json!({});
        }
        at[path[path.len() - 1]] = to;
    }

    /// The page's bookings handed to the core at `now`: the state and the screen.
    fn downstream(page: &EventPage, now: DateTime<Utc>, tz: Tz) {
        use crate::core::view::panel_view;
        use crate::core::{room_state, CheckIns, Policy, Room, Schedule, Snapshot};
        let bookings: Vec<Booking> = page
            .changes
            .iter()
            .filter_map(|c| match c {
                Change::Event { booking, .. } => Some(booking.clone()),
                Change::Gone(_) => None,
            })
            .collect();
        let checked_in: CheckIns = bookings.iter().map(|b| b.id.clone()).collect();
        // A window over all time, so the state is worked out from the bookings at any `now`.
        let schedule = Schedule::Known(
            bookings,
            crate::core::Window::new(DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC),
        );
        let policy = Policy::default();
        let _ = room_state(now, &schedule, &policy, &checked_in);
        let snapshot = Snapshot {
            link: crate::core::Link::Demo,
            room: Room {
                name: "Room".to_owned(),
                mailbox: None,
            },
            schedule,
            checked_in,
            check_in_ways: Default::default(),
            released: Vec::new(),
            source: Source::Graph,
            last_sync: Some(now),
            offline_since: None,
            trouble: None,
        };
        let settings = crate::core::view::ViewSettings {
            tz,
            ..Default::default()
        };
        let _ = panel_view(now, &snapshot, &policy, &settings);
    }

    fn in_range(page: &EventPage) -> Result<(), TestCaseError> {
        for change in &page.changes {
            if let Change::Event { booking, .. } = change {
                prop_assert!(booking.start.timestamp() >= limits::EARLIEST_INSTANT);
                prop_assert!(booking.end.timestamp() <= limits::LATEST_INSTANT);
                prop_assert!(booking.start <= booking.end);
            }
        }
        Ok(())
    }

    fn now_strategy() -> impl Strategy<Value = DateTime<Utc>> {
        prop_oneof![
            Just(limits::EARLIEST_INSTANT),
            Just(limits::LATEST_INSTANT),
            limits::EARLIEST_INSTANT..=limits::LATEST_INSTANT,
            // Before and after every event's range: 1970 and the last second of year 9999.
            Just(0),
            Just(253_402_300_799),
        ]
        .prop_map(|t| Utc.timestamp_opt(t, 0).unwrap())
    }

    fn zone_strategy() -> impl Strategy<Value = Tz> {
        prop::sample::select(vec![
            chrono_tz::UTC,
            chrono_tz::Europe::Berlin,
            chrono_tz::Pacific::Kiritimati,
            chrono_tz::Pacific::Apia,
            chrono_tz::Australia::Lord_Howe,
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Microsoft's example pages with any field of any event replaced by an odd value:
        /// a page or an error, never a panic; times in range; the core copes at any instant.
        #[test]
        fn mutated_example_pages_never_panic(
            page in 0usize..4,
            mutations in prop::collection::vec((0usize..3, 0usize..FIELDS.len(), odd_value()), 1..4),
            link in prop::option::of(odd_value()),
            now in now_strategy(),
            tz in zone_strategy(),
        ) {
            let mut body = example_pages()[page].clone();
            for (event, field, value) in mutations {
                if let Some(item) = body["value"].get_mut(event) {
                    set(item, FIELDS[field], value);
                }
            }
            if let Some(link) = link {
                body["@odata.nextLink"] = link;
            }
            if let Ok(parsed) = parse_page(&body.to_string(), tz) {
                in_range(&parsed)?;
                downstream(&parsed, now, tz);
            }
        }

        /// Any JSON value, and any text at all.
        #[test]
        fn any_json_or_text_never_panics(value in odd_value(), text in ".{0,200}", tz in zone_strategy()) {
            for body in [value.to_string(), serde_json::json!({ "value": [value] }).to_string(), text] {
                if let Ok(parsed) = parse_page(&body, tz) {
                    in_range(&parsed)?;
                }
            }
        }
    }

    #[test]
    fn times_in_the_cache_are_brought_into_range() {
        let dir = tempfile::tempdir().unwrap();
        let far = "+262142-12-31T23:59:59Z";
        let early = "-262143-01-01T00:00:00Z";
        let text = format!(
            r#"{{"version":1,"last_sync":"{far}","offline_since":"{early}","round":{{"room":"r@contoso.com","from":"{early}","to":"{far}","delta_link":null,"events":{{"a":{{"id":"a","subject":"s","organizer":null,"start":"{early}","end":"{far}","all_day":false,"private":false,"show_as":"busy","cancelled":false,"made_here":false}}}}}}}}"#
        );
        std::fs::write(dir.path().join(CACHE_FILE), text).unwrap();
        let cache = read_cache(dir.path()).expect("a usable cache");
        let b = &cache.round.events["a"];
        assert_eq!(b.start.timestamp(), crate::limits::EARLIEST_INSTANT);
        assert_eq!(b.end.timestamp(), crate::limits::LATEST_INSTANT);
        assert_eq!(
            cache.last_sync.unwrap().timestamp(),
            crate::limits::LATEST_INSTANT
        );
        // Arithmetic on them cannot overflow now.
        let _ = b.end + chrono::Duration::days(365);
    }

    #[test]
    fn mailboxes_become_one_path_segment() {
        assert_eq!(
            path_segment("room-4.12@contoso.com"),
            "room-4.12@contoso.com"
        );
        assert_eq!(path_segment("a+b/c@x.com"), "a%2Bb%2Fc@x.com");
    }
}
