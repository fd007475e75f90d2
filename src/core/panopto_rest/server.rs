//! Request builders for one Panopto server.

use super::error::{IdKind, Invalid, RestError};
use super::request::RestRequest;
use super::types::{is_guid, SessionUpload, StreamUpload, UploadStatus};
use crate::core::json;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PanoptoServer {
    /// `scheme://host[:port]`, no trailing slash.
    origin: String,
}

impl PanoptoServer {
    /// Accepts `host`, `https://host`, `https://host/` or `https://host/Panopto`;
    /// a bare host means https, as every Panopto tenant is.
    pub fn new(server: &str) -> Result<Self, RestError> {
        let s = server.trim();
        if s.is_empty() {
            return Err(RestError::invalid(Invalid::NoServer));
        }
        let (scheme, rest) = s.split_once("://").unwrap_or(("https", s));
        let rest = rest.trim_end_matches('/');
        let rest = rest.strip_suffix("/Panopto").unwrap_or(rest);
        let scheme = scheme.to_ascii_lowercase();
        let host_ok = !rest.is_empty() && !rest.starts_with(':') && !rest.contains(['/', '?', '#', '@', ' ']);
        if !(scheme == "http" || scheme == "https") || !host_ok {
            return Err(RestError::invalid(Invalid::NotAServer(server.to_string())));
        }
        Ok(PanoptoServer { origin: format!("{scheme}://{rest}") })
    }

    pub fn origin(&self) -> &str {
        &self.origin
    }

    fn rest(&self, path: &str) -> String {
        format!("{}/Panopto/PublicAPI/REST/{path}", self.origin)
    }

    fn request(&self, method: &'static str, path: &str, token: &str, body: Option<String>) -> RestRequest {
        let mut headers = vec![
            ("accept".to_string(), "application/json".to_string()),
            ("authorization".to_string(), format!("Bearer {token}")),
        ];
        if body.is_some() {
            headers.push(("content-type".into(), "application/json".into()));
        }
        RestRequest { method, url: self.rest(path), headers, body }
    }

    fn id_path(kind: &str, id: &str) -> Result<String, RestError> {
        if is_guid(id) {
            Ok(format!("{kind}/{id}"))
        } else {
            Err(RestError::invalid(Invalid::NotAnId { kind: IdKind::Any, id: id.to_string() }))
        }
    }

    /// `POST sessionUpload {FolderId}` → 201 with the new SessionUpload.
    pub fn create_session_upload(&self, folder_id: &str, token: &str) -> Result<RestRequest, RestError> {
        if !is_guid(folder_id.trim()) {
            let id = folder_id.to_string();
            return Err(RestError::invalid(Invalid::NotAnId { kind: IdKind::Folder, id }));
        }
        let body = json::Json::Object(json::object([("FolderId", json::ToJson::to_json(folder_id.trim()))])).to_text();
        Ok(self.request("POST", "sessionUpload", token, Some(body)))
    }

    pub fn get_session_upload(&self, id: &str, token: &str) -> Result<RestRequest, RestError> {
        Ok(self.request("GET", &Self::id_path("sessionUpload", id)?, token, None))
    }

    /// `PUT sessionUpload/{ID}`: the whole object as received, with `State: 1`.
    pub fn finish_session_upload(&self, upload: &SessionUpload, token: &str) -> Result<RestRequest, RestError> {
        let mut finished = upload.clone();
        finished.state = UploadStatus::UploadComplete;
        let body = json::to_string(&finished).map_err(not_json)?;
        Ok(self.request("PUT", &Self::id_path("sessionUpload", &upload.id)?, token, Some(body)))
    }

    /// `DELETE sessionUpload/{ID}`: cancel; the server moves it to 2 and then 7.
    pub fn delete_session_upload(&self, id: &str, token: &str) -> Result<RestRequest, RestError> {
        Ok(self.request("DELETE", &Self::id_path("sessionUpload", id)?, token, None))
    }

    /// `POST upload {SessionID, StreamType?, StreamStartTime?}` → 201.
    pub fn create_stream_upload(&self, stream: &StreamUpload, token: &str) -> Result<RestRequest, RestError> {
        if !is_guid(&stream.session_id) {
            let id = stream.session_id.clone();
            return Err(RestError::invalid(Invalid::NotAnId { kind: IdKind::Session, id }));
        }
        let body = json::to_string(stream).map_err(not_json)?;
        Ok(self.request("POST", "upload", token, Some(body)))
    }

    pub fn get_stream_upload(&self, id: &str, token: &str) -> Result<RestRequest, RestError> {
        Ok(self.request("GET", &Self::id_path("upload", id)?, token, None))
    }

    pub fn finish_stream_upload(&self, stream: &StreamUpload, token: &str) -> Result<RestRequest, RestError> {
        let id = stream.id.as_deref().ok_or_else(|| RestError::invalid(Invalid::NoStreamId))?;
        // The object as received with `State: 1`.
        let mut finished = stream.clone();
        finished.state = Some(UploadStatus::UploadComplete);
        let body = json::to_string(&finished).map_err(not_json)?;
        Ok(self.request("PUT", &Self::id_path("upload", id)?, token, Some(body)))
    }

    pub fn delete_stream_upload(&self, id: &str, token: &str) -> Result<RestRequest, RestError> {
        Ok(self.request("DELETE", &Self::id_path("upload", id)?, token, None))
    }

    /// Where a teacher watches the processed session.
    pub fn viewer_url(&self, session_id: &str) -> String {
        format!("{}/Panopto/Pages/Viewer.aspx?id={session_id}", self.origin)
    }
}

fn not_json(e: impl std::fmt::Display) -> RestError {
    RestError::invalid(Invalid::NotJson(e.to_string()))
}
