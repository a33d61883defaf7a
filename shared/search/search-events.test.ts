import { describe, expect, it } from 'vitest';
import { nextEntryKey } from './search-events';
import type { SearchHit } from './search-index';

/** CAL-10: which calendar entry a search result's card is read from (its next date). */
const hit = (dates: SearchHit['dates'], timeZone = 'America/Toronto'): SearchHit => ({
  id: 'EV1',
  slug: 'ev1',
  title: 'Exposition',
  presenter: '',
  venue: '',
  city: '',
  startsAt: dates[0]?.startsAt ?? '',
  endsAt: dates.at(-1)?.endsAt ?? '',
  dates,
  timeZone,
  score: 1,
});

describe('the card of a search result (CAL-10)', () => {
  it('CAL-10 a timed event: its first date not over, keyed by its instant on its local day', () => {
    const key = nextEntryKey(
      hit([
        {
          occurrenceId: 'B',
          startsAt: '2026-12-20T01:00:00.000Z',
          endsAt: '2026-12-20T03:00:00.000Z',
          showTime: true,
        },
        {
          occurrenceId: 'A',
          startsAt: '2026-12-02T01:00:00.000Z',
          endsAt: '2026-12-02T03:00:00.000Z',
          showTime: true,
        },
      ]),
      new Date('2026-12-03T12:00:00Z'),
    );
    expect(key).toEqual({
      month: '2026-12',
      localDate: '2026-12-19',
      timeKey: '2026-12-20T01:00:00.000Z',
      eventId: 'EV1',
      occurrenceId: 'B',
    });
  });

  it('CAL-10 a running exhibition (days, no show time): today’s entry, not its first day’s', () => {
    const key = nextEntryKey(
      hit([
        {
          occurrenceId: 'X',
          startsAt: '2026-11-20T15:00:00.000Z',
          endsAt: '2027-01-10T22:00:00.000Z',
          showTime: false,
        },
      ]),
      new Date('2026-12-03T04:00:00Z'),
    );
    // 23:00 on 2 December in Rimouski.
    expect(key).toMatchObject({ month: '2026-12', localDate: '2026-12-02', timeKey: '~', occurrenceId: 'X' });
  });

  it('CAL-10 no date left, or no zone (a file of hand-made documents): no card', () => {
    const over = [
      {
        occurrenceId: 'A',
        startsAt: '2026-12-01T01:00:00.000Z',
        endsAt: '2026-12-01T03:00:00.000Z',
        showTime: true,
      },
    ];
    expect(nextEntryKey(hit(over), new Date('2026-12-03T00:00:00Z'))).toBeUndefined();
    expect(
      nextEntryKey({ ...hit(over), timeZone: undefined }, new Date('2026-11-01T00:00:00Z')),
    ).toBeUndefined();
  });
});
