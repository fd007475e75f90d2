//! [`FileSource`] over a `File` the user picked: each read slices the Blob and reads just
//! that range, so the file is never in memory at once.

use crate::engine::ports::{FileError, FileSlice, FileSource};
use futures_util::future::LocalBoxFuture;

#[derive(Clone)]
pub struct BlobFile {
    file: web_sys::File,
    /// The slice the last read used, kept for the `slice` of the same range that follows
    /// (the engine reads a part for its checksum, then sends it): Chromium registers every
    /// new Blob with the browser process, and profiling showed slicing twice per part cost
    /// ~2 ms of main thread each time.
    last_read: std::rc::Rc<std::cell::RefCell<Option<(u64, u64, web_sys::Blob)>>>,
}

impl BlobFile {
    pub fn new(file: web_sys::File) -> Self {
        BlobFile { file, last_read: Default::default() }
    }

    pub fn file(&self) -> &web_sys::File {
        &self.file
    }
}

impl FileSource for BlobFile {
    fn name(&self) -> String {
        self.file.name()
    }
    fn size(&self) -> u64 {
        self.file.size() as u64
    }
    fn last_modified_ms(&self) -> f64 {
        self.file.last_modified()
    }
    fn content_type(&self) -> String {
        self.file.type_()
    }
    fn slice(&self, start: u64, end: u64) -> Option<FileSlice> {
        let cached = self.last_read.borrow_mut().take_if(|(s, e, _)| (*s, *e) == (start, end));
        let blob = match cached {
            Some((_, _, blob)) => blob,
            None => self.file.slice_with_f64_and_f64(start as f64, end as f64).ok()?,
        };
        Some(FileSlice { handle: std::rc::Rc::new(blob), len: end - start })
    }

    fn read(&self, start: u64, end: u64) -> LocalBoxFuture<'_, Result<Vec<u8>, FileError>> {
        Box::pin(async move {
            let err = |e: wasm_bindgen::JsValue| {
                FileError(e.as_string().or_else(|| js_sys::Error::from(e).message().as_string()).unwrap_or_default())
            };
            let slice = self.file.slice_with_f64_and_f64(start as f64, end as f64).map_err(err)?;
            let buffer = wasm_bindgen_futures::JsFuture::from(slice.array_buffer()).await.map_err(err)?;
            // Stored after the await: nothing else runs between this and the engine's slice().
            *self.last_read.borrow_mut() = Some((start, end, slice));
            Ok(js_sys::Uint8Array::new(&buffer).to_vec())
        })
    }
}
