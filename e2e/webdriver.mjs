// A small W3C WebDriver client (fetch, no package) for the engines driven through a driver
// process: Firefox ESR through geckodriver, WebKitGTK through WebKitWebDriver.
//
// Why not selenium-webdriver or puppeteer-core: selenium-webdriver 4.49 needs Node 22 (this
// machine has 20), and one plain client over the standard protocol drives both engines the
// same way, so a difference the tests see is the engine's, not the client's.
import { spawn } from 'node:child_process';
import net from 'node:net';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
const SHADOW = 'shadow-6066-11e4-a52e-4f735466cecf';

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer().on('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Start a driver (`command`, with `args(port)`), open one session with `capabilities`.
 * Resolves to a {@link Session}; its `quit()` also ends the driver and the browser.
 */
export async function startSession({ name, command, args, env, capabilities }) {
  const port = await freePort();
  const proc = spawn(command, args(port), { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  // The driver's last lines, to say why when a session cannot be opened.
  const log = [];
  const keep = (chunk) => log.push(...String(chunk).split('\n').filter(Boolean)) && log.splice(0, Math.max(0, log.length - 40));
  proc.stdout.on('data', keep);
  proc.stderr.on('data', keep);
  let exited = null;
  proc.on('exit', (code) => { exited = code; });
  proc.on('error', (e) => { exited = e.message; });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (exited !== null) throw new Error(`${name}: ${command} exited (${exited}): ${log.join('\n')}`);
    try {
      if ((await fetch(`${base}/status`)).ok) break;
    } catch { /* not listening yet */ }
    if (i > 200) throw new Error(`${name}: ${command} did not answer on ${base} within 20 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const http = async (method, path, body, timeoutMs = 180_000) => {
    const r = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const json = await r.json().catch(() => ({}));
    if (!r.ok) {
      const e = new Error(`${name} WebDriver ${method} ${path}: ${json.value?.error ?? r.status}: ${json.value?.message ?? ''}`);
      e.webdriverError = json.value?.error;
      throw e;
    }
    return json.value;
  };
  let opened;
  try {
    opened = await http('POST', '/session', { capabilities: { alwaysMatch: capabilities } }, 60_000);
  } catch (e) {
    proc.kill();
    throw new Error(`${e.message}\n${log.join('\n')}`);
  }
  return new Session(http, opened.sessionId, proc, log);
}

/** One WebDriver session: a browser with one window. Element ids are the protocol's. */
export class Session {
  constructor(http, id, proc, log) {
    this.http = http;
    this.s = `/session/${id}`;
    this.proc = proc;
    this.log = log;
  }

  call(method, path, body, timeoutMs) {
    return this.http(method, `${this.s}${path}`, body, timeoutMs);
  }

  timeouts(t) { return this.call('POST', '/timeouts', t); }
  windowRect(width, height) { return this.call('POST', '/window/rect', { width, height }); }
  navigate(url) { return this.call('POST', '/url', { url }); }
  refresh() { return this.call('POST', '/refresh', {}); }

  /** Run `script` (a function body; `arguments` are `args`) synchronously. */
  execute(script, args = []) { return this.call('POST', '/execute/sync', { script, args }); }

  /**
   * Run `fn(arg)` in the page, awaited if it returns a promise; resolves to its result
   * (plain values only: DOM nodes are not usable across engines). A throw rejects here.
   */
  async evaluate(fn, arg) {
    const r = await this.call('POST', '/execute/async', {
      script: `const done = arguments[arguments.length - 1];
        try {
          Promise.resolve((${fn})(arguments[0]))
            .then((v) => done({ ok: v === undefined ? null : v }), (e) => done({ error: String(e && e.stack || e) }));
        } catch (e) { done({ error: String(e && e.stack || e) }); }`,
      args: [arg === undefined ? null : arg],
    });
    if (r && 'error' in r) throw new Error(`in the page: ${r.error}`);
    return r?.ok;
  }

  /** Elements matching a CSS selector, in the document or under an element or shadow root. */
  async findAll(css, from) {
    const path = from === undefined ? '/elements' : from.shadow ? `/shadow/${from.shadow}/elements` : `/element/${from.element}/elements`;
    const found = await this.call('POST', path, { using: 'css selector', value: css });
    return found.map((f) => ({ element: f[ELEMENT] }));
  }

  async shadowRoot(el) {
    const r = await this.call('GET', `/element/${el.element}/shadow`);
    return { shadow: r[SHADOW] };
  }

  click(el) { return this.call('POST', `/element/${el.element}/click`, {}); }
  sendKeys(el, text) { return this.call('POST', `/element/${el.element}/value`, { text }); }
  text(el) { return this.call('GET', `/element/${el.element}/text`); }

  /** The viewport as PNG bytes. */
  async screenshot() {
    return Buffer.from(await this.call('GET', '/screenshot'), 'base64');
  }

  async quit() {
    await this.call('DELETE', '', undefined, 15_000).catch(() => {});
    this.proc.kill();
  }
}
