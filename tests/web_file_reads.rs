//! How the picked file is read, in the browser (Chrome and Firefox under `wasm-pack test`):
//! only by `slice()` of the range needed, never `Blob.stream()` and never the whole file
//! into memory. Why: WebKit fails `stream()` of files of 4 GiB and more with
//! `NotReadableError` (WebKit bug 272600), and a multi-GB recording must never be in memory.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Function, Reflect, Uint8Array};
use panopto_uploader::browser::blob_file::BlobFile;
use panopto_uploader::engine::fingerprint::fingerprint;
use panopto_uploader::engine::ports::FileSource;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const MIB: u64 = 1 << 20;

/// Blob.prototype.stream throws and arrayBuffer() records the size of every Blob it reads,
/// until the returned function puts both back.
fn watch_reads() -> Function {
    Function::new_no_args(
        "const p = Blob.prototype, stream = p.stream, arrayBuffer = p.arrayBuffer;
         window.__reads = [];
         p.stream = function () { window.__reads.push('stream'); throw new Error('Blob.stream() of the picked file'); };
         p.arrayBuffer = function () { window.__reads.push(this.size); return arrayBuffer.call(this); };
         return () => { p.stream = stream; p.arrayBuffer = arrayBuffer; };",
    )
    .call0(&JsValue::NULL)
    .unwrap()
    .dyn_into()
    .unwrap()
}

fn reads() -> Vec<JsValue> {
    Array::from(&Reflect::get(&web_sys::window().unwrap(), &"__reads".into()).unwrap()).iter().collect()
}

fn file(len: u64) -> web_sys::File {
    let bytes: Vec<u8> = (0..len).map(|i| (i * 31 % 251) as u8).collect();
    let parts = Array::of1(&Uint8Array::from(bytes.as_slice()));
    web_sys::File::new_with_u8_array_sequence(&parts, "week 5.mp4").unwrap()
}

#[wasm_bindgen_test]
async fn the_file_is_read_by_slices_of_the_range_needed_never_streamed() {
    let len = 12 * MIB + 5;
    let source = BlobFile::new(file(len));
    let restore = watch_reads();

    // The fingerprint: the first and the last MiB.
    let fp = fingerprint(&source).await.expect("fingerprint");
    assert_eq!(fp.size, len);
    // A part as the engine reads it for its checksum (in windows), and a plain read.
    let mut seen = 0u64;
    let read = source.read_chunks(5 * MIB, 10 * MIB, &mut |chunk| seen += chunk.len() as u64).await.unwrap();
    assert_eq!((read, seen), (5 * MIB, 5 * MIB));
    let tail = source.read(10 * MIB, len).await.unwrap();
    assert_eq!(tail.len() as u64, len - 10 * MIB);
    assert_eq!(tail[0], ((10 * MIB) * 31 % 251) as u8, "the bytes of that range");
    // What a part request sends: a slice of the range, not a copy.
    let slice = source.slice(0, 5 * MIB).expect("a slice");
    assert_eq!(slice.len, 5 * MIB);

    let sizes = reads();
    restore.call0(&JsValue::NULL).unwrap();
    assert!(!sizes.iter().any(|s| s.as_string().as_deref() == Some("stream")), "Blob.stream() was used: {sizes:?}");
    let sizes: Vec<u64> = sizes.iter().map(|s| s.as_f64().unwrap() as u64).collect();
    assert_eq!(sizes, [MIB, MIB, 5 * MIB, len - 10 * MIB], "each read is the range asked for, and only that");
}
