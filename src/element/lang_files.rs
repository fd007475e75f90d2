//! Fetching a language's words: `lang/<code>.txt`, built beside the entry point, fetched
//! once per page (by `js/element.js`, already while the wasm compiles for the elements the
//! page has) for the languages its elements speak; English is compiled in. A file that
//! cannot be had, or is not of this build, leaves the element in English and says why in
//! the console: the element works, in the wrong language, rather than not at all.

use crate::text::Lang;
use crate::ui::i18n::catalogue;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/element.js")]
extern "C" {
    /// The file's text, or `null` (and a console warning) when it could not be fetched in
    /// a few seconds.
    #[wasm_bindgen(js_name = fetchWords)]
    fn fetch_words(code: &str) -> js_sys::Promise;
}

/// Make sure `lang` has its words, fetching them if they are not here: whether they are
/// here now.
pub async fn load(lang: Lang) -> bool {
    if catalogue::has(lang) {
        return true;
    }
    let text = wasm_bindgen_futures::JsFuture::from(fetch_words(lang.code())).await.ok().and_then(|t| t.as_string());
    // Another element may have installed them meanwhile (the fetch is one per page;
    // installing twice keeps the first).
    match text.map(|text| catalogue::install(lang, &text)) {
        Some(Err(why)) if !catalogue::has(lang) => {
            let message = format!("<panopto-uploader>: lang/{}.txt {why}, so the element speaks English", lang.code());
            web_sys::console::warn_1(&message.into());
        }
        _ => {}
    }
    catalogue::has(lang)
}
