//! The words of the sign-in and of the folder and session pickers: their keys and the
//! function that says them, from the catalogue in [`super::i18n`] (one file per language,
//! with every other message), kept at this path for the files that use them.

pub use super::i18n::{tp, PlaceMsg};
