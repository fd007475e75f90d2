//! Which words each language has: its messages, its picker's messages, its error
//! templates and its announcements, looked up by [`Lang`] in one place.

use super::error_keys::Key;
use super::{de, en, es, fr, it, nl};
use crate::text::{Announcement, Lang, Msg, PlaceMsg};

pub struct Words {
    pub text: fn(Msg) -> String,
    pub place: fn(PlaceMsg) -> String,
    pub error: fn(Key) -> &'static str,
    pub announce: fn(&Announcement) -> &'static str,
}

macro_rules! words {
    ($lang:ident) => {
        Words { text: $lang::text, place: $lang::place, error: $lang::error, announce: $lang::announce }
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
