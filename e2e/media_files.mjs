// Files for the media check: the checked-in 4 s MP4 (e2e/fixtures/lecture-4s.mp4, made with
// `ffmpeg -f lavfi -i testsrc=size=320x180:rate=15:duration=4 -f lavfi -i sine=frequency=440:duration=4
//  -c:v libx264 -profile:v baseline -pix_fmt yuv420p -crf 35 -c:a aac -b:a 32k -movflags +faststart`:
// H.264 + AAC, 31 KB), a cut-off copy of it (its `moov`, the index, left out, as when the
// recorder dies), a PDF under a video's name, and big sparse MP4s whose `moov` sits behind
// a GiB-sized `mdat` (for the benchmark: nothing but their ends is ever written to disk).
import fs from 'node:fs';
import path from 'node:path';
import { TMP } from './harness.mjs';

export const SAMPLE = path.join(import.meta.dirname, 'fixtures/lecture-4s.mp4');

/** The top-level boxes of an MP4: [{ type, start, size }]. */
export function boxes(buf) {
  const out = [];
  for (let at = 0; at + 8 <= buf.length;) {
    let size = buf.readUInt32BE(at);
    if (size === 1) size = Number(buf.readBigUInt64BE(at + 8));
    if (size === 0) size = buf.length - at;
    out.push({ type: buf.toString('latin1', at + 4, at + 8), start: at, size });
    if (size < 8) break;
    at += size;
  }
  return out;
}

/** The sample under `name`. */
export function goodMp4(name) {
  const file = path.join(TMP, name);
  fs.copyFileSync(SAMPLE, file);
  return file;
}

/** The sample without its `moov`: a recording whose index was never written. */
export function cutOffMp4(name) {
  const buf = fs.readFileSync(SAMPLE);
  const kept = boxes(buf).filter((b) => b.type !== 'moov').map((b) => buf.subarray(b.start, b.start + b.size));
  const file = path.join(TMP, name);
  fs.writeFileSync(file, Buffer.concat(kept));
  return file;
}

/** A PDF (the slides) named like a recording. */
export function pdfNamedMp4(name) {
  const file = path.join(TMP, name);
  const body = '%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n';
  fs.writeFileSync(file, Buffer.from(body.repeat(200), 'latin1'));
  return file;
}

/**
 * An MP4 of `size` bytes on disk, sparse: `ftyp`, one `mdat` with a 64-bit size filling
 * the middle (never written: it reads as zeros), and the `moov` of `source` (the sample's by
 * default) at the end, as a recorder that writes the index last leaves it.
 */
export function sparseMp4(name, size, source = SAMPLE) {
  const buf = fs.readFileSync(source);
  const all = boxes(buf);
  const part = (type) => { const b = all.find((x) => x.type === type); return buf.subarray(b.start, b.start + b.size); };
  const ftyp = part('ftyp');
  const moov = part('moov');
  const mdatSize = size - ftyp.length - moov.length;
  const header = Buffer.alloc(16);
  header.writeUInt32BE(1, 0);
  header.write('mdat', 4, 'latin1');
  header.writeBigUInt64BE(BigInt(mdatSize), 8);
  const file = path.join(TMP, name);
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, ftyp, 0, ftyp.length, 0);
  fs.writeSync(fd, header, 0, header.length, ftyp.length);
  fs.writeSync(fd, moov, 0, moov.length, size - moov.length);
  fs.closeSync(fd);
  return file;
}
