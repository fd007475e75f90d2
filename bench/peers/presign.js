// SigV4 query-string presigning (host signed, UNSIGNED-PAYLOAD) with WebCrypto, for the Uppy v5
// contender: what a backend's presigner (e.g. @aws-sdk/s3-request-presigner, or Companion) hands
// Uppy for each request. Run in the page here, with the emulator's dummy keys; the signing key is
// derived once per day, as a presigner does.
const enc = new TextEncoder();
const hex = (b) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, '0')).join('');
/** S3's URI encoding: every byte but the unreserved ones. */
export const s3Escape = (s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
async function hmac(key, data) {
  const k = await crypto.subtle.importKey('raw', typeof key === 'string' ? enc.encode(key) : key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return crypto.subtle.sign('HMAC', k, enc.encode(data));
}
const keys = new Map();

/** A presigned URL for `method` on `url` (its path already S3-encoded; its query unsigned). */
export async function presign(method, url, { accessKeyId = 'dummy', secretAccessKey = 'dummy', region = 'us-east-1', expires = 3600 } = {}) {
  const now = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
  const day = now.slice(0, 8);
  const scope = `${day}/${region}/s3/aws4_request`;
  const query = [...url.searchParams,
    ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'], ['X-Amz-Credential', `${accessKeyId}/${scope}`], ['X-Amz-Date', now],
    ['X-Amz-Expires', String(expires)], ['X-Amz-SignedHeaders', 'host']]
    .map(([k, v]) => [s3Escape(k), s3Escape(v)])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`).join('&');
  const canonical = [method, url.pathname, query, `host:${url.host}`, '', 'host', 'UNSIGNED-PAYLOAD'].join('\n');
  const toSign = ['AWS4-HMAC-SHA256', now, scope, hex(await crypto.subtle.digest('SHA-256', enc.encode(canonical)))].join('\n');
  const id = `${secretAccessKey}/${scope}`;
  if (!keys.has(id)) {
    let k = await hmac(`AWS4${secretAccessKey}`, day);
    for (const part of [region, 's3', 'aws4_request']) k = await hmac(k, part);
    keys.set(id, k);
  }
  return `${url.origin}${url.pathname}?${query}&X-Amz-Signature=${hex(await hmac(keys.get(id), toSign))}`;
}
