//! Every string the element shows or announces, in English, French, German, Spanish,
//! Italian and Dutch, chosen by the `lang` attribute (falling back to English).
//!
//! The keys are in `crate::text` (below the engine and the item, which name what they say
//! without words); the words are here, in one file per language, each an exhaustive
//! `match`, so a message no language may lack fails to compile until it has words
//! everywhere. A new language is a file here, a [`Lang`] and its tag in [`Lang::parse`];
//! nothing in the UI hard-codes text.

mod de;
mod en;
mod es;
mod format;
mod fr;
mod it;
mod nl;

pub use crate::text::{Announcement, Lang, Msg, PlaceMsg};

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
