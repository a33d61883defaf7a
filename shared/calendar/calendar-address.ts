/**
 * The public calendar's address (CAL-02): the filter lives in the URL's parameters, read and
 * written here for the home page, the feeds and anything that links to a filtered calendar, in
 * one codec; parameter names are French in both languages, like the paths. No reads: the browser's code imports it too (the filter form), so it stays free of
 * the database modules (decision 0012).
 */
import { parseDay } from '../kernel/zoned-time';
import { eventFieldLimits } from './event-input';

/** The query parameters the calendar reads; any other is ignored. */
export const calendarParams = {
  category: 'categorie',
  audience: 'clientele',
  presenter: 'diffuseur',
  from: 'du',
  to: 'au',
  bigEvent: 'grands-evenements',
  free: 'gratuit',
  online: 'en-ligne',
  exhibition: 'expositions',
  cursor: 'apres',
} as const;

export const calendarFlags = ['bigEvent', 'free', 'online', 'exhibition'] as const;
export type CalendarFlag = (typeof calendarFlags)[number];

export interface CalendarQuery {
  categoryIds: string[];
  audienceIds: string[];
  presenterOrgId?: string;
  /** Local days `yyyy-mm-dd`. */
  from?: string;
  to?: string;
  bigEvent: boolean;
  free: boolean;
  online: boolean;
  exhibition: boolean;
  cursor?: string;
}

const maxValues = 20;
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point.
const idPattern = /^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]+$/;
const isId = (value: string) => value.length <= eventFieldLimits.id && idPattern.test(value);
const isDay = (value: string) => {
  try {
    parseDay(value);
    return true;
  } catch {
    return false;
  }
};

/**
 * Reads the filter from a URL's parameters, never failing: unknown parameters, malformed values
 * and repeats beyond 20 are dropped (a hand-edited or truncated link still shows a calendar), and
 * dates given in the wrong order are swapped.
 */
export function readCalendarQuery(params: URLSearchParams): CalendarQuery {
  const ids = (name: string) =>
    [...new Set(params.getAll(name).map((value) => value.trim()))].filter(isId).slice(0, maxValues);
  const one = (name: string) => ids(name)[0];
  const day = (name: string) => {
    const value = params.get(name)?.trim() ?? '';
    return isDay(value) ? value : undefined;
  };
  const flag = (name: string) => ['1', 'on', 'true', 'oui'].includes(params.get(name) ?? '');
  let from = day(calendarParams.from);
  let to = day(calendarParams.to);
  if (from && to && to < from) [from, to] = [to, from];
  const cursor = params.get(calendarParams.cursor) ?? undefined;
  return {
    categoryIds: ids(calendarParams.category),
    audienceIds: ids(calendarParams.audience),
    presenterOrgId: one(calendarParams.presenter),
    from,
    to,
    bigEvent: flag(calendarParams.bigEvent),
    free: flag(calendarParams.free),
    online: flag(calendarParams.online),
    exhibition: flag(calendarParams.exhibition),
    cursor: cursor && cursor.length <= 500 && /^[A-Za-z0-9_-]+$/.test(cursor) ? cursor : undefined,
  };
}

/**
 * The query string of a filter (`?…`, or `''` when nothing is chosen), in one canonical order so
 * the same filter has one address (one cache entry, one bookmark).
 */
export function calendarQueryString(query: Partial<CalendarQuery>): string {
  const params = new URLSearchParams();
  for (const id of query.categoryIds ?? []) params.append(calendarParams.category, id);
  for (const id of query.audienceIds ?? []) params.append(calendarParams.audience, id);
  if (query.presenterOrgId) params.set(calendarParams.presenter, query.presenterOrgId);
  if (query.from) params.set(calendarParams.from, query.from);
  if (query.to) params.set(calendarParams.to, query.to);
  for (const name of calendarFlags) if (query[name]) params.set(calendarParams[name], '1');
  if (query.cursor) params.set(calendarParams.cursor, query.cursor);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Whether the visitor narrowed the calendar (then « À la une » gives way to the results). */
export function isFiltered(query: CalendarQuery): boolean {
  return (
    query.categoryIds.length > 0 ||
    query.audienceIds.length > 0 ||
    Boolean(query.presenterOrgId || query.from || query.to) ||
    calendarFlags.some((name) => query[name])
  );
}
