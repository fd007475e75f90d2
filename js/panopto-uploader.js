// <panopto-uploader> entry point. Load it with
//   <script type="module" src="…/panopto-uploader.js"></script>
// It fetches the wasm beside itself (relative to this file, so any sub-path works) and
// defines the element; nothing else is needed on the host page.
import init from './panopto-uploader-wasm.js';

const wasm = await init({ module_or_path: new URL('./panopto-uploader-wasm_bg.wasm', import.meta.url) });

/** Bytes of wasm linear memory in use (it only grows): for memory measurements. */
export function wasmMemoryBytes() {
  return wasm.memory.buffer.byteLength;
}
