//! `POST /Panopto/api/v1/sessions/{id}/captions` (Panopto's OpenAPI: multipart/form-data, the
//! caption file attached, `language` a form field): SRT and VTT stored on the session and shown
//! by /_emulator/sessions, a malformed file refused with its line, a session the user may not
//! add to refused with 403, a missing or unknown language 400, no token 401.
mod common;
use common::*;
use serde_json::json;

const SRT: &str =
    "1\r\n00:00:01,000 --> 00:00:02,500\r\nHello, class\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\nBye\r\n";
const VTT: &str = "WEBVTT\n\n00:01.000 --> 00:02.000\nBonjour\n";

/// A form with `language` (unless None) and the caption file in field `file`.
fn form(language: Option<&str>, file_name: &str, text: &str) -> Vec<u8> {
    let mut b = String::new();
    if let Some(l) = language {
        b += &format!("--BoUnD\r\nContent-Disposition: form-data; name=\"language\"\r\n\r\n{l}\r\n");
    }
    b += &format!(
        "--BoUnD\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n{text}\r\n--BoUnD--\r\n"
    );
    b.into_bytes()
}

fn post(emu: &Emu, token: Option<&str>, session: &str, body: &[u8]) -> Resp {
    let auth = token.map(|t| format!("Bearer {t}"));
    let mut h = vec![("Content-Type", "multipart/form-data; boundary=BoUnD")];
    if let Some(a) = auth.as_deref() {
        h.push(("Authorization", a));
    }
    emu.req("POST", &format!("{API}/sessions/{session}/captions"), &h, body)
}

#[test]
fn srt_and_vtt_are_stored_on_the_session() {
    let emu = Emu::start(&[]);
    let (up, session) = emu.upload_titled(TOKEN, FOLDER, "Week 1", "");
    let r = post(&emu, Some(TOKEN), &session, &form(Some("English_USA"), "week1.srt", SRT));
    assert_eq!((r.status, r.body.len()), (200, 0), "{}", r.text());
    // Language names bind case-insensitively; a second file in a language replaces the first.
    let r = post(&emu, Some(TOKEN), &session, &form(Some("french"), "week1.fr.vtt", "WEBVTT\n"));
    assert_eq!(r.status, 200, "{}", r.text());
    let r = post(&emu, Some(TOKEN), &session.to_uppercase(), &form(Some("French"), "week1.fr.vtt", VTT));
    assert_eq!(r.status, 200, "{}", r.text());
    let captions = emu.inspect(&up)["Captions"].clone();
    assert_eq!(captions.as_array().unwrap().len(), 2, "{captions}");
    let pick = |c: &serde_json::Value| {
        json!([c["FileName"], c["Language"], c["Format"], c["Size"], c["Text"], c["UploadedBy"]])
    };
    assert_eq!(pick(&captions[0]), json!(["week1.srt", "English_USA", "SRT", SRT.len(), SRT, "admin"]));
    assert_eq!(pick(&captions[1]), json!(["week1.fr.vtt", "French", "VTT", VTT.len(), VTT, "admin"]));
}

#[test]
fn malformed_files_and_languages_are_400() {
    let emu = Emu::start(&[]);
    let (up, session) = emu.upload_titled(TOKEN, FOLDER, "Week 1", "");
    let bad_timing = "1\n00:00:01.000 --> 00:00:02,000\nHello\n";
    let r = post(&emu, Some(TOKEN), &session, &form(Some("English_USA"), "a.srt", bad_timing));
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["Message"],
        "The caption file 'a.srt' is not valid SRT or VTT: line 2: '00:00:01.000 --> 00:00:02,000' is not a cue \
         timing 'HH:MM:SS,mmm --> HH:MM:SS,mmm'."
    );
    let r = post(&emu, Some(TOKEN), &session, &form(Some("English_USA"), "a.vtt", SRT));
    assert_eq!(r.status, 400);
    assert!(r.json()["Message"].as_str().unwrap().contains("line 1: a WebVTT file must start with 'WEBVTT'"));

    let r = post(&emu, Some(TOKEN), &session, &form(None, "a.srt", SRT));
    assert_eq!(r.status, 400);
    assert!(r.json()["Message"]
        .as_str()
        .unwrap()
        .starts_with("The form field 'language' is required: one of English_USA,"));
    let r = post(&emu, Some(TOKEN), &session, &form(Some("en-US"), "a.srt", SRT));
    assert_eq!(r.status, 400);
    assert!(r.json()["Message"].as_str().unwrap().starts_with("The language 'en-US' is not valid"));

    // Not a form; a form without a file.
    let h = [("Authorization", "Bearer dev-token"), ("Content-Type", "text/plain")];
    let r = emu.req("POST", &format!("{API}/sessions/{session}/captions"), &h, SRT.as_bytes());
    assert_eq!(r.status, 400, "{}", r.text());
    let no_file = b"--BoUnD\r\nContent-Disposition: form-data; name=\"language\"\r\n\r\nGerman\r\n--BoUnD--";
    let r = post(&emu, Some(TOKEN), &session, no_file);
    assert_eq!(r.json()["Message"], "Attach exactly one caption file (a form part with a filename).");
    assert_eq!(emu.inspect(&up)["Captions"], json!([]), "nothing stored");
}

#[test]
fn sessions_the_user_may_not_add_to_unknown_sessions_no_token_and_get() {
    let emu = Emu::start(&[]);
    let body = form(Some("English_USA"), "a.srt", SRT);
    let (_, session) = emu.upload_titled(TOKEN, FOLDER, "Week 1", "");
    let r = post(&emu, None, &session, &body);
    assert_eq!(r.status, 401);
    let r = post(&emu, Some("not-a-token"), &session, &body);
    assert_eq!(r.status, 401);
    let unknown = "0badc0de-0000-4000-8000-000000000000";
    let r = post(&emu, Some(TOKEN), unknown, &body);
    assert_eq!((r.status, r.json()["Message"].clone()), (404, json!(format!("Session {unknown} was not found."))));
    let r = post(&emu, Some(TOKEN), "nope", &body);
    assert_eq!(r.status, 400);
    let r = emu.get_as(TOKEN, &format!("{API}/sessions/{session}/captions"));
    assert_eq!(r.status, 405);
    assert!(r.headers.iter().any(|(k, v)| k.eq_ignore_ascii_case("allow") && v == "POST"));
    drop(emu);

    // A session in a folder that no longer takes content from the user (another folders file
    // after a restart): 403, as StreamUpload refuses it.
    let tmp = tempfile::tempdir().unwrap();
    let (emu, up, session) = session_in_closed_folder(tmp.path(), TOKEN);
    let r = post(&emu, Some(TOKEN), &session, &body);
    assert_eq!(r.status, 403, "{}", r.text());
    assert_eq!(r.json()["Message"], "You do not have permission to create sessions in the folder 'Term 1'.");
    assert_eq!(emu.inspect(&up)["Captions"], json!([]));
}
