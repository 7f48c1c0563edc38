//! The light controller: follows the engine's snapshot and the "acting" overlay, computes the
//! light with the same core functions as the screen ([`room_light`]) and drives the LEDs.
//!
//! It sleeps until something can change: a new snapshot, a tap, the next instant the state or
//! the hour's brightness changes ([`next_light_change`]), or the next frame of a pulse or blink.
//! A steady colour needs no wake-ups; only a pulsing or blinking light ticks, and only while it
//! does. [`Controller`] is the synchronous heart (tests drive it with a virtual clock);
//! [`spawn`] runs it on its own thread.

use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration as StdDuration, Instant};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use tokio::sync::{watch, Notify};

use super::driver::LightsHealth;
use super::output::Output;
use crate::clock::Clock;
use crate::core::lights::{
    levels, next_frame, next_light_change, room_light, Light, LightSettings,
};
use crate::core::{Policy, Snapshot};

/// What the controller needs to know besides the room.
#[derive(Clone, Debug, PartialEq)]
pub struct ControllerSettings {
    pub policy: Policy,
    /// The display zone: the night window is local time.
    pub tz: Tz,
    pub lights: LightSettings,
    /// Whether the wall clock moves on by itself (a fixed `--now` clock does not, so waiting
    /// for the next state change would be pointless).
    pub ticks: bool,
}

/// Keeps the LEDs in step with the room.
pub struct Controller {
    output: Arc<Output>,
    settings: ControllerSettings,
    /// The light shown, and when (monotonic) its pattern started.
    showing: Option<(Light, StdDuration)>,
}

impl Controller {
    pub fn new(output: Arc<Output>, settings: ControllerSettings) -> Controller {
        Controller {
            output,
            settings,
            showing: None,
        }
    }

    /// The light being shown.
    pub fn light(&self) -> Option<Light> {
        self.showing.map(|(light, _)| light)
    }

    /// Brings the LEDs up to date. `now` is the wall clock (state, hour of the night window);
    /// `mono` a monotonic time (pattern phase). Returns how long until it must look again by
    /// itself; `None` when only a new snapshot or tap can change the light.
    pub fn update(
        &mut self,
        now: DateTime<Utc>,
        mono: StdDuration,
        snapshot: &Snapshot,
        acting: bool,
    ) -> Option<StdDuration> {
        let s = &self.settings;
        let light = room_light(now, snapshot, &s.policy, s.tz, &s.lights, acting);
        // A new colour or pattern starts its pattern afresh (a pulse starts at full, so the
        // change is seen at once); a new brightness alone keeps the rhythm.
        let started = match self.showing {
            Some((shown, started))
                if shown.colour == light.colour && shown.pattern == light.pattern =>
            {
                started
            }
            _ => mono,
        };
        self.showing = Some((light, started));
        let phase = mono.saturating_sub(started);
        self.output.show(levels(&light, &s.lights.palette, phase));

        let frame = next_frame(&light, phase);
        let change = if s.ticks {
            next_light_change(now, &snapshot.schedule, &s.policy, &s.lights.dimming, s.tz).map(
                |at| {
                    let wait = (at - now).to_std().unwrap_or_default();
                    // Timers may fire a hair early; never wake before the change.
                    wait + StdDuration::from_millis(1)
                },
            )
        } else {
            None
        };
        [frame, change].into_iter().flatten().min()
    }

    /// Switches the LEDs off for good.
    pub fn switch_off(&self) {
        self.output.switch_off();
    }
}

/// The running controller, seen from the panel.
pub struct LightsHandle {
    output: Arc<Output>,
    stop: Arc<Notify>,
    thread: Option<JoinHandle<()>>,
}

/// Switches the lights off from anywhere (a signal handler thread).
#[derive(Clone)]
pub struct LightsSwitch {
    output: Arc<Output>,
    stop: Arc<Notify>,
}

impl LightsSwitch {
    /// Lights off for good, and the controller stops.
    pub fn off(&self) {
        self.output.switch_off();
        self.stop.notify_one();
    }
}

impl LightsHandle {
    /// A handle for lights that are not driven (none configured, or failed to start).
    pub fn idle(output: Arc<Output>) -> LightsHandle {
        LightsHandle {
            output,
            stop: Arc::new(Notify::new()),
            thread: None,
        }
    }

    pub fn health(&self) -> LightsHealth {
        self.output.health()
    }

    /// The admin screen's lights test: these levels, whatever the room's state.
    pub fn test_show(&self, levels: crate::core::lights::Levels) {
        self.output.test_show(levels);
    }

    /// Ends the lights test: the lights show the room's state again.
    pub fn end_test(&self) {
        self.output.end_test();
    }

    pub fn switch(&self) -> LightsSwitch {
        LightsSwitch {
            output: self.output.clone(),
            stop: self.stop.clone(),
        }
    }

    /// Switches the lights off and waits for the controller to end.
    pub fn shutdown(mut self) {
        self.stop_now();
    }

    fn stop_now(&mut self) {
        self.switch().off();
        if let Some(thread) = self.thread.take() {
            if thread.join().is_err() {
                tracing::warn!("the light controller had stopped unexpectedly");
            }
        }
    }
}

impl Drop for LightsHandle {
    fn drop(&mut self) {
        self.stop_now();
    }
}

/// Starts the controller on its own thread. It follows `snapshot` and `acting` until
/// [`LightsHandle::shutdown`] (or a [`LightsSwitch`]) stops it; the lights are then off.
pub fn spawn(
    output: Arc<Output>,
    settings: ControllerSettings,
    clock: Arc<dyn Clock>,
    snapshot: watch::Receiver<Snapshot>,
    acting: watch::Receiver<bool>,
) -> std::io::Result<LightsHandle> {
    let stop = Arc::new(Notify::new());
    let controller = Controller::new(output.clone(), settings);
    let stopped = stop.clone();
    let thread = std::thread::Builder::new()
        .name("roomsign-lights".to_owned())
        .spawn(move || {
            let runtime = match tokio::runtime::Builder::new_current_thread()
                .enable_time()
                .build()
            {
                Ok(rt) => rt,
                Err(err) => {
                    tracing::warn!("lights: cannot start the controller: {err}");
                    return;
                }
            };
            runtime.block_on(follow(controller, clock, snapshot, acting, stopped));
        })?;
    Ok(LightsHandle {
        output,
        stop,
        thread: Some(thread),
    })
}

async fn follow(
    mut controller: Controller,
    clock: Arc<dyn Clock>,
    mut snapshot: watch::Receiver<Snapshot>,
    mut acting: watch::Receiver<bool>,
    stop: Arc<Notify>,
) {
    let started = Instant::now();
    let mut current = snapshot.borrow_and_update().clone();
    let mut is_acting = *acting.borrow_and_update();
    // A channel whose sender is gone (the engine stopped) is no longer listened to, so it
    // cannot wake the loop over and over.
    let (mut snapshots_open, mut acting_open) = (true, true);
    loop {
        let wait = controller.update(clock.now(), started.elapsed(), &current, is_acting);
        let event = {
            let sleep = async {
                match wait {
                    Some(wait) => tokio::time::sleep(wait).await,
                    None => std::future::pending().await,
                }
            };
            let snapshot_changed = async {
                if snapshots_open {
                    snapshot.changed().await.is_ok()
                } else {
                    std::future::pending().await
                }
            };
            let acting_changed = async {
                if acting_open {
                    acting.changed().await.is_ok()
                } else {
                    std::future::pending().await
                }
            };
            tokio::select! {
                _ = stop.notified() => Event::Stop,
                open = snapshot_changed => Event::Snapshot { open },
                open = acting_changed => Event::Acting { open },
                () = sleep => Event::Time,
            }
        };
        match event {
            Event::Stop => break,
            Event::Snapshot { open: true } => current = snapshot.borrow_and_update().clone(),
            Event::Snapshot { open: false } => snapshots_open = false,
            Event::Acting { open: true } => is_acting = *acting.borrow_and_update(),
            Event::Acting { open: false } => {
                acting_open = false;
                is_acting = false;
            }
            Event::Time => {}
        }
    }
    controller.switch_off();
}

/// What woke the controller.
enum Event {
    Stop,
    /// A new snapshot (`open`: false when the engine is gone).
    Snapshot {
        open: bool,
    },
    /// A tap started or ended.
    Acting {
        open: bool,
    },
    /// Time for the next frame or change.
    Time,
}
