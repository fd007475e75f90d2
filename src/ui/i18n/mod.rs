//! Every string the element shows or announces, in English, French, German, Spanish,
//! Italian and Dutch, chosen by the `lang` attribute (falling back to English).
//!
//! The keys are in `messages.rs`; the words are in one file per language, each an
//! exhaustive `match`, so a message no language may lack fails to compile until it has
//! words everywhere. A new language is a file here, a [`Lang`] and its tag in
//! [`Lang::parse`]; nothing in the UI hard-codes text.

mod de;
mod en;
mod es;
mod format;
mod fr;
mod it;
pub mod messages;
mod nl;

pub use messages::{Announcement, Msg, PlaceMsg};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Fr,
    De,
    Es,
    It,
    Nl,
}

impl Lang {
    pub const ALL: [Lang; 6] = [Lang::En, Lang::Fr, Lang::De, Lang::Es, Lang::It, Lang::Nl];

    /// The BCP 47 tag for the `lang` attribute (screen readers pick their voice by it).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::De => "de",
            Lang::Es => "es",
            Lang::It => "it",
            Lang::Nl => "nl",
        }
    }

    /// `fr`, `fr-CA`, `FR` → French; anything unknown → English.
    pub fn parse(tag: Option<&str>) -> Lang {
        let primary = tag.unwrap_or("").trim().to_ascii_lowercase();
        let primary = primary.split(['-', '_']).next().unwrap_or("");
        Lang::ALL.into_iter().find(|l| l.code() == primary).unwrap_or(Lang::En)
    }
}

/// A message of the drop zone, the card or the live region, in `lang`.
pub fn t(lang: Lang, msg: Msg) -> String {
    match lang {
        Lang::En => en::text(msg),
        Lang::Fr => fr::text(msg),
        Lang::De => de::text(msg),
        Lang::Es => es::text(msg),
        Lang::It => it::text(msg),
        Lang::Nl => nl::text(msg),
    }
}

/// A message of the sign-in and the pickers, in `lang`.
pub fn tp(lang: Lang, msg: PlaceMsg) -> String {
    match lang {
        Lang::En => en::place(msg),
        Lang::Fr => fr::place(msg),
        Lang::De => de::place(msg),
        Lang::Es => es::place(msg),
        Lang::It => it::place(msg),
        Lang::Nl => nl::place(msg),
    }
}

#[cfg(test)]
mod tests;
