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
const stats = { worker: 0, workerBytes: 0, mainThread: 0, state: 'idle', reason: null };

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

/** The CRC-32 of `blob` as `[len, crc]`, or null: then the caller hashes it itself. */
export function crc32InWorker(blob) {
  if (!config || broken || !ensureWorker()) {
    stats.mainThread += 1;
    return Promise.resolve(null);
  }
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, { resolve, size: blob.size });
    try {
      worker.postMessage({ id, blob });
    } catch (e) {
      fail(`could not post a part: ${e.message}`);
    }
    arm();
  });
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
  console.warn(`panopto-uploader: checksums are computed on the main thread (${reason})`);
  for (const { resolve } of pending.values()) {
    stats.mainThread += 1;
    resolve(null);
  }
  pending.clear();
}
