//! A video's preview for its card: the browser's own decoder on an object URL — a frame about
//! a tenth in, drawn 160 px wide as a small JPEG, and the duration where the container parse
//! gave none. What the browser cannot decode (HEVC in Firefox, WMV anywhere) gives `None`:
//! the card then says "no preview in this browser", which is not an error. Nothing is
//! uploaded or kept but the small picture; the element and the URL are let go at once.
//!
//! Every step is a DOM call, so it is written in JavaScript (`videoFrame` in
//! `js/element.js`): as Rust, each call was a binding in the glue and each wait three
//! closures in the wasm, 1.7 KiB gzip more; as a snippet of its own, a file more to fetch.

use crate::page::media::Thumb;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/js/element.js")]
extern "C" {
    #[wasm_bindgen(js_name = videoFrame)]
    fn video_frame(file: &web_sys::File) -> js_sys::Promise;
}

/// The preview of `file`, or `None` where the browser cannot decode it.
pub async fn thumb(file: web_sys::File) -> Option<Thumb> {
    let found = JsFuture::from(video_frame(&file)).await.ok()?.dyn_into::<js_sys::Array>().ok()?;
    let image = found.get(0).as_string()?;
    // Whole milliseconds already: `as` only changes the type.
    let duration_ms = found.get(1).as_f64().map(|ms| ms as u64);
    Some(Thumb { image, duration_ms })
}
