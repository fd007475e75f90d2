//! [`UploadLocks`] with the Web Locks API (`navigator.locks`): the lock is held while the
//! callback's promise is pending, so holding it is keeping that promise unresolved, and
//! [`HeldLock`]'s drop resolves it. The browser gives each name to one holder at a time
//! across the origin's tabs, windows and workers, queues the others in order, and releases
//! a closed tab's locks itself — which is how a second tab takes an upload over.
//!
//! Where `navigator.locks` is missing (an insecure context: plain http to a host other
//! than localhost; an old browser) or a request fails, every lock is granted at once: the
//! tabs do not coordinate, as before this existed, and the console says so once. Never a
//! hang, never an error the teacher sees.

use crate::engine::ports::{HeldLock, UploadLocks};
use futures_util::future::LocalBoxFuture;
use js_sys::{Function, Object, Promise, Reflect};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[derive(Default)]
pub struct WebLocks;

thread_local! {
    static WARNED: Cell<bool> = const { Cell::new(false) };
}

/// Resolves the callback's promise (releasing the lock) when dropped.
struct Release(Function);

impl Drop for Release {
    fn drop(&mut self) {
        let _ = self.0.call0(&JsValue::NULL);
    }
}

/// Gives up a queued request that nobody waits for any more: when it is granted later,
/// the callback returns at once, which releases the lock.
struct Wanted(Rc<Cell<bool>>);

impl Drop for Wanted {
    fn drop(&mut self) {
        self.0.set(false);
    }
}

fn uncoordinated(why: &str) -> HeldLock {
    if !WARNED.with(|w| w.replace(true)) {
        let message = format!(
            "panopto-uploader: {why}; tabs of this site do not coordinate their uploads \
             (the same file added in two tabs uploads twice)"
        );
        web_sys::console::warn_1(&message.into());
    }
    HeldLock::none()
}

/// `navigator.locks` and its `request` function, if the browser has them here.
fn lock_manager() -> Option<(JsValue, Function)> {
    let navigator = web_sys::window()?.navigator();
    let locks = Reflect::get(&navigator, &"locks".into()).ok().filter(|l| l.is_object())?;
    let request = Reflect::get(&locks, &"request".into()).ok()?.dyn_into::<Function>().ok()?;
    Some((locks, request))
}

/// Ask for the lock; `Some(held)` once granted, `None` when `if_available` and someone
/// holds it.
async fn request(name: &str, if_available: bool) -> Option<HeldLock> {
    let Some((locks, request)) = lock_manager() else {
        return Some(uncoordinated("Web Locks are not available (an insecure context?)"));
    };
    let wanted = Wanted(Rc::new(Cell::new(true)));
    let still_wanted = wanted.0.clone();
    let mut release = None;
    let held = Promise::new(&mut |resolve, _| release = Some(resolve));
    let release = release.map(Release);
    // "granted", "busy" (ifAvailable and held elsewhere) or "failed".
    let mut answer = None;
    let answered = Promise::new(&mut |resolve, _| answer = Some(resolve));
    let answer = answer.expect("the Promise executor runs at once");
    let on_grant = {
        let answer = answer.clone();
        let held = held.clone();
        Closure::once_into_js(move |lock: JsValue| -> JsValue {
            if lock.is_null() {
                let _ = answer.call1(&JsValue::NULL, &"busy".into());
                return JsValue::UNDEFINED;
            }
            if !still_wanted.get() {
                return JsValue::UNDEFINED;
            }
            let _ = answer.call1(&JsValue::NULL, &"granted".into());
            held.into()
        })
    };
    let options = Object::new();
    let _ = Reflect::set(&options, &"ifAvailable".into(), &if_available.into());
    let failed = Closure::once(move |_: JsValue| {
        let _ = answer.call1(&JsValue::NULL, &"failed".into());
    });
    match request.call3(&locks, &name.into(), &options, &on_grant) {
        Ok(p) => {
            if let Ok(p) = p.dyn_into::<Promise>() {
                let _ = p.catch(&failed);
                // Runs at most once, when the request fails; a few bytes per lock otherwise.
                failed.forget();
            }
        }
        Err(_) => return Some(uncoordinated("a Web Lock request failed")),
    }
    let outcome = JsFuture::from(answered).await.ok().and_then(|v| v.as_string()).unwrap_or_default();
    // Granted, the flag no longer matters; otherwise nobody will take the lock now.
    drop(wanted);
    match outcome.as_str() {
        "granted" => Some(HeldLock::new(release)),
        "busy" => None,
        _ => Some(uncoordinated("a Web Lock request failed")),
    }
}

impl UploadLocks for WebLocks {
    fn try_hold(&self, name: &str) -> LocalBoxFuture<'_, Option<HeldLock>> {
        let name = name.to_string();
        Box::pin(async move { request(&name, true).await })
    }

    fn hold(&self, name: &str) -> LocalBoxFuture<'_, HeldLock> {
        let name = name.to_string();
        Box::pin(async move { request(&name, false).await.unwrap_or_else(HeldLock::none) })
    }

    fn busy(&self) -> LocalBoxFuture<'_, Vec<String>> {
        Box::pin(async { busy().await.unwrap_or_default() })
    }
}

/// `navigator.locks.query()`: the names held and those asked for.
async fn busy() -> Option<Vec<String>> {
    let (locks, _) = lock_manager()?;
    let query = Reflect::get(&locks, &"query".into()).ok()?.dyn_into::<Function>().ok()?;
    let snapshot = JsFuture::from(query.call0(&locks).ok()?.dyn_into::<Promise>().ok()?).await.ok()?;
    let mut names = Vec::new();
    for list in ["held", "pending"] {
        let Some(list) = Reflect::get(&snapshot, &list.into()).ok().and_then(|l| l.dyn_into::<js_sys::Array>().ok())
        else {
            continue;
        };
        names.extend(list.iter().filter_map(|l| Reflect::get(&l, &"name".into()).ok()?.as_string()));
    }
    Some(names)
}
