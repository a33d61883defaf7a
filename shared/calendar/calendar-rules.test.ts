import { describe, expect, it } from 'vitest';
import { localDateOf, utcToZoned, zonedToUtc } from '../kernel/zoned-time';
import { matchesCalendarFilter } from './list-calendar';
import { allDayKey, calendarEntryKeys, maxSpanDays } from './project-calendar';
import { sanitizeDescription } from './sanitize-description';
import { isSlug, slugCandidate, slugify } from './slug';

/** The calendar's pure rules, without I/O. */
describe('zoned time', () => {
  it('CAL-04 19:30 on the day clocks change lands on that local day, at the right instant', () => {
    // Spring forward (8 March 2026, 02:00 → 03:00) and fall back (1 November 2026, 02:00 → 01:00).
    expect(zonedToUtc('2026-03-08T19:30', 'America/Toronto')).toBe('2026-03-08T23:30:00.000Z');
    expect(zonedToUtc('2026-03-07T19:30', 'America/Toronto')).toBe('2026-03-08T00:30:00.000Z');
    expect(zonedToUtc('2026-11-01T19:30', 'America/Toronto')).toBe('2026-11-02T00:30:00.000Z');
    expect(zonedToUtc('2026-10-31T19:30', 'America/Toronto')).toBe('2026-10-31T23:30:00.000Z');
    expect(localDateOf('2026-03-08T23:30:00.000Z', 'America/Toronto')).toBe('2026-03-08');
    expect(localDateOf('2026-11-02T00:30:00.000Z', 'America/Toronto')).toBe('2026-11-01');
    // A skipped time moves forward by the gap; a repeated one takes its first occurrence.
    expect(zonedToUtc('2026-03-08T02:30', 'America/Toronto')).toBe('2026-03-08T07:30:00.000Z');
    expect(zonedToUtc('2026-11-01T01:30', 'America/Toronto')).toBe('2026-11-01T05:30:00.000Z');
    expect(utcToZoned('2026-03-08T23:30:00.000Z', 'America/Toronto')).toBe('2026-03-08T19:30');
    expect(zonedToUtc('2026-03-29T20:00', 'Europe/Paris')).toBe('2026-03-29T18:00:00.000Z');
  });
});

describe('calendarEntryKeys', () => {
  it('CAL-04 a timed date gives one entry on its local day keyed by its instant, across DST', () => {
    const keys = calendarEntryKeys(
      'E1',
      [
        {
          occurrenceId: 'O1',
          startsAt: '2026-03-08T23:30:00.000Z',
          endsAt: '2026-03-09T01:30:00.000Z',
          showTime: true,
        },
      ],
      'America/Toronto',
    );
    expect(keys).toEqual([
      {
        month: '2026-03',
        localDate: '2026-03-08',
        timeKey: '2026-03-08T23:30:00.000Z',
        eventId: 'E1',
        occurrenceId: 'O1',
      },
    ]);
  });

  it('CAL-04 a span without show time gives one `~` entry per local day, across months and DST', () => {
    const keys = calendarEntryKeys(
      'E2',
      [
        {
          occurrenceId: 'O1',
          startsAt: '2026-02-27T05:00:00.000Z',
          endsAt: '2026-03-09T03:59:00.000Z',
          showTime: false,
        },
      ],
      'America/Toronto',
    );
    expect(keys.map((k) => k.localDate)).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
      '2026-03-03',
      '2026-03-04',
      '2026-03-05',
      '2026-03-06',
      '2026-03-07',
      '2026-03-08',
    ]);
    expect(new Set(keys.map((k) => k.timeKey))).toEqual(new Set([allDayKey]));
    expect(keys[0]?.month).toBe('2026-02');
    expect(keys.at(-1)?.month).toBe('2026-03');
  });

  it('CAL-04 spans are capped at 366 days; additional dates give their own entries', () => {
    const long = calendarEntryKeys(
      'E3',
      [
        {
          occurrenceId: 'O1',
          startsAt: '2026-01-01T05:00:00.000Z',
          endsAt: '2029-01-01T05:00:00.000Z',
          showTime: false,
        },
      ],
      'America/Toronto',
    );
    expect(long).toHaveLength(maxSpanDays);
    const extra = calendarEntryKeys(
      'E4',
      [
        {
          occurrenceId: 'A',
          startsAt: '2026-12-13T00:30:00.000Z',
          endsAt: '2026-12-13T03:00:00.000Z',
          showTime: true,
        },
        {
          occurrenceId: 'B',
          startsAt: '2026-12-13T19:00:00.000Z',
          endsAt: '2026-12-13T21:00:00.000Z',
          showTime: true,
        },
      ],
      'America/Toronto',
    );
    expect(extra.map((k) => [k.localDate, k.occurrenceId])).toEqual([
      ['2026-12-12', 'A'],
      ['2026-12-13', 'B'],
    ]);
  });

  it('CAL-04 `~` sorts after every instant of the same day', () => {
    expect(`2026-12-12#${allDayKey}` > '2026-12-12#2026-12-13T04:59:00.000Z').toBe(true);
  });
});

describe('matchesCalendarFilter', () => {
  const entry = {
    categoryIds: ['THEATRE', 'MUSIQUE'],
    presenterOrgId: 'ORG-A',
    audienceIds: ['FAMILLE'],
    bigEvent: false,
    free: false,
    freeOption: true,
    online: false,
    exhibition: false,
    onPlatformTicketing: true,
  };
  const none = {
    categoryIds: [],
    audienceIds: [],
    bigEvent: false,
    free: false,
    online: false,
    exhibition: false,
    onPlatformTicketing: false,
  };

  it('CAL-02 categories and audiences match any chosen value; filters combine', () => {
    expect(matchesCalendarFilter(entry, none)).toBe(true);
    expect(matchesCalendarFilter(entry, { ...none, categoryIds: ['DANSE', 'MUSIQUE'] })).toBe(true);
    expect(matchesCalendarFilter(entry, { ...none, categoryIds: ['DANSE'] })).toBe(false);
    expect(matchesCalendarFilter(entry, { ...none, audienceIds: ['ADULTES'] })).toBe(false);
    expect(matchesCalendarFilter(entry, { ...none, presenterOrgId: 'ORG-B' })).toBe(false);
    expect(
      matchesCalendarFilter(entry, {
        ...none,
        categoryIds: ['THEATRE'],
        audienceIds: ['FAMILLE'],
        presenterOrgId: 'ORG-A',
      }),
    ).toBe(true);
  });

  it('CAL-02 CAL-08 advanced flags narrow only when set; a free option counts as free', () => {
    expect(matchesCalendarFilter(entry, { ...none, free: true })).toBe(true);
    expect(matchesCalendarFilter({ ...entry, freeOption: false }, { ...none, free: true })).toBe(false);
    expect(matchesCalendarFilter(entry, { ...none, online: true })).toBe(false);
    expect(matchesCalendarFilter(entry, { ...none, bigEvent: true })).toBe(false);
    expect(matchesCalendarFilter(entry, { ...none, exhibition: true })).toBe(false);
    expect(matchesCalendarFilter(entry, { ...none, onPlatformTicketing: true })).toBe(true);
  });
});

describe('slugs and description', () => {
  it('CAL-06 slugify folds accents and ligatures into lower-case kebab-case', () => {
    expect(slugify('Théâtre : L’Œuvre au Café-Bar!')).toBe('theatre-l-oeuvre-au-cafe-bar');
    expect(slugify('  ÉTÉ 2026 — Fête ')).toBe('ete-2026-fete');
    expect(slugify('<script>')).toBe('script');
    expect(isSlug('ete-2026')).toBe(true);
    expect(isSlug('Été')).toBe(false);
    expect(slugCandidate('fete', 1)).toBe('fete');
    expect(slugCandidate('fete', 3)).toBe('fete-3');
  });

  it('ORG-05 the description keeps formatting, safe links and video players only', () => {
    expect(sanitizeDescription('<p><strong>Gras</strong> <em>it</em></p><ul><li>un</li></ul>')).toBe(
      '<p><strong>Gras</strong> <em>it</em></p><ul><li>un</li></ul>',
    );
    expect(sanitizeDescription('<a href="//evil.example">x</a>')).toBe('<a rel="noopener noreferrer">x</a>');
    expect(sanitizeDescription('<iframe src="https://www.youtube-nocookie.com/embed/a"></iframe>')).toContain(
      'youtube-nocookie.com/embed/a',
    );
    expect(sanitizeDescription('<iframe src="https://www.youtube.com/watch?v=a"></iframe>')).toBe('');
    expect(sanitizeDescription('<iframe src="https://player.vimeo.com.evil.example/video/1"></iframe>')).toBe(
      '',
    );
    expect(sanitizeDescription('<iframe srcdoc="<script>alert(1)</script>"></iframe>')).toBe('');
  });
});
