//! AWS `UriEncode`: the one percent-encoding S3 signatures are computed over.
//!
//! Neither JavaScript's `encodeURIComponent` nor the `url` crate's escaping match it (they
//! leave `! ' ( ) *` or `+ = $` bare, or turn space into `+`), and every such mismatch is a
//! `SignatureDoesNotMatch` on some key. So we encode bytes ourselves with the exact
//! unreserved set and build URLs from the encoded form, so that what is signed and what
//! the browser sends are byte-identical.

/// `A–Z a–z 0–9 - . _ ~` stay as they are; everything else is `%XX` with upper-case hex.
fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Encode every byte outside the unreserved set, `/` included (query names and values,
/// single path segments).
pub fn uri_encode(input: &str) -> String {
    encode_bytes(input.as_bytes(), false)
}

/// Encode a path: each `/`-separated segment encoded once, the separators kept. No
/// normalisation: `a//b`, `.` and `..` segments and trailing slashes survive, as S3 needs.
pub fn uri_encode_path(path: &str) -> String {
    encode_bytes(path.as_bytes(), true)
}

fn encode_bytes(bytes: &[u8], keep_slash: bool) -> String {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 2);
    for &b in bytes {
        if is_unreserved(b) || (keep_slash && b == b'/') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 0x0f) as usize] as char);
        }
    }
    out
}

/// Decode `%XX` escapes (a `+` stays a `+`: only form encoding means space by it).
/// Invalid escapes are kept literally rather than rejected, as S3 does with a stray `%`.
/// Bytes that do not form UTF-8 are replaced, since keys and query values are text.
pub fn percent_decode(input: &str) -> String {
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex_val(bytes[i + 1]), hex_val(bytes[i + 2])) {
                out.push(h << 4 | l);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Split a wire-form query string (`a=1&b&c=%20`) into decoded `(name, value)` pairs.
/// A parameter without `=` has an empty value (`?uploads` → `("uploads", "")`).
pub fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (percent_decode(k), percent_decode(v)),
            None => (percent_decode(p), String::new()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    // Run the same unit tests in the browser under `wasm-pack test`.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn unreserved_untouched_and_the_awkward_ones_encoded() {
        assert_eq!(uri_encode("AZaz09-._~"), "AZaz09-._~");
        assert_eq!(uri_encode("a b+c*d'e(f)g!h"), "a%20b%2Bc%2Ad%27e%28f%29g%21h");
        assert_eq!(uri_encode("$&=,;:@/?#%"), "%24%26%3D%2C%3B%3A%40%2F%3F%23%25");
        assert_eq!(uri_encode("ሴ"), "%E1%88%B4");
        assert_eq!(uri_encode("é"), "%C3%A9");
    }

    #[test]
    fn paths_keep_separators_and_are_never_normalised() {
        assert_eq!(uri_encode_path("/a//b/./../c d/"), "/a//b/./../c%20d/");
        assert_eq!(uri_encode_path("/test$file.text"), "/test%24file.text");
    }

    #[test]
    fn decode_round_trips_and_tolerates_stray_percent() {
        assert_eq!(percent_decode("%E1%88%B4"), "ሴ");
        assert_eq!(percent_decode("a+b"), "a+b");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        for s in ["a b+c", "ሴ/é~*()'", "%"] {
            assert_eq!(percent_decode(&uri_encode(s)), s);
        }
    }

    #[test]
    fn query_parsing() {
        assert_eq!(parse_query("uploads"), vec![("uploads".to_string(), String::new())]);
        assert_eq!(
            parse_query("partNumber=1&uploadId=a%2Bb"),
            vec![("partNumber".to_string(), "1".to_string()), ("uploadId".to_string(), "a+b".to_string())]
        );
    }
}
