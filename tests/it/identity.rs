//! Pairing and staying signed in, against a local stand-in for Microsoft's identity platform
//! and Graph: device-code outcomes, refresh-token rotation, single-flight refresh, one retry
//! on 401, app-only secrets, and no secret in any Debug output.

use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use chrono::{Duration, Utc};
use fake_microsoft::{FakeMicrosoft, PollAnswer, TokenRefusal};
use roomsign::app::block_on;
use roomsign::clock::{Clock, SystemClock};
use roomsign::core::words::LinkTrouble;
use roomsign::microsoft::client::{self, Graph, GraphError};
use roomsign::microsoft::identity::oauth::{AuthError, OAuthClient};
use roomsign::microsoft::identity::pairing::{pair, PairingError, PairingOptions, Step};
use roomsign::microsoft::identity::store::{
    MemoryTokenStore, StoredSignIn, TokenStore, SIGN_IN_VERSION,
};
use roomsign::microsoft::identity::{ClientSecretIdentity, DeviceCodeIdentity, Identity};
use roomsign::secret::Secret;

use crate::support::ManualClock;

fn oauth(fake: &FakeMicrosoft) -> OAuthClient {
    let (tenant, client) = fake.with(|s| (s.tenant.clone(), s.client_id.clone()));
    OAuthClient::new(
        client::http_client(),
        &fake.authority_url(),
        &tenant,
        &client,
    )
}

fn scopes() -> Vec<String> {
    roomsign::config::DEFAULT_SCOPES
        .iter()
        .map(|s| s.to_string())
        .collect()
}

fn run_pairing(
    fake: &FakeMicrosoft,
    store: &dyn TokenStore,
    options: PairingOptions,
) -> (Result<StoredSignIn, PairingError>, Vec<Step>) {
    let mut steps = Vec::new();
    let result = block_on(pair(
        &oauth(fake),
        &scopes(),
        &client::who_am_i(client::http_client(), fake.graph_url()),
        store,
        &SystemClock,
        &options,
        &mut |step| steps.push(step),
    ));
    (result, steps)
}

fn fast() -> PairingOptions {
    PairingOptions {
        slow_down_step: StdDuration::from_secs(1),
        renew_expired: true,
    }
}

#[test]
fn pairing_waits_while_pending_then_stores_the_sign_in_and_the_account() {
    let fake = FakeMicrosoft::start();
    fake.script(vec![
        PollAnswer::Pending,
        PollAnswer::Pending,
        PollAnswer::Grant,
    ]);
    let store = MemoryTokenStore::default();
    let (result, steps) = run_pairing(&fake, &store, fast());
    let sign_in = result.expect("paired");
    let account = sign_in.account.clone().expect("account from /me");
    assert_eq!(account.username, "roomsign@contoso.com");
    assert_eq!(account.display_name.as_deref(), Some("Room Sign"));
    assert_eq!(store.load(), Some(sign_in.clone()), "stored");
    match &steps[0] {
        Step::Code(prompt) => {
            assert_eq!(prompt.verification_uri, "https://microsoft.com/devicelogin");
            assert_eq!(prompt.qr_target, "https://microsoft.com/devicelogin");
            assert!(prompt.user_code.starts_with("AB"));
        }
        other => panic!("first step shows a code, got {other:?}"),
    }
    // The scopes asked for include offline_access (a refresh token) and the calendar ones.
    let asked = &fake.requests("/devicecode")[0].form["scope"];
    for scope in [
        "offline_access",
        "Calendars.ReadWrite.Shared",
        "Place.Read.All",
    ] {
        assert!(asked.contains(scope), "scope {scope} in {asked}");
    }
    // Three polls, at least the server's interval (1 s) apart.
    let polls = fake.requests("/token");
    assert_eq!(polls.len(), 3);
    for pair in polls.windows(2) {
        assert!(pair[1].at - pair[0].at >= StdDuration::from_millis(950));
    }
}

#[test]
fn slow_down_makes_polling_slower_for_good() {
    let fake = FakeMicrosoft::start();
    fake.script(vec![
        PollAnswer::SlowDown,
        PollAnswer::Pending,
        PollAnswer::Grant,
    ]);
    let store = MemoryTokenStore::default();
    let (result, _) = run_pairing(&fake, &store, fast());
    result.expect("paired");
    let polls = fake.requests("/token");
    assert_eq!(polls.len(), 3);
    // interval 1 s + slow_down step 1 s: both later gaps are at least 2 s.
    for pair in polls.windows(2) {
        assert!(
            pair[1].at - pair[0].at >= StdDuration::from_millis(1950),
            "gap {:?}",
            pair[1].at - pair[0].at
        );
    }
}

#[test]
fn a_declined_sign_in_ends_pairing_with_that_reason() {
    let fake = FakeMicrosoft::start();
    fake.script(vec![PollAnswer::Pending, PollAnswer::Declined]);
    let store = MemoryTokenStore::default();
    let (result, _) = run_pairing(&fake, &store, fast());
    assert_eq!(result, Err(PairingError::Declined));
    assert_eq!(store.load(), None, "nothing stored");
}

#[test]
fn an_expired_code_is_replaced_by_a_new_one() {
    let fake = FakeMicrosoft::start();
    fake.script(vec![PollAnswer::Pending, PollAnswer::Expired]);
    fake.script(vec![PollAnswer::Grant]);
    let store = MemoryTokenStore::default();
    let (result, steps) = run_pairing(&fake, &store, fast());
    result.expect("paired with the second code");
    let codes: Vec<&Step> = steps
        .iter()
        .filter(|s| matches!(s, Step::Code(_)))
        .collect();
    assert_eq!(codes.len(), 2, "a second code was shown: {steps:?}");
    assert!(steps.contains(&Step::Renewing));
    assert_ne!(codes[0], codes[1]);

    // Without renewal, expiry ends pairing.
    fake.script(vec![PollAnswer::Expired]);
    let (result, _) = run_pairing(
        &fake,
        &MemoryTokenStore::default(),
        PairingOptions {
            renew_expired: false,
            ..fast()
        },
    );
    assert_eq!(result, Err(PairingError::Expired));
}

#[test]
fn a_wrong_client_id_is_reported_in_words() {
    let fake = FakeMicrosoft::start();
    let client = OAuthClient::new(
        client::http_client(),
        &fake.authority_url(),
        "contoso.onmicrosoft.com",
        "00000000-0000-0000-0000-000000000000",
    );
    let err = block_on(client.device_code(&scopes(), Utc::now())).expect_err("refused");
    assert!(matches!(err, AuthError::InvalidClient(_)), "{err:?}");
    assert!(err.to_string().contains("AADSTS700016"), "{err}");
    assert!(
        !err.to_string().contains("Trace ID"),
        "only the first line: {err}"
    );
}

fn paired_identity(
    fake: &FakeMicrosoft,
    clock: Arc<dyn Clock>,
) -> (DeviceCodeIdentity, Arc<MemoryTokenStore>, String) {
    let refresh = fake.issue_refresh_token();
    let (tenant, client_id) = fake.with(|s| (s.tenant.clone(), s.client_id.clone()));
    let store = Arc::new(MemoryTokenStore::new(Some(StoredSignIn {
        version: SIGN_IN_VERSION,
        tenant,
        client_id,
        account: None,
        refresh_token: Secret::new(refresh.clone()),
        access_token: None,
        expires_at: None,
        paired_at: Utc::now(),
        refreshed_at: None,
    })));
    let identity = DeviceCodeIdentity::from_store(oauth(fake), scopes(), store.clone(), clock)
        .expect("paired");
    (identity, store, refresh)
}

#[test]
fn refresh_tokens_rotate_and_the_new_one_is_stored_every_time() {
    let fake = FakeMicrosoft::start();
    fake.with(|s| s.access_expires_in = 4000);
    let clock = Arc::new(ManualClock(Mutex::new(Utc::now())));
    let (identity, store, first_rt) = paired_identity(&fake, clock.clone());

    let t1 = block_on(identity.token()).expect("token");
    let rt2 = store.load().unwrap().refresh_token;
    assert_ne!(rt2.expose(), first_rt, "the refresh token rotated");
    assert_eq!(fake.refreshes(), 1);
    // expires_in of 4000 s (not an assumed hour) sets the expiry.
    let expiry = identity.expires_at().expect("expiry");
    assert!(
        (expiry - clock.now() - Duration::seconds(4000))
            .num_seconds()
            .abs()
            <= 2
    );

    // Still fresh: no new refresh.
    assert_eq!(block_on(identity.token()).expect("token"), t1);
    assert_eq!(fake.refreshes(), 1);

    // Within 5 minutes of expiry: refreshed ahead of time, rotated again.
    *clock.0.lock().unwrap() += Duration::seconds(4000 - 200);
    let t2 = block_on(identity.token()).expect("token");
    assert_ne!(t1, t2);
    assert_eq!(fake.refreshes(), 2);
    let rt3 = store.load().unwrap().refresh_token;
    assert_ne!(rt3, rt2);
    // The old refresh token no longer works at the server.
    assert!(!fake.with(|s| s.refresh_tokens.contains(&rt2.expose().to_owned())));
}

#[test]
fn many_callers_share_one_refresh() {
    let fake = FakeMicrosoft::start();
    fake.with(|s| s.refresh_delay = StdDuration::from_millis(300));
    let (identity, _, _) = paired_identity(&fake, Arc::new(SystemClock));
    let identity = Arc::new(identity);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let tokens: Vec<Secret> = runtime.block_on(async {
        let tasks: Vec<_> = (0..12)
            .map(|_| {
                let identity = identity.clone();
                tokio::spawn(async move { identity.token().await })
            })
            .collect();
        let mut out = Vec::new();
        for t in tasks {
            out.push(t.await.unwrap().expect("token"));
        }
        out
    });
    assert_eq!(fake.refreshes(), 1, "one refresh for twelve callers");
    assert!(
        tokens.windows(2).all(|w| w[0] == w[1]),
        "all got the same token"
    );
}

#[test]
fn invalid_grant_forgets_the_sign_in() {
    let fake = FakeMicrosoft::start();
    let (identity, store, rt) = paired_identity(&fake, Arc::new(SystemClock));
    fake.with(|s| s.refresh_tokens.retain(|t| *t != rt)); // revoked by an admin
    let err = block_on(identity.token()).expect_err("revoked");
    assert!(matches!(err, AuthError::InvalidGrant(..)), "{err:?}");
    assert!(err.to_string().contains("pair it again"), "{err}");
    assert_eq!(store.load(), None, "back to not paired");
}

#[test]
fn a_temporarily_unavailable_service_is_transient_and_keeps_the_sign_in() {
    let fake = FakeMicrosoft::start();
    fake.with(|s| s.refresh_unavailable = 1);
    let clock = Arc::new(ManualClock(Mutex::new(Utc::now())));
    let (identity, store, rt) = paired_identity(&fake, clock.clone());
    let err = block_on(identity.token()).expect_err("unavailable");
    assert!(err.is_transient(), "{err:?}");
    assert_eq!(store.load().unwrap().refresh_token.expose(), rt, "kept");
    // Asked again at once: the same answer, without asking Microsoft.
    block_on(identity.token()).expect_err("not yet");
    assert_eq!(fake.token_requests(), 1);
    *clock.0.lock().unwrap() += Duration::seconds(7);
    block_on(identity.token()).expect("works on the next try");
}

#[test]
fn graph_401_renews_once_and_retries_once() {
    let fake = FakeMicrosoft::start();
    let (identity, _, _) = paired_identity(&fake, Arc::new(SystemClock));
    let graph = Graph::new(client::http_client(), &fake.graph_url(), Arc::new(identity));
    block_on(client::whoami(&graph)).expect("me");
    assert_eq!(fake.refreshes(), 1);

    fake.with(|s| s.graph_401s = 1);
    let me = block_on(client::whoami(&graph)).expect("me after one renewal");
    assert_eq!(me.username, "roomsign@contoso.com");
    assert_eq!(fake.refreshes(), 2, "one renewal");

    // Refused again after the renewal: an error, not a loop.
    fake.with(|s| s.graph_401s = 5);
    let err = block_on(client::whoami(&graph)).expect_err("denied");
    assert!(matches!(err, GraphError::Denied { .. }), "{err:?}");
    assert_eq!(fake.refreshes(), 3, "exactly one more renewal");
    assert_eq!(fake.with(|s| s.graph_401s), 3, "two Graph calls, no more");
}

#[test]
fn app_only_secrets_work_and_a_wrong_one_says_to_renew_it_in_entra_id() {
    let fake = FakeMicrosoft::start();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("client-secret");
    let secret = fake.with(|s| s.client_secret.clone());
    std::fs::write(&path, format!("{secret}\n")).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    let identity = ClientSecretIdentity::from_file(oauth(&fake), &path, Arc::new(SystemClock))
        .expect("readable secret");
    let t1 = block_on(identity.token()).expect("app token");
    assert_eq!(block_on(identity.token()).expect("cached"), t1);

    std::fs::write(&path, "wrong").unwrap();
    let wrong =
        ClientSecretIdentity::from_file(oauth(&fake), &path, Arc::new(SystemClock)).unwrap();
    let err = block_on(wrong.token()).expect_err("wrong secret");
    assert!(matches!(err, AuthError::InvalidClient(_)), "{err:?}");
    assert!(err.to_string().contains("Entra ID"), "{err}");
    assert!(err.to_string().contains("AADSTS7000215"), "{err}");

    // A world-readable secret file is refused before anything is sent.
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let err = ClientSecretIdentity::from_file(oauth(&fake), &path, Arc::new(SystemClock))
        .err()
        .expect("refused");
    assert!(err.to_string().contains("chmod 600"), "{err}");
}

#[test]
fn no_secret_shows_in_debug_output() {
    let fake = FakeMicrosoft::start();
    let store = MemoryTokenStore::default();
    let (result, steps) = run_pairing(&fake, &store, fast());
    let sign_in = result.expect("paired");
    let shown = format!("{sign_in:?} {steps:?} {:?}", store.load());
    for secret in fake.secrets() {
        assert!(!shown.contains(&secret), "{secret} leaked into {shown}");
    }
    assert!(shown.contains("[redacted]"));
}

#[test]
fn the_panel_pairs_by_itself_and_pairs_again_when_the_sign_in_is_revoked() {
    use roomsign::core::{Link, Room, Snapshot, Source};
    use roomsign::engine::{self, EngineEvent, EngineSettings};
    use roomsign::microsoft::link::Microsoft;

    let fake = FakeMicrosoft::start();
    fake.script(vec![PollAnswer::Pending, PollAnswer::Grant]);
    // Access tokens that need a refresh within a couple of seconds.
    fake.with(|s| s.access_expires_in = 302);
    let dir = tempfile::tempdir().unwrap();
    let config_text = format!("{}\n", fake.config_table());
    let config = roomsign::config::Config::parse(&config_text, std::path::Path::new("test.toml"))
        .expect("config");
    let microsoft = Arc::new(Microsoft::new(
        config.microsoft.clone().unwrap(),
        dir.path(),
        Some("room-4.12@contoso.com".to_owned()),
    ));
    let room = Room {
        name: "Room 4.12".to_owned(),
        mailbox: None,
    };
    let mut first = Snapshot::unknown(room.clone(), Source::Graph);
    first.link = Link::NotPaired {
        reason: None,
        refusal: None,
    };
    let (tx, rx) = std::sync::mpsc::channel();
    let handle = engine::spawn(
        None,
        Some(microsoft),
        Arc::new(SystemClock),
        EngineSettings {
            room,
            policy: Default::default(),
            tz: chrono_tz::Tz::UTC,
            booking_subject: "Booked at the door".to_owned(),
            allow_end_early: true,
            allow_extend: true,
            poll_every: StdDuration::from_secs(60),
            state_dir: None,
        },
        first,
        move |n| {
            let _ = tx.send(n);
        },
    )
    .expect("engine");

    let mut seen: Vec<Link> = Vec::new();
    let mut wait_for = |want: &dyn Fn(&Link) -> bool, what: &str| {
        let deadline = std::time::Instant::now() + StdDuration::from_secs(20);
        while std::time::Instant::now() < deadline {
            if let Ok(EngineEvent::Snapshot) = rx.recv_timeout(StdDuration::from_millis(100)) {
                let link = handle.snapshot().link;
                if seen.last() != Some(&link) {
                    seen.push(link.clone());
                }
                if want(&link) {
                    return;
                }
            }
        }
        panic!("never saw {what}; saw {seen:?}");
    };
    wait_for(&|l| matches!(l, Link::Pairing(_)), "a pairing code");
    wait_for(
        &|l| matches!(l, Link::SignedIn { account: Some(a), .. } if a.contains("roomsign@contoso.com")),
        "signed in",
    );
    assert!(
        dir.path().join("sign-in.json").exists(),
        "the sign-in is stored"
    );

    // An admin revokes the sign-in: the next refresh fails with invalid_grant.
    fake.with(|s| s.refresh_tokens.clear());
    fake.script(vec![PollAnswer::Pending]);
    // "Not paired" with the reason, which the new code may replace before a look.
    wait_for(
        &|l| match l {
            Link::NotPaired { reason, .. } => english(reason).contains("pair it again"),
            Link::Pairing(p) => english(&p.note).contains("not used for 90 days"),
            _ => false,
        },
        "not paired, with the reason",
    );
    wait_for(
        // Told by its number (AADSTS70008), in plain words at the door.
        &|l| matches!(l, Link::Pairing(p) if english(&p.note).contains("not used for 90 days") && !english(&p.note).contains("AADSTS")),
        "a new pairing code, still saying why",
    );
    assert_eq!(fake.requests("/devicecode").len(), 2);
}

#[test]
fn unpaired_on_the_admin_screen_the_panel_signs_out_and_waits_for_a_tap_to_pair() {
    use roomsign::core::{Link, Room, Snapshot, Source};
    use roomsign::engine::{self, Command, EngineEvent, EngineSettings};
    use roomsign::microsoft::link::Microsoft;

    let fake = FakeMicrosoft::start();
    fake.script(vec![PollAnswer::Grant]);
    let dir = tempfile::tempdir().unwrap();
    let config_text = format!("{}\n", fake.config_table());
    let config = roomsign::config::Config::parse(&config_text, std::path::Path::new("test.toml"))
        .expect("config");
    let microsoft = Arc::new(Microsoft::new(
        config.microsoft.clone().unwrap(),
        dir.path(),
        Some("room-4.12@contoso.com".to_owned()),
    ));
    let room = Room {
        name: "Room 4.12".to_owned(),
        mailbox: None,
    };
    let mut first = Snapshot::unknown(room.clone(), Source::Graph);
    first.link = Link::NotPaired {
        reason: None,
        refusal: None,
    };
    let (tx, rx) = std::sync::mpsc::channel();
    let handle = engine::spawn(
        None,
        Some(microsoft),
        Arc::new(SystemClock),
        EngineSettings {
            room,
            policy: Default::default(),
            tz: chrono_tz::Tz::UTC,
            booking_subject: "Booked at the door".to_owned(),
            allow_end_early: true,
            allow_extend: true,
            poll_every: StdDuration::from_secs(60),
            state_dir: None,
        },
        first,
        move |n| {
            let _ = tx.send(n);
        },
    )
    .expect("engine");
    let wait_for = |want: &dyn Fn(&Link) -> bool, what: &str| {
        let deadline = std::time::Instant::now() + StdDuration::from_secs(20);
        while std::time::Instant::now() < deadline {
            if let Ok(EngineEvent::Snapshot) = rx.recv_timeout(StdDuration::from_millis(100)) {
                if want(&handle.snapshot().link) {
                    return;
                }
            }
        }
        panic!("never saw {what}; the link is {:?}", handle.snapshot().link);
    };
    wait_for(&|l| matches!(l, Link::SignedIn { .. }), "signed in");
    assert!(dir.path().join("sign-in.json").exists());

    handle.send(Command::Unpair);
    wait_for(
        &|l| matches!(l, Link::NotPaired { reason, .. } if english(reason).contains("unpaired")),
        "not paired, saying it was unpaired",
    );
    assert!(
        !dir.path().join("sign-in.json").exists(),
        "the sign-in is gone from disk"
    );
    // No new code until someone taps "Get a code".
    std::thread::sleep(StdDuration::from_millis(1500));
    assert_eq!(fake.requests("/devicecode").len(), 1, "pairing waits");
    assert!(matches!(handle.snapshot().link, Link::NotPaired { .. }));
    fake.script(vec![PollAnswer::Pending]);
    handle.send(Command::Pair);
    wait_for(
        &|l| matches!(l, Link::Pairing(_)),
        "a new code after the tap",
    );
}

#[test]
fn without_a_configured_room_the_panel_lists_rooms_and_keeps_the_one_picked() {
    use roomsign::core::{Link, Room, Snapshot, Source};
    use roomsign::engine::{self, Command, EngineEvent, EngineSettings};
    use roomsign::microsoft::link::Microsoft;

    let fake = FakeMicrosoft::start();
    fake.script(vec![PollAnswer::Grant]);
    let dir = tempfile::tempdir().unwrap();
    let config =
        roomsign::config::Config::parse(&fake.config_table(), std::path::Path::new("t.toml"))
            .expect("config");
    let microsoft = Arc::new(Microsoft::new(
        config.microsoft.clone().unwrap(),
        dir.path(),
        None,
    ));
    let room = Room {
        name: "Meeting room".to_owned(),
        mailbox: None,
    };
    let (tx, rx) = std::sync::mpsc::channel();
    let handle = engine::spawn(
        None,
        Some(microsoft.clone()),
        Arc::new(SystemClock),
        EngineSettings {
            room: room.clone(),
            policy: Default::default(),
            tz: chrono_tz::Tz::UTC,
            booking_subject: "Booked at the door".to_owned(),
            allow_end_early: true,
            allow_extend: true,
            poll_every: StdDuration::from_secs(60),
            state_dir: None,
        },
        Snapshot::unknown(room, Source::Graph),
        move |n| {
            let _ = tx.send(n);
        },
    )
    .expect("engine");
    let wait_for = |want: &dyn Fn(&Snapshot) -> bool, what: &str| {
        let deadline = std::time::Instant::now() + StdDuration::from_secs(20);
        while std::time::Instant::now() < deadline {
            if let Ok(EngineEvent::Snapshot) = rx.recv_timeout(StdDuration::from_millis(100)) {
                let s = handle.snapshot();
                if want(&s) {
                    return s;
                }
            }
        }
        panic!("never saw {what}: {:?}", handle.snapshot().link);
    };
    let listed = wait_for(
        &|s| matches!(s.link, Link::ChooseRoom { .. }),
        "the room list",
    );
    let Link::ChooseRoom { rooms } = listed.link else {
        unreachable!()
    };
    // All pages, sorted by building, then floor, then name; rooms without an address left out.
    let names: Vec<&str> = rooms.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Room 2.01", "Room 4.12", "Board room"], "{rooms:?}");
    assert_eq!(
        rooms[1].details(roomsign::core::Language::English),
        "Building 1 · Floor\u{a0}4 · 8\u{a0}seats"
    );
    assert_eq!(fake.requests("/places/").len(), 2, "two pages read");

    assert!(handle.send(Command::ChooseRoom(rooms[1].clone())));
    let chosen = wait_for(&|s| matches!(s.link, Link::SignedIn { .. }), "signed in");
    assert_eq!(
        chosen.room.mailbox.as_deref(),
        Some("room-4.12@contoso.com")
    );
    assert_eq!(chosen.room.name, "Room 4.12");
    assert_eq!(
        roomsign::microsoft::link::stored_room(dir.path())
            .and_then(|r| r.mailbox)
            .as_deref(),
        Some("room-4.12@contoso.com"),
        "the choice survives a restart"
    );
    assert!(!microsoft.needs_room());
}

#[test]
fn a_refresh_token_rotated_by_another_process_is_picked_up_not_taken_for_a_revocation() {
    // The running panel and `roomsign doctor` share one stored sign-in.
    let fake = FakeMicrosoft::start();
    let (panel, store, _) = paired_identity(&fake, Arc::new(SystemClock));
    let doctor = DeviceCodeIdentity::from_store(
        oauth(&fake),
        scopes(),
        store.clone(),
        Arc::new(SystemClock),
    )
    .expect("paired");
    block_on(doctor.token()).expect("doctor refreshes, rotating the refresh token");
    // The panel still holds the old refresh token in memory; the server no longer accepts it.
    block_on(panel.token()).expect("the panel takes the rotated token from the store");
    assert!(store.load().is_some(), "the sign-in was not forgotten");
    assert_eq!(
        fake.refreshes(),
        3,
        "doctor, the refused old token, the stored one"
    );
}

/// Calls `token()` once a simulated second for ten minutes while the token endpoint refuses
/// with `refusal`; the token requests Microsoft sees.
fn requests_in_ten_minutes_of(refusal: TokenRefusal) -> (usize, AuthError, Arc<MemoryTokenStore>) {
    let fake = FakeMicrosoft::start();
    fake.with(|s| s.token_refusal = Some(refusal));
    let clock = Arc::new(ManualClock(Mutex::new(Utc::now())));
    let (identity, store, _) = paired_identity(&fake, clock.clone());
    let mut last = None;
    for _ in 0..600 {
        last = Some(block_on(identity.token()).expect_err("refused"));
        *clock.0.lock().unwrap() += Duration::seconds(1);
    }
    (fake.token_requests(), last.unwrap(), store)
}

#[test]
fn a_refused_refresh_is_asked_again_only_after_a_growing_pause_and_keeps_the_sign_in() {
    use roomsign::core::Refusal;
    for (refusal, kind) in [
        (TokenRefusal::mfa(), Some(Refusal::MfaRequired)),
        (TokenRefusal::throttled("60"), Some(Refusal::Throttled)),
        (
            TokenRefusal::throttled("1000000000000"),
            Some(Refusal::Throttled),
        ),
        (TokenRefusal::not_oauth(), Some(Refusal::BadAnswer)),
        (
            TokenRefusal::oauth(
                400,
                "invalid_request",
                90014,
                "A required field is missing.",
            ),
            Some(Refusal::Other),
        ),
    ] {
        let (requests, err, store) = requests_in_ten_minutes_of(refusal.clone());
        assert!(
            (1..=10).contains(&requests),
            "{requests} token requests in ten minutes for {refusal:?}"
        );
        assert_eq!(err.refusal().map(|r| r.0), kind, "{err:?}");
        assert!(store.load().is_some(), "the sign-in is kept: {refusal:?}");
    }
}

#[test]
fn a_policy_refusal_under_invalid_grant_is_a_revocation_told_by_its_number() {
    // Conditional Access answers invalid_grant: the sign-in is gone, the panel pairs again.
    let (requests, err, store) = requests_in_ten_minutes_of(TokenRefusal::blocked());
    assert!(requests <= 10, "{requests}");
    assert!(matches!(err, AuthError::InvalidGrant(..)), "{err:?}");
    assert_eq!(store.load(), None);
}

#[test]
fn a_throttled_refresh_waits_as_long_as_asked() {
    let fake = FakeMicrosoft::start();
    fake.with(|s| s.token_refusal = Some(TokenRefusal::throttled("60")));
    let clock = Arc::new(ManualClock(Mutex::new(Utc::now())));
    let (identity, _, _) = paired_identity(&fake, clock.clone());
    block_on(identity.token()).expect_err("throttled");
    fake.with(|s| s.token_refusal = None);
    *clock.0.lock().unwrap() += Duration::seconds(59);
    block_on(identity.token()).expect_err("still waiting");
    assert_eq!(fake.token_requests(), 1);
    *clock.0.lock().unwrap() += Duration::seconds(2);
    block_on(identity.token()).expect("after the wait");
    assert_eq!(fake.token_requests(), 2);
}

#[test]
fn a_refresh_that_cannot_be_stored_is_used_from_memory_and_written_again() {
    let fake = FakeMicrosoft::start();
    fake.with(|s| s.access_expires_in = 4000);
    let clock = Arc::new(ManualClock(Mutex::new(Utc::now())));
    let refresh = fake.issue_refresh_token();
    let (tenant, client_id) = fake.with(|s| (s.tenant.clone(), s.client_id.clone()));
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(roomsign::microsoft::identity::store::FileTokenStore::new(
        dir.path(),
    ));
    store
        .save(&StoredSignIn {
            version: SIGN_IN_VERSION,
            tenant,
            client_id,
            account: None,
            refresh_token: Secret::new(refresh.clone()),
            access_token: None,
            expires_at: None,
            paired_at: Utc::now(),
            refreshed_at: None,
        })
        .unwrap();
    let identity =
        DeviceCodeIdentity::from_store(oauth(&fake), scopes(), store.clone(), clock.clone())
            .expect("paired");
    // The disk turns read-only.
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o500)).unwrap();
    let writable = std::fs::write(dir.path().join("probe"), b"x").is_ok();
    let t1 = block_on(identity.token()).expect("token from memory");
    if !writable {
        assert!(identity.health().unsaved, "says so");
        assert_eq!(
            store.load().unwrap().refresh_token.expose(),
            refresh,
            "old one on disk"
        );
    }
    assert_eq!(block_on(identity.token()).expect("same"), t1);
    assert_eq!(fake.refreshes(), 1);
    // Writable again: the next look after a minute stores the renewed sign-in.
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
    *clock.0.lock().unwrap() += Duration::seconds(61);
    assert_eq!(block_on(identity.token()).expect("same"), t1);
    assert!(!identity.health().unsaved);
    assert_ne!(
        store.load().unwrap().refresh_token.expose(),
        refresh,
        "stored now"
    );
    assert_eq!(fake.refreshes(), 1);
}

/// A paired panel (link and calendar sharing one identity) running on real threads.
fn running_panel(
    fake: &FakeMicrosoft,
    dir: &std::path::Path,
) -> (
    roomsign::engine::EngineHandle,
    std::sync::mpsc::Receiver<roomsign::engine::EngineEvent>,
) {
    use roomsign::calendar::{graph::GraphCalendar, CalendarSource};
    use roomsign::core::{Room, Source};
    use roomsign::engine::{self, EngineSettings};
    use roomsign::microsoft::link::Microsoft;
    fake.pair_state_dir(dir);
    let config = roomsign::config::Config::parse(
        &format!("{}\n", fake.config_table()),
        std::path::Path::new("test.toml"),
    )
    .expect("config");
    let mut microsoft = Microsoft::new(
        config.microsoft.clone().unwrap(),
        dir,
        Some("room-4.12@contoso.com".to_owned()),
    );
    microsoft.configured_name = true;
    let microsoft = Arc::new(microsoft);
    let room = Room {
        name: "Room 4.12".to_owned(),
        mailbox: Some("room-4.12@contoso.com".to_owned()),
    };
    let calendar: Arc<dyn CalendarSource> = Arc::new(GraphCalendar::new(
        microsoft.clone(),
        Arc::new(SystemClock),
        chrono_tz::UTC,
        StdDuration::from_secs(1),
    ));
    let mut first = engine::cached_snapshot(calendar.as_ref(), room.clone());
    first.source = Source::Graph;
    let (tx, rx) = std::sync::mpsc::channel();
    let handle = engine::spawn(
        Some(calendar),
        Some(microsoft),
        Arc::new(SystemClock),
        EngineSettings {
            room,
            policy: Default::default(),
            tz: chrono_tz::Tz::UTC,
            booking_subject: "Booked at the door".to_owned(),
            allow_end_early: true,
            allow_extend: true,
            poll_every: StdDuration::from_secs(1),
            state_dir: None,
        },
        first,
        move |n| {
            let _ = tx.send(n);
        },
    )
    .expect("engine");
    (handle, rx)
}

#[test]
fn the_live_panel_with_its_sign_in_refused_asks_rarely_and_says_why() {
    use roomsign::core::{Link, Refusal};
    let fake = FakeMicrosoft::start();
    fake.with(|s| s.token_refusal = Some(TokenRefusal::mfa()));
    let dir = tempfile::tempdir().unwrap();
    let (handle, _rx) = running_panel(&fake, dir.path());
    let started = std::time::Instant::now();
    let mut said_why = None;
    while started.elapsed() < StdDuration::from_secs(25) {
        std::thread::sleep(StdDuration::from_millis(250));
        if let Link::SignInRefused { refusal, .. } = handle.snapshot().link {
            said_why.get_or_insert((refusal, started.elapsed()));
        }
    }
    let requests = fake.token_requests();
    // 5 s, then 10 s, then 20 s (each up to a quarter longer): three or four in 25 s, where
    // asking once a second would be 25.
    assert!(requests <= 4, "{requests} token requests in 25 s");
    let (refusal, after) = said_why.expect("the reason is shown");
    assert_eq!(refusal, Refusal::MfaRequired);
    assert!(after < StdDuration::from_secs(5), "shown within {after:?}");
    let snapshot = handle.snapshot();
    let problem = snapshot.link.problem().expect("a problem for the admin");
    assert_eq!(problem.code, "mfa_required");
    assert!(problem.what.contains("AADSTS50076"), "{problem:?}");
    let view = roomsign::core::view::panel_view(
        chrono::Utc::now(),
        &snapshot,
        &Default::default(),
        &Default::default(),
    );
    let shown = view.problem.expect("the Problem screen");
    assert!(shown.fix.contains("Conditional Access"), "{shown:?}");
    assert!(
        dir.path().join("sign-in.json").exists(),
        "the sign-in is kept"
    );
}

#[test]
fn a_panel_refused_then_accepted_recovers_by_itself() {
    use roomsign::core::Link;
    let fake = FakeMicrosoft::start();
    fake.with(|s| s.token_refusal = Some(TokenRefusal::not_oauth()));
    let dir = tempfile::tempdir().unwrap();
    let (handle, _rx) = running_panel(&fake, dir.path());
    let wait_for = |what: &str, ok: &dyn Fn(&roomsign::core::Snapshot) -> bool| {
        let deadline = std::time::Instant::now() + StdDuration::from_secs(15);
        while std::time::Instant::now() < deadline {
            if ok(&handle.snapshot()) {
                return;
            }
            std::thread::sleep(StdDuration::from_millis(100));
        }
        panic!("{what}: {:?}", handle.snapshot());
    };
    wait_for("refused", &|s| matches!(s.link, Link::SignInRefused { .. }));
    fake.with(|s| s.token_refusal = None);
    wait_for("signed in again and read", &|s| {
        matches!(s.link, Link::SignedIn { .. }) && s.last_sync.is_some()
    });
}

#[test]
fn after_a_read_the_link_says_why_the_sign_in_was_refused_for_status_and_doctor() {
    use roomsign::calendar::{graph::GraphCalendar, CalendarSource};
    use roomsign::core::{Link, Refusal};
    use roomsign::microsoft::link::Microsoft;
    let fake = FakeMicrosoft::start();
    let dir = tempfile::tempdir().unwrap();
    fake.pair_state_dir(dir.path());
    fake.with(|s| s.token_refusal = Some(TokenRefusal::mfa()));
    let config = roomsign::config::Config::parse(
        &format!("{}\n", fake.config_table()),
        std::path::Path::new("test.toml"),
    )
    .expect("config");
    let microsoft = Arc::new(Microsoft::new(
        config.microsoft.clone().unwrap(),
        dir.path(),
        Some("room-4.12@contoso.com".to_owned()),
    ));
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    assert!(matches!(
        microsoft.current_link(clock.clone()),
        Link::SignedIn { .. }
    ));
    let calendar = GraphCalendar::new(
        microsoft.clone(),
        clock.clone(),
        chrono_tz::UTC,
        StdDuration::from_secs(60),
    );
    let now = Utc::now();
    block_on(calendar.read(now, now + Duration::hours(1))).expect_err("refused");
    match microsoft.current_link(clock) {
        Link::SignInRefused {
            refusal, detail, ..
        } => {
            assert_eq!(refusal, Refusal::MfaRequired);
            assert!(detail.contains("AADSTS50076"), "{detail}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(fake.token_requests(), 1);
}

#[test]
fn an_app_token_refused_by_a_policy_or_throttled_is_asked_for_rarely() {
    for refusal in [
        TokenRefusal::throttled("30"),
        TokenRefusal::oauth(
            400,
            "invalid_request",
            53003,
            "Access has been blocked by Conditional Access policies.",
        ),
    ] {
        let fake = FakeMicrosoft::start();
        fake.with(|s| s.token_refusal = Some(refusal.clone()));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("client-secret");
        std::fs::write(&path, fake.with(|s| s.client_secret.clone())).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        let clock = Arc::new(ManualClock(Mutex::new(Utc::now())));
        let identity =
            ClientSecretIdentity::from_file(oauth(&fake), &path, clock.clone()).expect("secret");
        for _ in 0..600 {
            block_on(identity.token()).expect_err("refused");
            *clock.0.lock().unwrap() += Duration::seconds(1);
        }
        let requests = fake.token_requests();
        assert!((2..=10).contains(&requests), "{requests} for {refusal:?}");
        assert!(identity.health().failure.is_some());
        fake.with(|s| s.token_refusal = None);
        *clock.0.lock().unwrap() += Duration::minutes(31);
        block_on(identity.token()).expect("accepted again");
        assert!(identity.health().failure.is_none());
    }
}

/// A panel paired by device code in a tenant that then blocks the flow: the refresh is refused
/// (AADSTS530036), and so is the new code it asks for (AADSTS530035). The Pairing screen says so
/// in plain words with the line for a phone that says "blocked", the problem has its code, and
/// the panel asks once, then waits for a tap.
#[test]
fn the_live_panel_whose_device_code_flow_is_blocked_later_says_why_and_stops_asking() {
    use roomsign::core::{Link, Refusal};
    let fake = FakeMicrosoft::start();
    fake.with(|s| {
        s.token_refusal = Some(TokenRefusal::protocol_tracked());
        s.device_code_refusal = Some(TokenRefusal::device_code_blocked());
    });
    let dir = tempfile::tempdir().unwrap();
    let (handle, _rx) = running_panel(&fake, dir.path());
    let started = std::time::Instant::now();
    let mut seen = None;
    while started.elapsed() < StdDuration::from_secs(8) {
        std::thread::sleep(StdDuration::from_millis(250));
        if let Link::NotPaired {
            refusal: Some(r), ..
        } = handle.snapshot().link
        {
            seen.get_or_insert(r);
        }
    }
    assert_eq!(seen, Some(Refusal::DeviceCodeBlocked));
    let snapshot = handle.snapshot();
    let problem = snapshot.link.problem().expect("a problem");
    assert_eq!(problem.code, "device_code_blocked", "{problem:?}");
    assert!(problem.fix.contains("security group"), "{problem:?}");
    let view = roomsign::core::view::panel_view(
        chrono::Utc::now(),
        &snapshot,
        &Default::default(),
        &Default::default(),
    );
    let note = view.pairing.expect("the Pairing screen").note;
    assert!(note.contains("blocks signing in with a code"), "{note}");
    assert!(note.contains("Device code sign-in blocked"), "{note}");
    assert!(!note.contains("AADSTS"), "plain words at the door: {note}");
    assert!(fake.token_requests() <= 2, "{}", fake.token_requests());
    assert_eq!(fake.requests("/devicecode").len(), 1, "asked once");
    assert!(!dir.path().join("sign-in.json").exists());
}

/// A panel switched off past Microsoft's 90 days: its refresh is refused once (AADSTS700082),
/// the sign-in is removed and a new code is shown with a plain sentence saying why.
#[test]
fn the_live_panel_back_after_ninety_days_asks_once_and_shows_a_new_code_with_why() {
    use roomsign::core::Link;
    let fake = FakeMicrosoft::start();
    fake.with(|s| s.token_refusal = Some(TokenRefusal::unused_too_long()));
    fake.script(vec![PollAnswer::Pending]);
    let dir = tempfile::tempdir().unwrap();
    let (handle, _rx) = running_panel(&fake, dir.path());
    let started = std::time::Instant::now();
    let mut note = None;
    while started.elapsed() < StdDuration::from_secs(8) && note.is_none() {
        std::thread::sleep(StdDuration::from_millis(250));
        if let Link::Pairing(p) = handle.snapshot().link {
            note = Some(english(&p.note));
        }
    }
    let note = note.expect("a new code");
    assert!(note.contains("not used for 90 days"), "{note}");
    assert!(!note.contains("AADSTS"), "plain words at the door: {note}");
    assert_eq!(
        fake.token_requests(),
        1,
        "the dead refresh token is tried once"
    );
}

/// A policy met when the phone signs in (the poll answers AADSTS53003): pairing stops with the
/// code and the fix, and polls no more.
#[test]
fn pairing_refused_at_the_poll_by_policy_stops_with_the_code() {
    let fake = FakeMicrosoft::start();
    fake.with(|s| s.poll_refusal = Some(TokenRefusal::blocked()));
    let store = MemoryTokenStore::new(None);
    let (result, _) = run_pairing(&fake, &store, fast());
    let err = result.expect_err("refused");
    let PairingError::Auth(auth) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        auth.ended_because().map(|r| r.code()),
        Some("device_code_blocked")
    );
    let polls = fake
        .requests("/token")
        .iter()
        .filter(|r| {
            r.form
                .get("grant_type")
                .is_some_and(|g| g.ends_with("device_code"))
        })
        .count();
    assert_eq!(polls, 1, "no polling after a refusal");
    assert!(store.load().is_none());
}

/// Why the panel is not paired, as the Pairing screen says it in English.
fn english(trouble: &Option<LinkTrouble>) -> String {
    trouble
        .as_ref()
        .map(|t| t.words(roomsign::core::Language::English))
        .unwrap_or_default()
}
