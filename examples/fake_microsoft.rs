//! Starts the local stand-in for Microsoft's identity platform and Graph (the one the tests
//! use) for a manual run of the real code path:
//!
//! ```sh
//! cargo run --example fake_microsoft            # prints a [microsoft] table to paste
//! roomsign --config that.toml                   # the panel shows a code; it is approved
//! ```
//!
//! Every device code is approved after a few polls, as if someone signed in on a phone. The
//! room `room-4.12@contoso.com` has a few meetings around now; type `add` and Enter to add a
//! meeting starting in 5 minutes (as if booked in Outlook), `down` / `up` to take the service
//! away and bring it back.

use fake_microsoft::{event, with, FakeMicrosoft, PollAnswer};

const ROOM: &str = "room-4.12@contoso.com";

fn minutes_from_now(m: i64) -> String {
    let t = chrono::Utc::now() + chrono::Duration::minutes(m);
    t.format("%Y-%m-%dT%H:%M").to_string()
}

fn main() {
    let fake = FakeMicrosoft::start();
    for _ in 0..1000 {
        fake.script(vec![
            PollAnswer::Pending,
            PollAnswer::Pending,
            PollAnswer::Pending,
            PollAnswer::Pending,
            PollAnswer::Grant,
        ]);
    }
    fake.with(|s| s.device_interval = 3);
    fake.put_event(
        ROOM,
        event(
            "now",
            "Design review",
            "Ada Lovelace",
            &minutes_from_now(-20),
            &minutes_from_now(25),
        ),
    );
    fake.put_event(
        ROOM,
        with(
            event(
                "private",
                "Salary talk",
                "Grace Hopper",
                &minutes_from_now(60),
                &minutes_from_now(90),
            ),
            &[("sensitivity", serde_json::json!("private"))],
        ),
    );
    fake.put_event(
        ROOM,
        event(
            "later",
            "Alan Turing",
            "Alan Turing",
            &minutes_from_now(150),
            &minutes_from_now(210),
        ),
    );
    println!("Stand-in for Microsoft 365 listening on {}", fake.base);
    println!("Paste this into a configuration file:\n");
    println!("[room]\nmailbox = \"{ROOM}\"\n\n{}", fake.config_table());
    println!("Device codes are approved after four polls. Commands: add, down, up. Ctrl-C stops.");
    let mut added = 0;
    for line in std::io::stdin().lines() {
        match line.as_deref().map(str::trim) {
            Ok("add") => {
                added += 1;
                fake.put_event(
                    ROOM,
                    event(
                        &format!("added{added}"),
                        "Walk-in from Outlook",
                        "Katherine Johnson",
                        &minutes_from_now(5),
                        &minutes_from_now(35),
                    ),
                );
                println!("added a meeting in 5 minutes");
            }
            Ok("down") => fake.with(|s| s.down = true),
            Ok("up") => fake.with(|s| s.down = false),
            Ok(_) => {}
            Err(_) => break,
        }
    }
    loop {
        std::thread::park();
    }
}
