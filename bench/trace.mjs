// Where the page's main thread goes during one of our uploads: a Chromium trace
// (devtools.timeline) of a loopback upload, summed by event name on the renderer main thread
// (self time, children subtracted). Playwright, not chromedriver, because it can trace; our
// part bodies are Blobs, which DevTools does not slow down. Usage, after ./scripts/bench.sh
// has built everything: node bench/trace.mjs [MiB]   (default 256)
import fs from 'node:fs';
import path from 'node:path';
import { launch, makeBigFile, MIB, ROOT, startEmulator, stopAll, TMP } from '../e2e/harness.mjs';

process.env.EMULATOR_BIN ||= path.join(ROOT, 'target/release/panopto-emulator');
const mib = Number(process.argv[2] || 256);
const traceFile = path.join(TMP, 'trace.json');
const web = await startEmulator(['--www', path.join(ROOT, 'www')]);
const api = await startEmulator(['--cors-origin', web.url, '--processing-ms', '100']);
const file = makeBigFile('trace.mp4', mib * MIB);
const browser = await launch();
let events;
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on('dialog', (d) => d.accept());
  await page.goto(`${web.url}/?server=${encodeURIComponent(api.url)}`);
  await page.evaluate(async () => {
    await customElements.whenDefined('panopto-uploader');
    const i = document.createElement('input');
    i.type = 'file';
    i.id = 'trace-file';
    document.body.append(i);
  });
  await page.setInputFiles('#trace-file', file);
  await browser.startTracing(page, { path: traceFile, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'v8'] });
  const t0 = Date.now();
  await page.evaluate(() => new Promise((resolve, reject) => {
    const el = document.querySelector('panopto-uploader');
    el.addEventListener('uploadcomplete', resolve);
    el.addEventListener('uploaderror', (e) => reject(new Error(e.detail.message)));
    el.addFiles(document.getElementById('trace-file').files);
    el.start();
  }));
  console.log(`${mib} MiB uploaded in ${((Date.now() - t0) / 1000).toFixed(1)} s (tracing slows it down)`);
  await browser.stopTracing();
  const t = JSON.parse(fs.readFileSync(traceFile));
  events = t.traceEvents ?? t;
} finally {
  await stopAll();
}

const threads = new Map();
for (const e of events) if (e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args.name);
const main = events
  .filter((e) => e.ph === 'X' && e.dur && threads.get(`${e.pid}:${e.tid}`) === 'CrRendererMain')
  .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
const stack = [];
for (const e of main) {
  while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
  if (stack.length) stack.at(-1).children = (stack.at(-1).children ?? 0) + e.dur;
  stack.push(e);
}
const self = new Map();
const total = new Map();
for (const e of main) {
  self.set(e.name, (self.get(e.name) ?? 0) + e.dur - (e.children ?? 0));
  total.set(e.name, (total.get(e.name) ?? 0) + e.dur);
}
console.log('main thread, ms:   self   total  event');
for (const [name, s] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 20)) {
  console.log(`${(s / 1000).toFixed(0).padStart(21)} ${(total.get(name) / 1000).toFixed(0).padStart(7)}  ${name}`);
}
