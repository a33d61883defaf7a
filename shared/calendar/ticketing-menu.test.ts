import { beforeAll, describe, expect, it } from 'vitest';
import { saveTicketType, withdrawTicketType } from '../ticketing/ticket-types';
import { saveTicketingSettings } from '../ticketing/ticketing-settings';
import { approveEvent, submitForApproval } from './approval';
import { type CalendarBed, calendarBed, organizer, staffActor } from './calendar.test-support';
import { saveEvent } from './save-event';
import { ticketingMenuEvents } from './ticketing-menu';

/**
 * CAL-08: « Billetterie / Inscriptions » over the calendar projection of a private table: an event
 * is listed as soon as it is published, upcoming and sells or registers on Parvis (ticketing
 * enabled and an active category), and not otherwise (ticketing on without a category, a draft, a
 * past event, the last category withdrawn).
 */
let t: CalendarBed;

beforeAll(async () => {
  t = await calendarBed('calendar-ticketing-menu');
});

async function published(title: string, startsAt = '2026-12-12T19:30', endsAt = '2026-12-12T22:00') {
  const imageId = await t.image();
  const saved = await saveEvent(t.deps, {
    actor: organizer,
    fields: t.fields({ title, startsAt, endsAt, imageId }),
  });
  const { version } = await submitForApproval(t.deps, {
    actor: organizer,
    eventId: saved.eventId,
    expectedVersion: saved.version,
  });
  expect(version).toBeGreaterThan(saved.version);
  await approveEvent(t.deps, { actor: staffActor, eventId: saved.eventId });
  return saved.eventId;
}

async function sells(eventId: string, options: { enabled?: boolean; category?: boolean } = {}) {
  if (options.enabled ?? true) {
    await saveTicketingSettings(t.deps, {
      actor: organizer,
      eventId,
      expectedVersion: 0,
      fields: { enabled: true },
    });
  }
  if (options.category ?? true) {
    const { ticketTypeId } = await saveTicketType(t.deps, {
      actor: organizer,
      eventId,
      fields: { nameFr: 'Inscription', nameEn: 'Registration', priceCents: 0, quantity: 30, perPersonMax: 2 },
    });
    return ticketTypeId;
  }
  return undefined;
}

const titles = async () => (await ticketingMenuEvents(t.deps)).cards.map((card) => card.title);

describe('CAL-08 « Billetterie / Inscriptions »', () => {
  it('CAL-08 lists nothing while nothing sells on Parvis: published events without ticketing, ticketing on without a category, a category without ticketing, a draft, a past event', async () => {
    await published('Sans billetterie');
    await sells(await published('Activée sans catégorie'), { category: false });
    await sells(await published('Catégorie sans activation'), { enabled: false });
    const draft = await saveEvent(t.deps, { actor: organizer, fields: t.fields({ title: 'Brouillon' }) });
    await sells(draft.eventId);
    // Published and selling, but over before today (the bed's clock is 2026-12-01).
    await sells(await published('Déjà passé', '2026-11-20T19:30', '2026-11-20T22:00'));

    expect(await titles()).toEqual([]);
  });

  it('CAL-08 lists an event as soon as it sells, the selling events in date order, and drops it when its last category is withdrawn', async () => {
    expect(await titles()).toEqual([]);
    const eventId = await published('Atelier de gravure', '2026-12-15T10:00', '2026-12-15T12:00');
    const ticketTypeId = await sells(eventId);
    expect(await titles()).toEqual(['Atelier de gravure']);

    // A second selling event, earlier: date order.
    await sells(await published('Conte en famille', '2026-12-05T10:00', '2026-12-05T11:00'));
    expect(await titles()).toEqual(['Conte en famille', 'Atelier de gravure']);

    // The sheet's flag follows the last category: withdrawn, the event leaves the menu.
    await withdrawTicketType(t.deps, { actor: organizer, eventId, ticketTypeId: ticketTypeId as string });
    expect(await titles()).toEqual(['Conte en famille']);
  });
});
