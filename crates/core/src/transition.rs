//! How the snapshot changes: a read of the calendar folded in, the link to Microsoft 365
//! changed, another room chosen, a check-in. Each is a pure function of the snapshot and the
//! facts; the engine is their only caller and the snapshot's only writer.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::booking::Booking;
use crate::policy::Policy;
use crate::snapshot::{Link, Room, Snapshot, Source, SyncTrouble};
use crate::state::{
    needs_check_in, room_state, CheckInWay, CheckIns, Released, ReleasedBy, RoomState, Schedule,
    UnknownReason, Window,
};

/// What one read of the calendar came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Read {
    /// The whole schedule of `window`, from `source`.
    Schedule {
        bookings: Vec<Booking>,
        window: Window,
        source: Source,
    },
    /// Nothing to read yet (not paired, no room chosen): not a failure; the schedule stays.
    NotReady,
    /// The read failed: the panel is offline (or a setting is wrong), the schedule stays.
    Failed(SyncTrouble),
}

/// What a read changed in how the panel is doing (for the log: said once, not at every poll).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadNews {
    /// Nothing new about the panel's trouble.
    Same,
    /// A good read after a failed one.
    Recovered,
    /// A failed read, for another reason than the last one (or the first).
    NewTrouble,
}

/// The first snapshot of a room from its last good read, kept from an earlier run (`source`
/// "cache"): the bookings of the window they were read for, when that read was and since when
/// the panel was offline then.
pub fn from_cache(
    room: Room,
    bookings: Vec<Booking>,
    window: Window,
    last_sync: Option<DateTime<Utc>>,
    offline_since: Option<DateTime<Utc>>,
) -> Snapshot {
    let mut snapshot = Snapshot::unknown(room, Source::Cache);
    snapshot.schedule = Schedule::Known(bookings, window);
    snapshot.last_sync = last_sync;
    snapshot.offline_since = offline_since;
    snapshot
}

/// The clock cannot be right (before the build, not yet synchronised): nothing is known, as a
/// wrong "Free" is worse than none.
pub fn clock_not_synchronised(snapshot: &mut Snapshot) {
    snapshot.schedule = Schedule::Unknown(UnknownReason::ClockNotSynchronised);
}

/// Whether the snapshot waits for the clock (then the cached schedule comes back with it).
pub fn waits_for_clock(snapshot: &Snapshot) -> bool {
    snapshot.schedule == Schedule::Unknown(UnknownReason::ClockNotSynchronised)
}

/// The clock is right again: the cached schedule (bookings and the window they were read for),
/// if any, comes back until the read; without one nothing has been read yet. A snapshot that
/// did not wait for the clock is left as it is.
pub fn clock_back(snapshot: &mut Snapshot, cached: Option<(Vec<Booking>, Window)>) {
    if !waits_for_clock(snapshot) {
        return;
    }
    snapshot.schedule = match cached {
        Some((bookings, window)) => Schedule::Known(bookings, window),
        None => Schedule::Unknown(UnknownReason::NeverSynced),
    };
}

/// Folds one read made at `now` into the snapshot. A good read is the schedule of its window
/// and ends any trouble; a failed one keeps the last known schedule and marks the panel offline
/// from the first failure on; a read that could not be made yet changes nothing.
pub fn fold_read(snapshot: &mut Snapshot, now: DateTime<Utc>, read: Read) -> ReadNews {
    match read {
        Read::Schedule {
            bookings,
            window,
            source,
        } => {
            snapshot.schedule = Schedule::Known(bookings, window);
            snapshot.source = source;
            snapshot.last_sync = Some(now);
            snapshot.offline_since = None;
            if snapshot.trouble.take().is_some() {
                ReadNews::Recovered
            } else {
                ReadNews::Same
            }
        }
        Read::NotReady => ReadNews::Same,
        Read::Failed(trouble) => {
            let news = if snapshot.trouble.as_ref() != Some(&trouble) {
                ReadNews::NewTrouble
            } else {
                ReadNews::Same
            };
            snapshot.offline_since.get_or_insert(now);
            snapshot.trouble = Some(trouble);
            news
        }
    }
}

/// Brings what a read found (`read`, made from a copy of the snapshot whose room had
/// `read_for` as mailbox) into the snapshot as it is now: the schedule and how it was read,
/// nothing else (the link may have moved on meanwhile). A read of a room no longer shown changes
/// nothing. True when something changed.
pub fn merge_read(snapshot: &mut Snapshot, read_for: Option<&str>, read: Snapshot) -> bool {
    if snapshot.room.mailbox.as_deref() != read_for {
        return false;
    }
    let changed = snapshot.schedule != read.schedule
        || snapshot.source != read.source
        || snapshot.last_sync != read.last_sync
        || snapshot.offline_since != read.offline_since
        || snapshot.trouble != read.trouble;
    let mut check_ins_changed = false;
    for id in &read.checked_in {
        if snapshot.checked_in.insert(id.clone()) {
            check_ins_changed = true;
            if let Some(way) = read.check_in_ways.get(id) {
                snapshot.check_in_ways.insert(id.clone(), *way);
            }
        }
    }
    if snapshot.released != read.released {
        check_ins_changed = true;
        snapshot.released = read.released;
    }
    let changed = changed || check_ins_changed;
    snapshot.schedule = read.schedule;
    snapshot.source = read.source;
    snapshot.last_sync = read.last_sync;
    snapshot.offline_since = read.offline_since;
    snapshot.trouble = read.trouble;
    changed
}

/// What a change did to the snapshot.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Changed {
    /// The snapshot is different (the screen and the lights look again).
    pub changed: bool,
    /// The calendar should be read now, not at the next poll.
    pub read_now: bool,
}

/// The link to Microsoft 365 is now `link`. Just signed in: read the calendar now.
pub fn link_changed(snapshot: &mut Snapshot, link: Link) -> Changed {
    let changed = snapshot.link != link;
    let read_now = changed && matches!(link, Link::SignedIn { .. });
    snapshot.link = link;
    Changed { changed, read_now }
}

/// The room is now `room` (its name read, or another room chosen). Another mailbox: nothing of
/// the old room's schedule holds, and the new one is read now.
pub fn room_switched(snapshot: &mut Snapshot, room: Room) -> Changed {
    let changed = snapshot.room != room;
    let another = snapshot.room.mailbox != room.mailbox;
    if another {
        snapshot.schedule = Schedule::Unknown(UnknownReason::NeverSynced);
        snapshot.last_sync = None;
        snapshot.offline_since = None;
        snapshot.trouble = None;
        snapshot.checked_in.clear();
        snapshot.check_in_ways.clear();
        snapshot.released.clear();
    }
    snapshot.room = room;
    Changed {
        changed,
        read_now: another,
    }
}

/// Checks in to the meeting awaiting check-in at `now`: the meeting, or `None` when no meeting
/// awaits it (and nothing changes).
pub fn check_in(snapshot: &mut Snapshot, now: DateTime<Utc>, policy: &Policy) -> Option<Booking> {
    match room_state(now, &snapshot.schedule, policy, &snapshot.checked_in) {
        RoomState::AwaitingCheckIn { meeting, .. } => {
            snapshot.checked_in.insert(meeting.id.clone());
            Some(meeting)
        }
        _ => None,
    }
}

/// The check-ins after a tap, into the snapshot as it is now (only this local fact: the link or
/// a read may have moved the rest on). True when they changed.
pub fn fold_check_ins(snapshot: &mut Snapshot, checked_in: &CheckIns) -> bool {
    let changed = &snapshot.checked_in != checked_in;
    snapshot.checked_in.clone_from(checked_in);
    changed
}

/// The check-ins recorded outside this panel that a read found (the marker on the room's copy,
/// Exchange's check-in record), by meeting id, into the snapshot: a meeting not yet known as
/// checked in is now, by that way. True when something changed.
pub fn fold_marks(snapshot: &mut Snapshot, marks: &BTreeMap<String, CheckInWay>) -> bool {
    let mut changed = false;
    for (id, way) in marks {
        if snapshot.checked_in.insert(id.clone()) {
            changed = true;
            if *way != CheckInWay::ThisPanel {
                snapshot.check_in_ways.insert(id.clone(), *way);
            }
        }
    }
    changed
}

/// After a good read made at `now`: a meeting that needed a check-in, that nobody checked in to,
/// and that left the room's calendar between its start and its end (it was in `before`, the
/// schedule before the read) was released elsewhere — by Exchange or another panel of the room.
/// Released meetings whose slot is over are forgotten. True when something changed.
pub fn note_releases(
    snapshot: &mut Snapshot,
    before: &[Booking],
    now: DateTime<Utc>,
    policy: &Policy,
) -> bool {
    let count = snapshot.released.len();
    snapshot.released.retain(|r| r.meeting.end > now);
    let mut changed = snapshot.released.len() != count;
    let Schedule::Known(after, window) = &snapshot.schedule else {
        return changed;
    };
    if !policy.checkin.enabled {
        return changed;
    }
    let gone: Vec<Booking> = before
        .iter()
        .filter(|b| {
            b.occupies()
                && needs_check_in(b, policy)
                && b.start <= now
                && now < b.end
                && window.contains(now)
                && !snapshot.checked_in.contains(&b.id)
                && !after.iter().any(|a| a.id == b.id)
                && !snapshot.released.iter().any(|r| r.meeting.id == b.id)
        })
        .cloned()
        .collect();
    for meeting in gone {
        changed = true;
        snapshot.released.push(Released {
            meeting,
            at: now,
            by: ReleasedBy::Elsewhere,
        });
    }
    changed
}

/// The releases kept from an earlier run, into a first snapshot: those whose slot has not ended
/// at `now`.
pub fn restore_releases(snapshot: &mut Snapshot, releases: Vec<Released>, now: DateTime<Utc>) {
    for r in releases {
        if r.meeting.end > now
            && !snapshot
                .released
                .iter()
                .any(|k| k.meeting.id == r.meeting.id)
        {
            snapshot.released.push(r);
        }
    }
}

/// This panel released `meeting` at `now` (declined the room's copy).
pub fn released_here(snapshot: &mut Snapshot, meeting: Booking, now: DateTime<Utc>) {
    snapshot.released.retain(|r| r.meeting.id != meeting.id);
    snapshot.released.push(Released {
        meeting,
        at: now,
        by: ReleasedBy::ThisPanel,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::booking::ShowAs;
    use crate::state::UnknownReason;
    use chrono::{Duration, TimeZone};

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, h, m, 0).unwrap()
    }

    fn room(mailbox: &str) -> Room {
        Room {
            name: mailbox.to_owned(),
            mailbox: Some(mailbox.to_owned()),
        }
    }

    fn meeting(id: &str, from: DateTime<Utc>, minutes: i64) -> Booking {
        Booking {
            id: id.to_owned(),
            subject: "Planning".to_owned(),
            organizer: Some("Ada".to_owned()),
            start: from,
            end: from + Duration::minutes(minutes),
            all_day: false,
            private: false,
            show_as: ShowAs::Busy,
            cancelled: false,
            made_here: false,
        }
    }

    fn window() -> Window {
        Window::new(at(0, 0), at(0, 0) + Duration::days(2))
    }

    fn known() -> Snapshot {
        let mut s = Snapshot::unknown(room("a@contoso.com"), Source::Graph);
        s.schedule = Schedule::Known(vec![meeting("m1", at(9, 0), 60)], window());
        s.last_sync = Some(at(8, 0));
        s
    }

    fn trouble(words: &str, refused: bool) -> SyncTrouble {
        SyncTrouble {
            words: words.to_owned(),
            refused,
        }
    }

    #[test]
    fn a_read_folded_in() {
        let offline = {
            let mut s = known();
            s.offline_since = Some(at(8, 30));
            s.trouble = Some(trouble("the calendar could not be reached: timeout", false));
            s
        };
        let fresh = vec![meeting("m2", at(10, 0), 30)];
        let good = Read::Schedule {
            bookings: fresh.clone(),
            window: window(),
            source: Source::Graph,
        };
        // (before, read, news, schedule after, last sync, offline since, trouble)
        #[allow(clippy::type_complexity)]
        let table: Vec<(
            Snapshot,
            Read,
            ReadNews,
            Schedule,
            Option<DateTime<Utc>>,
            Option<DateTime<Utc>>,
            Option<SyncTrouble>,
        )> = vec![
            // A good read: the schedule with its window, read now, online.
            (
                known(),
                good.clone(),
                ReadNews::Same,
                Schedule::Known(fresh.clone(), window()),
                Some(at(9, 0)),
                None,
                None,
            ),
            // A good read after trouble: recovered, online again.
            (
                offline.clone(),
                good.clone(),
                ReadNews::Recovered,
                Schedule::Known(fresh.clone(), window()),
                Some(at(9, 0)),
                None,
                None,
            ),
            // Not ready (not paired, no room): nothing changes.
            (
                offline.clone(),
                Read::NotReady,
                ReadNews::Same,
                offline.schedule.clone(),
                Some(at(8, 0)),
                Some(at(8, 30)),
                offline.trouble.clone(),
            ),
            // A first failure: offline from now, the schedule kept.
            (
                known(),
                Read::Failed(trouble("refused", true)),
                ReadNews::NewTrouble,
                known().schedule,
                Some(at(8, 0)),
                Some(at(9, 0)),
                Some(trouble("refused", true)),
            ),
            // The same failure again: offline since the first, said once.
            (
                offline.clone(),
                Read::Failed(trouble("the calendar could not be reached: timeout", false)),
                ReadNews::Same,
                offline.schedule.clone(),
                Some(at(8, 0)),
                Some(at(8, 30)),
                offline.trouble.clone(),
            ),
            // Another failure: new trouble, still offline since the first.
            (
                offline.clone(),
                Read::Failed(trouble("refused", true)),
                ReadNews::NewTrouble,
                offline.schedule.clone(),
                Some(at(8, 0)),
                Some(at(8, 30)),
                Some(trouble("refused", true)),
            ),
        ];
        for (i, (before, read, news, schedule, last_sync, offline_since, trouble)) in
            table.into_iter().enumerate()
        {
            let mut s = before.clone();
            assert_eq!(fold_read(&mut s, at(9, 0), read), news, "row {i}");
            assert_eq!(s.schedule, schedule, "row {i}");
            assert_eq!(s.last_sync, last_sync, "row {i}");
            assert_eq!(s.offline_since, offline_since, "row {i}");
            assert_eq!(s.trouble, trouble, "row {i}");
            assert_eq!(s.room, before.room, "row {i}: the room is the link's");
            assert_eq!(s.link, before.link, "row {i}: the link is the link's");
            assert_eq!(s.checked_in, before.checked_in, "row {i}");
        }
    }

    #[test]
    fn a_good_read_says_where_it_came_from() {
        let mut s = Snapshot::unknown(room("a@contoso.com"), Source::Cache);
        let read = Read::Schedule {
            bookings: vec![],
            window: window(),
            source: Source::Graph,
        };
        fold_read(&mut s, at(9, 0), read);
        assert_eq!(s.source, Source::Graph);
    }

    #[test]
    fn a_snapshot_from_the_cache() {
        let bookings = vec![meeting("c", at(9, 0), 30)];
        let s = from_cache(
            room("a@contoso.com"),
            bookings.clone(),
            window(),
            Some(at(7, 0)),
            Some(at(7, 30)),
        );
        assert_eq!(s.source, Source::Cache);
        assert_eq!(s.schedule, Schedule::Known(bookings, window()));
        assert_eq!(s.last_sync, Some(at(7, 0)));
        assert_eq!(s.offline_since, Some(at(7, 30)));
        assert_eq!(s.trouble, None);
        assert!(s.checked_in.is_empty());
        assert_eq!(s.room, room("a@contoso.com"));
    }

    #[test]
    fn the_clock_not_synchronised_and_back() {
        let cached = (vec![meeting("c", at(9, 0), 30)], window());
        // (the cache, the schedule once the clock is back)
        let table = [
            (
                Some(cached.clone()),
                Schedule::Known(cached.0.clone(), cached.1),
            ),
            (None, Schedule::Unknown(UnknownReason::NeverSynced)),
        ];
        for (cache, after) in table {
            let mut s = known();
            clock_not_synchronised(&mut s);
            assert_eq!(
                s.schedule,
                Schedule::Unknown(UnknownReason::ClockNotSynchronised)
            );
            assert!(waits_for_clock(&s));
            assert_eq!(s.last_sync, Some(at(8, 0)), "only the schedule is unknown");
            clock_back(&mut s, cache);
            assert_eq!(s.schedule, after);
            assert!(!waits_for_clock(&s));
        }
        // A snapshot that did not wait for the clock keeps its schedule.
        let mut s = known();
        clock_back(&mut s, Some(cached));
        assert_eq!(s, known());
    }

    #[test]
    fn a_read_merged_into_the_snapshot_as_it_is_now() {
        let mut read = known();
        fold_read(
            &mut read,
            at(9, 0),
            Read::Failed(trouble("the calendar could not be reached: x", false)),
        );
        // The link moved on during the read: the read brings its facts, the link stays.
        let mut now = known();
        now.link = Link::SignedIn {
            account: Some("panel@contoso.com".to_owned()),
            unsaved: false,
        };
        let mut merged = now.clone();
        assert!(merge_read(&mut merged, Some("a@contoso.com"), read.clone()));
        assert_eq!(merged.link, now.link);
        assert_eq!(merged.offline_since, Some(at(9, 0)));
        assert_eq!(merged.trouble, read.trouble);
        // The same read again changes nothing.
        assert!(!merge_read(
            &mut merged,
            Some("a@contoso.com"),
            read.clone()
        ));
        // The room changed during the read: the read is of the old room and is dropped.
        let mut other = now.clone();
        room_switched(&mut other, room("b@contoso.com"));
        let before = other.clone();
        assert!(!merge_read(&mut other, Some("a@contoso.com"), read));
        assert_eq!(other, before);
    }

    #[test]
    fn the_link_changed() {
        let signed_in = Link::SignedIn {
            account: Some("panel@contoso.com".to_owned()),
            unsaved: false,
        };
        let not_paired = Link::NotPaired {
            reason: None,
            refusal: None,
        };
        // (link before, link after, changed, read now)
        let table = [
            (Link::Demo, signed_in.clone(), true, true),
            (not_paired.clone(), signed_in.clone(), true, true),
            (signed_in.clone(), signed_in.clone(), false, false),
            (signed_in.clone(), not_paired.clone(), true, false),
            (not_paired.clone(), not_paired.clone(), false, false),
            (
                signed_in.clone(),
                Link::SignedIn {
                    account: Some("panel@contoso.com".to_owned()),
                    unsaved: true,
                },
                true,
                true,
            ),
        ];
        for (i, (before, after, changed, read_now)) in table.into_iter().enumerate() {
            let mut s = known();
            s.link = before;
            let change = link_changed(&mut s, after.clone());
            assert_eq!(change, Changed { changed, read_now }, "row {i}");
            assert_eq!(s.link, after, "row {i}");
            assert_eq!(s.schedule, known().schedule, "row {i}: the schedule stays");
        }
    }

    #[test]
    fn a_room_switch() {
        let mut busy = known();
        busy.offline_since = Some(at(8, 30));
        busy.trouble = Some(trouble("refused", true));
        busy.checked_in.insert("m1".to_owned());
        // Its name read: the same mailbox, the schedule holds.
        let mut s = busy.clone();
        let renamed = Room {
            name: "Room 4.12".to_owned(),
            mailbox: Some("a@contoso.com".to_owned()),
        };
        let change = room_switched(&mut s, renamed.clone());
        assert_eq!(
            change,
            Changed {
                changed: true,
                read_now: false
            }
        );
        assert_eq!(s.room, renamed);
        assert_eq!(s.schedule, busy.schedule);
        assert_eq!(s.checked_in, busy.checked_in);
        // The same room again: nothing.
        let change = room_switched(&mut s, renamed);
        assert_eq!(change, Changed::default());
        // Another room: nothing of the old one's schedule holds; read it now.
        let mut s = busy.clone();
        let change = room_switched(&mut s, room("b@contoso.com"));
        assert_eq!(
            change,
            Changed {
                changed: true,
                read_now: true
            }
        );
        assert_eq!(s.schedule, Schedule::Unknown(UnknownReason::NeverSynced));
        assert_eq!(s.last_sync, None);
        assert_eq!(s.offline_since, None);
        assert_eq!(s.trouble, None);
        assert!(s.checked_in.is_empty());
        assert_eq!(s.link, busy.link);
    }

    #[test]
    fn a_check_in() {
        let mut policy = Policy::default();
        policy.checkin.enabled = true;
        // (now, checked in to m1 before, the meeting checked in to)
        let table = [
            (at(9, 2), false, Some("m1")),
            (at(8, 0), false, None),
            (at(9, 2), true, None),
            (at(11, 0), false, None),
        ];
        for (i, (now, before, meeting)) in table.into_iter().enumerate() {
            let mut s = known();
            if before {
                s.checked_in.insert("m1".to_owned());
            }
            let was = s.checked_in.clone();
            let got = check_in(&mut s, now, &policy);
            assert_eq!(got.map(|b| b.id).as_deref(), meeting, "row {i}");
            match meeting {
                Some(id) => assert!(s.checked_in.contains(id), "row {i}"),
                None => assert_eq!(s.checked_in, was, "row {i}"),
            }
        }
        // Folded into the snapshot as it is now: only the check-ins.
        let mut tapped = known();
        check_in(&mut tapped, at(9, 2), &policy);
        let mut now = known();
        now.link = Link::NotPaired {
            reason: None,
            refusal: None,
        };
        let before = now.clone();
        assert!(fold_check_ins(&mut now, &tapped.checked_in));
        assert_eq!(now.checked_in, tapped.checked_in);
        assert_eq!(now.link, before.link);
        assert!(!fold_check_ins(&mut now, &tapped.checked_in));
    }

    #[test]
    fn a_meeting_gone_in_its_check_in_window_was_released_elsewhere() {
        let mut policy = Policy::default();
        policy.checkin.enabled = true;
        let before = vec![meeting("m1", at(9, 0), 60)];
        let empty = |now| {
            let mut s = known();
            s.schedule = Schedule::Known(Vec::new(), window());
            (s, now)
        };
        // (now, checked in, released already) -> released elsewhere at now
        let table = [
            (at(9, 11), false, false, true),
            (at(8, 58), false, false, false), // before its start: cancelled, not released
            (at(9, 11), true, false, false),  // checked in: the organizer ended it
            (at(10, 0), false, false, false), // over
            (at(9, 11), false, true, false),  // released here already
        ];
        for (i, (now, checked, here, want)) in table.into_iter().enumerate() {
            let (mut s, now) = empty(now);
            if checked {
                s.checked_in.insert("m1".to_owned());
            }
            if here {
                released_here(&mut s, before[0].clone(), at(9, 10));
            }
            note_releases(&mut s, &before, now, &policy);
            let elsewhere = s
                .released
                .iter()
                .any(|r| r.by == ReleasedBy::Elsewhere && r.at == now);
            assert_eq!(elsewhere, want, "row {i}");
        }
        // Check-in off: nothing is a release.
        let (mut s, now) = empty(at(9, 11));
        note_releases(&mut s, &before, now, &Policy::default());
        assert!(s.released.is_empty());
        // Forgotten once the slot is over.
        let (mut s, _) = empty(at(9, 11));
        note_releases(&mut s, &before, at(9, 11), &policy);
        assert!(note_releases(&mut s, &before, at(10, 0), &policy));
        assert!(s.released.is_empty());
    }

    #[test]
    fn check_ins_from_outside_keep_this_panel_s_own() {
        let mut s = known();
        s.checked_in.insert("m1".to_owned());
        let marks = BTreeMap::from([
            ("m1".to_owned(), CheckInWay::AnotherPanel),
            ("m2".to_owned(), CheckInWay::Exchange),
        ]);
        assert!(fold_marks(&mut s, &marks));
        assert_eq!(s.check_in_way("m1"), Some(CheckInWay::ThisPanel));
        assert_eq!(s.check_in_way("m2"), Some(CheckInWay::Exchange));
        assert_eq!(s.check_in_way("m3"), None);
        assert!(!fold_marks(&mut s, &marks), "nothing new");
    }

    #[test]
    fn only_the_panel_mode_releases_by_the_clock() {
        use crate::policy::ReleaseMode;
        use crate::state::is_released;
        let m = meeting("m1", at(9, 0), 60);
        for (release, want) in [
            (ReleaseMode::Panel, true),
            (ReleaseMode::Exchange, false),
            (ReleaseMode::Off, false),
        ] {
            let mut policy = Policy::default();
            policy.checkin.enabled = true;
            policy.checkin.release = release;
            assert_eq!(
                is_released(&m, at(9, 11), &policy, &CheckIns::new()),
                want,
                "{release:?}"
            );
        }
    }
}
