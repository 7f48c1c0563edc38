//! WCAG AA for every text on the panel: each pair of text and ground colour the pages draw,
//! taken from ui/theme.slint itself (so the test follows the theme), must reach 4.5:1; free and
//! busy must differ in lightness, not only in hue, also as a deuteranope sees them.

use std::collections::HashMap;

/// The theme's colour tokens: `out property <color> name: #rrggbb;`.
fn theme() -> HashMap<String, [f64; 3]> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/ui/theme.slint");
    let text = std::fs::read_to_string(path).expect("ui/theme.slint");
    let mut colours = HashMap::new();
    for line in text.lines() {
        let Some(rest) = line.trim().strip_prefix("out property <color> ") else {
            continue;
        };
        let (name, value) = rest.split_once(':').expect("name: value");
        let hex = value.trim().trim_end_matches(';').trim_start_matches('#');
        assert_eq!(hex.len(), 6, "{name}: an opaque #rrggbb colour");
        let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex") as f64;
        colours.insert(name.trim().to_owned(), [channel(0), channel(2), channel(4)]);
    }
    colours
}

fn linear(c: f64) -> f64 {
    let c = c / 255.0;
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

fn luminance([r, g, b]: [f64; 3]) -> f64 {
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

fn ratio(a: [f64; 3], b: [f64; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// A colour as a deuteranope sees it (Machado, Oliveira and Fernandes 2009, severity 1), back
/// in sRGB.
fn deuteranope([r, g, b]: [f64; 3]) -> [f64; 3] {
    let (r, g, b) = (linear(r), linear(g), linear(b));
    let m = [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ];
    let encode = |v: f64| {
        let v = v.clamp(0.0, 1.0);
        255.0
            * if v <= 0.0031308 {
                v * 12.92
            } else {
                1.055 * v.powf(1.0 / 2.4) - 0.055
            }
    };
    m.map(|row| encode(row[0] * r + row[1] * g + row[2] * b))
}

/// Every text the pages draw, by the theme's tokens: (what, text, ground).
const PAIRS: &[(&str, &str, &str)] = &[
    ("body text on the page", "text", "background"),
    ("body text on cards and sheets", "text", "surface"),
    ("chip words", "text", "surface-raised"),
    ("muted text on the page", "text-muted", "background"),
    (
        "muted text on cards (agenda, sheet)",
        "text-muted",
        "surface",
    ),
    ("muted text on a chip", "text-muted", "surface-raised"),
    ("disabled button on a sheet", "disabled-text", "surface"),
    ("disabled button on the page", "disabled-text", "background"),
    (
        "hero: free (headline, meeting, organizer, time)",
        "ink-dark",
        "free",
    ),
    ("hero: starting soon", "ink-dark", "soon"),
    ("hero: busy (organizer and time too)", "ink-light", "busy"),
    ("hero: check in", "ink-dark", "check-in"),
    ("hero: unknown", "ink-light", "unknown"),
    ("a filled button on the hero: free", "free", "ink-dark"),
    ("a filled button on the hero: busy", "busy", "ink-light"),
    ("Book 30 min (filled, free)", "ink-dark", "free"),
    ("the selected chip", "ink-dark", "free"),
    ("the strong offline notice", "ink-dark", "warning"),
    ("the quiet offline notice", "text", "surface-raised"),
    ("a failure's mark and words", "danger", "surface"),
    ("a warning on the page", "warning", "background"),
    ("a filled light button", "background", "text"),
];

#[test]
fn every_text_of_the_theme_meets_wcag_aa() {
    let theme = theme();
    let colour = |name: &str| {
        *theme
            .get(name)
            .unwrap_or_else(|| panic!("no colour {name}"))
    };
    let mut table = String::from("| text | ground | ratio | what |\n|---|---|---|---|\n");
    let mut failing = Vec::new();
    for &(what, text, ground) in PAIRS {
        let r = ratio(colour(text), colour(ground));
        table.push_str(&format!("| {text} | {ground} | {r:.2}:1 | {what} |\n"));
        if r < 4.5 {
            failing.push(format!("{what}: {text} on {ground} is {r:.2}:1"));
        }
    }
    println!("{table}");
    assert!(failing.is_empty(), "under 4.5:1:\n{}", failing.join("\n"));
}

#[test]
fn free_and_busy_differ_in_lightness_not_only_in_hue() {
    let theme = theme();
    let (free, busy) = (theme["free"], theme["busy"]);
    let seen = ratio(free, busy);
    let deuteranope = ratio(deuteranope(free), deuteranope(busy));
    println!("free/busy: {seen:.2}:1, for a deuteranope {deuteranope:.2}:1");
    assert!(seen >= 2.0, "free and busy are {seen:.2}:1 apart");
    assert!(
        deuteranope >= 2.0,
        "for a deuteranope free and busy are {deuteranope:.2}:1 apart"
    );
}
