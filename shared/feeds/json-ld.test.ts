import { describe, expect, it } from 'vitest';
import { zonedIso } from '../kernel/zoned-time';
import type { FeedEvent } from './feed-event';
import { eventJsonLd, jsonLdScriptBody } from './json-ld';

function event(fields: Partial<FeedEvent> = {}): FeedEvent {
  return {
    occurrenceId: 'ev1',
    title: 'Orchestre symphonique de l’Estuaire : concert des fêtes',
    description: 'Un programme festif.',
    url: 'https://parvis.example/fr/evenements/ose-fetes',
    when: { kind: 'timed', startsAt: '2026-12-12T00:30:00Z', endsAt: '2026-12-12T02:30:00Z' },
    venue: {
      name: 'Salle Desjardins-Telus',
      streetAddress: '25, rue Saint-Germain Ouest',
      locality: 'Rimouski',
      region: 'QC',
      postalCode: 'G5L 4B4',
      geo: { lat: 48.4498, lon: -68.5282 },
    },
    offer: { free: false, minPrice: 25, maxPrice: 45, url: 'https://billets.example/ose' },
    organizer: { name: 'Orchestre symphonique de l’Estuaire', url: 'https://ose.example' },
    performers: [
      { name: 'Orchestre symphonique de l’Estuaire', kind: 'group' },
      { name: 'Marie-Ève Gagnon', kind: 'person' },
    ],
    images: [{ url: 'https://cdn.parvis.example/ose-4x3.jpg' }],
    categories: ['Musique'],
    language: 'fr',
    ...fields,
  };
}

describe('schema.org Event JSON-LD (CAL-06)', () => {
  it('CAL-06 an event at a venue: Place with PostalAddress and geo, offers, organizer, performers', () => {
    expect(eventJsonLd(event())).toEqual({
      '@context': 'https://schema.org',
      '@type': 'Event',
      '@id': 'https://parvis.example/fr/evenements/ose-fetes#event',
      name: 'Orchestre symphonique de l’Estuaire : concert des fêtes',
      description: 'Un programme festif.',
      url: 'https://parvis.example/fr/evenements/ose-fetes',
      startDate: '2026-12-11T19:30:00-05:00',
      endDate: '2026-12-11T21:30:00-05:00',
      eventStatus: 'https://schema.org/EventScheduled',
      eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
      location: {
        '@type': 'Place',
        name: 'Salle Desjardins-Telus',
        address: {
          '@type': 'PostalAddress',
          streetAddress: '25, rue Saint-Germain Ouest',
          addressLocality: 'Rimouski',
          addressRegion: 'QC',
          postalCode: 'G5L 4B4',
          addressCountry: 'CA',
        },
        geo: { '@type': 'GeoCoordinates', latitude: 48.4498, longitude: -68.5282 },
      },
      image: ['https://cdn.parvis.example/ose-4x3.jpg'],
      offers: {
        '@type': 'AggregateOffer',
        lowPrice: '25.00',
        highPrice: '45.00',
        priceCurrency: 'CAD',
        url: 'https://billets.example/ose',
        availability: 'https://schema.org/InStock',
      },
      organizer: [
        { '@type': 'Organization', name: 'Orchestre symphonique de l’Estuaire', url: 'https://ose.example/' },
      ],
      performer: [
        { '@type': 'PerformingGroup', name: 'Orchestre symphonique de l’Estuaire' },
        { '@type': 'Person', name: 'Marie-Ève Gagnon' },
      ],
      keywords: ['Musique'],
      inLanguage: 'fr',
    });
  });

  it('CAL-06 online, mixed, cancelled, sold out and free events', () => {
    const online = eventJsonLd(
      event({ venue: undefined, onlineUrl: 'https://live.parvis.example/ose', attendance: 'online' }),
    );
    expect(online.eventAttendanceMode).toBe('https://schema.org/OnlineEventAttendanceMode');
    expect(online.location).toEqual({ '@type': 'VirtualLocation', url: 'https://live.parvis.example/ose' });

    const mixed = eventJsonLd(event({ onlineUrl: 'https://live.parvis.example/ose', attendance: 'mixed' }));
    expect(mixed.eventAttendanceMode).toBe('https://schema.org/MixedEventAttendanceMode');
    expect((mixed.location as { '@type': string }[]).map((location) => location['@type'])).toEqual([
      'Place',
      'VirtualLocation',
    ]);

    expect(eventJsonLd(event({ status: 'cancelled' })).eventStatus).toBe('https://schema.org/EventCancelled');
    expect(eventJsonLd(event({ status: 'postponed' })).eventStatus).toBe('https://schema.org/EventPostponed');
    expect(eventJsonLd(event({ offer: { free: false, minPrice: 30, soldOut: true } })).offers).toEqual({
      '@type': 'Offer',
      price: '30.00',
      priceCurrency: 'CAD',
      availability: 'https://schema.org/SoldOut',
    });
    expect((eventJsonLd(event({ offer: { free: true } })).offers as { price: string }).price).toBe('0.00');
    // "Free, or pay what you can up to 20 $": a range from 0.
    expect(eventJsonLd(event({ offer: { free: true, maxPrice: 20 } })).offers).toMatchObject({
      '@type': 'AggregateOffer',
      lowPrice: '0.00',
      highPrice: '20.00',
    });
  });

  it('CAL-06 dates carry the offset of the day across daylight-saving changes; all-day events give dates', () => {
    const at = (startsAt: string) => eventJsonLd(event({ when: { kind: 'timed', startsAt } })).startDate;
    expect(at('2026-03-08T06:30:00Z')).toBe('2026-03-08T01:30:00-05:00');
    expect(at('2026-03-08T07:30:00Z')).toBe('2026-03-08T03:30:00-04:00');
    expect(at('2026-11-01T05:30:00Z')).toBe('2026-11-01T01:30:00-04:00');
    expect(at('2026-11-01T06:30:00Z')).toBe('2026-11-01T01:30:00-05:00');
    expect(zonedIso(new Date('2026-07-01T12:00:00Z'), 'UTC')).toBe('2026-07-01T12:00:00+00:00');
    const exhibition = eventJsonLd(
      event({ when: { kind: 'allDay', firstDay: '2026-11-01', lastDay: '2026-11-30' } }),
    );
    expect([exhibition.startDate, exhibition.endDate]).toEqual(['2026-11-01', '2026-11-30']);
  });

  it('CAL-06 the script body cannot close the script element, and parses back to the same data', () => {
    const data = eventJsonLd(
      event({
        title: '</script><script>alert(1)</script>',
        description: 'a <!-- b --> & c \u2028 d',
      }),
    );
    const body = jsonLdScriptBody(data);
    expect(body).not.toMatch(/[<>&\u2028\u2029]/);
    expect(body.toLowerCase()).not.toContain('</script');
    expect(JSON.parse(body)).toEqual(data);
  });

  it('CAL-06 refuses URLs that are not http(s) (no javascript: in the page)', () => {
    expect(() => eventJsonLd(event({ url: 'javascript:alert(1)' }))).toThrow(/http/);
    expect(() => eventJsonLd(event({ offer: { free: false, url: 'javascript:alert(1)' } }))).toThrow(/http/);
  });
});
