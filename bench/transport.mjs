// Part bodies by XMLHttpRequest (upload progress inside a part; the element's default sends a
// part by XHR when it is expected to take half a second or more, by fetch otherwise) against
// part bodies by fetch only (the transport before it, no progress until a part is acknowledged), in
// Chromium, Firefox ESR and WebKitGTK, on loopback and on shaped links, in one run. Each engine
// uploads the same file on disk through the element's public API, the two transports in
// mirrored order (X F F X) so that drift on this 2-core machine favours neither, and the
// faster of each pair counts. Seconds are from the first part request to the last part's
// answer (Resource Timing, as bench/run.mjs measures). Writes bench/results/transport.md.
//   node bench/transport.mjs            (scripts/bench.sh runs it after run.mjs)
//   BENCH_QUICK=1 …                     smaller files; TRANSPORT_ENGINES=firefox,webkit for some
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openPage } from '../e2e/engines.mjs';
import { emulatorBin, makeBigFile, MIB, objectName, ROOT, startEmulator, stopAll } from '../e2e/harness.mjs';

process.env.EMULATOR_BIN ||= path.join(ROOT, 'target/release/panopto-emulator');
if (!emulatorBin().includes('/release/')) throw new Error(`EMULATOR_BIN must be a release build, not ${emulatorBin()}`);
const QUICK = process.env.BENCH_QUICK === '1';
const ENGINES = (process.env.TRANSPORT_ENGINES || 'chromium,firefox,webkit').split(',');
const PROFILES = [
  { name: 'loopback', flags: [], mib: QUICK ? 64 : 512 },
  { name: '50 ms, 200 Mbit/s', flags: ['--latency-ms', '50', '--bandwidth-mbps', '200'], mib: QUICK ? 32 : 128 },
  { name: '20 ms, 40 Mbit/s up', flags: ['--latency-ms', '20', '--bandwidth-mbps', '40'], mib: QUICK ? 16 : 48 },
];
const ORDER = ['xhr', 'fetch', 'fetch', 'xhr'];

async function once(page, file, transport) {
  // From a module script of the page itself: a WebDriver script's own import() of the glue
  // gets a second, uninitialised instance of the module in Firefox.
  const chosen = await page.evaluate((transport) => new Promise((resolve) => {
    window.__transportChosen = resolve;
    const s = document.createElement('script');
    s.type = 'module';
    s.textContent = `import { benchUseTransport } from '/pkg/panopto-uploader-wasm.js';
      window.__transportChosen(benchUseTransport(${JSON.stringify(transport)}));`;
    document.head.append(s);
  }), transport);
  if (chosen !== true) throw new Error(`no transport ${transport}`);
  await page.evaluate(async () => {
    performance.clearResourceTimings();
    performance.setResourceTimingBufferSize(100_000);
    const el = document.querySelector('panopto-uploader');
    el.setAttribute('concurrency', '4');
    const t = (window.__t = { progress: 0 });
    el.addEventListener('progress', () => { t.progress++; });
    el.addEventListener('uploadcomplete', () => { t.done = true; });
    el.addEventListener('uploaderror', (e) => { t.error = e.detail.message; });
  });
  await page.setFiles('input.picker', file);
  await page.evaluate(() => document.querySelector('panopto-uploader').start());
  await page.waitForFunction(() => window.__t.done || window.__t.error, null, { timeout: 600_000 });
  const t = await page.evaluate((name) => {
    const parts = performance.getEntriesByType('resource').filter((e) => e.name.includes('partNumber=') && decodeURIComponent(e.name).includes(`/${name}?`));
    return { error: window.__t.error ?? null, progress: window.__t.progress, parts: parts.length,
      first: Math.min(...parts.map((e) => e.startTime)), last: Math.max(...parts.map((e) => e.responseEnd)) };
  }, objectName(path.basename(file)));
  if (t.error) throw new Error(`${transport}: ${t.error}`);
  return { seconds: (t.last - t.first) / 1000, progress: t.progress, parts: t.parts };
}

const rows = [];
for (const profile of PROFILES) {
  const file = makeBigFile(`transport ${profile.mib}.mp4`, profile.mib * MIB, profile.mib);
  for (const engine of ENGINES) {
    const best = {};
    for (const transport of ORDER) {
      // A fresh emulator and page per run: no upload's state or connections carry over.
      const emu = await startEmulator(['--www', path.join(ROOT, 'www'), '--processing-ms', '100', ...profile.flags]);
      const page = await openPage(engine);
      await page.goto(`${emu.url}/`);
      await page.waitFor('[part~=dropzone]');
      const r = await once(page, file, transport);
      const mbps = (profile.mib * MIB) / 1e6 / r.seconds;
      console.log(`${profile.name}, ${engine}, ${transport}: ${mbps.toFixed(1)} MB/s (${r.seconds.toFixed(2)} s, ${r.parts} parts, ${r.progress} progress events)`);
      if (!best[transport] || mbps > best[transport].mbps) best[transport] = { ...r, mbps };
      await page.close();
      await emu.stop();
    }
    rows.push({ profile: profile.name, mib: profile.mib, engine, xhr: best.xhr, fetch: best.fetch });
  }
}
await stopAll();

const cpu = os.cpus();
const lines = [
  '# Part transport: XMLHttpRequest (upload progress) where it can show, against fetch only',
  '',
  `${new Date().toISOString().slice(0, 10)}, ${cpu.length} × ${cpu[0]?.model.trim()}, release build, \`node bench/transport.mjs\`${QUICK ? ' (BENCH_QUICK)' : ''}.`,
  'MB/s from the first part request to the last answer, the faster of two runs in mirrored order; progress events per run in brackets',
  '(here the browsers report upload progress in 1.4 MiB steps, loopback\'s kernel buffers: e2e/home_link.sh; live_progress.test.mjs measures the pace on a home link).',
  '',
  '| link | file | engine | default: XHR for parts of ≥ 0.5 s | fetch only | default ÷ fetch |',
  '|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.profile} | ${r.mib} MiB | ${r.engine} | ${r.xhr.mbps.toFixed(1)} (${r.xhr.progress}) | ${r.fetch.mbps.toFixed(1)} (${r.fetch.progress}) | ${(r.xhr.mbps / r.fetch.mbps).toFixed(2)} |`),
  '',
];
const out = QUICK ? path.join(os.tmpdir(), 'transport.md') : path.join(ROOT, 'bench/results/transport.md');
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, lines.join('\n'));
console.log(lines.join('\n'));
console.log(`written: ${out}`);
