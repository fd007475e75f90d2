//! File handles kept beside saved uploads (`js/kept-files.js` says where browsers have
//! them): the picker and the drop that give them, `addFiles` with one, IndexedDB's store
//! `handles`, and reading a kept file again with the teacher's permission.

use super::idb_store::{Idb, HANDLES};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/js/kept-files.js")]
extern "C" {
    #[wasm_bindgen(js_name = canPickHandles)]
    pub fn can_pick_handles() -> bool;
    #[wasm_bindgen(js_name = pickHandles)]
    fn pick_handles(multiple: bool, accept: &str) -> js_sys::Promise;
    fn dropped(data_transfer: &web_sys::DataTransfer) -> js_sys::Array;
    #[wasm_bindgen(js_name = fromHandle)]
    fn from_handle(handle: &JsValue) -> js_sys::Promise;
    #[wasm_bindgen(js_name = reopen)]
    fn reopen_handle(handle: &JsValue) -> js_sys::Promise;
}

/// A file the teacher gave, with its handle (or a Promise of it) where the browser has one.
pub struct Picked {
    pub file: web_sys::File,
    pub handle: Option<JsValue>,
}

/// `[[File, handle or null], …]` as [`Picked`]s.
fn pairs(array: &JsValue) -> Vec<Picked> {
    let pair = |p: JsValue| {
        let p = js_sys::Array::from(&p);
        let file = p.get(0).dyn_into::<web_sys::File>().ok()?;
        Some(Picked { file, handle: Some(p.get(1)).filter(|h| !h.is_null() && !h.is_undefined()) })
    };
    js_sys::Array::from(array).iter().filter_map(pair).collect()
}

/// The files picked with the picker that gives handles (none if the teacher closed it).
pub async fn pick(multiple: bool, accept: &str) -> Vec<Picked> {
    JsFuture::from(pick_handles(multiple, accept)).await.map(|a| pairs(&a)).unwrap_or_default()
}

/// The files dropped, with their handles (asked for in the drop's own tick).
pub fn drop_of(data_transfer: &web_sys::DataTransfer) -> Vec<Picked> {
    pairs(&dropped(data_transfer))
}

/// Whether `value` is a `FileSystemFileHandle` (given to `addFiles`).
pub fn is_file_handle(value: &JsValue) -> bool {
    let kind = js_sys::Reflect::get(value, &"kind".into()).ok().and_then(|k| k.as_string());
    let get_file = js_sys::Reflect::get(value, &"getFile".into()).map(|f| f.is_function());
    kind.as_deref() == Some("file") && get_file == Ok(true)
}

/// The file of a handle given to `addFiles` (`None`: it cannot be read).
pub async fn file_of(handle: &JsValue) -> Option<Picked> {
    let pair = JsFuture::from(from_handle(handle)).await.ok()?;
    pairs(&js_sys::Array::of1(&pair)).pop()
}

/// What reading a kept file again gave.
pub enum Reopened {
    File(web_sys::File),
    Denied,
    Moved,
}

/// The kept handles (IndexedDB, store `handles`), read once as the page starts so that
/// "Continue" asks for permission in the teacher's click, with no wait before it.
#[derive(Default)]
pub struct KeptFiles {
    idb: Idb,
    loaded: std::cell::RefCell<Vec<(String, JsValue)>>,
}

impl KeptFiles {
    /// Keep `handle` (or what a Promise of one gives) under `key`.
    pub async fn keep(&self, key: &str, handle: &JsValue) {
        let handle = JsFuture::from(js_sys::Promise::resolve(handle)).await.unwrap_or(JsValue::NULL);
        if !handle.is_null() {
            self.idb.put(HANDLES, key, &handle).await;
        }
    }

    pub async fn forget(&self, key: &str) {
        self.loaded.borrow_mut().retain(|(k, _)| k != key);
        self.idb.delete(HANDLES, key).await;
    }

    pub async fn keys(&self) -> Vec<String> {
        let mut loaded = Vec::new();
        for key in self.idb.keys(HANDLES).await {
            if let Some(handle) = self.idb.get(HANDLES, &key).await {
                loaded.push((key, handle));
            }
        }
        let keys = loaded.iter().map(|(k, _)| k.clone()).collect();
        *self.loaded.borrow_mut() = loaded;
        keys
    }

    /// The handle kept under `key`, as read when the page started.
    pub fn handle(&self, key: &str) -> Option<JsValue> {
        self.loaded.borrow().iter().find(|(k, _)| k == key).map(|(_, h)| h.clone())
    }

    /// Read the file kept under `key` again, asking for read permission if needed.
    pub async fn reopen(&self, key: &str) -> Reopened {
        // Started before any await: the permission prompt needs the click's activation.
        let asked = self.handle(key).map(|h| JsFuture::from(reopen_handle(&h)));
        let Some(asked) = asked else { return Reopened::Moved };
        match asked.await {
            Ok(v) => match v.dyn_into::<web_sys::File>() {
                Ok(file) => Reopened::File(file),
                Err(why) if why.as_string().as_deref() == Some("denied") => Reopened::Denied,
                Err(_) => Reopened::Moved,
            },
            Err(_) => Reopened::Moved,
        }
    }
}
