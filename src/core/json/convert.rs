//! Between JSON values and our types: the two traits each type implements by hand (beside
//! the type, with serde's field names), the impls for the building blocks, and the helpers
//! that keep those hand-written conversions short and their errors as specific as serde's.

use super::value::{Json, JsonError};
use std::collections::BTreeMap;

/// A type read from JSON.
pub trait FromJson: Sized {
    fn from_json(v: &Json) -> Result<Self, JsonError>;

    /// What a missing field means: `None` for an `Option` (as serde reads it), else an error.
    fn absent() -> Option<Self> {
        None
    }
}

/// A type written as JSON.
pub trait ToJson {
    fn to_json(&self) -> Json;
}

/// `invalid type: null, expected a string` (serde's words).
pub fn expected(v: &Json, what: &str) -> JsonError {
    JsonError(format!("invalid type: {}, expected {what}", v.kind()))
}

/// The fields of an object being read as a struct.
pub struct Fields<'a> {
    members: &'a [(String, Json)],
}

impl<'a> Fields<'a> {
    /// `v`'s members, or an error naming the struct `what` expected.
    pub fn of(v: &'a Json, what: &str) -> Result<Self, JsonError> {
        match v {
            Json::Object(members) => Ok(Fields { members }),
            _ => Err(expected(v, &format!("struct {what}"))),
        }
    }

    fn find(&self, key: &str) -> Option<&'a Json> {
        self.members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The field `key` (for an `Option`, `None` when missing); errors say which field.
    pub fn get<T: FromJson>(&self, key: &str) -> Result<T, JsonError> {
        match self.find(key) {
            Some(v) => T::from_json(v).map_err(|e| JsonError(format!("{key}: {e}"))),
            None => T::absent().ok_or_else(|| JsonError(format!("missing field `{key}`"))),
        }
    }

    /// The field `key` as it is (no copy; an error when missing).
    pub fn value(&self, key: &str) -> Result<&'a Json, JsonError> {
        self.find(key).ok_or_else(|| JsonError(format!("missing field `{key}`")))
    }

    /// The field `key`, or `T`'s default when missing (serde's `#[serde(default)]`).
    pub fn or_default<T: FromJson + Default>(&self, key: &str) -> Result<T, JsonError> {
        match self.find(key) {
            Some(_) => self.get(key),
            None => Ok(T::default()),
        }
    }

    /// The members not named in `known`, by key (serde's `#[serde(flatten)]` into a map).
    pub fn rest(&self, known: &[&str]) -> BTreeMap<String, Json> {
        self.members.iter().filter(|(k, _)| !known.contains(&k.as_str())).cloned().collect()
    }
}

/// An object with these members, in this order.
pub fn object<const N: usize>(members: [(&str, Json); N]) -> Vec<(String, Json)> {
    members.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// An enum as serde writes it by default: a unit variant as its name, any other as
/// `{"Name": value}`. Gives the name and, for the second form, the value.
pub fn variant<'a>(v: &'a Json, what: &str) -> Result<(&'a str, Option<&'a Json>), JsonError> {
    match v {
        Json::String(name) => Ok((name, None)),
        Json::Object(members) if members.len() == 1 => Ok((&members[0].0, Some(&members[0].1))),
        _ => Err(expected(v, &format!("enum {what}"))),
    }
}

/// The error for a variant `name` that `what` does not have (or not in that form).
pub fn unknown_variant(name: &str, what: &str) -> JsonError {
    JsonError(format!("unknown variant `{name}` of {what}"))
}

/// A variant with data, as serde writes it: `{"Name": value}`.
pub fn tagged(name: &str, value: Json) -> Json {
    Json::Object(vec![(name.to_string(), value)])
}

impl FromJson for Json {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        Ok(v.clone())
    }
}

impl ToJson for Json {
    fn to_json(&self) -> Json {
        self.clone()
    }
}

impl FromJson for String {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        v.as_str().map(String::from).ok_or_else(|| expected(v, "a string"))
    }
}

impl ToJson for String {
    fn to_json(&self) -> Json {
        Json::String(self.clone())
    }
}

impl ToJson for str {
    fn to_json(&self) -> Json {
        Json::String(self.to_string())
    }
}

impl FromJson for bool {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        match v {
            Json::Bool(b) => Ok(*b),
            _ => Err(expected(v, "a boolean")),
        }
    }
}

impl ToJson for bool {
    fn to_json(&self) -> Json {
        Json::Bool(*self)
    }
}

/// Whole numbers: read from any notation of a whole number that fits (`JSON.parse` reads
/// `5.0` as 5 too), written as plain integers; never through floats.
macro_rules! integer {
    ($($t:ty: $read:ident),*) => {$(
        impl FromJson for $t {
            fn from_json(v: &Json) -> Result<Self, JsonError> {
                match v {
                    Json::Number(text) => v.$read().and_then(|n| <$t>::try_from(n).ok()).ok_or_else(|| {
                        JsonError(format!("invalid value: {text}, expected {}", stringify!($t)))
                    }),
                    _ => Err(expected(v, stringify!($t))),
                }
            }
        }

        impl ToJson for $t {
            fn to_json(&self) -> Json {
                Json::Number(self.to_string())
            }
        }
    )*};
}

integer!(u32: as_u64, u64: as_u64, i64: as_i64);

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        match v {
            Json::Null => Ok(None),
            _ => T::from_json(v).map(Some),
        }
    }

    fn absent() -> Option<Self> {
        Some(None)
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn to_json(&self) -> Json {
        self.as_ref().map_or(Json::Null, T::to_json)
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        match v {
            Json::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, item)| T::from_json(item).map_err(|e| JsonError(format!("[{i}]: {e}"))))
                .collect(),
            _ => Err(expected(v, "a sequence")),
        }
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn to_json(&self) -> Json {
        Json::Array(self.iter().map(T::to_json).collect())
    }
}

impl<T: FromJson> FromJson for Box<T> {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        T::from_json(v).map(Box::new)
    }
}

impl<T: ToJson + ?Sized> ToJson for Box<T> {
    fn to_json(&self) -> Json {
        (**self).to_json()
    }
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn to_json(&self) -> Json {
        (**self).to_json()
    }
}

/// A pair, as serde writes a tuple: a two-element array.
impl<A: FromJson, B: FromJson> FromJson for (A, B) {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        match v {
            Json::Array(items) if items.len() == 2 => Ok((A::from_json(&items[0])?, B::from_json(&items[1])?)),
            Json::Array(items) => Err(JsonError(format!("invalid length {}, expected a tuple of size 2", items.len()))),
            _ => Err(expected(v, "a tuple of size 2")),
        }
    }
}

impl<A: ToJson, B: ToJson> ToJson for (A, B) {
    fn to_json(&self) -> Json {
        Json::Array(vec![self.0.to_json(), self.1.to_json()])
    }
}
