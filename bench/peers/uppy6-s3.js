// Contender: Uppy 6's `@uppy/aws-s3` with @uppy/core 6, headless (no UI plugin), bundled by
// esbuild. Same target as ours: a sessionUpload through Panopto's REST API, then the S3 multipart
// upload to its UploadTarget. Uppy 6 signs in the page itself (its bundled s3mini SigV4 presigner)
// when given `getCredentials` and an `s3Endpoint`: the endpoint is the UploadTarget, so requests
// are path-style (/Panopto/Upload/ID/KEY), and the credentials are the emulator's dummy keys.
// `limit` is files at once in Uppy 6: the parts of one file go one after another.
import Uppy from '@uppy/core';
import AwsS3 from '@uppy/aws-s3';

window.__uppy6Upload = async (file, server, token, partSize, limit) => {
  const session = await (await fetch(new URL('/Panopto/PublicAPI/REST/sessionUpload', server), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ FolderId: '3f8c2a71-9d4e-4b6a-8c15-7e2f0a9d4b31' }),
  })).json();
  const uppy = new Uppy({ autoProceed: false });
  uppy.use(AwsS3, {
    s3Endpoint: session.UploadTarget,
    region: 'us-east-1',
    getCredentials: () => ({ credentials: { accessKeyId: 'dummy', secretAccessKey: 'dummy' }, region: 'us-east-1' }),
    limit,
    shouldUseMultipart: true,
    getChunkSize: () => partSize,
    generateObjectKey: (f) => f.name,
  });
  uppy.addFile({ name: file.name, type: file.type, data: file, source: 'bench' });
  const result = await uppy.upload();
  if (!result || result.failed?.length) throw new Error(`Uppy 6: ${result?.failed?.[0]?.error ?? 'no result'}`);
  return { uploadId: session.ID };
};
