//! Finding where to upload, through Panopto's REST API v1: a folder's details (for the
//! breadcrumb), its children, its sessions, and searches. One client method per call, as
//! for the upload API; listings are read page after page until an empty `Results` (how
//! Panopto's examples page), capped so a huge tenant cannot keep the picker busy forever.
//! 401/403 refresh the token once and 429 waits and retries, in [`PanoptoClient`]'s `call`.

use super::context::SendPolicy;
use super::error::UploadError;
use super::panopto_client::PanoptoClient;
use crate::core::json::FromJson;
use crate::core::panopto_rest::v1::{self, Folder, FolderRef, Page, Session};
use crate::core::panopto_rest::{RestError, RestRequest};
use crate::text::Step;

/// At most this many pages of one listing (Panopto's pages hold tens of entries).
pub const MAX_PAGES: u32 = 40;

/// A listing, and whether it stopped at [`MAX_PAGES`] with more to come.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listing<T> {
    pub items: Vec<T>,
    pub truncated: bool,
}

impl PanoptoClient<'_> {
    /// `GET folders/{id}`: name and parent (not for the top level, which has no details).
    pub async fn get_folder(&self, id: &str) -> Result<Folder, UploadError> {
        let origin = self.server.origin();
        self.call(Step::ReadFolder, SendPolicy::default(), |t| v1::folder(origin, id, t)).await
    }

    /// `GET folders/{id}/children`, every page.
    pub async fn list_child_folders(&self, id: &str) -> Result<Listing<Folder>, UploadError> {
        let origin = self.server.origin();
        self.all_pages(Step::ListFolders, |page, t| v1::children(origin, id, page, t)).await
    }

    /// `GET folders/search?searchQuery=`, every page.
    pub async fn search_folders(&self, query: &str) -> Result<Listing<Folder>, UploadError> {
        let origin = self.server.origin();
        self.all_pages(Step::SearchFolders, |page, t| v1::search_folders(origin, query, page, t)).await
    }

    /// `GET folders/creator` (with `searchQuery=` unless `query` is blank): the folders the
    /// teacher may create sessions in, every page.
    pub async fn creator_folders(&self, query: &str) -> Result<Listing<Folder>, UploadError> {
        let origin = self.server.origin();
        // Said as any folder listing or search is, if it fails.
        let step = if query.trim().is_empty() { Step::ListFolders } else { Step::SearchFolders };
        self.all_pages(step, |page, t| Ok(v1::creator_folders(origin, query, page, t))).await
    }

    /// `GET folders/{id}/sessions`, newest first, every page.
    pub async fn list_folder_sessions(&self, id: &str) -> Result<Listing<Session>, UploadError> {
        let origin = self.server.origin();
        self.all_pages(Step::ListSessions, |page, t| v1::sessions(origin, id, page, t)).await
    }

    /// `GET sessions/search?searchQuery=`, every page.
    pub async fn search_sessions(&self, query: &str) -> Result<Listing<Session>, UploadError> {
        let origin = self.server.origin();
        self.all_pages(Step::SearchSessions, |page, t| v1::search_sessions(origin, query, page, t)).await
    }

    /// `GET sessions/{id}`: the session a `session-id` names, to show its name.
    pub async fn get_session(&self, id: &str) -> Result<Session, UploadError> {
        let origin = self.server.origin();
        self.call(Step::ReadSession, SendPolicy::default(), |t| v1::session(origin, id, t)).await
    }

    async fn all_pages<T: FromJson>(
        &self,
        step: Step,
        build: impl Fn(u32, &str) -> Result<RestRequest, RestError>,
    ) -> Result<Listing<T>, UploadError> {
        let mut items = Vec::new();
        for page in 0..MAX_PAGES {
            let got: Page<T> = self.call(step, SendPolicy::default(), |t| build(page, t)).await?;
            if got.results.is_empty() {
                return Ok(Listing { items, truncated: false });
            }
            items.extend(got.results);
        }
        Ok(Listing { items, truncated: true })
    }
}

/// The way from the top level down to `folder`, by its parents (`ParentFolder`), nearest
/// last. `parent_of` reads a folder's details; a loop in the answers ends the walk.
pub async fn breadcrumb<F, Fut>(folder: Folder, parent_of: F) -> Result<Vec<FolderRef>, UploadError>
where
    F: Fn(String) -> Fut,
    Fut: std::future::Future<Output = Result<Folder, UploadError>>,
{
    let mut trail = vec![FolderRef { id: folder.id.clone(), name: folder.name.clone() }];
    let mut next = folder.parent;
    while let Some(parent) = next {
        if parent.id == v1::TOP || trail.iter().any(|f| f.id.eq_ignore_ascii_case(&parent.id)) || trail.len() > 32 {
            break;
        }
        let details = parent_of(parent.id.clone()).await?;
        trail.push(FolderRef { id: details.id.clone(), name: details.name.clone() });
        next = details.parent;
    }
    trail.reverse();
    Ok(trail)
}
