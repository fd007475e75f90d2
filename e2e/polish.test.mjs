// What a teacher sees, beyond whether the upload works: the demo page and the element on a
// phone, the colour scheme the element takes from the page (and contrast in every state),
// and a file added twice.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, test } from 'node:test';
import { axe, events, launch, makeFile, MIB, recordEvents, ROOT, screenshot, sessions, startEmulator, stopAll } from './harness.mjs';

after(stopAll);

const el = (page, selector) => page.locator(`panopto-uploader ${selector}`);

/** The demo page served by a fresh emulator, in a browser whose OS prefers `os`. */
async function open({ os = 'light', viewport = { width: 1200, height: 900 }, query = '' } = {}) {
  const emu = await startEmulator(['--www', path.join(ROOT, 'www'), '--processing-ms', '300']);
  const browser = await launch();
  const page = await browser.newPage({ viewport, colorScheme: os });
  page.setDefaultTimeout(30_000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => d.accept());
  await page.goto(`${emu.url}/${query}`);
  await el(page, '[part~=dropzone]').waitFor();
  await recordEvents(page);
  return { emu, browser, page, errors };
}

/**
 * The contrast ratio (WCAG 2) of an element's text on the background it sits on (its own,
 * else the nearest one behind it, across the shadow boundary), both resolved to sRGB by
 * painting them: computed colours may be lab() or oklch(), not rgb().
 */
async function contrast(locator) {
  return locator.evaluate((node) => {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 1;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    const rgba = (color) => {
      ctx.clearRect(0, 0, 1, 1);
      ctx.fillStyle = color;
      ctx.fillRect(0, 0, 1, 1);
      return [...ctx.getImageData(0, 0, 1, 1).data];
    };
    const luminance = (color) => {
      const [r, g, b] = rgba(color).slice(0, 3).map((v) => v / 255)
        .map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    let behind = node;
    while (behind && rgba(getComputedStyle(behind).backgroundColor)[3] === 0) {
      behind = behind.parentElement ?? behind.getRootNode().host;
    }
    const background = behind ? getComputedStyle(behind).backgroundColor : '#fff';
    const [a, b] = [luminance(getComputedStyle(node).color), luminance(background)].sort((x, y) => y - x);
    return Math.round(((a + 0.05) / (b + 0.05)) * 100) / 100;
  });
}

/** The element's own background: `light` or `dark`, by its luminance. */
async function rendered(page) {
  return el(page, '.root').evaluate((root) => {
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    ctx.fillStyle = getComputedStyle(root).backgroundColor;
    ctx.fillRect(0, 0, 1, 1);
    const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data;
    return (r + g + b) / 3 > 128 ? 'light' : 'dark';
  });
}

async function fitsSideways(page, what) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `${what}: the page is ${width} px wide on a 390 px screen`);
}

test('phone: at 390 × 844 the page does not scroll sideways, with files queued, the session list filled and the pickers open', { timeout: 120_000 }, async () => {
  const { page, errors } = await open({ viewport: { width: 390, height: 844 } });
  // A session in the emulator's list, with a long file name (the row that was too wide).
  const lecture = makeFile('Lecture_03_Fourier_transform_and_its_properties_recorded_2024-10-14.mp4', 2 * MIB, 11);
  await el(page, 'input.picker').setInputFiles(lecture);
  await el(page, 'button.primary').click();
  await el(page, '.card[data-state=complete]').waitFor();
  await page.locator('#sessions table').waitFor();
  await fitsSideways(page, 'one upload done, the session list filled');
  // Two more: a plain one, and the same recording again (its card asks what to do).
  await el(page, 'input.picker').setInputFiles([makeFile('second lecture with a rather long name.mp4', 4096, 12), lecture]);
  await el(page, '.card[data-state=duplicate]').waitFor();
  await fitsSideways(page, 'files queued');
  await screenshot(page, 'polish-phone-queued');
  assert.deepEqual(await axe(page), [], 'accessible on a phone');

  // The folder picker two levels down, where the breadcrumb is longest.
  await page.evaluate(() => document.getElementById('uploader').removeAttribute('folder-id'));
  await el(page, 'button.choose-folder').click();
  await el(page, 'button.browse-all').click();
  await el(page, 'button.entry-open[aria-label="Open Faculty of Engineering"]').click();
  await el(page, 'button.entry-open[aria-label="Open Computer Science"]').click();
  await el(page, '.crumb-here:text("Computer Science")').waitFor();
  await fitsSideways(page, 'the folder picker open');
  await el(page, '.picker-panel').screenshot({ path: path.join(ROOT, 'target/e2e-screenshots/polish-phone-folder-picker.png') });
  assert.deepEqual(await axe(page), [], 'the picker is accessible on a phone');
  await el(page, '.search-input').fill('Signals and Systems');
  await el(page, 'button.search-button').click();
  await el(page, '.search-note').waitFor();
  await fitsSideways(page, 'search results in the picker');
  await el(page, 'button.close-picker').click();
  await page.evaluate(() => document.getElementById('uploader').setAttribute('folder-id', '3f8c2a71-9d4e-4b6a-8c15-7e2f0a9d4b31'));
  // The session picker lists the session uploaded above.
  await el(page, 'button.add-to-session').click();
  await el(page, '.entries .entry-choose').first().waitFor();
  await fitsSideways(page, 'the session picker open');
  await screenshot(page, 'polish-phone-session-picker');
  assert.deepEqual(errors, []);
});

/**
 * Take the element through its states on `page` (a file ready, a duplicate, paused mid-
 * upload, complete, an error) and check each: no serious or critical axe finding, and the
 * primary button's text at least 4.5:1. Returns the primary button's contrast.
 */
async function everyState(page, label) {
  const found = [];
  const check = async (state) => {
    const violations = await axe(page);
    found.push(...violations.map((v) => `${state}: ${v}`));
    await screenshot(page, `polish-${label}-${state}`);
  };
  const media = makeFile(`${label}.mp4`, 12 * MIB, 21);
  await el(page, 'input.picker').setInputFiles(media);
  const primary = await contrast(el(page, 'button.primary'));
  assert.ok(primary >= 4.5, `${label}: the Upload button's text is ${primary}:1 on its background`);
  await check('ready');
  await el(page, 'input.picker').setInputFiles(media);
  await el(page, '.card[data-state=duplicate]').waitFor();
  await check('duplicate');
  await el(page, '.card[data-state=duplicate] button:text("Remove")').click();
  // Paused from the first progress: on loopback 12 MiB would otherwise be done at once.
  await page.evaluate(() => {
    const host = document.querySelector('panopto-uploader');
    host.addEventListener('progress', (e) => {
      if (!window.__paused && e.detail.loaded > 0) {
        window.__paused = true;
        host.pause();
      }
    });
  });
  await el(page, 'button.primary').click();
  await el(page, '.card[data-state=paused]').waitFor();
  await check('paused');
  await el(page, 'button:text("Resume")').click();
  await el(page, '.card[data-state=complete]').waitFor();
  await check('complete');
  assert.ok(await contrast(el(page, '.done a')) >= 4.5, `${label}: the link to the session`);
  await page.evaluate(() => document.querySelector('panopto-uploader').addFiles(new File([], 'empty.mp4')));
  await el(page, '.card[data-state=error]').waitFor();
  await check('error');
  assert.ok(await contrast(el(page, '.card[data-state=error] .error')) >= 4.5, `${label}: the error message`);
  assert.deepEqual(found, [], `${label}: no serious or critical accessibility findings`);
  return primary;
}

test('colour scheme: a light page on a dark OS renders the element light, AA in every state', { timeout: 120_000 }, async () => {
  const { page, errors } = await open({ os: 'dark', query: '?scheme=light' });
  assert.equal(await rendered(page), 'light', 'the page is light, so is the element, whatever the OS prefers');
  const ratio = await everyState(page, 'light-page-dark-os');
  console.log(`primary button on a light page (dark OS): ${ratio}:1`);
  assert.deepEqual(errors, []);
});

test('colour scheme: a page with color-scheme: dark renders the element dark, AA in every state', { timeout: 120_000 }, async () => {
  const { page, errors } = await open({ os: 'light', query: '?scheme=dark' });
  assert.equal(await rendered(page), 'dark');
  const ratio = await everyState(page, 'dark-page');
  console.log(`primary button on a dark page: ${ratio}:1`);
  assert.deepEqual(errors, []);
});

test('colour scheme: a page that declares none leaves it to the OS, and the element follows a page that switches', { timeout: 60_000 }, async () => {
  const { page, browser, emu } = await open({ os: 'dark' });
  const declare = (scheme) => page.evaluate((s) => { document.documentElement.style.colorScheme = s; }, scheme);
  // The demo page follows the OS itself (`color-scheme: light dark`): so does the element.
  assert.equal(await rendered(page), 'dark');
  await declare('normal');
  await page.waitForFunction(() => document.querySelector('panopto-uploader').shadowRoot.querySelector('.root.follows-os'));
  assert.equal(await rendered(page), 'dark', 'nothing declared: the OS decides');
  await el(page, 'input.picker').setInputFiles(makeFile('os.mp4', 4096, 31));
  assert.ok(await contrast(el(page, 'button.primary')) >= 4.5);
  // A theme switch on the page, after the element was drawn.
  await declare('light');
  await page.waitForFunction(() => !document.querySelector('panopto-uploader').shadowRoot.querySelector('.root.follows-os'));
  assert.equal(await rendered(page), 'light', 'the page says light now');
  await declare('dark');
  await page.waitForFunction(async () => {
    const root = document.querySelector('panopto-uploader').shadowRoot.querySelector('.root');
    return getComputedStyle(root).colorScheme === 'dark';
  });
  assert.equal(await rendered(page), 'dark');
  // A page that gives one dark accent for both schemes (the demo's light one, in the dark):
  // the Upload button's text is white on it, not the dark scheme's dark text (1.7:1 before).
  await page.evaluate(() => document.querySelector('panopto-uploader').style.setProperty('--pu-accent', '#7a1f3d'));
  assert.ok(await contrast(el(page, 'button.primary')) >= 4.5, 'white on the dark accent');
  // The same page on a light OS, declaring nothing.
  const light = await browser.newPage({ colorScheme: 'light' });
  await light.goto(`${emu.url}/`);
  await light.evaluate(() => { document.documentElement.style.colorScheme = 'normal'; });
  await light.locator('panopto-uploader [part~=dropzone]').waitFor();
  assert.equal(await rendered(light), 'light');
  assert.deepEqual(await axe(page), []);
});

test('duplicates: a file already queued, uploading or uploaded asks before it becomes a second session', { timeout: 120_000 }, async () => {
  const { page, emu, errors } = await open();
  const lecture = makeFile('week 3.mp4', 6 * MIB, 41);
  const cards = el(page, '.card');
  const stateOf = (i) => cards.nth(i).getAttribute('data-state');
  await el(page, 'input.picker').setInputFiles(lecture);
  await el(page, 'input.picker').setInputFiles(lecture);
  await el(page, '.card[data-state=duplicate]').waitFor();
  assert.match(await cards.nth(1).locator('.duplicate-notice').textContent(), /already in the list above/);
  assert.equal(await cards.nth(1).locator('button.primary').count(), 0, 'no Upload button: the question is the way on');
  // start() (the host's "upload everything") starts the first copy, not the second.
  await page.evaluate(() => document.querySelector('panopto-uploader').start());
  await el(page, '.card[data-state=complete]').waitFor();
  assert.equal(await stateOf(1), 'duplicate', 'still waiting for the teacher');
  assert.equal((await sessions(emu.url)).length, 1, 'one session, not two');
  // Auto-start does not start a copy of an uploaded file either.
  await page.evaluate(() => document.querySelector('panopto-uploader').setAttribute('auto-start', ''));
  await el(page, 'input.picker').setInputFiles(lecture);
  await page.waitForTimeout(500);
  assert.equal(await stateOf(2), 'duplicate');
  assert.equal((await sessions(emu.url)).length, 1);
  await page.evaluate(() => document.querySelector('panopto-uploader').removeAttribute('auto-start'));
  await screenshot(page, 'polish-duplicate');
  // The teacher's choices: remove the third, upload the second again anyway.
  await cards.nth(2).locator('button:text("Remove")').click();
  assert.equal(await cards.count(), 2);
  await cards.nth(1).locator('button.upload-again').click();
  await page.waitForFunction(() => document.querySelectorAll('panopto-uploader').length &&
    [...document.querySelector('panopto-uploader').shadowRoot.querySelectorAll('.card')].every((c) => c.dataset.state === 'complete'));
  const done = await events(page, 'uploadcomplete');
  assert.equal(done.length, 2);
  assert.notEqual(done[0].sessionId, done[1].sessionId, 'a second session, because the teacher said so');
  assert.equal((await sessions(emu.url)).length, 2);
  const said = (await events(page, 'statechange')).filter((e) => e.state === 'duplicate').length;
  assert.equal(said, 2, 'the host hears of each duplicate');

  // When the copy ahead goes away, the other is a plain file again.
  const other = makeFile('week 4.mp4', 4096, 42);
  await el(page, 'input.picker').setInputFiles([other, other]);
  assert.equal(await stateOf(3), 'duplicate');
  await cards.nth(2).locator('button:text("Remove")').click();
  await page.waitForFunction(() => document.querySelector('panopto-uploader').shadowRoot.querySelectorAll('.card')[2]?.dataset.state === 'ready');
  assert.equal(await cards.nth(2).locator('button.primary').count(), 1, 'Upload is offered again');

  // The same file to the second (WebKit rounds lastModified to seconds), not to the millisecond.
  const sameSecond = await page.evaluate(async () => {
    const host = document.querySelector('panopto-uploader');
    const make = (ms) => new File([new Uint8Array(10)], 'clip.mp4', { lastModified: ms });
    host.addFiles([make(1_700_000_000_600), make(1_700_000_001_000), make(1_700_000_003_000)]);
    await new Promise((r) => setTimeout(r, 100));
    return [...host.shadowRoot.querySelectorAll('.card')].slice(-3).map((c) => c.dataset.state);
  });
  assert.deepEqual(sameSecond, ['ready', 'duplicate', 'ready'], 'rounded to the second: the same file; edited 2 s later: another');
  assert.deepEqual(errors, []);
});
