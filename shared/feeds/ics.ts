import ical, { type ICalCalendar, type ICalEventData, ICalEventStatus } from 'ical-generator';
import { nextDay, parseDay, toInstant } from '../kernel/zoned-time';
import type { FeedEvent } from './feed-event';
import { absoluteUrl, plainLine, plainText } from './text';

/**
 * iCalendar (RFC 5545) for one event and for a subscribable feed (CAL-10), through ical-generator.
 *
 * Times: a timed occurrence is written as UTC instants (`DTSTART:20260308T233000Z`), not as
 * `TZID=America/Toronto` local times. The instants already carry the right daylight-saving offset
 * (the calendar computes them in the venue's zone), every client converts `Z` times to its own
 * zone, and no VTIMEZONE (a time-zone database in the bundle) is needed. A date without show time
 * is written as `VALUE=DATE` local dates with an exclusive DTEND (the day after the last day).
 */

export interface IcsOptions {
  /** DTSTAMP when the event has no `updatedAt`. Default: now. */
  now?: Date;
}

export interface IcsFeedOptions extends IcsOptions {
  /** X-WR-CALNAME: what the subscriber sees, e.g. "Parvis — Théâtre". */
  name: string;
  /** The feed's own URL (its host gives the UIDs' `@host`). */
  url: string;
  /** REFRESH-INTERVAL / X-PUBLISHED-TTL in minutes; default 60. */
  refreshMinutes?: number;
}

const prodId = { company: 'Parvis', product: 'Calendrier', language: 'FR' };
const uidPart = /^[A-Za-z0-9._~#:-]{1,200}$/;

function times(event: FeedEvent): Pick<ICalEventData, 'start' | 'end' | 'allDay'> {
  if (event.when.kind === 'timed') {
    const start = toInstant(event.when.startsAt);
    return event.when.endsAt ? { start, end: toInstant(event.when.endsAt) } : { start };
  }
  if (event.when.lastDay < event.when.firstDay) throw new Error('last day before first day');
  // ical-generator prints an all-day Date as its UTC date: UTC midnight of the local day gives
  // the same day whatever the machine's zone (Lambda runs in UTC, a laptop may be at UTC+14).
  const utcMidnight = (value: string) => {
    const { year, month, day } = parseDay(value);
    return new Date(Date.UTC(year, month - 1, day));
  };
  return {
    allDay: true,
    start: utcMidnight(event.when.firstDay),
    end: utcMidnight(nextDay(event.when.lastDay)),
  };
}

function eventData(event: FeedEvent, host: string, now: Date): ICalEventData {
  if (!uidPart.test(event.occurrenceId))
    throw new Error(`occurrence id unfit for a UID: ${event.occurrenceId}`);
  const data: ICalEventData = {
    id: `${event.occurrenceId}@${host}`,
    stamp: event.updatedAt ? toInstant(event.updatedAt) : now,
    summary: plainLine(event.title),
    url: absoluteUrl(event.url),
    status:
      event.status === 'cancelled'
        ? ICalEventStatus.CANCELLED
        : event.status === 'postponed'
          ? ICalEventStatus.TENTATIVE
          : ICalEventStatus.CONFIRMED,
    timezone: null,
    ...times(event),
  };
  if (event.description) data.description = plainText(event.description);
  const venue = event.venue;
  if (venue) {
    const address = [venue.streetAddress, venue.locality, venue.region, venue.postalCode]
      .filter((part) => part)
      .join(', ');
    data.location = {
      title: plainLine(venue.name),
      ...(address ? { address: plainLine(address) } : {}),
      ...(venue.geo ? { geo: { lat: venue.geo.lat, lon: venue.geo.lon } } : {}),
    };
  } else if (event.onlineUrl) {
    data.location = absoluteUrl(event.onlineUrl);
  }
  if (event.categories?.length) data.categories = event.categories.map((name) => ({ name: plainLine(name) }));
  return data;
}

function calendar(name: string | undefined, refreshMinutes?: number): ICalCalendar {
  return ical({
    prodId,
    ...(name ? { name: escapeText(plainLine(name)) } : {}),
    ...(refreshMinutes ? { ttl: refreshMinutes * 60 } : {}),
  });
}

/** One occurrence as a .ics file (a VCALENDAR with one VEVENT). */
export function eventToIcs(event: FeedEvent, options: IcsOptions = {}): string {
  const cal = calendar(undefined);
  cal.createEvent(eventData(event, new URL(absoluteUrl(event.url)).hostname, options.now ?? new Date()));
  return cal.toString();
}

/** A subscribable feed: every occurrence, with X-WR-CALNAME and REFRESH-INTERVAL. */
export function feedToIcs(events: readonly FeedEvent[], options: IcsFeedOptions): string {
  const cal = calendar(options.name, options.refreshMinutes ?? 60);
  const host = new URL(absoluteUrl(options.url)).hostname;
  const now = options.now ?? new Date();
  for (const event of events) cal.createEvent(eventData(event, host, now));
  return cal.toString();
}

/**
 * ical-generator writes NAME and X-WR-CALNAME as given; TEXT values escape backslash, `;` and `,`
 * (RFC 5545 §3.3.11). Line breaks were already removed by plainLine.
 */
function escapeText(value: string): string {
  return value.replace(/[\\;,]/g, (char) => `\\${char}`);
}

export const icsContentType = 'text/calendar; charset=utf-8';

/** A safe file name for an event's .ics: the slug's letters, digits and dashes. */
export function icsFilename(slug: string): string {
  const safe = slug
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${safe || 'evenement'}.ics`;
}

/**
 * Headers for an .ics response: a download (`attachment`) for one event, inline for a feed so a
 * calendar application can subscribe to its URL.
 */
export function icsHeaders(filename: string, { download }: { download: boolean }): Record<string, string> {
  return {
    'content-type': icsContentType,
    'content-disposition': `${download ? 'attachment' : 'inline'}; filename="${icsFilename(filename.replace(/\.ics$/, ''))}"`,
  };
}
