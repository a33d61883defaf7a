import { processImageMessage } from '../../events/process-image';
import { s3IndexFileStore } from '../../shared/adapters/s3-index-file';
import { approveEvent, submitForApproval } from '../../shared/calendar/approval';
import {
  type FixtureEvent,
  fixtureTerms,
  fixtureVenues,
  generateCalendarFixtures,
} from '../../shared/calendar/calendar.fixtures';
import { EventChangedMeanwhileError } from '../../shared/calendar/errors';
import type { CalendarEvent } from '../../shared/calendar/event';
import {
  confirmImageUpload,
  type ImageDeps,
  type ImageWork,
  processImage,
  readImage,
  recordImageCrops,
  startImageUpload,
} from '../../shared/calendar/event-images';
import { attachEventImage } from '../../shared/calendar/organization-events';
import { type EventActor, saveEvent } from '../../shared/calendar/save-event';
import { listOrganizationEvents, setFeatured } from '../../shared/calendar/staff-flags';
import { nameKey } from '../../shared/crm/normalize';
import { markHandledOnce, wasHandled } from '../../shared/db/dedupe';
import type { Deps } from '../../shared/deps';
import { createOrganization, listOrganizations } from '../../shared/identity/members';
import { cropKinds } from '../../shared/images/crop-kinds';
import type { FileStore } from '../../shared/kernel/ports';
import { parseInput } from '../../shared/kernel/validate';
import { defaultTimeZone, localDateOf, utcToZoned } from '../../shared/kernel/zoned-time';
import {
  getOrganizationProfile,
  type ProfileFields,
  updateOrganizationProfile,
} from '../../shared/organizations/organization-profile';
import { buildPublicIndexes } from '../../shared/search/public-indexes';

/**
 * The calendar of the demo (`npm start`) and of the browser tests: the fixture venues and pick
 * lists, and about 80 events of `generateCalendarFixtures` from today, created, submitted and
 * approved through the use cases the portals call (saveEvent, submitForApproval, approveEvent,
 * setFeatured), so the home page, the sheets and the approval queue show what the product makes.
 *
 * The fixture's six presenters are played by the three demo organizations of seed.ts (found by
 * name; created with their « Organisme » when absent, as in the browser tests' twin).
 *
 * Images: events need an image with its calendar crop to be submitted (ORG-06). `seedCalendarDemo`
 * gives each one an Image item with its calendar and sheet rectangles and no renditions, the state
 * the pipeline is in between the organizer's crop and the crop function's output (the pages show
 * their placeholder, never a broken image), written below the use cases like
 * calendar.test-support.ts does. `seedCalendarImages` then replaces them with pictures drawn here
 * (infra/local/demo-images.ts) that go through the real pipeline: `npm start` for every event, the
 * browser tests for the first few of the home page and the festival (see that function).
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
  await seedOrganizationProfiles(deps, [...new Set(Object.values(orgIds))]);
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
function demoImage(deps: Deps, key: string, orgId: string): Promise<string> {
  return writeDemoImage(deps, `DEMO-${key}`, orgId);
}

/**
 * An Image item and its two crop rectangles as the demo seed writes them, without renditions
 * (seedCalendarImages draws real ones later); the bench's seed writes its events' images the same way.
 */
export async function writeDemoImage(deps: Deps, imageId: string, orgId: string): Promise<string> {
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

// --- Demo images through the pipeline (issue #12) -------------------------------------------------

export interface CalendarImagesSummary {
  /** Events given a picture (all not-draft events, or the first `limit`). */
  events: number;
  /** Pictures this run sent through the pipeline (0 when every event already had its renditions). */
  created: number;
  milliseconds: number;
}

/**
 * The demo events' pictures, through the pipeline an organizer's upload takes (ORG-06, decision
 * 0010): `startImageUpload`, the presigned POST to the `uploads` bucket as a browser sends it,
 * `confirmImageUpload`, the inspection, `recordImageCrops` with the centred rectangles the crop
 * step proposes, the rendering of every rendition into the `images` bucket, and `attachEventImage`,
 * which projects a published event's cards again. The pictures are drawn on the spot
 * (demo-images.ts), one per event in its category's motif.
 *
 * The two queue messages are not left to the local runner: the use cases publish them into this
 * function, which hands each, checked by its contract, to `processImage`, the function the
 * process-image consumer calls, with the consumer's own work (sharp). So the seed does not wait on
 * the queue's polling, and the runner does not render each picture a second time.
 *
 * Which events: every event past its draft, or with `limit` the first ones the home page shows
 * (featured first, the festival among them, then by date). Idempotent: an event whose calendar crop
 * already has renditions is left alone; the placeholder image it replaces (`DEMO-…`) is deleted.
 */
export async function seedCalendarImages(
  deps: Deps,
  files: FileStore,
  options: {
    limit?: number;
    actorUserId?: string;
    concurrency?: number;
    /** Told how many pictures this run will draw, before it starts. */
    onPlan?: (toDraw: number) => void;
  } = {},
): Promise<CalendarImagesSummary> {
  const started = Date.now();
  // sharp is loaded here only, never by what imports this module for its constants.
  const [{ demoPicture }, { renderAndStoreCrops }, { inspectOriginal }] = await Promise.all([
    import('./demo-images'),
    import('../../shared/images/crops'),
    import('../../shared/images/original'),
  ]);
  const work: ImageWork = { inspectOriginal, renderAndStore: renderAndStoreCrops };
  // The demo organizations, found by name only: without them there is no demo calendar to draw for.
  const names = new Set(Object.values(demoPresenters).map((presenter) => presenter.name));
  const orgIds = (await listOrganizations(deps))
    .filter((organization) => names.has(organization.name))
    .map((organization) => organization.orgId);
  const events: CalendarEvent[] = [];
  for (const orgId of orgIds) {
    let cursor: string | undefined;
    do {
      const page = await listOrganizationEvents(deps, { orgId, cursor });
      events.push(...page.events.filter((event) => event.status !== 'draft'));
      cursor = page.cursor;
    } while (cursor);
  }
  events.sort(
    (a, b) =>
      Number(Boolean(b.featured)) - Number(Boolean(a.featured)) ||
      a.startsAt.localeCompare(b.startsAt) ||
      a.eventId.localeCompare(b.eventId),
  );
  const chosen = options.limit === undefined ? events : events.slice(0, options.limit);
  const done = await renderedImages(deps, chosen);
  const toDraw = chosen.filter((event) => !done.has(event.eventId));
  options.onPlan?.(toDraw.length);
  let created = 0;
  await inParallel(toDraw, options.concurrency ?? 2, async (event) => {
    const picture = await demoPicture(event.categoryIds[0], event.eventId);
    await pictureThroughPipeline(deps, files, work, event, picture, options.actorUserId ?? 'demo-seed');
    created += 1;
  });
  return { events: chosen.length, created, milliseconds: Date.now() - started };
}

/** The events whose image already has its calendar renditions. */
async function renderedImages(deps: Deps, events: CalendarEvent[]): Promise<Set<string>> {
  const withImage = events.filter((event) => event.imageId);
  const crops = (
    await deps.db.calendar.entities.crop
      .get(withImage.map((event) => ({ imageId: event.imageId ?? '', kind: 'calendar' as const })))
      .go()
  ).data;
  const rendered = new Set(
    crops
      .filter((crop) => Array.isArray(crop.renditions) && crop.renditions.length > 0)
      .map((c) => c.imageId),
  );
  return new Set(
    withImage.filter((event) => rendered.has(event.imageId ?? '')).map((event) => event.eventId),
  );
}

async function pictureThroughPipeline(
  deps: Deps,
  files: FileStore,
  work: ImageWork,
  event: CalendarEvent,
  picture: Uint8Array,
  actorUserId: string,
): Promise<void> {
  // Staff act for the organization (ORG-09), as in seedEvent.
  const actor = { userId: actorUserId, orgId: event.orgId, staff: true } satisfies EventActor;
  const queued: object[] = [];
  const imageDeps: ImageDeps = {
    ...deps,
    files,
    queues: { publish: async (_queue, batch) => void queued.push(...batch) },
  };
  const consume = async () => {
    for (const message of queued.splice(0)) {
      await processImage({ ...deps, files }, work, parseInput(processImageMessage, message));
    }
  };

  const { image, upload } = await startImageUpload(imageDeps, { actor });
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(picture)], { type: 'image/jpeg' }), 'visuel.jpg');
  const posted = await fetch(upload.url, { method: 'POST', body: form });
  if (!posted.ok)
    throw new Error(`The demo picture's upload answered ${posted.status}: ${await posted.text()}`);

  await confirmImageUpload(imageDeps, { actor, imageId: image.imageId });
  await consume();
  const ready = await readImage(deps, { actor, imageId: image.imageId });
  if (ready.status !== 'ready' || !ready.width || !ready.height) {
    throw new Error(
      `The demo picture of ${event.title} was not accepted: ${ready.refusal?.message.en ?? ready.status}`,
    );
  }
  const size = { width: ready.width, height: ready.height };
  await recordImageCrops(imageDeps, {
    actor,
    imageId: image.imageId,
    calendar: centredCrop(size, 3 / 4),
    sheet: centredCrop(size, 16 / 9),
  });
  await consume();

  for (let attempt = 1; ; attempt++) {
    const latest = await loadEvent(deps, event.eventId);
    try {
      await attachEventImage(deps, {
        actor,
        eventId: event.eventId,
        expectedVersion: latest.version,
        imageId: image.imageId,
      });
      break;
    } catch (error) {
      // An edit between the read and the write (a person using the demo already): read again.
      if (!(error instanceof EventChangedMeanwhileError) || attempt >= 3) throw error;
    }
  }
  if (event.imageId?.startsWith('DEMO-')) {
    const { image: images, crop } = deps.db.calendar.entities;
    await crop.delete(cropKinds.map((kind) => ({ imageId: event.imageId ?? '', kind }))).go();
    await images.delete({ imageId: event.imageId }).go();
  }
}

/** The largest rectangle of `ratio` (width / height) in the image, centred: the crop step's default. */
export function centredCrop(size: { width: number; height: number }, ratio: number) {
  const width = Math.min(size.width, Math.floor(size.height * ratio));
  const height = Math.min(size.height, Math.round(width / ratio));
  return {
    left: Math.floor((size.width - width) / 2),
    top: Math.floor((size.height - height) / 2),
    width,
    height,
  };
}

// --- Search (CAL-10) ---------------------------------------------------------------------------

/**
 * Builds the search file once, directly (decision 0011 §2), after the demo calendar is written, so
 * `npm start` and the browser tests can search at once; the job keeps it fresh afterwards.
 */
export async function seedSearchIndex(deps: Deps, vars: NodeJS.ProcessEnv): Promise<number> {
  const result = await buildPublicIndexes({ ...deps, indexFiles: s3IndexFileStore(vars) });
  return result.outcome === 'skipped' ? 0 : result.documents;
}

// --- Organization profile and checkboxes (ORG-03, ORG-09) ---
/** What the team would have entered for each demo organization (ORG-03), by name. */
const demoProfiles: Record<string, ProfileFields> = {
  'Théâtre des Grèves': {
    contactEmail: 'direction@theatre-des-greves.example',
    description:
      'Diffuseur de théâtre de création et de spectacles jeune public, de septembre à juin, au bord du fleuve.',
    websiteUrl: 'https://theatre-des-greves.example/',
    publicEmail: 'billetterie@theatre-des-greves.example',
    phone: '418 555-0110',
    street: '25, rue de la Cathédrale',
    city: 'Rimouski',
    postalCode: 'G5L 5J1',
    facebookUrl: 'https://www.facebook.com/theatre-des-greves.example',
  },
  'Festival du Fleuve': {
    contactEmail: 'info@festival-du-fleuve.example',
    description: 'Dix jours de musique, de contes et d’arts de la rue chaque été, en salle et sur la grève.',
    websiteUrl: 'https://festival-du-fleuve.example/',
    publicEmail: 'bonjour@festival-du-fleuve.example',
    phone: '418 555-0120',
    city: 'Rimouski',
    instagramUrl: 'https://www.instagram.com/festival-du-fleuve.example',
  },
  'Galerie Boréale': {
    description: 'Galerie d’art contemporain : expositions, médiation et ateliers pour les familles.',
    websiteUrl: 'https://galerie-boreale.example/',
    phone: '418 555-0130',
    street: '3, avenue de la Gare',
    city: 'Rimouski',
    postalCode: 'G5L 2T1',
  },
};

/** Gives each demo organization its profile once; a profile someone already edited is left alone. */
async function seedOrganizationProfiles(deps: Deps, orgIds: string[]): Promise<void> {
  for (const orgId of orgIds) {
    const current = await getOrganizationProfile(deps, { orgId });
    const profile = demoProfiles[current.name];
    if (!profile || current.version > 0) continue;
    await updateOrganizationProfile(deps, {
      orgId,
      actor: { userId: 'demo-seed', staff: true },
      expectedVersion: 0,
      profile,
    });
  }
}
