import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTwin } from '../../tests/twin';
import { s3IndexFileStore } from '../adapters/s3-index-file';
import { approveEvent, submitForApproval } from '../calendar/approval';
import { type CalendarBed, calendarBed, organizer, ref, staffActor } from '../calendar/calendar.test-support';
import type { EventFieldsInput } from '../calendar/event-input';
import { saveEvent } from '../calendar/save-event';
import { unpublishEvent } from '../calendar/staff-flags';
import type { IndexFileStore } from './index-file';
import { buildPublicIndexes } from './public-indexes';
import { publicIndexesQueue } from './request-rebuild';
import { searchEvents } from './search-events';
import { loadIndex, searchIndexVersion } from './search-index';
import { searchLoader } from './search-loader';

/**
 * CAL-10 (decision 0011 §2): the job that builds the search file, the requests the calendar's use
 * cases send after a commit, and the search page's answer, against DynamoDB Local (a private
 * table) and the twin's S3. Each test writes its own file key, beside the shared twin's real one.
 */
let t: CalendarBed;
let files: IndexFileStore;
const run = randomUUID().slice(0, 8);
const keyOf = (name: string) => `test/${run}/${name}.json`;

beforeAll(async () => {
  t = await calendarBed('search-build', '2026-12-01T15:00:00.000Z');
  files = s3IndexFileStore(useTwin());
});

async function publish(fields: Partial<EventFieldsInput>) {
  const saved = await saveEvent(t.deps, {
    actor: organizer,
    fields: t.fields({ imageId: await t.image(), ...fields }),
  });
  await submitForApproval(t.deps, {
    actor: organizer,
    eventId: saved.eventId,
    expectedVersion: saved.version,
  });
  const approved = await approveEvent(t.deps, { actor: staffActor, eventId: saved.eventId });
  return { eventId: saved.eventId, ...approved };
}

async function indexAt(key: string) {
  const read = await files.read({ key });
  if (read.status !== 'found') throw new Error(`no file at ${key}`);
  return loadIndex(read.body);
}

const deps = () => ({ ...t.deps, indexFiles: files });

describe('the build-public-indexes job (CAL-10)', () => {
  let theatre: { eventId: string; version: number };
  let unpublished: { eventId: string; version: number };

  beforeAll(async () => {
    theatre = await publish({
      title: 'Théâtre des Deux Rives',
      categoryIds: [ref.music],
      descriptionHtml: '<p>Avec l’<strong>Orchestre</strong> symphonique de l’Estuaire.</p>',
      startsAt: '2026-12-12T19:30',
      endsAt: '2026-12-12T22:00',
    });
    unpublished = await publish({
      title: 'Spectacle retiré',
      startsAt: '2026-12-14T19:30',
      endsAt: '2026-12-14T21:00',
    });
    await publish({
      title: 'Spectacle de ce midi',
      startsAt: '2026-12-01T09:00',
      endsAt: '2026-12-01T09:30',
    });
    await saveEvent(t.deps, { actor: organizer, fields: t.fields({ title: 'Brouillon secret' }) });
    await unpublishEvent(t.deps, {
      actor: staffActor,
      eventId: unpublished.eventId,
      expectedVersion: unpublished.version,
    });
  });

  it('CAL-10 indexes published events by title, categories in both languages, venue, city, presenter and description', async () => {
    const key = keyOf('fields');
    const result = await buildPublicIndexes(deps(), { key });
    expect(result).toMatchObject({ outcome: 'built', documents: 1 });
    const index = await indexAt(key);
    const now = t.clock.now();
    const found = (query: string) => index.search(query, { now }).map((hit) => hit.title);
    for (const query of [
      'theatre',
      'Théâtre',
      'music',
      'musique',
      'Salle Desjardins',
      'rimouski',
      'Spect’Art',
      'l’orchestre',
      'estuaire',
    ]) {
      expect(found(query), query).toEqual(['Théâtre des Deux Rives']);
    }
    const [hit] = index.search('theatre', { now });
    expect(hit).toMatchObject({ id: theatre.eventId, timeZone: 'America/Toronto' });
    expect(hit?.dates).toEqual([
      expect.objectContaining({
        startsAt: '2026-12-13T00:30:00.000Z',
        endsAt: '2026-12-13T03:00:00.000Z',
        showTime: true,
      }),
    ]);
    const file = JSON.parse(
      (await files.read({ key }).then((r) => (r.status === 'found' ? r.body : '{}'))) as string,
    );
    expect(file.version).toBe(searchIndexVersion);
  });

  it('CAL-10 an unpublished event, an ended event and a draft are not found', async () => {
    const key = keyOf('hidden');
    await buildPublicIndexes(deps(), { key });
    const index = await indexAt(key);
    const now = t.clock.now();
    expect(index.search('retiré', { now })).toEqual([]);
    expect(index.search('midi', { now })).toEqual([]);
    expect(index.search('brouillon secret', { now })).toEqual([]);
    expect(index.documentCount).toBe(1);
  });

  it('CAL-10 a request already covered by a build is dropped: a duplicate delivery and a burst give one build', async () => {
    const key = keyOf('debounce');
    const requestedAt = t.clock.now().toISOString();
    t.clock.advance(60_000);
    const first = await buildPublicIndexes(deps(), { key, requestedAt });
    expect(first.outcome).toBe('built');
    const written = await files.read({ key });
    // The same message delivered again, and the other requests of the burst sent before the build.
    expect(await buildPublicIndexes(deps(), { key, requestedAt })).toMatchObject({ outcome: 'skipped' });
    expect(
      await buildPublicIndexes(deps(), {
        key,
        requestedAt: new Date(Date.parse(requestedAt) + 30_000).toISOString(),
      }),
    ).toMatchObject({ outcome: 'skipped' });
    expect(await files.read({ key, ifNoneMatch: written.status === 'found' ? written.etag : '' })).toEqual({
      status: 'notModified',
    });
    const marker = await t.bed.item(`BUILD#${key}`, 'BUILD');
    expect(marker).toMatchObject({
      startedAt: first.outcome === 'built' ? first.startedAt : '',
      documents: 1,
    });
    // A request sent after that build started is not covered: it builds.
    const later = new Date(t.clock.now().getTime() + 1).toISOString();
    t.clock.advance(60_000);
    expect(await buildPublicIndexes(deps(), { key, requestedAt: later })).toMatchObject({ outcome: 'built' });
  });

  it('CAL-10 of two builds at once, the one that started last keeps its file', async () => {
    const key = keyOf('race');
    const early = t.clock.now();
    t.clock.advance(1_000);
    // The later build finishes first…
    expect(await buildPublicIndexes(deps(), { key })).toMatchObject({ outcome: 'built' });
    const kept = await files.read({ key });
    // …then the earlier one (its clock read before) must not write its older file over it.
    const earlier = { ...deps(), clock: { now: () => early } };
    expect(await buildPublicIndexes(earlier, { key })).toMatchObject({ outcome: 'superseded' });
    expect((await files.read({ key })).status === 'found' && kept.status === 'found').toBe(true);
    expect(await files.read({ key, ifNoneMatch: kept.status === 'found' ? kept.etag : '' })).toEqual({
      status: 'notModified',
    });
  });
});

describe('rebuild requests after a commit (CAL-10)', () => {
  it('CAL-10 publishing, changing and unpublishing a published event each ask for a rebuild; a draft does not', async () => {
    const before = t.rebuildRequests.length;
    const draft = await saveEvent(t.deps, { actor: organizer, fields: t.fields({ title: 'Brouillon' }) });
    expect(t.rebuildRequests.length).toBe(before);
    const published = await publish({ title: 'Publié' });
    expect(t.rebuildRequests.length).toBe(before + 1);
    const changed = await saveEvent(t.deps, {
      actor: organizer,
      eventId: published.eventId,
      expectedVersion: published.version,
      fields: t.fields({ title: 'Publié, modifié', imageId: await t.image() }),
    });
    expect(t.rebuildRequests.length).toBe(before + 2);
    await unpublishEvent(t.deps, {
      actor: organizer,
      eventId: published.eventId,
      expectedVersion: changed.version,
    });
    expect(t.rebuildRequests.length).toBe(before + 3);
    expect(t.rebuildRequests.at(-1)?.message).toEqual({ v: 1, requestedAt: t.clock.now().toISOString() });
    expect(draft.status).toBe('draft');
  });

  it('CAL-10 a request that cannot be sent does not undo the commit (the hourly build catches up)', async () => {
    const failing = {
      ...t.deps,
      queues: {
        publish: async (queue: string) => {
          if (queue === publicIndexesQueue) throw new Error('SQS is down');
        },
      },
    };
    const saved = await saveEvent(failing, {
      actor: organizer,
      fields: t.fields({ imageId: await t.image() }),
    });
    await submitForApproval(failing, {
      actor: organizer,
      eventId: saved.eventId,
      expectedVersion: saved.version,
    });
    await expect(approveEvent(failing, { actor: staffActor, eventId: saved.eventId })).resolves.toMatchObject(
      {
        version: saved.version + 2,
      },
    );
  });
});

describe('the search page (CAL-10)', () => {
  it('CAL-10 finds « theatre » as the calendar card of its next date; an event unpublished since the build is left out', async () => {
    const key = keyOf('page');
    const show = await publish({
      title: 'Théâtre de la Marée',
      startsAt: '2026-12-20T20:00',
      endsAt: '2026-12-20T22:00',
      extraDates: [{ startsAt: '2026-12-02T20:00' }],
    });
    const gone = await publish({
      title: 'Théâtre éphémère',
      startsAt: '2026-12-21T20:00',
      endsAt: '2026-12-21T22:00',
    });
    await buildPublicIndexes(deps(), { key });
    await unpublishEvent(t.deps, { actor: staffActor, eventId: gone.eventId, expectedVersion: gone.version });
    t.clock.set('2026-12-03T12:00:00.000Z');
    const loader = searchLoader(files, { key });
    const page = await searchEvents(t.deps, loader, { q: 'theatre maree', locale: 'fr' });
    expect(page.status).toBe('results');
    if (page.status !== 'results') return;
    expect(page.cards.map((card) => card.title)).toEqual(['Théâtre de la Marée']);
    // The 2 December date is over: the card shows the next one.
    expect(page.cards[0]).toMatchObject({
      eventId: show.eventId,
      when: { kind: 'timed', startsAt: '2026-12-21T01:00:00.000Z' },
    });
    const all = await searchEvents(t.deps, loader, { q: 'théâtre', locale: 'en' });
    expect(all.status === 'results' && all.cards.map((card) => card.title)).not.toContain('Théâtre éphémère');
    expect(all.status === 'results' && all.categoryNames[ref.theatre]).toBe('Theatre');
  });

  it('CAL-10 an empty or stop-word query shows the form; a query too long says so before any search', async () => {
    const loader = { current: async () => Promise.reject(new Error('must not load')) };
    expect(await searchEvents(t.deps, loader, { q: '', locale: 'fr' })).toEqual({ status: 'empty', q: '' });
    expect(await searchEvents(t.deps, loader, { q: ' le de la ', locale: 'fr' })).toMatchObject({
      status: 'empty',
    });
    expect(await searchEvents(t.deps, loader, { q: 'a'.repeat(201), locale: 'fr' })).toMatchObject({
      status: 'tooLong',
    });
    expect(
      await searchEvents(t.deps, loader, {
        q: Array.from({ length: 13 }, (_, i) => `mot${i}`).join(' '),
        locale: 'en',
      }),
    ).toMatchObject({ status: 'tooLong' });
  });

  it('CAL-10 before the first build the page says search is not ready', async () => {
    const loader = searchLoader(files, { key: keyOf('never-built') });
    expect(await searchEvents(t.deps, loader, { q: 'theatre', locale: 'fr' })).toMatchObject({
      status: 'unavailable',
    });
  });
});
