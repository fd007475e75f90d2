//! The custom element `<panopto-uploader>`. The class itself is a few lines of JS
//! (`js/element.js`, since a custom element must extend `HTMLElement` in JS); it only maps
//! attributes, properties, methods and lifecycle onto the [`ElementHandle`] created here,
//! which mounts the Leptos view into the element's shadow root.

pub mod account;
pub mod effects;
pub mod flows;
pub mod host_state;
pub mod place;
pub mod progress_view;
pub mod queue;
pub mod run;
pub mod style_sheet;
pub mod uploader;

use crate::engine::error::{ErrorCode, UploadError};
use crate::item::Command;
use crate::text::{ErrorText, HostFunction};
use crate::ui::commands::{Commands, UiState};
use crate::ui::view::UploaderView;
use std::rc::Rc;
use uploader::Uploader;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/element.js")]
extern "C" {
    #[wasm_bindgen(js_name = definePanoptoUploader)]
    fn define_panopto_uploader(create: &Closure<dyn Fn(web_sys::HtmlElement, web_sys::ShadowRoot) -> JsValue>);
}

/// What the JS class holds for one element.
#[wasm_bindgen]
pub struct ElementHandle {
    app: Rc<Uploader>,
}

#[wasm_bindgen]
impl ElementHandle {
    /// An observed attribute changed (or was set at parse time).
    pub fn attributes_changed(&self) {
        self.app.reconfigure();
    }

    pub fn set_access_token(&self, token: Option<String>) {
        self.app.tokens.state.borrow_mut().token = token.filter(|t| !t.trim().is_empty());
        self.app.show_account(None);
    }

    /// `tokenProvider`: a function returning a token or a Promise of one; anything else
    /// is reported as an `uploaderror`, never thrown.
    pub fn set_token_provider(&self, provider: JsValue) {
        let f = if provider.is_null() || provider.is_undefined() {
            None
        } else {
            match provider.dyn_into::<js_sys::Function>() {
                Ok(f) => Some(f),
                Err(_) => {
                    let e = UploadError::new(
                        ErrorCode::InvalidConfig,
                        ErrorText::NotAFunction(HostFunction::TokenProvider),
                    );
                    self.app.report_error(JsValue::NULL, &e);
                    None
                }
            }
        };
        self.app.tokens.state.borrow_mut().provider = f;
        self.app.show_account(None);
    }

    /// `createUpload` (Panda): a function `(file) => Promise<{id, location}>`; anything else
    /// is reported as an `uploaderror`, never thrown.
    pub fn set_create_upload(&self, function: JsValue) {
        let f = if function.is_null() || function.is_undefined() {
            None
        } else {
            match function.dyn_into::<js_sys::Function>() {
                Ok(f) => Some(f),
                Err(_) => {
                    let e =
                        UploadError::new(ErrorCode::InvalidConfig, ErrorText::NotAFunction(HostFunction::CreateUpload));
                    self.app.report_error(JsValue::NULL, &e);
                    None
                }
            }
        };
        *self.app.create_upload.borrow_mut() = f;
        self.app.reconfigure();
    }

    pub fn add_files(&self, files: JsValue) {
        self.app.add_js_files(&files);
    }

    pub fn start(&self) {
        self.app.for_all(Command::Start);
    }

    pub fn pause(&self) {
        self.app.for_all(Command::Pause);
    }

    pub fn resume(&self) {
        self.app.for_all(Command::Resume);
    }

    pub fn cancel(&self) {
        self.app.for_all(Command::Cancel);
    }
}

fn create(host: web_sys::HtmlElement, root: web_sys::ShadowRoot) -> JsValue {
    let app = Uploader::new(host);
    app.watch_network();
    let document = web_sys::window().and_then(|w| w.document());
    if let Some(document) = document {
        if let Ok(mount) = document.create_element("div") {
            style_sheet::style(&document, &root);
            let _ = root.append_child(&mount);
            let state = UiState {
                config: app.config.read_only(),
                items: app.items.read_only(),
                announcement: app.announcement.read_only(),
                account: app.account.read_only(),
                place: app.place.read_only(),
                picker: app.picker.read_only(),
            };
            let me = app.clone();
            let commands = Commands::new(move |c| me.command(c));
            if let Ok(mount) = mount.dyn_into::<web_sys::HtmlElement>() {
                // The element lives as long as the page may use it; its view is never torn
                // down (a custom element can be re-inserted after being removed).
                let view = move || leptos::view! { <UploaderView state=state commands=commands/> };
                leptos::mount::mount_to(mount, view).forget();
            }
        }
    }
    // The configuration is read when the JS class reports its attributes (right after
    // construction, in a microtask), so it is checked once, complete.
    JsValue::from(ElementHandle { app })
}

/// Define `<panopto-uploader>` (idempotent). Runs on module start; tests call it directly.
#[wasm_bindgen]
pub fn register() {
    thread_local! {
        static FACTORY: Closure<dyn Fn(web_sys::HtmlElement, web_sys::ShadowRoot) -> JsValue> = Closure::new(create);
    }
    FACTORY.with(define_panopto_uploader);
}
