import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatMoney } from './format';

// fr-CA separates amount and symbol, and groups thousands, with a no-break space (U+00A0).
const nbsp = '\u00a0';

describe('formatMoney', () => {
  it('PLAT-01 formats 1234 cents CAD in fr-CA as 12,34 $', () => {
    expect(formatMoney(1234, 'CAD', 'fr')).toBe(`12,34${nbsp}$`);
  });

  it('PLAT-01 formats 1234 cents CAD in en-CA as $12.34', () => {
    expect(formatMoney(1234, 'CAD', 'en')).toBe('$12.34');
  });

  it('PLAT-01 groups thousands per locale', () => {
    expect(formatMoney(12345678, 'CAD', 'fr')).toBe(`123${nbsp}456,78${nbsp}$`);
    expect(formatMoney(12345678, 'CAD', 'en')).toBe('$123,456.78');
  });

  it('PLAT-01 names foreign currencies', () => {
    expect(formatMoney(1234, 'EUR', 'fr')).toBe(`12,34${nbsp}€`);
    expect(formatMoney(1234, 'EUR', 'en')).toBe('€12.34');
    expect(formatMoney(1234, 'USD', 'en')).toBe('US$12.34');
  });

  it('PLAT-01 does not divide currencies without minor units', () => {
    expect(formatMoney(1234, 'JPY', 'en')).toBe('JP¥1,234');
  });

  it('PLAT-01 formats zero and negative amounts', () => {
    expect(formatMoney(0, 'CAD', 'fr')).toBe(`0,00${nbsp}$`);
    expect(formatMoney(-500, 'CAD', 'en')).toBe('-$5.00');
  });
});

describe('formatDateTime', () => {
  // 2025-03-15 00:30 UTC is Friday 14 March, 20:30 in Toronto and Saturday 15 March, 01:30 in Paris.
  const instant = '2025-03-15T00:30:00Z';

  it('PLAT-01 renders a UTC instant in the venue zone America/Toronto in fr-CA', () => {
    expect(formatDateTime(instant, 'America/Toronto', 'fr')).toBe('14 mars 2025 à 20 h 30');
  });

  it('PLAT-01 renders a UTC instant in the venue zone America/Toronto in en-CA', () => {
    expect(formatDateTime(instant, 'America/Toronto', 'en')).toBe('March 14, 2025 at 8:30 p.m.');
  });

  it('PLAT-01 renders the same instant in a Europe/Paris venue', () => {
    expect(formatDateTime(instant, 'Europe/Paris', 'fr')).toBe('15 mars 2025 à 01 h 30');
  });

  it('PLAT-01 follows daylight saving time in the venue zone', () => {
    expect(formatDateTime('2025-07-01T23:00:00Z', 'America/Toronto', 'fr')).toBe('1 juillet 2025 à 19 h 00');
  });

  it('PLAT-01 rejects a value that is not a date-time', () => {
    expect(() => formatDateTime('demain', 'America/Toronto', 'fr')).toThrow(RangeError);
  });
});

describe('formatDate', () => {
  it('PLAT-01 gives the venue day, weekday included, in both locales', () => {
    expect(formatDate('2025-03-15T00:30:00Z', 'America/Toronto', 'fr')).toBe('vendredi 14 mars 2025');
    expect(formatDate('2025-03-15T00:30:00Z', 'America/Toronto', 'en')).toBe('Friday, March 14, 2025');
    expect(formatDate('2025-03-15T00:30:00Z', 'Europe/Paris', 'fr')).toBe('samedi 15 mars 2025');
  });
});
