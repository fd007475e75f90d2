//! `GET /Panopto/api/v1/folders/{id}/sessions`, `.../sessions/{id}` and `.../sessions/search`:
//! the sessions of `catalog.rs` (completed sessionUploads and the streams added to them).

use super::query::{bad, guid, refuse, results, sorted_page, Answer, Query};
use crate::catalog::{self, Session};
use crate::rest::json_response;
use crate::state::Store;
use axum::http::StatusCode;

/// The first is the default; CreatedDate sorts oldest first unless sortOrder=Desc.
const SORT_FIELDS: [&str; 2] = ["CreatedDate", "Name"];

fn page_of(store: &Store, sessions: Vec<Session>, q: &Query, host: &str) -> Answer {
    let (page, desc) = (q.page_number()?, q.descending()?);
    let size = store.cfg.api_page_size;
    let items = match q.sort_field(&SORT_FIELDS)? {
        "Name" => sorted_page(sessions, |s| s.name.to_lowercase(), |s| s.id, desc, page, size),
        // RFC 3339 UTC with fixed millisecond precision: text order is time order.
        _ => sorted_page(sessions, |s| s.created_date.clone(), |s| s.id, desc, page, size),
    };
    Ok(results(items.iter().map(|s| catalog::to_json(s, host)).collect()))
}

pub fn in_folder(store: &Store, seg: &str, q: &Query, host: &str) -> Answer {
    let id = guid(seg, "folder")?;
    if id.is_nil() {
        return Err(bad(format!(
            "{id} stands for the top level, which is not a real folder and holds no sessions; list its \
             children with GET /Panopto/api/v1/folders/{id}/children"
        )));
    }
    if store.folders.get(&id).is_none() {
        return Err(refuse(StatusCode::NOT_FOUND, format!("Folder {id} was not found.")));
    }
    let sessions = catalog::all(store).into_iter().filter(|s| s.folder_id == id).collect();
    page_of(store, sessions, q, host)
}

pub fn get(store: &Store, seg: &str, host: &str) -> Answer {
    let id = guid(seg, "session")?;
    let s = catalog::all(store)
        .into_iter()
        .find(|s| s.id == id)
        .ok_or_else(|| refuse(StatusCode::NOT_FOUND, format!("Session {id} was not found.")))?;
    Ok(json_response(StatusCode::OK, &catalog::to_json(&s, host)))
}

/// Matches the session name, ignoring case (like the folder search).
pub fn search(store: &Store, q: &Query, host: &str) -> Answer {
    let text = q.search_query()?.to_lowercase();
    let sessions = catalog::all(store).into_iter().filter(|s| s.name.to_lowercase().contains(&text)).collect();
    page_of(store, sessions, q, host)
}
