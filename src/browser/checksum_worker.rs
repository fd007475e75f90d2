//! Each part's CRC-32 in a Web Worker (`js/checksum-worker.js`, driven from the page by
//! `js/checksums.js`), so that reading the part — most of the main thread's work during an
//! upload (4.1 CPU s per GiB before, issue 13) — happens off it. The page posts the part's
//! Blob slice: a reference to the file, no byte copied on the main thread. Measured with
//! `bench/run.mjs` (loopback, 1 GiB, Chromium, release): the page's main thread 3.97 → 0.94
//! CPU s per GiB, long tasks 8 (longest 83 ms) → 0, the worker 1.8 CPU s per GiB.
//!
//! The worker runs this very wasm (the module the page compiled, handed over, not fetched
//! or compiled again), calling only the two exports below: they use no import, no JS
//! value and no start function, so the worker can instantiate the module with stubs.
//! Whenever the worker cannot answer, [`crc32_in_worker`] says so and the part is hashed on
//! the main thread as before (see `BlobFile::crc32_of`).

use crate::core::checksum::crc32_continue;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/checksums.js")]
extern "C" {
    #[wasm_bindgen(js_name = crc32InWorker)]
    fn crc32_in_worker_js(blob: &web_sys::Blob) -> js_sys::Promise;
    fn configure(module: &JsValue, url: &str);
    #[wasm_bindgen(js_name = checksumStats)]
    pub fn checksum_stats() -> JsValue;
}

/// Called by `panopto-uploader.js` once the wasm is instantiated: the compiled
/// `WebAssembly.Module` (structured clone shares its compiled code with the worker) and
/// the URL of `checksum-worker.js` beside the entry point. Until then, or without it (the
/// glue loaded some other way), checksums are computed on the main thread.
#[wasm_bindgen(js_name = useChecksumWorker)]
pub fn use_checksum_worker(module: JsValue, worker_url: &str) {
    configure(&module, worker_url);
}

/// `(bytes read, CRC-32)` of the Blob, computed by the worker; `None` when the worker
/// could not (then the caller reads the Blob itself).
pub async fn crc32_in_worker(blob: &web_sys::Blob) -> Option<(u64, u32)> {
    let answer = wasm_bindgen_futures::JsFuture::from(crc32_in_worker_js(blob)).await.ok()?;
    let pair = answer.dyn_into::<js_sys::Array>().ok()?;
    let (len, crc) = (pair.get(0).as_f64()?, pair.get(1).as_f64()?);
    // checksums.js has checked both are integers in range; checked again at the boundary.
    let valid = len >= 0.0 && len <= u64::MAX as f64 && (0.0..=u32::MAX as f64).contains(&crc);
    valid.then_some((len as u64, crc as u32))
}

thread_local! {
    /// The worker's window into wasm memory: the stream's chunks are copied here.
    static WINDOW: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Worker side: the address of a window of at least `len` bytes for the next chunk (valid
/// until the next call; JS must take a fresh view of memory, which may have grown).
#[wasm_bindgen(js_name = checksumBuffer, skip_typescript)]
pub fn checksum_buffer(len: usize) -> *mut u8 {
    WINDOW.with_borrow_mut(|w| {
        if w.len() < len {
            w.resize(len, 0);
        }
        w.as_mut_ptr()
    })
}

/// Worker side: `crc` (the CRC-32 of the bytes so far, 0 at first) continued over the
/// window's first `len` bytes. -1 when `len` is more than the window holds: the worker
/// reports an error for that part rather than hash bytes it did not write.
#[wasm_bindgen(js_name = checksumCrc32, skip_typescript)]
pub fn checksum_crc32(crc: u32, len: usize) -> f64 {
    WINDOW.with_borrow(|w| w.get(..len).map_or(-1.0, |bytes| crc32_continue(crc, bytes) as f64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::checksum::crc32;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn the_worker_exports_continue_the_crc_across_windows_and_refuse_a_window_overrun() {
        let data: Vec<u8> = (0..300_000u32).map(|i| (i * 7 % 253) as u8).collect();
        let mut crc = 0u32;
        for chunk in data.chunks(65_536) {
            let ptr = checksum_buffer(chunk.len());
            // SAFETY: checksum_buffer returned a window of at least chunk.len() bytes, and
            // nothing else touches it until the next call.
            unsafe { std::ptr::copy_nonoverlapping(chunk.as_ptr(), ptr, chunk.len()) };
            crc = checksum_crc32(crc, chunk.len()) as u32;
        }
        assert_eq!(crc, crc32(&data));
        assert_eq!(checksum_crc32(0, 1 << 30), -1.0);
    }

    #[test]
    async fn without_the_entry_point_the_page_hashes_the_part_itself() {
        // The test runner loads the glue itself: no worker is configured.
        let blob = web_sys::Blob::new().unwrap();
        assert_eq!(crc32_in_worker(&blob).await, None);
    }
}
