import { Feed } from 'feed';
import { parseDay, toInstant } from '../kernel/zoned-time';
import { defaultTimeZone, type FeedEvent } from './feed-event';
import { absoluteUrl, escapeHtml, plainLine, plainText } from './text';

/**
 * RSS 2.0 for a filter of the calendar (CAL-10), through `feed`: one item per event with its sheet
 * link, the sheet URL as guid, pubDate = publication time, and the card image as enclosure.
 *
 * Escaping: `feed` wraps titles and descriptions in CDATA, which keeps the XML well formed but
 * leaves the text to readers that render it as HTML (RSS descriptions are HTML). Titles and
 * descriptions are therefore HTML-escaped first (the RSS Best Practices Profile encodes `<` and `&`
 * in titles too), so `<script>` in a title reaches a reader as text, never as markup.
 */

export interface RssOptions {
  title: string;
  /** The calendar page this feed mirrors (the filter URL). */
  link: string;
  description: string;
  locale: 'fr' | 'en';
  /** The feed's own URL (atom:link rel=self). */
  feedUrl?: string;
  /** lastBuildDate; default the latest updatedAt/publishedAt of the events, else now. */
  updated?: Date;
  /** Minutes a reader may cache the feed; default 60. */
  ttlMinutes?: number;
}

/**
 * Text `feed` writes outside CDATA (channel title and description, categories): it escapes `<`, `>`
 * and a bare `&` itself, but leaves `&` that already looks like an entity, so "a &amp; b" would
 * come back as "a & b". Escaping every `&` first makes each one an entity it leaves alone.
 */
function outsideCdata(value: string): string {
  return plainLine(value).replace(/&/g, '&amp;');
}

function when(event: FeedEvent, locale: 'fr' | 'en'): string {
  const timeZone = event.timeZone ?? defaultTimeZone;
  const tag = locale === 'fr' ? 'fr-CA' : 'en-CA';
  if (event.when.kind === 'timed') {
    return new Intl.DateTimeFormat(tag, { timeZone, dateStyle: 'full', timeStyle: 'short' }).format(
      toInstant(event.when.startsAt),
    );
  }
  const day = (value: string) => {
    const { year, month, day: date } = parseDay(value);
    return new Intl.DateTimeFormat(tag, { timeZone: 'UTC', dateStyle: 'long' }).format(
      new Date(Date.UTC(year, month - 1, date)),
    );
  };
  const { firstDay, lastDay } = event.when;
  if (firstDay === lastDay) return day(firstDay);
  return locale === 'fr' ? `du ${day(firstDay)} au ${day(lastDay)}` : `${day(firstDay)} to ${day(lastDay)}`;
}

function itemDescription(event: FeedEvent, locale: 'fr' | 'en'): string {
  const cancelled = event.status === 'cancelled' ? (locale === 'fr' ? 'ANNULÉ — ' : 'CANCELLED — ') : '';
  const place = event.venue?.name ?? (event.onlineUrl ? (locale === 'fr' ? 'En ligne' : 'Online') : '');
  const head = escapeHtml(plainLine(`${cancelled}${when(event, locale)}${place ? ` · ${place}` : ''}`));
  const body = event.description ? escapeHtml(plainText(event.description)).replace(/\n/g, '<br>') : '';
  return body ? `<p>${head}</p><p>${body}</p>` : `<p>${head}</p>`;
}

/** The feed as an RSS 2.0 document. */
export function feedToRss(events: readonly FeedEvent[], options: RssOptions): string {
  const stamps = events
    .map((event) => event.updatedAt ?? event.publishedAt)
    .filter((value): value is string => value !== undefined)
    .map((value) => toInstant(value).getTime());
  const updated = options.updated ?? (stamps.length > 0 ? new Date(Math.max(...stamps)) : new Date());
  const link = absoluteUrl(options.link);
  const feed = new Feed({
    id: link,
    title: outsideCdata(options.title),
    link,
    description: outsideCdata(options.description),
    language: options.locale,
    updated,
    ttl: options.ttlMinutes ?? 60,
    generator: 'Parvis',
    copyright: '',
    ...(options.feedUrl ? { feedLinks: { rss: absoluteUrl(options.feedUrl) } } : {}),
  });
  for (const event of events) {
    const url = absoluteUrl(event.url);
    const published = event.publishedAt ?? event.updatedAt;
    const image = event.images?.[0];
    feed.addItem({
      title: escapeHtml(plainLine(event.title)),
      id: url,
      guid: url,
      link: url,
      date: published ? toInstant(published) : updated,
      description: itemDescription(event, options.locale),
      ...(event.categories?.length
        ? { category: event.categories.map((name) => ({ name: outsideCdata(name) })) }
        : {}),
      ...(image
        ? {
            enclosure: {
              url: absoluteUrl(image.url),
              type: image.type ?? 'image/jpeg',
              ...(image.length ? { length: image.length } : {}),
            },
          }
        : {}),
    });
  }
  return feed.rss2();
}

export const rssContentType = 'application/rss+xml; charset=utf-8';
