import { Entity, type EntityItem } from 'electrodb';
import { type TaxMode, taxModes } from '../organizations/custom-checkbox';

/**
 * A ticket type ("catégorie de billet", TIX-02, TIX-03): « Régulier », « Étudiant », « 65 ans et + ».
 * `EVENT#<eventId>` · `TT#<ticketTypeId>`, in the event's partition so the sheet reads it with the
 * event, its dates and its counters in one Query. Its seats live in the inventory counter shards
 * (`INV#<ticketTypeId>#<shard>`), born and resized with it in one transaction. Every write is
 * conditioned on the `version` the organizer loaded and on `orgId` (ROLE-06).
 */
export { type TaxMode, taxModes };

/** `withdrawn`: no longer sold (TIX-03), kept for the orders that name it. */
export const ticketTypeStatuses = ['active', 'withdrawn'] as const;
export type TicketTypeStatus = (typeof ticketTypeStatuses)[number];

export const ticketTypeEntity = () =>
  new Entity(
    {
      model: { entity: 'ticketType', version: '1', service: 'parvis' },
      attributes: {
        eventId: { type: 'string', required: true, readOnly: true },
        ticketTypeId: { type: 'string', required: true, readOnly: true },
        /** The event's organization, copied: the scope of every write (ROLE-06). */
        orgId: { type: 'string', required: true, readOnly: true },
        nameFr: { type: 'string', required: true },
        nameEn: { type: 'string', required: true },
        /** Integer cents; 0 is a free ticket (« S'inscrire » when every category is free). */
        priceCents: { type: 'number', required: true },
        currency: { type: 'string', required: true, default: 'CAD' },
        /** `included`: the price is what the buyer pays; `added`: GST and QST are added on top. */
        taxes: { type: taxModes, required: true },
        /** Seats of the category: the sum of its shards' `capacity`. */
        quantity: { type: 'number', required: true },
        /** Tickets of this category one buyer may take (TIX-03). */
        perPersonMax: { type: 'number', required: true },
        /** Counter shards `INV#<ticketTypeId>#0` … `#<shards - 1>` (decision 0014). */
        shards: { type: 'number', required: true },
        /** Sales open then (TIX-03); absent: at once. */
        salesStartAt: { type: 'string' },
        /** The category is withdrawn from sale then (TIX-03); absent: until the event. */
        withdrawAt: { type: 'string' },
        status: { type: ticketTypeStatuses, required: true, default: 'active' },
        /** When the organizer withdrew it by hand. */
        withdrawnAt: { type: 'string' },
        /** Display order on the sheet, smallest first. */
        position: { type: 'number', required: true, default: 0 },
        version: { type: 'number', required: true },
        createdAt: { type: 'string', required: true, readOnly: true },
        updatedAt: { type: 'string', required: true },
        updatedBy: { type: 'string', required: true },
      },
      indexes: {
        byEvent: {
          pk: { field: 'pk', composite: ['eventId'], template: 'EVENT#${eventId}', casing: 'none' },
          sk: { field: 'sk', composite: ['ticketTypeId'], template: 'TT#${ticketTypeId}', casing: 'none' },
        },
      },
    },
    {},
  );

export type TicketType = EntityItem<ReturnType<typeof ticketTypeEntity>>;
