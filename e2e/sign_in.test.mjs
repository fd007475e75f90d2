// Signing in as Panopto's OAuth server (IdentityServer3) lets a page, in each engine where
// the engine matters: a JavaScript Web Application client (implicit, the default) and a
// PKCE client in a popup, the redirect sign-in, and a popup cut off from the page by an
// identity provider's Cross-Origin-Opener-Policy (as Microsoft Entra ID's sign-in pages
// are), whose answer comes over the BroadcastChannel. In Chromium only (the engine does not
// matter there): a client of the wrong type ends with the card naming what to change; an
// implicit token of a minute ends in the middle of a slow upload, which completes in one
// session once the teacher signs in again; a folder-id the teacher may not create in, with
// a page token, is named and refused before anything starts.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { ENGINES, events, openDemo, openPage, testSite } from './engines.mjs';
import {
  makeBigFile, makeFile, MIB, objectName, sessions, sha256File, startEmulator, stopAll,
} from './harness.mjs';
import { inDocument, inPopup, popupClosed } from './sign_in_window.mjs';

after(stopAll);

/** The demo page on its own origin, Panopto (the emulator) on another, and `clients`. */
async function setUp(t, clients) {
  const web = await startEmulator(['--www', testSite()]);
  const callback = `${web.url}/pkg/oauth-callback.html`;
  const args = clients(callback);
  const api = await startEmulator(['--cors-origin', web.url, '--processing-ms', '300', ...args]);
  t.after(() => [web, api].forEach((e) => e.stop()));
  const at = (query) => `${web.url}/?server=${encodeURIComponent(api.url)}${query}`;
  return { web, api, at };
}

/** Signed in: the picker lists the folders the teacher may create in, with the token. */
async function signedIn(page) {
  await page.waitFor('.signed-in');
  await page.waitFor('.entries button.entry-choose');
}

for (const engine of ENGINES) {
  test(`[${engine}] sign in with a JavaScript Web Application client, a PKCE client, and by redirect`, { timeout: 180_000 }, async (t) => {
    const { api, at } = await setUp(t, (cb) => ['--oauth-implicit-client', `js-page=${cb}`, '--oauth-client', `pkce-page=${cb}`]);
    const page = await openPage(engine);
    t.after(() => page.close());

    for (const [client, flow] of [['js-page', ''], ['pkce-page', '&oauth-flow=code']]) {
      await page.goto(at(`&client-id=${client}${flow}`));
      await inPopup(page, 'button.sign-in', async (popup) => {
        assert.equal(await popup.text('#client-id'), client, 'Panopto shows its consent page');
        await popup.click('#allow');
      });
      await signedIn(page);
      await popupClosed(page);
    }

    // The redirect sign-in: this tab goes to Panopto and comes back.
    await page.goto(at('&client-id=js-page&sign-in=redirect'));
    await page.click('button.sign-in');
    await inDocument(page).click('#allow');
    await signedIn(page);
    const left = await page.evaluate(() => ({ url: location.href, trip: sessionStorage.getItem('panopto-uploader-sign-in') }));
    assert.ok(!/access_token|panopto-uploader-sign-in|state=/.test(left.url), `the answer is out of the address: ${left.url}`);
    assert.equal(left.trip, null, 'the round trip is out of sessionStorage');
    assert.ok(left.url.includes('client-id=js-page'), 'the page is where it was');
    assert.deepEqual(await sessions(api.url), []);
    assert.deepEqual(await page.errors(), [], 'no console error, uncaught error or unhandled rejection');
  });

  test(`[${engine}] a popup that passes through an identity provider with COOP still signs in`, { timeout: 120_000 }, async (t) => {
    const { at } = await setUp(t, (cb) => ['--oauth-implicit-client', `js-page=${cb}`, '--idp-coop']);
    const page = await openPage(engine);
    t.after(() => page.close());
    await page.goto(at('&client-id=js-page'));
    await page.waitFor('button.sign-in');
    // Whether the element ever waited on a window that reads closed (the popup was cut
    // off), and whether anything was posted to this page by a window (the opener's way).
    await page.evaluate(() => {
      window.__cutOff = false;
      window.__posted = 0;
      addEventListener('message', (e) => { if (e.source && e.source !== window) window.__posted += 1; });
      const root = document.querySelector('panopto-uploader').shadowRoot;
      new MutationObserver(() => { if (root.querySelector('.finish-in-window')) window.__cutOff = true; })
        .observe(root, { subtree: true, childList: true });
    });
    await inPopup(page, 'button.sign-in', async (popup) => {
      // The teacher types a password at the identity provider: the element looks at its
      // window every 200 ms, so a second there is seen (the whole round trip, clicked by
      // WebDriver, takes under 200 ms in Firefox and would slip between two looks).
      await popup.text('#idp-continue');
      await new Promise((r) => setTimeout(r, 1000));
      await popup.click('#idp-continue');
      await popup.click('#allow');
    });
    await signedIn(page);
    await popupClosed(page);
    const { cutOff, posted } = await page.evaluate(() => ({ cutOff: window.__cutOff, posted: window.__posted }));
    // All three engines enforce COOP on 127.0.0.1 (a secure context): the opener is cut,
    // and the answer can only have come over the channel.
    assert.ok(cutOff, 'the popup read as closed while the teacher was still signing in');
    assert.equal(posted, 0, 'the callback page had no opener to post to: the answer came over the channel');
    assert.deepEqual(await page.errors(), []);
  });
}

test('a client of the wrong type ends with the card naming what to change, and nothing created', { timeout: 120_000 }, async (t) => {
  const { api, at } = await setUp(t, (cb) => ['--oauth-server-client', `server-app=${cb}=s3cret`, '--oauth-implicit-client', `js-page=${cb}`]);
  const page = await openPage('chromium');
  t.after(() => page.close());

  // Panopto shows its error page in the window; the teacher closes it and cancels the wait.
  const cases = [
    ['server-app', '', /`server-app` is a JavaScript Web Application with the redirect URL/],
    ['js-page', '&oauth-flow=code', /`js-page` takes authorization codes with PKCE and no secret.*create a JavaScript Web Application and set oauth-flow="implicit"/],
  ];
  for (const [client, flow, says] of cases) {
    await page.goto(at(`&client-id=${client}${flow}`));
    await inPopup(page, 'button.sign-in', async (popup) => {
      assert.equal(await popup.text('#error'), 'unauthorized_client', 'Panopto\'s error page, not a redirect');
      await popup.close();
    });
    await page.waitFor('.sign-in-hint');
    assert.match(await page.textContent('.sign-in-hint'), says, 'said while waiting');
    await page.click('button.cancel-sign-in');
    await page.waitFor('.sign-in-error');
    assert.match(await page.textContent('.sign-in-error'), says);
  }

  // The server-side client asked for a code: consent, then the token endpoint wants the secret.
  await page.goto(at('&client-id=server-app&oauth-flow=code'));
  await inPopup(page, 'button.sign-in', (popup) => popup.click('#allow'));
  await page.waitFor('.sign-in-error');
  assert.match(await page.textContent('.sign-in-error'), /`server-app` \(invalid_client.*\): it wants a secret/);
  assert.deepEqual(await sessions(api.url), [], 'nothing created');
});

test('an implicit token of a minute, on a slow link: the teacher signs in again when asked, and the upload completes in one session', { timeout: 420_000 }, async (t) => {
  const { api, at } = await setUp(t, (cb) => ['--oauth-implicit-client', `js-page=${cb}`, '--token-ttl-secs', '60', '--bandwidth-mbps', '3']);
  const page = await openPage('chromium');
  t.after(() => page.close());
  await page.goto(at('&client-id=js-page'));
  await inPopup(page, 'button.sign-in', (popup) => popup.click('#allow'));
  await signedIn(page);
  await page.waitFor('.sign-in-ending', { text: 'ends in a minute' });
  await page.click('button.browse-all');
  await page.click('button.entry-open[aria-label="Open Faculty of Engineering"]');
  await page.click('button.entry-open[aria-label="Open Computer Science"]');
  await page.click('button.choose-here');
  const file = makeBigFile('long lecture.mp4', 48 * MIB, 11);
  await page.setFiles('input.picker', file);
  const started = Date.now();
  await page.click('.card button.primary');
  // The token ends after a minute; the parts go on; the finish waits for a new sign-in.
  await page.waitFor('.sign-in-error', { text: 'ended', timeout: 90_000 });
  await page.waitFor('.card[data-state=finishing] .sign-in-again-button', { timeout: 300_000 });
  const waited = (Date.now() - started) / 1000;
  assert.ok(waited > 120, `the upload took over two minutes (${waited.toFixed(0)} s)`);
  await inPopup(page, '.sign-in-again-button', (popup) => popup.click('#allow'));
  await page.waitFor('.card[data-state=complete]', { timeout: 60_000 });
  const created = (await sessions(api.url)).filter((u) => u.Session);
  assert.equal(created.length, 1, 'one session');
  assert.equal(created[0].Files.find((f) => f.Name === objectName('long lecture.mp4')).Sha256, await sha256File(file));
  assert.equal(created[0].S3.PartsResentAfterAck, 0, 'no acknowledged part sent again');
  console.log(`implicit token of 60 s: ${waited.toFixed(0)} s of upload, signed in again once, one session, no part sent again`);
});

test('a folder-id the user may not create in, with a page token: named and refused before anything starts', { timeout: 60_000 }, async (t) => {
  const web = await startEmulator(['--www', testSite()]);
  const api = await startEmulator(['--cors-origin', web.url, '--processing-ms', '300']);
  t.after(() => [web, api].forEach((e) => e.stop()));
  const found = await (await fetch(`${api.url}/Panopto/api/v1/folders/search?searchQuery=2022-23`, { headers: { authorization: 'Bearer dev-token' } })).json();
  const locked = found.Results.find((f) => f.Name === '2022-23').Id;
  const page = await openDemo('chromium', web.url, api.url, '&token=dev-token');
  t.after(() => page.close());
  await page.evaluate((id) => document.querySelector('panopto-uploader').setAttribute('folder-id', id), locked);
  // With a token at hand the folder is read for its name and looked for in the creator list.
  await page.waitFor('.folder-denied', { text: 'You cannot create sessions in 2022-23', timeout: 10_000 });
  await page.setFiles('input.picker', makeFile('archive.mp4', MIB, 12));
  await page.click('.card button.primary');
  await page.waitFor('.card[data-state=ready]');
  const [error] = await events(page, 'uploaderror');
  assert.equal(error.code, 'invalid-config');
  assert.match(error.message, /You cannot create sessions in 2022-23/);
  assert.deepEqual(await events(page, 'tokenneeded'), [], 'a page token is not asked for again');
  assert.deepEqual(await sessions(api.url), [], 'nothing created at Panopto');
});
