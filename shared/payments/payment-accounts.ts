/**
 * TIX-01, ORG-09: each organization's own payment account, so buyers pay the organization and no
 * money passes through Parvis (seed part 3). The organizer enters its keys (Stripe secret key and
 * webhook signing secret, or PayPal REST client and webhook id with its payee); they go to a
 * secret store (`PaymentSecrets`: Secrets Manager on AWS, a 0600 file locally) and the table keeps
 * only a masked key, the secret's name and a status that staff alone move to `active`. A secret
 * never reaches the table, a log, or an error (decision 0017).
 */
import { createWriteTransaction } from 'electrodb';
import * as z from 'zod/mini';
import type { Deps } from '../deps';
import { newAuditEntry } from '../identity/audit';
import { parseInput } from '../kernel/validate';
import { type Actor, actorSchema, actsFor, id } from '../orders/actor';
import {
  OrdersForbiddenError,
  type OrdersIssue,
  ordersInvalid,
  PaymentAccountInactiveError,
  PaymentAccountUnreadableError,
  paymentAccountNotFound,
} from '../orders/errors';
import type { PaymentAccountItem, PaymentAccountStatus } from '../orders/payment-account';
import type { PaymentAccount, PaymentProviderName } from './payment-provider';

/**
 * Where the keys live. `get` names the version the account item recorded, so an adapter may keep a
 * version it read for the container's life and still read a newly saved key at once.
 */
export interface PaymentSecrets {
  put(name: string, value: string): Promise<void>;
  get(name: string, version: string): Promise<string | undefined>;
}

export const paymentProviderNames = ['stripe', 'paypal'] as const satisfies readonly PaymentProviderName[];

const stripeKey = /^(sk|rk)_(live|test)_[A-Za-z0-9_-]{6,240}$/;
const stripePublishableKey = /^pk_(live|test)_[A-Za-z0-9_-]{6,240}$/;
const stripeWebhookSecret = /^whsec_[A-Za-z0-9_+/=-]{6,240}$/;
const paypalToken = /^[A-Za-z0-9_.-]{6,200}$/;
const paypalWebhookId = /^[A-Za-z0-9_-]{3,64}$/;
const email = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const keysSchema = z.discriminatedUnion('provider', [
  z.object({
    provider: z.literal('stripe'),
    /** `pk_…` (seed part 3: « les clés PK_live et SK_live »): public by design, kept with the keys. */
    publishableKey: z.optional(z.string()),
    secretKey: z.string(),
    webhookSecret: z.string(),
  }),
  z.object({
    provider: z.literal('paypal'),
    clientId: z.string(),
    clientSecret: z.string(),
    webhookId: z.string(),
    payeeEmail: z.optional(z.string()),
    payeeMerchantId: z.optional(z.string()),
  }),
]);

const saveInput = z.object({ actor: actorSchema, orgId: id(), keys: keysSchema });
export type SavePaymentAccountInput = z.input<typeof saveInput>;

/** A key shown to people: its kind and last characters only. */
export function maskKey(key: string): string {
  const trimmed = key.trim();
  const prefix = /^(sk|rk|pk)_(live|test)_/.exec(trimmed)?.[0] ?? trimmed.slice(0, 3);
  return `${prefix}…${trimmed.slice(-4)}`;
}

/** What the organizer may see of an account. */
export interface PaymentAccountView {
  orgId: string;
  provider: PaymentProviderName;
  status: PaymentAccountStatus;
  maskedKey: string;
  /** Stripe: the publishable key, masked too. */
  maskedPublishableKey?: string;
  payeeEmail?: string;
  payeeMerchantId?: string;
  updatedAt: string;
  activatedAt?: string;
}

function view(item: PaymentAccountItem): PaymentAccountView {
  return {
    orgId: item.orgId,
    provider: item.provider,
    status: item.status,
    maskedKey: item.maskedKey,
    ...(item.maskedPublishableKey ? { maskedPublishableKey: item.maskedPublishableKey } : {}),
    ...(item.payeeEmail ? { payeeEmail: item.payeeEmail } : {}),
    ...(item.payeeMerchantId ? { payeeMerchantId: item.payeeMerchantId } : {}),
    updatedAt: item.updatedAt,
    ...(item.activatedAt ? { activatedAt: item.activatedAt } : {}),
  };
}

/**
 * TIX-01: the organization's own keys, entered by one of its organizers (or staff). A new account,
 * or new keys saved by an organizer, wait for staff activation (`pending`): the keys decide where
 * buyers' money goes. Staff saving keys keep the account's status.
 */
export async function savePaymentAccount(
  deps: Pick<Deps, 'db' | 'clock' | 'ids'> & { paymentSecrets: PaymentSecrets },
  input: SavePaymentAccountInput,
): Promise<PaymentAccountView> {
  const { actor, orgId, keys } = parseInput(saveInput, input);
  if (!actsFor(actor, orgId)) throw new OrdersForbiddenError();
  const issues: OrdersIssue[] = [];
  let secret: PaymentAccount;
  let masked: string;
  let maskedPublishable: string | undefined;
  if (keys.provider === 'stripe') {
    const secretKey = keys.secretKey.trim();
    const webhookSecret = keys.webhookSecret.trim();
    const publishableKey = keys.publishableKey?.trim() || undefined;
    if (publishableKey && !stripePublishableKey.test(publishableKey))
      issues.push({ path: 'publishableKey', key: 'orders.account.rule.stripePublishable' });
    if (!stripeKey.test(secretKey)) issues.push({ path: 'secretKey', key: 'orders.account.rule.stripeKey' });
    if (!stripeWebhookSecret.test(webhookSecret))
      issues.push({ path: 'webhookSecret', key: 'orders.account.rule.stripeWebhook' });
    secret = { provider: 'stripe', secretKey, webhookSecret, ...(publishableKey ? { publishableKey } : {}) };
    masked = maskKey(secretKey);
    maskedPublishable = publishableKey ? maskKey(publishableKey) : undefined;
  } else {
    const clientId = keys.clientId.trim();
    const clientSecret = keys.clientSecret.trim();
    const webhookId = keys.webhookId.trim();
    const payeeEmail = keys.payeeEmail?.trim().toLowerCase() || undefined;
    const payeeMerchantId = keys.payeeMerchantId?.trim() || undefined;
    if (!paypalToken.test(clientId) || !paypalToken.test(clientSecret))
      issues.push({ path: 'clientId', key: 'orders.account.rule.paypalClient' });
    if (!paypalWebhookId.test(webhookId))
      issues.push({ path: 'webhookId', key: 'orders.account.rule.paypalWebhook' });
    if (payeeEmail ? !email.test(payeeEmail) || payeeEmail.length > 254 : !payeeMerchantId)
      issues.push({ path: 'payeeEmail', key: 'orders.account.rule.paypalPayee' });
    if (payeeMerchantId && !/^[A-Z0-9]{5,20}$/.test(payeeMerchantId))
      issues.push({ path: 'payeeMerchantId', key: 'orders.account.rule.paypalPayee' });
    secret = {
      provider: 'paypal',
      clientId,
      clientSecret,
      webhookId,
      payee: {
        ...(payeeEmail ? { emailAddress: payeeEmail } : {}),
        ...(payeeMerchantId ? { merchantId: payeeMerchantId } : {}),
      },
    };
    masked = maskKey(clientId);
  }
  if (issues.length > 0) throw ordersInvalid(issues, 'orders.account.invalid');

  const { paymentAccount } = deps.db.orders.entities;
  const existing = (await paymentAccount.get({ orgId, provider: keys.provider }).go({ consistent: true }))
    .data;
  const secretName = `${orgId}/${keys.provider}`;
  // The secret first: an item never names a version that was not written.
  await deps.paymentSecrets.put(secretName, JSON.stringify(secret));
  const now = deps.clock.now().toISOString();
  const status: PaymentAccountStatus = actor.staff && existing ? existing.status : 'pending';
  const payee =
    secret.provider === 'paypal'
      ? {
          ...(secret.payee?.emailAddress ? { payeeEmail: secret.payee.emailAddress } : {}),
          ...(secret.payee?.merchantId ? { payeeMerchantId: secret.payee.merchantId } : {}),
        }
      : {};
  const item: PaymentAccountItem = {
    orgId,
    provider: keys.provider,
    status,
    maskedKey: masked,
    ...(maskedPublishable ? { maskedPublishableKey: maskedPublishable } : {}),
    ...payee,
    secretName,
    secretVersion: deps.ids(),
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
    updatedBy: actor.userId,
    ...(status === 'active' && existing?.activatedAt
      ? { activatedAt: existing.activatedAt, activatedBy: existing.activatedBy }
      : {}),
  };
  await paymentAccount.put(item).go();
  return view(item);
}

const statusInput = z.object({ actor: actorSchema, orgId: id(), provider: z.enum(paymentProviderNames) });

async function setStatus(
  deps: Pick<Deps, 'db' | 'clock' | 'ids'>,
  input: z.input<typeof statusInput>,
  to: 'active' | 'suspended',
): Promise<PaymentAccountView> {
  const { actor, orgId, provider } = parseInput(statusInput, input);
  if (!actor.staff) throw new OrdersForbiddenError('orders.staffOnly');
  const now = deps.clock.now().toISOString();
  const { paymentAccount } = deps.db.orders.entities;
  const { auditEntry } = deps.db.identity.entities;
  // The status and its audit entry (PLAT-02) in one transaction: never one without the other.
  const result = await createWriteTransaction({ paymentAccount, auditEntry }, (entities) => [
    entities.paymentAccount
      .patch({ orgId, provider })
      .set(
        to === 'active'
          ? {
              status: to,
              activatedAt: now,
              activatedBy: actor.userId,
              updatedAt: now,
              updatedBy: actor.userId,
            }
          : { status: to, suspendedAt: now, updatedAt: now, updatedBy: actor.userId },
      )
      .commit(),
    entities.auditEntry
      .create(
        newAuditEntry(deps, {
          action: to === 'active' ? 'payment.activate' : 'payment.suspend',
          targetId: orgId,
          actorUserId: actor.userId,
          refs: { provider },
        }),
      )
      .commit(),
  ]).go();
  // The patch's only condition is that the account exists (the audit entry's id is new).
  if (result.canceled) throw paymentAccountNotFound();
  const updated = (await paymentAccount.get({ orgId, provider }).go({ consistent: true })).data;
  if (!updated) throw paymentAccountNotFound();
  return view(updated);
}

/** ORG-09, TIX-01: staff only — paid sales may start on this account. */
export function activatePaymentAccount(
  deps: Pick<Deps, 'db' | 'clock' | 'ids'>,
  input: z.input<typeof statusInput>,
) {
  return setStatus(deps, input, 'active');
}

/** ORG-09: staff only — paid sales stop at once on this account (checkouts refuse it). */
export function suspendPaymentAccount(
  deps: Pick<Deps, 'db' | 'clock' | 'ids'>,
  input: z.input<typeof statusInput>,
) {
  return setStatus(deps, input, 'suspended');
}

const listInput = z.object({ actor: actorSchema, orgId: z.optional(id()) });

/** TIX-01: an organization's accounts, masked; its own for an organizer, any for staff. */
export async function listPaymentAccounts(
  deps: Pick<Deps, 'db'>,
  input: { actor: Actor; orgId?: string },
): Promise<PaymentAccountView[]> {
  const { actor, orgId = actor.orgId } = parseInput(listInput, input);
  if (!actsFor(actor, orgId)) throw new OrdersForbiddenError();
  const { data } = await deps.db.orders.entities.paymentAccount.query.byOrg({ orgId }).go();
  return data.map(view);
}

/** Whether the organization may sell paid tickets now (a notice on the portal, TIX-01). */
export async function hasActivePaymentAccount(deps: Pick<Deps, 'db'>, orgId: string): Promise<boolean> {
  const { data } = await deps.db.orders.entities.paymentAccount.query.byOrg({ orgId }).go();
  return data.some((item) => item.status === 'active');
}

/**
 * TIX-01: the organization's keys for one provider, for a checkout or a webhook; a clear error when
 * the account is missing, pending or suspended. The status is read at each call (consistent), the
 * secret once per version per container. `allowSuspended`: for a payment already made (its webhook,
 * its refund), which a suspension must not strand.
 */
export async function activePaymentAccount(
  deps: Pick<Deps, 'db'> & { paymentSecrets: PaymentSecrets },
  orgId: string,
  provider: PaymentProviderName,
  options: { allowSuspended?: boolean } = {},
): Promise<PaymentAccount> {
  const item = (
    await deps.db.orders.entities.paymentAccount.get({ orgId, provider }).go({ consistent: true })
  ).data;
  const usable = item?.status === 'active' || (options.allowSuspended && item?.status === 'suspended');
  if (!item || !usable) throw new PaymentAccountInactiveError(provider);
  let text: string | undefined;
  try {
    text = await deps.paymentSecrets.get(item.secretName, item.secretVersion);
  } catch (error) {
    throw new PaymentAccountUnreadableError(error);
  }
  if (!text) throw new PaymentAccountUnreadableError();
  let account: PaymentAccount;
  try {
    account = JSON.parse(text) as PaymentAccount;
  } catch {
    // Not the parse error: its message would quote the secret.
    throw new PaymentAccountUnreadableError();
  }
  if (account.provider !== provider) throw new PaymentAccountUnreadableError();
  return account;
}
