// The nginx relay of relay/nginx.conf (both forms), by plain Node requests, no browser:
// it reaches the emulator's API, streams a 300 MiB body without buffering it (memory and
// temp files watched), passes ETag, and what request-target the upstream gets for object
// names with percent-escapes (printed as a table: it decides how the element names objects).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import { testSite } from './engines.mjs';
import { MIB, startEmulator, stopAll } from './harness.mjs';
import { FORMS, PLACEHOLDER, relayBlock, startNginx } from './nginx.mjs';

const BODY = 300 * MIB;

/**
 * A tiny upstream that records every request's raw request-target and headers and counts
 * body bytes, reading at most ~200 MiB/s (slower than the client can send over loopback,
 * so a relay that buffered would run ahead of it). Answers 200 with an ETag.
 */
function startCounter() {
  const seen = [];
  let received = 0;
  const server = http.createServer((req, res) => {
    const rec = { method: req.method, target: req.url, headers: req.headers, bytes: 0 };
    seen.push(rec);
    let budgetStart = Date.now();
    let budget = 0;
    req.on('data', (chunk) => {
      rec.bytes += chunk.length;
      received += chunk.length;
      budget += chunk.length;
      const ahead = budget / (200 * MIB / 1000) - (Date.now() - budgetStart); // ms ahead of 200 MiB/s
      if (ahead > 5) {
        req.pause();
        setTimeout(() => req.resume(), ahead);
      }
      if (budget > 64 * MIB) { budget = 0; budgetStart = Date.now(); }
    });
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', etag: '"0123456789abcdef0123456789abcdef"' });
      res.end(JSON.stringify({ bytes: rec.bytes }));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}`,
    seen,
    received: () => received,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
  })));
}

/** PUT `size` bytes to `url` with Content-Length (as a browser sends a Blob part), calling
 * `onWritten(n)` as the socket takes them; resolves to { status, headers, body }. */
function put(url, size, onWritten) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'PUT', headers: { 'content-length': size, 'content-type': 'application/octet-stream', cookie: 'lms_session=secret', referer: 'https://lms.example/course?id=7' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
    const block = Buffer.alloc(MIB, 7);
    let written = 0;
    const pump = () => {
      while (written < size) {
        const n = Math.min(block.length, size - written);
        written += n;
        const more = req.write(n === block.length ? block : block.subarray(0, n));
        onWritten(written - req.writableLength); // bytes handed to the kernel
        if (!more) return req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

/** Paths under nginx's client_body_temp that nginx's processes hold open (deleted or not). */
function tempFds(nginx) {
  const open = [];
  for (const pid of [nginx.pid, ...nginx.workerPids()]) {
    try {
      for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
        try {
          const target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
          if (target.includes('client_body_temp')) open.push(target);
        } catch { /* closed */ }
      }
    } catch { /* gone */ }
  }
  return open;
}

function filesUnder(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true }).filter((f) => fs.statSync(`${dir}/${f}`).isFile());
}

after(stopAll);

describe('nginx relay to the emulator', () => {
  let emulator;
  before(async () => { emulator = await startEmulator([]); });

  for (const form of Object.keys(FORMS)) {
    test(`${form}: API v1 through the relay`, async () => {
      const nginx = await startNginx({ upstream: emulator.url, root: testSite(), form });
      const api = `${nginx.relay}/Panopto/api/v1/folders/creator`;
      const ok = await fetch(api, { headers: { authorization: 'Bearer dev-token' } });
      assert.equal(ok.status, 200);
      assert.ok((await ok.json()).Results.length > 0);
      const denied = await fetch(api, { headers: { authorization: 'Bearer wrong' } });
      assert.equal(denied.status, 401, 'the emulator refuses an unknown token through the relay');
      assert.equal((await fetch(`${nginx.url}/`)).status, 200, 'the site is served at /');
      console.log(`${form}: access log\n${nginx.accessLog().replace(/^/gm, '#   ')}`);
      await nginx.stop();
    });
  }
});

describe('nginx relay, streamed bodies and request-targets', () => {
  let upstream;
  before(async () => { upstream = await startCounter(); });
  after(() => upstream.close());

  for (const form of Object.keys(FORMS)) {
    test(`${form}: a ${BODY / MIB} MiB PUT streams through without buffering`, async () => {
      const nginx = await startNginx({ upstream: upstream.url, root: testSite(), form });
      const base = nginx.rssKiB();
      const baseHwm = nginx.hwmKiB();
      const start = upstream.received();
      let written = 0;
      let maxAhead = 0;
      let peak = base;
      const fdsSeen = new Set();
      const sample = () => {
        peak = Math.max(peak, nginx.rssKiB());
        maxAhead = Math.max(maxAhead, written - (upstream.received() - start));
        for (const f of tempFds(nginx)) fdsSeen.add(f);
      };
      const timer = setInterval(sample, 10);
      const t0 = Date.now();
      const res = await put(`${nginx.relay}/Panopto/Upload/0f0e/part.mp4?partNumber=1&uploadId=u1`, BODY, (n) => { written = n; });
      clearInterval(timer);
      sample();
      const secs = (Date.now() - t0) / 1000;
      const rec = upstream.seen.at(-1);
      const hwm = nginx.hwmKiB();
      console.log(`${form}: ${BODY / MIB} MiB in ${secs.toFixed(2)} s; nginx RSS (master+worker) ${base} KiB before, `
        + `peak sampled ${peak} KiB (+${peak - base} KiB); VmHWM ${baseHwm} -> ${hwm} KiB (+${hwm - baseHwm} KiB); `
        + `most bytes sent by the client but not yet at the upstream: ${(maxAhead / MIB).toFixed(1)} MiB; `
        + `temp fds seen: ${fdsSeen.size}; files in client_body_temp: ${filesUnder(nginx.clientBodyTemp).length}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.etag, '"0123456789abcdef0123456789abcdef"', 'ETag reaches the client');
      assert.equal(rec.bytes, BODY);
      assert.equal(rec.headers['content-length'], String(BODY), 'Content-Length passed on, not chunked');
      assert.equal(rec.headers.host, new URL(upstream.url).host, 'Host is the upstream\'s ($proxy_host)');
      assert.equal(rec.headers.cookie, undefined, 'the LMS\'s cookies are not passed to Panopto');
      assert.equal(rec.headers.referer, undefined, 'nor the page\'s address');
      assert.ok(peak - base < 20 * 1024, `nginx RSS grew by ${peak - base} KiB`);
      assert.ok(hwm - baseHwm < 20 * 1024, `nginx VmHWM grew by ${hwm - baseHwm} KiB`);
      assert.ok(maxAhead < 32 * MIB, `the client ran ${maxAhead} bytes ahead of the upstream`);
      assert.deepEqual([...fdsSeen], [], 'no client body temp file was opened');
      assert.deepEqual(filesUnder(nginx.clientBodyTemp), []);
      assert.doesNotMatch(nginx.errorLog(), /buffered to a temporary file/);
      await nginx.stop();
    });

    test(`${form}: a chunked 100 MiB PUT (fetch, stream body) streams through`, async () => {
      const nginx = await startNginx({ upstream: upstream.url, root: testSite(), form });
      const size = 100 * MIB;
      const block = new Uint8Array(MIB);
      let n = 0;
      const body = new ReadableStream({
        pull(c) {
          if (n++ < size / MIB) c.enqueue(block); else c.close();
        },
      });
      const fdsSeen = new Set();
      const timer = setInterval(() => { for (const f of tempFds(nginx)) fdsSeen.add(f); }, 10);
      const res = await fetch(`${nginx.relay}/Panopto/Upload/0f0e/chunked.mp4`, { method: 'PUT', body, duplex: 'half' });
      clearInterval(timer);
      assert.equal(res.status, 200);
      const rec = upstream.seen.at(-1);
      console.log(`${form}: chunked PUT: upstream got ${rec.bytes} bytes, transfer-encoding ${rec.headers['transfer-encoding']}, temp fds seen ${fdsSeen.size}`);
      assert.equal(rec.bytes, size);
      assert.equal(rec.headers['transfer-encoding'], 'chunked');
      assert.deepEqual([...fdsSeen], []);
      assert.doesNotMatch(nginx.errorLog(), /buffered to a temporary file/);
      await nginx.stop();
    });
  }

  test('request-targets the upstream receives (both forms)', async () => {
    const names = [
      'a%28b%29.mp4', 'a%2Bb.mp4', 'a%20b.mp4', 'caf%C3%A9.mp4', 'a%E2%80%93b.mp4',
      'a(b)+c.mp4', 'a%2Fb.mp4', 'a%25b.mp4', 'a%3Fb.mp4', 'a%23b.mp4', 'a%7Eb~.mp4',
      'a%21%2A%27.mp4', 'a%3D%26%3B%3A%40%24%2C.mp4', 'a%5B%5D%7B%7D.mp4', 'a//b.mp4', 'x/..%2Fy.mp4',
      'a.mp4?partNumber=1&uploadId=a%2Fb%2Bc+d%20e',
    ];
    const nginx = await startNginx({ upstream: upstream.url, root: testSite(), form: 'both' });
    const rows = [];
    for (const name of names) {
      const row = { sent: `/Panopto/Upload/0f0e/${name}` };
      for (const [form, prefix] of Object.entries(FORMS)) {
        const before = upstream.seen.length;
        const status = await new Promise((resolve, reject) => {
          http.get(`${nginx.url}${prefix}${row.sent}`, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); })
            .on('error', reject);
        });
        row[form] = upstream.seen.length > before ? upstream.seen.at(-1).target : `(not relayed: ${status})`;
      }
      rows.push(row);
    }
    const w = Math.max(...rows.map((r) => r.sent.length));
    const wa = Math.max(...rows.map((r) => r.prefix.length));
    console.log(`${'sent (after the relay prefix)'.padEnd(w)} | ${'prefix: upstream got'.padEnd(wa)} | same-path: upstream got`);
    for (const r of rows) console.log(`${r.sent.padEnd(w)} | ${r.prefix.padEnd(wa)} | ${r['same-path']}`);
    for (const r of rows) assert.equal(r['same-path'], r.sent, 'form B passes the request-target unchanged');
    await nginx.stop();
  });
});

test('the README gives the nginx block exactly as tested', () => {
  const readme = fs.readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const block = relayBlock('prefix', PLACEHOLDER).trimEnd();
  const shown = block.replace(PLACEHOLDER, 'https://yourschool.hosted.panopto.com');
  assert.ok(readme.includes('```nginx\n' + shown + '\n```'), 'README.md holds relay/nginx.conf\'s prefix block, upstream aside');
});
