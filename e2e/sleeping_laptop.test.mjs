// A laptop that goes to sleep mid-upload, in headless Chromium: the page's JavaScript stops
// (no timers, no tasks, as in a sleeping laptop or a frozen tab) while the server becomes
// unreachable (every connection reset, new ones refused) for longer than the element's stall
// limit (10 s at least); the page then wakes with the server still gone for a while, and then
// the server is back. The page is stopped with CDP Debugger.pause: Chrome's lifecycle freeze
// (Page.setWebLifecycleState "frozen") only freezes hidden pages, and a headless page is never
// hidden (tried: another tab in front, a minimised window); a tick counter proves the stop. The upload must
// continue and complete byte-identical, in the one session it started, with no acknowledged
// part sent again. (Firefox and WebKit have no freeze a test can drive; the offline test
// covers losing the network in every engine.)
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, test } from 'node:test';
import { events, openDemo, testSite, waitForPercent } from './engines.mjs';
import {
  makeBigFile, MIB, objectName, onStop, sessions, sha256File, startEmulator, stopAll,
} from './harness.mjs';
import { startLink } from './network_link.mjs';

after(stopAll);

test('[chromium] a page asleep while the server is gone longer than the stall limit completes after it wakes, in one session', { timeout: 300_000 }, async (t) => {
  const web = await startEmulator(['--www', testSite()]);
  const api = await startEmulator(['--cors-origin', web.url, '--processing-ms', '300', '--bandwidth-mbps', '200']);
  const link = await startLink(api.url);
  onStop(() => link.stop());
  t.after(() => { link.stop(); [web, api].forEach((e) => e.stop()); });
  const file = makeBigFile('sleeping laptop.mp4', 120 * MIB, 21);
  const page = await openDemo('chromium', web.url, link.url);
  t.after(() => page.close());
  const cdp = await page.page.context().newCDPSession(page.page);

  await page.setFiles('input.picker', file);
  await page.click('button.primary');
  await waitForPercent(page, 25);
  const before = Number(await page.getAttribute('[role=progressbar]', 'aria-valuenow'));
  await page.evaluate(() => { window.__ticks = 0; setInterval(() => window.__ticks++, 100); });
  const ticks = await page.evaluate(() => window.__ticks);
  await cdp.send('Debugger.enable');
  await cdp.send('Debugger.pause');
  link.down();
  const asleep = Date.now();
  await new Promise((r) => setTimeout(r, 15_000));
  await cdp.send('Debugger.resume');
  const ticked = (await page.evaluate(() => window.__ticks)) - ticks;
  assert.ok(ticked <= 5, `the page ran no timers while asleep (${ticked} ticks in 15 s)`);
  // Awake, but the network is not back yet (Wi-Fi still reconnecting).
  await new Promise((r) => setTimeout(r, 8_000));
  await link.restore();
  const awake = (Date.now() - asleep) / 1000;

  await page.waitFor('.card[data-state=complete]', { timeout: 180_000 });
  const uploads = await sessions(api.url);
  assert.equal(uploads.length, 1, 'one sessionUpload: the page did not start a second one on waking');
  const [u] = uploads;
  assert.equal(u.StateName, 'Complete');
  assert.equal(u.Files.find((f) => f.Name === objectName(path.basename(file))).Sha256, await sha256File(file), 'byte-identical');
  assert.equal(u.S3.PartsResentAfterAck, 0, 'no acknowledged part sent again');
  assert.deepEqual(await events(page, 'uploaderror'), []);
  assert.deepEqual(await page.errors(), [], 'no console error, uncaught error or unhandled rejection');
  console.log(`[chromium] asleep at ${before} % with the server gone ${awake.toFixed(0)} s (15 s of it asleep): completed; ${u.S3.PartsReceived - (120 / 5 + 1)} part requests beyond the minimum; ${link.refused.length} requests refused while the server was gone`);
});
