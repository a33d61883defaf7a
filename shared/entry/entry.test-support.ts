/**
 * What the door-scanning tests share: a private table with a fixed clock, a ticket keyring, an
 * event of an organization with a category, tickets written through the orders' ticket entity
 * (as a paid order's confirmation writes them) with their signed tokens, and named scanners.
 */
import type { DocumentClient } from 'electrodb';
import { ulid } from 'ulid';
import type { PrivateTestBed } from '../../tests/twin';
import { createOrdersDb } from '../orders/db';
import {
  generateTicketKeyringText,
  keyringTicketSigner,
  parseTicketKeyring,
} from '../ticketing/ticket-signer';
import { saveTicketType } from '../ticketing/ticket-types';
import { organizerA, ticketingBed, ticketTypeFields } from '../ticketing/ticketing.test-support';
import { createEntryDb } from './db';
import type { EntryDeps } from './scan-ticket';
import { writeTicket } from './ticket-fixtures.test-support';

export interface EntryBed {
  bed: PrivateTestBed;
  deps: EntryDeps;
  clock: Awaited<ReturnType<typeof ticketingBed>>['clock'];
  signer: ReturnType<typeof keyringTicketSigner>;
  /** A draft event of `orgId` with one category « Régulier »; returns their ids. */
  event(orgId?: string): Promise<{ eventId: string; ticketTypeId: string }>;
  /** A ticket of `eventId` in its own order, and the token its QR code carries. */
  ticket(
    at: { eventId: string; ticketTypeId: string },
    overrides?: { status?: 'valid' | 'cancelled' },
  ): Promise<{ ticketId: string; orderId: string; token: string }>;
  /** An active account with a display name: a member who scans. */
  member(displayName: string, orgId?: string): Promise<{ userId: string; orgId: string }>;
}

export async function entryBed(prefix: string): Promise<EntryBed> {
  const t = await ticketingBed(prefix);
  const signer = keyringTicketSigner(parseTicketKeyring(generateTicketKeyringText(3)));
  const deps: EntryDeps = { ...t.deps, ticketKeys: signer };
  return {
    bed: t.bed,
    deps,
    clock: t.clock,
    signer,
    async event(orgId = organizerA.orgId) {
      const eventId = await t.event(orgId);
      const { ticketTypeId } = await saveTicketType(t.deps, {
        actor: { ...organizerA, orgId },
        eventId,
        fields: ticketTypeFields(),
      });
      return { eventId, ticketTypeId };
    },
    ticket: (at, overrides = {}) => writeTicket(t.deps, signer, at, overrides),
    async member(displayName, orgId = organizerA.orgId) {
      const userId = ulid();
      await t.deps.db.identity.entities.account
        .create({
          userId,
          email: `${userId.toLowerCase()}@example.org`,
          displayName,
          status: 'active',
          createdAt: t.clock.now().toISOString(),
        })
        .go();
      return { userId, orgId };
    },
  };
}

/**
 * Deps whose orders and entry Services talk through `raw` with a crash injected around one
 * DynamoDB command (`TransactWriteCommand`…), `times` times: `before`, the call never reaches
 * DynamoDB; `after`, DynamoDB applies it but the answer is lost.
 */
export function withFaultyEntry(
  deps: EntryDeps,
  bed: PrivateTestBed,
  fault: { command: string; when: 'before' | 'after'; times: number },
): EntryDeps & { left(): number } {
  let left = fault.times;
  const client = new Proxy(bed.raw, {
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
  const orders = createOrdersDb(client as unknown as DocumentClient, bed.tableName);
  const entry = createEntryDb(client as unknown as DocumentClient, bed.tableName);
  const db = new Proxy(deps.db, {
    get: (target, property, receiver) =>
      property === 'orders' ? orders : property === 'entry' ? entry : Reflect.get(target, property, receiver),
  });
  return { ...deps, db, left: () => left };
}
