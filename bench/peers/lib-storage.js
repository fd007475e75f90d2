// Contender: AWS SDK for JavaScript v3 `@aws-sdk/lib-storage` `Upload`, bundled by esbuild.
// Same target as ours: a sessionUpload created through Panopto's REST API, then the S3
// multipart upload to its UploadTarget, path-style, with the same dummy credentials, part
// size and queue size. Checksums only when required: the SDK's default CRC32 checksums
// (x-amz-checksum-* / aws-chunked trailers) are what breaks real Panopto uploads.
import { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';

window.__libStorageUpload = async (file, server, token, partSize, queueSize) => {
  const session = await (await fetch(new URL('/Panopto/PublicAPI/REST/sessionUpload', server), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ FolderId: '3f8c2a71-9d4e-4b6a-8c15-7e2f0a9d4b31' }),
  })).json();
  const target = new URL(session.UploadTarget);
  const [bucket, ...prefix] = target.pathname.split('/').filter(Boolean);
  const client = new S3Client({
    region: 'us-east-1',
    endpoint: target.origin,
    forcePathStyle: true,
    credentials: { accessKeyId: 'dummy', secretAccessKey: 'dummy' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const upload = new Upload({
    client,
    params: { Bucket: bucket, Key: [...prefix, file.name].join('/'), Body: file },
    partSize,
    queueSize,
  });
  const t = { start: performance.now() };
  upload.on('httpUploadProgress', (p) => { if (p.loaded >= file.size) t.end ??= performance.now(); });
  await upload.done();
  t.end ??= performance.now();
  return { seconds: (t.end - t.start) / 1000, uploadId: session.ID };
};
