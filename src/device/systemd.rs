//! Talking to systemd as a `Type=notify` service: `READY=1` once the first frame is on screen,
//! `WATCHDOG=1` from the UI thread's event loop (so a hung UI stops pinging and is restarted),
//! `STATUS=` lines for `systemctl status`, `STOPPING=1` at the end. The protocol is one unix
//! datagram per message to the socket named by `$NOTIFY_SOCKET`; outside systemd there is no
//! socket and nothing is sent.

use std::ffi::OsStr;
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::net::{SocketAddr, UnixDatagram};
use std::time::Duration;

/// Environment variable naming systemd's notification socket.
pub const NOTIFY_SOCKET: &str = "NOTIFY_SOCKET";
/// Environment variables of the watchdog: its timeout in microseconds, and the process meant.
pub const WATCHDOG_USEC: &str = "WATCHDOG_USEC";
pub const WATCHDOG_PID: &str = "WATCHDOG_PID";

/// The way to systemd's notification socket.
#[derive(Debug)]
pub struct Notifier {
    addr: SocketAddr,
    socket: UnixDatagram,
}

impl Notifier {
    /// The notifier named by `$NOTIFY_SOCKET`, or `None` when not started by systemd with
    /// `Type=notify` (or the socket cannot be used; that is logged once).
    pub fn from_env() -> Option<Notifier> {
        let value = std::env::var_os(NOTIFY_SOCKET)?;
        match Notifier::new(&value) {
            Ok(n) => Some(n),
            Err(err) => {
                tracing::warn!(
                    "cannot use systemd's notification socket {:?}: {err}; systemd will not hear that the panel is ready",
                    value
                );
                None
            }
        }
    }

    /// A notifier for a socket path, or an abstract name written with a leading `@`.
    pub fn new(socket: &OsStr) -> io::Result<Notifier> {
        let bytes = socket.as_bytes();
        let addr = match bytes.first() {
            Some(b'@') => abstract_addr(&bytes[1..])?,
            Some(b'/') => SocketAddr::from_pathname(std::path::Path::new(socket))?,
            _ => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "expected an absolute path or an abstract name starting with @",
                ))
            }
        };
        Ok(Notifier {
            addr,
            socket: UnixDatagram::unbound()?,
        })
    }

    /// Sends one message, e.g. `"READY=1\nSTATUS=Showing Room 4.12"`.
    pub fn send(&self, message: &str) -> io::Result<()> {
        let sent = self.socket.send_to_addr(message.as_bytes(), &self.addr)?;
        if sent == message.len() {
            Ok(())
        } else {
            Err(io::Error::new(
                io::ErrorKind::WriteZero,
                "the notification was cut short",
            ))
        }
    }

    /// Sends a message; a failure is logged, never fatal (the panel matters more).
    pub fn notify(&self, message: &str) {
        if let Err(err) = self.send(message) {
            tracing::warn!("cannot notify systemd ({}): {err}", first_word(message));
        }
    }
}

fn first_word(message: &str) -> &str {
    message.split(['\n', '=']).next().unwrap_or(message)
}

#[cfg(any(target_os = "linux", target_os = "android"))]
fn abstract_addr(name: &[u8]) -> io::Result<SocketAddr> {
    use std::os::linux::net::SocketAddrExt;
    SocketAddr::from_abstract_name(name)
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn abstract_addr(_name: &[u8]) -> io::Result<SocketAddr> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "abstract socket names exist on Linux only",
    ))
}

/// How often to ping the watchdog: half of `WATCHDOG_USEC`, when the watchdog is on and meant
/// for this process (`WATCHDOG_PID` absent or equal to `pid`).
pub fn watchdog_interval(
    usec: Option<&str>,
    watchdog_pid: Option<&str>,
    pid: u32,
) -> Option<Duration> {
    if let Some(p) = watchdog_pid {
        if p.trim().parse::<u32>().ok() != Some(pid) {
            return None;
        }
    }
    let usec = usec?.trim().parse::<u64>().ok().filter(|&u| u > 0)?;
    Some(Duration::from_micros(usec / 2).max(Duration::from_millis(1)))
}

/// [`watchdog_interval`] from this process's environment.
pub fn watchdog_interval_from_env() -> Option<Duration> {
    let usec = std::env::var(WATCHDOG_USEC).ok();
    let pid = std::env::var(WATCHDOG_PID).ok();
    watchdog_interval(usec.as_deref(), pid.as_deref(), std::process::id())
}

/// A `STATUS=` value on one line (systemd shows it in `systemctl status`).
pub fn status_line(text: &str) -> String {
    let one_line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    format!("STATUS={}", one_line.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listener() -> (tempfile::TempDir, std::path::PathBuf, UnixDatagram) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("notify");
        let socket = UnixDatagram::bind(&path).expect("bind");
        socket
            .set_read_timeout(Some(Duration::from_secs(2)))
            .expect("timeout");
        (dir, path, socket)
    }

    fn receive(socket: &UnixDatagram) -> String {
        let mut buf = [0u8; 4096];
        let n = socket.recv(&mut buf).expect("a datagram");
        String::from_utf8_lossy(&buf[..n]).into_owned()
    }

    #[test]
    fn messages_arrive_whole_on_a_path_socket() {
        let (_dir, path, socket) = listener();
        let notifier = Notifier::new(path.as_os_str()).expect("notifier");
        notifier
            .send("READY=1\nSTATUS=Showing Room 4.12")
            .expect("send");
        notifier.send("WATCHDOG=1").expect("send");
        assert_eq!(receive(&socket), "READY=1\nSTATUS=Showing Room 4.12");
        assert_eq!(receive(&socket), "WATCHDOG=1");
    }

    #[test]
    fn abstract_names_start_with_at() {
        let name = format!("roomsign-test-{}", std::process::id());
        let addr = abstract_addr(name.as_bytes()).expect("abstract address");
        let socket = UnixDatagram::bind_addr(&addr).expect("bind abstract");
        let notifier = Notifier::new(OsStr::new(&format!("@{name}"))).expect("notifier");
        notifier.send("READY=1").expect("send");
        assert_eq!(receive(&socket), "READY=1");
    }

    #[test]
    fn a_relative_or_empty_socket_is_refused() {
        assert!(Notifier::new(OsStr::new("notify")).is_err());
        assert!(Notifier::new(OsStr::new("")).is_err());
    }

    #[test]
    fn a_socket_nobody_listens_on_is_an_error_to_send_not_a_panic() {
        let dir = tempfile::tempdir().expect("temp dir");
        let notifier = Notifier::new(dir.path().join("gone").as_os_str()).expect("notifier");
        assert!(notifier.send("READY=1").is_err());
        notifier.notify("WATCHDOG=1"); // logged, not fatal
    }

    #[test]
    fn the_watchdog_is_pinged_at_half_its_timeout_for_this_process_only() {
        assert_eq!(
            watchdog_interval(Some("30000000"), None, 7),
            Some(Duration::from_secs(15))
        );
        assert_eq!(
            watchdog_interval(Some("30000000"), Some("7"), 7),
            Some(Duration::from_secs(15))
        );
        assert_eq!(watchdog_interval(Some("30000000"), Some("8"), 7), None);
        assert_eq!(watchdog_interval(None, None, 7), None);
        assert_eq!(watchdog_interval(Some("0"), None, 7), None);
        assert_eq!(watchdog_interval(Some("soon"), None, 7), None);
    }

    #[test]
    fn status_is_one_line() {
        assert_eq!(
            status_line("configuration error:\n/etc/roomsign/config.toml:5"),
            "STATUS=configuration error: /etc/roomsign/config.toml:5"
        );
    }
}
