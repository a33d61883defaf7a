import { type DocumentClient, Service } from 'electrodb';
import { publicIndexBuildEntity } from '../search/build-marker';
import { calendarEntryEntity, featuredPinEntity } from './calendar-entry';
import { eventEntity } from './event';
import {
  occurrenceEntity,
  programmeLinkEntity,
  projectionRecordEntity,
  reviewEntryEntity,
  submitterContactEntity,
} from './event-parts';
import { cropEntity, imageEntity } from './image';
import { slugGuardEntity } from './slug-guard';
import { taxonomyTermEntity } from './taxonomy-term';
import { venueEntity } from './venue';

/**
 * The calendar domain's entities in one ElectroDB Service, so an event, its dates, its slug guard
 * and the check on its image crop commit in one transaction. Built on first use only
 * (shared/db/databases.ts); writes that also queue e-mails join the outbox with
 * `commitWithEmails`.
 */
export function createCalendarDb(client: DocumentClient, table: string) {
  return new Service(
    {
      venue: venueEntity(),
      taxonomyTerm: taxonomyTermEntity(),
      image: imageEntity(),
      crop: cropEntity(),
      event: eventEntity(),
      occurrence: occurrenceEntity(),
      reviewEntry: reviewEntryEntity(),
      submitterContact: submitterContactEntity(),
      programmeLink: programmeLinkEntity(),
      projectionRecord: projectionRecordEntity(),
      slugGuard: slugGuardEntity(),
      calendarEntry: calendarEntryEntity(),
      featuredPin: featuredPinEntity(),
      // --- Search (CAL-10) ---
      publicIndexBuild: publicIndexBuildEntity(),
    },
    { client, table },
  );
}

export type CalendarDb = ReturnType<typeof createCalendarDb>;
