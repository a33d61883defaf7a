/**
 * ORG-02: where an organization's buyers come from — orders and their tickets or passes per area
 * (the first three characters of the buyer's optional Canadian postal code, or `?`) for a date
 * range or chosen events and passes — read from the area counters the order transactions ADD to
 * (report-counter.ts, data model §3.17), never from orders. A range is one Query of
 * `REPORT#<orgId>` between `DEMO#<from>` and `DEMO#<to + 1 day>`; an event (or a pass) is one Query
 * of `DEMOEV#<eventId>#`; shards and days (or events) are summed here. The organization is the
 * actor's (ROLE-06); staff may name another one. Only areas are kept: no buyer can be told apart.
 */
import type { Deps } from '../deps';
import { addDays } from '../kernel/zoned-time';
import { type Actor, actsFor } from './actor';
import { unknownArea } from './report-counter';
import { reportEvents, reportRange } from './sales-report';

/** Canadian provinces and territories as a postal code's first letter says (Canada Post). */
export type Province = 'NL' | 'NS' | 'PE' | 'NB' | 'QC' | 'ON' | 'MB' | 'SK' | 'AB' | 'BC' | 'NT-NU' | 'YT';

const provinceByLetter: Record<string, Province> = {
  A: 'NL',
  B: 'NS',
  C: 'PE',
  E: 'NB',
  G: 'QC',
  H: 'QC',
  J: 'QC',
  K: 'ON',
  L: 'ON',
  M: 'ON',
  N: 'ON',
  P: 'ON',
  R: 'MB',
  S: 'SK',
  T: 'AB',
  V: 'BC',
  X: 'NT-NU',
  Y: 'YT',
};

/** `QC` of `G5L`; nothing for `?`. */
export function provinceOfArea(area: string): Province | undefined {
  return area === unknownArea ? undefined : provinceByLetter[area.charAt(0)];
}

export interface AreaFigures {
  /** `G5L`, or `?` for buyers who gave no Canadian postal code. */
  area: string;
  province?: Province;
  /** Buyers (orders), net of cancellations and full refunds. */
  orders: number;
  tickets: number;
  passes: number;
}

export interface BuyerAreas {
  /** Areas with something counted, most orders first (then by area); `?` among them. */
  areas: AreaFigures[];
  totals: { orders: number; tickets: number; passes: number };
}

type AreaCounter = { area: string; orders?: number; tickets?: number; passes?: number };

/** Sums counters per area; areas whose figures net to nothing are left out. */
function sumByArea(counters: AreaCounter[]): BuyerAreas {
  const sums = new Map<string, AreaFigures>();
  for (const counter of counters) {
    const province = provinceOfArea(counter.area);
    const sum = sums.get(counter.area) ?? {
      area: counter.area,
      ...(province ? { province } : {}),
      orders: 0,
      tickets: 0,
      passes: 0,
    };
    sum.orders += counter.orders ?? 0;
    sum.tickets += counter.tickets ?? 0;
    sum.passes += counter.passes ?? 0;
    sums.set(counter.area, sum);
  }
  const areas = [...sums.values()]
    .filter((sum) => sum.orders !== 0 || sum.tickets !== 0 || sum.passes !== 0)
    .sort((a, b) => b.orders - a.orders || a.area.localeCompare(b.area));
  const totals = { orders: 0, tickets: 0, passes: 0 };
  for (const sum of areas) {
    totals.orders += sum.orders;
    totals.tickets += sum.tickets;
    totals.passes += sum.passes;
  }
  return { areas, totals };
}

const nothing = (): BuyerAreas => ({ areas: [], totals: { orders: 0, tickets: 0, passes: 0 } });

/**
 * ORG-02: the organization's buyers per area over [from, to] (report days, both included; the day
 * an order was confirmed, or cancelled for what it gave back). Refused in words as `salesByDay`.
 */
export async function buyerAreas(
  deps: Pick<Deps, 'db'>,
  input: { actor: Actor; orgId?: string; from: string; to: string },
): Promise<BuyerAreas> {
  const { actor, orgId, from, to } = reportRange(input);
  // Another organization's buyers do not exist for this actor (ROLE-06).
  if (!actsFor(actor, orgId)) return nothing();
  // `DEMO#<from>` … `DEMO#<to + 1 day>`: the keys of `to` (`DEMO#<to>#G5L#3`) sort before the next day's.
  const { data } = await deps.db.orders.entities.reportAreaDay.query
    .byOrg({ orgId })
    .between({ localDate: from }, { localDate: addDays(to, 1) })
    .go({ pages: 'all', limit: 1000 });
  return sumByArea(
    data.filter((counter) => counter.orgId === orgId && counter.localDate >= from && counter.localDate <= to),
  );
}

/**
 * ORG-02: the buyers per area of chosen events and passes since they went on sale, summed over
 * them. An event of another organization has no counters under this one's key: nothing.
 */
export async function buyerAreasByEvent(
  deps: Pick<Deps, 'db'>,
  input: { actor: Actor; orgId?: string; eventIds: string[] },
): Promise<BuyerAreas> {
  const { actor, orgId, eventIds } = reportEvents(input);
  if (!actsFor(actor, orgId)) return nothing();
  const { reportAreaEvent } = deps.db.orders.entities;
  const counters = await Promise.all(
    eventIds.map(async (eventId) => {
      const { data } = await reportAreaEvent.query.byOrg({ orgId, eventId }).go({ pages: 'all', limit: 500 });
      return data.filter((counter) => counter.orgId === orgId && counter.eventId === eventId);
    }),
  );
  return sumByArea(counters.flat());
}
