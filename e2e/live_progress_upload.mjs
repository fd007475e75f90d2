// One upload for live_progress.test.mjs, run on the home link (home_link.mjs): the demo page
// in `engine` against an emulator shaped to 40 Mbit/s up and 20 ms, with `flags` added. Prints
// what the page saw as JSON on its last line: every `progress` event (time, loaded, speed,
// time left) and the bar's value sampled every 50 ms.
//   node e2e/live_progress_upload.mjs ENGINE SIZE [EMULATOR FLAG...]
import { openPage, testSite } from './engines.mjs';
import { makeFile, objectName, sessions, sha256, startEmulator, stopAll } from './harness.mjs';

const [engine, size, ...flags] = process.argv.slice(2);

try {
  const emu = await startEmulator(['--www', testSite(), '--processing-ms', '200', '--latency-ms', '20', '--bandwidth-mbps', '40', ...flags]);
  const file = makeFile(`live ${engine} ${flags.length}.mp4`, Number(size), 41);
  const page = await openPage(engine);
  await page.goto(`${emu.url}/`);
  await page.waitFor('[part~=dropzone]');
  await page.evaluate(() => {
    const el = document.querySelector('panopto-uploader');
    // Why 25 MiB parts: see live_progress.test.mjs.
    el.setAttribute('part-size-mib', '25');
    window.__progress = [];
    window.__bar = [];
    el.addEventListener('progress', (e) => window.__progress.push([performance.now(), e.detail.loaded, e.detail.bytesPerSecond, e.detail.etaSeconds]));
    el.addEventListener('uploadcomplete', () => { window.__done = true; });
    el.addEventListener('uploaderror', (e) => { window.__error = e.detail.message; });
    // What the teacher sees: the bar's value, sampled every 50 ms.
    setInterval(() => {
      const bar = el.shadowRoot.querySelector('[role=progressbar]');
      if (bar) window.__bar.push(Number(bar.getAttribute('aria-valuenow')));
    }, 50);
  });
  await page.setFiles('input.picker', file);
  await page.click('button.primary');
  await page.waitForFunction(() => window.__done || window.__error, null, { timeout: 120_000 });
  const seen = await page.evaluate(() => ({ progress: window.__progress, bar: window.__bar, error: window.__error ?? null }));
  seen.errors = await page.errors();
  const stored = (await sessions(emu.url))[0]?.Files.find((f) => f.Name === objectName(file.split('/').pop()));
  seen.byteIdentical = stored?.Sha256 === sha256(file);
  await page.close();
  await stopAll();
  console.log(JSON.stringify(seen));
} catch (e) {
  console.error(e.stack || String(e));
  await stopAll();
  process.exit(1);
}
