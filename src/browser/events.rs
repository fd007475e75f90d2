//! DOM events from the element: bubbling, composed `CustomEvent`s, so the host page can
//! listen on the element or any ancestor, across the shadow boundary.

use wasm_bindgen::JsValue;

pub fn dispatch(host: &web_sys::HtmlElement, name: &str, detail: &JsValue) {
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(detail);
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        // A listener that throws must not break the uploader: dispatchEvent reports
        // listener exceptions to the console, never to us.
        let _ = host.dispatch_event(&event);
    }
}

/// A plain JS object from `(key, value)` pairs, for event details.
pub fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in pairs {
        let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o.into()
}
