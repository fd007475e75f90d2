// Offline mid-upload, in each engine: the upload waits for the network ("Waiting for the
// network…"), then completes without re-sending an acknowledged part. The page reaches
// Panopto through a relay (network_link.mjs); Chromium goes offline with its own network
// emulation, Firefox and WebKit (no network emulation over WebDriver) lose the relay, which
// resets every open connection and refuses new ones, and get the browser's `offline` and
// `online` events and `navigator.onLine`.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, test } from 'node:test';
import { ENGINES, events, openDemo, testSite, waitForPercent } from './engines.mjs';
import {
  makeBigFile, MIB, objectName, onStop, sessions, sha256File, startEmulator, stopAll,
} from './harness.mjs';
import { startLink } from './network_link.mjs';

after(stopAll);

const SIZE_MIB = 100;

for (const engine of ENGINES) {
  test(`[${engine}] offline mid-upload waits for the network, then completes`, { timeout: 300_000 }, async (t) => {
    const web = await startEmulator(['--www', testSite()]);
    const api = await startEmulator(['--cors-origin', web.url, '--processing-ms', '300', '--bandwidth-mbps', '200']);
    const link = await startLink(api.url);
    onStop(() => link.stop());
    t.after(() => { link.stop(); [web, api].forEach((e) => e.stop()); });
    const file = makeBigFile(`offline lecture ${engine}.mp4`, SIZE_MIB * MIB, 6);
    const page = await openDemo(engine, web.url, link.url);
    t.after(() => page.close());
    await page.setFiles('input.picker', file);
    await page.click('button.primary');
    await waitForPercent(page, 20);
    await page.setOffline(true, link);
    await page.waitFor('.status', { text: 'Waiting for the network' });
    // Once the browser says it is offline the upload waits: retrying now would fail at once
    // and spend the retry budget (Chromium blocks requests itself; elsewhere the relay sees them).
    const triedBefore = link.refused.length;
    await new Promise((r) => setTimeout(r, 2_000));
    const paused = Number(await page.getAttribute('[role=progressbar]', 'aria-valuenow'));
    assert.ok(paused < 100, `not complete while offline (${paused} %)`);
    assert.deepEqual(link.refused.slice(triedBefore), [], 'no request tried while offline');
    await page.setOffline(false, link);
    await page.waitFor('.card[data-state=complete]', { timeout: 120_000 });
    const upload = await sessions(api.url);
    assert.equal(upload.length, 1, 'one sessionUpload');
    assert.equal(upload[0].Files.find((f) => f.Name === objectName(path.basename(file))).Sha256, await sha256File(file));
    assert.equal(upload[0].S3.PartsResentAfterAck, 0);
    assert.deepEqual(await events(page, 'uploaderror'), []);
    assert.deepEqual(await page.errors(), [], 'no console error, uncaught error or unhandled rejection');
    console.log(`[${engine}] offline at ${paused} %: waited, then completed; ${upload[0].S3.PartsReceived - (SIZE_MIB / 5 + 1)} part requests beyond the minimum; ${link.refused.length} requests refused by the link before the offline event`);
  });
}
