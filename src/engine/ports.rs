//! The engine's ports: the only ways it touches the outside world, all declared here (as
//! tus-js-client declares its adapters in one place). The browser shell implements them
//! with fetch, `Blob.slice`, `setTimeout`, the host page's token, IndexedDB and
//! `Math.random`; host tests implement them with a scripted fake and a virtual clock, so
//! every failure path runs under plain `cargo test`.

use super::control::AbortSignal;
use super::error::UploadError;
use crate::core::panda::answer::PandaSession;
use crate::core::redact::redacted_headers;
use crate::text::HostTrouble;
use futures_util::future::LocalBoxFuture;
use std::fmt;
use std::rc::Rc;

/// A request ready to send. `host` and `content-length` are never in `headers`: the
/// browser derives both.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: &'static str,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: HttpBody,
}

#[derive(Clone, PartialEq, Eq)]
pub enum HttpBody {
    Empty,
    /// Shared so a retry re-sends the same bytes without copying them again.
    Bytes(Rc<Vec<u8>>),
    /// A part the transport reads from the file itself.
    Slice(FileSlice),
    /// `multipart/form-data` with one file field, for servers that take a whole file as
    /// an HTML form would send it (the transport writes the boundary and Content-Type).
    Form {
        field: String,
        file_name: String,
        file: Box<HttpBody>,
    },
}

impl HttpBody {
    /// Bytes of content (a form's file, without the multipart framing).
    pub fn len(&self) -> usize {
        match self {
            HttpBody::Empty => 0,
            HttpBody::Bytes(b) => b.len(),
            HttpBody::Slice(s) => s.len as usize,
            HttpBody::Form { file, .. } => file.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl HttpRequest {
    pub fn body_len(&self) -> usize {
        self.body.len()
    }
}

/// A request body the transport reads itself: in the browser, a `Blob.slice` of the
/// picked file, which fetch streams from disk. Why not bytes: a part read into wasm and
/// handed to fetch as an ArrayBuffer is copied twice more (into JS, into the network
/// process), and Chromium sends such bodies several times slower than Blob bodies
/// (measured here: 12 MB/s against 95 MB/s for four parallel 5 MiB PUTs under
/// automation). The engine still reads each part once, for its CRC-32.
#[derive(Clone)]
pub struct FileSlice {
    /// What the transport knows how to send (a `web_sys::Blob` in the browser).
    pub handle: Rc<dyn std::any::Any>,
    pub len: u64,
}

impl PartialEq for FileSlice {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.handle, &other.handle) && self.len == other.len
    }
}

impl Eq for FileSlice {}

impl fmt::Debug for HttpRequest {
    // Bodies are megabytes and `authorization` may be a bearer token: print neither.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers = redacted_headers(&self.headers);
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body_len", &self.body_len())
            .finish()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    /// Lower-case names. Headers CORS does not expose are simply absent.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HttpError {
    /// No HTTP answer at all: connection refused or dropped, DNS, CORS rejection, offline.
    Network(String),
    /// Aborted by us (pause, cancel, a stalled part).
    Aborted,
}

impl fmt::Display for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HttpError::Network(m) => write!(f, "network error: {m}"),
            HttpError::Aborted => write!(f, "request aborted"),
        }
    }
}

/// Sends HTTP requests. `abort` resolves when the request must be given up; the
/// implementation cancels the transfer then and answers [`HttpError::Aborted`].
pub trait Http {
    fn send<'a>(
        &'a self,
        request: HttpRequest,
        abort: &'a AbortSignal,
    ) -> LocalBoxFuture<'a, Result<HttpResponse, HttpError>>;

    /// [`Self::send`], telling `sent` how many body bytes have gone out so far, where the
    /// transport can tell (XHR's `upload.onprogress`; fetch reports nothing, so by default
    /// nothing is reported and the bar moves when a part is acknowledged).
    fn send_reporting<'a>(
        &'a self,
        request: HttpRequest,
        abort: &'a AbortSignal,
        sent: &'a dyn Fn(u64),
    ) -> LocalBoxFuture<'a, Result<HttpResponse, HttpError>> {
        let _ = sent;
        self.send(request, abort)
    }
}

/// Time and timers. Tests use a virtual clock so backoffs take no real time.
pub trait Clock {
    /// Milliseconds since the Unix epoch, by the local (possibly wrong) clock.
    fn now_ms(&self) -> f64;
    fn sleep(&self, ms: u32) -> LocalBoxFuture<'static, ()>;
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileError(pub String);

/// The browser could not read the file (the port's own words).
impl From<FileError> for UploadError {
    fn from(e: FileError) -> Self {
        UploadError::new(super::error::ErrorCode::FileRead, crate::text::ErrorText::FileRead { detail: e.0 })
    }
}

/// A file picked by the user. Bytes are read lazily, one part at a time, so memory stays
/// bounded by the parts in flight whatever the file size.
pub trait FileSource {
    fn name(&self) -> String;
    fn size(&self) -> u64;
    /// Milliseconds since the epoch, as `File.lastModified`.
    fn last_modified_ms(&self) -> f64;
    /// The MIME type the browser reports (may be empty).
    fn content_type(&self) -> String;
    fn read(&self, start: u64, end: u64) -> LocalBoxFuture<'_, Result<Vec<u8>, FileError>>;
    /// Feeds the range to `sink` in order, in chunks; returns how many bytes it fed. For
    /// checksums of a part that is then sent as a [`FileSlice`]: a source that can should
    /// not hold the whole range in (wasm) memory. The default reads it at once.
    fn read_chunks<'a>(
        &'a self,
        start: u64,
        end: u64,
        sink: &'a mut dyn FnMut(&[u8]),
    ) -> LocalBoxFuture<'a, Result<u64, FileError>> {
        Box::pin(async move {
            let bytes = self.read(start, end).await?;
            sink(&bytes);
            Ok(bytes.len() as u64)
        })
    }
    /// The CRC-32 of the range (as [`crate::core::checksum::Crc32`] computes it) and how
    /// many bytes it covered (short when the file changed). The default feeds
    /// [`Self::read_chunks`] to it here; the browser's file hands the range to a worker,
    /// so a part's bytes never reach the page's main thread.
    fn crc32_of(&self, start: u64, end: u64) -> LocalBoxFuture<'_, Result<(u64, u32), FileError>> {
        Box::pin(async move {
            let mut crc = crate::core::checksum::Crc32::new();
            let len = self.read_chunks(start, end, &mut |chunk| crc.update(chunk)).await?;
            Ok((len, crc.value()))
        })
    }
    /// The range as a body the transport can send without the bytes passing through the
    /// engine (see [`FileSlice`]); `None` when it cannot, and the bytes are sent instead.
    fn slice(&self, _start: u64, _end: u64) -> Option<FileSlice> {
        None
    }
}

/// The host page's bearer token for Panopto's REST API (never sent to S3, nor to a Panda
/// upload location). `refresh` asks for a new one, after a 401/403, which then becomes the
/// current one.
pub trait TokenSource {
    fn token(&self, refresh: bool) -> LocalBoxFuture<'_, Result<String, UploadError>>;
    /// The token if the page gives one (asking its provider if it has one), without
    /// waiting for one: for an endpoint where a token is optional (a host's back end that
    /// creates Panda upload sessions may authenticate the page its own way).
    fn optional(&self) -> LocalBoxFuture<'_, Result<Option<String>, UploadError>>;
    /// A token other than `refused` that the source already holds: another request met the
    /// same refusal and renewed it meanwhile (a background lookup and a run starting
    /// together with an expired token), so this one needs no renewal of its own.
    fn renewed_since(&self, refused: &str) -> Option<String> {
        let _ = refused;
        None
    }
    /// Whether `token(true)` can give a fresh token without waiting for a person (a
    /// provider to call, a refresh token): a 403 is then tried once more with it. A token
    /// the page set, or an implicit sign-in's, cannot.
    fn renewable(&self) -> bool {
        true
    }
    /// The teacher's sign-in has ended and requests wait for a new one (the card offers
    /// it; parts, which need no token, go on).
    fn awaits_sign_in(&self) -> bool {
        false
    }
}

/// The host page, for tokens (the token chain, `engine/auth/chain.rs`, decides when).
pub trait HostTokens {
    /// Call the page's `tokenProvider`: what it returned (or its Promise resolved to), if a
    /// string; else why not.
    fn call_provider(&self) -> LocalBoxFuture<'_, Result<String, HostTrouble>>;
    /// Fire `tokenneeded` (`expired`: the last token was refused; else there was none).
    fn token_needed(&self, expired: bool);
}

/// The host page's own way of creating a Panda upload session (its `createUpload(file)`),
/// for hosts whose back end is not a plain JSON endpoint. The location comes back absolute.
pub trait CreateUpload {
    fn create(&self, file_name: &str, file_size: u64) -> LocalBoxFuture<'_, Result<PandaSession, UploadError>>;
}

/// Where uploads are saved for a resume after reload: key → JSON (IndexedDB in the
/// browser, a map in tests). Failures are swallowed by the implementation (private
/// browsing, quota): resuming is a bonus, never a reason to stop an upload.
pub trait SavedUploads {
    fn get(&self, key: &str) -> LocalBoxFuture<'_, Option<String>>;
    fn put(&self, key: &str, json: String) -> LocalBoxFuture<'_, ()>;
    fn delete(&self, key: &str) -> LocalBoxFuture<'_, ()>;
    fn keys(&self) -> LocalBoxFuture<'_, Vec<String>>;
}

/// Unpredictable bytes (the browser's `crypto.getRandomValues`), for PKCE verifiers and
/// sign-in `state`: what an attacker must not guess.
pub trait SecureRandom {
    fn fill(&self, buf: &mut [u8]);
}

/// The sign-in window and the ways its answer comes back. The engine polls it
/// (`engine/auth/sign_in.rs` decides how long to wait and what a closed window means).
pub trait AuthWindow {
    /// Opens the window on `url` now, in the click's turn (a popup blocker lets only those
    /// through), and listens for the answer to the request with this `state`: the callback
    /// page's message to its opener, and its message on the channel named for `state`.
    /// `false`: the browser refused to open it.
    fn open(&self, url: &str, state: &str) -> bool;
    /// The URL the callback page was sent to, once it came back on either way.
    fn answer(&self) -> Option<String>;
    /// The window reads as closed: the teacher closed it, or an identity provider's
    /// `Cross-Origin-Opener-Policy` cut it off from this page (it is then still open, and
    /// its answer can still come on the channel).
    fn closed(&self) -> bool;
    /// Sign-in is over: stop listening, tell the callback page its answer was heard, and
    /// close the window where this page still can.
    fn close(&self);
}

/// Uniform randomness in `[0, 1)`, for the jitter of retries. Injected so that tests are
/// deterministic; the browser seeds [`super::retry::SeededRandom`] from `Math.random`.
pub trait Random {
    fn unit(&self) -> f64;
}

/// One writer per upload across the site's tabs and windows: a named lock the browser
/// gives to one holder at a time (Web Locks), and takes back itself when the holder's tab
/// closes. The engine holds the lock of a file's fingerprint while it uploads the file and
/// writes its saved record, so the same file added in a second tab waits for the first
/// instead of making a second session or writing the same record twice.
pub trait UploadLocks {
    /// The lock, if no one holds it now (never waits).
    fn try_hold(&self, name: &str) -> LocalBoxFuture<'_, Option<HeldLock>>;
    /// The lock, once every earlier holder has released it (or closed its tab). Dropping
    /// the future before then gives up the place in the queue.
    fn hold(&self, name: &str) -> LocalBoxFuture<'_, HeldLock>;
    /// The names of the locks held or waited for now, anywhere on the site (only looked
    /// at: asking for each would hold it a moment, and a run starting then would find its
    /// file busy). Empty where locks coordinate nothing.
    fn busy(&self) -> LocalBoxFuture<'_, Vec<String>>;
}

/// A lock held from [`UploadLocks`]; dropping it releases the lock.
pub struct HeldLock(#[allow(dead_code)] Box<dyn std::any::Any>);

impl HeldLock {
    /// Held for as long as `guard` lives (its `Drop` releases the lock).
    pub fn new(guard: impl std::any::Any) -> Self {
        HeldLock(Box::new(guard))
    }

    /// A lock that coordinates nothing: where the browser has no locks (an insecure
    /// context), or for an upload that must not be coordinated.
    pub fn none() -> Self {
        HeldLock(Box::new(()))
    }
}

impl fmt::Debug for HeldLock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HeldLock")
    }
}
