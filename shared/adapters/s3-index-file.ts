import { GetObjectCommand, PutObjectCommand, S3Client, type S3ServiceException } from '@aws-sdk/client-s3';
import { buckets, env } from '../../infra/wiring';
import { type IndexFileStore, searchIndexBucket } from '../search/index-file';
import { awsClient } from './aws-clients';

/** The IndexFileStore over S3 (the role needs s3:GetObject or s3:PutObject on the images bucket). */
export function s3IndexFileStore(vars: NodeJS.ProcessEnv): IndexFileStore {
  const endpoint = vars[env.endpoint('s3')];
  const s3 = awsClient(S3Client, 's3', vars, {
    forcePathStyle: Boolean(endpoint),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const bucketVar = env.bucketName(searchIndexBucket);
  const bucket = () => {
    const name = vars[bucketVar];
    if (!name || !Object.hasOwn(buckets, searchIndexBucket)) {
      throw new Error(`Missing environment variable ${bucketVar}`);
    }
    return name;
  };
  return {
    async read({ key, ifNoneMatch }) {
      try {
        const answer = await s3.send(
          new GetObjectCommand({ Bucket: bucket(), Key: key, IfNoneMatch: ifNoneMatch }),
        );
        const body = (await answer.Body?.transformToString('utf-8')) ?? '';
        return { status: 'found', body, etag: answer.ETag ?? '' };
      } catch (error) {
        const { name, $metadata } = error as S3ServiceException;
        if ($metadata?.httpStatusCode === 304 || name === 'NotModified') return { status: 'notModified' };
        if (name === 'NoSuchKey' || name === 'NotFound' || $metadata?.httpStatusCode === 404) {
          return { status: 'absent' };
        }
        throw error;
      }
    },
    async write({ key, body }) {
      const answer = await s3.send(
        new PutObjectCommand({
          Bucket: bucket(),
          Key: key,
          Body: body,
          ContentType: 'application/json; charset=utf-8',
          // Read by the web server only, conditionally: no cache should keep an older copy.
          CacheControl: 'no-cache',
        }),
      );
      return { etag: answer.ETag ?? '' };
    },
  };
}
