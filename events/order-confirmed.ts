import * as z from 'zod/mini';

/**
 * Contract of the order documents queue (TIX-10, decision 0017): `{ type: 'order.confirmed', v: 1,
 * orderId }`, published once an order's confirmation has committed (shared/orders/confirm-order.ts
 * `publishConfirmation`), at least once: a publish lost after the commit is made again by the next
 * delivery of the payment's webhook or by the buyer's return page. Everything else (lines, tickets,
 * buyer, locale) is read from the order's partition, so the consumer — which renders the receipt
 * and tickets and queues the `order.confirmation` e-mail with them — must be idempotent by `orderId`.
 */
export const orderConfirmedMessage = z.object({
  type: z.literal('order.confirmed'),
  v: z.literal(1),
  orderId: z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/)),
});

export type OrderConfirmedMessage = z.output<typeof orderConfirmedMessage>;

/**
 * The sample of events/samples/order-documents.v1.json (which the samples test runs through the
 * consumer), for tests that check the contract alone (shared/orders/checkout.test.ts).
 */
export const orderConfirmedSample: OrderConfirmedMessage = {
  type: 'order.confirmed',
  v: 1,
  orderId: '01KSAMPLE0ORDER00000000001',
};
