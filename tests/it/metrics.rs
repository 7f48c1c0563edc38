//! `/metrics` on a running panel (the real binary in a window on Xvfb): scraped by a real
//! Prometheus (Debian's `prometheus` package, which scripts/test installs), read back through
//! Prometheus' HTTP API, linted by `promtool check metrics`, compared with `status --json`; and
//! no port at all with metrics off. The alert rules and the dashboard in packaging/monitoring
//! are checked here too.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::service::Xvfb;
use crate::support::{stdout, Sandbox};

const NINE: &str = "2026-11-23T09:00:00Z";

/// A port free on 127.0.0.1 now.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// One HTTP/1.0 GET; the status and body.
fn get(addr: SocketAddr, path: &str, headers: &[(&str, &str)]) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(2)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let mut request = format!("GET {path} HTTP/1.0\r\nHost: {addr}\r\n");
    for (k, v) in headers {
        request.push_str(&format!("{k}: {v}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).ok()?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).ok()?;
    let (head, body) = answer.split_once("\r\n\r\n")?;
    let status = head.split_whitespace().nth(1)?.parse().ok()?;
    Some((status, body.to_owned()))
}

/// Kills the child when dropped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The panel on `x` with `config`, the demo room at nine.
fn panel(s: &Sandbox, x: &Xvfb, config: &Path) -> Running {
    let child = s
        .command(&[
            "--demo",
            "--now",
            NINE,
            "--config",
            &config.to_string_lossy(),
        ])
        .env("DISPLAY", &x.display)
        .env_remove("WAYLAND_DISPLAY")
        .env("SLINT_BACKEND", "winit")
        .env_remove("NOTIFY_SOCKET")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("run roomsign");
    Running(child)
}

/// Polls `f` every 200 ms until it gives something or `limit` passes.
fn wait_for<T>(limit: Duration, mut f: impl FnMut() -> Option<T>) -> Option<T> {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(v) = f() {
            return Some(v);
        }
        if Instant::now() > deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// The TCP ports process `pid` listens on (its sockets in /proc/net/tcp and tcp6, state LISTEN).
fn listening_ports(pid: u32) -> BTreeSet<u16> {
    let inodes: BTreeSet<String> = std::fs::read_dir(format!("/proc/{pid}/fd"))
        .map(|d| {
            d.filter_map(|e| e.ok())
                .filter_map(|e| std::fs::read_link(e.path()).ok())
                .filter_map(|l| {
                    let l = l.to_string_lossy().into_owned();
                    l.strip_prefix("socket:[")
                        .and_then(|r| r.strip_suffix(']'))
                        .map(str::to_owned)
                })
                .collect()
        })
        .unwrap_or_default();
    let mut ports = BTreeSet::new();
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let text = std::fs::read_to_string(table).unwrap_or_default();
        for line in text.lines().skip(1) {
            let f: Vec<&str> = line.split_whitespace().collect();
            if f.len() > 9 && f[3] == "0A" && inodes.contains(f[9]) {
                if let Some(port) = f[1]
                    .rsplit(':')
                    .next()
                    .and_then(|p| u16::from_str_radix(p, 16).ok())
                {
                    ports.insert(port);
                }
            }
        }
    }
    ports
}

/// The value of the sample `name{labels}` in Prometheus' text format.
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines().filter(|l| !l.starts_with('#')).find_map(|l| {
        l.strip_prefix(series)?
            .strip_prefix(' ')?
            .trim()
            .parse()
            .ok()
    })
}

/// Whether a Debian tool is here; in CI its absence is a failure, elsewhere a loud skip.
fn have(tool: &str) -> bool {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "{tool} is missing in CI: scripts/test installs Debian's prometheus package"
        );
        eprintln!("\n!!! SKIPPED: {tool} is not installed (apt-get install prometheus, as scripts/test does) !!!\n");
    }
    found
}

#[test]
fn with_metrics_off_the_panel_opens_no_port_and_with_them_on_one() {
    let Some(x) = Xvfb::start() else { return };
    let s = Sandbox::new();
    let off = s.file("off.toml", "[display]\nclock = \"24h\"\n");
    let running = panel(&s, &x, &off);
    // Give it time to open anything it would open: the first read of the demo room is instant.
    std::thread::sleep(Duration::from_secs(3));
    assert_eq!(
        listening_ports(running.0.id()),
        BTreeSet::new(),
        "no listening socket without [metrics]"
    );
    drop(running);

    // The same check sees the endpoint when it is on (so it can fail).
    let port = free_port();
    let on = s.file(
        "on.toml",
        &format!("[metrics]\nlisten = \"127.0.0.1:{port}\"\n"),
    );
    let running = panel(&s, &x, &on);
    let seen = wait_for(Duration::from_secs(20), || {
        let ports = listening_ports(running.0.id());
        (!ports.is_empty()).then_some(ports)
    });
    assert_eq!(seen, Some(BTreeSet::from([port])), "one port: the metrics'");
}

#[test]
fn prometheus_scrapes_the_panel_and_the_numbers_agree_with_status() {
    let Some(x) = Xvfb::start() else { return };
    if !have("prometheus") || !have("promtool") {
        return;
    }
    let s = Sandbox::new();
    let port = free_port();
    let config = s.file(
        "config.toml",
        &format!("[room]\nname = \"Room 4.01\"\n\n[metrics]\nlisten = \"127.0.0.1:{port}\"\n"),
    );
    let _panel = panel(&s, &x, &config);
    let endpoint: SocketAddr = format!("127.0.0.1:{port}").parse().expect("addr");
    let text = wait_for(Duration::from_secs(30), || {
        get(endpoint, "/metrics", &[]).and_then(|(status, body)| {
            (status == 200 && body.contains("roomsign_last_sync_timestamp_seconds")).then_some(body)
        })
    })
    .expect("/metrics answers within 30 s");
    assert_eq!(get(endpoint, "/", &[]).map(|a| a.0), Some(404));

    // promtool's linter on the endpoint's own output.
    let mut lint = Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("promtool");
    lint.stdin
        .take()
        .expect("stdin")
        .write_all(text.as_bytes())
        .expect("feed promtool");
    let linted = lint.wait_with_output().expect("promtool ends");
    assert!(
        linted.status.success(),
        "promtool check metrics: {}{}\n{text}",
        String::from_utf8_lossy(&linted.stdout),
        String::from_utf8_lossy(&linted.stderr)
    );

    // `status --json` and /metrics say the same.
    let status = s.roomsign(&[
        "--demo",
        "--now",
        NINE,
        "--config",
        &config.to_string_lossy(),
        "status",
        "--json",
    ]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&status)).expect("status --json");
    let state = report["state"].as_str().expect("state");
    assert_eq!(
        sample(&text, &format!("roomsign_room_state{{state=\"{state}\"}}")),
        Some(1.0),
        "{text}"
    );
    let ones = text
        .lines()
        .filter(|l| l.starts_with("roomsign_room_state{") && l.ends_with(" 1"))
        .count();
    assert_eq!(ones, 1, "one state at a time: {text}");
    let led = report["led"].as_str().expect("led");
    assert_eq!(
        sample(&text, &format!("roomsign_light_colour{{colour=\"{led}\"}}")),
        Some(1.0)
    );
    let last_sync = report["last_sync"]
        .as_str()
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .map_or(0.0, |t| t.timestamp() as f64);
    assert_eq!(
        sample(&text, "roomsign_last_sync_timestamp_seconds"),
        Some(last_sync)
    );
    let offline = report["offline_since"]
        .as_str()
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .map_or(0.0, |t| t.timestamp() as f64);
    assert_eq!(
        sample(&text, "roomsign_offline_since_timestamp_seconds"),
        Some(offline)
    );
    match report["problem"]["code"].as_str() {
        Some(code) => assert_eq!(
            sample(&text, &format!("roomsign_problem{{code=\"{code}\"}}")),
            Some(1.0)
        ),
        None => assert!(
            !text.lines().any(|l| l.starts_with("roomsign_problem{")),
            "{text}"
        ),
    }
    assert!(text.contains("room=\"Room 4.01\""), "{text}");
    assert!(text.contains("process_resident_memory_bytes "), "{text}");
    assert!(text.contains("process_cpu_seconds_total "), "{text}");

    // A real Prometheus scrapes it every second and answers through its HTTP API.
    let prom_port = free_port();
    let prom_config = s.file(
        "prometheus.yml",
        &format!(
            "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: roomsign\n    static_configs:\n      - targets: ['127.0.0.1:{port}']\n"
        ),
    );
    let prom_addr: SocketAddr = format!("127.0.0.1:{prom_port}").parse().expect("addr");
    let _prometheus = Running(
        Command::new("prometheus")
            .arg(format!("--config.file={}", prom_config.display()))
            .arg(format!("--storage.tsdb.path={}", s.path("tsdb").display()))
            .arg(format!("--web.listen-address={prom_addr}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start prometheus"),
    );
    let query = |q: &str| -> Option<serde_json::Value> {
        let encoded: String = q
            .bytes()
            .map(|b| match b {
                b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' => (b as char).to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect();
        let (code, body) = get(prom_addr, &format!("/api/v1/query?query={encoded}"), &[])?;
        let v: serde_json::Value = serde_json::from_str(&body).ok()?;
        let result = v["data"]["result"].as_array()?.first()?.clone();
        (code == 200).then_some(result)
    };
    let found = wait_for(Duration::from_secs(60), || {
        query("roomsign_room_state == 1")
    })
    .expect("Prometheus has the room's state within 60 s");
    assert_eq!(found["metric"]["state"].as_str(), Some(state), "{found}");
    assert_eq!(found["metric"]["job"].as_str(), Some("roomsign"));
    let synced = query("roomsign_last_sync_timestamp_seconds").expect("last sync");
    assert_eq!(
        synced["value"][1]
            .as_str()
            .and_then(|v| v.parse::<f64>().ok()),
        Some(last_sync),
        "{synced}"
    );
    let build = query("roomsign_build_info").expect("build info");
    assert_eq!(
        build["metric"]["version"].as_str(),
        Some(env!("CARGO_PKG_VERSION")),
        "{build}"
    );
    let up = query("up{job=\"roomsign\"}").expect("up");
    assert_eq!(up["value"][1].as_str(), Some("1"));
}

#[test]
fn a_bearer_token_guards_the_endpoint() {
    let Some(x) = Xvfb::start() else { return };
    let s = Sandbox::new();
    let port = free_port();
    let token = s.file("token", "fleet-scrape-token\n");
    let config = s.file(
        "config.toml",
        &format!(
            "[metrics]\nlisten = \"127.0.0.1:{port}\"\nbearer_token_file = \"{}\"\n",
            token.display()
        ),
    );
    let _panel = panel(&s, &x, &config);
    let endpoint: SocketAddr = format!("127.0.0.1:{port}").parse().expect("addr");
    let refused = wait_for(Duration::from_secs(30), || get(endpoint, "/metrics", &[]))
        .expect("the endpoint answers");
    assert_eq!(refused.0, 401);
    assert!(!refused.1.contains("fleet-scrape-token"));
    let wrong = get(endpoint, "/metrics", &[("Authorization", "Bearer nope")]).expect("answer");
    assert_eq!(wrong.0, 401);
    let (status, body) = get(
        endpoint,
        "/metrics",
        &[("Authorization", "Bearer fleet-scrape-token")],
    )
    .expect("answer");
    assert_eq!(status, 200);
    assert!(body.contains("roomsign_build_info"), "{body}");
    assert!(
        !body.contains("fleet-scrape-token"),
        "no token in the output"
    );
}

#[test]
fn the_alert_rules_pass_promtool_and_the_dashboard_queries_are_promql() {
    if !have("promtool") {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("packaging/monitoring");
    let rules = Command::new("promtool")
        .args(["check", "rules"])
        .arg(root.join("roomsign-alerts.yml"))
        .output()
        .expect("promtool");
    assert!(
        rules.status.success(),
        "promtool check rules: {}{}",
        String::from_utf8_lossy(&rules.stdout),
        String::from_utf8_lossy(&rules.stderr)
    );
    let alerts = std::fs::read_to_string(root.join("roomsign-alerts.yml")).expect("rules");
    for alert in [
        "RoomsignPanelDown",
        "RoomsignOffline",
        "RoomsignProblem",
        "RoomsignTokenExpiring",
        "RoomsignTooManyGraphRequests",
    ] {
        assert!(alerts.contains(&format!("alert: {alert}")), "{alert}");
    }

    // The dashboard: Grafana's dashboard model, every panel with a place and a query.
    let text = std::fs::read_to_string(root.join("roomsign-dashboard.json")).expect("dashboard");
    let d: serde_json::Value = serde_json::from_str(&text).expect("the dashboard is JSON");
    assert!(d["title"].is_string() && d["uid"].is_string());
    assert!(d["schemaVersion"].as_u64().is_some_and(|v| v >= 36));
    let panels = d["panels"].as_array().expect("panels");
    let mut ids = BTreeSet::new();
    let mut exprs = Vec::new();
    for p in panels {
        assert!(ids.insert(p["id"].as_u64().expect("id")), "ids are unique");
        assert!(p["type"].is_string() && p["title"].is_string(), "{p}");
        for k in ["x", "y", "w", "h"] {
            assert!(p["gridPos"][k].as_u64().is_some(), "gridPos.{k}: {p}");
        }
        let targets = p["targets"].as_array().expect("targets");
        assert!(!targets.is_empty(), "{p}");
        for t in targets {
            exprs.push(t["expr"].as_str().expect("expr").to_owned());
        }
    }
    let titles: Vec<&str> = panels.iter().filter_map(|p| p["title"].as_str()).collect();
    for wanted in [
        "Rooms by state",
        "Panels offline",
        "Sync age",
        "throttling",
        "Token horizon",
        "Bookings per day",
    ] {
        assert!(
            titles.iter().any(|t| t.contains(wanted)),
            "a panel for {wanted}: {titles:?}"
        );
    }
    // Each query through Prometheus' own parser, as a recording rule.
    let mut check = String::from("groups:\n  - name: dashboard\n    rules:\n");
    for (i, e) in exprs.iter().enumerate() {
        check.push_str(&format!(
            "      - record: dashboard_query_{i}\n        expr: {}\n",
            serde_json::to_string(e).expect("quoted")
        ));
    }
    let s = Sandbox::new();
    let file = s.file("dashboard-rules.yml", &check);
    let parsed = Command::new("promtool")
        .args(["check", "rules"])
        .arg(&file)
        .output()
        .expect("promtool");
    assert!(
        parsed.status.success(),
        "dashboard queries: {}{}\n{check}",
        String::from_utf8_lossy(&parsed.stdout),
        String::from_utf8_lossy(&parsed.stderr)
    );
}

#[test]
fn a_microsoft_365_panel_counts_its_graph_requests_and_token_refreshes_and_shows_no_secret() {
    let Some(x) = Xvfb::start() else { return };
    let s = Sandbox::new();
    let fake = fake_microsoft::FakeMicrosoft::start();
    let (config, state) = fake.paired_room(s.dir.path(), "room-4.12@contoso.com");
    let port = free_port();
    let mut text = std::fs::read_to_string(&config).expect("config");
    text.push_str(&format!("\n[metrics]\nlisten = \"127.0.0.1:{port}\"\n"));
    std::fs::write(&config, text).expect("write config");
    let child = s
        .command(&["--config", &config, "--state-dir", &state])
        .env("DISPLAY", &x.display)
        .env_remove("WAYLAND_DISPLAY")
        .env("SLINT_BACKEND", "winit")
        .env_remove("NOTIFY_SOCKET")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("run roomsign");
    let _panel = Running(child);
    let endpoint: SocketAddr = format!("127.0.0.1:{port}").parse().expect("addr");
    let counted = "roomsign_graph_requests_total{operation=\"calendar_view\",outcome=\"ok\"}";
    let text = wait_for(Duration::from_secs(30), || {
        let (_, body) = get(endpoint, "/metrics", &[])?;
        let read = sample(&body, counted).is_some_and(|n| n >= 1.0);
        let known = sample(&body, "roomsign_room_state{state=\"unknown\"}") == Some(0.0);
        (read && known).then_some(body)
    })
    .unwrap_or_else(|| panic!("{counted} and a known state within 30 s"));
    assert!(
        sample(&text, "roomsign_token_refreshes_total{outcome=\"ok\"}").is_some_and(|n| n >= 1.0),
        "{text}"
    );
    assert!(
        text.contains("roomsign_room_info{room=\"Room 4.12\",mailbox=\"room-4.12@contoso.com\"} 1"),
        "{text}"
    );
    // Paired just now: the sign-in runs out 90 days from now unless used.
    let horizon = sample(&text, "roomsign_token_expiry_timestamp_seconds").expect("horizon");
    let in_90_days = (chrono::Utc::now() + chrono::Duration::days(90)).timestamp() as f64;
    assert!(
        (horizon - in_90_days).abs() < 120.0,
        "{horizon} vs {in_90_days}"
    );
    for secret in fake.secrets() {
        assert!(!text.contains(&secret), "a secret in /metrics");
    }
}

#[test]
fn the_admin_screens_qr_code_reads_as_the_diagnostics_summary_in_both_orientations() {
    let s = Sandbox::new();
    let config = s.file(
        "config.toml",
        "[room]\nname = \"Room 4.01\"\n\n[admin]\npin = \"4821\"\n",
    );
    for size in ["800x480", "480x800"] {
        let png = s.path(&format!("admin-{size}.png"));
        let out = s.roomsign(&[
            "--demo",
            "--now",
            NINE,
            "--config",
            &config.to_string_lossy(),
            "screenshot",
            "--screen",
            "admin",
            "--size",
            size,
            "--out",
            &png.to_string_lossy(),
        ]);
        assert!(out.status.success(), "{}", crate::support::stderr(&out));
        let decoded = Command::new("zbarimg")
            .args(["--quiet", "--raw"])
            .arg(&png)
            .output()
            .expect("zbarimg (Debian's zbar-tools) decodes QR codes; scripts/test installs it");
        let text = String::from_utf8_lossy(&decoded.stdout);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines.first(),
            Some(&concat!("Roomsign ", env!("CARGO_PKG_VERSION"))),
            "{text}"
        );
        for wanted in [
            "Room: Room 4.01",
            "State: busy",
            "Last sync: 2026-11-23 09:00 UTC",
            "Problem: none",
            "IP: ",
            "Sign-in horizon: not known",
            "Up: ",
        ] {
            assert!(
                lines.iter().any(|l| l.starts_with(wanted)),
                "{wanted} in {text}"
            );
        }
        assert!(!text.contains("4821"), "no PIN in the code");
    }
}

/// Books 15 minutes at 12:20 and checks in at 09:02 in the demo room through the engine
/// thread; the process's counters go up by at least one each (other tests in this process may
/// count too, never down).
#[test]
fn bookings_and_check_ins_through_the_engine_are_counted() {
    use roomsign::calendar::demo::DemoCalendar;
    use roomsign::calendar::CalendarSource;
    use roomsign::clock::FixedClock;
    use roomsign::core::view::ActionResult;
    use roomsign::core::{CheckInPolicy, Policy};
    use roomsign::engine::{self, sync_once, Command, EngineEvent};
    use roomsign::metrics::counters::{counters, OutcomeLabel};
    use std::sync::{mpsc, Arc};

    let run = |policy: Policy, now: &str, command: Command| -> Option<ActionResult> {
        let now = crate::support::at(now);
        let tz = chrono_tz::Tz::UTC;
        let calendar: Arc<dyn CalendarSource> =
            Arc::new(DemoCalendar::new(tz, Duration::from_millis(0)));
        let s = crate::support::engine_settings(policy, tz);
        let first = roomsign::app::block_on(sync_once(calendar.as_ref(), &s, now, None));
        let (tx, rx) = mpsc::channel();
        let handle = engine::spawn(
            Some(calendar),
            None,
            Arc::new(FixedClock(now)),
            s,
            first,
            move |notice| {
                let _ = tx.send(notice);
            },
        )
        .expect("engine thread");
        assert!(handle.send(command));
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(EngineEvent::Done(r)) = rx.recv_timeout(Duration::from_millis(100)) {
                return Some(r);
            }
        }
        None
    };
    let accepted = || {
        counters()
            .bookings
            .get_or_create(&OutcomeLabel {
                outcome: "accepted",
            })
            .get()
    };
    let before = accepted();
    let booked = run(Policy::default(), "12:20", Command::Book { minutes: 15 });
    assert!(
        matches!(booked, Some(ActionResult::Booked { .. })),
        "{booked:?}"
    );
    assert!(accepted() > before, "a booking counted");

    let before = counters().check_ins.get();
    let policy = Policy {
        checkin: CheckInPolicy {
            enabled: true,
            ..CheckInPolicy::default()
        },
        ..Policy::default()
    };
    let checked = run(policy, "09:02", Command::CheckIn);
    assert_eq!(checked, Some(ActionResult::CheckedIn));
    assert!(counters().check_ins.get() > before, "a check-in counted");
}
