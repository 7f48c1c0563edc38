//! Starts the local stand-in for Microsoft's identity platform and Graph (the one the tests
//! use) for a manual run of the real code path:
//!
//! ```sh
//! cargo run --example fake_microsoft            # prints a [microsoft] table to paste
//! roomsign --config that.toml                   # the panel shows a code; it is approved
//! ```
//!
//! Every device code is approved after a few polls, as if someone signed in on a phone.

#[path = "../tests/fake_microsoft/mod.rs"]
mod fake_microsoft;

use fake_microsoft::{FakeMicrosoft, PollAnswer};

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
    println!("Stand-in for Microsoft 365 listening on {}", fake.base);
    println!("Paste this into a configuration file:\n");
    println!("{}", fake.config_table());
    println!("Device codes are approved after four polls. Ctrl-C stops.");
    loop {
        std::thread::park();
    }
}
