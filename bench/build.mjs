// Bundles the peers with esbuild the same way for every one of them (--bundle --minify,
// ESM, browser): the contenders that run in the page (lib-storage, Uppy 5 and Uppy 6 with
// their aws-s3 uploaders; IIFE scripts) and the weight-only bundles.
import * as esbuild from 'esbuild';
import path from 'node:path';

const here = import.meta.dirname;
const out = path.join(here, 'build');
// Uppy 5 is installed beside Uppy 6 under npm aliases (package.json; .npmrc explains the peers).
const UPPY5 = { '@uppy/core': 'uppy-core-5', '@uppy/aws-s3': 'uppy-aws-s3-5' };
const RUN = new Set(['lib-storage', 'uppy5-s3', 'uppy6-s3']);
for (const name of ['lib-storage', 'uppy5-s3', 'uppy6-s3', 'weight-lib-storage', 'weight-uppy', 'weight-mux']) {
  await esbuild.build({
    entryPoints: [path.join(here, 'peers', `${name}.js`)],
    bundle: true,
    minify: true,
    format: RUN.has(name) ? 'iife' : 'esm',
    platform: 'browser',
    target: 'es2022',
    outfile: path.join(out, `${name}.js`),
    logLevel: 'error',
    alias: name === 'uppy5-s3' ? UPPY5 : {},
    // Uppy's package.json imports (`with { type: 'json' }`) only read their version.
    loader: { '.json': 'json' },
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
  });
}
console.log(`peers bundled into ${out}`);
