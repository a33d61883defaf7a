import { Entity, type EntityItem } from 'electrodb';

/**
 * An event of the calendar (ORG-05, CAL-01). `EVENT#<eventId>` · `EVENT`; listed under its
 * organization on g3 (`ORG#<orgId>` · `EVENT#<startsAt>#<eventId>`, ORG-04) and, only while
 * submitted or published, on g1 (`EVENTS#<status>` · `<startsAt>#<eventId>`: the approval queue
 * and the sitemap). Every write is a whole-item put conditioned on the `version` the writer read
 * and on `orgId`, so two editors never merge silently and no organization writes another's event.
 */
export const eventStatuses = ['draft', 'submitted', 'published'] as const;
export type EventStatus = (typeof eventStatuses)[number];

const listed = new Set<string>(['submitted', 'published']);

export const eventEntity = () =>
  new Entity(
    {
      model: { entity: 'event', version: '1', service: 'parvis' },
      attributes: {
        eventId: { type: 'string', required: true, readOnly: true },
        /** The owning organization: the scope of every write (ROLE-06). */
        orgId: { type: 'string', required: true, readOnly: true },
        /** « Diffuseur »: the organization presenting it (often the owner). */
        presenterOrgId: { type: 'string', required: true },
        status: { type: eventStatuses, required: true },
        /** Bumped by every write; a save names the version its editor loaded. */
        version: { type: 'number', required: true },
        title: { type: 'string', required: true },
        slug: { type: 'string', required: true },
        /** The organizer chose the slug; otherwise it follows the title. */
        slugCustom: { type: 'boolean', required: true, default: false },
        venueIds: { type: 'list', items: { type: 'string' }, required: true },
        /** Primary category first. */
        categoryIds: { type: 'list', items: { type: 'string' }, required: true },
        audienceIds: { type: 'list', items: { type: 'string' }, required: true },
        exhibitionTypeId: { type: 'string' },
        descriptionHtml: { type: 'string', required: true, default: '' },
        /** First date's start and the last date's end (UTC): the list keys and the span shown. */
        startsAt: { type: 'string', required: true },
        endsAt: { type: 'string', required: true },
        /** « Afficher la date et l'heure dans le calendrier ». */
        showTime: { type: 'boolean', required: true },
        timeZone: { type: 'string', required: true },
        online: { type: 'boolean', required: true, default: false },
        onlineUrl: { type: 'string' },
        seoTitle: { type: 'string' },
        seoKeywords: { type: 'string' },
        facebookEventId: { type: 'string' },
        websiteUrl: { type: 'string' },
        soldOut: { type: 'boolean', required: true, default: false },
        externalTicketingUrl: { type: 'string' },
        priceMinCents: { type: 'number' },
        priceMaxCents: { type: 'number' },
        currency: { type: 'string', required: true, default: 'CAD' },
        free: { type: 'boolean', required: true, default: false },
        freeOption: { type: 'boolean', required: true, default: false },
        /** Staff only (ORG-05): « À la une » and « Grand événement ». */
        featured: { type: 'boolean', required: true, default: false },
        bigEvent: { type: 'boolean', required: true, default: false },
        /** CAL-05: the big event whose programme lists this one. */
        parentEventId: { type: 'string' },
        /** Set by ticketing when the event sells on the platform (CAL-08). */
        onPlatformTicketing: { type: 'boolean', required: true, default: false },
        imageId: { type: 'string' },
        /** The last send-back note, shown to the organizer until the next submission (ORG-07). */
        reviewNote: { type: 'string' },
        submittedAt: { type: 'string' },
        publishedAt: { type: 'string' },
        /** CAL-07: sent through the public form, not by a member. */
        publicSubmission: { type: 'boolean', required: true, default: false },
        createdAt: { type: 'string', required: true, readOnly: true },
        createdBy: { type: 'string', required: true, readOnly: true },
        updatedAt: { type: 'string', required: true },
        updatedBy: { type: 'string', required: true },
      },
      indexes: {
        byId: {
          pk: { field: 'pk', composite: ['eventId'], template: 'EVENT#${eventId}', casing: 'none' },
          sk: { field: 'sk', composite: [], template: 'EVENT', casing: 'none' },
        },
        byStatus: {
          index: 'gsi1',
          condition: (attributes) => listed.has(String(attributes.status)),
          pk: { field: 'gsi1pk', composite: ['status'], template: 'EVENTS#${status}', casing: 'none' },
          sk: {
            field: 'gsi1sk',
            composite: ['startsAt', 'eventId'],
            template: '${startsAt}#${eventId}',
            casing: 'none',
          },
        },
        byOrg: {
          index: 'gsi3',
          pk: { field: 'gsi3pk', composite: ['orgId'], template: 'ORG#${orgId}', casing: 'none' },
          sk: {
            field: 'gsi3sk',
            composite: ['startsAt', 'eventId'],
            template: 'EVENT#${startsAt}#${eventId}',
            casing: 'none',
          },
        },
      },
    },
    {},
  );

export type CalendarEvent = EntityItem<ReturnType<typeof eventEntity>>;
