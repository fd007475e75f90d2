// "The limit" contender, run inside the page: plain unsigned fetch PUTs of the file's
// parts (Blob slices) at the given concurrency, straight to the emulator's S3 endpoint —
// no signing, no hashing, no retries. Returns the seconds from the first PUT to the last
// answer. Exposed as window.__limitUpload(file, server, token, partSize, concurrency).
window.__limitUpload = async (file, server, token, partSize, concurrency) => {
  const folder = '3f8c2a71-9d4e-4b6a-8c15-7e2f0a9d4b31';
  const rest = await fetch(new URL('/Panopto/PublicAPI/REST/sessionUpload', server), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ FolderId: folder }),
  });
  const session = await rest.json();
  const target = `${session.UploadTarget}/${encodeURIComponent(file.name)}`;
  const created = await (await fetch(`${target}?uploads`, { method: 'POST' })).text();
  const uploadId = created.match(/<UploadId>([^<]+)<\/UploadId>/)[1];
  const count = Math.ceil(file.size / partSize);
  const etags = new Array(count);
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) {
      const n = next++;
      const r = await fetch(`${target}?partNumber=${n + 1}&uploadId=${encodeURIComponent(uploadId)}`, {
        method: 'PUT', body: file.slice(n * partSize, Math.min(file.size, (n + 1) * partSize)),
      });
      if (!r.ok) throw new Error(`part ${n + 1}: ${r.status}`);
      etags[n] = r.headers.get('etag');
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  const xml = `<CompleteMultipartUpload>${etags.map((e, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${e}</ETag></Part>`).join('')}</CompleteMultipartUpload>`;
  const done = await fetch(`${target}?uploadId=${encodeURIComponent(uploadId)}`, { method: 'POST', body: xml });
  if (!done.ok) throw new Error(`complete: ${done.status}`);
  return seconds;
};
