// What the page downloads (ours, gzip -9 per file) beside the peers' bundles, and the versions
// of everything measured. Called by run.mjs before any run: it measures the build in www/pkg.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { ROOT } from '../e2e/harness.mjs';
import { wasmProfile } from './wasm_profile.mjs';

const HERE = import.meta.dirname;
const RESULTS = path.join(HERE, 'results');

function gz(buf) {
  return zlib.gzipSync(buf, { level: 9 }).length;
}

/** Everything the page loads from www/pkg (wasm + JS + CSS, whatever files the build puts
 * there: a worker script or a second wasm counts the day it appears), gzip -9 each. Left out:
 * type declarations, source maps, and oauth-callback.* (only the sign-in popup loads them). */
export function weight() {
  const pkg = path.join(ROOT, 'www/pkg');
  const glue = fs.readFileSync(path.join(pkg, 'panopto-uploader-wasm.js'), 'utf8');
  const imported = new Set(glue.match(/snippets\/[^'"]+\.js/g) ?? []);
  const files = fs.readdirSync(pkg, { recursive: true }).map(String).filter((f) => fs.statSync(path.join(pkg, f)).isFile())
    .filter((f) => !/\.d\.ts$|\.map$|^oauth-callback\.|(^|\/)\.gitignore$|(^|\/)package\.json$|\.md$/.test(f))
    // wasm-pack leaves older builds' snippets in www/pkg/snippets: only those the glue imports load.
    .filter((f) => !f.startsWith('snippets/') || imported.has(f)).sort();
  const name = (f) => ({ 'panopto-uploader-wasm_bg.wasm': 'wasm', 'panopto-uploader-wasm.js': 'JS glue', 'panopto-uploader.js': 'entry' })[f]
    ?? (/^snippets\/.*\/element\.js$/.test(f) ? 'element class' : f.startsWith('snippets/') ? `${f.split('/').pop()} (snippet)` : f);
  const order = ['wasm', 'JS glue', 'entry', 'element class'];
  const ours = files.map((f) => { const b = fs.readFileSync(path.join(pkg, f)); return { what: name(f), file: f, raw: b.length, gzip: gz(b) }; })
    .sort((a, b) => ((order.indexOf(a.what) + 1 || 99) - (order.indexOf(b.what) + 1 || 99)) || a.what.localeCompare(b.what));
  // A language's words (lang/<code>.txt) are fetched only by a page in that language: not in
  // the default (English) page's total; a page in French loads the total and fr.txt.
  const LANGS = { fr: 'French', de: 'German', es: 'Spanish', it: 'Italian', nl: 'Dutch' };
  for (const w of ours) {
    const code = w.file.match(/^lang\/([a-z]+)\.txt$/)?.[1];
    const language = LANGS[code] ?? code;
    if (code) Object.assign(w, { what: `${w.file}: the ${language} words`, counted: false, note: ` (only a page in ${language} loads it, beside the total)` });
  }
  // The stylesheet is in the wasm without its comments and needless spaces (src/ui/style.rs
  // makes that form at compile time; this is the same rule, for the row only).
  const css = Buffer.from(fs.readFileSync(path.join(ROOT, 'src/ui/style.css'), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\s+/g, ' ').replace(/ ?([{};,>]) ?/g, '$1').trim());
  ours.push({ what: 'CSS (inside the wasm, comments and needless spaces dropped)', raw: css.length, gzip: gz(css), counted: false });
  const bundle = (name, extra = []) => {
    const bufs = [fs.readFileSync(path.join(HERE, 'build', `${name}.js`)), ...extra.map((f) => fs.readFileSync(f))];
    return { raw: bufs.reduce((a, b) => a + b.length, 0), gzip: bufs.reduce((a, b) => a + gz(b), 0) };
  };
  const nm = path.join(HERE, 'node_modules');
  const peers = [
    { what: '@aws-sdk/lib-storage + client-s3', ...bundle('weight-lib-storage') },
    { what: 'Uppy core + Dashboard + aws-s3, with CSS', ...bundle('weight-uppy', [path.join(nm, '@uppy/core/dist/style.min.css'), path.join(nm, '@uppy/dashboard/dist/style.min.css')]) },
    { what: 'Uppy 5 core + aws-s3, headless (the contender as run, with its presigner)', ...bundle('uppy5-s3') },
    { what: 'Uppy 6 core + aws-s3, headless (the contender as run)', ...bundle('uppy6-s3') },
    { what: '<mux-uploader>', ...bundle('weight-mux') },
  ];
  // Someone's table of what each weight lever saved (issue 13), linked when it is there.
  const levers = fs.existsSync(path.join(RESULTS, 'weight-levers.md')) ? 'weight-levers.md' : null;
  return { ours, peers, levers, profile: wasmProfile(ROOT) };
}

function tryRun(cmd, args) {
  try { return execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim(); } catch { return null; }
}

export function versions() {
  const v = (p) => JSON.parse(fs.readFileSync(path.join(HERE, 'node_modules', p, 'package.json'))).version;
  const chromium = execFileSync('/usr/bin/chromium', ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  return {
    machine: `${os.cpus()[0].model}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}`,
    chromium,
    node: process.version,
    libStorage: v('@aws-sdk/lib-storage'),
    uppy: v('@uppy/core'),
    uppyS3: v('@uppy/aws-s3'),
    uppy5: v('uppy-core-5'),
    uppy5S3: v('uppy-aws-s3-5'),
    mux: v('@mux/mux-uploader'),
    firefox: tryRun('firefox-esr', ['--version']),
    webkit: tryRun('dpkg-query', ['-W', '-f', 'WebKitGTK ${Version}', 'libwebkit2gtk-4.1-0']),
    esbuild: v('esbuild'),
  };
}

