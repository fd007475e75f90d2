// Every fault at once, in each engine: failed and dropped parts, a stalled one, hidden ETags,
// a server clock 20 minutes off and tokens that expire every 2 s. The upload completes
// byte-identical in one session, and no acknowledged part is sent again. (Each fault alone
// runs in Chromium, in resilience.test.mjs.) The page is on another origin than the API.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, test } from 'node:test';
import { ENGINES, events, openDemo, testSite } from './engines.mjs';
import {
  emulatorStats, makeFile, MIB, objectName, sessions, sha256, startEmulator, stopAll,
} from './harness.mjs';

after(stopAll);

// A 400 Mbit/s link: 160 MiB take at least 3.4 s, so a token always expires mid-upload
// (a release build on loopback finished in under 5 s, before a 5 s token did).
const COMBINED = '--fail-rate 0.2 --stall-rate 0.02 --hide-etag --clock-skew-secs 1200 --token-ttl-secs 2 --bandwidth-mbps 400';
const SIZE_MIB = 160;

for (const engine of ENGINES) {
  test(`[${engine}] all faults together: the upload completes byte-identical, in one session`, { timeout: 300_000 }, async (t) => {
    const web = await startEmulator(['--www', testSite()]);
    // The faults are drawn from a hash of the seed, file name, part number and attempt: the
    // same file name in every engine meets the same faults.
    const api = await startEmulator(['--cors-origin', web.url, '--processing-ms', '300', ...COMBINED.split(' '), '--seed', '7']);
    t.after(() => [web, api].forEach((e) => e.stop()));
    const file = makeFile(`faults ${SIZE_MIB}.mp4`, SIZE_MIB * MIB, SIZE_MIB);
    const page = await openDemo(engine, web.url, api.url);
    t.after(() => page.close());
    const started = Date.now();
    await page.setFiles('input.picker', file);
    await page.click('button.primary');
    await page.waitFor('.card[data-state=complete], .card[data-state=error]', { timeout: 240_000 });
    const seconds = (Date.now() - started) / 1000;
    assert.deepEqual(await events(page, 'uploaderror'), [], 'no uploaderror');
    const uploads = await sessions(api.url);
    assert.equal(uploads.length, 1, `exactly one sessionUpload: ${JSON.stringify(uploads.map((u) => [u.ID, u.StateName]))}`);
    const [upload] = uploads;
    assert.equal(upload.StateName, 'Complete');
    assert.equal(upload.Files.find((f) => f.Name === objectName(path.basename(file))).Sha256, sha256(file), 'byte-identical');
    assert.equal(upload.S3.PartsResentAfterAck, 0, 'no acknowledged part sent again');
    const s = await emulatorStats(api.url);
    // Proof that each fault was met: failed parts, a signature refused for the skewed clock
    // (then signed with the server's time), and a token refreshed after expiring.
    assert.ok(s.InjectedInternalErrors + s.InjectedSlowDowns + s.DroppedConnections >= 1, JSON.stringify(s));
    assert.ok(upload.S3.Rejected >= 1, `a skewed signature was refused: ${JSON.stringify(upload.S3)}`);
    assert.ok(s.TokensIssued >= 2, `tokens were refreshed: ${JSON.stringify(s)}`);
    assert.deepEqual(await page.errors(), [], 'no console error, uncaught error or unhandled rejection');
    const resent = s.InjectedInternalErrors + s.InjectedSlowDowns + s.DroppedConnections + s.Stalls;
    console.log(`[${engine}] all faults: ${SIZE_MIB} MiB in ${seconds.toFixed(1)} s; ${resent} part requests failed by the emulator and sent again (${SIZE_MIB / 5 + 1} parts)`);
  });
}
