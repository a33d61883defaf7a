import { type App, Aws } from 'aws-cdk-lib';
import { type SendingPolicy, sendingPolicySchema } from '../shared/comms/sending-policy';

/**
 * Deployment settings, read once from CDK context (`-c key=value` or cdk.json). Nothing here is
 * looked up in an account: the stacks stay environment-agnostic and `cdk synth` runs offline.
 */
export interface ParvisConfig {
  /** Prefix of every physical name, so several stages can share an account (`dev`, `prod`…). */
  stage: string;
  /**
   * Sender as given: a bare address (`noreply@ecole.example`) or one with a display name
   * (`Parvis <noreply@ecole.example>`). Functions get it as is (SES v2 takes both forms as
   * FromEmailAddress). Its domain (or the address itself) must already be a verified SES identity
   * in the target account and region: the stacks never create it (see docs/operations.md).
   */
  mailFrom: string;
  /** The bare address of `mailFrom`, without display name or angle brackets: what IAM names. */
  mailFromAddress: string;
  /**
   * SES identity that authorizes `mailFrom`: the domain of its address unless context
   * `mailIdentity` says otherwise.
   */
  mailIdentity: string;
  /** Optional address subscribed to the ops-alarms topic (it must confirm the subscription). */
  opsEmail: string | undefined;
  /** Optional custom domain of the site, with its ACM certificate (us-east-1) for CloudFront. */
  siteDomain: string | undefined;
  certificateArn: string | undefined;
  /**
   * Public origin of the site: `https://` + siteDomain, else context `siteUrl` (the CloudFront
   * address printed by a first deploy), else unknown at synth time.
   */
  siteUrl: string | undefined;
  /** Days CloudWatch Logs keeps function logs. */
  logRetentionDays: number;
  /** E-mail pacing settings, validated here and handed to functions as JSON with defaults filled. */
  mailPolicy: SendingPolicy;
  /**
   * Version id of the web origin secret to deploy (after a rotation, see docs/operations.md);
   * unset, the current version at the first deploy stays in place.
   */
  originSecretVersion?: string | undefined;
  /**
   * CAL-01: the map tiles of the event sheets' venue maps, a `https://…/{z}/{x}/{y}…` template
   * (shared/calendar/venue-map.ts). OpenStreetMap's tiles unless context `mapTiles` names another
   * provider; `none` shows the address and its map link only.
   */
  mapTiles: string | undefined;
}

/** OpenStreetMap's standard tiles (its tile usage policy: attribution, a modest volume). */
export const openStreetMapTiles = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';

const allowedRetention = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 3653];

/** Reads and validates the context; a wrong value stops synthesis with a message saying which. */
export function readConfig(app: App): ParvisConfig {
  const get = (key: string): unknown => app.node.tryGetContext(key);
  const text = (key: string): string | undefined => {
    const value = get(key);
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') throw new Error(`Context "${key}" must be a string.`);
    return value.trim();
  };

  const stage = text('stage') ?? 'dev';
  // Short: it goes into S3 bucket names, which stop at 63 characters.
  if (!/^[a-z][a-z0-9-]{0,11}$/.test(stage)) {
    throw new Error(`Context "stage" must be 1-12 lower-case letters, digits or dashes (got "${stage}").`);
  }

  const mailFrom = text('mailFrom') ?? 'noreply@example.org';
  const mailFromAddress = senderAddress(mailFrom);
  const mailIdentity = text('mailIdentity') ?? mailFromAddress.slice(mailFromAddress.lastIndexOf('@') + 1);

  const siteDomain = text('siteDomain');
  const certificateArn = text('certificateArn');
  if (siteDomain && !certificateArn) {
    throw new Error(
      'Context "siteDomain" needs "certificateArn" (an ACM certificate in us-east-1 covering it).',
    );
  }
  if (certificateArn && !certificateArn.startsWith('arn:aws:acm:us-east-1:')) {
    throw new Error(
      'Context "certificateArn" must be an ACM certificate in us-east-1 (CloudFront requirement).',
    );
  }

  const retention = Number(get('logRetentionDays') ?? 30);
  if (!allowedRetention.includes(retention)) {
    throw new Error(`Context "logRetentionDays" must be one of ${allowedRetention.join(', ')}.`);
  }

  const siteUrl = siteDomain ? `https://${siteDomain}` : text('siteUrl')?.replace(/\/+$/, '');
  if (siteUrl && !/^https:\/\/[^/]+$/.test(siteUrl)) {
    throw new Error(`Context "siteUrl" must be an https origin without a path (got "${siteUrl}").`);
  }

  const rawPolicy = get('mailPolicy');
  const policyInput =
    typeof rawPolicy === 'string' && rawPolicy !== '' ? JSON.parse(rawPolicy) : (rawPolicy ?? {});
  const parsedPolicy = sendingPolicySchema.safeParse(policyInput);
  if (!parsedPolicy.success)
    throw new Error(`Context "mailPolicy" is invalid: ${parsedPolicy.error.message}`);

  const originSecretVersion = text('originSecretVersion');
  if (originSecretVersion !== undefined && !/^[A-Za-z0-9-]{32,64}$/.test(originSecretVersion)) {
    throw new Error(
      `Context "originSecretVersion" must be a Secrets Manager version id (got "${originSecretVersion}").`,
    );
  }

  const mapTilesText = text('mapTiles') ?? openStreetMapTiles;
  if (mapTilesText !== 'none' && !/^https:\/\/[^\s"'<>]+$/.test(mapTilesText)) {
    throw new Error(`Context "mapTiles" must be an https URL template with {z}, {x} and {y}, or "none".`);
  }
  if (mapTilesText !== 'none' && !['{z}', '{x}', '{y}'].every((part) => mapTilesText.includes(part))) {
    throw new Error(`Context "mapTiles" must contain {z}, {x} and {y} (got "${mapTilesText}").`);
  }

  return {
    stage,
    mailFrom,
    mailFromAddress,
    mailIdentity,
    opsEmail: text('opsEmail'),
    siteDomain,
    certificateArn,
    siteUrl,
    logRetentionDays: retention,
    mailPolicy: parsedPolicy.data,
    originSecretVersion,
    mapTiles: mapTilesText === 'none' ? undefined : mapTilesText,
  };
}

/**
 * The address of a sender given bare (`noreply@ecole.example`) or with a display name
 * (`Parvis <noreply@ecole.example>`, `"Parvis, billetterie" <noreply@ecole.example>`). An IAM
 * grant naming the whole display form would match no SES identity, and SES would refuse every
 * mail with AccessDenied; so the stacks name the address and its domain, never the given text.
 */
export function senderAddress(mailFrom: string): string {
  const named = /^(?:[^<>]*?)\s*<([^<>\s]+)>$/.exec(mailFrom.trim());
  const address = named ? named[1] : mailFrom.trim();
  // One @, something on both sides, no spaces, brackets or quotes left over.
  if (!address || !/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>".]+$/.test(address)) {
    throw new Error(`Context "mailFrom" must be an address or "Display name <address>" (got "${mailFrom}").`);
  }
  return address;
}

/** Physical-name prefix of a stage, e.g. `parvis-dev`. */
export function prefix(config: Pick<ParvisConfig, 'stage'>): string {
  return `parvis-${config.stage}`;
}

/**
 * Where an organization's payment keys are kept in Secrets Manager (decision 0017): one secret per
 * organization and provider, `parvis-<stage>/payments/<orgId>/<provider>`, created by the web
 * server when an organizer saves them.
 */
export function paymentSecretsPrefix(config: Pick<ParvisConfig, 'stage'>): string {
  return `${prefix(config)}/payments/`;
}

/**
 * Bucket names are global, so they carry the account and region (resolved by CloudFormation in
 * whichever stack uses them). Known names let other stacks grant access without cross-stack
 * references, and let the runbook name buckets.
 */
export function bucketName(config: Pick<ParvisConfig, 'stage'>, name: string): string {
  return `${prefix(config)}-${name}-${Aws.ACCOUNT_ID}-${Aws.REGION}`;
}

/** The SES configuration set's name is fixed so the topic policy can name it without a reference. */
export function configurationSetName(config: Pick<ParvisConfig, 'stage'>): string {
  return prefix(config);
}

/**
 * SSM parameter (standard tier, free) holding the site's public origin: written by the web stack,
 * read by name by the functions stack at deploy time, so no stack imports a value that a later
 * `-c siteUrl=…` or `-c siteDomain=…` deploy changes (docs/operations.md, first deploy).
 */
export function siteUrlParameterName(config: Pick<ParvisConfig, 'stage'>): string {
  return `/parvis/${config.stage}/site-url`;
}
