//! The element's CSS, adopted by each shadow root as one constructable stylesheet.
//!
//! Why not a `<style>` in the shadow root: an LMS's Content-Security-Policy without
//! `'unsafe-inline'` in `style-src` (e.g. `default-src 'self'; style-src 'self'`) blocks it,
//! and the element rendered unstyled. A sheet built through the CSSOM (`new CSSStyleSheet()`,
//! `replaceSync`) is not subject to `style-src`, needs no file beside the module, and is
//! parsed once for every element on the page. Engines without constructable stylesheets
//! (Safari before 16.4) get the `<style>` element, as before.

use crate::ui::style::STYLE;
use js_sys::{Array, Function, Reflect};
use std::cell::OnceCell;
use wasm_bindgen::{JsCast, JsValue};

thread_local! {
    /// The page's one sheet (`None`: this engine cannot construct one).
    static SHEET: OnceCell<Option<JsValue>> = const { OnceCell::new() };
}

/// Styles `root`: adopts the shared sheet, or appends a `<style>` where that is impossible.
pub fn style(document: &web_sys::Document, root: &web_sys::ShadowRoot) {
    if let Some(sheet) = SHEET.with(|s| s.get_or_init(construct).clone()) {
        if Reflect::set(root, &"adoptedStyleSheets".into(), &Array::of1(&sheet)).unwrap_or(false) {
            return;
        }
    }
    if let Ok(style) = document.create_element("style") {
        style.set_text_content(Some(STYLE));
        let _ = root.append_child(&style);
    }
}

fn construct() -> Option<JsValue> {
    let ctor = Reflect::get(&js_sys::global(), &"CSSStyleSheet".into()).ok()?.dyn_into::<Function>().ok()?;
    let sheet = Reflect::construct(&ctor, &Array::new()).ok()?;
    let replace = Reflect::get(&sheet, &"replaceSync".into()).ok()?.dyn_into::<Function>().ok()?;
    replace.call1(&sheet, &JsValue::from_str(STYLE)).ok()?;
    Some(sheet)
}
