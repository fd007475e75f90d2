// Panda's resumable upload from the demo page (`?protocol=panda`), in headless Chromium,
// against the emulator's Panda API on another origin (so CORS decides which headers the
// page may read): faults and a Location move, a reload mid-upload, a cancel, and the form
// fallback where Range is hidden.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, test } from 'node:test';
import { axe, events, launch, makeBigFile, MIB, ROOT, sha256File, startEmulator, stopAll, waitForPercent } from './harness.mjs';

after(stopAll);

async function twoOrigins(flags) {
  const web = await startEmulator(['--www', path.join(ROOT, 'www')]);
  const api = await startEmulator(['--cors-origin', web.url, ...flags]);
  return { web, api };
}

async function openPanda(browser, web, api) {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on('dialog', (d) => d.accept());
  await page.goto(`${web.url}/?protocol=panda&server=${encodeURIComponent(api.url)}`);
  await page.locator('panopto-uploader [part~=dropzone]').waitFor();
  await page.evaluate(() => {
    window.__events = [];
    const el = document.querySelector('panopto-uploader');
    for (const n of ['uploadstart', 'progress', 'statechange', 'uploadcomplete', 'uploaderror']) {
      el.addEventListener(n, (e) => window.__events.push({ name: n, detail: { ...e.detail, file: e.detail?.file?.name ?? null } }));
    }
  });
  return page;
}

async function pandaUploads(url) {
  return (await (await fetch(new URL('/_emulator/panda', url))).json()).uploads;
}

function only(list, what) {
  assert.equal(list.length, 1, `exactly one ${what}: ${JSON.stringify(list)}`);
  return list[0];
}

async function pick(page, file) {
  await page.locator('panopto-uploader input.picker').setInputFiles(file);
  await page.locator('panopto-uploader button.primary').click();
}

test('100 MiB through failures, stalls and a Location move: complete, byte-identical, nothing sent twice that got through', { timeout: 300_000 }, async () => {
  const { web, api } = await twoOrigins(['--fail-rate', '0.2', '--stall-rate', '0.02', '--panda-move-location-after', '3', '--seed', '11']);
  const file = makeBigFile('panda faults.mp4', 100 * MIB, 21);
  const browser = await launch();
  const page = await openPanda(browser, web, api);
  await pick(page, file);
  await page.locator('panopto-uploader .card[data-state=complete], panopto-uploader .card[data-state=error]').waitFor({ timeout: 240_000 });
  assert.deepEqual(await events(page, 'uploaderror'), []);
  const upload = only(await pandaUploads(api.url), 'Panda upload');
  assert.equal(upload.state, 'complete');
  assert.equal(upload.sha256, await sha256File(file), 'byte-identical');
  assert.ok(upload.location_moves >= 1, `the location moved: ${JSON.stringify(upload)}`);
  assert.equal(upload.stale_location_requests, 0, 'the client followed every move');
  assert.equal(upload.token_leaks, 0, 'no token to the upload location');
  assert.ok(upload.bytes_redundant <= upload.bytes_failed,
    `bytes received more than once (${upload.bytes_redundant}) ≤ bytes of the requests that failed (${upload.bytes_failed})`);
  const done = (await events(page, 'uploadcomplete'))[0];
  assert.equal(done.video.sha256, upload.sha256, 'uploadcomplete carries the video JSON');
  const states = (await events(page, 'statechange')).map((s) => s.state);
  assert.deepEqual(states, ['preparing', 'uploading', 'complete']);
  const stats = await (await fetch(new URL('/_emulator/stats', api.url))).json();
  console.log(`panda faults: 100 MiB complete; ${upload.chunks} chunks stored, ${upload.location_moves} moves, `
    + `${(upload.bytes_failed / MIB).toFixed(1)} MiB in failed requests, ${(upload.bytes_redundant / MIB).toFixed(1)} MiB received twice; `
    + `${stats.InjectedInternalErrors} 500, ${stats.InjectedSlowDowns} 503, ${stats.DroppedConnections} dropped, ${stats.Stalls} stalled`);
  await browser.close();
});

test('a reload at 40 % or more, then the same file: resumes, and no byte the server held is sent again', { timeout: 300_000 }, async () => {
  const { web, api } = await twoOrigins(['--bandwidth-mbps', '400']);
  const file = makeBigFile('panda reload.mp4', 200 * MIB, 22);
  const browser = await launch();
  const page = await openPanda(browser, web, api);
  await pick(page, file);
  await waitForPercent(page, 40);
  await page.reload();
  await page.locator('panopto-uploader [part~=dropzone]').waitFor();
  const before = only(await pandaUploads(api.url), 'Panda upload before the reload');
  assert.equal(before.state, 'uploading');
  await page.locator('panopto-uploader input.picker').setInputFiles(file);
  await page.locator('panopto-uploader .resume-offer').waitFor();
  await page.locator('panopto-uploader button.primary').click();
  await page.locator('panopto-uploader .card[data-state=complete]').waitFor({ timeout: 120_000 });
  const upload = only(await pandaUploads(api.url), 'Panda upload after resuming');
  assert.equal(upload.id, before.id, 'the same upload session');
  assert.equal(upload.sha256, await sha256File(file));
  assert.equal(upload.bytes_redundant, 0, 'nothing the server held was sent again');
  assert.ok(upload.status_queries >= 1, 'the server was asked where it stood');
  console.log(`panda reload: held ${(before.held / MIB).toFixed(1)} MiB at the reload; resumed with ${upload.status_queries} status queries, 0 bytes sent twice`);
  await browser.close();
});

test('cancel sends DELETE and leaves nothing on the server', { timeout: 120_000 }, async () => {
  const { web, api } = await twoOrigins(['--bandwidth-mbps', '200']);
  const file = makeBigFile('panda cancel.mp4', 100 * MIB, 23);
  const browser = await launch();
  const page = await openPanda(browser, web, api);
  await pick(page, file);
  await waitForPercent(page, 5);
  await page.locator('panopto-uploader button', { hasText: 'Cancel' }).click();
  await page.locator('panopto-uploader .card[data-state=cancelled]').waitFor();
  const upload = only(await pandaUploads(api.url), 'Panda upload');
  assert.equal(upload.state, 'deleted');
  assert.equal(upload.held, 0, 'its bytes are gone');
  assert.deepEqual(await events(page, 'uploaderror'), []);
  await browser.close();
});

test('where CORS hides Range, the file goes whole as a form, and the card says it cannot resume', { timeout: 120_000 }, async () => {
  const { web, api } = await twoOrigins(['--panda-hide-headers']);
  const file = makeBigFile('panda form.mp4', 30 * MIB, 24);
  const browser = await launch();
  const page = await openPanda(browser, web, api);
  await pick(page, file);
  await page.locator('panopto-uploader .card[data-state=complete]').waitFor({ timeout: 60_000 });
  await page.locator('panopto-uploader .notice', { hasText: 'cannot resume' }).waitFor();
  assert.deepEqual(await axe(page), [], 'the Panda card, with its notice, passes axe-core');
  const upload = only(await pandaUploads(api.url), 'Panda upload');
  assert.equal(upload.form_uploads, 1);
  assert.equal(upload.sha256, await sha256File(file));
  assert.deepEqual(await events(page, 'uploaderror'), []);
  await browser.close();
});
