// Demo wiring, as an LMS page would do it. Two ways to run:
//
// - Served by the bundled emulator (`scripts/demo.sh`): the server is this page's origin and
//   `tokenProvider` fetches tokens from the emulator's OAuth2-style token endpoint whenever the
//   element needs one (`?token=…` sets one fixed token). A real LMS does that exchange on its
//   back end: a client secret never belongs in a page. `?protocol=panda` switches the element
//   to Panda's resumable upload, with the emulator standing in for the host's back end and Panda.
// - From any static host: a "Connect to your Panopto" panel asks for the server and an API
//   client ID (remembered in localStorage, never a token); the teacher then signs in with
//   their own account, and chooses the folder in the element. `?server=…&client-id=…` do
//   the same without the form (`&oauth-flow=code` for a client that takes codes with PKCE,
//   `&sign-in=redirect` to sign in by leaving the page instead of a popup).
//
// `?scheme=light` or `?scheme=dark` gives the page one colour scheme, as a site with a single
// theme declares it (the element follows); without it the page follows the OS.
const uploader = document.getElementById('uploader');
const params = new URLSearchParams(location.search);
if (['light', 'dark'].includes(params.get('scheme'))) document.documentElement.style.colorScheme = params.get('scheme');
const STORE = 'panopto-uploader-demo';

/** Whether the page is served by panopto-emulator (its inspection API answers here). */
async function servedByEmulator() {
  try {
    const r = await fetch('/_emulator/sessions', { cache: 'no-store' });
    return r.ok && Array.isArray((await r.json()).uploads);
  } catch {
    return false;
  }
}

const onEmulator = await servedByEmulator();
// A page given a token (`?token=…`) needs no sign-in wherever it is served: an LMS's page,
// or the page on a relay's origin (`?relay=/panopto`: Panopto through this site's server).
const standalone = params.has('client-id') || (!onEmulator && !params.has('token'));
const server = params.get('server') || location.origin;
const panda = !standalone && params.get('protocol') === 'panda';

if (standalone) {
  connect();
} else if (panda) {
  uploader.setAttribute('protocol', 'panda');
  uploader.setAttribute('upload-session-url', new URL('/videos/upload.json', server).href);
  for (const [name, value] of params) {
    if (['max-chunk-mib', 'part-size-mib'].includes(name)) uploader.setAttribute(name, value);
  }
  document.getElementById('intro').textContent =
    'Drop the recording: it goes to Panda in chunks, and continues where it stopped after a reload or a lost connection.';
  document.getElementById('sessions-title').textContent = 'Panda emulator: uploads';
  document.getElementById('sessions-note').innerHTML = 'Live view of <code>/_emulator/panda</code> (the emulator this demo runs against).';
} else {
  uploader.setAttribute('server', server);
}
if (params.get('relay')) uploader.setAttribute('relay', params.get('relay'));
if (params.get('lang')) uploader.setAttribute('lang', params.get('lang'));
// The session list is the emulator's inspection API: only where the emulator serves the page.
document.getElementById('sessions-card').hidden = !onEmulator;
// The switch between the two keeps the other parameters.
for (const a of document.querySelectorAll('[data-protocol]')) {
  const p = new URLSearchParams(params);
  if (a.dataset.protocol === 'panda') p.set('protocol', 'panda'); else p.delete('protocol');
  a.href = `?${p}`;
  if ((a.dataset.protocol === 'panda') === panda) a.setAttribute('aria-current', 'true');
}
if (standalone) {
  // The teacher signs in in the element itself.
} else if (params.get('token')) {
  uploader.accessToken = params.get('token');
} else {
  uploader.tokenProvider = async () => {
    const r = await fetch(new URL('/Panopto/oauth2/connect/token', server), {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'demo-lms', client_secret: 'demo-secret' }),
    });
    if (!r.ok) throw new Error(`the token endpoint answered ${r.status}`);
    return (await r.json()).access_token;
  };
}

/** Static hosting: the Connect panel, and the element configured from it. */
function connect() {
  document.getElementById('protocol-switch').hidden = true;
  const panel = document.getElementById('connect');
  panel.hidden = false;
  document.getElementById('connect-redirect').textContent = new URL('pkg/oauth-callback.html', location.href).href;
  document.getElementById('connect-origin').textContent = location.origin;
  let saved = {};
  try {
    saved = JSON.parse(localStorage.getItem(STORE) || '{}');
  } catch {
    saved = {};
  }
  const form = document.getElementById('connect-form');
  form.server.value = params.get('server') || saved.server || (onEmulator ? location.origin : '');
  form.client.value = params.get('client-id') || saved.clientId || '';
  form.flow.value = params.get('oauth-flow') || saved.flow || 'implicit';
  if (params.get('sign-in')) uploader.setAttribute('sign-in', params.get('sign-in'));
  const apply = () => {
    const s = form.server.value.trim();
    const c = form.client.value.trim();
    const ready = Boolean(s && c);
    document.getElementById('upload-card').hidden = !ready;
    if (!ready) return;
    uploader.removeAttribute('folder-id');
    uploader.setAttribute('server', s);
    uploader.setAttribute('client-id', c);
    uploader.setAttribute('oauth-flow', form.flow.value);
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    // Only where to connect is remembered: tokens stay in the element's memory.
    const remembered = { server: form.server.value.trim(), clientId: form.client.value.trim(), flow: form.flow.value };
    localStorage.setItem(STORE, JSON.stringify(remembered));
    apply();
  });
  document.getElementById('intro').textContent =
    'Sign in with your Panopto account, choose the folder (or a session to add a recording to), then drop the recording.';
  apply();
}

const list = document.getElementById('sessions');
const STATE_CLASS = { Complete: 'ok', ProcessingError: 'bad', DeletingError: 'bad' };

function row(u) {
  const files = (u.Files || []).map((f) => `${escape(f.Name)} (${(f.Size / 1048576).toFixed(1)} MiB)`).join(', ');
  const s3 = u.S3 || {};
  return `<tr><td data-label="Upload"><code>${u.ID.slice(0, 8)}</code></td>
    <td data-label="State" class="${STATE_CLASS[u.StateName] || ''}">${u.StateName}</td>
    <td data-label="Message">${escape(u.Message || '')}</td><td data-label="Files">${files || '—'}</td>
    <td data-label="S3 requests">${s3.Verified ?? 0} signed · ${s3.Unsigned ?? 0} unsigned · ${s3.Rejected ?? 0} rejected</td></tr>`;
}

function escape(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

function pandaRow(u) {
  return `<tr><td data-label="Upload"><code>${escape(u.id)}</code></td>
    <td data-label="State" class="${u.state === 'complete' ? 'ok' : ''}">${escape(u.state)}</td>
    <td data-label="File">${escape(u.file_name)} (${(u.held / 1048576).toFixed(1)} of ${(u.file_size / 1048576).toFixed(1)} MiB)</td>
    <td data-label="Requests">${u.chunks} chunks · ${u.location_moves} moves · ${(u.bytes_redundant / 1048576).toFixed(1)} MiB sent twice</td></tr>`;
}

async function refreshPanda() {
  const r = await fetch(new URL('/_emulator/panda', server));
  const { uploads } = await r.json();
  list.innerHTML = uploads.length
    ? `<table class="stack"><thead><tr><th scope="col">Upload</th><th scope="col">State</th><th scope="col">File</th><th scope="col">Requests</th></tr></thead>
       <tbody>${uploads.slice().reverse().map(pandaRow).join('')}</tbody></table>`
    : '<p class="note">No uploads yet.</p>';
}

async function refresh() {
  try {
    if (panda) return await refreshPanda();
    const r = await fetch(new URL('/_emulator/sessions', server));
    const { uploads } = await r.json();
    list.innerHTML = uploads.length
      ? `<table class="stack"><thead><tr><th scope="col">Upload</th><th scope="col">State</th><th scope="col">Message</th><th scope="col">Files</th><th scope="col">S3 requests</th></tr></thead>
         <tbody>${uploads.slice().reverse().map(row).join('')}</tbody></table>`
      : '<p class="note">No uploads yet.</p>';
  } catch (e) {
    list.innerHTML = `<p class="note">The emulator is not reachable at ${escape(server)}.</p>`;
  }
}
if (onEmulator) {
  refresh();
  setInterval(refresh, 2000);
}
