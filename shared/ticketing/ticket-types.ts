/**
 * Ticket categories of an event (TIX-02, TIX-03): the organizer creates and changes them, the sheet
 * lists them with what remains. A category and its counter shards are written in one transaction,
 * conditioned on the version the organizer loaded and on the organization (ROLE-06); changing the
 * quantity moves the shards' capacity and remaining seats in that same transaction, and never
 * below what is already sold or held.
 */
import * as z from 'zod/mini';
import type { Deps } from '../deps';
import { parseInput } from '../kernel/validate';
import {
  eventNotFound,
  InventoryBusyError,
  QuantityBelowTakenError,
  TicketTypeChangedError,
  type TicketTypeIssue,
  TicketTypeWithdrawnError,
  ticketTypeInvalid,
  ticketTypeNotFound,
} from './errors';
import { type InventoryShard, shardName } from './inventory-shard';
import { syncOnPlatformTicketingAfterCommit } from './on-platform-ticketing';
import { planRemoval, shardCountFor, splitEvenly } from './shards';
import { type TicketType, taxModes } from './ticket-type';

type CatalogueDeps = Pick<Deps, 'db' | 'clock' | 'ids' | 'log'>;

export const ticketTypeLimits = {
  name: 200,
  /** 100 000 $. */
  priceCents: 10_000_000,
  quantity: 100_000,
  perPersonMax: 20,
  position: 999,
} as const;

const id = () => z.string().check(z.trim(), z.minLength(1), z.maxLength(64));

/** Who acts: from the session (ROLE-06), never from the form. */
export const organizerActor = z.object({
  userId: id(),
  /** The organization the session acts for; another organization's event is "not found". */
  orgId: id(),
  staff: z._default(z.boolean(), false),
});
export type OrganizerActor = z.input<typeof organizerActor>;

/** Shapes only; the rules (ranges, dates) are checked by `ticketTypeIssues` with their own messages. */
const ticketTypeFields = z.object({
  nameFr: z.string(),
  nameEn: z.string(),
  priceCents: z.number(),
  taxes: z._default(z.enum(taxModes), 'included'),
  quantity: z.number(),
  perPersonMax: z.number(),
  salesStartAt: z.optional(z.string()),
  withdrawAt: z.optional(z.string()),
  position: z._default(z.int().check(z.minimum(0), z.maximum(ticketTypeLimits.position)), 0),
});
export type TicketTypeFields = z.input<typeof ticketTypeFields>;
type ParsedFields = z.output<typeof ticketTypeFields>;

const within = (value: number, min: number, max: number) =>
  Number.isSafeInteger(value) && value >= min && value <= max;

/** An ISO-8601 instant normalized to UTC with milliseconds, or `null` when it is not one. */
function instant(value: string | undefined): string | undefined | null {
  if (value === undefined || value.trim() === '') return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** TIX-02, TIX-03: every rule a category's fields break (empty when they are valid). */
export function ticketTypeIssues(fields: ParsedFields): TicketTypeIssue[] {
  const issues: TicketTypeIssue[] = [];
  for (const path of ['nameFr', 'nameEn'] as const) {
    const name = fields[path].trim();
    if (name.length === 0 || name.length > ticketTypeLimits.name)
      issues.push({ path, key: 'ticketing.rule.name' });
  }
  if (!within(fields.priceCents, 0, ticketTypeLimits.priceCents))
    issues.push({ path: 'priceCents', key: 'ticketing.rule.price' });
  if (!within(fields.quantity, 1, ticketTypeLimits.quantity))
    issues.push({ path: 'quantity', key: 'ticketing.rule.quantity' });
  if (!within(fields.perPersonMax, 1, ticketTypeLimits.perPersonMax))
    issues.push({ path: 'perPersonMax', key: 'ticketing.rule.perPersonMax' });
  const start = instant(fields.salesStartAt);
  const end = instant(fields.withdrawAt);
  if (start === null) issues.push({ path: 'salesStartAt', key: 'ticketing.rule.date' });
  if (end === null) issues.push({ path: 'withdrawAt', key: 'ticketing.rule.date' });
  if (start && end && end <= start) issues.push({ path: 'withdrawAt', key: 'ticketing.rule.dates' });
  return issues;
}

/** The object without its `undefined` properties: the document client refuses them. */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function validFields(fields: ParsedFields) {
  const issues = ticketTypeIssues(fields);
  if (issues.length > 0) throw ticketTypeInvalid(issues);
  return {
    nameFr: fields.nameFr.trim(),
    nameEn: fields.nameEn.trim(),
    priceCents: fields.priceCents,
    taxes: fields.taxes,
    quantity: fields.quantity,
    perPersonMax: fields.perPersonMax,
    salesStartAt: instant(fields.salesStartAt) ?? undefined,
    withdrawAt: instant(fields.withdrawAt) ?? undefined,
    position: fields.position,
  };
}

/**
 * The organization selling the categories of `eventId`: an event's own, or — `eventId` being a
 * pass's id (TIX-08, decision 0021) — the pass's selling organization, whose tiers staff alone set.
 */
async function ownEventOrg(
  deps: Pick<Deps, 'db'>,
  eventId: string,
  actor: z.output<typeof organizerActor>,
): Promise<{ orgId: string; pass: boolean }> {
  const event = (
    await deps.db.calendar.entities.event.get({ eventId }).go({ consistent: true, attributes: ['orgId'] })
  ).data;
  if (event) {
    if (!actor.staff && event.orgId !== actor.orgId) throw eventNotFound();
    return { orgId: event.orgId, pass: false };
  }
  const pass = actor.staff
    ? (await deps.db.ticketing.entities.pass.get({ passId: eventId }).go({ consistent: true })).data
    : null;
  if (!pass) throw eventNotFound();
  return { orgId: pass.orgId, pass: true };
}

/** The category as its organization sees it; another organization's does not exist for it. */
async function ownTicketType(
  deps: Pick<Deps, 'db'>,
  eventId: string,
  ticketTypeId: string,
  actor: z.output<typeof organizerActor>,
): Promise<TicketType> {
  const current = (
    await deps.db.ticketing.entities.ticketType.get({ eventId, ticketTypeId }).go({ consistent: true })
  ).data;
  if (!current || (!actor.staff && current.orgId !== actor.orgId)) throw ticketTypeNotFound();
  return current;
}

/** A category's counter shards, read consistently (the last seats are found on the base table). */
export async function readShards(
  deps: Pick<Deps, 'db'>,
  eventId: string,
  ticketTypeId: string,
): Promise<InventoryShard[]> {
  const { data } = await deps.db.ticketing.entities.inventoryShard.query
    .byTicketType({ eventId, ticketTypeId })
    .go({ consistent: true, pages: 'all' });
  return data;
}

const saveInput = z.object({
  actor: organizerActor,
  eventId: id(),
  /** Absent: a new category. */
  ticketTypeId: z.optional(id()),
  /** The `version` the organizer loaded; required to update. */
  expectedVersion: z.optional(z.int().check(z.minimum(1))),
  fields: ticketTypeFields,
});
export type SaveTicketTypeInput = z.input<typeof saveInput>;

/** Attempts of a resize that races buyers on the same shards (each re-reads them). */
const resizeAttempts = 4;

/**
 * TIX-02, TIX-03: creates a category with its counter shards, or changes one. A new quantity moves
 * the shards' capacity and remaining seats in the same transaction as the category; it never goes
 * below what is sold plus held.
 */
export async function saveTicketType(
  deps: CatalogueDeps,
  input: SaveTicketTypeInput,
): Promise<{ ticketTypeId: string; version: number }> {
  const parsed = parseInput(saveInput, input);
  const fields = validFields(parsed.fields);
  const { actor, eventId } = parsed;
  const now = deps.clock.now().toISOString();
  const { orgId, pass } = await ownEventOrg(deps, eventId, actor);

  if (!parsed.ticketTypeId) {
    const ticketTypeId = deps.ids();
    const shards = shardCountFor(fields.quantity);
    const capacities = splitEvenly(fields.quantity, shards);
    const result = await deps.db.ticketing.transaction
      .write(({ ticketType, inventoryShard }) => [
        ticketType
          .create({
            eventId,
            ticketTypeId,
            orgId,
            ...defined(fields),
            currency: 'CAD',
            shards,
            status: 'active',
            version: 1,
            createdAt: now,
            updatedAt: now,
            updatedBy: actor.userId,
          })
          .commit(),
        ...capacities.map((capacity, index) =>
          inventoryShard
            .create({
              eventId,
              ticketTypeId,
              shard: shardName(index),
              capacity,
              remaining: capacity,
              held: 0,
              sold: 0,
              ...defined(saleState({ status: 'active', ...fields })),
            })
            .commit(),
        ),
      ])
      .go();
    if (result.canceled) throw new InventoryBusyError();
    // CAL-08: the event's first active category may put it under « Billetterie / Inscriptions ».
    if (!pass) await syncOnPlatformTicketingAfterCommit(deps, { eventId, userId: actor.userId });
    return { ticketTypeId, version: 1 };
  }

  const ticketTypeId = parsed.ticketTypeId;
  const current = await ownTicketType(deps, eventId, ticketTypeId, actor);
  if (current.status === 'withdrawn') throw new TicketTypeWithdrawnError();
  if (parsed.expectedVersion === undefined || current.version !== parsed.expectedVersion) {
    throw new TicketTypeChangedError();
  }
  const delta = fields.quantity - current.quantity;
  const shards = delta > 0 ? Math.max(current.shards, shardCountFor(fields.quantity)) : current.shards;
  const version = current.version + 1;
  const { salesStartAt: _start, withdrawAt: _end, ...kept } = current;
  const next: TicketType = defined({
    ...kept,
    ...fields,
    shards,
    version,
    updatedAt: now,
    updatedBy: actor.userId,
  });
  const state = saleState(next);
  const stored = defined(state);
  for (let attempt = 1; attempt <= resizeAttempts; attempt += 1) {
    const existing = delta < 0 ? await readShards(deps, eventId, ticketTypeId) : [];
    const removal =
      delta < 0
        ? planRemoval(
            existing.map((shard) => ({ shard: shard.shard, remaining: shard.remaining })),
            -delta,
          )
        : [];
    if (!removal) {
      throw new QuantityBelowTakenError(existing.reduce((sum, shard) => sum + shard.held + shard.sold, 0));
    }
    const removed = new Map(removal.map((take) => [take.shard, take.quantity]));
    const additions = delta > 0 ? splitEvenly(delta, shards) : [];
    const result = await deps.db.ticketing.transaction
      .write(({ ticketType, inventoryShard }) => [
        ticketType
          .put(next)
          .where(
            (attr, { eq }) =>
              `${eq(attr.version, current.version)} AND ${eq(attr.orgId, current.orgId)} AND ${eq(attr.status, 'active')}`,
          )
          .commit(),
        // One operation per shard (a transaction names an item once): its new sale state, and the
        // seats it gains or loses.
        ...Array.from({ length: shards }, (_, index) => {
          const shard = shardName(index);
          const added = additions[index] ?? 0;
          if (index >= current.shards) {
            return inventoryShard
              .create({
                eventId,
                ticketTypeId,
                shard,
                capacity: added,
                remaining: added,
                held: 0,
                sold: 0,
                ...stored,
              })
              .commit();
          }
          const cleared = (['salesStartAt', 'withdrawAt'] as const).filter(
            (name) => state[name] === undefined,
          );
          const taken = removed.get(shard) ?? 0;
          let update = inventoryShard.update({ eventId, ticketTypeId, shard }).set(stored);
          if (cleared.length > 0) update = update.remove(cleared);
          if (added > 0) update = update.add({ capacity: added, remaining: added });
          if (taken > 0) update = update.subtract({ capacity: taken, remaining: taken });
          return update
            .where((attr, { exists, gte }) =>
              taken > 0 ? gte(attr.remaining, taken) : exists(attr.capacity),
            )
            .commit();
        }),
      ])
      .go();
    if (!result.canceled) return { ticketTypeId, version };
    if (result.data[0]?.code === 'ConditionalCheckFailed') {
      const again = await ownTicketType(deps, eventId, ticketTypeId, actor);
      throw again.status === 'withdrawn' ? new TicketTypeWithdrawnError() : new TicketTypeChangedError();
    }
    // A buyer took seats from a shard between the read and the write, or a transaction conflict:
    // read the shards again.
  }
  throw new InventoryBusyError();
}

const withdrawInput = z.object({ actor: organizerActor, eventId: id(), ticketTypeId: id() });

/**
 * TIX-03: the organizer withdraws a category from sale now. Holds already placed may still be
 * paid; no new one is taken. Withdrawing a withdrawn category changes nothing.
 */
export async function withdrawTicketType(
  deps: CatalogueDeps,
  input: z.input<typeof withdrawInput>,
): Promise<void> {
  const { actor, eventId, ticketTypeId } = parseInput(withdrawInput, input);
  const { pass } = await ownEventOrg(deps, eventId, actor);
  const current = await ownTicketType(deps, eventId, ticketTypeId, actor);
  // CAL-08: withdrawing the last active category takes the event out of « Billetterie /
  // Inscriptions »; withdrawing again repeats a sync that failed after the first commit.
  const sync = async () => {
    if (!pass) await syncOnPlatformTicketingAfterCommit(deps, { eventId, userId: actor.userId });
  };
  if (current.status === 'withdrawn') return sync();
  const now = deps.clock.now().toISOString();
  for (let attempt = 1; attempt <= resizeAttempts; attempt += 1) {
    const result = await deps.db.ticketing.transaction
      .write(({ ticketType, inventoryShard }) => [
        ticketType
          .patch({ eventId, ticketTypeId })
          .set({ status: 'withdrawn', withdrawnAt: now, updatedAt: now, updatedBy: actor.userId })
          // Added, not set: an edit that landed since the read has raised it already.
          .add({ version: 1 })
          .where((attr, { eq }) => `${eq(attr.status, 'active')} AND ${eq(attr.orgId, current.orgId)}`)
          .commit(),
        // The shards' copy: from now on every hold's own condition refuses the category.
        ...Array.from({ length: current.shards }, (_, index) =>
          inventoryShard
            .patch({ eventId, ticketTypeId, shard: shardName(index) })
            .set({ status: 'withdrawn' })
            .commit(),
        ),
      ])
      .go();
    // Refused on the category: withdrawn by someone else meanwhile, which is the outcome asked for
    // (a resize that added shards meanwhile changed the version, not the status: read again).
    if (!result.canceled) return sync();
    const again = await ownTicketType(deps, eventId, ticketTypeId, actor);
    if (again.status === 'withdrawn') return sync();
    current.shards = again.shards;
  }
  throw new InventoryBusyError();
}

/** A category as the sheet and the organizer's list show it. */
export interface ListedTicketType extends TicketType {
  capacity: number;
  remaining: number;
  held: number;
  sold: number;
  /** On sale now: active, sales started, not yet withdrawn. */
  onSale: boolean;
}

/** The category's sale state, as each of its shards carries a copy of it. */
function saleState(type: {
  status: TicketType['status'];
  perPersonMax: number;
  salesStartAt?: string;
  withdrawAt?: string;
}) {
  return {
    status: type.status,
    perPersonMax: type.perPersonMax,
    salesStartAt: type.salesStartAt,
    withdrawAt: type.withdrawAt,
  };
}

/** TIX-03: whether a category (or a shard's copy of its sale state) may be bought at `now`. */
export function isOnSale(
  ticketType: Pick<TicketType, 'status' | 'salesStartAt' | 'withdrawAt'>,
  now: Date,
): boolean {
  const at = now.toISOString();
  if (ticketType.status !== 'active') return false;
  if (ticketType.salesStartAt && at < ticketType.salesStartAt) return false;
  if (ticketType.withdrawAt && at >= ticketType.withdrawAt) return false;
  return true;
}

/**
 * TIX-02, TIX-03: an event's categories in display order, each with what remains (the sum of its
 * shards), and `allFree` — every category still offered costs nothing, so the sheet says
 * « S'inscrire » instead of « Acheter ». Two Queries on the event's partition.
 */
export async function listTicketTypes(
  deps: Pick<Deps, 'db' | 'clock'>,
  /** `consistent`: the organizer's own list, right after a save (the sheet reads eventually). */
  input: { eventId: string; consistent?: boolean },
): Promise<{ ticketTypes: ListedTicketType[]; allFree: boolean; action: 'register' | 'buy' }> {
  const { eventId } = parseInput(z.object({ eventId: id() }), input);
  const consistent = input.consistent ?? false;
  const { ticketType, inventoryShard } = deps.db.ticketing.entities;
  const [types, shards] = await Promise.all([
    ticketType.query.byEvent({ eventId }).go({ pages: 'all', consistent }),
    inventoryShard.query.byTicketType({ eventId }).go({ pages: 'all', consistent }),
  ]);
  const now = deps.clock.now();
  const totals = new Map<string, { capacity: number; remaining: number; held: number; sold: number }>();
  for (const shard of shards.data) {
    const sum = totals.get(shard.ticketTypeId) ?? { capacity: 0, remaining: 0, held: 0, sold: 0 };
    sum.capacity += shard.capacity;
    sum.remaining += shard.remaining;
    sum.held += shard.held;
    sum.sold += shard.sold;
    totals.set(shard.ticketTypeId, sum);
  }
  const ticketTypes = types.data
    .map((type) => ({
      ...type,
      ...(totals.get(type.ticketTypeId) ?? { capacity: 0, remaining: 0, held: 0, sold: 0 }),
      onSale: isOnSale(type, now),
    }))
    .sort((a, b) => a.position - b.position || a.nameFr.localeCompare(b.nameFr, 'fr'));
  const offered = ticketTypes.filter((type) => type.status === 'active');
  const allFree = offered.length > 0 && offered.every((type) => type.priceCents === 0);
  return { ticketTypes, allFree, action: allFree ? 'register' : 'buy' };
}
