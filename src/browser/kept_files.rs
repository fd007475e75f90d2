//! File handles kept beside saved uploads (`js/kept-files.js` says where browsers have
//! them, and keeps them in IndexedDB): the picker and the drop that give them, `addFiles`
//! with one, and reading a kept file again with the teacher's permission. The JS side does
//! the Promise-heavy part: in wasm each async step is a state machine of its own.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/js/kept-files.js")]
extern "C" {
    #[wasm_bindgen(js_name = canPickHandles)]
    pub fn can_pick_handles() -> bool;
    #[wasm_bindgen(js_name = pickHandles)]
    fn pick_handles(multiple: bool, accept: &str) -> js_sys::Promise;
    fn dropped(data_transfer: &web_sys::DataTransfer) -> js_sys::Array;
    #[wasm_bindgen(js_name = keepHandle)]
    pub fn keep_handle(key: &str, handle: &JsValue) -> js_sys::Promise;
    #[wasm_bindgen(js_name = forgetHandle)]
    pub fn forget_handle(key: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = keptKeys)]
    fn kept_keys() -> js_sys::Promise;
    #[wasm_bindgen(js_name = reopen)]
    fn reopen_kept(key: &str) -> js_sys::Promise;
}

/// A file the teacher gave, with its handle (or a Promise of it) where the browser has one.
pub struct Picked {
    pub file: web_sys::File,
    pub handle: Option<JsValue>,
}

/// `[[File, handle or null], …]` as [`Picked`]s (anything else left out; not an array:
/// none, as `Array.from` would throw on `undefined`).
pub fn pairs(array: &JsValue) -> Vec<Picked> {
    let pair = |p: JsValue| {
        let p = p.dyn_into::<js_sys::Array>().ok()?;
        let file = p.get(0).dyn_into::<web_sys::File>().ok()?;
        Some(Picked { file, handle: Some(p.get(1)).filter(|h| !h.is_null() && !h.is_undefined()) })
    };
    let Some(array) = array.dyn_ref::<js_sys::Array>() else { return Vec::new() };
    array.iter().filter_map(pair).collect()
}

/// What a Promise gave (`undefined` if it failed: every failure here means "nothing").
pub async fn settled(promise: js_sys::Promise) -> JsValue {
    JsFuture::from(promise).await.unwrap_or_default()
}

/// The files picked with the picker that gives handles (none if the teacher closed it);
/// `None` if that picker cannot be used here.
pub async fn pick(multiple: bool, accept: &str) -> Option<Vec<Picked>> {
    let picked = settled(pick_handles(multiple, accept)).await;
    (!picked.is_null()).then(|| pairs(&picked))
}

/// The files dropped, with their handles (asked for in the drop's own tick).
pub fn drop_of(data_transfer: &web_sys::DataTransfer) -> Vec<Picked> {
    pairs(&dropped(data_transfer))
}

/// The keys handles are kept under (read as the page starts; the handles are held for
/// [`reopen`]).
pub async fn keys() -> Vec<String> {
    let keys = settled(kept_keys()).await;
    keys.dyn_ref::<js_sys::Array>().map(|k| k.iter().filter_map(|k| k.as_string()).collect()).unwrap_or_default()
}

/// What reading a kept file again gave.
pub enum Reopened {
    File(Picked),
    Denied,
    Moved,
}

/// Read the file kept under `key` again, asking for read permission if needed.
pub async fn reopen(key: &str) -> Reopened {
    let answer = settled(reopen_kept(key)).await;
    match (pairs(&js_sys::Array::of1(&answer)).pop(), answer.as_string().as_deref()) {
        (Some(picked), _) => Reopened::File(picked),
        (None, Some("denied")) => Reopened::Denied,
        (None, _) => Reopened::Moved,
    }
}
