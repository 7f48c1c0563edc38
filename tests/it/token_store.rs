//! The sign-in on disk: mode 0600, replaced atomically, and never left unreadable — not by a
//! crash between write and rename, nor by killing the process at any moment of a write.

use std::process::Command;
use std::time::Duration as StdDuration;

use chrono::Utc;
use roomsign::microsoft::identity::store::{
    FileTokenStore, StoredSignIn, TokenStore, SIGN_IN_VERSION,
};
use roomsign::persist;
use roomsign::secret::Secret;

fn sign_in(n: u64) -> StoredSignIn {
    StoredSignIn {
        version: SIGN_IN_VERSION,
        tenant: "contoso.onmicrosoft.com".to_owned(),
        client_id: "11111111-2222-3333-4444-555555555555".to_owned(),
        account: None,
        // Large enough that a write takes more than one syscall.
        refresh_token: Secret::new(format!("rt-{n}-{}", "x".repeat(64 * 1024))),
        access_token: Some(Secret::new(format!("at-{n}"))),
        expires_at: Some(Utc::now()),
        paired_at: Utc::now(),
        refreshed_at: None,
    }
}

#[test]
fn the_file_is_private_and_round_trips() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let store = FileTokenStore::new(&dir.path().join("state"));
    assert_eq!(store.load(), None, "nothing stored: not paired");
    let first = sign_in(1);
    store.save(&first).unwrap();
    let mode = std::fs::metadata(store.path())
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    let dir_mode = std::fs::metadata(dir.path().join("state"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(dir_mode & 0o077, 0, "the state directory is private too");
    assert_eq!(store.load(), Some(first));
    store.clear().unwrap();
    assert_eq!(store.load(), None);
    store.clear().unwrap(); // clearing twice is fine
}

#[test]
fn a_damaged_or_foreign_file_means_not_paired() {
    let dir = tempfile::tempdir().unwrap();
    let store = FileTokenStore::new(dir.path());
    for junk in ["", "{", "{\"version\": 1}", "\u{0}\u{1}binary", "[1,2,3]"] {
        std::fs::write(store.path(), junk).unwrap();
        assert_eq!(store.load(), None, "{junk:?} reads as not paired");
    }
    let mut other = sign_in(1);
    other.version = 99;
    std::fs::write(store.path(), serde_json::to_string(&other).unwrap()).unwrap();
    assert_eq!(
        store.load(),
        None,
        "another format version reads as not paired"
    );
}

#[test]
fn a_crash_before_the_rename_leaves_the_old_sign_in() {
    let dir = tempfile::tempdir().unwrap();
    let store = FileTokenStore::new(dir.path());
    store.save(&sign_in(1)).unwrap();
    // What a crash mid-write leaves: a half-written temporary file beside the real one.
    let half = serde_json::to_string(&sign_in(2)).unwrap();
    std::fs::write(
        dir.path().join(".sign-in.json.12345.tmp"),
        &half[..half.len() / 2],
    )
    .unwrap();
    let loaded = store.load().expect("the old sign-in is intact");
    assert!(loaded.refresh_token.expose().starts_with("rt-1-"));
}

/// Run by the test below in a child process: writes sign-ins as fast as it can until killed.
#[test]
#[ignore = "helper: run by killing_the_writer_never_leaves_an_unreadable_store"]
fn writer_loop_child() {
    let Some(path) = std::env::var_os("ROOMSIGN_STORE_TEST_DIR") else {
        return;
    };
    let store = FileTokenStore::new(std::path::Path::new(&path));
    for n in 2.. {
        store.save(&sign_in(n)).unwrap();
    }
}

#[test]
fn killing_the_writer_never_leaves_an_unreadable_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = FileTokenStore::new(dir.path());
    store.save(&sign_in(1)).unwrap();
    let mut rewritten = 0;
    for round in 0..15u64 {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--ignored",
                "--exact",
                "token_store::writer_loop_child",
                "--nocapture",
            ])
            .env("ROOMSIGN_STORE_TEST_DIR", dir.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("child");
        // Let it get into its writing loop, then kill it at an arbitrary point.
        std::thread::sleep(StdDuration::from_millis(60 + (round * 37) % 90));
        child.kill().expect("SIGKILL");
        child.wait().unwrap();
        let loaded = store.load();
        assert!(
            loaded.is_some(),
            "round {round}: the store is readable after a kill"
        );
        let token = loaded.unwrap().refresh_token;
        assert!(
            token.expose().starts_with("rt-"),
            "round {round}: a whole token"
        );
        if !token.expose().starts_with("rt-1-") {
            rewritten += 1;
        }
    }
    assert!(
        rewritten > 0,
        "the killed writer did write (else this test proves nothing)"
    );
}

#[test]
fn state_files_are_replaced_whole_only() {
    let dir = tempfile::tempdir().unwrap();
    for file in persist::ALL {
        persist::write(dir.path(), file, b"first").unwrap();
        persist::write(dir.path(), file, b"second, longer").unwrap();
        assert_eq!(
            std::fs::read(persist::path(dir.path(), file)).unwrap(),
            b"second, longer"
        );
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary files left behind");
}

/// `f` on another thread, or `None` when it has not returned within `within` (a read that
/// hangs on a FIFO or grows without bound on a device).
fn within<T: Send + 'static>(
    within: StdDuration,
    f: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(within).ok()
}

#[test]
fn a_symlink_planted_at_the_temp_name_is_never_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim");
    std::fs::write(&victim, "precious").unwrap();
    // The names a writer might pick: with this process's id, and others.
    for pid in [std::process::id(), 1, 123, 12345] {
        std::os::unix::fs::symlink(&victim, dir.path().join(format!(".sign-in.json.{pid}.tmp")))
            .unwrap();
    }
    let store = FileTokenStore::new(dir.path());
    store.save(&sign_in(1)).unwrap();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert!(store.load().is_some());
}

#[test]
fn a_symlink_at_the_sign_in_is_neither_read_nor_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let victim = elsewhere.path().join("sign-in.json");
    FileTokenStore::new(elsewhere.path())
        .save(&sign_in(7))
        .unwrap();
    let before = std::fs::read(&victim).unwrap();
    let store = FileTokenStore::new(dir.path());
    std::os::unix::fs::symlink(&victim, store.path()).unwrap();
    assert_eq!(store.load(), None, "a symlink is not a sign-in");
    store.save(&sign_in(1)).unwrap();
    assert_eq!(
        std::fs::read(&victim).unwrap(),
        before,
        "the target is not written"
    );
    assert!(std::fs::symlink_metadata(store.path())
        .unwrap()
        .file_type()
        .is_file());
}

#[test]
fn a_fifo_at_the_sign_in_reads_as_not_paired_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = FileTokenStore::new(dir.path());
    let made = Command::new("mkfifo").arg(store.path()).status().unwrap();
    assert!(made.success());
    let loaded = within(StdDuration::from_secs(3), move || store.load());
    assert_eq!(loaded, Some(None), "not paired, and no hang");
}

/// The process's peak resident memory. The kernel reports max(recorded peak, resident now), and
/// the recorded peak is only brought up to date now and then, so two readings may go down while
/// other tests free memory: compare them with `saturating_sub`.
fn peak_memory_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

#[test]
fn a_huge_or_endless_sign_in_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let store = FileTokenStore::new(dir.path());
    let sparse = std::fs::File::create(store.path()).unwrap();
    sparse.set_len(1 << 30).unwrap();
    drop(sparse);
    let before = peak_memory_kib();
    let loaded = within(StdDuration::from_secs(5), {
        let store = store.clone();
        move || store.load()
    });
    assert_eq!(loaded, Some(None));
    assert!(
        peak_memory_kib().saturating_sub(before) < 64 * 1024,
        "a 1 GiB file is not read into memory"
    );
    std::fs::remove_file(store.path()).unwrap();
    std::os::unix::fs::symlink("/dev/zero", store.path()).unwrap();
    let loaded = within(StdDuration::from_secs(5), move || store.load());
    assert_eq!(
        loaded,
        Some(None),
        "a symlink to /dev/zero is refused at once"
    );
}

#[test]
fn a_failed_write_returns_its_error_and_keeps_the_stored_sign_in() {
    let dir = tempfile::tempdir().unwrap();
    let store = FileTokenStore::new(dir.path());
    store.save(&sign_in(1)).unwrap();
    // A directory where the temp file would go cannot be created: make the state directory a
    // file's child instead (works as root, where modes do not stop writes).
    let blocked = FileTokenStore::new(&store.path().join("sub"));
    assert!(blocked.save(&sign_in(2)).is_err());
    assert!(store
        .load()
        .unwrap()
        .refresh_token
        .expose()
        .starts_with("rt-1-"));
}

/// A state directory as a kill between temp file and rename leaves it: the sign-in (copied in
/// with mode 0644) and a temp file holding a refresh token.
fn interrupted_state_dir() -> tempfile::TempDir {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let store = FileTokenStore::new(dir.path());
    store.save(&sign_in(1)).unwrap();
    std::fs::set_permissions(store.path(), std::fs::Permissions::from_mode(0o644)).unwrap();
    let left = serde_json::to_string(&sign_in(2)).unwrap();
    std::fs::write(dir.path().join(".sign-in.json.123.tmp"), &left).unwrap();
    std::fs::write(dir.path().join(".schedule.json.4567.tmp"), "{").unwrap();
    dir
}

fn roomsign(state: &std::path::Path, args: &[&str]) -> Command {
    let home = state.join("home");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_roomsign"));
    cmd.arg("--state-dir")
        .arg(state)
        .args(args)
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env_remove("ROOMSIGN_CONFIG")
        .env_remove("STATE_DIRECTORY")
        .env_remove("INVOCATION_ID")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    cmd
}

fn temp_files(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

#[test]
fn unpair_removes_the_sign_in_and_temp_files_left_by_a_kill() {
    let dir = interrupted_state_dir();
    let status = roomsign(dir.path(), &["--demo", "unpair"])
        .status()
        .unwrap();
    assert!(status.success());
    assert!(!dir.path().join("sign-in.json").exists());
    assert_eq!(temp_files(dir.path()), Vec::<String>::new());
}

#[test]
fn the_panel_cleans_its_state_directory_at_start() {
    use std::os::unix::fs::PermissionsExt;
    let dir = interrupted_state_dir();
    // Where no display is found the panel stops at once; where one is, it runs until killed.
    let mut child = roomsign(dir.path(), &["--demo", "run"]).spawn().unwrap();
    let deadline = std::time::Instant::now() + StdDuration::from_secs(20);
    while !temp_files(dir.path()).is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(StdDuration::from_millis(50));
    }
    let _ = child.kill();
    child.wait().unwrap();
    assert_eq!(temp_files(dir.path()), Vec::<String>::new());
    let mode = std::fs::metadata(dir.path().join("sign-in.json"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600, "a readable sign-in is made private");
    let store = FileTokenStore::new(dir.path());
    assert!(store
        .load()
        .unwrap()
        .refresh_token
        .expose()
        .starts_with("rt-1-"));
}

mod any_content {
    use proptest::prelude::*;
    use roomsign::calendar::door::DoorBookings;
    use roomsign::engine::CheckInRecord;
    use roomsign::microsoft::identity::store::{FileTokenStore, TokenStore};

    /// Text a damaged or hostile state file may hold: noise, or JSON of the right shape with
    /// extreme values.
    fn content() -> impl Strategy<Value = Vec<u8>> {
        let time = prop_oneof![
            Just("\"+262142-12-31T23:59:59Z\"".to_owned()),
            Just("\"-262143-01-01T00:00:00Z\"".to_owned()),
            Just("\"2026-11-23T09:00:00Z\"".to_owned()),
            Just("null".to_owned()),
            any::<i64>().prop_map(|n| n.to_string()),
            "\"[ -~]{0,12}\"",
        ];
        prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..200),
            (time.clone(), time.clone()).prop_map(|(a, b)| format!(
                r#"[{{"event_id":"e","ical_uid":"i","room":"r","start":{a},"end":{b}}}]"#
            )
            .into_bytes()),
            (time.clone(), time).prop_map(|(a, b)| format!(
                r#"{{"version":1,"tenant":"t","client_id":"c","account":null,"refresh_token":"r","access_token":null,"expires_at":{a},"paired_at":{b}}}"#
            )
            .into_bytes()),
            "[ -~]{0,40}".prop_map(|s| format!(
                r#"{{"checked_in":["{s}"],"released":[],"email":"{s}","name":"{s}"}}"#
            )
            .into_bytes()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]
        #[test]
        fn no_state_file_content_makes_a_loader_panic(bytes in content()) {
            let dir = tempfile::tempdir().unwrap();
            for name in ["sign-in.json", "door-bookings.json", "check-ins.json", "room.json"] {
                std::fs::write(dir.path().join(name), &bytes).unwrap();
            }
            let _ = FileTokenStore::new(dir.path()).load();
            let _ = CheckInRecord::load(dir.path());
            let _ = roomsign::microsoft::link::stored_room(dir.path());
            let door = DoorBookings::new(dir.path());
            for b in door.load() {
                // Times from the file are in range: arithmetic on them cannot overflow.
                let _ = b.end + chrono::Duration::days(3650);
                let _ = b.start - chrono::Duration::days(3650);
            }
            door.remove("e");
        }
    }
}
