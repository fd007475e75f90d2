// What our shipped wasm is made of, by crate: the weight goal's profile.
//
// The shipped file has no names, so this rebuilds it with names kept: the release wasm from
// rustc goes through wasm-bindgen (--keep-debug) and wasm-opt -Oz -g, the same passes
// wasm-pack runs, so the function bodies are those we ship (within a few hundred bytes).
// Each function's body is attributed to a crate by its (demangled) name: a generic from
// another crate that was instantiated for ours counts for the crate it came from, so
// "Leptos" includes the view code tachys generated for our components.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

// The features wasm-pack's wasm-opt run allows (what rustc's default wasm32 target emits).
const FEATURES = ['--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext', '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue'];

const GROUPS = [
  ['Leptos (leptos, tachys, reactive_graph and helpers)', ['leptos', 'leptos_dom', 'tachys', 'reactive_graph', 'either_of', 'guardian', 'send_wrapper', 'slotmap', 'any_spawner', 'throw_error', 'or_poisoned', 'hydration_context', 'next_tuple', 'oco_ref', 'indexmap']],
  ['serde, serde_json, serde-wasm-bindgen', ['serde', 'serde_core', 'serde_json', 'serde_wasm_bindgen', 'itoa', 'ryu', 'zmij', 'memchr']],
  ['wasm-bindgen, js-sys, web-sys, gloo', ['wasm_bindgen', 'wasm_bindgen_futures', 'js_sys', 'web_sys', 'gloo_net', 'gloo_file', 'gloo_utils', 'http']],
  ['Rust std (core, alloc, std, allocator, hash maps)', ['core', 'alloc', 'std', 'dlmalloc', 'hashbrown', 'compiler_builtins', '__rustc']],
  ['futures-util', ['futures_util', 'futures_core', 'futures_channel', 'futures_task', 'pin_project']],
  ['hashes (sha2, md-5, hmac, digest)', ['sha2', 'md5', 'hmac', 'digest', 'block_buffer']],
  ['quick-xml', ['quick_xml']],
];
const OURS = [
  ['ours: UI and custom element (src/ui, src/element)', ['ui', 'element']],
  ['ours: page model and its executor (src/page)', ['page']],
  ['ours: one file\'s state machine, message keys (src/item, src/text)', ['item', 'text']],
  ['ours: engine (src/engine)', ['engine']],
  ['ours: protocol core (src/core)', ['core']],
  ['ours: browser adapters (src/browser)', ['browser']],
];

function leb(b, i) {
  let r = 0;
  let s = 0;
  for (;;) {
    const x = b[i++];
    r += (x & 0x7f) * 2 ** s;
    s += 7;
    if (x < 0x80) return [r, i];
  }
}

/** Function bodies (with names) and the data section of a wasm file. */
function parse(buf) {
  let i = 8;
  let imported = 0;
  const bodies = [];
  const names = new Map();
  let data = 0;
  let total = buf.length;
  while (i < buf.length) {
    const id = buf[i++];
    let n;
    [n, i] = leb(buf, i);
    const end = i + n;
    if (id === 2) {
      let [c, j] = leb(buf, i);
      for (; c > 0; c--) {
        let l;
        [l, j] = leb(buf, j); j += l; // module
        [l, j] = leb(buf, j); j += l; // field
        const kind = buf[j++];
        if (kind === 0) { imported++; [, j] = leb(buf, j); }
        else if (kind === 1) { j++; const f = buf[j++]; [, j] = leb(buf, j); if (f & 1) [, j] = leb(buf, j); }
        else if (kind === 2) { const f = buf[j++]; [, j] = leb(buf, j); if (f & 1) [, j] = leb(buf, j); }
        else if (kind === 3) j += 2;
        else if (kind === 4) j += 2;
      }
    } else if (id === 10) {
      let [c, j] = leb(buf, i);
      for (; c > 0; c--) {
        let l;
        [l, j] = leb(buf, j);
        bodies.push(buf.subarray(j, j + l));
        j += l;
      }
    } else if (id === 11) {
      data = n;
    } else if (id === 0) {
      let [l, j] = leb(buf, i);
      const name = buf.subarray(j, j + l).toString();
      j += l;
      if (name === 'name') {
        while (j < end) {
          const sub = buf[j++];
          let sl;
          [sl, j] = leb(buf, j);
          if (sub === 1) {
            let [c, k] = leb(buf, j);
            for (; c > 0; c--) {
              let idx, nl;
              [idx, k] = leb(buf, k);
              [nl, k] = leb(buf, k);
              names.set(idx, buf.subarray(k, k + nl).toString());
              k += nl;
            }
          }
          j += sl;
        }
      }
      total -= n + 1 + (end - i > 127 ? 3 : 1); // custom sections are not shipped
    }
    i = end;
  }
  return { bodies: bodies.map((b, k) => ({ size: b.length, bytes: b, name: names.get(imported + k) ?? '' })), data };
}

/** The crate a function belongs to: the first crate named in its path that is not std,
 * so `core::ptr::drop_in_place<tachys::…>` counts for tachys. Ours split by module. */
function owner(name) {
  const crates = [...name.matchAll(/(?<![\w:])([a-z][a-z0-9_]*)(?:\[[0-9a-f]+\])?::/g)].map((m) => m[1]);
  const std = ['core', 'alloc', 'std'];
  const first = crates.find((c) => !std.includes(c)) ?? crates[0] ?? '?';
  if (first === 'panopto_uploader') {
    const m = name.match(/panopto_uploader(?:\[[0-9a-f]+\])?::([a-z_]+)/);
    return `ours/${m ? m[1] : '?'}`;
  }
  return first;
}

export function wasmProfile(root) {
  // The build that made www/pkg: the nightly one (its own target dir, scripts/shipped.sh) or
  // the stable one, whichever rustc wrote last.
  const input = ['target/nightly', 'target'].map((t) => path.join(root, t, 'wasm32-unknown-unknown/release/panopto_uploader.wasm'))
    .filter((f) => fs.existsSync(f)).sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
  if (!input) return null;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wasm-profile-'));
  try {
    execFileSync('wasm-bindgen', ['--target', 'web', '--keep-debug', '--out-dir', tmp, input], { stdio: 'inherit' });
    const opt = path.join(tmp, 'opt.wasm');
    execFileSync('wasm-opt', ['-Oz', '-g', ...FEATURES, path.join(tmp, 'panopto_uploader_bg.wasm'), '-o', opt], { stdio: 'inherit' });
    const { bodies, data } = parse(fs.readFileSync(opt));
    const rows = new Map();
    const add = (label, f) => {
      const r = rows.get(label) ?? { what: label, raw: 0, parts: [] };
      r.raw += f.size;
      r.parts.push(f.bytes);
      rows.set(label, r);
    };
    for (const f of bodies) {
      const o = owner(f.name);
      const ours = o.startsWith('ours/') && OURS.find(([, mods]) => mods.includes(o.slice(5)));
      const group = ours || GROUPS.find(([, crates]) => crates.includes(o));
      if (process.env.WASM_PROFILE_DEBUG && (group ? group[0] : 'other').startsWith(process.env.WASM_PROFILE_DEBUG)) console.log(f.size, o, f.name.slice(0, 140));
      add(group ? group[0] : 'other (closures and glue the name does not place)', f);
    }
    const out = [...rows.values()].map((r) => ({ what: r.what, raw: r.raw, gzip: zlib.gzipSync(Buffer.concat(r.parts), { level: 9 }).length }));
    out.sort((a, b) => b.raw - a.raw);
    const code = out.reduce((a, r) => a + r.raw, 0);
    return { rows: out, code, data, functions: bodies.length };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const p = wasmProfile(path.resolve(import.meta.dirname, '..'));
  if (!p) throw new Error('build the release wasm first (./scripts/build.sh)');
  for (const r of p.rows) console.log(`${String(r.raw).padStart(8)} ${String(r.gzip).padStart(8)}  ${r.what}`);
  console.log(`code ${p.code} bytes in ${p.functions} functions; data section ${p.data} bytes`);
}
