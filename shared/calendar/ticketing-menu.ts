/**
 * CAL-08: « Billetterie / Inscriptions », the upcoming events that sell tickets or take
 * registrations on Parvis. It is the calendar's own query (data model §3.12) with the entries' flag
 * `onPlatformTicketing` fixed — the flag that ticketing writes keep equal to « enabled ∧ an active
 * category » and project into the calendar entries (shared/ticketing/on-platform-ticketing.ts) — so
 * no other index and no Scan. The site's menu always shows the entry (its page says when nothing
 * sells), so no page's header reads the table for it.
 */
import type { Deps } from '../deps';
import { addDays, defaultTimeZone, localDateOf } from '../kernel/zoned-time';
import { type CalendarCard, toCard } from './calendar-cards';
import type { CalendarEntry } from './calendar-entry';
import { readCalendar } from './list-calendar';

/** How far ahead the menu looks (the calendar's own cap), cards a page, Query pages a request. */
export const ticketingMenuLimits = { days: 366, cards: 24, maxQueryPages: 16 } as const;

const onPlatform = (entry: CalendarEntry) => entry.onPlatformTicketing === true;

function range(deps: Pick<Deps, 'clock'>) {
  const from = localDateOf(deps.clock.now().toISOString(), defaultTimeZone);
  return { from, to: addDays(from, ticketingMenuLimits.days) };
}

export interface TicketingMenuPage {
  /** One card per event, at its first upcoming date of the page. */
  cards: CalendarCard[];
  /** Present when more may follow (« Voir plus »). */
  cursor?: string;
}

/** CAL-08: a page of the menu's events, in date order. */
export async function ticketingMenuEvents(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { cursor?: string } = {},
): Promise<TicketingMenuPage> {
  const page = await readCalendar(deps, { ...range(deps), cursor: input.cursor }, onPlatform, {
    cards: ticketingMenuLimits.cards,
    maxQueryPages: ticketingMenuLimits.maxQueryPages,
  });
  const seen = new Set<string>();
  const cards: CalendarCard[] = [];
  for (const entry of page.entries) {
    if (seen.has(entry.eventId)) continue;
    seen.add(entry.eventId);
    cards.push(toCard(entry));
  }
  return { cards, ...(page.cursor ? { cursor: page.cursor } : {}) };
}
