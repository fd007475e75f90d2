//! A video's preview for its card: the browser's own decoder on an object URL — a frame about
//! a tenth in, drawn 160 px wide as a small JPEG, and the duration where the container parse
//! gave none. What the browser cannot decode (HEVC in Firefox, WMV anywhere) gives `None`:
//! the card then says "no preview in this browser", which is not an error. Nothing is
//! uploaded or kept but the small picture; the element and the URL are let go at once.
//!
//! Every step is a DOM call, so it is written in JavaScript: as Rust, each call was a
//! binding in the glue and each wait three closures in the wasm: 1.7 KiB gzip more.

use crate::page::media::Thumb;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

// `fired`: whether the element fired `event` before `error` or the time-out, which is long
// enough for a slow disk to give a frame, short enough that a file the browser cannot open
// does not keep an element and its decoder alive. The answer: [data URL, ms or undefined].
#[wasm_bindgen(inline_js = r#"
export async function videoFrame(file) {
  const video = document.createElement('video');
  const url = URL.createObjectURL(file);
  const fired = (event) => new Promise((done) => {
    video.addEventListener(event, () => done(true), { once: true });
    video.addEventListener('error', () => done(false), { once: true });
    setTimeout(() => done(false), 10000);
  });
  video.muted = true;
  video.preload = 'metadata';
  video.src = url;
  try {
    if (!(await fired('loadedmetadata'))) return null;
    const s = video.duration;
    const ms = Number.isFinite(s) && s > 0 ? Math.round(s * 1000) : undefined;
    const w = video.videoWidth;
    const h = video.videoHeight;
    if (!w || !h) return null;
    video.currentTime = ms ? ms / 10000 : 0.5;
    if (!(await fired('seeked'))) return null;
    const canvas = document.createElement('canvas');
    canvas.width = 160;
    canvas.height = Math.max(1, Math.floor((160 * h) / w));
    canvas.getContext('2d').drawImage(video, 0, 0, canvas.width, canvas.height);
    return [canvas.toDataURL('image/jpeg', 0.7), ms];
  } catch {
    return null;
  } finally {
    // Let the decoder and the file go now, not when the element is collected.
    video.removeAttribute('src');
    video.load();
    URL.revokeObjectURL(url);
  }
}
"#)]
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
