// The demo page hosted statically (a plain file server on one origin, the emulator as the
// school's Panopto on another): connect, sign in through the popup (a JavaScript Web
// Application client: the implicit flow), browse two folders down, upload a recording with
// captions there, then add a secondary stream to that session through the session picker.
// A wrong client ID and a denied consent say so, and create nothing.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, test } from 'node:test';
import { axe, launch, makeFile, MIB, ROOT, screenshot, sessions, startEmulator, stopAll, TMP } from './harness.mjs';
import { serveStatic } from './static_server.mjs';
import fs from 'node:fs';

const statics = [];
after(async () => {
  await Promise.all(statics.map((s) => s.close()));
  await stopAll();
});

const CS = 'c4386761-e839-4cce-9a6c-fe96e892fdf7'; // Faculty of Engineering › Computer Science

async function setUp() {
  const www = await serveStatic(path.join(ROOT, 'www'));
  statics.push(www);
  const callback = `${www.url}/pkg/oauth-callback.html`;
  const api = await startEmulator(['--cors-origin', www.url, '--oauth-implicit-client', `e2e-page=${callback}`, '--processing-ms', '300']);
  return { www, api };
}

const el = (page, selector) => page.locator(`panopto-uploader ${selector}`);

async function signIn(page, decide = '#allow') {
  const [popup] = await Promise.all([page.waitForEvent('popup'), el(page, 'button.sign-in').click()]);
  if (decide) await popup.locator(decide).click();
  return popup;
}

async function v1(api, pathAndQuery) {
  const r = await fetch(new URL(`/Panopto/api/v1/${pathAndQuery}`, api.url), { headers: { authorization: 'Bearer dev-token' } });
  assert.equal(r.status, 200, `${pathAndQuery}: ${r.status}`);
  return r.json();
}

test('static page: sign in, browse two levels, upload with captions, add a secondary stream to that session', { timeout: 180_000 }, async () => {
  const { www, api } = await setUp();
  const browser = await launch();
  const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
  // The tokens the page sends (the implicit flow hands them over in the popup's address).
  const issued = new Set();
  page.on('request', (r) => {
    const bearer = r.headers().authorization;
    if (bearer?.startsWith('Bearer ')) issued.add(bearer.slice(7));
  });
  await page.goto(`${www.url}/`);
  await page.locator('#connect').waitFor();
  assert.ok(await page.locator('#sessions-card').isHidden(), 'no emulator session list on a static host');
  assert.equal(await page.locator('#connect-redirect').textContent(), `${www.url}/pkg/oauth-callback.html`);
  await page.fill('#connect-server', api.url);
  await page.fill('#connect-client', 'e2e-page');
  await page.click('#connect-form button[type=submit]');
  assert.deepEqual(JSON.parse(await page.evaluate(() => localStorage.getItem('panopto-uploader-demo'))),
    { server: api.url, clientId: 'e2e-page', flow: 'implicit' });

  const popup = await signIn(page);
  await el(page, '.signed-in').waitFor();
  await popup.waitForEvent('close', { timeout: 5_000 }).catch(() => {});
  assert.ok(popup.isClosed(), 'the element closes the popup');

  // Signed in with nowhere chosen: the folder picker opens on the folders the teacher may
  // create sessions in (API v1's folders/creator), each with where it is; none archived.
  await el(page, '.entries .entry-choose').first().waitFor();
  const creatable = await page.evaluate(() => [...document.querySelector('panopto-uploader').shadowRoot.querySelectorAll('.entries .entry')]
    .map((e) => `${e.querySelector('.entry-choose').textContent} (${e.querySelector('.entry-detail')?.textContent ?? ''})`));
  assert.ok(creatable.length > 20, creatable.join(', '));
  assert.ok(!creatable.some((e) => /Archive/.test(e)), `no archived folder offered: ${creatable.join(', ')}`);
  assert.equal(await el(page, 'nav.crumbs').isHidden(), true, 'one list, not a place in the tree');
  // The whole tree, for the teacher who knows where to go.
  await el(page, 'button.browse-all').click();
  await el(page, 'button.entry-open[aria-label="Open Faculty of Engineering"]').click();
  // The pressed button is gone with its listing: focus lands on the new listing's first
  // entry, and the keyboard goes on from there.
  await el(page, 'button.entry-open[aria-label="Open Computer Science"]').waitFor();
  await page.waitForFunction(() => document.querySelector('panopto-uploader').shadowRoot.activeElement?.matches('.entries button'));
  await el(page, 'button.entry-open[aria-label="Open Computer Science"]').focus();
  await page.keyboard.press('Enter');
  await el(page, '.crumb-here:text("Computer Science")').waitFor();
  await page.waitForFunction(() => document.querySelector('panopto-uploader').shadowRoot.querySelectorAll('.entries .entry-open').length === 12);
  const violations = await axe(page);
  assert.deepEqual(violations, [], 'the picker is accessible');
  await screenshot(page, 'standalone-picker');
  await el(page, 'button.choose-here').click();
  assert.equal(await el(page, '.folder-name').textContent(), 'Computer Science');

  const video = makeFile('fourier.mp4', 7 * MIB, 31);
  const vtt = path.join(TMP, 'fourier.en.vtt');
  fs.writeFileSync(vtt, 'WEBVTT\n\n00:00.000 --> 00:02.000\nThe Fourier transform\n');
  await el(page, 'input.picker').setInputFiles(video);
  await el(page, 'input.title-input').fill('Week 3: Fourier');
  await el(page, 'input.caption-input').setInputFiles(vtt);
  await el(page, '.card button.primary').click();
  await el(page, '.card[data-state=complete]').waitFor({ timeout: 60_000 });

  const created = (await sessions(api.url)).filter((u) => u.Session);
  assert.equal(created.length, 1, JSON.stringify(created));
  assert.equal(created[0].Session.Name, 'Week 3: Fourier');
  assert.equal(created[0].SessionFolder.Id, CS, 'in the folder chosen two levels down');
  assert.equal(created[0].CreatedBy, 'teacher', 'as the teacher who signed in');
  assert.deepEqual(created[0].Files.map((f) => f.Name).sort(), ['fourier.en.vtt', 'fourier.mp4', 'session-manifest.xml'].sort());
  const sessionId = created[0].Session.Id;
  const listed = await v1(api, `folders/${CS}/sessions`);
  assert.ok(listed.Results.some((s) => s.Id === sessionId && s.Name === 'Week 3: Fourier'), 'the emulator lists it in the folder');

  // Add the screen recording to that same session.
  await el(page, 'button.add-to-session').click();
  await el(page, '.entries button.entry-choose:text("Week 3: Fourier")').click();
  assert.equal(await el(page, '.session-name').textContent(), 'Week 3: Fourier');
  await el(page, 'input.picker').setInputFiles(makeFile('screen.mp4', 6 * MIB, 32));
  const card = el(page, '.card[data-state=ready]');
  assert.equal(await card.locator('select.stream-type').inputValue(), 'SecondaryVideo');
  assert.equal(await card.locator('input.title-input').count(), 0, 'a stream has no title of its own');
  await card.locator('button.primary').click();
  await page.waitForFunction(() => document.querySelector('panopto-uploader').shadowRoot.querySelectorAll('.card[data-state=complete]').length === 2,
    null, { timeout: 60_000 });
  const session = await v1(api, `sessions/${sessionId}`);
  assert.deepEqual(session.Streams.map((s) => s.StreamType), ['PrimaryVideo', 'SecondaryVideo'], JSON.stringify(session));
  const stream = (await sessions(api.url)).find((u) => u.Kind === 'stream');
  assert.equal(stream.ParentSessionId, sessionId, 'a StreamUpload into that session');
  assert.equal(stream.StreamType, 1, 'SecondaryVideo, sent as its integer');
  assert.equal(stream.CreatedBy, 'teacher');
  assert.deepEqual(stream.Files.map((f) => f.Name), ['screen.mp4'], 'the media file only, no manifest');

  // Tokens stay in memory: not in storage, the DOM, or any URL.
  assert.ok(issued.size >= 1, 'the teacher\'s token was used');
  const where = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })
    + document.documentElement.outerHTML + document.querySelector('panopto-uploader').shadowRoot.innerHTML + location.href);
  for (const t of issued) assert.ok(!where.includes(t), 'no token in storage, DOM or URL');
  await screenshot(page, 'standalone-done');
  await browser.close();
});

test('a wrong client ID and a denied consent say so, and create nothing', { timeout: 120_000 }, async () => {
  const { www, api } = await setUp();
  const browser = await launch();
  const page = await browser.newPage();
  await page.goto(`${www.url}/?server=${encodeURIComponent(api.url)}&client-id=not-registered`);
  const popup = await signIn(page, null);
  assert.equal(await popup.locator('#error').textContent(), 'invalid_client', 'Panopto shows its error page');
  await popup.close();
  // The window reads closed: an identity provider may have cut it off, so the card waits,
  // and says what to check meanwhile; Cancel ends the wait.
  assert.match(await el(page, '.sign-in-hint').textContent(), /API client `not-registered` is a JavaScript Web Application/);
  await el(page, 'button.cancel-sign-in').click();
  const wrong = await el(page, '.sign-in-error').textContent();
  assert.match(wrong, /API client `not-registered`/);

  const denied = await browser.newPage();
  await denied.goto(`${www.url}/?server=${encodeURIComponent(api.url)}&client-id=e2e-page`);
  await signIn(denied, '#deny');
  await el(denied, '.sign-in-error:text("did not allow")').waitFor();
  assert.equal(await el(denied, 'button.sign-in').count(), 1, 'still signed out: sign in again');
  assert.equal(await el(denied, '.picker-panel').count(), 0, 'no picker without a sign-in');

  assert.deepEqual(await sessions(api.url), [], 'nothing created');
  await browser.close();
});

test('a folder the teacher may not create in, found in the whole tree, is refused before anything starts', { timeout: 120_000 }, async () => {
  const { www, api } = await setUp();
  const browser = await launch();
  const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
  await page.goto(`${www.url}/?server=${encodeURIComponent(api.url)}&client-id=e2e-page`);
  await signIn(page);
  await el(page, '.signed-in').waitFor();
  assert.equal(page.context().pages().length, 1, 'one popup, closed');

  // The creator list has no archived folder; the whole tree's search finds them.
  await el(page, 'input.search-input').fill('2022');
  await el(page, 'input.search-input').press('Enter');
  await el(page, '.search-note').waitFor();
  await el(page, '.picker-status:text("No folders")').waitFor();
  await el(page, 'button.browse-all').click();
  await el(page, 'input.search-input').fill('2022');
  await el(page, 'input.search-input').press('Enter');
  const found = el(page, '.entries .entry:has(.entry-detail:text("Archive"))');
  await found.first().waitFor();
  await found.first().locator('button.entry-choose').click();
  assert.equal(await el(page, '.folder-name').textContent(), '2022-23');
  // Said as soon as it is chosen, not when the upload starts.
  await el(page, '.folder-denied').waitFor();
  assert.equal(await el(page, '.folder-denied').textContent(), 'You cannot create sessions in 2022-23: choose another folder.');
  await el(page, 'input.picker').setInputFiles(makeFile('old.mp4', MIB, 33));
  await el(page, '.card button.primary').click();
  await page.waitForTimeout(500);
  assert.equal(await el(page, '.card').getAttribute('data-state'), 'ready', 'nothing started');
  assert.ok(await el(page, '.signed-in').isVisible(), 'a permission is not the sign-in\'s: still signed in');
  assert.deepEqual(await sessions(api.url), [], 'nothing created');
  await browser.close();
});
