import { beforeAll, describe, expect, it } from 'vitest';
import { eventToIcs, feedToIcs } from '../feeds/ics';
import { jsonLdScriptBody } from '../feeds/json-ld';
import { approveEvent, submitForApproval } from './approval';
import { type CalendarBed, calendarBed, organizer, ref, staffActor } from './calendar.test-support';
import { calendarQueryString, readCalendarQuery } from './calendar-address';
import { cardBadges, groupByDay } from './calendar-cards';
import type { EventFieldsInput } from './event-input';
import {
  calendarFeed,
  calendarHome,
  publicEventSheet,
  publishedEventSlugs,
  sheetJsonLd,
  sheetOccurrences,
} from './public-calendar';
import { saveEvent } from './save-event';

const read = (search: string) => readCalendarQuery(new URLSearchParams(search));

describe('the filter in the address (CAL-02)', () => {
  it('CAL-02 reads every filter, and writes it back in one canonical order', () => {
    const query = read(
      'gratuit=1&au=2026-12-20&categorie=CAT-MUSIQUE&clientele=AUD-FAMILLE&diffuseur=ORG-A&du=2026-12-10&categorie=CAT-THEATRE&en-ligne=on&expositions=1&grands-evenements=1',
    );
    expect(query).toEqual({
      categoryIds: ['CAT-MUSIQUE', 'CAT-THEATRE'],
      audienceIds: ['AUD-FAMILLE'],
      presenterOrgId: 'ORG-A',
      from: '2026-12-10',
      to: '2026-12-20',
      bigEvent: true,
      free: true,
      online: true,
      exhibition: true,
      cursor: undefined,
    });
    const text = calendarQueryString(query);
    expect(text).toBe(
      '?categorie=CAT-MUSIQUE&categorie=CAT-THEATRE&clientele=AUD-FAMILLE&diffuseur=ORG-A&du=2026-12-10&au=2026-12-20&grands-evenements=1&gratuit=1&en-ligne=1&expositions=1',
    );
    expect(read(text)).toEqual(query);
  });

  it('CAL-02 ignores unknown parameters, empty fields and malformed values; swaps dates given backwards', () => {
    expect(calendarQueryString(read('utm_source=x&du=&au=&diffuseur=&categorie=&gratuit=0'))).toBe('');
    expect(read('du=2026-02-30&au=hier').from).toBeUndefined();
    expect(read('du=2026-12-20&au=2026-12-10')).toMatchObject({ from: '2026-12-10', to: '2026-12-20' });
    expect(read('categorie=%00x&categorie=ok').categoryIds).toEqual(['ok']);
    expect(read(`categorie=${'x'.repeat(65)}`).categoryIds).toEqual([]);
    expect(read(Array.from({ length: 30 }, (_, i) => `clientele=A${i}`).join('&')).audienceIds).toHaveLength(
      20,
    );
    expect(read('apres=abc_-9').cursor).toBe('abc_-9');
    expect(read('apres=<script>').cursor).toBeUndefined();
  });
});

describe('cards (CAL-04, CAL-09)', () => {
  const entry = {
    soldOut: false,
    free: false,
    freeOption: false,
    priceMinCents: 2500,
    priceMaxCents: 4500,
    currency: 'CAD',
    online: false,
    externalTicketing: false,
    bigEvent: false,
  };

  it('CAL-09 sold out, free, price range, free option, online and external tickets, in that order', () => {
    expect(cardBadges(entry)).toEqual([{ kind: 'price', minCents: 2500, maxCents: 4500, currency: 'CAD' }]);
    expect(
      cardBadges({ ...entry, soldOut: true, freeOption: true, online: true, externalTicketing: true }).map(
        (badge) => badge.kind,
      ),
    ).toEqual(['soldOut', 'price', 'freeOption', 'online', 'externalTicketing']);
    expect(cardBadges({ ...entry, free: true, freeOption: true })).toEqual([{ kind: 'free' }]);
    expect(cardBadges({ ...entry, priceMinCents: undefined, priceMaxCents: undefined })).toEqual([]);
  });
});

let t: CalendarBed;

beforeAll(async () => {
  t = await calendarBed('public-calendar', '2026-12-01T15:00:00.000Z');
});

async function publish(fields: Partial<EventFieldsInput>) {
  const imageId = await t.image();
  const saved = await saveEvent(t.deps, { actor: organizer, fields: t.fields({ imageId, ...fields }) });
  await submitForApproval(t.deps, {
    actor: organizer,
    eventId: saved.eventId,
    expectedVersion: saved.version,
  });
  return approveEvent(t.deps, { actor: staffActor, eventId: saved.eventId });
}

describe('the home page and the sheet', () => {
  it('CAL-04 a span of days shows once per page, on its first day; timed dates each day', async () => {
    await publish({
      title: 'Exposition de Noël',
      categoryIds: [ref.museum],
      exhibitionTypeId: ref.painting,
      startsAt: '2026-12-03T10:00',
      endsAt: '2026-12-06T17:00',
      showTime: false,
    });
    await publish({
      title: 'Concert de l’Avent',
      categoryIds: [ref.music],
      startsAt: '2026-12-04T19:30',
      endsAt: '2026-12-04T21:00',
      extraDates: [{ startsAt: '2026-12-05T19:30' }],
      free: true,
    });
    const home = await calendarHome(t.deps, {
      query: read('du=2026-12-01&au=2026-12-10'),
      locale: 'fr',
    });
    expect(home.days.map((day) => [day.localDate, day.cards.map((card) => card.title)])).toEqual([
      ['2026-12-03', ['Exposition de Noël']],
      ['2026-12-04', ['Concert de l’Avent']],
      ['2026-12-05', ['Concert de l’Avent']],
    ]);
    expect(home.days[0]?.cards[0]?.when).toEqual({
      kind: 'days',
      firstDay: '2026-12-03',
      lastDay: '2026-12-06',
    });
    expect(home.days[1]?.cards[0]).toMatchObject({
      when: { kind: 'timed', startsAt: '2026-12-05T00:30:00.000Z', timeZone: 'America/Toronto' },
      badges: [{ kind: 'free' }],
      categoryId: ref.music,
    });
    expect(home.filtered).toBe(true);
    expect(home.featured).toEqual([]);
    expect(home.choices.categories.map((item) => item.name)).toEqual(['Musée', 'Musique', 'Théâtre']);
    expect((await calendarHome(t.deps, { query: read(''), locale: 'en' })).choices.audiences).toEqual([
      { id: ref.adults, name: 'Adults' },
      { id: ref.family, name: 'Family' },
    ]);
    expect(groupByDay([])).toEqual([]);

    // Free + music narrows to the concert.
    const free = await calendarHome(t.deps, {
      query: read(`du=2026-12-01&au=2026-12-10&gratuit=1&categorie=${ref.music}`),
      locale: 'fr',
    });
    expect(free.days.flatMap((day) => day.cards.map((card) => card.title))).toEqual([
      'Concert de l’Avent',
      'Concert de l’Avent',
    ]);
  });

  it('CAL-09 a card whose crop has renditions gets them for srcset; a sheet its sheet crop’s', async () => {
    const imageId = await t.image();
    const rendition = (kind: string, width: number, format: 'webp' | 'jpeg') => ({
      width,
      height: kind === 'calendar' ? (width * 4) / 3 : (width * 9) / 16,
      format,
      contentType: `image/${format}`,
      key: `images/${imageId}/${kind}-${width}-0123456789abcdef.${format === 'jpeg' ? 'jpg' : 'webp'}`,
      sizeBytes: 1000,
    });
    const { crop } = t.deps.db.calendar.entities;
    const card = [rendition('calendar', 240, 'webp'), rendition('calendar', 240, 'jpeg')];
    const sheet = [rendition('sheet', 640, 'webp'), rendition('sheet', 960, 'jpeg')];
    await crop.patch({ imageId, kind: 'calendar' }).set({ renditions: card }).go();
    await crop.patch({ imageId, kind: 'sheet' }).set({ renditions: sheet }).go();
    const { slug } = await publish({
      title: 'Récital illustré',
      imageId,
      startsAt: '2026-12-20T19:30',
      endsAt: '2026-12-20T21:00',
    });
    const home = await calendarHome(t.deps, { query: read('du=2026-12-20&au=2026-12-20'), locale: 'fr' });
    const shown = home.days.flatMap((day) => day.cards).find((item) => item.slug === slug);
    expect(shown?.renditions).toEqual(card);
    const view = await publicEventSheet(t.deps, { slug, locale: 'fr' });
    expect('kind' in view ? undefined : view.image).toEqual({ renditions: sheet, width: 960, height: 540 });
  });

  it('CAL-01 CAL-06 the sheet names its terms in the visitor’s language and carries schema.org data', async () => {
    const { slug } = await publish({
      title: 'Carmen </script><script>alert(1)</script>',
      audienceIds: [ref.family],
      startsAt: '2026-12-12T19:30',
      endsAt: '2026-12-12T22:00',
      priceMinCents: 3000,
      priceMaxCents: 4500,
      externalTicketingUrl: 'https://billets.example.org/carmen',
      descriptionHtml: '<p>Un <strong>opéra</strong> &amp; plus.</p>',
    });
    const view = await publicEventSheet(t.deps, { slug, locale: 'en' });
    if ('kind' in view) throw new Error('a current address');
    expect(view).toMatchObject({ categories: ['Theatre'], audiences: ['Family'], image: undefined });
    expect(view.shareImageKey).toMatch(/calendar\.webp$/);
    const data = sheetJsonLd(
      view,
      {
        sheet: `https://parvis.example/en/evenements/${slug}`,
        ticketing: 'https://billets.example.org/carmen',
      },
      'en',
    );
    expect(data).toMatchObject({
      '@type': 'Event',
      startDate: '2026-12-12T19:30:00-05:00',
      description: 'Un opéra & plus.',
      location: { '@type': 'Place', name: 'Salle Desjardins-TELUS', geo: { latitude: 48.4497 } },
      offers: { '@type': 'AggregateOffer', lowPrice: '30.00', highPrice: '45.00' },
      organizer: [{ name: 'Spect’Art Rimouski' }],
    });
    expect(jsonLdScriptBody(data)).not.toContain('</script>');
  });

  it('CAL-10 the sheet’s .ics has every date, at the right instant across the change to daylight time', async () => {
    // Daylight time starts in Toronto on 2027-03-14 at 2:00: 19:30 is 00:30Z the day before, 23:30Z that day.
    const { slug } = await publish({
      title: 'Soirée du changement d’heure',
      startsAt: '2027-03-14T19:30',
      endsAt: '2027-03-14T21:00',
      extraDates: [{ startsAt: '2027-03-13T19:30' }],
    });
    const view = await publicEventSheet(t.deps, { slug, locale: 'fr' });
    if ('kind' in view) throw new Error('a current address');
    const url = `https://parvis.example/fr/evenements/${slug}`;
    const dates = sheetOccurrences(view, { sheet: url }, 'fr');
    expect(dates.map((date) => date.when)).toEqual([
      { kind: 'timed', startsAt: '2027-03-14T00:30:00.000Z', endsAt: expect.any(String) },
      { kind: 'timed', startsAt: '2027-03-14T23:30:00.000Z', endsAt: '2027-03-15T01:00:00.000Z' },
    ]);
    expect(new Set(dates.map((date) => date.occurrenceId)).size).toBe(2);
    const ics = feedToIcs(dates, { name: 'Parvis', url });
    expect(ics).toContain('DTSTART:20270314T003000Z');
    expect(ics).toContain('DTSTART:20270314T233000Z');
    const [, second] = dates;
    if (!second) throw new Error('two dates');
    expect(eventToIcs(second)).toContain('LOCATION:Salle Desjardins-TELUS');
  });

  it('CAL-10 a filter’s feed: matching upcoming dates only, a span once, dates already over left out', async () => {
    await publish({
      title: 'Concert de ce matin',
      categoryIds: [ref.music],
      startsAt: '2026-12-01T08:00',
      endsAt: '2026-12-01T09:00',
    });
    await publish({
      title: 'Exposition du printemps',
      categoryIds: [ref.museum],
      exhibitionTypeId: ref.painting,
      startsAt: '2027-03-10T10:00',
      endsAt: '2027-03-20T17:00',
      showTime: false,
    });
    const sheetUrl = (slug: string) => `https://parvis.example/fr/evenements/${slug}`;
    const feed = await calendarFeed(t.deps, { query: read(`categorie=${ref.music}`), sheetUrl });
    const titles = feed.occurrences.map((item) => item.title);
    expect(titles).toContain('Concert de l’Avent');
    expect(titles).not.toContain('Concert de ce matin');
    expect(titles).not.toContain('Exposition du printemps');
    // The concert has two dates: two in the .ics, one item in RSS.
    expect(titles.filter((title) => title === 'Concert de l’Avent')).toHaveLength(2);
    expect(feed.events.filter((item) => item.title === 'Concert de l’Avent')).toHaveLength(1);
    const museum = await calendarFeed(t.deps, {
      query: read(`categorie=${ref.museum}&du=2027-03-01&au=2027-03-31&apres=bogus`),
      sheetUrl,
    });
    expect(museum.occurrences.map((item) => [item.title, item.when])).toEqual([
      ['Exposition du printemps', { kind: 'allDay', firstDay: '2027-03-10', lastDay: '2027-03-20' }],
    ]);
    expect(museum.occurrences[0]?.url).toMatch(
      /^https:\/\/parvis\.example\/fr\/evenements\/exposition-du-printemps/,
    );
  });

  it('CAL-06 the sitemap lists published events not yet over, with their last change', async () => {
    const slugs = await publishedEventSlugs(t.deps);
    const names = slugs.map((item) => item.slug);
    expect(names.some((slug) => slug.startsWith('exposition-du-printemps'))).toBe(true);
    expect(names.some((slug) => slug.startsWith('concert-de-ce-matin'))).toBe(false);
    expect(slugs.every((item) => /^\d{4}-\d{2}-\d{2}T/.test(item.updatedAt))).toBe(true);
  });
});
