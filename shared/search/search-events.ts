import { type CalendarCard, toCard } from '../calendar/calendar-cards';
import type { CalendarEntry } from '../calendar/calendar-entry';
import { calendarEntryKeys, type EntryKey } from '../calendar/project-calendar';
import { listTaxonomyTerms } from '../calendar/reference-data';
import type { Deps } from '../deps';
import { ValidationError } from '../kernel/errors';
import { localDateOf } from '../kernel/zoned-time';
import type { Locale } from '../templates/i18n/locale';
import { maxQueryLength, parseQuery, type SearchHit } from './search-index';
import type { SearchLoader } from './search-loader';

/**
 * CAL-10: the search page's answer for `q` (decision 0011 §4–5): the matching events best first,
 * each as the calendar's card for its next date. The card is the calendar entry of that date, read
 * by key (one BatchGet for the page), so it says what the calendar says right now; an event whose
 * entry is gone (unpublished since the last build) is left out at once.
 */
export type SearchPage =
  /** No query, or nothing but stop words and punctuation: the form and a hint. */
  | { status: 'empty'; q: string }
  /** Over 200 characters or 12 words (the page says so, catalogue `search.tooLong`). */
  | { status: 'tooLong'; q: string }
  /** The file was never built (a new stage before the job's first run). */
  | { status: 'unavailable'; q: string }
  | { status: 'results'; q: string; cards: CalendarCard[]; categoryNames: Record<string, string> };

export async function searchEvents(
  deps: Pick<Deps, 'db' | 'clock'>,
  loader: SearchLoader,
  input: { q: string; locale: Locale },
): Promise<SearchPage> {
  // Longer than this, the text is not even read: the message says what the limit is.
  const q = input.q.slice(0, maxQueryLength + 1);
  try {
    if (parseQuery(q).terms.length === 0) return { status: 'empty', q: q.trim() };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return { status: 'tooLong', q };
  }
  const index = await loader.current();
  if (!index) return { status: 'unavailable', q };
  const now = deps.clock.now();
  // A search typed into a field and sent is a finished word: no prefix matching on the page.
  const hits = index.search(q, { now, prefix: false });
  const wanted = hits.flatMap((hit) => {
    const key = nextEntryKey(hit, now);
    return key ? [{ hit, key }] : [];
  });
  const [entries, categories] = await Promise.all([
    wanted.length > 0
      ? deps.db.calendar.entities.calendarEntry.get(wanted.map(({ key }) => key)).go()
      : Promise.resolve({ data: [] as CalendarEntry[] }),
    listTaxonomyTerms(deps, 'category'),
  ]);
  const byEvent = new Map(entries.data.map((entry) => [entry.eventId, entry]));
  const cards = wanted.flatMap(({ hit }) => {
    const entry = byEvent.get(hit.id);
    return entry ? [toCard(entry)] : [];
  });
  const categoryNames = Object.fromEntries(
    categories.map((term) => [term.termId, input.locale === 'en' ? term.nameEn : term.nameFr]),
  );
  return { status: 'results', q, cards, categoryNames };
}

/**
 * The calendar entry of the hit's next date: its first date not over at `now`, on its first local
 * day from today (a span without show time has an entry per day).
 */
export function nextEntryKey(hit: SearchHit, now: Date): EntryKey | undefined {
  const nowIso = now.toISOString();
  const timeZone = hit.timeZone;
  const next = [...hit.dates]
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
    .find((date) => date.endsAt >= nowIso);
  if (!next || !timeZone) return undefined;
  const keys = calendarEntryKeys(hit.id, [next], timeZone);
  const today = localDateOf(nowIso, timeZone);
  return keys.find((key) => key.localDate >= today) ?? keys.at(-1);
}
