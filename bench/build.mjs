// Bundles the peers with esbuild the same way for every one of them (--bundle --minify,
// ESM, browser): the lib-storage contender that runs, and the weight-only bundles.
import * as esbuild from 'esbuild';
import path from 'node:path';

const here = import.meta.dirname;
const out = path.join(here, 'build');
for (const name of ['lib-storage', 'weight-lib-storage', 'weight-uppy', 'weight-mux']) {
  await esbuild.build({
    entryPoints: [path.join(here, 'peers', `${name}.js`)],
    bundle: true,
    minify: true,
    format: name === 'lib-storage' ? 'iife' : 'esm',
    platform: 'browser',
    target: 'es2022',
    outfile: path.join(out, `${name}.js`),
    logLevel: 'error',
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
  });
}
console.log(`peers bundled into ${out}`);
