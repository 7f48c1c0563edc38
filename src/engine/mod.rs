//! The async engine: keeps the room's [`Snapshot`] fresh and carries out the taps from the
//! screen. It runs on its own thread with a tokio runtime; the UI thread never waits on it. The
//! snapshot is published on a `watch` channel, and every change is announced through a
//! notifier so the UI can redraw from the same snapshot the lights read. The engine is the
//! snapshot's only writer: the link to Microsoft 365 sends its changes ([`LinkUpdate`]) into
//! the engine's queue, and every change is one of the core's transitions
//! ([`crate::core::transition`]).
//!
//! ```text
//!  UI ── Command ──► run ───── read, book ─────► calendar
//!                     │                              │ sign_in_refused (wakes the link)
//!                     ├── LinkCommand ───────► keep_linked (the link)
//!                     │                              │ LinkUpdate
//!                     ▼                              ▼
//!            the snapshot (watch) ◄──────────── follow_link
//!                     └──► UI (EngineEvent), lights
//! ```
//!
//! `run`, `follow_link` and `keep_linked` are three tasks on the engine thread's one
//! current-thread runtime; only the first two write the snapshot, each through the core.
//!
//! One signal does not pass through the queue: when a read of the calendar finds the sign-in
//! refused, the calendar wakes the link (`Microsoft::sign_in_refused`), so the link looks at
//! the identity at once instead of at its next look, and sends what it finds to the engine.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use tokio::sync::{mpsc, watch};

use crate::calendar::{BookingRequest, CalendarError, CalendarSource, CheckInRecorded, Outcome};
use crate::clock::{clock_is_plausible, Clock};
use crate::core::offers::{booking_start, offers};
use crate::core::state::{current_meeting, is_released, room_state, CheckIns};
use crate::core::transition::{self, Read, ReadNews};
use crate::core::view::{local_day, ActionResult};
use crate::core::words::{release_comment, TapRefusal};
use crate::core::{Booking, Policy, ReleaseMode, Room, Snapshot, Source, SyncTrouble, Window};
use crate::microsoft::link::{LinkCommand, LinkUpdate};

/// A tap from the screen, for the engine to carry out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Book the room from now for this many minutes (one of the offered chips).
    Book { minutes: i64 },
    /// Check in to the meeting awaiting check-in.
    CheckIn,
    /// End the current meeting booked at this panel now.
    EndEarly,
    /// Extend the current meeting booked at this panel.
    Extend { minutes: i64 },
    /// Read the calendar now.
    SyncNow,
    /// Start pairing with Microsoft 365 (a tap on "Get a code", or re-pair).
    Pair,
    /// Sign out of Microsoft 365 and wait for a tap on "Get a code" (the admin screen's Unpair).
    Unpair,
    /// Show the Room picker again.
    ChangeRoom,
    /// The room picked on the Room picker.
    ChooseRoom(crate::core::rooms::RoomChoice),
    /// Look for other rooms free now ("Find a free room").
    FindRooms,
    /// Book another room, free now, for this many minutes.
    BookRoom {
        email: String,
        name: String,
        minutes: i64,
    },
}

/// What the engine tells the UI.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EngineEvent {
    /// A new snapshot is on the watch channel.
    Snapshot,
    /// A command finished.
    Done(ActionResult),
    /// The answer to "Find a free room": the rooms, or why they cannot be looked up.
    FreeRooms(Result<Vec<crate::core::free_rooms::FreeRoom>, String>),
    /// A read asked for with `SyncNow` is over (its outcome is in the snapshot).
    Synced,
}

/// How the engine runs.
#[derive(Clone, Debug)]
pub struct EngineSettings {
    pub room: Room,
    pub policy: Policy,
    pub tz: chrono_tz::Tz,
    /// Subject of door bookings.
    pub booking_subject: String,
    pub allow_end_early: bool,
    pub allow_extend: bool,
    /// How often the calendar is read.
    pub poll_every: StdDuration,
    /// Where check-ins and releases are kept across restarts (`None`: in memory only).
    pub state_dir: Option<std::path::PathBuf>,
}

/// File in the state directory with the check-ins and the meetings released at the door.
pub const CHECK_INS_FILE: &str = crate::persist::CHECK_INS.name;

/// The most releases `check-ins.json` keeps.
const MAX_RELEASES_KEPT: usize = 20;

/// What the panel remembers of check-in across restarts.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CheckInRecord {
    /// Meetings checked in to.
    pub checked_in: CheckIns,
    /// Meetings released because nobody checked in (declined by the room).
    pub released: CheckIns,
    /// Meetings released for want of a check-in, here or elsewhere, with when (so `status` and
    /// a restarted panel still say why the room is free for the rest of their slot).
    #[serde(default)]
    pub releases: Vec<crate::core::Released>,
}

impl CheckInRecord {
    /// The record in `state_dir` (empty when there is none, or it cannot be read).
    pub fn load(state_dir: &std::path::Path) -> CheckInRecord {
        crate::persist::load(state_dir, crate::persist::CHECK_INS, |_: &CheckInRecord| {
            true
        })
        .unwrap_or_default()
    }

    /// Keeps the record, forgetting meetings no longer in `bookings` (past days).
    pub fn save(&mut self, state_dir: &std::path::Path, bookings: &[Booking]) {
        let known = |id: &String| bookings.iter().any(|b| &b.id == id);
        self.checked_in.retain(known);
        self.released.retain(known);
        // Each is forgotten at the first read after its slot; a few are plenty.
        let extra = self.releases.len().saturating_sub(MAX_RELEASES_KEPT);
        self.releases.drain(..extra);
        if let Err(err) = crate::persist::save(state_dir, crate::persist::CHECK_INS, self) {
            tracing::warn!("cannot keep the check-ins: {err}");
        }
    }
}

/// The window of the calendar the panel keeps: from the start of today to the end of tomorrow,
/// in the display zone.
pub fn sync_window(now: DateTime<Utc>, tz: chrono_tz::Tz) -> (DateTime<Utc>, DateTime<Utc>) {
    let (today, tomorrow) = local_day(now, tz);
    let (_, day_after) = local_day(tomorrow + Duration::hours(1), tz);
    (today, day_after)
}

/// Reads the calendar once and folds the result into `previous` (or a fresh snapshot). A failed
/// read keeps the last known schedule and marks the panel offline; it never wipes the schedule.
/// With a clock that cannot be right, the state is unknown: a wrong "Free" is worse than none.
pub async fn sync_once(
    calendar: &dyn CalendarSource,
    settings: &EngineSettings,
    now: DateTime<Utc>,
    previous: Option<&Snapshot>,
) -> Snapshot {
    sync_checked(calendar, settings, now, clock_is_plausible(now), previous).await
}

/// [`sync_once`] with the clock's own word on whether it is synchronised.
pub async fn sync_checked(
    calendar: &dyn CalendarSource,
    settings: &EngineSettings,
    now: DateTime<Utc>,
    clock_synchronised: bool,
    previous: Option<&Snapshot>,
) -> Snapshot {
    let mut snapshot = previous
        .cloned()
        .unwrap_or_else(|| Snapshot::unknown(settings.room.clone(), Source::Nothing));
    if !clock_synchronised {
        transition::clock_not_synchronised(&mut snapshot);
        return snapshot;
    }
    if transition::waits_for_clock(&snapshot) {
        // The clock is right again; the cached schedule, if any, comes back with the read.
        let cached = calendar.cached().map(|c| (c.bookings, c.window));
        transition::clock_back(&mut snapshot, cached);
    }
    let (from, to) = sync_window(now, settings.tz);
    let before: Vec<Booking> = snapshot.bookings().to_vec();
    let read = match calendar.read(from, to).await {
        Ok(bookings) => Read::Schedule {
            bookings,
            window: Window::new(from, to),
            source: calendar.source(),
        },
        Err(CalendarError::NotReady(why)) => {
            tracing::debug!("calendar not read: {why}");
            Read::NotReady
        }
        Err(err) => Read::Failed(SyncTrouble {
            refused: matches!(err, CalendarError::Refused(_)),
            words: err.to_string(),
        }),
    };
    let failure = match &read {
        Read::Failed(trouble) => Some(trouble.words.clone()),
        _ => None,
    };
    let good = matches!(read, Read::Schedule { .. });
    match transition::fold_read(&mut snapshot, now, read) {
        ReadNews::Recovered => tracing::info!("the calendar is read again"),
        // Said once per trouble, not at every poll while it lasts.
        ReadNews::NewTrouble => {
            tracing::warn!("calendar read failed: {}", failure.unwrap_or_default())
        }
        ReadNews::Same => {}
    }
    if good {
        // Check-ins recorded at other panels of the room, and meetings released elsewhere. One
        // made beside this panel (`roomsign check-in` on its state directory) is this panel's.
        let mut marks = calendar.marks();
        if let Some(dir) = &settings.state_dir {
            if marks.keys().any(|id| !snapshot.checked_in.contains(id)) {
                let ours = CheckInRecord::load(dir).checked_in;
                for (id, way) in marks.iter_mut() {
                    if ours.contains(id) {
                        *way = crate::core::CheckInWay::ThisPanel;
                    }
                }
            }
        }
        transition::fold_marks(&mut snapshot, &marks);
        // A meeting still awaiting check-in: checked in at Exchange by another device?
        if let crate::core::RoomState::AwaitingCheckIn { meeting, .. } = room_state(
            now,
            &snapshot.schedule,
            &settings.policy,
            &snapshot.checked_in,
        ) {
            match calendar.checked_in_at_exchange(meeting.clone()).await {
                Ok(true) => {
                    let marks = std::collections::BTreeMap::from([(
                        meeting.id.clone(),
                        crate::core::CheckInWay::Exchange,
                    )]);
                    transition::fold_marks(&mut snapshot, &marks);
                }
                Ok(false) => {}
                Err(err) => tracing::debug!("cannot ask Exchange about the check-in: {err}"),
            }
        }
        let count = snapshot.released.len();
        transition::note_releases(&mut snapshot, &before, now, &settings.policy);
        for r in snapshot.released.iter().skip(count) {
            tracing::info!(
                room = %snapshot.room.name,
                meeting = %r.meeting.id,
                start = %r.meeting.start,
                end = %r.meeting.end,
                "released elsewhere: nobody checked in"
            );
        }
    }
    snapshot
}

/// Checks in to the meeting awaiting check-in at `now`, exactly as the panel's button does: the
/// check-in in `snapshot` and recorded in the calendar (the marker every panel of the room
/// reads; Exchange's own record with a delegated sign-in). The one place a check-in happens.
/// `Err` with the tap's result when no meeting awaits one; the meeting and how it was recorded
/// (or why the calendar did not take it: the panel keeps it all the same) otherwise.
pub async fn check_in_now(
    calendar: &dyn CalendarSource,
    settings: &EngineSettings,
    now: DateTime<Utc>,
    snapshot: &mut Snapshot,
) -> Result<(Booking, Result<CheckInRecorded, CalendarError>), ActionResult> {
    let Some(meeting) = transition::check_in(snapshot, now, &settings.policy) else {
        return Err(TapRefusal::NothingToCheckIn.into());
    };
    let recorded = calendar.check_in(meeting.clone(), now).await;
    match &recorded {
        Ok(how) => tracing::info!(
            room = %snapshot.room.name,
            meeting = %meeting.id,
            start = %meeting.start,
            end = %meeting.end,
            marker = how.marker,
            exchange = how.exchange,
            "checked in"
        ),
        Err(err) => tracing::warn!(
            room = %snapshot.room.name,
            meeting = %meeting.id,
            start = %meeting.start,
            "checked in at this panel only; the calendar did not take it: {err}"
        ),
    }
    Ok((meeting, recorded))
}

/// The first snapshot of a calendar: its cached schedule when it has one (`source` "cache"),
/// else unknown.
pub fn cached_snapshot(calendar: &dyn CalendarSource, room: Room) -> Snapshot {
    match calendar.cached() {
        Some(cached) => transition::from_cache(
            room,
            cached.bookings,
            cached.window,
            cached.last_sync,
            cached.offline_since,
        ),
        None => Snapshot::unknown(room, Source::Nothing),
    }
}

/// Work run on the engine's runtime beside it.
pub type Task = std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>>;

/// The UI's end of the engine.
pub struct EngineHandle {
    commands: mpsc::UnboundedSender<Command>,
    tasks: mpsc::UnboundedSender<Task>,
    snapshot: watch::Receiver<Snapshot>,
    acting: watch::Receiver<bool>,
}

impl EngineHandle {
    /// Sends a command; false when the engine has stopped.
    pub fn send(&self, command: Command) -> bool {
        self.commands.send(command).is_ok()
    }

    /// Runs `task` on the engine's runtime beside the engine (the metrics endpoint), until the
    /// engine stops; false when it has stopped.
    pub fn run_beside(&self, task: Task) -> bool {
        self.tasks.send(task).is_ok()
    }

    /// The latest snapshot.
    pub fn snapshot(&self) -> Snapshot {
        self.snapshot.borrow().clone()
    }

    /// Follows the snapshot (the light controller reads the same one as the screen).
    pub fn watch_snapshot(&self) -> watch::Receiver<Snapshot> {
        self.snapshot.clone()
    }

    /// Follows whether a tap is being carried out (true from the moment the engine takes a
    /// command until its result and the snapshot after it are published).
    pub fn watch_acting(&self) -> watch::Receiver<bool> {
        self.acting.clone()
    }
}

/// Starts the engine on its own thread, from `initial` (already loaded, so the first frame
/// needs no wait). Without a calendar (a Microsoft 365 room whose calendar is not read yet) the
/// schedule stays as it is. With `microsoft`, the link to Microsoft 365 is kept (pairing when
/// needed) beside it, as a task of the engine's thread that sends its changes to the engine.
/// `notify` is called from the engine thread after every change.
pub fn spawn(
    calendar: Option<Arc<dyn CalendarSource>>,
    microsoft: Option<Arc<crate::microsoft::link::Microsoft>>,
    clock: Arc<dyn Clock>,
    settings: EngineSettings,
    initial: Snapshot,
    notify: impl Fn(EngineEvent) + Send + Sync + 'static,
) -> std::io::Result<EngineHandle> {
    spawn_after(None, calendar, microsoft, clock, settings, initial, notify)
}

/// Longest the engine waits for its start signal in [`spawn_after`].
pub const START_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// [`spawn`], but the engine's thread waits for `start` (a message, or its sender dropped; at
/// most [`START_WAIT`]) before it does anything: the panel sends it once its first frame is on
/// screen, so the first read of Microsoft 365 does not compete with that frame for the CPU.
/// Commands sent meanwhile wait in the queue.
pub fn spawn_after(
    start: Option<std::sync::mpsc::Receiver<()>>,
    calendar: Option<Arc<dyn CalendarSource>>,
    microsoft: Option<Arc<crate::microsoft::link::Microsoft>>,
    clock: Arc<dyn Clock>,
    settings: EngineSettings,
    initial: Snapshot,
    notify: impl Fn(EngineEvent) + Send + Sync + 'static,
) -> std::io::Result<EngineHandle> {
    let (command_tx, command_rx) = mpsc::unbounded_channel();
    // A schedule from the cache, or none yet: read the calendar at once.
    let sync_at_start = initial.source != Source::Demo || initial.last_sync.is_none();
    let (snapshot_tx, snapshot_rx) = watch::channel(initial);
    let engine_commands = command_tx.clone();
    let (acting_tx, acting_rx) = watch::channel(false);
    let (task_tx, mut task_rx) = mpsc::unbounded_channel::<Task>();
    std::thread::Builder::new()
        .name("roomsign-engine".to_owned())
        .spawn(move || {
            if let Some(start) = start {
                let _ = start.recv_timeout(START_WAIT);
            }
            let runtime = match tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                Ok(rt) => rt,
                Err(err) => {
                    tracing::error!("cannot start the engine's runtime: {err}");
                    return;
                }
            };
            let notify: Arc<dyn Fn(EngineEvent) + Send + Sync> = Arc::new(notify);
            let (link_command_tx, link_command_rx) = mpsc::unbounded_channel();
            let (link_update_tx, link_update_rx) = mpsc::unbounded_channel();
            let released = settings
                .state_dir
                .as_deref()
                .map(|d| CheckInRecord::load(d).released)
                .unwrap_or_default();
            let engine = Engine {
                calendar,
                clock: clock.clone(),
                settings,
                snapshot: Arc::new(snapshot_tx),
                acting: acting_tx,
                notify,
                link: link_command_tx,
                resync: engine_commands,
                booking: Arc::new(std::sync::atomic::AtomicBool::new(false)),
                released: std::sync::Mutex::new(released),
            };
            let follow = follow_link(
                engine.snapshot.clone(),
                engine.notify.clone(),
                engine.resync.clone(),
                link_update_rx,
            );
            runtime.block_on(async move {
                let link = async {
                    if let Some(microsoft) = microsoft {
                        crate::microsoft::link::keep_linked(
                            microsoft,
                            clock,
                            link_update_tx,
                            link_command_rx,
                        )
                        .await;
                    }
                };
                let beside = async {
                    while let Some(task) = task_rx.recv().await {
                        tokio::spawn(task);
                    }
                };
                tokio::join!(engine.run(command_rx, sync_at_start), follow, link, beside);
            });
        })?;
    Ok(EngineHandle {
        commands: command_tx,
        tasks: task_tx,
        snapshot: snapshot_rx,
        acting: acting_rx,
    })
}

struct Engine {
    calendar: Option<Arc<dyn CalendarSource>>,
    clock: Arc<dyn Clock>,
    settings: EngineSettings,
    /// The snapshot: written by the engine's tasks only (this one and [`follow_link`]).
    snapshot: Arc<watch::Sender<Snapshot>>,
    /// Whether a tap is being carried out (the lights pulse meanwhile).
    acting: watch::Sender<bool>,
    notify: Arc<dyn Fn(EngineEvent) + Send + Sync>,
    /// Taps for the Microsoft 365 link (pair again, pick a room).
    link: mpsc::UnboundedSender<LinkCommand>,
    /// The engine's own command queue (to read the calendar again after a late answer).
    resync: mpsc::UnboundedSender<Command>,
    /// A booking is being made or awaits the room's answer: another tap books nothing.
    booking: Arc<std::sync::atomic::AtomicBool>,
    /// Meetings released here (declined for want of a check-in).
    released: std::sync::Mutex<CheckIns>,
}

impl Engine {
    async fn run(self, mut commands: mpsc::UnboundedReceiver<Command>, sync_at_start: bool) {
        let mut poll = tokio::time::interval(self.settings.poll_every);
        poll.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        if !sync_at_start {
            poll.tick().await; // the first tick is immediate; the initial snapshot is fresh
        }
        loop {
            tokio::select! {
                command = commands.recv() => match command {
                    Some(command) => {
                        let mut next = Some(command);
                        while let Some(command) = next.take() {
                            let progress = shows_progress(&command);
                            self.dispatch(command).await;
                            // Taps that came in while one showed "Booking…" (or "Ending…") were
                            // made on a screen that offered nothing to tap: they do nothing.
                            while let Ok(queued) = commands.try_recv() {
                                if progress && shows_progress(&queued) && queued != Command::CheckIn {
                                    tracing::info!("a tap during another is ignored");
                                    continue;
                                }
                                next = Some(queued);
                                break;
                            }
                        }
                    }
                    None => return,
                },
                _ = poll.tick() => self.sync().await,
            }
        }
    }

    /// Carries out one command: the link's to the link, the rest here, announcing the result.
    async fn dispatch(&self, command: Command) {
        let link = match command {
            Command::Pair => LinkCommand::Pair,
            Command::Unpair => LinkCommand::Unpair,
            Command::ChangeRoom => LinkCommand::ChangeRoom,
            Command::ChooseRoom(room) => LinkCommand::ChooseRoom(room),
            other => {
                if let Some(result) = self.tap(other).await {
                    (self.notify)(EngineEvent::Done(result));
                }
                return;
            }
        };
        let _ = self.link.send(link);
    }

    /// Carries out a tap on the room (book, check in, end, extend) or a sync.
    async fn tap(&self, command: Command) -> Option<ActionResult> {
        use std::sync::atomic::Ordering;
        let Some(calendar) = &self.calendar else {
            return Some(TapRefusal::NoCalendar.into());
        };
        let is_tap = !matches!(command, Command::SyncNow | Command::FindRooms);
        let command_was_sync = command == Command::SyncNow;
        // Looking at other rooms changes nothing in this room's calendar: no read after it.
        let read_after = command != Command::FindRooms;
        let books = matches!(command, Command::Book { .. } | Command::BookRoom { .. });
        if books && self.booking.swap(true, Ordering::SeqCst) {
            tracing::info!("a booking is still waiting for the room; this tap books nothing");
            return Some(TapRefusal::BookingInFlight.into());
        }
        if is_tap {
            self.acting.send_replace(true);
        }
        let mut snapshot = self.snapshot.borrow().clone();
        let now = self.clock.now();
        let logged = command.clone();
        let result = match command {
            Command::FindRooms => {
                let rooms = calendar.free_rooms(now).await.map_err(|e| e.to_string());
                (self.notify)(EngineEvent::FreeRooms(rooms));
                None
            }
            Command::BookRoom {
                email,
                name,
                minutes,
            } => {
                let start = booking_start(now);
                let request = BookingRequest {
                    subject: self.settings.booking_subject.clone(),
                    room: Some(email),
                    room_name: name.clone(),
                    start,
                    end: start + Duration::minutes(minutes.clamp(5, 240)),
                    transaction_id: transaction_id(now),
                };
                let outcome = calendar.book(request).await;
                self.booking.store(false, Ordering::SeqCst);
                Some(match outcome {
                    Ok(Outcome::Accepted(b)) => ActionResult::BookedRoom {
                        room: name,
                        end: b.end,
                    },
                    Ok(Outcome::Declined(reason)) => ActionResult::Declined { reason },
                    Ok(Outcome::Pending(_)) => ActionResult::Pending,
                    Err(err) => failed(TapRefusal::NotBooked(err.to_string())),
                })
            }
            Command::Book { minutes } => {
                match book_now(calendar.as_ref(), &self.settings, now, &snapshot, minutes).await {
                    Ok((_, Outcome::Pending(id))) => {
                        self.follow_up(calendar.clone(), id);
                        Some(ActionResult::Pending)
                    }
                    Ok((_, outcome)) => {
                        self.booking.store(false, Ordering::SeqCst);
                        Some(booking_result(outcome))
                    }
                    Err(result) => {
                        self.booking.store(false, Ordering::SeqCst);
                        Some(result)
                    }
                }
            }
            other => carry_out(calendar.as_ref(), &self.settings, now, &mut snapshot, other).await,
        };
        crate::metrics::counters::tap(books, result.as_ref());
        // Only the local facts a tap changes; the link may have moved on.
        let checked_in_changed = self
            .snapshot
            .send_if_modified(|s| transition::fold_check_ins(s, &snapshot.checked_in));
        if checked_in_changed {
            self.keep_check_ins();
        }
        if read_after {
            self.sync().await;
        }
        if command_was_sync {
            (self.notify)(EngineEvent::Synced);
        }
        if is_tap {
            self.acting.send_replace(false);
        }
        if let Some(result) = &result {
            log_change(&snapshot.room.name, now, &logged, result);
        }
        result
    }

    /// Keeps asking the room about a booking it has not answered, and says the outcome.
    fn follow_up(&self, calendar: Arc<dyn CalendarSource>, id: String) {
        let notify = self.notify.clone();
        let resync = self.resync.clone();
        let booking = self.booking.clone();
        tokio::spawn(async move {
            let mut pause = StdDuration::from_secs(5);
            let mut outcome = None;
            // Up to about 15 minutes; a room that never answers leaves the booking pending.
            for _ in 0..20 {
                tokio::time::sleep(pause).await;
                match calendar.confirm(id.clone()).await {
                    Ok(Outcome::Pending(_)) => {}
                    Ok(answered) => {
                        outcome = Some(answered);
                        break;
                    }
                    Err(err) => tracing::warn!("cannot ask the room about the booking: {err}"),
                }
                pause = (pause * 2).min(StdDuration::from_secs(60));
            }
            booking.store(false, std::sync::atomic::Ordering::SeqCst);
            if let Some(outcome) = outcome {
                let result = booking_result(outcome);
                crate::metrics::counters::booking_answered(&result);
                tracing::info!(outcome = %outcome_words(&result), "the room answered a door booking");
                notify(EngineEvent::Done(result));
                let _ = resync.send(Command::SyncNow);
            }
        });
    }

    /// Writes the check-ins and releases to the state directory.
    fn keep_check_ins(&self) {
        let Some(dir) = &self.settings.state_dir else {
            return;
        };
        let snapshot = self.snapshot.borrow().clone();
        let mut record = CheckInRecord {
            checked_in: snapshot.checked_in.clone(),
            released: self.released.lock().map(|r| r.clone()).unwrap_or_default(),
            releases: snapshot.released.clone(),
        };
        record.save(dir, snapshot.bookings());
    }

    /// Declines the room's copy of every meeting nobody checked in to in time, once.
    async fn release_no_shows(&self) {
        let Some(calendar) = &self.calendar else {
            return;
        };
        let policy = &self.settings.policy;
        // Released by Exchange, or by nobody: the panel never declines.
        if !policy.checkin.enabled || policy.checkin.release != ReleaseMode::Panel {
            return;
        }
        let now = self.clock.now();
        let snapshot = self.snapshot.borrow().clone();
        let due: Vec<Booking> = snapshot
            .bookings()
            .iter()
            .filter(|b| {
                b.occupies()
                    && now < b.end
                    && is_released(b, now, policy, &snapshot.checked_in)
                    && !self
                        .released
                        .lock()
                        .map(|r| r.contains(&b.id))
                        .unwrap_or(true)
            })
            .cloned()
            .collect();
        // The one place a release happens.
        for meeting in due {
            let comment = release_comment(now, self.settings.tz, policy.checkin.release_after);
            let room = snapshot.room.name.clone();
            match calendar.release(meeting.id.clone(), comment).await {
                Ok(()) => {
                    tracing::info!(
                        room = %room,
                        meeting = %meeting.id,
                        start = %meeting.start,
                        end = %meeting.end,
                        "released: nobody checked in; the organizer is told"
                    );
                    crate::metrics::counters::release();
                    if let Ok(mut r) = self.released.lock() {
                        r.insert(meeting.id.clone());
                    }
                    self.snapshot.send_modify(|s| {
                        transition::released_here(s, meeting.clone(), now);
                    });
                    (self.notify)(EngineEvent::Snapshot);
                    self.keep_check_ins();
                }
                Err(CalendarError::NotFound(_)) => {
                    // Released by another panel of the room (or Exchange), or checked in there
                    // since the last read: not declined a second time. The next read tells which.
                    tracing::info!(
                        room = %room,
                        meeting = %meeting.id,
                        start = %meeting.start,
                        "not released here: it was released or checked in elsewhere"
                    );
                    if let Ok(mut r) = self.released.lock() {
                        r.insert(meeting.id.clone());
                    }
                    self.keep_check_ins();
                }
                Err(err) => tracing::warn!("cannot release a meeting nobody checked in to: {err}"),
            }
        }
    }

    async fn sync(&self) {
        let Some(calendar) = &self.calendar else {
            return;
        };
        let previous = self.snapshot.borrow().clone();
        let now = self.clock.now();
        let next = sync_checked(
            calendar.as_ref(),
            &self.settings,
            now,
            self.clock.synchronised(now),
            Some(&previous),
        )
        .await;
        // Fold in what the read changed, unless the room changed during the read.
        let releases_before = previous.released.clone();
        let changed = self.snapshot.send_if_modified(|s| {
            transition::merge_read(s, previous.room.mailbox.as_deref(), next)
        });
        if changed {
            (self.notify)(EngineEvent::Snapshot);
            if self.snapshot.borrow().released != releases_before {
                self.keep_check_ins();
            }
        }
        self.release_no_shows().await;
    }
}

/// The engine's task beside its command loop: folds the link's changes into the snapshot as
/// they come, announces them, and asks for a read when one is due, until the link stops.
async fn follow_link(
    snapshot: Arc<watch::Sender<Snapshot>>,
    notify: Arc<dyn Fn(EngineEvent) + Send + Sync>,
    resync: mpsc::UnboundedSender<Command>,
    mut updates: mpsc::UnboundedReceiver<LinkUpdate>,
) {
    while let Some(update) = updates.recv().await {
        let mut change = transition::Changed::default();
        snapshot.send_if_modified(|s| {
            change = match update {
                LinkUpdate::Link(link) => transition::link_changed(s, link),
                LinkUpdate::Room(room) => transition::room_switched(s, room),
            };
            change.changed
        });
        if change.changed {
            notify(EngineEvent::Snapshot);
        }
        if change.read_now {
            let _ = resync.send(Command::SyncNow);
        }
    }
}

/// Whether the screen shows progress while `command` is carried out (its buttons are gone).
fn shows_progress(command: &Command) -> bool {
    matches!(
        command,
        Command::Book { .. }
            | Command::BookRoom { .. }
            | Command::Extend { .. }
            | Command::EndEarly
            | Command::CheckIn
    )
}

/// A fresh id for one confirm tap: unique per panel process and instant.
fn transaction_id(now: DateTime<Utc>) -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    format!(
        "roomsign-{}-{}-{}",
        std::process::id(),
        now.timestamp_millis(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// Carries out one tap against `snapshot` (which it updates for local facts such as a check-in)
/// and says what came of it. `None` for commands with nothing to report.
pub async fn carry_out(
    calendar: &dyn CalendarSource,
    settings: &EngineSettings,
    now: DateTime<Utc>,
    snapshot: &mut Snapshot,
    command: Command,
) -> Option<ActionResult> {
    Some(match command {
        Command::SyncNow
        | Command::Pair
        | Command::Unpair
        | Command::ChangeRoom
        | Command::ChooseRoom(_)
        | Command::FindRooms
        | Command::BookRoom { .. } => return None,
        Command::Book { minutes } => {
            match book_now(calendar, settings, now, snapshot, minutes).await {
                Ok((_, outcome)) => booking_result(outcome),
                Err(result) => result,
            }
        }
        Command::CheckIn => match check_in_now(calendar, settings, now, snapshot).await {
            Ok(_) => ActionResult::CheckedIn,
            Err(result) => result,
        },
        Command::EndEarly => {
            if !settings.allow_end_early {
                return Some(TapRefusal::EndEarlyOff.into());
            }
            let meeting = match own_current(settings, now, snapshot) {
                Ok(m) => m,
                Err(result) => return Some(result),
            };
            let end = booking_start(now).max(meeting.start);
            match calendar.change_end(meeting.id, end).await {
                Ok(Outcome::Accepted(_)) | Ok(Outcome::Pending(_)) => ActionResult::Ended,
                Ok(Outcome::Declined(reason)) => ActionResult::ChangeDeclined { reason },
                Err(err) => failed(TapRefusal::NotEnded(err.to_string())),
            }
        }
        Command::Extend { minutes } => {
            if !settings.allow_extend {
                return Some(TapRefusal::ExtendOff.into());
            }
            let meeting = match own_current(settings, now, snapshot) {
                Ok(m) => m,
                Err(result) => return Some(result),
            };
            let end = meeting.end + Duration::minutes(minutes);
            match calendar.change_end(meeting.id, end).await {
                Ok(Outcome::Accepted(b)) => ActionResult::Extended { end: b.end },
                Ok(Outcome::Pending(_)) => ActionResult::Pending,
                Ok(Outcome::Declined(reason)) => ActionResult::ChangeDeclined { reason },
                Err(err) => failed(TapRefusal::NotExtended(err.to_string())),
            }
        }
    })
}

/// A tap the calendar failed: the detail to the log, one plain sentence to the sheet.
fn failed(refusal: TapRefusal) -> ActionResult {
    if let Some(detail) = refusal.detail() {
        tracing::warn!(
            "{}: {detail}",
            refusal.words(crate::core::Language::English)
        );
    }
    refusal.into()
}

/// One journal line at info level for a booking, an end or an extension made at the door: the
/// room, the time of the tap, what was asked and what came of it (never a token: the outcome's
/// words are the room's or the error's, which carry none).
fn log_change(room: &str, now: DateTime<Utc>, command: &Command, result: &ActionResult) {
    if matches!(result, ActionResult::CheckedIn) {
        return;
    }
    let outcome = outcome_words(result);
    let at = now.to_rfc3339();
    match command {
        Command::Book { minutes } => {
            tracing::info!(room, at = %at, minutes, outcome = %outcome, "door booking")
        }
        Command::BookRoom { name, minutes, .. } => {
            tracing::info!(room = %name, from_panel_of = room, at = %at, minutes, outcome = %outcome, "door booking of another room")
        }
        Command::EndEarly => {
            tracing::info!(room, at = %at, outcome = %outcome, "meeting ended at the door")
        }
        Command::Extend { minutes } => {
            tracing::info!(room, at = %at, minutes, outcome = %outcome, "meeting extended at the door")
        }
        _ => {}
    }
}

/// A tap's outcome in a few words for the journal.
fn outcome_words(result: &ActionResult) -> String {
    match result {
        ActionResult::Booked { end } | ActionResult::Extended { end } => {
            format!("accepted, until {}", end.to_rfc3339())
        }
        ActionResult::BookedRoom { room, end } => {
            format!("accepted for {room}, until {}", end.to_rfc3339())
        }
        ActionResult::Ended => "accepted".to_owned(),
        ActionResult::Pending => "waiting for the room's answer".to_owned(),
        ActionResult::Declined { reason } | ActionResult::ChangeDeclined { reason } => {
            format!("declined: {}", reason.english())
        }
        ActionResult::Failed { refusal } => {
            format!(
                "not done: {}",
                refusal.words(crate::core::Language::English)
            )
        }
        ActionResult::CheckedIn => "checked in".to_owned(),
    }
}

/// What a booking's outcome means for the result sheet.
pub fn booking_result(outcome: Outcome) -> ActionResult {
    match outcome {
        Outcome::Accepted(booking) => ActionResult::Booked { end: booking.end },
        Outcome::Declined(reason) => ActionResult::Declined { reason },
        Outcome::Pending(_) => ActionResult::Pending,
    }
}

/// Books the room from now for `minutes` (one of the offered durations), through the room's
/// booking attendant: the request sent and the room's answer, or why nothing was sent.
pub async fn book_now(
    calendar: &dyn CalendarSource,
    settings: &EngineSettings,
    now: DateTime<Utc>,
    snapshot: &Snapshot,
    minutes: i64,
) -> Result<(BookingRequest, Outcome), ActionResult> {
    let state = room_state(
        now,
        &snapshot.schedule,
        &settings.policy,
        &snapshot.checked_in,
    );
    // The core decides again what may be booked: the screen may be a minute old.
    let chips = offers(
        now,
        &state,
        snapshot.bookings(),
        &settings.policy,
        &snapshot.checked_in,
    );
    let Some(offer) = chips
        .into_iter()
        .find(|o| o.minutes == minutes && o.is_available())
    else {
        return Err(TapRefusal::SlotGone.into());
    };
    let request = BookingRequest {
        subject: settings.booking_subject.clone(),
        room: None,
        room_name: snapshot.room.name.clone(),
        start: offer.start,
        end: offer.end,
        transaction_id: transaction_id(now),
    };
    match calendar.book(request.clone()).await {
        Ok(outcome) => Ok((request, outcome)),
        Err(err) => Err(failed(TapRefusal::NotBooked(err.to_string()))),
    }
}

/// The meeting on now, if it was booked at this panel.
fn own_current(
    settings: &EngineSettings,
    now: DateTime<Utc>,
    snapshot: &Snapshot,
) -> Result<Booking, ActionResult> {
    match current_meeting(
        snapshot.bookings(),
        now,
        &settings.policy,
        &snapshot.checked_in,
    ) {
        Some(b) if b.made_here => Ok(b.clone()),
        _ => Err(TapRefusal::NotBookedHere.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::FixedClock;
    use crate::core::{Link, Schedule, UnknownReason};
    use chrono::TimeZone;
    use std::sync::Mutex;

    /// What the journal gets for `log_change`, at info level, without timestamps or colours.
    fn journal_line(command: &Command, result: &ActionResult) -> String {
        #[derive(Clone, Default)]
        struct Lines(Arc<Mutex<Vec<u8>>>);
        impl std::io::Write for Lines {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                self.0
                    .lock()
                    .map_err(|_| std::io::ErrorKind::Other)?
                    .extend_from_slice(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let lines = Lines::default();
        let writer = lines.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::INFO)
            .with_ansi(false)
            .without_time()
            .with_writer(move || writer.clone())
            .finish();
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).unwrap();
        tracing::subscriber::with_default(subscriber, || {
            log_change("Room 4.12", now, command, result)
        });
        let bytes = lines.0.lock().unwrap().clone();
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn door_bookings_ends_and_extensions_leave_one_info_line_each() {
        let until = Utc.with_ymd_and_hms(2026, 11, 23, 8, 30, 0).unwrap();
        let booked = journal_line(
            &Command::Book { minutes: 30 },
            &ActionResult::Booked { end: until },
        );
        assert_eq!(booked.lines().count(), 1, "{booked}");
        for needle in [
            "INFO",
            "door booking",
            "Room 4.12",
            "2026-11-23T08:00:00",
            "minutes=30",
            "accepted, until 2026-11-23T08:30:00",
        ] {
            assert!(booked.contains(needle), "{needle} in {booked}");
        }
        let declined = journal_line(
            &Command::Book { minutes: 30 },
            &ActionResult::Declined {
                reason: crate::core::words::Decline::BookedFirst,
            },
        );
        assert!(
            declined.contains("declined: someone booked it first"),
            "{declined}"
        );
        let ended = journal_line(&Command::EndEarly, &ActionResult::Ended);
        assert!(ended.contains("meeting ended at the door"), "{ended}");
        assert!(ended.contains("Room 4.12"), "{ended}");
        let extended = journal_line(
            &Command::Extend { minutes: 15 },
            &ActionResult::Failed {
                refusal: TapRefusal::NotExtended("the calendar cannot be reached".to_owned()),
            },
        );
        assert!(
            extended.contains("meeting extended at the door"),
            "{extended}"
        );
        assert!(extended.contains("minutes=15"), "{extended}");
        assert!(
            extended.contains("not done: Couldn't extend the meeting"),
            "{extended}"
        );
        // A check-in is the check-in code's to log; a sync says nothing here.
        assert_eq!(
            journal_line(&Command::CheckIn, &ActionResult::CheckedIn),
            ""
        );
        assert_eq!(journal_line(&Command::SyncNow, &ActionResult::Ended), "");
    }

    fn room(name: &str, mailbox: &str) -> Room {
        Room {
            name: name.to_owned(),
            mailbox: Some(mailbox.to_owned()),
        }
    }

    /// An engine without a calendar, what it announces, and its own command queue.
    #[allow(clippy::type_complexity)]
    fn engine(
        initial: Snapshot,
    ) -> (
        Engine,
        Arc<Mutex<Vec<EngineEvent>>>,
        mpsc::UnboundedReceiver<Command>,
    ) {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
        let events = Arc::new(Mutex::new(Vec::new()));
        let seen = events.clone();
        let (resync, commands) = mpsc::unbounded_channel();
        let (link, _) = mpsc::unbounded_channel();
        let engine = Engine {
            calendar: None,
            clock: Arc::new(FixedClock(now)),
            settings: EngineSettings {
                room: initial.room.clone(),
                policy: Policy::default(),
                tz: chrono_tz::Europe::Berlin,
                booking_subject: "Booked at the door".to_owned(),
                allow_end_early: true,
                allow_extend: true,
                poll_every: StdDuration::from_secs(60),
                state_dir: None,
            },
            snapshot: Arc::new(watch::channel(initial).0),
            acting: watch::channel(false).0,
            notify: Arc::new(move |e| seen.lock().unwrap().push(e)),
            link,
            resync,
            booking: Arc::new(std::sync::atomic::AtomicBool::new(false)),
            released: Mutex::new(CheckIns::new()),
        };
        (engine, events, commands)
    }

    /// Sends `update` through the link's queue and lets the engine fold it in: the snapshot
    /// after it, whether it was announced and whether a read was asked for.
    fn fold(
        engine: &Engine,
        events: &Mutex<Vec<EngineEvent>>,
        commands: &mut mpsc::UnboundedReceiver<Command>,
        update: LinkUpdate,
    ) -> (Snapshot, bool, bool) {
        let (tx, rx) = mpsc::unbounded_channel();
        tx.send(update).unwrap();
        drop(tx);
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(follow_link(
                engine.snapshot.clone(),
                engine.notify.clone(),
                engine.resync.clone(),
                rx,
            ));
        let announced = std::mem::take(&mut *events.lock().unwrap()) == [EngineEvent::Snapshot];
        let read_now = commands.try_recv().ok() == Some(Command::SyncNow);
        assert!(
            commands.try_recv().is_err(),
            "at most one read is asked for"
        );
        (engine.snapshot.borrow().clone(), announced, read_now)
    }

    #[test]
    fn the_link_s_changes_reach_the_snapshot_through_the_engine() {
        let mut initial = Snapshot::unknown(room("4.12", "a@contoso.com"), Source::Cache);
        initial.link = Link::NotPaired {
            reason: None,
            refusal: None,
        };
        let day = Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap();
        initial.schedule = Schedule::Known(Vec::new(), Window::new(day, day + Duration::days(2)));
        initial.checked_in.insert("m1".to_owned());
        let (engine, events, mut commands) = engine(initial.clone());
        let signed_in = Link::SignedIn {
            account: Some("panel@contoso.com".to_owned()),
            unsaved: false,
        };

        // Just signed in: shown, and the calendar is read now.
        let (s, announced, read_now) = fold(
            &engine,
            &events,
            &mut commands,
            LinkUpdate::Link(signed_in.clone()),
        );
        assert_eq!(
            (s.link.clone(), announced, read_now),
            (signed_in.clone(), true, true)
        );
        assert_eq!(s.schedule, initial.schedule);

        // The same link again: nothing to show, nothing to read.
        let (_, announced, read_now) =
            fold(&engine, &events, &mut commands, LinkUpdate::Link(signed_in));
        assert_eq!((announced, read_now), (false, false));

        // The room's name read: shown, the schedule holds.
        let (s, announced, read_now) = fold(
            &engine,
            &events,
            &mut commands,
            LinkUpdate::Room(room("Room 4.12", "a@contoso.com")),
        );
        assert_eq!((announced, read_now), (true, false));
        assert_eq!(s.room.name, "Room 4.12");
        assert_eq!(s.schedule, initial.schedule);
        assert_eq!(s.checked_in, initial.checked_in);

        // Another room: nothing of the old one's schedule holds; it is read now.
        let (s, announced, read_now) = fold(
            &engine,
            &events,
            &mut commands,
            LinkUpdate::Room(room("Room 5.01", "b@contoso.com")),
        );
        assert_eq!((announced, read_now), (true, true));
        assert_eq!(s.schedule, Schedule::Unknown(UnknownReason::NeverSynced));
        assert!(s.checked_in.is_empty());
    }
}
