// <panopto-uploader> entry point. Load it with
//   <script type="module" src="…/panopto-uploader.js"></script>
// It fetches the wasm beside itself (relative to this file, so any sub-path works) and
// defines the element; nothing else is needed on the host page.
import init, { useChecksumWorker } from './panopto-uploader-wasm.js';

// Compiled here rather than by the glue from its URL, to keep the WebAssembly.Module: the
// checksum worker (checksum-worker.js, beside this file) instantiates this same module,
// sharing its compiled code, instead of downloading and compiling it again.
async function compile(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`failed to fetch Wasm: ${response.status} ${response.statusText} fetching '${url}'`);
  if (response.headers.get('Content-Type')?.split(';')[0].trim() === 'application/wasm') {
    return WebAssembly.compileStreaming(response);
  }
  // Served with another type (compileStreaming would refuse it): compile the bytes.
  return WebAssembly.compile(await response.arrayBuffer());
}

const module = await compile(new URL('./panopto-uploader-wasm_bg.wasm', import.meta.url));
const wasm = await init({ module_or_path: module });
useChecksumWorker(module, new URL('./checksum-worker.js', import.meta.url).href);

/** Bytes of wasm linear memory in use (it only grows): for memory measurements. */
export function wasmMemoryBytes() {
  return wasm.memory.buffer.byteLength;
}
