//! `POST /Panopto/api/v1/sessions/{id}/captions`: "Upload a caption file (in SRT or VTT format)
//! to this session" (Panopto's OpenAPI description, operation Sessions_UploadCaptionsToSession).
//! What it says, followed here:
//! - "Content should be sent as 'multipart/form-data', with the caption file attached as part of
//!   the multi-part data": the file's part is not named, so the one part that carries a file
//!   (a `filename` in its Content-Disposition) is the caption, whatever its field name.
//! - `language`, `"in": "formData"`, a ContentLanguage (`English_USA` … `Vietnamese`): a form
//!   field. Its names bind case-insensitively, as ASP.NET binds enums; the schema does not mark
//!   it required, but a caption without a language is refused here (the uploader always sends
//!   one, and storing it as an unnamed track would hide a mistake).
//! - 200 with no body; 400 with an APIError; 403 "User does not have permission to access this
//!   function"; 404 "The requested session was not found".
//!
//! Permission is the emulator's rule for adding to a session (as StreamUpload's): the session's
//! folder must take new content from the user (`CanCreate`). A second caption in a language
//! replaces the first (a session has one caption track per language; inference).

use super::caption_format;
use super::query::{bad, guid, refuse, Answer};
use crate::catalog;
use crate::folders::tree::{denied_message, CreateCheck};
use crate::multipart::collect;
use crate::panda::headers::{body_kind, BodyKind};
use crate::state::{CaptionRecord, Kind, Store};
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Response, StatusCode};

/// Panopto's ContentLanguage enum, in the OpenAPI's order.
pub const LANGUAGES: [&str; 31] = [
    "English_USA",
    "English_GBR",
    "Spanish_MEX",
    "Spanish_ESP",
    "German",
    "French",
    "Dutch",
    "Thai",
    "Chinese_Simplified",
    "Chinese_Traditional",
    "Korean",
    "Japanese",
    "Russian",
    "Portuguese",
    "Polish",
    "English_AUS",
    "Danish",
    "Finnish",
    "Hungarian",
    "Norwegian",
    "Swedish",
    "Italian",
    "Welsh",
    "Catalan",
    "Galician",
    "Basque",
    "Arabic",
    "Hindi",
    "French_CAN",
    "Hebrew",
    "Vietnamese",
];

/// The largest form taken (no limit is published; caption files are small).
pub const MAX_BODY: usize = 16 * 1024 * 1024;

fn language(value: Option<&[u8]>) -> Result<&'static str, String> {
    let Some(v) = value else {
        return Err(format!("The form field 'language' is required: one of {}.", LANGUAGES.join(", ")));
    };
    let v = String::from_utf8_lossy(v);
    let v = v.trim();
    LANGUAGES
        .iter()
        .find(|l| l.eq_ignore_ascii_case(v))
        .copied()
        .ok_or_else(|| format!("The language '{v}' is not valid: use one of {}.", LANGUAGES.join(", ")))
}

/// The session's upload record, if the user may add to it.
fn session_upload(store: &Store, seg: &str) -> Result<uuid::Uuid, super::query::Refusal> {
    let id = guid(seg, "session")?;
    let not_found = || refuse(StatusCode::NOT_FOUND, format!("Session {id} was not found."));
    let session = catalog::all(store).into_iter().find(|s| s.id == id).ok_or_else(not_found)?;
    if let CreateCheck::Denied(f) = store.folders.may_create(&session.folder_id) {
        return Err(refuse(StatusCode::FORBIDDEN, denied_message(f)));
    }
    Ok(session.upload_id)
}

pub fn upload(store: &Store, seg: &str, headers: &HeaderMap, body: &Bytes, user: &str) -> Answer {
    let upload_id = session_upload(store, seg)?;
    let boundary = match body_kind(headers) {
        BodyKind::Form(Ok(b)) => b,
        BodyKind::Form(Err(e)) => return Err(bad(format!("Bad multipart/form-data: {e}."))),
        _ => return Err(bad("Content should be sent as 'multipart/form-data', with the caption file attached.")),
    };
    let parts = collect(&boundary, body, &["language"]).map_err(|e| bad(format!("Bad multipart/form-data: {e}.")))?;
    let mut files = parts.iter().filter(|p| p.head.filename.is_some());
    let (Some(file), None) = (files.next(), files.next()) else {
        return Err(bad("Attach exactly one caption file (a form part with a filename)."));
    };
    let lang = parts.iter().find(|p| p.head.name == "language").map(|p| p.content.as_slice());
    let lang = language(lang).map_err(bad)?;
    let name = file.head.filename.clone().unwrap_or_default();
    let format = caption_format::check(&name, &file.content)
        .map_err(|e| bad(format!("The caption file '{name}' is not valid SRT or VTT: {e}.")))?;
    let dir = store.captions_dir(&upload_id);
    let stored_as = format!("{lang}.{}", format.name().to_ascii_lowercase());
    let written = std::fs::create_dir_all(&dir).and_then(|_| std::fs::write(dir.join(&stored_as), &file.content));
    if let Err(e) = written {
        return Err(refuse(StatusCode::INTERNAL_SERVER_ERROR, format!("Cannot store the caption file: {e}")));
    }
    let record = CaptionRecord {
        file_name: name,
        language: lang.to_string(),
        format: format.name().to_string(),
        size: file.content.len() as u64,
        stored_as,
        uploaded_by: user.to_string(),
        uploaded_at: store.now_rfc3339(),
    };
    store.update(&upload_id, |r| {
        if r.kind == Kind::Session {
            r.captions.retain(|c| c.language != record.language);
            r.captions.push(record);
        }
    });
    let mut ok = Response::new(Body::empty());
    *ok.status_mut() = StatusCode::OK;
    Ok(ok)
}
