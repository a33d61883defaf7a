import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { approvalQueue } from '../../shared/calendar/approval';
import { generateCalendarFixtures } from '../../shared/calendar/calendar.fixtures';
import { eventSheetBySlug } from '../../shared/calendar/event-sheet';
import { featuredEvents, listCalendar } from '../../shared/calendar/list-calendar';
import { calendarHome, readCalendarQuery } from '../../shared/calendar/public-calendar';
import { slugify } from '../../shared/calendar/slug';
import type { Deps } from '../../shared/deps';
import { listOrganizations } from '../../shared/identity/members';
import { fixedClock } from '../../shared/kernel/ports';
import { type PrivateTestBed, privateTestBed, useTwin } from '../../tests/twin';
import { calendarDemoVersion, demoStartDate, renamedDemoEvent, seedCalendarDemo } from './seed-calendar';

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
