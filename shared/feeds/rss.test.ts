import { describe, expect, it } from 'vitest';
import { type Element, xml2js } from 'xml-js';
import type { FeedEvent } from './feed-event';
import { feedToRss } from './rss';

function event(fields: Partial<FeedEvent> = {}): FeedEvent {
  return {
    occurrenceId: 'ev1-d1',
    title: 'Théâtre du Bic : Le Dindon',
    description: 'Une comédie de Feydeau.',
    url: 'https://parvis.example/fr/evenements/le-dindon',
    when: { kind: 'timed', startsAt: '2026-03-08T23:30:00Z' },
    venue: { name: 'Théâtre du Bic' },
    publishedAt: '2026-02-01T12:00:00Z',
    ...fields,
  };
}

const options = {
  title: 'Parvis — Théâtre',
  link: 'https://parvis.example/fr?categorie=theatre&gratuit=1',
  description: 'Les événements de théâtre',
  locale: 'fr' as const,
  feedUrl: 'https://parvis.example/fr/rss?categorie=theatre&gratuit=1',
};

/** The parsed document (xml-js parses strictly: malformed XML throws). */
function parse(xml: string): Element {
  return xml2js(xml, { compact: false }) as Element;
}
function children(element: Element | undefined, name: string): Element[] {
  return (element?.elements ?? []).filter((child) => child.name === name);
}
function text(element: Element | undefined): string {
  return (element?.elements ?? []).map((child) => String(child.text ?? child.cdata ?? '')).join('');
}
function channel(xml: string): Element | undefined {
  return children(children(parse(xml), 'rss')[0], 'channel')[0];
}

describe('RSS feed (CAL-10)', () => {
  it('CAL-10 one item per event with its sheet link, guid, publication date and image enclosure', () => {
    const xml = feedToRss(
      [
        event({
          images: [{ url: 'https://cdn.parvis.example/carte.jpg', type: 'image/jpeg', length: 48_213 }],
        }),
        event({
          occurrenceId: 'ev2-d1',
          title: 'Exposition',
          url: 'https://parvis.example/fr/evenements/expo',
          when: { kind: 'allDay', firstDay: '2026-11-01', lastDay: '2026-11-30' },
          publishedAt: '2026-01-20T09:00:00Z',
        }),
      ],
      options,
    );
    const root = channel(xml);
    expect(text(children(root, 'title')[0])).toBe('Parvis — Théâtre');
    expect(text(children(root, 'link')[0])).toBe(options.link);
    expect(text(children(root, 'language')[0])).toBe('fr');
    const items = children(root, 'item');
    expect(items).toHaveLength(2);
    const [first, second] = items;
    expect(text(children(first, 'link')[0])).toBe('https://parvis.example/fr/evenements/le-dindon');
    expect(text(children(first, 'guid')[0])).toBe('https://parvis.example/fr/evenements/le-dindon');
    expect(text(children(first, 'pubDate')[0])).toBe('Sun, 01 Feb 2026 12:00:00 GMT');
    expect(children(first, 'enclosure')[0]?.attributes).toEqual({
      url: 'https://cdn.parvis.example/carte.jpg',
      type: 'image/jpeg',
      length: '48213',
    });
    // The description says when and where, in the feed's language, in the venue's zone.
    expect(text(children(first, 'description')[0])).toContain(
      'dimanche 8 mars 2026 à 19 h 30 · Théâtre du Bic',
    );
    expect(text(children(second, 'description')[0])).toContain('du 1 novembre 2026 au 30 novembre 2026');
    expect(children(second, 'enclosure')).toHaveLength(0);
    // lastBuildDate follows the newest publication, so the feed is stable between runs.
    expect(text(children(root, 'lastBuildDate')[0])).toBe('Sun, 01 Feb 2026 12:00:00 GMT');
  });

  it('CAL-10 hostile titles and descriptions reach readers as text, never as markup', () => {
    const title = '<script>alert(1)</script> ]]> & "Dindon"';
    const xml = feedToRss(
      [
        event({
          title,
          description: 'Bonjour <img src=x onerror=alert(1)>\n]]><evil/>',
          venue: { name: '<b>Salle</b>' },
          categories: ['Théâtre & <i>co</i>', 'a &amp; b'],
        }),
      ],
      { ...options, title: 'Flux <x> & &amp;' },
    );
    const root = channel(xml); // parses: the XML stays well formed
    expect(text(children(root, 'title')[0])).toBe('Flux <x> & &amp;');
    const item = children(root, 'item')[0];
    // Item title and description are HTML (CDATA): decoded once they are the original text.
    expect(text(children(item, 'title')[0])).toBe(
      '&lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; &amp; &quot;Dindon&quot;',
    );
    const description = text(children(item, 'description')[0]);
    expect(description).not.toMatch(/<img|<evil|<b>/);
    expect(description).toContain('&lt;img src=x onerror=alert(1)&gt;<br>]]&gt;&lt;evil/&gt;');
    expect(children(item, 'category').map(text)).toEqual(['Théâtre & <i>co</i>', 'a &amp; b']);
    expect(xml).not.toMatch(/<script|<evil/);
  });

  it('CAL-10 a cancelled event says so in its description', () => {
    const xml = feedToRss([event({ status: 'cancelled' })], { ...options, locale: 'en' });
    expect(text(children(children(channel(xml), 'item')[0], 'description')[0])).toContain(
      'CANCELLED — Sunday, March 8, 2026',
    );
  });
});
