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

/// A source's templates as `(key, words)`, in its order: comment and blank lines skipped, and
/// a line without `Key => ` all words.
pub fn templates(source: &str) -> impl Iterator<Item = (&str, &str)> {
    let lines = source.lines().filter(|l| !l.is_empty() && !l.starts_with('#'));
    lines.map(|l| l.split_once(" => ").unwrap_or(("", l)))
}

/// What `scripts/build.sh` makes of a source (its `sed`): the words, a template a line.
pub fn built(source: &str) -> String {
    templates(source).flat_map(|(_, words)| [words, "\n"]).collect()
}
