import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectEvent } from '../calendar/project-calendar';
import type { Deps } from '../deps';
import { NotFoundError, ValidationError } from '../kernel/errors';
import { TicketingSettingsChangedError } from './errors';
import { onPlatformTicketing, syncOnPlatformTicketing } from './on-platform-ticketing';
import { saveTicketType, withdrawTicketType } from './ticket-types';
import {
  organizerA,
  organizerB,
  staff,
  type TicketingBed,
  ticketingBed,
  ticketTypeFields,
} from './ticketing.test-support';
import {
  plainMessage,
  readTicketingSettings,
  saveTicketingSettings,
  type TicketingSettingsFields,
} from './ticketing-settings';

/** TIX-01, TIX-04, TIX-06, TIX-15 settings and the CAL-08 flag, against DynamoDB Local. */
let t: TicketingBed;

beforeAll(async () => {
  t = await ticketingBed('ticketing-settings');
});

const on: TicketingSettingsFields = { enabled: true, pickUpAtVenue: false, waitingList: false };
const off: TicketingSettingsFields = { enabled: false };

async function eventItem(eventId: string) {
  return (await t.bed.item(`EVENT#${eventId}`, 'EVENT')) as { onPlatformTicketing: boolean; version: number };
}

const flagOf = async (eventId: string) => (await eventItem(eventId)).onPlatformTicketing;

/** Settings saved from whatever version is stored now. */
async function save(eventId: string, fields: TicketingSettingsFields, actor = organizerA) {
  const { version } = await readTicketingSettings(t.deps, eventId, { consistent: true });
  return saveTicketingSettings(t.deps, { actor, eventId, expectedVersion: version, fields });
}

async function addCategory(eventId: string) {
  return (await saveTicketType(t.deps, { actor: organizerA, eventId, fields: ticketTypeFields() }))
    .ticketTypeId;
}

/** Deps whose event updates (`patch(…)…go()`) fail `times` times before reaching DynamoDB (a crash). */
function withCrashingEventPatches(deps: Deps, times: number): Deps {
  let left = times;
  const calendar = deps.db.calendar;
  // Every step of the patch's chain is wrapped, so the crash happens at its `go`.
  const crashingChain = (chain: object): object =>
    new Proxy(chain, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        if (property === 'go' && left > 0) {
          left -= 1;
          return async () => {
            throw Object.assign(new Error('injected crash before the call'), { name: 'InjectedCrash' });
          };
        }
        return (...args: unknown[]) => {
          const next = value.apply(target, args);
          return next && typeof next === 'object' && property !== 'go' ? crashingChain(next) : next;
        };
      },
    });
  const event = new Proxy(calendar.entities.event, {
    get: (target, property, receiver) =>
      property === 'patch'
        ? (...args: Parameters<typeof target.patch>) => crashingChain(target.patch(...args))
        : Reflect.get(target, property, receiver),
  });
  const entities = new Proxy(calendar.entities, {
    get: (target, property, receiver) =>
      property === 'event' ? event : Reflect.get(target, property, receiver),
  });
  const faulty = new Proxy(calendar, {
    get: (target, property, receiver) =>
      property === 'entities' ? entities : Reflect.get(target, property, receiver),
  });
  const db = new Proxy(deps.db, {
    get: (target, property, receiver) =>
      property === 'calendar' ? faulty : Reflect.get(target, property, receiver),
  });
  return { ...deps, db };
}

describe('TIX-01 TIX-04 TIX-06 TIX-13 TIX-15 ticketing settings', () => {
  it('TIX-01 reads the defaults of an event whose settings were never saved; no event is NotFound', async () => {
    const eventId = await t.event('ORG-A');
    expect(await readTicketingSettings(t.deps, eventId)).toEqual({
      eventId,
      orgId: 'ORG-A',
      enabled: false,
      pickUpAtVenue: false,
      waitingList: false,
      multiDevice: false,
      messages: {},
      version: 0,
    });
    await expect(readTicketingSettings(t.deps, ulid())).rejects.toBeInstanceOf(NotFoundError);
  });

  it('TIX-01 TIX-04 TIX-06 TIX-13 TIX-15 saves and reads back the settings in the event’s partition, texts as plain text', async () => {
    const eventId = await t.event('ORG-A');
    const saved = await saveTicketingSettings(t.deps, {
      actor: organizerA,
      eventId,
      expectedVersion: 0,
      fields: {
        enabled: true,
        pickUpAtVenue: true,
        waitingList: true,
        multiDevice: true,
        messages: {
          beforeSale: { fr: '  Portes à 19 h.\r\nStationnement gratuit.  ', en: 'Doors at 7 p.m.' },
          soldOut: { fr: '<b>Complet</b> <script>alert(1)</script>', en: '   ' },
          confirmation: { en: 'See you soon\u0007!' },
        },
      },
    });
    const expected = {
      eventId,
      orgId: 'ORG-A',
      enabled: true,
      pickUpAtVenue: true,
      waitingList: true,
      multiDevice: true,
      messages: {
        beforeSale: { fr: 'Portes à 19 h.\nStationnement gratuit.', en: 'Doors at 7 p.m.' },
        // Markup is kept as typed, to be shown escaped; a blank text is no text.
        soldOut: { fr: '<b>Complet</b> <script>alert(1)</script>' },
        confirmation: { en: 'See you soon!' },
      },
      version: 1,
      updatedAt: '2026-12-02T15:00:00.000Z',
    };
    expect(saved).toEqual(expected);
    expect(await readTicketingSettings(t.deps, eventId, { consistent: true })).toEqual(expected);
    expect(await t.bed.item(`EVENT#${eventId}`, 'TIXSET')).toMatchObject({
      orgId: 'ORG-A',
      enabled: true,
      multiDevice: true,
      beforeSaleFr: 'Portes à 19 h.\nStationnement gratuit.',
      version: 1,
      updatedBy: 'U-ORG-A',
    });
    // Saving again without a text removes it.
    const next = await save(eventId, { ...on, messages: { beforeSale: { fr: 'Seul texte' } } });
    expect(next.messages).toEqual({ beforeSale: { fr: 'Seul texte' } });
    expect(next.version).toBe(2);
  });

  it('TIX-06 refuses a text over 1,000 characters, in French and English, and writes nothing', async () => {
    const eventId = await t.event('ORG-A');
    const refusal = await saveTicketingSettings(t.deps, {
      actor: organizerA,
      eventId,
      expectedVersion: 0,
      fields: {
        ...on,
        messages: {
          beforeSale: { fr: 'a'.repeat(1001) },
          confirmation: { en: 'b'.repeat(1001), fr: 'c'.repeat(1000) },
        },
      },
    }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ValidationError);
    const error = refusal as ValidationError;
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'messages.beforeSale.fr',
      'messages.confirmation.en',
    ]);
    expect(error.userMessage.fr).toMatch(/Chaque message compte au plus 1\s000 caractères\./);
    expect(error.userMessage.en).toContain('Each message has at most');
    expect(await t.bed.item(`EVENT#${eventId}`, 'TIXSET')).toBeUndefined();
    expect(plainMessage(`${'x'.repeat(1000)}   `)).toHaveLength(1000);
  });

  it('TIX-01 a stale version is refused with a clear message and changes nothing; two first saves race, one wins', async () => {
    const eventId = await t.event('ORG-A');
    await saveTicketingSettings(t.deps, { actor: organizerA, eventId, expectedVersion: 0, fields: on });
    // Two organizers loaded version 1; the first saves, the second is refused.
    await saveTicketingSettings(t.deps, {
      actor: organizerA,
      eventId,
      expectedVersion: 1,
      fields: { ...on, waitingList: true },
    });
    const stale = await saveTicketingSettings(t.deps, {
      actor: { ...organizerA, userId: 'U-ORG-A2' },
      eventId,
      expectedVersion: 1,
      fields: { ...on, pickUpAtVenue: true },
    }).catch((error: unknown) => error);
    expect(stale).toBeInstanceOf(TicketingSettingsChangedError);
    expect((stale as TicketingSettingsChangedError).status).toBe(409);
    expect((stale as TicketingSettingsChangedError).userMessage.fr).toContain(
      'Vos changements n’ont pas été enregistrés',
    );
    expect(await readTicketingSettings(t.deps, eventId, { consistent: true })).toMatchObject({
      waitingList: true,
      pickUpAtVenue: false,
      version: 2,
    });

    // Both load an event never set up (version 0) and save at once: the item's creation lets one in.
    const fresh = await t.event('ORG-A');
    const outcomes = await Promise.allSettled(
      [true, false].map((pickUpAtVenue) =>
        saveTicketingSettings(t.deps, {
          actor: organizerA,
          eventId: fresh,
          expectedVersion: 0,
          fields: { ...on, pickUpAtVenue },
        }),
      ),
    );
    const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const lost = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toBeInstanceOf(TicketingSettingsChangedError);
    expect((await readTicketingSettings(t.deps, fresh, { consistent: true })).version).toBe(1);
  });

  it('ROLE-06 TIX-01 another organization’s organizer gets NotFound; staff may save, the owner stays', async () => {
    const eventId = await t.event('ORG-A');
    await expect(
      saveTicketingSettings(t.deps, { actor: organizerB, eventId, expectedVersion: 0, fields: on }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(await t.bed.item(`EVENT#${eventId}`, 'TIXSET')).toBeUndefined();
    const saved = await saveTicketingSettings(t.deps, {
      actor: staff,
      eventId,
      expectedVersion: 0,
      fields: on,
    });
    expect(saved.orgId).toBe('ORG-A');
    await expect(
      saveTicketingSettings(t.deps, { actor: organizerB, eventId, expectedVersion: 1, fields: off }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(await t.bed.item(`EVENT#${eventId}`, 'TIXSET')).toMatchObject({
      enabled: true,
      updatedBy: 'U-STAFF',
    });
  });
});

describe('CAL-08 the calendar’s onPlatformTicketing flag follows the ticketing', () => {
  it('CAL-08 the rule: enabled and at least one active category', () => {
    expect(onPlatformTicketing(true, true)).toBe(true);
    expect(onPlatformTicketing(true, false)).toBe(false);
    expect(onPlatformTicketing(false, true)).toBe(false);
    expect(onPlatformTicketing(false, false)).toBe(false);
  });

  it('CAL-08 TIX-01 TIX-03 enabling, adding, disabling and withdrawing the last category set the flag exactly', async () => {
    const eventId = await t.event('ORG-A');
    const before = (await eventItem(eventId)).version;
    await save(eventId, on);
    expect(await flagOf(eventId)).toBe(false); // enabled, no category yet
    expect((await eventItem(eventId)).version).toBe(before); // nothing changed on the event
    const first = await addCategory(eventId);
    expect(await flagOf(eventId)).toBe(true);
    expect((await eventItem(eventId)).version).toBe(before + 1);
    await save(eventId, off);
    expect(await flagOf(eventId)).toBe(false);
    await save(eventId, on);
    expect(await flagOf(eventId)).toBe(true);
    const second = await addCategory(eventId);
    await withdrawTicketType(t.deps, { actor: organizerA, eventId, ticketTypeId: first });
    expect(await flagOf(eventId)).toBe(true); // one category left
    await withdrawTicketType(t.deps, { actor: organizerA, eventId, ticketTypeId: second });
    expect(await flagOf(eventId)).toBe(false); // the last one withdrawn
    // A category added while ticketing is off leaves the event out of the menu.
    await save(eventId, off);
    await addCategory(eventId);
    expect(await flagOf(eventId)).toBe(false);
  });

  it('CAL-08 a published event’s calendar entries carry the flag (projected after the commit)', async () => {
    const eventId = await t.event('ORG-A');
    const event = await t.deps.db.calendar.entities.event.get({ eventId }).go({ consistent: true });
    if (!event.data) throw new Error('no event');
    await t.deps.db.calendar.entities.event
      .put({ ...event.data, status: 'published', publishedAt: event.data.createdAt })
      .go();
    await t.deps.db.calendar.entities.occurrence
      .create({
        eventId,
        occurrenceId: ulid(),
        startsAt: event.data.startsAt,
        endsAt: event.data.endsAt,
        showTime: true,
        main: true,
      })
      .go();
    await projectEvent(t.deps, { eventId });
    const month = event.data.startsAt.slice(0, 7);
    const entryFlags = async () =>
      (await t.deps.db.calendar.entities.calendarEntry.query.byMonth({ month }).go({ pages: 'all' })).data
        .filter((entry) => entry.eventId === eventId)
        .map((entry) => entry.onPlatformTicketing);
    expect(await entryFlags()).toEqual([false]);
    await addCategory(eventId);
    await save(eventId, on);
    expect(await entryFlags()).toEqual([true]);
    await save(eventId, off);
    expect(await entryFlags()).toEqual([false]);
  });

  it('CAL-08 a crash between a withdrawal’s commit and the flag leaves it stale; withdrawing again repairs it', async () => {
    const eventId = await t.event('ORG-A');
    await save(eventId, on);
    const only = await addCategory(eventId);
    expect(await flagOf(eventId)).toBe(true);
    // The flag's write crashes before reaching DynamoDB (the sync retries refusals only).
    const crashing = withCrashingEventPatches(t.deps, 1);
    await withdrawTicketType(crashing, { actor: organizerA, eventId, ticketTypeId: only });
    expect(await t.bed.item(`EVENT#${eventId}`, `TT#${only}`)).toMatchObject({ status: 'withdrawn' });
    expect(await flagOf(eventId)).toBe(true); // stale: the crash hit between the two writes
    await withdrawTicketType(t.deps, { actor: organizerA, eventId, ticketTypeId: only });
    expect(await flagOf(eventId)).toBe(false);
    // The sync itself is idempotent: run again, it writes nothing.
    const version = (await eventItem(eventId)).version;
    expect(await syncOnPlatformTicketing(t.deps, { eventId, userId: 'U-ORG-A' })).toBe(false);
    expect((await eventItem(eventId)).version).toBe(version);
  });

  it('CAL-08 concurrent settings and category writes converge on the flag of the final state', async () => {
    for (let round = 0; round < 4; round += 1) {
      // Enabling while the first category is created: both commit, the flag ends true.
      const up = await t.event('ORG-A');
      await Promise.all([save(up, on), addCategory(up)]);
      expect(await flagOf(up)).toBe(true);
      // Enabling while the only category is withdrawn: the flag ends false.
      const down = await t.event('ORG-A');
      const only = await addCategory(down);
      await Promise.all([
        save(down, on),
        withdrawTicketType(t.deps, { actor: organizerA, eventId: down, ticketTypeId: only }),
      ]);
      expect(await flagOf(down)).toBe(false);
    }
  });
});
