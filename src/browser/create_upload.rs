//! [`CreateUpload`] over the host page's `createUpload(file)`: a function returning a
//! Promise of `{id, location}` (or the object itself), for hosts whose back end creates
//! Panda upload sessions its own way. A relative location is resolved against the page.

use super::tokens::call;
use crate::core::panda::answer::PandaSession;
use crate::engine::error::{ErrorCode, UploadError};
use crate::engine::ports::CreateUpload;
use crate::text::{ErrorText, HostTrouble};
use futures_util::future::LocalBoxFuture;
use wasm_bindgen::JsValue;

pub struct JsCreateUpload {
    pub function: js_sys::Function,
    /// The file it is asked about (the function takes the File itself).
    pub file: web_sys::File,
}

fn fail(why: HostTrouble) -> UploadError {
    UploadError::new(ErrorCode::Rejected, ErrorText::CreateUpload(why))
}

impl CreateUpload for JsCreateUpload {
    fn create(&self, _file_name: &str, _file_size: u64) -> LocalBoxFuture<'_, Result<PandaSession, UploadError>> {
        Box::pin(async move {
            let value = call(&self.function, Some(&self.file)).await.map_err(fail)?;
            let get = |k: &str| js_sys::Reflect::get(&value, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED);
            let id = get("id");
            // A number is written by JS (`JSON.stringify(n)` is `String(n)` for a finite n):
            // Rust's f64 printing would ship its float formatting code for this one line.
            let finite = id.as_f64().is_some_and(f64::is_finite);
            let number = finite.then(|| js_sys::JSON::stringify(&id).ok().and_then(|s| s.as_string())).flatten();
            let id = id.as_string().or(number).filter(|s| !s.trim().is_empty());
            let id = id.ok_or_else(|| fail(HostTrouble::NoId))?;
            let location = get("location").as_string().filter(|s| !s.trim().is_empty());
            let location = location.ok_or_else(|| fail(HostTrouble::NoLocation))?;
            let base = web_sys::window().and_then(|w| w.document()).and_then(|d| d.base_uri().ok().flatten());
            let absolute = match base {
                Some(base) => web_sys::Url::new_with_base(&location, &base)
                    .map(|u| u.href())
                    .map_err(|_| fail(HostTrouble::NotAUrl(location.clone())))?,
                None => location,
            };
            if !(absolute.starts_with("http://") || absolute.starts_with("https://")) {
                return Err(fail(HostTrouble::NotHttp(absolute)));
            }
            Ok(PandaSession { id, location: absolute })
        })
    }
}
