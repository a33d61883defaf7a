import { Entity, type EntityItem } from 'electrodb';

/**
 * The calendar's read model (§3.12): one entry per occurrence per local day shown, in a month
 * partition (`CAL#<yyyy-mm>` · `<localDate>#<startsAt or ~>#<eventId>#<occurrenceId>`), carrying
 * everything a card and the filters need, so the home page reads no event item.
 */
export const calendarEntryEntity = () =>
  new Entity(
    {
      model: { entity: 'calendarEntry', version: '1', service: 'parvis' },
      attributes: {
        month: { type: 'string', required: true, readOnly: true },
        localDate: { type: 'string', required: true, readOnly: true },
        /** The UTC start instant, or `~` for a day of an all-day span (sorts after timed entries). */
        timeKey: { type: 'string', required: true, readOnly: true },
        eventId: { type: 'string', required: true, readOnly: true },
        occurrenceId: { type: 'string', required: true, readOnly: true },
        startsAt: { type: 'string', required: true },
        endsAt: { type: 'string', required: true },
        showTime: { type: 'boolean', required: true },
        timeZone: { type: 'string', required: true },
        title: { type: 'string', required: true },
        slug: { type: 'string', required: true },
        cardImageKey: { type: 'string' },
        /** The event's image, so a page can read its card crop's renditions for `srcset`. */
        imageId: { type: 'string' },
        orgId: { type: 'string', required: true },
        presenterOrgId: { type: 'string', required: true },
        presenterName: { type: 'string', required: true },
        venueNames: { type: 'list', items: { type: 'string' }, required: true },
        categoryIds: { type: 'list', items: { type: 'string' }, required: true },
        audienceIds: { type: 'list', items: { type: 'string' }, required: true },
        free: { type: 'boolean', required: true },
        freeOption: { type: 'boolean', required: true },
        online: { type: 'boolean', required: true },
        bigEvent: { type: 'boolean', required: true },
        exhibition: { type: 'boolean', required: true },
        onPlatformTicketing: { type: 'boolean', required: true },
        externalTicketing: { type: 'boolean', required: true },
        soldOut: { type: 'boolean', required: true },
        featured: { type: 'boolean', required: true },
        priceMinCents: { type: 'number' },
        priceMaxCents: { type: 'number' },
        currency: { type: 'string', required: true },
        parentEventId: { type: 'string' },
      },
      indexes: {
        byMonth: {
          pk: { field: 'pk', composite: ['month'], template: 'CAL#${month}', casing: 'none' },
          sk: {
            field: 'sk',
            composite: ['localDate', 'timeKey', 'eventId', 'occurrenceId'],
            template: '${localDate}#${timeKey}#${eventId}#${occurrenceId}',
            casing: 'none',
          },
        },
      },
    },
    {},
  );

/** CAL-03: a staff pin forcing an event into « À la une » until the event ends (TTL). */
export const featuredPinEntity = () =>
  new Entity(
    {
      model: { entity: 'featuredPin', version: '1', service: 'parvis' },
      attributes: {
        eventId: { type: 'string', required: true, readOnly: true },
        endsAt: { type: 'string', required: true },
        pinnedBy: { type: 'string', required: true },
        at: { type: 'string', required: true },
        expiresAt: { type: 'number', required: true },
      },
      indexes: {
        byEvent: {
          pk: { field: 'pk', composite: [], template: 'FEATURED', casing: 'none' },
          sk: { field: 'sk', composite: ['eventId'], template: 'EVENT#${eventId}', casing: 'none' },
        },
      },
    },
    {},
  );

export type CalendarEntry = EntityItem<ReturnType<typeof calendarEntryEntity>>;
export type FeaturedPin = EntityItem<ReturnType<typeof featuredPinEntity>>;
