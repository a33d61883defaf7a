/**
 * ORG-02, REP-01: the dashboard's sales — tickets and passes sold (TIX-08), orders and revenue for a
 * date range (by default the last 30 days), or for chosen events and passes since they went on
 * sale — from the report counters (shared/orders/sales-report.ts), with the per-day bars of the
 * chart, and where the buyers come from for the same range or events (shared/orders/buyer-areas.ts).
 * A pass is chosen by its id as an event is: its orders count under `EVENT#<passId>`.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { serverDeps } from '$lib/server/deps';
import type { OrganizationEventSummary } from '$shared/calendar/organization-events';
import { type BuyerAreas, buyerAreas, buyerAreasByEvent } from '$shared/orders/buyer-areas';
import { unknownArea } from '$shared/orders/report-counter';
import { maxReportEvents, salesByDay, salesByEvent } from '$shared/orders/sales-report';
import { formatMoney } from '$shared/templates/i18n/format';
import { type Locale, localeTag } from '$shared/templates/i18n/locale';
import { t } from '$shared/templates/i18n/messages';
import { passesOfOrganization } from '$shared/ticketing/passes';
import { dayLabel, figuresText, passTitle, rangeOf } from './portal-orders';

/** Events offered as choices: the most recent first, at most this many. */
const eventChoices = 40;

export async function loadSales(
  event: Pick<RequestEvent, 'url' | 'locals'>,
  actor: { userId: string; orgId: string; staff: boolean },
  events: OrganizationEventSummary[],
) {
  const { locale } = event.locals;
  const deps = serverDeps();
  const range = rangeOf(event.url, deps.clock.now());
  const passes = await passesOfOrganization(deps, actor.orgId);
  const known = new Map([
    ...events.map((item) => [item.eventId, item.title] as const),
    ...passes.map((pass) => [pass.passId, passTitle(pass.title, locale)] as const),
  ]);
  const chosenIds = [...new Set(event.url.searchParams.getAll('evenement'))].filter((id) => known.has(id));
  const tooMany = chosenIds.length > maxReportEvents;
  const chosen = chosenIds.slice(0, maxReportEvents);
  const choices = [...events]
    .sort((a, b) => b.startsAt.localeCompare(a.startsAt))
    .slice(0, eventChoices)
    .map((item) => ({ eventId: item.eventId, title: item.title, checked: chosen.includes(item.eventId) }));
  const passIds = new Set(passes.map((pass) => pass.passId));
  // A chosen event older than the choices shown stays chosen (passes are all offered, below).
  for (const eventId of chosen) {
    if (!passIds.has(eventId) && !choices.some((choice) => choice.eventId === eventId)) {
      choices.push({ eventId, title: known.get(eventId) ?? eventId, checked: true });
    }
  }
  // TIX-08: the organization's passes, chosen like events (same parameter, same counters).
  const passChoices = passes.map((pass) => ({
    eventId: pass.passId,
    title: pass.title,
    checked: chosen.includes(pass.passId),
  }));
  const common = {
    range: {
      from: range.from,
      to: range.to,
      valid: range.valid,
      fromLabel: dayLabel(range.from, locale),
      toLabel: dayLabel(range.to, locale),
    },
    choices,
    passChoices,
    tooMany,
  };
  if (chosen.length > 0) {
    const [report, areas] = await Promise.all([
      salesByEvent(deps, { actor, eventIds: chosen }),
      buyerAreasByEvent(deps, { actor, eventIds: chosen }),
    ]);
    return {
      ...common,
      mode: 'events' as const,
      totals: figuresText(report.totals, locale),
      events: report.events.map((item) => ({
        eventId: item.eventId,
        title: known.get(item.eventId) ?? item.eventId,
        figures: figuresText(item.figures, locale),
      })),
      chart: undefined,
      areas: areaRows(areas, locale),
    };
  }
  const [report, areas] = await Promise.all([
    salesByDay(deps, { actor, from: range.from, to: range.to }),
    buyerAreas(deps, { actor, from: range.from, to: range.to }),
  ]);
  return {
    ...common,
    mode: 'dates' as const,
    totals: figuresText(report.totals, locale),
    events: [],
    chart: chartOf(report, locale),
    areas: areaRows(areas, locale),
  };
}

/** Areas listed one by one on the dashboard; the others are summed in one row. */
export const topAreas = 10;

/**
 * ORG-02: the rows of « Provenance des acheteurs »: the `topAreas` areas with the most orders (with
 * their province), then « Autres régions » and « Non précisée » when there are any; each row's share
 * of the orders as text, and its (decorative) bar as long as its orders against the largest row's.
 */
function areaRows(report: BuyerAreas, locale: Locale) {
  const percent = new Intl.NumberFormat(localeTag(locale), { style: 'percent', maximumFractionDigits: 0 });
  const total = report.totals.orders;
  const share = (orders: number) => (total > 0 ? Math.min(1, Math.max(0, orders / total)) : 0);
  const row = (key: string, label: string, detail: string, orders: number) => ({
    key,
    label,
    detail,
    orders,
    share: percent.format(share(orders)),
    width: 0,
  });
  const known = report.areas.filter((item) => item.area !== unknownArea);
  const unknown = report.areas.find((item) => item.area === unknownArea);
  const others = known.slice(topAreas);
  const rows = known
    .slice(0, topAreas)
    .map((item) =>
      row(
        item.area,
        item.area,
        item.province ? t(locale, `ordersPortal.province.${item.province}`) : '',
        item.orders,
      ),
    );
  if (others.length > 0) {
    const orders = others.reduce((sum, item) => sum + item.orders, 0);
    rows.push(row('others', t(locale, 'ordersPortal.areas.others', { count: others.length }), '', orders));
  }
  if (unknown) rows.push(row(unknownArea, t(locale, 'ordersPortal.areas.unknown'), '', unknown.orders));
  // Percent of the largest row, so the longest bar fills its track (a bar never goes below 0).
  const largest = Math.max(0, ...rows.map((item) => item.orders));
  for (const item of rows) {
    item.width = largest > 0 ? Math.round((Math.max(0, item.orders) / largest) * 1000) / 10 : 0;
  }
  return {
    rows,
    total,
    totalShare: percent.format(total > 0 ? 1 : 0),
    grouped: others.length > 0,
    top: topAreas,
  };
}

/** The bars of one currency: the one with the most revenue in the range (CAD when nothing sold). */
function chartOf(report: Awaited<ReturnType<typeof salesByDay>>, locale: Locale) {
  const currency = [...report.totals].sort((a, b) => b.revenueCents - a.revenueCents)[0]?.currency ?? 'CAD';
  const days = report.days.map((day) => {
    const figures = day.figures.find((item) => item.currency === currency);
    const revenueCents = figures?.revenueCents ?? 0;
    return {
      localDate: day.localDate,
      label: dayLabel(day.localDate, locale),
      tickets: figures?.tickets ?? 0,
      passes: figures?.passes ?? 0,
      orders: figures?.orders ?? 0,
      revenueCents,
      revenue: formatMoney(revenueCents, currency, locale),
    };
  });
  const totals = report.totals.find((item) => item.currency === currency);
  const max = Math.max(0, ...days.map((day) => day.revenueCents));
  return {
    currency,
    days,
    total: formatMoney(totals?.revenueCents ?? 0, currency, locale),
    maxLabel: formatMoney(max, currency, locale),
    totals: {
      tickets: totals?.tickets ?? 0,
      passes: totals?.passes ?? 0,
      orders: totals?.orders ?? 0,
      revenue: formatMoney(totals?.revenueCents ?? 0, currency, locale),
    },
  };
}
