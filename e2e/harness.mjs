// Shared helpers for the end-to-end tests: start the real emulator, drive Debian's
// Chromium with playwright-core, generate files on disk, CRC-32 and SHA-256. Firefox and
// WebKitGTK are in engines.mjs.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(import.meta.dirname, '..');
/** Read when an emulator starts, not when this module loads: the benchmark sets
 * EMULATOR_BIN to the release build after its imports have run. */
export const emulatorBin = () => process.env.EMULATOR_BIN || path.join(ROOT, 'target/debug/panopto-emulator');
export const XSD = path.join(ROOT, 'tests/ucs/universal-capture-2.1.xsd');
export const SHOTS = path.join(ROOT, 'target/e2e-screenshots');
export const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'pu-e2e-'));

const running = [];

/** Start panopto-emulator on a free port; resolves to { url, origin, proc }. */
export function startEmulator(args = []) {
  const dataDir = fs.mkdtempSync(path.join(TMP, 'data-'));
  const proc = spawn(emulatorBin(), ['--listen', '127.0.0.1:0', '--data-dir', dataDir, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  running.push(proc);
  return new Promise((resolve, reject) => {
    let out = '';
    proc.on('exit', (code) => reject(new Error(`emulator exited (${code}): ${out}`)));
    proc.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) resolve({ url: m[1], origin: m[1], proc, stop: () => stopEmulator(proc, dataDir) });
    });
  });
}

/** Kill one emulator and delete what it stored (uploads of GBs add up fast). */
function stopEmulator(proc, dataDir) {
  proc.kill();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

const browsers = [];
const stoppers = [];

/** Run `stop` in stopAll (WebDriver sessions and their drivers, Xvfb, relays). */
export function onStop(stop) {
  stoppers.push(stop);
}

/** Stop every emulator and browser a test started, even after a failed assertion (an open
 * browser would keep node, and so CI, waiting forever). */
export async function stopAll() {
  await Promise.all(stoppers.splice(0).reverse().map(async (stop) => { try { await stop(); } catch { /* already gone */ } }));
  for (const p of running) p.kill();
  await Promise.all(browsers.map((b) => b.close().catch(() => {})));
  // The generated files and every emulator's data: gigabytes per run otherwise.
  await new Promise((r) => setTimeout(r, 200));
  fs.rmSync(TMP, { recursive: true, force: true });
}

export async function launch() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
  browsers.push(browser);
  // playwright-core waits forever by default; a test must fail, not hang.
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (options) => {
    const page = await newPage(options);
    page.setDefaultTimeout(30_000);
    return page;
  };
  return browser;
}

/** A file of `size` pseudo-random bytes on disk (big Blobs built in memory hit Chromium's limits). */
export function makeFile(name, size, seed = 1) {
  const file = path.join(TMP, name);
  const fd = fs.openSync(file, 'w');
  const block = Buffer.alloc(1 << 20);
  let x = seed >>> 0 || 1;
  for (let written = 0; written < size; written += block.length) {
    for (let i = 0; i < block.length; i += 4) {
      x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
      block.writeUInt32LE(x, i);
    }
    fs.writeSync(fd, block, 0, Math.min(block.length, size - written));
  }
  fs.closeSync(fd);
  return file;
}

export function sha256(file) {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** zlib CRC-32, as Panopto's validator computes it. */
export function crc32(buf) {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return ((c ^ 0xffffffff) >>> 0).toString(16).padStart(8, '0');
}

export async function sessions(url) {
  const r = await fetch(new URL('/_emulator/sessions', url));
  return (await r.json()).uploads;
}

export async function screenshot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** Run axe-core on the page (open shadow roots included); returns serious/critical violations. */
export async function axe(page) {
  await page.addScriptTag({ path: path.join(import.meta.dirname, 'node_modules/axe-core/axe.min.js') });
  const result = await page.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Record the element's events in the page. */
export async function recordEvents(page) {
  await page.evaluate(() => {
    window.__events = [];
    const el = document.querySelector('panopto-uploader');
    for (const n of ['uploadstart', 'progress', 'statechange', 'uploadcomplete', 'uploaderror', 'uploadwarning', 'tokenneeded']) {
      el.addEventListener(n, (e) => window.__events.push({ name: n, detail: { ...e.detail, file: e.detail?.file?.name ?? null } }));
    }
  });
}

export async function events(page, name) {
  return (await page.evaluate(() => window.__events)).filter((e) => e.name === name).map((e) => e.detail);
}

/**
 * A big file on disk, fast: a random 1 MiB block repeated, each copy stamped with its
 * index so no two parts are alike (a wrong part order or a missing part changes the hash).
 */
export function makeBigFile(name, size, seed = 3) {
  const file = path.join(TMP, name);
  const block = Buffer.alloc(1 << 20);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < block.length; i += 4) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    block.writeUInt32LE(x, i);
  }
  const fd = fs.openSync(file, 'w');
  for (let written = 0, n = 0; written < size; written += block.length, n++) {
    block.writeBigUInt64LE(BigInt(n), 0);
    fs.writeSync(fd, block, 0, Math.min(block.length, size - written));
  }
  fs.closeSync(fd);
  return file;
}

/** A file of `size` zero bytes that takes no disk (a hole: `ftruncate`), for sizes no test
 * machine should write out (the benchmark's 10 GiB memory run). The emulator stores zero runs
 * as holes too. */
export function makeSparseFile(name, size) {
  const file = path.join(TMP, name);
  fs.closeSync(fs.openSync(file, 'w'));
  fs.truncateSync(file, size);
  return file;
}

/** SHA-256 of a file of any size (streamed). */
export async function sha256File(file) {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 4 << 20 })) hash.update(chunk);
  return hash.digest('hex');
}

export async function emulatorStats(url) {
  return (await fetch(new URL('/_emulator/stats', url))).json();
}

/**
 * Private resident memory (RssAnon, bytes) of Chromium's renderer processes: the largest
 * one. Anonymous memory only: file pages the renderer maps while reading the picked file
 * are the kernel's page cache, reclaimable, and grow with the file for any uploader.
 */
export function rendererRss() {
  let max = 0;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('--type=renderer')) continue;
      const kb = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/RssAnon:\s+(\d+)/);
      const rss = kb ? Number(kb[1]) * 1024 : 0;
      max = Math.max(max, rss);
    } catch { /* the process ended */ }
  }
  return max;
}

/**
 * Sample memory every `ms` while an upload runs: the JS heap (CDP Performance metrics),
 * the wasm linear memory (from the entry module), and the renderer's resident set.
 * `stop()` resolves to the peaks in bytes.
 */
export async function sampleMemory(page, ms = 250) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const peak = { jsHeap: 0, wasm: 0, rendererRss: 0, samples: 0 };
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        const { metrics } = await cdp.send('Performance.getMetrics');
        const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
        const wasm = await page.evaluate(async () => (await import('/pkg/panopto-uploader.js')).wasmMemoryBytes());
        peak.jsHeap = Math.max(peak.jsHeap, heap);
        peak.wasm = Math.max(peak.wasm, wasm);
        peak.rendererRss = Math.max(peak.rendererRss, rendererRss());
        peak.samples++;
      } catch { /* the page is navigating */ }
      await new Promise((r) => setTimeout(r, ms));
    }
  })();
  return { stop: async () => { running = false; await loop; return peak; } };
}

/** Open the demo page (served by `pageUrl`) pointed at `server`, with events recorded. */
export async function openDemo(browser, pageUrl, server) {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on('dialog', (d) => d.accept()); // the leave-page warning while uploading
  const q = server ? `?server=${encodeURIComponent(server)}` : '';
  await page.goto(`${pageUrl}/${q}`);
  await page.locator('panopto-uploader [part~=dropzone]').waitFor();
  await recordEvents(page);
  return page;
}

/** Wait until the element's progress reaches `percent`. */
export async function waitForPercent(page, percent, timeout = 60_000) {
  await page.waitForFunction((p) => {
    const bar = document.querySelector('panopto-uploader')?.shadowRoot?.querySelector('[role=progressbar]');
    return bar && Number(bar.getAttribute('aria-valuenow')) >= p;
  }, percent, { timeout });
}

export const MIB = 1024 * 1024;

/**
 * The name the element uploads `fileName` under (src/core/object_name.rs: A-Z a-z 0-9 . _ -
 * only, each run of other characters one `_`, an extension of up to 10 letters and digits
 * kept, 120 characters of stem at most). Tests find a stored file by it.
 */
export function objectName(fileName) {
  const base = fileName.split(/[/\\]/).pop();
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 ? base.slice(dot + 1) : null;
  const hasExt = ext !== null && ext.length >= 1 && ext.length <= 10 && /^[A-Za-z0-9]+$/.test(ext);
  const stem = hasExt ? base.slice(0, dot) : base;
  let out = '';
  for (const c of stem) {
    if (/[A-Za-z0-9._-]/.test(c)) out += c;
    else if (!out.endsWith('_')) out += '_';
  }
  out = out.replace(/^[_.]+|[_.]+$/g, '').slice(0, 120).replace(/[_.]+$/, '') || 'file';
  return hasExt ? `${out}.${ext}` : out;
}
