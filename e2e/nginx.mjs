// Debian's nginx as the LMS's web server: serves a static site at / and relays one location to
// Panopto with the location block of relay/nginx.conf, read from that file (only the upstream
// URL is replaced), so the tests exercise exactly what an LMS admin is told to paste. Runs as
// our own process with its whole prefix (config, pid, logs, temp dirs) in a fresh temp dir,
// on 127.0.0.1 and a free port: never the package's service, port 80 or /var paths.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { onStop, ROOT, TMP } from './harness.mjs';

export const NGINX = process.env.NGINX || '/usr/sbin/nginx';
/** RELAY_CONF: another file of the same shape (a control run with a directive changed). */
export const RELAY_CONF = process.env.RELAY_CONF || path.join(ROOT, 'relay/nginx.conf');
/** The placeholder upstream in relay/nginx.conf. */
export const PLACEHOLDER = 'https://YOUR-SCHOOL.hosted.panopto.com';
/** Form name -> the path under which Panopto's paths are reached on the LMS origin. */
export const FORMS = { prefix: '/panopto', 'same-path': '' };

/** The location block of one form, verbatim from relay/nginx.conf, upstream replaced. */
export function relayBlock(form, upstream) {
  const text = fs.readFileSync(RELAY_CONF, 'utf8');
  const m = text.match(new RegExp(`^# relay:${form} begin\\n([\\s\\S]*?)^# relay:${form} end$`, 'm'));
  if (!m) throw new Error(`relay/nginx.conf has no "relay:${form}" block`);
  if (m[1].split(PLACEHOLDER).length !== 2) throw new Error(`relay:${form}: expected ${PLACEHOLDER} exactly once`);
  if (!/^https?:\/\/[^/]+$/.test(upstream)) throw new Error(`upstream must be scheme://host[:port], got ${upstream}`);
  return m[1].replace(PLACEHOLDER, upstream);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function config(dir, port, root, blocks) {
  const user = process.geteuid?.() === 0 ? 'user root;\n' : ''; // workers must read the 0700 temp dirs
  const ind = (s) => s.replace(/^(?=.)/gm, '        ');
  return `${user}daemon off;
master_process on;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log notice;
events { worker_connections 256; }
http {
    types {
        text/html html; text/javascript js mjs; text/css css; application/wasm wasm;
        application/json json; image/png png; image/svg+xml svg; text/plain txt ts;
    }
    default_type application/octet-stream;
    log_format relay '$request_method "$request_uri" $status req=$request_length sent=$bytes_sent '
                     'upstream=$upstream_addr "$upstream_status" t=$request_time';
    access_log ${dir}/access.log relay;
    client_body_temp_path ${dir}/client_body_temp;
    proxy_temp_path ${dir}/proxy_temp;
    fastcgi_temp_path ${dir}/fastcgi_temp;
    uwsgi_temp_path ${dir}/uwsgi_temp;
    scgi_temp_path ${dir}/scgi_temp;
    server {
        listen 127.0.0.1:${port};
        server_name localhost;
        root ${root};
        index index.html;
        location / {
            add_header Cache-Control no-store;
        }

${blocks.map(ind).join('\n')}
    }
}
`;
}

function readStatusKiB(pid, field) {
  try {
    const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+)`, 'm'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * Start nginx serving `root` at / and relaying to `upstream` (scheme://host:port) with the
 * block(s) of relay/nginx.conf: `form` 'prefix' (/panopto/), 'same-path' (/Panopto/) or
 * 'both'. Resolves to { url, relay, dir, clientBodyTemp, pid, stop(), workerPids(),
 * rssKiB(), hwmKiB(), accessLog(), errorLog() }; `relay` is the URL Panopto's origin maps to.
 */
export async function startNginx({ upstream, root, form = 'prefix' }) {
  const forms = form === 'both' ? Object.keys(FORMS) : [form];
  if (!forms.every((f) => f in FORMS)) throw new Error(`unknown relay form ${form}`);
  const blocks = forms.map((f) => relayBlock(f, upstream));
  const dir = fs.mkdtempSync(path.join(TMP, 'nginx-'));
  root = path.resolve(root);
  let lastError = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    fs.writeFileSync(path.join(dir, 'nginx.conf'), config(dir, port, root, blocks));
    for (const f of ['error.log', 'access.log']) fs.rmSync(path.join(dir, f), { force: true });
    const proc = spawn(NGINX, ['-p', `${dir}/`, '-c', `${dir}/nginx.conf`, '-e', `${dir}/error.log`], { stdio: ['ignore', 'inherit', 'inherit'] });
    let exited = null;
    const gone = new Promise((r) => proc.on('exit', (code, signal) => { exited = { code, signal }; r(); }));
    const up = await waitUp(port, () => exited);
    if (!up) {
      proc.kill('SIGKILL');
      await gone;
      lastError = readOr(path.join(dir, 'error.log'));
      if (/Address already in use/.test(lastError)) continue; // the free port was taken meanwhile
      throw new Error(`nginx did not start (${JSON.stringify(exited)}):\n${lastError}`);
    }
    const workerPids = () => fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).filter((d) => {
      try {
        return Number(fs.readFileSync(`/proc/${d}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[1]) === proc.pid;
      } catch {
        return false;
      }
    }).map(Number);
    const stop = async () => {
      if (exited) return;
      proc.kill('SIGTERM'); // fast shutdown
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    };
    onStop(stop);
    const url = `http://127.0.0.1:${port}`;
    return {
      url,
      relay: form === 'both' ? url : url + FORMS[form],
      dir,
      clientBodyTemp: path.join(dir, 'client_body_temp'),
      pid: proc.pid,
      stop,
      workerPids,
      /** VmRSS of the master and its workers, summed. */
      rssKiB: () => [proc.pid, ...workerPids()].reduce((sum, pid) => sum + readStatusKiB(pid, 'VmRSS'), 0),
      /** VmHWM (peak resident set) of the master and its workers, summed. */
      hwmKiB: () => [proc.pid, ...workerPids()].reduce((sum, pid) => sum + readStatusKiB(pid, 'VmHWM'), 0),
      accessLog: () => readOr(path.join(dir, 'access.log')),
      errorLog: () => readOr(path.join(dir, 'error.log')),
    };
  }
  throw new Error(`nginx: no free port after 5 tries:\n${lastError}`);
}

function readOr(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** Poll until nginx answers HTTP on `port` (true) or exits (false); 10 s at most. */
async function waitUp(port, exited) {
  const until = Date.now() + 10_000;
  while (Date.now() < until) {
    if (exited()) return false;
    try {
      await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) });
      return true;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}
