//! Which words each language has: two texts of templates (`keys.rs`), looked up by [`Lang`]
//! in one place. English is compiled in; every other language is a file
//! (`lang/<code>.txt`, built beside the entry point) that only a page in that language
//! fetches and [`install`]s: five languages' words were 19 KiB gzip of every page's load,
//! for the one language a page speaks. Until its words are here, a language speaks English.

use super::error_keys::Key;
use super::keys::{template, Label};
use super::{bundled, en};
use crate::text::Lang;
use std::sync::OnceLock;

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

static EN: Words = Words { labels: en::LABELS, errors: en::ERRORS };

/// The other languages' words, once installed (a page installs each at most once; the
/// text lives as long as the page).
static INSTALLED: [OnceLock<Words>; Lang::ALL.len()] = [const { OnceLock::new() }; Lang::ALL.len()];

/// How many templates a language file has: the labels', then the errors'.
const TEMPLATES: usize = Label::ALL.len() + Key::ALL.len();

pub fn words(lang: Lang) -> &'static Words {
    if lang == Lang::En {
        return &EN;
    }
    // The host build and the tests have every language's source compiled in.
    #[cfg(any(test, not(target_arch = "wasm32")))]
    let _ = install_bundled(lang);
    INSTALLED[lang as usize].get().unwrap_or(&EN)
}

/// Whether `lang` speaks its own words now (English always does).
pub fn has(lang: Lang) -> bool {
    lang == Lang::En || INSTALLED[lang as usize].get().is_some()
}

/// Take `text` (a built `lang/<code>.txt`: a template a line, labels then errors) as
/// `lang`'s words. Refused, with the reason, when it is not a file of this version of the
/// element: another number of templates, or a template that does not take the English
/// one's arguments (a file from an older build would otherwise put words in the wrong
/// places, or drop a name or a number from a sentence).
pub fn install(lang: Lang, text: &str) -> Result<(), String> {
    // A server or a checkout may have turned the line ends into CR LF.
    let text = text.replace('\r', "");
    let body = text.strip_suffix('\n').unwrap_or(&text);
    let count = body.split('\n').count();
    if count != TEMPLATES {
        return Err(format!("has {count} templates where this element has {TEMPLATES}"));
    }
    let english = EN.labels.lines().chain(EN.errors.lines());
    if let Some(line) = body.split('\n').zip(english).position(|(own, en)| arguments(own) != arguments(en)) {
        return Err(format!("line {}: not the English template's arguments", line + 1));
    }
    let text: &'static str = Box::leak(text.into_boxed_str());
    // The byte after the last label's line end.
    let split = text.match_indices('\n').nth(Label::ALL.len() - 1).map_or(0, |(i, _)| i + 1);
    let (labels, errors) = text.split_at(split);
    let _ = INSTALLED[lang as usize].set(Words { labels, errors });
    Ok(())
}

/// Install `lang`'s words from its compiled-in source (`bundled.rs`), unless they are here
/// (English needs none): for the host and the tests. A refused source leaves the language
/// in English, which the tests see.
pub fn install_bundled(lang: Lang) -> Result<(), String> {
    match bundled::source(lang) {
        Some(source) if !has(lang) => install(lang, &bundled::built(source)),
        _ => Ok(()),
    }
}

/// The `{0}`…`{9}` a template uses, as bits.
fn arguments(template: &str) -> u16 {
    let b = template.as_bytes();
    b.windows(3)
        .filter(|w| w[0] == b'{' && w[1].is_ascii_digit() && w[2] == b'}')
        .fold(0, |m, w| m | 1 << (w[1] - b'0'))
}
