// Shared helpers for the end-to-end tests: start the real emulator, drive Debian's
// Chromium with playwright-core, generate files on disk, CRC-32 and SHA-256.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const EMULATOR = process.env.EMULATOR_BIN || path.join(ROOT, 'target/debug/panopto-emulator');
export const XSD = path.join(ROOT, 'tests/ucs/universal-capture-2.1.xsd');
export const SHOTS = path.join(ROOT, 'target/e2e-screenshots');
export const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'pu-e2e-'));

const running = [];

/** Start panopto-emulator on a free port; resolves to { url, origin, proc }. */
export function startEmulator(args = []) {
  const dataDir = fs.mkdtempSync(path.join(TMP, 'data-'));
  const proc = spawn(EMULATOR, ['--listen', '127.0.0.1:0', '--data-dir', dataDir, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  running.push(proc);
  return new Promise((resolve, reject) => {
    let out = '';
    proc.on('exit', (code) => reject(new Error(`emulator exited (${code}): ${out}`)));
    proc.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) resolve({ url: m[1], origin: m[1], proc });
    });
  });
}

export function stopAll() {
  for (const p of running) p.kill();
}

export async function launch() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
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
    for (const n of ['uploadstart', 'progress', 'statechange', 'uploadcomplete', 'uploaderror', 'tokenneeded']) {
      el.addEventListener(n, (e) => window.__events.push({ name: n, detail: { ...e.detail, file: e.detail?.file?.name ?? null } }));
    }
  });
}

export async function events(page, name) {
  return (await page.evaluate(() => window.__events)).filter((e) => e.name === name).map((e) => e.detail);
}
