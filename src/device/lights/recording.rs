//! Lights that remember what they were told, when: for tests of the controller and of exits.
//! They can be made to fail, to show that a broken light never stops the panel.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use super::driver::{Lights, LightsError};
use crate::core::lights::Levels;

/// One `show` call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShowCall {
    pub at: Instant,
    pub levels: Levels,
}

/// What the recording lights were told, readable while they are in use.
#[derive(Clone, Debug, Default)]
pub struct Recording {
    shown: Arc<Mutex<Vec<ShowCall>>>,
    failing: Arc<Mutex<Option<String>>>,
}

impl Recording {
    /// Every `show` so far, oldest first.
    pub fn all(&self) -> Vec<ShowCall> {
        self.shown.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// The levels shown last.
    pub fn last(&self) -> Option<Levels> {
        self.all().last().map(|s| s.levels)
    }

    /// From now on every `show` fails with `message` (None: works again).
    pub fn fail_with(&self, message: Option<&str>) {
        if let Ok(mut f) = self.failing.lock() {
            *f = message.map(str::to_owned);
        }
    }

    pub fn clear(&self) {
        if let Ok(mut s) = self.shown.lock() {
            s.clear();
        }
    }
}

/// The recording driver.
#[derive(Debug, Default)]
pub struct RecordingLights {
    recording: Recording,
}

impl RecordingLights {
    /// The lights and a handle to read what they were told.
    pub fn new() -> (RecordingLights, Recording) {
        let recording = Recording::default();
        (
            RecordingLights {
                recording: recording.clone(),
            },
            recording,
        )
    }
}

impl Lights for RecordingLights {
    fn show(&mut self, levels: Levels) -> Result<(), LightsError> {
        if let Some(message) = self.recording.failing.lock().ok().and_then(|f| f.clone()) {
            return Err(LightsError::Failed(message));
        }
        if let Ok(mut s) = self.recording.shown.lock() {
            s.push(ShowCall {
                at: Instant::now(),
                levels,
            });
        }
        Ok(())
    }

    fn describe(&self) -> String {
        "recording".to_owned()
    }
}
