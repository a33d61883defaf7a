/**
 * TIX-09: a hold ends in one of two ways, each exactly once. `convertHold` (payment confirmed)
 * turns its held seats into sold ones; `releaseHold` (checkout abandoned, hold expired) gives them
 * back. Either is one transaction conditioned on `status = active`, with the counter updates, so
 * a payment and the sweep that race on one hold cannot both win, and a repeated call changes
 * nothing twice. Leaving `active` drops the hold from the sweep index and sets its TTL.
 */
import { createWriteTransaction } from 'electrodb';
import * as z from 'zod/mini';
import type { Deps } from '../deps';
import { errorFields } from '../kernel/logger';
import { parseInput } from '../kernel/validate';
import { HoldCommitRefusedError, HoldReleasedError, holdNotFound, InventoryBusyError } from './errors';
import { type Hold, holdIndexShards } from './hold';
import {
  type EntityMap,
  type ExtraWrites,
  holdAttempts,
  maxTransactionItems,
  type WriteFunction,
} from './place-hold';
import { isTransient, pauseBeforeRetry } from './transient';

/** A hold that left `active` is kept this long for support, then TTL deletes it. */
const keepSettledSeconds = 24 * 60 * 60;

export type SettleOutcome = 'converted' | 'released';

export interface Settled {
  /** What the hold is now. */
  status: SettleOutcome;
  /** This call made the change (false: it had been made before). */
  changed: boolean;
}

const holdInput = z.object({ holdId: z.string().check(z.minLength(1), z.maxLength(64)) });

async function settle<E extends EntityMap>(
  deps: Pick<Deps, 'db' | 'clock'>,
  holdId: string,
  to: SettleOutcome,
  extraWrites?: ExtraWrites<E>,
): Promise<Settled> {
  const { hold, inventoryShard } = deps.db.ticketing.entities;
  const own = (extraWrites?.entities ?? {}) as E;
  for (let attempt = 1; attempt <= holdAttempts; attempt += 1) {
    const current = (await hold.get({ holdId }).go({ consistent: true })).data;
    if (!current) throw holdNotFound();
    if (current.status !== 'active') return { status: current.status, changed: false };
    const now = deps.clock.now();
    const stamp = now.toISOString();
    let extraCount = 0;
    const transaction = createWriteTransaction({ ...own, hold, inventoryShard }, (joined) => {
      const extra = extraWrites?.writes(joined as unknown as Parameters<WriteFunction<E>>[0]) ?? [];
      extraCount = extra.length;
      if (current.taken.length + 1 + extra.length > maxTransactionItems) {
        throw new Error(`a hold transaction holds at most ${maxTransactionItems} items`);
      }
      return [
        joined.hold
          .patch({ holdId })
          .set({
            status: to,
            // The sparse index's composites, named again so ElectroDB drops its entry.
            sweepShard: current.sweepShard,
            heldUntil: current.heldUntil,
            ...(to === 'converted' ? { convertedAt: stamp } : { releasedAt: stamp }),
            expiresAt: Math.floor(now.getTime() / 1000) + keepSettledSeconds,
          })
          .where((attr, { eq }) => eq(attr.status, 'active'))
          .commit(),
        ...current.taken.map((take) => {
          const shard = joined.inventoryShard
            .update({ eventId: take.eventId, ticketTypeId: take.ticketTypeId, shard: take.shard })
            .subtract({ held: take.quantity });
          return (
            to === 'converted' ? shard.add({ sold: take.quantity }) : shard.add({ remaining: take.quantity })
          )
            .where((attr, { gte }) => gte(attr.held, take.quantity))
            .commit();
        }),
        ...extra,
      ];
    });
    let result: Awaited<ReturnType<typeof transaction.go>>;
    try {
      result = await transaction.go();
    } catch (error) {
      // Tried again from a fresh read: if it did commit, the hold is no longer active.
      if (!isTransient(error)) throw error;
      await pauseBeforeRetry(attempt);
      continue;
    }
    if (!result.canceled) return { status: to, changed: true };
    const reasons = result.data as { code: string }[];
    // Settled by someone else meanwhile: the next read says how.
    if (reasons[0]?.code === 'ConditionalCheckFailed') continue;
    const shardRefused = reasons
      .slice(1, 1 + current.taken.length)
      .some((r) => r.code === 'ConditionalCheckFailed');
    if (shardRefused) throw new Error(`hold ${holdId}: a counter holds fewer seats than the hold took`);
    const refused = reasons
      .slice(1 + current.taken.length, 1 + current.taken.length + extraCount)
      .map((reason, index) => ({ index, code: reason.code }))
      .filter((reason) => reason.code === 'ConditionalCheckFailed');
    if (refused.length > 0) throw new HoldCommitRefusedError(refused);
    await pauseBeforeRetry(attempt);
  }
  throw new InventoryBusyError();
}

/**
 * TIX-09: payment confirmed: the held seats become sold, with the caller's items (the order
 * marked paid) in the same transaction. A hold converted already answers `changed: false`; one
 * released already (expired, then swept) throws HoldReleasedError: the payment must take seats
 * again or be refunded (data model §3.13, late payment).
 */
export async function convertHold<E extends EntityMap = Record<never, never>>(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { holdId: string; extraWrites?: ExtraWrites<E> },
): Promise<Settled> {
  const { holdId } = parseInput(holdInput, { holdId: input.holdId });
  const settled = await settle(deps, holdId, 'converted', input.extraWrites);
  if (settled.status === 'released') throw new HoldReleasedError(holdId);
  return settled;
}

/**
 * TIX-09: the seats go back on sale (checkout abandoned or hold expired). Releasing a released
 * hold changes nothing; a converted one stays sold (`status: 'converted'`, `changed: false`).
 */
export async function releaseHold<E extends EntityMap = Record<never, never>>(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { holdId: string; extraWrites?: ExtraWrites<E> },
): Promise<Settled> {
  const { holdId } = parseInput(holdInput, { holdId: input.holdId });
  return settle(deps, holdId, 'released', input.extraWrites);
}

/** Holds read per page of the sweep index, and released at once. */
const sweepPage = 100;
const sweepParallel = 8;
/** The sweep stops starting new pages when less time than this is left before its timeout. */
const sweepReserveMs = 5_000;

export interface SweepReport {
  /** Holds this sweep released. */
  released: number;
  /** Holds found expired that were settled by someone else first (a payment, another sweep). */
  settledMeanwhile: number;
  /** A page could not be finished in time: the next run goes on. */
  incomplete: boolean;
}

/**
 * TIX-09: the scheduled sweep (every minute): reads the 4 shards of the sparse index of active
 * holds for `heldUntil < now` and releases each. Safe to run twice at once, or while a payment
 * converts a hold: each release is conditioned on `status = active`, so exactly one wins.
 */
export async function sweepExpiredHolds(
  deps: Pick<Deps, 'db' | 'clock' | 'log'>,
  input: {
    now?: Date;
    timeLeftMs?: () => number;
    /**
     * Called after this sweep released a hold, for what its subject must do then (an order closes
     * as expired). A failure is logged and does not stop the sweep.
     */
    onReleased?: (hold: Hold) => Promise<unknown>;
  } = {},
): Promise<SweepReport> {
  const now = (input.now ?? deps.clock.now()).toISOString();
  const report: SweepReport = { released: 0, settledMeanwhile: 0, incomplete: false };
  const { hold } = deps.db.ticketing.entities;
  for (let shard = 0; shard < holdIndexShards; shard += 1) {
    let cursor: string | null = null;
    do {
      if (input.timeLeftMs && input.timeLeftMs() < sweepReserveMs) {
        report.incomplete = true;
        return report;
      }
      // The index projects keys only: `hydrate` reads the holds themselves by key.
      const page: { data: Hold[]; cursor: string | null } = await hold.query
        .activeByExpiry({ sweepShard: String(shard) })
        .lt({ heldUntil: now })
        .go({ hydrate: true, limit: sweepPage, cursor });
      cursor = page.cursor;
      const due = page.data.filter((item) => item.status === 'active' && item.heldUntil < now);
      for (let i = 0; i < due.length; i += sweepParallel) {
        await Promise.all(
          due.slice(i, i + sweepParallel).map(async (item) => {
            const settled = await releaseHold(deps, { holdId: item.holdId });
            if (!settled.changed) {
              report.settledMeanwhile += 1;
              return;
            }
            report.released += 1;
            await input.onReleased?.(item).catch((error: unknown) =>
              deps.log.error('released hold follow-up failed', {
                holdId: item.holdId,
                subject: item.subject,
                ...errorFields(error),
              }),
            );
          }),
        );
      }
    } while (cursor);
  }
  if (report.released > 0) deps.log.info('expired holds released', { ...report });
  return report;
}
