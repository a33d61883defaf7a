import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Deps } from '../deps';
import { ValidationError } from '../kernel/errors';
import { approveEvent, submitForApproval } from './approval';
import {
  type CalendarBed,
  calendarBed,
  organizer,
  organizerB,
  ref,
  staffActor,
} from './calendar.test-support';
import { StaffOnlyError } from './errors';
import {
  clearReferenceCache,
  listTaxonomyTerms,
  listVenues,
  saveTaxonomyTerm,
  saveVenue,
} from './reference-data';
import { saveEvent } from './save-event';
import { listOrganizationEvents, setBigEvent, setFeatured, unpublishEvent } from './staff-flags';

/** Reference data, staff flags and the organization's list (ORG-04, ORG-09), against DynamoDB Local. */
let t: CalendarBed;

beforeAll(async () => {
  t = await calendarBed('calendar-reference');
});
beforeEach(() => clearReferenceCache());

const staff = { userId: 'U-STAFF', staff: true };

describe('reference data', () => {
  it('ORG-09 venues: staff create them with a known IANA zone; organizers cannot', async () => {
    const { venueId } = await saveVenue(t.deps, {
      actor: staff,
      fields: {
        name: 'Coopérative Paradis',
        address: '274, avenue Belzile',
        city: 'Rimouski',
        latitude: 48.44,
        longitude: -68.53,
      },
    });
    expect(await t.bed.item(`VENUE#${venueId}`, 'VENUE')).toMatchObject({
      timeZone: 'America/Toronto',
      nameKey: 'cooperativeparadis',
      gsi1pk: 'VENUES',
    });
    await expect(
      saveVenue(t.deps, {
        actor: staff,
        fields: { name: 'X', address: 'Y', city: 'Z', timeZone: 'Mars/Olympus' },
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      saveVenue(t.deps, { actor: staff, fields: { name: 'X', address: 'Y', city: 'Z', latitude: 91 } }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      saveVenue(t.deps, {
        actor: { userId: 'U-ORG-A', staff: false },
        fields: { name: 'X', address: 'Y', city: 'Z' },
      }),
    ).rejects.toBeInstanceOf(StaffOnlyError);
    const names = (await listVenues(t.deps)).map((v) => v.name);
    expect(names).toEqual(['Coopérative Paradis', 'Le Lieu parisien', 'Salle Desjardins-TELUS']);
  });

  it('ORG-09 taxonomy terms: created, renamed (same id), listed by French name', async () => {
    const { termId } = await saveTaxonomyTerm(t.deps, {
      actor: staff,
      kind: 'category',
      fields: { nameFr: 'Danse', nameEn: 'Dance' },
    });
    await saveTaxonomyTerm(t.deps, {
      actor: staff,
      kind: 'category',
      termId,
      fields: { nameFr: 'Arts de la scène', nameEn: 'Performing arts' },
    });
    const names = (await listTaxonomyTerms(t.deps, 'category')).map((term) => [
      term.termId === termId,
      term.nameFr,
    ]);
    expect(names).toEqual([
      [true, 'Arts de la scène'],
      [false, 'Musée'],
      [false, 'Musique'],
      [false, 'Théâtre'],
    ]);
    await expect(
      saveTaxonomyTerm(t.deps, {
        actor: staff,
        kind: 'audience',
        termId: 'NOPE',
        fields: { nameFr: 'a', nameEn: 'b' },
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('the pick lists’ cache', () => {
  it('ORG-09 a list read while a term is saved does not hide the new term for a minute', async () => {
    // The read in flight is held until the save is done (a request of another visitor, racing).
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const before = (await t.deps.db.calendar.entities.taxonomyTerm.query.byKind({ kind: 'audience' }).go())
      .data;
    const slowDeps = {
      db: {
        calendar: {
          entities: {
            taxonomyTerm: {
              query: {
                byKind: () => ({
                  go: async () => {
                    await held;
                    return { data: before };
                  },
                }),
              },
            },
          },
        },
      },
    } as unknown as Pick<Deps, 'db'>;
    const racing = listTaxonomyTerms(slowDeps, 'audience');
    const { termId } = await saveTaxonomyTerm(t.deps, {
      actor: staff,
      kind: 'audience',
      fields: { nameFr: 'Aînés', nameEn: 'Seniors' },
    });
    release();
    expect((await racing).some((term) => term.termId === termId)).toBe(false);
    // The stale list was not kept: the next read sees the new term at once.
    expect((await listTaxonomyTerms(t.deps, 'audience')).some((term) => term.termId === termId)).toBe(true);
  });
});

describe('staff flags and the organization’s events', () => {
  it('ORG-09 CAL-03 « À la une » and « Grand événement » are set by staff only; the pin follows', async () => {
    const saved = await saveEvent(t.deps, { actor: organizer, fields: t.fields({ title: 'À épingler' }) });
    await expect(
      setFeatured(t.deps, {
        actor: { userId: 'U-ORG-A', staff: false },
        eventId: saved.eventId,
        value: true,
      }),
    ).rejects.toBeInstanceOf(StaffOnlyError);
    await setFeatured(t.deps, { actor: staff, eventId: saved.eventId, value: true });
    await setBigEvent(t.deps, { actor: staff, eventId: saved.eventId, value: true });
    expect(await t.bed.item(`EVENT#${saved.eventId}`, 'EVENT')).toMatchObject({
      featured: true,
      bigEvent: true,
      version: 3,
    });
    expect(await t.bed.item('FEATURED', `EVENT#${saved.eventId}`)).toBeDefined();
    await setFeatured(t.deps, { actor: staff, eventId: saved.eventId, value: false });
    expect(await t.bed.item('FEATURED', `EVENT#${saved.eventId}`)).toBeUndefined();
  });

  it('ORG-04 the organization lists its own events by state, never another’s', async () => {
    const mine = await saveEvent(t.deps, { actor: organizer, fields: t.fields({ title: 'Liste A' }) });
    const theirs = await saveEvent(t.deps, { actor: organizerB, fields: t.fields({ title: 'Liste B' }) });
    const listed = await listOrganizationEvents(t.deps, { orgId: ref.orgA });
    const ids = listed.events.map((e) => e.eventId);
    expect(ids).toContain(mine.eventId);
    expect(ids).not.toContain(theirs.eventId);
    expect(listed.events.every((e) => e.orgId === ref.orgA)).toBe(true);
    const drafts = await listOrganizationEvents(t.deps, { orgId: ref.orgA, status: 'published' });
    expect(drafts.events.map((e) => e.eventId)).not.toContain(mine.eventId);
  });

  it('CAL-04 unpublishing deletes the calendar entries', async () => {
    const imageId = await t.image();
    const saved = await saveEvent(t.deps, {
      actor: organizer,
      fields: t.fields({ title: 'Retiré', imageId }),
    });
    await submitForApproval(t.deps, { actor: organizer, eventId: saved.eventId, expectedVersion: 1 });
    await approveEvent(t.deps, { actor: staffActor, eventId: saved.eventId });
    const entries = async () =>
      (
        await t.deps.db.calendar.entities.calendarEntry.query
          .byMonth({ month: '2026-12' })
          .go({ pages: 'all' })
      ).data.filter((entry) => entry.eventId === saved.eventId);
    expect(await entries()).toHaveLength(1);
    await expect(
      unpublishEvent(t.deps, { actor: organizerB, eventId: saved.eventId, expectedVersion: 3 }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await unpublishEvent(t.deps, { actor: organizer, eventId: saved.eventId, expectedVersion: 3 });
    expect(await entries()).toEqual([]);
  });
});
