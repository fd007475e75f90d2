//! Panopto's REST API v1 (`/Panopto/api/v1/...`) as far as finding a place to upload needs
//! it: folders (the top level is the zero GUID), their children and sessions, search, and
//! one folder's details for the breadcrumb. Pages start at 0; an empty `Results` ends them
//! (Panopto's own examples page that way).

use super::error::{IdKind, Invalid, RestError};
use super::request::RestRequest;
use super::types::is_guid;
use crate::core::json::{Fields, FromJson, Json, JsonError};
use crate::core::uri_encode::uri_encode;

/// The top level: "not the real folder", only its children can be listed.
pub const TOP: &str = "00000000-0000-0000-0000-000000000000";

/// `{"Id", "Name"}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FolderRef {
    pub id: String,
    pub name: String,
}

/// `{"Id", "Name", "ParentFolder"?}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Folder {
    pub id: String,
    pub name: String,
    pub parent: Option<FolderRef>,
}

/// `{"Id", "Name", "FolderDetails"?, "CreatedDate"?}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub id: String,
    pub name: String,
    pub folder: Option<FolderRef>,
    pub created: Option<String>,
}

/// One page of a listing: `{"Results": [...]}` (missing: no results).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page<T> {
    pub results: Vec<T>,
}

impl FromJson for FolderRef {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        let f = Fields::of(v, "FolderRef")?;
        Ok(FolderRef { id: f.get("Id")?, name: f.get("Name")? })
    }
}

impl FromJson for Folder {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        let f = Fields::of(v, "Folder")?;
        Ok(Folder { id: f.get("Id")?, name: f.get("Name")?, parent: f.get("ParentFolder")? })
    }
}

impl FromJson for Session {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        let f = Fields::of(v, "Session")?;
        Ok(Session {
            id: f.get("Id")?,
            name: f.get("Name")?,
            folder: f.get("FolderDetails")?,
            created: f.get("CreatedDate")?,
        })
    }
}

impl<T: FromJson> FromJson for Page<T> {
    fn from_json(v: &Json) -> Result<Self, JsonError> {
        Ok(Page { results: Fields::of(v, "Page")?.or_default("Results")? })
    }
}

fn get(origin: &str, path_and_query: &str, token: &str) -> RestRequest {
    RestRequest {
        method: "GET",
        url: format!("{origin}/Panopto/api/v1/{path_and_query}"),
        headers: vec![
            ("accept".into(), "application/json".into()),
            ("authorization".into(), format!("Bearer {token}")),
        ],
        body: None,
    }
}

fn id(kind: IdKind, id: &str) -> Result<String, RestError> {
    if is_guid(id) {
        Ok(id.to_ascii_lowercase())
    } else {
        Err(RestError::invalid(Invalid::NotAnId { kind, id: id.to_string() }))
    }
}

pub fn folder(origin: &str, folder_id: &str, token: &str) -> Result<RestRequest, RestError> {
    Ok(get(origin, &format!("folders/{}", id(IdKind::Folder, folder_id)?), token))
}

pub fn children(origin: &str, folder_id: &str, page: u32, token: &str) -> Result<RestRequest, RestError> {
    let f = id(IdKind::Folder, folder_id)?;
    Ok(get(origin, &format!("folders/{f}/children?pageNumber={page}&sortField=Name&sortOrder=Asc"), token))
}

pub fn search_folders(origin: &str, query: &str, page: u32, token: &str) -> Result<RestRequest, RestError> {
    let q = query.trim();
    if q.is_empty() {
        return Err(RestError::invalid(Invalid::NoQuery));
    }
    Ok(get(origin, &format!("folders/search?searchQuery={}&pageNumber={page}", uri_encode(q)), token))
}

/// `folders/creator`: the folders the user may create sessions in ("Lists all the folders the
/// user is a creator in", Panopto's OpenAPI description), narrowed by `query` unless blank.
pub fn creator_folders(origin: &str, query: &str, page: u32, token: &str) -> RestRequest {
    let search = match query.trim() {
        "" => String::new(),
        q => format!("searchQuery={}&", uri_encode(q)),
    };
    get(origin, &format!("folders/creator?{search}pageNumber={page}&sortField=Name&sortOrder=Asc"), token)
}

pub fn sessions(origin: &str, folder_id: &str, page: u32, token: &str) -> Result<RestRequest, RestError> {
    let f = id(IdKind::Folder, folder_id)?;
    Ok(get(origin, &format!("folders/{f}/sessions?pageNumber={page}&sortField=CreatedDate&sortOrder=Desc"), token))
}

pub fn search_sessions(origin: &str, query: &str, page: u32, token: &str) -> Result<RestRequest, RestError> {
    let q = query.trim();
    if q.is_empty() {
        return Err(RestError::invalid(Invalid::NoQuery));
    }
    Ok(get(origin, &format!("sessions/search?searchQuery={}&pageNumber={page}", uri_encode(q)), token))
}

pub fn session(origin: &str, session_id: &str, token: &str) -> Result<RestRequest, RestError> {
    Ok(get(origin, &format!("sessions/{}", id(IdKind::Session, session_id)?), token))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::panopto_rest::parse_response;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn requests_as_panoptos_examples_make_them() {
        let r = children("https://p", TOP, 2, "t").unwrap();
        assert_eq!(
            r.url,
            format!("https://p/Panopto/api/v1/folders/{TOP}/children?pageNumber=2&sortField=Name&sortOrder=Asc")
        );
        assert!(r.headers.contains(&("authorization".into(), "Bearer t".into())));
        assert_eq!(
            search_folders("https://p", " EE 2001 & co ", 0, "t").unwrap().url,
            "https://p/Panopto/api/v1/folders/search?searchQuery=EE%202001%20%26%20co&pageNumber=0"
        );
        assert!(search_sessions("https://p", "  ", 0, "t").is_err());
        assert!(folder("https://p", "../x", "t").is_err());
    }

    #[test]
    fn pages_folders_and_sessions_parse() {
        let body = r#"{"Results":[{"Id":"3f8c2a71-9d4e-4b6a-8c15-7e2f0a9d4b31","Name":"EE2001","ParentFolder":{"Id":"a","Name":"EE"},"Urls":{}}]}"#;
        let page: Page<Folder> = parse_response(200, body).unwrap();
        assert_eq!(page.results[0].parent.as_ref().unwrap().name, "EE");
        let empty: Page<Folder> = parse_response(200, r#"{"Results":[]}"#).unwrap();
        assert!(empty.results.is_empty());
        let s: Session =
            parse_response(200, r#"{"Id":"s","Name":"Week 1","FolderDetails":{"Id":"f","Name":"EE2001"}}"#).unwrap();
        assert_eq!(s.folder.unwrap().name, "EE2001");
    }
}
