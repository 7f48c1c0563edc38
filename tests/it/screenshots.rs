//! The panel as people see it: `roomsign screenshot` renders every state at the panel sizes we
//! support, and the pictures are checked for size, the state colour in the hero block, and
//! nothing drawn off the edge of the screen.

use crate::support::{read_png, stderr, Sandbox};

/// Theme colours (ui/theme.slint).
const BACKGROUND: [u8; 3] = [0x0e, 0x10, 0x14];
const FREE: [u8; 3] = [0x2e, 0xb8, 0x5c];
const AMBER: [u8; 3] = [0xf0, 0xa5, 0x00];
const BUSY: [u8; 3] = [0xb0, 0x24, 0x24];
const UNKNOWN: [u8; 3] = [0x5b, 0x61, 0x6b];

struct Shot {
    width: u32,
    height: u32,
    rgb: Vec<u8>,
}

impl Shot {
    fn pixel(&self, x: u32, y: u32) -> [u8; 3] {
        let i = ((y * self.width + x) * 3) as usize;
        [self.rgb[i], self.rgb[i + 1], self.rgb[i + 2]]
    }

    /// Share of the pixels in the rectangle (fractions of the screen) that are `colour`.
    fn share(&self, colour: [u8; 3], (x0, y0, x1, y1): (f32, f32, f32, f32)) -> f32 {
        let (w, h) = (self.width as f32, self.height as f32);
        let (xa, xb) = ((x0 * w) as u32, (x1 * w) as u32);
        let (ya, yb) = ((y0 * h) as u32, (y1 * h) as u32);
        let mut hit = 0;
        let mut all = 0;
        for y in ya..yb {
            for x in xa..xb {
                all += 1;
                if close(self.pixel(x, y), colour) {
                    hit += 1;
                }
            }
        }
        hit as f32 / all.max(1) as f32
    }

    /// Whether every pixel of the outermost `margin` pixels is the background.
    fn edge_is_clear(&self, margin: u32) -> bool {
        self.edge_all(margin, |p| close(p, BACKGROUND))
    }

    /// Whether every pixel of the outermost `margin` pixels passes `test`.
    fn edge_all(&self, margin: u32, test: impl Fn([u8; 3]) -> bool) -> bool {
        (0..self.height).all(|y| {
            (0..self.width).all(|x| {
                let inside = x >= margin
                    && y >= margin
                    && x < self.width - margin
                    && y < self.height - margin;
                inside || test(self.pixel(x, y))
            })
        })
    }
}

fn close(a: [u8; 3], b: [u8; 3]) -> bool {
    a.iter().zip(b).all(|(&p, q)| p.abs_diff(q) <= 6)
}

fn shoot(sandbox: &Sandbox, name: &str, args: &[&str]) -> Shot {
    let out_path = sandbox.path(name);
    let mut all = vec!["screenshot", "--out", out_path.to_str().unwrap()];
    all.extend_from_slice(args);
    let out = sandbox.roomsign(&all);
    assert!(
        out.status.success(),
        "screenshot {args:?} failed: {}",
        stderr(&out)
    );
    let (width, height, rgb) = read_png(&out_path);
    Shot { width, height, rgb }
}

/// The hero block: left ~60% in landscape, top half in portrait (fractions of the screen).
fn hero(width: u32, height: u32) -> (f32, f32, f32, f32) {
    if height > width {
        (0.05, 0.12, 0.95, 0.55)
    } else {
        (0.03, 0.2, 0.58, 0.95)
    }
}

const SIZES: [(u32, u32); 8] = [
    (800, 480),
    (1024, 600),
    (1280, 800),
    (1920, 1080),
    (480, 800),
    (600, 1024),
    (800, 1280),
    (1080, 1920),
];

#[test]
fn home_screen_renders_at_every_supported_size() {
    let s = Sandbox::new();
    for (w, h) in SIZES {
        let size = format!("{w}x{h}");
        let shot = shoot(
            &s,
            &format!("home-{size}.png"),
            &["--demo", "--now", "2026-11-23T09:20:00Z", "--size", &size],
        );
        assert_eq!((shot.width, shot.height), (w, h), "PNG is exactly {size}");
        let red = shot.share(BUSY, hero(w, h));
        assert!(red > 0.45, "busy red fills the hero at {size} ({red:.2})");
        // White text (headline, meeting) is drawn inside the hero.
        let ink = shot.share([255, 255, 255], hero(w, h));
        assert!(ink > 0.02, "hero has its words at {size} ({ink:.3})");
        assert!(
            shot.edge_is_clear(3),
            "nothing runs off the screen at {size}"
        );
    }
}

#[test]
fn every_state_shows_its_colour_at_800x480_and_1920x1080() {
    let s = Sandbox::new();
    let checkin = s.file("checkin.toml", "[checkin]\nenabled = true\n");
    let checkin = checkin.to_str().unwrap();
    // (name, arguments, state colour, ink of the words on it)
    type Case<'a> = (&'a str, &'a [&'a str], [u8; 3], [u8; 3]);
    let states: [Case; 5] = [
        (
            "free",
            &["--now", "2026-11-23T12:20:00Z"],
            FREE,
            [0x15, 0x17, 0x1a],
        ),
        (
            "starting-soon",
            &["--now", "2026-11-23T12:55:00Z"],
            AMBER,
            [0x15, 0x17, 0x1a],
        ),
        (
            "busy",
            &["--now", "2026-11-23T13:30:00Z"],
            BUSY,
            [255, 255, 255],
        ),
        (
            "awaiting-check-in",
            &["--config", checkin, "--now", "2026-11-23T09:03:00Z"],
            AMBER,
            [0x15, 0x17, 0x1a],
        ),
        (
            "unknown",
            &["--now", "1970-01-01T08:00:00Z"],
            UNKNOWN,
            [255, 255, 255],
        ),
    ];
    for (w, h) in [(800, 480), (1920, 1080)] {
        let size = format!("{w}x{h}");
        for (name, args, colour, ink) in states {
            let mut all = args.to_vec();
            all.extend_from_slice(&["--size", &size]);
            let shot = shoot(&s, &format!("{name}-{size}.png"), &all);
            assert_eq!((shot.width, shot.height), (w, h));
            let share = shot.share(colour, hero(w, h));
            assert!(
                share > 0.45,
                "{name} colour fills the hero at {size} ({share:.2})"
            );
            // Text on the state colour uses its contrasting ink (dark on green and amber).
            let words = shot.share(ink, hero(w, h));
            assert!(
                words > 0.02,
                "{name} words in the right ink at {size} ({words:.3})"
            );
            assert!(
                shot.edge_is_clear(3),
                "{name}: nothing off screen at {size}"
            );
        }
    }
}

#[test]
fn states_differ_from_each_other() {
    // A screenshot that ignored the state would look the same at every time.
    let s = Sandbox::new();
    let free = shoot(&s, "a.png", &["--now", "2026-11-23T12:20:00Z"]);
    let busy = shoot(&s, "b.png", &["--now", "2026-11-23T13:30:00Z"]);
    assert!(free.share(FREE, hero(800, 480)) > 0.45);
    assert!(busy.share(FREE, hero(800, 480)) < 0.01);
    assert!(free.share(BUSY, hero(800, 480)) < 0.01);
}

#[test]
fn book_sheet_steps_render_over_the_home_screen() {
    let s = Sandbox::new();
    for (w, h) in [(800, 480), (1920, 1080), (480, 800)] {
        let size = format!("{w}x{h}");
        for screen in ["book", "confirm", "booking", "result", "booked"] {
            let shot = shoot(
                &s,
                &format!("{screen}-{size}.png"),
                &[
                    "--now",
                    "2026-11-23T12:20:00Z",
                    "--screen",
                    screen,
                    "--size",
                    &size,
                ],
            );
            assert_eq!((shot.width, shot.height), (w, h));
            // The sheet dims the Home screen: the free green is no longer seen bright.
            let green = shot.share(FREE, (0.0, 0.0, 1.0, 1.0));
            match screen {
                // The sheet opens with a duration chosen (two taps to book): the chosen chip
                // and the confirm button are green, nothing else.
                "book" | "confirm" => {
                    assert!(green > 0.005 && green < 0.2, "{screen} {size}: {green}")
                }
                // After booking, the room is busy with our booking.
                "booked" => assert!(shot.share(BUSY, hero(w, h)) > 0.45, "{screen} {size}"),
                _ => assert!(
                    green < 0.005,
                    "{screen} {size}: sheet covers home ({green})"
                ),
            }
        }
    }
}

#[test]
fn book_sheet_cannot_be_shown_when_the_room_is_busy() {
    let s = Sandbox::new();
    let out_path = s.path("x.png");
    let out = s.roomsign(&[
        "screenshot",
        "--now",
        "2026-11-23T13:30:00Z",
        "--screen",
        "book",
        "--out",
        out_path.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("cannot be booked"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn config_error_screen_renders_for_a_broken_config() {
    let s = Sandbox::new();
    let bad = s.file("bad.toml", "[display]\nsoon_minutes = \"ten\"\n");
    let shot = shoot(
        &s,
        "problem.png",
        &["--config", bad.to_str().unwrap(), "--screen", "problem"],
    );
    assert_eq!((shot.width, shot.height), (800, 480));
    // The warning icon is amber; no state colour fills the screen.
    assert!(shot.share(AMBER, (0.0, 0.0, 1.0, 0.5)) > 0.001);
    assert!(shot.share(FREE, (0.0, 0.0, 1.0, 1.0)) < 0.001);
    // Other screens refuse to render with a broken config, with exit status 2.
    let out = s.roomsign(&[
        "screenshot",
        "--config",
        bad.to_str().unwrap(),
        "--out",
        s.path("y.png").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn bad_sizes_are_refused() {
    let s = Sandbox::new();
    for size in ["800", "0x480", "800x99999", "wide"] {
        let out = s.roomsign(&["screenshot", "--out", "/dev/null", "--size", size]);
        assert_eq!(out.status.code(), Some(2), "--size {size} is a usage error");
    }
}

#[test]
fn admin_screens_render_only_with_a_pin() {
    let s = Sandbox::new();
    let with_pin = s.file("admin.toml", "[admin]\npin = \"4821\"\n");
    for screen in ["pin", "admin"] {
        let shot = shoot(
            &s,
            &format!("{screen}.png"),
            &[
                "--config",
                with_pin.to_str().unwrap(),
                "--now",
                "2026-11-23T09:20:00Z",
                "--screen",
                screen,
            ],
        );
        assert_eq!((shot.width, shot.height), (800, 480));
        // Both hide the state: no bright busy red is left on screen.
        assert!(
            shot.share(BUSY, (0.0, 0.0, 1.0, 1.0)) < 0.01,
            "{screen} covers Home"
        );
    }
    let out = s.roomsign(&[
        "screenshot",
        "--demo",
        "--screen",
        "admin",
        "--out",
        s.path("x.png").to_str().unwrap(),
    ]);
    assert!(!out.status.success(), "no PIN, no admin screen");
    assert!(stderr(&out).contains("[admin]"), "{}", stderr(&out));
}

#[test]
fn free_rooms_sheet_lists_rooms_to_book_within_the_screen() {
    let s = Sandbox::new();
    for (w, h) in [(800, 480), (1920, 1080), (480, 800)] {
        let size = format!("{w}x{h}");
        let shot = shoot(
            &s,
            &format!("free-rooms-{size}.png"),
            &[
                "--now",
                "2026-11-23T09:20:00Z",
                "--screen",
                "free-rooms",
                "--size",
                &size,
            ],
        );
        assert_eq!((shot.width, shot.height), (w, h));
        let whole = (0.0, 0.0, 1.0, 1.0);
        // The sheet hides the busy Home screen behind it...
        let red = shot.share(BUSY, whole);
        assert!(
            red < 0.01,
            "sheet covers the busy hero at {size} ({red:.3})"
        );
        // ...and shows a green "Book" button for each room in view.
        let green = shot.share(FREE, whole);
        assert!(green > 0.02, "Book buttons at {size} ({green:.3})");
        // The card sits inside the screen: its edges are only the dimmed Home screen.
        assert!(
            shot.edge_all(3, |p| p.iter().all(|&c| c < 0x20)),
            "nothing runs off the screen at {size}"
        );
    }
}
