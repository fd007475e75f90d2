// The engine against the emulator's injected faults, in headless Chromium: each fault
// alone, and a multi-GB file with bounded memory. The page is on another origin than the
// API (as an LMS page is), so CORS, preflights and hidden ETags are real. All faults
// together, a reload mid-upload and going offline run in every engine:
// combined_faults.test.mjs, reload_resume.test.mjs and offline.test.mjs.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, test } from 'node:test';
import {
  emulatorStats, events, launch, makeBigFile, makeFile, MIB, objectName, openDemo, ROOT, sampleMemory, sessions, sha256, sha256File, startEmulator, stopAll,
} from './harness.mjs';

after(stopAll);

/** The demo page on its own origin, and a Panopto emulator (with `flags`) that allows it. */
async function twoOrigins(flags) {
  const web = await startEmulator(['--www', path.join(ROOT, 'www')]);
  const api = await startEmulator(['--cors-origin', web.url, '--processing-ms', '300', ...flags]);
  return { web, api };
}

async function uploadAndWait(page, file, timeout) {
  await page.locator('panopto-uploader input.picker').setInputFiles(file);
  await page.locator('panopto-uploader button.primary').click();
  await page.locator('panopto-uploader .card[data-state=complete], panopto-uploader .card[data-state=error]').waitFor({ timeout });
  const failed = await events(page, 'uploaderror');
  assert.deepEqual(failed, [], 'no uploaderror');
}

function only(list, what) {
  assert.equal(list.length, 1, `exactly one ${what}: ${JSON.stringify(list.map((u) => [u.ID, u.StateName]))}`);
  return list[0];
}

// Each fault with what must be seen to prove it was exercised (the faults are drawn from
// a hash of the seed, object name, part number and attempt, so these hold run after run;
// the fail rate gets 100 MiB, 21 parts, so that two faults do not hang on one name's hash).
const FAULTS = [
  ['--fail-rate 0.3', 100, (s) => s.InjectedInternalErrors + s.InjectedSlowDowns + s.DroppedConnections >= 2],
  ['--latency-ms 50', 30, (s, secs) => secs > 0.05 * 12],
  ['--bandwidth-mbps 200', 30, (s) => s.BytesReceived >= 30 * MIB],
  ['--stall-rate 0.25', 30, (s) => s.Stalls >= 1],
  ['--hide-etag', 30, (s, secs, u) => u.S3.Verified >= 8 + 3 + 2], // + one ListParts per file
  ['--clock-skew-secs 1200', 30, (s, secs, u) => u.S3.Rejected >= 1],
  ['--token-ttl-secs 2 --latency-ms 100', 30, (s) => s.TokensIssued >= 2 && s.ExpiredTokenRejections >= 1],
  ['--max-concurrent-parts 2', 30, (s) => s.ConcurrencySlowDowns >= 1 && s.MaxPartsInFlight <= 2],
];

test('each fault alone: the upload completes byte-identical, in one session', { timeout: 900_000 }, async () => {
  const browser = await launch();
  const report = [];
  for (const [flags, mib, exercised] of FAULTS) {
    const { web, api } = await twoOrigins([...flags.split(' '), '--seed', '7']);
    const file = makeFile(`faults ${mib}.mp4`, mib * MIB, mib);
    const page = await openDemo(browser, web.url, api.url);
    const started = Date.now();
    await uploadAndWait(page, file, 300_000);
    const seconds = (Date.now() - started) / 1000;
    const upload = only(await sessions(api.url), `sessionUpload under ${flags}`);
    assert.equal(upload.StateName, 'Complete', flags);
    const media = upload.Files.find((f) => f.Name === objectName(path.basename(file)));
    assert.equal(media.Sha256, sha256(file), `byte-identical under ${flags}`);
    assert.equal(upload.S3.PartsResentAfterAck, 0, `no acknowledged part sent again under ${flags}`);
    const stats = await emulatorStats(api.url);
    const parts = Math.ceil((mib * MIB) / (5 * MIB)) + 1; // + the manifest
    const resent = stats.InjectedInternalErrors + stats.InjectedSlowDowns + stats.DroppedConnections + stats.Stalls + stats.ConcurrencySlowDowns;
    report.push({ flags, mib, seconds: seconds.toFixed(1), parts, resent, stats });
    assert.ok(exercised(stats, seconds, upload), `the fault was exercised under ${flags}: ${JSON.stringify({ stats, s3: upload.S3 })}`);
    await page.close();
  }
  for (const r of report) {
    const { Seed, Faults, PartsInFlight, ...counters } = r.stats;
    console.log(`faults ${r.flags}: ${r.mib} MiB in ${r.seconds} s; ${r.resent} part requests failed by the emulator and sent again (${r.parts} parts); ${JSON.stringify(counters)}`);
  }
  await browser.close();
});

test('a multi-GB file uploads with bounded memory', { timeout: 600_000 }, async () => {
  const size = Number(process.env.BIG_FILE_MIB || 2048) * MIB;
  const { web, api } = await twoOrigins([]);
  const file = makeBigFile('big lecture.mp4', size, 9);
  const browser = await launch();
  const page = await openDemo(browser, web.url, api.url);
  const sampler = await sampleMemory(page);
  const started = Date.now();
  await uploadAndWait(page, file, 540_000);
  const seconds = (Date.now() - started) / 1000;
  const peak = await sampler.stop();
  const upload = only(await sessions(api.url), 'sessionUpload');
  assert.equal(upload.Files.find((f) => f.Name === objectName(path.basename(file))).Sha256, await sha256File(file));
  const mb = (b) => (b / MIB).toFixed(1);
  console.log(`${mb(size)} MiB in ${seconds.toFixed(1)} s (${(size / MIB / seconds).toFixed(0)} MiB/s incl. processing); peak wasm memory ${mb(peak.wasm)} MiB, JS heap ${mb(peak.jsHeap)} MiB, renderer RSS ${mb(peak.rendererRss)} MiB (${peak.samples} samples)`);
  // Bounds: 4 parts × 5 MiB in flight, each held once in wasm and once as the fetch body.
  assert.ok(peak.samples > 5, 'memory was sampled during the upload');
  assert.ok(peak.wasm <= 64 * MIB, `wasm memory ${mb(peak.wasm)} MiB ≤ 64 MiB`);
  assert.ok(peak.jsHeap <= 64 * MIB, `JS heap ${mb(peak.jsHeap)} MiB ≤ 64 MiB`);
  assert.ok(peak.rendererRss <= 512 * MIB, `renderer RSS ${mb(peak.rendererRss)} MiB ≤ 512 MiB`);
  await browser.close();
});
