// Demo wiring, as an LMS page would do it: point the element at the Panopto server and give
// it tokens. Against the bundled emulator the server is this page's origin. `?token=…`
// sets one fixed token; otherwise `tokenProvider` fetches fresh ones from the emulator's
// OAuth2-style token endpoint whenever the element needs one (at the start, and after a
// 401 when a token expired, e.g. with `--token-ttl-secs`). A real LMS does that exchange
// on its back end: a client secret never belongs in a page.
const uploader = document.getElementById('uploader');
const params = new URLSearchParams(location.search);
const server = params.get('server') || location.origin;
uploader.setAttribute('server', server);
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

async function refresh() {
  try {
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
