//! What the page's executor needs from where it runs, beside the engine's ports
//! (`engine/ports.rs`): a place to run tasks, the files the page names, the sign-in window,
//! and the surface it shows itself on (the DOM in the browser, a recorder in tests). The
//! element implements [`Shell`] over the browser; host tests over fakes.

use super::media::Thumb;
use super::signals::{FileId, HostEvent, NewFile, PageEffect};
use super::unfinished::Reopen;
use super::views::PageView;
use crate::engine::auth::sign_in::Pending;
use crate::engine::ports::{
    AuthWindow, Clock, CreateUpload, FileSource, HostTokens, Http, SavedUploads, SecureRandom, UploadLocks,
};
use crate::text::Lang;
use futures_util::future::LocalBoxFuture;
use std::rc::Rc;

pub trait Shell {
    /// Run `task` in the background (it owns everything it needs).
    fn spawn(&self, task: LocalBoxFuture<'static, ()>);
    /// The file the page named (`None` once let go of).
    fn file(&self, id: FileId) -> Option<Rc<dyn FileSource>>;
    /// The page's `createUpload`, asked about this file.
    fn create_upload(&self, id: FileId) -> Option<Rc<dyn CreateUpload>>;
    /// The sign-in window, which comes back to `redirect_uri`.
    fn auth_window(&self, redirect_uri: &str) -> Rc<dyn AuthWindow>;
    /// Leave for Panopto's sign-in (`url`), keeping `pending` for the way back (never a
    /// token). `false`: it cannot be kept, so the answer could not be checked.
    fn redirect_to_sign_in(&self, url: &str, pending: &Pending) -> bool;
    /// The answer the page was loaded with after a redirect sign-in, and the request it
    /// answers (once: taken).
    fn returned_sign_in(&self) -> Option<(Pending, String)>;
    /// The page no longer needs these files.
    fn release(&self, files: &[FileId]);
    /// Keep the handle the file came with, if any (Chromium: the file picker's or a drop's
    /// `FileSystemFileHandle`), under `key` beside its saved record, to read the file
    /// again after a reload without the teacher finding it.
    fn keep_handle(&self, id: FileId, key: &str) -> LocalBoxFuture<'_, ()>;
    fn forget_handle(&self, key: &str) -> LocalBoxFuture<'_, ()>;
    /// The keys handles are kept under.
    fn kept_handles(&self) -> LocalBoxFuture<'_, Vec<String>>;
    /// Read the file kept under `key` again (asking for read permission: called in the
    /// teacher's click) and hold it under a new id.
    fn reopen(&self, key: &str) -> LocalBoxFuture<'_, Result<NewFile, Reopen>>;
    /// A small frame of the video about a tenth in, and its duration, where the browser can
    /// decode it (`None` otherwise).
    fn preview(&self, id: FileId) -> LocalBoxFuture<'static, Option<Thumb>>;
    /// A DOM event (its words, if any, in `lang`).
    fn fire(&self, event: &HostEvent, lang: Lang);
    /// Show the page as it is now.
    fn render(&self, view: PageView);
    /// What an input made the page do, before it is done (for a log, or a test's asserts).
    fn trace(&self, _effects: &[PageEffect]) {}
}

/// Everything the executor runs on.
#[derive(Clone)]
pub struct Ports {
    pub http: Rc<dyn Http>,
    pub clock: Rc<dyn Clock>,
    /// Saved uploads, for a resume after reload.
    pub store: Rc<dyn SavedUploads>,
    /// One upload of a file at a time across the site's tabs.
    pub locks: Rc<dyn UploadLocks>,
    /// For PKCE and sign-in `state`, and the seed of retries' jitter.
    pub random: Rc<dyn SecureRandom>,
    /// The page's `tokenProvider` and `tokenneeded`.
    pub host_tokens: Rc<dyn HostTokens>,
    pub shell: Rc<dyn Shell>,
}
