//! Pairing from the command line and on the panel's screen, against the local stand-in for
//! Microsoft 365: `roomsign pair`, `doctor`, `unpair`, the Pairing screen's QR code, and no
//! secret in any output.

use fake_microsoft::{FakeMicrosoft, PollAnswer};

use crate::support::{stderr, stdout, Sandbox};

fn configured(sandbox: &Sandbox, fake: &FakeMicrosoft) -> String {
    let table = fake.config_table();
    sandbox
        .file(
            "config.toml",
            &format!(
                "[room]\nname = \"Room 4.12\"\nmailbox = \"room-4.12@contoso.com\"\n\n{table}"
            ),
        )
        .to_str()
        .unwrap()
        .to_owned()
}

#[test]
fn pair_then_doctor_then_unpair() {
    let s = Sandbox::new();
    let fake = FakeMicrosoft::start();
    fake.script(vec![PollAnswer::Pending, PollAnswer::Grant]);
    let config = configured(&s, &fake);
    let state = s.path("state");
    let state = state.to_str().unwrap();

    let out = s.roomsign(&["pair", "--config", &config, "--state-dir", state]);
    let text = stdout(&out);
    assert!(out.status.success(), "pair: {text}{}", stderr(&out));
    assert!(text.contains("https://microsoft.com/devicelogin"), "{text}");
    // Exactly as Microsoft issued it: people type what they see.
    assert!(text.contains("AB01CDEF"), "the code as issued: {text}");
    assert!(!text.contains("AB01-CDEF"), "no characters added: {text}");
    assert!(
        text.contains('█') || text.contains('▀'),
        "a QR code drawn in blocks: {text}"
    );
    assert!(
        text.contains("Paired as Room Sign (roomsign@contoso.com)"),
        "{text}"
    );

    // The sign-in is stored for this user only.
    use std::os::unix::fs::PermissionsExt;
    let file = s.path("state/sign-in.json");
    let mode = std::fs::metadata(&file)
        .expect("stored")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600, "sign-in file mode {mode:o}");

    let out = s.roomsign(&["doctor", "--config", &config, "--state-dir", state]);
    let text = stdout(&out);
    assert!(out.status.success(), "doctor: {text}{}", stderr(&out));
    assert!(
        text.contains("✓ Microsoft Graph") && text.contains("signed in as Room Sign"),
        "{text}"
    );

    let out = s.roomsign(&["unpair", "--config", &config, "--state-dir", state]);
    assert!(out.status.success());
    assert!(!file.exists(), "unpair removes the sign-in");

    let out = s.roomsign(&["doctor", "--config", &config, "--state-dir", state]);
    assert!(!out.status.success(), "doctor fails when not paired");
    assert!(stdout(&out).contains("✗ credentials"), "{}", stdout(&out));
    assert!(stdout(&out).contains("roomsign pair"), "says what to do");
}

#[test]
fn a_declined_sign_in_makes_pair_fail_with_the_reason() {
    let s = Sandbox::new();
    let fake = FakeMicrosoft::start();
    fake.script(vec![PollAnswer::Declined]);
    let config = configured(&s, &fake);
    let state = s.path("state");
    let out = s.roomsign(&[
        "pair",
        "--config",
        &config,
        "--state-dir",
        state.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("declined"), "{}", stderr(&out));
    assert!(!s.path("state/sign-in.json").exists());
}

#[test]
fn pair_refuses_a_verification_url_that_is_not_https_and_prints_no_control_characters() {
    let s = Sandbox::new();
    let fake = FakeMicrosoft::start();
    fake.with(|st| {
        st.device_answer.insert(
            "verification_uri".to_owned(),
            serde_json::json!("http://evil.example/devicelogin\u{1b}]0;owned\u{7}"),
        );
    });
    let config = configured(&s, &fake);
    let state = s.path("state");
    let out = s.roomsign(&[
        "pair",
        "--config",
        &config,
        "--state-dir",
        state.to_str().unwrap(),
    ]);
    let all = format!("{}{}", stdout(&out), stderr(&out));
    assert!(!out.status.success(), "{all}");
    assert!(!all.contains("evil.example/devicelogin\u{1b}"), "{all}");
    assert!(!all.contains('\u{1b}') && !all.contains('\u{7}'), "{all:?}");
    assert!(all.contains("not https"), "says why: {all}");
    assert!(!s.path("state/sign-in.json").exists());

    // A user code with escape sequences is shown without them, and huge numbers are clamped.
    let fake = FakeMicrosoft::start();
    fake.script(vec![PollAnswer::Grant]);
    fake.with(|st| {
        st.device_answer.insert(
            "user_code".to_owned(),
            serde_json::json!("\u{1b}[2JFQK5HW3UF\r"),
        );
        st.device_answer
            .insert("expires_in".to_owned(), serde_json::json!(1e300));
        st.device_answer
            .insert("interval".to_owned(), serde_json::json!("0.5"));
    });
    let config = configured(&s, &fake);
    let out = s.roomsign(&[
        "pair",
        "--config",
        &config,
        "--state-dir",
        state.to_str().unwrap(),
    ]);
    let text = stdout(&out);
    assert!(out.status.success(), "{text}{}", stderr(&out));
    assert!(text.contains("Enter the code [2JFQK5HW3UF"), "{text:?}");
    assert!(!text.contains('\u{1b}') && !text.contains('\r'), "{text:?}");
}

#[test]
fn the_pairing_screen_shows_a_scannable_qr_code_and_the_code() {
    let s = Sandbox::new();
    let fake = FakeMicrosoft::start();
    let config = configured(&s, &fake);
    let state = s.path("state");
    let png = s.path("pairing.png");
    let out = s.roomsign(&[
        "screenshot",
        "--config",
        &config,
        "--state-dir",
        state.to_str().unwrap(),
        "--screen",
        "pairing",
        "--size",
        "800x480",
        "--out",
        png.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let (w, h, _) = crate::support::read_png(&png);
    assert_eq!((w, h), (800, 480));
    let decoded = std::process::Command::new("zbarimg")
        .args(["--quiet", "--raw"])
        .arg(&png)
        .output()
        .expect("zbarimg (Debian's zbar-tools) decodes QR codes; scripts/test installs it");
    let text = String::from_utf8_lossy(&decoded.stdout);
    assert_eq!(
        text.trim(),
        "https://microsoft.com/devicelogin",
        "QR decodes to the URL"
    );
    assert_eq!(
        fake.requests("/devicecode").len(),
        1,
        "one code was asked for"
    );
}

#[test]
fn an_unpaired_panel_starts_on_the_pairing_screen_and_status_says_not_paired_is_unknown() {
    let s = Sandbox::new();
    let fake = FakeMicrosoft::start();
    let config = configured(&s, &fake);
    let state = s.path("state");
    let out = s.roomsign(&[
        "status",
        "--json",
        "--config",
        &config,
        "--state-dir",
        state.to_str().unwrap(),
        "--now",
        "2026-11-23T09:00:00Z",
    ]);
    // Unknown because the panel is not paired: exit status 1, and the problem named.
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["state"], "unknown", "no calendar, no claim");
    assert_eq!(v["source"], "none", "nothing was read");
    assert_eq!(v["problem"]["code"], "not_paired");
    assert_eq!(v["room"]["name"], "Room 4.12");
}

#[test]
fn no_secret_reaches_any_output_even_with_full_logging() {
    let s = Sandbox::new();
    let fake = FakeMicrosoft::start();
    fake.script(vec![
        PollAnswer::Pending,
        PollAnswer::SlowDown,
        PollAnswer::Grant,
    ]);
    let config = configured(&s, &fake);
    let state = s.path("state");
    let state = state.to_str().unwrap();
    let mut seen = String::new();
    for args in [
        vec!["pair", "--config", &config, "--state-dir", state],
        vec!["doctor", "--config", &config, "--state-dir", state],
        vec!["status", "--config", &config, "--state-dir", state],
    ] {
        let out = s
            .command(&args)
            .env("ROOMSIGN_LOG", "trace")
            .output()
            .expect("run");
        seen.push_str(&stdout(&out));
        seen.push_str(&stderr(&out));
    }
    assert!(seen.contains("Paired as"), "the run did pair: {seen}");
    for secret in fake.secrets() {
        assert!(
            !seen.contains(&secret),
            "secret {secret} reached the output"
        );
    }
}

#[test]
fn app_only_mode_refuses_a_world_readable_secret_and_pair_explains_it_is_not_needed() {
    let s = Sandbox::new();
    let fake = FakeMicrosoft::start();
    let secret = s.file("client-secret", "s3cr3t-value~from-entra\n");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o644)).unwrap();
    let config = s.file(
        "app.toml",
        &format!(
            "[room]\nmailbox = \"room-4.12@contoso.com\"\n\n{}auth = \"client-secret\"\nclient_secret_file = \"{}\"\nbooking_account = \"roomsign@contoso.com\"\n",
            fake.config_table(),
            secret.display()
        ),
    );
    let config = config.to_str().unwrap();
    let out = s.roomsign(&["doctor", "--config", config]);
    assert!(!out.status.success());
    assert!(stdout(&out).contains("chmod 600"), "{}", stdout(&out));

    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = s.roomsign(&["doctor", "--config", config]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    assert!(
        stdout(&out).contains("✓ booking account"),
        "{}",
        stdout(&out)
    );

    let out = s.roomsign(&["pair", "--config", config]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("needs no pairing"),
        "{}",
        stderr(&out)
    );
}

/// `doctor` before pairing asks for a device code (never polls it): a tenant that blocks the
/// flow is named with its code, the room account and Microsoft's exception group; one that
/// allows it is a ✓.
#[test]
fn doctor_tells_before_pairing_whether_the_tenant_allows_device_codes() {
    let s = Sandbox::new();
    let fake = FakeMicrosoft::start();
    let config = configured(&s, &fake);
    let state = s.path("state");
    let state = state.to_str().unwrap();

    let out = s.roomsign(&["doctor", "--config", &config, "--state-dir", state]);
    let text = stdout(&out);
    let line = text
        .lines()
        .find(|l| l.contains("device code sign-in"))
        .unwrap_or_else(|| panic!("a pre-flight line: {text}"));
    assert!(line.contains('✓'), "{line}");
    assert_eq!(fake.requests("/devicecode").len(), 1);

    fake.with(|st| {
        st.device_code_refusal = Some(fake_microsoft::TokenRefusal::device_code_blocked())
    });
    let out = s.roomsign(&["doctor", "--config", &config, "--state-dir", state]);
    let text = stdout(&out);
    assert!(!out.status.success(), "{text}");
    let line = text
        .lines()
        .find(|l| l.contains("device code sign-in"))
        .unwrap_or_else(|| panic!("a pre-flight line: {text}"));
    assert!(line.contains('✗'), "{line}");
    assert!(line.contains("device_code_blocked"), "{line}");
    assert!(line.contains("room-4.12@contoso.com"), "{line}");
    assert!(line.contains("security group"), "{line}");
    assert!(line.contains("AADSTS530035"), "{line}");
    assert!(line.contains("Device code sign-in blocked"), "{line}");
    // Never polled: nobody can be signed in by a pre-flight.
    assert!(fake.requests("/token").is_empty());
    assert_eq!(fake.requests("/devicecode").len(), 2);
    assert!(!s.path("state/sign-in.json").exists());
}

/// `roomsign pair` in a tenant that blocks the device code flow stops at once with the words
/// and the fix, and asks no more.
#[test]
fn pair_in_a_tenant_that_blocks_device_codes_says_so_and_stops() {
    let s = Sandbox::new();
    let fake = FakeMicrosoft::start();
    fake.with(|st| {
        st.device_code_refusal = Some(fake_microsoft::TokenRefusal::device_code_blocked())
    });
    let config = configured(&s, &fake);
    let state = s.path("state");
    let state = state.to_str().unwrap();
    let out = s.roomsign(&["pair", "--config", &config, "--state-dir", state]);
    let text = format!("{}{}", stdout(&out), stderr(&out));
    assert!(!out.status.success(), "{text}");
    assert!(text.contains("AADSTS530035"), "{text}");
    assert!(text.contains("device_code_blocked"), "{text}");
    assert!(text.contains("security group"), "{text}");
    assert_eq!(fake.requests("/devicecode").len(), 1, "{text}");
    assert!(fake.requests("/token").is_empty());
}
