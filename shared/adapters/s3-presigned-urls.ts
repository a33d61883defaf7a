import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { type BucketKey, buckets, env } from '../../infra/wiring';
import { ValidationError } from '../kernel/errors';
import { awsClient } from './aws-clients';

/**
 * Short-lived URLs that let a browser put a file into a bucket or read one back without the file
 * passing through a function (DESIGN: originals uploaded with a presigned request). Not in `Deps`:
 * the S3 client and its signer weigh on every cold start, so only the code that hands out upload
 * links (the web server, for the identity and image features) builds it.
 */
export interface PresignedUrls {
  /**
   * A PUT of exactly `contentLength` bytes of `contentType` to `key`. Both headers are part of the
   * signature, so S3 refuses a body of another size or type: the declared size is the limit, and it
   * is checked against `maxBytes` before anything is signed.
   */
  upload(request: {
    bucket: BucketKey;
    key: string;
    contentType: string;
    contentLength: number;
    maxBytes: number;
    expiresInSeconds?: number;
  }): Promise<{ url: string; method: 'PUT'; headers: Record<string, string> }>;
  /** A GET of `key`; `downloadAs` makes the browser save it under that name. */
  download(request: {
    bucket: BucketKey;
    key: string;
    downloadAs?: string;
    expiresInSeconds?: number;
  }): Promise<{ url: string }>;
}

/** Five minutes: long enough to start an upload, short enough that a leaked link soon dies. */
const defaultExpirySeconds = 300;

/**
 * The PresignedUrls port over S3. URLs are signed with the function's own credentials: on Lambda
 * they stop working when the role's session does, whatever `expiresInSeconds` says, and the role
 * needs s3:PutObject / s3:GetObject on the bucket.
 */
export function s3PresignedUrls(vars: NodeJS.ProcessEnv): PresignedUrls {
  const s3 = awsClient(S3Client, 's3', vars, {
    // The local engine serves buckets as paths (127.0.0.1:port/bucket/key), not as host names.
    forcePathStyle: Boolean(vars[env.endpoint('s3')]),
    // Otherwise the SDK signs a checksum of the (empty) body into the URL and S3 refuses the upload.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const bucketName = (bucket: BucketKey): string => {
    if (!Object.hasOwn(buckets, bucket)) throw new Error(`Unknown bucket ${bucket}`);
    const name = vars[env.bucketName(bucket)];
    if (!name) throw new Error(`Missing environment variable ${env.bucketName(bucket)}`);
    return name;
  };
  return {
    async upload({ bucket, key, contentType, contentLength, maxBytes, expiresInSeconds }) {
      if (!Number.isInteger(contentLength) || contentLength < 1 || contentLength > maxBytes) {
        throw new ValidationError(
          [{ path: 'contentLength', message: `must be between 1 and ${maxBytes} bytes` }],
          {
            fr: `Le fichier doit faire au plus ${Math.floor(maxBytes / 1_000_000)} Mo.`,
            en: `The file must be at most ${Math.floor(maxBytes / 1_000_000)} MB.`,
          },
        );
      }
      if (!/^[\w.+-]+\/[\w.+-]+$/.test(contentType)) {
        throw new ValidationError([{ path: 'contentType', message: 'not a media type' }]);
      }
      const url = await getSignedUrl(
        s3,
        new PutObjectCommand({
          Bucket: bucketName(bucket),
          Key: key,
          ContentType: contentType,
          ContentLength: contentLength,
        }),
        {
          expiresIn: expiresInSeconds ?? defaultExpirySeconds,
          // The presigner leaves content-type out of the signature unless asked.
          signableHeaders: new Set(['content-type', 'content-length']),
        },
      );
      return {
        url,
        method: 'PUT',
        headers: { 'content-type': contentType, 'content-length': String(contentLength) },
      };
    },
    async download({ bucket, key, downloadAs, expiresInSeconds }) {
      const url = await getSignedUrl(
        s3,
        new GetObjectCommand({
          Bucket: bucketName(bucket),
          Key: key,
          ResponseContentDisposition: downloadAs
            ? `attachment; filename*=UTF-8''${encodeURIComponent(downloadAs)}`
            : undefined,
        }),
        { expiresIn: expiresInSeconds ?? defaultExpirySeconds },
      );
      return { url };
    },
  };
}
