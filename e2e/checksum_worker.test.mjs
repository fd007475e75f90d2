// The parts' CRC-32 off the main thread (issue 13), in each engine: a ~200 MiB upload whose
// every part was hashed by the checksum worker (js/checksum-worker.js), byte-identical, with
// the manifest's CRC equal to zlib's; in Chromium, the one engine with PerformanceObserver
// `longtask` entries, no task over 50 ms on the main thread while the parts are sent. Then the
// fallback: the worker's script missing (404), and a page whose CSP allows no worker
// (`worker-src 'none'`): every part hashed on the main thread instead, the upload still
// complete with the right CRC (so both paths agree with zlib on the same kind of file), one
// console warning, never a hang.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import zlib from 'node:zlib';
import { ENGINES, events, openPage, recordEvents, testSite } from './engines.mjs';
import {
  makeBigFile, makeSparseFile, MIB, objectName, sessions, sha256File, startEmulator, stopAll, TMP,
} from './harness.mjs';

after(stopAll);

const PART = 5 * MIB;

/** The test site with `change(dir)` applied, in a copy of its own. */
function variantSite(name, change) {
  const dir = path.join(TMP, `www-${name}`);
  if (!fs.existsSync(dir)) {
    fs.cpSync(testSite(), dir, { recursive: true });
    change(dir);
  }
  return dir;
}

const SITES = {
  worker: () => testSite(),
  'no worker script (404)': () => variantSite('no-worker', (dir) => fs.rmSync(path.join(dir, 'pkg/checksum-worker.js'))),
  "CSP worker-src 'none'": () => variantSite('csp', (dir) => {
    const index = path.join(dir, 'index.html');
    fs.writeFileSync(index, fs.readFileSync(index, 'utf8').replace(/<head>/i,
      `<head>\n  <meta http-equiv="Content-Security-Policy" content="worker-src 'none'">`));
  }),
};

function fileCrc(file) {
  // zlib's own CRC-32 (Node ≥ 20.15), streamed over the file in 64 MiB reads.
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.alloc(64 * MIB);
  let crc = 0;
  for (let n; (n = fs.readSync(fd, buf, 0, buf.length)) > 0;) crc = zlib.crc32(buf.subarray(0, n), crc);
  fs.closeSync(fd);
  return crc.toString(16).padStart(8, '0');
}

async function upload(engine, site, size, seed) {
  const emu = await startEmulator(['--www', site, '--processing-ms', '300']);
  // Seed 0: a file of zeros that takes no disk (the emulator stores zero runs as holes too).
  const media = seed === 0 ? makeSparseFile(`crc worker ${engine} zeros.mp4`, size) : makeBigFile(`crc worker ${engine} ${seed}.mp4`, size, seed);
  const page = await openPage(engine);
  try {
    await page.goto(`${emu.url}/`);
    await page.waitFor('[part~=dropzone]');
    await recordEvents(page);
    // The glue as the page loaded it: a module script shares the document's module map
    // (Firefox gives WebDriver's scripts a map of their own, with a glue not initialised).
    await page.evaluate(() => new Promise((resolve) => {
      const script = document.createElement('script');
      script.type = 'module';
      script.textContent = "import { benchChecksumStats } from './pkg/panopto-uploader-wasm.js'; window.__checksumStats = benchChecksumStats;";
      document.head.append(script);
      const poll = setInterval(() => window.__checksumStats && resolve(clearInterval(poll)), 20);
    }));
    const longtasks = await page.evaluate(() => {
      window.__states = [];
      document.querySelector('panopto-uploader').addEventListener('statechange', (e) => window.__states.push([Math.round(performance.now()), e.detail.state]));
      window.__warnings = [];
      const warn = console.warn;
      console.warn = (...args) => { window.__warnings.push(args.join(' ')); warn.apply(console, args); };
      window.__longtasks = [];
      if (!PerformanceObserver.supportedEntryTypes?.includes('longtask')) return false;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longtasks.push([e.startTime, e.duration]);
      }).observe({ type: 'longtask' });
      return true;
    });
    await page.setFiles('input.picker', media);
    const t0 = await page.evaluate(() => performance.now());
    await page.click('button.primary');
    await page.waitFor('.card[data-state=complete], .card[data-state=error]', { timeout: 400_000 });
    const seen = await page.evaluate(() => ({
      t1: performance.now(),
      stats: window.__checksumStats(),
      states: window.__states,
      longtasks: window.__longtasks,
      warnings: window.__warnings,
    }));
    assert.deepEqual(await events(page, 'uploaderror'), [], `[${engine}] no upload error`);
    assert.deepEqual(await page.errors(), [], 'no console error, uncaught error or unhandled rejection');
    const [done] = await events(page, 'uploadcomplete');
    const stored = (await sessions(emu.url)).find((u) => u.ID === done.id);
    assert.equal(stored.StateName, 'Complete');
    const name = objectName(path.basename(media));
    assert.equal(stored.Files.find((f) => f.Name === name).Sha256, await sha256File(media), 'byte-identical');
    const manifestName = stored.Files.map((f) => f.Name).find((n) => n.endsWith('.xml'));
    const manifest = await (await fetch(`${emu.url}/_emulator/uploads/${done.id}/files/${encodeURIComponent(manifestName)}`)).text();
    const checksum = manifest.match(/<File Checksum="([0-9a-f]{8})">/)[1];
    assert.equal(checksum, fileCrc(media), 'the manifest CRC is zlib\'s');
    assert.equal(checksum, stored.Files.find((f) => f.Name === name).Crc32, 'the emulator agrees');
    // While parts move: from 'uploading' to 'finishing'. Apart from it, the start (the
    // click until 'uploading': the UI and the session's creation, one task of 50–90 ms seen
    // here, in an IndexedDB callback per long-animation-frame attribution, not checksums).
    const at = (state) => seen.states.find(([, s]) => s === state)?.[0];
    const [from, to] = [at('uploading') ?? t0, at('finishing') ?? seen.t1];
    const during = seen.longtasks.filter(([start, duration]) => start + duration >= from && start <= to);
    const atStart = seen.longtasks.filter(([start, duration]) => start + duration >= t0 && start < from);
    if (process.env.E2E_DEBUG) console.log(JSON.stringify({ t0, states: seen.states, longtasks: seen.longtasks.map(([a, d]) => [Math.round(a), Math.round(d)]) }));
    return { ...seen, parts: Math.ceil(size / PART), longtasksObserved: longtasks, during, atStart, seconds: (seen.t1 - t0) / 1000 };
  } finally {
    await page.close();
    emu.stop();
  }
}

for (const engine of ENGINES) {
  test(`[${engine}] 200 MiB: every part's CRC-32 from the worker, byte-identical, no long task`, { timeout: 300_000 }, async () => {
    const size = 200 * MIB + 12_345;
    const r = await upload(engine, SITES.worker(), size, 13);
    console.log(`[${engine}] ${r.parts} parts in ${r.seconds.toFixed(1)} s: ${JSON.stringify(r.stats)}; `
      + (r.longtasksObserved ? `long tasks while parts moved: ${JSON.stringify(r.during.map(([, d]) => Math.round(d)))}, before (the start): ${JSON.stringify(r.atStart.map(([, d]) => Math.round(d)))} ms` : 'no longtask entries in this engine'));
    assert.equal(r.stats.state, 'ready', r.stats.reason);
    assert.equal(r.stats.mainThread, 0, 'no part hashed on the main thread');
    assert.equal(r.stats.worker, r.parts, 'every part hashed by the worker');
    assert.equal(r.stats.workerBytes, size);
    assert.deepEqual(r.warnings, []);
    if (r.longtasksObserved) assert.deepEqual(r.during, [], 'no task over 50 ms on the main thread while the parts are sent');
  });

  // One worker stopped answering after 597 parts in Chromium (js/checksums.js): a fresh one
  // takes over every 256 parts, and every part of a 3.5 GiB file is hashed off the main thread.
  if (engine === 'chromium') {
    test(`[${engine}] 3.5 GiB: the worker keeps answering, a fresh one every 256 parts`, { timeout: 480_000 }, async () => {
      const size = 3584 * MIB + 3;
      const r = await upload(engine, SITES.worker(), size, 0);
      console.log(`[${engine}] ${r.parts} parts in ${r.seconds.toFixed(1)} s: ${JSON.stringify(r.stats)}`);
      assert.equal(r.stats.mainThread, 0, `no part hashed on the main thread (${r.stats.reason})`);
      assert.equal(r.stats.worker, r.parts, 'every part hashed by a worker');
      assert.equal(r.stats.workers, Math.ceil(r.parts / 256), 'a fresh worker every 256 parts');
      assert.deepEqual(r.warnings, []);
    });
  }

  for (const broken of ['no worker script (404)', "CSP worker-src 'none'"]) {
    test(`[${engine}] ${broken}: the parts are hashed on the main thread, the upload completes`, { timeout: 180_000 }, async () => {
      const size = 12 * MIB + 7;
      const r = await upload(engine, SITES[broken](), size, 17);
      console.log(`[${engine}] ${broken}: ${JSON.stringify(r.stats)}; warned ${JSON.stringify(r.warnings)}`);
      assert.equal(r.stats.state, 'broken');
      assert.equal(r.stats.worker, 0);
      assert.equal(r.stats.mainThread, r.parts, 'every part hashed on the main thread');
      assert.equal(r.warnings.filter((w) => w.includes('checksums are computed on the main thread')).length, 1, 'one warning');
    });
  }
}
