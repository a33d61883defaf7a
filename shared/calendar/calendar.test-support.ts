/**
 * What the calendar tests share: a private table with a fixed clock, reference data (venues in
 * two zones, categories with « Musée », audiences, an exhibition type), an image with its crops,
 * two organizations, and a publisher that records the e-mail message ids queued.
 */
import { type PrivateTestBed, privateTestBed, useTwin } from '../../tests/twin';
import type { Deps } from '../deps';
import { type Clock, fixedClock } from '../kernel/ports';
import type { EventFieldsInput } from './event-input';

export interface CalendarBed {
  deps: Deps;
  bed: PrivateTestBed;
  clock: ReturnType<typeof fixedClock>;
  published: string[];
  /** CAL-10: the search file rebuild requests sent (queue `publicIndexes`), with their delay. */
  rebuildRequests: { message: object; delaySeconds?: number }[];
  /** A fresh image with a calendar crop (and a sheet crop). */
  /** An image already cropped (as the process-image consumer leaves it), of `orgId` (default A). */
  image(options?: { calendarCrop?: boolean; orgId?: string }): Promise<string>;
  /** Valid form fields, with overrides. */
  fields(overrides?: Partial<EventFieldsInput>): EventFieldsInput;
}

export const ref = {
  orgA: 'ORG-A',
  orgB: 'ORG-B',
  venueRimouski: 'V-SPECTART',
  venueParis: 'V-PARIS',
  theatre: 'CAT-THEATRE',
  music: 'CAT-MUSIQUE',
  museum: 'CAT-MUSEE',
  family: 'AUD-FAMILLE',
  adults: 'AUD-ADULTES',
  painting: 'EXPO-PEINTURE',
} as const;

/** Who is written to: two staff members of the platform and the organizer of ORG-A. */
export const people = [
  {
    userId: 'U-STAFF',
    email: 'equipe@parvis.example',
    displayName: 'Équipe Parvis',
    orgId: 'parvis',
    role: 'staff',
    locale: 'fr',
  },
  {
    userId: 'U-STAFF-2',
    email: 'second@parvis.example',
    displayName: 'Sam Second',
    orgId: 'parvis',
    role: 'staff',
    locale: 'en',
  },
  {
    userId: 'U-ORG-A',
    email: 'helene@spectart.example',
    displayName: 'Hélène Tremblay',
    orgId: 'ORG-A',
    role: 'organisme',
    locale: 'fr',
  },
] as const;

export const organizer = { userId: 'U-ORG-A', orgId: ref.orgA, staff: false };
export const organizerB = { userId: 'U-ORG-B', orgId: ref.orgB, staff: false };
export const staffActor = { userId: 'U-STAFF', orgId: ref.orgA, staff: true };

export async function calendarBed(prefix: string, start = '2026-12-01T15:00:00.000Z'): Promise<CalendarBed> {
  useTwin();
  const clock = fixedClock(start);
  const bed = await privateTestBed(prefix, clock as Clock);
  const published: string[] = [];
  const rebuildRequests: CalendarBed['rebuildRequests'] = [];
  const deps: Deps = {
    ...bed.deps,
    queues: {
      publish: async (queue, messages, options) => {
        if (queue === 'publicIndexes') {
          for (const message of messages)
            rebuildRequests.push({ message, delaySeconds: options?.delaySeconds });
          return;
        }
        for (const message of messages) published.push((message as { messageId: string }).messageId);
      },
    },
    config: { ...bed.deps.config, siteUrl: 'https://parvis.example' },
  };
  const at = start;
  const { venue, taxonomyTerm, image, crop } = deps.db.calendar.entities;
  await venue
    .put([
      {
        venueId: ref.venueRimouski,
        name: 'Salle Desjardins-TELUS',
        nameKey: 'salledesjardinstelus',
        address: '50, rue Saint-Germain Ouest',
        city: 'Rimouski',
        latitude: 48.4497,
        longitude: -68.5247,
        timeZone: 'America/Toronto',
        createdAt: at,
        updatedAt: at,
      },
      {
        venueId: ref.venueParis,
        name: 'Le Lieu parisien',
        nameKey: 'lelieuparisien',
        address: '1 rue de Rivoli',
        city: 'Paris',
        timeZone: 'Europe/Paris',
        createdAt: at,
        updatedAt: at,
      },
    ])
    .go();
  await taxonomyTerm
    .put([
      {
        kind: 'category',
        termId: ref.theatre,
        nameFr: 'Théâtre',
        nameEn: 'Theatre',
        createdAt: at,
        updatedAt: at,
      },
      {
        kind: 'category',
        termId: ref.music,
        nameFr: 'Musique',
        nameEn: 'Music',
        createdAt: at,
        updatedAt: at,
      },
      {
        kind: 'category',
        termId: ref.museum,
        nameFr: 'Musée',
        nameEn: 'Museum',
        requiresExhibitionType: true,
        createdAt: at,
        updatedAt: at,
      },
      {
        kind: 'audience',
        termId: ref.family,
        nameFr: 'Famille',
        nameEn: 'Family',
        createdAt: at,
        updatedAt: at,
      },
      {
        kind: 'audience',
        termId: ref.adults,
        nameFr: 'Adultes',
        nameEn: 'Adults',
        createdAt: at,
        updatedAt: at,
      },
      {
        kind: 'exhibitionType',
        termId: ref.painting,
        nameFr: 'Peinture',
        nameEn: 'Painting',
        createdAt: at,
        updatedAt: at,
      },
    ])
    .go();
  const { organization } = deps.db.identity.entities;
  for (const [orgId, name] of [
    [ref.orgA, 'Spect’Art Rimouski'],
    [ref.orgB, 'Musée régional de Rimouski'],
  ] as const) {
    await organization
      .put({ orgId, name, nameKey: name.toLowerCase(), status: 'active', createdAt: at, createdBy: 'seed' })
      .go();
  }
  const { account, membership } = deps.db.identity.entities;
  for (const person of people) {
    await account
      .put({
        userId: person.userId,
        email: person.email,
        displayName: person.displayName,
        locale: person.locale,
        status: 'active',
        createdAt: at,
      })
      .go();
    await membership
      .put({
        userId: person.userId,
        orgId: person.orgId,
        role: person.role,
        grantedAt: at,
        grantedBy: 'seed',
      })
      .go();
  }
  let images = 0;
  return {
    deps,
    bed,
    clock,
    published,
    rebuildRequests,
    async image(options = {}) {
      images += 1;
      const imageId = `IMG-${prefix}-${images}-${Date.now()}`;
      const orgId = options.orgId ?? ref.orgA;
      await image
        .put({
          imageId,
          orgId,
          objectKey: `images/${orgId}/${imageId}`,
          status: 'cropped',
          width: 1600,
          height: 1200,
          bytes: 400_000,
          createdAt: at,
        })
        .go();
      const kinds = options.calendarCrop === false ? (['sheet'] as const) : (['calendar', 'sheet'] as const);
      for (const kind of kinds) {
        await crop
          .put({
            imageId,
            orgId,
            kind,
            left: 0,
            top: 0,
            width: 900,
            height: 1200,
            primaryKey: `crops/${imageId}/${kind}.webp`,
            createdAt: at,
          })
          .go();
      }
      return imageId;
    },
    fields(overrides = {}) {
      return {
        title: 'Carmen',
        venueIds: [ref.venueRimouski],
        categoryIds: [ref.theatre],
        audienceIds: [ref.adults],
        startsAt: '2026-12-12T19:30',
        endsAt: '2026-12-12T22:00',
        showTime: true,
        ...overrides,
      };
    },
  };
}
