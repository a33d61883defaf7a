import { expect, test } from '@playwright/test';
import { ulid } from 'ulid';
import { approveEvent, submitForApproval } from '../../shared/calendar/approval';
import { saveVenue } from '../../shared/calendar/reference-data';
import { saveEvent } from '../../shared/calendar/save-event';
import { createAccount } from '../../shared/identity/log-in';
import { createOrganization } from '../../shared/identity/members';
import { platformOrgId } from '../../shared/identity/membership';
import { addDays, defaultTimeZone, localDateOf } from '../../shared/kernel/zoned-time';
import { twinDeps } from './support/twin';

/**
 * The calendar's feeds (issue #12: CAL-10, CAL-06) against the built site and its twin: an event's
 * .ics, the .ics and RSS of a filter of the home page, sitemap.xml and robots.txt. The twin holds
 * the demo calendar (infra/local/seed-calendar.ts), from today.
 */

const today = localDateOf(new Date().toISOString(), defaultTimeZone);
const festivalDays = { from: addDays(today, 20), to: addDays(today, 24) };
const festival = {
  title: 'Festi Jazz international de Rimouski',
  slug: 'festi-jazz-international-de-rimouski',
};
const freeAct = 'Jazz manouche au parc — Festi Jazz';
const password = 'correct horse battery staple';

/** The unfolded lines of an iCalendar text (RFC 5545 §3.1: a line break and a space continue a line). */
const icsLines = (text: string) => text.replace(/\r\n[ \t]/g, '').split('\r\n');
const icsValues = (text: string, name: string) =>
  icsLines(text)
    .filter((line) => line.startsWith(`${name}:`) || line.startsWith(`${name};`))
    .map((line) => line.slice(line.indexOf(':') + 1).replace(/\\([,;\\])/g, '$1'));
const compactInstant = (iso: string) => `${new Date(iso).toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;

/** An organization's event on 2027-03-13 and 2027-03-14 at 19:30, published through the use cases. */
async function eventAcrossDaylightChange(): Promise<string> {
  const deps = twinDeps();
  const email = (tag: string) => `${tag}+${ulid().toLowerCase()}@example.org`;
  const staffUser = (await createAccount(deps, { email: email('staff-feeds'), password })).userId;
  const organizerEmail = email('organisme-feeds');
  await createAccount(deps, { email: organizerEmail, password });
  const organization = await createOrganization(deps, {
    name: `Théâtre du Bic ${ulid().slice(-6)}`,
    firstMember: { email: organizerEmail, displayName: 'Hélène Tremblay', locale: 'fr' },
    actorUserId: staffUser,
  });
  const staff = { userId: staffUser, staff: true };
  const { venueId } = await saveVenue(deps, {
    actor: staff,
    fields: { name: `Salle du Bic ${ulid().slice(-6)}`, address: '1, rue du Quai', city: 'Le Bic' },
  });
  const { image, crop } = deps.db.calendar.entities;
  const imageId = `IMG-${ulid()}`;
  const at = new Date().toISOString();
  await image
    .put({
      imageId,
      orgId: organization.orgId,
      objectKey: `images/${organization.orgId}/${imageId}`,
      status: 'cropped',
      width: 1600,
      height: 1200,
      bytes: 400_000,
      createdAt: at,
    })
    .go();
  for (const [kind, width, height] of [
    ['calendar', 900, 1200],
    ['sheet', 1600, 900],
  ] as const) {
    await crop
      .put({ imageId, kind, orgId: organization.orgId, left: 0, top: 0, width, height, createdAt: at })
      .go();
  }
  const actor = { userId: organization.userId, orgId: organization.orgId };
  const saved = await saveEvent(deps, {
    actor,
    fields: {
      title: `Soirée du changement d’heure ${ulid().slice(-6)}`,
      venueIds: [venueId],
      categoryIds: ['CAT-MUSIQUE'],
      startsAt: '2027-03-14T19:30',
      endsAt: '2027-03-14T21:00',
      extraDates: [{ startsAt: '2027-03-13T19:30' }],
      showTime: true,
      descriptionHtml: '<p>La veille et le soir du passage à l’heure avancée.</p>',
      imageId,
    },
  });
  await submitForApproval(deps, { actor, eventId: saved.eventId, expectedVersion: saved.version });
  return (
    await approveEvent(deps, {
      actor: { userId: staffUser, orgId: platformOrgId, staff: true },
      eventId: saved.eventId,
    })
  ).slug;
}

test.describe('the calendar’s feeds', () => {
  test('CAL-10 « Ajouter à mon agenda »: the sheet links its .ics, every date at the right instant across the change to daylight time', async ({
    page,
    request,
  }) => {
    test.setTimeout(90_000);
    const slug = await eventAcrossDaylightChange();
    await page.goto(`/fr/evenements/${slug}`);
    const link = page.getByRole('link', { name: 'Ajouter à mon agenda' });
    await expect(link).toHaveAttribute('href', `/fr/evenements/${slug}/agenda.ics`);

    const response = await request.get(`/fr/evenements/${slug}/agenda.ics`);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('text/calendar; charset=utf-8');
    expect(response.headers()['content-disposition']).toMatch(/^attachment; filename="[a-z0-9-]+\.ics"$/);
    expect(response.headers()['cache-control']).toMatch(/^public/);
    const ics = await response.text();
    const lines = icsLines(ics);
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines.filter((line) => line === 'BEGIN:VEVENT')).toHaveLength(2);
    expect(lines.filter((line) => line === 'END:VEVENT')).toHaveLength(2);
    // 19:30 in Toronto: 00:30Z (standard time, UTC-5) the day before the change, 23:30Z (UTC-4) on it.
    expect(icsValues(ics, 'DTSTART')).toEqual(['20270314T003000Z', '20270314T233000Z']);
    expect(new Set(icsValues(ics, 'UID')).size).toBe(2);
    expect(icsValues(ics, 'URL')).toEqual([
      expect.stringMatching(new RegExp(`/fr/evenements/${slug}$`)),
      expect.stringMatching(new RegExp(`/fr/evenements/${slug}$`)),
    ]);
  });

  test('CAL-10 the seeded festival’s .ics has its dates; an unknown event is 404, the English path serves it too', async ({
    request,
  }) => {
    const deps = twinDeps();
    const guard = (await deps.db.calendar.entities.slugGuard.get({ slug: festival.slug }).go()).data;
    if (!guard) throw new Error('the demo festival is seeded');
    const event = (await deps.db.calendar.entities.event.get({ eventId: guard.eventId }).go()).data;
    const dates = (
      await deps.db.calendar.entities.occurrence.query
        .byEvent({ eventId: guard.eventId })
        .go({ pages: 'all' })
    ).data.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    const expected = dates.map((date) =>
      date.showTime
        ? compactInstant(date.startsAt)
        : localDateOf(date.startsAt, event?.timeZone ?? defaultTimeZone).replace(/-/g, ''),
    );
    for (const locale of ['fr', 'en']) {
      const response = await request.get(`/${locale}/evenements/${festival.slug}/agenda.ics`);
      expect(response.status()).toBe(200);
      const ics = await response.text();
      expect(icsValues(ics, 'SUMMARY')).toEqual(dates.map(() => festival.title));
      expect(icsValues(ics, 'DTSTART')).toEqual(expected);
    }
    expect((await request.get('/fr/evenements/aucun-evenement-de-ce-nom/agenda.ics')).status()).toBe(404);
  });

  test('CAL-10 a filter’s .ics and RSS hold what the home page shows for it; an unknown parameter is ignored', async ({
    page,
    request,
  }) => {
    const filter = `?categorie=CAT-MUSIQUE&du=${festivalDays.from}&au=${festivalDays.to}&gratuit=1`;
    await page.goto(`/fr${filter}`);
    const onPage = new Set(await page.locator('.results article h4').allInnerTexts());
    expect(onPage).toContain(festival.title);
    expect(onPage).toContain(freeAct);
    // The subscribe links keep the filter; the head announces the RSS.
    const feeds = page.getByRole('navigation', { name: 'S’abonner à ce calendrier' });
    await expect(feeds.getByRole('link', { name: 'iCalendar' })).toHaveAttribute(
      'href',
      `/fr/calendrier.ics${filter}`,
    );
    await expect(feeds.getByRole('link', { name: 'RSS' })).toHaveAttribute(
      'href',
      `/fr/calendrier.rss${filter}`,
    );
    await expect(page.locator('link[rel="alternate"][type="application/rss+xml"]')).toHaveAttribute(
      'href',
      `${new URL(page.url()).origin}/fr/calendrier.rss${filter}`,
    );

    const ics = await request.get(`/fr/calendrier.ics${filter}&inconnu=1&utm_source=x`);
    expect(ics.status()).toBe(200);
    expect(ics.headers()['content-type']).toBe('text/calendar; charset=utf-8');
    expect(ics.headers()['content-disposition']).toMatch(/^inline;/);
    expect(ics.headers()['cache-control']).toMatch(/^public/);
    const icsText = await ics.text();
    expect(new Set(icsValues(icsText, 'SUMMARY'))).toEqual(onPage);
    expect(icsValues(icsText, 'X-WR-CALNAME')).toEqual(['Calendrier Parvis (sélection)']);
    const plain = await (await request.get(`/fr/calendrier.ics${filter}`)).text();
    expect(icsValues(plain, 'SUMMARY')).toEqual(icsValues(icsText, 'SUMMARY'));
    // Unfiltered, the feed holds more than the selection.
    const all = await (await request.get('/fr/calendrier.ics')).text();
    expect(new Set(icsValues(all, 'SUMMARY')).size).toBeGreaterThan(onPage.size);

    const rss = await request.get(`/fr/calendrier.rss${filter}&inconnu=1`);
    expect(rss.status()).toBe(200);
    expect(rss.headers()['content-type']).toBe('application/rss+xml; charset=utf-8');
    const xml = await rss.text();
    // Well-formed XML, read by the browser's own parser.
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      if (doc.getElementsByTagName('parsererror').length > 0) return null;
      return [...doc.querySelectorAll('channel > item')].map((item) => ({
        title: item.querySelector('title')?.textContent ?? '',
        link: item.querySelector('link')?.textContent ?? '',
      }));
    }, xml);
    expect(parsed).not.toBeNull();
    expect(new Set(parsed?.map((item) => item.title))).toEqual(onPage);
    const festivalItem = parsed?.find((item) => item.title === festival.title);
    expect(festivalItem?.link).toMatch(new RegExp(`^http://localhost:\\d+/fr/evenements/${festival.slug}$`));
  });

  test('CAL-06 sitemap.xml lists the home pages and the festival in both languages; robots.txt points at it', async ({
    page,
    request,
  }) => {
    const response = await request.get('/sitemap.xml');
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/xml; charset=utf-8');
    expect(response.headers()['cache-control']).toMatch(/^public/);
    expect(response.headers()['set-cookie']).toBeUndefined();
    const xml = await response.text();
    await page.goto('/fr');
    const urls = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      if (doc.getElementsByTagName('parsererror').length > 0) return null;
      return [...doc.getElementsByTagName('url')].map((url) => ({
        loc: url.getElementsByTagName('loc')[0]?.textContent ?? '',
        lastmod: url.getElementsByTagName('lastmod')[0]?.textContent ?? '',
      }));
    }, xml);
    expect(urls).not.toBeNull();
    const locs = urls?.map((url) => new URL(url.loc).pathname) ?? [];
    expect(locs).toEqual(
      expect.arrayContaining([
        '/fr',
        '/en',
        `/fr/evenements/${festival.slug}`,
        `/en/evenements/${festival.slug}`,
      ]),
    );
    const sheet = urls?.find((url) => url.loc.endsWith(`/en/evenements/${festival.slug}`));
    expect(sheet?.lastmod).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);

    const robots = await request.get('/robots.txt');
    expect(robots.status()).toBe(200);
    const rules = await robots.text();
    expect(rules).toMatch(/^Sitemap: http:\/\/localhost:\d+\/sitemap\.xml$/m);
    expect(rules).toMatch(/^Disallow: \/langue$/m);
    expect(rules).toMatch(/^Disallow: \/fr\/recherche$/m);
  });
});
