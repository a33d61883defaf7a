import type { BucketKey } from '../../infra/wiring';

/**
 * The ports every use case receives in `deps`. Use cases never read process.env or import an SDK:
 * handlers and SvelteKit server code build these once per container and tests pass fixed ones.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until moved: for tests. */
export function fixedClock(
  start: Date | string,
): Clock & { set(at: Date | string): void; advance(ms: number): void } {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set: (at) => {
      current = new Date(at);
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
    },
  };
}

/** Sortable unique ids (ULID): creation order is key order. */
export type IdGenerator = () => string;

export interface Logger {
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

/**
 * What a failed send means for the message, set by the MailSender adapter on the error it throws
 * (`error.mailOutcome`): SES `SendEmail` is not idempotent, so the sender must know whether a mail
 * may have gone out before it tries again.
 * - `refused`: SES answered and did not accept it (throttling, quota, sending paused): safe to send later.
 * - `rejected`: SES will never accept it as it is (bad address, unverified sender): do not retry.
 * - `unknown`: no answer, or an answer that does not prove refusal (time-out, dropped connection,
 *   5xx): SES may have accepted it; never resend blindly.
 */
export type MailFailureOutcome = 'refused' | 'rejected' | 'unknown';

/** The outcome carried by an error thrown by `MailSender.send`; `unknown` when it carries none. */
export function mailFailureOutcome(error: unknown): MailFailureOutcome {
  const outcome = (error as { mailOutcome?: unknown } | null | undefined)?.mailOutcome;
  return outcome === 'refused' || outcome === 'rejected' ? outcome : 'unknown';
}

/** Sends one rendered e-mail (SES on AWS and locally through its twin). */
export interface MailSender {
  send(mail: {
    from: string;
    to: string;
    replyTo?: string;
    subject: string;
    html: string;
    text: string;
    /** Tags flow back in SES notifications. */
    tags?: Record<string, string>;
    /** Files sent with the mail (PDF receipts and tickets), read by the sender (decision 0018). */
    attachments?: { filename: string; contentType: string; content: Uint8Array }[];
  }): Promise<{ providerMessageId: string }>;
}

/** Publishes JSON messages on a queue named by its logical key (see infra/wiring.ts). */
export interface QueuePublisher {
  publish(queue: string, messages: object[], options?: { delaySeconds?: number }): Promise<void>;
}

/** A bucket of infra/wiring.ts, by its logical key. */
export type FileBucket = BucketKey;

/**
 * Files that browsers send and fetch straight from S3 (CRM-10): the function only signs the
 * requests and looks at what arrived. Not in `Deps`: only the web server (and the function that
 * writes image crops, ORG-06) builds it (shared/adapters/s3-files.ts), so no other queue or
 * schedule function carries the S3 client.
 */
export interface FileStore {
  /**
   * A browser form upload (S3 POST policy) of one object: exactly `key`, stored with `contentType`,
   * of 1 to `maxBytes` bytes (S3 refuses anything else), valid `expiresInSeconds`. The browser
   * posts `fields` then the file, last, as multipart/form-data to `url`.
   */
  presignUpload(request: {
    bucket: FileBucket;
    key: string;
    contentType: string;
    maxBytes: number;
    expiresInSeconds: number;
    /** Where S3 redirects the browser (303) after storing the file, for forms posted without JavaScript. */
    successRedirect?: string;
  }): Promise<{ url: string; fields: Record<string, string> }>;
  /** A GET link that saves the object as `fileName` with `contentType`, whatever it was stored with. */
  presignDownload(request: {
    bucket: FileBucket;
    key: string;
    fileName: string;
    contentType: string;
    expiresInSeconds: number;
  }): Promise<{ url: string }>;
  /** The object's first `length` bytes (one ranged GET), its whole size and ETag; undefined when absent. */
  readStart(request: {
    bucket: FileBucket;
    key: string;
    length: number;
  }): Promise<{ bytes: Uint8Array; size: number; etag: string } | undefined>;
  /**
   * Writes a whole object the server itself produced (image renditions), never a browser's upload,
   * with its type and, when given, the Cache-Control S3 and CloudFront answer it with.
   */
  put(request: {
    bucket: FileBucket;
    key: string;
    body: Uint8Array;
    contentType: string;
    cacheControl?: string;
  }): Promise<{ etag: string }>;
  /** Size and ETag of the object, undefined when absent. */
  head(request: { bucket: FileBucket; key: string }): Promise<{ size: number; etag: string } | undefined>;
  /** Removes the object; removing one that is not there is not an error. */
  delete(request: { bucket: FileBucket; key: string }): Promise<void>;
  /**
   * Removes every object whose key starts with `prefix` (a folder: non-empty, ending with `/`),
   * uploads never confirmed included: erasure (CRM-07) empties `clients/<clientId>/`. Returns how
   * many were removed; an empty folder is not an error.
   */
  deleteUnder(request: { bucket: FileBucket; prefix: string }): Promise<{ deleted: number }>;
}
