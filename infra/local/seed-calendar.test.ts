import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { s3FileStore } from '../../shared/adapters/s3-files';
import { approvalQueue } from '../../shared/calendar/approval';
import { generateCalendarFixtures } from '../../shared/calendar/calendar.fixtures';
import { readCalendarQuery } from '../../shared/calendar/calendar-address';
import { eventSheetBySlug } from '../../shared/calendar/event-sheet';
import { featuredEvents, listCalendar } from '../../shared/calendar/list-calendar';
import { calendarHome } from '../../shared/calendar/public-calendar';
import { slugify } from '../../shared/calendar/slug';
import type { Deps } from '../../shared/deps';
import { listOrganizations } from '../../shared/identity/members';
import { fixedClock } from '../../shared/kernel/ports';
import { type PrivateTestBed, privateTestBed, useTwin } from '../../tests/twin';
import { freePort } from './ports';
import {
  calendarDemoVersion,
  demoStartDate,
  renamedDemoEvent,
  seedCalendarDemo,
  seedCalendarImages,
} from './seed-calendar';
import { localImages, startFront } from './web-server';

/**
 * The demo calendar (infra/local/seed-calendar.ts) in private tables of the shared twin: the events
 * reach the calendar through the real use cases, and running the seed again, or after a crash,
 * adds nothing.
 */
const clock = fixedClock('2026-12-02T15:00:00.000Z');
const fixtures = generateCalendarFixtures({ startDate: '2026-12-02' });

async function bed(prefix: string): Promise<{ bed: PrivateTestBed; deps: Deps }> {
  const made = await privateTestBed(prefix, clock);
  const deps: Deps = {
    ...made.deps,
    // The approval e-mails are committed to the outbox; nothing has to carry them here.
    queues: { publish: async () => {} },
  };
  return { bed: made, deps };
}

/** Every event and calendar entry, to compare two runs. */
async function census(deps: Deps) {
  const events = (await deps.db.calendar.entities.event.scan.go({ pages: 'all' })).data;
  const entries = (await deps.db.calendar.entities.calendarEntry.scan.go({ pages: 'all' })).data;
  const reviews = (await deps.db.calendar.entities.reviewEntry.scan.go({ pages: 'all' })).data;
  return {
    events: events.map((event) => `${event.status} ${event.title} ${event.startsAt} ${event.slug}`).sort(),
    entries: entries.length,
    reviews: reviews.map((review) => review.action).sort(),
    organizations: (await listOrganizations(deps)).map((organization) => organization.name).sort(),
  };
}

let demo: { bed: PrivateTestBed; deps: Deps };

beforeAll(async () => {
  useTwin();
  demo = await bed('seed-calendar');
  await seedCalendarDemo(demo.deps);
}, 180_000);

describe('demo calendar (infra/local/seed-calendar.ts)', () => {
  it('CAL-02 CAL-03 CAL-04 ORG-07 about 80 events from today, published through submission and approval', async () => {
    expect(demoStartDate(demo.deps)).toBe('2026-12-02');
    const { deps } = demo;
    const all = await census(deps);
    expect(all.events).toHaveLength(fixtures.length);
    const wanted = (status: string) => fixtures.filter((fixture) => fixture.status === status).length;
    expect(all.events.filter((line) => line.startsWith('published '))).toHaveLength(wanted('published'));
    expect(all.events.filter((line) => line.startsWith('draft '))).toHaveLength(wanted('draft'));
    // Each published event was submitted and approved; each waiting one only submitted.
    expect(all.reviews.filter((action) => action === 'approved')).toHaveLength(wanted('published'));
    expect(all.reviews.filter((action) => action === 'submitted')).toHaveLength(
      wanted('published') + wanted('submitted'),
    );
    expect(all.organizations).toEqual(['Festival du Fleuve', 'Galerie Boréale', 'Théâtre des Grèves']);
    expect((await approvalQueue(deps)).events).toHaveLength(wanted('submitted'));

    const home = await listCalendar(deps, {});
    expect(home.entries).toHaveLength(24);
    expect(home.cursor).toBeDefined();
    const featured = await featuredEvents(deps);
    expect(
      featured.some((card) => card.pinned && card.event?.title === 'Festi Jazz international de Rimouski'),
    ).toBe(true);

    // The festival lists its programme (CAL-05), each sub-event links back.
    const festival = await eventSheetBySlug(deps, { slug: 'festi-jazz-international-de-rimouski' });
    if (festival.kind !== 'sheet') throw new Error('the festival has its own address');
    expect(festival.event.bigEvent).toBe(true);
    expect(festival.programme).toHaveLength(6);
    const act = await eventSheetBySlug(deps, { slug: festival.programme[0]?.slug ?? '' });
    expect(act.kind === 'sheet' && act.parent?.slug).toBe('festi-jazz-international-de-rimouski');

    // The renamed event's former address answers with its new one (CAL-06).
    const former = fixtures.find((fixture) => fixture.key === renamedDemoEvent.key)?.fields.title ?? '';
    expect(await eventSheetBySlug(deps, { slug: slugify(former) })).toEqual({
      kind: 'redirect',
      slug: slugify(renamedDemoEvent.title),
    });
  });

  it('CAL-03 CAL-04 the demo’s home page: the pinned festival’s card says what it is; spans fold, the page still fills', async () => {
    const home = await calendarHome(demo.deps, {
      query: readCalendarQuery(new URLSearchParams()),
      locale: 'fr',
    });
    expect(home.featured.find((card) => card.slug === 'festi-jazz-international-de-rimouski')).toMatchObject({
      categoryId: 'CAT-MUSIQUE',
      presenterName: 'Festival du Fleuve',
      venueNames: ['Salle Desjardins-TELUS', 'Coopérative Paradis', 'Parc Beauséjour'],
      when: { kind: 'days', firstDay: '2026-12-22', lastDay: '2026-12-26' },
      badges: [
        { kind: 'price', minCents: 0, maxCents: 12000, currency: 'CAD' },
        { kind: 'freeOption' },
        { kind: 'externalTicketing' },
        { kind: 'bigEvent' },
      ],
    });
    const cards = home.days.flatMap((day) => day.cards);
    // Five weeks of an exhibition are one card on the page, and the page reads on to fill itself.
    const spans = cards.filter((card) => card.when.kind === 'days').map((card) => card.eventId);
    expect(spans.length).toBeGreaterThan(0);
    expect(new Set(spans).size).toBe(spans.length);
    expect(cards.length).toBeGreaterThanOrEqual(20);
    expect(home.nextQuery).toMatch(/^\?apres=/);
  });

  it('a seed run again adds nothing, with or without its marker', async () => {
    const before = await census(demo.deps);
    expect(await seedCalendarDemo(demo.deps)).toMatchObject({ created: 0 });
    expect(await census(demo.deps)).toEqual(before);

    // Without the marker every event is recognised and left as it is.
    await demo.deps.db.comms.entities.dedupeMarker.delete({ scope: 'seed', key: calendarDemoVersion }).go();
    expect(await seedCalendarDemo(demo.deps)).toMatchObject({ created: 0 });
    expect(await census(demo.deps)).toEqual(before);
  }, 120_000);

  it('a seed interrupted half-way completes at the next run, without duplicates', async () => {
    const crashed = await bed('seed-calendar-crash');
    let ids = 0;
    // The id generator fails after about a third of the events: a crash in the middle of the seed.
    const failing: Deps = {
      ...crashed.deps,
      ids: () => {
        if (++ids > 90) throw new Error('simulated crash');
        return ulid();
      },
    };
    await expect(seedCalendarDemo(failing)).rejects.toThrow('simulated crash');
    const half = (await census(crashed.deps)).events.length;
    expect(half).toBeGreaterThan(0);
    expect(half).toBeLessThan(fixtures.length);

    await seedCalendarDemo(crashed.deps);
    const after = await census(crashed.deps);
    const reference = await census(demo.deps);
    expect(after.events.map((line) => line.split(' ')[0]).sort()).toEqual(
      reference.events.map((line) => line.split(' ')[0]).sort(),
    );
    expect(after.events).toHaveLength(fixtures.length);
    expect(after.reviews).toEqual(reference.reviews);
    expect(after.entries).toBe(reference.entries);
  }, 180_000);
});

describe('demo pictures through the image pipeline (issue #12)', () => {
  it('ORG-06 CAL-03 the seed’s pictures are checked, cropped into the images bucket and attached; the local site serves them', async () => {
    const vars = useTwin();
    const files = s3FileStore(vars);
    const { deps } = demo;
    const first = await seedCalendarImages(deps, files, { limit: 2 });
    expect(first).toMatchObject({ events: 2, created: 2 });

    // The festival (featured) comes first: its sheet and its card show the pipeline's renditions.
    const sheet = await eventSheetBySlug(deps, { slug: 'festi-jazz-international-de-rimouski' });
    if (sheet.kind !== 'sheet') throw new Error('the festival has its own address');
    const imageId = sheet.event.imageId ?? '';
    expect(imageId).not.toMatch(/^DEMO-/);
    const image = (await deps.db.calendar.entities.image.get({ imageId }).go()).data;
    expect(image).toMatchObject({ status: 'cropped', width: 1600, height: 1200, contentType: 'image/jpeg' });
    // Attached: no longer removed by TTL; the placeholder it replaced is gone.
    expect(image?.expiresAt).toBeUndefined();
    const placeholder = fixtures.find((fixture) => fixture.key === 'festival')?.key ?? '';
    expect(
      (await deps.db.calendar.entities.image.get({ imageId: `DEMO-${placeholder}` }).go()).data,
    ).toBeNull();

    const crops = (await deps.db.calendar.entities.crop.query.byImage({ imageId }).go()).data;
    const renditions = Object.fromEntries(
      crops.map((crop) => [crop.kind, crop.renditions as { key: string; width: number; format: string }[]]),
    );
    // 1600×1200: calendar 900×1200 → 240…720 in WebP and JPEG, sheet 1600×900 → 640…1280, social 1200.
    expect(renditions.calendar?.map((r) => `${r.format}-${r.width}`).sort()).toEqual(
      ['240', '360', '480', '720'].flatMap((w) => [`jpeg-${w}`, `webp-${w}`]).sort(),
    );
    expect(renditions.sheet).toHaveLength(6);
    expect(renditions.social).toHaveLength(1);
    for (const rendition of Object.values(renditions).flat()) {
      expect(await files.head({ bucket: 'images', key: rendition.key }), rendition.key).toBeDefined();
    }
    expect(sheet.crops.map((crop) => crop.kind).sort()).toEqual(['calendar', 'sheet', 'social']);
    expect(sheet.crops.find((crop) => crop.kind === 'calendar')?.primaryKey).toMatch(
      new RegExp(`^images/${imageId}/calendar-720-[0-9a-f]{16}\\.jpg$`),
    );
    const home = await calendarHome(deps, { query: readCalendarQuery(new URLSearchParams()), locale: 'fr' });
    const card = home.featured.find((featured) => featured.slug === 'festi-jazz-international-de-rimouski');
    expect(card?.renditions?.map((rendition) => rendition.key).sort()).toEqual(
      renditions.calendar?.map((rendition) => rendition.key).sort(),
    );

    // The local site's front server answers /images/* from the bucket, and passes the rest on.
    const upstream = createServer((request, response) => response.end(`upstream ${request.url}`));
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const port = await freePort();
    const front = await startFront({
      port,
      upstreamPort: (upstream.address() as AddressInfo).port,
      images: localImages(vars),
    });
    try {
      const origin = `http://127.0.0.1:${port}`;
      const webp = renditions.calendar?.find((r) => r.format === 'webp' && r.width === 720);
      const got = await fetch(`${origin}/${webp?.key}`);
      expect(got.status).toBe(200);
      expect(got.headers.get('content-type')).toBe('image/webp');
      expect(got.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const bytes = new Uint8Array(await got.arrayBuffer());
      expect(new TextDecoder().decode(bytes.subarray(8, 12))).toBe('WEBP');
      expect((await fetch(`${origin}/${webp?.key}`, { method: 'HEAD' })).status).toBe(200);
      expect((await fetch(`${origin}/${webp?.key}`, { method: 'POST' })).status).toBe(405);
      expect((await fetch(`${origin}/images/${imageId}/missing.webp`)).status).toBe(404);
      // Nothing outside images/, however the path is written (sent as is, not normalized by a client).
      const raw = (path: string) =>
        new Promise<number>((resolve, reject) => {
          request({ host: '127.0.0.1', port, path }, (answer) => {
            answer.resume();
            resolve(answer.statusCode ?? 0);
          })
            .on('error', reject)
            .end();
        });
      expect(await raw(`/images/../${webp?.key}`)).toBe(200);
      expect(await raw('/images/../documents/secret')).toBe(404);
      expect(await raw('/images/%2e%2e/%2e%2e/documents/secret')).toBe(404);
      expect(await raw('/images/..%2f..%2fdocuments%2fsecret')).toBe(404);
      expect(await raw('/images/x%5c..%5c..%5csecret')).toBe(404);
      expect(await raw(`/images/${imageId}/%00.webp`)).toBe(404);
      expect(await (await fetch(`${origin}/fr?a=1`)).text()).toBe('upstream /fr?a=1');
    } finally {
      await new Promise((resolve) => front.close(resolve));
      await new Promise((resolve) => upstream.close(resolve));
    }
  }, 120_000);

  it('ORG-06 pictures: a run that dies half-way is finished by the next, which draws only what is missing', async () => {
    const vars = useTwin();
    const files = s3FileStore(vars);
    const { deps } = demo;
    // The images bucket fails on the third event's renditions: the run stops there.
    let puts = 0;
    const failing = {
      ...files,
      put: async (request: Parameters<typeof files.put>[0]) => {
        if (++puts > 3) throw new Error('simulated crash');
        return files.put(request);
      },
    };
    await expect(seedCalendarImages(deps, failing, { limit: 3, concurrency: 1 })).rejects.toThrow(
      'simulated crash',
    );
    expect(await seedCalendarImages(deps, files, { limit: 3 })).toMatchObject({ events: 3, created: 1 });
    expect(await seedCalendarImages(deps, files, { limit: 3 })).toMatchObject({ events: 3, created: 0 });
  }, 120_000);
});
