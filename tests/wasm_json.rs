//! JSON in the browser (`wasm-pack test --headless --chrome`): core::json is our own parser and
//! printer on both targets, and the host tests check the answers and bodies against serde_json;
//! here they are checked again as compiled for wasm32 (32-bit `usize`, the wasm build's own
//! code): objects echoed whole (unknown fields kept), enums read from integers or names,
//! numbers, nulls, and the errors a teacher or page author would read.
#![cfg(target_arch = "wasm32")]

use panopto_uploader::core::json;
use panopto_uploader::core::json::Json;
use panopto_uploader::core::oauth::token::parse_tokens;
use panopto_uploader::core::panda::answer::{judge, parse_session, Answer};
use panopto_uploader::core::panda::request::{create_session, PandaBody};
use panopto_uploader::core::panopto_rest::{parse_response, PanoptoServer, SessionUpload, StreamUpload, UploadStatus};
use panopto_uploader::text::{ErrorText, PandaStep, PandaTrouble, Step};
use panopto_uploader::ui::i18n::english;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const ID: &str = "86cb20c2-a0a1-4c24-94c7-3a75532816df";
const FOLDER: &str = "3f8c2a71-9d4e-4b6a-8c15-7e2f0a9d4b31";

fn body_json(body: Option<&str>) -> Json {
    json::parse(body.unwrap()).unwrap()
}

fn parsed(text: &str) -> Json {
    json::parse(text).unwrap()
}

#[wasm_bindgen_test]
fn session_upload_is_echoed_whole_with_state_1() {
    let created = r#"{"ID":"86cb20c2-a0a1-4c24-94c7-3a75532816df","FolderId":"3f8c2a71-9d4e-4b6a-8c15-7e2f0a9d4b31",
        "SessionId":null,"UploadTarget":"http://h/Panopto/Upload/x","State":0,"MessageID":0,"Message":null,
        "Priorty":2,"SomethingNew":{"a":1,"b":[true,null,"c"]}}"#;
    let up: SessionUpload = parse_response(201, created).unwrap();
    assert_eq!(up.state, UploadStatus::Uploading);
    assert_eq!(up.extra["SomethingNew"], parsed(r#"{"a":1,"b":[true,null,"c"]}"#));
    let s = PanoptoServer::new("http://127.0.0.1:8080").unwrap();
    let r = s.finish_session_upload(&up, "tok").unwrap();
    let Json::Object(mut expected) = parsed(created) else { panic!("an object") };
    for (key, value) in &mut expected {
        if key == "State" {
            *value = parsed("1");
        }
    }
    let expected = Json::Object(expected);
    assert_eq!(body_json(r.body.as_deref()), expected);
    let r = s.create_session_upload(&format!(" {FOLDER} "), "tok").unwrap();
    assert_eq!(r.body.as_deref(), Some(r#"{"FolderId":"3f8c2a71-9d4e-4b6a-8c15-7e2f0a9d4b31"}"#));
}

#[wasm_bindgen_test]
fn enums_numbers_and_clear_errors() {
    let from_string: SessionUpload =
        json::from_str(&format!(r#"{{"ID":"{ID}","FolderId":"{FOLDER}","State":"5","Message":"bad"}}"#)).unwrap();
    assert_eq!(from_string.state, UploadStatus::ProcessingError);
    let bad = json::from_str::<SessionUpload>(&format!(r#"{{"ID":"{ID}","FolderId":"{FOLDER}","State":42}}"#));
    assert!(bad.unwrap_err().to_string().contains("UploadStatus code 0–8"));

    let stream: StreamUpload =
        json::from_str(&format!(r#"{{"SessionID":"{ID}","StreamType":"secondaryvideo"}}"#)).unwrap();
    let s = PanoptoServer::new("http://127.0.0.1:8080").unwrap();
    let r = s.create_stream_upload(&stream, "tok").unwrap();
    assert_eq!(r.body.as_deref(), Some(r#"{"SessionID":"86cb20c2-a0a1-4c24-94c7-3a75532816df","StreamType":1}"#));

    let said = |error| english(&ErrorText::Panopto { step: Step::CheckProcessing, error });
    let missing = said(parse_response::<SessionUpload>(201, r#"{"FolderId":"x","State":0}"#).unwrap_err());
    assert!(missing.contains("not the expected object: missing field `ID`"), "{missing}");
    let not_json = said(parse_response::<SessionUpload>(201, "<html>").unwrap_err());
    assert!(not_json.contains("not the expected object: not JSON: "), "{not_json}");
}

#[wasm_bindgen_test]
fn panda_and_oauth_answers() {
    let r = create_session("http://h/s", "a \"b\".mp4", 9, None);
    let PandaBody::Json(body) = r.body else { panic!("a JSON body") };
    assert_eq!(parsed(&body), parsed(r#"{"file_size": 9, "file_name": "a \"b\".mp4"}"#));

    assert_eq!(parse_session(201, r#"{"id":12345,"location":"/u/1"}"#).unwrap().id, "12345");
    assert_eq!(parse_session(201, r#"{"id":" 7 ","location":"/u/1"}"#).unwrap().id, "7");
    let said =
        |flaw| english(&ErrorText::Panda { step: PandaStep::CreateSession, trouble: PandaTrouble::Session(flaw) });
    let big = said(parse_session(201, r#"{"id":12345678901234567890,"location":"/u/1"}"#).unwrap_err());
    assert!(big.contains("not a whole number below 2^53"), "{big}");
    assert!(said(parse_session(201, "nope").unwrap_err()).contains("is not JSON: nope"));
    assert_eq!(judge(200, None, r#"{"id":"v1"}"#), Answer::Complete(parsed(r#"{"id":"v1"}"#)));
    assert!(matches!(judge(200, None, "{"), Answer::Malformed(_)));
    assert_eq!(judge(404, None, r#"{"error":"expired"}"#), Answer::Gone("expired (HTTP 404)".into()));

    let t = parse_tokens(200, r#"{"access_token":"at","expires_in":3600,"refresh_token":null}"#).unwrap();
    assert_eq!((t.access_token.as_str(), t.expires_in, t.refresh_token), ("at", Some(3600), None));
    let e = parse_tokens(400, r#"{"error":"invalid_grant","error_description":"used"}"#).unwrap_err();
    assert_eq!((e.error.as_str(), e.description.as_deref()), ("invalid_grant", Some("used")));
}
