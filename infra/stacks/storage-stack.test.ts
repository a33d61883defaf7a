import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { bareApp } from '../test/parvis-app';
import { buckets } from '../wiring';
import { StorageStack } from './storage-stack';

describe('StorageStack', () => {
  const { app, config } = bareApp();
  const stack = new StorageStack(app, 'Storage', { config, uploadOrigins: ['https://parvis.example.org'] });
  const template = Template.fromStack(stack);
  const allBuckets = template.findResources('AWS::S3::Bucket');

  it('has a bucket for each wiring bucket, plus the access-log bucket', () => {
    expect(Object.keys(allBuckets)).toHaveLength(Object.keys(buckets).length + 1);
    for (const spec of Object.values(buckets)) {
      template.hasResourceProperties('AWS::S3::Bucket', {
        BucketName: { 'Fn::Join': ['', Match.arrayWith([`parvis-dev-${spec.name}-`])] },
      });
    }
  });

  it('blocks all public access and encrypts every bucket, and keeps it on stack deletion', () => {
    for (const bucket of Object.values(allBuckets)) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.BucketEncryption).toEqual({
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      });
      expect(bucket.DeletionPolicy).toBe('Retain');
      expect(bucket.Properties.LifecycleConfiguration.Rules).toContainEqual(
        expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
      );
    }
  });

  it('refuses plain-HTTP requests on every bucket', () => {
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'));
    expect(policies).toHaveLength(Object.keys(allBuckets).length);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  it('versions uploads and documents, not derived images', () => {
    const versioned = (name: string) =>
      template.findResources('AWS::S3::Bucket', {
        Properties: {
          BucketName: { 'Fn::Join': ['', Match.arrayWith([`parvis-dev-${name}-`])] },
          VersioningConfiguration: { Status: 'Enabled' },
        },
      });
    expect(Object.keys(versioned('uploads'))).toHaveLength(1);
    expect(Object.keys(versioned('documents'))).toHaveLength(1);
    expect(Object.keys(versioned('images'))).toHaveLength(0);
  });

  it('lets the site PUT to uploads with a presigned URL (CORS) and logs every data bucket', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: {
        CorsRules: [
          Match.objectLike({
            AllowedMethods: ['PUT', 'POST'],
            AllowedOrigins: ['https://parvis.example.org'],
          }),
        ],
      },
    });
    const logged = Object.values(allBuckets).filter((b) => b.Properties.LoggingConfiguration);
    expect(logged).toHaveLength(Object.keys(buckets).length);
  });
});
