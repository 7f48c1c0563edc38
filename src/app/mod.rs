//! Wiring: from the command line and the configuration file to a clock, a calendar, the rules
//! and the first snapshot. `run`, `status` and `screenshot` all start here, so they load the
//! same data the same way.

pub mod cert;
pub mod cli;
pub mod doctor;
pub mod out;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Utc};

use crate::calendar::demo::{DemoCalendar, DEMO_ROOM_NAME};
use crate::calendar::graph::GraphCalendar;
use crate::calendar::CalendarSource;
use crate::clock::{Clock, FixedClock, SystemClock};
use crate::config::{self, Config, ConfigError, ConfigOrigin};
use crate::core::transition;
use crate::core::view::ViewSettings;
use crate::core::{Room, Snapshot, Source};
use crate::device::lights::controller::ControllerSettings;
use crate::device::lights::Driver;
use crate::engine::{self, EngineSettings};
use crate::microsoft::link::Microsoft;
use crate::state_dir;

/// What the global command-line flags say.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub config: Option<PathBuf>,
    pub state_dir: Option<PathBuf>,
    pub demo: bool,
    pub now: Option<DateTime<Utc>>,
    /// `--language`: the room's own language for this run, over the configuration's.
    pub language: Option<crate::core::Locale>,
}

/// Everything a command needs, built once.
pub struct Setup {
    pub config: Config,
    pub origin: ConfigOrigin,
    pub state_dir: PathBuf,
    pub clock: Arc<dyn Clock>,
    /// The room's calendar: the demo room's, or the Microsoft 365 room's through Graph.
    pub calendar: Option<Arc<dyn CalendarSource>>,
    /// Microsoft 365, when configured (and not overridden by `--demo`).
    pub microsoft: Option<Arc<Microsoft>>,
    pub engine: EngineSettings,
    pub view: ViewSettings,
    /// The room's languages, offered at the door when more than one.
    pub door_language: crate::core::door_language::DoorLanguage,
    /// The occupancy lights' driver and wiring.
    pub leds: Driver,
}

/// Finds and reads the configuration named by the options and the environment.
pub fn load_config(options: &Options) -> Result<(Config, ConfigOrigin), ConfigError> {
    let dirs = state_dir::user_dirs();
    let env = std::env::var(config::CONFIG_ENV).ok();
    let origin = config::locate(
        options.config.as_deref(),
        env.as_deref(),
        dirs.as_ref().map(|d| d.config_dir()),
    )?;
    let config = match &origin {
        ConfigOrigin::File(path) => Config::read(path)?,
        ConfigOrigin::Defaults => Config::default(),
    };
    Ok((config, origin))
}

/// Builds the setup. `answer_delay` is how long the demo room takes to answer a booking (so
/// the progress step shows on a real panel; zero for one-shot commands).
pub fn setup(options: &Options, answer_delay: StdDuration) -> Result<Setup, ConfigError> {
    let (config, origin) = load_config(options)?;
    Ok(setup_from(options, config, origin, answer_delay))
}

/// Builds the setup from a configuration already read.
pub fn setup_from(
    options: &Options,
    config: Config,
    origin: ConfigOrigin,
    answer_delay: StdDuration,
) -> Setup {
    let mut config = config;
    if let Some(language) = &options.language {
        config.display.language = Some(config::LanguageSetting(language.clone()));
    }
    let system_locale = config::system_locale();
    let view = config.view_settings(config::system_zone(), system_locale.clone());
    let door_language = config.door_language(system_locale);
    let leds = config.leds.driver();
    let clock: Arc<dyn Clock> = match options.now {
        Some(now) => Arc::new(FixedClock(now)),
        None => Arc::new(SystemClock),
    };
    let dirs = state_dir::user_dirs();
    let env = std::env::var(state_dir::STATE_ENV).ok();
    let state_dir = state_dir::resolve(
        options.state_dir.as_deref(),
        env.as_deref(),
        dirs.as_ref().map(|d| d.data_dir()),
    );
    let microsoft = match (&config.microsoft, options.demo) {
        (Some(ms), false) => {
            let mut microsoft = Microsoft::new(ms.clone(), &state_dir, config.room.mailbox.clone());
            microsoft.configured_name = config.room.name.is_some();
            Some(Arc::new(microsoft))
        }
        _ => None,
    };
    let poll_every = match &microsoft {
        Some(ms) => StdDuration::from_secs(ms.config.poll_seconds.0 as u64),
        None => StdDuration::from_secs(60),
    };
    let calendar: Option<Arc<dyn CalendarSource>> = match &microsoft {
        None => Some(Arc::new(DemoCalendar::new(view.tz, answer_delay))),
        Some(ms) => Some(Arc::new(GraphCalendar::new(
            ms.clone(),
            clock.clone(),
            view.tz,
            poll_every,
        ))),
    };
    // A room picked on the panel counts when the configuration names none.
    let picked = match (&microsoft, &config.room.mailbox) {
        (Some(_), None) => crate::microsoft::link::stored_room(&state_dir),
        _ => None,
    };
    let room = Room {
        name: config.room.name.clone().unwrap_or_else(|| {
            match (&microsoft, &config.room.mailbox, &picked) {
                (None, _, _) => DEMO_ROOM_NAME.to_owned(),
                (Some(_), Some(mailbox), _) => mailbox.clone(),
                (Some(_), None, Some(p)) => p.name.clone(),
                (Some(_), None, None) => "Meeting room".to_owned(),
            }
        }),
        mailbox: config
            .room
            .mailbox
            .clone()
            .or_else(|| picked.and_then(|p| p.mailbox)),
    };
    let engine = EngineSettings {
        room,
        policy: config.policy(),
        tz: view.tz,
        booking_subject: config.booking.subject.clone(),
        allow_end_early: config.booking.allow_end_early,
        allow_extend: config.booking.allow_extend,
        poll_every,
        state_dir: Some(state_dir.clone()),
    };
    Setup {
        config,
        origin,
        state_dir,
        clock,
        calendar,
        microsoft,
        engine,
        view,
        door_language,
        leds,
    }
}

impl Setup {
    /// The first snapshot, without waiting on the network: the demo room's day, or a
    /// Microsoft 365 room's cached schedule (`source` "cache"; unknown without a cache), and
    /// whether the panel is signed in.
    pub fn first_snapshot(&self) -> Snapshot {
        let now = self.clock.now();
        let mut snapshot = match &self.calendar {
            Some(calendar) if calendar.source() == Source::Demo => block_on(engine::sync_checked(
                calendar.as_ref(),
                &self.engine,
                now,
                self.clock.synchronised(now),
                None,
            )),
            Some(calendar) => {
                let mut snapshot =
                    engine::cached_snapshot(calendar.as_ref(), self.engine.room.clone());
                if !self.clock.synchronised(now) {
                    transition::clock_not_synchronised(&mut snapshot);
                }
                snapshot
            }
            None => Snapshot::unknown(self.engine.room.clone(), Source::Nothing),
        };
        // Check-ins survive a restart (a meeting checked in to is not released after it), and
        // so do releases (the room still says why it is free).
        let record = engine::CheckInRecord::load(&self.state_dir);
        transition::fold_check_ins(&mut snapshot, &record.checked_in);
        let releases = record
            .releases
            .into_iter()
            .map(|mut r| {
                // Times from a file are brought into the range an event may have.
                r.at = crate::limits::instant(r.at);
                r.meeting.start = crate::limits::instant(r.meeting.start);
                r.meeting.end = crate::limits::instant(r.meeting.end);
                r
            })
            .collect();
        transition::restore_releases(&mut snapshot, releases, now);
        if let Some(microsoft) = &self.microsoft {
            transition::link_changed(&mut snapshot, microsoft.current_link(self.clock.clone()));
        }
        snapshot
    }

    /// The first snapshot brought up to date by one read of the calendar (for `status`): when
    /// the read fails, the cached schedule with `offline_since` set.
    pub fn synced_snapshot(&self) -> Snapshot {
        let first = self.first_snapshot();
        match &self.calendar {
            Some(calendar) if calendar.source() != Source::Demo => {
                let now = self.clock.now();
                let mut snapshot = block_on(engine::sync_checked(
                    calendar.as_ref(),
                    &self.engine,
                    now,
                    self.clock.synchronised(now),
                    Some(&first),
                ));
                // A sign-in refused during the read says why.
                if let Some(microsoft) = &self.microsoft {
                    transition::link_changed(
                        &mut snapshot,
                        microsoft.current_link(self.clock.clone()),
                    );
                }
                snapshot
            }
            _ => first,
        }
    }

    /// `/metrics`, bound, when `[metrics] listen` is set; none when off, or when the port or
    /// the token file cannot be used (said in the log; the panel runs on without it).
    pub fn metrics(&self) -> Option<crate::metrics::Served> {
        let settings = &self.config.metrics;
        let listen = settings.listen?;
        let endpoint = match crate::metrics::server::Endpoint::bind(
            listen.0,
            settings.bearer_token_file.as_deref(),
        ) {
            Ok(endpoint) => endpoint,
            Err(err) => {
                tracing::warn!("metrics are off: {err}");
                return None;
            }
        };
        tracing::info!(listen = %listen.0, "metrics on /metrics");
        let clock = self.clock.clone();
        let policy = self.engine.policy.clone();
        let view = self.view.clone();
        let microsoft = self.microsoft.clone();
        let (version, target) = crate::metrics::build();
        let scrape: crate::metrics::Scrape = Arc::new(move |snapshot: &Snapshot, openmetrics| {
            let now = clock.now();
            let report = crate::core::report::report(now, snapshot, &policy, &view);
            let extra = crate::metrics::Extra {
                version,
                target: target.clone(),
                token_expiry: microsoft.as_deref().and_then(token_horizon),
                process: crate::metrics::process::now(),
            };
            crate::metrics::render(&report, &extra, openmetrics)
        });
        Some(crate::metrics::Served { endpoint, scrape })
    }

    /// What the light controller needs: the screen's rules, zone and light settings.
    /// What the admin screen shows besides the snapshot.
    pub fn admin_context(&self) -> crate::ui::panel::AdminContext {
        crate::ui::panel::AdminContext {
            pin: self.config.admin.pin.clone().map(|p| p.0),
            state_dir: self.state_dir.clone(),
            config: self.origin.to_string(),
            microsoft: self.microsoft.is_some(),
            certificate_file: self
                .microsoft
                .as_ref()
                .filter(|m| m.config.auth == crate::config::AuthMode::Certificate)
                .and_then(|m| m.config.certificate_file.clone()),
            check_in: self
                .engine
                .policy
                .checkin
                .enabled
                .then_some(self.engine.policy.checkin.release),
            room_in_config: self
                .microsoft
                .as_ref()
                .is_some_and(|m| m.configured_room.is_some()),
            blue_led: matches!(&self.leds, crate::device::lights::Driver::Rppal(w) if w.blue.is_some()),
        }
    }

    /// What the panel on a screen needs to run.
    pub fn panel_setup(&self) -> crate::ui::panel::PanelSetup {
        crate::ui::panel::PanelSetup {
            backend: self.config.display.backend,
            first: self.first_snapshot(),
            calendar: self.calendar.clone(),
            microsoft: self.microsoft.clone(),
            clock: self.clock.clone(),
            engine: self.engine.clone(),
            leds: self.leds.clone(),
            light_controller: self.light_controller(),
            view: self.view.clone(),
            door_language: self.door_language.clone(),
            screen_hours: self.config.screen_hours(),
            admin: self.admin_context(),
            metrics: self.metrics(),
        }
    }

    pub fn light_controller(&self) -> ControllerSettings {
        ControllerSettings {
            policy: self.engine.policy.clone(),
            tz: self.view.tz,
            lights: self.view.lights,
            ticks: self.clock.ticks(),
        }
    }

    pub fn state_dir(&self) -> &Path {
        &self.state_dir
    }
}

/// When the panel's credential runs out unless renewed (`microsoft::identity::horizon`).
pub fn token_horizon(microsoft: &Microsoft) -> Option<DateTime<Utc>> {
    let certificate = match microsoft.config.auth {
        crate::config::AuthMode::Certificate => microsoft.config.certificate_file.as_deref(),
        _ => None,
    };
    crate::microsoft::identity::horizon(&microsoft.state_dir, certificate)
}

/// Runs a future to completion on a fresh current-thread runtime.
pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a current-thread runtime needs no resources that can be missing")
        .block_on(future)
}
