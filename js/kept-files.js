// File handles (the File System Access API: Chromium on the desktop), so that an upload
// left unfinished by a reload or a crash continues in one click, without the teacher
// finding the file again. Firefox and WebKit have no picker with handles and no
// `getAsFileSystemHandle` (their standards positions oppose it): there everything here
// gives no handle, and the teacher picks the file again, as before.

/** Whether "choose files" can use the picker with handles, decided in the click's own
 *  turn (the input's picker needs that turn too): not in a frame of another site, where
 *  `showOpenFilePicker` throws. */
export function canPickHandles() {
  if (typeof showOpenFilePicker !== 'function') return false;
  try {
    return self === top || top.location.origin === location.origin;
  } catch {
    return false;
  }
}

/** The picker's types for an `accept` attribute (`.mp4,video/*`): MIME types as keys,
 *  extensions under a generic one; none for no filter. */
function types(accept) {
  const record = {};
  for (const t of accept.split(',').map((s) => s.trim()).filter(Boolean)) {
    if (t.startsWith('.')) (record['application/octet-stream'] ??= []).push(t);
    else record[t] ??= [];
  }
  return Object.keys(record).length ? [{ accept: record }] : undefined;
}

/** The files picked, each `[File, handle]`; `[]` when the teacher closed the picker;
 *  null when this picker cannot be used here (a sandbox, a policy: the input's instead). */
export async function pickHandles(multiple, accept) {
  let handles;
  try {
    handles = await showOpenFilePicker({ multiple, types: types(accept) });
  } catch (e) {
    if (e.name === 'AbortError') return [];
    if (e.name !== 'TypeError') return null;
    // An `accept` the picker refuses: without the filter, as the media check names a
    // wrong file anyway.
    handles = await showOpenFilePicker({ multiple }).catch(() => []);
  }
  return Promise.all(handles.map(async (h) => [await h.getFile(), h]));
}

/** Each dropped file with a Promise of its handle (or null): asked in the drop's own
 *  tick, as the items are emptied after it. */
export function dropped(dataTransfer) {
  const out = [];
  for (const item of dataTransfer?.items ?? []) {
    const file = item.kind === 'file' ? item.getAsFile() : null;
    if (!file) continue;
    let handle = null;
    try {
      handle = item.getAsFileSystemHandle?.().then((h) => (h?.kind === 'file' ? h : null), () => null) ?? null;
    } catch {
      // No handle for this item: it is added as a plain file.
    }
    out.push([file, handle]);
  }
  return out;
}

// The kept handles: IndexedDB's store `handles` in the saved records' database (version 2
// added it; src/browser/idb_store.rs opens the same), under the records' keys. A handle is
// not JSON: IndexedDB keeps it as a structured clone. Any failure (private mode, no
// IndexedDB) keeps nothing: continuing in one click is a bonus, never a reason to fail.
let opened;
function handles(mode) {
  opened ??= new Promise((resolve, reject) => {
    const open = indexedDB.open('panopto-uploader', 2);
    open.onupgradeneeded = () => {
      for (const s of ['uploads', 'handles']) if (!open.result.objectStoreNames.contains(s)) open.result.createObjectStore(s);
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  return opened.then((db) => db.transaction('handles', mode).objectStore('handles'));
}
const done = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
/** The handles read as the page started, for `reopen` to use in the teacher's click. */
const loaded = new Map();

/** Keep `handle` (or what a Promise of one gives) under `key`. */
export async function keepHandle(key, handle) {
  handle = await handle;
  if (handle) await done((await handles('readwrite')).put(handle, key)).catch(() => {});
}

export async function forgetHandle(key) {
  loaded.delete(key);
  await handles('readwrite').then((s) => done(s.delete(key))).catch(() => {});
}

/** The keys handles are kept under (the handles are held for `reopen`). */
export async function keptKeys() {
  try {
    const s = await handles('readonly');
    const [keys, all] = await Promise.all([done(s.getAllKeys()), done(s.getAll())]);
    keys.forEach((k, i) => loaded.set(k, all[i]));
    return keys;
  } catch {
    return [];
  }
}

/** A `FileSystemFileHandle` given to `addFiles`. */
export const isFileHandle = (v) => v?.kind === 'file' && typeof v.getFile === 'function';

/** `addFiles`' values with their handles, `[File or value, handle or null]`, handles read
 *  first (one that cannot be read gives null, reported as not a file). */
export function withHandles(values) {
  return Promise.all(values.map((v) => (isFileHandle(v) ? v.getFile().then((f) => [f, v], () => null) : [v, null])));
}

/** The file kept under `key` again, `[File, handle]`, or why not: 'denied' (the teacher or
 *  the browser said no) or 'moved' (it is no longer there). Where handles have no
 *  permissions (the origin-private file system in Firefox and WebKit) they read as
 *  granted. Called in the teacher's click: the prompt needs its activation. */
export async function reopen(key) {
  const handle = loaded.get(key);
  if (!handle) return 'moved';
  const mode = { mode: 'read' };
  try {
    const now = handle.queryPermission ? await handle.queryPermission(mode) : 'granted';
    if (now !== 'granted' && (await handle.requestPermission(mode)) !== 'granted') return 'denied';
  } catch {
    return 'denied';
  }
  try {
    return [await handle.getFile(), handle];
  } catch (e) {
    return e.name === 'NotAllowedError' || e.name === 'SecurityError' ? 'denied' : 'moved';
  }
}
