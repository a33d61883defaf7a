import * as z from 'zod/mini';

/**
 * How fast and how much Parvis may send. SES gives the account a send rate and a 24 h quota; the
 * school's rule (COM-04) caps mass mail at 500 per 24 h per sending account. Mass mail may only
 * ever use what is left after `serviceReserve`, so a mailing can never starve a password reset.
 */
const rate = () => z.number().check(z.positive(), z.maximum(1000));
const between = (min: number, max: number) => z.int().check(z.minimum(min), z.maximum(max));

export const sendingPolicySchema = z
  .object({
    /** Messages per second across all senders, split between the two kinds. */
    ratePerSecond: z._default(z.object({ service: rate(), mass: rate() }), { service: 10, mass: 2 }),
    /** SES "Max24HourSend" of the AWS account. */
    sesDailyQuota: z._default(z.int().check(z.positive()), 50_000),
    /** Part of the SES quota that mass mail may never use. */
    serviceReserve: z._default(z.int().check(z.nonnegative()), 1_000),
    /** Mass e-mails per rolling 24 h per sending account (COM-04). */
    massCapPer24h: z._default(z.int().check(z.positive()), 500),
    /** Per-account overrides of the cap, keyed by sending account. */
    accountCaps: z._default(z.record(z.string(), z.int().check(z.nonnegative())), {}),
    /** How long a sender holds a message before another may take it over. */
    leaseSeconds: z._default(between(10, 900), 120),
    /** A queued message not sent by then is published again by the release schedule. */
    republishAfterSeconds: z._default(between(60, 86_400), 900),
    /** How long finished messages stay in the table (the send log stays). */
    keepMessagesDays: z._default(between(1, 400), 30),
  })
  .check(
    z.refine((policy) => policy.massCapPer24h <= policy.sesDailyQuota - policy.serviceReserve, {
      message: 'massCapPer24h must leave serviceReserve free in sesDailyQuota',
      path: ['massCapPer24h'],
    }),
  );

export type SendingPolicy = z.infer<typeof sendingPolicySchema>;

export const defaultSendingPolicy: SendingPolicy = sendingPolicySchema.parse({});

/** The mass-mail cap of one account, never above what the service reserve leaves. */
export function massCapFor(policy: SendingPolicy, account: string): number {
  const cap = policy.accountCaps[account] ?? policy.massCapPer24h;
  return Math.min(cap, policy.sesDailyQuota - policy.serviceReserve);
}
