import { beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError } from '../kernel/errors';
import { approveEvent, submitForApproval } from './approval';
import {
  type CalendarBed,
  calendarBed,
  organizer,
  organizerB,
  ref,
  staffActor,
} from './calendar.test-support';
import type { EventFieldsInput } from './event-input';
import { eventSheetBySlug } from './event-sheet';
import { featuredEvents, listCalendar, readCalendar } from './list-calendar';
import { projectEvent } from './project-calendar';
import { saveEvent } from './save-event';

/** The projection and the public reads (CAL-01..06, CAL-09), against DynamoDB Local. */
let t: CalendarBed;

beforeAll(async () => {
  t = await calendarBed('calendar-read', '2026-12-01T15:00:00.000Z');
});

/** Creates, submits and approves an event: it is then published and projected. */
async function publish(fields: Partial<EventFieldsInput>, actor = organizer) {
  const imageId = await t.image();
  const saved = await saveEvent(t.deps, { actor, fields: t.fields({ imageId, ...fields }) });
  const { version } = await submitForApproval(t.deps, {
    actor,
    eventId: saved.eventId,
    expectedVersion: saved.version,
  });
  const approved = await approveEvent(t.deps, { actor: staffActor, eventId: saved.eventId });
  return { eventId: saved.eventId, slug: approved.slug, version: version + 1 };
}

const calendarKeys = async (month: string, eventId: string) =>
  (await t.deps.db.calendar.entities.calendarEntry.query.byMonth({ month }).go({ pages: 'all' })).data
    .filter((entry) => entry.eventId === eventId)
    .map((entry) => `${entry.localDate}#${entry.timeKey}`);

describe('projectEvent', () => {
  it('CAL-04 a published event is projected per local day; a draft is not', async () => {
    const draft = await saveEvent(t.deps, { actor: organizer, fields: t.fields({ title: 'Brouillon' }) });
    expect(await projectEvent(t.deps, { eventId: draft.eventId })).toEqual({ written: 0, deleted: 0 });
    expect(await calendarKeys('2026-12', draft.eventId)).toEqual([]);

    const expo = await publish({
      title: 'Exposition d’hiver',
      categoryIds: [ref.museum],
      exhibitionTypeId: ref.painting,
      startsAt: '2026-12-30T00:00',
      endsAt: '2027-01-02T23:59',
      showTime: false,
      extraDates: [{ startsAt: '2027-01-10T19:30' }],
    });
    expect(await calendarKeys('2026-12', expo.eventId)).toEqual(['2026-12-30#~', '2026-12-31#~']);
    expect(await calendarKeys('2027-01', expo.eventId)).toEqual([
      '2027-01-01#~',
      '2027-01-02#~',
      '2027-01-10#2027-01-11T00:30:00.000Z',
    ]);
  });

  it('CAL-04 the projection is idempotent: run twice, or crashed between writes then rerun, gives the same set', async () => {
    const event = await publish({
      title: 'Idempotent',
      startsAt: '2026-12-20T10:00',
      endsAt: '2026-12-22T18:00',
      showTime: false,
    });
    const first = await calendarKeys('2026-12', event.eventId);
    expect(first).toEqual(['2026-12-20#~', '2026-12-21#~', '2026-12-22#~']);
    await projectEvent(t.deps, { eventId: event.eventId });
    expect(await calendarKeys('2026-12', event.eventId)).toEqual(first);

    // The organizer shortens it; the projection crashes after its first batch of puts.
    const { calendarEntry } = t.deps.db.calendar.entities;
    const realDelete = calendarEntry.delete.bind(calendarEntry);
    let crash = true;
    (calendarEntry as { delete: unknown }).delete = (...args: Parameters<typeof realDelete>) => {
      if (crash) throw new Error('crash between writes');
      return realDelete(...args);
    };
    try {
      await saveEvent(t.deps, {
        actor: organizer,
        eventId: event.eventId,
        expectedVersion: event.version,
        fields: t.fields({
          title: 'Idempotent',
          imageId: (await t.bed.item(`EVENT#${event.eventId}`, 'EVENT'))?.imageId as string,
          startsAt: '2026-12-21T10:00',
          endsAt: '2026-12-21T18:00',
          showTime: false,
        }),
      });
      // The save committed; its projection failed after the puts (logged, not thrown).
      expect(await calendarKeys('2026-12', event.eventId)).toEqual([
        '2026-12-20#~',
        '2026-12-21#~',
        '2026-12-22#~',
      ]);
    } finally {
      crash = false;
      (calendarEntry as { delete: unknown }).delete = realDelete;
    }
    await projectEvent(t.deps, { eventId: event.eventId });
    expect(await calendarKeys('2026-12', event.eventId)).toEqual(['2026-12-21#~']);
    await projectEvent(t.deps, { eventId: event.eventId });
    expect(await calendarKeys('2026-12', event.eventId)).toEqual(['2026-12-21#~']);
  });

  it('CAL-04 a projection that read an older version and finishes last projects again: the stored version wins', async () => {
    const event = await publish({
      title: 'Ancienne carte',
      startsAt: '2026-12-27T20:00',
      endsAt: '2026-12-27T22:00',
    });
    const imageId = (await t.bed.item(`EVENT#${event.eventId}`, 'EVENT'))?.imageId as string;
    const { calendarEntry } = t.deps.db.calendar.entities;
    const realPut = calendarEntry.put.bind(calendarEntry);
    // The slow run: it read version N; before its puts land, a save (N+1) commits and projects.
    (calendarEntry as { put: unknown }).put = (...args: Parameters<typeof realPut>) => {
      (calendarEntry as { put: unknown }).put = realPut;
      return {
        go: async () => {
          await saveEvent(t.deps, {
            actor: organizer,
            eventId: event.eventId,
            expectedVersion: event.version,
            fields: t.fields({
              title: 'Nouvelle carte',
              imageId,
              startsAt: '2026-12-27T20:00',
              endsAt: '2026-12-27T22:00',
            }),
          });
          return realPut(...args).go();
        },
      };
    };
    try {
      await projectEvent(t.deps, { eventId: event.eventId });
    } finally {
      (calendarEntry as { put: unknown }).put = realPut;
    }
    const entries = (
      await calendarEntry.query.byMonth({ month: '2026-12' }).go({ pages: 'all' })
    ).data.filter((entry) => entry.eventId === event.eventId);
    expect(entries.map((e) => e.title)).toEqual(['Nouvelle carte']);
  });

  it('ORG-07 an approved event edited by its organization stays published and is projected again', async () => {
    const event = await publish({
      title: 'Autonome',
      startsAt: '2026-12-18T20:00',
      endsAt: '2026-12-18T22:00',
    });
    const imageId = (await t.bed.item(`EVENT#${event.eventId}`, 'EVENT'))?.imageId as string;
    const saved = await saveEvent(t.deps, {
      actor: organizer,
      eventId: event.eventId,
      expectedVersion: event.version,
      fields: t.fields({
        title: 'Autonome (complet)',
        imageId,
        soldOut: true,
        startsAt: '2026-12-19T20:00',
        endsAt: '2026-12-19T22:00',
      }),
    });
    expect(saved.status).toBe('published');
    const entries = (
      await t.deps.db.calendar.entities.calendarEntry.query.byMonth({ month: '2026-12' }).go({ pages: 'all' })
    ).data.filter((entry) => entry.eventId === event.eventId);
    expect(entries.map((e) => [e.localDate, e.title, e.soldOut, e.slug])).toEqual([
      ['2026-12-19', 'Autonome (complet)', true, 'autonome-complet'],
    ]);
  });
});

describe('listCalendar and featuredEvents', () => {
  it('CAL-02 CAL-09 range and combinable filters over the projected cards, 24 a page with a cursor', async () => {
    const ids: string[] = [];
    for (let day = 0; day < 26; day += 1) {
      const date = `2027-02-${String(day + 1).padStart(2, '0')}`;
      const published = await publish({
        title: `Soirée ${day}`,
        startsAt: `${date}T19:30`,
        endsAt: `${date}T21:30`,
        categoryIds: day % 2 === 0 ? [ref.music] : [ref.theatre],
        audienceIds: day % 3 === 0 ? [ref.family] : [ref.adults],
        free: day % 5 === 0,
        online: day === 7,
        onlineUrl: day === 7 ? 'https://www.youtube.com/watch?v=x' : undefined,
        presenterOrgId: day === 9 ? ref.orgB : undefined,
      });
      ids.push(published.eventId);
    }
    const range = { from: '2027-02-01', to: '2027-02-28' };
    const first = await listCalendar(t.deps, range);
    expect(first.entries).toHaveLength(24);
    expect(first.cursor).toBeDefined();
    const second = await listCalendar(t.deps, { ...range, cursor: first.cursor });
    expect(second.entries.map((e) => e.title)).toEqual(['Soirée 24', 'Soirée 25']);
    expect(second.cursor).toBeUndefined();
    const sorted = [...first.entries, ...second.entries].map((e) => e.startsAt);
    expect(sorted).toEqual([...sorted].sort());

    const music = await listCalendar(t.deps, { ...range, filter: { categoryIds: [ref.music] } });
    expect(music.entries).toHaveLength(13);
    const freeFamilyMusic = await listCalendar(t.deps, {
      ...range,
      filter: { categoryIds: [ref.music], audienceIds: [ref.family], free: true },
    });
    // day % 2 = 0, day % 3 = 0, day % 5 = 0 → day 0 only.
    expect(freeFamilyMusic.entries.map((e) => e.title)).toEqual(['Soirée 0']);
    expect(
      (await listCalendar(t.deps, { ...range, filter: { online: true } })).entries.map((e) => e.title),
    ).toEqual(['Soirée 7']);
    const presented = await listCalendar(t.deps, { ...range, filter: { presenterOrgId: ref.orgB } });
    expect(presented.entries.map((e) => [e.title, e.presenterName])).toEqual([
      ['Soirée 9', 'Musée régional de Rimouski'],
    ]);
    const card = first.entries[0];
    expect(card).toMatchObject({
      free: true,
      soldOut: false,
      venueNames: ['Salle Desjardins-TELUS'],
      showTime: true,
    });
    expect(card?.cardImageKey).toMatch(/^crops\//);
  });

  it('CAL-02 a rare filter is bounded: at most 4 Query pages, then a cursor that goes on', async () => {
    const range = { from: '2027-02-01', to: '2027-02-28' };
    const limits = { cards: 24, maxQueryPages: 4, queryLimit: 5 };
    const rare = (entry: { title: string }) => entry.title === 'Soirée 25';
    const first = await readCalendar(t.deps, range, rare, limits);
    expect(first.entries).toEqual([]);
    expect(first.cursor).toBeDefined();
    const second = await readCalendar(t.deps, { ...range, cursor: first.cursor }, rare, limits);
    expect(second.entries.map((e) => e.title)).toEqual(['Soirée 25']);
    expect(second.cursor).toBeUndefined();
    expect((await listCalendar(t.deps, { ...range, filter: { exhibition: true } })).entries).toEqual([]);
  });

  it('CAL-03 « À la une »: the next 5 days and the pins, one card per event, pins first', async () => {
    t.clock.set('2027-03-01T12:00:00.000Z');
    const soon = await publish({
      title: 'Bientôt',
      startsAt: '2027-03-02T19:30',
      endsAt: '2027-03-02T21:30',
      extraDates: [{ startsAt: '2027-03-03T19:30' }],
    });
    const later = await publish({
      title: 'Plus tard',
      startsAt: '2027-03-20T19:30',
      endsAt: '2027-03-20T21:30',
    });
    await publish({ title: 'Trop loin', startsAt: '2027-03-10T19:30', endsAt: '2027-03-10T21:30' });
    const pinned = await saveEvent(t.deps, {
      actor: staffActor,
      eventId: later.eventId,
      expectedVersion: later.version,
      fields: t.fields({
        title: 'Plus tard',
        featured: true,
        startsAt: '2027-03-20T19:30',
        endsAt: '2027-03-20T21:30',
        imageId: (await t.bed.item(`EVENT#${later.eventId}`, 'EVENT'))?.imageId as string,
      }),
    });
    expect(pinned.status).toBe('published');
    const cards = await featuredEvents(t.deps);
    expect(cards.map((c) => [c.eventId, c.pinned])).toEqual([
      [later.eventId, true],
      [soon.eventId, false],
    ]);
    expect(cards[0]?.event?.title).toBe('Plus tard');
    // The home page gives its first page's entries: « À la une » is the same without reading the window.
    const page = await listCalendar(t.deps, {});
    expect(
      await featuredEvents(t.deps, { read: { entries: page.entries, more: Boolean(page.cursor) } }),
    ).toEqual(cards);
    // Entries that stop short of the window's end (a cursor follows) are read on: same cards.
    expect(await featuredEvents(t.deps, { read: { entries: page.entries.slice(0, 1), more: true } })).toEqual(
      cards,
    );
    t.clock.set('2026-12-01T15:00:00.000Z');
  });
});

describe('eventSheetBySlug', () => {
  it('CAL-01 CAL-05 the sheet: event, dates, venues, presenter, programme both ways; no review note', async () => {
    const festival = await publish({ title: 'Festival du Bic', bigEvent: true }, staffActor);
    const child = await publish({ title: 'Concert au quai', parentEventId: festival.eventId });
    const sheet = await eventSheetBySlug(t.deps, { slug: festival.slug });
    if (sheet.kind !== 'sheet') throw new Error('expected a sheet');
    expect(sheet.event.title).toBe('Festival du Bic');
    expect(sheet.presenter?.name).toBe('Spect’Art Rimouski');
    expect(sheet.venues.map((v) => [v.name, v.latitude])).toEqual([['Salle Desjardins-TELUS', 48.4497]]);
    expect(sheet.dates).toHaveLength(1);
    expect(sheet.programme.map((p) => [p.childId, p.slug])).toEqual([[child.eventId, 'concert-au-quai']]);
    expect(sheet).not.toHaveProperty('event.reviewNote');
    const childSheet = await eventSheetBySlug(t.deps, { slug: child.slug });
    if (childSheet.kind !== 'sheet') throw new Error('expected a sheet');
    expect(childSheet.parent).toEqual({
      eventId: festival.eventId,
      title: 'Festival du Bic',
      slug: 'festival-du-bic',
    });
  });

  it('CAL-06 a former slug answers a redirect to the current one; drafts are not found except in preview', async () => {
    const event = await publish({ title: 'Premier titre' });
    const imageId = (await t.bed.item(`EVENT#${event.eventId}`, 'EVENT'))?.imageId as string;
    await saveEvent(t.deps, {
      actor: organizer,
      eventId: event.eventId,
      expectedVersion: event.version,
      fields: t.fields({ title: 'Second titre', imageId }),
    });
    expect(await eventSheetBySlug(t.deps, { slug: 'premier-titre' })).toEqual({
      kind: 'redirect',
      slug: 'second-titre',
    });
    const draft = await saveEvent(t.deps, { actor: organizer, fields: t.fields({ title: 'Pas encore' }) });
    await expect(eventSheetBySlug(t.deps, { slug: draft.slug })).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      eventSheetBySlug(t.deps, { slug: draft.slug, previewOrgId: organizerB.orgId }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect((await eventSheetBySlug(t.deps, { slug: draft.slug, previewOrgId: organizer.orgId })).kind).toBe(
      'sheet',
    );
    await expect(eventSheetBySlug(t.deps, { slug: 'nulle-part' })).rejects.toBeInstanceOf(NotFoundError);
  });
});
