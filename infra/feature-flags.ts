import type { App } from 'aws-cdk-lib';

/**
 * CDK feature flags the stacks rely on, set in code rather than in cdk.json so that tests (which
 * never read cdk.json) synthesize exactly what `cdk synth` does. Pinned on purpose: a CDK upgrade
 * must not change templates silently.
 */
export const featureFlags: Record<string, unknown> = {
  // Server access logs are authorized by a bucket policy, so buckets keep ACLs disabled.
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
  '@aws-cdk/aws-s3:createDefaultLoggingPolicy': true,
  '@aws-cdk/aws-iam:minimizePolicies': true,
  '@aws-cdk/core:enablePartitionLiterals': true,
  '@aws-cdk/aws-sns-subscriptions:restrictSqsDescryption': true,
  '@aws-cdk/aws-kms:aliasNameRef': true,
  '@aws-cdk/core:validateSnapshotRemovalPolicy': true,
  '@aws-cdk/core:checkSecretUsage': true,
  '@aws-cdk/aws-cloudfront:defaultSecurityPolicyTLSv1.2_2021': true,
  // Classic exports/imports between the stacks: a producer cannot drop a value still in use.
  '@aws-cdk/core:defaultCrossStackReferences': 'strong',
};

/** Must run before the first stack is added to the app. */
export function applyFeatureFlags(app: App): void {
  for (const [flag, value] of Object.entries(featureFlags)) app.node.setContext(flag, value);
}
