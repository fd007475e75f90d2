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
// bench/run.mjs calls `memoryTrace` for its memory rows' breakdown (issue 23: what grows from
// 1 to 10 GiB). By hand, after ./scripts/bench.sh has built everything (release www/pkg, emulator):
//   node bench/memory_trace.mjs [MiB] [ours|limit]      (default 1024 ours)
//   DUMP_MS=400 (interval between dumps, default 3000), DUMP_GC=1 (collect garbage before
//   each dump), TRACE_OUT=file.json (keep the raw trace events), SPARSE=1 (a file of zeros
//   that takes no disk, as the benchmark's 10 GiB run)
import fs from 'node:fs';
import path from 'node:path';
import { launch, makeBigFile, makeSparseFile, MIB, ROOT, startEmulator } from '../e2e/harness.mjs';

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

/** One upload of `mib` MiB by `who` (ours or the limit) in a Chromium of its own, traced; the
 * page renderer's allocators per dump and their peaks. The caller stops the emulators and the
 * browser (harness stopAll). */
export async function memoryTrace({ mib, who = 'ours', sparse = false, dumpMs = 3000, gc = false, traceOut = null }) {
  process.env.EMULATOR_BIN ||= path.join(ROOT, 'target/release/panopto-emulator');
  const web = await startEmulator(['--www', path.join(ROOT, 'www')]);
  const api = await startEmulator(['--cors-origin', web.url, '--processing-ms', '100']);
  const name = `memtrace ${mib}.mp4`;
  const file = sparse ? makeSparseFile(name, mib * MIB) : makeBigFile(name, mib * MIB, mib);
  const browser = await launch();
  const dumps = [];
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
      const { success } = await cdp.send('Tracing.requestMemoryDump', { deterministic: gc, levelOfDetail: 'detailed' });
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
      await new Promise((r) => setTimeout(r, dumpMs));
      if (!finished) await dump(`${((Date.now() - t0) / 1000).toFixed(0)} s`);
    }
    await done;
    await dump('after');
    await page.evaluate(() => new Promise((r) => setTimeout(r, 2000)));
    await dump('after + 2 s');
    await cdp.send('Tracing.end');
    await complete;
    if (traceOut) fs.writeFileSync(traceOut, JSON.stringify(events));
    return { who, mib, sparse, ...breakdown(events, dumps) };
  } finally {
    await browser.close().catch(() => {});
    api.stop();
    web.stop();
  }
}

/** The page renderer's allocators (MiB, effective size) per dump, with RssAnon from /proc. */
function breakdown(events, dumps) {
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
  rows.forEach((r, i) => { r.label = dumps[i]?.label ?? String(i); r.rssAnon = (dumps[i]?.rss[pagePid] ?? 0) / MIB; });
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r.top)))].sort();
  const peak = (f) => Math.max(0, ...rows.map(f));
  const peaks = { rssAnon: Math.max(0, ...dumps.map((d) => d.rss[pagePid] ?? 0)) / MIB, buffers: peak((r) => r.buffers), allocators: Object.fromEntries(keys.map((k) => [k, peak((r) => r.top[k] ?? 0)])) };
  return { pagePid, keys, rows, peaks };
}

function print(t) {
  console.log(`${t.who}, ${t.mib} MiB: renderer ${t.pagePid} allocators (MiB, effective size) per dump; RssAnon from /proc`);
  console.log(['dump', 'RssAnon', 'ArrayBuffers', ...t.keys].join('\t'));
  const a = t.peaks.allocators;
  console.log(`peaks: RssAnon ${t.peaks.rssAnon.toFixed(0)} MiB, ${t.peaks.buffers} live ArrayBuffers, partition_alloc ${(a.partition_alloc ?? 0).toFixed(0)} MiB, v8 ${(a.v8 ?? 0).toFixed(0)} MiB, malloc ${(a.malloc ?? 0).toFixed(0)} MiB`);
  for (const r of t.rows) console.log([r.label, r.rssAnon.toFixed(0), r.buffers, ...t.keys.map((k) => (r.top[k] ?? 0).toFixed(1))].join('\t'));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { stopAll } = await import('../e2e/harness.mjs');
  try {
    print(await memoryTrace({
      mib: Number(process.argv[2] || 1024), who: process.argv[3] || 'ours', sparse: process.env.SPARSE === '1',
      dumpMs: Number(process.env.DUMP_MS || 3000), gc: process.env.DUMP_GC === '1', traceOut: process.env.TRACE_OUT || null,
    }));
  } finally {
    await stopAll();
  }
}
