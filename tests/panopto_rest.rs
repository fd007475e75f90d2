//! Panopto REST objects and requests (sessionUpload and StreamUpload).
#![cfg(not(target_arch = "wasm32"))]

use panopto_uploader::core::panopto_rest::*;
use panopto_uploader::text::{ErrorText, Step};
use panopto_uploader::ui::i18n::english;
use serde_json::{json, Value};

const FOLDER: &str = "3f8c2a71-9d4e-4b6a-8c15-7e2f0a9d4b31";
const ID: &str = "86cb20c2-a0a1-4c24-94c7-3a75532816df";

#[test]
fn server_addresses() {
    for (given, origin) in [
        ("demo.hosted.panopto.com", "https://demo.hosted.panopto.com"),
        ("https://demo.hosted.panopto.com/", "https://demo.hosted.panopto.com"),
        ("https://demo.hosted.panopto.com/Panopto", "https://demo.hosted.panopto.com"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
    ] {
        assert_eq!(PanoptoServer::new(given).unwrap().origin(), origin);
    }
    for bad in ["", "  ", "ftp://x", "https://x/other/path", "https://"] {
        let e = PanoptoServer::new(bad).unwrap_err();
        assert_eq!(e.kind, RestErrorKind::InvalidInput, "{bad}");
    }
}

#[test]
fn create_request() {
    let s = PanoptoServer::new("http://127.0.0.1:8080").unwrap();
    let r = s.create_session_upload(FOLDER, "tok").unwrap();
    assert_eq!((r.method, r.url.as_str()), ("POST", "http://127.0.0.1:8080/Panopto/PublicAPI/REST/sessionUpload"));
    assert_eq!(serde_json::from_str::<Value>(r.body.as_deref().unwrap()).unwrap(), json!({"FolderId": FOLDER}));
    assert!(r.headers.contains(&("authorization".into(), "Bearer tok".into())));
    assert!(!format!("{r:?}").contains("tok"), "Debug must redact the token");
    let e = s.create_session_upload("not-a-guid", "tok").unwrap_err();
    assert!(english(&ErrorText::Panopto { step: Step::CreateSession, error: e }).contains("not a Panopto folder ID"));
    assert!(s.get_session_upload("../x", "tok").is_err());
}

#[test]
fn finishing_echoes_the_whole_object_with_state_1() {
    let created = json!({
        "ID": ID, "FolderId": FOLDER, "SessionId": null,
        "UploadTarget": format!("http://127.0.0.1:8080/Panopto/Upload/{ID}"),
        "State": 0, "MessageID": 0, "Message": null, "Priorty": 2, "SomethingNew": {"a": 1}
    });
    let up: SessionUpload = parse_response(201, &created.to_string()).unwrap();
    assert_eq!(up.state, UploadStatus::Uploading);
    assert_eq!(up.extra["SomethingNew"], panopto_uploader::core::json::parse(r#"{"a":1}"#).unwrap());
    let s = PanoptoServer::new("http://127.0.0.1:8080").unwrap();
    let r = s.finish_session_upload(&up, "tok").unwrap();
    assert_eq!(
        (r.method, r.url.as_str()),
        ("PUT", &*format!("http://127.0.0.1:8080/Panopto/PublicAPI/REST/sessionUpload/{ID}"))
    );
    let mut expected = created.clone();
    expected["State"] = json!(1);
    assert_eq!(serde_json::from_str::<Value>(r.body.as_deref().unwrap()).unwrap(), expected);
}

#[test]
fn states_and_terminal_set() {
    let terminal: Vec<i64> = UploadStatus::ALL.iter().filter(|s| s.is_terminal()).map(|s| s.code()).collect();
    assert_eq!(terminal, vec![2, 4, 5, 7, 8]);
    assert_eq!(UploadStatus::from_code(3).unwrap().name(), "Processing");
    assert_eq!(UploadStatus::from_code(9), None);
    let from_string: SessionUpload = panopto_uploader::core::json::from_str(
        &json!({"ID": ID, "FolderId": FOLDER, "State": "5", "Message": "bad"}).to_string(),
    )
    .unwrap();
    assert_eq!(from_string.state, UploadStatus::ProcessingError);
    let bad = panopto_uploader::core::json::from_str::<SessionUpload>(
        &json!({"ID": ID, "FolderId": FOLDER, "State": 42}).to_string(),
    );
    assert!(bad.unwrap_err().to_string().contains("UploadStatus code 0–8"));
}

#[test]
fn errors_keep_panopto_message_and_classify() {
    let e = RestError::from_response(401, r#"{"Message":"Authorization has been denied for this request."}"#);
    assert_eq!(
        (e.kind, e.said),
        (RestErrorKind::Unauthorized, RestSaid::Server("Authorization has been denied for this request.".into()))
    );
    assert_eq!(RestError::from_response(403, "").kind, RestErrorKind::Forbidden);
    assert_eq!(RestError::from_response(404, "").kind, RestErrorKind::NotFound);
    assert_eq!(RestError::from_response(503, "<html>").kind, RestErrorKind::Transient);
    assert_eq!(RestError::from_response(429, "").kind, RestErrorKind::Transient);
    let e = RestError::from_response(400, r#"{"Message":"FolderId is required"}"#);
    assert_eq!(
        english(&ErrorText::Panopto { step: Step::FinishUpload, error: e }),
        "Finishing the upload: FolderId is required (HTTP 400)"
    );
    let e = parse_response::<SessionUpload>(201, "{not json").unwrap_err();
    assert_eq!(e.kind, RestErrorKind::Malformed);
}

#[test]
fn stream_upload_round_trip() {
    let s = PanoptoServer::new("http://127.0.0.1:8080").unwrap();
    let stream = StreamUpload {
        id: None,
        session_id: ID.into(),
        stream_type: Some(StreamType::SecondaryVideo),
        stream_start_time: None,
        import_job_id: None,
        upload_target: None,
        state: None,
        message_id: None,
        message: None,
        extra: Default::default(),
    };
    let r = s.create_stream_upload(&stream, "tok").unwrap();
    assert_eq!(r.url, "http://127.0.0.1:8080/Panopto/PublicAPI/REST/upload");
    assert_eq!(
        serde_json::from_str::<Value>(r.body.as_deref().unwrap()).unwrap(),
        json!({"SessionID": ID, "StreamType": 1}),
        "enums travel as integers"
    );
    for (answer, kind) in
        [(json!(2), StreamType::SecondaryPresentation), (json!("secondaryvideo"), StreamType::SecondaryVideo)]
    {
        let got: StreamUpload =
            panopto_uploader::core::json::from_str(&json!({"SessionID": ID, "StreamType": answer}).to_string())
                .unwrap();
        assert_eq!(got.stream_type, Some(kind), "read from an integer or a name");
    }
    assert!(panopto_uploader::core::json::from_str::<StreamUpload>(
        &json!({"SessionID": ID, "StreamType": 3}).to_string()
    )
    .is_err());
    let created: StreamUpload = parse_response(
        201,
        &json!({"ID": FOLDER, "SessionID": ID, "UploadTarget": "http://h/Panopto/Upload/x", "State": 0}).to_string(),
    )
    .unwrap();
    let r = s.finish_stream_upload(&created, "tok").unwrap();
    assert_eq!(serde_json::from_str::<Value>(r.body.as_deref().unwrap()).unwrap()["State"], json!(1));
    assert!(s.finish_stream_upload(&stream, "tok").is_err(), "no ID yet");
    assert_eq!(s.viewer_url(ID), format!("http://127.0.0.1:8080/Panopto/Pages/Viewer.aspx?id={ID}"));
}
