import { createHmac } from 'node:crypto';
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ServiceException,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { buckets, env } from '../../infra/wiring';
import type { FileBucket, FileStore } from '../kernel/ports';
import { awsClient } from './aws-clients';

/**
 * The FileStore port over S3. Requests are signed with the web server's own credentials: on
 * Lambda a link stops working when the role's session does, whatever its expiry says, and the
 * role needs s3:PutObject, s3:GetObject and s3:DeleteObject on the bucket (`put`: s3:PutObject on
 * the images bucket), and s3:ListBucket
 * (erasure's `deleteUnder`, limited to the `clients/` prefix). A browser POST also needs the
 * bucket's CORS rules to allow POST from the site's origin.
 */
export function s3FileStore(vars: NodeJS.ProcessEnv): FileStore {
  const endpoint = vars[env.endpoint('s3')];
  const s3 = awsClient(S3Client, 's3', vars, {
    // The local engine serves buckets as paths (127.0.0.1:port/bucket/key), not as host names.
    forcePathStyle: Boolean(endpoint),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const bucketName = (bucket: FileBucket): string => {
    if (!Object.hasOwn(buckets, bucket)) throw new Error(`Unknown bucket ${bucket}`);
    const name = vars[env.bucketName(bucket)];
    if (!name) throw new Error(`Missing environment variable ${env.bucketName(bucket)}`);
    return name;
  };
  const absent = (error: unknown) => {
    const { name, $metadata } = error as S3ServiceException;
    return name === 'NoSuchKey' || name === 'NotFound' || $metadata?.httpStatusCode === 404;
  };

  return {
    async presignUpload({ bucket, key, contentType, maxBytes, expiresInSeconds, successRedirect }) {
      const name = bucketName(bucket);
      const credentials = await s3.config.credentials();
      const region = await s3.config.region();
      const fields = signPostPolicy({
        bucket: name,
        key,
        contentType,
        maxBytes,
        expiresInSeconds,
        successRedirect,
        region,
        credentials,
        now: new Date(),
      });
      const url = endpoint
        ? `${endpoint.replace(/\/$/, '')}/${name}`
        : `https://${name}.s3.${region}.amazonaws.com/`;
      return { url, fields };
    },

    async presignDownload({ bucket, key, fileName, contentType, expiresInSeconds }) {
      const url = await getSignedUrl(
        s3,
        new GetObjectCommand({
          Bucket: bucketName(bucket),
          Key: key,
          ResponseContentDisposition: attachmentDisposition(fileName),
          ResponseContentType: contentType,
        }),
        { expiresIn: expiresInSeconds },
      );
      return { url };
    },

    async readStart({ bucket, key, length }) {
      try {
        const answer = await s3.send(
          new GetObjectCommand({ Bucket: bucketName(bucket), Key: key, Range: `bytes=0-${length - 1}` }),
        );
        const bytes = (await answer.Body?.transformToByteArray()) ?? new Uint8Array();
        // "bytes 0-15/123456": the total follows the slash. Without a range answer the body is whole.
        const total = /\/(\d+)$/.exec(answer.ContentRange ?? '')?.[1];
        const size = total === undefined ? (answer.ContentLength ?? bytes.length) : Number(total);
        return { bytes: bytes.subarray(0, length), size, etag: answer.ETag ?? '' };
      } catch (error) {
        if (absent(error)) return undefined;
        // A range that starts past the end: the object is empty.
        if ((error as S3ServiceException).$metadata?.httpStatusCode === 416) {
          return { bytes: new Uint8Array(), size: 0, etag: '' };
        }
        throw error;
      }
    },

    async put({ bucket, key, body, contentType, cacheControl }) {
      const answer = await s3.send(
        new PutObjectCommand({
          Bucket: bucketName(bucket),
          Key: key,
          Body: body,
          ContentType: contentType,
          ...(cacheControl ? { CacheControl: cacheControl } : {}),
        }),
      );
      return { etag: answer.ETag ?? '' };
    },

    async head({ bucket, key }) {
      try {
        const answer = await s3.send(new HeadObjectCommand({ Bucket: bucketName(bucket), Key: key }));
        return { size: answer.ContentLength ?? 0, etag: answer.ETag ?? '' };
      } catch (error) {
        if (absent(error)) return undefined;
        throw error;
      }
    },

    async delete({ bucket, key }) {
      await s3.send(new DeleteObjectCommand({ Bucket: bucketName(bucket), Key: key }));
    },

    async deleteUnder({ bucket, prefix }) {
      // A folder only: an empty or unterminated prefix could reach far more than one client's files.
      if (!/^[^/].*\/$/.test(prefix)) throw new Error(`Not a folder prefix: ${JSON.stringify(prefix)}`);
      const name = bucketName(bucket);
      let deleted = 0;
      // Each page is deleted before the next is listed, so the listing always starts again from
      // what is left: a run that stops halfway is finished by the next one.
      for (;;) {
        const page = await s3.send(new ListObjectsV2Command({ Bucket: name, Prefix: prefix, MaxKeys: 1000 }));
        const keys = (page.Contents ?? []).flatMap((object) => (object.Key ? [{ Key: object.Key }] : []));
        if (keys.length === 0) return { deleted };
        const answer = await s3.send(
          new DeleteObjectsCommand({ Bucket: name, Delete: { Objects: keys, Quiet: true } }),
        );
        const failed = answer.Errors ?? [];
        if (failed.length > 0) {
          throw new Error(
            `S3 kept ${failed.length} objects under the prefix: ${failed[0]?.Code ?? 'unknown'}`,
          );
        }
        deleted += keys.length;
      }
    },
  };
}

/**
 * `attachment` with the name twice (RFC 6266): `filename` in plain ASCII for old clients, then
 * `filename*` in UTF-8, which browsers prefer. The name is expected already safe (no path, no
 * control characters); quotes and backslashes are still kept out of the quoted form.
 */
export function attachmentDisposition(fileName: string): string {
  const fallback = fileName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** The Signature Version 4 key of a day, region and service (AWS "derive a signing key"). */
export function signingKey(secretAccessKey: string, day: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, day), region), service), 'aws4_request');
}

/**
 * The form fields of a browser POST upload (S3 "POST policy", Signature Version 4): the policy
 * names the exact key and type and bounds the size with `content-length-range`, so S3 itself
 * refuses a larger body. Built here rather than with `@aws-sdk/s3-presigned-post`, which Parvis
 * does not depend on: it is a base64 JSON document and one HMAC (checked against AWS's published
 * example in the test).
 */
export function signPostPolicy(request: {
  bucket: string;
  key: string;
  contentType: string;
  maxBytes: number;
  expiresInSeconds: number;
  /** `success_action_redirect`: S3 answers 303 to it (with bucket, key and etag added) instead of 204. */
  successRedirect?: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  now: Date;
}): Record<string, string> {
  const { bucket, key, contentType, maxBytes, expiresInSeconds, successRedirect, region, credentials, now } =
    request;
  const amzDate = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const credential = `${credentials.accessKeyId}/${day}/${region}/s3/aws4_request`;
  const signed: Record<string, string> = {
    key,
    'Content-Type': contentType,
    'x-amz-algorithm': 'AWS4-HMAC-SHA256',
    'x-amz-credential': credential,
    'x-amz-date': amzDate,
    ...(credentials.sessionToken ? { 'x-amz-security-token': credentials.sessionToken } : {}),
    ...(successRedirect ? { success_action_redirect: successRedirect } : {}),
  };
  const policy = Buffer.from(
    JSON.stringify({
      expiration: new Date(now.getTime() + expiresInSeconds * 1000).toISOString(),
      conditions: [
        { bucket },
        ...Object.entries(signed).map(([name, value]) => ({ [name]: value })),
        ['content-length-range', 1, maxBytes],
      ],
    }),
  ).toString('base64');
  const signature = hmac(signingKey(credentials.secretAccessKey, day, region, 's3'), policy).toString('hex');
  return { ...signed, policy, 'x-amz-signature': signature };
}
