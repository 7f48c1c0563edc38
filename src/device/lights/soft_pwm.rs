//! Software PWM for the LED pins that have no PWM peripheral, on one thread for all of them.
//!
//! Every period each pin with a level above zero is lit, and each is darkened when its share of
//! the period is over. The thread sleeps between edges and never busy-waits (a little jitter is
//! invisible on an LED, and a door sign must not spend a core on it, as a busy-waiting PWM
//! does); while every pin is fully on or fully off it does not run at all.

use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// A pin the software PWM switches.
pub trait PinOut: Send + 'static {
    /// Lights (`true`) or darkens the LED on this pin.
    fn set(&mut self, lit: bool);
}

/// The levels wanted, in thousandths of each period.
struct Wanted {
    levels: Vec<u16>,
    version: u64,
    stop: bool,
}

struct Shared {
    wanted: Mutex<Wanted>,
    changed: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Wanted> {
        self.wanted.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Software PWM over a few pins. Dropping it darkens every pin and ends its thread.
pub struct SoftPwm {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

impl SoftPwm {
    /// Starts the PWM thread for `pins` (all dark) at `hz` periods a second.
    pub fn start(pins: Vec<Box<dyn PinOut>>, hz: u32) -> std::io::Result<SoftPwm> {
        let shared = Arc::new(Shared {
            wanted: Mutex::new(Wanted {
                levels: vec![0; pins.len()],
                version: 0,
                stop: false,
            }),
            changed: Condvar::new(),
        });
        let period = Duration::from_secs(1) / hz.max(1);
        let theirs = shared.clone();
        let thread = std::thread::Builder::new()
            .name("roomsign-pwm".to_owned())
            .spawn(move || run(pins, period, &theirs))?;
        Ok(SoftPwm {
            shared,
            thread: Some(thread),
        })
    }

    /// Sets each pin's level in thousandths (0 dark, 1000 fully lit), in the order of the pins.
    pub fn set(&self, levels: &[u16]) {
        let mut wanted = self.shared.lock();
        if wanted.levels != levels {
            wanted.levels = levels.iter().map(|l| (*l).min(1000)).collect();
            wanted.version += 1;
            self.shared.changed.notify_all();
        }
    }
}

impl Drop for SoftPwm {
    fn drop(&mut self) {
        self.shared.lock().stop = true;
        self.shared.changed.notify_all();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn sleep_until(deadline: Instant) {
    let now = Instant::now();
    if deadline > now {
        std::thread::sleep(deadline - now);
    }
}

fn pulsing(levels: &[u16]) -> bool {
    levels.iter().any(|l| (1..1000).contains(l))
}

/// The pins and whether each is lit, so a pin is written only when it changes.
struct Outputs {
    pins: Vec<Box<dyn PinOut>>,
    lit: Vec<Option<bool>>,
}

impl Outputs {
    fn set(&mut self, i: usize, lit: bool) {
        if let (Some(pin), Some(was)) = (self.pins.get_mut(i), self.lit.get_mut(i)) {
            if *was != Some(lit) {
                pin.set(lit);
                *was = Some(lit);
            }
        }
    }
}

fn run(pins: Vec<Box<dyn PinOut>>, period: Duration, shared: &Shared) {
    let mut levels = vec![0u16; pins.len()];
    let mut out = Outputs {
        lit: vec![None; pins.len()],
        pins,
    };
    let mut seen = u64::MAX;
    loop {
        {
            let mut wanted = shared.lock();
            loop {
                if wanted.stop {
                    drop(wanted);
                    for i in 0..levels.len() {
                        out.set(i, false);
                    }
                    return;
                }
                if wanted.version != seen {
                    levels.clone_from(&wanted.levels);
                    seen = wanted.version;
                    break;
                }
                if pulsing(&levels) {
                    break;
                }
                // Every pin fully on or off: nothing to do until something changes.
                wanted = shared
                    .changed
                    .wait(wanted)
                    .unwrap_or_else(|e| e.into_inner());
            }
        }
        let start = Instant::now();
        for (i, level) in levels.iter().enumerate() {
            out.set(i, *level > 0);
        }
        if !pulsing(&levels) {
            continue;
        }
        let mut edges: Vec<(Duration, usize)> = levels
            .iter()
            .enumerate()
            .filter(|(_, l)| (1..1000).contains(*l))
            .map(|(i, l)| (period * u32::from(*l) / 1000, i))
            .collect();
        edges.sort_unstable();
        for (at, i) in edges {
            sleep_until(start + at);
            out.set(i, false);
        }
        sleep_until(start + period);
    }
}
