// The CRC-32 of each part, off the page's main thread (issue 13: reading every part on the
// main thread cost 4.1 CPU s per GiB there). Shipped beside panopto-uploader.js; started by
// js/checksums.js, which posts first the page's compiled wasm module, then one message per
// part: `{id, blob}`, the part's Blob slice (a reference to the file: no byte of it is
// copied on the main thread). Answers `{id, len, crc}`, or `{id, error}`; the page then
// reads that part itself, so an answer here is never needed for a correct checksum.
//
// The same wasm as the page, instantiated a second time: zero extra download, and the CRC
// is core::checksum's own (`checksumBuffer`/`checksumCrc32`, src/browser/checksum_worker.rs).
// Every import is a stub that throws: those exports touch none, and nothing here may run
// the module's start function (`__wbindgen_start` defines the element, and needs a DOM).
//
// A classic worker (no import/export), so it also loads where module workers do not.
'use strict';

// Stream chunks are copied into wasm memory and hashed a window at a time; 256 KiB keeps
// the window in the CPU cache and the per-call cost negligible.
const WINDOW = 256 * 1024;

let resolveStarted;
const started = new Promise((resolve) => { resolveStarted = resolve; });
const queue = [];
let draining = false;

self.onmessage = (e) => {
  const m = e.data;
  if (m && m.module instanceof WebAssembly.Module) {
    start(m.module).then(resolveStarted, (err) => {
      self.postMessage({ failed: message(err) });
      resolveStarted(null);
    });
  } else if (m && typeof m.id === 'number' && m.blob instanceof Blob) {
    queue.push(m);
    if (!draining) drain();
  } else if (m && typeof m.id === 'number') {
    self.postMessage({ id: m.id, error: 'not a Blob' });
  }
};

// A message this worker cannot read (the module, a part): the page would wait for an
// answer that never comes; say so, and it hashes on the main thread from then on.
self.onmessageerror = () => self.postMessage({ failed: 'the worker could not read a message from the page' });

function message(err) {
  return String((err && err.message) || err);
}

async function start(module) {
  const imports = {};
  for (const { module: ns, name, kind } of WebAssembly.Module.imports(module)) {
    if (kind !== 'function') throw new Error(`the wasm imports a ${kind} (${ns}.${name}): cannot stub it`);
    (imports[ns] ??= {})[name] = () => {
      throw new Error(`${name} is not available in the checksum worker`);
    };
  }
  const { exports } = await WebAssembly.instantiate(module, imports);
  if (typeof exports.checksumBuffer !== 'function' || typeof exports.checksumCrc32 !== 'function' || !(exports.memory instanceof WebAssembly.Memory)) {
    throw new Error('the wasm has no checksum exports');
  }
  self.postMessage({ ready: true });
  return exports;
}

// One part at a time: the wasm window is shared, and the parts are read in the order the
// page asks for them (the next part to send first).
async function drain() {
  draining = true;
  const wasm = await started;
  while (queue.length) {
    const { id, blob } = queue.shift();
    try {
      const [len, crc] = await crc32Of(wasm, blob);
      self.postMessage({ id, len, crc });
    } catch (err) {
      self.postMessage({ id, error: message(err) });
    }
  }
  draining = false;
}

// `blob.stream()` rather than `arrayBuffer()`: the part is never whole in memory, only the
// chunk being hashed. Measured in Chromium on a 1 GiB upload, peak renderer RssAnon: 207 MiB
// streamed, 387 MiB with arrayBuffer() here, 363 MiB hashing on the main thread (before).
// And read into one buffer kept from part to part (a BYOB reader) where the engine's Blob
// streams are byte streams: a default reader hands out a new ArrayBuffer per chunk, and those
// wait for this worker's garbage collector, which runs rarely since little else is allocated
// here. Measured with bench/memory_trace.mjs on a 2 GiB upload in Chromium: up to 470 chunks
// alive, partition_alloc at 186 MiB and renderer RssAnon at 239 MiB, growing with the file
// (the benchmark saw 695 MiB at 4 GiB).
// The part is a slice, never the whole file (WebKit fails to stream files of 4 GiB and more:
// bug 272600).
let spare = null;

async function crc32Of(wasm, blob) {
  if (!wasm) throw new Error('the worker did not start');
  const stream = blob.stream();
  let byob = null;
  try {
    byob = stream.getReader({ mode: 'byob' });
  } catch {
    // Not a byte stream in this engine: chunks as the stream gives them.
  }
  const state = { crc: 0, len: 0 };
  if (!byob) {
    const reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return [state.len, state.crc];
      hash(wasm, state, value);
    }
  }
  let buffer = spare ?? new ArrayBuffer(WINDOW);
  spare = null;
  for (;;) {
    const { done, value } = await byob.read(new Uint8Array(buffer, 0, WINDOW));
    // The buffer comes back (transferred) in `value`, also at the end.
    buffer = value ? value.buffer : new ArrayBuffer(WINDOW);
    if (done) {
      spare = buffer;
      return [state.len, state.crc];
    }
    hash(wasm, state, value);
  }
}

function hash(wasm, state, value) {
  for (let at = 0; at < value.length; at += WINDOW) {
    const chunk = value.subarray(at, at + WINDOW);
    const ptr = wasm.checksumBuffer(chunk.length);
    // A fresh view each time: memory.buffer is replaced when the memory grows.
    new Uint8Array(wasm.memory.buffer, ptr, chunk.length).set(chunk);
    const next = wasm.checksumCrc32(state.crc, chunk.length);
    if (!(next >= 0)) throw new Error('the checksum window is smaller than the chunk');
    state.crc = next;
    state.len += chunk.length;
  }
}
