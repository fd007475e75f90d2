//! The element's CSS as it ships: `style.css` without its comments and without the spaces
//! no rule needs, made at compile time (a `const`), so the wasm carries none of them. The
//! comments say why each rule is there; they are a third of the file and were 1.8 KiB gzip
//! of every page load.
//!
//! What is dropped: comments, and whitespace next to `{`, `}`, `;`, `,` and `>` or at either
//! end; every other run of whitespace becomes one space (a descendant combinator, `1px solid`,
//! `a + b` in `calc()`). Quoted strings are copied as they are. A `:` keeps its spaces:
//! `a :hover` and `a:hover` are different selectors.

/// The shipped stylesheet.
pub const STYLE: &str = match std::str::from_utf8(&MINIFIED) {
    Ok(css) => css,
    Err(_) => panic!("the minified stylesheet is not UTF-8"),
};

const SOURCE: &[u8] = include_bytes!("style.css");
const LEN: usize = minify(SOURCE, &mut []);
const MINIFIED: [u8; LEN] = minified::<LEN>(SOURCE);

const fn minified<const N: usize>(css: &[u8]) -> [u8; N] {
    let mut out = [0u8; N];
    minify(css, &mut out);
    out
}

/// Where whitespace around the character carries no meaning.
const fn tight(c: u8) -> bool {
    matches!(c, b'{' | b'}' | b';' | b',' | b'>')
}

/// Writes the minified form of `css` into `out` (as much of it as fits) and answers its
/// length: called once with no room to size the array, once to fill it.
const fn minify(css: &[u8], out: &mut [u8]) -> usize {
    let (mut i, mut n) = (0, 0);
    // The last character written.
    let mut prev = 0u8;
    // A run of whitespace (or a comment) seen and not yet written.
    let mut space = false;
    // The quote of the string being copied, if any.
    let mut quote = 0u8;
    while i < css.len() {
        let c = css[i];
        if quote != 0 {
            if c == b'\\' && i + 1 < css.len() {
                n = put(out, n, c);
                i += 1;
                n = put(out, n, css[i]);
            } else {
                n = put(out, n, c);
                if c == quote {
                    quote = 0;
                }
            }
            i += 1;
            continue;
        }
        if c == b'/' && i + 1 < css.len() && css[i + 1] == b'*' {
            i += 2;
            while i < css.len() && !(css[i] == b'*' && i + 1 < css.len() && css[i + 1] == b'/') {
                i += 1;
            }
            i += 2;
            space = true;
            continue;
        }
        if c.is_ascii_whitespace() {
            space = true;
            i += 1;
            continue;
        }
        if space && n > 0 && !tight(c) && !tight(prev) {
            n = put(out, n, b' ');
        }
        space = false;
        if c == b'"' || c == b'\'' {
            quote = c;
        }
        n = put(out, n, c);
        prev = c;
        i += 1;
    }
    n
}

const fn put(out: &mut [u8], n: usize, c: u8) -> usize {
    if n < out.len() {
        out[n] = c;
    }
    n + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn min(css: &str) -> String {
        let mut out = vec![0u8; css.len()];
        let n = minify(css.as_bytes(), &mut out);
        out.truncate(n);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn comments_and_needless_spaces_go() {
        assert_eq!(
            min("/* why */\n.a  >  .b , .c {\n  margin: 0 auto;\n  color: red;\n}\n"),
            ".a>.b,.c{margin: 0 auto;color: red;}"
        );
        assert_eq!(min(".card .status:hover { x: calc(1px + 2px) }"), ".card .status:hover{x: calc(1px + 2px)}");
        assert_eq!(min("a :is(b) {}"), "a :is(b){}", "a space before `:` is a descendant combinator");
        assert_eq!(min("a/* x */b{}"), "a b{}", "a comment separates like whitespace");
        assert_eq!(min("a{font-family:\"Segoe  UI\", 'a /* b */ c'}"), "a{font-family:\"Segoe  UI\",'a /* b */ c'}");
        assert_eq!(min("a{content:\"\\\"  x\"}"), "a{content:\"\\\"  x\"}", "an escaped quote does not end the string");
        assert_eq!(min("  \n"), "");
    }

    /// The words of a stylesheet, comments left out: what the minified form must keep, in
    /// the same order (no two words joined, none split).
    fn words(css: &str) -> Vec<String> {
        let mut text = String::new();
        let mut rest = css;
        while let Some(at) = rest.find("/*") {
            text.push_str(&rest[..at]);
            text.push(' ');
            rest = rest[at..].find("*/").map_or("", |end| &rest[at + end + 2..]);
        }
        text.push_str(rest);
        text.split(|c: char| c.is_ascii_whitespace() || "{};,>".contains(c))
            .filter(|w| !w.is_empty())
            .map(String::from)
            .collect()
    }

    #[test]
    fn the_shipped_sheet_keeps_every_word_of_the_source() {
        let source = include_str!("style.css");
        assert_eq!(words(STYLE), words(source));
        assert!(!STYLE.contains("/*") && !STYLE.contains('\n'));
        assert!(STYLE.len() * 3 < source.len() * 2, "{} of {} bytes", STYLE.len(), source.len());
    }
}
