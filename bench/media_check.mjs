// The media check's cost, in Chromium on the release build: for an MP4 of 1 GiB and one of
// 4 GiB whose index (`moov`) sits at the end behind the media data (the layout a recorder
// that writes its index last leaves; the worst case for a check that must find it), the
// bytes the check read (the card's `data-read`), the time from the file input's `change`
// to the card's media line, and the long tasks (> 50 ms) of the page's main thread
// meanwhile. The files are sparse: only their ends are on disk. Their index is an hour-long
// recording's (3 MB of sample tables: 30 fps video and AAC audio), made once with ffmpeg
// into target/ when ffmpeg is installed (a minute), else the 4 s sample's (a few KiB).
// Writes bench/results/media_check.md.
//   node bench/media_check.mjs          (scripts/bench.sh runs it too)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openDemo, testSite } from '../e2e/engines.mjs';
import { ROOT, startEmulator, stopAll } from '../e2e/harness.mjs';
import { boxes, SAMPLE, sparseMp4 } from '../e2e/media_files.mjs';
import { observeLongTasks, takeLongTasks } from './page_helpers.mjs';

const GIB = 1024 ** 3;
const RUNS = 5;

/** An hour-long recording (tiny picture, index at the end), made once; the sample without ffmpeg. */
function hourLong() {
  const out = path.join(ROOT, 'target/bench-media/hour.mp4');
  if (fs.existsSync(out)) return { file: out, what: 'an hour-long recording\'s (30 fps video + AAC)' };
  try {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=160x90:rate=30:duration=3600',
      '-f', 'lavfi', '-i', 'sine=frequency=440:duration=3600', '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '51', '-g', '300',
      '-c:a', 'aac', '-b:a', '16k', '-shortest', out]);
    return { file: out, what: 'an hour-long recording\'s (30 fps video + AAC)' };
  } catch {
    return { file: SAMPLE, what: 'the 4 s sample\'s (no ffmpeg here)' };
  }
}
const index = hourLong();
const moovBytes = (file) => boxes(fs.readFileSync(file)).find((b) => b.type === 'moov').size;
const rows = [];
try {
  const web = await startEmulator(['--www', testSite()]);
  const api = await startEmulator(['--cors-origin', web.url]);
  for (const gib of [1, 4]) {
    const file = sparseMp4(`lecture ${gib} GiB.mp4`, gib * GIB, index.file);
    const times = [];
    let read = 0;
    let longest = 0;
    for (let run = 0; run < RUNS; run++) {
      const page = await openDemo('chromium', web.url, api.url);
      await page.evaluate(`${observeLongTasks}`);
      // From the input's change to the line: the page's own clock, no driver in between.
      await page.evaluate(() => {
        const root = document.querySelector('panopto-uploader').shadowRoot;
        window.__check = {};
        root.addEventListener('change', () => { window.__check.from ??= performance.now(); }, true);
        new MutationObserver(() => {
          if (root.querySelector('.media-line:not(:empty)') && window.__check.from != null) window.__check.to ??= performance.now();
        }).observe(root, { subtree: true, childList: true, characterData: true });
      });
      await page.setFiles('input.picker', file);
      await page.waitFor('.media-line:not(:empty)');
      const t = await page.evaluate(() => window.__check);
      const lt = await page.evaluate(`(a) => (${takeLongTasks})(a.from, a.to)`, t);
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
  `Chromium, release build, ${RUNS} runs each; MP4s with their index at the end behind the media data; the index is ${index.what}: ${moovBytes(index.file)} bytes.`, '',
  '| file | bytes read | to the line, median | worst | longest task during the check |', '| --- | --- | --- | --- | --- |',
  ...rows.map((r) => `| ${r.gib} GiB | ${r.read} (${kib(r.read)} KiB) | ${r.median.toFixed(0)} ms | ${r.worst.toFixed(0)} ms | ${r.longest ? `${r.longest.toFixed(0)} ms` : 'none over 50 ms'} |`), ''];
fs.writeFileSync(path.join(ROOT, 'bench/results/media_check.md'), md.join('\n'));
console.log(md.join('\n'));
