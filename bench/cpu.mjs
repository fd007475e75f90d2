// CPU accounting for the benchmark: per-thread /proc counters, sampled while a run goes on.
//
// Every `everyMs` (250 ms) the clock reads /proc/PID/task/TID/stat (utime + stime, field 14 and
// 15; start time, field 22) of every thread of the browser's processes (the driver's descendants:
// this browser only, not another one on the machine; the driver itself is left out) and of the
// run's API emulator. A thread is keyed by pid, tid and start time, so a reused tid is a new
// thread. A thread's figure is its last reading minus its first, or minus 0 when it was born
// after the clock started: never negative, whatever exits or restarts between samples. A thread
// that ends mid-run is counted up to its last sample (at most `everyMs` of its work is lost).
import fs from 'node:fs';

const HZ = 100; // USER_HZ: the unit of utime, stime and starttime on Linux

/** The engine's process that runs the page (its main thread is the page's main thread). */
const PAGE_PROCESS = {
  chromium: (comm, cmd) => cmd.includes('--type=renderer'),
  firefox: (comm) => comm === 'Isolated Web Co' || comm === 'Web Content',
  webkit: (comm) => comm === 'WebKitWebProces',
};

function read(p) {
  try { return fs.readFileSync(p, 'utf8'); } catch { return null; }
}

/** Fields of a /proc stat line, numbered as in proc(5): f(14) is utime. */
function statFields(line) {
  const close = line.lastIndexOf(')');
  const rest = line.slice(close + 2).split(' ');
  return { comm: line.slice(line.indexOf('(') + 1, close), f: (n) => rest[n - 3] };
}

/** Pids of every process below `roots` (not the roots themselves). */
export function descendants(roots) {
  const children = new Map();
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const st = read(`/proc/${pid}/stat`);
    if (!st) continue;
    const ppid = statFields(st).f(4);
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(pid);
  }
  const out = [];
  const todo = roots.map(String);
  while (todo.length) for (const c of children.get(todo.pop()) ?? []) { out.push(c); todo.push(c); }
  return out;
}

/** Seconds since boot (the clock of field 22). */
function uptime() {
  return Number(read('/proc/uptime').split(' ')[0]);
}

/**
 * A CPU clock over one run. `engine` names how the page's process is told apart; `driverPid`
 * roots the browser's process tree; `emulatorPid` is the run's API emulator (the static web
 * server that served the page is another process, not counted).
 */
export function startCpuClock({ engine, driverPid, emulatorPid, everyMs = 250 }) {
  const threads = new Map();
  const procs = new Map(); // pid/starttime → { kind, comm }
  const isPage = PAGE_PROCESS[engine];
  const t0 = uptime();
  let samples = 0;
  const sample = () => {
    const browser = descendants([driverPid]);
    const pids = [...browser.map((p) => [p, 'browser']), ...(emulatorPid ? [[String(emulatorPid), 'emulator']] : [])];
    for (const [pid, side] of pids) {
      const pst = read(`/proc/${pid}/stat`);
      if (!pst) continue;
      const ps = statFields(pst);
      const pkey = `${pid}/${ps.f(22)}`;
      if (!procs.has(pkey)) {
        const cmd = read(`/proc/${pid}/cmdline`) ?? '';
        procs.set(pkey, { side, page: side === 'browser' && isPage(ps.comm, cmd), comm: ps.comm });
      }
      const proc = procs.get(pkey);
      let tids = [];
      try { tids = fs.readdirSync(`/proc/${pid}/task`); } catch { continue; }
      for (const tid of tids) {
        const st = read(`/proc/${pid}/task/${tid}/stat`);
        if (!st) continue; // ended since the listing
        const s = statFields(st);
        const secs = (Number(s.f(14)) + Number(s.f(15))) / HZ;
        const key = `${pid}/${tid}/${s.f(22)}`;
        const seen = threads.get(key);
        if (seen) { seen.last = secs; seen.lastSample = samples; continue; }
        // Born after the clock started: all its time is in the window. Born before (and first
        // read now, e.g. a process the previous listing missed): from this reading on.
        const bornBefore = Number(s.f(22)) / HZ < t0;
        threads.set(key, { pkey, proc, main: tid === pid, name: s.comm, base: samples === 0 || bornBefore ? secs : 0, last: secs, lastSample: samples });
      }
    }
    samples++;
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    /** Take the last sample; the figures of the window, in CPU seconds. */
    stop() {
      clearInterval(timer);
      sample();
      const seconds = uptime() - t0;
      // Several page processes (a spare renderer, a preallocated content process): the one
      // whose main thread worked most is the page's.
      const pageMains = [...threads.values()].filter((t) => t.proc.page && t.main);
      const pagePkey = pageMains.sort((a, b) => (b.last - b.base) - (a.last - a.base))[0]?.pkey;
      const roles = { pageMain: 0, renderer: 0, browser: 0, emulator: 0 };
      let ended = 0;
      const busiest = [];
      for (const t of threads.values()) {
        const d = t.last - t.base;
        if (t.lastSample < samples - 1) ended++;
        const role = t.proc.side === 'emulator' ? 'emulator' : t.pkey === pagePkey ? (t.main ? 'pageMain' : 'renderer') : 'browser';
        roles[role] += d;
        if (d > 0.05) busiest.push([`${role} ${t.proc.comm}/${t.name} ${t.pkey.split('/')[0]}`, d]);
      }
      const browserProcs = [...procs.values()].filter((p) => p.side === 'browser').length;
      const browserThreads = [...threads.values()].filter((t) => t.proc.side === 'browser').length;
      return {
        roles,
        seconds,
        samples,
        busiest: busiest.sort((a, b) => b[1] - a[1]).slice(0, 12),
        counts: `${engine} ${browserProcs} processes, ${browserThreads} threads${ended ? ` (${ended} ended)` : ''} + emulator; ${seconds.toFixed(1)} s, ${samples} samples`,
      };
    },
  };
}

/** RssAnon (bytes) of the page's process in this browser (the largest, if several). */
export function pageRssAnon(engine, driverPid) {
  let max = 0;
  for (const pid of descendants([driverPid])) {
    const st = read(`/proc/${pid}/stat`);
    if (!st || !PAGE_PROCESS[engine](statFields(st).comm, read(`/proc/${pid}/cmdline`) ?? '')) continue;
    const kb = read(`/proc/${pid}/status`)?.match(/RssAnon:\s+(\d+)/);
    if (kb) max = Math.max(max, Number(kb[1]) * 1024);
  }
  return max;
}
