// The same file added in two tabs of one site, in each engine: one upload, one writer of its
// saved record. The second tab says the file is uploading in another tab (Web Locks on the
// file's fingerprint) and sends nothing; when the first tab closes mid-upload, the second
// takes the upload over from the record the first saved (ListParts finds what the first had
// acknowledged since) and finishes it: one session, the file byte for byte, no
// acknowledged part sent again. Chromium: two pages of one context; Firefox and WebKit: two
// windows of one WebDriver session.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, test } from 'node:test';
import { ENGINES, events, openDemo, openSecondTab, testSite, waitForPercent } from './engines.mjs';
import { makeBigFile, MIB, objectName, sessions, sha256File, startEmulator, stopAll } from './harness.mjs';

after(stopAll);

function only(list, what) {
  assert.equal(list.length, 1, `exactly one ${what}: ${JSON.stringify(list.map((u) => [u.ID, u.StateName]))}`);
  return list[0];
}

const SIZE_MIB = 150;

for (const engine of ENGINES) {
  test(`[${engine}] the same file in two tabs: the second waits, then takes over when the first closes`, { timeout: 300_000 }, async (t) => {
    const web = await startEmulator(['--www', testSite()]);
    const api = await startEmulator(['--cors-origin', web.url, '--processing-ms', '300', '--bandwidth-mbps', '200']);
    t.after(() => [web, api].forEach((e) => e.stop()));
    const file = makeBigFile(`two tabs ${engine}.mp4`, SIZE_MIB * MIB, 9);
    const first = await openDemo(engine, web.url, api.url);
    t.after(() => first.close());
    await first.setFiles('input.picker', file);
    await first.fill('.title-input', 'Two tabs');
    await first.click('button.primary');
    await waitForPercent(first, 5);

    const second = await openSecondTab(first);
    await second.setFiles('input.picker', file);
    await second.waitFor('.card[data-state=ready]');
    await second.click('button.primary');
    await second.waitFor('.card[data-state=elsewhere]');
    assert.equal(await second.textContent('.status'), 'Uploading in another tab');
    assert.match(await second.textContent('.elsewhere-notice'), /another tab or window .* continues here/);
    assert.equal(await second.textContent('.resume-offer'), null, 'the live record is not offered as an earlier upload');
    const during = only(await sessions(api.url), 'sessionUpload while the second tab waits');

    await waitForPercent(first, 30);
    await first.closeTab();
    await second.waitFor('.card[data-state=complete]', { timeout: 180_000 });

    const upload = only(await sessions(api.url), 'sessionUpload after the take-over');
    assert.equal(upload.ID, during.ID, 'the first tab\'s sessionUpload, continued');
    assert.equal(upload.Files.find((f) => f.Name === objectName(path.basename(file))).Sha256, await sha256File(file));
    assert.equal(upload.S3.PartsResentAfterAck, 0, 'no acknowledged part was sent again');
    const states = (await events(second, 'statechange')).map((e) => e.state);
    assert.deepEqual(states.slice(0, 3), ['preparing', 'elsewhere', 'preparing'], `the second tab's states: ${states}`);
    const [done] = await events(second, 'uploadcomplete');
    assert.ok(done?.sessionId, 'uploadcomplete in the second tab, with the session');
    console.log(`[${engine}] taken over: ${upload.S3.PartsReceived - (SIZE_MIB / 5 + 1)} part requests beyond the minimum (in flight when the first tab closed)`);
    assert.deepEqual(await second.errors(), [], 'no console error, uncaught error or unhandled rejection');
  });
}
