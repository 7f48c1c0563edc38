//! The room's calendar as an outside world: read the bookings, make and change door bookings.
//! Implementations: [`demo::DemoCalendar`] (built in, in memory) and [`graph::GraphCalendar`]
//! (a Microsoft 365 room, through Microsoft Graph).

pub mod availability;
pub mod checkin;
pub mod demo;
pub mod demo_rooms;
pub mod door;
pub mod graph;
pub mod times;
pub mod zones;

use std::future::Future;
use std::pin::Pin;

use chrono::{DateTime, Utc};

use crate::core::{Booking, CheckInWay, Source, Window};

/// A boxed future, so calendar sources can be chosen at run time.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A door booking to make.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BookingRequest {
    pub subject: String,
    /// Another room's mailbox (booked from "Find a free room"); `None`: this panel's room.
    pub room: Option<String>,
    /// The room's name, for the event's location.
    pub room_name: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// Same for every retry of one confirm tap, so a retry never makes two events.
    pub transaction_id: String,
}

/// How the room answered a booking or a change to one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The room accepted: the booking as it now stands.
    Accepted(Booking),
    /// The room declined, and why.
    Declined(crate::core::words::Decline),
    /// The room has not answered yet (event id).
    Pending(String),
}

/// Why the calendar could not be read or written, in words a user can act on.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("the calendar could not be reached: {0}")]
    Unreachable(String),
    #[error("the calendar refused the request: {0}")]
    Refused(String),
    #[error("no booking with id {0} in this room")]
    NotFound(String),
    /// Nothing to read yet (not paired, no room chosen): not a failure of the calendar.
    #[error("the calendar cannot be read yet: {0}")]
    NotReady(String),
}

/// How a check-in was recorded in the calendar.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CheckInRecorded {
    /// The marker on the room's copy (seen by every panel of the room at its next read).
    pub marker: bool,
    /// Exchange's own check-in record (delegated sign-in only).
    pub exchange: bool,
}

/// The last good schedule, kept from an earlier run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cached {
    pub bookings: Vec<Booking>,
    /// The window they were read for: outside it nothing is known.
    pub window: Window,
    pub last_sync: Option<DateTime<Utc>>,
    pub offline_since: Option<DateTime<Utc>>,
}

/// A room calendar.
pub trait CalendarSource: Send + Sync {
    /// What `status` reports as the source of a fresh read.
    fn source(&self) -> Source;

    /// The room's bookings that overlap `[from, to)`.
    fn read(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> BoxFuture<'_, Result<Vec<Booking>, CalendarError>>;

    /// The last good schedule kept from an earlier run, if any (shown at once at start).
    fn cached(&self) -> Option<Cached> {
        None
    }

    /// Asks the room for a booking.
    fn book(&self, request: BookingRequest) -> BoxFuture<'_, Result<Outcome, CalendarError>>;

    /// Asks again whether the room has answered a booking that was pending (event id).
    fn confirm(&self, id: String) -> BoxFuture<'_, Result<Outcome, CalendarError>> {
        Box::pin(async move { Err(CalendarError::NotFound(id)) })
    }

    /// Other rooms free from `now` for at least half an hour, nearest first ("Find a free room").
    fn free_rooms(
        &self,
        now: DateTime<Utc>,
    ) -> BoxFuture<'_, Result<Vec<crate::core::free_rooms::FreeRoom>, CalendarError>>;

    /// Releases a meeting nobody checked in to (the room declines it, telling the organizer).
    fn release(&self, id: String, comment: String) -> BoxFuture<'_, Result<(), CalendarError>>;

    /// Records a check-in to `meeting` at `at` in the calendar, so every panel of the room sees
    /// it: how it was recorded. A calendar kept in memory records nothing more than the panel.
    fn check_in(
        &self,
        meeting: Booking,
        at: DateTime<Utc>,
    ) -> BoxFuture<'_, Result<CheckInRecorded, CalendarError>> {
        let _ = (meeting, at);
        Box::pin(async { Ok(CheckInRecorded::default()) })
    }

    /// Whether Exchange holds a check-in to `meeting` (made through its check-in API by any
    /// device or app). A calendar that cannot tell says no.
    fn checked_in_at_exchange(
        &self,
        meeting: Booking,
    ) -> BoxFuture<'_, Result<bool, CalendarError>> {
        let _ = meeting;
        Box::pin(async { Ok(false) })
    }

    /// The check-ins recorded outside this panel that the last read found, by meeting id.
    fn marks(&self) -> std::collections::BTreeMap<String, CheckInWay> {
        std::collections::BTreeMap::new()
    }

    /// Moves the end of a booking made at this panel (end early, extend).
    fn change_end(
        &self,
        id: String,
        end: DateTime<Utc>,
    ) -> BoxFuture<'_, Result<Outcome, CalendarError>>;
}
