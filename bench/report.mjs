// bench/results/latest.md from one run's figures, with the goals of the benchmark issue
// checked against them.
const f1 = (x) => (x == null || !Number.isFinite(x) ? '—' : x.toFixed(1));
const kib = (b) => `${(b / 1024).toFixed(1)} KiB`;

export function report(r) {
  const v = r.versions;
  const by = (profile, id) => r.rows.find((x) => x.profile === profile && x.contender === id);
  const profiles = [...new Set(r.rows.map((x) => x.profile))];
  const out = [];
  out.push('# Benchmark results', '');
  out.push(`Run ${r.when}${r.quick ? ' (**quick mode: small files, not comparable**)' : ''}, ${r.minutes.toFixed(1)} min. Produced by \`./scripts/bench.sh\`; absolute figures depend on the machine, ratios within one run are what compare.`, '');
  out.push(`- Machine: ${v.machine}`, `- Browser: ${v.chromium} (headless, driven through chromedriver; see bench/webdriver.mjs for why not Playwright)`, `- Node ${v.node}; @aws-sdk/lib-storage ${v.libStorage}; Uppy ${v.uppy}; @mux/mux-uploader ${v.mux}; esbuild ${v.esbuild}`);
  out.push('- Server: the release `panopto-emulator`, a fresh one per run, on 127.0.0.1; the page on another origin (CORS and preflights as in an LMS).', '- Part size 5 MiB for everyone; time counted the same way for everyone, from the page\'s Resource Timing: from the first part request to the last part\'s answer. Set-up before the first part differs between contenders and is in the last column.', '');
  out.push('## Throughput', '');
  out.push('| link | contender | file | time | MB/s | ÷ limit | ÷ lib-storage | link used | command → first part | CPU s per GiB: page main thread, rest of browser, emulator |');
  out.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const p of profiles) {
    const limit = by(p, 'limit');
    const peer = by(p, 'lib-storage');
    for (const x of r.rows.filter((y) => y.profile === p)) {
      const runs = x.runs?.length > 1 ? ` (runs: ${x.runs.map(f1).join(', ')})` : '';
      out.push(`| ${p} | ${x.label} | ${x.mib} MiB | ${x.seconds.toFixed(2)} s | ${f1(x.MBps)}${runs} | ${(x.MBps / limit.MBps).toFixed(2)} | ${(x.MBps / peer.MBps).toFixed(2)} | ${x.utilisation == null ? '—' : `${(x.utilisation * 100).toFixed(1)} %`} | ${f1(x.firstPartMs)} ms | ${x.cpu ? [x.cpu.pageMain, x.cpu.renderer + x.cpu.browser, x.cpu.emulator].map(f1).join(' / ') : '—'} |`);
    }
  }
  out.push('', 'CPU: seconds of CPU per GiB uploaded, from each thread\'s `/proc` counters over the run (set-up included): the page\'s main thread (where our wasm, the peers\' JS and the rendering run), the rest of Chromium (renderer threads, browser process, network service: reading the file and sending it), and the emulator.');
  if (r.rows.some((x) => x.runs?.length > 1)) out.push('', 'Loopback is a CPU contest on this machine and varies from run to run: there each contender ran twice, in mirrored order (A B C D D C B A), and the faster run is the one shown and compared.');
  out.push('', '![throughput](throughput.svg)', '');
  if (r.panda?.length) {
    out.push('## Panda\'s resumable protocol', '');
    out.push('One stream, appended in order: the chunk size is what there is to tune. Time from the first request to the upload location to the last answer from it (the session\'s creation left out for everyone).', '');
    out.push('| link | contender | file | time | MB/s | ÷ limit | link used | requests |', '| --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const p of [...new Set(r.panda.map((x) => x.profile))]) {
      const limit = r.panda.find((x) => x.profile === p && x.contender === 'panda-limit');
      for (const x of r.panda.filter((y) => y.profile === p)) {
        out.push(`| ${p} | ${x.label} | ${x.mib} MiB | ${x.seconds.toFixed(2)} s | ${f1(x.MBps)} | ${limit ? (x.MBps / limit.MBps).toFixed(2) : '—'} | ${x.utilisation == null ? '—' : `${(x.utilisation * 100).toFixed(1)} %`} | ${x.requests} |`);
      }
    }
    out.push('');
  }
  out.push('## Memory (ours, concurrency 4, loopback)', '');
  out.push('Peaks sampled every 250 ms during the upload: wasm linear memory (from the module), V8 heap used (CDP `Performance.getMetrics` `JSHeapUsedSize`), and the renderer process\'s private anonymous resident memory (`RssAnon` in `/proc`; file pages of the picked file are page cache, not counted).', '');
  out.push('| file | time | wasm memory | JS heap | renderer RssAnon |', '| --- | --- | --- | --- | --- |');
  for (const m of r.mem) out.push(`| ${m.mib} MiB | ${m.seconds.toFixed(1)} s | ${f1(m.wasm)} MiB | ${f1(m.jsHeap)} MiB | ${f1(m.rendererAnon)} MiB |`);
  out.push('', '## CPU', '');
  out.push(`- SHA-256 in our wasm (\`sha2\`): ${f1(r.cpu.wasmSha)} MB/s; WebCrypto \`digest\`: ${f1(r.cpu.webCrypto)} MB/s (64 MiB).`);
  if (r.cpu.wasmCrc) out.push(`- CRC-32 in our wasm (slice-by-16, for the manifest's \`Checksum\`; every part goes through it once): ${f1(r.cpu.wasmCrc)} MB/s.`);
  out.push(`- SigV4 signing of UploadPart requests in our wasm: ${Math.round(r.cpu.signPerSec).toLocaleString('en')} per second.`);
  out.push('- Payload hash mode: `UNSIGNED-PAYLOAD` by default. Hashing every part in wasm would cap the upload near the SHA-256 rate above, and WebCrypto needs the whole part in memory and a second pass; the bytes are protected in transit by TLS and end to end by the CRC-32 checksums in the manifest, which Panopto verifies.', '');
  out.push('## Weight (esbuild --minify for the peers, gzip -9 for everyone)', '');
  out.push('| what | raw | gzip |', '| --- | --- | --- |');
  let raw = 0;
  let gzip = 0;
  for (const w of r.weight.ours) {
    out.push(`| ours: ${w.what} | ${kib(w.raw)} | ${kib(w.gzip)} |`);
    if (w.counted !== false) { raw += w.raw; gzip += w.gzip; }
  }
  out.push(`| **ours, total** | **${kib(raw)}** | **${kib(gzip)}** |`);
  for (const w of r.weight.peers) out.push(`| ${w.what} | ${kib(w.raw)} | ${kib(w.gzip)} |`);
  const p = r.weight.profile;
  if (p) {
    out.push('', '### What our wasm is made of', '');
    out.push(`Function bodies after \`wasm-opt -Oz\`, by the crate named in each function's symbol (\`bench/wasm_profile.mjs\`): generic code counts for the crate that defines it, so Leptos includes the view code it generated for our components. "gzip alone" compresses each group by itself. Code ${kib(p.code)} in ${p.functions} functions; data section (strings, CSS, lookup tables) ${kib(p.data)}.`, '');
    out.push('| code from | raw | share | gzip alone |', '| --- | --- | --- | --- |');
    for (const g of p.rows) out.push(`| ${g.what} | ${kib(g.raw)} | ${((g.raw / p.code) * 100).toFixed(0)} % | ${kib(g.gzip)} |`);
  }
  out.push('', '## Goals', '');
  const loop = profiles[0];
  const shaped = profiles.slice(1);
  const goal = (ok, text) => out.push(`- ${ok ? 'met' : '**not met**'}: ${text}`);
  const ours = by(loop, 'ours');
  goal(ours.MBps / by(loop, 'limit').MBps >= 0.9, `≥ 0.9 × the limit on loopback (${(ours.MBps / by(loop, 'limit').MBps).toFixed(2)})`);
  const ahead = profiles.map((p) => by(p, 'ours').MBps / by(p, 'lib-storage').MBps);
  goal(ahead.every((a) => a > 1), `ahead of lib-storage on every profile (${ahead.map((a) => a.toFixed(2)).join(', ')})`);
  const util = shaped.map((p) => by(p, 'ours').utilisation);
  goal(util.every((u) => u >= 0.95), `≥ 95 % link utilisation on the shaped profiles (${util.map((u) => `${(u * 100).toFixed(1)} %`).join(', ')})`);
  const bound = 4 * 5 + 32; // concurrency × part size + 32 MiB, as the issue states it
  const wasmFlat = r.mem.every((m) => m.wasm + m.jsHeap <= bound);
  goal(wasmFlat, `wasm + JS heap within concurrency × part size + 32 MiB = ${bound} MiB at every size (${r.mem.map((m) => f1(m.wasm + m.jsHeap)).join(', ')} MiB)`);
  const anon = r.mem.map((m) => m.rendererAnon);
  goal(anon[anon.length - 1] <= anon[0] * 1.25, `renderer memory flat from the smallest to the largest file (${anon.map(f1).join(' → ')} MiB)`);
  goal(gzip <= 95 * 1024, `our gzip weight ≤ 95 KiB (${kib(gzip)})`);
  const shapedPanda = r.panda?.find((x) => x.contender === 'panda' && x.utilisation != null);
  if (shapedPanda) goal(shapedPanda.utilisation >= 0.95, `Panda: ≥ 95 % of the link on ${shapedPanda.profile} with adaptive chunks (${(shapedPanda.utilisation * 100).toFixed(1)} %; fixed 5 MiB chunks: ${(r.panda.find((x) => x.contender === 'panda-fixed' && x.profile === shapedPanda.profile).utilisation * 100).toFixed(1)} %)`);
  out.push('');
  return out.join('\n');
}

/** The short form the README shows between its bench markers: the main ratios and the goals. */
export function summary(r) {
  const by = (profile, id) => r.rows.find((x) => x.profile === profile && x.contender === id);
  const profiles = [...new Set(r.rows.map((x) => x.profile))];
  const out = [`Last run ${r.when.slice(0, 10)} on ${r.versions.machine.split(',').slice(0, 2).join(',')} (every figure: [bench/results/latest.md](bench/results/latest.md)):`, ''];
  out.push('| link | ours | lib-storage | the limit | ours ÷ limit | ours ÷ lib-storage |', '| --- | --- | --- | --- | --- | --- |');
  for (const p of profiles) {
    const [o, l, m] = ['ours', 'lib-storage', 'limit'].map((id) => by(p, id));
    const fig = (x) => (x.utilisation == null ? `${x.MBps.toFixed(1)} MB/s` : `${(x.utilisation * 100).toFixed(1)} % of the link`);
    out.push(`| ${p} | ${fig(o)} | ${fig(l)} | ${fig(m)} | ${(o.MBps / m.MBps).toFixed(2)} | ${(o.MBps / l.MBps).toFixed(2)} |`);
  }
  const goals = report(r).split('## Goals')[1].trim();
  out.push('', 'Goals:', '', goals);
  return out.join('\n');
}
