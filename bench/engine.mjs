// Engine throughput and memory, measured in headless Chromium against the release
// emulator: a file of BENCH_MIB (default 512) MiB uploaded through the element at
// concurrency 1 and 4, on loopback and on a shaped link (--latency-ms 50
// --bandwidth-mbps 200). Prints one line per run. Throughput is counted from
// `uploadstart` to the last `progress` event (all bytes acknowledged), so Panopto's
// processing time is not in it.
//
//   node bench/engine.mjs            (after scripts/build.sh and a release emulator build)
import path from 'node:path';
import { launch, makeBigFile, MIB, openDemo, ROOT, sampleMemory, startEmulator, stopAll } from '../e2e/harness.mjs';

const mib = Number(process.env.BENCH_MIB || 512);
process.env.EMULATOR_BIN ||= path.join(ROOT, 'target/release/panopto-emulator');
const PROFILES = [
  ['loopback', []],
  ['50 ms, 200 Mbit/s', ['--latency-ms', '50', '--bandwidth-mbps', '200']],
];

const file = makeBigFile(`bench ${mib}.mp4`, mib * MIB, 11);
const browser = await launch();
const results = [];
for (const [profile, flags] of PROFILES) {
  for (const concurrency of [1, 4]) {
    const web = await startEmulator(['--www', path.join(ROOT, 'www')]);
    const api = await startEmulator(['--cors-origin', web.url, '--processing-ms', '100', ...flags]);
    const page = await openDemo(browser, web.url, api.url);
    await page.evaluate((c) => document.querySelector('panopto-uploader').setAttribute('concurrency', String(c)), concurrency);
    await page.evaluate(() => {
      const el = document.querySelector('panopto-uploader');
      window.__t = {};
      el.addEventListener('uploadstart', () => { window.__t.start = performance.now(); });
      el.addEventListener('progress', (e) => { if (e.detail.loaded === e.detail.total) window.__t.end ??= performance.now(); });
    });
    const sampler = await sampleMemory(page);
    await page.locator('panopto-uploader input.picker').setInputFiles(file);
    await page.locator('panopto-uploader button.primary').click();
    await page.locator('panopto-uploader .card[data-state=complete]').waitFor({ timeout: 600_000 });
    const peak = await sampler.stop();
    const t = await page.evaluate(() => window.__t);
    const seconds = (t.end - t.start) / 1000;
    const mbps = (mib * MIB) / 1e6 / seconds;
    const r = { profile, concurrency, seconds: seconds.toFixed(2), MBps: mbps.toFixed(1), wasmMiB: (peak.wasm / MIB).toFixed(1), jsHeapMiB: (peak.jsHeap / MIB).toFixed(1), rendererRssMiB: (peak.rendererRss / MIB).toFixed(0) };
    if (flags.includes('--bandwidth-mbps')) r.utilisation = `${((mbps * 8) / 200 * 100).toFixed(1)} %`;
    console.log(JSON.stringify(r));
    results.push(r);
    await page.close();
    web.proc.kill();
    api.proc.kill();
  }
}
await browser.close();
stopAll();
console.table(results);
