//! The panel's languages: which one a person reads, the words of each (Fluent catalogues in
//! `crates/core/locales`, compiled into the binary) and dates and times as each locale writes
//! them (CLDR, through ICU4X). Pure: the catalogues are `include_str!`ed, parsed once.

use std::cell::RefCell;
use std::sync::OnceLock;

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use chrono_tz::Tz;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::FluentResource;

use crate::time::ClockFormat;

/// A language the panel speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Language {
    #[default]
    English,
    German,
    French,
    Spanish,
}

impl Language {
    /// Every language, English first.
    pub const ALL: [Language; 4] = [
        Language::English,
        Language::German,
        Language::French,
        Language::Spanish,
    ];

    /// The ISO 639-1 code: "en", "de", "fr", "es".
    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::German => "de",
            Language::French => "fr",
            Language::Spanish => "es",
        }
    }

    /// The language's name in itself: "Deutsch".
    pub fn native_name(self) -> &'static str {
        match self {
            Language::English => "English",
            Language::German => "Deutsch",
            Language::French => "Français",
            Language::Spanish => "Español",
        }
    }

    /// From an ISO 639-1 code, any case.
    pub fn from_code(code: &str) -> Option<Language> {
        Language::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(code))
    }

    fn index(self) -> usize {
        match self {
            Language::English => 0,
            Language::German => 1,
            Language::French => 2,
            Language::Spanish => 3,
        }
    }

    /// The catalogue of this language, as written (`crates/core/locales/<code>.ftl`).
    pub fn catalogue(self) -> &'static str {
        CATALOGUES[self.index()]
    }
}

/// A country or region: two upper-case ASCII letters ("AT", "US").
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Region([u8; 2]);

impl Region {
    /// From two ASCII letters, any case.
    pub fn parse(code: &str) -> Option<Region> {
        match code.as_bytes() {
            [a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
                Some(Region([a.to_ascii_uppercase(), b.to_ascii_uppercase()]))
            }
            _ => None,
        }
    }

    pub fn as_str(&self) -> &str {
        // Two ASCII letters by construction.
        std::str::from_utf8(&self.0).unwrap_or("ZZ")
    }
}

impl std::fmt::Debug for Region {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A language and, where it matters for dates and times, a region ("de-AT", "en-US").
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Locale {
    pub language: Language,
    pub region: Option<Region>,
}

impl Locale {
    pub fn new(language: Language) -> Locale {
        Locale {
            language,
            region: None,
        }
    }

    /// From a BCP 47 tag or a POSIX locale name, any case: "de", "de-AT", "de_AT.UTF-8",
    /// "de_AT.utf8@euro". `None` for a language the panel does not speak, "C", "POSIX" and
    /// anything else.
    pub fn parse(text: &str) -> Option<Locale> {
        // POSIX: language[_territory][.codeset][@modifier].
        let name = text.trim();
        let name = name.split(['.', '@']).next().unwrap_or_default();
        let mut parts = name.split(['-', '_']);
        let language = Language::from_code(parts.next()?)?;
        let region = match parts.next() {
            None => None,
            Some(region) => Some(Region::parse(region)?),
        };
        if parts.next().is_some() {
            return None;
        }
        Some(Locale { language, region })
    }

    /// The BCP 47 tag: "de-AT", "en".
    pub fn tag(&self) -> String {
        match self.region {
            Some(region) => format!("{}-{}", self.language.code(), region.as_str()),
            None => self.language.code().to_owned(),
        }
    }

    /// The clock the locale uses, from CLDR's hour cycle: 12-hour in en-US, 24-hour in de, fr,
    /// es and en-GB. A bare "en" (formatted as CLDR's "en-001", international English, whose
    /// patterns are 12-hour) keeps the panel's 24-hour clock: English without a country is
    /// mostly read outside the US.
    pub fn default_clock(&self) -> ClockFormat {
        if self.language == Language::English && self.region.is_none() {
            return ClockFormat::H24;
        }
        // CLDR's preferred hour cycle, read off the way the locale writes 13:00.
        let afternoon = format_time(self, None, 13, 0);
        if afternoon.contains("13") {
            ClockFormat::H24
        } else {
            ClockFormat::H12
        }
    }

    /// The tag ICU formats with: a bare "en" is "en-001" (not CLDR's root English, which is
    /// American).
    fn icu_tag(&self) -> String {
        match (self.language, self.region) {
            (Language::English, None) => "en-001".to_owned(),
            _ => self.tag(),
        }
    }
}

const CATALOGUES: [&str; 4] = [
    include_str!("../locales/en.ftl"),
    include_str!("../locales/de.ftl"),
    include_str!("../locales/fr.ftl"),
    include_str!("../locales/es.ftl"),
];

/// The bundle of `language`, parsed the first time it is asked for: a panel that speaks one
/// language never parses the others (English is parsed too, as the fall-back).
fn bundle_of(language: Language) -> &'static FluentBundle<FluentResource> {
    static BUNDLES: [OnceLock<FluentBundle<FluentResource>>; 4] = [const { OnceLock::new() }; 4];
    BUNDLES[language.index()].get_or_init(|| bundle(language))
}

fn bundle(language: Language) -> FluentBundle<FluentResource> {
    let id: unic_langid::LanguageIdentifier = language
        .code()
        .parse()
        .unwrap_or_else(|_| unic_langid::LanguageIdentifier::default());
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // The panel's fonts would show Unicode's isolation marks as boxes.
    bundle.set_use_isolating(false);
    // Spanish says "a la 1:30" but "a las 3:30": the article of a time, by its hour.
    let _ = bundle.add_function("HOUR_ARTICLE", |args, _| {
        let one = match args.first() {
            Some(fluent_bundle::FluentValue::String(time)) => hour_is_one(time),
            _ => false,
        };
        fluent_bundle::FluentValue::from(if one { "la" } else { "las" })
    });
    // A catalogue with a syntax error keeps the messages it could read (the rest falls back to
    // English); the catalogue tests fail on it.
    let resource = match FluentResource::try_new(language.catalogue().to_owned()) {
        Ok(resource) => resource,
        Err((resource, errors)) => {
            note_errors(errors.iter().map(|e| format!("{}: {e}", language.code())));
            resource
        }
    };
    if let Err(errors) = bundle.add_resource(resource) {
        note_errors(errors.iter().map(|e| format!("{}: {e}", language.code())));
    }
    bundle
}

/// Whether a time as written ("1:30 p. m.", "01:30", "13:30") is in the hour one.
fn hour_is_one(time: &str) -> bool {
    let digits: String = time
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse::<u32>() == Ok(1)
}

/// How many formatting errors are kept for [`take_errors`].
const MAX_ERRORS: usize = 64;

thread_local! {
    static ERRORS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

fn note_errors(errors: impl Iterator<Item = String>) {
    ERRORS.with(|kept| {
        let mut kept = kept.borrow_mut();
        for error in errors {
            if kept.len() < MAX_ERRORS {
                kept.push(error);
            }
        }
    });
}

/// The words' formatting errors on this thread since the last call (a message missing in every
/// language, a variable not given): the tests fail on any. The words themselves never fail: a
/// message missing in a language is taken from English, one missing everywhere shows its id.
pub fn take_errors() -> Vec<String> {
    ERRORS.with(|kept| std::mem::take(&mut *kept.borrow_mut()))
}

/// Whether the catalogue of `language` has the message `id`.
pub fn has_message(language: Language, id: &str) -> bool {
    bundle_of(language).has_message(id)
}

/// The message `id` in `language` (English where that language lacks it) with `args`. Use the
/// [`tr!`](crate::tr) macro: the catalogue tests find the ids it is given.
pub fn text(language: Language, id: &str, args: Option<&FluentArgs<'_>>) -> String {
    let found = [language, Language::English]
        .into_iter()
        .map(|l| (l, bundle_of(l)))
        .find_map(|(l, b)| Some((l, b, b.get_message(id)?.value()?)));
    let Some((found_in, bundle, pattern)) = found else {
        note_errors(std::iter::once(format!(
            "{}: no message {id}",
            language.code()
        )));
        return id.to_owned();
    };
    if found_in != language {
        note_errors(std::iter::once(format!(
            "{}: {id} taken from English",
            language.code()
        )));
    }
    let mut errors = Vec::new();
    let words = bundle
        .format_pattern(pattern, args, &mut errors)
        .into_owned();
    note_errors(
        errors
            .iter()
            .map(|e| format!("{}: {id}: {e}", found_in.code())),
    );
    words
}

/// The words of message `id` in a language, with named arguments:
/// `tr!(language, "booked-until", time = clock)`. The id is a literal, so the catalogue tests can
/// check every id the code uses.
#[macro_export]
macro_rules! tr {
    ($language:expr, $id:literal) => {
        $crate::language::text($language, $id, None)
    };
    ($language:expr, $id:literal, $($name:ident = $value:expr),+ $(,)?) => {{
        let mut args = $crate::language::FluentArgs::new();
        $( args.set(stringify!($name), $value); )+
        $crate::language::text($language, $id, Some(&args))
    }};
}

pub use fluent_bundle::FluentArgs;

// Dates and times, from CLDR through ICU4X (Gregorian data only).

use icu_calendar::{Date, Gregorian};
use icu_datetime::fieldsets;
use icu_datetime::preferences::HourCycle;
use icu_datetime::{
    DateTimeFormatterPreferences, FixedCalendarDateTimeFormatter, NoCalendarFormatter,
};

fn prefs(locale: &Locale, clock: Option<ClockFormat>) -> DateTimeFormatterPreferences {
    let parsed = icu_locale_core::Locale::try_from_str(&locale.icu_tag())
        .unwrap_or(icu_locale_core::Locale::UNKNOWN);
    let mut prefs = DateTimeFormatterPreferences::from(&parsed);
    prefs.hour_cycle = clock.map(|c| match c {
        ClockFormat::H24 => HourCycle::H23,
        ClockFormat::H12 => HourCycle::H12,
    });
    prefs
}

/// CLDR writes a narrow no-break space (U+202F) before "AM"/"PM": one plain space on the panel,
/// as before (the words wrap as whole lines anyway).
fn plain_spaces(words: String) -> String {
    if words.contains('\u{202f}') {
        words.replace('\u{202f}', " ")
    } else {
        words
    }
}

fn format_time(locale: &Locale, clock: Option<ClockFormat>, hour: u32, minute: u32) -> String {
    let time = icu_time::Time::try_new(
        u8::try_from(hour).unwrap_or(0),
        u8::try_from(minute).unwrap_or(0),
        0,
        0,
    )
    .unwrap_or(icu_time::Time::start_of_day());
    match NoCalendarFormatter::try_new(prefs(locale, clock), fieldsets::T::hm()) {
        Ok(formatter) => plain_spaces(formatter.format(&time).to_string()),
        // Compiled data has every locale's time patterns; kept as a safe fallback.
        Err(_) => format!("{hour:02}:{minute:02}"),
    }
}

/// An instant as a wall-clock time in `tz`, on `clock`, as `locale` writes it: "14:05",
/// "2:05 PM", "14 h 05" (fr-CA).
pub fn time_words(at: DateTime<Utc>, tz: Tz, clock: ClockFormat, locale: &Locale) -> String {
    let local = at.with_timezone(&tz);
    format_time(locale, Some(clock), local.hour(), local.minute())
}

fn gregorian(date: NaiveDate) -> Option<Date<Gregorian>> {
    Date::try_new_gregorian(
        date.year(),
        u8::try_from(date.month()).ok()?,
        u8::try_from(date.day()).ok()?,
    )
    .ok()
}

/// A date through a Gregorian formatter of these fields, or `None` (a year out of range).
macro_rules! format_date {
    ($date:expr, $locale:expr, $fields:expr) => {
        gregorian($date).and_then(|date| {
            FixedCalendarDateTimeFormatter::<Gregorian, _>::try_new(prefs($locale, None), $fields)
                .ok()
                .map(|formatter| plain_spaces(formatter.format(&date).to_string()))
        })
    };
}

/// The Home screen's date line: "Monday 23 November", "Montag, 23. November",
/// "lundi 23 novembre", "lunes, 23 de noviembre", "Monday, November 23" (en-US).
pub fn date_words(date: NaiveDate, locale: &Locale) -> String {
    format_date!(date, locale, fieldsets::MDE::long()).unwrap_or_else(|| date.to_string())
}

/// A weekday, short: "Tue", "Di.", "mar.", "mar".
pub fn weekday_words(date: NaiveDate, locale: &Locale) -> String {
    format_date!(date, locale, fieldsets::E::short()).unwrap_or_else(|| date.to_string())
}

/// A day, short: "Mon 9 Mar", "Mo., 9. März", "lun. 9 mars", "lun, 9 mar".
pub fn short_date_words(date: NaiveDate, locale: &Locale) -> String {
    format_date!(date, locale, fieldsets::MDE::medium()).unwrap_or_else(|| date.to_string())
}
