// Panda rows of the benchmark: our Panda backend with adaptive chunks, the same with fixed
// 5 MiB chunks (what Panda's own 2013 client sent), and the limit for one stream: a single
// plain fetch PUT of the whole file. Same file, same emulator build, same browser as the S3
// rows; time from the first request to the upload location to the last answer from it
// (Resource Timing), so creating the session is left out for everyone.
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';

export const PANDA_PROFILES = [
  { name: 'loopback', flags: [], mib: 1024, cap: null },
  { name: '50 ms, 200 Mbit/s', flags: ['--latency-ms', '50', '--bandwidth-mbps', '200'], mib: 256, cap: 200 },
];

export const PANDA_CONTENDERS = [
  { id: 'panda', label: 'ours, Panda (adaptive chunks)', query: '' },
  { id: 'panda-fixed', label: 'ours, Panda (fixed 5 MiB chunks)', query: '&part-size-mib=5&max-chunk-mib=5' },
  { id: 'panda-limit', label: 'the limit: one plain fetch PUT of the whole file', query: null },
];

/** The upload location's requests, from the page's Resource Timing. */
function timing() {
  const e = performance.getEntriesByType('resource').filter((x) => x.name.includes('/panda/upload/'));
  return { first: Math.min(...e.map((x) => x.startTime)), last: Math.max(...e.map((x) => x.responseEnd)), requests: e.length };
}

async function runOurs(d, web, api, filePath, query) {
  await d.open(`${web.url}/?protocol=panda&token=dev-token&server=${encodeURIComponent(api.url)}${query}`);
  await d.eval(async () => {
    performance.setResourceTimingBufferSize(100_000);
    await customElements.whenDefined('panopto-uploader');
    const i = document.createElement('input');
    i.type = 'file';
    i.id = 'bench-file';
    document.body.append(i);
  });
  await d.setFile('#bench-file', filePath);
  await d.eval(() => {
    const el = document.querySelector('panopto-uploader');
    const t = (window.__t = {});
    el.addEventListener('uploadcomplete', () => { t.done = true; });
    el.addEventListener('uploaderror', (e) => { t.error = e.detail.message; });
    el.addFiles(document.getElementById('bench-file').files);
    el.start();
  });
  for (;;) {
    const s = await d.eval(() => ({ done: !!window.__t.done, error: window.__t.error ?? null }));
    if (s.error) throw new Error(`our Panda upload failed: ${s.error}`);
    if (s.done) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  return d.eval(timing);
}

async function runLimit(d, web, api, filePath) {
  await d.open(`${web.url}/?protocol=panda&token=dev-token&server=${encodeURIComponent(api.url)}`);
  await d.eval(async () => {
    performance.setResourceTimingBufferSize(100_000);
    const i = document.createElement('input');
    i.type = 'file';
    i.id = 'bench-file';
    document.body.append(i);
  });
  await d.setFile('#bench-file', filePath);
  return d.eval(async (server) => {
    const f = document.getElementById('bench-file').files[0];
    const created = await fetch(new URL('/videos/upload.json', server), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ file_size: f.size, file_name: f.name }),
    });
    const { location } = await created.json();
    const r = await fetch(location, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream', 'content-range': `bytes 0-${f.size - 1}/${f.size}` },
      body: f,
    });
    if (r.status !== 200) throw new Error(`the whole-file PUT answered ${r.status}`);
    await r.text();
    // The entry is recorded once the answer's body is in: give it a turn.
    await new Promise((res) => setTimeout(res, 50));
    const e = performance.getEntriesByType('resource').filter((x) => x.name.includes('/panda/upload/'));
    return { first: Math.min(...e.map((x) => x.startTime)), last: Math.max(...e.map((x) => x.responseEnd)), requests: e.length };
  }, api.url);
}

/** Every Panda row: { profile, contender, label, mib, seconds, MBps, utilisation, requests }. */
export async function pandaRows(d, web, startEmulator, file, only = null) {
  const rows = [];
  for (const profile of PANDA_PROFILES.filter((p) => !only || p.name.startsWith(only.profile))) {
    const filePath = file(profile.mib);
    const bytes = fs.statSync(filePath).size;
    for (const c of PANDA_CONTENDERS.filter((x) => !only || only.ids.includes(x.id))) {
      const api = await startEmulator(['--cors-origin', web.url, ...profile.flags]);
      const t = c.query == null ? await runLimit(d, web, api, filePath) : await runOurs(d, web, api, filePath, c.query);
      const seconds = (t.last - t.first) / 1000;
      const MBps = bytes / 1e6 / seconds;
      const row = { profile: profile.name, contender: c.id, label: c.label, mib: bytes / 2 ** 20, seconds, MBps, utilisation: profile.cap ? (MBps * 8) / profile.cap : null, requests: t.requests };
      console.log(JSON.stringify(row));
      rows.push(row);
      api.stop();
      execFileSync('sync');
    }
  }
  return rows;
}
