import { Entity, type EntityItem } from 'electrodb';

/**
 * A promo code of an event (« code promotionnel », TIX-07): `EVENT#<eventId>` · `PROMO#<code>`, the
 * code upper-cased (data model §1.3), so a buyer's « ete25 » finds « ETE25 » with a GetItem. Percent
 * or amount off, an optional usage limit counted exactly by `used` (ADD 1 in the hold transaction,
 * conditioned on `used < usageLimit`, given back when the order expires or is cancelled), a
 * validity window, and optionally only some categories.
 */
export const promoKinds = ['percent', 'amount'] as const;
export type PromoKind = (typeof promoKinds)[number];
export const promoStatuses = ['active', 'disabled'] as const;

export const promoCodeEntity = () =>
  new Entity(
    {
      model: { entity: 'promoCode', version: '1', service: 'parvis' },
      attributes: {
        eventId: { type: 'string', required: true, readOnly: true },
        code: { type: 'string', required: true, readOnly: true },
        orgId: { type: 'string', required: true, readOnly: true },
        kind: { type: promoKinds, required: true },
        /** `percent`: 1 to 100. */
        percentOff: { type: 'number' },
        /** `amount`: cents off the order's tickets, never below zero. */
        amountOffCents: { type: 'number' },
        currency: { type: 'string', required: true, default: 'CAD' },
        /** Absent: no limit. */
        usageLimit: { type: 'number' },
        used: { type: 'number', required: true, default: 0 },
        validFrom: { type: 'string' },
        validUntil: { type: 'string' },
        /** Absent or empty: every category of the event. */
        ticketTypeIds: { type: 'list', items: { type: 'string' } },
        status: { type: promoStatuses, required: true, default: 'active' },
        version: { type: 'number', required: true },
        createdAt: { type: 'string', required: true, readOnly: true },
        updatedAt: { type: 'string', required: true },
        updatedBy: { type: 'string', required: true },
      },
      indexes: {
        byEvent: {
          pk: { field: 'pk', composite: ['eventId'], template: 'EVENT#${eventId}', casing: 'none' },
          sk: { field: 'sk', composite: ['code'], template: 'PROMO#${code}', casing: 'none' },
        },
      },
    },
    {},
  );

export type PromoCode = EntityItem<ReturnType<typeof promoCodeEntity>>;
