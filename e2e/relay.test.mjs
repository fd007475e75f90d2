// A Panopto that answers no CORS at all (the emulator with no CORS flag: nothing but the
// token endpoint of a registered client would), reached through the LMS's own web server:
// Debian's nginx with the block of relay/nginx.conf exactly as the README gives it, the page
// on nginx's origin with `relay` set.
// - In each engine (how each sends a 200 MiB body through a same-origin relay matters):
//   the upload with captions completes byte-identical, every S3 request signed for
//   Panopto's URL and verified by the emulator as it arrived from nginx, no part sent twice,
//   and not one request from the page to Panopto's origin; the same page without `relay`
//   fails fast as `network`, naming the relay attribute.
// - In Chromium (the names are the element's, not the engine's): a set of awkward file
//   names through a relay under a prefix (nginx rewrites the path) and at /Panopto/ (the
//   path passes unchanged); 2 GiB through nginx with nginx's and the renderer's memory
//   sampled (the direct run's figures: resilience.test.mjs, 'a multi-GB file').
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { ENGINES, events, openPage, recordEvents, refusedByCors, testSite } from './engines.mjs';
import {
  launch, makeBigFile, makeFile, MIB, objectName, sampleMemory, sessions, sha256,
  sha256File, startEmulator, stopAll, TMP,
} from './harness.mjs';
import { startNginx } from './nginx.mjs';

after(stopAll);

/** The page on nginx's origin, Panopto at `api`; `relay` as given (none: no attribute). */
async function openOnNginx(engine, nginx, api, relay) {
  const page = await openPage(engine);
  const q = new URLSearchParams({ server: api.url, token: 'dev-token' });
  if (relay != null) q.set('relay', relay);
  await page.goto(`${nginx.url}/?${q}`);
  await page.waitFor('[part~=dropzone]');
  await recordEvents(page);
  // Every request the page makes is listed, to show none went to Panopto's origin.
  await page.evaluate(() => performance.setResourceTimingBufferSize(100_000));
  return page;
}

/** URLs the page requested (fetch, XHR, scripts). */
const requested = (page) => page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));

for (const engine of ENGINES) {
  test(`[${engine}] Panopto without CORS, through nginx: 200 MiB with captions via relay; without relay, network at once`, { timeout: 300_000 }, async (t) => {
    const api = await startEmulator(['--processing-ms', '300']);
    const nginx = await startNginx({ upstream: api.url, root: testSite(), form: 'prefix' });
    t.after(() => { api.stop(); nginx.stop(); });
    const media = makeBigFile(`relayed lecture ${engine}.mp4`, 200 * MIB, 21);
    const caption = path.join(TMP, `relayed ${engine}.en.vtt`);
    fs.writeFileSync(caption, 'WEBVTT\n\n00:00.000 --> 00:02.000\nThrough the school\'s own server\n');

    const page = await openOnNginx(engine, nginx, api, '/panopto');
    t.after(() => page.close());
    await page.setFiles('input.picker', media);
    await page.setFiles('.caption-input', caption);
    await page.waitFor('.caption select');
    const started = Date.now();
    await page.click('button.primary');
    await page.waitFor('.card[data-state=complete]', { timeout: 240_000 });
    const seconds = (Date.now() - started) / 1000;
    const [done] = await events(page, 'uploadcomplete');
    assert.deepEqual(await events(page, 'uploaderror'), []);

    const upload = (await sessions(api.url)).find((u) => u.ID === done.id);
    assert.equal(upload.StateName, 'Complete');
    const files = Object.fromEntries(upload.Files.map((f) => [f.Name, f]));
    assert.equal(files[objectName(path.basename(media))].Sha256, await sha256File(media), 'byte-identical');
    assert.equal(files[objectName(path.basename(caption))].Sha256, sha256(caption), 'the captions too');
    // Each S3 request signed for Panopto's URL, verified as nginx delivered it; none twice:
    // create + 40 parts + complete for the recording, create + part + complete for the
    // captions and for the manifest (ETags are readable: the page and relay are one origin).
    assert.equal(upload.S3.Unsigned, 0);
    assert.equal(upload.S3.Rejected, 0);
    assert.equal(upload.S3.Verified, (1 + 40 + 1) + 3 + 3, 'every part once, every request verified');
    assert.deepEqual(upload.TokenLeaks, []);
    const urls = await requested(page);
    assert.deepEqual(urls.filter((u) => u.startsWith(api.url)), [], 'no request from the page to Panopto\'s origin');
    assert.ok(urls.filter((u) => u.startsWith(`${nginx.url}/panopto/Panopto/Upload/`)).length >= 46, 'the parts went to the relay');
    assert.deepEqual(await page.errors(), [], 'no console error, uncaught error or unhandled rejection');
    console.log(`[${engine}] 200 MiB + captions through nginx: ${seconds.toFixed(1)} s (${(200 / seconds).toFixed(0)} MiB/s), ${upload.S3.Verified} verified S3 requests, nginx at ${nginx.hwmKiB()} KiB peak`);

    // The same page without the relay: the browser refuses Panopto's answers.
    const unrelayed = `${nginx.url}/?${new URLSearchParams({ server: api.url, token: 'dev-token' })}`;
    const { error, ms: reportedMs } = await refusedByCors(page, unrelayed, makeFile(`unrelayed ${engine}.mp4`, 6 * MIB, 22));
    assert.match(error.message, /relay attribute/, 'the README\'s advice, in the message');
    assert.equal((await sessions(api.url)).length, 1, 'nothing created without the relay');
    console.log(`[${engine}] without relay: ${error.code} after ${(reportedMs / 1000).toFixed(1)} s: ${error.message}`);
  });
}

// Spaces, ( ) ' ! * + & %, an en dash, non-ASCII letters: the names nginx rewrites under a
// prefix (%28 arrives as "(", %2B as "+", which S3 reads as a space).
const NAMES = ["Week 3 (final) – Übung.mp4", "a+b & c's 100% (draft)!.mp4", 'café*crème 日本.mp4'];

test('awkward file names upload byte-identical through a relay under a prefix and one at /Panopto/', { timeout: 240_000 }, async (t) => {
  const api = await startEmulator(['--processing-ms', '300']);
  const nginx = await startNginx({ upstream: api.url, root: testSite(), form: 'both' });
  t.after(() => { api.stop(); nginx.stop(); });
  const dir = fs.mkdtempSync(path.join(TMP, 'names-'));
  for (const relay of ['/panopto', '/']) {
    const page = await openOnNginx('chromium', nginx, api, relay);
    const files = NAMES.map((n, i) => {
      const f = path.join(dir, `${relay === '/' ? '' : 'p '}${n}`);
      fs.copyFileSync(makeFile(`name-${i}-${relay.length}.bin`, 5 * MIB + 3 + i, 30 + i), f);
      return f;
    });
    await page.setFiles('input.picker', files);
    // Every card has its own Upload button; the element's start() starts them all.
    await page.evaluate(() => document.querySelector('panopto-uploader').start());
    const until = Date.now() + 120_000;
    let done = [];
    while (done.length < files.length && Date.now() < until) {
      assert.deepEqual(await events(page, 'uploaderror'), [], `relay ${relay}`);
      done = await events(page, 'uploadcomplete');
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.equal(done.length, files.length, `every file completed (relay ${relay})`);
    const all = await sessions(api.url);
    for (const f of files) {
      const name = path.basename(f);
      const upload = all.find((u) => u.Files.some((s) => s.Name === objectName(name)));
      assert.ok(upload, `${name} is stored as ${objectName(name)}`);
      assert.equal(upload.StateName, 'Complete', name);
      assert.equal(upload.Files.find((s) => s.Name === objectName(name)).Sha256, sha256(f), `${name} byte-identical (relay ${relay})`);
      assert.equal(upload.S3.Rejected, 0, name);
      assert.equal(upload.Session.Name, name.replace(/\.mp4$/, ''), 'the title keeps the teacher\'s name');
    }
    assert.deepEqual((await requested(page)).filter((u) => u.startsWith(api.url)), []);
    assert.deepEqual(await page.errors(), []);
    await page.close();
  }
  const log = nginx.accessLog();
  assert.match(log, /PUT "\/panopto\/Panopto\/Upload\//, 'the prefix relay carried parts');
  assert.match(log, /PUT "\/Panopto\/Upload\//, 'the /Panopto/ relay carried parts');
});

test('2 GiB through nginx in Chromium: nginx streams the bodies (its memory stays flat), the renderer\'s stays bounded', { timeout: 600_000 }, async (t) => {
  const size = Number(process.env.BIG_FILE_MIB || 2048) * MIB;
  const api = await startEmulator(['--processing-ms', '300']);
  const nginx = await startNginx({ upstream: api.url, root: testSite(), form: 'prefix' });
  t.after(() => { api.stop(); nginx.stop(); });
  const file = makeBigFile('relayed big lecture.mp4', size, 9);
  const browser = await launch();
  t.after(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on('dialog', (d) => d.accept());
  await page.goto(`${nginx.url}/?${new URLSearchParams({ server: api.url, token: 'dev-token', relay: '/panopto' })}`);
  await page.locator('panopto-uploader [part~=dropzone]').waitFor();
  await recordEvents(page);
  const nginxAtRest = nginx.rssKiB();
  let nginxPeak = nginxAtRest;
  let tempFiles = 0;
  let sampling = true;
  const nginxSampler = (async () => {
    while (sampling) {
      nginxPeak = Math.max(nginxPeak, nginx.rssKiB());
      tempFiles = Math.max(tempFiles, openTempFiles(nginx));
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const sampler = await sampleMemory(page);
  const started = Date.now();
  await page.locator('panopto-uploader input.picker').setInputFiles(file);
  await page.locator('panopto-uploader button.primary').click();
  await page.locator('panopto-uploader .card[data-state=complete], panopto-uploader .card[data-state=error]').waitFor({ timeout: 540_000 });
  const seconds = (Date.now() - started) / 1000;
  const peak = await sampler.stop();
  sampling = false;
  await nginxSampler;
  assert.deepEqual(await events(page, 'uploaderror'), [], 'no uploaderror');
  const [upload] = await sessions(api.url);
  assert.equal(upload.StateName, 'Complete');
  assert.equal(upload.Files.find((f) => f.Name === objectName(path.basename(file))).Sha256, await sha256File(file));
  assert.equal(upload.S3.Unsigned, 0);
  const relayed = nginx.accessLog().split('\n').filter((l) => l.startsWith('PUT '));
  const bytes = relayed.reduce((sum, l) => sum + Number(l.match(/req=(\d+)/)?.[1] ?? 0), 0);
  const mb = (b) => (b / MIB).toFixed(1);
  console.log(`2 GiB through nginx: ${mb(size)} MiB in ${seconds.toFixed(1)} s (${(size / MIB / seconds).toFixed(0)} MiB/s incl. processing); ${relayed.length} PUTs, ${mb(bytes)} MiB of requests through nginx; nginx RSS ${(nginxAtRest / 1024).toFixed(1)} MiB at rest, ${(nginxPeak / 1024).toFixed(1)} MiB peak, ${tempFiles} body temp files; renderer RSS ${mb(peak.rendererRss)} MiB, wasm ${mb(peak.wasm)} MiB, JS heap ${mb(peak.jsHeap)} MiB (${peak.samples} samples)`);
  assert.ok(bytes >= size, 'every byte went through nginx');
  assert.equal(tempFiles, 0, 'nginx wrote no request body to a temp file');
  assert.ok(nginxPeak - nginxAtRest <= 16 * 1024, `nginx grew ${((nginxPeak - nginxAtRest) / 1024).toFixed(1)} MiB: it streams, it does not buffer`);
  assert.ok(peak.samples > 5 && peak.rendererRss <= 512 * MIB, `renderer RSS ${mb(peak.rendererRss)} MiB ≤ 512 MiB`);
  assert.ok(peak.wasm <= 64 * MIB, `wasm memory ${mb(peak.wasm)} MiB ≤ 64 MiB`);
});

/** Files nginx's processes hold open under its client-body temp dir (deleted or not). */
function openTempFiles(nginx) {
  let n = 0;
  for (const pid of [nginx.pid, ...nginx.workerPids()]) {
    try {
      for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
        try {
          if (fs.readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith(nginx.clientBodyTemp)) n++;
        } catch { /* closed meanwhile */ }
      }
    } catch { /* the process ended */ }
  }
  return n;
}
