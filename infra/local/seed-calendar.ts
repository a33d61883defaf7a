import { approveEvent, submitForApproval } from '../../shared/calendar/approval';
import {
  type FixtureEvent,
  fixtureTerms,
  fixtureVenues,
  generateCalendarFixtures,
} from '../../shared/calendar/calendar.fixtures';
import type { CalendarEvent } from '../../shared/calendar/event';
import { type EventActor, saveEvent } from '../../shared/calendar/save-event';
import { listOrganizationEvents, setFeatured } from '../../shared/calendar/staff-flags';
import { nameKey } from '../../shared/crm/normalize';
import { markHandledOnce, wasHandled } from '../../shared/db/dedupe';
import type { Deps } from '../../shared/deps';
import { createOrganization, listOrganizations } from '../../shared/identity/members';
import { defaultTimeZone, localDateOf, utcToZoned } from '../../shared/kernel/zoned-time';

/**
 * The calendar of the demo (`npm start`) and of the browser tests: the fixture venues and pick
 * lists, and about 80 events of `generateCalendarFixtures` from today, created, submitted and
 * approved through the use cases the portals call (saveEvent, submitForApproval, approveEvent,
 * setFeatured), so the home page, the sheets and the approval queue show what the product makes.
 *
 * The fixture's six presenters are played by the three demo organizations of seed.ts (found by
 * name; created with their « Organisme » when absent, as in the browser tests' twin).
 *
 * Images: events need an image with its calendar crop to be submitted (ORG-06). The demo has no
 * picture files, so each event gets an Image item with its calendar and sheet rectangles and no
 * renditions yet, the state the image pipeline is in between the organizer's crop and the crop
 * function's output: the pages show their placeholder, never a broken image. Written below the
 * use cases, like calendar.test-support.ts does, until the pipeline can be fed real files.
 *
 * Idempotent: a marker says the calendar is complete; until then every step finds what an
 * interrupted run left (an event is recognised by organization, title and local start) and goes
 * on from its state, so a run killed half-way completes at the next one without duplicates.
 */

/** Bump when the demo calendar changes, so existing data folders receive it once. */
export const calendarDemoVersion = 'calendar-demo-v1';

/** Which demo organization (seed.ts `demoOrganizations`) presents each fixture organization's events. */
export const demoPresenters: Record<
  string,
  { name: string; organisme: { email: string; displayName: string } }
> = {
  'ORG-SPECTART': theatre(),
  'ORG-THEATRE-BIC': theatre(),
  'ORG-FESTI-JAZZ': festival(),
  'ORG-PARADIS': festival(),
  'ORG-MUSEE': gallery(),
  'ORG-CARREFOUR': gallery(),
};

function theatre() {
  return {
    name: 'Théâtre des Grèves',
    organisme: { email: 'helene.lavoie@theatre-des-greves.example', displayName: 'Hélène Lavoie' },
  };
}
function festival() {
  return {
    name: 'Festival du Fleuve',
    organisme: { email: 'francois.pelletier@festival-du-fleuve.example', displayName: 'François Pelletier' },
  };
}
function gallery() {
  return {
    name: 'Galerie Boréale',
    organisme: { email: 'claude.simard@galerie-boreale.example', displayName: 'Claude Simard' },
  };
}

/**
 * An event renamed after its publication, so the demo has a former address answering 301 (CAL-06):
 * the fixture key, and the title it ends with.
 */
export const renamedDemoEvent = {
  key: 'online-0',
  title: 'Rencontre d’autrice en ligne : Anne Hébert',
} as const;

export interface CalendarDemoSummary {
  events: number;
  published: number;
  /** Events this run created (0 when everything was there). */
  created: number;
}

/** The local day the demo calendar starts from: today at the venues. */
export function demoStartDate(deps: Pick<Deps, 'clock'>): string {
  return localDateOf(deps.clock.now().toISOString(), defaultTimeZone);
}

export async function seedCalendarDemo(
  deps: Deps,
  options: { startDate?: string; actorUserId?: string } = {},
): Promise<CalendarDemoSummary> {
  const fixtures = generateCalendarFixtures({ startDate: options.startDate ?? demoStartDate(deps) });
  const published = fixtures.filter((fixture) => fixture.status === 'published').length;
  const marker = { scope: 'seed', key: calendarDemoVersion };
  if (await wasHandled(deps.db.comms, marker)) return { events: fixtures.length, published, created: 0 };

  await seedReferenceData(deps);
  const orgIds = await presenters(deps);
  const actorUserId = options.actorUserId ?? 'demo-seed';
  const existing = await existingEvents(deps, [...new Set(Object.values(orgIds))]);
  const ids = new Map<string, string>();
  let created = 0;
  const run = async (fixture: FixtureEvent) => {
    const outcome = await seedEvent(deps, fixture, { orgIds, ids, existing, actorUserId });
    ids.set(fixture.key, outcome.eventId);
    if (outcome.created) created += 1;
  };
  // Big events first: their programme names them.
  const parents = fixtures.filter((fixture) => fixtures.some((child) => child.parentKey === fixture.key));
  for (const fixture of parents) await run(fixture);
  await inParallel(
    fixtures.filter((fixture) => !parents.includes(fixture)),
    6,
    run,
  );
  await markHandledOnce(deps.db.comms, { ...marker, now: deps.clock.now(), keepDays: 36_500 });
  return { events: fixtures.length, published, created };
}

/** Venues and pick lists with the fixture's ids, as staff would enter them (ORG-09). */
async function seedReferenceData(deps: Deps): Promise<void> {
  const now = deps.clock.now().toISOString();
  const { venue, taxonomyTerm } = deps.db.calendar.entities;
  await venue
    .put(
      fixtureVenues.map((fixture) => ({
        ...fixture,
        nameKey: nameKey(fixture.name) || fixture.venueId.toLowerCase(),
        createdAt: now,
        updatedAt: now,
      })),
    )
    .go();
  await taxonomyTerm
    .put(
      fixtureTerms.map((term) => ({
        ...term,
        requiresExhibitionType: term.requiresExhibitionType ?? false,
        createdAt: now,
        updatedAt: now,
      })),
    )
    .go();
}

/** The fixture organization ids mapped to the demo organizations' ids, creating any missing one. */
async function presenters(deps: Deps): Promise<Record<string, string>> {
  const byName = new Map(
    (await listOrganizations(deps)).map((organization) => [organization.name, organization.orgId]),
  );
  const result: Record<string, string> = {};
  for (const [fixtureOrgId, presenter] of Object.entries(demoPresenters)) {
    let orgId = byName.get(presenter.name);
    if (!orgId) {
      ({ orgId } = await createOrganization(deps, {
        name: presenter.name,
        firstMember: { ...presenter.organisme, locale: 'fr' },
        actorUserId: 'demo-seed',
      }));
      byName.set(presenter.name, orgId);
    }
    result[fixtureOrgId] = orgId;
  }
  return result;
}

const identity = (orgId: string, title: string, localStart: string) => `${orgId}|${title}|${localStart}`;

/**
 * What an interrupted run left: the demo organizations' events by organization, title and local
 * start (two fixture events may share all three: each takes one).
 */
async function existingEvents(deps: Deps, orgIds: string[]): Promise<Map<string, CalendarEvent[]>> {
  const found = new Map<string, CalendarEvent[]>();
  for (const orgId of orgIds) {
    let cursor: string | undefined;
    do {
      const page = await listOrganizationEvents(deps, { orgId, cursor });
      for (const event of page.events) {
        const key = identity(orgId, event.title, utcToZoned(event.startsAt, event.timeZone).slice(0, 16));
        found.set(key, [...(found.get(key) ?? []), event]);
      }
      cursor = page.cursor;
    } while (cursor);
  }
  return found;
}

/** The demo image of one event: an Image item and its two rectangles, no renditions (see above). */
async function demoImage(deps: Deps, key: string, orgId: string): Promise<string> {
  const imageId = `DEMO-${key}`;
  const at = deps.clock.now().toISOString();
  const { image, crop } = deps.db.calendar.entities;
  await image
    .put({
      imageId,
      orgId,
      objectKey: `demo/${imageId}`,
      status: 'cropped',
      width: 1600,
      height: 1200,
      bytes: 0,
      createdAt: at,
    })
    .go();
  await crop
    .put([
      { imageId, orgId, kind: 'calendar', left: 350, top: 0, width: 900, height: 1200, createdAt: at },
      { imageId, orgId, kind: 'sheet', left: 0, top: 150, width: 1600, height: 900, createdAt: at },
    ])
    .go();
  return imageId;
}

/** Brings one fixture event to its state, from wherever an earlier run left it. */
async function seedEvent(
  deps: Deps,
  fixture: FixtureEvent,
  context: {
    orgIds: Record<string, string>;
    ids: Map<string, string>;
    existing: Map<string, CalendarEvent[]>;
    actorUserId: string;
  },
): Promise<{ eventId: string; created: boolean }> {
  const orgId = context.orgIds[fixture.orgId];
  if (!orgId) throw new Error(`No demo organization for ${fixture.orgId}`);
  // Staff act for the organization (ORG-09): the big event's flag is theirs.
  const actor = { userId: context.actorUserId, orgId, staff: true } satisfies EventActor;
  const renamed = fixture.key === renamedDemoEvent.key ? renamedDemoEvent.title : undefined;
  const found =
    take(context.existing, identity(orgId, fixture.fields.title, fixture.fields.startsAt), fixture.status) ??
    (renamed
      ? take(context.existing, identity(orgId, renamed, fixture.fields.startsAt), fixture.status)
      : undefined);
  const parentEventId = fixture.parentKey ? context.ids.get(fixture.parentKey) : undefined;
  const fields = {
    ...fixture.fields,
    presenterOrgId: fixture.fields.presenterOrgId ? context.orgIds[fixture.fields.presenterOrgId] : undefined,
    parentEventId,
  };
  let eventId = found?.eventId;
  let version = found?.version ?? 0;
  let status = found?.status ?? 'draft';
  if (!eventId) {
    const imageId = fixture.status === 'draft' ? undefined : await demoImage(deps, fixture.key, orgId);
    const saved = await saveEvent(deps, { actor, fields: { ...fields, imageId } });
    ({ eventId, version } = saved);
  }
  if (fixture.status !== 'draft' && status === 'draft') {
    ({ version } = await submitForApproval(deps, {
      actor,
      eventId,
      expectedVersion: version,
      note: 'Données de démonstration',
    }));
    status = 'submitted';
  }
  if (fixture.status === 'published' && status === 'submitted') {
    ({ version } = await approveEvent(deps, { actor, eventId }));
    status = 'published';
  }
  if (status !== 'published' || !(fixture.featured || renamed)) return { eventId, created: !found };
  const current = await loadEvent(deps, eventId);
  if (fixture.featured && !current.featured) await setFeatured(deps, { actor, eventId, value: true });
  if (renamed && current.title !== renamed) {
    const latest = await loadEvent(deps, eventId);
    await saveEvent(deps, {
      actor,
      eventId,
      expectedVersion: latest.version,
      fields: { ...fields, title: renamed, imageId: latest.imageId, featured: latest.featured },
    });
  }
  return { eventId, created: !found };
}

const progress = { draft: 0, submitted: 1, published: 2 } as const;

/** Takes an event left for this identity, one not past the fixture's state if there is one. */
function take(
  existing: Map<string, CalendarEvent[]>,
  key: string,
  target: FixtureEvent['status'],
): CalendarEvent | undefined {
  const candidates = existing.get(key);
  if (!candidates?.length) return undefined;
  const index = Math.max(
    0,
    candidates.findIndex((event) => progress[event.status] <= progress[target]),
  );
  return candidates.splice(index, 1)[0];
}

async function loadEvent(deps: Deps, eventId: string): Promise<CalendarEvent> {
  const event = (await deps.db.calendar.entities.event.get({ eventId }).go({ consistent: true })).data;
  if (!event) throw new Error(`The demo event ${eventId} vanished`);
  return event;
}

/** Runs `work` on every item, `concurrency` at a time; the first failure stops new items. */
async function inParallel<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  let failure: unknown;
  await Promise.allSettled(
    Array.from({ length: concurrency }, async () => {
      for (let index = next++; index < items.length && failure === undefined; index = next++) {
        try {
          await work(items[index] as T);
        } catch (error) {
          failure ??= error;
        }
      }
    }),
  );
  if (failure !== undefined) throw failure;
}
