// A minimal W3C WebDriver client for the benchmarks, over Debian's chromedriver.
//
// Why not playwright-core here (the e2e tests use it): Playwright keeps the DevTools
// Network domain enabled, and Chromium then copies every ArrayBuffer request body for the
// inspector. Measured on this machine, four parallel 5 MiB PUTs: 12 MB/s with ArrayBuffer
// bodies under Playwright, against 117 MB/s under chromedriver and 200 MB/s with no
// automation at all (Blob bodies: 95, 151 and 134 MB/s). lib-storage sends ArrayBuffer
// bodies, so under Playwright it would be measured 8× too slow. chromedriver does not turn
// that capture on.
import { spawn } from 'node:child_process';
import net from 'node:net';

const ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic', '--enable-precise-memory-info'];

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export async function startDriver() {
  const port = await freePort();
  const proc = spawn('chromedriver', [`--port=${port}`], { stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/status`)).ok) break;
    } catch {
      if (i > 100) throw new Error('chromedriver did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const call = async (method, path, body) => {
    const r = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
    const json = await r.json();
    if (!r.ok) throw new Error(`WebDriver ${method} ${path}: ${json.value?.message ?? r.status}`);
    return json.value;
  };
  const { sessionId } = await call('POST', '/session', {
    capabilities: { alwaysMatch: { 'goog:chromeOptions': { binary: process.env.CHROMIUM || '/usr/bin/chromium', args: ARGS } } },
  });
  const s = `/session/${sessionId}`;
  await call('POST', `${s}/timeouts`, { script: 20 * 60_000, pageLoad: 60_000 });
  return {
    /** chromedriver's pid: Chromium's processes are its descendants (bench/cpu.mjs). */
    pid: proc.pid,
    open: (url) => call('POST', `${s}/url`, { url }),
    /** Run `fn(...args)` (may be async) in the page; resolves to its result. */
    eval: (fn, ...args) => call('POST', `${s}/execute/async`, {
      script: `const done = arguments[arguments.length - 1];
        Promise.resolve((${fn}).apply(null, Array.from(arguments).slice(0, -1)))
          .then((v) => done({ ok: v }), (e) => done({ error: String(e && e.stack || e) }));`,
      args,
    }).then((r) => {
      if (r.error) throw new Error(r.error);
      return r.ok;
    }),
    /** Set a file input (found by CSS selector) to a file on disk. */
    setFile: async (selector, file) => {
      const el = await call('POST', `${s}/element`, { using: 'css selector', value: selector });
      await call('POST', `${s}/element/${Object.values(el)[0]}/value`, { text: file });
    },
    cdp: (cmd, params = {}) => call('POST', `${s}/goog/cdp/execute`, { cmd, params }),
    quit: async () => {
      await call('DELETE', s).catch(() => {});
      proc.kill();
    },
  };
}
