// The media check's cost, in Chromium on the release build: for an MP4 of 1 GiB and one of
// 4 GiB whose index (`moov`) sits at the end behind the media data (the layout a recorder
// that writes its index last leaves; the worst case for a check that must find it), the
// bytes the check read (the card's `data-read`), the time from the file input's `change`
// to the card's media line, and the long tasks (> 50 ms) of the page's main thread
// meanwhile. The files are sparse: only their ends are on disk. Writes
// bench/results/media_check.md.
//   node bench/media_check.mjs          (scripts/bench.sh runs it too)
import fs from 'node:fs';
import path from 'node:path';
import { openDemo, testSite } from '../e2e/engines.mjs';
import { ROOT, startEmulator, stopAll } from '../e2e/harness.mjs';
import { sparseMp4 } from '../e2e/media_files.mjs';
import { observeLongTasks, takeLongTasks } from './page_helpers.mjs';

const GIB = 1024 ** 3;
const RUNS = 5;
const rows = [];
try {
  const web = await startEmulator(['--www', testSite()]);
  const api = await startEmulator(['--cors-origin', web.url]);
  for (const gib of [1, 4]) {
    const file = sparseMp4(`lecture ${gib} GiB.mp4`, gib * GIB);
    const times = [];
    let read = 0;
    let longest = 0;
    for (let run = 0; run < RUNS; run++) {
      const page = await openDemo('chromium', web.url, api.url);
      await page.evaluate(`(${observeLongTasks})()`);
      // From the input's change to the line: the page's own clock, no driver in between.
      await page.evaluate(() => {
        const root = document.querySelector('panopto-uploader').shadowRoot;
        window.__check = {};
        root.addEventListener('change', () => { window.__check.from ??= performance.now(); }, true);
        new MutationObserver(() => {
          if (root.querySelector('.media-line') && window.__check.from != null) window.__check.to ??= performance.now();
        }).observe(root, { subtree: true, childList: true });
      });
      await page.setFiles('input.picker', file);
      await page.waitFor('.media-line');
      const t = await page.evaluate(() => window.__check);
      const lt = await page.evaluate(`(${takeLongTasks})(${t.from}, ${t.to})`);
      times.push(t.to - t.from);
      read = Number(await page.getAttribute('.media-line', 'data-read'));
      longest = Math.max(longest, lt?.longest ?? 0);
      await page.close();
    }
    times.sort((a, b) => a - b);
    rows.push({ gib, read, median: times[Math.floor(RUNS / 2)], worst: times[RUNS - 1], longest });
    fs.rmSync(file);
  }
} finally {
  await stopAll();
}
const kib = (b) => (b / 1024).toFixed(1);
const md = ['# The media check: bytes read and time to the card\'s line', '',
  `Chromium, release build, ${RUNS} runs each; MP4s with their index at the end behind the media data.`, '',
  '| file | bytes read | to the line, median | worst | longest task during the check |', '| --- | --- | --- | --- | --- |',
  ...rows.map((r) => `| ${r.gib} GiB | ${r.read} (${kib(r.read)} KiB) | ${r.median.toFixed(0)} ms | ${r.worst.toFixed(0)} ms | ${r.longest ? `${r.longest.toFixed(0)} ms` : 'none over 50 ms'} |`), ''];
fs.writeFileSync(path.join(ROOT, 'bench/results/media_check.md'), md.join('\n'));
console.log(md.join('\n'));
