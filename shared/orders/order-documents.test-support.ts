/**
 * A paid order confirmed in the shared twin's table, whose `order.confirmed` the test then puts on
 * the documents queue itself (publishRaw), so the message that reaches the consumer is the test's:
 * for events/samples-run.test.ts (the sample's fixed order id) and the journey through the runner.
 * The checkout is opened on the twin's fake Stripe with the real SDK; the payment is then confirmed
 * as the webhook would confirm it, with nothing published.
 */
import { ulid } from 'ulid';
import { env } from '../../infra/wiring';
import { createPaymentDeps } from '../adapters/payment-deps';
import type { Deps } from '../deps';
import { activatePaymentAccount, savePaymentAccount } from '../payments/payment-accounts';
import { confirmOrder } from './confirm-order';
import { readOrder } from './order-support';
import { checkoutForm, sellingEvent } from './orders.test-support';
import { startCheckout } from './start-checkout';

export interface ConfirmedOrder {
  orderId: string;
  eventId: string;
  email: string;
}

export async function arrangeConfirmedOrder(
  deps: Deps,
  vars: Record<string, string | undefined>,
  options: { orderId?: string; email?: string; locale?: 'fr' | 'en'; quantity?: number } = {},
): Promise<ConfirmedOrder> {
  const run = ulid();
  const orgId = `DOCS-${run}`;
  const quiet = { ...deps, ...createPaymentDeps(vars), queues: { publish: async () => undefined } };
  const keys = { secretKey: `sk_test_docs${run}`, webhookSecret: `whsec_docs${run}` };
  const answer = await fetch(`${vars[env.paymentsApiUrl]}/_fake/accounts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ stripe: [keys] }),
  });
  if (!answer.ok) throw new Error(`the fake provider refused the account (${answer.status})`);
  await savePaymentAccount(quiet, {
    actor: { userId: `U-${orgId}`, orgId, staff: false },
    orgId,
    keys: { provider: 'stripe', ...keys },
  });
  await activatePaymentAccount(quiet, {
    actor: { userId: 'U-DOCS-STAFF', orgId: 'parvis', staff: true },
    orgId,
    provider: 'stripe',
  });
  const { eventId, ticketTypeIds } = await sellingEvent(quiet, orgId, [{ priceCents: 2500, taxes: 'added' }]);
  const form = checkoutForm(
    eventId,
    [{ ticketTypeId: ticketTypeIds[0] ?? '', quantity: options.quantity ?? 2 }],
    {
      locale: options.locale ?? 'fr',
      ...(options.email ? { buyer: { name: 'Geneviève Côté', email: options.email } } : {}),
    },
  );
  // The order takes the id asked for (the sample's): it is the first id checkout draws.
  let wanted = options.orderId;
  const ids = () => {
    const next = wanted ?? quiet.ids();
    wanted = undefined;
    return next;
  };
  const started = await startCheckout({ ...quiet, ids }, form);
  const order = await readOrder(quiet, started.orderId);
  if (!order?.providerRef) throw new Error('the checkout was not opened on the fake provider');
  const outcome = await confirmOrder(quiet, {
    orderId: order.orderId,
    payment: {
      provider: 'stripe',
      providerRef: order.providerRef,
      transactionId: `pi_docs${run}`,
      amountCents: order.totalCents,
      currency: order.currency,
    },
  });
  if (outcome !== 'confirmed') throw new Error(`order not confirmed: ${outcome}`);
  return { orderId: order.orderId, eventId, email: form.buyer.email };
}
