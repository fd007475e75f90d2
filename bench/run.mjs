// The benchmark run behind `./scripts/bench.sh`: every contender uploads the same file on
// disk to the same emulator upload target, in the same headless Chromium, in one run; then
// ours and the limit in Firefox ESR and WebKitGTK, and how soon the element is interactive.
// Writes bench/results/latest.md (table + machine) and bench/results/throughput.svg.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { emulatorBin, makeBigFile, makeSparseFile, MIB, objectName, ROOT, startEmulator, stopAll } from '../e2e/harness.mjs';
import { chart } from './chart.mjs';
import { pageRssAnon, startCpuClock } from './cpu.mjs';
import { engineRows } from './engine_rows.mjs';
import { interactive } from './interactive.mjs';
import { memoryTrace } from './memory_trace.mjs';
import { cpuPerGiB, HELPERS, jsHeapUsed, median, PART, partSeconds, preparePage } from './page_helpers.mjs';
import { pandaRows } from './panda.mjs';
import { startDriver } from './webdriver.mjs';
import { versions, weight } from './weight.mjs';

process.env.EMULATOR_BIN ||= path.join(ROOT, 'target/release/panopto-emulator');
// The figures are only fair against an optimised server: a debug emulator costs as much CPU
// as the browser on loopback (an earlier run of this script measured against one by mistake).
if (!emulatorBin().includes('/release/')) throw new Error(`EMULATOR_BIN must be a release build, not ${emulatorBin()}`);
const HERE = import.meta.dirname;
const RESULTS = path.join(HERE, 'results');
const QUICK = process.env.BENCH_QUICK === '1'; // smaller files, for trying the script out
const size = (mib) => (QUICK ? Math.max(16, mib / 16) : mib) * MIB;

const PROFILES = [
  // Loopback is a CPU contest on this 2-core machine and varies ±15 % from run to run: each
  // contender runs twice, in mirrored order (A B C D D C B A), and the faster run counts.
  { name: 'loopback', flags: [], mib: 1024, cap: null, repeat: 2 },
  { name: '50 ms, 200 Mbit/s', flags: ['--latency-ms', '50', '--bandwidth-mbps', '200'], mib: 256, cap: 200 },
  { name: 'home broadband: 20 ms, 40 Mbit/s up', flags: ['--latency-ms', '20', '--bandwidth-mbps', '40'], mib: 64, cap: 40 },
  // A low-end school laptop: DevTools' CPU throttling (CDP Emulation.setCPUThrottlingRate, 4×
  // slower, on the page's renderer) on a 100 Mbit/s link.
  { name: 'CPU 4× slower, 20 ms, 100 Mbit/s', flags: ['--latency-ms', '20', '--bandwidth-mbps', '100'], mib: 128, cap: 100, throttle: 4, only: ['ours', 'lib-storage', 'limit'] },
];
const CONTENDERS = [
  { id: 'ours', label: 'ours (concurrency 4)', concurrency: 4 },
  // The transport before live progress: part bodies by fetch (no upload progress), on the
  // same run, so the change is measured rather than assumed.
  { id: 'ours-fetch', label: 'ours, parts by fetch (no progress inside a part)', concurrency: 4, transport: 'fetch' },
  { id: 'ours-1', label: 'ours (concurrency 1, like Panopto\'s samples)', concurrency: 1 },
  { id: 'lib-storage', label: '@aws-sdk/lib-storage (queue 4)', concurrency: 4 },
  { id: 'uppy5', label: 'Uppy 5 @uppy/aws-s3 (limit 6)', concurrency: 6 },
  { id: 'uppy6', label: 'Uppy 6 @uppy/aws-s3 (limit 6; one file\'s parts go one at a time)', concurrency: 6 },
  { id: 'limit', label: 'the limit: plain fetch PUTs (4 at once)', concurrency: 4 },
];
// Firefox ESR and WebKitGTK (e2e/engines.mjs drives them through geckodriver and
// WebKitWebDriver): ours and the limit, on loopback and on the 50 ms link.
const ENGINES = (process.env.BENCH_ENGINES || 'firefox,webkit').split(',').filter(Boolean);
const ENGINE_PROFILES = [
  { name: 'loopback', flags: [], mib: 512, cap: null, repeat: 2 },
  { name: '50 ms, 200 Mbit/s', flags: ['--latency-ms', '50', '--bandwidth-mbps', '200'], mib: 256, cap: 200 },
];
// The element interactive after its script tag: fresh page loads per element and cache state.
const LOADS = QUICK ? 3 : 7;

// For trying a change out: BENCH_TRY="loopback:ours,limit" runs just those throughput rows
// (profile name prefix, contender ids, repeats allowed), BENCH_MIB overrides the file size,
// and nothing is written. BENCH_CPUPROFILE=1 prints each run's main-thread CPU profile (self
// time by function, V8 sampling profiler); BENCH_TIMELINE=1 prints our rate per tenth of the file.
// BENCH_PANDA="50 ms:panda,panda-fixed" runs just those Panda rows. BENCH_PARTS picks whole
// parts (throughput,panda,memory,trace,cpu,engines,interactive; BENCH_TRY alone means throughput and,
// with BENCH_ENGINES set, engines too), also writing nothing unless all are run; BENCH_MEMORY_MIB
// ("10240", "1024,4096") picks the memory rows' sizes.
const TRY = process.env.BENCH_TRY?.match(/^([^:]*):(.*)$/);
const PANDA_TRY = process.env.BENCH_PANDA?.match(/^([^:]*):(.*)$/);
if (TRY) {
  const keep = PROFILES.filter((p) => p.name.startsWith(TRY[1]));
  PROFILES.splice(0, PROFILES.length, ...keep.map((p) => ({ ...p, mib: Number(process.env.BENCH_MIB || p.mib) })));
  const keepE = ENGINE_PROFILES.filter((p) => p.name.startsWith(TRY[1]));
  ENGINE_PROFILES.splice(0, ENGINE_PROFILES.length, ...keepE.map((p) => ({ ...p, mib: Number(process.env.BENCH_MIB || p.mib) })));
  const all = [...CONTENDERS];
  CONTENDERS.splice(0, CONTENDERS.length, ...TRY[2].split(',').map((id) => all.find((c) => c.id === id) ?? (() => { throw new Error(`no contender ${id}`); })()));
}
const ALL_PARTS = ['throughput', 'panda', 'memory', 'trace', 'cpu', 'engines', 'interactive'];
const PARTS = new Set(process.env.BENCH_PARTS ? process.env.BENCH_PARTS.split(',')
  : TRY ? ['throughput', ...(process.env.BENCH_ENGINES ? ['engines'] : [])] : PANDA_TRY ? ['panda'] : ALL_PARTS);
const PARTIAL = ALL_PARTS.some((p) => !PARTS.has(p)) || !!TRY || !!PANDA_TRY;

const files = new Map();
// Memory runs of this size and above use a sparse file of zeros (issue 23: "a 10 GiB file, made
// sparse on disk, so it costs no disk"): a file of data that size would not fit beside the rest.
const SPARSE_FROM_MIB = 8192;
function file(mib) {
  if (!files.has(mib)) {
    files.set(mib, mib >= SPARSE_FROM_MIB ? makeSparseFile(`bench ${mib} sparse.mp4`, size(mib)) : makeBigFile(`bench ${mib}.mp4`, size(mib), mib));
    // Let the kernel write the new file back before anything is timed: otherwise the first
    // contender uploads while a GiB of dirty pages is flushed, and pays for it alone.
    execFileSync('sync');
  }
  return files.get(mib);
}

const LIB_STORAGE = fs.readFileSync(path.join(HERE, 'build/lib-storage.js'), 'utf8');
const UPPY5 = fs.readFileSync(path.join(HERE, 'build/uppy5-s3.js'), 'utf8');
const UPPY6 = fs.readFileSync(path.join(HERE, 'build/uppy6-s3.js'), 'utf8');
const LIMIT = fs.readFileSync(path.join(HERE, 'limit.js'), 'utf8');

/** The demo page on the web origin pointed at `api`, with the peers' scripts and a plain
 * file input. A fresh navigation for every run. */
async function page(d, web, api, peers = true) {
  await d.open(`${web.url}/?server=${encodeURIComponent(api.url)}`);
  await d.eval(preparePage, [HELPERS, ...(peers ? [LIMIT, LIB_STORAGE, UPPY5, UPPY6] : [])]);
}


/** Ours through the element's public API: addFiles() then start(). Seconds of the parts
 * (partSeconds); command → first part request. `clock` (startCpuClock's arguments) starts
 * right before the command and stops once `uploadcomplete` is seen (node polls every 250 ms).
 * With `sample`, the peaks of wasm memory, V8 heap (CDP `Performance.getMetrics`) and the
 * page renderer's RssAnon, every 250 ms. (The upload runs in the page while node polls:
 * chromedriver runs one command at a time, so a sampler cannot wait inside the upload.) */
async function runOurs(d, filePath, { concurrency, sample = false, transport = 'xhr', clock }) {
  await d.setFile('#bench-file', filePath);
  const cpuClock = startCpuClock(clock);
  await d.eval(async (c, transport) => {
    const glue = await import('/pkg/panopto-uploader-wasm.js');
    if (!glue.benchUseTransport(transport)) throw new Error(`no transport ${transport}`);
    const el = document.querySelector('panopto-uploader');
    el.setAttribute('concurrency', String(c));
    const t = (window.__t = {});
    el.addEventListener('uploadstart', () => { t.start ??= performance.now(); });
    t.timeline = [];
    el.addEventListener('progress', (e) => { t.timeline.push([performance.now(), e.detail.loaded]); if (e.detail.loaded === e.detail.total) t.end ??= performance.now(); });
    el.addEventListener('uploadcomplete', () => { t.done = true; t.doneAt = performance.now(); });
    el.addEventListener('uploaderror', (e) => { t.error = e.detail.message; });
    window.__bench.observeLongTasks();
    t.command = performance.now();
    el.addFiles(document.getElementById('bench-file').files);
    el.start();
  }, concurrency, transport);
  const peak = { wasm: 0, jsHeap: 0, anon: 0, samples: 0 };
  if (process.env.BENCH_CPUPROFILE) { await d.cdp('Profiler.enable'); await d.cdp('Profiler.setSamplingInterval', { interval: 500 }); await d.cdp('Profiler.start'); }
  if (sample) await d.cdp('Performance.enable');
  for (;;) {
    const state = await d.eval(async (sample) => {
      const t = window.__t;
      const wasm = sample ? (await import('/pkg/panopto-uploader.js')).wasmMemoryBytes() : 0;
      return { done: !!t.done, error: t.error ?? null, wasm };
    }, sample);
    if (state.error) { cpuClock.stop(); throw new Error(`our upload failed: ${state.error}`); }
    if (sample) {
      peak.jsHeap = Math.max(peak.jsHeap, await jsHeapUsed(d));
      peak.wasm = Math.max(peak.wasm, state.wasm);
      peak.anon = Math.max(peak.anon, pageRssAnon('chromium', d.pid));
      peak.samples++;
    }
    if (state.done) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const cpu = cpuClock.stop();
  const t = await d.eval((name) => {
    const parts = performance.getEntriesByType('resource').filter((e) => e.name.includes('partNumber=') && decodeURIComponent(e.name).includes(`/${name}?`));
    window.__t.shape = parts.slice(0, 10).concat(parts.slice(-6)).map((e) => `${e.name.match(/partNumber=(\d+)/)[1]}:${(e.startTime - parts[0].startTime).toFixed(0)}-${(e.responseEnd - parts[0].startTime).toFixed(0)}`).join(' ');
    const longTasks = window.__bench.takeLongTasks(window.__t.command, window.__t.doneAt);
    return { ...window.__t, ...window.__bench.partTiming(name), longTasks };
  }, objectName(path.basename(filePath)));
  await dumpProfile(d);
  if (process.env.BENCH_TIMELINE) {
    const tl = t.timeline; const total = tl[tl.length - 1][1]; let k = 0; const out = [];
    for (let q = 1; q <= 10; q++) { let j = k; while (j < tl.length - 1 && tl[j][1] < total * q / 10) j++; out.push(((tl[j][1] - tl[k][1]) / 1e6 / ((tl[j][0] - tl[k][0]) / 1000)).toFixed(0)); k = j; }
    console.log('MB/s per tenth:', out.join(' '));
  }
  if (process.env.BENCH_TIMELINE) console.log('parts (number:start-end ms):', t.shape);
  // What stays once the garbage is gone (a forced full GC, then a second): a peak that is
  // garbage waiting for a collection drops back, a leak does not.
  let afterGc;
  if (sample) {
    await d.cdp('HeapProfiler.collectGarbage');
    await new Promise((r) => setTimeout(r, 1000));
    afterGc = { jsHeap: await jsHeapUsed(d), anon: pageRssAnon('chromium', d.pid) };
  }
  return { seconds: partSeconds(t, fs.statSync(filePath).size), firstPartMs: t.firstPart - t.command, longTasks: t.longTasks, peak, afterGc, cpu };
}

async function dumpProfile(d) {
  if (process.env.BENCH_CPUPROFILE) {
    const { profile } = await d.cdp('Profiler.stop');
    const dt = new Map(); const self = new Map();
    profile.samples.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
    for (const n of profile.nodes) { const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}`; self.set(k, (self.get(k) ?? 0) + (dt.get(n.id) ?? 0)); }
    const tot = [...self.values()].reduce((a, b) => a + b, 0);
    console.log('profile total ms', (tot / 1000).toFixed(0));
    for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log((v / 1000).toFixed(0).padStart(7), k);
  }
}

/** A peer (or the limit) in the page: its upload function, awaited. Same clocks as ours. */
async function runPeer(d, c, filePath, server, clock) {
  await d.setFile('#bench-file', filePath);
  if (process.env.BENCH_CPUPROFILE) { await d.cdp('Profiler.enable'); await d.cdp('Profiler.setSamplingInterval', { interval: 500 }); await d.cdp('Profiler.start'); }
  const cpuClock = startCpuClock(clock);
  let r;
  let cpu;
  try {
    r = await d.eval(async (id, server, part, concurrency) => {
      const f = document.getElementById('bench-file').files[0];
      window.__bench.observeLongTasks();
      const t0 = performance.now();
      const run = { limit: window.__limitUpload, 'lib-storage': window.__libStorageUpload, uppy5: window.__uppy5Upload, uppy6: window.__uppy6Upload }[id];
      await run(f, server, 'dev-token', part, concurrency);
      const done = performance.now();
      const t = window.__bench.partTiming(f.name, t0);
      return { ...t, firstPartMs: t.firstPart - t0, longTasks: window.__bench.takeLongTasks(t0, done) };
    }, c.id, server, PART, c.concurrency);
  } finally {
    cpu = cpuClock.stop();
  }
  await dumpProfile(d);
  return { seconds: partSeconds(r, fs.statSync(filePath).size), firstPartMs: r.firstPartMs, longTasks: r.longTasks, cpu };
}



/** Long tasks over several runs of one row: the most and the longest. */
function worstLongTasks(list) {
  const known = list.filter(Boolean);
  if (!known.length) return null;
  return { count: Math.max(...known.map((l) => l.count)), longest: Math.max(...known.map((l) => l.longest)), runs: known.map((l) => l.count) };
}

/** What DevTools' CPU throttling slows in this Chromium: the same busy loop on the page's main
 * thread and in a dedicated worker, at rate 1 and at `rate` (medians of 3, ms). */
let throttleCheck = null;
async function checkThrottle(d, rate) {
  const once = () => d.eval(async () => {
    const spin = 'let x = 0; const t = performance.now(); for (let i = 0; i < 3e7; i++) x += i % 7; return performance.now() - t;';
    const w = new Worker(URL.createObjectURL(new Blob([`onmessage = () => postMessage((() => { ${spin} })())`], { type: 'text/javascript' })));
    const inWorker = () => new Promise((r) => { w.onmessage = (e) => r(e.data); w.postMessage(0); });
    const main = [];
    const worker = [];
    for (let k = 0; k < 3; k++) { main.push(new Function(spin)()); worker.push(await inWorker()); }
    w.terminate();
    const med = (xs) => xs.sort((a, b) => a - b)[1];
    return { main: med(main), worker: med(worker) };
  });
  const base = await once();
  await d.cdp('Emulation.setCPUThrottlingRate', { rate });
  const slow = await once();
  await d.cdp('Emulation.setCPUThrottlingRate', { rate: 1 });
  return { rate, main: slow.main / base.main, worker: slow.worker / base.worker };
}

async function throughput(d, web) {
  const rows = [];
  for (const profile of PROFILES) {
    const filePath = file(profile.mib);
    const bytes = fs.statSync(filePath).size;
    const here = CONTENDERS.filter((c) => !profile.only || profile.only.includes(c.id));
    const order = TRY || profile.repeat !== 2 ? here : [...here, ...[...here].reverse()];
    const best = new Map();
    for (const c of order) {
      const api = await startEmulator(['--cors-origin', web.url, '--processing-ms', '100', ...profile.flags]);
      await page(d, web, api);
      if (profile.throttle && !throttleCheck) {
        throttleCheck = await checkThrottle(d, profile.throttle);
        console.log(JSON.stringify({ throttleCheck }));
      }
      if (profile.throttle) await d.cdp('Emulation.setCPUThrottlingRate', { rate: profile.throttle });
      const clock = { engine: 'chromium', driverPid: d.pid, emulatorPid: api.proc.pid };
      let r;
      try {
        r = c.id.startsWith('ours') ? await runOurs(d, filePath, { concurrency: c.concurrency, transport: c.transport, clock }) : await runPeer(d, c, filePath, api.url, clock);
      } finally {
        if (profile.throttle) await d.cdp('Emulation.setCPUThrottlingRate', { rate: 1 });
      }
      const mbps = bytes / 1e6 / r.seconds;
      // CPU seconds per GiB over the run (set-up and Panopto's processing included), by role.
      const cpu = cpuPerGiB(r.cpu, bytes);
      const row = { profile: profile.name, engine: 'chromium', contender: c.id, label: c.label, mib: bytes / MIB, seconds: r.seconds, MBps: mbps, firstPartMs: r.firstPartMs, utilisation: profile.cap ? (mbps * 8) / profile.cap : null, throttle: profile.throttle ?? null, cpu, longTasks: r.longTasks };
      console.log(JSON.stringify(row));
      api.stop();
      // The emulator stored the whole file: flush it to disk now, not during the next run.
      execFileSync('sync');
      const prev = best.get(c.id);
      const runs = [...(prev?.runs ?? []), mbps];
      const firstPartRuns = [...(prev?.firstPartRuns ?? []), r.firstPartMs];
      const longTaskRuns = [...(prev?.longTaskRuns ?? []), r.longTasks];
      best.set(c.id, { ...(!prev || mbps > prev.MBps ? row : prev), runs, firstPartRuns, longTaskRuns });
    }
    for (const row of best.values()) {
      row.firstPartMedianMs = median(row.firstPartRuns);
      row.longTasks = worstLongTasks(row.longTaskRuns);
      delete row.longTaskRuns;
      rows.push(row);
    }
  }
  return rows;
}

// The memory rows (issue 23: flat from 1 to 4 and to 10 GiB), and the sizes traced by
// bench/memory_trace.mjs for what holds the renderer's memory (the smallest and the largest
// of the goal's sizes).
const MEMORY_MIB = process.env.BENCH_MEMORY_MIB ? process.env.BENCH_MEMORY_MIB.split(',').map(Number) : [256, 1024, 4096, 10240];
const TRACED_MIB = [1024, 10240];

// Each size in a Chromium of its own: a renderer keeps the high-water mark of every page it
// ran, so one browser for all the rows put the residue of the runs before into each peak (1 GiB
// after the throughput runs and the 256 MiB row: 118 MiB; alone: 69).
async function memory(web) {
  const rows = [];
  for (const mib of MEMORY_MIB) {
    const api = await startEmulator(['--cors-origin', web.url, '--processing-ms', '100']);
    const d = await startDriver();
    await page(d, web, api, false); // the page's heap is ours alone
    const r = await runOurs(d, file(mib), { concurrency: 4, sample: true, clock: { engine: 'chromium', driverPid: d.pid, emulatorPid: api.proc.pid } })
      .finally(() => d.quit());
    const row = { mib: size(mib) / MIB, sparse: mib >= SPARSE_FROM_MIB, seconds: r.seconds, wasm: r.peak.wasm / MIB, jsHeap: r.peak.jsHeap / MIB, rendererAnon: r.peak.anon / MIB, jsHeapAfterGc: r.afterGc.jsHeap / MIB, rendererAnonAfterGc: r.afterGc.anon / MIB, samples: r.peak.samples, cpu: cpuPerGiB(r.cpu, size(mib)), longTasks: r.longTasks };
    console.log(JSON.stringify(row));
    rows.push(row);
    api.stop();
    execFileSync('sync');
  }
  return rows;
}

/** The trace tool's breakdown of the renderer's memory at the traced sizes (a browser of its
 * own, the same upload): peaks per allocator, for the results' "what grows" table. */
async function traces() {
  const out = [];
  for (const mib of TRACED_MIB) {
    const t = await memoryTrace({ mib: size(mib) / MIB, sparse: mib >= SPARSE_FROM_MIB });
    console.log(JSON.stringify({ trace: mib, peaks: t.peaks }));
    out.push({ mib: t.mib, sparse: t.sparse, peaks: t.peaks, dumps: t.rows.length });
    execFileSync('sync');
  }
  return out;
}

async function cpu(d, web) {
  await d.open(`${web.url}/`);
  return d.eval(async () => {
    await customElements.whenDefined('panopto-uploader');
    const glue = await import('/pkg/panopto-uploader-wasm.js');
    const data = new Uint8Array(64 << 20);
    // Pseudo-random, not mostly zeros: table-driven CRC-32 looks 2.5× faster than it is
    // when every lookup hits the same cache line.
    const words = new Uint32Array(data.buffer);
    let x = 0x9e3779b9;
    for (let i = 0; i < words.length; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; words[i] = x; }
    let t = performance.now();
    glue.benchSha256(data);
    const wasmSha = data.length / 1e6 / ((performance.now() - t) / 1000);
    t = performance.now();
    await crypto.subtle.digest('SHA-256', data);
    const webCrypto = data.length / 1e6 / ((performance.now() - t) / 1000);
    t = performance.now();
    glue.benchCrc32(data);
    const wasmCrc = data.length / 1e6 / ((performance.now() - t) / 1000);
    t = performance.now();
    const n = glue.benchSignParts(20000);
    const signPerSec = n / ((performance.now() - t) / 1000);
    return { wasmSha, webCrypto, wasmCrc, signPerSec };
  });
}

const started = Date.now();
// First: what is measured is the build in www/pkg now (and a missing tool fails before the runs).
const weightFigures = PARTIAL ? null : weight();
const web = await startEmulator(['--www', path.join(ROOT, 'www')]);
const d = await startDriver();
let rows = [];
let engines = [];
let mem, memTraces, cpuFigures, panda, inter;
const took = {};
const part = async (name, fn) => {
  if (!PARTS.has(name)) return undefined;
  const t = Date.now();
  const r = await fn();
  took[name] = (Date.now() - t) / 60000;
  console.log(`${name}: ${took[name].toFixed(1)} min`);
  return r;
};
try {
  rows = (await part('throughput', () => throughput(d, web))) ?? [];
  panda = await part('panda', () => pandaRows(d, web, startEmulator, file, PANDA_TRY ? { profile: PANDA_TRY[1], ids: PANDA_TRY[2].split(',') } : null));
  mem = await part('memory', () => memory(web));
  memTraces = await part('trace', () => traces());
  cpuFigures = await part('cpu', () => cpu(d, web));
  inter = await part('interactive', () => interactive(d, LOADS));
  engines = (await part('engines', () => engineRows({
    web, engines: ENGINES, profiles: ENGINE_PROFILES, file, limit: LIMIT, mirrored: !TRY,
    ids: TRY ? TRY[2].split(',').filter((id) => id === 'ours' || id === 'limit') : ['ours', 'limit'],
  }))) ?? [];
} finally {
  await d.quit();
  await stopAll();
}
if (PARTIAL) {
  console.log(`partial run (${[...PARTS].join(', ')}): nothing written; ${((Date.now() - started) / 60000).toFixed(1)} min`);
  process.exit(0);
}
const result = { when: new Date().toISOString(), quick: QUICK, versions: versions(), rows, engines, panda, mem, memTraces, cpu: cpuFigures, interactive: inter, throttleCheck, weight: weightFigures, took, minutes: (Date.now() - started) / 60000 };
fs.mkdirSync(RESULTS, { recursive: true });
fs.writeFileSync(path.join(RESULTS, 'latest.json'), JSON.stringify(result, null, 2));
const { report, summary, goals } = await import('./report.mjs');
fs.writeFileSync(path.join(RESULTS, 'latest.md'), report(result));
// The README's summary, between its markers, so it never shows other figures than latest.md.
const readme = path.join(ROOT, 'README.md');
const text = fs.readFileSync(readme, 'utf8');
const marks = /(<!-- bench:start -->)[\s\S]*?(<!-- bench:end -->)/;
if (!QUICK && marks.test(text)) fs.writeFileSync(readme, text.replace(marks, (_, a, b) => `${a}\n${summary(result)}\n${b}`));
fs.writeFileSync(path.join(RESULTS, 'throughput.svg'), chart(result));
console.log(`wrote ${path.join(RESULTS, 'latest.md')} and throughput.svg in ${result.minutes.toFixed(1)} min`);
// Every figure beside its goal, on the terminal too.
console.log(`\nGoals (${path.join(RESULTS, 'latest.md')}):\n${goals(result)}`);
