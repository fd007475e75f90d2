// The <panopto-uploader> custom element: a thin class that maps attributes, properties,
// methods and events onto the Rust ElementHandle. All behaviour lives in Rust.
//
// The access token is kept in a private field only: never reflected to an attribute,
// written to the DOM or storage, or logged.
import { isFileHandle, withHandles } from './kept-files.js';

const ATTRIBUTES = [
  'server', 'folder-id', 'concurrency', 'part-size-mib', 'auto-start', 'lang', 'multiple', 'accept',
  'protocol', 'upload-session-url', 'max-chunk-mib', 'client-id', 'redirect-uri', 'session-id',
  'allow-http-hosts', 'oauth-flow', 'sign-in', 'relay',
];

// The sign-in redirect page shipped with the build, beside panopto-uploader.js (this file
// is copied to snippets/<crate>/js/ by wasm-bindgen): the default `redirect-uri`.
export function defaultRedirectUri() {
  return new URL('../../../oauth-callback.html', import.meta.url).href;
}

// The languages whose words are files (lang/<code>.txt, built beside panopto-uploader.js):
// every one the element speaks but English, which is in the wasm.
const LANGS = ['fr', 'de', 'es', 'it', 'nl'];
const words = new Map();

// The words of language `code`, or null when they cannot be had in a few seconds: the
// element then speaks English, and the console says why, once. Fetched once per page.
export function fetchWords(code) {
  if (!words.has(code)) words.set(code, fetchFile(code));
  return words.get(code);
}

async function fetchFile(code) {
  const url = new URL(`../../../lang/${code}.txt`, import.meta.url);
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout?.(10000) });
    if (response.ok) return await response.text();
    console.warn(`<panopto-uploader>: ${url} answered ${response.status}, so the element speaks English`);
  } catch (e) {
    console.warn(`<panopto-uploader>: ${url} could not be fetched (${e.message}), so the element speaks English`);
  }
  return null;
}

// This module runs before panopto-uploader.js compiles the wasm: the words of the languages
// the page's elements already speak are fetched meanwhile, so an element in French is not
// shown a round trip later than one in English.
if (typeof document !== 'undefined') {
  for (const el of document.querySelectorAll('panopto-uploader[lang]')) {
    const code = el.getAttribute('lang').trim().toLowerCase().split(/[-_]/)[0];
    if (LANGS.includes(code)) fetchWords(code);
  }
}

function camel(name) {
  return name.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
}

export function definePanoptoUploader(create) {
  if (customElements.get('panopto-uploader')) return;

  class PanoptoUploader extends HTMLElement {
    #handle;
    #token = null;
    #provider = null;
    #createUpload = null;
    #pending = false;

    static get observedAttributes() {
      return ATTRIBUTES;
    }

    constructor() {
      super();
      this.#handle = create(this, this.attachShadow({ mode: 'open' }));
      // A page may set properties before this module has loaded (the element was not yet
      // upgraded, so they landed on the instance). Move them onto the real accessors.
      for (const prop of ['accessToken', 'tokenProvider', 'createUpload', ...ATTRIBUTES.map(camel)]) {
        if (Object.prototype.hasOwnProperty.call(this, prop)) {
          const value = this[prop];
          delete this[prop];
          this[prop] = value;
        }
      }
      // Read the configuration once the parser (or the page) has set the attributes.
      this.attributeChangedCallback();
    }

    attributeChangedCallback() {
      // The parser delivers attributes one by one: re-read them all once it is done, so
      // a half-configured element does not report an error it is about to lose.
      if (this.#pending) return;
      this.#pending = true;
      queueMicrotask(() => {
        this.#pending = false;
        this.#handle.attributes_changed();
      });
    }

    get accessToken() {
      return this.#token;
    }
    set accessToken(value) {
      this.#token = value == null ? null : String(value);
      this.#handle.set_access_token(this.#token);
    }

    get tokenProvider() {
      return this.#provider;
    }
    set tokenProvider(fn) {
      this.#provider = fn ?? null;
      this.#handle.set_token_provider(this.#provider);
    }

    get createUpload() {
      return this.#createUpload;
    }
    set createUpload(fn) {
      this.#createUpload = fn ?? null;
      this.#handle.set_create_upload(this.#createUpload);
    }

    addFiles(files) {
      const values = files instanceof FileList ? [...files] : Array.isArray(files) ? files : [files];
      if (!values.some(isFileHandle)) return this.#handle.add_files(files);
      // Handles are read first (a Promise), and kept for continuing after a reload.
      withHandles(values).then((pairs) => this.#handle.add_picked(pairs));
    }
    start() {
      this.#handle.start();
    }
    pause() {
      this.#handle.pause();
    }
    resume() {
      this.#handle.resume();
    }
    cancel() {
      this.#handle.cancel();
    }
  }

  // Attributes reflected as properties: strings, numbers and booleans.
  const numbers = new Set(['concurrency', 'part-size-mib', 'max-chunk-mib']);
  const booleans = new Set(['auto-start', 'multiple']);
  for (const attr of ATTRIBUTES) {
    if (attr === 'lang') continue; // HTMLElement already reflects lang
    Object.defineProperty(PanoptoUploader.prototype, camel(attr), {
      configurable: true,
      enumerable: true,
      get() {
        const v = this.getAttribute(attr);
        if (booleans.has(attr)) return attr === 'multiple' ? v !== 'false' : v !== null && v !== 'false';
        if (numbers.has(attr)) return v === null ? null : Number(v);
        return v;
      },
      set(v) {
        if (v === null || v === undefined || (booleans.has(attr) && v === false && attr !== 'multiple')) {
          this.removeAttribute(attr);
        } else if (booleans.has(attr)) {
          this.setAttribute(attr, v ? '' : 'false');
        } else {
          this.setAttribute(attr, String(v));
        }
      },
    });
  }

  customElements.define('panopto-uploader', PanoptoUploader);
}

// A video's preview for its card (src/browser/preview.rs): a frame about a tenth in, drawn
// 160 px wide as a small JPEG, and the duration; null where the browser cannot decode it.
// `fired`: whether the element fired `event` before `error` or the time-out, which is long
// enough for a slow disk to give a frame, short enough that a file the browser cannot open
// does not keep an element and its decoder alive. The answer: [data URL, ms or undefined].
export async function videoFrame(file) {
  const video = document.createElement('video');
  const url = URL.createObjectURL(file);
  const fired = (event) => new Promise((done) => {
    video.addEventListener(event, () => done(true), { once: true });
    video.addEventListener('error', () => done(false), { once: true });
    setTimeout(() => done(false), 10000);
  });
  video.muted = true;
  video.preload = 'metadata';
  video.src = url;
  try {
    if (!(await fired('loadedmetadata'))) return null;
    const s = video.duration;
    const ms = Number.isFinite(s) && s > 0 ? Math.round(s * 1000) : undefined;
    const w = video.videoWidth;
    const h = video.videoHeight;
    if (!w || !h) return null;
    video.currentTime = ms ? ms / 10000 : 0.5;
    if (!(await fired('seeked'))) return null;
    const canvas = document.createElement('canvas');
    canvas.width = 160;
    canvas.height = Math.max(1, Math.floor((160 * h) / w));
    canvas.getContext('2d').drawImage(video, 0, 0, canvas.width, canvas.height);
    return [canvas.toDataURL('image/jpeg', 0.7), ms];
  } catch {
    return null;
  } finally {
    // Let the decoder and the file go now, not when the element is collected.
    video.removeAttribute('src');
    video.load();
    URL.revokeObjectURL(url);
  }
}
