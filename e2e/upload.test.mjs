// The demo page with the keyboard only, in headless Chromium, against the real emulator.
// The person-like upload and the cross-origin run are in every engine:
// person_upload.test.mjs and cross_origin.test.mjs.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, test } from 'node:test';
import { launch, startEmulator, stopAll, ROOT } from './harness.mjs';

after(stopAll);

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
  // The picker opens with user activation (which a key press gives): in Chromium the one
  // that gives file handles (showOpenFilePicker, so an upload can continue after a reload
  // without picking again), else the hidden file input's. Whether headless Chromium then
  // shows a dialog is not ours to test: the handle picker is stood in for, closed at once.
  await page.evaluate(() => {
    window.__pickerOpened = [];
    const input = document.querySelector('panopto-uploader').shadowRoot.querySelector('input[type=file].picker');
    input.addEventListener('click', () => window.__pickerOpened.push(navigator.userActivation.isActive && input.multiple));
    window.showOpenFilePicker = (options) => {
      window.__pickerOpened.push(navigator.userActivation.isActive && options.multiple);
      return Promise.reject(new DOMException('closed', 'AbortError'));
    };
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
