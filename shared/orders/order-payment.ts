import { Entity, type EntityItem } from 'electrodb';

/**
 * The order's payment ledger (TIX-09, TIX-14): `ORDER#<orderId>` · `PAY#<at>#<paymentId>`, append
 * only — a payment, or a refund (negative `amountCents`), with the provider's numbers. Written in
 * the same transaction as the state change it records; `paymentId` is derived from the provider's
 * own id (the payment's transaction, the refund's id), so the same movement is never recorded twice.
 */
export const orderPaymentKinds = ['payment', 'refund'] as const;

export const orderPaymentEntity = () =>
  new Entity(
    {
      model: { entity: 'orderPayment', version: '1', service: 'parvis' },
      attributes: {
        orderId: { type: 'string', required: true, readOnly: true },
        at: { type: 'string', required: true, readOnly: true },
        paymentId: { type: 'string', required: true, readOnly: true },
        kind: { type: orderPaymentKinds, required: true, readOnly: true },
        provider: { type: ['stripe', 'paypal'] as const, required: true, readOnly: true },
        providerRef: { type: 'string', readOnly: true },
        transactionId: { type: 'string', readOnly: true },
        refundId: { type: 'string', readOnly: true },
        /** Positive for a payment, negative for a refund; the currency's minor unit. */
        amountCents: { type: 'number', required: true, readOnly: true },
        currency: { type: 'string', required: true, readOnly: true },
        /** The provider's event that told us, or the Parvis user who asked. */
        source: { type: 'string', required: true, readOnly: true },
        /**
         * A refund: why the organizer made it, in their words (≤ 200 characters, TIX-14). Set once,
         * by the organizer's call, even when the provider's webhook recorded the refund first.
         */
        note: { type: 'string' },
      },
      indexes: {
        byOrder: {
          pk: { field: 'pk', composite: ['orderId'], template: 'ORDER#${orderId}', casing: 'none' },
          sk: {
            field: 'sk',
            composite: ['at', 'paymentId'],
            template: 'PAY#${at}#${paymentId}',
            casing: 'none',
          },
        },
      },
    },
    {},
  );

export type OrderPayment = EntityItem<ReturnType<typeof orderPaymentEntity>>;
