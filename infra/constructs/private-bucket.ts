import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

export interface PrivateBucketProps {
  bucketName: string;
  versioned?: boolean;
  /** Where S3 writes this bucket's server access logs; omitted only for a log bucket itself. */
  accessLogs?: { bucket: s3.IBucket; prefix: string };
  cors?: s3.CorsRule[];
  /** Extra lifecycle rules, after the incomplete-multipart cleanup every bucket gets. */
  lifecycleRules?: s3.LifecycleRule[];
  objectOwnership?: s3.ObjectOwnership;
}

/**
 * The one way Parvis makes a bucket: private (all public access blocked), S3-managed encryption
 * (no KMS key to pay for), TLS only, abandoned multipart uploads removed, kept on stack deletion.
 */
export function privateBucket(scope: Construct, id: string, props: PrivateBucketProps): s3.Bucket {
  return new s3.Bucket(scope, id, {
    bucketName: props.bucketName,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    versioned: props.versioned ?? false,
    objectOwnership: props.objectOwnership ?? s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    ...(props.accessLogs
      ? { serverAccessLogsBucket: props.accessLogs.bucket, serverAccessLogsPrefix: props.accessLogs.prefix }
      : {}),
    ...(props.cors ? { cors: props.cors } : {}),
    lifecycleRules: [
      { id: 'abort-incomplete-multipart', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ...(props.lifecycleRules ?? []),
    ],
    removalPolicy: RemovalPolicy.RETAIN,
  });
}
