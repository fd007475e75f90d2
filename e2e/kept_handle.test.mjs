// An upload left unfinished by a reload, without picking the file again. In Chromium the
// browser keeps the file's handle (FileSystemFileHandle) beside the saved record: after a
// reload at ≥ 40 % the element offers "Continue uploading …", and one click reads the file
// again and completes the same session without re-sending an acknowledged part. The native
// picker cannot be driven headless: the handle comes from the origin-private file system
// through `addFiles`, and goes through the same code (kept in IndexedDB, permission,
// getFile, fingerprint). Firefox and WebKit keep no handle for a picked file: the same
// reload shows the line that says to choose the file again, and choosing it offers the
// resume. A drop goes through the element's drop handler in each engine.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, test } from 'node:test';
import { ENGINES, openDemo, testSite, waitForPercent } from './engines.mjs';
import { makeBigFile, MIB, objectName, sessions, sha256File, startEmulator, stopAll } from './harness.mjs';

after(stopAll);

const SIZE_MIB = 120;
const PARTS = SIZE_MIB / 5;

/** Write makeBigFile's bytes (same seed, same size) to the origin-private file system and
 *  give its handle to the element. */
const ADD_FROM_OPFS = `async (a) => {
  const root = await navigator.storage.getDirectory();
  const handle = await root.getFileHandle(a.name, { create: true });
  const w = await handle.createWritable();
  const block = new Uint8Array(1 << 20);
  const view = new DataView(block.buffer);
  let x = (a.seed >>> 0) || 1;
  for (let i = 0; i < block.length; i += 4) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    view.setUint32(i, x, true);
  }
  for (let written = 0, n = 0; written < a.size; written += block.length, n++) {
    view.setBigUint64(0, BigInt(n), true);
    await w.write(block.slice(0, Math.min(block.length, a.size - written)));
  }
  await w.close();
  document.querySelector('panopto-uploader').addFiles([handle]);
  return true;
}`;

/** Drop a small file made in the page on the drop zone, as a teacher's drag does. */
const DROP = `(a) => {
  const zone = document.querySelector('panopto-uploader').shadowRoot.querySelector('[part~=dropzone]');
  const data = new DataTransfer();
  data.items.add(new File([new Uint8Array(4096)], a.name, { type: 'video/mp4' }));
  zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  return true;
}`;

const STORES = `() => new Promise((resolve, reject) => {
  const open = indexedDB.open('panopto-uploader');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const tx = open.result.transaction(['uploads', 'handles']);
    const uploads = tx.objectStore('uploads').getAllKeys();
    const handles = tx.objectStore('handles').getAllKeys();
    tx.oncomplete = () => resolve({ uploads: uploads.result.filter((k) => !k.startsWith('done|')), handles: handles.result });
  };
})`;

function only(list, what) {
  assert.equal(list.length, 1, `exactly one ${what}: ${JSON.stringify(list.map((u) => [u.ID, u.StateName]))}`);
  return list[0];
}

for (const engine of ENGINES) {
  const kept = engine === 'chromium';
  test(`[${engine}] a reload at ≥ 40 %: ${kept ? 'one click continues from the kept handle' : 'the line says to choose the file again'}`, { timeout: 300_000 }, async (t) => {
    const web = await startEmulator(['--www', testSite()]);
    const api = await startEmulator(['--cors-origin', web.url, '--processing-ms', '300', '--bandwidth-mbps', '200']);
    t.after(() => [web, api].forEach((e) => e.stop()));
    const name = `kept lecture ${engine}.mp4`;
    const file = makeBigFile(name, SIZE_MIB * MIB, 11);
    const page = await openDemo(engine, web.url, api.url);
    t.after(() => page.close());

    // The drop handler, in every engine: the dropped file gets its card.
    await page.evaluate(DROP, { name: 'dropped.mp4' });
    await page.waitFor('.card .file-name', { text: 'dropped.mp4' });
    await page.click('.card button', { text: 'Remove' });

    if (kept) {
      assert.equal(await page.evaluate(ADD_FROM_OPFS, { name, size: SIZE_MIB * MIB, seed: 11 }), true);
    } else {
      await page.setFiles('input.picker', file);
    }
    await page.waitFor('.card .file-name', { text: name });
    await page.click('button.primary');
    await waitForPercent(page, 40);
    await page.reload();
    await page.waitFor('[part~=dropzone]');
    const before = only(await sessions(api.url), 'sessionUpload before the reload');
    assert.equal(before.StateName, 'Uploading');

    if (kept) {
      await page.waitFor('.unfinished button.continue');
      const label = await page.textContent('.unfinished button.continue');
      assert.match(label, new RegExp(`^Continue uploading ${name} \\(\\d+ %\\)$`));
      assert.equal(await page.textContent('.card'), null, 'nothing queued before the teacher says so');
      await page.screenshot('unfinished-continue');
      await page.click('.unfinished button.continue');
      await page.waitFor('.card[data-state=complete]', { timeout: 120_000 });
      assert.equal(await page.textContent('.unfinished li'), null, 'the line gave way to the card');
      const upload = only(await sessions(api.url), 'sessionUpload after continuing');
      assert.equal(upload.ID, before.ID, 'the same sessionUpload');
      assert.equal(upload.Files.find((f) => f.Name === objectName(path.basename(file))).Sha256, await sha256File(file));
      assert.equal(upload.S3.PartsResentAfterAck, 0, 'no acknowledged part was sent again');
      console.log(`[${engine}] "${label}": continued in one click; ${upload.S3.PartsReceived - (PARTS + 1)} part requests beyond the minimum`);
      await page.waitForFunction(`async () => { const s = await (${STORES})(); return s.uploads.length === 0 && s.handles.length === 0; }`);
    } else {
      await page.waitFor('.unfinished .pick-again');
      const line = await page.textContent('.unfinished .pick-again');
      assert.match(line, new RegExp(`^${name} was not finished \\(\\d+ %\\)\\. Choose it again above`));
      assert.equal(await page.textContent('.unfinished button.continue'), null, 'no one click without a handle');
      await page.screenshot('unfinished-pick-again');
      await page.setFiles('input.picker', file);
      await page.waitFor('.resume-offer');
      assert.equal(await page.textContent('.unfinished li'), null, 'the card offers the resume now');
      console.log(`[${engine}] ${line}`);
    }
    assert.deepEqual(await page.errors(), [], 'no console error, uncaught error or unhandled rejection');
  });
}
