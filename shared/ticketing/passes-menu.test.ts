import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { savePass } from './passes';
import { forgetPassesMenu, passesMenuShown } from './passes-menu';
import { start, type TicketingBed, ticketingBed } from './ticketing.test-support';

/**
 * CAL-08, TIX-08: « Passes » in the main menu, over a private table: absent while no pass is active
 * with its sales not over (none, a draft, a withdrawn one, one whose sales ended), present as soon
 * as one is on sale or upcoming, the answer kept a minute per container.
 */
let t: TicketingBed;
const orgId = 'ORG-PASSES-MENU';
const actor = { userId: 'U-STAFF' };
const day = 86_400_000;
const at = (days: number) => new Date(Date.parse(start) + days * day).toISOString();

beforeAll(async () => {
  t = await ticketingBed('passes-menu');
  await t.deps.db.identity.entities.organization
    .put({ orgId, name: 'Festival A', nameKey: 'festivala', createdAt: start, createdBy: 'U-STAFF' })
    .go();
});

beforeEach(() => {
  forgetPassesMenu();
});

async function publishedEvent(): Promise<string> {
  const eventId = await t.event(orgId);
  const { event } = t.deps.db.calendar.entities;
  const draft = (await event.get({ eventId }).go()).data;
  if (!draft) throw new Error('the draft event was not written');
  await event.put({ ...draft, status: 'published' }).go();
  return eventId;
}

async function pass(fields: { status: 'draft' | 'active' | 'withdrawn'; from: number; to: number }) {
  return savePass(t.deps, {
    actor,
    fields: {
      orgId,
      title: `Passe ${fields.status} ${fields.from}`,
      eventIds: [await publishedEvent(), await publishedEvent()],
      status: fields.status,
      salesStartAt: at(fields.from),
      salesEndAt: at(fields.to),
    },
  });
}

describe('CAL-08 TIX-08 « Passes » in the menu', () => {
  it('CAL-08 absent with no pass, a draft, a withdrawn pass or one whose sales ended; present once one is upcoming; the answer kept a minute per container', async () => {
    expect(await passesMenuShown(t.deps)).toBe(false);
    await pass({ status: 'draft', from: -1, to: 10 });
    await pass({ status: 'withdrawn', from: -1, to: 10 });
    await pass({ status: 'active', from: -20, to: -1 });
    forgetPassesMenu();
    expect(await passesMenuShown(t.deps)).toBe(false);

    // Upcoming (sales open in three days): the entry shows, once this container forgets its « no ».
    await pass({ status: 'active', from: 3, to: 30 });
    expect(await passesMenuShown(t.deps)).toBe(false);
    forgetPassesMenu();
    expect(await passesMenuShown(t.deps)).toBe(true);

    // On sale (the clock within its period): still there; its sales over: gone.
    t.clock.set(at(5));
    forgetPassesMenu();
    expect(await passesMenuShown(t.deps)).toBe(true);
    t.clock.set(at(31));
    forgetPassesMenu();
    expect(await passesMenuShown(t.deps)).toBe(false);
    t.clock.set(start);
  });
});
