// The page's side of the checksum worker (js/checksum-worker.js): hands each part's Blob
// slice to the worker and gets back its CRC-32, so the part's bytes are never read on the
// main thread. Imported by src/browser/checksum_worker.rs (wasm-bindgen copies this file
// to snippets/<crate>/js/).
//
// Never a hang, never a wrong CRC: whenever the worker cannot answer (not configured — the
// glue used without panopto-uploader.js —, no Worker, CSP without worker-src, a script
// that does not load, a wasm it cannot instantiate, a message it cannot read, no answer in
// time) `crc32InWorker` resolves null and the engine reads that part on the main thread
// as it always did. Once the worker has failed, every later part goes that way too (one
// console warning says why). One worker, created with the first part and kept for the
// page's life: it hashes ~600 MB/s (release wasm, Chromium: 1.8 CPU s per GiB), faster than
// loopback delivers parts to four connections (130 MB/s here), and there are 2 cores.

let config = null;
let worker = null;
let broken = null;
let nextId = 1;
const pending = new Map();
let watchdog = 0;
let lastAnswer = 0;
const stats = { worker: 0, workerBytes: 0, mainThread: 0, workers: 0, state: 'idle', reason: null };

// The slowest the worker may be before it is given up: 5 s plus 2 MB/s of the biggest
// part waiting (a throttled laptop reading from a slow disk; loopback needs ~10 ms a part).
const GRACE_MS = 5000;
const MIN_BYTES_PER_MS = 2000;

/** Called by panopto-uploader.js once the wasm is instantiated: the compiled module
 * (shared with the worker, not compiled again) and the worker script's URL. */
export function configure(module, url) {
  config = { module, url };
}

/** What the benchmark and the tests read: parts hashed by the worker, by the page. */
export function checksumStats() {
  return { ...stats };
}

// Parts one worker hashes before a fresh one takes over (the old one ends once it has
// answered what it was given). Why: in Chromium one worker stopped answering after 597 parts
// (3.13 GB) of a 4.6 GB upload, and the page then hashed the rest itself, holding a 5 MiB
// buffer per part until its garbage collector ran (the benchmark's 10 GiB run: renderer
// +275 MiB of ArrayBuffers, long tasks up to 236 ms). A worker also keeps every finished
// part's stream and Blob until its own rare collections; ending it frees all of that at
// once, and a new one costs an instantiation of the already compiled module.
const PARTS_PER_WORKER = 256;
let partsGiven = 0;
const retiring = new Set();

/** The CRC-32 of `blob` as `[len, crc]`, or null: then the caller hashes it itself. */
export function crc32InWorker(blob) {
  if (worker && partsGiven >= PARTS_PER_WORKER) retire();
  if (!config || broken || !ensureWorker()) {
    stats.mainThread += 1;
    return Promise.resolve(null);
  }
  const id = nextId++;
  partsGiven += 1;
  return new Promise((resolve) => {
    pending.set(id, { resolve, size: blob.size, worker });
    try {
      worker.postMessage({ id, blob });
    } catch (e) {
      fail(`could not post a part: ${e.message}`);
    }
    arm();
  });
}

/** The current worker takes no more parts; it ends once its last answer is in. */
function retire() {
  retiring.add(worker);
  worker = null;
  partsGiven = 0;
  endRetired();
}

function endRetired() {
  for (const old of retiring) {
    if (![...pending.values()].some((p) => p.worker === old)) {
      old.terminate();
      retiring.delete(old);
    }
  }
}

function ensureWorker() {
  if (worker) return true;
  try {
    if (typeof Worker !== 'function') throw new Error('no Worker in this browser');
    const url = new URL(config.url, location.href);
    // A worker's script must be on the page's origin: from a CDN, start it from a blob:
    // URL that imports the script (classic workers may import from any origin).
    const script = url.origin === location.origin ? url
      : URL.createObjectURL(new Blob([`importScripts(${JSON.stringify(url.href)});`], { type: 'text/javascript' }));
    worker = new Worker(script, { name: 'panopto-uploader checksums' });
  } catch (e) {
    fail(`could not start the worker: ${e.message}`);
    return false;
  }
  stats.state = 'starting';
  stats.workers += 1;
  lastAnswer = performance.now();
  worker.addEventListener('message', answer);
  // A script that does not load (404, CSP) or fails to run, and a message that cannot be
  // read: no answer would ever come.
  worker.addEventListener('error', (e) => {
    e.preventDefault();
    fail(e.message || 'the worker script did not load');
  });
  worker.addEventListener('messageerror', () => fail('a message from the worker could not be read'));
  try {
    worker.postMessage({ module: config.module });
  } catch (e) {
    fail(`could not hand the wasm module over: ${e.message}`);
    return false;
  }
  return true;
}

function answer(e) {
  const m = e.data;
  lastAnswer = performance.now();
  if (m?.ready) {
    stats.state = 'ready';
  } else if (m?.failed) {
    fail(m.failed);
  } else if (pending.has(m?.id)) {
    const { resolve } = pending.get(m.id);
    pending.delete(m.id);
    if (retiring.size) endRetired();
    if (Number.isSafeInteger(m.len) && Number.isInteger(m.crc) && m.crc >= 0 && m.crc <= 0xffffffff) {
      stats.worker += 1;
      stats.workerBytes += m.len;
      resolve([m.len, m.crc]);
    } else {
      // This part only (e.g. the file changed and cannot be read): the page reads it
      // and reports what it finds.
      stats.mainThread += 1;
      resolve(null);
    }
    arm();
  }
}

function arm() {
  clearTimeout(watchdog);
  if (!pending.size || broken) return;
  const biggest = Math.max(...[...pending.values()].map((p) => p.size));
  const limit = GRACE_MS + biggest / MIN_BYTES_PER_MS;
  watchdog = setTimeout(() => {
    if (performance.now() - lastAnswer >= limit - 1) fail(`no answer in ${Math.round(limit / 1000)} s`);
    else arm();
  }, limit - (performance.now() - lastAnswer));
}

function fail(reason) {
  if (broken) return;
  broken = reason;
  stats.state = 'broken';
  stats.reason = reason;
  clearTimeout(watchdog);
  worker?.terminate();
  for (const old of retiring) old.terminate();
  retiring.clear();
  console.warn(`panopto-uploader: checksums are computed on the main thread (${reason})`);
  for (const { resolve } of pending.values()) {
    stats.mainThread += 1;
    resolve(null);
  }
  pending.clear();
}
