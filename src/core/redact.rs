//! Headers as `Debug` prints them: `authorization` carries a bearer token, which must never
//! reach a log or a panic message. One place for every request type that prints headers.

/// `headers` with the value of `authorization` (any case) replaced by `<redacted>`.
pub fn redacted_headers(headers: &[(String, String)]) -> Vec<(&str, &str)> {
    headers
        .iter()
        .map(|(n, v)| (n.as_str(), if n.eq_ignore_ascii_case("authorization") { "<redacted>" } else { v.as_str() }))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn the_token_is_never_shown_other_headers_are() {
        let h = vec![("Authorization".to_string(), "Bearer t0k".to_string()), ("x-a".to_string(), "1".to_string())];
        assert_eq!(redacted_headers(&h), vec![("Authorization", "<redacted>"), ("x-a", "1")]);
    }
}
