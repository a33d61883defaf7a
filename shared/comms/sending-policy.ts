import * as z from 'zod/mini';

/**
 * How fast and how much Parvis may send, and how hard it tries. SES gives the AWS account a send
 * rate and a 24 h quota; the school's rule (COM-04) caps mass mail at 500 per 24 h per sending
 * account. Mass mail of all accounts together may only ever use what is left after
 * `serviceReserve` (the platform budget), so mailings can never starve a password reset.
 */
const rate = () => z.number().check(z.positive(), z.maximum(1000));
const between = (min: number, max: number) => z.int().check(z.minimum(min), z.maximum(max));

export const sendingPolicySchema = z
  .object({
    /** Messages per second across all senders, split between the two kinds. */
    ratePerSecond: z._default(z.object({ service: rate(), mass: rate() }), { service: 10, mass: 2 }),
    /** SES "Max24HourSend" of the AWS account (shared by every sending account). */
    sesDailyQuota: z._default(z.int().check(z.positive()), 50_000),
    /** Part of the SES quota that mass mail may never use: the platform budget is the rest. */
    serviceReserve: z._default(z.int().check(z.nonnegative()), 1_000),
    /** Mass e-mails per rolling 24 h per sending account (COM-04). */
    massCapPer24h: z._default(z.int().check(z.positive()), 500),
    /** Per-account overrides of the cap, keyed by sending account. */
    accountCaps: z._default(z.record(z.string(), z.int().check(z.nonnegative())), {}),
    /** How long a sender holds a message before another may take it over. */
    leaseSeconds: z._default(between(10, 900), 120),
    /**
     * The grace period: a message whose SES call may have succeeded (no answer, or its outcome not
     * recorded) waits this long for an SES event naming it before it is sent again. SES publishes
     * its `Send` event within seconds; 15 min leaves room for SNS and SQS delays.
     */
    reconcileAfterSeconds: z._default(between(60, 86_400), 900),
    /** SES calls (and abandoned claims, and attachment reads that found nothing) before a message is given up as `failed`. */
    maxAttempts: z._default(between(1, 20), 8),
    /** Wait after the first refused attempt; doubled after each, up to `retryMaxSeconds`. */
    retryBaseSeconds: z._default(between(10, 3600), 120),
    retryMaxSeconds: z._default(between(60, 86_400), 3600),
    /** A queued message not sent by then is published again by the release schedule. */
    republishAfterSeconds: z._default(between(60, 86_400), 900),
    /** At most this many messages republished per run of the release schedule. */
    releasePerRun: z._default(between(10, 10_000), 1000),
    /** How long finished messages stay in the table (the send log stays). */
    keepMessagesDays: z._default(between(1, 400), 30),
  })
  .check(
    z.refine((policy) => policy.massCapPer24h <= policy.sesDailyQuota - policy.serviceReserve, {
      message: 'massCapPer24h must leave serviceReserve free in sesDailyQuota',
      path: ['massCapPer24h'],
    }),
    z.refine((policy) => policy.reconcileAfterSeconds > policy.leaseSeconds, {
      message: 'reconcileAfterSeconds must outlast leaseSeconds',
      path: ['reconcileAfterSeconds'],
    }),
    z.refine((policy) => policy.retryMaxSeconds >= policy.retryBaseSeconds, {
      message: 'retryMaxSeconds must be at least retryBaseSeconds',
      path: ['retryMaxSeconds'],
    }),
  );

export type SendingPolicy = z.infer<typeof sendingPolicySchema>;

export const defaultSendingPolicy: SendingPolicy = sendingPolicySchema.parse({});

/** The mass-mail cap of one account, never above what the service reserve leaves. */
export function massCapFor(policy: SendingPolicy, account: string): number {
  const cap = policy.accountCaps[account] ?? policy.massCapPer24h;
  return Math.min(cap, platformMassBudget(policy));
}

/** Mass e-mails all accounts together may send per rolling 24 h: the SES quota less the reserve. */
export function platformMassBudget(policy: SendingPolicy): number {
  return policy.sesDailyQuota - policy.serviceReserve;
}

/**
 * When to try again after the `attempts`-th attempt was refused: exponential (base × 2^(n−1)),
 * capped. With the defaults (2 min doubling to 1 h, 8 attempts) a message survives about 3 h of
 * refusals: an SES outage of an hour costs at most 5 attempts.
 */
export function retryDelaySeconds(policy: SendingPolicy, attempts: number): number {
  const exponent = Math.max(0, attempts - 1);
  return Math.min(policy.retryMaxSeconds, policy.retryBaseSeconds * 2 ** Math.min(exponent, 20));
}
