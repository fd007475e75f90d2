// The media check as a file is added, in each engine (the browser's decoder is the
// engine's own): a real MP4 gets its line (duration, picture size, codec, from our parse)
// and a preview where the engine decodes H.264 (else "no preview in this browser", which
// is not an error); a PDF named .mp4 is named as a PDF; a cut-off MP4 (no index) is reported
// damaged and uploads only after "Upload anyway".
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { ENGINES, events, openDemo, testSite } from './engines.mjs';
import { sessions, startEmulator, stopAll } from './harness.mjs';
import { cutOffMp4, goodMp4, pdfNamedMp4 } from './media_files.mjs';

after(stopAll);

/** Run `js` (source of `(card) => …`) on the card of the file named `name`, in the page. */
function onCard(page, name, js) {
  return page.evaluate(`(a) => {
    const root = document.querySelector('panopto-uploader').shadowRoot;
    const card = [...root.querySelectorAll('.card')].find((c) => c.querySelector('.file-name')?.textContent === a.name);
    return card ? (${js})(card) : null;
  }`, { name });
}

for (const engine of ENGINES) {
  test(`[${engine}] the media check: a recording's line and preview, a PDF named as one, a cut-off MP4 held until "Upload anyway"`, { timeout: 180_000 }, async (t) => {
    const web = await startEmulator(['--www', testSite()]);
    const api = await startEmulator(['--cors-origin', web.url, '--processing-ms', '300']);
    t.after(() => [web, api].forEach((e) => e.stop()));
    const page = await openDemo(engine, web.url, api.url);
    t.after(() => page.close());

    await page.setFiles('input.picker', goodMp4('Week 3.mp4'));
    // The card's line and notice are always there, empty or hidden while there is nothing to say.
    await page.waitFor('.media-line:not(:empty)');
    const line = await page.textContent('.media-line');
    assert.match(line, /^4 s · 320×180 · H\.264/, 'duration, picture size and codec from the container');
    await page.waitForFunction(`() => { const r = document.querySelector('panopto-uploader').shadowRoot;
      return !!(r.querySelector('.card img.thumb[src]') || r.querySelector('.media-line').textContent.endsWith(' · No preview in this browser')); }`, null, { timeout: 20_000 });
    const thumb = await page.getAttribute('.card img.thumb', 'src');
    if (engine === 'chromium') assert.match(thumb ?? '', /^data:image\/jpeg;base64,/, 'Chromium decodes H.264: a preview');
    console.log(`[${engine}] ${line} — ${thumb ? `a preview (${thumb.length} bytes as a data URL)` : 'no preview in this browser'}`);
    assert.deepEqual(await onCard(page, 'Week 3.mp4', `(card) => { const n = card.querySelector('.media-notice');
      return [n.hidden, n.textContent, getComputedStyle(n).display]; }`), [true, 'Upload anyway', 'none'], 'a good file gets no notice');
    assert.equal(await onCard(page, 'Week 3.mp4', `(card) => getComputedStyle(card.querySelector('img.thumb')).display === 'none'`), !thumb, 'no picture shown without a preview');

    await page.setFiles('input.picker', pdfNamedMp4('slides.mp4'));
    await page.waitFor('.concern', { text: 'slides.mp4 is a PDF document, not a recording' });

    const cut = cutOffMp4('lecture cut off.mp4');
    await page.setFiles('input.picker', cut);
    await page.waitFor('.concern', { text: 'lecture cut off.mp4 seems cut off: it has no index' });
    // The three cards as the teacher sees them before deciding: a preview, a wrong file, a damaged one.
    await page.screenshot('media-check-held');
    await onCard(page, 'lecture cut off.mp4', '(card) => card.querySelector("button.primary").click()');
    await new Promise((r) => setTimeout(r, 1_000));
    assert.equal(await onCard(page, 'lecture cut off.mp4', '(card) => card.dataset.state'), 'ready', 'held: the teacher decides');
    assert.deepEqual(await sessions(api.url), [], 'nothing created yet');
    await onCard(page, 'lecture cut off.mp4', '(card) => card.querySelector("button.upload-anyway").click()');
    await page.waitForFunction(`(a) => [...document.querySelector('panopto-uploader').shadowRoot.querySelectorAll('.card[data-state=complete] .file-name')]
      .some((n) => n.textContent === a)`, 'lecture cut off.mp4', { timeout: 60_000 });
    const created = (await sessions(api.url)).filter((u) => u.Session);
    assert.equal(created.length, 1, 'one upload, after "Upload anyway"');
    assert.deepEqual(await events(page, 'uploaderror'), []);
    await page.screenshot('media-check');
    assert.deepEqual(await page.errors(), [], 'no console error, uncaught error or unhandled rejection');
  });
}
