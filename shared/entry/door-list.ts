/**
 * What a phone takes to the door before the network goes (TIX-12, beyond): every ticket of the
 * event from the g3 index (`EVENT#<eventId>` · `TICKET#…`, keys only, then the tickets by key; no
 * order read) with its category's
 * names, status and admission, and the public ticket keys in raw form, so the app verifies
 * signatures itself (WebCrypto Ed25519) and knows which tickets are cancelled or already used.
 */
import * as z from 'zod/mini';
import { parseInput } from '../kernel/validate';
import { passTierNames } from '../ticketing/passes';
import { rawPublicKey } from '../ticketing/ticket-token';
import { entryEventNotFound } from './errors';
import { type EntryDeps, openDoor, scannerActor } from './scan-ticket';

const doorListInput = z.object({
  actor: scannerActor,
  eventId: z.string().check(z.trim(), z.minLength(1), z.maxLength(64)),
});

export interface DoorList {
  eventId: string;
  /** When the list was read: the app shows its age. */
  downloadedAt: string;
  /** Raw Ed25519 public keys (base64url), by the key id a token names. */
  keys: { keyId: number; publicKey: string }[];
  categories: { ticketTypeId: string; fr: string; en: string }[];
  tickets: {
    ticketId: string;
    orderId: string;
    occurrenceId: string;
    ticketTypeId: string;
    status: 'valid' | 'cancelled';
    usedAt?: string;
  }[];
}

export async function doorList(deps: EntryDeps, input: z.input<typeof doorListInput>): Promise<DoorList> {
  const { actor, eventId } = parseInput(doorListInput, input);
  const door = await openDoor(deps, actor, eventId);
  const [tickets, types, passTiers] = await Promise.all([
    deps.db.orders.entities.ticket.query
      .byEvent({ eventId })
      // g3 projects keys only: ElectroDB reads the tickets by key (BatchGet, 100 a call).
      .go({ pages: 'all', hydrate: true }),
    deps.db.ticketing.entities.ticketType.query
      .byEvent({ eventId })
      .go({ pages: 'all', attributes: ['ticketTypeId', 'nameFr', 'nameEn'] }),
    // TIX-08: a pass's tickets to this event name its tier.
    passTierNames(deps, eventId),
  ]);
  return {
    eventId,
    downloadedAt: deps.clock.now().toISOString(),
    keys: door.keys.map((key) => ({ keyId: key.keyId, publicKey: rawPublicKey(key) })),
    categories: [
      ...types.data.map((type) => ({ ticketTypeId: type.ticketTypeId, fr: type.nameFr, en: type.nameEn })),
      ...passTiers,
    ],
    tickets: tickets.data.map((ticket) => ({
      ticketId: ticket.ticketId,
      orderId: ticket.orderId,
      occurrenceId: ticket.occurrenceId,
      ticketTypeId: ticket.ticketTypeId,
      status: ticket.status,
      ...(ticket.usedAt ? { usedAt: ticket.usedAt } : {}),
    })),
  };
}

/** The door page's heading: the event's title, start and zone, for its own organization only. */
export async function doorEvent(
  deps: Pick<EntryDeps, 'db'>,
  input: z.input<typeof doorListInput>,
): Promise<{ eventId: string; title: string; startsAt: string; timeZone: string }> {
  const { actor, eventId } = parseInput(doorListInput, input);
  const found = await deps.db.calendar.entities.event
    .get({ eventId })
    .go({ attributes: ['eventId', 'orgId', 'title', 'startsAt', 'timeZone'] });
  const event = found.data;
  if (!event || event.orgId !== actor.orgId) throw entryEventNotFound();
  return { eventId, title: event.title, startsAt: event.startsAt, timeZone: event.timeZone };
}
