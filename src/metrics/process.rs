//! The process's own figures as Prometheus' process collector names them
//! (`process_cpu_seconds_total`, `process_resident_memory_bytes`, `process_start_time_seconds`,
//! …), read from /proc. `prometheus-client` has no process collector; these are four files
//! of /proc read with a size bound, not worth a crate.

use std::io::Read;

use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::{Registry, Unit};

/// /proc files are a few hundred bytes; nothing longer is read.
const MAX_PROC_BYTES: u64 = 16 * 1024;

/// The figures of one moment; `None` where /proc does not tell (not Linux).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Figures {
    pub cpu_seconds: Option<f64>,
    pub resident_bytes: Option<u64>,
    pub virtual_bytes: Option<u64>,
    pub start_time_seconds: Option<f64>,
    pub open_fds: Option<u64>,
    pub max_fds: Option<u64>,
}

fn read(path: &str) -> Option<String> {
    let mut text = String::new();
    std::fs::File::open(path)
        .ok()?
        .take(MAX_PROC_BYTES)
        .read_to_string(&mut text)
        .ok()?;
    Some(text)
}

/// Fields of /proc/self/stat after the command name (which may hold spaces and parentheses):
/// index 0 is the state, field 3 of proc(5).
fn stat_fields(stat: &str) -> Vec<&str> {
    stat.rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default()
}

/// The figures from the text of /proc/self/stat and /proc/stat, at `ticks` per second and
/// `page` bytes per page.
pub fn parse(stat: &str, system_stat: &str, ticks: f64, page: u64) -> Figures {
    let fields = stat_fields(stat);
    let field = |n: usize| -> Option<u64> { fields.get(n - 3)?.parse().ok() };
    let boot = system_stat
        .lines()
        .find_map(|l| l.strip_prefix("btime "))
        .and_then(|v| v.trim().parse::<u64>().ok());
    let valid = ticks > 0.0;
    Figures {
        cpu_seconds: match (field(14), field(15)) {
            (Some(u), Some(s)) if valid => Some(u.saturating_add(s) as f64 / ticks),
            _ => None,
        },
        resident_bytes: field(24).map(|pages| pages.saturating_mul(page)),
        virtual_bytes: field(23),
        start_time_seconds: match (boot, field(22)) {
            (Some(boot), Some(start)) if valid => Some(boot as f64 + start as f64 / ticks),
            _ => None,
        },
        open_fds: None,
        max_fds: None,
    }
}

/// This process's figures now.
pub fn now() -> Figures {
    // SAFETY: sysconf and getrlimit only read the system's settings.
    let (ticks, page) = unsafe {
        (
            libc::sysconf(libc::_SC_CLK_TCK),
            libc::sysconf(libc::_SC_PAGESIZE),
        )
    };
    let (Some(stat), Some(system)) = (read("/proc/self/stat"), read("/proc/stat")) else {
        return Figures::default();
    };
    let mut figures = parse(
        &stat,
        &system,
        ticks.max(0) as f64,
        u64::try_from(page).unwrap_or(4096),
    );
    figures.open_fds = std::fs::read_dir("/proc/self/fd")
        .ok()
        .map(|d| d.take(1 << 20).count() as u64);
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `limit` is a valid rlimit for the call to fill.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } == 0 {
        figures.max_fds = Some(limit.rlim_cur);
    }
    figures
}

/// Registers the figures under the names Prometheus' own collectors use.
pub fn register(registry: &mut Registry, f: &Figures) {
    if let Some(v) = f.cpu_seconds {
        let c = Counter::<f64, std::sync::atomic::AtomicU64>::default();
        c.inc_by(v);
        registry.register_with_unit(
            "process_cpu",
            "Total user and system CPU time spent in seconds",
            Unit::Seconds,
            c,
        );
    }
    let bytes = |registry: &mut Registry, name: &str, help: &str, v: Option<u64>| {
        if let Some(v) = v {
            let g = Gauge::<f64, std::sync::atomic::AtomicU64>::default();
            g.set(v as f64);
            registry.register_with_unit(name, help, Unit::Bytes, g);
        }
    };
    bytes(
        registry,
        "process_resident_memory",
        "Resident memory size in bytes",
        f.resident_bytes,
    );
    bytes(
        registry,
        "process_virtual_memory",
        "Virtual memory size in bytes",
        f.virtual_bytes,
    );
    if let Some(v) = f.start_time_seconds {
        let g = Gauge::<f64, std::sync::atomic::AtomicU64>::default();
        g.set(v);
        registry.register_with_unit(
            "process_start_time",
            "Start time of the process since unix epoch in seconds",
            Unit::Seconds,
            g,
        );
    }
    for (name, help, v) in [
        (
            "process_open_fds",
            "Number of open file descriptors",
            f.open_fds,
        ),
        (
            "process_max_fds",
            "Maximum number of open file descriptors",
            f.max_fds,
        ),
    ] {
        if let Some(v) = v {
            let g = Gauge::<f64, std::sync::atomic::AtomicU64>::default();
            g.set(v as f64);
            registry.register(name, help, g);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_name_with_spaces_and_parentheses_does_not_shift_the_fields() {
        let stat = "4242 (room (sign) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 5 0 1000 123456789 2000 18446744073709551615";
        let f = parse(stat, "cpu 1 2 3\nbtime 1700000000\n", 100.0, 4096);
        assert_eq!(f.cpu_seconds, Some(3.0));
        assert_eq!(f.start_time_seconds, Some(1_700_000_010.0));
        assert_eq!(f.virtual_bytes, Some(123_456_789));
        assert_eq!(f.resident_bytes, Some(2000 * 4096));
    }

    #[test]
    fn garbage_gives_nothing_and_no_panic() {
        assert_eq!(parse("", "", 100.0, 4096), Figures::default());
        assert_eq!(parse("1 (x", "btime x", 0.0, 4096), Figures::default());
        let f = parse("1 (x) S", "btime 5", 0.0, 4096);
        assert_eq!(f.cpu_seconds, None);
    }
}
