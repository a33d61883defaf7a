/**
 * TIX-09: seats are held while the buyer pays. One TransactWriteItems takes the seats from the
 * category's counter shards, each with the condition `remaining >= n`, writes the hold, and
 * carries the caller's own items (checkout's pending order and its lines): all of it commits, or
 * nothing does, so no concurrency ever oversells (decision 0014).
 *
 * Each shard update is also conditioned on the shard's copy of its category's sale state
 * (active, within its sale window, per-person maximum), so a category withdrawn a millisecond
 * before is refused by the transaction itself, not by a read that may be stale.
 *
 * Which shards: each line first tries one shard chosen at random, without reading (the common
 * case while seats are plentiful: one round trip). A line whose shard refused reads its category's
 * shards with a consistent Query and takes from one that has all its seats, or, near the end,
 * splits its quantity over the fullest shards; fewer seats than asked in all of them is "sold out".
 * Transaction conflicts are retried with jitter, a bounded number of times.
 */
import { createWriteTransaction, type Entity } from 'electrodb';
import * as z from 'zod/mini';
import type { Deps } from '../deps';
import { parseInput } from '../kernel/validate';
import {
  HoldCommitRefusedError,
  HoldTakenError,
  InventoryBusyError,
  NotOnSaleError,
  PerPersonLimitError,
  SoldOutError,
  TooManyTicketsError,
  ticketTypeNotFound,
} from './errors';
import { type Hold, type HoldTaken, holdSubjectKinds, sweepShardOf } from './hold';
import { shardName } from './inventory-shard';
import { planTake, type ShardTake } from './shards';
import type { TicketType } from './ticket-type';
import { isOnSale, readShards } from './ticket-types';
import { isTransient, pauseBeforeRetry } from './transient';

/** An order holds at most 20 tickets (data model §1.5: a transaction holds at most 100 items). */
export const maxTicketsPerOrder = 20;
/** DynamoDB's limit on the items of one transaction. */
export const maxTransactionItems = 100;
/** Tries of one hold: conflicts and refused shards are retried, each time from fresh counts. */
export const holdAttempts = 8;

// biome-ignore lint/suspicious/noExplicitAny: any entity of any domain may join the transaction.
export type EntityMap = Record<string, Entity<any, any, any, any>>;
/** The caller's commits, built from its entities as ElectroDB's createWriteTransaction hands them over. */
// biome-ignore lint/suspicious/noExplicitAny: the result items are whatever the caller's entities make.
type AnyResult = any;
export type WriteFunction<E extends EntityMap> = Parameters<
  typeof createWriteTransaction<E, unknown, AnyResult>
>[1];

/**
 * Items of the caller that commit with the hold (checkout's order and lines, an invoice's lines):
 * `writes` builds them from `entities` — its own domain's entities, joined to ticketing's with
 * `createWriteTransaction` — exactly as in shared/comms/queue-email.ts `commitWithEmails`.
 */
export interface ExtraWrites<E extends EntityMap> {
  entities: E;
  writes: WriteFunction<E>;
}

const id = () => z.string().check(z.trim(), z.minLength(1), z.maxLength(64));

const placeHoldInput = z.object({
  holdId: id(),
  subject: z.object({ kind: z.enum(holdSubjectKinds), id: id() }),
  lines: z
    .array(
      z.object({
        eventId: id(),
        ticketTypeId: id(),
        quantity: z.int().check(z.minimum(1), z.maximum(maxTicketsPerOrder)),
      }),
    )
    .check(z.minLength(1), z.maxLength(maxTicketsPerOrder)),
  heldUntil: z.iso.datetime(),
});

export type PlaceHoldInput<E extends EntityMap = Record<never, never>> = z.input<typeof placeHoldInput> & {
  extraWrites?: ExtraWrites<E>;
  /**
   * The categories as the caller already read them (checkout prices the order from them): saves
   * reading them again. A stale one costs nothing in safety — the shards' own conditions decide —
   * at most a retry (a shard added since is found by the consistent read). With the `remaining`
   * that `listTicketTypes` gives, a category near its end is read before the hold is tried.
   */
  ticketTypes?: (TicketType & { remaining?: number })[];
};

export interface PlacedHold {
  holdId: string;
  heldUntil: string;
  taken: HoldTaken[];
  /** Transactions tried (1 when the first random shards had the seats). */
  attempts: number;
}

interface Line {
  eventId: string;
  ticketTypeId: string;
  quantity: number;
  ticketType: TicketType;
  plan: ShardTake[];
  /** The plan came from a consistent read (otherwise: a random shard, unread). */
  read: boolean;
  /** Read the shards before the first try (the caller's counts say the category is near its end). */
  readFirst: boolean;
}

const lineKey = (line: { eventId: string; ticketTypeId: string }) => `${line.eventId}#${line.ticketTypeId}`;

function randomShard(ticketType: TicketType, random: () => number): string {
  return shardName(Math.floor(random() * ticketType.shards));
}

/**
 * TIX-09: holds the lines' seats until `heldUntil`, with the caller's items in the same
 * transaction. Placing the same hold again (a retried request) returns it unchanged.
 */
export async function placeHold<E extends EntityMap = Record<never, never>>(
  deps: Pick<Deps, 'db' | 'clock'> & { random?: () => number },
  input: PlaceHoldInput<E>,
): Promise<PlacedHold> {
  const parsed = parseInput(placeHoldInput, input);
  const random = deps.random ?? Math.random;
  const now = deps.clock.now();
  const heldUntil = new Date(parsed.heldUntil).toISOString();

  // One line per category: the per-person maximum applies to the category's total.
  const merged = new Map<string, { eventId: string; ticketTypeId: string; quantity: number }>();
  for (const line of parsed.lines) {
    const key = lineKey(line);
    const sum = merged.get(key);
    if (sum) sum.quantity += line.quantity;
    else merged.set(key, { ...line });
  }
  const total = [...merged.values()].reduce((sum, line) => sum + line.quantity, 0);
  if (total > maxTicketsPerOrder) throw new TooManyTicketsError(maxTicketsPerOrder);

  const known = new Map((input.ticketTypes ?? []).map((type) => [lineKey(type), type]));
  const lines: Line[] = await Promise.all(
    [...merged.values()].map(async (line) => {
      const ticketType =
        known.get(lineKey(line)) ??
        (
          await deps.db.ticketing.entities.ticketType
            .get({ eventId: line.eventId, ticketTypeId: line.ticketTypeId })
            .go()
        ).data;
      if (!ticketType) throw ticketTypeNotFound();
      if (!isOnSale(ticketType, now)) throw new NotOnSaleError(ticketType.ticketTypeId, ticketType.nameFr);
      if (line.quantity > ticketType.perPersonMax) {
        throw new PerPersonLimitError(ticketType.ticketTypeId, ticketType.perPersonMax, ticketType.nameFr);
      }
      // Near the end a random shard is likely short: read the shards first (a sold-out attempt is
      // then one Query, no transaction). The hint may be stale either way; the read is not.
      const hinted = (ticketType as { remaining?: number }).remaining;
      const nearEnd = hinted !== undefined && hinted < ticketType.shards * maxTicketsPerOrder;
      return {
        ...line,
        ticketType,
        plan: [{ shard: randomShard(ticketType, random), quantity: line.quantity }],
        read: false,
        readFirst: nearEnd,
      };
    }),
  );

  const { inventoryShard, hold } = deps.db.ticketing.entities;
  const own = (input.extraWrites?.entities ?? {}) as E;
  if ('inventoryShard' in own || 'hold' in own)
    throw new Error('placeHold adds the inventory entities itself');
  let lastError: unknown;
  for (let attempt = 1; attempt <= holdAttempts; attempt += 1) {
    await Promise.all(
      lines
        .filter((line) => !line.read && (attempt > 1 || line.readFirst))
        .map(async (line) => {
          const shards = await readShards(deps, line.eventId, line.ticketTypeId);
          // The shards' copy of the sale state is the category's as of now.
          const state = shards[0];
          if (state && !isOnSale(state, now)) {
            throw new NotOnSaleError(line.ticketTypeId, line.ticketType.nameFr);
          }
          if (state && line.quantity > state.perPersonMax) {
            throw new PerPersonLimitError(line.ticketTypeId, state.perPersonMax, line.ticketType.nameFr);
          }
          const plan = planTake(shards, line.quantity, random);
          if (!plan) {
            const remaining = shards.reduce((sum, shard) => sum + Math.max(0, shard.remaining), 0);
            throw new SoldOutError(line.ticketTypeId, remaining, line.ticketType.nameFr);
          }
          line.plan = plan;
          line.read = true;
        }),
    );
    const taken: HoldTaken[] = lines.flatMap((line) =>
      line.plan.map((take) => ({
        eventId: line.eventId,
        ticketTypeId: line.ticketTypeId,
        shard: take.shard,
        quantity: take.quantity,
      })),
    );
    /** The quantity of each taken shard's whole line, for its per-person condition. */
    const lineQuantities = lines.flatMap((line) => line.plan.map(() => line.quantity));
    const at = now.toISOString();
    const item: Hold = {
      holdId: parsed.holdId,
      subject: parsed.subject,
      taken,
      status: 'active',
      sweepShard: sweepShardOf(parsed.holdId),
      heldUntil,
      createdAt: now.toISOString(),
    };
    let extraCount = 0;
    let result: Awaited<ReturnType<ReturnType<typeof createWriteTransaction>['go']>>;
    try {
      result = await createWriteTransaction({ ...own, inventoryShard, hold }, (joined) => {
        const extra = input.extraWrites?.writes(joined as unknown as Parameters<WriteFunction<E>>[0]) ?? [];
        extraCount = extra.length;
        if (taken.length + 1 + extra.length > maxTransactionItems) {
          throw new Error(`a hold transaction holds at most ${maxTransactionItems} items`);
        }
        return [
          ...taken.map((take, index) =>
            joined.inventoryShard
              .update({ eventId: take.eventId, ticketTypeId: take.ticketTypeId, shard: take.shard })
              .add({ held: take.quantity })
              .subtract({ remaining: take.quantity })
              .where(
                (attr, { eq, gte, gt, lte, notExists }) =>
                  `${gte(attr.remaining, take.quantity)} AND ${eq(attr.status, 'active')}` +
                  ` AND ${gte(attr.perPersonMax, lineQuantities[index] ?? take.quantity)}` +
                  ` AND (${notExists(attr.salesStartAt)} OR ${lte(attr.salesStartAt, at)})` +
                  ` AND (${notExists(attr.withdrawAt)} OR ${gt(attr.withdrawAt, at)})`,
              )
              .commit(),
          ),
          joined.hold.create(item).commit(),
          ...extra,
        ];
      }).go();
    } catch (error) {
      if (!isTransient(error)) throw error;
      lastError = error;
      for (const line of lines) line.read = false;
      await pauseBeforeRetry(attempt, random);
      continue;
    }
    if (!result.canceled) return { holdId: item.holdId, heldUntil, taken, attempts: attempt };

    const reasons = result.data as { code: string }[];
    const holdReason = reasons[taken.length]?.code;
    if (holdReason === 'ConditionalCheckFailed') return existingHold(deps, parsed.holdId, parsed.subject);
    const refused = reasons
      .slice(taken.length + 1, taken.length + 1 + extraCount)
      .map((reason, index) => ({ index, code: reason.code }))
      .filter((reason) => reason.code === 'ConditionalCheckFailed');
    if (refused.length > 0) throw new HoldCommitRefusedError(refused);
    // Lines whose shards refused (not enough left there) or conflicted read their counts again.
    let offset = 0;
    for (const line of lines) {
      const codes = reasons.slice(offset, offset + line.plan.length).map((reason) => reason.code);
      offset += line.plan.length;
      if (codes.some((code) => code !== 'None')) line.read = false;
    }
    if (reasons.some((reason) => reason.code === 'TransactionConflict')) {
      await pauseBeforeRetry(attempt, random);
    }
    lastError = reasons;
  }
  throw new InventoryBusyError(lastError);
}

/** The hold already exists: the same request placed again gets it back; any other is refused. */
async function existingHold(
  deps: Pick<Deps, 'db'>,
  holdId: string,
  subject: { kind: string; id: string },
): Promise<PlacedHold> {
  const existing = (await deps.db.ticketing.entities.hold.get({ holdId }).go({ consistent: true })).data;
  if (!existing || existing.subject.kind !== subject.kind || existing.subject.id !== subject.id) {
    throw new HoldTakenError();
  }
  return { holdId, heldUntil: existing.heldUntil, taken: existing.taken, attempts: 1 };
}
