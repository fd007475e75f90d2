// Functions the benchmark runs inside the page (as source: `HELPERS` installs them as
// window.__bench), and the part timing shared by every contender's clock.
import { MIB } from '../e2e/harness.mjs';

export const PART = 5 * MIB;

/** In the page, before the upload command: long tasks (> 50 ms) of the page's main thread from
 * now on, by a PerformanceObserver of type `longtask` (Chromium only: Firefox and WebKit do not
 * implement it, and get null). */
export function observeLongTasks() {
  const lt = (window.__longTasks = { list: [] });
  if (!PerformanceObserver.supportedEntryTypes?.includes('longtask')) { window.__longTasks = null; return; }
  lt.observer = new PerformanceObserver((l) => { for (const e of l.getEntries()) lt.list.push([e.startTime, e.duration]); });
  lt.observer.observe({ type: 'longtask' });
  // Long animation frames name the scripts that ran in them (Chromium): what a long task was.
  lt.frames = [];
  if (PerformanceObserver.supportedEntryTypes?.includes('long-animation-frame')) {
    lt.frameObserver = new PerformanceObserver((l) => {
      for (const e of l.getEntries()) {
        if (e.duration <= 50) continue;
        const scripts = e.scripts.map((s) => `${s.invoker || s.invokerType} ${s.sourceFunctionName || ''} ${String(s.sourceURL).split('/').pop()} ${Math.round(s.duration)} ms`);
        lt.frames.push([e.startTime, Math.round(e.duration), Math.round(e.blockingDuration), scripts.join('; '), Math.round(e.styleAndLayoutStart ? e.startTime + e.duration - e.styleAndLayoutStart : 0)]);
      }
    });
    lt.frameObserver.observe({ type: 'long-animation-frame' });
  }
}

/** In the page, after the upload: the long tasks that started from `from` to `to` (ms). */
export function takeLongTasks(from, to) {
  const lt = window.__longTasks;
  if (!lt) return null;
  for (const e of lt.observer.takeRecords()) lt.list.push([e.startTime, e.duration]);
  lt.observer.disconnect();
  lt.frameObserver?.disconnect();
  const frames = lt.frames.filter(([s]) => s >= from && s <= to).map(([s, ...rest]) => [Math.round(s - from), ...rest]);
  const during = lt.list.filter(([s]) => s >= from && s <= to);
  // `at`: when each started (ms after `from`) and how long it took, to place it in the run.
  return { count: during.length, longest: during.reduce((m, [, d]) => Math.max(m, d), 0), total: during.reduce((m, [, d]) => m + d, 0), at: during.map(([s, d]) => [Math.round(s - from), Math.round(d)]), frames };
}

/** The media file's part requests (the manifest goes up as a one-part multipart upload too). */
export function partTiming(name, since = 0) {
  const parts = performance.getEntriesByType('resource').filter((e) => e.name.includes('partNumber=') && e.startTime >= since && decodeURIComponent(e.name).includes(`/${name}?`));
  return { firstPart: Math.min(...parts.map((e) => e.startTime)), lastPart: Math.max(...parts.map((e) => e.responseEnd)), parts: parts.length };
}

/** The helpers above, as a script the page runs (window.__bench). */
export const HELPERS = `window.__bench = { observeLongTasks: ${observeLongTasks}, takeLongTasks: ${takeLongTasks}, partTiming: ${partTiming} };`;

/** In the page, once per run: every part's Resource Timing kept (the default buffer holds
 * 250), the element defined, the contenders' `scripts` run, and a plain file input
 * (#bench-file) for the driver to set. */
export async function preparePage(scripts) {
  performance.clearResourceTimings();
  performance.setResourceTimingBufferSize(100_000);
  await customElements.whenDefined('panopto-uploader');
  for (const text of scripts) {
    const s = document.createElement('script');
    s.textContent = text;
    document.head.append(s);
  }
  const i = document.createElement('input');
  i.type = 'file';
  i.id = 'bench-file';
  document.body.append(i);
}

/** The same clock for every contender: from the first part request leaving to the last
 * part's answer, from the page's Resource Timing. Set-up before the first part (sessionUpload,
 * CreateMultipartUpload, preflights) differs in kind between contenders and is reported
 * apart, as "command → first part". */
export function partSeconds(t, bytes) {
  const expected = Math.ceil(bytes / PART);
  if (!(t.parts >= expected) || !(t.lastPart > t.firstPart)) throw new Error(`${t.parts} part requests timed, ${expected} expected`);
  return (t.lastPart - t.firstPart) / 1000;
}

/** V8's heap in use on the page of driver `d` (CDP `Performance.getMetrics`; `Performance.enable` first). */
export async function jsHeapUsed(d) {
  const { metrics } = await d.cdp('Performance.getMetrics');
  return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
}

/** CPU seconds per GiB by role, and what the clock counted (bench/cpu.mjs). */
export function cpuPerGiB(cpu, bytes) {
  if (process.env.BENCH_THREADS) console.log(cpu.busiest.map(([k, v]) => `  ${v.toFixed(1).padStart(5)} s ${k}`).join('\n'));
  const gib = bytes / 2 ** 30;
  return { ...Object.fromEntries(Object.entries(cpu.roles).map(([k, v]) => [k, v / gib])), counts: cpu.counts };
}

export const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
