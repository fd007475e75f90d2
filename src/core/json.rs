//! JSON text in and out, for every answer we read and every body or record we write.
//!
//! In the browser the text is parsed and printed by the browser's own `JSON.parse` and
//! `JSON.stringify`, and serde-wasm-bindgen moves the values between JS and our types; on the
//! host (tests, tools) serde_json does both. Why: serde_json's parser and printer, instantiated
//! once per type we read or write, shipped code the browser already has: going through the
//! browser saved 10.2 KiB gzip of wasm for 0.6 KiB more JS glue (bench/results/weight-levers.md).
//!
//! What differs in the browser, and why it does not matter here:
//! - numbers are JS numbers: an integer beyond 2^53 loses its last digits. No field we read
//!   or write comes near (sizes, part numbers, times in ms, status codes); an id sent as such
//!   a number is refused by [`integer_text`] rather than rounded.
//! - error texts are the browser's (`JSON.parse`) and serde's (`missing field `Id``)
//!   without serde_json's line and column; each caller says what it was reading.

use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt;

/// Why a text is not the JSON we expected, or why a value cannot be written as JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError(String);

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for JsonError {}

/// Parse `text` as a `T`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, JsonError> {
    imp::from_str(text)
}

/// `value` as compact JSON text (object keys in field order, as serde_json writes them).
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, JsonError> {
    imp::to_string(value)
}

/// The decimal text of a JSON number that is a whole number both targets read exactly
/// (|n| ≤ 2^53 - 1): ids some servers send as numbers. `None` for fractions and for larger
/// numbers, which JS would have rounded, so the two targets agree. Integer printing only:
/// no float formatting code comes with it.
pub fn integer_text(n: &serde_json::Number) -> Option<String> {
    const SAFE: u64 = (1 << 53) - 1;
    match (n.as_u64(), n.as_i64()) {
        (Some(u), _) if u <= SAFE => Some(u.to_string()),
        (_, Some(i)) if i.unsigned_abs() <= SAFE => Some(i.to_string()),
        _ => n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() <= SAFE as f64).map(|f| (f as i64).to_string()),
    }
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use super::JsonError;
    use serde::de::DeserializeOwned;
    use serde::Serialize;
    use wasm_bindgen::{JsCast, JsValue};

    pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, JsonError> {
        let value = js_sys::JSON::parse(text).map_err(|e| JsonError(format!("not JSON: {}", js_message(&e))))?;
        serde_wasm_bindgen::from_value(value).map_err(serde_error)
    }

    pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, JsonError> {
        // json_compatible: maps as plain objects and `None` as `null`, as serde_json writes them.
        let js = value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(serde_error)?;
        match js_sys::JSON::stringify(&js) {
            Ok(text) => text.as_string().ok_or_else(|| JsonError("the value has no JSON form".into())),
            Err(e) => Err(JsonError(js_message(&e))),
        }
    }

    /// serde's message alone (the error is a JS `Error`, whose text starts with `Error: `).
    fn serde_error(e: serde_wasm_bindgen::Error) -> JsonError {
        JsonError(js_message(&JsValue::from(e)))
    }

    /// The message of the `SyntaxError` (or other exception) the browser threw.
    fn js_message(e: &JsValue) -> String {
        match e.dyn_ref::<js_sys::Error>() {
            Some(error) => String::from(error.message()),
            None => e.as_string().unwrap_or_else(|| "the browser refused it".into()),
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use super::JsonError;
    use serde::de::DeserializeOwned;
    use serde::Serialize;

    pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, JsonError> {
        serde_json::from_str(text).map_err(|e| JsonError(e.to_string()))
    }

    pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, JsonError> {
        serde_json::to_string(value).map_err(|e| JsonError(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    // The same tests check the browser's JSON.parse path (wasm-pack test) and serde_json's.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Part {
        number: u32,
        etag: Option<String>,
        size: u64,
    }

    #[test]
    fn round_trips_and_says_what_is_wrong() {
        let p = Part { number: 3, etag: None, size: 5 << 20 };
        let text = to_string(&p).unwrap();
        assert_eq!(text, r#"{"number":3,"etag":null,"size":5242880}"#);
        assert_eq!(from_str::<Part>(&text).unwrap(), p);
        assert!(from_str::<Part>("{").is_err());
        let missing = from_str::<Part>(r#"{"etag":null,"size":1}"#).unwrap_err().to_string();
        assert!(missing.starts_with("missing field `number`"), "{missing}");
    }

    #[test]
    fn integer_text_only_for_exact_whole_numbers() {
        let n = |t: &str| from_str::<serde_json::Number>(t).unwrap();
        assert_eq!(integer_text(&n("12345")).as_deref(), Some("12345"));
        assert_eq!(integer_text(&n("-7")).as_deref(), Some("-7"));
        assert_eq!(integer_text(&n("9007199254740991")).as_deref(), Some("9007199254740991"));
        assert_eq!(integer_text(&n("9007199254740993")), None);
        assert_eq!(integer_text(&n("1.5")), None);
    }
}
