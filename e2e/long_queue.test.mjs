// A long queue under faults, in headless Chromium: twelve recordings from 1 MiB to 300 MiB
// added at once, against an emulator that fails 10 % of requests and stalls 1 %. Every file
// must arrive byte-identical in its own session, no multipart upload may be left open on the
// server, and the renderer's memory must stay flat from the first file to the last.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, test } from 'node:test';
import {
  emulatorStats, events, launch, makeBigFile, MIB, objectName, openDemo, rendererRss, ROOT, sessions, sha256File, startEmulator, stopAll,
} from './harness.mjs';

after(stopAll);

const SIZES_MIB = [1, 2, 4, 8, 16, 32, 48, 64, 96, 128, 200, 300];

test('a queue of 12 files (1–300 MiB) under 10 % failures and 1 % stalls: all complete, one session each, nothing left open, flat memory', { timeout: 900_000 }, async () => {
  const web = await startEmulator(['--www', path.join(ROOT, 'www')]);
  const api = await startEmulator(['--cors-origin', web.url, '--processing-ms', '300', '--fail-rate', '0.1', '--stall-rate', '0.01', '--seed', '14']);
  const files = SIZES_MIB.map((mib, i) => makeBigFile(`queue ${String(i + 1).padStart(2, '0')} (${mib} MiB).mp4`, mib * MIB, 100 + i));
  const browser = await launch();
  const page = await openDemo(browser, web.url, api.url);

  // Renderer memory every 500 ms, with how many files were complete when it was taken.
  const samples = [];
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const done = await page.evaluate(() => document.querySelector('panopto-uploader').shadowRoot
        .querySelectorAll('.card[data-state=complete]').length).catch(() => null);
      if (done != null) samples.push({ done, rss: rendererRss() });
      await new Promise((r) => setTimeout(r, 500));
    }
  })();

  const started = Date.now();
  await page.locator('panopto-uploader input.picker').setInputFiles(files);
  // Every card has its own Upload button; the element's start() starts them all.
  await page.evaluate(() => document.querySelector('panopto-uploader').start());
  await page.waitForFunction((n) => {
    const root = document.querySelector('panopto-uploader').shadowRoot;
    return root.querySelectorAll('.card[data-state=complete]').length === n || root.querySelector('.card[data-state=error]');
  }, files.length, { timeout: 840_000, polling: 500 });
  const seconds = (Date.now() - started) / 1000;
  sampling = false;
  await sampler;
  assert.deepEqual(await events(page, 'uploaderror'), [], 'no uploaderror');

  const uploads = await sessions(api.url);
  assert.equal(uploads.length, files.length, `one session per file: ${JSON.stringify(uploads.map((u) => u.Files.map((f) => f.Name)))}`);
  for (const file of files) {
    const mine = uploads.filter((u) => u.Files.some((f) => f.Name === objectName(path.basename(file))));
    assert.equal(mine.length, 1, `${path.basename(file)} in exactly one session`);
    const [u] = mine;
    assert.equal(u.StateName, 'Complete', path.basename(file));
    assert.equal(u.Files.find((f) => f.Name === objectName(path.basename(file))).Sha256, await sha256File(file), `${path.basename(file)} byte-identical`);
    assert.deepEqual(u.MultipartUploads, [], `no multipart upload left open for ${path.basename(file)}`);
    assert.equal(u.S3.PartsResentAfterAck, 0, `no acknowledged part of ${path.basename(file)} sent again`);
  }
  const stats = await emulatorStats(api.url);
  const failed = stats.InjectedInternalErrors + stats.InjectedSlowDowns + stats.DroppedConnections + stats.Stalls;
  assert.ok(failed >= 5 && stats.Stalls >= 1, `the faults were exercised: ${JSON.stringify(stats)}`);

  // Flat: the renderer's peak while the last files (the largest) upload is no more than its
  // peak over the first third of the queue plus a quarter. Part buffers wait for the GC, so
  // single samples saw-tooth; peaks over a stretch of the queue are what compare.
  const peak = (list) => Math.max(...list.map((s) => s.rss));
  const early = samples.filter((s) => s.done < 4);
  const late = samples.filter((s) => s.done >= 9);
  assert.ok(early.length >= 2 && late.length >= 2, `memory sampled early and late (${early.length}, ${late.length})`);
  const mb = (b) => (b / MIB).toFixed(0);
  console.log(`long queue: ${files.length} files, ${SIZES_MIB.reduce((a, b) => a + b)} MiB in ${seconds.toFixed(1)} s; ${failed} part requests failed by the emulator and sent again (${stats.Stalls} stalls); renderer RssAnon at start ${mb(samples[0].rss)} MiB, peak over files 1–4 ${mb(peak(early))} MiB, over files 10–12 ${mb(peak(late))} MiB, at the end ${mb(samples.at(-1).rss)} MiB`);
  assert.ok(peak(late) <= peak(early) * 1.25, `renderer memory flat across the queue: ${mb(peak(early))} → ${mb(peak(late))} MiB`);
  await browser.close();
});
