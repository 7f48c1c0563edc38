//! Screens that the demo room cannot produce by itself (offline notices, unusual texts),
//! rendered off screen from hand-made snapshots. One test: Slint allows one platform per
//! process, and it lives on the thread that made it.

use chrono::Duration;
use roomsign::core::state::Schedule;
use roomsign::core::view::{panel_view, ViewSettings};
use roomsign::core::{Booking, CheckIns, Policy, Room, ShowAs, Snapshot, Source};
use roomsign::ui::{adapter, headless::Headless};
use slint::{Rgb8Pixel, SharedPixelBuffer};

use crate::support::at;

const AMBER: [u8; 3] = [0xf0, 0xa5, 0x00];
const BUSY: [u8; 3] = [0xb0, 0x24, 0x24];

fn meeting(subject: &str, start: &str, end: &str) -> Booking {
    Booking {
        id: subject.to_owned(),
        subject: subject.to_owned(),
        organizer: Some("Alex Morgan".to_owned()),
        start: at(start),
        end: at(end),
        all_day: false,
        private: false,
        show_as: ShowAs::Busy,
        cancelled: false,
        made_here: false,
    }
}

fn snapshot(bookings: Vec<Booking>) -> Snapshot {
    Snapshot {
        link: roomsign::core::Link::Demo,
        room: Room {
            name: "Room 4.12".to_owned(),
            mailbox: None,
        },
        schedule: Schedule::Known(
            bookings,
            roomsign::core::Window::new(
                "2026-01-01T00:00:00Z".parse().expect("an instant"),
                "2027-01-01T00:00:00Z".parse().expect("an instant"),
            ),
        ),
        checked_in: CheckIns::new(),
        check_in_ways: Default::default(),
        released: Vec::new(),
        source: Source::Cache,
        last_sync: Some(at("09:00")),
        offline_since: None,
        trouble: None,
    }
}

/// Share of pixels of `colour` in a band of rows (fractions of the height).
fn share(frame: &SharedPixelBuffer<Rgb8Pixel>, colour: [u8; 3], y0: f32, y1: f32) -> f32 {
    let (w, h) = (frame.width() as usize, frame.height() as usize);
    let pixels = frame.as_slice();
    let rows = (y0 * h as f32) as usize..(y1 * h as f32) as usize;
    let total = rows.len() * w;
    let hits = rows
        .flat_map(|y| pixels[y * w..(y + 1) * w].iter())
        .filter(|p| {
            [p.r, p.g, p.b]
                .iter()
                .zip(colour)
                .all(|(&a, b)| a.abs_diff(b) <= 6)
        })
        .count();
    hits as f32 / total.max(1) as f32
}

#[test]
fn offline_notices_and_long_texts_render_as_designed() {
    let panel = Headless::new(800, 480).expect("off-screen renderer");
    let policy = Policy::default();
    let settings = ViewSettings::default();
    let now = at("09:20");

    // Online: no notice bar.
    let online = snapshot(vec![meeting("Weekly planning", "09:00", "10:00")]);
    adapter::show_view(panel.app(), &panel_view(now, &online, &policy, &settings));
    let frame = panel.render();
    assert!(
        share(&frame, AMBER, 0.0, 0.3) < 0.001,
        "no notice when online"
    );
    let hero_top_online = share(&frame, BUSY, 0.12, 0.2);

    // Offline for 20 minutes: a quiet notice bar pushes the hero down; still no amber.
    let mut offline = online.clone();
    offline.offline_since = Some(at("09:00"));
    let view = panel_view(now, &offline, &policy, &settings);
    assert!(view.notice.as_ref().is_some_and(|n| !n.strong));
    adapter::show_view(panel.app(), &view);
    let frame = panel.render();
    assert!(
        share(&frame, AMBER, 0.0, 0.3) < 0.001,
        "a quiet notice is not amber"
    );
    assert!(
        share(&frame, BUSY, 0.12, 0.2) < hero_top_online,
        "the notice bar takes room above the hero"
    );

    // Offline for 13 hours: the notice turns amber, and the state stays visible.
    let mut stale = offline.clone();
    stale.last_sync = Some(now - Duration::hours(13));
    stale.offline_since = Some(now - Duration::hours(13));
    let view = panel_view(now, &stale, &policy, &settings);
    assert!(view.notice.as_ref().is_some_and(|n| n.strong));
    adapter::show_view(panel.app(), &view);
    let frame = panel.render();
    assert!(
        share(&frame, AMBER, 0.1, 0.3) > 0.1,
        "a stale schedule is announced in amber"
    );
    assert!(
        share(&frame, BUSY, 0.3, 0.9) > 0.3,
        "the state is still shown"
    );

    // A very long subject is cut with an ellipsis inside the hero, not drawn past it: the
    // agenda column (right of the hero) keeps its own colour.
    let long = snapshot(vec![meeting(
        "Quarterly planning for the facilities and workplace experience team with all regional leads",
        "09:00",
        "10:00",
    )]);
    adapter::show_view(panel.app(), &panel_view(now, &long, &policy, &settings));
    let frame = panel.render();
    let w = frame.width() as usize;
    let pixels = frame.as_slice();
    let hero_right_edge = (w as f32 * 0.6) as usize;
    let white_past_hero = (0..frame.height() as usize)
        .flat_map(|y| pixels[y * w + hero_right_edge..y * w + hero_right_edge + 10].iter())
        .filter(|p| p.r > 250 && p.g > 250 && p.b > 250)
        .count();
    assert_eq!(white_past_hero, 0, "the subject stays inside the hero");
}
