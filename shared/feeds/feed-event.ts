/**
 * The plain input of the feed formats (CAL-06, CAL-10): iCalendar, RSS, schema.org JSON-LD. The
 * calendar maps its events (one FeedEvent per occurrence for .ics, per event for RSS and JSON-LD)
 * to this shape; nothing here reads the calendar's own types.
 */

export type FeedEventStatus = 'scheduled' | 'cancelled' | 'postponed' | 'rescheduled';
export type AttendanceMode = 'offline' | 'online' | 'mixed';

/**
 * When an occurrence happens. `timed`: instants (ISO 8601 with `Z` or an offset), shown with their
 * time. `allDay`: local dates `YYYY-MM-DD` in the venue's zone, last day included, for a date
 * without show time (an exhibition, a festival day).
 */
export type FeedWhen =
  | { kind: 'timed'; startsAt: string; endsAt?: string }
  | { kind: 'allDay'; firstDay: string; lastDay: string };

export interface FeedVenue {
  name: string;
  streetAddress?: string;
  /** City. */
  locality?: string;
  /** Two-letter province code, e.g. QC. */
  region?: string;
  postalCode?: string;
  /** ISO country code; default CA. */
  country?: string;
  geo?: { lat: number; lon: number };
  /** A Wikidata or Artsdata URI identifying the place, if known (Artsdata matches on it). */
  sameAs?: string[];
}

export interface FeedOffer {
  free: boolean;
  /** In dollars; equal or missing maxPrice means one price. */
  minPrice?: number;
  maxPrice?: number;
  /** ISO 4217; default CAD. */
  currency?: string;
  /** Ticketing page (external or on-platform). */
  url?: string;
  soldOut?: boolean;
}

export interface FeedImage {
  /** Absolute URL. */
  url: string;
  /** MIME type, e.g. image/jpeg. */
  type?: string;
  /** Size in bytes, when known (RSS enclosures want it). */
  length?: number;
}

export interface FeedEvent {
  /** Stable per occurrence (event id + date id); the .ics UID is `<occurrenceId>@<host>`. */
  occurrenceId: string;
  title: string;
  /** Plain text. */
  description?: string;
  /** Absolute URL of the event sheet. */
  url: string;
  when: FeedWhen;
  /** IANA zone of the venue; default America/Toronto. */
  timeZone?: string;
  status?: FeedEventStatus;
  attendance?: AttendanceMode;
  venue?: FeedVenue;
  /** Where an online or mixed event is watched. */
  onlineUrl?: string;
  offer?: FeedOffer;
  organizer?: { name: string; url?: string };
  /** Who performs: a person, or a group (band, company, orchestra). */
  performers?: { name: string; kind: 'person' | 'group' }[];
  /** The card crop first (share image), then others. */
  images?: FeedImage[];
  categories?: string[];
  /** ISO instants: first publication, last change. */
  publishedAt?: string;
  updatedAt?: string;
  /** BCP 47 language of the page, e.g. fr or en. */
  language?: string;
}

export const defaultTimeZone = 'America/Toronto';
