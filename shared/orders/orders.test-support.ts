/**
 * What the order tests share: a private table with a fixed clock near real time (the fake provider
 * signs webhooks with real time, and Stripe refuses signatures older than 5 minutes), the real
 * Stripe and PayPal adapters against a fake provider server of this test file, the organizations'
 * keys in a private directory, a recording queue publisher and log sink, and factories for a
 * selling event and an active payment account.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { type FakePayments, startFakePayments } from '../../infra/local/fake-payments';
import { type ReceivedWebhook, startWebhookReceiver } from '../../infra/local/fake-payments/webhook-receiver';
import { type PrivateTestBed, privateTestBed, useTwin } from '../../tests/twin';
import { filePaymentSecrets } from '../adapters/payment-secrets';
import { paypalPayments } from '../adapters/paypal-payments';
import { stripePayments } from '../adapters/stripe-payments';
import type { Deps, PaymentDeps } from '../deps';
import { fixedClock, type QueuePublisher } from '../kernel/ports';
import { activatePaymentAccount, savePaymentAccount } from '../payments/payment-accounts';
import type { PaymentProvider, PaymentProviderName } from '../payments/payment-provider';
import { savePass } from '../ticketing/passes';
import { saveTicketType, type TicketTypeFields } from '../ticketing/ticket-types';
import { saveTicketingSettings } from '../ticketing/ticketing-settings';
import { handlePaymentWebhook, orderDocumentsQueue } from './confirm-order';

export const organizerA = { userId: 'U-ORG-A', orgId: 'ORG-A', staff: false };
export const organizerB = { userId: 'U-ORG-B', orgId: 'ORG-B', staff: false };
export const staff = { userId: 'U-STAFF', orgId: 'platform', staff: true };

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  message: string;
  data?: Record<string, unknown>;
}

export type OrdersDeps = Deps & PaymentDeps;

export interface OrdersBed {
  bed: PrivateTestBed;
  deps: OrdersDeps;
  clock: ReturnType<typeof fixedClock>;
  fake: FakePayments;
  receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  /** Messages published on the order documents queue, in order. */
  confirmations: { orderId: string }[];
  /** Every log line of the use cases. */
  logs: LogLine[];
  /** The next `n` publishes on the documents queue fail (a crash right after the commit). */
  failNextPublishes(n: number): void;
  secretsDir: string;
  stop(): Promise<void>;
}

/**
 * The documents queue is not in infra/wiring.ts yet (the consumer is the lead's): its messages are
 * recorded here; every other queue goes to the twin's SQS as usual.
 */
function recordingQueues(
  inner: QueuePublisher,
  confirmations: { orderId: string }[],
  failing: { left: number },
) {
  return {
    async publish(queue: string, messages: object[], options?: { delaySeconds?: number }) {
      if (queue !== orderDocumentsQueue) return inner.publish(queue, messages, options);
      if (failing.left > 0) {
        failing.left -= 1;
        throw Object.assign(new Error('injected crash before the publish'), { name: 'InjectedCrash' });
      }
      for (const message of messages) confirmations.push(message as { orderId: string });
    },
  } satisfies QueuePublisher;
}

export async function ordersBed(prefix: string): Promise<OrdersBed> {
  useTwin();
  const clock = fixedClock(new Date(Math.floor(Date.now() / 1000) * 1000));
  const bed = await privateTestBed(prefix, clock);
  const receiver = await startWebhookReceiver();
  const fake = await startFakePayments({
    webhookUrls: { stripe: `${receiver.url}/webhooks/stripe`, paypal: `${receiver.url}/webhooks/paypal` },
    accounts: {},
    sweepMs: 0,
  });
  const secretsDir = mkdtempSync(join(tmpdir(), 'parvis-orders-secrets-'));
  const confirmations: { orderId: string }[] = [];
  const logs: LogLine[] = [];
  const failing = { left: 0 };
  const adapters: Record<PaymentProviderName, PaymentProvider> = {
    stripe: stripePayments({ apiUrl: fake.origin }) as PaymentProvider,
    paypal: paypalPayments({ apiUrl: fake.origin }) as PaymentProvider,
  };
  const deps: OrdersDeps = {
    ...bed.deps,
    log: {
      info: (message, data) => logs.push({ level: 'info', message, ...(data ? { data } : {}) }),
      warn: (message, data) => logs.push({ level: 'warn', message, ...(data ? { data } : {}) }),
      error: (message, data) => logs.push({ level: 'error', message, ...(data ? { data } : {}) }),
    },
    queues: recordingQueues(bed.deps.queues, confirmations, failing),
    payments: (provider) => adapters[provider],
    paymentSecrets: filePaymentSecrets(secretsDir),
  };
  return {
    bed,
    deps,
    clock,
    fake,
    receiver,
    confirmations,
    logs,
    failNextPublishes: (n) => {
      failing.left = n;
    },
    secretsDir,
    async stop() {
      await fake.stop();
      await receiver.stop();
    },
  };
}

/** A published event of `orgId` a month ahead, selling on Parvis, with the given categories. */
export async function sellingEvent(
  deps: OrdersDeps,
  orgId: string,
  categories: Partial<TicketTypeFields>[],
  settings: { pickUpAtVenue?: boolean } = {},
): Promise<{ eventId: string; ticketTypeIds: string[] }> {
  const eventId = ulid();
  const now = deps.clock.now();
  const at = now.toISOString();
  const startsAt = new Date(now.getTime() + 30 * 86_400_000);
  await deps.db.calendar.entities.event
    .create({
      eventId,
      orgId,
      presenterOrgId: orgId,
      status: 'published',
      version: 1,
      title: `Spectacle ${eventId}`,
      slug: `spectacle-${eventId.toLowerCase()}`,
      venueIds: [],
      categoryIds: [],
      audienceIds: [],
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 2 * 3_600_000).toISOString(),
      showTime: true,
      timeZone: 'America/Toronto',
      publishedAt: at,
      createdAt: at,
      createdBy: 'U-TEST',
      updatedAt: at,
      updatedBy: 'U-TEST',
    })
    .go();
  const actor = { userId: `U-${orgId}`, orgId, staff: false };
  const ticketTypeIds: string[] = [];
  for (const [index, fields] of categories.entries()) {
    const saved = await saveTicketType(deps, {
      actor,
      eventId,
      fields: {
        nameFr: `Catégorie ${index + 1}`,
        nameEn: `Category ${index + 1}`,
        priceCents: 2500,
        taxes: 'included',
        quantity: 100,
        perPersonMax: 10,
        position: index,
        ...fields,
      },
    });
    ticketTypeIds.push(saved.ticketTypeId);
  }
  await saveTicketingSettings(deps, {
    actor,
    eventId,
    expectedVersion: 0,
    fields: { enabled: true, pickUpAtVenue: settings.pickUpAtVenue ?? false },
  });
  return { eventId, ticketTypeIds };
}

/** An active Stripe account of `orgId`, known to the fake, saved by its organizer, activated by staff. */
export async function activeStripeAccount(
  env: Pick<OrdersBed, 'deps' | 'fake'>,
  orgId: string,
): Promise<{ secretKey: string; webhookSecret: string }> {
  const keys = {
    secretKey: `sk_test_${randomUUID().replaceAll('-', '')}`,
    webhookSecret: `whsec_${randomUUID().replaceAll('-', '')}`,
  };
  env.fake.addAccounts({ stripe: [keys] });
  await savePaymentAccount(env.deps, {
    actor: { userId: `U-${orgId}`, orgId, staff: false },
    orgId,
    keys: { provider: 'stripe', ...keys },
  });
  await activatePaymentAccount(env.deps, { actor: staff, orgId, provider: 'stripe' });
  return keys;
}

/** An active PayPal account of `orgId`, known to the fake. */
export async function activePayPalAccount(
  env: Pick<OrdersBed, 'deps' | 'fake'>,
  orgId: string,
): Promise<{ clientId: string; clientSecret: string; webhookId: string }> {
  const keys = {
    clientId: `client-${randomUUID()}`,
    clientSecret: `secret-${randomUUID()}`,
    webhookId: `WH-${randomUUID()}`,
  };
  env.fake.addAccounts({ paypal: [keys] });
  await savePaymentAccount(env.deps, {
    actor: { userId: `U-${orgId}`, orgId, staff: false },
    orgId,
    keys: { provider: 'paypal', ...keys, payeeEmail: `caisse@${orgId.toLowerCase()}.example.org` },
  });
  await activatePaymentAccount(env.deps, { actor: staff, orgId, provider: 'paypal' });
  return keys;
}

/** A buyer's checkout form (fresh idempotency key). */
export function checkoutForm(
  eventId: string,
  lines: { ticketTypeId: string; quantity: number }[],
  overrides: Record<string, unknown> = {},
) {
  return {
    eventId,
    lines,
    buyer: { name: 'Marie Côté', email: `marie.${ulid().toLowerCase()}@example.org`, postalCode: 'g5l 1a1' },
    locale: 'fr' as const,
    provider: 'stripe' as const,
    checkoutKey: randomUUID(),
    ...overrides,
  };
}

/**
 * The buyer presses « Payer » on the fake's hosted page; resolves with the provider's webhook of
 * that payment as it reached our endpoint (raw body and headers), not yet handled.
 */
export async function pay(
  env: Pick<OrdersBed, 'receiver' | 'fake'>,
  redirectUrl: string,
): Promise<ReceivedWebhook> {
  const before = env.receiver.received.length;
  const html = await (await fetch(redirectUrl)).text();
  const action = [...html.matchAll(/<form method="post" action="([^"]+)"/g)]
    .map((match) => match[1] ?? '')
    .find((path) => path.endsWith('/pay'));
  if (!action) throw new Error(`No « Payer » form on ${redirectUrl}`);
  const answer = await fetch(new URL(action, redirectUrl), { method: 'POST', redirect: 'manual' });
  if (answer.status !== 303) throw new Error(`pay answered ${answer.status}`);
  await env.fake.idle();
  return env.receiver.waitFor((webhook) => env.receiver.received.indexOf(webhook) >= before);
}

/** Hands a received webhook to the use case, as functions/http/payment-webhook.ts will. */
export function deliver(deps: OrdersDeps, webhook: ReceivedWebhook) {
  const provider = webhook.path.endsWith('/paypal') ? 'paypal' : 'stripe';
  return handlePaymentWebhook(deps, { provider, rawBody: webhook.body, headers: webhook.headers });
}

/** The e-mails queued (outbox) to an address in this bed's table, oldest first. */
export async function queuedEmails(deps: OrdersDeps, to: string) {
  const { data } = await deps.db.comms.entities.outboundMessage.query
    .byRecipient({ recipientKey: `email:${to.trim().toLowerCase()}` })
    .go({ hydrate: true });
  return data.map((message) => ({
    templateId: message.templateId,
    locale: message.locale,
    data: message.data as Record<string, unknown>,
  }));
}

/** The organization `savePass` asks for (it must exist), created once per table. */
async function organizationOf(deps: OrdersDeps, orgId: string): Promise<void> {
  const { organization } = deps.db.identity.entities;
  if ((await organization.get({ orgId }).go()).data) return;
  await organization
    .create({
      orgId,
      name: `Théâtre ${orgId}`,
      nameKey: `theatre ${orgId.toLowerCase()}`,
      contactEmail: `billetterie@${orgId.toLowerCase()}.example.org`,
      status: 'active',
      createdAt: deps.clock.now().toISOString(),
      createdBy: 'U-TEST',
    })
    .go();
}

/**
 * TIX-08: a pass of `orgId` (organization A by default) over `count` of its selling events, saved by
 * staff, with one tier (« Adulte », 50 $ unless told) on sale from an hour ago unless told.
 */
export async function passOver(
  deps: OrdersDeps,
  count: number,
  options: {
    orgId?: string;
    status?: 'draft' | 'active' | 'withdrawn';
    startsInHours?: number;
    tier?: { priceCents?: number; perPersonMax?: number };
  } = {},
) {
  const orgId = options.orgId ?? organizerA.orgId;
  await organizationOf(deps, orgId);
  const eventIds: string[] = [];
  const code = ulid().slice(-6);
  for (let index = 0; index < count; index += 1) {
    const { eventId } = await sellingEvent(deps, orgId, [{ priceCents: 3000 }]);
    // Short titles, whole on a ticket's line.
    await deps.db.calendar.entities.event
      .patch({ eventId })
      .set({ title: `Soirée ${index + 1} ${code}` })
      .go();
    eventIds.push(eventId);
  }
  const hour = 3_600_000;
  const now = deps.clock.now().getTime();
  const title = `Passe Festival ${code}`;
  const { passId } = await savePass(deps, {
    actor: { userId: staff.userId },
    fields: {
      orgId,
      title,
      eventIds,
      status: options.status ?? 'active',
      salesStartAt: new Date(now + (options.startsInHours ?? -1) * hour).toISOString(),
      salesEndAt: new Date(now + 240 * hour).toISOString(),
    },
  });
  const { ticketTypeId } = await saveTicketType(deps, {
    actor: { userId: staff.userId, orgId, staff: true },
    eventId: passId,
    fields: {
      nameFr: 'Adulte',
      nameEn: 'Adult',
      priceCents: options.tier?.priceCents ?? 5000,
      taxes: 'included',
      quantity: 50,
      perPersonMax: options.tier?.perPersonMax ?? 4,
    },
  });
  return { passId, tierId: ticketTypeId, eventIds, title, code };
}
