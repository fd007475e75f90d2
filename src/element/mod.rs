//! The custom element `<panopto-uploader>`. The class itself is a few lines of JS
//! (`js/element.js`, since a custom element must extend `HTMLElement` in JS); it maps
//! attributes, properties, methods and lifecycle onto the [`ElementHandle`] made here, which
//! turns each call into an input of the page model and lets the page's executor carry out
//! what it says, with the browser's ports (`shell.rs`), on the element (`surface.rs`).
//! Nothing here decides anything about uploads: what is not about the DOM is the model's.

mod lang_files;
pub mod shell;
pub mod style_sheet;
pub mod surface;

use crate::browser::clock::BrowserClock;
use crate::browser::idb_store::IdbSavedUploads;
use crate::browser::kept_files;
use crate::browser::tokens::JsHostTokens;
use crate::browser::transport::BrowserHttp;
use crate::browser::web_crypto::WebCrypto;
use crate::browser::web_locks::WebLocks;
use crate::item::Command;
use crate::page::details::Edit;
use crate::page::executor::Executor;
use crate::page::model::Page;
use crate::page::ports::Ports;
use crate::page::signals::{Attributes, Given, PageInput};
use crate::text::Lang;
use crate::ui::commands::{Commands, UiCommand, UiEdit};
use crate::ui::i18n::catalogue;
use crate::ui::view::UploaderView;
use shell::BrowserShell;
use std::cell::RefCell;
use std::rc::Rc;
use surface::Surface;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/element.js")]
extern "C" {
    #[wasm_bindgen(js_name = definePanoptoUploader)]
    fn define_panopto_uploader(create: &Closure<dyn Fn(web_sys::HtmlElement, web_sys::ShadowRoot) -> JsValue>);

    /// The callback page shipped beside the entry point.
    #[wasm_bindgen(js_name = defaultRedirectUri)]
    fn default_redirect_uri() -> String;
}

/// What the JS class holds for one element.
#[wasm_bindgen]
pub struct ElementHandle {
    executor: Rc<Executor>,
    shell: Rc<BrowserShell>,
    tokens: Rc<JsHostTokens>,
    /// Shows the view: run once, when the element first knows its language's words.
    mount: RefCell<Option<Box<dyn FnOnce()>>>,
}

/// A property that takes a function: what the page gave, and the function if it is one.
fn function(value: JsValue) -> (Given, Option<js_sys::Function>) {
    match value.dyn_into::<js_sys::Function>() {
        Ok(f) => (Given::Function, Some(f)),
        Err(v) if v.is_null() || v.is_undefined() => (Given::Nothing, None),
        Err(_) => (Given::NotAFunction, None),
    }
}

#[wasm_bindgen]
impl ElementHandle {
    /// An observed attribute changed (or was set at parse time): all of them, read again.
    pub fn attributes_changed(&self) {
        let host = &self.tokens.host;
        let names = host.get_attribute_names();
        let values =
            names.iter().filter_map(|n| n.as_string()).filter_map(|n| Some((n.clone(), host.get_attribute(&n)?)));
        let base_url = host.owner_document().and_then(|d| d.base_uri().ok().flatten()).unwrap_or_default();
        let page_origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
        let attributes = Attributes { values: values.collect(), base_url, page_origin, ..Attributes::default() };
        self.executor.input(PageInput::Attributes(attributes));
        self.speak(Lang::parse(host.get_attribute("lang").as_deref()));
    }

    /// Show the view in `lang`'s words. The first time, the view is mounted once they are
    /// here (or known not to come: then in English), so a French page never flashes
    /// English; a later `lang` re-renders the view when its words arrive.
    fn speak(&self, lang: Lang) {
        let mount = self.mount.borrow_mut().take();
        if catalogue::has(lang) {
            return mount.into_iter().for_each(|mount| mount());
        }
        let shell = self.shell.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let arrived = lang_files::load(lang).await;
            match mount {
                Some(mount) => mount(),
                None if arrived => shell.surface.refresh_words(),
                None => {}
            }
        });
    }

    pub fn set_access_token(&self, token: Option<String>) {
        self.executor.input(PageInput::AccessToken(token));
    }

    /// `tokenProvider`: a function returning a token or a Promise of one; anything else
    /// is reported as an `uploaderror`, never thrown.
    pub fn set_token_provider(&self, provider: JsValue) {
        let (given, f) = function(provider);
        *self.tokens.provider.borrow_mut() = f;
        self.executor.input(PageInput::TokenProvider(given));
    }

    /// `createUpload` (Panda): a function `(file) => Promise<{id, location}>`; anything else
    /// is reported as an `uploaderror`, never thrown.
    pub fn set_create_upload(&self, create: JsValue) {
        let (given, f) = function(create);
        *self.shell.create_upload.borrow_mut() = f;
        self.executor.input(PageInput::CreateUpload(given));
    }

    /// `addFiles(files)`: a FileList, an array of Files, or one File; anything else is
    /// reported, never thrown. (With `FileSystemFileHandle`s among them, `js/element.js`
    /// reads those first and calls [`Self::add_picked`].)
    pub fn add_files(&self, value: JsValue) {
        let mut files = Vec::new();
        let mut refused = 0;
        let mut take = |v: JsValue| match v.dyn_into::<web_sys::File>() {
            Ok(f) => files.push(self.shell.keep(f)),
            Err(_) => refused += 1,
        };
        match value.dyn_into::<web_sys::FileList>() {
            Ok(list) => (0..list.length()).filter_map(|i| list.get(i)).for_each(|f| take(f.into())),
            Err(v) if js_sys::Array::is_array(&v) => js_sys::Array::from(&v).iter().for_each(&mut take),
            Err(v) => take(v),
        }
        self.executor.input(PageInput::AddFiles { files, refused });
    }

    /// `addFiles` with handles: `[[File, handle or null], …]`, the handles kept so that an
    /// unfinished upload continues after a reload in one click; an entry without a File is
    /// reported as not a file.
    pub fn add_picked(&self, pairs: JsValue) {
        let given = pairs.dyn_ref::<js_sys::Array>().map_or(0, |a| a.length() as usize);
        let picked = kept_files::pairs(&pairs);
        let refused = given - picked.len();
        let files = picked.into_iter().map(|p| self.shell.keep_picked(p)).collect();
        self.executor.input(PageInput::AddFiles { files, refused });
    }

    pub fn start(&self) {
        self.executor.input(PageInput::All(Command::Start));
    }

    pub fn pause(&self) {
        self.executor.input(PageInput::All(Command::Pause));
    }

    pub fn resume(&self) {
        self.executor.input(PageInput::All(Command::Resume));
    }

    pub fn cancel(&self) {
        self.executor.input(PageInput::All(Command::Cancel));
    }
}

/// What the teacher did in the view: the page's input (the files it names kept first), or
/// the file picker.
fn carry_out(executor: &Rc<Executor>, shell: &Rc<BrowserShell>, command: UiCommand) {
    let input = match command {
        UiCommand::Choose(picker) => return choose(executor, shell, picker),
        UiCommand::AddFiles(files) => {
            PageInput::AddFiles { files: files.into_iter().map(|f| shell.keep(f)).collect(), refused: 0 }
        }
        UiCommand::Dropped(data) => PageInput::AddFiles {
            files: kept_files::drop_of(&data).into_iter().map(|p| shell.keep_picked(p)).collect(),
            refused: 0,
        },
        UiCommand::Continue(key) => PageInput::Continue(key),
        UiCommand::Item(id, command) => PageInput::Command(id, command),
        UiCommand::Place(command) => PageInput::Place(command),
        UiCommand::UploadAnyway(id) => PageInput::UploadAnyway(id),
        UiCommand::Edit(id, edit) => PageInput::Edit(
            id,
            match edit {
                UiEdit::Title(t) => Edit::Title(t),
                UiEdit::Description(d) => Edit::Description(d),
                UiEdit::Secondary(f) => Edit::Secondary(f.map(|f| shell.keep(f))),
                UiEdit::AddCaption(f) => Edit::AddCaption(shell.keep(f)),
                UiEdit::RemoveCaption(id) => Edit::RemoveCaption(id),
                UiEdit::CaptionLanguage(id, language) => Edit::CaptionLanguage(id, language),
                UiEdit::StreamType(t) => Edit::StreamType(t),
            },
        ),
    };
    executor.input(input);
}

/// "Choose files": the picker that gives handles where there is one (opened in this
/// click's turn), else the input's.
fn choose(executor: &Rc<Executor>, shell: &Rc<BrowserShell>, picker: web_sys::HtmlInputElement) {
    if !kept_files::can_pick_handles() {
        return picker.click();
    }
    let (executor, shell) = (executor.clone(), shell.clone());
    wasm_bindgen_futures::spawn_local(async move {
        match kept_files::pick(picker.multiple(), &picker.accept()).await {
            // Refused here: the input's picker, while the click's activation lasts.
            None => picker.click(),
            Some(picked) if !picked.is_empty() => {
                let files = picked.into_iter().map(|p| shell.keep_picked(p)).collect();
                executor.input(PageInput::AddFiles { files, refused: 0 });
            }
            Some(_) => {}
        }
    });
}

/// The browser going offline and online, as inputs.
fn watch_network(executor: &Rc<Executor>) {
    let Some(window) = web_sys::window() else { return };
    for (event, online) in [("offline", false), ("online", true)] {
        let executor = executor.clone();
        let handler = Closure::<dyn Fn()>::new(move || executor.input(PageInput::Network { online }));
        let _ = window.add_event_listener_with_callback(event, handler.as_ref().unchecked_ref());
        // The element lives as long as the page.
        handler.forget();
    }
}

fn create(host: web_sys::HtmlElement, root: web_sys::ShadowRoot) -> JsValue {
    let online = web_sys::window().is_none_or(|w| w.navigator().on_line());
    let page = Page::new(online, default_redirect_uri());
    let surface = Surface::new(host.clone(), &page.view());
    let state = surface.state();
    let shell = Rc::new(BrowserShell::new(host.clone(), surface));
    let tokens = Rc::new(JsHostTokens { host, provider: RefCell::new(None) });
    let ports = Ports {
        http: Rc::new(BrowserHttp),
        clock: Rc::new(BrowserClock),
        store: Rc::new(IdbSavedUploads::default()),
        locks: Rc::new(WebLocks),
        random: Rc::new(WebCrypto),
        host_tokens: tokens.clone(),
        shell: shell.clone(),
    };
    let executor = Executor::new(ports, page);
    watch_network(&executor);
    let mut mount_view: Option<Box<dyn FnOnce()>> = None;
    let document = web_sys::window().and_then(|w| w.document());
    if let Some((document, mount)) = document.and_then(|d| Some((d.clone(), d.create_element("div").ok()?))) {
        style_sheet::style(&document, &root);
        let _ = root.append_child(&mount);
        let (me, sh) = (executor.clone(), shell.clone());
        let commands = Commands::new(move |c| carry_out(&me, &sh, c));
        if let Ok(mount) = mount.dyn_into::<web_sys::HtmlElement>() {
            // The element lives as long as the page may use it; its view is never torn
            // down (a custom element can be re-inserted after being removed).
            let view = move || leptos::view! { <UploaderView state=state commands=commands/> };
            mount_view = Some(Box::new(move || leptos::mount::mount_to(mount, view).forget()));
        }
    }
    // The configuration is read when the JS class reports its attributes (right after
    // construction, in a microtask), so it is checked once, complete; the view is shown
    // then, in the element's language.
    let mount = RefCell::new(mount_view);
    JsValue::from(ElementHandle { executor, shell, tokens, mount })
}

/// Define `<panopto-uploader>` (idempotent). Runs on module start; tests call it directly.
#[wasm_bindgen]
pub fn register() {
    thread_local! {
        static FACTORY: Closure<dyn Fn(web_sys::HtmlElement, web_sys::ShadowRoot) -> JsValue> = Closure::new(create);
    }
    FACTORY.with(define_panopto_uploader);
}
