/**
 * TIX-07: an event's promo codes, set by its organizers (seed part 3: « programmer des codes
 * promotionnels directement sur Quoi vivre Rimouski spécifiques aux événements »): several per
 * event, percent or amount off, an optional usage limit, a validity window, optionally only some
 * categories. Saved under the version the organizer loaded; a code is disabled, never deleted,
 * since orders name it. The `used` counter belongs to checkout (start-checkout.ts) and is never
 * written here.
 */
import * as z from 'zod/mini';
import { isConditionFailure } from '../db/conditions';
import type { Deps } from '../deps';
import { parseInput } from '../kernel/validate';
import { eventNotFound } from '../ticketing/errors';
import { type Actor, actorSchema, actsFor, id } from './actor';
import {
  type OrdersIssue,
  ordersInvalid,
  PromoChangedError,
  PromoExistsError,
  promoNotFound,
} from './errors';
import type { PromoCode } from './promo-code';
import { normalizePromoCode } from './promo-rules';

export const promoLimits = { maxAmountCents: 10_000_000, maxUsage: 100_000 } as const;

const fields = z.object({
  kind: z.enum(['percent', 'amount']),
  percentOff: z.optional(z.number()),
  amountOffCents: z.optional(z.number()),
  usageLimit: z.optional(z.nullable(z.number())),
  validFrom: z.optional(z.nullable(z.string())),
  validUntil: z.optional(z.nullable(z.string())),
  ticketTypeIds: z._default(z.array(id()).check(z.maxLength(50)), []),
});

const saveInput = z.object({
  actor: actorSchema,
  eventId: id(),
  code: z.string().check(z.maxLength(64)),
  /** Absent: a new code; else the version the organizer loaded. */
  expectedVersion: z.optional(z.int().check(z.minimum(1))),
  fields,
});
export type SavePromoCodeInput = z.input<typeof saveInput>;

/** The code's owner: the event's organization, which the actor must act for. */
async function eventOrg(deps: Pick<Deps, 'db'>, actor: z.output<typeof actorSchema>, eventId: string) {
  const event = (await deps.db.calendar.entities.event.get({ eventId }).go({ attributes: ['orgId'] })).data;
  if (!event || !actsFor(actor, event.orgId)) throw eventNotFound();
  return event.orgId;
}

function instant(value: string | null | undefined): string | undefined | null {
  if (value === undefined || value === null || value.trim() === '') return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** TIX-07: creates a code, or changes one under the version the organizer loaded. */
export async function savePromoCode(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: SavePromoCodeInput,
): Promise<PromoCode> {
  const parsed = parseInput(saveInput, input);
  const { actor, eventId, fields: f } = parsed;
  const orgId = await eventOrg(deps, actor, eventId);
  const code = normalizePromoCode(parsed.code);
  const issues: OrdersIssue[] = [];
  if (!/^[A-Z0-9-]{3,32}$/.test(code)) issues.push({ path: 'code', key: 'orders.promo.rule.code' });
  const whole = (value: number | undefined | null, min: number, max: number) =>
    value !== undefined && value !== null && Number.isSafeInteger(value) && value >= min && value <= max;
  if (f.kind === 'percent' && !whole(f.percentOff, 1, 100))
    issues.push({ path: 'percentOff', key: 'orders.promo.rule.percent' });
  if (f.kind === 'amount' && !whole(f.amountOffCents, 1, promoLimits.maxAmountCents))
    issues.push({ path: 'amountOffCents', key: 'orders.promo.rule.amount' });
  if (f.usageLimit !== undefined && f.usageLimit !== null && !whole(f.usageLimit, 1, promoLimits.maxUsage))
    issues.push({ path: 'usageLimit', key: 'orders.promo.rule.limit' });
  const validFrom = instant(f.validFrom);
  const validUntil = instant(f.validUntil);
  if (validFrom === null || validUntil === null || (validFrom && validUntil && validUntil <= validFrom))
    issues.push({ path: 'validUntil', key: 'orders.promo.rule.dates' });
  if (f.ticketTypeIds.length > 0) {
    const { data } = await deps.db.ticketing.entities.ticketType.query
      .byEvent({ eventId })
      .go({ pages: 'all' });
    const known = new Set(data.map((type) => type.ticketTypeId));
    if (f.ticketTypeIds.some((ticketTypeId) => !known.has(ticketTypeId)))
      issues.push({ path: 'ticketTypeIds', key: 'orders.promo.rule.categories' });
  }
  if (issues.length > 0) throw ordersInvalid(issues, 'orders.promo.invalid');

  const now = deps.clock.now().toISOString();
  const values = {
    kind: f.kind,
    ...(f.kind === 'percent'
      ? { percentOff: f.percentOff as number }
      : { amountOffCents: f.amountOffCents as number }),
    ...(f.usageLimit ? { usageLimit: f.usageLimit } : {}),
    ...(validFrom ? { validFrom } : {}),
    ...(validUntil ? { validUntil } : {}),
    ...(f.ticketTypeIds.length > 0 ? { ticketTypeIds: [...new Set(f.ticketTypeIds)] } : {}),
  };
  const { promoCode } = deps.db.orders.entities;
  if (parsed.expectedVersion === undefined) {
    const item: PromoCode = {
      eventId,
      code,
      orgId,
      ...values,
      currency: 'CAD',
      used: 0,
      status: 'active',
      version: 1,
      createdAt: now,
      updatedAt: now,
      updatedBy: actor.userId,
    };
    try {
      await promoCode.create(item).go();
    } catch (error) {
      if (isConditionFailure(error)) throw new PromoExistsError(code);
      throw error;
    }
    return item;
  }
  const cleared = (
    ['percentOff', 'amountOffCents', 'usageLimit', 'validFrom', 'validUntil', 'ticketTypeIds'] as const
  ).filter((name) => !(name in values));
  try {
    const updated = await promoCode
      .patch({ eventId, code })
      .set({ ...values, status: 'active', updatedAt: now, updatedBy: actor.userId })
      .remove(cleared)
      .add({ version: 1 })
      .where(
        (attr, { eq }) =>
          `${eq(attr.version, parsed.expectedVersion as number)} AND ${eq(attr.orgId, orgId)}`,
      )
      .go({ response: 'all_new' });
    return updated.data as PromoCode;
  } catch (error) {
    if (isConditionFailure(error)) throw new PromoChangedError();
    throw error;
  }
}

const codeInput = z.object({ actor: actorSchema, eventId: id(), code: z.string().check(z.maxLength(64)) });

/** TIX-07: the code stops applying at once; orders that used it keep it. */
export async function disablePromoCode(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: z.input<typeof codeInput>,
): Promise<void> {
  const { actor, eventId, code: raw } = parseInput(codeInput, input);
  const orgId = await eventOrg(deps, actor, eventId);
  const code = normalizePromoCode(raw);
  try {
    await deps.db.orders.entities.promoCode
      .patch({ eventId, code })
      .set({ status: 'disabled', updatedAt: deps.clock.now().toISOString(), updatedBy: actor.userId })
      .add({ version: 1 })
      .where((attr, { eq }) => eq(attr.orgId, orgId))
      .go();
  } catch (error) {
    if (isConditionFailure(error)) throw promoNotFound();
    throw error;
  }
}

/** TIX-07: an event's codes with how many times each was used, active first, then by code. */
export async function listPromoCodes(
  deps: Pick<Deps, 'db'>,
  input: { actor: Actor; eventId: string },
): Promise<PromoCode[]> {
  const { actor, eventId } = parseInput(z.object({ actor: actorSchema, eventId: id() }), input);
  await eventOrg(deps, actor, eventId);
  const { data } = await deps.db.orders.entities.promoCode.query.byEvent({ eventId }).go({ pages: 'all' });
  return [...data].sort((a, b) =>
    a.status === b.status ? a.code.localeCompare(b.code) : a.status === 'active' ? -1 : 1,
  );
}
