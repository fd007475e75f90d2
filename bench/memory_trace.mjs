// What holds the renderer's memory during one of our uploads: a Chromium memory-infra trace
// (detailed dumps: every allocator of every process, as chrome://tracing shows them) taken
// before the upload and then every few seconds until it ends, printed for the page's renderer
// by allocator, with the process's private resident memory beside it. Playwright's raw CDP
// session drives the trace; our part bodies are Blobs, which its DevTools capture does not copy.
// What it showed (2026-11-30, 1 GiB on loopback): with each part read on the main thread by
// `arrayBuffer()` for its CRC-32, the page renderer's RssAnon swung between 70 and 245 MiB,
// following partition_alloc (up to 159 MiB) and Blink's count of live ArrayBuffers (up to
// 200: 5 MiB part buffers waiting for V8 to collect them), while V8's heaps, blink_gc and
// malloc stayed flat; "the limit" (no reads) stayed at 37–44 MiB with no ArrayBuffer alive.
// Usage, after ./scripts/bench.sh has built everything (a release www/pkg and emulator):
//   node bench/memory_trace.mjs [MiB] [ours|limit]      (default 1024 ours)
//   DUMP_MS=400 (interval between dumps, default 3000), DUMP_GC=1 (collect garbage before
//   each dump), TRACE_OUT=file.json (keep the raw trace events)
import fs from 'node:fs';
import path from 'node:path';
import { launch, makeBigFile, MIB, ROOT, startEmulator, stopAll } from '../e2e/harness.mjs';

process.env.EMULATOR_BIN ||= path.join(ROOT, 'target/release/panopto-emulator');
const mib = Number(process.argv[2] || 1024);
const who = process.argv[3] || 'ours';
const web = await startEmulator(['--www', path.join(ROOT, 'www')]);
const api = await startEmulator(['--cors-origin', web.url, '--processing-ms', '100']);
const file = makeBigFile(`memtrace ${mib}.mp4`, mib * MIB, mib);
const browser = await launch();
const dumps = [];

/** RssAnon of every renderer process by pid: the page's is picked once the trace names it. */
function renderersRss() {
  const out = {};
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (!fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      out[pid] = Number(fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/RssAnon:\s+(\d+)/)[1]) * 1024;
    } catch { /* the process ended */ }
  }
  return out;
}
try {
  const page = await browser.newPage();
  page.on('dialog', (d) => d.accept());
  await page.goto(`${web.url}/?server=${encodeURIComponent(api.url)}`);
  await page.evaluate(async (limit) => {
    await customElements.whenDefined('panopto-uploader');
    const i = document.createElement('input');
    i.type = 'file';
    i.id = 'trace-file';
    document.body.append(i);
    if (limit) { const s = document.createElement('script'); s.textContent = limit; document.head.append(s); }
  }, who === 'limit' ? fs.readFileSync(path.join(ROOT, 'bench/limit.js'), 'utf8') : null);
  await page.setInputFiles('#trace-file', file);
  const cdp = await browser.newBrowserCDPSession();
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const complete = new Promise((r) => cdp.on('Tracing.tracingComplete', r));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: ['disabled-by-default-memory-infra'], excludedCategories: ['*'], memoryDumpConfig: { triggers: [] } },
  });
  const dump = async (label) => {
    const { success } = await cdp.send('Tracing.requestMemoryDump', { deterministic: process.env.DUMP_GC === '1', levelOfDetail: 'detailed' });
    dumps.push({ label, rss: renderersRss(), ok: success });
  };
  await dump('before');
  const t0 = Date.now();
  const done = page.evaluate(([who, server]) => new Promise((resolve, reject) => {
    const f = document.getElementById('trace-file').files[0];
    if (who === 'limit') { window.__limitUpload(f, server, 'dev-token', 5 << 20, 4).then(resolve, reject); return; }
    const el = document.querySelector('panopto-uploader');
    el.addEventListener('uploadcomplete', resolve);
    el.addEventListener('uploaderror', (e) => reject(new Error(e.detail.message)));
    el.addFiles(f ? [f] : []);
    el.start();
  }), [who, api.url]);
  let finished = false;
  done.then(() => { finished = true; }, () => { finished = true; });
  while (!finished) {
    await new Promise((r) => setTimeout(r, Number(process.env.DUMP_MS || 3000)));
    if (!finished) await dump(`${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  await done;
  await dump('after');
  await page.evaluate(() => new Promise((r) => setTimeout(r, 2000)));
  await dump('after + 2 s');
  await cdp.send('Tracing.end');
  await complete;
  if (process.env.TRACE_OUT) fs.writeFileSync(process.env.TRACE_OUT, JSON.stringify(events));
  report(events);
} finally {
  await stopAll();
}

function report(events) {
  const names = new Map();
  for (const e of events) if (e.ph === 'M' && e.name === 'process_labels' || e.name === 'process_name') names.set(e.pid, `${names.get(e.pid) ?? ''} ${e.args.name ?? e.args.labels ?? ''}`.trim());
  const memDumps = events.filter((e) => e.ph === 'v' && e.args?.dumps?.allocators);
  // The page's renderer: of the processes named "Renderer" (not the WebUI one), the one with
  // the biggest V8 heap (the page runs our wasm and JS; the other is about:blank).
  const renderers = new Set(events.filter((e) => e.ph === 'M' && e.name === 'process_name' && e.args.name === 'Renderer').map((e) => e.pid));
  const v8size = (e) => parseInt(e.args.dumps.allocators['v8/main']?.attrs?.size?.value ?? '0', 16);
  const first = memDumps.filter((e) => renderers.has(e.pid) && e.args.dumps.allocators['v8/main']).sort((a, b) => v8size(b) - v8size(a))[0];
  const pagePid = first?.pid;
  const rows = [];
  for (const r of memDumps.filter((e) => e.pid === pagePid && e.args.dumps.allocators['v8/main'])) {
    const a = r.args.dumps.allocators;
    const size = (k) => (a[k]?.attrs?.size ? parseInt(a[k].attrs.size.value, 16) / MIB : 0);
    const eff = (k) => (a[k]?.attrs?.effective_size ? parseInt(a[k].attrs.effective_size.value, 16) / MIB : size(k));
    const top = Object.keys(a).filter((k) => !k.includes('/') || /^partition_alloc\/partitions\/[^/]+$/.test(k) || /^malloc\/[^/]+$/.test(k) || /^v8\/[^/]+$/.test(k));
    // Live ArrayBuffers (Blink's count): their bytes live in V8's sandbox, which no allocator
    // dump covers, so the count is what shows them.
    const buffers = parseInt(a['blink_objects/ArrayBufferContents']?.attrs?.object_count?.value ?? '0', 16);
    rows.push({ ts: r.ts, buffers, top: Object.fromEntries(top.map((k) => [k, eff(k)]).filter(([, v]) => v >= 1)) });
  }
  rows.sort((x, y) => x.ts - y.ts);
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r.top)))].sort();
  console.log(`${who}, ${mib} MiB: renderer ${pagePid} allocators (MiB, effective size) per dump; RssAnon from /proc`);
  console.log(['dump', 'RssAnon', 'ArrayBuffers', ...keys].join('\t'));
  const peak = (f) => Math.max(0, ...rows.map(f));
  console.log(`peaks: RssAnon ${(Math.max(0, ...dumps.map((d) => d.rss[pagePid] ?? 0)) / MIB).toFixed(0)} MiB, ${peak((r) => r.buffers)} live ArrayBuffers, partition_alloc ${peak((r) => r.top.partition_alloc ?? 0).toFixed(0)} MiB, v8 ${peak((r) => r.top.v8 ?? 0).toFixed(0)} MiB, malloc ${peak((r) => r.top.malloc ?? 0).toFixed(0)} MiB`);
  rows.forEach((r, i) => console.log([dumps[i]?.label ?? i, ((dumps[i]?.rss[pagePid] ?? 0) / MIB).toFixed(0), r.buffers, ...keys.map((k) => (r.top[k] ?? 0).toFixed(1))].join('\t')));
}
