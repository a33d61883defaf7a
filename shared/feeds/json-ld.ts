import { parseDay, toInstant, zonedIso } from '../kernel/zoned-time';
import { defaultTimeZone, type FeedEvent } from './feed-event';
import { absoluteUrl, plainLine, plainText } from './text';

/**
 * schema.org Event JSON-LD for an event sheet (CAL-06), in the shapes Québec's cultural open-data
 * graph Artsdata accepts, so the calendar can feed it. Sources:
 * - Artsdata Event template (culturecreates/artsdata-data-model, gabarits-jsonld/Event/event.jsonld,
 *   https://culturecreates.github.io/artsdata-data-model/gabarits-jsonld/README.html): startDate
 *   with its offset (2025-03-15T19:30:00-05:00), endDate as a date alone when the time is unknown,
 *   location as Place with a PostalAddress (two-letter addressRegion, addressCountry CA) and/or
 *   VirtualLocation, eventStatus and eventAttendanceMode as schema.org URIs, organizer and performer
 *   as arrays of typed objects, offers with priceCurrency CAD and availability.
 * - Artsdata's minimal requirements to mint an event ID
 *   (https://culturecreates.github.io/artsdata-data-model/classes/event.html): a start date and a
 *   Place with a complete address; the postal code lets it match the place.
 * - schema.org/eventAttendanceMode (VirtualLocation with a url for online events); a price range
 *   is an AggregateOffer (lowPrice/highPrice), a subtype of Offer.
 */

const schema = 'https://schema.org/';
const statuses = {
  scheduled: 'EventScheduled',
  cancelled: 'EventCancelled',
  postponed: 'EventPostponed',
  rescheduled: 'EventRescheduled',
} as const;
const modes = {
  offline: 'OfflineEventAttendanceMode',
  online: 'OnlineEventAttendanceMode',
  mixed: 'MixedEventAttendanceMode',
} as const;

export type JsonLd = { [key: string]: JsonLdValue };
type JsonLdValue = string | number | boolean | JsonLd | JsonLdValue[];

function compact(object: Record<string, JsonLdValue | undefined>): JsonLd {
  const result: JsonLd = {};
  for (const [key, value] of Object.entries(object)) {
    if (value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0))
      result[key] = value;
  }
  return result;
}

function dates(event: FeedEvent): { startDate: string; endDate?: string } {
  const timeZone = event.timeZone ?? defaultTimeZone;
  if (event.when.kind === 'timed') {
    const startDate = zonedIso(toInstant(event.when.startsAt), timeZone);
    if (!event.when.endsAt) return { startDate };
    return { startDate, endDate: zonedIso(toInstant(event.when.endsAt), timeZone) };
  }
  parseDay(event.when.firstDay);
  parseDay(event.when.lastDay);
  return { startDate: event.when.firstDay, endDate: event.when.lastDay };
}

function place(event: FeedEvent): JsonLd | undefined {
  const venue = event.venue;
  if (!venue) return undefined;
  return compact({
    '@type': 'Place',
    name: plainLine(venue.name),
    address: compact({
      '@type': 'PostalAddress',
      streetAddress: venue.streetAddress && plainLine(venue.streetAddress),
      addressLocality: venue.locality && plainLine(venue.locality),
      addressRegion: venue.region && plainLine(venue.region),
      postalCode: venue.postalCode && plainLine(venue.postalCode),
      addressCountry: venue.country ?? 'CA',
    }),
    geo: venue.geo
      ? { '@type': 'GeoCoordinates', latitude: venue.geo.lat, longitude: venue.geo.lon }
      : undefined,
    sameAs: venue.sameAs?.map(absoluteUrl),
  });
}

function offers(event: FeedEvent): JsonLd | undefined {
  const offer = event.offer;
  if (!offer) return undefined;
  const common = {
    priceCurrency: offer.currency ?? 'CAD',
    url: offer.url ? absoluteUrl(offer.url) : undefined,
    availability: `${schema}${offer.soldOut ? 'SoldOut' : 'InStock'}`,
  };
  const price = (value: number) => value.toFixed(2);
  const low = offer.free ? 0 : offer.minPrice;
  const high = offer.maxPrice;
  if (low !== undefined && high !== undefined && high > low) {
    return compact({ '@type': 'AggregateOffer', lowPrice: price(low), highPrice: price(high), ...common });
  }
  const single = low ?? high;
  return compact({ '@type': 'Offer', price: single === undefined ? undefined : price(single), ...common });
}

/** The schema.org Event of `event` (one occurrence, or the event's first-to-last span). */
export function eventJsonLd(event: FeedEvent): JsonLd {
  const attendance = event.attendance ?? (event.venue ? 'offline' : event.onlineUrl ? 'online' : 'offline');
  const virtual = event.onlineUrl
    ? { '@type': 'VirtualLocation', url: absoluteUrl(event.onlineUrl) }
    : undefined;
  const physical = place(event);
  const locations = [
    attendance !== 'online' ? physical : undefined,
    attendance !== 'offline' ? virtual : undefined,
  ].filter((location): location is JsonLd => location !== undefined);
  const url = absoluteUrl(event.url);
  return compact({
    '@context': 'https://schema.org',
    '@type': 'Event',
    '@id': `${url}#event`,
    name: plainLine(event.title),
    description: event.description && plainText(event.description),
    url,
    ...dates(event),
    eventStatus: `${schema}${statuses[event.status ?? 'scheduled']}`,
    eventAttendanceMode: `${schema}${modes[attendance]}`,
    location: locations.length === 1 ? locations[0] : locations,
    image: event.images?.map((image) => absoluteUrl(image.url)),
    offers: offers(event),
    organizer: event.organizer
      ? [
          compact({
            '@type': 'Organization',
            name: plainLine(event.organizer.name),
            url: event.organizer.url ? absoluteUrl(event.organizer.url) : undefined,
          }),
        ]
      : undefined,
    performer: event.performers?.map((performer) => ({
      '@type': performer.kind === 'person' ? 'Person' : 'PerformingGroup',
      name: plainLine(performer.name),
    })),
    keywords: event.categories?.map(plainLine),
    inLanguage: event.language,
  });
}

/**
 * The text to put between `<script type="application/ld+json">` and `</script>`. JSON.stringify
 * alone would let a title such as `</script><script>…` close the element: every `<`, `>` and `&` is
 * written as a JSON escape (\u003c…), which JSON parsers read back as the same character, and the
 * line separators U+2028/U+2029 are escaped too.
 */
export function jsonLdScriptBody(data: JsonLd): string {
  return JSON.stringify(data).replace(
    /[<>&\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
