import { Entity, type EntityItem } from 'electrodb';

/**
 * A pass (« passe », TIX-08): one purchase that admits to several events — a festival's programme,
 * a season, « la relâche ». Staff create it for a selling organization, whose payment account takes
 * the money: `PASS#<passId>` · `PASS`, listed on g1 `PASSES` · `<salesEndAt>#<passId>`.
 *
 * Its price tiers (« Adulte », « Étudiant ») are ticket types in the partition `EVENT#<passId>`,
 * exactly as an event's categories are in `EVENT#<eventId>` (`TT#…`, `INV#…` counter shards), so
 * holds, pricing, taxes, promo codes, the waiting list and the sales report are the same code for
 * both (decision 0021). A pass bought issues one ticket per included event, each with its own QR
 * code: the door checks it like any ticket of that event.
 *
 * Each included event's partition holds a link (`EVENT#<eventId>` · `PASSLINK#<passId>`) written in
 * the same transaction as the pass, so the event's sheet lists its passes with the Query that reads
 * the event.
 */
export const passStatuses = ['draft', 'active', 'withdrawn'] as const;
export type PassStatus = (typeof passStatuses)[number];

/** At most this many events in a pass: each admission is a ticket, and a confirmation is one transaction. */
export const maxPassEvents = 12;

export const passEntity = () =>
  new Entity(
    {
      model: { entity: 'pass', version: '1', service: 'parvis' },
      attributes: {
        passId: { type: 'string', required: true, readOnly: true },
        /** The selling organization: its payment account is paid, its members see the orders. */
        orgId: { type: 'string', required: true },
        title: { type: 'string', required: true },
        /** Plain text, shown on the pass's page. */
        description: { type: 'string' },
        eventIds: { type: 'list', items: { type: 'string' }, required: true },
        status: { type: passStatuses, required: true },
        /** The availability period (« période d'accessibilité »): sold from then… */
        salesStartAt: { type: 'string', required: true },
        /** …until then. */
        salesEndAt: { type: 'string', required: true },
        /** Report days and dates are shown in it (the first event's). */
        timeZone: { type: 'string', required: true },
        /**
         * The theme image (« visuel thématique »): an image of the selling organization with its
         * calendar crop, set by `attachPassImage` (shared/ticketing/pass-image.ts), never by the form.
         */
        imageId: { type: 'string' },
        version: { type: 'number', required: true },
        createdAt: { type: 'string', required: true, readOnly: true },
        updatedAt: { type: 'string', required: true },
        updatedBy: { type: 'string', required: true },
      },
      indexes: {
        byId: {
          pk: { field: 'pk', composite: ['passId'], template: 'PASS#${passId}', casing: 'none' },
          sk: { field: 'sk', composite: [], template: 'PASS', casing: 'none' },
        },
        all: {
          index: 'gsi1',
          pk: { field: 'gsi1pk', composite: [], template: 'PASSES', casing: 'none' },
          sk: {
            field: 'gsi1sk',
            composite: ['salesEndAt', 'passId'],
            template: '${salesEndAt}#${passId}',
            casing: 'none',
          },
        },
      },
    },
    {},
  );

export type Pass = EntityItem<ReturnType<typeof passEntity>>;

/** `EVENT#<eventId>` · `PASSLINK#<passId>`: what the event's sheet shows of a pass including it. */
export const passLinkEntity = () =>
  new Entity(
    {
      model: { entity: 'passLink', version: '1', service: 'parvis' },
      attributes: {
        eventId: { type: 'string', required: true, readOnly: true },
        passId: { type: 'string', required: true, readOnly: true },
        title: { type: 'string', required: true },
        status: { type: passStatuses, required: true },
        salesStartAt: { type: 'string', required: true },
        salesEndAt: { type: 'string', required: true },
        /** How many events the pass admits to (« 5 spectacles »). */
        eventCount: { type: 'number', required: true },
      },
      indexes: {
        byEvent: {
          pk: { field: 'pk', composite: ['eventId'], template: 'EVENT#${eventId}', casing: 'none' },
          sk: { field: 'sk', composite: ['passId'], template: 'PASSLINK#${passId}', casing: 'none' },
        },
      },
    },
    {},
  );

export type PassLink = EntityItem<ReturnType<typeof passLinkEntity>>;
