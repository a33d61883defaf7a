import { join } from 'node:path';
import {
  Annotations,
  Aws,
  CfnOutput,
  Duration,
  SecretValue,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { table as tableDefinition } from '../../shared/db/table';
import { originSecretEnv, originVerifyHeader } from '../../web/lambda/origin-verify';
import { SESSION_COOKIE } from '../../web/src/lib/server/session-cookie';
import type { PrebuildTarget } from '../bundling';
import { forwardViewerCode } from '../cloudfront/forward-viewer';
import { bucketName, type ParvisConfig, prefix, siteUrlParameterName } from '../config';
import { architecture, grantTableReadWrite, ParvisFunction, repoRoot } from '../constructs/parvis-function';
import { privateBucket } from '../constructs/private-bucket';
import { type RuntimeResources, runtimeEnvironment } from '../constructs/runtime-environment';
import { StaticUpload } from '../constructs/static-upload';
import { requireWebBuild } from '../constructs/web-build';
import { webServerCode } from '../constructs/web-server-code';
import { nagText } from '../nag';
import { type BucketKey, env, httpFunctions } from '../wiring';
import { grantPaymentSecrets, grantTicketKeyring, wiringFunction } from './functions-stack';

export interface WebStackProps extends StackProps {
  config: ParvisConfig;
  resources: RuntimeResources;
  logRetention: logs.RetentionDays;
  /** The SvelteKit project (default `web/`); tests point it at a fixture build. */
  webDir?: string;
}

/**
 * The native binaries the server's asset carries: Lambda's Node.js runtimes run on Amazon Linux
 * (glibc), on the functions' architecture (arm64), whatever machine builds the asset.
 */
export const serverPrebuilds: PrebuildTarget = { platform: 'linux', arch: architecture.name, libc: 'glibc' };

/** CloudFront supports 25 cache behaviours per distribution by default; one is the default. */
const maxStaticBehaviours = 24;

/**
 * The site: CloudFront in front of SvelteKit SSR on Lambda (Function URL) and of the static build
 * in a private S3 bucket. The bucket is reached only through CloudFront (origin access control);
 * the Function URL is public but the function refuses requests without CloudFront's secret header.
 */
export class WebStack extends Stack {
  readonly distribution: cloudfront.Distribution;
  readonly server: ParvisFunction;
  /** The HTTP functions of the wiring (payment webhooks) by name, behind their path. */
  readonly httpFunctions: Record<string, ParvisFunction> = {};
  /** `https://` + the custom domain, or the CloudFront domain when there is none. */
  readonly siteUrl: string;
  /** Where the site URL is published for the other stacks, which read it by name (no export). */
  readonly siteUrlParameter: ssm.StringParameter;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    const { config, resources } = props;
    const name = prefix(config);
    const webDir = props.webDir ?? join(repoRoot, 'web');
    const build = requireWebBuild(webDir);

    // Holds the CloudFront standard logs (which need ACLs) and the assets bucket's access logs.
    const logBucket = privateBucket(this, 'Logs', {
      bucketName: bucketName(config, 'web-logs'),
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ id: 'expire-logs', expiration: Duration.days(90) }],
    });
    const assets = privateBucket(this, 'Assets', {
      bucketName: bucketName(config, 'web-assets'),
      accessLogs: { bucket: logBucket, prefix: 'assets/' },
    });

    // --- SvelteKit server ---------------------------------------------------------------------
    // The server cannot be given the CloudFront domain as a reference (the distribution depends on
    // the server: a cycle), only a known siteUrl: a custom domain, or context siteUrl after a first
    // deploy. Without one, PARVIS_SITE_URL is absent and the server must take its origin from the
    // x-forwarded-host header set below.
    const environment = runtimeEnvironment({ ...resources, siteUrl: config.siteUrl });

    // Origin access control cannot sign request bodies: a browser form POST would reach an AWS_IAM
    // Function URL unsigned for its body and get 403 SignatureDoesNotMatch. So the Function URL is
    // public (AuthType NONE) and CloudFront proves itself with a secret origin header instead, which
    // the wrapper (web/lambda/handler.ts) checks; a direct call to the URL gets 403.
    //
    // The value reaches CloudFront and the function as CloudFormation dynamic references
    // ({{resolve:secretsmanager:…}}): it is never in the template or cdk.out, but is readable in
    // the distribution's and the function's configuration. That is acceptable: the header only
    // keeps out callers from outside the account, and whoever can read the function's
    // configuration (lambda:GetFunctionConfiguration) can in practice already invoke it directly.
    // Cost: $0.40 a month for the secret (docs/operations.md); no Secrets Manager calls at run time.
    // CloudFormation re-reads a dynamic reference only when its text changes: rotation goes
    // through context originSecretVersion (runbook in docs/operations.md).
    // Named by CloudFormation (output OriginSecretArn): a fixed name could clash with the secret of
    // a deleted stage, kept by Secrets Manager during its recovery window.
    const originSecret = new secretsmanager.Secret(this, 'OriginSecret', {
      description: `Header ${originVerifyHeader}: CloudFront proves to the web function that a request came through it`,
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    Validations.of(originSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'A rotation must update the CloudFront origin header and the web function together (one stack deploy pinned to the new version, see the runbook in docs/operations.md); a rotation Lambda could only change the secret, which breaks the site until that deploy.',
    });
    // Without a version: AWSCURRENT at the first deploy. With one: that version, re-read by
    // CloudFormation in both places whenever the context value changes.
    const originSecretValue = SecretValue.secretsManager(originSecret.secretArn, {
      ...(config.originSecretVersion ? { versionId: config.originSecretVersion } : {}),
    }).unsafeUnwrap();
    this.server = new ParvisFunction(this, 'Server', {
      functionName: `${name}-web`,
      description: 'SvelteKit SSR behind CloudFront',
      code: webServerCode(build, serverPrebuilds),
      // CloudFront gives up on the origin after 30 s; the server stops before that.
      timeoutSeconds: 28,
      memoryMb: 1024,
      environment: {
        ...environment,
        [originSecretEnv]: originSecretValue,
        ...(config.mapTiles ? { [env.mapTiles]: config.mapTiles } : {}),
      },
      logRetention: props.logRetention,
      // No reserved concurrency, no cap: see the functions stack, which reserves the consumers'.
    });
    Validations.of(this.server.fn.node.defaultChild as Construct).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason:
        'Invoked synchronously through its Function URL only: the viewer gets the error, there is no asynchronous event to keep.',
    });
    const role = this.server.role;
    grantTableReadWrite(role, resources.table, Object.keys(tableDefinition.globalIndexes));
    // Form actions enqueue work for the consumers: e-mails (sending is the send-email function's
    // job), a confirmed image's crops (ORG-06) and a rebuild of the search file after a publish
    // (CAL-10). infra/iam.test.ts derives these from the calls the site makes in the twin.
    // A free registration is confirmed at once, and the buyer's return page confirms a payment
    // whose webhook is late: both publish the order's documents (TIX-10).
    for (const key of [
      'outboundEmail',
      'massEmail',
      'processImage',
      'publicIndexes',
      'orderDocuments',
    ] as const) {
      resources.queues[key].grantSendMessages(role);
    }
    // The server signs presigned requests: PUT of originals, GET of originals, crops and documents.
    const objects = (key: BucketKey) => `arn:${Aws.PARTITION}:s3:::${resources.buckets[key]}/*`;
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [objects('uploads')] }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [objects('uploads'), objects('images'), objects('documents')],
      }),
    );
    // Client documents are deleted by staff, and erasure (CRM-07) removes everything under a file's
    // `clients/<clientId>/` prefix, unconfirmed uploads included: it lists that prefix, then deletes.
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:DeleteObject'],
        resources: [objects('uploads'), objects('documents')],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: (['uploads', 'documents'] as const).map(
          (key) => `arn:${Aws.PARTITION}:s3:::${resources.buckets[key]}`,
        ),
        conditions: { StringLike: { 's3:prefix': ['clients/*'] } },
      }),
    );
    for (const key of ['uploads', 'images', 'documents'] as const) {
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${nagText(this, objects(key))}]`,
        reason: `Object keys of the ${key} bucket are made per upload or document; the server presigns requests for any of them, in that bucket only.`,
      });
    }

    // Checkout reads an organization's payment keys; the portal saves them (decision 0017).
    grantPaymentSecrets(this, role, resources, 'readWrite');
    // The door scanner's public keys come from the ticket keyring (TIX-12, decision 0016).
    grantTicketKeyring(role, resources);

    // Public URL (see the origin secret above): anyone may call it, only CloudFront gets past the
    // wrapper's check.
    const url = this.server.fn.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });

    // CloudFront must not forward the viewer's Host: Lambda routes a Function URL request by its
    // own host. ALL_VIEWER_EXCEPT_HOST_HEADER forwards every other header, cookies and query
    // strings, but no CloudFront-* header (no managed policy has both). This viewer-request function
    // therefore copies the viewer's host into x-forwarded-host (SvelteKit builds absolute URLs and
    // checks the origin of form posts with it) and the viewer's IP into x-parvis-viewer-ip (the
    // Function URL only sees CloudFront's address). Both are overwritten on every request through
    // CloudFront; a direct call to the URL could set them, which is why the wrapper trusts the IP
    // only when the origin secret matched. On a GET of a public page it also drops the query
    // parameters that page does not read, so they make no cache entry (see publicPages below).
    const forwardViewer = new cloudfront.Function(this, 'ForwardViewer', {
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      comment: 'Viewer host and IP for the SvelteKit server; public pages keep their known parameters',
      code: cloudfront.FunctionCode.fromInline(forwardViewerCode()),
    });

    // --- Public pages cached at the edge (docs/decisions/0013-caching-public-pages.md) -----------
    // The origin decides: a public page says `public, max-age=0, s-maxage=60, …` for an anonymous
    // visitor (web/src/lib/server/calendar/public-cache.ts), everything else `private, no-store` or
    // nothing; default TTL 0, so a response without s-maxage is never kept. The key: the path, the
    // query string (on public pages the function above left only the parameters the page reads:
    // the calendar's filters outnumber CloudFront's 10 query strings of a cache policy's allow
    // list), and the session cookie, so a logged-in visitor never gets the anonymous copy. The
    // origin request policy still forwards every header but Host, every cookie and parameter.
    const publicPages = new cloudfront.CachePolicy(this, 'PublicPages', {
      comment: 'SvelteKit pages: as the origin says (s-maxage), keyed on path, query and session',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(0),
      maxTtl: Duration.days(1),
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
      cookieBehavior: cloudfront.CacheCookieBehavior.allowList(SESSION_COOKIE),
      headerBehavior: cloudfront.CacheHeaderBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });

    // --- Static files ---------------------------------------------------------------------------
    const staticOrigin = origins.S3BucketOrigin.withOriginAccessControl(assets);
    const staticBehaviour = (cachePolicy: cloudfront.ICachePolicy): cloudfront.BehaviorOptions => ({
      origin: staticOrigin,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
      compress: true,
      cachePolicy,
    });
    // Hashed file names under /_app/immutable never change content: cached a year at the edge.
    const immutable = new cloudfront.CachePolicy(this, 'Immutable', {
      comment: 'SvelteKit /_app/immutable: content-hashed names',
      minTtl: Duration.days(365),
      defaultTtl: Duration.days(365),
      maxTtl: Duration.days(365),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    // One behaviour per top-level entry of build/client (favicon, robots.txt, _app…); anything
    // else is a page and goes to the server.
    const additionalBehaviors: Record<string, cloudfront.BehaviorOptions> = {};
    for (const entry of build.topLevel) {
      if (entry.name === '_app') additionalBehaviors['/_app/immutable/*'] = staticBehaviour(immutable);
      additionalBehaviors[entry.isDirectory() ? `/${entry.name}/*` : `/${entry.name}`] = staticBehaviour(
        cloudfront.CachePolicy.CACHING_OPTIMIZED,
      );
    }

    // --- Event images (ORG-06, decision 0010): /images/* from the images bucket ------------------
    // The renditions the crop function writes, at their key (`images/<imageId>/<kind>-<width>-
    // <hash>.<ext>`, which pages link as `/<key>`). The key holds the file's hash, so its content
    // never changes: cached a year at the edge (`immutable`, as the object's own Cache-Control
    // tells browsers). The bucket is the storage stack's, known here by name only (no cross-stack
    // reference, see app.ts): its policy lets CloudFront read `images/*` through origin access
    // control (storage-stack.ts), which CDK cannot add from this stack.
    if (additionalBehaviors['/images/*']) {
      throw new Error('web/static must not have an images folder: /images/* is the event images bucket.');
    }
    const imagesBucket = s3.Bucket.fromBucketAttributes(this, 'ImagesBucket', {
      bucketName: resources.buckets.images,
    });
    additionalBehaviors['/images/*'] = {
      origin: origins.S3BucketOrigin.withOriginAccessControl(imagesBucket, {
        originAccessLevels: [cloudfront.AccessLevel.READ],
      }),
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
      // JPEG and WebP are compressed already.
      compress: false,
      cachePolicy: immutable,
    };
    Annotations.of(this).acknowledgeWarning(
      '@aws-cdk/aws-cloudfront-origins:updateImportedBucketPolicyOac',
      'The images bucket policy (storage stack) lets CloudFront read images/*.',
    );

    // --- HTTP functions (wiring httpFunctions): payment webhooks at /webhooks/* -------------------
    // Here, not in the functions stack: CloudFront needs their URLs, and the functions stack comes
    // after this one. Their Function URLs are public like the server's, but they need no origin
    // secret: every request is authenticated by the provider's signature on its raw body, checked
    // before anything is read or written (decision 0017), and they trust no header CloudFront sets.
    // Nothing is cached; every viewer header but Host reaches them (the signature headers).
    for (const spec of httpFunctions) {
      if (additionalBehaviors[spec.pathPattern]) {
        throw new Error(`web/static must not have a ${spec.pathPattern} folder: ${spec.name} serves it.`);
      }
      const made = wiringFunction(this, spec, {
        config,
        resources,
        environment,
        logRetention: props.logRetention,
      });
      Validations.of(made.fn.node.defaultChild as Construct).acknowledge({
        id: 'Serverless-LambdaDLQ',
        reason:
          'Invoked synchronously through its Function URL only: a failure answers 5xx and the payment provider delivers the webhook again.',
      });
      additionalBehaviors[spec.pathPattern] = {
        origin: new origins.FunctionUrlOrigin(
          made.fn.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE }),
          { readTimeout: Duration.seconds(30) },
        ),
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        compress: false,
      };
      this.httpFunctions[spec.name] = made;
    }

    if (Object.keys(additionalBehaviors).length > maxStaticBehaviours) {
      throw new Error(
        `web/build/client has too many top-level entries for one CloudFront behaviour each (${maxStaticBehaviours} max): move files under a folder of web/static.`,
      );
    }

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `Parvis ${config.stage}`,
      defaultBehavior: {
        // No origin access control: it cannot sign browser request bodies (see the origin secret).
        origin: new origins.FunctionUrlOrigin(url, {
          readTimeout: Duration.seconds(30),
          customHeaders: { [originVerifyHeader]: originSecretValue },
        }),
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        // Only what the origin marks public, for a minute (see publicPages above).
        cachePolicy: publicPages,
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
        functionAssociations: [
          { function: forwardViewer, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
        ],
        compress: true,
      },
      additionalBehaviors,
      // North America and Europe edges only: the audience is regional and the class is cheaper.
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket,
      logFilePrefix: 'cloudfront/',
      ...(config.siteDomain && config.certificateArn
        ? {
            domainNames: [config.siteDomain],
            certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', config.certificateArn),
            // Only settable with our own certificate (see the CFR4 acknowledgement below).
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
    });
    this.siteUrl = config.siteUrl ?? `https://${this.distribution.distributionDomainName}`;
    // Read by the functions stack by name at deploy time, never imported: its value changes when a
    // later deploy sets siteUrl or siteDomain, and an export in use could not change.
    this.siteUrlParameter = new ssm.StringParameter(this, 'SiteUrlParameter', {
      parameterName: siteUrlParameterName(config),
      description:
        'Public origin of the Parvis site (e-mail links); written by this stack, read by the functions stack',
      stringValue: this.siteUrl,
      tier: ssm.ParameterTier.STANDARD,
    });

    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: 'A regional public audience; geo restriction would only block travelling users.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'AWS WAF costs about $5/month plus $1 per rule at rest, against scale-to-zero; login throttling is in the application (DESIGN, Identity).',
      },
    );
    if (!config.siteDomain) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'Without a custom domain CloudFront serves its default *.cloudfront.net certificate, whose TLS policy cannot be chosen; set context siteDomain + certificateArn for TLS 1.2 minimum.',
      });
    }

    // --- Upload of the static build -------------------------------------------------------------
    new StaticUpload(this, 'Static', { build, bucket: assets, logRetention: props.logRetention });

    new CfnOutput(this, 'SiteUrl', { value: this.siteUrl });
    new CfnOutput(this, 'DistributionId', { value: this.distribution.distributionId });
    new CfnOutput(this, 'OriginSecretArn', { value: originSecret.secretArn });
  }
}
