//! Placeholder of the languages module (replaced by the catalogue work).

use crate::view::ClockFormat;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Language {
    #[default]
    English,
    German,
    French,
    Spanish,
}

impl Language {
    pub const ALL: [Language; 4] = [
        Language::English,
        Language::German,
        Language::French,
        Language::Spanish,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::German => "de",
            Language::French => "fr",
            Language::Spanish => "es",
        }
    }
    pub fn native_name(self) -> &'static str {
        match self {
            Language::English => "English",
            Language::German => "Deutsch",
            Language::French => "Français",
            Language::Spanish => "Español",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Locale {
    pub language: Language,
    pub region: Option<[u8; 2]>,
}

impl Locale {
    pub fn parse(tag: &str) -> Option<Locale> {
        let tag = tag.split(['.', '@']).next()?;
        let mut parts = tag.split(['-', '_']);
        let lang = parts.next()?.to_ascii_lowercase();
        let language = Language::ALL.into_iter().find(|l| l.code() == lang)?;
        let region = match parts.next() {
            None => None,
            Some(r) if r.len() == 2 && r.bytes().all(|b| b.is_ascii_alphabetic()) => {
                let b = r.to_ascii_uppercase().into_bytes();
                Some([b[0], b[1]])
            }
            Some(_) => return None,
        };
        if parts.next().is_some() {
            return None;
        }
        Some(Locale { language, region })
    }
    pub fn tag(&self) -> String {
        match self.region {
            Some(r) => format!("{}-{}{}", self.language.code(), r[0] as char, r[1] as char),
            None => self.language.code().to_owned(),
        }
    }
    pub fn default_clock(&self) -> ClockFormat {
        if self.language == Language::English && self.region == Some(*b"US") {
            ClockFormat::H12
        } else {
            ClockFormat::H24
        }
    }
}
