// The demo page driven like a person would, in headless Chromium, against the real emulator.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { axe, crc32, events, launch, makeFile, recordEvents, screenshot, sessions, sha256, startEmulator, stopAll, TMP, XSD, ROOT } from './harness.mjs';

after(stopAll);

const TITLE = 'Week 3 <Fourier> & "transforms" \'FT\' 🎓';

function unescapeXml(s) {
  return s.replace(/&(lt|gt|quot|apos|amp|#\d+);/g, (_, e) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e] ?? String.fromCodePoint(Number(e.slice(1))));
}

test('a 23 MiB recording with captions goes from the demo page to a Complete Panopto session', { timeout: 120_000 }, async () => {
  const emu = await startEmulator(['--www', path.join(ROOT, 'www'), '--processing-ms', '800']);
  const media = makeFile('lecture 3 – Fourier (part 1).mp4', 23 * 1024 * 1024, 7);
  const caption = path.join(TMP, 'lecture3.fr.vtt');
  fs.writeFileSync(caption, 'WEBVTT\n\n00:00.000 --> 00:02.000\nBienvenue au cours de traitement du signal\n');
  const browser = await launch();
  const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${emu.url}/`);
  await page.locator('panopto-uploader [part~=dropzone]').waitFor();
  await screenshot(page, '1-at-rest');
  assert.deepEqual(await axe(page), [], 'no serious or critical accessibility findings at rest');
  await recordEvents(page);

  await page.locator('panopto-uploader input.picker').setInputFiles(media);
  await page.locator('panopto-uploader .title-input').fill(TITLE);
  await page.locator('panopto-uploader .caption-input').setInputFiles(caption);
  assert.equal(await page.locator('panopto-uploader .caption select').inputValue(), 'fr-FR', 'language guessed from the file name');
  assert.deepEqual(await axe(page), [], 'no serious or critical findings with the form open');

  // On loopback 23 MiB takes well under a second: pause from the first progress event to
  // look at it mid-upload, then resume with the button.
  await page.evaluate(() => {
    const el = document.querySelector('panopto-uploader');
    el.addEventListener('progress', (e) => {
      if (!window.__paused && e.detail.loaded > 0) {
        window.__paused = true;
        el.pause();
      }
    });
  });
  const started = Date.now();
  await page.locator('panopto-uploader button.primary').click();
  await page.locator('panopto-uploader button', { hasText: 'Resume' }).waitFor();
  const bar = page.locator('panopto-uploader [role=progressbar]');
  const now = Number(await bar.getAttribute('aria-valuenow'));
  assert.ok(now >= 0 && now < 100, `paused part-way (${now} %)`);
  assert.ok(await page.locator('panopto-uploader').evaluate((e) => e.hasAttribute('paused')));
  await screenshot(page, '2-mid-upload-paused');
  assert.deepEqual(await axe(page), [], 'no serious or critical findings mid-upload');
  await page.locator('panopto-uploader button', { hasText: 'Resume' }).click();

  await page.locator('panopto-uploader .card[data-state=complete]').waitFor({ timeout: 60_000 });
  const seconds = (Date.now() - started) / 1000;
  await screenshot(page, '3-complete');
  assert.deepEqual(await axe(page), [], 'no serious or critical findings when complete');
  assert.deepEqual(pageErrors, []);

  const [done] = await events(page, 'uploadcomplete');
  assert.ok(done, 'uploadcomplete fired');
  assert.deepEqual(await events(page, 'uploaderror'), []);
  const upload = (await sessions(emu.url)).find((u) => u.ID === done.id);
  assert.equal(upload.StateName, 'Complete');
  assert.equal(upload.SessionId, done.sessionId);
  const files = Object.fromEntries(upload.Files.map((f) => [f.Name, f]));
  assert.equal(files[path.basename(media)].Sha256, sha256(media), 'the recording is byte-identical');
  assert.equal(files['lecture3.fr.vtt'].Sha256, sha256(caption), 'the captions are byte-identical');

  // The manifest: valid against Panopto's official XSD, exact title, both files with their CRC-32.
  const manifestName = upload.Files.map((f) => f.Name).find((n) => n.endsWith('.xml'));
  const manifest = await (await fetch(`${emu.url}/_emulator/uploads/${done.id}/files/${encodeURIComponent(manifestName)}`)).text();
  const manifestFile = path.join(TMP, 'manifest.xml');
  fs.writeFileSync(manifestFile, manifest);
  execFileSync('xmllint', ['--noout', '--schema', XSD, manifestFile], { stdio: 'pipe' });
  assert.equal(unescapeXml(manifest.match(/<Title>([\s\S]*?)<\/Title>/)[1]), TITLE);
  const refs = Object.fromEntries([...manifest.matchAll(/<File Checksum="([0-9a-f]{8})">([^<]*)<\/File>/g)].map((m) => [unescapeXml(m[2]), m[1]]));
  assert.equal(refs[path.basename(media)], crc32(fs.readFileSync(media)));
  assert.equal(refs['lecture3.fr.vtt'], crc32(fs.readFileSync(caption)));
  assert.equal(refs[path.basename(media)], files[path.basename(media)].Crc32, 'the emulator agrees');
  assert.match(manifest, /<LCID>fr-FR<\/LCID>/);

  // Every S3 request was signed and verified; the bearer token never reached S3.
  assert.equal(upload.S3.Rejected, 0);
  assert.equal(upload.S3.Unsigned, 0);
  // At least create + parts + complete for the media (5 parts), caption and manifest; the
  // pause aborts parts in flight, which are then sent again (and verified again).
  assert.ok(upload.S3.Verified >= (1 + 5 + 1) + 3 + 3, `${upload.S3.Verified} verified`);
  assert.deepEqual(upload.TokenLeaks, []);
  console.log(`23 MiB + captions: complete in ${seconds.toFixed(1)} s (with a pause), ${upload.S3.Verified} verified S3 requests`);
  await browser.close();
});

test('keyboard only: the drop zone is a button that opens the file picker', { timeout: 60_000 }, async () => {
  const emu = await startEmulator(['--www', path.join(ROOT, 'www')]);
  const browser = await launch();
  const page = await browser.newPage();
  await page.goto(`${emu.url}/`);
  await page.locator('panopto-uploader [part~=dropzone]').waitFor();
  let reached = false;
  for (let i = 0; i < 20 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.getAttribute('part') === 'dropzone');
  }
  assert.ok(reached, 'the drop zone is reachable with Tab');
  // The picker opens when the hidden file input is clicked with user activation (which a
  // key press gives). Whether headless Chromium then shows a dialog is not ours to test.
  await page.evaluate(() => {
    window.__pickerOpened = [];
    const input = document.querySelector('panopto-uploader').shadowRoot.querySelector('input[type=file].picker');
    input.addEventListener('click', () => window.__pickerOpened.push(navigator.userActivation.isActive && input.multiple));
  });
  await page.keyboard.press('Enter');
  await page.keyboard.press('Space');
  assert.deepEqual(await page.evaluate(() => window.__pickerOpened), [true, true], 'Enter and Space open the multi-file picker');
  const focusRing = await page.evaluate(() => {
    const b = document.querySelector('panopto-uploader').shadowRoot.activeElement;
    return getComputedStyle(b).outlineStyle + ' ' + getComputedStyle(b).outlineWidth;
  });
  assert.equal(focusRing, 'solid 3px', 'visible focus');
  await browser.close();
});

test('cross-origin: page on one origin, Panopto on another (ETag hidden), CORS allowed for that origin only', { timeout: 120_000 }, async () => {
  const site = await startEmulator(['--www', path.join(ROOT, 'www')]);
  const other = await startEmulator(['--www', path.join(ROOT, 'www')]);
  // The API also hides ETag from CORS, as S3-compatible servers without that rule do: the
  // element must recover the part ETags with ListParts instead of hanging.
  const api = await startEmulator(['--cors-origin', site.origin, '--processing-ms', '300', '--hide-etag']);
  const media = makeFile('cross-origin.mp4', 6 * 1024 * 1024 + 5, 9);
  const browser = await launch();

  const page = await browser.newPage();
  await page.goto(`${site.url}/?server=${encodeURIComponent(api.url)}`);
  await recordEvents(page);
  await page.locator('panopto-uploader input.picker').setInputFiles(media);
  await page.locator('panopto-uploader button.primary').click();
  await page.locator('panopto-uploader .card[data-state=complete]').waitFor({ timeout: 30_000 });
  const [done] = await events(page, 'uploadcomplete');
  const upload = (await sessions(api.url)).find((u) => u.ID === done.id);
  assert.equal(upload.StateName, 'Complete');
  assert.equal(upload.Files.find((f) => f.Name === 'cross-origin.mp4').Sha256, sha256(media));
  assert.equal(upload.S3.Rejected, 0);
  // Per file: create + parts + one ListParts (to read the hidden ETags) + complete.
  assert.equal(upload.S3.Verified, (1 + 2 + 1 + 1) + (1 + 1 + 1 + 1));

  // The same page from an origin the API does not allow: the browser blocks it.
  const denied = await browser.newPage();
  // A fixed token, so that the element's own first request meets the CORS refusal (the
  // demo's tokenProvider would otherwise fail first, on the token endpoint).
  await denied.goto(`${other.url}/?server=${encodeURIComponent(api.url)}&token=dev-token`);
  await recordEvents(denied);
  await denied.locator('panopto-uploader input.picker').setInputFiles(media);
  await denied.locator('panopto-uploader button.primary').click();
  await denied.locator('panopto-uploader .card[data-state=error]').waitFor({ timeout: 30_000 });
  const [error] = await events(denied, 'uploaderror');
  assert.equal(error.code, 'network');
  assert.equal((await sessions(api.url)).length, 1, 'nothing was created from the other origin');
  await browser.close();
});
