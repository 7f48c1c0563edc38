//! The command line: `run` (the panel), `status`, `screenshot`, `leds test`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration as StdDuration, Instant};

use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand, ValueEnum};

use crate::app::out::{complain, out_line, say, OutputError};
use crate::app::{self, Options, Setup};
use crate::calendar::Outcome;
use crate::config::ConfigError;
use crate::core::free_rooms::{free_room_views, free_rooms_note, Lookup, MIN_FREE_MINUTES};
use crate::core::labels::{confirm_words, Confirm};
use crate::core::lights::{describe, levels, room_light, test_steps, Levels, TestShow};
use crate::core::report::{problem, report};
use crate::core::view::{panel_view, result_words, ActionResult};
use crate::core::{room_state, RoomState};
use crate::core::{Link, PairingPrompt};
use crate::device::lights::{self, Driver};
use crate::device::signals;
use crate::engine::{self, Command};
use crate::ui::{adapter, headless, panel, Screen};

/// Exit status for a configuration or usage error.
pub const EXIT_CONFIG: u8 = 2;

/// `status` found the room's state unknown because of a problem an admin must fix (already
/// printed): exit status 1.
#[derive(Debug, thiserror::Error)]
#[error("the room's state is unknown")]
struct StateUnknown;

#[derive(Debug, Parser)]
#[command(
    name = "roomsign",
    version,
    about = "Meeting-room door display: the room's status, today's meetings, and booking at the door",
    long_about = None
)]
struct Cli {
    /// Configuration file (else $ROOMSIGN_CONFIG, /etc/roomsign/config.toml, the user config dir).
    #[arg(long, global = true, value_name = "PATH")]
    config: Option<PathBuf>,
    /// Where to keep state (else $STATE_DIRECTORY, the user data dir).
    #[arg(long, global = true, value_name = "PATH")]
    state_dir: Option<PathBuf>,
    /// Run the built-in demo room, whatever the configuration says about Microsoft 365.
    #[arg(long, global = true)]
    demo: bool,
    /// Fix the clock at this instant (RFC 3339, e.g. 2026-11-23T09:00:00Z).
    #[arg(long, global = true, value_name = "RFC3339", value_parser = parse_now)]
    now: Option<DateTime<Utc>>,
    /// The room's language for this run, over the configuration's: en, de, fr or es, with a
    /// region when dates should follow one (en-US, de-AT).
    #[arg(long, global = true, value_name = "TAG", value_parser = parse_language)]
    language: Option<crate::core::Locale>,
    /// Fullscreen kiosk: no window decorations; problems are shown on screen.
    #[arg(long, global = true)]
    fullscreen: bool,
    #[command(subcommand)]
    command: Option<Cmd>,
}

#[derive(Debug, Subcommand)]
enum Cmd {
    /// Show the panel (the default).
    Run,
    /// Print the room's status once.
    Status {
        /// One JSON object instead of a summary.
        #[arg(long)]
        json: bool,
    },
    /// Pair this panel with Microsoft 365 from a terminal (device-code sign-in).
    Pair,
    /// Forget this panel's Microsoft 365 sign-in.
    Unpair,
    /// Check the configuration, the clock and the link to Microsoft 365, with fixes.
    Doctor,
    /// Book the room from now, as the panel's Book now does (through the room's booking
    /// attendant); exit status 0 only when the room accepted.
    Book {
        /// Minutes from now: one of the durations the panel offers (15, 30, 45, 60, or up to
        /// the next meeting).
        #[arg(long)]
        minutes: i64,
        /// One JSON object instead of a sentence.
        #[arg(long)]
        json: bool,
    },
    /// Check in to the meeting that needs it now, as the panel's Check in button does (recorded
    /// on the room's calendar for every panel of the room); exit status 0 only when recorded.
    CheckIn {
        /// One JSON object instead of a sentence.
        #[arg(long)]
        json: bool,
    },
    /// Render the panel to a PNG file without a display.
    Screenshot {
        /// PNG file to write.
        #[arg(long, value_name = "FILE.png")]
        out: PathBuf,
        /// Screen size in pixels.
        #[arg(long, value_name = "WxH", default_value = "800x480", value_parser = parse_size)]
        size: (u32, u32),
        /// Which screen to render.
        #[arg(long, value_enum, default_value_t = ShotScreen::Home)]
        screen: ShotScreen,
    },
    /// The occupancy lights.
    Leds {
        #[command(subcommand)]
        action: LedsCmd,
    },
    /// The configuration in effect: config.toml with config.d/*.toml merged over it.
    Config {
        /// Print every value with the file it came from (secrets redacted).
        #[arg(long)]
        show: bool,
    },
    /// The app's certificate for certificate-based app-only sign-in (auth = "certificate").
    Cert {
        #[command(subcommand)]
        action: CertCmd,
    },
}

#[derive(Debug, Subcommand)]
enum CertCmd {
    /// Make an RSA key and a self-signed certificate: writes roomsign.key (mode 600),
    /// roomsign.cer (to upload in Entra ID) and roomsign.pem; prints the thumbprint and expiry.
    New {
        /// Directory to write the files in.
        #[arg(long, value_name = "DIR", default_value = ".")]
        out: PathBuf,
        /// Days the certificate is valid (1 to 1095).
        #[arg(long, value_name = "N", default_value_t = 365)]
        days: u32,
        /// The certificate's common name.
        #[arg(long, value_name = "CN", default_value = "Roomsign")]
        name: String,
        /// Replace files that already exist.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Subcommand)]
enum LedsCmd {
    /// For installers: light every LED, colour and brightness in turn, saying what should be
    /// lit; the lights are off at the end (and on Ctrl-C).
    Test {
        /// How long each step lasts, in seconds.
        #[arg(long, value_name = "SECONDS", default_value = "2", value_parser = parse_step)]
        step: StdDuration,
    },
}

/// Screens `screenshot` can render.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ShotScreen {
    /// The Home screen.
    Home,
    /// The Book sheet as it opens, with its preselected duration.
    Book,
    /// The Book sheet with a duration chosen.
    Confirm,
    /// "Booking…" after the confirm tap.
    Booking,
    /// The result of a real booking in the demo room.
    Result,
    /// Home after that booking: the room is held by a booking made here (End now, Extend).
    Booked,
    /// The configuration-error screen (needs a configuration with an error).
    Problem,
    /// The Pairing screen with a fresh code from Microsoft 365 (needs [microsoft], not paired).
    Pairing,
    /// The Room picker with the rooms Microsoft 365 lists (needs a paired panel).
    Rooms,
    /// The PIN pad in front of the admin screen (needs [admin] pin).
    Pin,
    /// The admin screen (needs [admin] pin).
    Admin,
    /// "Find a free room": the demo room's neighbours free at --now.
    FreeRooms,
    /// The question before booking the first of those free rooms.
    AskBookRoom,
    /// The question before End now.
    AskEndNow,
    /// The question before Unpair (asked on the admin screen).
    AskUnpair,
}

fn parse_now(s: &str) -> Result<DateTime<Utc>, String> {
    let at = DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("{e}: expected RFC 3339, e.g. 2026-11-23T09:00:00Z"))?;
    // The panel works out days and weeks around `now`: from 1970 (a clock never set) to the
    // latest instant an event may carry.
    if at.timestamp() < 0 || at.timestamp() > crate::limits::LATEST_INSTANT {
        return Err("expected a time between the years 1970 and 2200".to_owned());
    }
    Ok(at)
}

fn parse_language(s: &str) -> Result<crate::core::Locale, String> {
    crate::core::Locale::parse(s).ok_or_else(|| {
        "not a language the panel speaks: en, de, fr or es, with a region when dates should follow one (en-US, de-AT)".to_owned()
    })
}

fn parse_step(s: &str) -> Result<StdDuration, String> {
    s.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| (0.0..=60.0).contains(v))
        .map(StdDuration::from_secs_f64)
        .ok_or_else(|| format!("\"{s}\" is not a number of seconds from 0 to 60"))
}

fn parse_size(s: &str) -> Result<(u32, u32), String> {
    let (w, h) = s
        .split_once(['x', 'X'])
        .ok_or_else(|| "expected WIDTHxHEIGHT, e.g. 800x480".to_owned())?;
    let parse = |v: &str| {
        v.trim()
            .parse::<u32>()
            .ok()
            .filter(|n| (100..=8192).contains(n))
            .ok_or_else(|| format!("\"{v}\" is not a size from 100 to 8192 pixels"))
    };
    Ok((parse(w)?, parse(h)?))
}

/// Runs the command line; returns the process exit status.
pub fn main() -> ExitCode {
    let started = std::time::Instant::now();
    few_malloc_arenas();
    let cli = Cli::parse();
    init_logging();
    let options = Options {
        config: cli.config.clone(),
        state_dir: cli.state_dir.clone(),
        demo: cli.demo,
        now: cli.now,
        language: cli.language.clone(),
    };
    let result = match cli.command.unwrap_or(Cmd::Run) {
        Cmd::Run => run(&options, cli.fullscreen, started),
        Cmd::Status { json } => with_setup(&options, |setup| status(&setup, json)),
        Cmd::Screenshot { out, size, screen } => screenshot(&options, &out, size, screen),
        Cmd::Pair => with_setup(&options, |setup| {
            let account = crate::app::doctor::pair_in_terminal(&setup)?;
            say!(
                "Paired as {account}. The sign-in is stored in {}.",
                setup.state_dir().display()
            );
            Ok(())
        }),
        Cmd::Unpair => with_setup(&options, |setup| {
            let store = crate::microsoft::identity::store::FileTokenStore::new(setup.state_dir());
            let existed = store.path().symlink_metadata().is_ok();
            // Also removes temp files an interrupted write left (one may hold a refresh token).
            crate::microsoft::identity::store::TokenStore::clear(&store)?;
            if existed {
                say!("Unpaired: removed {}.", store.path().display());
            } else {
                say!(
                    "Not paired: nothing stored in {}.",
                    setup.state_dir().display()
                );
            }
            Ok(())
        }),
        Cmd::Doctor => with_setup(&options, |setup| {
            let checks = crate::app::doctor::checks(&setup);
            if crate::app::doctor::print(&checks)? {
                Ok(())
            } else {
                Err(anyhow::anyhow!("some checks failed; see the ✗ lines above"))
            }
        }),
        Cmd::Leds {
            action: LedsCmd::Test { step },
        } => with_setup(&options, |setup| leds_test(&setup, step)),
        Cmd::Book { minutes, json } => with_setup(&options, |setup| book(&setup, minutes, json)),
        Cmd::CheckIn { json } => with_setup(&options, |setup| check_in(&setup, json)),
        Cmd::Config { show } => show_config(&options, show),
        Cmd::Cert {
            action:
                CertCmd::New {
                    out,
                    days,
                    name,
                    force,
                },
        } => crate::app::cert::new(&out, days, &name, force, chrono::Utc::now())
            .map_err(Failure::from),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Config(err)) => {
            complain(format_args!("roomsign: configuration error: {err}"));
            ExitCode::from(EXIT_CONFIG)
        }
        Err(Failure::Other(err)) => {
            if let Some(output) = err.chain().find_map(|e| e.downcast_ref::<OutputError>()) {
                return output.exit();
            }
            if err.downcast_ref::<StateUnknown>().is_some() {
                return ExitCode::FAILURE;
            }
            complain(format_args!("roomsign: {err:#}"));
            ExitCode::FAILURE
        }
    }
}

/// `roomsign config --show`: the merged configuration, each value with its file.
fn show_config(options: &Options, show: bool) -> Result<(), Failure> {
    let print = |line: &str| out_line(format_args!("{line}")).map_err(|e| Failure::Other(e.into()));
    if !show {
        return print("Use `roomsign config --show` to print the configuration in effect.");
    }
    let env = std::env::var(crate::config::CONFIG_ENV).ok();
    let dirs = crate::state_dir::user_dirs();
    let origin = crate::config::locate(
        options.config.as_deref(),
        env.as_deref(),
        dirs.as_ref().map(|d| d.config_dir()),
    )
    .map_err(Failure::Config)?;
    match origin {
        crate::config::ConfigOrigin::File(path) => {
            let layers = crate::config::Layers::read(&path).map_err(Failure::Config)?;
            for line in layers.show().lines() {
                print(line)?;
            }
        }
        crate::config::ConfigOrigin::Defaults => {
            print("# no configuration file: built-in defaults (the demo room)")?;
        }
    }
    Ok(())
}

/// glibc gives every thread that allocates its own malloc arena, each keeping freed pages of
/// its own; the panel's threads (UI, engine, lights, signals) allocate little, so two arenas
/// serve them all (BENCHMARKS.md, per-mapping PSS).
fn few_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a tunable of glibc's allocator; called before any other thread
    // exists.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

fn init_logging() {
    use std::io::IsTerminal;
    use tracing_subscriber::filter::Targets;
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    // The windowing library's chatter (XSETTINGS, screen size guesses) is not ours to report.
    // `ROOMSIGN_LOG` takes a level and `target=level` pairs ("info", "warn,roomsign=debug"):
    // `Targets` reads them without a regular-expression engine in the binary.
    let quiet = || {
        Targets::new()
            .with_default(tracing::Level::WARN)
            .with_target("winit", tracing::Level::ERROR)
    };
    let filter = std::env::var("ROOMSIGN_LOG")
        .ok()
        .and_then(|v| v.parse::<Targets>().ok())
        .unwrap_or_else(quiet);
    let fmt = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .without_time();
    let _ = tracing_subscriber::registry()
        .with(fmt)
        .with(filter)
        .try_init();
}

enum Failure {
    Config(ConfigError),
    Other(anyhow::Error),
}

impl From<anyhow::Error> for Failure {
    fn from(err: anyhow::Error) -> Self {
        Failure::Other(err)
    }
}

fn with_setup(
    options: &Options,
    f: impl FnOnce(Setup) -> anyhow::Result<()>,
) -> Result<(), Failure> {
    let setup = app::setup(options, StdDuration::ZERO).map_err(Failure::Config)?;
    f(setup).map_err(Failure::Other)
}

fn run(
    options: &Options,
    fullscreen_flag: bool,
    started: std::time::Instant,
) -> Result<(), Failure> {
    match app::load_config(options) {
        Ok((config, origin)) => {
            let fullscreen = fullscreen_flag || config.kiosk;
            let setup = app::setup_from(options, config, origin, StdDuration::from_millis(800));
            // Temp files an interrupted write left go; state files readable by others are fixed.
            crate::persist::open(setup.state_dir());
            panel::run(setup.panel_setup(), fullscreen, started).map_err(Failure::Other)
        }
        // Under systemd or in kiosk mode, show the problem instead of crash-looping.
        Err(err) if fullscreen_flag || std::env::var_os("INVOCATION_ID").is_some() => {
            complain(format_args!("roomsign: configuration error: {err}"));
            let (title, body, fix) = problem_words(&err);
            panel::run_problem(&title, &body, &fix, true).map_err(Failure::Other)
        }
        Err(err) => Err(Failure::Config(err)),
    }
}

fn problem_words(err: &ConfigError) -> (String, String, String) {
    (
        "The configuration needs fixing".to_owned(),
        err.to_string(),
        format!(
            "Edit {} as described above, then restart Roomsign (sudo systemctl restart roomsign).",
            err.path.display()
        ),
    )
}

/// `roomsign book`: one booking through the same path as the panel's Book now.
fn book(setup: &Setup, minutes: i64, json: bool) -> anyhow::Result<()> {
    // For an admin at a terminal: in English, whatever the panel's language.
    let english = setup.view.in_english();
    let Some(calendar) = &setup.calendar else {
        anyhow::bail!("this panel has no calendar to book");
    };
    let snapshot = setup.synced_snapshot();
    if snapshot.offline_since.is_some() {
        let why = snapshot
            .trouble
            .as_ref()
            .map_or(String::new(), |t| format!(": {}", t.words));
        anyhow::bail!("nothing was booked: the room's calendar cannot be read{why}");
    }
    let now = setup.clock.now();
    let outcome = app::block_on(engine::book_now(
        calendar.as_ref(),
        &setup.engine,
        now,
        &snapshot,
        minutes,
    ));
    let (word, event_id, start, end, message) = match &outcome {
        Ok((request, Outcome::Accepted(b))) => (
            "accepted",
            Some(b.id.clone()),
            Some(request.start),
            Some(b.end),
            format!(
                "Booked {} until {}.",
                snapshot.room.name,
                crate::core::view::clock_time(b.end, &english)
            ),
        ),
        Ok((request, Outcome::Declined(reason))) => (
            "declined",
            None,
            Some(request.start),
            Some(request.end),
            format!(
                "The room declined: {}. Nothing is booked.",
                reason.english()
            ),
        ),
        Ok((request, Outcome::Pending(id))) => (
            "pending",
            Some(id.clone()),
            Some(request.start),
            Some(request.end),
            "The room has not answered yet; the booking counts only once it accepts.".to_owned(),
        ),
        Err(result) => (
            "failed",
            None,
            None,
            None,
            result_words(result, &english).body,
        ),
    };
    if json {
        let stamp = |t: Option<chrono::DateTime<chrono::Utc>>| {
            t.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        };
        let report = serde_json::json!({
            "outcome": word,
            "room": snapshot.room,
            "event_id": event_id,
            "start": stamp(start),
            "end": stamp(end),
            "message": message,
        });
        say!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        say!("{message}");
    }
    if word == "accepted" {
        Ok(())
    } else {
        Err(anyhow::anyhow!("not booked ({word})"))
    }
}

/// `roomsign check-in`: the panel's Check in, from a terminal.
fn check_in(setup: &Setup, json: bool) -> anyhow::Result<()> {
    // For an admin at a terminal: in English, whatever the panel's language.
    let english = setup.view.in_english();
    let Some(calendar) = &setup.calendar else {
        anyhow::bail!("this panel has no calendar to check in to");
    };
    let mut snapshot = setup.synced_snapshot();
    if snapshot.offline_since.is_some() {
        let why = snapshot
            .trouble
            .as_ref()
            .map_or(String::new(), |t| format!(": {}", t.words));
        anyhow::bail!("nobody was checked in: the room's calendar cannot be read{why}");
    }
    let now = setup.clock.now();
    if let Some(problem) = problem(now, &snapshot, &setup.engine.policy, &english) {
        anyhow::bail!("nobody was checked in: {} {}", problem.what, problem.fix);
    }
    let done = app::block_on(engine::check_in_now(
        calendar.as_ref(),
        &setup.engine,
        now,
        &mut snapshot,
    ));
    let stamp =
        |t: chrono::DateTime<chrono::Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let (word, meeting, recorded, message) = match &done {
        Ok((meeting, Ok(how))) => {
            // Kept beside the panel too (check-ins.json, the cache of what the calendar holds).
            let mut record = engine::CheckInRecord::load(&setup.state_dir);
            record.checked_in.insert(meeting.id.clone());
            record.save(&setup.state_dir, snapshot.bookings());
            (
                "checked_in",
                Some(meeting),
                Some(*how),
                format!(
                    "Checked in to the meeting from {} in {}.",
                    crate::core::view::clock_time(meeting.start, &english),
                    snapshot.room.name
                ),
            )
        }
        Ok((meeting, Err(err))) => (
            "not_recorded",
            Some(meeting),
            None,
            format!("The room's calendar did not take the check-in: {err}"),
        ),
        Err(result) => (
            "nothing_to_check_in",
            None,
            None,
            result_words(result, &english).body,
        ),
    };
    if json {
        let report = serde_json::json!({
            "outcome": word,
            "room": snapshot.room,
            "event_id": meeting.map(|m| m.id.clone()),
            "start": meeting.map(|m| stamp(m.start)),
            "end": meeting.map(|m| stamp(m.end)),
            "marker": recorded.map(|r| r.marker),
            "exchange": recorded.map(|r| r.exchange),
            "message": message,
        });
        say!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        say!("{message}");
    }
    if word == "checked_in" {
        Ok(())
    } else {
        Err(anyhow::anyhow!("not checked in ({word})"))
    }
}

fn status(setup: &Setup, json: bool) -> anyhow::Result<()> {
    // For an admin at a terminal: in English, whatever the panel's language.
    let english = setup.view.in_english();
    let now = setup.clock.now();
    let snapshot = setup.synced_snapshot();
    let policy = &setup.engine.policy;
    let problem = problem(now, &snapshot, policy, &english);
    let unknown = matches!(
        room_state(now, &snapshot.schedule, policy, &snapshot.checked_in),
        RoomState::Unknown { .. }
    );
    // Exit status 1 when the room's state is unknown because of a problem to fix.
    let outcome = if unknown && problem.is_some() {
        Err(StateUnknown.into())
    } else {
        Ok(())
    };
    if json {
        let report = report(now, &snapshot, policy, &setup.view);
        say!("{}", serde_json::to_string_pretty(&report)?);
        return outcome;
    }
    let view = panel_view(now, &snapshot, policy, &english);
    let light = room_light(
        now,
        &snapshot,
        policy,
        setup.view.tz,
        &english.lights,
        false,
    );
    say!(
        "{} — {} {} ({} {})",
        view.room_name,
        view.full_headline(),
        view.subline,
        view.clock,
        view.date
    );
    if let Some(card) = &view.current {
        let organizer = card
            .organizer
            .as_deref()
            .map(|o| format!(" ({o})"))
            .unwrap_or_default();
        say!(
            "Now:   {}{organizer}, {}, {}",
            card.subject,
            card.time_range,
            card.remaining
        );
    }
    if view.agenda.is_empty() {
        say!("Later: nothing else today");
    } else {
        say!("Later today:");
        for row in &view.agenda {
            let organizer = row
                .organizer
                .as_deref()
                .map(|o| format!(" ({o})"))
                .unwrap_or_default();
            say!("  {:<13} {}{organizer}", row.time_range, row.subject);
        }
    }
    if let Some(notice) = &view.notice {
        say!("{}", notice.text);
    }
    if let Some(problem) = &problem {
        say!("Problem: {}", problem.what);
        say!("Fix: {}", problem.fix);
    }
    say!(
        "Source: {} · lights: {} · config: {} · state: {}",
        snapshot.source.name(),
        light.colour.name(),
        setup.origin,
        setup.state_dir().display()
    );
    // Checked without taking the pins: a running panel may own them.
    say!(
        "Lights: {} · {}",
        describe(&light, crate::core::Language::English),
        lights::probe(&setup.leds).summary()
    );
    outcome
}

/// `roomsign leds test`: every LED alone, every colour at every brightness, each state as the
/// map shows it, then off; one line per step saying what should be lit.
fn leds_test(setup: &Setup, step: StdDuration) -> anyhow::Result<()> {
    let settings = &setup.view.lights;
    let blue = matches!(&setup.leds, Driver::Rppal(w) if w.blue.is_some());
    let steps = test_steps(settings, blue, crate::core::Language::English);
    let count = steps.len();
    let wiring = match &setup.leds {
        Driver::None => {
            say!(
                "No lights are configured ([leds] driver = \"none\"; configuration: {}), so nothing lights up.",
                setup.origin
            );
            let leds = &setup.config.leds;
            if leds.red.is_some() || leds.green.is_some() || leds.blue.is_some() {
                say!("Pins are set in [leds]: add `driver = \"rppal\"` there to drive them.");
            }
            say!("With LEDs wired and driver = \"rppal\", the test shows, in turn:");
            for (i, s) in steps.iter().enumerate() {
                say!("{:>3}/{count}  {}", i + 1, s.what);
            }
            return Ok(());
        }
        Driver::Rppal(wiring) => wiring,
    };
    let mut leds = lights::open(&setup.leds)
        .map_err(|e| anyhow::anyhow!("lights: {e} (configuration: {})", setup.origin))?;
    let stop = signals::termination_flag()?;
    say!("Testing the lights: {}.", leds.describe());
    say!(
        "Wiring: {}; each step lasts {} s; Ctrl-C switches the lights off and stops.",
        wiring.pins(),
        step.as_secs_f64()
    );
    let mut out = std::io::stdout();
    for (i, s) in steps.iter().enumerate() {
        // Nobody reads any more (or the disk is full): the lights go off before the error.
        if let Err(err) = out_line(format_args!("{:>3}/{count}  {}", i + 1, s.what)) {
            let _ = leds.show(Levels::OFF);
            return Err(err.into());
        }
        let _ = out.flush();
        let began = Instant::now();
        loop {
            let phase = began.elapsed();
            let shown = match s.show {
                TestShow::Levels(lv) => lv,
                TestShow::Light(light) => levels(&light, &settings.palette, phase),
            };
            if let Err(err) = leds.show(shown) {
                let _ = leds.show(Levels::OFF);
                anyhow::bail!("lights: {err}");
            }
            if signals::raised(&stop) {
                let _ = leds.show(Levels::OFF);
                anyhow::bail!("stopped; the lights are off");
            }
            if phase >= step {
                break;
            }
            std::thread::sleep((step - phase).min(StdDuration::from_millis(40)));
        }
    }
    leds.show(Levels::OFF)
        .map_err(|e| anyhow::anyhow!("lights: could not switch them off: {e}"))?;
    say!("Done: the lights are off.");
    Ok(())
}

fn screenshot(
    options: &Options,
    out: &std::path::Path,
    (width, height): (u32, u32),
    screen: ShotScreen,
) -> Result<(), Failure> {
    let loaded = app::load_config(options);
    let panel = headless::Headless::new(width, height)
        .map_err(|e| Failure::Other(anyhow::anyhow!("cannot render off screen: {e}")))?;
    let ui = panel.app();
    match (loaded, screen) {
        (Err(err), ShotScreen::Problem) => {
            let (title, body, fix) = problem_words(&err);
            adapter::show_problem(ui, &title, &body, &fix);
        }
        (Err(err), _) => return Err(Failure::Config(err)),
        (Ok(_), ShotScreen::Problem) => {
            return Err(Failure::Other(anyhow::anyhow!(
                "there is no problem to show: the configuration is valid"
            )))
        }
        (Ok((config, origin)), screen) => {
            let setup = app::setup_from(options, config, origin, StdDuration::ZERO);
            let now = setup.clock.now();
            adapter::show_languages(ui, &setup.door_language.chips());
            let mut snapshot = setup.first_snapshot();
            if screen == ShotScreen::Pairing {
                let Some(microsoft) = &setup.microsoft else {
                    return Err(Failure::Other(anyhow::anyhow!(
                        "there is no Pairing screen without a [microsoft] table in the configuration"
                    )));
                };
                if !matches!(snapshot.link, Link::NotPaired { .. }) {
                    return Err(Failure::Other(anyhow::anyhow!(
                        "this panel is already paired: run `roomsign unpair` first"
                    )));
                }
                let code =
                    app::block_on(microsoft.oauth.device_code(&microsoft.config.scopes, now))
                        .map_err(|e| Failure::Other(e.into()))?;
                snapshot.link = Link::Pairing(PairingPrompt {
                    user_code: code.user_code.clone(),
                    verification_uri: code.verification_uri.clone(),
                    qr_target: code.qr_target().to_owned(),
                    expires_at: code.expires_at,
                    note: None,
                });
            }
            if screen == ShotScreen::Rooms {
                let identity = setup
                    .microsoft
                    .as_ref()
                    .map(|m| m.identity(setup.clock.clone()).map(|i| (m, i)));
                let Some(Ok((microsoft, Some(identity)))) = identity else {
                    return Err(Failure::Other(anyhow::anyhow!(
                        "the Room picker needs a panel paired with Microsoft 365 (`roomsign pair`)"
                    )));
                };
                let graph = crate::microsoft::client::Graph::new(
                    microsoft.http.clone(),
                    &microsoft.config.graph_url,
                    identity,
                );
                let rooms = app::block_on(crate::microsoft::client::rooms(&graph))
                    .map_err(|e| Failure::Other(e.into()))?;
                snapshot.link = Link::ChooseRoom { rooms };
            }
            let policy = &setup.engine.policy;
            let view = panel_view(now, &snapshot, policy, &setup.view);
            let minutes = view
                .chips
                .iter()
                .find(|c| c.available && c.minutes == 30)
                .or_else(|| view.chips.iter().find(|c| c.available))
                .map(|c| c.minutes);
            if matches!(screen, ShotScreen::Pin | ShotScreen::Admin)
                && setup.config.admin.pin.is_none()
            {
                return Err(Failure::Other(anyhow::anyhow!(
                    "the admin screen is off: set pin in [admin] to have one"
                )));
            }
            let needs_chip = !matches!(
                screen,
                ShotScreen::Home
                    | ShotScreen::Pairing
                    | ShotScreen::Rooms
                    | ShotScreen::Pin
                    | ShotScreen::Admin
                    | ShotScreen::FreeRooms
                    | ShotScreen::AskBookRoom
                    | ShotScreen::AskEndNow
                    | ShotScreen::AskUnpair
            );
            if needs_chip && minutes.is_none() {
                return Err(Failure::Other(anyhow::anyhow!(
                    "the room cannot be booked at {now}, so there is no Book sheet to show: pick another --now"
                )));
            }
            let minutes = minutes.unwrap_or_default();
            match screen {
                ShotScreen::Result | ShotScreen::Booked => {
                    let Some(calendar) = setup.calendar.clone() else {
                        return Err(Failure::Other(anyhow::anyhow!(
                            "this panel cannot book yet (the Microsoft 365 room's calendar is not read by this version)"
                        )));
                    };
                    let result = app::block_on(engine::carry_out(
                        calendar.as_ref(),
                        &setup.engine,
                        now,
                        &mut snapshot,
                        Command::Book { minutes },
                    ))
                    .unwrap_or(ActionResult::Pending);
                    let snapshot = app::block_on(engine::sync_once(
                        calendar.as_ref(),
                        &setup.engine,
                        now,
                        Some(&snapshot),
                    ));
                    adapter::show_view(ui, &panel_view(now, &snapshot, policy, &setup.view));
                    if screen == ShotScreen::Result {
                        adapter::show_result(ui, &result_words(&result, &setup.view));
                    }
                }
                other => {
                    adapter::show_view(ui, &view);
                    match other {
                        ShotScreen::Book => adapter::show_screen(ui, Screen::Book),
                        ShotScreen::Confirm => {
                            adapter::show_screen(ui, Screen::Book);
                            adapter::select_minutes(ui, minutes);
                        }
                        ShotScreen::Booking => adapter::show_screen(ui, Screen::Booking),
                        ShotScreen::Pin => adapter::show_screen(ui, Screen::Pin),
                        ShotScreen::Admin => {
                            let ctx = setup.admin_context();
                            let problem =
                                crate::core::report::problem(now, &snapshot, policy, &setup.view);
                            let rows = panel::admin_rows(
                                now,
                                &snapshot,
                                &setup.view,
                                &ctx,
                                &lights::probe(&setup.leds),
                                crate::core::labels::track_problem(None, problem, now),
                            );
                            adapter::show_admin(ui, &rows, ctx.microsoft);
                            let summary = panel::diagnostics(
                                now,
                                &snapshot,
                                &setup.engine.policy,
                                &setup.view,
                                &ctx,
                            );
                            adapter::show_diagnostics(ui, &summary);
                        }
                        ShotScreen::AskBookRoom => {
                            let found = crate::calendar::demo_rooms::demo_find(now, setup.view.tz);
                            let min_free = chrono::Duration::minutes(MIN_FREE_MINUTES);
                            let note = free_rooms_note(
                                Lookup::Found(&found),
                                min_free,
                                setup.view.language(),
                            );
                            let rows = free_room_views(now, &found, &setup.view);
                            adapter::show_free_rooms(ui, &rows, &note);
                            let Some(first) = found.first() else {
                                return Err(Failure::Other(anyhow::anyhow!(
                                    "no other room is free at {now}: pick another --now"
                                )));
                            };
                            let event = panel::UiEvent::BookFreeRoom {
                                email: first.room.email.clone(),
                                minutes: first.minutes,
                            };
                            if let Some(what) = panel::confirm_for(&event, &found) {
                                adapter::show_confirm(
                                    ui,
                                    &confirm_words(&what, setup.view.language()),
                                );
                            }
                        }
                        ShotScreen::AskEndNow => {
                            adapter::show_confirm(
                                ui,
                                &confirm_words(&Confirm::EndNow, setup.view.language()),
                            );
                        }
                        ShotScreen::AskUnpair => {
                            adapter::show_confirm(
                                ui,
                                &confirm_words(&Confirm::Unpair, setup.view.language()),
                            );
                        }
                        ShotScreen::FreeRooms => {
                            let found = crate::calendar::demo_rooms::demo_find(now, setup.view.tz);
                            let min_free = chrono::Duration::minutes(MIN_FREE_MINUTES);
                            let note = free_rooms_note(
                                Lookup::Found(&found),
                                min_free,
                                setup.view.language(),
                            );
                            let rows = free_room_views(now, &found, &setup.view);
                            adapter::show_free_rooms(ui, &rows, &note);
                        }
                        // Home, or the Pairing or Problem screen the view asks for.
                        _ => {}
                    }
                }
            }
        }
    }
    let frame = panel.render();
    headless::write_png(&frame, out)
        .map_err(|e| Failure::Other(anyhow::anyhow!("cannot write {}: {e}", out.display())))?;
    Ok(())
}
