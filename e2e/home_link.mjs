// Runs an end-to-end script in a network namespace with a home link's kernel buffers
// (home_link.sh says why), and returns what it printed last, as JSON.
import { spawn } from 'node:child_process';
import path from 'node:path';

const SCRIPT = path.join(import.meta.dirname, 'home_link.sh');

/** Run `node script ...args` on the home link; resolves with the JSON of its last line. */
export function runOnHomeLink(script, args, { timeout = 170_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn('unshare', ['-n', 'sh', SCRIPT, process.execPath, script, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: process.env,
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot run unshare (util-linux) for the home link's network namespace: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code === 0) {
        try {
          resolve(JSON.parse(last));
          return;
        } catch { /* reported below */ }
      }
      const why = signal ? `killed (${signal}) after ${timeout} ms` : `exit code ${code}`;
      const hint = /unshare|Operation not permitted|RTNETLINK/.test(err)
        ? ' (the home link needs a network namespace: root, or user namespaces, and iproute2; scripts/setup.sh installs iproute2)' : '';
      reject(new Error(`${path.basename(script)} ${args.join(' ')} on the home link: ${why}${hint}\n${err.slice(-4000)}${out.slice(-2000)}`));
    });
  });
}
