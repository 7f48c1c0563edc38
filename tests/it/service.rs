//! The panel as systemd runs it (`Type=notify`, `WatchdogSec=`): the real binary in a real
//! window on Xvfb, talking to a notification socket of the test's own. Needs `Xvfb`
//! (scripts/test installs it); without it these tests say so loudly and do nothing.

use std::io::{BufRead, BufReader};
use std::os::unix::net::UnixDatagram;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{stderr, Sandbox};

/// An X server for one test; killed when dropped.
pub(crate) struct Xvfb {
    child: Child,
    pub(crate) display: String,
}

impl Xvfb {
    pub(crate) fn start() -> Option<Xvfb> {
        let spawned = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "800x480x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn();
        let mut child = match spawned {
            Ok(c) => c,
            Err(err) => {
                eprintln!(
                    "\n!!! SKIPPED: cannot start Xvfb ({err}); install it (apt-get install xvfb, as scripts/test does) to test the panel under systemd's protocol !!!\n"
                );
                return None;
            }
        };
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("Xvfb prints its display number");
        Some(Xvfb {
            child,
            display: format!(":{}", line.trim()),
        })
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const NINE: &str = "2026-11-23T09:00:00Z";

/// A notification socket like systemd's.
fn notify_socket(dir: &Path) -> (std::path::PathBuf, UnixDatagram) {
    let path = dir.join("notify");
    let socket = UnixDatagram::bind(&path).expect("bind the notification socket");
    (path, socket)
}

/// Messages received until `until` says stop or `limit` passes.
fn receive_until(
    socket: &UnixDatagram,
    limit: Duration,
    mut until: impl FnMut(&[String]) -> bool,
) -> Vec<String> {
    let deadline = Instant::now() + limit;
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    while Instant::now() < deadline && !until(&got) {
        let left = deadline.saturating_duration_since(Instant::now());
        socket
            .set_read_timeout(Some(left.max(Duration::from_millis(10))))
            .expect("timeout");
        if let Ok(n) = socket.recv(&mut buf) {
            got.push(String::from_utf8_lossy(&buf[..n]).into_owned());
        }
    }
    got
}

fn panel(s: &Sandbox, x: &Xvfb, socket: &Path, now: &str) -> Command {
    let mut cmd = s.command(&["--demo", "--now", now]);
    cmd.env("DISPLAY", &x.display)
        .env_remove("WAYLAND_DISPLAY")
        .env("SLINT_BACKEND", "winit")
        .env("NOTIFY_SOCKET", socket)
        .env("WATCHDOG_USEC", "1000000")
        .env_remove("WATCHDOG_PID")
        .env("INVOCATION_ID", "0123456789abcdef0123456789abcdef")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    cmd
}

/// SIGTERM, as systemd stops a service.
fn terminate(child: &mut Child) {
    let sent = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(sent.success(), "SIGTERM sent");
}

#[test]
fn ready_after_the_first_frame_then_watchdog_pings_then_stopping() {
    let Some(x) = Xvfb::start() else { return };
    let s = Sandbox::new();
    let (path, socket) = notify_socket(s.dir.path());
    let started = Instant::now();
    let mut child = panel(&s, &x, &path, NINE).spawn().expect("run roomsign");

    let got = receive_until(&socket, Duration::from_secs(30), |m| {
        m.iter().any(|m| m.starts_with("READY=1"))
    });
    let ready = got.iter().find(|m| m.starts_with("READY=1"));
    assert!(
        ready.is_some(),
        "READY=1 within 30 s; got {got:?}; stderr: {}",
        {
            let _ = child.kill();
            stderr(&child.wait_with_output().expect("output"))
        }
    );
    assert_eq!(
        ready.map(String::as_str),
        Some("READY=1\nSTATUS=Showing Demo room"),
        "ready with the room in the status line"
    );
    let ready_after = started.elapsed();

    // WATCHDOG_USEC=1 s: a ping every half second from the event loop.
    let pings_from = Instant::now();
    let more = receive_until(&socket, Duration::from_millis(2600), |_| false);
    let pings = more.iter().filter(|m| *m == "WATCHDOG=1").count();
    assert!(
        (3..=7).contains(&pings),
        "about 5 pings in {:?}, got {pings}: {more:?}",
        pings_from.elapsed()
    );

    terminate(&mut child);
    let end = receive_until(&socket, Duration::from_secs(10), |m| {
        m.iter().any(|m| m == "STOPPING=1")
    });
    assert!(
        end.iter().any(|m| m == "STOPPING=1"),
        "STOPPING=1 on SIGTERM: {end:?}"
    );
    let status = child.wait().expect("exit");
    assert!(
        status.success() || status.code() == Some(143),
        "ends on SIGTERM: {status:?}"
    );
    eprintln!("READY=1 after {ready_after:?}");
}

#[test]
fn no_watchdog_no_pings_and_no_socket_no_harm() {
    let Some(x) = Xvfb::start() else { return };
    let s = Sandbox::new();
    let (path, socket) = notify_socket(s.dir.path());
    let mut child = panel(&s, &x, &path, NINE)
        .env_remove("WATCHDOG_USEC")
        .spawn()
        .expect("run roomsign");
    let got = receive_until(&socket, Duration::from_secs(30), |m| {
        m.iter().any(|m| m.starts_with("READY=1"))
    });
    assert!(got.iter().any(|m| m.starts_with("READY=1")), "{got:?}");
    let more = receive_until(&socket, Duration::from_millis(1500), |_| false);
    assert!(
        more.iter().all(|m| m != "WATCHDOG=1"),
        "no WATCHDOG_USEC, no pings: {more:?}"
    );
    terminate(&mut child);
    child.wait().expect("exit");

    // Outside systemd (no socket at all) the panel runs as before.
    let mut plain = panel(&s, &x, &path, NINE)
        .env_remove("NOTIFY_SOCKET")
        .spawn()
        .expect("run roomsign");
    std::thread::sleep(Duration::from_secs(2));
    assert!(
        plain.try_wait().expect("poll").is_none(),
        "still running without a notification socket"
    );
    terminate(&mut plain);
    plain.wait().expect("exit");
}

#[test]
fn the_backlight_goes_off_outside_the_screen_hours() {
    let Some(x) = Xvfb::start() else { return };
    let s = Sandbox::new();
    let (path, socket) = notify_socket(s.dir.path());
    let light = s.path("sys/class/backlight/10-0045");
    std::fs::create_dir_all(&light).expect("fake sysfs");
    std::fs::write(light.join("max_brightness"), "255\n").expect("max");
    std::fs::write(light.join("brightness"), "255\n").expect("brightness");
    std::fs::write(light.join("bl_power"), "0\n").expect("bl_power");
    let config = s.file(
        "config.toml",
        "[display]\ntimezone = \"Europe/Berlin\"\non_hours = \"07:00-19:00\"\n",
    );
    let read = |name: &str| {
        std::fs::read_to_string(light.join(name))
            .expect("read")
            .trim()
            .to_owned()
    };

    // 20:00 in Berlin: outside the hours.
    let mut child = panel(&s, &x, &path, "2026-11-23T19:00:00Z")
        .args(["--config", config.to_str().expect("utf-8")])
        .env("ROOMSIGN_SYSFS", s.path("sys"))
        .spawn()
        .expect("run roomsign");
    let got = receive_until(&socket, Duration::from_secs(30), |m| {
        m.iter().any(|m| m.starts_with("READY=1"))
    });
    assert!(got.iter().any(|m| m.starts_with("READY=1")), "{got:?}");
    let deadline = Instant::now() + Duration::from_secs(5);
    while read("bl_power") != "4" && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(read("bl_power"), "4", "backlight powered down at 20:00");
    terminate(&mut child);
    child.wait().expect("exit");
    assert_eq!(read("bl_power"), "0", "lit again when the panel stops");
    std::fs::write(light.join("bl_power"), "4\n").expect("dark again");

    // 10:00 in Berlin: within the hours, full light.
    let mut child = panel(&s, &x, &path, "2026-11-23T09:00:00Z")
        .args(["--config", config.to_str().expect("utf-8")])
        .env("ROOMSIGN_SYSFS", s.path("sys"))
        .spawn()
        .expect("run roomsign");
    let deadline = Instant::now() + Duration::from_secs(30);
    while read("bl_power") != "0" && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(read("bl_power"), "0", "backlight on at 10:00");
    assert_eq!(read("brightness"), "255");
    terminate(&mut child);
    child.wait().expect("exit");
}
