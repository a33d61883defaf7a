import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { originSecretEnv, originVerifyHeader } from '../../web/lambda/origin-verify';
import { SESSION_COOKIE } from '../../web/src/lib/server/session-cookie';
import { createParvis } from '../app';
import { forwardViewerCode } from '../cloudfront/forward-viewer';
import { bareApp, must, type SynthesizedParvis, synthParvis } from '../test/parvis-app';
import { env } from '../wiring';

type Resource = { Type: string; Properties: Record<string, unknown> };

describe('WebStack (whole app synthesized, fixture SvelteKit build)', () => {
  let parvis: SynthesizedParvis;
  let resources: Record<string, Resource>;
  const ofType = (type: string) => Object.values(resources).filter((r) => r.Type === type);
  const distribution = () =>
    ofType('AWS::CloudFront::Distribution')[0]?.Properties.DistributionConfig as Record<string, unknown>;

  beforeAll(() => {
    parvis = synthParvis();
    resources = parvis.template(parvis.stacks.web).toJSON().Resources;
  });
  afterAll(() => parvis?.dispose());

  it('serves pages from a public Function URL (no OAC: it cannot sign form bodies), viewer host in x-forwarded-host', () => {
    // The server's and the payment webhook's (TIX-09, decision 0017), both public.
    expect(ofType('AWS::Lambda::Url')).toEqual([
      expect.objectContaining({ Properties: expect.objectContaining({ AuthType: 'NONE' }) }),
      expect.objectContaining({ Properties: expect.objectContaining({ AuthType: 'NONE' }) }),
    ]);
    const accessControls = ofType('AWS::CloudFront::OriginAccessControl').map(
      (r) =>
        (r.Properties.OriginAccessControlConfig as { OriginAccessControlOriginType: string })
          .OriginAccessControlOriginType,
    );
    // The static build's bucket and the images bucket (ORG-06): one each.
    expect(accessControls).toEqual(['s3', 's3']);
    const behaviour = distribution().DefaultCacheBehavior as Record<string, unknown>;
    expect(behaviour).toMatchObject({
      CachePolicyId: { Ref: expect.stringMatching(/^PublicPages/) },
      OriginRequestPolicyId: resolveId(
        cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
      ),
      ViewerProtocolPolicy: 'redirect-to-https',
      AllowedMethods: expect.arrayContaining(['POST', 'PUT', 'DELETE']),
      FunctionAssociations: [expect.objectContaining({ EventType: 'viewer-request' })],
      Compress: true,
    });
    // One viewer-request function (its behaviour is unit-tested in infra/cloudfront), this very code.
    const functions = ofType('AWS::CloudFront::Function');
    expect(functions).toHaveLength(1);
    expect(functions[0]?.Properties.FunctionCode).toBe(forwardViewerCode());
    expect(functions[0]?.Properties.FunctionConfig).toMatchObject({ Runtime: 'cloudfront-js-2.0' });
    expect(forwardViewerCode()).toContain("request.headers['x-forwarded-host']");
    expect(forwardViewerCode()).toContain(
      "request.headers['x-parvis-viewer-ip'] = { value: event.viewer.ip }",
    );
    // Anyone may call the URL (the wrapper turns away what lacks the origin secret), only the URL.
    const permissions = ofType('AWS::Lambda::Permission').map((p) => p.Properties);
    expect(permissions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Action: 'lambda:InvokeFunctionUrl',
          Principal: '*',
          FunctionUrlAuthType: 'NONE',
        }),
        expect.objectContaining({
          Action: 'lambda:InvokeFunction',
          Principal: '*',
          InvokedViaFunctionUrl: true,
        }),
      ]),
    );
    expect(permissions.filter((p) => p.Principal === '*')).toHaveLength(4);
  });

  it('TIX-09 sends /webhooks/* to the payment webhook function: never cached, every method, no origin secret', () => {
    const behaviours = distribution().CacheBehaviors as Record<string, unknown>[];
    const webhooks = must(
      behaviours.find((b) => b.PathPattern === '/webhooks/*'),
      'webhooks behaviour',
    );
    expect(webhooks).toMatchObject({
      CachePolicyId: resolveId(cloudfront.CachePolicy.CACHING_DISABLED.cachePolicyId),
      OriginRequestPolicyId: resolveId(
        cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
      ),
      ViewerProtocolPolicy: 'https-only',
      AllowedMethods: expect.arrayContaining(['POST']),
    });
    const origins = distribution().Origins as { Id: string; OriginCustomHeaders?: unknown[] }[];
    const origin = must(
      origins.find((o) => o.Id === webhooks.TargetOriginId),
      'webhooks origin',
    );
    // The provider's signature authenticates each request; CloudFront proves nothing here.
    expect(origin.OriginCustomHeaders ?? []).toEqual([]);
    const fn = ofType('AWS::Lambda::Function').find(
      (f) => f.Properties.FunctionName === 'parvis-dev-payment-webhook',
    );
    expect(fn?.Properties).toMatchObject({ Runtime: 'nodejs24.x', Timeout: 25 });
  });

  it('CAL-02 caches pages only as the origin says (default TTL 0), keyed on path, query string and session cookie', () => {
    const behaviour = distribution().DefaultCacheBehavior as { CachePolicyId: { Ref: string } };
    const policy = must(resources[behaviour.CachePolicyId.Ref], 'public pages cache policy');
    expect(policy.Properties.CachePolicyConfig).toEqual({
      Comment: expect.any(String),
      Name: expect.anything(),
      // A response without s-maxage (a portal, a form, a redirect, an error) is never kept; a public
      // page's s-maxage=60 is, up to a day if a page ever asked for more.
      MinTTL: 0,
      DefaultTTL: 0,
      MaxTTL: 86_400,
      ParametersInCacheKeyAndForwardedToOrigin: {
        EnableAcceptEncodingGzip: true,
        EnableAcceptEncodingBrotli: true,
        // Public pages arrive with their known parameters only (the viewer-request function).
        QueryStringsConfig: { QueryStringBehavior: 'all' },
        CookiesConfig: { CookieBehavior: 'whitelist', Cookies: [SESSION_COOKIE] },
        HeadersConfig: { HeaderBehavior: 'none' },
      },
    });
    // The portals and forms still receive every cookie, parameter and header (but Host).
    expect(distribution().DefaultCacheBehavior).toMatchObject({
      OriginRequestPolicyId:
        cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
    });
  });

  it('proves CloudFront to the server with a generated secret header, by dynamic reference only', () => {
    const template = parvis.template(parvis.stacks.web);
    const secrets = template.findResources('AWS::SecretsManager::Secret');
    expect(Object.values(secrets)).toEqual([
      expect.objectContaining({
        Properties: expect.objectContaining({
          GenerateSecretString: { PasswordLength: 48, ExcludePunctuation: true },
        }),
      }),
    ]);
    const secretId = Object.keys(secrets)[0];
    // {{resolve:secretsmanager:<secret ARN>:SecretString:::}}: CloudFormation fills the value in.
    const reference = {
      'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:::}}']],
    };
    const origins = distribution().Origins as Record<string, unknown>[];
    const serverOrigin = must(
      origins.find((o) => o.CustomOriginConfig),
      'Function URL origin',
    );
    expect(serverOrigin.OriginAccessControlId).toBeUndefined();
    expect(serverOrigin.OriginCustomHeaders).toEqual([
      { HeaderName: originVerifyHeader, HeaderValue: reference },
    ]);
    const server = ofType('AWS::Lambda::Function').find(
      (f) => f.Properties.FunctionName === 'parvis-dev-web',
    );
    expect(
      (must(server, 'web server').Properties.Environment as { Variables: Record<string, unknown> }).Variables[
        originSecretEnv
      ],
    ).toEqual(reference);
    // Rotation is by hand (see docs/operations.md), acknowledged for cdk-nag.
    expect(JSON.stringify(Object.values(secrets)[0])).toContain('AwsSolutions-SMG4');
  });

  it('pins the origin secret to context originSecretVersion, so a rotation re-resolves both ends', () => {
    const version = '6f1c1b55-3c4a-4bc4-9a57-0f5d4e1a2b3c';
    const pinned = synthParvis({ originSecretVersion: version });
    try {
      const json = JSON.stringify(pinned.template(pinned.stacks.web).toJSON());
      const references = json.match(/:SecretString:::[^}]*\}\}/g) ?? [];
      expect(references).toEqual([`:SecretString:::${version}}}`, `:SecretString:::${version}}}`]);
    } finally {
      pinned.dispose();
    }
    expect(() => bareApp({ originSecretVersion: 'v2' })).toThrow(/originSecretVersion/);
  });

  it('serves the static build from the private bucket through OAC, /_app/immutable/* cached a year', () => {
    const behaviours = distribution().CacheBehaviors as { PathPattern: string; CachePolicyId: unknown }[];
    expect(behaviours.map((b) => b.PathPattern).sort()).toEqual([
      '/_app/*',
      '/_app/immutable/*',
      '/images/*',
      '/robots.txt',
      '/webhooks/*',
    ]);
    const immutable = behaviours.find((b) => b.PathPattern === '/_app/immutable/*');
    const policy = resources[(must(immutable, 'immutable behaviour').CachePolicyId as { Ref: string }).Ref];
    expect(policy?.Properties.CachePolicyConfig).toMatchObject({
      DefaultTTL: 31_536_000,
      MinTTL: 31_536_000,
      MaxTTL: 31_536_000,
    });
    const origins = distribution().Origins as Record<string, unknown>[];
    expect(origins.filter((o) => o.S3OriginConfig)).toEqual([
      expect.objectContaining({ OriginAccessControlId: expect.anything() }),
      expect.objectContaining({ OriginAccessControlId: expect.anything() }),
    ]);
  });

  it('ORG-06 serves /images/* from the images bucket through OAC, GET and HEAD only, cached a year (content-hashed keys)', () => {
    const behaviours = distribution().CacheBehaviors as Record<string, unknown>[];
    const images = must(
      behaviours.find((b) => b.PathPattern === '/images/*'),
      'images behaviour',
    );
    expect(images).toMatchObject({
      AllowedMethods: ['GET', 'HEAD'],
      ViewerProtocolPolicy: 'redirect-to-https',
      Compress: false,
      ResponseHeadersPolicyId: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS.responseHeadersPolicyId,
    });
    // The key holds the file's hash (shared/images/crops.ts renditionKey): a year at the edge.
    const policy = resources[(images.CachePolicyId as { Ref: string }).Ref];
    expect(policy?.Properties.CachePolicyConfig).toMatchObject({
      DefaultTTL: 31_536_000,
      MinTTL: 31_536_000,
      MaxTTL: 31_536_000,
    });
    // Its origin: the images bucket by name (no export from the storage stack), signed by OAC.
    const origin = must(
      (distribution().Origins as Record<string, unknown>[]).find((o) => o.Id === images.TargetOriginId),
      'images origin',
    );
    expect(JSON.stringify(origin.DomainName)).toContain('parvis-dev-images');
    expect(origin.OriginAccessControlId).toBeDefined();
    expect(JSON.stringify(origin.DomainName)).not.toContain('Fn::ImportValue');

    // The bucket's policy (storage stack) lets CloudFront, for this account's distributions only,
    // read images/* and nothing else; TLS is still enforced.
    const storage = parvis.template(parvis.stacks.storage).toJSON().Resources as Record<string, Resource>;
    const statements = Object.values(storage)
      .filter((r) => r.Type === 'AWS::S3::BucketPolicy')
      .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement);
    const cloudFront = statements.filter((s) => JSON.stringify(s.Principal).includes('cloudfront'));
    expect(cloudFront).toEqual([
      expect.objectContaining({
        Sid: 'CloudFrontReadsRenditions',
        Effect: 'Allow',
        Action: 's3:GetObject',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Condition: {
          StringEquals: { 'AWS:SourceAccount': { Ref: 'AWS::AccountId' } },
          ArnLike: {
            'AWS:SourceArn': {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':cloudfront::',
                  { Ref: 'AWS::AccountId' },
                  ':distribution/*',
                ],
              ],
            },
          },
        },
      }),
    ]);
    expect(JSON.stringify(cloudFront[0]?.Resource)).toMatch(/\/images\/\*"\]\]\}$/);
  });

  it('logs requests, redirects to HTTPS and uses the cheapest price class', () => {
    expect(distribution()).toMatchObject({
      Logging: expect.objectContaining({ Prefix: 'cloudfront/' }),
      PriceClass: 'PriceClass_100',
      HttpVersion: 'http2and3',
    });
  });

  it('runs the SvelteKit server on Node.js 24 arm64 with the wiring environment, the table and the queues its pages feed', () => {
    const server = ofType('AWS::Lambda::Function').find(
      (f) => f.Properties.FunctionName === 'parvis-dev-web',
    );
    expect(server?.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'] });
    const variables = (
      must(server, 'web server').Properties.Environment as { Variables: Record<string, unknown> }
    ).Variables;
    expect(Object.keys(variables)).toEqual(
      expect.arrayContaining([env.tableName, env.mailFrom, env.mailPolicy]),
    );
    const actions = ofType('AWS::IAM::Policy')
      .flatMap(
        (p) => (p.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement,
      )
      .flatMap((s) => s.Action);
    expect(actions).toContain('sqs:SendMessage');
    // ORG-06 CAL-10 TIX-10: pages enqueue e-mails, an image's crops, a search rebuild and an
    // order's documents; no other queue.
    const sendTargets = ofType('AWS::IAM::Policy')
      .flatMap(
        (p) =>
          (p.Properties.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] })
            .Statement,
      )
      .filter((s) => [s.Action].flat().includes('sqs:SendMessage'))
      .flatMap((s) => [s.Resource].flat())
      .map((resource) => JSON.stringify(resource));
    // The server's five, and the webhook function's order documents (functions-stack access).
    expect(sendTargets).toHaveLength(6);
    for (const queue of ['OutboundEmail', 'MassEmail', 'ProcessImage', 'PublicIndexes', 'OrderDocuments']) {
      expect(sendTargets.some((target) => target.includes(queue))).toBe(true);
    }
    expect(actions.some((a) => a.startsWith('ses:'))).toBe(false);
    expect(actions).not.toContain('dynamodb:Scan');
  });

  it('publishes the site URL (the CloudFront domain here) in the SSM parameter the functions stack reads', () => {
    const parameters = ofType('AWS::SSM::Parameter').map((p) => p.Properties);
    expect(parameters).toEqual([
      expect.objectContaining({
        Name: '/parvis/dev/site-url',
        Type: 'String',
        Tier: 'Standard',
        Value: {
          'Fn::Join': [
            '',
            ['https://', { 'Fn::GetAtt': [expect.stringMatching(/^Distribution/), 'DomainName'] }],
          ],
        },
      }),
    ]);
  });

  it('acknowledges the Lambda DLQ finding for the server, invoked synchronously only', () => {
    const server = ofType('AWS::Lambda::Function').find(
      (f) => f.Properties.FunctionName === 'parvis-dev-web',
    );
    expect(JSON.stringify(server)).toContain('Serverless-LambdaDLQ');
  });

  it('copies the static build into the bucket, immutable files kept across deploys', () => {
    const deployments = ofType('Custom::CDKBucketDeployment').map((d) => d.Properties);
    expect(deployments).toContainEqual(
      expect.objectContaining({
        DestinationBucketKeyPrefix: '_app/immutable/',
        Prune: false,
        SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
      }),
    );
    expect(deployments).toContainEqual(
      expect.objectContaining({ Prune: true, Exclude: ['_app/immutable/*'] }),
    );
  });

  it('stops synthesis with the fix when the SvelteKit build is missing', () => {
    const empty = mkdtempSync(join(tmpdir(), 'parvis-web-'));
    try {
      const { app, config } = bareApp();
      expect(() => createParvis(app, config, { webDir: empty })).toThrow(/npm run web:build/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

/** Managed policy ids are plain strings. */
function resolveId(id: string): string {
  return id;
}
