// Contender: Uppy 5's `@uppy/aws-s3` (the widely deployed major) with @uppy/core 5, headless (no
// UI plugin), bundled by esbuild (bench/build.mjs points `@uppy/core` and `@uppy/aws-s3` at their
// v5 npm aliases). Same target as ours: a sessionUpload created through Panopto's REST API, then
// the S3 multipart upload to its UploadTarget, path-style, with the emulator's dummy keys.
//
// Uppy 5 has no client-side signer for a custom S3 endpoint: its `getTemporarySecurityCredentials`
// signs for https://s3.REGION.amazonaws.com/BUCKET only (createSignedURL.js builds that host). So
// it is configured the way an app without Companion does it: its own createMultipartUpload,
// signPart, completeMultipartUpload (here: SigV4-presigned URLs made in the page, presign.js, in
// place of the app's backend), and Uppy sends the parts, `limit` requests at once (default 6).
import Uppy from '@uppy/core';
import AwsS3 from '@uppy/aws-s3';
import { presign, s3Escape } from './presign.js';

window.__uppy5Upload = async (file, server, token, partSize, limit) => {
  const session = await (await fetch(new URL('/Panopto/PublicAPI/REST/sessionUpload', server), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ FolderId: '3f8c2a71-9d4e-4b6a-8c15-7e2f0a9d4b31' }),
  })).json();
  const url = (key, query) => new URL(`${session.UploadTarget}/${key.split('/').map(s3Escape).join('/')}${query}`);
  const uppy = new Uppy({ autoProceed: false });
  uppy.use(AwsS3, {
    limit,
    shouldUseMultipart: true,
    getChunkSize: () => partSize,
    async createMultipartUpload(f) {
      const r = await fetch(await presign('POST', url(f.name, '?uploads=')), { method: 'POST' });
      if (!r.ok) throw new Error(`CreateMultipartUpload: ${r.status}`);
      return { uploadId: (await r.text()).match(/<UploadId>([^<]+)<\/UploadId>/)[1], key: f.name };
    },
    async signPart(f, { uploadId, key, partNumber }) {
      return { url: await presign('PUT', url(key, `?partNumber=${partNumber}&uploadId=${encodeURIComponent(uploadId)}`)), method: 'PUT' };
    },
    async completeMultipartUpload(f, { uploadId, key, parts }) {
      const xml = `<CompleteMultipartUpload>${parts.map((p) => `<Part><PartNumber>${p.PartNumber}</PartNumber><ETag>${p.ETag}</ETag></Part>`).join('')}</CompleteMultipartUpload>`;
      const r = await fetch(await presign('POST', url(key, `?uploadId=${encodeURIComponent(uploadId)}`)), { method: 'POST', body: xml });
      if (!r.ok) throw new Error(`CompleteMultipartUpload: ${r.status} ${await r.text()}`);
      return { location: url(key, '').href };
    },
    async listParts() { return []; },
    async abortMultipartUpload() {},
  });
  uppy.addFile({ name: file.name, type: file.type, data: file, source: 'bench' });
  const result = await uppy.upload();
  if (!result || result.failed?.length) throw new Error(`Uppy 5: ${result?.failed?.[0]?.error ?? 'no result'}`);
  return { uploadId: session.ID };
};
