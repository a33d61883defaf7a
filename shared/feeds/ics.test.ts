import { afterEach, describe, expect, it } from 'vitest';
import type { FeedEvent } from './feed-event';
import { eventToIcs, feedToIcs, icsFilename, icsHeaders } from './ics';

const now = new Date('2026-02-01T12:00:00Z');

function event(fields: Partial<FeedEvent> = {}): FeedEvent {
  return {
    occurrenceId: '01JEVENT-01JDATE',
    title: 'Orchestre symphonique de l’Estuaire',
    description: 'Concert des fêtes.\nBillets en vente.',
    url: 'https://parvis.example/fr/evenements/ose-fetes',
    when: { kind: 'timed', startsAt: '2026-12-12T00:30:00Z', endsAt: '2026-12-12T02:30:00Z' },
    venue: {
      name: 'Salle Desjardins-Telus',
      streetAddress: '25, rue Saint-Germain Ouest',
      locality: 'Rimouski',
      region: 'QC',
      postalCode: 'G5L 4B4',
      geo: { lat: 48.4498, lon: -68.5282 },
    },
    ...fields,
  };
}

/** Unfolded content lines (RFC 5545 §3.1: a CRLF followed by a space continues the line). */
function lines(ics: string): string[] {
  return ics
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .filter((line) => line.length > 0);
}
const value = (ics: string, name: string) =>
  lines(ics)
    .filter((line) => line.startsWith(`${name}:`) || line.startsWith(`${name};`))
    .map((line) => line.slice(line.indexOf(':') + 1));

/** Wall-clock time in Toronto of an iCalendar UTC date-time, as a calendar application shows it. */
function torontoTime(utc: string): string {
  const iso = utc.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z');
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'America/Toronto',
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(new Date(iso));
}

describe('iCalendar (CAL-10)', () => {
  it('CAL-10 an event .ics carries UID per occurrence, DTSTAMP, SUMMARY, DESCRIPTION, LOCATION, URL, GEO', () => {
    const ics = eventToIcs(event({ updatedAt: '2026-01-15T10:00:00Z' }), { now });
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(value(ics, 'UID')).toEqual(['01JEVENT-01JDATE@parvis.example']);
    expect(value(ics, 'DTSTAMP')).toEqual(['20260115T100000Z']);
    expect(value(ics, 'SUMMARY')).toEqual(['Orchestre symphonique de l’Estuaire']);
    expect(value(ics, 'DESCRIPTION')).toEqual(['Concert des fêtes.\\nBillets en vente.']);
    expect(value(ics, 'LOCATION')).toEqual([
      'Salle Desjardins-Telus\\n25\\, rue Saint-Germain Ouest\\, Rimouski\\, QC\\, G5L 4B4',
    ]);
    expect(value(ics, 'URL')).toEqual(['https://parvis.example/fr/evenements/ose-fetes']);
    expect(value(ics, 'GEO')).toEqual(['48.4498;-68.5282']);
    expect(value(ics, 'STATUS')).toEqual(['CONFIRMED']);
    expect(value(ics, 'DTSTART')).toEqual(['20261212T003000Z']);
    // Without updatedAt, DTSTAMP is the time of writing.
    expect(value(eventToIcs(event(), { now }), 'DTSTAMP')).toEqual(['20260201T120000Z']);
  });

  it('CAL-10 the UID is stable: same occurrence, same UID, whatever else changes', () => {
    const first = value(eventToIcs(event(), { now }), 'UID');
    const renamed = value(
      eventToIcs(event({ title: 'Autre titre', updatedAt: '2026-03-01T00:00:00Z' }), { now }),
      'UID',
    );
    const other = value(eventToIcs(event({ occurrenceId: '01JEVENT-01JDATE2' }), { now }), 'UID');
    expect(renamed).toEqual(first);
    expect(other).not.toEqual(first);
    expect(() => eventToIcs(event({ occurrenceId: 'bad\r\nUID:x' }))).toThrow(/UID/);
  });

  it('CAL-10 times are right across the March daylight-saving change in America/Toronto', () => {
    // 2026-03-08 02:00 EST → 03:00 EDT. 19:30 on Saturday is -05:00, 19:30 on Sunday is -04:00.
    const saturday = eventToIcs(event({ when: { kind: 'timed', startsAt: '2026-03-07T19:30:00-05:00' } }), {
      now,
    });
    const sunday = eventToIcs(event({ when: { kind: 'timed', startsAt: '2026-03-08T19:30:00-04:00' } }), {
      now,
    });
    expect(value(saturday, 'DTSTART')).toEqual(['20260308T003000Z']);
    expect(value(sunday, 'DTSTART')).toEqual(['20260308T233000Z']);
    expect(torontoTime(value(saturday, 'DTSTART')[0] ?? '')).toBe('2026-03-07 19:30');
    expect(torontoTime(value(sunday, 'DTSTART')[0] ?? '')).toBe('2026-03-08 19:30');
    // A night across the change: 01:00 EST to 04:00 EDT lasts two hours, not three.
    const night = eventToIcs(
      event({
        when: { kind: 'timed', startsAt: '2026-03-08T01:00:00-05:00', endsAt: '2026-03-08T04:00:00-04:00' },
      }),
      { now },
    );
    expect(value(night, 'DTSTART')).toEqual(['20260308T060000Z']);
    expect(value(night, 'DTEND')).toEqual(['20260308T080000Z']);
    expect(lines(night).some((line) => line.includes('TZID'))).toBe(false);
  });

  it('CAL-10 times are right across the November daylight-saving change in America/Toronto', () => {
    // 2026-11-01 02:00 EDT → 01:00 EST: 01:30 happens twice; the instant says which.
    const first = eventToIcs(event({ when: { kind: 'timed', startsAt: '2026-11-01T01:30:00-04:00' } }), {
      now,
    });
    const second = eventToIcs(event({ when: { kind: 'timed', startsAt: '2026-11-01T01:30:00-05:00' } }), {
      now,
    });
    expect(value(first, 'DTSTART')).toEqual(['20261101T053000Z']);
    expect(value(second, 'DTSTART')).toEqual(['20261101T063000Z']);
    const evening = eventToIcs(event({ when: { kind: 'timed', startsAt: '2026-11-01T19:30:00-05:00' } }), {
      now,
    });
    expect(torontoTime(value(evening, 'DTSTART')[0] ?? '')).toBe('2026-11-01 19:30');
  });

  describe('all-day dates', () => {
    const zone = process.env.TZ;
    afterEach(() => {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    });

    it('CAL-10 a date without show time is VALUE=DATE with an exclusive DTEND, in any server zone', () => {
      const exhibition = event({ when: { kind: 'allDay', firstDay: '2026-11-01', lastDay: '2026-11-30' } });
      // The function's own zone must not move the days (UTC+14 and UTC-11 are the extremes).
      for (const serverZone of ['UTC', 'America/Toronto', 'Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
        process.env.TZ = serverZone;
        const ics = eventToIcs(exhibition, { now });
        const found = lines(ics).filter((line) => line.startsWith('DTSTART') || line.startsWith('DTEND'));
        expect(found, serverZone).toEqual(['DTSTART;VALUE=DATE:20261101', 'DTEND;VALUE=DATE:20261201']);
      }
      const oneDay = eventToIcs(
        event({ when: { kind: 'allDay', firstDay: '2026-12-31', lastDay: '2026-12-31' } }),
        { now },
      );
      expect(value(oneDay, 'DTEND')).toEqual(['20270101']);
      expect(() =>
        eventToIcs(event({ when: { kind: 'allDay', firstDay: '2026-12-02', lastDay: '2026-12-01' } })),
      ).toThrow();
      expect(() =>
        eventToIcs(event({ when: { kind: 'allDay', firstDay: '2026-02-30', lastDay: '2026-03-01' } })),
      ).toThrow();
    });
  });

  it('CAL-10 a cancelled event says STATUS:CANCELLED', () => {
    expect(value(eventToIcs(event({ status: 'cancelled' }), { now }), 'STATUS')).toEqual(['CANCELLED']);
  });

  it('CAL-10 a feed has X-WR-CALNAME, REFRESH-INTERVAL and one VEVENT per occurrence', () => {
    const ics = feedToIcs(
      [
        event(),
        event({
          occurrenceId: '01JEVENT-01JDATE2',
          when: { kind: 'timed', startsAt: '2026-12-13T00:30:00Z' },
        }),
      ],
      {
        name: 'Parvis — Musique, danse; théâtre',
        url: 'https://parvis.example/fr/calendrier.ics?categorie=musique',
        now,
      },
    );
    expect(value(ics, 'X-WR-CALNAME')).toEqual(['Parvis — Musique\\, danse\\; théâtre']);
    expect(value(ics, 'REFRESH-INTERVAL')).toEqual(['PT1H']);
    expect(lines(ics).filter((line) => line === 'BEGIN:VEVENT')).toHaveLength(2);
    expect(value(ics, 'UID')).toEqual([
      '01JEVENT-01JDATE@parvis.example',
      '01JEVENT-01JDATE2@parvis.example',
    ]);
  });

  it('CAL-10 hostile text cannot add properties or components; long lines are folded', () => {
    const ics = feedToIcs(
      [
        event({
          title: 'Titre\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:faux',
          description: `Ligne\r\nATTACH:https://evil.example/x\u0000\u0007 ${'é'.repeat(200)}`,
          url: 'https://parvis.example/fr/e/x\r\nATTACH:https://evil.example/',
          venue: { name: 'Salle\nGEO:0;0' },
        }),
      ],
      { name: 'Cal\r\nX-EVIL:1', url: 'https://parvis.example/f.ics', now },
    );
    const all = lines(ics);
    expect(all.filter((line) => line === 'BEGIN:VEVENT')).toHaveLength(1);
    expect(all.some((line) => /^(ATTACH|X-EVIL|GEO)/.test(line))).toBe(false);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/\p{Cc}/u);
    for (const raw of ics.split('\r\n')) expect(Buffer.byteLength(raw)).toBeLessThanOrEqual(75);
  });

  it('CAL-10 content type and file name helpers', () => {
    expect(icsFilename('Théâtre du Bic: l’été / 2026')).toBe('theatre-du-bic-l-ete-2026.ics');
    expect(icsFilename('../../etc/passwd')).toBe('etc-passwd.ics');
    expect(icsFilename('"><')).toBe('evenement.ics');
    expect(icsHeaders('ose-fetes', { download: true })).toEqual({
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': 'attachment; filename="ose-fetes.ics"',
    });
    expect(icsHeaders('calendrier.ics', { download: false })['content-disposition']).toBe(
      'inline; filename="calendrier.ics"',
    );
  });
});
