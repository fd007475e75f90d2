// A dependency-free SVG bar chart of one benchmark run: MB/s per contender and profile,
// with the link utilisation on shaped profiles.
const COLORS = { ours: '#1d6fd6', 'ours-fetch': '#4a8be0', 'ours-1': '#7aa9e6', 'lib-storage': '#d98a1d', uppy5: '#2e9e6b', uppy6: '#7cc4a0', limit: '#8c8c8c' };

function esc(s) {
  return String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
}

export function chart(result) {
  const width = 760;
  const left = 300;
  const bar = 18;
  const gap = 6;
  const profiles = [...new Set(result.rows.map((r) => r.profile))];
  let y = 40;
  const parts = [`<text x="16" y="24" font-size="15" font-weight="600">Upload throughput, same file, same emulator, same Chromium (MB/s)</text>`];
  for (const profile of profiles) {
    const rows = result.rows.filter((r) => r.profile === profile);
    const max = Math.max(...rows.map((r) => r.MBps));
    parts.push(`<text x="16" y="${y + 14}" font-size="13" font-weight="600">${esc(profile)} — ${rows[0].mib} MiB</text>`);
    y += 22;
    for (const r of rows) {
      const w = Math.max(1, ((width - left - 170) * r.MBps) / max);
      const util = r.utilisation == null ? '' : ` · ${(r.utilisation * 100).toFixed(0)} % of the link`;
      parts.push(`<text x="${left - 8}" y="${y + 13}" font-size="12" text-anchor="end">${esc(r.label)}</text>`);
      parts.push(`<rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="${bar}" rx="3" fill="${COLORS[r.contender] || '#555'}"/>`);
      parts.push(`<text x="${left + w + 6}" y="${y + 13}" font-size="12">${r.MBps.toFixed(1)}${esc(util)}</text>`);
      y += bar + gap;
    }
    y += 14;
  }
  parts.push(`<text x="16" y="${y + 4}" font-size="11" fill="#555">${esc(result.versions.machine)}</text>`);
  parts.push(`<text x="16" y="${y + 19}" font-size="11" fill="#555">${esc(result.versions.chromium)}; run ${esc(result.when.slice(0, 10))}</text>`);
  const height = y + 30;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" role="img" aria-label="Upload throughput per contender and link profile">
<rect width="100%" height="100%" fill="#fff"/>
${parts.join('\n')}
</svg>
`;
}
