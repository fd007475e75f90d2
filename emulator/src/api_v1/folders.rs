//! `GET /Panopto/api/v1/folders/{id}`, `.../folders/{id}/children`, `.../folders/search` and
//! `.../folders/creator`.
//! The zero GUID is the top level: it has children but no details of its own, as on Panopto.

use super::query::{bad, guid, refuse, results, sorted_page, Answer, Query, Refusal};
use crate::folders::tree::Folder;
use crate::rest::json_response;
use crate::state::Store;
use axum::http::StatusCode;
use serde_json::{json, Value};
use uuid::Uuid;

const SORT_FIELDS: [&str; 1] = ["Name"];

pub fn folder_json(store: &Store, f: &Folder, host: &str) -> Value {
    let parent = f.parent.and_then(|p| store.folders.get(&p)).map(|p| json!({"Id": p.id, "Name": p.name}));
    let id = f.id;
    json!({
        "Id": id,
        "Name": f.name,
        "ParentFolder": parent,
        "Urls": {
            "FolderUrl": format!("http://{host}/Panopto/Pages/Sessions/List.aspx#folderID=%22{id}%22"),
            "EmbedUrl": format!("http://{host}/Panopto/Pages/Embed.aspx?folderID={id}"),
            "ShareSettingsUrl": format!("http://{host}/Panopto/Pages/Sessions/List.aspx#folderID=%22{id}%22&folderSharing=true"),
        },
    })
}

fn not_found(id: &Uuid) -> Refusal {
    refuse(StatusCode::NOT_FOUND, format!("Folder {id} was not found."))
}

pub fn get(store: &Store, seg: &str, host: &str) -> Answer {
    let id = guid(seg, "folder")?;
    if id.is_nil() {
        return Err(bad(format!(
            "{id} stands for the top level, which is not a real folder and has no details; list it with \
             GET /Panopto/api/v1/folders/{id}/children"
        )));
    }
    let f = store.folders.get(&id).ok_or_else(|| not_found(&id))?;
    Ok(json_response(StatusCode::OK, &folder_json(store, f, host)))
}

fn page_of(store: &Store, folders: Vec<&Folder>, q: &Query, host: &str) -> Answer {
    let (page, desc) = (q.page_number()?, q.descending()?);
    q.sort_field(&SORT_FIELDS)?;
    let items = sorted_page(folders, |f| f.name.to_lowercase(), |f| f.id, desc, page, store.cfg.api_page_size);
    Ok(results(items.into_iter().map(|f| folder_json(store, f, host)).collect()))
}

pub fn children(store: &Store, seg: &str, q: &Query, host: &str) -> Answer {
    let id = guid(seg, "folder")?;
    let parent = if id.is_nil() {
        None
    } else {
        store.folders.get(&id).ok_or_else(|| not_found(&id))?;
        Some(id)
    };
    page_of(store, store.folders.children(parent), q, host)
}

pub fn search(store: &Store, q: &Query, host: &str) -> Answer {
    let text = q.search_query()?;
    page_of(store, store.folders.search(&text), q, host)
}

/// `folders/creator`: "Lists all the folders the user is a creator in" (Panopto's OpenAPI
/// description), paged like the others, narrowed by `searchQuery` when one is given. The
/// emulator's rights are per folder (`CanCreate` in --folders-file; the default tree's Archive
/// is read-only), the same for every user it issues tokens to.
pub fn creator(store: &Store, q: &Query, host: &str) -> Answer {
    let text = match q.get("searchQuery").map(str::trim) {
        Some(t) if !t.is_empty() => q.search_query()?,
        _ => String::new(),
    };
    let creatable = store.folders.search(&text).into_iter().filter(|f| f.can_create).collect();
    page_of(store, creatable, q, host)
}
