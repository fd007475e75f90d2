//! JSON text in and out, for every answer we read and every body or record we write: our own
//! small value type, parser and printer, the same on both targets.
//!
//! Why our own: serde, serde_json and serde-wasm-bindgen (with the visitors serde derives for
//! each type, and the float formatting their error paths keep alive) were 53 KB of the shipped
//! wasm; this module and the hand-written conversions beside each type are a fraction of it
//! (bench/results/weight-levers.md). What it keeps from serde_json:
//! - the printer writes what serde_json writes for the same value (compact, keys in the order
//!   given, the same string escapes), so records saved by earlier versions still load and
//!   texts compare equal;
//! - numbers stay the text they were sent as: read as whole numbers only (sizes, part numbers,
//!   times in ms, status codes); there is no float parsing or formatting anywhere, which is what
//!   brought `core::fmt::float` and its big-number code into the wasm.
//! - a nesting limit of 128 (serde_json's), so a hostile answer cannot overflow the stack.

mod convert;
mod number;
mod parse;
mod print;
mod value;

pub use convert::{expected, object, tagged, unknown_variant, variant, Fields, FromJson, ToJson};
pub use parse::parse;
pub use value::{integer_text, Json, JsonError};

/// Parse `text` as a `T`.
pub fn from_str<T: FromJson>(text: &str) -> Result<T, JsonError> {
    T::from_json(&parse(text)?)
}

/// `value` as compact JSON text (object keys in field order, as serde_json writes them).
/// A `Result` so that callers keep one error path should a value ever have no JSON form.
pub fn to_string<T: ToJson + ?Sized>(value: &T) -> Result<String, JsonError> {
    Ok(value.to_json().to_text())
}

#[cfg(test)]
mod tests;
