// One page API over three browser engines, for the scenarios that must hold in each:
// Chromium (Debian's, through playwright-core), Firefox ESR (geckodriver) and WebKitGTK
// (WebKitWebDriver's MiniBrowser under Xvfb), the latter two over plain WebDriver.
//
// Selectors are CSS inside the element's open shadow root (`panopto-uploader` is the host).
// `evaluate(fn, arg)` runs in the page and returns plain values (as playwright's does), so
// the harness's recordEvents/events/waitForPercent work on any of these pages.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { events, launch, onStop, recordEvents, ROOT, SHOTS, TMP } from './harness.mjs';
import { announceNetwork } from './network_link.mjs';
import { startSession } from './webdriver.mjs';

/** Every engine by default; `E2E_ENGINES=firefox,webkit` for some. */
export const ENGINES = (process.env.E2E_ENGINES || 'chromium,firefox,webkit').split(',').map((e) => e.trim()).filter(Boolean);

const WIDTH = 1200;
const HEIGHT = 1000;

/**
 * The demo page as the emulator serves it, plus e2e/page_recorder.js loaded first (console
 * errors, uncaught errors and unhandled rejections, in every engine). A copy in TMP: www/ is
 * shared with the other tests and never written to.
 */
export function testSite() {
  const dir = path.join(TMP, 'www-recorded');
  if (!fs.existsSync(dir)) {
    fs.cpSync(path.join(ROOT, 'www'), dir, { recursive: true });
    fs.copyFileSync(path.join(import.meta.dirname, 'page_recorder.js'), path.join(dir, 'e2e-page-recorder.js'));
    const index = path.join(dir, 'index.html');
    const html = fs.readFileSync(index, 'utf8');
    if (!/<head>/i.test(html)) throw new Error('www/index.html has no <head> to load the recorder in');
    fs.writeFileSync(index, html.replace(/<head>/i, '<head>\n  <script src="e2e-page-recorder.js"></script>'));
  }
  return dir;
}

/** The shadow-root lookup, as source, for functions run in the page. */
const FIND = `(a) => {
  const root = document.querySelector('panopto-uploader')?.shadowRoot;
  if (!root) return null;
  return [...root.querySelectorAll(a.selector)].find((e) => a.text == null || e.textContent.includes(a.text)) ?? null;
}`;

class Page {
  constructor(engine) {
    this.engine = engine;
    /** Errors recorded by documents this page has left (navigation, reload). */
    this.earlier = [];
  }

  /** Evaluate `(el) => …` (source) on the first shadow-root match, in the page. */
  on(selector, body, text) {
    return this.evaluate(`(a) => { const el = (${FIND})(a); return (${body})(el); }`, { selector, text });
  }

  async waitForFunction(fn, arg, { timeout = 30_000 } = {}) {
    const until = Date.now() + timeout;
    for (;;) {
      let last;
      try {
        if (await this.evaluate(fn, arg)) return;
      } catch (e) {
        last = e; // the page is navigating
      }
      if (Date.now() > until) throw new Error(`[${this.engine}] timed out after ${timeout} ms waiting for ${String(fn).slice(0, 200)}${last ? ` (${last.message})` : ''}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Wait until `selector` (optionally containing `text`) is in the shadow root. */
  waitFor(selector, { text, timeout = 30_000 } = {}) {
    return this.waitForFunction(`(a) => !!(${FIND})(a)`, { selector, text }, { timeout }).catch((e) => {
      throw new Error(`${e.message.split(' waiting for')[0]} waiting for ${selector}${text ? ` with "${text}"` : ''}`);
    });
  }

  getAttribute(selector, name) { return this.on(selector, `(el) => el?.getAttribute(${JSON.stringify(name)}) ?? null`); }
  inputValue(selector) { return this.on(selector, '(el) => el?.value ?? null'); }
  textContent(selector) { return this.on(selector, '(el) => el?.textContent ?? null'); }
  hostHasAttribute(name) { return this.evaluate((n) => document.querySelector('panopto-uploader').hasAttribute(n), name); }

  /** Errors recorded in this page so far (every document it showed). */
  async errors() {
    const now = await this.evaluate(() => window.__e2eErrors ?? ['the page recorder did not load']).catch(() => []);
    return [...this.earlier, ...now];
  }

  async leaving() {
    this.earlier.push(...(await this.evaluate(() => window.__e2eErrors ?? []).catch(() => [])));
  }

  /**
   * Take the network to Panopto away (`online` false) or give it back. `link` is the relay
   * the page reaches Panopto through (network_link.mjs); Chromium uses its own emulation.
   */
  async setOffline(offline, link) {
    if (offline) {
      link.down();
      await announceNetwork(this, false);
    } else {
      await link.restore();
      await announceNetwork(this, true);
    }
  }
}

class ChromiumPage extends Page {
  constructor(page, pageErrors) {
    super('chromium');
    this.page = page;
    this.pageErrors = pageErrors;
  }
  evaluate(fn, arg) { return this.page.evaluate(`(${fn})(${JSON.stringify(arg ?? null)})`); }
  async goto(url) { await this.leaving(); await this.page.goto(url); }
  async reload() { await this.leaving(); await this.page.reload(); }
  loc(selector, text) { return this.page.locator(`panopto-uploader ${selector}`, text ? { hasText: text } : {}).first(); }
  setFiles(selector, files) { return this.loc(selector).setInputFiles(files); }
  click(selector, { text } = {}) { return this.loc(selector, text).click(); }
  fill(selector, value) { return this.loc(selector).fill(value); }
  async errors() { return [...this.pageErrors.map((m) => `pageerror: ${m}`), ...(await super.errors())]; }
  async setOffline(offline) { await this.page.context().setOffline(offline); }
  async screenshot(name) {
    fs.mkdirSync(SHOTS, { recursive: true });
    await this.page.screenshot({ path: path.join(SHOTS, `${this.engine}-${name}.png`), fullPage: true });
  }
  async axe() {
    await this.page.addScriptTag({ path: AXE });
    return axeFindings(this);
  }
  close() { return this.page.context().browser().close(); }
  /** Close this tab alone (the browser and its other tabs stay), without the leave-page prompt. */
  closeTab() { return this.page.close({ runBeforeUnload: false }); }
}

class WebDriverPage extends Page {
  constructor(engine, session) {
    super(engine);
    this.session = session;
  }
  evaluate(fn, arg) { return this.session.evaluate(fn, arg); }
  async goto(url) { await this.leaving(); await this.session.navigate(url); }
  async reload() { await this.leaving(); await this.session.refresh(); }

  /** The element for `selector` in the shadow root (with `text` in it), waiting for it. */
  async element(selector, text) {
    await this.waitFor(selector, { text });
    const [host] = await this.session.findAll('panopto-uploader');
    const candidates = await this.session.findAll(selector, await this.session.shadowRoot(host));
    for (const el of candidates) {
      if (text == null || (await this.session.text(el)).includes(text)) return el;
    }
    throw new Error(`[${this.engine}] ${selector}${text ? ` with "${text}"` : ''} is not in the shadow root`);
  }

  /** An action on a fresh lookup; again if the element was re-rendered in between. */
  async act(selector, text, action) {
    for (let i = 0; ; i++) {
      try {
        return await action(await this.element(selector, text));
      } catch (e) {
        if (e.webdriverError !== 'stale element reference' || i >= 5) throw e;
      }
    }
  }

  setFiles(selector, files) { return this.act(selector, null, (el) => this.session.sendKeys(el, [files].flat().join('\n'))); }
  click(selector, { text } = {}) { return this.act(selector, text, (el) => this.session.click(el)); }

  /**
   * Typing through WebDriver turns characters outside the BMP (the title's 🎓) into U+FFFD
   * in Firefox: set the value from JS and send the `input` event typing would (composed, so
   * it reaches listeners outside the shadow root).
   */
  async fill(selector, value) {
    await this.waitFor(selector);
    await this.on(selector, `(el) => { el.focus(); el.value = ${JSON.stringify(value)};
      el.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: ${JSON.stringify(value)} }));
      el.dispatchEvent(new Event('change', { bubbles: true })); return true; }`);
  }

  async screenshot(name) {
    fs.mkdirSync(SHOTS, { recursive: true });
    // WebKitGTK paints after the DOM is there: wait two frames, or the picture is blank.
    await this.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    fs.writeFileSync(path.join(SHOTS, `${this.engine}-${name}.png`), await this.session.screenshot());
  }

  async axe() {
    await this.session.execute(fs.readFileSync(AXE, 'utf8'));
    return axeFindings(this);
  }

  close() { return this.session.quit(); }
  /** Close this window alone (the session's other windows stay). */
  async closeTab() {
    await this.session.focus?.();
    await this.session.call('DELETE', '/window');
  }
}

/**
 * `session` acting on one of its windows: every command switches to `handle` first (a
 * WebDriver session acts on one window at a time).
 */
function onWindow(session, handle) {
  const focus = () => session.call('POST', '/window', { handle });
  return new Proxy(session, {
    get(target, prop) {
      if (prop === 'focus') return focus;
      const value = target[prop];
      if (typeof value !== 'function' || prop === 'call' || prop === 'quit') return value;
      return async (...args) => { await focus(); return value.apply(target, args); };
    },
  });
}

/**
 * A second tab of `page`'s browser at the same address (one origin: the two share IndexedDB
 * and Web Locks), with the element's events recorded. Chromium: a page of the same context;
 * Firefox and WebKit: a new WebDriver window of the same session.
 */
export async function openSecondTab(page) {
  const url = await page.evaluate(() => location.href);
  let second;
  if (page.engine === 'chromium') {
    const tab = await page.page.context().newPage();
    tab.on('dialog', (d) => d.accept());
    const pageErrors = [];
    tab.on('pageerror', (e) => pageErrors.push(e.message));
    second = new ChromiumPage(tab, pageErrors);
  } else {
    const session = page.session;
    page.session = onWindow(session, await session.call('GET', '/window'));
    const { handle } = await session.call('POST', '/window/new', { type: 'tab' });
    second = new WebDriverPage(page.engine, onWindow(session, handle));
  }
  await second.goto(url);
  await second.waitFor('[part~=dropzone]');
  await recordEvents(second);
  return second;
}

const AXE = path.join(import.meta.dirname, 'node_modules/axe-core/axe.min.js');

/** Serious and critical axe-core findings (open shadow roots included), as the harness gives them. */
async function axeFindings(page) {
  const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
  return violations;
}

function geckodriver() {
  const candidates = [process.env.GECKODRIVER, path.join(os.homedir(), '.cargo/bin/geckodriver')].filter(Boolean);
  return candidates.find((c) => fs.existsSync(c)) || 'geckodriver';
}

function miniBrowser() {
  if (process.env.MINIBROWSER) return process.env.MINIBROWSER;
  for (const dir of fs.readdirSync('/usr/lib')) {
    const p = path.join('/usr/lib', dir, 'webkit2gtk-4.1/MiniBrowser');
    if (fs.existsSync(p)) return p;
  }
  throw new Error('MiniBrowser not found (apt-get install webkit2gtk-driver; see scripts/setup.sh)');
}

let xvfb = null;

/** An X display for WebKitGTK (no headless mode): Xvfb on a free display number, killed at the end. */
function display() {
  xvfb ??= new Promise((resolve, reject) => {
    // -displayfd: Xvfb picks a free display itself and writes its number on fd 3.
    const proc = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    onStop(() => proc.kill());
    let out = '';
    proc.stdio[3].on('data', (c) => {
      out += c;
      if (out.includes('\n')) resolve(`:${out.trim()}`);
    });
    proc.on('error', (e) => reject(new Error(`Xvfb: ${e.message} (apt-get install xvfb; see scripts/setup.sh)`)));
    proc.on('exit', (code) => reject(new Error(`Xvfb exited (${code})`)));
  });
  return xvfb;
}

/** A new browser of `engine` with one page; closed by the harness's stopAll at the latest. */
export async function openPage(engine) {
  if (engine === 'chromium') {
    const browser = await launch();
    // A context of its own (not `browser.newPage`, whose context takes no second page):
    // a test may open a second tab of the same site in it (openSecondTab).
    const context = await browser.newContext({ viewport: { width: WIDTH, height: HEIGHT } });
    const page = await context.newPage();
    page.on('dialog', (d) => d.accept()); // the leave-page warning while uploading
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    return new ChromiumPage(page, pageErrors);
  }
  // The leave-page warning while uploading is accepted, as in Chromium.
  const common = { unhandledPromptBehavior: 'accept', pageLoadStrategy: 'normal' };
  let session;
  if (engine === 'firefox') {
    session = await startSession({
      name: 'firefox',
      command: geckodriver(),
      args: (port) => ['--port', String(port), '--log', 'error'],
      env: { MOZ_HEADLESS: '1' },
      capabilities: { ...common, browserName: 'firefox', 'moz:firefoxOptions': { binary: process.env.FIREFOX || '/usr/bin/firefox-esr', args: ['-headless'] } },
    });
  } else if (engine === 'webkit') {
    session = await startSession({
      name: 'webkit',
      command: process.env.WEBKIT_DRIVER || 'WebKitWebDriver',
      args: (port) => [`--port=${port}`],
      env: { DISPLAY: await display() },
      capabilities: { ...common, browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary: miniBrowser(), args: ['--automation'] } },
    });
  } else {
    throw new Error(`unknown engine ${engine} (chromium, firefox or webkit)`);
  }
  onStop(() => session.quit());
  await session.timeouts({ script: 180_000, pageLoad: 60_000 });
  await session.windowRect(WIDTH, HEIGHT).catch(() => {}); // a fixed size is not what is tested
  return new WebDriverPage(engine, session);
}

/** Open the demo page (from `pageUrl`) against `server`, with the element's events recorded. */
export async function openDemo(engine, pageUrl, server, extra = '') {
  const page = await openPage(engine);
  const q = server ? `?server=${encodeURIComponent(server)}${extra}` : '';
  await page.goto(`${pageUrl}/${q}`);
  await page.waitFor('[part~=dropzone]');
  await recordEvents(page);
  return page;
}

/** The first-contact budget (`first_contact_budget_ms`, src/engine/retry.rs), and what
 * WebDriver's polling (every 100 ms, a round trip each) adds to seeing the error state. */
export const FIRST_CONTACT_BUDGET_MS = 15_000;
const OBSERVATION_SLACK_MS = 1_500;

/**
 * Open `url` (a page whose browser refuses Panopto's answers: no CORS for its origin), add
 * `file` and press Upload: the element must say `network` within the first-contact budget,
 * never stay "preparing". Resolves to the `uploaderror` detail and how long it took.
 */
export async function refusedByCors(page, url, file) {
  await page.goto(url);
  await page.waitFor('[part~=dropzone]');
  await recordEvents(page);
  await page.setFiles('input.picker', file);
  const clicked = Date.now();
  await page.click('button.primary');
  await page.waitFor('.card[data-state=error]', { timeout: FIRST_CONTACT_BUDGET_MS + 15_000 });
  const ms = Date.now() - clicked;
  const [error] = await events(page, 'uploaderror');
  assert.equal(error.code, 'network', error.message);
  assert.ok(ms <= FIRST_CONTACT_BUDGET_MS + OBSERVATION_SLACK_MS,
    `reported after ${ms} ms: within the ${FIRST_CONTACT_BUDGET_MS} ms first-contact budget`);
  return { error, ms };
}

export { events, recordEvents, waitForPercent } from './harness.mjs';
