// Live progress on a home link (40 Mbit/s up, 20 ms), in each engine: the bar, speed and
// time left move four times a second while bytes go out, not only when a part is
// acknowledged; `progress` events come at that pace (not hundreds a second); the bar never
// goes backwards — also when parts break half-way and are sent again — and never passes
// 100 %. Each upload runs in a network namespace with a home link's kernel buffers
// (home_link.sh: on loopback's 4 MiB buffers every browser reports in 1.4 MiB steps).
//
// Why 25 MiB parts: even with those buffers, the first ~0.5 MiB of each part goes into the
// kernel at once; with 25 MiB parts most of the file is sent at the link's pace.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { ENGINES } from './engines.mjs';
import { MIB } from './harness.mjs';
import { runOnHomeLink } from './home_link.mjs';

const SIZE = 50 * MIB;
const UPLOAD = path.join(import.meta.dirname, 'live_progress_upload.mjs');

async function upload(engine, flags) {
  const seen = await runOnHomeLink(UPLOAD, [engine, String(SIZE), ...flags]);
  assert.equal(seen.error, null, `[${engine}] the upload failed`);
  assert.deepEqual(seen.errors, [], `[${engine}] no console errors`);
  assert.ok(seen.byteIdentical, `[${engine}] byte-identical`);
  return seen;
}

function check(engine, { progress, bar }) {
  const loaded = progress.map((p) => p[1]);
  assert.ok(loaded.every((l, i) => i === 0 || l >= loaded[i - 1]), `[${engine}] never backwards`);
  assert.ok(loaded.every((l) => l <= SIZE), `[${engine}] never past the total`);
  assert.equal(loaded.at(-1), SIZE);
  assert.ok(bar.every((b, i) => i === 0 || b >= bar[i - 1]) && bar.every((b) => b <= 100), `[${engine}] the bar: ${bar}`);
  // While bytes move at the link's pace: past the first bytes of each part (straight into
  // the kernel's buffers), before the last ones sit in them waiting for the link.
  const moving = progress.filter((p) => p[1] > 0.2 * SIZE && p[1] < 0.8 * SIZE);
  const span = (moving.at(-1)[0] - moving[0][0]) / 1000;
  const perSecond = (moving.length - 1) / span;
  const gaps = moving.slice(1).map((p, i) => p[0] - moving[i][0]);
  const longest = Math.max(...gaps);
  const shortest = Math.min(...gaps);
  const insideParts = loaded.filter((l) => l % (25 * MIB) !== 0).length;
  const withSpeed = moving.filter((p) => p[2] > 0 && p[3] !== null).length;
  // Over the whole upload too, parts sent again included: four a second, plus the first
  // and the last byte at once.
  const whole = (progress.at(-1)[0] - progress[0][0]) / 1000;
  assert.ok(progress.length <= 4 * whole + 3, `[${engine}] ${progress.length} progress events in ${whole.toFixed(1)} s`);
  return { perSecond, longest, shortest, insideParts, events: progress.length, moving: moving.length, span, withSpeed };
}

for (const engine of ENGINES) {
  test(`[${engine}] 50 MiB over 40 Mbit/s: progress four times a second, inside parts, never backwards`, { timeout: 180_000 }, async () => {
    const seen = await upload(engine, []);
    if (process.env.E2E_DEBUG) console.log(JSON.stringify(seen.progress.map((p, i) => [Math.round(p[0] - (i ? seen.progress[i - 1][0] : p[0])), (p[1] / MIB).toFixed(1)])));
    const f = check(engine, seen);
    console.log(`[${engine}] live progress: ${f.events} events; from 20 % to 80 %, ${f.moving} in ${f.span.toFixed(1)} s = `
      + `${f.perSecond.toFixed(2)}/s, gaps ${f.shortest.toFixed(0)}–${f.longest.toFixed(0)} ms; ${f.insideParts} inside a part`);
    assert.ok(f.insideParts > 10, `the bar moves inside parts (${f.insideParts} updates)`);
    // Four a second: one every 250 ms (a timer may run a little late), never two at once.
    assert.ok(f.perSecond >= 3.8 && f.perSecond <= 4.1, `four a second: ${f.perSecond.toFixed(2)}`);
    assert.ok(f.longest < 400, `no long silence while bytes move: ${f.longest.toFixed(0)} ms`);
    assert.ok(f.shortest >= 240, `never two updates at once: ${f.shortest.toFixed(0)} ms apart`);
    assert.equal(f.withSpeed, f.moving, 'speed and time left known while bytes move');
  });

  test(`[${engine}] parts breaking half-way: the bar never goes backwards`, { timeout: 180_000 }, async () => {
    const f = check(engine, await upload(engine, ['--fail-rate', '0.3', '--seed', '5']));
    console.log(`[${engine}] with failures: ${f.events} events, ${f.perSecond.toFixed(2)}/s`);
  });
}
