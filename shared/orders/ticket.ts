import { Entity, type EntityItem } from 'electrodb';

/**
 * One ticket of a paid or free order (TIX-09, TIX-10, TIX-12): `ORDER#<orderId>` · `TICKET#<ticketId>`,
 * listed for the door on g3 (`EVENT#<eventId>` · `TICKET#<occurrenceId>#<ticketId>`). It stores only
 * what verifying a scan needs; the signed token (shared/ticketing/ticket-token.ts) is made when
 * the PDF is rendered, from these ids. `usedAt`/`usedBy` are the scanner's (TIX-12).
 */
export const ticketStatuses = ['valid', 'cancelled'] as const;

export const ticketEntity = () =>
  new Entity(
    {
      model: { entity: 'ticket', version: '1', service: 'parvis' },
      attributes: {
        orderId: { type: 'string', required: true, readOnly: true },
        ticketId: { type: 'string', required: true, readOnly: true },
        eventId: { type: 'string', required: true, readOnly: true },
        /** The date it admits to; the event itself while events have a single sale per category. */
        occurrenceId: { type: 'string', required: true, readOnly: true },
        ticketTypeId: { type: 'string', required: true, readOnly: true },
        status: { type: ticketStatuses, required: true },
        issuedAt: { type: 'string', required: true, readOnly: true },
        cancelledAt: { type: 'string' },
        usedAt: { type: 'string' },
        usedBy: { type: 'string' },
        /** TIX-13: the ticket's current access code (online events), whose item is `ACCESSCODE#<eventId>#<code>`. */
        accessCode: { type: 'string' },
      },
      indexes: {
        byOrder: {
          pk: { field: 'pk', composite: ['orderId'], template: 'ORDER#${orderId}', casing: 'none' },
          sk: { field: 'sk', composite: ['ticketId'], template: 'TICKET#${ticketId}', casing: 'none' },
        },
        byEvent: {
          index: 'gsi3',
          pk: { field: 'gsi3pk', composite: ['eventId'], template: 'EVENT#${eventId}', casing: 'none' },
          sk: {
            field: 'gsi3sk',
            composite: ['occurrenceId', 'ticketId'],
            template: 'TICKET#${occurrenceId}#${ticketId}',
            casing: 'none',
          },
        },
      },
    },
    {},
  );

export type Ticket = EntityItem<ReturnType<typeof ticketEntity>>;
