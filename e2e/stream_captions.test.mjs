// Captions for a stream added to an existing session (Chromium): the first recording makes a
// session; the second, added to it through `session-id` with a VTT file on its card, becomes a
// stream, and its caption lands on the session through API v1 (POST sessions/{id}/captions),
// as /_emulator/sessions shows. A malformed caption is shown on the card, reported as an
// `uploadwarning` with code `caption`, and the stream is still complete.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { events, launch, makeFile, MIB, openDemo, ROOT, sessions, startEmulator, stopAll, TMP } from './harness.mjs';

after(stopAll);

const el = (page, selector) => page.locator(`panopto-uploader ${selector}`);
const VTT = 'WEBVTT\n\n00:00.500 --> 00:02.000\nBonjour à tous\n';

test('a stream added to a session brings its VTT captions to that session; a bad one is a warning', { timeout: 180_000 }, async () => {
  const emu = await startEmulator(['--www', path.join(ROOT, 'www'), '--processing-ms', '300']);
  const browser = await launch();
  const page = await openDemo(browser, emu.url, emu.url);

  await el(page, 'input.picker').setInputFiles(makeFile('camera.mp4', 2 * MIB, 31));
  await el(page, 'button.primary').click();
  await el(page, '.card[data-state=complete]').waitFor({ timeout: 60_000 });
  const [first] = await events(page, 'uploadcomplete');
  assert.ok(first.sessionId, 'the first recording made a session');

  // Add to that session: one stream, with captions (and no title of its own).
  await page.evaluate((id) => document.querySelector('panopto-uploader').setAttribute('session-id', id), first.sessionId);
  const good = path.join(TMP, 'screen.fr.vtt');
  fs.writeFileSync(good, VTT);
  await el(page, 'input.picker').setInputFiles(makeFile('screen.mp4', 2 * MIB, 32));
  const card = el(page, '.card[data-state=ready]');
  await card.locator('input.caption-input').setInputFiles(good);
  assert.equal(await card.locator('input.title-input').count(), 0, 'no title for an added stream');
  assert.equal(await card.locator('.captions select').inputValue(), 'fr-FR', 'the language from the file name');
  await card.locator('button.primary').click();
  await page.waitForFunction(() => [...document.querySelector('panopto-uploader').shadowRoot.querySelectorAll('.card')]
    .filter((c) => c.dataset.state === 'complete').length === 2, null, { timeout: 60_000 });
  const session = (await sessions(emu.url)).find((u) => u.Session?.Id === first.sessionId);
  assert.equal(session.Streams.length, 1, 'the stream is in the session');
  assert.deepEqual(session.Captions.map((c) => [c.FileName, c.Language, c.Format, c.Text]),
    [['screen.fr.vtt', 'French', 'VTT', VTT]]);
  assert.deepEqual(await events(page, 'uploadwarning'), []);

  // A malformed caption: the stream goes in, the card says why the caption did not.
  const bad = path.join(TMP, 'slides.en.srt');
  fs.writeFileSync(bad, '1\n00:00:01.000 --> 00:00:02,000\nHello\n');
  await el(page, 'input.picker').setInputFiles(makeFile('slides.mp4', 2 * MIB, 33));
  const third = el(page, '.card[data-state=ready]');
  await third.locator('input.caption-input').setInputFiles(bad);
  await third.locator('button.primary').click();
  await page.waitForFunction(() => [...document.querySelector('panopto-uploader').shadowRoot.querySelectorAll('.card')]
    .filter((c) => c.dataset.state === 'complete').length === 3, null, { timeout: 60_000 });
  const [warning] = await events(page, 'uploadwarning');
  assert.equal(warning.code, 'caption');
  assert.equal(warning.file, 'slides.mp4');
  assert.match(warning.message, /slides\.en\.srt.*line 2/);
  assert.match(await el(page, '.card .warning[data-code=caption]').textContent(), /slides\.en\.srt/);
  assert.equal((await events(page, 'uploadcomplete')).length, 3, 'the upload is still done');
  const after3 = (await sessions(emu.url)).find((u) => u.Session?.Id === first.sessionId);
  assert.equal(after3.Streams.length, 2);
  assert.equal(after3.Captions.length, 1, 'the bad caption was not stored');
  await browser.close();
});
