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

/** The files picked, each `[File, handle]`; `[]` when the teacher closed the picker. */
export async function pickHandles(multiple, accept) {
  let handles;
  try {
    handles = await showOpenFilePicker({ multiple, types: types(accept) });
  } catch (e) {
    if (e.name === 'AbortError') return [];
    // An `accept` the picker refuses (a TypeError): without the filter, as the media
    // check names a wrong file anyway.
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
    const handle = item.getAsFileSystemHandle
      ? item.getAsFileSystemHandle().then((h) => (h?.kind === 'file' ? h : null), () => null)
      : null;
    out.push([file, handle]);
  }
  return out;
}

/** A `FileSystemFileHandle` given to `addFiles`: `[File, handle]`, or null if it cannot
 *  be read. */
export async function fromHandle(handle) {
  try {
    return [await handle.getFile(), handle];
  } catch {
    return null;
  }
}

/** The kept file again, or why not: 'denied' (the teacher or the browser said no) or
 *  'moved' (it is no longer there). Where handles have no permissions (the
 *  origin-private file system in Firefox and WebKit) they read as granted. */
export async function reopen(handle) {
  const mode = { mode: 'read' };
  try {
    const now = handle.queryPermission ? await handle.queryPermission(mode) : 'granted';
    if (now !== 'granted' && (await handle.requestPermission(mode)) !== 'granted') return 'denied';
  } catch {
    return 'denied';
  }
  try {
    return await handle.getFile();
  } catch (e) {
    return e.name === 'NotAllowedError' || e.name === 'SecurityError' ? 'denied' : 'moved';
  }
}
