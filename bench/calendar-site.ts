import { freePort, loopback } from '../infra/local/ports';
import {
  demoPresenters,
  demoStartDate,
  seedCalendarDemo,
  seedCalendarImages,
  writeDemoImage,
} from '../infra/local/seed-calendar';
import { startTwin } from '../infra/local/twin';
import { startWeb } from '../infra/local/web-server';
import { env } from '../infra/wiring';
import { createDeps } from '../shared/adapters/create-deps';
import { s3FileStore } from '../shared/adapters/s3-files';
import { approveEvent, submitForApproval } from '../shared/calendar/approval';
import { generateCalendarFixtures } from '../shared/calendar/calendar.fixtures';
import { saveEvent } from '../shared/calendar/save-event';
import type { Deps } from '../shared/deps';
import { listOrganizations } from '../shared/identity/members';
import { atBenchEnd } from './bench-end';
import { ensureSiteBuild } from './site-build';

/** Issue #12 point 3: the public pages are measured over 2,000 published events. */
export const publishedEvents = 2_000;
/** Events seeded at once: the use cases' transactions share two cores with DynamoDB Local. */
const seedConcurrency = 6;
/** Events given a real picture through the image pipeline (the others show their placeholder). */
const pictures = 6;

export interface CalendarSite {
  /** The built site (web/build on Node, as `npm start` runs it), on loopback. */
  origin: string;
  /** The slugs of the events published beyond the demo's, in seeding order. */
  slugs: string[];
  /** Published events in the table, the demo's included. */
  published: number;
  seedSeconds: number;
  /** The web server's output, for a failed measure to show. */
  lines: string[];
}

let started: Promise<CalendarSite> | undefined;

/**
 * The seeded calendar site the page figures share (bench/figures/calendar-pages.ts and
 * lighthouse.ts): started once per `npm run bench` and stopped at its end (bench/bench-end.ts).
 *
 * An in-memory twin gets the demo calendar of `npm start` and the browser tests
 * (infra/local/seed-calendar.ts: venues, pick lists, the three demo organizations, ~70 published
 * events), then more season events of shared/calendar/calendar.fixtures.ts until 2,000 are
 * published. Every event goes through the use cases the portals call (saveEvent,
 * submitForApproval, approveEvent, which projects it into the calendar); only its image (an Image
 * item with its calendar and sheet crops, no renditions: the pages show a placeholder) is written
 * below them, as the demo seed does, and the first six events of the home page get a real picture
 * through the image pipeline (`seedCalendarImages`, as in the browser tests). The extra events'
 * titles are numbered so each gets its slug at the first try. The twin's function runner is paused
 * before seeding: the review e-mails and search-index requests stay queued, so no function takes
 * the site's CPU during the measures.
 */
export function calendarSite(): Promise<CalendarSite> {
  started ??= startCalendarSite();
  return started;
}

async function startCalendarSite(): Promise<CalendarSite> {
  ensureSiteBuild();
  const twin = await startTwin({ timers: false, log: false, env: { [env.logLevel]: 'warn' } });
  atBenchEnd(() => twin.stop());
  twin.runner.pause();
  const deps = createDeps(twin.env, { component: 'bench-seed' });
  const seedStart = performance.now();
  const demo = await seedCalendarDemo(deps);
  const slugs = await seedMore(deps, publishedEvents - demo.published);
  // Pictures for the first cards of the home page (« À la une » first), as the browser tests have.
  await seedCalendarImages(deps, s3FileStore(twin.env), { limit: pictures });
  const seedSeconds = (performance.now() - seedStart) / 1000;
  console.error(
    `bench: ${demo.published + slugs.length} published events seeded in ${Math.round(seedSeconds)} s`,
  );

  const port = await freePort();
  const origin = `http://${loopback}:${port}`;
  const lines: string[] = [];
  const web = await startWeb({
    env: { ...twin.env, [env.siteUrl]: origin },
    port,
    siteUrl: origin,
    onLine: (line) => lines.push(line),
  });
  atBenchEnd(() => web.stop());
  return { origin, slugs, published: demo.published + slugs.length, seedSeconds, lines };
}

/** `count` more published events of the demo's organizations, from today over three months. */
async function seedMore(deps: Deps, count: number): Promise<string[]> {
  const byName = new Map((await listOrganizations(deps)).map((o) => [o.name, o.orgId]));
  const orgIdOf = (fixtureOrgId: string) => {
    const orgId = byName.get(demoPresenters[fixtureOrgId]?.name ?? '');
    if (!orgId) throw new Error(`no demo organization presents ${fixtureOrgId}`);
    return orgId;
  };
  // The season's shows only (the demo has the festival, the exhibitions and the online events).
  const fixtures = generateCalendarFixtures({
    startDate: demoStartDate(deps),
    count: Math.ceil(count * 1.1) + 20,
    seed: 12,
  })
    .filter((fixture) => fixture.key.startsWith('season-'))
    .slice(0, count);
  if (fixtures.length < count) throw new Error(`the fixtures gave ${fixtures.length} of ${count} events`);

  const slugs: string[] = new Array(count);
  let next = 0;
  const seedOne = async (at: number) => {
    const fixture = fixtures[at];
    if (!fixture) return;
    const orgId = orgIdOf(fixture.orgId);
    const actor = { userId: 'bench-seed', orgId, staff: true };
    const imageId = await writeDemoImage(deps, `BENCH-${at}`, orgId);
    const { fields } = fixture;
    const saved = await saveEvent(deps, {
      actor,
      fields: { ...fields, title: `${fields.title} · ${at + 1}`, imageId },
    });
    await submitForApproval(deps, { actor, eventId: saved.eventId, expectedVersion: saved.version });
    const approved = await approveEvent(deps, { actor, eventId: saved.eventId });
    slugs[at] = approved.slug;
  };
  await Promise.all(
    Array.from({ length: seedConcurrency }, async () => {
      for (let at = next++; at < count; at = next++) await seedOne(at);
    }),
  );
  return slugs;
}
