import { Entity, type EntityItem } from 'electrodb';

/**
 * An event's ticketing settings (TIX-01, TIX-04, TIX-06, TIX-13, TIX-15): `EVENT#<eventId>` · `TIXSET`, in
 * the event's partition so the sheet and the checkout read them with the event and its categories.
 * Absent until the organizer first saves them (the defaults of `readTicketingSettings` apply).
 * The organizer's texts are stored flat, one attribute per message and language, as typed (plain
 * text, never HTML). Every write is conditioned on the `version` the organizer loaded (0: absent).
 */
export const ticketingSettingsEntity = () =>
  new Entity(
    {
      model: { entity: 'ticketingSettings', version: '1', service: 'parvis' },
      attributes: {
        eventId: { type: 'string', required: true, readOnly: true },
        /** The event's organization, copied: the scope of every write (ROLE-06). */
        orgId: { type: 'string', required: true, readOnly: true },
        enabled: { type: 'boolean', required: true },
        pickUpAtVenue: { type: 'boolean', required: true },
        waitingList: { type: 'boolean', required: true },
        /** TIX-13 « autoriser plusieurs appareils »: absent (saved before it existed) is false. */
        multiDevice: { type: 'boolean' },
        beforeSaleFr: { type: 'string' },
        beforeSaleEn: { type: 'string' },
        soldOutFr: { type: 'string' },
        soldOutEn: { type: 'string' },
        confirmationFr: { type: 'string' },
        confirmationEn: { type: 'string' },
        version: { type: 'number', required: true },
        updatedAt: { type: 'string', required: true },
        updatedBy: { type: 'string', required: true },
      },
      indexes: {
        byEvent: {
          pk: { field: 'pk', composite: ['eventId'], template: 'EVENT#${eventId}', casing: 'none' },
          sk: { field: 'sk', composite: [], template: 'TIXSET', casing: 'none' },
        },
      },
    },
    {},
  );

export type TicketingSettingsItem = EntityItem<ReturnType<typeof ticketingSettingsEntity>>;
