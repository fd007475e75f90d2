//! `<panopto-uploader>` in headless Chromium (`wasm-pack test --headless --chrome`):
//! mounted into a scratch node, driven through its public API (attributes, properties,
//! methods) and observed through its events, attributes and shadow DOM — and uploading
//! over real `fetch` to the emulator that `scripts/test.sh` starts (its address is baked
//! in at compile time as `PANOPTO_EMULATOR_URL`: a wasm test has no environment).
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Function};
use panopto_uploader::text::Lang;
use panopto_uploader::ui::i18n::catalogue;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[path = "support/web_harness.rs"]
mod web_harness;

use web_harness::*;

#[wasm_bindgen_test]
async fn missing_configuration_is_shown_and_reported_without_throwing() {
    let (el, log) = mount(&[], &["uploaderror"]).await;
    assert!(query(&el, "[part~=dropzone]").is_some(), "the drop zone renders anyway");
    let alert = query(&el, "[role=alert]").expect("a visible message");
    let text = alert.text_content().unwrap();
    assert!(text.contains("server attribute is missing"), "{text}");
    assert!(!text.contains("folder-id"), "no folder-id is not a problem: the teacher chooses the folder: {text}");
    let errors = log.named("uploaderror");
    assert_eq!(errors.len(), 1, "reported once, after all attributes arrived");
    assert_eq!(get(&errors[0], "code").as_string().unwrap(), "invalid-config");
    assert!(get(&errors[0], "file").is_null());
    // Starting anyway reports again, and throws nothing into the page.
    call(&el, "start", &[]);
    el.set_attribute("concurrency", "99").unwrap();
    sleep(20).await;
    assert!(shadow_text(&el).contains("concurrency=\"99\""));
    el.set_attribute("server", "http://127.0.0.1:9").unwrap();
    el.set_attribute("concurrency", "2").unwrap();
    sleep(20).await;
    assert!(query(&el, "[role=alert]").is_none(), "fixed configuration clears the message");
    // With no folder-id the card says no folder is chosen yet and offers the picker;
    // starting before one is chosen says so and sends nothing.
    assert!(shadow_text(&el).contains("no folder chosen yet"), "{}", shadow_text(&el));
    assert!(query(&el, "button.choose-folder").is_some());
    call(&el, "addFiles", &[file("a.mp4", 10, 1).into()]);
    call(&el, "start", &[]);
    sleep(20).await;
    let errors = log.named("uploaderror");
    let last = errors.last().unwrap();
    assert!(get(last, "message").as_string().unwrap().contains("Choose where the recordings go first"));
    assert_eq!(query(&el, "[part~=item]").unwrap().get_attribute("data-state").as_deref(), Some("ready"));
    el.set_attribute("folder-id", FOLDER).unwrap();
    sleep(20).await;
    assert!(query(&el, "button.choose-folder").is_none(), "a fixed folder is not the teacher's to change");
    assert!(query(&el, "button.add-to-session").is_some(), "but a session of it can be chosen");
    el.remove();
}

#[wasm_bindgen_test]
async fn attributes_are_reflected_as_properties() {
    let (el, _) = mount(&configured(&[("concurrency", "3"), ("auto-start", "")]), &[]).await;
    assert_eq!(get(&el, "server").as_string().unwrap(), emulator());
    assert_eq!(get(&el, "folderId").as_string().unwrap(), FOLDER);
    assert_eq!(get(&el, "concurrency").as_f64(), Some(3.0));
    assert_eq!(get(&el, "autoStart").as_bool(), Some(true));
    assert_eq!(get(&el, "multiple").as_bool(), Some(true));
    set(&el, "partSizeMib", &JsValue::from(8));
    set(&el, "autoStart", &JsValue::FALSE);
    set(&el, "multiple", &JsValue::FALSE);
    assert_eq!(el.get_attribute("part-size-mib").as_deref(), Some("8"));
    assert!(!el.has_attribute("auto-start"));
    assert_eq!(el.get_attribute("multiple").as_deref(), Some("false"));
    sleep(20).await;
    let picker = query(&el, "input.picker").unwrap();
    assert!(!picker.has_attribute("multiple"), "multiple=false reaches the picker");
    el.remove();
}

/// The words of `lang`, as the shipped page has them once it fetched `lang/<code>.txt`
/// (which `wasm-pack test` does not serve).
fn speak(lang: Lang) {
    catalogue::install_bundled(lang).unwrap();
}

#[wasm_bindgen_test]
async fn lang_chooses_the_message_catalogue() {
    speak(Lang::Fr);
    speak(Lang::De);
    let (el, _) = mount(&configured(&[("lang", "fr")]), &[]).await;
    assert!(shadow_text(&el).contains("Déposez vos enregistrements"), "{}", shadow_text(&el));
    el.set_attribute("lang", "de").unwrap();
    sleep(20).await;
    assert!(shadow_text(&el).contains("Vorlesungsaufzeichnungen"));
    el.remove();
}

#[wasm_bindgen_test]
async fn a_language_whose_words_cannot_be_fetched_is_shown_in_english() {
    // No test installs Spanish, and `lang/es.txt` is not served here: the fetch fails, the
    // console says so, and the view is shown, in English, rather than never.
    let (el, _) = mount(&configured(&[("lang", "es")]), &[]).await;
    for _ in 0..100 {
        if !shadow_text(&el).is_empty() {
            break;
        }
        sleep(50).await;
    }
    assert!(shadow_text(&el).contains("Drop lecture recordings here"), "{}", shadow_text(&el));
    assert_eq!(
        el.shadow_root().unwrap().query_selector(".root").unwrap().unwrap().get_attribute("lang").as_deref(),
        Some("es")
    );
    el.remove();
}

#[wasm_bindgen_test]
async fn added_files_queue_up_with_editable_titles_and_bad_input_is_reported() {
    let (el, log) = mount(&configured(&[]), &["uploaderror", "statechange"]).await;
    let files = Array::of2(&file("Week 1 – intro.mp4", 1000, 1), &file("notes.final.mov", 10, 2));
    call(&el, "addFiles", &[files.into()]);
    sleep(20).await;
    let cards = el.shadow_root().unwrap().query_selector_all("[part~=item]").unwrap();
    assert_eq!(cards.length(), 2);
    let title: web_sys::HtmlInputElement = query(&el, ".title-input").unwrap().dyn_into().unwrap();
    assert_eq!(title.value(), "Week 1 – intro", "default title: the name without extension");
    // Every control in the form has a label.
    let shadow = el.shadow_root().unwrap();
    let inputs = shadow.query_selector_all("input:not(.picker), textarea, select").unwrap();
    for i in 0..inputs.length() {
        let input: web_sys::Element = inputs.get(i).unwrap().dyn_into().unwrap();
        let id = input.id();
        assert!(
            !id.is_empty() && shadow.query_selector(&format!("label[for='{id}']")).unwrap().is_some(),
            "unlabelled control {}",
            input.outer_html()
        );
    }
    call(&el, "addFiles", &[JsValue::from_str("not a file")]);
    call(&el, "addFiles", &[file("empty.mp4", 0, 0).into()]);
    sleep(20).await;
    let errors = log.named("uploaderror");
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(get(&errors[0], "message").as_string().unwrap().contains("File objects"));
    assert!(get(&errors[1], "message").as_string().unwrap().contains("empty"));
    assert!(el.has_attribute("error"), "state reflected for host CSS");
    assert!(shadow_text(&el).contains("the file is empty"));
    el.remove();
}

#[wasm_bindgen_test]
async fn uploads_over_fetch_to_the_emulator_and_reports_every_step() {
    let (el, log) =
        mount(&configured(&[]), &["uploadstart", "progress", "statechange", "uploadcomplete", "uploaderror"]).await;
    set(&el, "accessToken", &JsValue::from_str("dev-token"));
    call(&el, "addFiles", &[file("lecture (1) + notes.mp4", 11 * 1024 * 1024 + 17, 3).into()]);
    call(&el, "start", &[]);
    sleep(10).await;
    assert!(el.has_attribute("uploading"));
    let done = log.wait_for("uploadcomplete", 30_000).await;
    assert!(log.named("uploaderror").is_empty());
    assert_eq!(log.named("uploadstart").len(), 1);
    let progress = log.named("progress");
    let loaded: Vec<f64> = progress.iter().map(|p| get(p, "loaded").as_f64().unwrap()).collect();
    assert!(loaded.windows(2).all(|w| w[0] <= w[1]), "monotonic {loaded:?}");
    assert_eq!(loaded.last().copied(), Some((11 * 1024 * 1024 + 17) as f64));
    assert_eq!(get(&progress[0], "total").as_f64(), Some((11 * 1024 * 1024 + 17) as f64));
    let states: Vec<String> = log.named("statechange").iter().map(|s| get(s, "state").as_string().unwrap()).collect();
    assert_eq!(states, ["preparing", "uploading", "finishing", "processing", "complete"]);
    let id = get(&done, "id").as_string().unwrap();
    let session = get(&done, "sessionId").as_string().unwrap();
    assert!(get(&done, "viewerUrl").as_string().unwrap().ends_with(&session));
    assert!(el.has_attribute("complete") && !el.has_attribute("uploading"));
    let link = query(&el, "a[part~=link]").expect("a link to the session");
    assert!(link.get_attribute("href").unwrap().contains(&session));
    let upload = emulator_upload(&id).await;
    assert_eq!(get(&upload, "StateName").as_string().unwrap(), "Complete");
    let s3 = get(&upload, "S3");
    assert_eq!(get(&s3, "Rejected").as_f64(), Some(0.0));
    assert_eq!(
        get(&s3, "Verified").as_f64(),
        Some(5.0 + 3.0),
        "media: create + 3 parts + complete; manifest: create + part + complete"
    );
    assert_eq!(Array::from(&get(&upload, "TokenLeaks")).length(), 0);
    el.remove();
}

#[wasm_bindgen_test]
async fn token_provider_supplies_and_refreshes_the_token_which_never_reaches_the_dom() {
    let (el, log) = mount(&configured(&[("auto-start", "")]), &["uploadcomplete", "uploaderror"]).await;
    let calls = Function::new_no_args(
        "window.__providerCalls = (window.__providerCalls || 0) + 1; return Promise.resolve('dev-token');",
    );
    set(&el, "accessToken", &JsValue::from_str("expired-secret-token"));
    set(&el, "tokenProvider", &calls);
    call(&el, "addFiles", &[file("a.mp4", 4096, 4).into()]);
    log.wait_for("uploadcomplete", 30_000).await;
    let n = get(&web_sys::window().unwrap(), "__providerCalls").as_f64().unwrap_or(0.0);
    assert_eq!(n, 1.0, "called once, after the 401 for the expired token");
    let html = el.outer_html() + &el.shadow_root().unwrap().inner_html();
    assert!(!html.contains("expired-secret-token") && !html.contains("dev-token"), "the token is never in the DOM");
    set(&el, "tokenProvider", &JsValue::from_str("not a function"));
    let errors = log.named("uploaderror");
    assert_eq!(errors.len(), 1);
    assert!(get(&errors[0], "message").as_string().unwrap().contains("tokenProvider must be a function"));
    el.remove();
}

#[wasm_bindgen_test]
async fn pause_resume_and_cancel() {
    let (el, log) =
        mount(&configured(&[("concurrency", "1")]), &["uploadcomplete", "statechange", "uploaderror"]).await;
    set(&el, "accessToken", &JsValue::from_str("dev-token"));
    call(&el, "addFiles", &[file("long.mp4", 16 * 1024 * 1024, 5).into()]);
    call(&el, "start", &[]);
    sleep(5).await;
    call(&el, "pause", &[]);
    assert!(el.has_attribute("paused"));
    sleep(20).await;
    assert!(shadow_text(&el).contains("Resume"));
    sleep(300).await;
    assert!(log.named("uploadcomplete").is_empty(), "paused uploads do not finish");
    call(&el, "resume", &[]);
    assert!(!el.has_attribute("paused"));
    log.wait_for("uploadcomplete", 30_000).await;

    let (el2, log2) = mount(&configured(&[("concurrency", "1")]), &["statechange", "uploadstart"]).await;
    set(&el2, "accessToken", &JsValue::from_str("dev-token"));
    call(&el2, "addFiles", &[file("cancel-me.mp4", 16 * 1024 * 1024, 6).into()]);
    call(&el2, "start", &[]);
    log2.wait_for("uploadstart", 10_000).await;
    call(&el2, "cancel", &[]);
    let mut waited = 0;
    while !log2.named("statechange").iter().any(|s| get(s, "state").as_string().as_deref() == Some("cancelled")) {
        assert!(waited < 10_000, "cancel did not finish");
        sleep(50).await;
        waited += 50;
    }
    assert!(!el2.has_attribute("uploading"));
    // The emulator saw the DELETE: the newest upload is cancelled (2) or being deleted.
    let r = JsFuture::from(web_sys::window().unwrap().fetch_with_str(&format!("{}/_emulator/sessions", emulator())))
        .await
        .unwrap();
    let v = JsFuture::from(r.dyn_into::<web_sys::Response>().unwrap().json().unwrap()).await.unwrap();
    let uploads: Vec<JsValue> = Array::from(&get(&v, "uploads")).iter().collect();
    let newest = uploads.iter().max_by_key(|u| get(u, "CreatedAt").as_string().unwrap_or_default()).unwrap();
    let state = get(newest, "StateName").as_string().unwrap();
    assert!(["UploadCancelled", "DeletingFiles", "Deleted"].contains(&state.as_str()), "{state}");
    el.remove();
    el2.remove();
}

#[wasm_bindgen_test]
async fn without_a_token_the_element_asks_the_page_with_tokenneeded() {
    let (el, log) = mount(&configured(&[]), &["tokenneeded", "uploadcomplete", "uploaderror"]).await;
    call(&el, "addFiles", &[file("no-token-yet.mp4", 2048, 7).into()]);
    call(&el, "start", &[]);
    let asked = log.wait_for("tokenneeded", 5_000).await;
    assert_eq!(get(&asked, "reason").as_string().as_deref(), Some("missing"));
    // The page answers, as an LMS would after fetching a token from its back end.
    set(&el, "accessToken", &JsValue::from_str("dev-token"));
    log.wait_for("uploadcomplete", 30_000).await;
    assert!(log.named("uploaderror").is_empty());
    assert_eq!(get(&el, "accessToken").as_string().as_deref(), Some("dev-token"));
    assert!(!el.outer_html().contains("dev-token"));
    el.remove();
}

#[wasm_bindgen_test]
async fn protocol_panda_uploads_in_chunks_to_the_emulators_panda_api() {
    let url = format!("{}/videos/upload.json", emulator());
    let attributes = [("protocol", "panda"), ("upload-session-url", url.as_str()), ("lang", "en")];
    let (el, log) = mount(&attributes, &["statechange", "uploadcomplete", "uploaderror"]).await;
    assert!(shadow_text(&el).contains("uploaded to Panda"), "{}", shadow_text(&el));
    set(&el, "accessToken", &JsValue::from_str("dev-token"));
    call(&el, "addFiles", &[file("panda lecture.mp4", 7 * 1024 * 1024 + 3, 8).into()]);
    assert!(query(&el, ".title-input").is_none(), "Panda takes no title: the card offers no Panopto fields");
    call(&el, "start", &[]);
    let done = log.wait_for("uploadcomplete", 30_000).await;
    assert!(log.named("uploaderror").is_empty(), "{:?}", log.named("uploaderror"));
    let video = get(&done, "video");
    assert_eq!(get(&video, "file_size").as_f64(), Some((7 * 1024 * 1024 + 3) as f64));
    assert!(get(&video, "sha256").as_string().is_some_and(|s| s.len() == 64));
    let states: Vec<String> = log.named("statechange").iter().map(|s| get(s, "state").as_string().unwrap()).collect();
    assert_eq!(states, ["preparing", "uploading", "complete"]);
    assert!(shadow_text(&el).contains("Uploaded: video"), "{}", shadow_text(&el));
    el.remove();
}

#[wasm_bindgen_test]
async fn create_upload_lets_the_host_create_panda_sessions_its_own_way() {
    let (el, log) = mount(&[("protocol", "panda")], &["uploadcomplete", "uploaderror"]).await;
    assert!(shadow_text(&el).contains("needs upload-session-url"), "shown until createUpload is set");
    let reported = log.named("uploaderror");
    assert_eq!(reported.len(), 1, "and reported once: {reported:?}");
    let create = Function::new_with_args(
        "file",
        &format!(
            "window.__created = (window.__created || 0) + 1;
             return fetch('{}/videos/upload.json', {{ method: 'POST', headers: {{ 'content-type': 'application/json' }},
               body: JSON.stringify({{ file_size: file.size, file_name: file.name }}) }}).then((r) => r.json());",
            emulator()
        ),
    );
    set(&el, "createUpload", &create);
    sleep(20).await;
    assert!(query(&el, "[role=alert]").is_none(), "createUpload stands in for the URL");
    call(&el, "addFiles", &[file("host made.mp4", 4096, 9).into()]);
    call(&el, "start", &[]);
    log.wait_for("uploadcomplete", 30_000).await;
    assert_eq!(log.named("uploaderror").len(), 1, "nothing after the configuration was complete");
    assert_eq!(get(&web_sys::window().unwrap(), "__created").as_f64(), Some(1.0));
    set(&el, "createUpload", &JsValue::from_str("not a function"));
    assert!(log
        .named("uploaderror")
        .iter()
        .any(|e| get(e, "message").as_string().unwrap().contains("createUpload must be a function")));
    el.remove();
}

#[wasm_bindgen_test]
async fn in_french_a_failure_is_said_in_french_quoting_the_servers_and_the_browsers_words() {
    speak(Lang::Fr);
    // Panopto refuses the folder: its message, in a French sentence.
    let unknown = "0badf01d-0000-4000-8000-000000000000";
    let (el, log) = mount(&[("server", emulator()), ("folder-id", unknown), ("lang", "fr")], &["uploaderror"]).await;
    set(&el, "accessToken", &JsValue::from_str("dev-token"));
    call(&el, "addFiles", &[file("cours.mp4", 4096, 10).into()]);
    call(&el, "start", &[]);
    let e = log.wait_for("uploaderror", 30_000).await;
    let message = get(&e, "message").as_string().unwrap();
    assert!(message.starts_with("Création de la session Panopto : "), "{message}");
    assert!(message.contains(&format!("Folder {unknown} was not found")), "the server's words: {message}");
    let shown = query(&el, ".card .error").unwrap().text_content().unwrap();
    assert_eq!(shown, message, "the card says what the event says");
    assert!(shadow_text(&el).contains("Échec du téléversement"), "{}", shadow_text(&el));
    el.remove();
    // No server at all: the browser's words, in a French sentence.
    let (el, log) =
        mount(&[("server", "http://127.0.0.1:9"), ("folder-id", FOLDER), ("lang", "fr")], &["uploaderror"]).await;
    set(&el, "accessToken", &JsValue::from_str("dev-token"));
    call(&el, "addFiles", &[file("cours.mp4", 4096, 11).into()]);
    call(&el, "start", &[]);
    let e = log.wait_for("uploaderror", 40_000).await;
    assert_eq!(get(&e, "code").as_string().as_deref(), Some("network"));
    let shown = query(&el, ".card .error").unwrap().text_content().unwrap();
    assert!(shown.starts_with("impossible de joindre http://127.0.0.1:9 : le réseau est coupé"), "{shown}");
    assert!(shown.contains("[") && shown.contains("(abandon après"), "the browser's words, and the attempts: {shown}");
    el.remove();
}
