//! A video's preview for its card: the browser's own decoder on an object URL — a frame about
//! a tenth in, drawn 160 px wide as a small JPEG, and the duration where the container parse
//! gave none. What the browser cannot decode (HEVC in Firefox, WMV anywhere) gives `None`:
//! the card then says "no preview in this browser", which is not an error. Nothing is
//! uploaded or kept but the small picture; the element and the URL are let go at once.

use crate::page::media::Thumb;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Long enough for a slow disk to give a frame, short enough that a file the browser
/// cannot open does not keep an element and its decoder alive.
const WAIT_MS: i32 = 10_000;
const WIDTH: u32 = 160;

/// `true` when `target` fired `event` before `error` or the time-out.
async fn fired(target: &web_sys::EventTarget, event: &str) -> bool {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let answer = |value: bool| {
            let resolve = resolve.clone();
            Closure::once_into_js(move || {
                let _ = resolve.call1(&JsValue::NULL, &JsValue::from_bool(value));
            })
        };
        let _ = target.add_event_listener_with_callback(event, answer(true).unchecked_ref());
        let _ = target.add_event_listener_with_callback("error", answer(false).unchecked_ref());
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(answer(false).unchecked_ref(), WAIT_MS);
        }
    });
    JsFuture::from(promise).await.is_ok_and(|v| v.is_truthy())
}

async fn frame(video: &web_sys::HtmlVideoElement) -> Option<Thumb> {
    if !fired(video, "loadedmetadata").await {
        return None;
    }
    let seconds = video.duration();
    let duration_ms = (seconds.is_finite() && seconds > 0.0).then(|| (seconds * 1000.0).round() as u64);
    let (w, h) = (video.video_width(), video.video_height());
    if w == 0 || h == 0 {
        return None;
    }
    video.set_current_time(duration_ms.map_or(0.5, |ms| ms as f64 / 10_000.0));
    if !fired(video, "seeked").await {
        return None;
    }
    let height = (WIDTH * h / w).max(1);
    let document = web_sys::window()?.document()?;
    let canvas: web_sys::HtmlCanvasElement = document.create_element("canvas").ok()?.dyn_into().ok()?;
    canvas.set_width(WIDTH);
    canvas.set_height(height);
    let context: web_sys::CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    context.draw_image_with_html_video_element_and_dw_and_dh(video, 0.0, 0.0, WIDTH.into(), height.into()).ok()?;
    let image = canvas.to_data_url_with_type_and_encoder_options("image/jpeg", &JsValue::from_f64(0.7)).ok()?;
    Some(Thumb { image, duration_ms })
}

/// The preview of `file`, or `None` where the browser cannot decode it.
pub async fn thumb(file: web_sys::File) -> Option<Thumb> {
    let document = web_sys::window()?.document()?;
    let video: web_sys::HtmlVideoElement = document.create_element("video").ok()?.dyn_into().ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&file).ok()?;
    video.set_muted(true);
    video.set_preload("metadata");
    video.set_src(&url);
    let found = frame(&video).await;
    // Let the decoder and the file go now, not when the element is collected.
    video.remove_attribute("src").ok();
    video.load();
    let _ = web_sys::Url::revoke_object_url(&url);
    found
}
