// A reload mid-upload, then the same file picked again, in each engine: the saved upload
// (IndexedDB, keyed by the file's fingerprint: name, size, last-modified time and a hash of
// its ends) is offered and continued without re-sending an acknowledged part. WebKit gives
// `File.lastModified` in whole seconds, Chromium and Firefox in milliseconds: the offer must
// come back in each. The page is on another origin than the API, as an LMS page is.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { ENGINES, openDemo, testSite, waitForPercent } from './engines.mjs';
import { makeBigFile, MIB, objectName, sessions, sha256File, startEmulator, stopAll } from './harness.mjs';

after(stopAll);

/** `File.lastModified` of what the next pick gives the element (read as it arrives). */
async function watchPick(page) {
  await page.evaluate(() => {
    const input = document.querySelector('panopto-uploader').shadowRoot.querySelector('input.picker');
    window.__picked = undefined;
    input.addEventListener('change', () => { window.__picked = input.files[0]?.lastModified ?? null; }, { capture: true, once: true });
  });
}

function only(list, what) {
  assert.equal(list.length, 1, `exactly one ${what}: ${JSON.stringify(list.map((u) => [u.ID, u.StateName]))}`);
  return list[0];
}

const SIZE_MIB = 200;
const PARTS = SIZE_MIB / 5;

for (const engine of ENGINES) {
  test(`[${engine}] a reload mid-upload, then the same file again: resumes without re-sending an acknowledged part`, { timeout: 300_000 }, async (t) => {
    const web = await startEmulator(['--www', testSite()]);
    const api = await startEmulator(['--cors-origin', web.url, '--processing-ms', '300', '--bandwidth-mbps', '400']);
    t.after(() => [web, api].forEach((e) => e.stop()));
    const file = makeBigFile(`reload lecture ${engine}.mp4`, SIZE_MIB * MIB, 5);
    // Modified at a known time with milliseconds, which WebKit drops.
    const mtime = new Date(1_764_000_000_789);
    fs.utimesSync(file, mtime, mtime);
    const page = await openDemo(engine, web.url, api.url);
    t.after(() => page.close());
    await watchPick(page);
    await page.setFiles('input.picker', file);
    await page.waitForFunction(() => window.__picked !== undefined);
    const firstPick = await page.evaluate(() => window.__picked);
    await page.fill('.title-input', 'Reloaded lecture');
    await page.click('button.primary');
    await waitForPercent(page, 30);
    await page.reload();
    await page.waitFor('[part~=dropzone]');
    const before = only(await sessions(api.url), 'sessionUpload before the reload');
    assert.equal(before.StateName, 'Uploading');

    await watchPick(page);
    await page.setFiles('input.picker', file);
    await page.waitForFunction(() => window.__picked !== undefined);
    const secondPick = await page.evaluate(() => window.__picked);
    assert.equal(secondPick, firstPick, 'the same File.lastModified for the same file in one engine');
    await page.waitFor('.resume-offer');
    const percent = Number((await page.textContent('.resume-offer')).match(/(\d+) %/)[1]);
    // The offer shows what the last save knew: saves are at most one a second, so it may
    // be behind the bar at the reload; ListParts then adopts what the server has.
    assert.ok(percent >= 1 && percent < 100, `offered to continue from ${percent} %`);
    assert.equal(await page.inputValue('.title-input'), 'Reloaded lecture', 'the title came back');
    await page.click('button.primary');
    await page.waitFor('.card[data-state=complete]', { timeout: 120_000 });

    const upload = only(await sessions(api.url), 'sessionUpload after resuming');
    assert.equal(upload.ID, before.ID, 'the same sessionUpload');
    assert.equal(upload.Files.find((f) => f.Name === objectName(path.basename(file))).Sha256, await sha256File(file));
    assert.equal(upload.S3.PartsResentAfterAck, 0, 'no acknowledged part was sent again');
    const resent = upload.S3.PartsReceived - (PARTS + 1);
    console.log(`[${engine}] reload at ${percent} %: resumed; ${resent} part requests beyond the minimum (in flight at the reload, never acknowledged); File.lastModified ${firstPick} for an mtime of ${mtime.getTime()}`);
    // Completed uploads leave nothing behind in IndexedDB (but the short-lived marker of
    // the outcome, for a tab that waited for this file: engine/tab_lock.rs).
    const keys = await page.evaluate(() => new Promise((resolve, reject) => {
      const open = indexedDB.open('panopto-uploader');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const r = open.result.transaction('uploads').objectStore('uploads').getAllKeys();
        r.onsuccess = () => resolve(r.result);
      };
    }));
    assert.deepEqual(keys.filter((k) => !k.startsWith('done|')), [], 'the saved record is removed on completion');
    assert.deepEqual(await page.errors(), [], 'no console error, uncaught error or unhandled rejection');
  });
}
