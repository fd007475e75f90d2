// TypeScript declarations for <panopto-uploader>.

export type UploadState =
  | 'ready' | 'duplicate' | 'elsewhere' | 'preparing' | 'uploading' | 'paused' | 'finishing'
  | 'processing' | 'cancelling' | 'complete' | 'error' | 'cancelled';

/** The `code` of `uploaderror` (the README lists what each means). */
export type UploadErrorCode =
  | 'invalid-config' | 'invalid-file' | 'invalid-input' | 'file-read' | 'file-changed'
  | 'network' | 'stalled' | 'token' | 'unauthorized' | 'not-found' | 'rejected'
  | 'server-unavailable' | 'bad-response' | 'signing' | 'parts' | 'manifest'
  | 'etag-mismatch' | 'etag-hidden' | 'processing-failed' | 'cancelled-by-server'
  | 'sign-in' | 'forbidden' | 'caption' | `s3-${string}`;

export interface UploadStartDetail { file: File }
export interface UploadProgressDetail {
  file: File;
  /** Bytes acknowledged by the server so far (never goes backwards). */
  loaded: number;
  total: number;
  bytesPerSecond: number;
  /** Estimated seconds left, or null while unknown. */
  etaSeconds: number | null;
}
export interface StateChangeDetail { file: File | null; state: UploadState }
/** protocol="panopto" (the default). */
export interface UploadCompleteDetail {
  file: File;
  /** The sessionUpload's (or, adding a stream, the StreamUpload's) ID. */
  id: string;
  /** The Panopto session that was created (or the stream was added to). */
  sessionId: string;
  viewerUrl: string;
}
/** protocol="panda". */
export interface PandaUploadCompleteDetail {
  file: File;
  /** The upload session's id. */
  id: string;
  /** The server's answer to the last byte: the video's JSON. */
  video: Record<string, unknown>;
}
export interface PandaSession { id: string | number; location: string }
export interface UploadErrorDetail {
  /** null for configuration errors. */
  file: File | null;
  /** A stable code (see UploadErrorCode). */
  code: UploadErrorCode;
  message: string;
  /** A transient failure: the same request may succeed later (the element had already
   *  retried it). start() or the Retry button resume the upload where it stopped. */
  retryable: boolean;
}
export interface TokenNeededDetail { reason: 'missing' | 'expired' }
/** Something that came with the upload did not make it; the upload completes all the same. */
export interface UploadWarningDetail {
  file: File;
  /** `caption`: a caption of a stream added to a session that Panopto refused. */
  code: 'caption';
  message: string;
}

export interface PanoptoUploaderEventMap extends HTMLElementEventMap {
  uploadstart: CustomEvent<UploadStartDetail>;
  progress: CustomEvent<UploadProgressDetail>;
  statechange: CustomEvent<StateChangeDetail>;
  uploadcomplete: CustomEvent<UploadCompleteDetail | PandaUploadCompleteDetail>;
  uploaderror: CustomEvent<UploadErrorDetail>;
  uploadwarning: CustomEvent<UploadWarningDetail>;
  tokenneeded: CustomEvent<TokenNeededDetail>;
}

export declare class PanoptoUploaderElement extends HTMLElement {
  /** Panopto base URL, e.g. https://yourschool.hosted.panopto.com (attribute `server`). */
  server: string | null;
  /**
   * Where every request to `server`'s origin goes instead: a path on this page's origin
   * (`/panopto`) or a URL, relayed to Panopto by the page's own web server, for a Panopto
   * that does not answer CORS for this page (attribute `relay`; README: "When Panopto does
   * not allow your page's origin (CORS)").
   */
  relay: string | null;
  /** Target folder GUID (attribute `folder-id`). Absent: the teacher chooses the folder. */
  folderId: string | null;
  /** Add files as streams of this existing session (StreamUpload; attribute `session-id`). */
  sessionId: string | null;
  /** Panopto API client ID for the teacher's own sign-in when the page gives no token
   *  (attribute `client-id`). */
  clientId: string | null;
  /** Sign-in redirect URL registered on that API client, on this page's origin (attribute
   *  `redirect-uri`; default: the oauth-callback.html shipped beside panopto-uploader.js). */
  redirectUri: string | null;
  /** What that API client is (attribute `oauth-flow`): `implicit` (default), a JavaScript
   *  Web Application; `code`, a client that takes codes with PKCE and no secret. */
  oauthFlow: 'implicit' | 'code' | null;
  /** How the teacher signs in (attribute `sign-in`): `popup` (default) or `redirect` (the
   *  page goes to Panopto and back; offered while no file is queued). */
  signIn: 'popup' | 'redirect' | null;
  /** Parts in flight per file, 1–16 (default 4). */
  concurrency: number | null;
  /** Part size in MiB, 5–25 (default 5). */
  partSizeMib: number | null;
  /** Start uploading as soon as files are added (attribute `auto-start`). */
  autoStart: boolean;
  /** Allow choosing several files at once (default true; `multiple="false"` disables). */
  multiple: boolean;
  /** File types offered by the picker (default `video/*,audio/*`). */
  accept: string | null;
  /** `panopto` (default) or `panda` (attribute `protocol`). */
  protocol: string | null;
  /** Hosts that `server`, `redirect-uri` and `upload-session-url` may reach over plain http
   * (space-separated; attribute `allow-http-hosts`). Loopback hosts need not be listed; any
   * other URL must be https. */
  allowHttpHosts: string | null;
  /** Panda: where the host's back end creates upload sessions (attribute `upload-session-url`). */
  uploadSessionUrl: string | null;
  /** Panda: the largest chunk in MiB, 1–1024 (default 128; equal to partSizeMib for fixed chunks). */
  maxChunkMib: number | null;
  /** Panda: the host's own way of creating an upload session, instead of upload-session-url. */
  createUpload: ((file: File) => PandaSession | Promise<PandaSession>) | null;
  /** Bearer token for Panopto's REST API. Kept in memory only. */
  accessToken: string | null;
  /** Called for a token before the first request and after a 401/403. */
  tokenProvider: (() => string | Promise<string>) | null;

  /** Queue files. A FileSystemFileHandle is read first and kept beside the upload's saved
   *  record (IndexedDB), so that after a reload the upload continues in one click. */
  addFiles(files: FileList | File | FileSystemFileHandle | Array<File | FileSystemFileHandle>): void;
  start(): void;
  pause(): void;
  resume(): void;
  cancel(): void;

  addEventListener<K extends keyof PanoptoUploaderEventMap>(
    type: K, listener: (this: PanoptoUploaderElement, ev: PanoptoUploaderEventMap[K]) => any,
    options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'panopto-uploader': PanoptoUploaderElement;
  }
}
