// js/custom-elements.json (the Custom Elements Manifest shipped in the npm package) is written
// by hand, because its descriptions exist nowhere else in a form a generator could read.
// This test keeps it honest: every name it lists must come from the sources that define the
// element, every name those sources define must be in it, and types and defaults must
// match. No build and no browser: it only reads files.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const ROOT = path.resolve(import.meta.dirname, '..');
const read = (p) => fs.readFileSync(path.join(ROOT, p), 'utf8');

const manifest = JSON.parse(read('js/custom-elements.json'));
const elementJs = read('js/element.js');
const dts = read('js/panopto-uploader.d.ts');
const css = read('src/ui/style.css');

const [mod] = manifest.modules;
const decl = mod.declarations.find((d) => d.customElement);
const fields = decl.members.filter((m) => m.kind === 'field');
const methods = decl.members.filter((m) => m.kind === 'method');

/** Assert two name lists hold the same names, saying which side lacks what. */
function sameNames(fromSource, inManifest, what) {
  const src = new Set(fromSource);
  const man = new Set(inManifest);
  assert.equal(man.size, inManifest.length, `${what}: a name is listed twice in the manifest`);
  assert.deepEqual([...src].filter((n) => !man.has(n)), [], `${what} missing from js/custom-elements.json`);
  assert.deepEqual([...man].filter((n) => !src.has(n)), [], `${what} in js/custom-elements.json but not in the sources`);
}

/** The body of `head … {` up to its matching brace. */
function block(text, head) {
  const start = text.indexOf(head);
  assert.ok(start >= 0, `not found: ${head}`);
  let depth = 0;
  for (let i = text.indexOf('{', start); i < text.length; i++) {
    if (text[i] === '{') depth++;
    if (text[i] === '}' && --depth === 0) return text.slice(text.indexOf('{', start) + 1, i);
  }
  throw new Error(`unbalanced: ${head}`);
}

/** `name: Type;` members of a d.ts block, one per line (the d.ts's own style). */
function dtsMembers(body) {
  return new Map([...body.matchAll(/^\s+(\w+): (.+);$/gm)].map((m) => [m[1], m[2]]));
}

function rustFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? rustFiles(p) : p.endsWith('.rs') ? [p] : [];
  });
}

test('the manifest is a schema 2.x manifest defining <panopto-uploader> from the entry module', () => {
  assert.match(manifest.schemaVersion, /^2\.\d+\.\d+$/);
  assert.equal(mod.kind, 'javascript-module');
  assert.ok(fs.existsSync(path.join(ROOT, 'js', mod.path)), `${mod.path} is not a shipped module`);
  const tag = elementJs.match(/customElements\.define\('([^']+)'/)[1];
  assert.equal(decl.tagName, tag);
  assert.match(dts, new RegExp(`export declare class ${decl.name} extends ${decl.superclass.name}\\b`));
  assert.deepEqual(mod.exports.filter((e) => e.kind === 'custom-element-definition'),
    [{ kind: 'custom-element-definition', name: tag, declaration: { name: decl.name, module: mod.path } }]);
  for (const entry of [decl, ...decl.attributes, ...decl.members, ...decl.events, ...decl.cssParts, ...decl.cssProperties]) {
    assert.ok((entry.description || '').length > 10, `${entry.name || 'the class'} needs a description`);
  }
});

test('attributes: exactly js/element.js ATTRIBUTES, each reflected by the field element.js defines', () => {
  const list = elementJs.match(/const ATTRIBUTES = \[([^\]]*)\]/);
  assert.ok(list, 'js/element.js has no ATTRIBUTES list');
  const attributes = [...list[1].matchAll(/'([^']+)'/g)].map((m) => m[1]);
  sameNames(attributes, decl.attributes.map((a) => a.name), 'attributes');
  const camel = (n) => n.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
  for (const a of decl.attributes) {
    assert.equal(a.fieldName, camel(a.name), `${a.name}: element.js reflects it as ${camel(a.name)}`);
    const f = fields.find((m) => m.name === a.fieldName);
    assert.ok(f, `${a.name}: no field ${a.fieldName}`);
    assert.equal(f.attribute, a.name, `${f.name}.attribute`);
    assert.equal(f.description, a.description, `${a.name}: the attribute and its field say different things`);
  }
  for (const f of fields.filter((m) => m.attribute)) {
    assert.ok(decl.attributes.some((a) => a.name === f.attribute), `${f.name}: no attribute ${f.attribute}`);
  }
});

test('properties and methods: the d.ts class, with the same types', () => {
  const body = block(dts, `export declare class ${decl.name}`);
  const declared = dtsMembers(body);
  // lang is HTMLElement's own, so the d.ts does not redeclare it.
  const own = fields.filter((f) => !f.inheritedFrom);
  sameNames([...declared.keys()], own.map((f) => f.name), 'properties');
  for (const f of own) assert.equal(f.type.text, declared.get(f.name), `${f.name}'s type`);
  for (const f of fields.filter((m) => m.inheritedFrom)) {
    assert.ok(f.name in HTMLElementProps, `${f.name} is not inherited from HTMLElement`);
  }

  const signatures = new Map([...body.matchAll(/^\s+(\w+)\(([^)]*)\): (\w+);$/gm)].map((m) => [m[1], m]));
  signatures.delete('addEventListener');
  sameNames([...signatures.keys()], methods.map((m) => m.name), 'methods');
  for (const m of methods) {
    const [, , params, ret] = signatures.get(m.name);
    const ours = (m.parameters || []).map((p) => `${p.name}: ${p.type.text}`).join(', ');
    assert.equal(ours, params, `${m.name}'s parameters`);
    assert.equal(m.return.type.text, ret, `${m.name}'s return type`);
  }
});

// The HTMLElement properties the manifest may list as inherited (reflected global attributes).
const HTMLElementProps = { lang: true, title: true, dir: true, hidden: true };

test('events: the d.ts event map, with the same detail types', () => {
  const map = dtsMembers(block(dts, 'export interface PanoptoUploaderEventMap'));
  sameNames([...map.keys()], decl.events.map((e) => e.name), 'events');
  for (const e of decl.events) assert.equal(e.type.text, map.get(e.name), `${e.name}'s type`);
});

test('CSS parts: every part="…" name in src/ui', () => {
  const parts = rustFiles(path.join(ROOT, 'src/ui')).flatMap((f) =>
    [...fs.readFileSync(f, 'utf8').matchAll(/\bpart="([^"]*)"/g)].flatMap((m) => m[1].split(/\s+/).filter(Boolean)));
  assert.ok(parts.length > 0, 'no part="…" found in src/ui');
  sameNames(parts, decl.cssParts.map((p) => p.name), 'CSS parts');
});

test('CSS custom properties: every --pu-* in src/ui/style.css, with its default', () => {
  const names = [...css.matchAll(/--pu-[a-z0-9-]+/g)].map((m) => m[0]);
  sameNames(names, decl.cssProperties.map((p) => p.name), 'CSS custom properties');
  for (const p of decl.cssProperties) {
    // The first var(--pu-x, fallback) is the default; later ones are for older browsers.
    const at = css.indexOf(`var(${p.name},`);
    assert.ok(at >= 0, `${p.name} has no var(${p.name}, default) in style.css`);
    let depth = 0;
    let end = at;
    for (; end < css.length; end++) {
      if (css[end] === '(') depth++;
      if (css[end] === ')' && --depth === 0) break;
    }
    const fallback = css.slice(at + `var(${p.name},`.length, end).trim();
    // A default computed from other properties (text on the accent) is described in words.
    if (p.default === undefined) assert.match(fallback, /var\(/, `${p.name} needs its default: ${fallback}`);
    else assert.equal(p.default, fallback, `${p.name}'s default`);
  }
});

test('lang: the languages the element speaks are the ones listed', () => {
  const source = rustFiles(path.join(ROOT, 'src/text')).map((f) => fs.readFileSync(f, 'utf8'))
    .find((text) => /impl Lang \{[\s\S]*?fn code\(self\)/.test(text));
  assert.ok(source, 'no `impl Lang { fn code(self) … }` in src/text');
  const body = source.slice(source.indexOf('fn code(self)')).split(/\n {4}\}/)[0];
  const codes = [...body.matchAll(/Lang::\w+ => "([a-z-]+)"/g)].map((m) => m[1]);
  assert.ok(codes.length > 0, 'no language codes in Lang::code');
  const lang = decl.attributes.find((a) => a.name === 'lang');
  assert.ok(lang.description.includes(`(${codes.join(', ')})`), `lang's description should list (${codes.join(', ')})`);
  // Every language but English is a file the element fetches (js/element.js fetches those
  // its page's elements speak while the wasm compiles).
  const files = fs.readdirSync(path.join(ROOT, 'src/ui/i18n/lang')).map((f) => f.replace(/\.txt$/, '')).sort();
  assert.deepEqual(files, codes.filter((c) => c !== 'en').sort(), 'src/ui/i18n/lang/ has a file per language but English');
  const fetched = read('js/element.js').match(/const LANGS = \[([^\]]*)\]/)?.[1].match(/[a-z-]+/g);
  assert.deepEqual(fetched?.sort(), files, "js/element.js's LANGS");
});

test('the state attributes the element sets on itself are described', () => {
  const flags = [...read('src/element/surface.rs').matchAll(/toggle\(\s*"([a-z-]+)"/g)].map((m) => m[1]);
  assert.ok(flags.length > 0, 'no host attributes found in src/element/surface.rs');
  for (const f of flags) assert.ok(decl.description.includes(`\`${f}\``), `the class description does not mention \`${f}\``);
});
