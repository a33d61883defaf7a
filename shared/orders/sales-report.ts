/**
 * REP-01, ORG-02: an organization's sales as its dashboard shows them — tickets and passes sold,
 * orders and revenue (paid minus refunded) per day of a date range, or per chosen event or pass —
 * read from the report counters the order transactions ADD to (data model §3.5, §3.17), never
 * recomputed from orders. A range is one Query of `REPORT#<orgId>` between `DAY#<from>` and
 * `DAY#<to>#~` (8 shards a day and currency, summed here); an event (or a pass) is one Query of
 * `EVENT#<eventId>#`. The organization is the actor's (ROLE-06): nothing in the input names another
 * one. Amounts stay per currency.
 */
import * as z from 'zod/mini';
import type { Deps } from '../deps';
import { ValidationError } from '../kernel/errors';
import { parseInput } from '../kernel/validate';
import { addDays, daysBetween } from '../kernel/zoned-time';
import { en, fr } from '../templates/i18n/catalogues/orders-portal';
import { type Actor, actorSchema, actsFor, id } from './actor';

/** The longest range one report reads: a year and a day (about 2,900 counter items). */
export const maxReportDays = 366;
/** Events one report sums at most (one small Query each). */
export const maxReportEvents = 20;

const localDate = () => z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));

const rangeInput = z.object({
  actor: actorSchema,
  /** Staff only: another organization's report; members always read their own. */
  orgId: z.optional(id()),
  /** Report days (`yyyy-mm-dd`, the days the counters are kept in), both included. */
  from: localDate(),
  to: localDate(),
});

const eventsInput = z.object({
  actor: actorSchema,
  orgId: z.optional(id()),
  eventIds: z.array(id()).check(z.minLength(1), z.maxLength(maxReportEvents)),
});

/** What was sold in one currency, net of cancellations and refunds. */
export interface SalesFigures {
  currency: string;
  /** Tickets of events; a pass's admissions are counted as `passes`. */
  tickets: number;
  /** TIX-08: passes sold, one per pass bought. */
  passes: number;
  orders: number;
  revenueCents: number;
}

export interface SalesDay {
  localDate: string;
  /** One entry per currency sold that day, by currency; empty on a day without sales. */
  figures: SalesFigures[];
}

export interface SalesByDay {
  from: string;
  to: string;
  /** Every day of the range, oldest first, sales or not (the chart's bars). */
  days: SalesDay[];
  totals: SalesFigures[];
}

export interface SalesByEvent {
  events: { eventId: string; figures: SalesFigures[] }[];
  totals: SalesFigures[];
}

type Counter = { currency: string; tickets: number; passes?: number; orders: number; revenueCents: number };

/** Sums counters per currency, currencies in alphabetical order. */
function sumByCurrency(counters: Counter[]): SalesFigures[] {
  const sums = new Map<string, SalesFigures>();
  for (const counter of counters) {
    const sum = sums.get(counter.currency) ?? {
      currency: counter.currency,
      tickets: 0,
      passes: 0,
      orders: 0,
      revenueCents: 0,
    };
    sum.tickets += counter.tickets ?? 0;
    // Counters written before passes sold have none.
    sum.passes += counter.passes ?? 0;
    sum.orders += counter.orders ?? 0;
    sum.revenueCents += counter.revenueCents ?? 0;
    sums.set(counter.currency, sum);
  }
  return [...sums.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}

/** A range the report cannot read, said on the `to` field. */
function rangeRefused(key: 'ordersPortal.report.range' | 'ordersPortal.report.tooLong'): ValidationError {
  const fill = (text: string) => text.replace('{max}', String(maxReportDays));
  return new ValidationError([{ path: 'to', message: key }], { fr: fill(fr[key]), en: fill(en[key]) });
}

function validDay(value: string): boolean {
  const date = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/**
 * A report's range, checked: report days both included, the end not before the start, a year and a
 * day at most (refused in words on `to`); the organization is the actor's unless staff names one.
 */
export function reportRange(input: { actor: Actor; orgId?: string; from: string; to: string }) {
  const { actor, orgId = actor.orgId, from, to } = parseInput(rangeInput, input);
  if (!validDay(from) || !validDay(to) || to < from) {
    throw rangeRefused('ordersPortal.report.range');
  }
  const span = daysBetween(from, to) + 1;
  if (span > maxReportDays) {
    throw rangeRefused('ordersPortal.report.tooLong');
  }
  return { actor, orgId, from, to, span };
}

/** The chosen events of a report, without repeats (1 to `maxReportEvents`). */
export function reportEvents(input: { actor: Actor; orgId?: string; eventIds: string[] }) {
  const { actor, orgId = actor.orgId, eventIds } = parseInput(eventsInput, input);
  return { actor, orgId, eventIds: [...new Set(eventIds)] };
}

/**
 * ORG-02, REP-01: the organization's sales per day of [from, to] (report days, both included), with
 * the range's totals. Current the moment an order commits: the counters move in its transaction.
 */
export async function salesByDay(
  deps: Pick<Deps, 'db'>,
  input: { actor: Actor; orgId?: string; from: string; to: string },
): Promise<SalesByDay> {
  const { actor, orgId, from, to, span } = reportRange(input);
  // Another organization's figures do not exist for this actor (ROLE-06): an empty report.
  if (!actsFor(actor, orgId)) return { from, to, days: emptyDays(from, span), totals: [] };
  // `DAY#<from>` … `DAY#<to + 1 day>`: the keys of `to` (`DAY#<to>#CAD#3`) sort before the next day's.
  const { data } = await deps.db.orders.entities.reportDay.query
    .byOrg({ orgId })
    .between({ localDate: from }, { localDate: addDays(to, 1) })
    .go({ pages: 'all', limit: 1000 });
  const byDay = new Map<string, Counter[]>();
  for (const counter of data) {
    if (counter.orgId !== orgId || counter.localDate < from || counter.localDate > to) continue;
    byDay.set(counter.localDate, [...(byDay.get(counter.localDate) ?? []), counter]);
  }
  const days = emptyDays(from, span).map((day) => ({
    localDate: day.localDate,
    figures: sumByCurrency(byDay.get(day.localDate) ?? []),
  }));
  return { from, to, days, totals: sumByCurrency([...byDay.values()].flat()) };
}

function emptyDays(from: string, span: number): SalesDay[] {
  return Array.from({ length: span }, (_, index) => ({ localDate: addDays(from, index), figures: [] }));
}

/**
 * ORG-02, REP-01: the organization's sales of chosen events since they went on sale (the event
 * counters have no days), each event's figures and their totals. A pass is chosen by its id as an
 * event is (TIX-08: its orders count under `EVENT#<passId>`). An event of another organization has
 * no counters under this one's key: it reads as nothing sold.
 */
export async function salesByEvent(
  deps: Pick<Deps, 'db'>,
  input: { actor: Actor; orgId?: string; eventIds: string[] },
): Promise<SalesByEvent> {
  const { actor, orgId, eventIds: wanted } = reportEvents(input);
  if (!actsFor(actor, orgId)) {
    return { events: wanted.map((eventId) => ({ eventId, figures: [] })), totals: [] };
  }
  const { reportEvent } = deps.db.orders.entities;
  const events = await Promise.all(
    wanted.map(async (eventId) => {
      const { data } = await reportEvent.query.byOrg({ orgId, eventId }).go({ pages: 'all', limit: 100 });
      const own = data.filter((counter) => counter.orgId === orgId && counter.eventId === eventId);
      return { eventId, counters: own };
    }),
  );
  return {
    events: events.map(({ eventId, counters }) => ({ eventId, figures: sumByCurrency(counters) })),
    totals: sumByCurrency(events.flatMap((event) => event.counters)),
  };
}
