// The demo page driven like a person would, in each engine, against the real emulator: a
// recording and its captions, a hostile title, a pause and a resume, then every stored byte,
// the manifest and the signatures checked.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { ENGINES, events, openPage, recordEvents, testSite } from './engines.mjs';
import {
  crc32, makeFile, objectName, sessions, sha256, startEmulator, stopAll, TMP, XSD,
} from './harness.mjs';

after(stopAll);

const TITLE = 'Week 3 <Fourier> & "transforms" \'FT\' 🎓';

function unescapeXml(s) {
  return s.replace(/&(lt|gt|quot|apos|amp|#\d+);/g, (_, e) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e] ?? String.fromCodePoint(Number(e.slice(1))));
}

for (const engine of ENGINES) {
  test(`[${engine}] a 23 MiB recording with captions goes from the demo page to a Complete Panopto session`, { timeout: 180_000 }, async (t) => {
    const emu = await startEmulator(['--www', testSite(), '--processing-ms', '800']);
    t.after(() => emu.stop());
    const media = makeFile(`lecture 3 – Fourier (part 1) ${engine}.mp4`, 23 * 1024 * 1024, 7);
    const caption = path.join(TMP, 'lecture3.fr.vtt');
    fs.writeFileSync(caption, 'WEBVTT\n\n00:00.000 --> 00:02.000\nBienvenue au cours de traitement du signal\n');
    const page = await openPage(engine);
    t.after(() => page.close());
    await page.goto(`${emu.url}/`);
    await page.waitFor('[part~=dropzone]');
    await page.screenshot('1-at-rest');
    assert.deepEqual(await page.axe(), [], 'no serious or critical accessibility findings at rest');
    await recordEvents(page);

    await page.setFiles('input.picker', media);
    await page.fill('.title-input', TITLE);
    await page.setFiles('.caption-input', caption);
    await page.waitFor('.caption select');
    assert.equal(await page.inputValue('.caption select'), 'fr-FR', 'language guessed from the file name');
    assert.equal(await page.inputValue('.title-input'), TITLE, 'the title as typed, emoji included');
    assert.deepEqual(await page.axe(), [], 'no serious or critical findings with the form open');

    // On loopback 23 MiB takes about a second: pause from the first progress event to look
    // at it mid-upload, then resume with the button.
    await page.evaluate(() => {
      const el = document.querySelector('panopto-uploader');
      el.addEventListener('progress', (e) => {
        if (!window.__paused && e.detail.loaded > 0) {
          window.__paused = true;
          el.pause();
        }
      });
    });
    const started = Date.now();
    await page.click('button.primary');
    await page.waitFor('button', { text: 'Resume' });
    const now = Number(await page.getAttribute('[role=progressbar]', 'aria-valuenow'));
    assert.ok(now >= 0 && now < 100, `paused part-way (${now} %)`);
    assert.ok(await page.hostHasAttribute('paused'));
    await page.screenshot('2-mid-upload-paused');
    assert.deepEqual(await page.axe(), [], 'no serious or critical findings mid-upload');
    const pausedFor = Date.now();
    await page.click('button', { text: 'Resume' });

    await page.waitFor('.card[data-state=complete]', { timeout: 120_000 });
    const seconds = (Date.now() - started) / 1000;
    const uploading = (Date.now() - pausedFor) / 1000;
    await page.screenshot('3-complete');
    assert.deepEqual(await page.axe(), [], 'no serious or critical findings when complete');
    assert.deepEqual(await page.errors(), [], 'no console error, uncaught error or unhandled rejection');

    const [done] = await events(page, 'uploadcomplete');
    assert.ok(done, 'uploadcomplete fired');
    assert.deepEqual(await events(page, 'uploaderror'), []);
    const upload = (await sessions(emu.url)).find((u) => u.ID === done.id);
    assert.equal(upload.StateName, 'Complete');
    assert.equal(upload.SessionId, done.sessionId);
    const files = Object.fromEntries(upload.Files.map((f) => [f.Name, f]));
    assert.equal(files[objectName(path.basename(media))].Sha256, sha256(media), 'the recording is byte-identical');
    assert.equal(files[objectName('lecture3.fr.vtt')].Sha256, sha256(caption), 'the captions are byte-identical');

    // The manifest: valid against Panopto's official XSD, exact title, both files with their CRC-32.
    const manifestName = upload.Files.map((f) => f.Name).find((n) => n.endsWith('.xml'));
    const manifest = await (await fetch(`${emu.url}/_emulator/uploads/${done.id}/files/${encodeURIComponent(manifestName)}`)).text();
    const manifestFile = path.join(TMP, `manifest-${engine}.xml`);
    fs.writeFileSync(manifestFile, manifest);
    execFileSync('xmllint', ['--noout', '--schema', XSD, manifestFile], { stdio: 'pipe' });
    assert.equal(unescapeXml(manifest.match(/<Title>([\s\S]*?)<\/Title>/)[1]), TITLE);
    const refs = Object.fromEntries([...manifest.matchAll(/<File Checksum="([0-9a-f]{8})">([^<]*)<\/File>/g)].map((m) => [unescapeXml(m[2]), m[1]]));
    assert.equal(refs[objectName(path.basename(media))], crc32(fs.readFileSync(media)));
    assert.equal(refs[objectName('lecture3.fr.vtt')], crc32(fs.readFileSync(caption)));
    assert.equal(refs[objectName(path.basename(media))], files[objectName(path.basename(media))].Crc32, 'the emulator agrees');
    assert.match(manifest, /<LCID>fr-FR<\/LCID>/);

    // Every S3 request was signed and verified; the bearer token never reached S3.
    assert.equal(upload.S3.Rejected, 0);
    assert.equal(upload.S3.Unsigned, 0);
    // At least create + parts + complete for the media (5 parts), caption and manifest; the
    // pause aborts parts in flight, which are then sent again (and verified again).
    assert.ok(upload.S3.Verified >= (1 + 5 + 1) + 3 + 3, `${upload.S3.Verified} verified`);
    assert.deepEqual(upload.TokenLeaks, []);
    console.log(`[${engine}] 23 MiB + captions: complete in ${seconds.toFixed(1)} s with a pause (${uploading.toFixed(1)} s from Resume), ${upload.S3.Verified} verified S3 requests`);
  });
}
