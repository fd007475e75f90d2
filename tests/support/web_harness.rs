//! The element in a browser test: mounting it, recording its events, reading its shadow
//! DOM, making files, and asking the emulator what it received.
#![allow(dead_code)] // each test file uses part of the harness

use js_sys::{Array, Function, Promise, Reflect, Uint8Array};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlElement;

pub const FOLDER: &str = "3f8c2a71-9d4e-4b6a-8c15-7e2f0a9d4b31";

pub fn emulator() -> &'static str {
    match option_env!("PANOPTO_EMULATOR_URL") {
        Some(url) => url,
        None => panic!(
            "PANOPTO_EMULATOR_URL is set at compile time by scripts/test.sh, which starts the emulator: run that"
        ),
    }
}

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

pub async fn sleep(ms: i32) {
    let p = Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    JsFuture::from(p).await.unwrap();
}

/// Records every event of the given names fired on `el`.
#[derive(Clone)]
pub struct Events(Rc<RefCell<Vec<(String, JsValue)>>>);

impl Events {
    pub fn listen(el: &HtmlElement, names: &[&str]) -> Events {
        let log = Events(Rc::new(RefCell::new(Vec::new())));
        for name in names {
            let (l, n) = (log.clone(), name.to_string());
            let f = Closure::<dyn Fn(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| {
                assert!(e.bubbles() && e.composed(), "{n} must bubble and be composed");
                l.0.borrow_mut().push((n.clone(), e.detail()));
            });
            el.add_event_listener_with_callback(name, f.as_ref().unchecked_ref()).unwrap();
            f.forget();
        }
        log
    }

    pub fn named(&self, name: &str) -> Vec<JsValue> {
        self.0.borrow().iter().filter(|(n, _)| n == name).map(|(_, d)| d.clone()).collect()
    }

    pub async fn wait_for(&self, name: &str, timeout_ms: i32) -> JsValue {
        let mut waited = 0;
        while waited < timeout_ms {
            if let Some(d) = self.named(name).into_iter().next() {
                return d;
            }
            sleep(50).await;
            waited += 50;
        }
        panic!(
            "no `{name}` event within {timeout_ms} ms; got {:?}",
            self.0
                .borrow()
                .iter()
                .map(|(n, d)| format!("{n} {}", js_sys::JSON::stringify(d).map(String::from).unwrap_or_default()))
                .collect::<Vec<_>>()
        );
    }
}

pub fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).unwrap()
}

pub fn set(v: &JsValue, key: &str, value: &JsValue) {
    Reflect::set(v, &key.into(), value).unwrap();
}

pub fn call(el: &HtmlElement, method: &str, args: &[JsValue]) {
    let f: Function = get(el, method).dyn_into().unwrap();
    f.apply(el, &args.iter().collect::<Array>()).unwrap();
}

/// Create the element, listen, then attach (so configuration events are seen).
pub async fn mount(attributes: &[(&str, &str)], events: &[&str]) -> (HtmlElement, Events) {
    panopto_uploader::element::register();
    let el: HtmlElement = document().create_element("panopto-uploader").unwrap().dyn_into().unwrap();
    let log = Events::listen(&el, events);
    for (k, v) in attributes {
        el.set_attribute(k, v).unwrap();
    }
    document().body().unwrap().append_child(&el).unwrap();
    sleep(20).await;
    (el, log)
}

pub fn shadow_text(el: &HtmlElement) -> String {
    el.shadow_root().unwrap().text_content().unwrap_or_default()
}

pub fn query(el: &HtmlElement, selector: &str) -> Option<web_sys::Element> {
    el.shadow_root().unwrap().query_selector(selector).unwrap()
}

/// A file of `len` bytes: an MP4 (its `ftyp`, a `moov` with only `mvhd`, and an `mdat`
/// holding the rest) when it is long enough, so the media check takes it for a recording;
/// the rest of its bytes from `seed`.
pub fn file(name: &str, len: usize, seed: u8) -> web_sys::File {
    let mut bytes: Vec<u8> =
        (0..len).map(|i| (i as u32).wrapping_mul(2_654_435_761).wrapping_add(seed as u32).to_le_bytes()[3]).collect();
    let mut mvhd = [0u8; 100];
    mvhd[12..16].copy_from_slice(&1000u32.to_be_bytes()); // timescale
    mvhd[16..20].copy_from_slice(&4000u32.to_be_bytes()); // duration: 4 s
    let head = [
        &20u32.to_be_bytes()[..],
        b"ftypisom\0\0\0\0isom",
        &116u32.to_be_bytes(),
        b"moov",
        &108u32.to_be_bytes(),
        b"mvhd",
        &mvhd,
        &(len.saturating_sub(136) as u32).to_be_bytes(),
        b"mdat",
    ]
    .concat();
    if len >= head.len() {
        bytes[..head.len()].copy_from_slice(&head);
    }
    let parts = Array::of1(&Uint8Array::from(bytes.as_slice()));
    web_sys::File::new_with_u8_array_sequence(&parts, name).unwrap()
}

pub fn configured(extra: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    let mut a = vec![("server", emulator()), ("folder-id", FOLDER)];
    a.extend_from_slice(extra);
    a
}

pub async fn emulator_upload(id: &str) -> JsValue {
    let r = JsFuture::from(web_sys::window().unwrap().fetch_with_str(&format!("{}/_emulator/sessions", emulator())))
        .await
        .unwrap();
    let r: web_sys::Response = r.dyn_into().unwrap();
    let v = JsFuture::from(r.json().unwrap()).await.unwrap();
    let uploads: Array = get(&v, "uploads").dyn_into().unwrap();
    uploads
        .iter()
        .find(|u| get(u, "ID").as_string().as_deref() == Some(id))
        .unwrap_or_else(|| panic!("upload {id} not on the emulator"))
}
