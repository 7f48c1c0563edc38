//! Certificate-based app-only sign-in (`auth = "certificate"`) against the stand-in, which
//! verifies each client assertion's signature with the certificate uploaded for the app:
//! `roomsign cert new` makes what is uploaded, `status` reads the room with it, a certificate
//! that is not the uploaded one, an expired one and a key that does not belong to it are
//! refused with words that say what to do.

use std::path::{Path, PathBuf};

use chrono::{Duration, Utc};
use fake_microsoft::{event, FakeMicrosoft};
use serde_json::Value;

use crate::support::{stderr, stdout, Sandbox};

const ROOM: &str = "room-4.12@contoso.com";

/// `roomsign cert new` into `dir`: (key, cer, stdout).
fn cert_new(s: &Sandbox, dir: &Path, days: &str) -> (PathBuf, PathBuf, String) {
    std::fs::create_dir_all(dir).unwrap();
    let out = s.roomsign(&[
        "cert",
        "new",
        "--out",
        dir.to_str().unwrap(),
        "--days",
        days,
        "--name",
        "Room 4.12 panel",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    (
        dir.join("roomsign.key"),
        dir.join("roomsign.cer"),
        stdout(&out),
    )
}

fn config(s: &Sandbox, fake: &FakeMicrosoft, cer: &Path, key: &Path) -> String {
    let path = s.file(
        "app.toml",
        &format!(
            "[room]\nmailbox = \"{ROOM}\"\n\n{}auth = \"certificate\"\ncertificate_file = \"{}\"\nprivate_key_file = \"{}\"\nbooking_account = \"roomsign@contoso.com\"\n",
            fake.config_table(),
            cer.display(),
            key.display()
        ),
    );
    path.to_str().unwrap().to_owned()
}

/// `status --json` on the real clock (the stand-in checks assertions against it).
fn status(s: &Sandbox, config: &str) -> (Option<i32>, Value, String) {
    let state = s.path("state");
    let out = s
        .command(&[
            "status",
            "--json",
            "--config",
            config,
            "--state-dir",
            state.to_str().unwrap(),
        ])
        .env("ROOMSIGN_LOG", "trace")
        .output()
        .unwrap();
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("status JSON: {e}: {}", stderr(&out)));
    (out.status.code(), v, stderr(&out))
}

fn doctor(s: &Sandbox, config: &str) -> String {
    let state = s.path("state");
    stdout(&s.roomsign(&[
        "doctor",
        "--config",
        config,
        "--state-dir",
        state.to_str().unwrap(),
    ]))
}

fn meeting_now(fake: &FakeMicrosoft) {
    let at = |d: Duration| (Utc::now() + d).format("%Y-%m-%dT%H:%M").to_string();
    fake.put_event(
        ROOM,
        event(
            "now",
            "Design review",
            "Grace Hopper",
            &at(Duration::minutes(-10)),
            &at(Duration::minutes(50)),
        ),
    );
}

#[test]
fn cert_new_then_auth_certificate_reads_the_room_app_only() {
    use std::os::unix::fs::PermissionsExt;
    let s = Sandbox::new();
    let fake = FakeMicrosoft::start();
    meeting_now(&fake);
    let (key, cer, printed) = cert_new(&s, &s.path("cert"), "400");
    let mode = std::fs::metadata(&key).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "the key file's mode");
    let der = std::fs::read(&cer).unwrap();
    let facts = roomsign::microsoft::identity::certificate::read_facts(&cer).unwrap();
    assert!(printed.contains(&facts.thumbprint_sha1), "{printed}");
    assert!(printed.contains(&facts.thumbprint_sha256), "{printed}");
    assert!(printed.contains("Valid until"), "{printed}");
    assert!(facts.not_after > Utc::now() + Duration::days(399));

    // Made again without --force: the key is not replaced.
    let again = s.roomsign(&["cert", "new", "--out", s.path("cert").to_str().unwrap()]);
    assert!(!again.status.success());
    assert!(stderr(&again).contains("--force"), "{}", stderr(&again));
    assert_eq!(
        roomsign::microsoft::identity::certificate::read_facts(&cer).unwrap(),
        facts
    );

    fake.with(|st| st.certificates.push(der));
    let config = config(&s, &fake, &cer, &key);
    let (code, v, log) = status(&s, &config);
    assert_eq!(code, Some(0), "{v}\n{log}");
    assert_eq!(v["problem"], Value::Null, "{v}");
    assert_ne!(v["state"], "unknown", "{v}");
    assert!(v.to_string().contains("Design review"), "{v}");
    // The token came by a client assertion, not a secret.
    let tokens = fake.requests("/token");
    assert_eq!(tokens.len(), 1, "one token request");
    let form = &tokens[0].form;
    assert_eq!(
        form.get("client_assertion_type").map(String::as_str),
        Some("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
    );
    assert!(form.get("client_secret").is_none());
    // No assertion nor token in the log, even at trace level.
    for secret in fake.secrets() {
        assert!(!log.contains(&secret), "a secret reached the log");
    }
    let text = doctor(&s, &config);
    assert!(text.contains("✓ certificate"), "{text}");
    assert!(text.contains(&facts.thumbprint_sha1), "{text}");
}

#[test]
fn a_certificate_other_than_the_uploaded_one_is_refused_in_words() {
    let s = Sandbox::new();
    let fake = FakeMicrosoft::start();
    meeting_now(&fake);
    let (_, uploaded, _) = cert_new(&s, &s.path("uploaded"), "365");
    let (key, cer, _) = cert_new(&s, &s.path("local"), "365");
    fake.with(|st| st.certificates.push(std::fs::read(&uploaded).unwrap()));
    let config = config(&s, &fake, &cer, &key);
    let (code, v, _) = status(&s, &config);
    assert_eq!(code, Some(1), "{v}");
    assert_eq!(v["problem"]["code"], "credentials_refused", "{v}");
    let words = v["problem"].to_string();
    assert!(words.contains("refused the app's certificate"), "{v}");
    assert!(words.contains("roomsign cert new"), "{v}");
    assert!(fake.token_requests() <= 3, "{}", fake.token_requests());
}

#[test]
fn an_expired_certificate_or_a_key_of_another_is_refused_before_asking() {
    use std::os::unix::fs::PermissionsExt;
    let s = Sandbox::new();
    let fake = FakeMicrosoft::start();
    let now = Utc::now();
    let old = roomsign::microsoft::identity::certificate::make(
        "Old panel",
        now - Duration::days(400),
        now - Duration::days(2),
    )
    .unwrap();
    let cer = s.path("old.cer");
    std::fs::write(&cer, &old.der).unwrap();
    let key = s.file("old.key", old.key_pem.expose());
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    fake.with(|st| st.certificates.push(old.der.clone()));
    let config_path = config(&s, &fake, &cer, &key);
    let (code, v, _) = status(&s, &config_path);
    assert_eq!(code, Some(1), "{v}");
    let words = v["problem"].to_string();
    assert!(words.contains("expired on"), "{v}");
    assert!(words.contains("roomsign cert new"), "{v}");
    assert_eq!(
        fake.token_requests(),
        0,
        "an expired certificate is not sent"
    );
    let text = doctor(&s, &config_path);
    assert!(text.contains("✗ certificate"), "{text}");
    assert!(text.contains("expired on"), "{text}");

    // A key that is not the certificate's.
    let (other_key, _, _) = cert_new(&s, &s.path("other"), "30");
    let (fresh_key, fresh_cer, _) = cert_new(&s, &s.path("fresh"), "30");
    let config_path = config(&s, &fake, &fresh_cer, &other_key);
    let (_, v, _) = status(&s, &config_path);
    assert!(v["problem"].to_string().contains("does not belong"), "{v}");
    // Within 30 days of its expiry: doctor warns.
    let config_path = config(&s, &fake, &fresh_cer, &fresh_key);
    let text = doctor(&s, &config_path);
    assert!(text.contains("within 30 days"), "{text}");

    // A key every user can read is refused, and nothing is sent.
    std::fs::set_permissions(&fresh_key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let before = fake.token_requests();
    let (_, v, _) = status(&s, &config_path);
    assert!(v["problem"].to_string().contains("chmod 600"), "{v}");
    assert_eq!(fake.token_requests(), before);
}

/// The stand-in checks what the panel cannot check for itself: an assertion signed with
/// another key, a certificate expired in Entra ID, a wrong audience, a lifetime over ten
/// minutes; each is refused as Microsoft refuses it, and the panel words the refusal.
#[test]
fn the_stand_in_refuses_bad_assertions_as_microsoft_does() {
    use roomsign::microsoft::client;
    use roomsign::microsoft::identity::certificate::make;
    use roomsign::microsoft::identity::oauth::{AuthError, OAuthClient};
    use roomsign::secret::Secret;

    let fake = FakeMicrosoft::start();
    let (tenant, client_id) = fake.with(|s| (s.tenant.clone(), s.client_id.clone()));
    let oauth = OAuthClient::new(
        client::http_client(),
        &fake.authority_url(),
        &tenant,
        &client_id,
    );
    let now = Utc::now();
    let uploaded = make(
        "Uploaded",
        now - Duration::days(1),
        now + Duration::days(90),
    )
    .unwrap();
    let other = make("Other", now - Duration::days(1), now + Duration::days(90)).unwrap();
    let expired = make("Expired", now - Duration::days(90), now - Duration::days(1)).unwrap();
    fake.with(|s| {
        s.certificates.push(uploaded.der.clone());
        s.certificates.push(expired.der.clone());
    });
    let x5t = |der: &[u8]| {
        use base64::Engine as _;
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(ring::digest::digest(&ring::digest::SHA256, der).as_ref())
    };
    let sign = |der: &[u8], key_pem: &str, aud: &str, lifetime: i64| {
        let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
        header.x5t_s256 = Some(x5t(der));
        let claims = serde_json::json!({
            "aud": aud, "iss": client_id, "sub": client_id, "jti": format!("{lifetime}{aud}"),
            "nbf": now.timestamp(), "iat": now.timestamp(), "exp": now.timestamp() + lifetime,
        });
        let key = jsonwebtoken::EncodingKey::from_rsa_pem(key_pem.as_bytes()).unwrap();
        Secret::new(jsonwebtoken::encode(&header, &claims, &key).unwrap())
    };
    let token_url = oauth.token_url();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let ask = |assertion: Secret| runtime.block_on(oauth.client_assertion(&assertion, now));

    // The right key: a token.
    let good = sign(&uploaded.der, uploaded.key_pem.expose(), &token_url, 300);
    assert!(ask(good).is_ok());
    // Another key under the uploaded certificate's name: an invalid signature.
    let forged = sign(&uploaded.der, other.key_pem.expose(), &token_url, 300);
    match ask(forged) {
        Err(AuthError::InvalidClient(words)) => {
            assert!(words.contains("refused the app's certificate"), "{words}");
            assert!(words.contains("AADSTS700027"), "{words}");
        }
        other => panic!("{other:?}"),
    }
    // A certificate never uploaded.
    let unknown = sign(&other.der, other.key_pem.expose(), &token_url, 300);
    assert!(
        matches!(ask(unknown), Err(AuthError::InvalidClient(w)) if w.contains("not registered"))
    );
    // The uploaded certificate has expired.
    let old = sign(&expired.der, expired.key_pem.expose(), &token_url, 300);
    assert!(matches!(ask(old), Err(AuthError::InvalidClient(w)) if w.contains("expired")));
    // Another audience; a lifetime over ten minutes.
    let elsewhere = sign(
        &uploaded.der,
        uploaded.key_pem.expose(),
        "https://example.com/token",
        300,
    );
    assert!(matches!(ask(elsewhere), Err(AuthError::InvalidClient(_))));
    let long = sign(&uploaded.der, uploaded.key_pem.expose(), &token_url, 3600);
    assert!(matches!(ask(long), Err(AuthError::InvalidClient(w)) if w.contains("AADSTS700024")));
}
