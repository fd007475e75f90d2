//! [`SavedUploads`] in IndexedDB (database `panopto-uploader`, store `uploads`, key →
//! JSON string). IndexedDB rather than localStorage: a 20 GB upload has 4,000 parts and
//! its record is hundreds of KB, written every second; localStorage is synchronous (it
//! would stall the page) and capped at about 5 MB per origin.
//!
//! Version 2 of the database added the store `handles` beside it: the file handles kept for
//! those records, under the same keys (`js/kept-files.js` reads and writes it). Opening
//! creates whichever store is missing, here and there alike.
//!
//! Every failure (private mode, quota, a browser without IndexedDB) degrades to "nothing
//! saved": resuming after a reload is a bonus, never a reason to stop an upload.

use crate::engine::ports::SavedUploads;
use futures_util::future::LocalBoxFuture;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbObjectStore, IdbRequest, IdbTransactionMode};

const DB: &str = "panopto-uploader";
const VERSION: u32 = 2;
const STORE: &str = "uploads";
const HANDLES: &str = "handles";

#[derive(Default)]
pub struct IdbSavedUploads {
    db: RefCell<Option<IdbDatabase>>,
}

/// A Promise settled by the request's success or error event.
async fn settle(request: &IdbRequest) -> Result<JsValue, JsValue> {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let r = request.clone();
        let ok = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call1(&JsValue::NULL, &r.result().unwrap_or(JsValue::UNDEFINED));
        });
        let err = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str("IndexedDB request failed"));
        });
        request.set_onsuccess(Some(ok.unchecked_ref()));
        request.set_onerror(Some(err.unchecked_ref()));
    });
    JsFuture::from(promise).await
}

impl IdbSavedUploads {
    async fn database(&self) -> Option<IdbDatabase> {
        if let Some(db) = self.db.borrow().clone() {
            return Some(db);
        }
        let factory = web_sys::window()?.indexed_db().ok()??;
        let open = factory.open_with_u32(DB, VERSION).ok()?;
        let on_upgrade = Closure::once_into_js(move |e: web_sys::Event| {
            let db = e
                .target()
                .and_then(|t| t.dyn_into::<IdbRequest>().ok())
                .and_then(|r| r.result().ok())
                .and_then(|r| r.dyn_into::<IdbDatabase>().ok());
            for store in [STORE, HANDLES] {
                if let Some(db) = db.as_ref().filter(|db| !db.object_store_names().contains(store)) {
                    let _ = db.create_object_store(store);
                }
            }
        });
        open.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));
        let db = settle(&open).await.ok()?.dyn_into::<IdbDatabase>().ok()?;
        *self.db.borrow_mut() = Some(db.clone());
        Some(db)
    }

    async fn store(&self, mode: IdbTransactionMode) -> Option<IdbObjectStore> {
        let db = self.database().await?;
        db.transaction_with_str_and_mode(STORE, mode).ok()?.object_store(STORE).ok()
    }
}

impl SavedUploads for IdbSavedUploads {
    fn get(&self, key: &str) -> LocalBoxFuture<'_, Option<String>> {
        let key = JsValue::from_str(key);
        Box::pin(async move {
            let store = self.store(IdbTransactionMode::Readonly).await?;
            settle(&store.get(&key).ok()?).await.ok()?.as_string()
        })
    }

    fn put(&self, key: &str, json: String) -> LocalBoxFuture<'_, ()> {
        let key = JsValue::from_str(key);
        Box::pin(async move {
            if let Some(store) = self.store(IdbTransactionMode::Readwrite).await {
                if let Ok(r) = store.put_with_key(&JsValue::from_str(&json), &key) {
                    let _ = settle(&r).await;
                }
            }
        })
    }

    fn delete(&self, key: &str) -> LocalBoxFuture<'_, ()> {
        let key = JsValue::from_str(key);
        Box::pin(async move {
            if let Some(store) = self.store(IdbTransactionMode::Readwrite).await {
                if let Ok(r) = store.delete(&key) {
                    let _ = settle(&r).await;
                }
            }
        })
    }

    fn keys(&self) -> LocalBoxFuture<'_, Vec<String>> {
        Box::pin(async move {
            let Some(store) = self.store(IdbTransactionMode::Readonly).await else { return Vec::new() };
            let Some(r) = store.get_all_keys().ok() else { return Vec::new() };
            match settle(&r).await {
                Ok(keys) => js_sys::Array::from(&keys).iter().filter_map(|k| k.as_string()).collect(),
                Err(_) => Vec::new(),
            }
        })
    }
}
