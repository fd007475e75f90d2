//! [`FileSource`] over a `File` the user picked: each read slices the Blob and reads just
//! that range, so the file is never in memory at once; a part's CRC-32 is taken by the
//! checksum worker when it can (`checksum_worker.rs`).

use super::checksum_worker::crc32_in_worker;
use crate::core::checksum::Crc32;
use crate::engine::ports::{FileError, FileSlice, FileSource};
use futures_util::future::LocalBoxFuture;

#[derive(Clone)]
pub struct BlobFile {
    file: web_sys::File,
    /// The last range sliced, kept for the one other use of the same range that follows
    /// (the engine slices a part to send it and reads it for its checksum): Chromium
    /// registers every new Blob with the browser process, and profiling showed slicing
    /// twice per part cost ~2 ms of main thread each time.
    last_slice: std::rc::Rc<std::cell::RefCell<Option<(u64, u64, web_sys::Blob)>>>,
}

impl BlobFile {
    pub fn new(file: web_sys::File) -> Self {
        BlobFile { file, last_slice: Default::default() }
    }

    pub fn file(&self) -> &web_sys::File {
        &self.file
    }
}

/// Window for [`FileSource::read_chunks`]: big enough that the per-call cost vanishes,
/// small enough to stay in the CPU cache while the CRC runs over it.
const CHUNK: usize = 256 * 1024;

impl BlobFile {
    /// The Blob for a range: the one kept by the previous call if it was for the same
    /// range (and then no longer kept), or a new one, kept for the next call.
    fn range_blob(&self, start: u64, end: u64) -> Result<web_sys::Blob, wasm_bindgen::JsValue> {
        let mut kept = self.last_slice.borrow_mut();
        if let Some((_, _, blob)) = kept.take_if(|(s, e, _)| (*s, *e) == (start, end)) {
            return Ok(blob);
        }
        let blob = self.file.slice_with_f64_and_f64(start as f64, end as f64)?;
        *kept = Some((start, end, blob.clone()));
        Ok(blob)
    }

    /// The range as a JS byte array (one read of the file).
    async fn read_buffer(&self, start: u64, end: u64) -> Result<js_sys::Uint8Array, FileError> {
        read_blob(&self.range_blob(start, end).map_err(file_error)?).await
    }
}

fn file_error(e: wasm_bindgen::JsValue) -> FileError {
    FileError(e.as_string().or_else(|| js_sys::Error::from(e).message().as_string()).unwrap_or_default())
}

async fn read_blob(blob: &web_sys::Blob) -> Result<js_sys::Uint8Array, FileError> {
    let buffer = wasm_bindgen_futures::JsFuture::from(blob.array_buffer()).await.map_err(file_error)?;
    Ok(js_sys::Uint8Array::new(&buffer))
}

/// Feeds `all` to `sink` a window at a time. Into wasm a window at a time: the part stays
/// in the JS ArrayBuffer (freed by the GC) and wasm memory does not grow by a part per
/// read in progress.
fn feed_windows(all: &js_sys::Uint8Array, sink: &mut dyn FnMut(&[u8])) -> u64 {
    let mut window = vec![0u8; CHUNK.min(all.length() as usize)];
    let mut at = 0u32;
    while at < all.length() {
        let n = (all.length() - at).min(CHUNK as u32);
        all.subarray(at, at + n).copy_to(&mut window[..n as usize]);
        sink(&window[..n as usize]);
        at += n;
    }
    all.length() as u64
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
        let blob = self.range_blob(start, end).ok()?;
        Some(FileSlice { handle: std::rc::Rc::new(blob), len: end - start })
    }

    fn read(&self, start: u64, end: u64) -> LocalBoxFuture<'_, Result<Vec<u8>, FileError>> {
        Box::pin(async move { Ok(self.read_buffer(start, end).await?.to_vec()) })
    }

    fn read_chunks<'a>(
        &'a self,
        start: u64,
        end: u64,
        sink: &'a mut dyn FnMut(&[u8]),
    ) -> LocalBoxFuture<'a, Result<u64, FileError>> {
        Box::pin(async move { Ok(feed_windows(&self.read_buffer(start, end).await?, sink)) })
    }

    /// The slice goes to the checksum worker (a Blob reference: the bytes are read there);
    /// when the worker cannot answer, the same slice is read and hashed here.
    fn crc32_of(&self, start: u64, end: u64) -> LocalBoxFuture<'_, Result<(u64, u32), FileError>> {
        Box::pin(async move {
            let blob = self.range_blob(start, end).map_err(file_error)?;
            if let Some(sums) = crc32_in_worker(&blob).await {
                return Ok(sums);
            }
            let mut crc = Crc32::new();
            let len = feed_windows(&read_blob(&blob).await?, &mut |chunk| crc.update(chunk));
            Ok((len, crc.value()))
        })
    }
}
