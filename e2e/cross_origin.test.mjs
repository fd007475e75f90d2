// The page on one origin, Panopto on another, in each engine: CORS allowed for the page's
// origin with the ETag hidden (ListParts recovers the part ETags), and refused for another
// origin, which must be reported as `network` within the first-contact budget (15 s,
// `first_contact_budget_ms` in src/engine/retry.rs), never left "preparing".
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, test } from 'node:test';
import { ENGINES, events, openPage, recordEvents, refusedByCors, testSite } from './engines.mjs';
import { makeFile, objectName, sessions, sha256, startEmulator, stopAll } from './harness.mjs';

after(stopAll);

for (const engine of ENGINES) {
  test(`[${engine}] cross-origin: page on one origin, Panopto on another (ETag hidden), CORS allowed for that origin only`, { timeout: 180_000 }, async (t) => {
    const site = await startEmulator(['--www', testSite()]);
    const other = await startEmulator(['--www', testSite()]);
    // The API also hides ETag from CORS, as S3-compatible servers without that rule do: the
    // element must recover the part ETags with ListParts instead of hanging.
    const api = await startEmulator(['--cors-origin', site.origin, '--processing-ms', '300', '--hide-etag']);
    t.after(() => [site, other, api].forEach((e) => e.stop()));
    const media = makeFile(`cross-origin-${engine}.mp4`, 6 * 1024 * 1024 + 5, 9);

    const page = await openPage(engine);
    t.after(() => page.close());
    await page.goto(`${site.url}/?server=${encodeURIComponent(api.url)}`);
    await page.waitFor('[part~=dropzone]');
    await recordEvents(page);
    await page.setFiles('input.picker', media);
    await page.click('button.primary');
    await page.waitFor('.card[data-state=complete]', { timeout: 60_000 });
    const [done] = await events(page, 'uploadcomplete');
    const upload = (await sessions(api.url)).find((u) => u.ID === done.id);
    assert.equal(upload.StateName, 'Complete');
    assert.equal(upload.Files.find((f) => f.Name === objectName(path.basename(media))).Sha256, sha256(media));
    assert.equal(upload.S3.Rejected, 0);
    // Per file: create + parts + one ListParts (to read the hidden ETags) + complete.
    assert.equal(upload.S3.Verified, (1 + 2 + 1 + 1) + (1 + 1 + 1 + 1));
    assert.deepEqual(await page.errors(), [], 'no console error, uncaught error or unhandled rejection');

    // The same page from an origin the API does not allow: the browser blocks it. A fixed
    // token, so that the element's own first request meets the CORS refusal (the demo's
    // tokenProvider would otherwise fail first, on the token endpoint).
    const refused = `${other.url}/?server=${encodeURIComponent(api.url)}&token=dev-token`;
    const { error, ms: reportedMs } = await refusedByCors(page, refused, media);
    console.log(`[${engine}] CORS refusal reported as ${error.code} after ${(reportedMs / 1000).toFixed(1)} s: ${error.message}`);
    assert.equal((await sessions(api.url)).length, 1, 'nothing was created from the other origin');
    assert.deepEqual(await page.errors(), [], 'no console error, uncaught error or unhandled rejection');
  });
}
