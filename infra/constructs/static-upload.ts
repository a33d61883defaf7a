import { existsSync } from 'node:fs';
import { Aws, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { nagText } from '../nag';
import type { WebBuild } from './web-build';

export interface StaticUploadProps {
  build: WebBuild;
  bucket: s3.Bucket;
  logRetention: logs.RetentionDays;
}

/**
 * Copies build/client into the assets bucket at deploy time (CDK BucketDeployment): the
 * content-hashed `_app/immutable` files with a one-year Cache-Control and never deleted (a browser
 * on the previous version may still ask for them), the rest revalidated on every request and
 * pruned when it leaves the build.
 */
export class StaticUpload extends Construct {
  constructor(scope: Construct, id: string, props: StaticUploadProps) {
    super(scope, id);
    const { build, bucket } = props;

    const logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention });
    // Our own role, so the handler gets no AWS-managed policy.
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Copies the SvelteKit static build into the assets bucket',
    });
    logGroup.grantWrite(role);
    const common = { destinationBucket: bucket, role, logGroup, memoryLimit: 512 };

    if (existsSync(build.immutable)) {
      new s3deploy.BucketDeployment(this, 'Immutable', {
        ...common,
        sources: [s3deploy.Source.asset(build.immutable)],
        destinationKeyPrefix: '_app/immutable/',
        prune: false,
        cacheControl: [s3deploy.CacheControl.fromString('public, max-age=31536000, immutable')],
      });
    }
    new s3deploy.BucketDeployment(this, 'Other', {
      ...common,
      sources: [s3deploy.Source.asset(build.client, { exclude: ['_app/immutable/**'] })],
      exclude: ['_app/immutable/*'],
      prune: true,
      // Not content-hashed (version.json, favicon…): browsers revalidate every time.
      cacheControl: [s3deploy.CacheControl.fromString('public, max-age=0, must-revalidate')],
    });

    // CDK grants the handler these wildcards itself: read of the CDK asset bucket, write into ours.
    for (const action of ['s3:GetBucket*', 's3:GetObject*', 's3:List*', 's3:Abort*', 's3:DeleteObject*']) {
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason:
          'Granted by CDK BucketDeployment to copy the static build from the CDK asset bucket into the assets bucket; limited to those two buckets.',
      });
    }
    const stack = Stack.of(this);
    for (const resource of [
      `arn:${Aws.PARTITION}:s3:::cdk-hnb659fds-assets-${Aws.ACCOUNT_ID}-${Aws.REGION}/*`,
      bucket.arnForObjects('*'),
    ]) {
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${nagText(stack, resource)}]`,
        reason:
          'BucketDeployment reads any object of the CDK asset bucket it was given and writes any key of the assets bucket (file names come from the build).',
      });
    }
    // The handler itself is a stack-level singleton.
    for (const child of stack.node.children) {
      if (!child.node.id.startsWith('Custom::CDKBucketDeployment')) continue;
      const runtimeReason =
        'Deploy-time handler of CDK BucketDeployment (Python); its runtime is chosen and updated by aws-cdk-lib, not by us.';
      Validations.of(child).acknowledge(
        { id: 'AwsSolutions-L1', reason: runtimeReason },
        { id: 'Serverless-LambdaLatestVersion', reason: runtimeReason },
        {
          id: 'Serverless-LambdaDLQ',
          reason:
            'CloudFormation custom-resource handler: CloudFormation invokes it during a deploy and waits for its answer, and a failure fails (and rolls back) that deploy; a dead-letter target would hold nothing anyone acts on.',
        },
        {
          id: 'Serverless-LambdaTracing',
          reason:
            'Runs only during a deploy, to copy the static build into S3 (aws-cdk-lib code, not ours); a failure already fails the deploy, with its log in this construct’s log group. Traces of it would show nothing about the site.',
        },
      );
    }
  }
}
