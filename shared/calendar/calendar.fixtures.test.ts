import { describe, expect, it } from 'vitest';
import { fixtureTerms, fixtureVenues, generateCalendarFixtures } from './calendar.fixtures';
import { eventFields } from './event-input';

/** The demo events are valid form input and cover what the demo must show (issue 12). */
describe('calendar fixtures', () => {
  const events = generateCalendarFixtures({ startDate: '2026-12-01', count: 80 });

  it('ORG-05 every generated event is valid form input naming known venues and terms', () => {
    const venues = new Set(fixtureVenues.map((v) => v.venueId));
    const terms = new Set(fixtureTerms.map((term) => term.termId));
    for (const event of events) {
      const parsed = eventFields.safeParse(event.fields);
      expect(parsed.success, `${event.key}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      for (const venueId of event.fields.venueIds) expect(venues.has(venueId)).toBe(true);
      for (const termId of [...event.fields.categoryIds, ...(event.fields.audienceIds ?? [])]) {
        expect(terms.has(termId)).toBe(true);
      }
      if (event.fields.categoryIds.includes('CAT-MUSEE')) expect(event.fields.exhibitionTypeId).toBeDefined();
    }
  });

  it('CAL-02 CAL-05 the demo covers every category, a festival with its programme, free, online, exhibitions, multi-day', () => {
    expect(events).toHaveLength(80);
    const categories = new Set(events.flatMap((e) => e.fields.categoryIds));
    for (const term of fixtureTerms.filter((t) => t.kind === 'category'))
      expect(categories.has(term.termId)).toBe(true);
    expect(events.filter((e) => e.parentKey === 'festival').length).toBeGreaterThanOrEqual(5);
    expect(events.some((e) => e.fields.free)).toBe(true);
    expect(events.some((e) => e.fields.online)).toBe(true);
    expect(events.some((e) => e.fields.exhibitionTypeId)).toBe(true);
    expect(
      events.some(
        (e) => e.fields.showTime === false && e.fields.startsAt.slice(0, 10) !== e.fields.endsAt.slice(0, 10),
      ),
    ).toBe(true);
    expect(generateCalendarFixtures({ startDate: '2026-12-01' })).toEqual(events);
  });
});
