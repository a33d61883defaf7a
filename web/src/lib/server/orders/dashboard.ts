/**
 * ORG-02, REP-01: the dashboard's sales — tickets and passes sold (TIX-08), orders and revenue for a
 * date range (by default the last 30 days), or for chosen events and passes since they went on
 * sale — from the report counters (shared/orders/sales-report.ts), with the per-day bars of the
 * chart. A pass is chosen by its id as an event is: its orders count under `EVENT#<passId>`.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { serverDeps } from '$lib/server/deps';
import type { OrganizationEventSummary } from '$shared/calendar/organization-events';
import { maxReportEvents, salesByDay, salesByEvent } from '$shared/orders/sales-report';
import { formatMoney } from '$shared/templates/i18n/format';
import type { Locale } from '$shared/templates/i18n/locale';
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
    const report = await salesByEvent(deps, { actor, eventIds: chosen });
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
    };
  }
  const report = await salesByDay(deps, { actor, from: range.from, to: range.to });
  return {
    ...common,
    mode: 'dates' as const,
    totals: figuresText(report.totals, locale),
    events: [],
    chart: chartOf(report, locale),
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
