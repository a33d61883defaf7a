/**
 * Door scanning (TIX-12; decision 0019). A scanned QR code is checked offline first (the Ed25519
 * signature, with public keys only), then one transaction admits the ticket: the ticket's update
 * conditioned on `status = valid`, no `usedAt` and its event, the scan item and the device's nonce
 * (`scanId`) claimed, each conditioned on not existing. A refused scan is recorded the same way
 * (scan + nonce), so the history is what happened at the door and a retried upload gets the first
 * answer back. Offline scans uploaded later (`syncScans`) go through the same steps with the
 * device's time; the earliest admission keeps `usedAt`, and two devices that both let the same
 * ticket in are both recorded and reported as a conflict.
 */
import { createWriteTransaction } from 'electrodb';
import * as z from 'zod/mini';
import type { Deps } from '../deps';
import { ContainerCache } from '../kernel/container-cache';
import { ValidationError } from '../kernel/errors';
import { parseInput } from '../kernel/validate';
import { passTierNames } from '../ticketing/passes';
import type { TicketSigner } from '../ticketing/ticket-signer';
import {
  type TicketTokenPayload,
  type TicketVerifyingKey,
  verifyTicketToken,
} from '../ticketing/ticket-token';
import { isTransient, pauseBeforeRetry } from '../ticketing/transient';
import { EntryBusyError, entryEventNotFound, entryMessage } from './errors';
import type { Scan, ScanResult } from './scan';

/** What the door use cases need: the table, the clock, and the public half of the ticket keys. */
export type EntryDeps = Pick<Deps, 'db' | 'clock' | 'log'> & {
  ticketKeys: Pick<TicketSigner, 'verifyingKeys'>;
};

/** At most this many offline scans per upload: the app sends its queue in slices. */
export const maxScansPerSync = 500;
/** How long a nonce is remembered: far beyond any retry of an upload. */
const claimKeptSeconds = 30 * 86_400;
const attempts = 6;
/** Uploads of different tickets run side by side, each ticket's scans in time order. */
const syncParallelism = 8;

const id = () => z.string().check(z.trim(), z.minLength(1), z.maxLength(64));
/** A device's nonce: 8 to 64 URL-safe characters (the app sends a random UUID). */
const scanIdSchema = () => z.string().check(z.regex(/^[A-Za-z0-9_-]{8,64}$/));
const instantSchema = () =>
  z.string().check(
    z.maxLength(40),
    z.refine((value) => !Number.isNaN(Date.parse(value)), 'not a date-time'),
  );

/** Who scans: from the session only (ROLE-06); a member of the event's organization. */
export const scannerActor = z.object({ userId: id(), orgId: id() });
export type ScannerActor = z.input<typeof scannerActor>;

const scanFields = {
  scanId: scanIdSchema(),
  /** A QR code's text: the token, or anything else a camera read (refused as `unknown`). */
  token: z.string().check(z.maxLength(2000)),
  scannedAt: instantSchema(),
  deviceId: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/)),
};

const scanTicketInput = z.object({
  actor: scannerActor,
  eventId: id(),
  ...scanFields,
  offline: z._default(z.boolean(), false),
  /** What the device showed for an offline scan: false when it refused the person itself. */
  admitted: z.optional(z.boolean()),
});
export type ScanTicketInput = z.input<typeof scanTicketInput>;

const syncScansInput = z.object({
  actor: scannerActor,
  eventId: id(),
  scans: z
    .array(z.object({ ...scanFields, admitted: z.optional(z.boolean()) }))
    .check(z.maxLength(maxScansPerSync)),
});
export type SyncScansInput = z.input<typeof syncScansInput>;

/** What the door screen shows for one scan. */
export interface ScanAnswer {
  scanId: string;
  result: ScanResult;
  scannedAt: string;
  offline: boolean;
  ticketId?: string;
  /** The ticket's category, in both languages. */
  category?: { fr: string; en: string };
  /** `alreadyUsed`: when the ticket was let in, and by whom (the member's display name). */
  usedAt?: string;
  usedByName?: string;
  /** `otherEvent`: the ticket's event, named only when it is this organization's. */
  otherEvent?: { eventId: string; title?: string; startsAt?: string };
  /** The other scan that admitted this ticket too (two devices, at least one offline). */
  conflictWith?: string;
  /** The answer of an earlier upload of the same `scanId`: nothing was recorded again. */
  repeated: boolean;
}

/** Two admissions of one ticket by different devices: both scans, earliest first. */
export interface ScanConflict {
  ticketId: string;
  usedAt: string;
  scans: { scanId: string; scannedAt: string; deviceId: string; scannerName: string }[];
}

/**
 * TIX-12: one scan at the door, online (the server's time) or one queued offline scan (the
 * device's time). Never throws for a bad ticket: the answer says what the door shows.
 */
export async function scanTicket(deps: EntryDeps, input: ScanTicketInput): Promise<ScanAnswer> {
  const parsed = parseInput(scanTicketInput, input);
  const request = { ...parsed, admitted: parsed.admitted ?? true };
  // The keys are in memory after the first scan; the scan's reads go out with the access check.
  const started = firstReads(deps, parsed.eventId, request, await deps.ticketKeys.verifyingKeys());
  started.reads.catch(() => {});
  const door = await openDoor(deps, parsed.actor, parsed.eventId);
  return recordScan(door, request, started);
}

/**
 * TIX-12 (beyond): the scans a device made offline, uploaded once it is back online. Each is
 * recorded as by `scanTicket` with the device's time, idempotent by `scanId` (a retried upload
 * counts nothing twice); the earliest admission of a ticket keeps its `usedAt`; two devices that
 * both admitted one ticket are both recorded and listed in `conflicts`.
 */
export async function syncScans(
  deps: EntryDeps,
  input: SyncScansInput,
): Promise<{ answers: ScanAnswer[]; conflicts: ScanConflict[] }> {
  const count = (input as { scans?: unknown }).scans;
  if (Array.isArray(count) && count.length > maxScansPerSync) {
    throw new ValidationError(
      [{ path: 'scans', message: 'too_many' }],
      entryMessage('entry.tooMany', { max: maxScansPerSync }),
    );
  }
  const parsed = parseInput(syncScansInput, input);
  const door = await openDoor(deps, parsed.actor, parsed.eventId);
  // One ticket's scans in the order they happened, so the first one is the admission.
  const byTicket = new Map<string, typeof parsed.scans>();
  for (const scan of [...parsed.scans].sort((a, b) =>
    instant(a.scannedAt).localeCompare(instant(b.scannedAt)),
  )) {
    const check = verifyTicketToken(scan.token, door.keys);
    const group = check.ok ? check.payload.ticketId : `?${scan.scanId}`;
    const list = byTicket.get(group) ?? [];
    list.push(scan);
    byTicket.set(group, list);
  }
  const answers = new Map<string, ScanAnswer>();
  const groups = [...byTicket.values()];
  let next = 0;
  const worker = async () => {
    while (next < groups.length) {
      const group = groups[next++] ?? [];
      for (const scan of group) {
        answers.set(
          scan.scanId,
          await recordScan(door, { ...scan, offline: true, admitted: scan.admitted ?? true }),
        );
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(syncParallelism, groups.length) }, worker));
  const ordered = parsed.scans.flatMap((scan) => {
    const answer = answers.get(scan.scanId);
    return answer ? [answer] : [];
  });
  // A conflict once per ticket, from the last of its scans in this upload that carries one.
  const marked = new Map<string, ScanAnswer>();
  for (const answer of ordered)
    if (answer.conflictWith && answer.ticketId) marked.set(answer.ticketId, answer);
  const conflicts = await Promise.all([...marked.values()].map((answer) => conflictOf(door, answer)));
  return { answers: ordered, conflicts: conflicts.flatMap((c) => (c ? [c] : [])) };
}

/** Everything one door session reads once: the event (checked against the actor), keys, caches. */
interface Door {
  deps: EntryDeps;
  actor: { userId: string; orgId: string };
  eventId: string;
  keys: TicketVerifyingKey[];
  names: Map<string, Promise<string>>;
}

/**
 * What a door asks of every scan and that does not change while it scans: an event's organization
 * (fixed at its creation) and its categories' names (a rename shows within minutes). Kept in the
 * container, so a scan's own reads are its ticket's, then its transaction (the budget is 50 ms).
 */
const eventOrgs = new ContainerCache<string>(10 * 60_000);
const categoryNames = new ContainerCache<{ fr: string; en: string } | null>(5 * 60_000);

/** The event's organization, or `undefined` for no such event (never kept: it may be created). */
async function eventOrgOf(deps: Pick<EntryDeps, 'db'>, eventId: string): Promise<string | undefined> {
  const kept = eventOrgs.get(eventId);
  if (kept) return kept;
  const started = eventOrgs.generation();
  const found = await deps.db.calendar.entities.event.get({ eventId }).go({ attributes: ['orgId'] });
  if (found.data) eventOrgs.keep(started, eventId, found.data.orgId);
  return found.data?.orgId;
}

/** The event must be the actor's organization's; another's is "not found" (ROLE-06). */
export async function openDoor(
  deps: EntryDeps,
  actor: { userId: string; orgId: string },
  eventId: string,
): Promise<Door> {
  const [orgId, keys] = await Promise.all([eventOrgOf(deps, eventId), deps.ticketKeys.verifyingKeys()]);
  if (orgId !== actor.orgId) throw entryEventNotFound();
  return { deps, actor, eventId, keys, names: new Map() };
}

interface ScanRequest {
  scanId: string;
  token: string;
  scannedAt: string;
  deviceId: string;
  offline: boolean;
  admitted: boolean;
}

type TicketItem = Awaited<ReturnType<typeof readTicket>>;

async function readTicket(door: Door, payload: TicketTokenPayload, consistent: boolean) {
  const found = await door.deps.db.orders.entities.ticket
    .get({ orderId: payload.orderId, ticketId: payload.ticketId })
    .go({ consistent });
  return found.data ?? undefined;
}

function instant(value: string): string {
  return new Date(Date.parse(value)).toISOString();
}

/** The scan's time: the server's online; the device's offline, never later than the upload. */
function scanTime(door: Door, request: ScanRequest): string {
  const now = door.deps.clock.now();
  if (!request.offline) return now.toISOString();
  return new Date(Math.min(Date.parse(request.scannedAt), now.getTime())).toISOString();
}

/**
 * The reads a scan starts with (its ticket or the other event; an offline scan's nonce), by key.
 * Reads only, so an online scan starts them beside the event's access check instead of after it.
 * An online scan's nonce is not read: each transaction claims it first, and a claimed one answers
 * with the first answer (`commit`); an upload, often a retried one, reads it to skip the writes.
 */
function firstReads(deps: EntryDeps, eventId: string, request: ScanRequest, keys: TicketVerifyingKey[]) {
  const check = verifyTicketToken(request.token, keys);
  const payload = check.ok ? check.payload : undefined;
  const sameEvent = payload?.eventId === eventId;
  const reads = Promise.all([
    request.offline
      ? deps.db.entry.entities.scanClaim
          .get({ eventId, scanId: request.scanId })
          .go()
          .then((found) => found.data ?? undefined)
      : undefined,
    payload && sameEvent
      ? deps.db.orders.entities.ticket
          .get({ orderId: payload.orderId, ticketId: payload.ticketId })
          .go()
          .then((found) => found.data ?? undefined)
      : undefined,
    payload && !sameEvent
      ? deps.db.calendar.entities.event
          .get({ eventId: payload.eventId })
          .go({ attributes: ['eventId', 'orgId', 'title', 'startsAt'] })
      : undefined,
  ]);
  return { payload, sameEvent, reads };
}

async function recordScan(
  door: Door,
  request: ScanRequest,
  started?: ReturnType<typeof firstReads>,
): Promise<ScanAnswer> {
  const { deps, eventId } = door;
  const { payload, sameEvent, reads } = started ?? firstReads(deps, eventId, request, door.keys);
  const [claim, firstRead, otherEvent] = await reads;
  if (claim) return replay(door, claim.scannedAt, request.scanId);

  const scannedAt = scanTime(door, request);
  const base = {
    eventId,
    scannedAt,
    scanId: request.scanId,
    offline: request.offline,
    deviceId: request.deviceId,
    scannerId: door.actor.userId,
    recordedAt: deps.clock.now().toISOString(),
  };
  if (!payload) return recordRefusal(door, { ...base, result: 'unknown' });
  const ids = { ticketId: payload.ticketId, orderId: payload.orderId };
  if (!sameEvent) {
    const answer = await recordRefusal(door, {
      ...base,
      ...ids,
      result: 'otherEvent',
      otherEventId: payload.eventId,
    });
    const other = otherEvent?.data;
    if (answer.repeated || !answer.otherEvent) return answer;
    return {
      ...answer,
      otherEvent:
        other && other.orgId === door.actor.orgId
          ? { eventId: other.eventId, title: other.title, startsAt: other.startsAt }
          : { eventId: payload.eventId },
    };
  }

  let ticket: TicketItem = firstRead;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    if (attempt > 1) ticket = await readTicket(door, payload, true);
    if (!ticket || ticket.eventId !== eventId)
      return recordRefusal(door, { ...base, ...ids, result: 'unknown' });
    const withType = { ...base, ...ids, ticketTypeId: ticket.ticketTypeId };
    if (ticket.status === 'cancelled') return recordRefusal(door, { ...withType, result: 'cancelled' });
    const outcome = ticket.usedAt
      ? await recordOnUsedTicket(door, request, withType, ticket as TicketItem & { usedAt: string })
      : await admit(door, withType);
    if (outcome !== 'again') return outcome;
    await pauseBeforeRetry(attempt);
  }
  throw new EntryBusyError();
}

type NewScan = Omit<Scan, 'result'> & { result: ScanResult };

function claimOf(scan: NewScan) {
  return {
    eventId: scan.eventId,
    scanId: scan.scanId,
    scannedAt: scan.scannedAt,
    expiresAt: Math.floor(Date.parse(scan.recordedAt) / 1000) + claimKeptSeconds,
  };
}

/** The first admission of a valid ticket. */
async function admit(door: Door, scan: Omit<NewScan, 'result'>): Promise<ScanAnswer | 'again'> {
  const { ticket } = door.deps.db.orders.entities;
  const { scan: scans, scanClaim } = door.deps.db.entry.entities;
  const admitted: NewScan = { ...scan, result: 'valid' };
  const [outcome, category] = await Promise.all([
    commit(
      door,
      scan.scanId,
      createWriteTransaction({ ticket, scans, scanClaim }, (tx) => [
        tx.scanClaim.create(claimOf(admitted)).commit(),
        tx.scans.create(admitted).commit(),
        tx.ticket
          .patch({ orderId: scan.orderId ?? '', ticketId: scan.ticketId ?? '' })
          .set({ usedAt: scan.scannedAt, usedBy: scan.scannerId })
          .where(
            (attr, { eq, notExists }) =>
              `${eq(attr.status, 'valid')} AND ${notExists(attr.usedAt)} AND ${eq(attr.eventId, door.eventId)}`,
          )
          .commit(),
      ]),
    ),
    categoryOf(door, scan.ticketTypeId),
  ]);
  if (outcome !== 'done') return outcome;
  return { ...answerOf(admitted), category, repeated: false };
}

/**
 * A scan of a ticket already let in. Online, or offline after the admission: `alreadyUsed`. An
 * offline admission earlier than the recorded one takes `usedAt` over (the earliest scan wins).
 * Either way, when the device let the person in and the other admission is another device's, both
 * scans are marked with each other's `scanId`: the conflict the organizer sees.
 */
async function recordOnUsedTicket(
  door: Door,
  request: ScanRequest,
  scan: Omit<NewScan, 'result'>,
  current: TicketItem & { usedAt: string },
): Promise<ScanAnswer | 'again'> {
  const { ticket } = door.deps.db.orders.entities;
  const { scan: scans, scanClaim } = door.deps.db.entry.entities;
  const admittedOffline = request.offline && request.admitted;
  const winner = admittedOffline ? await admissionOf(door, current) : undefined;
  const conflict = winner && winner.deviceId !== request.deviceId && winner.scanId !== request.scanId;
  const markWinner = conflict && !winner.conflictWith;
  const takesOver = admittedOffline && scan.scannedAt < current.usedAt;
  const own: NewScan = takesOver
    ? { ...scan, result: 'valid', ...(conflict ? { conflictWith: winner.scanId } : {}) }
    : {
        ...scan,
        result: 'alreadyUsed',
        usedAt: current.usedAt,
        ...(current.usedBy ? { usedBy: current.usedBy } : {}),
        ...(conflict ? { conflictWith: winner.scanId } : {}),
      };
  const key = { orderId: current.orderId, ticketId: current.ticketId };
  const [outcome, category] = await Promise.all([
    commit(
      door,
      scan.scanId,
      createWriteTransaction({ ticket, scans, scanClaim }, (tx) => [
        tx.scanClaim.create(claimOf(own)).commit(),
        tx.scans.create(own).commit(),
        takesOver
          ? tx.ticket
              .patch(key)
              .set({ usedAt: scan.scannedAt, usedBy: scan.scannerId })
              .where((attr, { eq }) => `${eq(attr.status, 'valid')} AND ${eq(attr.usedAt, current.usedAt)}`)
              .commit()
          : // The answer says when and by whom: only if that is still so at the commit.
            tx.ticket
              .check(key)
              .where((attr, { eq }) => `${eq(attr.status, 'valid')} AND ${eq(attr.usedAt, current.usedAt)}`)
              .commit(),
        ...(markWinner
          ? [
              tx.scans
                .patch({ eventId: door.eventId, scannedAt: winner.scannedAt, scanId: winner.scanId })
                .set({ conflictWith: scan.scanId })
                .commit(),
            ]
          : []),
      ]),
    ),
    categoryOf(door, scan.ticketTypeId),
  ]);
  if (outcome !== 'done') return outcome;
  const answer = { ...answerOf(own), category, repeated: false };
  if (own.result === 'alreadyUsed' && own.usedBy) answer.usedByName = await nameOf(door, own.usedBy);
  return answer;
}

/** The scan that admitted `ticket`: the one at its `usedAt` (a Query of that instant only). */
async function admissionOf(
  door: Door,
  ticket: { usedAt: string; ticketId: string },
): Promise<Scan | undefined> {
  const found = await door.deps.db.entry.entities.scan.query
    .byEvent({ eventId: door.eventId })
    .begins({ scannedAt: ticket.usedAt })
    .go({ consistent: true, pages: 'all' });
  return found.data.find((item) => item.ticketId === ticket.ticketId && item.result === 'valid');
}

/** A refused scan (unknown, cancelled, other event): the scan and its nonce, nothing else. */
async function recordRefusal(door: Door, scan: NewScan): Promise<ScanAnswer> {
  const { scan: scans, scanClaim } = door.deps.db.entry.entities;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    const [outcome, category] = await Promise.all([
      commit(
        door,
        scan.scanId,
        createWriteTransaction({ scans, scanClaim }, (tx) => [
          tx.scanClaim.create(claimOf(scan)).commit(),
          tx.scans.create(scan).commit(),
        ]),
      ),
      categoryOf(door, scan.ticketTypeId),
    ]);
    if (outcome === 'again') {
      await pauseBeforeRetry(attempt);
      continue;
    }
    if (outcome !== 'done') return outcome;
    return { ...answerOf(scan), category, repeated: false };
  }
  throw new EntryBusyError();
}

/**
 * Runs one scan transaction whose first item claims the nonce. `done` when it committed; the first
 * answer when the nonce was claimed already (a retried upload, or its twin racing it); `again`
 * when the ticket changed meanwhile or DynamoDB asks to retry.
 */
async function commit(
  door: Door,
  scanId: string,
  transaction: { go(): Promise<{ canceled: boolean; data: unknown }> },
): Promise<'done' | 'again' | ScanAnswer> {
  let result: { canceled: boolean; data: unknown };
  try {
    result = await transaction.go();
  } catch (error) {
    // Tried again from fresh reads: had it committed, its nonce now answers.
    if (isTransient(error)) return 'again';
    throw error;
  }
  if (!result.canceled) return 'done';
  const reasons = result.data as { code: string }[];
  if (reasons[0]?.code === 'ConditionalCheckFailed') {
    const claim = await door.deps.db.entry.entities.scanClaim
      .get({ eventId: door.eventId, scanId })
      .go({ consistent: true });
    if (claim.data) return replay(door, claim.data.scannedAt, claim.data.scanId);
  }
  return 'again';
}

function answerOf(scan: NewScan): Omit<ScanAnswer, 'repeated'> {
  return {
    scanId: scan.scanId,
    result: scan.result,
    scannedAt: scan.scannedAt,
    offline: scan.offline,
    ...(scan.ticketId ? { ticketId: scan.ticketId } : {}),
    ...(scan.result === 'alreadyUsed' && scan.usedAt ? { usedAt: scan.usedAt } : {}),
    ...(scan.otherEventId ? { otherEvent: { eventId: scan.otherEventId } } : {}),
    ...(scan.conflictWith ? { conflictWith: scan.conflictWith } : {}),
  };
}

/** The first answer to `scanId`, rebuilt from its scan item. */
async function replay(door: Door, scannedAt: string, scanId: string): Promise<ScanAnswer> {
  const found = await door.deps.db.entry.entities.scan
    .get({ eventId: door.eventId, scannedAt, scanId })
    .go({ consistent: true });
  const scan = found.data;
  if (!scan) throw new EntryBusyError();
  const [category, usedByName, other] = await Promise.all([
    categoryOf(door, scan.ticketTypeId),
    scan.result === 'alreadyUsed' && scan.usedBy ? nameOf(door, scan.usedBy) : undefined,
    scan.otherEventId
      ? door.deps.db.calendar.entities.event
          .get({ eventId: scan.otherEventId })
          .go({ attributes: ['eventId', 'orgId', 'title', 'startsAt'] })
      : undefined,
  ]);
  const answer: ScanAnswer = { ...answerOf(scan), category, repeated: true };
  if (usedByName) answer.usedByName = usedByName;
  const event = other?.data;
  if (scan.otherEventId && event && event.orgId === door.actor.orgId) {
    answer.otherEvent = { eventId: event.eventId, title: event.title, startsAt: event.startsAt };
  }
  return answer;
}

/** A member's display name (their e-mail address when they gave none), read once per door. */
export function nameOf(door: Pick<Door, 'deps' | 'names'>, userId: string): Promise<string> {
  let name = door.names.get(userId);
  if (!name) {
    name = door.deps.db.identity.entities.account
      .get({ userId })
      .go({ attributes: ['displayName', 'email'] })
      .then((found) => found.data?.displayName || found.data?.email || userId);
    door.names.set(userId, name);
  }
  return name;
}

async function categoryOf(door: Door, ticketTypeId: string | undefined) {
  if (!ticketTypeId) return undefined;
  const { deps, eventId } = door;
  const names = await categoryNames.through(`${eventId}#${ticketTypeId}`, async () => {
    const found = await deps.db.ticketing.entities.ticketType
      .get({ eventId, ticketTypeId })
      .go({ attributes: ['nameFr', 'nameEn'] });
    if (found.data) return { fr: found.data.nameFr, en: found.data.nameEn };
    // TIX-08: a pass's ticket names the pass's tier.
    const tier = (await passTierNames(deps, eventId)).find((name) => name.ticketTypeId === ticketTypeId);
    return tier ? { fr: tier.fr, en: tier.en } : null;
  });
  return names ?? undefined;
}

/** Both admissions of a conflicted ticket: this upload's scan and the one it is marked against. */
async function conflictOf(door: Door, answer: ScanAnswer): Promise<ScanConflict | undefined> {
  const { scan, scanClaim } = door.deps.db.entry.entities;
  if (!answer.conflictWith || !answer.ticketId) return undefined;
  const [own, claim] = await Promise.all([
    scan.get({ eventId: door.eventId, scannedAt: answer.scannedAt, scanId: answer.scanId }).go(),
    scanClaim.get({ eventId: door.eventId, scanId: answer.conflictWith }).go(),
  ]);
  const other = claim.data
    ? await scan
        .get({ eventId: door.eventId, scannedAt: claim.data.scannedAt, scanId: claim.data.scanId })
        .go()
    : undefined;
  const items = [own.data, other?.data].flatMap((item) => (item ? [item] : []));
  items.sort((a, b) => a.scannedAt.localeCompare(b.scannedAt));
  const scans = await Promise.all(
    items.map(async (item) => ({
      scanId: item.scanId,
      scannedAt: item.scannedAt,
      deviceId: item.deviceId,
      scannerName: await nameOf(door, item.scannerId),
    })),
  );
  return { ticketId: answer.ticketId, usedAt: scans[0]?.scannedAt ?? answer.scannedAt, scans };
}
