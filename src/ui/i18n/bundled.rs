//! Every language's source file compiled in, for the builds that cannot or need not fetch
//! `lang/<code>.txt`: the host (its tests speak every language) and the browser tests
//! (`wasm-pack test` serves no `lang/`). The shipped build never calls this, so the linker
//! drops the texts.

use crate::text::Lang;

/// The source of `lang`'s words (`src/ui/i18n/lang/<code>.txt`); English has none (it is
/// compiled in, `en.rs`).
pub fn source(lang: Lang) -> Option<&'static str> {
    Some(match lang {
        Lang::En => return None,
        Lang::Fr => include_str!("lang/fr.txt"),
        Lang::De => include_str!("lang/de.txt"),
        Lang::Es => include_str!("lang/es.txt"),
        Lang::It => include_str!("lang/it.txt"),
        Lang::Nl => include_str!("lang/nl.txt"),
    })
}

/// What `scripts/build.sh` makes of a source (its `sed`): comment and blank lines dropped,
/// and each line's `Key => `.
pub fn built(source: &str) -> String {
    let templates = source.lines().filter(|l| !l.is_empty() && !l.starts_with('#'));
    templates.map(|l| l.split_once(" => ").map_or(l, |(_, words)| words)).flat_map(|w| [w, "\n"]).collect()
}
