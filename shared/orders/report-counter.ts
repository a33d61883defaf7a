import { Entity, type EntityItem } from 'electrodb';

/**
 * Sales figures kept as counters (REP-01, ORG-02, data model §3.17), ADDed in the transactions that
 * confirm, cancel or refund an order, so reports never recompute from orders. One item per day (in
 * the event's zone) and per event, each split in 8 shards (`hash(orderId) mod 8`) so a big on-sale
 * does not queue on one item, and per currency (amounts are never added across currencies).
 */
const counters = {
  orgId: { type: 'string', required: true, readOnly: true },
  currency: { type: 'string', required: true, readOnly: true },
  shard: { type: 'string', required: true, readOnly: true },
  /** Net of cancellations and refunds. Admissions of passes are not counted here: see `passes`. */
  tickets: { type: 'number', required: true, default: 0 },
  /**
   * TIX-08: passes sold (one per pass bought, whatever its number of events), net of cancellations
   * and refunds. Absent on the counters written before passes sold: read as 0.
   */
  passes: { type: 'number' },
  orders: { type: 'number', required: true, default: 0 },
  revenueCents: { type: 'number', required: true, default: 0 },
} as const;

export const reportShards = 8;

/** `REPORT#<orgId>` · `DAY#<localDate>#<currency>#<shard>`. */
export const reportDayEntity = () =>
  new Entity(
    {
      model: { entity: 'reportDay', version: '1', service: 'parvis' },
      attributes: { ...counters, localDate: { type: 'string', required: true, readOnly: true } },
      indexes: {
        byOrg: {
          pk: { field: 'pk', composite: ['orgId'], template: 'REPORT#${orgId}', casing: 'none' },
          sk: {
            field: 'sk',
            composite: ['localDate', 'currency', 'shard'],
            template: 'DAY#${localDate}#${currency}#${shard}',
            casing: 'none',
          },
        },
      },
    },
    {},
  );

/** `REPORT#<orgId>` · `EVENT#<eventId>#<currency>#<shard>`. */
export const reportEventEntity = () =>
  new Entity(
    {
      model: { entity: 'reportEvent', version: '1', service: 'parvis' },
      attributes: { ...counters, eventId: { type: 'string', required: true, readOnly: true } },
      indexes: {
        byOrg: {
          pk: { field: 'pk', composite: ['orgId'], template: 'REPORT#${orgId}', casing: 'none' },
          sk: {
            field: 'sk',
            composite: ['eventId', 'currency', 'shard'],
            template: 'EVENT#${eventId}#${currency}#${shard}',
            casing: 'none',
          },
        },
      },
    },
    {},
  );

export type ReportDay = EntityItem<ReturnType<typeof reportDayEntity>>;
export type ReportEvent = EntityItem<ReturnType<typeof reportEventEntity>>;

/**
 * ORG-02, TIX-08: what an order's tickets count for in the report, added on confirmation and taken
 * back on cancellation: an event's tickets are tickets; a pass's tickets (one per pass per included
 * event) are `tickets ÷ events` passes and no tickets, so a pass over 3 events counts once.
 */
export function reportUnits(
  order: { passEventIds?: string[] },
  ticketCount: number,
): { tickets: number; passes: number } {
  const events = order.passEventIds?.length ?? 0;
  if (events === 0) return { tickets: ticketCount, passes: 0 };
  return { tickets: 0, passes: Math.floor(ticketCount / events) };
}

/** FNV-1a of the order id mod 8: an order's counters always land on the same shard. */
export function reportShardOf(orderId: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < orderId.length; i += 1) {
    hash ^= orderId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return String((hash >>> 0) % reportShards);
}

/** `yyyy-mm-dd` of an instant in an IANA zone (the report day). */
export function localDateOf(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/**
 * ORG-02: where buyers come from, as counters beside the sales (data model §3.17): per day and per
 * event (or pass), the orders and their tickets or passes of each area, ADDed and taken back in the
 * same transactions as the counters above. The area is the first three characters of a Canadian
 * postal code (the forward sortation area, « région de tri »), or `?` when the buyer gave none or
 * a code that is not Canadian; nothing else of the buyer is kept here. No currency: no amounts.
 */
const areaCounters = {
  orgId: { type: 'string', required: true, readOnly: true },
  /** `G5L`, or `?` (not given, not Canadian). */
  area: { type: 'string', required: true, readOnly: true },
  shard: { type: 'string', required: true, readOnly: true },
  /** Buyers: one per order, net of cancellations and full refunds. */
  orders: { type: 'number', required: true, default: 0 },
  /** As in the sales counters (`reportUnits`): an event's tickets, a pass's passes. */
  tickets: { type: 'number', required: true, default: 0 },
  passes: { type: 'number', required: true, default: 0 },
} as const;

/** `REPORT#<orgId>` · `DEMO#<localDate>#<area>#<shard>`: buyers per area and report day. */
export const reportAreaDayEntity = () =>
  new Entity(
    {
      model: { entity: 'reportAreaDay', version: '1', service: 'parvis' },
      attributes: { ...areaCounters, localDate: { type: 'string', required: true, readOnly: true } },
      indexes: {
        byOrg: {
          pk: { field: 'pk', composite: ['orgId'], template: 'REPORT#${orgId}', casing: 'none' },
          sk: {
            field: 'sk',
            composite: ['localDate', 'area', 'shard'],
            template: 'DEMO#${localDate}#${area}#${shard}',
            casing: 'none',
          },
        },
      },
    },
    {},
  );

/** `REPORT#<orgId>` · `DEMOEV#<eventId>#<area>#<shard>`: buyers per area of an event or a pass. */
export const reportAreaEventEntity = () =>
  new Entity(
    {
      model: { entity: 'reportAreaEvent', version: '1', service: 'parvis' },
      attributes: { ...areaCounters, eventId: { type: 'string', required: true, readOnly: true } },
      indexes: {
        byOrg: {
          pk: { field: 'pk', composite: ['orgId'], template: 'REPORT#${orgId}', casing: 'none' },
          sk: {
            field: 'sk',
            composite: ['eventId', 'area', 'shard'],
            template: 'DEMOEV#${eventId}#${area}#${shard}',
            casing: 'none',
          },
        },
      },
    },
    {},
  );

export type ReportAreaDay = EntityItem<ReturnType<typeof reportAreaDayEntity>>;
export type ReportAreaEvent = EntityItem<ReturnType<typeof reportAreaEventEntity>>;

/** The area of a buyer who gave no postal code, or one that is not Canadian. */
export const unknownArea = '?';

/** A Canadian postal code, spaces and dashes removed, upper case (Canada Post's letters). */
const canadianPostalCode = /^[A-CEGHJ-NPRSTVXY]\d[A-CEGHJ-NPRSTV-Z]\d[A-CEGHJ-NPRSTV-Z]\d$/;

/** ORG-02: `G5L` of `g5l 1a1`; `?` for nothing, a foreign code or anything else. */
export function buyerAreaOf(postalCode: string | undefined): string {
  const normalized = (postalCode ?? '').toUpperCase().replace(/[\s-]+/g, '');
  return canadianPostalCode.test(normalized) ? normalized.slice(0, 3) : unknownArea;
}

/**
 * The keys of an order's area counters at `at` (the report day in the event's zone, as the sales
 * counters' `reportKeys`), on the order's shard.
 */
export function areaReportKeys(
  order: {
    orgId: string;
    eventId: string;
    orderId: string;
    timeZone: string;
    buyer: { postalCode?: string };
  },
  at: Date,
) {
  const shard = reportShardOf(order.orderId);
  const area = buyerAreaOf(order.buyer.postalCode);
  return {
    day: { orgId: order.orgId, localDate: localDateOf(at, order.timeZone), area, shard },
    event: { orgId: order.orgId, eventId: order.eventId, area, shard },
  };
}
