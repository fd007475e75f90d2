// Loaded first by the end-to-end copy of the demo page (see `testSite` in engines.mjs), before
// any module: records what would be a console error, an uncaught error or an unhandled
// rejection, so every engine's test can fail on them. WebDriver gives no console for
// WebKitGTK (nor for Firefox without BiDi); this works the same in all three engines.
(() => {
  const errors = [];
  window.__e2eErrors = errors;
  const text = (v) => (v instanceof Error ? `${v.name}: ${v.message}` : typeof v === 'string' ? v : (() => {
    try { return JSON.stringify(v); } catch { return String(v); }
  })());
  const original = console.error;
  console.error = function (...args) {
    errors.push(`console.error: ${args.map(text).join(' ')}`);
    return original.apply(this, args);
  };
  // Capture phase: also a script or the wasm that fails to load (those do not bubble).
  window.addEventListener('error', (e) => {
    errors.push(e.error || e.message ? `error: ${e.message || text(e.error)}` : `error: ${e.target?.src || e.target?.href || e.target?.tagName} failed to load`);
  }, true);
  window.addEventListener('unhandledrejection', (e) => errors.push(`unhandledrejection: ${text(e.reason)}`));
})();
