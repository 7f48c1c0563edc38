//! The built-in demo room: a realistic working day, generated for any date in the display's
//! time zone, plus the bookings made at the panel, kept in memory. It answers bookings as a
//! room's booking attendant would: accepted when the time is free, declined when not. To show
//! a decline, someone "books in Outlook" 15:10–15:25 without the panel knowing: a door booking
//! over it is declined, and the meeting then appears, as it would after the next sync.

use std::sync::Mutex;
use std::time::Duration as StdDuration;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;

use super::{BookingRequest, BoxFuture, CalendarError, CalendarSource, Outcome};
use crate::core::words::Decline;
use crate::core::{Booking, ShowAs, Source};

/// Name of the demo room (kept with its neighbours).
pub use super::demo_rooms::DEMO_ROOM_NAME;

/// One meeting of the demo day template.
struct Template {
    start: (u32, u32),
    end: (u32, u32),
    subject: &'static str,
    organizer: &'static str,
    private: bool,
    show_as: ShowAs,
    cancelled: bool,
}

const fn meeting(
    start: (u32, u32),
    end: (u32, u32),
    subject: &'static str,
    organizer: &'static str,
) -> Template {
    Template {
        start,
        end,
        subject,
        organizer,
        private: false,
        show_as: ShowAs::Busy,
        cancelled: false,
    }
}

/// A typical day in a busy meeting room (local times): back-to-back meetings, a private one,
/// one whose subject Exchange replaced by the organizer's name, a tentative one, a cancelled
/// one, and gaps to book.
const DAY: [Template; 9] = [
    meeting((8, 30), (9, 0), "Facilities walkthrough", "Sam Patel"),
    meeting((9, 0), (10, 0), "Weekly planning", "Alex Morgan"),
    meeting((10, 0), (10, 30), "Priya Shah", "Priya Shah"),
    Template {
        private: true,
        ..meeting((11, 0), (12, 0), "Salary review", "Jordan Lee")
    },
    Template {
        cancelled: true,
        ..meeting((12, 0), (12, 30), "Lunch & learn", "Robin Fischer")
    },
    meeting((13, 0), (14, 0), "Design review", "Maria Garcia"),
    meeting((14, 0), (14, 45), "Customer call — Fabrikam", "Chen Wei"),
    Template {
        show_as: ShowAs::Tentative,
        ..meeting((15, 30), (16, 0), "1:1 Alex / Sam", "Alex Morgan")
    },
    meeting((16, 30), (17, 30), "Quarterly business review", "Dana Kim"),
];

/// The demo calendar.
pub struct DemoCalendar {
    tz: Tz,
    /// How long the "booking attendant" takes to answer, so the progress step is visible.
    answer_delay: StdDuration,
    door_bookings: Mutex<DemoDoor>,
}

#[derive(Default)]
struct DemoDoor {
    made: Vec<Booking>,
    /// transaction id → event id, so a retried request never books twice.
    transactions: Vec<(String, String)>,
    next_id: u64,
    /// Meetings released for want of a check-in.
    released: Vec<String>,
    /// Days on which the meeting booked in Outlook behind the panel's back has come to light.
    revealed: Vec<NaiveDate>,
}

/// The meeting someone books in Outlook while the panel does not know yet (local times).
const OUTLOOK_BOOKING: ((u32, u32), (u32, u32)) = ((15, 10), (15, 25));

/// An hour and minute of the demo's day, through the core's rule for local times.
fn wall_clock(tz: Tz, date: NaiveDate, (h, m): (u32, u32)) -> DateTime<Utc> {
    crate::core::time::local_instant(
        tz,
        date,
        NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN),
    )
}

impl DemoCalendar {
    pub fn new(tz: Tz, answer_delay: StdDuration) -> DemoCalendar {
        DemoCalendar {
            tz,
            answer_delay,
            door_bookings: Mutex::new(DemoDoor::default()),
        }
    }

    /// The generated meetings of one local day.
    pub fn day(&self, date: NaiveDate) -> Vec<Booking> {
        let id = |n: usize| format!("demo-{date}-{n}");
        let mut day: Vec<Booking> = DAY
            .iter()
            .enumerate()
            .map(|(n, t)| Booking {
                id: id(n),
                subject: t.subject.to_owned(),
                organizer: Some(t.organizer.to_owned()),
                start: wall_clock(self.tz, date, t.start),
                end: wall_clock(self.tz, date, t.end),
                all_day: false,
                private: t.private,
                show_as: t.show_as,
                cancelled: t.cancelled,
                made_here: false,
            })
            .collect();
        // An all-day note that does not take the room.
        day.push(Booking {
            id: id(DAY.len()),
            subject: "Window cleaning".to_owned(),
            organizer: Some("Facilities".to_owned()),
            start: wall_clock(self.tz, date, (0, 0)),
            end: wall_clock(self.tz, date.succ_opt().unwrap_or(date), (0, 0)),
            all_day: true,
            private: false,
            show_as: ShowAs::Free,
            cancelled: false,
            made_here: false,
        });
        day
    }

    /// The meeting booked in Outlook on `date` that the panel has not seen yet.
    fn outlook_booking(&self, date: NaiveDate) -> Booking {
        Booking {
            id: format!("demo-{date}-outlook"),
            subject: "Sprint demo".to_owned(),
            organizer: Some("Taylor Brooks".to_owned()),
            start: wall_clock(self.tz, date, OUTLOOK_BOOKING.0),
            end: wall_clock(self.tz, date, OUTLOOK_BOOKING.1),
            all_day: false,
            private: false,
            show_as: ShowAs::Busy,
            cancelled: false,
            made_here: false,
        }
    }

    /// Every day that `[from, to)` touches (and the one before, for meetings running over).
    fn dates(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<NaiveDate> {
        let first = from.with_timezone(&self.tz).date_naive().pred_opt();
        let last = to.with_timezone(&self.tz).date_naive();
        let mut out = Vec::new();
        let mut date = first.unwrap_or(last);
        while date <= last {
            out.push(date);
            match date.succ_opt() {
                Some(next) => date = next,
                None => break,
            }
        }
        out
    }

    fn all_in(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Booking> {
        let mut out = Vec::new();
        for date in self.dates(from, to) {
            out.extend(self.day(date));
        }
        if let Ok(door) = self.door_bookings.lock() {
            out.extend(door.made.iter().cloned());
            out.extend(door.revealed.iter().map(|d| self.outlook_booking(*d)));
            for b in &mut out {
                if door.released.contains(&b.id) {
                    b.cancelled = true;
                }
            }
        }
        out.retain(|b| b.start < to && b.end > from);
        out.sort_by(|a, b| a.start.cmp(&b.start).then(a.end.cmp(&b.end)));
        out
    }

    /// The first booking other than `except` that takes the room within `[start, end)`.
    fn conflict(
        &self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        except: Option<&str>,
    ) -> Option<Booking> {
        self.all_in(start, end)
            .into_iter()
            .find(|b| b.occupies() && Some(b.id.as_str()) != except)
    }

    /// A booking of one of the demo room's neighbours ("Find a free room"): their attendants
    /// accept when the neighbour is free then, as its simulated day says.
    fn book_neighbour(&self, room: &str, request: &BookingRequest) -> Outcome {
        let busy = super::demo_rooms::demo_free_rooms(request.start, self.tz)
            .into_iter()
            .find(|a| a.room.email.eq_ignore_ascii_case(room))
            .map(|a| a.busy);
        match busy {
            None => Outcome::Declined(Decline::NotARoom(room.to_owned())),
            Some(busy)
                if busy
                    .iter()
                    .any(|(s, e)| *s < request.end && *e > request.start) =>
            {
                Outcome::Declined(Decline::BookedFirst)
            }
            Some(_) => Outcome::Accepted(Booking {
                id: format!("demo-neighbour-{}", request.transaction_id),
                subject: request.subject.clone(),
                organizer: None,
                start: request.start,
                end: request.end,
                all_day: false,
                private: false,
                show_as: ShowAs::Busy,
                cancelled: false,
                made_here: false,
            }),
        }
    }

    async fn answer_pause(&self) {
        if !self.answer_delay.is_zero() {
            tokio::time::sleep(self.answer_delay).await;
        }
    }
}

impl CalendarSource for DemoCalendar {
    fn source(&self) -> Source {
        Source::Demo
    }

    fn read(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> BoxFuture<'_, Result<Vec<Booking>, CalendarError>> {
        Box::pin(async move { Ok(self.all_in(from, to)) })
    }

    fn book(&self, request: BookingRequest) -> BoxFuture<'_, Result<Outcome, CalendarError>> {
        Box::pin(async move {
            self.answer_pause().await;
            if let Some(other) = &request.room {
                return Ok(self.book_neighbour(other, &request));
            }
            if request.end <= request.start {
                return Err(CalendarError::Refused(
                    "a booking must end after it starts".to_owned(),
                ));
            }
            let conflict = self.conflict(request.start, request.end, None);
            let mut door = self
                .door_bookings
                .lock()
                .map_err(|_| CalendarError::Unreachable("demo calendar poisoned".to_owned()))?;
            if let Some((_, id)) = door
                .transactions
                .iter()
                .find(|(tx, _)| *tx == request.transaction_id)
            {
                let id = id.clone();
                return match door.made.iter().find(|b| b.id == id) {
                    Some(b) => Ok(Outcome::Accepted(b.clone())),
                    None => Err(CalendarError::NotFound(id)),
                };
            }
            if conflict.is_some() {
                return Ok(Outcome::Declined(Decline::BookedFirst));
            }
            let unseen = self
                .dates(request.start, request.end)
                .into_iter()
                .filter(|d| !door.revealed.contains(d))
                .find(|d| {
                    let b = self.outlook_booking(*d);
                    b.start < request.end && b.end > request.start
                });
            if let Some(date) = unseen {
                door.revealed.push(date);
                return Ok(Outcome::Declined(Decline::BookedFirst));
            }
            door.next_id += 1;
            let booking = Booking {
                id: format!("demo-door-{}", door.next_id),
                subject: request.subject,
                organizer: Some(DEMO_ROOM_NAME.to_owned() + " panel"),
                start: request.start,
                end: request.end,
                all_day: false,
                private: false,
                show_as: ShowAs::Busy,
                cancelled: false,
                made_here: true,
            };
            door.transactions
                .push((request.transaction_id, booking.id.clone()));
            door.made.push(booking.clone());
            Ok(Outcome::Accepted(booking))
        })
    }

    fn free_rooms(
        &self,
        now: DateTime<Utc>,
    ) -> BoxFuture<'_, Result<Vec<crate::core::free_rooms::FreeRoom>, CalendarError>> {
        Box::pin(async move {
            self.answer_pause().await;
            Ok(super::demo_rooms::demo_find(now, self.tz))
        })
    }

    fn release(&self, id: String, _comment: String) -> BoxFuture<'_, Result<(), CalendarError>> {
        Box::pin(async move {
            let mut door = self
                .door_bookings
                .lock()
                .map_err(|_| CalendarError::Unreachable("demo calendar poisoned".to_owned()))?;
            if !door.released.contains(&id) {
                door.released.push(id);
            }
            Ok(())
        })
    }

    fn change_end(
        &self,
        id: String,
        end: DateTime<Utc>,
    ) -> BoxFuture<'_, Result<Outcome, CalendarError>> {
        Box::pin(async move {
            self.answer_pause().await;
            let current = {
                let door = self
                    .door_bookings
                    .lock()
                    .map_err(|_| CalendarError::Unreachable("demo calendar poisoned".to_owned()))?;
                door.made
                    .iter()
                    .find(|b| b.id == id)
                    .cloned()
                    .ok_or_else(|| CalendarError::NotFound(id.clone()))?
            };
            if end > current.end {
                if let Some(other) = self.conflict(current.end, end, Some(&id)) {
                    return Ok(Outcome::Declined(Decline::BookedFrom(other.start, self.tz)));
                }
            }
            let mut door = self
                .door_bookings
                .lock()
                .map_err(|_| CalendarError::Unreachable("demo calendar poisoned".to_owned()))?;
            let Some(index) = door.made.iter().position(|b| b.id == id) else {
                return Err(CalendarError::NotFound(id));
            };
            if end <= door.made[index].start {
                // Ended before it really began: nothing left of it.
                let mut gone = door.made.remove(index);
                gone.end = gone.start;
                return Ok(Outcome::Accepted(gone));
            }
            door.made[index].end = end;
            Ok(Outcome::Accepted(door.made[index].clone()))
        })
    }
}
