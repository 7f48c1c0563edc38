//! The configuration loader against arbitrary and mutated files: it never panics, and every
//! error names the file.

use std::path::Path;

use proptest::prelude::*;
use roomsign::config::Config;

const EXAMPLE: &str = include_str!("../../config.example.toml");

/// The example with its commented keys and tables written out, so every table is exercised.
fn uncommented() -> String {
    EXAMPLE
        .lines()
        .map(|l| match l.strip_prefix("# ") {
            Some(rest) if is_table(rest) || is_key(rest) => rest,
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_table(line: &str) -> bool {
    line.starts_with('[')
        && line.ends_with(']')
        && line[1..line.len() - 1]
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '.')
}

fn is_key(line: &str) -> bool {
    line.split_once(" = ").is_some_and(|(k, _)| {
        !k.is_empty() && k.chars().all(|c| c.is_ascii_lowercase() || c == '_')
    })
}

/// Values that have broken parsers elsewhere: extremes, signs, floats, odd text.
fn odd_value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("9223372036854775807".to_owned()),
        Just("-9223372036854775808".to_owned()),
        Just("99999999999999999999999".to_owned()),
        Just("0".to_owned()),
        Just("-1".to_owned()),
        Just("1e308".to_owned()),
        Just("nan".to_owned()),
        Just("inf".to_owned()),
        Just("\"\"".to_owned()),
        Just("[]".to_owned()),
        Just("{}".to_owned()),
        Just("\"00:00-00:00\"".to_owned()),
        Just("\"24:00-25:61\"".to_owned()),
        Just("\"\u{e9}\u{1F600}\"".to_owned()),
        any::<i64>().prop_map(|n| n.to_string()),
        "\"[ -~]{0,12}\"",
    ]
}

#[derive(Debug, Clone)]
enum Mutation {
    /// Replace the value of the n-th `key = value` line.
    Value(prop::sample::Index, String),
    /// Delete the n-th line.
    Delete(prop::sample::Index),
    /// Duplicate the n-th line.
    Duplicate(prop::sample::Index),
    /// Insert text at a byte position (at a char boundary).
    Insert(prop::sample::Index, String),
    /// Cut the file at a byte position.
    Truncate(prop::sample::Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<prop::sample::Index>(), odd_value()).prop_map(|(i, v)| Mutation::Value(i, v)),
        1 => any::<prop::sample::Index>().prop_map(Mutation::Delete),
        1 => any::<prop::sample::Index>().prop_map(Mutation::Duplicate),
        2 => (any::<prop::sample::Index>(), "[\\[\\]=\"'#\n a-z0-9.\u{e9}\u{0}]{1,8}")
            .prop_map(|(i, t)| Mutation::Insert(i, t)),
        1 => any::<prop::sample::Index>().prop_map(Mutation::Truncate),
    ]
}

fn apply(text: &str, m: &Mutation) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let floor = |mut at: usize| {
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    match m {
        Mutation::Value(i, value) => {
            let keyed: Vec<usize> = (0..lines.len())
                .filter(|n| !lines[*n].starts_with('#') && lines[*n].contains(" = "))
                .collect();
            if !keyed.is_empty() {
                let n = keyed[i.index(keyed.len())];
                let key = lines[n].split(" = ").next().unwrap_or("").to_owned();
                lines[n] = format!("{key} = {value}");
            }
            lines.join("\n")
        }
        Mutation::Delete(i) if !lines.is_empty() => {
            lines.remove(i.index(lines.len()));
            lines.join("\n")
        }
        Mutation::Duplicate(i) if !lines.is_empty() => {
            let n = i.index(lines.len());
            lines.insert(n, lines[n].clone());
            lines.join("\n")
        }
        Mutation::Insert(i, t) => {
            let at = floor(i.index(text.len() + 1));
            format!("{}{t}{}", &text[..at], &text[at..])
        }
        Mutation::Truncate(i) => text[..floor(i.index(text.len() + 1))].to_owned(),
        _ => text.to_owned(),
    }
}

fn check(text: &str) -> Result<(), TestCaseError> {
    let path = Path::new("/etc/roomsign/mutated.toml");
    if let Err(err) = Config::parse(text, path) {
        let words = err.to_string();
        prop_assert!(
            words.starts_with("/etc/roomsign/mutated.toml"),
            "the error names the file: {}",
            words
        );
        prop_assert!(!err.message.is_empty());
    } else if let Ok(config) = Config::parse(text, path) {
        // Whatever was accepted is usable: the derived settings are total.
        let _ = config.policy();
        let _ = config.view_settings(chrono_tz::Tz::UTC, None);
        let _ = config.screen_hours();
        let _ = config.leds.driver();
        prop_assert!(config.booking.min_minutes.0 <= config.booking.max_minutes.0);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Mutations of the example (values, lines, inserted and cut text) never panic the loader,
    /// and every error names the file.
    #[test]
    fn mutated_example_configurations_never_panic(
        uncomment in any::<bool>(),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let mut text = if uncomment { uncommented() } else { EXAMPLE.to_owned() };
        for m in &mutations {
            text = apply(&text, m);
        }
        check(&text)?;
    }

    /// Arbitrary bytes: not UTF-8 is an error with a line, never a panic.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let path = Path::new("/etc/roomsign/bytes.toml");
        match Config::text(bytes, path) {
            Ok(text) => check(&text)?,
            Err(err) => {
                prop_assert!(err.line.is_some());
                prop_assert!(err.to_string().starts_with("/etc/roomsign/bytes.toml:"));
            }
        }
    }
}

#[test]
fn the_example_and_its_written_out_form_are_valid() {
    let path = Path::new("config.example.toml");
    Config::parse(EXAMPLE, path).expect("the example is valid");
    Config::parse(&uncommented(), path).expect("the example with every key written is valid");
}
