//! Which words each language has: two texts of templates (`keys.rs`), looked up by [`Lang`]
//! in one place.

use super::keys::{template, Key, Label};
use super::{de, en, es, fr, it, nl};
use crate::text::Lang;

pub struct Words {
    /// The card's, the pickers' and the live region's templates, a line each in [`Label`]
    /// order.
    labels: &'static str,
    /// The error templates, a line each in [`Key`] order.
    pub errors: &'static str,
}

impl Words {
    pub fn label(&self, label: Label) -> &'static str {
        template(self.labels, label as usize)
    }

    pub fn error(&self, key: Key) -> &'static str {
        template(self.errors, key as usize)
    }

    /// Every template of each kind, for the tests.
    #[cfg(test)]
    pub fn texts(&self) -> [&'static str; 2] {
        [self.labels, self.errors]
    }
}

macro_rules! words {
    ($lang:ident) => {
        Words { labels: $lang::LABELS, errors: $lang::ERRORS }
    };
}

static EN: Words = words!(en);
static FR: Words = words!(fr);
static DE: Words = words!(de);
static ES: Words = words!(es);
static IT: Words = words!(it);
static NL: Words = words!(nl);

pub fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::En => &EN,
        Lang::Fr => &FR,
        Lang::De => &DE,
        Lang::Es => &ES,
        Lang::It => &IT,
        Lang::Nl => &NL,
    }
}
