import { Entity, type EntityItem } from 'electrodb';

/**
 * One line of an order (TIX-05, TIX-07, TIX-09): `ORDER#<orderId>` · `LINE#<lineNo>`, with its
 * amounts computed once at checkout (data model §1.3): a ticket category, a custom checkbox the
 * buyer ticked, or the promo discount (negative). Lines with tickets are listed under their event
 * on g3 (`EVENT#<eventId>` · `LINE#<placedAt>#<orderId>#<lineNo>`) for the buyers' report (REP-01).
 */
export const orderLineKinds = ['ticket', 'checkbox', 'discount'] as const;
export type OrderLineKind = (typeof orderLineKinds)[number];

export const orderLineEntity = () =>
  new Entity(
    {
      model: { entity: 'orderLine', version: '1', service: 'parvis' },
      attributes: {
        orderId: { type: 'string', required: true, readOnly: true },
        /** Two digits, so the lines sort in order. */
        lineNo: { type: 'string', required: true, readOnly: true },
        eventId: { type: 'string', required: true, readOnly: true },
        placedAt: { type: 'string', required: true, readOnly: true },
        kind: { type: orderLineKinds, required: true, readOnly: true },
        /** The category (ticket), the box (checkbox) or the code (discount). */
        refId: { type: 'string', required: true, readOnly: true },
        nameFr: { type: 'string', required: true, readOnly: true },
        nameEn: { type: 'string', required: true, readOnly: true },
        unitPriceCents: { type: 'number', required: true, readOnly: true },
        quantity: { type: 'number', required: true, readOnly: true },
        taxes: { type: ['included', 'added'] as const, required: true, readOnly: true },
        baseCents: { type: 'number', required: true, readOnly: true },
        gstCents: { type: 'number', required: true, readOnly: true },
        qstCents: { type: 'number', required: true, readOnly: true },
        totalCents: { type: 'number', required: true, readOnly: true },
        /** What the buyer pays for this line once the discount is shared out (the provider's line). */
        payableCents: { type: 'number', readOnly: true },
        currency: { type: 'string', required: true, readOnly: true },
      },
      indexes: {
        byOrder: {
          pk: { field: 'pk', composite: ['orderId'], template: 'ORDER#${orderId}', casing: 'none' },
          sk: { field: 'sk', composite: ['lineNo'], template: 'LINE#${lineNo}', casing: 'none' },
        },
        byEvent: {
          index: 'gsi3',
          pk: { field: 'gsi3pk', composite: ['eventId'], template: 'EVENT#${eventId}', casing: 'none' },
          sk: {
            field: 'gsi3sk',
            composite: ['placedAt', 'orderId', 'lineNo'],
            template: 'LINE#${placedAt}#${orderId}#${lineNo}',
            casing: 'none',
          },
        },
      },
    },
    {},
  );

export type OrderLine = EntityItem<ReturnType<typeof orderLineEntity>>;
