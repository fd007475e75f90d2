//! The JSON value and its error: what the parser makes, the conversions read and the
//! printer writes.

use super::number;
use std::collections::BTreeMap;
use std::fmt;

/// A JSON value. Objects keep their members in order (as written, or as a type lists its
/// fields); numbers keep their text, checked against JSON's grammar when parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

/// Why a text is not the JSON we expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError(pub(super) String);

impl JsonError {
    pub fn new(why: impl Into<String>) -> Self {
        JsonError(why.into())
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for JsonError {}

/// The decimal text of a JSON number that is a whole number both JS and Rust read exactly
/// (|n| ≤ 2^53 - 1): ids some servers send as numbers. `None` for fractions and for larger
/// numbers, which JS would have rounded, so we never act on a number the page sees otherwise.
pub fn integer_text(n: &Json) -> Option<String> {
    const SAFE: u64 = (1 << 53) - 1;
    match n {
        Json::Number(text) => match number::whole(text)? {
            (false, m) if m <= SAFE => Some(m.to_string()),
            (true, m) if m <= SAFE => Some(if m == 0 { "0".into() } else { format!("-{m}") }),
            _ => None,
        },
        _ => None,
    }
}

impl Json {
    /// The member `key` of an object (the last one, as `JSON.parse` keeps a repeated key).
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// A number's value if it is a whole number that fits (`5`, `5.0`, `5e0`), else `None`.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Json::Number(text) => match number::whole(text)? {
                (false, m) | (true, m @ 0) => Some(m),
                (true, _) => None,
            },
            _ => None,
        }
    }

    /// A number's value if it is a whole number that fits an `i64`, else `None`.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Json::Number(text) => {
                let (negative, m) = number::whole(text)?;
                if negative {
                    0i64.checked_sub_unsigned(m)
                } else {
                    i64::try_from(m).ok()
                }
            }
            _ => None,
        }
    }

    /// A time in ms as a whole number of ms (any fraction dropped): read without float parsing,
    /// which would ship dec2flt. Times we write are whole ms (`Date.now()`).
    pub fn as_whole_ms(&self) -> Option<f64> {
        match self {
            Json::Number(text) => {
                number::truncated(text).map(|(negative, m)| if negative { -(m as f64) } else { m as f64 })
            }
            _ => None,
        }
    }

    /// A time in ms, written as its whole number of ms (as `JSON.stringify` writes
    /// `Date.now()`), without float formatting; not-a-number becomes `null`, as there.
    pub fn whole_ms(ms: f64) -> Json {
        if ms.is_finite() {
            Json::Number((ms as i64).to_string())
        } else {
            Json::Null
        }
    }

    /// The members of `map` as an object, in key order (as serde_json writes a map).
    pub fn object_of(map: &BTreeMap<String, Json>) -> Vec<(String, Json)> {
        map.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
    }

    /// What kind of value this is, for error texts (serde's words).
    pub fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "boolean",
            Json::Number(_) => "number",
            Json::String(_) => "string",
            Json::Array(_) => "sequence",
            Json::Object(_) => "map",
        }
    }
}

/// `value["key"]`, as serde_json's `Value` reads: the member, or `null` when there is none (or
/// `value` is no object). Tests (the emulator's too) read the video JSON this way.
impl std::ops::Index<&str> for Json {
    type Output = Json;

    fn index(&self, key: &str) -> &Json {
        const NULL: &Json = &Json::Null;
        self.get(key).unwrap_or(NULL)
    }
}

/// Comparisons with plain values, as serde_json's `Value` has them.
impl PartialEq<str> for Json {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == Some(other)
    }
}

impl PartialEq<&str> for Json {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == Some(*other)
    }
}

impl PartialEq<String> for Json {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == Some(other.as_str())
    }
}

impl PartialEq<u64> for Json {
    fn eq(&self, other: &u64) -> bool {
        self.as_u64() == Some(*other)
    }
}
