//! What the element says, without its words: the message keys (an enum per kind of text,
//! with its arguments) and the languages. Everything above names a key — the engine for an
//! error, the item for an announcement, the page model for a problem — and only the
//! catalogue (`ui/i18n`, one file per language) turns keys into words, in the element's
//! `lang`. So no layer below the view writes a sentence, and a test can check that every
//! key has words in every language.

mod error;
mod keys;

pub use error::{ErrorText, HostFunction, HostTrouble, PandaStep, PandaTrouble, Problem, SignInTrouble, Step};
pub use keys::{Announcement, Msg, PlaceMsg};

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
