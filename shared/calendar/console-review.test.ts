import { beforeAll, describe, expect, it } from 'vitest';
import { approveEvent, sendBackEvent, submitForApproval } from './approval';
import { type CalendarBed, calendarBed, organizer, ref, staffActor } from './calendar.test-support';
import { eventForReview, publishedEventsForStaff, reviewQueue, venueForEdit } from './console-review';
import { StaffOnlyError } from './errors';
import { saveEvent } from './save-event';

/** The staff console's reads of the calendar (ORG-07, ORG-09), against DynamoDB Local. */
let t: CalendarBed;

beforeAll(async () => {
  t = await calendarBed('calendar-console-review');
});

const staff = { userId: staffActor.userId, staff: true };
const notStaff = { userId: organizer.userId, staff: false };

async function submitted(title: string, note?: string, overrides = {}) {
  const imageId = await t.image();
  const saved = await saveEvent(t.deps, {
    actor: organizer,
    fields: t.fields({ title, imageId, ...overrides }),
  });
  await submitForApproval(t.deps, { actor: organizer, eventId: saved.eventId, expectedVersion: 1, note });
  return saved.eventId;
}

describe('staff console reads', () => {
  it('ORG-07 ORG-09 the queue shows each submitted event with its organization and the organizer’s note', async () => {
    const withNote = await submitted('Avec une note', 'Première fois chez vous <b>merci</b>');
    const withoutNote = await submitted('Sans note');
    const { items } = await reviewQueue(t.deps, { actor: staff });
    const byId = new Map(items.map((item) => [item.event.eventId, item]));
    expect(byId.get(withNote)).toMatchObject({
      organizationName: 'Spect’Art Rimouski',
      note: 'Première fois chez vous <b>merci</b>',
      event: { title: 'Avec une note', status: 'submitted' },
    });
    expect(byId.get(withoutNote)?.note).toBeUndefined();
    // Once decided, the event leaves the queue.
    await approveEvent(t.deps, { actor: staffActor, eventId: withoutNote });
    const after = await reviewQueue(t.deps, { actor: staff });
    expect(after.items.map((item) => item.event.eventId)).not.toContain(withoutNote);
  });

  it('ORG-07 a resubmitted event shows the new note, not the previous one', async () => {
    const eventId = await submitted('Renvoyé puis resoumis', 'première note');
    await sendBackEvent(t.deps, { actor: staffActor, eventId, note: 'Ajoutez le prix.' });
    await submitForApproval(t.deps, { actor: organizer, eventId, expectedVersion: 3, note: 'Prix ajouté' });
    const { items } = await reviewQueue(t.deps, { actor: staff });
    expect(items.find((item) => item.event.eventId === eventId)?.note).toBe('Prix ajouté');
    const review = await eventForReview(t.deps, { actor: staff, eventId });
    expect(review.reviews.map((entry) => [entry.action, entry.note])).toEqual([
      ['submitted', 'première note'],
      ['sentBack', 'Ajoutez le prix.'],
      ['submitted', 'Prix ajouté'],
    ]);
  });

  it('ORG-09 the review page reads the event with its dates, names, conversation and crops', async () => {
    const eventId = await submitted('Musée complet', 'note', {
      venueIds: [ref.venueParis, ref.venueRimouski],
      categoryIds: [ref.museum, ref.theatre],
      audienceIds: [ref.family],
      exhibitionTypeId: ref.painting,
      extraDates: [{ startsAt: '2026-12-13T14:00' }],
    });
    const review = await eventForReview(t.deps, { actor: staff, eventId });
    expect(review.event).toMatchObject({ eventId, status: 'submitted' });
    expect(review.organizationName).toBe('Spect’Art Rimouski');
    expect(review.presenterName).toBe('Spect’Art Rimouski');
    expect(review.venues.map((venue) => venue.venueId)).toEqual([ref.venueParis, ref.venueRimouski]);
    expect(review.categories.map((term) => term.nameFr)).toEqual(['Musée', 'Théâtre']);
    expect(review.audiences.map((term) => term.nameFr)).toEqual(['Famille']);
    expect(review.exhibitionType?.nameFr).toBe('Peinture');
    expect(review.dates).toHaveLength(2);
    expect(review.crops.map((crop) => crop.kind).sort()).toEqual(['calendar', 'sheet']);
    expect(review.reviews.map((entry) => entry.action)).toEqual(['submitted']);
  });

  it('ORG-09 ROLE-06 only staff read the queue, an event for review, the published list and a venue', async () => {
    const eventId = await submitted('Réservé');
    await expect(reviewQueue(t.deps, { actor: notStaff })).rejects.toBeInstanceOf(StaffOnlyError);
    await expect(eventForReview(t.deps, { actor: notStaff, eventId })).rejects.toBeInstanceOf(StaffOnlyError);
    await expect(publishedEventsForStaff(t.deps, { actor: notStaff })).rejects.toBeInstanceOf(StaffOnlyError);
    await expect(
      venueForEdit(t.deps, { actor: notStaff, venueId: ref.venueRimouski }),
    ).rejects.toBeInstanceOf(StaffOnlyError);
    await expect(eventForReview(t.deps, { actor: staff, eventId: 'EV-UNKNOWN' })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(venueForEdit(t.deps, { actor: staff, venueId: 'V-UNKNOWN' })).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(await venueForEdit(t.deps, { actor: staff, venueId: ref.venueRimouski })).toMatchObject({
      name: 'Salle Desjardins-TELUS',
      timeZone: 'America/Toronto',
    });
  });

  it('ORG-09 the published list holds events not over yet, ongoing ones included, and no draft or past one', async () => {
    const upcoming = await submitted('À venir');
    await approveEvent(t.deps, { actor: staffActor, eventId: upcoming });
    // Started a month before today (2026-12-01) and still running: an exhibition.
    const ongoing = await submitted('Exposition en cours', undefined, {
      startsAt: '2026-11-01T10:00',
      endsAt: '2027-01-31T17:00',
    });
    await approveEvent(t.deps, { actor: staffActor, eventId: ongoing });
    const past = await submitted('Passé', undefined, {
      startsAt: '2026-11-10T19:30',
      endsAt: '2026-11-10T22:00',
    });
    await approveEvent(t.deps, { actor: staffActor, eventId: past });
    const stillSubmitted = await submitted('Encore en attente');
    const { events } = await publishedEventsForStaff(t.deps, { actor: staff });
    const ids = events.map((event) => event.eventId);
    expect(ids).toContain(upcoming);
    expect(ids).toContain(ongoing);
    expect(ids).not.toContain(past);
    expect(ids).not.toContain(stillSubmitted);
    // By start: the exhibition that began in November comes first.
    expect(ids.indexOf(ongoing)).toBeLessThan(ids.indexOf(upcoming));
  });
});
