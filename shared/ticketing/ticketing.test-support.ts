/**
 * What the ticketing tests share: a private table with a fixed clock, an event of an organization
 * written as the calendar stores it, and test-data factories for categories and holds.
 */
import type { DocumentClient } from 'electrodb';
import { ulid } from 'ulid';
import { type PrivateTestBed, privateTestBed, useTwin } from '../../tests/twin';
import type { Deps } from '../deps';
import { fixedClock } from '../kernel/ports';
import { createTicketingDb } from './db';
import type { TicketTypeFields } from './ticket-types';

export const start = '2026-12-02T15:00:00.000Z';

export interface TicketingBed {
  bed: PrivateTestBed;
  deps: Deps;
  clock: ReturnType<typeof fixedClock>;
  /** A draft event of `orgId`, as the calendar writes it; returns its id. */
  event(orgId: string): Promise<string>;
}

export async function ticketingBed(prefix: string): Promise<TicketingBed> {
  useTwin();
  const clock = fixedClock(start);
  const bed = await privateTestBed(prefix, clock);
  return {
    bed,
    deps: bed.deps,
    clock,
    event: (orgId) => writeDraftEvent(bed.deps, orgId),
  };
}

/** A draft event of `orgId` two months ahead of the deps' clock, as the calendar writes it. */
export async function writeDraftEvent(deps: Pick<Deps, 'db' | 'clock'>, orgId: string): Promise<string> {
  const eventId = ulid();
  const now = deps.clock.now();
  const at = now.toISOString();
  const startsAt = new Date(now.getTime() + 44 * 86_400_000);
  await deps.db.calendar.entities.event
    .create({
      eventId,
      orgId,
      presenterOrgId: orgId,
      status: 'draft',
      version: 1,
      title: `Spectacle ${eventId}`,
      slug: `spectacle-${eventId.toLowerCase()}`,
      venueIds: [],
      categoryIds: [],
      audienceIds: [],
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 2 * 3_600_000).toISOString(),
      showTime: true,
      timeZone: 'America/Toronto',
      createdAt: at,
      createdBy: 'U-TEST',
      updatedAt: at,
      updatedBy: 'U-TEST',
    })
    .go();
  return eventId;
}

export const organizerA = { userId: 'U-ORG-A', orgId: 'ORG-A', staff: false };
export const organizerB = { userId: 'U-ORG-B', orgId: 'ORG-B', staff: false };
export const staff = { userId: 'U-STAFF', orgId: 'parvis', staff: true };

/** Valid category fields (« Régulier », 25 $ taxes included, 100 seats), with overrides. */
export function ticketTypeFields(overrides: Partial<TicketTypeFields> = {}): TicketTypeFields {
  return {
    nameFr: 'Régulier',
    nameEn: 'Regular',
    priceCents: 2500,
    taxes: 'included',
    quantity: 100,
    perPersonMax: 4,
    ...overrides,
  };
}

/** A hold id and its subject (a pending order), fresh each time. */
export function holdFor(): { holdId: string; subject: { kind: 'order'; id: string } } {
  return { holdId: ulid(), subject: { kind: 'order', id: ulid() } };
}

/**
 * Deps whose ticketing Service talks through `raw` with a crash injected around one DynamoDB
 * command (`TransactWriteCommand`…), `times` times: `before`, the call never reaches DynamoDB;
 * `after`, DynamoDB applies it but the answer is lost.
 */
export function withFaultyTicketing(
  deps: Deps,
  bed: PrivateTestBed,
  fault: { command: string; when: 'before' | 'after'; times: number },
): Deps {
  let left = fault.times;
  const raw = bed.raw;
  const client = new Proxy(raw, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return async (command: object, options?: unknown) => {
        const matches = command.constructor.name === fault.command && left > 0;
        if (matches && fault.when === 'before') {
          left -= 1;
          throw Object.assign(new Error('injected crash before the call'), { name: 'InjectedCrash' });
        }
        const result = await (target.send as (c: unknown, o?: unknown) => Promise<unknown>)(command, options);
        if (matches && fault.when === 'after') {
          left -= 1;
          throw Object.assign(new Error('injected crash after the call'), { name: 'InjectedCrash' });
        }
        return result;
      };
    },
  });
  const ticketing = createTicketingDb(client as unknown as DocumentClient, bed.tableName);
  const db = new Proxy(deps.db, {
    get: (target, property, receiver) =>
      property === 'ticketing' ? ticketing : Reflect.get(target, property, receiver),
  });
  return { ...deps, db };
}
