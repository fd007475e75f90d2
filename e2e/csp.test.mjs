// The element under the strict Content-Security-Policy an LMS sets, in each engine: no
// 'unsafe-inline' for styles or scripts, wasm allowed to compile, requests to the page's own
// origin only (the emulator serves the page and the APIs from one origin). The element must
// look as it does without the policy (its CSS is a constructable stylesheet, which style-src
// does not govern; a <style> in the shadow root was blocked), report no violation, and upload.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { ENGINES, events, openPage, recordEvents, testSite } from './engines.mjs';
import { makeFile, objectName, sessions, sha256, startEmulator, stopAll, TMP } from './harness.mjs';

after(stopAll);

/** The policy the README documents as what the element needs. */
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'";

/** The test site plus a first script that records every CSP violation the page reports. */
function cspSite() {
  const dir = path.join(TMP, 'www-csp');
  if (!fs.existsSync(dir)) {
    fs.cpSync(testSite(), dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'csp-watch.js'), `window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sample || ''));
});
`);
    const index = path.join(dir, 'index.html');
    fs.writeFileSync(index, fs.readFileSync(index, 'utf8').replace(/<head>/i, '<head>\n  <script src="csp-watch.js"></script>'));
  }
  return dir;
}

/** Styles the element's CSS gives its parts: what an unstyled element would not have. */
const LOOKS = `() => {
  const root = document.querySelector('panopto-uploader').shadowRoot;
  const zone = getComputedStyle(root.querySelector('[part~=dropzone]'));
  return { border: zone.borderTopStyle + ' ' + zone.borderTopWidth, display: zone.display, radius: zone.borderTopLeftRadius,
    styleElements: root.querySelectorAll('style').length, adopted: root.adoptedStyleSheets?.length ?? 0 };
}`;

for (const engine of ENGINES) {
  test(`[${engine}] under an LMS's strict CSP the element is styled, reports no violation and uploads`, { timeout: 120_000 }, async (t) => {
    const strict = await startEmulator(['--www', cspSite(), '--www-csp', CSP, '--processing-ms', '300']);
    const open = await startEmulator(['--www', cspSite()]);
    t.after(() => { strict.stop(); open.stop(); });
    const page = await openPage(engine);
    t.after(() => page.close());

    await page.goto(`${open.url}/`);
    await page.waitFor('[part~=dropzone]');
    const without = await page.evaluate(LOOKS);

    await page.goto(`${strict.url}/`);
    await page.waitFor('[part~=dropzone]');
    const under = await page.evaluate(LOOKS);
    assert.deepEqual(under, without, 'the same styles with and without the policy');
    assert.equal(under.border, 'dashed 2px', 'the drop zone has its dashed border');
    assert.deepEqual([under.styleElements, under.adopted], [0, 1], 'one adopted sheet, no <style> element');
    await page.screenshot('csp-at-rest');

    await recordEvents(page);
    const media = makeFile(`csp ${engine}.mp4`, 12 * 1024 * 1024, 11);
    await page.setFiles('input.picker', media);
    await page.click('button.primary');
    await page.waitFor('.card[data-state=complete]', { timeout: 90_000 });
    const [done] = await events(page, 'uploadcomplete');
    assert.ok(done, 'uploadcomplete fired');
    const upload = (await sessions(strict.url)).find((u) => u.ID === done.id);
    assert.equal(upload.Files.find((f) => f.Name === objectName(path.basename(media))).Sha256, sha256(media), 'byte-identical');
    assert.deepEqual(await page.evaluate(() => window.__csp), [], 'no CSP violation reported');
    assert.deepEqual(await page.errors(), [], 'no console error, uncaught error or unhandled rejection');
  });
}
