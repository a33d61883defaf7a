import { beforeAll, describe, expect, it } from 'vitest';
import { approveEvent, submitForApproval } from './approval';
import {
  type CalendarBed,
  calendarBed,
  organizer,
  organizerB,
  ref,
  staffActor,
} from './calendar.test-support';
import {
  contrastRatio,
  defaultEmbedAccent,
  embeddedCalendar,
  embedQueryString,
  readEmbedOptions,
} from './embed';
import type { EventFieldsInput } from './event-input';
import { saveEvent } from './save-event';

const read = (search: string) => readEmbedOptions(new URLSearchParams(search));

describe('the embed options (issue #12)', () => {
  it('reads theme, accent and count, and writes back only what differs from the defaults', () => {
    expect(read('')).toEqual({
      theme: 'clair',
      accent: defaultEmbedAccent,
      accentText: defaultEmbedAccent,
      count: 5,
    });
    const options = read('theme=sombre&couleur=%2366CCFF&nombre=8');
    expect(options).toEqual({ theme: 'sombre', accent: '#66ccff', accentText: '#66ccff', count: 8 });
    expect(embedQueryString(options)).toBe('?theme=sombre&couleur=66ccff&nombre=8');
    expect(read(embedQueryString(options).slice(1))).toEqual(options);
    expect(embedQueryString(read(''))).toBe('');
  });

  it('falls back on malformed, hostile or out-of-range values', () => {
    expect(read('theme=<script>&couleur=red;}body{x&nombre=-3')).toMatchObject({
      theme: 'clair',
      accent: defaultEmbedAccent,
      count: 5,
    });
    expect(read('couleur=12345').accent).toBe(defaultEmbedAccent);
    expect(read('couleur=url(x)').accent).toBe(defaultEmbedAccent);
    expect(read('nombre=999').count).toBe(20);
    expect(read('nombre=0').count).toBe(1);
    expect(read('nombre=1e3').count).toBe(5);
    expect(read('nombre=3.5').count).toBe(5);
  });

  it('keeps links legible: an accent without 4.5:1 contrast on the background is drawn, not written', () => {
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 0);
    const pale = read('couleur=ffee88');
    expect(pale.accent).toBe('#ffee88');
    expect(pale.accentText).toBe('#1f1a17');
    const darkOnDark = read('theme=sombre&couleur=202020');
    expect(darkOnDark.accentText).toBe('#f4efe8');
    expect(contrastRatio(read('').accentText, '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });
});

let t: CalendarBed;

beforeAll(async () => {
  t = await calendarBed('calendar-embed', '2026-12-01T15:00:00.000Z');
});

async function publish(actor: typeof organizer | typeof organizerB, fields: Partial<EventFieldsInput>) {
  const imageId = await t.image({ orgId: actor.orgId });
  const saved = await saveEvent(t.deps, { actor, fields: t.fields({ imageId, ...fields }) });
  await submitForApproval(t.deps, { actor, eventId: saved.eventId, expectedVersion: saved.version });
  return approveEvent(t.deps, { actor: staffActor, eventId: saved.eventId });
}

describe('embeddedCalendar', () => {
  it('lists the next published events the organization presents, soonest first, spans once, at most `count`', async () => {
    await publish(organizer, {
      title: 'Théâtre de janvier',
      startsAt: '2027-01-10T20:00',
      endsAt: '2027-01-10T22:00',
    });
    await publish(organizer, {
      title: 'Exposition d’hiver',
      categoryIds: [ref.museum],
      exhibitionTypeId: ref.painting,
      startsAt: '2026-12-03T10:00',
      endsAt: '2026-12-09T17:00',
      showTime: false,
    });
    await publish(organizer, {
      title: 'Conte de décembre',
      startsAt: '2026-12-05T19:00',
      endsAt: '2026-12-05T20:00',
    });
    await publish(organizerB, {
      title: 'Vernissage du musée',
      startsAt: '2026-12-04T17:00',
      endsAt: '2026-12-04T19:00',
    });
    // A draft of A is not published: never in its frame.
    await saveEvent(t.deps, {
      actor: organizer,
      fields: t.fields({ title: 'Brouillon', startsAt: '2026-12-06T19:00' }),
    });

    const all = await embeddedCalendar(t.deps, { orgId: ref.orgA, count: 20 });
    expect(all.organizationName).toBe('Spect’Art Rimouski');
    expect(all.cards.map((card) => card.title)).toEqual([
      'Exposition d’hiver',
      'Conte de décembre',
      'Théâtre de janvier',
    ]);
    const two = await embeddedCalendar(t.deps, { orgId: ref.orgA, count: 2 });
    expect(two.cards.map((card) => card.title)).toEqual(['Exposition d’hiver', 'Conte de décembre']);
    const museum = await embeddedCalendar(t.deps, { orgId: ref.orgB, count: 5 });
    expect(museum.cards.map((card) => card.title)).toEqual(['Vernissage du musée']);
  });

  it('an unknown or suspended organization has no frame', async () => {
    await expect(embeddedCalendar(t.deps, { orgId: 'ORG-UNKNOWN', count: 5 })).rejects.toMatchObject({
      code: 'not_found',
    });
    await t.deps.db.identity.entities.organization
      .put({
        orgId: 'ORG-SUSPENDED',
        name: 'Suspendu',
        nameKey: 'suspendu',
        status: 'suspended',
        createdAt: '2026-12-01T15:00:00.000Z',
        createdBy: 'seed',
      })
      .go();
    await expect(embeddedCalendar(t.deps, { orgId: 'ORG-SUSPENDED', count: 5 })).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
