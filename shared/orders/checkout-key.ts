import { Entity, type EntityItem } from 'electrodb';

/**
 * The checkout form's idempotency key (TIX-09): `CHECKOUT#<keyHash>` · `CHECKOUT`, written with a
 * not-exists condition in the hold transaction, so a double-clicked « Payer » or a retried request
 * finds the order the first one placed instead of placing a second (and charging twice). It names
 * the buyer's e-mail hash and the event: another buyer's form cannot resume someone's order.
 */
export const checkoutKeyEntity = () =>
  new Entity(
    {
      model: { entity: 'checkoutKey', version: '1', service: 'parvis' },
      attributes: {
        keyHash: { type: 'string', required: true, readOnly: true },
        orderId: { type: 'string', required: true, readOnly: true },
        eventId: { type: 'string', required: true, readOnly: true },
        buyerKey: { type: 'string', required: true, readOnly: true },
        at: { type: 'string', required: true, readOnly: true },
        expiresAt: { type: 'number', required: true, readOnly: true },
      },
      indexes: {
        byKey: {
          pk: { field: 'pk', composite: ['keyHash'], template: 'CHECKOUT#${keyHash}', casing: 'none' },
          sk: { field: 'sk', composite: [], template: 'CHECKOUT', casing: 'none' },
        },
      },
    },
    {},
  );

export type CheckoutKey = EntityItem<ReturnType<typeof checkoutKeyEntity>>;
