// Demo wiring, as an LMS page would do it: point the element at the Panopto server and give
// it tokens. Against the bundled emulator the server is this page's origin. `?token=…`
// sets one fixed token; otherwise `tokenProvider` fetches fresh ones from the emulator's
// OAuth2-style token endpoint whenever the element needs one (at the start, and after a
// 401 when a token expired, e.g. with `--token-ttl-secs`). A real LMS does that exchange
// on its back end: a client secret never belongs in a page.
//
// `?protocol=panda` switches the element to Panda's resumable upload, with the emulator
// standing in for both the host's back end (which creates upload sessions) and Panda.
const uploader = document.getElementById('uploader');
const params = new URLSearchParams(location.search);
const server = params.get('server') || location.origin;
const panda = params.get('protocol') === 'panda';
if (panda) {
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
// The switch between the two keeps the other parameters.
for (const a of document.querySelectorAll('[data-protocol]')) {
  const p = new URLSearchParams(params);
  if (a.dataset.protocol === 'panda') p.set('protocol', 'panda'); else p.delete('protocol');
  a.href = `?${p}`;
  if ((a.dataset.protocol === 'panda') === panda) a.setAttribute('aria-current', 'true');
}
if (params.get('token')) {
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

const list = document.getElementById('sessions');
const STATE_CLASS = { Complete: 'ok', ProcessingError: 'bad', DeletingError: 'bad' };

function row(u) {
  const files = (u.Files || []).map((f) => `${escape(f.Name)} (${(f.Size / 1048576).toFixed(1)} MiB)`).join(', ');
  const s3 = u.S3 || {};
  return `<tr><td><code>${u.ID.slice(0, 8)}</code></td><td class="${STATE_CLASS[u.StateName] || ''}">${u.StateName}</td>
    <td>${escape(u.Message || '')}</td><td>${files || '—'}</td>
    <td>${s3.Verified ?? 0} signed · ${s3.Unsigned ?? 0} unsigned · ${s3.Rejected ?? 0} rejected</td></tr>`;
}

function escape(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

function pandaRow(u) {
  return `<tr><td><code>${escape(u.id)}</code></td><td class="${u.state === 'complete' ? 'ok' : ''}">${escape(u.state)}</td>
    <td>${escape(u.file_name)} (${(u.held / 1048576).toFixed(1)} of ${(u.file_size / 1048576).toFixed(1)} MiB)</td>
    <td>${u.chunks} chunks · ${u.location_moves} moves · ${(u.bytes_redundant / 1048576).toFixed(1)} MiB sent twice</td></tr>`;
}

async function refreshPanda() {
  const r = await fetch(new URL('/_emulator/panda', server));
  const { uploads } = await r.json();
  list.innerHTML = uploads.length
    ? `<table><thead><tr><th scope="col">Upload</th><th scope="col">State</th><th scope="col">File</th><th scope="col">Requests</th></tr></thead>
       <tbody>${uploads.slice().reverse().map(pandaRow).join('')}</tbody></table>`
    : '<p class="note">No uploads yet.</p>';
}

async function refresh() {
  try {
    if (panda) return await refreshPanda();
    const r = await fetch(new URL('/_emulator/sessions', server));
    const { uploads } = await r.json();
    list.innerHTML = uploads.length
      ? `<table><thead><tr><th scope="col">Upload</th><th scope="col">State</th><th scope="col">Message</th><th scope="col">Files</th><th scope="col">S3 requests</th></tr></thead>
         <tbody>${uploads.slice().reverse().map(row).join('')}</tbody></table>`
      : '<p class="note">No uploads yet.</p>';
  } catch (e) {
    list.innerHTML = `<p class="note">The emulator is not reachable at ${escape(server)}.</p>`;
  }
}
refresh();
setInterval(refresh, 2000);
