//! The panel on a real screen: Slint's event loop on this thread, the engine on its own. Redraws
//! happen only when something changes: a new snapshot, a tap, or the minute turning over.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration as StdDuration, Instant};

use chrono::Timelike;
use slint::{ComponentHandle, Timer, TimerMode};

use super::{
    adapter, kiosk, AdminAdapter, AppWindow, BookAdapter, ConfirmAdapter, FreeRoomsAdapter,
    HomeAdapter, PairingAdapter, PinAdapter, RoomsAdapter, Screen, ShellAdapter,
};
use crate::clock::Clock;
use crate::core::labels::{
    confirm_words, progress_words, AdminFacts, AdminRow, Confirm, LastProblem, Progress,
    SyncProgress,
};
use crate::core::pin::{pin_words, wait_words, PinGuard, PinOutcome};
use crate::core::view::{panel_view, result_words, PanelView, ViewSettings};
use crate::core::Policy;
use crate::device::lights::controller::LightsHandle;
use crate::device::{lights, signals};
use crate::engine::{self, Command, EngineEvent, EngineHandle};

/// A sheet with no touch for this long goes back to Home.
pub const SHEET_TIMEOUT: StdDuration = StdDuration::from_secs(30);

thread_local! {
    /// The panel of this (the UI) thread, reached from engine notices.
    static PANEL: RefCell<Option<Rc<Panel>>> = const { RefCell::new(None) };
}

/// What the admin screen shows besides the snapshot.
pub struct AdminContext {
    pub pin: Option<crate::secret::Secret>,
    pub state_dir: std::path::PathBuf,
    pub config: String,
    pub microsoft: bool,
    /// `auth = "certificate"`: the app's certificate file, watched for its expiry.
    pub certificate_file: Option<std::path::PathBuf>,
    /// Who releases no-shows; `None` when check-in is off.
    pub check_in: Option<crate::core::ReleaseMode>,
    /// The room's mailbox is set in the configuration: Change room cannot work here.
    pub room_in_config: bool,
    /// A blue LED is wired (the lights test lights it alone too).
    pub blue_led: bool,
}

/// What the panel needs to run, gathered by the app from its setup: the screen takes what it
/// is handed and does not know how the panel was configured.
pub struct PanelSetup {
    pub backend: crate::config::BackendSetting,
    /// The first snapshot (the cached schedule, if any), so the first frame needs no wait.
    pub first: crate::core::Snapshot,
    pub calendar: Option<Arc<dyn crate::calendar::CalendarSource>>,
    pub microsoft: Option<Arc<crate::microsoft::link::Microsoft>>,
    pub clock: Arc<dyn Clock>,
    pub engine: crate::engine::EngineSettings,
    pub leds: crate::device::lights::Driver,
    pub light_controller: crate::device::lights::controller::ControllerSettings,
    pub view: ViewSettings,
    /// The room's languages; more than one: buttons on Home.
    pub door_language: crate::core::door_language::DoorLanguage,
    pub screen_hours: Option<crate::core::screen_hours::ScreenHours>,
    pub admin: AdminContext,
    /// `/metrics`, bound; served on the engine's runtime.
    pub metrics: Option<crate::metrics::Served>,
}

/// The panel on the UI thread: what it last showed, its timers, and what a tap does.
struct Panel {
    app: slint::Weak<AppWindow>,
    admin: AdminContext,
    engine: EngineHandle,
    clock: Arc<dyn Clock>,
    policy: Policy,
    /// How the room is shown; its locale follows the language picked at the door.
    view: RefCell<ViewSettings>,
    door_language: RefCell<crate::core::door_language::DoorLanguage>,
    /// Brings the room's own language back a minute after the last touch.
    language_timer: Timer,
    shown: RefCell<Option<PanelView>>,
    in_flight: Cell<bool>,
    sheet_timer: Timer,
    minute_timer: Timer,
    /// Ticks every second while the Pairing screen counts down to a new code.
    pairing_timer: Timer,
    /// The occupancy lights: their health is for the admin screen and `doctor`.
    lights: LightsHandle,
    /// The rooms last listed by "Find a free room" (to book one by its address).
    free_rooms: RefCell<Vec<crate::core::free_rooms::FreeRoom>>,
    /// Wrong admin PINs in a row, and until when the pad waits.
    pin_guard: Cell<PinGuard>,
    /// The tap waiting on the confirm sheet's answer.
    asking: RefCell<Option<Asking>>,
    /// When Sync now was tapped, while its read is under way.
    sync_asked: Cell<Option<chrono::DateTime<chrono::Utc>>>,
    /// The admin screen's line: what Sync now or the lights test did (and whether it failed).
    admin_line: RefCell<(String, bool)>,
    /// The last problem seen, for the admin screen.
    last_problem: RefCell<Option<LastProblem>>,
    /// Steps the lights test through, one a second, while it runs.
    led_timer: Timer,
    led_step: Cell<usize>,
}

/// A tap that asks first, and the screen to go back to when the answer is no.
#[derive(Clone, Debug)]
struct Asking {
    event: UiEvent,
    back: Screen,
}

/// What a tap asks before it is carried out; `None`: carried out at once. `free_rooms`: the
/// rooms "Find a free room" last listed (for the name of the one to book).
pub fn confirm_for(
    event: &UiEvent,
    free_rooms: &[crate::core::free_rooms::FreeRoom],
) -> Option<Confirm> {
    match event {
        UiEvent::EndEarly => Some(Confirm::EndNow),
        UiEvent::PairAgain => Some(Confirm::PairAgain),
        UiEvent::Unpair => Some(Confirm::Unpair),
        UiEvent::ChangeRoom => Some(Confirm::ChangeRoom),
        UiEvent::BookFreeRoom { email, minutes } => Some(Confirm::BookRoom {
            name: free_room_name(free_rooms, email),
            minutes: *minutes,
        }),
        _ => None,
    }
}

/// A listed free room's name, by its address (the address when it is not listed).
fn free_room_name(rooms: &[crate::core::free_rooms::FreeRoom], email: &str) -> String {
    rooms
        .iter()
        .find(|r| r.room.email == email)
        .map(|r| r.room.name.clone())
        .unwrap_or_else(|| email.to_owned())
}

impl Panel {
    /// How the room is shown now (in the language on screen).
    fn view(&self) -> std::cell::Ref<'_, ViewSettings> {
        self.view.borrow()
    }

    /// A tap on a language button: the panel speaks it until a minute passes without a touch.
    fn pick_language(self: &Rc<Self>, index: usize) {
        let changed = self.door_language.borrow_mut().pick(index);
        if changed {
            let tag = self.door_language.borrow().shown().tag();
            tracing::info!(language = %tag, "language picked at the door");
            self.show_language();
        }
        self.arm_language_fall_back();
    }

    /// Any touch keeps a language picked at the door for another minute.
    fn arm_language_fall_back(self: &Rc<Self>) {
        if !self.door_language.borrow().picked() {
            self.language_timer.stop();
            return;
        }
        let weak = Rc::downgrade(self);
        let after = StdDuration::from_secs(
            crate::core::door_language::FALL_BACK_AFTER
                .num_seconds()
                .unsigned_abs(),
        );
        self.language_timer.start(TimerMode::SingleShot, after, move || {
            if let Some(panel) = weak.upgrade() {
                if panel.door_language.borrow_mut().fall_back() {
                    let tag = panel.door_language.borrow().shown().tag();
                    tracing::info!(language = %tag, "back to the room's own language after a minute without a touch");
                    panel.show_language();
                }
            }
        });
    }

    /// Every word on screen again, in the language now shown: the view of the new locale
    /// differs from the one shown, so `refresh` pushes it, the fixed words and the admin rows.
    fn show_language(&self) {
        let locale = self.door_language.borrow().shown().clone();
        self.view.borrow_mut().locale = locale;
        if let Some(app) = self.app.upgrade() {
            adapter::show_languages(&app, &self.door_language.borrow().chips());
        }
        self.refresh();
    }

    /// Recomputes the screen from the latest snapshot and pushes it if anything changed.
    fn refresh(&self) {
        let Some(app) = self.app.upgrade() else {
            return;
        };
        let now = self.clock.now();
        let snapshot = self.engine.snapshot();
        let view = panel_view(now, &snapshot, &self.policy, &self.view());
        {
            let problem = crate::core::report::problem(now, &snapshot, &self.policy, &self.view());
            let mut last = self.last_problem.borrow_mut();
            *last = crate::core::labels::track_problem(last.take(), problem, now);
        }
        let counting_down = view.pairing.as_ref().is_some_and(|p| !p.code.is_empty());
        if self.shown.borrow().as_ref() != Some(&view) {
            adapter::show_view(&app, &view);
            *self.shown.borrow_mut() = Some(view);
        }
        match (counting_down, self.pairing_timer.running()) {
            (true, false) => {
                self.pairing_timer.start(
                    TimerMode::Repeated,
                    StdDuration::from_secs(1),
                    move || {
                        let panel = PANEL.with(|c| c.borrow().clone());
                        if let Some(c) = panel {
                            c.refresh();
                        }
                    },
                );
            }
            (false, true) => self.pairing_timer.stop(),
            _ => {}
        }
        // The admin screen's rows follow the panel while it is open.
        if adapter::screen(&app) == Screen::Admin {
            self.show_admin_rows(&app);
        }
    }

    /// The admin screen's rows and line, as of now.
    fn show_admin_rows(&self, app: &AppWindow) {
        let facts = self.last_problem.borrow().clone();
        let rows = admin_rows(
            self.clock.now(),
            &self.engine.snapshot(),
            &self.view(),
            &self.admin,
            &self.lights.health(),
            facts,
        );
        let (line, failed) = self.admin_line.borrow().clone();
        adapter::show_admin_rows(app, &rows, &line, failed);
    }

    /// Says `line` on the admin screen (and keeps it for when the rows are pushed again).
    fn say_on_admin(&self, line: String, failed: bool) {
        *self.admin_line.borrow_mut() = (line, failed);
        if let Some(app) = self.app.upgrade() {
            if adapter::screen(&app) == Screen::Admin {
                self.show_admin_rows(&app);
            }
        }
    }

    /// Sync now: reads at once, saying so, then when it read or that it failed.
    fn sync_now(self: &Rc<Self>) {
        let now = self.clock.now();
        // A read still under way (for less than a minute) is not asked for twice.
        if self
            .sync_asked
            .get()
            .is_some_and(|at| now - at < chrono::Duration::minutes(1))
        {
            return;
        }
        if !self.engine.send(Command::SyncNow) {
            tracing::error!("the engine has stopped; Sync now cannot read");
            return;
        }
        self.sync_asked.set(Some(now));
        self.say_on_admin(
            crate::core::labels::sync_words(SyncProgress::Syncing, &self.view()),
            false,
        );
    }

    /// The read asked for by Sync now is over: its outcome is in the snapshot.
    fn synced(&self) {
        let Some(asked) = self.sync_asked.take() else {
            return; // a read the panel asked for by itself
        };
        let snapshot = self.engine.snapshot();
        let progress = match snapshot.last_sync {
            Some(at) if at >= asked => SyncProgress::Done(at),
            _ => SyncProgress::Failed(self.clock.now()),
        };
        self.refresh();
        self.say_on_admin(
            crate::core::labels::sync_words(progress, &self.view()),
            matches!(progress, SyncProgress::Failed(_)),
        );
    }

    /// The lights test: each step for a second, its words on the admin screen, then the
    /// room's light again. Stops when the admin screen closes.
    fn led_test(self: &Rc<Self>) {
        use crate::core::labels::{led_test_words, lights_untestable};
        let health = self.lights.health();
        if !health.working {
            self.say_on_admin(
                lights_untestable(&health.summary(), self.view().language()),
                true,
            );
            return;
        }
        if self.led_timer.running() {
            return;
        }
        self.led_step.set(0);
        let weak = Rc::downgrade(self);
        let step = move || {
            let Some(panel) = weak.upgrade() else {
                return;
            };
            let steps = crate::core::lights::test_steps(
                &panel.view().lights,
                panel.admin.blue_led,
                panel.view().language(),
            );
            let i = panel.led_step.get();
            let open = panel
                .app
                .upgrade()
                .is_some_and(|app| adapter::screen(&app) == Screen::Admin);
            let Some(s) = steps.get(i).filter(|_| open) else {
                panel.led_timer.stop();
                panel.lights.end_test();
                panel.say_on_admin(
                    crate::core::labels::led_test_done(open, panel.view().language()),
                    false,
                );
                return;
            };
            let levels = match s.show {
                crate::core::lights::TestShow::Levels(levels) => levels,
                crate::core::lights::TestShow::Light(light) => crate::core::lights::levels(
                    &light,
                    &panel.view().lights.palette,
                    StdDuration::ZERO,
                ),
            };
            panel.lights.test_show(levels);
            panel.led_step.set(i + 1);
            panel.say_on_admin(
                led_test_words(i + 1, steps.len(), &s.what, panel.view().language()),
                false,
            );
            panel.arm_sheet_timeout();
        };
        step();
        self.led_timer
            .start(TimerMode::Repeated, StdDuration::from_secs(1), step);
    }

    /// Shows the confirm sheet for `event`; its answer comes back as `Confirmed` or `Declined`.
    fn ask(self: &Rc<Self>, what: &Confirm, event: UiEvent) {
        let Some(app) = self.app.upgrade() else {
            return;
        };
        let back = adapter::screen(&app);
        *self.asking.borrow_mut() = Some(Asking { event, back });
        adapter::show_confirm(&app, &confirm_words(what, self.view().language()));
        self.arm_sheet_timeout();
    }

    fn on_notice(self: &Rc<Self>, notice: EngineEvent) {
        match notice {
            EngineEvent::Snapshot => self.refresh(),
            EngineEvent::FreeRooms(answer) => self.show_free_rooms(answer),
            EngineEvent::Synced => self.synced(),
            // Sync now on a panel with no calendar to read: said on the admin screen.
            EngineEvent::Done(crate::core::view::ActionResult::Failed { refusal })
                if self.sync_asked.get().is_some() && !self.in_flight.get() =>
            {
                self.sync_asked.set(None);
                self.say_on_admin(refusal.words(self.view().language()), true);
            }
            EngineEvent::Done(result) => {
                self.in_flight.set(false);
                self.refresh();
                if let Some(app) = self.app.upgrade() {
                    adapter::show_result(&app, &result_words(&result, &self.view()));
                }
                self.arm_sheet_timeout();
            }
        }
    }

    /// What a tap or an edit does: anything that cannot be taken back asks first.
    fn handle(self: &Rc<Self>, event: UiEvent) {
        self.arm_language_fall_back();
        if event == UiEvent::ChangeRoom && self.admin.room_in_config {
            self.say_on_admin(
                crate::core::labels::change_room_configured(
                    &self.admin.config,
                    self.view().language(),
                ),
                true,
            );
            return;
        }
        let what = confirm_for(&event, &self.free_rooms.borrow());
        if let Some(what) = what {
            self.ask(&what, event);
            return;
        }
        match event {
            UiEvent::Confirmed => {
                let asked = self.asking.borrow_mut().take();
                if let Some(asked) = asked {
                    self.carry_out(asked.event);
                }
            }
            UiEvent::Declined => {
                let asked = self.asking.borrow_mut().take();
                if let (Some(app), Some(asked)) = (self.app.upgrade(), asked) {
                    adapter::show_screen(&app, asked.back);
                    if asked.back == Screen::Admin {
                        self.show_admin_rows(&app);
                    }
                }
                self.arm_sheet_timeout();
            }
            other => self.carry_out(other),
        }
    }

    /// Carries out a tap (confirmed, when it asks first).
    fn carry_out(self: &Rc<Self>, event: UiEvent) {
        match event {
            UiEvent::OpenBook => {
                self.refresh();
                if let Some(app) = self.app.upgrade() {
                    adapter::show_screen(&app, Screen::Book);
                }
                self.arm_sheet_timeout();
            }
            UiEvent::CloseSheet => self.close_sheet(),
            UiEvent::Touched => self.arm_sheet_timeout(),
            UiEvent::ConfirmBooking(minutes) => self.send(
                Command::Book { minutes },
                &progress_words(Progress::Book, self.view().language()),
            ),
            UiEvent::CheckIn => self.send(
                Command::CheckIn,
                &progress_words(Progress::CheckIn, self.view().language()),
            ),
            UiEvent::EndEarly => self.send(
                Command::EndEarly,
                &progress_words(Progress::EndEarly, self.view().language()),
            ),
            UiEvent::Extend(minutes) => self.send(
                Command::Extend { minutes },
                &progress_words(Progress::Extend, self.view().language()),
            ),
            UiEvent::FindFreeRoom => self.find_free_rooms(),
            UiEvent::BookFreeRoom { email, minutes } => {
                let name = free_room_name(&self.free_rooms.borrow(), &email);
                let progress = progress_words(Progress::BookRoom(&name), self.view().language());
                self.send(
                    Command::BookRoom {
                        email,
                        name,
                        minutes,
                    },
                    &progress,
                );
            }
            UiEvent::StartPairing => {
                self.engine.send(Command::Pair);
            }
            UiEvent::AdminRequested => self.open_pin_pad(),
            UiEvent::PinSubmitted(pin) => self.check_pin(&pin),
            UiEvent::SyncNow => self.sync_now(),
            UiEvent::LedTest => self.led_test(),
            UiEvent::ChangeRoom => {
                self.close_sheet();
                self.engine.send(Command::ChangeRoom);
            }
            UiEvent::PairAgain => {
                self.close_sheet();
                self.engine.send(Command::Pair);
            }
            UiEvent::Unpair => {
                self.close_sheet();
                self.engine.send(Command::Unpair);
            }
            // Answers with nothing asked (a second tap): nothing to do.
            UiEvent::Confirmed | UiEvent::Declined => {}
            UiEvent::RoomSearch(query) => {
                let rooms = self.shown.borrow().as_ref().and_then(|v| v.rooms.clone());
                if let (Some(app), Some(rooms)) = (self.app.upgrade(), rooms) {
                    adapter::show_rooms(&app, &rooms, &query);
                }
            }
            UiEvent::RoomPicked(email) => {
                let room = self
                    .shown
                    .borrow()
                    .as_ref()
                    .and_then(|v| v.rooms.as_ref())
                    .and_then(|rooms| rooms.iter().find(|r| r.email == email).cloned());
                if let Some(room) = room {
                    self.engine.send(Command::ChooseRoom(room));
                }
            }
            UiEvent::LanguagePicked(index) => self.pick_language(index),
        }
    }

    /// Hands a tap to the engine and shows `progress` at once (within the same frame).
    fn send(&self, command: Command, progress: &str) {
        if self.in_flight.get() {
            return; // one action at a time; a second tap does nothing
        }
        if !self.engine.send(command) {
            tracing::error!("the engine has stopped; the panel cannot act on taps");
            return;
        }
        self.in_flight.set(true);
        if let Some(app) = self.app.upgrade() {
            adapter::show_progress(&app, progress);
        }
        self.sheet_timer.stop();
    }

    fn open_pin_pad(self: &Rc<Self>) {
        let Some(app) = self.app.upgrade() else {
            return;
        };
        if self.admin.pin.is_none() {
            tracing::info!("admin screen asked for, but no [admin] pin is set: it stays off");
            return;
        }
        // While the pad waits after wrong PINs, it says so at once.
        let waiting = self.pin_guard.get().waiting(self.clock.now());
        adapter::show_pin_error(
            &app,
            &waiting
                .map(|left| pin_words(PinOutcome::Waiting { left }, self.view().language()))
                .unwrap_or_default(),
        );
        adapter::show_screen(&app, Screen::Pin);
        self.arm_sheet_timeout();
    }

    fn check_pin(self: &Rc<Self>, entered: &str) {
        let Some(app) = self.app.upgrade() else {
            return;
        };
        let now = self.clock.now();
        let mut guard = self.pin_guard.get();
        // While the pad waits, the PIN is not even compared.
        let right =
            guard.accepts(now)
                && self.admin.pin.as_ref().is_some_and(|pin| {
                    constant_time_eq(pin.expose().as_bytes(), entered.as_bytes())
                });
        let outcome = guard.entered(now, right);
        self.pin_guard.set(guard);
        adapter::clear_pin(&app);
        if outcome == PinOutcome::Open {
            // A line from an earlier visit is stale; a read under way says so again.
            *self.admin_line.borrow_mut() = match self.sync_asked.get() {
                Some(_) => (
                    crate::core::labels::sync_words(SyncProgress::Syncing, &self.view()),
                    false,
                ),
                None => (String::new(), false),
            };
            adapter::show_admin(&app, &[], self.admin.microsoft);
            self.show_admin_rows(&app);
            let snapshot = self.engine.snapshot();
            adapter::show_diagnostics(
                &app,
                &diagnostics(now, &snapshot, &self.policy, &self.view(), &self.admin),
            );
            self.arm_sheet_timeout();
        } else {
            match outcome {
                PinOutcome::Wrong { wrong, wait } => tracing::warn!(
                    "wrong admin PIN entered at the panel ({wrong} in a row){}",
                    wait.map(|w| format!(
                        "; the PIN pad waits {}",
                        wait_words(w, crate::core::Language::English)
                    ))
                    .unwrap_or_default()
                ),
                _ => tracing::info!("admin PIN entered while the PIN pad waits; not checked"),
            }
            adapter::show_pin_error(&app, &pin_words(outcome, self.view().language()));
        }
    }

    /// "Find a free room": the sheet at once, saying it is looking, then the engine's answer.
    fn find_free_rooms(self: &Rc<Self>) {
        let Some(app) = self.app.upgrade() else {
            return;
        };
        use crate::core::free_rooms::{free_rooms_note, Lookup, MIN_FREE_MINUTES};
        let min_free = chrono::Duration::minutes(MIN_FREE_MINUTES);
        adapter::show_free_rooms(
            &app,
            &[],
            &free_rooms_note(Lookup::Looking, min_free, self.view().language()),
        );
        self.engine.send(Command::FindRooms);
        self.arm_sheet_timeout();
    }

    fn show_free_rooms(&self, answer: Result<Vec<crate::core::free_rooms::FreeRoom>, String>) {
        let Some(app) = self.app.upgrade() else {
            return;
        };
        if adapter::screen(&app) != Screen::FreeRooms {
            return; // closed meanwhile
        }
        use crate::core::free_rooms::{free_room_views, free_rooms_note, Lookup, MIN_FREE_MINUTES};
        let min_free = chrono::Duration::minutes(MIN_FREE_MINUTES);
        let now = self.clock.now();
        match answer {
            Ok(rooms) => {
                let views = free_room_views(now, &rooms, &self.view());
                adapter::show_free_rooms(
                    &app,
                    &views,
                    &free_rooms_note(Lookup::Found(&rooms), min_free, self.view().language()),
                );
                *self.free_rooms.borrow_mut() = rooms;
            }
            Err(why) => {
                // The detail is the admin's (the log); the door reads one plain sentence.
                tracing::warn!("cannot look up free rooms: {why}");
                adapter::show_free_rooms(
                    &app,
                    &[],
                    &free_rooms_note(Lookup::Failed, min_free, self.view().language()),
                );
            }
        }
    }

    fn arm_sheet_timeout(self: &Rc<Self>) {
        let weak = Rc::downgrade(self);
        self.sheet_timer
            .start(TimerMode::SingleShot, SHEET_TIMEOUT, move || {
                if let Some(c) = weak.upgrade() {
                    c.close_sheet();
                }
            });
    }

    fn close_sheet(&self) {
        self.asking.borrow_mut().take();
        if let Some(app) = self.app.upgrade() {
            if adapter::screen(&app) != Screen::Booking {
                adapter::show_screen(&app, Screen::Home);
            }
        }
        self.sheet_timer.stop();
    }

    /// Ticks at the start of every minute (the clock and "min left" change then), no sooner.
    fn arm_minute_tick(self: &Rc<Self>) {
        if !self.clock.ticks() {
            return;
        }
        let now = self.clock.now();
        let into_minute = StdDuration::from_millis(
            u64::from(now.second()) * 1000 + u64::from(now.nanosecond() / 1_000_000).min(999),
        );
        let wait = StdDuration::from_secs(60)
            .saturating_sub(into_minute)
            .max(StdDuration::from_millis(200))
            + StdDuration::from_millis(20);
        let weak = Rc::downgrade(self);
        self.minute_timer
            .start(TimerMode::SingleShot, wait, move || {
                if let Some(c) = weak.upgrade() {
                    c.refresh();
                    c.arm_minute_tick();
                }
            });
    }
}

/// The admin screen's rows: the facts gathered here, worded by the core.
pub fn admin_rows(
    now: chrono::DateTime<chrono::Utc>,
    snapshot: &crate::core::Snapshot,
    view: &ViewSettings,
    ctx: &AdminContext,
    lights: &crate::device::lights::LightsHealth,
    last_problem: Option<LastProblem>,
) -> Vec<AdminRow> {
    let token_until = ctx.microsoft.then(|| {
        let store = crate::microsoft::identity::store::FileTokenStore::new(&ctx.state_dir);
        crate::microsoft::identity::store::TokenStore::load(&store).and_then(|s| s.expires_at)
    });
    let facts = AdminFacts {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        token_until,
        lights: lights.summary(),
        addresses: ip_addresses(),
        config: ctx.config.clone(),
        state_dir: ctx.state_dir.display().to_string(),
        certificate: ctx.certificate_file.as_deref().map(|file| {
            crate::microsoft::identity::certificate::read_facts(file)
                .map(|facts| crate::core::labels::CertificateFact {
                    thumbprint: facts.thumbprint_sha1,
                    not_after: facts.not_after,
                    now,
                })
                .map_err(|e| e.to_string())
        }),
        check_in: ctx.check_in,
        last_problem,
    };
    crate::core::labels::admin_rows(snapshot, view, &facts)
}

/// The diagnostics summary for the admin screen's QR code: the facts gathered here, worded by
/// the core.
pub fn diagnostics(
    now: chrono::DateTime<chrono::Utc>,
    snapshot: &crate::core::Snapshot,
    policy: &Policy,
    view: &ViewSettings,
    ctx: &AdminContext,
) -> String {
    let facts = crate::core::diagnostics::DiagnosticFacts {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        addresses: ip_addresses()
            .map(|a| a.split_whitespace().map(str::to_owned).collect())
            .unwrap_or_default(),
        token_horizon: ctx
            .microsoft
            .then(|| {
                crate::microsoft::identity::horizon(&ctx.state_dir, ctx.certificate_file.as_deref())
            })
            .flatten(),
        started: crate::metrics::process::now()
            .start_time_seconds
            .and_then(|s| chrono::DateTime::from_timestamp(s as i64, 0)),
    };
    crate::core::diagnostics::summary(now, snapshot, policy, view, &facts)
}

/// Compares without stopping at the first difference.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// This machine's addresses, as `hostname -I` lists them.
fn ip_addresses() -> Option<String> {
    std::process::Command::new("hostname")
        .arg("-I")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .filter(|s| !s.is_empty())
}

/// A tap or an edit on a page, as the pages' callbacks report it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UiEvent {
    OpenBook,
    CloseSheet,
    /// Any touch on a sheet (keeps it open).
    Touched,
    ConfirmBooking(i64),
    CheckIn,
    EndEarly,
    Extend(i64),
    FindFreeRoom,
    BookFreeRoom {
        email: String,
        minutes: i64,
    },
    StartPairing,
    /// The room name was held for 5 s.
    AdminRequested,
    PinSubmitted(String),
    SyncNow,
    /// The admin screen's lights test.
    LedTest,
    ChangeRoom,
    /// The admin screen's Pair again (asks first; "Get a code" is `StartPairing`).
    PairAgain,
    Unpair,
    /// The confirm sheet's answer.
    Confirmed,
    Declined,
    RoomSearch(String),
    RoomPicked(String),
    /// A language button on Home (its place in the row).
    LanguagePicked(usize),
}

/// Hands every page callback to [`Panel::handle`] as a [`UiEvent`].
fn wire_callbacks(app: &AppWindow, panel: &Rc<Panel>) {
    let to = |panel: &Rc<Panel>| {
        let weak = Rc::downgrade(panel);
        move |event: UiEvent| {
            if let Some(p) = weak.upgrade() {
                p.handle(event);
            }
        }
    };
    let shell = app.global::<ShellAdapter>();
    let send = to(panel);
    shell.on_touched(move || send(UiEvent::Touched));
    let send = to(panel);
    shell.on_close_sheet(move || send(UiEvent::CloseSheet));
    let send = to(panel);
    shell.on_admin_requested(move || send(UiEvent::AdminRequested));
    let home = app.global::<HomeAdapter>();
    let send = to(panel);
    home.on_open_book(move || send(UiEvent::OpenBook));
    let send = to(panel);
    home.on_check_in(move || send(UiEvent::CheckIn));
    let send = to(panel);
    home.on_end_early(move || send(UiEvent::EndEarly));
    let send = to(panel);
    home.on_extend(move |m| send(UiEvent::Extend(i64::from(m))));
    let send = to(panel);
    home.on_find_free_room(move || send(UiEvent::FindFreeRoom));
    let send = to(panel);
    home.on_language_chosen(move |i| {
        if let Ok(i) = usize::try_from(i) {
            send(UiEvent::LanguagePicked(i));
        }
    });
    let send = to(panel);
    app.global::<BookAdapter>()
        .on_confirm_booking(move |m| send(UiEvent::ConfirmBooking(i64::from(m))));
    let free = app.global::<FreeRoomsAdapter>();
    let send = to(panel);
    free.on_book(move |email, m| {
        send(UiEvent::BookFreeRoom {
            email: email.to_string(),
            minutes: i64::from(m),
        })
    });
    let send = to(panel);
    free.on_close(move || send(UiEvent::CloseSheet));
    let send = to(panel);
    app.global::<PairingAdapter>()
        .on_start_pairing(move || send(UiEvent::StartPairing));
    let send = to(panel);
    app.global::<PinAdapter>()
        .on_submitted(move |pin| send(UiEvent::PinSubmitted(pin.to_string())));
    let admin = app.global::<AdminAdapter>();
    let send = to(panel);
    admin.on_sync_now(move || send(UiEvent::SyncNow));
    let send = to(panel);
    admin.on_change_room(move || send(UiEvent::ChangeRoom));
    let send = to(panel);
    admin.on_pair_again(move || send(UiEvent::PairAgain));
    let send = to(panel);
    admin.on_unpair(move || send(UiEvent::Unpair));
    let send = to(panel);
    admin.on_led_test(move || send(UiEvent::LedTest));
    let confirm = app.global::<ConfirmAdapter>();
    let send = to(panel);
    confirm.on_yes(move || send(UiEvent::Confirmed));
    let send = to(panel);
    confirm.on_no(move || send(UiEvent::Declined));
    let rooms = app.global::<RoomsAdapter>();
    let send = to(panel);
    rooms.on_search(move |q| send(UiEvent::RoomSearch(q.to_string())));
    let send = to(panel);
    rooms.on_picked(move |email| send(UiEvent::RoomPicked(email.to_string())));
}

/// Fullscreen. On an X server without a window manager (a bare kiosk session) nobody honours the
/// fullscreen request, so the window is also sized to its monitor once it exists.
fn go_fullscreen(app: &AppWindow) {
    if super::backend::straight_to_display() {
        return; // the linuxkms backend is always fullscreen
    }
    app.window().set_fullscreen(true);
    #[cfg(feature = "desktop")]
    fit_to_monitor(app.as_weak(), 20);
}

/// Sizes the window to its monitor; retries every 50 ms until the window exists.
#[cfg(feature = "desktop")]
fn fit_to_monitor(weak: slint::Weak<AppWindow>, tries: u32) {
    use slint::winit_030::WinitWindowAccessor;
    Timer::single_shot(StdDuration::from_millis(50), move || {
        let Some(app) = weak.upgrade() else {
            return;
        };
        let fitted = app.window().with_winit_window(|w| {
            if let Some(monitor) = w.current_monitor().or_else(|| w.primary_monitor()) {
                w.set_outer_position(monitor.position());
                let _ = w.request_inner_size(monitor.size());
            }
        });
        if fitted.is_none() && tries > 0 {
            fit_to_monitor(weak, tries - 1);
        }
    });
}

/// Logs how long the process took to put its first frame on screen, then calls `on_first`
/// (systemd hears READY=1 then).
fn report_first_frame(app: &AppWindow, started: Instant, on_first: impl FnOnce() + 'static) {
    let on_first = Rc::new(Cell::new(Some(Box::new(on_first) as Box<dyn FnOnce()>)));
    let first = on_first.clone();
    let notified = app.window().set_rendering_notifier(move |state, _| {
        if matches!(state, slint::RenderingState::AfterRendering) {
            if let Some(f) = first.take() {
                tracing::info!(
                    ms = started.elapsed().as_secs_f64() * 1000.0,
                    "first frame rendered"
                );
                f();
            }
        }
    });
    if notified.is_err() {
        // This renderer cannot notify: the first event-loop turn comes right after the first
        // frame.
        Timer::single_shot(StdDuration::ZERO, move || {
            if let Some(f) = on_first.take() {
                tracing::info!(
                    ms = started.elapsed().as_secs_f64() * 1000.0,
                    "first frame shown"
                );
                f();
            }
        });
    }
}

/// Runs the panel until the window is closed. `started` is when the process started, for the
/// first-frame log line.
pub fn run(setup: PanelSetup, fullscreen: bool, started: Instant) -> anyhow::Result<()> {
    let app = super::backend::open_window(setup.backend)?;
    let service = Rc::new(kiosk::Service::start());
    if fullscreen {
        go_fullscreen(&app);
    }
    let first = setup.first;
    // The engine starts once the first frame is on screen (the cached schedule is already in
    // `first`): its first read of the calendar and the sign-in come after that frame.
    let (start_engine, engine_start) = std::sync::mpsc::channel();
    let engine = engine::spawn_after(
        Some(engine_start),
        setup.calendar.clone(),
        setup.microsoft.clone(),
        setup.clock.clone(),
        setup.engine.clone(),
        first,
        |notice| {
            let posted = slint::invoke_from_event_loop(move || {
                let panel = PANEL.with(|c| c.borrow().clone());
                if let Some(panel) = panel {
                    panel.on_notice(notice);
                }
            });
            if posted.is_err() {
                tracing::debug!("the UI has closed; dropping an engine notice");
            }
        },
    )?;
    if let Some(metrics) = setup.metrics {
        engine.run_beside(metrics.task(engine.watch_snapshot()));
    }
    // The lights follow the same snapshot as the screen, on their own thread.
    let lights = lights::start(
        &setup.leds,
        setup.light_controller,
        setup.clock.clone(),
        engine.watch_snapshot(),
        engine.watch_acting(),
    );
    let switch = lights.switch();
    let caught = signals::on_termination(move |_| {
        // systemd stops the panel with SIGTERM: lights off first, then close the window.
        switch.off();
        if slint::quit_event_loop().is_err() {
            std::process::exit(signals::EXIT_SIGNALLED);
        }
        // The event loop should end at once; do not linger if it cannot.
        std::thread::sleep(StdDuration::from_secs(3));
        std::process::exit(signals::EXIT_SIGNALLED);
    });
    if let Err(err) = caught {
        tracing::warn!("cannot catch termination signals; the lights may stay on at exit: {err}");
    }
    let panel = Rc::new(Panel {
        app: app.as_weak(),
        admin: setup.admin,
        engine,
        clock: setup.clock.clone(),
        policy: setup.engine.policy.clone(),
        view: RefCell::new(setup.view.clone()),
        door_language: RefCell::new(setup.door_language.clone()),
        language_timer: Timer::default(),
        shown: RefCell::new(None),
        in_flight: Cell::new(false),
        sheet_timer: Timer::default(),
        minute_timer: Timer::default(),
        pairing_timer: Timer::default(),
        lights,
        free_rooms: RefCell::new(Vec::new()),
        pin_guard: Cell::new(PinGuard::default()),
        asking: RefCell::new(None),
        sync_asked: Cell::new(None),
        admin_line: RefCell::new((String::new(), false)),
        last_problem: RefCell::new(None),
        led_timer: Timer::default(),
        led_step: Cell::new(0),
    });
    PANEL.with(|c| *c.borrow_mut() = Some(panel.clone()));
    wire_callbacks(&app, &panel);
    adapter::show_languages(&app, &panel.door_language.borrow().chips());
    panel.refresh();
    panel.arm_minute_tick();
    let ready = service.clone();
    let room = setup.engine.room.name.clone();
    report_first_frame(&app, started, move || {
        let _ = start_engine.send(());
        ready.ready(&format!("Showing {room}"))
    });
    let _screen =
        kiosk::ScreenSchedule::start(setup.screen_hours, setup.view.tz, setup.clock.clone());
    tracing::info!(room = %setup.engine.room.name, "panel running");
    let health = panel.lights.health();
    if health.warning.is_none() {
        // A warning was logged when the lights failed to start.
        tracing::info!("lights: {}", health.summary());
    }
    let ran = app.run();
    service.stopping();
    panel.lights.switch().off();
    PANEL.with(|c| c.borrow_mut().take());
    kiosk::stop_screen_schedule();
    ran?;
    Ok(())
}

/// Shows a problem (config error) on screen and waits: a kiosk must not crash-loop.
pub fn run_problem(title: &str, body: &str, fix: &str, fullscreen: bool) -> anyhow::Result<()> {
    let app = super::backend::open_window(crate::config::BackendSetting::Auto)?;
    // Under systemd the problem screen is a healthy service: it waits for the fix.
    let service = Rc::new(kiosk::Service::start());
    if fullscreen {
        go_fullscreen(&app);
    }
    adapter::show_problem(&app, title, body, fix);
    let ready = service.clone();
    let status = format!("{title}: {body}");
    report_first_frame(&app, Instant::now(), move || ready.ready(&status));
    app.run()?;
    service.stopping();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::free_rooms::FreeRoom;
    use crate::core::rooms::RoomChoice;

    #[test]
    fn whatever_cannot_be_taken_back_asks_first_and_nothing_else_does() {
        let listed = [FreeRoom {
            room: RoomChoice {
                email: "fjord@contoso.com".to_owned(),
                name: "Fjord".to_owned(),
                building: None,
                floor: None,
                capacity: Some(6),
            },
            free_until: None,
            minutes: 45,
        }];
        let ask = |e: UiEvent| confirm_for(&e, &listed);
        assert_eq!(ask(UiEvent::EndEarly), Some(Confirm::EndNow));
        assert_eq!(ask(UiEvent::PairAgain), Some(Confirm::PairAgain));
        assert_eq!(ask(UiEvent::Unpair), Some(Confirm::Unpair));
        assert_eq!(ask(UiEvent::ChangeRoom), Some(Confirm::ChangeRoom));
        assert_eq!(
            ask(UiEvent::BookFreeRoom {
                email: "fjord@contoso.com".to_owned(),
                minutes: 45
            }),
            Some(Confirm::BookRoom {
                name: "Fjord".to_owned(),
                minutes: 45
            })
        );
        // A room no longer listed is named by its address.
        assert_eq!(
            ask(UiEvent::BookFreeRoom {
                email: "gone@contoso.com".to_owned(),
                minutes: 30
            }),
            Some(Confirm::BookRoom {
                name: "gone@contoso.com".to_owned(),
                minutes: 30
            })
        );
        // The Book sheet has its own confirm step; "Get a code" pairs a panel that is not
        // paired; the answers themselves, a check-in and +15 min take nothing away.
        for quiet in [
            UiEvent::ConfirmBooking(30),
            UiEvent::StartPairing,
            UiEvent::CheckIn,
            UiEvent::Extend(15),
            UiEvent::SyncNow,
            UiEvent::LedTest,
            UiEvent::Confirmed,
            UiEvent::Declined,
        ] {
            assert_eq!(ask(quiet.clone()), None, "{quiet:?}");
        }
    }
}
