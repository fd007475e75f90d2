//! A word of the element in its language, as the view shows it: [`says`] makes every fixed
//! label the same closure type. Why: each `move || …` in a view is a type of its own, and
//! tachys compiles its reactive rendering (build, rebuild, the render effect) once per type —
//! the release profile counted 116 copies, 61 KB. Labels whose words only follow `lang` need
//! one copy between them.

use super::i18n::{t, tp};
use crate::page::config::Config;
use crate::text::{Msg, PlaceMsg};
use leptos::prelude::*;

/// A fixed message of the card or the picker.
#[derive(Clone, Debug, PartialEq)]
pub enum Words {
    Card(Msg<'static>),
    Place(PlaceMsg<'static>),
}

impl From<Msg<'static>> for Words {
    fn from(m: Msg<'static>) -> Self {
        Words::Card(m)
    }
}

impl From<PlaceMsg<'static>> for Words {
    fn from(m: PlaceMsg<'static>) -> Self {
        Words::Place(m)
    }
}

/// `words` in the element's language, following it.
pub fn says(
    config: ReadSignal<Config>,
    words: impl Into<Words>,
) -> impl Fn() -> String + Clone + Send + Sync + 'static {
    let words = words.into();
    move || {
        let lang = config.with(|c| c.lang);
        match &words {
            Words::Card(m) => t(lang, m.clone()),
            Words::Place(m) => tp(lang, *m),
        }
    }
}
