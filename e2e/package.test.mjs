// The npm package as an integrator takes it: `scripts/package.sh --reuse` packs the release
// build (staging www/pkg when it is a current release build, which test.sh has just made;
// building only otherwise), the tarball is installed into a fresh project with no registry,
// and a page importing `panopto-uploader` from node_modules (through an import map, as a
// site without a bundler does) uploads a file to the emulator and signs in through the
// package's own oauth-callback.html. PACKAGE_TARBALL=path.tgz tests that tarball instead
// (the artifact a release pipeline is about to publish).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  launch, makeFile, objectName, ROOT, sessions, sha256, startEmulator, stopAll, TMP,
} from './harness.mjs';
import { serveStatic } from './static_server.mjs';

const FOLDER = '3f8c2a71-9d4e-4b6a-8c15-7e2f0a9d4b31'; // the emulator's default folder
const PROJECT = path.join(TMP, 'integrator-site');
const INSTALLED = path.join(PROJECT, 'node_modules/panopto-uploader');
const closers = [];
let tarball;

/** Run a command; resolves to its stdout. Its stderr goes to ours, so a build shows progress. */
function run(cmd, args, cwd = ROOT) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}\n${out}`))));
  });
}

before(async () => {
  if (process.env.PACKAGE_TARBALL) {
    tarball = path.resolve(process.env.PACKAGE_TARBALL);
  } else {
    const out = await run(path.join(ROOT, 'scripts/package.sh'), ['--reuse', '--out', path.join(TMP, 'npm')]);
    console.log(out.trimEnd());
    tarball = out.trim().split('\n').at(-1);
  }
  assert.ok(fs.existsSync(tarball), `no tarball at ${tarball}`);
}, { timeout: 600_000 });

after(async () => {
  await Promise.all(closers.map((close) => close()));
  await stopAll();
});

test('the tarball holds the runtime, its types, the manifest, README and licences, and nothing else', async () => {
  const files = (await run('tar', ['-tzf', tarball])).trim().split('\n').map((f) => f.replace(/^package\//, ''));
  const snippet = files.filter((f) => f.startsWith('snippets/')).sort();
  // wasm-bindgen names the snippet directory after the crate; the glue imports exactly these
  // (the checksum worker's page side, the element's class with the preview's video frame,
  // and the kept file handles), from one directory.
  const dir = snippet[0]?.match(/^snippets\/panopto-uploader-[0-9a-f]+\//)?.[0];
  assert.deepEqual(snippet, ['js/checksums.js', 'js/element.js', 'js/kept-files.js'].map((f) => `${dir}${f}`));
  assert.deepEqual(files.filter((f) => !snippet.includes(f)).sort(), [
    'LICENSE-APACHE', 'LICENSE-MIT', 'README.md', 'checksum-worker.js', 'custom-elements.json',
    'lang/de.txt', 'lang/es.txt', 'lang/fr.txt', 'lang/it.txt', 'lang/nl.txt', 'oauth-callback.html', 'oauth-callback.js',
    'package.json', 'panopto-uploader-wasm.js', 'panopto-uploader-wasm_bg.wasm', 'panopto-uploader.d.ts', 'panopto-uploader.js',
  ]);
  const size = fs.statSync(tarball).size;
  console.log(`${path.basename(tarball)}: ${files.length} files, ${(size / 1024).toFixed(0)} KiB`);
  // A --dev build (unoptimised, with its name section) packs to several MiB.
  assert.ok(size < 1.5 * 1024 * 1024, `${size} bytes: the release wasm packs to well under 1.5 MiB`);
});

test('npm install from the tarball into a fresh project, offline; Node resolves every export', { timeout: 120_000 }, async () => {
  fs.mkdirSync(PROJECT, { recursive: true });
  fs.writeFileSync(path.join(PROJECT, 'package.json'), JSON.stringify({ name: 'integrator-site', private: true, type: 'module' }));
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], PROJECT);

  const pkg = JSON.parse(fs.readFileSync(path.join(INSTALLED, 'package.json'), 'utf8'));
  const cargoVersion = fs.readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8').match(/^\[package\][^[]*?^version = "([^"]+)"/m)[1];
  assert.equal(pkg.name, 'panopto-uploader');
  assert.equal(pkg.version, cargoVersion);
  assert.equal(pkg.type, 'module');
  assert.equal(pkg.license, 'MIT OR Apache-2.0');
  assert.equal(pkg.customElements, 'custom-elements.json');
  assert.deepEqual(pkg.sideEffects, ['./panopto-uploader.js']);
  for (const key of ['dependencies', 'peerDependencies', 'optionalDependencies', 'scripts']) assert.equal(pkg[key], undefined, key);
  assert.deepEqual(fs.readdirSync(path.join(PROJECT, 'node_modules')).filter((d) => !d.startsWith('.')), ['panopto-uploader'],
    'nothing but panopto-uploader is installed');

  // What `import 'panopto-uploader/…'` means to Node and to bundlers: the package's exports.
  const specifiers = ['panopto-uploader', 'panopto-uploader/oauth-callback.html', 'panopto-uploader/oauth-callback.js',
    'panopto-uploader/custom-elements.json', 'panopto-uploader/package.json'];
  const script = `for (const s of ${JSON.stringify(specifiers)}) console.log(import.meta.resolve(s));`;
  const resolved = (await run(process.execPath, ['--input-type=module', '-e', script], PROJECT)).trim().split('\n');
  assert.deepEqual(resolved.map((u) => path.relative(INSTALLED, new URL(u).pathname)),
    ['panopto-uploader.js', 'oauth-callback.html', 'oauth-callback.js', 'custom-elements.json', 'package.json']);
  for (const u of resolved) assert.ok(fs.existsSync(new URL(u)), u);

  const types = fs.readFileSync(path.join(INSTALLED, pkg.exports['.'].types), 'utf8');
  assert.equal(pkg.types, pkg.exports['.'].types);
  assert.match(types, /'panopto-uploader': PanoptoUploaderElement;/);
  const manifest = JSON.parse(fs.readFileSync(path.join(INSTALLED, pkg.customElements), 'utf8'));
  assert.deepEqual(manifest, JSON.parse(fs.readFileSync(path.join(ROOT, 'js/custom-elements.json'), 'utf8')));
  assert.ok(fs.existsSync(path.join(INSTALLED, manifest.modules[0].path)), 'the manifest names a module of the package');
  const readme = fs.readFileSync(path.join(INSTALLED, 'README.md'), 'utf8');
  assert.match(readme, /npm install panopto-uploader/);
  assert.match(readme, /^## Embedding$/m, "the README carries the repository README's Embedding section");
});

/** The integrator's page: the element from node_modules through an import map, configured from the query. */
function writePage() {
  const entry = `/${path.relative(PROJECT, path.join(INSTALLED, 'panopto-uploader.js'))}`;
  fs.writeFileSync(path.join(PROJECT, 'index.html'), `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Course site: upload a lecture</title>
  <link rel="icon" href="data:,">
  <script type="importmap">${JSON.stringify({ imports: { 'panopto-uploader': entry } })}</script>
</head>
<body>
  <main>
    <h1>Upload a lecture</h1>
    <panopto-uploader></panopto-uploader>
  </main>
  <script type="module">
    import 'panopto-uploader';
    const q = new URLSearchParams(location.search);
    const el = document.querySelector('panopto-uploader');
    for (const name of ['server', 'folder-id', 'client-id']) if (q.has(name)) el.setAttribute(name, q.get(name));
    if (q.has('token')) el.accessToken = q.get('token');
    window.completed = [];
    el.addEventListener('uploadcomplete', (e) => window.completed.push({ id: e.detail.id, sessionId: e.detail.sessionId }));
  </script>
</body>
</html>
`);
  // A course page in French: the element's lang in the HTML, as an LMS writes it; the first
  // words the element shows are recorded on every frame from before the module loads.
  fs.writeFileSync(path.join(PROJECT, 'fr.html'), `<!doctype html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <title>Cours : déposer un enregistrement</title>
  <link rel="icon" href="data:,">
  <script type="importmap">${JSON.stringify({ imports: { 'panopto-uploader': entry } })}</script>
</head>
<body>
  <panopto-uploader lang="fr-CA" server="http://127.0.0.1:9"></panopto-uploader>
  <script type="module">
    const el = document.querySelector('panopto-uploader');
    window.firstWords = null;
    (function watch() {
      const words = el.shadowRoot?.querySelector('[part~=dropzone]')?.textContent;
      if (words) window.firstWords = words;
      else requestAnimationFrame(watch);
    })();
    await import('panopto-uploader');
  </script>
</body>
</html>
`);
}

let site;
let api;
let browser;
const callbackPath = '/node_modules/panopto-uploader/oauth-callback.html';

async function openPage(query, file = '') {
  if (!site) {
    writePage();
    site = await serveStatic(PROJECT);
    closers.push(site.close);
    api = await startEmulator(['--cors-origin', site.url, '--processing-ms', '300', '--oauth-implicit-client', `pkg-test=${site.url}${callbackPath}`]);
    browser = await launch();
  }
  const page = await browser.newPage();
  const problems = [];
  const served = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.context().on('response', (r) => served.push({ url: r.url(), status: r.status() }));
  await page.goto(`${site.url}/${file}?${new URLSearchParams({ server: api.url, 'folder-id': FOLDER, ...query })}`);
  await page.locator('panopto-uploader [part~=dropzone]').waitFor();
  return { page, problems, served };
}

test('the element from node_modules: defined, its drop zone shown, a file uploaded with the page token', { timeout: 120_000 }, async () => {
  const { page, problems, served } = await openPage({ token: 'dev-token' });
  assert.ok(await page.evaluate(() => customElements.get('panopto-uploader') === document.querySelector('panopto-uploader').constructor));
  assert.ok(await page.locator('panopto-uploader [part~=dropzone]').isVisible());
  // The entry found its wasm beside itself, inside the installed package.
  const wasm = served.find((r) => r.url.endsWith('.wasm'));
  assert.deepEqual(wasm, { url: `${site.url}/node_modules/panopto-uploader/panopto-uploader-wasm_bg.wasm`, status: 200 });

  const file = makeFile('package-lecture.mp4', 300 * 1024 + 7, 11);
  await page.locator('panopto-uploader input.picker').setInputFiles(file);
  await page.locator('panopto-uploader button.primary').click();
  await page.locator('panopto-uploader .card[data-state=complete]').waitFor({ timeout: 60_000 });
  const [done] = await page.evaluate(() => window.completed);
  const upload = (await sessions(api.url)).find((u) => u.ID === done.id);
  assert.equal(upload.StateName, 'Complete');
  assert.equal(upload.FolderId, FOLDER);
  assert.equal(upload.SessionId, done.sessionId);
  assert.equal(upload.Files.find((f) => f.Name === objectName(path.basename(file))).Sha256, sha256(file));
  assert.deepEqual(problems, [], 'no console error or uncaught exception');
  await page.close();
});

test("the default redirect-uri is the package's oauth-callback.html, and sign-in completes through it", { timeout: 120_000 }, async () => {
  const { page, problems, served } = await openPage({ 'client-id': 'pkg-test' });
  const [popup] = await Promise.all([page.waitForEvent('popup'), page.locator('panopto-uploader button.sign-in').click()]);
  // The element opens the popup on the authorize URL, which names the redirect page.
  // (A popup starts on about:blank: wait for that URL, not for the first load.)
  await popup.waitForURL((u) => u.pathname === '/Panopto/oauth2/connect/authorize');
  const authorize = new URL(popup.url());
  assert.equal(authorize.searchParams.get('redirect_uri'), `${site.url}${callbackPath}`);
  await popup.locator('#allow').click();
  // The emulator only redirects to the registered callback; the page there hands the answer
  // (the token, in the fragment, which no server sees) back to the element.
  await page.locator('panopto-uploader .signed-in').waitFor();
  assert.ok(served.some((r) => r.url === `${site.url}${callbackPath}` && r.status === 200),
    'the popup came back to the oauth-callback.html in node_modules');
  // The element may read the answer off the popup's address before the page's script has
  // loaded (and close it), so the script is checked where the page names it instead.
  const script = new URL('oauth-callback.js', `${site.url}${callbackPath}`);
  assert.equal((await fetch(script)).status, 200, `${script}`);
  assert.deepEqual(problems, [], 'no console error or uncaught exception');
  await page.close();
});

test("a page in French: the element's first words are French, from the package's lang/fr.txt; another lang fetches its own", { timeout: 120_000 }, async () => {
  const { page, problems, served } = await openPage({}, 'fr.html');
  const prompt = page.locator('panopto-uploader [part~=dropzone]');
  await page.waitForFunction(() => window.firstWords);
  const first = await page.evaluate(() => window.firstWords);
  assert.match(first, /Déposez vos enregistrements de cours ici/, 'never English first');
  assert.doesNotMatch(first, /Drop|Each file/, 'never English first');
  const lang = (code) => ({ url: `${site.url}/node_modules/panopto-uploader/lang/${code}.txt`, status: 200 });
  assert.deepEqual(served.filter((r) => r.url.includes('/lang/')), [lang('fr')], 'only the French words were fetched');
  // Fetched while the wasm is fetched and compiled, not a round trip after it.
  const [fr, wasm] = await page.evaluate(() => ['/lang/fr.txt', '.wasm'].map((end) =>
    performance.getEntriesByType('resource').find((e) => e.name.endsWith(end)).startTime));
  assert.ok(fr <= wasm, `lang/fr.txt requested at ${fr} ms, the wasm at ${wasm} ms`);
  // The page switches the element to German: its words are fetched, and the element says them.
  await page.evaluate(() => { document.querySelector('panopto-uploader').lang = 'de'; });
  await page.waitForFunction(() => document.querySelector('panopto-uploader').shadowRoot.textContent.includes('Vorlesungsaufzeichnungen'));
  assert.deepEqual(served.filter((r) => r.url.includes('/lang/')), [lang('fr'), lang('de')]);
  // English needs no file.
  await page.evaluate(() => { document.querySelector('panopto-uploader').lang = 'en'; });
  await page.waitForFunction(() => document.querySelector('panopto-uploader').shadowRoot.textContent.includes('Drop lecture recordings here'));
  assert.doesNotMatch(await prompt.textContent(), /Déposez|Vorlesungsaufzeichnungen/);
  assert.equal(served.filter((r) => r.url.includes('/lang/')).length, 2);
  assert.deepEqual(problems, [], 'no console error or uncaught exception');
  await page.close();
});
