//! `roomsign status` and `roomsign screenshot` for a Microsoft 365 room, against the local
//! stand-in for Graph: a real day's calendar (paging, a recurring series, a private meeting,
//! an organizer-as-subject meeting, a cancelled and a show-as-free event), then the same with
//! the service gone: the cache carries the panel and the Offline notice shows.

use fake_microsoft::{event, with, FakeMicrosoft};
use serde_json::{json, Value};

use crate::support::{read_png, stderr, Sandbox};

const ROOM: &str = "room-4.12@contoso.com";
const NOW: &str = "2026-11-23T09:10:00Z";

fn configured(s: &Sandbox, fake: &FakeMicrosoft) -> (String, String) {
    fake.paired_room(s.dir.path(), ROOM)
}

fn screenshot(s: &Sandbox, config: &str, state: &str, name: &str) -> (u32, u32, Vec<u8>) {
    let shot = s.path(name);
    let out = s.roomsign(&[
        "screenshot",
        "--config",
        config,
        "--state-dir",
        state,
        "--now",
        NOW,
        "--out",
        shot.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    read_png(&shot)
}

fn status(s: &Sandbox, config: &str, state: &str) -> Value {
    let (code, v) = status_at(s, config, state, NOW);
    assert_eq!(code, Some(0), "{v}");
    v
}

/// `status --json` at `now`: the exit status and the JSON.
fn status_at(s: &Sandbox, config: &str, state: &str, now: &str) -> (Option<i32>, Value) {
    let out = s.roomsign(&[
        "status",
        "--json",
        "--config",
        config,
        "--state-dir",
        state,
        "--now",
        now,
    ]);
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("status JSON: {e}: {}", stderr(&out)));
    (out.status.code(), v)
}

/// A day in Room 4.12 as Outlook has it.
fn outlook_day(fake: &FakeMicrosoft) {
    fake.with(|s| s.page_size = 3);
    let occurrence = |id: &str, day: &str, subject: &str, start: &str, end: &str, kind: &str| {
        with(
            event(
                id,
                subject,
                "Grace Hopper",
                &format!("{day}T{start}"),
                &format!("{day}T{end}"),
            ),
            &[
                ("type", json!(kind)),
                ("seriesMasterId", json!("AAMkSeriesMaster")),
            ],
        )
    };
    let events = [
        event(
            "early",
            "Early sync",
            "Alan Turing",
            "2026-11-23T08:00",
            "2026-11-23T08:30",
        ),
        // Exchange's room default: the organizer's name replaces the subject.
        event(
            "orgsubj",
            "Ada Lovelace",
            "Ada Lovelace",
            "2026-11-23T09:00",
            "2026-11-23T10:00",
        ),
        with(
            event(
                "priv",
                "Salary talk",
                "Katherine Johnson",
                "2026-11-23T10:30",
                "2026-11-23T11:00",
            ),
            &[("sensitivity", json!("private"))],
        ),
        occurrence(
            "occ1",
            "2026-11-23",
            "Daily stand-up",
            "11:30",
            "11:45",
            "occurrence",
        ),
        occurrence(
            "occ2",
            "2026-11-24",
            "Daily stand-up",
            "11:30",
            "11:45",
            "occurrence",
        ),
        // One occurrence moved: an exception.
        occurrence(
            "exc3",
            "2026-11-23",
            "Daily stand-up (moved)",
            "13:00",
            "13:15",
            "exception",
        ),
        with(
            event(
                "cxl",
                "Cancelled planning",
                "Alan Turing",
                "2026-11-23T14:00",
                "2026-11-23T15:00",
            ),
            &[("isCancelled", json!(true))],
        ),
        with(
            event(
                "free",
                "FYI: fire drill",
                "Facilities",
                "2026-11-23T15:00",
                "2026-11-23T15:30",
            ),
            &[("showAs", json!("free"))],
        ),
        event(
            "late",
            "Retro",
            "Alan Turing",
            "2026-11-23T16:00",
            "2026-11-23T17:00",
        ),
    ];
    for e in events {
        fake.put_event(ROOM, e);
    }
}

#[test]
fn status_reports_the_room_as_outlook_has_it_then_from_the_cache_when_offline() {
    let s = Sandbox::new();
    let fake = FakeMicrosoft::start();
    outlook_day(&fake);
    let (config, state) = configured(&s, &fake);

    let v = status(&s, &config, &state);
    assert_eq!(v["source"], "graph");
    assert_eq!(v["state"], "busy");
    assert_eq!(v["until"], "2026-11-23T10:00:00Z");
    assert_eq!(v["last_sync"], NOW);
    assert_eq!(v["offline_since"], Value::Null);
    assert_eq!(v["sync_error"], Value::Null);
    let current = &v["current"];
    assert_eq!(current["subject"], "Ada Lovelace", "{current}");
    assert_eq!(
        current["organizer"],
        Value::Null,
        "the organizer is shown once"
    );
    let upcoming: Vec<(String, String)> = v["upcoming"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["start"].as_str().unwrap()[11..16].to_owned(),
                m["subject"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let want: Vec<(String, String)> = [
        ("10:30", "Private meeting"),
        ("11:30", "Daily stand-up"),
        ("13:00", "Daily stand-up (moved)"),
        ("16:00", "Retro"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(upcoming, want, "{}", v["upcoming"]);
    let private = &v["upcoming"][0];
    assert_eq!(private["private"], true);
    assert_eq!(
        private["organizer"],
        Value::Null,
        "nothing of a private meeting shows"
    );
    let calendar_requests = fake.calendar_requests().len();
    assert!(
        calendar_requests >= 3,
        "paged: {calendar_requests} requests"
    );

    // The service is gone: the same answer from the cache, and since when it is offline.
    fake.with(|st| st.down = true);
    let offline = status(&s, &config, &state);
    assert_eq!(offline["source"], "cache");
    assert_eq!(offline["state"], "busy");
    assert_eq!(offline["current"], v["current"]);
    assert_eq!(offline["upcoming"], v["upcoming"]);
    assert_eq!(offline["offline_since"], NOW);
    assert_eq!(offline["last_sync"], NOW);
    assert!(
        offline["sync_error"]
            .as_str()
            .unwrap()
            .contains("cannot reach Microsoft Graph"),
        "{}",
        offline["sync_error"]
    );

    // The panel shows the last known schedule under the Offline notice.
    let (w, h, rgb) = screenshot(&s, &config, &state, "offline.png");
    // Back online: the same screen without the notice.
    fake.with(|st| st.down = false);
    status(&s, &config, &state);
    let (w2, h2, online) = screenshot(&s, &config, &state, "online.png");
    assert_eq!((w, h), (w2, h2));
    let differing_rows = (0..h as usize)
        .filter(|y| {
            let row = y * w as usize * 3..(y + 1) * w as usize * 3;
            rgb[row.clone()] != online[row]
        })
        .count();
    assert!(
        differing_rows > 10,
        "the Offline notice changes the screen ({differing_rows} rows differ)"
    );
}

#[test]
fn status_without_a_cache_and_without_the_service_claims_nothing() {
    let s = Sandbox::new();
    let fake = FakeMicrosoft::start();
    outlook_day(&fake);
    let (config, state) = configured(&s, &fake);
    fake.with(|st| st.down = true);
    let (code, v) = status_at(&s, &config, &state, NOW);
    assert_eq!(v["state"], "unknown");
    assert_eq!(v["offline_since"], NOW);
    assert_eq!(v["current"], Value::Null);
    // Nothing was ever read: not "graph"; the reason is there for scripts, and the exit status
    // says the state is unknown.
    assert_eq!(v["source"], "none");
    assert_eq!(v["problem"]["code"], "offline", "{v}");
    assert!(
        v["problem"]["fix"]
            .as_str()
            .unwrap()
            .contains("cannot reach Microsoft"),
        "{v}"
    );
    assert_eq!(code, Some(1));
}

/// Read once at 09:10 on Monday, then offline: on Wednesday (51 h later, a day that was never
/// read) the cache says nothing of the room, so the state is unknown and `status` says why.
#[test]
fn offline_past_the_cached_window_the_room_is_unknown() {
    let s = Sandbox::new();
    let fake = FakeMicrosoft::start();
    outlook_day(&fake);
    let (config, state) = configured(&s, &fake);
    let v = status(&s, &config, &state);
    assert_eq!(v["problem"], Value::Null);
    fake.with(|st| st.down = true);
    // Tomorrow is in the window read: still known, from the cache, with the problem named.
    let (code, v) = status_at(&s, &config, &state, "2026-11-24T12:10:00Z");
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(v["source"], "cache");
    assert_ne!(v["state"], "unknown");
    assert_eq!(v["problem"]["code"], "offline", "{v}");
    let (code, v) = status_at(&s, &config, &state, "2026-11-25T12:10:00Z");
    assert_eq!(v["state"], "unknown", "{v}");
    assert_eq!(v["led"], "off");
    assert_eq!(v["problem"]["code"], "no_schedule_for_now", "{v}");
    assert_eq!(code, Some(1));
}

/// Credentials the panel refuses to use (a client secret file every user can read): plain
/// `status` says it, and `--json` has the same words in `problem`, with exit status 1.
#[test]
fn refused_credentials_are_in_the_json_and_the_exit_status() {
    use std::os::unix::fs::PermissionsExt;
    let s = Sandbox::new();
    let fake = FakeMicrosoft::start();
    let secret = s.file("client-secret", "s3cr3t-value~from-entra\n");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o644)).unwrap();
    let config = s.file(
        "app.toml",
        &format!(
            "[room]\nmailbox = \"{ROOM}\"\n\n{}auth = \"client-secret\"\nclient_secret_file = \"{}\"\nbooking_account = \"roomsign@contoso.com\"\n",
            fake.config_table(),
            secret.display()
        ),
    );
    let config = config.to_str().unwrap();
    let state = s.path("state");
    let state = state.to_str().unwrap();
    let (code, v) = status_at(&s, config, state, NOW);
    assert_eq!(v["state"], "unknown");
    assert_eq!(v["source"], "none");
    assert_eq!(v["problem"]["code"], "credentials_refused", "{v}");
    let fix = v["problem"]["fix"].as_str().unwrap();
    assert!(fix.contains("chmod 600"), "{v}");
    assert_eq!(code, Some(1));

    let out = s.roomsign(&[
        "status",
        "--config",
        config,
        "--state-dir",
        state,
        "--now",
        NOW,
    ]);
    assert_eq!(out.status.code(), Some(1));
    let text = crate::support::stdout(&out);
    assert!(
        text.contains(v["problem"]["what"].as_str().unwrap()),
        "{text}"
    );
    assert!(text.contains(fix), "{text}");

    let out = s.roomsign(&["doctor", "--config", config, "--state-dir", state]);
    let text = crate::support::stdout(&out);
    assert!(text.contains("✗ room state"), "{text}");
    assert!(text.contains(fix), "{text}");
}

#[test]
fn doctor_checks_every_step_from_the_network_to_the_room_calendar() {
    let s = Sandbox::new();
    let fake = FakeMicrosoft::start();
    outlook_day(&fake);
    let (config, state) = configured(&s, &fake);
    let doctor = |config: &str| {
        let out = s.roomsign(&["doctor", "--config", config, "--state-dir", &state]);
        (out.status.success(), crate::support::stdout(&out))
    };
    let (ok, text) = doctor(&config);
    assert!(ok, "{text}");
    for line in [
        "✓ configuration",
        "✓ clock",
        "✓ sign-in service",
        "✓ Graph service",
        "✓ credentials",
        "✓ token",
        "✓ Microsoft Graph",
        "✓ booking account",
        "✓ room calendar",
    ] {
        assert!(text.contains(line), "{line} in:\n{text}");
    }
    assert!(text.contains("127.0.0.1 resolves"), "{text}");
    assert!(text.contains("room-4.12@contoso.com is readable"), "{text}");

    // A mistyped mailbox: the room line fails and names the key to fix.
    let typo = std::fs::read_to_string(&config)
        .unwrap()
        .replace(ROOM, "typo-rooom-4.12@contoso.com");
    let typo_config = s.file("typo.toml", &typo);
    let (ok, text) = doctor(typo_config.to_str().unwrap());
    assert!(!ok, "{text}");
    assert!(text.contains("✗ room calendar"), "{text}");
    assert!(text.contains("room.mailbox"), "{text}");

    // The service unreachable: said plainly, and doctor fails.
    fake.with(|st| st.down = true);
    let (ok, text) = doctor(&config);
    assert!(!ok, "{text}");
    assert!(text.contains("✗ sign-in service"), "{text}");
    assert!(text.contains("✗ Graph service"), "{text}");
}

/// Each refusal of the refresh, as the identity platform words it: `status --json` has its
/// stable code, `doctor`'s token line the code, the words and the fix, and only a handful of
/// token requests are made.
#[test]
fn each_refused_refresh_has_its_code_in_status_and_doctor() {
    use fake_microsoft::TokenRefusal;
    for (refusal, code, words) in [
        (
            TokenRefusal::protocol_tracked(),
            "device_code_blocked",
            "security group",
        ),
        (
            TokenRefusal::unused_too_long(),
            "refresh_token_expired",
            "not used for 90 days",
        ),
        (
            TokenRefusal::password_changed(),
            "password_changed",
            "password",
        ),
        (
            TokenRefusal::sign_in_frequency(),
            "sign_in_frequency",
            "sign-in frequency",
        ),
        (TokenRefusal::mfa(), "mfa_required", "multi-factor"),
        (
            TokenRefusal::consent_missing(),
            "consent_missing",
            "admin consent",
        ),
        (
            TokenRefusal::account_disabled(),
            "account_blocked",
            "Enable or unlock",
        ),
    ] {
        let s = Sandbox::new();
        let fake = FakeMicrosoft::start();
        fake.with(|st| st.token_refusal = Some(refusal.clone()));
        let (config, state) = configured(&s, &fake);
        let (exit, v) = status_at(&s, &config, &state, NOW);
        assert_eq!(v["problem"]["code"], code, "{v}");
        assert_eq!(exit, Some(1), "{v}");
        assert!(
            v["problem"]["fix"].as_str().unwrap_or_default().len() > 20,
            "{v}"
        );
        let after_status = fake.token_requests();
        assert!((1..=2).contains(&after_status), "{after_status} for {code}");

        fake.pair_state_dir(std::path::Path::new(&state));
        let out = s.roomsign(&["doctor", "--config", &config, "--state-dir", &state]);
        let text = crate::support::stdout(&out);
        assert!(!out.status.success(), "{text}");
        let line = text
            .lines()
            .find(|l| l.contains("✗ token"))
            .unwrap_or_else(|| panic!("a token line: {text}"));
        assert!(line.contains(code), "{line}");
        assert!(line.contains(words), "{code}: {line}");
        let total = fake.token_requests();
        assert!(
            total - after_status <= 2,
            "{total} token requests for {code}"
        );
    }
}

/// The token-health horizon: a sign-in unused for 75 days (a panel stored away) is a warning in
/// `doctor` with the days left; the refresh that follows is kept in sign-in.json, so the next
/// `doctor` finds it fresh. Unused past 90 days, Microsoft's 700082 says so in the same words.
#[test]
fn doctor_warns_of_a_sign_in_nearing_ninety_days_unused_and_keeps_its_last_use() {
    use roomsign::microsoft::identity::store::{FileTokenStore, TokenStore};
    let s = Sandbox::new();
    let fake = FakeMicrosoft::start();
    let (config, state) = configured(&s, &fake);
    let store = FileTokenStore::new(std::path::Path::new(&state));
    let mut stored = store.load().expect("paired");
    stored.paired_at = chrono::Utc::now() - chrono::Duration::days(75);
    store.save(&stored).unwrap();
    let doctor = || {
        let out = s.roomsign(&["doctor", "--config", &config, "--state-dir", &state]);
        crate::support::stdout(&out)
    };
    let text = doctor();
    let line = text
        .lines()
        .find(|l| l.contains("sign-in use"))
        .unwrap_or_else(|| panic!("a sign-in use line: {text}"));
    assert!(line.contains('✗') && line.contains("75 days"), "{line}");
    assert!(line.contains("in 15 days"), "{line}");
    let refreshed = store.load().expect("still paired").refreshed_at;
    assert!(refreshed.is_some(), "the refresh's time is kept");
    let text = doctor();
    assert!(text.contains("✓ sign-in use"), "{text}");

    // Past 90 days: Microsoft refuses the refresh token (AADSTS700082).
    let mut stored = store.load().expect("paired");
    stored.paired_at = chrono::Utc::now() - chrono::Duration::days(200);
    stored.refreshed_at = Some(chrono::Utc::now() - chrono::Duration::days(120));
    store.save(&stored).unwrap();
    fake.with(|st| st.token_refusal = Some(fake_microsoft::TokenRefusal::unused_too_long()));
    let text = doctor();
    assert!(text.contains("not used for 120 days"), "{text}");
    assert!(text.contains("refresh_token_expired"), "{text}");
}
