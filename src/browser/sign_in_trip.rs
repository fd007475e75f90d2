//! The redirect sign-in's round trip (`sign-in="redirect"`): the page itself goes to
//! Panopto and comes back. What checks the answer (the request's `state`, the PKCE
//! verifier) waits in this tab's `sessionStorage` for the trip only — never a token — with
//! the address to come back to. The callback page (js/oauth-callback.js) finds it there,
//! and loads that address again with the answer in the fragment; [`returned`] takes the
//! answer out of the address bar and history at once, and the trip out of storage.

use crate::engine::auth::sign_in::Pending;
use wasm_bindgen::JsValue;

/// The storage key, and the fragment's name (js/oauth-callback.js uses both).
const TRIP: &str = "panopto-uploader-sign-in";

/// Kept as JSON `{"state", "verifier", "return_to"}`, built and read with the browser's own
/// `JSON` (the callback page reads `state` and `return_to`): no serde code in the wasm for it.
struct Trip {
    state: String,
    verifier: Option<String>,
    return_to: String,
}

impl Trip {
    fn to_json(&self) -> Option<String> {
        let o = js_sys::Object::new();
        let set = |k: &str, v: JsValue| js_sys::Reflect::set(&o, &k.into(), &v).ok();
        set("state", self.state.as_str().into())?;
        set("verifier", self.verifier.as_deref().map_or(JsValue::NULL, JsValue::from))?;
        set("return_to", self.return_to.as_str().into())?;
        js_sys::JSON::stringify(&o).ok()?.as_string()
    }

    fn from_json(text: &str) -> Option<Trip> {
        let o = js_sys::JSON::parse(text).ok()?;
        let get = |k: &str| js_sys::Reflect::get(&o, &k.into()).ok().and_then(|v| v.as_string());
        Some(Trip { state: get("state")?, verifier: get("verifier"), return_to: get("return_to")? })
    }
}

/// Leave for Panopto with `url`, keeping `pending` for the way back. `false`: storage is
/// not available (private modes, a sandbox), so the answer could not be checked.
pub fn go(url: &str, pending: &Pending) -> bool {
    let leave = || -> Option<()> {
        let window = web_sys::window()?;
        let storage = window.session_storage().ok()??;
        let return_to = window.location().href().ok()?;
        let trip = Trip { state: pending.state.clone(), verifier: pending.verifier.clone(), return_to };
        storage.set_item(TRIP, &trip.to_json()?).ok()?;
        window.location().assign(url).ok()
    };
    leave().is_some()
}

/// The answer this page was loaded with after a redirect sign-in, and the request it
/// answers; the address and the storage are cleaned either way.
pub fn returned() -> Option<(Pending, String)> {
    let window = web_sys::window()?;
    let location = window.location();
    let hash = location.hash().ok()?;
    let encoded = hash.strip_prefix('#')?.strip_prefix(TRIP)?.strip_prefix('=')?;
    let answer = js_sys::decode_uri_component(encoded).ok()?.as_string()?;
    let storage = window.session_storage().ok().flatten();
    let trip = storage.as_ref().and_then(|s| s.get_item(TRIP).ok().flatten());
    let trip = trip.and_then(|t| Trip::from_json(&t));
    if let Some(s) = &storage {
        let _ = s.remove_item(TRIP);
    }
    let href = location.href().ok()?;
    let back =
        trip.as_ref().map_or_else(|| href.split('#').next().unwrap_or_default().to_string(), |t| t.return_to.clone());
    window.history().ok()?.replace_state_with_url(&JsValue::NULL, "", Some(&back)).ok()?;
    let trip = trip?;
    Some((Pending { state: trip.state, verifier: trip.verifier }, answer))
}
