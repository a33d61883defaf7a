import { Aws, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { bucketName, type ParvisConfig } from '../config';
import { pascal } from '../constructs/names';
import { type PrivateBucketProps, privateBucket } from '../constructs/private-bucket';
import { type BucketKey, buckets } from '../wiring';

export interface StorageStackProps extends StackProps {
  config: ParvisConfig;
  /**
   * Origins allowed to PUT to the uploads bucket with a presigned URL (the site). CORS is not the
   * access control here, the presigned signature is; CORS only lets the browser make the call.
   */
  uploadOrigins: string[];
}

/** The wiring's buckets (uploads, images, documents) and the bucket their access logs go to. */
export class StorageStack extends Stack {
  readonly buckets: Record<BucketKey, s3.Bucket>;
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: StorageStackProps) {
    super(scope, id, props);

    this.accessLogs = privateBucket(this, 'AccessLogs', {
      bucketName: bucketName(props.config, 'access-logs'),
      lifecycleRules: [{ id: 'expire-logs', expiration: Duration.days(90) }],
    });

    const settings: Record<BucketKey, Omit<PrivateBucketProps, 'bucketName'>> = {
      // Originals as users sent them: versioned so an overwrite or delete can be undone.
      uploads: {
        versioned: true,
        cors: [
          {
            allowedOrigins: props.uploadOrigins,
            // PUT for presigned URLs (images), POST for presigned forms (client documents, CRM-10).
            allowedMethods: [s3.HttpMethods.PUT, s3.HttpMethods.POST],
            allowedHeaders: ['*'],
            exposedHeaders: ['ETag'],
            maxAge: 3000,
          },
        ],
        lifecycleRules: [{ id: 'expire-old-versions', noncurrentVersionExpiration: Duration.days(30) }],
      },
      // Derived crops: reproducible from uploads, so not versioned.
      images: {},
      // Tickets, receipts, attestations: versioned, old versions kept a year.
      documents: {
        versioned: true,
        lifecycleRules: [{ id: 'expire-old-versions', noncurrentVersionExpiration: Duration.days(365) }],
      },
    };

    const made = {} as Record<BucketKey, s3.Bucket>;
    for (const key of Object.keys(buckets) as BucketKey[]) {
      made[key] = privateBucket(this, pascal(buckets[key].name), {
        ...settings[key],
        bucketName: bucketName(props.config, buckets[key].name),
        accessLogs: { bucket: this.accessLogs, prefix: `${buckets[key].name}/` },
      });
    }
    this.buckets = made;

    // --- Event images (ORG-06): CloudFront reads the renditions (web stack, /images/*) -------------
    // Through origin access control, whose signed requests come from CloudFront's service principal
    // with the distribution's ARN. That distribution is made later, by the web stack (which knows
    // this bucket by name only): any distribution of this account, for the images/ keys only. The
    // renditions are public on the site anyway; the bucket stays closed to everyone else.
    made.images.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudFrontReadsRenditions',
        principals: [new iam.ServicePrincipal('cloudfront.amazonaws.com')],
        actions: ['s3:GetObject'],
        resources: [made.images.arnForObjects('images/*')],
        conditions: {
          StringEquals: { 'AWS:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: { 'AWS:SourceArn': `arn:${Aws.PARTITION}:cloudfront::${Aws.ACCOUNT_ID}:distribution/*` },
        },
      }),
    );
  }
}
