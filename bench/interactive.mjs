// How soon the element is interactive after its script tag, beside <mux-uploader> (issue 13's
// goal: ≤ 150 ms on loopback). Called by run.mjs with its chromedriver session.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, startEmulator, TMP } from '../e2e/harness.mjs';
import { median } from './page_helpers.mjs';

const HERE = import.meta.dirname;

/** How soon the element is interactive after its script tag, beside <mux-uploader>: on a blank
 * page of the web origin (loopback), from inserting the `<script type=module>` tag (the element
 * is already in the body) to `customElements.whenDefined` resolved and its drop zone in its
 * shadow root with a layout box (ours: [part~=dropzone]; mux: its <mux-uploader-drop>,
 * [part~=drop]), seen by a MutationObserver on the shadow root and a 4 ms poll. Each figure
 * is a fresh navigation: "first load" with the HTTP cache (and the wasm code cache kept beside
 * it) cleared by CDP Network.clearBrowserCache, "cached" right after it. Medians of LOADS. */
export async function interactive(d, LOADS) {
  const site = fs.mkdtempSync(path.join(TMP, 'site-'));
  fs.cpSync(path.join(ROOT, 'www/pkg'), path.join(site, 'pkg'), { recursive: true });
  fs.copyFileSync(path.join(HERE, 'build/weight-mux.js'), path.join(site, 'mux-uploader.js'));
  fs.writeFileSync(path.join(site, 'blank.html'), '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>blank</title></head><body></body></html>\n');
  const srv = await startEmulator(['--www', site]);
  const ELEMENTS = {
    ours: { tag: 'panopto-uploader', src: '/pkg/panopto-uploader.js', ready: '[part~=dropzone]', attrs: { server: srv.url, 'folder-id': '3f8c2a71-9d4e-4b6a-8c15-7e2f0a9d4b31' } },
    mux: { tag: 'mux-uploader', src: '/mux-uploader.js', ready: '[part~=drop]', attrs: { endpoint: `${srv.url}/upload` } },
  };
  const figures = { ours: { first: [], cached: [] }, mux: { first: [], cached: [] } };
  try {
    for (let i = 0; i < LOADS; i++) {
      for (const kind of i % 2 ? ['mux', 'ours'] : ['ours', 'mux']) {
        for (const cache of ['first', 'cached']) {
          if (cache === 'first') await d.cdp('Network.clearBrowserCache');
          await d.open(`${srv.url}/blank.html`);
          const r = await d.eval(async (e) => {
            const el = document.createElement(e.tag);
            for (const [k, v] of Object.entries(e.attrs)) el.setAttribute(k, v);
            document.body.append(el);
            const s = document.createElement('script');
            s.type = 'module';
            s.src = e.src;
            const t0 = performance.now();
            document.head.append(s);
            await customElements.whenDefined(e.tag);
            const defined = performance.now() - t0;
            const ready = () => { const z = el.shadowRoot?.querySelector(e.ready); return !!z && z.getBoundingClientRect().height > 0; };
            if (!ready()) {
              await new Promise((resolve) => {
                let mo = null;
                const check = () => { if (!ready()) return false; mo?.disconnect(); resolve(); return true; };
                if (el.shadowRoot) { mo = new MutationObserver(check); mo.observe(el.shadowRoot, { childList: true, subtree: true, attributes: true }); }
                const poll = () => { if (!check()) setTimeout(poll, 4); };
                poll();
              });
            }
            const rendered = performance.now() - t0;
            await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
            return { defined, rendered, frame: performance.now() - t0 };
          }, ELEMENTS[kind]);
          figures[kind][cache].push(r);
        }
      }
    }
  } finally {
    srv.stop();
  }
  const out = {};
  for (const [kind, f] of Object.entries(figures)) {
    out[kind] = Object.fromEntries(Object.entries(f).map(([cache, list]) => [cache, {
      rendered: median(list.map((x) => x.rendered)), defined: median(list.map((x) => x.defined)), frame: median(list.map((x) => x.frame)),
      runs: list.map((x) => Math.round(x.rendered)),
    }]));
  }
  out.loads = LOADS;
  console.log(JSON.stringify({ interactive: out }));
  return out;
}

