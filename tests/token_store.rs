//! The sign-in on disk: mode 0600, replaced atomically, and never left unreadable — not by a
//! crash between write and rename, nor by killing the process at any moment of a write.

use std::process::Command;
use std::time::Duration as StdDuration;

use chrono::Utc;
use roomsign::identity::store::{
    write_atomically, FileTokenStore, StoredSignIn, TokenStore, SIGN_IN_VERSION,
};
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
            .args(["--ignored", "--exact", "writer_loop_child", "--nocapture"])
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
fn write_atomically_replaces_whole_files_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f");
    write_atomically(&path, b"first").unwrap();
    write_atomically(&path, b"second, longer").unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"second, longer");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary files left behind");
}
