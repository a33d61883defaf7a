import { Entity, type EntityItem } from 'electrodb';

/**
 * How many tickets of a category one buyer holds or bought (TIX-03 per-person maximum):
 * `BUYER#<buyerKey>` · `QTY#<ticketTypeId>`. Public buyers have no account, so `buyerKey` is the
 * SHA-256 of the normalized e-mail (decision 0017). ADDed in the hold transaction with the condition
 * `qty + n <= max`, so two tabs of one buyer cannot pass the maximum together; given back when the
 * order expires or is cancelled.
 */
export const buyerQuantityEntity = () =>
  new Entity(
    {
      model: { entity: 'buyerQuantity', version: '1', service: 'parvis' },
      attributes: {
        buyerKey: { type: 'string', required: true, readOnly: true },
        ticketTypeId: { type: 'string', required: true, readOnly: true },
        eventId: { type: 'string' },
        qty: { type: 'number', required: true, default: 0 },
      },
      indexes: {
        byBuyer: {
          pk: { field: 'pk', composite: ['buyerKey'], template: 'BUYER#${buyerKey}', casing: 'none' },
          sk: { field: 'sk', composite: ['ticketTypeId'], template: 'QTY#${ticketTypeId}', casing: 'none' },
        },
      },
    },
    {},
  );

export type BuyerQuantity = EntityItem<ReturnType<typeof buyerQuantityEntity>>;
