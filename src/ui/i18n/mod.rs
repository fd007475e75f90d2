//! Every string the element shows or announces, in English, French, German, Spanish,
//! Italian and Dutch, chosen by the `lang` attribute (falling back to English).
//!
//! The keys are in `crate::text` (below the engine and the item, which name what they say
//! without words); the words are here: English compiled in (`en.rs`), every other language
//! a text in `lang/` that only a page in that language fetches (`catalogue.rs` says why and
//! how). Tests check that every language has every template, in key order, with the
//! English one's arguments. A new language is a file in `lang/`, a [`Lang`], its tag in
//! [`Lang::parse`] and its line in [`bundled::source`]; nothing in the UI hard-codes text.

#[macro_use]
pub mod keys;
pub mod bundled;
pub mod catalogue;
mod en;
pub mod error_keys;
mod errors;
mod errors_s3;
mod format;
mod labels;

pub use errors::{english, problems, say};

use crate::page::signals::Said;
pub use crate::text::{Announcement, Lang, Msg, PlaceMsg};

/// A message of the drop zone, the card or the live region, in `lang`.
pub fn t(lang: Lang, msg: Msg) -> String {
    catalogue::words(lang).card(msg)
}

/// A message of the sign-in and the pickers, in `lang`.
pub fn tp(lang: Lang, msg: PlaceMsg) -> String {
    catalogue::words(lang).place(msg)
}

/// What the polite live region says.
pub fn said(lang: Lang, said: &Said) -> String {
    match said {
        Said::File { name, what } => announce(lang, name, what),
        Said::UploadTo(folder) => format!("{}: {folder}", tp(lang, PlaceMsg::UploadTo)),
        Said::AddingTo(session) => format!("{}: {session}", tp(lang, PlaceMsg::AddingTo)),
        Said::SignedIn => tp(lang, PlaceMsg::SignedIn),
        Said::ChooseFolderFirst => tp(lang, PlaceMsg::ChooseFolderFirst),
    }
}

/// What the live region says of the file `name`.
pub fn announce(lang: Lang, name: &str, a: &Announcement) -> String {
    let arg = match a {
        Announcement::Milestone(p) => p.to_string(),
        Announcement::Failed(e) => say(lang, e),
        _ => String::new(),
    };
    catalogue::words(lang).announce(name, a, &arg)
}

#[cfg(test)]
mod error_tests;
#[cfg(test)]
mod tests;
