// The benchmark run behind `./scripts/bench.sh`: every contender uploads the same file on
// disk to the same emulator upload target, in the same headless Chromium, in one run.
// Writes bench/results/latest.md (table + machine) and bench/results/throughput.svg.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { emulatorBin, makeBigFile, MIB, ROOT, rendererRss, startEmulator, stopAll } from '../e2e/harness.mjs';
import { chart } from './chart.mjs';
import { pandaRows } from './panda.mjs';
import { wasmProfile } from './wasm_profile.mjs';
import { startDriver } from './webdriver.mjs';

process.env.EMULATOR_BIN ||= path.join(ROOT, 'target/release/panopto-emulator');
// The figures are only fair against an optimised server: a debug emulator costs as much CPU
// as the browser on loopback (an earlier run of this script measured against one by mistake).
if (!emulatorBin().includes('/release/')) throw new Error(`EMULATOR_BIN must be a release build, not ${emulatorBin()}`);
const HERE = import.meta.dirname;
const RESULTS = path.join(HERE, 'results');
const PART = 5 * MIB;
const QUICK = process.env.BENCH_QUICK === '1'; // smaller files, for trying the script out
const size = (mib) => (QUICK ? Math.max(16, mib / 16) : mib) * MIB;

const PROFILES = [
  // Loopback is a CPU contest on this 2-core machine and varies ±15 % from run to run: each
  // contender runs twice, in mirrored order (A B C D D C B A), and the faster run counts.
  { name: 'loopback', flags: [], mib: 1024, cap: null, repeat: 2 },
  { name: '50 ms, 200 Mbit/s', flags: ['--latency-ms', '50', '--bandwidth-mbps', '200'], mib: 256, cap: 200 },
  { name: 'home broadband: 20 ms, 40 Mbit/s up', flags: ['--latency-ms', '20', '--bandwidth-mbps', '40'], mib: 64, cap: 40 },
];
const CONTENDERS = [
  { id: 'ours', label: 'ours (concurrency 4)', concurrency: 4 },
  // The transport before live progress: part bodies by fetch (no upload progress), on the
  // same run, so the change is measured rather than assumed.
  { id: 'ours-fetch', label: 'ours, parts by fetch (no progress inside a part)', concurrency: 4, transport: 'fetch' },
  { id: 'ours-1', label: 'ours (concurrency 1, like Panopto\'s samples)', concurrency: 1 },
  { id: 'lib-storage', label: '@aws-sdk/lib-storage (queue 4)', concurrency: 4 },
  { id: 'limit', label: 'the limit: plain fetch PUTs (4 at once)', concurrency: 4 },
];

// For trying a change out: BENCH_TRY="loopback:ours,limit" runs just those throughput rows
// (profile name prefix, contender ids, repeats allowed), BENCH_MIB overrides the file size,
// and nothing is written. BENCH_CPUPROFILE=1 prints each run's main-thread CPU profile (self
// time by function, V8 sampling profiler); BENCH_TIMELINE=1 prints our rate per tenth of the file.
// BENCH_PANDA="50 ms:panda,panda-fixed" runs just those Panda rows.
const TRY = process.env.BENCH_TRY?.match(/^([^:]*):(.*)$/);
const PANDA_TRY = process.env.BENCH_PANDA?.match(/^([^:]*):(.*)$/);
if (TRY) {
  const keep = PROFILES.filter((p) => p.name.startsWith(TRY[1]));
  PROFILES.splice(0, PROFILES.length, ...keep.map((p) => ({ ...p, mib: Number(process.env.BENCH_MIB || p.mib) })));
  const all = [...CONTENDERS];
  CONTENDERS.splice(0, CONTENDERS.length, ...TRY[2].split(',').map((id) => all.find((c) => c.id === id)));
}

const files = new Map();
function file(mib) {
  if (!files.has(mib)) {
    files.set(mib, makeBigFile(`bench ${mib}.mp4`, size(mib), mib));
    // Let the kernel write the new file back before anything is timed: otherwise the first
    // contender uploads while a GiB of dirty pages is flushed, and pays for it alone.
    execFileSync('sync');
  }
  return files.get(mib);
}

const LIB_STORAGE = fs.readFileSync(path.join(HERE, 'build/lib-storage.js'), 'utf8');
const LIMIT = fs.readFileSync(path.join(HERE, 'limit.js'), 'utf8');

/** The demo page on the web origin pointed at `api`, with the peers' scripts and a plain
 * file input. A fresh navigation for every run. */
async function page(d, web, api, peers = true) {
  await d.open(`${web.url}/?server=${encodeURIComponent(api.url)}`);
  await d.eval(async (scripts) => {
    // Every part's timing is read back (partSeconds); the default buffer keeps only 250.
    performance.setResourceTimingBufferSize(100_000);
    await customElements.whenDefined('panopto-uploader');
    for (const text of scripts) {
      const s = document.createElement('script');
      s.textContent = text;
      document.head.append(s);
    }
    const i = document.createElement('input');
    i.type = 'file';
    i.id = 'bench-file';
    document.body.append(i);
  }, peers ? [LIMIT, LIB_STORAGE] : []);
}

/** Ours through the element's public API: addFiles() then start(). Seconds from
 * `uploadstart` to the last byte acknowledged; command → first part request. With
 * `sample`, the peaks of wasm memory, V8 heap (CDP `Performance.getMetrics`) and the
 * renderer's RssAnon, every 250 ms. (The upload runs in the page while node polls:
 * chromedriver runs one command at a time, so a sampler cannot wait inside the upload.) */
/** The same clock for every contender: from the first part request leaving to the last
 * part's answer, from the page's Resource Timing. Set-up before the first part (sessionUpload,
 * CreateMultipartUpload, preflights) differs in kind between contenders and is reported
 * apart, as "command → first part". */
function partSeconds(t, bytes) {
  const expected = Math.ceil(bytes / PART);
  if (!(t.parts >= expected) || !(t.lastPart > t.firstPart)) throw new Error(`${t.parts} part requests timed, ${expected} expected`);
  return (t.lastPart - t.firstPart) / 1000;
}

async function runOurs(d, filePath, concurrency, sample = false, transport = 'xhr') {
  await d.setFile('#bench-file', filePath);
  await d.eval(async (c, transport) => {
    const glue = await import('/pkg/panopto-uploader-wasm.js');
    if (!glue.benchUseTransport(transport)) throw new Error(`no transport ${transport}`);
    const el = document.querySelector('panopto-uploader');
    el.setAttribute('concurrency', String(c));
    const t = (window.__t = {});
    el.addEventListener('uploadstart', () => { t.start ??= performance.now(); });
    t.timeline = [];
    el.addEventListener('progress', (e) => { t.timeline.push([performance.now(), e.detail.loaded]); if (e.detail.loaded === e.detail.total) t.end ??= performance.now(); });
    el.addEventListener('uploadcomplete', () => { t.done = true; });
    el.addEventListener('uploaderror', (e) => { t.error = e.detail.message; });
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
    if (state.error) throw new Error(`our upload failed: ${state.error}`);
    if (sample) {
      const { metrics } = await d.cdp('Performance.getMetrics');
      peak.jsHeap = Math.max(peak.jsHeap, metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0);
      peak.wasm = Math.max(peak.wasm, state.wasm);
      peak.anon = Math.max(peak.anon, rendererRss());
      peak.samples++;
    }
    if (state.done) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const t = await d.eval((name) => {
    // The media file's parts only: the manifest goes up as a one-part multipart upload too.
    const parts = performance.getEntriesByType('resource').filter((e) => e.name.includes('partNumber=') && decodeURIComponent(e.name).includes(`/${name}?`));
    window.__t.shape = parts.slice(0, 10).concat(parts.slice(-6)).map((e) => `${e.name.match(/partNumber=(\d+)/)[1]}:${(e.startTime - parts[0].startTime).toFixed(0)}-${(e.responseEnd - parts[0].startTime).toFixed(0)}`).join(' ');
    return { ...window.__t, firstPart: Math.min(...parts.map((e) => e.startTime)), lastPart: Math.max(...parts.map((e) => e.responseEnd)), parts: parts.length };
  }, path.basename(filePath));
  await dumpProfile(d);
  if (process.env.BENCH_TIMELINE) {
    const tl = t.timeline; const total = tl[tl.length - 1][1]; let k = 0; const out = [];
    for (let q = 1; q <= 10; q++) { let j = k; while (j < tl.length - 1 && tl[j][1] < total * q / 10) j++; out.push(((tl[j][1] - tl[k][1]) / 1e6 / ((tl[j][0] - tl[k][0]) / 1000)).toFixed(0)); k = j; }
    console.log('MB/s per tenth:', out.join(' '));
  }
  if (process.env.BENCH_TIMELINE) console.log('parts (number:start-end ms):', t.shape);
  return { seconds: partSeconds(t, fs.statSync(filePath).size), firstPartMs: t.firstPart - t.command, peak };
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

async function runPeer(d, id, filePath, server) {
  await d.setFile('#bench-file', filePath);
  if (process.env.BENCH_CPUPROFILE) { await d.cdp('Profiler.enable'); await d.cdp('Profiler.setSamplingInterval', { interval: 500 }); await d.cdp('Profiler.start'); }
  return d.eval(async (id, server, part) => {
    const f = document.getElementById('bench-file').files[0];
    const t0 = performance.now();
    if (id === 'limit') await window.__limitUpload(f, server, 'dev-token', part, 4);
    else await window.__libStorageUpload(f, server, 'dev-token', part, 4);
    const parts = performance.getEntriesByType('resource').filter((e) => e.name.includes('partNumber=') && e.startTime >= t0 && decodeURIComponent(e.name).includes(`/${f.name}?`));
    const firstPart = Math.min(...parts.map((e) => e.startTime));
    return { firstPart, lastPart: Math.max(...parts.map((e) => e.responseEnd)), parts: parts.length, firstPartMs: firstPart - t0 };
  }, id, server, PART).then(async (r) => { await dumpProfile(d); return { seconds: partSeconds(r, fs.statSync(filePath).size), firstPartMs: r.firstPartMs }; });
}

/** CPU seconds so far of every thread of Chromium and the emulator, grouped by who does
 * the work: the page's main thread (renderer, pid = tid), the rest of the renderer, the
 * browser's other processes (browser, network service, GPU), and the emulator. */
function cpuByRole() {
  const roles = { pageMain: 0, renderer: 0, browser: 0, emulator: 0 };
  const threads = [];
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let comm;
    let cmd;
    try {
      comm = fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch { continue; }
    const role = comm.startsWith('panopto-emulato') ? 'emulator' : comm === 'chromium' || comm === 'chrome' ? (cmd.includes('--type=renderer') ? 'renderer' : 'browser') : null;
    if (!role) continue;
    let tasks = [];
    try { tasks = fs.readdirSync(`/proc/${pid}/task`); } catch { continue; }
    for (const tid of tasks) {
      try {
        const st = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
        const secs = (Number(f[11]) + Number(f[12])) / 100; // utime + stime, USER_HZ = 100
        const r = role === 'renderer' && tid === pid ? 'pageMain' : role;
        roles[r] += secs;
        threads.push([`${role} ${st.slice(st.indexOf('(') + 1, st.lastIndexOf(')'))} ${pid}/${tid}`, secs]);
      } catch { /* the thread ended */ }
    }
  }
  return { roles, threads: new Map(threads) };
}

function cpuDelta(before, after) {
  const d = {};
  for (const k of Object.keys(after.roles)) d[k] = after.roles[k] - before.roles[k];
  if (process.env.BENCH_THREADS) {
    const t = [...after.threads].map(([k, v]) => [k, v - (before.threads.get(k) ?? 0)]).filter(([, v]) => v > 0.2).sort((a, b) => b[1] - a[1]);
    console.log(t.slice(0, 12).map(([k, v]) => `  ${v.toFixed(1).padStart(5)} s ${k}`).join('\n'));
  }
  return d;
}

async function throughput(d, web) {
  const rows = [];
  for (const profile of PROFILES) {
    const filePath = file(profile.mib);
    const bytes = fs.statSync(filePath).size;
    const order = TRY || profile.repeat !== 2 ? CONTENDERS : [...CONTENDERS, ...[...CONTENDERS].reverse()];
    const best = new Map();
    for (const c of order) {
      const api = await startEmulator(['--cors-origin', web.url, '--processing-ms', '100', ...profile.flags]);
      await page(d, web, api);
      const before = cpuByRole();
      const r = c.id.startsWith('ours') ? await runOurs(d, filePath, c.concurrency, false, c.transport) : await runPeer(d, c.id, filePath, api.url);
      const mbps = bytes / 1e6 / r.seconds;
      // CPU seconds per GiB over the run (set-up and Panopto's processing included), by role.
      const gib = bytes / 2 ** 30;
      const cpu = Object.fromEntries(Object.entries(cpuDelta(before, cpuByRole())).map(([k, v]) => [k, v / gib]));
      const row = { profile: profile.name, contender: c.id, label: c.label, mib: bytes / MIB, seconds: r.seconds, MBps: mbps, firstPartMs: r.firstPartMs, utilisation: profile.cap ? (mbps * 8) / profile.cap : null, cpu };
      console.log(JSON.stringify(row));
      api.stop();
      // The emulator stored the whole file: flush it to disk now, not during the next run.
      execFileSync('sync');
      const prev = best.get(c.id);
      row.runs = [...(prev?.runs ?? []), mbps];
      best.set(c.id, !prev || mbps > prev.MBps ? row : { ...prev, runs: row.runs });
    }
    rows.push(...best.values());
  }
  return rows;
}

async function memory(d, web) {
  const rows = [];
  for (const mib of [256, 1024, 4096]) {
    const api = await startEmulator(['--cors-origin', web.url, '--processing-ms', '100']);
    await page(d, web, api, false); // the page's heap is ours alone
    const r = await runOurs(d, file(mib), 4, true);
    const row = { mib: size(mib) / MIB, seconds: r.seconds, wasm: r.peak.wasm / MIB, jsHeap: r.peak.jsHeap / MIB, rendererAnon: r.peak.anon / MIB, samples: r.peak.samples };
    console.log(JSON.stringify(row));
    rows.push(row);
    api.stop();
    execFileSync('sync');
  }
  return rows;
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

function gz(buf) {
  return zlib.gzipSync(buf, { level: 9 }).length;
}

function weight() {
  const pkg = path.join(ROOT, 'www/pkg');
  const snippet = execFileSync('find', [path.join(pkg, 'snippets'), '-name', '*.js']).toString().trim().split('\n').filter(Boolean);
  const ours = [
    ['wasm', path.join(pkg, 'panopto-uploader-wasm_bg.wasm')],
    ['JS glue', path.join(pkg, 'panopto-uploader-wasm.js')],
    ['entry', path.join(pkg, 'panopto-uploader.js')],
    ...snippet.map((s) => ['element class', s]),
  ].map(([what, f]) => { const b = fs.readFileSync(f); return { what, raw: b.length, gzip: gz(b) }; });
  const css = fs.readFileSync(path.join(ROOT, 'src/ui/style.css'));
  ours.push({ what: 'CSS (inside the wasm)', raw: css.length, gzip: gz(css), counted: false });
  const bundle = (name, extra = []) => {
    const bufs = [fs.readFileSync(path.join(HERE, 'build', `${name}.js`)), ...extra.map((f) => fs.readFileSync(f))];
    return { raw: bufs.reduce((a, b) => a + b.length, 0), gzip: bufs.reduce((a, b) => a + gz(b), 0) };
  };
  const nm = path.join(HERE, 'node_modules');
  const peers = [
    { what: '@aws-sdk/lib-storage + client-s3', ...bundle('weight-lib-storage') },
    { what: 'Uppy core + Dashboard + aws-s3, with CSS', ...bundle('weight-uppy', [path.join(nm, '@uppy/core/dist/style.min.css'), path.join(nm, '@uppy/dashboard/dist/style.min.css')]) },
    { what: '<mux-uploader>', ...bundle('weight-mux') },
  ];
  return { ours, peers, profile: wasmProfile(ROOT) };
}

function versions() {
  const v = (p) => JSON.parse(fs.readFileSync(path.join(HERE, 'node_modules', p, 'package.json'))).version;
  const chromium = execFileSync('/usr/bin/chromium', ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  return {
    machine: `${os.cpus()[0].model}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}`,
    chromium,
    node: process.version,
    libStorage: v('@aws-sdk/lib-storage'),
    uppy: v('@uppy/core'),
    mux: v('@mux/mux-uploader'),
    esbuild: v('esbuild'),
  };
}

const started = Date.now();
const web = await startEmulator(['--www', path.join(ROOT, 'www')]);
const d = await startDriver();
let rows, mem, cpuFigures, panda;
try {
  if (PANDA_TRY) {
    panda = await pandaRows(d, web, startEmulator, file, { profile: PANDA_TRY[1], ids: PANDA_TRY[2].split(',') });
  } else {
    rows = await throughput(d, web);
    if (!TRY) {
      panda = await pandaRows(d, web, startEmulator, file);
      mem = await memory(d, web);
      cpuFigures = await cpu(d, web);
    }
  }
} finally {
  await d.quit();
  await stopAll();
}
if (TRY || PANDA_TRY) process.exit(0);
const result = { when: new Date().toISOString(), quick: QUICK, versions: versions(), rows, panda, mem, cpu: cpuFigures, weight: weight(), minutes: (Date.now() - started) / 60000 };
fs.mkdirSync(RESULTS, { recursive: true });
fs.writeFileSync(path.join(RESULTS, 'latest.json'), JSON.stringify(result, null, 2));
const { report, summary } = await import('./report.mjs');
fs.writeFileSync(path.join(RESULTS, 'latest.md'), report(result));
// The README's summary, between its markers, so it never shows other figures than latest.md.
const readme = path.join(ROOT, 'README.md');
const text = fs.readFileSync(readme, 'utf8');
const marks = /(<!-- bench:start -->)[\s\S]*?(<!-- bench:end -->)/;
if (!QUICK && marks.test(text)) fs.writeFileSync(readme, text.replace(marks, (_, a, b) => `${a}\n${summary(result)}\n${b}`));
fs.writeFileSync(path.join(RESULTS, 'throughput.svg'), chart(result));
console.log(`wrote ${path.join(RESULTS, 'latest.md')} and throughput.svg in ${result.minutes.toFixed(1)} min`);
