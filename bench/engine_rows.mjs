// Ours and the limit in Firefox ESR and WebKitGTK (e2e/engines.mjs drives them through
// geckodriver and WebKitWebDriver), on loopback and on the 50 ms link, with the clocks of the
// Chromium rows. Called by run.mjs with what it shares: `file(mib)` (the files on disk),
// the web origin, the profiles, the contender ids, and the limit's script.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openPage } from '../e2e/engines.mjs';
import { MIB, objectName, startEmulator } from '../e2e/harness.mjs';
import { startCpuClock } from './cpu.mjs';
import { cpuPerGiB, PART, partSeconds, partTiming, preparePage } from './page_helpers.mjs';

/** Ours and the limit in Firefox and WebKit, on loopback and the 50 ms link: one browser per
 * engine, a fresh emulator and navigation per run, the same clocks as the Chromium rows (the
 * part seconds from Resource Timing; CPU from /proc by process: bench/cpu.mjs). */
export async function engineRows({ web, engines: ENGINES, profiles: ENGINE_PROFILES, ids, file, limit: LIMIT, mirrored }) {
  const rows = [];
  for (const engine of ENGINES) {
    let pg;
    try {
      pg = await openPage(engine);
    } catch (e) {
      console.log(`${engine}: not run (${e.message.split('\n')[0]})`);
      rows.push({ engine, error: e.message.split('\n')[0] });
      continue;
    }
    try {
      for (const profile of ENGINE_PROFILES) {
        const filePath = file(profile.mib);
        const bytes = fs.statSync(filePath).size;
        const order = profile.repeat === 2 && mirrored ? [...ids, ...[...ids].reverse()] : ids;
        const best = new Map();
        for (const id of order) {
          const api = await startEmulator(['--cors-origin', web.url, '--processing-ms', '100', ...profile.flags]);
          await pg.goto(`${web.url}/?server=${encodeURIComponent(api.url)}`);
          await pg.waitFor('[part~=dropzone]');
          await pg.evaluate(preparePage, [LIMIT]);
          const [input] = await pg.session.findAll('#bench-file');
          await pg.session.sendKeys(input, filePath);
          const clock = startCpuClock({ engine, driverPid: pg.session.proc.pid, emulatorPid: api.proc.pid });
          let t;
          let cpu;
          try {
            if (id === 'ours') {
              await pg.evaluate(() => {
                const el = document.querySelector('panopto-uploader');
                el.setAttribute('concurrency', '4');
                const t = (window.__t = {});
                el.addEventListener('uploadcomplete', () => { t.done = true; });
                el.addEventListener('uploaderror', (e) => { t.error = e.detail.message; });
                t.command = performance.now();
                el.addFiles(document.getElementById('bench-file').files);
                el.start();
              });
              for (;;) {
                const s = await pg.evaluate(() => ({ done: !!window.__t.done, error: window.__t.error ?? null }));
                if (s.error) throw new Error(`${engine}: our upload failed: ${s.error}`);
                if (s.done) break;
                await new Promise((r) => setTimeout(r, 250));
              }
              t = await pg.evaluate(`(name) => ({ ...(${partTiming})(name), command: window.__t.command })`, objectName(path.basename(filePath)));
            } else {
              t = await pg.evaluate(`async (a) => {
                const f = document.getElementById('bench-file').files[0];
                const command = performance.now();
                await window.__limitUpload(f, a.server, 'dev-token', a.part, 4);
                return { ...(${partTiming})(f.name, command), command };
              }`, { server: api.url, part: PART });
            }
          } finally {
            cpu = clock.stop();
          }
          api.stop();
          execFileSync('sync');
          const seconds = partSeconds(t, bytes);
          const mbps = bytes / 1e6 / seconds;
          const row = { profile: profile.name, engine, contender: id, label: id === 'ours' ? 'ours (concurrency 4)' : 'the limit: plain fetch PUTs (4 at once)', mib: bytes / MIB, seconds, MBps: mbps, firstPartMs: t.firstPart - t.command, utilisation: profile.cap ? (mbps * 8) / profile.cap : null, cpu: cpuPerGiB(cpu, bytes), longTasks: null };
          console.log(JSON.stringify(row));
          const prev = best.get(id);
          const runs = [...(prev?.runs ?? []), mbps];
          best.set(id, { ...(!prev || mbps > prev.MBps ? row : prev), runs });
        }
        rows.push(...best.values());
      }
    } finally {
      await pg.close();
    }
  }
  return rows;
}

